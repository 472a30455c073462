//! GitBook's blocks, as the handbooks L&D teams export from GitBook write
//! them (`{% hint style="info" %}…{% endhint %}`, tabs, steppers, cards,
//! embeds, files), turned into Markdown and a little HTML before the text
//! is parsed, so that none is ever printed raw. A block compagnon does not
//! know keeps its inner text, and [`odd_tags`] tells `check` where.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use std::sync::LazyLock;

use pulldown_cmark::{Event, Parser, Tag};
use regex::Regex;

use super::{Callout, MAX_NESTING, OPTIONS};
use crate::i18n::Lang;
use crate::render::charts::escape;
use crate::tr;

/// The blocks compagnon draws, each with whether it may stand without its
/// end tag (`{% embed url="…" %}` alone is a whole embed).
const KNOWN: [(&str, bool); 9] = [
    ("hint", false),
    ("tabs", false),
    ("tab", false),
    ("content-ref", false),
    ("stepper", false),
    ("step", false),
    ("code", false),
    ("embed", true),
    ("file", true),
];

/// A tag that rendering keeps only the text around: what `check` warns about.
#[derive(Debug, PartialEq)]
pub struct OddTag {
    /// Where the tag starts, in bytes from the start of the text.
    pub at: usize,
    /// How long the tag is, in bytes.
    pub len: usize,
    /// The block's name: `columns` for `{% columns %}` or `{% endcolumns %}`.
    pub name: String,
    pub why: Odd,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Odd {
    /// A block compagnon does not know.
    Unknown,
    /// A known block whose end tag never comes.
    NotClosed,
    /// An end tag whose block was never opened.
    NotOpened,
}

/// The tags of `markdown` that rendering drops, keeping the text around
/// them, in the order of the text.
pub fn odd_tags(markdown: &str) -> Vec<OddTag> {
    let scan = scan(markdown);
    pair(&scan.tags).1
}

/// `markdown` with GitBook's blocks turned into what compagnon draws.
pub fn expand(markdown: &str, lang: Lang) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(markdown);
    // A tag dropped at the start of a line can change what the rest of the
    // line means (a "```" there now opens a block): a tag that was inside
    // code may be outside now, and is found by the next pass.
    for _ in 0..4 {
        let scan = scan(&text);
        if scan.tags.is_empty() {
            break;
        }
        text = Cow::Owned(expand_once(&text, &scan, lang));
    }
    text
}

/// `markdown` with the blocks of its `scan` drawn.
fn expand_once(markdown: &str, scan: &Scan, lang: Lang) -> String {
    let (roles, _) = pair(&scan.tags);
    let tags = &scan.tags;
    let mut out = String::with_capacity(markdown.len() + 64 * tags.len());
    let mut copied = 0;
    // The blocks drawn and still open, innermost last; deeper ones are
    // dropped with their text kept, as quotes and lists are.
    let mut open: Vec<&str> = Vec::new();
    let mut drawn = vec![false; tags.len()];
    // The heading level of each open `{% tabs %}`'s titles.
    let mut tab_levels: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let tag = &tags[i];
        out.push_str(&markdown[copied..tag.range.start]);
        copied = tag.range.end;
        let prefix = line_prefix(&markdown[tag.line_start..tag.range.start]);
        match roles[i] {
            Role::Dropped => {}
            Role::Alone => push_block(&mut out, prefix, &link_block(tag, None)),
            Role::Opens(end) => {
                let body = &markdown[tag.range.end..tags[end].range.start];
                drawn[i] = open.len() < MAX_NESTING;
                if !drawn[i] {
                    i += 1;
                    continue;
                }
                // An embed or file whose caption is one line: the caption
                // is the link's text, and the block is drawn whole.
                if matches!(tag.name, "embed" | "file")
                    && end == i + 1
                    && !body.trim().is_empty()
                    && !body.trim().contains('\n')
                {
                    push_block(&mut out, prefix, &link_block(tag, Some(body.trim())));
                    copied = tags[end].range.end;
                    i = end + 1;
                    continue;
                }
                let html = match tag.name {
                    "hint" => Callout::from_hint(arg(tag.args, "style")).open(lang),
                    "tabs" => {
                        let outer = tab_levels.last().copied().unwrap_or(1);
                        tab_levels
                            .push((scan.heading_level_at(tag.range.start).max(outer) + 1).min(6));
                        "<div class=\"tabs\">".to_string()
                    }
                    "tab" => {
                        let level = tab_levels
                            .last()
                            .copied()
                            .unwrap_or_else(|| (scan.heading_level_at(tag.range.start) + 1).min(6));
                        let title = arg(tag.args, "title")
                            .map(escape_markdown)
                            .unwrap_or_else(|| tr!(lang, "Onglet", "Tab"));
                        format!("{} {title}", "#".repeat(level))
                    }
                    "stepper" => "<ol class=\"stepper\">".to_string(),
                    "step" if open.last() == Some(&"stepper") => "<li>".to_string(),
                    "content-ref" if body.trim().is_empty() => {
                        format!("{CONTENT_REF}\n\n{}", link(tag, "url", None))
                    }
                    "content-ref" => CONTENT_REF.to_string(),
                    "code" => match arg(tag.args, "title") {
                        Some(title) => format!(
                            "<div class=\"code-block\"><p class=\"code-title\">{}</p>",
                            escape(title)
                        ),
                        None => String::new(),
                    },
                    "embed" | "file" => {
                        let block = link_block(tag, None);
                        block.strip_suffix(CLOSE_DIV).unwrap_or(&block).to_string()
                    }
                    _ => String::new(),
                };
                if !html.is_empty() {
                    push_block(&mut out, prefix, &html);
                }
                open.push(tag.name);
            }
            Role::Closes(start) => {
                if drawn[start] {
                    let opening = &tags[start];
                    let html = match opening.name {
                        "hint" => Callout::CLOSE,
                        "tabs" => {
                            tab_levels.pop();
                            CLOSE_DIV
                        }
                        "stepper" => "</ol>",
                        // The innermost open block is this step's own.
                        "step" if open.len() >= 2 && open[open.len() - 2] == "stepper" => "</li>",
                        "content-ref" | "embed" | "file" => CLOSE_DIV,
                        "code" if arg(opening.args, "title").is_some() => CLOSE_DIV,
                        _ => "",
                    };
                    if !html.is_empty() {
                        push_block(&mut out, prefix, html);
                    }
                    open.pop();
                }
            }
        }
        i += 1;
    }
    out.push_str(&markdown[copied..]);
    out
}

const CLOSE_DIV: &str = "</div>";

/// How a GitBook card (`{% content-ref %}`) opens: the renderer shows the
/// title of the page its link leads to.
pub const CONTENT_REF: &str = "<div class=\"content-ref\">";

/// An embed's or a file's link, in its `div`: the caption as its text when
/// it is one line, else the address or the file's name.
fn link_block(tag: &Found, caption: Option<&str>) -> String {
    let (class, key) = match tag.name {
        "file" => ("file-download", "src"),
        _ => ("embed", "url"),
    };
    let link = link(tag, key, caption);
    format!("<div class=\"{class}\">\n\n{link}\n\n{CLOSE_DIV}")
}

/// A Markdown link to the tag's `key` argument, a normal link for the
/// link rewriting to see; its text `caption`, else the address (a file's
/// name for a path). Empty when the tag has no address.
fn link(tag: &Found, key: &str, caption: Option<&str>) -> String {
    let Some(address) = arg(tag.args, key).filter(|a| !a.is_empty()) else {
        return caption.map(str::to_string).unwrap_or_default();
    };
    let text = match caption {
        Some(caption) => caption.replace('[', "\\[").replace(']', "\\]"),
        None if address.contains("://") => escape_markdown(address),
        None => escape_markdown(address.rsplit('/').next().unwrap_or(address)),
    };
    let mut destination = String::with_capacity(address.len() + 2);
    for c in address.chars() {
        if matches!(c, '<' | '>' | '\\') {
            destination.push('\\');
        }
        destination.push(c);
    }
    format!("[{text}](<{destination}>)")
}

/// `html` as its own block at this point of the text: blank lines around,
/// each line behind the quote markers and indentation of the tag's line so
/// that a block inside a quote or a list item stays there.
fn push_block(out: &mut String, prefix: &str, html: &str) {
    let blank = prefix.trim_end();
    out.push('\n');
    out.push_str(blank);
    out.push('\n');
    for line in html.lines() {
        out.push_str(if line.is_empty() { blank } else { prefix });
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(blank);
    out.push('\n');
    out.push_str(prefix);
}

/// The quote markers and indentation that start `line`.
fn line_prefix(line: &str) -> &str {
    let end = line
        .find(|c: char| !matches!(c, ' ' | '\t' | '>'))
        .unwrap_or(line.len());
    &line[..end]
}

/// The value of `key="value"` (or `'value'`, or a bare word) in a tag's
/// arguments.
fn arg<'a>(args: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = args.trim_start();
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let Some(after) = rest.strip_prefix('=') else {
            continue;
        };
        let after = after.trim_start();
        let (value, next) = match after.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let inner = &after[1..];
                let end = inner.find(quote).unwrap_or(inner.len());
                (&inner[..end], inner.get(end + 1..).unwrap_or_default())
            }
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        if name == key {
            return Some(value);
        }
        rest = next.trim_start();
    }
    None
}

/// `text` with every character that means something in Markdown escaped,
/// so that it reads as written.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '!'
                | '&'
                | '~'
                | '|'
                | '{'
                | '}'
                | '('
                | ')'
                | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One `{% name arguments %}` of the text, outside code.
struct Found<'a> {
    range: Range<usize>,
    /// Where the tag's line starts.
    line_start: usize,
    name: &'a str,
    args: &'a str,
}

/// The tags of a text, and where its headings start with their level.
struct Scan<'a> {
    tags: Vec<Found<'a>>,
    headings: Vec<(usize, usize)>,
}

impl Scan<'_> {
    /// The level of the last heading before `at`; 1 (the page's title)
    /// when there is none.
    fn heading_level_at(&self, at: usize) -> usize {
        let before = self.headings.partition_point(|&(start, _)| start < at);
        before
            .checked_sub(1)
            .map_or(1, |last| self.headings[last].1)
    }
}

/// Every tag of `markdown` outside code spans and code blocks: a tag is
/// `{%`, a name of letters, digits, `-` and `_`, arguments, and `%}` on the
/// same line.
fn scan(markdown: &str) -> Scan<'_> {
    let mut found = Scan {
        tags: Vec::new(),
        headings: Vec::new(),
    };
    if !markdown.contains("{%") {
        return found;
    }
    let mut code: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => code.push(range),
            Event::Start(Tag::Heading { level, .. }) => {
                found.headings.push((range.start, level as usize));
            }
            _ => {}
        }
    }
    let mut code = code.into_iter().peekable();
    // The line being read, and the next `%}` of the text: both move
    // forward only, so that a long line of `{%` is read once, not once per
    // `{%`.
    let (mut line_start, mut line_end) = (0, 0);
    let mut next_close: Option<usize> = Some(0);
    let mut from = 0;
    while let Some(offset) = markdown[from..].find("{%") {
        let start = from + offset;
        while code.next_if(|c| c.end <= start).is_some() {}
        if let Some(inside) = code.peek().filter(|c| c.start <= start) {
            from = inside.end;
            continue;
        }
        if start >= line_end {
            line_start = markdown[..start].rfind('\n').map_or(0, |i| i + 1);
            line_end = markdown[start..]
                .find('\n')
                .map_or(markdown.len(), |i| start + i);
        }
        if next_close.is_some_and(|close| close < start + 2) {
            next_close = markdown[start + 2..].find("%}").map(|i| start + 2 + i);
        }
        // Without `%}` on its line, no `{%` further on the line is a tag.
        let Some(close) = next_close.filter(|&close| close < line_end) else {
            from = line_end;
            continue;
        };
        let end = close + 2;
        let inner = markdown[start + 2..close].trim();
        let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
        let name = &inner[..name_end];
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            found.tags.push(Found {
                range: start..end,
                line_start,
                name,
                args: &inner[name_end..],
            });
            from = end;
        } else {
            from = start + 2;
        }
    }
    found
}

/// What a tag does once tags are paired.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    /// Opens the block that the tag at this index closes.
    Opens(usize),
    /// Closes the block that the tag at this index opens.
    Closes(usize),
    /// A whole block by itself: `{% embed url="…" %}`.
    Alone,
    /// Drawn as nothing.
    Dropped,
}

/// Each tag's role, and the odd ones. An end tag closes the nearest open
/// block of its name, and the blocks left open inside it stand alone or
/// are dropped, as HTML parsers close elements.
fn pair(tags: &[Found]) -> (Vec<Role>, Vec<OddTag>) {
    let known = |name: &str| {
        KNOWN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, alone)| *alone)
    };
    let mut roles = vec![Role::Dropped; tags.len()];
    let mut odd = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    // How many blocks of each name are open: an end tag whose name has none
    // is told at once, without a walk down `open`.
    let mut open_names: HashMap<&str, usize> = HashMap::new();
    let report = |odd: &mut Vec<OddTag>, tag: &Found, name: &str, why| {
        odd.push(OddTag {
            at: tag.range.start,
            len: tag.range.len(),
            name: name.to_string(),
            why,
        })
    };
    let left_open = |i: usize, roles: &mut [Role], odd: &mut Vec<OddTag>| match known(tags[i].name)
    {
        Some(true) => roles[i] = Role::Alone,
        Some(false) => report(odd, &tags[i], tags[i].name, Odd::NotClosed),
        None => report(odd, &tags[i], tags[i].name, Odd::Unknown),
    };
    for (i, tag) in tags.iter().enumerate() {
        let Some(name) = tag.name.strip_prefix("end").filter(|n| !n.is_empty()) else {
            open.push(i);
            *open_names.entry(tag.name).or_default() += 1;
            continue;
        };
        if open_names.get(name).copied().unwrap_or(0) == 0 {
            let why = if known(name).is_some() {
                Odd::NotOpened
            } else {
                Odd::Unknown
            };
            report(&mut odd, tag, name, why);
            continue;
        }
        while let Some(o) = open.pop() {
            *open_names.entry(tags[o].name).or_default() -= 1;
            if tags[o].name == name {
                roles[o] = Role::Opens(i);
                roles[i] = Role::Closes(o);
                if known(name).is_none() {
                    report(&mut odd, &tags[o], name, Odd::Unknown);
                }
                break;
            }
            left_open(o, &mut roles, &mut odd);
        }
    }
    for o in open {
        left_open(o, &mut roles, &mut odd);
    }
    odd.sort_by_key(|t| t.at);
    (roles, odd)
}

/// A table of raw HTML as GitBook writes it, drawn as GitBook shows it:
/// `data-view="cards"` is a list of cards, each its row's visible cells,
/// the first one a link to the row's target (its `data-card-target`
/// column); columns marked `data-hidden` are left out, and so is a header
/// marked `data-header-hidden`. Cover images are left out of cards: big
/// photos a phone on a slow line would load for decoration. `None`: not
/// such a table.
pub fn table(html: &str) -> Option<String> {
    static TABLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<table(\s[^>]*)?>(.*?)</table>").expect("valid regex"));
    static ROW: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<tr[^>]*>(.*?)</tr>").expect("valid regex"));
    static CELL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<t([hd])(\s[^>]*)?>(.*?)</t[hd]>").expect("valid regex"));
    static LINK_TAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)</?a(\s[^>]*)?>").expect("valid regex"));
    static HREF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"href\s*=\s*"([^"]*)""#).expect("valid regex"));
    if !html.contains("<table data-") {
        return None;
    }
    let table = TABLE.captures(html)?;
    let attributes = table.get(1).map_or("", |a| a.as_str());
    let cards = attributes.contains("data-view=\"cards\"");
    let header_hidden = attributes.contains("data-header-hidden")
        && !attributes.contains("data-header-hidden=\"false\"");
    let has = |cell: &str, attribute: &str| {
        cell.split_whitespace()
            .any(|a| a == attribute || a.starts_with(&format!("{attribute}=")))
    };
    // Each column: whether it is hidden, and whether it holds the card's target.
    let mut columns: Vec<(bool, bool)> = Vec::new();
    let mut rows: Vec<Vec<&str>> = Vec::new();
    let mut head: Option<String> = None;
    for row in ROW.captures_iter(&table[2]) {
        let cells: Vec<_> = CELL.captures_iter(row.get(1)?.as_str()).collect();
        if cells.first().is_some_and(|c| &c[1] == "h") && columns.is_empty() {
            columns = cells
                .iter()
                .map(|c| {
                    let a = c.get(2).map_or("", |a| a.as_str());
                    (has(a, "data-hidden"), has(a, "data-card-target"))
                })
                .collect();
            let visible: String = cells
                .iter()
                .zip(&columns)
                .filter(|(_, (hidden, _))| !hidden)
                .map(|(c, _)| c.get(0).map_or("", |m| m.as_str()))
                .collect();
            head = Some(visible);
            continue;
        }
        rows.push(
            cells
                .iter()
                .map(|c| c.get(0).map_or("", |m| m.as_str()))
                .collect(),
        );
    }
    if !cards && !header_hidden && !columns.iter().any(|(hidden, _)| *hidden) {
        return None;
    }
    let visible = |row: &[&'_ str]| -> Vec<String> {
        row.iter()
            .enumerate()
            .filter(|(i, _)| !columns.get(*i).is_some_and(|(hidden, _)| *hidden))
            .map(|(_, cell)| cell.to_string())
            .collect()
    };
    let mut out = String::new();
    if cards {
        out.push_str("<ul class=\"cards\">\n");
        for row in &rows {
            let target = row
                .iter()
                .enumerate()
                .find(|(i, _)| columns.get(*i).is_some_and(|(_, target)| *target))
                .and_then(|(_, cell)| HREF.captures(cell))
                .map(|href| href[1].to_string());
            let texts: Vec<String> = visible(row)
                .iter()
                .map(|cell| inner(cell).trim().to_string())
                .filter(|text| !text.is_empty())
                .collect();
            let Some((first, rest)) = texts.split_first() else {
                continue;
            };
            out.push_str("<li>");
            match &target {
                // The cell's own links give way to the card's: a link in a
                // link is not HTML.
                Some(href) => out.push_str(&format!(
                    "<a href=\"{href}\">{}</a>",
                    LINK_TAG.replace_all(first, "")
                )),
                None => out.push_str(first),
            }
            for text in rest {
                out.push_str(&format!("<br>{text}"));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    } else {
        out.push_str("<table>");
        if let Some(head) = head.filter(|_| !header_hidden) {
            out.push_str(&format!("<thead><tr>{head}</tr></thead>"));
        }
        out.push_str("<tbody>");
        for row in &rows {
            out.push_str(&format!("<tr>{}</tr>", visible(row).concat()));
        }
        out.push_str("</tbody></table>");
    }
    let whole = table.get(0)?;
    Some(format!(
        "{}{out}{}",
        &html[..whole.start()],
        &html[whole.end()..]
    ))
}

/// What a cell holds, without its own tags.
fn inner(cell: &str) -> &str {
    let start = cell.find('>').map_or(0, |i| i + 1);
    let end = cell.rfind("</").unwrap_or(cell.len());
    cell.get(start..end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(markdown: &str) -> Vec<(&str, Odd)> {
        odd_tags(markdown)
            .into_iter()
            .map(|t| (&markdown[t.at..t.at + t.len], t.why))
            .collect()
    }

    #[test]
    fn blocks_left_open_or_never_opened_are_told() {
        assert_eq!(
            why("{% hint %}\ntexte\n\n{% endtab %}\n{% embed url=\"https://a.org\" %}\n"),
            [
                ("{% hint %}", Odd::NotClosed),
                ("{% endtab %}", Odd::NotOpened),
            ]
        );
        // An end tag closes the nearest block of its name; a block left
        // open inside it is told, an embed inside it stands alone.
        assert_eq!(
            why("{% tabs %}{% tab %}{% embed url=\"x\" %}{% endtabs %}"),
            [("{% tab %}", Odd::NotClosed)]
        );
        assert_eq!(
            why("{% include \"x.md\" %} {% raw %}a{% endraw %} {% endpoint %}"),
            [
                ("{% include \"x.md\" %}", Odd::Unknown),
                ("{% raw %}", Odd::Unknown),
                ("{% endpoint %}", Odd::Unknown),
            ]
        );
        assert!(why("{% hint style=\"info\" %}x{% endhint %}").is_empty());
    }

    #[test]
    fn what_is_not_a_tag_is_left_as_written() {
        for text in [
            "50 {% des apprentis",
            "{% hint\n%}",
            "{%%}",
            "{% é %}",
            "`{% hint %}`",
            "```\n{% hint %}\n```",
            "    {% hint %}",
        ] {
            assert_eq!(expand(text, Lang::Fr), text, "{text}");
            assert!(odd_tags(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn arguments_are_read_quoted_or_bare() {
        let args = r#" title="Le « mentor »" style='info' url=https://a.org/x?y=1 flag"#;
        assert_eq!(arg(args, "title"), Some("Le « mentor »"));
        assert_eq!(arg(args, "style"), Some("info"));
        assert_eq!(arg(args, "url"), Some("https://a.org/x?y=1"));
        assert_eq!(arg(args, "flag"), None);
        assert_eq!(arg(r#"src="a" caption="x""#, "caption"), Some("x"));
        assert_eq!(arg(r#"curl="a""#, "url"), None);
    }

    #[test]
    fn a_step_outside_a_stepper_is_its_text() {
        let out = expand("{% step %}\nFaire.\n{% endstep %}\n", Lang::Fr);
        assert!(!out.contains("<li>") && !out.contains("{%"), "{out}");
        assert!(out.contains("Faire."), "{out}");
    }

    #[test]
    fn deep_or_pathological_texts_stay_linear_and_shallow() {
        let depth = 40_000;
        let nested = format!(
            "{}au fond\n{}",
            "{% hint %}\n".repeat(depth),
            "{% endhint %}\n".repeat(depth)
        );
        let out = expand(&nested, Lang::Fr);
        assert_eq!(out.matches("<aside").count(), MAX_NESTING);
        assert_eq!(out.matches("</aside>").count(), MAX_NESTING);
        assert!(out.contains("au fond") && !out.contains("{%"));
        assert!(odd_tags(&nested).is_empty());

        // Ends that close nothing, and openers never closed.
        let text = format!(
            "{}{}",
            "{% hint %}".repeat(depth),
            "{% endtabs %}".repeat(depth)
        );
        assert_eq!(odd_tags(&text).len(), 2 * depth);
        assert_eq!(expand(&text, Lang::Fr), "");
        // Openers whose name is not one, before a single `%}`.
        let text = format!("{}%}}", "{% {% ".repeat(100_000));
        assert!(odd_tags(&text).is_empty());
        // A line of openers without a closing `%}`.
        let text = "{% ".repeat(200_000);
        assert!(odd_tags(&text).is_empty());
        assert_eq!(expand(&text, Lang::Fr), text);
    }
}
