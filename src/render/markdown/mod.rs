//! Markdown to HTML: pulldown-cmark with tables, footnotes, strikethrough,
//! task lists, definition lists and GitHub's callouts (`> [!NOTE]`);
//! GitBook's blocks ([`gitbook`]) expanded first; headings get GitHub's ids
//! ([`anchors`]) or the author's (`{#id}`) and a table of contents; code
//! blocks are coloured at build time ([`highlight`]); links are made
//! relative; French typography is applied to prose, never to
//! code; raw HTML is sanitised with ammonia unless the site opts out.
//! Quotes and lists nested beyond [`MAX_NESTING`] are flattened, and
//! [`first_too_deep`] tells `load` where, so that the author is warned.

mod anchors;
mod gitbook;
mod highlight;
mod raw;

use std::sync::LazyLock;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag,
    TagEnd, html,
};

pub use gitbook::{Odd, OddTag, odd_tags};

use super::context::TocEntry;
use super::urls::Urls;
use crate::i18n::Lang;
use crate::render::charts::escape;
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
    .union(Options::ENABLE_SMART_PUNCTUATION)
    .union(Options::ENABLE_GFM)
    .union(Options::ENABLE_DEFINITION_LIST);

/// The five callouts GitHub draws (`> [!NOTE]`…); GitBook's hint styles
/// map onto them. Each is titled with a word, so that its colour is never
/// all that tells it apart.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Callout {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl Callout {
    const CLOSE: &str = "</aside>";

    /// GitBook's `{% hint style="…" %}`: info (the default), success,
    /// warning, danger.
    fn from_hint(style: Option<&str>) -> Self {
        match style {
            Some("success") => Callout::Tip,
            Some("warning") => Callout::Warning,
            Some("danger") => Callout::Caution,
            _ => Callout::Note,
        }
    }

    /// The callout's opening tag and title; [`Self::CLOSE`] ends it.
    fn open(self, lang: Lang) -> String {
        let (key, title) = match self {
            Callout::Note => ("note", tr!(lang, "Remarque", "Note")),
            Callout::Tip => ("tip", tr!(lang, "Conseil", "Tip")),
            Callout::Important => ("important", tr!(lang, "Important", "Important")),
            Callout::Warning => ("warning", tr!(lang, "Attention", "Warning")),
            Callout::Caution => ("caution", tr!(lang, "Danger", "Caution")),
        };
        format!(
            "<aside class=\"callout callout-{key}\" role=\"note\"><p class=\"callout-title\">{title}</p>"
        )
    }
}

impl From<BlockQuoteKind> for Callout {
    fn from(kind: BlockQuoteKind) -> Self {
        match kind {
            BlockQuoteKind::Note => Callout::Note,
            BlockQuoteKind::Tip => Callout::Tip,
            BlockQuoteKind::Important => Callout::Important,
            BlockQuoteKind::Warning => Callout::Warning,
            BlockQuoteKind::Caution => Callout::Caution,
        }
    }
}

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
    /// Where a link or image written in the text leads, when it names a
    /// file of the site (`../roles/mentor.md#le-role`, `images/plan.png`):
    /// the link from this page to where that file is published, and for an
    /// image (`true`) its size. None: the address is rewritten as such.
    pub resolve: Option<&'a Resolve<'a>>,
}

/// A file of the site that a link or image names.
pub struct Target {
    pub href: String,
    /// An image's width and height, when it is one the site can read.
    pub size: Option<(u32, u32)>,
    /// The title of the page it leads to, when it is one.
    pub title: Option<String>,
}

/// A link's `#fragment` as the ids of headings are made: written for
/// GitHub (`#laccessibilit%C3%A9`), it lands on `#laccessibilite`.
/// GitHub's own prefix (`#user-content-fn-1`, how its pages name their
/// footnotes and the authors' ids) goes too.
pub fn fold_fragment(fragment: &str) -> String {
    if let Some(id) = fragment.strip_prefix("#user-content-") {
        return fold_fragment(&format!("#{id}"));
    }
    if fragment.is_ascii() && !fragment.contains('%') {
        return fragment.to_string();
    }
    let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    anchors::fold_accents(&decoded)
}

/// See [`MarkdownCtx::resolve`].
pub type Resolve<'a> = dyn Fn(&str, bool) -> Option<Target> + Sync + 'a;

pub fn render(markdown: &str, cx: &MarkdownCtx) -> Rendered {
    let markdown = gitbook::expand(markdown, cx.lang);
    let markdown = markdown.as_ref();
    let mut nesting = Nesting::default();
    let mut events: Vec<Event> = Vec::new();

    // First pass, as the events come: heading texts, to give each heading
    // GitHub's id (or the one the author wrote: `## Titre {#id}`).
    let mut toc = Vec::new();
    let mut ids = anchors::HeadingIds::default();
    let mut heading_ids = Vec::new();
    let mut in_heading: Option<(HeadingLevel, String)> = None;
    let mut anchor = GitbookAnchor::default();
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        if nesting.too_deep(&event) {
            // Keeps the words of flattened list items apart, once per run
            // rather than once per dropped tag.
            if !matches!(events.last(), Some(Event::SoftBreak)) {
                events.push(Event::SoftBreak);
            }
            continue;
        }
        anchor.see(&event, events.len());
        match &event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = Some((*level, String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = in_heading.as_mut() {
                    // Smart punctuation made "--" a dash; GitHub, which has
                    // none, keeps the hyphens in the id.
                    let written = &markdown[range];
                    let dashes = matches!(&**t, "\u{2013}" | "\u{2014}")
                        && written.bytes().all(|b| b == b'-');
                    text.push_str(if dashes { written } else { t });
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, mut text)) = in_heading.take() {
                    // `## Titre {#id}`: the author's id, taken out of the text.
                    let mut custom = None;
                    // GitBook's `## Titre <a href="#id" id="id"></a>`: the
                    // same, and its empty link goes.
                    if let Some((id, at)) = anchor.id.take() {
                        custom = Some(id);
                        events.truncate(at);
                        text.truncate(text.trim_end().len());
                        if let Some(Event::Text(last)) = events.last_mut() {
                            *last = CowStr::from(last.trim_end().to_string());
                        }
                    }
                    if let Some(Event::Text(last)) = events.last_mut().filter(|_| custom.is_none())
                        && let Some((at, id)) = custom_id(last)
                    {
                        custom = Some(id.to_string());
                        text.truncate(text.len() - (last.len() - at));
                        *last = CowStr::from(last[..at].to_string());
                    }
                    let id = heading_id(&mut ids, &text, custom);
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
        events.push(event);
    }

    // Second pass: ids on headings, callouts, tables, code, relative
    // links, typography. Headings carry no "#" link of their own: one after
    // every heading was a tab stop each and printed; a section's address is
    // its link in the page's table of contents.
    let mut heading_ids = heading_ids.into_iter();
    let mut in_code = false;
    // A fenced block with a language, its text gathered to be coloured.
    let mut fenced: Option<(CowStr, String)> = None;
    // Inline `<code>`, `<kbd>`… written as HTML and still open: their text
    // is code too.
    let mut raw_code = 0usize;
    let mut tables = 0;
    // The open table's column alignments, whether its head is being drawn,
    // and the cell being drawn in its row.
    let mut alignments: Vec<Alignment> = Vec::new();
    let mut in_table_head = false;
    let mut cell = 0;
    // Whether each open link is kept, and each open remote image drawn as
    // a link: (host, kept, where its alt text starts in `out`).
    let mut links: Vec<bool> = Vec::new();
    let mut remote_images: Vec<(String, bool, usize)> = Vec::new();
    // Footnotes are numbered in the order they are first called, as
    // GitHub numbers them, and drawn together at the end of the text.
    let mut footnote_numbers: Vec<CowStr> = Vec::new();
    for event in &events {
        if let Event::FootnoteReference(label) = event
            && !footnote_numbers.contains(label)
        {
            footnote_numbers.push(label.clone());
        }
    }
    let mut footnote_calls: Vec<usize> = vec![0; footnote_numbers.len()];
    // Each definition's label and events, and where the open one starts in `out`.
    let mut footnotes: Vec<(CowStr, Vec<Event>)> = Vec::new();
    let mut footnote_start: Option<(CowStr, usize)> = None;
    // Inside a GitBook card (`{% content-ref %}`).
    let mut in_content_ref = false;
    let mut out = Vec::with_capacity(events.len());
    let mut events = events.into_iter().peekable();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = heading_ids.next().unwrap_or_default();
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes,
                    attrs,
                }));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                out.push(Event::Html(CowStr::from(Callout::from(kind).open(cx.lang))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                out.push(Event::Html(CowStr::from(Callout::CLOSE)));
            }
            // Wide tables scroll in their own focusable, named container
            // instead of making the page scroll sideways on a phone.
            Event::Start(Tag::Table(alignment)) => {
                tables += 1;
                let label = tr!(cx.lang, "Tableau {tables}", "Table {tables}");
                out.push(Event::Html(CowStr::from(format!(
                    "<section class=\"table-scroll\" tabindex=\"0\" aria-label=\"{label}\">"
                ))));
                alignments = alignment.clone();
                out.push(Event::Start(Tag::Table(alignment)));
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html(CowStr::from("</section>")));
            }
            Event::Start(Tag::TableHead) => {
                (in_table_head, cell) = (true, 0);
                out.push(Event::Start(Tag::TableHead));
            }
            Event::End(TagEnd::TableHead) => {
                in_table_head = false;
                out.push(Event::End(TagEnd::TableHead));
            }
            Event::Start(Tag::TableRow) => {
                cell = 0;
                out.push(Event::Start(Tag::TableRow));
            }
            // A column's alignment is a class, not the inline style
            // pulldown-cmark writes: the sanitiser keeps no style.
            Event::Start(Tag::TableCell) => {
                let tag = if in_table_head { "th" } else { "td" };
                let class = match alignments.get(cell) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                out.push(Event::Html(CowStr::from(format!("<{tag}{class}>"))));
            }
            Event::End(TagEnd::TableCell) => {
                cell += 1;
                let tag = if in_table_head { "th" } else { "td" };
                out.push(Event::Html(CowStr::from(format!("</{tag}>"))));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                match kind {
                    CodeBlockKind::Fenced(info) if !highlight::language(&info).is_empty() => {
                        fenced = Some((info, String::new()));
                    }
                    _ => out.push(Event::Html(CowStr::from(pre_open("")))),
                }
            }
            Event::Text(text) if in_code => match fenced.as_mut() {
                Some((_, code)) => code.push_str(&text),
                None => out.push(Event::Text(text)),
            },
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                let Some((info, code)) = fenced.take() else {
                    out.push(Event::Html(CowStr::from(PRE_CLOSE)));
                    continue;
                };
                let language = highlight::language(&info);
                match highlight::highlight(&code, language) {
                    Some(html) => out.push(Event::Html(CowStr::from(format!(
                        "{}{html}{PRE_CLOSE}",
                        pre_open(language)
                    )))),
                    None => out.extend([
                        Event::Html(CowStr::from(pre_open(language))),
                        Event::Text(CowStr::from(code)),
                        Event::Html(CowStr::from(PRE_CLOSE)),
                    ]),
                }
            }
            Event::InlineHtml(html) => {
                raw_code = raw_code_depth(raw_code, &html);
                out.push(Event::InlineHtml(raw_html(cx, html)));
            }
            // A block of HTML comes a line at a time: joined, so that a
            // tag written across lines is seen whole.
            Event::Html(html) => {
                let mut block = html;
                if let Some(Event::Html(_)) = events.peek() {
                    let mut joined = block.into_string();
                    while let Some(Event::Html(more)) =
                        events.next_if(|e| matches!(e, Event::Html(_)))
                    {
                        joined.push_str(&more);
                    }
                    block = CowStr::from(joined);
                }
                match block.trim() {
                    gitbook::CONTENT_REF => in_content_ref = true,
                    "</div>" => in_content_ref = false,
                    _ => {}
                }
                let block = match gitbook::table(&block) {
                    Some(drawn) => CowStr::from(drawn),
                    None => block,
                };
                // A table written in HTML scrolls in its own container, as
                // Markdown's tables do.
                let block = match scrolling_tables(&block, &mut tables, cx.lang) {
                    Some(wrapped) => CowStr::from(wrapped),
                    None => block,
                };
                out.push(Event::Html(raw_html(cx, block)));
            }
            // A line of only `\` (GitBook's empty line) closing a
            // paragraph is a line break, not a backslash to show.
            Event::Text(text)
                if &*text == "\\"
                    && matches!(
                        out.last(),
                        Some(Event::Start(Tag::Paragraph) | Event::SoftBreak)
                    )
                    && matches!(events.peek(), Some(Event::End(TagEnd::Paragraph))) =>
            {
                out.push(Event::HardBreak);
            }
            Event::Text(text) if raw_code == 0 && cx.lang == Lang::Fr => {
                out.push(Event::Text(CowStr::from(crate::i18n::french_prose(&text))));
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
                // Inside a link (a badge leading somewhere), the image's
                // words join that link: a link in a link is not HTML.
                let safe = !runs_code(&dest_url) && !links.iter().any(|&kept| kept);
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
                let (href, page_title) = link_target(cx, &dest_url);
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(href),
                    title,
                    id,
                }));
                // A GitBook card shows the title of the page it leads to,
                // not the file's name it was written with.
                if in_content_ref && let Some(page_title) = page_title {
                    for inner in events.by_ref() {
                        if matches!(inner, Event::End(TagEnd::Link)) {
                            break;
                        }
                    }
                    links.pop();
                    out.push(Event::Text(CowStr::from(crate::render::text::typography(
                        cx.lang,
                        &page_title,
                    ))));
                    out.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (dest, size) = image_src(cx, &dest_url);
                if let Some((width, height)) = size {
                    // Drawn here: pulldown-cmark writes no size. The alt
                    // text is the image's inner text, as it would write it.
                    let mut alt = String::new();
                    for inner in events.by_ref() {
                        match inner {
                            Event::End(TagEnd::Image) => break,
                            Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                            Event::SoftBreak | Event::HardBreak => alt.push(' '),
                            _ => {}
                        }
                    }
                    let escape = crate::render::charts::escape;
                    let title = if title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", escape(&title))
                    };
                    out.push(Event::InlineHtml(CowStr::from(format!(
                        "<img src=\"{}\" alt=\"{}\"{title} width=\"{width}\" height=\"{height}\">",
                        escape(&dest),
                        escape(&alt)
                    ))));
                    continue;
                }
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                }));
            }
            Event::FootnoteReference(label) => {
                let number = footnote_numbers
                    .iter()
                    .position(|l| *l == label)
                    .unwrap_or_default();
                footnote_calls[number] += 1;
                let id = footnote_id(&label);
                // A note called twice is called from two places: the
                // second call's id must differ.
                let call = match footnote_calls[number] {
                    1 => String::new(),
                    n => format!("-{n}"),
                };
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"><a href=\"#fn-{id}\" id=\"fnref-{id}{call}\">{}</a></sup>",
                    number + 1
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                footnote_start = Some((label, out.len()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, start)) = footnote_start.take() {
                    footnotes.push((label, out.drain(start..).collect()));
                }
            }
            // A task list's box, named: a screen reader says what it means.
            Event::TaskListMarker(done) => {
                let (checked, name) = if done {
                    (" checked", tr!(cx.lang, "fait", "done"))
                } else {
                    ("", tr!(cx.lang, "à faire", "to do"))
                };
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-label=\"{name}\"> "
                ))));
            }
            other => out.push(other),
        }
    }
    if !footnotes.is_empty() {
        // In call order; a note never called comes last, not lost.
        footnotes.sort_by_key(|(label, _)| {
            footnote_numbers
                .iter()
                .position(|l| l == label)
                .unwrap_or(usize::MAX)
        });
        let title = tr!(cx.lang, "Notes", "Notes");
        out.push(Event::Html(CowStr::from(format!(
            "<section class=\"footnotes\" aria-label=\"{title}\"><ol>\n"
        ))));
        let back = tr!(cx.lang, "Retour à l’appel de note", "Back to the reference");
        for (label, events) in footnotes {
            let id = footnote_id(&label);
            out.push(Event::Html(CowStr::from(format!("<li id=\"fn-{id}\">"))));
            let mut events = events;
            if footnote_numbers.contains(&label) {
                // At the end of the note's last paragraph, as GitHub puts it.
                let link = format!(
                    " <a class=\"footnote-back\" href=\"#fnref-{id}\" aria-label=\"{back}\">\u{21a9}\u{fe0e}</a>"
                );
                match events.last() {
                    Some(Event::End(TagEnd::Paragraph)) => {
                        events.insert(events.len() - 1, Event::InlineHtml(CowStr::from(link)));
                    }
                    _ => events.push(Event::Html(CowStr::from(format!("<p>{link}</p>")))),
                }
            }
            out.extend(events);
            out.push(Event::Html(CowStr::from("</li>\n")));
        }
        out.push(Event::Html(CowStr::from("</ol></section>\n")));
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

/// Where a link written in the text leads from the page: to the page or
/// file of the site it names, else as written, made relative.
fn link_href(cx: &MarkdownCtx, dest_url: &str) -> String {
    link_target(cx, dest_url).0
}

/// [`link_href`], with the title of the page it leads to when known.
fn link_target(cx: &MarkdownCtx, dest_url: &str) -> (String, Option<String>) {
    let href = match cx.resolve.and_then(|resolve| resolve(dest_url, false)) {
        Some(target) => return (target.href, target.title),
        // A section of this page, as GitHub names it (`#laccessibilité`).
        None if dest_url.starts_with('#') => fold_fragment(dest_url),
        None => {
            let relative = !dest_url.starts_with(['/', '#']) && !dest_url.contains(':');
            let dest = if relative {
                format!("{}{dest_url}", cx.rebase)
            } else {
                dest_url.to_string()
            };
            cx.urls.rewrite_link(&dest, cx.root)
        }
    };
    (href, None)
}

/// Where an image written in the text is found from the page, and its
/// size when it is an image of the site.
fn image_src(cx: &MarkdownCtx, dest_url: &str) -> (String, Option<(u32, u32)>) {
    if let Some(target) = cx.resolve.and_then(|resolve| resolve(dest_url, true)) {
        return (target.href, target.size);
    }
    let dest = if dest_url.contains("://") {
        dest_url.to_string()
    } else if let Some(absolute) = dest_url.strip_prefix('/') {
        format!("{}{absolute}", cx.root)
    } else if dest_url.contains(':') {
        dest_url.to_string()
    } else {
        format!("{}{dest_url}", cx.rebase)
    };
    (dest, None)
}

/// Raw HTML of the text with its addresses leading where the Markdown
/// links and images of the same text would: `<a href="mentor.md">` to the
/// mentor's page, `<img src="plan.png">` to the published image with its
/// size, and an image from another host a link naming it (as in Markdown,
/// unless `remote_media`).
fn raw_html<'a>(cx: &MarkdownCtx, html: CowStr<'a>) -> CowStr<'a> {
    let rewritten = raw::rewrite(&html, |tag| {
        let mut values: Vec<(&str, String)> = Vec::new();
        let mut added = String::new();
        for attribute in &tag.attributes {
            let value = attribute.value.trim();
            if !raw::RawTag::holds_address(&attribute.name) || value.is_empty() || runs_code(value)
            {
                continue;
            }
            if attribute.name == "href" {
                values.push(("href", link_href(cx, value)));
                continue;
            }
            if tag.name == "img"
                && !cx.remote_media
                && let Some(host) = remote_host(value)
            {
                let alt = tag.get("alt").map(|a| a.value.trim()).unwrap_or_default();
                let words = if alt.is_empty() {
                    tr!(cx.lang, "image sur {host}", "image on {host}")
                } else {
                    tr!(
                        cx.lang,
                        "{alt} (image sur {host})",
                        "{alt} (image on {host})"
                    )
                };
                return Some(format!(
                    "<a href=\"{}\">{}</a>",
                    escape(value),
                    escape(&words)
                ));
            }
            let (src, size) = image_src(cx, value);
            if let Some((width, height)) = size
                && tag.name == "img"
                && tag.get("width").is_none()
                && tag.get("height").is_none()
            {
                added = format!(" width=\"{width}\" height=\"{height}\"");
            }
            values.push((
                if attribute.name == "src" {
                    "src"
                } else {
                    "poster"
                },
                src,
            ));
        }
        values.retain(|(name, value)| tag.get(name).is_none_or(|a| a.value.trim() != value));
        (!values.is_empty() || !added.is_empty())
            .then(|| raw::with_values(&html, tag, &values, &added))
    });
    match rewritten {
        std::borrow::Cow::Borrowed(_) => html,
        std::borrow::Cow::Owned(new) => CowStr::from(new),
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
    let mut found = Vec::new();
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                found.push((range.start, dest_url.to_string()));
            }
            Event::Html(html) | Event::InlineHtml(html) => found.extend(
                raw::addresses(&html)
                    .into_iter()
                    .map(|(at, dest)| (raw_at(markdown, &range, &html, at), dest)),
            ),
            _ => {}
        }
    }
    found
}

/// Where the byte `at` of a piece of raw HTML that the parser found at
/// `range` of `markdown` stands in `markdown`: inside a quote or a list,
/// the piece lacks the line's `>` or indent, and its start is the best
/// known place.
fn raw_at(markdown: &str, range: &std::ops::Range<usize>, html: &str, at: usize) -> usize {
    if markdown.get(range.start..range.start + html.len()) == Some(html) {
        range.start + at
    } else {
        range.start
    }
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
        match &event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(host) = remote_host(dest_url) {
                    found.remote_images.push((range.start, host.to_string()));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for tag in raw::tags(html).filter(|tag| tag.name == "img") {
                    if let Some(src) = tag.get("src")
                        && let Some(host) = remote_host(&src.value)
                    {
                        let at = raw_at(markdown, &range, html, src.range.start);
                        found.remote_images.push((at, host.to_string()));
                    }
                }
            }
            _ => {}
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

/// Where `{#id}` closing a heading's text starts (with the spaces before
/// it), and the id. pulldown-cmark's own heading attributes are not used:
/// they take any closing braces ("## Prix {10 €}" lost its price), and
/// pulldown-cmark 0.13 panics on some of them ("> a\nb\n> {x}\n> -").
/// A heading's id: the author's (`{#id}`), else GitHub's from its text
/// ("section" when nothing is left of it), made unique on the page.
fn heading_id(ids: &mut anchors::HeadingIds, text: &str, custom: Option<String>) -> String {
    let base = custom.unwrap_or_else(|| match anchors::github_slug(text.trim()) {
        s if s.is_empty() => "section".to_string(),
        s => s,
    });
    ids.unique(base)
}

/// The ids [`render`] gives the headings of `markdown`, for `check` to
/// tell a link to a section that is not there.
pub fn heading_ids(markdown: &str, lang: Lang) -> Vec<String> {
    ids_of(markdown, lang, None)
}

/// The ids of `markdown`'s headings, in order; with `others`, the ids of its
/// footnotes and of its raw HTML gathered there in the same pass.
fn ids_of(markdown: &str, lang: Lang, mut others: Option<&mut Vec<String>>) -> Vec<String> {
    let markdown = gitbook::expand(markdown, lang);
    let mut ids = anchors::HeadingIds::default();
    let mut found = Vec::new();
    let mut heading: Option<(String, String)> = None;
    let mut anchor = GitbookAnchor::default();
    for (event, range) in Parser::new_ext(&markdown, OPTIONS).into_offset_iter() {
        anchor.see(&event, 0);
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some((String::new(), String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((text, last)) = heading.as_mut() {
                    let written = &markdown[range];
                    let dashes = matches!(&*t, "\u{2013}" | "\u{2014}")
                        && written.bytes().all(|b| b == b'-');
                    text.push_str(if dashes { written } else { &t });
                    last.clone_from(&t.to_string());
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((mut text, last)) = heading.take() {
                    let mut custom = anchor.id.take().map(|(id, _)| id);
                    if custom.is_some() {
                        text.truncate(text.trim_end().len());
                    } else if let Some((at, id)) = custom_id(&last) {
                        custom = Some(id.to_string());
                        text.truncate(text.len() - (last.len() - at));
                    }
                    found.push(heading_id(&mut ids, &text, custom));
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                if let Some(others) = others.as_deref_mut() {
                    others.push(format!("fn-{}", footnote_id(&label)));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some(others) = others.as_deref_mut() {
                    others.extend(raw::ids(&html));
                }
            }
            _ => {}
        }
    }
    found
}

/// GitBook's anchor closing a heading (`## Titre <a href="#id" id="id"></a>`),
/// followed through the heading's events: the heading's id, and where its
/// events start.
#[derive(Default)]
struct GitbookAnchor {
    id: Option<(String, usize)>,
}

impl GitbookAnchor {
    /// Follows `event` of a heading, which goes at `at` among the events.
    fn see(&mut self, event: &Event, at: usize) {
        match event {
            Event::Start(Tag::Heading { .. }) => self.id = None,
            Event::InlineHtml(html) => {
                self.id = match gitbook_anchor(html) {
                    Some(id) => Some((id, at)),
                    None if html.trim() == "</a>" => self.id.take(),
                    None => None,
                }
            }
            Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => self.id = None,
            _ => {}
        }
    }
}

/// `html` with each of its tables in a focusable, named container that
/// scrolls sideways (numbered on from `tables`); None when it has none.
fn scrolling_tables(html: &str, tables: &mut usize, lang: Lang) -> Option<String> {
    static TABLE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?i)<table(\s[^>]*)?>|</table\s*>").expect("valid regex")
    });
    if !html.contains("<table") && !html.contains("<TABLE") {
        return None;
    }
    let mut depth = 0usize;
    let wrapped = TABLE.replace_all(html, |tag: &regex::Captures| {
        let tag = &tag[0];
        if tag.starts_with("</") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return format!("{tag}</section>");
            }
            return tag.to_string();
        }
        depth += 1;
        if depth > 1 {
            return tag.to_string();
        }
        *tables += 1;
        let number = *tables;
        let label = tr!(lang, "Tableau {number}", "Table {number}");
        format!("<section class=\"table-scroll\" tabindex=\"0\" aria-label=\"{label}\">{tag}")
    });
    Some(wrapped.into_owned())
}

/// How a block of code opens: focusable, so that a line too long for a
/// phone can be scrolled from the keyboard; with its language as a class.
fn pre_open(language: &str) -> String {
    if language.is_empty() {
        "<pre tabindex=\"0\"><code>".to_string()
    } else {
        format!(
            "<pre tabindex=\"0\"><code class=\"language-{}\">",
            escape(language)
        )
    }
}

const PRE_CLOSE: &str = "</code></pre>\n";

/// A footnote's label as it goes in its ids (`fn-1`, `fnref-1`), as
/// GitHub makes them: escaped, no spaces.
fn footnote_id(label: &str) -> String {
    escape(&label.split_whitespace().collect::<Vec<_>>().join("-"))
}

/// Every id a link may lead to in `markdown` once rendered: its headings'
/// ([`heading_ids`]), its footnotes' and the ones written in its raw HTML.
pub fn anchor_ids(markdown: &str, lang: Lang) -> Vec<String> {
    let mut others = Vec::new();
    let mut ids = ids_of(markdown, lang, Some(&mut others));
    ids.extend(others);
    ids
}

/// The id of GitBook's heading anchor, `<a href="#id" id="id">` (some
/// exports lose the `#`): written at the end of a heading, it names the
/// heading's section.
fn gitbook_anchor(html: &str) -> Option<String> {
    let tag = raw::tags(html).next().filter(raw::is_anchor_of_itself)?;
    Some(tag.get("id")?.value.trim().to_string())
}

fn custom_id(text: &str) -> Option<(usize, &str)> {
    let inner = text.trim_end().strip_suffix('}')?;
    let open = inner.rfind("{#")?;
    let id = &inner[open + 2..];
    let valid = !id.is_empty() && !id.contains(|c: char| c.is_whitespace() || c == '{' || c == '}');
    valid.then(|| (text[..open].trim_end().len(), id))
}

/// Whether inline HTML opens (`<code>`, `<kbd>`, `<samp>`) or closes a
/// code element, from how many were open: typography leaves their text as
/// written.
fn raw_code_depth(open: usize, html: &str) -> usize {
    let tag = |prefix: &str| {
        ["code", "kbd", "samp"].iter().any(|name| {
            html.get(prefix.len()..prefix.len() + name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && html.starts_with(prefix)
                && html[prefix.len() + name.len()..].starts_with(['>', ' ', '\t', '\n', '/'])
        })
    };
    if tag("</") {
        open.saturating_sub(1)
    } else if tag("<") {
        open + 1
    } else {
        open
    }
}

/// Ammonia's safe defaults, plus what compagnon itself writes (heading ids
/// and anchors, task-list checkboxes, column alignment, callouts, GitBook's
/// blocks, code classes) and the harmless attributes handbooks use (`dir`,
/// `open` on `<details>`, on top of the defaults' `title`, `lang`, `alt`,
/// `width`, `height`, `colspan`, `rowspan`, `align`). Never a `style`, an
/// event handler or a `javascript:` address. Classes compagnon writes on
/// elements an author may write too are listed, so that an author cannot
/// borrow the theme's (`sr` hiding text, say).
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id", "dir"])
        .add_tag_attributes("a", ["class", "aria-label"])
        .add_tag_attributes("span", ["class", "aria-hidden"])
        .add_tag_attributes("section", ["class", "tabindex", "aria-label"])
        .add_tag_attributes("input", ["type", "checked", "disabled", "aria-label"])
        .add_tag_attributes("details", ["open"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("pre", ["tabindex"])
        .add_tags(["input", "section"])
        .add_allowed_classes(
            "aside",
            [
                "callout",
                "callout-note",
                "callout-tip",
                "callout-important",
                "callout-warning",
                "callout-caution",
            ],
        )
        .add_tag_attribute_values("aside", "role", ["note"])
        .add_allowed_classes("p", ["callout-title", "code-title"])
        .add_allowed_classes("sup", ["footnote-ref"])
        .add_allowed_classes(
            "div",
            [
                "tabs",
                "content-ref",
                "embed",
                "file-download",
                "code-block",
            ],
        )
        .add_allowed_classes("ol", ["stepper"])
        .add_allowed_classes("ul", ["cards"])
        .add_allowed_classes("th", ["align-left", "align-center", "align-right"])
        .add_allowed_classes("td", ["align-left", "align-center", "align-right"])
        .link_rel(None)
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect());
    builder
});

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

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
                resolve: None,
            },
        )
    }

    #[test]
    fn an_image_from_another_host_is_a_link_naming_it_unless_the_site_asks() {
        for unsafe_html in [false, true] {
            let r = render_fr(
                "Voir ![le plan](https://tracker.example/p.png?u=1) et ![](//cdn.example/x.gif).\n\n![local](plan.png)\n\n\
                 <figure><img src=\"https://pixel.example/p.gif\" alt=\"Logo\"></figure>\n\nEt <img src='//cdn.example/y.png'>.",
                unsafe_html,
            );
            // Linked, a badge's words join its link: no link in a link.
            let badge = render_fr(
                "[![Statut : B](https://img.shields.io/b.svg)](https://example.org/statut)",
                unsafe_html,
            );
            assert!(
                badge
                    .html
                    .contains("<a href=\"https://example.org/statut\">Statut")
                    && badge.html.contains("B (image sur img.shields.io)</a>"),
                "{}",
                badge.html
            );
            assert_eq!(badge.html.matches("<a ").count(), 1, "{}", badge.html);
            // Raw HTML too: GitBook's figures are written so.
            assert!(!r.html.contains("<img src=\"https://pixel"), "{}", r.html);
            assert!(
                r.html.contains(
                    "<a href=\"https://pixel.example/p.gif\">Logo (image sur pixel.example)</a>"
                ),
                "{}",
                r.html
            );
            assert!(!r.html.contains("y.png'"), "{}", r.html);
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
                resolve: None,
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
    fn a_task_lists_boxes_say_what_they_mean() {
        let r = render_fr("- [x] Relire le journal\n- [ ] Préparer le bilan\n", false);
        assert!(
            r.html
                .contains("checked=\"\" aria-label=\"fait\"> Relire le journal"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("disabled=\"\" aria-label=\"à faire\"> Préparer"),
            "{}",
            r.html
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
    fn headings_get_githubs_ids_and_a_toc() {
        let r = render_fr(
            "## Le rôle\n\ntexte\n\n### L'accessibilité\n\n## Le rôle\n\n[GitHub](#laccessibilité) [GitBook](#laccessibilite) [encodé](#laccessibilit%C3%A9)\n",
            false,
        );
        assert!(r.html.contains("<h2 id=\"le-role\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"le-role-1\">"), "{}", r.html);
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["le-role", "laccessibilite", "le-role-1"]);
        // Links written for GitHub or GitBook land on the same heading.
        assert_eq!(
            r.html.matches("href=\"#laccessibilite\"").count(),
            3,
            "{}",
            r.html
        );
        // A heading has no "#" link of its own (a tab stop each, printed).
        assert!(!r.html.contains("</a></h"), "{}", r.html);
        assert!(
            render_fr("## 1. Engagements\n", false)
                .html
                .contains("id=\"1-engagements\""),
        );
        // Smart punctuation's dash is read as the hyphens GitHub sees;
        // code in a heading counts; a heading of signs alone is "section".
        let r = render_fr("## Avant -- après\n\n## Le `mentor_id`\n\n## ???\n", false);
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["avant----apres", "le-mentor_id", "section"]);
    }

    #[test]
    fn an_id_written_by_the_author_is_kept() {
        let r = render_fr("## Le rôle {#role}\n\n## Autre {#role}\n", false);
        assert!(r.html.contains("<h2 id=\"role\">Le rôle"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"role-1\">Autre"), "{}", r.html);
        assert_eq!(r.toc[0].title, "Le rôle");
        // Braces without an id are the heading's text, as on GitHub; the
        // text that made pulldown-cmark's heading attributes panic renders.
        assert!(
            render_fr("> a\nb\n> {x}\n> -\n", false)
                .html
                .contains("{x}")
        );
        let r = render_fr("## Prix {10 €}\n\n### Les variables {nom} ##\n", false);
        assert!(
            r.html.contains("<h2 id=\"prix-10-\">Prix {10 €}</h2>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<h3 id=\"les-variables-nom\">Les variables {nom}</h3>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn thousands_of_identical_headings_get_distinct_ids() {
        let r = render_fr(&"## Intro\n".repeat(8000), false);
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids[..3], ["intro", "intro-1", "intro-2"]);
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 8000);
        assert_eq!(ids[7999], "intro-7999");
        // A heading that already took "intro-1" keeps it; the others go around it.
        let r = render_fr("## Intro 1\n\n## Intro\n\n## Intro\n\n## Intro\n", false);
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["intro-1", "intro", "intro-2", "intro-3"]);
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
        let r = render_fr(
            "Attention : chaud !\n\n```\na : b\n```\n\n```python\nx = {'a' : 1} # ok ?\n```\n\nTapez `a : b` ou <kbd>Ctrl : C</kbd> ou <code>c ; d</code> !\n",
            false,
        );
        assert!(
            r.html.contains("Attention&nbsp;: chaud&nbsp;!"),
            "{}",
            r.html
        );
        assert!(r.html.contains("a : b"), "{}", r.html);
        assert!(r.html.contains("<kbd>Ctrl : C</kbd>"), "{}", r.html);
        assert!(r.html.contains("<code>c ; d</code>&nbsp;!"), "{}", r.html);
        let python = &r.html[r.html.find("language-python").unwrap()..];
        assert!(
            !python[..python.find("</pre>").unwrap()].contains("&nbsp;"),
            "{}",
            r.html
        );
    }

    fn render_en(md: &str, unsafe_html: bool) -> Rendered {
        let urls = Urls::new(Url::parse("https://example.org/p/").unwrap(), false);
        render(
            md,
            &MarkdownCtx {
                urls: &urls,
                root: "../../",
                lang: Lang::En,
                unsafe_html,
                remote_media: false,
                rebase: "",
                resolve: None,
            },
        )
    }

    #[test]
    fn githubs_callouts_are_titled_asides_in_the_sites_language() {
        for unsafe_html in [false, true] {
            let r = render_fr("> [!NOTE]\n> Venez avec **votre carnet**.\n", unsafe_html);
            assert_eq!(
                r.html,
                "<aside class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Remarque</p>\n<p>Venez avec <strong>votre carnet</strong>.</p>\n</aside>",
                "unsafe_html = {unsafe_html}"
            );
        }
        for (kind, fr, en) in [
            ("TIP", "Conseil", "Tip"),
            ("IMPORTANT", "Important", "Important"),
            ("WARNING", "Attention", "Warning"),
            ("CAUTION", "Danger", "Caution"),
        ] {
            let md = format!("> [!{kind}]\n> texte\n");
            let class = format!("class=\"callout callout-{}\"", kind.to_lowercase());
            let (r_fr, r_en) = (render_fr(&md, false), render_en(&md, false));
            assert!(r_fr.html.contains(&class), "{}", r_fr.html);
            assert!(r_fr.html.contains(&format!(">{fr}</p>")), "{}", r_fr.html);
            assert!(r_en.html.contains(&format!(">{en}</p>")), "{}", r_en.html);
        }
        // A plain quote stays a quote.
        assert!(
            render_fr("> Une citation\n", false)
                .html
                .starts_with("<blockquote>")
        );
    }

    #[test]
    fn gitbook_hints_are_callouts_with_their_markdown_rendered() {
        for unsafe_html in [false, true] {
            let r = render_fr(
                "Avant.\n\n{% hint style=\"warning\" %}\nPortez vos **EPI** :\n\n- gants\n- lunettes\n{% endhint %}\n\nAprès.\n",
                unsafe_html,
            );
            assert!(
                r.html.contains("<aside class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Attention</p>"),
                "{}",
                r.html
            );
            // Without the sanitiser, the non-breaking space is the character.
            let html = r.html.replace('\u{a0}', "&nbsp;");
            assert!(
                html.contains("<p>Portez vos <strong>EPI</strong>&nbsp;:</p>"),
                "{html}"
            );
            assert!(r.html.contains("<li>gants</li>"), "{}", r.html);
            assert!(r.html.contains("</ul>\n</aside>"), "{}", r.html);
            assert!(!r.html.contains("{%"), "{}", r.html);
        }
        for (style, class) in [
            ("info", "callout-note"),
            ("success", "callout-tip"),
            ("danger", "callout-caution"),
            ("inconnu", "callout-note"),
        ] {
            let r = render_en(
                &format!("{{% hint style=\"{style}\" %}}\nText\n{{% endhint %}}\n"),
                false,
            );
            assert!(r.html.contains(class), "{style}: {}", r.html);
        }
        // A hint inside a quote stays inside it.
        let r = render_fr(
            "> Citation\n>\n> {% hint style=\"info\" %}\n> Dedans\n> {% endhint %}\n",
            false,
        );
        assert!(
            r.html.contains("<blockquote>\n<p>Citation</p>\n<aside"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<p>Dedans</p>\n</aside>\n</blockquote>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn gitbook_cards_embeds_and_files_are_plain_links() {
        let r = render_fr(
            "{% content-ref url=\"/competencies/soudure/\" %}\n[Soudure](/competencies/soudure/)\n{% endcontent-ref %}\n",
            false,
        );
        assert_eq!(
            r.html,
            "<div class=\"content-ref\">\n<p><a href=\"../../competencies/soudure/\">Soudure</a></p>\n</div>\n"
        );
        // Without the link inside, the card links to its url.
        let r = render_fr(
            "{% content-ref url=\"charte.md\" %}\n{% endcontent-ref %}\n",
            false,
        );
        assert!(
            r.html.contains("<a href=\"charte.md\">charte.md</a>"),
            "{}",
            r.html
        );

        let r = render_fr(
            "{% embed url=\"https://video.example/v?a=1&b=2\" %}\n",
            false,
        );
        assert_eq!(
            r.html,
            "<div class=\"embed\">\n<p><a href=\"https://video.example/v?a=1&amp;b=2\">https://video.example/v?a=1&amp;b=2</a></p>\n</div>\n"
        );
        let r = render_fr(
            "{% embed url=\"https://video.example/v\" %}\nLa visite de l'atelier\n{% endembed %}\n",
            false,
        );
        assert!(
            r.html
                .contains("<a href=\"https://video.example/v\">La visite de l’atelier</a>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<iframe"), "{}", r.html);
        // A caption of several paragraphs follows the link.
        let r = render_fr(
            "{% embed url=\"https://video.example/v\" %}\nUn.\n\nDeux.\n{% endembed %}\n",
            false,
        );
        assert!(
            r.html
                .contains(">https://video.example/v</a></p>\n<p>Un.</p>\n<p>Deux.</p>\n</div>"),
            "{}",
            r.html
        );
        // An embed that would run code keeps only its text.
        let r = render_fr("{% embed url=\"javascript:alert(1)\" %}\n", true);
        assert!(!r.html.contains("href"), "{}", r.html);

        let r = render_fr(
            "{% file src=\"documents/grille evaluation.pdf\" %}\nGrille d'évaluation\n{% endfile %}\n",
            false,
        );
        assert_eq!(
            r.html,
            "<div class=\"file-download\">\n<p><a href=\"documents/grille%20evaluation.pdf\">Grille d’évaluation</a></p>\n</div>\n"
        );
        let r = render_fr("{% file src=\"docs/charte.pdf\" %}\n", false);
        assert!(
            r.html
                .contains("<a href=\"docs/charte.pdf\">charte.pdf</a>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn gitbook_tabs_are_headed_sections_and_steppers_numbered_lists() {
        let r = render_fr(
            "## Préparer la séance\n\n{% tabs %}\n{% tab title=\"Mentor\" %}\nRelire le **journal**.\n{% endtab %}\n{% tab title=\"Apprenti\" %}\nNoter ses questions.\n{% endtab %}\n{% endtabs %}\n",
            false,
        );
        assert!(
            r.html
                .contains("<div class=\"tabs\">\n<h3 id=\"mentor\">Mentor"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "<p>Relire le <strong>journal</strong>.</p>\n<h3 id=\"apprenti\">Apprenti"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<p>Noter ses questions.</p>\n</div>"),
            "{}",
            r.html
        );
        let toc: Vec<&str> = r.toc.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(toc, ["Préparer la séance", "Mentor", "Apprenti"]);
        // Without a heading before them, tab titles are second-level
        // headings (the page's title is the first); titles are text.
        let r = render_fr(
            "{% tabs %}{% tab title=\"*A* <b>\" %}x{% endtab %}{% endtabs %}",
            false,
        );
        assert!(
            r.html.contains("<h2 id=\"a-b\">*A* &lt;b&gt;"),
            "{}",
            r.html
        );

        let r = render_fr(
            "{% stepper %}\n{% step %}\n### Se présenter\n\nDix minutes.\n{% endstep %}\n{% step %}\nFixer un objectif.\n{% endstep %}\n{% endstepper %}\n",
            false,
        );
        assert!(
            r.html
                .contains("<ol class=\"stepper\">\n<li>\n<h3 id=\"se-presenter\">"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "<p>Dix minutes.</p>\n</li>\n<li>\n<p>Fixer un objectif.</p>\n</li>\n</ol>"
            ),
            "{}",
            r.html
        );
    }

    #[test]
    fn unknown_gitbook_blocks_keep_their_text_and_code_keeps_its_tags() {
        let md = "Intro.\n\n{% columns %}\nColonne **une**.\n{% endcolumns %}\n\n{% swagger %}\n\nSee `{% hint %}` and:\n\n```liquid\n{% hint style=\"info\" %}x{% endhint %}\n```\n";
        let r = render_fr(md, false);
        assert!(
            r.html.contains("<p>Colonne <strong>une</strong>.</p>"),
            "{}",
            r.html
        );
        assert!(
            !r.html.contains("columns") && !r.html.contains("swagger"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<code>{% hint %}</code>"), "{}", r.html);
        assert!(
            r.html.contains("{% hint style=\"info\" %}x{% endhint %}"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<aside"), "{}", r.html);
        let odd: Vec<(usize, &str, Odd)> = odd_tags(md)
            .iter()
            .map(|t| {
                (
                    crate::diagnostics::line_col(md, t.at).0,
                    &md[t.at..t.at + t.len],
                    t.why,
                )
            })
            .collect();
        assert_eq!(
            odd,
            [
                (3, "{% columns %}", Odd::Unknown),
                (7, "{% swagger %}", Odd::Unknown)
            ]
        );
    }

    #[test]
    fn a_line_of_only_a_backslash_is_a_line_break() {
        let r = render_fr("Ligne un\n\\\n\nLigne deux\n\\\nLigne trois\n\n\\\n", false);
        assert!(!r.html.contains('\\'), "{}", r.html);
        assert!(r.html.contains("<p>Ligne un\n<br>\n</p>"), "{}", r.html);
        assert!(
            r.html.contains("<p>Ligne deux\n<br>\nLigne trois</p>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<p><br>\n</p>"), "{}", r.html);
        // A backslash within a line is still text.
        assert!(render_fr("a \\ b\n", false).html.contains("a \\ b"));
    }

    #[test]
    fn definition_lists_are_drawn() {
        let r = render_fr("Binôme\n: un mentor et un apprenti.\n", false);
        assert_eq!(
            r.html,
            "<dl>\n<dt>Binôme</dt>\n<dd>un mentor et un apprenti.</dd>\n</dl>\n"
        );
    }

    #[test]
    fn the_sanitiser_keeps_what_handbooks_need_and_nothing_that_runs_or_styles() {
        let r = render_fr(
            concat!(
                "<details open><summary>Plus</summary>\n\nDétails.\n\n</details>\n\n",
                "<figure><img src=\"plan.png\" alt=\"Le plan\" width=\"320\" height=\"200\" title=\"Plan\"><figcaption>Légende</figcaption></figure>\n\n",
                "<p lang=\"en\" dir=\"ltr\" id=\"hello\" title=\"t\">Hello <mark>x</mark> <kbd>Ctrl</kbd> H<sub>2</sub>O m<sup>2</sup></p>\n\n",
                "<table><tr><td colspan=\"2\" rowspan=\"3\" align=\"right\">c</td></tr></table>\n\n",
                "<p style=\"color:red\" onclick=\"x()\">a</p> <img src=\"x.png\" onerror=\"y()\" style=\"position:fixed\">\n\n",
                "<a href=\"javascript:alert(1)\">j</a> <a href=\"https://a.org/\" onmouseover=\"z()\">ok</a>\n\n",
                "<aside class=\"sr callout\" role=\"alert\">x</aside> <span class=\"sr\">y</span>\n",
            ),
            false,
        );
        let html = &r.html;
        for kept in [
            "<details open=\"\"><summary>Plus</summary>",
            "<p>Détails.</p>",
            "<img src=\"plan.png\" alt=\"Le plan\" width=\"320\" height=\"200\" title=\"Plan\">",
            "<figcaption>Légende</figcaption></figure>",
            "<p lang=\"en\" dir=\"ltr\" id=\"hello\" title=\"t\">",
            "<mark>x</mark> <kbd>Ctrl</kbd> H<sub>2</sub>O m<sup>2</sup>",
            "<td colspan=\"2\" rowspan=\"3\" align=\"right\">c</td>",
            "<a href=\"https://a.org/\">ok</a>",
            "<aside class=\"callout\">x</aside>",
        ] {
            assert!(html.contains(kept), "{kept}\n{html}");
        }
        for removed in [
            "style",
            "onclick",
            "onerror",
            "onmouseover",
            "javascript",
            "role=\"alert\"",
            "\"sr callout\"",
        ] {
            assert!(!html.contains(removed), "{removed}\n{html}");
        }
    }

    #[test]
    fn table_columns_are_aligned_by_class_not_style() {
        let r = render_fr(
            "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n",
            false,
        );
        assert!(
            r.html.contains("<thead><tr><th class=\"align-left\">a</th><th class=\"align-center\">b</th><th class=\"align-right\">c</th><th>d</th></tr></thead>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td><td>4</td></tr>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("style"), "{}", r.html);
    }

    #[test]
    fn code_blocks_are_coloured_with_classes_and_stay_escaped() {
        for unsafe_html in [false, true] {
            let r = render_fr(
                "```rust\nfn main() { let s = \"</code></pre><script>alert(1)</script>\"; }\n```\n",
                unsafe_html,
            );
            assert!(
                r.html.starts_with(
                    "<pre tabindex=\"0\"><code class=\"language-rust\"><span class=\"hl-source hl-rust\">"
                ),
                "{}",
                r.html
            );
            assert!(
                r.html
                    .contains("<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>"),
                "{}",
                r.html
            );
            assert!(
                r.html.contains("&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;"),
                "{}",
                r.html
            );
            assert!(!r.html.contains("<script"), "{}", r.html);
            assert!(r.html.ends_with("</code></pre>\n"), "{}", r.html);
        }
        // mdBook's info strings name the language first.
        let r = render_fr("```rust,ignore\nlet x = 1;\n```\n", false);
        assert!(
            r.html
                .contains("<code class=\"language-rust\"><span class=\"hl-"),
            "{}",
            r.html
        );
        // Unknown or absent language: plain escaped code, as before.
        let r = render_fr(
            "```klingon\nqapla' <b>\n```\n\n```\n<i>x</i>\n```\n\n    <u>indented</u>\n",
            false,
        );
        assert!(
            r.html
                .contains("<pre tabindex=\"0\"><code class=\"language-klingon\">qapla' &lt;b&gt;\n</code></pre>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<pre tabindex=\"0\"><code>&lt;i&gt;x&lt;/i&gt;\n</code></pre>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<pre tabindex=\"0\"><code>&lt;u&gt;indented&lt;/u&gt;\n</code></pre>"),
            "{}",
            r.html
        );
        // A language name cannot break out of its attribute.
        let r = render_fr("```py\"><script>\nx\n```\n", true);
        assert!(!r.html.contains("<script"), "{}", r.html);
    }

    /// Pieces of handbooks to shuffle: Markdown, and GitBook's tags on
    /// lines of their own, as GitBook writes them.
    fn handbook_piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let tags = proptest::sample::select(vec![
            "hint style=\"info\"",
            "endhint",
            "tabs",
            "endtabs",
            "tab title=\"A\"",
            "endtab",
            "stepper",
            "endstepper",
            "step",
            "endstep",
            "content-ref url=\"a.md\"",
            "endcontent-ref",
            "embed url=\"https://a.org\"",
            "endembed",
            "file src=\"f.pdf\"",
            "endfile",
            "code title=\"t\"",
            "endcode",
            "columns",
            "endcolumns",
        ]);
        let indent = proptest::sample::select(vec!["", "", "> ", "  ", "- "]);
        let markdown = proptest::sample::select(vec![
            "texte",
            " ",
            "\n",
            "\n\n",
            "> ",
            "- ",
            "1. ",
            "    ",
            "`",
            "```\n",
            "## ",
            "| a |\n|---|\n",
            "> [!NOTE]\n",
            "\\\n",
            ": ",
            "[lien](a.md)",
            "{#id}",
        ]);
        proptest::prop_oneof![
            (indent, tags).prop_map(|(indent, tag)| format!("\n{indent}{{% {tag} %}}\n")),
            markdown.prop_map(str::to_string),
        ]
    }

    proptest::proptest! {
        #[test]
        fn gitbook_tags_are_never_printed_raw_outside_code(
            pieces in proptest::collection::vec(handbook_piece(), 0..40),
            unsafe_html: bool,
        ) {
            let md = pieces.concat();
            let html = render_fr(&md, unsafe_html).html;
            // What is left once code elements are taken out.
            let mut prose = String::new();
            let mut rest = html.as_str();
            while let Some(start) = rest.find("<code") {
                prose.push_str(&rest[..start]);
                rest = rest[start..].split_once("</code>").map_or("", |(_, after)| after);
            }
            prose.push_str(rest);
            proptest::prop_assert!(!prose.contains("{%"), "{md:?}\n{html}");
        }
    }
}
