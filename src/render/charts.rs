//! Charts drawn at build time as inline SVG: visible without JavaScript,
//! small, with a `<title>` for screen readers; every chart's page also
//! carries the same figures as a table or text.

use std::fmt::Write as _;

use super::context::LevelRow;
use crate::derive::GoalCounts;
use crate::i18n::Lang;
use crate::tr;

/// Escapes text for SVG (XML) content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A row of a bar chart: the label line, then the bar below it.
const ROW: u32 = 42;

/// Opens a chart `height` CSS pixels high and as wide as its box. There is
/// no viewBox: lengths are CSS pixels or percentages of the width, so the
/// text keeps the stylesheet's size (0.875rem) on a phone as on a desk,
/// where a scaled drawing would shrink it to 8 px at 360 px.
fn open(out: &mut String, title: &str, height: u32) {
    let _ = write!(
        out,
        "<svg class=\"chart\" width=\"100%\" height=\"{height}\" role=\"img\" aria-label=\"{t}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{t}</title>",
        t = escape(title)
    );
}

/// `count` of `total` as a percentage of the width, to 0.01 %.
fn share(count: usize, total: usize) -> String {
    format!("{:.2}%", count as f64 * 100.0 / total.max(1) as f64)
}

/// One bar per row, each under its label with its count at the right end
/// of the label line, so that a label of any length has the whole width.
fn bars(title: &str, rows: &[(String, usize, &str)]) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0);
    let mut out = String::new();
    open(&mut out, title, rows.len().max(1) as u32 * ROW);
    for (i, (label, count, class)) in rows.iter().enumerate() {
        let y = i as u32 * ROW;
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{ty}\" class=\"label\">{label}</text><text x=\"100%\" y=\"{ty}\" text-anchor=\"end\" class=\"value\">{count}</text><rect y=\"{by}\" width=\"100%\" height=\"14\" class=\"c-track\"/><rect y=\"{by}\" width=\"{w}\" height=\"14\" class=\"{class}\"/>",
            ty = y + 15,
            by = y + 20,
            label = escape(label),
            w = share(*count, max),
        );
    }
    out.push_str("</svg>");
    out
}

/// Apprentices per level of one competency, the target level marked.
pub fn levels(lang: Lang, competency: &str, rows: &[LevelRow], _scale_len: u8) -> String {
    let title = tr!(
        lang,
        "Apprentis par niveau en « {competency} »",
        "Apprentices per level in \"{competency}\""
    );
    let rows: Vec<_> = rows
        .iter()
        .map(|row| {
            let label = format!(
                "{}. {}{}",
                row.number,
                row.name,
                if row.is_target { " ◆" } else { "" }
            );
            let class = if row.is_target {
                "c-bar target"
            } else {
                "c-bar"
            };
            (label, row.count, class)
        })
        .collect();
    bars(&title, &rows)
}

/// One bar per labelled count (apprentices per band of hours…).
pub fn counts(title: &str, rows: &[(String, usize)]) -> String {
    let rows: Vec<_> = rows
        .iter()
        .map(|(label, count)| (label.clone(), *count, "c-bar"))
        .collect();
    bars(title, &rows)
}

/// Goals by status as one stacked bar, with its key below in two columns
/// (a count and a word beside each colour: colour never alone).
pub fn goals(lang: Lang, counts: &GoalCounts) -> String {
    let title = tr!(lang, "Objectifs par statut", "Goals by status");
    let parts: Vec<_> = [
        (counts.met, "met", tr!(lang, "atteints", "met")),
        (counts.open, "open", tr!(lang, "en cours", "in progress")),
        (counts.at_risk, "at-risk", tr!(lang, "à risque", "at risk")),
        (counts.late, "late", tr!(lang, "en retard", "late")),
    ]
    .into_iter()
    .filter(|p| p.0 > 0)
    .collect();
    if parts.is_empty() {
        return String::new();
    }
    let total = parts.iter().map(|p| p.0).sum::<usize>();
    let mut out = String::new();
    open(&mut out, &title, 40 + parts.len().div_ceil(2) as u32 * 24);
    let mut before = 0;
    for (count, class, label) in &parts {
        let _ = write!(
            out,
            "<rect x=\"{x}\" width=\"{w}\" height=\"30\" class=\"seg {class}\"><title>{count} {label}</title></rect>",
            x = share(before, total),
            w = share(*count, total),
            label = escape(label)
        );
        before += count;
    }
    for (i, (count, class, label)) in parts.iter().enumerate() {
        let (x, y) = (if i % 2 == 0 { "0" } else { "50%" }, 40 + i as u32 / 2 * 24);
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"14\" height=\"14\" class=\"seg {class}\"/><text x=\"{x}\" dx=\"20\" y=\"{ty}\" class=\"value\">{count} {label}</text>",
            ty = y + 12,
            label = escape(label)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_keep_their_text_at_the_stylesheets_size_and_never_colour_alone() {
        // No viewBox: nothing scales the text down on a phone; bars are
        // shares of the width.
        let bands = counts(
            "Heures",
            &[("de 0 à 20 h".into(), 4), ("de 20 à 40 h".into(), 1)],
        );
        assert!(!bands.contains("viewBox"), "{bands}");
        assert!(bands.contains("width=\"100.00%\" height=\"14\" class=\"c-bar\""));
        assert!(bands.contains("width=\"25.00%\" height=\"14\" class=\"c-bar\""));
        // Every goal status present has its count and word beside its
        // colour; an absent one is not drawn; no goal, no chart.
        let counts = GoalCounts {
            met: 3,
            late: 1,
            at_risk: 0,
            open: 4,
        };
        let svg = goals(Lang::Fr, &counts);
        for (class, words) in [
            ("met", "3 atteints"),
            ("open", "4 en cours"),
            ("late", "1 en retard"),
        ] {
            assert_eq!(
                svg.matches(&format!("class=\"seg {class}\"")).count(),
                2,
                "{svg}"
            );
            assert!(svg.contains(&format!(">{words}</text>")), "{svg}");
        }
        assert!(!svg.contains("à risque"));
        assert_eq!(goals(Lang::En, &GoalCounts::default()), "");
    }
}
