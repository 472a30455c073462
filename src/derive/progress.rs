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
    GoalCounts, GoalProgress, GoalStatus, Hours, KindHours, LevelStatus, Links, Pace, PaceStatus,
    PeriodState, Progress, Reason, Regularity, Status, StatusLevel, Why, goals,
};
use crate::model::{Apprentice, Entry, EntryKind, Site, StatusRules};
pub use regularity::regularity;

/// Computes `apprentice`'s progress as of `today`; `links` are the site's.
pub fn progress(site: &Site, links: &Links, apprentice: &Apprentice, today: Date) -> Progress {
    let counted: Vec<&Entry> = apprentice
        .entries
        .iter()
        .map(|e| &**e)
        .filter(|e| counts(site, e, today))
        .collect();
    let programme = &site.config.programme;
    let by_kind = hours_by_kind(site, apprentice, today);
    let mut hours = Hours::default();
    for kind in by_kind.iter().filter(|k| k.counted) {
        hours += kind.hours;
    }
    let rules = &site.config.status;
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
    let goals = goals::goals(apprentice, &counted, today, rules.goal_due_days);
    // The first weeks are for settling in: neither hours nor check-ins
    // are judged before `grace_days` have passed.
    let grace_until = judged_from(started, rules);
    let starting = today < grace_until;
    // Validated hours where the site requires sign-off; declared ones
    // while the apprentice has no mentor to sign them.
    let judged = if site.config.validation.require_mentor_sign_off && apprentice.mentor.is_some() {
        (hours.validated, true)
    } else {
        (hours.declared, false)
    };
    let pace = pace(site, started, judged, today, starting);
    let status = status(
        apprentice,
        rules,
        StatusInputs {
            grace_until: starting.then_some(grace_until),
            checkins: &checkins,
            last_checkin,
            goals: &goals,
            pace: pace.as_ref(),
            today,
        },
    );
    let levels = levels(site, links, apprentice, &counted);
    // The entries whose signature would move a figure: hours of a counted
    // kind, or a level shown. A check-in note waits for no one.
    let awaiting_sign_off = if site.config.validation.require_mentor_sign_off {
        apprentice
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.date.value <= today && e.validated_by.is_none())
            .filter(|(_, e)| {
                (programme.counted_kinds.contains(&e.kind) && e.hours > 0.0)
                    || !e.competencies.is_empty()
            })
            .map(|(i, _)| i)
            .collect()
    } else {
        Vec::new()
    };
    let next_goal = apprentice
        .goals
        .iter()
        .zip(&goals)
        .enumerate()
        .filter(|(_, (_, p))| p.status != GoalStatus::Met)
        .min_by_key(|(i, (g, _))| (g.due.value, *i))
        .map(|(i, _)| i);
    let review_due = reviews
        .periods
        .last()
        .filter(|p| p.state == PeriodState::Current)
        .map(|p| p.end);
    Progress {
        goal_counts: goal_counts(&goals),
        targets_reached: levels.iter().filter(|l| l.reached()).count(),
        levels,
        hours,
        by_kind,
        pace,
        checkins,
        reviews,
        goals,
        status,
        last_checkin,
        last_review: review_dates.last().copied(),
        review_due,
        awaiting_sign_off,
        next_goal,
    }
}

/// The hours of each kind the apprentice logged by `today`, declared and
/// signed off, and whether the kind counts towards `required_hours`.
fn hours_by_kind(site: &Site, apprentice: &Apprentice, today: Date) -> Vec<KindHours> {
    let counted = &site.config.programme.counted_kinds;
    EntryKind::ALL
        .iter()
        .filter_map(|&kind| {
            let mut hours = Hours::default();
            let mut entries = 0;
            for entry in apprentice
                .entries
                .iter()
                .filter(|e| e.kind == kind && e.date.value <= today)
            {
                entries += 1;
                hours.declared += entry.hours;
                if entry.validated_by.is_some() {
                    hours.validated += entry.hours;
                }
            }
            (entries > 0).then(|| KindHours {
                kind,
                counted: counted.contains(&kind),
                entries,
                hours,
            })
        })
        .collect()
}

/// What an apprentice's status is made from.
struct StatusInputs<'p> {
    /// The end of the first weeks, while they last.
    grace_until: Option<Date>,
    checkins: &'p Regularity,
    last_checkin: Option<Date>,
    goals: &'p [GoalProgress],
    pace: Option<&'p Pace>,
    today: Date,
}

/// The one status of an apprentice, with every reason for it: check-ins
/// missed in a row, goals late or due soon, hours behind the steady pace,
/// no mentor. Each reason has its level; the status is the worst of them.
fn status(apprentice: &Apprentice, rules: &StatusRules, inputs: StatusInputs) -> Status {
    let mut reasons = Vec::new();
    let mut push = |level, why| reasons.push(Reason { level, why });
    match inputs.grace_until {
        Some(until) => push(StatusLevel::OnTrack, Why::Starting { until }),
        None => {
            let missed = checkins_missed(inputs.checkins, rules, Date::MIN, inputs.today);
            if let Some(missed) = missed {
                let level = if missed >= rules.checkins_behind.max(1) {
                    StatusLevel::Behind
                } else {
                    StatusLevel::Watch
                };
                push(
                    level,
                    Why::CheckinsMissed {
                        periods: missed,
                        last: inputs.last_checkin,
                    },
                );
            }
        }
    }
    for (goal, (g, p)) in apprentice.goals.iter().zip(inputs.goals).enumerate() {
        let due = g.due.value;
        match p.status {
            GoalStatus::Late => push(
                StatusLevel::Behind,
                Why::GoalLate {
                    goal,
                    days: days_between(due, inputs.today),
                },
            ),
            GoalStatus::AtRisk => push(
                StatusLevel::Watch,
                Why::GoalDueSoon {
                    goal,
                    days: days_between(inputs.today, due),
                },
            ),
            GoalStatus::Met | GoalStatus::Open => {}
        }
    }
    if let Some(pace) = inputs.pace {
        let level = match pace.status {
            PaceStatus::Watch => Some(StatusLevel::Watch),
            PaceStatus::Behind => Some(StatusLevel::Behind),
            _ => None,
        };
        if let Some(level) = level {
            push(
                level,
                Why::PaceBehind {
                    hours: pace.hours,
                    validated: pace.validated,
                    expected: pace.expected_by_now,
                    percent: percent(pace.hours, pace.expected_by_now),
                },
            );
        }
    }
    if apprentice.mentor.is_none() {
        push(StatusLevel::Watch, Why::NoMentor);
    }
    // Worst first; within a level, the order above.
    reasons.sort_by_key(|r| std::cmp::Reverse(r.level));
    Status {
        level: reasons
            .iter()
            .map(|r| r.level)
            .max()
            .unwrap_or(StatusLevel::OnTrack),
        reasons,
    }
}

/// `part` as a whole percentage of `whole`, rounded down (so that 89.9 %
/// never reads as the 90 % it does not reach).
fn percent(part: f64, whole: f64) -> u32 {
    if whole <= 0.0 {
        return 100;
    }
    let p = (part / whole * 100.0).floor();
    if p.is_finite() {
        p.clamp(0.0, u32::MAX as f64) as u32
    } else {
        0
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
/// `(hours, validated)`: the hours judged, and whether they are the
/// signed-off ones; `starting`: in the first weeks, not judged yet.
fn pace(
    site: &Site,
    started: Date,
    (hours, validated): (f64, bool),
    today: Date,
    starting: bool,
) -> Option<Pace> {
    let programme = &site.config.programme;
    let rules = &site.config.status;
    let required = programme.required_hours?;
    let end = programme.end.as_ref()?.value;
    let span = days_between(started, end).max(1);
    let elapsed = days_between(started, today).clamp(0, span);
    let expected_by_now = required * elapsed as f64 / span as f64;
    let remaining = (required - hours).max(0.0);
    // With less than a week left (or none), what remains is this week's need.
    let weeks_left = days_between(today, end) as f64 / 7.0;
    let needed_per_week = remaining / weeks_left.max(1.0);
    let share = if expected_by_now > 0.0 {
        hours / expected_by_now * 100.0
    } else {
        f64::INFINITY
    };
    let status = if hours >= required {
        PaceStatus::Done
    } else if starting {
        PaceStatus::Starting
    } else if share >= 100.0 {
        PaceStatus::Ahead
    } else if share >= rules.pace_watch {
        PaceStatus::OnTrack
    } else if share >= rules.pace_behind {
        PaceStatus::Watch
    } else {
        PaceStatus::Behind
    };
    Some(Pace {
        hours,
        validated,
        required,
        expected_by_now,
        needed_per_week,
        status,
    })
}

/// How many completed check-in periods in a row had no check-in,
/// counting back from the one before today's (still running, so never
/// missed).
fn missed_in_a_row(checkins: &Regularity) -> usize {
    checkins
        .periods
        .iter()
        .rev()
        .skip_while(|p| p.state == PeriodState::Current)
        .take_while(|p| p.state == PeriodState::Missed)
        .count()
}

/// The rule for missed check-ins, the one both the status of every page
/// and `compagnon check` (a warning) apply: the check-in periods missed in
/// a row, when they are `[status] checkins_watch` or more, and the
/// apprentice is past the first weeks (`until`: the day they end).
pub fn checkins_missed(
    checkins: &Regularity,
    rules: &StatusRules,
    until: Date,
    today: Date,
) -> Option<usize> {
    let missed = missed_in_a_row(checkins);
    (today >= until && missed >= rules.checkins_watch.max(1)).then_some(missed)
}

/// The day the first weeks of an apprentice who started on `started` end
/// (`[status] grace_days` later): pace and check-ins are judged from then.
pub fn judged_from(started: Date, rules: &StatusRules) -> Date {
    started
        .checked_add(jiff::Span::new().days(rules.grace_days.clamp(0, 3650)))
        .unwrap_or(started)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use proptest::prelude::*;

    use super::*;
    use crate::fixture::{apprentice, arb_site, checkin, entry, practice, review, s, signed, site};
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
        // Hours are declared whether signed or not; validated once signed.
        assert_eq!(
            strict.hours,
            Hours {
                declared: 10.0,
                validated: 4.0
            }
        );
        assert_eq!(strict.awaiting_sign_off, [1]);
    }

    #[test]
    fn only_the_counted_kinds_add_to_the_hours() {
        let lucas = Apprentice {
            entries: crate::model::shared(vec![
                signed(Entry {
                    hours: 6.0,
                    ..practice(date(2026, 9, 3), &[])
                }),
                Entry {
                    hours: 3.0,
                    ..entry(date(2026, 9, 4), EntryKind::Training)
                },
                signed(Entry {
                    hours: 1.5,
                    ..checkin(date(2026, 9, 5))
                }),
                Entry {
                    hours: 2.0,
                    ..review(date(2026, 9, 30))
                },
            ]),
            ..apprentice("lucas", date(2026, 9, 1))
        };
        let mut site = site(&[], vec![lucas]);
        let today = date(2026, 10, 1);
        let p = first(&site, today);
        assert_eq!(
            p.hours,
            Hours {
                declared: 9.0,
                validated: 6.0
            }
        );
        let kinds: Vec<(EntryKind, bool, usize, f64, f64)> = p
            .by_kind
            .iter()
            .map(|k| {
                (
                    k.kind,
                    k.counted,
                    k.entries,
                    k.hours.declared,
                    k.hours.validated,
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (EntryKind::Practice, true, 1, 6.0, 6.0),
                (EntryKind::Checkin, false, 1, 1.5, 1.5),
                (EntryKind::Review, false, 1, 2.0, 0.0),
                (EntryKind::Training, true, 1, 3.0, 0.0),
            ]
        );
        // A programme that counts every kind.
        site.config.programme.counted_kinds = EntryKind::ALL.to_vec();
        assert_eq!(first(&site, today).hours.declared, 12.5);
        // Pace is judged on validated hours where sign-off is required.
        site.config.programme.counted_kinds = vec![EntryKind::Practice, EntryKind::Training];
        site.config.programme.required_hours = Some(100.0);
        site.config.programme.end = Some(s(date(2027, 6, 30)));
        assert_eq!(first(&site, today).pace.unwrap().hours, 9.0);
        site.config.validation.require_mentor_sign_off = true;
        // No mentor yet to sign them: the declared hours are judged.
        let pace = first(&site, today).pace.unwrap();
        assert_eq!((pace.hours, pace.validated), (9.0, false));
        site.apprentices[0].mentor = Some(s("claire-dubois".into()));
        let pace = first(&site, today).pace.unwrap();
        assert_eq!((pace.hours, pace.validated), (6.0, true));
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
        assert_eq!(first(&site, date(2026, 10, 1)).hours.declared, 5.5);
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
        let behind = status(34.0);
        assert_eq!(behind.expected_by_now, 50.0);
        assert_eq!(behind.status, PaceStatus::Behind);
        // 66 h still needed over 50 days.
        assert!((behind.needed_per_week - 66.0 / (50.0 / 7.0)).abs() < 1e-9);
        // Between 70 % and 90 % of the pace: to watch, not behind.
        assert_eq!(status(35.0).status, PaceStatus::Watch);
        assert_eq!(status(44.5).status, PaceStatus::Watch);
        assert_eq!(status(45.0).status, PaceStatus::OnTrack);
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

    /// The reasons of the first apprentice's status on `today`.
    fn reasons(site: &Site, today: Date) -> Vec<(StatusLevel, Why)> {
        first(site, today)
            .status
            .reasons
            .into_iter()
            .map(|r| (r.level, r.why))
            .collect()
    }

    /// `site`, its apprentices judged from their first day.
    fn without_grace(mut site: Site) -> Site {
        site.config.status.grace_days = 0;
        site
    }

    #[test]
    fn missed_weeks_are_to_watch_at_two_and_behind_at_three() {
        // Weeks from Tuesday 2026-09-01; check-in in the first week only.
        let lucas = Apprentice {
            mentor: Some(s("claire-dubois".into())),
            entries: crate::model::shared(vec![checkin(date(2026, 9, 2))]),
            ..apprentice("lucas", date(2026, 9, 1))
        };
        let site = without_grace(site(&[], vec![lucas]));
        // Second week current, not missed.
        assert_eq!(reasons(&site, date(2026, 9, 10)), vec![]);
        // One completed week missed, the third current.
        assert_eq!(reasons(&site, date(2026, 9, 15)), vec![]);
        let missed = |periods| Why::CheckinsMissed {
            periods,
            last: Some(date(2026, 9, 2)),
        };
        assert_eq!(
            reasons(&site, date(2026, 9, 22)),
            vec![(StatusLevel::Watch, missed(2))]
        );
        assert_eq!(
            reasons(&site, date(2026, 9, 29)),
            vec![(StatusLevel::Behind, missed(3))]
        );
        assert_eq!(
            first(&site, date(2026, 9, 29)).status.level,
            StatusLevel::Behind
        );
    }

    #[test]
    fn the_first_weeks_are_for_settling_in() {
        let lucas = Apprentice {
            mentor: Some(s("claire-dubois".into())),
            ..apprentice("lucas", date(2026, 9, 1))
        };
        let mut site = site(&[], vec![lucas]);
        site.config.programme.required_hours = Some(400.0);
        site.config.programme.end = Some(s(date(2027, 6, 30)));
        // 17 days in, no hours, no check-in: not judged yet.
        let p = first(&site, date(2026, 9, 18));
        assert_eq!(p.status.level, StatusLevel::OnTrack);
        assert_eq!(
            reasons(&site, date(2026, 9, 18)),
            vec![(
                StatusLevel::OnTrack,
                Why::Starting {
                    until: date(2026, 9, 29)
                }
            )]
        );
        assert_eq!(p.pace.unwrap().status, PaceStatus::Starting);
        // The 29th: judged, with its four weeks missed and no hours.
        let judged = reasons(&site, date(2026, 9, 29));
        assert_eq!(
            judged[0],
            (
                StatusLevel::Behind,
                Why::CheckinsMissed {
                    periods: 4,
                    last: None
                }
            )
        );
        assert!(matches!(
            judged[1],
            (StatusLevel::Behind, Why::PaceBehind { percent: 0, .. })
        ));
        site.config.status.grace_days = 10;
        assert_eq!(
            first(&site, date(2026, 9, 11)).pace.unwrap().status,
            PaceStatus::Behind
        );
    }

    #[test]
    fn a_goal_is_to_watch_while_due_and_behind_once_late() {
        let goal = |title: &str, due| Goal {
            title: s(title.to_string()),
            due: s(due),
            competency: None,
        };
        let lucas = Apprentice {
            mentor: Some(s("claire-dubois".into())),
            goals: vec![goal("Braser", date(2026, 10, 15))],
            entries: crate::model::shared(vec![checkin(date(2026, 9, 14))]),
            ..apprentice("lucas", date(2026, 9, 14))
        };
        let mut site = site(&[], vec![lucas]);
        site.config.status.goal_due_days = 14;
        let goals = |today| -> Vec<(StatusLevel, Why)> {
            reasons(&site, today)
                .into_iter()
                .filter(|(_, why)| matches!(why, Why::GoalDueSoon { .. } | Why::GoalLate { .. }))
                .collect()
        };
        // 15 days before: open, nothing to say.
        assert_eq!(goals(date(2026, 9, 30)), vec![]);
        // 14 days before, and on the day itself: due soon.
        assert_eq!(
            goals(date(2026, 10, 1)),
            vec![(StatusLevel::Watch, Why::GoalDueSoon { goal: 0, days: 14 })]
        );
        assert_eq!(
            goals(date(2026, 10, 15)),
            vec![(StatusLevel::Watch, Why::GoalDueSoon { goal: 0, days: 0 })]
        );
        // The day after: late by one day.
        assert_eq!(
            goals(date(2026, 10, 16)),
            vec![(StatusLevel::Behind, Why::GoalLate { goal: 0, days: 1 })]
        );
        assert_eq!(first(&site, date(2026, 10, 16)).next_goal, Some(0));
    }

    #[test]
    fn an_apprentice_without_a_mentor_is_to_watch() {
        let site = site(&[], vec![apprentice("lucas", date(2026, 9, 1))]);
        assert_eq!(
            reasons(&site, date(2026, 9, 2)),
            vec![
                (StatusLevel::Watch, Why::NoMentor),
                (
                    StatusLevel::OnTrack,
                    Why::Starting {
                        until: date(2026, 9, 29)
                    }
                ),
            ]
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
        let site = without_grace(site(&[], vec![lucas]));
        let p = first(&site, date(2026, 9, 23));
        assert!(
            !p.status
                .reasons
                .iter()
                .any(|r| matches!(r.why, Why::CheckinsMissed { .. }))
        );
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
    fn reasons_go_worst_first_then_rhythm_goals_pace_mentor() {
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
                goal("Quatrième", date(2026, 11, 1)),
            ],
            ..apprentice("lucas", date(2026, 9, 1))
        };
        let mut site = site(&[], vec![lucas]);
        site.config.programme.required_hours = Some(100.0);
        site.config.programme.end = Some(s(date(2027, 6, 30)));
        let p = first(&site, date(2026, 10, 20));
        assert_eq!(p.status.level, StatusLevel::Behind);
        let pace = p.pace.as_ref().unwrap();
        assert_eq!(
            reasons(&site, date(2026, 10, 20)),
            vec![
                (
                    StatusLevel::Behind,
                    Why::CheckinsMissed {
                        periods: 7,
                        last: None
                    }
                ),
                (StatusLevel::Behind, Why::GoalLate { goal: 0, days: 20 }),
                (StatusLevel::Behind, Why::GoalLate { goal: 2, days: 10 }),
                (
                    StatusLevel::Behind,
                    Why::PaceBehind {
                        hours: 0.0,
                        validated: false,
                        expected: pace.expected_by_now,
                        percent: 0
                    }
                ),
                (StatusLevel::Watch, Why::GoalDueSoon { goal: 3, days: 12 }),
                (StatusLevel::Watch, Why::NoMentor),
            ]
        );
        assert_eq!(p.next_goal, Some(0));
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
        assert_eq!(p.pace.unwrap().status, PaceStatus::Starting);
        assert!(
            p.status
                .reasons
                .iter()
                .all(|r| r.level == StatusLevel::OnTrack || r.why == Why::NoMentor)
        );
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
