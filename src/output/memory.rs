//! A site held in memory, path → bytes: what `serve` answers from without
//! touching the disk, and what tests compare builds with.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use super::{Content, OutputFile, Sink, io_error};
use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;

pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
    lang: Lang,
}

impl MemorySink {
    pub fn new(lang: Lang) -> Self {
        MemorySink {
            files: Mutex::new(BTreeMap::new()),
            lang,
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
        let bytes = match file.content.published(self.lang)? {
            Content::Bytes(bytes) => bytes,
            Content::Copy(source) => {
                std::fs::read(&source).map_err(|e| io_error(self.lang, &source, &e))?
            }
        };
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(file.path, bytes);
        Ok(())
    }
}
