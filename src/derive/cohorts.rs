//! Figures over many apprentices: where the programme stands in each
//! competency, and each cohort's summary.
//!
//! Private apprentices count here like everyone else: these are totals, and
//! render shows them without names. Groups are kept in a `BTreeMap` so that
//! the same site always lists cohorts in the same order.

use std::collections::BTreeMap;

use super::progress::scale_top;
use super::{CohortSummary, GoalCounts, Progress, Standing};
use crate::model::Site;

/// One standing per competency of the site, in framework order.
/// `progress` is index-aligned with `site.apprentices`.
pub fn standings(site: &Site, progress: &[Progress]) -> Vec<Standing> {
    let top = usize::from(scale_top(site));
    let mut standings = vec![
        Standing {
            apprentices: 0,
            at_level: vec![Vec::new(); top + 1],
            reached_target: 0,
        };
        site.competencies.len()
    ];
    for (a, p) in progress.iter().enumerate() {
        for status in &p.levels {
            let Some(standing) = standings.get_mut(status.competency) else {
                continue;
            };
            standing.apprentices += 1;
            standing.at_level[usize::from(status.level).min(top)].push(a);
            if status.reached() {
                standing.reached_target += 1;
            }
        }
    }
    standings
}

/// One summary per cohort, sorted by id, and one for the whole programme.
/// `progress` is index-aligned with `site.apprentices`.
pub fn summaries(site: &Site, progress: &[Progress]) -> (Vec<CohortSummary>, CohortSummary) {
    let mut cohorts: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, apprentice) in site.apprentices.iter().enumerate() {
        cohorts
            .entry(apprentice.cohort.value.as_str())
            .or_default()
            .push(i);
    }
    let cohorts = cohorts
        .into_iter()
        .map(|(id, members)| summary(site, progress, id, members))
        .collect();
    let everyone = (0..site.apprentices.len()).collect();
    (cohorts, summary(site, progress, "", everyone))
}

fn summary(site: &Site, progress: &[Progress], id: &str, members: Vec<usize>) -> CohortSummary {
    let mut hours = 0.0;
    let mut goals = GoalCounts::default();
    let (mut done, mut missed) = (0, 0);
    let mut attention = Vec::new();
    let mut competencies = vec![(0, 0); site.competencies.len()];
    for &i in &members {
        let Some(p) = progress.get(i) else { continue };
        hours += p.hours;
        goals += p.goal_counts;
        done += p.checkins.done;
        missed += p.checkins.missed;
        if !p.attention.is_empty() {
            attention.push(i);
        }
        for status in &p.levels {
            if let Some((concerned, reached)) = competencies.get_mut(status.competency) {
                *concerned += 1;
                if status.reached() {
                    *reached += 1;
                }
            }
        }
    }
    let completed = done + missed;
    CohortSummary {
        id: id.to_string(),
        members,
        hours,
        goals,
        checkin_adherence: (completed > 0).then(|| done as f64 / completed as f64),
        attention,
        competencies,
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use proptest::prelude::*;

    use super::*;
    use crate::derive::{Derived, derive};
    use crate::fixture::{apprentice, arb_site, checkin, goal, practice, s, signed, site};
    use crate::model::{Apprentice, Entry, Visibility};

    /// Three apprentices in two cohorts, judged on 2026-10-01 (week 5 of 2026-09-01).
    fn workshop() -> Derived {
        let lucas = Apprentice {
            cohort: s("2026-lille".into()),
            visibility: Visibility::Public,
            goals: vec![
                goal("Braser seul", date(2026, 9, 20), Some(("souder", 3))),
                goal("Lire un plan", date(2026, 9, 20), None),
            ],
            entries: vec![
                Entry {
                    hours: 10.0,
                    ..signed(practice(date(2026, 9, 10), &[("souder", 3), ("plans", 1)]))
                },
                checkin(date(2026, 9, 2)),
                checkin(date(2026, 9, 9)),
                checkin(date(2026, 9, 16)),
                checkin(date(2026, 9, 23)),
            ],
            ..apprentice("lucas", date(2026, 9, 1))
        };
        let ines = Apprentice {
            cohort: s("2026-lille".into()),
            visibility: Visibility::Private,
            goals: vec![goal("Isoler", date(2026, 10, 20), Some(("souder", 2)))],
            entries: vec![
                Entry {
                    hours: 4.5,
                    ..practice(date(2026, 9, 3), &[("souder", 1)])
                },
                checkin(date(2026, 9, 3)),
            ],
            ..apprentice("ines", date(2026, 9, 1))
        };
        let paul = Apprentice {
            cohort: s("2025-arras".into()),
            goals: vec![goal("Chauffer", date(2027, 1, 31), None)],
            seeking: vec![s("plans".into())],
            entries: vec![
                Entry {
                    hours: 2.0,
                    ..practice(date(2026, 9, 1), &[])
                },
                checkin(date(2026, 9, 1)),
                checkin(date(2026, 9, 8)),
                checkin(date(2026, 9, 15)),
                checkin(date(2026, 9, 22)),
            ],
            ..apprentice("paul", date(2026, 9, 1))
        };
        let mut site = site(&[("plans", 2), ("souder", 3)], vec![lucas, ines, paul]);
        site.config.validation.require_mentor_sign_off = true;
        derive(&site, date(2026, 10, 1))
    }

    #[test]
    fn cohorts_are_sorted_by_id_with_members_in_site_order() {
        let derived = workshop();
        let ids: Vec<(&str, &[usize])> = derived
            .cohorts
            .iter()
            .map(|c| (c.id.as_str(), c.members.as_slice()))
            .collect();
        assert_eq!(
            ids,
            vec![("2025-arras", &[2][..]), ("2026-lille", &[0, 1][..])]
        );
    }

    #[test]
    fn a_cohort_adds_up_its_members() {
        let derived = workshop();
        let lille = &derived.cohorts[1];
        assert_eq!(lille.hours, 14.5);
        assert_eq!(
            lille.goals,
            GoalCounts {
                met: 1,
                late: 1,
                at_risk: 1,
                open: 0
            }
        );
        // Four weeks completed each: Lucas 4 done, Inès 1 done and 3 missed.
        assert_eq!(lille.checkin_adherence, Some(5.0 / 8.0));
        // Lucas has a late goal, Inès missed her check-ins.
        assert_eq!(lille.attention, vec![0, 1]);
        // plans: Lucas only (level 1 of 2); souder: both, Lucas at target 3.
        assert_eq!(lille.competencies, vec![(1, 0), (2, 1)]);
    }

    #[test]
    fn the_programme_counts_everyone_private_apprentices_included() {
        let derived = workshop();
        let programme = &derived.programme;
        assert_eq!(programme.id, "");
        assert_eq!(programme.members, vec![0, 1, 2]);
        assert_eq!(programme.hours, 16.5);
        assert_eq!(
            programme.goals,
            GoalCounts {
                met: 1,
                late: 1,
                at_risk: 1,
                open: 1
            }
        );
        assert_eq!(programme.checkin_adherence, Some(9.0 / 12.0));
        assert_eq!(programme.competencies, vec![(2, 0), (2, 1)]);
    }

    #[test]
    fn standings_count_apprentices_at_each_level() {
        let derived = workshop();
        let souder = &derived.competencies[1];
        // Inès's entry is not signed off: concerned, no level yet; Lucas at 3.
        assert_eq!(souder.apprentices, 2);
        let none = Vec::<usize>::new;
        assert_eq!(
            souder.at_level,
            vec![vec![1], none(), none(), vec![0], none(), none()]
        );
        assert_eq!(souder.reached_target, 1);
        // Paul seeks it, Lucas showed level 1.
        let plans = &derived.competencies[0];
        assert_eq!(
            plans.at_level,
            vec![vec![2], vec![0], none(), none(), none(), none()]
        );
        assert_eq!(plans.reached_target, 0);
    }

    #[test]
    fn adherence_is_unknown_before_any_completed_period() {
        let lucas = apprentice("lucas", date(2026, 9, 1));
        let site = site(&[], vec![lucas]);
        let derived = derive(&site, date(2026, 9, 3));
        assert_eq!(derived.programme.checkin_adherence, None);
        assert_eq!(derived.cohorts[0].id, "2026");
    }

    #[test]
    fn an_empty_programme_has_empty_figures() {
        let site = site(&[("souder", 3)], vec![]);
        let derived = derive(&site, date(2026, 9, 3));
        assert!(derived.cohorts.is_empty());
        assert_eq!(derived.programme.members, Vec::<usize>::new());
        assert_eq!(derived.programme.competencies, vec![(0, 0)]);
        assert_eq!(
            derived.competencies[0].at_level,
            vec![Vec::<usize>::new(); 6]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn derive_is_deterministic((site, today) in arb_site()) {
            prop_assert_eq!(derive(&site, today), derive(&site, today));
        }

        #[test]
        fn figures_add_up((site, today) in arb_site()) {
            let derived = derive(&site, today);
            let top = usize::from(scale_top(&site));
            for (c, standing) in derived.competencies.iter().enumerate() {
                prop_assert_eq!(standing.at_level.len(), top + 1);
                prop_assert_eq!(standing.at_level.iter().map(Vec::len).sum::<usize>(), standing.apprentices);
                prop_assert!(standing.reached_target <= standing.apprentices);
                // Each member is at that level, listed once, in site order.
                for (level, members) in standing.at_level.iter().enumerate() {
                    prop_assert!(members.windows(2).all(|w| w[0] < w[1]));
                    for &a in members {
                        let at = derived.apprentices[a].level(c).map(|l| usize::from(l.level));
                        prop_assert_eq!(at, Some(level));
                    }
                }
            }
            let members: usize = derived.cohorts.iter().map(|c| c.members.len()).sum();
            prop_assert_eq!(members, site.apprentices.len());
            prop_assert!(derived.cohorts.windows(2).all(|w| w[0].id < w[1].id));
            let goals = derived.programme.goals;
            let total: usize = site.apprentices.iter().map(|a| a.goals.len()).sum();
            prop_assert_eq!(goals.total(), total);
            for (p, apprentice) in derived.apprentices.iter().zip(&site.apprentices) {
                prop_assert_eq!(p.goal_counts.total(), apprentice.goals.len());
                let met = p.goals.iter().filter(|g| g.status == crate::derive::GoalStatus::Met).count();
                prop_assert_eq!(p.goal_counts.met, met);
                prop_assert_eq!(p.targets_reached, p.levels.iter().filter(|l| l.reached()).count());
            }
            if let Some(adherence) = derived.programme.checkin_adherence {
                prop_assert!((0.0..=1.0).contains(&adherence));
            }
        }
    }
}
