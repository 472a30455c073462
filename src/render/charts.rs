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

const BAR_HEIGHT: u32 = 22;
const LABEL_WIDTH: u32 = 150;
const CHART_WIDTH: u32 = 520;

fn open(out: &mut String, title: &str, height: u32) {
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {CHART_WIDTH} {height}\" role=\"img\" aria-label=\"{t}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{t}</title>",
        t = escape(title)
    );
}

/// Apprentices per level of one competency, the target level marked.
pub fn levels(lang: Lang, competency: &str, rows: &[LevelRow], _scale_len: u8) -> String {
    let title = tr!(
        lang,
        "Apprentis par niveau en « {competency} »",
        "Apprentices per level in \"{competency}\""
    );
    let max = rows.iter().map(|r| r.count).max().unwrap_or(0).max(1);
    let height = rows.len() as u32 * (BAR_HEIGHT + 6) + 6;
    let mut out = String::new();
    open(&mut out, &title, height);
    let span = CHART_WIDTH - LABEL_WIDTH - 40;
    for (i, row) in rows.iter().enumerate() {
        let y = 6 + i as u32 * (BAR_HEIGHT + 6);
        let width = (row.count as u32 * span) / max as u32;
        let class = if row.is_target {
            "c-bar target"
        } else {
            "c-bar"
        };
        let label = format!(
            "{}. {}{}",
            row.number,
            row.name,
            if row.is_target { " ◆" } else { "" }
        );
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{ty}\" class=\"label\">{label}</text><rect x=\"{LABEL_WIDTH}\" y=\"{y}\" width=\"{w}\" height=\"{BAR_HEIGHT}\" class=\"{class}\"/><text x=\"{vx}\" y=\"{ty}\" class=\"value\">{n}</text>",
            ty = y + 16,
            label = escape(&label),
            w = width.max(1),
            vx = LABEL_WIDTH + width + 6,
            n = row.count
        );
    }
    out.push_str("</svg>");
    out
}

/// One bar per labelled count (apprentices per band of hours…).
pub fn counts(title: &str, rows: &[(String, usize)]) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let height = rows.len().max(1) as u32 * (BAR_HEIGHT + 6) + 6;
    let span = CHART_WIDTH - LABEL_WIDTH - 60;
    let mut out = String::new();
    open(&mut out, title, height);
    for (i, (label, count)) in rows.iter().enumerate() {
        let y = 6 + i as u32 * (BAR_HEIGHT + 6);
        // count <= max, so the width stays within the span.
        let width = (*count as u64 * u64::from(span) / max as u64) as u32;
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{ty}\" class=\"label\">{label}</text><rect x=\"{LABEL_WIDTH}\" y=\"{y}\" width=\"{w}\" height=\"{BAR_HEIGHT}\" class=\"c-bar\"/><text x=\"{vx}\" y=\"{ty}\" class=\"value\">{count}</text>",
            ty = y + 16,
            label = escape(label),
            w = width.max(1),
            vx = LABEL_WIDTH + width + 6,
        );
    }
    out.push_str("</svg>");
    out
}

/// Goals by status as one stacked bar.
pub fn goals(lang: Lang, counts: &GoalCounts) -> String {
    let title = tr!(lang, "Objectifs par statut", "Goals by status");
    let parts = [
        (counts.met, "met", tr!(lang, "atteints", "met")),
        (counts.open, "open", tr!(lang, "en cours", "in progress")),
        (counts.at_risk, "at-risk", tr!(lang, "à risque", "at risk")),
        (counts.late, "late", tr!(lang, "en retard", "late")),
    ];
    let total = parts.iter().map(|p| p.0).sum::<usize>().max(1);
    let mut out = String::new();
    open(&mut out, &title, 56);
    let mut x = 0u32;
    for (count, class, label) in &parts {
        let width = (*count as u32 * CHART_WIDTH) / total as u32;
        if width == 0 {
            continue;
        }
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"0\" width=\"{width}\" height=\"30\" class=\"seg {class}\"><title>{count} {label}</title></rect>",
            label = escape(label)
        );
        if width > 110 {
            let _ = write!(
                out,
                "<text x=\"{tx}\" y=\"48\" class=\"value\">{count} {label}</text>",
                tx = x + 2,
                label = escape(label)
            );
        }
        x += width;
    }
    out.push_str("</svg>");
    out
}
