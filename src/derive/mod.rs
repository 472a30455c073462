//! Derive: pure computation on the checked model — the references between
//! files, each apprentice's progress, each competency's standing, each
//! cohort's summary.
//!
//! No I/O and no templates: the same site and reference day always give the
//! same figures, which is where the unit and property tests live. Render
//! decides what may be shown (visibility); derive decides which apprentices
//! the figures of public pages may count (`[privacy] min_group`). Every relation
//! and count a page shows is computed here once per build, so drawing a page
//! is a lookup, never a search through the site.

mod cohorts;
mod goals;
pub mod handbook;
pub mod links;
mod progress;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::model::{Apprentice, EntryKind, Site};
pub use handbook::Handbook;
pub use links::Links;
pub use progress::{checkins_missed, judged_from, regularity};

/// Everything computed from a site on a reference day.
#[derive(Clone, Debug, PartialEq)]
pub struct Derived {
    /// Index-aligned with `site.apprentices`.
    pub apprentices: Vec<Progress>,
    /// Whether the figures of public pages may count each apprentice
    /// (`[privacy] min_group`); index-aligned with `site.apprentices`.
    /// Standings, cohorts and the programme count only these.
    pub counted: Vec<bool>,
    /// Index-aligned with `site.competencies`.
    pub competencies: Vec<Standing>,
    /// One per cohort id, sorted by id.
    pub cohorts: Vec<CohortSummary>,
    /// Every apprentice of the programme (id "").
    pub programme: CohortSummary,
    pub handbook: Handbook,
    pub links: Links,
}

/// One apprentice's progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// The competencies that concern this apprentice — in `targets`,
    /// `seeking`, a goal, or any entry — in framework order.
    pub levels: Vec<LevelStatus>,
    /// Hours of the kinds that count (`[programme] counted_kinds`) up to
    /// the reference day, declared and validated.
    pub hours: Hours,
    /// Hours of each kind of entry the apprentice logged, counted or not,
    /// in the order of [`EntryKind::ALL`].
    pub by_kind: Vec<KindHours>,
    /// None without `required_hours` and programme `end`.
    pub pace: Option<Pace>,
    /// Check-in periods of `checkin_every` from `started` to the reference day.
    pub checkins: Regularity,
    /// Review periods of `review_every`.
    pub reviews: Regularity,
    /// Index-aligned with the apprentice's `goals`.
    pub goals: Vec<GoalProgress>,
    /// `goals` counted by status.
    pub goal_counts: GoalCounts,
    /// How many of `levels` are at or above their target.
    pub targets_reached: usize,
    /// How the apprentice is doing, with its reasons: the one status
    /// every page shows for them.
    pub status: Status,
    pub last_checkin: Option<Date>,
    pub last_review: Option<Date>,
    /// The last day of the review period running on the reference day,
    /// when it holds no review yet.
    pub review_due: Option<Date>,
    /// Entries (indexes into the apprentice's) dated by the reference day
    /// that wait for a mentor's sign-off, when the site requires one: those
    /// whose signature would count hours (of a counted kind) or a level.
    pub awaiting_sign_off: Vec<usize>,
    /// The unmet goal due first (an index into the apprentice's goals).
    pub next_goal: Option<usize>,
}

/// Hours declared (every entry) and validated (signed off by a mentor).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Hours {
    pub declared: f64,
    pub validated: f64,
}

impl std::ops::AddAssign for Hours {
    fn add_assign(&mut self, other: Hours) {
        self.declared += other.declared;
        self.validated += other.validated;
    }
}

/// The hours of one kind of entry.
#[derive(Clone, Debug, PartialEq)]
pub struct KindHours {
    pub kind: EntryKind,
    /// Whether they count towards `required_hours`.
    pub counted: bool,
    pub entries: usize,
    pub hours: Hours,
}

/// How an apprentice is doing, in a word; ordered from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusLevel {
    OnTrack,
    Watch,
    Behind,
}

/// An apprentice's status: the worst of its reasons' levels (on track
/// without any).
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub level: StatusLevel,
    /// Worst first, then in the order rhythm, goals, pace, mentor.
    pub reasons: Vec<Reason>,
}

/// One reason for a status, at its level.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    pub level: StatusLevel,
    pub why: Why,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    /// In the first `[status] grace_days` of the apprenticeship: pace and
    /// check-ins are judged from `until` on.
    Starting { until: Date },
    /// `periods` check-in periods in a row ended without a check-in.
    CheckinsMissed { periods: usize, last: Option<Date> },
    /// Goal `goal` is unmet `days` after its due date.
    GoalLate { goal: usize, days: i64 },
    /// Goal `goal` is unmet and due in `days` days (0: today).
    GoalDueSoon { goal: usize, days: i64 },
    /// `hours` (validated when the site requires sign-off) are `percent`
    /// of the `expected` steady pace.
    PaceBehind {
        hours: f64,
        /// Whether `hours` are the validated ones (see [`Pace::validated`]).
        validated: bool,
        expected: f64,
        percent: u32,
    },
    /// No mentor yet.
    NoMentor,
}

/// An apprentice's level in one competency against their target.
#[derive(Clone, Debug, PartialEq)]
pub struct LevelStatus {
    /// Index into `site.competencies`.
    pub competency: usize,
    /// The highest level shown in the entries that count; 0 = none yet.
    pub level: u8,
    /// The apprentice's `targets` value, else the competency's `target`.
    pub target: u8,
    /// The date of the first counted entry at `level`.
    pub reached_on: Option<Date>,
}

impl LevelStatus {
    /// Whether the apprentice is at or above their target.
    pub fn reached(&self) -> bool {
        self.level >= self.target
    }
}

impl Progress {
    /// The apprentice's level in `competency`, if it concerns them.
    pub fn level(&self, competency: usize) -> Option<&LevelStatus> {
        // `levels` is in framework order, so sorted by competency.
        self.levels
            .binary_search_by_key(&competency, |l| l.competency)
            .ok()
            .map(|i| &self.levels[i])
    }
}

/// Hours logged against `required_hours` by `end`.
#[derive(Clone, Debug, PartialEq)]
pub struct Pace {
    /// The hours judged: validated when the site requires sign-off (and
    /// the apprentice has a mentor to sign them), declared otherwise.
    pub hours: f64,
    /// Whether `hours` are the validated ones.
    pub validated: bool,
    pub required: f64,
    /// What a steady pace from `started` to `end` would have logged by now.
    pub expected_by_now: f64,
    /// Hours a week still needed to reach `required` by `end` (0 when done).
    pub needed_per_week: f64,
    pub status: PaceStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaceStatus {
    /// `required` already logged.
    Done,
    /// At or above the steady pace.
    Ahead,
    /// At least `[status] pace_watch` % of the steady pace.
    OnTrack,
    /// At least `[status] pace_behind` %.
    Watch,
    /// Below `[status] pace_behind` %.
    Behind,
    /// In the first `[status] grace_days`: not judged yet.
    Starting,
}

/// Consecutive periods (a week, a fortnight, a calendar month) and whether
/// each had at least one entry of the kind.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Regularity {
    pub periods: Vec<Period>,
    pub done: usize,
    pub missed: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Period {
    pub start: Date,
    /// Inclusive.
    pub end: Date,
    pub state: PeriodState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodState {
    Done,
    Missed,
    /// The period holding the reference day, with no entry yet: not missed.
    Current,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GoalProgress {
    pub status: GoalStatus,
    /// When the goal was met: the counted entry that reached the level, or
    /// that listed the goal in `goals_met`.
    pub met_on: Option<Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoalStatus {
    Met,
    /// `due` has passed, unmet.
    Late,
    /// Due within 30 days, unmet.
    AtRisk,
    /// Due later, unmet.
    Open,
}

/// Where the programme stands in one competency.
#[derive(Clone, Debug, PartialEq)]
pub struct Standing {
    /// Apprentices concerned by it (see [`Progress::levels`]).
    pub apprentices: usize,
    /// `at_level[l]`: the apprentices (indices into `site.apprentices`, in
    /// site order) at level `l`; `at_level[0]` have none yet. Length: scale
    /// length + 1.
    pub at_level: Vec<Vec<usize>>,
    /// How many have reached their target.
    pub reached_target: usize,
}

/// A cohort's (or the whole programme's) figures, over the members that
/// public figures may count (see [`Derived::counted`]).
#[derive(Clone, Debug, PartialEq)]
pub struct CohortSummary {
    pub id: String,
    /// Indices into `site.apprentices`, in site order: the members counted.
    pub members: Vec<usize>,
    /// Some non-public members are left out of these figures (too few to
    /// stay anonymous): the page says so, without saying how many.
    pub left_out: bool,
    /// Hours of the counted kinds.
    pub hours: Hours,
    pub goals: GoalCounts,
    /// Done check-in periods over completed ones; None before any completed period.
    pub checkin_adherence: Option<f64>,
    /// Members whose [`Status`] is not on track.
    pub attention: Vec<usize>,
    /// How many members have each kind of reason at that level.
    pub attention_kinds: AttentionCounts,
    /// Members by status level: on track, to watch, behind.
    pub statuses: [usize; 3],
    /// Members by [`PaceStatus`]; `None` counts those without a pace
    /// (no `required_hours`, or no end date).
    pub pace: PaceCounts,
    /// Per competency (index-aligned with `site.competencies`): members concerned,
    /// how many reached their target, and how many stand at each level.
    pub competencies: Vec<CompetencyCounts>,
}

/// One competency's figures over a group of apprentices.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompetencyCounts {
    pub concerned: usize,
    pub reached: usize,
    /// `at_level[l]`: how many stand at level `l` (0: none shown yet).
    /// Length: scale length + 1.
    pub at_level: Vec<usize>,
}

/// How many members of a group have each kind of [`Attention`]: counts
/// only, so that a public page can say what needs attention without
/// naming anyone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AttentionCounts {
    pub checkins_missed: usize,
    /// Members with at least one late goal…
    pub goals_late: usize,
    /// …with a goal due soon…
    pub goals_due: usize,
    pub pace_behind: usize,
    pub no_mentor: usize,
}

/// Members of a group by pace.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PaceCounts {
    pub done: usize,
    pub ahead: usize,
    pub on_track: usize,
    pub watch: usize,
    pub behind: usize,
    pub starting: usize,
    pub none: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GoalCounts {
    pub met: usize,
    pub late: usize,
    pub at_risk: usize,
    pub open: usize,
}

impl GoalCounts {
    /// Every goal counted, whatever its status.
    pub fn total(&self) -> usize {
        self.met + self.late + self.at_risk + self.open
    }
}

impl std::ops::AddAssign for GoalCounts {
    fn add_assign(&mut self, other: GoalCounts) {
        self.met += other.met;
        self.late += other.late;
        self.at_risk += other.at_risk;
        self.open += other.open;
    }
}

/// An apprentice as the pages of the whole programme may show them: all
/// the model holds of them but the text of their log entries, which shows
/// on the entry's own page and in the feeds only (see
/// [`crate::render::plan::Scope::Site`]), fingerprinted. Every field
/// counts, as Debug writes it: a field added to the model is in the
/// outline without a word here.
pub fn outline(apprentice: &Apprentice) -> u128 {
    use std::fmt::Write;
    let mut bare = apprentice.clone();
    for entry in &mut bare.entries {
        *entry = std::sync::Arc::new(crate::model::Entry {
            body: Box::default(),
            ..(**entry).clone()
        });
    }
    let mut digest = crate::output::Digest::default();
    write!(digest, "{bare:?}").expect("a digest takes any text");
    digest.finish()
}

/// Computes everything for `site` (drafts already left out) on `today`.
pub fn derive(site: &Site, today: Date) -> Derived {
    derive_linked(site, Links::new(site), today)
}

/// [`derive`] with the site's references already resolved (by the entry
/// point, which resolves them once for `check` and for this).
pub fn derive_linked(site: &Site, links: Links, today: Date) -> Derived {
    // Each apprentice's on their own, in parallel: a rebuild of `serve`
    // derives the whole programme again after every change.
    let apprentices: Vec<Progress> = site
        .apprentices
        .par_iter()
        .map(|a| progress::progress(site, &links, a, today))
        .collect();
    let counted = cohorts::counted(site);
    let competencies = cohorts::standings(site, &apprentices, &counted);
    let (cohorts, programme) = cohorts::summaries(site, &apprentices, &counted);
    Derived {
        handbook: Handbook::new(&site.pages, site.summary.as_ref()),
        apprentices,
        counted,
        competencies,
        cohorts,
        programme,
        links,
    }
}
