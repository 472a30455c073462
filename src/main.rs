//! The `compagnon` command line: parses arguments, calls the library, prints
//! what happened, and exits 0 (success), 1 (the site has errors) or 2 (bad
//! usage, from clap).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

use compagnon::diagnostics::{self, Diagnostic, RenderOptions, Sources};
use compagnon::i18n::Lang;
use compagnon::matching::export::ExportFormat;
use compagnon::model::EntryKind;
use compagnon::scaffold::{self, NewEntry};
use compagnon::tr;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (v2 and v3 headers
/// alike; the sys crate names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Memory freed goes back to the system after 10 ms, not after mimalloc's
/// default of 1 s: a build frees what each phase held (the texts read, a
/// page's values) while the next phase grows, and the delay kept both
/// resident. At 10,000 apprentices `check` peaked at 283 MB and now 239 MB,
/// `build` at 375 MB and now 343 MB. Given back at once (0 ms), the build
/// of 1,000 apprentices took about 10 % longer, memory being taken back
/// and handed out again page by page; 10 ms costs a few per cent.
fn purge_soon() {
    // SAFETY: sets one integer option of the allocator, by its documented
    // index, before any thread but this one runs; mimalloc reads options
    // with atomic loads.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) }
}

#[derive(Parser)]
#[command(
    name = "compagnon",
    version,
    about = "Static sites for mentoring and apprenticeship programmes"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print errors only: no warnings, no summary.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// When to colour messages.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new site with one page of each kind, ready to check.
    Init {
        /// The folder to create.
        dir: PathBuf,
        /// The language of the site and its starter pages.
        #[arg(long, value_enum, default_value_t = Language::Fr)]
        language: Language,
        /// Instead of the starter site, a made-up programme of this many
        /// apprentices (in French), to try compagnon at scale.
        #[arg(long, value_name = "APPRENTICES")]
        demo: Option<usize>,
    },
    /// Report every error and warning of a site; writes nothing.
    Check {
        /// The site's folder.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Check pages and entries marked draft = true too, as build --drafts would.
        #[arg(long)]
        drafts: bool,
        /// Judge date-dependent statuses as of this day (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
    },
    /// Build the site: every page, feed and file, into SITE/public by default.
    Build {
        /// The site's folder.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Where to write the site (replaced as a whole at each build); required for the coordinator's edition.
        #[arg(long, short, required_if_eq("edition", "coordinator"))]
        output: Option<PathBuf>,
        /// public: the site anyone may read. coordinator: the programme team's confidential site for an intranet (every apprentice, private ones included, the caseload at coordination/, the whole matching; no page indexed).
        #[arg(long, value_enum, default_value_t = EditionArg::Public)]
        edition: EditionArg,
        /// Publish under another address than site.toml's base_url.
        #[arg(long, value_parser = parse_url)]
        base_url: Option<url::Url>,
        /// Include pages and entries marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// Judge date-dependent statuses as of this day (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// Make every link end with index.html, for a site opened from file:// (a USB stick, a shared drive).
        #[arg(long)]
        file_links: bool,
    },
    /// Build the site into memory and serve it on this machine; rebuild and
    /// reload the open pages whenever a file of the site changes.
    Serve {
        /// The site's folder.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The port to listen on (the next free one if it is taken).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on: this machine only by default.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the web browser.
        #[arg(long)]
        open: bool,
        /// Include pages and entries marked draft = true.
        #[arg(long)]
        drafts: bool,
    },
    /// The coordinator's export: every apprentice (private ones included) with
    /// the kept or suggested mentor, the score, the reasons and the alternatives.
    Match {
        /// The site's folder.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// table (to read), csv (for a spreadsheet) or json.
        #[arg(long, value_enum, default_value_t = MatchFormat::Table)]
        format: MatchFormat,
        /// Write to this file instead of the terminal.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Add every eligible pair's score and every impossible pair's reason (json).
        #[arg(long)]
        all_scores: bool,
        /// CSV separator: ";" by default on a French site (French spreadsheets), "," on an English one.
        #[arg(long, value_parser = parse_separator)]
        separator: Option<u8>,
        /// Judge date-dependent statuses as of this day (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
    },
    /// The coordinator's caseload for a spreadsheet: one row per apprentice
    /// (private ones included) with cohort, mentor, hours, goals, last
    /// check-in and review, entries to sign off, status and its reasons.
    Report {
        /// The site's folder.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// csv (for a spreadsheet).
        #[arg(long, value_enum, default_value_t = ReportFormatArg::Csv)]
        format: ReportFormatArg,
        /// Write to this file instead of the terminal.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// CSV separator: ";" by default on a French site (French spreadsheets), "," on an English one.
        #[arg(long, value_parser = parse_separator)]
        separator: Option<u8>,
        /// Judge date-dependent statuses as of this day (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
    },
    /// Create a new file from a template.
    #[command(subcommand)]
    New(New),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EditionArg {
    Public,
    Coordinator,
}

impl From<EditionArg> for compagnon::render::Edition {
    fn from(edition: EditionArg) -> Self {
        match edition {
            EditionArg::Public => compagnon::render::Edition::Public,
            EditionArg::Coordinator => compagnon::render::Edition::Coordinator,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormatArg {
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum MatchFormat {
    Table,
    Csv,
    Json,
}

#[derive(Subcommand)]
enum New {
    /// A dated competency-log entry for an apprentice.
    Entry {
        /// The apprentice's id (their folder's name under apprentices/).
        apprentice: String,
        /// The entry's title.
        title: String,
        /// The site's folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The kind of entry.
        #[arg(long, value_enum, default_value_t = Kind::Practice)]
        kind: Kind,
        /// The entry's date (YYYY-MM-DD); by default the day check and build judge on (as_of in site.toml, else today).
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Language {
    Fr,
    En,
}

impl From<Language> for Lang {
    fn from(language: Language) -> Lang {
        match language {
            Language::Fr => Lang::Fr,
            Language::En => Lang::En,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Practice,
    Checkin,
    Review,
    Training,
}

fn parse_date(text: &str) -> Result<Date, String> {
    compagnon::load::fields::parse_date(text)
        .map_err(|_| format!("\"{text}\" is not a date of the form YYYY-MM-DD, such as 2026-09-03"))
}

fn parse_separator(text: &str) -> Result<u8, String> {
    match text.as_bytes() {
        [byte] if byte.is_ascii() => Ok(*byte),
        _ => Err("--separator must be a single ASCII character such as ';' or ','".into()),
    }
}

fn parse_url(text: &str) -> Result<url::Url, String> {
    let with_slash = if text.ends_with('/') {
        text.to_string()
    } else {
        format!("{text}/")
    };
    url::Url::parse(&with_slash)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https" | "file"))
        .ok_or_else(|| {
            format!("\"{text}\" is not a full address such as https://example.org/programme/")
        })
}

fn main() -> ExitCode {
    purge_soon();
    let cli = Cli::parse();
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    match cli.command {
        Command::Init {
            dir,
            language,
            demo: Some(apprentices),
        } => {
            let lang = Lang::from(language);
            let today = compagnon::today::current_date();
            match scaffold::init_demo(&dir, lang, apprentices, today) {
                Ok(demo) => {
                    if !cli.quiet {
                        let shown = dir.display();
                        let scaffold::demo::Demo {
                            apprentices,
                            mentors,
                            competencies,
                            handbook,
                            entries,
                            photos,
                            files,
                        } = demo;
                        eprintln!(
                            "{}",
                            tr!(
                                lang,
                                "Programme de démonstration créé dans {shown}/ ({files} fichiers) : {apprentices} apprentis imaginaires, {entries} entrées de journal, {photos} photos, {mentors} mentors, {competencies} compétences, un guide de {handbook} pages.",
                                "Demo programme created in {shown}/ ({files} files): {apprentices} made-up apprentices, {entries} log entries, {photos} photos, {mentors} mentors, {competencies} competencies, a handbook of {handbook} pages."
                            )
                        );
                        eprintln!(
                            "{}",
                            tr!(
                                lang,
                                "Étape suivante : compagnon serve {shown} --open",
                                "Next step: compagnon serve {shown} --open"
                            )
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(problem) => fail(&problem, lang, color),
            }
        }
        Command::Init {
            dir,
            language,
            demo: None,
        } => {
            let lang = Lang::from(language);
            match scaffold::init(&dir, lang, compagnon::today::current_date()) {
                Ok(files) => {
                    if !cli.quiet {
                        let (shown, n) = (dir.display(), files.len());
                        eprintln!(
                            "{}",
                            tr!(
                                lang,
                                "Site créé dans {shown}/ ({n} fichiers).",
                                "Site created in {shown}/ ({n} files)."
                            )
                        );
                        eprintln!(
                            "{}",
                            tr!(
                                lang,
                                "Étape suivante : compagnon check {shown}",
                                "Next step: compagnon check {shown}"
                            )
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(problem) => fail(&problem, lang, color),
            }
        }
        Command::Check {
            site,
            drafts,
            today,
        } => check(
            &site,
            &compagnon::Options { today, drafts },
            cli.quiet,
            color,
        ),
        Command::Build {
            site,
            output,
            edition,
            base_url,
            drafts,
            today,
            file_links,
        } => {
            let options = compagnon::BuildOptions {
                output,
                today,
                drafts,
                render: compagnon::render::RenderOptions {
                    file_links,
                    base_url,
                    edition: edition.into(),
                },
                progress: None,
            };
            build(&site, options, cli.quiet, color)
        }
        Command::Serve {
            site,
            port,
            bind,
            open,
            drafts,
        } => {
            // Not a site at all: said as `check` says it, rather than
            // serving an error page of it.
            if !site.join("site.toml").is_file() {
                return check(&site, &compagnon::Options::default(), cli.quiet, color);
            }
            let options = compagnon::serve::ServeOptions {
                site,
                port,
                bind,
                open,
                drafts,
            };
            let quiet = cli.quiet;
            let shown = std::sync::Mutex::new(None);
            match compagnon::serve::serve(&options, move |event| {
                served(event, quiet, color, &shown);
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(failure) => {
                    let lang = Lang::default();
                    let problem = match failure {
                        compagnon::serve::Failure::Listen(e) => {
                            let shown = format!("{}:{}", options.bind, options.port);
                            Diagnostic::error(
                                "serve-failed",
                                tr!(
                                    lang,
                                    "impossible de servir le site sur {shown} : {e}",
                                    "cannot serve the site on {shown}: {e}"
                                ),
                            )
                            .help(tr!(
                                lang,
                                "choisissez un autre port avec --port, ou une autre adresse avec --bind",
                                "choose another port with --port, or another address with --bind"
                            ))
                        }
                        compagnon::serve::Failure::Watch(e) => {
                            let shown = options.site.display().to_string();
                            Diagnostic::error(
                                "watch-failed",
                                tr!(
                                    lang,
                                    "impossible de surveiller les fichiers de {shown} : {e}",
                                    "cannot watch the files of {shown}: {e}"
                                ),
                            )
                            .help(tr!(
                                lang,
                                "sous Linux, un grand site peut demander plus de surveillances : sudo sysctl fs.inotify.max_user_watches=524288 ; sinon, compagnon build construit le site sans le surveiller",
                                "on Linux, a large site may need more watches: sudo sysctl fs.inotify.max_user_watches=524288; otherwise compagnon build builds the site without watching it"
                            ))
                        }
                    };
                    fail(&problem, lang, color)
                }
            }
        }
        Command::Match {
            site,
            format,
            output,
            all_scores,
            separator,
            today,
        } => {
            let format = match format {
                MatchFormat::Table => ExportFormat::Table,
                MatchFormat::Json => ExportFormat::Json,
                MatchFormat::Csv => ExportFormat::Csv { separator },
            };
            let (checked, bytes) = compagnon::match_export(&site, today, format, all_scores);
            export(&checked, bytes, output.as_deref(), cli.quiet, color)
        }
        Command::Report {
            site,
            format: ReportFormatArg::Csv,
            output,
            separator,
            today,
        } => {
            let format = compagnon::render::coordinator::ReportFormat::Csv { separator };
            let (checked, bytes) = compagnon::report(&site, today, format);
            export(&checked, bytes, output.as_deref(), cli.quiet, color)
        }
        Command::New(New::Entry {
            apprentice,
            title,
            site,
            kind,
            date,
        }) => {
            let kind = match kind {
                Kind::Practice => EntryKind::Practice,
                Kind::Checkin => EntryKind::Checkin,
                Kind::Review => EntryKind::Review,
                Kind::Training => EntryKind::Training,
            };
            let request = NewEntry {
                site: &site,
                apprentice: &apprentice,
                title: &title,
                kind,
                date,
            };
            let config = std::fs::read_to_string(site.join("site.toml")).unwrap_or_default();
            let lang = compagnon::load::items::sniff_language(&config);
            match scaffold::new_entry(&request) {
                Ok(path) => {
                    // The path goes to stdout so scripts and editors can open it.
                    println!("{}", site.join(path).display());
                    ExitCode::SUCCESS
                }
                Err(problem) => fail(&problem, lang, color),
            }
        }
    }
}

/// Prints the diagnostics of an export (`match`, `report`), then writes
/// its bytes to `output`, or to the terminal; exits 1 when the site has
/// errors (nothing written) or the bytes cannot be written.
fn export(
    checked: &compagnon::Checked,
    bytes: Option<Vec<u8>>,
    output: Option<&std::path::Path>,
    quiet: bool,
    color: bool,
) -> ExitCode {
    print_diagnostics(checked, quiet, color);
    let Some(bytes) = bytes else {
        let counts = diagnostics::summary(
            checked.lang,
            checked.diagnostics.errors(),
            checked.diagnostics.warnings(),
        );
        eprintln!("{counts}.");
        return ExitCode::from(1);
    };
    let written = match output {
        Some(path) => std::fs::write(path, &bytes)
            .map_err(|e| compagnon::diagnostics::write_failed(checked.lang, path, &e)),
        None => std::io::Write::write_all(&mut std::io::stdout(), &bytes).map_err(|e| {
            compagnon::diagnostics::write_failed(checked.lang, std::path::Path::new("-"), &e)
        }),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => fail(&problem, checked.lang, color),
    }
}

fn fail(problem: &Diagnostic, lang: Lang, color: bool) -> ExitCode {
    let options = RenderOptions { lang, color };
    eprintln!("{}", diagnostics::render(problem, &Sources::new(), options));
    ExitCode::from(1)
}

fn build(
    site: &std::path::Path,
    mut options: compagnon::BuildOptions,
    quiet: bool,
    color: bool,
) -> ExitCode {
    let started = std::time::Instant::now();
    // A progress bar on a terminal, for a build that lasts: none when the
    // output is piped or quiet (indicatif also hides it off a terminal).
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let progress = std::sync::Arc::new(compagnon::render::Progress::default());
        options.progress = Some(std::sync::Arc::clone(&progress));
        ProgressBar::start(progress)
    });
    let (checked, built) = compagnon::build_site(site, &options);
    if let Some(bar) = bar {
        bar.stop();
    }
    let lang = checked.lang;
    print_diagnostics(&checked, quiet, color);
    match built {
        Some(built) => {
            if !quiet {
                let (shown, pages, files) = (built.output.display(), built.pages, built.files);
                let seconds =
                    compagnon::render::text::number(lang, started.elapsed().as_secs_f64());
                let changed = if built.written == 0 && built.removed == 0 {
                    tr!(lang, "rien à changer", "nothing to change")
                } else {
                    let unchanged = files - built.written;
                    let mut parts = vec![lang.count(
                        built.written,
                        ("écrit", "écrits"),
                        ("written", "written"),
                    )];
                    if unchanged > 0 {
                        parts.push(lang.count(
                            unchanged,
                            ("inchangé", "inchangés"),
                            ("unchanged", "unchanged"),
                        ));
                    }
                    if built.removed > 0 {
                        parts.push(lang.count(
                            built.removed,
                            ("retiré", "retirés"),
                            ("removed", "removed"),
                        ));
                    }
                    parts.join(", ")
                };
                eprintln!(
                    "{}",
                    tr!(
                        lang,
                        "Site construit dans {shown} : {pages} pages, {files} fichiers ({changed}), en {seconds} s.",
                        "Site built in {shown}: {pages} pages, {files} files ({changed}), in {seconds} s."
                    )
                );
            }
            ExitCode::SUCCESS
        }
        None => {
            let (errors, warnings) = (checked.diagnostics.errors(), checked.diagnostics.warnings());
            let counts = diagnostics::summary(lang, errors, warnings);
            eprintln!(
                "{}",
                tr!(
                    lang,
                    "{counts} — rien n'a été écrit.",
                    "{counts} — nothing was written."
                )
            );
            ExitCode::from(1)
        }
    }
}

/// A progress bar of the render, shown once a build has lasted a second.
struct ProgressBar {
    finished: std::sync::mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl ProgressBar {
    fn start(progress: std::sync::Arc<compagnon::render::Progress>) -> ProgressBar {
        use std::sync::atomic::Ordering;
        use std::time::Duration;
        let (finished, stop) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            if stop.recv_timeout(Duration::from_secs(1)).is_ok() {
                return;
            }
            // Drawn once render has started, when the number of jobs is known.
            let mut bar: Option<indicatif::ProgressBar> = None;
            loop {
                let total = progress.total.load(Ordering::Relaxed) as u64;
                if total > 0 {
                    let bar = bar.get_or_insert_with(|| {
                        indicatif::ProgressBar::new(total).with_style(
                            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} ({eta})")
                                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                        )
                    });
                    bar.set_position(progress.done.load(Ordering::Relaxed) as u64);
                }
                if stop.recv_timeout(Duration::from_millis(100)).is_ok() {
                    break;
                }
            }
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
        });
        ProgressBar { finished, thread }
    }

    fn stop(self) {
        let _ = self.finished.send(());
        let _ = self.thread.join();
    }
}

/// What `serve` tells the terminal. `shown`: the diagnostics printed
/// last; a rebuild that finds the same ones does not print them again
/// (a site with warnings would repeat them at every save).
fn served(
    event: compagnon::serve::Event,
    quiet: bool,
    color: bool,
    shown: &std::sync::Mutex<Option<Vec<diagnostics::Diagnostic>>>,
) {
    use compagnon::serve::Event;
    match event {
        Event::Built {
            checked,
            pages,
            took,
            first,
        } => {
            let lang = checked.lang;
            let now: Vec<diagnostics::Diagnostic> = checked.diagnostics.iter().cloned().collect();
            let mut last = shown
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let same = last.as_ref() == Some(&now);
            if !same {
                print_diagnostics(checked, quiet, color);
                *last = Some(now);
            }
            drop(last);
            let warnings = checked.diagnostics.warnings();
            let again = if same && warnings > 0 && !quiet {
                let n = lang.count(
                    warnings,
                    ("avertissement", "avertissements"),
                    ("warning", "warnings"),
                );
                let shown = lang.plural(
                    warnings,
                    ("déjà affiché plus haut", "déjà affichés plus haut"),
                    ("shown above", "shown above"),
                );
                format!(" ({n} {shown})")
            } else {
                String::new()
            };
            let seconds = compagnon::render::text::number(lang, took.as_secs_f64());
            match pages {
                Some(pages) if !quiet => {
                    let line = if first {
                        tr!(
                            lang,
                            "Site construit en mémoire : {pages} pages en {seconds} s.",
                            "Site built in memory: {pages} pages in {seconds} s."
                        )
                    } else {
                        tr!(
                            lang,
                            "Reconstruit : {pages} pages en {seconds} s{again}.",
                            "Rebuilt: {pages} pages in {seconds} s{again}."
                        )
                    };
                    eprintln!("{line}");
                }
                Some(_) => {}
                None => {
                    let counts = diagnostics::summary(
                        lang,
                        checked.diagnostics.errors(),
                        checked.diagnostics.warnings(),
                    );
                    eprintln!(
                        "{}",
                        tr!(
                            lang,
                            "{counts} — le navigateur affiche les erreurs ; le site revient dès que le fichier est corrigé.",
                            "{counts} — the browser shows the errors; the site comes back as soon as the file is fixed."
                        )
                    );
                }
            }
        }
        Event::Serving { url, lang } => {
            // The address on standard output, for scripts and tests.
            println!("{url}");
            if !quiet {
                eprintln!(
                    "{}",
                    tr!(
                        lang,
                        "Site servi sur {url} — il se reconstruit à chaque modification. Ctrl-C pour arrêter.",
                        "Site served at {url} — it rebuilds on every change. Ctrl-C to stop."
                    )
                );
            }
        }
        Event::NotOpened { url, lang } => eprintln!(
            "{}",
            tr!(
                lang,
                "Le navigateur n'a pas pu être ouvert : ouvrez {url}",
                "The browser could not be opened: open {url}"
            )
        ),
    }
}

fn print_diagnostics(checked: &compagnon::Checked, quiet: bool, color: bool) {
    let options = RenderOptions {
        lang: checked.lang,
        color,
    };
    for diagnostic in checked.diagnostics.iter() {
        if quiet && !diagnostic.is_error() {
            continue;
        }
        eprintln!(
            "{}\n",
            diagnostics::render(diagnostic, &checked.sources, options)
        );
    }
}

fn check(
    site: &std::path::Path,
    options: &compagnon::Options,
    quiet: bool,
    color: bool,
) -> ExitCode {
    let checked = compagnon::open(site, options).checked;
    let lang = checked.lang;
    print_diagnostics(&checked, quiet, color);
    let (errors, warnings) = (checked.diagnostics.errors(), checked.diagnostics.warnings());
    if !quiet || errors > 0 {
        let counts = diagnostics::summary(lang, errors, warnings);
        match &checked.site {
            Some(s) if errors == 0 => {
                let n =
                    |count: usize, fr: (&str, &str), en: (&str, &str)| lang.count(count, fr, en);
                let what = [
                    n(
                        s.pages.len(),
                        ("page du guide", "pages du guide"),
                        ("handbook page", "handbook pages"),
                    ),
                    n(
                        s.competencies.len(),
                        ("compétence", "compétences"),
                        ("competency", "competencies"),
                    ),
                    n(
                        s.mentors.len(),
                        ("mentor", "mentors"),
                        ("mentor", "mentors"),
                    ),
                    n(
                        s.apprentices.len(),
                        ("apprenti", "apprentis"),
                        ("apprentice", "apprentices"),
                    ),
                    n(
                        s.entries().count(),
                        ("entrée", "entrées"),
                        ("entry", "entries"),
                    ),
                ]
                .join(", ");
                eprintln!(
                    "{}",
                    tr!(
                        lang,
                        "Site vérifié : {what} — {counts}.",
                        "Site checked: {what} — {counts}."
                    )
                );
            }
            _ => eprintln!("{counts}."),
        }
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
