//! Markdown, and nothing of sites: the text a reader sees (to anchor annotations in) and
//! HTML with `<mark>` pieces opened and closed at given places of that text.
//!
//! Both resolve (to anchor) and render (to mark) use this module; it imports nothing else
//! from gloss, so every arrow between the stages keeps pointing one way.

pub mod highlight;
pub mod html;
pub mod plain;

pub use highlight::Highlighter;
pub use html::{Decoration, Element, render_html};
pub use plain::PlainText;

/// The Markdown settings that change what a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// Curly quotes, dashes and ellipses from their ASCII spellings.
    pub smart_punctuation: bool,
    /// Raw HTML passes through; otherwise it is shown as text.
    pub unsafe_html: bool,
}
