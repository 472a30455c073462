//! Figures over many apprentices: where the programme stands in each
//! competency, and each cohort's summary. These figures are shown on public
//! pages, so they count only the apprentices [`counted`] allows. Groups are
//! kept in a `BTreeMap` so that the same site always lists cohorts in the
//! same order.

use std::collections::BTreeMap;

use super::progress::scale_top;
use super::{
    AttentionCounts, CohortSummary, CompetencyCounts, GoalCounts, Hours, PaceCounts, PaceStatus,
    Progress, Standing, StatusLevel, Why,
};
use crate::model::{Site, Visibility};

/// Which apprentices the figures of public pages may count
/// (`[privacy] min_group`, k): public ones always. The others of a cohort
/// only where no single one can be isolated by subtracting what the site
/// shows (the public rows, and the unlisted apprentices' own pages) from a
/// total: when the cohort holds at least k private apprentices, or none
/// and at least k unlisted ones. The rule goes by cohort, and every figure
/// (cohort, programme, competency, mentor, matching) counts the same
/// apprentices, so that no difference between two figures isolates one
/// either. Index-aligned with `site.apprentices`.
pub fn counted(site: &Site) -> Vec<bool> {
    let k = site.config.min_group;
    let mut groups: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for apprentice in &site.apprentices {
        let (private, unlisted) = groups.entry(&apprentice.cohort.value).or_default();
        match apprentice.visibility {
            Visibility::Private => *private += 1,
            Visibility::Unlisted => *unlisted += 1,
            Visibility::Public => {}
        }
    }
    site.apprentices
        .iter()
        .map(|apprentice| {
            let (private, unlisted) = groups[apprentice.cohort.value.as_str()];
            apprentice.visibility == Visibility::Public
                || private >= k
                || (private == 0 && unlisted >= k)
        })
        .collect()
}

/// One standing per competency of the site, in framework order, over the
/// apprentices `counted`. `progress` and `counted` are index-aligned with
/// `site.apprentices`.
pub fn standings(site: &Site, progress: &[Progress], counted: &[bool]) -> Vec<Standing> {
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
        if !counted[a] {
            continue;
        }
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

/// One summary per cohort with a public member, sorted by id, and one for
/// the whole programme, over the apprentices `counted`. A cohort of
/// non-public apprentices only has no summary: it gets no page, and its
/// name, written in their files, appears nowhere. `progress` and `counted`
/// are index-aligned with `site.apprentices`.
pub fn summaries(
    site: &Site,
    progress: &[Progress],
    counted: &[bool],
) -> (Vec<CohortSummary>, CohortSummary) {
    let mut cohorts: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, apprentice) in site.apprentices.iter().enumerate() {
        cohorts
            .entry(apprentice.cohort.value.as_str())
            .or_default()
            .push(i);
    }
    let public = |i: &usize| site.apprentices[*i].visibility == Visibility::Public;
    let cohorts = cohorts
        .into_iter()
        .filter(|(_, members)| members.iter().any(public))
        .map(|(id, members)| summary(site, progress, counted, id, &members))
        .collect();
    let everyone: Vec<usize> = (0..site.apprentices.len()).collect();
    (cohorts, summary(site, progress, counted, "", &everyone))
}

fn summary(
    site: &Site,
    progress: &[Progress],
    counted: &[bool],
    id: &str,
    group: &[usize],
) -> CohortSummary {
    let members: Vec<usize> = group.iter().copied().filter(|&i| counted[i]).collect();
    let mut hours = Hours::default();
    let mut statuses = [0; 3];
    let mut goals = GoalCounts::default();
    let (mut done, mut missed) = (0, 0);
    let mut attention = Vec::new();
    let mut kinds = AttentionCounts::default();
    let mut pace = PaceCounts::default();
    let top = usize::from(scale_top(site));
    let mut competencies = vec![
        CompetencyCounts {
            at_level: vec![0; top + 1],
            ..CompetencyCounts::default()
        };
        site.competencies.len()
    ];
    for &i in &members {
        let Some(p) = progress.get(i) else { continue };
        hours += p.hours;
        goals += p.goal_counts;
        done += p.checkins.done;
        missed += p.checkins.missed;
        statuses[p.status.level as usize] += 1;
        if p.status.level != StatusLevel::OnTrack {
            attention.push(i);
        }
        let has = |kind: fn(&Why) -> bool| {
            usize::from(
                p.status
                    .reasons
                    .iter()
                    .any(|r| r.level != StatusLevel::OnTrack && kind(&r.why)),
            )
        };
        kinds.checkins_missed += has(|w| matches!(w, Why::CheckinsMissed { .. }));
        kinds.goals_late += has(|w| matches!(w, Why::GoalLate { .. }));
        kinds.goals_due += has(|w| matches!(w, Why::GoalDueSoon { .. }));
        kinds.pace_behind += has(|w| matches!(w, Why::PaceBehind { .. }));
        kinds.no_mentor += has(|w| matches!(w, Why::NoMentor));
        match p.pace.as_ref().map(|p| p.status) {
            Some(PaceStatus::Done) => pace.done += 1,
            Some(PaceStatus::Ahead) => pace.ahead += 1,
            Some(PaceStatus::OnTrack) => pace.on_track += 1,
            Some(PaceStatus::Watch) => pace.watch += 1,
            Some(PaceStatus::Behind) => pace.behind += 1,
            Some(PaceStatus::Starting) => pace.starting += 1,
            None => pace.none += 1,
        }
        for status in &p.levels {
            if let Some(counts) = competencies.get_mut(status.competency) {
                counts.concerned += 1;
                counts.at_level[usize::from(status.level).min(top)] += 1;
                if status.reached() {
                    counts.reached += 1;
                }
            }
        }
    }
    let completed = done + missed;
    CohortSummary {
        id: id.to_string(),
        left_out: members.len() < group.len(),
        members,
        hours,
        goals,
        checkin_adherence: (completed > 0).then(|| done as f64 / completed as f64),
        attention,
        attention_kinds: kinds,
        statuses,
        pace,
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

    /// Three apprentices in two cohorts, judged on 2026-10-01 (week 5 of
    /// 2026-09-01), with `min_group = 1`: every one counts.
    fn workshop() -> Derived {
        workshop_with(1)
    }

    fn workshop_with(min_group: usize) -> Derived {
        let lucas = Apprentice {
            cohort: s("2026-lille".into()),
            visibility: Visibility::Public,
            goals: vec![
                goal("Braser seul", date(2026, 9, 20), Some(("souder", 3))),
                goal("Lire un plan", date(2026, 9, 20), None),
            ],
            entries: crate::model::shared(vec![
                Entry {
                    hours: 10.0,
                    ..signed(practice(date(2026, 9, 10), &[("souder", 3), ("plans", 1)]))
                },
                checkin(date(2026, 9, 2)),
                checkin(date(2026, 9, 9)),
                checkin(date(2026, 9, 16)),
                checkin(date(2026, 9, 23)),
            ]),
            ..apprentice("lucas", date(2026, 9, 1))
        };
        let ines = Apprentice {
            cohort: s("2026-lille".into()),
            visibility: Visibility::Private,
            goals: vec![goal("Isoler", date(2026, 10, 20), Some(("souder", 2)))],
            entries: crate::model::shared(vec![
                Entry {
                    hours: 4.5,
                    ..practice(date(2026, 9, 3), &[("souder", 1)])
                },
                checkin(date(2026, 9, 3)),
            ]),
            ..apprentice("ines", date(2026, 9, 1))
        };
        let paul = Apprentice {
            cohort: s("2025-arras".into()),
            visibility: Visibility::Public,
            goals: vec![goal("Chauffer", date(2027, 1, 31), None)],
            seeking: vec![s("plans".into())],
            entries: crate::model::shared(vec![
                Entry {
                    hours: 2.0,
                    ..practice(date(2026, 9, 1), &[])
                },
                checkin(date(2026, 9, 1)),
                checkin(date(2026, 9, 8)),
                checkin(date(2026, 9, 15)),
                checkin(date(2026, 9, 22)),
            ]),
            ..apprentice("paul", date(2026, 9, 1))
        };
        let mut site = site(&[("plans", 2), ("souder", 3)], vec![lucas, ines, paul]);
        site.config.validation.require_mentor_sign_off = true;
        site.config.min_group = min_group;
        derive(&site, date(2026, 10, 1))
    }

    /// A site of `cohorts`, each a list of visibilities, with `min_group = k`.
    fn groups(k: usize, cohorts: &[&[Visibility]]) -> (Site, Derived) {
        let mut apprentices = Vec::new();
        for (c, members) in cohorts.iter().enumerate() {
            for (m, visibility) in members.iter().enumerate() {
                apprentices.push(Apprentice {
                    cohort: s(format!("cohorte-{c}")),
                    visibility: *visibility,
                    entries: crate::model::shared(vec![Entry {
                        hours: (10 * c + m + 1) as f64,
                        ..practice(date(2026, 9, 2), &[("souder", 1)])
                    }]),
                    ..apprentice(&format!("a{c}-{m}"), date(2026, 9, 1))
                });
            }
        }
        let mut site = site(&[("souder", 3)], apprentices);
        site.config.min_group = k;
        let derived = derive(&site, date(2026, 10, 1));
        (site, derived)
    }

    use Visibility::{Private as X, Public as P, Unlisted as U};

    #[test]
    fn fewer_than_k_private_apprentices_in_a_cohort_count_nowhere() {
        let (_, derived) = groups(3, &[&[P, X], &[P, U, U, X]]);
        assert_eq!(
            derived.counted,
            [true, false, true, false, false, false],
            "a private apprentice with unlisted ones: their pages would isolate her"
        );
        let first = &derived.cohorts[0];
        assert_eq!((first.members.as_slice(), first.left_out), (&[0][..], true));
        assert_eq!(first.hours.declared, 1.0);
        assert_eq!(derived.programme.members, [0, 2]);
        assert!(derived.programme.left_out);
        assert_eq!(derived.programme.hours.declared, 1.0 + 11.0);
        assert_eq!(derived.competencies[0].apprentices, 2);
    }

    #[test]
    fn k_private_apprentices_of_a_cohort_count_without_being_isolated() {
        let (_, derived) = groups(3, &[&[P, X, X, X, U], &[P, U, U, U], &[P, U, U]]);
        assert_eq!(
            derived.counted,
            [
                true, true, true, true, true, true, true, true, true, true, false, false
            ]
        );
        assert!(!derived.cohorts[0].left_out);
        assert_eq!(
            derived.cohorts[0].hours.declared,
            (1..=5).sum::<usize>() as f64
        );
        assert!(derived.cohorts[2].left_out);
        assert!(derived.programme.left_out);
    }

    #[test]
    fn a_cohort_without_a_public_member_has_no_summary_and_no_name() {
        let (_, derived) = groups(1, &[&[P], &[X, X, X], &[U]]);
        let ids: Vec<&str> = derived.cohorts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["cohorte-0"]);
        // With min_group = 1 everyone counts in the programme's figures.
        assert_eq!(derived.programme.members, [0, 1, 2, 3, 4]);
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
        assert_eq!(lille.hours.declared, 14.5);
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
        assert_eq!(pairs(lille), vec![(1, 0), (2, 1)]);
        // souder: Inès concerned with no level yet, Lucas at 3 (scale of 5).
        assert_eq!(lille.competencies[1].at_level, vec![1, 0, 0, 1, 0, 0]);
        assert_eq!(
            lille.attention_kinds,
            AttentionCounts {
                checkins_missed: 1,
                goals_late: 1,
                goals_due: 1,
                pace_behind: 0,
                no_mentor: 2,
            }
        );
        assert_eq!(lille.pace.none, 2);
    }

    /// Each competency's (concerned, reached) of a summary.
    fn pairs(summary: &CohortSummary) -> Vec<(usize, usize)> {
        summary
            .competencies
            .iter()
            .map(|c| (c.concerned, c.reached))
            .collect()
    }

    #[test]
    fn with_a_min_group_of_one_the_programme_counts_everyone() {
        let derived = workshop();
        let programme = &derived.programme;
        assert_eq!(programme.id, "");
        assert_eq!(programme.members, vec![0, 1, 2]);
        assert_eq!(programme.hours.declared, 16.5);
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
        assert_eq!(pairs(programme), vec![(2, 0), (2, 1)]);
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
        let lucas = Apprentice {
            visibility: Visibility::Public,
            ..apprentice("lucas", date(2026, 9, 1))
        };
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
        assert_eq!(pairs(&derived.programme), vec![(0, 0)]);
        assert_eq!(
            derived.competencies[0].at_level,
            vec![Vec::<usize>::new(); 6]
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever a private apprentice who is not counted did, no figure
        /// changes: nothing on a public page can be subtracted to her.
        #[test]
        fn an_apprentice_not_counted_moves_no_figure((site, today) in arb_site(), k in 1usize..4) {
            let mut site = site;
            site.config.min_group = k;
            let derived = derive(&site, today);
            for a in (0..site.apprentices.len()).filter(|&a| !derived.counted[a]) {
                let apprentice = &mut site.apprentices[a];
                prop_assert!(apprentice.visibility != Visibility::Public);
                for entry in &mut apprentice.entries {
                    std::sync::Arc::make_mut(entry).hours += 7.0;
                }
                let goals = std::mem::take(&mut apprentice.goals);
                let entries = std::mem::take(&mut apprentice.entries);
                apprentice.entries = entries.iter().skip(1).cloned().collect();
                let again = derive(&site, today);
                prop_assert_eq!(&again.counted, &derived.counted);
                prop_assert_eq!(&again.programme, &derived.programme);
                prop_assert_eq!(&again.cohorts, &derived.cohorts);
                prop_assert_eq!(&again.competencies, &derived.competencies);
                let apprentice = &mut site.apprentices[a];
                apprentice.goals = goals;
                apprentice.entries = entries;
                for entry in &mut apprentice.entries {
                    std::sync::Arc::make_mut(entry).hours -= 7.0;
                }
            }
        }

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
            // Figures count the apprentices `counted` allows, each once.
            let counted: Vec<usize> = (0..site.apprentices.len()).filter(|&a| derived.counted[a]).collect();
            prop_assert_eq!(&derived.programme.members, &counted);
            for cohort in &derived.cohorts {
                prop_assert!(cohort.members.iter().all(|&a| derived.counted[a]));
                prop_assert!(cohort.members.iter().any(|&a| site.apprentices[a].visibility == Visibility::Public));
            }
            prop_assert!(derived.cohorts.windows(2).all(|w| w[0].id < w[1].id));
            let goals = derived.programme.goals;
            let total: usize = counted.iter().map(|&a| site.apprentices[a].goals.len()).sum();
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
