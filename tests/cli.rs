//! The command line as a user runs it: exit codes, what is printed, the
//! files `init` and `new entry` write, and hostile input that must end in a
//! message, never a panic or a hang.

mod common;

use common::*;
use predicates::prelude::*;

#[test]
fn check_passes_a_good_site_and_says_what_it_read() {
    let site = TestSite::new();
    compagnon()
        .args(["check", path_str(&site.root()), "--today", "2026-09-05"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "Site vérifié\u{a0}: 1 page du guide, 1 compétence, 1 mentor, 1 apprenti, 1 entrée — 0 erreur, 0 avertissement.",
        ));
}

#[test]
fn check_exits_1_on_error_and_shows_file_line_and_help() {
    let site = TestSite::new();
    site.edit(MENTOR, "capacity = 2", "capacity = \"deux\"");
    compagnon()
        .args(["check", path_str(&site.root()), "--today", "2026-09-05"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("mentors/mentor-exemple.md:5:12"))
        .stderr(predicate::str::contains(
            "aide\u{a0}: par exemple\u{a0}: capacity = 3",
        ))
        .stderr(predicate::str::ends_with("1 erreur, 0 avertissement.\n"));
}

#[test]
fn warnings_alone_exit_0_and_quiet_hides_them() {
    let site = TestSite::new();
    site.edit(MENTOR, "capacity = 2", "capacity = 0");
    let root = site.root();
    compagnon()
        .args(["check", path_str(&root), "--today", "2026-09-05"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "avertissement\u{a0}: Camille Mentor accompagne 1 apprenti",
        ));
    compagnon()
        .args(["check", path_str(&root), "--today", "2026-09-05", "--quiet"])
        .assert()
        .code(0)
        .stderr(predicate::str::is_empty());
}

#[test]
fn color_never_prints_no_escape_codes_and_always_does() {
    let site = TestSite::new();
    site.edit(MENTOR, "capacity = 2", "capacity = 0");
    let root = site.root();
    compagnon()
        .args(["check", path_str(&root), "--color", "never"])
        .assert()
        .stderr(predicate::str::contains("\u{1b}[").not());
    compagnon()
        .args(["check", path_str(&root), "--color", "always"])
        .assert()
        .stderr(predicate::str::contains("\u{1b}["));
}

#[test]
fn bad_usage_exits_2() {
    compagnon()
        .args(["check", ".", "--today", "2026-13-45"])
        .assert()
        .code(2);
    compagnon().args(["check", "--nope"]).assert().code(2);
    compagnon().args(["publish"]).assert().code(2);
    compagnon()
        .args(["serve", "--port", "70000"])
        .assert()
        .code(2);
    compagnon().assert().code(2);
}

#[test]
fn a_folder_that_is_not_a_site_is_explained() {
    let empty = tempfile::tempdir().unwrap();
    compagnon()
        .args(["check", path_str(empty.path())])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "il n'y a pas de fichier site.toml",
        ))
        .stderr(predicate::str::contains("compagnon init"));
    compagnon()
        .args(["check", path_str(&empty.path().join("absent"))])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("n'existe pas"));
}

#[test]
fn init_makes_a_site_that_checks_clean_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    for (name, lang) in [("mon-programme", "fr"), ("my-programme", "en")] {
        let site = dir.path().join(name);
        compagnon()
            .env("SOURCE_DATE_EPOCH", "1788220800") // 2026-09-01
            .args(["init", path_str(&site), "--language", lang])
            .assert()
            .code(0);
        for file in ["site.toml", "programme/_index.md", "competencies/_index.md"] {
            assert!(site.join(file).is_file(), "{file} in {name}");
        }
        compagnon()
            .args(["check", path_str(&site)])
            .env("SOURCE_DATE_EPOCH", "1788220800")
            .assert()
            .code(0)
            .stderr(
                predicate::str::contains("0 erreur, 0 avertissement")
                    .or(predicate::str::contains("0 errors, 0 warnings")),
            );
    }
    // A site made today (by the real clock) checks clean today too.
    let today = dir.path().join("aujourd-hui");
    compagnon()
        .args(["init", path_str(&today)])
        .assert()
        .code(0);
    compagnon()
        .args(["check", path_str(&today)])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("0 erreur, 0 avertissement"));
}

/// The demo programme: its size as asked, a site that checks without
/// error and builds, with the pages of each apprentice, the same files
/// for the same N and day, and never into a folder that holds files.
#[test]
fn init_demo_makes_a_programme_of_the_size_asked_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("demo");
    compagnon()
        .env("SOURCE_DATE_EPOCH", "1796083200") // 2026-12-01
        .args(["init", path_str(&site), "--demo", "40"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("40 apprentis imaginaires"));
    let apprentices = std::fs::read_dir(site.join("apprentices")).unwrap().count();
    assert_eq!(apprentices, 40);
    let mentors = std::fs::read_dir(site.join("mentors")).unwrap().count();
    assert_eq!(mentors, 8);
    let handbook = walkdir::WalkDir::new(site.join("programme"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count();
    assert_eq!(handbook, 50);
    let entries = walkdir::WalkDir::new(site.join("apprentices"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count()
        - apprentices;
    assert!((10 * 40..=14 * 40).contains(&entries), "{entries} entries");
    assert!(
        walkdir::WalkDir::new(site.join("apprentices"))
            .into_iter()
            .filter_map(Result::ok)
            .any(|e| e.path().extension().is_some_and(|x| x == "jpg"))
    );
    compagnon()
        .args(["check", path_str(&site)])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(" 0 erreur,"));
    let output = dir.path().join("public");
    compagnon()
        .args(["build", path_str(&site), "-o", path_str(&output), "-q"])
        .assert()
        .code(0);
    let first = std::fs::read_dir(site.join("apprentices"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .min()
        .unwrap();
    let profile =
        std::fs::read_to_string(site.join(format!("apprentices/{first}/_index.md"))).unwrap();
    if profile.contains("visibility = \"public\"") {
        assert!(
            output
                .join(format!("apprentices/{first}/index.html"))
                .is_file()
        );
    }

    let again = dir.path().join("again");
    compagnon()
        .env("SOURCE_DATE_EPOCH", "1796083200")
        .args(["init", path_str(&again), "--demo", "40"])
        .assert()
        .code(0);
    for entry in walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&site).unwrap();
            assert_eq!(
                std::fs::read(entry.path()).unwrap(),
                std::fs::read(again.join(rel)).unwrap(),
                "{}",
                rel.display()
            );
        }
    }
    compagnon()
        .args(["init", path_str(&site), "--demo", "5"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("n'est pas vide"));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let site = TestSite::new();
    compagnon()
        .args(["init", path_str(&site.root())])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("n'est pas vide"));
}

#[test]
fn new_entry_writes_a_dated_entry_that_checks_clean() {
    let site = TestSite::new();
    let root = site.root();
    compagnon()
        .env("SOURCE_DATE_EPOCH", "1788566400") // 2026-09-05
        .args([
            "new",
            "entry",
            "apprenti-exemple",
            "Pose d'un chauffe-eau à Gâteau",
            "--site",
            path_str(&root),
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with(
            "apprentices/apprenti-exemple/2026-09-05-pose-d-un-chauffe-eau-a-gateau.md\n",
        ));
    let text =
        site.read("apprentices/apprenti-exemple/2026-09-05-pose-d-un-chauffe-eau-a-gateau.md");
    assert!(text.starts_with("+++\ntitle = \"Pose d'un chauffe-eau à Gâteau\"\ndate = 2026-09-05\nkind = \"practice\""), "{text}");
    assert!(text.contains("competencies = {}"), "{text}");
    site.check().assert_clean();

    // The same title the same day would overwrite it: refused.
    compagnon()
        .env("SOURCE_DATE_EPOCH", "1788566400")
        .args([
            "new",
            "entry",
            "apprenti-exemple",
            "Pose d'un chauffe-eau à Gâteau",
            "--site",
            path_str(&root),
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("existe déjà"));
}

#[test]
fn new_entry_takes_kind_and_date() {
    let site = TestSite::new();
    compagnon()
        .args([
            "new",
            "entry",
            "apprenti-exemple",
            "Point de la semaine",
            "--kind",
            "checkin",
            "--date",
            "2026-09-04",
        ])
        .args(["--site", path_str(&site.root())])
        .assert()
        .code(0);
    let text = site.read("apprentices/apprenti-exemple/2026-09-04-point-de-la-semaine.md");
    assert!(text.contains("kind = \"checkin\""), "{text}");
}

#[test]
fn new_entry_with_a_very_long_title_gets_a_short_file_name_and_the_whole_title() {
    let site = TestSite::new();
    let title = "Réfection complète de la salle de bains ".repeat(12);
    let title = title.trim();
    let output = compagnon()
        .args([
            "new",
            "entry",
            "apprenti-exemple",
            title,
            "--date",
            "2026-09-04",
        ])
        .args(["--site", path_str(&site.root())])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let path = String::from_utf8(output.stdout).unwrap();
    let name = std::path::Path::new(path.trim())
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(name.len() <= 80, "{name}");
    assert!(
        name.starts_with("2026-09-04-refection-complete-de-la-salle-de-bains"),
        "{name}"
    );
    assert!(!name.contains("-.md") && name.ends_with(".md"), "{name}");
    let text = site.read(&format!("apprentices/apprenti-exemple/{name}"));
    assert!(text.contains(&format!("title = \"{title}\"")), "{text}");
    site.check().assert_clean();
}

#[test]
fn new_entry_refuses_an_unknown_apprentice_with_the_nearest_slug() {
    let site = TestSite::new();
    compagnon()
        .args([
            "new",
            "entry",
            "apprenti-exmple",
            "Titre",
            "--site",
            path_str(&site.root()),
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "apprenti inconnu «\u{a0}apprenti-exmple\u{a0}»",
        ))
        .stderr(predicate::str::contains(
            "vouliez-vous dire «\u{a0}apprenti-exemple\u{a0}»\u{a0}?",
        ));
}

// ---- Hostile input: a message and exit 1, never a panic or a hang. ----

fn assert_fails_with(site: &TestSite, needle: &str) {
    let output = compagnon()
        .args(["check", path_str(&site.root())])
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(needle), "expected {needle:?} in:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_huge_file_is_refused_without_being_read() {
    let site = TestSite::new();
    let file = std::fs::File::create(site.root().join("programme/enorme.md")).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    assert_fails_with(
        &site,
        "programme/enorme.md est trop gros pour une page (50 Mo)",
    );
}

#[test]
fn random_bytes_and_non_utf8_get_a_message() {
    let site = TestSite::new();
    site.write_bytes(
        "programme/binaire.md",
        &[0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28],
    );
    assert_fails_with(&site, "programme/binaire.md n'est pas du texte UTF-8");
    let site = TestSite::new();
    site.write_bytes("site.toml", b"title = \"Caf\xe9\"\n");
    assert_fails_with(&site, "site.toml n'est pas du texte UTF-8");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let site = TestSite::new();
    std::os::unix::fs::symlink("..", site.root().join("programme/boucle")).unwrap();
    assert_fails_with(&site, "lien symbolique en boucle");
}

#[test]
fn an_empty_file_and_a_file_with_no_front_matter_get_a_message() {
    let site = TestSite::new();
    site.write("mentors/vide.md", "");
    site.write(
        "apprentices/apprenti-exemple/2026-09-02-notes.md",
        "Juste du texte.\n",
    );
    assert_fails_with(&site, "mentors/vide.md n'a pas d'en-tête");
}

#[test]
fn build_says_what_it_changed_in_the_output() {
    let site = TestSite::new();
    let root = site.root();
    let build = || {
        let out = compagnon()
            .args(["build", path_str(&root), "--today", "2026-09-05"])
            .assert()
            .code(0);
        String::from_utf8(out.get_output().stderr.clone()).unwrap()
    };
    let first = build();
    assert!(first.contains("fichiers ("), "{first}");
    assert!(first.contains(" écrits), en "), "{first}");
    let again = build();
    assert!(again.contains("(rien à changer)"), "{again}");
    site.edit(
        ENTRY,
        "Nous avons fait connaissance",
        "Nous nous sommes rencontrés",
    );
    let edited = build();
    // The entry's page and the few files that quote it (the portfolio, its
    // record to print, the feeds, the search files holding its words), not
    // the whole site.
    let written: usize = edited
        .split_once("fichiers (")
        .and_then(|(_, rest)| rest.split_once(" écrit"))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or_else(|| panic!("{edited}"));
    assert!((1..=7).contains(&written), "{edited}");
    // Files are pages and copies: all but those written are unchanged.
    let files: usize = edited
        .split_once(" pages, ")
        .and_then(|(_, rest)| rest.split_once(" fichiers"))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or_else(|| panic!("{edited}"));
    let unchanged = files - written;
    assert!(
        edited.contains(&format!(" écrits, {unchanged} inchangés), en "))
            || edited.contains(&format!(" écrit, {unchanged} inchangés), en ")),
        "{edited}"
    );
    site.remove(ENTRY);
    let removed = build();
    assert!(removed.contains(", 1 retiré), en "), "{removed}");
}
