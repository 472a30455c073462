//! Ids: whether a name can be one, and whether it is already taken — decided
//! here once, whatever the id names: a file or folder (a mentor's, a
//! competency's, an entry's, an apprentice's id is its name; a handbook
//! page's is its path) or a block of the framework (its `id` field).
//!
//! Ids are written into references and addresses, so they must be slugs
//! ([`is_slug`]) and unique in their namespace. The wording of a problem
//! follows what the id names; the rule does not.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::slug::{is_slug, slugify};
use crate::tr;

/// Where an id is written.
pub(super) enum IdAt<'a> {
    /// A file or folder whose name is the id; `rel` is its path in the site.
    Name { rel: &'a str },
    /// `blocks[index + 1].id` in the framework's file.
    Block {
        file: &'a str,
        span: Range<usize>,
        index: usize,
    },
}

impl IdAt<'_> {
    /// How a problem names the holder of an id.
    fn holder(&self) -> String {
        match self {
            IdAt::Name { rel } => (*rel).to_string(),
            IdAt::Block { index, .. } => format!("blocks[{}]", index + 1),
        }
    }

    /// The problem, placed where the id is written.
    fn place(&self, diagnostic: Diagnostic) -> Diagnostic {
        match self {
            IdAt::Name { rel } => diagnostic.in_file(rel),
            IdAt::Block { file, span, index } => diagnostic
                .at(file, span.clone())
                .field(format!("blocks[{}].id", index + 1)),
        }
    }
}

/// An `invalid-slug` error unless `id` is a slug, with the slug to use.
pub(super) fn invalid(id: &str, at: &IdAt, lang: Lang) -> Option<Diagnostic> {
    if is_slug(id) {
        return None;
    }
    let (q, suggestion) = (lang.quote(id), slugify(id));
    let problem = match at {
        IdAt::Name { rel } => {
            let help = if suggestion.is_empty() {
                tr!(
                    lang,
                    "utilisez seulement des lettres minuscules sans accent, des chiffres et des tirets",
                    "use only lowercase letters without accents, digits and hyphens"
                )
            } else {
                let renamed = rel.replacen(id, &suggestion, 1);
                tr!(lang, "renommez-le en {renamed}", "rename it to {renamed}")
            };
            Diagnostic::error("invalid-slug", tr!(lang, "le nom {q} ne peut pas servir d'identifiant", "the name {q} cannot be used as an id"))
                .label(tr!(
                    lang,
                    "un identifiant s'écrit en minuscules sans accent ni espace, avec des tirets : il sert dans les liens et les adresses des pages",
                    "an id is written in lowercase without accents or spaces, with hyphens: it is used in references and page addresses"
                ))
                .help(help)
        }
        IdAt::Block { .. } => {
            let s = lang.quote(&suggestion);
            Diagnostic::error(
                "invalid-slug",
                tr!(
                    lang,
                    "l'identifiant de bloc {q} n'est pas valable",
                    "block id {q} is not valid"
                ),
            )
            .label(tr!(
                lang,
                "minuscules sans accent, chiffres et tirets seulement",
                "lowercase letters, digits and hyphens only"
            ))
            .help(tr!(
                lang,
                "écrivez par exemple {s}",
                "write for example {s}"
            ))
        }
    };
    Some(at.place(problem))
}

/// The ids taken so far, per namespace, each with who took it first.
#[derive(Debug, Default)]
pub(super) struct Claims(BTreeMap<(String, String), String>);

impl Claims {
    /// Takes `id` in `namespace`; when another took it first, the
    /// `duplicate-slug` error naming them (the first keeps it).
    pub(super) fn claim(
        &mut self,
        namespace: &str,
        id: &str,
        at: &IdAt,
        lang: Lang,
    ) -> Option<Diagnostic> {
        let key = (namespace.to_string(), id.to_string());
        let Some(first) = self.0.get(&key) else {
            self.0.insert(key, at.holder());
            return None;
        };
        let q = lang.quote(id);
        let (message, help) = match at {
            IdAt::Name { .. } => (
                tr!(
                    lang,
                    "deux fichiers portent l'identifiant {q}",
                    "two files have the id {q}"
                ),
                tr!(
                    lang,
                    "renommez l'un des deux fichiers",
                    "rename one of the two files"
                ),
            ),
            IdAt::Block { .. } => (
                tr!(
                    lang,
                    "deux blocs portent l'identifiant {q}",
                    "two blocks have the id {q}"
                ),
                tr!(
                    lang,
                    "donnez à chaque bloc un identifiant différent",
                    "give each block a different id"
                ),
            ),
        };
        let problem = Diagnostic::error("duplicate-slug", message)
            .label(tr!(
                lang,
                "{first} porte déjà cet identifiant",
                "{first} already has this id"
            ))
            .help(help);
        Some(at.place(problem))
    }
}
