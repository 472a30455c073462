//! Code blocks coloured when the site is built: the reader's browser runs
//! no script for it, and the colours are CSS classes (`hl-keyword`,
//! `hl-string`…) that the theme styles, in light, dark and print alike.
//!
//! Why syntect: maintained, used for years by Zola and bat, pure Rust with
//! its `regex-fancy` engine (no C Oniguruma to build), grammars shipped
//! inside the crate (nothing fetched), and its `ClassedHTMLGenerator`
//! writes classes rather than inline styles, which the sanitiser would
//! strip and dark mode could not change. Its grammars are loaded on the
//! first fenced block with a language, never at start-up.

use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Sublime Text's default grammars (about 50 languages: Python, Java,
/// JavaScript, Rust, SQL, shell, HTML, CSS, YAML, JSON…), decompressed on
/// first use: a few tens of milliseconds, once per process.
static GRAMMARS: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The classes are the scope's atoms, prefixed so that they cannot clash
/// with the theme's own (`hl-comment`, not `comment`).
const CLASSES: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The grammar's name for a fence's language: what comes before a comma
/// or a brace (mdBook writes ```` ```rust,ignore ````, Pandoc
/// ```` ```{.python} ````). Empty when the fence names none.
pub fn language(info: &str) -> &str {
    let first = info.split_whitespace().next().unwrap_or_default();
    first
        .trim_start_matches(['{', '.'])
        .split([',', '{', '}'])
        .next()
        .unwrap_or_default()
}

/// `code` coloured as `language`, as HTML spans whose text is escaped;
/// None for a language the grammars do not know, or plain text.
pub fn highlight(code: &str, language: &str) -> Option<String> {
    // Plain text needs no grammar: not worth loading them for.
    if language.is_empty()
        || ["text", "txt", "plain", "plaintext"]
            .iter()
            .any(|plain| language.eq_ignore_ascii_case(plain))
    {
        return None;
    }
    let grammars = &*GRAMMARS;
    let grammar = grammars
        .find_syntax_by_token(language)
        .filter(|g| g.name != "Plain Text")?;
    let mut html = ClassedHTMLGenerator::new_with_class_style(grammar, grammars, CLASSES);
    for line in LinesWithEndings::from(code) {
        // A grammar that fails on a line (a regex too costly for
        // fancy-regex's backtracking limit) leaves the block plain.
        html.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(html.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_read_as_github_mdbook_and_pandoc_write_them() {
        assert_eq!(language("rust"), "rust");
        assert_eq!(language("rust,ignore"), "rust");
        assert_eq!(language("python title=\"x.py\""), "python");
        assert_eq!(language("{.python}"), "python");
        assert_eq!(language(""), "");
    }

    #[test]
    fn known_languages_are_classed_spans_and_the_rest_is_left_alone() {
        let html = highlight("def f(x):\n    return \"<b>\" # note\n", "python").unwrap();
        assert!(html.contains("<span class=\"hl-keyword"), "{html}");
        assert!(html.contains("hl-comment"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert_eq!(highlight("x", "klingon"), None);
        assert_eq!(highlight("x", "text"), None);
        assert_eq!(highlight("x", ""), None);
        // By extension as well as by name, whatever the case.
        assert!(highlight("x = 1", "PY").is_some());
        assert!(highlight("SELECT 1;", "sql").is_some());
    }

    #[test]
    fn code_that_looks_like_html_stays_text() {
        for language in ["html", "js", "python", "sh"] {
            let html = highlight(
                "</code></pre><script>alert('x')</script><img src=x onerror=\"y\">\n",
                language,
            )
            .unwrap();
            assert!(!html.contains("<script"), "{language}: {html}");
            assert!(!html.contains("<img"), "{language}: {html}");
            assert!(!html.contains("</code>"), "{language}: {html}");
        }
    }
}
