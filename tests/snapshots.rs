//! Whole diagnostics exactly as a user sees them, in French and in English.
//! Reviewed like code: a change in wording shows up in the diff.

mod common;

use common::*;
use compagnon::i18n::Lang;

fn check_output(site: &TestSite) -> String {
    check_output_on(site, "2026-09-05")
}

fn check_output_on(site: &TestSite, today: &str) -> String {
    let output = compagnon()
        .args(["check", path_str(&site.root()), "--today", today])
        .output()
        .unwrap();
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn french_errors_and_warnings_of_one_run() {
    let site = TestSite::new();
    site.edit(
        APPRENTICE,
        "mentor = \"mentor-exemple\"",
        "mentor = \"mentor-exmple\"",
    );
    site.edit(ENTRY, "kind = \"checkin\"", "kind = \"pratice\"");
    site.edit(MENTOR, "capacity = 2", "capacity = 2\nmentro = \"x\"");
    insta::assert_snapshot!(check_output(&site));
}

#[test]
fn english_errors_and_warnings_of_one_run() {
    let site = TestSite::in_language(Lang::En);
    let apprentice = "apprentices/sample-apprentice/_index.md";
    site.edit(
        apprentice,
        "mentor = \"sample-mentor\"",
        "mentor = \"sample-mentr\"",
    );
    site.edit(apprentice, "level = 3", "level = 7");
    site.edit(
        "mentors/sample-mentor.md",
        "capacity = 2",
        "capacity = 2\ncapacty = 3",
    );
    insta::assert_snapshot!(check_output(&site));
}

#[test]
fn french_yaml_front_matter_problems() {
    let site = TestSite::new();
    site.write(
        "apprentices/apprenti-exemple/2026-09-03-brasure.md",
        "---\ntitle: Brasure du cuivre\ndate: 03/09/2026\nkind: practice\nhours: \"6,5\"\nevidence: [photo.jpg]\n---\nTexte.\n",
    );
    insta::assert_snapshot!(check_output(&site));
}

#[test]
fn english_syntax_errors_are_explained() {
    let site = TestSite::in_language(Lang::En);
    site.write(
        "programme/broken.md",
        "+++\ntitle = \"Unclosed\ndescription = plain words\nweight = 2026-02-30\n+++\n",
    );
    insta::assert_snapshot!(check_output(&site));
}

#[test]
fn late_check_ins_in_both_languages() {
    // The starter sites' only check-in is on 2026-09-01: on 2026-10-06,
    // past the first four weeks, four weeks in a row have passed without one.
    let output: Vec<String> = [Lang::Fr, Lang::En]
        .into_iter()
        .map(|lang| check_output_on(&TestSite::in_language(lang), "2026-10-06"))
        .collect();
    insta::assert_snapshot!(output.join("\n"));
}
