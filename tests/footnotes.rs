//! Footnotes and task lists on the pages of the `footnotes` fixture (tests/sites/footnotes):
//! references numbered in reading order, one list of the notes after the article with
//! back-links, marks that cross a reference or lie in a note, footnotes in the Markdown of
//! notes, event summaries, an actor's description and the home page, named task boxes, and
//! pages that stay well formed with every id once.

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::{build, fixture, read};

/// The `n`th reference to the note `stem`, numbered `number`.
fn reference(stem: &str, id: &str, number: usize) -> String {
    format!(
        "<sup class=\"footnote-ref\"><a href=\"#fn-{stem}\" id=\"{id}\" role=\"doc-noteref\">{number}</a></sup>"
    )
}

/// The link back to the reference `id`, labelled `label`, marked `mark` after the arrow.
fn back(id: &str, label: &str, mark: &str) -> String {
    format!(
        "<a href=\"#{id}\" class=\"footnote-back\" role=\"doc-backlink\" \
         aria-label=\"Back to reference {label}\">\u{21a9}\u{fe0e}{mark}</a>"
    )
}

#[test]
fn a_briefing_numbers_its_references_and_lists_its_notes_after_the_article() {
    let (_tmp, out) = build(&fixture("footnotes"), false);
    let page = read(&out, "briefings/notes/index.html");
    // Numbered by first reference; the second reference to a note has its own id; an event
    // mark crosses the first reference, which stays outside it.
    assert!(page.contains(&format!(
        "title=\"Event: The signing, 20 May 2025\">The deal</mark>{}<mark data-ann=\"event:the-signing\"",
        reference("when", "fnref-when", 1)
    )));
    assert!(page.contains(&format!(
        " by the minister{}, ",
        reference("who-why", "fnref-who-why", 2)
    )));
    assert!(page.contains(&reference("when", "fnref-when-2", 1)));
    // A claim crossing a reference: two pieces, the number between them.
    assert!(page.contains(&format!(
        "title=\"Claim: Supported\">crosses a reference</mark>{}<mark data-ann=\"claim:crosses\" class=\"ann ann-claim\" title=\"Claim: Supported\"> and goes</mark> on.",
        reference("src", "fnref-src", 3)
    )));
    assert_eq!(
        common::pieces(&page, "claim:crosses").concat(),
        "crosses a reference and goes"
    );
    // One list, after the article's last block, in number order; the note never cited
    // last, without a back-link.
    let list = "</ul>\n<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Footnotes\">\n<ol>\n\
                <li id=\"fn-when\">\n<p>In <em>May</em>, <mark id=\"note-in-a-footnote\"";
    assert!(page.contains(list), "{page}");
    assert!(page.contains(&format!(
        "Words of a footnote can carry a note.</span>. {} {}</p>\n</li>\n\
         <li id=\"fn-who-why\">\n<p>A label that needs escaping. {}</p>\n</li>\n\
         <li id=\"fn-src\">\n<p>The ministry’s own record. {}</p>\n</li>\n\
         <li id=\"fn-never\">\n<p>Nobody cites this note, but it is kept.</p>\n</li>\n</ol>\n</section>\n",
        back("fnref-when", "1", ""),
        back("fnref-when-2", "1-2", "<sup>2</sup>"),
        back("fnref-who-why", "2", ""),
        back("fnref-src", "3", "")
    )));
    // The margin note of words in a footnote moved with it, and its words are whole.
    assert_eq!(
        common::pieces(&page, "note:in-a-footnote").concat(),
        "after long talks"
    );
    assert_eq!(page.matches("<section class=\"footnotes\"").count(), 1);
    assert!(!page.contains("footnote-definition"));
}

#[test]
fn task_list_boxes_have_an_accessible_name() {
    let (_tmp, out) = build(&fixture("footnotes"), false);
    let page = read(&out, "briefings/notes/index.html");
    assert!(page.contains(
        "<li><input type=\"checkbox\" class=\"task\" disabled checked aria-label=\"Done\"> read the text</li>\n\
         <li><input type=\"checkbox\" class=\"task\" disabled aria-label=\"Not done\"> check the figures</li>"
    ));
}

#[test]
fn footnotes_of_notes_and_summaries_are_scoped_and_the_main_markdown_of_a_page_is_not() {
    let (_tmp, out) = build(&fixture("footnotes"), false);
    // A note's own footnote, in the list of notes: ids of its own, no second landmark.
    let page = read(&out, "briefings/notes/index.html");
    assert!(page.contains(&format!(
        "<div class=\"note-body\"><p>A note with a footnote{}.</p>\n<div class=\"footnotes\">\n<ol>\n\
         <li id=\"fn-note-with-a-footnote--1\">",
        reference(
            "note-with-a-footnote--1",
            "fnref-note-with-a-footnote--1",
            1
        )
    )));
    // In the margin the note is plain text, as any note with more than paragraphs is.
    assert!(page.contains(
        "<span class=\"sidenote-key\">1</span> A note with a footnote. The note’s own.</span>"
    ));
    // Two summaries with a note labelled `1` on one timeline page.
    let timeline = read(&out, "timeline/index.html");
    for event in ["the-signing", "the-talks"] {
        let stem = format!("event-{event}--1");
        assert!(
            timeline.contains(&reference(&stem, &format!("fnref-{stem}"), 1)),
            "{event}"
        );
        assert!(
            timeline.contains(&format!("<li id=\"fn-{stem}\">")),
            "{event}"
        );
    }
    assert!(!timeline.contains("doc-endnotes"));
    let event = read(&out, "events/the-signing/index.html");
    assert!(event.contains("<li id=\"fn-event-the-signing--1\">"));
    // The home page's introduction and an actor's description are the main Markdown of
    // their pages.
    let home = read(&out, "index.html");
    assert!(home.contains(&reference("about", "fnref-about", 1)));
    assert!(home.contains("role=\"doc-endnotes\" aria-label=\"Footnotes\""));
    let actor = read(&out, "actors/the-ministry/index.html");
    assert!(actor.contains(&format!(
        "<p>A ministry{}.</p>",
        reference("seat", "fnref-seat", 1)
    )));
    assert!(actor.contains(&format!(
        "<li id=\"fn-seat\">\n<p>Seated in the capital. {}</p>",
        back("fnref-seat", "1", "")
    )));
}

#[test]
fn every_page_is_well_formed_with_each_id_once() {
    let (_tmp, out) = build(&fixture("footnotes"), false);
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "html") {
            let rel = entry.path().strip_prefix(&out).expect("under out");
            check_page(&out, &rel.to_string_lossy());
            pages += 1;
        }
    }
    assert!(pages > 5, "{pages} pages");
}

fn check_page(out: &Path, rel: &str) {
    let page = read(out, rel);
    let start = page.find("<body").expect("a body");
    let end = page.find("</body>").expect("a body's end") + "</body>".len();
    let body = &page[start..end];
    if let Err(e) = balanced(body) {
        panic!("{rel}: {e}");
    }
    let mut ids = HashSet::new();
    for id in page.split(" id=\"").skip(1) {
        let id = &id[..id.find('"').expect("closed id")];
        assert!(ids.insert(id), "{rel}: id {id} twice");
    }
    // Every footnote link goes to an id of the page.
    for href in page.split("href=\"#").skip(1) {
        let target = &href[..href.find('"').expect("closed href")];
        if target.starts_with("fn") {
            assert!(ids.contains(target), "{rel}: #{target} goes nowhere");
        }
    }
}

/// Whether every element of `html` that is opened is closed, in order (void elements,
/// `/>` tags, comments and the text of scripts and styles aside).
fn balanced(html: &str) -> Result<(), String> {
    const VOID: [&str; 13] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").ok_or("unclosed comment")?;
            rest = &rest[end + 3..];
            continue;
        }
        let end = rest.find('>').ok_or("unclosed tag")?;
        let tag = &rest[..=end];
        rest = &rest[end + 1..];
        let inner = tag.trim_start_matches('<');
        let closing = inner.starts_with('/');
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || VOID.contains(&name.as_str()) || tag.ends_with("/>") {
            continue;
        }
        if closing {
            match stack.pop() {
                Some(open) if open == name => {}
                open => return Err(format!("</{name}> closes {open:?}")),
            }
        } else if name == "script" || name == "style" {
            let close = format!("</{name}>");
            let end = rest.find(&close).ok_or(format!("unclosed {name}"))?;
            rest = &rest[end + close.len()..];
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

#[test]
fn the_checker_finds_what_is_not_well_formed() {
    assert!(balanced("<body><p><em>a</p></em></body>").is_err());
    assert!(balanced("<body><div><p>a</div></body>").is_err());
    assert!(balanced("<body><p>a<br><img src=\"x\"><svg><circle/></svg></p></body>").is_ok());
    assert!(balanced("<body><script>if (a < b) {}</script><!-- <x> --></body>").is_ok());
}
