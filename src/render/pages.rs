//! The programme's pages: home, handbook, framework, competencies, search
//! and the 404 page.

use rayon::prelude::*;

use super::context::*;
use super::{Edition, Produced, Renderer, text};
use crate::model::{Page, Visibility};
use crate::tr;

impl Renderer<'_> {
    pub(super) fn home(&self) -> Produced {
        let lang = self.lang;
        let site = self.site;
        let programme = &site.config.programme;
        let dates = match (&programme.start, &programme.end) {
            (Some(s), Some(e)) => {
                let (s, e) = (text::date(lang, s.value), text::date(lang, e.value));
                Some(tr!(lang, "Du {s} au {e}", "From {s} to {e}"))
            }
            _ => None,
        };
        let (checkin, review) = (
            text::rhythm(lang, programme.checkin_every),
            text::rhythm(lang, programme.review_every),
        );
        let rhythm = tr!(
            lang,
            "Un point de suivi {checkin}, un bilan {review}.",
            "A check-in {checkin}, a review {review}."
        );
        let required_hours = programme.required_hours.map(|h| {
            let h = text::hours(lang, h);
            tr!(
                lang,
                "{h} de pratique attendues sur le programme",
                "{h} of practice expected over the programme"
            )
        });
        let p = &self.derived.programme;
        let mut figures = vec![
            Figure {
                value: p.members.len().to_string(),
                label: tr!(lang, "apprentis", "apprentices"),
            },
            Figure {
                value: site.mentors.len().to_string(),
                label: tr!(lang, "mentors", "mentors"),
            },
            Figure {
                value: site.competencies.len().to_string(),
                label: tr!(lang, "compétences", "competencies"),
            },
        ];
        figures.extend(self.hours_figures(p.hours));
        let front = self.derived.handbook.front.map(|f| &site.pages[f]);
        let intro_html = front.map(|pg| {
            self.markdown_from(&pg.body, "", "programme/", Some(&pg.file))
                .html
        });
        let sections = self.handbook_cards(&self.derived.handbook.top);
        let mut doors = Vec::new();
        if !site.pages.is_empty() {
            doors.push(self.door(
                "programme/",
                tr!(lang, "Le guide du programme", "The programme handbook"),
                tr!(
                    lang,
                    "Rôles, suivi, formats de mentorat : tout ce qu’il faut savoir.",
                    "Roles, follow-up, mentoring formats: all you need to know."
                ),
            ));
        }
        if site.framework.is_some() {
            doors.push(self.door(
                "competencies/",
                tr!(
                    lang,
                    "Le référentiel de compétences",
                    "The competency framework"
                ),
                tr!(
                    lang,
                    "Les compétences visées, niveau par niveau.",
                    "The competencies aimed for, level by level."
                ),
            ));
        }
        doors.push(self.door(
            "mentors/",
            tr!(lang, "Les mentors", "The mentors"),
            tr!(
                lang,
                "Qui transmet quoi, et qui a des places libres.",
                "Who passes on what, and who has free places."
            ),
        ));
        doors.push(self.door(
            "apprentices/",
            tr!(lang, "Les portfolios", "The portfolios"),
            tr!(
                lang,
                "Le parcours des apprentis qui ont choisi de le publier.",
                "The journeys of the apprentices who chose to publish them."
            ),
        ));
        doors.push(self.door(
            "progress/",
            tr!(lang, "La progression", "Progress"),
            tr!(
                lang,
                "Heures, niveaux, objectifs et régularité du suivi.",
                "Hours, levels, goals and regularity of follow-up."
            ),
        ));
        doors.push(self.door(
            "matching/",
            tr!(lang, "Les binômes", "Matching"),
            tr!(
                lang,
                "Quel mentor pour quel apprenti, et pourquoi ; où il manque des mentors.",
                "Which mentor for which apprentice, and why; where mentors are lacking."
            ),
        ));
        let context = HomePage {
            common: self.common("", &site.config.title, "home", ""),
            intro_html,
            dates,
            rhythm,
            required_hours,
            figures,
            left_out: p.left_out,
            cohorts: self.cohort_links(),
            sections,
            doors,
        };
        self.page("", "home.html", &context)
    }

    fn door(&self, dir: &str, label: String, text: String) -> LinkWithText {
        LinkWithText {
            label,
            url: self.urls.page(dir),
            text: Some(text),
        }
    }

    pub(super) fn cohort_links(&self) -> Vec<CohortLink> {
        let lang = self.lang;
        self.derived
            .cohorts
            .iter()
            .map(|c| CohortLink {
                id: c.id.clone(),
                label: cohort_label(&c.id),
                url: self.urls.page(&format!("progress/{}/", c.id)),
                members: lang.count(
                    c.members.len(),
                    ("apprenti", "apprentis"),
                    ("apprentice", "apprentices"),
                ),
            })
            .collect()
    }

    /// The shared navigation of the handbook, as seen from `current`: the
    /// top pages, and the pages under each page on the way down to
    /// `current` (the open branch). Other branches stay folded, so each
    /// page carries a few dozen nodes, not the whole handbook.
    fn handbook_tree(&self, current: Option<usize>) -> Vec<TreeNode> {
        let handbook = &self.derived.handbook;
        let mut open = current.map_or_else(Vec::new, |c| handbook.ancestors(c));
        open.extend(current);
        self.tree_level(None, current, &open)
    }

    /// The menu's items under `under` (None: the top): its pages, and
    /// what `SUMMARY.md` puts between them.
    fn tree_level(
        &self,
        under: Option<usize>,
        current: Option<usize>,
        open: &[usize],
    ) -> Vec<TreeNode> {
        let handbook = &self.derived.handbook;
        let pages = match under {
            Some(p) => &handbook.children[p],
            None => &handbook.top,
        };
        let extras = handbook.extras.get(&under).map_or(&[][..], Vec::as_slice);
        let mut extras = extras.iter().peekable();
        let mut nodes = Vec::with_capacity(pages.len() + extras.len());
        let extra = |extra: &crate::derive::handbook::MenuExtra| {
            use crate::derive::handbook::MenuExtra;
            let (kind, label, url) = match extra {
                MenuExtra::Part(title) => ("part", title, String::new()),
                MenuExtra::Link { title, url } => ("link", title, url.clone()),
                MenuExtra::Draft(title) => ("draft", title, String::new()),
            };
            TreeNode {
                kind,
                label: text::typography(self.lang, label),
                url,
                current: false,
                open: false,
                has_children: false,
                children: Vec::new(),
            }
        };
        for (place, &p) in pages.iter().enumerate() {
            while let Some((_, e)) = extras.next_if(|(at, _)| *at <= place) {
                nodes.push(extra(e));
            }
            let link = &self.handbook_links[p];
            let is_open = open.contains(&p);
            nodes.push(TreeNode {
                kind: "page",
                label: link.label.clone(),
                url: link.url.clone(),
                current: Some(p) == current,
                open: is_open,
                has_children: !handbook.children[p].is_empty(),
                children: if is_open {
                    self.tree_level(Some(p), current, open)
                } else {
                    Vec::new()
                },
            });
        }
        nodes.extend(extras.map(|(_, e)| extra(e)));
        nodes
    }

    /// The pages under `page`, with their descriptions.
    fn handbook_cards(&self, pages: &[usize]) -> Vec<LinkWithText> {
        pages
            .iter()
            .map(|&p| {
                let link = &self.handbook_links[p];
                LinkWithText {
                    label: link.label.clone(),
                    url: link.url.clone(),
                    text: self.site.pages[p].description.clone(),
                }
            })
            .collect()
    }

    pub(super) fn handbook_page(&self, index: usize) -> Produced {
        let page = &self.site.pages[index];
        let handbook = &self.derived.handbook;
        let dir = page_dir(page);
        let rendered = self.markdown_of(&page.body, &dir, &page.file);
        let neighbour = |p: Option<usize>| p.map(|p| self.handbook_links[p].clone());
        let mut common = self.common(&dir, &page.title, "handbook", "programme/");
        common.page.description = page.description.clone();
        common.page.breadcrumbs = std::iter::once(self.home_link())
            .chain(
                handbook
                    .ancestors(index)
                    .into_iter()
                    .map(|p| self.handbook_links[p].clone()),
            )
            .collect();
        let children = if page.is_section {
            self.handbook_cards(handbook.children_of(index))
        } else {
            Vec::new()
        };
        let context = HandbookPage {
            common,
            content_html: rendered.html,
            toc: rendered.toc,
            tree: self.handbook_tree(Some(index)),
            previous: neighbour(handbook.previous(index)),
            next: neighbour(handbook.next(index)),
            children,
            print_url: self.urls.to_output(super::plan::PRINT, "", ""),
        };
        let mut files = self.page(&dir, "handbook.html", &context)?;
        for alias in &page.aliases {
            if let Some(path) = super::plan::alias_output(alias) {
                files.push(crate::output::OutputFile {
                    content: crate::output::Content::Bytes(
                        self.redirect(&path, &dir, &page.title).into_bytes(),
                    ),
                    path,
                });
            }
        }
        Ok(files)
    }

    /// The whole handbook on one page, in reading order: each page's text
    /// under its title, its headings one level down and its ids prefixed
    /// with the page's so that two pages' "Objectifs" stay apart.
    pub(super) fn handbook_print(&self) -> Produced {
        let site = self.site;
        let handbook = &self.derived.handbook;
        let dir = "programme/";
        // Each page's text made in parallel: this one page holds the whole
        // handbook, and would otherwise end long after every other job.
        let pages = handbook
            .order
            .par_iter()
            .map(|&index| {
                let page = &site.pages[index];
                let id = if page.path.is_empty() {
                    "guide".to_string()
                } else {
                    format!("guide-{}", page.path.replace('/', "-"))
                };
                // Written for its own page, shown on this one.
                let own = page_dir(page);
                let rebase = own.strip_prefix(dir).unwrap_or("");
                let rendered = self.markdown_from(&page.body, dir, rebase, Some(&page.file));
                PrintedPage {
                    title: text::typography(self.lang, &page.title),
                    depth: handbook.ancestors(index).len().max(1),
                    content_html: headings_down(&rendered.html, 1, &id, &page.title),
                    id,
                }
            })
            .collect();
        let title = tr!(self.lang, "Le guide en entier", "The whole handbook");
        let mut common = self.common(dir, &title, "handbook", "programme/");
        common.page.noindex = true;
        let context = HandbookPrint { common, pages };
        self.page_at(
            super::plan::PRINT.to_string(),
            "handbook-print.html",
            &context,
        )
    }

    /// A page at `path` that sends the reader to the page at `dir`: an
    /// old address of a page (`aliases`). A refresh, not a script, so that
    /// it works from `file://` and without JavaScript; the link for those
    /// whose browser does not follow it; canonical for search engines.
    fn redirect(&self, path: &str, dir: &str, title: &str) -> String {
        use super::charts::escape;
        let lang = self.lang;
        let root = "../".repeat(path.matches('/').count());
        let to = escape(&format!("{root}{}", self.urls.page(dir)));
        let canonical = escape(&self.urls.absolute(dir));
        let title = escape(&text::typography(lang, title));
        let (moved, code) = (
            tr!(
                lang,
                "Cette page a changé d’adresse :",
                "This page has moved:"
            ),
            lang.code(),
        );
        // The coordinator's edition says on every page, this one too,
        // that it is confidential, and asks robots to follow nothing.
        let (robots, banner) = match self.edition {
            Edition::Coordinator => (
                "noindex, nofollow",
                format!("<p><strong>{}</strong></p>", escape(&self.banner())),
            ),
            Edition::Public => ("noindex", String::new()),
        };
        format!(
            "<!doctype html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\">\
             <title>{title}</title><meta name=\"robots\" content=\"{robots}\">\
             <link rel=\"canonical\" href=\"{canonical}\">\
             <meta http-equiv=\"refresh\" content=\"0; url={to}\"></head>\n\
             <body>{banner}<p>{moved} <a href=\"{to}\">{title}</a></p></body></html>\n"
        )
    }

    pub(super) fn framework(&self) -> Produced {
        let lang = self.lang;
        let Some(framework) = &self.site.framework else {
            return Ok(Vec::new());
        };
        let dir = "competencies/";
        let title = framework
            .title
            .clone()
            .unwrap_or_else(|| tr!(lang, "Référentiel de compétences", "Competency framework"));
        let scale = framework
            .scale
            .iter()
            .enumerate()
            .map(|(i, name)| ScaleLevel {
                number: (i + 1) as u8,
                name: name.clone(),
            })
            .collect();
        let blocks = framework
            .blocks
            .iter()
            .zip(&self.derived.links.in_block)
            .map(|(block, competencies)| BlockView {
                id: block.id.value.clone(),
                name: text::typography(lang, &block.name),
                competencies: competencies
                    .iter()
                    .map(|&i| (i, &self.site.competencies[i]))
                    .map(|(i, c)| CompetencyCard {
                        id: c.id.clone(),
                        name: text::typography(lang, &c.name),
                        url: self.urls.page(&format!("competencies/{}/", c.id)),
                        target: c.target.value as u8,
                        target_name: self.level_name(c.target.value as u8),
                        standing: self.standing_text(i),
                    })
                    .collect(),
            })
            .collect();
        let mut common = self.common(dir, &title, "framework", dir);
        common.page.breadcrumbs = vec![self.home_link()];
        let context = FrameworkPage {
            common,
            intro_html: self.markdown(&framework.body, dir).html,
            scale,
            blocks,
        };
        self.page(dir, "framework.html", &context)
    }

    fn standing_text(&self, competency: usize) -> String {
        let lang = self.lang;
        let s = &self.derived.competencies[competency];
        let concerned = lang.count(
            s.apprentices,
            ("apprenti concerné", "apprentis concernés"),
            ("apprentice concerned", "apprentices concerned"),
        );
        let reached = s.reached_target;
        // Each at the level they aim for: an apprentice's own target may
        // differ from the competency's (their `targets`).
        tr!(
            lang,
            "{concerned}, dont {reached} au niveau qu’ils visent",
            "{concerned}, {reached} of them at the level they aim for"
        )
    }

    /// The name of competency `index`'s block, as written.
    pub(super) fn block_name(&self, index: usize) -> Option<&str> {
        let framework = self.site.framework.as_ref()?;
        let block = self.derived.links.block_of[index]?;
        Some(&framework.blocks[block].name)
    }

    pub(super) fn competency(&self, index: usize) -> Produced {
        let lang = self.lang;
        let competency = &self.site.competencies[index];
        let dir = format!("competencies/{}/", competency.id);
        let standing = &self.derived.competencies[index];
        let scale_len = self.scale_len();
        let target = competency.target.value as u8;
        // Who stands at which level is a ranking: the programme's team
        // reads it, the public site counts only.
        let named = self.edition == Edition::Coordinator;
        let levels = (1..=scale_len)
            .map(|level| {
                let at_level = standing
                    .at_level
                    .get(usize::from(level))
                    .map_or(&[][..], Vec::as_slice);
                let mut public = Vec::new();
                let mut others = 0;
                for &a in at_level.iter().filter(|_| named) {
                    if self.is_public(a) {
                        let apprentice = &self.site.apprentices[a];
                        public.push(self.link(&apprentice.name, &Self::apprentice_dir(apprentice)));
                    } else {
                        others += 1;
                    }
                }
                LevelRow {
                    number: level,
                    name: self.level_name(level),
                    descriptor: competency
                        .levels
                        .iter()
                        .find(|(l, _)| l.value == i64::from(level))
                        .map(|(_, d)| text::typography(lang, d)),
                    is_target: level == target,
                    count: at_level.len(),
                    public,
                    others,
                }
            })
            .collect::<Vec<_>>();
        let links = &self.derived.links;
        let mentors: Vec<SkillHolder> = links.holders[index]
            .iter()
            .map(|&(m, level)| {
                let m = &self.site.mentors[m];
                SkillHolder {
                    name: text::typography(self.lang, &m.name),
                    url: self.urls.page(&format!("mentors/{}/", m.slug)),
                    level,
                    level_name: self.level_name(level),
                }
            })
            .collect();
        let block = self
            .block_name(index)
            .map_or_else(String::new, |name| text::typography(lang, name));
        let mut common = self.common(&dir, &competency.name, "competency", "competencies/");
        common.page.breadcrumbs = vec![
            self.home_link(),
            self.link(&tr!(lang, "Référentiel", "Framework"), "competencies/"),
        ];
        let chart_svg = super::charts::levels(lang, &competency.name, &levels, scale_len);
        let context = CompetencyPage {
            common,
            name: text::typography(lang, &competency.name),
            block,
            target,
            target_name: self.level_name(target),
            description_html: self
                .markdown_of(&competency.body, &dir, &competency.file)
                .html,
            levels,
            named,
            not_started: standing.at_level.first().map_or(0, Vec::len),
            standing: self.standing_text(index),
            chart_svg,
            mentors,
        };
        self.page(&dir, "competency.html", &context)
    }

    /// The site's listings, for the search page without JavaScript and the 404 page.
    fn listings(&self) -> Vec<LinkWithText> {
        let lang = self.lang;
        let mut listings = vec![self.door(
            "",
            tr!(lang, "Accueil", "Home"),
            tr!(
                lang,
                "Le programme en un coup d’œil.",
                "The programme at a glance."
            ),
        )];
        if !self.site.pages.is_empty() {
            listings.push(self.door(
                "programme/",
                tr!(lang, "Guide du programme", "Programme handbook"),
                tr!(
                    lang,
                    "Toutes les pages du guide.",
                    "Every page of the handbook."
                ),
            ));
        }
        if self.site.framework.is_some() {
            listings.push(self.door(
                "competencies/",
                tr!(lang, "Référentiel", "Framework"),
                tr!(lang, "Toutes les compétences.", "Every competency."),
            ));
        }
        listings.push(self.door(
            "mentors/",
            tr!(lang, "Mentors", "Mentors"),
            tr!(lang, "L’annuaire des mentors.", "The mentor directory."),
        ));
        listings.push(self.door(
            "apprentices/",
            tr!(lang, "Portfolios", "Portfolios"),
            tr!(lang, "Les portfolios publics.", "The public portfolios."),
        ));
        listings
    }

    pub(super) fn search(&self) -> Produced {
        let lang = self.lang;
        let dir = "search/";
        let mut common = self.common(dir, &tr!(lang, "Recherche", "Search"), "search", dir);
        common.page.breadcrumbs = vec![self.home_link()];
        let context = SearchPage {
            common,
            listings: self.listings(),
        };
        self.page(dir, "search.html", &context)
    }

    pub(super) fn not_found(&self) -> Produced {
        let lang = self.lang;
        let context = NotFoundPage {
            common: self.common(
                "",
                &tr!(lang, "Page introuvable", "Page not found"),
                "404",
                "",
            ),
            listings: self.listings(),
        };
        self.page("", "404.html", &context)
    }
}

/// A handbook page's folder in the output.
/// A text as a part of a longer page (the printed handbook, a printed
/// record): headings `by` levels down, to `<h6>` at most (the text's own
/// title heads its part), ids, and the links to them, prefixed with
/// `prefix` (`Objectifs` on two pages), tables named after `title`.
pub(super) fn headings_down(html: &str, by: usize, prefix: &str, title: &str) -> String {
    let mut out = html.to_string();
    for level in (1..=5).rev() {
        let down = (level + by).min(6);
        let (to, to_close) = (format!("<h{down}"), format!("</h{down}>"));
        out = out
            .replace(&format!("<h{level}"), &to)
            .replace(&format!("</h{level}>"), &to_close);
    }
    // A table's scrolling region is named "Tableau 1" on its page: here,
    // after its page, so that two pages' first tables differ.
    let table = "<section class=\"table-scroll\" tabindex=\"0\" aria-label=\"";
    out.replace(" id=\"", &format!(" id=\"{prefix}-"))
        .replace(" href=\"#", &format!(" href=\"#{prefix}-"))
        .replace(
            table,
            &format!("{table}{} · ", super::charts::escape(title)),
        )
}

pub(crate) fn page_dir(page: &Page) -> String {
    if page.path.is_empty() {
        "programme/".to_string()
    } else {
        format!("programme/{}/", page.path)
    }
}

/// "septembre-2026" → "Septembre 2026".
pub(super) fn cohort_label(id: &str) -> String {
    text::capitalized(&cohort_name(id))
}

/// A cohort's name inside a sentence: French writes months in lower case
/// there ("Promotion décembre 2026"), so a cohort named after a month keeps
/// it; any other name reads as [`cohort_label`] gives it.
pub(super) fn cohort_in_sentence(lang: crate::i18n::Lang, id: &str) -> String {
    let name = cohort_name(id);
    let month = name
        .split(' ')
        .next()
        .is_some_and(|w| text::MONTHS_FR.contains(&w));
    if lang == crate::i18n::Lang::Fr && month {
        name
    } else {
        text::capitalized(&name)
    }
}

/// A cohort's id as words: "decembre-2026" → "décembre 2026". Cohort ids
/// are slugs, so French month names lose their accents; they get them back.
fn cohort_name(id: &str) -> String {
    const ACCENTED: [(&str, &str); 3] = [
        ("fevrier", "février"),
        ("aout", "août"),
        ("decembre", "décembre"),
    ];
    id.split('-')
        .map(|word| {
            ACCENTED
                .iter()
                .find(|(plain, _)| *plain == word)
                .map_or(word, |(_, accented)| accented)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Public apprentices are the only ones named in listings.
pub(super) fn is_listed(visibility: Visibility) -> bool {
    visibility == Visibility::Public
}
