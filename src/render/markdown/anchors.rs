//! Heading ids as GitHub makes them, so that the links of a handbook
//! written on GitHub or GitBook (`roles.md#laccessibilité`) still land on
//! their section once the handbook is a compagnon site.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

/// The characters outside ASCII that GitHub keeps besides letters: marks
/// (a combining accent), decimal digits of any script, and connector
/// punctuation (`‿`). Only looked up for the rare character that is not a
/// letter.
static KEPT_BEYOND_ASCII: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{M}\p{Nd}\p{Pc}]$").expect("a valid regular expression"));

/// The id of a heading: GitHub's, as github-slugger computes it (the rule
/// GitHub's renderer follows: lowercased, then every character removed
/// but letters, marks, decimal digits, `_`, `-` and spaces, then each
/// space turned into `-`), with the accents of Latin letters folded as
/// GitBook does: "L'accessibilité" → `laccessibilite`, "1. Démarrer" →
/// `1-demarrer`, "Q&A - Étape 2" → `qa---etape-2`. Links written for
/// GitHub (`#laccessibilité`) are folded alike ([`fold_accents`]), so both
/// land.
pub fn github_slug(text: &str) -> String {
    fold_accents(&github_rule(text))
}

/// Latin letters without their accents (`é` → `e`, `œ` → `oe`), combining
/// accents dropped; other scripts as they are.
pub fn fold_accents(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // Latin-1 Supplement and Latin Extended-A/B, Latin Extended Additional.
            '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => {
                out.push_str(&slug::slugify(c.to_string()));
            }
            // Combining Diacritical Marks.
            '\u{300}'..='\u{36f}' => {}
            c => out.push(c),
        }
    }
    out
}

fn github_rule(text: &str) -> String {
    let mut buf = [0; 4];
    text.to_lowercase()
        .chars()
        .filter(|&c| {
            if c.is_ascii() {
                c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' ')
            } else {
                c.is_alphabetic() || KEPT_BEYOND_ASCII.is_match(c.encode_utf8(&mut buf))
            }
        })
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Unique heading ids, suffixed as GitHub does: the first "intro", then
/// "intro-1", "intro-2"…
///
/// The next suffix to try is remembered per base id, so a page of thousands
/// of identical headings stays linear; an id already taken (a heading titled
/// "intro-1" above two "intro") is skipped. Each taken id is skipped at most
/// once, since "base-n" names its base and suffix.
#[derive(Default)]
pub struct HeadingIds {
    taken: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl HeadingIds {
    pub fn unique(&mut self, base: String) -> String {
        if !self.taken.contains(&base) {
            self.taken.insert(base.clone());
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_githubs_with_latin_accents_folded() {
        for (title, id) in [
            ("L'accessibilité", "laccessibilite"),
            ("L’accessibilité", "laccessibilite"),
            ("Le rôle du mentor", "le-role-du-mentor"),
            ("1. Démarrer", "1-demarrer"),
            ("Œuvre à l'Ouest", "oeuvre-a-louest"),
            ("1. Engagements", "1-engagements"),
            ("Q&A - Étape 2", "qa---etape-2"),
            (
                "heading with an _ underscore",
                "heading-with-an-_-underscore",
            ),
            (
                "exchange.bind_headers(exchange, routing [, bindCallback])",
                "exchangebind_headersexchange-routing--bindcallback",
            ),
            ("Pourquoi ? « Parce que »", "pourquoi---parce-que-"),
            ("I ♥ unicode", "i--unicode"),
            ("😄 unicode emoji", "-unicode-emoji"),
            ("en–dash", "endash"),
            ("Привет non-latin 你好", "привет-non-latin-你好"),
            // A combining accent goes, as a precomposed one does.
            ("Ecole\u{301}", "ecole"),
            // Other numbers (²) and non-breaking spaces go.
            ("m² et\u{a0}plus", "m-etplus"),
        ] {
            assert_eq!(github_slug(title), id, "{title}");
        }
    }

    #[test]
    fn duplicates_are_suffixed_like_github() {
        // github-slugger's own fixtures.
        let mut ids = HeadingIds::default();
        let got: Vec<String> = ["echo", "echo", "echo-1", "echo-1", "echo"]
            .into_iter()
            .map(|base| ids.unique(base.to_string()))
            .collect();
        assert_eq!(got, ["echo", "echo-1", "echo-1-1", "echo-1-2", "echo-2"]);
        let mut ids = HeadingIds::default();
        let got: Vec<String> = ["foxtrot-1", "foxtrot", "foxtrot"]
            .into_iter()
            .map(|base| ids.unique(base.to_string()))
            .collect();
        assert_eq!(got, ["foxtrot-1", "foxtrot", "foxtrot-2"]);
    }
}
