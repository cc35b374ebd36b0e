//! Following an annotation's words through a revision of the article with what the anchor
//! lock remembers of their place (docs/anchor-lock.md): the words, the context either side
//! and the position.
//!
//! The rule, in order; anything less is refused, never guessed:
//! 1. The words as they were are still in the article: the place whose context is most like
//!    the remembered one, when its context is alike enough ([`MIN_CONTEXT`]) and every other
//!    place's is clearly less alike ([`CONTEXT_MARGIN`]); a place the lock cannot tell from
//!    another is a tie. Long words that occur once need no context (a moved paragraph).
//! 2. The words changed: the remembered context, found again in one block with text between
//!    its two sides, bounds the new words exactly, when they are still somewhat alike
//!    ([`MIN_BOUNDED`]; [`MIN_SIMILARITY`] when only part of the context is found) and the context bounds no other words alike (two near-identical
//!    paragraphs are a tie, however much more alike one of them reads); when the two sides
//!    now meet with nothing like the words between, the words were removed.
//! 3. Otherwise the nearest passage, when it is at least [`MIN_SIMILARITY`] alike, sits in
//!    the remembered context ([`MIN_CONTEXT`]), and its runner-up is clearly less alike, by
//!    its words or by its context.
//!
//! Positions order the candidates a tie lists; the lock never picks a place by its position
//! alone, since text added before moves every position.

use std::ops::Range;

use crate::lock::{Anchored, CONTEXT};
use crate::markdown::PlainText;

use super::anchor::{AnchorError, AnchorIndex, Selector, normalize};
use super::drift::{MIN_MARGIN, MIN_SIMILARITY, passage_words};

/// How alike (0 to 1) the context either side must be, on average, to pick a place.
pub(crate) const MIN_CONTEXT: f64 = 0.5;
/// How much less alike the context of every other place must be.
pub(crate) const CONTEXT_MARGIN: f64 = 0.15;
/// How alike the words between the remembered context must be to the remembered words.
pub(crate) const MIN_BOUNDED: f64 = 0.3;
/// Below this, the nearest passage is not the words changed but other words.
const GONE_BELOW: f64 = 0.65;
/// Normalised words this long that occur once are their place, whatever surrounds them.
const LONG_WORDS: usize = 24;
/// Fewer characters of context agreeing beside the words agree by chance.
const MIN_AGREEMENT: usize = 6;

/// Where the lock says the words are now.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Placed {
    /// Here (bytes of the reader's text).
    At(Range<usize>),
    /// Removed from the article.
    Gone,
    /// In one of these places, which the lock cannot tell apart.
    Tie(Vec<Range<usize>>),
    /// Nowhere clear, and why.
    Unclear(String),
}

/// Where the words remembered in `locked` are in the article indexed by `index`.
pub(crate) fn follow(index: &AnchorIndex, plain: &PlainText, locked: &Anchored) -> Placed {
    let mut exact: Vec<(f64, (f64, f64), Range<usize>)> = places_of(index, &locked.words)
        .into_iter()
        .map(|r| {
            let sides = context_sides(plain, &r, locked);
            ((sides.0 + sides.1) / 2.0, sides, r)
        })
        .collect();
    exact.sort_by(|a, b| {
        let distance = |r: &Range<usize>| r.start.abs_diff(locked.at);
        b.0.total_cmp(&a.0)
            .then(distance(&a.2).cmp(&distance(&b.2)))
    });
    if let Some((best, sides, place)) = exact.first() {
        let long = normalize(&locked.words).chars().count() >= LONG_WORDS;
        // Clearly better than every other place, and no worse on either side.
        let beaten = |(score, other, _): &(f64, (f64, f64), Range<usize>)| {
            best - score >= CONTEXT_MARGIN && sides.0 >= other.0 && sides.1 >= other.1
        };
        if *best >= MIN_CONTEXT || (exact.len() == 1 && long) {
            if exact[1..].iter().all(beaten) {
                return Placed::At(place.clone());
            }
            let mut tied: Vec<Range<usize>> = exact
                .iter()
                .enumerate()
                .filter(|(i, e)| *i == 0 || !beaten(e))
                .map(|(_, (_, _, r))| r.clone())
                .collect();
            tied.sort_by_key(|r| r.start);
            return Placed::Tie(tied);
        }
    }
    match bounded(index, plain, locked) {
        Bounded::One(r) => return Placed::At(r),
        Bounded::Several(places) => return Placed::Tie(places),
        Bounded::Emptied => return Placed::Gone,
        Bounded::Nothing => {}
    }
    nearest(index, plain, locked)
}

/// What the remembered context says when found again.
enum Bounded {
    /// Both sides found once around words still alike.
    One(Range<usize>),
    /// Around several.
    Several(Vec<Range<usize>>),
    /// Both sides found, with nothing like the words between any more.
    Emptied,
    /// The context is not found.
    Nothing,
}

/// The words between the remembered context, found again (longest context first).
fn bounded(index: &AnchorIndex, plain: &PlainText, locked: &Anchored) -> Bounded {
    let text = plain.as_str();
    let (before, after) = (locked.before.as_str(), locked.after.as_str());
    let words = normalize(&locked.words);
    let max_gap = locked.words.len() * 2 + 64;
    for k in [CONTEXT, CONTEXT / 2, CONTEXT / 4] {
        let b = tail(before, k);
        let a = head(after, k);
        let b_places = side_places(index, plain, &b, Side::Before);
        let a_places = side_places(index, plain, &a, Side::After);
        let mut gaps: Vec<Range<usize>> = Vec::new();
        for bp in &b_places {
            let next = a_places
                .iter()
                .filter(|ap| ap.start >= bp.end && ap.start - bp.end <= max_gap)
                .find(|ap| same_block(plain, bp.end, ap.start));
            if let Some(ap) = next {
                gaps.push(trim(text, bp.end..ap.start));
            }
        }
        gaps.sort_by_key(|g| (g.start, g.end));
        gaps.dedup();
        if gaps.is_empty() {
            continue;
        }
        let mut scored: Vec<(f64, Range<usize>)> = gaps
            .into_iter()
            .map(|g| {
                let between = normalize(text.get(g.clone()).unwrap_or(""));
                (strsim::normalized_levenshtein(&words, &between), g)
            })
            .collect();
        scored.sort_by(|x, y| y.0.total_cmp(&x.0));
        // The whole remembered context vouches for words much changed; a shorter stretch of
        // it (the rest was edited too) only for words still clearly alike.
        let needed = if k == CONTEXT {
            MIN_BOUNDED
        } else {
            MIN_SIMILARITY
        };
        let alike: Vec<&(f64, Range<usize>)> =
            scored.iter().filter(|(s, _)| *s >= needed).collect();
        return match alike.as_slice() {
            [] if k < CONTEXT => continue,
            [] => Bounded::Emptied,
            [(_, one)] => Bounded::One(one.clone()),
            many => {
                let mut places: Vec<Range<usize>> = many.iter().map(|(_, r)| r.clone()).collect();
                places.sort_by_key(|r| r.start);
                Bounded::Several(places)
            }
        };
    }
    Bounded::Nothing
}

/// Which side of the words a stretch of context is on.
#[derive(Clone, Copy)]
enum Side {
    Before,
    After,
}

/// Where a side of the context is, as the range the words start after (`Before`) or end
/// before (`After`). An empty side is the edge of a block: every block's edge.
fn side_places(index: &AnchorIndex, plain: &PlainText, ctx: &str, side: Side) -> Vec<Range<usize>> {
    if normalize(ctx).is_empty() {
        return plain
            .blocks()
            .iter()
            .map(|b| match side {
                Side::Before => b.start..b.start,
                Side::After => b.end..b.end,
            })
            .collect();
    }
    if normalize(ctx).chars().count() < 4 {
        return Vec::new();
    }
    places_of(index, ctx)
}

/// Whether bytes `a` (an end) and `b` (a start) of the text lie in one block.
fn same_block(plain: &PlainText, end: usize, start: usize) -> bool {
    let of = |at: usize| {
        plain
            .blocks()
            .iter()
            .position(|b| b.start <= at && at <= b.end)
    };
    of(end).is_some() && of(end) == of(start)
}

/// The nearest passage, when it is clearly the words changed.
fn nearest(index: &AnchorIndex, plain: &PlainText, locked: &Anchored) -> Placed {
    let two = index.nearest_two(&locked.words);
    let Some(best) = two.first() else {
        return Placed::Gone;
    };
    if best.similarity < GONE_BELOW {
        return Placed::Gone;
    }
    if best.similarity < MIN_SIMILARITY {
        return Placed::Unclear(format!(
            "the nearest passage is only {:.0}% alike ({:.0}% needed)",
            (best.similarity * 100.0).floor(),
            MIN_SIMILARITY * 100.0
        ));
    }
    let text = plain.as_str();
    let place = |n: &super::anchor::Nearest| {
        let words = passage_words(plain, n, &locked.words);
        let from = text.get(n.range.clone()).and_then(|p| p.find(&words));
        from.map_or(n.range.clone(), |at| {
            n.range.start + at..n.range.start + at + words.len()
        })
    };
    let at = place(best);
    let mine = context_score(plain, &at, locked);
    if mine < MIN_CONTEXT {
        return Placed::Unclear(
            "the nearest passage is not where gloss.lock remembers the words".into(),
        );
    }
    if let Some(second) = two.get(1)
        && best.similarity - second.similarity < MIN_MARGIN
    {
        let other = place(second);
        if mine - context_score(plain, &other, locked) < CONTEXT_MARGIN {
            let mut places = vec![at, other];
            places.sort_by_key(|r| r.start);
            return Placed::Tie(places);
        }
    }
    Placed::At(at)
}

/// Every place of `words`, overlapping ones too.
fn places_of(index: &AnchorIndex, words: &str) -> Vec<Range<usize>> {
    let sel = Selector {
        text: words,
        ..Selector::default()
    };
    match index.find(&sel) {
        Ok(r) => vec![r],
        Err(AnchorError::Ambiguous { places }) => places,
        Err(_) => Vec::new(),
    }
}

/// How much of the context the lock remembers is still right beside the words at `r`, each
/// side from 0 to 1: the characters that agree going outward from the words, as a share of
/// the remembered ones. Fewer than [`MIN_AGREEMENT`] agreeing characters count as none (a
/// space or a "the " agrees by chance), and an empty side agrees only with a block's edge.
pub(crate) fn context_sides(plain: &PlainText, r: &Range<usize>, locked: &Anchored) -> (f64, f64) {
    let (before, after) = crate::lock::context(plain, r.clone());
    let side = |kept: &str, now: &str, outward_rev: bool| {
        let (kept, now): (Vec<char>, Vec<char>) = if outward_rev {
            (kept.chars().rev().collect(), now.chars().rev().collect())
        } else {
            (kept.chars().collect(), now.chars().collect())
        };
        if kept.is_empty() {
            return if now.is_empty() { 1.0 } else { 0.0 };
        }
        let agree = kept
            .iter()
            .zip(&now)
            .take_while(|(a, b)| same(**a, **b))
            .count();
        if agree < MIN_AGREEMENT.min(kept.len()) {
            0.0
        } else {
            agree as f64 / kept.len() as f64
        }
    };
    (
        side(&locked.before, &before, true),
        side(&locked.after, &after, false),
    )
}

/// Whether two characters read the same (as anchoring matches them).
fn same(a: char, b: char) -> bool {
    a == b || normalize(&a.to_string()) == normalize(&b.to_string())
}

/// The mean of [`context_sides`].
pub(crate) fn context_score(plain: &PlainText, r: &Range<usize>, locked: &Anchored) -> f64 {
    let (b, a) = context_sides(plain, r, locked);
    (b + a) / 2.0
}

/// The last `n` characters of `s`.
fn tail(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars[chars.len().saturating_sub(n)..].iter().collect()
}

/// The first `n` characters of `s`.
fn head(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// `r` without the whitespace at its ends.
fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let slice = text.get(r.clone()).unwrap_or("");
    let start = r.start + (slice.len() - slice.trim_start().len());
    start..start + slice.trim().len()
}

/// The selector `--fix` writes for the words at `place`, given the anchor as written: the
/// words alone when they occur once, else with a `prefix` (two to six words before them in
/// their block) or, failing that, an `occurrence`. An anchor that already has a `prefix`,
/// `suffix` or `occurrence` keeps them, when they still pick the place.
pub(crate) fn rewrite_for(
    index: &AnchorIndex,
    plain: &PlainText,
    place: &Range<usize>,
    written: &crate::load::AnchorSource,
) -> Result<super::drift::Rewrite, String> {
    use super::drift::Rewrite;
    let text = plain.as_str();
    let words = text.get(place.clone()).unwrap_or("").to_string();
    if normalize(&words).is_empty() {
        return Err("the words' new place is empty".into());
    }
    let sel = Selector {
        text: &words,
        prefix: written.prefix.as_ref().map(|p| p.value.as_str()),
        suffix: written.suffix.as_ref().map(|s| s.value.as_str()),
        occurrence: written.occurrence.as_ref().map(|o| o.value as usize),
    };
    let found = index.find(&sel);
    if found.as_ref() == Ok(place) {
        return Ok(Rewrite::text(words));
    }
    if written.prefix.is_some() || written.suffix.is_some() || written.occurrence.is_some() {
        return Err("its `prefix`, `suffix` or `occurrence` would have to change".into());
    }
    let Err(AnchorError::Ambiguous { places }) = found else {
        return Err("the words would not anchor in their new place".into());
    };
    let block_start = plain
        .blocks()
        .iter()
        .find(|b| b.start <= place.start && place.start <= b.end)
        .map_or(0, |b| b.start);
    let before: Vec<&str> = text
        .get(block_start..place.start)
        .unwrap_or("")
        .split_whitespace()
        .collect();
    for n in before.len().min(2)..=before.len().min(6) {
        let prefix = before[before.len() - n..].join(" ");
        let with = Selector {
            text: &words,
            prefix: Some(&prefix),
            ..Selector::default()
        };
        if index.find(&with).as_ref() == Ok(place) {
            return Ok(Rewrite {
                text: words,
                prefix: Some(prefix),
                occurrence: None,
            });
        }
    }
    match places.iter().position(|p| p == place) {
        Some(i) => Ok(Rewrite {
            text: words,
            prefix: None,
            occurrence: Some(i + 1),
        }),
        None => Err("the words would not anchor in their new place".into()),
    }
}

#[cfg(test)]
mod tests;
