//! Writing the output folder, atomically: the site is written into a new
//! folder beside the target, then swapped in with two renames, so a build
//! that fails leaves the previous site untouched and a reader never sees a
//! half-written one.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::render::{Content, OutputFile};
use crate::tr;

/// Marks a folder as made by compagnon, so a later build may replace it.
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

/// A new site being written beside the output folder. Files are put in as
/// they are rendered (in parallel, so a large site is never held in memory
/// whole); `commit` swaps it in; dropping it without committing removes it
/// and leaves the previous output untouched.
pub struct Staging {
    dir: tempfile::TempDir,
    output: PathBuf,
    lang: Lang,
}

impl Staging {
    pub fn new(output: &Path, lang: Lang) -> Result<Self, Box<Diagnostic>> {
        let output = absolute(output);
        let parent = parent_of(&output);
        std::fs::create_dir_all(&parent).map_err(|e| io_error(lang, &parent, &e))?;
        let dir = tempfile::Builder::new()
            .prefix(".compagnon-build-")
            .tempdir_in(&parent)
            .map_err(|e| io_error(lang, &parent, &e))?;
        Ok(Staging { dir, output, lang })
    }

    /// Writes one file of the new site; safe to call from many threads.
    pub fn put(&self, file: &OutputFile) -> Result<(), Box<Diagnostic>> {
        let target = self.dir.path().join(&file.path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_error(self.lang, dir, &e))?;
        }
        match &file.content {
            Content::Bytes(bytes) => {
                std::fs::write(&target, bytes).map_err(|e| io_error(self.lang, &target, &e))
            }
            Content::Copy(source) => std::fs::copy(source, &target)
                .map(|_| ())
                .map_err(|e| io_error(self.lang, source, &e)),
        }
    }

    /// Swaps the new site in: the old one moves aside, the new one takes its name.
    pub fn commit(self) -> Result<PathBuf, Box<Diagnostic>> {
        let lang = self.lang;
        let root = self.dir.path();
        std::fs::write(
            root.join(MARKER),
            "This folder is written by compagnon build; it is replaced at each build.\n",
        )
        .map_err(|e| io_error(lang, root, &e))?;
        let output = self.output;
        let staging = self.dir.keep();
        let old = parent_of(&output).join(format!(".compagnon-old-{}", std::process::id()));
        let had_old = output.exists();
        if had_old {
            std::fs::rename(&output, &old).map_err(|e| io_error(lang, &output, &e))?;
        }
        if let Err(e) = std::fs::rename(&staging, &output) {
            if had_old {
                let _ = std::fs::rename(&old, &output);
            }
            let _ = std::fs::remove_dir_all(&staging);
            return Err(io_error(lang, &output, &e));
        }
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(output)
    }
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
fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => path,
    }
}
