//! The one error type users see: a problem in their site, located in a file,
//! at a line and column, on a field, with what was found, what was expected
//! and, where one exists, the nearest valid value.
//!
//! Problems are collected, never thrown: every stage pushes into a
//! [`Diagnostics`] list so that one run reports everything that is wrong.
//! Rendering uses `annotate-snippets` (rustc's own renderer) because it lets
//! us name the levels in French ("erreur", "aide").

use std::collections::BTreeMap;
use std::ops::Range;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::i18n::Lang;
use crate::tr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in a site.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable name for the rule (`unknown-id`, `missing-field`…), for tests and docs.
    pub code: &'static str,
    /// The file, relative to the site folder, with `/` separators.
    pub file: Option<String>,
    /// Byte range in the file's text.
    pub span: Option<Range<usize>>,
    /// The field concerned, as written in the file (`goals[2].due`).
    pub field: Option<String>,
    /// What is wrong, in the site's language.
    pub message: String,
    /// A short remark printed under the underlined value.
    pub label: Option<String>,
    /// What to do about it: the nearest valid value, an example.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message.into())
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message.into())
    }

    fn new(severity: Severity, code: &'static str, message: String) -> Self {
        Diagnostic {
            severity,
            code,
            file: None,
            span: None,
            field: None,
            message,
            label: None,
            help: None,
        }
    }

    pub fn in_file(mut self, file: &str) -> Self {
        self.file = Some(file.to_string());
        self
    }

    pub fn at(mut self, file: &str, span: Range<usize>) -> Self {
        self.file = Some(file.to_string());
        self.span = Some(span);
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column of the span's start, given the sources.
    pub fn line_col(&self, sources: &Sources) -> Option<(usize, usize)> {
        let text = sources.get(self.file.as_deref()?)?;
        Some(line_col(text, self.span.as_ref()?.start))
    }
}

/// A file or folder that could not be written.
pub fn write_failed(lang: Lang, path: &std::path::Path, error: &std::io::Error) -> Diagnostic {
    let (shown, reason) = (path.display().to_string(), error.to_string());
    Diagnostic::error(
        "write-failed",
        tr!(
            lang,
            "impossible d'écrire {shown} : {reason}",
            "cannot write {shown}: {reason}"
        ),
    )
    .help(tr!(
        lang,
        "vérifiez l'espace disque et que vous avez le droit d'écrire dans ce dossier",
        "check the disk space and that you may write in this folder"
    ))
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The text of every file that was read, by path relative to the site, so
/// that a diagnostic can show its source line.
pub type Sources = BTreeMap<String, String>;

/// All the problems of one run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(more);
    }

    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Puts the list in reading order: site-wide problems first, then file by
    /// file, top to bottom. The order never depends on thread scheduling.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (
                &a.file,
                a.span.as_ref().map(|s| s.start),
                a.severity,
                &a.message,
            )
                .cmp(&(
                    &b.file,
                    b.span.as_ref().map(|s| s.start),
                    b.severity,
                    &b.message,
                ))
        });
        self.items.dedup();
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    pub lang: Lang,
    pub color: bool,
}

/// Whether a character would act on a terminal rather than show: the C0
/// and C1 controls and DEL (ESC starts colour, cursor and title sequences,
/// BEL rings). Line breaks and tabs are text.
fn acts_on_terminal(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\t')
}

/// The character shown for a control character: its Unicode picture (␛
/// for ESC, ␇ for BEL), or its code (U+0085) when it has none.
fn picture(c: char) -> String {
    match c as u32 {
        n @ 0..=0x1f => char::from_u32(0x2400 + n).map_or_else(String::new, String::from),
        0x7f => "\u{2421}".into(),
        n => format!("U+{n:04X}"),
    }
}

/// `text` safe to print on a terminal: every control character that would
/// act on it (ESC, BEL…) is shown as a picture instead. What users write
/// reaches the terminal in messages and in the lines quoted from their files.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(acts_on_terminal) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if acts_on_terminal(c) {
                    picture(c)
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// [`printable`] for a file's text, with a byte offset into it moved to the
/// same place in the printable text.
fn printable_at(text: &str, offset: usize) -> usize {
    text[..offset]
        .chars()
        .filter(|&c| acts_on_terminal(c))
        .map(|c| picture(c).len() - c.len_utf8())
        .sum::<usize>()
        + offset
}

/// Renders one diagnostic as the user sees it: the message, the file, the
/// line with the value underlined, and the help. Control characters from
/// what users wrote are shown, never sent to the terminal.
pub fn render(diagnostic: &Diagnostic, sources: &Sources, options: RenderOptions) -> String {
    let printed;
    let diagnostic = if [
        Some(diagnostic.message.as_str()),
        diagnostic.label.as_deref(),
        diagnostic.help.as_deref(),
        diagnostic.file.as_deref(),
    ]
    .into_iter()
    .flatten()
    .any(|t| t.contains(acts_on_terminal))
    {
        printed = Diagnostic {
            message: printable(&diagnostic.message).into_owned(),
            label: diagnostic
                .label
                .as_deref()
                .map(|t| printable(t).into_owned()),
            help: diagnostic
                .help
                .as_deref()
                .map(|t| printable(t).into_owned()),
            file: diagnostic.file.clone(),
            ..diagnostic.clone()
        };
        &printed
    } else {
        diagnostic
    };
    let lang = options.lang;
    let (level, name) = match diagnostic.severity {
        Severity::Error => (Level::ERROR, tr!(lang, "erreur", "error")),
        Severity::Warning => (Level::WARNING, tr!(lang, "avertissement", "warning")),
    };
    // The name is followed by ": "; French wants a space before the colon.
    let name = match lang {
        Lang::Fr => format!("{name}\u{a0}"),
        Lang::En => name,
    };
    let title = level
        .with_name(Some(name.as_str()))
        .primary_title(&diagnostic.message);
    let mut group = Group::with_title(title);
    let text = diagnostic
        .file
        .as_deref()
        .and_then(|file| sources.get(file));
    let shown_text = text.map(|t| printable(t));
    let shown_file = diagnostic.file.as_deref().map(printable);
    match (&diagnostic.file, &diagnostic.span, text) {
        (Some(file), Some(span), Some(text)) => {
            let start = floor_char_boundary(text, span.start);
            let end = floor_char_boundary(text, span.end).max(start);
            let (start, end) = (printable_at(text, start), printable_at(text, end));
            let (text, file) = (
                shown_text.as_deref().unwrap_or(text),
                shown_file.as_deref().unwrap_or(file),
            );
            let mut annotation = AnnotationKind::Primary.span(start..end);
            if let Some(label) = &diagnostic.label {
                annotation = annotation.label(label.as_str());
            }
            group = group.element(
                Snippet::source(text)
                    .path(file)
                    .fold(true)
                    .annotation(annotation),
            );
        }
        (Some(file), _, _) => {
            group = group.element(Origin::path(printable(file).into_owned()));
            if let Some(label) = &diagnostic.label {
                group = group.element(Level::NOTE.no_name().message(label.as_str()));
            }
        }
        (None, _, _) => {
            if let Some(label) = &diagnostic.label {
                group = group.element(Level::NOTE.no_name().message(label.as_str()));
            }
        }
    }
    let help_name = match lang {
        Lang::Fr => "aide\u{a0}",
        Lang::En => "help",
    };
    if let Some(help) = &diagnostic.help {
        group = group.element(
            Level::HELP
                .with_name(Some(help_name))
                .message(help.as_str()),
        );
    }
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.decor_style(DecorStyle::Unicode).render(&[group])
}

/// The last line of a run: what was found and what happened to the output.
pub fn summary(lang: Lang, errors: usize, warnings: usize) -> String {
    let e = lang.count(errors, ("erreur", "erreurs"), ("error", "errors"));
    let w = lang.count(
        warnings,
        ("avertissement", "avertissements"),
        ("warning", "warnings"),
    );
    format!("{e}, {w}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a = 1\nnom = \"Élodie\"\n";
        let offset = text.find("\"É").unwrap() + 3; // after the 2-byte É
        assert_eq!(line_col(text, offset), (2, 9));
    }
}
