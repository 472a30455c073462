//! A large handbook as organisations write them: 2,000 pages in nested
//! folders, some folders without a page of their own (each still gets a
//! page, titled from its name, listing what it holds). Every page's
//! breadcrumb, previous/next links and navigation must follow the tree the
//! folders describe; the expected tree is worked out here independently,
//! by the plainest possible means, from the source paths alone.

#[path = "../benches/synthetic.rs"]
#[allow(dead_code)]
mod synthetic;

use std::collections::BTreeMap;

use scraper::{Html, Selector};

/// A source page: its address and what orders it.
struct Source {
    /// `partie-0/chapitre-1/page-3` or `partie-0` for its `_index.md`; "" for the front page.
    path: String,
    title: String,
    weight: i64,
}

fn read_sources(root: &std::path::Path, rels: &[String]) -> Vec<Source> {
    rels.iter()
        .map(|rel| {
            let text = std::fs::read_to_string(root.join("programme").join(rel)).unwrap();
            let field = |name: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(&format!("{name} = ")))
                    .unwrap()
                    .trim_matches('"')
                    .to_string()
            };
            let path = rel
                .trim_end_matches(".md")
                .trim_end_matches("_index")
                .trim_end_matches('/')
                .to_string();
            Source {
                path,
                title: field("title"),
                weight: field("weight").parse().unwrap(),
            }
        })
        .collect()
}

/// The page above `path`: the longest proper prefix that is a page, else the front page.
fn parent<'s>(sources: &'s [Source], path: &str) -> Option<&'s Source> {
    if path.is_empty() {
        return None;
    }
    sources
        .iter()
        .filter(|s| path.starts_with(&format!("{}/", s.path)) || s.path.is_empty())
        .max_by_key(|s| s.path.len())
}

fn url(path: &str) -> String {
    if path.is_empty() {
        "programme/".into()
    } else {
        format!("programme/{path}/")
    }
}

#[test]
fn two_thousand_nested_pages_each_get_the_right_breadcrumb_neighbours_and_navigation() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let rels = synthetic::write_handbook(&root, 2000);
    assert_eq!(rels.len(), 2000);
    let mut sources = read_sources(&root, &rels);
    // Folders without an _index.md: a page of their own, titled from the
    // folder's name ("chapitre-3" → "Chapitre 3"), weight 0.
    let mut folders: Vec<String> = sources
        .iter()
        .flat_map(|s| {
            let parts: Vec<&str> = s.path.split('/').collect();
            (1..parts.len())
                .map(|n| parts[..n].join("/"))
                .collect::<Vec<_>>()
        })
        .collect();
    folders.sort();
    folders.dedup();
    let generated: Vec<Source> = folders
        .into_iter()
        .filter(|f| !sources.iter().any(|s| &s.path == f))
        .map(|f| {
            let name = f.rsplit('/').next().unwrap().replace('-', " ");
            let title = name[..1].to_uppercase() + &name[1..];
            Source {
                path: f,
                title,
                weight: 0,
            }
        })
        .collect();
    assert!(
        !generated.is_empty(),
        "the generator writes folders without a page"
    );
    let pages = sources.len() + generated.len();
    sources.extend(generated);

    // Children of each page, in reading order (weight, then name).
    let mut children: BTreeMap<&str, Vec<&Source>> = BTreeMap::new();
    for s in sources.iter().filter(|s| !s.path.is_empty()) {
        children
            .entry(parent(&sources, &s.path).unwrap().path.as_str())
            .or_default()
            .push(s);
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| (a.weight, &a.path, &a.title).cmp(&(b.weight, &b.path, &b.title)));
    }
    fn walk<'s>(at: &str, children: &BTreeMap<&str, Vec<&'s Source>>, order: &mut Vec<&'s Source>) {
        for child in children.get(at).into_iter().flatten() {
            order.push(child);
            walk(&child.path, children, order);
        }
    }
    let mut order: Vec<&Source> = sources.iter().filter(|s| s.path.is_empty()).collect();
    walk("", &children, &mut order);
    assert_eq!(order.len(), pages);

    let out = dir.path().join("public");
    let (checked, built) = compagnon::build_site(
        &root,
        &compagnon::BuildOptions {
            output: Some(out.clone()),
            ..Default::default()
        },
    );
    assert!(built.is_some(), "{:?}", checked.diagnostics.iter().next());

    let crumbs = Selector::parse("nav.breadcrumb a").unwrap();
    let prev = Selector::parse("nav.pager a.prev").unwrap();
    let next = Selector::parse("nav.pager a.next").unwrap();
    let current =
        Selector::parse("nav .tree a[aria-current=page], details.tree a[aria-current=page]")
            .unwrap();
    let tree_links = Selector::parse("details.tree nav a").unwrap();
    let target = |a: scraper::ElementRef| {
        a.value()
            .attr("href")
            .unwrap()
            .trim_start_matches("../")
            .to_string()
    };
    for (place, page) in order.iter().enumerate() {
        let html = std::fs::read_to_string(out.join(url(&page.path)).join("index.html")).unwrap();
        let doc = Html::parse_document(&html);
        let at = &page.path;

        let mut expected_crumbs = Vec::new();
        let mut up = parent(&sources, at);
        while let Some(p) = up {
            expected_crumbs.push(url(&p.path));
            up = parent(&sources, &p.path);
        }
        expected_crumbs.push("./".into());
        expected_crumbs.reverse();
        let found: Vec<String> = doc.select(&crumbs).map(target).collect();
        assert_eq!(found, expected_crumbs, "breadcrumb of {at}");

        let found_prev = doc.select(&prev).next().map(target);
        let expected_prev = place.checked_sub(1).map(|p| url(&order[p].path));
        assert_eq!(found_prev, expected_prev, "previous of {at}");
        let found_next = doc.select(&next).next().map(target);
        let expected_next = order.get(place + 1).map(|p| url(&p.path));
        assert_eq!(found_next, expected_next, "next of {at}");

        // The navigation: the top pages, and the pages under each page on
        // the way down to this one; the current page marked.
        let mut open: Vec<&str> = vec![""];
        let mut up = parent(&sources, at);
        while let Some(p) = up.filter(|p| !p.path.is_empty()) {
            open.push(&p.path);
            up = parent(&sources, &p.path);
        }
        if !at.is_empty() {
            open.push(at);
        }
        let mut expected_nav: Vec<String> = open
            .iter()
            .flat_map(|o| children.get(o).into_iter().flatten())
            .map(|c| url(&c.path))
            .collect();
        expected_nav.sort();
        let mut found_nav: Vec<String> = doc.select(&tree_links).map(target).collect();
        found_nav.sort();
        assert_eq!(found_nav, expected_nav, "navigation of {at}");
        let marked: Vec<String> = doc.select(&current).map(target).collect();
        if at.is_empty() {
            assert!(
                marked.is_empty(),
                "the front page is not in its own navigation"
            );
        } else {
            assert_eq!(marked, vec![url(at)], "current page of {at}");
        }
    }
}
