//! The memory of the build that wrote an output folder: each file's size
//! and a hash of its bytes, so that the next build rewrites only the files
//! whose bytes changed and removes those it no longer makes. A text file,
//! one line per file in path order. It lists every page, unlisted ones
//! too, so it is kept beside the output, never in it: nobody publishes it.
//! It also holds the fingerprint of everything the build read (see
//! [`crate::Ready::inputs`]): when the next build reads the same, and the
//! output is as this build left it, nothing needs rendering at all.

use std::io::Read;
use std::path::{Component, Path};

use xxhash_rust::xxh3::{Xxh3Default, xxh3_128};

/// The first line: a manifest of another format is not trusted, and every
/// file is then written again.
const HEADER: &str = "# compagnon build manifest 2: inputs, then xxh3-128, size, path";

/// What a file's bytes are, in a few bytes: xxh3-128 is fast enough to hash
/// every page at each build, and a collision between two versions of a page
/// is out of reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    pub hash: u128,
    pub size: u64,
}

/// Output paths with the fingerprints of their bytes. Held compactly,
/// every path in a few large strings: a programme of 10,000 apprentices
/// has 465,000 files, whose paths, each a `String` in a map, took 110 MB
/// (heaptrack). The strings are chunks that never grow once full, rather
/// than one string doubling: at that size a doubling string held 40 MB for
/// 27 MB of paths, and 60 MB while it was being copied.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    /// The paths, one after the other, in chunks of [`CHUNK`] bytes (a
    /// longer path has a chunk of its own).
    chunks: Vec<String>,
    files: Vec<Listed>,
    /// Whether `files` is in path order: lookups need it.
    sorted: bool,
}

/// The size of a chunk of [`Manifest::chunks`].
const CHUNK: usize = 1 << 20;

/// A file of the manifest: 40 bytes, where a `Fingerprint` alone takes 32
/// (a `u128` is aligned on 16 bytes).
#[derive(Clone, Copy, Debug)]
struct Listed {
    /// Where the path is: its chunk, and its start and length in it.
    chunk: u32,
    start: u32,
    len: u32,
    hash: [u64; 2],
    size: u64,
}

impl Listed {
    fn print(&self) -> Fingerprint {
        Fingerprint {
            hash: (u128::from(self.hash[0]) << 64) | u128::from(self.hash[1]),
            size: self.size,
        }
    }
}

/// Two manifests are equal when they list the same files in the same order.
impl PartialEq for Manifest {
    fn eq(&self, other: &Manifest) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Manifest {
    pub fn new() -> Self {
        Manifest {
            sorted: true,
            ..Manifest::default()
        }
    }

    /// Adds a file; a path is added once.
    pub fn insert(&mut self, path: &str, print: Fingerprint) {
        let room = self
            .chunks
            .last()
            .is_some_and(|chunk| chunk.capacity() - chunk.len() >= path.len());
        if !room {
            self.chunks
                .push(String::with_capacity(CHUNK.max(path.len())));
        }
        let chunk_index = self.chunks.len() - 1;
        let chunk = &mut self.chunks[chunk_index];
        let start = chunk.len();
        chunk.push_str(path);
        // Offsets fit in 32 bits: a chunk is 1 MB, or one path.
        let listed = Listed {
            chunk: chunk_index as u32,
            start: start as u32,
            len: path.len() as u32,
            hash: [(print.hash >> 64) as u64, print.hash as u64],
            size: print.size,
        };
        let sorted = self.sorted && self.files.last().is_none_or(|last| self.path(last) < path);
        self.files.push(listed);
        self.sorted = sorted;
    }

    /// Adds every file of `other`.
    pub fn extend(&mut self, other: &Manifest) {
        for (path, print) in other.iter() {
            self.insert(path, print);
        }
    }

    /// Puts the files in path order, for lookups and for the manifest's text.
    pub fn sort(&mut self) {
        if !self.sorted {
            let chunks = &self.chunks;
            self.files
                .sort_unstable_by(|a, b| Self::path_in(chunks, a).cmp(Self::path_in(chunks, b)));
            self.files
                .dedup_by(|a, b| Self::path_in(chunks, a) == Self::path_in(chunks, b));
            self.sorted = true;
        }
    }

    fn path(&self, listed: &Listed) -> &str {
        Self::path_in(&self.chunks, listed)
    }

    fn path_in<'c>(chunks: &'c [String], listed: &Listed) -> &'c str {
        let start = listed.start as usize;
        &chunks[listed.chunk as usize][start..start + listed.len as usize]
    }

    /// The fingerprint recorded for `path`. The manifest must be sorted.
    pub fn get(&self, path: &str) -> Option<Fingerprint> {
        debug_assert!(self.sorted, "lookups need the files in path order");
        self.files
            .binary_search_by(|listed| self.path(listed).cmp(path))
            .ok()
            .map(|at| self.files[at].print())
    }

    pub fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every file, in the order they were added (path order once sorted).
    pub fn iter(&self) -> impl Iterator<Item = (&str, Fingerprint)> {
        self.files
            .iter()
            .map(|listed| (self.path(listed), listed.print()))
    }

    /// Whether `test` holds for every file, tested in parallel.
    pub fn all(&self, test: impl Fn(&str, Fingerprint) -> bool + Sync) -> bool {
        use rayon::prelude::*;
        self.files
            .par_iter()
            .all(|listed| test(self.path(listed), listed.print()))
    }
}

pub fn fingerprint(bytes: &[u8]) -> Fingerprint {
    Fingerprint {
        hash: xxh3_128(bytes),
        size: bytes.len() as u64,
    }
}

/// Streams `from` to its end, into `to` when given, and fingerprints the
/// bytes on the way: one read of a source where hashing, then copying,
/// would read it twice; in chunks, since evidence may be a video too large
/// to hold in memory on every thread at once.
pub fn stream(
    from: &mut (impl Read + ?Sized),
    to: Option<std::fs::File>,
) -> std::io::Result<Fingerprint> {
    let mut hashing = Hashing(Xxh3Default::new(), to);
    let size = std::io::copy(from, &mut hashing)?;
    Ok(Fingerprint {
        hash: hashing.0.digest128(),
        size,
    })
}

/// Fingerprints what a build reads, piece by piece in a fixed order. Each
/// piece is length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
#[derive(Clone)]
pub struct Digest(Xxh3Default);

impl Default for Digest {
    fn default() -> Self {
        Digest(Xxh3Default::new())
    }
}

impl Digest {
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn text(&mut self, text: &str) -> &mut Self {
        self.bytes(text.as_bytes())
    }

    pub fn number(&mut self, number: u128) -> &mut Self {
        self.0.update(&number.to_le_bytes());
        self
    }

    pub fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

/// What `write!` writes, digested: a value as Debug shows it.
impl std::fmt::Write for Digest {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.text(text);
        Ok(())
    }
}

/// Hashes what is written to it (and writes it on to a file when given),
/// for `io::copy` to stream a file through its small stack buffer.
struct Hashing(Xxh3Default, Option<std::fs::File>);

impl std::io::Write for Hashing {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Some(file) = &mut self.1 {
            std::io::Write::write_all(file, bytes)?;
        }
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes the manifest's text (the manifest sorted); `inputs` when the
/// build knows what it read.
pub fn write(
    manifest: &Manifest,
    inputs: Option<u128>,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    writeln!(out, "{HEADER}")?;
    if let Some(inputs) = inputs {
        writeln!(out, "inputs {inputs:032x}")?;
    }
    for (path, print) in manifest.iter() {
        // The path is quoted as a JSON string: any character it holds, a
        // space or a line break, reads back the same.
        write!(out, "{:032x} {} ", print.hash, print.size)?;
        serde_json::to_writer(&mut *out, path)?;
        writeln!(out)?;
    }
    Ok(())
}

/// The fingerprint of the manifest's text, without holding the text: a
/// build whose manifest would read the same as the last one writes nothing.
pub fn text_print(manifest: &Manifest, inputs: Option<u128>) -> u128 {
    let mut hashing = Hashing(Xxh3Default::new(), None);
    write(manifest, inputs, &mut std::io::BufWriter::new(&mut hashing))
        .expect("hashing never fails");
    hashing.0.digest128()
}

/// What [`read`] finds in a manifest.
pub struct Found {
    pub manifest: Manifest,
    /// The fingerprint of its text, as [`text_print`] gives it.
    pub text: u128,
}

/// Reads a manifest line by line (its text is never held whole); None
/// when it is of another format. A line that does not parse (only a hand
/// could make one) is dropped: its file is written again, or left in the
/// output if the site no longer makes it. So is a path that would lead out
/// of the output: a build removes the files of the manifest it no longer
/// makes, and must never remove anything else.
pub fn read(from: impl std::io::BufRead) -> std::io::Result<Option<Found>> {
    let mut manifest = Manifest::new();
    let Some(scanned) = scan(from, 4096, |batch| {
        manifest.extend(batch);
        true
    })?
    else {
        return Ok(None);
    };
    // A manifest edited by hand may list a path twice or out of order.
    manifest.sort();
    Ok(Some(Found {
        manifest,
        text: scanned.text,
    }))
}

/// What [`scan`] finds besides the files.
pub struct Scanned {
    pub inputs: Option<u128>,
    /// The fingerprint of the text, as [`text_print`] gives it, when the
    /// scan went to the end.
    pub text: u128,
}

/// Reads a manifest as [`read`] does, but gives its files to `each` in
/// batches of `batch`, holding no more at once; `each` says whether to go
/// on. None when the manifest is of another format.
pub fn scan(
    from: impl std::io::BufRead,
    batch: usize,
    mut each: impl FnMut(&Manifest) -> bool,
) -> std::io::Result<Option<Scanned>> {
    let mut text = Xxh3Default::new();
    let mut lines = from.lines();
    let mut next = |text: &mut Xxh3Default| -> std::io::Result<Option<String>> {
        let line = lines.next().transpose()?;
        if let Some(line) = &line {
            text.update(line.as_bytes());
            text.update(b"\n");
        }
        Ok(line)
    };
    if next(&mut text)?.as_deref() != Some(HEADER) {
        return Ok(None);
    }
    let mut files = Manifest::new();
    let mut inputs = None;
    let mut first = true;
    while let Some(line) = next(&mut text)? {
        if std::mem::take(&mut first)
            && let Some(hex) = line.strip_prefix("inputs ")
        {
            inputs = u128::from_str_radix(hex, 16).ok();
            continue;
        }
        if let Some((path, print)) = listed(&line) {
            files.insert(&path, print);
        }
        if files.len() == batch {
            if !each(&files) {
                return Ok(Some(Scanned { inputs, text: 0 }));
            }
            files = Manifest::new();
        }
    }
    if !files.is_empty() {
        each(&files);
    }
    Ok(Some(Scanned {
        inputs,
        text: text.digest128(),
    }))
}

/// One file's line: `hash size "path"`.
fn listed(line: &str) -> Option<(String, Fingerprint)> {
    let mut parts = line.splitn(3, ' ');
    let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
    let size = parts.next()?.parse().ok()?;
    let path: String = serde_json::from_str(parts.next()?).ok()?;
    let inside = Path::new(&path)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    inside.then_some((path, Fingerprint { hash, size }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(manifest: &Manifest, inputs: Option<u128>) -> Vec<u8> {
        let mut text = Vec::new();
        write(manifest, inputs, &mut text).unwrap();
        text
    }

    /// The manifest read whole, and scanned two files at a time.
    fn parse(text: &[u8]) -> Option<(Manifest, Option<u128>)> {
        let found = read(text).unwrap()?;
        assert_eq!(found.text, xxh3_128(text), "the text's fingerprint");
        let mut scanned = Manifest::new();
        let inputs = scan(text, 2, |batch| {
            assert!(batch.len() <= 2);
            scanned.extend(batch);
            true
        })
        .unwrap()?
        .inputs;
        scanned.sort();
        assert_eq!(scanned, found.manifest);
        Some((found.manifest, inputs))
    }

    fn manifest(paths: &[&str]) -> Manifest {
        let mut manifest = Manifest::new();
        for path in paths {
            manifest.insert(path, fingerprint(path.as_bytes()));
        }
        manifest
    }

    #[test]
    fn any_path_reads_back_as_written() {
        let mut written = manifest(&["index.html", "a b/c\nd.txt", "é/\"quoted\".pdf"]);
        written.sort();
        assert_eq!(parse(&text(&written, None)), Some((written.clone(), None)));
        assert_eq!(
            parse(&text(&written, Some(u128::MAX - 7))),
            Some((written.clone(), Some(u128::MAX - 7)))
        );
        assert_eq!(
            text_print(&written, Some(3)),
            xxh3_128(&text(&written, Some(3)))
        );
    }

    #[test]
    fn files_are_found_by_path_once_sorted() {
        let mut files = manifest(&["b/index.html", "a.css", "c", "a.css"]);
        files.sort();
        let paths: Vec<&str> = files.iter().map(|(path, _)| path).collect();
        assert_eq!(paths, ["a.css", "b/index.html", "c"]);
        assert_eq!(files.get("c"), Some(fingerprint(b"c")));
        assert_eq!(files.get("b"), None);
    }

    #[test]
    fn a_path_out_of_the_output_is_dropped() {
        let mut written = manifest(&["../site.toml", "/etc/passwd", "a/../../b", "a/b.html"]);
        written.sort();
        let (read, _) = parse(&text(&written, Some(1))).unwrap();
        assert_eq!(
            read.iter().map(|(path, _)| path).collect::<Vec<_>>(),
            ["a/b.html"]
        );
    }

    #[test]
    fn another_format_is_not_trusted() {
        let text = text(&manifest(&["a"]), None);
        let older = String::from_utf8(text)
            .unwrap()
            .replace("manifest 2", "manifest 1");
        assert_eq!(parse(older.as_bytes()), None);
        assert_eq!(parse(b""), None);
    }
}
