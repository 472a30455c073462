//! Reading a site folder: which file is what, and each file's front matter
//! turned into model items, with every problem of every file collected.
//!
//! Files are listed in a sorted walk, then read and parsed in parallel
//! (rayon); results are put back in walk order, so the model and the list of
//! problems never depend on thread scheduling.

pub mod fields;
pub mod frontmatter;
mod ids;
pub mod items;
mod summary;

pub use summary::normalise as normalise_path;
pub mod value;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use rayon::prelude::*;
use walkdir::WalkDir;

use self::fields::{FileCtx, Syntax};
use self::ids::{Claims, IdAt};
use crate::diagnostics::{Diagnostic, Diagnostics, Sources};
use crate::i18n::Lang;
use crate::model::{Apprentice, Competency, Config, Entry, Framework, Mentor, Page, Site};
use crate::render::markdown;
use crate::slug::slugify;
use crate::tr;

/// Markdown files larger than this are refused: no handbook page or log
/// entry is that long, and reading it would only slow everything down.
pub const MAX_TEXT_FILE: u64 = 4 * 1024 * 1024;

/// A site as read, with the text of every file and what was wrong.
#[derive(Debug)]
pub struct Loaded {
    /// None when the folder is not a site at all (no readable site.toml).
    pub site: Option<Site>,
    pub sources: Sources,
    pub diagnostics: Diagnostics,
    /// The language messages are written in.
    pub lang: Lang,
    /// Every file read, and the names of the others found: when a build
    /// reads the same as the last one, it has nothing to render.
    pub inputs: u128,
    /// The same, by who the files belong to; made only by [`load_cached`]
    /// (what an incremental rebuild needs to know which pages to render).
    pub scopes: Option<Scopes>,
}

/// Fingerprints of the files of a site, by the part of the site they
/// belong to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scopes {
    /// Every file that is neither the handbook's nor an apprentice's:
    /// site.toml, the framework, the mentors, the names of static files.
    pub shared: u128,
    /// The handbook's pages.
    pub handbook: u128,
    /// Each apprentice's folder, by slug: the profile and log entries
    /// read, the names of the other files.
    pub apprentices: std::collections::HashMap<String, u128>,
}

/// [`Scopes`] being made.
#[derive(Default)]
struct ScopeDigests {
    shared: crate::output::Digest,
    handbook: crate::output::Digest,
    apprentices: std::collections::HashMap<String, crate::output::Digest>,
}

impl ScopeDigests {
    fn add(&mut self, rel: &str, read: u128) {
        let digest = if let Some(rest) = rel.strip_prefix("apprentices/")
            && let Some((slug, _)) = rest.split_once('/')
        {
            self.apprentices.entry(slug.to_string()).or_default()
        } else if rel.starts_with("programme/") {
            &mut self.handbook
        } else {
            &mut self.shared
        };
        digest.text(rel).number(read);
    }

    fn finish(self) -> Scopes {
        Scopes {
            shared: self.shared.finish(),
            handbook: self.handbook.finish(),
            apprentices: self
                .apprentices
                .into_iter()
                .map(|(slug, digest)| (slug, digest.finish()))
                .collect(),
        }
    }
}

/// What a Markdown file is, from where it sits.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Role {
    Page {
        path: String,
        is_section: bool,
    },
    /// `programme/SUMMARY.md`.
    Summary,
    /// `programme/.gitbook.yaml`: GitBook's `redirects`.
    GitbookConfig,
    Framework,
    Competency {
        id: String,
    },
    Mentor {
        slug: String,
    },
    Apprentice {
        slug: String,
    },
    Entry {
        apprentice: String,
        slug: String,
    },
}

#[derive(Clone, Debug)]
struct Job {
    role: Role,
    /// Relative to the site, `/`-separated; the file is at `root.join(rel)`
    /// (not kept as a second path: a large site lists 300,000 files).
    rel: String,
}

/// One file read and parsed.
#[derive(Clone)]
struct Parsed {
    /// The file's bytes fingerprinted; None when it could not be read as text.
    read: Option<u64>,
    /// The text, kept only when the file has a problem to quote.
    text: Option<String>,
    item: Option<Item>,
    problems: Vec<Diagnostic>,
}

/// Boxed, so that the list of every file parsed (300,000 entries for
/// 10,000 apprentices) holds a pointer each, not room for the largest kind.
#[derive(Clone)]
enum Item {
    Page(Box<Page>),
    /// Old address → file of the handbook (`.gitbook.yaml`).
    Redirects(Vec<(String, String)>),
    Summary(Box<crate::model::Summary>),
    Framework(Box<Framework>),
    Competency(Box<Competency>),
    Mentor(Box<Mentor>),
    Apprentice(Box<Apprentice>),
    /// An entry of the apprentice its [`Role::Entry`] names.
    Entry(std::sync::Arc<Entry>),
}

/// Files parsed by an earlier load of the same site, for `serve`: a file
/// whose size and modification time did not move since is not read and
/// parsed again (`make` and `rsync` know files the same way). A file
/// modified within two seconds of the moment it was read is read again
/// each time: an editor saving twice within one tick of the file system's
/// clock, size unchanged, is caught (git's "racy clean" case).
#[derive(Default)]
pub struct Cache {
    /// site.toml's text when the files were parsed: other settings (the
    /// language, default visibility) parse them otherwise.
    config: String,
    files: crate::FastMap<String, Cached>,
    /// The files of the site as last listed, and what listing them found.
    listing: Option<Listing>,
    /// The files changed since the last load, relative to the site, as a
    /// watcher saw them ([`Cache::changed`]); None: unknown.
    changed: Option<crate::FastSet<String>>,
    /// The files published as they are, when [`copied_files`] last looked
    /// at them, and whether each records where it was taken (see
    /// [`photo_location`]).
    photos: crate::FastMap<String, Looked>,
}

/// A published file as [`copied_files`] last saw it: its stamp, and
/// whether it records a place ([`photo_location`]).
type Looked = (Stamp, Option<bool>);

/// What listing a site's files gave: which file is what.
struct Listing {
    /// Shared with the load that uses it: a large site lists 300,000 files.
    jobs: std::sync::Arc<[Job]>,
    others: OtherFiles,
    diagnostics: Vec<Diagnostic>,
    /// Every file listed, relative to the site.
    files: crate::FastSet<String>,
}

impl Listing {
    fn new(
        jobs: &std::sync::Arc<[Job]>,
        others: &OtherFiles,
        diagnostics: Vec<Diagnostic>,
    ) -> Self {
        let mut files: crate::FastSet<String> = jobs.iter().map(|job| job.rel.clone()).collect();
        files.extend(others.static_files.iter().map(|f| format!("static/{f}")));
        files.extend(
            others
                .handbook_files
                .iter()
                .map(|f| format!("programme/{f}")),
        );
        for (slug, inner) in &others.apprentice_files {
            files.extend(inner.iter().map(|f| format!("apprentices/{slug}/{f}")));
        }
        Listing {
            jobs: std::sync::Arc::clone(jobs),
            others: others.clone(),
            diagnostics,
            files,
        }
    }
}

struct Cached {
    role: Role,
    stamp: Stamp,
    parsed: Parsed,
}

/// A file's size and modification time, and when it was looked at.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: std::time::SystemTime,
    seen: std::time::SystemTime,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let seen = std::time::SystemTime::now();
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok()?,
            seen,
        })
    }

    /// Whether a file stamped `now` still has the bytes it had when `self`
    /// was taken.
    fn unchanged(&self, now: &Stamp) -> bool {
        const TICK: std::time::Duration = std::time::Duration::from_secs(2);
        self.len == now.len && self.modified == now.modified && self.modified + TICK < self.seen
    }
}

impl Cache {
    /// Tells the next load which files changed since the last one (paths
    /// under `root`, as a watcher reports them), so that it neither lists
    /// the site's folders again when no file came or went, nor looks at
    /// the files that did not change. None: look at everything (the
    /// watcher lost track).
    pub fn changed(&mut self, root: &Path, paths: Option<&[std::path::PathBuf]>) {
        let root = crate::output::absolute(root);
        self.changed = paths.map(|paths| {
            paths
                .iter()
                .filter_map(|path| {
                    let path = crate::output::absolute(path);
                    let rel = path.strip_prefix(&root).ok()?;
                    Some(rel.to_string_lossy().replace('\\', "/"))
                })
                .collect()
        });
    }

    /// The file of `job` as parsed before, when it has not changed since.
    /// `trusted`: a watcher saw no change to it, so its stamp is not
    /// looked at again (unless it was modified within a tick of being
    /// read, see [`Stamp::unchanged`]).
    fn get(&self, root: &Path, job: &Job, trusted: bool) -> Option<Parsed> {
        let cached = self.files.get(&job.rel)?;
        if cached.role != job.role {
            return None;
        }
        let unchanged = if trusted && cached.stamp.unchanged(&cached.stamp) {
            true
        } else {
            let now = Stamp::of(&root.join(&job.rel))?;
            cached.stamp.unchanged(&now)
        };
        unchanged.then(|| cached.parsed.clone())
    }

    /// The last listing, when the files changed since are all files it
    /// holds and still files: no file came or went, no folder changed.
    fn listing(&self, root: &Path) -> Option<&Listing> {
        let listing = self.listing.as_ref()?;
        let changed = self.changed.as_ref()?;
        changed
            .iter()
            .all(|rel| listing.files.contains(rel) && root.join(rel).is_file())
            .then_some(listing)
    }
}

/// Reads the whole site at `root`.
pub fn load(root: &Path) -> Loaded {
    load_cached(root, None)
}

/// [`load`], parsing again only the files that changed since `cache` was
/// filled, and filling it for the next time.
pub fn load_cached(root: &Path, mut cache: Option<&mut Cache>) -> Loaded {
    let mut diagnostics = Diagnostics::default();
    let mut sources = Sources::new();
    let config_path = root.join("site.toml");
    let config_text = match read_text(&config_path, "site.toml", Lang::default()) {
        Ok(text) => text,
        Err(problem) => {
            let lang = Lang::default();
            let problem = if root.is_dir() && !config_path.exists() {
                not_a_site(root, lang)
            } else if !root.exists() {
                let shown = root.display().to_string();
                Diagnostic::error(
                    "no-site",
                    tr!(
                        lang,
                        "le dossier {shown} n'existe pas",
                        "folder {shown} does not exist"
                    ),
                )
                .help(tr!(
                    lang,
                    "vérifiez le chemin, ou créez un site avec : compagnon init {shown}",
                    "check the path, or create a site with: compagnon init {shown}"
                ))
            } else {
                *problem
            };
            diagnostics.push(problem);
            return Loaded {
                site: None,
                sources,
                diagnostics,
                lang,
                inputs: 0,
                scopes: None,
            };
        }
    };
    let mut inputs = crate::output::Digest::default();
    inputs.text("site.toml").text(&config_text);
    let mut scopes = cache.is_some().then(ScopeDigests::default);
    if let Some(scopes) = scopes.as_mut() {
        scopes.shared.text("site.toml").text(&config_text);
    }
    if let Some(cache) = cache.as_deref_mut()
        && cache.config != config_text
    {
        cache.files.clear();
        cache.listing = None;
        cache.config.clone_from(&config_text);
    }
    let (config, problems) = parse_config(&config_text);
    let lang = config.language;
    diagnostics.extend(problems);
    sources.insert("site.toml".into(), config_text);

    let mut site = Site {
        config,
        ..Site::default()
    };
    if !crate::model::is_theme_name(&site.config.theme) {
        let theme = lang.quote(&site.config.theme);
        diagnostics.push(
            Diagnostic::error(
                "unknown-theme",
                tr!(
                    lang,
                    "le thème {theme} n'est pas un nom de dossier de themes/",
                    "theme {theme} is not the name of a folder in themes/"
                ),
            )
            .in_file("site.toml")
            .field("theme")
            .label(tr!(
                lang,
                "un thème est un dossier du site, pas un chemin vers ailleurs",
                "a theme is a folder of the site, not a path to elsewhere"
            ))
            .help(tr!(
                lang,
                "copiez le thème dans themes/<nom>/ et écrivez theme = \"<nom>\"",
                "copy the theme into themes/<name>/ and write theme = \"<name>\""
            )),
        );
    } else if site.config.theme != "default"
        && !root.join("themes").join(&site.config.theme).is_dir()
    {
        let theme = lang.quote(&site.config.theme);
        diagnostics.push(
            Diagnostic::error(
                "unknown-theme",
                tr!(lang, "thème {theme} introuvable", "theme {theme} not found"),
            )
            .in_file("site.toml")
            .field("theme")
            .help(tr!(
                lang,
                "écrivez theme = \"default\", ou placez le thème dans themes/{x}/",
                "write theme = \"default\", or put the theme in themes/{x}/",
                x = site.config.theme
            )),
        );
    }

    let listed = cache.as_deref().and_then(|cache| cache.listing(root));
    let relisted = listed.is_none();
    let (jobs, others) = match listed {
        Some(listing) => {
            diagnostics.extend(listing.diagnostics.iter().cloned());
            (std::sync::Arc::clone(&listing.jobs), listing.others.clone())
        }
        None => {
            let mut found = Diagnostics::default();
            let (jobs, others) =
                list_files(root, lang, site.config.follow_external_links, &mut found);
            let jobs: std::sync::Arc<[Job]> = jobs.into();
            if let Some(cache) = cache.as_deref_mut() {
                let listing = Listing::new(&jobs, &others, found.iter().cloned().collect());
                cache.listing = Some(listing);
            }
            diagnostics.extend(found);
            (jobs, others)
        }
    };
    let changed = cache.as_deref_mut().and_then(|cache| cache.changed.take());
    site.static_files = others.static_files;
    site.handbook_files = others.handbook_files;
    let folders = others.folders;
    let defaults = items::ApprenticeDefaults {
        lang,
        visibility: site.config.apprentice_default,
        remote_media: site.config.markdown.remote_media,
    };
    let mut apprentices: BTreeMap<String, Apprentice> = BTreeMap::new();
    let mut entries: BTreeMap<&str, Vec<std::sync::Arc<Entry>>> = BTreeMap::new();
    let mut redirects: Vec<(String, String)> = Vec::new();
    // Parsed a few thousand files at a time, in parallel, each batch put in
    // place before the next: the parsed files of a whole programme are
    // never held twice (there are 300,000 for 10,000 apprentices).
    if let Some(cache) = cache.as_deref_mut()
        && relisted
    {
        // Files gone from the site leave the cache.
        let listed: crate::FastSet<&str> = jobs.iter().map(|j| j.rel.as_str()).collect();
        cache.files.retain(|rel, _| listed.contains(rel.as_str()));
    }
    for batch in jobs.chunks(4096) {
        let results: Vec<Parsed> = match cache.as_deref_mut() {
            None => batch
                .par_iter()
                .map(|job| parse_job(root, job, lang, &defaults))
                .collect(),
            Some(cache) => {
                let parsed: Vec<(Parsed, Option<(Role, Stamp)>)> = batch
                    .par_iter()
                    .map(|job| {
                        let trusted = changed.as_ref().is_some_and(|c| !c.contains(&job.rel));
                        (job, trusted)
                    })
                    .map(|(job, trusted)| match cache.get(root, job, trusted) {
                        Some(parsed) => (parsed, None),
                        None => {
                            // Stamped before reading: a change while reading
                            // moves the time, and the next load reads again.
                            let stamp = Stamp::of(&root.join(&job.rel));
                            let role = job.role.clone();
                            let parsed = parse_job(root, job, lang, &defaults);
                            (parsed, stamp.map(|stamp| (role, stamp)))
                        }
                    })
                    .collect();
                parsed
                    .into_iter()
                    .zip(batch)
                    .map(|((parsed, fresh), job)| {
                        if let Some((role, stamp)) = fresh {
                            let cached = Cached {
                                role,
                                stamp,
                                parsed: parsed.clone(),
                            };
                            cache.files.insert(job.rel.clone(), cached);
                        }
                        parsed
                    })
                    .collect()
            }
        };
        for (
            job,
            Parsed {
                read,
                text,
                item,
                problems,
            },
        ) in batch.iter().zip(results)
        {
            let rel = &job.rel;
            diagnostics.extend(problems);
            let read = read.map_or(0, |hash| u128::from(hash) | 1 << 64);
            inputs.text(rel).number(read);
            if let Some(scopes) = scopes.as_mut() {
                scopes.add(rel, read);
            }
            if let Some(text) = text {
                sources.insert(rel.clone(), text);
            }
            match item {
                Some(Item::Page(p)) => site.pages.push(*p),
                Some(Item::Summary(summary)) => site.summary = Some(*summary),
                Some(Item::Redirects(list)) => redirects = list,
                Some(Item::Framework(fw)) => site.framework = Some(*fw),
                Some(Item::Competency(c)) => site.competencies.push(*c),
                Some(Item::Mentor(m)) => site.mentors.push(*m),
                Some(Item::Apprentice(a)) => {
                    apprentices.insert(a.slug.clone(), *a);
                }
                Some(Item::Entry(e)) => {
                    if let Role::Entry { apprentice, .. } = &job.role {
                        entries.entry(apprentice).or_default().push(e);
                    }
                }
                None => {}
            }
        }
    }
    // GitBook's redirects are the aliases of the pages they lead to.
    for (from, to) in redirects {
        let file = format!("programme/{to}");
        if let Some(page) = site.pages.iter_mut().find(|p| p.file == file) {
            page.aliases.push(from);
        }
    }
    // A folder without a page of its own gets one listing its pages.
    for (path, folder) in &folders {
        let file = format!("programme/{folder}/");
        site.pages.push(Page {
            title: items::title_from_name(&file, false),
            file,
            path: path.to_string(),
            is_section: true,
            description: None,
            weight: 0,
            draft: false,
            hidden: false,
            aliases: Vec::new(),
            body: String::new(),
            body_at: 0,
        });
    }
    let mut apprentice_files = others.apprentice_files;
    for (slug, mut apprentice) in apprentices {
        apprentice.entries = entries.remove(slug.as_str()).unwrap_or_default();
        // Grown one entry at a time, a log may hold up to twice its room:
        // 300,000 entries of 280 bytes each are the bulk of a large site.
        apprentice.entries.shrink_to_fit();
        apprentice.files = apprentice_files.remove(&slug).unwrap_or_default();
        site.apprentices.push(apprentice);
    }
    // Files that are not read here (evidence, static files) are there by
    // name: a build fingerprints those it copies by their metadata.
    for file in &site.static_files {
        inputs.text(file);
        if let Some(scopes) = scopes.as_mut() {
            scopes.shared.text(file);
        }
    }
    for file in &site.handbook_files {
        inputs.text(file);
        if let Some(scopes) = scopes.as_mut() {
            scopes.handbook.text(file);
        }
    }
    for apprentice in &site.apprentices {
        inputs.text(&apprentice.slug);
        for file in &apprentice.files {
            inputs.text(file);
        }
        if let Some(scopes) = scopes.as_mut() {
            let digest = scopes
                .apprentices
                .entry(apprentice.slug.clone())
                .or_default();
            for file in &apprentice.files {
                digest.text(file);
            }
        }
    }
    diagnostics.sort();
    Loaded {
        site: Some(site),
        sources,
        diagnostics,
        lang,
        inputs: inputs.finish(),
        scopes: scopes.map(ScopeDigests::finish),
    }
}

/// The settings of `site.toml` alone, read as [`load`] reads them: for
/// `serve`, which needs the site's address before it builds the site.
/// None when the file cannot be read.
pub fn config(root: &Path) -> Option<crate::model::Config> {
    let text = std::fs::read_to_string(root.join("site.toml")).ok()?;
    Some(parse_config(&text).0)
}

/// `site.toml`'s settings, defaults standing in for broken values, and its
/// problems.
fn parse_config(text: &str) -> (crate::model::Config, Vec<Diagnostic>) {
    let lang = items::sniff_language(text);
    let mut cx = FileCtx::new("site.toml", lang, Syntax::Toml);
    let (table, errors) = value::parse_toml(text, 0);
    cx.recovering = !errors.is_empty();
    for e in errors {
        cx.push(syntax_error(&cx, text, e));
    }
    let config = items::config(&mut cx, &table);
    (config, cx.diagnostics)
}

/// The error for a folder without site.toml.
pub fn not_a_site(root: &Path, lang: Lang) -> Diagnostic {
    let shown = root.display().to_string();
    Diagnostic::error(
        "no-site",
        tr!(
            lang,
            "{shown} n'est pas un site compagnon : il n'y a pas de fichier site.toml",
            "{shown} is not a compagnon site: there is no site.toml file"
        ),
    )
    .help(tr!(
        lang,
        "lancez la commande dans le dossier du site, ou créez-en un avec : compagnon init {shown}",
        "run the command in the site's folder, or create one with: compagnon init {shown}"
    ))
}

/// Files that are not Markdown but matter: static files, evidence.
#[derive(Clone, Default)]
struct OtherFiles {
    static_files: Vec<String>,
    /// Files of `programme/` other than Markdown, relative to it.
    handbook_files: Vec<String>,
    /// Folders of `programme/` holding pages but none of their own: their
    /// page's path, and the folder relative to `programme/`.
    folders: Vec<(String, String)>,
    /// Apprentice slug → files of that folder other than Markdown, relative to it.
    apprentice_files: BTreeMap<String, Vec<String>>,
}

/// Walks the site and decides what each file is. Problems of layout (a
/// file in the wrong place, a name that is not a valid id, two files with
/// the same id) are reported here.
fn list_files(
    root: &Path,
    lang: Lang,
    follow_external: bool,
    diagnostics: &mut Diagnostics,
) -> (Vec<Job>, OtherFiles) {
    let mut lister = Lister {
        lang,
        follow_external,
        diagnostics,
        jobs: Vec::new(),
        others: OtherFiles::default(),
        seen: Claims::default(),
    };
    lister.handbook(root);
    lister.id_files(
        root,
        "competencies",
        Some(Role::Framework),
        |id| Role::Competency { id },
        IgnoredIn::Competencies,
    );
    lister.id_files(
        root,
        "mentors",
        None,
        |slug| Role::Mentor { slug },
        IgnoredIn::Mentors,
    );
    lister.apprentices(root);
    lister.framework_present();
    for file in walk(
        root,
        "static",
        lang,
        lister.follow_external,
        lister.diagnostics,
    ) {
        lister.others.static_files.push(file.rel_in_section);
    }
    (lister.jobs, lister.others)
}

struct Lister<'d> {
    lang: Lang,
    /// `[build] follow_external_links`.
    follow_external: bool,
    diagnostics: &'d mut Diagnostics,
    jobs: Vec<Job>,
    others: OtherFiles,
    /// The ids files have taken, per namespace.
    seen: Claims,
}

impl Lister<'_> {
    fn push(&mut self, role: Role, file: Walked) {
        self.jobs.push(Job {
            role,
            rel: file.rel,
        });
    }

    /// Takes an id for a file; false (and an error) if another file has it.
    fn claim(&mut self, namespace: &str, id: &str, rel: &str) -> bool {
        match self
            .seen
            .claim(namespace, id, &IdAt::Name { rel }, self.lang)
        {
            Some(problem) => {
                self.diagnostics.push(problem);
                false
            }
            None => true,
        }
    }

    /// A valid, not yet taken id.
    fn take_id(&mut self, namespace: &str, id: &str, rel: &str) -> bool {
        valid_id(rel, id, self.lang, self.diagnostics) && self.claim(namespace, id, rel)
    }

    /// `programme/`: any depth; paths become addresses, slugified. A
    /// folder's own page is its `_index.md`, else its `index.md`, else its
    /// `README.md` (as GitBook and mdBook have it), else a page of the same
    /// name beside it (`accueil.md` for `accueil/`); a folder with none
    /// still has a page, listing what it holds ([`OtherFiles::folders`]).
    /// `SUMMARY.md` at the top is the table of contents, not a page; other
    /// files are published beside the pages. Two files whose addresses
    /// would be one (`marchés/` and `marches/`) each get their own, with a
    /// warning.
    fn handbook(&mut self, root: &Path) {
        let files = walk(
            root,
            "programme",
            self.lang,
            self.follow_external,
            self.diagnostics,
        );
        if root.join("programme/.gitbook.yaml").is_file() {
            self.push(
                Role::GitbookConfig,
                Walked {
                    rel: "programme/.gitbook.yaml".into(),
                    rel_in_section: ".gitbook.yaml".into(),
                },
            );
        }
        let folder_of = |rel: &str| rel.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
        // Each folder's own page, by rank: the first of its files by that order.
        let mut own: BTreeMap<String, (u8, String)> = BTreeMap::new();
        // The folders holding pages, at any depth.
        let mut folders: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        let mut pages: crate::FastSet<&str> = crate::FastSet::default();
        for file in &files {
            let Some(stem) = markdown_stem(&file.rel) else {
                continue;
            };
            if file.rel_in_section.eq_ignore_ascii_case("SUMMARY.md") {
                continue;
            }
            pages.insert(&file.rel_in_section);
            let folder = folder_of(&file.rel_in_section);
            let mut up = folder.as_str();
            while !up.is_empty() && folders.insert(up.to_string()) {
                up = up.rsplit_once('/').map_or("", |(above, _)| above);
            }
            let rank = match stem.to_ascii_lowercase().as_str() {
                "_index" => 0,
                "index" => 1,
                "readme" => 2,
                _ => continue,
            };
            if own.get(&folder).is_none_or(|&(best, _)| rank < best) {
                own.insert(folder, (rank, file.rel_in_section.clone()));
            }
        }
        let owned: std::collections::BTreeSet<String> = own.keys().cloned().collect();
        let mut own: crate::FastSet<String> = own.into_values().map(|(_, rel)| rel).collect();
        let mut without_page = Vec::new();
        for folder in &folders {
            if owned.contains(folder) {
                continue;
            }
            let beside = [".md", ".markdown"]
                .iter()
                .map(|ext| format!("{folder}{ext}"))
                .find(|rel| pages.contains(rel.as_str()));
            match beside {
                Some(rel) => {
                    own.insert(rel);
                }
                None => without_page.push(folder.clone()),
            }
        }
        // Each folder's address: its parent's, then its slugified name;
        // two folders whose names slugify alike (`marchés/`, `marches/`)
        // get one each. Parents come first in this order.
        let mut folder_paths: BTreeMap<String, String> = BTreeMap::new();
        let mut folder_taken: BTreeMap<String, String> = BTreeMap::new();
        for folder in &folders {
            let (above, name) = folder.rsplit_once('/').unwrap_or(("", folder));
            let above = folder_paths.get(above).map_or("", String::as_str);
            let path = if above.is_empty() {
                slugify(name)
            } else {
                format!("{above}/{}", slugify(name))
            };
            let path = self.free_path(&mut folder_taken, path, &format!("programme/{folder}/"));
            folder_paths.insert(folder.clone(), path);
        }
        let slug_path = |folder: &str| -> Vec<String> {
            folder_paths
                .get(folder)
                .map(|path| path.split('/').map(str::to_string).collect())
                .unwrap_or_default()
        };
        // The page paths taken, and by which file.
        let mut taken: BTreeMap<String, String> = BTreeMap::new();
        for file in files {
            let Some(stem) = markdown_stem(&file.rel) else {
                self.others.handbook_files.push(file.rel_in_section);
                continue;
            };
            if file.rel_in_section.eq_ignore_ascii_case("SUMMARY.md") {
                self.push(Role::Summary, file);
                continue;
            }
            let is_section = own.contains(&file.rel_in_section);
            let folder = folder_of(&file.rel_in_section);
            let mut segments = slug_path(&folder);
            let beside = is_section
                && !matches!(
                    stem.to_ascii_lowercase().as_str(),
                    "_index" | "index" | "readme"
                );
            if !is_section || beside {
                segments.push(slugify(stem));
            }
            let path = self.free_path(&mut taken, segments.join("/"), &file.rel);
            self.push(Role::Page { path, is_section }, file);
        }
        // Folders without a page of their own, after the files: a file
        // keeps its address before a folder's list.
        for folder in without_page {
            let rel = format!("programme/{folder}/");
            let path = self.free_path(&mut taken, slug_path(&folder).join("/"), &rel);
            self.others.folders.push((path, folder));
        }
    }

    /// `path`, or when a file already has it `path-2`, `path-3`…, with a
    /// warning naming both files.
    fn free_path(
        &mut self,
        taken: &mut BTreeMap<String, String>,
        path: String,
        rel: &str,
    ) -> String {
        let Some(first) = taken.get(&path).cloned() else {
            taken.insert(path.clone(), rel.to_string());
            return path;
        };
        let free = (2..)
            .map(|n| {
                if path.is_empty() {
                    format!("accueil-{n}")
                } else {
                    format!("{path}-{n}")
                }
            })
            .find(|candidate| !taken.contains_key(candidate))
            .unwrap_or_default();
        taken.insert(free.clone(), rel.to_string());
        let lang = self.lang;
        let (shown, other) = (format!("/programme/{path}/"), format!("/programme/{free}/"));
        self.diagnostics.push(
            Diagnostic::warning(
                "same-address",
                tr!(
                    lang,
                    "{rel} et {first} auraient la même adresse, {shown}",
                    "{rel} and {first} would have the same address, {shown}"
                ),
            )
            .in_file(rel)
            .label(tr!(lang, "publié à {other}", "published at {other}"))
            .help(tr!(
                lang,
                "renommez l'un des deux si ces adresses ne vous conviennent pas",
                "rename one of the two if these addresses do not suit you"
            )),
        );
        free
    }

    /// `competencies/` and `mentors/`: one flat Markdown file per id; an
    /// `_index.md` is the section's own file where it has one (`index`).
    fn id_files(
        &mut self,
        root: &Path,
        section: &str,
        index: Option<Role>,
        role: fn(String) -> Role,
        place: IgnoredIn,
    ) {
        for file in walk(
            root,
            section,
            self.lang,
            self.follow_external,
            self.diagnostics,
        ) {
            let nested = file.rel_in_section.contains('/');
            match (markdown_stem(&file.rel), &index) {
                (Some("_index"), Some(index)) if !nested => self.push(index.clone(), file),
                (Some(id), _) if !nested && id != "_index" => {
                    let id = id.to_string();
                    if self.take_id(section, &id, &file.rel) {
                        self.push(role(id), file);
                    }
                }
                _ => ignored(&file.rel, self.lang, place, self.diagnostics),
            }
        }
    }

    /// `apprentices/<slug>/`: a profile, entries, and evidence files.
    fn apprentices(&mut self, root: &Path) {
        let lang = self.lang;
        // Folder → whether its name is a valid id.
        let mut folders: BTreeMap<String, bool> = BTreeMap::new();
        let mut profiles: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for file in walk(
            root,
            "apprentices",
            lang,
            self.follow_external,
            self.diagnostics,
        ) {
            let Some((folder, inner)) = file.rel_in_section.split_once('/') else {
                ignored(&file.rel, lang, IgnoredIn::Apprentices, self.diagnostics);
                continue;
            };
            let (slug, inner) = (folder.to_string(), inner.to_string());
            if !folders.contains_key(&slug) {
                let valid = valid_id(
                    &format!("apprentices/{slug}"),
                    &slug,
                    lang,
                    self.diagnostics,
                );
                folders.insert(slug.clone(), valid);
            }
            if !folders[&slug] {
                continue;
            }
            match (markdown_stem(&inner), inner.contains('/')) {
                (Some("_index"), false) => {
                    profiles.insert(slug.clone());
                    self.push(Role::Apprentice { slug }, file);
                }
                (Some(stem), false) => {
                    let entry = stem.to_string();
                    if self.take_id(&format!("apprentices/{slug}"), &entry, &file.rel) {
                        self.push(
                            Role::Entry {
                                apprentice: slug,
                                slug: entry,
                            },
                            file,
                        );
                    }
                }
                _ => self
                    .others
                    .apprentice_files
                    .entry(slug)
                    .or_default()
                    .push(inner),
            }
        }
        for slug in folders
            .into_iter()
            .filter(|(_, valid)| *valid)
            .map(|(slug, _)| slug)
        {
            if profiles.contains(&slug) {
                continue;
            }
            let rel = format!("apprentices/{slug}/_index.md");
            self.diagnostics.push(
                Diagnostic::error(
                    "missing-profile",
                    tr!(
                        lang,
                        "le dossier apprentices/{slug}/ n'a pas de fiche _index.md",
                        "folder apprentices/{slug}/ has no _index.md profile"
                    ),
                )
                .in_file(&format!("apprentices/{slug}"))
                .help(tr!(
                    lang,
                    "créez {rel} avec au moins : name = \"…\" et started = 2026-09-01",
                    "create {rel} with at least: name = \"…\" and started = 2026-09-01"
                )),
            );
        }
    }

    /// Competencies need the framework's scale and blocks.
    fn framework_present(&mut self) {
        let lang = self.lang;
        let has = |wanted: fn(&Role) -> bool| self.jobs.iter().any(|j| wanted(&j.role));
        if has(|r| matches!(r, Role::Competency { .. })) && !has(|r| matches!(r, Role::Framework)) {
            self.diagnostics.push(
                Diagnostic::error("missing-framework", tr!(lang, "le référentiel n'a pas de fichier competencies/_index.md", "the framework has no competencies/_index.md file"))
                    .in_file("competencies")
                    .label(tr!(lang, "c'est lui qui donne l'échelle des niveaux et les blocs", "it gives the scale of levels and the blocks"))
                    .help(tr!(
                        lang,
                        "créez competencies/_index.md avec scale = [\"Découverte\", \"Guidé\", \"Autonome\"] et au moins un [[blocks]]",
                        "create competencies/_index.md with scale = [\"Novice\", \"Guided\", \"Autonomous\"] and at least one [[blocks]]"
                    )),
            );
        }
    }
}

struct Walked {
    rel: String,
    /// Relative to the section folder (`programme/`, `mentors/`…).
    rel_in_section: String,
}

/// Every file under `root/section`, sorted, following links; hidden files
/// and editor backups are skipped, unreadable entries and link loops reported.
fn walk(
    root: &Path,
    section: &str,
    lang: Lang,
    follow_external: bool,
    diagnostics: &mut Diagnostics,
) -> Vec<Walked> {
    let dir = root.join(section);
    if !dir.exists() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let mut walker = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // GitBook keeps a handbook's images in `.gitbook/assets/`.
        .filter_entry(|e| {
            e.depth() == 0
                || !is_hidden(e.file_name())
                || (section == "programme" && e.depth() == 1 && e.file_name() == ".gitbook")
        });
    let fence = Fence::new(root);
    while let Some(entry) = walker.next() {
        match entry {
            Ok(entry) if entry.path_is_symlink() && entry.depth() > 0 => {
                let Some(link) = relative(entry.path(), root) else {
                    continue;
                };
                if let Some(problem) = fence.crossed(&link, entry.path(), follow_external, lang) {
                    diagnostics.push(problem);
                    if entry.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                    continue;
                }
                if entry.file_type().is_file()
                    && let Some(rel_in_section) = relative(entry.path(), &dir)
                {
                    files.push(Walked {
                        rel: format!("{section}/{rel_in_section}"),
                        rel_in_section,
                    });
                }
            }
            Ok(entry) if entry.file_type().is_file() => {
                let Some(rel_in_section) = relative(entry.path(), &dir) else {
                    continue;
                };
                if let Some(part) = rel_in_section.split('/').find(|p| reserved_on_windows(p)) {
                    let rel = format!("{section}/{rel_in_section}");
                    diagnostics.push(
                        Diagnostic::warning(
                            "reserved-name",
                            tr!(lang, "{part} est un nom réservé sous Windows", "{part} is a reserved name on Windows"),
                        )
                        .in_file(&rel)
                        .label(tr!(lang, "copié sur une clé USB ou un partage Windows, le site perdrait ce fichier", "copied to a USB stick or a Windows share, the site would lose this file"))
                        .help(tr!(lang, "renommez-le (CON, PRN, AUX, NUL, COM1 à COM9 et LPT1 à LPT9 sont réservés, quelle que soit l'extension)", "rename it (CON, PRN, AUX, NUL, COM1 to COM9 and LPT1 to LPT9 are reserved, whatever the extension)")),
                    );
                }
                files.push(Walked {
                    rel: format!("{section}/{rel_in_section}"),
                    rel_in_section,
                });
            }
            Ok(_) => {}
            Err(error) => {
                let at = error
                    .path()
                    .and_then(|p| relative(p, root))
                    .unwrap_or_else(|| section.to_string());
                let diagnostic = if error.loop_ancestor().is_some() {
                    Diagnostic::error("link-loop", tr!(lang, "lien symbolique en boucle : {at}", "symbolic link loop: {at}"))
                        .help(tr!(lang, "ce lien pointe vers un dossier qui le contient ; supprimez-le ou faites-le pointer ailleurs", "this link points to a folder that contains it; remove it or point it elsewhere"))
                } else {
                    let reason = error
                        .io_error()
                        .map_or_else(|| error.to_string(), |e| e.kind().to_string());
                    Diagnostic::error(
                        "read-failed",
                        tr!(
                            lang,
                            "impossible de lire {at} : {reason}",
                            "cannot read {at}: {reason}"
                        ),
                    )
                    .help(tr!(
                        lang,
                        "vérifiez que le fichier existe et que vous avez le droit de le lire",
                        "check that the file exists and that you may read it"
                    ))
                };
                diagnostics.push(diagnostic.in_file(&at));
            }
        }
    }
    files
}

/// Where symbolic links in a site may lead: inside the site, and for an
/// apprentice's folder, nowhere into another apprentice's (a public
/// portfolio would publish a private one's files).
struct Fence {
    root: Option<std::path::PathBuf>,
    apprentices: Option<std::path::PathBuf>,
}

impl Fence {
    fn new(root: &Path) -> Fence {
        Fence {
            root: root.canonicalize().ok(),
            apprentices: root.join("apprentices").canonicalize().ok(),
        }
    }

    /// The problem with the link at `link` (relative to the site), if it
    /// leads where it may not. `follow_external` allows leaving the site,
    /// never another apprentice's folder.
    fn crossed(
        &self,
        link: &str,
        path: &Path,
        follow_external: bool,
        lang: Lang,
    ) -> Option<Diagnostic> {
        let target = path.canonicalize().ok()?;
        let shown = target.display().to_string();
        let outside = self
            .root
            .as_ref()
            .is_some_and(|root| !target.starts_with(root));
        let mut parts = link.split('/');
        let own = match (parts.next(), parts.next(), &self.apprentices) {
            (Some("apprentices"), Some(slug), Some(apprentices)) => Some(apprentices.join(slug)),
            _ => None,
        };
        let foreign_portfolio = own.as_ref().is_some_and(|own| {
            self.apprentices
                .as_ref()
                .is_some_and(|a| target.starts_with(a))
                && !target.starts_with(own)
        });
        if foreign_portfolio {
            return Some(
                Diagnostic::error("link-outside", tr!(lang, "le lien symbolique {link} mène dans le dossier d'un autre apprenti : {shown}", "symbolic link {link} leads into another apprentice's folder: {shown}"))
                    .in_file(link)
                    .help(tr!(lang, "copiez le fichier dans ce dossier-ci s'il doit être publié avec ce portfolio, et supprimez le lien", "copy the file into this folder if it is to be published with this portfolio, and remove the link")),
            );
        }
        if outside && !follow_external {
            return Some(
                Diagnostic::error("link-outside", tr!(lang, "le lien symbolique {link} mène hors du site : {shown}", "symbolic link {link} leads out of the site: {shown}"))
                    .in_file(link)
                    .help(tr!(lang, "le site publierait ce fichier : copiez dans le site ce qui doit l'être et supprimez le lien, ou, si c'est voulu, écrivez [build] follow_external_links = true dans site.toml", "the site would publish that file: copy into the site what should be, and remove the link, or, if it is meant, write [build] follow_external_links = true in site.toml")),
            );
        }
        None
    }
}

/// A name Windows reserves for a device, whatever its extension (`CON.md`,
/// `aux.txt`, `nul.jpg`): such a file cannot be copied to a USB stick
/// formatted by Windows or a Windows share.
fn reserved_on_windows(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or(name)
        .trim_end()
        .to_ascii_lowercase();
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || (stem.len() == 4
            && (stem.starts_with("com") || stem.starts_with("lpt"))
            && matches!(stem.as_bytes()[3], b'1'..=b'9'))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

fn relative(path: &Path, base: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

fn markdown_stem(rel: &str) -> Option<&str> {
    let name = rel.rsplit('/').next()?;
    name.strip_suffix(".md")
        .or_else(|| name.strip_suffix(".markdown"))
}

/// Ids come from file names: they must already be slugs, since other files
/// refer to them and they become URLs.
fn valid_id(rel: &str, id: &str, lang: Lang, diagnostics: &mut Diagnostics) -> bool {
    match ids::invalid(id, &IdAt::Name { rel }, lang) {
        Some(problem) => {
            diagnostics.push(problem);
            false
        }
        None => true,
    }
}

#[derive(Clone, Copy)]
enum IgnoredIn {
    Competencies,
    Mentors,
    Apprentices,
}

fn ignored(rel: &str, lang: Lang, place: IgnoredIn, diagnostics: &mut Diagnostics) {
    let help = match place {
        IgnoredIn::Competencies => tr!(
            lang,
            "le référentiel ne lit que competencies/_index.md et un fichier .md par compétence",
            "the framework reads only competencies/_index.md and one .md file per competency"
        ),
        IgnoredIn::Mentors => tr!(
            lang,
            "ce dossier ne lit qu'un fichier .md par mentor ; les photos vont dans static/",
            "this folder reads only one .md file per mentor; photos go in static/"
        ),
        IgnoredIn::Apprentices => tr!(
            lang,
            "chaque apprenti a son dossier : apprentices/<identifiant>/_index.md",
            "each apprentice has a folder: apprentices/<id>/_index.md"
        ),
    };
    diagnostics.push(
        Diagnostic::warning(
            "ignored-file",
            tr!(lang, "fichier ignoré : {rel}", "file ignored: {rel}"),
        )
        .in_file(rel)
        .help(help),
    );
}

/// Reads a file as UTF-8 text, refusing what cannot be a page.
fn read_text(path: &Path, rel: &str, lang: Lang) -> Result<String, Box<Diagnostic>> {
    let io_error = |e: std::io::Error| {
        let reason = e.kind().to_string();
        Box::new(
            Diagnostic::error(
                "read-failed",
                tr!(
                    lang,
                    "impossible de lire {rel} : {reason}",
                    "cannot read {rel}: {reason}"
                ),
            )
            .in_file(rel)
            .help(tr!(
                lang,
                "vérifiez que le fichier existe et que vous avez le droit de le lire",
                "check that the file exists and that you may read it"
            )),
        )
    };
    let mut file = std::fs::File::open(path).map_err(io_error)?;
    // Read without asking the file's size first (std's `read_to_end` on a
    // file does, one `statx` per file: 30,000 for a programme of 1,000
    // apprentices); most pages fit the first buffer.
    let mut bytes = Vec::with_capacity(16 * 1024);
    (&mut file)
        .take(MAX_TEXT_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_TEXT_FILE {
        let size = file.metadata().map_or(bytes.len() as u64, |m| m.len());
        let (mb, max) = (size / (1024 * 1024), MAX_TEXT_FILE / (1024 * 1024));
        return Err(Box::new(
            Diagnostic::error(
                "too-large",
                tr!(
                    lang,
                    "{rel} est trop gros pour une page ({mb} Mo)",
                    "{rel} is too large for a page ({mb} MB)"
                ),
            )
            .in_file(rel)
            .label(tr!(
                lang,
                "une page ou une entrée fait au plus {max} Mo",
                "a page or an entry is at most {max} MB"
            ))
            .help(tr!(
                lang,
                "s'il s'agit d'une pièce jointe, donnez-lui une autre extension que .md",
                "if it is an attachment, give it an extension other than .md"
            )),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let prefix = String::from_utf8_lossy(valid);
        let (line, column) = crate::diagnostics::line_col(&prefix, prefix.len());
        Box::new(Diagnostic::error("not-utf8", tr!(lang, "{rel} n'est pas du texte UTF-8", "{rel} is not UTF-8 text"))
            .in_file(rel)
            .label(tr!(lang, "premier caractère illisible ligne {line}, colonne {column}", "first unreadable character at line {line}, column {column}"))
            .help(tr!(
                lang,
                "enregistrez le fichier en UTF-8 (dans l'éditeur : Enregistrer sous… › Encodage : UTF-8)",
                "save the file as UTF-8 (in the editor: Save as… › Encoding: UTF-8)"
            )))
    })
}

/// Explains a TOML or YAML parser's message in the user's words: the
/// parsers speak English and to developers.
fn syntax_error(cx: &FileCtx, text: &str, error: value::SyntaxError) -> Diagnostic {
    let lang = cx.lang;
    let what = match cx.syntax {
        Syntax::Toml => "TOML",
        Syntax::Yaml => "YAML",
    };
    let raw = error.message.as_str();
    let written = text.get(error.span.clone()).unwrap_or("").trim();
    let quote = |s: &str| lang.quote(s);
    let (message, label, help) = if raw.starts_with("invalid date") {
        let expected = raw.split("expected ").nth(1).unwrap_or("");
        let (low, high) = expected
            .rsplit_once(" and ")
            .map_or(("", ""), |(a, b)| (a, b));
        let low = low.rsplit(' ').next().unwrap_or("");
        let part = if expected.contains("month") {
            tr!(lang, "le mois", "the month")
        } else {
            tr!(lang, "le jour", "the day")
        };
        (
            tr!(
                lang,
                "la date {written} n'existe pas",
                "the date {written} does not exist"
            ),
            tr!(
                lang,
                "{part} doit être entre {low} et {high}",
                "{part} must be between {low} and {high}"
            ),
            tr!(
                lang,
                "écrivez une date du calendrier, par exemple 2026-09-03",
                "write a calendar date, for example 2026-09-03"
            ),
        )
    } else if raw.contains("must be quoted") {
        let help = if let Some(date) = fields::day_month_year(written) {
            tr!(
                lang,
                "une date s'écrit année-mois-jour, sans guillemets : {date}",
                "a date is written year-month-day, without quotes: {date}"
            )
        } else {
            let q = format!("\"{written}\"");
            tr!(
                lang,
                "écrivez-le entre guillemets droits : {q}",
                "write it in straight quotes: {q}"
            )
        };
        (
            tr!(
                lang,
                "un texte doit être entre guillemets",
                "a text must be in quotes"
            ),
            tr!(
                lang,
                "{x} n'est pas entre guillemets",
                "{x} is not in quotes",
                x = quote(written)
            ),
            help,
        )
    } else if raw.contains("invalid basic string")
        || raw.contains("invalid literal string")
        || raw.contains("while scanning a quoted scalar")
    {
        (
            tr!(
                lang,
                "texte non fermé : il manque le guillemet final",
                "unclosed text: the closing quote is missing"
            ),
            tr!(
                lang,
                "le texte commence ici et n'est jamais fermé",
                "the text starts here and is never closed"
            ),
            tr!(
                lang,
                "fermez le texte sur la même ligne : \"…\" (pour un guillemet à l'intérieur, écrivez \\\")",
                "close the text on the same line: \"…\" (for a quote inside, write \\\")"
            ),
        )
    } else if raw.starts_with("duplicate key") || raw.starts_with("duplicated key") {
        (
            tr!(
                lang,
                "ce champ est écrit deux fois",
                "this field is written twice"
            ),
            tr!(lang, "deuxième fois ici", "second time here"),
            tr!(
                lang,
                "gardez une seule ligne pour ce champ",
                "keep a single line for this field"
            ),
        )
    } else if raw.contains("unclosed array") || raw.contains("flow sequence") {
        (
            tr!(
                lang,
                "liste non fermée : il manque le crochet ]",
                "unclosed list: the ] bracket is missing"
            ),
            tr!(
                lang,
                "la liste devrait se fermer ici",
                "the list should close here"
            ),
            tr!(
                lang,
                "une liste s'écrit entre crochets, valeurs séparées par des virgules : [\"a\", \"b\"]",
                "a list is written in brackets, values separated by commas: [\"a\", \"b\"]"
            ),
        )
    } else if raw.contains("unclosed table") || raw.contains("unclosed inline table") {
        (
            tr!(
                lang,
                "table non fermée : il manque un crochet ou une accolade",
                "unclosed table: a bracket or brace is missing"
            ),
            tr!(
                lang,
                "la table devrait se fermer ici",
                "the table should close here"
            ),
            tr!(
                lang,
                "écrivez [[goals]] ou {{ a = 1, b = 2 }} sur une seule ligne",
                "write [[goals]] or {{ a = 1, b = 2 }} on one line"
            ),
        )
    } else if raw.contains("key with no value") || raw.starts_with("extra `=`") {
        (
            tr!(
                lang,
                "ligne mal formée : il faut un nom de champ, puis =, puis une valeur",
                "malformed line: a field name, then =, then a value"
            ),
            tr!(
                lang,
                "un nom de champ ne contient pas d'espace, et un seul = suit",
                "a field name holds no space, and a single = follows"
            ),
            tr!(
                lang,
                "par exemple : hours = 6.5",
                "for example: hours = 6.5"
            ),
        )
    } else if raw.contains("unexpected key or value") {
        (
            tr!(
                lang,
                "texte inattendu après la valeur",
                "unexpected text after the value"
            ),
            tr!(lang, "une seule valeur par ligne", "one value per line"),
            tr!(
                lang,
                "un nombre décimal s'écrit avec un point (6.5) ; un texte tient entre une seule paire de guillemets",
                "a decimal number takes a point (6.5); a text sits between a single pair of quotes"
            ),
        )
    } else if raw.contains("tabs disallowed") {
        (
            tr!(
                lang,
                "tabulation interdite dans l'en-tête YAML",
                "tab not allowed in YAML front matter"
            ),
            tr!(lang, "tabulation ici", "tab here"),
            tr!(lang, "indentez avec des espaces", "indent with spaces"),
        )
    } else if raw.contains("mapping values are not allowed") {
        (
            tr!(
                lang,
                "deux-points inattendu dans une valeur",
                "unexpected colon in a value"
            ),
            tr!(
                lang,
                "la valeur contient « : »",
                "the value contains \": \""
            ),
            tr!(
                lang,
                "mettez la valeur entre guillemets : titre: \"Bilan : octobre\"",
                "put the value in quotes: title: \"Review: October\""
            ),
        )
    } else {
        (
            tr!(
                lang,
                "l'en-tête {what} est mal écrit",
                "the {what} header is malformed"
            ),
            tr!(lang, "détail technique : {raw}", "{raw}"),
            match cx.syntax {
                Syntax::Toml => tr!(
                    lang,
                    "chaque ligne s'écrit champ = valeur ; les textes entre guillemets droits \"…\", les listes entre crochets [\"a\", \"b\"]",
                    "each line reads field = value; texts in straight quotes \"…\", lists in brackets [\"a\", \"b\"]"
                ),
                Syntax::Yaml => tr!(
                    lang,
                    "chaque ligne s'écrit champ: valeur, avec des espaces (pas de tabulations) pour l'indentation",
                    "each line reads field: value, indented with spaces (no tabs)"
                ),
            },
        )
    };
    Diagnostic::error("syntax", message)
        .at(cx.file, error.span)
        .label(label)
        .help(help)
}

/// Reads and parses one Markdown file into its model item.
fn parse_job(root: &Path, job: &Job, lang: Lang, defaults: &items::ApprenticeDefaults) -> Parsed {
    match read_text(&root.join(&job.rel), &job.rel, lang) {
        Ok(text) => {
            let (item, problems) = parse_markdown(&text, job, lang, defaults);
            // The text is kept only to quote a problem: on a programme of
            // 10,000 apprentices, every file's text would be a few hundred
            // megabytes held for nothing. Files that get a problem from a
            // later stage are read again (`quote_sources`).
            Parsed {
                read: Some(xxhash_rust::xxh3::xxh3_64(text.as_bytes())),
                text: (!problems.is_empty()).then_some(text),
                item,
                problems,
            }
        }
        Err(problem) => Parsed {
            read: None,
            text: None,
            item: None,
            problems: vec![*problem],
        },
    }
}

fn parse_markdown(
    text: &str,
    job: &Job,
    lang: Lang,
    defaults: &items::ApprenticeDefaults,
) -> (Option<Item>, Vec<Diagnostic>) {
    let rel = job.rel.as_str();
    if job.role == Role::Summary {
        return (
            Some(Item::Summary(Box::new(summary::parse(rel, text)))),
            Vec::new(),
        );
    }
    if job.role == Role::GitbookConfig {
        let (redirects, problems) = summary::gitbook_redirects(rel, text, lang);
        return (Some(Item::Redirects(redirects)), problems);
    }
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        // A handbook page needs no front matter (GitBook, mdBook, GitHub).
        Err(frontmatter::Problem::Missing) if matches!(job.role, Role::Page { .. }) => {
            frontmatter::Split::none(text)
        }
        Err(problem) => {
            return (
                None,
                vec![front_matter_problem(rel, problem, lang, &job.role)],
            );
        }
    };
    let mut cx = FileCtx::new(rel, lang, split.syntax);
    let (table, errors) = match split.syntax {
        Syntax::Toml => value::parse_toml(split.front, split.front_offset),
        Syntax::Yaml => match value::parse_yaml(split.front, split.front_offset) {
            Ok(table) => (table, Vec::new()),
            Err(errors) => (value::Table::default(), errors),
        },
    };
    if !errors.is_empty() {
        cx.recovering = true;
        for e in errors {
            cx.push(syntax_error(&cx, text, e));
        }
        if table.entries.is_empty() {
            return (None, cx.diagnostics);
        }
    }
    let anchor = split.opening.clone();
    let body = split.body;
    cx.body_at = split.body_offset;
    // A rule of one file's text, so checked here, where the body's place in
    // the file is known; the same function decides what rendering flattens.
    let inspection = markdown::inspect(body);
    if let Some(at) = inspection.too_deep {
        cx.push(too_deep(&cx, split.body_offset + at));
    }
    if !defaults.remote_media {
        for (at, host) in inspection.remote_images {
            cx.push(remote_image(&cx, split.body_offset + at, &host));
        }
    }
    if let Some((at, c)) = body
        .char_indices()
        .find(|&(_, c)| fields::is_stray_control(c))
    {
        let at = split.body_offset + at;
        cx.push(fields::control_character(lang, c).at(rel, at..at + c.len_utf8()));
    }
    let item = match &job.role {
        Role::Summary | Role::GitbookConfig => None,
        Role::Page { path, is_section } => {
            items::page(&mut cx, &table, anchor, path.clone(), *is_section, body)
                .map(|p| Item::Page(Box::new(p)))
        }
        Role::Framework => {
            items::framework(&mut cx, &table, anchor, body).map(|f| Item::Framework(Box::new(f)))
        }
        Role::Competency { id } => items::competency(&mut cx, &table, anchor, id, body)
            .map(|c| Item::Competency(Box::new(c))),
        Role::Mentor { slug } => items::mentor(&mut cx, &table, anchor, slug, lang, body)
            .map(|m| Item::Mentor(Box::new(m))),
        Role::Apprentice { slug } => {
            items::apprentice(&mut cx, &table, anchor, slug, defaults, body)
                .map(|a| Item::Apprentice(Box::new(a)))
        }
        Role::Entry { slug, .. } => items::entry(&mut cx, &table, anchor, slug, body)
            .map(|e| Item::Entry(std::sync::Arc::new(e))),
    };
    (item, cx.diagnostics)
}

/// Quotes or lists nested beyond what rendering keeps, `at` the first
/// flattened one: a pasted or generated text, rarely meant.
fn remote_image(cx: &FileCtx, at: usize, host: &str) -> Diagnostic {
    let lang = cx.lang;
    Diagnostic::warning(
        "remote-media",
        tr!(
            lang,
            "image d'un autre site ({host}) : elle sera affichée comme un lien",
            "image from another site ({host}): it will be shown as a link"
        ),
    )
    .at(cx.file, at..at + 1)
    .label(tr!(
        lang,
        "l'afficher ferait appeler {host} par le navigateur de chaque lecteur, et elle manquerait hors ligne",
        "showing it would make every reader's browser call {host}, and it would be missing offline"
    ))
    .help(tr!(
        lang,
        "copiez l'image dans le site (static/ ou le dossier de l'apprenti) et citez-la par son nom ; ou, pour l'afficher quand même, [markdown] remote_media = true",
        "copy the image into the site (static/ or the apprentice's folder) and cite it by name; or, to show it anyway, [markdown] remote_media = true"
    ))
}

fn too_deep(cx: &FileCtx, at: usize) -> Diagnostic {
    let lang = cx.lang;
    let max = markdown::MAX_NESTING;
    Diagnostic::warning(
        "too-deep",
        tr!(
            lang,
            "citations ou listes imbriquées sur plus de {max} niveaux",
            "quotes or lists nested more than {max} levels deep"
        ),
    )
    .at(cx.file, at..at + 1)
    .label(tr!(
        lang,
        "à partir d'ici, les niveaux sont aplatis dans la page",
        "from here on, the levels are flattened on the page"
    ))
    .help(tr!(
        lang,
        "le texte est gardé, sans les niveaux en trop : imbriquez moins (moins de > en début de ligne, moins de retrait dans les listes)",
        "the text is kept, without the extra levels: nest less (fewer > at the start of lines, less indentation in lists)"
    ))
}

fn front_matter_problem(
    rel: &str,
    problem: frontmatter::Problem,
    lang: Lang,
    role: &Role,
) -> Diagnostic {
    let example = match role {
        Role::Page { .. } | Role::Summary | Role::GitbookConfig => "title = \"…\"",
        Role::Framework => "scale = [\"…\"]",
        Role::Competency { .. } => "name = \"…\"",
        Role::Mentor { .. } | Role::Apprentice { .. } => "name = \"…\"",
        Role::Entry { .. } => "title = \"…\"",
    };
    match problem {
        frontmatter::Problem::Missing => Diagnostic::error(
            "no-front-matter",
            tr!(lang, "{rel} n'a pas d'en-tête", "{rel} has no front matter"),
        )
        .at(rel, 0..0)
        .label(tr!(
            lang,
            "le fichier doit commencer par une ligne +++ (ou ---)",
            "the file must start with a +++ (or ---) line"
        ))
        .help(tr!(
            lang,
            "ajoutez en haut du fichier trois lignes : +++ puis {example} puis +++",
            "add three lines at the top of the file: +++ then {example} then +++"
        )),
        frontmatter::Problem::Unclosed { opening, other } => {
            let d = Diagnostic::error(
                "front-matter-unclosed",
                tr!(
                    lang,
                    "l'en-tête de {rel} n'est jamais fermé",
                    "the front matter of {rel} is never closed"
                ),
            )
            .at(rel, opening.clone())
            .label(tr!(lang, "ouvert ici", "opened here"));
            match other {
                Some(_) => d.help(tr!(
                    lang,
                    "l'en-tête s'ouvre et se ferme avec la même ligne : +++ et +++ (TOML) ou --- et --- (YAML)",
                    "front matter opens and closes with the same line: +++ and +++ (TOML) or --- and --- (YAML)"
                )),
                None => d.help(tr!(lang, "ajoutez la même ligne après le dernier champ, avant le texte", "add the same line after the last field, before the text")),
            }
        }
    }
}

/// Why a file of the site is published.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Cited<'s> {
    /// Evidence of this entry (its file).
    Evidence(String),
    /// The photo of this mentor (their file).
    MentorPhoto(&'s str),
    /// A file of `static/`.
    Static,
}

/// The files a build publishes as they are (cited evidence of apprentices
/// who get pages, `static/`), looked at before anything is written. Each
/// must open: a file without read permission is reported here, by `check`,
/// as the read failure it is, not later as a failure to write the site.
/// And a photo that records where it was taken is pointed out: the build
/// publishes it without, but the source folder, shared or backed up, still
/// gives the place away (and a format the build cannot clean publishes it).
///
/// With a `cache` (`serve`), a file whose size and time did not move since
/// it was last looked at is not opened again: a programme's photos are
/// hundreds of files read at every rebuild otherwise.
///
/// Returns the diagnostics, and the size of each evidence file (see
/// [`Site::evidence_sizes`]).
pub fn copied_files(
    root: &Path,
    site: &Site,
    lang: Lang,
    cache: Option<&mut Cache>,
) -> (Vec<Diagnostic>, crate::FastMap<String, u64>) {
    let photo_of: BTreeMap<&str, &str> = site
        .mentors
        .iter()
        .filter_map(|m| Some((m.photo.as_ref()?.value.as_str(), m.file.as_str())))
        .collect();
    let mut files: Vec<(String, Cited)> = site
        .static_files
        .iter()
        .map(|rel| {
            let cited = photo_of
                .get(rel.as_str())
                .map_or(Cited::Static, |mentor| Cited::MentorPhoto(mentor));
            (format!("static/{rel}"), cited)
        })
        .collect();
    for apprentice in &site.apprentices {
        if apprentice.visibility == crate::model::Visibility::Private {
            continue;
        }
        for entry in &apprentice.entries {
            for evidence in &entry.evidence {
                if let crate::model::Evidence::File(name) = &evidence.value {
                    let rel = format!("apprentices/{}/{name}", apprentice.slug);
                    files.push((rel, Cited::Evidence(entry.file(&apprentice.slug))));
                }
            }
        }
    }
    // Each file once, with the first entry (or mentor) that cites it.
    files.sort_unstable();
    files.dedup_by(|a, b| a.0 == b.0);
    let known = cache.as_deref().map(|cache| &cache.photos);
    let looked: Vec<(Option<Diagnostic>, Option<Looked>, Option<u64>)> = files
        .par_iter()
        .map(|(rel, cited)| {
            let path = root.join(rel);
            let stamp = known.and_then(|_| Stamp::of(&path));
            let (cleaned, len) = match known.and_then(|known| known.get(rel)).zip(stamp.as_ref()) {
                Some(((then, cleaned), now)) if then.unchanged(now) => (*cleaned, Some(now.len)),
                _ => match std::fs::File::open(&path) {
                    Ok(file) => {
                        let len = file.metadata().ok().map(|m| m.len());
                        (photo_location(file), len)
                    }
                    Err(error) => {
                        return (read_failed(rel, cited, &error, lang), None, None);
                    }
                },
            };
            let diagnostic = cleaned.map(|cleaned| located(rel, cited, cleaned, lang));
            (diagnostic, stamp.map(|stamp| (stamp, cleaned)), len)
        })
        .collect();
    let mut found = Vec::new();
    let mut photos = crate::FastMap::default();
    let mut sizes = crate::FastMap::default();
    for ((rel, cited), (diagnostic, stamped, len)) in files.into_iter().zip(looked) {
        found.extend(diagnostic);
        if let (Cited::Evidence(_), Some(len)) = (&cited, len) {
            sizes.insert(rel.clone(), len);
        }
        if let Some(stamped) = stamped {
            photos.insert(rel, stamped);
        }
    }
    if let Some(cache) = cache {
        cache.photos = photos;
    }
    (found, sizes)
}

/// A copied file that cannot be read, for [`copied_files`]. None when it
/// is missing: that is check's to report, with the nearest name.
fn read_failed(rel: &str, cited: &Cited, error: &std::io::Error, lang: Lang) -> Option<Diagnostic> {
    if error.kind() == std::io::ErrorKind::NotFound {
        return None;
    }
    let reason = error.kind().to_string();
    let diagnostic = Diagnostic::error(
        "read-failed",
        tr!(lang, "impossible de lire {rel} : {reason}", "cannot read {rel}: {reason}"),
    )
    .in_file(rel)
    .help(tr!(
        lang,
        "la construction copie ce fichier dans le site : donnez le droit de le lire (ou retirez-le)",
        "the build copies this file into the site: allow reading it (or remove it)"
    ));
    Some(match cited {
        Cited::Evidence(entry) => diagnostic.label(tr!(
            lang,
            "cité comme preuve dans {entry}",
            "cited as evidence in {entry}"
        )),
        _ => diagnostic,
    })
}

/// A photo that records where it was taken, for [`copied_files`];
/// `cleaned`: whether the build publishes it without the place.
fn located(rel: &str, cited: &Cited, cleaned: bool, lang: Lang) -> Diagnostic {
    let diagnostic = Diagnostic::warning(
        "photo-location",
        tr!(
            lang,
            "la photo {rel} indique l'endroit où elle a été prise (position GPS)",
            "photo {rel} records the place where it was taken (GPS position)"
        ),
    )
    .in_file(rel)
    .help(if cleaned {
        tr!(
            lang,
            "la copie publiée n'a plus ces données, mais le fichier source les garde : retirez-les avant de partager le dossier",
            "the published copy no longer holds them, but the source file does: remove them before sharing the folder"
        )
    } else {
        tr!(
            lang,
            "ce format est publié tel quel, position comprise : retirez la position de la photo, ou enregistrez-la en JPEG, que la construction publie sans ses métadonnées",
            "this format is published as it is, position included: remove the location from the photo, or save it as JPEG, which the build publishes without its metadata"
        )
    });
    match cited {
        Cited::Evidence(entry) => diagnostic.label(tr!(
            lang,
            "citée comme preuve dans {entry}",
            "cited as evidence in {entry}"
        )),
        Cited::MentorPhoto(mentor) => diagnostic.label(tr!(
            lang,
            "photo du mentor de {mentor}",
            "mentor photo of {mentor}"
        )),
        Cited::Static => diagnostic,
    }
}

/// When the photo in `file` records a GPS position: whether the build
/// publishes it without its metadata (JPEG, PNG, WebP) or as it is (HEIF,
/// the iPhone's own format, and AVIF). None for a photo without a
/// position and for any other file. Reads no further than the metadata
/// can be: at each check and build, every published file is looked at.
fn photo_location(file: std::fs::File) -> Option<bool> {
    use crate::output::published::{Photo, SNIFFED};
    use std::io::BufRead;
    /// JPEG puts its EXIF segment first (CIPA DC-008: right after the
    /// start of the image, a JFIF segment at most before it), and PNG
    /// its eXIf chunk before the image data; segments and chunks beyond
    /// this would be read only to find nothing.
    const HEAD: u64 = 256 * 1024;
    let mut reader = std::io::BufReader::new(file);
    let head = reader.fill_buf().ok()?;
    let photo = Photo::sniff(&head[..head.len().min(SNIFFED)]);
    let isobmff = head.get(4..8) == Some(b"ftyp");
    let mut exif = exif::Reader::new();
    exif.continue_on_error(true);
    let read = match photo {
        Some(Photo::Jpeg) => {
            let raw = exif::get_exif_attr_from_jpeg(&mut reader.take(HEAD)).ok()?;
            exif.read_raw(raw)
        }
        Some(Photo::Png) => {
            let mut head = Vec::new();
            reader.take(HEAD).read_to_end(&mut head).ok()?;
            exif.read_from_container(&mut std::io::Cursor::new(head))
        }
        // WebP keeps its EXIF chunk after the image; HEIF says where it is.
        Some(Photo::WebP) => exif.read_from_container(&mut reader),
        None if isobmff => exif.read_from_container(&mut reader),
        None => return None,
    };
    let exif = read.or_else(|e| e.distill_partial_result(|_| {})).ok()?;
    let has = |tag| exif.get_field(tag, exif::In::PRIMARY).is_some();
    (has(exif::Tag::GPSLatitude) && has(exif::Tag::GPSLongitude)).then_some(photo.is_some())
}

/// Reads the text of every file a diagnostic points at and that `sources`
/// does not hold yet, so that each problem is shown with its line.
pub fn quote_sources(root: &Path, sources: &mut Sources, diagnostics: &Diagnostics) {
    for diagnostic in diagnostics.iter() {
        let Some(file) = diagnostic.file.as_deref() else {
            continue;
        };
        if diagnostic.span.is_none() || sources.contains_key(file) {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(root.join(file)) {
            sources.insert(file.to_string(), text);
        }
    }
}

/// Reads `site.toml` alone: the language and the settings, for commands that
/// need them without reading the whole site (`new entry`). None when there is
/// no readable `site.toml`.
/// One file's text parsed as `load` parses it, without a disk: site.toml
/// when `rel` is `site.toml`, else the Markdown file that `rel` names
/// (`apprentices/<slug>/<date>-<slug>.md`, `mentors/<slug>.md`…). Returns
/// every problem found. For the fuzz targets, which must reach exactly the
/// code a real site reaches.
pub fn parse_text(rel: &str, text: &str, lang: Lang) -> Vec<Diagnostic> {
    if rel == "site.toml" {
        let mut cx = FileCtx::new("site.toml", lang, Syntax::Toml);
        let (table, errors) = value::parse_toml(text, 0);
        cx.recovering = !errors.is_empty();
        for e in errors {
            cx.push(syntax_error(&cx, text, e));
        }
        items::config(&mut cx, &table);
        return cx.diagnostics;
    }
    let parts: Vec<&str> = rel.split('/').collect();
    let stem = |name: &str| markdown_stem(name).unwrap_or(name).to_string();
    let role = match parts.as_slice() {
        ["competencies", "_index.md"] => Role::Framework,
        ["competencies", name] => Role::Competency { id: stem(name) },
        ["mentors", name] => Role::Mentor { slug: stem(name) },
        ["apprentices", slug, "_index.md"] => Role::Apprentice {
            slug: slug.to_string(),
        },
        ["apprentices", slug, name] => Role::Entry {
            apprentice: slug.to_string(),
            slug: stem(name),
        },
        _ => Role::Page {
            path: stem(rel.trim_start_matches("programme/")),
            is_section: rel.ends_with("_index.md"),
        },
    };
    let job = Job {
        role,
        rel: rel.to_string(),
    };
    let defaults = items::ApprenticeDefaults {
        lang,
        visibility: crate::model::Visibility::default(),
        remote_media: false,
    };
    parse_markdown(text, &job, lang, &defaults).1
}

pub fn config_only(root: &Path) -> Option<Config> {
    let text = std::fs::read_to_string(root.join("site.toml")).ok()?;
    let lang = items::sniff_language(&text);
    let mut cx = FileCtx::new("site.toml", lang, Syntax::Toml);
    let (table, _) = value::parse_toml(&text, 0);
    Some(items::config(&mut cx, &table))
}
