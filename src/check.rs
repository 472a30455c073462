//! The rules that span files: references resolve, levels sit on the scale,
//! evidence exists, mentors are within capacity, check-ins keep the rhythm.
//!
//! Each file was already read field by field (`load`); here the whole site is
//! known, so every id can be compared with the ids that exist and the nearest
//! one suggested. After this stage the model is known good.
//!
//! References are resolved by the same [`Links`] derive computes for render
//! and the matching, and the check-in rhythm is judged by derive's own rule:
//! what check lets through is exactly what the later stages read, and a
//! warning never disagrees with the progress pages.

mod handbook;

use std::borrow::Cow;
use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::derive::{Links, checkins_missed, regularity};
use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::model::{Apprentice, Entry, EntryKind, Evidence, LevelOf, Rhythm, Site, Spanned};
use crate::render::plan::Claim;
use crate::slug::{is_slug, nearest, slugify};
use crate::tr;

/// What a build leaves out (`draft = true`, without `--drafts`): a live
/// file citing one of them is an error, since the build could not link it.
#[derive(Debug, Default)]
pub struct Drafts {
    /// Slug → file of each draft mentor.
    pub mentors: BTreeMap<String, String>,
    /// Id → file of each draft competency.
    pub competencies: BTreeMap<String, String>,
}

/// Every cross-file problem of a site (drafts already left out, listed in
/// `drafts`), judged on `today`.
pub fn check(
    site: &Site,
    links: &Links,
    drafts: &Drafts,
    today: Date,
    lang: Lang,
) -> Vec<Diagnostic> {
    let mut checker = Checker {
        site,
        drafts,
        lang,
        today,
        links,
        out: Vec::new(),
    };
    checker.competencies();
    checker.mentors();
    for index in 0..site.apprentices.len() {
        checker.apprentice(index);
    }
    checker.capacity();
    checker.links_to_hidden_portfolios();
    checker.far_dates();
    handbook::problems(site, links, lang, &mut checker.out);
    checker.out
}

/// The folder of the site a link written on the page at `dir` leads to,
/// `/`-separated and without `..`; None for another site, an e-mail…
fn site_path(dest: &str, dir: &str, base: &url::Url) -> Option<String> {
    let dest = dest.split(['#', '?']).next().unwrap_or_default();
    let base_text = base.as_str();
    let base_path = base.path().trim_start_matches('/');
    let joined = if let Some(inside) = dest.strip_prefix(base_text) {
        inside.to_string()
    } else if dest.contains(':') {
        return None;
    } else if let Some(absolute) = dest.strip_prefix('/') {
        absolute
            .strip_prefix(base_path)
            .unwrap_or(absolute)
            .to_string()
    } else {
        format!("{dir}{dest}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The kinds of things a field may refer to by id.
#[derive(Clone, Copy)]
enum Target {
    Mentor,
    Competency,
    Block,
    Goal,
}

/// A programme whose `start` and `end` are further apart is an error.
const MAX_PROGRAMME_YEARS: i16 = 100;

/// Whether `text` is `date` written as `YYYY-MM-DD`, compared without
/// parsing (most entry files are named by their day, and a rebuild of
/// `serve` looks at every one of them).
fn names_day(text: &str, date: Date) -> bool {
    let digits = |n: i64, width: usize| -> [u8; 4] {
        let mut out = [b'0'; 4];
        let mut n = n;
        for i in (4 - width..4).rev() {
            out[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        out
    };
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[..4] == digits(i64::from(date.year()), 4)
        && bytes[5..7] == digits(i64::from(date.month()), 2)[2..]
        && bytes[8..] == digits(i64::from(date.day()), 2)[2..]
}
/// Dates more years than this before the programme's first year or after
/// its last are warned about.
const FAR_YEARS: i16 = 5;

/// Evidence that a browser runs as part of the site (scripts, pages, SVG
/// with scripts), in the site's origin and past the Markdown sanitiser.
const ACTIVE_EVIDENCE: [&str; 10] = [
    "html", "htm", "xhtml", "xht", "shtml", "svg", "svgz", "xml", "js", "mjs",
];

struct Checker<'s> {
    site: &'s Site,
    drafts: &'s Drafts,
    lang: Lang,
    today: Date,
    /// Looked up once per reference (hundreds of thousands on a large site).
    links: &'s Links,
    out: Vec<Diagnostic>,
}

impl<'s> Checker<'s> {
    fn scale(&self) -> Option<&'s [String]> {
        self.site.framework.as_ref().map(|f| f.scale.as_slice())
    }

    fn competencies(&mut self) {
        let site = self.site;
        for competency in &site.competencies {
            if let Some(framework) = &site.framework
                && !competency.block.value.is_empty()
                && self.links.block(&competency.block.value).is_none()
            {
                // In the framework's order, as its author reads them.
                let blocks: Vec<(&str, &str)> = framework
                    .blocks
                    .iter()
                    .map(|b| (b.id.value.as_str(), framework.file.as_str()))
                    .collect();
                self.unknown(
                    Target::Block,
                    &competency.file,
                    &competency.block,
                    "block",
                    &blocks,
                );
            }
            self.level(&competency.file, &competency.target, "target");
            for (level, _) in &competency.levels {
                let field = format!("levels.{}", level.value);
                self.level(&competency.file, level, &field);
            }
        }
    }

    fn mentors(&mut self) {
        let site = self.site;
        let lang = self.lang;
        for mentor in &site.mentors {
            self.levels_of(&mentor.file, &mentor.skills, "skills");
            if let Some(photo) = &mentor.photo
                && !site.static_files.contains(&photo.value)
            {
                let p = lang.quote(&photo.value);
                let help = match nearest(
                    &photo.value,
                    site.static_files.iter().map(String::as_str),
                    &[],
                ) {
                    Some(near) => {
                        let near = lang.quote(near);
                        tr!(
                            lang,
                            "vouliez-vous dire {near} ? (chemin dans static/)",
                            "did you mean {near}? (path inside static/)"
                        )
                    }
                    None => tr!(
                        lang,
                        "placez la photo dans static/{x} ; le chemin se lit depuis static/",
                        "put the photo at static/{x}; the path is read from static/",
                        x = photo.value
                    ),
                };
                self.out.push(
                    Diagnostic::error(
                        "missing-file",
                        tr!(lang, "photo introuvable : {p}", "photo not found: {p}"),
                    )
                    .at(&mentor.file, photo.span.clone())
                    .field("photo")
                    .label(tr!(
                        lang,
                        "aucun fichier static/{x}",
                        "no file static/{x}",
                        x = photo.value
                    ))
                    .help(help),
                );
            }
            if mentor.show_contact && mentor.contact.is_none() {
                self.out.push(
                    Diagnostic::warning(
                        "contact-missing",
                        tr!(
                            lang,
                            "show_contact = true mais aucun contact n'est donné",
                            "show_contact = true but no contact is given"
                        ),
                    )
                    .in_file(&mentor.file)
                    .field("show_contact")
                    .help(tr!(
                        lang,
                        "ajoutez par exemple : contact = \"prenom.nom@example.org\"",
                        "add for example: contact = \"first.last@example.org\""
                    )),
                );
            }
        }
    }

    fn apprentice(&mut self, index: usize) {
        let (lang, site) = (self.lang, self.site);
        let apprentice = &site.apprentices[index];
        let file = apprentice.file.as_str();
        if let Some(mentor) = &apprentice.mentor {
            self.mentor_ref(self.links.mentor_of[index], file, mentor, "mentor");
        }
        self.levels_of(file, &apprentice.targets, "targets");
        for (i, sought) in apprentice.seeking.iter().enumerate() {
            self.competency_ref(file, sought, &format!("seeking[{}]", i + 1));
        }
        let cohort = &apprentice.cohort;
        if !is_slug(&cohort.value) {
            let (q, s) = (
                lang.quote(&cohort.value),
                lang.quote(&slugify(&cohort.value)),
            );
            self.out.push(
                Diagnostic::error(
                    "invalid-slug",
                    tr!(
                        lang,
                        "le nom de cohorte {q} ne peut pas servir d'adresse",
                        "cohort name {q} cannot be used in an address"
                    ),
                )
                .at(file, cohort.span.clone())
                .field("cohort")
                .label(tr!(
                    lang,
                    "la cohorte a sa page /progress/<cohorte>/",
                    "the cohort has its page /progress/<cohort>/"
                ))
                .help(tr!(
                    lang,
                    "écrivez-le en minuscules sans accent ni espace : {s}",
                    "write it in lowercase without accents or spaces: {s}"
                )),
            );
        }
        let mut titles: Vec<&str> = Vec::new();
        for (i, goal) in apprentice.goals.iter().enumerate() {
            if let Some((competency, level)) = &goal.competency {
                self.competency_ref(file, competency, &format!("goals[{}].competency", i + 1));
                self.level(file, level, &format!("goals[{}].level", i + 1));
            }
            if !goal.title.value.is_empty() && titles.contains(&goal.title.value.as_str()) {
                let q = lang.quote(&goal.title.value);
                self.out.push(
                    Diagnostic::error("duplicate-goal", tr!(lang, "deux objectifs s'intitulent {q}", "two goals are titled {q}"))
                        .at(file, goal.title.span.clone())
                        .field(format!("goals[{}].title", i + 1))
                        .label(tr!(lang, "titre déjà utilisé", "title already used"))
                        .help(tr!(lang, "les entrées citent les objectifs par leur titre (goals_met) : donnez à chacun un titre distinct", "entries cite goals by title (goals_met): give each one a distinct title")),
                );
            }
            titles.push(&goal.title.value);
        }
        for entry in 0..apprentice.entries.len() {
            self.entry(index, entry);
        }
        if !apprentice.draft {
            self.checkin_rhythm(apprentice);
        }
    }

    fn entry(&mut self, index: usize, entry_index: usize) {
        let (lang, site) = (self.lang, self.site);
        let apprentice = &site.apprentices[index];
        let entry = &apprentice.entries[entry_index];
        let file = entry.file(&apprentice.slug);
        let file = file.as_str();
        self.levels_of(file, &entry.competencies, "competencies");
        for (i, evidence) in entry.evidence.iter().enumerate() {
            if let Evidence::File(path) = &evidence.value {
                self.evidence_file(apprentice, entry, path, evidence, i);
            }
        }
        let signed_by = self.links.validated_by[index][entry_index];
        let own_mentor = self.links.mentor_of[index];
        if let Some(by) = &entry.validated_by
            && self.mentor_ref(signed_by, file, by, "validated_by")
            && match &apprentice.mentor {
                None => true,
                // An unknown own mentor is already an error; comparing with it says nothing.
                Some(_) => own_mentor.is_some_and(|own| Some(own) != signed_by),
            }
        {
            let q = lang.quote(&by.value);
            let name = &apprentice.name;
            let (label, help) = match &apprentice.mentor {
                Some(own) => {
                    let own = lang.quote(&own.value);
                    (
                        tr!(
                            lang,
                            "le mentor de {name} est {own}",
                            "{name}'s mentor is {own}"
                        ),
                        tr!(
                            lang,
                            "si c'est une erreur, écrivez validated_by = {own} ; sinon, rien à faire",
                            "if this is a mistake, write validated_by = {own}; otherwise nothing to do"
                        ),
                    )
                }
                None => (
                    tr!(
                        lang,
                        "{name} n'a pas de mentor attitré",
                        "{name} has no assigned mentor"
                    ),
                    tr!(
                        lang,
                        "ajoutez mentor = {q} dans apprentices/{x}/_index.md si c'est son mentor",
                        "add mentor = {q} to apprentices/{x}/_index.md if this is their mentor",
                        x = apprentice.slug
                    ),
                ),
            };
            self.out.push(
                Diagnostic::warning(
                    "not-own-mentor",
                    tr!(
                        lang,
                        "entrée validée par {q}, qui n'est pas le mentor de l'apprenti",
                        "entry signed off by {q}, who is not the apprentice's mentor"
                    ),
                )
                .at(file, by.span.clone())
                .field("validated_by")
                .label(label)
                .help(help),
            );
        }
        let titles: Vec<(&str, &str)> = apprentice
            .goals
            .iter()
            .map(|g| (g.title.value.as_str(), apprentice.file.as_str()))
            .collect();
        for (i, met) in entry.goals_met.iter().enumerate() {
            if !titles.iter().any(|(t, _)| *t == met.value) {
                self.unknown(
                    Target::Goal,
                    file,
                    met,
                    &format!("goals_met[{}]", i + 1),
                    &titles,
                );
            }
        }
        self.entry_dates(apprentice, entry, file);
    }

    fn entry_dates(&mut self, apprentice: &Apprentice, entry: &Entry, file: &str) {
        let lang = self.lang;
        let date = entry.date.value;
        if date > self.today {
            let today = self.today;
            self.out.push(
                Diagnostic::warning("future-entry", tr!(lang, "entrée datée dans le futur ({date})", "entry dated in the future ({date})"))
                    .at(file, entry.date.span.clone())
                    .field("date")
                    .label(tr!(lang, "le jour de référence est le {today}", "the reference day is {today}"))
                    .help(tr!(lang, "vérifiez l'année et le mois ; une entrée se date du jour où le travail a été fait", "check the year and month; an entry is dated the day the work was done")),
            );
        } else if date < apprentice.started.value {
            let started = apprentice.started.value;
            self.out.push(
                Diagnostic::warning(
                    "entry-before-start",
                    tr!(
                        lang,
                        "entrée datée avant le début de l'apprentissage ({date})",
                        "entry dated before the apprenticeship started ({date})"
                    ),
                )
                .at(file, entry.date.span.clone())
                .field("date")
                .label(tr!(
                    lang,
                    "started = {started} dans la fiche de l'apprenti",
                    "started = {started} in the apprentice's profile"
                ))
                .help(tr!(
                    lang,
                    "vérifiez la date de l'entrée ou la date « started »",
                    "check the entry's date or the \"started\" date"
                )),
            );
        }
        let prefix = entry
            .slug
            .get(..10)
            .filter(|p| !names_day(p, date))
            .and_then(|p| crate::load::fields::parse_date(p).ok());
        if let Some(named) = prefix
            && named != date
        {
            self.out.push(
                Diagnostic::warning(
                    "date-mismatch",
                    tr!(
                        lang,
                        "le nom du fichier dit {named} mais l'entrée est datée du {date}",
                        "the file name says {named} but the entry is dated {date}"
                    ),
                )
                .at(file, entry.date.span.clone())
                .field("date")
                .label(tr!(lang, "date de l'entrée", "the entry's date"))
                .help(tr!(
                    lang,
                    "corrigez la date, ou renommez le fichier pour qu'il commence par {date}",
                    "fix the date, or rename the file so that it starts with {date}"
                )),
            );
        }
    }

    /// Dates years away from the programme: usually a typo in the year
    /// (`0226-09-01`), which would also make a portfolio of thousands of
    /// weeks. A warning with the date the author likely meant; a programme
    /// whose own dates span centuries is an error.
    fn far_dates(&mut self) {
        let (lang, site) = (self.lang, self.site);
        let programme = &site.config.programme;
        if let (Some(start), Some(end)) = (&programme.start, &programme.end) {
            let years = end.value.year() - start.value.year();
            if years > MAX_PROGRAMME_YEARS {
                self.out.push(
                    Diagnostic::error(
                        "programme-span",
                        tr!(
                            lang,
                            "le programme dure {years} ans",
                            "the programme lasts {years} years"
                        ),
                    )
                    .at("site.toml", end.span.clone())
                    .field("programme.end")
                    .label(tr!(
                        lang,
                        "du {s} au {e}",
                        "from {s} to {e}",
                        s = start.value,
                        e = end.value
                    ))
                    .help(tr!(
                        lang,
                        "vérifiez l'année de « start » et de « end »",
                        "check the year of \"start\" and \"end\""
                    )),
                );
                return;
            }
        }
        // The years dates are expected in, and a margin either side.
        let first = programme
            .start
            .as_ref()
            .map_or(self.today.year() - 10, |s| s.value.year());
        let last = programme
            .end
            .as_ref()
            .map_or(self.today.year() + 10, |e| e.value.year());
        // Only the far dates are kept (a programme holds hundreds of
        // thousands of dates); the field is named for those alone.
        let far = |date: &Spanned<Date>| {
            !(first - FAR_YEARS..=last + FAR_YEARS).contains(&date.value.year())
        };
        let mut dates: Vec<(Cow<str>, &Spanned<Date>, String)> = Vec::new();
        for a in &site.apprentices {
            if far(&a.started) {
                dates.push((a.file.as_str().into(), &a.started, "started".into()));
            }
            for (i, goal) in a.goals.iter().enumerate().filter(|(_, g)| far(&g.due)) {
                dates.push((
                    a.file.as_str().into(),
                    &goal.due,
                    format!("goals[{}].due", i + 1),
                ));
            }
            for e in a.entries.iter().filter(|e| far(&e.date)) {
                dates.push((e.file(&a.slug).into(), &e.date, "date".into()));
            }
        }
        for (file, date, field) in dates {
            let year = date.value.year();
            let likely = year.clamp(first, last);
            let meant = Date::new(likely, date.value.month(), date.value.day().min(28))
                .map_or_else(|_| likely.to_string(), |d| d.to_string());
            let (written, q) = (date.value, lang.quote(&meant));
            self.out.push(
                Diagnostic::warning(
                    "far-date",
                    tr!(
                        lang,
                        "la date {written} est loin du programme ({first}–{last})",
                        "date {written} is far from the programme ({first}–{last})"
                    ),
                )
                .at(&file, date.span.clone())
                .field(field)
                .label(tr!(
                    lang,
                    "une faute de frappe dans l'année ?",
                    "a typo in the year?"
                ))
                .help(tr!(lang, "vouliez-vous dire {q} ?", "did you mean {q}?")),
            );
        }
    }

    /// A link on a published page to a private apprentice's page publishes
    /// her slug (her name): an error. To an unlisted one's, from a public
    /// page: a warning, since unlisted pages are linked from nowhere. The
    /// same walk of the published texts warns of GitBook blocks that
    /// rendering keeps only the text of ([`Self::gitbook_tags`]).
    fn links_to_hidden_portfolios(&mut self) {
        use crate::model::Visibility;
        let site = self.site;
        let by_slug: BTreeMap<&str, &Apprentice> = site
            .apprentices
            .iter()
            .map(|a| (a.slug.as_str(), a))
            .collect();
        let mut out = Vec::new();
        // Without `](` or `]:` a text has no link to follow.
        let has_links = |body: &str| body.contains("](") || body.contains("]:");
        let mut scan = |file: &str, body: &str, body_at: usize, dir: &str, public: bool| {
            if has_links(body) {
                self.hidden_links(&by_slug, file, body, body_at, dir, public, &mut out);
            }
            if body.contains("{%") {
                self.gitbook_tags(file, body, body_at, &mut out);
            }
        };
        for page in &site.pages {
            let dir = crate::render::page_dir(page);
            scan(&page.file, &page.body, page.body_at, &dir, true);
        }
        if let Some(framework) = &site.framework {
            scan(
                &framework.file,
                &framework.body,
                framework.body_at,
                "competencies/",
                true,
            );
        }
        for c in &site.competencies {
            let dir = format!("competencies/{}/", c.id);
            scan(&c.file, &c.body, c.body_at, &dir, true);
        }
        for m in &site.mentors {
            let dir = format!("mentors/{}/", m.slug);
            scan(&m.file, &m.body, m.body_at, &dir, true);
        }
        for a in site
            .apprentices
            .iter()
            .filter(|a| a.visibility != Visibility::Private)
        {
            let public = a.visibility == Visibility::Public;
            let dir = format!("apprentices/{}/", a.slug);
            // Most entries hold neither: their names are not spelt out.
            for e in a
                .entries
                .iter()
                .filter(|e| has_links(&e.body) || e.body.contains("{%"))
            {
                let entry_dir = format!("{dir}{}/", e.slug);
                scan(&e.file(&a.slug), &e.body, e.body_at, &entry_dir, public);
            }
            scan(&a.file, &a.body, a.body_at, &dir, public);
        }
        self.out.extend(out);
    }

    /// The diagnostics of [`Self::links_to_hidden_portfolios`] for one text,
    /// written on the page at `dir`.
    #[allow(clippy::too_many_arguments)]
    fn hidden_links(
        &self,
        by_slug: &BTreeMap<&str, &Apprentice>,
        file: &str,
        body: &str,
        body_at: usize,
        dir: &str,
        public: bool,
        out: &mut Vec<Diagnostic>,
    ) {
        use crate::model::Visibility;
        let site = self.site;
        let lang = self.lang;
        for (at, dest) in crate::render::markdown::addresses(body) {
            let Some(path) = site_path(&dest, dir, &site.config.base_url) else {
                continue;
            };
            let mut parts = path.split('/');
            let (Some("apprentices"), Some(slug)) = (parts.next(), parts.next()) else {
                continue;
            };
            let Some(target) = by_slug.get(slug) else {
                continue;
            };
            let at = body_at + at;
            let name = &target.name;
            let diagnostic = match target.visibility {
                Visibility::Private => Diagnostic::error(
                    "link-to-private",
                    tr!(
                        lang,
                        "lien vers la page d'une apprentie ou d'un apprenti privé ({name})",
                        "link to a private apprentice's page ({name})"
                    ),
                )
                .label(tr!(
                    lang,
                    "le site n'a pas cette page, et l'adresse publierait son nom",
                    "the site has no such page, and the address would publish their name"
                ))
                .help(tr!(
                    lang,
                    "retirez le lien (et le nom, si la personne ne doit pas apparaître)",
                    "remove the link (and the name, if the person must not appear)"
                )),
                Visibility::Unlisted if public => Diagnostic::warning(
                    "link-to-unlisted",
                    tr!(
                        lang,
                        "lien public vers un portfolio non référencé ({name})",
                        "public link to an unlisted portfolio ({name})"
                    ),
                )
                .label(tr!(
                    lang,
                    "ce portfolio n'est lié de nulle part par choix",
                    "this portfolio is linked from nowhere on purpose"
                ))
                .help(tr!(
                    lang,
                    "retirez le lien, ou rendez le portfolio public (visibility = \"public\")",
                    "remove the link, or make the portfolio public (visibility = \"public\")"
                )),
                _ => continue,
            };
            out.push(diagnostic.at(file, at..at + 1));
        }
    }

    /// The GitBook tags of one published text that rendering drops,
    /// keeping the text around them (`markdown::odd_tags`): a block
    /// compagnon does not draw, a block never closed, an end tag that
    /// closes nothing.
    fn gitbook_tags(&self, file: &str, body: &str, body_at: usize, out: &mut Vec<Diagnostic>) {
        use crate::render::markdown::{Odd, odd_tags};
        let lang = self.lang;
        for tag in odd_tags(body) {
            let written = lang.quote(&body[tag.at..tag.at + tag.len]);
            let name = &tag.name;
            let diagnostic = match tag.why {
                // GitBook's reusable blocks: nothing to keep, and something
                // to copy.
                Odd::Unknown if name == "include" => Diagnostic::warning(
                    "gitbook-block",
                    tr!(
                        lang,
                        "bloc réutilisable {written} : compagnon ne l'insère pas",
                        "reusable block {written}: compagnon does not insert it"
                    ),
                )
                .label(tr!(
                    lang,
                    "rien ne sera affiché ici",
                    "nothing will show here"
                ))
                .help(tr!(
                    lang,
                    "copiez ici le texte du fichier qu'il nomme, ou remplacez la balise par un lien vers ce fichier",
                    "copy the text of the file it names here, or replace the tag with a link to that file"
                )),
                Odd::Unknown => Diagnostic::warning(
                    "gitbook-block",
                    tr!(
                        lang,
                        "bloc inconnu {written} : seul son texte sera gardé",
                        "unknown block {written}: only its text will be kept"
                    ),
                )
                .label(tr!(
                    lang,
                    "compagnon ne sait pas dessiner ce bloc",
                    "compagnon cannot draw this block"
                ))
                .help(tr!(
                    lang,
                    "compagnon dessine hint, tabs, tab, content-ref, embed, file, stepper, step et code ; retirez les balises {{% … %}} de ce bloc pour garder son texte sans avertissement",
                    "compagnon draws hint, tabs, tab, content-ref, embed, file, stepper, step and code; remove this block's {{% … %}} tags to keep its text without a warning"
                )),
                Odd::NotClosed => Diagnostic::warning(
                    "gitbook-block",
                    tr!(
                        lang,
                        "le bloc {written} n'est jamais fermé",
                        "block {written} is never closed"
                    ),
                )
                .label(tr!(
                    lang,
                    "il manque {{% end{name} %}} plus bas",
                    "{{% end{name} %}} is missing further down"
                ))
                .help(tr!(
                    lang,
                    "ajoutez {{% end{name} %}} là où le bloc finit ; d'ici là, la balise est ignorée et le texte gardé",
                    "add {{% end{name} %}} where the block ends; until then, the tag is ignored and the text kept"
                )),
                Odd::NotOpened => Diagnostic::warning(
                    "gitbook-block",
                    tr!(
                        lang,
                        "{written} ferme un bloc jamais ouvert",
                        "{written} closes a block never opened"
                    ),
                )
                .label(tr!(
                    lang,
                    "aucun {{% {name} %}} n'est ouvert avant",
                    "no {{% {name} %}} is open before it"
                ))
                .help(tr!(
                    lang,
                    "retirez cette balise, ou ouvrez le bloc plus haut par {{% {name} … %}}",
                    "remove this tag, or open the block above with {{% {name} … %}}"
                )),
            };
            let at = body_at + tag.at;
            out.push(diagnostic.at(file, at..at + tag.len));
        }
    }

    fn evidence_file(
        &mut self,
        apprentice: &Apprentice,
        entry: &Entry,
        path: &str,
        evidence: &Spanned<Evidence>,
        index: usize,
    ) {
        let lang = self.lang;
        let field = format!("evidence[{}]", index + 1);
        let p = lang.quote(path);
        let outside = path.starts_with('/')
            || path.contains('\\')
            || path.split('/').any(|part| part == ".." || part == ".");
        if outside {
            self.out.push(
                Diagnostic::error("evidence-outside", tr!(lang, "la preuve {p} est hors du dossier de l'apprenti", "evidence {p} is outside the apprentice's folder"))
                    .at(&entry.file(&apprentice.slug), evidence.span.clone())
                    .field(field)
                    .label(tr!(lang, "chemin non autorisé", "path not allowed"))
                    .help(tr!(lang, "placez le fichier dans apprentices/{x}/ et écrivez son nom seul, ou une adresse https://…", "put the file in apprentices/{x}/ and write its name alone, or an https://… address", x = apprentice.slug)),
            );
            return;
        }
        let extension = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if ACTIVE_EVIDENCE.contains(&extension.as_str()) && !self.site.config.markdown.unsafe_html {
            self.out.push(
                Diagnostic::error(
                    "evidence-active",
                    tr!(
                        lang,
                        "la preuve {p} pourrait exécuter du code dans le site",
                        "evidence {p} could run code in the site"
                    ),
                )
                .at(&entry.file(&apprentice.slug), evidence.span.clone())
                .field(field)
                .label(tr!(
                    lang,
                    "un fichier .{extension} s'ouvre comme une page du site, scripts compris",
                    "a .{extension} file opens as a page of the site, scripts included"
                ))
                .help(tr!(
                    lang,
                    "exportez-la en PDF ou en image PNG et citez ce fichier (ou, si les auteurs sont sûrs, [markdown] unsafe_html = true)",
                    "export it as a PDF or a PNG image and cite that file (or, if the authors are trusted, [markdown] unsafe_html = true)"
                )),
            );
            return;
        }
        if apprentice.files.iter().any(|f| f == path) {
            return;
        }
        let folder = format!("apprentices/{}/", apprentice.slug);
        let help = match nearest(path, apprentice.files.iter().map(String::as_str), &[]) {
            Some(near) => {
                let near = lang.quote(near);
                tr!(lang, "vouliez-vous dire {near} ?", "did you mean {near}?")
            }
            None if apprentice.files.is_empty() => tr!(
                lang,
                "le dossier {folder} ne contient aucun fichier joint : ajoutez-y le fichier",
                "folder {folder} holds no attached file: add the file there"
            ),
            None => {
                let list = apprentice.files.join(", ");
                tr!(lang, "fichiers présents : {list}", "files present: {list}")
            }
        };
        self.out.push(
            Diagnostic::error(
                "missing-file",
                tr!(lang, "preuve introuvable : {p}", "evidence not found: {p}"),
            )
            .at(&entry.file(&apprentice.slug), evidence.span.clone())
            .field(field)
            .label(tr!(
                lang,
                "aucun fichier de ce nom dans {folder}",
                "no file of this name in {folder}"
            ))
            .help(help),
        );
    }

    /// Warns exactly when derive marks the apprentice for missed check-ins:
    /// the same periods from the same function, on the entries that count
    /// here (drafts do not).
    fn checkin_rhythm(&mut self, apprentice: &Apprentice) {
        let lang = self.lang;
        let today = self.today;
        let mut dates: Vec<Date> = apprentice
            .entries
            .iter()
            .filter(|e| !e.draft && e.kind == EntryKind::Checkin && e.date.value <= today)
            .map(|e| e.date.value)
            .collect();
        dates.sort_unstable();
        let rhythm = self.site.config.programme.checkin_every;
        let started = apprentice.started.value;
        let periods = regularity(started, today, rhythm, &dates);
        let rules = &self.site.config.status;
        let until = crate::derive::judged_from(started, rules);
        let Some(missed) = checkins_missed(&periods, rules, until, today) else {
            return;
        };
        let name = &apprentice.name;
        let title = match rhythm {
            Rhythm::Week => tr!(lang, "Point hebdomadaire", "Weekly check-in"),
            Rhythm::Fortnight => tr!(lang, "Point de quinzaine", "Fortnightly check-in"),
            Rhythm::Month => tr!(lang, "Point mensuel", "Monthly check-in"),
        };
        let (expected, count) = match rhythm {
            Rhythm::Week => (
                tr!(lang, "un point chaque semaine", "a check-in every week"),
                lang.count(missed, ("semaine", "semaines"), ("week", "weeks")),
            ),
            Rhythm::Fortnight => (
                tr!(
                    lang,
                    "un point tous les quinze jours",
                    "a check-in every fortnight"
                ),
                lang.count(
                    missed,
                    ("quinzaine", "quinzaines"),
                    ("fortnight", "fortnights"),
                ),
            ),
            Rhythm::Month => (
                tr!(lang, "un point chaque mois", "a check-in every month"),
                lang.count(missed, ("mois", "mois"), ("month", "months")),
            ),
        };
        let message = match dates.last() {
            Some(last) => tr!(
                lang,
                "{name} n'a pas eu de point de suivi {count} de suite (le dernier date du {last})",
                "{name} has gone {count} in a row without a check-in (the last one was on {last})"
            ),
            None => tr!(
                lang,
                "{name} n'a eu aucun point de suivi depuis son arrivée le {started} ({count} de suite)",
                "{name} has had no check-in since starting on {started} ({count} in a row)"
            ),
        };
        let slug = &apprentice.slug;
        self.out.push(
            Diagnostic::warning("checkin-overdue", message)
                .in_file(&apprentice.file)
                .label(tr!(lang, "le programme prévoit {expected} (checkin_every dans site.toml)", "the programme expects {expected} (checkin_every in site.toml)"))
                .help(tr!(
                    lang,
                    "consignez le prochain point avec : compagnon new entry {slug} \"{title}\" --kind checkin",
                    "log the next one with: compagnon new entry {slug} \"{title}\" --kind checkin"
                )),
        );
    }

    /// Warns about every mentor with more apprentices than places, drafts
    /// left out on both sides.
    fn capacity(&mut self) {
        let (lang, site) = (self.lang, self.site);
        for (index, mentor) in site.mentors.iter().enumerate() {
            if mentor.draft {
                continue;
            }
            let apprentices: Vec<&str> = self.links.mentees[index]
                .iter()
                .map(|&a| &site.apprentices[a])
                .filter(|a| !a.draft)
                .map(|a| a.slug.as_str())
                .collect();
            let capacity = mentor.capacity.value;
            if apprentices.len() as i64 <= capacity {
                continue;
            }
            let name = &mentor.name;
            let count = lang.count(
                apprentices.len(),
                ("apprenti", "apprentis"),
                ("apprentice", "apprentices"),
            );
            let list = apprentices.join(", ");
            self.out.push(
                Diagnostic::warning(
                    "over-capacity",
                    tr!(
                        lang,
                        "{name} accompagne {count} pour une capacité de {capacity}",
                        "{name} mentors {count} for a capacity of {capacity}"
                    ),
                )
                .at(&mentor.file, mentor.capacity.span.clone())
                .field("capacity")
                .label(tr!(
                    lang,
                    "apprentis rattachés : {list}",
                    "apprentices assigned: {list}"
                ))
                .help(tr!(
                    lang,
                    "augmentez capacity, ou confiez un apprenti à un autre mentor",
                    "raise capacity, or give one apprentice another mentor"
                )),
            );
        }
    }

    // ---- References ----

    /// `resolved` is where `slug` led (see [`Links`]); reports it when nowhere.
    fn mentor_ref(
        &mut self,
        resolved: Option<usize>,
        file: &str,
        slug: &Spanned<String>,
        field: &str,
    ) -> bool {
        if resolved.is_some() {
            return true;
        }
        if let Some(draft) = self.drafts.mentors.get(&slug.value) {
            self.draft_ref(Target::Mentor, file, slug, field, draft);
            return false;
        }
        let (site, links) = (self.site, self.links);
        let known: Vec<(&str, &str)> = links
            .mentor_slugs()
            .map(|(id, m)| (id, site.mentors[m].file.as_str()))
            .collect();
        self.unknown(Target::Mentor, file, slug, field, &known);
        false
    }

    fn competency_ref(&mut self, file: &str, id: &Spanned<String>, field: &str) -> bool {
        if self.links.competency(&id.value).is_some() {
            return true;
        }
        if let Some(draft) = self.drafts.competencies.get(&id.value) {
            self.draft_ref(Target::Competency, file, id, field, draft);
            return false;
        }
        let (site, links) = (self.site, self.links);
        let known: Vec<(&str, &str)> = links
            .competency_ids()
            .map(|(id, c)| (id, site.competencies[c].file.as_str()))
            .collect();
        self.unknown(Target::Competency, file, id, field, &known);
        false
    }

    /// `{ competency = level }` tables: each id known, each level on the scale.
    fn levels_of(&mut self, file: &str, levels: &[LevelOf], field: &str) {
        let scale = self.scale();
        let on_scale =
            |level: i64| scale.is_none_or(|scale| (1..=scale.len() as i64).contains(&level));
        for (id, level) in levels {
            // The common case, a known id at a level on the scale, names
            // no field: it is not spelt out (a programme holds hundreds of
            // thousands of these, checked again at each rebuild of `serve`).
            if self.links.competency(&id.value).is_some() && on_scale(level.value) {
                continue;
            }
            let field = format!("{field}.{}", id.value);
            if self.competency_ref(file, id, &field) {
                self.level(file, level, &field);
            }
        }
    }

    fn level(&mut self, file: &str, level: &Spanned<i64>, field: &str) {
        let Some(scale) = self.scale() else { return };
        let n = scale.len() as i64;
        if (1..=n).contains(&level.value) {
            return;
        }
        let lang = self.lang;
        let v = level.value;
        let (first, last) = (lang.quote(&scale[0]), lang.quote(&scale[scale.len() - 1]));
        let nearest = level.value.clamp(1, n);
        self.out.push(
            Diagnostic::error("level-out-of-range", tr!(lang, "niveau {v} hors de l'échelle (1 à {n})", "level {v} is off the scale (1 to {n})"))
                .at(file, level.span.clone())
                .field(field)
                .label(tr!(lang, "l'échelle va de 1 à {n}", "the scale runs from 1 to {n}"))
                .help(tr!(
                    lang,
                    "niveau le plus proche : {nearest} ; l'échelle va de 1 ({first}) à {n} ({last}), voir competencies/_index.md",
                    "nearest level: {nearest}; the scale runs from 1 ({first}) to {n} ({last}), see competencies/_index.md"
                )),
        );
    }

    /// Reports a reference to a mentor or competency that the build leaves
    /// out as a draft, naming both files.
    fn draft_ref(
        &mut self,
        target: Target,
        file: &str,
        found: &Spanned<String>,
        field: &str,
        draft: &str,
    ) {
        let lang = self.lang;
        let q = lang.quote(&found.value);
        let message = match target {
            Target::Competency => tr!(
                lang,
                "la compétence {q} est un brouillon",
                "competency {q} is a draft"
            ),
            _ => tr!(
                lang,
                "le mentor {q} est un brouillon",
                "mentor {q} is a draft"
            ),
        };
        self.out.push(
            Diagnostic::error("draft-reference", message)
                .at(file, found.span.clone())
                .field(field)
                .label(tr!(
                    lang,
                    "{draft} a draft = true : la construction le laisse de côté",
                    "{draft} has draft = true: the build leaves it out"
                ))
                .help(tr!(
                    lang,
                    "publiez-le en retirant draft = true de {draft}, ou construisez avec --drafts pour relire les brouillons",
                    "publish it by removing draft = true from {draft}, or build with --drafts to review drafts"
                )),
        );
    }

    /// Reports a reference to an id that does not exist, with the nearest one.
    fn unknown(
        &mut self,
        target: Target,
        file: &str,
        found: &Spanned<String>,
        field: &str,
        known: &[(&str, &str)],
    ) {
        let lang = self.lang;
        let q = lang.quote(&found.value);
        let (message, label, folder) = match target {
            Target::Mentor => (
                tr!(lang, "mentor inconnu {q}", "unknown mentor {q}"),
                tr!(
                    lang,
                    "aucun mentor ne porte cet identifiant",
                    "no mentor has this id"
                ),
                "mentors/",
            ),
            Target::Competency => (
                tr!(lang, "compétence inconnue {q}", "unknown competency {q}"),
                tr!(
                    lang,
                    "aucune compétence du référentiel ne porte cet identifiant",
                    "no competency of the framework has this id"
                ),
                "competencies/",
            ),
            Target::Block => (
                tr!(lang, "bloc inconnu {q}", "unknown block {q}"),
                tr!(
                    lang,
                    "aucun bloc de competencies/_index.md ne porte cet identifiant",
                    "no block of competencies/_index.md has this id"
                ),
                "competencies/_index.md",
            ),
            Target::Goal => (
                tr!(lang, "objectif inconnu {q}", "unknown goal {q}"),
                tr!(
                    lang,
                    "aucun objectif de l'apprenti ne porte ce titre",
                    "none of the apprentice's goals has this title"
                ),
                "_index.md",
            ),
        };
        let help = match nearest(&found.value, known.iter().map(|(id, _)| *id), &[]) {
            Some(near) => {
                let near_file = known
                    .iter()
                    .find(|(id, _)| *id == near)
                    .map_or("", |(_, f)| *f);
                let near = lang.quote(near);
                tr!(
                    lang,
                    "vouliez-vous dire {near} ? ({near_file})",
                    "did you mean {near}? ({near_file})"
                )
            }
            None if known.is_empty() => tr!(
                lang,
                "il n'y en a encore aucun : voir {folder}",
                "there are none yet: see {folder}"
            ),
            None => {
                let mut ids: Vec<&str> = known.iter().map(|(id, _)| *id).collect();
                let more = ids.len().saturating_sub(8);
                ids.truncate(8);
                let list = ids.join(", ");
                if more > 0 {
                    tr!(
                        lang,
                        "possibles : {list}… (et {more} autres, voir {folder})",
                        "possible: {list}… (and {more} more, see {folder})"
                    )
                } else {
                    tr!(lang, "possibles : {list}", "possible: {list}")
                }
            }
        };
        self.out.push(
            Diagnostic::error("unknown-id", message)
                .at(file, found.span.clone())
                .field(field)
                .label(label)
                .help(help),
        );
    }
}

/// Every output path claimed once: two sources for one file, two paths that
/// differ only by case (one file on a USB stick or a Windows share), or a
/// file where another source needs a folder, are errors naming both
/// sources. Without this the build's winner would change from run to run.
pub fn output_claims(claims: &[Claim], lang: Lang) -> Vec<Diagnostic> {
    use std::collections::HashMap;
    let mut out = Vec::new();
    let mut by_folded: HashMap<Cow<'_, str>, usize> = HashMap::with_capacity(claims.len());
    for (i, claim) in claims.iter().enumerate() {
        let folded = fold(&claim.path);
        let Some(&first) = by_folded.get(&folded) else {
            by_folded.insert(folded, i);
            continue;
        };
        let first = &claims[first];
        if first.source == claim.source && first.path == claim.path {
            continue;
        }
        let (a, b, path) = (&first.source, &claim.source, lang.quote(&claim.path));
        let (message, label) = if first.path == claim.path {
            (
                tr!(
                    lang,
                    "deux sources pour un même fichier du site : {path}",
                    "two sources for one file of the site: {path}"
                ),
                tr!(
                    lang,
                    "{a} et {b} s'écriraient tous deux à cette adresse",
                    "{a} and {b} would both be written at this address"
                ),
            )
        } else {
            let other = lang.quote(&first.path);
            (
                tr!(
                    lang,
                    "{path} et {other} ne diffèrent que par les majuscules",
                    "{path} and {other} differ only by case"
                ),
                tr!(
                    lang,
                    "sur une clé USB ou un partage Windows, {a} et {b} seraient un seul fichier",
                    "on a USB stick or a Windows share, {a} and {b} would be one file"
                ),
            )
        };
        out.push(collision(lang, first, claim, message, label));
    }
    // A file where another source puts a folder: `static/mentors` (a file)
    // beside the mentors' pages in `mentors/`. Reported once per file.
    let mut reported = std::collections::HashSet::new();
    for claim in claims {
        let mut folder = claim.path.as_str();
        while let Some((up, _)) = folder.rsplit_once('/') {
            if let Some(&file) = by_folded.get(&fold(up)) {
                if !reported.insert(file) {
                    break;
                }
                let file = &claims[file];
                let (a, b, path) = (&file.source, &claim.source, lang.quote(&file.path));
                out.push(collision(
                    lang,
                    file,
                    claim,
                    tr!(
                        lang,
                        "{path} serait à la fois un fichier et un dossier",
                        "{path} would be both a file and a folder"
                    ),
                    tr!(
                        lang,
                        "{a} en fait un fichier, {b} un dossier",
                        "{a} makes it a file, {b} a folder"
                    ),
                ));
                break;
            }
            folder = up;
        }
    }
    out
}

/// A path as a case-insensitive file system sees it. Paths are lowercase
/// but for files authors named: only those are folded (a copy each).
/// The output paths of a build screened for collisions in a few bytes
/// each: a hash of every path, case folded, and of every folder holding
/// one. Equal paths have equal hashes, so a screen that sees no hash twice
/// and no folder hashed like a file proves that no two claims collide; one
/// that does sends the build to [`output_claims`], which compares the paths
/// themselves and names the sources.
#[derive(Default)]
pub struct ClaimScreen {
    files: std::collections::HashSet<u64, xxhash_rust::xxh3::Xxh3Builder>,
    folders: std::collections::HashSet<u64, xxhash_rust::xxh3::Xxh3Builder>,
    repeated: bool,
}

impl ClaimScreen {
    pub fn add(&mut self, path: &str) {
        let hash = |s: &str| xxhash_rust::xxh3::xxh3_64(s.as_bytes());
        let folded = fold(path);
        self.repeated |= !self.files.insert(hash(&folded));
        let mut folder = folded.as_ref();
        while let Some((up, _)) = folder.rsplit_once('/') {
            // A folder seen before had its own folders seen then.
            if !self.folders.insert(hash(up)) {
                break;
            }
            folder = up;
        }
    }

    /// No two claims can collide.
    pub fn clear(&self) -> bool {
        !self.repeated && self.files.is_disjoint(&self.folders)
    }
}

fn fold(path: &str) -> Cow<'_, str> {
    if path
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        Cow::Owned(path.to_lowercase())
    } else {
        Cow::Borrowed(path)
    }
}

fn collision(
    lang: Lang,
    first: &Claim,
    second: &Claim,
    message: String,
    label: String,
) -> Diagnostic {
    // Point at a file the author can rename: the second one when both are
    // files of the site (the first keeps its place in the listing order).
    let file = second.source.file().or(first.source.file());
    let help = match file {
        Some(file) => tr!(
            lang,
            "renommez ou déplacez {file} : chaque fichier du site doit avoir sa propre adresse",
            "rename or move {file}: each file of the site needs its own address"
        ),
        None => tr!(
            lang,
            "renommez l'une des deux sources : chaque fichier du site doit avoir sa propre adresse",
            "rename one of the two sources: each file of the site needs its own address"
        ),
    };
    let diagnostic = Diagnostic::error("output-collision", message)
        .label(label)
        .help(help);
    match file {
        Some(file) => diagnostic.in_file(file),
        None => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::derive::{Why, derive};
    use crate::fixture::arb_site;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// One rule: check warns about an apprentice's check-ins exactly
        /// when the progress pages mark them, and counts the same periods.
        #[test]
        fn check_warns_exactly_when_derive_marks_missed_checkins((mut site, today) in arb_site()) {
            for (i, apprentice) in site.apprentices.iter_mut().enumerate() {
                apprentice.file = format!("apprentices/a{i}/_index.md");
            }
            let unit = match site.config.programme.checkin_every {
                Rhythm::Week => "week",
                Rhythm::Fortnight => "fortnight",
                Rhythm::Month => "month",
            };
            let warned: Vec<(String, String)> = check(&site, &Links::new(&site), &Drafts::default(), today, Lang::En)
                .into_iter()
                .filter(|d| d.code == "checkin-overdue")
                .map(|d| (d.file.unwrap_or_default(), d.message))
                .collect();
            let derived = derive(&site, today);
            let marked: Vec<(&str, usize)> = site
                .apprentices
                .iter()
                .zip(&derived.apprentices)
                .filter_map(|(apprentice, p)| {
                    p.status.reasons.iter().find_map(|reason| match reason.why {
                        Why::CheckinsMissed { periods, .. } => {
                            Some((apprentice.file.as_str(), periods))
                        }
                        _ => None,
                    })
                })
                .collect();
            prop_assert_eq!(warned.len(), marked.len());
            for ((file, message), (marked_file, periods)) in warned.iter().zip(&marked) {
                prop_assert_eq!(file, marked_file);
                let count = format!("{periods} {unit}s");
                prop_assert!(message.contains(&count), "{} lacks {}", message, count);
            }
        }
    }
}
