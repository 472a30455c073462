//! `programme/`: the handbook's pages.

/// One Markdown page of the handbook.
#[derive(Clone, Debug)]
pub struct Page {
    /// The source file, relative to the site.
    pub file: String,
    /// The page's path under `programme/`, slugified, without extension:
    /// `roles/mentor`, or `roles` for `roles/_index.md`, or "" for the front page.
    pub path: String,
    /// True for a folder's `_index.md`.
    pub is_section: bool,
    pub title: String,
    pub description: Option<String>,
    pub weight: i64,
    pub draft: bool,
    /// The Markdown after the front matter.
    pub body: String,
    /// Where `body` starts in the file, in bytes: links in it are reported at their line.
    pub body_at: usize,
}
