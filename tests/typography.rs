//! French typography on every page of the French example, as a reader sees
//! it: the theme's own words, the site's settings and what authors wrote
//! alike. Code is left as written.

use std::collections::BTreeMap;

use compagnon::{BuildOptions, build_site};
use scraper::{ElementRef, Html, Node};

/// Every HTML page of example-site, built once: path → text. An
/// apprentice and a mentor are renamed with an apostrophe, as names often
/// have (« N'Diaye », « D'Amato »): a name is typeset like the rest.
fn pages() -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    for entry in walkdir::WalkDir::new("example-site") {
        let entry = entry.unwrap();
        let to = site.join(entry.path().strip_prefix("example-site").unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    for (file, from, to) in [
        (
            "apprentices/awa-diallo/_index.md",
            "Awa Diallo",
            "Awa N'Diaye",
        ),
        ("mentors/karim-haddad.md", "Karim Haddad", "Karim D'Amato"),
    ] {
        let path = site.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&format!("name = \"{from}\"")), "{file}");
        std::fs::write(
            &path,
            text.replace(&format!("name = \"{from}\""), &format!("name = \"{to}\"")),
        )
        .unwrap();
    }
    let output = dir.path().join("public");
    let options = BuildOptions {
        output: Some(output.clone()),
        ..BuildOptions::default()
    };
    let (checked, built) = build_site(&site, &options);
    assert!(built.is_some(), "{:?}", checked.diagnostics);
    walkdir::WalkDir::new(&output)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&output)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// The prose of a page: its text nodes outside code, scripts and styles,
/// and the attributes a reader meets (alt, title, aria-label, placeholder,
/// the description). One string per node.
fn prose(html: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let mut found = Vec::new();
    for node in document.tree.nodes() {
        match node.value() {
            Node::Text(text) => {
                let in_code = node.ancestors().filter_map(ElementRef::wrap).any(|e| {
                    matches!(
                        e.value().name(),
                        "pre" | "code" | "kbd" | "samp" | "script" | "style"
                    )
                });
                if !in_code && !text.trim().is_empty() {
                    found.push(text.to_string());
                }
            }
            Node::Element(element) => {
                for name in ["alt", "title", "aria-label", "placeholder"] {
                    found.extend(element.attr(name).map(str::to_string));
                }
                if element.name() == "meta" && element.attr("name") == Some("description") {
                    found.extend(element.attr("content").map(str::to_string));
                }
            }
            _ => {}
        }
    }
    found
}

/// The faults of one piece of French prose.
fn faults(text: &str) -> Vec<&'static str> {
    let chars: Vec<char> = text.chars().collect();
    let mut faults = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let (prev, next) = (
            i.checked_sub(1).map(|p| chars[p]),
            chars.get(i + 1).copied(),
        );
        if c == '\''
            && prev.is_some_and(char::is_alphabetic)
            && next.is_some_and(char::is_alphabetic)
        {
            faults.push("a straight apostrophe (’ wanted)");
        }
        // "Lieu : Lille", "Note : …" — not "https://" nor "10:30".
        if matches!(c, ':' | ';' | '!' | '?') && next.is_none_or(char::is_whitespace) {
            match prev {
                Some(' ') => {
                    faults.push("an ordinary space before : ; ! ? (a non-breaking one wanted)")
                }
                Some(p) if p.is_alphanumeric() && c != '!' && c != '?' => {
                    faults.push("no space before : or ; (a non-breaking one wanted)")
                }
                _ => {}
            }
        }
    }
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace()).collect();
    for pair in words.windows(2) {
        let first = pair[1].chars().next();
        // "de Inès", not "de A à Z".
        if pair[0] == "de"
            && first.is_some_and(|c| "AEIOUÀÂÉÈÊËÎÏÔŒ".contains(c))
            && pair[1].chars().filter(|c| c.is_alphabetic()).count() > 1
        {
            faults.push("« de » before a name that starts with a vowel (« d’ » wanted)");
        }
        const MONTHS: [&str; 12] = [
            "Janvier",
            "Février",
            "Mars",
            "Avril",
            "Mai",
            "Juin",
            "Juillet",
            "Août",
            "Septembre",
            "Octobre",
            "Novembre",
            "Décembre",
        ];
        let after_a_word =
            pair[0].chars().last().is_some_and(char::is_lowercase) || pair[0] == "Promotion";
        if after_a_word && MONTHS.contains(&pair[1].trim_end_matches([',', '.'])) {
            faults.push("a month with a capital inside a sentence");
        }
    }
    faults
}

#[test]
fn every_french_page_follows_french_typography() {
    let pages = pages();
    assert!(pages.len() > 300, "{} pages", pages.len());
    let mut found = BTreeMap::new();
    for (path, html) in &pages {
        for text in prose(html) {
            for fault in faults(&text) {
                found
                    .entry(fault)
                    .or_insert_with(Vec::new)
                    .push(format!("{path}: {:?}", text.trim()));
            }
        }
    }
    let report: Vec<String> = found
        .iter()
        .map(|(fault, at)| {
            format!(
                "{fault}, {} times, e.g. {}",
                at.len(),
                at[..at.len().min(3)].join(" | ")
            )
        })
        .collect();
    assert!(report.is_empty(), "{report:#?}");
}

#[test]
fn the_check_finds_each_fault_it_looks_for() {
    assert_eq!(faults("l'eau").len(), 1);
    assert_eq!(faults("Lieu : Lille").len(), 1);
    assert_eq!(faults("Lieu: Lille").len(), 1);
    assert_eq!(faults("Retour au portfolio de Inès").len(), 1);
    assert_eq!(faults("Promotion Décembre 2026").len(), 1);
    assert!(
        faults("l’eau, Lieu\u{a0}: Lille, https://x.fr, 10:30, d’Inès, de Yanis, de A à Z, Décembre 2026")
            .is_empty()
    );
}
