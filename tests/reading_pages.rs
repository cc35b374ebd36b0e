//! Whole-site tests on the `reading` fixture (tests/sites/reading): event pages and the
//! links to them, mentions in context on actor pages, the "Mexico City" rule, honest
//! counts, figures as a reader reads them, footnotes, task lists, `<time>` elements of
//! ranges, the 404 page and heading ids.

mod common;

use common::{build, fixture, read};

/// The `<main>` element of a page.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    &html[start..end]
}

#[test]
fn an_event_page_shows_its_date_place_actors_citations_and_neighbours() {
    let (_tmp, out) = build(&fixture("reading"), false);
    let page = read(&out, "events/the-visit/index.html");
    let main = main_of(&page);
    // A range: each end its own <time> element.
    assert!(main.contains(
        "<span class=\"event-date precision-day\"><time datetime=\"2025-09-02\">2</time>–<time datetime=\"2025-09-04\">4 September 2025</time></span>"
    ));
    assert!(main.contains("<p class=\"lede place\">Mexico City</p>"));
    assert!(main.contains("<p>Three days of <em>talks</em>.</p>"));
    assert!(main.contains("<span><a href=\"/actors/marco-rubio/\">Marco Rubio</a><span class=\"role\">Secretary of State</span></span>"));
    assert!(main.contains(
        "<li><a href=\"/briefings/visit/#event-the-visit\">The visit</a>: <q>flew to Mexico City</q></li>"
    ));
    assert!(main.contains(
        "<nav class=\"event-neighbours\" aria-label=\"Events before and after\">\n  <p class=\"prev\">Before: <a href=\"/events/by-march/\">Talks by March</a> <span class=\"meta small\">by <time datetime=\"2025-03\">March 2025</time></span></p>\n</nav>"
    ));
}

#[test]
fn an_event_cited_without_words_links_the_briefing_itself_and_has_both_neighbours() {
    let (_tmp, out) = build(&fixture("reading"), false);
    let page = read(&out, "events/by-march/index.html");
    let main = main_of(&page);
    assert!(main.contains("<li><a href=\"/briefings/earlier/\">Earlier</a></li>"));
    assert!(main.contains(
        "<p class=\"prev\">Before: <a href=\"/events/the-designation/\">The designation</a> <span class=\"meta small\"><time datetime=\"2025-02\">February 2025</time></span></p>"
    ));
    assert!(main.contains(
        "<p class=\"next\">After: <a href=\"/events/the-visit/\">Rubio visits Mexico</a>"
    ));
    let designation = read(&out, "events/the-designation/index.html");
    assert!(designation.contains("<li><a href=\"/briefings/visit/\">The visit</a></li>"));
    assert!(!designation.contains("class=\"prev\""));
}

#[test]
fn timeline_entries_briefing_event_lists_and_actor_pages_link_to_event_pages() {
    let (_tmp, out) = build(&fixture("reading"), false);
    let timeline = read(&out, "timeline/index.html");
    assert!(timeline.contains(
        "<li id=\"event-the-visit\" class=\"event precision-day range\">\n        <p class=\"event-date precision-day range\"><time datetime=\"2025-09-02\">2</time>–<time datetime=\"2025-09-04\">4 September 2025</time></p>\n        <h4 class=\"event-title\"><a href=\"/events/the-visit/\">Rubio visits Mexico</a></h4>"
    ));
    let event_item = "<span class=\"event-when\"><time datetime=\"2025-09-02\">2</time>–<time datetime=\"2025-09-04\">4 September 2025</time></span>\n        <a href=\"/events/the-visit/\">Rubio visits Mexico</a>";
    assert!(read(&out, "briefings/visit/index.html").contains(event_item));
    assert!(read(&out, "actors/marco-rubio/index.html").contains(event_item));
}
