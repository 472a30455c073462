//! `programme/`: the handbook's pages.

/// One Markdown page of the handbook.
#[derive(Clone, Debug)]
pub struct Page {
    /// The source file, relative to the site; for a folder that has no
    /// page of its own, the folder, ending with `/` (its page lists the
    /// pages in it).
    pub file: String,
    /// The page's path under `programme/`, slugified, without extension:
    /// `roles/mentor`, or `roles` for `roles/_index.md`, or "" for the front page.
    pub path: String,
    /// True for a folder's own page: `_index.md`, `index.md` or
    /// `README.md`, or a folder without one (see `file`).
    pub is_section: bool,
    pub title: String,
    pub description: Option<String>,
    pub weight: i64,
    pub draft: bool,
    /// Published, but not in the navigation (GitBook's `hidden`, or a page
    /// that `SUMMARY.md` does not list).
    pub hidden: bool,
    /// Other addresses of the page, under the site (`/ancien/chemin/`):
    /// each gets a small page that sends the reader here.
    pub aliases: Vec<String>,
    /// The Markdown after the front matter (and after the first heading
    /// when it gave the title).
    pub body: String,
    /// Where `body` starts in the file, in bytes: links in it are reported at their line.
    pub body_at: usize,
}

/// `programme/SUMMARY.md` (GitBook's and mdBook's table of contents): the
/// order, nesting and titles of the navigation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Relative to the site.
    pub file: String,
    /// The chapters at the top, in order, parts between them.
    pub items: Vec<SummaryItem>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SummaryItem {
    /// A heading between chapters (`## Part` in GitBook, `# Part` in mdBook).
    Part(String),
    Chapter(Chapter),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Chapter {
    /// The link's text: the page's label in the navigation.
    pub title: String,
    pub target: ChapterTarget,
    /// Where the chapter's line starts in the file, in bytes.
    pub at: usize,
    pub children: Vec<Chapter>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ChapterTarget {
    /// A file of the handbook, relative to `programme/`, `/`-separated,
    /// `./` and `../` resolved, without its `#fragment`.
    File(String),
    /// An address elsewhere (`https://…`).
    External(String),
    /// mdBook's draft chapter, `[Titre]()`: a title without a page yet.
    Draft,
}
