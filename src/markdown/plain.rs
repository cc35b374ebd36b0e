//! The text a reader sees, with a map back to the Markdown source.
//!
//! Annotations are anchored in what a reader reads, not in Markdown syntax: `*war*` reads
//! "war". [`PlainText`] is that text, split into blocks (a span may not cross two), with
//! what the rest of gloss needs to know about it: where each byte came from in the source
//! (for error lines) and whether it lies inside a link or code (where actor names must not
//! become links). See the private `walk` module for exactly what counts as text.

use std::ops::Range;

use super::MarkdownOptions;
use super::walk::{Segment, Walker};

/// The text of a Markdown document as a reader sees it.
///
/// Blocks (paragraphs, headings, code blocks, list items' own text, table cells…) are
/// separated by one `'\n'`, the only newline the text holds: line breaks inside a block,
/// including the lines of a code block, are spaces. So a search for words with normalised
/// whitespace can match across the lines of a code block, but never across two blocks.
/// Image descriptions, footnote references and task-list markers are not text; raw HTML is
/// text when it is shown as text (`unsafe_html` off) and not when it is passed through.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct PlainText {
    text: String,
    blocks: Vec<Range<usize>>,
    segments: Vec<Segment>,
    unlinkable: Vec<Range<usize>>,
}

impl PlainText {
    /// Builds the reader's text of `markdown`.
    pub fn new(markdown: &str, opts: &MarkdownOptions) -> Self {
        let mut walked = Walker::new(markdown, opts).finish();
        // Grown piece by piece, the lists hold up to twice what they need; a site keeps one
        // of these per briefing for the whole run.
        walked.text.shrink_to_fit();
        walked.blocks.shrink_to_fit();
        walked.segments.shrink_to_fit();
        walked.unlinkable.shrink_to_fit();
        PlainText {
            text: walked.text,
            blocks: walked.blocks,
            segments: walked.segments,
            unlinkable: walked.unlinkable,
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Byte ranges of the blocks of the text, in order; none is empty.
    pub fn blocks(&self) -> &[Range<usize>] {
        &self.blocks
    }

    /// The index of the block holding byte `offset` of the text, if any (the `'\n'`
    /// between two blocks belongs to none).
    pub fn block_of(&self, offset: usize) -> Option<usize> {
        let index = self.blocks.partition_point(|b| b.end <= offset);
        self.blocks
            .get(index)
            .filter(|b| b.start <= offset)
            .map(|_| index)
    }

    /// Byte offset in the Markdown source of a byte offset in the text.
    ///
    /// Exact where the text is spelled as in the source; where it is not (entities, smart
    /// quotes, inline code with its backticks) it is the start of the element it came from,
    /// which is enough to name a line. Offsets past the end map to the end of the last text.
    pub fn source_offset(&self, plain_offset: usize) -> usize {
        let index = self.segments.partition_point(|s| s.plain <= plain_offset);
        let Some(segment) = index.checked_sub(1).and_then(|i| self.segments.get(i)) else {
            return self.segments.first().map_or(0, |s| s.source);
        };
        if segment.exact {
            segment.source + (plain_offset - segment.plain).min(segment.len)
        } else {
            segment.source
        }
    }

    /// Whether `range` is words of the text as anchoring finds them: on character
    /// boundaries, and inside one block unless it is empty.
    pub fn holds(&self, range: &Range<usize>) -> bool {
        let text = &self.text;
        let ends_fit = range.start <= range.end
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end);
        ends_fit
            && (range.is_empty()
                || self
                    .block_of(range.start)
                    .is_some_and(|i| range.end <= self.blocks[i].end))
    }

    /// Whether this is a text [`PlainText::new`] could have made of a Markdown source of
    /// `source_len` bytes: blocks in order on character boundaries, segments in order
    /// inside both texts, unlinkable ranges inside the text. What `.gloss-cache/` gives
    /// back is checked so, and a damaged or forged entry is not used.
    pub fn is_sound(&self, source_len: usize) -> bool {
        let text = &self.text;
        let boundary = |at: usize| text.is_char_boundary(at);
        let blocks_fit = self
            .blocks
            .iter()
            .all(|b| b.start < b.end && boundary(b.start) && boundary(b.end))
            && self.blocks.windows(2).all(|w| w[0].end < w[1].start);
        let segments_fit = self.segments.iter().all(|s| {
            s.plain <= text.len()
                && s.source <= source_len
                && (!s.exact
                    || s.source
                        .checked_add(s.len)
                        .is_some_and(|end| end <= source_len))
        }) && self.segments.windows(2).all(|w| w[0].plain <= w[1].plain);
        let unlinkable_fit = self
            .unlinkable
            .iter()
            .all(|r| r.start <= r.end && r.end <= text.len());
        blocks_fit && segments_fit && unlinkable_fit
    }

    /// Whether a range of the text lies outside any link and any code (inline or block),
    /// so it may become a link. Headings are linkable. An empty range is linkable.
    pub fn is_linkable(&self, range: Range<usize>) -> bool {
        if range.start >= range.end {
            return true;
        }
        let index = self.unlinkable.partition_point(|r| r.end <= range.start);
        self.unlinkable
            .get(index)
            .is_none_or(|r| r.start >= range.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(md: &str) -> PlainText {
        PlainText::new(md, &MarkdownOptions::default())
    }

    #[test]
    fn markup_is_removed_and_blocks_are_separated() {
        let p = plain(
            "# Title\n\nSome *emphasised* and [linked](http://x) `code`.\nNext line.\n\n- one\n- two\n",
        );
        assert_eq!(
            p.as_str(),
            "Title\nSome emphasised and linked code. Next line.\none\ntwo"
        );
        let blocks: Vec<&str> = p.blocks().iter().map(|b| &p.as_str()[b.clone()]).collect();
        assert_eq!(
            blocks,
            [
                "Title",
                "Some emphasised and linked code. Next line.",
                "one",
                "two"
            ]
        );
    }

    #[test]
    fn code_blocks_count_with_lines_as_spaces() {
        let p = plain("Before\n\n```rust\nfn main() {\n    go();\n}\n```\n");
        assert_eq!(p.as_str(), "Before\nfn main() {     go(); } ");
        assert_eq!(p.blocks().len(), 2);
    }

    #[test]
    fn image_descriptions_are_not_text_and_raw_html_is_as_shown() {
        let md = "A ![secret words](x.png) b <b>bold</b> c\n\n<div>block</div>\n";
        // Shown as text (the default): the reader sees the tags.
        assert_eq!(plain(md).as_str(), "A  b <b>bold</b> c\n<div>block</div>");
        // Passed through: the reader sees what the tags render, not the tags.
        let html = MarkdownOptions {
            unsafe_html: true,
            ..MarkdownOptions::default()
        };
        assert_eq!(PlainText::new(md, &html).as_str(), "A  b bold c");
    }

    #[test]
    fn entities_and_smart_punctuation_are_read() {
        let p = plain("AT&amp;T said \"yes\" -- it's");
        assert_eq!(
            p.as_str(),
            "AT&T said \u{201c}yes\u{201d} \u{2013} it\u{2019}s"
        );
    }

    #[test]
    fn source_offsets_point_back() {
        let md = "Intro *word* here\n\nSecond `code` para";
        let p = plain(md);
        let word = p.as_str().find("word").unwrap();
        assert_eq!(&md[p.source_offset(word)..][..4], "word");
        let second = p.as_str().find("Second").unwrap();
        assert_eq!(&md[p.source_offset(second)..][..6], "Second");
        let code = p.as_str().find("code").unwrap();
        assert_eq!(&md[p.source_offset(code)..][..4], "code");
        assert!(p.source_offset(10_000) <= md.len());
    }

    #[test]
    fn links_and_code_are_not_linkable() {
        let p = plain("Rubio met [Rubio](http://x) and `Rubio`.\n\n```\nRubio\n```\n\n# Rubio");
        let text = p.as_str();
        let places: Vec<usize> = text.match_indices("Rubio").map(|(i, _)| i).collect();
        let linkable: Vec<bool> = places.iter().map(|&i| p.is_linkable(i..i + 5)).collect();
        assert_eq!(linkable, [true, false, false, false, true]);
        assert!(p.is_linkable(3..3));
    }

    #[test]
    fn blocks_are_found_by_offset() {
        let p = plain("ab\n\ncd");
        assert_eq!(p.block_of(0), Some(0));
        assert_eq!(p.block_of(2), None);
        assert_eq!(p.block_of(3), Some(1));
        assert_eq!(p.block_of(99), None);
    }

    #[test]
    fn empty_and_odd_input_does_not_panic() {
        for md in [
            "",
            "\n\n",
            "***",
            "![](x)",
            "[]()",
            "<!-- x -->",
            "|a|\n|-|\n|b|",
            "[^1]\n\n[^1]: n",
        ] {
            let p = plain(md);
            assert!(!p.as_str().starts_with('\n'));
            let _ = p.source_offset(0);
        }
    }
}
