//! Putting pages on disk without ever leaving a half-written site.
//!
//! A first build writes its pages into a fresh folder beside the output, then swaps it in
//! with two renames. A later build, given the manifest the one before it left, updates the
//! output in place: new and changed files wait in a folder beside it and are moved in, and
//! the files the previous build made and this one does not are removed, only once every
//! page is made. Either way a failure (or a kill) before that point leaves the previous
//! output as it was. gloss marks the folders it writes with a marker file and refuses to
//! replace a folder that lacks it, and in place it removes only files its manifest says it
//! made, so it never deletes what it did not create.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::render::Page;

mod commit;
mod manifest;

use commit::Commit;
use manifest::{Entry, Manifest, Stamp, content_hash};

/// The file gloss leaves in every output folder it writes, so that it replaces only its own.
pub const MARKER: &str = ".gloss-output";

/// Why the output could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// A page path that would land outside the output folder.
    UnsafePath(String),
    /// The output exists and is not gloss's to replace.
    NotOurs(PathBuf),
    /// The disk said no.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::UnsafePath(p) => write!(
                f,
                "refusing to write `{p}`: it is not a plain path inside the output folder"
            ),
            WriteError::NotOurs(p) => write!(
                f,
                "refusing to replace {}: it is not empty and was not written by gloss (it has no {MARKER} file); remove it yourself or choose another --output",
                p.display()
            ),
            WriteError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for WriteError {}

/// Whether a page path is relative, non-empty and made only of plain names.
pub fn is_safe_page_path(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty()
        && !path.contains(['\\', '\n', '\r'])
        && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Writes `pages` as the whole content of `out`, atomically replacing what was there.
pub fn write(pages: &[Page], out: &Path) -> Result<(), WriteError> {
    if let Some(bad) = pages.iter().find(|p| !is_safe_page_path(&p.path)) {
        return Err(WriteError::UnsafePath(bad.path.clone()));
    }
    let writer = OutputWriter::start(out)?;
    pages.par_iter().try_for_each(|p| writer.put(p))?;
    writer.finish()
}

/// An output folder being written, from any thread, in one of two ways (see [`Mode`]):
/// anew beside the old one and swapped in, or in place, when the previous build left a
/// manifest of what it wrote. Either way nothing in `out` changes before
/// [`OutputWriter::finish`]; dropped unfinished (a failed render), the writer removes its
/// temporary folder and leaves `out` as it was.
#[derive(Debug)]
pub struct OutputWriter {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    finished: bool,
    mode: Mode,
    /// What the previous build wrote into `out` ([`manifest`]).
    previous: Manifest,
    /// Where this build's manifest goes, beside `out`.
    manifest_file: PathBuf,
    /// The entry of every file of the new output so far, by path.
    written: Mutex<HashMap<String, Entry>>,
}

/// How an output folder is written.
#[derive(Debug)]
enum Mode {
    /// Into a fresh folder beside `out`, swapped in for it at the end: the way of a first
    /// build, or of one whose previous output has no manifest. An unchanged file is a hard
    /// link to the previous one.
    Fresh {
        /// The folders made so far: each is made once, however many pages it holds (a new
        /// folder is the costliest part of writing a page on some disks).
        made: Mutex<HashSet<PathBuf>>,
    },
    /// Into `out` itself: each new or changed file is written into the temporary folder
    /// (flat, under a number) and moved to its place only when the whole build has
    /// succeeded; files the previous build made that this one does not are then removed.
    /// An unchanged file is not touched, and unchanged folders are not made again.
    InPlace {
        /// Each file waiting to be moved in: its name in the temporary folder, and its path
        /// in the output.
        staged: Mutex<Vec<(String, String)>>,
        /// The number of the next file staged.
        next: AtomicUsize,
    },
}

impl OutputWriter {
    /// Checks that `out` is gloss's to replace and makes the temporary folder; the output is
    /// written in place when gloss wrote it last with a manifest this binary trusts.
    pub fn start(out: &Path) -> Result<Self, WriteError> {
        if out.exists() && !is_ours(out) {
            return Err(WriteError::NotOurs(out.to_path_buf()));
        }
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| WriteError::Io(parent.to_path_buf(), e))?;
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let pid = std::process::id();
        let manifest_file = parent.join(format!(".{name}.gloss-manifest"));
        let tmp = parent.join(format!(".{name}.gloss-new-{pid}"));
        let old = parent.join(format!(".{name}.gloss-old-{pid}"));
        // Leftovers of an earlier run with the same pid are ours by their names, and so are
        // those of runs that were killed before they could tidy up (a commit one of them
        // recorded is finished first, so the manifest read next is of the output as it is).
        let _ = fs::remove_dir_all(&tmp);
        let _ = fs::remove_dir_all(&old);
        remove_abandoned(parent, &name, out, &manifest_file);
        let previous = if out.exists() {
            Manifest::read(&manifest_file)
        } else {
            Manifest::default()
        };
        fs::create_dir_all(&tmp).map_err(|e| WriteError::Io(tmp.clone(), e))?;
        let mode = if !previous.is_empty() && out.join(MARKER).is_file() {
            Mode::InPlace {
                staged: Mutex::default(),
                next: AtomicUsize::new(0),
            }
        } else {
            Mode::Fresh {
                made: Mutex::default(),
            }
        };
        Ok(OutputWriter {
            out: out.to_path_buf(),
            tmp,
            old,
            finished: false,
            mode,
            previous,
            manifest_file,
            written: Mutex::default(),
        })
    }

    /// Writes one page (made from inputs with `page.fingerprint`). A page whose bytes are
    /// those of the same file in the previous output is not written again: in place, the
    /// file is left as it is; into a fresh folder, it is a hard link to the previous file
    /// (the previous output is never changed, and removing it after the swap frees nothing
    /// the new one uses, which on some disks is most of a rebuild's cost).
    pub fn put(&self, page: &Page) -> Result<(), WriteError> {
        if !is_safe_page_path(&page.path) {
            return Err(WriteError::UnsafePath(page.path.clone()));
        }
        let hash = content_hash(&page.bytes);
        let current = self.out.join(&page.path);
        let unchanged = match self.previous.get(&page.path) {
            // The previous build wrote these very bytes here: unchanged if nobody has
            // touched the file since (its size, time and inode are as recorded), else compare.
            Some(e) if e.hash == hash && e.stamp.size() == page.bytes.len() as u64 => {
                Stamp::of(&current) == Some(e.stamp) || same_bytes(&current, &page.bytes)
            }
            // It wrote other bytes: nothing to read.
            Some(_) => false,
            // No record of it: read and compare.
            None => same_bytes(&current, &page.bytes),
        };
        let written = match &self.mode {
            Mode::Fresh { made } => {
                let path = self.tmp.join(&page.path);
                self.make_folder(made, &path)?;
                // A file kept from the previous output earlier in this build is a link to
                // it: writing through the link would change the previous output.
                if self.recorded(&page.path) {
                    let _ = fs::remove_file(&path);
                }
                let linked = unchanged && fs::hard_link(&current, &path).is_ok();
                if !linked {
                    fs::write(&path, &page.bytes).map_err(|e| WriteError::Io(path.clone(), e))?;
                }
                path
            }
            Mode::InPlace { .. } if unchanged => current,
            Mode::InPlace { staged, next } => {
                let name = next.fetch_add(1, Ordering::Relaxed).to_string();
                let path = self.tmp.join(&name);
                fs::write(&path, &page.bytes).map_err(|e| WriteError::Io(path.clone(), e))?;
                lock(staged).push((name, page.path.clone()));
                // Moved in at the end, the file keeps its inode, size and time.
                path
            }
        };
        if let Some(stamp) = Stamp::of(&written) {
            let entry = Entry {
                hash,
                stamp,
                fingerprint: page.fingerprint,
            };
            lock(&self.written).insert(page.path.clone(), entry);
        }
        Ok(())
    }

    /// Keeps the file at `path` as the previous build wrote it, without its bytes, when that
    /// build made it from inputs with this `fingerprint` (never 0) and nobody has touched it
    /// since; false (and nothing kept) otherwise, and the caller makes the file.
    pub fn keep(&self, path: &str, fingerprint: u64) -> bool {
        let Some(e) = self.previous.get(path) else {
            return false;
        };
        fingerprint != 0
            && e.fingerprint == fingerprint
            && self.untouched(path, e)
            && self.take(path, e)
    }

    /// Keeps every file the previous build made from inputs with this `fingerprint` (never
    /// 0; a group of files made together, such as the search index), when there is at least
    /// one and none has been touched since; returns how many it kept, 0 when it kept none and
    /// the caller makes them all.
    pub fn keep_all(&self, fingerprint: u64) -> usize {
        if fingerprint == 0 {
            return 0;
        }
        let group: Vec<(&str, &Entry)> = self
            .previous
            .iter()
            .filter(|(_, e)| e.fingerprint == fingerprint)
            .collect();
        if group.is_empty() || !group.par_iter().all(|(path, e)| self.untouched(path, e)) {
            return 0;
        }
        if group.par_iter().all(|(path, e)| self.take(path, e)) {
            return group.len();
        }
        // A file that could not be taken (a link refused): none is kept, so that no file of
        // the group stays in the output without the rest of it.
        for (path, _) in &group {
            if lock(&self.written).remove(*path).is_some()
                && matches!(self.mode, Mode::Fresh { .. })
            {
                let _ = fs::remove_file(self.tmp.join(path));
            }
        }
        0
    }

    /// Whether the file at `path` is still as the previous build recorded it in `e`.
    fn untouched(&self, path: &str, e: &Entry) -> bool {
        is_safe_page_path(path) && Stamp::of(&self.out.join(path)) == Some(e.stamp)
    }

    /// Takes the previous build's file at `path` (entry `e`, checked untouched) into this
    /// build's output: as it is, in place; as a hard link, into a fresh folder.
    fn take(&self, path: &str, e: &Entry) -> bool {
        if let Mode::Fresh { made } = &self.mode {
            let link = self.tmp.join(path);
            if self.make_folder(made, &link).is_err()
                || fs::hard_link(self.out.join(path), &link).is_err()
            {
                return false;
            }
        }
        lock(&self.written).insert(path.to_string(), *e);
        true
    }

    /// Whether this build has recorded a file at `path` already.
    fn recorded(&self, path: &str) -> bool {
        lock(&self.written).contains_key(path)
    }

    /// Makes the folder of `file` unless this build made it already.
    fn make_folder(&self, made: &Mutex<HashSet<PathBuf>>, file: &Path) -> Result<(), WriteError> {
        if let Some(dir) = file.parent()
            && dir != self.tmp
            && !lock(made).contains(dir)
        {
            fs::create_dir_all(dir).map_err(|e| WriteError::Io(dir.to_path_buf(), e))?;
            lock(made).insert(dir.to_path_buf());
        }
        Ok(())
    }

    /// Puts the new output in place of the previous one: swaps the fresh folder in, or
    /// applies the commit that moves each new or changed file to its place and removes what
    /// the previous build made that this one did not ([`commit`]). Then saves the manifest.
    pub fn finish(mut self) -> Result<(), WriteError> {
        let written = std::mem::take(&mut *lock(&self.written));
        match &self.mode {
            Mode::Fresh { .. } => {
                self.swap_in()?;
                self.finished = true;
                // The manifest is a cache: a build whose manifest cannot be written has
                // still succeeded, and the next one reads and compares instead.
                let _ = Manifest::write(&self.manifest_file, written.into_iter().collect());
                remove_tree(&self.old);
            }
            Mode::InPlace { staged, .. } => {
                let staged = std::mem::take(&mut *lock(staged));
                // A file this build keeps under another spelling of its path (on a disk
                // that ignores case, `Logo.png` for `logo.png`) is not removed.
                let kept: HashSet<u64> = written
                    .values()
                    .map(|e| e.stamp.inode())
                    .filter(|&i| i != 0)
                    .collect();
                let commit = Commit {
                    removes: self
                        .previous
                        .iter()
                        .map(|(path, _)| path)
                        .filter(|path| !written.contains_key(*path) && is_safe_page_path(path))
                        .filter(|path| {
                            Stamp::of(&self.out.join(path))
                                .is_none_or(|s| !kept.contains(&s.inode()))
                        })
                        .map(str::to_string)
                        .collect(),
                    moves: staged,
                };
                // Nothing is touched unless every path leads through folders gloss can
                // write in: a symbolic link or a file where a folder should be stops the
                // build here, with the output as it was.
                commit
                    .check(&self.out)
                    .map_err(|(path, e)| WriteError::Io(path, e))?;
                // The new manifest waits with the staged files, and comes last.
                let manifest = self.tmp.join(commit::MANIFEST);
                let _ = Manifest::write(&manifest, written.into_iter().collect());
                commit
                    .record(&self.tmp)
                    .map_err(|e| WriteError::Io(self.tmp.clone(), e))?;
                // From here the commit is recorded: should this build be stopped half-way,
                // the next one finishes it. The previous manifest goes first, so that
                // nothing it says is trusted of a half-updated output.
                self.finished = true;
                let _ = fs::remove_file(&self.manifest_file);
                commit
                    .apply(&self.tmp, &self.out, &self.manifest_file)
                    .map_err(|(path, e)| WriteError::Io(path, e))?;
                let _ = fs::remove_dir_all(&self.tmp);
            }
        }
        Ok(())
    }

    /// Marks the fresh folder as gloss's and swaps it in for `out`.
    fn swap_in(&self) -> Result<(), WriteError> {
        let marker = self.tmp.join(MARKER);
        fs::write(
            &marker,
            "This folder is written by gloss; `gloss build` replaces what it wrote here.\n",
        )
        .map_err(|e| WriteError::Io(marker, e))?;
        if self.out.exists()
            && let Err(e) = fs::rename(&self.out, &self.old)
        {
            return Err(WriteError::Io(self.out.clone(), e));
        }
        if let Err(e) = fs::rename(&self.tmp, &self.out) {
            // Put the previous output back before reporting.
            let _ = fs::rename(&self.old, &self.out);
            return Err(WriteError::Io(self.out.clone(), e));
        }
        Ok(())
    }
}

impl crate::render::Previous for OutputWriter {
    fn keep(&self, path: &str, fingerprint: u64) -> bool {
        OutputWriter::keep(self, path, fingerprint)
    }

    fn keep_all(&self, fingerprint: u64) -> usize {
        OutputWriter::keep_all(self, fingerprint)
    }
}

/// The guard of `m`, whether or not another thread panicked holding it (what each lock here
/// guards stays whole: each change to it is one insertion).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Drop for OutputWriter {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Whether the regular file at `path` holds exactly `bytes` (false when it cannot be read).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    meta.is_file() && meta.len() == bytes.len() as u64 && fs::read(path).is_ok_and(|b| b == bytes)
}

/// Removes a folder gloss wrote, two levels of it in parallel (a previous output of ten
/// thousand pages takes a while to delete on one thread).
fn remove_tree(dir: &Path) {
    let children = |d: &Path| -> Vec<PathBuf> {
        fs::read_dir(d)
            .map(|rd| rd.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    };
    // A symbolic link is removed as the link, never followed.
    let is_dir = |p: &Path| fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
    let mut items = Vec::new();
    for p in children(dir) {
        if is_dir(&p) {
            items.extend(children(&p));
        }
        items.push(p);
    }
    // Grandchildren come before their folder, and each folder's own removal finishes what
    // is left of it, so the order across threads does not matter.
    items.par_iter().for_each(|p| {
        if is_dir(p) {
            let _ = fs::remove_dir_all(p);
        } else {
            let _ = fs::remove_file(p);
        }
    });
    let _ = fs::remove_dir_all(dir);
}

/// Removes the temporary folders (`.NAME.gloss-new-PID`, `.NAME.gloss-old-PID`) that a
/// build killed mid-way left beside the output `out`, when their process is gone, after
/// finishing the commit one was applying to `out` ([`commit`]). Where it cannot tell
/// whether a process runs (no `/proc`), it leaves them.
fn remove_abandoned(parent: &Path, name: &str, out: &Path, manifest_file: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let proc = Path::new("/proc");
    if !proc.is_dir() {
        return;
    }
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let found = [".gloss-new-", ".gloss-old-"].iter().find_map(|kind| {
            file_name
                .strip_prefix(&format!(".{name}{kind}"))
                .filter(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
                .map(|pid| (*kind, pid))
        });
        if let Some((kind, pid)) = found
            && !proc.join(pid).exists()
        {
            // Only a build's new folder holds a commit; an old one is the output it replaced.
            if kind == ".gloss-new-" {
                commit::finish_abandoned(&entry.path(), out, manifest_file);
            }
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether gloss may replace `out`: a folder with gloss's marker, or an empty folder.
fn is_ours(out: &Path) -> bool {
    if !out.is_dir() {
        return false;
    }
    if out.join(MARKER).is_file() {
        return true;
    }
    fs::read_dir(out).is_ok_and(|mut d| d.next().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> Page {
        Page::new(path, text.as_bytes())
    }

    #[test]
    fn refuses_paths_outside() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b", "./a"] {
            assert!(!is_safe_page_path(bad), "{bad}");
        }
        assert!(is_safe_page_path("briefings/x/index.html"));
    }

    #[test]
    fn replaces_own_output_and_refuses_foreign() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&[page("index.html", "one")], &out).unwrap();
        write(&[page("a/index.html", "two")], &out).unwrap();
        assert!(!out.join("index.html").exists());
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "two");

        let foreign = tmp.path().join("mine");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("thesis.txt"), "precious").unwrap();
        assert!(matches!(
            write(&[page("index.html", "x")], &foreign),
            Err(WriteError::NotOurs(_))
        ));
        assert_eq!(
            fs::read_to_string(foreign.join("thesis.txt")).unwrap(),
            "precious"
        );
    }

    #[test]
    fn folders_of_killed_builds_are_removed_and_live_ones_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        // No process has pid 4294967295; this test's own process is alive.
        let dead = tmp.path().join(".public.gloss-new-4294967295");
        let live = tmp
            .path()
            .join(format!(".public.gloss-old-{}", std::process::id()));
        let foreign = tmp.path().join(".public.mine-4294967295");
        for d in [&dead, &foreign] {
            fs::create_dir_all(d).unwrap();
        }
        write(&[page("index.html", "one")], &out).unwrap();
        assert!(!dead.exists());
        assert!(foreign.exists(), "only gloss's own names are touched");
        fs::create_dir_all(&live).unwrap();
        remove_abandoned(
            tmp.path(),
            "public",
            &out,
            &tmp.path().join(".public.gloss-manifest"),
        );
        assert!(live.exists(), "a running build's folder is kept");
    }

    #[test]
    fn unchanged_pages_are_linked_and_changed_ones_written() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&[page("a/index.html", "same"), page("b.html", "old")], &out).unwrap();
        #[cfg(unix)]
        let before = {
            use std::os::unix::fs::MetadataExt;
            fs::metadata(out.join("a/index.html")).unwrap().ino()
        };
        write(
            &[page("a/index.html", "same"), page("b.html", "new!")],
            &out,
        )
        .unwrap();
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "same"
        );
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "new!");
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let after = fs::metadata(out.join("a/index.html")).unwrap();
            assert_eq!(after.ino(), before, "the unchanged page is the same file");
            assert_eq!(after.nlink(), 1, "the previous output is gone");
        }
    }

    #[test]
    fn the_manifest_spares_reads_and_never_trusts_a_touched_file() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let manifest = tmp.path().join(".public.gloss-manifest");
        let pages = [page("a/index.html", "same"), page("b.html", "kept")];
        write(&pages, &out).unwrap();
        assert!(manifest.is_file(), "the manifest is beside the output");
        assert!(
            !out.join(".public.gloss-manifest").exists(),
            "not inside it"
        );
        // Someone edits a published file in place, keeping its size: the next build must
        // not link it on the manifest's word.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(out.join("b.html"), "KEPT").unwrap();
        write(&pages, &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "kept");
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "same"
        );
        // A damaged manifest is only a cache lost.
        fs::write(&manifest, "nonsense").unwrap();
        write(&[page("a/index.html", "changed")], &out).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "changed"
        );
        assert!(!out.join("b.html").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_in_the_output_is_removed_as_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let precious = tmp.path().join("precious");
        fs::create_dir_all(&precious).unwrap();
        fs::write(precious.join("thesis.txt"), "mine").unwrap();
        write(&[page("index.html", "one")], &out).unwrap();
        std::os::unix::fs::symlink(&precious, out.join("media")).unwrap();
        // Without a manifest the next build writes a fresh folder and removes the old one.
        fs::remove_file(tmp.path().join(".public.gloss-manifest")).unwrap();
        write(&[page("index.html", "two")], &out).unwrap();
        assert!(!out.join("media").exists());
        assert_eq!(
            fs::read_to_string(precious.join("thesis.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn unsafe_page_leaves_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write(&[page("index.html", "one")], &out).unwrap();
        assert!(write(&[page("../escape.html", "x")], &out).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
        assert!(!tmp.path().join("escape.html").exists());
    }
}
