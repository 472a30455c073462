//! The handbook's tree, computed once per build: each page's parent,
//! children in reading order, previous and next page, and ancestors.
//!
//! Without `SUMMARY.md`, a page's parent is the nearest folder above it
//! that has a page of its own, else the front page, and siblings are read
//! by `weight`, then name. With one, its nesting and order are the tree's,
//! its link texts the pages' labels in the navigation, and its parts,
//! external links and draft chapters stand in the menu between the pages.
//! Pages it does not list, and `hidden` ones, are published but neither in
//! the menu nor in the reading order. Render reads these relations for
//! every page it draws; computing them here keeps a 10,000-page handbook
//! linear instead of searching the page list for every node of every page.

use std::collections::HashMap;

use crate::model::{Chapter, ChapterTarget, Page, Summary, SummaryItem};

/// The handbook's structure; every index points into `site.pages`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Handbook {
    /// `programme/_index.md`, the handbook's front page, if any.
    pub front: Option<usize>,
    /// The pages directly under the front page, in reading order.
    pub top: Vec<usize>,
    /// Index-aligned with `site.pages`: the nearest ancestor with a page;
    /// None for the front page and the top pages.
    pub parent: Vec<Option<usize>>,
    /// Index-aligned with `site.pages`: the pages directly under each page,
    /// in reading order (`weight`, then name). The front page's
    /// children are `top`.
    pub children: Vec<Vec<usize>>,
    /// Every page of the menu in reading order: the front page, then each
    /// section followed by its pages, depth first.
    pub order: Vec<usize>,
    /// Index-aligned with `site.pages`: the page's place in `order`; None
    /// for a page out of the menu.
    pub position: Vec<Option<usize>>,
    /// Index-aligned with `site.pages`: the page's label in the menu when
    /// `SUMMARY.md` gives one other than its title.
    pub label: Vec<Option<String>>,
    /// What the menu shows besides pages, by the page they stand under
    /// (None: the top) and their place among its children: they come
    /// before the child at that place (after the last at the end).
    pub extras: HashMap<Option<usize>, Vec<(usize, MenuExtra)>>,
}

/// An item of the menu that is not a page of the site.
#[derive(Clone, Debug, PartialEq)]
pub enum MenuExtra {
    /// A heading over the chapters after it.
    Part(String),
    /// A link elsewhere.
    Link { title: String, url: String },
    /// A chapter announced, not written yet.
    Draft(String),
}

/// How `SUMMARY.md` meets the pages: what `check` reports of it.
#[derive(Debug, Default)]
pub struct Placement<'s> {
    /// Chapters whose file is not a page of the handbook.
    pub missing: Vec<&'s Chapter>,
    /// Pages the summary does not list, not hidden otherwise.
    pub unlisted: Vec<usize>,
}

impl Handbook {
    /// Builds the tree of `pages`, whose paths are unique (load gives two
    /// files with one path distinct ones).
    pub fn new(pages: &[Page], summary: Option<&Summary>) -> Handbook {
        let by_path: HashMap<&str, usize> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.as_str(), i))
            .collect();
        let front = by_path.get("").copied();
        let folder_parent = |page: &Page| {
            let mut up = page.path.as_str();
            loop {
                match up.rsplit_once('/') {
                    Some((above, _)) => {
                        if let Some(&p) = by_path.get(above) {
                            break Some(p);
                        }
                        up = above;
                    }
                    None => break None,
                }
            }
        };
        // Each page's folder parent: pages out of the menu keep it, for
        // their breadcrumbs; SUMMARY.md's nesting replaces it for the others.
        let mut parent: Vec<Option<usize>> = pages
            .iter()
            .map(|page| {
                if page.path.is_empty() {
                    None
                } else {
                    folder_parent(page)
                }
            })
            .collect();
        let mut children = vec![Vec::new(); pages.len()];
        let mut top = Vec::new();
        let mut label = vec![None; pages.len()];
        let mut extras: HashMap<Option<usize>, Vec<(usize, MenuExtra)>> = HashMap::new();
        match summary {
            None => {
                for (i, page) in pages.iter().enumerate() {
                    if page.path.is_empty() || page.hidden {
                        continue;
                    }
                    // A page under a hidden one is out of the menu with it.
                    let mut up = parent[i];
                    let mut shown = true;
                    while let Some(p) = up {
                        if pages[p].hidden {
                            shown = false;
                            break;
                        }
                        up = parent[p];
                    }
                    if !shown {
                        continue;
                    }
                    match parent[i] {
                        Some(p) => children[p].push(i),
                        None => top.push(i),
                    }
                }
                // By weight, then by name, as a file manager or GitHub lists
                // them (`01-accueil/` before `02-pratiques/`).
                let reading = |list: &mut Vec<usize>| {
                    list.sort_by(|&a, &b| {
                        let (a, b) = (&pages[a], &pages[b]);
                        a.weight
                            .cmp(&b.weight)
                            .then_with(|| a.path.cmp(&b.path))
                            .then_with(|| a.title.cmp(&b.title))
                    });
                };
                reading(&mut top);
                children.iter_mut().for_each(reading);
            }
            Some(summary) => {
                let by_file = files_of(pages);
                let mut placed = vec![false; pages.len()];
                // Depth first without recursion: (chapter, the page it hangs under).
                let mut stack: Vec<(&Chapter, Option<usize>)> = Vec::new();
                for item in &summary.items {
                    let chapter = match item {
                        SummaryItem::Part(title) => {
                            extras
                                .entry(None)
                                .or_default()
                                .push((top.len(), MenuExtra::Part(title.clone())));
                            continue;
                        }
                        SummaryItem::Chapter(chapter) => chapter,
                    };
                    stack.push((chapter, None));
                    while let Some((chapter, under)) = stack.pop() {
                        // The front page's children are the top pages.
                        let key = under.filter(|&p| Some(p) != front);
                        let siblings = match key {
                            Some(k) => children[k].len(),
                            None => top.len(),
                        };
                        let page = match &chapter.target {
                            ChapterTarget::File(file) => by_file.get(file.as_str()).copied(),
                            _ => None,
                        };
                        let extra = match (&chapter.target, page) {
                            (_, Some(_)) => None,
                            (ChapterTarget::External(url), None) => Some(MenuExtra::Link {
                                title: chapter.title.clone(),
                                url: url.clone(),
                            }),
                            (_, None) => Some(MenuExtra::Draft(chapter.title.clone())),
                        };
                        if let Some(extra) = extra {
                            extras.entry(key).or_default().push((siblings, extra));
                        }
                        // A page listed twice is placed where it comes first.
                        let here = page.filter(|&p| !placed[p]);
                        if let Some(p) = here {
                            placed[p] = true;
                            if !chapter.title.is_empty() && chapter.title != pages[p].title {
                                label[p] = Some(chapter.title.clone());
                            }
                            if Some(p) != front {
                                parent[p] = key;
                                match key {
                                    Some(k) => children[k].push(p),
                                    None => top.push(p),
                                }
                            }
                        }
                        // Sub-chapters of a chapter without a page of its
                        // own hang where it would have.
                        let under = here.or(under);
                        stack.extend(chapter.children.iter().rev().map(|c| (c, under)));
                    }
                }
            }
        }
        // The front page is no page's parent: the top pages have none.
        for slot in parent.iter_mut() {
            if *slot == front {
                *slot = None;
            }
        }

        let mut order = Vec::with_capacity(pages.len());
        order.extend(front);
        // Depth first without recursion: a deeply nested handbook cannot
        // overflow the stack.
        let mut stack: Vec<usize> = top.iter().rev().copied().collect();
        while let Some(page) = stack.pop() {
            order.push(page);
            stack.extend(children[page].iter().rev());
        }
        let mut position = vec![None; pages.len()];
        for (place, &page) in order.iter().enumerate() {
            position[page] = Some(place);
        }
        Handbook {
            front,
            top,
            parent,
            children,
            order,
            position,
            label,
            extras,
        }
    }

    /// How `summary` meets `pages`: the chapters whose file is no page,
    /// and the pages not listed.
    pub fn placement<'s>(pages: &[Page], summary: &'s Summary) -> Placement<'s> {
        let by_file = files_of(pages);
        let mut listed = vec![false; pages.len()];
        let mut missing = Vec::new();
        let mut stack: Vec<&Chapter> = summary
            .items
            .iter()
            .rev()
            .filter_map(|item| match item {
                SummaryItem::Chapter(c) => Some(c),
                SummaryItem::Part(_) => None,
            })
            .collect();
        while let Some(chapter) = stack.pop() {
            if let ChapterTarget::File(file) = &chapter.target {
                match by_file.get(file.as_str()) {
                    Some(&p) => listed[p] = true,
                    None => missing.push(chapter),
                }
            }
            stack.extend(chapter.children.iter().rev());
        }
        let unlisted = (0..pages.len())
            .filter(|&p| {
                !listed[p] && !pages[p].hidden && !pages[p].draft && !pages[p].file.ends_with('/')
            })
            .collect();
        Placement { missing, unlisted }
    }

    /// The pages under `page` (the top pages under the front page).
    pub fn children_of(&self, page: usize) -> &[usize] {
        if Some(page) == self.front {
            &self.top
        } else {
            &self.children[page]
        }
    }

    /// The page before `page` in reading order.
    pub fn previous(&self, page: usize) -> Option<usize> {
        let place = self.position[page]?;
        place.checked_sub(1).map(|p| self.order[p])
    }

    /// The page after `page` in reading order.
    pub fn next(&self, page: usize) -> Option<usize> {
        self.order.get(self.position[page]? + 1).copied()
    }

    /// The pages above `page`, from the front page (when there is one)
    /// down to its parent.
    pub fn ancestors(&self, page: usize) -> Vec<usize> {
        if Some(page) == self.front {
            return Vec::new();
        }
        let mut chain = Vec::new();
        let mut up = self.parent[page];
        while let Some(p) = up {
            chain.push(p);
            up = self.parent[p];
        }
        chain.extend(self.front);
        chain.reverse();
        chain
    }
}

/// Each page by its file relative to `programme/` (`roles/mentor.md`), as
/// `SUMMARY.md` and links between pages name them.
pub fn files_of(pages: &[Page]) -> HashMap<&str, usize> {
    pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((p.file.strip_prefix("programme/")?, i)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, weight: i64, title: &str) -> Page {
        Page {
            file: format!("programme/{path}.md"),
            path: path.into(),
            is_section: false,
            title: title.into(),
            description: None,
            weight,
            draft: false,
            hidden: false,
            aliases: Vec::new(),
            body: String::new(),
            body_at: 0,
        }
    }

    fn paths(pages: &[Page], list: &[usize]) -> Vec<String> {
        list.iter().map(|&i| pages[i].path.clone()).collect()
    }

    #[test]
    fn parents_skip_folders_without_a_page_and_order_follows_weight_then_name() {
        let pages = vec![
            page("roles/mentor", 2, "Mentor"),
            page("", 0, "Guide"),
            page("roles", 1, "Rôles"),
            page("roles/apprenti", 1, "Apprenti"),
            page("outils/fiches/soudure", 0, "Soudure"),
            page("accueil", 0, "Accueil"),
            page("roles/coordinateur", 1, "Coordinateur"),
        ];
        let h = Handbook::new(&pages, None);
        assert_eq!(h.front, Some(1));
        // outils/ has no _index.md: its page hangs under the front page.
        assert_eq!(
            paths(&pages, &h.top),
            ["accueil", "outils/fiches/soudure", "roles"]
        );
        assert_eq!(
            paths(&pages, h.children_of(2)),
            ["roles/apprenti", "roles/coordinateur", "roles/mentor"]
        );
        assert_eq!(
            paths(&pages, &h.order),
            [
                "",
                "accueil",
                "outils/fiches/soudure",
                "roles",
                "roles/apprenti",
                "roles/coordinateur",
                "roles/mentor"
            ]
        );
        assert_eq!(h.previous(1), None);
        assert_eq!(h.next(1), Some(5));
        assert_eq!(h.previous(3), Some(2));
        assert_eq!(h.next(0), None);
        assert_eq!(paths(&pages, &h.ancestors(0)), ["", "roles"]);
        assert_eq!(paths(&pages, &h.ancestors(4)), [""]);
        assert!(h.ancestors(1).is_empty());
    }

    #[test]
    fn a_handbook_without_front_page_starts_with_its_first_section() {
        let pages = vec![page("b", 0, "B"), page("a", 0, "A"), page("a/x", 0, "X")];
        let h = Handbook::new(&pages, None);
        assert_eq!(h.front, None);
        assert_eq!(paths(&pages, &h.order), ["a", "a/x", "b"]);
        assert_eq!(paths(&pages, &h.ancestors(2)), ["a"]);
        assert!(h.ancestors(1).is_empty());
    }

    fn chapter(title: &str, target: ChapterTarget, children: Vec<Chapter>) -> Chapter {
        Chapter {
            title: title.into(),
            target,
            at: 0,
            children,
        }
    }

    fn file(path: &str) -> ChapterTarget {
        ChapterTarget::File(path.into())
    }

    #[test]
    fn a_summary_sets_order_nesting_labels_and_extras_and_leaves_the_rest_out() {
        let mut pages = vec![
            page("", 0, "Guide"),
            page("roles", 0, "Rôles"),
            page("roles/mentor", 0, "Le mentor"),
            page("annexe", 0, "Annexe"),
            page("oublie", 0, "Oubliée"),
        ];
        pages[0].file = "programme/README.md".into();
        pages[1].file = "programme/roles/README.md".into();
        let summary = Summary {
            file: "programme/SUMMARY.md".into(),
            items: vec![
                SummaryItem::Chapter(chapter("Accueil", file("README.md"), vec![])),
                SummaryItem::Part("Les gens".into()),
                // Nested here under "annexe", whatever the folders say.
                SummaryItem::Chapter(chapter(
                    "Annexes",
                    file("annexe.md"),
                    vec![
                        chapter("Mentor", file("roles/mentor.md"), vec![]),
                        chapter("Plus tard", ChapterTarget::Draft, vec![]),
                    ],
                )),
                SummaryItem::Chapter(chapter("Rôles", file("roles/README.md"), vec![])),
                SummaryItem::Chapter(chapter(
                    "CFA",
                    ChapterTarget::External("https://example.org/".into()),
                    vec![],
                )),
                SummaryItem::Chapter(chapter("Perdu", file("nulle-part.md"), vec![])),
            ],
        };
        let h = Handbook::new(&pages, Some(&summary));
        assert_eq!(h.front, Some(0));
        assert_eq!(paths(&pages, &h.top), ["annexe", "roles"]);
        assert_eq!(paths(&pages, h.children_of(3)), ["roles/mentor"]);
        assert!(h.children_of(1).is_empty());
        assert_eq!(
            paths(&pages, &h.order),
            ["", "annexe", "roles/mentor", "roles"]
        );
        assert_eq!(h.label[3].as_deref(), Some("Annexes"));
        assert_eq!(h.label[2].as_deref(), Some("Mentor"));
        assert_eq!(h.label[1], None, "the same title needs no label");
        assert_eq!(
            h.extras[&None],
            [
                (0, MenuExtra::Part("Les gens".into())),
                (
                    2,
                    MenuExtra::Link {
                        title: "CFA".into(),
                        url: "https://example.org/".into()
                    }
                ),
                (2, MenuExtra::Draft("Perdu".into())),
            ]
        );
        assert_eq!(
            h.extras[&Some(3)],
            [(1, MenuExtra::Draft("Plus tard".into()))]
        );
        // Not listed: published, out of the menu and the reading order,
        // its breadcrumb from its folder.
        assert_eq!(h.position[4], None);
        assert_eq!((h.previous(4), h.next(4)), (None, None));
        assert_eq!(paths(&pages, &h.ancestors(2)), ["", "annexe"]);

        let placement = Handbook::placement(&pages, &summary);
        assert_eq!(placement.unlisted, [4]);
        assert_eq!(placement.missing.len(), 1);
        assert_eq!(placement.missing[0].title, "Perdu");
    }

    #[test]
    fn hidden_pages_and_those_under_them_are_out_of_the_menu() {
        let mut pages = vec![page("a", 0, "A"), page("a/b", 0, "B"), page("c", 0, "C")];
        pages[0].hidden = true;
        let h = Handbook::new(&pages, None);
        assert_eq!(paths(&pages, &h.order), ["c"]);
        assert_eq!(paths(&pages, &h.ancestors(1)), ["a"]);
    }
}
