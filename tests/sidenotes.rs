//! Margin notes on a briefing page: the exact markup of the words, the toggle and the note.

mod common;

use common::{build, fixture, read};

#[test]
fn each_note_sits_after_its_words_with_a_numbered_toggle() {
    let (_tmp, out) = build(&fixture("sidenotes"), false);
    let html = read(&out, "briefings/notes/index.html");
    // Numbered in text order; the words hold a label for the toggle; paragraphs of the
    // note are joined by a line break; the tooltip is plain text.
    assert!(
        html.contains(
            "<p><mark id=\"note-lax-gun-control\" data-ann=\"note:lax-gun-control\" class=\"ann ann-note\" title=\"Note: Weak laws.\nSecond paragraph.\">\
             <label for=\"sidenote-lax-gun-control\" class=\"sidenote-words\">Lax gun control</label></mark>\
             <input type=\"checkbox\" id=\"sidenote-lax-gun-control\" class=\"sidenote-toggle\" aria-label=\"Note 1\">\
             <label for=\"sidenote-lax-gun-control\" class=\"sidenote-ref\"><span aria-hidden=\"true\">1</span></label>\
             <span class=\"sidenote\" role=\"note\"><span class=\"sidenote-key\">1</span> Weak laws.<br>Second paragraph.</span> feeds the flow"
        ),
        "{html}"
    );
    // Words inside a link get no label (no interactive content inside `<a>`), and the note
    // comes after the link; the note's Markdown is escaped and rendered.
    assert!(
        html.contains(
            "<a href=\"https://example.org/r\"><mark id=\"note-the-report\" data-ann=\"note:the-report\" class=\"ann ann-note\" title=\"Note: A public report &amp; its &lt;annex&gt;.\">the report</mark></a>\
             <input type=\"checkbox\" id=\"sidenote-the-report\" class=\"sidenote-toggle\" aria-label=\"Note 2\">\
             <label for=\"sidenote-the-report\" class=\"sidenote-ref\"><span aria-hidden=\"true\">2</span></label>\
             <span class=\"sidenote\" role=\"note\"><span class=\"sidenote-key\">2</span> A <em>public</em> report &amp; its &lt;annex&gt;.</span>.</p>"
        ),
        "{html}"
    );
    // Words in a code block: the note stands just before the block, not inside `<pre>`.
    assert!(
        html.contains(
            "<span class=\"sidenote\" role=\"note\"><span class=\"sidenote-key\">3</span> In code.</span>\n<pre><code class=\"language-rust\">"
        ),
        "{html}"
    );
    assert!(html.contains("<div class=\"briefing-layout has-sidenotes\">"));
}
