//! Markdown to HTML: pulldown-cmark with tables, footnotes, strikethrough
//! and task lists; headings get ids, an anchor link and a table of contents;
//! links are made relative; French typography is applied to prose; raw HTML
//! is sanitised with ammonia unless the site opts out. Quotes and lists
//! nested beyond [`MAX_NESTING`] are flattened, and [`first_too_deep`] tells
//! `load` where, so that the author is warned.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use super::context::TocEntry;
use super::urls::Urls;
use crate::i18n::Lang;
use crate::slug::slugify;
use crate::tr;

/// How many quotes, lists and footnotes may sit inside one another; a list
/// and its items are one level. Deeper ones are flattened (their content
/// kept, their own tags dropped): HTML parsers slow down with depth, and
/// 40,000 nested quotes took ammonia's html5ever ten seconds to sanitise,
/// while no page needs more than a handful of levels.
pub const MAX_NESTING: usize = 32;

const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_SMART_PUNCTUATION);

/// A page's Markdown, rendered.
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
}

/// What rendering needs to know about the page.
pub struct MarkdownCtx<'a> {
    pub urls: &'a Urls,
    /// From the page to the site root.
    pub root: &'a str,
    pub lang: Lang,
    /// `[markdown] unsafe_html`: keep raw HTML as written.
    pub unsafe_html: bool,
    /// `[markdown] remote_media`: embed images from other hosts; otherwise
    /// each becomes a link naming its host.
    pub remote_media: bool,
    /// Prepended to relative links when the text is shown on another page
    /// than its own (the handbook's front page on the home page: "programme/").
    pub rebase: &'a str,
}

pub fn render(markdown: &str, cx: &MarkdownCtx) -> Rendered {
    let mut nesting = Nesting::default();
    let mut events: Vec<Event> = Vec::new();
    for event in Parser::new_ext(markdown, OPTIONS) {
        if !nesting.too_deep(&event) {
            events.push(event);
        } else if !matches!(events.last(), Some(Event::SoftBreak)) {
            // Keeps the words of flattened list items apart, once per run
            // rather than once per dropped tag.
            events.push(Event::SoftBreak);
        }
    }

    // First pass: heading texts, to give each heading a unique id.
    let mut toc = Vec::new();
    let mut ids = HeadingIds::default();
    let mut heading_ids = Vec::new();
    let mut in_heading: Option<(HeadingLevel, String)> = None;
    for event in &events {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                in_heading = Some((
                    *level,
                    id.as_ref().map(|i| i.to_string()).unwrap_or_default(),
                ));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = in_heading.as_mut() {
                    text.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = in_heading.take() {
                    // An id starting with a digit is awkward in CSS and refused by validators.
                    let base = match slugify(&text) {
                        s if s.is_empty() => "section".to_string(),
                        s if s.starts_with(|c: char| c.is_ascii_digit()) => format!("s-{s}"),
                        s => s,
                    };
                    let id = ids.unique(base);
                    if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                        toc.push(TocEntry {
                            id: id.clone(),
                            title: crate::render::text::typography(cx.lang, text.trim()),
                            level: if level == HeadingLevel::H2 { 2 } else { 3 },
                        });
                    }
                    heading_ids.push(id);
                }
            }
            _ => {}
        }
    }

    // Second pass: ids on headings, anchors, relative links, typography.
    let anchor_label = tr!(cx.lang, "Lien vers cette section", "Link to this section");
    let mut heading_ids = heading_ids.into_iter();
    // The id of the heading being drawn, for its anchor at the heading's end.
    let mut heading_id: Option<String> = None;
    let mut in_code = false;
    let mut tables = 0;
    // Whether each open link is kept, and each open remote image drawn as
    // a link: (host, kept, where its alt text starts in `out`).
    let mut links: Vec<bool> = Vec::new();
    let mut remote_images: Vec<(String, bool, usize)> = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = heading_ids.next().unwrap_or_default();
                heading_id = Some(id.clone());
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(id) = heading_id.take() {
                    let anchor = format!(
                        " <a class=\"heading-anchor\" href=\"#{id}\"><span aria-hidden=\"true\">#</span><span class=\"sr\">{anchor_label}</span></a>"
                    );
                    out.push(Event::InlineHtml(CowStr::from(anchor)));
                }
                out.push(Event::End(TagEnd::Heading(level)));
            }
            // Wide tables scroll in their own focusable, named container
            // instead of making the page scroll sideways on a phone.
            Event::Start(Tag::Table(alignment)) => {
                tables += 1;
                let label = tr!(cx.lang, "Tableau {tables}", "Table {tables}");
                out.push(Event::Html(CowStr::from(format!(
                    "<section class=\"table-scroll\" tabindex=\"0\" aria-label=\"{label}\">"
                ))));
                out.push(Event::Start(Tag::Table(alignment)));
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html(CowStr::from("</section>")));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                out.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(text) if !in_code && cx.lang == Lang::Fr => {
                out.push(Event::Text(CowStr::from(crate::i18n::french_typography(
                    &text,
                ))));
            }
            // A link that would run code: only its text stays, even where
            // raw HTML is trusted (`unsafe_html` skips the sanitiser).
            Event::Start(Tag::Link { dest_url, .. }) if runs_code(&dest_url) => {
                links.push(false);
            }
            Event::End(TagEnd::Link) => {
                if links.pop().unwrap_or(true) {
                    out.push(Event::End(TagEnd::Link));
                }
            }
            // An image from another host would make every reader's browser
            // call it (a tracking pixel; a broken image offline): a link
            // naming the host instead, unless the site asks for embedding.
            Event::Start(Tag::Image {
                dest_url,
                title,
                id,
                ..
            }) if !cx.remote_media && remote_host(&dest_url).is_some() => {
                let host = remote_host(&dest_url).unwrap_or_default().to_string();
                let safe = !runs_code(&dest_url);
                if safe {
                    out.push(Event::Start(Tag::Link {
                        link_type: pulldown_cmark::LinkType::Inline,
                        dest_url,
                        title,
                        id,
                    }));
                }
                remote_images.push((host, safe, out.len()));
            }
            Event::End(TagEnd::Image) if !remote_images.is_empty() => {
                if let Some((host, safe, start)) = remote_images.pop() {
                    let alt = out.len() > start;
                    let words = if alt {
                        tr!(cx.lang, " (image sur {host})", " (image on {host})")
                    } else {
                        tr!(cx.lang, "image sur {host}", "image on {host}")
                    };
                    out.push(Event::Text(CowStr::from(words)));
                    if safe {
                        out.push(Event::End(TagEnd::Link));
                    }
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                links.push(true);
                let relative = !dest_url.starts_with(['/', '#']) && !dest_url.contains(':');
                let dest = if relative {
                    format!("{}{dest_url}", cx.rebase)
                } else {
                    dest_url.to_string()
                };
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(cx.urls.rewrite_link(&dest, cx.root)),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = if dest_url.contains("://") {
                    dest_url.to_string()
                } else if let Some(absolute) = dest_url.strip_prefix('/') {
                    format!("{}{absolute}", cx.root)
                } else {
                    dest_url.to_string()
                };
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                }));
            }
            other => out.push(other),
        }
    }
    let mut html_out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    let html_out = if cx.unsafe_html {
        html_out
    } else {
        SANITISER.clean(&html_out).to_string()
    };
    Rendered {
        html: html_out,
        toc,
    }
}

/// Whether a link's address would run code when followed: `javascript:`,
/// `vbscript:`, `data:` (however it is cased or spaced, as browsers read it).
pub fn runs_code(url: &str) -> bool {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take_while(|&c| c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    url.contains(':') && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

/// The host of an address on another site (`https://host/…`, `//host/…`).
pub fn remote_host(url: &str) -> Option<&str> {
    let url = url.trim();
    let rest = ["https://", "http://", "//"].iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|s| s.eq_ignore_ascii_case(scheme))
            .map(|_| &url[scheme.len()..])
    })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    Some(host.rsplit('@').next().unwrap_or(host))
}

/// Every link and image address in `markdown`, with where it starts (in
/// bytes from the start of `markdown`).
pub fn addresses(markdown: &str) -> Vec<(usize, String)> {
    Parser::new_ext(markdown, OPTIONS)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some((range.start, dest_url.to_string()))
            }
            _ => None,
        })
        .collect()
}

/// What load reports about a text, found in one pass of the parser.
#[derive(Debug, Default, PartialEq)]
pub struct Inspection {
    /// Where the first quote or list nested deeper than [`MAX_NESTING`]
    /// starts: what [`render`] will flatten.
    pub too_deep: Option<usize>,
    /// Where each image from another host starts, with the host: what
    /// [`render`] draws as links unless `remote_media`.
    pub remote_images: Vec<(usize, String)>,
}

/// [`Inspection`] of `markdown`, offsets in bytes from its start.
pub fn inspect(markdown: &str) -> Inspection {
    let mut nesting = Nesting::default();
    let mut found = Inspection::default();
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        if nesting.too_deep(&event) && found.too_deep.is_none() {
            found.too_deep = Some(range.start);
        }
        if let Event::Start(Tag::Image { dest_url, .. }) = &event
            && let Some(host) = remote_host(dest_url)
        {
            found.remote_images.push((range.start, host.to_string()));
        }
    }
    found
}

/// Where the first quote or list nested deeper than [`MAX_NESTING`] starts,
/// in bytes from the start of `markdown`: what [`render`] will flatten.
pub fn first_too_deep(markdown: &str) -> Option<usize> {
    inspect(markdown).too_deep
}

/// How deep the block containers around an event are: the one notion of
/// depth that rendering flattens by and that the author is warned about.
#[derive(Default)]
struct Nesting {
    depth: usize,
}

impl Nesting {
    /// Follows `event`; true when it opens or closes a container that sits
    /// deeper than [`MAX_NESTING`].
    fn too_deep(&mut self, event: &Event) -> bool {
        let (end, opens) = match event {
            Event::Start(tag) => (tag.to_end(), true),
            Event::End(end) => (*end, false),
            _ => return false,
        };
        match end {
            // The containers that can hold themselves, each one a level.
            TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList => {
                if opens {
                    self.depth += 1;
                    self.depth > MAX_NESTING
                } else {
                    let deep = self.depth > MAX_NESTING;
                    self.depth -= 1;
                    deep
                }
            }
            // An item sits at its list's level and goes with it: an item
            // without its list would not be valid HTML.
            TagEnd::Item | TagEnd::DefinitionListTitle | TagEnd::DefinitionListDefinition => {
                self.depth > MAX_NESTING
            }
            _ => false,
        }
    }
}

/// Unique heading ids: the first "intro", then "intro-2", "intro-3"…
///
/// The next suffix to try is remembered per base id, so a page of thousands
/// of identical headings stays linear; an id already taken (a heading titled
/// "intro-2" above two "intro") is skipped. Each taken id is skipped at most
/// once, since "base-n" names its base and suffix.
#[derive(Default)]
struct HeadingIds {
    taken: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl HeadingIds {
    fn unique(&mut self, base: String) -> String {
        if !self.taken.contains(&base) {
            self.taken.insert(base.clone());
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// Ammonia's safe defaults, plus what compagnon itself writes: heading ids
/// and anchors, task-list checkboxes, table alignment.
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id"])
        .add_tag_attributes("a", ["class"])
        .add_tag_attributes("span", ["class", "aria-hidden"])
        .add_tag_attributes("section", ["class", "tabindex", "aria-label"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tags(["input", "section"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .link_rel(None)
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect());
    builder
});

#[cfg(test)]
mod tests {
    use super::*;
    use url::Url;

    fn render_fr(md: &str, unsafe_html: bool) -> Rendered {
        let urls = Urls::new(Url::parse("https://example.org/p/").unwrap(), false);
        render(
            md,
            &MarkdownCtx {
                urls: &urls,
                root: "../../",
                lang: Lang::Fr,
                unsafe_html,
                remote_media: false,
                rebase: "",
            },
        )
    }

    #[test]
    fn an_image_from_another_host_is_a_link_naming_it_unless_the_site_asks() {
        for unsafe_html in [false, true] {
            let r = render_fr(
                "Voir ![le plan](https://tracker.example/p.png?u=1) et ![](//cdn.example/x.gif).\n\n![local](plan.png)",
                unsafe_html,
            );
            assert!(!r.html.contains("<img src=\"https://tracker"), "{}", r.html);
            assert!(!r.html.contains("<img src=\"//cdn"), "{}", r.html);
            assert!(
                r.html.contains("<a href=\"https://tracker.example/p.png?u=1\">le plan (image sur tracker.example)</a>"),
                "{}",
                r.html
            );
            assert!(r.html.contains(">image sur cdn.example</a>"), "{}", r.html);
            assert!(
                r.html.contains("<img src=\"plan.png\" alt=\"local\""),
                "{}",
                r.html
            );
        }
        let urls = Urls::new(Url::parse("https://example.org/p/").unwrap(), false);
        let embedded = render(
            "![le plan](https://tracker.example/p.png)",
            &MarkdownCtx {
                urls: &urls,
                root: "",
                lang: Lang::Fr,
                unsafe_html: false,
                remote_media: true,
                rebase: "",
            },
        );
        assert!(
            embedded
                .html
                .contains("<img src=\"https://tracker.example/p.png\""),
            "{}",
            embedded.html
        );
    }

    #[test]
    fn links_that_run_code_keep_only_their_text_even_with_raw_html_trusted() {
        for link in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "<java\tscript:alert(1)>",
        ] {
            let r = render_fr(&format!("Un [lien piégé]({link}) ici."), true);
            let lower = r.html.to_ascii_lowercase();
            assert!(
                !lower.contains("href=\"java") && !lower.contains("href=\"vb"),
                "{link}: {}",
                r.html
            );
            assert!(!r.html.contains("data:text"), "{link}: {}", r.html);
            assert!(r.html.contains("lien piégé"), "{link}: {}", r.html);
        }
        assert!(runs_code(" javascript:x") && runs_code("\u{1}javascript:x"));
        assert!(!runs_code("https://example.org/javascript:") && !runs_code("notes.md"));
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let r = render_fr("## Le rôle\n\ntexte\n\n### Détail\n\n## Le rôle\n", false);
        assert!(r.html.contains("<h2 id=\"le-role\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"le-role-2\">"), "{}", r.html);
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["le-role", "detail", "le-role-2"]);
        assert!(r.html.contains("href=\"#le-role\""));
        assert!(
            render_fr("## 1. Engagements\n", false)
                .html
                .contains("id=\"s-1-engagements\"")
        );
    }

    #[test]
    fn thousands_of_identical_headings_get_distinct_ids() {
        let r = render_fr(&"## Intro\n".repeat(8000), false);
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids[..3], ["intro", "intro-2", "intro-3"]);
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 8000);
        assert_eq!(ids[7999], "intro-8000");
        // A heading that already took "intro-2" keeps it; the others go around it.
        let r = render_fr("## Intro 2\n\n## Intro\n\n## Intro\n\n## Intro\n", false);
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["intro-2", "intro", "intro-3", "intro-4"]);
    }

    /// The deepest nesting of `<tag>` elements in some HTML.
    fn deepest(html: &str, tag: &str) -> usize {
        let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
        let (mut depth, mut deepest) = (0usize, 0);
        for (i, _) in html.match_indices('<') {
            if html[i..].starts_with(&open) {
                depth += 1;
                deepest = deepest.max(depth);
            } else if html[i..].starts_with(&close) {
                depth -= 1;
            }
        }
        deepest
    }

    #[test]
    fn quotes_and_lists_deeper_than_the_cap_are_flattened_keeping_their_text() {
        let quotes = format!("{} au fond\n", ">".repeat(40_000));
        let r = render_fr(&quotes, false);
        assert!(r.html.contains("<p>au fond</p>"), "{}", &r.html[..200]);
        assert_eq!(deepest(&r.html, "blockquote"), MAX_NESTING);
        // Where check warns: the first quote beyond the cap.
        assert_eq!(first_too_deep(&quotes), Some(MAX_NESTING));

        let lists = format!("{}au fond\n", "- ".repeat(40_000));
        let r = render_fr(&lists, false);
        assert!(r.html.contains("au fond"), "{}", &r.html[..200]);
        assert_eq!(deepest(&r.html, "ul"), MAX_NESTING);
        assert_eq!(deepest(&r.html, "li"), MAX_NESTING);

        // Up to the cap, nothing changes.
        let at_cap = format!("{} au fond\n", ">".repeat(MAX_NESTING));
        assert_eq!(first_too_deep(&at_cap), None);
        assert_eq!(
            deepest(&render_fr(&at_cap, false).html, "blockquote"),
            MAX_NESTING
        );
    }

    #[test]
    fn tables_scroll_in_a_named_focusable_container() {
        let r = render_fr(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n| c |\n|---|\n| 3 |\n",
            false,
        );
        assert!(
            r.html.contains(
                "<section class=\"table-scroll\" tabindex=\"0\" aria-label=\"Tableau 1\"><table>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("aria-label=\"Tableau 2\""), "{}", r.html);
    }

    #[test]
    fn raw_html_is_sanitised_and_javascript_urls_removed() {
        let r = render_fr(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick=\"x()\">gras</b>",
            false,
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(r.html.contains("<b>gras</b>"), "{}", r.html);
        let kept = render_fr("<div class=\"encadre\">x</div>", true);
        assert!(
            kept.html.contains("<div class=\"encadre\">"),
            "{}",
            kept.html
        );
    }

    #[test]
    fn site_absolute_links_become_relative() {
        let r = render_fr(
            "[compétence](/competencies/soudure/) et [ext](https://a.org/)",
            false,
        );
        assert!(
            r.html.contains("href=\"../../competencies/soudure/\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"https://a.org/\""), "{}", r.html);
    }

    #[test]
    fn french_prose_gets_non_breaking_spaces_but_code_does_not() {
        let r = render_fr("Attention : chaud !\n\n```\na : b\n```\n", false);
        assert!(
            r.html.contains("Attention&nbsp;: chaud&nbsp;!"),
            "{}",
            r.html
        );
        assert!(r.html.contains("a : b"), "{}", r.html);
    }
}
