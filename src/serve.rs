//! `compagnon serve`: the site built into memory and served on this
//! machine, built again when a file of the site changes, and the open
//! pages reloaded. Nothing is written to disk.
//!
//! While the site has errors, pages are an error page in the site's
//! language (file, line, help: what `check` prints), and the last good
//! build stays in memory for everything else; fixing the file brings the
//! site back. The live-reload script is added to pages by the server as it
//! sends them (tower-livereload): a page of `build` never holds it.
//!
//! Serving from memory, a request can only ever reach a file of the site:
//! there is no path on the disk to escape to.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use notify::RecursiveMode;
use notify_debouncer_full::DebounceEventResult;

use crate::Checked;
use crate::i18n::Lang;
use crate::session::{Files, Session};
use crate::tr;

/// What `compagnon serve` was asked for.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub site: PathBuf,
    /// The port to listen on; the next free one when taken; 0 lets the
    /// system choose.
    pub port: u16,
    pub bind: IpAddr,
    /// Opens the site in the browser once it is served.
    pub open: bool,
    pub drafts: bool,
}

/// Why the site could not be served.
#[derive(Debug)]
pub enum Failure {
    /// No port could be listened on at this address.
    Listen(std::io::Error),
    /// The site's folder could not be watched for changes (on Linux, a
    /// large site may need more inotify watches than the system allows).
    Watch(String),
}

/// What the server tells the terminal, in order.
pub enum Event<'a> {
    /// The first build, and each one after a change: its diagnostics, and
    /// how many pages it made (None when it failed), in how long.
    Built {
        checked: &'a Checked,
        pages: Option<usize>,
        took: Duration,
        first: bool,
    },
    /// Listening at this address.
    Serving { url: &'a str, lang: Lang },
    /// The browser could not be opened.
    NotOpened { url: &'a str, lang: Lang },
}

/// The files served, and the error page while the site is broken.
struct Served {
    /// The last good build, by output path.
    files: Arc<Files>,
    /// While the latest build failed: its diagnostics as a page.
    broken: Option<Arc<String>>,
    lang: Lang,
    /// The path every page is served under, from `base_url`: `/` or
    /// `/programme/`.
    base: String,
}

type Shared = Arc<RwLock<Served>>;

/// How long the watcher waits for a burst of changes (an editor's
/// save-as-rename, which takes a millisecond or two) to end before
/// building once. The wait is part of every reload: at 50 ms it cost
/// more than rebuilding after a log entry was saved. A longer burst (a
/// `git checkout`) may be built in two goes; changes that come during a
/// build are built together next.
const SETTLE: Duration = Duration::from_millis(10);
/// How often the watcher looks whether a burst has ended.
const SETTLE_TICK: Duration = Duration::from_millis(5);

/// Builds the site, serves it and rebuilds it on every change until
/// Ctrl-C. Fails only when no port can be listened on.
pub fn serve(
    options: &ServeOptions,
    report: impl Fn(Event) + Send + Sync + 'static,
) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(Failure::Listen)?;
    runtime.block_on(run(options.clone(), Arc::new(report)))
}

async fn run(
    options: ServeOptions,
    report: Arc<dyn Fn(Event) + Send + Sync>,
) -> Result<(), Failure> {
    let listener = listen(options.bind, options.port)
        .await
        .map_err(Failure::Listen)?;
    let address = listener.local_addr().map_err(Failure::Listen)?;
    // A first look at the site, for its base path and language; the
    // build proper renders with the local address as its base.
    let (base, lang) = base_of(&options.site);
    let url = format!("http://{}{base}", shown(address));
    let served: Shared = Arc::new(RwLock::new(Served {
        files: Arc::default(),
        broken: None,
        lang,
        base: base.clone(),
    }));
    let session = Session::new(
        &options.site,
        crate::Options {
            today: None,
            drafts: options.drafts,
        },
        crate::render::RenderOptions {
            file_links: false,
            base_url: url::Url::parse(&url).ok(),
            // Served on this machine, for whoever edits the site: the
            // public site, as it will be published.
            edition: crate::render::Edition::Public,
        },
    );
    let session = Arc::new(Mutex::new(session));
    rebuild(&session, None, &served, report.as_ref(), &|| {}, true);

    let livereload = tower_livereload::LiveReloadLayer::new();
    let reloader = livereload.reloader();
    let app = axum::Router::new()
        .fallback(answer)
        .with_state(Arc::clone(&served))
        .layer(livereload);

    // Changes come from the watcher's thread (the files changed, or None
    // when it lost track of them); builds run one at a time, off the
    // server's threads.
    let (changed, mut changes) = tokio::sync::mpsc::unbounded_channel::<Option<Vec<PathBuf>>>();
    let root = crate::output::absolute(&options.site);
    let ignored = root.join("public");
    let mut watcher = notify_debouncer_full::new_debouncer(SETTLE, Some(SETTLE_TICK), {
        let root = root.clone();
        move |result: DebounceEventResult| {
            let Ok(events) = result else {
                let _ = changed.send(None);
                return;
            };
            if events.iter().any(|event| event.need_rescan()) {
                let _ = changed.send(None);
                return;
            }
            let paths: Vec<PathBuf> = events
                .iter()
                .filter(|event| changes_files(&event.kind))
                .flat_map(|event| event.paths.iter())
                .filter(|path| watched(&root, &ignored, path))
                .cloned()
                .collect();
            if !paths.is_empty() {
                let _ = changed.send(Some(paths));
            }
        }
    })
    .map_err(|e| Failure::Watch(e.to_string()))?;
    watcher
        .watch(&root, RecursiveMode::Recursive)
        .map_err(|e| Failure::Watch(e.to_string()))?;
    let builder = {
        let (served, report) = (Arc::clone(&served), Arc::clone(&report));
        tokio::spawn(async move {
            while let Some(mut paths) = changes.recv().await {
                // Changes that came during the last build: one more build.
                while let Ok(more) = changes.try_recv() {
                    match (&mut paths, more) {
                        (Some(paths), Some(more)) => paths.extend(more),
                        (paths, _) => *paths = None,
                    }
                }
                let (session, served, report) = (
                    Arc::clone(&session),
                    Arc::clone(&served),
                    Arc::clone(&report),
                );
                let reloader = reloader.clone();
                let _ = tokio::task::spawn_blocking(move || {
                    let reload = move || reloader.reload();
                    rebuild(
                        &session,
                        paths.as_deref(),
                        &served,
                        report.as_ref(),
                        &reload,
                        false,
                    );
                })
                .await;
            }
        })
    };

    report(Event::Serving { url: &url, lang });
    if options.open && opener::open_browser(&url).is_err() {
        report(Event::NotOpened { url: &url, lang });
    }
    let server = axum::serve(listener, app);
    tokio::select! {
        result = server => result.map_err(Failure::Listen)?,
        _ = tokio::signal::ctrl_c() => {}
    }
    builder.abort();
    drop(watcher);
    Ok(())
}

/// Listens on `port`, or the next free one of the twenty after it.
async fn listen(bind: IpAddr, port: u16) -> std::io::Result<tokio::net::TcpListener> {
    let mut tried = 0;
    loop {
        let candidate = port.saturating_add(tried);
        match tokio::net::TcpListener::bind(SocketAddr::new(bind, candidate)).await {
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 && tried < 20 => {
                tried += 1;
            }
            result => return result,
        }
    }
}

/// The address as a browser is told it: a server listening on every
/// interface is reached on this machine at 127.0.0.1.
fn shown(address: SocketAddr) -> String {
    let ip = if address.ip().is_unspecified() {
        IpAddr::from([127, 0, 0, 1])
    } else {
        address.ip()
    };
    SocketAddr::new(ip, address.port()).to_string()
}

/// The path the site is served under (`base_url`'s, always ending with
/// `/`) and its language; `/` and French when site.toml cannot be read.
fn base_of(site: &Path) -> (String, Lang) {
    crate::load::config(site).map_or_else(
        || ("/".to_string(), Lang::default()),
        |config| (config.base_url.path().to_string(), config.language),
    )
}

/// Whether an event tells of a file changed: not a file opened or read,
/// which every build does to every file of the site.
fn changes_files(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode};
    match kind {
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Whether a change at `path` can change the site: not in the output of
/// `build` (`public/`), not a hidden file (`.git/`, an editor's swap file),
/// but for GitBook's own under `programme/` (`.gitbook/assets/`,
/// `.gitbook.yaml`).
fn watched(root: &Path, output: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let gitbook = relative.starts_with("programme/.gitbook")
        || relative.starts_with("programme/.gitbook.yaml");
    !path.starts_with(output)
        && relative.components().enumerate().all(|(i, c)| {
            let name = c.as_os_str().to_string_lossy();
            !name.starts_with('.') || (gitbook && i == 1)
        })
}

/// Builds the site into memory (again: only what changed) and makes it
/// the one served, or, when it has errors, serves its error page in place
/// of its pages. Then `reload`s the open pages when they may show
/// something new (a page changed, or the site is broken: its errors may
/// have changed), and only then tells the terminal.
fn rebuild(
    session: &Mutex<Session>,
    changed: Option<&[PathBuf]>,
    served: &Shared,
    report: &(dyn Fn(Event) + Send + Sync),
    reload: &(dyn Fn() + Send + Sync),
    first: bool,
) {
    let started = Instant::now();
    let mut session = session.lock().unwrap_or_else(PoisonError::into_inner);
    // The pages first: the search index, which holds every text, follows
    // once the open pages have reloaded (below).
    let rebuilt = session.rebuild_pages_first(changed);
    let took = started.elapsed();
    let was_broken;
    {
        let mut served = served.write().unwrap_or_else(PoisonError::into_inner);
        was_broken = served.broken.is_some();
        served.lang = rebuilt.checked.lang;
        match &rebuilt.outcome {
            Some(_) => {
                served.files = session.files();
                served.broken = None;
            }
            None => served.broken = Some(Arc::new(error_page(&rebuilt.checked))),
        }
    }
    // The open pages first, the terminal after.
    let shown = rebuilt
        .outcome
        .as_ref()
        .is_none_or(|outcome| was_broken || !outcome.changed.is_empty());
    if shown && !first {
        reload();
    }
    if session.search_behind() {
        // Nothing changed since: only the index is drawn again.
        let caught_up = session.rebuild_after(Some(&[]));
        if caught_up.outcome.is_some() {
            let mut served = served.write().unwrap_or_else(PoisonError::into_inner);
            served.files = session.files();
        }
    }
    drop(session);
    report(Event::Built {
        checked: &rebuilt.checked,
        pages: rebuilt.outcome.as_ref().map(|o| o.pages),
        took,
        first,
    });
}

/// The page shown in place of every page while the site has errors: the
/// errors as `check` prints them, in the site's language.
fn error_page(checked: &Checked) -> String {
    let lang = checked.lang;
    let options = crate::diagnostics::RenderOptions { lang, color: false };
    let errors = checked.diagnostics.errors();
    let title = tr!(
        lang,
        "Le site ne peut pas être construit",
        "The site cannot be built"
    );
    let summary = crate::diagnostics::summary(lang, errors, checked.diagnostics.warnings());
    let hint = tr!(
        lang,
        "Corrigez le fichier et enregistrez-le : la page se recharge d'elle-même. Les autres fichiers restent ceux de la dernière construction réussie.",
        "Fix the file and save it: the page reloads by itself. Other files stay those of the last successful build."
    );
    let mut page = format!(
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>body{{font:1rem/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1a1a1a;background:#fff}}h1{{color:#a4161a}}pre{{overflow-x:auto;background:#f4f4f4;border-left:4px solid #a4161a;padding:.75rem;font-size:.9rem}}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n<p>{summary}. {hint}</p>\n",
        lang.code(),
        title = escape(&title),
        summary = escape(&summary),
        hint = escape(&hint),
    );
    for diagnostic in checked.diagnostics.iter().filter(|d| d.is_error()) {
        let text = crate::diagnostics::render(diagnostic, &checked.sources, options);
        // Scrolled sideways on a phone rather than wrapped: the marks under
        // a line must stay under the characters they point at.
        page.push_str(&format!("<pre tabindex=\"0\">{}</pre>\n", escape(&text)));
    }
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

fn escape(text: &str) -> String {
    crate::render::charts::escape(text)
}

/// Answers a request from the files in memory.
async fn answer(State(served): State<Shared>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let (files, broken, base) = {
        let served = served.read().unwrap_or_else(PoisonError::into_inner);
        (
            Arc::clone(&served.files),
            served.broken.clone(),
            served.base.clone(),
        )
    };
    let decoded = percent_encoding::percent_decode_str(uri.path()).decode_utf8_lossy();
    let decoded_base = percent_encoding::percent_decode_str(&base).decode_utf8_lossy();
    // The site's folder without its slash, or the server's root: to the site.
    if decoded == decoded_base.trim_end_matches('/') || (decoded == "/" && base != "/") {
        return redirect(&base);
    }
    let Some(relative) = decoded.strip_prefix(decoded_base.as_ref()) else {
        return not_found(&files);
    };
    let path = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_string()
    };
    let page = path.ends_with(".html");
    if let (Some(broken), true) = (&broken, page) {
        return respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            "index.html",
            Bytes::from(broken.as_bytes().to_vec()),
        );
    }
    if let Some(bytes) = files.get(path.as_str()) {
        return respond(StatusCode::OK, &path, bytes.clone());
    }
    // A folder asked for without its slash: relative links need it.
    if files.contains_key(format!("{path}/index.html").as_str()) {
        return redirect(&format!("{}/", uri.path()));
    }
    if let Some(broken) = broken {
        return respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            "index.html",
            Bytes::from(broken.as_bytes().to_vec()),
        );
    }
    not_found(&files)
}

fn respond(status: StatusCode, path: &str, bytes: Bytes) -> Response {
    let kind = if path.ends_with(".html") {
        "text/html; charset=utf-8".to_string()
    } else {
        mime_guess::from_path(path)
            .first_or_octet_stream()
            .essence_str()
            .to_string()
    };
    let mut response = (status, Body::from(bytes)).into_response();
    let headers = response.headers_mut();
    if let Ok(kind) = HeaderValue::from_str(&kind) {
        headers.insert(header::CONTENT_TYPE, kind);
    }
    // Every request sees the latest build.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn redirect(to: &str) -> Response {
    let mut response = StatusCode::PERMANENT_REDIRECT.into_response();
    if let Ok(to) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, to);
    }
    response
}

/// The site's own not-found page, as a host would serve it.
fn not_found(files: &Files) -> Response {
    match files.get("404.html") {
        Some(page) => respond(StatusCode::NOT_FOUND, "404.html", page.clone()),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
