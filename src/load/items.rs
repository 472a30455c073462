//! From a file's front matter to one model item: site.toml, a handbook page,
//! the framework, a competency, a mentor, an apprentice, a log entry.
//!
//! Each reader asks for every field FORMAT.md defines, with its default, and
//! leaves the cross-file rules (does this mentor exist? is this level on the
//! scale?) to `check`.

use std::ops::Range;

use url::Url;

use super::fields::{self as f, Fields, FileCtx};
use super::ids::{self, Claims, IdAt};
use super::value::{Node, Table};
use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::model::{
    Apprentice, Block, Competency, Config, Entry, EntryKind, Evidence, Format, Framework, Goal,
    Markdown, Matching, Mentor, Page, Programme, Rhythm, Slot, Spanned, StatusRules, Validation,
    Visibility, Weights,
};
use crate::tr;

const SITE_FIELDS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "description",
    "theme",
    "programme",
    "validation",
    "status",
    "matching",
    "privacy",
    "markdown",
    "build",
];
const PROGRAMME_FIELDS: &[&str] = &[
    "start",
    "end",
    "checkin_every",
    "review_every",
    "required_hours",
    "counted_kinds",
    "as_of",
    "contact",
];
const STATUS_FIELDS: &[&str] = &[
    "grace_days",
    "pace_watch",
    "pace_behind",
    "checkins_watch",
    "checkins_behind",
    "goal_due_days",
];
const VALIDATION_FIELDS: &[&str] = &["require_mentor_sign_off"];
const MATCHING_FIELDS: &[&str] = &["weights", "suggestions"];
const PRIVACY_FIELDS: &[&str] = &["apprentice_default", "min_group"];
const MARKDOWN_FIELDS: &[&str] = &["unsafe_html", "remote_media"];
const BUILD_FIELDS: &[&str] = &["follow_external_links"];
const PAGE_FIELDS: &[&str] = &[
    "title",
    "description",
    "weight",
    "draft",
    "hidden",
    "aliases",
];
const FRAMEWORK_FIELDS: &[&str] = &["title", "scale", "blocks"];
/// Levels are numbered 1 to 255 (one byte) everywhere after loading.
const MAX_LEVELS: usize = 255;
const BLOCK_FIELDS: &[&str] = &["id", "name"];
const COMPETENCY_FIELDS: &[&str] = &["name", "block", "target", "levels", "draft"];
const MENTOR_FIELDS: &[&str] = &[
    "name",
    "headline",
    "skills",
    "capacity",
    "languages",
    "location",
    "remote",
    "formats",
    "availability",
    "contact",
    "show_contact",
    "photo",
    "draft",
];
const APPRENTICE_FIELDS: &[&str] = &[
    "name",
    "started",
    "mentor",
    "targets",
    "seeking",
    "languages",
    "location",
    "employer",
    "qualification",
    "remote",
    "formats",
    "availability",
    "cohort",
    "visibility",
    "goals",
    "draft",
];
const GOAL_FIELDS: &[&str] = &["title", "due", "competency", "level"];
const ENTRY_FIELDS: &[&str] = &[
    "title",
    "date",
    "kind",
    "hours",
    "competencies",
    "evidence",
    "validated_by",
    "feedback",
    "goals_met",
    "draft",
];

/// Reads the value of a sub-table such as `[programme]`, field by field.
fn section<'t, T>(
    cx: &mut FileCtx,
    fields: &mut Fields<'t>,
    name: &str,
    known: &'static [&'static str],
    read: impl FnOnce(&mut FileCtx, &mut Fields<'t>) -> T,
) -> Option<T> {
    let node: &'t Node = fields.optional(cx, name, |_, node, _| Some(node))?;
    let table = f::table(cx, node, name)?;
    let mut inner = Fields::nested(table, node.span.clone(), format!("{name}."), known);
    let value = read(cx, &mut inner);
    inner.finish(cx);
    Some(value)
}

/// The language to speak before site.toml could be read: a best guess from
/// its text, so even a broken site.toml gets messages in its own language.
pub fn sniff_language(text: &str) -> Lang {
    text.lines()
        .filter_map(|line| line.split_once('='))
        .find(|(key, _)| key.trim() == "language")
        .and_then(|(_, value)| Lang::from_code(value.trim().trim_matches('"').trim_matches('\'')))
        .unwrap_or_default()
}

const LANGUAGE_SYNONYMS: &[(&str, &str)] = &[
    ("francais", "fr"),
    ("french", "fr"),
    ("anglais", "en"),
    ("english", "en"),
];

/// `site.toml`. Returns the settings with defaults where a field was wrong,
/// so the rest of the site can still be checked.
pub fn config(cx: &mut FileCtx, table: &Table) -> Config {
    let anchor = 0..0;
    let mut fields = Fields::new(table, anchor, SITE_FIELDS);
    let mut config = Config::default();
    let language = fields.optional(cx, "language", |cx, node, field| {
        f::choice(
            cx,
            node,
            field,
            &Lang::CODES,
            &[Lang::Fr, Lang::En],
            LANGUAGE_SYNONYMS,
        )
    });
    config.language = language.unwrap_or(cx.lang);
    cx.lang = config.language;
    if let Some(title) = fields.required(
        cx,
        "title",
        "\"Programme d'apprentissage\"",
        f::non_empty_text,
    ) {
        config.title = title.value;
    }
    if let Some(url) = fields.required(
        cx,
        "base_url",
        "\"https://example.org/programme/\"",
        base_url,
    ) {
        config.base_url = url;
    }
    config.description = fields.optional(cx, "description", f::text).map(|s| s.value);
    if let Some(theme) = fields.optional(cx, "theme", f::non_empty_text) {
        config.theme = theme.value;
    }
    let programme = section(cx, &mut fields, "programme", PROGRAMME_FIELDS, |cx, p| {
        let rhythm = |cx: &mut FileCtx, node: &Node, field: &str| {
            f::choice(
                cx,
                node,
                field,
                &Rhythm::NAMES,
                &Rhythm::ALL,
                Rhythm::SYNONYMS,
            )
        };
        let defaults = Programme::default();
        Programme {
            start: p.optional(cx, "start", f::date),
            end: p.optional(cx, "end", f::date),
            checkin_every: p.optional(cx, "checkin_every", rhythm).unwrap_or_default(),
            review_every: p
                .optional(cx, "review_every", rhythm)
                .unwrap_or(Rhythm::Month),
            required_hours: p.optional(cx, "required_hours", f::amount).map(|h| h.value),
            counted_kinds: p
                .optional(cx, "counted_kinds", |cx, node, field| {
                    let (names, kinds) = (&EntryKind::NAMES, &EntryKind::ALL);
                    f::choices(cx, node, field, names, kinds, EntryKind::SYNONYMS)
                })
                .unwrap_or(defaults.counted_kinds),
            as_of: p.optional(cx, "as_of", f::date).map(|d| d.value),
            contact: p
                .optional(cx, "contact", f::non_empty_text)
                .map(|c| c.value),
        }
    });
    config.programme = programme.unwrap_or_default();
    if let (Some(start), Some(end)) = (&config.programme.start, &config.programme.end)
        && start.value > end.value
    {
        let lang = cx.lang;
        let (s, e) = (start.value, end.value);
        cx.push(
            Diagnostic::error(
                "dates-order",
                tr!(
                    lang,
                    "le programme finit avant de commencer",
                    "the programme ends before it starts"
                ),
            )
            .at(cx.file, end.span.clone())
            .field("programme.end")
            .label(tr!(
                lang,
                "fin le {e}, début le {s}",
                "ends {e}, starts {s}"
            ))
            .help(tr!(
                lang,
                "« end » doit être après « start »",
                "\"end\" must come after \"start\""
            )),
        );
    }
    config.validation = section(cx, &mut fields, "validation", VALIDATION_FIELDS, |cx, v| {
        Validation {
            require_mentor_sign_off: v
                .optional(cx, "require_mentor_sign_off", f::boolean)
                .unwrap_or(false),
        }
    })
    .unwrap_or_default();
    config.status = section(cx, &mut fields, "status", STATUS_FIELDS, |cx, s| {
        let defaults = StatusRules::default();
        let days = |cx: &mut FileCtx, s: &mut Fields, name, default: i64| {
            s.optional(cx, name, f::count).map_or(default, |n| n.value)
        };
        let periods = |n: &Option<Spanned<i64>>, default: usize| {
            n.as_ref()
                .map_or(default, |n| usize::try_from(n.value).unwrap_or(usize::MAX))
        };
        let pace_watch = s.optional(cx, "pace_watch", f::amount);
        let pace_behind = s.optional(cx, "pace_behind", f::amount);
        let checkins_watch = s.optional(cx, "checkins_watch", f::count);
        let checkins_behind = s.optional(cx, "checkins_behind", f::count);
        let rules = StatusRules {
            grace_days: days(cx, s, "grace_days", defaults.grace_days),
            pace_watch: pace_watch.as_ref().map_or(defaults.pace_watch, |p| p.value),
            pace_behind: pace_behind
                .as_ref()
                .map_or(defaults.pace_behind, |p| p.value),
            checkins_watch: periods(&checkins_watch, defaults.checkins_watch),
            checkins_behind: periods(&checkins_behind, defaults.checkins_behind),
            goal_due_days: days(cx, s, "goal_due_days", defaults.goal_due_days),
        };
        // A threshold out of order is shown where it is written: the bar
        // for "behind" if written, else the one for "to watch".
        let pace_at = pace_behind.or(pace_watch).map(|p| p.span);
        let checkins_at = checkins_behind.or(checkins_watch).map(|p| p.span);
        status_order(cx, &rules, pace_at, checkins_at);
        rules
    })
    .unwrap_or_default();
    config.matching = section(cx, &mut fields, "matching", MATCHING_FIELDS, |cx, m| {
        let defaults = Matching::default();
        let weights = m.optional(cx, "weights", weights);
        Matching {
            weights: weights.unwrap_or(defaults.weights),
            suggestions: m
                .optional(cx, "suggestions", f::count)
                .map_or(defaults.suggestions, |n| {
                    n.value.min(u32::MAX as i64) as u32
                }),
        }
    })
    .unwrap_or_default();
    let privacy = section(cx, &mut fields, "privacy", PRIVACY_FIELDS, |cx, p| {
        (
            p.optional(cx, "apprentice_default", visibility),
            p.optional(cx, "min_group", f::count),
        )
    });
    if let Some((default, min_group)) = privacy {
        config.apprentice_default = default.unwrap_or_default();
        if let Some(min_group) = min_group {
            config.min_group = usize::try_from(min_group.value).unwrap_or(usize::MAX);
        }
    }
    config.markdown = section(cx, &mut fields, "markdown", MARKDOWN_FIELDS, |cx, m| {
        Markdown {
            unsafe_html: m.optional(cx, "unsafe_html", f::boolean).unwrap_or(false),
            remote_media: m.optional(cx, "remote_media", f::boolean).unwrap_or(false),
        }
    })
    .unwrap_or_default();
    config.follow_external_links = section(cx, &mut fields, "build", BUILD_FIELDS, |cx, b| {
        b.optional(cx, "follow_external_links", f::boolean)
    })
    .flatten()
    .unwrap_or(false);
    fields.finish(cx);
    config
}

/// `[status]`'s thresholds in their order: the bar for "behind" below the
/// bar for "to watch" (otherwise no apprentice could ever be to watch).
fn status_order(
    cx: &mut FileCtx,
    rules: &StatusRules,
    pace_at: Option<Range<usize>>,
    checkins_at: Option<Range<usize>>,
) {
    let lang = cx.lang;
    if rules.pace_behind > rules.pace_watch {
        let (behind, watch) = (rules.pace_behind, rules.pace_watch);
        if let Some(span) = pace_at {
            cx.push(
                Diagnostic::error(
                    "status-order",
                    tr!(
                        lang,
                        "pace_behind ({behind} %) dépasse pace_watch ({watch} %)",
                        "pace_behind ({behind}%) is above pace_watch ({watch}%)"
                    ),
                )
                .at(cx.file, span)
                .field("status.pace_behind")
                .help(tr!(
                    lang,
                    "un apprenti est « en retard » sous pace_behind et « à surveiller » sous pace_watch : écrivez par exemple pace_watch = 90 et pace_behind = 70",
                    "an apprentice is \"behind\" below pace_behind and \"to watch\" below pace_watch: write for example pace_watch = 90 and pace_behind = 70"
                )),
            );
        }
    }
    if rules.checkins_behind < rules.checkins_watch {
        let (behind, watch) = (rules.checkins_behind, rules.checkins_watch);
        if let Some(span) = checkins_at {
            cx.push(
                Diagnostic::error(
                    "status-order",
                    tr!(
                        lang,
                        "checkins_behind ({behind}) est plus petit que checkins_watch ({watch})",
                        "checkins_behind ({behind}) is smaller than checkins_watch ({watch})"
                    ),
                )
                .at(cx.file, span)
                .field("status.checkins_behind")
                .help(tr!(
                    lang,
                    "il faut plus de points manqués pour être « en retard » que pour être « à surveiller » : écrivez par exemple checkins_watch = 2 et checkins_behind = 3",
                    "being \"behind\" takes more missed check-ins than being \"to watch\": write for example checkins_watch = 2 and checkins_behind = 3"
                )),
            );
        }
    }
}

fn base_url(cx: &mut FileCtx, node: &Node, field: &str) -> Option<Url> {
    let written = f::non_empty_text(cx, node, field)?;
    let with_slash = if written.value.ends_with('/') {
        written.value.clone()
    } else {
        format!("{}/", written.value)
    };
    match Url::parse(&with_slash) {
        Ok(url) if !url.username().is_empty() || url.password().is_some() => {
            let lang = cx.lang;
            cx.push(
                Diagnostic::error("invalid-url", tr!(lang, "base_url contient un identifiant ou un mot de passe", "base_url holds a user name or a password"))
                    .at(cx.file, node.span.clone())
                    .field(field)
                    .label(tr!(lang, "il serait écrit dans chaque page, chaque flux et le plan du site", "it would be written in every page, feed and the sitemap"))
                    .help(tr!(
                        lang,
                        "retirez la partie « nom:motdepasse@ » : l'adresse publique du site n'en a pas besoin",
                        "remove the \"name:password@\" part: the site's public address does not need it"
                    )),
            );
            None
        }
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Some(url),
        _ => {
            let lang = cx.lang;
            cx.push(
                Diagnostic::error("invalid-url", tr!(lang, "base_url n'est pas une adresse web complète", "base_url is not a full web address"))
                    .at(cx.file, node.span.clone())
                    .field(field)
                    .label(tr!(lang, "il faut http:// ou https://, un nom de domaine et un chemin", "it needs http:// or https://, a domain name and a path"))
                    .help(tr!(
                        lang,
                        "écrivez l'adresse où le site sera publié, par exemple : base_url = \"https://example.org/programme/\"",
                        "write the address where the site will be published, for example: base_url = \"https://example.org/programme/\""
                    )),
            );
            None
        }
    }
}

fn weights(cx: &mut FileCtx, node: &Node, field: &str) -> Option<Weights> {
    let table = f::table(cx, node, field)?;
    let mut w = Fields::nested(
        table,
        node.span.clone(),
        format!("{field}."),
        &Weights::NAMES,
    );
    let defaults = Weights::default();
    let mut read = |cx: &mut FileCtx, name: &str, default: f64| {
        w.optional(cx, name, f::amount).map_or(default, |v| v.value)
    };
    let weights = Weights {
        skills: read(cx, "skills", defaults.skills),
        language: read(cx, "language", defaults.language),
        location: read(cx, "location", defaults.location),
        availability: read(cx, "availability", defaults.availability),
        format: read(cx, "format", defaults.format),
    };
    w.finish(cx);
    let total = weights.skills
        + weights.language
        + weights.location
        + weights.availability
        + weights.format;
    if total <= 0.0 {
        let lang = cx.lang;
        cx.push(
            Diagnostic::error(
                "zero-weights",
                tr!(
                    lang,
                    "tous les poids du rapprochement sont nuls",
                    "every matching weight is zero"
                ),
            )
            .at(cx.file, node.span.clone())
            .field(field)
            .label(tr!(
                lang,
                "aucun critère ne compterait",
                "no criterion would count"
            ))
            .help(tr!(
                lang,
                "donnez au moins un poids positif, par exemple skills = 0.6",
                "give at least one weight above zero, for example skills = 0.6"
            )),
        );
        return None;
    }
    Some(weights)
}

fn visibility(cx: &mut FileCtx, node: &Node, field: &str) -> Option<Visibility> {
    f::choice(
        cx,
        node,
        field,
        &Visibility::NAMES,
        &Visibility::ALL,
        Visibility::SYNONYMS,
    )
}

/// A handbook page. Front matter is optional, as in GitBook and mdBook:
/// without a `title`, the page's first heading gives it (and is not shown
/// a second time), else its file or folder name.
pub fn page(
    cx: &mut FileCtx,
    table: &Table,
    anchor: Range<usize>,
    path: String,
    is_section: bool,
    body: &str,
) -> Option<Page> {
    let mut fields = Fields::new(table, anchor, PAGE_FIELDS);
    let title = fields.optional(cx, "title", f::non_empty_text);
    let description = fields.optional(cx, "description", f::text).map(|s| s.value);
    let weight = fields
        .optional(cx, "weight", f::integer)
        .map_or(0, |w| w.value);
    let draft = fields.optional(cx, "draft", f::boolean).unwrap_or(false);
    let hidden = fields.optional(cx, "hidden", f::boolean).unwrap_or(false);
    let aliases = fields
        .optional(cx, "aliases", |cx, node, field| {
            f::list(cx, node, field, f::non_empty_text)
        })
        .unwrap_or_default();
    fields.tolerate(OTHER_TOOLS_PAGE_FIELDS);
    fields.finish(cx);
    let heading = first_heading(body);
    let (title, skip) = match (title, heading) {
        (Some(title), Some((text, end))) if text == title.value => (title.value, end),
        (Some(title), _) => (title.value, 0),
        (None, Some((text, end))) if !text.is_empty() => (text, end),
        (None, _) => (title_from_name(cx.file, is_section), 0),
    };
    Some(Page {
        file: cx.file.to_string(),
        path,
        is_section,
        title,
        description,
        weight,
        draft,
        hidden,
        aliases: aliases.into_iter().map(|a| a.value).collect(),
        body: body[skip..].to_string(),
        body_at: cx.body_at + skip,
    })
}

/// Front-matter keys of other tools (GitBook, mdBook, Hugo, Zola, Jekyll,
/// Docusaurus, Obsidian), accepted without a word on a handbook page: a
/// handbook brought from one of them keeps its files as they are. Those
/// that mean something here are read (`description`, `weight`, `draft`,
/// `hidden`, `aliases`).
const OTHER_TOOLS_PAGE_FIELDS: &[&str] = &[
    // GitBook
    "icon",
    "layout",
    "cover",
    "coverY",
    "coverHeight",
    "metaLinks",
    "noIndex",
    "noRobotsIndex",
    "if",
    // Hugo
    "date",
    "lastmod",
    "publishDate",
    "expiryDate",
    "tags",
    "categories",
    "series",
    "keywords",
    "slug",
    "url",
    "summary",
    "author",
    "authors",
    "images",
    "toc",
    "type",
    "linkTitle",
    "menu",
    "params",
    "showToc",
    "tocOpen",
    "headless",
    "outputs",
    "resources",
    "sitemap",
    "translationKey",
    "markup",
    "build",
    "cascade",
    "isCJKLanguage",
    "bookFlatSection",
    "bookToc",
    "bookHidden",
    "bookCollapseSection",
    "geekdocHidden",
    // Zola
    "template",
    "page_template",
    "sort_by",
    "paginate_by",
    "insert_anchor_links",
    "in_search_index",
    "render",
    "redirect_to",
    "transparent",
    "generate_feeds",
    "taxonomies",
    "updated",
    "path",
    // Jekyll and its Just the Docs theme
    "permalink",
    "published",
    "excerpt",
    "nav_order",
    "parent",
    "grand_parent",
    "has_children",
    "nav_exclude",
    "sidebar",
    "title_prefix",
    // Docusaurus
    "id",
    "sidebar_label",
    "sidebar_position",
    "hide_title",
    "hide_table_of_contents",
    "pagination_label",
    "custom_edit_url",
    "sidebar_class_name",
    // Obsidian
    "cssclasses",
    "cssclass",
    "aliases",
];

/// The text of the body's first block when it is a level-1 heading, and
/// where the heading ends in the body.
fn first_heading(body: &str) -> Option<(String, usize)> {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let mut events = Parser::new(body).into_offset_iter();
    let (first, _) = events.next()?;
    if !matches!(
        first,
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        })
    ) {
        return None;
    }
    let mut text = String::new();
    for (event, range) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Heading(_)) => return Some((text.trim().to_string(), range.end)),
            _ => {}
        }
    }
    None
}

/// A page's title from its name, for a page without a title or a first
/// heading: `Le-role_du mentor.md` → "Le role du mentor"; a folder's page
/// is named after its folder; the handbook's own front page "".
pub fn title_from_name(file: &str, is_section: bool) -> String {
    let file = file.trim_end_matches('/');
    let mut parts = file.rsplit('/');
    let name = if is_section && (file.ends_with(".md") || file.ends_with(".markdown")) {
        parts.nth(1)
    } else {
        parts.next()
    };
    let name = name.unwrap_or("");
    if name == "programme" && file.matches('/').count() <= 1 {
        return String::new();
    }
    let stem = name
        .strip_suffix(".markdown")
        .or_else(|| name.strip_suffix(".md"))
        .unwrap_or(name);
    let words = stem.replace(['-', '_'], " ");
    let words = words.trim();
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => stem.to_string(),
    }
}

/// `competencies/_index.md`.
pub fn framework(
    cx: &mut FileCtx,
    table: &Table,
    anchor: Range<usize>,
    body: &str,
) -> Option<Framework> {
    let mut fields = Fields::new(table, anchor, FRAMEWORK_FIELDS);
    let title = fields.optional(cx, "title", f::text).map(|s| s.value);
    let scale = fields.required(cx, "scale", "[\"Découverte\", \"Guidé\", \"Autonome\", \"Maîtrise\", \"Expert\"]", |cx, node, field| {
        let levels = f::list(cx, node, field, f::non_empty_text)?;
        if levels.is_empty() {
            let lang = cx.lang;
            cx.push(
                Diagnostic::error("empty-scale", tr!(lang, "l'échelle des niveaux est vide", "the scale of levels is empty"))
                    .at(cx.file, node.span.clone())
                    .field(field)
                    .label(tr!(lang, "au moins un niveau est attendu", "at least one level is expected"))
                    .help(tr!(
                        lang,
                        "nommez les niveaux du premier au dernier, par exemple : scale = [\"Découverte\", \"Guidé\", \"Autonome\", \"Maîtrise\", \"Expert\"]",
                        "name the levels from first to last, for example: scale = [\"Novice\", \"Guided\", \"Autonomous\", \"Proficient\", \"Expert\"]"
                    )),
            );
            return None;
        }
        if levels.len() > MAX_LEVELS {
            let (lang, n) = (cx.lang, levels.len());
            cx.push(
                Diagnostic::error("scale-too-long", tr!(lang, "l'échelle compte {n} niveaux", "the scale has {n} levels"))
                    .at(cx.file, node.span.clone())
                    .field(field)
                    .label(tr!(lang, "{MAX_LEVELS} niveaux au plus", "{MAX_LEVELS} levels at most"))
                    .help(tr!(
                        lang,
                        "une échelle de compétence compte quelques niveaux (souvent 4 ou 5) : regroupez-les",
                        "a competency scale has a few levels (often 4 or 5): group them"
                    )),
            );
            return None;
        }
        Some(levels.into_iter().map(|l| l.value).collect::<Vec<_>>())
    });
    let blocks = fields.required(
        cx,
        "blocks",
        "[{ id = \"b1\", name = \"…\" }]",
        |cx, node, field| {
            f::list(cx, node, field, |cx, item, item_field| {
                let table = f::table(cx, item, item_field)?;
                let mut b = Fields::nested(
                    table,
                    item.span.clone(),
                    format!("{item_field}."),
                    BLOCK_FIELDS,
                );
                let id = b.required(cx, "id", "\"b1\"", f::non_empty_text);
                let name = b.required(
                    cx,
                    "name",
                    "\"Installer des réseaux sanitaires\"",
                    f::non_empty_text,
                );
                b.finish(cx);
                Some(Block {
                    id: id?,
                    name: name?.value,
                })
            })
        },
    );
    fields.finish(cx);
    // Block ids follow the rules of file ids, from the same helpers.
    let blocks = blocks.unwrap_or_default();
    let (lang, mut claims) = (cx.lang, Claims::default());
    for (index, block) in blocks.iter().enumerate() {
        let id = &block.id.value;
        let at = IdAt::Block {
            file: cx.file,
            span: block.id.span.clone(),
            index,
        };
        if let Some(problem) =
            ids::invalid(id, &at, lang).or_else(|| claims.claim("blocks", id, &at, lang))
        {
            cx.push(problem);
        }
    }
    Some(Framework {
        file: cx.file.to_string(),
        title,
        scale: scale?,
        blocks,
        body: body.to_string(),
        body_at: cx.body_at,
    })
}

/// `competencies/<id>.md`.
pub fn competency(
    cx: &mut FileCtx,
    table: &Table,
    anchor: Range<usize>,
    id: &str,
    body: &str,
) -> Option<Competency> {
    let mut fields = Fields::new(table, anchor, COMPETENCY_FIELDS);
    let name = fields.required(
        cx,
        "name",
        "\"Souder et braser le cuivre\"",
        f::non_empty_text,
    );
    let block = fields.required(cx, "block", "\"b1\"", f::non_empty_text);
    let target = fields.required(cx, "target", "3", f::integer);
    let levels = fields.optional(cx, "levels", |cx, node, field| {
        let t = f::table(cx, node, field)?;
        Some(
            t.entries
                .iter()
                .filter_map(|(key, value)| {
                    let descriptor = f::text(cx, value, &format!("{field}.{}", key.name))?;
                    let Ok(level) = key.name.trim().parse::<i64>() else {
                        let lang = cx.lang;
                        let k = lang.quote(&key.name);
                        cx.push(
                            Diagnostic::error(
                                "invalid-level",
                                tr!(
                                    lang,
                                    "{k} n'est pas un numéro de niveau",
                                    "{k} is not a level number"
                                ),
                            )
                            .at(cx.file, key.span.clone())
                            .field(format!("{field}.{}", key.name))
                            .label(tr!(
                                lang,
                                "un nombre de 1 au dernier niveau est attendu",
                                "a number from 1 to the last level is expected"
                            ))
                            .help(tr!(
                                lang,
                                "par exemple : levels = {{ 1 = \"…\", 3 = \"…\" }}",
                                "for example: levels = {{ 1 = \"…\", 3 = \"…\" }}"
                            )),
                        );
                        return None;
                    };
                    Some((Spanned::new(level, key.span.clone()), descriptor.value))
                })
                .collect::<Vec<_>>(),
        )
    });
    let draft = fields.optional(cx, "draft", f::boolean).unwrap_or(false);
    fields.finish(cx);
    Some(Competency {
        file: cx.file.to_string(),
        id: id.to_string(),
        name: name.map(|n| n.value).unwrap_or_default(),
        // An empty block (already an error) is not looked up again.
        block: block.unwrap_or(Spanned::new(String::new(), 0..0)),
        target: target.unwrap_or(Spanned::new(1, 0..0)),
        levels: levels.unwrap_or_default(),
        draft,
        body: body.to_string(),
        body_at: cx.body_at,
    })
}

/// The fields mentors and apprentices share, for matching.
struct Profile {
    languages: Vec<String>,
    location: Option<String>,
    remote: bool,
    formats: Vec<Format>,
    availability: Vec<Slot>,
}

fn profile(cx: &mut FileCtx, fields: &mut Fields, site_lang: Lang) -> Profile {
    Profile {
        languages: fields
            .optional(cx, "languages", |cx, node, field| {
                f::list(cx, node, field, language_code)
            })
            .unwrap_or_else(|| vec![site_lang.code().to_string()]),
        location: fields.optional(cx, "location", f::text).map(|s| s.value),
        remote: fields.optional(cx, "remote", f::boolean).unwrap_or(false),
        formats: fields
            .optional(cx, "formats", |cx, node, field| {
                f::choices(
                    cx,
                    node,
                    field,
                    &Format::NAMES,
                    &Format::ALL,
                    Format::SYNONYMS,
                )
            })
            .unwrap_or_else(|| vec![Format::OneToOne]),
        availability: fields
            .optional(cx, "availability", |cx, node, field| {
                f::list(cx, node, field, slot)
            })
            .unwrap_or_default(),
    }
}

/// An optional text printed as written (an employer, a diploma); an
/// empty one says nothing.
fn words(cx: &mut FileCtx, fields: &mut Fields, name: &str) -> Option<String> {
    fields
        .optional(cx, name, f::text)
        .map(|s| s.value)
        .filter(|s| !s.trim().is_empty())
}

const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("francais", "fr"),
    ("french", "fr"),
    ("anglais", "en"),
    ("english", "en"),
    ("arabe", "ar"),
    ("arabic", "ar"),
    ("espagnol", "es"),
    ("spanish", "es"),
    ("allemand", "de"),
    ("german", "de"),
    ("italien", "it"),
    ("italian", "it"),
    ("portugais", "pt"),
    ("portuguese", "pt"),
    ("neerlandais", "nl"),
    ("dutch", "nl"),
    ("turc", "tr"),
    ("turkish", "tr"),
    ("polonais", "pl"),
    ("polish", "pl"),
    ("roumain", "ro"),
    ("chinois", "zh"),
    ("russe", "ru"),
    ("ukrainien", "uk"),
    ("wolof", "wo"),
    ("lsf", "fsl"),
];

/// An ISO 639 language code: `fr`, `en`, `ar`… ("français" gets "fr").
fn language_code(cx: &mut FileCtx, node: &Node, field: &str) -> Option<String> {
    let written = f::text(cx, node, field)?;
    let code = written.value.trim();
    let valid = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
    if valid {
        return Some(code.to_string());
    }
    let lang = cx.lang;
    let w = lang.quote(code);
    let folded = crate::slug::slugify(code);
    let help = match LANGUAGE_NAMES.iter().find(|(name, _)| *name == folded) {
        Some((_, iso)) => {
            let iso = lang.quote(iso);
            tr!(
                lang,
                "écrivez le code de la langue : {iso}",
                "write the language's code: {iso}"
            )
        }
        None => tr!(
            lang,
            "écrivez le code à deux lettres de la langue : « fr », « en », « ar »…",
            "write the language's two-letter code: \"fr\", \"en\", \"ar\"…"
        ),
    };
    cx.push(
        Diagnostic::error(
            "invalid-language",
            tr!(
                lang,
                "{w} n'est pas un code de langue",
                "{w} is not a language code"
            ),
        )
        .at(cx.file, node.span.clone())
        .field(field)
        .label(tr!(lang, "code ISO 639 attendu", "ISO 639 code expected"))
        .help(help),
    );
    None
}

fn slot(cx: &mut FileCtx, node: &Node, field: &str) -> Option<Slot> {
    let written = f::text(cx, node, field)?;
    if let Some(slot) = Slot::parse(&written.value) {
        return Some(slot);
    }
    let suggestion = Slot::from_french(&written.value)
        .or_else(|| crate::slug::nearest(&written.value, Slot::NAMES, &[]));
    let names: Vec<&str> = Slot::NAMES.to_vec();
    f::invalid_choice(cx, node, field, &written.value, &names, suggestion);
    None
}

/// `mentors/<slug>.md`.
pub fn mentor(
    cx: &mut FileCtx,
    table: &Table,
    anchor: Range<usize>,
    slug: &str,
    site_lang: Lang,
    body: &str,
) -> Option<Mentor> {
    let mut fields = Fields::new(table, anchor, MENTOR_FIELDS);
    let name = fields.required(cx, "name", "\"Claire Dubois\"", f::non_empty_text);
    let headline = fields.optional(cx, "headline", f::text).map(|s| s.value);
    let skills = fields.required(cx, "skills", "{ soudure-cuivre = 5 }", f::levels);
    let capacity = fields.required(cx, "capacity", "3", f::count);
    let profile = profile(cx, &mut fields, site_lang);
    let contact = fields.optional(cx, "contact", f::text).map(|s| s.value);
    let show_contact = fields
        .optional(cx, "show_contact", f::boolean)
        .unwrap_or(false);
    let photo = fields.optional(cx, "photo", f::non_empty_text);
    let draft = fields.optional(cx, "draft", f::boolean).unwrap_or(false);
    fields.finish(cx);
    Some(Mentor {
        file: cx.file.to_string(),
        slug: slug.to_string(),
        name: name.map(|n| n.value).unwrap_or_default(),
        headline,
        skills: skills.unwrap_or_default(),
        // Unknown capacity (already an error): never warns about being full.
        capacity: capacity.unwrap_or(Spanned::new(i64::MAX, 0..0)),
        languages: profile.languages,
        location: profile.location,
        remote: profile.remote,
        formats: profile.formats,
        availability: profile.availability,
        contact,
        show_contact,
        photo,
        draft,
        body: body.to_string(),
        body_at: cx.body_at,
    })
}

/// What an apprentice's profile needs from the site to fill its defaults.
pub struct ApprenticeDefaults {
    pub lang: Lang,
    pub visibility: Visibility,
    /// `[markdown] remote_media`: images from other hosts are not warned about.
    pub remote_media: bool,
}

/// `apprentices/<slug>/_index.md`. Entries and files are added by the caller.
pub fn apprentice(
    cx: &mut FileCtx,
    table: &Table,
    anchor: Range<usize>,
    slug: &str,
    defaults: &ApprenticeDefaults,
    body: &str,
) -> Option<Apprentice> {
    let mut fields = Fields::new(table, anchor, APPRENTICE_FIELDS);
    let name = fields.required(cx, "name", "\"Lucas Martin\"", f::non_empty_text);
    let started = fields.required(cx, "started", "2026-09-01", f::date);
    let mentor = fields.optional(cx, "mentor", f::non_empty_text);
    let targets = fields
        .optional(cx, "targets", f::levels)
        .unwrap_or_default();
    let seeking = fields
        .optional(cx, "seeking", |cx, node, field| {
            f::list(cx, node, field, f::non_empty_text)
        })
        .unwrap_or_default();
    let profile = profile(cx, &mut fields, defaults.lang);
    let employer = words(cx, &mut fields, "employer");
    let qualification = words(cx, &mut fields, "qualification");
    let cohort = fields.optional(cx, "cohort", f::non_empty_text);
    let visibility = fields
        .optional(cx, "visibility", visibility)
        .unwrap_or(defaults.visibility);
    let goals = fields
        .optional(cx, "goals", |cx, node, field| {
            f::list(cx, node, field, goal)
        })
        .unwrap_or_default();
    let draft = fields.optional(cx, "draft", f::boolean).unwrap_or(false);
    fields.finish(cx);
    let started = started?;
    let cohort = cohort
        .unwrap_or_else(|| Spanned::new(started.value.year().to_string(), started.span.clone()));
    Some(Apprentice {
        file: cx.file.to_string(),
        slug: slug.to_string(),
        name: name.map(|n| n.value).unwrap_or_default(),
        started,
        mentor,
        targets,
        seeking,
        languages: profile.languages,
        location: profile.location,
        employer,
        qualification,
        remote: profile.remote,
        formats: profile.formats,
        availability: profile.availability,
        cohort,
        visibility,
        goals,
        draft,
        body: body.to_string(),
        body_at: cx.body_at,
        entries: Vec::new(),
        files: Vec::new(),
    })
}

fn goal(cx: &mut FileCtx, node: &Node, field: &str) -> Option<Goal> {
    let table = f::table(cx, node, field)?;
    let mut g = Fields::nested(table, node.span.clone(), format!("{field}."), GOAL_FIELDS);
    let title = g.required(
        cx,
        "title",
        "\"Braser seul une installation complète\"",
        f::non_empty_text,
    );
    let due = g.required(cx, "due", "2027-01-31", f::date);
    let competency = g.optional(cx, "competency", f::non_empty_text);
    let level = g.optional(cx, "level", f::integer);
    g.finish(cx);
    let lang = cx.lang;
    let competency = match (competency, level) {
        (Some(c), Some(l)) => Some((c, l)),
        (None, None) => None,
        (Some(c), None) => {
            let q = lang.quote(&c.value);
            cx.push(
                Diagnostic::error(
                    "goal-incomplete",
                    tr!(
                        lang,
                        "l'objectif cite la compétence {q} sans dire quel niveau atteindre",
                        "the goal names competency {q} without the level to reach"
                    ),
                )
                .at(cx.file, c.span.clone())
                .field(format!("{field}.level"))
                .label(tr!(
                    lang,
                    "il manque « level » à côté",
                    "\"level\" is missing beside it"
                ))
                .help(tr!(
                    lang,
                    "ajoutez par exemple : level = 3",
                    "add for example: level = 3"
                )),
            );
            None
        }
        (None, Some(l)) => {
            cx.push(
                Diagnostic::error(
                    "goal-incomplete",
                    tr!(
                        lang,
                        "l'objectif donne un niveau sans dire de quelle compétence",
                        "the goal gives a level without saying of which competency"
                    ),
                )
                .at(cx.file, l.span.clone())
                .field(format!("{field}.competency"))
                .label(tr!(
                    lang,
                    "il manque « competency » à côté",
                    "\"competency\" is missing beside it"
                ))
                .help(tr!(
                    lang,
                    "ajoutez par exemple : competency = \"soudure-cuivre\"",
                    "add for example: competency = \"soudure-cuivre\""
                )),
            );
            None
        }
    };
    // A broken title or date is already an error: the goal is kept so that
    // its competency and level are still checked.
    Some(Goal {
        title: title.unwrap_or(Spanned::new(String::new(), node.span.clone())),
        due: due.unwrap_or(Spanned::new(jiff::civil::Date::MAX, node.span.clone())),
        competency,
    })
}

/// `apprentices/<slug>/<entry>.md`.
pub fn entry(
    cx: &mut FileCtx,
    table: &Table,
    anchor: Range<usize>,
    slug: &str,
    body: &str,
) -> Option<Entry> {
    let mut fields = Fields::new(table, anchor, ENTRY_FIELDS);
    let title = fields.required(cx, "title", "\"Pose d'un chauffe-eau\"", f::non_empty_text);
    let date = fields.required(cx, "date", "2026-09-03", f::date);
    let kind = fields.required(cx, "kind", "\"practice\"", |cx, node, field| {
        f::choice(
            cx,
            node,
            field,
            &EntryKind::NAMES,
            &EntryKind::ALL,
            EntryKind::SYNONYMS,
        )
    });
    let hours = fields
        .optional(cx, "hours", f::amount)
        .map_or(0.0, |h| h.value);
    let competencies = fields
        .optional(cx, "competencies", f::levels)
        .unwrap_or_default();
    let evidence = fields
        .optional(cx, "evidence", |cx, node, field| {
            f::list(cx, node, field, |cx, item, item_field| {
                let written = f::non_empty_text(cx, item, item_field)?;
                let value = written.value.trim();
                let evidence = if value.starts_with("https://") || value.starts_with("http://") {
                    Evidence::Url(value.to_string())
                } else {
                    Evidence::File(value.to_string())
                };
                Some(Spanned::new(evidence, written.span))
            })
        })
        .unwrap_or_default();
    let validated_by = fields.optional(cx, "validated_by", f::non_empty_text);
    let feedback = fields.optional(cx, "feedback", f::text).map(|s| s.value);
    let goals_met = fields
        .optional(cx, "goals_met", |cx, node, field| {
            f::list(cx, node, field, f::non_empty_text)
        })
        .unwrap_or_default();
    let draft = fields.optional(cx, "draft", f::boolean).unwrap_or(false);
    fields.finish(cx);
    // Entries are most of a site's files: their lists and texts are boxed,
    // without the spare room a Vec or String keeps (four places for one
    // competency) and a word smaller each, on a programme of 10,000
    // apprentices a fifth of the model's memory.
    Some(Entry {
        slug: slug.into(),
        long_extension: cx.file.ends_with(".markdown"),
        title: title.map(|t| t.value).unwrap_or_default().into(),
        date: date?,
        kind: kind.unwrap_or(EntryKind::Practice),
        hours,
        competencies: competencies.into(),
        evidence: evidence.into(),
        validated_by,
        feedback: feedback.map(String::into_boxed_str),
        goals_met: goals_met.into(),
        draft,
        body: body.into(),
        body_at: cx.body_at,
    })
}
