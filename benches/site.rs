//! How long `check`, `build` and a rebuild after one edit take on a
//! programme of N apprentices. `cargo bench --bench site`, or with
//! `BENCH_APPRENTICES=5000` for another size; `BENCH_KEEP=DIR` keeps the
//! generated sites in DIR/site-N (to time the binary with hyperfine or
//! `/usr/bin/time -v`). Matching joins this benchmark when it arrives.

#[path = "synthetic.rs"]
mod synthetic;

use std::time::{Duration, Instant};

fn main() {
    let sizes: Vec<usize> = std::env::var("BENCH_APPRENTICES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1000]);
    for n in sizes {
        let temp = tempfile::tempdir().unwrap();
        let dir = match std::env::var_os("BENCH_KEEP") {
            Some(keep) => std::path::Path::new(&keep).join(format!("site-{n}")),
            None => temp.path().to_path_buf(),
        };
        let _ = std::fs::remove_dir_all(&dir);
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
}
