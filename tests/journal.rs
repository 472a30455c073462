//! The portfolio's journal as its readers meet it: every entry by month,
//! newest month first and open, each with the mentor's feedback — all of
//! it, not only the latest — and links that open each entry from a web
//! server and from `file://`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use compagnon::i18n::Lang;
use compagnon::render::{RenderOptions, text};
use jiff::civil::date;
use scraper::{ElementRef, Html, Selector};

/// A clean build in memory of the site at `root`, judged on `today`:
/// every file by path.
fn build_on(root: &Path, today: jiff::civil::Date, file_links: bool) -> BTreeMap<String, Vec<u8>> {
    let options = compagnon::Options {
        today: Some(today),
        drafts: false,
    };
    let render = RenderOptions {
        file_links,
        ..RenderOptions::default()
    };
    let (checked, files) = compagnon::render_site(root, &options, &render);
    files.unwrap_or_else(|| panic!("the site builds: {:#?}", checked.diagnostics))
}

/// example-site, on its own reference day (`as_of`).
fn build_example(root: &Path, file_links: bool) -> BTreeMap<String, Vec<u8>> {
    build_on(root, date(2026, 12, 18), file_links)
}

fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files.get(path).unwrap_or_else(|| panic!("{path} missing"));
    String::from_utf8(bytes.clone()).unwrap()
}

/// A month of the journal: its summary, whether it shows unfolded, its cards.
struct Month {
    summary: String,
    open: bool,
    cards: Vec<Card>,
}

/// An entry's card, in words and links, as the reader sees it.
struct Card {
    /// `<time datetime>`: "2026-12-16".
    date: String,
    /// The date as shown, the kind, the title, then hours and sign-off.
    words: Vec<String>,
    href: String,
    title: String,
    feedback: Option<String>,
    by: Option<String>,
}

fn css(selector: &str) -> Selector {
    Selector::parse(selector).unwrap()
}

fn words(element: ElementRef) -> String {
    element.text().collect::<String>().trim().to_string()
}

/// The journal of a portfolio page, month by month.
fn journal(html: &str) -> Vec<Month> {
    let document = Html::parse_document(html);
    let section = document
        .select(&css("section[aria-labelledby=h-timeline]"))
        .next()
        .expect("a journal section");
    section
        .select(&css("details"))
        .map(|month| Month {
            summary: words(month.select(&css("summary")).next().unwrap()),
            open: month.value().attr("open").is_some(),
            cards: month
                .select(&css("li"))
                .map(|li| {
                    // The card's own parts, the feedback's figure aside.
                    let parts: Vec<ElementRef> = li
                        .children()
                        .filter_map(ElementRef::wrap)
                        .filter(|e| e.value().name() != "figure")
                        .collect();
                    let title = *parts.iter().find(|e| e.value().name() == "a").unwrap();
                    let time = li.select(&css("time")).next().unwrap();
                    Card {
                        date: time.value().attr("datetime").unwrap().into(),
                        words: parts.iter().map(|&e| words(e)).collect(),
                        href: title.value().attr("href").unwrap().into(),
                        title: words(title),
                        feedback: li.select(&css("blockquote")).next().map(words),
                        by: li.select(&css("figcaption")).next().map(words),
                    }
                })
                .collect(),
        })
        .collect()
}

/// `link` from the page at `dir` (a folder path from the root, ending in
/// `/`), as a path from the root; a folder stands for its `index.html`.
fn resolve(dir: &str, link: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in link.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            part => parts.push(part),
        }
    }
    let path = parts.join("/");
    if link.ends_with('/') {
        format!("{path}/index.html")
    } else {
        path
    }
}

#[test]
fn every_mentor_comment_is_in_the_journal_once_under_its_month() {
    let site = compagnon::check_site(Path::new("example-site"), None)
        .site
        .unwrap();
    let files = build_example(Path::new("example-site"), false);
    let mut portfolios = 0;
    for apprentice in &site.apprentices {
        let path = format!("apprentices/{}/index.html", apprentice.slug);
        if !files.contains_key(&path) {
            continue; // a private apprentice has no page
        }
        portfolios += 1;
        let months = journal(&page(&files, &path));
        let slug = &apprentice.slug;

        // One month per <details>, newest first; only the newest one open.
        let keys: Vec<&str> = months.iter().map(|m| &m.cards[0].date[..7]).collect();
        assert!(
            keys.windows(2).all(|w| w[0] > w[1]),
            "{slug}: months {keys:?}"
        );
        for (i, month) in months.iter().enumerate() {
            assert_eq!(month.open, i == 0, "{slug}: {}", month.summary);
            assert!(
                month.cards.iter().all(|c| c.date[..7] == *keys[i]),
                "{slug}: {} holds another month's entry",
                month.summary
            );
            assert!(
                month
                    .summary
                    .contains(&format!("{} entrée", month.cards.len())),
                "{slug}: {} for {} cards",
                month.summary,
                month.cards.len()
            );
        }

        // Each entry once, in its month, with its feedback when it has one.
        let cards: Vec<&Card> = months.iter().flat_map(|m| &m.cards).collect();
        assert_eq!(cards.len(), apprentice.entries.len(), "{slug}");
        for entry in &apprentice.entries {
            let href = format!("{}/", entry.slug);
            let found: Vec<&&Card> = cards.iter().filter(|c| c.href == href).collect();
            assert_eq!(found.len(), 1, "{slug}: {href} on {} cards", found.len());
            let card = found[0];
            assert_eq!(card.date, entry.date.value.to_string(), "{slug}: {href}");
            assert_eq!(
                card.feedback,
                entry
                    .feedback
                    .as_deref()
                    .map(|f| text::typography(Lang::Fr, f)),
                "{slug}: {href}"
            );
            if card.feedback.is_some() {
                assert!(card.by.is_some(), "{slug}: {href}: whose feedback?");
            }
        }
        let with_feedback = apprentice
            .entries
            .iter()
            .filter(|e| e.feedback.is_some())
            .count();
        assert_eq!(
            cards.iter().filter(|c| c.feedback.is_some()).count(),
            with_feedback,
            "{slug}"
        );
        if apprentice.slug == "lucas-martin" {
            // The most active apprentice: far more than the six the
            // portfolio used to keep.
            assert_eq!(with_feedback, 27);
            assert!(cards.iter().all(|c| c.by.as_deref() != Some("")));
        }
    }
    assert!(portfolios >= 10, "{portfolios} portfolios");
}

#[test]
fn journal_links_open_each_entry_from_a_server_and_from_file() {
    let dir = "apprentices/lucas-martin/";
    for file_links in [false, true] {
        let files = build_example(Path::new("example-site"), file_links);
        let html = page(&files, &format!("{dir}index.html"));
        let cards: Vec<Card> = journal(&html).into_iter().flat_map(|m| m.cards).collect();
        assert_eq!(cards.len(), 36);
        for card in &cards {
            // Below the portfolio's own folder: no detour through the root.
            assert!(!card.href.starts_with("../"), "{}", card.href);
            assert_eq!(
                card.href.ends_with("/index.html"),
                file_links,
                "{}",
                card.href
            );
            let target = resolve(dir, &card.href);
            let entry = page(&files, &target);
            let h1 = Html::parse_document(&entry)
                .select(&css("h1"))
                .next()
                .map(words)
                .unwrap();
            assert_eq!(h1, card.title, "{} (file links: {file_links})", card.href);
        }
        // The evidence, its thumbnails and their entries: files of the build.
        let document = Html::parse_document(&html);
        let evidence = document
            .select(&css("section[aria-labelledby=h-evidence]"))
            .next()
            .unwrap();
        let mut links = 0;
        for element in evidence.select(&css("a[href], img[src]")) {
            let link = element
                .value()
                .attr("href")
                .or(element.value().attr("src"))
                .unwrap();
            if link.contains("://") {
                continue;
            }
            links += 1;
            assert!(!link.starts_with("../"), "{link}");
            let target = resolve(dir, link);
            assert!(
                files.contains_key(&target),
                "{link} → {target} (file links: {file_links})"
            );
        }
        assert!(links >= 10, "{links} evidence links");
    }
}

#[test]
fn an_apprentice_without_entries_says_so() {
    let site = example_copy();
    let folder = site.path().join("apprentices/maxime-caron");
    for file in std::fs::read_dir(&folder).unwrap().flatten() {
        if file.file_name().to_string_lossy().starts_with("20") {
            std::fs::remove_file(file.path()).unwrap();
        }
    }
    let files = build_example(site.path(), false);
    let html = page(&files, "apprentices/maxime-caron/index.html");
    assert!(journal(&html).is_empty());
    let document = Html::parse_document(&html);
    let section = document
        .select(&css("section[aria-labelledby=h-timeline]"))
        .next()
        .unwrap();
    assert_eq!(
        words(section),
        "Journal de bord\nAucune entrée pour le moment."
    );
}

/// The journal's words, month by month: a snapshot to read.
fn journal_text(months: &[Month]) -> String {
    let mut out = String::new();
    for month in months {
        let open = if month.open { " (open)" } else { "" };
        out.push_str(&format!("{}{open}\n", month.summary));
        for card in &month.cards {
            out.push_str(&format!("  {} → {}\n", card.words.join(" | "), card.href));
            if let Some(feedback) = &card.feedback {
                out.push_str(&format!(
                    "    « {feedback} » {}\n",
                    card.by.as_deref().unwrap_or("")
                ));
            }
        }
    }
    out
}

#[test]
fn the_journal_in_both_languages() {
    let mut both = String::new();
    for (lang, slug, entry) in [
        (
            Lang::Fr,
            "apprenti-exemple",
            "+++\ntitle = \"Pose d'un évier\"\ndate = 2026-10-02\nkind = \"practice\"\nhours = 2.5\n+++\n",
        ),
        (
            Lang::En,
            "sample-apprentice",
            "+++\ntitle = \"Fitting a sink\"\ndate = 2026-10-02\nkind = \"practice\"\nhours = 2.5\n+++\n",
        ),
    ] {
        let site = TestSite::in_language(lang);
        site.write(&format!("apprentices/{slug}/2026-10-02-evier.md"), entry);
        let files = build_on(&site.root(), date(2026, 10, 20), false);
        let html = page(&files, &format!("apprentices/{slug}/index.html"));
        let document = Html::parse_document(&html);
        let count = document
            .select(&css("section[aria-labelledby=h-timeline] > p"))
            .next()
            .map(words)
            .unwrap();
        both.push_str(&format!("{count}\n{}", journal_text(&journal(&html))));
        both.push('\n');
    }
    insta::assert_snapshot!(both);
}
