//! A site held in memory from one build to the next: what `serve` rebuilds
//! after each change, and what the benchmark times rebuilds through.
//!
//! A rebuild reads again only the files that changed ([`crate::Cache`]),
//! checks and derives the whole site (so that its diagnostics are the ones
//! `check` gives), then renders only the jobs whose inputs moved: the jobs
//! of each scope ([`plan::Scope`]: an apprentice's, the handbook's, the
//! whole programme's) have a key, the fingerprint of what they are made
//! from ([`Keys`]); jobs whose key is the one they had last time keep the
//! files they made then. The files are those of a clean build, byte for
//! byte: `tests/incremental.rs` compares them after random edits.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;

use crate::output::{Digest, MemorySink};
use crate::render::{RenderOptions, plan};
use crate::{Checked, Options, matching};

/// The output, by path. Paths are shared, not copied, with the map a
/// rebuild makes when `serve` still holds the last one (14,000 paths for
/// 1,000 apprentices).
pub type Files = BTreeMap<Arc<str>, Bytes>;

/// A site and the output of its last good build.
pub struct Session {
    root: PathBuf,
    options: Options,
    render: RenderOptions,
    cache: crate::Cache,
    files: Arc<Files>,
    /// What the jobs of each scope made in the last good build.
    made: Made,
    /// By output path: the fingerprint of each page's template input
    /// ([`crate::render::Memo`]).
    prints: crate::FastMap<String, u128>,
    /// The matching of the last build, and the key of the pages of the
    /// whole programme ([`Keys::site`]) it was made for.
    matching: Option<(u128, matching::Matching)>,
    /// How many of `files` are HTML pages.
    pages: usize,
    /// The last rebuild left the search index as it was (see
    /// [`Session::rebuild_pages_first`]).
    search_behind: bool,
}

/// What the jobs of each scope made (see [`plan::Scope`]). A scope's key
/// covers everything its jobs are made from, so it also says which jobs
/// the scope has: an apprentice's files say whether they have a portfolio
/// and which entries; what the lists and figures are made from says which
/// cohorts and competencies have pages. Jobs are known by scope, not one
/// by one: a rebuild looks at 1,000 apprentices, not 13,000 jobs.
#[derive(Default)]
struct Made {
    /// By apprentice slug.
    apprentices: crate::FastMap<String, Scoped>,
    handbook: Scoped,
    site: Scoped,
    all: Scoped,
    search: Scoped,
}

/// What the jobs of one scope made: the paths, and the key they were made
/// from (None: unknown, render them again).
#[derive(Default)]
struct Scoped {
    key: Option<u128>,
    paths: Vec<String>,
}

impl Scoped {
    /// Whether the jobs of a scope whose key is now `key` render.
    fn moved(&self, key: Option<u128>) -> bool {
        key.is_none() || self.key != key
    }

    /// What the scope's jobs made now, when they rendered: the paths they
    /// made before go into `dropped`.
    fn renew(&mut self, key: Option<u128>, paths: Vec<String>, dropped: &mut Vec<String>) {
        dropped.append(&mut self.paths);
        *self = Scoped { key, paths };
    }
}

/// The fingerprint of what each scope of jobs is made from (see
/// [`plan::Scope`]).
struct Keys {
    /// Index-aligned with `site.apprentices`.
    apprentices: Vec<u128>,
    handbook: u128,
    site: u128,
    all: u128,
}

impl Keys {
    /// The keys with, for each apprentice without a mentor, the mentor
    /// the matching proposes: their portfolio names that mentor, whom the
    /// whole programme decides (a seat another apprentice takes).
    fn with_proposals(mut self, found: &matching::Matching) -> Keys {
        for (key, proposal) in self.apprentices.iter_mut().zip(&found.apprentices) {
            if !proposal.kept {
                let mentor = proposal.mentor.map_or(0, |m| m as u128 + 1);
                *key = Digest::default().number(*key).number(mentor).finish();
            }
        }
        self
    }

    fn of(&self, scope: plan::Scope) -> u128 {
        match scope {
            plan::Scope::Apprentice(i) => self.apprentices[i],
            plan::Scope::Handbook => self.handbook,
            plan::Scope::Site => self.site,
            // The index is made from all the texts, as the feeds are.
            plan::Scope::All | plan::Scope::Search => self.all,
        }
    }
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
            cache: crate::Cache::default(),
            files: Arc::default(),
            made: Made::default(),
            prints: crate::FastMap::default(),
            matching: None,
            pages: 0,
            search_behind: false,
        }
    }

    /// The output of the last good build (cheap to clone, and unchanged
    /// by later rebuilds: they make a new map when they change something).
    pub fn files(&self) -> Arc<Files> {
        Arc::clone(&self.files)
    }

    /// The fingerprint of what each scope of jobs is made from, for this
    /// rebuild. None when the site was not opened with a cache, or a
    /// copied file cannot be looked at: then every job renders.
    fn keys(&self, project: &crate::Project) -> Option<Keys> {
        let ready = project.ready.as_ref()?;
        let site = project.site()?;
        let scopes = ready.scopes.as_ref()?;
        let copied = project.copied_stamps()?;
        let mut shared = project.made_with(&self.render)?;
        shared
            .number(scopes.shared)
            // The menu shows the handbook when it has pages.
            .number(u128::from(site.pages.is_empty()));
        let shared = shared.finish();
        // The files copied: all of them, the handbook's, and each
        // apprentice's (their evidence) by slug.
        let mut every_copied = Digest::default();
        let mut handbook_copied = Digest::default();
        let mut evidence: crate::FastMap<&str, Digest> = crate::FastMap::default();
        for (file, (known, _)) in ready.copied.iter().zip(&copied) {
            every_copied.text(file).number(*known);
            if let Some(rest) = file.strip_prefix("apprentices/")
                && let Some((slug, _)) = rest.split_once('/')
            {
                evidence.entry(slug).or_default().text(file).number(*known);
            } else if file.starts_with("programme/") {
                handbook_copied.text(file).number(*known);
            }
        }
        let apprentices: Vec<u128> = site
            .apprentices
            .iter()
            .map(|a| {
                let files = scopes.apprentices.get(&a.slug).copied().unwrap_or(0);
                let copied = evidence.get(a.slug.as_str()).map_or(0, Digest::finish);
                Digest::default()
                    .number(shared)
                    .number(files)
                    .number(copied)
                    .finish()
            })
            .collect();
        let outlines = ready.outlines.as_ref()?;
        let mut site_key = Digest::default();
        site_key
            .number(shared)
            .number(scopes.handbook)
            .number(every_copied.finish());
        for (apprentice, outline) in site.apprentices.iter().zip(outlines) {
            site_key.text(&apprentice.slug).number(*outline);
        }
        let mut all = Digest::default();
        for key in &apprentices {
            all.number(*key);
        }
        let site_key = site_key.finish();
        Some(Keys {
            handbook: Digest::default()
                .number(shared)
                .number(scopes.handbook)
                .number(handbook_copied.finish())
                .finish(),
            all: all.number(site_key).finish(),
            site: site_key,
            apprentices,
        })
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
        self.rebuild_scopes(changed, false)
    }

    /// [`Session::rebuild_after`] but for the search index, which stays as
    /// it was: `serve` reloads the open pages, then brings the index up to
    /// date with [`Session::rebuild_after`] (nothing changed since). The
    /// index holds every text of the site; made again at each save, it
    /// would double the time from saving an entry to seeing it.
    pub fn rebuild_pages_first(&mut self, changed: Option<&[PathBuf]>) -> Rebuilt {
        self.rebuild_scopes(changed, true)
    }

    /// Whether a rebuild left the search index behind (see
    /// [`Session::rebuild_pages_first`]).
    pub fn search_behind(&self) -> bool {
        self.search_behind
    }

    fn rebuild_scopes(&mut self, changed: Option<&[PathBuf]>, search_later: bool) -> Rebuilt {
        self.cache.files.changed(&self.root, changed);
        let project = crate::open_cached(&self.root, &self.options, Some(&mut self.cache));
        let (Some(site), Some(ready)) = (project.site(), project.ready.as_ref()) else {
            return Rebuilt {
                checked: project.checked,
                outcome: None,
            };
        };
        let keys = self.keys(&project);
        // The matching is made from what the pages of the whole programme
        // show (see [`plan::Scope::Site`]): the same key, the same matching.
        let site_key = keys.as_ref().map(|keys| keys.site);
        let found = match self.matching.take() {
            Some((key, found)) if Some(key) == site_key => found,
            _ => matching::match_site(site, &ready.derived),
        };
        let keys = keys.map(|keys| keys.with_proposals(&found));
        let key_of = |scope| keys.as_ref().map(|keys: &Keys| keys.of(scope));
        // Which scopes' jobs render: those whose key moved.
        let apprentices_moved: Vec<bool> = site
            .apprentices
            .iter()
            .enumerate()
            .map(|(i, apprentice)| {
                let key = key_of(plan::Scope::Apprentice(i));
                let made = self.made.apprentices.get(&apprentice.slug);
                made.is_none_or(|made| made.moved(key))
            })
            .collect();
        let handbook_moved = self.made.handbook.moved(key_of(plan::Scope::Handbook));
        let site_moved = self.made.site.moved(key_of(plan::Scope::Site));
        let all_moved = self.made.all.moved(key_of(plan::Scope::All));
        let search_due = self.made.search.moved(key_of(plan::Scope::Search));
        let search_moved = search_due && !search_later;
        let moved = |scope| match scope {
            plan::Scope::Apprentice(i) => apprentices_moved[i],
            plan::Scope::Handbook => handbook_moved,
            plan::Scope::Site => site_moved,
            plan::Scope::All => all_moved,
            plan::Scope::Search => search_moved,
        };
        let jobs = plan::jobs(site, &ready.derived);
        let wanted: Vec<bool> = jobs.iter().map(|job| moved(job.scope())).collect();
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
        self.matching = site_key.map(|key| (key, found));
        let made = match made {
            Ok(made) => made,
            Err(problems) => {
                let mut checked = project.checked;
                checked.diagnostics.extend(problems);
                return Rebuilt {
                    checked,
                    outcome: None,
                };
            }
        };

        // The paths each scope's jobs made now, when they rendered.
        let mut apprentices_made: Vec<Vec<String>> = vec![Vec::new(); site.apprentices.len()];
        let (mut handbook_made, mut site_made, mut all_made) = (Vec::new(), Vec::new(), Vec::new());
        let mut search_made = Vec::new();
        let (mut rendered, mut kept) = (0, 0);
        for ((job, paths), wanted) in jobs.iter().zip(made).zip(&wanted) {
            if !*wanted {
                kept += 1;
                continue;
            }
            rendered += 1;
            match job.scope() {
                plan::Scope::Apprentice(i) => apprentices_made[i].extend(paths),
                plan::Scope::Handbook => handbook_made.extend(paths),
                plan::Scope::Site => site_made.extend(paths),
                plan::Scope::All => all_made.extend(paths),
                plan::Scope::Search => search_made.extend(paths),
            }
        }
        // Paths of the scopes rendered again or gone, and what they held.
        let mut dropped: Vec<String> = Vec::new();
        let mut before = std::mem::take(&mut self.made.apprentices);
        for ((i, apprentice), paths) in site.apprentices.iter().enumerate().zip(apprentices_made) {
            let mut scoped = before.remove(&apprentice.slug).unwrap_or_default();
            if apprentices_moved[i] {
                scoped.renew(key_of(plan::Scope::Apprentice(i)), paths, &mut dropped);
            }
            self.made
                .apprentices
                .insert(apprentice.slug.clone(), scoped);
        }
        // Apprentices gone since (their folder removed or renamed).
        dropped.extend(before.into_values().flat_map(|scoped| scoped.paths));
        if handbook_moved {
            let key = key_of(plan::Scope::Handbook);
            self.made.handbook.renew(key, handbook_made, &mut dropped);
        }
        if site_moved {
            let key = key_of(plan::Scope::Site);
            self.made.site.renew(key, site_made, &mut dropped);
        }
        if all_moved {
            let key = key_of(plan::Scope::All);
            self.made.all.renew(key, all_made, &mut dropped);
        }
        if search_moved {
            let key = key_of(plan::Scope::Search);
            self.made.search.renew(key, search_made, &mut dropped);
        }
        // Left behind, the index keeps its files and its old key: the
        // next rebuild draws it.
        self.search_behind = search_due && search_later;

        let files = Arc::make_mut(&mut self.files);
        let mut old_bytes: crate::FastMap<String, Bytes> =
            crate::FastMap::with_capacity_and_hasher(dropped.len(), Default::default());
        for path in dropped {
            self.prints.remove(&path);
            if let Some(bytes) = files.remove(path.as_str()) {
                self.pages -= usize::from(is_page(&path));
                old_bytes.insert(path, bytes);
            }
        }
        self.prints.extend(prints);
        let mut changed = Vec::new();
        for (path, bytes) in memory.into_files() {
            let bytes = Bytes::from(bytes);
            if old_bytes.remove(&path).is_none_or(|old| old != bytes) {
                changed.push(path.clone());
            }
            let page = is_page(&path);
            if files.insert(Arc::from(path), bytes).is_none() {
                self.pages += usize::from(page);
            }
        }
        changed.extend(old_bytes.into_keys());
        changed.sort();
        Rebuilt {
            checked: project.checked,
            outcome: Some(Outcome {
                pages: self.pages,
                rendered,
                kept,
                changed,
            }),
        }
    }
}

/// Whether the output file at `path` is an HTML page of the site.
fn is_page(path: &str) -> bool {
    path.ends_with(".html")
}
