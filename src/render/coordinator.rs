//! The coordinator's edition (`compagnon build --edition coordinator`, see
//! [`super::Edition`]): its caseload at `coordination/` — one row per
//! apprentice, who needs something done first and what, each mentor's
//! apprentices and the entries waiting for their sign-off — the banner on
//! each of its pages and its robots.txt; and the caseload's table for a
//! spreadsheet (`compagnon report`).
//!
//! All of it is for the programme's team: every apprentice is named,
//! private ones included. Statuses and their reasons are those of every
//! other page ([`super::status`]), so an apprentice reads the same here as
//! on their portfolio.

use std::cmp::Reverse;

use super::context::*;
use super::pages::cohort_label;
use super::status::level_word;
use super::{Produced, Renderer, text};
use crate::derive::{StatusLevel, Why};
use crate::i18n::Lang;
use crate::model::Visibility;
use crate::output::{Content, OutputFile};
use crate::slug::sort_key;
use crate::tr;

/// Where the caseload is, from the root: a word of both languages, and
/// no folder of the public site.
pub const DIR: &str = "coordination/";

/// What `compagnon report` writes.
#[derive(Clone, Copy, Debug)]
pub enum ReportFormat {
    /// As the matching's CSV export (see
    /// [`crate::matching::export::ExportFormat::Csv`]): UTF-8 with a
    /// byte-order mark, `;` between cells on a French site by default.
    /// Dates are ISO (2026-12-18) and numbers have a decimal point, so
    /// that any spreadsheet reads them as dates and numbers.
    Csv { separator: Option<u8> },
}

/// The coordinator edition's robots.txt: no robot reads any of it, and no
/// sitemap names its pages.
pub(super) fn robots() -> OutputFile {
    OutputFile {
        path: "robots.txt".into(),
        content: Content::Bytes(b"User-agent: *\nDisallow: /\n".to_vec()),
    }
}

/// How many of a mentor's entries to sign off the caseload lists, oldest
/// first: enough to see how long they wait, few enough for a page that a
/// slow line still loads (a busy mentor may have dozens waiting).
const OLDEST_LISTED: usize = 5;

/// The status levels, best first: the status filter's options.
const LEVELS: [StatusLevel; 3] = [
    StatusLevel::OnTrack,
    StatusLevel::Watch,
    StatusLevel::Behind,
];

/// A number for a spreadsheet: a decimal point, two decimals at most.
fn plain(x: f64) -> String {
    // `+ 0.0` turns a rounded -0 into 0.
    ((x * 100.0).round() / 100.0 + 0.0).to_string()
}

impl Renderer<'_> {
    /// The banner at the top of every page of the coordinator's edition.
    pub(super) fn banner(&self) -> String {
        tr!(
            self.lang,
            "Édition coordination — confidentielle : réservée à l’équipe du programme, ne pas diffuser",
            "Coordination edition — confidential: for the programme team only, do not share"
        )
    }

    /// Every apprentice, by name: the caseload's order, on the page and in
    /// the report.
    fn by_name(&self) -> Vec<usize> {
        let apprentices = &self.site.apprentices;
        let mut order: Vec<usize> = (0..apprentices.len()).collect();
        order.sort_by_cached_key(|&a| (sort_key(&apprentices[a].name), &apprentices[a].slug));
        order
    }

    /// `coordination/`: the caseload.
    pub(super) fn caseload(&self) -> Produced {
        let lang = self.lang;
        let order = self.by_name();
        let sign_off = self.site.config.validation.require_mentor_sign_off;
        let rows: Vec<CaseloadRow> = order.iter().map(|&a| self.caseload_row(a)).collect();

        // Worst first: by level, then by how many reasons; by name between equals.
        let mut attention: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&a| self.derived.apprentices[a].status.level != StatusLevel::OnTrack)
            .collect();
        attention.sort_by_key(|&a| {
            let status = &self.derived.apprentices[a].status;
            (Reverse(status.level), Reverse(status.reasons.len()))
        });
        let attention = attention.iter().map(|&a| self.attention_row(a)).collect();

        let mut counts = [0; 3];
        for progress in &self.derived.apprentices {
            counts[progress.status.level as usize] += 1;
        }
        let mut figures = vec![Figure {
            value: order.len().to_string(),
            label: lang
                .plural(
                    order.len(),
                    ("apprenti", "apprentis"),
                    ("apprentice", "apprentices"),
                )
                .to_string(),
        }];
        for level in LEVELS.into_iter().rev() {
            figures.push(Figure {
                value: counts[level as usize].to_string(),
                label: level_word(lang, level).label.to_lowercase(),
            });
        }
        if sign_off {
            let waiting: usize = self
                .derived
                .apprentices
                .iter()
                .map(|p| p.awaiting_sign_off.len())
                .sum();
            figures.push(Figure {
                value: waiting.to_string(),
                label: lang
                    .plural(
                        waiting,
                        ("entrée à valider", "entrées à valider"),
                        ("entry to sign off", "entries to sign off"),
                    )
                    .to_string(),
            });
        }

        let title = tr!(lang, "Suivi des apprentis", "Caseload");
        let mut common = self.common(DIR, &title, "caseload", DIR);
        common.page.breadcrumbs = vec![self.home_link()];
        common.page.description = Some(tr!(
            lang,
            "Chaque apprenti du programme, privés compris : heures, objectifs, points de suivi, entrées à valider et statut ; qui demande une action, et laquelle ; ce que chaque mentor doit valider.",
            "Every apprentice of the programme, private ones included: hours, goals, check-ins, entries to sign off and status; who needs something done, and what; what each mentor has to sign off."
        ));
        let context = CaseloadPage {
            common,
            figures,
            words: self.caseload_words(sign_off),
            rows,
            attention,
            mentors: self.mentor_caseloads(),
            statuses: LEVELS
                .iter()
                .map(|&level| {
                    let word = level_word(lang, level);
                    FilterOption {
                        value: word.key,
                        label: word.label,
                    }
                })
                .collect(),
            sign_off,
        };
        self.page(DIR, "caseload.html", &context)
    }

    /// The caseload page's words, in the language of the site: its
    /// columns (with one of entries to sign off where the site requires
    /// sign-off), its sections, its filter.
    fn caseload_words(&self, sign_off: bool) -> CaseloadWords {
        let lang = self.lang;
        // The status second: in sight beside the name on any screen.
        let mut columns = vec![
            tr!(lang, "Apprenti", "Apprentice"),
            tr!(lang, "Statut", "Status"),
            tr!(lang, "Promotion", "Cohort"),
            tr!(lang, "Mentor", "Mentor"),
            tr!(lang, "Heures", "Hours"),
            tr!(lang, "Objectifs", "Goals"),
            tr!(lang, "Dernier point", "Last check-in"),
            tr!(lang, "Dernier bilan", "Last review"),
        ];
        if sign_off {
            columns.push(tr!(lang, "À valider", "To sign off"));
        }
        CaseloadWords {
            columns,
            caption: tr!(
                lang,
                "Tous les apprentis, par nom",
                "Every apprentice, by name"
            ),
            attention: tr!(lang, "À suivre en priorité", "Needs attention first"),
            nobody: tr!(
                lang,
                "Personne ne demande d’action : tous les apprentis sont dans les temps.",
                "Nobody needs anything done: every apprentice is on track."
            ),
            by_mentor: tr!(lang, "Par mentor", "By mentor"),
            mentees: tr!(lang, "Apprentis suivis", "Apprentices"),
            to_sign: tr!(lang, "Entrées à valider", "Entries to sign off"),
            nothing_to_sign: tr!(lang, "Aucune entrée en attente.", "No entry waiting."),
            filter: tr!(lang, "Filtrer le tableau", "Filter the table"),
            filter_text: tr!(
                lang,
                "Nom, promotion, mentor ou motif",
                "Name, cohort, mentor or reason"
            ),
            filter_status: tr!(lang, "Statut", "Status"),
            filter_all: tr!(lang, "Tous", "All"),
            filter_count: tr!(
                lang,
                "Apprentis affichés : {{n}} sur {{total}}.",
                "Apprentices shown: {{n}} of {{total}}."
            ),
            no_mentor: tr!(lang, "Aucun", "None"),
            never: tr!(lang, "Jamais", "Never"),
        }
    }

    /// A day of the table: without its year when it is the reference
    /// day's, the table being read against it.
    fn date_view(&self, date: jiff::civil::Date) -> DateView {
        DateView {
            text: if date.year() == self.today.year() {
                text::day_month(self.lang, date)
            } else {
                text::date(self.lang, date)
            },
            iso: date.to_string(),
        }
    }

    /// Apprentice `a`'s row of the caseload.
    fn caseload_row(&self, a: usize) -> CaseloadRow {
        let lang = self.lang;
        let apprentice = &self.site.apprentices[a];
        let progress = &self.derived.apprentices[a];
        let hours = progress.hours;
        let (declared, validated) = (
            text::hours(lang, hours.declared),
            text::hours(lang, hours.validated),
        );
        let mut hour_lines = Vec::new();
        if self.site.config.validation.require_mentor_sign_off {
            hour_lines.push(tr!(lang, "{validated} validées", "{validated} signed off"));
        }
        hour_lines.push(tr!(lang, "{declared} déclarées", "{declared} declared"));
        let expected = progress.pace.as_ref().map_or_else(Vec::new, |pace| {
            let (by_now, required) = (
                text::hours(lang, pace.expected_by_now),
                text::hours(lang, pace.required),
            );
            vec![
                tr!(
                    lang,
                    "attendu à ce jour : {by_now}",
                    "expected by now: {by_now}"
                ),
                tr!(lang, "requis : {required}", "required: {required}"),
            ]
        });
        let goals = progress.goal_counts;
        let mut goal_parts = Vec::new();
        if goals.late > 0 {
            goal_parts.push(tr!(lang, "{n} en retard", "{n} overdue", n = goals.late));
        }
        if goals.at_risk > 0 {
            goal_parts.push(tr!(lang, "{n} à risque", "{n} at risk", n = goals.at_risk));
        }
        CaseloadRow {
            slug: apprentice.slug.clone(),
            apprentice: self.link(&apprentice.name, &Self::apprentice_dir(apprentice)),
            name_sort: crate::slug::slugify(&apprentice.name),
            cohort: cohort_label(&apprentice.cohort.value),
            mentor: self.derived.links.mentor_of[a]
                .map(|m| self.mentor_link(&self.site.mentors[m])),
            hours: hour_lines,
            expected,
            hours_sort: self.judged_hours(a),
            goals: (!goal_parts.is_empty()).then(|| goal_parts.join(", ")),
            goals_sort: goals.late * 1000 + goals.at_risk,
            last_checkin: progress.last_checkin.map(|d| self.date_view(d)),
            last_review: progress.last_review.map(|d| self.date_view(d)),
            awaiting: progress.awaiting_sign_off.len(),
            status: self.status_word(a),
            status_rank: progress.status.level as u8,
            reasons: self.status_reasons(a),
        }
    }

    /// Apprentice `a`, who is not on track, with what to do first: the
    /// answer to their worst reason.
    fn attention_row(&self, a: usize) -> AttentionRow {
        let lang = self.lang;
        let apprentice = &self.site.apprentices[a];
        let progress = &self.derived.apprentices[a];
        let mentor = self.derived.links.mentor_of[a].map(|m| &self.site.mentors[m]);
        let goal = |goal: usize| {
            let title = apprentice
                .goals
                .get(goal)
                .map_or("", |g| g.title.value.as_str());
            lang.quote(&text::typography(lang, title))
        };
        let worst = progress.status.reasons.first().map(|r| &r.why);
        let waiting = progress.awaiting_sign_off.len();
        // Judged on signed-off hours, with enough declared to be on pace
        // once signed: what is missing is the signatures.
        let signing_would_do = progress.pace.as_ref().is_some_and(|p| {
            p.validated
                && progress.hours.declared * 100.0
                    >= p.expected_by_now * self.site.config.status.pace_watch
        });
        // Without a mentor, the matching's suggestion is the next step.
        let found = &self.matching.apprentices[a];
        let suggested = found
            .mentor
            .filter(|_| !found.kept)
            .map(|m| &self.site.mentors[m]);
        let find_mentor = |to_sign: Option<String>| {
            let what = match suggested {
                Some(m) => tr!(
                    lang,
                    "Proposer {name} comme mentor",
                    "Propose {name} as mentor",
                    name = text::typography(lang, &m.name)
                ),
                None => tr!(lang, "Trouver un mentor", "Find a mentor"),
            };
            match to_sign {
                Some(n) => tr!(
                    lang,
                    "{what}, qui validera ses {n}",
                    "{what}, to sign off their {n}"
                ),
                None => what,
            }
        };
        let (action, action_url) = match worst {
            Some(Why::CheckinsMissed { .. }) => (
                tr!(lang, "Relancer le point de suivi", "Chase up the check-in"),
                None,
            ),
            Some(Why::GoalLate { goal: g, .. }) => {
                let title = goal(*g);
                (
                    tr!(
                        lang,
                        "Faire le point sur l’objectif {title}",
                        "Take stock of goal {title}"
                    ),
                    None,
                )
            }
            Some(Why::GoalDueSoon { goal: g, .. }) => {
                let title = goal(*g);
                (
                    tr!(
                        lang,
                        "Préparer l’objectif {title} avant l’échéance",
                        "Prepare goal {title} before it is due"
                    ),
                    None,
                )
            }
            Some(Why::PaceBehind { .. }) if waiting > 0 && signing_would_do => {
                let n = lang.count(waiting, ("entrée", "entrées"), ("entry", "entries"));
                match mentor {
                    Some(m) => (
                        tr!(
                            lang,
                            "Faire valider {n} par {name}",
                            "Have {name} sign off {n}",
                            name = text::typography(lang, &m.name)
                        ),
                        Some(format!("{}#m-{}", self.urls.page(DIR), m.slug)),
                    ),
                    None => (find_mentor(Some(n)), Some(self.matching_card(a))),
                }
            }
            Some(Why::PaceBehind { .. }) => (
                tr!(
                    lang,
                    "Revoir le planning des heures",
                    "Go over the hours planned"
                ),
                None,
            ),
            Some(Why::NoMentor) => (find_mentor(None), Some(self.matching_card(a))),
            Some(Why::Starting { .. }) | None => (
                tr!(
                    lang,
                    "Faire le point avec l’apprenti",
                    "Check in with the apprentice"
                ),
                None,
            ),
        };
        let mut reasons = self.status_reasons(a).into_iter();
        AttentionRow {
            apprentice: self.link(&apprentice.name, &Self::apprentice_dir(apprentice)),
            status: self.status_word(a),
            action,
            action_url,
            reason: reasons.next().unwrap_or_default(),
            others: reasons.collect(),
        }
    }

    /// Apprentice `a`'s card on the matching page, relative to the root.
    fn matching_card(&self, a: usize) -> String {
        format!(
            "{}#{}",
            self.urls.page("matching/"),
            self.site.apprentices[a].slug
        )
    }

    /// Each mentor who accompanies someone, by name: their apprentices
    /// and the entries waiting for their sign-off, oldest first.
    fn mentor_caseloads(&self) -> Vec<MentorCaseload> {
        let links = &self.derived.links;
        let mut mentors: Vec<usize> = (0..self.site.mentors.len())
            .filter(|&m| !links.mentees[m].is_empty())
            .collect();
        mentors.sort_by_cached_key(|&m| sort_key(&self.site.mentors[m].name));
        mentors
            .into_iter()
            .map(|m| {
                let mentor = &self.site.mentors[m];
                let mut mentees = links.mentees[m].clone();
                mentees.sort_by_cached_key(|&a| sort_key(&self.site.apprentices[a].name));
                let mut to_sign = Vec::new();
                for &a in &mentees {
                    let apprentice = &self.site.apprentices[a];
                    for &e in &self.derived.apprentices[a].awaiting_sign_off {
                        let entry = &apprentice.entries[e];
                        to_sign.push(AwaitingEntry {
                            entry: self.link(
                                &entry.title,
                                &format!("apprentices/{}/{}/", apprentice.slug, entry.slug),
                            ),
                            apprentice: text::typography(self.lang, &apprentice.name),
                            date: self.date_view(entry.date.value),
                            hours: (entry.hours > 0.0).then(|| text::hours(self.lang, entry.hours)),
                        });
                    }
                }
                to_sign.sort_by(|x, y| x.date.iso.cmp(&y.date.iso));
                let waiting = to_sign.len();
                to_sign.truncate(OLDEST_LISTED);
                let more = (waiting > to_sign.len()).then(|| {
                    let n = waiting - to_sign.len();
                    tr!(
                        self.lang,
                        "et {n} plus récentes, marquées « pas encore validée » sur les portfolios",
                        "and {n} more recent, marked “not signed off yet” on the portfolios"
                    )
                });
                MentorCaseload {
                    slug: mentor.slug.clone(),
                    mentor: self.mentor_link(mentor),
                    apprentices: mentees
                        .iter()
                        .map(|&a| MenteeView {
                            apprentice: self.link(
                                &self.site.apprentices[a].name,
                                &Self::apprentice_dir(&self.site.apprentices[a]),
                            ),
                            status: self.status_word(a),
                        })
                        .collect(),
                    waiting,
                    to_sign,
                    more,
                }
            })
            .collect()
    }

    /// The caseload for a spreadsheet: a header in the site's language,
    /// then one row per apprentice, private ones included, in the page's
    /// order.
    pub fn report(&self, format: ReportFormat) -> Vec<u8> {
        let ReportFormat::Csv { separator } = format;
        let lang = self.lang;
        let header: Vec<String> = [
            ("apprenti", "apprentice"),
            ("nom", "name"),
            ("visibilité", "visibility"),
            ("promotion", "cohort"),
            ("mentor", "mentor"),
            ("heures validées", "hours signed off"),
            ("heures déclarées", "hours declared"),
            ("heures attendues à ce jour", "hours expected by now"),
            ("heures requises", "hours required"),
            ("objectifs en retard", "goals overdue"),
            ("objectifs à risque", "goals at risk"),
            ("dernier point de suivi", "last check-in"),
            ("dernier bilan", "last review"),
            ("entrées à valider", "entries to sign off"),
            ("statut", "status"),
            ("raisons", "reasons"),
        ]
        .iter()
        .map(|&(fr, en)| match lang {
            Lang::Fr => fr.to_string(),
            Lang::En => en.to_string(),
        })
        .collect();
        let iso = |date: Option<jiff::civil::Date>| date.map(|d| d.to_string()).unwrap_or_default();
        let rows: Vec<Vec<String>> = self
            .by_name()
            .into_iter()
            .map(|a| {
                let apprentice = &self.site.apprentices[a];
                let progress = &self.derived.apprentices[a];
                let pace = progress.pace.as_ref();
                vec![
                    apprentice.slug.clone(),
                    apprentice.name.clone(),
                    Visibility::NAMES[apprentice.visibility as usize].to_string(),
                    cohort_label(&apprentice.cohort.value),
                    self.derived.links.mentor_of[a]
                        .map(|m| self.site.mentors[m].name.clone())
                        .unwrap_or_default(),
                    plain(progress.hours.validated),
                    plain(progress.hours.declared),
                    pace.map(|p| plain(p.expected_by_now)).unwrap_or_default(),
                    pace.map(|p| plain(p.required)).unwrap_or_default(),
                    progress.goal_counts.late.to_string(),
                    progress.goal_counts.at_risk.to_string(),
                    iso(progress.last_checkin),
                    iso(progress.last_review),
                    progress.awaiting_sign_off.len().to_string(),
                    self.status_word(a).label,
                    self.status_reasons(a)
                        .join(if lang == Lang::Fr { " ; " } else { "; " }),
                ]
            })
            .collect();
        let separator =
            separator.unwrap_or_else(|| crate::matching::export::default_separator(lang));
        crate::matching::export::csv(&header, &rows, separator)
    }
}
