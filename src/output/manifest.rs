//! The memory of the build that wrote an output folder: each file's size
//! and a hash of its bytes, so that the next build rewrites only the files
//! whose bytes changed and removes those it no longer makes. A text file,
//! one line per file in path order. It lists every page, unlisted ones
//! too, so it is kept beside the output, never in it: nobody publishes it.
//! It also holds the fingerprint of everything the build read (see
//! [`crate::Ready::inputs`]): when the next build reads the same, and the
//! output is as this build left it, nothing needs rendering at all.

use std::collections::BTreeMap;
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

/// Output path → fingerprint of its bytes.
pub type Manifest = BTreeMap<String, Fingerprint>;

pub fn fingerprint(bytes: &[u8]) -> Fingerprint {
    Fingerprint {
        hash: xxh3_128(bytes),
        size: bytes.len() as u64,
    }
}

/// The fingerprint of a file's bytes, read in chunks: evidence may be a
/// video too large to hold in memory on every thread at once.
pub fn fingerprint_file(path: &Path) -> std::io::Result<Fingerprint> {
    let mut hashing = Hashing(Xxh3Default::new(), None);
    let size = std::io::copy(&mut std::fs::File::open(path)?, &mut hashing)?;
    Ok(Fingerprint {
        hash: hashing.0.digest128(),
        size,
    })
}

/// Copies `source` to `target` and fingerprints the bytes on the way: one
/// read of the source where hashing, then copying, would read it twice.
pub fn copy_fingerprinted(source: &Path, target: &Path) -> std::io::Result<Fingerprint> {
    let mut reader = std::fs::File::open(source)?;
    let mut hashing = Hashing(Xxh3Default::new(), Some(std::fs::File::create(target)?));
    let size = std::io::copy(&mut reader, &mut hashing)?;
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

/// The manifest's text; `inputs` when the build knows what it read.
pub fn to_text(manifest: &Manifest, inputs: Option<u128>) -> String {
    let mut text = format!("{HEADER}\n");
    if let Some(inputs) = inputs {
        text.push_str(&format!("inputs {inputs:032x}\n"));
    }
    for (path, print) in manifest {
        // The path is quoted as a JSON string: any character it holds, a
        // space or a line break, reads back the same.
        let quoted = serde_json::to_string(path).expect("a string always serialises");
        text.push_str(&format!("{:032x} {} {quoted}\n", print.hash, print.size));
    }
    text
}

/// Reads a manifest; None when it is of another format. A line that does
/// not parse (only a hand could make one) is dropped: its file is written
/// again, or left in the output if the site no longer makes it. So is a
/// path that would lead out of the output: a build removes the files of
/// the manifest it no longer makes, and must never remove anything else.
pub fn parse(text: &str) -> Option<(Manifest, Option<u128>)> {
    let mut lines = text.lines().peekable();
    if lines.next() != Some(HEADER) {
        return None;
    }
    let inputs = lines
        .next_if(|line| line.starts_with("inputs "))
        .and_then(|line| u128::from_str_radix(&line["inputs ".len()..], 16).ok());
    let manifest = lines
        .filter_map(|line| {
            let mut parts = line.splitn(3, ' ');
            let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
            let size = parts.next()?.parse().ok()?;
            let path: String = serde_json::from_str(parts.next()?).ok()?;
            let inside = Path::new(&path)
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
            inside.then_some((path, Fingerprint { hash, size }))
        })
        .collect();
    Some((manifest, inputs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_path_reads_back_as_written() {
        let mut manifest = Manifest::new();
        for path in ["index.html", "a b/c\nd.txt", "é/\"quoted\".pdf"] {
            manifest.insert(path.into(), fingerprint(path.as_bytes()));
        }
        assert_eq!(
            parse(&to_text(&manifest, None)),
            Some((manifest.clone(), None))
        );
        assert_eq!(
            parse(&to_text(&manifest, Some(u128::MAX - 7))),
            Some((manifest, Some(u128::MAX - 7)))
        );
    }

    #[test]
    fn a_path_out_of_the_output_is_dropped() {
        let manifest = Manifest::from([
            ("../site.toml".into(), fingerprint(b"")),
            ("/etc/passwd".into(), fingerprint(b"")),
            ("a/../../b".into(), fingerprint(b"")),
            ("a/b.html".into(), fingerprint(b"")),
        ]);
        let (read, _) = parse(&to_text(&manifest, Some(1))).unwrap();
        assert_eq!(read.keys().collect::<Vec<_>>(), ["a/b.html"]);
    }

    #[test]
    fn another_format_is_not_trusted() {
        let text = to_text(&Manifest::from([("a".into(), fingerprint(b"a"))]), None);
        assert_eq!(parse(&text.replace("manifest 2", "manifest 1")), None);
        assert_eq!(parse(""), None);
    }
}
