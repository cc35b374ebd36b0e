//! Where actors are named in a briefing, to link their names to their pages.
//!
//! A site may have hundreds of names and aliases; one Aho-Corasick automaton finds them all
//! in one pass over the reader's text. Only whole words count, the longest name wins
//! ("Secretary Rubio" over "Rubio"), and never inside a link or code, which cannot hold
//! another link. Names match the text as anchors do ([`normalize`]): `Workers' Union` finds
//! `Workers’ Union`, whatever the spaces, quotes and dashes. A name followed by a space and
//! a capitalised word is part of a longer name ("Mexico" in "Mexico City") and not a
//! mention, unless the longer name is itself a name or alias (the longest name wins then)
//! or the name ends with a full stop ("U.S. Secretary"): FORMAT.md, Anchoring, last point.

use std::collections::HashSet;
use std::ops::Range;

use aho_corasick::{AhoCorasick, Input, MatchKind};

use crate::markdown::PlainText;
use crate::resolve::anchor::{AnchorIndex, normalize};

/// Finds names of actors in the reader's text.
#[derive(Debug, Clone)]
pub struct MentionFinder {
    /// None when there are no names (or the automaton could not be built).
    automaton: Option<AhoCorasick>,
    /// The actor of each pattern.
    actors: Vec<usize>,
}

impl MentionFinder {
    /// A finder for `names`: each a name or alias with its actor's index. Empty names are
    /// ignored.
    pub fn new(names: &[(String, usize)]) -> Self {
        let kept: Vec<(String, usize)> = names
            .iter()
            .map(|(name, actor)| (normalize(name), *actor))
            .filter(|(name, _)| !name.is_empty())
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(kept.iter().map(|(name, _)| name.as_str()))
            .ok()
            .filter(|_| !kept.is_empty());
        MentionFinder {
            automaton,
            actors: kept.iter().map(|(_, actor)| *actor).collect(),
        }
    }

    /// Mentions in `plain`, in order: (bytes of the text, actor index). With `all` false,
    /// only each actor's first mention that may be linked.
    ///
    /// A mention is a whole word (no letter or digit just before or after it), lies in one
    /// block and may be linked ([`PlainText::is_linkable`]).
    pub fn find(&self, plain: &PlainText, all: bool) -> Vec<(Range<usize>, usize)> {
        let mut seen = HashSet::new();
        self.scan(plain)
            .into_iter()
            .filter(|(range, _)| plain.is_linkable(range.clone()))
            .filter(|(_, actor)| all || seen.insert(*actor))
            .collect()
    }

    /// [`Self::find`] with `all` and [`Self::named`] at once, from one scan of the text
    /// (what resolve asks of each briefing: scanning twice normalised the text twice).
    pub fn find_and_name(&self, plain: &PlainText) -> (Vec<(Range<usize>, usize)>, Vec<usize>) {
        self.find_and_name_in(plain, &AnchorIndex::new(plain))
    }

    /// [`Self::find_and_name`] with the anchoring index of `plain` already made (resolve
    /// makes it once per briefing, to anchor and to find names).
    pub fn find_and_name_in(
        &self,
        plain: &PlainText,
        index: &AnchorIndex,
    ) -> (Vec<(Range<usize>, usize)>, Vec<usize>) {
        let scanned = self.scan_indexed(index);
        let mut seen = HashSet::new();
        let named = scanned
            .iter()
            .map(|(_, actor)| *actor)
            .filter(|actor| seen.insert(*actor))
            .collect();
        let found = scanned
            .into_iter()
            .filter(|(range, _)| plain.is_linkable(range.clone()))
            .collect();
        (found, named)
    }

    /// Every actor named anywhere in `plain` as a whole word, linkable or not (inside a
    /// link or code too), each once, in order of first naming.
    pub fn named(&self, plain: &PlainText) -> Vec<usize> {
        let mut seen = HashSet::new();
        self.scan(plain)
            .into_iter()
            .map(|(_, actor)| actor)
            .filter(|actor| seen.insert(*actor))
            .collect()
    }

    /// Every whole-word naming in one block, in order. Where the longest name found at a
    /// place is not a whole word, the search goes on from the next character.
    fn scan(&self, plain: &PlainText) -> Vec<(Range<usize>, usize)> {
        if self.automaton.is_none() {
            return Vec::new();
        }
        self.scan_indexed(&AnchorIndex::new(plain))
    }

    /// [`Self::scan`] over the anchoring index of the text.
    fn scan_indexed(&self, index: &AnchorIndex) -> Vec<(Range<usize>, usize)> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let text = index.normalized();
        let mut found = Vec::new();
        let mut from = 0;
        while from < text.len() {
            let Some(m) = automaton.find(Input::new(text).span(from..text.len())) else {
                break;
            };
            let range = m.start()..m.end();
            match self.actors.get(m.pattern().as_usize()).copied() {
                Some(actor) if is_whole_word(text, &range) => {
                    if !starts_longer_name(text, &range) {
                        found.push((index.to_plain(&range), actor));
                    }
                    from = range.end;
                }
                _ => from = next_char(text, range.start),
            }
        }
        found
    }
}

/// Whether a match is a whole word lying in one block.
fn is_whole_word(text: &str, range: &Range<usize>) -> bool {
    let before = text.get(..range.start).and_then(|s| s.chars().next_back());
    let after = text.get(range.end..).and_then(|s| s.chars().next());
    let inside = text.get(range.clone()).unwrap_or("\n");
    !before.is_some_and(char::is_alphanumeric)
        && !after.is_some_and(char::is_alphanumeric)
        && !inside.contains('\n')
}

/// Whether the name at `range` is the start of a longer proper name: it is followed by one
/// space (of any kind, within the block) and a capitalised word, and it does not end with
/// a full stop (an abbreviation such as "U.S." may stand before a capitalised word).
fn starts_longer_name(text: &str, range: &Range<usize>) -> bool {
    let name = text.get(range.clone()).unwrap_or("");
    if name.ends_with('.') {
        return false;
    }
    let mut after = text.get(range.end..).unwrap_or("").chars();
    let space = after.next().is_some_and(|c| c.is_whitespace() && c != '\n');
    space && after.next().is_some_and(char::is_uppercase)
}

/// The byte after the character at `at`.
fn next_char(text: &str, at: usize) -> usize {
    at + text
        .get(at..)
        .and_then(|s| s.chars().next())
        .map_or(1, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::MarkdownOptions;

    fn finder() -> MentionFinder {
        MentionFinder::new(&[
            ("Marco Rubio".to_string(), 0),
            ("Rubio".to_string(), 0),
            ("Secretary Rubio".to_string(), 0),
            ("Mexico".to_string(), 1),
            (String::new(), 2),
            ("  ".to_string(), 2),
        ])
    }

    fn mentions(md: &str, all: bool) -> Vec<(String, usize)> {
        let plain = PlainText::new(md, &MarkdownOptions::default());
        finder()
            .find(&plain, all)
            .into_iter()
            .map(|(r, actor)| (plain.as_str()[r].to_string(), actor))
            .collect()
    }

    fn owned(list: &[(&str, usize)]) -> Vec<(String, usize)> {
        list.iter().map(|(s, a)| (s.to_string(), *a)).collect()
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(
            mentions("Rubios and NewMexico and Mexicos, but Mexico.", true),
            owned(&[("Mexico", 1)])
        );
    }

    #[test]
    fn longest_name_wins() {
        assert_eq!(
            mentions("Secretary Rubio met Marco Rubio; Rubio left.", true),
            owned(&[("Secretary Rubio", 0), ("Marco Rubio", 0), ("Rubio", 0)])
        );
    }

    #[test]
    fn not_in_links_or_code() {
        assert_eq!(
            mentions(
                "[Rubio](http://x) and `Mexico` and\n\n```\nRubio\n```\n\nthen Mexico",
                true
            ),
            owned(&[("Mexico", 1)])
        );
    }

    #[test]
    fn names_inside_links_and_code_count_as_named_but_are_not_linked() {
        let plain = PlainText::new(
            "See [Rubio](http://x) and `Mexico`.",
            &MarkdownOptions::default(),
        );
        assert_eq!(finder().named(&plain), vec![0, 1]);
        assert!(finder().find(&plain, true).is_empty());
    }

    #[test]
    fn first_versus_all() {
        let md = "[Rubio](http://x) said Rubio went to Mexico. Mexico replied; Rubio again.";
        assert_eq!(mentions(md, false), owned(&[("Rubio", 0), ("Mexico", 1)]));
        assert_eq!(mentions(md, true).len(), 4);
    }

    #[test]
    fn not_across_blocks_and_shorter_names_after_a_failed_longer_one() {
        let finder =
            MentionFinder::new(&[("Rubio Mexico".to_string(), 0), ("Mexico".to_string(), 1)]);
        let plain = PlainText::new(
            "Rubio\n\nMexico and Rubio Mexicos",
            &MarkdownOptions::default(),
        );
        let found: Vec<usize> = finder
            .find(&plain, true)
            .into_iter()
            .map(|(_, a)| a)
            .collect();
        assert_eq!(found, [1]);
    }

    #[test]
    fn a_name_before_a_capitalised_word_is_part_of_a_longer_name() {
        assert_eq!(
            mentions(
                "Mexico City and the Rubio Doctrine, then Mexico and Rubio.",
                true
            ),
            owned(&[("Mexico", 1), ("Rubio", 0)])
        );
        // Lowercase after the name, or punctuation, keeps the mention.
        assert_eq!(
            mentions("Mexico, then Mexico said", true),
            owned(&[("Mexico", 1), ("Mexico", 1)])
        );
    }

    #[test]
    fn a_longer_name_that_is_a_name_and_a_name_ending_in_a_full_stop_are_mentions() {
        let finder = MentionFinder::new(&[
            ("Mexico".to_string(), 0),
            ("Mexico City".to_string(), 1),
            ("U.S.".to_string(), 2),
        ]);
        let plain = PlainText::new(
            "Mexico City and the U.S. Secretary of State.",
            &MarkdownOptions::default(),
        );
        let found: Vec<(String, usize)> = finder
            .find(&plain, true)
            .into_iter()
            .map(|(r, a)| (plain.as_str()[r].to_string(), a))
            .collect();
        assert_eq!(found, owned(&[("Mexico City", 1), ("U.S.", 2)]));
    }

    #[test]
    fn no_names_no_mentions() {
        let plain = PlainText::new("Rubio", &MarkdownOptions::default());
        assert!(MentionFinder::new(&[]).find(&plain, true).is_empty());
        assert!(
            MentionFinder::new(&[(String::new(), 0)])
                .find(&plain, true)
                .is_empty()
        );
    }

    #[test]
    fn names_match_with_the_quotes_dashes_and_spaces_of_anchors() {
        let finder = MentionFinder::new(&[
            ("Harbour Workers' Union".to_string(), 0),
            ("Jean-Luc  Picard".to_string(), 1),
        ]);
        let md = "The Harbour Workers\u{2019} Union met Jean\u{2013}Luc\u{a0}Picard.";
        let plain = PlainText::new(md, &MarkdownOptions::default());
        let found: Vec<(&str, usize)> = finder
            .find(&plain, true)
            .into_iter()
            .map(|(r, actor)| (&plain.as_str()[r], actor))
            .collect();
        assert_eq!(
            found,
            vec![
                ("Harbour Workers\u{2019} Union", 0),
                ("Jean\u{2013}Luc\u{a0}Picard", 1)
            ]
        );
    }

    #[test]
    fn multibyte_neighbours() {
        let finder = MentionFinder::new(&[("Peña".to_string(), 0)]);
        let plain = PlainText::new("«Peña» and éPeña", &MarkdownOptions::default());
        assert_eq!(finder.find(&plain, true).len(), 1);
    }
}
