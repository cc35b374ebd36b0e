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
use std::time::{Duration, SystemTime};

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
    /// When the files were read.
    pub(crate) read_at: SystemTime,
}

/// How close to the time of a read a file's modification time may be for the read to be
/// trusted: on a disk that keeps times to the second (or two, as FAT does), a file saved
/// again in the same second with the same size has the same stamp. Such a "racy" stamp (as
/// git calls it) is not trusted, and the file is read again.
const RACY: Duration = Duration::from_secs(3);

impl<T> Remembered<T> {
    /// The remembered read when every file it read is unchanged (and still the same files).
    pub(crate) fn fresh(&self, stamps: &[(PathBuf, Option<Stamp>)]) -> Option<&Arc<Read<T>>> {
        let settled = |s: &Stamp| s.modified.is_some_and(|m| m + RACY <= self.read_at);
        let unchanged = self.stamps.len() == stamps.len()
            && self
                .stamps
                .iter()
                .zip(stamps)
                .all(|((p, a), (q, b))| p == q && a.is_some_and(|a| settled(&a)) && a == b);
        unchanged.then_some(&self.read)
    }
}

/// What the last walk of `content/` found: the files, sorted into briefings and actors, and
/// the problems of the walk (a sidecar without its briefing, say).
#[derive(Debug, Clone)]
pub(crate) struct Walk {
    pub(crate) content: super::walk::ContentFiles,
    pub(crate) diags: Vec<crate::diagnostics::Diagnostic>,
}

/// Which files changed since the last load, as the caller knows it.
#[derive(Debug, Clone)]
pub enum Changes {
    /// Unknown: walk the site and compare every file's size and time.
    Unknown,
    /// Only these files, relative to the root (what `serve`'s watcher saw). When each of
    /// them under `content/` is a file the last walk found and still exists, the site is not
    /// walked again and no other file is even looked at; otherwise it is as `Unknown`.
    Files(std::collections::HashSet<PathBuf>),
}

/// The reads of the last load, by the path of their main file.
#[derive(Debug, Default)]
pub struct LoadCache {
    pub(crate) briefings: HashMap<PathBuf, Remembered<BriefingSource>>,
    pub(crate) actors: HashMap<PathBuf, Remembered<ActorSource>>,
    /// The last walk of `content/`.
    pub(crate) walk: Option<Arc<Walk>>,
    /// The texts of the last load (shared with the source it gave).
    pub(crate) texts: Option<SourceTexts>,
    /// How many briefings and actor files the last load read again (the rest were
    /// unchanged).
    pub reread: usize,
    /// What earlier runs parsed (`.gloss-cache/`): a briefing read again whose files are
    /// those of an entry there is taken from it rather than parsed.
    pub(crate) disk: Option<Arc<crate::disk_cache::DiskCache>>,
}

impl LoadCache {
    /// An empty cache that takes briefings from `disk` and keeps in it those it parses.
    pub fn with_disk(disk: Arc<crate::disk_cache::DiskCache>) -> Self {
        LoadCache {
            disk: Some(disk),
            ..LoadCache::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remembered(
        modified: SystemTime,
        read_at: SystemTime,
    ) -> (Remembered<()>, Vec<(PathBuf, Option<Stamp>)>) {
        let stamps = vec![(
            PathBuf::from("content/a.md"),
            Some(Stamp {
                len: 3,
                modified: Some(modified),
            }),
        )];
        let r = Remembered {
            stamps: stamps.clone(),
            read: Arc::new(Read {
                value: None,
                texts: SourceTexts::default(),
                diags: Diagnostics::new(),
            }),
            read_at,
        };
        (r, stamps)
    }

    #[test]
    fn a_settled_unchanged_file_is_not_read_again_and_a_racy_one_is() {
        let now = SystemTime::now();
        let (settled, same) = remembered(now - Duration::from_secs(60), now);
        assert!(settled.fresh(&same).is_some());
        let (racy, same) = remembered(now - Duration::from_secs(1), now);
        assert!(
            racy.fresh(&same).is_none(),
            "saved in the second of the read"
        );
        let mut other = same.clone();
        other[0].1 = Some(Stamp {
            len: 4,
            modified: Some(now - Duration::from_secs(60)),
        });
        assert!(settled.fresh(&other).is_none(), "the size changed");
    }
}
