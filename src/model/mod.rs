//! The site as plain data, once read and checked.
//!
//! Every value a later stage may need to point at keeps its [`Spanned`] byte
//! range, and every item its file, so that `check` can say where a problem
//! is. After `check` has passed, the rest of the pipeline reads these types
//! and knows the references between them resolve.

mod apprentice;
mod config;
mod framework;
mod handbook;
mod mentor;

use std::ops::Range;

pub use apprentice::{Apprentice, Entry, EntryKind, Evidence, Goal};
pub use config::{
    Config, Markdown, Matching, Programme, Rhythm, StatusRules, Validation, Weights, is_theme_name,
};
pub use framework::{Block, Competency, Framework};
pub use handbook::{Chapter, ChapterTarget, Page, Summary, SummaryItem};
pub use mentor::Mentor;

/// A value and where it was written in its file.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Spanned { value, span }
    }
}

/// A competency id paired with a level, as in `skills` or `competencies`.
pub type LevelOf = (Spanned<String>, Spanned<i64>);

/// The whole site, as read from its folder.
#[derive(Debug, Default)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    pub framework: Option<Framework>,
    pub competencies: Vec<Competency>,
    pub mentors: Vec<Mentor>,
    pub apprentices: Vec<Apprentice>,
    /// Files under `static/`, relative to it, with `/` separators.
    pub static_files: Vec<String>,
    /// `programme/SUMMARY.md`, when the handbook has one.
    pub summary: Option<Summary>,
    /// Files under `programme/` other than its pages (images, PDFs…),
    /// relative to it, with `/` separators: published beside the pages.
    pub handbook_files: Vec<String>,
    /// The size in bytes of each evidence file the site publishes, by its
    /// path from the site's folder (`apprentices/<slug>/<file>`): shown
    /// beside its link, so that a reader on a slow line knows before opening
    /// it. Filled by `load::copied_files`, which looks at every such file.
    pub evidence_sizes: crate::FastMap<String, u64>,
}

/// Log entries made shareable, as [`Apprentice::entries`] holds them.
pub fn shared(entries: Vec<Entry>) -> Vec<std::sync::Arc<Entry>> {
    entries.into_iter().map(std::sync::Arc::new).collect()
}

impl Site {
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.apprentices
            .iter()
            .flat_map(|a| a.entries.iter().map(|e| &**e))
    }
}

/// How people meet: FORMAT.md's five mentoring formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    OneToOne,
    Group,
    Peer,
    Reverse,
    Micro,
}

impl Format {
    pub const NAMES: [&'static str; 5] = ["one-to-one", "group", "peer", "reverse", "micro"];
    pub const ALL: [Format; 5] = [
        Format::OneToOne,
        Format::Group,
        Format::Peer,
        Format::Reverse,
        Format::Micro,
    ];
    /// The contract's name: "one-to-one", "group"…
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// French words authors write for them, mapped to the contract's names.
    pub const SYNONYMS: &'static [(&'static str, &'static str)] = &[
        ("un-a-un", "one-to-one"),
        ("individuel", "one-to-one"),
        ("individuelle", "one-to-one"),
        ("1-1", "one-to-one"),
        ("groupe", "group"),
        ("collectif", "group"),
        ("pairs", "peer"),
        ("pair", "peer"),
        ("entre-pairs", "peer"),
        ("inverse", "reverse"),
        ("mentorat-inverse", "reverse"),
        ("micro-mentorat", "micro"),
        ("flash", "micro"),
    ];
}

/// A half-day when someone is free: `mon-am` … `sun-pm`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot {
    /// 0 = Monday … 6 = Sunday.
    pub day: u8,
    pub afternoon: bool,
}

impl Slot {
    pub const DAYS: [&'static str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    pub const NAMES: [&'static str; 14] = [
        "mon-am", "mon-pm", "tue-am", "tue-pm", "wed-am", "wed-pm", "thu-am", "thu-pm", "fri-am",
        "fri-pm", "sat-am", "sat-pm", "sun-am", "sun-pm",
    ];
    /// French day and half-day words, folded to the contract's names.
    const FRENCH_DAYS: [&'static str; 7] = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"];

    pub fn parse(text: &str) -> Option<Slot> {
        let (day, half) = text.split_once('-')?;
        let day = Self::DAYS.iter().position(|d| *d == day)? as u8;
        let afternoon = match half {
            "am" => false,
            "pm" => true,
            _ => return None,
        };
        Some(Slot { day, afternoon })
    }

    /// Reads what a French author may have meant: "lundi-matin" → "mon-am".
    pub fn from_french(text: &str) -> Option<&'static str> {
        let folded = crate::slug::slugify(text);
        let (day, half) = folded.split_once('-')?;
        let day = Self::FRENCH_DAYS
            .iter()
            .position(|d| day.starts_with(d))
            .or_else(|| Self::DAYS.iter().position(|d| day.starts_with(d)))?;
        let afternoon = match half {
            h if h.starts_with("mat") || h == "am" => false,
            h if h.starts_with("apr") || h.starts_with("ap") || h == "pm" => true,
            _ => return None,
        };
        Some(Self::NAMES[day * 2 + usize::from(afternoon)])
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self.day as usize * 2 + usize::from(self.afternoon)]
    }
}

/// Who may see an apprentice's pages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Visibility {
    Public,
    #[default]
    Unlisted,
    Private,
}

impl Visibility {
    pub const NAMES: [&'static str; 3] = ["public", "unlisted", "private"];
    pub const ALL: [Visibility; 3] = [
        Visibility::Public,
        Visibility::Unlisted,
        Visibility::Private,
    ];
    pub const SYNONYMS: &'static [(&'static str, &'static str)] = &[
        ("publique", "public"),
        ("non-liste", "unlisted"),
        ("non-listee", "unlisted"),
        ("cache", "unlisted"),
        ("prive", "private"),
        ("privee", "private"),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_read_english_and_french() {
        assert_eq!(Slot::parse("wed-pm").map(Slot::name), Some("wed-pm"));
        assert_eq!(Slot::parse("wed-soir"), None);
        assert_eq!(Slot::from_french("Lundi matin"), Some("mon-am"));
        assert_eq!(Slot::from_french("mer-aprem"), Some("wed-pm"));
        assert_eq!(Slot::from_french("jeudi-après-midi"), Some("thu-pm"));
    }
}
