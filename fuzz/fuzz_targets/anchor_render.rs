//! Arbitrary Markdown and arbitrary selectors and ranges: the reader's text, anchoring, and
//! HTML with `<mark>` decorations must never panic, and the HTML must stay balanced.

#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use gloss::markdown::{Decoration, Element, Highlighter, MarkdownOptions, PlainText, render_html};
use gloss::resolve::anchor::{AnchorIndex, Selector};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Sel {
    text: String,
    prefix: Option<String>,
    suffix: Option<String>,
    occurrence: Option<u8>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    markdown: String,
    smart_punctuation: bool,
    unsafe_html: bool,
    selectors: Vec<Sel>,
    /// Raw ranges (not from anchoring), to test decorations at any offset.
    ranges: Vec<(u16, u16, bool)>,
}

fuzz_target!(|input: Input| {
    if input.markdown.len() > 4096 || input.selectors.len() > 8 || input.ranges.len() > 16 {
        return;
    }
    let opts = MarkdownOptions {
        smart_punctuation: input.smart_punctuation,
        unsafe_html: input.unsafe_html,
        link_root: input.unsafe_html.then(|| "/sub/".to_string()),
    };
    let plain = PlainText::new(&input.markdown, &opts);
    let index = AnchorIndex::new(&plain);
    let text_len = plain.as_str().len();
    let mut decorations = Vec::new();
    for (i, s) in input.selectors.iter().enumerate() {
        let sel = Selector {
            text: &s.text,
            prefix: s.prefix.as_deref(),
            suffix: s.suffix.as_deref(),
            occurrence: s.occurrence.map(usize::from),
        };
        if let Ok(range) = index.find(&sel) {
            assert!(range.start <= range.end && range.end <= text_len);
            let _ = plain.source_offset(range.start);
            decorations.push(mark(range, i));
        }
        let _ = index.nearest(&s.text);
    }
    for (i, &(a, b, link)) in input.ranges.iter().enumerate() {
        let (a, b) = (usize::from(a), usize::from(b));
        let range = a.min(b)..a.max(b);
        let mut d = mark(range, 100 + i);
        if link {
            d.element = Element::Link;
            d.attrs = vec![("href".into(), "/actors/x/".into())];
        }
        decorations.push(d);
    }
    let html = render_html(&input.markdown, &opts, &decorations, highlighter());
    // Raw HTML passes through with `unsafe_html`, and may hold marks of its own.
    if input.unsafe_html {
        return;
    }
    assert_eq!(
        html.matches("<mark").count(),
        html.matches("</mark>").count(),
        "unbalanced marks"
    );
});

/// Loading syntect's syntaxes takes far longer than one run: load them once.
fn highlighter() -> &'static Highlighter {
    static H: OnceLock<Highlighter> = OnceLock::new();
    H.get_or_init(Highlighter::new)
}

fn mark(range: std::ops::Range<usize>, i: usize) -> Decoration {
    Decoration {
        range,
        element: Element::Mark,
        attrs: vec![("data-ann".into(), format!("quote:q{i}"))],
        first_attrs: vec![("id".into(), format!("quote-q{i}"))],
        inner: None,
        after: None,
    }
}
