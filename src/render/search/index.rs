//! The search index of a list of documents, as files: the manifest, the term shards, the
//! directory nodes over them, and the chunks of document metadata. Knows nothing of sites:
//! [`super`] turns a site into [`SearchDoc`]s.
//!
//! # Ranking
//!
//! Each (word, document) pair gets a BM25 weight at build time (`k1` = 1.2, `b` = 0.75,
//! lengths normalised against the average over every document of the site): the word's
//! `idf`, stored once per word as a whole number of hundredths, times the document's term
//! frequency part `tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen))`, quantised to 1–63 (one
//! character of a posting). A word of a document's title (a headline, a name, an event's
//! title) takes the better of that part over the whole document and over the title alone,
//! so a long briefing is found by the words of its headline as readily as a short quote by
//! its words. The script adds `idf × q` over the words of the query, and puts first the
//! documents that match more of the query's words.
//!
//! A word found in more than [`MAX_POSTINGS`] documents keeps only its postings of highest
//! weight (ties: the earliest documents): such a word says little about which document is
//! wanted, and its postings would otherwise grow with the site. Its entry says how many
//! documents hold it, so the script knows the list is cut.
//!
//! A cut list may have dropped the very quote a reader types the words of: thousands of
//! short quotes hold "the", "plan" and "railways" as well. So each short document (at most
//! [`SIGNATURE_WORDS`] distinct words: quotes, claims, notes, events, most actors) has a
//! signature, a 128-bit Bloom filter of its words (two bits a word, from FNV-1a over the
//! word's UTF-16 code units), carried in the postings of its rare words (those in at most
//! [`SIGNATURE_DF`] documents). A document found through a rare word of the query is then
//! checked for the query's common words in its signature, and counted as matching those it
//! (probably) holds, at the weight of its rare word.
//!
//! # Files (paths under the site root)
//!
//! - `search/index.json`, the manifest: `{"version", "docs", "doc_chunk", "terms",
//!   "leaves", "fanout", "depth", "max_word", "keys"}`. `keys` are the first keys of the
//!   manifest's children: of the term shards when `depth` is 1, else of the directory nodes
//!   of level `depth − 1`. Child `i` of the manifest is number `i`.
//! - `search/nodes/<level>/<n>.json` (only on sites with more than [`FANOUT`] shards): the
//!   keys of the children `n·fanout …` of level `level − 1` (level 0 being the shards).
//! - `search/terms/<n>.json`, a term shard: `[[word, df, idf×100, postings], …]`, sorted by
//!   word in UTF-16 order (JavaScript's string order). A shard holds the words from its key
//!   up to the next shard's key; its key is the shortest prefix of its first word that sorts
//!   after the previous shard's last word. A shard stays under [`LEAF_BUDGET`] bytes unless
//!   one word alone is bigger (at most [`MAX_POSTINGS`] postings). The entry of a rare word
//!   has a fifth member when one of its documents has a signature: the signatures of its
//!   postings in order, each 22 [`ALPHABET`] characters (bit `i` is bit `i mod 6` of
//!   character `i / 6`) or `""` for a document without one.
//! - `search/docs/<n>.json`: documents `n·doc_chunk …`, each `[kind, title, url, snippet]`,
//!   `url` relative to the site root.
//!
//! Postings are a string of [`ALPHABET`] characters: per document, the gap from the previous
//! document (the first: its number; then the difference less one) in base 32, least
//! significant digit first, each digit but the last plus 32; then one character, the
//! quantised weight. Documents are in increasing order.
//!
//! Every file a query fetches is bounded whatever the size of the site: the manifest and a
//! node by [`FANOUT`] keys of at most [`MAX_TOKEN_CHARS`] characters, a shard by
//! [`LEAF_BUDGET`] or one word's [`MAX_POSTINGS`], a chunk by [`DOC_CHUNK`] documents with
//! bounded snippets; the number of levels grows with the logarithm of the shard count.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use super::tokens::{MAX_TOKEN_CHARS, fold, words};
use crate::render::Page;

/// The format of the index files; the script checks it.
pub(crate) const VERSION: u32 = 1;
/// Documents per metadata chunk.
pub(crate) const DOC_CHUNK: usize = 16;
/// Keys per directory node (and at most in the manifest).
pub(crate) const FANOUT: usize = 512;
/// The size a term shard is filled up to, in bytes.
pub(crate) const LEAF_BUDGET: usize = 8 * 1024;
/// The most postings a word keeps.
pub(crate) const MAX_POSTINGS: usize = 1000;
/// A document with at most this many distinct words has a signature.
pub(crate) const SIGNATURE_WORDS: usize = 32;
/// The signatures of documents are in the entries of words found in at most this many.
pub(crate) const SIGNATURE_DF: usize = 256;
/// Bits of a signature.
const SIGNATURE_BITS: u32 = 128;

/// The sizes an index is cut to: [`Limits::SITE`] for sites, smaller ones in tests.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Documents per metadata chunk.
    pub(crate) doc_chunk: usize,
    /// Keys per directory node (and at most in the manifest).
    pub(crate) fanout: usize,
    /// The size a term shard is filled up to, in bytes.
    pub(crate) leaf_budget: usize,
    /// The most postings a word keeps.
    pub(crate) max_postings: usize,
}

impl Limits {
    /// The limits of a site's index.
    pub(crate) const SITE: Limits = Limits {
        doc_chunk: DOC_CHUNK,
        fanout: FANOUT,
        leaf_budget: LEAF_BUDGET,
        max_postings: MAX_POSTINGS,
    };
}

/// The characters of postings (URL-safe base 64: nothing JSON escapes).
pub(crate) const ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// BM25's term frequency saturation.
const K1: f64 = 1.2;
/// BM25's length normalisation.
const B: f64 = 0.75;
/// The largest quantised weight.
const MAX_Q: f64 = 63.0;

/// What part of a document a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    /// Its title: weighed on its own as well as with the rest.
    Title,
    /// The rest.
    Body,
}

/// What a result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum DocKind {
    /// A briefing.
    Briefing,
    /// An actor.
    Actor,
    /// A quote.
    Quote,
    /// A claim.
    Claim,
    /// An event.
    Event,
    /// A margin note.
    Note,
}

impl DocKind {
    /// The kind as the index (and the result's badge) writes it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DocKind::Briefing => "briefing",
            DocKind::Actor => "actor",
            DocKind::Quote => "quote",
            DocKind::Claim => "claim",
            DocKind::Event => "event",
            DocKind::Note => "note",
        }
    }
}

/// One searchable document: what a result shows, and the texts whose words find it.
#[derive(Debug, Clone, Hash)]
pub(crate) struct SearchDoc<'a> {
    /// What it is.
    pub(crate) kind: DocKind,
    /// The result's title.
    pub(crate) title: String,
    /// Its address relative to the site root (`briefings/a/#quote-x`).
    pub(crate) url: String,
    /// The words the result shows under its title.
    pub(crate) snippet: String,
    /// The texts searched.
    pub(crate) fields: Vec<(Cow<'a, str>, Field)>,
}

impl SearchDoc<'_> {
    /// The document as a row of a result chunk: kind, title, url, snippet.
    pub(crate) fn row(&self) -> (&str, &str, &str, &str) {
        (self.kind.as_str(), &self.title, &self.url, &self.snippet)
    }
}

/// How often a word occurs in a document, or how long a document is, in words: over the
/// whole document, and in its title.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Count {
    all: u32,
    title: u32,
}

/// The documents holding a word, with how often.
type Postings = Vec<(u32, Count)>;

/// A map keyed by words, hashed fast (the words are the site's own: no need to resist
/// crafted collisions more than any map of a static-site build does; iteration order never
/// reaches the output, which is sorted).
type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// FxHash (rustc's hasher): a multiply and a rotate per eight bytes.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// What the index keeps of a document beside its postings: its length, and its signature
/// when it is short.
#[derive(Debug, Clone, Copy, Default)]
struct DocInfo {
    len: Count,
    signature: Option<u128>,
}

/// The words of every document, gathered on each thread and merged: word → (document,
/// term frequency), and each document's length and signature.
#[derive(Default)]
struct Gathered {
    postings: WordMap<Box<str>, Postings>,
    docs: Vec<(u32, DocInfo)>,
}

impl Gathered {
    /// Adds the words of document `id`.
    fn add(mut self, id: u32, doc: &SearchDoc<'_>) -> Self {
        let folded: Vec<(String, Field)> = doc.fields.iter().map(|(t, f)| (fold(t), *f)).collect();
        let mut counts: WordMap<&str, Count> = WordMap::default();
        let mut len = Count::default();
        for (text, field) in &folded {
            let title = u32::from(*field == Field::Title);
            for w in words(text) {
                let c = counts.entry(w).or_default();
                c.all += 1;
                c.title += title;
                len.all = len.all.saturating_add(1);
                len.title = len.title.saturating_add(title);
            }
        }
        let signature = (counts.len() <= SIGNATURE_WORDS)
            .then(|| counts.keys().fold(0u128, |s, w| s | signature_bits(w)));
        for (w, tf) in counts {
            match self.postings.get_mut(w) {
                Some(list) => list.push((id, tf)),
                None => {
                    self.postings.insert(w.into(), vec![(id, tf)]);
                }
            }
        }
        self.docs.push((id, DocInfo { len, signature }));
        self
    }

    /// Both gatherings in one.
    fn merge(mut self, other: Self) -> Self {
        let (mut big, small) = if self.postings.len() >= other.postings.len() {
            (std::mem::take(&mut self), other)
        } else {
            (other, self)
        };
        for (w, list) in small.postings {
            big.postings.entry(w).or_default().extend(list);
        }
        big.docs.extend(small.docs);
        big
    }
}

/// A word with its encoded entry, ready for a shard.
struct TermEntry {
    /// The word.
    term: Box<str>,
    /// `[word, df, idf, postings]` as JSON.
    json: String,
}

/// The files of the index of `docs` (document `i` of the index is `docs[i]`), cut to
/// `limits`.
pub(crate) fn index_files(docs: &[SearchDoc<'_>], limits: Limits) -> Vec<Page> {
    // Document numbers are u32 (a site has far fewer than 2^32 quotes, claims and notes).
    let gathered = docs
        .par_iter()
        .enumerate()
        .fold(Gathered::default, |g, (i, d)| g.add(i as u32, d))
        .reduce(Gathered::default, Gathered::merge);
    let mut info = vec![DocInfo::default(); docs.len()];
    for (id, doc) in &gathered.docs {
        info[*id as usize] = *doc;
    }
    let total: u64 = info.iter().map(|d| u64::from(d.len.all)).sum();
    let avglen = if docs.is_empty() {
        1.0
    } else {
        (total as f64 / docs.len() as f64).max(1.0)
    };
    let mut terms: Vec<(Box<str>, Postings)> = gathered.postings.into_iter().collect();
    terms.par_sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0));
    let entries: Vec<TermEntry> = terms
        .into_par_iter()
        .map(|(term, mut list)| {
            list.sort_unstable();
            let json = term_entry(&term, &list, &info, avglen, docs.len(), limits.max_postings);
            TermEntry { term, json }
        })
        .collect();

    let leaves = pack(&entries, limits.leaf_budget);
    let mut files = Vec::new();
    let mut keys = Vec::with_capacity(leaves.len());
    for (i, range) in leaves.iter().enumerate() {
        let key = if i == 0 {
            String::new()
        } else {
            separator(&entries[range.start - 1].term, &entries[range.start].term)
        };
        keys.push(key);
    }
    let shard_files: Vec<Page> = leaves
        .par_iter()
        .enumerate()
        .map(|(i, range)| {
            let mut json = String::with_capacity(limits.leaf_budget);
            json.push('[');
            for (k, e) in entries[range.clone()].iter().enumerate() {
                if k > 0 {
                    json.push(',');
                }
                json.push_str(&e.json);
            }
            json.push(']');
            Page::new(format!("search/terms/{i}.json"), json)
        })
        .collect();
    files.extend(shard_files);

    // The directory: levels of nodes over the shards until one level fits the manifest.
    let fanout = limits.fanout.max(2);
    let mut level_keys = keys;
    let mut depth = 1;
    while level_keys.len() > fanout {
        let mut up = Vec::with_capacity(level_keys.len().div_ceil(fanout));
        for (n, group) in level_keys.chunks(fanout).enumerate() {
            files.push(Page::new(
                format!("search/nodes/{depth}/{n}.json"),
                to_json(&group),
            ));
            up.push(group[0].clone());
        }
        level_keys = up;
        depth += 1;
    }

    let chunks: Vec<Page> = docs
        .par_chunks(limits.doc_chunk.max(1))
        .enumerate()
        .map(|(n, chunk)| {
            let rows: Vec<(&str, &str, &str, &str)> = chunk.iter().map(SearchDoc::row).collect();
            Page::new(format!("search/docs/{n}.json"), to_json(&rows))
        })
        .collect();
    files.extend(chunks);

    let manifest = Manifest {
        version: VERSION,
        docs: docs.len(),
        doc_chunk: limits.doc_chunk.max(1),
        terms: entries.len(),
        leaves: leaves.len(),
        fanout,
        depth,
        max_word: MAX_TOKEN_CHARS,
        keys: &level_keys,
    };
    files.push(Page::new("search/index.json", to_json(&manifest)));
    files
}

/// What `search/index.json` holds (see the module documentation).
#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    doc_chunk: usize,
    terms: usize,
    leaves: usize,
    fanout: usize,
    depth: usize,
    max_word: usize,
    keys: &'a [String],
}

/// JSON of plain data.
fn to_json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    // Strings, numbers and lists of them always serialize.
    serde_json::to_vec(value).unwrap_or_default()
}

/// Strings in UTF-16 code unit order, the order of JavaScript's `<`.
pub(crate) fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The shortest prefix of `next` that sorts after `prev` (`prev` < `next`).
fn separator(prev: &str, next: &str) -> String {
    for (end, _) in next.char_indices().skip(1) {
        if utf16_cmp(&next[..end], prev).is_gt() {
            return next[..end].to_string();
        }
    }
    next.to_string()
}

/// The shard entry of one word: `[word, df, idf×100, postings]`.
fn term_entry(
    term: &str,
    list: &[(u32, Count)],
    info: &[DocInfo],
    avglen: f64,
    n: usize,
    max_postings: usize,
) -> String {
    let df = list.len();
    let idf = (1.0 + (n as f64 - df as f64 + 0.5) / (df as f64 + 0.5)).ln();
    let idf100 = ((idf * 100.0).round() as u32).max(1);
    let mut weighted: Vec<(u32, u8)> = list
        .iter()
        .map(|&(doc, tf)| {
            let len = info.get(doc as usize).copied().unwrap_or_default().len;
            let q = quantise(tf.all, len.all, avglen);
            let title = if tf.title > 0 {
                quantise(tf.title, len.title, avglen)
            } else {
                0
            };
            (doc, q.max(title))
        })
        .collect();
    if weighted.len() > max_postings {
        // Highest weight first, then earliest document: the same cut on every build.
        weighted.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        weighted.truncate(max_postings);
        weighted.sort_unstable();
    }
    let postings = encode_postings(&weighted);
    let mut json = String::with_capacity(term.len() + postings.len() + 24);
    json.push('[');
    json.push_str(&String::from_utf8_lossy(&to_json(term)));
    json.push_str(&format!(",{df},{idf100},\""));
    json.push_str(&postings);
    json.push('"');
    let signatures: Vec<Option<u128>> = if df <= SIGNATURE_DF {
        weighted
            .iter()
            .map(|&(doc, _)| info.get(doc as usize).and_then(|d| d.signature))
            .collect()
    } else {
        Vec::new()
    };
    if signatures.iter().any(Option::is_some) {
        json.push_str(",[");
        for (i, s) in signatures.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push('"');
            if let Some(s) = s {
                json.push_str(&encode_signature(*s));
            }
            json.push('"');
        }
        json.push(']');
    }
    json.push(']');
    json
}

/// The two bits a word sets in a signature: FNV-1a over its UTF-16 code units, and a mix of
/// it (`gloss.js` computes the same).
pub(crate) fn signature_bits(word: &str) -> u128 {
    let mut h: u32 = 0x811c_9dc5;
    for unit in word.encode_utf16() {
        h ^= u32::from(unit);
        h = h.wrapping_mul(0x0100_0193);
    }
    let h2 = (h ^ (h >> 15)).wrapping_mul(0x2c1b_3c6d);
    (1u128 << (h % SIGNATURE_BITS)) | (1u128 << (h2 % SIGNATURE_BITS))
}

/// A signature as 22 characters of [`ALPHABET`], six bits each, lowest first.
pub(crate) fn encode_signature(s: u128) -> String {
    (0..SIGNATURE_BITS.div_ceil(6))
        .map(|i| char::from(ALPHABET[((s >> (i * 6)) & 63) as usize]))
        .collect()
}

/// The BM25 term frequency part of a word in a document, quantised to 1–63.
pub(crate) fn quantise(tf: u32, len: u32, avglen: f64) -> u8 {
    let tf = f64::from(tf);
    let norm = K1 * (1.0 - B + B * f64::from(len) / avglen);
    let part = tf * (K1 + 1.0) / (tf + norm);
    ((part / (K1 + 1.0) * MAX_Q).round()).clamp(1.0, MAX_Q) as u8
}

/// Postings as the script reads them (see the module documentation).
pub(crate) fn encode_postings(postings: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(postings.len() * 3);
    let mut prev: Option<u32> = None;
    for &(doc, q) in postings {
        let mut gap = match prev {
            None => doc,
            Some(p) => doc - p - 1,
        };
        prev = Some(doc);
        loop {
            let digit = gap & 31;
            gap >>= 5;
            let more = if gap > 0 { 32 } else { 0 };
            out.push(char::from(ALPHABET[(digit | more) as usize]));
            if gap == 0 {
                break;
            }
        }
        out.push(char::from(ALPHABET[usize::from(q & 63)]));
    }
    out
}

/// Splits the entries into shards: consecutive runs filled up to `budget` bytes.
fn pack(entries: &[TermEntry], budget: usize) -> Vec<std::ops::Range<usize>> {
    let mut leaves = Vec::new();
    let mut start = 0;
    let mut size = 2; // the brackets
    for (i, e) in entries.iter().enumerate() {
        let add = e.json.len() + 1;
        if i > start && size + add > budget {
            leaves.push(start..i);
            start = i;
            size = 2;
        }
        size += add;
    }
    if start < entries.len() {
        leaves.push(start..entries.len());
    }
    leaves
}

#[cfg(test)]
pub(crate) mod tests {
    //! A reader of the index files that ranks like `gloss.js`, so the ranking is tested here.
    use super::*;
    use crate::render::search::tokens::tokens;

    /// The files by path.
    pub(crate) fn by_path(files: &[Page]) -> HashMap<&str, serde_json::Value> {
        files
            .iter()
            .map(|p| (p.path.as_str(), serde_json::from_slice(&p.bytes).unwrap()))
            .collect()
    }

    fn decode(s: &str) -> Vec<(u32, u8)> {
        let val = |c: u8| ALPHABET.iter().position(|&a| a == c).unwrap() as u32;
        let bytes = s.as_bytes();
        let (mut i, mut out, mut prev): (usize, Vec<(u32, u8)>, Option<u32>) = (0, vec![], None);
        while i < bytes.len() {
            let (mut gap, mut shift) = (0u32, 0);
            loop {
                let c = val(bytes[i]);
                i += 1;
                gap |= (c & 31) << shift;
                shift += 5;
                if c & 32 == 0 {
                    break;
                }
            }
            let doc = match prev {
                None => gap,
                Some(p) => p + 1 + gap,
            };
            prev = Some(doc);
            out.push((doc, val(bytes[i]) as u8));
            i += 1;
        }
        out
    }

    /// The shard a word would be in, walking the directory from the manifest.
    fn shard_of(files: &HashMap<&str, serde_json::Value>, word: &str) -> Option<usize> {
        let m = &files["search/index.json"];
        let fanout = m["fanout"].as_u64().unwrap() as usize;
        let mut level = m["depth"].as_u64().unwrap() as usize;
        let mut keys: Vec<String> = serde_json::from_value(m["keys"].clone()).unwrap();
        let mut base = 0;
        loop {
            let i = keys.iter().rposition(|k| utf16_cmp(k, word).is_le())?;
            let child = base + i;
            if level == 1 {
                return Some(child);
            }
            level -= 1;
            keys = serde_json::from_value(
                files[&*format!("search/nodes/{level}/{child}.json")].clone(),
            )
            .unwrap();
            base = child * fanout;
        }
    }

    /// A word's df, idf, postings and their signatures (`""` for none).
    type Entry = (u64, f64, Vec<(u32, u8)>, Vec<String>);

    /// Word → its entry, from its shard.
    fn lookup(files: &HashMap<&str, serde_json::Value>, word: &str) -> Option<Entry> {
        let shard = shard_of(files, word)?;
        let entries = files[&*format!("search/terms/{shard}.json")].as_array()?;
        entries.iter().find(|e| e[0] == word).map(|e| {
            let postings = decode(e[3].as_str().unwrap());
            let sigs = match e.get(4) {
                Some(s) => serde_json::from_value(s.clone()).unwrap(),
                None => vec![String::new(); postings.len()],
            };
            assert_eq!(sigs.len(), postings.len());
            (
                e[1].as_u64().unwrap(),
                e[2].as_f64().unwrap(),
                postings,
                sigs,
            )
        })
    }

    /// Whether a signature (as the index writes it) has a word's bits.
    fn signature_has(sig: &str, word: &str) -> bool {
        let val = |c: u8| ALPHABET.iter().position(|&a| a == c).unwrap() as u128;
        let s = sig
            .bytes()
            .enumerate()
            .fold(0u128, |s, (i, c)| s | (val(c) << (i * 6)));
        let bits = signature_bits(word);
        s & bits == bits
    }

    /// The documents a query finds, best first, ranked as `gloss.js` ranks them (without
    /// the prefix matching of the last word).
    pub(crate) fn query(files: &[Page], q: &str) -> Vec<u32> {
        let files = by_path(files);
        let mut words = tokens(q);
        let mut seen = std::collections::HashSet::new();
        words.retain(|w| seen.insert(w.clone()));
        let groups: Vec<Option<Entry>> = words.iter().map(|w| lookup(&files, w)).collect();
        let mut best: Vec<HashMap<u32, f64>> = vec![HashMap::new(); groups.len()];
        let mut signed: HashMap<u32, (String, u8)> = HashMap::new();
        for (k, g) in groups.iter().enumerate() {
            let Some((_, idf, postings, sigs)) = g else {
                continue;
            };
            for (&(doc, q), sig) in postings.iter().zip(sigs) {
                best[k].insert(doc, idf * f64::from(q));
                if !sig.is_empty() {
                    signed.insert(doc, (sig.clone(), q));
                }
            }
        }
        for (doc, (sig, q)) in &signed {
            for (k, g) in groups.iter().enumerate() {
                let Some((df, idf, postings, _)) = g else {
                    continue;
                };
                let complete = *df as usize == postings.len();
                if !complete && !best[k].contains_key(doc) && signature_has(sig, &words[k]) {
                    best[k].insert(*doc, idf * f64::from(*q) * 0.9);
                }
            }
        }
        let mut scores: HashMap<u32, (u32, f64)> = HashMap::new();
        for b in &best {
            for (doc, w) in b {
                let s = scores.entry(*doc).or_default();
                s.0 += 1;
                s.1 += w;
            }
        }
        let mut hits: Vec<(u32, (u32, f64))> = scores.into_iter().collect();
        hits.sort_by(|a, b| {
            b.1.0
                .cmp(&a.1.0)
                .then(b.1.1.total_cmp(&a.1.1))
                .then(a.0.cmp(&b.0))
        });
        hits.into_iter().map(|h| h.0).collect()
    }

    fn doc(kind: DocKind, text: String) -> SearchDoc<'static> {
        SearchDoc {
            kind,
            title: "t".into(),
            url: "u/".into(),
            snippet: "s".into(),
            fields: vec![(Cow::Owned(text), Field::Body)],
        }
    }

    #[test]
    fn postings_round_trip() {
        let p = vec![(0, 1), (1, 63), (2, 5), (40, 7), (100_000, 2), (100_001, 9)];
        assert_eq!(decode(&encode_postings(&p)), p);
        assert_eq!(encode_postings(&[]), "");
    }

    #[test]
    fn separators_are_short_and_between() {
        assert_eq!(separator("apple", "banana"), "b");
        assert_eq!(separator("bank", "banks"), "banks");
        assert_eq!(separator("bank", "bar"), "bar");
        assert_eq!(separator("b", "bz"), "bz");
        assert_eq!(separator("éa", "éb"), "éb");
    }

    #[test]
    fn weights_favour_short_documents_and_saturate() {
        assert!(quantise(1, 10, 100.0) > quantise(1, 1000, 100.0));
        assert!(quantise(10, 100, 100.0) > quantise(1, 100, 100.0));
        assert!(quantise(1000, 1, 100.0) <= 63);
        assert!(quantise(1, 100_000, 1.0) >= 1);
    }

    /// A site-sized index like the benchmark corpus: long briefings over a small vocabulary,
    /// each holding three short quotes of its commonest words and a number, each number
    /// shared by about 15 quotes (and their briefings).
    fn corpus(briefings: usize) -> Vec<SearchDoc<'static>> {
        let vocab: Vec<String> = (0..400).map(|i| format!("w{i}")).collect();
        let mut state = 7u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let numbers = (briefings * 3 / 15).max(1);
        let mut docs = Vec::new();
        for b in 0..briefings {
            let quotes: Vec<String> = (0..3)
                .map(|q| {
                    // From the 80 commonest words: each in more short quotes than a cut
                    // list keeps.
                    let words: Vec<&str> = (0..14).map(|_| vocab[next() % 80].as_str()).collect();
                    format!("{} {}", words.join(" "), (b * 3 + q) % numbers)
                })
                .collect();
            let body: Vec<&str> = (0..300)
                .map(|_| vocab[next() % vocab.len()].as_str())
                .collect();
            docs.push(doc(
                DocKind::Briefing,
                format!("{} {}", body.join(" "), quotes.join(" ")),
            ));
            docs.extend(quotes.into_iter().map(|q| doc(DocKind::Quote, q)));
        }
        docs
    }

    #[test]
    fn a_quotes_words_find_that_quote_first() {
        let docs = corpus(3000);
        let files = index_files(&docs, Limits::SITE);
        // Every word but the number is in more short quotes than a cut list keeps: without
        // the signatures, the quote is found only through its number, behind thousands.
        for target in [4 * 1234 + 2, 4 * 2999 + 3, 1, 4 * 1500 + 1] {
            let text = &docs[target].fields[0].0;
            let hits = query(&files, text);
            let at = hits.iter().position(|&d| d == target as u32);
            assert_eq!(at, Some(0), "{text}: of {}", hits.len());
        }
    }

    #[test]
    fn no_shard_passes_the_budget_and_common_words_are_cut() {
        let docs = corpus(3000);
        let files = index_files(&docs, Limits::SITE);
        for f in &files {
            if f.path.starts_with("search/terms/") {
                let v: serde_json::Value = serde_json::from_slice(&f.bytes).unwrap();
                let one_word = v.as_array().unwrap().len() == 1;
                assert!(
                    f.bytes.len() <= LEAF_BUDGET || one_word,
                    "{} {}",
                    f.path,
                    f.bytes.len()
                );
                assert!(
                    f.bytes.len() <= MAX_POSTINGS * 6 + 64 || !one_word,
                    "{}",
                    f.path
                );
            }
        }
        let files = by_path(&files);
        let (df, _, postings, _) = lookup(&files, "w7").unwrap();
        assert!(df as usize > MAX_POSTINGS);
        assert_eq!(postings.len(), MAX_POSTINGS);
        let m = &files["search/index.json"];
        assert!(m["keys"].as_array().unwrap().len() <= FANOUT);
    }

    #[test]
    fn a_directory_grows_levels_not_files() {
        // Small shards and nodes, so a few thousand words need three levels.
        let limits = Limits {
            doc_chunk: 4,
            fanout: 8,
            leaf_budget: 200,
            max_postings: 50,
        };
        let docs: Vec<SearchDoc> = (0..3000)
            .map(|i| {
                doc(
                    DocKind::Note,
                    format!("unique{i} alpha{} beta{}", i % 977, i % 13),
                )
            })
            .collect();
        let files = index_files(&docs, limits);
        let m = by_path(&files)["search/index.json"].clone();
        assert!(m["leaves"].as_u64().unwrap() > 64, "{m}");
        assert!(m["depth"].as_u64().unwrap() >= 3, "{m}");
        assert!(m["keys"].as_array().unwrap().len() <= 8);
        for i in [0, 1, 999, 1234, 2999] {
            assert_eq!(query(&files, &format!("unique{i}"))[0], i);
        }
        for f in &files {
            if f.path.starts_with("search/nodes/") {
                let keys: Vec<String> = serde_json::from_slice(&f.bytes).unwrap();
                assert!(keys.len() <= 8, "{}", f.path);
            }
            if f.path.starts_with("search/docs/") {
                let docs: Vec<serde_json::Value> = serde_json::from_slice(&f.bytes).unwrap();
                assert!(docs.len() <= 4, "{}", f.path);
            }
        }
    }

    #[test]
    fn the_same_documents_give_the_same_bytes() {
        let docs = corpus(300);
        let a = index_files(&docs, Limits::SITE);
        let b = index_files(&docs, Limits::SITE);
        assert_eq!(a, b);
        let paths: Vec<&str> = a.iter().map(|p| p.path.as_str()).collect();
        let mut sorted = paths.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), paths.len());
    }

    #[test]
    fn an_empty_site_has_an_empty_index() {
        let files = index_files(&[], Limits::SITE);
        let m = &by_path(&files)["search/index.json"];
        assert_eq!(m["docs"], 0);
        assert_eq!(m["leaves"], 0);
        assert!(query(&files, "anything").is_empty());
    }
}
