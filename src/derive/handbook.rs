//! The handbook's tree, computed once per build: each page's parent,
//! children in reading order, previous and next page, and ancestors.
//!
//! A page's parent is the nearest folder above it that has a page of its own
//! (`_index.md`), else the front page. Render reads these relations for
//! every page it draws; computing them here keeps a 10,000-page handbook
//! linear instead of searching the page list for every node of every page.

use std::collections::HashMap;

use crate::model::Page;

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
    /// in reading order (`weight`, then title, then path). The front page's
    /// children are `top`.
    pub children: Vec<Vec<usize>>,
    /// Every page in reading order: the front page, then each section
    /// followed by its pages, depth first.
    pub order: Vec<usize>,
    /// Index-aligned with `site.pages`: the page's place in `order`.
    pub position: Vec<usize>,
}

impl Handbook {
    /// Builds the tree of `pages`, whose paths are unique (load refuses two
    /// files with one path).
    pub fn new(pages: &[Page]) -> Handbook {
        let by_path: HashMap<&str, usize> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.as_str(), i))
            .collect();
        let front = by_path.get("").copied();
        let mut parent = vec![None; pages.len()];
        let mut children = vec![Vec::new(); pages.len()];
        let mut top = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            if page.path.is_empty() {
                continue;
            }
            let mut up = page.path.as_str();
            let found = loop {
                match up.rsplit_once('/') {
                    Some((above, _)) => {
                        if let Some(&p) = by_path.get(above) {
                            break Some(p);
                        }
                        up = above;
                    }
                    None => break None,
                }
            };
            parent[i] = found;
            match found {
                Some(p) => children[p].push(i),
                None => top.push(i),
            }
        }
        let reading = |list: &mut Vec<usize>| {
            list.sort_by(|&a, &b| {
                let (a, b) = (&pages[a], &pages[b]);
                a.weight
                    .cmp(&b.weight)
                    .then_with(|| a.title.cmp(&b.title))
                    .then_with(|| a.path.cmp(&b.path))
            });
        };
        reading(&mut top);
        children.iter_mut().for_each(reading);

        let mut order = Vec::with_capacity(pages.len());
        order.extend(front);
        // Depth first without recursion: a deeply nested handbook cannot
        // overflow the stack.
        let mut stack: Vec<usize> = top.iter().rev().copied().collect();
        while let Some(page) = stack.pop() {
            order.push(page);
            stack.extend(children[page].iter().rev());
        }
        let mut position = vec![0; pages.len()];
        for (place, &page) in order.iter().enumerate() {
            position[page] = place;
        }
        Handbook {
            front,
            top,
            parent,
            children,
            order,
            position,
        }
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
        let place = self.position[page];
        place.checked_sub(1).map(|p| self.order[p])
    }

    /// The page after `page` in reading order.
    pub fn next(&self, page: usize) -> Option<usize> {
        self.order.get(self.position[page] + 1).copied()
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
            body: String::new(),
            body_at: 0,
        }
    }

    fn paths(pages: &[Page], list: &[usize]) -> Vec<String> {
        list.iter().map(|&i| pages[i].path.clone()).collect()
    }

    #[test]
    fn parents_skip_folders_without_a_page_and_order_follows_weight_then_title() {
        let pages = vec![
            page("roles/mentor", 2, "Mentor"),
            page("", 0, "Guide"),
            page("roles", 1, "Rôles"),
            page("roles/apprenti", 1, "Apprenti"),
            page("outils/fiches/soudure", 0, "Soudure"),
            page("accueil", 0, "Accueil"),
            page("roles/coordinateur", 1, "Coordinateur"),
        ];
        let h = Handbook::new(&pages);
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
        let h = Handbook::new(&pages);
        assert_eq!(h.front, None);
        assert_eq!(paths(&pages, &h.order), ["a", "a/x", "b"]);
        assert_eq!(paths(&pages, &h.ancestors(2)), ["a"]);
        assert!(h.ancestors(1).is_empty());
    }
}
