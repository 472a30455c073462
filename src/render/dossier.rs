//! The record an auditor files: one apprentice's whole portfolio on one
//! page to print (`apprentices/<slug>/print.html`). The portfolio shows the
//! latest feedback and links to each entry; this page holds every entry in
//! full, under the competencies it shows, with the rhythm of check-ins and
//! reviews and the boxes to sign, and prints without JavaScript.

use jiff::civil::Date;

use super::context::*;
use super::pages::{cohort_label, headings_down, is_listed};
use super::{Produced, Renderer, text};
use crate::derive::Regularity;
use crate::model::{EntryKind, Rhythm};
use crate::tr;

impl Renderer<'_> {
    pub(super) fn portfolio_print(&self, index: usize) -> Produced {
        let lang = self.lang;
        let apprentice = &self.site.apprentices[index];
        let progress = &self.derived.apprentices[index];
        let dir = Self::apprentice_dir(apprentice);
        let path = super::plan::portfolio_print(&apprentice.slug);

        // Each entry is printed whole once: under the first competency it
        // shows, in the order of this page; the others it shows point to it.
        let mut place = vec![None; self.site.competencies.len()];
        for (at, level) in progress.levels.iter().enumerate() {
            place[level.competency] = Some(at);
        }
        let mut printed = vec![Vec::new(); progress.levels.len()];
        let mut pointed = vec![Vec::new(); progress.levels.len()];
        let mut others = Vec::new();
        for (e, entry) in apprentice.entries.iter().enumerate() {
            let mut at: Vec<usize> = entry
                .competencies
                .iter()
                .filter_map(|(id, _)| place[self.derived.links.competency(&id.value)?])
                .collect();
            at.sort_unstable();
            at.dedup();
            match at.split_first() {
                Some((&first, rest)) => {
                    printed[first].push(e);
                    for &r in rest {
                        pointed[r].push(e);
                    }
                }
                None => others.push(e),
            }
        }
        let competencies = progress
            .levels
            .iter()
            .zip(printed.into_iter().zip(pointed))
            .map(|(level, (printed, pointed))| PrintedCompetency {
                id: format!("c-{}", self.site.competencies[level.competency].id),
                progress: self.competency_progress(level),
                reached_on: level.reached_on.filter(|_| level.reached()).map(|d| {
                    let d = text::date(lang, d);
                    tr!(lang, "Atteint le {d}", "Reached on {d}")
                }),
                entries: printed
                    .into_iter()
                    .map(|e| self.printed_entry(index, e))
                    .collect(),
                see_also: pointed
                    .into_iter()
                    .map(|e| {
                        let entry = &apprentice.entries[e];
                        let date = text::date(lang, entry.date.value);
                        Anchor {
                            id: entry_id(&entry.slug),
                            label: format!("{date} — {}", text::typography(lang, &entry.title)),
                        }
                    })
                    .collect(),
            })
            .collect();
        let other_entries = EntryKind::ALL
            .iter()
            .filter_map(|&kind| {
                let entries: Vec<PrintedEntry> = others
                    .iter()
                    .filter(|&&e| apprentice.entries[e].kind == kind)
                    .map(|&e| self.printed_entry(index, e))
                    .collect();
                (!entries.is_empty()).then(|| EntryGroup {
                    title: self.kind_heading(kind),
                    entries,
                })
            })
            .collect();
        let regularity = self
            .rhythms(index)
            .into_iter()
            .map(|(done, rhythm, kind)| self.printed_regularity(index, done, rhythm, kind))
            .collect();
        let mentor = (self.mentor_of(index)).map(|m| text::typography(lang, &m.name));
        let name = &text::typography(lang, &apprentice.name);
        let today = text::date(lang, self.today);
        let title = tr!(lang, "Dossier de suivi — {name}", "Full record — {name}");
        let mut common = self.common(&dir, &title, "portfolio-print", "apprentices/");
        common.page.url = path.clone();
        common.page.canonical = self.urls.absolute(&path);
        common.page.noindex = true;
        common.page.breadcrumbs = if is_listed(apprentice.visibility) {
            vec![
                self.home_link(),
                self.link(&tr!(lang, "Portfolios", "Portfolios"), "apprentices/"),
                self.link(name, &dir),
            ]
        } else {
            vec![self.home_link(), self.link(name, &dir)]
        };
        let context = PortfolioPrint {
            common,
            name: name.clone(),
            portfolio: self.link(name, &dir),
            cover: self.cover(index),
            competencies,
            other_entries,
            regularity,
            attestation: tr!(
                lang,
                "Les soussignés attestent que ce dossier retrace fidèlement le parcours {name}, tel qu’il est consigné au {today}.",
                "The undersigned certify that this record faithfully sets out {name}'s apprenticeship as logged on {today}.",
                // "le parcours d’Awa Diallo"; the name alone in English.
                name = lang.de(name),
            ),
            signatures: vec![
                Signature {
                    role: tr!(lang, "L’apprenti", "Apprentice"),
                    name: Some(name.clone()),
                },
                Signature {
                    role: tr!(lang, "Le mentor", "Mentor"),
                    name: mentor,
                },
                Signature {
                    role: tr!(
                        lang,
                        "La coordination du programme",
                        "Programme coordinator"
                    ),
                    name: None,
                },
            ],
            footer_css: css_string(&format!(
                "{name} — {}",
                tr!(lang, "dossier de suivi", "full record")
            )),
        };
        self.page_at(path, "portfolio-print.html", &context)
    }

    /// The cover's facts: who, where, since when, and the headline figures
    /// of the portfolio in words.
    fn cover(&self, index: usize) -> Vec<Fact> {
        let lang = self.lang;
        let apprentice = &self.site.apprentices[index];
        let progress = &self.derived.apprentices[index];
        let fact = |label: String, value: String| Fact {
            label,
            value,
            details: Vec::new(),
        };
        let mut cover = vec![fact(
            tr!(lang, "Programme", "Programme"),
            text::typography(lang, &self.site.config.title),
        )];
        if let Some(qualification) = &apprentice.qualification {
            cover.push(fact(
                tr!(lang, "Diplôme ou titre préparé", "Qualification"),
                text::typography(lang, qualification),
            ));
        }
        if let Some(employer) = &apprentice.employer {
            cover.push(fact(
                tr!(lang, "Employeur", "Employer"),
                text::typography(lang, employer),
            ));
        }
        cover.push(fact(
            tr!(lang, "Mentor", "Mentor"),
            self.mentor_of(index).map_or_else(
                || tr!(lang, "Pas encore de mentor", "No mentor yet"),
                |m| text::typography(lang, &m.name),
            ),
        ));
        cover.push(fact(
            tr!(lang, "Promotion", "Cohort"),
            cohort_label(&apprentice.cohort.value),
        ));
        cover.push(fact(
            tr!(lang, "Début du parcours", "Started"),
            text::date(lang, apprentice.started.value),
        ));
        cover.push(fact(
            tr!(lang, "Situation au", "As of"),
            text::date(lang, self.today),
        ));
        // Where the record can be checked against the live portfolio.
        cover.push(fact(
            tr!(lang, "Portfolio en ligne", "Online portfolio"),
            self.urls.absolute(&Self::apprentice_dir(apprentice)),
        ));
        for (i, figure) in self.summary(index).into_iter().enumerate() {
            let mut details = figure.details;
            // The hours against the steady pace: what the pace's status
            // weighs them against.
            if let (0, Some(pace)) = (i, &progress.pace) {
                let expected = text::hours(lang, pace.expected_by_now);
                details.push(tr!(
                    lang,
                    "{expected} attendues à ce jour au rythme régulier",
                    "{expected} expected by now at a steady pace"
                ));
            }
            details.push(figure.status.label);
            cover.push(Fact {
                label: figure.label,
                value: format!("{} {}", figure.value, figure.of),
                details,
            });
        }
        cover
    }

    /// Entry `e` of apprentice `index`, whole, as a part of their record.
    fn printed_entry(&self, index: usize, e: usize) -> PrintedEntry {
        let apprentice = &self.site.apprentices[index];
        let entry = &apprentice.entries[e];
        let id = entry_id(&entry.slug);
        // Written for its own page, a folder below this one.
        let rebase = format!("{}/", entry.slug);
        let html = self
            .markdown_from(
                &entry.body,
                &Self::apprentice_dir(apprentice),
                &rebase,
                None,
            )
            .html;
        PrintedEntry {
            // Under the entry's title, an `<h4>`.
            content_html: headings_down(&html, 3, &id, &entry.title),
            entry: self.entry_card(index, e),
            feedback: self.feedback(index, e),
            goals_met: entry
                .goals_met
                .iter()
                .map(|g| text::typography(self.lang, &g.value))
                .collect(),
            evidence: self.evidence(apprentice, entry),
            id,
        }
    }

    /// The periods of a rhythm with the days an entry of `kind` was logged
    /// in each.
    fn printed_regularity(
        &self,
        index: usize,
        regularity: &Regularity,
        rhythm: Rhythm,
        kind: EntryKind,
    ) -> PrintedRegularity {
        let lang = self.lang;
        let mut days: Vec<Date> = self.site.apprentices[index]
            .entries
            .iter()
            .filter(|e| e.kind == kind && e.date.value <= self.today)
            .map(|e| e.date.value)
            .collect();
        days.sort_unstable();
        let view = self.regularity(regularity, rhythm, self.kind_heading(kind));
        PrintedRegularity {
            title: view.title,
            summary: view.summary,
            periods: view
                .periods
                .into_iter()
                .zip(&regularity.periods)
                .map(|(shown, period)| {
                    let first = days.partition_point(|d| *d < period.start);
                    let last = days.partition_point(|d| *d <= period.end);
                    PrintedPeriod {
                        label: shown.label,
                        status: shown.status,
                        dates: days[first..last]
                            .iter()
                            .map(|d| text::day_month(lang, *d))
                            .collect(),
                    }
                })
                .collect(),
        }
    }
}

/// The id of an entry's part of the record.
fn entry_id(slug: &str) -> String {
    format!("e-{slug}")
}

/// `text` as a CSS string, quotes included, that a `<style>` element can
/// hold: `<` (which could close it) and control characters escaped as
/// code points.
fn css_string(text: &str) -> String {
    let mut css = String::with_capacity(text.len() + 2);
    css.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                css.push('\\');
                css.push(c);
            }
            '<' | '>' | '&' => css.push_str(&format!("\\{:x} ", u32::from(c))),
            c if c.is_control() => css.push_str(&format!("\\{:x} ", u32::from(c))),
            c => css.push(c),
        }
    }
    css.push('"');
    css
}

#[cfg(test)]
mod tests {
    use super::css_string;

    #[test]
    fn a_name_cannot_leave_its_css_string() {
        assert_eq!(css_string("Lucas Martin"), "\"Lucas Martin\"");
        assert_eq!(
            css_string("A \"B\" \\ </style>\n"),
            "\"A \\\"B\\\" \\\\ \\3c /style\\3e \\a \""
        );
    }
}
