//! Render: from the checked model and the derived figures to the files of
//! the site — HTML pages through the theme's templates, feeds, sitemap,
//! search index, copied evidence and thumbnails.
//!
//! Render never opens a source file but evidence and static files to copy,
//! and decides everything visibility allows: a private apprentice yields no
//! file and no text; an unlisted one yields pages nothing links to.

pub mod charts;
pub mod context;
pub mod coordinator;
mod dossier;
pub mod feeds;
pub mod images;
pub mod markdown;
mod matching;
mod next;
mod pages;
pub(crate) use pages::page_dir;
mod people;
pub mod plan;
mod progress;
pub mod search;
mod status;
pub mod text;
pub mod theme;
pub mod urls;

use std::path::Path;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use self::context::{Assets, Common, Link, NavItem, PageInfo, SiteInfo};
use self::theme::Theme;
use self::urls::Urls;
use crate::derive::Derived;
use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::matching::Matching;
use crate::model::{Apprentice, Site, Visibility};
use crate::output::{Content, OutputFile, Sink};
use crate::tr;

/// What a render wrote.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rendered {
    /// HTML pages.
    pub pages: usize,
    pub files: usize,
}

/// How to build.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Links end with `index.html`, for a site opened from `file://`.
    pub file_links: bool,
    /// Overrides `base_url` (`--base-url`).
    pub base_url: Option<url::Url>,
    /// Which site to make (`--edition`): the public one by default.
    pub edition: Edition,
}

/// Which of two sites a build makes from the same sources.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Edition {
    /// The site anyone may read: each apprentice's visibility decides
    /// where they appear.
    #[default]
    Public,
    /// The programme team's site, for an intranet behind the
    /// organisation's access control: every apprentice listed, private
    /// ones included, the caseload at `coordination/`, the whole matching;
    /// no page indexed and a banner on each (see [`coordinator`]). Its
    /// site is opened with every apprentice public (see
    /// `Project::for_edition`): the pages need no second way of deciding
    /// who they show.
    Coordinator,
}

impl Edition {
    /// The name `--edition` takes.
    pub fn name(self) -> &'static str {
        match self {
            Edition::Public => "public",
            Edition::Coordinator => "coordinator",
        }
    }
}

/// How far a render is: jobs ended (a page and its files, see
/// [`plan::Job`]) out of how many, read at any time from another thread
/// (a progress bar).
#[derive(Debug, Default)]
pub struct Progress {
    pub done: std::sync::atomic::AtomicUsize,
    pub total: std::sync::atomic::AtomicUsize,
}

/// Counts a job as ended when dropped, whether it succeeded or failed.
struct Counted<'a>(&'a Progress);

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        self.0
            .done
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Everything a page needs to know, shared by all pages.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub derived: &'a Derived,
    pub matching: &'a Matching,
    pub theme: &'a Theme,
    pub urls: Urls,
    pub lang: Lang,
    pub today: Date,
    pub site_root: &'a Path,
    pub edition: Edition,
    /// `assets/style.css?v=…`, shared by every page.
    assets: Assets,
    /// Each handbook page's title and address, index-aligned with `site.pages`:
    /// every page's navigation shows some of them.
    handbook_links: Vec<Link>,
    /// Thumbnails of evidence photos, by (apprentice slug, file name).
    thumbs: std::collections::BTreeMap<(String, String), std::sync::Arc<images::Thumb>>,
    /// The pages of the last render and what they were made from, for a
    /// rebuild (see [`Memo`]).
    pub memo: Option<Memo<'a>>,
}

/// What an incremental rebuild knows of the pages it made before: a page
/// whose template input is the one it had (the same context, the same
/// template and theme) is not rendered again; its bytes are those it had.
/// Jobs whose scope did not change are not even run (see
/// [`plan::Scope`]); this spares the templates of the jobs that run for
/// every change (lists, figures) but whose page did not change.
pub struct Memo<'a> {
    /// By output path: the fingerprint of each page's template input.
    pub prints: &'a crate::FastMap<String, u128>,
    /// The bytes of the last render, by output path.
    pub files: &'a crate::session::Files,
    /// The fingerprints of the pages made by this render.
    pub made: std::sync::Mutex<Vec<(String, u128)>>,
}

/// Hashes what serde writes into it, for a page's fingerprint.
struct Hashing(xxhash_rust::xxh3::Xxh3Default);

impl std::io::Write for Hashing {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What one page job produces.
type Produced = Result<Vec<OutputFile>, Box<Diagnostic>>;

impl<'a> Renderer<'a> {
    pub fn new(
        site: &'a Site,
        derived: &'a Derived,
        matching: &'a Matching,
        theme: &'a Theme,
        site_root: &'a Path,
        today: Date,
        options: &RenderOptions,
    ) -> Self {
        Renderer {
            thumbs: images::thumbnails(site, site_root),
            ..Self::without_thumbnails(site, derived, matching, theme, site_root, today, options)
        }
    }

    /// [`Renderer::new`] without the thumbnails of evidence photos, which
    /// it decodes: for what draws no page but words (`compagnon report`).
    pub(crate) fn without_thumbnails(
        site: &'a Site,
        derived: &'a Derived,
        matching: &'a Matching,
        theme: &'a Theme,
        site_root: &'a Path,
        today: Date,
        options: &RenderOptions,
    ) -> Self {
        let base = options
            .base_url
            .clone()
            .unwrap_or_else(|| site.config.base_url.clone());
        let versioned = |name: &str| {
            let hash = theme
                .assets
                .iter()
                .find(|(n, _)| n == name)
                .map_or(0, |(_, bytes)| fnv(bytes));
            format!("assets/{name}?v={hash:08x}")
        };
        let assets = Assets {
            css: versioned("style.css"),
            coordinator_css: versioned("coordinator.css"),
            js: versioned("compagnon.js"),
            search_js: versioned("search.js"),
            caseload_js: versioned("caseload.js"),
            search_index: search::INDEX.into(),
            favicon: site
                .static_files
                .iter()
                .find(|f| *f == "favicon.svg")
                .cloned(),
        };
        let urls = Urls::new(base, options.file_links);
        let lang = site.config.language;
        let handbook_links = site
            .pages
            .iter()
            .zip(&derived.handbook.label)
            .map(|(p, label)| Link {
                label: text::typography(lang, label.as_deref().unwrap_or(&p.title)),
                url: urls.page(&pages::page_dir(p)),
            })
            .collect();
        Renderer {
            site,
            derived,
            matching,
            theme,
            urls,
            lang,
            handbook_links,
            today,
            site_root,
            edition: options.edition,
            assets,
            thumbs: Default::default(),
            memo: None,
        }
    }

    /// Renders every file of the site into `sink`, in parallel, job by
    /// job of the plan ([`plan::jobs`], which also names every file each
    /// job writes). Returns how many HTML pages and files were made, or
    /// every problem found.
    pub fn render(&self, sink: &dyn Sink) -> Result<Rendered, Vec<Diagnostic>> {
        self.render_counted(sink, None)
    }

    /// [`Renderer::render`], counting the jobs in `progress` as they end.
    pub fn render_counted(
        &self,
        sink: &dyn Sink,
        progress: Option<&Progress>,
    ) -> Result<Rendered, Vec<Diagnostic>> {
        let jobs = plan::edition_jobs(self.site, self.derived, self.edition);
        if let Some(progress) = progress {
            progress
                .total
                .store(jobs.len(), std::sync::atomic::Ordering::Relaxed);
        }
        let counts = self.run_jobs(sink, &jobs, None, progress, |files| Rendered {
            pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
            files: files.len(),
        })?;
        Ok(counts
            .into_iter()
            .fold(Rendered::default(), |total, c| Rendered {
                pages: total.pages + c.pages,
                files: total.files + c.files,
            }))
    }

    /// Renders the jobs of the plan that `wanted` picks into `sink`, in
    /// parallel: for an incremental rebuild, which renders only the jobs
    /// whose inputs moved. Returns, index-aligned with `jobs`, the paths
    /// each job picked made (empty for the others), or every problem found.
    pub fn render_picked(
        &self,
        sink: &dyn Sink,
        jobs: &[plan::Job],
        wanted: &[bool],
    ) -> Result<Vec<Vec<String>>, Vec<Diagnostic>> {
        self.run_jobs(sink, jobs, Some(wanted), None, |files| {
            files.iter().map(|f| f.path.clone()).collect()
        })
    }

    /// Runs `jobs` in parallel (those `wanted` picks, or all), each job's
    /// files told of by `summary` and put into `sink`; index-aligned with
    /// `jobs` (the default for a job not picked), or every problem found.
    fn run_jobs<T: Send + Default>(
        &self,
        sink: &dyn Sink,
        jobs: &[plan::Job],
        wanted: Option<&[bool]>,
        progress: Option<&Progress>,
        summary: impl Fn(&[OutputFile]) -> T + Sync,
    ) -> Result<Vec<T>, Vec<Diagnostic>> {
        let results: Vec<Result<T, Box<Diagnostic>>> = jobs
            .par_iter()
            .enumerate()
            .map(|(i, &job)| {
                let _counted = progress.map(Counted);
                if wanted.is_some_and(|wanted| !wanted[i]) {
                    return Ok(T::default());
                }
                let files = self.run(job)?;
                let told = summary(&files);
                for file in files {
                    sink.put(file)?;
                }
                Ok(told)
            })
            .collect();
        let mut made = Vec::with_capacity(results.len());
        let mut problems = Vec::new();
        for result in results {
            match result {
                Ok(told) => made.push(told),
                Err(problem) => problems.push(*problem),
            }
        }
        if problems.is_empty() {
            Ok(made)
        } else {
            problems.sort_by(|a, b| a.message.cmp(&b.message));
            problems.dedup_by(|a, b| a.message == b.message && a.label == b.label);
            Err(problems)
        }
    }

    /// The files of one job of the plan.
    pub fn run(&self, job: plan::Job) -> Produced {
        use plan::Job;
        match job {
            Job::Feeds => Ok(vec![self.programme_feed()]),
            Job::Sitemap => Ok(self.sitemap_and_robots()),
            Job::Robots => Ok(vec![coordinator::robots()]),
            Job::Caseload => self.caseload(),
            Job::SearchIndex => Ok(self.search_index_files()),
            Job::Matching => self.matching_page(),
            Job::Home => self.home(),
            Job::Handbook(i) => self.handbook_page(i),
            Job::HandbookPrint => self.handbook_print(),
            Job::Framework => self.framework(),
            Job::Competency(i) => self.competency(i),
            Job::Mentors => self.mentors(),
            Job::Mentor(i) => self.mentor(i),
            Job::Apprentices => self.apprentices(),
            Job::Portfolio(i) => self.portfolio(i),
            Job::PortfolioPrint(i) => self.portfolio_print(i),
            Job::Entry(i, e) => self.entry(i, e),
            Job::Feed(i) => Ok(vec![self.feed(i)]),
            Job::Progress(cohort) => self.progress(cohort),
            Job::Search => self.search(),
            Job::NotFound => self.not_found(),
            Job::Static => Ok(self.static_files()),
            Job::HandbookFiles => Ok(self
                .site
                .handbook_files
                .iter()
                .map(|rel| OutputFile {
                    path: crate::derive::links::handbook_file_output(rel),
                    content: Content::Copy(self.site_root.join("programme").join(rel)),
                })
                .collect()),
        }
    }

    /// The fields every page shares.
    fn common(&self, dir: &str, title: &str, kind: &str, section: &str) -> Common {
        // The 404 page is served for a missing address at any depth: its
        // links are absolute, to the published site.
        let root = if kind == "404" {
            self.urls.absolute("")
        } else {
            Urls::root_from(dir)
        };
        Common {
            site: SiteInfo {
                title: text::typography(self.lang, &self.site.config.title),
                description: self
                    .site
                    .config
                    .description
                    .as_deref()
                    .map(|d| text::typography(self.lang, d)),
                language: self.lang.code().into(),
                base_url: self.urls.absolute(""),
                contact: self.programme_contact(),
            },
            page: PageInfo {
                title: text::typography(self.lang, title),
                description: None,
                url: self.urls.page(dir),
                canonical: self.urls.absolute(dir),
                noindex: false,
                kind: kind.into(),
                breadcrumbs: Vec::new(),
                feed: None,
            },
            nav: self.nav(section),
            root,
            home_url: self.urls.page(""),
            search_url: self.urls.page("search/"),
            assets: self.assets.clone(),
            today: text::date(self.lang, self.today),
            confidential: (self.edition == Edition::Coordinator).then(|| self.banner()),
            inline_css: (kind == "404").then(|| self.inline_css()),
        }
    }

    /// The theme's stylesheet, to write inside a `<style>` element.
    fn inline_css(&self) -> String {
        let css = self
            .theme
            .assets
            .iter()
            .find(|(name, _)| name == "style.css")
            .map_or_else(String::new, |(_, bytes)| {
                String::from_utf8_lossy(bytes).into_owned()
            });
        // "</style>" inside would end the element: `\/` is a slash to CSS.
        css.replace("</", "<\\/")
    }

    fn nav(&self, current: &str) -> Vec<NavItem> {
        let lang = self.lang;
        let mut items = Vec::new();
        // The caseload first: what the team opens its edition for.
        if self.edition == Edition::Coordinator {
            items.push((coordinator::DIR, tr!(lang, "Suivi", "Caseload")));
        }
        items.push(("", tr!(lang, "Accueil", "Home")));
        if !self.site.pages.is_empty() {
            items.push(("programme/", tr!(lang, "Guide", "Handbook")));
        }
        if self.site.framework.is_some() {
            items.push(("competencies/", tr!(lang, "Référentiel", "Framework")));
        }
        items.push(("mentors/", tr!(lang, "Mentors", "Mentors")));
        items.push(("apprentices/", tr!(lang, "Portfolios", "Portfolios")));
        items.push(("progress/", tr!(lang, "Progression", "Progress")));
        items.push(("matching/", tr!(lang, "Binômes", "Matching")));
        items.push(("search/", tr!(lang, "Recherche", "Search")));
        items
            .into_iter()
            .map(|(dir, label)| NavItem {
                current: dir == current,
                url: self.urls.page(dir),
                label,
            })
            .collect()
    }

    /// A link to a page folder, relative to the root.
    fn link(&self, label: &str, dir: &str) -> Link {
        Link {
            label: text::typography(self.lang, label),
            url: self.urls.page(dir),
        }
    }

    fn home_link(&self) -> Link {
        self.link(&tr!(self.lang, "Accueil", "Home"), "")
    }

    /// Renders `template` with `context` to `<dir>index.html`.
    fn page<T: Serialize>(&self, dir: &str, template: &str, context: &T) -> Produced {
        let path = if template == "404.html" {
            "404.html".to_string()
        } else {
            format!("{dir}index.html")
        };
        self.page_at(path, template, context)
    }

    /// [`Renderer::page`] into the file at `path`.
    fn page_at<T: Serialize>(&self, path: String, template: &str, context: &T) -> Produced {
        if let Some(memo) = &self.memo {
            let mut hashing = Hashing(xxhash_rust::xxh3::Xxh3Default::new());
            hashing.0.update(&self.theme.inputs.to_le_bytes());
            hashing.0.update(template.as_bytes());
            // A context that cannot be written is rendered, and fails there.
            if serde_json::to_writer(&mut hashing, context).is_ok() {
                let print = hashing.0.digest128();
                memo.made
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push((path.clone(), print));
                if memo.prints.get(&path) == Some(&print)
                    && let Some(bytes) = memo.files.get(path.as_str())
                {
                    return Ok(vec![OutputFile {
                        path,
                        content: Content::Bytes(bytes.to_vec()),
                    }]);
                }
            }
        }
        let context = tera::Context::from_serialize(context)
            .map_err(|e| self.theme.problem(self.lang, &e))?;
        let html = self
            .theme
            .tera
            .render(template, &context)
            .map_err(|e| self.theme.problem(self.lang, &e))?;
        Ok(vec![OutputFile {
            path,
            content: Content::Bytes(html.into_bytes()),
        }])
    }

    fn markdown(&self, body: &str, dir: &str) -> markdown::Rendered {
        self.markdown_from(body, dir, "", None)
    }

    /// The text of the file `source` (relative to the site), shown on its
    /// page at `dir`: links to files of the site lead to their pages.
    fn markdown_of(&self, body: &str, dir: &str, source: &str) -> markdown::Rendered {
        self.markdown_from(body, dir, "", Some(source))
    }

    /// Markdown written for the page at `dir` + `rebase`, shown on the
    /// page at `dir`; from the file `source` when it has one.
    fn markdown_from(
        &self,
        body: &str,
        dir: &str,
        rebase: &str,
        source: Option<&str>,
    ) -> markdown::Rendered {
        let root = Urls::root_from(dir);
        // The page the text was written for: links written as addresses
        // are relative to it.
        let written_at = format!("{dir}{rebase}");
        // An image of the site also gets its size, read from its header:
        // the page does not jump as it loads on a slow line.
        let resolve = |dest: &str, image: bool| match source
            .map(|source| self.derived.links.resolve(dest, source, &written_at))
        {
            Some(crate::derive::links::Resolved::File {
                output,
                fragment,
                source,
            }) => Some(markdown::Target {
                title: self.derived.links.titles.get(&output).cloned(),
                href: self
                    .urls
                    .to_output(&output, &markdown::fold_fragment(&fragment), &root),
                size: (image && images::has_size(&source))
                    .then(|| imagesize::size(self.site_root.join(&source)).ok())
                    .flatten()
                    .and_then(|size| {
                        Some((size.width.try_into().ok()?, size.height.try_into().ok()?))
                    }),
            }),
            _ => None,
        };
        markdown::render(
            body,
            &markdown::MarkdownCtx {
                urls: &self.urls,
                root: &root,
                lang: self.lang,
                unsafe_html: self.site.config.markdown.unsafe_html,
                remote_media: self.site.config.markdown.remote_media,
                rebase,
                resolve: source.is_some().then_some(&resolve),
            },
        )
    }

    /// Where an apprentice's pages live.
    fn apprentice_dir(apprentice: &Apprentice) -> String {
        format!("apprentices/{}/", apprentice.slug)
    }

    fn is_public(&self, index: usize) -> bool {
        self.site.apprentices[index].visibility == Visibility::Public
    }

    /// The theme's assets and the site's `static/` files.
    fn static_files(&self) -> Vec<OutputFile> {
        let mut files: Vec<OutputFile> = self
            .theme
            .assets
            .iter()
            .map(|(name, bytes)| OutputFile {
                path: format!("assets/{name}"),
                content: Content::Bytes(bytes.clone()),
            })
            .collect();
        for rel in &self.site.static_files {
            files.push(OutputFile {
                path: rel.clone(),
                content: Content::Copy(self.site_root.join("static").join(rel)),
            });
        }
        files
    }

    fn level_name(&self, level: u8) -> String {
        let scale = self
            .site
            .framework
            .as_ref()
            .map_or(&[][..], |f| f.scale.as_slice());
        match level {
            0 => tr!(self.lang, "Pas encore évalué", "Not assessed yet"),
            l => scale
                .get(l as usize - 1)
                .cloned()
                .unwrap_or_else(|| l.to_string()),
        }
    }

    fn scale_len(&self) -> u8 {
        self.site
            .framework
            .as_ref()
            .map_or(0, |f| f.scale.len().min(255) as u8)
    }
}

/// A small stable hash for cache-busting asset URLs (FNV-1a): the same
/// bytes give the same URL on every machine, unlike std's randomised hasher.
fn fnv(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c9dc5u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x01000193)
    })
}
