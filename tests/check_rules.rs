//! One story per rule of FORMAT.md's "What must be an error" and per
//! warning: a starter site with one thing wrong, and what the user is told —
//! the file, the line, the field and the help.

mod common;

use common::*;
use compagnon::derive::{Why, derive};
use compagnon::diagnostics::Severity;
use compagnon::i18n::Lang;
use jiff::civil::date;

#[test]
fn the_starter_site_passes_with_no_warning() {
    TestSite::new().check().assert_clean();
    TestSite::in_language(Lang::En).check().assert_clean();
}

#[test]
fn a_missing_required_field_names_the_field_and_shows_an_example() {
    let site = TestSite::new();
    site.edit(MENTOR, "capacity = 2\n", "");
    let report = site.check();
    let d = report.only("missing-field");
    assert_eq!(report.location(d), (MENTOR.into(), 1, 1));
    assert_eq!(d.field.as_deref(), Some("capacity"));
    assert!(d.message.contains("capacity"), "{}", d.message);
    assert_eq!(
        d.help.as_deref(),
        Some("ajoutez une ligne, par exemple\u{a0}: capacity = 3")
    );
}

#[test]
fn a_missing_field_in_yaml_gets_a_yaml_example() {
    let site = TestSite::new();
    site.write(
        "mentors/paul-roy.md",
        "---\nname: Paul Roy\nskills:\n  organiser-son-poste: 4\n---\nBio.\n",
    );
    let report = site.check();
    let d = report.only("missing-field");
    assert_eq!(report.location(d), ("mentors/paul-roy.md".into(), 1, 1));
    assert!(
        d.help.as_deref().unwrap().ends_with("capacity: 3"),
        "{:?}",
        d.help
    );
}

#[test]
fn a_field_of_the_wrong_type_points_at_the_value() {
    let site = TestSite::new();
    site.edit(MENTOR, "capacity = 2", "capacity = \"deux\"");
    let report = site.check();
    let d = report.only("wrong-type");
    assert_eq!(report.location(d), (MENTOR.into(), 5, 12));
    assert!(d.message.contains("nombre entier"), "{}", d.message);
}

#[test]
fn a_counted_kind_that_is_not_a_kind_gets_the_nearest() {
    let site = TestSite::new();
    site.edit(
        "site.toml",
        "counted_kinds = [\"practice\", \"training\"]",
        "counted_kinds = [\"practice\", \"formation\", \"trainig\"]",
    );
    let report = site.check();
    let found: Vec<(Option<&str>, bool)> = report
        .all("invalid-value")
        .iter()
        .map(|d| {
            let help = d.help.as_deref().unwrap_or_default();
            (d.field.as_deref(), help.contains("«\u{a0}training\u{a0}»"))
        })
        .collect();
    // The French word and the typo each get the kind they stand for.
    assert_eq!(
        found,
        [
            (Some("programme.counted_kinds[2]"), true),
            (Some("programme.counted_kinds[3]"), true)
        ],
        "{}",
        report.rendered()
    );
}

#[test]
fn status_thresholds_out_of_order_are_an_error_at_their_line() {
    let site = TestSite::new();
    site.append(
        "site.toml",
        "\n[status]\npace_watch = 60\npace_behind = 80\n",
    );
    let report = site.check();
    let d = report.only("status-order");
    assert_eq!(d.field.as_deref(), Some("status.pace_behind"));
    let (file, line, _) = report.location(d);
    let text = site.read("site.toml");
    let expected = text
        .lines()
        .position(|l| l.starts_with("pace_behind"))
        .unwrap()
        + 1;
    assert_eq!((file.as_str(), line), ("site.toml", expected));
    assert!(
        d.help.as_deref().unwrap().contains("pace_watch = 90"),
        "{:?}",
        d.help
    );
    // In order: nothing to say.
    site.edit("site.toml", "pace_behind = 80", "pace_behind = 50");
    site.check().assert_clean();
}

#[test]
fn a_number_in_quotes_is_told_to_lose_its_quotes() {
    let site = TestSite::new();
    site.edit(ENTRY, "hours = 1", "hours = \"6,5\"");
    let d = site.check().only("wrong-type").clone();
    assert_eq!(
        d.help.as_deref(),
        Some("écrivez la valeur sans guillemets\u{a0}: hours = 6.5")
    );
}

#[test]
fn an_unknown_mentor_suggests_the_nearest_one_and_its_file() {
    let site = TestSite::new();
    site.edit(
        APPRENTICE,
        "mentor = \"mentor-exemple\"",
        "mentor = \"mentor-exmple\"",
    );
    let report = site.check();
    let d = report.only("unknown-id");
    assert_eq!(report.location(d), (APPRENTICE.into(), 4, 10));
    assert_eq!(d.field.as_deref(), Some("mentor"));
    assert_eq!(
        d.help.as_deref(),
        Some("vouliez-vous dire «\u{a0}mentor-exemple\u{a0}»\u{a0}? (mentors/mentor-exemple.md)")
    );
    // The entry signed off by the real mentor is not blamed for it.
    assert_eq!(report.codes(), vec!["unknown-id"]);
}

#[test]
fn an_unknown_competency_in_an_entry_is_an_error() {
    let site = TestSite::new();
    site.edit(
        ENTRY,
        "{ organiser-son-poste = 1 }",
        "{ organiser-poste = 1 }",
    );
    let report = site.check();
    let d = report.only("unknown-id");
    assert_eq!(report.location(d), (ENTRY.into(), 6, 18));
    assert_eq!(d.field.as_deref(), Some("competencies.organiser-poste"));
    assert!(
        d.help.as_deref().unwrap().contains("organiser-son-poste"),
        "{:?}",
        d.help
    );
}

#[test]
fn an_unknown_block_is_an_error() {
    let site = TestSite::new();
    site.edit(COMPETENCY, "block = \"metier\"", "block = \"metiers\"");
    let report = site.check();
    let d = report.only("unknown-id");
    assert_eq!(report.location(d), (COMPETENCY.into(), 3, 9));
    assert!(
        d.help.as_deref().unwrap().contains("«\u{a0}metier\u{a0}»"),
        "{:?}",
        d.help
    );
}

#[test]
fn a_level_off_the_scale_gives_the_nearest_level() {
    let site = TestSite::new();
    site.edit(MENTOR, "organiser-son-poste = 5", "organiser-son-poste = 6");
    let report = site.check();
    let d = report.only("level-out-of-range");
    assert_eq!(report.location(d), (MENTOR.into(), 4, 34));
    assert!(d.message.contains("1 à 5"), "{}", d.message);
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .starts_with("niveau le plus proche\u{a0}: 5"),
        "{:?}",
        d.help
    );
}

#[test]
fn a_date_that_does_not_exist_is_an_error_in_toml_and_yaml() {
    let site = TestSite::new();
    site.edit(APPRENTICE, "started = 2026-09-01", "started = 2026-02-30");
    let report = site.check();
    let d = report.only("syntax");
    assert_eq!(report.location(d), (APPRENTICE.into(), 3, 11));
    assert!(
        d.message.contains("2026-02-30 n'existe pas"),
        "{}",
        d.message
    );

    let site = TestSite::new();
    site.write(
        "apprentices/apprenti-exemple/2026-09-03-yaml.md",
        "---\ntitle: Brasure\ndate: 03/09/2026\nkind: practice\n---\n",
    );
    let report = site.check();
    let d = report.only("invalid-date");
    assert_eq!(report.location(d).1, 3);
    assert!(
        d.help.as_deref().unwrap().contains("date: 2026-09-03"),
        "{:?}",
        d.help
    );
}

#[test]
fn a_duplicate_slug_is_an_error() {
    // Two handbook files that would share an address each get one, with a
    // warning naming both (real trees have them: GitBook's `page.md`
    // beside `page/`, `marchés/` beside `marches/`).
    let site = TestSite::new();
    site.write("programme/guide.md", "+++\ntitle = \"Guide\"\n+++\n");
    site.write("programme/guide/_index.md", "+++\ntitle = \"Guide\"\n+++\n");
    site.write("programme/marchés/a.md", "# A\n");
    site.write("programme/marches/b.md", "# B\n");
    let report = site.check();
    assert!(!report.0.diagnostics.has_errors(), "{}", report.rendered());
    let warnings = report.all("same-address");
    assert_eq!(warnings.len(), 2, "{}", report.rendered());
    // The second one read is moved, the first named.
    let guide = warnings
        .iter()
        .find(|d| d.file.as_deref() == Some("programme/guide.md"))
        .unwrap();
    assert!(
        guide.message.contains("programme/guide/_index.md"),
        "{}",
        guide.message
    );
    assert!(
        guide
            .label
            .as_deref()
            .unwrap()
            .contains("/programme/guide-2/")
    );
    let out = site.build();
    for page in [
        "guide",
        "guide-2",
        "marches",
        "marches-2",
        "marches/b",
        "marches-2/a",
    ] {
        assert!(
            out.join("programme")
                .join(page)
                .join("index.html")
                .is_file(),
            "{page}"
        );
    }

    let site = TestSite::new();
    site.write("mentors/mentor-exemple.markdown", &site.read(MENTOR));
    assert_eq!(
        site.check().only("duplicate-slug").file.as_deref(),
        Some(MENTOR)
    );
}

#[test]
fn block_ids_follow_the_rules_of_file_ids() {
    let site = TestSite::new();
    site.edit(
        FRAMEWORK,
        "name = \"Gestes du métier\"\n",
        "name = \"Gestes du métier\"\n\n[[blocks]]\nid = \"metier\"\nname = \"Encore\"\n\n[[blocks]]\nid = \"Sécurité\"\nname = \"Sécurité\"\n",
    );
    let report = site.check();
    let twice = report.only("duplicate-slug");
    assert_eq!(report.location(twice), (FRAMEWORK.into(), 10, 6));
    assert_eq!(twice.field.as_deref(), Some("blocks[2].id"));
    assert_eq!(
        twice.label.as_deref(),
        Some("blocks[1] porte déjà cet identifiant")
    );
    let invalid = report.only("invalid-slug");
    assert_eq!(report.location(invalid), (FRAMEWORK.into(), 14, 6));
    assert_eq!(
        invalid.help.as_deref(),
        Some("écrivez par exemple «\u{a0}securite\u{a0}»")
    );
    assert_eq!(report.codes().len(), 2, "{}", report.rendered());
}

#[test]
fn a_missing_evidence_file_suggests_the_file_that_is_there() {
    let site = TestSite::new();
    site.write_bytes(
        "apprentices/apprenti-exemple/photo-brasure.jpg",
        b"\xff\xd8\xff",
    );
    site.edit(
        ENTRY,
        "hours = 1\n",
        "hours = 1\nevidence = [\"photo-brasure.jpeg\", \"https://example.org/plan.pdf\"]\n",
    );
    let report = site.check();
    let d = report.only("missing-file");
    assert_eq!(report.location(d), (ENTRY.into(), 6, 13));
    assert_eq!(d.field.as_deref(), Some("evidence[1]"));
    assert!(
        d.help.as_deref().unwrap().contains("photo-brasure.jpg"),
        "{:?}",
        d.help
    );
}

#[test]
fn a_problem_in_an_entry_named_markdown_names_that_file() {
    let site = TestSite::new();
    let renamed = ENTRY.replace(".md", ".markdown");
    let text = site
        .read(ENTRY)
        .replace("hours = 1\n", "hours = 1\nevidence = [\"absent.pdf\"]\n");
    site.remove(ENTRY).write(&renamed, &text);
    let report = site.check();
    let d = report.only("missing-file");
    assert_eq!(report.location(d), (renamed, 6, 13));
}

#[test]
fn evidence_outside_the_apprentice_folder_is_refused() {
    let site = TestSite::new();
    site.edit(
        ENTRY,
        "hours = 1\n",
        "hours = 1\nevidence = [\"../../site.toml\"]\n",
    );
    let d = site.check().only("evidence-outside").clone();
    assert_eq!(d.field.as_deref(), Some("evidence[1]"));
}

#[test]
fn front_matter_that_never_closes_points_at_its_opening() {
    let site = TestSite::new();
    site.write(
        "programme/ouvert.md",
        "+++\ntitle = \"Ouvert\"\n\nDu texte.\n",
    );
    let report = site.check();
    let d = report.only("front-matter-unclosed");
    assert_eq!(report.location(d), ("programme/ouvert.md".into(), 1, 1));

    site.write(
        "programme/ouvert.md",
        "+++\ntitle = \"Ouvert\"\n---\nDu texte.\n",
    );
    let d = site.check().only("front-matter-unclosed").clone();
    assert!(
        d.help.as_deref().unwrap().contains("même ligne"),
        "{:?}",
        d.help
    );
}

#[test]
fn a_file_without_front_matter_is_told_how_to_start() {
    let site = TestSite::new();
    site.write("mentors/paul.md", "# Paul\n");
    let report = site.check();
    let d = report.only("no-front-matter");
    assert_eq!(report.location(d), ("mentors/paul.md".into(), 1, 1));
    assert!(d.help.as_deref().unwrap().contains("+++"), "{:?}", d.help);
}

#[test]
fn a_handbook_page_needs_no_front_matter() {
    let site = TestSite::new();
    site.write("programme/notes.md", "# Mes notes\n\nDu texte.\n");
    site.write("programme/sans-titre.md", "Du texte sans titre.\n");
    site.write(
        "programme/Les rôles/fiche_mentor.md",
        "+++\ntitle = \"Le mentor\"\n+++\n# Le mentor\n\nSon rôle.\n",
    );
    site.check().assert_clean();
    let out = site.build();
    let page = |p: &str| {
        std::fs::read_to_string(out.join("programme").join(p).join("index.html")).unwrap()
    };
    let notes = page("notes");
    assert!(
        notes.contains("<title>Mes notes"),
        "the first heading is the title"
    );
    assert_eq!(
        notes.matches(">Mes notes</h1>").count(),
        1,
        "and is not shown twice"
    );
    assert!(
        page("sans-titre").contains("<h1>Sans titre</h1>"),
        "else the file's name"
    );
    let mentor = page("les-roles/fiche-mentor");
    assert_eq!(
        mentor.matches(">Le mentor</h1>").count(),
        1,
        "a heading equal to the title is not repeated"
    );
    // The folder has no page of its own: it gets one, named after it, listing its pages.
    let folder = page("les-roles");
    assert!(folder.contains("<h1>Les rôles</h1>"), "{folder}");
    assert!(folder.contains("fiche-mentor/"), "{folder}");
}

#[test]
fn misspelt_enum_values_get_the_nearest_valid_value() {
    let site = TestSite::new();
    site.edit(ENTRY, "kind = \"checkin\"", "kind = \"pratice\"");
    site.edit(
        MENTOR,
        "formats = [\"one-to-one\"]",
        "formats = [\"one-to-one\", \"groupe\"]",
    );
    site.edit(
        APPRENTICE,
        "availability = [\"mon-am\"]",
        "availability = [\"lundi matin\"]",
    );
    let report = site.check();
    let helps: Vec<(String, String)> = report
        .diagnostics()
        .iter()
        .filter(|d| d.code == "invalid-value")
        .map(|d| (d.field.clone().unwrap(), d.help.clone().unwrap()))
        .collect();
    assert_eq!(helps.len(), 3, "{}", report.rendered());
    let suggests = |field: &str, value: &str| {
        helps.iter().any(|(f, h)| {
            f == field && h.starts_with(&format!("vouliez-vous dire «\u{a0}{value}\u{a0}»"))
        })
    };
    assert!(suggests("kind", "practice"), "{helps:?}");
    assert!(suggests("formats[2]", "group"), "{helps:?}");
    assert!(suggests("availability[1]", "mon-am"), "{helps:?}");
}

#[test]
fn an_unknown_field_is_a_warning_with_the_nearest_name() {
    let site = TestSite::new();
    site.edit(
        APPRENTICE,
        "visibility = \"public\"",
        "visibility = \"public\"\nmentro = \"x\"\nnom = \"y\"\n[extra]\nbadge = 1",
    );
    let report = site.check();
    let warnings = report.all("unknown-field");
    assert_eq!(warnings.len(), 2, "{}", report.rendered());
    assert!(warnings.iter().all(|d| d.severity == Severity::Warning));
    assert_eq!(
        warnings[0].help.as_deref(),
        Some("vouliez-vous dire «\u{a0}mentor\u{a0}»\u{a0}?")
    );
    assert_eq!(
        warnings[1].help.as_deref(),
        Some("vouliez-vous dire «\u{a0}name\u{a0}»\u{a0}?")
    );
    assert_eq!(report.location(warnings[0]), (APPRENTICE.into(), 9, 1));
    assert!(!report.0.diagnostics.has_errors());
}

#[test]
fn a_sign_off_by_another_mentor_is_a_warning() {
    let site = TestSite::new();
    site.write(
        "mentors/paul-roy.md",
        "+++\nname = \"Paul Roy\"\nskills = { organiser-son-poste = 4 }\ncapacity = 1\n+++\n",
    );
    site.edit(
        ENTRY,
        "validated_by = \"mentor-exemple\"",
        "validated_by = \"paul-roy\"",
    );
    let report = site.check();
    let d = report.only("not-own-mentor");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(report.location(d), (ENTRY.into(), 7, 16));
    assert!(
        d.label.as_deref().unwrap().contains("mentor-exemple"),
        "{:?}",
        d.label
    );
}

#[test]
fn a_mentor_over_capacity_is_a_warning_on_the_capacity() {
    let site = TestSite::new();
    site.edit(MENTOR, "capacity = 2", "capacity = 0");
    let report = site.check();
    let d = report.only("over-capacity");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(report.location(d), (MENTOR.into(), 5, 12));
    assert!(
        d.message.contains("1 apprenti pour une capacité de 0"),
        "{}",
        d.message
    );
}

#[test]
fn an_entry_dated_in_the_future_is_a_warning() {
    let site = TestSite::new();
    site.write(
        "apprentices/apprenti-exemple/2026-10-01-futur.md",
        "+++\ntitle = \"Plus tard\"\ndate = 2026-10-01\nkind = \"practice\"\n+++\n",
    );
    let report = site.check();
    let d = report.only("future-entry");
    assert_eq!(
        report.location(d),
        (
            "apprentices/apprenti-exemple/2026-10-01-futur.md".into(),
            3,
            8
        )
    );
}

/// Whether the progress pages would mark the apprentice for missed check-ins
/// on `today`: derive's verdict, from the same site check just read.
fn needs_checkins(site: &TestSite, today: jiff::civil::Date) -> Option<Why> {
    let checked = compagnon::check_site(&site.root(), Some(today));
    let derived = derive(checked.site.as_ref().unwrap(), checked.today);
    derived.apprentices[0]
        .status
        .reasons
        .iter()
        .map(|r| &r.why)
        .find(|w| matches!(w, Why::CheckinsMissed { .. }))
        .cloned()
}

/// A site whose apprentices are judged from their first day (no first
/// weeks to settle in), as these tests of the check-in rhythm need.
fn judged_from_the_start(site: TestSite) -> TestSite {
    site.append("site.toml", "\n[status]\ngrace_days = 0\n");
    site
}

#[test]
fn the_first_four_weeks_are_not_judged_for_check_ins() {
    // The starter's only check-in is on 2026-09-01, its first day.
    let site = TestSite::new();
    // Three weeks missed, but within the first 28 days: nothing to say.
    site.check_on(date(2026, 9, 28)).assert_clean();
    assert_eq!(needs_checkins(&site, date(2026, 9, 28)), None);
    // From the 29th day on, the weeks missed in a row are told.
    let report = site.check_on(date(2026, 9, 29));
    assert_eq!(
        report.only("checkin-overdue").message,
        "Alex Apprenti n'a pas eu de point de suivi 3 semaines de suite (le dernier date du 2026-09-01)"
    );
    assert_eq!(
        needs_checkins(&site, date(2026, 9, 29)),
        Some(Why::CheckinsMissed {
            periods: 3,
            last: Some(date(2026, 9, 1)),
        })
    );
}

#[test]
fn two_missed_weeks_of_check_ins_are_a_warning_with_the_command_to_log_one() {
    // The starter's only check-in is on its first day, Tuesday 2026-09-01;
    // its weeks run from there, Tuesday to Monday.
    let site = judged_from_the_start(TestSite::new());
    // Within the first week, and with one week missed while the next is
    // under way: nothing to say, here or on the progress pages.
    for today in [date(2026, 9, 8), date(2026, 9, 20)] {
        site.check_on(today).assert_clean();
        assert_eq!(needs_checkins(&site, today), None);
    }
    // Two weeks in a row without one: the warning, and the same verdict on
    // the progress pages.
    let report = site.check_on(date(2026, 9, 22));
    let d = report.only("checkin-overdue");
    assert_eq!(d.file.as_deref(), Some(APPRENTICE));
    assert_eq!(
        d.message,
        "Alex Apprenti n'a pas eu de point de suivi 2 semaines de suite (le dernier date du 2026-09-01)"
    );
    assert_eq!(
        d.label.as_deref(),
        Some("le programme prévoit un point chaque semaine (checkin_every dans site.toml)")
    );
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("compagnon new entry apprenti-exemple \"Point hebdomadaire\" --kind checkin"),
        "{:?}",
        d.help
    );
    assert_eq!(
        needs_checkins(&site, date(2026, 9, 22)),
        Some(Why::CheckinsMissed {
            periods: 2,
            last: Some(date(2026, 9, 1)),
        })
    );
}

#[test]
fn no_check_in_since_the_start_is_told_from_the_start() {
    let site = judged_from_the_start(TestSite::in_language(Lang::En));
    let entry = "apprentices/sample-apprentice/2026-09-01-first-check-in.md";
    site.edit(entry, "kind = \"checkin\"", "kind = \"practice\"");
    site.check_on(date(2026, 9, 14)).assert_clean();
    let report = site.check_on(date(2026, 9, 15));
    assert_eq!(
        report.only("checkin-overdue").message,
        "Alex Apprentice has had no check-in since starting on 2026-09-01 (2 weeks in a row)"
    );
    assert_eq!(
        needs_checkins(&site, date(2026, 9, 15)),
        Some(Why::CheckinsMissed {
            periods: 2,
            last: None,
        })
    );
}

#[test]
fn a_draft_check_in_keeps_no_rhythm() {
    let site = judged_from_the_start(TestSite::new());
    site.write(
        "apprentices/apprenti-exemple/2026-09-10-point.md",
        "+++\ntitle = \"Point\"\ndate = 2026-09-10\nkind = \"checkin\"\ndraft = true\n+++\n",
    );
    let report = site.check_on(date(2026, 9, 22));
    assert!(
        report
            .only("checkin-overdue")
            .message
            .contains("le dernier date du 2026-09-01"),
        "{}",
        report.rendered()
    );
}

#[test]
fn the_rhythm_follows_checkin_every() {
    let site = TestSite::new();
    site.edit(
        SITE_TOML,
        "checkin_every = \"week\"",
        "checkin_every = \"month\"",
    );
    // September held the check-in; October missed, November under way.
    site.check_on(date(2026, 9, 20)).assert_clean();
    site.check_on(date(2026, 11, 15)).assert_clean();
    // October and November missed.
    let report = site.check_on(date(2026, 12, 1));
    let d = report.only("checkin-overdue");
    assert!(d.message.contains("2 mois de suite"), "{}", d.message);
    assert_eq!(
        d.label.as_deref(),
        Some("le programme prévoit un point chaque mois (checkin_every dans site.toml)")
    );
    // The command it suggests names the check-in after the rhythm.
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("\"Point mensuel\" --kind checkin"),
        "{:?}",
        d.help
    );
}

#[test]
fn as_of_in_site_toml_sets_the_reference_day() {
    let site = TestSite::new();
    site.edit(
        SITE_TOML,
        "required_hours = 400",
        "required_hours = 400\nas_of = 2026-09-30",
    );
    let checked = compagnon::check_site(&site.root(), None);
    assert_eq!(checked.today, date(2026, 9, 30));
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.code == "checkin-overdue")
    );
}

#[test]
fn a_goal_with_a_competency_needs_a_level() {
    let site = TestSite::new();
    site.edit(APPRENTICE, "level = 3\n", "");
    let report = site.check();
    let d = report.only("goal-incomplete");
    assert_eq!(report.location(d), (APPRENTICE.into(), 12, 14));
    assert_eq!(d.field.as_deref(), Some("goals[1].level"));
}

#[test]
fn goals_met_must_name_a_goal() {
    let site = TestSite::new();
    site.edit(
        ENTRY,
        "hours = 1\n",
        "hours = 1\ngoals_met = [\"Preparer seul son poste\"]\n",
    );
    let report = site.check();
    let d = report.only("unknown-id");
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("Préparer seul son poste"),
        "{:?}",
        d.help
    );
}

#[test]
fn a_file_name_that_is_not_an_id_gets_the_name_to_use() {
    let site = TestSite::new();
    site.write("mentors/Élodie Gâteau.md", &site.read(MENTOR));
    let d = site.check().only("invalid-slug").clone();
    assert_eq!(d.file.as_deref(), Some("mentors/Élodie Gâteau.md"));
    assert_eq!(
        d.help.as_deref(),
        Some("renommez-le en mentors/elodie-gateau.md")
    );
}

#[test]
fn site_toml_problems_are_reported_together() {
    let site = TestSite::new();
    let text = site.read(SITE_TOML);
    let text = text
        .replace("title = \"Programme de mentorat\"\n", "")
        .replace(
            "base_url = \"https://example.org/programme/\"",
            "base_url = \"example.org\"",
        )
        .replace("checkin_every = \"week\"", "checkin_every = \"semaine\"");
    site.write(SITE_TOML, &text);
    let report = site.check();
    let mut codes = report.codes();
    codes.sort();
    assert_eq!(
        codes,
        vec!["invalid-url", "invalid-value", "missing-field"],
        "{}",
        report.rendered()
    );
    let rhythm = report
        .diagnostics()
        .into_iter()
        .find(|d| d.code == "invalid-value")
        .unwrap();
    assert!(
        rhythm
            .help
            .as_deref()
            .unwrap()
            .contains("«\u{a0}week\u{a0}»"),
        "{:?}",
        rhythm.help
    );
}

#[test]
fn a_language_name_gets_its_code() {
    let site = TestSite::new();
    site.edit(MENTOR, "languages = [\"fr\"]", "languages = [\"Français\"]");
    let d = site.check().only("invalid-language").clone();
    assert_eq!(
        d.help.as_deref(),
        Some("écrivez le code de la langue\u{a0}: «\u{a0}fr\u{a0}»")
    );
}

#[test]
fn a_missing_photo_is_an_error() {
    let site = TestSite::new();
    site.write_bytes("static/photos/camille.jpg", b"\xff\xd8\xff");
    site.edit(
        MENTOR,
        "location = \"Lille\"",
        "location = \"Lille\"\nphoto = \"photos/camile.jpg\"",
    );
    let d = site.check().only("missing-file").clone();
    assert!(
        d.help.as_deref().unwrap().contains("photos/camille.jpg"),
        "{:?}",
        d.help
    );
}

#[test]
fn competencies_without_a_framework_file_are_an_error() {
    let site = TestSite::new();
    site.remove(FRAMEWORK);
    let d = site.check().only("missing-framework").clone();
    assert_eq!(d.file.as_deref(), Some("competencies"));
}

#[test]
fn an_apprentice_folder_without_profile_is_an_error() {
    let site = TestSite::new();
    site.write(
        "apprentices/lea-girard/2026-09-02-x.md",
        "+++\ntitle = \"x\"\ndate = 2026-09-02\nkind = \"practice\"\n+++\n",
    );
    let d = site.check().only("missing-profile").clone();
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("apprentices/lea-girard/_index.md")
    );
}

#[test]
fn quotes_nested_too_deep_are_a_warning_at_their_line() {
    let site = TestSite::new();
    let thread = format!("{} Le premier message du fil.", ">".repeat(40));
    site.edit(
        ENTRY,
        "premier objectif.",
        &format!("premier objectif.\n\nLe fil d'échanges :\n\n{thread}"),
    );
    let report = site.check();
    let d = report.only("too-deep");
    assert_eq!(d.severity, Severity::Warning);
    // Line 14 of the file, at the 33rd ">": the first level to be flattened.
    assert_eq!(report.location(d), (ENTRY.into(), 14, 33));
    assert_eq!(
        d.message,
        "citations ou listes imbriquées sur plus de 32 niveaux"
    );
    assert_eq!(
        d.help.as_deref(),
        Some(
            "le texte est gardé, sans les niveaux en trop\u{a0}: imbriquez moins (moins de > en début de ligne, moins de retrait dans les listes)"
        )
    );
}

#[test]
fn the_file_name_date_and_the_entry_date_must_agree() {
    let site = TestSite::new();
    site.write(
        "apprentices/apprenti-exemple/2026-09-02-copie.md",
        "+++\ntitle = \"Copie\"\ndate = 2026-09-03\nkind = \"practice\"\n+++\n",
    );
    let d = site.check().only("date-mismatch").clone();
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn an_entry_before_the_apprentice_started_is_a_warning() {
    let site = TestSite::new();
    site.write(
        "apprentices/apprenti-exemple/2026-08-20-avant.md",
        "+++\ntitle = \"Avant\"\ndate = 2026-08-20\nkind = \"practice\"\n+++\n",
    );
    site.check().only("entry-before-start");
}

#[test]
fn two_goals_with_the_same_title_are_an_error() {
    let site = TestSite::new();
    site.edit(
        APPRENTICE,
        "due = 2026-12-01\n",
        "due = 2026-12-01\n\n[[goals]]\ntitle = \"Préparer seul son poste\"\ndue = 2027-01-01\n",
    );
    site.check().only("duplicate-goal");
}

#[test]
fn a_syntax_error_does_not_hide_the_rest_of_the_file() {
    let site = TestSite::new();
    site.edit(APPRENTICE, "location = \"Lille\"", "location = Lille");
    site.edit(
        APPRENTICE,
        "mentor = \"mentor-exemple\"",
        "mentor = \"mentor-exmple\"",
    );
    let report = site.check();
    let mut codes = report.codes();
    codes.sort();
    assert_eq!(codes, vec!["syntax", "unknown-id"], "{}", report.rendered());
    let syntax = report.only("syntax");
    assert_eq!(
        syntax.help.as_deref(),
        Some("écrivez-le entre guillemets droits\u{a0}: \"Lille\"")
    );
}

#[test]
fn every_error_of_the_site_is_reported_in_one_run() {
    let site = TestSite::new();
    site.edit(MENTOR, "capacity = 2", "capacity = -1");
    site.edit(ENTRY, "kind = \"checkin\"", "kind = \"bilan\"");
    site.edit(COMPETENCY, "target = 3", "target = 9");
    site.write("mentors/vide.md", "");
    let report = site.check();
    assert_eq!(report.0.diagnostics.errors(), 4, "{}", report.rendered());
}

#[test]
fn english_sites_get_english_messages() {
    let site = TestSite::in_language(Lang::En);
    site.edit(
        "apprentices/sample-apprentice/_index.md",
        "mentor = \"sample-mentor\"",
        "mentor = \"sample-mentr\"",
    );
    let report = site.check();
    let d = report.only("unknown-id");
    assert_eq!(d.message, "unknown mentor \"sample-mentr\"");
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean \"sample-mentor\"? (mentors/sample-mentor.md)")
    );
}

// ---- `check` guarantees `build` ----

#[test]
fn a_live_apprentice_whose_mentor_is_a_draft_is_an_error_naming_both_files() {
    let site = TestSite::new();
    site.edit(MENTOR, "capacity = 2\n", "capacity = 2\ndraft = true\n");
    let report = site.check();
    let problems = report.all("draft-reference");
    // The profile's mentor and the entry's sign-off both cite the draft.
    assert_eq!(problems.len(), 2, "{}", report.rendered());
    let d = problems
        .iter()
        .find(|d| d.field.as_deref() == Some("mentor"))
        .unwrap();
    assert_eq!(report.location(d), (APPRENTICE.into(), 4, 10));
    assert_eq!(
        d.message,
        "le mentor «\u{a0}mentor-exemple\u{a0}» est un brouillon"
    );
    assert!(
        d.label.as_deref().unwrap().contains(MENTOR),
        "{:?}",
        d.label
    );
    assert!(
        d.help.as_deref().unwrap().contains("--drafts"),
        "{:?}",
        d.help
    );
    let signed = problems
        .iter()
        .find(|d| d.field.as_deref() == Some("validated_by"))
        .unwrap();
    assert_eq!(report.location(signed).0, ENTRY);
    // Building with the drafts, the same site is fine.
    let checked = compagnon::open(
        &site.root(),
        &compagnon::Options {
            today: Some(TODAY),
            drafts: true,
        },
    )
    .checked;
    assert!(!checked.diagnostics.has_errors());
}

#[test]
fn an_entry_citing_a_draft_competency_is_an_error() {
    let site = TestSite::new();
    site.write(
        "competencies/souder.md",
        "+++\nname = \"Souder\"\nblock = \"bases\"\ntarget = 3\ndraft = true\n+++\n",
    );
    site.edit(
        ENTRY,
        "competencies = { organiser-son-poste = 1 }",
        "competencies = { organiser-son-poste = 1, souder = 2 }",
    );
    let report = site.check();
    let d = report.only("draft-reference");
    assert_eq!(report.location(d).0, ENTRY);
    assert_eq!(d.field.as_deref(), Some("competencies.souder"));
    assert!(
        d.label
            .as_deref()
            .unwrap()
            .contains("competencies/souder.md"),
        "{:?}",
        d.label
    );
}

#[test]
fn a_broken_template_is_reported_by_check_at_its_file_and_line() {
    let site = TestSite::new();
    site.write(
        "templates/mentor.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ mentor.name }</h1>\n{% endblock content %}\n",
    );
    site.write("templates/search.html", "{% if %}\n");
    let report = site.check();
    let problems = report.all("template");
    // Both broken templates at once, each at its own line.
    assert_eq!(problems.len(), 2, "{}", report.rendered());
    let mentor = problems
        .iter()
        .find(|d| d.file.as_deref() == Some("templates/mentor.html"))
        .unwrap();
    assert_eq!(report.location(mentor).1, 3);
    assert!(
        mentor
            .help
            .as_deref()
            .unwrap()
            .contains("templates/mentor.html"),
        "{:?}",
        mentor.help
    );
    let search = problems
        .iter()
        .find(|d| d.file.as_deref() == Some("templates/search.html"))
        .unwrap();
    assert_eq!(report.location(search).1, 1);
    assert!(report.rendered().contains("{{ mentor.name }"));
}

#[test]
fn templates_that_parse_but_do_not_fit_together_are_each_reported_at_their_line() {
    let site = TestSite::new();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}<h1>Perdu</h1>{% endblock main %}\n",
    );
    site.write(
        "templates/search.html",
        "{% extends \"base.html\" %}\n\n{% block sidebar %}{% endblock sidebar %}\n",
    );
    let report = site.check();
    let problems = report.all("template");
    assert_eq!(problems.len(), 2, "{}", report.rendered());
    for (file, line, block) in [
        ("templates/404.html", 2, "main"),
        ("templates/search.html", 3, "sidebar"),
    ] {
        let d = problems
            .iter()
            .find(|d| d.file.as_deref() == Some(file))
            .unwrap_or_else(|| panic!("{file}: {}", report.rendered()));
        assert_eq!(report.location(d).1, line, "{file}");
        assert!(d.label.as_deref().unwrap().contains(block), "{:?}", d.label);
        assert!(d.help.as_deref().unwrap().contains(file), "{:?}", d.help);
    }
}

#[test]
fn a_static_file_at_a_generated_address_is_an_error_naming_both_sources() {
    let site = TestSite::new();
    site.write("static/mentors/index.html", "<p>mine</p>");
    let report = site.check();
    let d = report.only("output-collision");
    assert_eq!(d.file.as_deref(), Some("static/mentors/index.html"));
    assert!(d.message.contains("mentors/index.html"), "{}", d.message);
    let label = d.label.as_deref().unwrap();
    assert!(label.contains("static/mentors/index.html"), "{label}");
    assert!(label.contains("l'annuaire des mentors"), "{label}");
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .starts_with("renommez ou déplacez static/mentors/index.html")
    );
}

#[test]
fn evidence_named_like_the_entry_page_is_an_error() {
    let site = TestSite::new();
    site.write("apprentices/apprenti-exemple/index.html", "<p>export</p>");
    site.edit(
        ENTRY,
        "validated_by",
        "evidence = [\"index.html\"]\nvalidated_by",
    );
    // A page as evidence is refused first: it would run in the site.
    assert_eq!(
        site.check().only("evidence-active").field.as_deref(),
        Some("evidence[1]")
    );
    // Where HTML is trusted, it would still replace the entry's own page.
    site.append(SITE_TOML, "[markdown]\nunsafe_html = true\n");
    let report = site.check();
    let d = report.only("output-collision");
    assert_eq!(
        d.file.as_deref(),
        Some("apprentices/apprenti-exemple/index.html")
    );
    let label = d.label.as_deref().unwrap();
    assert!(label.contains(ENTRY), "{label}");
}

#[test]
fn two_files_that_differ_only_by_case_are_an_error() {
    let site = TestSite::new();
    site.write("static/Logo.png", "a")
        .write("static/logo.png", "b");
    let report = site.check();
    let d = report.only("output-collision");
    assert!(d.message.contains("majuscules"), "{}", d.message);
    let label = d.label.as_deref().unwrap();
    assert!(
        label.contains("static/Logo.png") && label.contains("static/logo.png"),
        "{label}"
    );
}

#[test]
fn a_static_file_where_the_site_needs_a_folder_is_an_error() {
    let site = TestSite::new();
    site.write("static/progress", "not a folder");
    let report = site.check();
    let d = report.only("output-collision");
    assert!(d.message.contains("fichier et un dossier"), "{}", d.message);
    assert_eq!(d.file.as_deref(), Some("static/progress"));
}

#[cfg(unix)]
#[test]
fn an_unreadable_evidence_file_is_a_read_failure_at_check() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::new();
    let rel = "apprentices/apprenti-exemple/photo.pdf";
    site.write(rel, "%PDF-1.4");
    site.edit(
        ENTRY,
        "validated_by",
        "evidence = [\"photo.pdf\"]\nvalidated_by",
    );
    std::fs::set_permissions(
        site.root().join(rel),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    // Root reads any file, and CI runs as root: check then runs as nobody,
    // who may walk the site but not open the photo.
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let bin = assert_cmd::cargo::cargo_bin("compagnon");
    let mut command = if root {
        let mut dir = site.root();
        while let Some(up) = dir.parent().map(std::path::Path::to_path_buf) {
            if dir.starts_with(std::env::temp_dir()) && dir != std::env::temp_dir() {
                std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
            dir = up;
        }
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(bin);
        c
    } else {
        std::process::Command::new(bin)
    };
    let out = command
        .args(["check", "--today", "2026-09-05"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("impossible de lire apprentices/apprenti-exemple/photo.pdf"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("cité comme preuve dans {ENTRY}")),
        "{stderr}"
    );
    assert!(!stderr.contains("disque"), "{stderr}");
}

#[test]
fn control_characters_in_a_field_or_a_body_are_errors_at_their_line_never_sent_to_the_terminal() {
    let site = TestSite::new();
    // A TOML escape puts BEL in the title; ESC is in the body as is.
    site.edit(ENTRY, "title = \"Premier", "title = \"\\u0007Premier");
    site.edit(ENTRY, "Nous avons", "Nous \u{1b}[2J avons");
    let report = site.check();
    let problems = report.all("control-character");
    assert_eq!(problems.len(), 2, "{}", report.rendered());
    let title = problems.iter().find(|d| d.field.is_some()).unwrap();
    assert_eq!(title.field.as_deref(), Some("title"));
    assert_eq!(report.location(title), (ENTRY.to_string(), 2, 9));
    assert!(title.message.contains("U+0007"), "{}", title.message);
    let body = problems.iter().find(|d| d.field.is_none()).unwrap();
    assert_eq!(report.location(body).1, 10);
    assert!(body.message.contains("U+001B"), "{}", body.message);
    // The quoted line shows the character; the terminal never receives it.
    let shown = report.rendered();
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
    assert!(shown.contains("Nous \u{241b}[2J avons"), "{shown}");
}

#[test]
fn a_base_url_with_a_password_and_a_theme_outside_the_site_are_refused() {
    let site = TestSite::new();
    let text = site.read(SITE_TOML);
    let url = text.lines().find(|l| l.starts_with("base_url = ")).unwrap();
    site.write(
        SITE_TOML,
        &text.replacen(url, "base_url = \"https://claire:s3cret@intranet.example/programme/\"\ntheme = \"../../etc\"", 1),
    );
    let report = site.check();
    let url = report.only("invalid-url");
    assert_eq!(url.field.as_deref(), Some("base_url"));
    assert!(url.message.contains("mot de passe"), "{}", url.message);
    let theme = report.only("unknown-theme");
    assert!(theme.message.contains("../../etc"), "{}", theme.message);
    for absolute in ["/etc", "themes/../../x"] {
        let text = site.read(SITE_TOML);
        let line = text.lines().find(|l| l.starts_with("theme = ")).unwrap();
        site.write(
            SITE_TOML,
            &text.replacen(line, &format!("theme = \"{absolute}\""), 1),
        );
        assert_eq!(
            site.check().only("unknown-theme").field.as_deref(),
            Some("theme")
        );
    }
}

#[test]
fn evidence_that_would_run_code_in_the_site_is_refused_unless_html_is_trusted() {
    let site = TestSite::new();
    site.write(
        "apprentices/apprenti-exemple/rapport.html",
        "<script>alert(1)</script>",
    );
    site.write(
        "apprentices/apprenti-exemple/schema.SVG",
        "<svg onload=alert(1)/>",
    );
    site.edit(
        ENTRY,
        "+++\n",
        "+++\nevidence = [\"rapport.html\", \"schema.SVG\"]\n",
    );
    let report = site.check();
    let problems = report.all("evidence-active");
    assert_eq!(problems.len(), 2, "{}", report.rendered());
    for (d, field) in problems.iter().zip(["evidence[1]", "evidence[2]"]) {
        assert_eq!(d.file.as_deref(), Some(ENTRY));
        assert_eq!(d.field.as_deref(), Some(field));
        assert!(d.help.as_deref().unwrap().contains("PDF"), "{:?}", d.help);
    }
    assert_eq!(report.location(problems[0]).1, 2);
    site.append(SITE_TOML, "[markdown]\nunsafe_html = true\n");
    assert!(site.check().codes().iter().all(|c| *c != "evidence-active"));
}

#[test]
fn an_image_from_another_host_is_a_warning_at_its_line() {
    let site = TestSite::new();
    site.edit(
        ENTRY,
        "Nous avons",
        "Voir ![photo](https://pixel.example/t.gif).\n\nNous avons",
    );
    let report = site.check();
    let d = report.only("remote-media");
    assert!(!d.is_error());
    assert_eq!(report.location(d), (ENTRY.to_string(), 10, 6));
    assert!(d.message.contains("pixel.example"), "{}", d.message);
    assert!(d.help.as_deref().unwrap().contains("remote_media = true"));
    site.append(SITE_TOML, "[markdown]\nremote_media = true\n");
    assert!(site.check().codes().iter().all(|c| *c != "remote-media"));
}

#[test]
fn numbers_no_real_site_has_are_refused_in_toml_and_yaml_alike() {
    let site = TestSite::new();
    site.write(
        "apprentices/apprenti-exemple/2026-09-02-yaml.md",
        "---\ntitle: Essai\ndate: 2026-09-02\nkind: practice\nhours: .nan\n---\nTexte.\n",
    );
    site.write(
        "apprentices/apprenti-exemple/2026-09-03-yaml.md",
        "---\ntitle: Essai\ndate: 2026-09-03\nkind: practice\nhours: .inf\n---\nTexte.\n",
    );
    site.edit(ENTRY, "hours = 1", "hours = 1e300");
    let report = site.check();
    let files: Vec<&str> = report
        .diagnostics()
        .into_iter()
        .filter(|d| d.code == "too-large")
        .filter_map(|d| d.file.as_deref())
        .collect();
    assert_eq!(
        files,
        [
            "apprentices/apprenti-exemple/2026-09-01-premier-point.md",
            "apprentices/apprenti-exemple/2026-09-02-yaml.md",
            "apprentices/apprenti-exemple/2026-09-03-yaml.md",
        ],
        "{}",
        report.rendered()
    );
    let yaml = report
        .diagnostics()
        .into_iter()
        .find(|d| d.file.as_deref() == Some("apprentices/apprenti-exemple/2026-09-02-yaml.md"))
        .unwrap();
    assert_eq!(yaml.field.as_deref(), Some("hours"));
    assert_eq!(report.location(yaml).1, 5);
}

#[test]
fn a_scale_of_more_than_255_levels_is_refused_not_truncated() {
    let site = TestSite::new();
    let levels: Vec<String> = (1..=256).map(|n| format!("\"N{n}\"")).collect();
    let text = site.read(FRAMEWORK);
    let line = text.lines().find(|l| l.starts_with("scale = ")).unwrap();
    site.write(
        FRAMEWORK,
        &text.replacen(line, &format!("scale = [{}]", levels.join(", ")), 1),
    );
    let report = site.check();
    let d = report.only("scale-too-long");
    assert_eq!(d.field.as_deref(), Some("scale"));
    assert!(d.message.contains("256"), "{}", d.message);
}

#[cfg(unix)]
#[test]
fn symbolic_links_leaving_the_site_or_into_another_portfolio_are_refused() {
    use std::os::unix::fs::symlink;
    let site = TestSite::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("cle.pem"), "secret").unwrap();
    let root = site.root();
    std::fs::create_dir_all(root.join("static")).unwrap();
    symlink(outside.path(), root.join("static/ssl")).unwrap();
    symlink(
        "/etc/passwd",
        root.join("apprentices/apprenti-exemple/passwd.txt"),
    )
    .unwrap();
    site.write(
        "apprentices/discrete/_index.md",
        "+++\nname = \"Discrète\"\nstarted = 2026-09-01\nvisibility = \"private\"\n+++\n",
    );
    site.write("apprentices/discrete/bilan.pdf", "%PDF private");
    symlink(
        root.join("apprentices/discrete/bilan.pdf"),
        root.join("apprentices/apprenti-exemple/bilan.pdf"),
    )
    .unwrap();
    let report = site.check();
    let mut links: Vec<(&str, bool)> = report
        .diagnostics()
        .into_iter()
        .filter(|d| d.code == "link-outside")
        .map(|d| {
            (
                d.file.as_deref().unwrap(),
                d.message.contains("autre apprenti"),
            )
        })
        .collect();
    links.sort();
    assert_eq!(
        links,
        [
            ("apprentices/apprenti-exemple/bilan.pdf", true),
            ("apprentices/apprenti-exemple/passwd.txt", false),
            ("static/ssl", false),
        ],
        "{}",
        report.rendered()
    );
    // Opting in lets links leave the site, never into another portfolio.
    site.append(SITE_TOML, "[build]\nfollow_external_links = true\n");
    let report = site.check();
    let files: Vec<&str> = report
        .diagnostics()
        .into_iter()
        .filter(|d| d.code == "link-outside")
        .filter_map(|d| d.file.as_deref())
        .collect();
    assert_eq!(files, ["apprentices/apprenti-exemple/bilan.pdf"]);
}

#[test]
fn a_published_link_to_a_private_page_is_an_error_and_to_an_unlisted_one_a_warning() {
    let site = TestSite::new();
    site.write(
        "apprentices/discrete/_index.md",
        "+++\nname = \"Inès Discrète\"\nstarted = 2026-09-01\nvisibility = \"private\"\n+++\n",
    );
    site.write(
        "apprentices/reservee/_index.md",
        "+++\nname = \"Zoé Réservée\"\nstarted = 2026-09-01\nvisibility = \"unlisted\"\n+++\n",
    );
    site.write(
        "programme/equipe.md",
        "+++\ntitle = \"L'équipe\"\n+++\nVoir [Inès](../../apprentices/discrete/)\net [Zoé](/apprentices/reservee/#objectifs)\net [le site](https://example.org/programme/apprentices/discrete/bilan/).\n",
    );
    let report = site.check();
    let private = report.all("link-to-private");
    assert_eq!(private.len(), 2, "{}", report.rendered());
    assert!(private.iter().all(|d| d.is_error()));
    assert_eq!(
        report.location(private[0]),
        ("programme/equipe.md".to_string(), 4, 6)
    );
    assert_eq!(report.location(private[1]).1, 6);
    let unlisted = report.only("link-to-unlisted");
    assert!(!unlisted.is_error());
    assert_eq!(report.location(unlisted).1, 5);
}

#[test]
fn names_windows_reserves_are_a_warning() {
    let site = TestSite::new();
    site.write(
        "programme/con.md",
        "+++\ntitle = \"Consignes\"\n+++\nTexte.\n",
    );
    site.write("apprentices/apprenti-exemple/NUL.jpg", "x");
    site.write("static/lpt1/plan.pdf", "x");
    site.write("static/console.txt", "x");
    let report = site.check();
    let mut files: Vec<&str> = report
        .diagnostics()
        .into_iter()
        .filter(|d| d.code == "reserved-name")
        .filter_map(|d| d.file.as_deref())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "apprentices/apprenti-exemple/NUL.jpg",
            "programme/con.md",
            "static/lpt1/plan.pdf"
        ],
        "{}",
        report.rendered()
    );
    assert!(
        !report
            .diagnostics()
            .iter()
            .any(|d| d.code == "reserved-name" && d.is_error())
    );
}

#[test]
fn a_date_centuries_away_is_a_likely_typo_and_a_programme_of_centuries_an_error() {
    let site = TestSite::new();
    let text = site.read(APPRENTICE);
    let line = text.lines().find(|l| l.starts_with("started = ")).unwrap();
    site.write(APPRENTICE, &text.replacen(line, "started = 0226-09-01", 1));
    let report = site.check();
    let d = report.only("far-date");
    assert_eq!(d.file.as_deref(), Some(APPRENTICE));
    assert_eq!(d.field.as_deref(), Some("started"));
    assert_eq!(report.location(d).1, 3);
    assert!(
        d.help.as_deref().unwrap().contains("2026-09-01"),
        "{:?}",
        d.help
    );

    let text = site.read(SITE_TOML);
    let end = text.lines().find(|l| l.starts_with("end = ")).unwrap();
    site.write(SITE_TOML, &text.replacen(end, "end = 2726-06-30", 1));
    let d = site.check().only("programme-span").clone();
    assert!(d.is_error());
    assert_eq!(d.field.as_deref(), Some("programme.end"));
}

#[test]
fn a_photo_that_records_where_it_was_taken_is_a_warning_naming_the_entry_citing_it() {
    use common::photos;
    let site = TestSite::new();
    site.write_bytes(
        "apprentices/apprenti-exemple/brasure.jpg",
        &photos::jpeg(true, 1),
    )
    .write_bytes(
        "apprentices/apprenti-exemple/schema.png",
        &photos::png(true),
    )
    // Without a position, nothing to say.
    .write_bytes(
        "apprentices/apprenti-exemple/plan.jpg",
        &photos::jpeg(false, 6),
    )
    .edit(
        ENTRY,
        "+++\n",
        "+++\nevidence = [\"brasure.jpg\", \"schema.png\", \"plan.jpg\"]\n",
    );
    let report = site.check();
    let found = report.all("photo-location");
    let files: Vec<_> = found.iter().map(|d| d.file.as_deref().unwrap()).collect();
    assert_eq!(
        files,
        [
            "apprentices/apprenti-exemple/brasure.jpg",
            "apprentices/apprenti-exemple/schema.png"
        ],
        "{}",
        report.rendered()
    );
    let d = found[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        d.message,
        "la photo apprentices/apprenti-exemple/brasure.jpg indique l'endroit où elle a été prise (position GPS)"
    );
    assert_eq!(
        d.label.as_deref(),
        Some(format!("citée comme preuve dans {ENTRY}").as_str())
    );
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .starts_with("la copie publiée n'a plus ces données, mais le fichier source les garde"),
        "{:?}",
        d.help
    );
    assert!(!report.0.diagnostics.has_errors(), "{}", report.rendered());

    // Only what the build publishes: a private apprentice's photos are not.
    site.edit(
        APPRENTICE,
        "visibility = \"public\"",
        "visibility = \"private\"",
    );
    assert!(!site.check().codes().contains(&"photo-location"));
}

#[test]
fn an_english_site_is_told_in_english_which_mentor_photo_records_a_place() {
    let site = TestSite::in_language(Lang::En);
    site.write_bytes("static/team/sam.jpg", &common::photos::jpeg(true, 1))
        .edit(
            "mentors/sample-mentor.md",
            "location = \"Leeds\"",
            "location = \"Leeds\"\nphoto = \"team/sam.jpg\"",
        );
    let report = site.check();
    let d = report.only("photo-location");
    assert_eq!(d.file.as_deref(), Some("static/team/sam.jpg"));
    assert_eq!(
        d.message,
        "photo static/team/sam.jpg records the place where it was taken (GPS position)"
    );
    assert_eq!(
        d.label.as_deref(),
        Some("mentor photo of mentors/sample-mentor.md")
    );
    assert_eq!(
        d.help.as_deref(),
        Some(
            "the published copy no longer holds them, but the source file does: remove them before sharing the folder"
        )
    );
    assert_eq!(report.codes(), ["photo-location"], "{}", report.rendered());
}

#[test]
fn links_to_missing_files_and_sections_are_warnings_with_the_nearest() {
    let site = TestSite::new();
    site.write(
        "programme/roles/tuteur.md",
        "# Le tuteur\n\n## L'accessibilité\n\nTexte.\n",
    );
    site.write(
        "programme/roles/apprenti.md",
        "# L'apprenti\n\nVoir [le tuteur](tuteur.md#laccessibilité), [GitBook](tuteur.md#laccessibilite).\n\n\
         Puis [la fiche](fiches/tuteur.md) et [la section](tuteur.md#accessibilite) et [ici](#nulle-part).\n",
    );
    site.write(
        "programme/SUMMARY.md",
        "# Sommaire\n\n* [Le tuteur](roles/tuteur.md)\n* [L'apprenti](roles/apprenti.md)\n* [Perdu](roles/tuteurs.md)\n",
    );
    let report = site.check();
    assert!(!report.0.diagnostics.has_errors(), "{}", report.rendered());
    let broken = report.only("broken-link");
    assert_eq!(
        report.location(broken),
        ("programme/roles/apprenti.md".into(), 5, 6)
    );
    assert!(
        broken
            .help
            .as_deref()
            .unwrap()
            .contains("programme/roles/tuteur.md")
    );
    let anchors = report.all("broken-anchor");
    assert_eq!(anchors.len(), 2, "{}", report.rendered());
    assert_eq!(
        report.location(anchors[0]),
        ("programme/roles/apprenti.md".into(), 5, 38)
    );
    assert_eq!(
        report.location(anchors[1]),
        ("programme/roles/apprenti.md".into(), 5, 79)
    );
    assert!(
        anchors[0]
            .help
            .as_deref()
            .unwrap()
            .contains("#laccessibilite"),
        "{:?}",
        anchors[0].help
    );
    let missing = report.only("summary-missing");
    assert_eq!(
        report.location(missing),
        ("programme/SUMMARY.md".into(), 5, 1)
    );
    assert!(missing.help.as_deref().unwrap().contains("roles/tuteur.md"));
    // The sample site's front page is not in this SUMMARY.md: said.
    let unlisted = report.only("summary-unlisted");
    assert_eq!(unlisted.file.as_deref(), Some("programme/_index.md"));
}

#[test]
fn links_written_in_raw_html_are_checked_like_markdown_links() {
    let site = TestSite::new();
    site.write(
        "programme/roles/tuteur.md",
        "# Le tuteur\n\n## Être joignable <a href=\"#joignable\" id=\"joignable\"></a>\n\nTexte.\n",
    );
    // GitBook's card tables, links and figures are raw HTML; its heading
    // anchors name sections.
    site.write(
        "programme/roles/apprenti.md",
        "# L'apprenti\n\n<table><tbody><tr><td><a href=\"tuteur.md#joignable\">tuteur</a></td></tr></tbody></table>\n\n\
         Voir <a href=\"tutuer.md\">le tuteur</a>.\n\n<figure><img src=\"plan.png\" alt=\"Plan\"></figure>\n",
    );
    let report = site.check();
    assert!(!report.0.diagnostics.has_errors(), "{}", report.rendered());
    let broken = report.all("broken-link");
    assert_eq!(broken.len(), 2, "{}", report.rendered());
    assert_eq!(
        report.location(broken[0]),
        ("programme/roles/apprenti.md".into(), 5, 15)
    );
    assert!(
        broken[0]
            .help
            .as_deref()
            .unwrap()
            .contains("programme/roles/tuteur.md")
    );
    assert_eq!(
        report.location(broken[1]),
        ("programme/roles/apprenti.md".into(), 7, 19)
    );
    assert!(
        report.all("broken-anchor").is_empty(),
        "{}",
        report.rendered()
    );
}

#[test]
fn gitbook_blocks_compagnon_cannot_draw_are_warnings_at_their_line() {
    let site = TestSite::new();
    site.write(
        "programme/blocs.md",
        "# Blocs\n\n{% columns %}\nDeux colonnes.\n{% endcolumns %}\n\n{% include \"../.gitbook/includes/contact.md\" %}\n\n\
         {% hint style=\"info\" %}\nSans fin.\n",
    );
    let report = site.check();
    assert!(!report.0.diagnostics.has_errors(), "{}", report.rendered());
    // One warning for a block and its end; one for a block never closed.
    let blocks = report.all("gitbook-block");
    let at: Vec<(String, usize, usize)> = blocks.iter().map(|d| report.location(d)).collect();
    assert_eq!(
        at,
        [
            ("programme/blocs.md".into(), 3, 1),
            ("programme/blocs.md".into(), 7, 1),
            ("programme/blocs.md".into(), 9, 1),
        ],
        "{}",
        report.rendered()
    );
    assert!(
        blocks[0]
            .help
            .as_deref()
            .unwrap()
            .contains("retirez les balises")
    );
    assert_eq!(
        blocks[1].message,
        "bloc réutilisable «\u{a0}{% include \"../.gitbook/includes/contact.md\" %}\u{a0}»\u{a0}: compagnon ne l'insère pas"
    );
    assert!(
        blocks[1]
            .help
            .as_deref()
            .unwrap()
            .contains("copiez ici le texte")
    );
    assert!(
        blocks[2].message.contains("jamais fermé"),
        "{}",
        blocks[2].message
    );
}

#[test]
fn a_folder_of_the_handbook_that_is_not_there_is_a_broken_link() {
    let site = TestSite::new();
    site.write("programme/outils/tchap.md", "# Tchap\n\nLa messagerie.\n");
    site.write(
        "programme/outils/_index.md",
        "---\ntitle: Outils\naliases: [\"/programme/anciens-outils/\"]\n---\n",
    );
    // A folder that is there, a page written as its address, a redirect
    // left at an old address, the site's own lists: all lead somewhere.
    site.write(
        "programme/accueil.md",
        "# Accueil\n\n[Outils](outils/), [Tchap](outils/tchap/), [avant](../anciens-outils/), \
         [les mentors](../../mentors/).\n\nEt [la visio](outils/faire-une-visio/).\n",
    );
    let report = site.check();
    let broken = report.only("broken-link");
    assert_eq!(
        report.location(broken),
        ("programme/accueil.md".into(), 5, 4)
    );
    assert!(
        broken.message.contains("outils/faire-une-visio/"),
        "{}",
        broken.message
    );
}
