//! Mentions in context: the sentences around an actor's mentions in a briefing, which the
//! actor page shows under "Mentioned in", and the anchor ids the briefing page gives those
//! mentions so that each sentence links to its words.
//!
//! Both pages ask [`contexts`], so the ids the actor page links to are the ids the briefing
//! page writes.

use std::ops::Range;

use crate::model::{ActorIx, Briefing};

/// How many sentences an actor page shows of one briefing.
pub(crate) const CONTEXTS_PER_BRIEFING: usize = 3;
/// How many briefings an actor page shows under "Mentioned in".
pub(crate) const MENTION_BRIEFINGS_SHOWN: usize = 20;
/// Past this many bytes either side of the mention, a sentence is cut with "…".
const CONTEXT_REACH: usize = 160;

/// One mention shown in its sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Context {
    /// Who is mentioned.
    pub(crate) actor: ActorIx,
    /// The mention's words: bytes of the briefing's plain text.
    pub(crate) span: Range<usize>,
    /// The sentence around it (cut to [`CONTEXT_REACH`] either side).
    pub(crate) sentence: Range<usize>,
    /// 1-based: the how-manyth shown mention of this actor in the briefing.
    pub(crate) number: usize,
}

impl Context {
    /// The anchor id of the mention on the briefing page: `mention-ACTOR-N`.
    pub(crate) fn anchor(&self, actor_id: &str) -> String {
        format!("mention-{actor_id}-{}", self.number)
    }
}

/// The mentions of every actor in `b` that actor pages show: for each actor, the first
/// mention in each of its first [`CONTEXTS_PER_BRIEFING`] sentences, in text order.
pub(crate) fn contexts(b: &Briefing) -> Vec<Context> {
    let text = b.plain.as_str();
    let mut out: Vec<Context> = Vec::new();
    for m in b.every_mention.iter() {
        let sentence = sentence_around(text, &m.span);
        let mut shown = out.iter().filter(|c| c.actor == m.actor);
        if shown.clone().any(|c| c.sentence == sentence) {
            continue;
        }
        let number = shown.by_ref().count() + 1;
        if number > CONTEXTS_PER_BRIEFING {
            continue;
        }
        out.push(Context {
            actor: m.actor,
            span: m.span.clone(),
            sentence,
            number,
        });
    }
    out
}

/// The contexts of one actor in `b`.
pub(crate) fn contexts_of(b: &Briefing, actor: ActorIx) -> Vec<Context> {
    contexts(b)
        .into_iter()
        .filter(|c| c.actor == actor)
        .collect()
}

/// The sentence holding `span`: from the end of the previous sentence (a `.`, `!` or `?`,
/// perhaps with a closing quote or bracket, then a space and a capital letter) or the
/// start of the block, to the end of its own or of the block; at most [`CONTEXT_REACH`]
/// bytes either side of the span.
fn sentence_around(text: &str, span: &Range<usize>) -> Range<usize> {
    let block_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let block_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let mut start = block_start;
    let starts = text[block_start..span.start]
        .char_indices()
        .map(|(i, _)| block_start + i);
    for at in starts.chain(std::iter::once(span.start)) {
        if ends_sentence(text, at) {
            start = at;
        }
    }
    let mut end = block_end;
    for (i, _) in text[span.end..block_end].char_indices() {
        let at = span.end + i;
        if ends_sentence(text, at) {
            end = at;
            break;
        }
    }
    let start = floor_char(text, start.max(span.start.saturating_sub(CONTEXT_REACH)));
    let end = ceil_char(text, end.min(span.end + CONTEXT_REACH));
    let trimmed = text[start..end].trim();
    let lead = text[start..end].len() - text[start..end].trim_start().len();
    start + lead..start + lead + trimmed.len()
}

/// Whether a new sentence starts at `at`: after sentence punctuation (and closing quotes or
/// brackets) and whitespace, at a capital letter, a digit or an opening quote; not after an
/// abbreviation with inner stops ("U.S.") or a single capital ("J.").
fn ends_sentence(text: &str, at: usize) -> bool {
    let next = text[at..].chars().next();
    if !next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'«".contains(c)) {
        return false;
    }
    let before = text[..at].trim_end_matches([' ', '\u{a0}', '\t']);
    if before.len() == text[..at].len() {
        return false;
    }
    let core = before.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»']);
    let Some(stop) = core.chars().next_back() else {
        return false;
    };
    if !matches!(stop, '.' | '!' | '?' | '…') {
        return false;
    }
    let word = core[..core.len() - stop.len_utf8()]
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    let abbreviation = stop == '.'
        && (word.contains('.')
            || (word.chars().count() == 1 && word.chars().all(char::is_uppercase)));
    !abbreviation
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str, word: &str) -> String {
        let start = text.find(word).unwrap();
        let r = sentence_around(text, &(start..start + word.len()));
        text[r].to_string()
    }

    #[test]
    fn the_sentence_around_a_mention() {
        let text = "Rubio said little. The U.S. Secretary left early. Rubio, asked again, smiled.\nNext block.";
        assert_eq!(sentence(text, "U.S."), "The U.S. Secretary left early.");
        assert_eq!(sentence(text, "asked"), "Rubio, asked again, smiled.");
        assert_eq!(sentence(text, "Rubio,"), "Rubio, asked again, smiled.");
        assert_eq!(sentence(text, "little"), "Rubio said little.");
        assert_eq!(sentence(text, "Next"), "Next block.");
    }

    #[test]
    fn a_long_sentence_is_cut_around_the_mention() {
        let text = format!("{} Rubio {}", "a".repeat(300), "b".repeat(300));
        let s = sentence(&text, "Rubio");
        assert!(s.len() <= 2 * CONTEXT_REACH + 5, "{}", s.len());
        assert!(s.contains(" Rubio "));
    }
}
