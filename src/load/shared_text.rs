//! A part of a file's text that shares the file's one copy in memory.
//!
//! A briefing's Markdown is its file's text after the front matter. Diagnostics keep the
//! whole file (to show lines), load keeps the body, and the model keeps it again for render:
//! with [`SharedText`] all three are one allocation, which at ten thousand briefings is the
//! difference between one copy of the site's prose in memory and three.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// The text of a file from byte `start` on, sharing the file's text.
#[derive(Clone, Default)]
pub struct SharedText {
    file: Arc<str>,
    start: usize,
}

impl SharedText {
    /// The text of `file` from byte `start` on (the whole of it when `start` is not on a
    /// character boundary within it, which load never asks for).
    pub fn new(file: Arc<str>, start: usize) -> Self {
        let start = if file.is_char_boundary(start) {
            start
        } else {
            0
        };
        SharedText { file, start }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.file[self.start..]
    }
}

impl Deref for SharedText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> Self {
        SharedText::new(Arc::from(text), 0)
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> Self {
        SharedText::new(Arc::from(text), 0)
    }
}

impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedText {}

impl PartialEq<str> for SharedText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Hash for SharedText {
    /// Hashes as the `str` it holds.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_and_slices() {
        let file: Arc<str> = Arc::from("---\ntitle: x\n---\nBody\n");
        let body = SharedText::new(file.clone(), 17);
        assert_eq!(body, "Body\n");
        assert_eq!(Arc::strong_count(&file), 2);
        assert_eq!(SharedText::new(Arc::from("é"), 1), "é");
    }
}
