//! The theme: Tera templates, static files and UI words.
//!
//! The default theme is compiled into the binary, so `compagnon` works from
//! any folder. A site may name another theme (`themes/<name>/` in the site)
//! and may override any template file by file in its own `templates/`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

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
    "templates/handbook-print.html",
    "templates/framework.html",
    "templates/competency.html",
    "templates/mentors.html",
    "templates/mentor-facts.html",
    "templates/mentor.html",
    "templates/apprentices.html",
    "templates/portfolio.html",
    "templates/portfolio-print.html",
    "templates/portfolio-print-entry.html",
    "templates/entry.html",
    "templates/progress.html",
    "templates/matching.html",
    "templates/caseload.html",
    "templates/search.html",
    "templates/404.html",
    "static/style.css",
    "static/coordinator.css",
    "static/compagnon.js",
    "static/search.js",
    "static/caseload.js",
    "i18n/fr.toml",
    "i18n/en.toml",
];

#[derive(Clone)]
pub struct Theme {
    /// The templates; the theme's UI words of the site's language are in its
    /// global context as `t`, shared by every page rather than copied into each.
    /// Shared, so that a rebuild whose theme did not change reuses it (see
    /// [`Cache`]).
    pub tera: Arc<Tera>,
    /// Files copied to `assets/`: (name, content).
    pub assets: Vec<(String, Vec<u8>)>,
    /// Template name → the file it was read from, as shown to the author
    /// (`templates/mentor.html`, `themes/default/templates/base.html`).
    files: BTreeMap<String, String>,
    /// Every file of the theme and of the site's `templates/`, fingerprinted.
    pub inputs: u128,
}

/// Loads the theme of a site: the default one, or `themes/<name>/`, with
/// the site's `templates/` on top. Every template is parsed and its
/// references (filters, includes, components) resolved, so a broken one is
/// reported here, by `check`, with its file and line; the text of the
/// templates goes into `sources` for the diagnostics to quote.
pub fn load(
    site_root: &Path,
    theme: &str,
    lang: Lang,
    sources: &mut crate::diagnostics::Sources,
) -> Result<Theme, Vec<Diagnostic>> {
    load_cached(site_root, theme, lang, sources, None)
}

/// The theme of the last load, for `serve`: parsing the templates takes
/// 1.3 ms, a twentieth of a rebuild after one log entry was saved. The
/// files are still read at each load; the templates are parsed again only
/// when a file, the name it is shown by, or the language moved.
#[derive(Default)]
pub struct Cache {
    /// The theme and the fingerprint of what it was made from.
    last: Option<(u128, Theme)>,
}

/// [`load`], parsing the templates again only when the files read differ
/// from those `cache` holds the theme of.
pub fn load_cached(
    site_root: &Path,
    theme: &str,
    lang: Lang,
    sources: &mut crate::diagnostics::Sources,
    cache: Option<&mut Cache>,
) -> Result<Theme, Vec<Diagnostic>> {
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
    // A name that is not a folder of themes/ is reported by load; nothing
    // is read from where it leads.
    if theme != "default" && crate::model::is_theme_name(theme) {
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
    let mut inputs = crate::output::Digest::default();
    // What else the theme is made from: the names files are shown by in
    // diagnostics, the language of its words and messages.
    let mut made_from = crate::output::Digest::default();
    made_from.text(lang.code());
    for (path, (shown, text)) in &files {
        inputs.text(path).text(text);
        made_from.text(path).text(shown).text(text);
    }
    let made_from = made_from.finish();
    for (path, (shown, text)) in &files {
        if path.starts_with("templates/") {
            sources.insert(shown.clone(), text.clone());
        }
    }
    if problems.is_empty()
        && let Some((last, theme)) = cache.as_ref().and_then(|cache| cache.last.as_ref())
        && *last == made_from
    {
        return Ok(theme.clone());
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // `{{ t.skills_of | before_name(name=mentor.name) }}`: "Compétences
    // d’Isabelle Roux", with French elision (see i18n::before_name).
    tera.register_filter(
        "before_name",
        |prefix: &str, kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            Ok(crate::i18n::before_name(
                prefix,
                kwargs.must_get::<&str>("name")?,
            ))
        },
    );
    let templates: Vec<(String, String)> = files
        .iter()
        .filter_map(|(path, (_, text))| {
            path.strip_prefix("templates/")
                .map(|name| (name.to_string(), text.clone()))
        })
        .collect();
    let names: BTreeMap<String, String> = files
        .iter()
        .filter_map(|(path, (shown, _))| {
            path.strip_prefix("templates/")
                .map(|name| (name.to_string(), shown.clone()))
        })
        .collect();
    if let Err(error) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n, t))) {
        // Tera stops at the first template that does not parse: then each
        // one is parsed on its own, so every broken template is reported at once.
        let broken: Vec<Diagnostic> = templates
            .iter()
            .filter_map(|(name, text)| {
                let error = Tera::default().add_raw_template(name, text).err()?;
                matches!(error.kind(), tera::ErrorKind::SyntaxError(_))
                    .then(|| template_problem(lang, &names, &error))
            })
            .collect();
        if broken.is_empty() {
            problems.extend(validation_problems(lang, &names, &templates, &error));
        } else {
            problems.extend(broken);
        }
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
                .map(|name| (name.to_string(), published(name, text).into_bytes()))
        })
        .collect();
    tera.global_context().insert("t", &strings);
    if problems.is_empty() {
        let theme = Theme {
            tera: Arc::new(tera),
            assets,
            files: names,
            inputs: inputs.finish(),
        };
        if let Some(cache) = cache {
            cache.last = Some((made_from, theme.clone()));
        }
        Ok(theme)
    } else {
        Err(problems)
    }
}

/// Reads the given sub-folders of a folder (text files) into `files`.
/// A theme file as published: stylesheets and scripts minified (comments
/// and spaces out), as rustdoc publishes its own with the same crate. A
/// stylesheet the minifier cannot read is published as written.
fn published(name: &str, text: &str) -> String {
    if name.ends_with(".css")
        && let Ok(minified) = minifier::css::minify(text)
    {
        return minified.to_string();
    }
    if name.ends_with(".js") {
        return minifier::js::minify(text).to_string();
    }
    text.to_string()
}

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

impl Theme {
    /// A template that fails while a page is drawn, at its file and line.
    pub fn problem(&self, lang: Lang, error: &tera::Error) -> Diagnostic {
        template_problem(lang, &self.files, error)
    }
}

/// Templates that parse but do not fit together (a block no parent
/// defines, a missing parent): Tera reports them all in one message, one
/// report per problem, each pointing at `template:line:column`. Each
/// becomes a diagnostic at its file and line.
fn validation_problems(
    lang: Lang,
    files: &BTreeMap<String, String>,
    templates: &[(String, String)],
    error: &tera::Error,
) -> Vec<Diagnostic> {
    let tera::ErrorKind::Msg(message) = error.kind() else {
        return vec![template_problem(lang, files, error)];
    };
    let located: Vec<Diagnostic> = message
        .split("\n\n")
        .filter_map(|report| {
            let detail = report.lines().next()?.trim_start_matches("error: ");
            let place = report.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
            let mut parts = place.rsplitn(3, ':');
            let column: usize = parts.next()?.parse().ok()?;
            let line: usize = parts.next()?.parse().ok()?;
            let name = parts.next()?;
            let file = files.get(name)?;
            let (_, text) = templates.iter().find(|(n, _)| n == name)?;
            let start = text
                .split_inclusive('\n')
                .take(line.saturating_sub(1))
                .map(str::len)
                .sum::<usize>()
                + text
                    .split_inclusive('\n')
                    .nth(line.saturating_sub(1))
                    .map_or(0, |l| {
                        l.char_indices()
                            .nth(column.saturating_sub(1))
                            .map_or(0, |(i, _)| i)
                    });
            Some(
                Diagnostic::error(
                    "template",
                    tr!(
                        lang,
                        "erreur dans un gabarit de page",
                        "error in a page template"
                    ),
                )
                .label(detail.to_string())
                .help(tr!(
                    lang,
                    "corrigez {file} (ou supprimez-le pour revenir au thème par défaut)",
                    "fix {file} (or remove it to go back to the default theme)"
                ))
                .at(file, start..start),
            )
        })
        .collect();
    if located.is_empty() {
        vec![template_problem(lang, files, error)]
    } else {
        located
    }
}

/// A template that does not parse or render: at the template's file and
/// position when Tera knows them, with Tera's message as the label.
fn template_problem(
    lang: Lang,
    files: &BTreeMap<String, String>,
    error: &tera::Error,
) -> Diagnostic {
    let located = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report)
        }
        _ => None,
    };
    let detail = match located {
        Some(report) => report.message().to_string(),
        None => error.to_string(),
    };
    let file = located.and_then(|report| files.get(report.filename()));
    let help = match file {
        Some(file) if !file.starts_with("themes/default/") => tr!(
            lang,
            "corrigez {file} (ou supprimez-le pour revenir au thème par défaut)",
            "fix {file} (or remove it to go back to the default theme)"
        ),
        _ => tr!(
            lang,
            "corrigez le gabarit dans templates/ (ou supprimez-le pour revenir au thème par défaut)",
            "fix the template in templates/ (or remove it to go back to the default theme)"
        ),
    };
    let diagnostic = Diagnostic::error(
        "template",
        tr!(
            lang,
            "erreur dans un gabarit de page",
            "error in a page template"
        ),
    )
    .label(detail)
    .help(help);
    match (file, located) {
        (Some(file), Some(report)) => diagnostic.at(file, report.span().range.clone()),
        _ => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::DEFAULT;

    /// No reader's browser calls another host because of the theme: no
    /// font, script, style or image from elsewhere (a USB stick or an
    /// offline intranet would miss it, and the host would see every reader).
    #[test]
    fn the_default_theme_loads_nothing_from_another_host() {
        // XML namespaces are names, never fetched.
        let names = ["http://www.w3.org/", "http://www.sitemaps.org/"];
        for (path, text) in DEFAULT {
            for scheme in ["http://", "https://"] {
                for (at, _) in text.match_indices(scheme) {
                    let url = &text[at..];
                    assert!(
                        names.iter().any(|n| url.starts_with(n)),
                        "{path} refers to {}",
                        &url[..url.len().min(60)]
                    );
                }
            }
            for protocol_relative in ["src=\"//", "href=\"//", "url(//"] {
                assert!(!text.contains(protocol_relative), "{path}");
            }
        }
    }
}
