//! Matching: a mentor for every apprentice who needs one, with the reasons
//! a coordinator can check, alternatives, and where supply falls short.
//!
//! Pure computation on the checked model and its [`Derived`] progress: no
//! I/O, no pages. Private apprentices are included (the coordinator's
//! export shows them); render decides what a page may show. Reasons leave
//! as data ([`Reason`], [`Unmatched`]); [`words`] says them in the reader's
//! language, for the page and the export alike.
//!
//! # The score of a pair
//!
//! Five components, each in 0..=1, weighted by `[matching] weights` in
//! site.toml (normalised to sum to 1 by [`Shares`], so the score is in 0..=1
//! too):
//!
//! ```text
//! score = ws·skills + wl·language + wp·location + wa·availability + wf·format
//! ```
//!
//! - **skills**: for each sought competency (`seeking`, or without it each
//!   target not yet reached), `min(1, mentor level / target)` when the mentor
//!   is above the apprentice's current level, else 0; averaged.
//! - **language**: 1 when they share a language, else 0.
//! - **location**: 1 in the same place (case and accents ignored) or when
//!   both can meet remotely; 0.5 when one side can; else 0.
//! - **availability**: the share of the apprentice's half-day slots the
//!   mentor also has; 0 when none (or the apprentice gave none).
//! - **format**: 1 when they share a format, else 0.
//!
//! Worked example, with the default weights (0.6, 0.15, 0.1, 0.1, 0.05).
//! Lucas, in Lille, free Monday morning, Tuesday and Wednesday afternoons,
//! is at level 1 of *soudure cuivre* (target 4) and 0 of *lecture de plans*
//! (target 3). Claire, in Lille too, has soudure cuivre 5 and lecture de
//! plans 2, is free Monday morning and Wednesday afternoon; both speak
//! French and want one-to-one sessions. skills = (min(1, 5/4) + min(1, 2/3))
//! / 2 = 0.833; language = 1; location = 1; availability = 2/3; format = 1:
//!
//! ```text
//! 0.6·0.833 + 0.15·1 + 0.1·1 + 0.1·0.667 + 0.05·1 = 0.867
//! ```
//!
//! # Hard limits
//!
//! A pair is never suggested when the mentor's capacity is 0 or already
//! taken by existing pairings, when the mentor has no sought competency
//! above the apprentice's level, when they share no language, or when the
//! apprentice meets in person only and the mentor is elsewhere and not
//! remote. Existing pairings (`mentor` in a profile) are kept whatever their
//! score, and use their mentor's capacity.
//!
//! # The assignment
//!
//! Among the others, [`assign`] places as many apprentices as possible, then
//! maximises the total score (scores rounded to a millionth), and never
//! exceeds a mentor's free seats. Apprentices and mentors are taken in slug
//! order, so the same site always gives the same result.

mod assign;
pub mod export;
mod score;
#[cfg(test)]
mod tests;
pub mod words;

use rayon::prelude::*;

use crate::derive::Derived;
use crate::model::Site;
pub use score::{Components, Covered, Limit, Outcome, Reason, Scorer, Shares, Sought};

/// The matching of a whole site.
#[derive(Clone, Debug, PartialEq)]
pub struct Matching {
    /// Index-aligned with `site.apprentices`.
    pub apprentices: Vec<ApprenticeMatch>,
    /// Index-aligned with `site.mentors`.
    pub mentors: Vec<MentorLoad>,
    /// One per competency, index-aligned with `site.competencies`.
    pub supply_demand: Vec<SupplyDemand>,
    /// The share of each component in the scores.
    pub shares: Shares,
}

/// One apprentice's mentor, kept or suggested, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct ApprenticeMatch {
    /// Index into `site.mentors`; None when unmatched.
    pub mentor: Option<usize>,
    /// True when the pairing came from the profile's `mentor`.
    pub kept: bool,
    /// The pair's score in 0..=1; None when unmatched.
    pub score: Option<f64>,
    /// One per component that counted, then what is missing.
    pub reasons: Vec<Reason>,
    /// Other eligible mentors, best first (`[matching] suggestions` of them).
    pub alternatives: Vec<Suggestion>,
    /// Why, when `mentor` is None.
    pub unmatched_reason: Option<Unmatched>,
    /// The competencies sought (`seeking`, or the targets not yet reached),
    /// as indices into `site.competencies`.
    pub sought: Vec<usize>,
}

/// An alternative mentor for an apprentice.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// Index into `site.mentors`.
    pub mentor: usize,
    pub score: f64,
    pub reasons: Vec<Reason>,
    /// Whether the mentor still has a free seat after the assignment.
    pub has_room: bool,
}

/// A mentor's seats after the matching.
#[derive(Clone, Debug, PartialEq)]
pub struct MentorLoad {
    pub capacity: usize,
    /// Indices into `site.apprentices`, kept and suggested, in slug order.
    pub assigned: Vec<usize>,
}

/// How many apprentices still need a mentor for a competency, against the
/// seats offered for it.
#[derive(Clone, Debug, PartialEq)]
pub struct SupplyDemand {
    /// Index into `site.competencies`.
    pub competency: usize,
    /// Apprentices without an existing pairing who seek it.
    pub demand: usize,
    /// Free seats (after existing pairings) of mentors at or above the
    /// competency's target level.
    pub supply: usize,
}

/// Why no mentor was found for an apprentice: nothing sought, nobody has
/// it, or what stands between the apprentice and the mentors who have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unmatched {
    /// Neither `seeking` nor a target left to reach.
    NothingSought,
    /// `seeking` names no competency of the framework.
    SeeksOutsideFramework,
    /// No mentor has any sought competency.
    NobodyHas,
    /// Mentors have them, none above the apprentice's level.
    NobodyAbove,
    /// One mentor is above the apprentice's level in a sought competency.
    OnlyOne {
        /// Index into `site.mentors`.
        mentor: usize,
        /// What stops them; None when the assignment gave their seats to
        /// other apprentices.
        limit: Option<Limit>,
    },
    /// Several are, counted by what stops them; "no seat" covers capacity
    /// 0, seats taken by existing pairings and seats given to others by the
    /// assignment.
    Several {
        no_seat: usize,
        no_language: usize,
        too_far: usize,
    },
}

/// Matches every apprentice of `site`.
pub fn match_site(site: &Site, derived: &Derived) -> Matching {
    let scorer = Scorer::new(site, derived);
    let mut mentor_order: Vec<usize> = (0..site.mentors.len()).collect();
    mentor_order.sort_by(|&a, &b| site.mentors[a].slug.cmp(&site.mentors[b].slug));
    let mut apprentice_order: Vec<usize> = (0..site.apprentices.len()).collect();
    apprentice_order.sort_by(|&a, &b| site.apprentices[a].slug.cmp(&site.apprentices[b].slug));

    // Every apprentice's eligible mentors as (column in slug order, weight);
    // kept ones too, for their alternatives.
    let eligible: Vec<Vec<(u32, u32)>> = (0..site.apprentices.len())
        .into_par_iter()
        .map(|a| {
            mentor_order
                .iter()
                .enumerate()
                .filter(|&(_, &m)| scorer.limit(a, m).is_none())
                .map(|(column, &m)| {
                    let score = scorer.score(&scorer.components(a, m));
                    (
                        column as u32,
                        (score * f64::from(assign::SCALE)).round() as u32,
                    )
                })
                .collect()
        })
        .collect();

    let to_place: Vec<usize> = apprentice_order
        .iter()
        .copied()
        .filter(|&a| scorer.kept[a].is_none())
        .collect();
    let rows: Vec<&[(u32, u32)]> = to_place.iter().map(|&a| eligible[a].as_slice()).collect();
    let free: Vec<usize> = mentor_order.iter().map(|&m| scorer.free[m]).collect();
    let placed = assign::assign(&rows, &free);

    let mut mentor_of = scorer.kept.to_vec();
    for (&a, column) in to_place.iter().zip(placed) {
        mentor_of[a] = column.map(|c| mentor_order[c]);
    }
    let mut assigned: Vec<Vec<usize>> = vec![Vec::new(); site.mentors.len()];
    for &a in &apprentice_order {
        if let Some(m) = mentor_of[a] {
            assigned[m].push(a);
        }
    }
    let has_room: Vec<bool> = site
        .mentors
        .iter()
        .zip(&assigned)
        .map(|(m, list)| list.len() < score::capacity(m))
        .collect();

    let suggestions = site.config.matching.suggestions as usize;
    let apprentices = (0..site.apprentices.len())
        .into_par_iter()
        .map(|a| {
            let mentor = mentor_of[a];
            let mut others: Vec<(u32, u32)> = eligible[a]
                .iter()
                .copied()
                .filter(|&(c, _)| Some(mentor_order[c as usize]) != mentor)
                .collect();
            others.sort_by_key(|&(c, w)| (std::cmp::Reverse(w), c));
            let alternatives = others
                .iter()
                .take(suggestions)
                .map(|&(c, _)| {
                    let m = mentor_order[c as usize];
                    Suggestion {
                        mentor: m,
                        score: scorer.score(&scorer.components(a, m)),
                        reasons: scorer.reasons(a, m),
                        has_room: has_room[m],
                    }
                })
                .collect();
            ApprenticeMatch {
                mentor,
                kept: scorer.kept[a].is_some(),
                score: mentor.map(|m| scorer.score(&scorer.components(a, m))),
                reasons: mentor.map_or_else(Vec::new, |m| scorer.reasons(a, m)),
                alternatives,
                unmatched_reason: match mentor {
                    Some(_) => None,
                    None => Some(unmatched(site, derived, &scorer, a)),
                },
                sought: scorer.sought(a).iter().map(|s| s.competency).collect(),
            }
        })
        .collect();

    let mentors = site
        .mentors
        .iter()
        .zip(assigned)
        .map(|(m, assigned)| MentorLoad {
            capacity: score::capacity(m),
            assigned,
        })
        .collect();

    // Each apprentice seeks a competency once at most (`sought` is by competency).
    let mut demand = vec![0; site.competencies.len()];
    for a in (0..site.apprentices.len()).filter(|&a| scorer.kept[a].is_none()) {
        for s in scorer.sought(a) {
            demand[s.competency] += 1;
        }
    }
    let holders = &derived.links.holders;
    let supply_demand = site
        .competencies
        .iter()
        .enumerate()
        .zip(demand)
        .map(|((c, competency), demand)| SupplyDemand {
            competency: c,
            demand,
            supply: holders[c]
                .iter()
                .filter(|&&(_, level)| i64::from(level) >= competency.target.value)
                .map(|&(m, _)| scorer.free[m])
                .sum(),
        })
        .collect();

    Matching {
        apprentices,
        mentors,
        supply_demand,
        shares: scorer.shares(),
    }
}

/// Why apprentice `a` has no mentor.
fn unmatched(site: &Site, derived: &Derived, scorer: &Scorer, a: usize) -> Unmatched {
    let sought = scorer.sought(a);
    if sought.is_empty() {
        return if site.apprentices[a].seeking.is_empty() {
            Unmatched::NothingSought
        } else {
            Unmatched::SeeksOutsideFramework
        };
    }
    // The mentors above the apprentice's level in a sought competency, and
    // what stops each of them: only those who hold a sought competency.
    let holders = &derived.links.holders;
    let mut covering: Vec<usize> = sought
        .iter()
        .flat_map(|s| {
            holders[s.competency]
                .iter()
                .filter(|&&(_, level)| level > s.level)
                .map(|&(m, _)| m)
        })
        .collect();
    covering.sort_unstable();
    covering.dedup();
    if covering.is_empty() {
        let anyone = sought
            .iter()
            .any(|s| holders[s.competency].iter().any(|&(_, level)| level > 0));
        return if anyone {
            Unmatched::NobodyAbove
        } else {
            Unmatched::NobodyHas
        };
    }
    if let [mentor] = covering[..] {
        return Unmatched::OnlyOne {
            mentor,
            limit: scorer.limit(a, mentor),
        };
    }
    let (mut no_seat, mut no_language, mut too_far) = (0, 0, 0);
    for &m in &covering {
        match scorer.limit(a, m) {
            Some(Limit::NoLanguage) => no_language += 1,
            Some(Limit::Distance) => too_far += 1,
            _ => no_seat += 1,
        }
    }
    Unmatched::Several {
        no_seat,
        no_language,
        too_far,
    }
}
