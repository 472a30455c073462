//! example-site is the programme a new user meets first: it must check
//! clean and hold everything the issue promised a L&D team would recognise.

use std::collections::BTreeSet;
use std::path::Path;

use compagnon::check_site;
use compagnon::model::{EntryKind, Evidence, Visibility};

#[test]
fn example_site_checks_with_no_error_and_no_warning() {
    let checked = check_site(Path::new("example-site"), None);
    let problems: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| format!("{:?} {:?}: {}", d.file, d.field, d.message))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn example_site_is_a_complete_programme() {
    let checked = check_site(Path::new("example-site"), None);
    let site = checked.site.expect("example-site is a site");

    assert_eq!(site.config.language, compagnon::i18n::Lang::Fr);
    assert!(
        site.pages.len() >= 10,
        "{} handbook pages",
        site.pages.len()
    );
    assert!(
        site.pages.iter().any(|p| p.path.matches('/').count() >= 1),
        "nested handbook folders"
    );

    let framework = site.framework.as_ref().expect("a framework");
    assert_eq!(framework.scale.len(), 5);
    assert!(framework.blocks.len() >= 3);
    assert!(site.competencies.len() >= 12);
    assert!(
        site.competencies.iter().all(|c| c.levels.len() == 5),
        "every level described"
    );

    assert!(site.mentors.len() >= 6);
    assert!(site.apprentices.len() >= 10);
    let cohorts: BTreeSet<&str> = site
        .apprentices
        .iter()
        .map(|a| a.cohort.value.as_str())
        .collect();
    assert!(cohorts.len() >= 2, "{cohorts:?}");
    let count = |v: Visibility| {
        site.apprentices
            .iter()
            .filter(|a| a.visibility == v)
            .count()
    };
    assert!(count(Visibility::Private) >= 1 && count(Visibility::Unlisted) >= 1);

    let entries: Vec<_> = site.entries().collect();
    assert!(entries.len() >= 80, "{} entries", entries.len());
    for kind in EntryKind::ALL {
        assert!(entries.iter().any(|e| e.kind == kind), "no {kind:?} entry");
    }
    let months: BTreeSet<(i16, i8)> = entries
        .iter()
        .map(|e| (e.date.value.year(), e.date.value.month()))
        .collect();
    assert!(months.len() >= 4, "{months:?}");
    assert!(
        entries.iter().any(|e| e.validated_by.is_some())
            && entries.iter().any(|e| e.feedback.is_some())
    );
    assert!(entries.iter().any(|e| !e.goals_met.is_empty()));
    assert!(entries.iter().any(|e| e.hours > 0.0));
    let files = entries
        .iter()
        .flat_map(|e| &e.evidence)
        .filter(|ev| matches!(ev.value, Evidence::File(_)))
        .count();
    assert!(files >= 10, "{files} evidence files");
    assert!(
        site.apprentices.iter().all(|a| !a.goals.is_empty()),
        "every apprentice has goals"
    );
}

#[test]
fn example_site_uses_both_front_matter_syntaxes() {
    let mut toml = 0;
    let mut yaml = 0;
    for entry in walkdir::WalkDir::new("example-site").into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            if text.starts_with("+++") {
                toml += 1;
            } else if text.starts_with("---") {
                yaml += 1;
            }
        }
    }
    assert!(toml > 0 && yaml > 0, "toml {toml}, yaml {yaml}");
}

#[test]
fn example_site_shows_every_matching_situation() {
    // The /matching/ page of the example must show a coordinator each case:
    // kept pairs, suggestions with alternatives, someone nobody can take
    // (where to recruit), and a hidden apprentice who is counted only.
    let mut checked = check_site(Path::new("example-site"), None);
    let site = checked.site.as_mut().expect("example-site is a site");
    let derived = compagnon::derive::derive(site, checked.today);
    let found = compagnon::matching::match_site(site, &derived);
    let public = |a: usize| site.apprentices[a].visibility == Visibility::Public;
    let seeking: Vec<usize> = (0..site.apprentices.len())
        .filter(|&a| !found.apprentices[a].kept)
        .collect();
    assert!(found.apprentices.iter().filter(|m| m.kept).count() >= 5);
    assert!(
        seeking
            .iter()
            .filter(|&&a| public(a) && found.apprentices[a].mentor.is_some())
            .count()
            >= 2,
        "public suggestions"
    );
    assert!(
        seeking
            .iter()
            .any(|&a| public(a) && !found.apprentices[a].alternatives.is_empty()),
        "a suggestion with alternatives"
    );
    assert!(
        seeking
            .iter()
            .any(|&a| public(a) && found.apprentices[a].mentor.is_none()),
        "a public apprentice nobody can take"
    );
    assert!(
        seeking.iter().any(|&a| !public(a)),
        "a hidden apprentice seeking a mentor"
    );
    assert!(
        found.supply_demand.iter().any(|s| s.demand > s.supply),
        "a competency where mentors are lacking"
    );
}
