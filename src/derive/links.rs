//! Every reference between the site's files, resolved once to indices: ids
//! to positions, each apprentice's mentor, each sign-off, each mentor's
//! skills, and the other way round each mentor's mentees (their load), each
//! competency's skill holders and each block's competencies.
//!
//! Built tolerant of unknown ids — they resolve to None and are left out of
//! the lists — so `check` finds what is missing with the very lookups that
//! derive, render and the matching read once the site is known good. Nobody
//! downstream rebuilds a slug map or searches a list for a relation.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use crate::model::Site;
use crate::slug::sort_key;

/// The site's references as indices into its lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Links {
    /// Slug → index into `site.mentors`.
    mentors: BTreeMap<String, usize>,
    /// Id → index into `site.competencies`.
    competencies: BTreeMap<String, usize>,
    /// Id → index into the framework's blocks (the first of two with one id).
    blocks: BTreeMap<String, usize>,
    /// Index-aligned with `site.apprentices`: the profile's `mentor`.
    pub mentor_of: Vec<Option<usize>>,
    /// `validated_by[a][e]`: who signed off entry `e` of apprentice `a`.
    pub validated_by: Vec<Vec<Option<usize>>>,
    /// Index-aligned with `site.mentors`: (competency, level) in the order
    /// the mentor wrote them.
    pub skills: Vec<Vec<(usize, u8)>>,
    /// Index-aligned with `site.mentors`: the apprentices whose profile
    /// names them, in site order — the mentor's load, counted here only.
    pub mentees: Vec<Vec<usize>>,
    /// Index-aligned with `site.competencies`: (mentor, level) of every
    /// mentor who has it, highest level first, then by name.
    pub holders: Vec<Vec<(usize, u8)>>,
    /// Index-aligned with `site.competencies`: its block.
    pub block_of: Vec<Option<usize>>,
    /// Index-aligned with the framework's blocks: their competencies, in
    /// site order.
    pub in_block: Vec<Vec<usize>>,
}

impl Links {
    pub fn new(site: &Site) -> Links {
        let mentors = first_of(site.mentors.iter().map(|m| m.slug.as_str()));
        let competencies = first_of(site.competencies.iter().map(|c| c.id.as_str()));
        let framework_blocks = site.framework.as_ref().map_or(&[][..], |f| &f.blocks);
        let blocks = first_of(framework_blocks.iter().map(|b| b.id.value.as_str()));
        let mentor = |slug: &str| mentors.get(slug).copied();

        let mentor_of: Vec<Option<usize>> = site
            .apprentices
            .iter()
            .map(|a| a.mentor.as_ref().and_then(|m| mentor(&m.value)))
            .collect();
        let validated_by = site
            .apprentices
            .iter()
            .map(|a| {
                a.entries
                    .iter()
                    .map(|e| e.validated_by.as_ref().and_then(|m| mentor(&m.value)))
                    .collect()
            })
            .collect();
        let mut mentees = vec![Vec::new(); site.mentors.len()];
        for (a, m) in mentor_of.iter().enumerate() {
            if let Some(m) = m {
                mentees[*m].push(a);
            }
        }

        let skills: Vec<Vec<(usize, u8)>> = site
            .mentors
            .iter()
            .map(|m| {
                m.skills
                    .iter()
                    .filter_map(|(id, level)| {
                        let c = competencies.get(&id.value).copied()?;
                        Some((c, level_of(level.value)))
                    })
                    .collect()
            })
            .collect();
        let mut holders = vec![Vec::new(); site.competencies.len()];
        for (m, skills) in skills.iter().enumerate() {
            for &(c, level) in skills {
                holders[c].push((m, level));
            }
        }
        for list in &mut holders {
            list.sort_by_cached_key(|&(m, level)| {
                (Reverse(level), sort_key(&site.mentors[m].name))
            });
        }

        let block_of: Vec<Option<usize>> = site
            .competencies
            .iter()
            .map(|c| blocks.get(&c.block.value).copied())
            .collect();
        let mut in_block = vec![Vec::new(); framework_blocks.len()];
        for (c, block) in block_of.iter().enumerate() {
            if let Some(b) = block {
                in_block[*b].push(c);
            }
        }

        Links {
            mentors,
            competencies,
            blocks,
            mentor_of,
            validated_by,
            skills,
            mentees,
            holders,
            block_of,
            in_block,
        }
    }

    /// The mentor with this slug.
    pub fn mentor(&self, slug: &str) -> Option<usize> {
        self.mentors.get(slug).copied()
    }

    /// The competency with this id.
    pub fn competency(&self, id: &str) -> Option<usize> {
        self.competencies.get(id).copied()
    }

    /// The framework's block with this id.
    pub fn block(&self, id: &str) -> Option<usize> {
        self.blocks.get(id).copied()
    }

    /// Every mentor's slug and index, by slug.
    pub fn mentor_slugs(&self) -> impl Iterator<Item = (&str, usize)> {
        self.mentors.iter().map(|(slug, &m)| (slug.as_str(), m))
    }

    /// Every competency's id and index, by id.
    pub fn competency_ids(&self) -> impl Iterator<Item = (&str, usize)> {
        self.competencies.iter().map(|(id, &c)| (id.as_str(), c))
    }
}

/// Each id → its position, the first one where two share an id (load and
/// check refuse that; the lookups stay those of a search from the start).
fn first_of<'a>(ids: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut map = BTreeMap::new();
    for (i, id) in ids.enumerate() {
        map.entry(id.to_string()).or_insert(i);
    }
    map
}

/// A written level as a level of the scale; check has refused any level
/// outside it, so the clamp only keeps a broken site from wrapping.
fn level_of(value: i64) -> u8 {
    u8::try_from(value.clamp(0, i64::from(u8::MAX))).unwrap_or(u8::MAX)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::fixture::{apprentice, checkin, mentor, s, signed, site_with_mentors};
    use crate::model::{Apprentice, Entry};

    fn with_mentor(slug: &str, mentor: &str) -> Apprentice {
        Apprentice {
            mentor: Some(s(mentor.into())),
            ..apprentice(slug, date(2026, 9, 1))
        }
    }

    fn workshop() -> Site {
        site_with_mentors(
            &[
                ("souder", "Souder", 3),
                ("plans", "Lire un plan", 2),
                ("isoler", "Isoler", 2),
            ],
            vec![
                mentor("paul", "Paul", &[("souder", 4), ("plans", 5)], 3),
                mentor(
                    "claire-dubois",
                    "Claire",
                    &[("souder", 4), ("inconnue", 2)],
                    3,
                ),
                mentor("emile", "Émile", &[("souder", 4), ("plans", 2)], 3),
                mentor("anne", "Anne", &[("souder", 5)], 3),
            ],
            vec![
                with_mentor("lucas", "claire-dubois"),
                with_mentor("ines", "paul"),
                with_mentor("zoe", "claire-dubos"),
                apprentice("theo", date(2026, 9, 1)),
                with_mentor("ali", "claire-dubois"),
            ],
        )
    }

    #[test]
    fn ids_resolve_to_their_index_and_unknown_ids_to_none() {
        let site = workshop();
        let links = Links::new(&site);
        assert_eq!(links.mentor("claire-dubois"), Some(1));
        assert_eq!(links.mentor("claire-dubos"), None);
        assert_eq!(links.competency("isoler"), Some(2));
        assert_eq!(links.competency("Isoler"), None);
        assert_eq!(links.block("b1"), Some(0));
        assert_eq!(links.block("b2"), None);
        // Zoé's mentor is misspelt; Théo has none.
        assert_eq!(links.mentor_of, vec![Some(1), Some(0), None, None, Some(1)]);
        // An unknown competency is left out of Claire's skills.
        assert_eq!(links.skills[1], vec![(0, 4)]);
        assert_eq!(links.block_of, vec![Some(0); 3]);
        assert_eq!(links.in_block, vec![vec![0, 1, 2]]);
        let slugs: Vec<&str> = links.mentor_slugs().map(|(slug, _)| slug).collect();
        assert_eq!(slugs, vec!["anne", "claire-dubois", "emile", "paul"]);
    }

    #[test]
    fn each_sign_off_resolves_to_its_mentor() {
        let mut site = workshop();
        site.apprentices[0].entries = vec![
            signed(checkin(date(2026, 9, 2))),
            checkin(date(2026, 9, 9)),
            Entry {
                validated_by: Some(s("personne".into())),
                ..checkin(date(2026, 9, 16))
            },
        ];
        let links = Links::new(&site);
        assert_eq!(links.validated_by[0], vec![Some(1), None, None]);
        assert!(links.validated_by[1].is_empty());
    }

    #[test]
    fn mentees_are_the_mentor_load_in_site_order() {
        let links = Links::new(&workshop());
        assert_eq!(links.mentees, vec![vec![1], vec![0, 4], vec![], vec![]]);
    }

    #[test]
    fn skill_holders_come_highest_level_first_then_by_name() {
        let links = Links::new(&workshop());
        // souder: Anne at 5, then Claire, Émile and Paul at 4, by name with
        // the accent folded (bytes would put "Émile" after "Paul").
        assert_eq!(links.holders[0], vec![(3, 5), (1, 4), (2, 4), (0, 4)]);
        assert_eq!(links.holders[1], vec![(0, 5), (2, 2)]);
        assert!(links.holders[2].is_empty());
    }
}
