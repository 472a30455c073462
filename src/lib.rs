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
pub mod diagnostics;
pub mod i18n;
pub mod load;
pub mod model;
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
