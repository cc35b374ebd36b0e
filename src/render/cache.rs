//! What one render leaves for the next, so that `serve` re-renders only what a change
//! reaches.
//!
//! Rather than a hand-kept map of which page depends on which source (easy to get wrong
//! as pages grow), each page remembers a fingerprint of everything it is made from: the
//! templates, and the variables its template receives. A briefing's annotated text
//! likewise remembers its Markdown and its marks. A change to one sidecar changes the
//! variables of exactly the pages that show what it touched (its briefing, the actors,
//! events and quotes involved, the indexes), and only those are rendered again.

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;

/// The outputs of the previous render, each with the fingerprint of its inputs.
#[derive(Debug, Default)]
pub struct RenderCache {
    /// Annotated HTML of each briefing, by address.
    pub(crate) briefings: HashMap<String, (u64, Arc<str>)>,
    /// Rendered templates, by output path.
    pub(crate) pages: HashMap<String, (u64, Bytes)>,
    /// How many templates the last render ran (the rest were reused).
    pub rendered_pages: usize,
    /// How many briefings' Markdown the last render turned into HTML.
    pub rendered_briefings: usize,
}

impl RenderCache {
    /// Keeps what the render of one page left, for the next render.
    pub(crate) fn keep(&mut self, r: super::plan::Rendered) {
        self.rendered_pages += usize::from(r.rendered);
        if let Some(t) = r.text {
            self.rendered_briefings += usize::from(t.rendered);
            self.briefings.insert(t.path, (t.key, t.html));
        }
        self.pages.insert(r.path, (r.fingerprint, r.bytes));
    }
}
