//! The output folder of `build`, updated in place with only what changed.
//!
//! Every file is rendered first, into a staging folder beside the output,
//! so an error in any page leaves the previous site untouched. A file whose
//! bytes the output already holds (the manifest of the last build says so,
//! and the file on disk is as that build left it) is not staged at all. On
//! commit the staged files are renamed into place one by one, each rename
//! atomic, and the files no longer made are removed. The output folder
//! itself is never moved away, so a crash cannot lose it; the manifest is
//! removed first and written last, so after a crash in between the next
//! build trusts nothing, rewrites every file and removes every other one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

use rayon::prelude::*;

use super::manifest::{self, Fingerprint, Manifest};
use super::{Content, MARKER, OutputFile, Sink, absolute, io_error, parent_of};
use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::tr;

/// A new site being written beside the output folder. Files are put in as
/// they are rendered (in parallel, so a large site is never held in memory
/// whole); `commit` brings them into the output; dropping it without
/// committing removes it and leaves the previous output untouched.
pub struct Staging {
    dir: tempfile::TempDir,
    output: PathBuf,
    /// Beside the output, named after it: `.compagnon-manifest-public`.
    manifest: PathBuf,
    /// What the staging folders of this output start with.
    prefix: String,
    lang: Lang,
    /// What this build read, when known (see [`crate::Project::inputs`]).
    inputs: Option<u128>,
    /// The output folder as the build found it; None when there is none yet.
    previous: Option<Previous>,
    produced: Mutex<Produced>,
}

/// What the output folder held when the build started.
struct Previous {
    /// The last build's files, by its manifest.
    listed: Manifest,
    /// When that manifest was written: a file modified since was changed by
    /// hand, whatever its size.
    written: SystemTime,
    /// The files to remove unless this build makes them: output path → path
    /// relative to the output. Those of the manifest or, without one (a
    /// build killed while updating, an output of an older compagnon),
    /// every file found in the output.
    files: BTreeMap<String, PathBuf>,
    /// The manifest as read, so that a build that changes nothing writes nothing.
    text: String,
}

#[derive(Default)]
struct Produced {
    /// Every file of the new site.
    files: Manifest,
    /// Those written to the staging folder: new, or with other bytes.
    staged: Vec<String>,
}

impl Staging {
    /// Sweeps what earlier builds of this output left behind when killed,
    /// reads what the output holds, and makes the staging folder. `inputs`
    /// fingerprints what the build read, when it knows.
    pub fn new(output: &Path, lang: Lang, inputs: Option<u128>) -> Result<Self, Box<Diagnostic>> {
        let output = absolute(output);
        let parent = parent_of(&output);
        std::fs::create_dir_all(&parent).map_err(|e| io_error(lang, &parent, &e))?;
        // Named after the output, so that a build never sweeps the staging
        // folder of another output being built in the same parent (`/tmp`).
        let prefix = format!(".compagnon-build-{}.", name_of(&output));
        let manifest = manifest_path(&output);
        sweep(&output);
        let previous = if output.exists() {
            Some(Previous::read(&output, &manifest).map_err(|e| io_error(lang, &output, &e))?)
        } else {
            None
        };
        let dir = tempfile::Builder::new()
            .prefix(&prefix)
            .tempdir_in(&parent)
            .map_err(|e| io_error(lang, &parent, &e))?;
        Ok(Staging {
            dir,
            output,
            manifest,
            prefix,
            lang,
            inputs,
            previous,
            produced: Mutex::default(),
        })
    }

    /// Brings the new site into the output folder: renames the staging
    /// folder into place when there was no output yet, else updates the
    /// output file by file. Touches nothing when nothing changed.
    pub fn commit(self) -> Result<Committed, Box<Diagnostic>> {
        let lang = self.lang;
        let produced = self
            .produced
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let text = manifest::to_text(&produced.files, self.inputs);
        let stale: Vec<&PathBuf> = self.previous.as_ref().map_or_else(Vec::new, |previous| {
            previous
                .files
                .iter()
                .filter(|(path, _)| !produced.files.contains_key(*path))
                .map(|(_, relative)| relative)
                .collect()
        });
        let marked = self.output.join(MARKER).exists();
        let current = self.previous.as_ref().is_some_and(|p| p.text == text);
        let committed = Committed {
            output: self.output.clone(),
            written: produced.staged.len(),
            removed: stale.len(),
        };
        if current && marked && stale.is_empty() && produced.staged.is_empty() {
            return Ok(committed);
        }
        remove_file(&self.manifest).map_err(|e| io_error(lang, &self.manifest, &e))?;
        let root = self.dir.path();
        if self.previous.is_none() {
            write_marker(root).map_err(|e| io_error(lang, root, &e))?;
            let staging = self.dir.keep();
            if let Err(e) = std::fs::rename(&staging, &self.output) {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(io_error(lang, &self.output, &e));
            }
        } else {
            // The marker first: were the build killed now, an output
            // without one would be refused as someone else's folder.
            if !marked {
                write_marker(&self.output).map_err(|e| commit_error(lang, &self.output, &e))?;
            }
            update(&self.output, root, &stale, &produced.staged)
                .map_err(|(path, e)| commit_error(lang, &path, &e))?;
        }
        // Written beside, then renamed: a manifest is whole or absent.
        let parent = parent_of(&self.output);
        tempfile::Builder::new()
            .prefix(&self.prefix)
            .tempfile_in(&parent)
            .and_then(|mut file| {
                std::io::Write::write_all(&mut file, text.as_bytes())?;
                file.persist(&self.manifest).map_err(|e| e.error)?;
                Ok(())
            })
            .map_err(|e| commit_error(lang, &self.manifest, &e))?;
        Ok(committed)
    }
}

/// An output folder exactly as the build that wrote it left it.
pub struct Intact {
    /// What that build read (see [`crate::Project::inputs`]).
    pub inputs: u128,
    /// When it wrote its manifest.
    pub written: SystemTime,
    /// Its files, by path.
    pub files: Vec<String>,
}

/// The output folder, when the last build into it left a manifest saying
/// what it read, and the folder is whole: the marker there, every file of
/// the manifest there, of its size and untouched since (one `stat` each).
/// When the next build reads the same, it has nothing to render.
pub fn intact(output: &Path) -> Option<Intact> {
    let output = absolute(output);
    let manifest = manifest_path(&output);
    let text = std::fs::read_to_string(&manifest).ok()?;
    let (listed, inputs) = manifest::parse(&text)?;
    let written = std::fs::metadata(&manifest).ok()?.modified().ok()?;
    let whole = output.join(MARKER).is_file()
        && listed
            .par_iter()
            .all(|(path, print)| untouched(&output, path, *print, written));
    Some(Intact {
        inputs: inputs.filter(|_| whole)?,
        written,
        files: listed.into_keys().collect(),
    })
}

/// What a commit changed in the output folder.
#[derive(Clone, Debug)]
pub struct Committed {
    pub output: PathBuf,
    /// Files written: new, or with other bytes than the output held.
    pub written: usize,
    /// Files of the previous build that this one no longer makes.
    pub removed: usize,
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), Box<Diagnostic>> {
        let lang = self.lang;
        // A photo becomes the bytes published, and is fingerprinted as them.
        let file = OutputFile {
            content: file.content.published(lang)?,
            ..file
        };
        let target = self.dir.path().join(&file.path);
        let stage = || -> Result<(), Box<Diagnostic>> {
            match target.parent() {
                Some(dir) => std::fs::create_dir_all(dir).map_err(|e| io_error(lang, dir, &e)),
                None => Ok(()),
            }
        };
        // A copy is fingerprinted as it is made, reading its source once.
        let copy = |source: &Path| {
            stage()?;
            manifest::copy_fingerprinted(source, &target).map_err(|e| io_error(lang, source, &e))
        };
        let (print, staged) = match (&file.content, &self.previous) {
            // Into a new output every file is written.
            (Content::Copy(source), None) => (copy(source)?, true),
            (content, previous) => {
                let print = match content {
                    Content::Bytes(bytes) => manifest::fingerprint(bytes),
                    Content::Copy(source) => manifest::fingerprint_file(source)
                        .map_err(|e| io_error(lang, source, &e))?,
                };
                let kept = previous
                    .as_ref()
                    .is_some_and(|previous| previous.holds(&self.output, &file.path, print));
                if !kept {
                    match content {
                        Content::Bytes(bytes) => {
                            stage()?;
                            std::fs::write(&target, bytes)
                                .map_err(|e| io_error(lang, &target, &e))?;
                        }
                        Content::Copy(source) => {
                            copy(source)?;
                        }
                    }
                }
                (print, !kept)
            }
        };
        let mut produced = self.produced.lock().unwrap_or_else(PoisonError::into_inner);
        if staged {
            produced.staged.push(file.path.clone());
        }
        produced.files.insert(file.path, print);
        Ok(())
    }
}

impl Previous {
    fn read(output: &Path, manifest: &Path) -> std::io::Result<Previous> {
        let (text, written) = match std::fs::read_to_string(manifest) {
            Ok(text) => (text, std::fs::metadata(manifest)?.modified()?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                (String::new(), SystemTime::UNIX_EPOCH)
            }
            Err(e) => return Err(e),
        };
        let (listed, files) = match manifest::parse(&text) {
            Some((listed, _)) => {
                let files = listed
                    .keys()
                    .map(|path| (path.clone(), PathBuf::from(path)))
                    .collect();
                (listed, files)
            }
            None => (Manifest::new(), every_file(output)?),
        };
        Ok(Previous {
            listed,
            written,
            files,
            text,
        })
    }

    /// Whether the output holds these bytes at `path`: the manifest says so,
    /// and the file is still as the last build left it.
    fn holds(&self, output: &Path, path: &str, print: Fingerprint) -> bool {
        self.listed.get(path) == Some(&print) && untouched(output, path, print, self.written)
    }
}

/// Whether the file at `path` is still there, of the size `print` records,
/// untouched since the manifest was `written`. One `stat` per file, where
/// reading the file back would cost far more.
fn untouched(output: &Path, path: &str, print: Fingerprint, written: SystemTime) -> bool {
    std::fs::symlink_metadata(output.join(path)).is_ok_and(|file| {
        file.is_file() && file.len() == print.size && file.modified().is_ok_and(|at| at <= written)
    })
}

/// The output folder's name, which its staging folders and manifest take
/// beside it: a build never touches those of another output in the same
/// parent (`/tmp`).
fn name_of(output: &Path) -> std::borrow::Cow<'_, str> {
    output
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy())
}

/// `.compagnon-manifest-public` beside `public/`.
fn manifest_path(output: &Path) -> PathBuf {
    parent_of(output).join(format!(".compagnon-manifest-{}", name_of(output)))
}

/// Every file in the output but the marker: output path → relative path.
fn every_file(output: &Path) -> std::io::Result<BTreeMap<String, PathBuf>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(output).min_depth(1) {
        let entry = entry?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(output)
            .unwrap_or(entry.path())
            .to_path_buf();
        let path = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if path != MARKER {
            files.insert(path, relative);
        }
    }
    Ok(files)
}

/// Updates an existing output folder to the staged site: removes the stale
/// files, then moves the staged ones in. Returns the path that failed, with why.
fn update(
    output: &Path,
    staging: &Path,
    stale: &[&PathBuf],
    staged: &[String],
) -> Result<(), (PathBuf, std::io::Error)> {
    let at = |path: PathBuf| move |e: std::io::Error| (path, e);
    // Stale files go before staged ones come: a file may take the place of
    // a folder that is no longer made, or the reverse.
    let mut emptied = BTreeSet::new();
    for relative in stale {
        let path = output.join(relative);
        remove_file(&path).map_err(at(path))?;
        emptied.extend(
            relative
                .ancestors()
                .skip(1)
                .filter(|a| !a.as_os_str().is_empty()),
        );
    }
    // Deepest first, so a folder's sub-folders are gone when its turn comes.
    let mut emptied: Vec<&Path> = emptied.into_iter().collect();
    emptied.sort_by_key(|folder| std::cmp::Reverse(folder.components().count()));
    for folder in emptied {
        // Fails, as it should, when the folder still holds files.
        let _ = std::fs::remove_dir(output.join(folder));
    }
    for path in staged {
        let target = output.join(path);
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder).map_err(at(folder.to_path_buf()))?;
        }
        std::fs::rename(staging.join(path), &target).map_err(at(target))?;
    }
    Ok(())
}

/// Removes a file that may already be gone.
fn remove_file(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn write_marker(folder: &Path) -> std::io::Result<()> {
    std::fs::write(
        folder.join(MARKER),
        "This folder is written by compagnon build, which updates it at each build: change the site, not this folder.\n",
    )
}

/// Removes the staging folders (and half-written manifests) that killed
/// builds of this output left.
pub fn sweep(output: &Path) {
    let output = absolute(output);
    let parent = parent_of(&output);
    let prefix = format!(".compagnon-build-{}.", name_of(&output));
    let prefix = prefix.as_str();
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let leftover = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .is_some_and(|suffix| {
                !suffix.is_empty() && suffix.chars().all(|c| c.is_ascii_alphanumeric())
            });
        let leftover = leftover || legacy(&entry.path(), &name.to_string_lossy());
        // Best effort: a leftover that cannot be removed costs disk space,
        // never the correctness of this build.
        if leftover && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        } else if leftover {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// What earlier versions of compagnon left when killed while building: a staging
/// folder (`.compagnon-build-` and six random characters, not named after
/// the output) or the previous output moved aside (`.compagnon-old-` and
/// a process number, marked as compagnon's).
fn legacy(path: &Path, name: &str) -> bool {
    let random = |s: &str| s.len() == 6 && s.chars().all(|c| c.is_ascii_alphanumeric());
    let number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    name.strip_prefix(".compagnon-build-").is_some_and(random)
        || name.strip_prefix(".compagnon-old-").is_some_and(number) && path.join(MARKER).is_file()
}

fn commit_error(lang: Lang, what: &Path, e: &std::io::Error) -> Box<Diagnostic> {
    Box::new(crate::diagnostics::write_failed(lang, what, e).help(tr!(
        lang,
        "vérifiez l'espace disque et les droits d'écriture, puis relancez la construction : le dossier de sortie n'est qu'en partie à jour",
        "check disk space and write permissions, then build again: the output folder is only partly updated"
    )))
}
