//! The coordinator's edition (`compagnon build --edition coordinator`) as
//! the programme's team uses it, the caseload as a spreadsheet (`compagnon
//! report`), and the public matching page, which judges no one: on
//! example-site and on a generated programme.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use common::*;
use compagnon::derive::StatusLevel;
use compagnon::render::{Edition, RenderOptions};
use jiff::civil::{Date, date};
use scraper::{ElementRef, Html, Selector};

type Files = BTreeMap<String, Vec<u8>>;

/// The day the generated programme is made and judged on.
const DEMO_DAY: Date = date(2027, 1, 15);

/// `site` rendered in memory as `edition`, on `today`.
fn render(site: &Path, edition: Edition, today: Option<Date>) -> Files {
    let (checked, files) = compagnon::render_site(
        site,
        &compagnon::Options {
            today,
            drafts: false,
        },
        &RenderOptions {
            edition,
            ..RenderOptions::default()
        },
    );
    files.unwrap_or_else(|| panic!("{:#?}", checked.diagnostics))
}

fn example(edition: Edition) -> &'static Files {
    static PUBLIC: OnceLock<Files> = OnceLock::new();
    static COORDINATOR: OnceLock<Files> = OnceLock::new();
    let cell = match edition {
        Edition::Public => &PUBLIC,
        Edition::Coordinator => &COORDINATOR,
    };
    cell.get_or_init(|| render(Path::new("example-site"), edition, None))
}

/// A made-up programme of 80 apprentices (some private, some unlisted).
fn demo() -> &'static tempfile::TempDir {
    static DEMO: OnceLock<tempfile::TempDir> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        compagnon::scaffold::demo::write(dir.path(), 80, DEMO_DAY).unwrap();
        dir
    })
}

fn text(files: &Files, path: &str) -> String {
    page_text(files, path)
}

/// What derive says of each apprentice: (slug, name, status word).
fn statuses(site: &Path, today: Option<Date>) -> Vec<(String, String, &'static str)> {
    let project = compagnon::open(
        site,
        &compagnon::Options {
            today,
            drafts: false,
        },
    );
    let ready = project.ready.as_ref().expect("the site checks clean");
    let site = project.site().unwrap();
    site.apprentices
        .iter()
        .zip(&ready.derived.apprentices)
        .map(|(a, p)| {
            let word = match (project.checked.lang, p.status.level) {
                (compagnon::i18n::Lang::Fr, StatusLevel::OnTrack) => "Dans les temps",
                (compagnon::i18n::Lang::Fr, StatusLevel::Watch) => "À surveiller",
                (compagnon::i18n::Lang::Fr, StatusLevel::Behind) => "En retard",
                (_, StatusLevel::OnTrack) => "On track",
                (_, StatusLevel::Watch) => "To watch",
                (_, StatusLevel::Behind) => "Behind",
            };
            (a.slug.clone(), a.name.clone(), word)
        })
        .collect()
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn words(element: &ElementRef) -> String {
    element.text().collect::<String>()
}

/// Every apprentice has a row of the caseload, with the status derive
/// gives them, in the HTML itself (no script builds it); private ones
/// included, with their portfolio.
fn assert_caseload_complete(files: &Files, site: &Path, today: Option<Date>) {
    let page = text(files, "coordination/index.html");
    let doc = Html::parse_document(&page);
    let rows = select(&doc, "table.caseload tbody tr");
    let expected = statuses(site, today);
    assert_eq!(rows.len(), expected.len(), "one row per apprentice");
    for (slug, name, word) in &expected {
        let row = select(&doc, &format!("tr#c-{slug}"));
        let row = row.first().unwrap_or_else(|| panic!("no row for {slug}"));
        let cells = select_in(row, "th, td");
        // Names are typeset as all text is ("N'Diaye" reads "N’Diaye").
        let shown = words(&cells[0]).replace('’', "'");
        assert!(shown.contains(name.as_str()), "{slug}: {shown}");
        let status = select_in(&cells[1], ".status");
        assert_eq!(words(&status[0]), *word, "{slug}'s status");
        assert!(
            files.contains_key(&format!("apprentices/{slug}/index.html")),
            "{slug}'s portfolio"
        );
        assert!(
            page.contains(&format!("<tr id=\"c-{slug}\"")),
            "{slug} in the HTML"
        );
        // The same word on their portfolio and on the list of portfolios.
        let portfolio =
            Html::parse_document(&text(files, &format!("apprentices/{slug}/index.html")));
        let verdict = select(&portfolio, ".verdict .status");
        assert_eq!(words(&verdict[0]), *word, "{slug}'s portfolio");
        let list = Html::parse_document(&text(files, "apprentices/index.html"));
        let card = select(&list, "li.card.person")
            .into_iter()
            .find(|card| words(card).replace('’', "'").contains(name.as_str()))
            .unwrap_or_else(|| panic!("{slug} listed"));
        assert_eq!(
            words(&select_in(&card, ".status")[0]),
            *word,
            "{slug} listed"
        );
    }
}

fn select_in<'a>(element: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    element.select(&Selector::parse(css).unwrap()).collect()
}

#[test]
fn the_caseload_lists_every_apprentice_with_their_status() {
    let files = example(Edition::Coordinator);
    assert_caseload_complete(files, Path::new("example-site"), None);
    // Manon Roussel is private: named, listed, her portfolio built.
    let page = text(files, "coordination/index.html");
    assert!(page.contains("href=\"../apprentices/manon-roussel/\""));
    assert!(text(files, "apprentices/index.html").contains("Manon Roussel"));
}

#[test]
fn the_caseload_of_a_generated_programme_is_complete() {
    let dir = demo();
    let files = render(dir.path(), Edition::Coordinator, Some(DEMO_DAY));
    assert_caseload_complete(&files, dir.path(), Some(DEMO_DAY));
}

#[test]
fn the_caseload_says_who_needs_what_first() {
    let files = example(Edition::Coordinator);
    let page = text(files, "coordination/index.html");
    let doc = Html::parse_document(&page);
    // Everyone not on track, worst first, each with one action and a reason.
    let expected = statuses(Path::new("example-site"), None);
    let not_on_track = expected
        .iter()
        .filter(|(_, _, w)| *w != "Dans les temps")
        .count();
    let items = select(&doc, "ol.to-do > li");
    assert_eq!(items.len(), not_on_track);
    let rank = |w: &str| {
        ["Dans les temps", "À surveiller", "En retard"]
            .iter()
            .position(|x| *x == w)
            .unwrap()
    };
    let ranks: Vec<usize> = items
        .iter()
        .map(|li| rank(&words(&select_in(li, ".status")[0])))
        .collect();
    assert!(
        ranks.windows(2).all(|w| w[0] >= w[1]),
        "worst first: {ranks:?}"
    );
    for li in &items {
        let action = words(&select_in(li, ".action")[0]);
        assert!(!action.trim().is_empty());
        assert!(!words(&select_in(li, "p.muted")[0]).trim().is_empty());
    }
    let all = words(&select(&doc, "ol.to-do")[0]);
    // Élodie's declared hours lag (nobody can sign them yet).
    let elodie = words(&items[0]);
    assert!(elodie.contains("Élodie Gâteau"), "{elodie}");
    assert!(elodie.contains("Revoir le planning des heures"), "{elodie}");
    // Maxime has no mentor yet: the matching proposes one.
    assert!(all.contains("Proposer Paul Garnier comme mentor"), "{all}");
    assert!(all.contains("Faire le point sur l’objectif"), "{all}");
    // Each mentor's apprentices and the entries waiting for them, linked,
    // the oldest first.
    let claire = select(&doc, "#m-claire-dubois")[0];
    let said = words(&claire);
    assert!(said.contains("Lucas Martin") && said.contains("Hugo Leroy"));
    assert!(said.contains("Entrées à valider"), "{said}");
    let project = compagnon::open(Path::new("example-site"), &compagnon::Options::default());
    let (site, derived) = (
        project.site().unwrap(),
        &project.ready.as_ref().unwrap().derived,
    );
    let mut waiting: Vec<(String, String)> = ["hugo-leroy", "lucas-martin"]
        .iter()
        .flat_map(|slug| {
            let a = site
                .apprentices
                .iter()
                .position(|a| a.slug == *slug)
                .unwrap();
            derived.apprentices[a]
                .awaiting_sign_off
                .iter()
                .map(move |&e| {
                    let entry = &site.apprentices[a].entries[e];
                    (
                        entry.date.value.to_string(),
                        format!("../apprentices/{slug}/{}/", entry.slug),
                    )
                })
        })
        .collect();
    waiting.sort();
    assert!(!waiting.is_empty());
    let links: Vec<&str> = select_in(&claire, "a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        links.contains(&waiting[0].1.as_str()),
        "{links:?} {waiting:?}"
    );
    // Sorting and filtering need a script; without it the filter stays hidden.
    assert!(page.contains("<form class=\"match-filter\" data-caseload-filter"));
    assert!(page.contains("<table class=\"caseload\" data-sortable>"));
}

/// When signing what waits would put an apprentice back on pace, the
/// action is to have it signed, by their mentor.
#[test]
fn signatures_missing_for_the_pace_are_asked_of_the_mentor() {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new("example-site").into_iter().flatten() {
        let target = dir
            .path()
            .join(entry.path().strip_prefix("example-site").unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    // Chloé's signed hours are behind (under 55 % of the pace), her
    // declared ones would not be (over 60 %).
    let toml = dir.path().join("site.toml");
    let settings = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        settings.replace("pace_watch = 75", "pace_watch = 60"),
    )
    .unwrap();
    let files = render(dir.path(), Edition::Coordinator, None);
    let doc = Html::parse_document(&text(&files, "coordination/index.html"));
    let chloe = select(&doc, "ol.to-do > li")
        .into_iter()
        .map(|li| words(&li))
        .find(|li| li.contains("Chloé Fontaine"))
        .unwrap();
    let asked = regex::Regex::new(r"Faire valider \d+ entrées? par Nadia Benali").unwrap();
    assert!(asked.is_match(&chloe), "{chloe}");
}

#[test]
fn every_page_of_the_coordinator_edition_says_it_is_confidential() {
    let files = example(Edition::Coordinator);
    let mut pages = 0;
    for (path, bytes) in files {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let page = String::from_utf8_lossy(bytes);
        assert!(
            page.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"),
            "{path} lacks noindex, nofollow"
        );
        assert!(
            page.contains("<p class=\"confidential\">Édition coordination — confidentielle"),
            "{path} lacks the banner"
        );
    }
    assert!(pages > 300, "{pages}");
    assert_eq!(
        text(files, "robots.txt"),
        "User-agent: *\nDisallow: /\n",
        "no robot reads it"
    );
    assert!(
        !files.keys().any(|p| p.starts_with("sitemap")),
        "no sitemap"
    );
    // The caseload comes first in the menu of every page.
    let home = Html::parse_document(&text(files, "index.html"));
    let first = select(&home, "header nav a")[0];
    assert_eq!(first.value().attr("href"), Some("coordination/"));
}

#[test]
fn the_public_site_never_shows_or_links_the_coordinator_edition() {
    let files = example(Edition::Public);
    assert!(!files.keys().any(|p| p.starts_with("coordination/")));
    let link = regex::Regex::new(r#"href="[^"]*\bcoordination/"#).unwrap();
    for (path, bytes) in files {
        let page = String::from_utf8_lossy(bytes);
        for word in [
            "Édition coordination",
            "confidentielle",
            "noindex, nofollow",
        ] {
            assert!(!page.contains(word), "{path} says {word:?}");
        }
        assert!(
            !link.is_match(&page),
            "{path} links the coordinator edition"
        );
    }
    assert!(text(files, "robots.txt").contains("Sitemap:"));
}

#[test]
fn an_english_site_says_so_in_english() {
    let site = TestSite::in_language(compagnon::i18n::Lang::En);
    let files = render(&site.root(), Edition::Coordinator, Some(TODAY));
    let page = text(&files, "coordination/index.html");
    assert!(
        page.contains("Coordination edition — confidential"),
        "{page}"
    );
    assert!(page.contains("<h1>Caseload</h1>"));
    assert!(page.contains(">Last check-in</th>"));
}

#[test]
fn the_coordinator_matching_shows_everything_with_reasons() {
    let files = example(Edition::Coordinator);
    let page = text(files, "matching/index.html");
    let doc = Html::parse_document(&page);
    let pairs = words(&select(&doc, "table.pairs")[0]);
    // Kept pairs, private ones included, with their score and reasons;
    // a weak one flagged.
    assert!(pairs.contains("Manon Roussel"), "{pairs}");
    let lea = select(&doc, "table.pairs tr")
        .into_iter()
        .map(|tr| words(&tr))
        .find(|row| row.contains("Léa Girard"))
        .unwrap();
    assert!(
        lea.contains("adéquation faible") && lea.contains("À revoir"),
        "{lea}"
    );
    assert!(lea.contains("n’a pas la compétence"), "{lea}");
    // Alternatives, folded, ranked by score, each saying whether it has room.
    let theo = words(&select(&doc, "#theo-lambert details.alts")[0]);
    assert!(
        theo.contains("Thomas Lefebvre")
            && theo.contains('%')
            && theo.contains("complet après les propositions"),
        "{theo}"
    );
    assert!(!page.contains("<details class=\"alts\" open"));
}

#[test]
fn the_public_matching_page_judges_no_one() {
    let example_names: Vec<String> = statuses(Path::new("example-site"), None)
        .into_iter()
        .map(|(_, name, _)| name)
        .collect();
    let dir = demo();
    let demo_names: Vec<String> = statuses(dir.path(), Some(DEMO_DAY))
        .into_iter()
        .map(|(_, name, _)| name)
        .collect();
    let demo_files = render(dir.path(), Edition::Public, Some(DEMO_DAY));
    // The generated programme has suggestions of a lesser fit: counted only.
    let demo_page = text(&demo_files, "matching/index.html").replace("&#39;", "'");
    assert!(demo_page.contains("d’adéquation moindre"), "{demo_page}");
    let percent = regex::Regex::new(r"\d\s*%").unwrap();
    for (page, names) in [
        (
            text(example(Edition::Public), "matching/index.html"),
            &example_names,
        ),
        (demo_page, &demo_names),
    ] {
        let doc = Html::parse_document(&page);
        let mut named = 0;
        for block in select(&doc, "main li, main tr") {
            let said = words(&block);
            let Some(name) = names.iter().find(|n| said.contains(n.as_str())) else {
                continue;
            };
            named += 1;
            for judged in ["adéquation faible", "adéquation moyenne"] {
                assert!(!said.contains(judged), "{name} beside {judged:?}: {said}");
            }
            assert!(!percent.is_match(&said), "{name} beside a score: {said}");
            assert!(!said.contains("Autres possibilités"), "{name}: {said}");
        }
        assert!(named > 5, "the page names apprentices ({named})");
    }
}

#[test]
fn report_writes_the_caseload_for_a_spreadsheet() {
    let output = compagnon()
        .args(["report", "example-site", "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = String::from_utf8(output.stdout).unwrap();
    let csv = csv.strip_prefix('\u{feff}').expect("a byte-order mark");
    let lines: Vec<&str> = csv.lines().collect();
    let expected = statuses(Path::new("example-site"), None);
    assert_eq!(
        lines.len(),
        expected.len() + 1,
        "a header, then one line each"
    );
    let header: Vec<&str> = lines[0].split(';').collect();
    assert_eq!(header[0], "apprenti");
    let status = header.iter().position(|h| *h == "statut").unwrap();
    let checkin = header
        .iter()
        .position(|h| *h == "dernier point de suivi")
        .unwrap();
    let declared = header
        .iter()
        .position(|h| *h == "heures déclarées")
        .unwrap();
    for (slug, _, word) in &expected {
        let line = lines
            .iter()
            .find(|l| l.starts_with(&format!("{slug};")))
            .unwrap_or_else(|| panic!("no line for {slug}"));
        let cells: Vec<&str> = line.split(';').collect();
        assert_eq!(cells[status], *word, "{slug}");
        let day = cells[checkin];
        assert!(
            day.is_empty() || (day.len() == 10 && day.as_bytes()[4] == b'-'),
            "ISO date: {day}"
        );
        assert!(
            cells[declared].parse::<f64>().is_ok(),
            "{}",
            cells[declared]
        );
    }
    assert!(csv.contains(";private;"), "private apprentices included");

    // Into a file, with another separator.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("suivi.csv");
    compagnon()
        .args(["report", "example-site", "--separator", ",", "-o"])
        .arg(&file)
        .assert()
        .success();
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.contains("apprenti,nom,visibilité,promotion"),
        "{written}"
    );
}

#[test]
fn report_of_a_broken_site_writes_nothing_and_fails() {
    let site = TestSite::new();
    site.edit(MENTOR, "capacity = 2", "capacity = \"deux\"");
    let output = compagnon()
        .args(["report"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("erreur"));
}

#[test]
fn the_coordinator_edition_needs_a_folder_of_its_own() {
    // Never written where the public site is by default.
    compagnon()
        .args(["build", "example-site", "--edition", "coordinator"])
        .assert()
        .code(2);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("intranet");
    compagnon()
        .args(["build", "example-site", "--edition", "coordinator", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(out.join("coordination/index.html").is_file());
    assert!(out.join("apprentices/manon-roussel/index.html").is_file());
}

/// `check` refuses two sources for one output path from the list of
/// files a build will write: for this edition too, that list is what the
/// build writes.
#[test]
fn the_coordinator_edition_writes_the_files_it_claims() {
    let project = compagnon::open(Path::new("example-site"), &compagnon::Options::default())
        .for_edition(Edition::Coordinator);
    let (site, ready) = (project.site().unwrap(), project.ready.as_ref().unwrap());
    let assets: Vec<String> = ready.theme.assets.iter().map(|(n, _)| n.clone()).collect();
    let claimed: std::collections::BTreeSet<String> = compagnon::render::plan::edition_claims(
        site,
        &ready.derived,
        &assets,
        project.checked.lang,
        Edition::Coordinator,
    )
    .into_iter()
    .map(|c| c.path)
    .collect();
    let written: std::collections::BTreeSet<String> =
        example(Edition::Coordinator).keys().cloned().collect();
    assert_eq!(claimed, written);
    assert!(claimed.contains("apprentices/manon-roussel/index.html"));
}
