//! Splitting a Markdown file into its front matter and its body.
//!
//! TOML between `+++` lines or YAML between `---` lines, as in Zola and Hugo.
//! Hand-written because it is a dozen lines and must report *where* the
//! front matter went wrong (never opened, never closed, closed with the other
//! delimiter), which the front-matter crates do not.

use std::ops::Range;

use super::fields::Syntax;

/// The parts of a Markdown file.
#[derive(Debug)]
pub struct Split<'a> {
    pub syntax: Syntax,
    /// The front matter's text and where it starts in the file.
    pub front: &'a str,
    pub front_offset: usize,
    /// The opening delimiter line, where "missing field" errors point.
    pub opening: Range<usize>,
    /// The Markdown after the closing line, and where it starts in the file.
    pub body: &'a str,
    pub body_offset: usize,
}

#[derive(Debug, PartialEq)]
pub enum Problem {
    /// The file does not start with `+++` or `---`.
    Missing,
    /// Opened on the first line, never closed. `other` is a line holding the
    /// other delimiter, a common slip (`+++` … `---`).
    Unclosed {
        opening: Range<usize>,
        other: Option<Range<usize>>,
    },
}

impl<'a> Split<'a> {
    /// A file without front matter: all of it is the body (after a BOM).
    pub fn none(text: &'a str) -> Self {
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Split {
            syntax: Syntax::Toml,
            front: "",
            front_offset: start,
            opening: start..start,
            body: &text[start..],
            body_offset: start,
        }
    }
}

pub fn split(text: &str) -> Result<Split<'_>, Problem> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = line_ranges(text, start);
    let first = lines.next().ok_or(Problem::Missing)?;
    let (syntax, delimiter, other_delimiter) = match text[first.clone()].trim_end() {
        "+++" => (Syntax::Toml, "+++", "---"),
        "---" => (Syntax::Yaml, "---", "+++"),
        _ => return Err(Problem::Missing),
    };
    let opening = first.start..first.start + 3;
    let front_offset = first.end;
    let mut other = None;
    for line in lines {
        let content = text[line.clone()].trim_end();
        if content == delimiter {
            return Ok(Split {
                syntax,
                front: &text[front_offset..line.start],
                front_offset,
                opening,
                body: &text[line.end..],
                body_offset: line.end,
            });
        }
        if content == other_delimiter && other.is_none() {
            other = Some(line.start..line.start + 3);
        }
    }
    Err(Problem::Unclosed { opening, other })
}

/// Each line's byte range, including its newline.
fn line_ranges(text: &str, start: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = start;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let range = at..end;
        at = end;
        Some(range)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_and_yaml() {
        let s = split("+++\ntitle = \"a\"\n+++\nBody\n").unwrap();
        assert_eq!(
            (s.syntax, s.front, s.body, s.body_offset),
            (Syntax::Toml, "title = \"a\"\n", "Body\n", 20)
        );
        let s = split("---\r\ntitle: a\r\n---\r\n").unwrap();
        assert_eq!(
            (s.syntax, s.front, s.body),
            (Syntax::Yaml, "title: a\r\n", "")
        );
    }

    #[test]
    fn reports_missing_and_unclosed_front_matter() {
        assert_eq!(split("# Titre\n").unwrap_err(), Problem::Missing);
        assert_eq!(split("").unwrap_err(), Problem::Missing);
        assert_eq!(
            split("+++\ntitle = \"a\"\n---\n").unwrap_err(),
            Problem::Unclosed {
                opening: 0..3,
                other: Some(16..19)
            }
        );
    }
}
