//! Whatever a site holds — arbitrary front matter, arbitrary bytes, arbitrary
//! file trees — checking it ends in a list of problems (exit 0 or 1), never
//! a panic.

mod common;

use common::*;
use compagnon::check_site;
use proptest::prelude::*;

/// Pieces that front matter is made of, right and wrong, so generated text
/// stays close enough to real front matter to reach the deep readers.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("+++\n".to_string()),
        Just("---\n".to_string()),
        Just("\n".to_string()),
        prop::sample::select(vec![
            "title",
            "name",
            "date",
            "kind",
            "hours",
            "competencies",
            "evidence",
            "validated_by",
            "goals_met",
            "skills",
            "capacity",
            "languages",
            "formats",
            "availability",
            "started",
            "mentor",
            "targets",
            "seeking",
            "cohort",
            "visibility",
            "goals",
            "due",
            "level",
            "competency",
            "scale",
            "blocks",
            "block",
            "target",
            "levels",
            "weight",
            "draft",
            "base_url",
            "language",
            "programme",
            "extra",
            "[[goals]]",
            "[programme]",
            "[levels]",
        ])
        .prop_map(|k| format!("{k} = ")),
        prop::sample::select(vec![
            "\"organiser-son-poste\"",
            "\"mentor-exemple\"",
            "2026-09-03",
            "2026-02-30",
            "3",
            "-1",
            "6.5",
            "1e400",
            "true",
            "[\"fr\", 3]",
            "{ organiser-son-poste = 9 }",
            "{ = }",
            "\"",
            "[[",
            "'x'",
            "\"pratice\"",
            "[\"../x\"]",
            "\"https://example.org\"",
            "99999999999999999999",
            "{ 1 = \"a\", x = \"b\" }",
            "[{ id = \"b\", name = \"B\" }]",
            "\"\"",
            "nan",
            "inf",
        ])
        .prop_map(|v| format!("{v}\n")),
        "[a-z_ :=\\[\\]{}\"',.0-9-]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(16).collect()),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..24).prop_map(|parts| parts.concat())
}

const PLACES: [&str; 9] = [
    "site.toml",
    MENTOR,
    APPRENTICE,
    ENTRY,
    COMPETENCY,
    FRAMEWORK,
    "programme/_index.md",
    "programme/a/b.md",
    "apprentices/x/_index.md",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_front_matter_never_panics(place in 0..PLACES.len(), text in front_matter()) {
        let site = TestSite::new();
        site.write(PLACES[place], &text);
        let report = site.check();
        // Every problem can be shown, and every shown problem names its file
        // unless it is about the whole folder.
        let shown = report.rendered();
        for d in report.diagnostics() {
            prop_assert!(d.file.is_some() || d.code == "no-site", "{shown}");
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(place in 0..PLACES.len(), bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let site = TestSite::new();
        site.write_bytes(PLACES[place], &bytes);
        let _ = site.check().rendered();
    }

    #[test]
    fn arbitrary_file_trees_never_panic(
        files in prop::collection::vec(
            (
                prop::sample::select(vec!["", "programme/", "competencies/", "mentors/", "apprentices/", "apprentices/x/", "static/", "apprentices/x/y/"]),
                "[a-zA-Z0-9 _.-]{1,12}",
                prop::sample::select(vec![".md", ".markdown", ".jpg", "", ".toml"]),
                front_matter(),
            ),
            0..10,
        )
    ) {
        let dir = tempfile::tempdir().unwrap();
        for (folder, name, ext, text) in &files {
            // Names such as ".." cannot be created: such a tree is simply smaller.
            let path = dir.path().join(format!("{folder}{name}{ext}"));
            let _ = std::fs::create_dir_all(path.parent().unwrap());
            let _ = std::fs::write(&path, text);
        }
        let checked = check_site(dir.path(), None);
        let _ = checked.diagnostics.iter().count();
    }
}

proptest! {
    // Through the real binary: fewer cases, each a process.
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_command_exits_0_or_1_on_any_front_matter(place in 0..PLACES.len(), text in front_matter()) {
        let site = TestSite::new();
        site.write(PLACES[place], &text);
        let output = compagnon().args(["check", path_str(&site.root())]).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        prop_assert!(matches!(output.status.code(), Some(0 | 1)), "{:?}\n{stderr}", output.status);
        prop_assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
