//! Typed reading of front matter, field by field, collecting every problem.
//!
//! Why not serde: a derive stops at the first error and knows neither the
//! position of a missing field nor the nearest valid name of an unknown one.
//! Reading field by field from the spanned [`Node`] tree lets one pass report
//! every missing, mistyped and misspelt field of a file, each pointing at the
//! value, in the site's language, with an example in the file's own syntax.

use std::ops::Range;

use jiff::civil::Date;

use super::value::{Node, NodeKind, Table};
use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::model::{LevelOf, Spanned};
use crate::slug::nearest;
use crate::tr;

/// The syntax a file's front matter was written in, for examples in help.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Yaml,
}

/// One file being read: where it is, and the problems found so far.
pub struct FileCtx<'a> {
    pub file: &'a str,
    pub lang: Lang,
    pub syntax: Syntax,
    pub diagnostics: Vec<Diagnostic>,
    /// The file had a syntax error: what was read around it is still
    /// checked, but a field may be "missing" only because the error ate it.
    pub recovering: bool,
    /// Where the Markdown body starts in the file, in bytes.
    pub body_at: usize,
}

impl<'a> FileCtx<'a> {
    pub fn new(file: &'a str, lang: Lang, syntax: Syntax) -> Self {
        FileCtx {
            file,
            lang,
            syntax,
            diagnostics: Vec::new(),
            recovering: false,
            body_at: 0,
        }
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// `field = value` or `field: value`, as the file would say it.
    pub fn example(&self, field: &str, value: &str) -> String {
        match self.syntax {
            Syntax::Toml => format!("{field} = {value}"),
            Syntax::Yaml => format!("{field}: {}", value.replace(" = ", ": ")),
        }
    }
}

/// Field names French authors may write, mapped to the contract's names.
const FIELD_SYNONYMS: &[(&str, &str)] = &[
    ("nom", "name"),
    ("titre", "title"),
    ("competences", "competencies"),
    ("competence", "competency"),
    ("capacite", "capacity"),
    ("langues", "languages"),
    ("langue", "language"),
    ("lieu", "location"),
    ("ville", "location"),
    ("a-distance", "remote"),
    ("distanciel", "remote"),
    ("disponibilites", "availability"),
    ("disponibilite", "availability"),
    ("objectifs", "goals"),
    ("echeance", "due"),
    ("niveau", "level"),
    ("niveaux", "levels"),
    ("cible", "target"),
    ("bloc", "block"),
    ("blocs", "blocks"),
    ("echelle", "scale"),
    ("heures", "hours"),
    ("duree", "hours"),
    ("preuves", "evidence"),
    ("valide-par", "validated_by"),
    ("signe-par", "validated_by"),
    ("retour", "feedback"),
    ("commentaire", "feedback"),
    ("brouillon", "draft"),
    ("poids", "weight"),
    ("ordre", "weight"),
    ("debut", "started"),
    ("date-debut", "started"),
    ("cohorte", "cohort"),
    ("promotion", "cohort"),
    ("visibilite", "visibility"),
    ("recherche", "seeking"),
    ("besoins", "seeking"),
    ("type", "kind"),
    ("genre", "kind"),
    ("competences-visees", "targets"),
    ("accroche", "headline"),
    ("employeur", "employer"),
    ("entreprise", "employer"),
    ("diplome", "qualification"),
    ("certification", "qualification"),
    ("objectifs-atteints", "goals_met"),
];

/// What a field should hold, to say so when it does not.
#[derive(Clone, Copy, Debug)]
pub enum Expected {
    Text,
    Integer,
    Number,
    Bool,
    Date,
    List,
    Table,
}

impl Expected {
    fn describe(self, lang: Lang) -> String {
        match self {
            Expected::Text => tr!(lang, "un texte entre guillemets", "a text in quotes"),
            Expected::Integer => tr!(lang, "un nombre entier", "a whole number"),
            Expected::Number => tr!(lang, "un nombre", "a number"),
            Expected::Bool => tr!(lang, "true ou false", "true or false"),
            Expected::Date => tr!(lang, "une date AAAA-MM-JJ", "a date YYYY-MM-DD"),
            Expected::List => tr!(lang, "une liste entre crochets", "a list in brackets"),
            Expected::Table => tr!(lang, "une table de valeurs", "a table of values"),
        }
    }

    fn sample(self) -> &'static str {
        match self {
            Expected::Text => "\"…\"",
            Expected::Integer => "3",
            Expected::Number => "6.5",
            Expected::Bool => "true",
            Expected::Date => "2026-09-03",
            Expected::List => "[\"…\"]",
            Expected::Table => "{ … }",
        }
    }
}

fn describe_found(node: &Node, lang: Lang) -> String {
    match &node.kind {
        NodeKind::Str(s) => tr!(lang, "un texte ({s:?})", "a text ({s:?})"),
        NodeKind::Int(i) => tr!(lang, "le nombre entier {i}", "the whole number {i}"),
        NodeKind::Float(f) => tr!(lang, "le nombre {f}", "the number {f}"),
        NodeKind::Bool(b) => tr!(lang, "la valeur {b}", "the value {b}"),
        NodeKind::Datetime { text, .. } => tr!(lang, "la date {text}", "the date {text}"),
        NodeKind::Array(_) => tr!(lang, "une liste", "a list"),
        NodeKind::Table(_) => tr!(lang, "une table", "a table"),
        NodeKind::Null => tr!(lang, "une valeur vide", "an empty value"),
        NodeKind::Unsupported(t) => tr!(
            lang,
            "une valeur illisible ({t})",
            "an unreadable value ({t})"
        ),
    }
}

/// Reports that `node` is not what `field` should hold.
pub fn wrong_type(cx: &mut FileCtx, node: &Node, field: &str, expected: Expected) {
    if matches!(&node.kind, NodeKind::Unsupported(t) if t.is_empty()) {
        return; // What a syntax error left behind: that error was reported.
    }
    let lang = cx.lang;
    let leaf = leaf(field);
    let q = lang.quote(leaf);
    let want = expected.describe(lang);
    let found = describe_found(node, lang);
    // A value written in quotes that would be right without them.
    let unquoted = match (&node.kind, expected) {
        (NodeKind::Str(s), Expected::Integer) if s.trim().parse::<i64>().is_ok() => {
            Some(s.trim().to_string())
        }
        (NodeKind::Str(s), Expected::Number) if parse_decimal(s).is_some() => {
            parse_decimal(s).map(|x| x.to_string())
        }
        (NodeKind::Str(s), Expected::Bool) => yes_no(s).map(|b| b.to_string()),
        _ => None,
    };
    let help = match unquoted {
        Some(v) => {
            let example = cx.example(leaf, &v);
            match cx.syntax {
                Syntax::Toml => tr!(
                    lang,
                    "écrivez la valeur sans guillemets : {example}",
                    "write the value without quotes: {example}"
                ),
                // YAML reads `yes` or `6,5` as text even without quotes.
                Syntax::Yaml => tr!(
                    lang,
                    "écrivez-la ainsi : {example}",
                    "write it as: {example}"
                ),
            }
        }
        None => {
            let example = cx.example(leaf, expected.sample());
            tr!(lang, "par exemple : {example}", "for example: {example}")
        }
    };
    cx.push(
        Diagnostic::error(
            "wrong-type",
            tr!(
                lang,
                "le champ {q} doit être {want}",
                "field {q} must be {want}"
            ),
        )
        .at(cx.file, node.span.clone())
        .field(field)
        .label(tr!(lang, "ceci est {found}", "this is {found}"))
        .help(help),
    );
}

/// "2026-09-03" → a date; the message names what is wrong with other text.
pub fn parse_date(text: &str) -> Result<Date, DateProblem> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let well_formed = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed {
        return Err(DateProblem::Shape);
    }
    let n = |p: &str| p.parse::<i16>().unwrap_or(0);
    Date::new(n(parts[0]), n(parts[1]) as i8, n(parts[2]) as i8).map_err(|_| DateProblem::NoSuchDay)
}

/// "03/09/2026" (day/month/year, as French authors write it) → "2026-09-03".
pub fn day_month_year(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.trim().split(['/', '.']).collect();
    match parts.as_slice() {
        [d, m, y] if d.len() <= 2 && m.len() <= 2 && y.len() == 4 => {
            let (d, m): (u8, u8) = (d.parse().ok()?, m.parse().ok()?);
            let y: i16 = y.parse().ok()?;
            Date::new(y, m as i8, d as i8)
                .ok()
                .map(|date| date.to_string())
        }
        _ => None,
    }
}

pub enum DateProblem {
    /// Not written YYYY-MM-DD ("03/09/2026", "3 septembre").
    Shape,
    /// Well written but not in the calendar (2026-02-30).
    NoSuchDay,
}

/// "6,5" and "6.5" both read as 6.5: French authors write a decimal comma.
fn parse_decimal(text: &str) -> Option<f64> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
}

fn yes_no(text: &str) -> Option<bool> {
    match crate::slug::slugify(text).as_str() {
        "true" | "oui" | "vrai" | "yes" => Some(true),
        "false" | "non" | "faux" | "no" => Some(false),
        _ => None,
    }
}

fn leaf(field: &str) -> &str {
    field.rsplit('.').next().unwrap_or(field)
}

/// Reads the fields of one table (a whole front matter, or one `[[goals]]`),
/// remembering which were read so the others can be reported as unknown.
pub struct Fields<'t> {
    table: &'t Table,
    /// Where a missing field is reported: the front matter's opening line,
    /// or the `[[goals]]` header.
    anchor: Range<usize>,
    /// "goals[2]." inside a nested table, "" at the top.
    prefix: String,
    known: &'static [&'static str],
    used: Vec<bool>,
}

impl<'t> Fields<'t> {
    pub fn new(table: &'t Table, anchor: Range<usize>, known: &'static [&'static str]) -> Self {
        Fields {
            table,
            anchor,
            prefix: String::new(),
            known,
            used: vec![false; table.entries.len()],
        }
    }

    /// Fields of a table inside this one (`goals[2]`), reported with that path.
    pub fn nested(
        table: &'t Table,
        anchor: Range<usize>,
        prefix: String,
        known: &'static [&'static str],
    ) -> Self {
        Fields {
            prefix,
            ..Fields::new(table, anchor, known)
        }
    }

    fn path(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// The value of a field, if written (YAML `~` counts as not written).
    fn take(&mut self, name: &str) -> Option<&'t Node> {
        let index = self
            .table
            .entries
            .iter()
            .position(|(k, _)| k.name == name)?;
        self.used[index] = true;
        let node = &self.table.entries[index].1;
        (!matches!(node.kind, NodeKind::Null)).then_some(node)
    }

    fn missing(&self, cx: &mut FileCtx, name: &str, sample: &str) {
        if cx.recovering {
            return;
        }
        let lang = cx.lang;
        let q = lang.quote(name);
        let example = cx.example(name, sample);
        cx.push(
            Diagnostic::error(
                "missing-field",
                tr!(
                    lang,
                    "il manque le champ obligatoire {q}",
                    "missing required field {q}"
                ),
            )
            .at(cx.file, self.anchor.clone())
            .field(self.path(name))
            .label(tr!(lang, "{q} manque ici", "{q} is missing here"))
            .help(tr!(
                lang,
                "ajoutez une ligne, par exemple : {example}",
                "add a line, for example: {example}"
            )),
        );
    }

    /// A required field: reports it missing, with `sample` as the example value.
    pub fn required<T>(
        &mut self,
        cx: &mut FileCtx,
        name: &str,
        sample: &str,
        read: impl FnOnce(&mut FileCtx, &'t Node, &str) -> Option<T>,
    ) -> Option<T> {
        match self.take(name) {
            Some(node) => read(cx, node, &self.path(name)),
            None => {
                self.missing(cx, name, sample);
                None
            }
        }
    }

    /// An optional field: `None` when absent or wrong (the error is reported).
    pub fn optional<T>(
        &mut self,
        cx: &mut FileCtx,
        name: &str,
        read: impl FnOnce(&mut FileCtx, &'t Node, &str) -> Option<T>,
    ) -> Option<T> {
        let node = self.take(name)?;
        read(cx, node, &self.path(name))
    }

    /// Accepts these fields without reading them: other tools' keys that
    /// mean nothing here.
    pub fn tolerate(&mut self, names: &[&str]) {
        for ((key, _), used) in self.table.entries.iter().zip(self.used.iter_mut()) {
            if names.contains(&key.name.as_str()) {
                *used = true;
            }
        }
    }

    /// Warns about every field that no reader asked for.
    pub fn finish(self, cx: &mut FileCtx) {
        let lang = cx.lang;
        for ((key, _), used) in self.table.entries.iter().zip(&self.used) {
            // `extra` is where a site keeps its own data, as in Zola.
            if *used || key.name == "extra" {
                continue;
            }
            let q = lang.quote(&key.name);
            let help = match nearest(&key.name, self.known.iter().copied(), FIELD_SYNONYMS) {
                Some(valid) => {
                    let v = lang.quote(valid);
                    tr!(lang, "vouliez-vous dire {v} ?", "did you mean {v}?")
                }
                None => {
                    let list = self.known.join(", ");
                    tr!(
                        lang,
                        "les champs lus ici sont : {list} ; mettez vos propres données sous [extra]",
                        "the fields read here are: {list}; keep your own data under [extra]"
                    )
                }
            };
            cx.push(
                Diagnostic::warning(
                    "unknown-field",
                    tr!(lang, "champ inconnu {q}", "unknown field {q}"),
                )
                .at(cx.file, key.span.clone())
                .field(self.path(&key.name))
                .label(tr!(
                    lang,
                    "compagnon ne lit pas ce champ",
                    "compagnon does not read this field"
                ))
                .help(help),
            );
        }
    }
}

// ---- Readers for one value. Each reports its own problem and returns None. ----

pub fn text(cx: &mut FileCtx, node: &Node, field: &str) -> Option<Spanned<String>> {
    match &node.kind {
        NodeKind::Str(s) => {
            if let Some(c) = s.chars().find(|&c| is_stray_control(c)) {
                let problem = control_character(cx.lang, c)
                    .at(cx.file, node.span.clone())
                    .field(field);
                cx.push(problem);
                return None;
            }
            Some(Spanned::new(s.clone(), node.span.clone()))
        }
        _ => {
            wrong_type(cx, node, field, Expected::Text);
            None
        }
    }
}

/// A control character that is not text (tab, line break and carriage
/// return are): NUL, ESC, BEL… They make feeds ill-formed XML, reach pages
/// and terminals, and show nowhere: usually pasted by accident.
pub fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The error for a control character in a text (a field or a page's body).
pub fn control_character(lang: Lang, c: char) -> Diagnostic {
    let code = format!("U+{:04X}", c as u32);
    Diagnostic::error(
        "control-character",
        tr!(
            lang,
            "caractère de contrôle invisible ({code}) dans le texte",
            "invisible control character ({code}) in the text"
        ),
    )
    .label(tr!(
        lang,
        "ce caractère ne s'affiche pas et casse les flux Atom",
        "this character does not show and breaks Atom feeds"
    ))
    .help(tr!(
        lang,
        "supprimez-le (il vient souvent d'un copier-coller) : retapez le texte autour",
        "remove it (it often comes from copy and paste): retype the text around it"
    ))
}

/// A text that must not be blank (a name, a title).
pub fn non_empty_text(cx: &mut FileCtx, node: &Node, field: &str) -> Option<Spanned<String>> {
    let value = text(cx, node, field)?;
    if value.value.trim().is_empty() {
        let lang = cx.lang;
        let q = lang.quote(leaf(field));
        cx.push(
            Diagnostic::error(
                "empty-field",
                tr!(lang, "le champ {q} est vide", "field {q} is empty"),
            )
            .at(cx.file, node.span.clone())
            .field(field)
            .label(tr!(
                lang,
                "un texte est attendu ici",
                "a text is expected here"
            ))
            .help(tr!(
                lang,
                "écrivez une valeur entre les guillemets",
                "write a value between the quotes"
            )),
        );
        return None;
    }
    Some(value)
}

pub fn integer(cx: &mut FileCtx, node: &Node, field: &str) -> Option<Spanned<i64>> {
    match &node.kind {
        NodeKind::Int(i) => Some(Spanned::new(*i, node.span.clone())),
        _ => {
            wrong_type(cx, node, field, Expected::Integer);
            None
        }
    }
}

/// A whole number that may not be negative (a capacity, a count).
pub fn count(cx: &mut FileCtx, node: &Node, field: &str) -> Option<Spanned<i64>> {
    let value = integer(cx, node, field)?;
    if value.value < 0 {
        negative(cx, node, field);
        return None;
    }
    Some(value)
}

fn negative(cx: &mut FileCtx, node: &Node, field: &str) {
    let lang = cx.lang;
    let q = lang.quote(leaf(field));
    cx.push(
        Diagnostic::error(
            "negative",
            tr!(
                lang,
                "le champ {q} ne peut pas être négatif",
                "field {q} cannot be negative"
            ),
        )
        .at(cx.file, node.span.clone())
        .field(field)
        .label(tr!(lang, "nombre négatif", "negative number"))
        .help(tr!(lang, "écrivez 0 ou plus", "write 0 or more")),
    );
}

/// The largest amount (hours, weights): sums over a whole programme stay
/// exact and finite.
const MAX_AMOUNT: f64 = 1e9;

/// A number of hours or a weight: integer or decimal, not negative.
pub fn amount(cx: &mut FileCtx, node: &Node, field: &str) -> Option<Spanned<f64>> {
    let value = match &node.kind {
        NodeKind::Int(i) => *i as f64,
        NodeKind::Float(f) => *f,
        _ => {
            wrong_type(cx, node, field, Expected::Number);
            return None;
        }
    };
    if value < 0.0 {
        negative(cx, node, field);
        return None;
    }
    if !value.is_finite() || value > MAX_AMOUNT {
        let lang = cx.lang;
        let q = lang.quote(leaf(field));
        cx.push(
            Diagnostic::error(
                "too-large",
                tr!(
                    lang,
                    "le champ {q} n'est pas un nombre utilisable",
                    "field {q} is not a usable number"
                ),
            )
            .at(cx.file, node.span.clone())
            .field(field)
            .label(tr!(
                lang,
                "infini, « pas un nombre » ou plus d'un milliard",
                "infinite, \"not a number\" or over a billion"
            ))
            .help(tr!(
                lang,
                "écrivez un nombre d'heures ou un poids ordinaire, par exemple 3.5",
                "write an ordinary number of hours or weight, for example 3.5"
            )),
        );
        return None;
    }
    Some(Spanned::new(value, node.span.clone()))
}

pub fn boolean(cx: &mut FileCtx, node: &Node, field: &str) -> Option<bool> {
    match &node.kind {
        NodeKind::Bool(b) => Some(*b),
        _ => {
            wrong_type(cx, node, field, Expected::Bool);
            None
        }
    }
}

pub fn date(cx: &mut FileCtx, node: &Node, field: &str) -> Option<Spanned<Date>> {
    let lang = cx.lang;
    let q = lang.quote(leaf(field));
    let (problem, written) = match &node.kind {
        NodeKind::Datetime { date: Some(d), .. } => {
            return Some(Spanned::new(*d, node.span.clone()));
        }
        NodeKind::Datetime { date: None, text } if text.is_empty() => return None,
        NodeKind::Datetime { date: None, text } => (DateProblem::Shape, text.clone()),
        NodeKind::Str(s) => match parse_date(s) {
            Ok(d) => return Some(Spanned::new(d, node.span.clone())),
            Err(problem) => (problem, s.clone()),
        },
        _ => {
            wrong_type(cx, node, field, Expected::Date);
            return None;
        }
    };
    let example = cx.example(
        leaf(field),
        &day_month_year(&written).unwrap_or_else(|| "2026-09-03".into()),
    );
    let diagnostic = match problem {
        DateProblem::Shape => Diagnostic::error(
            "invalid-date",
            tr!(
                lang,
                "le champ {q} n'est pas une date lisible",
                "field {q} is not a readable date"
            ),
        )
        .label(tr!(
            lang,
            "« {written} » n'est pas au format AAAA-MM-JJ",
            "\"{written}\" is not in the YYYY-MM-DD form"
        ))
        .help(tr!(
            lang,
            "écrivez l'année, le mois et le jour avec des tirets, par exemple : {example}",
            "write the year, month and day with hyphens, for example: {example}"
        )),
        DateProblem::NoSuchDay => Diagnostic::error(
            "invalid-date",
            tr!(
                lang,
                "la date {written} n'existe pas",
                "the date {written} does not exist"
            ),
        )
        .label(tr!(
            lang,
            "ce jour n'est pas dans le calendrier",
            "this day is not in the calendar"
        ))
        .help(tr!(
            lang,
            "vérifiez le mois (01 à 12) et le jour du mois",
            "check the month (01 to 12) and the day of the month"
        )),
    };
    cx.push(diagnostic.at(cx.file, node.span.clone()).field(field));
    None
}

pub fn list<'n, T>(
    cx: &mut FileCtx,
    node: &'n Node,
    field: &str,
    mut each: impl FnMut(&mut FileCtx, &'n Node, &str) -> Option<T>,
) -> Option<Vec<T>> {
    match &node.kind {
        NodeKind::Array(items) => Some(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| each(cx, item, &format!("{field}[{}]", i + 1)))
                .collect(),
        ),
        _ => {
            wrong_type(cx, node, field, Expected::List);
            None
        }
    }
}

pub fn table<'n>(cx: &mut FileCtx, node: &'n Node, field: &str) -> Option<&'n Table> {
    match &node.kind {
        NodeKind::Table(t) => Some(t),
        _ => {
            wrong_type(cx, node, field, Expected::Table);
            None
        }
    }
}

/// A table `competency-id = level`, as in `skills` or `competencies`.
/// Ids and levels are checked against the framework later, in `check`.
pub fn levels(cx: &mut FileCtx, node: &Node, field: &str) -> Option<Vec<LevelOf>> {
    let t = table(cx, node, field)?;
    Some(
        t.entries
            .iter()
            .filter_map(|(key, value)| {
                let level = integer(cx, value, &format!("{field}.{}", key.name))?;
                Some((Spanned::new(key.name.clone(), key.span.clone()), level))
            })
            .collect(),
    )
}

/// One of a fixed set of words; a misspelt or French word gets the nearest.
pub fn choice<T: Copy>(
    cx: &mut FileCtx,
    node: &Node,
    field: &str,
    names: &[&'static str],
    values: &[T],
    synonyms: &[(&str, &str)],
) -> Option<T> {
    let written = text(cx, node, field)?;
    if let Some(i) = names.iter().position(|n| *n == written.value) {
        return Some(values[i]);
    }
    invalid_choice(
        cx,
        node,
        field,
        &written.value,
        names,
        nearest(&written.value, names.iter().copied(), synonyms),
    );
    None
}

/// A list of [`choice`]s: each item one of `names`, checked on its own.
pub fn choices<T: Copy>(
    cx: &mut FileCtx,
    node: &Node,
    field: &str,
    names: &[&'static str],
    values: &[T],
    synonyms: &[(&str, &str)],
) -> Option<Vec<T>> {
    list(cx, node, field, |cx, item, item_field| {
        choice(cx, item, item_field, names, values, synonyms)
    })
}

/// Reports a value that is not among `names`, with the nearest one if any.
pub fn invalid_choice(
    cx: &mut FileCtx,
    node: &Node,
    field: &str,
    written: &str,
    names: &[&str],
    suggestion: Option<&str>,
) {
    let lang = cx.lang;
    let q = lang.quote(leaf(field));
    let w = lang.quote(written);
    let list = names.join(", ");
    let help = match suggestion {
        Some(s) => {
            let s = lang.quote(s);
            tr!(
                lang,
                "vouliez-vous dire {s} ? (valeurs possibles : {list})",
                "did you mean {s}? (possible values: {list})"
            )
        }
        None => tr!(
            lang,
            "valeurs possibles : {list}",
            "possible values: {list}"
        ),
    };
    cx.push(
        Diagnostic::error(
            "invalid-value",
            tr!(
                lang,
                "valeur {w} inconnue pour le champ {q}",
                "unknown value {w} for field {q}"
            ),
        )
        .at(cx.file, node.span.clone())
        .field(field)
        .label(tr!(lang, "valeur non reconnue", "value not recognised"))
        .help(help),
    );
}
