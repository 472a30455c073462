//! `apprentices/<slug>/`: a profile, its goals and its competency log.

use jiff::civil::Date;

use super::{Format, LevelOf, Slot, Spanned, Visibility};

#[derive(Clone, Debug)]
pub struct Apprentice {
    /// `apprentices/<slug>/_index.md`.
    pub file: String,
    pub slug: String,
    pub name: String,
    pub started: Spanned<Date>,
    pub mentor: Option<Spanned<String>>,
    /// Competency id → the level this apprentice aims for, overriding the framework.
    pub targets: Vec<LevelOf>,
    pub seeking: Vec<Spanned<String>>,
    pub languages: Vec<String>,
    pub location: Option<String>,
    /// Where they work: "Dubois Plomberie Chauffage, Lille". Shown on
    /// their portfolio and printed record.
    pub employer: Option<String>,
    /// The diploma or title prepared: "CAP Cuisine", "RNCP37890".
    pub qualification: Option<String>,
    pub remote: bool,
    pub formats: Vec<Format>,
    pub availability: Vec<Slot>,
    pub cohort: Spanned<String>,
    pub visibility: Visibility,
    pub goals: Vec<Goal>,
    pub draft: bool,
    pub body: String,
    /// Where `body` starts in the file, in bytes: links in it are reported at their line.
    pub body_at: usize,
    /// Log entries, in file-name order.
    /// Each shared (`Arc`): `serve` keeps the entries it parsed and hands
    /// them to the next build without copying them.
    pub entries: Vec<std::sync::Arc<Entry>>,
    /// The folder's other files (evidence), relative to the folder.
    pub files: Vec<String>,
}

/// A measurable objective agreed with the mentor.
#[derive(Clone, Debug)]
pub struct Goal {
    pub title: Spanned<String>,
    pub due: Spanned<Date>,
    /// Met when this competency reaches this level.
    pub competency: Option<LevelOf>,
}

/// One competency-log entry.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The file's name without its extension.
    pub slug: Box<str>,
    /// Whether the file is named `.markdown` rather than `.md`. Its path is
    /// made when needed (see [`Entry::file`]) rather than held: a
    /// programme of 10,000 apprentices has 300,000 entries.
    pub long_extension: bool,
    pub title: Box<str>,
    pub date: Spanned<Date>,
    pub kind: EntryKind,
    pub hours: f64,
    pub competencies: Box<[LevelOf]>,
    pub evidence: Box<[Spanned<Evidence>]>,
    pub validated_by: Option<Spanned<String>>,
    pub feedback: Option<Box<str>>,
    pub goals_met: Box<[Spanned<String>]>,
    pub draft: bool,
    pub body: Box<str>,
    /// Where `body` starts in the file, in bytes: links in it are reported at their line.
    pub body_at: usize,
}

impl Entry {
    /// The entry's file, relative to the site, for the apprentice whose
    /// slug is `apprentice`: `apprentices/<apprentice>/<slug>.md`.
    pub fn file(&self, apprentice: &str) -> String {
        let extension = if self.long_extension {
            "markdown"
        } else {
            "md"
        };
        format!("apprentices/{apprentice}/{}.{extension}", self.slug)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    Practice,
    Checkin,
    Review,
    Training,
}

impl EntryKind {
    pub const NAMES: [&'static str; 4] = ["practice", "checkin", "review", "training"];
    pub const ALL: [EntryKind; 4] = [
        EntryKind::Practice,
        EntryKind::Checkin,
        EntryKind::Review,
        EntryKind::Training,
    ];
    pub const SYNONYMS: &'static [(&'static str, &'static str)] = &[
        ("pratique", "practice"),
        ("mise-en-pratique", "practice"),
        ("chantier", "practice"),
        ("point", "checkin"),
        ("point-hebdo", "checkin"),
        ("check-in", "checkin"),
        ("suivi", "checkin"),
        ("bilan", "review"),
        ("bilan-mensuel", "review"),
        ("revue", "review"),
        ("formation", "training"),
        ("atelier", "training"),
    ];
}

/// A piece of evidence: a file beside the entry, or a link.
#[derive(Clone, Debug, PartialEq)]
pub enum Evidence {
    /// Relative to the apprentice's folder.
    File(String),
    Url(String),
}
