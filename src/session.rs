//! A site held in memory from one build to the next: what `serve` rebuilds
//! after each change, and what the benchmark times rebuilds through.
//!
//! A rebuild reads again only the files that changed ([`load::Cache`]),
//! checks and derives the whole site (so that its diagnostics are the ones
//! `check` gives), then renders only the jobs whose inputs moved: each job
//! of the plan has a key, the fingerprint of the files its scope reads
//! ([`Project::keys`], [`crate::render::plan::Scope`]); a job whose key is
//! the one it had last time keeps the files it made then. The files are
//! those of a clean build, byte for byte: `tests/incremental.rs` compares
//! them after random edits.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;

use crate::output::MemorySink;
use crate::render::{RenderOptions, plan};
use crate::{Checked, Options, load, matching};

/// The output, by path.
pub type Files = BTreeMap<String, Bytes>;

/// A site and the output of its last good build.
pub struct Session {
    root: PathBuf,
    options: Options,
    render: RenderOptions,
    cache: load::Cache,
    files: Arc<Files>,
    /// By job name ([`plan::Job::name`]): the key of what the job was made
    /// from (None: unknown, render it again) and the paths it made.
    jobs: crate::FastMap<String, (Option<u128>, Vec<String>)>,
    /// By output path: the fingerprint of each page's template input
    /// ([`crate::render::Memo`]).
    prints: crate::FastMap<String, u128>,
}

/// What a rebuild did.
pub struct Rebuilt {
    pub checked: Checked,
    /// None when the site has errors: the last good build stays.
    pub outcome: Option<Outcome>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// HTML pages of the site.
    pub pages: usize,
    /// Jobs rendered, and jobs whose files were kept as they were.
    pub rendered: usize,
    pub kept: usize,
    /// Output paths whose bytes changed, appeared or went, in order.
    pub changed: Vec<String>,
}

impl Session {
    /// A session with nothing built yet: the first [`Session::rebuild`]
    /// builds everything.
    pub fn new(root: &Path, options: Options, render: RenderOptions) -> Self {
        Session {
            root: root.to_path_buf(),
            options,
            render,
            cache: load::Cache::default(),
            files: Arc::default(),
            jobs: crate::FastMap::default(),
            prints: crate::FastMap::default(),
        }
    }

    /// The output of the last good build (cheap to clone, and unchanged
    /// by later rebuilds: they make a new map when they change something).
    pub fn files(&self) -> Arc<Files> {
        Arc::clone(&self.files)
    }

    /// Reads the site again and brings the output up to date.
    pub fn rebuild(&mut self) -> Rebuilt {
        self.rebuild_after(None)
    }

    /// [`Session::rebuild`] after a watcher saw these files change (paths
    /// under the site's folder): the other files are not looked at again,
    /// nor the folders listed again unless a file came or went. None:
    /// every file is looked at (the watcher lost track).
    pub fn rebuild_after(&mut self, changed: Option<&[PathBuf]>) -> Rebuilt {
        self.cache.changed(&self.root, changed);
        let project = crate::open_cached(&self.root, &self.options, Some(&mut self.cache));
        let (Some(site), Some(ready)) = (project.site(), project.ready.as_ref()) else {
            return Rebuilt {
                checked: project.checked,
                outcome: None,
            };
        };
        let keys = project.keys(&self.render);
        let found = matching::match_site(site, &ready.derived);
        let Some(mut renderer) = project.renderer(&found, &self.render) else {
            return Rebuilt {
                checked: project.checked,
                outcome: None,
            };
        };
        renderer.memo = Some(crate::render::Memo {
            prints: &self.prints,
            files: &self.files,
            made: std::sync::Mutex::default(),
        });
        let jobs = plan::jobs(site, &ready.derived);
        let names: Vec<String> = jobs
            .iter()
            .map(|job| job.name(site, &ready.derived))
            .collect();
        let job_keys: Vec<Option<u128>> = jobs
            .iter()
            .map(|job| keys.as_ref().map(|keys| keys.of(job.scope())))
            .collect();
        let wanted: Vec<bool> = names
            .iter()
            .zip(&job_keys)
            .map(|(name, key)| {
                key.is_none() || self.jobs.get(name).is_none_or(|(before, _)| before != key)
            })
            .collect();
        let memory = MemorySink::new(project.checked.lang);
        let made = renderer.render_picked(&memory, &jobs, &wanted);
        let prints = renderer
            .memo
            .take()
            .map(|memo| {
                memo.made
                    .into_inner()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
            })
            .unwrap_or_default();
        drop(renderer);
        let mut checked = project.checked;
        let made = match made {
            Ok(made) => made,
            Err(problems) => {
                checked.diagnostics.extend(problems);
                return Rebuilt {
                    checked,
                    outcome: None,
                };
            }
        };
        let fresh = memory.into_files();

        let mut before = std::mem::take(&mut self.jobs);
        let mut jobs = crate::FastMap::with_capacity_and_hasher(names.len(), Default::default());
        // Paths of the jobs rendered again or gone, and what they held.
        let mut dropped: Vec<String> = Vec::new();
        let (mut rendered, mut kept) = (0, 0);
        for (((name, key), paths), wanted) in names.into_iter().zip(job_keys).zip(made).zip(&wanted)
        {
            let old = before.remove(&name);
            if *wanted {
                rendered += 1;
                if let Some((_, old_paths)) = old {
                    dropped.extend(old_paths);
                }
                jobs.insert(name, (key, paths));
            } else if let Some(old) = old {
                kept += 1;
                jobs.insert(name, old);
            }
        }
        dropped.extend(before.into_values().flat_map(|(_, paths)| paths));
        self.jobs = jobs;

        let files = Arc::make_mut(&mut self.files);
        let mut old_bytes: crate::FastMap<String, Bytes> =
            crate::FastMap::with_capacity_and_hasher(dropped.len(), Default::default());
        for path in dropped {
            self.prints.remove(&path);
            if let Some(bytes) = files.remove(&path) {
                old_bytes.insert(path, bytes);
            }
        }
        self.prints.extend(prints);
        let mut changed = Vec::new();
        for (path, bytes) in fresh {
            let bytes = Bytes::from(bytes);
            if old_bytes.remove(&path).is_none_or(|old| old != bytes) {
                changed.push(path.clone());
            }
            files.insert(path, bytes);
        }
        changed.extend(old_bytes.into_keys());
        changed.sort();
        let pages = files.keys().filter(|path| path.ends_with(".html")).count();
        Rebuilt {
            checked,
            outcome: Some(Outcome {
                pages,
                rendered,
                kept,
                changed,
            }),
        }
    }
}
