//! How long `check`, `build` and a rebuild after one edit take on a
//! programme of N apprentices. `cargo bench --bench site`, or with
//! `BENCH_APPRENTICES=5000` for another size; `BENCH_KEEP=DIR` keeps the
//! generated sites in DIR/site-N (to time the binary with hyperfine or
//! `/usr/bin/time -v`).
//!
//! Then a handbook of `BENCH_HANDBOOK` pages (1,000 by default) in nested
//! folders, built into a fresh folder.
//!
//! Then matching: N apprentices seeking a mentor and N / 5 mentors
//! (`BENCH_MATCHING=10000` by default; the apprentices and mentors are
//! profiles only), timed from the checked site to the assignment with its
//! reasons and alternatives.

#[path = "synthetic.rs"]
mod synthetic;

use std::time::{Duration, Instant};

fn main() {
    for n in sizes("BENCH_APPRENTICES", &[100, 1000]) {
        let temp = tempfile::tempdir().unwrap();
        let dir = site_dir(&temp, &format!("site-{n}"));
        let started = Instant::now();
        synthetic::write_site(&dir, n);
        let generated = started.elapsed();
        let mut runs: Vec<Duration> = (0..5)
            .map(|_| {
                let t = Instant::now();
                let checked = compagnon::check_site(&dir, None);
                assert!(
                    !checked.diagnostics.has_errors(),
                    "the synthetic site must check clean"
                );
                t.elapsed()
            })
            .collect();
        runs.sort();
        let files = n * (synthetic::ENTRIES_PER_APPRENTICE + 1);
        println!(
            "check: {n} apprentices ({files} Markdown files): median {:.0} ms, best {:.0} ms (generated in {:.1} s)",
            runs[2].as_secs_f64() * 1000.0,
            runs[0].as_secs_f64() * 1000.0,
            generated.as_secs_f64()
        );
        let output = temp.path().join("public");
        let options = compagnon::BuildOptions {
            output: Some(output.clone()),
            ..compagnon::BuildOptions::default()
        };
        let time_build = || {
            let t = Instant::now();
            let (checked, built) = compagnon::build_site(&dir, &options);
            assert!(built.is_some(), "{:?}", checked.diagnostics.iter().next());
            (t.elapsed(), built.map_or(0, |b| b.pages))
        };
        let (first, pages) = time_build();
        // One edit to a profile; the whole site is rebuilt (incremental rebuilds come with `serve`).
        let entry = dir.join("apprentices/apprenti-0/_index.md");
        let text = std::fs::read_to_string(&entry)
            .unwrap()
            .replace("À propos.", "À propos, modifié.");
        std::fs::write(&entry, text).unwrap();
        let (rebuild, _) = time_build();
        println!(
            "build: {pages} pages in {:.2} s; rebuild after one edit {:.2} s",
            first.as_secs_f64(),
            rebuild.as_secs_f64()
        );
    }
    for n in sizes("BENCH_HANDBOOK", &[1000]) {
        let temp = tempfile::tempdir().unwrap();
        let dir = site_dir(&temp, &format!("handbook-{n}"));
        synthetic::write_handbook(&dir, n);
        let options = compagnon::BuildOptions {
            output: Some(temp.path().join("public")),
            ..compagnon::BuildOptions::default()
        };
        let t = Instant::now();
        let (checked, built) = compagnon::build_site(&dir, &options);
        assert!(built.is_some(), "{:?}", checked.diagnostics.iter().next());
        println!(
            "handbook: {n} pages built in {:.2} s",
            t.elapsed().as_secs_f64()
        );
    }
    for n in sizes("BENCH_MATCHING", &[10_000]) {
        let temp = tempfile::tempdir().unwrap();
        let dir = site_dir(&temp, &format!("matching-{n}"));
        synthetic::write_matching_site(&dir, n);
        let checked = compagnon::check_site(&dir, None);
        assert!(
            !checked.diagnostics.has_errors(),
            "the synthetic matching site must check clean: {:?}",
            checked.diagnostics.iter().next()
        );
        let site = checked.site.expect("a checked site");
        let derived = compagnon::derive::derive(&site, checked.today);
        let mut runs: Vec<(Duration, usize)> = (0..3)
            .map(|_| {
                let t = Instant::now();
                let found = compagnon::matching::match_site(&site, &derived);
                let placed = found
                    .apprentices
                    .iter()
                    .filter(|a| a.mentor.is_some())
                    .count();
                (t.elapsed(), placed)
            })
            .collect();
        runs.sort();
        let seats: usize = site
            .mentors
            .iter()
            .map(|m| m.capacity.value.max(0) as usize)
            .sum();
        println!(
            "matching: {n} apprentices, {} mentors ({seats} seats), {} placed: median {:.2} s, best {:.2} s",
            site.mentors.len(),
            runs[1].1,
            runs[1].0.as_secs_f64(),
            runs[0].0.as_secs_f64()
        );
    }
}

/// The sizes a variable asks for (`BENCH_HANDBOOK=1000,10000`), else `default`.
fn sizes(variable: &str, default: &[usize]) -> Vec<usize> {
    std::env::var(variable)
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// Where a generated site goes: `BENCH_KEEP/name` when kept, else the temp
/// folder; emptied first.
fn site_dir(temp: &tempfile::TempDir, name: &str) -> std::path::PathBuf {
    let dir = match std::env::var_os("BENCH_KEEP") {
        Some(keep) => std::path::Path::new(&keep).join(name),
        None => temp.path().to_path_buf(),
    };
    let _ = std::fs::remove_dir_all(&dir);
    dir
}
