//! Reading and writing `gloss.lock` at the site root: the I/O at the edges of a run.
//!
//! A missing, unreadable or malformed lock reads as an empty one (gloss works without it);
//! the lock is written only when its text changes, atomically.

use std::path::Path;

use super::{FILE_NAME, Recorded, Text};

/// The lock of the site at `root`, read but not yet parsed ([`Recorded`]).
pub fn read_recorded(root: &Path) -> Recorded {
    Recorded::of_text(std::fs::read_to_string(root.join(FILE_NAME)).ok())
}

/// Writes `text`, a lock's text, to `root/gloss.lock` unless the file already says exactly
/// that: `was`, its text as the run read it at the start (`None`: there was no file; a
/// file changed since, by another run, is left as it is when this run's lock is `was`).
/// Returns whether it wrote.
pub fn write_if_changed(root: &Path, text: &Text, was: Option<&str>) -> std::io::Result<bool> {
    if says(was, text) {
        return Ok(false);
    }
    crate::atomic_file::write_pieces_atomically(&root.join(FILE_NAME), text.pieces())?;
    Ok(true)
}

/// What a run will do to `gloss.lock` once it has succeeded: write a new text, or nothing.
/// Decided as soon as the text is known, so that a build need not hold the lock as read,
/// nor a text that is the same as it, while it renders.
#[derive(Debug)]
pub struct Change(Option<Text>);

impl Change {
    /// `text`, to be written unless `was` (the file's text as the run read it, `None`: no
    /// file) already says exactly that; see [`write_if_changed`].
    pub fn of(text: Text, was: Option<&str>) -> Self {
        Change((!says(was, &text)).then_some(text))
    }

    /// Writes the new text, if there is one; returns whether it wrote.
    pub fn write(&self, root: &Path) -> std::io::Result<bool> {
        match &self.0 {
            Some(text) => write_if_changed(root, text, None),
            None => Ok(false),
        }
    }
}

/// Whether the file's text as read, `was`, is exactly `text`.
fn says(was: Option<&str>, text: &Text) -> bool {
    was.is_some_and(|was| text.is(was))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(tables: &[&str]) -> Text {
        Text::of(tables.iter().map(|t| t.to_string()).collect())
    }

    fn written(text: &Text) -> String {
        text.pieces().collect()
    }

    #[test]
    fn a_change_writes_only_a_text_the_file_does_not_already_say() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE_NAME);
        let text = text_of(&["[[anchor]]\nid = \"a\"\n"]);
        let same = written(&text);

        // The file already says it: nothing is written, not even over a later edit.
        std::fs::write(&file, "edited by another run\n").unwrap();
        let change = Change::of(text_of(&["[[anchor]]\nid = \"a\"\n"]), Some(&same));
        assert!(!change.write(dir.path()).unwrap());
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "edited by another run\n"
        );

        // Another text, or no file at the start: written.
        let change = Change::of(text_of(&["[[anchor]]\nid = \"b\"\n"]), Some(&same));
        assert!(change.write(dir.path()).unwrap());
        assert!(
            std::fs::read_to_string(&file)
                .unwrap()
                .contains("id = \"b\"")
        );
        std::fs::remove_file(&file).unwrap();
        assert!(Change::of(text, None).write(dir.path()).unwrap());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), same);
    }
}
