//! How long `check` takes on a programme of N apprentices (cold, then warm
//! file cache). `cargo bench --bench check`, or with
//! `BENCH_APPRENTICES=5000` for another size; `BENCH_KEEP=DIR` keeps the
//! generated sites in DIR/site-N (to time the binary with hyperfine or
//! `/usr/bin/time -v`). Later stages (build, rebuild after one edit,
//! matching) join this benchmark as they arrive.

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
    }
}
