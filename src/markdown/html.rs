//! Markdown to HTML, with decorations opened and closed at places of the reader's text.
//!
//! Annotations are stretches of the reader's text ([`super::PlainText`]), which may cross
//! emphasis, links and inline code. HTML cannot hold an element that starts inside `<em>`
//! and ends after it, so each [`Decoration`] becomes one or more *pieces*: elements that
//! each lie in one run of text between two tags, whose text, in order, is the decorated
//! text. The renderer walks the same events as [`super::PlainText`] (the private `walk`
//! module), and turns them into a transformed event stream for pulldown-cmark's own
//! `push_html`; decorating therefore changes nothing but the pieces it adds.
//!
//! Besides decorations the stream is made safe and linkable: raw HTML of the source is
//! shown as text unless [`MarkdownOptions::unsafe_html`]; link and image URLs failing
//! [`super::is_safe_url`] become `#`; every heading without an `id` gets one (the slug of
//! its text, `-1`, `-2`… appended on repeats, `section` when it has no letters); and fenced
//! code in a language the [`Highlighter`] knows is highlighted, decorations included (their
//! pieces are cut at the highlighter's spans). Footnote references become numbered links and
//! definitions move to a list after the content (the private `footnotes` module); a task-list
//! item's checkbox gets an accessible name.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use super::walk::{Step, Walker};
use super::{Highlighter, MarkdownOptions, escape_html, footnotes, is_safe_url};

/// Which element a decoration becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Element {
    /// `<mark>`: an anchored annotation.
    Mark,
    /// `<a>`: a link (a mention of an actor).
    Link,
    /// `<span>`: words given an anchor id only (a mention that an actor page links to).
    Span,
}

impl Element {
    fn name(self) -> &'static str {
        match self {
            Element::Mark => "mark",
            Element::Link => "a",
            Element::Span => "span",
        }
    }
}

/// A stretch of the reader's text to wrap in an element.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decoration {
    /// Bytes of [`super::PlainText::as_str`]; ends inside a character are widened to it.
    pub range: Range<usize>,
    /// The element.
    pub element: Element,
    /// Attributes of every piece (values are escaped by the renderer; names that are not
    /// plain ASCII letters, digits, `-`, `_`, `:` or `.` are left out).
    pub attrs: Vec<(String, String)>,
    /// Attributes of the first piece only (an `id`), written before `attrs`.
    pub first_attrs: Vec<(String, String)>,
    /// Trusted HTML around the text of every piece, inside it: an open and a close tag (a
    /// `<label for>` that lets a reader tap the words to open their margin note).
    pub inner: Option<(String, String)>,
    /// Trusted HTML written once after the last piece (a margin note), at the first place
    /// after it where no decoration is open, outside any link and code block, so it never
    /// falls inside another annotation's words.
    pub after: Option<String>,
}

/// Renders `markdown` to HTML with `decorations` applied.
///
/// Decorations may nest and overlap; pieces are opened longest and earliest first (order:
/// start ascending, end descending, then the order given), and an inner piece that must
/// outlive an outer one is closed and reopened, so the HTML is always well formed.
///
/// Footnotes are numbered and listed after the content (see the private `footnotes`
/// module), with ids `fn-LABEL` and `fnref-LABEL`: this is for the one main Markdown of a
/// page (a briefing's article, an actor's description, the home page's introduction).
/// Markdown that shares a page with other Markdown uses [`render_scoped_html`].
pub fn render_html(
    markdown: &str,
    opts: &MarkdownOptions,
    decorations: &[Decoration],
    highlighter: &Highlighter,
) -> String {
    render(markdown, opts, decorations, highlighter, None)
}

/// Renders Markdown shown beside other Markdown on a page (a note, an event's summary):
/// as [`render_html`] without decorations, but its footnote ids are `fn-SCOPE--LABEL` and
/// `fnref-SCOPE--LABEL`, so that they never meet those of the page's article or of another
/// scope, and their list is a plain `<div>`, no landmark of the page. `scope` must tell this Markdown from
/// every other on any page that shows it (`note-ID`, `event-ID`).
pub fn render_scoped_html(
    markdown: &str,
    opts: &MarkdownOptions,
    highlighter: &Highlighter,
    scope: &str,
) -> String {
    render(markdown, opts, &[], highlighter, Some(scope))
}

fn render(
    markdown: &str,
    opts: &MarkdownOptions,
    decorations: &[Decoration],
    highlighter: &Highlighter,
    scope: Option<&str>,
) -> String {
    let mut walker = Walker::new(markdown, opts);
    let steps: Vec<Step<'_>> = walker.by_ref().collect();
    let text = walker.text();
    let mut renderer = Renderer {
        opts,
        highlighter,
        text,
        decorations: prepare(decorations, text),
        opened: vec![false; decorations.len()],
        written_after: vec![false; decorations.len()],
        link_depth: 0,
        in_code_block: false,
        stack: Vec::new(),
        out: Vec::with_capacity(steps.len()),
        heading: None,
        used_ids: explicit_heading_ids(&steps),
    };
    renderer.render(steps);
    let events = footnotes::place(renderer.out, scope);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// A decoration ready to open and close.
struct Prepared {
    range: Range<usize>,
    open: String,
    open_first: String,
    close: String,
    after: Option<String>,
}

/// Clamps, widens to characters, renders the tags and sorts the decorations.
fn prepare(decorations: &[Decoration], text: &str) -> Vec<Prepared> {
    let mut order: Vec<(usize, Range<usize>)> = decorations
        .iter()
        .map(|d| char_range(text, &d.range))
        .enumerate()
        .filter(|(_, r)| r.start < r.end)
        .collect();
    order.sort_by(|(ia, a), (ib, b)| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(ia.cmp(ib))
    });
    order
        .into_iter()
        .filter_map(|(index, range)| {
            let d = decorations.get(index)?;
            let name = d.element.name();
            let (inner_open, inner_close) = d.inner.clone().unwrap_or_default();
            Some(Prepared {
                range,
                open: open_tag(name, &[], &d.attrs) + &inner_open,
                open_first: open_tag(name, &d.first_attrs, &d.attrs) + &inner_open,
                close: format!("{inner_close}</{name}>"),
                after: d.after.clone(),
            })
        })
        .collect()
}

/// `range` clamped to `text` and widened to whole characters.
fn char_range(text: &str, range: &Range<usize>) -> Range<usize> {
    let mut start = range.start.min(text.len());
    let mut end = range.end.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

fn open_tag(name: &str, first: &[(String, String)], attrs: &[(String, String)]) -> String {
    let mut tag = format!("<{name}");
    for (key, value) in first.iter().chain(attrs) {
        if is_attr_name(key) {
            tag.push_str(&format!(" {key}=\"{}\"", escape_html(value)));
        }
    }
    tag.push('>');
    tag
}

fn is_attr_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
}

/// Ids that headings set themselves (`# Title {#id}`), so generated ones avoid them.
fn explicit_heading_ids(steps: &[Step<'_>]) -> HashSet<String> {
    steps
        .iter()
        .filter_map(|step| match &step.event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect()
}

/// The transformation of the event stream.
struct Renderer<'a, 'r> {
    opts: &'r MarkdownOptions,
    highlighter: &'r Highlighter,
    text: &'r str,
    decorations: Vec<Prepared>,
    opened: Vec<bool>,
    /// Open pieces, outermost first, as indices into `decorations`.
    stack: Vec<usize>,
    out: Vec<Event<'a>>,
    /// The open heading: its index in `out` and where its text starts.
    heading: Option<(usize, usize)>,
    used_ids: HashSet<String>,
    /// Whether each decoration's `after` HTML has been written.
    written_after: Vec<bool>,
    /// Links of the Markdown open around the current place.
    link_depth: usize,
    /// Whether the current place is inside a code block.
    in_code_block: bool,
}

impl<'a> Renderer<'a, '_> {
    fn render(&mut self, steps: Vec<Step<'a>>) {
        let mut steps = steps.into_iter().peekable();
        while let Some(step) = steps.next() {
            if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = &step.event {
                let lang = code_lang(info).to_string();
                let mut body = Vec::new();
                while let Some(inner) =
                    steps.next_if(|s| !matches!(s.event, Event::End(TagEnd::CodeBlock)))
                {
                    body.push(inner);
                }
                let end = steps.next();
                self.code_block(step, &lang, body, end);
            } else {
                self.step(step);
            }
        }
        self.close_all();
        self.write_after(self.text.len());
    }

    /// A fenced code block: highlighted when its language is known (with the pieces of any
    /// decoration cut at the highlighter's spans), else step by step.
    fn code_block(
        &mut self,
        start: Step<'a>,
        lang: &str,
        body: Vec<Step<'a>>,
        end: Option<Step<'a>>,
    ) {
        let touched = body.iter().any(|s| self.touches(&s.plain));
        // Notes of words in the code come before it: a margin note beside the block's
        // top rather than after its last line.
        if let (Some(first), Some(last)) = (body.first(), body.last()) {
            self.close_all();
            self.write_after(start.plain.start);
            self.write_after_within(first.plain.start..last.plain.end);
        }
        let code: String = body
            .iter()
            .filter_map(|s| match &s.event {
                Event::Text(t) => Some(&**t),
                _ => None,
            })
            .collect();
        let highlighted = self.highlighter.highlight(&code, lang);
        // Where the code's first byte lies in the reader's text, when the code is one
        // contiguous stretch of it, byte for byte (so a decoration maps onto the spans).
        let contiguous = body.windows(2).all(|w| match w {
            [a, b] => a.plain.end == b.plain.start,
            _ => true,
        }) && body.iter().map(|s| s.plain.len()).sum::<usize>() == code.len();
        let code_start = body.first().map_or(start.plain.start, |s| s.plain.start);
        let highlighted = match highlighted {
            Some(html) if !touched => Some(vec![Event::Html(html.into())]),
            Some(html) if contiguous => highlighted_tokens(&html, &code).map(|tokens| {
                // Marked code keeps its colours: the marks are cut into pieces at the
                // highlighter's spans.
                self.close_all();
                self.write_after(start.plain.start);
                self.in_code_block = true;
                self.out.push(start.event.clone());
                let mut at = code_start;
                for token in tokens {
                    match token {
                        HlToken::Tag(tag) => {
                            self.close_all();
                            self.out.push(Event::InlineHtml(tag.into()));
                        }
                        HlToken::Text(text) => {
                            let range = at..at + text.len();
                            at = range.end;
                            self.text_run(text.into(), range);
                        }
                    }
                }
                self.close_all();
                Vec::new()
            }),
            _ => None,
        };
        match highlighted {
            Some(events) if events.is_empty() => {}
            Some(events) => {
                self.close_all();
                self.write_after(start.plain.start);
                self.in_code_block = true;
                self.out.push(start.event);
                self.out.extend(events);
            }
            None => {
                self.step(start);
                body.into_iter().for_each(|s| self.step(s));
            }
        }
        if let Some(end) = end {
            self.step(end);
        }
    }

    fn step(&mut self, step: Step<'a>) {
        let plain = step.plain;
        self.write_after(plain.start);
        match step.event {
            Event::Text(text) if !plain.is_empty() => self.text_run(text, plain),
            event @ (Event::SoftBreak | Event::HardBreak) if !plain.is_empty() => {
                self.set_stack(plain.start);
                self.out.push(event);
            }
            Event::Code(code) if !plain.is_empty() => self.inline_code(code, plain),
            event => {
                self.close_all();
                self.other(event, plain.start);
            }
        }
    }

    /// Text of a run: cut into pieces where decorations start and end.
    fn text_run(&mut self, text: CowStr<'a>, plain: Range<usize>) {
        if self.stack.is_empty() && !self.touches(&plain) {
            self.out.push(Event::Text(text));
            return;
        }
        self.pieces(&text, plain);
    }

    fn pieces(&mut self, text: &str, plain: Range<usize>) {
        let cuts = self.cuts(&plain);
        for pair in cuts.windows(2) {
            let &[from, to] = pair else { continue };
            self.set_stack(from);
            // `from` and `to` are character boundaries of the reader's text, whose bytes
            // are this text's bytes shifted by `plain.start`; `get` keeps it panic-free.
            let piece = text.get(from - plain.start..to - plain.start).unwrap_or("");
            self.out.push(Event::Text(piece.to_string().into()));
            self.write_after(to);
        }
        // Text beyond what the event gave the reader's text (the line break ending an HTML
        // block) belongs to no piece.
        if let Some(rest) = text.get(plain.len()..).filter(|r| !r.is_empty()) {
            self.close_all();
            self.out.push(Event::Text(rest.to_string().into()));
        }
    }

    /// Inline code: passed on whole, or as `<code>` with the pieces inside.
    fn inline_code(&mut self, code: CowStr<'a>, plain: Range<usize>) {
        self.close_all();
        if !self.touches(&plain) {
            self.out.push(Event::Code(code));
            return;
        }
        self.out.push(Event::InlineHtml("<code>".into()));
        self.pieces(&code, plain);
        self.close_all();
        self.out.push(Event::InlineHtml("</code>".into()));
    }

    /// Every other event, after the safety policy and heading ids.
    fn other(&mut self, event: Event<'a>, at: usize) {
        match &event {
            Event::Start(Tag::Link { .. }) => self.link_depth += 1,
            Event::End(TagEnd::Link) => self.link_depth = self.link_depth.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            _ => {}
        }
        let event = match event {
            Event::Start(tag) => Event::Start(safe_tag(tag, self.opts.link_root.as_deref())),
            Event::End(TagEnd::Heading(level)) => {
                self.finish_heading(at);
                Event::End(TagEnd::Heading(level))
            }
            Event::TaskListMarker(done) => Event::InlineHtml(task_box(done).into()),
            event => event,
        };
        if matches!(event, Event::Start(Tag::Heading { id: None, .. })) {
            self.heading = Some((self.out.len(), at));
        }
        self.out.push(event);
    }

    /// Gives the open heading its id, now that its text is known.
    fn finish_heading(&mut self, end: usize) {
        let Some((index, start)) = self.heading.take() else {
            return;
        };
        let words = self.text.get(start..end).unwrap_or("");
        let id = unique_id(&clear_of_page_ids(slug(words)), &mut self.used_ids);
        if let Some(Event::Start(Tag::Heading { id: slot, .. })) = self.out.get_mut(index) {
            *slot = Some(id.into());
        }
    }

    /// Writes the `after` HTML of every decoration that ended by `at`, when `at` lies
    /// outside every decoration, link and code block (else it waits for such a place).
    fn write_after(&mut self, at: usize) {
        if self.link_depth > 0 || self.in_code_block {
            return;
        }
        let ready: Vec<usize> = (0..self.decorations.len())
            .filter(|&i| !self.written_after.get(i).copied().unwrap_or(true))
            .filter(|&i| {
                self.decorations
                    .get(i)
                    .is_some_and(|d| d.after.is_some() && d.range.end <= at)
            })
            .collect();
        if ready.is_empty() {
            return;
        }
        let inside = self
            .decorations
            .iter()
            .take_while(|d| d.range.start < at)
            .any(|d| d.range.end > at);
        if inside {
            return;
        }
        self.close_all();
        for i in ready {
            if let Some(slot) = self.written_after.get_mut(i) {
                *slot = true;
            }
            if let Some(html) = self.decorations.get(i).and_then(|d| d.after.clone()) {
                self.out.push(Event::InlineHtml(html.into()));
            }
        }
    }

    /// Writes now the `after` HTML of every decoration lying within `range`.
    fn write_after_within(&mut self, range: Range<usize>) {
        for i in 0..self.decorations.len() {
            let Some(d) = self.decorations.get(i) else {
                continue;
            };
            let within = range.start <= d.range.start && d.range.end <= range.end;
            if !within || self.written_after.get(i).copied().unwrap_or(true) {
                continue;
            }
            if let Some(html) = d.after.clone() {
                self.out.push(Event::InlineHtml(html.into()));
            }
            if let Some(slot) = self.written_after.get_mut(i) {
                *slot = true;
            }
        }
    }

    /// Whether any decoration overlaps `range`.
    fn touches(&self, range: &Range<usize>) -> bool {
        self.decorations
            .iter()
            .take_while(|d| d.range.start < range.end)
            .any(|d| d.range.end > range.start)
    }

    /// `range.start`, every decoration start and end inside `range`, and `range.end`.
    fn cuts(&self, range: &Range<usize>) -> Vec<usize> {
        let mut cuts = vec![range.start, range.end];
        for d in self
            .decorations
            .iter()
            .take_while(|d| d.range.start < range.end)
        {
            for at in [d.range.start, d.range.end] {
                if range.start < at && at < range.end {
                    cuts.push(at);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        cuts
    }

    /// Opens and closes pieces so that exactly the decorations covering `at` are open.
    fn set_stack(&mut self, at: usize) {
        let wanted: Vec<usize> = (0..self.decorations.len())
            .take_while(|&i| self.decorations.get(i).is_some_and(|d| d.range.start <= at))
            .filter(|&i| self.decorations.get(i).is_some_and(|d| at < d.range.end))
            .collect();
        let keep = self
            .stack
            .iter()
            .zip(&wanted)
            .take_while(|(a, b)| a == b)
            .count();
        while self.stack.len() > keep {
            self.close_top();
        }
        for &index in wanted.get(keep..).unwrap_or(&[]) {
            self.open(index);
        }
    }

    fn open(&mut self, index: usize) {
        let (Some(d), Some(opened)) = (self.decorations.get(index), self.opened.get_mut(index))
        else {
            return;
        };
        let tag = if *opened { &d.open } else { &d.open_first };
        *opened = true;
        self.out.push(Event::InlineHtml(tag.clone().into()));
        self.stack.push(index);
    }

    fn close_top(&mut self) {
        if let Some(d) = self.stack.pop().and_then(|i| self.decorations.get(i)) {
            self.out.push(Event::InlineHtml(d.close.clone().into()));
        }
    }

    fn close_all(&mut self) {
        while !self.stack.is_empty() {
            self.close_top();
        }
    }
}

/// A piece of highlighted code: a tag of the highlighter, or text (decoded).
enum HlToken {
    Tag(String),
    Text(String),
}

/// The highlighter's HTML for `code` as tags and decoded text, or `None` when its text is
/// not exactly `code` (then the code is shown unhighlighted).
fn highlighted_tokens(html: &str, code: &str) -> Option<Vec<HlToken>> {
    let mut tokens = Vec::new();
    let mut rest = html;
    let mut text = String::new();
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = rest.find('>')? + 1;
            tokens.push(HlToken::Tag(rest.get(..end)?.to_string()));
            rest = rest.get(end..)?;
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        let decoded = decode_entities(rest.get(..end)?)?;
        text.push_str(&decoded);
        tokens.push(HlToken::Text(decoded));
        rest = rest.get(end..)?;
    }
    (text == code).then_some(tokens)
}

/// Decodes the character references syntect writes; `None` for any other.
fn decode_entities(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at)?);
        rest = rest.get(at..)?;
        let end = rest.find(';')? + 1;
        out.push(match rest.get(..end)? {
            "&amp;" => '&',
            "&lt;" => '<',
            "&gt;" => '>',
            "&quot;" => '"',
            "&#39;" | "&#x27;" => '\'',
            _ => return None,
        });
        rest = rest.get(end..)?;
    }
    out.push_str(rest);
    Some(out)
}

/// The language of a fence's info string: its first word (`rust,ignore` gives `rust`).
fn code_lang(info: &str) -> &str {
    info.split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("")
}

/// A link or image tag whose URL is replaced by `#` when it is not safe, and moved under
/// `root` when it is written root-relative.
fn safe_tag<'a>(tag: Tag<'a>, root: Option<&str>) -> Tag<'a> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } if is_safe_url(&dest_url) && under_root(&dest_url, root).is_some() => Tag::Link {
            link_type,
            dest_url: under_root(&dest_url, root).unwrap_or_default().into(),
            title,
            id,
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } if is_safe_url(&dest_url) && under_root(&dest_url, root).is_some() => Tag::Image {
            link_type,
            dest_url: under_root(&dest_url, root).unwrap_or_default().into(),
            title,
            id,
        },
        Tag::Link {
            dest_url,
            title,
            id,
            ..
        } if !is_safe_url(&dest_url) => Tag::Link {
            link_type: LinkType::Inline,
            dest_url: "#".into(),
            title,
            id,
        },
        Tag::Image {
            dest_url,
            title,
            id,
            ..
        } if !is_safe_url(&dest_url) => Tag::Image {
            link_type: LinkType::Inline,
            dest_url: "#".into(),
            title,
            id,
        },
        tag => tag,
    }
}

/// A root-relative address (`/x`, not `//host`) moved under `root`, when there is a root
/// other than `/`.
fn under_root(url: &str, root: Option<&str>) -> Option<String> {
    let root = root.filter(|r| *r != "/" && !r.is_empty())?;
    let rest = url.strip_prefix('/').filter(|r| !r.starts_with('/'))?;
    let root = root.trim_end_matches('/');
    Some(format!("{root}/{rest}"))
}

/// A task-list item's box: a disabled checkbox, named for screen readers (pulldown-cmark's
/// own has no accessible name).
fn task_box(done: bool) -> &'static str {
    if done {
        "<input type=\"checkbox\" class=\"task\" disabled checked aria-label=\"Done\"> "
    } else {
        "<input type=\"checkbox\" class=\"task\" disabled aria-label=\"Not done\"> "
    }
}

/// The slug of a heading's text: lowercase letters and digits, other runs as one `-`;
/// `section` when it has none.
fn slug(text: &str) -> String {
    slug_or(text, "section")
}

/// The slug of `text` (lowercase letters and digits, other runs as one `-`), or `fallback`
/// when it has no letters or digits. A slug never holds `--`.
pub(super) fn slug_or(text: &str, fallback: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        fallback.to_string()
    } else {
        slug.to_string()
    }
}

/// `base`, or `base-1`, `base-2`… whichever is not used yet; marks it used.
/// Ids the page around an article uses (the default theme's headings and sections, the
/// page frame): a heading id equal to one gets the prefix `h-`.
const PAGE_IDS: [&str; 8] = [
    "main",
    "briefing-title",
    "event-title",
    "actor-name",
    "search-q",
    "search-status",
    "search-results",
    "timeline-map",
];

/// Prefixes of the ids of annotation marks (`quote-ID`, …), mention anchors
/// (`mention-ACTOR-N`), footnotes (`fn-LABEL`, `fnref-LABEL`) and the page's sections
/// (`sec-quotes`): a heading id starting with
/// one gets the prefix `h-`, so it never takes an id a mark or the page needs.
const PAGE_ID_PREFIXES: [&str; 8] = [
    "quote-", "claim-", "event-", "note-", "mention-", "sec-", "fn-", "fnref-",
];

/// `slug`, with `h-` before it when it could collide with an id of the page or its marks.
fn clear_of_page_ids(slug: String) -> String {
    let taken =
        PAGE_IDS.contains(&slug.as_str()) || PAGE_ID_PREFIXES.iter().any(|p| slug.starts_with(p));
    if taken { format!("h-{slug}") } else { slug }
}

fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 0;
    while used.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    used.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::PlainText;

    #[test]
    fn heading_ids_never_take_an_id_of_the_page_or_its_marks() {
        let html = render_html(
            "# Briefing title\n\n## Quote: one\n\n## Sec quotes\n\n## Plain",
            &MarkdownOptions::default(),
            &[],
            &Highlighter::new(),
        );
        assert!(html.contains("<h1 id=\"h-briefing-title\">"), "{html}");
        assert!(html.contains("<h2 id=\"h-quote-one\">"), "{html}");
        assert!(html.contains("<h2 id=\"h-sec-quotes\">"), "{html}");
        assert!(html.contains("<h2 id=\"plain\">"), "{html}");
    }

    const SAFE: MarkdownOptions = MarkdownOptions {
        smart_punctuation: true,
        unsafe_html: false,
        link_root: None,
    };

    fn mark(range: Range<usize>, ann: &str) -> Decoration {
        Decoration {
            range,
            element: Element::Mark,
            attrs: vec![("data-ann".into(), ann.into())],
            first_attrs: vec![("id".into(), ann.replace(':', "-"))],
            inner: None,
            after: None,
        }
    }

    /// The range of `words` in the reader's text of `md`.
    fn find(md: &str, words: &str) -> Range<usize> {
        let plain = PlainText::new(md, &SAFE);
        let start = plain.as_str().find(words).expect("words in text");
        start..start + words.len()
    }

    fn render(md: &str, decorations: &[Decoration]) -> String {
        render_html(md, &SAFE, decorations, &Highlighter::new())
    }

    #[test]
    fn marked_code_keeps_its_highlighting() {
        let md = "```rust\nlet a = \"x<y\";\n```\n";
        let d = mark(find(md, "a = \"x<y"), "note:n");
        let html = render(md, &[d]);
        assert!(
            html.starts_with("<pre><code class=\"language-rust\"><span class=\"hl-"),
            "{html}"
        );
        assert!(
            html.contains("<mark id=\"note-n\" data-ann=\"note:n\">"),
            "{html}"
        );
        assert!(html.contains("x&lt;y"), "{html}");
        let undecorated = render(md, &[]);
        let strip = |h: &str| {
            h.replace("<mark id=\"note-n\" data-ann=\"note:n\">", "")
                .replace("<mark data-ann=\"note:n\">", "")
                .replace("</mark>", "")
                .replace("&quot;", "\"")
        };
        assert_eq!(strip(&html), strip(&undecorated));
    }

    #[test]
    fn no_decorations_is_plain_commonmark() {
        assert_eq!(
            render("Hello *world*", &[]),
            "<p>Hello <em>world</em></p>\n"
        );
    }

    #[test]
    fn span_crossing_emphasis_link_and_code_is_split_into_pieces() {
        let md = "Say *big war* on [the cartels](http://x) with `code here` now.";
        let d = mark(find(md, "war on the cartels with code"), "quote:q");
        assert_eq!(
            render(md, &[d]),
            "<p>Say <em>big <mark id=\"quote-q\" data-ann=\"quote:q\">war</mark></em>\
             <mark data-ann=\"quote:q\"> on </mark>\
             <a href=\"http://x\"><mark data-ann=\"quote:q\">the cartels</mark></a>\
             <mark data-ann=\"quote:q\"> with </mark>\
             <code><mark data-ann=\"quote:q\">code</mark> here</code> now.</p>\n"
        );
    }

    #[test]
    fn nested_quote_and_claim() {
        let md = "He said the budget was less than $17 billion today.";
        let quote = mark(find(md, "the budget was less than $17 billion"), "quote:b");
        let claim = mark(find(md, "less than $17 billion"), "claim:c");
        assert_eq!(
            render(md, &[claim, quote]),
            "<p>He said <mark id=\"quote-b\" data-ann=\"quote:b\">the budget was \
             <mark id=\"claim-c\" data-ann=\"claim:c\">less than $17 billion</mark></mark> today.</p>\n"
        );
    }

    #[test]
    fn overlapping_spans_close_and_reopen() {
        let md = "one two three four";
        let a = mark(find(md, "one two three"), "note:a");
        let b = mark(find(md, "two three four"), "note:b");
        assert_eq!(
            render(md, &[a, b]),
            "<p><mark id=\"note-a\" data-ann=\"note:a\">one \
             <mark id=\"note-b\" data-ann=\"note:b\">two three</mark></mark>\
             <mark data-ann=\"note:b\"> four</mark></p>\n"
        );
    }

    #[test]
    fn soft_and_hard_breaks_stay_inside_pieces() {
        let md = "one\ntwo  \nthree";
        let d = mark(find(md, "one two three"), "note:n");
        assert_eq!(
            render(md, &[d]),
            "<p><mark id=\"note-n\" data-ann=\"note:n\">one\ntwo<br />\nthree</mark></p>\n"
        );
    }

    #[test]
    fn entities_stay_in_one_piece() {
        let md = "AT&amp;T and <x>";
        let d = mark(find(md, "T&T"), "note:n");
        assert_eq!(
            render(md, &[d]),
            "<p>A<mark id=\"note-n\" data-ann=\"note:n\">T&amp;T</mark> and &lt;x&gt;</p>\n"
        );
    }

    #[test]
    fn span_inside_a_code_block_is_cut_at_the_highlighted_spans() {
        let md = "```rust\nlet a = 1;\nlet b = 2;\n```\n";
        let d = mark(find(md, "1; let"), "note:n");
        assert_eq!(
            render(md, &[d]),
            "<pre><code class=\"language-rust\"><span class=\"hl-source hl-rust\">\
             <span class=\"hl-storage hl-type hl-rust\">let</span> a \
             <span class=\"hl-keyword hl-operator hl-rust\">=</span> \
             <span class=\"hl-constant hl-numeric hl-integer hl-decimal hl-rust\"><mark id=\"note-n\" data-ann=\"note:n\">1</mark></span>\
             <span class=\"hl-punctuation hl-terminator hl-rust\"><mark data-ann=\"note:n\">;</mark></span>\
             <mark data-ann=\"note:n\">\n</mark>\
             <span class=\"hl-storage hl-type hl-rust\"><mark data-ann=\"note:n\">let</mark></span> b \
             <span class=\"hl-keyword hl-operator hl-rust\">=</span> \
             <span class=\"hl-constant hl-numeric hl-integer hl-decimal hl-rust\">2</span>\
             <span class=\"hl-punctuation hl-terminator hl-rust\">;</span>\n</span></code></pre>\n"
        );
    }

    #[test]
    fn unknown_languages_are_plain_code() {
        assert_eq!(
            render("```zzz\na<b\n```\n", &[]),
            "<pre><code class=\"language-zzz\">a&lt;b\n</code></pre>\n"
        );
    }

    #[test]
    fn raw_html_is_escaped_unless_allowed() {
        let md = "a <b>bold</b>\n\n<div onclick=\"x\">hi</div>\n";
        let escaped = render(md, &[]);
        assert_eq!(
            escaped,
            "<p>a &lt;b&gt;bold&lt;/b&gt;</p>\n&lt;div onclick=\"x\"&gt;hi&lt;/div&gt;\n"
        );
        let opts = MarkdownOptions {
            unsafe_html: true,
            ..SAFE
        };
        let passed = render_html(md, &opts, &[], &Highlighter::new());
        assert_eq!(
            passed,
            "<p>a <b>bold</b></p>\n<div onclick=\"x\">hi</div>\n"
        );
    }

    #[test]
    fn dangerous_urls_are_neutralised() {
        let html = render(
            "[x](javascript:alert(1)) ![y](data:text/html,z) [ok](https://a.b)",
            &[],
        );
        assert_eq!(
            html,
            "<p><a href=\"#\">x</a> <img src=\"#\" alt=\"y\" /> <a href=\"https://a.b\">ok</a></p>\n"
        );
        assert!(render("<javascript:alert(1)>", &[]).contains("href=\"#\""));
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = render(
            "# Hello, *World*!\n\n## Hello world\n\n# Other {#hello-world-1}\n\n# ...\n",
            &[],
        );
        assert_eq!(
            html,
            "<h1 id=\"hello-world\">Hello, <em>World</em>!</h1>\n\
             <h2 id=\"hello-world-2\">Hello world</h2>\n\
             <h1 id=\"hello-world-1\">Other</h1>\n\
             <h1 id=\"section\">…</h1>\n"
        );
    }

    #[test]
    fn attribute_values_are_escaped_and_bad_names_dropped() {
        let d = Decoration {
            range: find("abc", "b"),
            element: Element::Link,
            attrs: vec![
                ("href".into(), "/a?x=\"<y>\"&z".into()),
                ("on click".into(), "x".into()),
            ],
            first_attrs: vec![],
            inner: None,
            after: None,
        };
        assert_eq!(
            render("abc", &[d]),
            "<p>a<a href=\"/a?x=&quot;&lt;y&gt;&quot;&amp;z\">b</a>c</p>\n"
        );
    }

    #[test]
    fn span_across_table_cells_is_one_piece_per_cell() {
        let md = "| a | b |\n|---|---|\n| one | two |\n";
        let plain = PlainText::new(md, &SAFE);
        assert_eq!(plain.as_str(), "a\nb\none\ntwo");
        let html = render(md, &[mark(find(md, "one\ntwo"), "note:t")]);
        assert!(
            html.contains("<td><mark id=\"note-t\" data-ann=\"note:t\">one</mark></td><td><mark data-ann=\"note:t\">two</mark></td>"),
            "{html}"
        );
    }

    #[test]
    fn image_text_gets_no_pieces() {
        let md = "a ![alt words](x.png) b";
        let html = render(md, &[mark(find(md, "a  b"), "note:i")]);
        assert_eq!(
            html,
            "<p><mark id=\"note-i\" data-ann=\"note:i\">a </mark><img src=\"x.png\" alt=\"alt words\" /><mark data-ann=\"note:i\"> b</mark></p>\n"
        );
    }

    #[test]
    fn out_of_range_and_mid_character_decorations_do_not_panic() {
        let md = "é and ü";
        for range in [
            0..1,
            1..2,
            5..500,
            400..500,
            3..3,
            Range { start: 6, end: 2 },
        ] {
            let html = render(md, &[mark(range, "note:x")]);
            assert!(html.starts_with("<p>"), "{html}");
        }
    }
}

#[cfg(test)]
mod footnote_tests {
    use super::*;
    use crate::markdown::PlainText;

    const SAFE: MarkdownOptions = MarkdownOptions {
        smart_punctuation: true,
        unsafe_html: false,
        link_root: None,
    };

    fn render(md: &str, decorations: &[Decoration]) -> String {
        render_html(md, &SAFE, decorations, &Highlighter::new())
    }

    fn mark(md: &str, words: &str, id: &str, after: Option<&str>) -> Decoration {
        let plain = PlainText::new(md, &SAFE);
        let start = plain.as_str().find(words).expect("words in text");
        Decoration {
            range: start..start + words.len(),
            element: Element::Mark,
            attrs: vec![("data-ann".into(), format!("note:{id}"))],
            first_attrs: vec![("id".into(), format!("note-{id}"))],
            inner: None,
            after: after.map(str::to_string),
        }
    }

    /// The `n`th reference's markup (1-based number `number`).
    fn reference(stem: &str, id: &str, number: usize) -> String {
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{stem}\" id=\"{id}\" role=\"doc-noteref\">{number}</a></sup>"
        )
    }

    fn back(id: &str, label: &str, mark: &str) -> String {
        format!(
            "<a href=\"#{id}\" class=\"footnote-back\" role=\"doc-backlink\" \
             aria-label=\"Back to reference {label}\">\u{21a9}\u{fe0e}{mark}</a>"
        )
    }

    #[test]
    fn a_footnote_is_a_numbered_link_and_a_list_after_the_content() {
        let html = render(
            "The deal[^d] was signed.\n\n[^d]: In *May*.\n\nAfter.\n",
            &[],
        );
        assert_eq!(
            html,
            format!(
                "<p>The deal{} was signed.</p>\n<p>After.</p>\n\
                 <section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Footnotes\">\n<ol>\n\
                 <li id=\"fn-d\">\n<p>In <em>May</em>. {}</p>\n</li>\n</ol>\n</section>\n",
                reference("d", "fnref-d", 1),
                back("fnref-d", "1", "")
            )
        );
    }

    #[test]
    fn notes_are_numbered_by_first_reference_and_repeats_get_their_own_ids() {
        let md =
            "[^z]: Zed.\n\n[^a]: Ay, see[^c].\n\nOne[^a], two[^z], one again[^A].\n\n[^c]: Sea.\n";
        let html = render(md, &[]);
        let main = format!(
            "<p>One{}, two{}, one again{}.</p>\n",
            reference("a", "fnref-a", 1),
            reference("z", "fnref-z", 2),
            reference("a", "fnref-a-2", 1)
        );
        assert!(html.starts_with(&main), "{html}");
        let list = format!(
            "<li id=\"fn-a\">\n<p>Ay, see{}. {} {}</p>\n</li>\n\
             <li id=\"fn-z\">\n<p>Zed. {}</p>\n</li>\n\
             <li id=\"fn-c\">\n<p>Sea. {}</p>\n</li>\n",
            reference("c", "fnref-c", 3),
            back("fnref-a", "1", ""),
            back("fnref-a-2", "1-2", "<sup>2</sup>"),
            back("fnref-z", "2", ""),
            back("fnref-c", "3", "")
        );
        assert!(html.contains(&list), "{html}");
    }

    #[test]
    fn a_note_never_referenced_is_listed_last_without_a_back_link() {
        let html = render("[^lost]: Kept.\n\nText[^x].\n\n[^x]: Cited.\n", &[]);
        let cited = html.find("<li id=\"fn-x\">").expect("cited note");
        let lost = html
            .find("<li id=\"fn-lost\">\n<p>Kept.</p>\n</li>")
            .expect("kept");
        assert!(cited < lost, "{html}");
        assert_eq!(html.matches("doc-backlink").count(), 1, "{html}");
    }

    #[test]
    fn labels_are_slugged_escaped_and_kept_unique() {
        let md = "A[^<b>\"Big\" & 'x'</b>] b[^a b] c[^a-b] d[^!!] e[^日本].\n\n\
                  [^<b>\"Big\" & 'x'</b>]: One.\n\n[^a b]: Two.\n\n[^a-b]: Three.\n\n[^!!]: Four.\n\n[^日本]: Five.\n";
        let html = render(md, &[]);
        for id in [
            "fn-b-big-x-b",
            "fn-a-b",
            "fn-a-b-1",
            "fn-4",
            "fn-日本",
            "fnref-b-big-x-b",
            "fnref-a-b",
            "fnref-a-b-1",
            "fnref-4",
        ] {
            assert_eq!(
                html.matches(&format!("id=\"{id}\"")).count(),
                1,
                "{id}: {html}"
            );
        }
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("'x'"), "{html}");
    }

    #[test]
    fn ids_of_repeated_references_never_meet_another_notes_ids() {
        // "a" is cited twice (fnref-a, fnref-a-2); the note labelled "a-2" takes another stem.
        let html = render("x[^a] y[^a] z[^a-2]\n\n[^a]: A.\n\n[^a-2]: B.\n", &[]);
        assert_eq!(html.matches("id=\"fnref-a-2\"").count(), 1, "{html}");
        assert!(html.contains("<li id=\"fn-a-2-1\">"), "{html}");
        assert!(html.contains("id=\"fnref-a-2-1\""), "{html}");
    }

    #[test]
    fn scoped_ids_cannot_be_those_of_the_main_text() {
        let md = "Said[^1].\n\n[^1]: Where.\n";
        let html = render_scoped_html(md, &SAFE, &Highlighter::new(), "note-x");
        assert!(
            html.contains("<div class=\"footnotes\">\n<ol>\n<li id=\"fn-note-x--1\">"),
            "{html}"
        );
        assert!(
            html.contains(&reference("note-x--1", "fnref-note-x--1", 1)),
            "{html}"
        );
        assert!(html.contains("href=\"#fnref-note-x--1\""), "{html}");
    }

    #[test]
    fn a_mark_crossing_a_reference_leaves_the_number_outside() {
        let md = "See this[^1] claim.\n\n[^1]: The note.\n";
        let html = render(md, &[mark(md, "this claim", "c", None)]);
        assert!(
            html.starts_with(&format!(
                "<p>See <mark id=\"note-c\" data-ann=\"note:c\">this</mark>{}\
                 <mark data-ann=\"note:c\"> claim</mark>.</p>\n",
                reference("1", "fnref-1", 1)
            )),
            "{html}"
        );
    }

    #[test]
    fn a_mark_and_its_margin_note_in_a_definition_move_with_it() {
        let md = "Text[^n] here.\n\n[^n]: Words *in the* note.\n\nMore text.\n";
        let after = "<span class=\"sidenote\">N</span>";
        let html = render(md, &[mark(md, "in the note", "m", Some(after))]);
        assert!(
            html.contains(&format!(
                "<li id=\"fn-n\">\n<p>Words <em><mark id=\"note-m\" data-ann=\"note:m\">in the</mark></em>\
                 <mark data-ann=\"note:m\"> note</mark>{after}. {}</p>\n</li>",
                back("fnref-n", "1", "")
            )),
            "{html}"
        );
        assert!(html.find("More text").unwrap_or(0) < html.find("<section").unwrap_or(0));
        let undecorated = render(md, &[]);
        assert_eq!(
            html.replace("<mark id=\"note-m\" data-ann=\"note:m\">", "")
                .replace("<mark data-ann=\"note:m\">", "")
                .replace("</mark>", "")
                .replace(after, ""),
            undecorated
        );
    }

    #[test]
    fn a_definition_ending_in_another_block_gets_its_back_link_in_a_paragraph() {
        let html = render("a[^c]\n\n[^c]: Code:\n\n    ```\n    x\n    ```\n", &[]);
        assert!(
            html.contains(&format!(
                "</code></pre>\n<p>{}</p>\n</li>",
                back("fnref-c", "1", "")
            )),
            "{html}"
        );
    }

    #[test]
    fn a_definition_inside_a_quote_is_listed_too() {
        let html = render("a[^q]\n\n> [^q]: Quoted.\n", &[]);
        assert!(html.contains("<blockquote>\n</blockquote>"), "{html}");
        assert!(html.contains("<li id=\"fn-q\">\n<p>Quoted. "), "{html}");
    }

    #[test]
    fn text_without_footnotes_has_no_list() {
        let html = render("Plain [^undefined] text.", &[]);
        assert_eq!(html, "<p>Plain [^undefined] text.</p>\n");
    }

    #[test]
    fn heading_ids_avoid_footnote_ids() {
        let html = render("## Fnref one\n\n## Fn two", &[]);
        assert!(html.contains("<h2 id=\"h-fnref-one\">"), "{html}");
        assert!(html.contains("<h2 id=\"h-fn-two\">"), "{html}");
    }

    #[test]
    fn task_list_boxes_are_named() {
        let md = "- [ ] open\n- [x] done\n";
        assert_eq!(
            render(md, &[]),
            "<ul>\n\
             <li><input type=\"checkbox\" class=\"task\" disabled aria-label=\"Not done\"> open</li>\n\
             <li><input type=\"checkbox\" class=\"task\" disabled checked aria-label=\"Done\"> done</li>\n\
             </ul>\n"
        );
        // The box is not text: the item reads as its words.
        assert_eq!(PlainText::new(md, &SAFE).as_str(), "open\ndone");
    }
}

#[cfg(test)]
mod props {
    use proptest::prelude::*;
    use proptest::sample::Index;

    use super::*;
    use crate::markdown::PlainText;
    use crate::markdown::testgen::{block_range, markdown};

    const VOID: [&str; 4] = ["br", "hr", "img", "input"];

    /// The tags and text of some HTML: (tag, is text).
    fn tokens(html: &str) -> Vec<(&str, bool)> {
        let mut out = Vec::new();
        let mut rest = html;
        while !rest.is_empty() {
            let (token, is_text) = match rest.find('<') {
                Some(0) => (&rest[..rest.find('>').map_or(rest.len(), |i| i + 1)], false),
                Some(i) => (&rest[..i], true),
                None => (rest, true),
            };
            out.push((token, is_text));
            rest = &rest[token.len()..];
        }
        out
    }

    fn tag_name(tag: &str) -> &str {
        let inner = tag.trim_start_matches('<').trim_start_matches('/');
        let end = inner
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap_or(inner.len());
        &inner[..end]
    }

    fn balanced(html: &str) -> Result<(), String> {
        let mut stack = Vec::new();
        for (token, is_text) in tokens(html) {
            let name = tag_name(token);
            if is_text || VOID.contains(&name) || token.ends_with("/>") {
                continue;
            }
            if token.starts_with("</") {
                if stack.pop() != Some(name) {
                    return Err(format!("unbalanced {token}"));
                }
            } else {
                stack.push(name);
            }
        }
        if stack.is_empty() {
            Ok(())
        } else {
            Err(format!("unclosed {stack:?}"))
        }
    }

    fn unescape(text: &str) -> String {
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    /// The text inside the pieces carrying `data-test="{n}"`, in document order.
    fn piece_text(html: &str, n: usize) -> String {
        let wanted = format!("data-test=\"{n}\"");
        let mut stack: Vec<(&str, bool)> = Vec::new();
        let mut text = String::new();
        for (token, is_text) in tokens(html) {
            let inside = stack.iter().any(|(_, ours)| *ours);
            let name = tag_name(token);
            if is_text {
                if inside {
                    text.push_str(&unescape(token));
                }
            } else if name == "br" {
                if inside {
                    text.push('\n');
                }
            } else if token.starts_with("</") {
                stack.pop();
            } else if !VOID.contains(&name) {
                stack.push((name, token.contains(&wanted)));
            }
        }
        text
    }

    fn collapse(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            if c.is_whitespace() {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    fn strip_marks(html: &str) -> String {
        tokens(html)
            .into_iter()
            .filter(|(token, is_text)| *is_text || tag_name(token) != "mark")
            .map(|(token, _)| token)
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn decorated_html_is_well_formed_and_faithful(
            md in markdown(),
            smart in any::<bool>(),
            spans in prop::collection::vec(any::<(Index, Index, Index)>(), 1..5),
        ) {
            let opts = MarkdownOptions { smart_punctuation: smart, unsafe_html: false, link_root: None };
            let plain = PlainText::new(&md, &opts);
            let decorations: Vec<Decoration> = spans
                .iter()
                .enumerate()
                .map(|(n, (block, a, b))| Decoration {
                    range: block_range(&plain, *block, *a, *b),
                    element: Element::Mark,
                    attrs: vec![("data-test".into(), n.to_string())],
                    first_attrs: vec![("id".into(), format!("t{n}"))],
                    inner: None,
                    after: None,
                })
                .collect();
            let highlighter = Highlighter::new();
            let html = render_html(&md, &opts, &decorations, &highlighter);
            prop_assert_eq!(balanced(&html), Ok(()), "{}", html);
            for (n, d) in decorations.iter().enumerate() {
                let expected = collapse(&plain.as_str()[d.range.clone()]);
                prop_assert_eq!(collapse(&piece_text(&html, n)), expected, "{}", html);
                let firsts = html.matches(&format!("id=\"t{n}\"")).count();
                prop_assert_eq!(firsts, usize::from(!d.range.is_empty()));
            }
            let undecorated = render_html(&md, &opts, &[], &highlighter);
            prop_assert_eq!(strip_marks(&html), undecorated);
        }

        #[test]
        fn arbitrary_markdown_and_ranges_never_panic(
            md in "\\PC{0,200}",
            unsafe_html in any::<bool>(),
            ranges in prop::collection::vec((0usize..300, 0usize..300), 0..4),
        ) {
            let opts = MarkdownOptions { smart_punctuation: true, unsafe_html, link_root: None };
            let decorations: Vec<Decoration> = ranges
                .into_iter()
                .map(|(a, b)| Decoration { range: a..b, element: Element::Link, attrs: vec![], first_attrs: vec![], inner: None, after: None })
                .collect();
            let html = render_html(&md, &opts, &decorations, &Highlighter::new());
            let plain = PlainText::new(&md, &opts);
            prop_assert!(!plain.as_str().starts_with('\n') || plain.as_str().is_empty());
            if !unsafe_html {
                prop_assert_eq!(balanced(&html).is_ok(), balanced(&render_html(&md, &opts, &[], &Highlighter::new())).is_ok());
            }
        }
    }

    #[test]
    fn checker_finds_unbalanced_tags() {
        assert!(balanced("<p><em>a</p></em>").is_err());
        assert!(balanced("<p>a<br />b<img src=\"x\" alt=\"y\" /></p>").is_ok());
        assert_eq!(
            piece_text("<p><mark data-test=\"1\">a &amp;<em>b</em></mark>c</p>", 1),
            "a &b"
        );
    }
}
