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
    /// A file of the site, relative to it: `static/logo.png`, `mentors/claire.md`.
    File(Cow<'s, str>),
    /// A page or file compagnon makes from the whole site, in words.
    Made(String),
}

impl Source<'_> {
    /// The file of the site, or what compagnon makes, in words.
    pub fn text(&self) -> &str {
        match self {
            Source::File(file) => file,
            Source::Made(what) => what,
        }
    }

    /// The file of the site, when there is one.
    pub fn file(&self) -> Option<&str> {
        match self {
            Source::File(file) => Some(file),
            Source::Made(_) => None,
        }
    }
}

impl std::fmt::Display for Source<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text())
    }
}

/// Every file a build of `site` writes. `assets` are the theme's static
/// files, copied under `assets/`.
pub fn claims<'s>(
    site: &'s Site,
    derived: &Derived,
    assets: &[String],
    lang: Lang,
) -> Vec<Claim<'s>> {
    let mut claims = Vec::new();
    visit(site, derived, assets, lang, |claim| claims.push(claim));
    claims
}

/// Every file a build of `site` writes, one by one: a programme of 10,000
/// apprentices claims some 700,000 paths, which need not all be held at once.
pub fn visit<'s>(
    site: &'s Site,
    derived: &Derived,
    assets: &[String],
    lang: Lang,
    mut each: impl FnMut(Claim<'s>),
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
    claim(
        "index.html".into(),
        made(tr!(lang, "l'accueil", "the home page")),
    );
    for page in &site.pages {
        claim(format!("{}index.html", page_dir(page)), file(&page.file));
    }
    if let Some(framework) = &site.framework {
        claim("competencies/index.html".into(), file(&framework.file));
    }
    for competency in &site.competencies {
        claim(
            format!("competencies/{}/index.html", competency.id),
            file(&competency.file),
        );
    }
    claim(
        "mentors/index.html".into(),
        made(tr!(lang, "l'annuaire des mentors", "the mentor directory")),
    );
    for mentor in &site.mentors {
        claim(
            format!("mentors/{}/index.html", mentor.slug),
            file(&mentor.file),
        );
    }
    claim(
        "apprentices/index.html".into(),
        made(tr!(
            lang,
            "la liste des portfolios",
            "the list of portfolios"
        )),
    );
    for apprentice in &site.apprentices {
        if apprentice.visibility == Visibility::Private {
            continue;
        }
        let dir = format!("apprentices/{}/", apprentice.slug);
        claim(format!("{dir}index.html"), file(&apprentice.file));
        if apprentice.visibility == Visibility::Public {
            claim(format!("{dir}atom.xml"), file(&apprentice.file));
        }
        for entry in &apprentice.entries {
            let entry_dir = format!("{dir}{}/", entry.slug);
            claim(format!("{entry_dir}index.html"), file(&entry.file));
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
                    let thumb = Source::File(Cow::Owned(source.clone()));
                    claim(format!("{entry_dir}{name}.thumb.jpg"), thumb);
                }
                claim(
                    format!("{entry_dir}{name}"),
                    Source::File(Cow::Owned(source)),
                );
            }
        }
    }
    claim(
        "progress/index.html".into(),
        made(tr!(lang, "la progression", "progress")),
    );
    for cohort in &derived.cohorts {
        let id = &cohort.id;
        claim(
            format!("progress/{id}/index.html"),
            made(tr!(lang, "la cohorte {id}", "cohort {id}")),
        );
    }
    for (path, what) in [
        ("matching/index.html", tr!(lang, "les binômes", "matching")),
        ("search/index.html", tr!(lang, "la recherche", "search")),
        (
            "search/index.js",
            tr!(lang, "l'index de recherche", "the search index"),
        ),
        (
            "404.html",
            tr!(lang, "la page introuvable", "the not-found page"),
        ),
        (
            "atom.xml",
            tr!(lang, "le flux du programme", "the programme's feed"),
        ),
        (
            "robots.txt",
            tr!(lang, "les consignes aux robots", "the robots file"),
        ),
    ] {
        claim(path.into(), made(what));
    }
    for name in super::feeds::sitemap_files(super::feeds::sitemap_len(site, derived)) {
        claim(name, made(tr!(lang, "le plan du site", "the sitemap")));
    }
    for name in assets {
        claim(
            format!("assets/{name}"),
            made(tr!(lang, "le thème ({name})", "the theme ({name})")),
        );
    }
    for rel in &site.static_files {
        claim(
            rel.clone(),
            Source::File(Cow::Owned(format!("static/{rel}"))),
        );
    }
}
