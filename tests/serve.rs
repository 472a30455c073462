//! `compagnon serve`, end to end: the real binary on a free port, asked
//! over HTTP while the site's files change under it.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;

/// A running `compagnon serve`, stopped when dropped.
struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/base/`, as it printed it.
    url: String,
}

impl Server {
    fn start(site: &std::path::Path) -> Server {
        Server::start_logged(site, Stdio::null())
    }

    /// A server whose terminal output goes to `stderr`.
    fn start_logged(site: &std::path::Path, stderr: impl Into<Stdio>) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_compagnon"))
            .args(["serve", path_str(site), "--port", "0", "--color", "never"])
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("compagnon serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "printed {line:?}");
        Server { child, url }
    }

    /// The path the site is served under: `/` or `/programme/`.
    fn base(&self) -> &str {
        &self.url["http://".len() + self.address().len()..]
    }

    /// host:port.
    fn address(&self) -> &str {
        let rest = &self.url["http://".len()..];
        &rest[..rest.find('/').unwrap()]
    }

    fn get(&self, path: &str) -> (u16, String) {
        get(&format!("{}{path}", self.url))
    }

    /// Asks `path` until `test` holds of its answer (a rebuild takes a
    /// moment after a save), or fails after 20 s.
    fn wait_for(&self, path: &str, what: &str, test: impl Fn(u16, &str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if test(status, &body) {
                return body;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{what}: still {status} after 20 s:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends bytes as they are, for requests an HTTP library would refuse
    /// to make; the status of the answer, if any.
    fn raw(&self, request: &[u8]) -> Option<u16> {
        let mut stream = TcpStream::connect(self.address()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request).ok()?;
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let text = String::from_utf8_lossy(&answer);
        text.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

fn get(url: &str) -> (u16, String) {
    let mut response = agent().get(url).call().expect("the server answers");
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    (status, body)
}

const ENTRY_PAGE: &str = "apprentices/apprenti-exemple/2026-09-01-premier-point/";

#[test]
fn a_saved_file_reloads_the_open_pages_with_its_new_content() {
    let site = TestSite::new();
    let server = Server::start(&site.root());
    let (status, home) = server.get("");
    assert_eq!(status, 200);
    assert!(home.contains("<h1"), "{home}");
    // The live-reload script is added by the server, to pages only.
    assert!(home.contains("_tower-livereload/event-stream"));

    // A browser's connection to the reload events, read on its own thread.
    let events_url = format!("http://{}/_tower-livereload/event-stream", server.address());
    let (sender, events) = mpsc::channel();
    std::thread::spawn(move || {
        let response = ureq::get(&events_url).call().unwrap();
        let reader = BufReader::new(response.into_body().into_reader());
        for line in reader.lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let title = site.read(ENTRY);
    let title = title
        .lines()
        .find_map(|l| l.strip_prefix("title = "))
        .unwrap()
        .trim_matches('"')
        .to_string();
    site.edit(ENTRY, &title, "Brasure du cuivre, reprise");
    let page = server.wait_for(ENTRY_PAGE, "the edited entry", |status, body| {
        status == 200 && body.contains("Brasure du cuivre, reprise")
    });
    assert!(!page.contains(&format!(">{title}<")));
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut reload = false;
    while !reload && Instant::now() < deadline {
        if let Ok(line) = events.recv_timeout(Duration::from_millis(500)) {
            reload = line == "event: reload";
        }
    }
    assert!(reload, "no reload event was sent");
}

/// A site with a warning: the terminal shows it once, not again at every
/// save that leaves it as it was, and says so in the rebuild's line.
#[test]
fn warnings_are_printed_once_not_at_every_save() {
    let site = TestSite::new();
    site.edit(APPRENTICE, "name = ", "couleur = \"bleu\"\nname = ");
    let log = tempfile::NamedTempFile::new().unwrap();
    let server = Server::start_logged(&site.root(), log.reopen().unwrap());
    for n in 1..=2 {
        let text = site.read(ENTRY);
        let marked = format!("{text}\nReprise {n}.\n");
        std::fs::write(site.root().join(ENTRY), marked).unwrap();
        server.wait_for(ENTRY_PAGE, "the edited entry", |status, body| {
            status == 200 && body.contains(&format!("Reprise {n}."))
        });
    }
    // The line of the second rebuild may come just after its pages.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut printed = String::new();
    while Instant::now() < deadline {
        printed = std::fs::read_to_string(log.path()).unwrap();
        if printed.matches("Reconstruit").count() >= 2 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(server);
    assert_eq!(printed.matches("champ inconnu").count(), 1, "{printed}");
    assert!(printed.contains("déjà affiché"), "{printed}");
}

#[test]
fn a_broken_file_shows_its_errors_in_the_browser_until_it_is_fixed() {
    let site = TestSite::new();
    let server = Server::start(&site.root());
    let original = site.read(ENTRY);
    let date = original
        .lines()
        .find(|l| l.starts_with("date = "))
        .unwrap()
        .to_string();
    site.edit(ENTRY, &date, "date = 2026-13-45");
    let error = server.wait_for("", "the error page", |status, _| status == 500);
    // In the site's language, with the file, its line and the help.
    assert!(error.contains("<html lang=\"fr\">"), "{error}");
    assert!(error.contains("Le site ne peut pas être construit"));
    assert!(error.contains(&format!("{ENTRY}:")), "{error}");
    assert!(error.contains("2026-13-45"));
    assert!(error.contains("aide"), "{error}");
    // Every page shows it; the rest of the last good build is still served.
    let (status, _) = server.get(ENTRY_PAGE);
    assert_eq!(status, 500);
    let (status, _) = server.get("robots.txt");
    assert_eq!(status, 200);

    site.write(ENTRY, &original);
    server.wait_for(ENTRY_PAGE, "the site back", |status, _| status == 200);
}

#[test]
fn an_apprentice_added_then_removed_appears_then_goes() {
    let site = TestSite::new();
    let server = Server::start(&site.root());
    let profile = site
        .read(APPRENTICE)
        .replace("name = \"", "name = \"Nouvelle ");
    site.write("apprentices/nouvelle-apprentie/_index.md", &profile);
    server.wait_for(
        "apprentices/nouvelle-apprentie/",
        "the new portfolio",
        |status, _| status == 200,
    );
    let (_, list) = server.get("apprentices/");
    assert!(list.contains("nouvelle-apprentie/"), "{list}");

    std::fs::remove_dir_all(site.root().join("apprentices/nouvelle-apprentie")).unwrap();
    let gone = server.wait_for(
        "apprentices/nouvelle-apprentie/",
        "the portfolio gone",
        |status, _| status == 404,
    );
    // The site's own not-found page.
    assert!(gone.contains("<html"), "{gone}");
}

#[test]
fn hostile_requests_are_harmless() {
    let site = TestSite::new();
    let server = Server::start(&site.root());
    let base = server.base();
    // Out of the site, plainly or encoded: nothing but the site is served.
    for path in [
        "../../../../etc/passwd",
        "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "..%2f..%2fsite.toml",
    ] {
        let request = format!("GET {base}{path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let status = server.raw(request.as_bytes());
        assert!(matches!(status, Some(400 | 404)), "{path}: {status:?}");
    }
    let (status, body) = server.get("..%2f..%2fsite.toml");
    assert_ne!(status, 200);
    assert!(!body.contains("base_url"));
    // A very long address.
    let long = format!(
        "GET {base}{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a".repeat(200_000)
    );
    let status = server.raw(long.as_bytes());
    assert!(status.is_none_or(|s| s >= 400), "{status:?}");
    // Methods a static site does not answer.
    for method in ["POST", "PUT", "DELETE", "BREW"] {
        let request = format!(
            "{method} {base} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        let status = server.raw(request.as_bytes());
        assert!(matches!(status, Some(400 | 405)), "{method}: {status:?}");
    }
    // A client that leaves half-way.
    for _ in 0..20 {
        let mut stream = TcpStream::connect(server.address()).unwrap();
        let _ = stream.write_all(format!("GET {base} HTTP/1.1\r\nHost: x\r\n").as_bytes());
        drop(stream);
    }
    // Many clients at once.
    let clients: Vec<_> = (0..32)
        .map(|_| {
            let url = server.url.clone();
            std::thread::spawn(move || get(&url).0)
        })
        .collect();
    for client in clients {
        assert_eq!(client.join().unwrap(), 200);
    }
    let (status, _) = server.get("");
    assert_eq!(status, 200, "the server still answers");
}

#[test]
fn a_folder_without_its_slash_and_the_servers_root_lead_to_the_site() {
    let site = TestSite::new();
    let server = Server::start(&site.root());
    let entry = ENTRY_PAGE.trim_end_matches('/');
    let response = agent()
        .get(&format!("{}{entry}", server.url))
        .call()
        .unwrap();
    assert_eq!(response.status().as_u16(), 308);
    assert_eq!(
        response.headers()["location"].to_str().unwrap(),
        format!("{}{entry}/", server.base())
    );
    let root = format!("http://{}/", server.address());
    let response = agent().get(&root).call().unwrap();
    if server.base() != "/" {
        assert_eq!(response.status().as_u16(), 308);
        assert_eq!(
            response.headers()["location"].to_str().unwrap(),
            server.base()
        );
    }
}

#[test]
fn a_built_site_holds_no_live_reload_script() {
    let site = TestSite::new();
    let dir = tempfile::tempdir().unwrap();
    compagnon()
        .args([
            "build",
            path_str(&site.root()),
            "-o",
            path_str(&dir.path().join("public")),
        ])
        .assert()
        .success();
    for entry in walkdir::WalkDir::new(dir.path()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("livereload"),
                "{}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn an_address_that_cannot_be_listened_on_is_explained() {
    let site = TestSite::new();
    // 192.0.2.1 is kept for documentation: no machine has it.
    compagnon()
        .args(["serve", path_str(&site.root()), "--bind", "192.0.2.1"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "impossible de servir le site sur 192.0.2.1:1111",
        ))
        .stderr(predicates::str::contains("--port"));
}

#[test]
fn a_folder_that_is_not_a_site_is_explained_without_serving() {
    let empty = tempfile::tempdir().unwrap();
    compagnon()
        .args(["serve", path_str(empty.path())])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("site.toml"));
}
