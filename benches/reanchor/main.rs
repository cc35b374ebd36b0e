//! The re-anchoring benchmark (BENCHMARKS.md, "Re-anchoring through revisions"): real prose
//! nobody here wrote (the seed commentary and the READMEs of crates in the local cargo
//! registry), annotations on random spans of it, and seeded revisions of each kind. For each
//! revision it records where gloss's `check --fix` puts the annotation with the anchor lock
//! and without it, and writes every case to a JSON file that `hypothesis.js` then runs
//! Hypothesis's own anchoring library on, before printing the table of both.
//!
//! Run: `benches/reanchor/run.sh` (not a timed test, not in CI).

use std::ops::Range;
use std::path::{Path, PathBuf};

use gloss::lock::Anchored;
use gloss::markdown::{MarkdownOptions, PlainText};

/// A small deterministic random number generator (xorshift), so every run has the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const KINDS: &[&str] = &[
    "typo",
    "word replaced",
    "word inserted",
    "word deleted",
    "punctuation",
    "text added before",
    "paragraph moved",
    "words deleted",
    "near-duplicate added",
];

/// Prose paragraphs: plain sentences, no Markdown syntax, 150 to 900 characters.
fn corpus() -> Vec<String> {
    let mut files: Vec<PathBuf> = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/work/shared/seeds") {
        files.extend(dir.flatten().map(|e| e.path()));
    }
    let home = std::env::var("HOME").unwrap_or_default();
    let registry = Path::new(&home).join(".cargo/registry/src");
    if let Ok(indexes) = std::fs::read_dir(&registry) {
        for index in indexes.flatten() {
            if let Ok(crates) = std::fs::read_dir(index.path()) {
                for c in crates.flatten() {
                    files.push(c.path().join("README.md"));
                }
            }
        }
    }
    files.sort();
    let mut paras = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let seeds = f.extension().is_some_and(|e| e == "txt");
        let blocks: Vec<String> = if seeds {
            text.lines().map(str::to_string).collect()
        } else {
            text.split("\n\n")
                .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect()
        };
        for b in blocks {
            let b = b.trim().to_string();
            let prose = (150..=900).contains(&b.len())
                && !b.contains([
                    '*', '_', '`', '[', ']', '<', '>', '#', '|', '\\', '&', '!', '{', '}', '~', '=',
                ])
                && b.ends_with('.')
                && b.split(' ').count() >= 20
                && !b.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
            if prose {
                paras.push(b);
            }
        }
    }
    // Licence paragraphs repeat across READMEs: each paragraph once.
    // Near-identical ones too (the licence paragraph of each crate names the crate): one
    // paragraph that differs from another by a comma would leave no telling, for the
    // benchmark either, whether words were deleted from one or a comma from the other.
    let mut seen = std::collections::HashSet::new();
    paras.retain(|p| seen.insert(p.split(' ').take(6).collect::<Vec<_>>().join(" ")));
    paras
}

/// A case: the article before and after, the annotation, and where its words are now.
struct Case {
    kind: &'static str,
    before: String,
    after: String,
    span: Range<usize>,
    expected: Option<Range<usize>>,
}

type Span = (usize, usize, usize);

fn render(paras: &[Vec<String>], span: &Span) -> (String, Range<usize>) {
    let blocks: Vec<String> = paras.iter().map(|p| p.join(" ")).collect();
    let start: usize = blocks[..span.0].iter().map(|b| b.len() + 1).sum::<usize>()
        + paras[span.0][..span.1]
            .iter()
            .map(|w| w.len() + 1)
            .sum::<usize>();
    let len = paras[span.0][span.1..span.2].join(" ").len();
    (blocks.join("\n\n"), start..start + len)
}

/// Applies a revision of `kind`; `None` when it does not apply to this span. Returns whether
/// the span's words survive.
fn revise(
    kind: &str,
    paras: &mut Vec<Vec<String>>,
    span: &mut Span,
    rng: &mut Rng,
    other: &[String],
) -> Option<bool> {
    let (p, a, b) = *span;
    let n = b - a;
    match kind {
        "typo" => {
            let i = a + rng.below(n);
            let w: Vec<char> = paras[p][i].chars().collect();
            if w.len() < 4 || !w.iter().all(|c| c.is_alphabetic()) {
                return None;
            }
            let j = 1 + rng.below(w.len() - 3);
            let mut w = w;
            if w[j] == w[j + 1] {
                return None;
            }
            w.swap(j, j + 1);
            paras[p][i] = w.into_iter().collect();
        }
        "word replaced" => {
            if n < 2 {
                return None;
            }
            let i = a + rng.below(n);
            let new = other[rng.below(other.len())].clone();
            if new == paras[p][i] {
                return None;
            }
            paras[p][i] = new;
        }
        "word inserted" => {
            if n < 2 {
                return None;
            }
            let at = a + 1 + rng.below(n - 1);
            paras[p].insert(at, other[rng.below(other.len())].clone());
            span.2 += 1;
        }
        "word deleted" => {
            if n < 3 {
                return None;
            }
            let at = a + 1 + rng.below(n - 2);
            paras[p].remove(at);
            span.2 -= 1;
        }
        "punctuation" => {
            if n < 2 {
                return None;
            }
            let i = a + rng.below(n - 1);
            let w = &mut paras[p][i];
            if w.ends_with(',') {
                w.pop();
            } else if w.ends_with(|c: char| c.is_alphanumeric()) {
                w.push(',');
            } else {
                return None;
            }
        }
        "text added before" => {
            let words: Vec<String> = other.iter().take(30).cloned().collect();
            let at = rng.below(p + 1);
            paras.insert(at, words);
            span.0 += 1;
        }
        "paragraph moved" => {
            if paras.len() < 2 {
                return None;
            }
            let para = paras.remove(p);
            let mut to = rng.below(paras.len() + 1);
            if to == p {
                to = (p + 1) % (paras.len() + 1);
            }
            paras.insert(to, para);
            span.0 = to;
        }
        "words deleted" => {
            let from = a.saturating_sub(rng.below(4));
            let to = (b + rng.below(4)).min(paras[p].len());
            paras[p].drain(from..to);
            if paras[p].is_empty() {
                paras.remove(p);
            }
            return Some(false);
        }
        "near-duplicate added" => {
            if paras.len() < 2 {
                return None;
            }
            let mut q = rng.below(paras.len());
            if q == p {
                q = (p + 1) % paras.len();
            }
            let copy: Vec<String> = paras[p][a..b].to_vec();
            let at = rng.below(paras[q].len() + 1);
            for (k, w) in copy.into_iter().enumerate() {
                paras[q].insert(at + k, w);
            }
        }
        _ => return None,
    }
    Some(true)
}

fn main() {
    let paras = corpus();
    let vocabulary: Vec<String> = paras
        .iter()
        .flat_map(|p| p.split(' ').map(str::to_string))
        .filter(|w| w.chars().all(char::is_alphabetic) && w.len() > 2)
        .collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut cases = Vec::new();
    let articles = paras.chunks(5).filter(|c| c.len() == 5).take(40);
    for article in articles {
        let words: Vec<Vec<String>> = article
            .iter()
            .map(|p| p.split(' ').map(str::to_string).collect())
            .collect();
        for _ in 0..4 {
            let p = rng.below(words.len());
            let len = 1 + rng.below(12.min(words[p].len()));
            let a = rng.below(words[p].len() - len + 1);
            let span0: Span = (p, a, a + len);
            for kind in KINDS {
                let mut revised = words.clone();
                let mut span = span0;
                let other: Vec<String> = (0..30)
                    .map(|_| vocabulary[rng.below(vocabulary.len())].clone())
                    .collect();
                let Some(survives) = revise(kind, &mut revised, &mut span, &mut rng, &other) else {
                    continue;
                };
                let (before, range) = render(&words, &span0);
                let (after, expected) = if survives {
                    let (t, r) = render(&revised, &span);
                    (t, Some(r))
                } else {
                    let blocks: Vec<String> = revised.iter().map(|p| p.join(" ")).collect();
                    (blocks.join("\n\n"), None)
                };
                cases.push(Case {
                    kind,
                    before,
                    after,
                    span: range,
                    expected,
                });
            }
        }
    }
    let opts = MarkdownOptions {
        smart_punctuation: false,
        unsafe_html: false,
        link_root: None,
    };
    let mut out = String::from("[\n");
    let mut first = true;
    for c in &cases {
        let old = PlainText::new(&c.before, &opts);
        let new = PlainText::new(&c.after, &opts);
        // Blocks are joined by one newline in the reader's text.
        let (old_text, new_text) = (old.as_str().to_string(), new.as_str().to_string());
        if old_text != c.before.replace("\n\n", "\n") || new_text != c.after.replace("\n\n", "\n") {
            if std::env::var_os("REANCHOR_DEBUG").is_some() {
                let at = old_text
                    .bytes()
                    .zip(c.before.replace("\n\n", "\n").bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                eprintln!(
                    "skipped: {:?}",
                    &old_text[at.saturating_sub(20)..(at + 20).min(old_text.len())]
                );
            }
            continue;
        }
        let words = &old_text[c.span.clone()];
        // The sidecar would need `prefix` or `occurrence` for words that already repeat:
        // the benchmark annotates words that occur once.
        if old_text.matches(words).count() != 1 {
            continue;
        }
        let entry = Anchored::new(words, &old, c.span.clone());
        let with = gloss::resolve::refix(&c.after, &opts, words, Some(&entry));
        let without = gloss::resolve::refix(&c.after, &opts, words, None);
        let u16 = |t: &str, b: usize| t[..b].encode_utf16().count();
        let range = |t: &str, r: &Range<usize>| format!("[{},{}]", u16(t, r.start), u16(t, r.end));
        let result = |r: &Result<Range<usize>, String>| match r {
            Ok(r) => range(&new_text, r),
            Err(_) => "null".to_string(),
        };
        let prefix_start = old_text[..c.span.start]
            .char_indices()
            .rev()
            .nth(31)
            .map_or(0, |(i, _)| i);
        let suffix_end = old_text[c.span.end..]
            .char_indices()
            .nth(32)
            .map_or(old_text.len(), |(i, _)| c.span.end + i);
        if !first {
            out.push_str(",\n");
        }
        first = false;
        out.push_str(&format!(
            "{{\"kind\":{},\"text\":{},\"exact\":{},\"prefix\":{},\"suffix\":{},\"hint\":{},\"expected\":{},\"gloss_lock\":{},\"gloss_words\":{}}}",
            serde_json::to_string(c.kind).unwrap_or_default(),
            serde_json::to_string(&new_text).unwrap_or_default(),
            serde_json::to_string(words).unwrap_or_default(),
            serde_json::to_string(&old_text[prefix_start..c.span.start]).unwrap_or_default(),
            serde_json::to_string(&old_text[c.span.end..suffix_end]).unwrap_or_default(),
            u16(&old_text, c.span.start),
            c.expected.as_ref().map_or("null".to_string(), |r| range(&new_text, r)),
            result(&with),
            result(&without),
        ));
    }
    out.push_str("\n]\n");
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "reanchor-cases.json".into());
    std::fs::write(&path, out).unwrap_or_else(|e| panic!("{path}: {e}"));
    eprintln!(
        "{} paragraphs, {} cases written to {path}",
        paras.len(),
        cases.len()
    );
}
