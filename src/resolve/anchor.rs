//! Where an annotation's `text` finds its words (FORMAT.md, "Anchoring").
//!
//! Writers copy words from the article into a sidecar by hand, so a match must forgive what
//! a reader cannot see: runs of whitespace, curly versus straight quotes, the three dashes,
//! `…` versus `...`. [`AnchorIndex`] normalises the reader's text once per briefing,
//! remembering where each normalised byte came from, and then finds selectors in it: every
//! place, overlapping ones too, never across two blocks, narrowed by `prefix`, `suffix` and
//! `occurrence`. When the words are not there, [`AnchorIndex::nearest`] proposes the passage
//! that looks most like them, for the error message.

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;

use crate::markdown::PlainText;

/// What a sidecar says about where its words are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selector<'a> {
    /// The words (trimmed and normalised before matching).
    pub text: &'a str,
    /// Text just before the words.
    pub prefix: Option<&'a str>,
    /// Text just after the words.
    pub suffix: Option<&'a str>,
    /// Which of the places that remain (1-based, in document order).
    pub occurrence: Option<usize>,
}

/// The passage of the text most like some words.
#[derive(Debug, Clone, PartialEq)]
pub struct Nearest {
    /// Bytes of the reader's text.
    pub range: Range<usize>,
    /// How alike they are, from 0 (nothing alike) to 1 (the same after normalisation).
    pub similarity: f64,
}

/// Why a selector does not pick exactly one place. Ranges are bytes of the reader's text.
#[derive(Debug, Clone, PartialEq)]
pub enum AnchorError {
    /// The selector's text is empty or only whitespace.
    Empty,
    /// The words are nowhere (after `prefix` and `suffix`); `nearest` is the passage most
    /// like them, if the text has any words.
    NotFound {
        /// The passage most like the words.
        nearest: Option<Nearest>,
    },
    /// The words are in several places and nothing picks one; every place, in order.
    Ambiguous {
        /// Every place.
        places: Vec<Range<usize>>,
    },
    /// `occurrence` asks for a place beyond the last (or for place 0).
    NoSuchOccurrence {
        /// The occurrence asked for.
        requested: usize,
        /// Every place there is.
        places: Vec<Range<usize>>,
    },
}

impl fmt::Display for AnchorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnchorError::Empty => write!(f, "the text to anchor is empty"),
            AnchorError::NotFound { .. } => write!(f, "the words are not in the briefing"),
            AnchorError::Ambiguous { places } => {
                write!(
                    f,
                    "the words occur {} times; add prefix, suffix or occurrence",
                    places.len()
                )
            }
            AnchorError::NoSuchOccurrence { requested, places } => {
                write!(
                    f,
                    "occurrence {requested} asked for, but the words occur {} times",
                    places.len()
                )
            }
        }
    }
}

impl std::error::Error for AnchorError {}

/// A briefing's text, normalised once, to anchor any number of selectors in.
#[derive(Debug, Clone)]
pub struct AnchorIndex {
    /// The normalised text; blocks still separated by `'\n'`.
    norm: String,
    /// For each byte of `norm`, where in the reader's text the character (or whitespace
    /// run) it came from starts. Its end is where the next one starts (the bytes of one
    /// character repeat its start): four bytes per byte, where ranges took sixteen.
    origin: Vec<u32>,
    /// The length of the reader's text, the end of the last character.
    text_len: usize,
}

impl AnchorIndex {
    /// Normalises the text of `plain`.
    pub fn new(plain: &PlainText) -> Self {
        let (norm, origin) = normalize_mapped(plain.as_str());
        AnchorIndex {
            norm,
            origin,
            text_len: plain.as_str().len(),
        }
    }

    /// The one place `sel` picks, as bytes of the reader's text: from the first character
    /// of the match to right after its last.
    pub fn find(&self, sel: &Selector<'_>) -> Result<Range<usize>, AnchorError> {
        let needle = normalize(sel.text);
        if needle.is_empty() {
            return Err(AnchorError::Empty);
        }
        let prefix = sel.prefix.map(normalize).unwrap_or_default();
        let suffix = sel.suffix.map(normalize).unwrap_or_default();
        let places: Vec<Range<usize>> = self
            .matches(&needle)
            .into_iter()
            .filter(|m| self.has_prefix(m, &prefix) && self.has_suffix(m, &suffix))
            .map(|m| self.to_plain(&m))
            .collect();
        // Matches starting inside one expanded character (`…` read as `...`) are one place.
        let mut places = places;
        places.dedup();
        pick(places, sel.occurrence, || self.nearest(sel.text))
    }

    /// Every place of `needle` in the normalised text, overlapping ones included.
    fn matches(&self, needle: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        let mut from = 0;
        // memchr's SIMD substring search, built once per needle: `str::find` was a twentieth
        // of `gloss check`.
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let norm = self.norm.as_bytes();
        while let Some(at) = norm.get(from..).and_then(|rest| finder.find(rest)) {
            let start = from + at;
            let place = start..start + needle.len();
            if self.on_whole_chars(&place) {
                found.push(place);
            }
            let step = self
                .norm
                .get(start..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
            from = start + step;
        }
        found
    }

    /// Whether a range of `norm` begins and ends on whole characters of the reader's text:
    /// `..` does not match inside `…` (read as `...`), whose place could only be the whole `…`.
    fn on_whole_chars(&self, r: &Range<usize>) -> bool {
        let starts = r.start == 0 || self.origin.get(r.start - 1) != self.origin.get(r.start);
        let ends =
            r.end >= self.origin.len() || self.origin.get(r.end - 1) != self.origin.get(r.end);
        starts && ends
    }

    fn has_prefix(&self, m: &Range<usize>, prefix: &str) -> bool {
        let before = self.norm.get(..m.start).unwrap_or("");
        prefix.is_empty() || before.trim_end().ends_with(prefix)
    }

    fn has_suffix(&self, m: &Range<usize>, suffix: &str) -> bool {
        let after = self.norm.get(m.end..).unwrap_or("");
        suffix.is_empty() || after.trim_start().starts_with(suffix)
    }

    /// The normalised text: blocks separated by `'\n'`, as [`normalize`] spells characters.
    pub(crate) fn normalized(&self) -> &str {
        &self.norm
    }

    /// The bytes of the reader's text a non-empty range of `norm` came from.
    pub(crate) fn to_plain(&self, range: &Range<usize>) -> Range<usize> {
        let start = self.origin.get(range.start).map_or(0, |&s| s as usize);
        let end = range
            .end
            .checked_sub(1)
            .filter(|&last| last < self.origin.len())
            .map_or(start, |last| self.origin_end(last));
        start..end.max(start)
    }

    /// Where the character (or whitespace run) that byte `i` of `norm` came from ends in
    /// the reader's text: where the next one starts.
    fn origin_end(&self, i: usize) -> usize {
        let here = self.origin[i];
        self.origin[i + 1..]
            .iter()
            .find(|&&s| s != here)
            .map_or(self.text_len, |&s| s as usize)
    }

    /// The passage most like `text`: windows of about as many words, starting at words of
    /// one block. Windows are ranked by the words they share with `text` (cheap), and the
    /// best few are scored by normalised Levenshtein similarity.
    pub fn nearest(&self, text: &str) -> Option<Nearest> {
        self.nearest_two(text).into_iter().next()
    }

    /// The passage most like `text` (as [`AnchorIndex::nearest`]) and, when there is one,
    /// the best passage that does not overlap it: how `check --fix` tells a clear match from
    /// a guess between two alike sentences.
    pub fn nearest_two(&self, text: &str) -> Vec<Nearest> {
        let needle = normalize(text);
        if needle.is_empty() {
            return Vec::new();
        }
        let words = self.words();
        let wanted = needle.split(' ').count();
        let candidates = self.candidates(&words, &needle, wanted);
        let mut scored: Vec<(f64, Range<usize>)> = Vec::new();
        for start in candidates {
            for len in [wanted.saturating_sub(1), wanted, wanted + 1] {
                let Some(range) = window(&words, start, len) else {
                    continue;
                };
                let passage = self.norm.get(range.clone()).unwrap_or("");
                scored.push((strsim::normalized_levenshtein(&needle, passage), range));
            }
        }
        // Stable: among equals the first scored wins, as it always has.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut out: Vec<(f64, Range<usize>)> = Vec::new();
        for (similarity, range) in scored {
            let overlaps = out
                .iter()
                .any(|(_, r)| range.start < r.end && r.start < range.end);
            if !overlaps {
                out.push((similarity, range));
            }
            if out.len() == 2 {
                break;
            }
        }
        out.into_iter()
            .map(|(similarity, range)| Nearest {
                range: self.to_plain(&range),
                similarity,
            })
            .collect()
    }

    /// Words of the normalised text: (byte range, block number).
    fn words(&self) -> Vec<(Range<usize>, usize)> {
        let mut words = Vec::new();
        let mut offset = 0;
        for (block, line) in self.norm.split('\n').enumerate() {
            let mut at = offset;
            for word in line.split(' ') {
                if !word.is_empty() {
                    words.push((at..at + word.len(), block));
                }
                at += word.len() + 1;
            }
            offset += line.len() + 1;
        }
        words
    }

    /// The starting words of the few windows sharing most words with `needle`.
    fn candidates(
        &self,
        words: &[(Range<usize>, usize)],
        needle: &str,
        wanted: usize,
    ) -> Vec<usize> {
        const KEEP: usize = 8;
        let lower: HashSet<String> = needle.split(' ').map(str::to_lowercase).collect();
        let stems: HashSet<String> = lower.iter().map(|w| stem(w)).collect();
        let mut sums = Vec::with_capacity(words.len() + 1);
        sums.push(0usize);
        for (range, _) in words {
            let word = self.norm.get(range.clone()).unwrap_or("").to_lowercase();
            let score = if lower.contains(&word) {
                2
            } else {
                usize::from(stems.contains(&stem(&word)))
            };
            sums.push(sums.last().copied().unwrap_or(0) + score);
        }
        let mut ranked: Vec<(usize, usize)> = (0..words.len())
            .map(|start| {
                let end = window_end(words, start, wanted);
                // `sums` never decreases and `end >= start`: the difference is never negative.
                let (to, from) = (sums.get(end), sums.get(start));
                let score = to
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(from.copied().unwrap_or(0));
                (score, start)
            })
            .collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked
            .into_iter()
            .take(KEEP)
            .map(|(_, start)| start)
            .collect()
    }
}

/// The first few characters of a word, to match words that differ in their endings.
fn stem(word: &str) -> String {
    word.chars().take(4).collect()
}

/// The index after the last word of a window of `len` words from `start`, within its block.
fn window_end(words: &[(Range<usize>, usize)], start: usize, len: usize) -> usize {
    let Some((_, block)) = words.get(start) else {
        return start;
    };
    let mut end = start;
    while end < words.len() && end - start < len && words.get(end).is_some_and(|(_, b)| b == block)
    {
        end += 1;
    }
    end
}

/// The normalised bytes of a window of up to `len` words from `start` (None when empty).
fn window(words: &[(Range<usize>, usize)], start: usize, len: usize) -> Option<Range<usize>> {
    let end = window_end(words, start, len.max(1));
    let first = words.get(start)?;
    let last = words.get(end.checked_sub(1)?)?;
    Some(first.0.start..last.0.end)
}

/// The one place among `places`, by `occurrence` or by there being one.
fn pick(
    places: Vec<Range<usize>>,
    occurrence: Option<usize>,
    nearest: impl FnOnce() -> Option<Nearest>,
) -> Result<Range<usize>, AnchorError> {
    if places.is_empty() {
        return Err(AnchorError::NotFound { nearest: nearest() });
    }
    match occurrence {
        Some(requested) => match requested.checked_sub(1).and_then(|i| places.get(i)) {
            Some(place) => Ok(place.clone()),
            None => Err(AnchorError::NoSuchOccurrence { requested, places }),
        },
        None if places.len() == 1 => Ok(places.into_iter().next().unwrap_or_default()),
        None => Err(AnchorError::Ambiguous { places }),
    }
}

/// The spelling every variant of a character is matched as, if it has variants.
fn canonical(c: char) -> Option<&'static str> {
    match c {
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{ab}' | '\u{bb}' | '"'
        | '\u{2033}' => Some("\""),
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2039}' | '\u{203a}' | '\''
        | '\u{2032}' => Some("'"),
        '-' | '\u{2013}' | '\u{2014}' | '\u{2010}' | '\u{2011}' | '\u{2212}' => Some("-"),
        '\u{2026}' => Some("..."),
        _ => None,
    }
}

/// Whether `c` is one of the dashes, whose runs (`--`, `---`, `–`) all read as one `-`: what
/// smart punctuation writes for `--` and `---` matches its ASCII spelling both ways.
fn is_dash(c: char) -> bool {
    canonical(c) == Some("-")
}

/// `text` normalised (whitespace runs as one space, dash runs as one `-`, variants as their
/// canonical spelling) and trimmed: how selectors, prefixes, suffixes and actor names are
/// matched.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_dash = false;
    for c in text.chars() {
        let dash = is_dash(c);
        if dash && after_dash {
            continue;
        }
        after_dash = dash;
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else if let Some(s) = canonical(c) {
            out.push_str(s);
        } else {
            out.push(c);
        }
    }
    out.trim_matches(' ').to_string()
}

/// The reader's text normalised like [`normalize`], but keeping the `'\n'` between blocks
/// (so nothing matches across two) and, for each normalised byte, the bytes it came from.
pub(crate) fn normalize_mapped(text: &str) -> (String, Vec<u32>) {
    let mut norm = String::with_capacity(text.len());
    let mut origin: Vec<u32> = Vec::with_capacity(text.len());
    let mut after_dash = false;
    let mut at = 0;
    while at < text.len() {
        // Files are at most 16 MB (load refuses larger ones), so offsets fit in a u32.
        let here = at as u32;
        // A run of ASCII that normalising leaves as it is (no whitespace but `'\n'`, no
        // dash) is copied whole: most of a briefing's text.
        let run = text.as_bytes()[at..]
            .iter()
            .take_while(|&&b| keeps_ascii(b))
            .count();
        if run > 0 {
            norm.push_str(&text[at..at + run]);
            origin.extend(here..here + run as u32);
            after_dash = false;
            at += run;
            continue;
        }
        // `at` is a character boundary: runs end before a non-ASCII byte or at one that
        // is itself a character.
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        let dash = is_dash(c);
        if dash && after_dash {
            // The dash run goes on: like a whitespace run, it is one character.
            continue;
        }
        after_dash = dash;
        if c != '\n' && c.is_whitespace() {
            if norm.ends_with(' ') {
                // The run goes on: its end is where the next character starts.
                continue;
            }
            norm.push(' ');
            origin.push(here);
            continue;
        }
        let mut buf = [0u8; 4];
        let spelled = canonical(c).unwrap_or_else(|| c.encode_utf8(&mut buf));
        norm.push_str(spelled);
        origin.extend(std::iter::repeat_n(here, spelled.len()));
    }
    (norm, origin)
}

/// Whether normalising keeps the ASCII byte `b` as it is, whatever comes before it: not a
/// dash, not whitespace other than the `'\n'` between blocks, not a non-ASCII lead byte.
fn keeps_ascii(b: u8) -> bool {
    b.is_ascii() && !matches!(b, b'-' | b' ' | b'\t' | 0x0b | 0x0c | b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::MarkdownOptions;

    fn indexed(md: &str) -> (PlainText, AnchorIndex) {
        let plain = PlainText::new(md, &MarkdownOptions::default());
        let index = AnchorIndex::new(&plain);
        (plain, index)
    }

    fn text(text: &str) -> Selector<'_> {
        Selector {
            text,
            ..Selector::default()
        }
    }

    /// The anchored words, as the reader's text spells them.
    fn found<'p>(plain: &'p PlainText, index: &AnchorIndex, sel: &Selector<'_>) -> &'p str {
        let range = index.find(sel).expect("anchored");
        &plain.as_str()[range]
    }

    #[test]
    fn crosses_markup_but_not_blocks() {
        let (plain, index) = indexed("Declare *war on* [drug](http://x) `cartels`.\n\nNext para");
        assert_eq!(
            found(&plain, &index, &text("war on drug cartels")),
            "war on drug cartels"
        );
        assert!(matches!(
            index.find(&text("cartels. Next")),
            Err(AnchorError::NotFound { .. })
        ));
    }

    #[test]
    fn starts_and_ends_inside_words() {
        let (plain, index) = indexed("The cartels grew");
        assert_eq!(found(&plain, &index, &text("artels gr")), "artels gr");
    }

    #[test]
    fn curly_and_straight_quotes_and_dashes_match() {
        let (plain, index) =
            indexed("He said \u{201c}it\u{2019}s over\u{201d} \u{2014} twice\u{2026}");
        assert_eq!(
            found(&plain, &index, &text("\"it's over\" - twice...")),
            "\u{201c}it\u{2019}s over\u{201d} \u{2014} twice\u{2026}"
        );
        // Smart punctuation in the article, straight in the selector and the other way.
        let (plain, index) = indexed("She said \"no\" -- then left");
        assert_eq!(
            found(&plain, &index, &text("\u{201c}no\u{201d} \u{2014} then")),
            "\u{201c}no\u{201d} \u{2013} then"
        );
    }

    #[test]
    fn whitespace_runs_count_as_one_space() {
        let (plain, index) = indexed("one\ntwo   three");
        assert_eq!(
            found(&plain, &index, &text("  one  two\n three ")),
            "one two   three"
        );
    }

    #[test]
    fn case_counts() {
        let (_, index) = indexed("Rubio spoke");
        assert!(matches!(
            index.find(&text("rubio spoke")),
            Err(AnchorError::NotFound { .. })
        ));
    }

    #[test]
    fn span_inside_a_code_block_across_lines() {
        let (plain, index) = indexed("```\nlet a = 1;\n    let b = 2;\n```\n");
        assert_eq!(found(&plain, &index, &text("1; let b")), "1;     let b");
    }

    #[test]
    fn image_descriptions_do_not_match() {
        let (_, index) = indexed("See ![hidden words](x.png) here");
        assert!(matches!(
            index.find(&text("hidden")),
            Err(AnchorError::NotFound { .. })
        ));
    }

    #[test]
    fn ambiguous_lists_every_place_overlapping_too() {
        let (_, index) = indexed("aaa\n\naa");
        assert_eq!(
            index.find(&text("aa")),
            Err(AnchorError::Ambiguous {
                places: vec![0..2, 1..3, 4..6]
            })
        );
    }

    #[test]
    fn prefix_suffix_and_occurrence_pick_one() {
        let (plain, index) = indexed("the war began. A war ended. The war, again.");
        let war = |prefix, suffix, occurrence| Selector {
            text: "war",
            prefix,
            suffix,
            occurrence,
        };
        let at = |r: Range<usize>| plain.as_str()[..r.start].len();
        assert_eq!(at(index.find(&war(Some("A"), None, None)).unwrap()), 17);
        assert_eq!(at(index.find(&war(Some("A "), None, None)).unwrap()), 17);
        assert_eq!(
            at(index.find(&war(None, Some(", again"), None)).unwrap()),
            32
        );
        assert_eq!(at(index.find(&war(None, None, Some(1))).unwrap()), 4);
        assert_eq!(at(index.find(&war(Some("he"), None, Some(2))).unwrap()), 32);
        assert!(
            matches!(index.find(&war(Some("he"), None, None)), Err(AnchorError::Ambiguous { places }) if places.len() == 2)
        );
        assert!(matches!(
            index.find(&war(None, None, Some(4))),
            Err(AnchorError::NoSuchOccurrence { requested: 4, places }) if places.len() == 3
        ));
        assert!(matches!(
            index.find(&war(None, None, Some(0))),
            Err(AnchorError::NoSuchOccurrence { .. })
        ));
        assert!(matches!(
            index.find(&war(Some("zzz"), None, None)),
            Err(AnchorError::NotFound { .. })
        ));
    }

    #[test]
    fn prefix_may_end_the_previous_block() {
        let (plain, index) = indexed("# Intro\n\nIntro again");
        let sel = Selector {
            text: "Intro",
            prefix: Some("Intro"),
            ..Selector::default()
        };
        assert_eq!(index.find(&sel), Ok(6..11));
        assert_eq!(&plain.as_str()[6..11], "Intro");
    }

    #[test]
    fn matches_begin_and_end_on_whole_characters() {
        // Smart punctuation makes the last "..." one `…`; the code block keeps three dots.
        let (plain, index) = indexed("```zzz\n...\n```\n\nand so...");
        let places = match index.find(&text("...")) {
            Err(AnchorError::Ambiguous { places }) => places,
            other => panic!("{other:?}"),
        };
        assert_eq!(places.len(), 2, "the dots of the code and the `…`");
        // Two dots lie inside the code's three, never inside the one `…`.
        assert!(matches!(
            index.find(&text("..")),
            Err(AnchorError::Ambiguous { places }) if places.len() == 2
                && places.iter().all(|p| &plain.as_str()[p.clone()] == "..")
        ));
    }

    #[test]
    fn empty_selectors_are_refused() {
        let (_, index) = indexed("text");
        assert_eq!(index.find(&text("")), Err(AnchorError::Empty));
        assert_eq!(index.find(&text(" \n\t")), Err(AnchorError::Empty));
        let (_, empty) = indexed("");
        assert!(matches!(
            empty.find(&text("x")),
            Err(AnchorError::NotFound { nearest: None })
        ));
    }

    #[test]
    fn multibyte_selectors_and_text() {
        let (plain, index) = indexed("Peña Nieto — «sí» ünd 日本語");
        assert_eq!(found(&plain, &index, &text("Nieto - «sí")), "Nieto — «sí");
        assert_eq!(found(&plain, &index, &text("本")), "本");
        let sel = Selector {
            text: "ü",
            prefix: Some("»"),
            suffix: Some("n"),
            occurrence: Some(1),
        };
        assert_eq!(found(&plain, &index, &sel), "ü");
    }

    #[test]
    fn nearest_proposes_the_most_alike_passage() {
        let md = "Intro words here.\n\nThe president plans to declare war on drug-related terrorist \
                  organizations, he said.\n\nOther text about budgets.";
        let (plain, index) = indexed(md);
        let Err(AnchorError::NotFound {
            nearest: Some(nearest),
        }) = index.find(&text(
            "The President plans to declare a war on drug related terror organisations",
        ))
        else {
            panic!("expected a nearest passage");
        };
        let passage = &plain.as_str()[nearest.range.clone()];
        assert!(passage.starts_with("The president plans"), "{passage}");
        assert!(
            nearest.similarity > 0.8 && nearest.similarity <= 1.0,
            "{}",
            nearest.similarity
        );
        assert_eq!(index.nearest("   "), None);
    }

    #[test]
    fn nearest_two_gives_a_runner_up_that_does_not_overlap() {
        let (plain, index) = indexed(
            "The meeting lasted three hours today.\n\nThe meeting lasted four hours today.",
        );
        let two = index.nearest_two("The meeting lasted two hours");
        assert_eq!(two.len(), 2);
        let (a, b) = (&two[0], &two[1]);
        assert!(a.range.end <= b.range.start || b.range.end <= a.range.start);
        assert!(plain.as_str()[a.range.clone()].starts_with("The meeting lasted"));
        assert!(plain.as_str()[b.range.clone()].starts_with("The meeting lasted"));
        assert!(a.similarity - b.similarity < 0.1, "{a:?} {b:?}");
        assert_eq!(
            index.nearest("The meeting lasted two hours"),
            Some(a.clone())
        );
    }

    #[test]
    fn nearest_is_fast_enough() {
        let para = "The minister said the budget would grow by a tenth next year, and that the \
                    army would receive most of it, while critics disagreed loudly. ";
        let md: String = (0..70).map(|i| format!("{para}{i}\n\n")).collect();
        let (_, index) = indexed(&md);
        let needle: String = para
            .repeat(2)
            .chars()
            .take(200)
            .collect::<String>()
            .replace('e', "a");
        let started = std::time::Instant::now();
        assert!(index.nearest(&needle).is_some());
        // Generous for unoptimised test builds; optimised builds are far faster.
        assert!(
            started.elapsed().as_millis() < 500,
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn normalize_is_what_the_format_says() {
        assert_eq!(
            normalize("  a\u{a0}\t b \u{201c}c\u{2019}\u{2014}\u{2026} "),
            "a b \"c'-..."
        );
    }

    #[test]
    fn unicode_spaces_and_every_quote_class_match() {
        let (plain, index) = indexed(
            "Il a dit \u{ab}\u{a0}non\u{a0}\u{bb}, puis \u{2039}oui\u{203a} et \u{201e}ja\u{201f} \u{201a}so\u{201b}\u{2009}fort.",
        );
        assert_eq!(
            found(
                &plain,
                &index,
                &text("\" non \", puis 'oui' et \"ja\" 'so' fort")
            ),
            "\u{ab}\u{a0}non\u{a0}\u{bb}, puis \u{2039}oui\u{203a} et \u{201e}ja\u{201f} \u{201a}so\u{201b}\u{2009}fort"
        );
    }

    #[test]
    fn smart_punctuation_matches_its_ascii_spelling_both_ways() {
        for smart in [true, false] {
            let opts = MarkdownOptions {
                smart_punctuation: smart,
                ..MarkdownOptions::default()
            };
            let plain = PlainText::new("Wait... 1990--1995, and then --- nothing.", &opts);
            let index = AnchorIndex::new(&plain);
            for sel in [
                "Wait\u{2026} 1990\u{2013}1995, and then \u{2014} nothing",
                "Wait... 1990--1995, and then --- nothing",
                "Wait... 1990-1995, and then - nothing",
            ] {
                assert!(index.find(&text(sel)).is_ok(), "{sel} (smart: {smart})");
            }
        }
        let (plain, index) = indexed("From 1990\u{2013}1995 \u{2014} and on\u{2026}");
        assert_eq!(
            found(&plain, &index, &text("1990--1995 --- and on...")),
            "1990\u{2013}1995 \u{2014} and on\u{2026}"
        );
    }

    #[test]
    fn occurrences_overlap_and_count_over_the_body_only() {
        let (plain, index) = indexed("na na na na");
        let sel = text("na na");
        assert!(
            matches!(index.find(&sel), Err(AnchorError::Ambiguous { ref places }) if places.len() == 3)
        );
        let second = index.find(&Selector {
            occurrence: Some(2),
            ..sel
        });
        assert_eq!(&plain.as_str()[second.unwrap()], "na na");
        // Front matter is not part of the text a briefing's anchors are found in.
        let (_, index) = indexed("Only once here.");
        assert!(index.find(&text("once")).is_ok());
    }

    #[test]
    fn table_cells_and_footnote_definitions_are_blocks_of_their_own() {
        let md = "| left | right |\n|---|---|\n| one | two |\n\nSee this[^1] claim.\n\n[^1]: The note itself.\n";
        let (plain, index) = indexed(md);
        assert_eq!(found(&plain, &index, &text("one")), "one");
        assert!(matches!(
            index.find(&text("one two")),
            Err(AnchorError::NotFound { .. })
        ));
        assert!(matches!(
            index.find(&text("claim. The note")),
            Err(AnchorError::NotFound { .. })
        ));
        assert_eq!(
            found(&plain, &index, &text("The note itself.")),
            "The note itself."
        );
        // A span crosses the footnote reference, whose number is not part of the text.
        assert_eq!(
            found(&plain, &index, &text("this claim")).replace(' ', ""),
            "thisclaim"
        );
    }
}

#[cfg(test)]
mod props {
    use proptest::prelude::*;
    use proptest::sample::Index;

    use super::*;
    use crate::markdown::MarkdownOptions;
    use crate::markdown::testgen::{block_range, markdown};

    /// `range` widened to whole runs of dashes at its ends.
    fn dash_runs_whole(text: &str, range: Range<usize>) -> Range<usize> {
        let (mut start, mut end) = (range.start, range.end);
        let dash_before = |at: usize| text[..at].chars().next_back().is_some_and(is_dash);
        let dash_at = |at: usize| text[at..].chars().next().is_some_and(is_dash);
        while start > 0 && dash_at(start) && dash_before(start) {
            start -= text[..start].chars().next_back().map_or(1, char::len_utf8);
        }
        while end < text.len() && dash_at(end) && dash_before(end) {
            end += text[end..].chars().next().map_or(1, char::len_utf8);
        }
        start..end
    }

    /// `range` without the whitespace at its ends.
    fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
        let slice = &text[range.clone()];
        let start = range.start + (slice.len() - slice.trim_start().len());
        start..start + slice.trim().len()
    }

    /// [`normalize_mapped`] one character at a time, as it was before its ASCII runs: the
    /// reference the fast path must equal.
    fn normalize_mapped_by_char(text: &str) -> (String, Vec<u32>) {
        let (mut norm, mut origin, mut after_dash) = (String::new(), Vec::new(), false);
        for (at, c) in text.char_indices() {
            let dash = is_dash(c);
            if dash && after_dash {
                continue;
            }
            after_dash = dash;
            if c != '\n' && c.is_whitespace() {
                if !norm.ends_with(' ') {
                    norm.push(' ');
                    origin.push(at as u32);
                }
                continue;
            }
            let mut buf = [0u8; 4];
            let spelled = canonical(c).unwrap_or_else(|| c.encode_utf8(&mut buf));
            norm.push_str(spelled);
            origin.extend(std::iter::repeat_n(at as u32, spelled.len()));
        }
        (norm, origin)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn ascii_runs_normalise_as_characters_do(
            text in "([a-z \t\n\r\x0b\x0c.'\"-]|\u{2013}|\u{2014}|\u{a0}|\u{2026}|\u{201c}|é|日){0,40}",
        ) {
            prop_assert_eq!(normalize_mapped(&text), normalize_mapped_by_char(&text));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_stretch_of_a_block_anchors_back_to_itself(
            md in markdown(),
            smart in any::<bool>(),
            (block, a, b) in any::<(Index, Index, Index)>(),
        ) {
            let opts = MarkdownOptions { smart_punctuation: smart, unsafe_html: false, link_root: None };
            let plain = PlainText::new(&md, &opts);
            let index = AnchorIndex::new(&plain);
            let range = trimmed(plain.as_str(), block_range(&plain, block, a, b));
            let words = &plain.as_str()[range.clone()];
            let sel = Selector { text: words, ..Selector::default() };
            if words.is_empty() {
                prop_assert_eq!(index.find(&sel), Err(AnchorError::Empty));
                return Ok(());
            }
            let places = match index.find(&sel) {
                Ok(place) => vec![place],
                Err(AnchorError::Ambiguous { places }) => places,
                other => return Err(TestCaseError::fail(format!("{other:?} for {words:?}"))),
            };
            // A stretch that starts or ends inside a run of dashes (`--`, read as one dash)
            // is found as the whole run.
            let range = dash_runs_whole(plain.as_str(), range);
            let Some(at) = places.iter().position(|p| *p == range) else {
                return Err(TestCaseError::fail(format!("{range:?} not among {places:?}")));
            };
            let picked = index.find(&Selector { occurrence: Some(at + 1), ..sel });
            prop_assert_eq!(picked, Ok(range.clone()));
            for place in &places {
                prop_assert_eq!(normalize(&plain.as_str()[place.clone()]), normalize(words));
                prop_assert_eq!(plain.block_of(place.start), plain.block_of(place.end - 1));
            }
        }

        #[test]
        fn normalisation_treats_variants_as_their_plain_spelling(
            words in proptest::collection::vec("[a-z]{1,6}", 1..6),
            seps in proptest::collection::vec(prop_oneof![
                Just(" "), Just("\u{a0}"), Just("\u{2009}"), Just("\u{202f}"), Just("\t"), Just("  "),
            ], 6),
            quotes in proptest::collection::vec(prop_oneof![
                Just(('"', "\u{ab}")), Just(('"', "\u{bb}")), Just(('"', "\u{201e}")),
                Just(('"', "\u{201f}")), Just(('"', "\u{201c}")), Just(('\'', "\u{2039}")),
                Just(('\'', "\u{203a}")), Just(('\'', "\u{201a}")), Just(('\'', "\u{201b}")),
                Just(('\'', "\u{2019}")),
            ], 6),
            dashes in proptest::collection::vec(prop_oneof![
                Just(("-", "\u{2013}")), Just(("--", "\u{2013}")), Just(("---", "\u{2014}")),
                Just(("-", "\u{2014}")), Just(("...", "\u{2026}")),
            ], 6),
        ) {
            // The same words, once spelled in ASCII and once with the variants.
            let mut ascii = String::new();
            let mut fancy = String::new();
            for (i, w) in words.iter().enumerate() {
                let (q, fq) = quotes[i];
                let (d, fd) = dashes[i];
                ascii.push_str(&format!("{q}{w}{q}{d}{w} "));
                fancy.push_str(&format!("{fq}{w}{fq}{fd}{w}{}", seps[i]));
            }
            prop_assert_eq!(normalize(&ascii), normalize(&fancy));
            let plain = PlainText::new(&fancy, &MarkdownOptions { smart_punctuation: false, unsafe_html: false, link_root: None });
            let index = AnchorIndex::new(&plain);
            let found = index.find(&Selector { text: &ascii, occurrence: Some(1), ..Selector::default() });
            prop_assert!(found.is_ok(), "{:?} in {:?}: {:?}", ascii, fancy, found);
        }

        #[test]
        fn arbitrary_selectors_never_panic(
            md in "\\PC{0,120}",
            text in "\\PC{0,12}",
            prefix in proptest::option::of("\\PC{0,4}"),
            suffix in proptest::option::of("\\PC{0,4}"),
            occurrence in proptest::option::of(0usize..4),
        ) {
            let plain = PlainText::new(&md, &MarkdownOptions { smart_punctuation: true, unsafe_html: false, link_root: None });
            let index = AnchorIndex::new(&plain);
            let sel = Selector { text: &text, prefix: prefix.as_deref(), suffix: suffix.as_deref(), occurrence };
            if let Ok(range) = index.find(&sel) {
                prop_assert!(plain.as_str().get(range).is_some());
            }
            if let Some(nearest) = index.nearest(&text) {
                prop_assert!(plain.as_str().get(nearest.range).is_some());
                prop_assert!((0.0..=1.0).contains(&nearest.similarity));
            }
        }
    }
}
