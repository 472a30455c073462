//! Any bytes as any kind of Markdown file of a site (front matter in TOML or
//! YAML, then a body): parsing and the rendering of every diagnostic must
//! never panic, and no control character reaches what is printed.
#![no_main]

use libfuzzer_sys::fuzz_target;

const FILES: [&str; 6] = [
    "programme/guide.md",
    "competencies/_index.md",
    "competencies/souder.md",
    "mentors/claire-dubois.md",
    "apprentices/ines/_index.md",
    "apprentices/ines/2026-09-01-pose.md",
];

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let rel = FILES[usize::from(kind) % FILES.len()];
    let shown = compagnon::fuzzing::check_file(rel, text);
    assert!(
        !shown.contains(|c: char| c.is_control() && c != '\n' && c != '\t'),
        "a control character would reach the terminal: {shown:?}"
    );
});
