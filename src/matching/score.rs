//! Why a mentor suits an apprentice: the five components of a pair's score,
//! the hard limits that rule a pair out, and both told in the reader's words.
//!
//! Profiles are folded once into small numbers (interned languages and
//! places, bit sets of slots and formats) because the assignment scores
//! every pair: the texts are only written for the pairs someone will read.

use std::collections::HashMap;

use crate::derive::{Derived, Progress};
use crate::i18n::Lang;
use crate::model::{Apprentice, Format, Mentor, Site, Slot};
use crate::render::text;
use crate::tr;

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

/// A pair as the coordinator reads it.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Eligible { score: f64, reasons: Vec<String> },
    Impossible(String),
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
    lang: Lang,
    /// skills, language, location, availability, format; summing to 1 (or all 0).
    weights: [f64; 5],
    languages: Vec<String>,
    apprentices: Vec<Profile>,
    mentors: Vec<Profile>,
    sought: Vec<Vec<Sought>>,
    /// `skills[mentor][competency]`: the mentor's level, 0 when absent.
    skills: Vec<Vec<u8>>,
    /// Index into `site.mentors` of each apprentice's existing pairing.
    pub(super) kept: Vec<Option<usize>>,
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
    pub fn new(site: &'a Site, derived: &Derived, lang: Lang) -> Scorer<'a> {
        let w = &site.config.matching.weights;
        let raw = [w.skills, w.language, w.location, w.availability, w.format]
            .map(|x| if x.is_finite() { x.max(0.0) } else { 0.0 });
        let total: f64 = raw.iter().sum();
        let weights = if total > 0.0 {
            raw.map(|x| x / total)
        } else {
            [0.0; 5]
        };
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
        let index: HashMap<&str, usize> = site
            .competencies
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let skills = site
            .mentors
            .iter()
            .map(|m| {
                let mut levels = vec![0u8; site.competencies.len()];
                for (id, level) in &m.skills {
                    if let Some(&c) = index.get(id.value.as_str()) {
                        levels[c] = u8::try_from(level.value.clamp(0, 255)).unwrap_or(u8::MAX);
                    }
                }
                levels
            })
            .collect();
        let sought = site
            .apprentices
            .iter()
            .zip(&derived.apprentices)
            .map(|(a, p)| sought(a, p, &index))
            .collect();
        let by_slug: HashMap<&str, usize> = site
            .mentors
            .iter()
            .enumerate()
            .map(|(i, m)| (m.slug.as_str(), i))
            .collect();
        let kept: Vec<Option<usize>> = site
            .apprentices
            .iter()
            .map(|a| {
                a.mentor
                    .as_ref()
                    .and_then(|m| by_slug.get(m.value.as_str()).copied())
            })
            .collect();
        let mut free: Vec<usize> = site.mentors.iter().map(capacity).collect();
        for &m in kept.iter().flatten() {
            free[m] = free[m].saturating_sub(1);
        }
        Scorer {
            site,
            lang,
            weights,
            languages: languages.1,
            apprentices,
            mentors,
            sought,
            skills,
            kept,
            free,
        }
    }

    /// What apprentice `a` wants a mentor for.
    pub fn sought(&self, a: usize) -> &[Sought] {
        &self.sought[a]
    }

    /// Mentor `m`'s level in competency `c` (0 when absent).
    pub(super) fn skill(&self, m: usize, c: usize) -> u8 {
        self.skills[m][c]
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
        let values = [c.skills, c.language, c.location, c.availability, c.format];
        let sum: f64 = self.weights.iter().zip(values).map(|(w, v)| w * v).sum();
        sum.clamp(0.0, 1.0)
    }

    /// The score and the reasons of a pair, or why it is impossible.
    pub fn outcome(&self, a: usize, m: usize) -> Outcome {
        match self.limit(a, m) {
            Some(limit) => Outcome::Impossible(self.limit_reason(a, m, limit)),
            None => {
                let c = self.components(a, m);
                Outcome::Eligible {
                    score: self.score(&c),
                    reasons: self.reasons(a, m),
                }
            }
        }
    }

    /// One reason per component that counted (its weight is not zero), and
    /// one for each thing missing.
    pub fn reasons(&self, a: usize, m: usize) -> Vec<String> {
        let lang = self.lang;
        let apprentice = &self.site.apprentices[a];
        let mentor = &self.site.mentors[m];
        let (ap, mp) = (&self.apprentices[a], &self.mentors[m]);
        let first = first_name(apprentice);
        let name = mentor.name.as_str();
        let mut out = Vec::new();
        if self.weights[0] > 0.0 {
            self.skill_reasons(a, m, &mut out);
        }
        if self.weights[1] > 0.0 {
            let common: Vec<String> = ap
                .languages
                .iter()
                .filter(|l| mp.languages.contains(l))
                .map(|&l| text::language(lang, &self.languages[l as usize]))
                .collect();
            let list = common.join(", ");
            out.push(match common.len() {
                0 => tr!(lang, "aucune langue commune", "no common language"),
                1 => tr!(lang, "langue commune : {list}", "common language: {list}"),
                _ => tr!(
                    lang,
                    "langues communes : {list}",
                    "common languages: {list}"
                ),
            });
        }
        if self.weights[2] > 0.0 {
            let here = apprentice.location.as_deref().unwrap_or_default();
            let there = mentor.location.as_deref().unwrap_or_default();
            out.push(if ap.location.is_some() && ap.location == mp.location {
                tr!(lang, "tous deux à {here}", "both in {here}")
            } else if ap.remote && mp.remote {
                tr!(lang, "tous deux à distance", "both can meet remotely")
            } else if mp.remote {
                tr!(
                    lang,
                    "{name} accompagne à distance",
                    "{name} mentors remotely"
                )
            } else if ap.remote {
                tr!(
                    lang,
                    "{first} peut suivre à distance",
                    "{first} can meet remotely"
                )
            } else if ap.location.is_none() || mp.location.is_none() {
                tr!(lang, "lieu non renseigné", "location not given")
            } else {
                tr!(
                    lang,
                    "{first} à {here}, {name} à {there}, sans distance possible",
                    "{first} in {here}, {name} in {there}, neither remote"
                )
            });
        }
        if self.weights[3] > 0.0 {
            let common = ap.slots & mp.slots;
            out.push(if ap.slots == 0 {
                tr!(
                    lang,
                    "{first} n'a indiqué aucun créneau",
                    "{first} gave no available slot"
                )
            } else if common == 0 {
                tr!(lang, "aucun créneau commun", "no common slot")
            } else {
                let slots: Vec<String> = (0..14u8)
                    .filter(|bit| common & (1 << bit) != 0)
                    .map(|bit| {
                        let slot = Slot {
                            day: bit / 2,
                            afternoon: bit % 2 == 1,
                        };
                        text::slot(lang, slot)
                    })
                    .collect();
                let count = lang.count(
                    slots.len(),
                    ("créneau commun", "créneaux communs"),
                    ("common slot", "common slots"),
                );
                let list = slots.join(", ");
                tr!(lang, "{count} : {list}", "{count}: {list}")
            });
        }
        if self.weights[4] > 0.0 {
            let common: Vec<String> = Format::ALL
                .iter()
                .enumerate()
                .filter(|(bit, _)| ap.formats & mp.formats & (1 << bit) != 0)
                .map(|(_, &f)| text::format(lang, f).to_lowercase())
                .collect();
            let list = common.join(", ");
            out.push(match common.len() {
                0 => tr!(lang, "aucun format commun", "no common format"),
                1 => tr!(lang, "format commun : {list}", "common format: {list}"),
                _ => tr!(lang, "formats communs : {list}", "common formats: {list}"),
            });
        }
        out
    }

    /// « Claire Dubois : soudure cuivre niveau 5, Lucas vise 4 », then one
    /// reason for each sought competency she cannot help with.
    fn skill_reasons(&self, a: usize, m: usize, out: &mut Vec<String>) {
        let lang = self.lang;
        let first = first_name(&self.site.apprentices[a]);
        let name = self.site.mentors[m].name.as_str();
        let mut covered = Vec::new();
        let mut missing = Vec::new();
        for s in &self.sought[a] {
            let has = self.skills[m][s.competency];
            let competency = self.site.competencies[s.competency].name.as_str();
            let (level, target) = (s.level, s.target);
            if has > s.level {
                covered.push(tr!(
                    lang,
                    "{competency} niveau {has}, {first} vise {target}",
                    "{competency} level {has}, {first} aims for {target}"
                ));
            } else if has > 0 {
                missing.push(tr!(
                    lang,
                    "{name} : {competency} niveau {has}, {first} est déjà au niveau {level}",
                    "{name}: {competency} level {has}, {first} is already at level {level}"
                ));
            } else {
                missing.push(tr!(
                    lang,
                    "{name} n'a pas la compétence {competency}",
                    "{name} does not have {competency}"
                ));
            }
        }
        if !covered.is_empty() {
            let list = covered.join(if lang == Lang::Fr { " ; " } else { "; " });
            out.push(tr!(lang, "{name} : {list}", "{name}: {list}"));
        }
        if self.sought[a].is_empty() {
            out.push(tr!(
                lang,
                "{first} ne cherche aucune compétence",
                "{first} seeks no competency"
            ));
        }
        out.extend(missing);
    }

    /// Why the pair is impossible, in one sentence.
    pub fn limit_reason(&self, a: usize, m: usize, limit: Limit) -> String {
        let lang = self.lang;
        let apprentice = &self.site.apprentices[a];
        let mentor = &self.site.mentors[m];
        let first = first_name(apprentice);
        let name = mentor.name.as_str();
        match limit {
            Limit::NotTaking => tr!(
                lang,
                "{name} ne prend pas d'apprenti (capacité 0)",
                "{name} takes no apprentice (capacity 0)"
            ),
            Limit::NoSkill => {
                let list = self.sought_names(a);
                tr!(lang, "{name} n'a pas {list}", "{name} does not have {list}")
            }
            Limit::LevelTooLow => {
                let list = self.sought_names(a);
                tr!(
                    lang,
                    "{name} ne dépasse pas le niveau de {first} en {list}",
                    "{name} is not above {first}'s level in {list}"
                )
            }
            Limit::NoLanguage => tr!(
                lang,
                "aucune langue commune avec {name}",
                "no common language with {name}"
            ),
            Limit::Distance => {
                let there = mentor.location.as_deref().unwrap_or_default();
                tr!(
                    lang,
                    "{first} ne suit pas à distance et {name}, à {there}, n'accompagne pas à distance",
                    "{first} meets in person only and {name}, in {there}, does not mentor remotely"
                )
            }
            Limit::Full => {
                let capacity = capacity(mentor);
                tr!(
                    lang,
                    "{name} n'a plus de place : capacité {capacity} déjà atteinte",
                    "{name} has no seat left: capacity {capacity} already reached"
                )
            }
        }
    }

    /// "soudure cuivre ou lecture de plans" / "soudure cuivre or lecture de plans".
    pub(super) fn sought_names(&self, a: usize) -> String {
        let names: Vec<&str> = self.sought[a]
            .iter()
            .map(|s| self.site.competencies[s.competency].name.as_str())
            .collect();
        names.join(if self.lang == Lang::Fr {
            " ou "
        } else {
            " or "
        })
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
fn sought(
    apprentice: &Apprentice,
    progress: &Progress,
    index: &HashMap<&str, usize>,
) -> Vec<Sought> {
    let status = |c: usize| progress.levels.iter().find(|l| l.competency == c);
    let to_sought = |l: &crate::derive::LevelStatus| Sought {
        competency: l.competency,
        level: l.level,
        target: l.target,
    };
    if apprentice.seeking.is_empty() {
        return progress
            .levels
            .iter()
            .filter(|l| l.level < l.target)
            .map(to_sought)
            .collect();
    }
    let mut out: Vec<Sought> = apprentice
        .seeking
        .iter()
        .filter_map(|id| index.get(id.value.as_str()))
        .filter_map(|&c| status(c))
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

/// "Lucas" for "Lucas Martin": reasons speak of the apprentice familiarly.
pub(super) fn first_name(apprentice: &Apprentice) -> &str {
    apprentice
        .name
        .split_whitespace()
        .next()
        .unwrap_or(&apprentice.name)
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
