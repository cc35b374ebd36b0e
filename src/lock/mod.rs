//! The anchor lock, `gloss.lock`: where each annotation anchored the last time the site was
//! built or checked without errors, so that `gloss check --fix` can follow the words through
//! a revision of the article (docs/anchor-lock.md).
//!
//! For each annotation the lock keeps the sidecar's `text` as it was then, the exact words
//! the reader saw, [`CONTEXT`] characters of the reader's text either side, the byte offset
//! and the block. The lock is plain TOML in a stable order (by briefing, kind and id), so the
//! same sources give the same bytes. This module is pure: [`Lock::of_site`] makes a lock
//! from a resolved site, [`Lock::parse`] and [`Lock::to_text`] convert it from and to its
//! text; reading and writing `gloss.lock` is [`file`]'s job, at the edges of a run.

pub mod file;
pub mod recorded;

pub use recorded::Recorded;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::load::{AnchorSource, SiteSource};
use crate::markdown::PlainText;
use crate::model::Site;

/// How many characters of the reader's text either side of the words the lock keeps.
pub const CONTEXT: usize = 32;

/// The version of the lock's format; a lock of another version is ignored (and replaced by
/// the next successful run).
pub const VERSION: u32 = 1;

/// The file name of the lock, at the site root.
pub const FILE_NAME: &str = "gloss.lock";

/// What kind of annotation an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An item of `quotes:`.
    Quote,
    /// An item of `claims:`.
    Claim,
    /// An item of `notes:`.
    Note,
    /// An item of `events:` with a `text`.
    Event,
}

impl Kind {
    /// The word for it in messages ("quote").
    pub fn word(self) -> &'static str {
        match self {
            Kind::Quote => "quote",
            Kind::Claim => "claim",
            Kind::Note => "note",
            Kind::Event => "event",
        }
    }
}

/// Which annotation an entry is about: its briefing, kind and id (derived ids included, so
/// an item keeps its entry while its sidecar `text` is unchanged).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// The briefing's `.md` file relative to the site root, with `/` between folders.
    pub briefing: String,
    /// The kind of annotation.
    pub kind: Kind,
    /// Its id (for events, the site-wide event id).
    pub id: String,
}

/// Where one annotation anchored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchored {
    /// The sidecar's `text` when it anchored: an entry whose `text` differs from the
    /// sidecar's today is stale (the writer changed the annotation) and is not used.
    pub text: String,
    /// The words as the reader saw them (quotes and dashes as printed).
    pub words: String,
    /// Up to [`CONTEXT`] characters of the words' block before them (whitespace runs as
    /// one space).
    pub before: String,
    /// Up to [`CONTEXT`] characters of the words' block after them.
    pub after: String,
    /// Byte offset of the words in the reader's text.
    pub at: usize,
    /// Which block (paragraph, list item, table cell, ...) of the article, from 0.
    pub block: usize,
}

impl Anchored {
    /// The entry for the words at `range` of `plain`, anchored by the sidecar text `text`.
    pub fn new(text: &str, plain: &PlainText, range: std::ops::Range<usize>) -> Self {
        let all = plain.as_str();
        let start = range.start.min(all.len());
        let end = range.end.clamp(start, all.len());
        let (before, after) = context(plain, start..end);
        Anchored {
            text: text.to_string(),
            words: all.get(start..end).unwrap_or("").to_string(),
            before,
            after,
            at: start,
            block: plain.block_of(start).unwrap_or(0),
        }
    }
}

/// Up to [`CONTEXT`] characters of `plain` either side of `range`, inside its block, with
/// each run of whitespace as one space: what the lock keeps, and what it is compared with.
pub fn context(plain: &PlainText, range: std::ops::Range<usize>) -> (String, String) {
    let all = plain.as_str();
    let block = plain
        .blocks()
        .iter()
        .find(|b| b.start <= range.start && range.start <= b.end)
        .cloned()
        .unwrap_or(0..all.len());
    let before = one_space(all.get(block.start..range.start).unwrap_or(""));
    let after = one_space(all.get(range.end..block.end.max(range.end)).unwrap_or(""));
    let chars: Vec<char> = before.chars().collect();
    let before = chars[chars.len().saturating_sub(CONTEXT)..]
        .iter()
        .collect();
    (before, after.chars().take(CONTEXT).collect())
}

/// `s` with each run of whitespace as one space.
fn one_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Every annotation's place, by [`Key`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lock {
    /// The entries, in the lock's order.
    pub entries: BTreeMap<Key, Anchored>,
}

/// One entry as written in the file.
#[derive(Serialize, Deserialize)]
struct Row {
    briefing: String,
    kind: Kind,
    id: String,
    #[serde(flatten)]
    anchored: Anchored,
}

/// The whole file as TOML.
#[derive(Serialize, Deserialize)]
struct FileText {
    version: u32,
    #[serde(default)]
    anchor: Vec<Row>,
}

/// What the lock file begins with.
const HEADER: &str = "# gloss.lock: where each annotation anchored when the site last built or checked\n\
# without errors. `gloss check --fix` reads it to follow the words through a revision of\n\
# the article. Written by gloss; commit it beside your sidecars, do not edit it.\n";

impl Lock {
    /// The entry of an annotation, when the lock has one whose `text` is still `text` (the
    /// sidecar's today); a stale entry is no entry.
    pub fn get(&self, key: &Key, text: &str) -> Option<&Anchored> {
        self.entries.get(key).filter(|a| a.text == text)
    }

    /// The lock of a site resolved without errors: every anchored annotation of every
    /// briefing in `site`. Annotations of briefings that `site` left out (drafts in a build
    /// without `--drafts`) keep their entries from `old`, when their `.md` is still among
    /// `src`'s briefings, so building and checking give the same lock; `old` is parsed only
    /// when there are such briefings.
    pub fn of_site(src: &SiteSource, site: &Site, old: &Recorded) -> Lock {
        let mut entries = BTreeMap::new();
        let mut present = std::collections::BTreeSet::new();
        let sources: std::collections::HashMap<&std::path::Path, &crate::load::BriefingSource> =
            src.briefings
                .iter()
                .map(|s| (s.path.as_path(), &**s))
                .collect();
        for b in &site.briefings {
            let briefing = path_key(&b.path);
            present.insert(briefing.clone());
            let Some(source) = sources.get(b.path.as_path()) else {
                continue;
            };
            let Some(side) = &source.sidecar else {
                continue;
            };
            let mut put = |kind, id: &str, a: &AnchorSource, span: &std::ops::Range<usize>| {
                let key = Key {
                    briefing: briefing.clone(),
                    kind,
                    id: id.to_string(),
                };
                entries.insert(key, Anchored::new(&a.text.value, &b.plain, span.clone()));
            };
            // A site without errors has every item of the sidecar anchored, in order.
            if side.quotes.len() == b.quotes.len() {
                for (s, q) in side.quotes.iter().zip(b.quotes.iter()) {
                    put(Kind::Quote, &q.id, &s.anchor, &q.span);
                }
            }
            if side.claims.len() == b.claims.len() {
                for (s, c) in side.claims.iter().zip(b.claims.iter()) {
                    put(Kind::Claim, &c.id, &s.anchor, &c.span);
                }
            }
            if side.notes.len() == b.notes.len() {
                for (s, n) in side.notes.iter().zip(b.notes.iter()) {
                    put(Kind::Note, &n.id, &s.anchor, &n.span);
                }
            }
            for cite in &b.events {
                let (Some(span), Some(event)) = (&cite.span, site.events.get(cite.event.0)) else {
                    continue;
                };
                let written = side
                    .events
                    .iter()
                    .find(|e| e.id.value == event.id)
                    .and_then(|e| e.anchor.as_ref());
                if let Some(a) = written {
                    put(Kind::Event, &event.id, a, span);
                }
            }
        }
        let kept: std::collections::BTreeSet<String> = src
            .briefings
            .iter()
            .map(|s| path_key(&s.path))
            .filter(|b| !present.contains(b))
            .collect();
        if !kept.is_empty() {
            for (key, a) in &old.lock().entries {
                if kept.contains(&key.briefing) {
                    entries.insert(key.clone(), a.clone());
                }
            }
        }
        Lock { entries }
    }

    /// The lock's text: a comment, the version, then one `[[anchor]]` table per entry.
    pub fn to_text(&self) -> String {
        let file = FileText {
            version: VERSION,
            anchor: self
                .entries
                .iter()
                .map(|(k, a)| Row {
                    briefing: k.briefing.clone(),
                    kind: k.kind,
                    id: k.id.clone(),
                    anchored: a.clone(),
                })
                .collect(),
        };
        // Plain strings, numbers and tables: serialising them cannot fail.
        let body = toml::to_string(&file).unwrap_or_default();
        format!("{HEADER}\n{body}")
    }

    /// The lock written as `text`; `None` when it is not a lock of this version (gloss then
    /// works as without one).
    pub fn parse(text: &str) -> Option<Lock> {
        let file: FileText = toml::from_str(text).ok()?;
        if file.version != VERSION {
            return None;
        }
        let entries = file
            .anchor
            .into_iter()
            .map(|r| {
                let key = Key {
                    briefing: r.briefing,
                    kind: r.kind,
                    id: r.id,
                };
                (key, r.anchored)
            })
            .collect();
        Some(Lock { entries })
    }

    /// The lock after `--fix` rewrote a sidecar `text` of `briefing` from `old` to `new`:
    /// the entries keep their place, and stay usable until the next clean run records the
    /// new one.
    pub fn renamed(mut self, briefing: &str, old: &str, new: &str) -> Lock {
        for (key, a) in self.entries.iter_mut() {
            if key.briefing == briefing && a.text == old {
                a.text = new.to_string();
            }
        }
        self
    }
}

/// A path as the lock writes it: relative, with `/` between its parts on every system.
pub fn path_key(path: &std::path::Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests;
