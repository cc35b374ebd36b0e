//! What the previous build wrote, so that the next one can leave an unchanged file as it is
//! without reading it back, or without even making it again.
//!
//! After each build gloss leaves a manifest beside the output folder (`.public.gloss-manifest`
//! for `public/`, next to the temporary folders it already writes there): for every file,
//! a hash of its bytes, its size, the time and inode the disk gave it, and the fingerprint
//! of the inputs it was made from. The next build hashes each new page; when the manifest
//! has the same hash and size for that path, and the previous file still has the recorded
//! size, time and inode (nobody touched it since), the file is kept without being read.
//! When the hash differs, the file has changed and is written without reading the old one
//! either. A page whose inputs have the recorded fingerprint is not even rendered. The
//! manifest names the gloss binary that wrote it (another may fingerprint otherwise), and a
//! missing, foreign or unreadable manifest only costs the work it would have saved: it is a
//! cache, safe to delete.

use std::collections::HashMap;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

/// The first line of a manifest: its format, the gloss that wrote it and a hash of that
/// binary (another gloss may hash or fingerprint differently, and its manifest is ignored).
/// `None` when the binary cannot be read: then no manifest is trusted or written.
fn header() -> Option<String> {
    let binary = crate::disk_cache::build_fingerprint()?;
    let hex: String = binary.iter().map(|b| format!("{b:02x}")).collect();
    Some(format!(
        "gloss-manifest 2 {} {hex}",
        env!("CARGO_PKG_VERSION")
    ))
}

/// A 128-bit hash of a file's bytes.
pub(crate) type ContentHash = u128;

/// The hash of `bytes`: two SipHash passes with different prefixes, 128 bits in all, so
/// that two different pages of one site sharing a hash is not a practical concern.
pub(crate) fn content_hash(bytes: &[u8]) -> ContentHash {
    let half = |salt: u8| {
        let mut h = DefaultHasher::new();
        salt.hash(&mut h);
        bytes.hash(&mut h);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

/// What the disk says of a file, to tell whether it changed since it was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    size: u64,
    modified_ns: i128,
    inode: u64,
}

impl Stamp {
    /// The file's size in bytes.
    pub(crate) fn size(&self) -> u64 {
        self.size
    }

    /// The file's inode (0 where the disk gives none).
    pub(crate) fn inode(&self) -> u64 {
        self.inode
    }

    /// The stamp of the regular file at `path`, if it is one.
    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        let meta = fs::symlink_metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let modified = meta.modified().ok()?;
        let modified_ns = match modified.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => i128::try_from(d.as_nanos()).ok()?,
            Err(e) => -i128::try_from(e.duration().as_nanos()).ok()?,
        };
        Some(Stamp {
            size: meta.len(),
            modified_ns,
            inode: inode(&meta),
        })
    }
}

#[cfg(unix)]
fn inode(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> u64 {
    0
}

/// One file of an output: its content hash, its stamp and what it was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The hash of its bytes.
    pub(crate) hash: ContentHash,
    /// What the disk said of it once written.
    pub(crate) stamp: Stamp,
    /// The fingerprint of the inputs it was made from; 0 when it has none.
    pub(crate) fingerprint: u64,
}

/// The manifest of an output folder: each file's entry, by path inside the folder.
#[derive(Debug, Default)]
pub(crate) struct Manifest {
    entries: HashMap<String, Entry>,
}

impl Manifest {
    /// The entry of `path`.
    pub(crate) fn get(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path)
    }

    /// Whether the manifest records no file.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every file it records, with its entry.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries.iter().map(|(p, e)| (p.as_str(), e))
    }

    /// Reads the manifest at `file`; an empty one when it is missing, from another gloss,
    /// or damaged (any line that does not parse drops the whole manifest).
    pub(crate) fn read(file: &Path) -> Manifest {
        let Ok(text) = fs::read_to_string(file) else {
            return Manifest::default();
        };
        let mut lines = text.lines();
        if header().is_none_or(|h| lines.next() != Some(h.as_str())) {
            return Manifest::default();
        }
        let mut entries = HashMap::new();
        for line in lines {
            match parse_line(line) {
                Some((path, entry)) => {
                    entries.insert(path.to_string(), entry);
                }
                None => return Manifest::default(),
            }
        }
        Manifest { entries }
    }

    /// Writes the manifest of `entries` to `file`, through a temporary file beside it so
    /// that a reader never sees half of one. A failure only loses the cache: the caller may
    /// ignore it.
    pub(crate) fn write(file: &Path, mut entries: Vec<(String, Entry)>) -> std::io::Result<()> {
        use std::fmt::Write as _;
        let Some(mut text) = header() else {
            return Ok(());
        };
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        text.push('\n');
        for (path, e) in &entries {
            if path.contains(['\n', '\r']) {
                continue;
            }
            let s = e.stamp;
            // Writing into a String cannot fail.
            let _ = writeln!(
                text,
                "{:032x} {} {} {} {:016x} {path}",
                e.hash, s.size, s.modified_ns, s.inode, e.fingerprint
            );
        }
        let tmp: PathBuf = file.with_extension("gloss-manifest-new");
        fs::write(&tmp, text)?;
        fs::rename(&tmp, file)
    }
}

/// `HASH SIZE MODIFIED_NS INODE FINGERPRINT PATH`.
fn parse_line(line: &str) -> Option<(&str, Entry)> {
    let mut parts = line.splitn(6, ' ');
    let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
    let size = parts.next()?.parse().ok()?;
    let modified_ns = parts.next()?.parse().ok()?;
    let inode = parts.next()?.parse().ok()?;
    let fingerprint = u64::from_str_radix(parts.next()?, 16).ok()?;
    let path = parts.next()?;
    Some((
        path,
        Entry {
            hash,
            stamp: Stamp {
                size,
                modified_ns,
                inode,
            },
            fingerprint,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_what_was_written() {
        let dir = std::env::temp_dir().join(format!("gloss-manifest-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join(".public.gloss-manifest");
        let page = dir.join("page.html");
        fs::write(&page, "hello").unwrap();
        let entry = Entry {
            hash: content_hash(b"hello"),
            stamp: Stamp::of(&page).unwrap(),
            fingerprint: 0x1234,
        };
        Manifest::write(&file, vec![("a b/index.html".into(), entry)]).unwrap();
        let back = Manifest::read(&file);
        assert_eq!(back.get("a b/index.html"), Some(&entry));
        assert_ne!(content_hash(b"hello"), content_hash(b"hellp"));
        // A manifest of another format, or damaged, is no manifest.
        fs::write(&file, "gloss-manifest 0 x\n").unwrap();
        assert!(Manifest::read(&file).get("a b/index.html").is_none());
        fs::write(&file, format!("{}\nnot a line\n", header().unwrap())).unwrap();
        assert!(Manifest::read(&file).entries.is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }
}
