//! Every file a build will write, named before anything is rendered, with
//! the source that claims it: `check` refuses two sources for one output
//! path (or for two paths that differ only by case, which are one file on a
//! USB stick or a Windows share), so the build never has to pick a winner.
//!
//! This list and [`super::Renderer::render`] describe the same files; a test
//! compares the two on real sites.

use std::borrow::Cow;

use super::images::is_image;
use super::pages::page_dir;
use super::{Edition, coordinator};
use crate::derive::Derived;
use crate::i18n::Lang;
use crate::model::{Evidence, Site, Visibility};
use crate::tr;

/// One output file and what makes it. Sources borrow the site's file
/// names: a programme of 10,000 apprentices claims some 700,000 paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim<'s> {
    /// Relative to the output folder, with `/`.
    pub path: String,
    pub source: Source<'s>,
}

/// What makes an output file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source<'s> {
    /// A file of the site that load reads, relative to it: `mentors/claire.md`.
    File(Cow<'s, str>),
    /// A file of the site published as it is (or a thumbnail made of it),
    /// which load does not read: `static/logo.png`, an entry's evidence.
    Copy(Cow<'s, str>),
    /// A page or file compagnon makes from the whole site, in words.
    Made(String),
}

impl Source<'_> {
    /// The file of the site, or what compagnon makes, in words.
    pub fn text(&self) -> &str {
        match self {
            Source::File(file) | Source::Copy(file) => file,
            Source::Made(what) => what,
        }
    }

    /// The file of the site, when there is one.
    pub fn file(&self) -> Option<&str> {
        match self {
            Source::File(file) | Source::Copy(file) => Some(file),
            Source::Made(_) => None,
        }
    }

    /// The file of the site published as it is, when it is one.
    pub fn copied(&self) -> Option<&str> {
        match self {
            Source::Copy(file) => Some(file),
            Source::File(_) | Source::Made(_) => None,
        }
    }
}

impl std::fmt::Display for Source<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text())
    }
}

/// One job of a build: what render makes at once, usually one page and
/// the files that go with it (an entry's evidence, a portfolio's feed).
/// Every output file belongs to exactly one job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// The programme's feed: the latest entries of public portfolios.
    Feeds,
    /// The sitemap and robots.txt, which names it: a job apart from the
    /// feed, which quotes the text of entries that the sitemap does not.
    Sitemap,
    /// The coordinator's edition has no sitemap: its robots.txt turns
    /// every robot away.
    Robots,
    /// The caseload of the coordinator's edition (`coordination/`).
    Caseload,
    /// The search index (`search/index.js`, its shards and documents):
    /// every public text, a job of its own so that it is made beside the
    /// feeds, not after them.
    SearchIndex,
    Matching,
    Home,
    /// Index into `site.pages`.
    Handbook(usize),
    Framework,
    /// Index into `site.competencies`.
    Competency(usize),
    Mentors,
    /// Index into `site.mentors`.
    Mentor(usize),
    Apprentices,
    /// Index into `site.apprentices`: a portfolio that is not private.
    Portfolio(usize),
    /// Index into `site.apprentices`: the portfolio's whole record on one
    /// page, to print and file (`apprentices/<slug>/print.html`).
    PortfolioPrint(usize),
    /// (apprentice, entry): the entry's page, its evidence, their thumbnails.
    Entry(usize, usize),
    /// Index into `site.apprentices`: a public portfolio's feed. A job of
    /// its own: 10,000 feeds made by one job were held all at once (90 MB).
    Feed(usize),
    /// The programme's progress, or a cohort's (index into `derived.cohorts`).
    Progress(Option<usize>),
    Search,
    NotFound,
    /// The theme's assets and the site's `static/` files.
    Static,
    /// The handbook's files other than pages: images, PDFs…
    HandbookFiles,
    /// The whole handbook on one page, to print (`programme/print.html`).
    HandbookPrint,
}

/// What a job's files are made from, for an incremental rebuild: every
/// job reads the files of the site that no apprentice and no handbook page
/// owns (site.toml, the framework, the mentors, the theme); some read
/// nothing more. A job reading something its scope does not name would be
/// rendered stale: the property test of `tests/incremental.rs` compares
/// rebuilds with clean builds after random edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One apprentice's folder (index into `site.apprentices`): their
    /// portfolio, log entries and feed show nothing of anyone else.
    Apprentice(usize),
    /// The handbook's pages and files: each page shows the handbook's
    /// navigation.
    Handbook,
    /// Anything but the text of log entries: the lists, figures,
    /// matching. An entry's text shows on its own page and in the
    /// feeds only, so that writing in one's log does not draw the pages of
    /// the whole programme again.
    Site,
    /// Anything, the text of log entries included: the programme's feed,
    /// which quotes the latest.
    All,
    /// The search index, which holds every text, log entries included: as
    /// [`Scope::All`], on its own so that `serve` may draw it after the
    /// pages it reloads (see [`crate::session::Session::rebuild_pages_first`]).
    Search,
}

impl Job {
    pub fn scope(self) -> Scope {
        match self {
            Job::Entry(i, _) | Job::Portfolio(i) | Job::PortfolioPrint(i) | Job::Feed(i) => {
                Scope::Apprentice(i)
            }
            Job::Handbook(_) | Job::HandbookFiles | Job::HandbookPrint => Scope::Handbook,
            Job::Feeds => Scope::All,
            // The index holds the text of log entries.
            Job::SearchIndex => Scope::Search,
            Job::Sitemap
            | Job::Robots
            | Job::Caseload
            | Job::Matching
            | Job::Home
            | Job::Framework
            | Job::Competency(_)
            | Job::Mentors
            | Job::Mentor(_)
            | Job::Apprentices
            | Job::Progress(_)
            | Job::Search
            | Job::NotFound
            | Job::Static => Scope::Site,
        }
    }
}

/// Every job of a build of the public site, in the order render starts
/// them: the longest first, so that none is left running alone at the end.
pub fn jobs(site: &Site, derived: &Derived) -> Vec<Job> {
    edition_jobs(site, derived, Edition::Public)
}

/// Every job of a build of `edition` of `site` (see [`jobs`]). The
/// coordinator's is opened with every apprentice public, so it makes every
/// portfolio; it adds the caseload and has robots.txt turn robots away
/// instead of naming a sitemap.
pub fn edition_jobs(site: &Site, derived: &Derived, edition: Edition) -> Vec<Job> {
    let entries: usize = site.apprentices.iter().map(|a| a.entries.len()).sum();
    let mut jobs = Vec::with_capacity(
        16 + site.pages.len()
            + site.competencies.len()
            + site.mentors.len()
            + 3 * site.apprentices.len()
            + entries
            + derived.cohorts.len(),
    );
    // The progress pages list every apprentice: the longest jobs, and the
    // ones that hold the most while they run, started while the list of
    // files written is short.
    jobs.push(Job::Progress(None));
    jobs.extend((0..derived.cohorts.len()).map(|c| Job::Progress(Some(c))));
    jobs.push(Job::SearchIndex);
    match edition {
        Edition::Public => jobs.push(Job::Sitemap),
        Edition::Coordinator => jobs.extend([Job::Caseload, Job::Robots]),
    }
    jobs.extend([Job::Feeds, Job::Matching, Job::Home]);
    jobs.extend((0..site.pages.len()).map(Job::Handbook));
    if !site.pages.is_empty() {
        jobs.push(Job::HandbookPrint);
    }
    if site.framework.is_some() {
        jobs.push(Job::Framework);
    }
    jobs.extend((0..site.competencies.len()).map(Job::Competency));
    jobs.push(Job::Mentors);
    jobs.extend((0..site.mentors.len()).map(Job::Mentor));
    jobs.push(Job::Apprentices);
    for (i, apprentice) in site.apprentices.iter().enumerate() {
        if apprentice.visibility == Visibility::Private {
            continue;
        }
        jobs.push(Job::Portfolio(i));
        jobs.push(Job::PortfolioPrint(i));
        if apprentice.visibility == Visibility::Public {
            jobs.push(Job::Feed(i));
        }
        jobs.extend((0..apprentice.entries.len()).map(|e| Job::Entry(i, e)));
    }
    jobs.extend([Job::Search, Job::NotFound, Job::Static]);
    if !site.handbook_files.is_empty() {
        jobs.push(Job::HandbookFiles);
    }
    jobs
}

/// The whole handbook on one page: a file, so that no page of the
/// handbook (a folder each) can claim its address.
pub const PRINT: &str = "programme/print.html";

/// An apprentice's record to print: a file in their folder, which no
/// entry (a folder named after its date) can claim.
pub fn portfolio_print(slug: &str) -> String {
    format!("apprentices/{slug}/print.html")
}

/// The file a page's alias (`aliases = ["/ancien/chemin/"]`) is written
/// to: `ancien/chemin/index.html`, or the file named (`ancien.html`).
/// None for an alias that leaves the site (`../`, an address elsewhere).
pub fn alias_output(alias: &str) -> Option<String> {
    if alias.contains("://") || alias.contains('\\') {
        return None;
    }
    let path = alias.split(['#', '?']).next().unwrap_or("");
    let path = crate::load::normalise_path(path.trim_start_matches('/'))?;
    if path.is_empty() {
        return None;
    }
    let last = path.rsplit('/').next().unwrap_or("");
    Some(if last.ends_with(".html") || last.ends_with(".htm") {
        path
    } else {
        format!("{path}/index.html")
    })
}

/// Every file a build of `site` writes. `assets` are the theme's static
/// files, copied under `assets/`.
pub fn claims<'s>(
    site: &'s Site,
    derived: &Derived,
    assets: &[String],
    lang: Lang,
) -> Vec<Claim<'s>> {
    edition_claims(site, derived, assets, lang, Edition::Public)
}

/// Every file a build of `edition` of `site` writes.
pub fn edition_claims<'s>(
    site: &'s Site,
    derived: &Derived,
    assets: &[String],
    lang: Lang,
    edition: Edition,
) -> Vec<Claim<'s>> {
    let mut claims = Vec::new();
    visit_edition(site, derived, assets, lang, edition, |claim| {
        claims.push(claim)
    });
    claims
}

/// Every file a build of `site` writes, one by one, job by job: a
/// programme of 10,000 apprentices claims some 700,000 paths, which need
/// not all be held at once.
pub fn visit<'s>(
    site: &'s Site,
    derived: &Derived,
    assets: &[String],
    lang: Lang,
    each: impl FnMut(Claim<'s>),
) {
    visit_edition(site, derived, assets, lang, Edition::Public, each);
}

/// [`visit`] for a build of `edition`.
pub fn visit_edition<'s>(
    site: &'s Site,
    derived: &Derived,
    assets: &[String],
    lang: Lang,
    edition: Edition,
    mut each: impl FnMut(Claim<'s>),
) {
    for job in edition_jobs(site, derived, edition) {
        visit_job(site, derived, assets, lang, job, &mut each);
    }
}

/// The files one job writes, with their sources.
pub fn visit_job<'s>(
    site: &'s Site,
    derived: &Derived,
    assets: &[String],
    lang: Lang,
    job: Job,
    each: &mut impl FnMut(Claim<'s>),
) {
    let mut claim = |path: String, source: Source<'s>| each(Claim { path, source });
    let file = |file: &'s str| Source::File(Cow::Borrowed(file));
    let made = |what: String| {
        Source::Made(tr!(
            lang,
            "{what} (faite par compagnon)",
            "{what} (made by compagnon)"
        ))
    };
    match job {
        Job::Feeds => claim(
            "atom.xml".into(),
            made(tr!(lang, "le flux du programme", "the programme's feed")),
        ),
        Job::Sitemap => {
            for name in super::feeds::sitemap_files(super::feeds::sitemap_len(site, derived)) {
                claim(name, made(tr!(lang, "le plan du site", "the sitemap")));
            }
            claim(
                "robots.txt".into(),
                made(tr!(lang, "les consignes aux robots", "the robots file")),
            );
        }
        Job::Robots => claim(
            "robots.txt".into(),
            made(tr!(lang, "les consignes aux robots", "the robots file")),
        ),
        Job::Caseload => claim(
            format!("{}index.html", coordinator::DIR),
            made(tr!(lang, "le suivi des apprentis", "the caseload")),
        ),
        Job::SearchIndex => {
            for path in super::search::files(site) {
                claim(
                    path,
                    made(tr!(lang, "l'index de recherche", "the search index")),
                );
            }
        }
        Job::Matching => claim(
            "matching/index.html".into(),
            made(tr!(lang, "les binômes", "matching")),
        ),
        Job::Home => claim(
            "index.html".into(),
            made(tr!(lang, "l'accueil", "the home page")),
        ),
        Job::Handbook(i) => {
            let page = &site.pages[i];
            claim(format!("{}index.html", page_dir(page)), file(&page.file));
            for alias in &page.aliases {
                if let Some(path) = alias_output(alias) {
                    claim(path, file(&page.file));
                }
            }
        }
        Job::HandbookPrint => claim(
            PRINT.into(),
            made(tr!(lang, "le guide à imprimer", "the handbook to print")),
        ),
        Job::HandbookFiles => {
            for rel in &site.handbook_files {
                claim(
                    crate::derive::links::handbook_file_output(rel),
                    Source::Copy(Cow::Owned(format!("programme/{rel}"))),
                );
            }
        }
        Job::Framework => {
            if let Some(framework) = &site.framework {
                claim("competencies/index.html".into(), file(&framework.file));
            }
        }
        Job::Competency(i) => {
            let competency = &site.competencies[i];
            claim(
                format!("competencies/{}/index.html", competency.id),
                file(&competency.file),
            );
        }
        Job::Mentors => claim(
            "mentors/index.html".into(),
            made(tr!(lang, "l'annuaire des mentors", "the mentor directory")),
        ),
        Job::Mentor(i) => {
            let mentor = &site.mentors[i];
            claim(
                format!("mentors/{}/index.html", mentor.slug),
                file(&mentor.file),
            );
        }
        Job::Apprentices => claim(
            "apprentices/index.html".into(),
            made(tr!(
                lang,
                "la liste des portfolios",
                "the list of portfolios"
            )),
        ),
        Job::Portfolio(i) => {
            let apprentice = &site.apprentices[i];
            claim(
                format!("apprentices/{}/index.html", apprentice.slug),
                file(&apprentice.file),
            );
        }
        Job::PortfolioPrint(i) => {
            let apprentice = &site.apprentices[i];
            claim(portfolio_print(&apprentice.slug), file(&apprentice.file));
        }
        Job::Feed(i) => {
            let apprentice = &site.apprentices[i];
            claim(
                format!("apprentices/{}/atom.xml", apprentice.slug),
                file(&apprentice.file),
            );
        }
        Job::Entry(i, e) => {
            let apprentice = &site.apprentices[i];
            let entry = &apprentice.entries[e];
            let dir = format!("apprentices/{}/", apprentice.slug);
            let entry_dir = format!("{dir}{}/", entry.slug);
            claim(
                format!("{entry_dir}index.html"),
                Source::File(Cow::Owned(entry.file(&apprentice.slug))),
            );
            let mut cited: Vec<&str> = entry
                .evidence
                .iter()
                .filter_map(|e| match &e.value {
                    Evidence::File(name) => Some(name.as_str()),
                    Evidence::Url(_) => None,
                })
                .collect();
            // An entry may cite a file twice; it is copied once.
            cited.sort_unstable();
            cited.dedup();
            for name in cited {
                let source = format!("{dir}{name}");
                if is_image(name) {
                    let thumb = Source::Copy(Cow::Owned(source.clone()));
                    claim(format!("{entry_dir}{name}.thumb.jpg"), thumb);
                }
                claim(
                    format!("{entry_dir}{name}"),
                    Source::Copy(Cow::Owned(source)),
                );
            }
        }
        Job::Progress(None) => claim(
            "progress/index.html".into(),
            made(tr!(lang, "la progression", "progress")),
        ),
        Job::Progress(Some(c)) => {
            let id = &derived.cohorts[c].id;
            claim(
                format!("progress/{id}/index.html"),
                made(tr!(lang, "la cohorte {id}", "cohort {id}")),
            );
        }
        Job::Search => claim(
            "search/index.html".into(),
            made(tr!(lang, "la recherche", "search")),
        ),
        Job::NotFound => claim(
            "404.html".into(),
            made(tr!(lang, "la page introuvable", "the not-found page")),
        ),
        Job::Static => {
            for name in assets {
                claim(
                    format!("assets/{name}"),
                    made(tr!(lang, "le thème ({name})", "the theme ({name})")),
                );
            }
            for rel in &site.static_files {
                claim(
                    rel.clone(),
                    Source::Copy(Cow::Owned(format!("static/{rel}"))),
                );
            }
        }
    }
}
