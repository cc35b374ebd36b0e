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
//! The entries are spread over 256 files by the briefing they are of, so that a run after a
//! few edits writes again only the few files those briefings' entries are in. Each file
//! names the gloss binary that wrote it and carries a checksum: a file written by another
//! build of gloss, or damaged, counts as empty and is replaced. Deleting the folder is
//! always safe; the next run writes it again.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use xxhash_rust::xxh3::Xxh3;

/// The cache's folder, at the site root.
pub const DIR: &str = ".gloss-cache";
/// The folder in it that holds the files of entries, `00.bin` to `ff.bin`.
const SHARDS: &str = "briefings";
/// How many files the entries are spread over.
const SHARD_COUNT: usize = 256;
/// The first bytes of each file: its format (the number changes with the layout below).
const MAGIC: &[u8; 8] = b"GLOSSC02";
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

    /// The key of work of the kind `kind` made from what this key is of and from settings
    /// whose fingerprint is `settings` (a briefing resolved from its source, given the
    /// site's actors and Markdown settings, say).
    pub(crate) fn and(self, kind: &str, settings: u64) -> Key {
        KeyHasher::new(kind)
            .part(&self.bytes())
            .part(&settings.to_le_bytes())
            .finish()
    }
}

/// Which of the cache's files the entries of a briefing are in: one of 256, by its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Shard(u8);

impl Shard {
    /// The file of the briefing at `path` (its `.md`, relative to the site root).
    pub(crate) fn of(path: &Path) -> Shard {
        Shard(xxhash_rust::xxh3::xxh3_64(path.as_os_str().as_encoded_bytes()) as u8)
    }

    /// The file's path, under `dir` (the cache's folder).
    fn file(self, dir: &Path) -> std::path::PathBuf {
        dir.join(SHARDS).join(format!("{:02x}.bin", self.0))
    }
}

/// One entry of a file: its key, its file, and where its bytes are in that file.
type Entry = (Key, Shard, std::ops::Range<usize>);

/// An entry to write: its key and its bytes.
type Stored<'a> = (Key, &'a [u8]);

/// The entries earlier runs left, and those this run adds.
#[derive(Default)]
pub struct DiskCache {
    /// Whether the cache is used at all (`--no-cache` turns it off).
    enabled: bool,
    /// The fingerprint of this gloss binary, which the files must name.
    build: [u8; 16],
    /// Each file as read (empty when missing, unsound or another binary's), by shard.
    bytes: Vec<Vec<u8>>,
    /// Every entry of the files; sorted by key.
    entries: Vec<Entry>,
    /// Whether this run asked for each entry of `entries`.
    used: Vec<AtomicBool>,
    /// What this run worked out that the files did not have.
    fresh: Mutex<Fresh>,
}

/// The entries a run adds, their bytes gathered by file: a few large buffers rather than
/// one allocation an entry, so that when they are saved and let go, the memory goes back
/// to the system instead of staying scattered between the values the run still holds (a
/// first build of 10,000 briefings adds some 170 MB of entries before it renders).
#[derive(Default)]
struct Fresh {
    /// By shard: the bytes of its new entries, one after another.
    bytes: Vec<Vec<u8>>,
    /// Each new entry: its key, its file, and where its bytes are in that file's buffer.
    entries: Vec<(Key, Shard, std::ops::Range<usize>)>,
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

    /// The cache of the site at `root`: the entries of each of its files in `.gloss-cache/`
    /// that is sound and was written by this very gloss binary. Off when this binary cannot
    /// be told apart from another (its file cannot be read).
    pub fn open(root: &Path) -> Self {
        use rayon::prelude::*;
        let Some(build) = build_fingerprint() else {
            return DiskCache::off();
        };
        let dir = root.join(DIR);
        let files: Vec<(Vec<u8>, Vec<Entry>)> = (0..SHARD_COUNT)
            .into_par_iter()
            .map(|i| {
                let shard = Shard(i as u8);
                let bytes = std::fs::read(shard.file(&dir)).unwrap_or_default();
                match entries_of(&bytes, &build, shard) {
                    Some(entries) => (bytes, entries),
                    None => (Vec::new(), Vec::new()),
                }
            })
            .collect();
        let mut bytes = Vec::with_capacity(SHARD_COUNT);
        let mut entries = Vec::new();
        for (b, e) in files {
            bytes.push(b);
            entries.extend(e);
        }
        entries.sort_by_key(|e| e.0);
        entries.dedup_by_key(|e| e.0);
        let used = entries.iter().map(|_| AtomicBool::new(false)).collect();
        DiskCache {
            enabled: true,
            build,
            bytes,
            entries,
            used,
            fresh: Mutex::default(),
        }
    }

    /// The bytes of an entry.
    fn bytes_of(&self, (_, shard, range): &Entry) -> Option<&[u8]> {
        self.bytes.get(usize::from(shard.0))?.get(range.clone())
    }

    /// The value kept under `key`, when there is one that reads as a `T`.
    pub(crate) fn value<T: serde::de::DeserializeOwned>(&self, key: Key) -> Option<T> {
        let at = self.entries.binary_search_by_key(&key, |e| e.0).ok()?;
        let value = postcard::from_bytes(self.bytes_of(&self.entries[at])?).ok()?;
        self.used[at].store(true, Ordering::Relaxed);
        Some(value)
    }

    /// Keeps `value` under `key` in the file `shard`, for the runs that follow (when the
    /// cache is on).
    pub(crate) fn keep<T: serde::Serialize + ?Sized>(&self, shard: Shard, key: Key, value: &T) {
        if !self.enabled {
            return;
        }
        if let Ok(bytes) = postcard::to_stdvec(value) {
            let mut fresh = self.fresh.lock().unwrap_or_else(|e| e.into_inner());
            let Fresh {
                bytes: buffers,
                entries,
            } = &mut *fresh;
            if buffers.is_empty() {
                buffers.resize_with(SHARD_COUNT, Vec::new);
            }
            let buffer = &mut buffers[usize::from(shard.0)];
            let start = buffer.len();
            buffer.extend_from_slice(&bytes);
            entries.push((key, shard, start..buffer.len()));
        }
    }

    /// How many entries this run took from the files, and how many it added.
    pub fn counts(&self) -> (usize, usize) {
        let used = self
            .used
            .iter()
            .filter(|u| u.load(Ordering::Relaxed))
            .count();
        let fresh = self.fresh.lock().map_or(0, |f| f.entries.len());
        (used, fresh)
    }

    /// Writes again each file this run added entries to: the entries of it this run used
    /// and those it added, and the others unless they are more than half (then they go:
    /// they are mostly of files since changed). The other files stay as they are. Removes
    /// first what a run stopped while writing left.
    pub fn save(&self, root: &Path) -> std::io::Result<()> {
        use rayon::prelude::*;
        let Fresh {
            bytes: buffers,
            entries: mut fresh,
        } = std::mem::take(&mut *self.fresh.lock().unwrap_or_else(|e| e.into_inner()));
        if !self.enabled {
            return Ok(());
        }
        let dir = root.join(DIR);
        forget_unfinished(&dir.join(SHARDS));
        if fresh.is_empty() {
            return Ok(());
        }
        std::fs::create_dir_all(dir.join(SHARDS))?;
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
        fresh.sort_by_key(|f| f.1);
        let mut by_shard: Vec<(Shard, Vec<Stored<'_>>)> = Vec::new();
        for (key, shard, range) in &fresh {
            let bytes = &buffers[usize::from(shard.0)][range.clone()];
            match by_shard.last_mut() {
                Some((s, list)) if s == shard => list.push((*key, bytes)),
                _ => by_shard.push((*shard, vec![(*key, bytes)])),
            }
        }
        // What each file held, used or not, by shard.
        let mut held: Vec<(Vec<Stored<'_>>, Vec<Stored<'_>>)> =
            (0..SHARD_COUNT).map(|_| (Vec::new(), Vec::new())).collect();
        for (e, used) in self.entries.iter().zip(&self.used) {
            if let Some(bytes) = self.bytes_of(e) {
                let (u, n) = &mut held[usize::from(e.1.0)];
                if used.load(Ordering::Relaxed) { u } else { n }.push((e.0, bytes));
            }
        }
        let jobs: Vec<_> = by_shard
            .into_iter()
            .map(|(shard, added)| {
                let (used, unused) = std::mem::take(&mut held[usize::from(shard.0)]);
                (shard, added, used, unused)
            })
            .collect();
        jobs.into_par_iter()
            .map(|(shard, added, used, unused)| {
                let mut kept = used;
                kept.extend(added);
                if unused.len() <= kept.len() {
                    kept.extend(unused);
                }
                self.write_file(&shard.file(&dir), kept)
            })
            .collect::<std::io::Result<Vec<()>>>()
            .map(|_| ())
    }

    /// Writes one file of `entries`, in key order.
    fn write_file(&self, path: &Path, mut entries: Vec<Stored<'_>>) -> std::io::Result<()> {
        entries.sort_by_key(|e| e.0);
        entries.dedup_by_key(|e| e.0);
        let mut table = Vec::with_capacity(entries.len() * ROW);
        for (key, bytes) in &entries {
            table.extend_from_slice(&key.bytes());
            table.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        }
        let mut sum = Xxh3::new();
        sum.update(&table);
        for (_, bytes) in &entries {
            sum.update(bytes);
        }
        let mut header = Vec::with_capacity(HEADER);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&self.build);
        header.extend_from_slice(&(entries.len() as u64).to_le_bytes());
        header.extend_from_slice(&sum.digest().to_le_bytes());
        let pieces = [&header[..], &table[..]]
            .into_iter()
            .chain(entries.iter().map(|(_, b)| *b));
        crate::atomic_file::write_cache_atomically(path, pieces)
    }
}

/// Removes what a run stopped while writing the cache left in `dir`: its temporary files
/// (`NAME.gloss-tmp-PID-N`), once the process that wrote one is gone, or, where that cannot
/// be told (no `/proc`), once it is an hour old. A younger one may be another run's, writing
/// at this moment.
fn forget_unfinished(dir: &Path) {
    let proc = Path::new("/proc");
    let stale = |e: &std::fs::DirEntry, name: &str| {
        let pid = name
            .rsplit_once(".gloss-tmp-")
            .and_then(|(_, rest)| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        match pid {
            Some(pid) if proc.is_dir() => {
                pid != std::process::id() && !proc.join(pid.to_string()).exists()
            }
            _ => e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(3600)),
        }
    };
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.contains(".gloss-tmp-") && stale(&entry, &name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The entries of a cache file written by the binary `build`, checked against its
/// checksum; `None` when it is not such a file.
fn entries_of(bytes: &[u8], build: &[u8; 16], shard: Shard) -> Option<Vec<Entry>> {
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
        entries.push((key, shard, at..end));
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
/// the time). Hashing the 15 MB of a release build takes a few milliseconds, once per run
/// (the binary is the same for all of it). `None` when the binary's file cannot be read.
pub(crate) fn build_fingerprint() -> Option<[u8; 16]> {
    static BINARY: std::sync::OnceLock<Option<[u8; 16]>> = std::sync::OnceLock::new();
    *BINARY.get_or_init(hash_binary)
}

fn hash_binary() -> Option<[u8; 16]> {
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

    /// Every entry's shard, for the tests: all in one file, as at most sites' first
    /// briefings, so that the half rule is seen working on one file.
    const ONE: Shard = Shard(7);

    #[test]
    fn what_a_run_keeps_the_next_run_finds_and_a_changed_build_does_not() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let first = DiskCache::open(dir.path());
        assert_eq!(first.value::<String>(key("a")), None);
        first.keep(ONE, key("a"), &"alpha".to_string());
        first.keep(ONE, key("b"), &vec![1u32, 2, 3]);
        first.keep(Shard(200), key("z"), &5u8);
        first.save(dir.path()).expect("saved");
        assert!(dir.path().join(DIR).join("CACHEDIR.TAG").is_file());
        assert!(ONE.file(&dir.path().join(DIR)).is_file());

        let second = DiskCache::open(dir.path());
        assert_eq!(second.value::<String>(key("a")).as_deref(), Some("alpha"));
        assert_eq!(second.value::<u8>(key("z")), Some(5));
        assert_eq!(second.counts(), (2, 0));
        // Nothing new: no file is written again, and "b" stays.
        second.save(dir.path()).expect("saved");
        let third = DiskCache::open(dir.path());
        assert_eq!(third.value::<Vec<u32>>(key("b")), Some(vec![1, 2, 3]));
        // Something new: what this run did not use is kept while it is at most half.
        third.keep(ONE, key("c"), &7u8);
        third.save(dir.path()).expect("saved");
        let fourth = DiskCache::open(dir.path());
        assert_eq!(fourth.value::<u8>(key("c")), Some(7));
        // "c" used, "d" added: "a" and "b" (two against two) stay.
        fourth.keep(ONE, key("d"), &9u8);
        fourth.save(dir.path()).expect("saved");
        let fifth = DiskCache::open(dir.path());
        assert_eq!(fifth.value::<u8>(key("d")), Some(9));
        // "d" used, "e" added: "a", "b" and "c" (three against two) go; "z", in another
        // file that gained nothing, stays.
        fifth.keep(ONE, key("e"), &1u8);
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
        assert_eq!(sixth.value::<u8>(key("z")), Some(5));

        let bytes = std::fs::read(ONE.file(&dir.path().join(DIR))).expect("the file");
        let mut other = sixth.build;
        other[0] ^= 1;
        assert!(entries_of(&bytes, &sixth.build, ONE).is_some());
        assert!(
            entries_of(&bytes, &other, ONE).is_none(),
            "another binary's file"
        );
    }

    #[test]
    fn a_damaged_file_counts_as_empty() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = DiskCache::open(dir.path());
        cache.keep(ONE, key("a"), &"alpha".to_string());
        cache.save(dir.path()).expect("saved");
        let path = ONE.file(&dir.path().join(DIR));
        let mut bytes = std::fs::read(&path).expect("the file");
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        assert!(
            entries_of(&bytes, &cache.build, ONE).is_none(),
            "a changed byte"
        );
        bytes.truncate(last);
        assert!(
            entries_of(&bytes, &cache.build, ONE).is_none(),
            "a short file"
        );
        std::fs::write(&path, b"GLOSSC02").expect("written");
        assert_eq!(DiskCache::open(dir.path()).value::<String>(key("a")), None);
    }

    #[test]
    fn an_off_cache_keeps_nothing() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = DiskCache::off();
        cache.keep(ONE, key("a"), &1u8);
        cache.save(dir.path()).expect("nothing to do");
        assert!(!dir.path().join(DIR).exists());
    }
}
