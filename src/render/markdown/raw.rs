//! The addresses in raw HTML written in a Markdown text (`<a href="…">`,
//! `<img src="…">`, as GitBook writes its card tables and editors their
//! figures), found with where they stand, so that they lead where the
//! Markdown links of the same text lead and `check` sees them too.
//!
//! Written here rather than borrowed: ammonia's `url_relative` hook sees
//! every relative address of the finished page, the ones render already
//! resolved among them, and runs only when the site sanitises; an HTML
//! parser (html5ever) gives attributes but not where they stand in the
//! text, which rewriting and `check`'s line numbers both need. Raw HTML in
//! Markdown comes as small fragments, and tags are found in them with two
//! regular expressions; a tag written across several lines is joined by
//! the caller first.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A start tag with its attributes: `<a href="x" class='y'>`.
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?>").expect("valid regex"));

/// One attribute of a tag, with its value quoted either way or not at all.
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"#)
        .expect("valid regex")
});

/// A tag of a fragment of raw HTML.
#[derive(Debug)]
pub struct RawTag<'a> {
    /// Its name in lower case: `a`, `img`.
    pub name: String,
    /// Where the whole tag stands in the fragment.
    pub range: Range<usize>,
    pub attributes: Vec<RawAttribute<'a>>,
}

/// An attribute of a [`RawTag`].
#[derive(Debug)]
pub struct RawAttribute<'a> {
    /// Its name in lower case.
    pub name: String,
    /// Its value as the browser reads it (`&amp;` is `&`).
    pub value: Cow<'a, str>,
    /// Where its value stands in the fragment, quotes included; an
    /// attribute without a value (`<details open>`) has an empty range at
    /// the end of its name.
    pub range: Range<usize>,
}

impl RawTag<'_> {
    /// The value of the attribute `name`, if the tag has it.
    pub fn get(&self, name: &str) -> Option<&RawAttribute<'_>> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// Whether `name` is an attribute that holds an address on this tag.
    pub fn holds_address(name: &str) -> bool {
        matches!(name, "href" | "src" | "poster")
    }
}

/// The start tags of `html` that hold an address, in order.
pub fn tags(html: &str) -> impl Iterator<Item = RawTag<'_>> {
    all_tags(html).filter(|tag| {
        tag.attributes
            .iter()
            .any(|a| RawTag::holds_address(&a.name))
    })
}

/// The ids written in `html` (`<a id="repere">`): places a link may lead to.
pub fn ids(html: &str) -> impl Iterator<Item = String> + '_ {
    all_tags(html).filter_map(|tag| {
        let id = tag.get("id")?.value.trim();
        (!id.is_empty()).then(|| id.to_string())
    })
}

/// Every start tag of `html`, with its attributes.
fn all_tags(html: &str) -> impl Iterator<Item = RawTag<'_>> {
    TAG.captures_iter(html).filter_map(|tag| {
        let whole = tag.get(0)?;
        let attributes: Vec<RawAttribute> = tag
            .get(2)
            .map(|inner| {
                ATTRIBUTE
                    .captures_iter(inner.as_str())
                    .filter_map(|attribute| {
                        let name = attribute.get(1)?;
                        let value = attribute.get(2).or(attribute.get(3)).or(attribute.get(4));
                        let (value, range) = match value {
                            Some(value) => {
                                // Quotes included: the whole of what to replace.
                                let quoted = attribute.get(4).is_none();
                                let (start, end) = if quoted {
                                    (value.start() - 1, value.end() + 1)
                                } else {
                                    (value.start(), value.end())
                                };
                                (
                                    decode(value.as_str()),
                                    inner.start() + start..inner.start() + end,
                                )
                            }
                            None => (
                                Cow::Borrowed(""),
                                inner.start() + name.end()..inner.start() + name.end(),
                            ),
                        };
                        Some(RawAttribute {
                            name: name.as_str().to_ascii_lowercase(),
                            value,
                            range,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(RawTag {
            name: tag[1].to_ascii_lowercase(),
            range: whole.range(),
            attributes,
        })
    })
}

/// Every address in `html` (`href`, `src`, `poster`), with where it starts
/// in `html` (inside its quotes).
pub fn addresses(html: &str) -> Vec<(usize, String)> {
    tags(html)
        // GitBook's heading anchor names its heading, and is not drawn.
        .filter(|tag| !is_anchor_of_itself(tag))
        .flat_map(|tag| {
            tag.attributes
                .into_iter()
                .filter(|a| RawTag::holds_address(&a.name) && !a.value.trim().is_empty())
                .map(|a| {
                    let quoted = html[a.range.start..].starts_with(['"', '\'']);
                    (
                        a.range.start + usize::from(quoted),
                        a.value.trim().to_string(),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether `tag` is a link to itself, `<a href="#id" id="id">` (some
/// exports lose the `#`): how GitBook names the section of a heading.
pub fn is_anchor_of_itself(tag: &RawTag) -> bool {
    let (Some(id), Some(href)) = (tag.get("id"), tag.get("href")) else {
        return false;
    };
    let id = id.value.trim();
    tag.name == "a" && !id.is_empty() && href.value.trim().trim_start_matches('#') == id
}

/// `html` with each tag holding an address replaced by what `rewrite`
/// returns for it (`None`: the tag as written).
pub fn rewrite(html: &str, mut rewrite: impl FnMut(&RawTag) -> Option<String>) -> Cow<'_, str> {
    let mut out = String::new();
    let mut done = 0;
    for tag in tags(html) {
        if let Some(new) = rewrite(&tag) {
            out.push_str(&html[done..tag.range.start]);
            out.push_str(&new);
            done = tag.range.end;
        }
    }
    if done == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[done..]);
    Cow::Owned(out)
}

/// `tag`, as written in `html`, with the values of some attributes
/// replaced (`(name, value)`, the value unescaped) and attributes added
/// after the last one.
pub fn with_values(html: &str, tag: &RawTag, values: &[(&str, String)], added: &str) -> String {
    let escape = crate::render::charts::escape;
    let mut out = String::new();
    let mut done = tag.range.start;
    for attribute in &tag.attributes {
        if let Some((_, value)) = values.iter().find(|(name, _)| *name == attribute.name) {
            out.push_str(&html[done..attribute.range.start]);
            if attribute.range.is_empty() {
                out.push('=');
            }
            out.push('"');
            out.push_str(&escape(value));
            out.push('"');
            done = attribute.range.end;
        }
    }
    // Before the closing `>` (or `/>`).
    let end = tag.range.end - 1;
    let end = if html[..end].ends_with('/') {
        end - 1
    } else {
        end
    };
    out.push_str(html[done..end].trim_end());
    out.push_str(added);
    out.push_str(&html[end..tag.range.end]);
    out
}

/// An attribute's value as the browser reads it: the character references
/// a URL may hold (`&amp;`, `&#39;`, `&#x20;`…) decoded. Other named
/// references never occur in addresses and are left as written.
fn decode(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&end| end <= 10);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                "lt" => '<',
                "gt" => '>',
                "nbsp" => '\u{a0}',
                _ => {
                    let code = match name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
                    };
                    char::from_u32(code?)?
                }
            };
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_found_in_tags_only_with_where_they_stand() {
        let html = r#"<td><a href="roles/mentor.md">mentor</a></td> href="no" <img alt=x SRC='a b.png'><a name=top>"#;
        let found = addresses(html);
        assert_eq!(
            found,
            vec![
                (13, "roles/mentor.md".to_string()),
                (html.find("a b").unwrap(), "a b.png".to_string())
            ]
        );
        assert_eq!(&html[13..14], "r");
    }

    #[test]
    fn values_are_read_as_a_browser_reads_them() {
        let html = r#"<a href="a.md?x=1&amp;y=&#39;2&#x27;&bogus;">"#;
        assert_eq!(addresses(html)[0].1, "a.md?x=1&y='2'&bogus;");
    }

    #[test]
    fn tags_are_rewritten_in_place_keeping_the_rest() {
        let html = "<p>Voir <a class=\"x\" href='mentor.md'>le mentor</a> et <img src=plan.png alt=\"Plan\"/></p>";
        let out = rewrite(html, |tag| match tag.name.as_str() {
            "a" => Some(with_values(
                html,
                tag,
                &[("href", "../mentor/".to_string())],
                "",
            )),
            _ => Some(with_values(
                html,
                tag,
                &[("src", "img/plan & co.png".to_string())],
                " width=\"4\"",
            )),
        });
        assert_eq!(
            out,
            "<p>Voir <a class=\"x\" href=\"../mentor/\">le mentor</a> et <img src=\"img/plan &amp; co.png\" alt=\"Plan\" width=\"4\"/></p>"
        );
        assert!(matches!(rewrite(html, |_| None), Cow::Borrowed(_)));
    }
}
