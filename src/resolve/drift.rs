//! When an article is edited, the words a sidecar anchors may drift ("said" becomes
//! "stated"). This module decides when the nearest passage is so clearly the one meant that
//! `gloss check --fix` may rewrite the sidecar's `text` to it without asking.
//!
//! The rule: the nearest passage is at least [`MIN_SIMILARITY`] alike, every other passage
//! that does not overlap it is at least [`MIN_MARGIN`] less alike, and the passage's words,
//! put in place of `text` (with the same `prefix`, `suffix` and `occurrence`), anchor exactly
//! once. Anything less is a guess, left to the writer.

use std::ops::Range;

use crate::load::AnchorSource;
use crate::markdown::PlainText;

use super::anchor::{AnchorIndex, Nearest, Selector, normalize};
use super::follow::Placed;

/// How alike (normalised Levenshtein, 0 to 1) the nearest passage must be.
pub(crate) const MIN_SIMILARITY: f64 = 0.8;
/// How much less alike the runner-up must be.
pub(crate) const MIN_MARGIN: f64 = 0.1;

/// Whether the drifted words have one clear new place, and if so what to write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Drift {
    /// Rewrite the selector so.
    Clear(Rewrite),
    /// No safe rewrite, and why (for the diagnostic).
    Unclear(String),
    /// The lock shows the words were removed from the article: nothing to follow.
    Gone,
    /// The words are in several places that the lock cannot tell apart (every one, in order).
    Tie(Vec<Range<usize>>),
}

/// What `--fix` writes for an anchor that moved: its new `text`, and the `prefix` or
/// `occurrence` to add when the words now occur more than once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rewrite {
    /// The new `text`.
    pub(crate) text: String,
    /// A `prefix` to add.
    pub(crate) prefix: Option<String>,
    /// An `occurrence` to add.
    pub(crate) occurrence: Option<usize>,
}

impl Rewrite {
    /// A rewrite of `text` alone.
    pub(crate) fn text(text: String) -> Self {
        Rewrite {
            text,
            prefix: None,
            occurrence: None,
        }
    }
}

/// Decides what `--fix` may do with an anchor that no longer picks one place, with what
/// the anchor lock remembers of it when it has an entry (see `follow`), and from its words
/// alone ([`drift`]) when the lock has none. With an entry the lock decides: a place whose
/// surroundings it contradicts is never taken, however alike its words.
pub(crate) fn decide(
    index: &AnchorIndex,
    plain: &PlainText,
    a: &AnchorSource,
    locked: Option<&crate::lock::Anchored>,
    not_found: bool,
) -> Drift {
    let Some(locked) = locked else {
        return if not_found {
            drift(index, plain, a)
        } else {
            Drift::Unclear("the anchor lock has no entry for it".into())
        };
    };
    match super::follow::follow(index, plain, locked) {
        Placed::At(place) => match super::follow::rewrite_for(index, plain, &place, a) {
            Ok(rewrite) => Drift::Clear(rewrite),
            Err(why) => Drift::Unclear(why),
        },
        Placed::Gone => Drift::Gone,
        Placed::Tie(places) => Drift::Tie(places),
        Placed::Unclear(why) => Drift::Unclear(why),
    }
}

/// Decides what `--fix` may do with an anchor that no longer matches, from its words alone.
pub(crate) fn drift(index: &AnchorIndex, plain: &PlainText, a: &AnchorSource) -> Drift {
    let two = index.nearest_two(&a.text.value);
    let Some(best) = two.first() else {
        return Drift::Unclear("the briefing has no passage like it".into());
    };
    if best.similarity < MIN_SIMILARITY {
        return Drift::Unclear(format!(
            "the nearest passage is only {:.0}% alike ({:.0}% needed)",
            (best.similarity * 100.0).floor(),
            MIN_SIMILARITY * 100.0
        ));
    }
    if let Some(second) = two.get(1)
        && best.similarity - second.similarity < MIN_MARGIN
    {
        return Drift::Unclear(format!(
            "another passage is almost as alike ({:.0}% and {:.0}%)",
            (best.similarity * 100.0).floor(),
            (second.similarity * 100.0).floor()
        ));
    }
    let words = passage_words(plain, best, &a.text.value);
    if normalize(&words).is_empty() || normalize(&words) == normalize(&a.text.value) {
        return Drift::Unclear("the nearest passage reads the same".into());
    }
    let sel = Selector {
        text: &words,
        prefix: a.prefix.as_ref().map(|p| p.value.as_str()),
        suffix: a.suffix.as_ref().map(|s| s.value.as_str()),
        occurrence: a.occurrence.as_ref().map(|o| o.value as usize),
    };
    match index.find(&sel) {
        Ok(_) => Drift::Clear(Rewrite::text(words)),
        Err(_) => Drift::Unclear("the nearest passage would not anchor in one place".into()),
    }
}

/// The passage as the reader sees it, without the punctuation around it that the old words
/// did not have (a window of words takes the quote marks and full stop stuck to them).
pub(crate) fn passage_words(plain: &PlainText, n: &Nearest, old: &str) -> String {
    let passage = plain.as_str().get(n.range.clone()).unwrap_or("");
    let old = old.trim();
    let keep_start = old.chars().next().is_some_and(|c| !c.is_alphanumeric());
    let keep_end = old.chars().last().is_some_and(|c| !c.is_alphanumeric());
    let mut words = passage.trim();
    if !keep_start {
        words = words.trim_start_matches(|c: char| !c.is_alphanumeric());
    }
    if !keep_end {
        words = words.trim_end_matches(|c: char| !c.is_alphanumeric());
    }
    words.to_string()
}

/// The words that differ between what a sidecar says and the passage it probably means,
/// in reading order: "“thing” → “things”, “now” is gone, “still” is new". Words are
/// compared after normalisation (quotes, dashes, spaces), over their longest common run.
pub(crate) fn word_changes(old: &str, new: &str) -> Vec<String> {
    let a: Vec<String> = normalize(old).split(' ').map(str::to_string).collect();
    let b: Vec<String> = normalize(new).split(' ').map(str::to_string).collect();
    // Longest common subsequence of words; sidecar texts are a sentence or two long.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut changes = Vec::new();
    let (mut gone, mut new_words): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let flush = |gone: &mut Vec<&str>, new_words: &mut Vec<&str>, changes: &mut Vec<String>| {
        match (gone.is_empty(), new_words.is_empty()) {
            (false, false) => {
                changes.push(format!("“{}” → “{}”", gone.join(" "), new_words.join(" ")))
            }
            (false, true) => changes.push(format!("“{}” is not in the passage", gone.join(" "))),
            (true, false) => changes.push(format!("the passage adds “{}”", new_words.join(" "))),
            (true, true) => {}
        }
        gone.clear();
        new_words.clear();
    };
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            flush(&mut gone, &mut new_words, &mut changes);
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            new_words.push(&b[j]);
            j += 1;
        } else {
            gone.push(&a[i]);
            i += 1;
        }
    }
    flush(&mut gone, &mut new_words, &mut changes);
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Location;
    use crate::load::Located;
    use crate::markdown::MarkdownOptions;

    fn drift_in(md: &str, text: &str) -> Drift {
        let plain = PlainText::new(
            md,
            &MarkdownOptions {
                smart_punctuation: true,
                unsafe_html: false,
                link_root: None,
            },
        );
        let index = AnchorIndex::new(&plain);
        let a = AnchorSource {
            text: Located::new(text.to_string(), Location::file("a.yaml")),
            prefix: None,
            suffix: None,
            occurrence: None,
        };
        drift(&index, &plain, &a)
    }

    #[test]
    fn word_changes_name_what_differs() {
        assert_eq!(
            word_changes(
                "might act upon other thing besides numbers",
                "might act upon other things besides number"
            ),
            ["“thing” → “things”", "“numbers” → “number”"]
        );
        assert_eq!(
            word_changes("the big red dog", "the dog"),
            ["“big red” is not in the passage"]
        );
        assert_eq!(
            word_changes("the dog", "the old dog"),
            ["the passage adds “old”"]
        );
        assert!(word_changes("same words", "same  words").is_empty());
    }

    #[test]
    fn a_clear_drift_is_rewritten_without_the_quotes_around_it() {
        assert_eq!(
            drift_in(
                "He said they would \"work together against the drug cartels\". Then he left.",
                "work together against the cartels"
            ),
            Drift::Clear(Rewrite::text(
                "work together against the drug cartels".into()
            ))
        );
    }

    #[test]
    fn two_alike_passages_are_a_guess() {
        let d = drift_in(
            "The meeting lasted three hours.\n\nThe meeting lasted four hours.",
            "The meeting lasted two hours",
        );
        assert!(
            matches!(d, Drift::Unclear(ref why) if why.contains("almost as alike")),
            "{d:?}"
        );
    }

    #[test]
    fn a_distant_passage_is_a_guess() {
        let d = drift_in(
            "Nothing like it here at all.",
            "work together against the cartels",
        );
        assert!(matches!(d, Drift::Unclear(_)), "{d:?}");
    }
}
