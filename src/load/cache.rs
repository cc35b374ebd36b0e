//! What one load leaves for the next, so that `serve` re-reads only the files that changed.
//!
//! Each briefing (its `.md` and its sidecar) and each actor file is remembered with the
//! size and modification time of its files, and with what reading it gave: the parsed
//! value, the texts recorded and the problems found. A file whose size and time are
//! unchanged is not read again. The cache is a value the caller keeps and passes in
//! (`serve` keeps one per run); nothing is global.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::diagnostics::{Diagnostics, SourceTexts};

use super::{ActorSource, BriefingSource};

/// What identifies a version of a file without reading it: its size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    /// The stamp of the file at `path`; `None` when it cannot be read (so it is read again,
    /// and the read reports why).
    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// What reading one source gave: the value, the texts recorded, the problems found.
#[derive(Debug)]
pub(crate) struct Read<T> {
    pub(crate) value: Option<Arc<T>>,
    pub(crate) texts: SourceTexts,
    pub(crate) diags: Diagnostics,
}

impl<T> Clone for Read<T> {
    fn clone(&self) -> Self {
        Read {
            value: self.value.clone(),
            texts: self.texts.clone(),
            diags: self.diags.clone(),
        }
    }
}

/// A remembered read, with the stamps of the files it read (shared: a remembered read
/// passed on to the next load is not copied).
#[derive(Debug)]
pub(crate) struct Remembered<T> {
    pub(crate) stamps: Vec<(PathBuf, Option<Stamp>)>,
    pub(crate) read: Arc<Read<T>>,
}

impl<T> Remembered<T> {
    /// The remembered read when every file it read is unchanged (and still the same files).
    pub(crate) fn fresh(&self, stamps: &[(PathBuf, Option<Stamp>)]) -> Option<&Arc<Read<T>>> {
        let unchanged = self.stamps.len() == stamps.len()
            && self
                .stamps
                .iter()
                .zip(stamps)
                .all(|((p, a), (q, b))| p == q && a.is_some() && a == b);
        unchanged.then_some(&self.read)
    }
}

/// The reads of the last load, by the path of their main file.
#[derive(Debug, Default)]
pub struct LoadCache {
    pub(crate) briefings: HashMap<PathBuf, Remembered<BriefingSource>>,
    pub(crate) actors: HashMap<PathBuf, Remembered<ActorSource>>,
    /// How many briefings and actor files the last load read again (the rest were
    /// unchanged).
    pub reread: usize,
}
