//! The matching's reasons in the reader's words: one sentence per
//! [`Reason`], [`Limit`] or [`Unmatched`], in French or English.
//!
//! The scorer only says what it found; both readers of the matching, the
//! matching page and the coordinator's export, word it here, so that they
//! always say the same thing in the same words.

use super::{Limit, Matching, Reason, Unmatched, score};
use crate::i18n::Lang;
use crate::model::{Apprentice, Site};
use crate::render::text;
use crate::tr;

/// Words the reasons of one site's matching in one language.
pub struct Words<'a> {
    lang: Lang,
    site: &'a Site,
    matching: &'a Matching,
}

impl<'a> Words<'a> {
    pub fn new(lang: Lang, site: &'a Site, matching: &'a Matching) -> Words<'a> {
        Words {
            lang,
            site,
            matching,
        }
    }

    /// The reasons for apprentice `a`'s mentor, kept or suggested; none
    /// when unmatched.
    pub fn mentor_reasons(&self, a: usize) -> Vec<String> {
        let found = &self.matching.apprentices[a];
        found
            .mentor
            .map(|m| self.reasons(a, m, &found.reasons))
            .unwrap_or_default()
    }

    /// Why apprentice `a` has no mentor; None when they have one.
    pub fn unmatched_reason(&self, a: usize) -> Option<String> {
        let why = self.matching.apprentices[a].unmatched_reason.as_ref()?;
        Some(self.unmatched(a, why))
    }

    /// The reasons given for apprentice `a` and mentor `m`.
    pub fn reasons(&self, a: usize, m: usize, reasons: &[Reason]) -> Vec<String> {
        reasons.iter().map(|r| self.reason(a, m, r)).collect()
    }

    /// A reason given for apprentice `a` and mentor `m`.
    pub fn reason(&self, a: usize, m: usize, reason: &Reason) -> String {
        let lang = self.lang;
        let apprentice = &self.site.apprentices[a];
        let mentor = &self.site.mentors[m];
        let first = first_name(apprentice);
        let name = mentor.name.as_str();
        match reason {
            Reason::Covers(covered) => {
                let list: Vec<String> = covered
                    .iter()
                    .map(|c| {
                        let competency = self.competency(c.competency);
                        let (has, target) = (c.mentor_level, c.target);
                        tr!(
                            lang,
                            "{competency} niveau {has}, {first} vise {target}",
                            "{competency} level {has}, {first} aims for {target}"
                        )
                    })
                    .collect();
                let list = list.join(if lang == Lang::Fr { " ; " } else { "; " });
                tr!(lang, "{name} : {list}", "{name}: {list}")
            }
            Reason::SeeksNothing => tr!(
                lang,
                "{first} ne cherche aucune compétence",
                "{first} seeks no competency"
            ),
            Reason::NotAbove {
                competency,
                mentor_level: has,
                apprentice_level: level,
            } => {
                let competency = self.competency(*competency);
                tr!(
                    lang,
                    "{name} : {competency} niveau {has}, {first} est déjà au niveau {level}",
                    "{name}: {competency} level {has}, {first} is already at level {level}"
                )
            }
            Reason::Lacks { competency } => {
                let competency = self.competency(*competency);
                tr!(
                    lang,
                    "{name} n'a pas la compétence {competency}",
                    "{name} does not have {competency}"
                )
            }
            Reason::Languages { common } => {
                let names: Vec<String> = common
                    .iter()
                    .map(|code| text::language(lang, code))
                    .collect();
                let list = names.join(", ");
                match names.len() {
                    0 => tr!(lang, "aucune langue commune", "no common language"),
                    1 => tr!(lang, "langue commune : {list}", "common language: {list}"),
                    _ => tr!(
                        lang,
                        "langues communes : {list}",
                        "common languages: {list}"
                    ),
                }
            }
            Reason::SamePlace => {
                let here = apprentice.location.as_deref().unwrap_or_default();
                tr!(lang, "tous deux à {here}", "both in {here}")
            }
            Reason::BothRemote => tr!(lang, "tous deux à distance", "both can meet remotely"),
            Reason::MentorRemote => tr!(
                lang,
                "{name} accompagne à distance",
                "{name} mentors remotely"
            ),
            Reason::ApprenticeRemote => tr!(
                lang,
                "{first} peut suivre à distance",
                "{first} can meet remotely"
            ),
            Reason::PlaceNotGiven => tr!(lang, "lieu non renseigné", "location not given"),
            Reason::Apart => {
                let here = apprentice.location.as_deref().unwrap_or_default();
                let there = mentor.location.as_deref().unwrap_or_default();
                tr!(
                    lang,
                    "{first} à {here}, {name} à {there}, sans distance possible",
                    "{first} in {here}, {name} in {there}, neither remote"
                )
            }
            Reason::NoSlotGiven => tr!(
                lang,
                "{first} n'a indiqué aucun créneau",
                "{first} gave no available slot"
            ),
            Reason::Slots { common } if common.is_empty() => {
                tr!(lang, "aucun créneau commun", "no common slot")
            }
            Reason::Slots { common } => {
                let count = lang.count(
                    common.len(),
                    ("créneau commun", "créneaux communs"),
                    ("common slot", "common slots"),
                );
                let slots: Vec<String> = common.iter().map(|&s| text::slot(lang, s)).collect();
                let list = slots.join(", ");
                tr!(lang, "{count} : {list}", "{count}: {list}")
            }
            Reason::Formats { common } => {
                let names: Vec<String> = common
                    .iter()
                    .map(|&f| text::format(lang, f).to_lowercase())
                    .collect();
                let list = names.join(", ");
                match names.len() {
                    0 => tr!(lang, "aucun format commun", "no common format"),
                    1 => tr!(lang, "format commun : {list}", "common format: {list}"),
                    _ => tr!(lang, "formats communs : {list}", "common formats: {list}"),
                }
            }
        }
    }

    /// Why apprentice `a` and mentor `m` cannot be paired, in one sentence.
    pub fn limit(&self, a: usize, m: usize, limit: Limit) -> String {
        let lang = self.lang;
        let mentor = &self.site.mentors[m];
        let first = first_name(&self.site.apprentices[a]);
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
                let capacity = score::capacity(mentor);
                tr!(
                    lang,
                    "{name} n'a plus de place : capacité {capacity} déjà atteinte",
                    "{name} has no seat left: capacity {capacity} already reached"
                )
            }
        }
    }

    /// Why apprentice `a` has no mentor, in one sentence.
    pub fn unmatched(&self, a: usize, why: &Unmatched) -> String {
        let lang = self.lang;
        let first = first_name(&self.site.apprentices[a]);
        let list = self.sought_names(a);
        match why {
            Unmatched::NothingSought => tr!(
                lang,
                "{first} n'a ni compétence recherchée (seeking) ni objectif à atteindre",
                "{first} has no competency sought (seeking) nor target left to reach"
            ),
            Unmatched::SeeksOutsideFramework => tr!(
                lang,
                "{first} ne cherche aucune compétence du référentiel",
                "{first} seeks no competency of the framework"
            ),
            Unmatched::NobodyHas => tr!(lang, "aucun mentor n'a {list}", "no mentor has {list}"),
            Unmatched::NobodyAbove => tr!(
                lang,
                "aucun mentor ne dépasse le niveau de {first} en {list}",
                "no mentor is above {first}'s level in {list}"
            ),
            Unmatched::OnlyOne { mentor, limit } => {
                let why = match limit {
                    Some(limit) => self.limit(a, *mentor, *limit),
                    None => {
                        let name = &self.site.mentors[*mentor].name;
                        tr!(lang, "{name} n'a plus de place", "{name} has no seat left")
                    }
                };
                tr!(
                    lang,
                    "un seul mentor a {list} : {why}",
                    "only one mentor has {list}: {why}"
                )
            }
            Unmatched::Several {
                no_seat,
                no_language,
                too_far,
            } => {
                let mut parts = Vec::new();
                if *no_seat > 0 {
                    parts.push(tr!(
                        lang,
                        "{no_seat} sans place libre",
                        "{no_seat} with no seat left"
                    ));
                }
                if *no_language > 0 {
                    parts.push(tr!(
                        lang,
                        "{no_language} sans langue commune",
                        "{no_language} with no common language"
                    ));
                }
                if *too_far > 0 {
                    parts.push(tr!(
                        lang,
                        "{too_far} trop loin sans accompagnement à distance",
                        "{too_far} too far and not remote"
                    ));
                }
                let count = no_seat + no_language + too_far;
                let parts = parts.join(", ");
                tr!(
                    lang,
                    "{count} mentors ont {list} : {parts}",
                    "{count} mentors have {list}: {parts}"
                )
            }
        }
    }

    fn competency(&self, c: usize) -> &str {
        &self.site.competencies[c].name
    }

    /// "soudure cuivre ou lecture de plans" / "soudure cuivre or lecture de plans".
    fn sought_names(&self, a: usize) -> String {
        let names: Vec<&str> = self.matching.apprentices[a]
            .sought
            .iter()
            .map(|&c| self.competency(c))
            .collect();
        names.join(if self.lang == Lang::Fr {
            " ou "
        } else {
            " or "
        })
    }
}

/// "Lucas" for "Lucas Martin": reasons speak of the apprentice familiarly.
fn first_name(apprentice: &Apprentice) -> &str {
    apprentice
        .name
        .split_whitespace()
        .next()
        .unwrap_or(&apprentice.name)
}
