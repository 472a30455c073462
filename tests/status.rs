//! One status model, figures people can trust, and who sees what: the
//! hours a portfolio shows are those of the counted kinds, declared and
//! validated apart; an apprentice's status reads the same wherever it is
//! shown; and the public site judges no one by name.

use std::collections::BTreeMap;
use std::path::Path;

use compagnon::derive::StatusLevel;
use compagnon::i18n::Lang;
use compagnon::model::{EntryKind, Site, Visibility};
use compagnon::render::{RenderOptions, text};
use jiff::civil::{Date, date};

/// A site opened and rendered in memory on `today`: the model, each
/// apprentice's status level, and the files.
fn built(
    root: &Path,
    today: Date,
) -> (
    compagnon::Project,
    Vec<StatusLevel>,
    BTreeMap<String, String>,
) {
    let options = compagnon::Options {
        today: Some(today),
        drafts: false,
    };
    let project = compagnon::open(root, &options);
    let Some(ready) = project.ready.as_ref() else {
        panic!("{} builds", root.display());
    };
    let levels = ready
        .derived
        .apprentices
        .iter()
        .map(|p| p.status.level)
        .collect();
    let (_, files) = compagnon::render_site(root, &options, &RenderOptions::default());
    let pages = files
        .expect("the site builds")
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect();
    (project, levels, pages)
}

/// The text of `html`, tags dropped, entities of the theme decoded,
/// spaces folded (non-breaking ones included).
fn text_of(html: &str) -> String {
    let document = scraper::Html::parse_fragment(html);
    let text: String = document.root_element().text().collect();
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn folded(s: &str) -> String {
    text_of(&format!("<p>{s}</p>"))
}

/// The portfolio's verdict: its status key and its reasons.
fn verdict(page: &str) -> (String, usize) {
    let document = scraper::Html::parse_document(page);
    let block = scraper::Selector::parse(".verdict").unwrap();
    let status = scraper::Selector::parse("p.status").unwrap();
    let reason = scraper::Selector::parse("li").unwrap();
    let verdict = document.select(&block).next().expect("a verdict");
    let key = verdict
        .select(&status)
        .next()
        .and_then(|p| p.value().classes().find_map(|c| c.strip_prefix("st-")))
        .expect("a status key")
        .to_string();
    (key, verdict.select(&reason).count())
}

fn key_of(level: StatusLevel) -> &'static str {
    match level {
        StatusLevel::OnTrack => "on-track",
        StatusLevel::Watch => "watch",
        StatusLevel::Behind => "behind",
    }
}

const TODAY: Date = date(2026, 12, 18);

#[test]
fn a_portfolio_shows_the_hours_of_the_counted_kinds_declared_and_validated_apart() {
    let (project, _, pages) = built(Path::new("example-site"), TODAY);
    let site = project.site().unwrap();
    let counted = &site.config.programme.counted_kinds;
    assert_eq!(counted, &[EntryKind::Practice, EntryKind::Training]);
    let mut seen = 0;
    for apprentice in site
        .apprentices
        .iter()
        .filter(|a| a.visibility == Visibility::Public)
    {
        let dated = apprentice.entries.iter().filter(|e| e.date.value <= TODAY);
        let (mut declared, mut validated) = (0.0, 0.0);
        let mut other: BTreeMap<&str, f64> = BTreeMap::new();
        for e in dated {
            if counted.contains(&e.kind) {
                declared += e.hours;
                if e.validated_by.is_some() {
                    validated += e.hours;
                }
            } else if e.hours > 0.0 {
                let name = match e.kind {
                    EntryKind::Checkin => "points de suivi",
                    _ => "bilans",
                };
                *other.entry(name).or_default() += e.hours;
            }
        }
        let page = &pages[&format!("apprentices/{}/index.html", apprentice.slug)];
        let text = text_of(page);
        let hours = |h| folded(&text::hours(Lang::Fr, h));
        let shown = format!("{} validées sur 400 h requises", hours(validated));
        assert!(text.contains(&shown), "{}: {shown}", apprentice.slug);
        let declared_text = format!("{} déclarées", hours(declared));
        assert!(
            text.contains(&declared_text),
            "{}: {declared_text}",
            apprentice.slug
        );
        if declared > validated {
            let waiting = format!(
                "dont {} en attente de validation",
                hours(declared - validated)
            );
            assert!(text.contains(&waiting), "{}: {waiting}", apprentice.slug);
        }
        if !other.is_empty() {
            let list: Vec<String> = other
                .iter()
                .rev()
                .map(|(name, h)| format!("{name} {}", hours(*h)))
                .collect();
            let apart = format!("Hors décompte : {}", list.join(", "));
            assert!(
                text.contains(&apart),
                "{}: {apart}\n{text}",
                apprentice.slug
            );
        }
        seen += 1;
    }
    assert!(seen >= 5, "{seen} public portfolios");
}

#[test]
fn every_portfolio_gives_its_apprentice_the_status_derive_gives_with_its_reasons() {
    for (root, today) in [
        (std::path::PathBuf::from("example-site"), TODAY),
        (demo(40, date(2026, 12, 1)), date(2026, 12, 1)),
    ] {
        let (project, levels, pages) = built(&root, today);
        let site = project.site().unwrap();
        let mut kinds = std::collections::BTreeSet::new();
        for (apprentice, level) in site.apprentices.iter().zip(&levels) {
            let Some(page) = pages.get(&format!("apprentices/{}/index.html", apprentice.slug))
            else {
                assert_ne!(apprentice.visibility, Visibility::Public);
                continue;
            };
            let (key, reasons) = verdict(page);
            assert_eq!(key, key_of(*level), "{}", apprentice.slug);
            if *level != StatusLevel::OnTrack {
                assert!(
                    reasons > 0,
                    "{}: a status without its reason",
                    apprentice.slug
                );
            }
            kinds.insert(key);
        }
        // The example shows the three levels.
        if root.ends_with("example-site") {
            assert_eq!(kinds.len(), 3, "{kinds:?}");
        }
    }
}

/// A generated programme of `n` apprentices, in a folder kept for the
/// test's duration (leaked: the test process ends soon after).
fn demo(n: usize, today: Date) -> std::path::PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    let root = dir.join("demo");
    compagnon::scaffold::demo::write(&root, n, today).unwrap();
    root
}

/// The words that judge or rank an apprentice: a status, a pace, a goal
/// overdue, a low fit.
const JUDGEMENTS: &[&str] = &[
    "En retard",
    "À surveiller",
    "Dans les temps",
    "En bonne voie",
    "À suivre",
    "en dessous du rythme",
    "adéquation faible",
    "adéquation moyenne",
    "à revoir",
];

/// Every block of every public page — a list item, a table row, a card, a
/// paragraph — that names an apprentice holds no judgement of them; their
/// own pages (their portfolio and its entries) excepted, which show them
/// their own status.
fn assert_nobody_judged_by_name(site: &Site, pages: &BTreeMap<String, String>) {
    let blocks = scraper::Selector::parse("li, tr, p, dd, article, figure, td").unwrap();
    let names: Vec<(&str, String)> = site
        .apprentices
        .iter()
        .map(|a| (a.slug.as_str(), a.name.clone()))
        .collect();
    let mut scanned = 0;
    for (path, page) in pages {
        let document = scraper::Html::parse_document(page);
        for block in document.select(&blocks) {
            let text: String = block.text().collect::<String>();
            let text = text_of(&format!("<p>{}</p>", html_escape(&text)));
            for (slug, name) in &names {
                if !text.contains(name.as_str())
                    || path.starts_with(&format!("apprentices/{slug}/"))
                {
                    continue;
                }
                for word in JUDGEMENTS {
                    assert!(
                        !text.contains(word),
                        "{path}: {name} beside « {word} »: {text}"
                    );
                }
                scanned += 1;
            }
        }
    }
    assert!(
        scanned > 0,
        "no apprentice named anywhere: the scan saw nothing"
    );
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;")
}

#[test]
fn the_public_site_names_nobody_beside_a_status_a_ranking_or_a_low_fit() {
    let (project, _, pages) = built(Path::new("example-site"), TODAY);
    assert_nobody_judged_by_name(project.site().unwrap(), &pages);
    let root = demo(60, date(2026, 12, 1));
    let (project, _, pages) = built(&root, date(2026, 12, 1));
    assert_nobody_judged_by_name(project.site().unwrap(), &pages);
}
