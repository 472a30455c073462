//! The record an auditor prints and files (`apprentices/<slug>/print.html`):
//! made for every apprentice who has a portfolio and for no one else,
//! never indexed, listed or linked but from its own portfolio; it holds the
//! cover's facts, every entry whole (title, text, the mentor's feedback
//! exactly once, the address of each piece of evidence as text) and the
//! boxes to sign; `serve` draws it again when an entry changes. And the
//! profile fields it shows, `employer` and `qualification`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use compagnon::model::{Evidence, Site, Visibility};
use compagnon::render::{Edition, RenderOptions};
use compagnon::session::Session;

/// example-site's files, built in memory on its own reference day.
fn build(root: &Path, edition: Edition) -> BTreeMap<String, Vec<u8>> {
    let render = RenderOptions {
        edition,
        ..RenderOptions::default()
    };
    compagnon::render_site(root, &compagnon::Options::default(), &render)
        .1
        .unwrap_or_else(|| panic!("{} builds", root.display()))
}

fn example() -> &'static BTreeMap<String, Vec<u8>> {
    static FILES: std::sync::OnceLock<BTreeMap<String, Vec<u8>>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| build(Path::new("example-site"), Edition::Public))
}

fn example_model() -> Site {
    compagnon::check_site(Path::new("example-site"), None)
        .site
        .expect("the example loads")
}

fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    page_text(files, path)
}

fn record_of(slug: &str) -> String {
    format!("apprentices/{slug}/print.html")
}

/// A text as the site's pages print it: French typography, escaped as
/// Tera escapes what templates print.
fn printed(text: &str) -> String {
    let typed = compagnon::render::text::typography(compagnon::i18n::Lang::Fr, text);
    let mut escaped = Vec::new();
    tera::escape_html(&typed, &mut escaped).unwrap();
    String::from_utf8(escaped).unwrap()
}

/// The words a reader sees on a page, tags left out, entities read, every
/// run of spaces (no-break ones too) one space.
fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    text.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Five words in a row of an entry's text, none with punctuation, which
/// Markdown and typography leave as they are.
fn phrase_of(body: &str) -> String {
    let plain = compagnon::render::feeds::plain_text(body, 10_000);
    let words: Vec<&str> = plain.split_whitespace().collect();
    words
        .windows(5)
        .find(|w| w.iter().all(|word| word.chars().all(char::is_alphabetic)))
        .unwrap_or_else(|| panic!("no five plain words in {body:?}"))
        .join(" ")
}

#[test]
fn apprentices_with_a_portfolio_have_a_record_to_print_private_ones_none() {
    let files = example();
    let site = example_model();
    for apprentice in &site.apprentices {
        let record = record_of(&apprentice.slug);
        match apprentice.visibility {
            Visibility::Private => {
                assert!(!files.contains_key(&record), "{record}");
                assert!(
                    !files
                        .keys()
                        .any(|p| p.starts_with(&format!("apprentices/{}/", apprentice.slug))),
                    "{} leaves files",
                    apprentice.slug
                );
            }
            Visibility::Public | Visibility::Unlisted => {
                let html = page(files, &record);
                assert!(
                    html.contains("<meta name=\"robots\" content=\"noindex\">"),
                    "{record}"
                );
                assert!(html.contains(&printed(&apprentice.name)), "{record}");
            }
        }
    }
}

/// The coordinator's edition prints everyone's, private ones included.
#[test]
fn the_coordinators_edition_makes_every_record() {
    let files = build(Path::new("example-site"), Edition::Coordinator);
    for apprentice in &example_model().apprentices {
        let html = page(&files, &record_of(&apprentice.slug));
        assert!(html.contains("noindex, nofollow"));
    }
}

#[test]
fn records_are_in_neither_the_sitemap_nor_the_search_index() {
    let files = example();
    for (path, bytes) in files {
        let listing = path.starts_with("sitemap") || path.starts_with("search/");
        if listing {
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains("print.html"), "{path} lists a record");
        }
    }
}

/// An unlisted apprentice's record is linked from their portfolio, from
/// nowhere else.
#[test]
fn an_unlisted_record_is_linked_from_its_portfolio_only() {
    let files = example();
    let site = example_model();
    let chloe = site
        .apprentices
        .iter()
        .find(|a| a.visibility == Visibility::Unlisted && !a.entries.is_empty())
        .expect("an unlisted apprentice with entries");
    let portfolio = format!("apprentices/{}/index.html", chloe.slug);
    let link = format!(
        "href=\"../../{}\">Dossier complet à imprimer</a>",
        record_of(&chloe.slug)
    );
    assert!(page(files, &portfolio).contains(&link));
    let named = format!("{}/print.html", chloe.slug);
    for (path, bytes) in files {
        if *path != portfolio && *path != record_of(&chloe.slug) {
            assert!(
                !String::from_utf8_lossy(bytes).contains(&named),
                "{path} links to {named}"
            );
        }
    }
}

/// Every entry is in the record whole: its title, its text, the mentor's
/// feedback exactly once, each piece of evidence's full address as text.
#[test]
fn the_record_holds_every_entry_whole_and_each_feedback_once() {
    let files = example();
    let site = example_model();
    let base = site.config.base_url.as_str();
    let mut checked = 0;
    for apprentice in &site.apprentices {
        if apprentice.visibility == Visibility::Private {
            continue;
        }
        let html = page(files, &record_of(&apprentice.slug));
        let text = visible_text(&html);
        let with_feedback = apprentice
            .entries
            .iter()
            .filter(|e| e.feedback.is_some())
            .count();
        assert_eq!(
            html.matches("<figure class=\"quote\">").count(),
            with_feedback,
            "{}",
            apprentice.slug
        );
        for entry in &apprentice.entries {
            let title = printed(&entry.title);
            assert!(html.contains(&title), "{}: {title}", apprentice.slug);
            let phrase = phrase_of(&entry.body);
            assert!(text.contains(&phrase), "{}: {phrase}", apprentice.slug);
            if let Some(feedback) = &entry.feedback {
                let quote = format!("<blockquote><p>{}</p></blockquote>", printed(feedback));
                assert_eq!(
                    html.matches(&quote).count(),
                    1,
                    "{}: {quote}",
                    apprentice.slug
                );
            }
            for evidence in &entry.evidence {
                let address = match &evidence.value {
                    Evidence::Url(url) => url.clone(),
                    Evidence::File(name) => format!(
                        "{base}apprentices/{}/{}/{name}",
                        apprentice.slug, entry.slug
                    ),
                };
                assert!(text.contains(&address), "{}: {address}", apprentice.slug);
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} entries");
}

#[test]
fn the_cover_and_the_signatures_name_who_the_record_is_about() {
    let html = page(example(), &record_of("lucas-martin"));
    let text = visible_text(&html);
    for fact in [
        "Diplôme ou titre préparé CAP Monteur en installations sanitaires",
        "Employeur Dubois Plomberie Chauffage, Lille",
        "Mentor Claire Dubois",
        "Promotion Septembre 2026",
        "Début du parcours 1er septembre 2026",
        "Situation au 18 décembre 2026",
        "Portfolio en ligne https://example.org/compagnons-du-nord/apprentices/lucas-martin/",
        "Heures de pratique",
        "attendues à ce jour au rythme régulier",
        "au niveau visé",
    ] {
        assert!(text.contains(fact), "{fact}:\n{text:.1500}");
    }
    // The levels in words, not only as bars.
    assert!(text.contains("Souder et braser le cuivre"));
    let signatures = &text[text.find("Attestation").expect("an attestation")..];
    for words in [
        "Les soussignés attestent",
        "L’apprenti Nom : Lucas Martin Date : Signature :",
        "Le mentor Nom : Claire Dubois Date : Signature :",
        "La coordination du programme Nom : Date : Signature :",
    ] {
        assert!(signatures.contains(words), "{words}: {signatures}");
    }
    // The footer of each printed page names the apprentice.
    assert!(html.contains("@bottom-left{content:\"Lucas Martin — dossier de suivi\""));
    // Check-ins period by period, with their days.
    assert!(text.contains("Semaine du 8 septembre : fait (9 septembre)"));
    assert!(text.contains("Semaine du 20 octobre : manqué"));
}

/// The portfolio links to its record with a plain link, which needs no
/// JavaScript.
#[test]
fn the_portfolio_links_to_its_record() {
    let html = page(example(), "apprentices/lucas-martin/index.html");
    assert!(html.contains(
        "href=\"../../apprentices/lucas-martin/print.html\">Dossier complet à imprimer</a>"
    ));
    assert!(
        !html.contains("data-print hidden"),
        "a print button that needs JavaScript"
    );
}

/// `employer` and `qualification` are read, shown on the portfolio and on
/// the record, and known: no unknown-field warning names them.
#[test]
fn employer_and_qualification_are_read_and_shown() {
    let site = TestSite::new();
    site.edit(
        APPRENTICE,
        "location = \"Lille\"",
        "location = \"Lille\"\nemployer = \"Plomberie Martin & Fils, Roubaix\"\nqualification = \"RNCP37890\"",
    );
    let report = site.check();
    report.assert_clean();
    let model = report.0.site.as_ref().unwrap();
    let alex = &model.apprentices[0];
    assert_eq!(
        alex.employer.as_deref(),
        Some("Plomberie Martin & Fils, Roubaix")
    );
    assert_eq!(alex.qualification.as_deref(), Some("RNCP37890"));
    let out = site.build();
    let portfolio =
        std::fs::read_to_string(out.join("apprentices/apprenti-exemple/index.html")).unwrap();
    assert!(
        portfolio.contains("<dt>Employeur</dt><dd>Plomberie Martin &amp; Fils, Roubaix</dd>"),
        "{portfolio}"
    );
    assert!(portfolio.contains("<dt>Diplôme ou titre préparé</dt><dd>RNCP37890</dd>"));
    let record =
        std::fs::read_to_string(out.join("apprentices/apprenti-exemple/print.html")).unwrap();
    assert!(record.contains("Plomberie Martin &amp; Fils, Roubaix"));
    assert!(record.contains("RNCP37890"));
}

/// On an English site the record speaks English.
#[test]
fn an_english_record_speaks_english() {
    let site = TestSite::in_language(compagnon::i18n::Lang::En);
    let out = site.build();
    let slug = std::fs::read_dir(out.join("apprentices"))
        .unwrap()
        .flatten()
        .find(|e| e.path().join("print.html").exists())
        .expect("a record")
        .file_name();
    let record =
        std::fs::read_to_string(out.join("apprentices").join(slug).join("print.html")).unwrap();
    for words in [
        "<html lang=\"en\"",
        "Apprenticeship record",
        "Competencies and evidence",
        "Certification",
        "The undersigned certify",
    ] {
        assert!(record.contains(words), "{words}");
    }
}

/// A profile without them shows neither, and says nothing empty.
#[test]
fn without_employer_nor_qualification_the_portfolio_says_nothing_of_them() {
    let site = TestSite::new();
    site.edit(
        APPRENTICE,
        "location = \"Lille\"",
        "location = \"Lille\"\nemployer = \"  \"",
    );
    site.check().assert_clean();
    let out = site.build();
    let portfolio =
        std::fs::read_to_string(out.join("apprentices/apprenti-exemple/index.html")).unwrap();
    assert!(!portfolio.contains("Employeur"));
    assert!(!portfolio.contains("Diplôme"));
}

/// `serve` draws the record again when one of its entries changes, as a
/// clean build would.
#[test]
fn an_entry_edited_draws_its_record_again() {
    let dir = example_copy();
    let root = dir.path();
    let options = compagnon::Options::default();
    let mut session = Session::new(root, options.clone(), RenderOptions::default());
    session.rebuild().outcome.expect("the example builds");
    let record = record_of("lucas-martin");
    let before = session.files()[record.as_str()].clone();

    let entry = root.join("apprentices/lucas-martin/2026-09-24-pose-chauffe-eau.md");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, format!("{text}\nUne phrase ajoutée au dossier.\n")).unwrap();
    let edited = session
        .rebuild_after(Some(std::slice::from_ref(&entry)))
        .outcome
        .expect("the edited example builds");
    assert!(edited.changed.contains(&record), "{:?}", edited.changed);
    let after = session.files()[record.as_str()].clone();
    assert_ne!(before, after);
    assert!(String::from_utf8_lossy(&after).contains("Une phrase ajoutée au dossier."));
    let clean = compagnon::render_site(root, &options, &RenderOptions::default())
        .1
        .unwrap();
    assert_eq!(&after[..], &clean[&record][..]);
}
