//! Progress pages: the whole programme at `progress/` and each cohort at
//! `progress/<cohort>/` — figures, the heat map of levels, charts with their
//! text equivalents, and who needs attention.

use super::context::*;
use super::pages::cohort_label;
use super::{Produced, Renderer, charts, text};
use crate::derive::{Attention, CohortSummary};
use crate::tr;

impl Renderer<'_> {
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
        let public: Vec<usize> = summary
            .members
            .iter()
            .copied()
            .filter(|i| self.is_public(*i))
            .collect();
        let hidden = summary.members.len() - public.len();

        let adherence = summary
            .checkin_adherence
            .map_or_else(|| "—".to_string(), |a| text::percent(lang, a));
        let figures = vec![
            Figure {
                value: summary.members.len().to_string(),
                label: tr!(lang, "apprentis", "apprentices"),
            },
            Figure {
                value: text::hours(lang, summary.hours),
                label: tr!(lang, "de pratique consignées", "of practice logged"),
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

        let hours_rows: Vec<(String, f64)> = public
            .iter()
            .map(|i| {
                (
                    self.site.apprentices[*i].name.clone(),
                    self.derived.apprentices[*i].hours,
                )
            })
            .collect();
        let expected = public
            .iter()
            .filter_map(|i| {
                self.derived.apprentices[*i]
                    .pace
                    .as_ref()
                    .map(|p| p.expected_by_now)
            })
            .fold(None, |max: Option<f64>, x| {
                Some(max.map_or(x, |m| m.max(x)))
            });
        let hours_chart_svg = charts::hours(lang, &hours_rows, expected, |h| text::hours(lang, h));
        let required = self.site.config.programme.required_hours;
        let hours = public
            .iter()
            .map(|&i| {
                let apprentice = &self.site.apprentices[i];
                let logged = text::hours(lang, self.derived.apprentices[i].hours);
                let hours = match required {
                    Some(r) => {
                        let r = text::hours(lang, r);
                        tr!(lang, "{logged} sur {r}", "{logged} of {r}")
                    }
                    None => logged,
                };
                HoursRow {
                    name: apprentice.name.clone(),
                    url: self.urls.page(&Self::apprentice_dir(apprentice)),
                    hours,
                    status: self.pace_status(i),
                }
            })
            .collect();

        let mut attention = Vec::new();
        let mut attention_others = 0;
        for &i in &summary.attention {
            if !self.is_public(i) {
                attention_others += 1;
                continue;
            }
            let apprentice = &self.site.apprentices[i];
            let reasons = self.derived.apprentices[i]
                .attention
                .iter()
                .map(|reason| match reason {
                    Attention::CheckinsMissed { periods, last } => {
                        let n = periods;
                        match last {
                            Some(d) => {
                                let d = text::date(lang, *d);
                                tr!(
                                    lang,
                                    "{n} périodes sans point de suivi (dernier le {d})",
                                    "{n} periods without a check-in (last on {d})"
                                )
                            }
                            None => tr!(
                                lang,
                                "{n} périodes sans point de suivi",
                                "{n} periods without a check-in"
                            ),
                        }
                    }
                    Attention::GoalLate { goal } => {
                        let title = apprentice
                            .goals
                            .get(*goal)
                            .map_or("", |g| g.title.value.as_str());
                        let title = text::typography(lang, title);
                        tr!(
                            lang,
                            "Objectif en retard : « {title} »",
                            "Goal late: \"{title}\""
                        )
                    }
                    Attention::PaceBehind => tr!(
                        lang,
                        "Heures en retard sur le rythme attendu",
                        "Hours behind the expected pace"
                    ),
                })
                .collect();
            attention.push(AttentionView {
                name: apprentice.name.clone(),
                url: self.urls.page(&Self::apprentice_dir(apprentice)),
                reasons,
            });
        }

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
            heatmap: self.heatmap(summary, &public, hidden),
            hours_chart_svg,
            hours,
            goals_chart_svg: charts::goals(lang, &summary.goals),
            goals,
            attention,
            attention_others,
            cohorts,
        };
        self.page(&dir, "progress.html", &context)
    }

    fn heatmap(&self, summary: &CohortSummary, public: &[usize], hidden: usize) -> Heatmap {
        let lang = self.lang;
        // Competencies concerning at least one member, in framework order.
        let columns: Vec<usize> = summary
            .competencies
            .iter()
            .enumerate()
            .filter(|(_, (concerned, _))| *concerned > 0)
            .map(|(i, _)| i)
            .collect();
        let heading = columns
            .iter()
            .map(|&c| {
                let competency = &self.site.competencies[c];
                let block = self.block_name(c).unwrap_or_default().to_string();
                HeatmapColumn {
                    name: text::typography(lang, &competency.name),
                    short: short_label(&competency.name),
                    url: self.urls.page(&format!("competencies/{}/", competency.id)),
                    block,
                }
            })
            .collect();
        let rows = public
            .iter()
            .map(|&i| {
                let apprentice = &self.site.apprentices[i];
                let progress = &self.derived.apprentices[i];
                HeatmapRow {
                    label: apprentice.name.clone(),
                    url: self.urls.page(&Self::apprentice_dir(apprentice)),
                    cells: columns
                        .iter()
                        .map(|&c| {
                            progress.level(c).map(|l| {
                                let (level, target) =
                                    (self.level_name(l.level), self.level_name(l.target));
                                HeatmapCell {
                                    level: l.level,
                                    title: tr!(
                                        lang,
                                        "{level} (visé : {target})",
                                        "{level} (target: {target})"
                                    ),
                                    reached: l.reached(),
                                }
                            })
                        })
                        .collect(),
                }
            })
            .collect();
        let totals = columns
            .iter()
            .map(|&c| {
                let (concerned, reached) = summary.competencies[c];
                format!("{reached}/{concerned}")
            })
            .collect();
        Heatmap {
            columns: heading,
            rows,
            totals,
            hidden,
            scale_len: self.scale_len(),
        }
    }
}

/// A column header short enough for a table: the first significant word.
fn short_label(name: &str) -> String {
    const SMALL: [&str; 12] = [
        "le", "la", "les", "des", "de", "du", "un", "une", "et", "à", "the", "a",
    ];
    name.split_whitespace()
        .find(|w| !SMALL.contains(&w.to_lowercase().as_str()))
        .unwrap_or(name)
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}
