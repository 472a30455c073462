//! compagnon at the scale of a programme: for N apprentices (100, 1,000
//! and 10,000 by default, or `BENCH_SIZES=100,1000`), a demo programme
//! (`compagnon init --demo N`: about 12 entries each, N / 5 mentors, 40
//! competencies, a 50-page handbook, some photos), then:
//!
//! - a cold `build` into a new folder and a `build` with nothing changed,
//!   each timed with its peak memory by `/usr/bin/time` (the binary, as a
//!   user runs it);
//! - the rebuilds `serve` makes (the same code: [`Session::rebuild`]) after
//!   editing one entry, one mentor, one handbook page and one template,
//!   each the median of several edits, with how many jobs rendered;
//! - end to end, as an author sees it: `compagnon serve` running, one
//!   entry saved, the time until the reload event reaches the browser's
//!   connection (the median of several saves);
//! - matching every apprentice, from the checked site.
//!
//! `cargo bench --bench scale`; `BENCH_KEEP=DIR` keeps the sites in DIR.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use compagnon::render::RenderOptions;
use compagnon::session::Session;

// The allocator of the binary (see main.rs), so that the rebuilds timed
// here cost what they cost in `serve`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1000, 10_000]);
    let binary = env!("CARGO_BIN_EXE_compagnon");
    let keep = std::env::var_os("BENCH_KEEP").map(std::path::PathBuf::from);
    println!(
        "| N | pages | cold build | peak | no-change build | peak | serve: first build | one entry | one mentor | one handbook page | one template | save to reload | matching |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let temp = tempfile::tempdir().unwrap();
        let base = keep.clone().unwrap_or_else(|| temp.path().to_path_buf());
        let site = base.join(format!("demo-{n}"));
        let output = base.join(format!("demo-{n}-public"));
        let _ = std::fs::remove_dir_all(&site);
        let _ = std::fs::remove_dir_all(&output);
        compagnon::scaffold::demo::write(&site, n, jiff::civil::date(2026, 12, 1)).unwrap();
        // Files generated a moment ago are read again at each rebuild (see
        // load::Cache): date them as files saved earlier would be.
        backdate(&site);

        let (cold, cold_peak) = timed_build(binary, &site, &output);
        let (warm, warm_peak) = timed_build(binary, &site, &output);

        let mut session = Session::new(
            &site,
            compagnon::Options::default(),
            RenderOptions::default(),
        );
        let started = Instant::now();
        let first = session.rebuild().outcome.expect("the demo builds");
        let first_build = started.elapsed();
        let runs = if n >= 10_000 { 3 } else { 7 };

        let entry = first_entry(&site);
        let entry_text = std::fs::read_to_string(&entry).unwrap();
        let one_entry = rebuilds(&mut session, &entry, runs, |k| {
            std::fs::write(&entry, format!("{entry_text}\nAjout {k}.\n")).unwrap();
        });
        let mentor = first_file(&site.join("mentors"));
        let mentor_text = std::fs::read_to_string(&mentor).unwrap();
        let one_mentor = rebuilds(&mut session, &mentor, runs, |k| {
            let text = mentor_text.replacen("headline = \"", &format!("headline = \"{k} "), 1);
            std::fs::write(&mentor, text).unwrap();
        });
        let page = site.join("programme/roles/page-1.md");
        let page_text = std::fs::read_to_string(&page).unwrap();
        let one_page = rebuilds(&mut session, &page, runs, |k| {
            std::fs::write(&page, format!("{page_text}\n## Ajout {k}\n")).unwrap();
        });
        let theme = std::fs::read_to_string("themes/default/templates/portfolio.html").unwrap();
        let template = site.join("templates/portfolio.html");
        std::fs::create_dir_all(template.parent().unwrap()).unwrap();
        let one_template = rebuilds(&mut session, &template, runs.min(3), |k| {
            std::fs::write(&template, format!("{theme}{{# {k} #}}\n")).unwrap();
        });

        drop(session);
        let reload = save_to_reload(binary, &site, &entry, runs);
        std::fs::write(&entry, &entry_text).unwrap();

        let project = compagnon::open(&site, &compagnon::Options::default());
        let (Some(site_model), Some(ready)) = (project.site(), project.ready.as_ref()) else {
            panic!("the demo checks clean");
        };
        let started = Instant::now();
        let found = compagnon::matching::match_site(site_model, &ready.derived);
        let matching = started.elapsed();
        drop(found);

        println!(
            "| {n} | {} | {} | {} MB | {} | {} MB | {} | {} | {} | {} | {} | {} | {} |",
            first.pages,
            secs(cold),
            cold_peak / 1024,
            secs(warm),
            warm_peak / 1024,
            secs(first_build),
            rebuilt(&one_entry),
            rebuilt(&one_mentor),
            rebuilt(&one_page),
            rebuilt(&one_template),
            secs(reload),
            secs(matching),
        );
    }
}

/// `compagnon build` as a user runs it, timed by `/usr/bin/time`: wall
/// time and peak memory (KB).
fn timed_build(binary: &str, site: &Path, output: &Path) -> (Duration, u64) {
    let result = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .arg(binary)
        .arg("build")
        .arg(site)
        .arg("-o")
        .arg(output)
        .arg("-q")
        .output()
        .expect("/usr/bin/time runs (apt-get install time)");
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let stderr = String::from_utf8_lossy(&result.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    let mut parts = last.split_whitespace();
    let wall: f64 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::NAN);
    let peak: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    (Duration::from_secs_f64(wall), peak)
}

/// Edits `file` with `edit(k)` and rebuilds as serve does once its
/// watcher saw the change, `runs` times: the median time, and the median
/// of jobs rendered. Timed as the author waits: serve draws the pages
/// first and reloads them, then the search index (untimed here).
fn rebuilds(
    session: &mut Session,
    file: &Path,
    runs: usize,
    mut edit: impl FnMut(usize),
) -> (Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut rendered = Vec::with_capacity(runs);
    let changed = [file.to_path_buf()];
    for k in 0..runs {
        edit(k);
        let started = Instant::now();
        let outcome = session
            .rebuild_pages_first(Some(&changed))
            .outcome
            .expect("the edited demo builds");
        times.push(started.elapsed());
        rendered.push(outcome.rendered);
        if session.search_behind() {
            session.rebuild_after(Some(&[]));
        }
    }
    times.sort();
    rendered.sort_unstable();
    (times[runs / 2], rendered[runs / 2])
}

/// `compagnon serve` on `site`: the median time from saving `entry` to
/// the reload event on a browser's connection, over `runs` saves.
fn save_to_reload(binary: &str, site: &Path, entry: &Path, runs: usize) -> Duration {
    use std::io::BufRead;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let mut server = Command::new(binary)
        .arg("serve")
        .arg(site)
        .args(["--port", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let events = format!("http://127.0.0.1:{port}/_tower-livereload/event-stream");
    // A page's connection to the reload events, as a browser opens it
    // again after each reload (the server ends it with the reload event).
    let connect = || {
        let started = Instant::now();
        let response = loop {
            match ureq::get(&events).call() {
                Ok(response) => break response,
                Err(_) if started.elapsed() < Duration::from_secs(600) => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(error) => panic!("serve did not start: {error}"),
            }
        };
        let (sender, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let reader = std::io::BufReader::new(response.into_body().into_reader());
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        lines
    };
    let wait_for = |lines: &std::sync::mpsc::Receiver<String>, event: &str| {
        while lines
            .recv_timeout(Duration::from_secs(60))
            .expect("an event")
            != event
        {}
    };
    let text = std::fs::read_to_string(entry).unwrap();
    let mut times = Vec::with_capacity(runs);
    for k in 0..runs {
        let lines = connect();
        wait_for(&lines, "event: init");
        // Saves apart, as an author's are: each its own rebuild.
        std::thread::sleep(Duration::from_millis(300));
        let saved = Instant::now();
        std::fs::write(entry, format!("{text}\nServi {k}.\n")).unwrap();
        wait_for(&lines, "event: reload");
        times.push(saved.elapsed());
    }
    let _ = server.kill();
    let _ = server.wait();
    times.sort();
    times[runs / 2]
}

fn rebuilt((time, jobs): &(Duration, usize)) -> String {
    format!("{} ({jobs} jobs)", secs(*time))
}

fn secs(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

fn first_file(dir: &Path) -> std::path::PathBuf {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && !p.ends_with("_index.md"))
        .collect();
    files.sort();
    files.remove(0)
}

/// The first log entry of the first apprentice.
fn first_entry(site: &Path) -> std::path::PathBuf {
    let mut apprentices: Vec<_> = std::fs::read_dir(site.join("apprentices"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    apprentices.sort();
    first_file(&apprentices[0])
}

fn backdate(site: &Path) {
    let hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    for entry in walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file()
            && let Ok(file) = std::fs::File::options().write(true).open(entry.path())
        {
            let _ = file.set_modified(hour_ago);
        }
    }
}
