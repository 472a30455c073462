//! Incremental rebuilds (what `serve` does after each change) give the
//! files of a clean build, byte for byte, whatever changed: an entry, a
//! profile, a mentor, a competency, a handbook page, a template, site.toml,
//! files added and deleted. And they render only what the change concerns.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use compagnon::render::RenderOptions;
use compagnon::session::Session;
use jiff::civil::date;
use proptest::prelude::*;

/// The day every build of these tests is judged on.
fn options() -> compagnon::Options {
    compagnon::Options {
        today: Some(date(2026, 11, 20)),
        drafts: false,
    }
}

/// A clean build in memory, or None when the site has errors.
fn clean(root: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    compagnon::render_site(root, &options(), &RenderOptions::default()).1
}

/// The session's files as plain bytes, to compare with a clean build.
fn files_of(session: &Session) -> BTreeMap<String, Vec<u8>> {
    session
        .files()
        .iter()
        .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
        .collect()
}

/// A file of the handbook replaced (a PDF beside its pages) is published
/// anew at the next rebuild, as a clean build publishes it.
#[test]
fn a_file_of_the_handbook_replaced_is_published_anew() {
    let dir = common::example_copy();
    let root = dir.path();
    std::fs::write(root.join("programme/plan.pdf"), b"%PDF plan 1").unwrap();
    let mut session = Session::new(root, options(), RenderOptions::default());
    assert!(session.rebuild().outcome.is_some());
    assert_eq!(&session.files()["programme/plan.pdf"][..], b"%PDF plan 1");

    std::fs::write(root.join("programme/plan.pdf"), b"%PDF plan, version 2").unwrap();
    let edited = session.rebuild().outcome.expect("the site builds");
    assert_eq!(edited.changed, ["programme/plan.pdf"]);
    assert_eq!(Some(files_of(&session)), clean(root));
}

/// Writes `bytes` at `rel`, dated `minutes` back: a photo replaced a
/// while ago, which the cache of a session trusts by its size and time.
fn write_dated(root: &Path, rel: &str, bytes: &[u8], minutes: u64) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(60 * minutes);
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(then).unwrap();
}

/// A published photo is looked at again when it changes, and only then:
/// the place it records is reported at each rebuild while it holds one.
#[test]
fn a_photo_replaced_by_one_that_records_a_place_is_reported_at_the_next_rebuild() {
    use common::photos::jpeg;
    let dir = common::example_copy();
    let root = dir.path();
    let located = |session: &mut Session| -> Vec<String> {
        let rebuilt = session.rebuild();
        rebuilt
            .checked
            .diagnostics
            .iter()
            .filter(|d| d.code == "photo-location")
            .filter_map(|d| d.file.clone())
            .collect()
    };
    let rel = "static/atelier.jpg";
    write_dated(root, rel, &jpeg(false, 1), 50);
    let mut session = Session::new(root, options(), RenderOptions::default());
    assert!(located(&mut session).is_empty());

    write_dated(root, rel, &jpeg(true, 1), 40);
    assert_eq!(located(&mut session), [rel]);
    // Unchanged since: still reported, from what the session knows.
    assert_eq!(located(&mut session), [rel]);

    write_dated(root, rel, &jpeg(false, 1), 30);
    assert!(located(&mut session).is_empty());
}

/// The files of `dir` under the site, sorted, relative to the site.
fn listed(root: &Path, dir: &str, ext: &str) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(root.join(dir))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|rel| rel.ends_with(ext) && !rel.ends_with("_index.md"))
        .collect();
    found.sort();
    found
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

thread_local! {
    /// The files written or removed since [`touched`] was last called: what
    /// a watcher would report.
    static TOUCHED: std::cell::RefCell<Vec<PathBuf>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn touch(path: &Path) {
    TOUCHED.with(|t| t.borrow_mut().push(path.to_path_buf()));
}

fn touched() -> Vec<PathBuf> {
    TOUCHED.with(|t| std::mem::take(&mut *t.borrow_mut()))
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    touch(&path);
}

/// Replaces the value of the first `key = …` (TOML) or `key: …` (YAML)
/// line of a file's front matter, or adds the line after the opening fence.
fn set_field(root: &Path, rel: &str, key: &str, toml_value: &str) {
    let text = read(root, rel);
    let yaml = text.starts_with("---");
    let line = if yaml {
        format!("{key}: {toml_value}")
    } else {
        format!("{key} = {toml_value}")
    };
    let found = text
        .lines()
        .find(|l| l.starts_with(&format!("{key} =")) || l.starts_with(&format!("{key}:")));
    let changed = match found {
        Some(old) => text.replacen(old, &line, 1),
        None => {
            let (fence, rest) = text.split_at(3);
            format!("{fence}\n{line}{rest}")
        }
    };
    write(root, rel, &changed);
}

fn apprentice_dirs(root: &Path) -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(root.join("apprentices"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    dirs
}

/// An edit a user makes between two saves; the numbers pick a file.
#[derive(Clone, Debug)]
enum Edit {
    EntryText(usize),
    EntryHours(usize, u8),
    AddEntry(usize),
    RemoveEntry(usize),
    Visibility(usize, &'static str),
    ApprenticeName(usize),
    MentorName(usize),
    MentorCapacity(usize, u8),
    CompetencyName(usize),
    HandbookText(usize),
    HandbookTitle(usize),
    AddHandbookPage(u8),
    Template(&'static str),
    SiteTitle,
    Evidence(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = || 0usize..40;
    prop_oneof![
        n().prop_map(Edit::EntryText),
        (n(), 0u8..30).prop_map(|(n, h)| Edit::EntryHours(n, h)),
        n().prop_map(Edit::AddEntry),
        n().prop_map(Edit::RemoveEntry),
        (
            n(),
            prop::sample::select(vec!["public", "unlisted", "private"])
        )
            .prop_map(|(n, v)| Edit::Visibility(n, v)),
        n().prop_map(Edit::ApprenticeName),
        n().prop_map(Edit::MentorName),
        (n(), 1u8..5).prop_map(|(n, c)| Edit::MentorCapacity(n, c)),
        n().prop_map(Edit::CompetencyName),
        n().prop_map(Edit::HandbookText),
        n().prop_map(Edit::HandbookTitle),
        (0u8..3).prop_map(Edit::AddHandbookPage),
        prop::sample::select(vec![
            "portfolio.html",
            "entry.html",
            "base.html",
            "handbook.html"
        ])
        .prop_map(Edit::Template),
        Just(Edit::SiteTitle),
        n().prop_map(Edit::Evidence),
    ]
}

fn apply(root: &Path, edit: &Edit, step: usize) {
    let pick = |list: Vec<String>, n: usize| list[n % list.len()].clone();
    let entries = || {
        listed(root, "apprentices", ".md")
            .into_iter()
            .filter(|rel| rel.matches('/').count() == 2)
            .collect::<Vec<_>>()
    };
    match edit {
        Edit::EntryText(n) => {
            let rel = pick(entries(), *n);
            let text = read(root, &rel);
            // Sometimes 10 KB: the search index's text files change.
            let added = format!("Ajout {step}. ").repeat(1 + step % 2 * 800);
            write(root, &rel, &format!("{text}\n{added}\n"));
        }
        Edit::EntryHours(n, hours) => {
            let rel = pick(entries(), *n);
            set_field(root, &rel, "hours", &format!("{hours}"));
        }
        Edit::AddEntry(n) => {
            let apprentice = pick(apprentice_dirs(root), *n);
            let competency = pick(listed(root, "competencies", ".md"), *n);
            let id = Path::new(&competency)
                .file_stem()
                .unwrap()
                .to_string_lossy();
            write(
                root,
                &format!(
                    "apprentices/{apprentice}/2026-11-1{}-ajout-{step}.md",
                    step % 10
                ),
                &format!(
                    "+++\ntitle = \"Ajout {step}\"\ndate = 2026-11-1{}\nkind = \"practice\"\nhours = 3\ncompetencies = {{ {id} = 2 }}\n+++\nTexte {step}.\n",
                    step % 10
                ),
            );
        }
        Edit::RemoveEntry(n) => {
            let rel = pick(entries(), *n);
            std::fs::remove_file(root.join(&rel)).unwrap();
            touch(&root.join(rel));
        }
        Edit::Visibility(n, visibility) => {
            let apprentice = pick(apprentice_dirs(root), *n);
            let rel = format!("apprentices/{apprentice}/_index.md");
            set_field(root, &rel, "visibility", &format!("\"{visibility}\""));
        }
        Edit::ApprenticeName(n) => {
            let apprentice = pick(apprentice_dirs(root), *n);
            let rel = format!("apprentices/{apprentice}/_index.md");
            set_field(root, &rel, "name", &format!("\"Apprenti {step}\""));
        }
        Edit::MentorName(n) => {
            let rel = pick(listed(root, "mentors", ".md"), *n);
            set_field(root, &rel, "name", &format!("\"Mentor {step}\""));
        }
        Edit::MentorCapacity(n, capacity) => {
            let rel = pick(listed(root, "mentors", ".md"), *n);
            set_field(root, &rel, "capacity", &format!("{capacity}"));
        }
        Edit::CompetencyName(n) => {
            let rel = pick(listed(root, "competencies", ".md"), *n);
            set_field(root, &rel, "name", &format!("\"Compétence {step}\""));
        }
        Edit::HandbookText(n) => {
            let rel = pick(listed(root, "programme", ".md"), *n);
            let text = read(root, &rel);
            write(root, &rel, &format!("{text}\n## Ajout {step}\n\nTexte.\n"));
        }
        Edit::HandbookTitle(n) => {
            let rel = pick(listed(root, "programme", ".md"), *n);
            set_field(root, &rel, "title", &format!("\"Page {step}\""));
        }
        Edit::AddHandbookPage(n) => write(
            root,
            &format!("programme/ajout-{n}.md"),
            // Up to 100 KB: the search index's shards come and go.
            &format!(
                "+++\ntitle = \"Ajout {n}, version {step}\"\n+++\n{}\n",
                format!("Texte {step}. ").repeat(1 + step % 4 * 3000)
            ),
        ),
        Edit::Template(name) => {
            let theme =
                std::fs::read_to_string(format!("themes/default/templates/{name}")).unwrap();
            write(
                root,
                &format!("templates/{name}"),
                // A mark in every page the template makes.
                &theme.replacen(
                    "{% block content %}",
                    &format!("{{% block content %}}<!-- {step} -->"),
                    1,
                ),
            );
        }
        Edit::SiteTitle => set_field(root, "site.toml", "title", &format!("\"Programme {step}\"")),
        Edit::Evidence(n) => {
            let photos: Vec<String> = listed(root, "apprentices", ".jpg");
            let rel = pick(photos, *n);
            let mut bytes = std::fs::read(root.join(&rel)).unwrap();
            // A comment segment after the start of image: other bytes, same pixels.
            bytes.splice(
                2..2,
                [0xFF, 0xFE, 0x00, 0x04, b'0' + (step % 10) as u8, b'!'],
            );
            std::fs::write(root.join(rel), bytes).unwrap();
        }
    }
}

fn rebuild(session: &mut Session) -> Option<compagnon::session::Outcome> {
    session.rebuild().outcome
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 16,
        ..ProptestConfig::default()
    })]

    /// After any edits, the session's files are a clean build's, byte for
    /// byte, with nothing stale left; a site broken by an edit is broken
    /// for both.
    #[test]
    fn a_rebuild_after_edits_equals_a_clean_build(
        edits in proptest::collection::vec((edit(), any::<bool>()), 1..4)
    ) {
        let dir = common::example_copy();
        let root: PathBuf = dir.path().to_path_buf();
        let mut session = Session::new(&root, options(), RenderOptions::default());
        prop_assert!(rebuild(&mut session).is_some());
        touched();
        for (step, (edit, watched)) in edits.iter().enumerate() {
            apply(&root, edit, step);
            // As serve rebuilds: told which files changed, or not.
            let paths = touched();
            let outcome = session.rebuild_after(watched.then_some(&paths[..])).outcome;
            let clean = clean(&root);
            prop_assert_eq!(outcome.is_some(), clean.is_some(), "after {:?}", edit);
            if let Some(clean) = clean {
                let files = files_of(&session);
                let differ: Vec<&String> = clean
                    .keys()
                    .chain(files.keys())
                    .filter(|path| clean.get(*path) != files.get(*path))
                    .collect();
                prop_assert!(differ.is_empty(), "after {:?}: {:?}", edit, differ);
            }
        }
    }
}

/// Editing one entry renders its apprentice's pages and the pages of the
/// whole programme again, and keeps every other apprentice's as they were.
#[test]
fn one_entry_edited_renders_its_apprentice_and_the_figures_only() {
    let dir = common::example_copy();
    let root = dir.path();
    let mut session = Session::new(root, options(), RenderOptions::default());
    let first = rebuild(&mut session).expect("the example builds");
    assert_eq!(first.kept, 0);
    let jobs = first.rendered;

    let same = rebuild(&mut session).unwrap();
    assert_eq!((same.rendered, same.kept), (0, jobs));
    assert!(same.changed.is_empty(), "{:?}", same.changed);

    let entry = "apprentices/ines-mercier/2026-10-29-bilan-octobre.md";
    let text = read(root, entry);
    touched();
    write(root, entry, &format!("{text}\nUne phrase de plus.\n"));
    let edited = session.rebuild_after(Some(&touched())).outcome.unwrap();
    let page = "apprentices/ines-mercier/2026-10-29-bilan-octobre/index.html";
    assert!(
        edited.changed.contains(&page.to_string()),
        "{:?}",
        edited.changed
    );
    let bytes = session.files()[page].clone();
    assert!(String::from_utf8_lossy(&bytes).contains("Une phrase de plus."));
    // Nobody else's pages were rendered: only Inès's and the programme's.
    assert!(
        edited
            .changed
            .iter()
            .all(|path| !path.starts_with("apprentices/lucas-martin/")),
        "{:?}",
        edited.changed
    );
    assert!(
        edited.rendered < jobs / 2,
        "{} of {jobs} jobs rendered",
        edited.rendered
    );
    assert_eq!(files_of(&session), clean(root).unwrap());
}

/// `serve` draws the pages of a save first and the search index after:
/// in between, only the index is behind; then everything is as a clean
/// build makes it.
#[test]
fn the_search_index_follows_the_pages_it_was_left_behind_by() {
    let dir = common::example_copy();
    let root = dir.path();
    let mut session = Session::new(root, options(), RenderOptions::default());
    rebuild(&mut session).expect("the example builds");
    let entry = "apprentices/ines-mercier/2026-10-29-bilan-octobre.md";
    let text = read(root, entry);
    write(
        root,
        entry,
        &format!("{text}\nUne phrase introuvable ailleurs.\n"),
    );
    let pages = session
        .rebuild_pages_first(Some(&[root.join(entry)]))
        .outcome
        .expect("the edited example builds");
    assert!(session.search_behind());
    assert!(
        pages.changed.iter().all(|p| !p.starts_with("search/")),
        "{:?}",
        pages.changed
    );
    let clean = clean(root).unwrap();
    let behind: Vec<String> = files_of(&session)
        .into_iter()
        .filter(|(path, bytes)| clean.get(path) != Some(bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        !behind.is_empty() && behind.iter().all(|p| p.starts_with("search/")),
        "{behind:?}"
    );
    let caught_up = session.rebuild_after(Some(&[])).outcome.unwrap();
    assert!(!session.search_behind());
    assert!(
        caught_up.changed.iter().all(|p| p.starts_with("search/")),
        "{:?}",
        caught_up.changed
    );
    assert_eq!(files_of(&session), clean);
}

/// A broken edit keeps the last good build; fixing it brings the change.
#[test]
fn a_broken_edit_keeps_the_last_good_build() {
    let dir = common::example_copy();
    let root = dir.path();
    let mut session = Session::new(root, options(), RenderOptions::default());
    rebuild(&mut session).expect("the example builds");
    let before = files_of(&session);
    let mentor = listed(root, "mentors", ".md").remove(0);
    let text = read(root, &mentor);
    write(root, &mentor, &text.replacen("capacity", "capacité", 1));
    let broken = session.rebuild();
    assert!(broken.outcome.is_none());
    assert!(broken.checked.diagnostics.has_errors());
    assert_eq!(files_of(&session), before);
    write(root, &mentor, &text);
    assert!(rebuild(&mut session).is_some());
    assert_eq!(files_of(&session), clean(root).unwrap());
}
