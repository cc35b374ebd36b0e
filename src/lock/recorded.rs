//! `gloss.lock` as a run found it: its text, parsed into a [`Lock`] only when something asks.
//!
//! Only an anchor that fails to match (for what `check --fix` could do with it) and a
//! briefing left out of the site (a draft, whose entries are kept) read the old lock. A
//! site that anchors cleanly never needs it, and at 10,000 briefings parsing its 33 MB took
//! a tenth of `gloss check`.

use std::sync::OnceLock;

use super::Lock;

/// The lock read at the start of a run, parsed on first use; `Send + Sync`, so the
/// briefings resolved in parallel share it.
#[derive(Debug, Default)]
pub struct Recorded {
    /// The file's text, when there was one.
    text: Option<String>,
    parsed: OnceLock<Lock>,
}

impl Recorded {
    /// The lock whose file reads `text` (`None`: there is no file).
    pub fn of_text(text: Option<String>) -> Self {
        Recorded {
            text,
            parsed: OnceLock::new(),
        }
    }

    /// The file's text, as read (`None`: there was no file).
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    /// The lock: the file parsed, or an empty lock when there is none or it is not a lock
    /// of this version (gloss then works as without one).
    pub fn lock(&self) -> &Lock {
        self.parsed.get_or_init(|| parsed(self.text.as_deref()))
    }

    /// The lock, owned (parsed now if it was not yet).
    pub fn into_lock(self) -> Lock {
        let Recorded { text, parsed: lock } = self;
        lock.into_inner().unwrap_or_else(|| parsed(text.as_deref()))
    }
}

/// The lock a file reads `text` as: empty when there is no file or it is not a lock of
/// this version.
fn parsed(text: Option<&str>) -> Lock {
    text.and_then(Lock::parse).unwrap_or_default()
}

impl From<Lock> for Recorded {
    /// A lock already in memory (tests, and runs that made it themselves).
    fn from(lock: Lock) -> Self {
        Recorded {
            text: None,
            parsed: OnceLock::from(lock),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_parsed_only_when_asked_for() {
        let text = Lock::default().to_text();
        let recorded = Recorded::of_text(Some(text));
        assert!(recorded.parsed.get().is_none());
        assert_eq!(recorded.lock(), &Lock::default());
        assert!(recorded.parsed.get().is_some());
    }

    #[test]
    fn no_file_or_a_foreign_one_is_an_empty_lock() {
        assert_eq!(Recorded::of_text(None).lock(), &Lock::default());
        let other = Recorded::of_text(Some("version = 99\n".into()));
        assert_eq!(other.lock(), &Lock::default());
        assert_eq!(Recorded::of_text(None).into_lock(), Lock::default());
        assert_eq!(Recorded::from(Lock::default()).into_lock(), Lock::default());
    }
}
