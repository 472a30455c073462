//! The one status of an apprentice in words: its level (a word, a colour
//! key and an icon, never colour alone) and each reason as a sentence.
//! Every page that shows a status takes it from here, so the same
//! apprentice reads the same on the portfolio, the coordinator's caseload
//! and the matching.

use super::Renderer;
use super::context::Status;
use super::people::status;
use super::text;
use crate::derive::{Reason, StatusLevel, Why};
use crate::i18n::Lang;
use crate::model::Rhythm;
use crate::tr;

/// A status level's key (`st-<key>` in the theme, `#i-<key>` its icon)
/// and word.
pub(super) fn level_word(lang: Lang, level: StatusLevel) -> Status {
    match level {
        StatusLevel::OnTrack => status("on-track", tr!(lang, "Dans les temps", "On track")),
        StatusLevel::Watch => status("watch", tr!(lang, "À surveiller", "To watch")),
        StatusLevel::Behind => status("behind", tr!(lang, "En retard", "Behind")),
    }
}

impl Renderer<'_> {
    /// Apprentice `index`'s status level in a word.
    pub(super) fn status_word(&self, index: usize) -> Status {
        level_word(self.lang, self.derived.apprentices[index].status.level)
    }

    /// The reasons of apprentice `index`'s status, each a sentence
    /// starting with a capital, worst first.
    pub(super) fn status_reasons(&self, index: usize) -> Vec<String> {
        self.derived.apprentices[index]
            .status
            .reasons
            .iter()
            .map(|r| self.reason(index, r))
            .collect()
    }

    /// One reason of apprentice `index`'s status, as a sentence.
    pub(super) fn reason(&self, index: usize, reason: &Reason) -> String {
        let lang = self.lang;
        let apprentice = &self.site.apprentices[index];
        let goal_title = |goal: usize| {
            apprentice.goals.get(goal).map_or_else(String::new, |g| {
                lang.quote(&text::typography(lang, &g.title.value))
            })
        };
        let days = |n: i64| {
            lang.count(
                n.unsigned_abs() as usize,
                ("jour", "jours"),
                ("day", "days"),
            )
        };
        match &reason.why {
            Why::Starting { until } => {
                let until = text::date(lang, *until);
                tr!(
                    lang,
                    "Début de parcours : heures et points de suivi comptent à partir du {until}",
                    "Just started: hours and check-ins are followed from {until}"
                )
            }
            Why::CheckinsMissed { periods, last } => {
                let count = match self.site.config.programme.checkin_every {
                    Rhythm::Week => {
                        lang.count(*periods, ("semaine", "semaines"), ("week", "weeks"))
                    }
                    Rhythm::Fortnight => lang.count(
                        *periods,
                        ("quinzaine", "quinzaines"),
                        ("fortnight", "fortnights"),
                    ),
                    Rhythm::Month => lang.count(*periods, ("mois", "mois"), ("month", "months")),
                };
                match last {
                    Some(last) => {
                        let last = text::date(lang, *last);
                        tr!(
                            lang,
                            "{count} sans point de suivi (le dernier le {last})",
                            "{count} without a check-in (the last on {last})"
                        )
                    }
                    None => tr!(
                        lang,
                        "{count} sans point de suivi, aucun depuis l’arrivée",
                        "{count} without a check-in, none since starting"
                    ),
                }
            }
            Why::GoalLate { goal, days: n } => {
                let (title, n) = (goal_title(*goal), days(*n));
                tr!(
                    lang,
                    "Objectif {title} dépassé de {n}",
                    "Goal {title} overdue by {n}"
                )
            }
            Why::GoalDueSoon { goal, days: 0 } => {
                let title = goal_title(*goal);
                tr!(
                    lang,
                    "Objectif {title} à atteindre aujourd’hui",
                    "Goal {title} due today"
                )
            }
            Why::GoalDueSoon { goal, days: n } => {
                let (title, n) = (goal_title(*goal), days(*n));
                tr!(
                    lang,
                    "Objectif {title} à atteindre dans {n}",
                    "Goal {title} due in {n}"
                )
            }
            Why::PaceBehind {
                hours,
                validated,
                expected,
                percent,
            } => {
                let (hours, expected) = (text::hours(lang, *hours), text::hours(lang, *expected));
                match (lang, *validated) {
                    (Lang::Fr, true) => format!(
                        "{hours} validées pour {expected} attendues à ce jour ({percent}\u{a0}%)"
                    ),
                    (Lang::Fr, false) => format!(
                        "{hours} déclarées pour {expected} attendues à ce jour ({percent}\u{a0}%)"
                    ),
                    (_, true) => {
                        format!("{hours} validated against {expected} expected by now ({percent}%)")
                    }
                    (_, false) => {
                        format!("{hours} declared against {expected} expected by now ({percent}%)")
                    }
                }
            }
            Why::NoMentor => tr!(lang, "Pas encore de mentor", "No mentor yet"),
        }
    }
}
