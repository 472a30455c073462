//! Why a mentor suits an apprentice: the five components of a pair's score,
//! their shares, the hard limits that rule a pair out, and the reasons as
//! data ([`super::words`] says them in the reader's language).
//!
//! Profiles are folded once into small numbers (interned languages and
//! places, bit sets of slots and formats) because the assignment scores
//! every pair: reasons are only gathered for the pairs someone will read.

use std::collections::HashMap;

use crate::derive::{Derived, Links, Progress};
use crate::model::{Apprentice, Format, Mentor, Site, Slot, Weights};

/// A competency an apprentice wants a mentor for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sought {
    /// Index into `site.competencies`.
    pub competency: usize,
    /// The apprentice's level now (0 = none yet).
    pub level: u8,
    pub target: u8,
}

/// A pair's components, each in 0..=1 (see the formula in [`super`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Components {
    pub skills: f64,
    pub language: f64,
    pub location: f64,
    pub availability: f64,
    pub format: f64,
}

/// The share of each component in a pair's score: `[matching] weights`,
/// read here and nowhere else, so the scorer and the page that explains
/// the score never disagree. A weight below 0 or not finite counts as 0;
/// the shares sum to 1, or are all 0 when no weight is positive.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Shares {
    pub skills: f64,
    pub language: f64,
    pub location: f64,
    pub availability: f64,
    pub format: f64,
}

impl Shares {
    pub fn of(w: &Weights) -> Shares {
        let [skills, language, location, availability, format] =
            [w.skills, w.language, w.location, w.availability, w.format]
                .map(|x| if x.is_finite() { x.max(0.0) } else { 0.0 });
        let total = skills + language + location + availability + format;
        if total <= 0.0 {
            return Shares::default();
        }
        Shares {
            skills: skills / total,
            language: language / total,
            location: location / total,
            availability: availability / total,
            format: format / total,
        }
    }

    /// The weighted sum of a pair's components, in 0..=1.
    pub fn score(&self, c: &Components) -> f64 {
        let sum = self.skills * c.skills
            + self.language * c.language
            + self.location * c.location
            + self.availability * c.availability
            + self.format * c.format;
        sum.clamp(0.0, 1.0)
    }
}

/// Why a mentor cannot be suggested to an apprentice, in the order checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Limit {
    /// `capacity = 0`.
    NotTaking,
    /// The mentor has none of the sought competencies.
    NoSkill,
    /// The mentor has some, but none above the apprentice's level.
    LevelTooLow,
    NoLanguage,
    /// An in-person apprentice, and a mentor elsewhere who is not remote.
    Distance,
    /// Every seat taken by existing pairings.
    Full,
}

/// One thing a coordinator checks about a pair, in the order of the score's
/// components. People are those of the pair the reason is given for; a list
/// left empty says that nothing is shared.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// The sought competencies the mentor is above the apprentice in, in
    /// framework order: one sentence for them all.
    Covers(Vec<Covered>),
    /// The apprentice seeks no competency.
    SeeksNothing,
    /// A sought competency the mentor has, but not above the apprentice.
    NotAbove {
        /// Index into `site.competencies`.
        competency: usize,
        mentor_level: u8,
        apprentice_level: u8,
    },
    /// A sought competency the mentor does not have.
    Lacks {
        /// Index into `site.competencies`.
        competency: usize,
    },
    /// The language codes both speak, in lower case, in the order the
    /// site's profiles first name them.
    Languages {
        common: Vec<String>,
    },
    /// Both in the apprentice's place (case and accents ignored).
    SamePlace,
    BothRemote,
    /// Only the mentor can meet remotely.
    MentorRemote,
    /// Only the apprentice can meet remotely.
    ApprenticeRemote,
    /// Neither remote, and one of them gave no place.
    PlaceNotGiven,
    /// Neither remote, in two places.
    Apart,
    /// The apprentice gave no half-day slot.
    NoSlotGiven,
    /// The half-day slots both have, Monday morning first.
    Slots {
        common: Vec<Slot>,
    },
    /// The formats both want, in [`Format::ALL`] order.
    Formats {
        common: Vec<Format>,
    },
}

/// A sought competency the mentor can help with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Covered {
    /// Index into `site.competencies`.
    pub competency: usize,
    pub mentor_level: u8,
    pub target: u8,
}

/// A pair as the coordinator reads it.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Eligible { score: f64, reasons: Vec<Reason> },
    Impossible(Limit),
}

/// One person's practical side, folded for fast comparison.
#[derive(Clone, Debug)]
struct Profile {
    /// Interned language codes, sorted.
    languages: Vec<u32>,
    /// Interned place, folded (case and accents).
    location: Option<u32>,
    remote: bool,
    /// Bit `day * 2 + afternoon`.
    slots: u16,
    /// Bit = position in [`Format::ALL`].
    formats: u8,
}

/// Scores the pairs of one site; built once, asked for many pairs.
pub struct Scorer<'a> {
    site: &'a Site,
    shares: Shares,
    languages: Vec<String>,
    apprentices: Vec<Profile>,
    mentors: Vec<Profile>,
    sought: Vec<Vec<Sought>>,
    /// `skills[mentor][competency]`: the mentor's level, 0 when absent.
    skills: Vec<Vec<u8>>,
    /// Index into `site.mentors` of each apprentice's existing pairing.
    pub(super) kept: &'a [Option<usize>],
    /// Seats left after existing pairings.
    pub(super) free: Vec<usize>,
}

struct Interner(HashMap<String, u32>, Vec<String>);

impl Interner {
    fn id(&mut self, key: String) -> u32 {
        if let Some(&id) = self.0.get(&key) {
            return id;
        }
        let id = self.1.len() as u32;
        self.1.push(key.clone());
        self.0.insert(key, id);
        id
    }
}

impl<'a> Scorer<'a> {
    pub fn new(site: &'a Site, derived: &'a Derived) -> Scorer<'a> {
        let mut languages = Interner(HashMap::new(), Vec::new());
        let mut places = Interner(HashMap::new(), Vec::new());
        let mut profile = |langs: &[String],
                           location: &Option<String>,
                           remote: bool,
                           slots: &[Slot],
                           formats: &[Format]| {
            let mut ids: Vec<u32> = langs
                .iter()
                .map(|l| languages.id(l.trim().to_lowercase()))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            Profile {
                languages: ids,
                location: location
                    .as_deref()
                    .map(crate::slug::slugify)
                    .filter(|p| !p.is_empty())
                    .map(|p| places.id(p)),
                remote,
                slots: slots
                    .iter()
                    .fold(0, |bits, s| bits | 1 << (s.day * 2 + u8::from(s.afternoon))),
                formats: formats.iter().fold(0, |bits, f| bits | 1 << *f as u32),
            }
        };
        let apprentices: Vec<Profile> = site
            .apprentices
            .iter()
            .map(|a| {
                profile(
                    &a.languages,
                    &a.location,
                    a.remote,
                    &a.availability,
                    &a.formats,
                )
            })
            .collect();
        let mentors: Vec<Profile> = site
            .mentors
            .iter()
            .map(|m| {
                profile(
                    &m.languages,
                    &m.location,
                    m.remote,
                    &m.availability,
                    &m.formats,
                )
            })
            .collect();
        let links = &derived.links;
        let skills = links
            .skills
            .iter()
            .map(|held| {
                let mut levels = vec![0u8; site.competencies.len()];
                for &(c, level) in held {
                    levels[c] = level;
                }
                levels
            })
            .collect();
        let sought = site
            .apprentices
            .iter()
            .zip(&derived.apprentices)
            .map(|(a, p)| sought(a, p, links))
            .collect();
        // Existing pairings take their seats first: the mentor's load.
        let free: Vec<usize> = site
            .mentors
            .iter()
            .zip(&links.mentees)
            .map(|(m, mentees)| capacity(m).saturating_sub(mentees.len()))
            .collect();
        Scorer {
            site,
            shares: Shares::of(&site.config.matching.weights),
            languages: languages.1,
            apprentices,
            mentors,
            sought,
            skills,
            kept: &links.mentor_of,
            free,
        }
    }

    /// The shares the score is made of.
    pub fn shares(&self) -> Shares {
        self.shares
    }

    /// What apprentice `a` wants a mentor for.
    pub fn sought(&self, a: usize) -> &[Sought] {
        &self.sought[a]
    }

    /// The first hard limit between apprentice `a` and mentor `m`, if any.
    pub fn limit(&self, a: usize, m: usize) -> Option<Limit> {
        let (ap, mp) = (&self.apprentices[a], &self.mentors[m]);
        if capacity(&self.site.mentors[m]) == 0 {
            return Some(Limit::NotTaking);
        }
        let skills = &self.skills[m];
        if !self.sought[a]
            .iter()
            .any(|s| skills[s.competency] > s.level)
        {
            return Some(if self.sought[a].iter().any(|s| skills[s.competency] > 0) {
                Limit::LevelTooLow
            } else {
                Limit::NoSkill
            });
        }
        if !intersects(&ap.languages, &mp.languages) {
            return Some(Limit::NoLanguage);
        }
        let elsewhere =
            ap.location.is_some() && mp.location.is_some() && ap.location != mp.location;
        if !ap.remote && !mp.remote && elsewhere {
            return Some(Limit::Distance);
        }
        if self.free[m] == 0 {
            return Some(Limit::Full);
        }
        None
    }

    /// The components of the pair, whether or not a limit rules it out.
    pub fn components(&self, a: usize, m: usize) -> Components {
        let (ap, mp) = (&self.apprentices[a], &self.mentors[m]);
        let sought = &self.sought[a];
        let skills = if sought.is_empty() {
            0.0
        } else {
            let covered: f64 = sought
                .iter()
                .map(|s| coverage(self.skills[m][s.competency], s))
                .sum();
            covered / sought.len() as f64
        };
        let same_place = ap.location.is_some() && ap.location == mp.location;
        let location = if same_place || (ap.remote && mp.remote) {
            1.0
        } else if ap.remote || mp.remote {
            0.5
        } else {
            0.0
        };
        let common_slots = (ap.slots & mp.slots).count_ones();
        let availability = if ap.slots == 0 {
            0.0
        } else {
            f64::from(common_slots) / f64::from(ap.slots.count_ones())
        };
        Components {
            skills,
            language: f64::from(u8::from(intersects(&ap.languages, &mp.languages))),
            location,
            availability,
            format: f64::from(u8::from(ap.formats & mp.formats != 0)),
        }
    }

    /// The weighted sum of the components, in 0..=1.
    pub fn score(&self, c: &Components) -> f64 {
        self.shares.score(c)
    }

    /// The score and the reasons of a pair, or why it is impossible.
    pub fn outcome(&self, a: usize, m: usize) -> Outcome {
        match self.limit(a, m) {
            Some(limit) => Outcome::Impossible(limit),
            None => Outcome::Eligible {
                score: self.score(&self.components(a, m)),
                reasons: self.reasons(a, m),
            },
        }
    }

    /// One reason per component that counts (its share is not zero), and
    /// one for each sought competency the mentor cannot help with.
    pub fn reasons(&self, a: usize, m: usize) -> Vec<Reason> {
        let (ap, mp) = (&self.apprentices[a], &self.mentors[m]);
        let mut out = Vec::new();
        if self.shares.skills > 0.0 {
            self.skill_reasons(a, m, &mut out);
        }
        if self.shares.language > 0.0 {
            let common = ap
                .languages
                .iter()
                .filter(|l| mp.languages.contains(l))
                .map(|&l| self.languages[l as usize].clone())
                .collect();
            out.push(Reason::Languages { common });
        }
        if self.shares.location > 0.0 {
            out.push(if ap.location.is_some() && ap.location == mp.location {
                Reason::SamePlace
            } else if ap.remote && mp.remote {
                Reason::BothRemote
            } else if mp.remote {
                Reason::MentorRemote
            } else if ap.remote {
                Reason::ApprenticeRemote
            } else if ap.location.is_none() || mp.location.is_none() {
                Reason::PlaceNotGiven
            } else {
                Reason::Apart
            });
        }
        if self.shares.availability > 0.0 {
            let common = ap.slots & mp.slots;
            out.push(if ap.slots == 0 {
                Reason::NoSlotGiven
            } else {
                Reason::Slots {
                    common: (0..14u8)
                        .filter(|bit| common & (1 << bit) != 0)
                        .map(|bit| Slot {
                            day: bit / 2,
                            afternoon: bit % 2 == 1,
                        })
                        .collect(),
                }
            });
        }
        if self.shares.format > 0.0 {
            let common = Format::ALL
                .iter()
                .enumerate()
                .filter(|(bit, _)| ap.formats & mp.formats & (1 << bit) != 0)
                .map(|(_, &f)| f)
                .collect();
            out.push(Reason::Formats { common });
        }
        out
    }

    /// What the mentor covers, in one reason, then one reason for each
    /// sought competency they cannot help with.
    fn skill_reasons(&self, a: usize, m: usize, out: &mut Vec<Reason>) {
        let mut covered = Vec::new();
        let mut missing = Vec::new();
        for s in &self.sought[a] {
            let has = self.skills[m][s.competency];
            if has > s.level {
                covered.push(Covered {
                    competency: s.competency,
                    mentor_level: has,
                    target: s.target,
                });
            } else if has > 0 {
                missing.push(Reason::NotAbove {
                    competency: s.competency,
                    mentor_level: has,
                    apprentice_level: s.level,
                });
            } else {
                missing.push(Reason::Lacks {
                    competency: s.competency,
                });
            }
        }
        if !covered.is_empty() {
            out.push(Reason::Covers(covered));
        }
        if self.sought[a].is_empty() {
            out.push(Reason::SeeksNothing);
        }
        out.extend(missing);
    }
}

/// How well a mentor at `has` covers a sought competency: nothing unless
/// above the apprentice's level, then the share of the target reached.
fn coverage(has: u8, sought: &Sought) -> f64 {
    if has <= sought.level {
        0.0
    } else {
        (f64::from(has) / f64::from(sought.target.max(1))).min(1.0)
    }
}

/// `seeking` when given, else each target not yet reached, in framework order.
fn sought(apprentice: &Apprentice, progress: &Progress, links: &Links) -> Vec<Sought> {
    let to_sought = |l: &crate::derive::LevelStatus| Sought {
        competency: l.competency,
        level: l.level,
        target: l.target,
    };
    if apprentice.seeking.is_empty() {
        return progress
            .levels
            .iter()
            .filter(|l| !l.reached())
            .map(to_sought)
            .collect();
    }
    let mut out: Vec<Sought> = apprentice
        .seeking
        .iter()
        .filter_map(|id| links.competency(&id.value))
        .filter_map(|c| progress.level(c))
        .map(to_sought)
        .collect();
    out.sort_by_key(|s| s.competency);
    out.dedup();
    out
}

/// Seats a mentor offers; a negative capacity offers none.
pub(super) fn capacity(mentor: &Mentor) -> usize {
    usize::try_from(mentor.capacity.value).unwrap_or(0)
}

/// Whether two sorted lists share an element.
fn intersects(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}
