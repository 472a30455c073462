//! A site held in memory, path → bytes: what `serve` answers from without
//! touching the disk, and what tests compare builds with.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{Mutex, PoisonError};

use super::published::{self, Published};
use super::{Content, OutputFile, Sink, io_error};
use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;

pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
    lang: Lang,
    sources: published::Sources,
}

impl MemorySink {
    pub fn new(lang: Lang) -> Self {
        MemorySink {
            files: Mutex::new(BTreeMap::new()),
            lang,
            sources: published::Sources::default(),
        }
    }

    /// Every file put, in path order.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Sink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Box<Diagnostic>> {
        let bytes = match file.content {
            Content::Bytes(bytes) => bytes,
            Content::Copy(source) => match self.sources.open(&source, self.lang)? {
                Published::Whole(bytes) => bytes.to_vec(),
                Published::AsIs(mut rest) => {
                    let mut bytes = Vec::new();
                    rest.read_to_end(&mut bytes)
                        .map_err(|e| io_error(self.lang, &source, &e))?;
                    bytes
                }
            },
        };
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(file.path, bytes);
        Ok(())
    }
}
