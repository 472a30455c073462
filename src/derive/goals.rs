//! Goals: met, late, at risk or open on the reference day.
//!
//! A goal is met by evidence — the first counted entry that showed its level,
//! or that cited it in `goals_met` — so `met_on` points at a real entry; the
//! due date only matters while a goal is unmet.

use jiff::ToSpan;
use jiff::civil::Date;

use super::{GoalProgress, GoalStatus};
use crate::model::{Apprentice, Entry, Goal};

/// Each of the apprentice's goals, in order; `counted` are the entries that
/// count on `today` (dated by then, signed off when the site asks for it).
/// An unmet goal due within `due_days` (`[status] goal_due_days`) is at risk.
pub(super) fn goals(
    apprentice: &Apprentice,
    counted: &[&Entry],
    today: Date,
    due_days: i64,
) -> Vec<GoalProgress> {
    apprentice
        .goals
        .iter()
        .map(|goal| {
            let met_on = met_on(goal, counted);
            GoalProgress {
                status: status(goal.due.value, met_on.is_some(), today, due_days),
                met_on,
            }
        })
        .collect()
}

/// The earliest counted entry that meets `goal`.
fn met_on(goal: &Goal, counted: &[&Entry]) -> Option<Date> {
    counted
        .iter()
        .filter(|entry| match &goal.competency {
            Some((id, level)) => entry
                .competencies
                .iter()
                .any(|(shown, at)| shown.value == id.value && at.value >= level.value),
            None => entry.goals_met.iter().any(|t| t.value == goal.title.value),
        })
        .map(|entry| entry.date.value)
        .min()
}

fn status(due: Date, met: bool, today: Date, due_days: i64) -> GoalStatus {
    if met {
        GoalStatus::Met
    } else if due < today {
        GoalStatus::Late
    } else if due <= today.saturating_add(due_days.clamp(0, 3650).days()) {
        GoalStatus::AtRisk
    } else {
        GoalStatus::Open
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::derive::Links;
    use crate::derive::progress::progress;
    use crate::fixture::{apprentice, goal, practice, s, signed, site};
    use crate::model::Site;

    fn lucas_site(goals: Vec<Goal>, entries: Vec<Entry>) -> Site {
        let lucas = Apprentice {
            goals,
            entries: crate::model::shared(entries),
            ..apprentice("lucas", date(2026, 9, 1))
        };
        site(&[("souder", 3)], vec![lucas])
    }

    fn goals_on(site: &Site, today: Date) -> Vec<GoalProgress> {
        progress(site, &Links::new(site), &site.apprentices[0], today).goals
    }

    fn unmet(status: GoalStatus) -> GoalProgress {
        GoalProgress {
            status,
            met_on: None,
        }
    }

    #[test]
    fn an_unmet_goal_is_at_risk_from_30_days_before_due_and_late_after_due() {
        let due = date(2026, 12, 31);
        let site = lucas_site(vec![goal("Braser seul", due, Some(("souder", 3)))], vec![]);
        let on = |today| goals_on(&site, today)[0].status;
        assert_eq!(on(date(2026, 11, 30)), GoalStatus::Open);
        assert_eq!(on(date(2026, 12, 1)), GoalStatus::AtRisk); // exactly 30 days
        assert_eq!(on(due), GoalStatus::AtRisk); // due today: not late yet
        assert_eq!(on(date(2027, 1, 1)), GoalStatus::Late);
    }

    #[test]
    fn a_goal_is_met_on_the_first_entry_at_or_above_its_level() {
        let site = lucas_site(
            vec![goal("Braser seul", date(2026, 10, 31), Some(("souder", 2)))],
            vec![
                practice(date(2026, 9, 10), &[("souder", 1)]),
                practice(date(2026, 9, 20), &[("souder", 3)]),
                practice(date(2026, 9, 15), &[("souder", 2)]),
            ],
        );
        let met = GoalProgress {
            status: GoalStatus::Met,
            met_on: Some(date(2026, 9, 15)),
        };
        assert_eq!(goals_on(&site, date(2026, 10, 1)), vec![met.clone()]);
        // Met stays met once the due date has passed.
        assert_eq!(goals_on(&site, date(2027, 1, 1)), vec![met]);
        // Before the entry that met it, it was still open.
        assert_eq!(
            goals_on(&site, date(2026, 9, 14)),
            vec![unmet(GoalStatus::Open)]
        );
    }

    #[test]
    fn a_level_goal_needs_a_signed_entry_when_sign_off_is_required() {
        let mut site = lucas_site(
            vec![goal("Braser seul", date(2027, 3, 1), Some(("souder", 3)))],
            vec![
                practice(date(2026, 9, 10), &[("souder", 3)]),
                signed(practice(date(2026, 10, 2), &[("souder", 4)])),
            ],
        );
        site.config.validation.require_mentor_sign_off = true;
        let goals = goals_on(&site, date(2026, 11, 1));
        assert_eq!(goals[0].met_on, Some(date(2026, 10, 2)));
    }

    #[test]
    fn a_goal_without_competency_is_met_by_the_first_entry_citing_it() {
        let cite = |on, title: &str| Entry {
            goals_met: vec![s(title.to_string())].into(),
            ..practice(on, &[])
        };
        let mut site = lucas_site(
            vec![
                goal("Présenter un chantier", date(2026, 12, 1), None),
                goal("Passer le permis", date(2026, 12, 1), None),
            ],
            vec![
                cite(date(2026, 10, 20), "Présenter un chantier"),
                signed(cite(date(2026, 11, 3), "Présenter un chantier")),
                // Cited after the reference day: not yet met.
                signed(cite(date(2026, 11, 20), "Passer le permis")),
            ],
        );
        let today = date(2026, 11, 10);
        let goals = goals_on(&site, today);
        assert_eq!(goals[0].met_on, Some(date(2026, 10, 20)));
        assert_eq!(goals[1], unmet(GoalStatus::AtRisk));

        site.config.validation.require_mentor_sign_off = true;
        let goals = goals_on(&site, today);
        assert_eq!(goals[0].met_on, Some(date(2026, 11, 3)));
    }

    #[test]
    fn a_level_goal_is_not_met_by_citing_it() {
        let site = lucas_site(
            vec![goal("Braser seul", date(2027, 3, 1), Some(("souder", 3)))],
            vec![Entry {
                goals_met: vec![s("Braser seul".to_string())].into(),
                ..practice(date(2026, 9, 10), &[("souder", 2)])
            }],
        );
        assert_eq!(
            goals_on(&site, date(2026, 10, 1)),
            vec![unmet(GoalStatus::Open)]
        );
    }
}
