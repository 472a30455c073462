//! Any text as site.toml: parsing and the rendering of every diagnostic
//! must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let shown = compagnon::fuzzing::check_file("site.toml", text);
    assert!(
        !shown.contains(|c: char| c.is_control() && c != '\n' && c != '\t'),
        "a control character would reach the terminal: {shown:?}"
    );
});
