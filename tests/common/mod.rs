//! A small site in a temp folder, made by `compagnon init`'s own starter and
//! then edited file by file: each test starts from a site that passes and
//! changes only what its story is about.
#![allow(dead_code)] // Each test file uses a different part of this helper.

pub mod photos;

use std::path::{Path, PathBuf};

use compagnon::diagnostics::{Diagnostic, RenderOptions, render};
use compagnon::i18n::Lang;
use compagnon::{Checked, check_site};
use jiff::civil::{Date, date};
use tempfile::TempDir;

/// The day the starter site is made.
pub const STARTED: Date = date(2026, 9, 1);
/// The day the tests judge it on.
pub const TODAY: Date = date(2026, 9, 5);

pub struct TestSite {
    dir: TempDir,
}

impl TestSite {
    /// The French starter site: one page of each kind, no warning.
    pub fn new() -> Self {
        Self::in_language(Lang::Fr)
    }

    pub fn in_language(lang: Lang) -> Self {
        let dir = tempfile::tempdir().expect("a temp folder");
        compagnon::scaffold::init(&dir.path().join("site"), lang, STARTED).expect("init works");
        TestSite { dir }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// Writes (or overwrites) a file of the site.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    /// Replaces `from` by `to` in a file, failing if `from` is not there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert!(
            text.contains(from),
            "{rel} does not contain {from:?}:\n{text}"
        );
        self.write(rel, &text.replacen(from, to, 1))
    }

    /// Adds `text` at the end of a file (a section of site.toml).
    pub fn append(&self, rel: &str, text: &str) -> &Self {
        let before = self.read(rel);
        self.write(rel, &format!("{before}\n{text}"))
    }

    pub fn remove(&self, rel: &str) -> &Self {
        let path = self.root().join(rel);
        if path.is_dir() {
            std::fs::remove_dir_all(path).unwrap();
        } else {
            std::fs::remove_file(path).unwrap();
        }
        self
    }

    /// Builds the site into its `public/` folder, which it returns; the
    /// build must succeed.
    pub fn build(&self) -> PathBuf {
        let out = self.root().join("public");
        let (checked, built) = compagnon::build_site(
            &self.root(),
            &compagnon::BuildOptions {
                output: Some(out.clone()),
                ..Default::default()
            },
        );
        assert!(built.is_some(), "{:?}", checked.diagnostics.iter().next());
        out
    }

    pub fn check(&self) -> Report {
        self.check_on(TODAY)
    }

    pub fn check_on(&self, today: Date) -> Report {
        Report(check_site(&self.root(), Some(today)))
    }
}

pub const SITE_TOML: &str = "site.toml";
pub const MENTOR: &str = "mentors/mentor-exemple.md";
pub const APPRENTICE: &str = "apprentices/apprenti-exemple/_index.md";
pub const ENTRY: &str = "apprentices/apprenti-exemple/2026-09-01-premier-point.md";
pub const COMPETENCY: &str = "competencies/organiser-son-poste.md";
pub const FRAMEWORK: &str = "competencies/_index.md";

/// The outcome of a check, with helpers that read like the user's view.
pub struct Report(pub Checked);

impl Report {
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        self.0.diagnostics.iter().collect()
    }

    /// Every diagnostic with this rule code, in the order check sorts them.
    pub fn all(&self, code: &str) -> Vec<&Diagnostic> {
        self.0
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .collect()
    }

    /// The one diagnostic with this rule code; fails listing all if not exactly one.
    pub fn only(&self, code: &str) -> &Diagnostic {
        let found = self.all(code);
        assert_eq!(
            found.len(),
            1,
            "expected one {code}, got:\n{}",
            self.rendered()
        );
        found[0]
    }

    pub fn codes(&self) -> Vec<&'static str> {
        self.0.diagnostics.iter().map(|d| d.code).collect()
    }

    pub fn assert_clean(&self) {
        assert!(
            self.0.diagnostics.is_empty(),
            "expected no problem, got:\n{}",
            self.rendered()
        );
    }

    /// (file, line, column) of a diagnostic.
    pub fn location(&self, d: &Diagnostic) -> (String, usize, usize) {
        let (line, col) = d.line_col(&self.0.sources).unwrap_or((0, 0));
        (d.file.clone().unwrap_or_default(), line, col)
    }

    pub fn rendered(&self) -> String {
        let options = RenderOptions {
            lang: self.0.lang,
            color: false,
        };
        self.0
            .diagnostics
            .iter()
            .map(|d| render(d, &self.0.sources, options))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    pub fn render_one(&self, d: &Diagnostic) -> String {
        render(
            d,
            &self.0.sources,
            RenderOptions {
                lang: self.0.lang,
                color: false,
            },
        )
    }
}

/// The compiled `compagnon` binary, for command-line tests.
pub fn compagnon() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("compagnon").unwrap();
    cmd.env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    cmd
}

pub fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A copy of example-site to change (its `public/` output left out), its
/// files dated an hour back: the cache of a session trusts them, as it
/// would files saved a while ago.
pub fn example_copy() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in walkdir::WalkDir::new("example-site").into_iter().flatten() {
        let rel = entry.path().strip_prefix("example-site").unwrap();
        if rel.starts_with("public") {
            continue;
        }
        let target = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
            let file = std::fs::File::options().write(true).open(&target).unwrap();
            file.set_modified(hour_ago).unwrap();
        }
    }
    dir
}

/// The text of `path` among the files of a build, failing the test with
/// the path when it was not made.
pub fn page_text(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .clone(),
    )
    .unwrap()
}
