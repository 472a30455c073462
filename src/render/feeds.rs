//! The site's machine-readable files: Atom feeds (the programme's recent
//! public entries, and one per public portfolio), the sitemap and
//! robots.txt (the search index is in [`super::search`]). Only public
//! apprentices appear in any of them.

use std::fmt::Write as _;

use pulldown_cmark::{Event, Parser};

use super::charts::escape;
use super::pages::page_dir;
use super::{Renderer, text};
use crate::model::{Apprentice, Entry, Visibility};
use crate::output::{Content, OutputFile};

/// How many entries the programme's feed carries.
const FEED_ENTRIES: usize = 30;
/// The most addresses one sitemap file may list (sitemaps.org); a larger
/// site gets a sitemap index at `sitemap.xml` and the addresses in
/// `sitemap-1.xml`, `sitemap-2.xml`…
pub const SITEMAP_URLS: usize = 50_000;

/// The sitemap's files for `addresses` addresses: `sitemap.xml` alone, or
/// with the parts that it indexes.
pub fn sitemap_files(addresses: usize) -> Vec<String> {
    sitemap_names(addresses, SITEMAP_URLS)
}

fn sitemap_names(addresses: usize, limit: usize) -> Vec<String> {
    let mut files = vec!["sitemap.xml".to_string()];
    if addresses > limit {
        files.extend((1..=addresses.div_ceil(limit)).map(|n| format!("sitemap-{n}.xml")));
    }
    files
}

/// How many addresses the sitemap lists: every indexable page (see
/// [`Renderer::sitemap`]), counted without making them.
pub fn sitemap_len(site: &crate::model::Site, derived: &crate::derive::Derived) -> usize {
    let framework = site
        .framework
        .as_ref()
        .map_or(0, |_| 1 + site.competencies.len());
    let portfolios: usize = site
        .apprentices
        .iter()
        .filter(|a| a.visibility == Visibility::Public)
        .map(|a| 1 + a.entries.len())
        .sum();
    // Home, mentors/, apprentices/, progress/, matching/, search/.
    6 + site.pages.len() + framework + site.mentors.len() + portfolios + derived.cohorts.len()
}

impl Renderer<'_> {
    /// The apprentices whose portfolio is public, in site order.
    fn public_apprentices(&self) -> Vec<&Apprentice> {
        self.site
            .apprentices
            .iter()
            .filter(|a| a.visibility == Visibility::Public)
            .collect()
    }

    /// `atom.xml`: the latest entries of public portfolios.
    pub(super) fn programme_feed(&self) -> OutputFile {
        let public = self.public_apprentices();
        let mut recent: Vec<(&Apprentice, &Entry)> = public
            .iter()
            .flat_map(|a| a.entries.iter().map(move |e| (*a, &**e)))
            .collect();
        recent.sort_by(|a, b| {
            b.1.date
                .value
                .cmp(&a.1.date.value)
                .then_with(|| (&a.0.slug, &a.1.slug).cmp(&(&b.0.slug, &b.1.slug)))
        });
        recent.truncate(FEED_ENTRIES);
        bytes(
            "atom.xml",
            self.atom("atom.xml", &self.site.config.title, "", &recent),
        )
    }

    /// The sitemap, and robots.txt, which names it.
    pub(super) fn sitemap_and_robots(&self) -> Vec<OutputFile> {
        let mut files = self.sitemap(&self.public_apprentices());
        let sitemap = self.urls.absolute("sitemap.xml");
        files.push(bytes(
            "robots.txt",
            format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"),
        ));
        files
    }

    /// A public portfolio's feed: index `i` into `site.apprentices`.
    pub(super) fn feed(&self, i: usize) -> OutputFile {
        let apprentice = &self.site.apprentices[i];
        let mut entries: Vec<(&Apprentice, &Entry)> = apprentice
            .entries
            .iter()
            .map(|e| (apprentice, &**e))
            .collect();
        entries.reverse();
        let dir = Self::apprentice_dir(apprentice);
        let title = text::typography(
            self.lang,
            &format!("{} — {}", apprentice.name, self.site.config.title),
        );
        let path = format!("{dir}atom.xml");
        bytes(&path, self.atom(&path, &title, &dir, &entries))
    }

    fn atom(
        &self,
        path: &str,
        title: &str,
        dir: &str,
        entries: &[(&Apprentice, &Entry)],
    ) -> String {
        let updated = entries
            .iter()
            .map(|(_, e)| e.date.value)
            .max()
            .unwrap_or(self.today);
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
        );
        let _ = writeln!(xml, "  <title>{}</title>", escape(title));
        let _ = writeln!(
            xml,
            "  <link href=\"{}\"/>",
            escape(&self.urls.absolute(dir))
        );
        let _ = writeln!(
            xml,
            "  <link rel=\"self\" href=\"{}\"/>",
            escape(&self.urls.absolute(path))
        );
        let _ = writeln!(xml, "  <id>{}</id>", escape(&self.urls.absolute(path)));
        let _ = writeln!(xml, "  <updated>{updated}T00:00:00Z</updated>");
        for (apprentice, entry) in entries {
            let url = self
                .urls
                .absolute(&format!("apprentices/{}/{}/", apprentice.slug, entry.slug));
            let summary = format!(
                "{} — {}",
                text::kind(self.lang, entry.kind),
                plain_text(&entry.body, 300)
            );
            let _ = write!(
                xml,
                "  <entry>\n    <title>{}</title>\n    <link href=\"{u}\"/>\n    <id>{u}</id>\n    <updated>{d}T00:00:00Z</updated>\n    <author><name>{a}</name></author>\n    <summary>{s}</summary>\n  </entry>\n",
                escape(&entry.title),
                u = escape(&url),
                d = entry.date.value,
                a = escape(&text::typography(self.lang, &apprentice.name)),
                s = escape(&summary)
            );
        }
        xml.push_str("</feed>\n");
        xml
    }

    /// Every indexable page: no unlisted or private apprentice, no 404. In
    /// `sitemap.xml`, or beyond 50,000 addresses in parts that it indexes.
    fn sitemap(&self, public: &[&Apprentice]) -> Vec<OutputFile> {
        let mut dirs = vec!["".to_string()];
        dirs.extend(self.site.pages.iter().map(page_dir));
        if self.site.framework.is_some() {
            dirs.push("competencies/".into());
            dirs.extend(
                self.site
                    .competencies
                    .iter()
                    .map(|c| format!("competencies/{}/", c.id)),
            );
        }
        dirs.push("mentors/".into());
        dirs.extend(
            self.site
                .mentors
                .iter()
                .map(|m| format!("mentors/{}/", m.slug)),
        );
        dirs.push("apprentices/".into());
        for apprentice in public {
            dirs.push(Self::apprentice_dir(apprentice));
            dirs.extend(
                apprentice
                    .entries
                    .iter()
                    .map(|e| format!("apprentices/{}/{}/", apprentice.slug, e.slug)),
            );
        }
        dirs.push("progress/".into());
        dirs.extend(
            self.derived
                .cohorts
                .iter()
                .map(|c| format!("progress/{}/", c.id)),
        );
        dirs.push("matching/".into());
        dirs.push("search/".into());
        dirs.sort();
        debug_assert_eq!(dirs.len(), sitemap_len(self.site, self.derived));
        self.sitemap_parts(&dirs, SITEMAP_URLS)
    }

    fn sitemap_parts(&self, dirs: &[String], limit: usize) -> Vec<OutputFile> {
        let names = sitemap_names(dirs.len(), limit);
        let urlset = |dirs: &[String]| {
            let mut xml = String::from(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            for dir in dirs {
                let _ = writeln!(
                    xml,
                    "  <url><loc>{}</loc></url>",
                    escape(&self.urls.absolute(dir))
                );
            }
            xml.push_str("</urlset>\n");
            xml
        };
        if names.len() == 1 {
            return vec![bytes("sitemap.xml", urlset(dirs))];
        }
        let mut index = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        let mut files = Vec::new();
        for (name, part) in names[1..].iter().zip(dirs.chunks(limit)) {
            let _ = writeln!(
                index,
                "  <sitemap><loc>{}</loc></sitemap>",
                escape(&self.urls.absolute(name))
            );
            files.push(bytes(name, urlset(part)));
        }
        index.push_str("</sitemapindex>\n");
        files.insert(0, bytes("sitemap.xml", index));
        files
    }
}

fn bytes(path: &str, text: String) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        content: Content::Bytes(text.into_bytes()),
    }
}

/// The text of some Markdown, without markup, cut at about `limit` chars.
pub fn plain_text(markdown: &str, limit: usize) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !out.ends_with(' ') => {
                out.push(' ')
            }
            _ => {}
        }
        if out.len() > limit {
            break;
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.chars().count() > limit {
        let cut: String = out.chars().take(limit).collect();
        format!("{}…", cut.trim_end())
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::fixture::site;

    #[test]
    fn a_sitemap_of_more_addresses_than_one_file_may_hold_is_an_index_of_parts() {
        assert_eq!(sitemap_files(SITEMAP_URLS), ["sitemap.xml"]);
        assert_eq!(
            sitemap_files(SITEMAP_URLS + 1),
            ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]
        );

        let site = site(&[], vec![]);
        let today = date(2026, 9, 5);
        let derived = crate::derive::derive(&site, today);
        let found = crate::matching::match_site(&site, &derived);
        let mut sources = crate::diagnostics::Sources::new();
        let theme = super::super::theme::load(
            std::path::Path::new("."),
            "default",
            site.config.language,
            &mut sources,
        )
        .unwrap_or_else(|_| panic!("the default theme loads"));
        let options = super::super::RenderOptions::default();
        let root = std::path::Path::new(".");
        let renderer = Renderer::new(&site, &derived, &found, &theme, root, today, &options);
        let dirs: Vec<String> = (0..7).map(|n| format!("page-{n}/")).collect();
        let files = renderer.sitemap_parts(&dirs, 3);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let text = |f: &OutputFile| match &f.content {
            Content::Bytes(bytes) => String::from_utf8(bytes.clone()).unwrap(),
            Content::Copy(_) => unreachable!("a sitemap is made"),
        };
        let index = text(&files[0]);
        assert!(index.contains("<sitemapindex"), "{index}");
        for part in &paths[1..] {
            assert!(index.contains(&format!("{part}</loc>")), "{index}");
        }
        // Each address once, no part over the limit.
        let mut listed = Vec::new();
        for file in &files[1..] {
            let part = text(file);
            let urls: Vec<&str> = part.matches("<url>").collect();
            assert!(urls.len() <= 3, "{part}");
            listed.extend(
                dirs.iter()
                    .filter(|d| part.contains(&format!("/{d}</loc>"))),
            );
        }
        assert_eq!(listed.len(), dirs.len());
    }
}
