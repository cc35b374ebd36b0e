//! The last step of a build that updates its output in place: the files to remove and the
//! staged files to move in, written down whole before any of them is touched, so that a
//! build killed half-way through them is finished by the next one.
//!
//! The new and changed files wait, each under a number, in the build's temporary folder
//! beside the output, with the new manifest. The commit is a file in that folder too; once
//! it is there, applying it (now, or after a kill, when the next build starts) removes the
//! files the previous build made and this one does not, then the folders that leaves empty,
//! then moves each waiting file to its place, then the manifest. Each step can be taken
//! again: what is gone already, or moved already, is passed over.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

/// The commit's file inside the temporary folder.
const FILE: &str = "commit";
/// The new manifest's file inside the temporary folder, moved beside the output last.
pub(super) const MANIFEST: &str = "manifest";
/// The first line of a commit.
const HEADER: &str = "gloss-commit 1";

/// What a commit does to an output folder.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Commit {
    /// Paths inside the output to remove: files the previous build made and this one did not.
    pub(super) removes: Vec<String>,
    /// Each staged file's name in the temporary folder, and its path inside the output.
    pub(super) moves: Vec<(String, String)>,
}

impl Commit {
    /// Writes the commit into the temporary folder `tmp`, through a second file renamed into
    /// place, so that a commit is there whole or not at all. Paths are plain names joined by
    /// `/`, never with a line break (see [`super::is_safe_page_path`]).
    pub(super) fn record(&self, tmp: &Path) -> io::Result<()> {
        use std::fmt::Write as _;
        let mut text = String::from(HEADER);
        text.push('\n');
        // Writing into a String cannot fail.
        for path in &self.removes {
            let _ = writeln!(text, "remove {path}");
        }
        for (name, path) in &self.moves {
            let _ = writeln!(text, "move {name} {path}");
        }
        let part = tmp.join(format!("{FILE}-part"));
        fs::write(&part, text)?;
        fs::rename(&part, tmp.join(FILE))
    }

    /// The commit in `tmp`, when one was recorded there whole.
    pub(super) fn read(tmp: &Path) -> Option<Commit> {
        let text = fs::read_to_string(tmp.join(FILE)).ok()?;
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return None;
        }
        let mut commit = Commit::default();
        for line in lines {
            if let Some(path) = line.strip_prefix("remove ") {
                commit.removes.push(path.to_string());
            } else {
                let (name, path) = line.strip_prefix("move ")?.split_once(' ')?;
                if name.is_empty() || !name.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                commit.moves.push((name.to_string(), path.to_string()));
            }
        }
        // A path that would lead out of the output makes the whole record no commit.
        let safe = commit.paths().all(|p| super::is_safe_page_path(p));
        safe.then_some(commit)
    }

    /// Every path inside the output the commit touches: those it removes, then those it
    /// moves files to.
    fn paths(&self) -> impl Iterator<Item = &String> {
        self.removes.iter().chain(self.moves.iter().map(|(_, p)| p))
    }

    /// Checks, before anything is touched, that every file the commit removes or moves in
    /// lies under `out` through real folders (or folders still to be made): a symbolic link,
    /// or a file where a folder should be, is an error naming it; so is a folder where a
    /// file is to be moved in.
    pub(super) fn check(&self, out: &Path) -> Result<(), (PathBuf, io::Error)> {
        let mut checked: HashSet<PathBuf> = HashSet::new();
        for path in self.paths() {
            let file = out.join(path);
            for dir in file.ancestors().skip(1) {
                if dir == out || !dir.starts_with(out) || !checked.insert(dir.to_path_buf()) {
                    break;
                }
                match fs::symlink_metadata(dir) {
                    Ok(m) if m.is_dir() => {}
                    Ok(_) => {
                        return Err((
                            dir.to_path_buf(),
                            io::Error::other(
                                "gloss would write through this path, which is not a folder (a symbolic link or a file); remove it, or build into another folder",
                            ),
                        ));
                    }
                    Err(_) => {}
                }
            }
        }
        for (_, path) in &self.moves {
            let file = out.join(path);
            if fs::symlink_metadata(&file).is_ok_and(|m| m.is_dir()) {
                return Err((
                    file,
                    io::Error::other(
                        "a folder is where gloss would write this file; remove it, or build into another folder",
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Applies the commit recorded in `tmp` to `out`, then puts the manifest waiting in
    /// `tmp` at `manifest_file`. Fails on the first file that cannot be moved in, naming it.
    pub(super) fn apply(
        &self,
        tmp: &Path,
        out: &Path,
        manifest_file: &Path,
    ) -> Result<(), (PathBuf, io::Error)> {
        let gone: Vec<PathBuf> = self.removes.iter().map(|p| out.join(p)).collect();
        gone.par_iter().for_each(|f| {
            let _ = fs::remove_file(f);
        });
        let mut emptied: Vec<&Path> = gone
            .iter()
            .flat_map(|f| f.ancestors().skip(1))
            .filter(|d| d.starts_with(out) && *d != out)
            .collect();
        // Deepest first, so that a folder is empty by the time it is reached; a folder that
        // still holds something stays.
        emptied.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        emptied.dedup();
        for dir in emptied {
            let _ = fs::remove_dir(dir);
        }
        let made: Mutex<HashSet<&Path>> = Mutex::default();
        let lock = || {
            made.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let targets: Vec<(PathBuf, PathBuf)> = self
            .moves
            .iter()
            .map(|(name, path)| (tmp.join(name), out.join(path)))
            .collect();
        targets.par_iter().try_for_each(|(from, to)| {
            if !from.exists() {
                // Moved in by an earlier run of this commit.
                return Ok(());
            }
            if let Some(dir) = to.parent()
                && !lock().contains(dir)
            {
                fs::create_dir_all(dir).map_err(|e| (dir.to_path_buf(), e))?;
                lock().insert(dir);
            }
            fs::rename(from, to).map_err(|e| (to.clone(), e))
        })?;
        let manifest = tmp.join(MANIFEST);
        if manifest.exists() {
            let _ = fs::rename(&manifest, manifest_file);
        }
        Ok(())
    }
}

/// Finishes the commit a killed build left in `tmp` (its process gone), if it recorded one
/// whole; either way the caller then removes `tmp`.
pub(super) fn finish_abandoned(tmp: &Path, out: &Path, manifest_file: &Path) {
    if let Some(commit) = Commit::read(tmp) {
        let _ = commit.apply(tmp, out, manifest_file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_reads_back_and_applies_twice_to_the_same_end() {
        let dir = tempfile::tempdir().unwrap();
        let (tmp, out) = (dir.path().join("tmp"), dir.path().join("out"));
        fs::create_dir_all(out.join("old/deep")).unwrap();
        fs::create_dir_all(out.join("kept")).unwrap();
        fs::create_dir_all(&tmp).unwrap();
        fs::write(out.join("old/deep/index.html"), "old").unwrap();
        fs::write(out.join("kept/index.html"), "kept").unwrap();
        fs::write(out.join("kept/gone.xml"), "gone").unwrap();
        fs::write(tmp.join("0"), "new").unwrap();
        fs::write(tmp.join(MANIFEST), "m").unwrap();
        let commit = Commit {
            removes: vec!["old/deep/index.html".into(), "kept/gone.xml".into()],
            moves: vec![("0".into(), "new/page/index.html".into())],
        };
        commit.record(&tmp).unwrap();
        assert_eq!(Commit::read(&tmp).as_ref(), Some(&commit));
        let manifest = dir.path().join(".out.gloss-manifest");
        for _ in 0..2 {
            finish_abandoned(&tmp, &out, &manifest);
            assert!(!out.join("old").exists(), "emptied folders go");
            assert!(!out.join("kept/gone.xml").exists());
            assert_eq!(
                fs::read_to_string(out.join("kept/index.html")).unwrap(),
                "kept"
            );
            assert_eq!(
                fs::read_to_string(out.join("new/page/index.html")).unwrap(),
                "new"
            );
            assert_eq!(fs::read_to_string(&manifest).unwrap(), "m");
        }
        // A commit cut short is no commit, nor one with a path out of the output.
        fs::write(tmp.join(FILE), "gloss-commit 1\nmove 0\n").unwrap();
        assert_eq!(Commit::read(&tmp), None);
        fs::write(tmp.join(FILE), "gloss-commit 1\nremove ../outside\n").unwrap();
        assert_eq!(Commit::read(&tmp), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_commit_goes_through_no_symbolic_link_and_over_no_folder() {
        let dir = tempfile::tempdir().unwrap();
        let (out, elsewhere) = (dir.path().join("out"), dir.path().join("elsewhere"));
        fs::create_dir_all(out.join("briefings/a")).unwrap();
        fs::create_dir_all(&elsewhere).unwrap();
        fs::write(elsewhere.join("index.html"), "precious").unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("media")).unwrap();
        let through_link = Commit {
            removes: vec!["media/index.html".into()],
            moves: vec![],
        };
        let (path, _) = through_link.check(&out).unwrap_err();
        assert_eq!(path, out.join("media"));
        let over_folder = Commit {
            removes: vec![],
            moves: vec![("0".into(), "briefings/a".into())],
        };
        assert!(over_folder.check(&out).is_err());
        let fine = Commit {
            removes: vec!["briefings/a/index.html".into()],
            moves: vec![("0".into(), "new/deep/index.html".into())],
        };
        assert!(fine.check(&out).is_ok());
        assert_eq!(
            fs::read_to_string(elsewhere.join("index.html")).unwrap(),
            "precious"
        );
    }
}
