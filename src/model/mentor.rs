//! `mentors/<slug>.md`: who offers to pass on what.

use super::{Format, LevelOf, Slot, Spanned};

#[derive(Clone, Debug)]
pub struct Mentor {
    pub file: String,
    pub slug: String,
    pub name: String,
    pub headline: Option<String>,
    /// Competency id → the mentor's level in it.
    pub skills: Vec<LevelOf>,
    pub capacity: Spanned<i64>,
    pub languages: Vec<String>,
    pub location: Option<String>,
    pub remote: bool,
    pub formats: Vec<Format>,
    pub availability: Vec<Slot>,
    pub contact: Option<String>,
    pub show_contact: bool,
    /// Relative to `static/`.
    pub photo: Option<Spanned<String>>,
    pub draft: bool,
    pub body: String,
    /// Where `body` starts in the file, in bytes: links in it are reported at their line.
    pub body_at: usize,
}
