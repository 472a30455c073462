//! Where the files of a site go. Render produces each output file as a job
//! keyed by its path and puts it into a [`Sink`]: the staging folder of
//! `build` ([`Staging`], which then updates the output folder with only what
//! changed) or memory ([`MemorySink`], for `serve` and tests). This module
//! is the lower layer: it knows files and folders, not pages.

mod manifest;
mod memory;
pub mod published;
mod staging;

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::tr;

pub use self::manifest::{Digest, Manifest};
pub use self::memory::MemorySink;
pub use self::staging::{Committed, Intact, Staging, intact, sweep};

/// One file of the output.
#[derive(Debug)]
pub struct OutputFile {
    /// Relative to the output folder, with `/`.
    pub path: String,
    pub content: Content,
}

#[derive(Debug)]
pub enum Content {
    Bytes(Vec<u8>),
    /// A file of the site published (evidence, static files): copied as
    /// is, but for photos, which lose their metadata on the way (see
    /// [`published::open`]). A sink reads it when it is put, so that no
    /// more files are held in memory than there are threads putting them.
    Copy(PathBuf),
}

/// Receives the files of a site as render produces them, from many threads
/// at once. A file's path is put once per build.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Box<Diagnostic>>;
}

/// Marks a folder as made by compagnon, so a later build may update it.
const MARKER: &str = ".compagnon-output";

/// Folders of a site that a build reads: the output may not be inside them.
const SOURCES: [&str; 8] = [
    "site.toml",
    "programme",
    "competencies",
    "mentors",
    "apprentices",
    "static",
    "templates",
    "themes",
];

/// Refuses an output folder that would overwrite the site or someone's files.
pub fn validate(site: &Path, output: &Path, lang: Lang) -> Result<(), Box<Diagnostic>> {
    let site = absolute(site);
    let output = absolute(output);
    let shown = output.display().to_string();
    let inside_sources = SOURCES.iter().any(|s| output.starts_with(site.join(s)));
    if output == site || site.starts_with(&output) || inside_sources {
        return Err(Box::new(
            Diagnostic::error("output-in-site", tr!(lang, "le dossier de sortie {shown} recouvre les fichiers du site", "output folder {shown} overlaps the site's files"))
                .help(tr!(lang, "choisissez un dossier à part, par exemple le dossier public/ du site (le choix par défaut)", "choose a separate folder, for example the site's public/ folder (the default)")),
        ));
    }
    let foreign = output.is_dir()
        && !output.join(MARKER).exists()
        && std::fs::read_dir(&output).is_ok_and(|mut entries| entries.next().is_some());
    if foreign || output.is_file() {
        return Err(Box::new(
            Diagnostic::error("output-foreign", tr!(lang, "le dossier de sortie {shown} contient déjà des fichiers qui ne viennent pas de compagnon", "output folder {shown} already holds files that compagnon did not make"))
                .help(tr!(lang, "choisissez un dossier vide ou nouveau : la construction remplace tout son contenu", "choose an empty or new folder: the build replaces all of its content")),
        ));
    }
    Ok(())
}

fn parent_of(path: &Path) -> PathBuf {
    path.parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn io_error(lang: Lang, what: &Path, e: &std::io::Error) -> Box<Diagnostic> {
    Box::new(crate::diagnostics::write_failed(lang, what, e).help(tr!(
        lang,
        "vérifiez l'espace disque et les droits d'écriture ; le site précédent est intact",
        "check disk space and write permissions; the previous site is untouched"
    )))
}

/// The real path, symbolic links and `..` resolved, even where the tail
/// does not exist yet, so that overlap checks cannot be fooled.
pub fn absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // Component by component, each existing prefix resolved on the disk, so
    // that `..` climbs from where a link leads; past what exists, `..`
    // cancels the folder before it, as creating the folders would
    // (`site/nope/../apprentices` is `site/apprentices`).
    let mut resolved = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
            }
        }
    }
    resolved
}
