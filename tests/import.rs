//! Handbooks as they already exist, dropped into `programme/` with no edit:
//! one in GitBook's form, one in mdBook's, one plain GitHub tree. Each must
//! build, every internal link, image and anchor of its output must resolve,
//! and its menu must follow its table of contents (or its folders).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Builds the fixture (at the default and at file links) and returns its
/// output folder and the check's diagnostics as `code file` lines.
fn build(name: &str, file_links: bool) -> (tempfile::TempDir, Vec<String>) {
    let out = tempfile::tempdir().unwrap();
    let (checked, built) = compagnon::build_site(
        &fixture(name),
        &compagnon::BuildOptions {
            output: Some(out.path().to_path_buf()),
            render: compagnon::render::RenderOptions {
                file_links,
                ..Default::default()
            },
            ..Default::default()
        },
    );
    let found: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.file.as_deref().unwrap_or("")))
        .collect();
    assert!(built.is_some(), "{name} does not build: {found:?}");
    (out, found)
}

/// Every page of the output, by path relative to it.
fn pages(out: &Path) -> BTreeMap<String, Html> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let html = std::fs::read_to_string(e.path()).unwrap();
            (rel, Html::parse_document(&html))
        })
        .collect()
}

/// Every internal link, image and anchor of the output that leads nowhere.
fn broken(out: &Path) -> Vec<String> {
    let pages = pages(out);
    let ids: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|(rel, doc)| {
            let ids = doc
                .select(&Selector::parse("[id]").unwrap())
                .map(|e| e.value().attr("id").unwrap().to_string())
                .collect();
            (rel.as_str(), ids)
        })
        .collect();
    let mut broken = Vec::new();
    // An id twice on a page (two printed pages' "Objectifs") is a link
    // that may land on the wrong one.
    for (rel, doc) in &pages {
        let mut seen = BTreeSet::new();
        for e in doc.select(&Selector::parse("[id]").unwrap()) {
            let id = e.value().attr("id").unwrap();
            if !seen.insert(id) {
                broken.push(format!("{rel}: id {id} twice"));
            }
        }
    }
    let links = Selector::parse("a[href], img[src], link[href], script[src]").unwrap();
    for (rel, doc) in &pages {
        let folder = rel.rsplit_once('/').map_or("", |(f, _)| f);
        for element in doc.select(&links) {
            let attr = element
                .value()
                .attr("href")
                .or(element.value().attr("src"))
                .unwrap();
            if attr.contains("://") || attr.starts_with("mailto:") || attr.starts_with("data:") {
                continue;
            }
            let (path, fragment) = attr.split_once('#').unwrap_or((attr, ""));
            let path = path.split('?').next().unwrap();
            let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            let target = if decoded.is_empty() {
                rel.clone()
            } else {
                let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
                if decoded.starts_with('/') {
                    // The 404 page's links are absolute, under the base path.
                    continue;
                }
                for part in decoded.split('/') {
                    match part {
                        "" | "." => {}
                        ".." => {
                            parts.pop();
                        }
                        p => parts.push(p),
                    }
                }
                let mut joined = parts.join("/");
                if decoded.ends_with('/') || out.join(&joined).is_dir() {
                    joined = if joined.is_empty() {
                        "index.html".into()
                    } else {
                        format!("{joined}/index.html")
                    };
                }
                joined
            };
            if !out.join(&target).is_file() {
                broken.push(format!("{rel}: {attr}"));
            } else if !fragment.is_empty() && target.ends_with(".html") {
                let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
                if !ids
                    .get(target.as_str())
                    .is_some_and(|ids| ids.contains(fragment.as_ref()))
                {
                    broken.push(format!("{rel}: {attr} (no such anchor)"));
                }
            }
        }
    }
    broken
}

/// The menu of a page: each item as `label` (a page, its children
/// indented) or `# part`, `-> link`, `(draft)`.
fn menu(out: &Path, page: &str) -> Vec<String> {
    let html = std::fs::read_to_string(out.join(page)).unwrap();
    let doc = Html::parse_document(&html);
    let top = Selector::parse("details.tree nav > ul").unwrap();
    let mut lines = Vec::new();
    fn walk(list: scraper::ElementRef, depth: usize, lines: &mut Vec<String>) {
        for item in list.children().filter_map(scraper::ElementRef::wrap) {
            let class = item.value().attr("class").unwrap_or("");
            let text: String = item.text().next().unwrap_or("").trim().to_string();
            let indent = "  ".repeat(depth);
            if class == "tree-part" {
                lines.push(format!("{indent}# {text}"));
                continue;
            }
            if class == "tree-draft" {
                lines.push(format!("{indent}{text} (draft)"));
                continue;
            }
            let link = item
                .children()
                .filter_map(scraper::ElementRef::wrap)
                .next()
                .unwrap();
            let label: String = link.text().collect();
            let href = link.value().attr("href").unwrap();
            if href.contains("://") {
                lines.push(format!("{indent}{label} -> {href}"));
            } else {
                lines.push(format!("{indent}{label}"));
            }
            for sub in item
                .children()
                .filter_map(scraper::ElementRef::wrap)
                .filter(|e| e.value().name() == "ul")
            {
                walk(sub, depth + 1, lines);
            }
        }
    }
    walk(doc.select(&top).next().expect("a menu"), 0, &mut lines);
    lines
}

fn read(out: &Path, page: &str) -> String {
    std::fs::read_to_string(out.join(page)).unwrap()
}

#[test]
fn a_gitbook_handbook_builds_as_it_is() {
    for file_links in [false, true] {
        let (out, found) = build("gitbook", file_links);
        let out = out.path();
        // Its one page out of SUMMARY.md is said, and is published.
        assert_eq!(found, ["summary-unlisted programme/notes-internes.md"]);
        assert!(out.join("programme/notes-internes/index.html").is_file());
        assert_eq!(
            broken(out),
            Vec::<String>::new(),
            "file links: {file_links}"
        );
        // SUMMARY.md is the menu, not a page; its parts, nesting, external
        // link and draft chapter are there, in its order.
        assert!(!out.join("programme/summary").exists());
        assert_eq!(
            menu(out, "programme/suivi/point-hebdomadaire/index.html"),
            [
                "# Les personnes",
                "Les rôles",
                "Le site du CFA -> https://example.org/cfa",
                "# Le suivi",
                "Suivre l’apprentissage",
                "  Le point hebdomadaire",
                "  Le bilan mensuel (draft)",
                "Ressources utiles",
            ]
        );
        // Images and attachments, names with spaces included, are published.
        assert!(
            out.join("programme/gitbook/assets/Photo atelier (1).png")
                .is_file()
        );
        assert!(
            out.join("programme/ressources-utiles/fiche de suivi.pdf")
                .is_file()
        );
        // GitBook's redirects leave a page at the old address.
        let redirect = read(out, "programme/ancien-guide/tuteur/index.html");
        assert!(
            redirect.contains("url=../../../programme/les-roles/le-tuteur/"),
            "{redirect}"
        );
        // No GitBook block is printed raw; the first heading is the title,
        // shown once; the front matter's description is the summary.
        for (rel, doc) in pages(out) {
            let html = doc.html();
            assert!(!html.contains("{%"), "{rel} shows a GitBook block raw");
        }
        let tutor = read(out, "programme/les-roles/le-tuteur/index.html");
        assert!(tutor.contains("<title>Le tuteur"));
        assert_eq!(tutor.matches(">Le tuteur</h1>").count(), 1);
        assert!(tutor.contains("Ce que fait le tuteur, semaine après semaine."));
        let front = read(out, "programme/index.html");
        assert!(front.contains("callout"), "the hint is a callout");
        // Images get their size, so that the page does not jump as it loads.
        assert!(
            front.contains("alt=\"L’équipe de l’atelier\" width=\"8\" height=\"6\""),
            "{front}"
        );
        // The whole handbook on one page, in the menu's order.
        let print = Html::parse_document(&read(out, "programme/print.html"));
        let titles: Vec<String> = print
            .select(&Selector::parse("div.printed-page > h2").unwrap())
            .map(|h| h.text().collect())
            .collect();
        assert_eq!(
            titles,
            [
                "Bienvenue",
                "Les rôles",
                "Le tuteur",
                "L’apprenti",
                "Suivre l’apprentissage",
                "Le point hebdomadaire",
                "Ressources utiles"
            ]
        );
        assert!(front.contains("print.html"), "each page links to it");

        // What GitBook's own export writes in raw HTML leads where it
        // should (`broken` above saw every link of it).
        let suivi = Html::parse_document(&read(out, "programme/suivi/index.html"));
        let select = |css: &str| -> Vec<scraper::ElementRef> {
            suivi.select(&Selector::parse(css).unwrap()).collect()
        };
        // A card table is a list of cards, each titled by its first cell
        // and leading to its target; its cover is left out.
        let cards: Vec<(String, String)> = select("ul.cards > li > a")
            .iter()
            .map(|a| {
                (
                    a.text().collect::<String>(),
                    a.value().attr("href").unwrap().to_string(),
                )
            })
            .collect();
        let page = |path: &str| match file_links {
            false => path.to_string(),
            true => format!("{path}index.html"),
        };
        assert_eq!(
            cards,
            [
                (
                    "Préparer le point".to_string(),
                    page("../../programme/suivi/point-hebdomadaire/")
                ),
                ("Les rôles".to_string(), page("../les-roles/"))
            ]
        );
        assert!(select("ul.cards img").is_empty());
        // GitBook's heading anchor is the heading's id, and no empty link.
        let heading = select("h2#bilan");
        assert_eq!(heading.len(), 1);
        // (The theme adds no "#" link to headings either.)
        assert_eq!(select("h2#bilan a").len(), 0);
        // A hidden header and a hidden column stay hidden.
        assert!(select("thead").is_empty());
        assert!(!suivi.html().contains("caché"));
        // Footnotes are numbered and linked both ways; GitHub's
        // `#user-content-fn-1` leads to the note.
        assert_eq!(select("sup.footnote-ref a[href='#fn-1']").len(), 1);
        assert_eq!(select("section.footnotes li#fn-1").len(), 1);
        assert_eq!(select("a[href='#fn-1']").len(), 2);
        // An image of raw HTML, a GIF, gets its size too.
        let gif = select("figure img");
        assert_eq!(gif[0].value().attr("width"), Some("3"));
        assert_eq!(gif[0].value().attr("height"), Some("2"));
        // A card of `{% content-ref %}` shows its page's title.
        let roles = read(out, "programme/les-roles/index.html");
        assert!(roles.contains(">Le tuteur</a></p>\n</div>"), "{roles}");
    }
}

#[test]
fn an_mdbook_handbook_builds_as_it_is() {
    let (out, found) = build("mdbook", false);
    let out = out.path();
    assert_eq!(found, Vec::<String>::new());
    assert_eq!(broken(out), Vec::<String>::new());
    assert_eq!(
        menu(out, "programme/guide/premier-jour/index.html"),
        [
            "# Guide de l’alternant",
            "Bien démarrer",
            "  Le premier jour",
            "Le carnet de bord",
            "L’évaluation (draft)",
            "# Annexes",
            "Glossaire",
            "Contributeurs",
        ]
    );
    // Reading order follows SUMMARY.md: the glossary comes after the log.
    let log = read(out, "programme/guide/carnet/index.html");
    assert!(
        log.contains("href=\"../../../programme/misc/glossaire/\" rel=\"next\""),
        "{log}"
    );
    // A line of a single backslash is a line break, not a backslash.
    let first_day = read(out, "programme/guide/premier-jour/index.html");
    assert!(
        !first_day.contains(">\\<") && !first_day.contains("\\\n"),
        "{first_day}"
    );
}

#[test]
fn a_plain_github_tree_builds_as_it_is() {
    let (out, found) = build("github", false);
    let out = out.path();
    assert_eq!(found, Vec::<String>::new());
    assert_eq!(broken(out), Vec::<String>::new());
    // Without SUMMARY.md the folders are the menu: a folder without a README
    // is a page named after it, YAML front matter read.
    assert_eq!(
        menu(out, "programme/02-pratiques/outils/fiche-outil/index.html"),
        [
            "Accueil",
            "02 pratiques",
            "  Outils",
            "    La fiche outil",
            "  Le mentorat au quotidien"
        ]
    );
    let accueil = read(out, "programme/01-accueil/index.html");
    assert!(accueil.contains("<h1>Accueil</h1>"), "{accueil}");
    let front = read(out, "programme/index.html");
    assert!(front.contains("callout"), "[!NOTE] is a callout: {front}");
}
