//! The matching on small sites built in code: reasons as data, their
//! wording in both languages, and properties of the assignment against a
//! brute-force optimum.

use jiff::civil::{Date, date};
use proptest::prelude::*;

use super::assign::{SCALE, assign, assign_pruned};
use super::words::Words;
use super::*;
use crate::fixture::{self, mentor, s};
use crate::i18n::Lang;
use crate::model::{Apprentice, Format, Mentor, Site, Slot};

const TODAY: Date = date(2026, 11, 20);

/// A site with a five-level scale and `competencies` as (id, name, target).
fn site(
    competencies: &[(&str, &str, i64)],
    mentors: Vec<Mentor>,
    apprentices: Vec<Apprentice>,
) -> Site {
    fixture::site_with_mentors(competencies, mentors, apprentices)
}

fn slots(names: &[&str]) -> Vec<Slot> {
    names.iter().filter_map(|n| Slot::parse(n)).collect()
}

fn apprentice(slug: &str, name: &str) -> Apprentice {
    Apprentice {
        name: name.into(),
        formats: vec![Format::OneToOne],
        ..fixture::apprentice(slug, date(2026, 9, 1))
    }
}

fn run(site: &Site) -> Matching {
    match_site(site, &crate::derive::derive(site, TODAY))
}

/// Lucas and Claire from the module documentation, plus Paul in Paris.
fn lille() -> Site {
    let claire = Mentor {
        location: Some("Lille".into()),
        remote: true,
        availability: slots(&["mon-am", "wed-pm"]),
        ..mentor(
            "claire-dubois",
            "Claire Dubois",
            &[("soudure-cuivre", 5), ("lecture-plans", 2)],
            3,
        )
    };
    let paul = Mentor {
        location: Some("Paris".into()),
        languages: vec!["en".into()],
        ..mentor("paul-roy", "Paul Roy", &[("soudure-cuivre", 4)], 2)
    };
    let lucas = Apprentice {
        targets: vec![(s("soudure-cuivre".into()), s(4))],
        location: Some("lille".into()),
        availability: slots(&["mon-am", "tue-pm", "wed-pm"]),
        entries: crate::model::shared(vec![practice_entry(&[("soudure-cuivre", 1)])]),
        goals: vec![crate::model::Goal {
            title: s("Lire un plan".into()),
            due: s(date(2027, 3, 1)),
            competency: Some((s("lecture-plans".into()), s(3))),
        }],
        ..apprentice("lucas-martin", "Lucas Martin")
    };
    site(
        &[
            ("soudure-cuivre", "soudure cuivre", 3),
            ("lecture-plans", "lecture de plans", 3),
        ],
        vec![claire, paul],
        vec![lucas],
    )
}

fn practice_entry(levels: &[(&str, i64)]) -> crate::model::Entry {
    crate::model::Entry {
        long_extension: false,
        slug: "2026-09-03-pose".into(),
        title: "Pose".into(),
        date: s(date(2026, 9, 3)),
        kind: crate::model::EntryKind::Practice,
        hours: 2.0,
        competencies: levels
            .iter()
            .map(|(id, l)| (s((*id).to_string()), s(*l)))
            .collect(),
        evidence: Box::default(),
        validated_by: None,
        feedback: None,
        goals_met: Box::default(),
        draft: false,
        body: Box::default(),
        body_at: 0,
    }
}

/// Lucas's two competencies as Claire covers them in [`lille`].
fn claire_covers_lucas() -> Reason {
    Reason::Covers(vec![
        Covered {
            competency: 0,
            mentor_level: 5,
            target: 4,
        },
        Covered {
            competency: 1,
            mentor_level: 2,
            target: 3,
        },
    ])
}

#[test]
fn the_documented_example_scores_0_867_with_its_reasons() {
    let site = lille();
    let matching = run(&site);
    let lucas = &matching.apprentices[0];
    assert_eq!(lucas.mentor, Some(0));
    assert!(!lucas.kept);
    assert!(
        (lucas.score.unwrap() - 0.866_667).abs() < 1e-5,
        "{:?}",
        lucas.score
    );
    assert_eq!(
        lucas.reasons,
        [
            claire_covers_lucas(),
            Reason::Languages {
                common: vec!["fr".into()]
            },
            Reason::SamePlace,
            Reason::Slots {
                common: slots(&["mon-am", "wed-pm"])
            },
            Reason::Formats {
                common: vec![Format::OneToOne]
            },
        ]
    );
    // Paul shares no language: no alternative, and the reason why.
    assert!(lucas.alternatives.is_empty());
    let derived = crate::derive::derive(&site, TODAY);
    let scorer = Scorer::new(&site, &derived);
    assert_eq!(scorer.outcome(0, 1), Outcome::Impossible(Limit::NoLanguage));
}

#[test]
fn reasons_say_what_is_missing() {
    let mut site = lille();
    site.mentors[0].location = Some("Roubaix".into());
    site.mentors[0].formats = vec![Format::Group];
    site.mentors[0].availability = slots(&["sun-am"]);
    let matching = run(&site);
    assert_eq!(
        matching.apprentices[0].reasons,
        [
            claire_covers_lucas(),
            Reason::Languages {
                common: vec!["fr".into()]
            },
            Reason::MentorRemote,
            Reason::Slots { common: vec![] },
            Reason::Formats { common: vec![] },
        ]
    );
}

#[test]
fn a_component_without_weight_gives_no_reason() {
    let mut site = lille();
    site.config.matching.weights.location = 0.0;
    site.config.matching.weights.format = 0.0;
    let matching = run(&site);
    let shares = matching.shares;
    let expected = [0.6 / 0.85, 0.15 / 0.85, 0.0, 0.1 / 0.85, 0.0];
    let found = [
        shares.skills,
        shares.language,
        shares.location,
        shares.availability,
        shares.format,
    ];
    for (found, expected) in found.iter().zip(expected) {
        assert!((found - expected).abs() < 1e-12, "{shares:?}");
    }
    assert_eq!(
        matching.apprentices[0].reasons,
        [
            claire_covers_lucas(),
            Reason::Languages {
                common: vec!["fr".into()]
            },
            Reason::Slots {
                common: slots(&["mon-am", "wed-pm"])
            },
        ]
    );
}

#[test]
fn a_mentor_not_above_the_apprentice_is_a_missing_reason() {
    let mut site = lille();
    site.apprentices[0].seeking = vec![s("soudure-cuivre".into()), s("lecture-plans".into())];
    site.apprentices[0].entries = crate::model::shared(vec![practice_entry(&[
        ("soudure-cuivre", 1),
        ("lecture-plans", 2),
    ])]);
    let matching = run(&site);
    assert_eq!(
        matching.apprentices[0].reasons[..2],
        [
            Reason::Covers(vec![Covered {
                competency: 0,
                mentor_level: 5,
                target: 4,
            }]),
            Reason::NotAbove {
                competency: 1,
                mentor_level: 2,
                apprentice_level: 2,
            },
        ]
    );
}

/// [`lille`] with Claire taking nobody, Amina already at Claire's level in
/// what she seeks, and Zoé seeking nothing.
fn nobody_for_three() -> Site {
    let mut site = lille();
    site.mentors[0].capacity = s(0);
    let mut amina = apprentice("amina-diallo", "Amina Diallo");
    amina.seeking = vec![s("lecture-plans".into())];
    amina.entries = crate::model::shared(vec![practice_entry(&[("lecture-plans", 3)])]);
    site.apprentices.push(amina);
    site.apprentices.push(apprentice("zoe-petit", "Zoé Petit"));
    site
}

#[test]
fn unmatched_apprentices_are_told_why() {
    let matching = run(&nobody_for_three());
    let why: Vec<Option<Unmatched>> = matching
        .apprentices
        .iter()
        .map(|a| a.unmatched_reason.clone())
        .collect();
    assert_eq!(
        why,
        [
            Some(Unmatched::Several {
                no_seat: 1,
                no_language: 1,
                too_far: 0,
            }),
            Some(Unmatched::NobodyAbove),
            Some(Unmatched::NothingSought),
        ]
    );
}

/// Every reason, limit and unmatched reason, worded for Lucas and Claire
/// (or Paul) in French, then English; non-breaking spaces shown as `~`.
#[test]
fn every_reason_in_both_languages() {
    let site = nobody_for_three();
    let matching = run(&site);
    let reasons = [
        claire_covers_lucas(),
        Reason::SeeksNothing,
        Reason::NotAbove {
            competency: 1,
            mentor_level: 2,
            apprentice_level: 2,
        },
        Reason::Lacks { competency: 1 },
        Reason::Languages { common: vec![] },
        Reason::Languages {
            common: vec!["fr".into()],
        },
        Reason::Languages {
            common: vec!["fr".into(), "wo".into(), "xx".into()],
        },
        Reason::SamePlace,
        Reason::BothRemote,
        Reason::MentorRemote,
        Reason::ApprenticeRemote,
        Reason::PlaceNotGiven,
        Reason::NoSlotGiven,
        Reason::Slots { common: vec![] },
        Reason::Slots {
            common: slots(&["sat-pm"]),
        },
        Reason::Slots {
            common: slots(&["mon-am", "wed-pm"]),
        },
        Reason::Formats { common: vec![] },
        Reason::Formats {
            common: vec![Format::OneToOne],
        },
        Reason::Formats {
            common: vec![Format::Group, Format::Micro],
        },
    ];
    let limits = [
        Limit::NotTaking,
        Limit::NoSkill,
        Limit::LevelTooLow,
        Limit::NoLanguage,
        Limit::Distance,
        Limit::Full,
    ];
    let unmatched = [
        Unmatched::NothingSought,
        Unmatched::SeeksOutsideFramework,
        Unmatched::NobodyHas,
        Unmatched::NobodyAbove,
        Unmatched::OnlyOne {
            mentor: 1,
            limit: Some(Limit::NoLanguage),
        },
        Unmatched::OnlyOne {
            mentor: 1,
            limit: None,
        },
        Unmatched::Several {
            no_seat: 1,
            no_language: 2,
            too_far: 3,
        },
    ];
    let mut out = String::new();
    for lang in [Lang::Fr, Lang::En] {
        let words = Words::new(lang, &site, &matching);
        out.push_str(&format!("# {}\n", lang.code()));
        let mut line = |what: String, text: String| {
            out.push_str(&format!("{what}\n  {}\n", text.replace('\u{a0}', "~")));
        };
        for reason in &reasons {
            line(format!("{reason:?}"), words.reason(0, 0, reason));
        }
        // Apart needs two places: Lucas in Lille, Paul in Paris.
        line("Apart".into(), words.reason(0, 1, &Reason::Apart));
        for limit in limits {
            line(format!("{limit:?}"), words.limit(0, 1, limit));
        }
        for why in &unmatched {
            line(format!("{why:?}"), words.unmatched(0, why));
        }
    }
    insta::assert_snapshot!(out);
}

#[test]
fn existing_pairings_are_kept_and_count_in_supply_and_demand() {
    let mut site = lille();
    site.mentors[0].capacity = s(1);
    site.apprentices[0].mentor = Some(s("paul-roy".into()));
    let mut emma = apprentice("emma-leroy", "Emma Leroy");
    emma.seeking = vec![s("soudure-cuivre".into())];
    site.apprentices.push(emma);
    let matching = run(&site);
    let lucas = &matching.apprentices[0];
    assert_eq!((lucas.mentor, lucas.kept), (Some(1), true));
    assert!(
        lucas
            .reasons
            .contains(&Reason::Languages { common: vec![] })
    );
    assert_eq!(matching.apprentices[1].mentor, Some(0));
    assert_eq!(matching.mentors[0].assigned, [1]);
    assert_eq!(matching.mentors[1].assigned, [0]);
    // Lucas has a mentor: only Emma asks; Claire's seat and Paul's free one.
    assert_eq!(
        matching.supply_demand,
        [
            SupplyDemand {
                competency: 0,
                demand: 1,
                supply: 2
            },
            SupplyDemand {
                competency: 1,
                demand: 0,
                supply: 0
            },
        ]
    );
}

// ---- Properties on random small sites ----

const IDS: [&str; 3] = ["c0", "c1", "c2"];
const PLACES: [Option<&str>; 3] = [Some("Lille"), Some("LILLE"), Some("Paris")];

#[derive(Clone, Debug)]
struct Person {
    skills: Vec<(usize, i64)>,
    capacity: i64,
    english: bool,
    place: usize,
    remote: bool,
    slots: u16,
    kept: Option<usize>,
}

fn arb_person() -> impl Strategy<Value = Person> {
    (
        prop::collection::vec((0..IDS.len(), 1..=5i64), 0..3),
        0..3i64,
        any::<bool>(),
        0..PLACES.len(),
        any::<bool>(),
        0..16u16,
        prop::option::weighted(0.2, 0..4usize),
    )
        .prop_map(
            |(skills, capacity, english, place, remote, slots, kept)| Person {
                skills,
                capacity,
                english,
                place,
                remote,
                slots,
                kept,
            },
        )
}

fn random_site(mentors: &[Person], apprentices: &[Person]) -> Site {
    let mentors = mentors
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let skills: Vec<(&str, i64)> = p.skills.iter().map(|&(c, l)| (IDS[c], l)).collect();
            Mentor {
                languages: if p.english {
                    vec!["en".into()]
                } else {
                    vec!["fr".into(), "en".into()]
                },
                location: PLACES[p.place].map(String::from),
                remote: p.remote,
                availability: (0..4)
                    .filter(|b| p.slots & (1 << b) != 0)
                    .map(|b| Slot {
                        day: b / 2,
                        afternoon: b % 2 == 1,
                    })
                    .collect(),
                ..mentor(
                    &format!("m{i}"),
                    &format!("Mentor {i}"),
                    &skills,
                    p.capacity,
                )
            }
        })
        .collect::<Vec<_>>();
    let count = mentors.len();
    let apprentices = apprentices
        .iter()
        .enumerate()
        .map(|(i, p)| Apprentice {
            seeking: p
                .skills
                .iter()
                .map(|&(c, _)| s(IDS[c].to_string()))
                .collect(),
            entries: crate::model::shared(vec![practice_entry(
                &p.skills
                    .iter()
                    .map(|&(c, l)| (IDS[c], l - 1))
                    .collect::<Vec<_>>(),
            )]),
            languages: if p.english {
                vec!["en".into()]
            } else {
                vec!["fr".into()]
            },
            location: PLACES[p.place].map(String::from),
            remote: p.remote,
            availability: (0..4)
                .filter(|b| p.slots & (1 << b) != 0)
                .map(|b| Slot {
                    day: b / 2,
                    afternoon: b % 2 == 1,
                })
                .collect(),
            mentor: p.kept.filter(|&m| m < count).map(|m| s(format!("m{m}"))),
            ..apprentice(&format!("a{i}"), &format!("Apprenti {i}"))
        })
        .collect();
    site(
        &[("c0", "c0", 3), ("c1", "c1", 3), ("c2", "c2", 3)],
        mentors,
        apprentices,
    )
}

/// The best (number placed, total weight) over every assignment of the
/// remaining rows, tried one by one.
fn brute_force(rows: &[Vec<(usize, u64)>], free: &mut [usize]) -> (usize, u64) {
    let Some((first, rest)) = rows.split_first() else {
        return (0, 0);
    };
    let mut best = brute_force(rest, free);
    for &(column, weight) in first {
        if free[column] > 0 {
            free[column] -= 1;
            let (n, w) = brute_force(rest, free);
            free[column] += 1;
            best = best.max((n + 1, w + weight));
        }
    }
    best
}

/// `placed` respects the pairs and the seats, and is as good as the best.
fn check_optimal(
    rows: &[Vec<(u32, u32)>],
    free: &[usize],
    placed: &[Option<usize>],
) -> Result<(), TestCaseError> {
    let mut load = vec![0usize; free.len()];
    let mut total = (0usize, 0u64);
    for (row, column) in rows.iter().zip(placed) {
        if let Some(c) = *column {
            load[c] += 1;
            let weight = row.iter().find(|(x, _)| *x as usize == c).map(|(_, w)| *w);
            prop_assert!(weight.is_some(), "a row only takes a column it may take");
            total = (total.0 + 1, total.1 + u64::from(weight.unwrap_or(0)));
        }
    }
    for (l, f) in load.iter().zip(free) {
        prop_assert!(l <= f);
    }
    let options: Vec<Vec<(usize, u64)>> = rows
        .iter()
        .map(|r| r.iter().map(|&(c, w)| (c as usize, u64::from(w))).collect())
        .collect();
    prop_assert_eq!(total, brute_force(&options, &mut free.to_vec()));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_assignment_is_optimal_on_random_weights(
        rows in prop::collection::vec(prop::collection::btree_map(0..4u32, 0..=SCALE, 0..4), 0..8),
        free in prop::collection::vec(0..3usize, 4),
    ) {
        let rows: Vec<Vec<(u32, u32)>> = rows.into_iter().map(|r| r.into_iter().collect()).collect();
        let slices: Vec<&[(u32, u32)]> = rows.iter().map(Vec::as_slice).collect();
        check_optimal(&rows, &free, &assign(&slices, &free))?;
    }

    #[test]
    fn the_assignment_is_optimal_when_it_starts_from_few_pairs(
        rows in prop::collection::vec(prop::collection::btree_map(0..4u32, 0..=SCALE, 0..4), 0..8),
        free in prop::collection::vec(0..3usize, 4),
        row_best in 0..3usize,
        seat_best in 0..2usize,
    ) {
        // Few pairs in the first pass: the proof must catch every pair left
        // out that matters, whatever the shape of the problem.
        let rows: Vec<Vec<(u32, u32)>> = rows.into_iter().map(|r| r.into_iter().collect()).collect();
        let slices: Vec<&[(u32, u32)]> = rows.iter().map(Vec::as_slice).collect();
        check_optimal(&rows, &free, &assign_pruned(&slices, &free, row_best, seat_best))?;
    }

    #[test]
    fn matching_a_site_is_optimal_and_keeps_its_promises(
        mentors in prop::collection::vec(arb_person(), 0..=4),
        apprentices in prop::collection::vec(arb_person(), 0..=7),
    ) {
        let site = random_site(&mentors, &apprentices);
        let derived = crate::derive::derive(&site, TODAY);
        let matching = match_site(&site, &derived);
        prop_assert_eq!(&matching, &match_site(&site, &derived));

        let scorer = Scorer::new(&site, &derived);
        let mut rows = Vec::new();
        let mut total = (0usize, 0.0f64);
        for (a, found) in matching.apprentices.iter().enumerate() {
            match &site.apprentices[a].mentor {
                Some(slug) => {
                    // Kept, whatever the score or the limits.
                    prop_assert!(found.kept);
                    prop_assert_eq!(&site.mentors[found.mentor.unwrap()].slug, &slug.value);
                }
                None => {
                    prop_assert!(!found.kept);
                    prop_assert_eq!(found.mentor.is_none(), found.unmatched_reason.is_some());
                    if let Some(m) = found.mentor {
                        prop_assert!(site.mentors[m].capacity.value > 0, "a capacity-0 mentor is never chosen");
                        prop_assert_eq!(scorer.limit(a, m), None);
                        total = (total.0 + 1, total.1 + found.score.unwrap());
                    }
                    rows.push(
                        (0..site.mentors.len())
                            .filter(|&m| scorer.limit(a, m).is_none())
                            .map(|m| (m, (scorer.score(&scorer.components(a, m)) * 1e9).round() as u64))
                            .collect::<Vec<_>>(),
                    );
                }
            }
        }
        for (m, load) in matching.mentors.iter().enumerate() {
            let kept = site.apprentices.iter().filter(|a| a.mentor.as_ref().is_some_and(|s| s.value == site.mentors[m].slug)).count();
            prop_assert!(load.assigned.len() <= load.capacity.max(kept), "capacity never exceeded");
        }
        let mut free = scorer.free.clone();
        let (count, best) = brute_force(&rows, &mut free);
        prop_assert_eq!(total.0, count);
        prop_assert!((total.1 - best as f64 / 1e9).abs() < 1e-5, "{} vs {}", total.1, best as f64 / 1e9);

        // The order of the files does not matter: the same pairs by slug.
        let mut reversed = random_site(&mentors, &apprentices);
        reversed.apprentices.reverse();
        reversed.mentors.reverse();
        let again = match_site(&reversed, &crate::derive::derive(&reversed, TODAY));
        let pairs = |site: &Site, m: &Matching| {
            let mut pairs: Vec<(String, Option<String>)> = site
                .apprentices
                .iter()
                .zip(&m.apprentices)
                .map(|(a, found)| (a.slug.clone(), found.mentor.map(|i| site.mentors[i].slug.clone())))
                .collect();
            pairs.sort();
            pairs
        };
        prop_assert_eq!(pairs(&site, &matching), pairs(&reversed, &again));
    }
}

/// A programme of `n` apprentices and `n / 5` mentors, with 20
/// competencies, eight towns, three languages and half of them remote.
fn generated(n: usize, seed: u64) -> Site {
    let mut state = seed;
    let mut next = move |below: u64| {
        // SplitMix64: a fixed sequence, no dependency.
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % below
    };
    const TOWNS: [&str; 8] = [
        "Lille", "Paris", "Lyon", "Nantes", "Brest", "Metz", "Nice", "Pau",
    ];
    const LANGS: [&str; 3] = ["fr", "en", "ar"];
    let ids: Vec<String> = (0..20).map(|c| format!("c{c:02}")).collect();
    let person = |next: &mut dyn FnMut(u64) -> u64| {
        let languages = if next(4) == 0 {
            vec!["fr".to_string(), LANGS[next(3) as usize].into()]
        } else {
            vec!["fr".into()]
        };
        let slots: Vec<Slot> = (0..14u8)
            .filter(|_| next(3) == 0)
            .map(|b| Slot {
                day: b / 2,
                afternoon: b % 2 == 1,
            })
            .collect();
        (
            languages,
            Some(TOWNS[next(8) as usize].to_string()),
            next(2) == 0,
            slots,
        )
    };
    let mentors = (0..n / 5)
        .map(|i| {
            let (languages, location, remote, availability) = person(&mut next);
            let skills: Vec<(&str, i64)> = (0..1 + next(4))
                .map(|_| (ids[next(20) as usize].as_str(), 2 + next(4) as i64))
                .collect();
            let mut skills = skills;
            skills.sort();
            skills.dedup_by_key(|(id, _)| *id);
            Mentor {
                languages,
                location,
                remote,
                availability,
                ..mentor(
                    &format!("m{i:05}"),
                    &format!("Mentor {i}"),
                    &skills,
                    next(8) as i64,
                )
            }
        })
        .collect();
    let apprentices = (0..n)
        .map(|i| {
            let (languages, location, remote, availability) = person(&mut next);
            let seeking = (0..1 + next(3))
                .map(|_| s(ids[next(20) as usize].clone()))
                .collect();
            Apprentice {
                languages,
                location,
                remote,
                availability,
                seeking,
                ..apprentice(&format!("a{i:05}"), &format!("Apprenti {i}"))
            }
        })
        .collect();
    let competencies: Vec<(&str, &str, i64)> =
        ids.iter().map(|id| (id.as_str(), id.as_str(), 3)).collect();
    site(&competencies, mentors, apprentices)
}

/// `cargo test --release --lib matching::tests::benchmark -- --ignored --nocapture`
#[test]
#[ignore = "a benchmark: run it in release mode"]
fn benchmark() {
    for n in [1_000, 10_000] {
        let site = generated(n, 7);
        let derived = crate::derive::derive(&site, TODAY);
        let started = std::time::Instant::now();
        let matching = match_site(&site, &derived);
        let elapsed = started.elapsed();
        let placed = matching
            .apprentices
            .iter()
            .filter(|a| a.mentor.is_some())
            .count();
        let seats: usize = matching.mentors.iter().map(|m| m.capacity).sum();
        println!(
            "{n} apprentices, {} mentors ({seats} seats): {placed} placed in {elapsed:.2?}",
            site.mentors.len()
        );
    }
}
