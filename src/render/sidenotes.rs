//! Margin notes (Tufte sidenotes) beside the words of a briefing.
//!
//! Each note becomes two things in the annotated text, both plain HTML and CSS, no script:
//! a `<label>` inside every piece of its `<mark>`, so tapping the words toggles the note,
//! and, right after the words, a numbered toggle (a checkbox and its label) and the note
//! itself in a `<span class="sidenote" role="note">`. The theme's stylesheet floats the
//! note into the margin on wide screens and shows it inline, after the words, on narrow
//! screens once the toggle is checked; print shows it as a footnote-like block.

use std::ops::Range;

use crate::markdown::{MarkdownOptions, PlainText, escape_html};

/// The HTML of a note's words and the note placed after them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sidenote {
    /// The open and close tags around the text of every piece of the note's mark: a label
    /// for the toggle, or `None` where a label may not go (inside a link or code, or
    /// inside the words of another note).
    pub(crate) words: Option<(String, String)>,
    /// The toggle and the note, written after the words.
    pub(crate) after: String,
}

/// The id of a note's toggle (`sidenote-<id>`).
fn toggle_id(note_id: &str) -> String {
    format!("sidenote-{note_id}")
}

/// The sidenote of the note `note_id`, numbered `number`, whose text `note_html` is inline
/// HTML ([`inline_note_html`]); `labelled` says whether its words may hold a label.
pub(crate) fn sidenote(note_id: &str, number: usize, note_html: &str, labelled: bool) -> Sidenote {
    let id = escape_html(&toggle_id(note_id));
    let words = labelled.then(|| {
        (
            format!("<label for=\"{id}\" class=\"sidenote-words\">"),
            "</label>".to_string(),
        )
    });
    // The checkbox is named "Note N"; the number its label shows is hidden from screen
    // readers inside a span (HTML forbids `aria-hidden` on a label of a checkbox).
    let after = format!(
        "<input type=\"checkbox\" id=\"{id}\" class=\"sidenote-toggle\" aria-label=\"Note {number}\">\
         <label for=\"{id}\" class=\"sidenote-ref\"><span aria-hidden=\"true\">{number}</span></label>\
         <span class=\"sidenote\" role=\"note\"><span class=\"sidenote-key\">{number}</span> {note_html}</span>"
    );
    Sidenote { words, after }
}

/// A note's Markdown as HTML that may stand inside a paragraph: its paragraphs joined by
/// line breaks; a note with other blocks (lists, code, quotes, tables, footnotes) as its
/// plain text. `block_html` is the note rendered as usual.
pub(crate) fn inline_note_html(note: &str, block_html: &str, opts: &MarkdownOptions) -> String {
    let paragraphs: Vec<&str> = block_html
        .trim()
        .split("</p>")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if paragraphs.iter().all(|p| is_inline(p)) {
        return paragraphs
            .iter()
            .map(|p| p.strip_prefix("<p>").unwrap_or(p))
            .collect::<Vec<_>>()
            .join("<br>");
    }
    escape_html(&plain_note(note, opts)).replace('\n', " ")
}

/// Whether `paragraph` (`<p>…`, its `</p>` cut off) holds inline elements only.
fn is_inline(paragraph: &str) -> bool {
    const BLOCKS: [&str; 14] = [
        "<ul",
        "<ol",
        "<li",
        "<pre",
        "<blockquote",
        "<table",
        "<div",
        "<hr",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
    ];
    paragraph.starts_with("<p>")
        && !paragraph.get(3..).unwrap_or("").contains("<p>")
        && !BLOCKS.iter().any(|b| paragraph.contains(b))
}

/// A note as plain text, for tooltips: its Markdown syntax removed.
pub(crate) fn plain_note(note: &str, opts: &MarkdownOptions) -> String {
    PlainText::new(note, opts).as_str().trim().to_string()
}

/// Whether each span (in the given order) may hold a label: it lies outside links and
/// code of `plain` and overlaps no span before it.
pub(crate) fn labelled(plain: &PlainText, spans: &[Range<usize>]) -> Vec<bool> {
    spans
        .iter()
        .enumerate()
        .map(|(i, s)| {
            plain.is_linkable(s.clone())
                && !spans
                    .iter()
                    .enumerate()
                    .any(|(j, o)| j != i && o.start < s.end && s.start < o.end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> MarkdownOptions {
        MarkdownOptions::default()
    }

    #[test]
    fn paragraphs_become_inline() {
        let html = inline_note_html("a *b*\n\nc", "<p>a <em>b</em></p>\n<p>c</p>\n", &opts());
        assert_eq!(html, "a <em>b</em><br>c");
    }

    #[test]
    fn other_blocks_become_plain_text() {
        let html = inline_note_html(
            "- a <b>\n- c",
            "<ul>\n<li>a &lt;b&gt;</li>\n<li>c</li>\n</ul>\n",
            &opts(),
        );
        assert_eq!(html, "a &lt;b&gt; c");
    }

    #[test]
    fn tooltips_are_plain() {
        assert_eq!(
            plain_note("The *Second* [Amendment](http://x)", &opts()),
            "The Second Amendment"
        );
    }

    #[test]
    fn a_sidenote_has_a_toggle_and_a_note() {
        let s = sidenote("lax-gun", 2, "Weak <em>laws</em>", true);
        assert_eq!(
            s.words,
            Some((
                "<label for=\"sidenote-lax-gun\" class=\"sidenote-words\">".to_string(),
                "</label>".to_string()
            ))
        );
        assert_eq!(
            s.after,
            "<input type=\"checkbox\" id=\"sidenote-lax-gun\" class=\"sidenote-toggle\" aria-label=\"Note 2\">\
             <label for=\"sidenote-lax-gun\" class=\"sidenote-ref\"><span aria-hidden=\"true\">2</span></label>\
             <span class=\"sidenote\" role=\"note\"><span class=\"sidenote-key\">2</span> Weak <em>laws</em></span>"
        );
    }

    #[test]
    fn overlapping_notes_and_links_get_no_label() {
        let md = "one two three [four](http://x) five";
        let plain = PlainText::new(md, &opts());
        let at = |w: &str| {
            let s = plain.as_str().find(w).unwrap_or(0);
            s..s + w.len()
        };
        let spans = [at("one two"), at("two three"), at("four"), at("five")];
        assert_eq!(labelled(&plain, &spans), vec![false, false, false, true]);
    }
}
