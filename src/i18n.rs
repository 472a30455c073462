//! The two languages a site can speak (`language` in site.toml).
//!
//! Messages are written next to the code that emits them, French and English
//! side by side (`tr!`), so a reviewer sees both and they never drift apart.
//! French text goes through [`french_typography`], which puts the
//! non-breaking spaces French typography wants before `: ; ? !` and inside
//! « », so message authors can type ordinary spaces.

/// A site's language: it decides the words of every message and page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub const CODES: [&'static str; 2] = ["fr", "en"];

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Quotes a value the way the language does: « x » or "x".
    pub fn quote(self, text: &str) -> String {
        match self {
            Lang::Fr => format!("«\u{a0}{text}\u{a0}»"),
            Lang::En => format!("\"{text}\""),
        }
    }

    /// "1 erreur", "2 erreurs", "0 erreur" (French keeps 0 singular).
    pub fn count(self, n: usize, fr: (&str, &str), en: (&str, &str)) -> String {
        format!("{n} {}", self.plural(n, fr, en))
    }

    /// The words that follow `n`, without it: "apprenti" or "apprentis".
    pub fn plural<'a>(self, n: usize, fr: (&'a str, &'a str), en: (&'a str, &'a str)) -> &'a str {
        let (one, many) = match self {
            Lang::Fr => fr,
            Lang::En => en,
        };
        let plural = match self {
            Lang::Fr => n > 1,
            Lang::En => n != 1,
        };
        if plural { many } else { one }
    }
}

/// Picks the French or English text, formatting with inline arguments.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $fr:literal, $en:literal $(, $name:ident = $value:expr)* $(,)?) => {
        match $lang {
            $crate::i18n::Lang::Fr => {
                $crate::i18n::french_typography(&format!($fr $(, $name = $value)*))
            }
            $crate::i18n::Lang::En => format!($en $(, $name = $value)*),
        }
    };
}

/// Replaces the ordinary space before `: ; ? !` and inside « » by a
/// non-breaking one, as French typography requires. Messages go through
/// it: they quote what the author wrote, apostrophes included, so that
/// it can be searched for in their files.
pub fn french_typography(text: &str) -> String {
    typeset(text, false)
}

/// [`french_typography`] and the typographic apostrophe between two
/// letters (`l'eau` → `l’eau`): for the text of pages.
pub fn french_prose(text: &str) -> String {
    typeset(text, true)
}

fn typeset(text: &str, apostrophes: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        if apostrophes
            && c == '\''
            && prev.is_some_and(char::is_alphabetic)
            && next.is_some_and(char::is_alphabetic)
        {
            out.push('’');
            continue;
        }
        let space_before_mark = c == ' '
            && matches!(next, Some(':' | ';' | '?' | '!' | '»'))
            // "http://x" or ":" at the end of a code sample must not change.
            && chars.get(i + 2).is_none_or(|c| c.is_whitespace() || *c == ')');
        let space_after_guillemet = c == ' ' && prev == Some('«');
        out.push(if space_before_mark || space_after_guillemet {
            '\u{a0}'
        } else {
            c
        });
    }
    out
}

impl Lang {
    /// A name after "de" in French, elided where it must be ("d’Inès",
    /// "de Yanis"), or the name alone in English ("by Inès"): for
    /// `tr!(lang, "la validation {m}", "sign-off by {m}", m = lang.de(name))`.
    pub fn de(self, name: &str) -> String {
        match self {
            Lang::Fr => before_name("de", name),
            Lang::En => name.to_string(),
        }
    }
}

/// `prefix` and a person's `name` as one phrase: "Compétences de" and
/// "Inès" make "Compétences d’Inès" (French elides "de" before a vowel:
/// A, E, I, O, U with or without accent, Œ, and Y before a consonant, as in
/// "d’Yves" but "de Yanis"); any other prefix is joined with a space.
pub fn before_name(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        return name.to_string();
    }
    let mut letters = name.chars();
    let (first, second) = (letters.next(), letters.next());
    let vowel = |c: char| "aeiouàâäéèêëîïôöùûüœæ".contains(c.to_lowercase().next().unwrap_or(c));
    let elided = match first {
        Some('Y' | 'y') => second.is_some_and(|c| c.is_alphabetic() && !vowel(c)),
        Some(c) => vowel(c),
        None => false,
    };
    match prefix.strip_suffix("de") {
        Some(head) if elided && (head.is_empty() || head.ends_with(' ')) => {
            format!("{head}d’{name}")
        }
        _ => format!("{prefix} {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_typography_uses_non_breaking_spaces() {
        assert_eq!(
            french_typography("mentor inconnu « x » : vouliez-vous dire « y » ?"),
            "mentor inconnu «\u{a0}x\u{a0}»\u{a0}: vouliez-vous dire «\u{a0}y\u{a0}»\u{a0}?"
        );
        // A colon inside a value is left alone.
        assert_eq!(french_typography("a :b"), "a :b");
    }

    #[test]
    fn french_typography_curls_apostrophes_between_letters() {
        assert_eq!(
            french_prose("l'ordre d'Inès, 'cité', rock'n'roll"),
            "l’ordre d’Inès, 'cité', rock’n’roll"
        );
        assert_eq!(french_typography("l'ordre"), "l'ordre");
    }

    #[test]
    fn names_after_de_are_elided_before_a_vowel() {
        assert_eq!(
            before_name("Retour au portfolio de", "Inès Mercier"),
            "Retour au portfolio d’Inès Mercier"
        );
        assert_eq!(
            before_name("Compétences de", "Élodie Gâteau"),
            "Compétences d’Élodie Gâteau"
        );
        assert_eq!(
            before_name("Compétences de", "Yves Roux"),
            "Compétences d’Yves Roux"
        );
        assert_eq!(
            before_name("Compétences de", "Yanis Bouzid"),
            "Compétences de Yanis Bouzid"
        );
        assert_eq!(
            before_name("Compétences de", "Hugo Leroy"),
            "Compétences de Hugo Leroy"
        );
        assert_eq!(
            before_name("Skills of", "Inès Mercier"),
            "Skills of Inès Mercier"
        );
        assert_eq!(
            before_name("la validation de", "Awa"),
            "la validation d’Awa"
        );
        assert_eq!(before_name("", "Awa"), "Awa");
    }

    #[test]
    fn french_counts_keep_zero_singular() {
        let fr = Lang::Fr.count(0, ("erreur", "erreurs"), ("error", "errors"));
        let en = Lang::En.count(0, ("erreur", "erreurs"), ("error", "errors"));
        assert_eq!((fr.as_str(), en.as_str()), ("0 erreur", "0 errors"));
    }
}
