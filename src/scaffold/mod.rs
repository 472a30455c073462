//! Writing new files for the user: `compagnon init` (a whole small site) and
//! `compagnon new entry` (one dated log entry with its front matter).
//!
//! The starter site is a set of template files under `src/scaffold/<lang>/`,
//! compiled in, with `{{today}}`, `{{end}}` and `{{due}}` filled in so that a
//! new site passes `compagnon check` the day it is made.

pub mod demo;

use std::path::{Path, PathBuf};

use jiff::ToSpan;
use jiff::civil::Date;

use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::model::EntryKind;
use crate::slug::{nearest, slugify};
use crate::tr;

/// The starter site: (path in the new site, template).
fn starter(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::Fr => &[
            ("site.toml", include_str!("fr/site.toml")),
            (
                "programme/_index.md",
                include_str!("fr/programme/_index.md"),
            ),
            (
                "competencies/_index.md",
                include_str!("fr/competencies/_index.md"),
            ),
            (
                "competencies/organiser-son-poste.md",
                include_str!("fr/competencies/organiser-son-poste.md"),
            ),
            (
                "mentors/mentor-exemple.md",
                include_str!("fr/mentors/mentor-exemple.md"),
            ),
            (
                "apprentices/apprenti-exemple/_index.md",
                include_str!("fr/apprentices/apprenti-exemple/_index.md"),
            ),
            (
                "apprentices/apprenti-exemple/{{today}}-premier-point.md",
                include_str!("fr/apprentices/apprenti-exemple/entry.md"),
            ),
        ],
        Lang::En => &[
            ("site.toml", include_str!("en/site.toml")),
            (
                "programme/_index.md",
                include_str!("en/programme/_index.md"),
            ),
            (
                "competencies/_index.md",
                include_str!("en/competencies/_index.md"),
            ),
            (
                "competencies/organise-workstation.md",
                include_str!("en/competencies/organise-workstation.md"),
            ),
            (
                "mentors/sample-mentor.md",
                include_str!("en/mentors/sample-mentor.md"),
            ),
            (
                "apprentices/sample-apprentice/_index.md",
                include_str!("en/apprentices/sample-apprentice/_index.md"),
            ),
            (
                "apprentices/sample-apprentice/{{today}}-first-check-in.md",
                include_str!("en/apprentices/sample-apprentice/entry.md"),
            ),
        ],
    }
}

fn io_problem(lang: Lang, path: &Path, error: &std::io::Error) -> Box<Diagnostic> {
    Box::new(crate::diagnostics::write_failed(lang, path, error))
}

/// Creates a made-up programme of `apprentices` apprentices in `dir`,
/// which must not exist or be empty (see [`demo`]).
pub fn init_demo(
    dir: &Path,
    lang: Lang,
    apprentices: usize,
    today: Date,
) -> Result<demo::Demo, Box<Diagnostic>> {
    refuse_non_empty(dir, lang)?;
    demo::write(dir, apprentices, today).map_err(|e| io_problem(lang, dir, &e))
}

/// A folder that exists and holds files is not written into.
fn refuse_non_empty(dir: &Path, lang: Lang) -> Result<(), Box<Diagnostic>> {
    let shown = dir.display().to_string();
    if dir.is_file()
        || dir
            .read_dir()
            .is_ok_and(|mut entries| entries.next().is_some())
    {
        return Err(Diagnostic::error(
            "not-empty",
            tr!(
                lang,
                "le dossier {shown} existe déjà et n'est pas vide",
                "folder {shown} already exists and is not empty"
            ),
        )
        .help(tr!(
            lang,
            "choisissez un nouveau nom de dossier : compagnon init mon-programme",
            "choose a new folder name: compagnon init my-programme"
        ))
        .into());
    }
    Ok(())
}

/// Creates a new site in `dir`, which must not exist or be empty.
/// Returns the files written, relative to `dir`.
pub fn init(dir: &Path, lang: Lang, today: Date) -> Result<Vec<String>, Box<Diagnostic>> {
    refuse_non_empty(dir, lang)?;
    let end = today.saturating_add(10.months());
    let due = today.saturating_add(3.months());
    let fill = |text: &str| {
        text.replace("{{today}}", &today.to_string())
            .replace("{{end}}", &end.to_string())
            .replace("{{due}}", &due.to_string())
    };
    let mut written = Vec::new();
    for (path, template) in starter(lang) {
        let rel = fill(path);
        let target = dir.join(&rel);
        let result = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, fill(template)));
        result.map_err(|e| io_problem(lang, &target, &e))?;
        written.push(rel);
    }
    std::fs::create_dir_all(dir.join("static")).map_err(|e| io_problem(lang, dir, &e))?;
    Ok(written)
}

/// What `compagnon new entry` needs.
pub struct NewEntry<'a> {
    pub site: &'a Path,
    pub apprentice: &'a str,
    pub title: &'a str,
    pub kind: EntryKind,
    /// `--date`; else the reference day `check` and `build` judge on
    /// (`[programme] as_of`, never after `end`), else today.
    pub date: Option<Date>,
}

/// Writes `apprentices/<slug>/<date>-<title-slug>.md` with its front matter
/// filled in. Returns the path written, relative to the site.
/// The longest title part of a new entry's file name, in bytes: file names
/// stay well under the 255 bytes file systems allow, and readable in a
/// listing; the whole title stays in the file.
const MAX_SLUG: usize = 60;

/// `slug` cut at a word boundary (a `-`) at most `max` bytes long.
fn shorten_slug(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    let mut end = max;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &slug[..end];
    match cut.rfind('-') {
        Some(at) if at > max / 2 => cut[..at].to_string(),
        _ => cut.trim_end_matches('-').to_string(),
    }
}

pub fn new_entry(request: &NewEntry) -> Result<String, Box<Diagnostic>> {
    let config = std::fs::read_to_string(request.site.join("site.toml")).unwrap_or_default();
    let lang = crate::load::items::sniff_language(&config);
    if !request.site.join("site.toml").is_file() {
        return Err(crate::load::not_a_site(request.site, lang)
            .help(tr!(
                lang,
                "lancez la commande dans le dossier du site, ou indiquez-le avec --site DOSSIER",
                "run the command in the site's folder, or name it with --site FOLDER"
            ))
            .into());
    }
    let apprentices = apprentice_slugs(&request.site.join("apprentices"));
    let slug = request.apprentice;
    if !apprentices.iter().any(|a| a == slug) {
        let q = lang.quote(slug);
        let help = match nearest(slug, apprentices.iter().map(String::as_str), &[]) {
            Some(near) => {
                let near = lang.quote(near);
                tr!(lang, "vouliez-vous dire {near} ?", "did you mean {near}?")
            }
            None if apprentices.is_empty() => tr!(
                lang,
                "le site n'a encore aucun apprenti : créez apprentices/<identifiant>/_index.md",
                "the site has no apprentice yet: create apprentices/<id>/_index.md"
            ),
            None => {
                let list = apprentices.join(", ");
                tr!(
                    lang,
                    "apprentis du site : {list}",
                    "the site's apprentices: {list}"
                )
            }
        };
        return Err(Diagnostic::error(
            "unknown-id",
            tr!(lang, "apprenti inconnu {q}", "unknown apprentice {q}"),
        )
        .label(tr!(
            lang,
            "aucun dossier apprentices/{slug}/ avec une fiche _index.md",
            "no apprentices/{slug}/ folder with an _index.md profile"
        ))
        .help(help)
        .into());
    }
    let title = request.title.trim();
    if title.is_empty() {
        return Err(Diagnostic::error(
            "empty-field",
            tr!(
                lang,
                "le titre de l'entrée est vide",
                "the entry's title is empty"
            ),
        )
        .help(tr!(
            lang,
            "par exemple : compagnon new entry {slug} \"Pose d'un chauffe-eau\"",
            "for example: compagnon new entry {slug} \"Fitting a water heater\""
        ))
        .into());
    }
    let title_slug = match slugify(title) {
        s if s.is_empty() => "entree".to_string(),
        s => shorten_slug(&s, MAX_SLUG),
    };
    let date = request.date.unwrap_or_else(|| {
        crate::load::config_only(request.site).map_or_else(crate::today::current_date, |config| {
            crate::today::reference_day(None, &config)
        })
    });
    let rel = format!("apprentices/{slug}/{date}-{title_slug}.md");
    let path: PathBuf = request.site.join(&rel);
    if path.exists() {
        return Err(Diagnostic::error(
            "exists",
            tr!(
                lang,
                "le fichier {rel} existe déjà",
                "file {rel} already exists"
            ),
        )
        .help(tr!(
            lang,
            "ouvrez-le pour le compléter, ou choisissez un autre titre",
            "open it to complete it, or choose another title"
        ))
        .into());
    }
    let quoted_title = toml::Value::String(title.to_string()).to_string();
    let kind = EntryKind::NAMES[EntryKind::ALL
        .iter()
        .position(|k| *k == request.kind)
        .unwrap_or(0)];
    let text = match lang {
        Lang::Fr => format!(
            "+++\ntitle = {quoted_title}\ndate = {date}\nkind = \"{kind}\"          # practice | checkin | review | training\nhours = 0\ncompetencies = {{}}        # compétence = niveau démontré, par exemple {{ soudure-cuivre = 2 }}\n# evidence = [\"photo.jpg\"]      # fichiers de ce dossier, ou adresses https://\n# validated_by = \"…\"             # le mentor qui valide l'entrée\n# feedback = \"…\"                 # le retour du mentor\n+++\nCe que j'ai fait, ce que j'ai appris, ce que je ferai ensuite.\n"
        ),
        Lang::En => format!(
            "+++\ntitle = {quoted_title}\ndate = {date}\nkind = \"{kind}\"          # practice | checkin | review | training\nhours = 0\ncompetencies = {{}}        # competency = level shown, for example {{ copper-brazing = 2 }}\n# evidence = [\"photo.jpg\"]      # files in this folder, or https:// addresses\n# validated_by = \"…\"             # the mentor who signs the entry off\n# feedback = \"…\"                 # the mentor's feedback\n+++\nWhat I did, what I learnt, what I will do next.\n"
        ),
    };
    std::fs::write(&path, text).map_err(|e| io_problem(lang, &path, &e))?;
    Ok(rel)
}

/// Apprentice folders that hold a profile, sorted.
fn apprentice_slugs(dir: &Path) -> Vec<String> {
    let mut slugs: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("_index.md").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    slugs.sort();
    slugs
}
