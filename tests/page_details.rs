//! Details of the example's pages that readers meet: the 404 page reads
//! the same wherever the host serves it, evidence says its type and size,
//! the check-in strip says its months, headings carry no "#" tab stop.

use std::path::Path;
use std::sync::OnceLock;

use compagnon::{BuildOptions, build_site};
use scraper::{Html, Selector};

/// example-site built once: (temp folder, output).
fn example() -> &'static Path {
    static BUILT: OnceLock<tempfile::TempDir> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let options = BuildOptions {
                output: Some(dir.path().join("public")),
                ..BuildOptions::default()
            };
            let (checked, built) = build_site(Path::new("example-site"), &options);
            assert!(built.is_some(), "{:?}", checked.diagnostics);
            dir
        })
        .path()
}

fn page(rel: &str) -> Html {
    let path = example().join("public").join(rel);
    Html::parse_document(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&Selector::parse(selector).unwrap())
        .map(|e| e.text().collect::<String>())
        .collect()
}

fn attrs(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    html.select(&Selector::parse(selector).unwrap())
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

#[test]
fn the_404_page_holds_its_style_and_links_to_the_published_site() {
    let html = page("404.html");
    // The theme's stylesheet is inside the page, not behind a path that
    // depends on where the page is served.
    assert!(attrs(&html, "link[rel=stylesheet]", "href").is_empty());
    let style = texts(&html, "head style").concat();
    let published = std::fs::read_to_string(example().join("public/assets/style.css")).unwrap();
    assert_eq!(style, published);
    // Every link and script leads to the published site in full.
    let base = "https://example.org/compagnons-du-nord/";
    for link in attrs(&html, "a[href], script[src], link[href]", "href")
        .into_iter()
        .chain(attrs(&html, "script[src]", "src"))
        .filter(|l| !l.starts_with('#') && !l.starts_with("mailto:"))
    {
        assert!(link.starts_with(base), "{link}");
    }
}

#[test]
fn evidence_files_say_their_type_and_size() {
    let example_file = Path::new("example-site/apprentices/lucas-martin");
    let html = page("apprentices/lucas-martin/index.html");
    let shown = texts(&html, ".gallery li, .docs li").join("\n");
    let mut checked = 0;
    for entry in std::fs::read_dir(example_file).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((_, ext)) = name.rsplit_once('.') else {
            continue;
        };
        if ext == "md" {
            continue;
        }
        let bytes = entry.metadata().unwrap().len();
        let kb = (bytes as f64 / 1024.0).round();
        let kind = if ext == "jpg" {
            "JPEG".to_string()
        } else {
            ext.to_uppercase()
        };
        let expected = format!("{kind}, {kb}\u{a0}Ko");
        assert!(
            shown.contains(&expected),
            "{name}: {expected:?} not in {shown}"
        );
        checked += 1;
    }
    assert!(checked > 0, "lucas-martin has evidence files");
    // A link is a link, with no size.
    let chloe = texts(&page("apprentices/chloe-fontaine/index.html"), ".docs li").join("\n");
    assert!(chloe.contains("(lien externe)"), "{chloe}");
}

#[test]
fn the_check_in_strip_names_its_months() {
    let html = page("apprentices/lucas-martin/index.html");
    let months = texts(&html, ".strip .strip-m");
    assert!(
        months.starts_with(&["sept.\u{a0}2026".to_string(), "oct.\u{a0}2026".to_string()]),
        "{months:?}"
    );
    // Each week is under its month, with its date for screen readers.
    let weeks = texts(&html, ".strip > li:first-child li .sr");
    assert!(
        !weeks.is_empty() && weeks.iter().all(|w| w.contains("septembre")),
        "{weeks:?}"
    );
}

#[test]
fn headings_carry_no_link_of_their_own() {
    let html = page("programme/ressources/charte/index.html");
    let headings = html
        .select(&Selector::parse("main h2, main h3").unwrap())
        .collect::<Vec<_>>();
    assert!(headings.len() > 3);
    for h in headings {
        assert!(h.value().attr("id").is_some(), "{}", h.html());
        assert!(
            h.select(&Selector::parse("a").unwrap()).next().is_none(),
            "{}",
            h.html()
        );
    }
}
