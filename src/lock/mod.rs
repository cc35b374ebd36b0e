//! The anchor lock, `gloss.lock`: where each annotation anchored the last time the site was
//! built or checked without errors, so that `gloss check --fix` can follow the words through
//! a revision of the article (docs/anchor-lock.md).
//!
//! For each annotation the lock keeps the sidecar's `text` as it was then, the exact words
//! the reader saw, [`CONTEXT`] characters of the reader's text either side, the byte offset
//! and the block. The lock is plain TOML in a stable order (by briefing, kind and id), so the
//! same sources give the same bytes. This module is pure: [`text_of_site`] writes the lock
//! of a resolved site, [`Lock::parse`] and [`Lock::to_text`] convert a lock from and to its
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
        let (mut before, mut after) = (String::new(), String::new());
        let place = Place::of(plain, range, &mut before, &mut after);
        Anchored {
            text: text.to_string(),
            words: place.words.to_string(),
            before,
            after,
            at: place.at,
            block: place.block,
        }
    }
}

/// Where an annotation's words are, as the lock records it, borrowed from the reader's
/// text (its context is written into buffers the caller keeps).
struct Place<'a> {
    /// The words.
    words: &'a str,
    /// Their byte offset.
    at: usize,
    /// Their block.
    block: usize,
}

impl<'a> Place<'a> {
    /// The place of `range` of `plain` (clamped to the text), its context written into
    /// `before` and `after`.
    fn of(
        plain: &'a PlainText,
        range: std::ops::Range<usize>,
        before: &mut String,
        after: &mut String,
    ) -> Self {
        let all = plain.as_str();
        let start = range.start.min(all.len());
        let end = range.end.clamp(start, all.len());
        context_into(plain, start..end, before, after);
        Place {
            words: all.get(start..end).unwrap_or(""),
            at: start,
            block: plain.block_of(start).unwrap_or(0),
        }
    }
}

/// Up to [`CONTEXT`] characters of `plain` either side of `range`, inside its block, with
/// each run of whitespace as one space: what the lock keeps, and what it is compared with.
pub fn context(plain: &PlainText, range: std::ops::Range<usize>) -> (String, String) {
    let (mut before, mut after) = (String::new(), String::new());
    context_into(plain, range, &mut before, &mut after);
    (before, after)
}

/// [`context`], written into `before` and `after` (cleared first), so that a writer of
/// many entries reuses two buffers.
fn context_into(
    plain: &PlainText,
    range: std::ops::Range<usize>,
    before_kept: &mut String,
    after_kept: &mut String,
) {
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
    // Only the characters kept are looked at: a block may be long. The characters before
    // are found from the words backwards, on the stack, then written in their order.
    let mut kept = ['\0'; CONTEXT];
    let mut n = 0;
    for (slot, c) in kept.iter_mut().zip(one_space(before.chars().rev())) {
        *slot = c;
        n += 1;
    }
    before_kept.clear();
    before_kept.extend(kept[..n].iter().rev());
    after_kept.clear();
    after_kept.extend(one_space(after.chars()).take(CONTEXT));
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

/// One entry as the file spells it, borrowed: from a [`Lock`]'s entries, or straight from
/// a resolved site.
struct RowText<'a> {
    briefing: &'a str,
    kind: Kind,
    id: &'a str,
    text: &'a str,
    words: &'a str,
    before: &'a str,
    after: &'a str,
    at: usize,
    block: usize,
}

impl<'a> RowText<'a> {
    /// An entry of a [`Lock`].
    fn of(key: &'a Key, a: &'a Anchored) -> Self {
        RowText {
            briefing: &key.briefing,
            kind: key.kind,
            id: &key.id,
            text: &a.text,
            words: &a.words,
            before: &a.before,
            after: &a.after,
            at: a.at,
            block: a.block,
        }
    }
}

/// Writes one entry as the `[[anchor]]` table that `toml` writes for a [`Row`], each
/// string spelled as TOML's own writer spells it, straight into `out` (serialising the rows
/// through serde was a tenth of `gloss check` at 10,000 briefings), after a blank line
/// when `out` already holds a table.
fn write_row(out: &mut String, row: &RowText<'_>) {
    use toml_writer::TomlWrite;
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str("[[anchor]]\n");
    let strings = [
        ("briefing", row.briefing),
        ("kind", row.kind.word()),
        ("id", row.id),
        ("text", row.text),
        ("words", row.words),
        ("before", row.before),
        ("after", row.after),
    ];
    // Writing into a `String` cannot fail.
    for (name, value) in strings {
        out.push_str(name);
        out.push_str(" = ");
        let _ = out.value(value);
        out.push('\n');
    }
    for (name, value) in [("at", row.at), ("block", row.block)] {
        out.push_str(name);
        out.push_str(" = ");
        let _ = out.value(value as u64);
        out.push('\n');
    }
}

/// A lock's text in pieces, in order: what the file says is their concatenation. Kept in
/// pieces to be compared and written as they are: copying 33 MB into one string showed as
/// a tenth of a second under `perf`, and two such copies were alive at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The comment and the version.
    head: String,
    /// The `[[anchor]]` tables, in pieces of whole tables; a blank line between two pieces.
    tables: Vec<String>,
}

impl Text {
    /// The file's text from its `[[anchor]]` tables written in pieces, in the lock's order:
    /// a comment, the version, then the tables, a blank line between each.
    fn of(tables: Vec<String>) -> Self {
        if tables.is_empty() {
            // A number and an empty list: serialising them cannot fail.
            let empty = FileText {
                version: VERSION,
                anchor: Vec::new(),
            };
            let body = toml::to_string(&empty).unwrap_or_default();
            return Text {
                head: format!("{HEADER}\n{body}"),
                tables,
            };
        }
        Text {
            head: format!("{HEADER}\nversion = {VERSION}\n\n"),
            tables,
        }
    }

    /// The pieces whose concatenation is the text.
    pub fn pieces(&self) -> impl Iterator<Item = &str> {
        let between = std::iter::repeat_n("\n", self.tables.len().saturating_sub(1));
        let tables = self.tables.iter().map(String::as_str);
        // Each table piece but the first comes after a blank line's newline.
        let mut rest = tables
            .clone()
            .skip(1)
            .zip(between)
            .flat_map(|(t, nl)| [nl, t]);
        std::iter::once(self.head.as_str())
            .chain(tables.take(1))
            .chain(std::iter::from_fn(move || rest.next()))
    }

    /// Whether the text is `other`, without making it in one piece.
    pub fn is(&self, other: &str) -> bool {
        let mut rest = other;
        for piece in self.pieces() {
            match rest.strip_prefix(piece) {
                Some(r) => rest = r,
                None => return false,
            }
        }
        rest.is_empty()
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.pieces().try_for_each(|p| f.write_str(p))
    }
}

/// The tables of `rows`, one after another, a blank line between.
fn write_rows<'a>(rows: impl Iterator<Item = RowText<'a>>) -> String {
    let mut out = String::new();
    for row in rows {
        write_row(&mut out, &row);
    }
    out
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

    /// The lock's text: a comment, the version, then one `[[anchor]]` table per entry.
    pub fn to_text(&self) -> String {
        self.text().to_string()
    }

    /// [`Self::to_text`], in pieces.
    pub fn text(&self) -> Text {
        let rows: Vec<(&Key, &Anchored)> = self.entries.iter().collect();
        // Written in chunks, in parallel (at 10,000 briefings the lock is 33 MB).
        let pieces: Vec<String> = rows
            .par_chunks(ROWS_PER_CHUNK)
            .map(|chunk| write_rows(chunk.iter().map(|(k, a)| RowText::of(k, a))))
            .collect();
        Text::of(pieces)
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

/// The text of the lock of a site resolved without errors: every anchored annotation of
/// every briefing in `site`, as [`Lock::to_text`] writes it. Annotations of briefings that
/// `site` left out (drafts in a build without `--drafts`) keep their entries from `old`,
/// when their `.md` is still among `src`'s briefings, so building and checking give the same
/// lock; `old` is parsed only when there are such briefings.
///
/// Each briefing's tables are written straight from the site, in parallel, then put in the
/// lock's order by path: at 10,000 briefings, making 100,000 entries of owned strings in
/// a map, then writing them through serde and comparing them with the file read again, took
/// a fifth of `gloss check` (0.47 s; now 0.17 s).
///
/// With `disk`, a briefing's tables are taken from `.gloss-cache/` when its files and the
/// Markdown settings are those they were written from (they depend on nothing else: its
/// annotations, their ids and where they anchored in its plain text), and kept there when
/// not.
pub fn text_of_site(
    src: &SiteSource,
    site: &Site,
    old: &Recorded,
    disk: Option<&crate::disk_cache::DiskCache>,
) -> Text {
    let sources: std::collections::HashMap<&std::path::Path, &crate::load::BriefingSource> = src
        .briefings
        .iter()
        .map(|s| (s.path.as_path(), &**s))
        .collect();
    let settings = crate::fingerprint::of(&crate::resolve::plain_text_options(&src.config));
    let mut pieces: Vec<(String, String)> = site
        .briefings
        .par_iter()
        .filter_map(|b| {
            let source = sources.get(b.path.as_path())?;
            let stored = disk.zip(source.key.map(|k| k.and("lock tables", settings)));
            if let Some((disk, key)) = stored
                && let Some(tables) = disk.value::<String>(key)
            {
                return (!tables.is_empty()).then(|| (path_key(&b.path), tables));
            }
            let tables = tables_of(site, b, source);
            if let Some((disk, key)) = stored {
                let shard = crate::disk_cache::Shard::of(&b.path);
                disk.keep(shard, key, tables.as_ref().map_or("", |t| &t.1));
            }
            tables
        })
        .collect();
    let present: std::collections::HashSet<String> =
        site.briefings.iter().map(|b| path_key(&b.path)).collect();
    let kept: std::collections::BTreeSet<String> = src
        .briefings
        .iter()
        .map(|s| path_key(&s.path))
        .filter(|b| !present.contains(b))
        .collect();
    for briefing in kept {
        // The old lock's entries of the briefing: its keys are the first from (briefing,
        // the first kind, "") on.
        let first = Key {
            briefing: briefing.clone(),
            kind: Kind::Quote,
            id: String::new(),
        };
        let mine = (old.lock().entries.range(first..))
            .take_while(|(k, _)| k.briefing == briefing)
            .map(|(k, a)| RowText::of(k, a));
        let text = write_rows(mine);
        if !text.is_empty() {
            pieces.push((briefing, text));
        }
    }
    pieces.par_sort_unstable_by(|(x, _), (y, _)| x.cmp(y));
    Text::of(pieces.into_iter().map(|(_, text)| text).collect())
}

/// One anchored annotation of a briefing, borrowed from the site: what its lock entry is
/// made of.
struct Entry<'a> {
    kind: Kind,
    id: &'a str,
    /// The sidecar's `text`.
    text: &'a str,
    /// Where the words are in the briefing's reader's text.
    span: std::ops::Range<usize>,
}

/// A briefing's `[[anchor]]` tables, with its path as the lock names it; `None` when it
/// has no annotation to record.
fn tables_of(
    site: &Site,
    b: &crate::model::Briefing,
    source: &crate::load::BriefingSource,
) -> Option<(String, String)> {
    let mut entries = entries_of(site, b, source);
    if entries.is_empty() {
        return None;
    }
    // In the lock's order. A site without errors has one entry per kind and id in a
    // briefing; should two ever meet, the later is kept, as a map keeps it.
    entries.sort_by(|x, y| (x.kind, x.id).cmp(&(y.kind, y.id)));
    let mut entries: Vec<Entry<'_>> = entries.into_iter().rev().collect();
    entries.dedup_by(|x, y| (x.kind, x.id) == (y.kind, y.id));
    entries.reverse();
    let briefing = path_key(&b.path);
    let (mut before, mut after) = (String::new(), String::new());
    let mut out = String::with_capacity(entries.len() * 400);
    for e in &entries {
        let place = Place::of(&b.plain, e.span.clone(), &mut before, &mut after);
        let row = RowText {
            briefing: &briefing,
            kind: e.kind,
            id: e.id,
            text: e.text,
            words: place.words,
            before: &before,
            after: &after,
            at: place.at,
            block: place.block,
        };
        write_row(&mut out, &row);
    }
    Some((briefing, out))
}

/// The entries of one briefing of a site resolved without errors: each anchored item of its
/// sidecar (a site without errors has every item anchored, in order).
fn entries_of<'a>(
    site: &'a Site,
    b: &'a crate::model::Briefing,
    source: &'a crate::load::BriefingSource,
) -> Vec<Entry<'a>> {
    let Some(side) = &source.sidecar else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    let mut put = |kind, id: &'a str, a: &'a AnchorSource, span: &std::ops::Range<usize>| {
        entries.push(Entry {
            kind,
            id,
            text: &a.text.value,
            span: span.clone(),
        });
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
