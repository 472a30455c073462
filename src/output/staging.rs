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

use super::manifest::{self, Fingerprint, Manifest};
use super::published::{self, Published};
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
    /// The folders of the staging folder made so far (it starts empty),
    /// by the hash of their path.
    made: Mutex<crate::FastSet<u64>>,
    /// The evidence read so far, to read a file cited twice once.
    sources: published::Sources,
}

/// What the output folder held when the build started.
struct Previous {
    /// The last build's files, by its manifest, in path order.
    listed: Manifest,
    /// When that manifest was written: a file modified since was changed by
    /// hand, whatever its size.
    written: SystemTime,
    /// Without a manifest (a build killed while updating, an output of an
    /// older compagnon), every file found in the output, to remove unless
    /// this build makes them: output path → path relative to the output.
    found: Option<BTreeMap<String, PathBuf>>,
    /// The fingerprint of the manifest's text, so that a build that
    /// changes nothing writes nothing.
    text: Option<u128>,
}

/// The files of the new site, as they are put.
#[derive(Default)]
struct Produced {
    /// Those the output already holds, with these bytes.
    kept: Manifest,
    /// Those written to the staging folder: new, or with other bytes.
    staged: Manifest,
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
            made: Mutex::default(),
            sources: published::Sources::default(),
        })
    }

    /// Brings the new site into the output folder: renames the staging
    /// folder into place when there was no output yet, else updates the
    /// output file by file. Touches nothing when nothing changed.
    pub fn commit(self) -> Result<Committed, Box<Diagnostic>> {
        let lang = self.lang;
        let Produced {
            mut kept,
            mut staged,
        } = self
            .produced
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        staged.sort();
        // Every file of the new site: into a new output, all were staged.
        let made = if kept.is_empty() {
            &staged
        } else {
            kept.extend(&staged);
            kept.sort();
            &kept
        };
        let stale = self
            .previous
            .as_ref()
            .map_or_else(Vec::new, |previous| previous.stale(made));
        let marked = self.output.join(MARKER).exists();
        let current = self
            .previous
            .as_ref()
            .and_then(|previous| previous.text)
            .is_some_and(|text| text == manifest::text_print(made, self.inputs));
        let committed = Committed {
            output: self.output.clone(),
            written: staged.len(),
            removed: stale.len(),
        };
        if current && marked && stale.is_empty() && staged.is_empty() {
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
            update(&self.output, root, &stale, &staged)
                .map_err(|(path, e)| commit_error(lang, &path, &e))?;
        }
        // Written beside, then renamed: a manifest is whole or absent.
        let parent = parent_of(&self.output);
        tempfile::Builder::new()
            .prefix(&self.prefix)
            .tempfile_in(&parent)
            .and_then(|file| {
                let mut out = std::io::BufWriter::new(file);
                manifest::write(made, self.inputs, &mut out)?;
                let file = out.into_inner().map_err(|e| e.into_error())?;
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
    /// How many files it holds, and how many of them are pages.
    pub files: usize,
    pub pages: usize,
}

/// The output folder, when the last build into it left a manifest saying
/// what it read, and the folder is whole: the marker there, every file of
/// the manifest there, of its size and untouched since (one `stat` each).
/// When the next build reads the same, it has nothing to render.
pub fn intact(output: &Path) -> Option<Intact> {
    let output = absolute(output);
    let manifest = manifest_path(&output);
    let file = std::fs::File::open(&manifest).ok()?;
    let written = file.metadata().ok()?.modified().ok()?;
    if !output.join(MARKER).is_file() {
        return None;
    }
    // In batches, each looked at in parallel: the manifest of a large
    // site is never held whole.
    let (mut files, mut pages, mut whole) = (0, 0, true);
    let scanned = manifest::scan(std::io::BufReader::new(file), 4096, |batch| {
        files += batch.len();
        pages += batch
            .iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .count();
        whole = batch.all(|path, print| untouched(&output, path, print, written));
        whole
    })
    .ok()??;
    whole.then_some(Intact {
        inputs: scanned.inputs?,
        written,
        files,
        pages,
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
        let target = self.dir.path().join(&file.path);
        let bytes = match file.content {
            Content::Bytes(bytes) => bytes,
            // A photo becomes the bytes published, and is fingerprinted as
            // them; a small file is read whole; a large one is streamed.
            Content::Copy(source) => match self.sources.open(&source, lang)? {
                Published::Whole(bytes) => {
                    return self.write(file.path, &bytes, &target);
                }
                Published::AsIs(mut rest) => {
                    let copy = |from: &mut dyn std::io::Read| {
                        let to = self
                            .create(&target)
                            .map_err(|e| io_error(lang, &target, &e))?;
                        manifest::stream(from, Some(to)).map_err(|e| io_error(lang, &source, &e))
                    };
                    // Into a new output every file is written, as it is
                    // fingerprinted; else only when the output lacks it.
                    if self.previous.is_none() {
                        let print = copy(&mut rest)?;
                        return self.produced(file.path, print, true);
                    }
                    let print = manifest::stream(&mut rest, None)
                        .map_err(|e| io_error(lang, &source, &e))?;
                    if self.kept(&file.path, print) {
                        return self.produced(file.path, print, false);
                    }
                    let mut again =
                        std::fs::File::open(&source).map_err(|e| io_error(lang, &source, &e))?;
                    let print = copy(&mut again)?;
                    return self.produced(file.path, print, true);
                }
            },
        };
        self.write(file.path, &bytes, &target)
    }
}

impl Staging {
    /// Whether the output already holds these bytes at `path`.
    fn kept(&self, path: &str, print: Fingerprint) -> bool {
        self.previous
            .as_ref()
            .is_some_and(|previous| previous.holds(&self.output, path, print))
    }

    /// Puts `bytes` at `path` (`target` in the staging folder), unless the
    /// output already holds them there.
    fn write(&self, path: String, bytes: &[u8], target: &Path) -> Result<(), Box<Diagnostic>> {
        let print = manifest::fingerprint(bytes);
        if self.kept(&path, print) {
            return self.produced(path, print, false);
        }
        self.create(target)
            .and_then(|mut to| std::io::Write::write_all(&mut to, bytes))
            .map_err(|e| io_error(self.lang, target, &e))?;
        self.produced(path, print, true)
    }

    /// Creates a file of the staging folder, and its folder first when no
    /// file went there yet. The staging folder starts empty, so a folder
    /// not made yet is missing: making it first spares the `open` that
    /// would fail (23,000 of them for a programme of 1,000 apprentices,
    /// whose every entry has a folder). The folders made are remembered by
    /// a hash of their path, not the path (300,000 folders at 10,000
    /// apprentices held 40 MB as paths); were two paths ever to share a
    /// hash, the `open` would fail as before and the folder be made then.
    fn create(&self, target: &Path) -> std::io::Result<std::fs::File> {
        let Some(dir) = target.parent() else {
            return std::fs::File::create(target);
        };
        let hash = xxhash_rust::xxh3::xxh3_64(dir.as_os_str().as_encoded_bytes());
        let made = self
            .made
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&hash);
        if !made {
            match std::fs::create_dir(dir) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    std::fs::create_dir_all(dir)?;
                }
                Err(e) => return Err(e),
            }
            self.made
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(hash);
        }
        match std::fs::File::create(target) {
            Err(e) if made && e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(dir)?;
                std::fs::File::create(target)
            }
            result => result,
        }
    }

    /// Records a file of the new site; `staged` when written to the
    /// staging folder.
    fn produced(
        &self,
        path: String,
        print: Fingerprint,
        staged: bool,
    ) -> Result<(), Box<Diagnostic>> {
        let mut produced = self.produced.lock().unwrap_or_else(PoisonError::into_inner);
        if staged {
            produced.staged.insert(&path, print);
        } else {
            produced.kept.insert(&path, print);
        }
        Ok(())
    }
}

impl Previous {
    fn read(output: &Path, manifest: &Path) -> std::io::Result<Previous> {
        let found = match std::fs::File::open(manifest) {
            Ok(file) => {
                let written = file.metadata()?.modified()?;
                manifest::read(std::io::BufReader::new(file))?.map(|found| (found, written))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        Ok(match found {
            Some((found, written)) => Previous {
                listed: found.manifest,
                written,
                found: None,
                text: Some(found.text),
            },
            None => Previous {
                listed: Manifest::new(),
                written: SystemTime::UNIX_EPOCH,
                found: Some(every_file(output)?),
                text: None,
            },
        })
    }

    /// Whether the output holds these bytes at `path`: the manifest says so,
    /// and the file is still as the last build left it.
    fn holds(&self, output: &Path, path: &str, print: Fingerprint) -> bool {
        self.listed.get(path) == Some(print) && untouched(output, path, print, self.written)
    }

    /// The files of the output that the new site does not make, relative
    /// to the output.
    fn stale(&self, made: &Manifest) -> Vec<PathBuf> {
        match &self.found {
            Some(found) => found
                .iter()
                .filter(|(path, _)| !made.contains(path))
                .map(|(_, relative)| relative.clone())
                .collect(),
            None => self
                .listed
                .iter()
                .filter(|(path, _)| !made.contains(path))
                .map(|(path, _)| PathBuf::from(path))
                .collect(),
        }
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
    stale: &[PathBuf],
    staged: &Manifest,
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
    for (path, _) in staged.iter() {
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
