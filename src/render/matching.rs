//! The matching directory at `matching/`: for each public apprentice who
//! needs a mentor, the suggestion with its fit and reasons; existing
//! pairs; mentors with free seats and what they offer; supply against
//! demand per competency. Apprentices whose portfolio is not public are
//! counted, never named.
//!
//! The public page judges no one: no score in figures beside a name, no
//! suggestion below a good fit (counted only), no ranked alternatives, no
//! score for existing pairs. The coordinator's edition (see
//! [`super::Edition`]) shows everything, existing pairs with their reasons,
//! and flags each pair below a good fit "à revoir".

use std::collections::{BTreeMap, BTreeSet};

use super::context::*;
use super::{Edition, Produced, Renderer, text};
use crate::i18n::Lang;
use crate::matching::ApprenticeMatch;
use crate::matching::words::Words;
use crate::model::{Format, Mentor};
use crate::slug::sort_key;
use crate::tr;

impl Renderer<'_> {
    pub(super) fn matching_page(&self) -> Produced {
        let lang = self.lang;
        let dir = "matching/";
        let found = self.matching;
        let apprentices = &self.site.apprentices;
        let mut by_name: Vec<usize> = (0..apprentices.len()).collect();
        by_name.sort_by_cached_key(|&a| (sort_key(&apprentices[a].name), &apprentices[a].slug));

        let full = self.edition == Edition::Coordinator;
        let mut suggestions = Vec::new();
        let mut unmatched = Vec::new();
        let mut pairs = Vec::new();
        let (mut hidden_matched, mut hidden_unmatched, mut pairs_hidden) = (0, 0, 0);
        let mut held_back = 0;
        for &a in &by_name {
            let m = &found.apprentices[a];
            let public = self.is_public(a);
            // Not even counted: see `derive::Derived::counted`.
            if !self.derived.counted[a] {
                continue;
            }
            match (m.kept, m.mentor, public) {
                (true, Some(mentor), true) => pairs.push(self.pair_row(a, mentor, m)),
                (true, _, _) => pairs_hidden += 1,
                (false, Some(_), true) if self.shows_suggestion(m) => {
                    suggestions.push(self.match_card(a, m));
                }
                (false, Some(_), true) => held_back += 1,
                (false, None, true) => unmatched.push(self.match_card(a, m)),
                (false, Some(_), false) => hidden_matched += 1,
                (false, None, false) => hidden_unmatched += 1,
            }
        }
        let counted = |a: usize| self.derived.counted[a];
        let seeking = (0..found.apprentices.len())
            .filter(|&a| counted(a) && !found.apprentices[a].kept)
            .count();
        let suggested = (0..found.apprentices.len())
            .filter(|&a| {
                counted(a) && !found.apprentices[a].kept && found.apprentices[a].mentor.is_some()
            })
            .count();
        let seats_left: usize = found
            .mentors
            .iter()
            .map(|m| {
                let taken = m.assigned.iter().filter(|&&a| counted(a)).count();
                m.capacity.saturating_sub(taken)
            })
            .sum();
        let figures = vec![
            Figure {
                value: seeking.to_string(),
                label: lang
                    .plural(
                        seeking,
                        (
                            "apprenti cherche un mentor",
                            "apprentis cherchent un mentor",
                        ),
                        ("apprentice seeks a mentor", "apprentices seek a mentor"),
                    )
                    .to_string(),
            },
            Figure {
                value: suggested.to_string(),
                label: lang
                    .plural(
                        suggested,
                        ("proposition", "propositions"),
                        ("suggestion", "suggestions"),
                    )
                    .to_string(),
            },
            Figure {
                value: (seeking - suggested).to_string(),
                label: tr!(lang, "sans mentor possible", "with no possible mentor"),
            },
            Figure {
                value: seats_left.to_string(),
                label: lang
                    .plural(
                        seats_left,
                        (
                            "place libre après les propositions",
                            "places libres après les propositions",
                        ),
                        (
                            "seat left after the suggestions",
                            "seats left after the suggestions",
                        ),
                    )
                    .to_string(),
            },
        ];

        let offers = self.offers();
        let filters = self.filters(&suggestions, &unmatched, &offers);
        let mut common = self.common(
            dir,
            &tr!(
                lang,
                "Binômes mentor – apprenti",
                "Mentor–apprentice matching"
            ),
            "matching",
            dir,
        );
        common.page.breadcrumbs = vec![self.home_link()];
        common.page.description = Some(tr!(
            lang,
            "Qui pourrait accompagner qui, et pourquoi : les binômes proposés selon les compétences recherchées, la langue, le lieu, les disponibilités et le format.",
            "Who could mentor whom, and why: pairs suggested from the competencies sought, language, place, availability and format."
        ));
        let held_back = held_back_note(lang, held_back, !suggestions.is_empty());
        let context = MatchingPage {
            common,
            figures,
            weights: self.weights(),
            suggestions,
            held_back,
            full,
            unmatched,
            hidden_note: hidden_note(lang, hidden_matched, hidden_unmatched),
            pairs,
            pairs_hidden,
            offers,
            supply_demand: self.supply_demand(),
            filters,
        };
        self.page(dir, "matching.html", &context)
    }

    pub(super) fn mentor_link(&self, mentor: &Mentor) -> Link {
        self.link(&mentor.name, &format!("mentors/{}/", mentor.slug))
    }

    /// Whether this page names the apprentice of suggestion `m`: on the
    /// public site, a good fit or better only. A lesser one is a working
    /// hypothesis for the team, not something to publish beside a name.
    fn shows_suggestion(&self, m: &ApprenticeMatch) -> bool {
        self.edition == Edition::Coordinator || m.score.is_some_and(|s| s >= GOOD_FIT)
    }

    /// A score as this edition shows it: in figures and words for the
    /// team, in words only on the public site.
    fn score(&self, score: f64) -> ScoreView {
        let view = score_view(self.lang, score);
        match self.edition {
            Edition::Coordinator => view,
            Edition::Public => ScoreView {
                percent: None,
                text: None,
                ..view
            },
        }
    }

    /// "À revoir" beside a pair below a good fit, for the team.
    fn review(&self, score: Option<f64>) -> Option<String> {
        (self.edition == Edition::Coordinator && score.is_some_and(|s| s < GOOD_FIT))
            .then(|| tr!(self.lang, "À revoir", "To review"))
    }

    /// An existing pairing. The public site lists it without a score or
    /// a reason: the pairing already shows on the portfolio and on the
    /// mentor's page, so naming it here tells nothing new, whereas a
    /// score would rate publicly a pair the programme has made, and the
    /// reasons would say what it lacks. The coordinator's edition gives
    /// both, and flags a pair below a good fit.
    fn pair_row(&self, a: usize, mentor: usize, m: &ApprenticeMatch) -> PairRow {
        let apprentice = &self.site.apprentices[a];
        let full = self.edition == Edition::Coordinator;
        let words = Words::new(self.lang, self.site, self.matching);
        PairRow {
            apprentice: self.link(&apprentice.name, &Self::apprentice_dir(apprentice)),
            mentor: self.mentor_link(&self.site.mentors[mentor]),
            score: full.then(|| self.score(m.score.unwrap_or(0.0))),
            reasons: if full {
                self.sentences(&words.mentor_reasons(a))
            } else {
                Vec::new()
            },
            review: self.review(m.score),
        }
    }

    fn match_card(&self, a: usize, m: &ApprenticeMatch) -> MatchCard {
        let lang = self.lang;
        let words = Words::new(lang, self.site, self.matching);
        let apprentice = &self.site.apprentices[a];
        // Ranked by score: for the team only.
        let shown = match self.edition {
            Edition::Coordinator => &m.alternatives[..],
            Edition::Public => &[],
        };
        let alternatives = shown
            .iter()
            .map(|alt| AlternativeView {
                mentor: self.mentor_link(&self.site.mentors[alt.mentor]),
                score: self.score(alt.score),
                reasons: self.sentences(&words.reasons(a, alt.mentor, &alt.reasons)),
                room: if alt.has_room {
                    tr!(lang, "a encore de la place", "has a seat left")
                } else {
                    tr!(
                        lang,
                        "complet après les propositions",
                        "full after the suggestions"
                    )
                },
                has_room: alt.has_room,
            })
            .collect();
        MatchCard {
            slug: apprentice.slug.clone(),
            name: text::typography(self.lang, &apprentice.name),
            url: self.urls.page(&Self::apprentice_dir(apprentice)),
            seeking: m
                .sought
                .iter()
                .map(|&c| text::typography(lang, &self.site.competencies[c].name))
                .collect(),
            place: place(lang, apprentice.location.as_deref(), apprentice.remote),
            location: apprentice.location.clone(),
            formats: apprentice
                .formats
                .iter()
                .map(|f| text::format(lang, *f))
                .collect(),
            mentor: m.mentor.map(|i| self.mentor_link(&self.site.mentors[i])),
            score: m.score.map(|s| self.score(s)),
            reasons: self.sentences(&words.mentor_reasons(a)),
            unmatched_reason: words.unmatched_reason(a).map(|r| self.sentence(&r)),
            alternatives,
            review: m.mentor.and(self.review(m.score)),
            filter: filter_keys(
                m.sought
                    .iter()
                    .map(|&c| self.site.competencies[c].id.as_str()),
                &apprentice.formats,
                apprentice.location.as_deref(),
                apprentice.remote,
            ),
        }
    }

    /// A reason as a sentence: capital first letter, French typography.
    fn sentence(&self, reason: &str) -> String {
        text::typography(self.lang, &text::capitalized(reason))
    }

    fn sentences(&self, reasons: &[String]) -> Vec<String> {
        reasons.iter().map(|r| self.sentence(r)).collect()
    }

    /// The components that count, with their shares of the score.
    fn weights(&self) -> Vec<Figure> {
        let lang = self.lang;
        let shares = &self.matching.shares;
        [
            (shares.skills, tr!(lang, "compétences", "skills")),
            (
                shares.language,
                tr!(lang, "langue commune", "common language"),
            ),
            (shares.location, tr!(lang, "lieu", "place")),
            (
                shares.availability,
                tr!(lang, "créneaux communs", "common slots"),
            ),
            (shares.format, tr!(lang, "format", "format")),
        ]
        .into_iter()
        .filter(|(share, _)| *share > 0.0)
        .map(|(share, label)| Figure {
            value: text::percent(lang, share),
            label,
        })
        .collect()
    }

    /// Mentors with a free seat after existing pairings, by name, with the
    /// apprentices suggested to them.
    fn offers(&self) -> Vec<MentorOffer> {
        let lang = self.lang;
        let found = self.matching;
        let mut mentors: Vec<usize> = (0..self.site.mentors.len()).collect();
        mentors.sort_by_cached_key(|&m| sort_key(&self.site.mentors[m].name));
        mentors
            .into_iter()
            .filter_map(|i| {
                let mentor = &self.site.mentors[i];
                let card = self.mentor_card(i);
                if card.free == 0 {
                    return None;
                }
                let load = &found.mentors[i];
                let mut proposed = Vec::new();
                let mut others = 0;
                for &a in &load.assigned {
                    if found.apprentices[a].kept {
                        continue;
                    }
                    // Named where their card is, counted otherwise.
                    if self.is_public(a) && self.shows_suggestion(&found.apprentices[a]) {
                        let apprentice = &self.site.apprentices[a];
                        proposed.push(Link {
                            label: text::typography(self.lang, &apprentice.name),
                            url: format!("{}#{}", self.urls.page("matching/"), apprentice.slug),
                        });
                    } else if self.derived.counted[a] {
                        others += 1;
                    }
                }
                let proposed_others = (others > 0).then(|| {
                    lang.count(
                        others,
                        (
                            "apprenti dont le portfolio n’est pas public",
                            "apprentis dont le portfolio n’est pas public",
                        ),
                        (
                            "apprentice whose portfolio is not public",
                            "apprentices whose portfolio is not public",
                        ),
                    )
                });
                let taken = load
                    .assigned
                    .iter()
                    .filter(|&&a| self.derived.counted[a])
                    .count();
                let left = load.capacity.saturating_sub(taken);
                let left = (left > 0).then(|| {
                    lang.count(
                        left,
                        (
                            "place reste libre après les propositions",
                            "places restent libres après les propositions",
                        ),
                        (
                            "seat stays free after the suggestions",
                            "seats stay free after the suggestions",
                        ),
                    )
                });
                let filter = filter_keys(
                    mentor.skills.iter().map(|(id, _)| id.value.as_str()),
                    &mentor.formats,
                    mentor.location.as_deref(),
                    mentor.remote,
                );
                Some(MentorOffer {
                    mentor: card,
                    proposed,
                    proposed_others,
                    left,
                    filter,
                })
            })
            .collect()
    }

    fn supply_demand(&self) -> Vec<SupplyDemandRow> {
        let lang = self.lang;
        self.matching
            .supply_demand
            .iter()
            .filter(|row| row.demand > 0 || row.supply > 0)
            .map(|row| {
                let competency = &self.site.competencies[row.competency];
                let (balance, key) = match row.demand.cmp(&row.supply) {
                    std::cmp::Ordering::Greater => {
                        let n = row.demand - row.supply;
                        (
                            {
                                let seats = lang.count(n, ("place", "places"), ("seat", "seats"));
                                tr!(lang, "Il manque {seats}", "{seats} missing")
                            },
                            "short",
                        )
                    }
                    std::cmp::Ordering::Equal => (tr!(lang, "À l’équilibre", "Even"), "even"),
                    std::cmp::Ordering::Less => {
                        let n = row.supply - row.demand;
                        (
                            lang.count(
                                n,
                                ("place en réserve", "places en réserve"),
                                ("seat to spare", "seats to spare"),
                            ),
                            "spare",
                        )
                    }
                };
                SupplyDemandRow {
                    competency: self.link(
                        &competency.name,
                        &format!("competencies/{}/", competency.id),
                    ),
                    demand: row.demand,
                    supply: row.supply,
                    balance,
                    key: key.into(),
                }
            })
            .collect()
    }

    /// The filter's options: what the apprentices' and mentors' cards hold.
    fn filters(
        &self,
        suggestions: &[MatchCard],
        unmatched: &[MatchCard],
        offers: &[MentorOffer],
    ) -> MatchFilters {
        let lang = self.lang;
        let cards = || suggestions.iter().chain(unmatched);
        // Every key any card holds, gathered once: the options are looked
        // up in them, not searched for card by card.
        let filters = cards()
            .map(|card| &card.filter)
            .chain(offers.iter().map(|o| &o.filter));
        let mut competency_keys = BTreeSet::new();
        let mut format_keys = BTreeSet::new();
        for filter in filters {
            competency_keys.extend(filter.competencies.split(' '));
            format_keys.extend(filter.formats.split(' '));
        }
        let competencies = self
            .site
            .competencies
            .iter()
            .filter(|c| competency_keys.contains(c.id.as_str()))
            .map(|c| FilterOption {
                value: c.id.clone(),
                label: text::typography(lang, &c.name),
            })
            .collect();
        let formats = Format::ALL
            .iter()
            .filter(|f| format_keys.contains(f.name()))
            .map(|f| FilterOption {
                value: f.name().to_string(),
                label: text::format(lang, *f),
            })
            .collect();
        let mut places: BTreeMap<String, String> = BTreeMap::new();
        let written = cards()
            .filter_map(|card| card.location.as_deref())
            .chain(offers.iter().filter_map(|o| o.mentor.location.as_deref()));
        for place in written {
            let key = crate::slug::slugify(place);
            if !key.is_empty() {
                places
                    .entry(key)
                    .or_insert_with(|| text::typography(lang, place));
            }
        }
        let mut locations: Vec<FilterOption> = places
            .into_iter()
            .map(|(value, label)| FilterOption { value, label })
            .collect();
        locations.sort_by_cached_key(|o| sort_key(&o.label));
        MatchFilters {
            competencies,
            formats,
            locations,
        }
    }
}

fn filter_keys<'a>(
    competencies: impl Iterator<Item = &'a str>,
    formats: &[Format],
    location: Option<&str>,
    remote: bool,
) -> FilterKeys {
    FilterKeys {
        competencies: competencies.collect::<Vec<_>>().join(" "),
        formats: formats
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(" "),
        location: location.map(crate::slug::slugify).unwrap_or_default(),
        remote,
    }
}

/// "Lille · à distance possible", "À distance", "Lieu non précisé".
fn place(lang: Lang, location: Option<&str>, remote: bool) -> String {
    let location = location.map(|l| text::typography(lang, l));
    match (location, remote) {
        (Some(l), true) => tr!(lang, "{l} · à distance possible", "{l} · remote possible"),
        (Some(l), false) => tr!(lang, "{l}, sur place", "{l}, in person"),
        (None, true) => tr!(lang, "À distance", "Remote"),
        (None, false) => tr!(lang, "Lieu non précisé", "Place not given"),
    }
}

/// The score of a "bonne adéquation": below it, the public page names no
/// one (see [`Renderer::shows_suggestion`]) and the team's edition says
/// "à revoir".
const GOOD_FIT: f64 = 0.7;

/// A score as a bar and in words. The thresholds follow the scale of the
/// documented formula: 0.85 needs the skills and nearly everything else.
fn score_view(lang: Lang, score: f64) -> ScoreView {
    let score = score.clamp(0.0, 1.0);
    let (label, key) = if score >= 0.85 {
        (tr!(lang, "très bonne adéquation", "very good fit"), "high")
    } else if score >= GOOD_FIT {
        (tr!(lang, "bonne adéquation", "good fit"), "good")
    } else if score >= 0.5 {
        (tr!(lang, "adéquation moyenne", "fair fit"), "fair")
    } else {
        (tr!(lang, "adéquation faible", "weak fit"), "low")
    };
    ScoreView {
        percent: Some((score * 100.0).round() as u8),
        text: Some(text::percent(lang, score)),
        label,
        key: key.into(),
    }
}

/// Public suggestions of a lesser fit, counted: the team has them.
/// `others`: some suggestions are shown above.
fn held_back_note(lang: Lang, held_back: usize, others: bool) -> Option<String> {
    (held_back > 0).then(|| {
        let n = if others {
            lang.count(
                held_back,
                ("autre proposition", "autres propositions"),
                ("more suggestion", "more suggestions"),
            )
        } else {
            lang.count(
                held_back,
                ("proposition", "propositions"),
                ("suggestion", "suggestions"),
            )
        };
        let fit = lang.plural(
            held_back,
            (
                "d’adéquation moindre, est étudiée par l’équipe du programme et n’est pas publiée",
                "d’adéquation moindre, sont étudiées par l’équipe du programme et ne sont pas publiées",
            ),
            (
                "of a lesser fit, is being looked at by the programme team and is not published",
                "of a lesser fit, are being looked at by the programme team and are not published",
            ),
        );
        format!("{n}, {fit}.")
    })
}

/// Apprentices without a mentor whose portfolio is not public, counted.
fn hidden_note(lang: Lang, matched: usize, unmatched: usize) -> Option<String> {
    let total = matched + unmatched;
    if total == 0 {
        return None;
    }
    let who = lang.count(
        total,
        (
            "autre apprenti, dont le portfolio n’est pas public, cherche",
            "autres apprentis, dont le portfolio n’est pas public, cherchent",
        ),
        (
            "more apprentice, whose portfolio is not public, seeks",
            "more apprentices, whose portfolio is not public, seek",
        ),
    );
    let counted = lang.plural(
        total,
        (
            "compté dans les propositions et les places ci-dessous, sans être nommé",
            "comptés dans les propositions et les places ci-dessous, sans être nommés",
        ),
        (
            "counted in the suggestions and seats below, never named",
            "counted in the suggestions and seats below, never named",
        ),
    );
    Some(match unmatched {
        0 => tr!(
            lang,
            "{who} aussi un mentor : {counted}.",
            "{who} a mentor too: {counted}."
        ),
        n => tr!(
            lang,
            "{who} aussi un mentor ({n} sans proposition) : {counted}.",
            "{who} a mentor too ({n} with no suggestion): {counted}."
        ),
    })
}
