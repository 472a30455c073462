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
    /// Where each file of the site that a link may name is published:
    /// source path relative to the site (`programme/roles/mentor.md`, a
    /// folder `programme/roles`, `competencies/soudure.md`, an image of the
    /// handbook) → output path (`programme/roles/mentor/`,
    /// `programme/roles/photo de groupe.png`). Authors link files as their
    /// editor or GitHub shows them; the pages answer at other addresses.
    pub files: crate::FastMap<String, String>,
    /// Every output path of [`Links::files`].
    outputs: crate::FastSet<String>,
    /// The title of each page of [`Links::files`] by its output path: what
    /// a GitBook card (`{% content-ref %}`) shows of the page it leads to.
    pub titles: crate::FastMap<String, String>,
    /// `base_url`'s path without its first `/` (`programme/`), or "".
    base_path: String,
}

/// What a link written in a file of the site leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file of the site, published at this output path (a page's folder
    /// `programme/roles/mentor/`, or a file), with the link's `#fragment`
    /// (with its `#`) or "".
    File {
        output: String,
        fragment: String,
        /// The file, relative to the site (a folder for a folder's page).
        source: String,
    },
    /// An address to leave as written: elsewhere, on the page itself, or
    /// written as the address of a page of the output (`../mentor/`).
    AsWritten,
    /// A file of the site that is not there: `wanted`, relative to the
    /// site (see [`Links::nearest_file`]).
    Missing { wanted: String },
}

impl Links {
    /// What `dest`, written in the file `source` (relative to the site)
    /// whose page is at `dir`, leads to. A link to a Markdown file or to
    /// a file with an extension is read as the author's editor reads it,
    /// relative to the file's folder (`../roles/mentor.md#le-role`,
    /// `images/plan 1.png`); a folder, as the address of a page of the
    /// output as before (`../groupe/`), else as a folder of the site
    /// (`roles/`, whose page is its README).
    pub fn resolve(&self, dest: &str, source: &str, dir: &str) -> Resolved {
        if dest.is_empty() || dest.starts_with('#') || dest.contains(':') || dest.starts_with("//")
        {
            return Resolved::AsWritten;
        }
        let split = dest.find(['#', '?']).unwrap_or(dest.len());
        let (path, fragment) = dest.split_at(split);
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let folder = source.rsplit_once('/').map_or("", |(folder, _)| folder);
        let found = |candidate: Option<String>| {
            let candidate = candidate?;
            let candidate = candidate.trim_end_matches('/');
            self.files.get(candidate).map(|output| Resolved::File {
                output: output.clone(),
                fragment: fragment.to_string(),
                source: candidate.to_string(),
            })
        };
        let from_folder = |path: &str| match path.strip_prefix('/') {
            // From the top of the handbook (GitBook), or of the site.
            Some(top) => [format!("programme/{top}"), top.to_string()],
            None => [format!("{folder}/{path}"), String::new()],
        };
        // `path` as a file or folder of the site, from this file's folder.
        let in_site = |path: &str| {
            let [first, second] = from_folder(path);
            found(crate::load::normalise_path(&first))
                .or_else(|| found(crate::load::normalise_path(&second)))
        };
        let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        let is_file = !path.ends_with('/') && name.contains('.') && name != "." && name != "..";
        if is_file {
            if let Some(resolved) = in_site(&path) {
                return resolved;
            }
            // mdBook's and GitBook's exports name pages `chapitre.html`.
            if let Some(stem) = path.strip_suffix(".html") {
                let [first, _] = from_folder(&format!("{stem}.md"));
                let folder = first
                    .strip_suffix("/index.md")
                    .and_then(crate::load::normalise_path);
                if let Some(resolved) = in_site(&format!("{stem}.md")).or_else(|| found(folder)) {
                    return resolved;
                }
            }
            // Written as an address of the output (`../photo.png` beside a page).
            if !path.starts_with('/')
                && let Some(output) = crate::load::normalise_path(&format!("{dir}{path}"))
                && self.outputs.contains(output.as_str())
            {
                return Resolved::AsWritten;
            }
            let [first, _] = from_folder(&path);
            let wanted = crate::load::normalise_path(&first).unwrap_or_default();
            return Resolved::Missing { wanted };
        }
        // A folder from the top: of the site's address (`/programme/roles/`
        // with base_url https://example.org/programme/ is not the
        // handbook's roles/), else of the site.
        if let Some(top) = path.strip_prefix('/') {
            let inside = top
                .strip_prefix(self.base_path.as_str())
                .filter(|_| !self.base_path.is_empty());
            for candidate in [inside, Some(top)].into_iter().flatten() {
                if let Some(output) = crate::load::normalise_path(candidate)
                    && self.outputs.contains(format!("{output}/").as_str())
                {
                    return Resolved::File {
                        output: format!("{output}/"),
                        fragment: fragment.to_string(),
                        source: String::new(),
                    };
                }
            }
        }
        // A folder: the address of a page of the output, as written so far.
        if !path.starts_with('/')
            && let Some(output) = crate::load::normalise_path(&format!("{dir}{path}"))
            && (output.is_empty() || self.outputs.contains(format!("{output}/").as_str()))
        {
            return Resolved::AsWritten;
        }
        // A folder of the site, or a page named without its `.md`, as
        // GitBook's links sometimes are (`../outils/tchap`).
        let page = format!("{}.md", path.trim_end_matches('/'));
        if let Some(resolved) = in_site(&path).or_else(|| in_site(&page)) {
            return resolved;
        }
        if path.starts_with('/') || path.is_empty() {
            // Elsewhere on the same host: not the site's to judge.
            return Resolved::AsWritten;
        }
        if path.ends_with('/') {
            // Written as the address of a page of the output: the site's
            // lists and figures are not known here (`../mentors/`), the
            // handbook's pages and redirects are.
            let inside_handbook = crate::load::normalise_path(&format!("{dir}{path}"))
                .is_some_and(|target| target == "programme" || target.starts_with("programme/"));
            if !dir.starts_with("programme/") || !inside_handbook {
                return Resolved::AsWritten;
            }
        }
        let [first, _] = from_folder(&path);
        let wanted = crate::load::normalise_path(&first).unwrap_or_default();
        Resolved::Missing { wanted }
    }

    /// The file of the site nearest to `wanted` (a [`Resolved::Missing`]
    /// file), if one is near: what `check` suggests. Asked only there, it
    /// costs nothing to the links that render resolves.
    pub fn nearest_file(&self, wanted: &str) -> Option<String> {
        crate::slug::nearest(wanted, self.files.keys().map(String::as_str), &[]).map(str::to_string)
    }
}

/// Where a file of `programme/` other than a page is published: in its
/// folder's page folder, under its own name (`.gitbook/assets/Plan 1.png`
/// → `programme/gitbook/assets/Plan 1.png`).
pub fn handbook_file_output(rel: &str) -> String {
    let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let mut out = String::from("programme/");
    for part in folder.split('/').filter(|p| !p.is_empty()) {
        out.push_str(&crate::slug::slugify(part));
        out.push('/');
    }
    out.push_str(name);
    out
}

/// [`Links::files`].
fn files_of(site: &Site) -> crate::FastMap<String, String> {
    let mut files = crate::FastMap::default();
    for page in &site.pages {
        let dir = crate::render::page_dir(page);
        match page.file.strip_suffix('/') {
            // A folder without a page of its own.
            Some(folder) => {
                files.insert(folder.to_string(), dir);
            }
            None => {
                if page.is_section
                    && let Some((folder, _)) = page.file.rsplit_once('/')
                {
                    files
                        .entry(folder.to_string())
                        .or_insert_with(|| dir.clone());
                }
                files.insert(page.file.clone(), dir);
            }
        }
    }
    for rel in &site.handbook_files {
        files.insert(format!("programme/{rel}"), handbook_file_output(rel));
    }
    for c in &site.competencies {
        files.insert(c.file.clone(), format!("competencies/{}/", c.id));
    }
    for m in &site.mentors {
        files.insert(m.file.clone(), format!("mentors/{}/", m.slug));
    }
    for rel in &site.static_files {
        files.insert(format!("static/{rel}"), rel.clone());
    }
    files
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

        let files = files_of(site);
        // Every page folder of the output a link may name: the files', and
        // the redirect pages' left at old addresses.
        let mut outputs: crate::FastSet<String> = files.values().cloned().collect();
        for page in &site.pages {
            for alias in &page.aliases {
                if let Some(output) = crate::render::plan::alias_output(alias)
                    && let Some(folder) = output.strip_suffix("index.html")
                {
                    outputs.insert(folder.to_string());
                }
            }
        }
        let titles = site
            .pages
            .iter()
            .map(|p| (crate::render::page_dir(p), p.title.clone()))
            .chain(
                site.competencies
                    .iter()
                    .map(|c| (format!("competencies/{}/", c.id), c.name.clone())),
            )
            .chain(
                site.mentors
                    .iter()
                    .map(|m| (format!("mentors/{}/", m.slug), m.name.clone())),
            )
            .collect();
        Links {
            titles,
            outputs,
            base_path: site
                .config
                .base_url
                .path()
                .trim_start_matches('/')
                .to_string(),
            files,
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
        site.apprentices[0].entries = crate::model::shared(vec![
            signed(checkin(date(2026, 9, 2))),
            checkin(date(2026, 9, 9)),
            Entry {
                validated_by: Some(s("personne".into())),
                ..checkin(date(2026, 9, 16))
            },
        ]);
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

    fn handbook_page(file: &str, path: &str, is_section: bool) -> crate::model::Page {
        crate::model::Page {
            file: file.into(),
            path: path.into(),
            is_section,
            title: path.into(),
            description: None,
            weight: 0,
            draft: false,
            hidden: false,
            aliases: Vec::new(),
            body: String::new(),
            body_at: 0,
        }
    }

    #[test]
    fn links_between_files_lead_to_the_pages_and_files_they_became() {
        let mut site = workshop();
        site.config.base_url = url::Url::parse("https://example.org/programme/").unwrap();
        site.pages = vec![
            handbook_page("programme/README.md", "", true),
            handbook_page("programme/Rôles/README.md", "roles", true),
            handbook_page("programme/Rôles/Le mentor.md", "roles/le-mentor", false),
            handbook_page("programme/Outils/", "outils", true),
            handbook_page("programme/Outils/fiche.md", "outils/fiche", false),
        ];
        site.handbook_files = vec![".gitbook/assets/Plan 1.png".into()];
        let links = Links::new(&site);
        let file = |output: &str, fragment: &str| Resolved::File {
            output: output.into(),
            fragment: fragment.into(),
            source: String::new(),
        };
        let without_source = |resolved: Resolved| match resolved {
            Resolved::File {
                output, fragment, ..
            } => Resolved::File {
                output,
                fragment,
                source: String::new(),
            },
            other => other,
        };
        let from_mentor = |dest: &str| {
            without_source(links.resolve(
                dest,
                "programme/Rôles/Le mentor.md",
                "programme/roles/le-mentor/",
            ))
        };
        assert_eq!(
            links.resolve(
                "../.gitbook/assets/Plan%201.png",
                "programme/Rôles/Le mentor.md",
                "programme/roles/le-mentor/"
            ),
            Resolved::File {
                output: "programme/gitbook/assets/Plan 1.png".into(),
                fragment: String::new(),
                source: "programme/.gitbook/assets/Plan 1.png".into(),
            }
        );
        // As an editor or GitHub reads them: relative to the file's folder.
        assert_eq!(
            from_mentor("README.md#objectifs"),
            file("programme/roles/", "#objectifs")
        );
        assert_eq!(from_mentor("../README.md"), file("programme/", ""));
        assert_eq!(
            from_mentor("../Outils/fiche.md"),
            file("programme/outils/fiche/", "")
        );
        assert_eq!(
            from_mentor("Le%20mentor.md"),
            file("programme/roles/le-mentor/", "")
        );
        assert_eq!(
            from_mentor("../.gitbook/assets/Plan%201.png"),
            file("programme/gitbook/assets/Plan 1.png", "")
        );
        assert_eq!(
            from_mentor("/Outils/fiche.md"),
            file("programme/outils/fiche/", "")
        );
        // A folder: its page, README or not.
        assert_eq!(from_mentor("../Outils/"), file("programme/outils/", ""));
        // Addresses of the output stay as they were written.
        assert_eq!(from_mentor("../../outils/"), Resolved::AsWritten);
        assert_eq!(from_mentor("#plus-bas"), Resolved::AsWritten);
        assert_eq!(from_mentor("https://example.org/x.md"), Resolved::AsWritten);
        // base_url's own path is not the handbook's: /programme/roles/ is
        // the handbook's roles page at https://example.org/programme/.
        assert_eq!(
            from_mentor("/programme/roles/"),
            file("programme/roles/", "")
        );
        assert_eq!(
            from_mentor("/programme/programme/roles/"),
            file("programme/roles/", "")
        );
        // A file that is not there, with the nearest.
        assert_eq!(
            from_mentor("../Outils/fiches.md"),
            Resolved::Missing {
                wanted: "programme/Outils/fiches.md".into()
            }
        );
        assert_eq!(
            links.nearest_file("programme/Outils/fiches.md").as_deref(),
            Some("programme/Outils/fiche.md")
        );
    }
}
