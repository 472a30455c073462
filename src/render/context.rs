//! What templates receive: one plain, serialisable struct per page kind.
//!
//! This file is the seam between compagnon and a theme (as mdBook's
//! renderer seam): every variable a template can use is a field here, with
//! its meaning. Text is ready to print — dates, numbers, statuses are
//! already written in the site's language — so templates hold layout only.
//! Every `url` is relative to the site root: write `{{ root }}{{ x.url }}`.
//! Every `*_html` field is sanitised HTML, to print with `| safe`; every
//! other string is plain text that Tera escapes.

use serde::Serialize;

/// Fields every page has, flattened into its context. Templates also see
/// `t`: the theme's UI words in the site's language (`i18n/<lang>.toml`).
#[derive(Clone, Debug, Serialize)]
pub struct Common {
    pub site: SiteInfo,
    pub page: PageInfo,
    /// From this page to the site root: "" at the root, "../" one level down…
    pub root: String,
    /// The home page and the search page, relative to the root: links to
    /// them read `{{ root }}{{ home_url }}` ("" or "index.html" with `--file-links`).
    pub home_url: String,
    pub search_url: String,
    /// The main navigation, in order; `current` marks this page's section.
    pub nav: Vec<NavItem>,
    /// Shared assets, relative to the root: `{{ root }}{{ assets.css }}`.
    pub assets: Assets,
    /// The reference day, written out ("18 décembre 2026").
    pub today: String,
    /// On every page of the coordinator's edition, the banner that says it
    /// is confidential (and the page asks robots neither to index nor to
    /// follow it); None on the public site.
    pub confidential: Option<String>,
    /// The theme's stylesheet written into the page itself: only on the 404
    /// page, which the host serves at any depth and under any path, where
    /// no link to `assets/` can be trusted.
    pub inline_css: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SiteInfo {
    pub title: String,
    pub description: Option<String>,
    /// "fr" or "en", for `<html lang>`.
    pub language: String,
    /// The absolute base URL, ending with "/".
    pub base_url: String,
    /// `[programme] contact`, for the footer of every page.
    pub contact: Option<ContactLine>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PageInfo {
    pub title: String,
    pub description: Option<String>,
    /// This page, relative to the root ("mentors/claire-dubois/").
    pub url: String,
    /// Absolute URL of this page, for `<link rel=canonical>`.
    pub canonical: String,
    /// Unlisted portfolios: `<meta name="robots" content="noindex">`.
    pub noindex: bool,
    /// Which template: "home", "handbook", "framework", "competency",
    /// "mentors", "mentor", "apprentices", "portfolio", "entry", "progress",
    /// "matching", "search", "404".
    pub kind: String,
    /// Links from the home page to this page's parent, for the breadcrumb.
    pub breadcrumbs: Vec<Link>,
    /// An Atom feed for this page, if any (`<link rel=alternate>`).
    pub feed: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NavItem {
    pub label: String,
    pub url: String,
    pub current: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Assets {
    pub css: String,
    /// The coordinator's edition's own styles, linked from its pages only.
    pub coordinator_css: String,
    /// Small conveniences every page loads.
    pub js: String,
    /// The search page's script.
    pub search_js: String,
    /// The caseload's script (sorting and filtering its table).
    pub caseload_js: String,
    /// The search index, a script that sets `window.COMPAGNON_SEARCH`.
    pub search_index: String,
    pub favicon: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Link {
    pub label: String,
    pub url: String,
}

// ---- Home (`index.html`) ----

#[derive(Debug, Serialize)]
pub struct HomePage {
    #[serde(flatten)]
    pub common: Common,
    /// The handbook front page's text (programme/_index.md), if any.
    pub intro_html: Option<String>,
    /// "Du 1er septembre 2026 au 30 juin 2027", or None without dates.
    pub dates: Option<String>,
    /// "Un point de suivi chaque semaine, un bilan chaque mois."
    pub rhythm: String,
    /// "400 h de pratique attendues", or None.
    pub required_hours: Option<String>,
    pub figures: Vec<Figure>,
    /// Some apprentices whose portfolio is not public are left out of the
    /// figures: too few to stay anonymous (`[privacy] min_group`).
    pub left_out: bool,
    pub cohorts: Vec<CohortLink>,
    /// The handbook's top-level pages and sections.
    pub sections: Vec<LinkWithText>,
    /// Framework, mentors, portfolios, progress: the site's main doors.
    pub doors: Vec<LinkWithText>,
}

/// A headline number: "12" "apprentis".
#[derive(Clone, Debug, Serialize)]
pub struct Figure {
    pub value: String,
    pub label: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct CohortLink {
    pub id: String,
    pub label: String,
    pub url: String,
    /// "7 apprentis"
    pub members: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct LinkWithText {
    pub label: String,
    pub url: String,
    pub text: Option<String>,
}

// ---- Handbook (`programme/**`) ----

#[derive(Debug, Serialize)]
pub struct HandbookPage {
    #[serde(flatten)]
    pub common: Common,
    pub content_html: String,
    /// Headings of the page (h2, h3) with their anchors.
    pub toc: Vec<TocEntry>,
    /// The whole handbook tree; `current` on this page, `open` on its ancestors.
    pub tree: Vec<TreeNode>,
    pub previous: Option<Link>,
    pub next: Option<Link>,
    /// For a section page: its pages, with their descriptions.
    pub children: Vec<LinkWithText>,
    /// The whole handbook on one page, to print or save as PDF.
    pub print_url: String,
}

/// `programme/print.html`: every page of the handbook's menu, in reading
/// order, one after the other.
#[derive(Serialize)]
pub struct HandbookPrint {
    #[serde(flatten)]
    pub common: Common,
    pub pages: Vec<PrintedPage>,
}

#[derive(Serialize)]
pub struct PrintedPage {
    pub title: String,
    /// The id of its section on the printed page.
    pub id: String,
    /// 1 for the top pages, 2 under them…
    pub depth: usize,
    pub content_html: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct TocEntry {
    pub id: String,
    pub title: String,
    /// 2 or 3.
    pub level: u8,
}

#[derive(Clone, Debug, Serialize)]
pub struct TreeNode {
    /// `page` (a page of the handbook), `part` (a heading between pages),
    /// `link` (an address elsewhere, `url` absolute) or `draft` (a chapter
    /// not written yet, no `url`): the last three from `SUMMARY.md`.
    pub kind: &'static str,
    pub label: String,
    pub url: String,
    pub current: bool,
    /// The current page or one of its ancestors: its `children` are given.
    pub open: bool,
    /// Whether the page has pages under it (given in `children` only when `open`).
    pub has_children: bool,
    /// Empty unless `open`: each page carries the open branch only.
    pub children: Vec<TreeNode>,
}

// ---- Framework (`competencies/`) ----

#[derive(Debug, Serialize)]
pub struct FrameworkPage {
    #[serde(flatten)]
    pub common: Common,
    pub intro_html: String,
    pub scale: Vec<ScaleLevel>,
    pub blocks: Vec<BlockView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScaleLevel {
    pub number: u8,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct BlockView {
    pub id: String,
    pub name: String,
    pub competencies: Vec<CompetencyCard>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CompetencyCard {
    pub id: String,
    pub name: String,
    pub url: String,
    pub target: u8,
    pub target_name: String,
    /// "5 apprentis concernés, 2 au niveau visé"
    pub standing: String,
}

#[derive(Debug, Serialize)]
pub struct CompetencyPage {
    #[serde(flatten)]
    pub common: Common,
    pub name: String,
    pub block: String,
    pub target: u8,
    pub target_name: String,
    pub description_html: String,
    /// One row per level of the scale, from 1 up.
    pub levels: Vec<LevelRow>,
    /// Whether the rows name the apprentices at each level: in the
    /// coordinator's edition only, a public page ranking no one.
    pub named: bool,
    /// Apprentices concerned who have shown no level yet.
    pub not_started: usize,
    /// "5 apprentis concernés, 2 au niveau visé"
    pub standing: String,
    /// Bar chart of apprentices per level with the target marked (inline SVG).
    pub chart_svg: String,
    /// Mentors with this skill, highest level first.
    pub mentors: Vec<SkillHolder>,
}

#[derive(Clone, Debug, Serialize)]
pub struct LevelRow {
    pub number: u8,
    pub name: String,
    pub descriptor: Option<String>,
    pub is_target: bool,
    /// Apprentices at this level.
    pub count: usize,
    /// The public ones, named and linked.
    pub public: Vec<Link>,
    /// The others, counted only ("et 2 autres").
    pub others: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct SkillHolder {
    pub name: String,
    pub url: String,
    pub level: u8,
    pub level_name: String,
}

// ---- Mentors (`mentors/`) ----

#[derive(Debug, Serialize)]
pub struct MentorsPage {
    #[serde(flatten)]
    pub common: Common,
    pub mentors: Vec<MentorCard>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MentorCard {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub headline: Option<String>,
    /// Relative to the root.
    pub photo: Option<String>,
    pub skills: Vec<SkillView>,
    /// Labels in the site's language ("Individuel", "En groupe"…).
    pub formats: Vec<String>,
    /// Language names ("français", "anglais").
    pub languages: Vec<String>,
    pub location: Option<String>,
    pub remote: bool,
    pub capacity: u32,
    /// Places left (capacity − apprentices assigned, never below 0).
    pub free: u32,
    /// "2 places libres sur 3", "Complet", "Ne prend pas d'apprenti".
    pub availability_text: String,
    /// Half-days ("lundi matin").
    pub slots: Vec<String>,
    /// Only with `show_contact = true`.
    pub contact: Option<String>,
    /// How to ask for a free seat (the mentor's contact when shown, else
    /// the programme's); None when no seat is free or nobody to ask.
    pub request: Option<ContactLine>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SkillView {
    pub name: String,
    pub url: String,
    pub level: u8,
    pub level_name: String,
}

#[derive(Debug, Serialize)]
pub struct MentorPage {
    #[serde(flatten)]
    pub common: Common,
    pub mentor: MentorCard,
    pub bio_html: String,
    /// Public apprentices they mentor.
    pub apprentices: Vec<Link>,
    /// The others, counted only.
    pub others: usize,
    /// Entries of their public apprentices awaiting their sign-off.
    pub sign_offs: Option<SignOffs>,
}

// ---- Apprentices (`apprentices/`) ----

#[derive(Debug, Serialize)]
pub struct ApprenticesPage {
    #[serde(flatten)]
    pub common: Common,
    /// Public apprentices only, by cohort then name.
    pub apprentices: Vec<ApprenticeCard>,
    /// Apprentices not listed here (unlisted and private), counted only.
    pub not_listed: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct ApprenticeCard {
    pub name: String,
    pub url: String,
    pub cohort: String,
    /// The cohort inside a sentence: "Promotion décembre 2026".
    pub cohort_in_sentence: String,
    pub mentor: Option<String>,
    /// "128 h sur 400 h"
    pub hours: String,
    /// "3 compétences sur 5 au niveau visé"
    pub competencies: String,
    /// "2 objectifs atteints sur 4"
    pub goals: String,
    /// The apprentice's status in a word, on pages for the programme's
    /// team only: a public list ranks no one.
    pub status: Option<Status>,
}

/// A status a reader must not have to read from colour: a word and a key
/// the theme maps to a colour and an icon.
#[derive(Clone, Debug, Serialize)]
pub struct Status {
    /// "met", "late", "at-risk", "open", "done", "missed", "current",
    /// "ahead", "on-track", "behind", "ok", "attention".
    pub key: String,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct PortfolioPage {
    #[serde(flatten)]
    pub common: Common,
    pub name: String,
    pub cohort: Link,
    pub mentor: Option<Link>,
    /// "Depuis le 1er septembre 2026"
    pub started: String,
    /// Where they work and what they prepare, as written in their profile.
    pub employer: Option<String>,
    pub qualification: Option<String>,
    pub about_html: String,
    /// The id of the heading `about_html` opens with, if it does: it then
    /// heads its section, instead of a second heading above it.
    pub about_heading: Option<String>,
    /// What comes next: a review due, entries awaiting sign-off, the next
    /// goal, a mentor to find; None when nothing does.
    pub next: Option<NextSteps>,
    /// The apprentice's status in a word (the same on every page that
    /// shows it) and its reasons, one sentence each.
    pub status: Status,
    pub status_reasons: Vec<String>,
    /// The three headline figures: hours, competencies, goals.
    pub summary: Vec<SummaryFigure>,
    pub competencies: Vec<CompetencyProgress>,
    pub goals: Vec<GoalView>,
    pub pace: Option<PaceView>,
    /// Check-ins, then reviews; empty when the programme has no dates
    /// (FORMAT.md: no rhythm shown without them).
    pub regularity: Vec<RegularityView>,
    /// Every entry by month, newest first, each with the mentor's feedback:
    /// the complete log an auditor files.
    pub journal: Vec<JournalMonth>,
    /// "43 entrées, dont 27 avec un retour du mentor."; None without entries.
    pub journal_count: Option<String>,
    /// Photos, with their thumbnails.
    pub gallery: Vec<PortfolioEvidence>,
    /// Other evidence: PDFs, other files, links.
    pub documents: Vec<PortfolioEvidence>,
    /// The whole record on one page, to print (`print.html` beside it).
    pub print_url: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SummaryFigure {
    /// "128 h"
    pub value: String,
    /// "sur 400 h requises"
    pub of: String,
    /// Lines under the figure: "116 h déclarées, dont 7 h en attente de
    /// validation".
    pub details: Vec<String>,
    pub label: String,
    pub status: Status,
    /// 0..=100, for a progress bar.
    pub percent: u8,
}

#[derive(Clone, Debug, Serialize)]
pub struct CompetencyProgress {
    pub name: String,
    pub url: String,
    pub level: u8,
    /// "Autonome", or "Pas encore évalué" at 0.
    pub level_name: String,
    pub target: u8,
    pub target_name: String,
    pub scale_len: u8,
    pub reached: bool,
    pub status: Status,
}

#[derive(Clone, Debug, Serialize)]
pub struct GoalView {
    pub title: String,
    /// "Pour le 31 janvier 2027"
    pub due: String,
    pub status: Status,
    pub competency: Option<Link>,
    /// "niveau 3 (Autonome)"
    pub level: Option<String>,
    /// "Atteint le 2 décembre 2026"
    pub met_on: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PaceView {
    /// "Rythme attendu à ce jour : 120 h"
    pub expected: String,
    /// "Il reste 272 h, soit 10,5 h par semaine jusqu'au 30 juin 2027."
    pub needed: String,
    pub status: Status,
}

#[derive(Clone, Debug, Serialize)]
pub struct RegularityView {
    /// "Points de suivi", "Bilans"
    pub title: String,
    /// "Points de suivi : 14 sur 15 semaines écoulées"
    pub summary: String,
    pub periods: Vec<PeriodView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PeriodView {
    /// "Semaine du 7 septembre"
    pub label: String,
    /// The month it starts in, shown above the strip: "sept. 2026".
    pub month: String,
    pub status: Status,
}

/// A month of the portfolio's journal.
#[derive(Debug, Serialize)]
pub struct JournalMonth {
    /// "Décembre 2026 · 5 entrées · 23 h"
    pub summary: String,
    /// Newest first.
    pub entries: Vec<JournalEntry>,
}

/// An entry in the portfolio's journal: its card and the mentor's feedback.
#[derive(Debug, Serialize)]
pub struct JournalEntry {
    #[serde(flatten)]
    pub card: EntryCard,
    /// The entry's page as linked from the portfolio: "2026-09-03-pose/"
    /// (the card's `url` goes through the root).
    pub href: String,
    /// "3 septembre": the month's summary says the year.
    pub day: String,
    pub feedback: Option<FeedbackView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct EntryCard {
    pub title: String,
    pub url: String,
    pub date: String,
    /// "2026-09-03", for `<time datetime>`.
    pub date_iso: String,
    pub kind: String,
    pub kind_label: String,
    /// "6,5 h", or None for 0.
    pub hours: Option<String>,
    /// "Validée par Claire Dubois" (key "done"), or "Pas encore validée"
    /// (key "open") when the programme requires sign-off; None otherwise.
    pub validation: Option<Status>,
    /// "Souder et braser le cuivre : Autonome"
    pub competencies: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FeedbackView {
    pub text: String,
    /// "Claire Dubois, le 3 septembre 2026"
    pub by: String,
    /// "Claire Dubois", where the date is already said beside the quote;
    /// None when no mentor is known.
    pub mentor: Option<String>,
    pub entry: Link,
}

#[derive(Clone, Debug, Serialize)]
pub struct EvidenceView {
    /// "image", "pdf", "file" or "link".
    pub kind: String,
    /// The file (relative to the root) or the external URL.
    pub url: String,
    /// The absolute URL, printed after the link on paper.
    pub absolute_url: String,
    /// File name or link text.
    pub label: String,
    /// A file's type and size: "PDF, 240 Ko"; None for a link.
    pub about: Option<String>,
    /// For images: the thumbnail made at build time.
    pub thumbnail: Option<Thumbnail>,
    /// The entry it belongs to.
    pub entry: Link,
}

/// A piece of evidence as its apprentice's portfolio links it: from the
/// portfolio's folder, which holds it ("2026-09-03-pose/photo.jpg"), rather
/// than through the root, as `url` goes.
#[derive(Debug, Serialize)]
pub struct PortfolioEvidence {
    #[serde(flatten)]
    pub evidence: EvidenceView,
    /// The file, or the external address.
    pub href: String,
    /// The thumbnail, for images.
    pub thumbnail_src: Option<String>,
    /// The entry it belongs to.
    pub entry_href: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Thumbnail {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

#[derive(Debug, Serialize)]
pub struct EntryPage {
    #[serde(flatten)]
    pub common: Common,
    pub entry: EntryCard,
    pub apprentice: Link,
    pub content_html: String,
    pub feedback: Option<FeedbackView>,
    pub goals_met: Vec<String>,
    pub evidence: Vec<EvidenceView>,
    pub previous: Option<Link>,
    pub next: Option<Link>,
}

// ---- The record to print (`apprentices/<slug>/print.html`) ----

/// `apprentices/<slug>/print.html`: everything an auditor files about one
/// apprentice, on one page that prints without JavaScript: a cover, then
/// competency by competency the entries that show it, each in full; the
/// other entries; the rhythm of check-ins and reviews; the boxes to sign.
/// Every entry is printed in full once, so every feedback appears once.
#[derive(Serialize)]
pub struct PortfolioPrint {
    #[serde(flatten)]
    pub common: Common,
    pub name: String,
    /// The portfolio, for the way back on screen.
    pub portfolio: Link,
    /// The cover's facts in order: programme, qualification, employer,
    /// mentor, cohort, start, reference day, hours, levels, goals.
    pub cover: Vec<Fact>,
    pub competencies: Vec<PrintedCompetency>,
    /// The entries that show no competency (check-ins, reviews…), by kind.
    pub other_entries: Vec<EntryGroup>,
    /// Check-ins, then reviews; empty when the programme has no dates.
    pub regularity: Vec<PrintedRegularity>,
    /// The sentence above the signatures.
    pub attestation: String,
    /// The apprentice, the mentor, the programme's coordinator.
    pub signatures: Vec<Signature>,
    /// What each printed page's footer says (the apprentice's name) as a
    /// CSS string, quotes included and escaped for a `<style>` element:
    /// print it with `| safe` in `@page { @bottom-left { content: … } }`.
    pub footer_css: String,
}

/// A label and its value: "Employeur" "Dubois Plomberie Chauffage, Lille",
/// with lines under the value ("134 h déclarées…", a status in words).
#[derive(Clone, Debug, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
    pub details: Vec<String>,
}

#[derive(Serialize)]
pub struct PrintedCompetency {
    /// The id of its part of the page: "c-soudure-cuivre".
    pub id: String,
    pub progress: CompetencyProgress,
    /// "Atteint le 2 décembre 2026", when the target is reached.
    pub reached_on: Option<String>,
    /// The entries printed here, oldest first: those whose first
    /// competency, in the order of this page, is this one.
    pub entries: Vec<PrintedEntry>,
    /// Entries printed under an earlier competency that show this one too.
    pub see_also: Vec<Anchor>,
}

/// A link to a part of this page: `href="#{{ id }}"`.
#[derive(Clone, Debug, Serialize)]
pub struct Anchor {
    pub id: String,
    pub label: String,
}

#[derive(Serialize)]
pub struct EntryGroup {
    /// "Points de suivi"
    pub title: String,
    pub entries: Vec<PrintedEntry>,
}

/// One log entry, whole.
#[derive(Serialize)]
pub struct PrintedEntry {
    /// The id of its part of the page: "e-2026-09-24-pose-chauffe-eau".
    pub id: String,
    /// Title, date, kind, hours, who signed it off, levels shown.
    pub entry: EntryCard,
    /// Its text, headings below the entry's title, ids prefixed with `id`.
    pub content_html: String,
    pub feedback: Option<FeedbackView>,
    pub goals_met: Vec<String>,
    /// Each with its absolute address, printed as text.
    pub evidence: Vec<EvidenceView>,
}

#[derive(Serialize)]
pub struct PrintedRegularity {
    /// "Points de suivi"
    pub title: String,
    /// "Points de suivi : 14 sur 15 semaines écoulées"
    pub summary: String,
    pub periods: Vec<PrintedPeriod>,
}

#[derive(Serialize)]
pub struct PrintedPeriod {
    /// "Semaine du 7 septembre"
    pub label: String,
    pub status: Status,
    /// The days an entry of the kind was logged in the period: "9 septembre 2026".
    pub dates: Vec<String>,
}

/// A box to sign.
#[derive(Serialize)]
pub struct Signature {
    /// "L'apprenti", "Le mentor", "La coordination du programme"
    pub role: String,
    /// Pre-filled where known.
    pub name: Option<String>,
}

// ---- Progress (`progress/`, `progress/<cohort>/`) ----

#[derive(Debug, Serialize)]
pub struct ProgressPage {
    #[serde(flatten)]
    pub common: Common,
    pub figures: Vec<Figure>,
    /// Some apprentices whose portfolio is not public are left out of the
    /// figures: too few to stay anonymous (`[privacy] min_group`).
    pub left_out: bool,
    /// How many apprentices stand at each level of each competency. A
    /// public page names nobody here: each apprentice's levels are on
    /// their own portfolio.
    pub heatmap: Heatmap,
    /// Apprentices by band of hours logged (inline SVG)…
    pub hours_chart_svg: String,
    /// …and the same figures as a table.
    pub hours: Vec<CountRow>,
    /// Apprentices by pace ("12 dans le rythme"), when the programme sets
    /// `required_hours`.
    pub pace: Vec<CountRow>,
    /// Goal statuses as a stacked bar (inline SVG).
    pub goals_chart_svg: String,
    /// The same figures as the goals chart, as text.
    pub goals: Vec<Figure>,
    /// What needs attention, counted by reason, without names.
    pub attention: Vec<CountRow>,
    /// The apprentices counted by status (on track, to watch, behind).
    pub statuses: Vec<CountRow>,
    /// "3 apprentis sur 15 demandent un suivi", or None when nobody does.
    pub attention_summary: Option<String>,
    /// Links to each cohort's page (on the programme page), or to the programme.
    pub cohorts: Vec<CohortLink>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Heatmap {
    /// The levels of the scale, from 0 ("not assessed yet").
    pub levels: Vec<HeatmapLevel>,
    /// The framework's blocks in its order, each with its competencies
    /// that concern at least one member, in site order; a block with none
    /// is left out. Competencies of no block (a site without a framework)
    /// come last, in a group without a name.
    pub blocks: Vec<HeatmapBlock>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HeatmapBlock {
    pub name: String,
    pub rows: Vec<HeatmapRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HeatmapLevel {
    pub number: u8,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct HeatmapRow {
    pub name: String,
    pub url: String,
    /// One per level: how many members stand there, and their share of
    /// the members concerned (0–100, the cell's shade).
    pub cells: Vec<HeatmapCell>,
    /// "3/5": at their target level, of those concerned.
    pub reached: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct HeatmapCell {
    pub count: usize,
    pub share: u32,
}

/// One line of a count table: "Dans le rythme — 12", with its status
/// when it has one (icon and colour, never colour alone).
#[derive(Clone, Debug, Serialize)]
pub struct CountRow {
    pub label: String,
    pub count: usize,
    pub status: Option<Status>,
}

// ---- Matching (`matching/`) ----

#[derive(Debug, Serialize)]
pub struct MatchingPage {
    #[serde(flatten)]
    pub common: Common,
    /// "4 apprentis cherchent un mentor", "3 propositions"…
    pub figures: Vec<Figure>,
    /// How a score is made: one line per weighted component
    /// ("Compétences : 60 %"), from `[matching] weights`.
    pub weights: Vec<Figure>,
    /// Public apprentices without a mentor in their profile who got a
    /// suggestion, by name: on the public site, only those of a good fit
    /// or better.
    pub suggestions: Vec<MatchCard>,
    /// Suggestions of a lesser fit that the public site leaves to the
    /// programme's team, counted: "2 autres propositions…", or None.
    pub held_back: Option<String>,
    /// Whether this is the coordinator's edition: scores in figures,
    /// alternatives, kept pairs with their reasons.
    pub full: bool,
    /// Public apprentices without a mentor for whom none was found, with why.
    pub unmatched: Vec<MatchCard>,
    /// Apprentices without a mentor whose portfolio is not public, counted:
    /// "2 autres apprentis, dont le portfolio n'est pas public…", or None.
    pub hidden_note: Option<String>,
    /// Existing pairings (`mentor` in a public profile), by apprentice.
    pub pairs: Vec<PairRow>,
    /// Existing pairings of apprentices whose portfolio is not public.
    pub pairs_hidden: usize,
    /// Mentors with a free seat after existing pairings, by name.
    pub offers: Vec<MentorOffer>,
    /// Competencies sought or offered, in framework order.
    pub supply_demand: Vec<SupplyDemandRow>,
    /// The options of the filter (shown only with JavaScript).
    pub filters: MatchFilters,
}

/// A pair's score, as a bar and in words.
#[derive(Clone, Debug, Serialize)]
pub struct ScoreView {
    /// 0..=100, for the bar's width; None on the public site, which shows
    /// the words only (a figure beside a name ranks them).
    pub percent: Option<u8>,
    /// "93 %"; None on the public site.
    pub text: Option<String>,
    /// "très bonne adéquation", "bonne adéquation", "adéquation moyenne",
    /// "adéquation faible".
    pub label: String,
    /// "high", "good", "fair" or "low", for a class.
    pub key: String,
}

/// What the filter reads on a card: space-separated keys.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FilterKeys {
    /// Competency ids sought (apprentice) or offered (mentor).
    pub competencies: String,
    /// Format names of the contract ("one-to-one micro").
    pub formats: String,
    /// The place, folded ("villeneuve-d-ascq"); empty when unknown.
    pub location: String,
    /// Open to meeting remotely.
    pub remote: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct MatchCard {
    /// Anchor on the page.
    pub slug: String,
    pub name: String,
    /// The portfolio.
    pub url: String,
    /// Competencies sought, named.
    pub seeking: Vec<String>,
    /// "Lille · à distance possible"
    pub place: String,
    /// The place as written in the profile.
    pub location: Option<String>,
    /// Format labels.
    pub formats: Vec<String>,
    /// The suggested mentor; None when unmatched.
    pub mentor: Option<Link>,
    pub score: Option<ScoreView>,
    /// One per component that counted, then what is missing.
    pub reasons: Vec<String>,
    /// Why no mentor was found, when unmatched.
    pub unmatched_reason: Option<String>,
    /// Other mentors, best first; empty on the public site.
    pub alternatives: Vec<AlternativeView>,
    /// "À revoir" when the fit is below good (coordinator's edition only).
    pub review: Option<String>,
    pub filter: FilterKeys,
}

#[derive(Clone, Debug, Serialize)]
pub struct AlternativeView {
    pub mentor: Link,
    pub score: ScoreView,
    pub reasons: Vec<String>,
    /// "a encore de la place" or "complet après les propositions".
    pub room: String,
    pub has_room: bool,
}

/// An existing pairing. The public site lists who is with whom only
/// (both pages say it already); the coordinator's edition adds how well
/// they fit and why.
#[derive(Clone, Debug, Serialize)]
pub struct PairRow {
    pub apprentice: Link,
    pub mentor: Link,
    /// None on the public site.
    pub score: Option<ScoreView>,
    /// One per component that counted, then what is missing; empty on
    /// the public site.
    pub reasons: Vec<String>,
    /// "À revoir" when the fit is below good (coordinator's edition only).
    pub review: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MentorOffer {
    pub mentor: MentorCard,
    /// Public apprentices suggested to this mentor on this page.
    pub proposed: Vec<Link>,
    /// Others suggested, counted only ("et 1 autre apprenti").
    pub proposed_others: Option<String>,
    /// "1 place reste libre après ces propositions", or None when full.
    pub left: Option<String>,
    pub filter: FilterKeys,
}

#[derive(Clone, Debug, Serialize)]
pub struct SupplyDemandRow {
    pub competency: Link,
    /// Apprentices without a mentor who seek it (every visibility).
    pub demand: usize,
    /// Free seats of mentors at or above its target level.
    pub supply: usize,
    /// "Manque 2 places", "Équilibré", "1 place en plus".
    pub balance: String,
    /// "short", "even" or "spare", for a class.
    pub key: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct MatchFilters {
    /// The competencies on the page's cards, in framework order.
    pub competencies: Vec<FilterOption>,
    /// The formats on the page's cards.
    pub formats: Vec<FilterOption>,
    /// The places on the page's cards, by name.
    pub locations: Vec<FilterOption>,
}

/// One `<option>`: `value` is what [`FilterKeys`] holds.
#[derive(Clone, Debug, Serialize)]
pub struct FilterOption {
    pub value: String,
    pub label: String,
}

// ---- Search (`search/`) and the 404 page ----

#[derive(Debug, Serialize)]
pub struct SearchPage {
    #[serde(flatten)]
    pub common: Common,
    /// Where to look without JavaScript.
    pub listings: Vec<LinkWithText>,
}

#[derive(Debug, Serialize)]
pub struct NotFoundPage {
    #[serde(flatten)]
    pub common: Common,
    pub listings: Vec<LinkWithText>,
}

// ---- Whom to ask, what comes next (footer, mentors, portfolio) ----

/// A sentence that ends with a contact: `text`, then `contact`, a link to
/// `href` when there is one.
#[derive(Clone, Debug, Serialize)]
pub struct ContactLine {
    /// "Une question ? Contact du programme : ", "Pour demander une place
    /// : écrire à ".
    pub text: String,
    /// The address, number or name, as written.
    pub contact: String,
    /// "mailto:…" for an e-mail address, "tel:…" for a phone number, the
    /// address itself for an `http(s)://` one; None for anything else (a
    /// name). Absolute: print it as it is.
    pub href: Option<String>,
}

/// A portfolio's next steps, most pressing first.
#[derive(Clone, Debug, Serialize)]
pub struct NextSteps {
    /// "Prochaines étapes"
    pub title: String,
    pub steps: Vec<NextStep>,
}

/// One next step, a sentence: `text`, then `link` if any, then `after`,
/// then `contact` if any. "Bilan du mois à faire d’ici le 31 décembre";
/// "[3 entrées] attendent la validation de Claire Dubois"; "Prochain
/// objectif : « … », pour le 15 janvier 2027"; "Pas encore de mentor — la
/// coordination du programme propose [Nadia Benali]".
#[derive(Clone, Debug, Serialize)]
pub struct NextStep {
    /// A status key, for a theme that marks each step with an icon:
    /// "current" (a review due), "open" (entries awaiting sign-off),
    /// "late", "at-risk" or "open" (the next goal), "watch" (no mentor).
    pub key: String,
    pub text: String,
    /// The proposed mentor, or the portfolio's log (`…#h-timeline`).
    pub link: Option<Link>,
    pub after: String,
    /// Whom to ask, for an apprentice no mentor was found for yet.
    pub contact: Option<ContactLine>,
}

/// The entries a mentor's public apprentices wait for them to sign off
/// (unlisted and private apprentices are not even counted).
#[derive(Clone, Debug, Serialize)]
pub struct SignOffs {
    /// "À venir"
    pub title: String,
    /// "5 entrées à valider"
    pub summary: String,
    /// The oldest ten at most.
    pub entries: Vec<PendingEntry>,
    /// The others, counted only.
    pub more: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct PendingEntry {
    pub entry: Link,
    /// The apprentice's name.
    pub apprentice: String,
    /// "12 décembre 2026"
    pub date: String,
}

// ---- The caseload (`coordination/`, the coordinator's edition only) ----

/// The programme team's view of every apprentice: one table, what needs
/// doing first, each mentor's apprentices and the entries they have to
/// sign off. The words of the page are here too (`words`).
#[derive(Debug, Serialize)]
pub struct CaseloadPage {
    #[serde(flatten)]
    pub common: Common,
    /// "15 apprentis", "4 à surveiller"…
    pub figures: Vec<Figure>,
    pub words: CaseloadWords,
    /// One row per apprentice, private ones included, by name: the table
    /// is whole without JavaScript, which only sorts and filters it.
    pub rows: Vec<CaseloadRow>,
    /// Apprentices whose status is not on track, worst first.
    pub attention: Vec<AttentionRow>,
    /// Mentors who accompany someone, by name.
    pub mentors: Vec<MentorCaseload>,
    /// The status filter's options: every status level, best first.
    pub statuses: Vec<FilterOption>,
    /// Whether the site requires a mentor's sign-off: the table then has a
    /// column of entries waiting for it, and each mentor a list of them.
    pub sign_off: bool,
}

/// The caseload page's own words, in the site's language.
#[derive(Debug, Serialize)]
pub struct CaseloadWords {
    /// Column headings: "Apprenti", "Statut", "Promotion"…, in the table's order.
    pub columns: Vec<String>,
    /// The table's caption.
    pub caption: String,
    pub attention: String,
    /// "Personne ne demande d'action : tous sont dans les temps."
    pub nobody: String,
    pub by_mentor: String,
    /// "Apprentis suivis", "Entrées à valider", "Aucune entrée à valider."
    pub mentees: String,
    pub to_sign: String,
    pub nothing_to_sign: String,
    /// The filter (shown with JavaScript only): its legend, the text
    /// field's and the status list's labels, "Tous", and the count shown
    /// after filtering ("{n} apprentis sur {total}").
    pub filter: String,
    pub filter_text: String,
    pub filter_status: String,
    pub filter_all: String,
    pub filter_count: String,
    /// "Aucun" in the mentor column, "Jamais" for a date not reached yet.
    pub no_mentor: String,
    pub never: String,
}

/// One apprentice in the caseload. `*_sort` fields are what the table's
/// script sorts a column by (numbers, ISO dates, keys).
#[derive(Clone, Debug, Serialize)]
pub struct CaseloadRow {
    /// Anchor of the row (`#c-<slug>`), linked from the other sections.
    pub slug: String,
    pub apprentice: Link,
    /// The name folded for sorting.
    pub name_sort: String,
    pub cohort: String,
    pub mentor: Option<Link>,
    /// "92 h validées", "110 h déclarées" (declared alone without sign-off).
    pub hours: Vec<String>,
    /// "attendu à ce jour : 150 h", "requis : 400 h"; empty without a pace.
    pub expected: Vec<String>,
    /// The hours judged, as a share of those expected by now (percent),
    /// else the hours judged.
    pub hours_sort: f64,
    /// "1 en retard, 2 à risque", or None when no goal is late or at risk.
    pub goals: Option<String>,
    pub goals_sort: usize,
    /// Written out, with the ISO date for `<time>` and sorting; None
    /// before the first.
    pub last_checkin: Option<DateView>,
    pub last_review: Option<DateView>,
    /// Entries waiting for the mentor's sign-off.
    pub awaiting: usize,
    pub status: Status,
    /// 0 on track, 1 to watch, 2 behind.
    pub status_rank: u8,
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DateView {
    /// "10 décembre", with its year when not the reference day's.
    pub text: String,
    /// "2026-12-10"
    pub iso: String,
}

/// One apprentice who needs something done, with what to do first.
#[derive(Clone, Debug, Serialize)]
pub struct AttentionRow {
    pub apprentice: Link,
    pub status: Status,
    /// "Relancer le point de suivi", "Faire valider 4 entrées"…
    pub action: String,
    /// Where to act, when somewhere on the site: the mentor's entries to
    /// sign off, the matching's card of an apprentice without a mentor.
    pub action_url: Option<String>,
    /// The reason the action answers (the worst), as a sentence.
    pub reason: String,
    /// The other reasons, if any.
    pub others: Vec<String>,
}

/// A mentor's apprentices and the entries waiting for their sign-off.
#[derive(Clone, Debug, Serialize)]
pub struct MentorCaseload {
    /// Anchor of the section (`#m-<slug>`).
    pub slug: String,
    pub mentor: Link,
    pub apprentices: Vec<MenteeView>,
    /// How many entries of their apprentices wait for their sign-off…
    pub waiting: usize,
    /// …the oldest of them, first (a few: each portfolio marks the rest)…
    pub to_sign: Vec<AwaitingEntry>,
    /// …and the others, counted: "et 12 autres", or None.
    pub more: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MenteeView {
    pub apprentice: Link,
    pub status: Status,
}

#[derive(Clone, Debug, Serialize)]
pub struct AwaitingEntry {
    /// The entry's title and page.
    pub entry: Link,
    pub apprentice: String,
    pub date: DateView,
    /// "6,5 h", or None for 0.
    pub hours: Option<String>,
}
