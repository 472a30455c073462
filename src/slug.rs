//! Slugs (the ids of a site), the order of names, and "did you mean"
//! suggestions.

/// Turns a title into a URL-safe id, folding accents: "Élodie Gâteau" →
/// `elodie-gateau`, "Pose d'un chauffe-eau" → `pose-d-un-chauffe-eau`.
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// True when `text` is already a slug: lowercase ASCII letters, digits and
/// single hyphens, not starting or ending with one.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty() && slugify(text) == text
}

/// Alphabetical order for names and titles as readers expect it: accents
/// and case ignored ("Élodie" between "Chloé" and "Emma"), then the text
/// itself so that the order is total.
pub fn sort_key(text: &str) -> (String, String) {
    (slugify(text), text.to_string())
}

/// The candidate nearest to what was written, when one is near enough to be
/// what the author meant. `synonyms` maps words authors commonly write
/// (often French) to the valid value.
pub fn nearest<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    synonyms: &[(&str, &str)],
) -> Option<&'a str> {
    // Compare folded forms ("Validated_By" ~ "validated_by"), return the original.
    let folded = slugify(found);
    let candidates: Vec<(String, &'a str)> =
        candidates.into_iter().map(|c| (slugify(c), c)).collect();
    if let Some((_, valid)) = synonyms.iter().find(|(word, _)| *word == folded) {
        let valid = slugify(valid);
        return candidates
            .iter()
            .find(|(f, _)| *f == valid)
            .map(|(_, c)| *c);
    }
    if let Some((_, exact)) = candidates.iter().find(|(f, _)| *f == folded) {
        return Some(exact);
    }
    let length = folded.chars().count();
    candidates
        .iter()
        .filter_map(|(f, c)| {
            let prefix = f.starts_with(&folded) && folded.len() >= 3;
            let other = f.chars().count();
            let allowed = (length.max(other) / 3).max(1);
            // Two texts are at least as far apart as their lengths: the
            // distance, slow to compute, is computed only where it may
            // be near enough (a broken link of a large handbook was
            // compared with every one of its files).
            if !prefix && length.abs_diff(other) > allowed {
                return None;
            }
            let distance = strsim::damerau_levenshtein(&folded, f);
            (distance <= allowed || prefix).then_some((distance, f, *c))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(b.2)))
        .map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_french_accents() {
        assert_eq!(slugify("Élodie Gâteau"), "elodie-gateau");
        assert_eq!(slugify("Pose d'un chauffe-eau"), "pose-d-un-chauffe-eau");
        assert_eq!(slugify("Élève — Œuvre d'été"), "eleve-oeuvre-d-ete");
        assert!(is_slug("lucas-martin"));
        assert!(!is_slug("Lucas Martin"));
        assert!(!is_slug(""));
    }

    #[test]
    fn nearest_finds_typos_and_french_words() {
        let kinds = ["practice", "checkin", "review", "training"];
        assert_eq!(nearest("pratice", kinds, &[]), Some("practice"));
        assert_eq!(
            nearest("Bilan", kinds, &[("bilan", "review")]),
            Some("review")
        );
        assert_eq!(nearest("zzz", kinds, &[]), None);
        let mentors = ["claire-dubois", "paul-garnier"];
        assert_eq!(nearest("claire-dubos", mentors, &[]), Some("claire-dubois"));
        assert_eq!(nearest("claire", mentors, &[]), Some("claire-dubois"));
    }
}
