//! Markdown to HTML, with decorations opened and closed at places of the reader's text.

use std::ops::Range;

use super::{Highlighter, MarkdownOptions};

/// Which element a decoration becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    /// `<mark>`: an anchored annotation.
    Mark,
    /// `<a>`: a link (a mention of an actor).
    Link,
}

/// A stretch of the reader's text to wrap in an element (STUB).
#[derive(Debug, Clone, PartialEq)]
pub struct Decoration {
    /// Bytes of [`super::PlainText::as_str`].
    pub range: Range<usize>,
    /// The element.
    pub element: Element,
    /// Attributes of every piece (values are escaped by the renderer).
    pub attrs: Vec<(String, String)>,
    /// Attributes of the first piece only (an `id`).
    pub first_attrs: Vec<(String, String)>,
}

/// Renders `markdown` to HTML with `decorations` applied.
pub fn render_html(
    markdown: &str,
    opts: &MarkdownOptions,
    decorations: &[Decoration],
    highlighter: &Highlighter,
) -> String {
    let _ = (markdown, opts, decorations, highlighter);
    todo!()
}
