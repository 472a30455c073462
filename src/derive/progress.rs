//! One apprentice on the reference day: levels, hours, pace, the rhythm of
//! check-ins and reviews, goals, and what should catch a coordinator's eye.
//!
//! Levels and goals read only the entries that *count* (dated by the
//! reference day, signed off when the site asks for it), so a status can
//! always be traced back to the entry that produced it.

mod regularity;

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use super::{
    Attention, GoalCounts, GoalProgress, GoalStatus, LevelStatus, Links, Pace, PaceStatus,
    PeriodState, Progress, Regularity, goals,
};
use crate::model::{Apprentice, Entry, EntryKind, Site};
pub use regularity::regularity;

/// Computes `apprentice`'s progress as of `today`; `links` are the site's.
pub fn progress(site: &Site, links: &Links, apprentice: &Apprentice, today: Date) -> Progress {
    let counted: Vec<&Entry> = apprentice
        .entries
        .iter()
        .map(|e| &**e)
        .filter(|e| counts(site, e, today))
        .collect();
    let hours = apprentice
        .entries
        .iter()
        .filter(|e| e.date.value <= today)
        .map(|e| e.hours)
        .sum();
    let programme = &site.config.programme;
    // A start years before the programme is a typo `check` warns about
    // (`0226-09-01`): the rhythm is followed from a decade before the
    // programme at most, not over thousands of weeks.
    let earliest = programme
        .start
        .as_ref()
        .map_or(today, |s| s.value)
        .year()
        .saturating_sub(10);
    let started = apprentice
        .started
        .value
        .max(Date::new(earliest, 1, 1).unwrap_or(apprentice.started.value));
    let checkin_dates = dates_of(apprentice, EntryKind::Checkin, today);
    let review_dates = dates_of(apprentice, EntryKind::Review, today);
    let checkins = regularity::regularity(started, today, programme.checkin_every, &checkin_dates);
    let reviews = regularity::regularity(started, today, programme.review_every, &review_dates);
    let last_checkin = checkin_dates.last().copied();
    let goals = goals::goals(apprentice, &counted, today);
    let pace = pace(site, started, hours, today);
    let attention = attention(&checkins, last_checkin, &goals, pace.as_ref());
    let levels = levels(site, links, apprentice, &counted);
    Progress {
        goal_counts: goal_counts(&goals),
        targets_reached: levels.iter().filter(|l| l.reached()).count(),
        levels,
        hours,
        pace,
        checkins,
        reviews,
        goals,
        attention,
        last_checkin,
    }
}

fn goal_counts(goals: &[GoalProgress]) -> GoalCounts {
    let mut counts = GoalCounts::default();
    for goal in goals {
        *match goal.status {
            GoalStatus::Met => &mut counts.met,
            GoalStatus::Late => &mut counts.late,
            GoalStatus::AtRisk => &mut counts.at_risk,
            GoalStatus::Open => &mut counts.open,
        } += 1;
    }
    counts
}

/// Whether `entry` counts toward levels and goals on `today`.
fn counts(site: &Site, entry: &Entry, today: Date) -> bool {
    entry.date.value <= today
        && (!site.config.validation.require_mentor_sign_off || entry.validated_by.is_some())
}

/// The highest level of the scale, fitted to `u8` (a scale of more than 255
/// levels is not a real framework, but must not wrap).
pub(super) fn scale_top(site: &Site) -> u8 {
    let len = site.framework.as_ref().map_or(0, |f| f.scale.len());
    u8::try_from(len).unwrap_or(u8::MAX)
}

/// `value` brought onto the scale `floor..=top`.
fn on_scale(value: i64, floor: u8, top: u8) -> u8 {
    let clamped = value.clamp(i64::from(floor.min(top)), i64::from(top));
    // In 0..=top after the clamp, so within u8.
    u8::try_from(clamped).unwrap_or(top)
}

/// The competencies that concern the apprentice, in framework order, with
/// the highest counted level and the day it was first shown.
fn levels(
    site: &Site,
    links: &Links,
    apprentice: &Apprentice,
    counted: &[&Entry],
) -> Vec<LevelStatus> {
    let top = scale_top(site);
    let find = |id: &str| links.competency(id);

    let concerned: BTreeSet<usize> = apprentice
        .targets
        .iter()
        .map(|(id, _)| &id.value)
        .chain(apprentice.seeking.iter().map(|id| &id.value))
        .chain(
            apprentice
                .goals
                .iter()
                .filter_map(|g| g.competency.as_ref().map(|(id, _)| &id.value)),
        )
        .chain(
            apprentice
                .entries
                .iter()
                .flat_map(|e| e.competencies.iter().map(|(id, _)| &id.value)),
        )
        .filter_map(|id| find(id))
        .collect();

    // Competency → (highest level, earliest date at that level).
    let mut best: BTreeMap<usize, (u8, Date)> = BTreeMap::new();
    for entry in counted {
        let date = entry.date.value;
        for (id, level) in &entry.competencies {
            let Some(i) = find(&id.value) else { continue };
            let level = on_scale(level.value, 0, top);
            best.entry(i)
                .and_modify(|b| {
                    if (level, std::cmp::Reverse(date)) > (b.0, std::cmp::Reverse(b.1)) {
                        *b = (level, date);
                    }
                })
                .or_insert((level, date));
        }
    }

    concerned
        .into_iter()
        .map(|i| {
            let competency = &site.competencies[i];
            let target = apprentice
                .targets
                .iter()
                .find(|(id, _)| id.value == competency.id)
                .map_or(competency.target.value, |(_, level)| level.value);
            let (level, reached_on) = best.get(&i).map_or((0, None), |&(l, d)| (l, Some(d)));
            LevelStatus {
                competency: i,
                level,
                target: on_scale(target, 1, top),
                reached_on,
            }
        })
        .collect()
}

/// The dates of the apprentice's entries of `kind` up to `today`, sorted.
fn dates_of(apprentice: &Apprentice, kind: EntryKind, today: Date) -> Vec<Date> {
    let mut dates: Vec<Date> = apprentice
        .entries
        .iter()
        .filter(|e| e.kind == kind && e.date.value <= today)
        .map(|e| e.date.value)
        .collect();
    dates.sort_unstable();
    dates
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn days_between(from: Date, to: Date) -> i64 {
    i64::from((to - from).get_days())
}

/// Hours against a steady pace from the apprentice's start to the
/// programme's end; None unless both `required_hours` and `end` are set.
fn pace(site: &Site, started: Date, hours: f64, today: Date) -> Option<Pace> {
    let programme = &site.config.programme;
    let required = programme.required_hours?;
    let end = programme.end.as_ref()?.value;
    let span = days_between(started, end).max(1);
    let elapsed = days_between(started, today).clamp(0, span);
    let expected_by_now = required * elapsed as f64 / span as f64;
    let remaining = (required - hours).max(0.0);
    // With less than a week left (or none), what remains is this week's need.
    let weeks_left = days_between(today, end) as f64 / 7.0;
    let needed_per_week = remaining / weeks_left.max(1.0);
    let status = if hours >= required {
        PaceStatus::Done
    } else if hours >= expected_by_now {
        PaceStatus::Ahead
    } else if hours >= 0.8 * expected_by_now {
        PaceStatus::OnTrack
    } else {
        PaceStatus::Behind
    };
    Some(Pace {
        required,
        expected_by_now,
        needed_per_week,
        status,
    })
}

/// The rule for late check-ins, the one both the progress pages (needs
/// attention) and `compagnon check` (a warning) apply: how many completed
/// check-in periods in a row had no check-in, counting back from the one
/// before today's (still running, so never missed) — when two or more did.
/// One missed period is a holiday; two in a row call for a look.
pub fn checkins_missed(checkins: &Regularity) -> Option<usize> {
    let missed = checkins
        .periods
        .iter()
        .rev()
        .skip_while(|p| p.state == PeriodState::Current)
        .take_while(|p| p.state == PeriodState::Missed)
        .count();
    (missed >= 2).then_some(missed)
}

/// The reasons to look at an apprentice, in a fixed order: rhythm, goals, pace.
fn attention(
    checkins: &Regularity,
    last_checkin: Option<Date>,
    goals: &[GoalProgress],
    pace: Option<&Pace>,
) -> Vec<Attention> {
    let mut out = Vec::new();
    if let Some(periods) = checkins_missed(checkins) {
        out.push(Attention::CheckinsMissed {
            periods,
            last: last_checkin,
        });
    }
    out.extend(
        goals
            .iter()
            .enumerate()
            .filter(|(_, g)| g.status == GoalStatus::Late)
            .map(|(goal, _)| Attention::GoalLate { goal }),
    );
    if pace.is_some_and(|p| p.status == PaceStatus::Behind) {
        out.push(Attention::PaceBehind);
    }
    out
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use proptest::prelude::*;

    use super::*;
    use crate::fixture::{apprentice, arb_site, checkin, practice, review, s, signed, site};
    use crate::model::{Entry, Goal, Rhythm};

    /// The first apprentice's progress.
    fn first(site: &Site, today: Date) -> Progress {
        progress(site, &Links::new(site), &site.apprentices[0], today)
    }

    #[test]
    fn level_is_the_highest_counted_and_dated_by_its_first_entry() {
        let lucas = Apprentice {
            entries: crate::model::shared(vec![
                practice(date(2026, 9, 3), &[("souder", 2)]),
                practice(date(2026, 9, 20), &[("souder", 3)]),
                practice(date(2026, 10, 1), &[("souder", 1)]),
                practice(date(2026, 10, 8), &[("souder", 3)]),
                // After the reference day: not yet shown.
                practice(date(2026, 12, 1), &[("souder", 5)]),
            ]),
            ..apprentice("lucas", date(2026, 9, 1))
        };
        let site = site(&[("souder", 3)], vec![lucas]);
        let p = first(&site, date(2026, 11, 1));
        let souder = p.level(0).unwrap();
        assert_eq!(souder.level, 3);
        assert_eq!(souder.reached_on, Some(date(2026, 9, 20)));
        assert_eq!(souder.target, 3);
    }

    #[test]
    fn sign_off_is_required_for_levels_but_not_for_hours() {
        let lucas = Apprentice {
            entries: crate::model::shared(vec![
                signed(Entry {
                    hours: 4.0,
                    ..practice(date(2026, 9, 3), &[("souder", 2)])
                }),
                Entry {
                    hours: 6.0,
                    ..practice(date(2026, 9, 10), &[("souder", 4)])
                },
            ]),
            ..apprentice("lucas", date(2026, 9, 1))
        };
        let mut site = site(&[("souder", 3)], vec![lucas]);
        let today = date(2026, 10, 1);

        let open = first(&site, today);
        assert_eq!(open.level(0).unwrap().level, 4);

        site.config.validation.require_mentor_sign_off = true;
        let strict = first(&site, today);
        assert_eq!(strict.level(0).unwrap().level, 2);
        assert_eq!(strict.hours, 10.0);
    }

    #[test]
    fn hours_stop_at_the_reference_day() {
        let lucas = Apprentice {
            entries: crate::model::shared(vec![
                Entry {
                    hours: 3.5,
                    ..practice(date(2026, 9, 3), &[])
                },
                Entry {
                    hours: 2.0,
                    ..practice(date(2026, 10, 1), &[])
                },
                Entry {
                    hours: 8.0,
                    ..practice(date(2026, 10, 2), &[])
                },
            ]),
            ..apprentice("lucas", date(2026, 9, 1))
        };
        let site = site(&[], vec![lucas]);
        assert_eq!(first(&site, date(2026, 10, 1)).hours, 5.5);
    }

    #[test]
    fn every_competency_of_concern_is_listed_in_framework_order() {
        let lucas = Apprentice {
            targets: vec![(s("plans".to_string()), s(4))],
            seeking: vec![s("isoler".to_string())],
            goals: vec![Goal {
                title: s("Braser seul".to_string()),
                due: s(date(2027, 1, 31)),
                competency: Some((s("souder".to_string()), s(3))),
            }],
            // Not counted (after today), but it still concerns the apprentice.
            entries: crate::model::shared(vec![practice(date(2027, 2, 1), &[("chauffer", 1)])]),
            ..apprentice("lucas", date(2026, 9, 1))
        };
        let site = site(
            &[
                ("chauffer", 2),
                ("isoler", 2),
                ("plans", 3),
                ("souder", 3),
                ("unrelated", 1),
            ],
            vec![lucas],
        );
        let p = first(&site, date(2026, 10, 1));
        let shown: Vec<(usize, u8, u8)> = p
            .levels
            .iter()
            .map(|l| (l.competency, l.level, l.target))
            .collect();
        // `plans` takes the apprentice's own target over the framework's.
        assert_eq!(shown, vec![(0, 0, 2), (1, 0, 2), (2, 0, 4), (3, 0, 3)]);
    }

    /// 100 h required over the 100 days from 2026-09-01 to 2026-12-10.
    fn pace_site(hours: f64) -> Site {
        let lucas = Apprentice {
            entries: crate::model::shared(vec![Entry {
                hours,
                ..practice(date(2026, 9, 2), &[])
            }]),
            ..apprentice("lucas", date(2026, 9, 1))
        };
        let mut site = site(&[], vec![lucas]);
        site.config.programme.required_hours = Some(100.0);
        site.config.programme.end = Some(s(date(2026, 12, 10)));
        site
    }

    #[test]
    fn pace_compares_hours_with_a_steady_pace() {
        // On day 50 of 100, 50 h are expected.
        let status = |hours: f64| {
            let site = pace_site(hours);
            first(&site, date(2026, 10, 21)).pace.unwrap()
        };
        let behind = status(39.0);
        assert_eq!(behind.expected_by_now, 50.0);
        assert_eq!(behind.status, PaceStatus::Behind);
        // 61 h still needed over 50 days.
        assert!((behind.needed_per_week - 61.0 / (50.0 / 7.0)).abs() < 1e-9);
        assert_eq!(status(40.0).status, PaceStatus::OnTrack);
        assert_eq!(status(50.0).status, PaceStatus::Ahead);
        let done = status(100.0);
        assert_eq!(done.status, PaceStatus::Done);
        assert_eq!(done.needed_per_week, 0.0);
    }

    #[test]
    fn pace_needs_required_hours_and_an_end() {
        let today = date(2026, 10, 1);
        let mut site = pace_site(10.0);
        site.config.programme.end = None;
        assert_eq!(first(&site, today).pace, None);
        let mut site = pace_site(10.0);
        site.config.programme.required_hours = None;
        assert_eq!(first(&site, today).pace, None);
    }

    #[test]
    fn pace_in_the_last_week_asks_for_everything_left() {
        let site = pace_site(90.0);
        let at_end = first(&site, date(2026, 12, 10)).pace.unwrap();
        assert_eq!(at_end.expected_by_now, 100.0);
        assert_eq!(at_end.needed_per_week, 10.0);
        assert_eq!(at_end.status, PaceStatus::OnTrack);
        let three_days_left = first(&site, date(2026, 12, 7)).pace.unwrap();
        assert_eq!(three_days_left.needed_per_week, 10.0);
    }

    #[test]
    fn pace_with_an_end_before_the_start_expects_everything() {
        let mut site = pace_site(10.0);
        site.config.programme.end = Some(s(date(2026, 8, 1)));
        let p = first(&site, date(2026, 10, 1)).pace.unwrap();
        assert_eq!(p.expected_by_now, 100.0);
        assert_eq!(p.status, PaceStatus::Behind);
    }

    #[test]
    fn two_missed_weeks_call_for_attention_with_the_last_checkin() {
        // Weeks from Tuesday 2026-09-01; check-in in the first week only.
        let lucas = Apprentice {
            entries: crate::model::shared(vec![checkin(date(2026, 9, 2))]),
            ..apprentice("lucas", date(2026, 9, 1))
        };
        let site = site(&[], vec![lucas]);
        let on = |today| first(&site, today).attention;
        // Second week current, not missed.
        assert_eq!(on(date(2026, 9, 10)), vec![]);
        // One completed week missed, the third current.
        assert_eq!(on(date(2026, 9, 15)), vec![]);
        // Two completed weeks missed.
        assert_eq!(
            on(date(2026, 9, 22)),
            vec![Attention::CheckinsMissed {
                periods: 2,
                last: Some(date(2026, 9, 2)),
            }]
        );
        assert_eq!(
            on(date(2026, 10, 6)),
            vec![Attention::CheckinsMissed {
                periods: 4,
                last: Some(date(2026, 9, 2)),
            }]
        );
    }

    #[test]
    fn a_checkin_this_week_clears_the_missed_weeks() {
        let lucas = Apprentice {
            entries: crate::model::shared(vec![
                checkin(date(2026, 9, 2)),
                checkin(date(2026, 9, 23)),
            ]),
            ..apprentice("lucas", date(2026, 9, 1))
        };
        let site = site(&[], vec![lucas]);
        let p = first(&site, date(2026, 9, 23));
        assert_eq!(p.attention, vec![]);
        assert_eq!((p.checkins.done, p.checkins.missed), (2, 2));
        assert_eq!(p.last_checkin, Some(date(2026, 9, 23)));
    }

    #[test]
    fn reviews_and_checkins_each_keep_their_own_rhythm() {
        let lucas = Apprentice {
            entries: crate::model::shared(vec![
                review(date(2026, 9, 30)),
                checkin(date(2026, 10, 5)),
            ]),
            ..apprentice("lucas", date(2026, 9, 1))
        };
        let mut site = site(&[], vec![lucas]);
        site.config.programme.checkin_every = Rhythm::Fortnight;
        site.config.programme.review_every = Rhythm::Month;
        let p = first(&site, date(2026, 11, 15));
        let states = |r: &Regularity| r.periods.iter().map(|p| p.state).collect::<Vec<_>>();
        use PeriodState::{Current, Done, Missed};
        // Sep, Oct, Nov (current).
        assert_eq!(states(&p.reviews), vec![Done, Missed, Current]);
        // Fortnights from Sep 1; Sep 29 – Oct 12 holds the check-in.
        assert_eq!(
            states(&p.checkins),
            vec![Missed, Missed, Done, Missed, Missed, Current]
        );
        assert_eq!(p.last_checkin, Some(date(2026, 10, 5)));
    }

    #[test]
    fn attention_lists_rhythm_then_late_goals_then_pace() {
        let goal = |title: &str, due| Goal {
            title: s(title.to_string()),
            due: s(due),
            competency: None,
        };
        let lucas = Apprentice {
            goals: vec![
                goal("Premier", date(2026, 9, 30)),
                goal("Deuxième", date(2027, 3, 1)),
                goal("Troisième", date(2026, 10, 10)),
            ],
            ..apprentice("lucas", date(2026, 9, 1))
        };
        let mut site = site(&[], vec![lucas]);
        site.config.programme.required_hours = Some(100.0);
        site.config.programme.end = Some(s(date(2027, 6, 30)));
        let p = first(&site, date(2026, 10, 20));
        assert_eq!(
            p.attention,
            vec![
                Attention::CheckinsMissed {
                    periods: 7,
                    last: None
                },
                Attention::GoalLate { goal: 0 },
                Attention::GoalLate { goal: 2 },
                Attention::PaceBehind,
            ]
        );
    }

    #[test]
    fn nothing_is_due_before_the_apprentice_starts() {
        let lucas = apprentice("lucas", date(2026, 11, 1));
        let mut site = site(&[], vec![lucas]);
        site.config.programme.required_hours = Some(100.0);
        site.config.programme.end = Some(s(date(2027, 6, 30)));
        let p = first(&site, date(2026, 10, 1));
        assert!(p.checkins.periods.is_empty());
        assert!(p.reviews.periods.is_empty());
        assert_eq!(p.pace.unwrap().status, PaceStatus::Ahead);
        assert_eq!(p.attention, vec![]);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn levels_and_targets_stay_on_the_scale((site, today) in arb_site()) {
            let top = scale_top(&site);
            let links = Links::new(&site);
            for apprentice in &site.apprentices {
                let p = progress(&site, &links, apprentice, today);
                for l in &p.levels {
                    prop_assert!(l.level <= top);
                    prop_assert!((1..=top).contains(&l.target));
                    prop_assert_eq!(l.level == 0, l.reached_on.is_none());
                    prop_assert!(l.reached_on.is_none_or(|d| d <= today));
                }
                prop_assert!(p.levels.windows(2).all(|w| w[0].competency < w[1].competency));
            }
        }

        #[test]
        fn periods_are_done_missed_or_the_current_one((site, today) in arb_site()) {
            let links = Links::new(&site);
            for apprentice in &site.apprentices {
                let p = progress(&site, &links, apprentice, today);
                for rhythm in [&p.checkins, &p.reviews] {
                    let current = rhythm.periods.iter().filter(|p| p.state == PeriodState::Current).count();
                    prop_assert!(current <= 1);
                    prop_assert_eq!(rhythm.done + rhythm.missed + current, rhythm.periods.len());
                }
            }
        }
    }
}
