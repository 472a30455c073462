//! `site.toml`: the programme's settings.

use jiff::civil::Date;
use url::Url;

use super::{EntryKind, Spanned, Visibility};
use crate::i18n::Lang;

#[derive(Clone, Debug)]
pub struct Config {
    pub title: String,
    pub base_url: Url,
    pub language: Lang,
    pub description: Option<String>,
    pub theme: String,
    pub programme: Programme,
    pub validation: Validation,
    /// `[status]`: when an apprentice is on track, to watch, or behind.
    pub status: StatusRules,
    pub matching: Matching,
    pub apprentice_default: Visibility,
    /// `[privacy] min_group`: how many non-public apprentices a figure on a
    /// public page must hold to count them at all (see `derive::counted`).
    pub min_group: usize,
    pub markdown: Markdown,
    /// `[build] follow_external_links`: symbolic links may lead out of the site.
    pub follow_external_links: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            base_url: Url::parse("http://localhost/").expect("a valid literal URL"),
            language: Lang::Fr,
            description: None,
            theme: "default".into(),
            programme: Programme::default(),
            validation: Validation::default(),
            status: StatusRules::default(),
            matching: Matching::default(),
            apprentice_default: Visibility::Unlisted,
            min_group: 3,
            markdown: Markdown::default(),
            follow_external_links: false,
        }
    }
}

/// Whether `theme` names a folder of the site's `themes/`: one plain name,
/// never a path that would lead elsewhere (`/etc`, `../other-site`).
pub fn is_theme_name(theme: &str) -> bool {
    let mut components = std::path::Path::new(theme).components();
    matches!(components.next(), Some(std::path::Component::Normal(_)))
        && components.next().is_none()
}

#[derive(Clone, Debug)]
pub struct Programme {
    pub start: Option<Spanned<Date>>,
    pub end: Option<Spanned<Date>>,
    pub checkin_every: Rhythm,
    pub review_every: Rhythm,
    pub required_hours: Option<f64>,
    /// The kinds of entries whose hours count towards `required_hours`
    /// (practice and training by default: check-ins and reviews are time
    /// spent talking about the work, not doing it).
    pub counted_kinds: Vec<EntryKind>,
    pub as_of: Option<Date>,
    /// Who to ask: an address, a phone number or a name, shown in the
    /// footer of every page.
    pub contact: Option<String>,
}

impl Default for Programme {
    fn default() -> Self {
        Programme {
            start: None,
            end: None,
            checkin_every: Rhythm::Week,
            review_every: Rhythm::Month,
            required_hours: None,
            counted_kinds: vec![EntryKind::Practice, EntryKind::Training],
            as_of: None,
            contact: None,
        }
    }
}

/// `[status]`: the thresholds of the one status every page gives an
/// apprentice (on track, to watch, behind). Their defaults are in
/// docs/format.md.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusRules {
    /// Days after an apprentice's start during which neither pace nor
    /// missed check-ins are judged: the first weeks are for settling in.
    pub grace_days: i64,
    /// Hours at or above this percentage of the steady pace are on track;
    /// below it, to watch.
    pub pace_watch: f64,
    /// Hours below this percentage of the steady pace are behind.
    pub pace_behind: f64,
    /// Check-in periods missed in a row that make an apprentice to watch…
    pub checkins_watch: usize,
    /// …and behind.
    pub checkins_behind: usize,
    /// Days before an unmet goal's due date when it is to watch.
    pub goal_due_days: i64,
}

impl Default for StatusRules {
    fn default() -> Self {
        StatusRules {
            grace_days: 28,
            pace_watch: 90.0,
            pace_behind: 70.0,
            checkins_watch: 2,
            checkins_behind: 3,
            goal_due_days: 30,
        }
    }
}

/// How often check-ins or reviews are expected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Rhythm {
    #[default]
    Week,
    Fortnight,
    Month,
}

impl Rhythm {
    pub const NAMES: [&'static str; 3] = ["week", "fortnight", "month"];
    pub const ALL: [Rhythm; 3] = [Rhythm::Week, Rhythm::Fortnight, Rhythm::Month];
    pub const SYNONYMS: &'static [(&'static str, &'static str)] = &[
        ("semaine", "week"),
        ("hebdomadaire", "week"),
        ("weekly", "week"),
        ("quinzaine", "fortnight"),
        ("deux-semaines", "fortnight"),
        ("mois", "month"),
        ("mensuel", "month"),
        ("monthly", "month"),
    ];
}

#[derive(Clone, Debug, Default)]
pub struct Validation {
    pub require_mentor_sign_off: bool,
}

#[derive(Clone, Debug)]
pub struct Matching {
    pub weights: Weights,
    pub suggestions: u32,
}

impl Default for Matching {
    fn default() -> Self {
        Matching {
            weights: Weights::default(),
            suggestions: 3,
        }
    }
}

/// The share of each component in a mentor–apprentice score.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    pub skills: f64,
    pub language: f64,
    pub location: f64,
    pub availability: f64,
    pub format: f64,
}

impl Weights {
    pub const NAMES: [&'static str; 5] =
        ["skills", "language", "location", "availability", "format"];
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            skills: 0.6,
            language: 0.15,
            location: 0.1,
            availability: 0.1,
            format: 0.05,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Markdown {
    pub unsafe_html: bool,
    /// Embed images from other hosts (otherwise drawn as links).
    pub remote_media: bool,
}
