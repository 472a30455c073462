//! `competencies/`: the scale, the blocks and the competencies.

use super::Spanned;

/// `competencies/_index.md`.
#[derive(Clone, Debug)]
pub struct Framework {
    pub file: String,
    pub title: Option<String>,
    /// Level names: `scale[0]` is level 1.
    pub scale: Vec<String>,
    pub blocks: Vec<Block>,
    pub body: String,
    /// Where `body` starts in the file, in bytes: links in it are reported at their line.
    pub body_at: usize,
}

#[derive(Clone, Debug)]
pub struct Block {
    pub id: Spanned<String>,
    pub name: String,
}

/// `competencies/<id>.md`.
#[derive(Clone, Debug)]
pub struct Competency {
    pub file: String,
    pub id: String,
    pub name: String,
    pub block: Spanned<String>,
    pub target: Spanned<i64>,
    /// Descriptors of some levels, in the order written.
    pub levels: Vec<(Spanned<i64>, String)>,
    pub draft: bool,
    pub body: String,
    /// Where `body` starts in the file, in bytes: links in it are reported at their line.
    pub body_at: usize,
}
