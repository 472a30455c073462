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

/// Links and images that name a file of the site that is not there.
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
    for (file, body, body_at, dir) in texts {
        for (at, dest) in crate::render::markdown::addresses(body) {
            let Resolved::Missing { nearest } = links.resolve(&dest, file, &dir) else {
                continue;
            };
            let at = body_at + at;
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
