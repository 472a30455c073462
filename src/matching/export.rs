//! The coordinator's export (`compagnon match`): every apprentice, private
//! ones included, with the kept or suggested mentor, the score, the reasons,
//! the alternatives, and why the unmatched are unmatched — as a table for
//! the terminal, CSV for a spreadsheet, or JSON of FORMAT.md's shape.

use serde_json::{Map, Value, json};

use super::words::Words;
use super::{Matching, Outcome, Scorer};
use crate::derive::Derived;
use crate::i18n::Lang;
use crate::model::{Site, Visibility};
use crate::tr;

#[derive(Clone, Copy, Debug)]
pub enum ExportFormat {
    Table,
    /// UTF-8 with a byte-order mark so that spreadsheets read the accents.
    /// `separator` defaults to `;` on a French site (French spreadsheets
    /// read `,` as the decimal comma), `,` on an English one.
    Csv {
        separator: Option<u8>,
    },
    Json,
}

/// The CSV separator of a site in `lang`: `;` in French (French
/// spreadsheets read `,` as the decimal comma), `,` in English.
pub fn default_separator(lang: Lang) -> u8 {
    if lang == Lang::Fr { b';' } else { b',' }
}

/// Scores as a coordinator reads them: two decimals.
fn rounded(score: f64) -> f64 {
    (score * 100.0).round() / 100.0
}

fn visibility(v: Visibility) -> &'static str {
    match v {
        Visibility::Public => "public",
        Visibility::Unlisted => "unlisted",
        Visibility::Private => "private",
    }
}

/// The export, as bytes to write to a file or the terminal.
pub fn export(
    site: &Site,
    derived: &Derived,
    matching: &Matching,
    lang: Lang,
    format: ExportFormat,
    all_scores: bool,
) -> Vec<u8> {
    match format {
        ExportFormat::Json => {
            let value = to_json(site, derived, matching, lang, all_scores);
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
            text.push('\n');
            text.into_bytes()
        }
        ExportFormat::Csv { separator } => {
            let (header, rows) = rows(site, matching, lang);
            csv(&header, &rows, separator.unwrap_or(default_separator(lang)))
        }
        ExportFormat::Table => table(site, matching, lang).into_bytes(),
    }
}

fn to_json(
    site: &Site,
    derived: &Derived,
    matching: &Matching,
    lang: Lang,
    all_scores: bool,
) -> Value {
    let scorer = all_scores.then(|| Scorer::new(site, derived));
    let words = Words::new(lang, site, matching);
    let slug = |m: usize| site.mentors[m].slug.clone();
    let apprentices: Vec<Value> = site
        .apprentices
        .iter()
        .zip(&matching.apprentices)
        .enumerate()
        .map(|(a, (apprentice, found))| {
            let mut entry = json!({
                "slug": apprentice.slug,
                "name": apprentice.name,
                "visibility": visibility(apprentice.visibility),
                "mentor": found.mentor.map(slug),
                "kept": found.kept,
                "score": found.score.map(rounded),
                "reasons": words.mentor_reasons(a),
                "alternatives": found.alternatives.iter().map(|s| json!({
                    "mentor": slug(s.mentor),
                    "score": rounded(s.score),
                    "reasons": words.reasons(a, s.mentor, &s.reasons),
                    "has_room": s.has_room,
                })).collect::<Vec<_>>(),
                "unmatched_reason": words.unmatched_reason(a),
            });
            if let Some(scorer) = &scorer {
                let mut scores = Map::new();
                let mut impossible = Map::new();
                for m in 0..site.mentors.len() {
                    match scorer.outcome(a, m) {
                        Outcome::Eligible { score, .. } => {
                            scores.insert(slug(m), json!(rounded(score)));
                        }
                        Outcome::Impossible(limit) => {
                            impossible.insert(slug(m), json!(words.limit(a, m, limit)));
                        }
                    }
                }
                entry["scores"] = Value::Object(scores);
                entry["impossible"] = Value::Object(impossible);
            }
            entry
        })
        .collect();
    let mentors: Vec<Value> = site
        .mentors
        .iter()
        .zip(&matching.mentors)
        .map(|(mentor, load)| {
            json!({
                "slug": mentor.slug,
                "capacity": load.capacity,
                "assigned": load.assigned.iter().map(|&a| site.apprentices[a].slug.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let supply_demand: Vec<Value> = matching
        .supply_demand
        .iter()
        .map(|s| {
            json!({
                "competency": site.competencies[s.competency].id,
                "demand": s.demand,
                "supply": s.supply,
            })
        })
        .collect();
    json!({ "apprentices": apprentices, "mentors": mentors, "supply_demand": supply_demand })
}

/// One row per apprentice: what a coordinator sorts and filters.
fn rows(site: &Site, matching: &Matching, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let header = vec![
        tr!(lang, "apprenti", "apprentice"),
        tr!(lang, "nom", "name"),
        tr!(lang, "visibilité", "visibility"),
        tr!(lang, "mentor", "mentor"),
        tr!(lang, "déjà en place", "kept"),
        tr!(lang, "score", "score"),
        tr!(lang, "raisons", "reasons"),
        tr!(lang, "autres possibilités", "alternatives"),
        tr!(lang, "pourquoi sans mentor", "why unmatched"),
    ];
    let number = |x: f64| crate::render::text::percent(lang, x);
    let words = Words::new(lang, site, matching);
    let rows = site
        .apprentices
        .iter()
        .zip(&matching.apprentices)
        .enumerate()
        .map(|(a, (apprentice, found))| {
            let alternatives: Vec<String> = found
                .alternatives
                .iter()
                .map(|s| format!("{} ({})", site.mentors[s.mentor].slug, number(s.score)))
                .collect();
            vec![
                apprentice.slug.clone(),
                apprentice.name.clone(),
                visibility(apprentice.visibility).into(),
                found
                    .mentor
                    .map(|m| site.mentors[m].slug.clone())
                    .unwrap_or_default(),
                if found.kept {
                    tr!(lang, "oui", "yes")
                } else {
                    tr!(lang, "non", "no")
                },
                found.score.map(number).unwrap_or_default(),
                words.mentor_reasons(a).join(" ; "),
                alternatives.join(", "),
                words.unmatched_reason(a).unwrap_or_default(),
            ]
        })
        .collect();
    (header, rows)
}

/// A cell that a spreadsheet would take for a formula (`=HYPERLINK(…)`,
/// `+cmd|…`, `@SUM(…)`) starts with `'`, as OWASP advises: it then shows as
/// the text it is.
pub fn defused(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A header and its rows as CSV, UTF-8 with a byte-order mark (see
/// [`ExportFormat::Csv`]): the matching's export and the caseload's
/// (`compagnon report`). RFC 4180 quoting, by hand: four lines, and a CSV
/// crate would add a dependency for them. Every cell is [`defused`] first.
pub fn csv(header: &[String], rows: &[Vec<String>], separator: u8) -> Vec<u8> {
    let separator = separator as char;
    let field = |f: &str| {
        let f = defused(f);
        if f.contains([separator, '"', '\n', '\r']) {
            format!("\"{}\"", f.replace('"', "\"\""))
        } else {
            f.into_owned()
        }
    };
    let mut out = String::from("\u{feff}");
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let line: Vec<String> = row.iter().map(|f| field(f)).collect();
        out.push_str(&line.join(&separator.to_string()));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// A plain table for the terminal: one block per apprentice.
fn table(site: &Site, matching: &Matching, lang: Lang) -> String {
    let (header, rows) = rows(site, matching, lang);
    let mut out = String::new();
    // What users wrote goes to a terminal: control characters are shown.
    let shown = |text: &str| crate::diagnostics::printable(text).into_owned();
    for row in rows {
        out.push_str(&format!("{} — {}\n", shown(&row[1]), shown(&row[0])));
        for (label, value) in header.iter().zip(&row).skip(2) {
            if !value.is_empty() {
                let colon = if lang == Lang::Fr { "\u{a0}: " } else { ": " };
                let value = shown(value);
                out.push_str(&format!("  {label}{colon}{value}\n"));
            }
        }
        out.push('\n');
    }
    let lines: Vec<String> = matching
        .supply_demand
        .iter()
        .filter(|s| s.demand > 0 || s.supply > 0)
        .map(|s| {
            let c = shown(&site.competencies[s.competency].name);
            let d = lang.count(
                s.demand,
                ("apprenti demandeur", "apprentis demandeurs"),
                ("apprentice seeking", "apprentices seeking"),
            );
            let o = lang.count(
                s.supply,
                ("place libre", "places libres"),
                ("free seat", "free seats"),
            );
            tr!(lang, "  {c} : {d}, {o}", "  {c}: {d}, {o}")
        })
        .collect();
    out.push_str(&tr!(
        lang,
        "Offre et demande par compétence :\n",
        "Supply and demand per competency:\n"
    ));
    out.push_str(&lines.join("\n"));
    out.push('\n');
    out
}
