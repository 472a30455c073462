//! Entry points for the fuzz targets of `fuzz/` (cargo-fuzz, nightly; see
//! the README's developer section): the parsing and rendering a real site
//! goes through, from a string rather than a folder.

use crate::diagnostics::{RenderOptions, Sources, render};
use crate::i18n::Lang;
use crate::render::markdown::{self, MarkdownCtx};
use crate::render::urls::Urls;

pub use crate::render::markdown::runs_code;

/// `text` read as the file `rel` of a site, then every problem rendered as
/// `check` prints it (the lines quoted, the caret placed). Must never panic.
pub fn check_file(rel: &str, text: &str) -> String {
    let problems = crate::load::parse_text(rel, text, Lang::Fr);
    let mut sources = Sources::new();
    sources.insert(rel.to_string(), text.to_string());
    let options = RenderOptions {
        lang: Lang::Fr,
        color: false,
    };
    problems
        .iter()
        .map(|d| render(d, &sources, options))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Markdown rendered as a page's body is, sanitised unless `unsafe_html`.
pub fn markdown_html(text: &str, unsafe_html: bool) -> String {
    let urls = Urls::new(
        url::Url::parse("https://example.org/programme/").expect("a valid literal URL"),
        false,
    );
    markdown::render(
        text,
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
    .html
}
