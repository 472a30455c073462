//! Dates, numbers and labels written in the reader's convention.
//!
//! Hand-written because jiff's strftime is English only and the rules are
//! few: "3 septembre 2026" (with "1er"), "6,5 h", "1 200 h" with a narrow
//! no-break space, French non-breaking spaces before `: ; ? !`.

use jiff::civil::Date;

use crate::i18n::Lang;
use crate::model::{EntryKind, Format, Rhythm, Slot};
use crate::tr;

pub(super) const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS_FR: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const DAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// "3 septembre 2026", "1er mars 2027" / "3 September 2026".
pub fn date(lang: Lang, d: Date) -> String {
    let month = (d.month() - 1) as usize;
    match lang {
        Lang::Fr if d.day() == 1 => format!("1er {} {}", MONTHS_FR[month], d.year()),
        Lang::Fr => format!("{} {} {}", d.day(), MONTHS_FR[month], d.year()),
        Lang::En => format!("{} {} {}", d.day(), MONTHS_EN[month], d.year()),
    }
}

/// "3 septembre" / "3 September": the year is clear from the context.
pub fn day_month(lang: Lang, d: Date) -> String {
    let month = (d.month() - 1) as usize;
    match lang {
        Lang::Fr if d.day() == 1 => format!("1er {}", MONTHS_FR[month]),
        Lang::Fr => format!("{} {}", d.day(), MONTHS_FR[month]),
        Lang::En => format!("{} {}", d.day(), MONTHS_EN[month]),
    }
}

/// "Décembre 2026" / "December 2026": a month as a label that opens a line
/// (French writes it in lower case only inside a sentence).
pub fn month(lang: Lang, d: Date) -> String {
    let month = (d.month() - 1) as usize;
    match lang {
        Lang::Fr => {
            // Every French month name starts with an ASCII letter.
            let (first, rest) = MONTHS_FR[month].split_at(1);
            format!("{}{rest} {}", first.to_ascii_uppercase(), d.year())
        }
        Lang::En => format!("{} {}", MONTHS_EN[month], d.year()),
    }
}

/// A number with at most one decimal: "6,5", "12", "1 200" / "6.5", "1,200".
pub fn number(lang: Lang, x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    let (whole, frac) = (tenths / 10, (tenths % 10).abs());
    let digits = whole.abs().to_string();
    let (group, decimal) = match lang {
        Lang::Fr => ('\u{202f}', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let sign = if tenths < 0 { "-" } else { "" };
    if frac == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{decimal}{frac}")
    }
}

/// A month in a few letters, with its year: "sept. 2026" / "Sep 2026",
/// to label a strip of weeks.
pub fn month_short(lang: Lang, d: Date) -> String {
    const FR: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    let month = (d.month() - 1) as usize;
    match lang {
        Lang::Fr => format!("{}\u{a0}{}", FR[month], d.year()),
        Lang::En => format!("{}\u{a0}{}", &MONTHS_EN[month][..3], d.year()),
    }
}

/// A file's size as a reader weighs it before a download: "820 o",
/// "240 Ko", "1,2 Mo" / "820 B", "240 KB", "1.2 MB" (units of 1,024).
pub fn file_size(lang: Lang, bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let (value, unit) = match bytes as f64 {
        b if b < KIB => (b, tr!(lang, "o", "B")),
        b if b < KIB * KIB => ((b / KIB).round(), tr!(lang, "Ko", "KB")),
        b => (b / (KIB * KIB), tr!(lang, "Mo", "MB")),
    };
    format!("{}\u{a0}{unit}", number(lang, value))
}

/// `text` with a capital first letter: "Points de suivi".
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "6,5 h" with a no-break space.
pub fn hours(lang: Lang, x: f64) -> String {
    format!("{}\u{a0}h", number(lang, x))
}

/// "73 %" (French: no-break space) / "73%".
pub fn percent(lang: Lang, ratio: f64) -> String {
    let p = (ratio * 100.0).round() as i64;
    match lang {
        Lang::Fr => format!("{p}\u{a0}%"),
        Lang::En => format!("{p}%"),
    }
}

pub fn kind(lang: Lang, kind: EntryKind) -> String {
    match kind {
        EntryKind::Practice => tr!(lang, "Pratique", "Practice"),
        EntryKind::Checkin => tr!(lang, "Point de suivi", "Check-in"),
        EntryKind::Review => tr!(lang, "Bilan", "Review"),
        EntryKind::Training => tr!(lang, "Formation", "Training"),
    }
}

pub fn kind_key(kind: EntryKind) -> &'static str {
    EntryKind::NAMES[EntryKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)]
}

pub fn format(lang: Lang, format: Format) -> String {
    match format {
        Format::OneToOne => tr!(lang, "Individuel", "One-to-one"),
        Format::Group => tr!(lang, "En groupe", "Group"),
        Format::Peer => tr!(lang, "Entre pairs", "Peer"),
        Format::Reverse => tr!(lang, "Inversé", "Reverse"),
        Format::Micro => tr!(lang, "Micro-mentorat", "Micro-mentoring"),
    }
}

/// "lundi matin" / "Monday morning".
pub fn slot(lang: Lang, slot: Slot) -> String {
    let day = slot.day as usize;
    match (lang, slot.afternoon) {
        (Lang::Fr, false) => format!("{} matin", DAYS_FR[day]),
        (Lang::Fr, true) => format!("{} après-midi", DAYS_FR[day]),
        (Lang::En, false) => format!("{} morning", DAYS_EN[day]),
        (Lang::En, true) => format!("{} afternoon", DAYS_EN[day]),
    }
}

/// A language's name from its ISO 639 code, in the reader's language.
pub fn language(lang: Lang, code: &str) -> String {
    const NAMES: &[(&str, &str, &str)] = &[
        ("fr", "français", "French"),
        ("en", "anglais", "English"),
        ("ar", "arabe", "Arabic"),
        ("es", "espagnol", "Spanish"),
        ("de", "allemand", "German"),
        ("it", "italien", "Italian"),
        ("pt", "portugais", "Portuguese"),
        ("nl", "néerlandais", "Dutch"),
        ("tr", "turc", "Turkish"),
        ("pl", "polonais", "Polish"),
        ("ro", "roumain", "Romanian"),
        ("zh", "chinois", "Chinese"),
        ("ru", "russe", "Russian"),
        ("uk", "ukrainien", "Ukrainian"),
        ("wo", "wolof", "Wolof"),
        ("fsl", "langue des signes française", "French Sign Language"),
    ];
    NAMES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, fr, en)| match lang {
            Lang::Fr => fr.to_string(),
            Lang::En => en.to_string(),
        })
        .unwrap_or_else(|| code.to_string())
}

/// "chaque semaine" / "every week".
pub fn rhythm(lang: Lang, rhythm: Rhythm) -> String {
    match rhythm {
        Rhythm::Week => tr!(lang, "chaque semaine", "every week"),
        Rhythm::Fortnight => tr!(lang, "tous les quinze jours", "every fortnight"),
        Rhythm::Month => tr!(lang, "chaque mois", "every month"),
    }
}

/// "Semaine du 7 septembre" / "Week of 7 September", "Octobre 2026"…
pub fn period(lang: Lang, rhythm: Rhythm, start: Date) -> String {
    match rhythm {
        Rhythm::Week => {
            let d = day_month(lang, start);
            tr!(lang, "Semaine du {d}", "Week of {d}")
        }
        Rhythm::Fortnight => {
            let d = day_month(lang, start);
            tr!(lang, "Quinzaine du {d}", "Fortnight of {d}")
        }
        Rhythm::Month => {
            let d = day_month(lang, start);
            tr!(lang, "Mois du {d}", "Month from {d}")
        }
    }
}

/// Applies French typography to a text written by the site's authors
/// (titles, names): a no-break space before `: ; ? !` and inside « ».
pub fn typography(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Fr => crate::i18n::french_prose(text),
        Lang::En => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn dates_in_both_languages() {
        assert_eq!(date(Lang::Fr, d(2026, 9, 3)), "3 septembre 2026");
        assert_eq!(date(Lang::Fr, d(2026, 9, 1)), "1er septembre 2026");
        assert_eq!(date(Lang::En, d(2026, 9, 3)), "3 September 2026");
        assert_eq!(month(Lang::Fr, d(2026, 12, 16)), "Décembre 2026");
        assert_eq!(month(Lang::Fr, d(2027, 8, 2)), "Août 2027");
        assert_eq!(month(Lang::En, d(2026, 12, 16)), "December 2026");
    }

    #[test]
    fn file_sizes_in_the_reader_convention() {
        assert_eq!(file_size(Lang::Fr, 820), "820\u{a0}o");
        assert_eq!(file_size(Lang::Fr, 245_000), "239\u{a0}Ko");
        assert_eq!(file_size(Lang::Fr, 1_300_000), "1,2\u{a0}Mo");
        assert_eq!(file_size(Lang::En, 1_300_000), "1.2\u{a0}MB");
    }

    #[test]
    fn numbers_in_the_reader_convention() {
        assert_eq!(hours(Lang::Fr, 6.5), "6,5\u{a0}h");
        assert_eq!(hours(Lang::En, 6.5), "6.5\u{a0}h");
        assert_eq!(number(Lang::Fr, 1200.0), "1\u{202f}200");
        assert_eq!(number(Lang::En, 1200.25), "1,200.3");
        assert_eq!(number(Lang::Fr, 12.0), "12");
        assert_eq!(percent(Lang::Fr, 0.734), "73\u{a0}%");
    }
}
