//! What a handbook brought from GitBook, mdBook or GitHub may get wrong:
//! a table of contents naming files that are not there or leaving pages
//! out, links to files that are not there. Warnings, never errors: a
//! handbook with a few dead links of its own still builds.

use crate::derive::Links;
use crate::derive::handbook::Handbook;
use crate::derive::links::Resolved;
use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::model::Site;
use crate::tr;

pub fn problems(site: &Site, links: &Links, lang: Lang, out: &mut Vec<Diagnostic>) {
    summary(site, lang, out);
    broken_links(site, links, lang, out);
}

fn summary(site: &Site, lang: Lang, out: &mut Vec<Diagnostic>) {
    let Some(summary) = &site.summary else {
        return;
    };
    let placement = Handbook::placement(&site.pages, summary);
    for chapter in placement.missing {
        let crate::model::ChapterTarget::File(file) = &chapter.target else {
            continue;
        };
        let q = lang.quote(file);
        let nearest = crate::slug::nearest(
            file,
            site.pages
                .iter()
                .filter_map(|p| p.file.strip_prefix("programme/")),
            &[],
        );
        let help = match nearest {
            Some(near) => {
                let near = lang.quote(near);
                tr!(lang, "vouliez-vous dire {near} ?", "did you mean {near}?")
            }
            None => tr!(
                lang,
                "créez ce fichier dans programme/, ou retirez la ligne",
                "create this file in programme/, or remove the line"
            ),
        };
        out.push(
            Diagnostic::warning(
                "summary-missing",
                tr!(
                    lang,
                    "la table des matières cite {q}, qui n'est pas dans le guide",
                    "the table of contents lists {q}, which is not in the handbook"
                ),
            )
            .at(&summary.file, chapter.at..chapter.at + 1)
            .label(tr!(
                lang,
                "affiché dans le menu sans lien",
                "shown in the menu without a link"
            ))
            .help(help),
        );
    }
    for page in placement.unlisted {
        let page = &site.pages[page];
        let (title, file) = (&page.title, page.file.trim_start_matches("programme/"));
        out.push(
            Diagnostic::warning(
                "summary-unlisted",
                tr!(
                    lang,
                    "la page « {title} » n'est pas dans SUMMARY.md",
                    "page \"{title}\" is not in SUMMARY.md"
                ),
            )
            .in_file(&page.file)
            .label(tr!(
                lang,
                "publiée, mais absente du menu",
                "published, but not in the menu"
            ))
            .help(tr!(
                lang,
                "ajoutez-la à SUMMARY.md : * [{title}]({file}) ; ou écrivez hidden = true dans son en-tête si c'est voulu",
                "add it to SUMMARY.md: * [{title}]({file}); or write hidden = true in its front matter if it is meant"
            )),
        );
    }
}

/// Ids of the theme's handbook page, which a link may name too.
const THEME_IDS: &[&str] = &["contenu", "h-toc", "h-children", "head-q"];

fn missing_anchor(
    lang: Lang,
    file: &str,
    at: usize,
    dest: &str,
    title: &str,
    nearest: Option<&str>,
) -> Diagnostic {
    let q = lang.quote(dest);
    let help = match nearest {
        Some(near) => {
            let near = lang.quote(&format!("#{near}"));
            tr!(lang, "vouliez-vous dire {near} ?", "did you mean {near}?")
        }
        None => tr!(
            lang,
            "un lien vers une section nomme son titre : ## Mon titre se lie avec #mon-titre",
            "a link to a section names its heading: ## My heading is linked as #my-heading"
        ),
    };
    Diagnostic::warning(
        "broken-anchor",
        tr!(
            lang,
            "lien vers {q} : la page « {title} » n'a pas cette section",
            "link to {q}: page \"{title}\" has no such section"
        ),
    )
    .at(file, at..at + 1)
    .label(tr!(
        lang,
        "le lien mènera en haut de la page",
        "the link will lead to the top of the page"
    ))
    .help(help)
}

/// Links and images that name a file of the site that is not there, or
/// a section of a page that it does not have.
fn broken_links(site: &Site, links: &Links, lang: Lang, out: &mut Vec<Diagnostic>) {
    let texts = site
        .pages
        .iter()
        .map(|p| (&p.file, &p.body, p.body_at, crate::render::page_dir(p)))
        .chain(site.competencies.iter().map(|c| {
            (
                &c.file,
                &c.body,
                c.body_at,
                format!("competencies/{}/", c.id),
            )
        }))
        .chain(
            site.mentors
                .iter()
                .map(|m| (&m.file, &m.body, m.body_at, format!("mentors/{}/", m.slug))),
        );
    // The handbook's pages by their folder of the output, and their
    // headings' ids once asked for.
    let by_dir: crate::FastMap<String, usize> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (crate::render::page_dir(p), i))
        .collect();
    let ids: Vec<std::sync::OnceLock<Vec<String>>> = site
        .pages
        .iter()
        .map(|_| std::sync::OnceLock::new())
        .collect();
    let ids_of = |page: usize| {
        ids[page].get_or_init(|| crate::render::markdown::anchor_ids(&site.pages[page].body, lang))
    };
    for (file, body, body_at, dir) in texts {
        for (at, dest) in crate::render::markdown::addresses(body) {
            let at = body_at + at;
            let resolved = links.resolve(&dest, file, &dir);
            // A section of a page of the handbook, this one or another.
            let section = match &resolved {
                Resolved::File {
                    output, fragment, ..
                } if fragment.len() > 1 => by_dir.get(output).map(|&p| (p, fragment.as_str())),
                Resolved::AsWritten if dest.len() > 1 && dest.starts_with('#') => {
                    by_dir.get(&dir).map(|&p| (p, dest.as_str()))
                }
                // Written as the address of a page of the output
                // (`./#section`, `../mentor/#role`).
                Resolved::AsWritten => dest.split_once('#').and_then(|(path, fragment)| {
                    let page = crate::load::normalise_path(&format!("{dir}{path}"))?;
                    let page = by_dir.get(&format!("{page}/"))?;
                    (!fragment.is_empty()).then(|| (*page, &dest[path.len()..]))
                }),
                _ => None,
            };
            if let Some((page, fragment)) = section {
                let wanted = crate::render::markdown::fold_fragment(fragment);
                let wanted = wanted.trim_start_matches('#');
                let known = ids_of(page);
                if !known.iter().any(|id| id == wanted) && !THEME_IDS.contains(&wanted) {
                    out.push(missing_anchor(
                        lang,
                        file,
                        at,
                        &dest,
                        &site.pages[page].title,
                        crate::slug::nearest(wanted, known.iter().map(String::as_str), &[]),
                    ));
                }
                continue;
            }
            let Resolved::Missing { wanted } = resolved else {
                continue;
            };
            let nearest = links.nearest_file(&wanted);
            let q = lang.quote(&dest);
            let help = match nearest {
                Some(near) => {
                    let near = lang.quote(&near);
                    tr!(
                        lang,
                        "le fichier le plus proche est {near}",
                        "the nearest file is {near}"
                    )
                }
                None => tr!(
                    lang,
                    "corrigez le chemin, relatif au dossier de ce fichier, ou retirez le lien",
                    "fix the path, relative to this file's folder, or remove the link"
                ),
            };
            out.push(
                Diagnostic::warning(
                    "broken-link",
                    tr!(
                        lang,
                        "lien vers {q}, qui n'existe pas",
                        "link to {q}, which does not exist"
                    ),
                )
                .at(file, at..at + 1)
                .label(tr!(
                    lang,
                    "ce lien ne mènera nulle part",
                    "this link will lead nowhere"
                ))
                .help(help),
            );
        }
    }
}
