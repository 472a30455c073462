//! Addresses of the output: where each page lives and how one page links
//! to another so that the site works at any sub-path and from `file://`.
//!
//! Every link is relative: a page at `mentors/claire/` reaches the root with
//! `../../`. Opened from `file://`, a link to a folder shows a directory
//! listing, so `--file-links` (or `[build] file_links`) makes every page link
//! end with `index.html`.

use url::Url;

#[derive(Clone, Debug)]
pub struct Urls {
    base: Url,
    file_links: bool,
}

impl Urls {
    pub fn new(base: Url, file_links: bool) -> Self {
        Urls { base, file_links }
    }

    /// How a link names a page folder ("mentors/claire/", "./" for home:
    /// an empty link would be read as "this page").
    pub fn page(&self, dir: &str) -> String {
        if self.file_links {
            format!("{dir}index.html")
        } else if dir.is_empty() {
            "./".to_string()
        } else {
            dir.to_string()
        }
    }

    /// From a page folder to the root: "", "../", "../../"…
    pub fn root_from(dir: &str) -> String {
        "../".repeat(dir.matches('/').count())
    }

    /// A link from the page folder `from` to `target` (a link from the root,
    /// as [`Urls::page`] or a file path gives it): the part below `from`
    /// when `target` is inside it ("2026-09-03-pose/" from the portfolio
    /// to its entry), through the root otherwise. A portfolio links each of
    /// its entries several times: the shorter link keeps the page light.
    pub fn from_page(from: &str, target: &str) -> String {
        match target.strip_prefix(from) {
            Some(below) if !below.is_empty() => below.to_string(),
            _ => format!("{}{target}", Self::root_from(from)),
        }
    }

    /// The absolute address of a page folder or file.
    pub fn absolute(&self, path: &str) -> String {
        self.base
            .join(path)
            .map_or_else(|_| format!("{}{path}", self.base), String::from)
    }

    /// The path part of `base_url` ("/compagnons-du-nord/"), for the 404
    /// page, which a host serves at any depth.
    pub fn base_path(&self) -> String {
        self.base.path().to_string()
    }

    /// A link from the page at `root` to the output path `output` (a page's
    /// folder or a file, from the site's root), then `fragment`.
    pub fn to_output(&self, output: &str, fragment: &str, root: &str) -> String {
        let mut link = format!("{root}{}", encode_path(output));
        if self.file_links && (link.ends_with('/') || link.is_empty()) {
            link.push_str("index.html");
        }
        link.push_str(fragment);
        link
    }

    /// Rewrites a link an author wrote in Markdown, seen from a page at
    /// `root`: "/competencies/x/" becomes root-relative, and folder links
    /// get `index.html` in file-links mode. External links are left alone.
    pub fn rewrite_link(&self, href: &str, root: &str) -> String {
        if href.starts_with('#')
            || href.contains("://")
            || href.starts_with("mailto:")
            || href.starts_with("tel:")
        {
            return href.to_string();
        }
        let (path, fragment) = match href.find(['#', '?']) {
            Some(i) => href.split_at(i),
            None => (href, ""),
        };
        let base_path = self.base.path();
        let mut path =
            if let Some(inside) = path.strip_prefix(base_path).filter(|_| base_path != "/") {
                format!("{root}{inside}")
            } else if let Some(absolute) = path.strip_prefix('/') {
                format!("{root}{absolute}")
            } else {
                path.to_string()
            };
        if self.file_links && (path.ends_with('/') || path.is_empty()) {
            path.push_str("index.html");
        }
        format!("{path}{fragment}")
    }
}

/// A file name as it goes in a link: each `/`-separated part percent-encoded
/// where a character would mean something else in a URL (`#` a fragment,
/// `?` a query, `%` an escape) or is not allowed in one (a space).
pub fn encode_path(path: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    /// RFC 3986's unreserved characters and sub-delimiters stay as written.
    const PART: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'[')
        .add(b'\\')
        .add(b']')
        .add(b'^')
        .add(b'`')
        .add(b'{')
        .add(b'|')
        .add(b'}');
    path.split('/')
        .map(|part| utf8_percent_encode(part, PART).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(file_links: bool) -> Urls {
        Urls::new(Url::parse("https://example.org/prog/").unwrap(), file_links)
    }

    #[test]
    fn pages_link_to_folders_or_index_files() {
        assert_eq!(urls(false).page("mentors/claire/"), "mentors/claire/");
        assert_eq!(
            urls(true).page("mentors/claire/"),
            "mentors/claire/index.html"
        );
        assert_eq!(urls(true).page(""), "index.html");
        assert_eq!(urls(false).page(""), "./");
        assert_eq!(Urls::root_from("mentors/claire/"), "../../");
        assert_eq!(Urls::root_from(""), "");
    }

    #[test]
    fn links_below_a_page_skip_the_root() {
        let portfolio = "apprentices/lucas/";
        for (file_links, entry) in [
            (false, "2026-09-03-pose/"),
            (true, "2026-09-03-pose/index.html"),
        ] {
            let target = urls(file_links).page(&format!("{portfolio}2026-09-03-pose/"));
            assert_eq!(Urls::from_page(portfolio, &target), entry);
        }
        assert_eq!(
            Urls::from_page(portfolio, "apprentices/lucas/2026-09-03-pose/photo.jpg"),
            "2026-09-03-pose/photo.jpg"
        );
        // Elsewhere, or the page itself: through the root.
        assert_eq!(
            Urls::from_page(portfolio, "apprentices/lucie/"),
            "../../apprentices/lucie/"
        );
        assert_eq!(
            Urls::from_page(portfolio, "apprentices/lucas/"),
            "../../apprentices/lucas/"
        );
    }

    #[test]
    fn author_links_become_relative() {
        let u = urls(false);
        assert_eq!(
            u.rewrite_link("/competencies/x/", "../../"),
            "../../competencies/x/"
        );
        assert_eq!(u.rewrite_link("/prog/mentors/", "../"), "../mentors/");
        assert_eq!(
            u.rewrite_link("../suivi/#bilan", "../../"),
            "../suivi/#bilan"
        );
        assert_eq!(u.rewrite_link("https://a.org/", "../"), "https://a.org/");
        assert_eq!(
            urls(true).rewrite_link("../suivi/#bilan", "../../"),
            "../suivi/index.html#bilan"
        );
        assert_eq!(absolute(), "https://example.org/prog/mentors/claire/");
    }

    fn absolute() -> String {
        urls(false).absolute("mentors/claire/")
    }
}
