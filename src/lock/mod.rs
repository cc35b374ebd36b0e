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

use rayon::prelude::*;
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
    // The first block ending at or after the words, when they start inside it.
    let blocks = plain.blocks();
    let block = blocks
        .get(blocks.partition_point(|b| b.end < range.start))
        .filter(|b| b.start <= range.start)
        .cloned()
        .unwrap_or(0..all.len());
    let before = all.get(block.start..range.start).unwrap_or("");
    let after = all.get(range.end..block.end.max(range.end)).unwrap_or("");
    // Only the characters kept are looked at: a block may be long.
    let mut before: Vec<char> = one_space(before.chars().rev()).take(CONTEXT).collect();
    before.reverse();
    (
        before.into_iter().collect(),
        one_space(after.chars()).take(CONTEXT).collect(),
    )
}

/// `chars` with each run of whitespace as one space.
fn one_space(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    let mut in_space = false;
    chars.filter_map(move |c| {
        if c.is_whitespace() {
            let first = !in_space;
            in_space = true;
            first.then_some(' ')
        } else {
            in_space = false;
            Some(c)
        }
    })
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

/// One entry as written, borrowed from the lock.
#[derive(Serialize)]
struct RowRef<'a> {
    briefing: &'a str,
    kind: Kind,
    id: &'a str,
    #[serde(flatten)]
    anchored: &'a Anchored,
}

/// Some of the file's `[[anchor]]` tables.
#[derive(Serialize)]
struct Tables<'a> {
    anchor: &'a [RowRef<'a>],
}

/// How many entries [`Lock::to_text`] writes in one piece.
const ROWS_PER_CHUNK: usize = 2048;

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
        let sources: std::collections::HashMap<&std::path::Path, &crate::load::BriefingSource> =
            src.briefings
                .iter()
                .map(|s| (s.path.as_path(), &**s))
                .collect();
        // Each briefing's entries apart, in parallel; the map puts them in the lock's order.
        let per_briefing: Vec<Vec<(Key, Anchored)>> = site
            .briefings
            .par_iter()
            .map(|b| match sources.get(b.path.as_path()) {
                Some(source) => entries_of(site, b, source),
                None => Vec::new(),
            })
            .collect();
        let mut entries: BTreeMap<Key, Anchored> = per_briefing.into_iter().flatten().collect();
        let present: std::collections::HashSet<String> =
            site.briefings.iter().map(|b| path_key(&b.path)).collect();
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
        let rows: Vec<RowRef<'_>> = self
            .entries
            .iter()
            .map(|(k, a)| RowRef {
                briefing: &k.briefing,
                kind: k.kind,
                id: &k.id,
                anchored: a,
            })
            .collect();
        // An array of tables is its tables one after another, a blank line between: the
        // rows are written in chunks, in parallel (at 10,000 briefings the lock is 33 MB,
        // and writing it in one piece was a tenth of `gloss check`, on one core).
        // Plain strings, numbers and tables: serialising them cannot fail.
        let body = if rows.is_empty() {
            toml::to_string(&FileText {
                version: VERSION,
                anchor: Vec::new(),
            })
            .unwrap_or_default()
        } else {
            let tables: Vec<String> = rows
                .par_chunks(ROWS_PER_CHUNK)
                .map(|anchor| toml::to_string(&Tables { anchor }).unwrap_or_default())
                .collect();
            format!("version = {VERSION}\n\n{}", tables.join("\n"))
        };
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

/// The entries of one briefing of a site resolved without errors: each anchored item of its
/// sidecar (a site without errors has every item anchored, in order).
fn entries_of(
    site: &Site,
    b: &crate::model::Briefing,
    source: &crate::load::BriefingSource,
) -> Vec<(Key, Anchored)> {
    let Some(side) = &source.sidecar else {
        return Vec::new();
    };
    let briefing = path_key(&b.path);
    let mut entries = Vec::new();
    let mut put = |kind, id: &str, a: &AnchorSource, span: &std::ops::Range<usize>| {
        let key = Key {
            briefing: briefing.clone(),
            kind,
            id: id.to_string(),
        };
        entries.push((key, Anchored::new(&a.text.value, &b.plain, span.clone())));
    };
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
    entries
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
