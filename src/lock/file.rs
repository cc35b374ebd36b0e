//! Reading and writing `gloss.lock` at the site root: the I/O at the edges of a run.
//!
//! A missing, unreadable or malformed lock reads as an empty one (gloss works without it);
//! the lock is written only when its text changes, atomically.

use std::path::Path;

use super::{FILE_NAME, Lock, Recorded};

/// The lock of the site at `root`, or an empty one when there is none to read.
pub fn read(root: &Path) -> Lock {
    read_recorded(root).into_lock()
}

/// The lock of the site at `root`, read but not yet parsed ([`Recorded`]).
pub fn read_recorded(root: &Path) -> Recorded {
    Recorded::of_text(std::fs::read_to_string(root.join(FILE_NAME)).ok())
}

/// Writes `lock` to `root/gloss.lock` unless the file already says exactly that. Returns
/// whether it wrote.
pub fn write_if_changed(root: &Path, lock: &Lock) -> std::io::Result<bool> {
    let path = root.join(FILE_NAME);
    let text = lock.to_text();
    if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
        return Ok(false);
    }
    crate::atomic_file::write_atomically(&path, &text)?;
    Ok(true)
}
