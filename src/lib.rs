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
use std::path::Path;

use jiff::civil::Date;

use crate::diagnostics::{Diagnostics, Sources};
use crate::i18n::Lang;
use crate::model::Site;

/// A site read and checked: the model (when the folder is a site at all),
/// the text of its files and every problem found.
#[derive(Debug)]
pub struct Checked {
    pub site: Option<Site>,
    pub sources: Sources,
    pub diagnostics: Diagnostics,
    /// The language of messages: the site's, or French when unknown.
    pub lang: Lang,
    /// The reference day statuses were judged on.
    pub today: Date,
}

/// Reads the site at `root` and checks every rule of FORMAT.md.
/// `today` is `--today` when given (see [`today::reference_day`]).
pub fn check_site(root: &Path, today: Option<Date>) -> Checked {
    let loaded = load::load(root);
    let mut diagnostics = loaded.diagnostics;
    let mut reference_day = today.unwrap_or_else(today::current_date);
    if let Some(site) = &loaded.site {
        reference_day = today::reference_day(today, &site.config);
        // A file with errors gets its errors; cross-file warnings drawn from
        // its values (maybe defaults standing in for broken ones) wait for the fix.
        let broken: BTreeSet<&str> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .filter_map(|d| d.file.as_deref())
            .collect();
        let cross = check::check(site, reference_day, loaded.lang)
            .into_iter()
            .filter(|d| d.is_error() || d.file.as_deref().is_none_or(|f| !broken.contains(f)))
            .collect::<Vec<_>>();
        diagnostics.extend(cross);
    }
    diagnostics.sort();
    Checked {
        site: loaded.site,
        sources: loaded.sources,
        diagnostics,
        lang: loaded.lang,
        today: reference_day,
    }
}

/// How to build a site (`compagnon build`).
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Defaults to `SITE/public`.
    pub output: Option<std::path::PathBuf>,
    /// `--today`.
    pub today: Option<Date>,
    /// Include pages and entries marked `draft = true`.
    pub drafts: bool,
    pub render: render::RenderOptions,
}

/// What a build wrote.
#[derive(Debug)]
pub struct Built {
    pub output: std::path::PathBuf,
    /// HTML pages.
    pub pages: usize,
    /// Every file written.
    pub files: usize,
}

/// Checks the site, then renders and writes it. Nothing is written when the
/// site has an error; the previous output stays as it was.
pub fn build_site(root: &Path, options: &BuildOptions) -> (Checked, Option<Built>) {
    let mut checked = check_site(root, options.today);
    if checked.diagnostics.has_errors() {
        return (checked, None);
    }
    let Some(site) = checked.site.as_mut() else {
        return (checked, None);
    };
    if !options.drafts {
        remove_drafts(site);
    }
    let lang = checked.lang;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    if let Err(problem) = output::validate(root, &output, lang) {
        checked.diagnostics.push(*problem);
        return (checked, None);
    }
    let derived = derive::derive(site, checked.today);
    let theme = match render::theme::load(root, &site.config.theme, lang) {
        Ok(theme) => theme,
        Err(problems) => {
            checked.diagnostics.extend(problems);
            return (checked, None);
        }
    };
    let found = matching::match_site(site, &derived);
    let renderer = render::Renderer::new(
        site,
        &derived,
        &found,
        &theme,
        root,
        checked.today,
        &options.render,
    );
    let staging = match output::Staging::new(&output, lang) {
        Ok(staging) => staging,
        Err(problem) => {
            checked.diagnostics.push(*problem);
            return (checked, None);
        }
    };
    let rendered = match renderer.render(&staging) {
        Ok(rendered) => rendered,
        Err(problems) => {
            checked.diagnostics.extend(problems);
            return (checked, None);
        }
    };
    let output = match staging.commit() {
        Ok(output) => output,
        Err(problem) => {
            checked.diagnostics.push(*problem);
            return (checked, None);
        }
    };
    let built = Built {
        output,
        pages: rendered.pages,
        files: rendered.files,
    };
    (checked, Some(built))
}

/// Leaves out everything marked `draft = true` (FORMAT.md: unless the build
/// asks for drafts).
fn remove_drafts(site: &mut Site) {
    site.pages.retain(|p| !p.draft);
    site.competencies.retain(|c| !c.draft);
    site.mentors.retain(|m| !m.draft);
    site.apprentices.retain(|a| !a.draft);
    for apprentice in &mut site.apprentices {
        apprentice.entries.retain(|e| !e.draft);
    }
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
    let mut checked = check_site(root, today);
    if checked.diagnostics.has_errors() {
        return (checked, None);
    }
    let lang = checked.lang;
    let Some(site) = checked.site.as_mut() else {
        return (checked, None);
    };
    remove_drafts(site);
    let derived = derive::derive(site, checked.today);
    let found = matching::match_site(site, &derived);
    let bytes = matching::export::export(site, &derived, &found, lang, format, all_scores);
    (checked, Some(bytes))
}
