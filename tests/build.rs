//! `compagnon build` as its readers rely on it: every page of the URL table
//! exists, every link and asset resolves, private apprentices leave no
//! trace, unlisted ones are linked from nowhere, what users write is
//! escaped, the output is the same twice and replaced atomically.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use compagnon::render::RenderOptions;
use compagnon::{BuildOptions, build_site};

/// Builds `site` into `output`, failing the test with the diagnostics if the build fails.
fn build(site: &Path, output: &Path, options: BuildOptions) -> BTreeMap<String, Vec<u8>> {
    let options = BuildOptions {
        output: Some(output.to_path_buf()),
        ..options
    };
    let (checked, built) = build_site(site, &options);
    let problems: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{d:?}"))
        .collect();
    assert!(built.is_some(), "build failed: {problems:#?}");
    read_tree(output)
}

fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// example-site, built once for the tests that only read it.
fn example() -> &'static BTreeMap<String, Vec<u8>> {
    static BUILT: OnceLock<(tempfile::TempDir, BTreeMap<String, Vec<u8>>)> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let files = build(
                Path::new("example-site"),
                &dir.path().join("public"),
                BuildOptions::default(),
            );
            (dir, files)
        })
        .1
}

fn html(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    page_text(files, path)
}

#[test]
fn every_url_of_the_contract_exists() {
    let files = example();
    let mut expected = vec![
        "index.html",
        "programme/index.html",
        "programme/roles/mentor/index.html",
        "competencies/index.html",
        "competencies/soudure-cuivre/index.html",
        "mentors/index.html",
        "mentors/claire-dubois/index.html",
        "apprentices/index.html",
        "apprentices/lucas-martin/index.html",
        "apprentices/lucas-martin/2026-09-24-pose-chauffe-eau/index.html",
        "apprentices/lucas-martin/2026-09-24-pose-chauffe-eau/chauffe-eau-schema.jpg",
        "apprentices/lucas-martin/2026-09-24-pose-chauffe-eau/chauffe-eau-schema.jpg.thumb.jpg",
        "apprentices/chloe-fontaine/index.html",
        "progress/index.html",
        "progress/septembre-2026/index.html",
        "progress/octobre-2026/index.html",
        "progress/decembre-2026/index.html",
        "matching/index.html",
        "search/index.html",
        "search/index.js",
        "atom.xml",
        "apprentices/lucas-martin/atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "favicon.svg",
        "mentors/claire-dubois.jpg",
    ];
    expected.sort();
    let missing: Vec<&&str> = expected
        .iter()
        .filter(|p| !files.contains_key(**p))
        .collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
    // One page per handbook file, competency, mentor and non-private apprentice entry.
    let pages = files.keys().filter(|p| p.ends_with("index.html")).count();
    assert!(pages > 21 + 15 + 7 + 11 + 250, "{pages} pages");
}

/// Every `href`/`src` of an HTML file that stays inside the site.
fn internal_links(body: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(body);
    let selector = scraper::Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
    let mut links = Vec::new();
    for element in document.select(&selector) {
        let value = element.value();
        let target = value
            .attr("href")
            .or_else(|| value.attr("src"))
            .unwrap_or_default();
        if target.contains("://")
            || target.starts_with("mailto:")
            || target.starts_with("tel:")
            || target.starts_with('#')
        {
            continue;
        }
        links.push(target.to_string());
    }
    links
}

/// Resolves a relative link from a page to an output path.
fn resolve(page: &str, link: &str, base_path: &str) -> String {
    let link = link.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<&str> = if let Some(absolute) = link.strip_prefix(base_path) {
        absolute.split('/').collect()
    } else {
        let mut dir: Vec<&str> = page.split('/').collect();
        dir.pop();
        dir.extend(link.split('/'));
        dir
    };
    let mut resolved: Vec<&str> = Vec::new();
    for part in parts.drain(..) {
        match part {
            "" | "." => {}
            ".." => {
                resolved.pop();
            }
            p => resolved.push(p),
        }
    }
    let mut path = resolved.join("/");
    if link.is_empty() || link.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    path
}

fn broken_links(files: &BTreeMap<String, Vec<u8>>, base_path: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let body = String::from_utf8_lossy(bytes);
        for link in internal_links(&body) {
            let target = resolve(path, &link, base_path);
            if !files.contains_key(&target) {
                broken.push(format!("{path}: {link} → {target}"));
            }
        }
    }
    broken
}

#[test]
fn every_internal_link_and_asset_resolves() {
    let broken = broken_links(example(), "/compagnons-du-nord/");
    assert!(
        broken.is_empty(),
        "{} broken links, first: {:#?}",
        broken.len(),
        &broken[..broken.len().min(20)]
    );
}

/// Strings that belong to one apprentice only: name, id, goal titles,
/// evidence files, feedback — minus any that other files also contain.
fn own_strings(slug: &str) -> Vec<String> {
    let site = compagnon::check_site(Path::new("example-site"), None)
        .site
        .unwrap();
    let apprentice = site.apprentices.iter().find(|a| a.slug == slug).unwrap();
    let mut strings: BTreeSet<String> = BTreeSet::new();
    strings.insert(apprentice.slug.clone());
    strings.insert(apprentice.name.clone());
    strings.extend(
        apprentice
            .name
            .split_whitespace()
            .filter(|w| w.len() > 3)
            .map(String::from),
    );
    strings.extend(apprentice.goals.iter().map(|g| g.title.value.clone()));
    strings.extend(apprentice.files.iter().cloned());
    strings.extend(
        apprentice
            .entries
            .iter()
            .filter_map(|e| e.feedback.as_deref().map(String::from)),
    );
    strings.extend(
        apprentice
            .entries
            .iter()
            .map(|e| e.slug.to_string())
            .filter(|s| s.len() > 20),
    );
    // The other sources only: a site built by the README's first command
    // (example-site/public/, and its manifest beside) holds her pages too.
    let others: String = walkdir::WalkDir::new("example-site")
        .into_iter()
        .filter_entry(|e| {
            e.path() != Path::new("example-site/public")
                && !e.file_name().to_string_lossy().starts_with(".compagnon-")
        })
        .flatten()
        .filter(|e| {
            e.file_type().is_file()
                && !e
                    .path()
                    .starts_with(format!("example-site/apprentices/{slug}"))
        })
        .map(|e| {
            format!(
                "{} {}",
                e.path().display(),
                std::fs::read_to_string(e.path()).unwrap_or_default()
            )
        })
        .collect();
    strings
        .into_iter()
        .filter(|s| !others.contains(s.as_str()))
        .collect()
}

#[test]
fn a_private_apprentice_leaves_no_trace_in_any_output_byte() {
    let strings = own_strings("manon-roussel");
    assert!(strings.iter().any(|s| s == "Manon Roussel"), "{strings:?}");
    for (path, bytes) in example() {
        assert!(!path.contains("manon-roussel"), "{path}");
        let text = String::from_utf8_lossy(bytes);
        for s in &strings {
            assert!(!text.contains(s.as_str()), "{path} contains {s:?}");
        }
    }
    // The only private apprentice of her cohort, fewer than `min_group`
    // (3): she counts in no figure, and the progress page says that some
    // apprentices are left out, never how many or who.
    let progress = html(example(), "progress/index.html").replace("&#39;", "'");
    assert!(progress.contains("ne sont pas comptés"), "{progress}");
}

#[test]
fn an_unlisted_apprentice_is_built_but_linked_from_nowhere() {
    // Chloé has a mentor; Sarah seeks one, so the matching page knows her.
    let files = example();
    for slug in ["chloe-fontaine", "sarah-lemaire"] {
        let folder = format!("apprentices/{slug}/");
        let portfolio = html(files, &format!("{folder}index.html"));
        assert!(
            portfolio.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{slug}: no noindex"
        );
        let entry = files
            .keys()
            .find(|p| p.starts_with(&format!("{folder}2026-")) && p.ends_with("index.html"))
            .unwrap();
        assert!(html(files, entry).contains("content=\"noindex\""));
        let strings = own_strings(slug);
        assert!(strings.len() >= 2, "{slug}: {strings:?}");
        for (path, bytes) in files {
            if path.starts_with(&folder) {
                continue;
            }
            let text = String::from_utf8_lossy(bytes);
            for s in &strings {
                assert!(!text.contains(s.as_str()), "{path} mentions {s:?}");
            }
        }
    }
}

/// The matching page of example-site names none of its unlisted (Sarah
/// Lemaire, Chloé Fontaine) or private (Manon) apprentices.
fn assert_names_no_hidden_apprentice(page: &str) {
    for hidden in [
        "Sarah",
        "Lemaire",
        "sarah-lemaire",
        "Manon",
        "Chloé",
        "chloe-fontaine",
    ] {
        assert!(!page.contains(hidden), "the matching page names {hidden}");
    }
}

#[test]
fn the_matching_page_explains_each_suggestion_and_where_mentors_lack() {
    use scraper::{Html, Selector};
    let files = example();
    let page = html(files, "matching/index.html");
    let doc = Html::parse_document(&page);
    let one = |css: &str| -> String {
        let sel = Selector::parse(css).unwrap();
        doc.select(&sel)
            .next()
            .unwrap_or_else(|| panic!("no {css}"))
            .text()
            .collect::<String>()
    };
    // A suggestion: the mentor, the fit in words (a public page puts no
    // score beside a name: see tests/coordinator.rs), the reasons.
    let maxime = one("#maxime-caron");
    assert!(maxime.contains("Paul Garnier"), "{maxime}");
    assert!(
        !maxime.contains("97\u{a0}%") && maxime.contains("très bonne adéquation"),
        "{maxime}"
    );
    assert!(maxime.contains("Tous deux à Roubaix"), "{maxime}");
    assert!(
        maxime.contains("Entretenir et dépanner une chaudière gaz niveau 5, Maxime vise 3"),
        "{maxime}"
    );
    // Alternatives, ranked by score, are the coordinator's edition's only.
    assert!(!page.contains("<details class=\"alts\""));
    // Nobody can take Awa: she is listed with why.
    let awa = one("#awa-diallo");
    assert!(
        awa.contains("2 mentors ont") && awa.contains("sans place libre"),
        "{awa}"
    );
    // The supply and demand table says where to recruit.
    let table = one("table.supply");
    assert!(
        table.contains("Maîtriser les cuissons") && table.contains("Il manque 1 place"),
        "{table}"
    );
    // Existing pairs keep their mentor, without a score.
    let pairs = one("table.pairs");
    assert!(
        pairs.contains("Lucas Martin") && pairs.contains("Claire Dubois"),
        "{pairs}"
    );
    assert!(
        !pairs.contains('%') && !pairs.contains("adéquation"),
        "{pairs}"
    );
    // Mentors with free seats, and who is suggested to them.
    assert!(one("#h-offers + ul").contains("Proposé ici à"));
    // Sarah (unlisted) is suggested to Thomas Lefebvre, Manon (private)
    // and Chloé (unlisted) have mentors: too few to stay anonymous
    // (`min_group = 3`), they are neither named nor counted.
    let text = one("main");
    assert!(
        !text.contains("dont le portfolio n’est pas public"),
        "{text}"
    );
    assert_names_no_hidden_apprentice(&page);
    // Without JavaScript the filter stays hidden; every card is in the HTML.
    assert!(page.contains("<form class=\"match-filter\" data-match-filter"));
    assert!(page.contains(" hidden>\n<fieldset>"));
    // Everyone finds the page: the menu of every page, the home page, the sitemap.
    assert!(html(files, "index.html").contains("href=\"matching/\""));
    assert!(html(files, "mentors/index.html").contains("href=\"../matching/\""));
    assert!(String::from_utf8_lossy(&files["sitemap.xml"]).contains("/matching/</loc>"));
}

#[test]
fn with_a_min_group_of_one_hidden_apprentices_are_counted_never_named() {
    let site = common::example_copy();
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replace("[privacy]\n", "[privacy]\nmin_group = 1\n"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let files = build(
        site.path(),
        &out.path().join("public"),
        BuildOptions::default(),
    );
    let page = html(&files, "matching/index.html").replace("&#39;", "'");
    assert!(
        page.contains(
            "1 autre apprenti, dont le portfolio n’est pas public, cherche aussi un mentor"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "2 autres binômes concernent des apprentis dont le portfolio n’est pas public"
        ),
        "{page}"
    );
    assert_names_no_hidden_apprentice(&page);
    assert!(!html(&files, "progress/index.html").contains("ne sont pas comptés"));
}

/// Progress pages show where the programme stands without naming or
/// judging anyone: no apprentice's name, no link to a portfolio; each row
/// of the levels table counts every apprentice the competency concerns once.
#[test]
fn progress_pages_count_apprentices_and_name_none() {
    let files = example();
    let mut names = Vec::new();
    for entry in std::fs::read_dir("example-site/apprentices").unwrap() {
        let profile = entry.unwrap().path().join("_index.md");
        let text = std::fs::read_to_string(&profile).unwrap();
        let name = text
            .lines()
            .find_map(|l| l.strip_prefix("name = \"").or(l.strip_prefix("name: \"")))
            .and_then(|l| l.strip_suffix('"'))
            .unwrap_or_else(|| panic!("{} has no name", profile.display()));
        names.push(name.to_string());
    }
    assert!(names.len() >= 10, "{names:?}");
    let pages: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with("progress/") && p.ends_with(".html"))
        .collect();
    assert!(pages.len() >= 4, "{pages:?}");
    let rows = scraper::Selector::parse("table.heat tbody tr:not(.block)").unwrap();
    let cells = scraper::Selector::parse("td.lv, td.na").unwrap();
    let target = scraper::Selector::parse("td.at-target").unwrap();
    for page in pages {
        let text = html(files, page);
        for name in &names {
            assert!(!text.contains(name.as_str()), "{page} names {name}");
        }
        // The menu links to the list of portfolios, nothing to one of them.
        assert!(
            !text.contains("apprentices/")
                || text
                    .split("apprentices/")
                    .skip(1)
                    .all(|rest| rest.starts_with('"')),
            "{page} links to a portfolio"
        );
        let document = scraper::Html::parse_document(&text);
        let mut checked = 0;
        for row in document.select(&rows) {
            let counts: Vec<usize> = row
                .select(&cells)
                .map(|c| c.text().collect::<String>().parse().unwrap())
                .collect();
            let at_target: String = row.select(&target).next().unwrap().text().collect();
            let (reached, concerned) = at_target.split_once('/').unwrap();
            let (reached, concerned): (usize, usize) =
                (reached.parse().unwrap(), concerned.parse().unwrap());
            assert_eq!(counts.len(), 6, "{page}: levels 0 to 5");
            assert_eq!(
                counts.iter().sum::<usize>(),
                concerned,
                "{page}: {at_target}"
            );
            assert!(reached <= concerned, "{page}: {at_target}");
            checked += 1;
        }
        assert!(checked > 0, "{page} has no levels table");
    }
}

/// The levels table of each progress page as a reader scans it: each
/// block's header row, then the full names of its competencies.
fn heat_groups(page: &str) -> Vec<(String, Vec<String>)> {
    let selector = |s: &str| scraper::Selector::parse(s).unwrap();
    let (groups, block, competency) = (
        selector("table.heat > tbody"),
        selector("tr.block > th[scope=rowgroup]"),
        selector("tr > th[scope=row]"),
    );
    let text = |e: scraper::ElementRef| e.text().collect::<String>();
    scraper::Html::parse_document(page)
        .select(&groups)
        .map(|group| {
            let name = group.select(&block).next().map(text).unwrap_or_default();
            (name, group.select(&competency).map(text).collect())
        })
        .collect()
}

/// Levels by competency read by block, as the framework orders them: the
/// programme's page lists every competency by its full name under its
/// block's header; a cohort's keeps that order with fewer rows.
#[test]
fn the_levels_table_groups_competencies_under_their_blocks_in_framework_order() {
    let options = compagnon::Options {
        today: None,
        drafts: false,
    };
    let project = compagnon::open(Path::new("example-site"), &options);
    let (site, lang) = (project.site().unwrap(), project.checked.lang);
    let typography = |s: &str| compagnon::render::text::typography(lang, s);
    let framework: Vec<(String, Vec<String>)> = site
        .framework
        .as_ref()
        .unwrap()
        .blocks
        .iter()
        .map(|block| {
            let names = site
                .competencies
                .iter()
                .filter(|c| c.block.value == block.id.value)
                .map(|c| typography(&c.name))
                .collect();
            (typography(&block.name), names)
        })
        .collect();
    assert_eq!(framework.len(), 4);
    assert_eq!(framework.iter().map(|b| b.1.len()).sum::<usize>(), 15);

    let files = example();
    assert_eq!(heat_groups(&html(files, "progress/index.html")), framework);
    let cohorts: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with("progress/") && p.matches('/').count() == 2)
        .collect();
    assert_eq!(cohorts.len(), 3, "{cohorts:?}");
    for page in cohorts {
        let groups = heat_groups(&html(files, page));
        assert!(!groups.is_empty(), "{page}");
        // Each group is a block of the framework, in its order, with its
        // competencies in their order.
        let mut blocks = framework.iter();
        for (name, competencies) in &groups {
            let (_, all) = blocks
                .find(|b| &b.0 == name)
                .unwrap_or_else(|| panic!("{page}: block {name:?} out of order or unknown"));
            let mut rest = all.iter();
            for c in competencies {
                assert!(
                    rest.any(|a| a == c),
                    "{page}: {c:?} not in {name:?} or out of order"
                );
            }
        }
    }
}

/// On a phone the header is the site's name and one "Menu" button: the
/// menu (the site's sections, the current one marked) and the search fold
/// into a <details> that opens without JavaScript.
#[test]
fn every_page_folds_its_sections_and_search_into_the_menu() {
    let selector = |s: &str| scraper::Selector::parse(s).unwrap();
    let menu = selector("header.site-header > div > details.menu");
    let summary = selector("details.menu > summary");
    let nav = selector("details.menu > nav.site-nav[aria-label] a");
    let search = selector("details.menu > form.head-search[role=search]");
    let stray = selector("header nav, header form");
    let current = selector("details.menu nav a[aria-current=page]");
    let mut pages = Vec::new();
    for (path, bytes) in example() {
        let text = String::from_utf8_lossy(bytes);
        if !path.ends_with(".html") || !text.contains("class=\"site-header\"") {
            continue;
        }
        let page = scraper::Html::parse_document(&text);
        assert_eq!(page.select(&menu).count(), 1, "{path}");
        let word: String = page.select(&summary).next().unwrap().text().collect();
        assert_eq!(word, "Menu", "{path}");
        assert!(page.select(&nav).count() >= 6, "{path}");
        let searches = page.select(&search).count();
        assert_eq!(searches, usize::from(path != "search/index.html"), "{path}");
        // The menu's nav and search, and nothing else.
        assert_eq!(page.select(&stray).count(), 1 + searches, "{path}");
        pages.push(path.as_str());
        if path == "progress/index.html" {
            let here = page.select(&current).next().expect("the current section");
            assert!(here.value().attr("href").unwrap().ends_with("progress/"));
        }
    }
    for page in [
        "index.html",
        "progress/index.html",
        "apprentices/lucas-martin/index.html",
    ] {
        assert!(pages.contains(&page), "{page} has no site header");
    }
}

/// The attack of the privacy issue: a private apprentice's figures
/// recovered by subtracting the public rows and the unlisted pages from a
/// total. Manon is the example's only private apprentice: whatever she
/// logs, not one byte of the site may change.
#[test]
fn whatever_a_private_apprentice_too_few_to_hide_logs_no_byte_of_the_site_changes() {
    let site = common::example_copy();
    let out = tempfile::tempdir().unwrap();
    let before = build(
        site.path(),
        &out.path().join("before"),
        BuildOptions::default(),
    );
    let manon = site.path().join("apprentices/manon-roussel");
    for entry in std::fs::read_dir(&manon).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".md") || name == "_index.md" {
            continue;
        }
        if name.contains("bilan") {
            std::fs::remove_file(&path).unwrap();
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let bumped: String = text
            .lines()
            .map(|line| match line.strip_prefix("hours = ") {
                Some(hours) => format!("hours = {}\n", hours.parse::<f64>().unwrap() * 3.0 + 1.0),
                None => format!("{line}\n"),
            })
            .collect();
        std::fs::write(&path, bumped).unwrap();
    }
    let after = build(
        site.path(),
        &out.path().join("after"),
        BuildOptions::default(),
    );
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &before {
        assert!(after[path] == *bytes, "{path} changed with Manon's hours");
    }
    // The pages say that some apprentices are left out of the figures.
    assert!(html(&before, "progress/index.html").contains("ne sont pas comptés"));
}

#[test]
fn evidence_named_with_url_characters_is_linked_percent_encoded() {
    let site = TestSite::new();
    let name = "plan #2 v?50%.pdf";
    site.write_bytes(&format!("apprentices/apprenti-exemple/{name}"), b"%PDF-1.4");
    site.edit(ENTRY, "+++\n", &format!("+++\nevidence = [\"{name}\"]\n"));
    let out = tempfile::tempdir().unwrap();
    let files = build(&site.root(), &out.path().join("public"), on_test_day());
    let dir = "apprentices/apprenti-exemple/2026-09-01-premier-point/";
    assert!(files.contains_key(&format!("{dir}{name}")));
    let page = html(&files, &format!("{dir}index.html"));
    assert!(
        page.contains("/plan%20%232%20v%3F50%25.pdf\""),
        "{}",
        page.lines()
            .filter(|l| l.contains("plan"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(!page.contains("/plan #2"), "unencoded link");
}

#[test]
fn a_start_date_centuries_early_does_not_make_a_portfolio_of_thousands_of_weeks() {
    let site = TestSite::new();
    let text = site.read(APPRENTICE);
    let line = text.lines().find(|l| l.starts_with("started = ")).unwrap();
    site.write(APPRENTICE, &text.replacen(line, "started = 0226-09-01", 1));
    let out = tempfile::tempdir().unwrap();
    let files = build(&site.root(), &out.path().join("public"), on_test_day());
    let portfolio = &files["apprentices/apprenti-exemple/index.html"];
    assert!(portfolio.len() < 300_000, "{} bytes", portfolio.len());
}

#[test]
fn the_matching_page_of_an_english_site_with_nobody_seeking() {
    let site = TestSite::in_language(compagnon::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let files = build(
        &site.root(),
        &dir.path().join("out"),
        BuildOptions::default(),
    );
    let page = html(&files, "matching/index.html");
    assert!(
        page.contains("<h1>Mentor–apprentice matching</h1>"),
        "{page}"
    );
    assert!(page.contains("No suggestion to make"), "{page}");
    assert!(page.contains("How the score is made"));
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let again = build(
        Path::new("example-site"),
        &dir.path().join("again"),
        BuildOptions::default(),
    );
    let first = example();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        again.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in first {
        assert!(again[path] == *bytes, "{path} differs between two builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let site = TestSite::new();
    let output: PathBuf = dir.path().join("public");
    let before = build(&site.root(), &output, BuildOptions::default());

    site.edit(MENTOR, "capacity = 2", "capacity = \"deux\"");
    let (checked, built) = build_site(
        &site.root(),
        &BuildOptions {
            output: Some(output.clone()),
            ..BuildOptions::default()
        },
    );
    assert!(built.is_none() && checked.diagnostics.has_errors());
    assert_eq!(
        read_tree(&output),
        before,
        "a site error changed the output"
    );

    site.edit(MENTOR, "capacity = \"deux\"", "capacity = 2");
    site.write("templates/mentor.html", "{{ nope.nothing }}");
    let (checked, built) = build_site(
        &site.root(),
        &BuildOptions {
            output: Some(output.clone()),
            ..BuildOptions::default()
        },
    );
    assert!(built.is_none(), "a broken template must fail the build");
    assert!(checked.diagnostics.iter().any(|d| d.code == "template"));
    assert_eq!(
        read_tree(&output),
        before,
        "a template error changed the output"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|name| name.to_string_lossy().starts_with(".compagnon-build-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

#[test]
fn the_output_never_overwrites_the_site_or_foreign_files() {
    let site = TestSite::new();
    for output in [
        site.root(),
        site.root().join("programme/out"),
        site.root().parent().unwrap().to_path_buf(),
        // `..` past a folder that does not exist yet.
        site.root().join("nope/../apprentices/out"),
        site.root().join("nope/deeper/../../static/site"),
        site.root().join("./programme/../mentors"),
    ] {
        let (checked, built) = build_site(
            &site.root(),
            &BuildOptions {
                output: Some(output.clone()),
                ..BuildOptions::default()
            },
        );
        assert!(built.is_none(), "{output:?} accepted");
        assert!(
            checked
                .diagnostics
                .iter()
                .any(|d| d.code == "output-in-site"),
            "{output:?}"
        );
    }
    let foreign = tempfile::tempdir().unwrap();
    std::fs::write(foreign.path().join("thesis.docx"), "precious").unwrap();
    let (checked, built) = build_site(
        &site.root(),
        &BuildOptions {
            output: Some(foreign.path().to_path_buf()),
            ..BuildOptions::default()
        },
    );
    assert!(
        built.is_none()
            && checked
                .diagnostics
                .iter()
                .any(|d| d.code == "output-foreign")
    );
    assert!(foreign.path().join("thesis.docx").exists());
    assert!(!site.root().join("nope").exists());
    assert!(!site.root().join("apprentices/out").exists());
}

#[test]
fn what_users_write_is_escaped_and_raw_html_sanitised() {
    let site = TestSite::new();
    site.edit(
        MENTOR,
        "name = \"Camille Mentor\"",
        "name = \"Camille <script>alert('nom')</script>\"",
    );
    site.write(
        "programme/danger.md",
        "+++\ntitle = \"<img src=x onerror=alert(1)>\"\n+++\n<script>alert('corps')</script>\n\n[clic](javascript:alert(1))\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let files = build(
        &site.root(),
        &dir.path().join("out"),
        BuildOptions::default(),
    );
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("<script>alert"),
            "{path} runs a user's script"
        );
        assert!(
            !text.contains("javascript:alert"),
            "{path} keeps a javascript: URL"
        );
        assert!(!text.contains("<img src=x"), "{path} keeps a user's tag");
    }
    assert!(html(&files, "mentors/mentor-exemple/index.html").contains("&lt;script&gt;"));
}

#[test]
fn a_site_template_overrides_the_theme_file_by_file() {
    let site = TestSite::new();
    site.write(
        "templates/mentor.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"perso\">Fiche de {{ mentor.name }}</p>{% endblock content %}",
    );
    let dir = tempfile::tempdir().unwrap();
    let files = build(
        &site.root(),
        &dir.path().join("out"),
        BuildOptions::default(),
    );
    assert!(
        html(&files, "mentors/mentor-exemple/index.html")
            .contains("<p class=\"perso\">Fiche de Camille Mentor</p>")
    );
    // The other pages keep the default theme.
    assert!(html(&files, "mentors/index.html").contains("Camille Mentor"));
}

#[test]
fn a_sub_path_site_links_relatively_and_file_links_end_with_index_html() {
    let dir = tempfile::tempdir().unwrap();
    let base = url::Url::parse("https://intranet.example/rh/mentorat/").unwrap();
    let options = BuildOptions {
        render: RenderOptions {
            file_links: true,
            base_url: Some(base),
            ..RenderOptions::default()
        },
        ..BuildOptions::default()
    };
    let files = build(Path::new("example-site"), &dir.path().join("usb"), options);
    let broken = broken_links(&files, "/rh/mentorat/");
    assert!(broken.is_empty(), "{:#?}", &broken[..broken.len().min(10)]);
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && *p != "404.html")
    {
        for link in internal_links(&String::from_utf8_lossy(bytes)) {
            assert!(!link.starts_with('/'), "{path}: {link} is absolute");
            let bare = link.split(['#', '?']).next().unwrap();
            assert!(
                !bare.ends_with('/') && !bare.is_empty(),
                "{path}: {link} opens a folder from file://"
            );
        }
    }
    assert!(
        html(&files, "index.html").contains("https://intranet.example/rh/mentorat/"),
        "canonical URLs use --base-url"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::new();
    site.write(
        "programme/brouillon.md",
        "+++\ntitle = \"Brouillon\"\ndraft = true\n+++\nPas encore.\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let files = build(&site.root(), &dir.path().join("a"), BuildOptions::default());
    assert!(!files.contains_key("programme/brouillon/index.html"));
    let files = build(
        &site.root(),
        &dir.path().join("b"),
        BuildOptions {
            drafts: true,
            ..BuildOptions::default()
        },
    );
    assert!(files.contains_key("programme/brouillon/index.html"));
}

#[test]
fn contacts_show_only_when_the_mentor_agrees() {
    let files = example();
    let shown = html(files, "mentors/claire-dubois/index.html");
    assert!(
        shown.contains("claire.dubois@example.org"),
        "show_contact = true"
    );
    for (path, bytes) in files {
        assert!(
            !String::from_utf8_lossy(bytes).contains("nadia.benali@example.org"),
            "{path} shows a private contact"
        );
    }
}

#[test]
fn gallery_photos_are_small_thumbnails_with_size_and_alt_linking_to_the_original() {
    let files = example();
    let portfolio = html(files, "apprentices/lucas-martin/index.html");
    let document = scraper::Html::parse_document(&portfolio);
    let images = scraper::Selector::parse("img").unwrap();
    let thumbs: Vec<_> = document
        .select(&images)
        .filter(|img| {
            img.value()
                .attr("src")
                .is_some_and(|s| s.ends_with(".thumb.jpg"))
        })
        .collect();
    assert!(thumbs.len() >= 3, "{} thumbnails", thumbs.len());
    for img in thumbs {
        let attr = |name: &str| img.value().attr(name).unwrap_or_default().to_string();
        assert!(
            !attr("alt").is_empty() && attr("loading") == "lazy",
            "{:?}",
            img.value()
        );
        assert!(
            attr("width").parse::<u32>().unwrap() <= 320 && attr("height").parse::<u32>().is_ok()
        );
        let src = resolve("apprentices/lucas-martin/index.html", &attr("src"), "/");
        assert!(
            files[&src].len() < 30_000,
            "{src} is {} bytes",
            files[&src].len()
        );
        let parent = img.parent().and_then(scraper::ElementRef::wrap).unwrap();
        let original = parent.value().attr("href").unwrap_or_default();
        assert!(
            compagnon::render::images::is_image(original) && !original.ends_with(".thumb.jpg"),
            "thumbnail not linked to the original: {original}"
        );
    }
}

/// Evidence and `static/` photos as a phone writes them: GPS position,
/// owner, serial number in EXIF, XMP, IPTC, a comment, PNG text chunks,
/// another image appended. Published, they keep their pixels and colour
/// profile, and of all that only the orientation of a photo taken sideways.
#[test]
fn published_photos_keep_their_pixels_and_lose_their_metadata() {
    use common::photos;
    let site = TestSite::new();
    let sources = [
        (
            "apprentices/apprenti-exemple/brasure.jpg",
            photos::jpeg(true, 1),
        ),
        (
            "apprentices/apprenti-exemple/tourne.jpg",
            photos::jpeg(true, 6),
        ),
        ("apprentices/apprenti-exemple/schema.png", photos::png(true)),
        // A photo is known by its bytes, whatever its name.
        ("apprentices/apprenti-exemple/releve", photos::jpeg(true, 1)),
        ("static/photos/atelier.jpg", photos::jpeg(true, 1)),
    ];
    for (rel, bytes) in &sources {
        site.write_bytes(rel, bytes);
    }
    site.edit(
        ENTRY,
        "+++\n",
        "+++\nevidence = [\"brasure.jpg\", \"tourne.jpg\", \"schema.png\", \"releve\"]\n",
    );
    let out = tempfile::tempdir().unwrap();
    let files = build(&site.root(), &out.path().join("public"), on_test_day());
    let entry = "apprentices/apprenti-exemple/2026-09-01-premier-point/";
    for (rel, source) in &sources {
        let published = match rel.strip_prefix("static/") {
            Some(rel) => rel.to_string(),
            None => format!("{entry}{}", rel.rsplit('/').next().unwrap()),
        };
        let bytes = &files[&published];
        assert!(photos::secrets_in(source).len() >= 4, "{rel}");
        assert_eq!(photos::secrets_in(bytes), Vec::<&str>::new(), "{published}");
        assert_eq!(
            photos::decoded(bytes),
            photos::decoded(source),
            "{published}: other pixels"
        );
        assert_eq!(
            photos::icc(bytes).as_deref(),
            Some(photos::ICC),
            "{published}"
        );
        let upright = !rel.contains("tourne");
        let kept = if upright {
            vec![]
        } else {
            vec![(exif::Tag::Orientation, "Short([6])".to_string())]
        };
        assert_eq!(photos::exif_fields(bytes), kept, "{published}");
    }
    // Thumbnails are drawn anew, upright, with no metadata at all.
    for (name, size) in [("brasure.jpg", (24, 12)), ("tourne.jpg", (12, 24))] {
        let thumb = &files[&format!("{entry}{name}.thumb.jpg")];
        assert_eq!(photos::exif_fields(thumb), vec![], "{name}");
        assert_eq!(photos::secrets_in(thumb), Vec::<&str>::new(), "{name}");
        let markers = photos::jpeg_markers(thumb);
        assert!(
            markers
                .iter()
                .all(|m| !(0xE1..=0xEF).contains(m) && *m != 0xFE),
            "{name}: segments {markers:x?}"
        );
        assert_eq!(photos::decoded(thumb).dimensions(), size, "{name}");
    }
}

/// A photo whose metadata cannot be removed, because its file is damaged,
/// is not published with it: the build stops and says which and why.
#[test]
fn a_damaged_photo_is_refused_rather_than_published_with_its_metadata() {
    let site = TestSite::new();
    let mut damaged = common::photos::png(true);
    let last = damaged.len() - 1;
    damaged[last] ^= 0xFF; // the checksum of the last chunk
    site.write_bytes("apprentices/apprenti-exemple/schema.png", &damaged)
        .edit(ENTRY, "+++\n", "+++\nevidence = [\"schema.png\"]\n");
    let out = tempfile::tempdir().unwrap();
    let (checked, built) = build_site(
        &site.root(),
        &BuildOptions {
            output: Some(out.path().join("public")),
            ..on_test_day()
        },
    );
    assert!(built.is_none());
    let refused: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == "photo-damaged")
        .collect();
    assert_eq!(refused.len(), 1, "{:#?}", checked.diagnostics);
    assert!(
        refused[0].message.contains("schema.png"),
        "{}",
        refused[0].message
    );
    assert!(!out.path().join("public").exists());
}

/// The manifest holds the fingerprint of the bytes published, not of the
/// source: a build that renders again leaves a published photo alone
/// unless what it publishes changed.
#[test]
fn a_photo_is_rewritten_when_what_is_published_of_it_changes() {
    use common::photos;
    let site = TestSite::new();
    site.write_bytes("static/photos/atelier.jpg", &photos::jpeg(true, 1));
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let first = build(&site.root(), &output, on_test_day());
    let published = &first["photos/atelier.jpg"];
    let manifest = std::fs::read_to_string(dir.path().join(".compagnon-manifest-public")).unwrap();
    let line = manifest
        .lines()
        .find(|l| l.ends_with("\"photos/atelier.jpg\""))
        .unwrap();
    let hash = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(published));
    assert_eq!(
        line,
        format!("{hash} {} \"photos/atelier.jpg\"", published.len())
    );

    let photo = output.join("photos/atelier.jpg").display().to_string();
    let next_day = BuildOptions {
        today: Some(TODAY.tomorrow().unwrap()),
        ..BuildOptions::default()
    };
    // Other metadata, the same pixels: nothing else to publish.
    let past = backdate(dir.path());
    site.write_bytes("static/photos/atelier.jpg", &photos::jpeg(false, 1));
    let built = build_reported(&site.root(), &output, next_day.clone());
    assert!(!built.unchanged);
    assert!(!written_since(&output, past).contains(&photo));
    // Other pixels: published again.
    let mut pixels = photos::pixels();
    pixels.put_pixel(0, 0, image::Rgb([255, 255, 255]));
    site.write_bytes(
        "static/photos/atelier.jpg",
        &photos::jpeg_with(&pixels, true, 1),
    );
    build(&site.root(), &output, next_day.clone());
    assert!(written_since(&output, past).contains(&photo));
    let fresh = build(&site.root(), &dir.path().join("fresh"), next_day);
    assert_eq!(
        read_tree(&output)["photos/atelier.jpg"],
        fresh["photos/atelier.jpg"]
    );
    assert_ne!(fresh["photos/atelier.jpg"], *published);
}

#[test]
fn pages_speak_the_site_language_with_its_dates_and_numbers() {
    let files = example();
    let portfolio = html(files, "apprentices/lucas-martin/index.html");
    assert!(portfolio.contains("<html lang=\"fr\""));
    assert!(
        portfolio.contains("Depuis le 1er septembre 2026")
            && portfolio.contains("<time datetime=\"2026-09-24\">24 septembre</time>"),
        "French dates"
    );
    assert!(
        portfolio
            .match_indices("\u{a0}h validées")
            .any(|(i, _)| portfolio[..i].ends_with(|c: char| c.is_ascii_digit())),
        "hours with a no-break space"
    );
    let home = html(files, "index.html");
    assert!(
        home.contains("Du 1er septembre 2026 au 30 juin 2027"),
        "French ordinal and dates"
    );

    let site = TestSite::in_language(compagnon::i18n::Lang::En);
    site.edit(
        "apprentices/sample-apprentice/2026-09-01-first-check-in.md",
        "hours = 1",
        "hours = 6.5",
    );
    let dir = tempfile::tempdir().unwrap();
    let files = build(
        &site.root(),
        &dir.path().join("out"),
        BuildOptions::default(),
    );
    let portfolio = html(&files, "apprentices/sample-apprentice/index.html");
    assert!(portfolio.contains("<html lang=\"en\""));
    assert!(portfolio.contains(">Handbook<"), "English navigation");
    assert!(portfolio.contains("1 September 2026"), "English dates");
    assert!(portfolio.contains("6.5\u{a0}h"), "English decimal point");
}

/// `check` refuses an output path claimed twice from the list of files the
/// build will write: that list must be exactly what the build writes.
#[test]
fn the_claimed_output_paths_are_the_files_the_build_writes() {
    let example = Path::new("example-site");
    let project = compagnon::open(example, &compagnon::Options::default());
    let site = project.site().unwrap();
    let ready = project.ready.as_ref().expect("example-site checks clean");
    let assets: Vec<String> = ready.theme.assets.iter().map(|(n, _)| n.clone()).collect();
    let claimed: BTreeSet<String> =
        compagnon::render::plan::claims(site, &ready.derived, &assets, project.checked.lang)
            .into_iter()
            .map(|c| c.path)
            .collect();
    let out = tempfile::tempdir().unwrap();
    let written: BTreeSet<String> =
        build(example, &out.path().join("public"), BuildOptions::default())
            .into_keys()
            .filter(|path| !path.starts_with(".compagnon"))
            .collect();
    let unclaimed: Vec<_> = written.difference(&claimed).collect();
    let unwritten: Vec<_> = claimed.difference(&written).collect();
    assert!(
        unclaimed.is_empty(),
        "written but not claimed: {unclaimed:?}"
    );
    assert!(
        unwritten.is_empty(),
        "claimed but not written: {unwritten:?}"
    );
    assert!(claimed.len() > 400, "{}", claimed.len());

    // Job by job: each job of the plan writes exactly the files it claims.
    let found = compagnon::matching::match_site(site, &ready.derived);
    let renderer = compagnon::render::Renderer::new(
        site,
        &ready.derived,
        &found,
        &ready.theme,
        example,
        project.checked.today,
        &RenderOptions::default(),
    );
    let lang = project.checked.lang;
    for job in compagnon::render::plan::jobs(site, &ready.derived) {
        let mut claimed = Vec::new();
        compagnon::render::plan::visit_job(site, &ready.derived, &assets, lang, job, &mut |c| {
            claimed.push(c.path)
        });
        let mut made: Vec<String> = renderer
            .run(job)
            .unwrap_or_else(|e| panic!("{job:?}: {e:?}"))
            .into_iter()
            .map(|f| f.path)
            .collect();
        claimed.sort();
        made.sort();
        assert_eq!(made, claimed, "{job:?}");
    }
}

/// 2,000 apprentices and 400 mentors: each mentor's page lists exactly the
/// apprentices whose profile names them, in site order, the public ones by
/// name and the others counted, and its free places count them all. The
/// mentors are picked by a stride through the list (a tenth of the
/// apprentices have none), so no mentor's mentees sit side by side.
#[test]
fn each_mentor_page_of_a_large_site_lists_its_own_mentees() {
    use scraper::{Html, Selector};
    const APPRENTICES: usize = 2_000;
    const MENTORS: usize = 400;
    let mentor_of = |a: usize| (a % 10 != 9).then_some(a * 7 % MENTORS);
    let capacity = |m: usize| m % 7;
    let public = |a: usize| a.is_multiple_of(3);

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "site.toml",
        "title = \"Large\"\nbase_url = \"https://example.org/\"\nlanguage = \"en\"\n",
    );
    write(
        "competencies/_index.md",
        "+++\nscale = [\"Guided\", \"Autonomous\", \"Expert\"]\n[[blocks]]\nid = \"b1\"\nname = \"Trade\"\n+++\n",
    );
    write(
        "competencies/welding.md",
        "+++\nname = \"Welding\"\nblock = \"b1\"\ntarget = 2\n+++\n",
    );
    for m in 0..MENTORS {
        write(
            &format!("mentors/mentor-{m:03}.md"),
            &format!(
                "+++\nname = \"Mentor {m:03}\"\nskills = {{ welding = 3 }}\ncapacity = {}\n+++\n",
                capacity(m)
            ),
        );
    }
    for a in 0..APPRENTICES {
        let mentor =
            mentor_of(a).map_or_else(String::new, |m| format!("mentor = \"mentor-{m:03}\"\n"));
        let visibility = ["public", "unlisted", "private"][a % 3];
        write(
            &format!("apprentices/apprentice-{a:04}/_index.md"),
            &format!(
                "+++\nname = \"Apprentice {a:04}\"\nstarted = 2026-09-01\n{mentor}visibility = \"{visibility}\"\n+++\n"
            ),
        );
    }
    let files = build(&root, &dir.path().join("public"), BuildOptions::default());

    let named = Selector::parse("section[aria-labelledby=h-mentees] li a").unwrap();
    let counted = Selector::parse("section[aria-labelledby=h-mentees] li.muted").unwrap();
    let status = Selector::parse(".person-head .status").unwrap();
    let text = |element: scraper::ElementRef| element.text().collect::<String>();
    for m in 0..MENTORS {
        let mentees: Vec<usize> = (0..APPRENTICES)
            .filter(|&a| mentor_of(a) == Some(m))
            .collect();
        let page =
            Html::parse_document(&html(&files, &format!("mentors/mentor-{m:03}/index.html")));
        let listed: Vec<String> = page.select(&named).map(text).collect();
        let expected: Vec<String> = mentees
            .iter()
            .filter(|&&a| public(a))
            .map(|a| format!("Apprentice {a:04}"))
            .collect();
        assert_eq!(listed, expected, "mentor {m}");
        let others = mentees.len() - expected.len();
        let note = page.select(&counted).next().map(text);
        let expected_note = match (expected.is_empty(), others) {
            (_, 0) => None,
            (false, 1) => Some("and 1 other".to_string()),
            (false, n) => Some(format!("and {n} others")),
            (true, 1) => Some("1 apprentice (portfolio not public)".to_string()),
            (true, n) => Some(format!("{n} apprentices (portfolios not public)")),
        };
        assert_eq!(note, expected_note, "mentor {m}");
        let free = capacity(m).saturating_sub(mentees.len());
        let expected_status = match (capacity(m), free) {
            (0, _) => "Not taking apprentices at the moment".to_string(),
            (_, 0) => "Full".to_string(),
            (c, 1) => format!("1 free place out of {c}"),
            (c, n) => format!("{n} free places out of {c}"),
        };
        let shown = page.select(&status).next().map(text);
        assert_eq!(
            shown.as_deref(),
            Some(expected_status.as_str()),
            "mentor {m}"
        );
    }
}

/// The builds of the stories below: on the day the starter site is judged,
/// so two builds a second apart cannot differ by the date.
fn on_test_day() -> BuildOptions {
    BuildOptions {
        today: Some(TODAY),
        ..BuildOptions::default()
    }
}

/// Sets every file of `root` a day back, so that a file a later build
/// writes, even within the same clock tick, shows a newer time.
fn backdate(root: &Path) -> std::time::SystemTime {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(24 * 3600);
    for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
        if entry.file_type().is_file() {
            let file = std::fs::File::options()
                .write(true)
                .open(entry.path())
                .unwrap();
            file.set_modified(past).unwrap();
        }
    }
    past
}

/// Files of `root` modified after `since`.
fn written_since(root: &Path, since: std::time::SystemTime) -> Vec<String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.metadata().unwrap().modified().unwrap() > since)
        .map(|e| e.path().display().to_string())
        .collect()
}

#[test]
fn a_build_with_nothing_changed_writes_nothing_and_one_edit_rewrites_its_pages() {
    let site = TestSite::new();
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let first = build(&site.root(), &output, on_test_day());
    let manifest = std::fs::read_to_string(dir.path().join(".compagnon-manifest-public")).unwrap();
    assert!(manifest.contains("\"index.html\""), "{manifest}");

    // The output and the manifest beside it.
    let past = backdate(dir.path());
    assert_eq!(build(&site.root(), &output, on_test_day()), first);
    assert_eq!(written_since(dir.path(), past), Vec::<String>::new());

    // One entry edited: its page and the pages that show its text, no more.
    site.edit(ENTRY, "fait connaissance", "bien fait connaissance");
    let edited = build(&site.root(), &output, on_test_day());
    let written = written_since(&output, past);
    let page = output.join("apprentices/apprenti-exemple/2026-09-01-premier-point/index.html");
    assert!(
        written.contains(&page.display().to_string()),
        "{written:#?}"
    );
    assert!(written.len() < first.len() / 2, "{written:#?}");
    assert_ne!(edited, first);
}

#[test]
fn files_changed_by_hand_in_the_output_are_put_back() {
    let site = TestSite::new();
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let first = build(&site.root(), &output, on_test_day());
    std::fs::remove_file(output.join("index.html")).unwrap();
    std::fs::write(output.join("robots.txt"), "User-agent: *\nDisallow: /\n").unwrap();
    std::fs::write(output.join("404.html"), "").unwrap();
    assert_eq!(build(&site.root(), &output, on_test_day()), first);
}

/// Builds into `output` and says what the build did.
fn build_reported(site: &Path, output: &Path, options: BuildOptions) -> compagnon::Built {
    let options = BuildOptions {
        output: Some(output.to_path_buf()),
        ..options
    };
    let (checked, built) = build_site(site, &options);
    built.unwrap_or_else(|| panic!("build failed: {:#?}", checked.diagnostics))
}

#[test]
fn a_build_that_reads_what_the_last_one_read_renders_nothing() {
    let site = TestSite::new();
    site.write_bytes("apprentices/apprenti-exemple/plan.pdf", b"%PDF-1.4 plan A")
        .edit(ENTRY, "+++\n", "+++\nevidence = [\"plan.pdf\"]\n")
        .write("static/docs/guide.txt", "guide");
    backdate(&site.root());
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let first = build_reported(&site.root(), &output, on_test_day());
    assert!(!first.unchanged);
    let fresh_bytes = read_tree(&output);
    // A build killed while rendering leaves its staging folder beside the
    // output, which it left as it was: swept all the same.
    let killed = dir.path().join(".compagnon-build-public.k1L2m3");
    std::fs::create_dir_all(&killed).unwrap();
    let settled = build_reported(&site.root(), &output, on_test_day());
    assert!(settled.unchanged);
    assert!(!killed.exists());
    assert_eq!((settled.written, settled.removed), (0, 0));
    assert_eq!((settled.pages, settled.files), (first.pages, first.files));
    assert_eq!(read_tree(&output), fresh_bytes);

    // A copied file modified just before a build may be modified again
    // within the same tick of the file system's clock, size unchanged: its
    // size and time do not stand for its bytes then, and the build renders.
    let plan = site.root().join("apprentices/apprenti-exemple/plan.pdf");
    site.write_bytes("apprentices/apprenti-exemple/plan.pdf", b"%PDF-1.4 plan B");
    let tick = std::fs::metadata(&plan).unwrap().modified().unwrap();
    build_reported(&site.root(), &output, on_test_day());
    site.write_bytes("apprentices/apprenti-exemple/plan.pdf", b"%PDF-1.4 plan C");
    std::fs::File::options()
        .write(true)
        .open(&plan)
        .unwrap()
        .set_modified(tick)
        .unwrap();
    let racy = build_reported(&site.root(), &output, on_test_day());
    assert!(!racy.unchanged);
    let copy = output.join("apprentices/apprenti-exemple/2026-09-01-premier-point/plan.pdf");
    assert_eq!(std::fs::read(&copy).unwrap(), b"%PDF-1.4 plan C");

    // Each of these makes the next build render, which then gives the
    // output of a build into a new folder; the build after it renders nothing.
    let other_day = BuildOptions {
        today: Some(TODAY.tomorrow().unwrap()),
        ..BuildOptions::default()
    };
    let sub_path = BuildOptions {
        render: RenderOptions {
            base_url: Some("https://example.org/programme/".parse().unwrap()),
            ..RenderOptions::default()
        },
        ..on_test_day()
    };
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>, BuildOptions);
    let steps: Vec<Step> = vec![
        (
            "an entry edited",
            Box::new(|| {
                site.edit(ENTRY, "fait connaissance", "bien fait connaissance");
            }),
            on_test_day(),
        ),
        ("another day", Box::new(|| {}), other_day),
        ("another base URL", Box::new(|| {}), sub_path),
        (
            "an output page removed by hand",
            Box::new(|| std::fs::remove_file(output.join("mentors/index.html")).unwrap()),
            on_test_day(),
        ),
        (
            "an output page changed by hand",
            Box::new(|| std::fs::write(output.join("index.html"), "<!doctype html>").unwrap()),
            on_test_day(),
        ),
        (
            "evidence of the same size with other bytes",
            Box::new(|| {
                site.write_bytes("apprentices/apprenti-exemple/plan.pdf", b"%PDF-1.4 plan B");
                let file = std::fs::File::options()
                    .write(true)
                    .open(site.root().join("apprentices/apprenti-exemple/plan.pdf"))
                    .unwrap();
                file.set_modified(
                    std::time::SystemTime::now() - std::time::Duration::from_secs(3600),
                )
                .unwrap();
            }),
            on_test_day(),
        ),
        (
            "a static file removed",
            Box::new(|| {
                site.remove("static/docs/guide.txt");
            }),
            on_test_day(),
        ),
        (
            "a template of the site",
            Box::new(|| {
                site.write(
                    "templates/404.html",
                    "{% extends \"base.html\" %}{% block content %}<h1>Perdu</h1>{% endblock content %}",
                );
            }),
            on_test_day(),
        ),
    ];
    for (step, (what, change, options)) in steps.into_iter().enumerate() {
        change();
        let built = build_reported(&site.root(), &output, options.clone());
        assert!(!built.unchanged, "{what}: nothing rendered");
        let fresh = build(
            &site.root(),
            &dir.path().join(format!("fresh-{step}")),
            options.clone(),
        );
        assert_eq!(
            read_tree(&output),
            fresh,
            "{what}: not the output of a fresh build"
        );
        // Backdated, the copied files are known by their size and time
        // again once a build has recorded them.
        backdate(&site.root());
        build_reported(&site.root(), &output, options.clone());
        let after = build_reported(&site.root(), &output, options);
        assert!(after.unchanged, "{what}: the build after it renders again");
    }
}

#[test]
fn what_killed_builds_left_beside_the_output_is_swept() {
    let site = TestSite::new();
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    build(&site.root(), &output, on_test_day());
    let leftovers = [
        ".compagnon-build-public.a1B2c3",
        ".compagnon-build-public.zz9Q0x",
    ];
    for leftover in leftovers {
        std::fs::create_dir_all(dir.path().join(leftover).join("apprentices")).unwrap();
        std::fs::write(dir.path().join(leftover).join("index.html"), "old").unwrap();
    }
    // What earlier versions left: a staging folder not named after the
    // output, and the previous output moved aside.
    std::fs::create_dir_all(dir.path().join(".compagnon-build-Xy12zW/mentors")).unwrap();
    let moved = dir.path().join(".compagnon-old-4242");
    std::fs::create_dir_all(&moved).unwrap();
    std::fs::write(moved.join(".compagnon-output"), "").unwrap();
    std::fs::write(moved.join("index.html"), "old").unwrap();
    // Not compagnon's: kept.
    std::fs::create_dir_all(dir.path().join(".compagnon-old-7")).unwrap();
    // Another output's staging folder may be in use by a build running now.
    let other = dir.path().join(".compagnon-build-public-2.k8Jd0a");
    std::fs::create_dir_all(&other).unwrap();
    build(&site.root(), &output, on_test_day());
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            ".compagnon-build-public-2.k8Jd0a",
            ".compagnon-manifest-public",
            ".compagnon-old-7",
            "public"
        ]
    );
}

#[test]
fn rendering_into_memory_gives_the_files_of_a_build() {
    use compagnon::output::MemorySink;
    let site = TestSite::new();
    site.write_bytes("apprentices/apprenti-exemple/plan.pdf", b"%PDF-1.4 plan")
        .write_bytes(
            "apprentices/apprenti-exemple/brasure.jpg",
            &common::photos::jpeg(true, 6),
        )
        .edit(
            ENTRY,
            "validated_by",
            "evidence = [\"plan.pdf\", \"brasure.jpg\"]\nvalidated_by",
        );
    let dir = tempfile::tempdir().unwrap();
    let mut built = build(&site.root(), &dir.path().join("public"), on_test_day());
    built.remove(".compagnon-output");

    let root = site.root();
    let project = compagnon::open(
        &root,
        &compagnon::Options {
            today: Some(TODAY),
            drafts: false,
        },
    );
    let model = project.site().unwrap();
    let ready = project.ready.as_ref().expect("the site checks clean");
    let checked = &project.checked;
    let matching = compagnon::matching::match_site(model, &ready.derived);
    let renderer = compagnon::render::Renderer::new(
        model,
        &ready.derived,
        &matching,
        &ready.theme,
        &root,
        checked.today,
        &RenderOptions::default(),
    );
    let memory = MemorySink::new(checked.lang);
    renderer.render(&memory).unwrap();
    let files = memory.into_files();
    assert!(files.contains_key("apprentices/apprenti-exemple/2026-09-01-premier-point/plan.pdf"));
    let photo = &files["apprentices/apprenti-exemple/2026-09-01-premier-point/brasure.jpg"];
    assert_eq!(common::photos::secrets_in(photo), Vec::<&str>::new());
    assert_eq!(files, built);
}

#[test]
fn a_build_counts_its_jobs_for_a_progress_bar() {
    let site = TestSite::new();
    let dir = tempfile::tempdir().unwrap();
    let progress = std::sync::Arc::new(compagnon::render::Progress::default());
    let options = BuildOptions {
        output: Some(dir.path().join("public")),
        progress: Some(std::sync::Arc::clone(&progress)),
        ..on_test_day()
    };
    let (_, built) = build_site(&site.root(), &options);
    let built = built.expect("the site builds");
    let (done, total) = (
        progress.done.load(std::sync::atomic::Ordering::Relaxed),
        progress.total.load(std::sync::atomic::Ordering::Relaxed),
    );
    assert_eq!(done, total);
    // A job is a page with the files that go with it.
    assert!(
        total > 0 && total <= built.files,
        "{total} jobs, {} files",
        built.files
    );
}

#[test]
fn a_photo_replaced_between_two_renders_of_one_process_gets_its_own_thumbnail() {
    // `serve` renders again and again in one process, and keeps the
    // thumbnails it made: by the photo's bytes, never by its name.
    let site = TestSite::new();
    let photo = "apprentices/apprenti-exemple/brasure.jpg";
    site.write_bytes(photo, &common::photos::jpeg(false, 1))
        .edit(
            ENTRY,
            "validated_by",
            "evidence = [\"brasure.jpg\"]\nvalidated_by",
        );
    let thumb = "apprentices/apprenti-exemple/2026-09-01-premier-point/brasure.jpg.thumb.jpg";
    let options = compagnon::Options {
        today: Some(TODAY),
        drafts: false,
    };
    let render = || {
        let (_, files) = compagnon::render_site(&site.root(), &options, &RenderOptions::default());
        files.expect("the site renders")[thumb].clone()
    };
    let first = render();
    assert_eq!(render(), first);
    let mut other = image::RgbImage::new(64, 48);
    other
        .pixels_mut()
        .for_each(|p| *p = image::Rgb([200, 30, 30]));
    site.write_bytes(photo, &common::photos::jpeg_with(&other, false, 1));
    let second = render();
    assert_ne!(second, first, "the thumbnail of the photo before");
    let decoded = image::load_from_memory(&second).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (64, 48));
}

/// A change a user makes to a site between two builds, or what a crash
/// leaves in the output.
#[derive(Clone, Debug)]
enum Change {
    AddEntry(u8),
    RemoveEntry(u8),
    EditEntry(u8),
    EditEvidence(u8),
    AddPage(u8),
    RemovePage(u8),
    EditStatic(u8),
    /// A photo of `static/` written again: other metadata, maybe other
    /// pixels or orientation.
    EditPhoto(u8),
    RemoveStatic(u8),
    Title(u8),
    Visibility(&'static str),
    /// A build killed while updating the output: the manifest gone, and a
    /// file missing, or one left over, or one half-written.
    Crash(u8),
}

fn change() -> impl proptest::strategy::Strategy<Value = Change> {
    use proptest::prelude::*;
    let n = || 0u8..3;
    prop_oneof![
        n().prop_map(Change::AddEntry),
        n().prop_map(Change::RemoveEntry),
        n().prop_map(Change::EditEntry),
        n().prop_map(Change::EditEvidence),
        n().prop_map(Change::AddPage),
        n().prop_map(Change::RemovePage),
        n().prop_map(Change::EditStatic),
        n().prop_map(Change::EditPhoto),
        n().prop_map(Change::RemoveStatic),
        n().prop_map(Change::Title),
        prop::sample::select(vec!["public", "unlisted", "private"]).prop_map(Change::Visibility),
        (0u8..4).prop_map(Change::Crash),
    ]
}

/// Makes `change` to the site, or to its output for a crash. `step` makes
/// each edit's text new.
fn apply(site: &TestSite, output: &Path, change: &Change, step: usize) {
    let remove = |rel: &str| {
        if site.root().join(rel).exists() {
            site.remove(rel);
        }
    };
    let entry = |n: u8| {
        format!(
            "apprentices/apprenti-exemple/2026-09-0{}-essai-{n}.md",
            n + 2
        )
    };
    let evidence = |n: u8| format!("apprentices/apprenti-exemple/preuve-{}.txt", n % 2);
    match change {
        Change::AddEntry(n) | Change::EditEntry(n) => {
            if !site.root().join(evidence(*n)).exists() {
                site.write(&evidence(*n), "preuve");
            }
            site.write(
                &entry(*n),
                &format!(
                    "+++\ntitle = \"Essai {n}\"\ndate = 2026-09-0{}\nkind = \"practice\"\nhours = 2\ncompetencies = {{ organiser-son-poste = 2 }}\nevidence = [\"preuve-{}.txt\"]\nvalidated_by = \"mentor-exemple\"\n+++\nTexte {step}.\n",
                    n + 2,
                    n % 2
                ),
            );
        }
        Change::RemoveEntry(n) => remove(&entry(*n)),
        Change::EditEvidence(n) => {
            site.write(&evidence(*n), &format!("preuve {step}"));
        }
        Change::AddPage(n) => {
            site.write(
                &format!("programme/page-{n}.md"),
                // Short or long (up to 100 KB): the search index's
                // files and shards come and go with the length.
                &format!(
                    "+++\ntitle = \"Page {n}, version {step}\"\n+++\n{}\n",
                    format!("Texte {step}. ").repeat(1 + step % 4 * 3000)
                ),
            );
        }
        Change::RemovePage(n) => remove(&format!("programme/page-{n}.md")),
        Change::EditStatic(n) => {
            site.write(&format!("static/docs-{n}/fichier.txt"), &"x".repeat(step));
        }
        Change::EditPhoto(n) => {
            let mut pixels = common::photos::pixels();
            pixels.put_pixel(0, 0, image::Rgb([(step % 2 * 255) as u8, 0, 0]));
            site.write_bytes(
                &format!("static/docs-{n}/photo.jpg"),
                &common::photos::jpeg_with(&pixels, step.is_multiple_of(3), 1 + (step % 3) as u16),
            );
        }
        Change::RemoveStatic(n) => remove(&format!("static/docs-{n}")),
        Change::Title(n) => {
            let text = site.read(SITE_TOML);
            let title = text.lines().find(|l| l.starts_with("title = ")).unwrap();
            site.write(
                SITE_TOML,
                &text.replacen(title, &format!("title = \"Programme {n}\""), 1),
            );
        }
        Change::Visibility(visibility) => {
            let text = site.read(APPRENTICE);
            let line = text
                .lines()
                .find(|l| l.starts_with("visibility = "))
                .unwrap();
            site.write(
                APPRENTICE,
                &text.replacen(line, &format!("visibility = \"{visibility}\""), 1),
            );
        }
        Change::Crash(what) => {
            let manifest = output.with_file_name(".compagnon-manifest-public");
            std::fs::remove_file(manifest).unwrap();
            let file = |rel: &str| output.join(rel);
            match what {
                0 => {}
                1 => std::fs::remove_file(file("mentors/index.html")).unwrap(),
                2 => {
                    std::fs::create_dir_all(file("apprentices/ancien")).unwrap();
                    std::fs::write(file("apprentices/ancien/index.html"), "ancien").unwrap();
                }
                _ => std::fs::write(file("index.html"), "<!doctype html><title>").unwrap(),
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 16,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Whatever changed since the last build, building into its output gives
    /// the same files, byte for byte, as a build into a new folder: nothing
    /// stale is left, nothing changed is missed.
    #[test]
    fn building_over_the_last_output_equals_a_fresh_build(
        changes in proptest::collection::vec(change(), 1..6)
    ) {
        let site = TestSite::new();
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        build(&site.root(), &output, on_test_day());
        for (step, change) in changes.iter().enumerate() {
            apply(&site, &output, change, step);
            let updated = build(&site.root(), &output, on_test_day());
            let fresh = build(&site.root(), &dir.path().join(format!("fresh-{step}")), on_test_day());
            proptest::prop_assert_eq!(
                updated.keys().collect::<Vec<_>>(),
                fresh.keys().collect::<Vec<_>>(),
                "after {:?}", &changes[..=step]
            );
            for (path, bytes) in &fresh {
                proptest::prop_assert!(updated[path] == *bytes, "{} differs after {:?}", path, &changes[..=step]);
            }
        }
    }
}

/// An apprentice's text that opens with its own heading ("À propos de
/// moi") heads its section; a text without one gets the portfolio's
/// "Présentation" above it. Never a heading with nothing but another under it.
#[test]
fn a_portfolio_text_with_its_own_heading_gets_no_second_one() {
    let files = example();
    let mut seen = 0;
    for (path, _) in files.iter().filter(|(p, _)| {
        p.starts_with("apprentices/") && p.ends_with("/index.html") && p.matches('/').count() == 2
    }) {
        let page = html(files, path);
        let Some(start) = page.find("<div class=\"prose\"><h2 id=\"") else {
            continue;
        };
        let id = &page[start + 27..];
        let id = &id[..id.find('"').unwrap()];
        assert!(
            !page.contains("<h2 id=\"h-about\">"),
            "{path}: a second heading"
        );
        assert!(
            page.contains(&format!("<section aria-labelledby=\"{id}\">")),
            "{path}: its section named by its own heading"
        );
        seen += 1;
    }
    assert!(seen > 5, "{seen} portfolios opening with a heading");

    // The starter's apprentice writes a few lines, no heading.
    let site = TestSite::new();
    let out = site.build();
    let page =
        std::fs::read_to_string(out.join("apprentices/apprenti-exemple/index.html")).unwrap();
    assert!(
        page.contains("<h2 id=\"h-about\">Présentation</h2>"),
        "{page}"
    );
}
