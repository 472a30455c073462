//! `compagnon match`, the coordinator's export, as a coordinator uses it on
//! example-site: every apprentice (private ones too), kept pairs kept,
//! capacity respected, reasons and alternatives, in table, CSV and JSON.

mod common;

use common::*;
use predicates::prelude::*;

fn json(args: &[&str]) -> serde_json::Value {
    let output = compagnon()
        .args(["match", "example-site", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

#[test]
fn the_json_export_covers_every_apprentice_and_respects_capacity() {
    let export = json(&[]);
    let site = compagnon::check_site(std::path::Path::new("example-site"), None)
        .site
        .unwrap();
    let apprentices = export["apprentices"].as_array().unwrap();
    assert_eq!(
        apprentices.len(),
        site.apprentices.len(),
        "private apprentices included"
    );
    for apprentice in &site.apprentices {
        let found = apprentices
            .iter()
            .find(|a| a["slug"] == apprentice.slug.as_str())
            .unwrap();
        if let Some(mentor) = &apprentice.mentor {
            assert_eq!(
                found["mentor"],
                mentor.value.as_str(),
                "{} keeps their mentor",
                apprentice.slug
            );
            assert_eq!(found["kept"], true);
        }
        match found["mentor"].as_str() {
            Some(_) => {
                let score = found["score"].as_f64().unwrap();
                assert!((0.0..=1.0).contains(&score));
                assert!(!found["reasons"].as_array().unwrap().is_empty());
            }
            None => assert!(found["unmatched_reason"].is_string()),
        }
    }
    let private = apprentices
        .iter()
        .find(|a| a["slug"] == "manon-roussel")
        .unwrap();
    assert_eq!(private["visibility"], "private");
    for mentor in export["mentors"].as_array().unwrap() {
        let assigned = mentor["assigned"].as_array().unwrap().len() as u64;
        assert!(assigned <= mentor["capacity"].as_u64().unwrap(), "{mentor}");
    }
    // The two apprentices without a mentor get one suggested, with reasons in French.
    let theo = apprentices
        .iter()
        .find(|a| a["slug"] == "theo-lambert")
        .unwrap();
    assert_eq!(theo["kept"], false);
    assert!(theo["reasons"].to_string().contains("créneau"), "{theo}");
    assert!(!export["supply_demand"].as_array().unwrap().is_empty());
}

#[test]
fn all_scores_lists_every_pair_with_a_score_or_a_reason() {
    let export = json(&["--all-scores"]);
    let mentors = export["mentors"].as_array().unwrap().len();
    for apprentice in export["apprentices"].as_array().unwrap() {
        let scores = apprentice["scores"].as_object().unwrap().len();
        let impossible = apprentice["impossible"].as_object().unwrap();
        assert_eq!(scores + impossible.len(), mentors, "{}", apprentice["slug"]);
        // isabelle-roux takes no apprentice this year.
        assert!(impossible.contains_key("isabelle-roux"));
    }
}

#[test]
fn the_csv_opens_in_a_french_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rapprochement.csv");
    compagnon()
        .args([
            "match",
            "example-site",
            "--format",
            "csv",
            "-o",
            path_str(&file),
        ])
        .assert()
        .code(0);
    let bytes = std::fs::read(&file).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "UTF-8 byte-order mark"
    );
    let text = String::from_utf8(bytes).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.contains(";mentor;"), "{header}");
    assert_eq!(text.lines().count(), 16, "a header and 15 apprentices");
    assert!(text.contains("Élodie Gâteau"));
    compagnon()
        .args([
            "match",
            "example-site",
            "--format",
            "csv",
            "--separator",
            ",",
        ])
        .assert()
        .stdout(predicate::str::contains("apprenti,nom,"));
}

#[test]
fn the_table_reads_in_the_terminal_and_errors_stop_the_export() {
    compagnon()
        .args(["match", "example-site"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Théo Lambert — theo-lambert"))
        .stdout(predicate::str::contains("Offre et demande par compétence"));
    let site = TestSite::new();
    site.edit(MENTOR, "capacity = 2", "capacity = \"deux\"");
    compagnon()
        .args(["match", path_str(&site.root())])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
}

#[test]
fn cells_a_spreadsheet_would_run_as_formulas_start_with_a_quote() {
    let site = TestSite::new();
    site.edit(
        APPRENTICE,
        "name = \"Alex Apprenti\"",
        "name = \"=HYPERLINK(\\\"http://evil.example\\\")\"",
    );
    site.edit(MENTOR, "name = \"", "name = \"@SUM(1+1)");
    let output = compagnon()
        .args(["match", path_str(&site.root()), "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = String::from_utf8(output.stdout).unwrap();
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""),
        "{csv}"
    );
    assert!(csv.contains("'@SUM(1+1)"), "{csv}");
    for line in csv.lines() {
        for cell in line.split(';') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '@']), "{cell} in {line}");
        }
    }
}
