//! The text a reader sees, with a map back to the Markdown source.

use std::ops::Range;

use super::MarkdownOptions;

/// The text of a Markdown document as a reader sees it (STUB: filled in by the markdown work).
#[derive(Debug, Clone)]
pub struct PlainText {
    text: String,
}

impl PlainText {
    /// Builds the reader's text of `markdown`.
    pub fn new(markdown: &str, opts: &MarkdownOptions) -> Self {
        let _ = (markdown, opts);
        todo!()
    }
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
    /// Byte offset in the Markdown source of a byte offset in the text.
    pub fn source_offset(&self, plain_offset: usize) -> usize {
        plain_offset
    }
    /// Whether a range of the text lies outside any link and any code, so it may become one.
    pub fn is_linkable(&self, range: Range<usize>) -> bool {
        let _ = range;
        todo!()
    }
}
