//! Progress pages: the whole programme at `progress/` and each cohort at
//! `progress/<cohort>/` — figures, the heat map of levels, charts with their
//! text equivalents, and who needs attention.

use super::context::*;
use super::pages::cohort_label;
use super::people::status;
use super::{Produced, Renderer, charts, text};
use crate::derive::CohortSummary;
use crate::tr;

impl Renderer<'_> {
    /// Hours of the counted kinds as key figures: validated and declared
    /// apart where the site requires sign-off, declared alone otherwise.
    pub(super) fn hours_figures(&self, hours: crate::derive::Hours) -> Vec<Figure> {
        let lang = self.lang;
        if self.site.config.validation.require_mentor_sign_off {
            vec![
                Figure {
                    value: text::hours(lang, hours.validated),
                    label: tr!(lang, "de pratique validées", "of practice signed off"),
                },
                Figure {
                    value: text::hours(lang, hours.declared),
                    label: tr!(lang, "de pratique déclarées", "of practice declared"),
                },
            ]
        } else {
            vec![Figure {
                value: text::hours(lang, hours.declared),
                label: tr!(lang, "de pratique déclarées", "of practice declared"),
            }]
        }
    }

    /// The hours apprentice `index`'s pace is judged on: validated where
    /// the site requires sign-off, declared otherwise.
    pub(super) fn judged_hours(&self, index: usize) -> f64 {
        let hours = self.derived.apprentices[index].hours;
        if self.site.config.validation.require_mentor_sign_off {
            hours.validated
        } else {
            hours.declared
        }
    }

    pub(super) fn progress(&self, cohort: Option<usize>) -> Produced {
        let lang = self.lang;
        let summary: &CohortSummary =
            cohort.map_or(&self.derived.programme, |c| &self.derived.cohorts[c]);
        let (dir, title) = match cohort {
            None => (
                "progress/".to_string(),
                tr!(lang, "Progression du programme", "Programme progress"),
            ),
            Some(_) => {
                let label = cohort_label(&summary.id);
                (
                    format!("progress/{}/", summary.id),
                    tr!(lang, "Progression — {label}", "Progress — {label}"),
                )
            }
        };
        let adherence = summary
            .checkin_adherence
            .map_or_else(|| "—".to_string(), |a| text::percent(lang, a));
        let mut figures = vec![
            Figure {
                value: summary.members.len().to_string(),
                label: tr!(lang, "apprentis", "apprentices"),
            },
            Figure {
                value: format!("{}/{}", summary.goals.met, summary.goals.total()),
                label: tr!(lang, "objectifs atteints", "goals met"),
            },
            Figure {
                value: adherence,
                label: tr!(lang, "des points de suivi tenus", "of check-ins held"),
            },
        ];
        figures.splice(1..1, self.hours_figures(summary.hours));
        let goals = vec![
            Figure {
                value: summary.goals.met.to_string(),
                label: tr!(lang, "atteints", "met"),
            },
            Figure {
                value: summary.goals.open.to_string(),
                label: tr!(lang, "en cours", "in progress"),
            },
            Figure {
                value: summary.goals.at_risk.to_string(),
                label: tr!(lang, "à risque", "at risk"),
            },
            Figure {
                value: summary.goals.late.to_string(),
                label: tr!(lang, "en retard", "late"),
            },
        ];

        let hours_bands = hour_bands(summary.members.iter().map(|&i| self.judged_hours(i)));
        let hours_chart_svg = charts::counts(
            &if self.site.config.validation.require_mentor_sign_off {
                tr!(
                    lang,
                    "Apprentis par tranche d’heures validées",
                    "Apprentices by band of hours signed off"
                )
            } else {
                tr!(
                    lang,
                    "Apprentis par tranche d’heures déclarées",
                    "Apprentices by band of hours logged"
                )
            },
            &hours_bands
                .iter()
                .map(|(from, to, n)| (band_label(lang, *from, *to), *n))
                .collect::<Vec<_>>(),
        );
        let hours = hours_bands
            .iter()
            .map(|(from, to, n)| CountRow {
                label: band_label(lang, *from, *to),
                count: *n,
                status: None,
            })
            .collect();
        let p = &summary.pace;
        let pace = if p.none == summary.members.len() {
            Vec::new()
        } else {
            use crate::derive::PaceStatus as S;
            [
                (Some(S::Done), p.done),
                (Some(S::Ahead), p.ahead),
                (Some(S::OnTrack), p.on_track),
                (Some(S::Watch), p.watch),
                (Some(S::Behind), p.behind),
                (Some(S::Starting), p.starting),
                (None, p.none),
            ]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(pace, count)| {
                let status = match pace {
                    Some(_) => self.pace_word(pace),
                    None => status("open", tr!(lang, "Sans rythme attendu", "No expected pace")),
                };
                CountRow {
                    label: status.label.clone(),
                    count,
                    status: Some(status),
                }
            })
            .collect()
        };

        let kinds = &summary.attention_kinds;
        let attention = [
            (
                kinds.checkins_missed,
                tr!(
                    lang,
                    "plusieurs périodes de suite sans point de suivi",
                    "several periods in a row without a check-in"
                ),
            ),
            (
                kinds.goals_late,
                tr!(lang, "un objectif en retard", "a goal overdue"),
            ),
            (
                kinds.goals_due,
                tr!(lang, "une échéance d’objectif proche", "a goal due soon"),
            ),
            (
                kinds.pace_behind,
                tr!(
                    lang,
                    "des heures sous le rythme attendu",
                    "hours below the expected pace"
                ),
            ),
            (
                kinds.no_mentor,
                tr!(lang, "pas encore de mentor", "no mentor yet"),
            ),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(count, label)| CountRow {
            label,
            count,
            status: Some(status("attention", String::new())),
        })
        .collect();
        let attention_summary = (!summary.attention.is_empty()).then(|| {
            let n = summary.attention.len();
            let total = summary.members.len();
            tr!(
                lang,
                "{n} apprentis sur {total} sont à surveiller ou en retard, pour au moins une de ces raisons :",
                "{n} apprentices of {total} are to watch or behind, for at least one of these reasons:"
            )
        });
        // The programme's apprentices by status, counted, never named.
        let statuses = [
            crate::derive::StatusLevel::OnTrack,
            crate::derive::StatusLevel::Watch,
            crate::derive::StatusLevel::Behind,
        ]
        .into_iter()
        .zip(summary.statuses)
        .map(|(level, count)| {
            let word = super::status::level_word(lang, level);
            CountRow {
                label: word.label.clone(),
                count,
                status: Some(word),
            }
        })
        .collect();

        let cohorts = match cohort {
            None => self.cohort_links(),
            Some(_) => vec![CohortLink {
                id: String::new(),
                label: tr!(lang, "Tout le programme", "The whole programme"),
                url: self.urls.page("progress/"),
                members: lang.count(
                    self.derived.programme.members.len(),
                    ("apprenti", "apprentis"),
                    ("apprentice", "apprentices"),
                ),
            }],
        };
        let mut common = self.common(&dir, &title, "progress", "progress/");
        common.page.breadcrumbs = match cohort {
            None => vec![self.home_link()],
            Some(_) => vec![
                self.home_link(),
                self.link(&tr!(lang, "Progression", "Progress"), "progress/"),
            ],
        };
        let context = ProgressPage {
            common,
            figures,
            left_out: summary.left_out,
            heatmap: self.heatmap(summary),
            hours_chart_svg,
            hours,
            pace,
            goals_chart_svg: charts::goals(lang, &summary.goals),
            goals,
            attention,
            attention_summary,
            statuses,
            cohorts,
        };
        self.page(&dir, "progress.html", &context)
    }

    fn heatmap(&self, summary: &CohortSummary) -> Heatmap {
        let lang = self.lang;
        let levels = (0..=self.scale_len())
            .map(|number| HeatmapLevel {
                number,
                name: self.level_name(number),
            })
            .collect();
        let row = |c: usize| {
            let counts = &summary.competencies[c];
            let competency = &self.site.competencies[c];
            HeatmapRow {
                name: text::typography(lang, &competency.name),
                url: self.urls.page(&format!("competencies/{}/", competency.id)),
                cells: counts
                    .at_level
                    .iter()
                    .map(|&count| HeatmapCell {
                        count,
                        // concerned > 0 (filtered below), and count <= concerned.
                        share: (count * 100 / counts.concerned) as u32,
                    })
                    .collect(),
                reached: format!("{}/{}", counts.reached, counts.concerned),
            }
        };
        let concerns = |c: &usize| summary.competencies[*c].concerned > 0;
        let links = &self.derived.links;
        let named = self.site.framework.iter().flat_map(|f| &f.blocks);
        let mut blocks: Vec<HeatmapBlock> = named
            .zip(&links.in_block)
            .map(|(block, members)| HeatmapBlock {
                name: text::typography(lang, &block.name),
                rows: members.iter().copied().filter(concerns).map(row).collect(),
            })
            .collect();
        blocks.push(HeatmapBlock {
            name: String::new(),
            rows: (0..summary.competencies.len())
                .filter(|&c| links.block_of[c].is_none())
                .filter(concerns)
                .map(row)
                .collect(),
        });
        blocks.retain(|b| !b.rows.is_empty());
        Heatmap { levels, blocks }
    }
}

/// Bands of hours for a histogram of `hours`: `(from, to, count)`, from 0
/// to past the largest, in steps of a round width chosen for at most eight
/// bands. A value on a boundary counts in the band it starts.
fn hour_bands(hours: impl Iterator<Item = f64> + Clone) -> Vec<(u32, u32, usize)> {
    let max = hours.clone().fold(0.0_f64, f64::max);
    const STEPS: [u32; 12] = [5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000];
    let step = STEPS
        .into_iter()
        .find(|s| max < f64::from(*s) * 8.0)
        .unwrap_or(10_000);
    // Hours are finite and at least 0 (check refuses others); the cast saturates.
    let bands = (max / f64::from(step)).floor() as usize + 1;
    let mut counts = vec![0; bands.min(10_000)];
    for h in hours {
        let band = ((h.max(0.0) / f64::from(step)).floor() as usize).min(counts.len() - 1);
        counts[band] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, n)| (i as u32 * step, (i as u32 + 1) * step, n))
        .collect()
}

/// "de 50 à 100 h" (from included, to excluded).
fn band_label(lang: crate::i18n::Lang, from: u32, to: u32) -> String {
    tr!(lang, "de {from} à {to} h", "{from} to {to} h")
}

#[cfg(test)]
mod tests {
    use super::hour_bands;

    #[test]
    fn hour_bands_are_round_and_hold_every_apprentice_once() {
        // Up to 399 h: bands of 50 h, eight of them; 50 counts in 50–100.
        let bands = hour_bands([0.0, 49.5, 50.0, 399.0, 12.0].into_iter());
        assert_eq!(bands.len(), 8);
        assert_eq!(bands[0], (0, 50, 3));
        assert_eq!(bands[1], (50, 100, 1));
        assert_eq!(bands[7], (350, 400, 1));
        // 400 h would need a ninth band of 50 h: the bands widen to 100 h.
        let bands = hour_bands([400.0, 0.0].into_iter());
        assert_eq!(
            bands,
            vec![
                (0, 100, 1),
                (100, 200, 0),
                (200, 300, 0),
                (300, 400, 0),
                (400, 500, 1)
            ]
        );
        // Nobody: one empty band.
        assert_eq!(hour_bands(std::iter::empty()), vec![(0, 5, 0)]);
        let many = hour_bands((0..1000).map(f64::from));
        assert_eq!(many.iter().map(|b| b.2).sum::<usize>(), 1000);
        assert!(many.len() <= 8);
    }
}
