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
pub mod i18n;
pub mod load;
pub mod matching;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod slug;
pub mod today;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::diagnostics::{Diagnostics, Sources};
use crate::i18n::Lang;
use crate::model::Site;

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
}

/// A site without errors: its structure and figures, and its theme.
pub struct Ready {
    pub derived: derive::Derived,
    pub theme: render::theme::Theme,
}

impl Project {
    /// The checked site; present whenever `ready` is.
    pub fn site(&self) -> Option<&Site> {
        self.checked.site.as_ref()
    }
}

/// Reads, checks and derives the site at `root`: the one entry point of
/// every command. Reports every problem of the site at once: content, the
/// theme's templates, files that cannot be read, output paths claimed twice.
pub fn open(root: &Path, options: &Options) -> Project {
    let loaded = load::load(root);
    let mut diagnostics = loaded.diagnostics;
    let mut sources = loaded.sources;
    let lang = loaded.lang;
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
        diagnostics.extend(load::copied_files_readable(root, site, lang));
        match render::theme::load(root, &site.config.theme, lang, &mut sources) {
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
        let claims = render::plan::claims(site, &derived, &assets, lang);
        diagnostics.extend(check::output_claims(&claims, lang));
        if !diagnostics.has_errors() {
            ready = Some(Ready { derived, theme });
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
    }
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

/// How to build a site (`compagnon build`).
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Defaults to `SITE/public`.
    pub output: Option<PathBuf>,
    /// `--today`.
    pub today: Option<Date>,
    /// Include pages and entries marked `draft = true`.
    pub drafts: bool,
    pub render: render::RenderOptions,
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
}

/// Checks the site, then renders and writes it. Nothing is written when the
/// site has an error; the previous output stays as it was.
pub fn build_site(root: &Path, options: &BuildOptions) -> (Checked, Option<Built>) {
    let project = open(
        root,
        &Options {
            today: options.today,
            drafts: options.drafts,
        },
    );
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    let built = build(&project, &output, &options.render);
    let mut checked = project.checked;
    match built {
        Ok(built) => (checked, built),
        Err(problems) => {
            checked.diagnostics.extend(problems);
            (checked, None)
        }
    }
}

/// Renders and writes a checked project into `output`. None when the site
/// has errors (already in the project's diagnostics); the problems of the
/// output folder otherwise.
fn build(
    project: &Project,
    output: &Path,
    options: &render::RenderOptions,
) -> Result<Option<Built>, Vec<diagnostics::Diagnostic>> {
    let (Some(site), Some(ready)) = (project.site(), &project.ready) else {
        return Ok(None);
    };
    let lang = project.checked.lang;
    output::validate(&project.root, output, lang).map_err(|p| vec![*p])?;
    let found = matching::match_site(site, &ready.derived);
    let renderer = render::Renderer::new(
        site,
        &ready.derived,
        &found,
        &ready.theme,
        &project.root,
        project.checked.today,
        options,
    );
    let staging = output::Staging::new(output, lang).map_err(|p| vec![*p])?;
    let rendered = renderer.render(&staging)?;
    let committed = staging.commit().map_err(|p| vec![*p])?;
    Ok(Some(Built {
        output: committed.output,
        pages: rendered.pages,
        files: rendered.files,
        written: committed.written,
        removed: committed.removed,
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
            Some(matching::export::export(
                site,
                &ready.derived,
                &found,
                project.checked.lang,
                format,
                all_scores,
            ))
        }
        _ => None,
    };
    (project.checked, bytes)
}
