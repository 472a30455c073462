//! `programme/SUMMARY.md`, the table of contents of GitBook and mdBook:
//! nested lists of links, parts between them as headings.
//!
//! ```markdown
//! # Table des matières          <- the title (the first heading, level 1)
//! * [Accueil](README.md)
//! ## Les rôles                  <- a part
//! * [Le mentor](roles/mentor.md)
//!   * [Son rôle](roles/mentor-role.md)
//! * [À venir]()                 <- a draft chapter (mdBook)
//! * [Le site du CFA](https://example.org/)
//! ```
//!
//! Read with pulldown-cmark, as both tools read it: whatever the list
//! markers and indentation, a list inside an item holds its sub-chapters.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::model::{Chapter, ChapterTarget, Summary, SummaryItem};

/// The table of contents in `text` (the file `file`, relative to the site).
pub fn parse(file: &str, text: &str) -> Summary {
    let mut items: Vec<SummaryItem> = Vec::new();
    // The chapters being read, outermost first, each with whether its own
    // text is over (its sub-list began).
    let mut open: Vec<(Chapter, bool)> = Vec::new();
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut link: Option<(String, String)> = None;
    let mut seen_chapter = false;
    let mut seen_heading = false;
    let mut list_depth = 0usize;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if open.is_empty() => {
                heading = Some((level, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, title)) = heading.take() {
                    let title = title.trim().to_string();
                    let is_title = !seen_chapter && !seen_heading && level == HeadingLevel::H1;
                    seen_heading = true;
                    if !is_title && !title.is_empty() {
                        items.push(SummaryItem::Part(title));
                    }
                }
            }
            Event::Start(Tag::List(_)) => {
                list_depth += 1;
                if let Some((_, own_text_over)) = open.last_mut() {
                    *own_text_over = true;
                }
            }
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) => {
                seen_chapter = true;
                open.push((Chapter::starting_at(range.start), false));
            }
            Event::End(TagEnd::Item) => {
                if let Some((mut chapter, _)) = open.pop() {
                    chapter.title = chapter.title.trim().to_string();
                    if chapter.title.is_empty() && chapter.children.is_empty() {
                        continue;
                    }
                    match open.last_mut() {
                        Some((parent, _)) => parent.children.push(chapter),
                        None => items.push(SummaryItem::Chapter(chapter)),
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((dest_url.to_string(), String::new()));
                if list_depth == 0 && open.is_empty() {
                    // mdBook's prefix and suffix chapters: links outside
                    // the lists, one per line.
                    seen_chapter = true;
                    open.push((Chapter::starting_at(range.start), false));
                }
            }
            Event::End(TagEnd::Link) => {
                let Some((dest, title)) = link.take() else {
                    continue;
                };
                if let Some((chapter, over)) = open.last_mut()
                    && !*over
                    && matches!(chapter.target, ChapterTarget::Draft)
                {
                    chapter.title = title;
                    chapter.target = target(&dest);
                    // The rest of the line is not the chapter's title.
                    *over = true;
                }
                if list_depth == 0
                    && open.len() == 1
                    && let Some((chapter, _)) = open.pop()
                {
                    items.push(SummaryItem::Chapter(chapter));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = heading.as_mut() {
                    title.push_str(&t);
                } else if let Some((_, title)) = link.as_mut() {
                    title.push_str(&t);
                } else if let Some((chapter, false)) = open.last_mut() {
                    chapter.title.push_str(&t);
                }
            }
            _ => {}
        }
    }
    Summary {
        file: file.to_string(),
        items,
    }
}

/// `redirects:` of GitBook's `.gitbook.yaml`: old path → file of the
/// handbook (`ancien/chemin: roles/mentor.md`), both relative to it.
pub fn gitbook_redirects(
    file: &str,
    text: &str,
    lang: crate::i18n::Lang,
) -> (Vec<(String, String)>, Vec<crate::diagnostics::Diagnostic>) {
    use super::value::{NodeKind, parse_yaml};
    let table = match parse_yaml(text, 0) {
        Ok(table) => table,
        Err(errors) => {
            let problems = errors
                .into_iter()
                .map(|e| {
                    crate::diagnostics::Diagnostic::warning(
                        "gitbook-config",
                        crate::tr!(
                            lang,
                            "{file} ne se lit pas : ses redirections sont ignorées",
                            "{file} cannot be read: its redirects are ignored"
                        ),
                    )
                    .at(file, e.span.clone())
                    .label(e.message.clone())
                })
                .collect();
            return (Vec::new(), problems);
        }
    };
    let mut redirects = Vec::new();
    for (key, node) in &table.entries {
        if key.name != "redirects" {
            continue;
        }
        let NodeKind::Table(list) = &node.kind else {
            continue;
        };
        for (from, to) in &list.entries {
            if let NodeKind::Str(to) = &to.kind
                && let Some(to) = normalise(to.trim_start_matches('/'))
            {
                // The handbook's addresses are under programme/.
                redirects.push((format!("/programme/{}/", from.name.trim_matches('/')), to));
            }
        }
    }
    (redirects, Vec::new())
}

impl Chapter {
    /// A chapter whose line starts at `at`, its title and link not read yet.
    fn starting_at(at: usize) -> Chapter {
        Chapter {
            title: String::new(),
            target: ChapterTarget::Draft,
            at,
            children: Vec::new(),
        }
    }
}

/// What a chapter's link leads to.
fn target(dest: &str) -> ChapterTarget {
    if dest.trim().is_empty() {
        return ChapterTarget::Draft;
    }
    if dest.contains("://") || dest.starts_with("mailto:") {
        return ChapterTarget::External(dest.to_string());
    }
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    match normalise(path.trim_start_matches('/')) {
        Some(path) if !path.is_empty() => ChapterTarget::File(path),
        _ => ChapterTarget::Draft,
    }
}

/// `a/./b/../c.md` → `a/c.md`; None when it climbs above its start.
pub fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(items: &[SummaryItem]) -> Vec<String> {
        fn walk(chapters: &[Chapter], depth: usize, out: &mut Vec<String>) {
            for c in chapters {
                let target = match &c.target {
                    ChapterTarget::File(f) => f.clone(),
                    ChapterTarget::External(u) => format!("-> {u}"),
                    ChapterTarget::Draft => "(draft)".into(),
                };
                out.push(format!("{}{} = {target}", "  ".repeat(depth), c.title));
                walk(&c.children, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        for item in items {
            match item {
                SummaryItem::Part(title) => out.push(format!("# {title}")),
                SummaryItem::Chapter(c) => walk(std::slice::from_ref(c), 0, &mut out),
            }
        }
        out
    }

    #[test]
    fn gitbook_summary_with_parts_and_nesting() {
        let text = "# Table des matières\n\n\
            * [Accueil](README.md)\n\
            * [Démarrer](demarrer/README.md)\n  \
              * [Le premier jour](demarrer/premier-jour.md)\n  \
              * [L'équipe](<demarrer/l'équipe.md>)\n\n\
            ## Les rôles\n\n\
            * [Le mentor](roles/mentor.md#le-role)\n\
            * [Le site du CFA](https://example.org/cfa)\n\
            * [Mon%20fichier](./roles/../Mon%20fichier.md)\n";
        let summary = parse("programme/SUMMARY.md", text);
        assert_eq!(
            shape(&summary.items),
            [
                "Accueil = README.md",
                "Démarrer = demarrer/README.md",
                "  Le premier jour = demarrer/premier-jour.md",
                "  L'équipe = demarrer/l'équipe.md",
                "# Les rôles",
                "Le mentor = roles/mentor.md",
                "Le site du CFA = -> https://example.org/cfa",
                "Mon%20fichier = Mon fichier.md",
            ]
        );
    }

    #[test]
    fn mdbook_summary_with_prefix_drafts_and_parts() {
        let text = "# Summary\n\n\
            [Introduction](README.md)\n\n\
            # Guide\n\n\
            - [Installer](guide/installer.md)\n    \
                - [Sous Windows](guide/windows.md)\n\
            - [Plus tard]()\n\n\
            ---\n\n\
            [Contributeurs](misc/contributeurs.md)\n";
        let summary = parse("programme/SUMMARY.md", text);
        assert_eq!(
            shape(&summary.items),
            [
                "Introduction = README.md",
                "# Guide",
                "Installer = guide/installer.md",
                "  Sous Windows = guide/windows.md",
                "Plus tard = (draft)",
                "Contributeurs = misc/contributeurs.md",
            ]
        );
    }

    #[test]
    fn paths_are_normalised_and_never_climb_out() {
        assert_eq!(normalise("a/./b/../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalise("../secret.md"), None);
        assert!(matches!(target("../x.md"), ChapterTarget::Draft));
    }
}
