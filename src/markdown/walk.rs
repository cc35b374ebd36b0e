//! The one walk over pulldown-cmark's events that both the reader's text and the HTML use.
//!
//! [`Walker`] yields every event of the Markdown together with the stretch of the reader's
//! text it contributed, building that text as it goes. [`super::PlainText`] keeps the text;
//! [`super::render_html`] uses the stretches to open and close decorations. Because both go
//! through this walk, they can never disagree about where a byte of the text is.
//!
//! What counts as text: `Text` events (outside images: the description of an image does
//! not count), inline code, and soft and hard breaks (one space each). Newlines inside a
//! text (the lines of a code block) become spaces, byte for byte, so offsets into an
//! event's text and into its stretch of the reader's text are the same. Raw HTML of the
//! source is text when the reader is shown it as text (`unsafe_html` off: it is walked as a
//! `Text` event, so marks can hold it) and nothing when it is passed through as HTML.
//! Footnote references and task-list markers contribute nothing. Each block (paragraph, heading,
//! code block, list item's own text, table cell…) is one block of the text; blocks are
//! separated by a single `'\n'`, the only newline the text ever holds.

use std::ops::Range;

use pulldown_cmark::{Event, OffsetIter, Parser, Tag, TagEnd};

use super::{MarkdownOptions, parser_options};

/// One event of the walk.
#[derive(Debug)]
pub(super) struct Step<'a> {
    /// The event, as pulldown-cmark gave it.
    pub(super) event: Event<'a>,
    /// Bytes of the reader's text the event contributed (empty if none).
    pub(super) plain: Range<usize>,
}

/// Where a stretch of the reader's text came from in the Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Segment {
    /// First byte in the reader's text.
    pub(super) plain: usize,
    /// First byte in the Markdown.
    pub(super) source: usize,
    /// Length in bytes.
    pub(super) len: usize,
    /// Whether the bytes of the text are the bytes of the source (offsets map one to one).
    pub(super) exact: bool,
}

/// Everything the walk learned, once it is over.
#[derive(Debug, Default)]
pub(super) struct Walked {
    /// The reader's text.
    pub(super) text: String,
    /// Byte ranges of its blocks, in order.
    pub(super) blocks: Vec<Range<usize>>,
    /// Where each stretch came from.
    pub(super) segments: Vec<Segment>,
    /// Stretches inside a link or code, in order.
    pub(super) unlinkable: Vec<Range<usize>>,
}

/// The walk: an iterator of [`Step`]s that builds the reader's text.
pub(super) struct Walker<'a> {
    events: std::iter::Peekable<OffsetIter<'a>>,
    source: &'a str,
    done: Walked,
    image_depth: usize,
    link_depth: usize,
    in_code_block: bool,
    block_break: bool,
    /// Raw HTML of the source is shown to the reader as text (`unsafe_html` off), so it is
    /// part of the reader's text and walked as `Text`.
    html_as_text: bool,
}

impl<'a> Walker<'a> {
    /// Starts a walk over `markdown`.
    pub(super) fn new(markdown: &'a str, opts: &MarkdownOptions) -> Self {
        Walker {
            events: Parser::new_ext(markdown, parser_options(opts))
                .into_offset_iter()
                .peekable(),
            source: markdown,
            done: Walked::default(),
            image_depth: 0,
            link_depth: 0,
            in_code_block: false,
            block_break: true,
            html_as_text: !opts.unsafe_html,
        }
    }

    /// The reader's text so far.
    pub(super) fn text(&self) -> &str {
        &self.done.text
    }

    /// Walks to the end and returns what was learned.
    pub(super) fn finish(mut self) -> Walked {
        for _ in self.by_ref() {}
        self.done
    }

    /// Updates the state an event opens or closes, and returns what it contributes.
    fn observe(&mut self, event: &Event<'a>) -> Option<Contribution<'a>> {
        match event {
            Event::Start(tag) => self.enter(tag),
            Event::End(tag) => self.leave(*tag),
            Event::Text(text) if self.image_depth == 0 => {
                let kind = if self.in_code_block {
                    Kind::Code
                } else {
                    Kind::Text
                };
                return Some(Contribution {
                    text: text.clone(),
                    kind,
                });
            }
            Event::Code(text) if self.image_depth == 0 => {
                return Some(Contribution {
                    text: text.clone(),
                    kind: Kind::Code,
                });
            }
            Event::SoftBreak | Event::HardBreak if self.image_depth == 0 => {
                let kind = if self.in_code_block {
                    Kind::Code
                } else {
                    Kind::Text
                };
                return Some(Contribution {
                    text: " ".into(),
                    kind,
                });
            }
            Event::Rule => self.block_break = true,
            _ => {}
        }
        None
    }

    fn enter(&mut self, tag: &Tag<'a>) {
        match tag {
            Tag::Image { .. } => self.image_depth += 1,
            Tag::Link { .. } => self.link_depth += 1,
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => {}
            Tag::CodeBlock(_) => {
                self.in_code_block = true;
                self.block_break = true;
            }
            _ => self.block_break = true,
        }
    }

    fn leave(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            TagEnd::Link => self.link_depth = self.link_depth.saturating_sub(1),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
            TagEnd::CodeBlock => {
                self.in_code_block = false;
                self.block_break = true;
            }
            _ => self.block_break = true,
        }
    }

    /// Appends a contribution to the text; returns its range there.
    fn push(&mut self, contribution: &Contribution<'a>, source: &Range<usize>) -> Range<usize> {
        let text = &*contribution.text;
        if text.is_empty() {
            let at = self.done.text.len();
            return at..at;
        }
        if self.block_break || self.done.blocks.is_empty() {
            if !self.done.text.is_empty() {
                self.done.text.push('\n');
            }
            let at = self.done.text.len();
            self.done.blocks.push(at..at);
            self.block_break = false;
        }
        let start = self.done.text.len();
        // '\n' and '\r' are one byte, as is ' ': offsets stay those of the event's text.
        self.done.text.extend(
            text.chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
        );
        let end = self.done.text.len();
        if let Some(block) = self.done.blocks.last_mut() {
            block.end = end;
        }
        self.record_segment(text, start, source);
        if contribution.kind == Kind::Code || self.link_depth > 0 {
            push_merged(&mut self.done.unlinkable, start..end);
        }
        start..end
    }

    fn record_segment(&mut self, text: &str, plain: usize, source: &Range<usize>) {
        let slice = self.source.get(source.clone()).unwrap_or("");
        // Most text is spelled in the source exactly where its event starts; only escapes,
        // entities and the like need a search (which costs a searcher per event).
        let found = if slice.starts_with(text) {
            Some(0)
        } else {
            slice.find(text)
        };
        let (offset, exact) = match found {
            Some(offset) => (offset, true),
            None => (0, false),
        };
        self.done.segments.push(Segment {
            plain,
            source: source.start + offset,
            len: text.len(),
            exact,
        });
    }
}

impl<'a> Iterator for Walker<'a> {
    type Item = Step<'a>;

    fn next(&mut self) -> Option<Step<'a>> {
        let (event, source) = self.events.next()?;
        let (event, ends_html_block) = match event {
            Event::Html(html) | Event::InlineHtml(html) if self.html_as_text => {
                let ends = matches!(self.events.peek(), Some((Event::End(TagEnd::HtmlBlock), _)));
                (Event::Text(html), ends)
            }
            event => (event, false),
        };
        let plain = match self.observe(&event) {
            Some(mut contribution) => {
                if ends_html_block {
                    // The line break that ends an HTML block ends the block, as for a
                    // paragraph: it is not a space of the reader's text (the renderer writes
                    // it outside any piece).
                    let kept = contribution.text.trim_end_matches(['\n', '\r']).len();
                    contribution.text = contribution.text[..kept].to_string().into();
                }
                self.push(&contribution, &source)
            }
            None => {
                let at = self.done.text.len();
                at..at
            }
        };
        Some(Step { event, plain })
    }
}

/// What an event adds to the reader's text.
struct Contribution<'a> {
    text: pulldown_cmark::CowStr<'a>,
    kind: Kind,
}

/// Whether contributed text is code (never linkable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Code,
}

/// Adds `range` to sorted, disjoint `ranges`, merging it with the last one when they touch.
fn push_merged(ranges: &mut Vec<Range<usize>>, range: Range<usize>) {
    match ranges.last_mut() {
        Some(last) if last.end >= range.start => last.end = last.end.max(range.end),
        _ => ranges.push(range),
    }
}
