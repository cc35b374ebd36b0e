//! `.gloss-cache/`: what earlier runs of `check` and `build` parsed and resolved, kept by a
//! hash of everything each piece of work read, so that a run over unchanged briefings
//! neither parses their YAML nor anchors their annotations again.
//!
//! The cache is a value: a run opens it at the site root ([`DiskCache::open`]), load and
//! resolve ask it for what they would otherwise work out and give it what it lacked, and
//! the run saves it ([`DiskCache::save`]) when it learned something. Here the entries are
//! bytes by key; each stage writes and reads its own values (with postcard). Only work
//! that found no problem is kept, so an entry never stands in for a diagnostic.
//!
//! The file names the gloss binary that wrote it and carries a checksum: a file written by
//! another build of gloss, or damaged, counts as empty and is replaced. Deleting the folder
//! is always safe; the next run writes it again.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use xxhash_rust::xxh3::Xxh3;

/// The cache's folder, at the site root.
pub const DIR: &str = ".gloss-cache";
/// The file in it that holds the entries.
const FILE: &str = "briefings.bin";
/// The first bytes of the file: its format (the number changes with the layout below).
const MAGIC: &[u8; 8] = b"GLOSSC01";
/// Magic, the binary's fingerprint (16 bytes), the number of entries and the checksum.
const HEADER: usize = 8 + 16 + 8 + 8;
/// Each entry's key (16 bytes) and length (8).
const ROW: usize = 16 + 8;

/// What a piece of work read, hashed: the key of what it gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Key(u128);

/// Makes a [`Key`] from the parts a piece of work read, each with its length first, so that
/// the parts `ab`, `c` and the parts `a`, `bc` give different keys.
pub(crate) struct KeyHasher(Xxh3);

impl KeyHasher {
    /// A key for work of the kind `kind` (each kind's keys apart from the others').
    pub(crate) fn new(kind: &str) -> Self {
        KeyHasher(Xxh3::new()).part(kind.as_bytes())
    }

    /// Adds a part.
    pub(crate) fn part(mut self, bytes: &[u8]) -> Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// The key.
    pub(crate) fn finish(&self) -> Key {
        Key(self.0.digest128())
    }
}

impl Key {
    /// The key's bytes, to make another key of it.
    pub(crate) fn bytes(self) -> [u8; 16] {
        self.0.to_le_bytes()
    }
}

/// The entries earlier runs left, and those this run adds.
#[derive(Default)]
pub struct DiskCache {
    /// Whether the cache is used at all (`--no-cache` turns it off).
    enabled: bool,
    /// The fingerprint of this gloss binary, which the file must name.
    build: [u8; 16],
    /// The file as read.
    bytes: Vec<u8>,
    /// Each entry of the file: its key and where its bytes are in `bytes`; sorted by key.
    entries: Vec<(Key, std::ops::Range<usize>)>,
    /// Whether this run asked for each entry of `entries`.
    used: Vec<AtomicBool>,
    /// What this run worked out that the file did not have.
    fresh: Mutex<Vec<(Key, Vec<u8>)>>,
}

impl std::fmt::Debug for DiskCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (used, fresh) = self.counts();
        f.debug_struct("DiskCache")
            .field("enabled", &self.enabled)
            .field("entries", &self.entries.len())
            .field("used", &used)
            .field("fresh", &fresh)
            .finish()
    }
}

impl DiskCache {
    /// A cache that holds nothing and keeps nothing.
    pub fn off() -> Self {
        DiskCache::default()
    }

    /// The cache of the site at `root`: its entries when `.gloss-cache/` holds a sound file
    /// written by this very gloss binary, else none. Off when this binary cannot be told
    /// apart from another (its file cannot be read).
    pub fn open(root: &Path) -> Self {
        let Some(build) = build_fingerprint() else {
            return DiskCache::off();
        };
        let bytes = std::fs::read(root.join(DIR).join(FILE)).unwrap_or_default();
        let entries = entries_of(&bytes, &build).unwrap_or_default();
        let used = entries.iter().map(|_| AtomicBool::new(false)).collect();
        DiskCache {
            enabled: true,
            build,
            bytes,
            entries,
            used,
            fresh: Mutex::new(Vec::new()),
        }
    }

    /// The value kept under `key`, when there is one that reads as a `T`.
    pub(crate) fn value<T: serde::de::DeserializeOwned>(&self, key: Key) -> Option<T> {
        let at = self.entries.binary_search_by_key(&key, |e| e.0).ok()?;
        let range = self.entries[at].1.clone();
        let value = postcard::from_bytes(self.bytes.get(range)?).ok()?;
        self.used[at].store(true, Ordering::Relaxed);
        Some(value)
    }

    /// Keeps `value` under `key`, for the runs that follow (when the cache is on).
    pub(crate) fn keep<T: serde::Serialize + ?Sized>(&self, key: Key, value: &T) {
        if !self.enabled {
            return;
        }
        if let Ok(bytes) = postcard::to_stdvec(value) {
            let mut fresh = self.fresh.lock().unwrap_or_else(|e| e.into_inner());
            fresh.push((key, bytes));
        }
    }

    /// How many entries this run took from the file, and how many it added.
    pub fn counts(&self) -> (usize, usize) {
        let used = self
            .used
            .iter()
            .filter(|u| u.load(Ordering::Relaxed))
            .count();
        let fresh = self.fresh.lock().map_or(0, |f| f.len());
        (used, fresh)
    }

    /// Writes the file again when this run added entries: the entries it used and those it
    /// added, and the others unless they are more than half (then they go). Removes first
    /// what a run stopped while writing it left, long ago. Creates the folder, with a
    /// `.gitignore` that keeps it out of git and a `CACHEDIR.TAG` that keeps it out of
    /// backups, when it is not there.
    pub fn save(&self, root: &Path) -> std::io::Result<()> {
        let fresh = std::mem::take(&mut *self.fresh.lock().unwrap_or_else(|e| e.into_inner()));
        if !self.enabled {
            return Ok(());
        }
        let dir = root.join(DIR);
        forget_unfinished(&dir);
        if fresh.is_empty() {
            return Ok(());
        }
        let entry = |(k, r): &(Key, std::ops::Range<usize>)| Some((*k, self.bytes.get(r.clone())?));
        let (used, unused): (Vec<_>, Vec<_>) = self
            .entries
            .iter()
            .zip(&self.used)
            .partition(|(_, used)| used.load(Ordering::Relaxed));
        let mut kept: Vec<(Key, &[u8])> = used.into_iter().filter_map(|(e, _)| entry(e)).collect();
        kept.extend(fresh.iter().map(|(k, b)| (*k, &b[..])));
        // What this run did not ask for may be asked for by the next (a build without
        // drafts does not resolve them; a check that stops at an error writes no lock), so
        // it is kept, unless it would be more than half the file: then it is mostly work
        // on files since changed, and goes.
        if unused.len() <= kept.len() {
            kept.extend(unused.into_iter().filter_map(|(e, _)| entry(e)));
        }
        kept.sort_by_key(|e| e.0);
        kept.dedup_by_key(|e| e.0);
        let mut table = Vec::with_capacity(kept.len() * ROW);
        for (key, bytes) in &kept {
            table.extend_from_slice(&key.bytes());
            table.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        }
        let mut sum = Xxh3::new();
        sum.update(&table);
        for (_, bytes) in &kept {
            sum.update(bytes);
        }
        let mut header = Vec::with_capacity(HEADER);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&self.build);
        header.extend_from_slice(&(kept.len() as u64).to_le_bytes());
        header.extend_from_slice(&sum.digest().to_le_bytes());
        std::fs::create_dir_all(&dir)?;
        let markers = [
            (".gitignore", "# gloss's cache: safe to delete\n*\n"),
            (
                "CACHEDIR.TAG",
                "Signature: 8a477f597d28d172789f06886806bc55\n\
                 # This folder is gloss's cache (https://bford.info/cachedir/); safe to delete.\n",
            ),
        ];
        for (name, text) in markers {
            if !dir.join(name).is_file() {
                std::fs::write(dir.join(name), text)?;
            }
        }
        let pieces = [&header[..], &table[..]]
            .into_iter()
            .chain(kept.iter().map(|(_, b)| *b));
        crate::atomic_file::write_cache_atomically(&dir.join(FILE), pieces)
    }
}

/// Removes what a run stopped while writing the cache left in `dir`: its temporary file,
/// once it is an hour old (a younger one may be another run's, writing at this moment).
fn forget_unfinished(dir: &Path) {
    let unfinished = format!(".{FILE}.gloss-tmp-");
    let stale = |e: &std::fs::DirEntry| {
        e.metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600))
    };
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(&unfinished) && stale(&entry) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The entries of a cache file written by the binary `build`, checked against its
/// checksum; `None` when it is not such a file.
fn entries_of(bytes: &[u8], build: &[u8; 16]) -> Option<Vec<(Key, std::ops::Range<usize>)>> {
    let word = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
    };
    if bytes.get(..8)? != MAGIC || bytes.get(8..24)? != build {
        return None;
    }
    let count = usize::try_from(word(24)?).ok()?;
    let sum = word(32)?;
    let table = bytes.get(HEADER..HEADER.checked_add(count.checked_mul(ROW)?)?)?;
    let mut at = HEADER + table.len();
    let mut entries = Vec::with_capacity(count);
    for row in table.chunks_exact(ROW) {
        let key = Key(u128::from_le_bytes(row[..16].try_into().ok()?));
        let len = usize::try_from(u64::from_le_bytes(row[16..].try_into().ok()?)).ok()?;
        let end = at.checked_add(len)?;
        entries.push((key, at..end));
        at = end;
    }
    let sound = at == bytes.len()
        && xxhash_rust::xxh3::xxh3_64(&bytes[HEADER..]) == sum
        && entries.windows(2).all(|w| w[0].0 < w[1].0);
    sound.then_some(entries)
}

/// What tells this gloss binary from any other: its version and a hash of its whole file
/// (a binary built again from changed code may lay values out otherwise, and two such
/// builds can have the same size and time: package managers and reproducible builds set
/// the time). Hashing the 15 MB of a release build takes a few milliseconds. `None` when
/// the binary's file cannot be read.
fn build_fingerprint() -> Option<[u8; 16]> {
    use std::io::Read as _;
    let mut binary = std::fs::File::open(std::env::current_exe().ok()?).ok()?;
    let mut hash = KeyHasher::new("gloss binary").part(env!("CARGO_PKG_VERSION").as_bytes());
    // Read in pieces: a debug build's binary is 175 MB.
    let mut piece = vec![0; 1 << 20];
    loop {
        match binary.read(&mut piece) {
            Ok(0) => break,
            Ok(n) => hash.0.update(&piece[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(hash.finish().bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        KeyHasher::new("test").part(s.as_bytes()).finish()
    }

    #[test]
    fn what_a_run_keeps_the_next_run_finds_and_a_changed_build_does_not() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let first = DiskCache::open(dir.path());
        assert_eq!(first.value::<String>(key("a")), None);
        first.keep(key("a"), &"alpha".to_string());
        first.keep(key("b"), &vec![1u32, 2, 3]);
        first.save(dir.path()).expect("saved");
        assert!(dir.path().join(DIR).join("CACHEDIR.TAG").is_file());

        let second = DiskCache::open(dir.path());
        assert_eq!(second.value::<String>(key("a")).as_deref(), Some("alpha"));
        assert_eq!(second.counts(), (1, 0));
        // Nothing new: the file is not written again, and "b" stays.
        second.save(dir.path()).expect("saved");
        let third = DiskCache::open(dir.path());
        assert_eq!(third.value::<Vec<u32>>(key("b")), Some(vec![1, 2, 3]));
        // Something new: what this run did not use is kept while it is at most half.
        third.keep(key("c"), &7u8);
        third.save(dir.path()).expect("saved");
        let fourth = DiskCache::open(dir.path());
        assert_eq!(fourth.value::<u8>(key("c")), Some(7));
        // "c" used, "d" added: "a" and "b" (two against two) stay.
        fourth.keep(key("d"), &9u8);
        fourth.save(dir.path()).expect("saved");
        let fifth = DiskCache::open(dir.path());
        assert_eq!(fifth.value::<u8>(key("d")), Some(9));
        // "d" used, "e" added: "a", "b" and "c" (three against two) go.
        fifth.keep(key("e"), &1u8);
        fifth.save(dir.path()).expect("saved");
        let sixth = DiskCache::open(dir.path());
        assert_eq!(
            sixth.value::<String>(key("a")),
            None,
            "more than half unused"
        );
        assert_eq!(sixth.value::<u8>(key("c")), None);
        assert_eq!(sixth.value::<u8>(key("d")), Some(9));
        assert_eq!(sixth.value::<u8>(key("e")), Some(1));

        let bytes = std::fs::read(dir.path().join(DIR).join(FILE)).expect("the file");
        let mut other = sixth.build;
        other[0] ^= 1;
        assert!(entries_of(&bytes, &sixth.build).is_some());
        assert!(
            entries_of(&bytes, &other).is_none(),
            "another binary's file"
        );
    }

    #[test]
    fn a_damaged_file_counts_as_empty() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = DiskCache::open(dir.path());
        cache.keep(key("a"), &"alpha".to_string());
        cache.save(dir.path()).expect("saved");
        let path = dir.path().join(DIR).join(FILE);
        let mut bytes = std::fs::read(&path).expect("the file");
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        assert!(entries_of(&bytes, &cache.build).is_none(), "a changed byte");
        bytes.truncate(last);
        assert!(entries_of(&bytes, &cache.build).is_none(), "a short file");
        std::fs::write(&path, b"GLOSSC01").expect("written");
        assert_eq!(DiskCache::open(dir.path()).value::<String>(key("a")), None);
    }

    #[test]
    fn an_off_cache_keeps_nothing() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = DiskCache::off();
        cache.keep(key("a"), &1u8);
        cache.save(dir.path()).expect("nothing to do");
        assert!(!dir.path().join(DIR).exists());
    }
}
