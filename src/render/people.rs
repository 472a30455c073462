//! The people's pages: the mentor directory and profiles, the list of
//! portfolios, each portfolio and each log entry with its evidence.

use super::context::*;
use super::pages::{cohort_in_sentence, cohort_label, is_listed};
use super::urls::Urls;
use super::{Produced, Renderer, text};
use crate::derive::{GoalStatus, LevelStatus, PaceStatus, PeriodState, Regularity};
use crate::model::{Apprentice, Entry, EntryKind, Evidence, Mentor, Rhythm};
use crate::output::{Content, OutputFile};
use crate::slug::sort_key;
use crate::tr;

impl Renderer<'_> {
    pub(super) fn mentor_card(&self, index: usize) -> MentorCard {
        let lang = self.lang;
        let mentor = &self.site.mentors[index];
        let links = &self.derived.links;
        // Places go by the mentees public figures may count: a private
        // apprentice alone in a cohort takes no visible place.
        let assigned = links.mentees[index]
            .iter()
            .filter(|&&a| self.derived.counted[a])
            .count() as i64;
        let capacity = mentor.capacity.value.clamp(0, i64::from(u32::MAX)) as u32;
        let free = (mentor.capacity.value - assigned).max(0) as u32;
        let availability_text = if capacity == 0 {
            tr!(
                lang,
                "Ne prend pas d’apprenti en ce moment",
                "Not taking apprentices at the moment"
            )
        } else if free == 0 {
            tr!(lang, "Complet", "Full")
        } else {
            let places = lang.count(
                free as usize,
                ("place libre", "places libres"),
                ("free place", "free places"),
            );
            tr!(
                lang,
                "{places} sur {capacity}",
                "{places} out of {capacity}"
            )
        };
        let mut skills: Vec<SkillView> = links.skills[index]
            .iter()
            .map(|&(c, level)| {
                let competency = &self.site.competencies[c];
                SkillView {
                    name: text::typography(lang, &competency.name),
                    url: self.urls.page(&format!("competencies/{}/", competency.id)),
                    level,
                    level_name: self.level_name(level),
                }
            })
            .collect();
        // By the names as this page writes them (typography applied), so
        // sorted here: a mentor has a handful of skills.
        skills.sort_by_cached_key(|s| (std::cmp::Reverse(s.level), sort_key(&s.name)));
        MentorCard {
            slug: mentor.slug.clone(),
            name: text::typography(lang, &mentor.name),
            url: self.urls.page(&format!("mentors/{}/", mentor.slug)),
            headline: mentor
                .headline
                .as_deref()
                .map(|h| text::typography(lang, h)),
            photo: mentor.photo.as_ref().map(|p| p.value.clone()),
            skills,
            formats: mentor
                .formats
                .iter()
                .map(|f| text::format(lang, *f))
                .collect(),
            languages: mentor
                .languages
                .iter()
                .map(|l| text::language(lang, l))
                .collect(),
            location: mentor
                .location
                .as_deref()
                .map(|l| text::typography(self.lang, l)),
            remote: mentor.remote,
            capacity,
            free,
            availability_text,
            slots: mentor
                .availability
                .iter()
                .map(|s| text::slot(lang, *s))
                .collect(),
            contact: mentor.contact.clone().filter(|_| mentor.show_contact),
            request: self.seat_request(mentor, free),
        }
    }

    pub(super) fn mentors(&self) -> Produced {
        let lang = self.lang;
        let dir = "mentors/";
        let mut mentors: Vec<usize> = (0..self.site.mentors.len()).collect();
        mentors.sort_by_cached_key(|&m| sort_key(&self.site.mentors[m].name));
        let mut common = self.common(dir, &tr!(lang, "Les mentors", "Mentors"), "mentors", dir);
        common.page.breadcrumbs = vec![self.home_link()];
        let context = MentorsPage {
            common,
            mentors: mentors.into_iter().map(|m| self.mentor_card(m)).collect(),
        };
        self.page(dir, "mentors.html", &context)
    }

    pub(super) fn mentor(&self, index: usize) -> Produced {
        let lang = self.lang;
        let mentor = &self.site.mentors[index];
        let dir = format!("mentors/{}/", mentor.slug);
        let mut apprentices = Vec::new();
        let mut others = 0;
        for &a in &self.derived.links.mentees[index] {
            if self.is_public(a) {
                let apprentice = &self.site.apprentices[a];
                apprentices.push(self.link(&apprentice.name, &Self::apprentice_dir(apprentice)));
            } else if self.derived.counted[a] {
                others += 1;
            }
        }
        let mut common = self.common(&dir, &mentor.name, "mentor", "mentors/");
        common.page.description = mentor.headline.clone();
        common.page.breadcrumbs = vec![
            self.home_link(),
            self.link(&tr!(lang, "Mentors", "Mentors"), "mentors/"),
        ];
        let context = MentorPage {
            common,
            mentor: self.mentor_card(index),
            bio_html: self.markdown_of(&mentor.body, &dir, &mentor.file).html,
            apprentices,
            others,
            sign_offs: self.sign_offs(index),
        };
        self.page(&dir, "mentor.html", &context)
    }

    pub(super) fn apprentices(&self) -> Produced {
        let lang = self.lang;
        let dir = "apprentices/";
        let mut listed: Vec<usize> = (0..self.site.apprentices.len())
            .filter(|i| self.is_public(*i))
            .collect();
        listed.sort_by_cached_key(|&i| {
            let a = &self.site.apprentices[i];
            (a.cohort.value.clone(), sort_key(&a.name))
        });
        let cards = listed.iter().map(|i| self.apprentice_card(*i)).collect();
        let mut common = self.common(
            dir,
            &tr!(lang, "Les portfolios", "Portfolios"),
            "apprentices",
            dir,
        );
        common.page.breadcrumbs = vec![self.home_link()];
        let context = ApprenticesPage {
            common,
            apprentices: cards,
            not_listed: self.site.apprentices.len() - listed.len(),
        };
        self.page(dir, "apprentices.html", &context)
    }

    fn apprentice_card(&self, index: usize) -> ApprenticeCard {
        let apprentice = &self.site.apprentices[index];
        let summary = self.summary(index);
        ApprenticeCard {
            name: text::typography(self.lang, &apprentice.name),
            url: self.urls.page(&Self::apprentice_dir(apprentice)),
            cohort: cohort_label(&apprentice.cohort.value),
            cohort_in_sentence: cohort_in_sentence(self.lang, &apprentice.cohort.value),
            mentor: (self.mentor_of(index)).map(|m| text::typography(self.lang, &m.name)),
            hours: self.hours_line(index),
            competencies: format!("{} {}", summary[1].value, summary[1].of),
            goals: format!("{} {}", summary[2].value, summary[2].of),
            // The programme's team sees who needs what; the public list
            // ranks no one.
            status: (self.edition == super::Edition::Coordinator).then(|| self.status_word(index)),
        }
    }

    /// Apprentice `index`'s mentor.
    pub(super) fn mentor_of(&self, index: usize) -> Option<&Mentor> {
        self.derived.links.mentor_of[index].map(|m| &self.site.mentors[m])
    }

    /// Hours against the steady pace, in words.
    pub(super) fn pace_status(&self, index: usize) -> Status {
        let pace = self.derived.apprentices[index].pace.as_ref();
        self.pace_word(pace.map(|p| p.status))
    }

    /// A pace in words, with its status key.
    pub(super) fn pace_word(&self, pace: Option<PaceStatus>) -> Status {
        let lang = self.lang;
        match pace {
            Some(PaceStatus::Done) => status(
                "done",
                tr!(lang, "Heures requises atteintes", "Required hours reached"),
            ),
            Some(PaceStatus::Ahead) => status(
                "ahead",
                tr!(lang, "En avance sur le rythme", "Ahead of pace"),
            ),
            Some(PaceStatus::OnTrack) => status("on-track", tr!(lang, "Dans le rythme", "On pace")),
            Some(PaceStatus::Watch) => status(
                "watch",
                tr!(lang, "Un peu en dessous du rythme", "Slightly below pace"),
            ),
            Some(PaceStatus::Starting) => {
                status("starting", tr!(lang, "Début de parcours", "Just started"))
            }
            Some(PaceStatus::Behind) => status(
                "behind",
                tr!(lang, "En retard sur le rythme", "Behind pace"),
            ),
            None => status("open", tr!(lang, "Heures consignées", "Hours logged")),
        }
    }

    /// The three headline figures of a portfolio: hours, competencies, goals.
    /// Hours are those of the kinds that count (`counted_kinds`): the
    /// validated ones first where the site requires sign-off, the declared
    /// ones beside them, and the hours of other kinds, which do not count,
    /// said as such.
    pub(super) fn summary(&self, index: usize) -> Vec<SummaryFigure> {
        let lang = self.lang;
        let progress = &self.derived.apprentices[index];
        let hours_status = self.pace_status(index);
        let required = self.site.config.programme.required_hours;
        let signed = self.site.config.validation.require_mentor_sign_off;
        let hours = progress.hours;
        let shown = if signed {
            hours.validated
        } else {
            hours.declared
        };
        let hours_percent = required
            .filter(|r| *r > 0.0)
            .map_or(0, |r| percent_of(shown, r));
        let reached = progress.targets_reached;
        let total = progress.levels.len();
        let assessed = progress.levels.iter().filter(|l| l.level > 0).count();
        let goals = &progress.goal_counts;
        let (goals_met, goals_total) = (goals.met, goals.total());
        let of = match (required, signed) {
            (Some(r), true) => {
                let r = text::hours(lang, r);
                tr!(
                    lang,
                    "validées sur {r} requises",
                    "validated of {r} required"
                )
            }
            (Some(r), false) => {
                let r = text::hours(lang, r);
                tr!(lang, "sur {r} requises", "of {r} required")
            }
            (None, true) => tr!(lang, "validées", "validated"),
            (None, false) => String::new(),
        };
        let mut details = Vec::new();
        if signed {
            let declared = text::hours(lang, hours.declared);
            let waiting = hours.declared - hours.validated;
            details.push(if waiting > 0.0 {
                let waiting = text::hours(lang, waiting);
                tr!(
                    lang,
                    "{declared} déclarées, dont {waiting} en attente de validation",
                    "{declared} declared, {waiting} of them awaiting sign-off"
                )
            } else {
                tr!(lang, "{declared} déclarées", "{declared} declared")
            });
        } else if hours.validated > 0.0 {
            let validated = text::hours(lang, hours.validated);
            details.push(tr!(
                lang,
                "dont {validated} validées par le mentor",
                "{validated} of them signed off by the mentor"
            ));
        }
        let uncounted: Vec<String> = progress
            .by_kind
            .iter()
            .filter(|k| !k.counted && k.hours.declared > 0.0)
            .map(|k| {
                let h = text::hours(lang, k.hours.declared);
                format!("{} {h}", self.kind_plural(k.kind))
            })
            .collect();
        if !uncounted.is_empty() {
            let list = uncounted.join(", ");
            details.push(tr!(lang, "Hors décompte : {list}", "Not counted: {list}"));
        }
        let goals_status = if goals.late > 0 {
            status(
                "behind",
                lang.count(
                    goals.late,
                    ("objectif en retard", "objectifs en retard"),
                    ("goal overdue", "goals overdue"),
                ),
            )
        } else if goals.at_risk > 0 {
            status(
                "watch",
                lang.count(
                    goals.at_risk,
                    ("échéance proche", "échéances proches"),
                    ("deadline close", "deadlines close"),
                ),
            )
        } else {
            status("on-track", tr!(lang, "Aucun retard", "None overdue"))
        };
        vec![
            SummaryFigure {
                value: text::hours(lang, shown),
                of,
                details,
                label: tr!(lang, "Heures de pratique", "Hours of practice"),
                status: hours_status,
                percent: hours_percent,
            },
            SummaryFigure {
                value: reached.to_string(),
                of: tr!(
                    lang,
                    "sur {total} au niveau visé",
                    "of {total} at target level"
                ),
                details: Vec::new(),
                label: tr!(lang, "Compétences", "Competencies"),
                status: if total > 0 && reached == total {
                    status("met", tr!(lang, "Toutes au niveau visé", "All at target"))
                } else if assessed == 0 {
                    status(
                        "unassessed",
                        tr!(lang, "Pas encore évaluées", "Not assessed yet"),
                    )
                } else {
                    status("open", tr!(lang, "En progression", "In progress"))
                },
                percent: if total == 0 {
                    0
                } else {
                    percent_of(reached as f64, total as f64)
                },
            },
            SummaryFigure {
                value: goals_met.to_string(),
                of: tr!(lang, "sur {goals_total} atteints", "of {goals_total} met"),
                details: Vec::new(),
                label: tr!(lang, "Objectifs", "Goals"),
                status: goals_status,
                percent: if goals_total == 0 {
                    0
                } else {
                    percent_of(goals_met as f64, goals_total as f64)
                },
            },
        ]
    }

    /// Apprentice `index`'s hours in a line, validated and declared apart
    /// where the site requires sign-off: "116 h validées, 134 h déclarées,
    /// sur 400 h requises".
    fn hours_line(&self, index: usize) -> String {
        let lang = self.lang;
        let hours = self.derived.apprentices[index].hours;
        let (validated, declared) = (
            text::hours(lang, hours.validated),
            text::hours(lang, hours.declared),
        );
        let signed = self.site.config.validation.require_mentor_sign_off;
        let line = if signed {
            tr!(
                lang,
                "{validated} validées, {declared} déclarées",
                "{validated} validated, {declared} declared"
            )
        } else {
            tr!(lang, "{declared} déclarées", "{declared} declared")
        };
        match self.site.config.programme.required_hours {
            Some(required) => {
                let required = text::hours(lang, required);
                tr!(
                    lang,
                    "{line}, sur {required} requises",
                    "{line}, of {required} required"
                )
            }
            None => line,
        }
    }

    /// A kind of entry in the plural, lower case, for a sentence: "points
    /// de suivi".
    /// Entries of a kind, as a heading: "Points de suivi".
    pub(super) fn kind_heading(&self, kind: EntryKind) -> String {
        text::capitalized(&self.kind_plural(kind))
    }

    /// The check-ins and the reviews of apprentice `index`, each with its
    /// rhythm and the kind of entry that marks it; none without the
    /// programme's dates.
    pub(super) fn rhythms(&self, index: usize) -> Vec<(&Regularity, Rhythm, EntryKind)> {
        let programme = &self.site.config.programme;
        let progress = &self.derived.apprentices[index];
        if programme.start.is_none() || programme.end.is_none() {
            return Vec::new();
        }
        vec![
            (
                &progress.checkins,
                programme.checkin_every,
                EntryKind::Checkin,
            ),
            (&progress.reviews, programme.review_every, EntryKind::Review),
        ]
    }

    pub(super) fn kind_plural(&self, kind: EntryKind) -> String {
        let lang = self.lang;
        match kind {
            EntryKind::Practice => tr!(lang, "pratique", "practice"),
            EntryKind::Checkin => tr!(lang, "points de suivi", "check-ins"),
            EntryKind::Review => tr!(lang, "bilans", "reviews"),
            EntryKind::Training => tr!(lang, "formation", "training"),
        }
    }

    pub(super) fn portfolio(&self, index: usize) -> Produced {
        let lang = self.lang;
        let apprentice = &self.site.apprentices[index];
        let progress = &self.derived.apprentices[index];
        let dir = Self::apprentice_dir(apprentice);
        let competencies = progress
            .levels
            .iter()
            .map(|l| self.competency_progress(l))
            .collect();
        let goals = apprentice
            .goals
            .iter()
            .zip(&progress.goals)
            .map(|(goal, p)| {
                let due = text::date(lang, goal.due.value);
                GoalView {
                    title: text::typography(lang, &goal.title.value),
                    due: tr!(lang, "Pour le {due}", "Due {due}"),
                    status: goal_status(lang, p.status),
                    competency: goal.competency.as_ref().and_then(|(id, _)| {
                        let c =
                            &self.site.competencies[self.derived.links.competency(&id.value)?];
                        Some(self.link(&c.name, &format!("competencies/{}/", c.id)))
                    }),
                    level: goal.competency.as_ref().map(|(_, level)| {
                        let (n, name) = (level.value, self.level_name(level.value as u8));
                        tr!(lang, "niveau {n} ({name})", "level {n} ({name})")
                    }),
                    met_on: p.met_on.map(|d| {
                        let d = text::date(lang, d);
                        tr!(lang, "Atteint le {d}", "Met on {d}")
                    }),
                }
            })
            .collect();
        let pace = progress.pace.as_ref().map(|p| {
            let expected = text::hours(lang, p.expected_by_now);
            let remaining = text::hours(lang, (p.required - p.hours).max(0.0));
            let per_week = text::hours(lang, p.needed_per_week);
            let end = self
                .site
                .config
                .programme
                .end
                .as_ref()
                .map_or_else(String::new, |e| text::date(lang, e.value));
            let judged = text::hours(lang, p.hours);
            PaceView {
                expected: match (lang, p.validated) {
                    (crate::i18n::Lang::Fr, true) => format!(
                        "Rythme attendu à ce jour\u{a0}: {expected}, pour {judged} validées."
                    ),
                    (crate::i18n::Lang::Fr, false) => format!(
                        "Rythme attendu à ce jour\u{a0}: {expected}, pour {judged} déclarées."
                    ),
                    (_, true) => {
                        format!("Steady pace by today: {expected}, against {judged} validated.")
                    }
                    (_, false) => {
                        format!("Steady pace by today: {expected}, against {judged} declared.")
                    }
                },
                needed: if p.status == PaceStatus::Done {
                    tr!(
                        lang,
                        "Les heures requises sont atteintes.",
                        "The required hours are reached."
                    )
                } else {
                    tr!(
                        lang,
                        "Il reste {remaining}, soit {per_week} par semaine jusqu’au {end}.",
                        "{remaining} to go, {per_week} a week until {end}."
                    )
                },
                status: self.pace_status(index),
            }
        });
        let regularity = self
            .rhythms(index)
            .into_iter()
            .map(|(done, rhythm, kind)| self.regularity(done, rhythm, self.kind_heading(kind)))
            .collect();
        let with_feedback = apprentice
            .entries
            .iter()
            .filter(|e| e.feedback.is_some())
            .count();
        let journal_count = (!apprentice.entries.is_empty()).then(|| {
            let count = lang.count(
                apprentice.entries.len(),
                ("entrée", "entrées"),
                ("entry", "entries"),
            );
            match with_feedback {
                0 => format!("{count}."),
                k => tr!(
                    lang,
                    "{count}, dont {k} avec un retour du mentor.",
                    "{count}, {k} with the mentor's feedback."
                ),
            }
        });
        let (gallery, documents) = apprentice
            .entries
            .iter()
            .flat_map(|e| self.evidence(apprentice, e))
            .map(|evidence| PortfolioEvidence {
                href: if evidence.kind == "link" {
                    evidence.url.clone()
                } else {
                    Urls::from_page(&dir, &evidence.url)
                },
                thumbnail_src: evidence
                    .thumbnail
                    .as_ref()
                    .map(|t| Urls::from_page(&dir, &t.url)),
                entry_href: Urls::from_page(&dir, &evidence.entry.url),
                evidence,
            })
            .partition(|e| e.evidence.thumbnail.is_some());
        let mentor = self
            .mentor_of(index)
            .map(|m| self.link(&m.name, &format!("mentors/{}/", m.slug)));
        let mut common = self.common(&dir, &apprentice.name, "portfolio", "apprentices/");
        common.page.noindex = !is_listed(apprentice.visibility);
        common.page.breadcrumbs = if is_listed(apprentice.visibility) {
            vec![
                self.home_link(),
                self.link(&tr!(lang, "Portfolios", "Portfolios"), "apprentices/"),
            ]
        } else {
            vec![self.home_link()]
        };
        if is_listed(apprentice.visibility) {
            common.page.feed = Some(format!("{dir}atom.xml"));
        }
        let started = text::date(lang, apprentice.started.value);
        let cohort_dir = format!("progress/{}/", apprentice.cohort.value);
        let about_html = self.markdown(&apprentice.body, &dir).html;
        let context = PortfolioPage {
            common,
            name: text::typography(lang, &apprentice.name),
            cohort: self.link(&cohort_label(&apprentice.cohort.value), &cohort_dir),
            mentor,
            started: tr!(lang, "Depuis le {started}", "Since {started}"),
            employer: apprentice.employer.clone(),
            qualification: apprentice.qualification.clone(),
            about_heading: leading_heading(&about_html),
            about_html,
            next: self.next_steps(index),
            status: self.status_word(index),
            status_reasons: self.status_reasons(index),
            summary: self.summary(index),
            competencies,
            goals,
            pace,
            regularity,
            journal: self.journal(index, &dir),
            journal_count,
            gallery,
            documents,
            print_url: self
                .urls
                .to_output(&super::plan::portfolio_print(&apprentice.slug), "", ""),
        };
        self.page(&dir, "portfolio.html", &context)
    }

    /// The portfolio's journal: apprentice `index`'s entries by month,
    /// newest first, each with the mentor's feedback, so that none is left
    /// out. `dir` is the portfolio's folder, which the entries' links start from.
    fn journal(&self, index: usize, dir: &str) -> Vec<JournalMonth> {
        let lang = self.lang;
        let entries = &self.site.apprentices[index].entries;
        // Files named as FORMAT.md asks come in date order; the dates decide.
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by_key(|&e| std::cmp::Reverse((entries[e].date.value, e)));
        order
            .chunk_by(|&a, &b| {
                let (a, b) = (entries[a].date.value, entries[b].date.value);
                (a.year(), a.month()) == (b.year(), b.month())
            })
            .map(|month| {
                let hours: f64 = month.iter().map(|&e| entries[e].hours).sum();
                let mut summary = format!(
                    "{} · {}",
                    text::month(lang, entries[month[0]].date.value),
                    lang.count(month.len(), ("entrée", "entrées"), ("entry", "entries"))
                );
                if hours > 0.0 {
                    summary = format!("{summary} · {}", text::hours(lang, hours));
                }
                let cards = month
                    .iter()
                    .map(|&e| {
                        let card = self.entry_card(index, e);
                        JournalEntry {
                            href: Urls::from_page(dir, &card.url),
                            day: text::day_month(lang, entries[e].date.value),
                            feedback: self.feedback(index, e),
                            card,
                        }
                    })
                    .collect();
                JournalMonth {
                    summary,
                    entries: cards,
                }
            })
            .collect()
    }

    pub(super) fn regularity(
        &self,
        regularity: &Regularity,
        rhythm: Rhythm,
        what: String,
    ) -> RegularityView {
        let lang = self.lang;
        let (done, completed) = (regularity.done, regularity.done + regularity.missed);
        let unit = match rhythm {
            Rhythm::Week => lang.count(
                completed,
                ("semaine écoulée", "semaines écoulées"),
                ("week past", "weeks past"),
            ),
            Rhythm::Fortnight => lang.count(
                completed,
                ("quinzaine écoulée", "quinzaines écoulées"),
                ("fortnight past", "fortnights past"),
            ),
            Rhythm::Month => lang.count(
                completed,
                ("mois écoulé", "mois écoulés"),
                ("month past", "months past"),
            ),
        };
        RegularityView {
            title: what.clone(),
            summary: tr!(
                lang,
                "{what} : {done} sur {unit}",
                "{what}: {done} of {unit}"
            ),
            periods: regularity
                .periods
                .iter()
                .map(|p| PeriodView {
                    label: text::period(lang, rhythm, p.start),
                    month: text::month_short(lang, p.start),
                    status: match p.state {
                        PeriodState::Done => status("done", tr!(lang, "fait", "done")),
                        PeriodState::Missed => status("missed", tr!(lang, "manqué", "missed")),
                        PeriodState::Current => {
                            status("current", tr!(lang, "en cours", "in progress"))
                        }
                    },
                })
                .collect(),
        }
    }

    /// An apprentice's level in a competency against their target, in words.
    pub(super) fn competency_progress(&self, l: &LevelStatus) -> CompetencyProgress {
        let lang = self.lang;
        let c = &self.site.competencies[l.competency];
        let reached = l.reached();
        CompetencyProgress {
            name: text::typography(lang, &c.name),
            url: self.urls.page(&format!("competencies/{}/", c.id)),
            level: l.level,
            level_name: self.level_name(l.level),
            target: l.target,
            target_name: self.level_name(l.target),
            scale_len: self.scale_len(),
            reached,
            status: if reached {
                status("met", tr!(lang, "Niveau visé atteint", "Target reached"))
            } else if l.level == 0 {
                status(
                    "unassessed",
                    tr!(lang, "Pas encore évaluée", "Not assessed yet"),
                )
            } else {
                status("open", tr!(lang, "En progression", "In progress"))
            },
        }
    }

    pub(super) fn entry_dir(apprentice: &Apprentice, entry: &Entry) -> String {
        format!("apprentices/{}/{}/", apprentice.slug, entry.slug)
    }

    /// Entry `entry_index` of apprentice `index`, as a card.
    pub(super) fn entry_card(&self, index: usize, entry_index: usize) -> EntryCard {
        let lang = self.lang;
        let apprentice = &self.site.apprentices[index];
        let entry = &apprentice.entries[entry_index];
        EntryCard {
            title: text::typography(lang, &entry.title),
            url: self.urls.page(&Self::entry_dir(apprentice, entry)),
            date: text::date(lang, entry.date.value),
            date_iso: entry.date.value.to_string(),
            kind: text::kind_key(entry.kind).into(),
            kind_label: text::kind(lang, entry.kind),
            hours: (entry.hours > 0.0).then(|| text::hours(lang, entry.hours)),
            validation: match &entry.validated_by {
                Some(by) => {
                    let name = self.derived.links.validated_by[index][entry_index]
                        .map_or(by.value.as_str(), |m| self.site.mentors[m].name.as_str());
                    let name = text::typography(lang, name);
                    Some(status(
                        "done",
                        tr!(lang, "Validée par {name}", "Signed off by {name}"),
                    ))
                }
                None if self.site.config.validation.require_mentor_sign_off => Some(status(
                    "open",
                    tr!(lang, "Pas encore validée", "Not signed off yet"),
                )),
                None => None,
            },
            competencies: entry
                .competencies
                .iter()
                .filter_map(|(id, level)| {
                    let c = &self.site.competencies[self.derived.links.competency(&id.value)?];
                    let (name, level) = (
                        text::typography(lang, &c.name),
                        self.level_name(level.value as u8),
                    );
                    Some(tr!(lang, "{name} : {level}", "{name}: {level}"))
                })
                .collect(),
        }
    }

    /// The mentor's feedback on entry `entry_index` of apprentice `index`.
    pub(super) fn feedback(&self, index: usize, entry_index: usize) -> Option<FeedbackView> {
        let lang = self.lang;
        let apprentice = &self.site.apprentices[index];
        let entry = &apprentice.entries[entry_index];
        let text_ = entry.feedback.as_ref()?;
        let date = text::date(lang, entry.date.value);
        let links = &self.derived.links;
        // The one who signed it off; without a sign-off, the apprentice's mentor.
        let mentor = entry
            .validated_by
            .as_ref()
            .map_or(links.mentor_of[index], |_| {
                links.validated_by[index][entry_index]
            })
            .map(|m| text::typography(lang, &self.site.mentors[m].name));
        let by = match &mentor {
            Some(name) => tr!(lang, "{name}, le {date}", "{name}, {date}"),
            None => tr!(lang, "Le {date}", "On {date}"),
        };
        Some(FeedbackView {
            text: text::typography(lang, text_),
            by,
            mentor,
            entry: self.link(&entry.title, &Self::entry_dir(apprentice, entry)),
        })
    }

    pub(super) fn evidence(&self, apprentice: &Apprentice, entry: &Entry) -> Vec<EvidenceView> {
        let dir = Self::entry_dir(apprentice, entry);
        let entry_link = self.link(&entry.title, &dir);
        entry
            .evidence
            .iter()
            .map(|ev| match &ev.value {
                Evidence::Url(url) => EvidenceView {
                    kind: "link".into(),
                    url: url.clone(),
                    absolute_url: url.clone(),
                    label: url.clone(),
                    about: None,
                    thumbnail: None,
                    entry: entry_link.clone(),
                },
                Evidence::File(name) => {
                    let path = format!("{dir}{}", super::urls::encode_path(name));
                    let thumb = self.thumbs.get(&(apprentice.slug.clone(), name.clone()));
                    let kind = if thumb.is_some() {
                        "image"
                    } else if name.to_ascii_lowercase().ends_with(".pdf") {
                        "pdf"
                    } else {
                        "file"
                    };
                    EvidenceView {
                        kind: kind.into(),
                        absolute_url: self.urls.absolute(&path),
                        url: path,
                        label: name.rsplit('/').next().unwrap_or(name).to_string(),
                        about: self.file_about(apprentice, name),
                        thumbnail: thumb.map(|t| Thumbnail {
                            url: format!("{dir}{}.thumb.jpg", super::urls::encode_path(name)),
                            width: t.width,
                            height: t.height,
                            alt: text::typography(self.lang, &entry.title),
                        }),
                        entry: entry_link.clone(),
                    }
                }
            })
            .collect()
    }

    /// An evidence file's type (its extension, as readers know them: PDF,
    /// JPEG, DOCX) and size: "PDF, 240 Ko".
    fn file_about(&self, apprentice: &Apprentice, name: &str) -> Option<String> {
        let size = self
            .site
            .evidence_sizes
            .get(&format!("apprentices/{}/{name}", apprentice.slug))
            .map(|&bytes| text::file_size(self.lang, bytes));
        let kind = name
            .rsplit_once('.')
            .filter(|(stem, ext)| !stem.is_empty() && !ext.contains('/'))
            .map(|(_, ext)| match ext.to_ascii_uppercase().as_str() {
                "JPG" => "JPEG".to_string(),
                other => other.to_string(),
            });
        match (kind, size) {
            (Some(kind), Some(size)) => Some(format!("{kind}, {size}")),
            (kind, size) => kind.or(size),
        }
    }

    pub(super) fn entry(&self, index: usize, entry_index: usize) -> Produced {
        let lang = self.lang;
        let apprentice = &self.site.apprentices[index];
        let entry = &apprentice.entries[entry_index];
        let dir = Self::entry_dir(apprentice, entry);
        let apprentice_dir = Self::apprentice_dir(apprentice);
        let neighbour = |i: Option<usize>| {
            i.and_then(|i| apprentice.entries.get(i))
                .map(|e| self.link(&e.title, &Self::entry_dir(apprentice, e)))
        };
        let goals_met = entry
            .goals_met
            .iter()
            .map(|g| text::typography(lang, &g.value))
            .collect();
        let mut common = self.common(&dir, &entry.title, "entry", "apprentices/");
        common.page.noindex = !is_listed(apprentice.visibility);
        common.page.breadcrumbs = if is_listed(apprentice.visibility) {
            vec![
                self.home_link(),
                self.link(&tr!(lang, "Portfolios", "Portfolios"), "apprentices/"),
                self.link(&apprentice.name, &apprentice_dir),
            ]
        } else {
            vec![
                self.home_link(),
                self.link(&apprentice.name, &apprentice_dir),
            ]
        };
        let context = EntryPage {
            common,
            entry: self.entry_card(index, entry_index),
            apprentice: self.link(&apprentice.name, &apprentice_dir),
            content_html: self.markdown(&entry.body, &dir).html,
            feedback: self.feedback(index, entry_index),
            goals_met,
            evidence: self.evidence(apprentice, entry),
            previous: neighbour(entry_index.checked_sub(1)),
            next: neighbour(Some(entry_index + 1)),
        };
        let mut files = self.page(&dir, "entry.html", &context)?;
        for ev in &entry.evidence {
            if let Evidence::File(name) = &ev.value {
                files.push(OutputFile {
                    path: format!("{dir}{name}"),
                    content: Content::Copy(
                        self.site_root
                            .join("apprentices")
                            .join(&apprentice.slug)
                            .join(name),
                    ),
                });
                if let Some(thumb) = self.thumbs.get(&(apprentice.slug.clone(), name.clone())) {
                    files.push(OutputFile {
                        path: format!("{dir}{name}.thumb.jpg"),
                        content: Content::Bytes(thumb.bytes.clone()),
                    });
                }
            }
        }
        Ok(files)
    }
}

pub(super) fn status(key: &str, label: String) -> Status {
    Status {
        key: key.into(),
        label,
    }
}

pub(super) fn goal_status(lang: crate::i18n::Lang, goal: GoalStatus) -> Status {
    match goal {
        GoalStatus::Met => status("met", tr!(lang, "Atteint", "Met")),
        GoalStatus::Late => status("late", tr!(lang, "En retard", "Late")),
        GoalStatus::AtRisk => status("at-risk", tr!(lang, "À risque", "At risk")),
        GoalStatus::Open => status("open", tr!(lang, "En cours", "In progress")),
    }
}

fn percent_of(part: f64, whole: f64) -> u8 {
    ((part / whole) * 100.0).round().clamp(0.0, 100.0) as u8
}

/// The id of the `<h2>` that `html` opens with, when it does and the id is
/// a plain one (letters, digits, `-`, `_`): an apprentice's text that
/// starts with its own heading ("À propos de moi") needs no other above.
fn leading_heading(html: &str) -> Option<String> {
    let rest = html.strip_prefix("<h2 id=\"")?;
    let id = &rest[..rest.find('"')?];
    let plain = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    plain.then(|| id.to_string())
}
