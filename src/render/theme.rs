//! The theme: Tera templates, static files and UI words.
//!
//! The default theme is compiled into the binary, so `compagnon` works from
//! any folder. A site may name another theme (`themes/<name>/` in the site)
//! and may override any template file by file in its own `templates/`.

use std::collections::BTreeMap;
use std::path::Path;

use tera::Tera;

use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::tr;

macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../themes/default/", $path)))),*]
    };
}

/// The default theme's files, by path inside the theme.
const DEFAULT: &[(&str, &str)] = embedded![
    "templates/base.html",
    "templates/home.html",
    "templates/handbook.html",
    "templates/framework.html",
    "templates/competency.html",
    "templates/mentors.html",
    "templates/mentor-facts.html",
    "templates/mentor.html",
    "templates/apprentices.html",
    "templates/portfolio.html",
    "templates/entry.html",
    "templates/progress.html",
    "templates/matching.html",
    "templates/search.html",
    "templates/404.html",
    "static/style.css",
    "static/compagnon.js",
    "static/search.js",
    "i18n/fr.toml",
    "i18n/en.toml",
];

pub struct Theme {
    /// The templates; the theme's UI words of the site's language are in its
    /// global context as `t`, shared by every page rather than copied into each.
    pub tera: Tera,
    /// Files copied to `assets/`: (name, content).
    pub assets: Vec<(String, Vec<u8>)>,
}

/// Loads the theme of a site: the default one, or `themes/<name>/`, with
/// the site's `templates/` on top.
pub fn load(site_root: &Path, theme: &str, lang: Lang) -> Result<Theme, Vec<Diagnostic>> {
    let mut files: BTreeMap<String, (String, String)> = DEFAULT
        .iter()
        .map(|(path, text)| {
            (
                path.to_string(),
                (format!("themes/default/{path}"), text.to_string()),
            )
        })
        .collect();
    let mut problems = Vec::new();
    if theme != "default" {
        let dir = site_root.join("themes").join(theme);
        read_folder(
            &dir,
            &format!("themes/{theme}"),
            &["templates", "static", "i18n"],
            &mut files,
            &mut problems,
        );
    }
    // The site's own templates/ overrides the theme file by file.
    read_folder(site_root, "", &["templates"], &mut files, &mut problems);
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    let templates: Vec<(String, String)> = files
        .iter()
        .filter_map(|(path, (_, text))| {
            path.strip_prefix("templates/")
                .map(|name| (name.to_string(), text.clone()))
        })
        .collect();
    if let Err(error) = tera.add_raw_templates(templates) {
        problems.push(template_problem(lang, &error));
    }
    let strings_file = format!("i18n/{}.toml", lang.code());
    let strings = files
        .get(&strings_file)
        .map(
            |(shown, text)| match toml::from_str::<BTreeMap<String, String>>(text) {
                Ok(strings) => strings,
                Err(e) => {
                    let (shown, reason) = (shown.clone(), e.message().to_string());
                    problems.push(
                        Diagnostic::error(
                            "theme",
                            tr!(
                                lang,
                                "{shown} est mal écrit : {reason}",
                                "{shown} is malformed: {reason}"
                            ),
                        )
                        .in_file(&shown),
                    );
                    BTreeMap::new()
                }
            },
        )
        .unwrap_or_default();
    // The theme's words follow the same typography as the site's text
    // (non-breaking spaces before « : ; ! ? », curly apostrophes).
    let strings: BTreeMap<String, String> = strings
        .into_iter()
        .map(|(key, text)| (key, super::text::typography(lang, &text)))
        .collect();
    let assets = files
        .iter()
        .filter_map(|(path, (_, text))| {
            path.strip_prefix("static/")
                .map(|name| (name.to_string(), text.clone().into_bytes()))
        })
        .collect();
    tera.global_context().insert("t", &strings);
    if problems.is_empty() {
        Ok(Theme { tera, assets })
    } else {
        Err(problems)
    }
}

/// Reads the given sub-folders of a folder (text files) into `files`.
fn read_folder(
    dir: &Path,
    shown: &str,
    parts: &[&str],
    files: &mut BTreeMap<String, (String, String)>,
    problems: &mut Vec<Diagnostic>,
) {
    for part in parts {
        let folder = dir.join(part);
        for entry in walkdir::WalkDir::new(&folder)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let shown_path = if shown.is_empty() {
                rel.clone()
            } else {
                format!("{shown}/{rel}")
            };
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => {
                    files.insert(rel, (shown_path, text));
                }
                Err(e) => problems.push(
                    Diagnostic::error("read-failed", format!("{shown_path}: {e}"))
                        .in_file(&shown_path),
                ),
            }
        }
    }
}

/// A template that does not parse or render: the template's name and Tera's
/// own message, which carries the line.
pub fn template_problem(lang: Lang, error: &tera::Error) -> Diagnostic {
    let detail = error.to_string();
    Diagnostic::error(
        "template",
        tr!(
            lang,
            "erreur dans un gabarit de page",
            "error in a page template"
        ),
    )
    .label(detail)
    .help(tr!(
        lang,
        "corrigez le gabarit dans templates/ (ou supprimez-le pour revenir au thème par défaut)",
        "fix the template in templates/ (or remove it to go back to the default theme)"
    ))
}
