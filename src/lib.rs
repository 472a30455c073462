//! Compagnon: a static site generator for mentoring and apprenticeship
//! programmes.
//!
//! The pipeline, top-down (see STYLE.md):
//!
//! ```text
//!  read ──► parse ──► check ──► derive ──► render ──► write
//! ```
//!
//! [`load`] reads and parses every file of a site into the [`model`],
//! reporting each file's problems; [`check`] applies the rules that span
//! files. [`check_site`] runs both and is what `compagnon check` prints.

pub mod check;
pub mod derive;
pub mod diagnostics;
#[cfg(test)]
mod fixture;
#[doc(hidden)]
pub mod fuzzing;
pub mod i18n;
pub mod load;
pub mod matching;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod session;
pub mod slug;
pub mod today;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use jiff::civil::Date;

use crate::diagnostics::{Diagnostics, Sources};
use crate::i18n::Lang;
use crate::model::Site;

/// Hash maps keyed by file paths and job names, which the rebuilds of
/// `serve` look up by the ten thousand: foldhash (hashbrown's own hash),
/// several times faster than std's default SipHash on such keys, and no
/// untrusted input decides the keys (they name the site's own files). Its
/// fixed seed keeps every run's order the same (perf: xxh3's streaming
/// hasher copied each key into its buffer first).
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
pub(crate) type FastSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;

/// A site read and checked: the model (when the folder is a site at all),
/// the text of its files and every problem found.
#[derive(Debug)]
pub struct Checked {
    /// The site as the build sees it: drafts already left out unless asked for.
    pub site: Option<Site>,
    pub sources: Sources,
    pub diagnostics: Diagnostics,
    /// The language of messages: the site's, or French when unknown.
    pub lang: Lang,
    /// The reference day statuses were judged on.
    pub today: Date,
}

/// What every command that reads a site shares.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--today`.
    pub today: Option<Date>,
    /// Keep pages and entries marked `draft = true` (`--drafts`).
    pub drafts: bool,
}

/// A site read, checked and derived once: what `check`, `build` and `match`
/// start from. When `ready` is there, `check` has passed and the build can
/// only fail on the disk.
pub struct Project {
    pub root: PathBuf,
    pub checked: Checked,
    pub ready: Option<Ready>,
    /// The site it renders (see [`Project::for_edition`]): whatever the
    /// options of a render ask for, a project opened for the public site
    /// never makes the coordinator's, which must list private apprentices.
    pub edition: render::Edition,
}

/// A site without errors: its structure and figures, and its theme.
pub struct Ready {
    pub derived: derive::Derived,
    pub theme: render::theme::Theme,
    /// The text of every file read, the names of the others, whether
    /// drafts were kept, and every output path with its source (see
    /// [`Project::inputs`]).
    pub loaded: u128,
    /// The site's files that the output copies, each once.
    pub copied: Vec<String>,
    /// What was read, by part of the site: made when the site was opened
    /// with a cache ([`open_cached`]).
    pub scopes: Option<load::Scopes>,
    /// Each apprentice as the pages of the whole programme may show them
    /// ([`derive::outline`]), index-aligned with `site.apprentices`: made
    /// when the site was opened with a cache.
    pub outlines: Option<Vec<u128>>,
}

impl Project {
    /// The checked site; present whenever `ready` is.
    pub fn site(&self) -> Option<&Site> {
        self.checked.site.as_ref()
    }

    /// The project as `edition` shows it. The coordinator's edition lists
    /// every apprentice: each is made public, the figures are derived
    /// again (everyone counted) and the output paths claimed again (private
    /// portfolios and the caseload claim theirs). A site with errors stays
    /// as it is.
    pub fn for_edition(mut self, edition: render::Edition) -> Project {
        self.edition = edition;
        if edition == render::Edition::Public {
            return self;
        }
        let (Some(site), Some(ready)) = (self.checked.site.as_mut(), self.ready.as_mut()) else {
            return self;
        };
        for apprentice in &mut site.apprentices {
            apprentice.visibility = model::Visibility::Public;
        }
        ready.derived = derive::derive(site, self.checked.today);
        // What serve's cache knows of the public site.
        ready.scopes = None;
        ready.outlines = None;
        let assets: Vec<String> = ready.theme.assets.iter().map(|(n, _)| n.clone()).collect();
        match claim(site, &ready.derived, &assets, self.checked.lang, 0, edition) {
            Ok(claimed) => {
                ready.copied = claimed.copied;
                ready.loaded = output::Digest::default()
                    .number(ready.loaded)
                    .number(claimed.print)
                    .finish();
            }
            Err(problems) => {
                self.checked.diagnostics.extend(problems);
                self.checked.diagnostics.sort();
                self.ready = None;
            }
        }
        self
    }

    /// Renders the site into `sink`, counting its jobs in `progress`. None
    /// when the site has errors (in the diagnostics).
    pub fn render(
        &self,
        sink: &dyn output::Sink,
        options: &render::RenderOptions,
        progress: Option<&render::Progress>,
    ) -> Result<Option<render::Rendered>, Vec<diagnostics::Diagnostic>> {
        let (Some(site), Some(ready)) = (self.site(), &self.ready) else {
            return Ok(None);
        };
        let found = matching::match_site(site, &ready.derived);
        let Some(renderer) = self.renderer(&found, options) else {
            return Ok(None);
        };
        renderer.render_counted(sink, progress).map(Some)
    }

    /// The renderer of the site with its matching `found`; None when the
    /// site has errors.
    pub fn renderer<'a>(
        &'a self,
        found: &'a matching::Matching,
        options: &render::RenderOptions,
    ) -> Option<render::Renderer<'a>> {
        let (site, ready) = (self.site()?, self.ready.as_ref()?);
        Some(render::Renderer::new(
            site,
            &ready.derived,
            found,
            &ready.theme,
            &self.root,
            self.checked.today,
            &render::RenderOptions {
                edition: self.edition,
                ..options.clone()
            },
        ))
    }

    /// What every page of the output depends on but the site's files:
    /// this compagnon, the theme, the reference day and the options.
    fn made_with(&self, options: &render::RenderOptions) -> Option<output::Digest> {
        let ready = self.ready.as_ref()?;
        let mut digest = output::Digest::default();
        digest
            .text(env!("CARGO_PKG_VERSION"))
            .number(this_program()?)
            .number(ready.theme.inputs)
            .text(&self.checked.today.to_string())
            .number(u128::from(options.file_links))
            .text(options.base_url.as_ref().map_or("", |url| url.as_str()))
            .text(self.edition.name());
        Some(digest)
    }

    /// A fingerprint of everything the site's output is made from: the text
    /// of every file read, the theme, the name, size and modification time
    /// of every file copied, the reference day, the options, and this
    /// compagnon. Two builds with the same fingerprint make the same bytes.
    /// Copied files (evidence, photos, static files) are known by their
    /// size and time, as `make` and `rsync` know them: reading every video of a
    /// portfolio at each build would cost more than copying it. None when
    /// a copied file cannot be looked at (the build then says why).
    pub fn inputs(&self, options: &render::RenderOptions) -> Option<Inputs> {
        let ready = self.ready.as_ref()?;
        let copied = self.copied_stamps()?;
        let mut digest = self.made_with(options)?;
        digest.number(ready.loaded);
        let mut newest = SystemTime::UNIX_EPOCH;
        for (file, (known, modified)) in ready.copied.iter().zip(&copied) {
            digest.text(file).number(*known);
            newest = newest.max(*modified);
        }
        Some(Inputs {
            digest: digest.finish(),
            newest_copied: newest,
        })
    }

    /// Each file the output copies (index-aligned with `ready.copied`),
    /// known by its size and modification time, and that time. One `stat`
    /// per file copied, however many pages cite it. None when one cannot
    /// be looked at.
    fn copied_stamps(&self) -> Option<Vec<(u128, SystemTime)>> {
        use rayon::prelude::*;
        self.ready
            .as_ref()?
            .copied
            .par_iter()
            .map(|file| {
                let meta = std::fs::metadata(self.root.join(file)).ok()?;
                let modified = meta.modified().ok()?;
                let since = modified.duration_since(SystemTime::UNIX_EPOCH).ok()?;
                let known = output::Digest::default()
                    .number(u128::from(meta.len()))
                    .number(since.as_nanos())
                    .finish();
                Some((known, modified))
            })
            .collect()
    }
}

/// What a build reads (see [`Project::inputs`]).
#[derive(Clone, Copy, Debug)]
pub struct Inputs {
    pub digest: u128,
    /// When the most recently modified file that the output copies was modified.
    pub newest_copied: SystemTime,
}

impl Inputs {
    /// Whether the output `intact` was made from these inputs. A copied file
    /// modified shortly before that build wrote its manifest may have been
    /// modified again within the same tick of the file system's clock, size
    /// unchanged: its size and time no longer stand for its bytes (git's
    /// "racy clean" case), and the build renders.
    pub fn made(&self, intact: &output::Intact) -> bool {
        const TICK: Duration = Duration::from_secs(2);
        self.digest == intact.inputs && self.newest_copied + TICK < intact.written
    }
}

/// Reads, checks and derives the site at `root`: the one entry point of
/// every command. Reports every problem of the site at once: content, the
/// theme's templates, files that cannot be read, output paths claimed twice.
pub fn open(root: &Path, options: &Options) -> Project {
    open_cached(root, options, None)
}

/// What a rebuild keeps of the last one so as not to do again what did
/// not change (see [`open_cached`]).
#[derive(Default)]
pub struct Cache {
    /// The files parsed.
    pub files: load::Cache,
    /// The templates parsed.
    pub theme: render::theme::Cache,
    /// By apprentice slug: what their outline was made from, and the
    /// outline (see [`Ready::outlines`]).
    outlines: FastMap<String, (u128, u128)>,
    /// The output paths of the last site opened, when none collide.
    claimed: Option<Claimed>,
}

/// Every output path and its source, as the build fingerprints them, and
/// the files they copy (see [`render::plan::visit`]).
#[derive(Clone)]
struct Claimed {
    /// What the claims were made from (see [`claims_from`]); 0 unknown.
    from: u128,
    /// Every path and its source, fingerprinted.
    print: u128,
    /// The site's files that the output copies, each once.
    copied: Vec<String>,
}

/// [`open`], reading again only the files changed since `cache` was
/// filled (see [`load::Cache`]), and parsing the templates again only when
/// the theme changed: what `serve` rebuilds with.
pub fn open_cached(root: &Path, options: &Options, cache: Option<&mut Cache>) -> Project {
    let (files_cache, theme_cache, outlines_cache, claimed_cache) = match cache {
        Some(cache) => (
            Some(&mut cache.files),
            Some(&mut cache.theme),
            Some(&mut cache.outlines),
            Some(&mut cache.claimed),
        ),
        None => (None, None, None, None),
    };
    let mut files_cache = files_cache;
    let loaded = load::load_cached(root, files_cache.as_deref_mut());
    let scopes = loaded.scopes;
    let mut diagnostics = loaded.diagnostics;
    let mut sources = loaded.sources;
    let lang = loaded.lang;
    let loaded_inputs = loaded.inputs;
    let mut site = loaded.site;
    let mut reference_day = options.today.unwrap_or_else(today::current_date);
    let mut theme = None;
    let mut links = None;
    if let Some(site) = site.as_mut() {
        reference_day = today::reference_day(options.today, &site.config);
        let drafts = if options.drafts {
            check::Drafts::default()
        } else {
            remove_drafts(site)
        };
        // A file with errors gets its errors; cross-file warnings drawn from
        // its values (maybe defaults standing in for broken ones) wait for the fix.
        let broken: BTreeSet<&str> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .filter_map(|d| d.file.as_deref())
            .collect();
        // References resolved once, for check and for derive.
        let resolved = derive::Links::new(site);
        let cross = check::check(site, &resolved, &drafts, reference_day, lang)
            .into_iter()
            .filter(|d| d.is_error() || d.file.as_deref().is_none_or(|f| !broken.contains(f)))
            .collect::<Vec<_>>();
        diagnostics.extend(cross);
        links = Some(resolved);
        let (found, sizes) = load::copied_files(root, site, lang, files_cache);
        diagnostics.extend(found);
        site.evidence_sizes = sizes;
        match render::theme::load_cached(root, &site.config.theme, lang, &mut sources, theme_cache)
        {
            Ok(loaded) => theme = Some(loaded),
            Err(problems) => diagnostics.extend(problems),
        }
    }
    let mut ready = None;
    if let (Some(site), Some(theme), Some(links)) = (&site, theme, links)
        && !diagnostics.has_errors()
    {
        let derived = derive::derive_linked(site, links, reference_day);
        let assets: Vec<String> = theme.assets.iter().map(|(name, _)| name.clone()).collect();
        let outlines = scopes
            .as_ref()
            .zip(outlines_cache)
            .map(|(scopes, known)| outlines(site, scopes, options.drafts, known));
        // The claims of the last site opened stand when they were made
        // from the same: the site but the text of log entries (which no
        // path depends on), the reference day, the theme's assets.
        let from = scopes
            .as_ref()
            .zip(outlines.as_ref())
            .map_or(0, |(scopes, outlines)| {
                claims_from(
                    site,
                    scopes,
                    outlines,
                    &assets,
                    reference_day,
                    options.drafts,
                )
            });
        let last = claimed_cache
            .as_ref()
            .and_then(|cached| cached.as_ref())
            .filter(|last| from != 0 && last.from == from)
            .cloned();
        let claimed = match last {
            Some(last) => Ok(last),
            None => claim(site, &derived, &assets, lang, from, render::Edition::Public),
        };
        if let Some(cached) = claimed_cache {
            *cached = claimed.as_ref().ok().cloned();
        }
        match claimed {
            Err(problems) => diagnostics.extend(problems),
            Ok(claimed) if !diagnostics.has_errors() => {
                let mut loaded = output::Digest::default();
                loaded
                    .number(loaded_inputs)
                    .number(u128::from(options.drafts))
                    .number(claimed.print);
                ready = Some(Ready {
                    derived,
                    theme,
                    loaded: loaded.finish(),
                    copied: claimed.copied,
                    scopes,
                    outlines,
                });
            }
            Ok(_) => {}
        }
    }
    diagnostics.sort();
    load::quote_sources(root, &mut sources, &diagnostics);
    Project {
        root: root.to_path_buf(),
        checked: Checked {
            site,
            sources,
            diagnostics,
            lang,
            today: reference_day,
        },
        ready,
        edition: render::Edition::Public,
    }
}

/// Every output path of `edition` of the site with its source,
/// fingerprinted, and the files the output copies; the collisions between
/// paths when some collide. Screened without holding every path at once.
fn claim(
    site: &Site,
    derived: &derive::Derived,
    assets: &[String],
    lang: Lang,
    from: u128,
    edition: render::Edition,
) -> Result<Claimed, Vec<diagnostics::Diagnostic>> {
    let mut screen = check::ClaimScreen::default();
    let mut print = output::Digest::default();
    let mut copied = BTreeSet::new();
    render::plan::visit_edition(site, derived, assets, lang, edition, |claim| {
        screen.add(&claim.path);
        print.text(&claim.path).text(claim.source.text());
        if let Some(file) = claim.source.copied()
            && !copied.contains(file)
        {
            copied.insert(file.to_string());
        }
    });
    if screen.clear() {
        Ok(Claimed {
            from,
            print: print.finish(),
            copied: copied.into_iter().collect(),
        })
    } else {
        let claims = render::plan::edition_claims(site, derived, assets, lang, edition);
        Err(check::output_claims(&claims, lang))
    }
}

/// What the output paths of `site` are made from: every part of the site
/// but the text of log entries (each apprentice by their outline), the
/// reference day (which the figures, cohorts among them, are judged on),
/// the theme's assets and whether drafts are kept.
fn claims_from(
    site: &Site,
    scopes: &load::Scopes,
    outlines: &[u128],
    assets: &[String],
    today: Date,
    drafts: bool,
) -> u128 {
    let mut from = output::Digest::default();
    from.number(scopes.shared)
        .number(scopes.handbook)
        .text(&today.to_string())
        .number(u128::from(drafts));
    for asset in assets {
        from.text(asset);
    }
    for (apprentice, outline) in site.apprentices.iter().zip(outlines) {
        from.text(&apprentice.slug).number(*outline);
    }
    from.finish()
}

/// Each apprentice's outline ([`derive::outline`]), index-aligned with
/// `site.apprentices`: made again only for those whose files moved since
/// `known` was filled, or all when the settings that parse them did.
fn outlines(
    site: &Site,
    scopes: &load::Scopes,
    drafts: bool,
    known: &mut FastMap<String, (u128, u128)>,
) -> Vec<u128> {
    use std::fmt::Write;
    // An apprentice is made of their files, read with the site's settings
    // (language, default visibility), drafts kept or not.
    let mut settings = output::Digest::default();
    write!(settings, "{:?}", site.config).expect("a digest takes any text");
    settings.number(u128::from(drafts));
    let settings = settings.finish();
    let mut before = std::mem::take(known);
    site.apprentices
        .iter()
        .map(|apprentice| {
            let files = scopes
                .apprentices
                .get(&apprentice.slug)
                .copied()
                .unwrap_or(0);
            let from = output::Digest::default()
                .number(settings)
                .number(files)
                .finish();
            let outline = match before.remove(&apprentice.slug) {
                Some((made_from, outline)) if made_from == from => outline,
                _ => derive::outline(apprentice),
            };
            known.insert(apprentice.slug.clone(), (from, outline));
            outline
        })
        .collect()
}

/// This program, known by its size and modification time as copied files
/// are (a compagnon built from other code makes other pages, whatever its
/// version number says), once per run. None when it cannot be looked at:
/// then every build renders.
fn this_program() -> Option<u128> {
    static PROGRAM: std::sync::OnceLock<Option<u128>> = std::sync::OnceLock::new();
    *PROGRAM.get_or_init(|| {
        let meta = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?;
        Some(
            output::Digest::default()
                .number(u128::from(meta.len()))
                .number(modified.as_nanos())
                .finish(),
        )
    })
}

/// Reads the site at `root` and checks every rule of FORMAT.md, drafts left
/// out as a build leaves them. `today` is `--today` when given (see
/// [`today::reference_day`]).
pub fn check_site(root: &Path, today: Option<Date>) -> Checked {
    open(
        root,
        &Options {
            today,
            drafts: false,
        },
    )
    .checked
}

/// Where `build` writes `edition` without `--output`, in the site's folder:
/// `public`, or `coordination` for the coordinator's edition, which must
/// never land where the public site is published from.
pub fn default_output(edition: render::Edition) -> &'static str {
    match edition {
        render::Edition::Public => "public",
        render::Edition::Coordinator => "coordination",
    }
}

/// How to build a site (`compagnon build`).
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Defaults to `SITE/public` (see [`default_output`]).
    pub output: Option<PathBuf>,
    /// `--today`.
    pub today: Option<Date>,
    /// Include pages and entries marked `draft = true`.
    pub drafts: bool,
    pub render: render::RenderOptions,
    /// Counts the render's jobs as they end, for a progress bar.
    pub progress: Option<std::sync::Arc<render::Progress>>,
}

/// What a build wrote.
#[derive(Debug)]
pub struct Built {
    pub output: PathBuf,
    /// HTML pages.
    pub pages: usize,
    /// Every file of the site.
    pub files: usize,
    /// Files written into the output: all of them the first time, only
    /// those whose bytes changed afterwards.
    pub written: usize,
    /// Files of the previous build removed because the site no longer makes them.
    pub removed: usize,
    /// The site and options were those of the last build into this output,
    /// which is as that build left it: nothing was rendered.
    pub unchanged: bool,
}

/// Checks the site, then renders and writes it. Nothing is written when the
/// site has an error; the previous output stays as it was.
pub fn build_site(root: &Path, options: &BuildOptions) -> (Checked, Option<Built>) {
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join(default_output(options.render.edition)));
    // Whether the output is as the last build left it does not depend on
    // the site: known while the site is read.
    let (project, intact) = rayon::join(
        || {
            open(
                root,
                &Options {
                    today: options.today,
                    drafts: options.drafts,
                },
            )
            .for_edition(options.render.edition)
        },
        || {
            this_program();
            output::intact(&output)
        },
    );
    let built = build(
        &project,
        &output,
        &options.render,
        intact,
        options.progress.as_deref(),
    );
    let mut checked = project.checked;
    match built {
        Ok(built) => (checked, built),
        Err(problems) => {
            checked.diagnostics.extend(problems);
            (checked, None)
        }
    }
}

/// Reads, checks and renders the whole site into memory: every file of
/// the output by path, as `build` would write it (tests compare builds
/// with it; `serve` renders through [`session::Session`]). None when the
/// site has errors (they are in the diagnostics).
pub fn render_site(
    root: &Path,
    options: &Options,
    render: &render::RenderOptions,
) -> (Checked, Option<std::collections::BTreeMap<String, Vec<u8>>>) {
    let project = open(root, options).for_edition(render.edition);
    let memory = output::MemorySink::new(project.checked.lang);
    let rendered = project.render(&memory, render, None);
    let mut checked = project.checked;
    match rendered {
        Ok(Some(_)) => (checked, Some(memory.into_files())),
        Ok(None) => (checked, None),
        Err(problems) => {
            checked.diagnostics.extend(problems);
            (checked, None)
        }
    }
}

/// Renders and writes a checked project into `output`: nothing at all when
/// `intact`, the output as the last build left it, was made from the same
/// inputs. None when the site has errors (already in the project's
/// diagnostics); the problems of the output folder otherwise.
fn build(
    project: &Project,
    output: &Path,
    options: &render::RenderOptions,
    intact: Option<output::Intact>,
    progress: Option<&render::Progress>,
) -> Result<Option<Built>, Vec<diagnostics::Diagnostic>> {
    if project.ready.is_none() {
        return Ok(None);
    }
    let lang = project.checked.lang;
    output::validate(&project.root, output, lang).map_err(|p| vec![*p])?;
    let inputs = project.inputs(options);
    let made = |intact: &output::Intact| inputs.is_some_and(|inputs| inputs.made(intact));
    if let Some(intact) = intact.filter(made) {
        // A build killed while rendering leaves the output as it was, and
        // its staging folder beside it.
        output::sweep(output);
        return Ok(Some(Built {
            output: output::absolute(output),
            pages: intact.pages,
            files: intact.files,
            written: 0,
            removed: 0,
            unchanged: true,
        }));
    }
    let staging = output::Staging::new(output, lang, inputs.map(|inputs| inputs.digest))
        .map_err(|p| vec![*p])?;
    let Some(rendered) = project.render(&staging, options, progress)? else {
        return Ok(None);
    };
    let committed = staging.commit().map_err(|p| vec![*p])?;
    Ok(Some(Built {
        output: committed.output,
        pages: rendered.pages,
        files: rendered.files,
        written: committed.written,
        removed: committed.removed,
        unchanged: false,
    }))
}

/// Leaves out everything marked `draft = true` (FORMAT.md: unless the build
/// asks for drafts), and says which mentors and competencies were left out,
/// so that a live file citing one is reported.
fn remove_drafts(site: &mut Site) -> check::Drafts {
    let mut drafts = check::Drafts::default();
    for mentor in site.mentors.iter().filter(|m| m.draft) {
        drafts
            .mentors
            .insert(mentor.slug.clone(), mentor.file.clone());
    }
    for competency in site.competencies.iter().filter(|c| c.draft) {
        drafts
            .competencies
            .insert(competency.id.clone(), competency.file.clone());
    }
    site.pages.retain(|p| !p.draft);
    site.competencies.retain(|c| !c.draft);
    site.mentors.retain(|m| !m.draft);
    site.apprentices.retain(|a| !a.draft);
    for apprentice in &mut site.apprentices {
        apprentice.entries.retain(|e| !e.draft);
    }
    drafts
}

/// The coordinator's export (`compagnon match`): checks the site, then
/// matches every apprentice, private ones included. None when the site has
/// an error.
pub fn match_export(
    root: &Path,
    today: Option<Date>,
    format: matching::export::ExportFormat,
    all_scores: bool,
) -> (Checked, Option<Vec<u8>>) {
    matched(root, today, |project, site, ready, found| {
        matching::export::export(
            site,
            &ready.derived,
            found,
            project.checked.lang,
            format,
            all_scores,
        )
    })
}

/// The caseload for a spreadsheet (`compagnon report`): checks the site,
/// then writes one row per apprentice, private ones included, as the
/// coordinator's edition shows them. None when the site has an error.
pub fn report(
    root: &Path,
    today: Option<Date>,
    format: render::coordinator::ReportFormat,
) -> (Checked, Option<Vec<u8>>) {
    // The rows show no pairing but the profiles': the matching is there
    // for the renderer, which words every page.
    matched(root, today, |project, site, ready, found| {
        render::Renderer::without_thumbnails(
            site,
            &ready.derived,
            found,
            &ready.theme,
            &project.root,
            project.checked.today,
            &render::RenderOptions::default(),
        )
        .report(format)
    })
}

/// The site at `root` checked on `today` (drafts left out) and matched,
/// written by `write` for the coordinator's exports; None when the site
/// has an error.
fn matched(
    root: &Path,
    today: Option<Date>,
    write: impl FnOnce(&Project, &Site, &Ready, &matching::Matching) -> Vec<u8>,
) -> (Checked, Option<Vec<u8>>) {
    let project = open(
        root,
        &Options {
            today,
            drafts: false,
        },
    );
    let bytes = match (project.site(), &project.ready) {
        (Some(site), Some(ready)) => {
            let found = matching::match_site(site, &ready.derived);
            Some(write(&project, site, ready, &found))
        }
        _ => None,
    };
    (project.checked, bytes)
}
