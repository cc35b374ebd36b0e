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

#[test]
fn actor_pages_show_each_mention_in_its_sentence_linked_to_its_words() {
    let (_tmp, out) = build(&fixture("reading"), false);
    let rubio = read(&out, "actors/marco-rubio/index.html");
    // Grouped by briefing, newest first; at most three sentences a briefing.
    assert!(rubio.contains(
        "<h3><a href=\"/briefings/visit/\">The visit</a> <time class=\"meta small\" datetime=\"2025-09-05\">5 September 2025</time></h3>\n        <ul class=\"mention-contexts\">\n          <li><a href=\"/briefings/visit/#mention-marco-rubio-1\"><mark class=\"mention-hit\">Rubio</mark></a> flew to Mexico City on Tuesday.</li>\n          <li><a href=\"/briefings/visit/#mention-marco-rubio-2\"><mark class=\"mention-hit\">Rubio</mark></a> said little.</li>\n          <li><a href=\"/briefings/visit/#mention-marco-rubio-3\"><mark class=\"mention-hit\">Rubio</mark></a>, asked again, smiled.</li>\n        </ul>"
    ));
    assert!(!rubio.contains("mention-marco-rubio-4"));
    assert!(
        rubio.find("/briefings/visit/#mention-marco-rubio-1")
            < rubio.find("/briefings/earlier/#mention-marco-rubio-1")
    );
    // The briefing gives those mentions their ids: inside the link of a linked mention,
    // on a span of its own otherwise.
    let visit = read(&out, "briefings/visit/index.html");
    assert!(visit.contains(
        "<a href=\"/actors/marco-rubio/\" class=\"mention\"><span id=\"mention-marco-rubio-1\">Rubio</span></a>"
    ));
    assert!(visit.contains("<p><span id=\"mention-marco-rubio-2\">Rubio</span> said little."));
    // An abbreviation with a full stop does not end the sentence.
    let us = read(&out, "actors/united-states/index.html");
    assert!(us.contains(
        "<li>The <a href=\"/briefings/visit/#mention-united-states-1\"><mark class=\"mention-hit\">U.S.</mark></a> Secretary of State left early.</li>"
    ));
}

#[test]
fn a_name_before_a_capitalised_word_is_part_of_a_longer_name() {
    let (_tmp, out) = build(&fixture("reading"), false);
    let visit = read(&out, "briefings/visit/index.html");
    // "Mexico City" is not Mexico: the first link to Mexico is the later, lone "Mexico".
    assert!(visit.contains(
        "flew to Mexico City</mark> on Tuesday. <mark id=\"quote-the-talks-in-mexico-were\" data-ann=\"quote:the-talks-in-mexico-were\" class=\"ann ann-quote\" title=\"Quote: Marco Rubio\">The talks in <a href=\"/actors/mexico/\" class=\"mention\">"
    ));
    // "Sinaloa Province" is not the Sinaloa Cartel; "U.S." ends with a full stop, so
    // "U.S. Secretary" still mentions the United States.
    assert!(visit.contains("Rubio ended the day in Sinaloa Province."));
    assert!(!read(&out, "actors/sinaloa-cartel/index.html").contains("mention-hit"));
    assert!(visit.contains("<a href=\"/actors/united-states/\" class=\"mention\">"));
}

#[test]
fn actor_headers_count_what_the_page_lists_and_skip_an_alias_equal_to_the_name() {
    let (_tmp, out) = build(&fixture("reading"), false);
    let mexico = read(&out, "actors/mexico/index.html");
    assert!(mexico.contains(
        "<p class=\"meta small\">In 2 briefings · quoted about in 1 quote · 1 event · <a class=\"feed-link\""
    ));
    assert!(!mexico.contains("0 quote"));
    let nra = read(&out, "actors/nra/index.html");
    assert!(nra.contains("<p class=\"aliases\">Also: <span class=\"alias\">NRA</span></p>"));
}

#[test]
fn task_lists_heading_ids_the_legend_and_the_404_page() {
    let (_tmp, out) = build(&fixture("reading"), false);
    let visit = read(&out, "briefings/visit/index.html");
    assert!(visit.contains(
        "<li><input type=\"checkbox\" class=\"task\" disabled checked aria-label=\"Done\"> read the text</li>"
    ));
    assert!(visit.contains(
        "<li><input type=\"checkbox\" class=\"task\" disabled aria-label=\"Not done\"> check the figures</li>"
    ));
    // A heading named like the page's own title element gets another id.
    assert!(visit.contains("<h2 id=\"h-briefing-title\">Briefing title</h2>"));
    assert_eq!(visit.matches("id=\"briefing-title\"").count(), 1);
    // The legend lists only the kinds a briefing uses: "Earlier" has no quotes,
    // claims or notes.
    let earlier = read(&out, "briefings/earlier/index.html");
    assert!(earlier.contains("<ul>\n      <li><span class=\"swatch swatch-event\">dated event</span> an event on the timeline</li>\n      <li><span class=\"swatch swatch-mention\">Name</span> links to an actor</li>\n    </ul>"));
    assert!(visit.contains("swatch-quote"));
    assert!(!visit.contains("swatch-note"));
    // The not-found page is no page to point search engines at.
    let not_found = read(&out, "404.html");
    assert!(!not_found.contains("rel=\"canonical\""));
    assert!(
        read(&out, "index.html").contains("<link rel=\"canonical\" href=\"https://example.org/\">")
    );
}

#[test]
fn the_claims_page_shows_figures_as_read_and_no_badge_inside_its_status_section() {
    let (_tmp, out) = build(&fixture("reading"), false);
    let claims = read(&out, "claims/index.html");
    assert!(claims.contains(
        "<p><a class=\"claim-text\" href=\"/briefings/visit/#claim-17-billion\">$17 billion</a></p>"
    ));
    assert!(claims.contains(
        "<span class=\"figure\" data-value=\"17000000000\" data-unit=\"USD\">Figure: US$17 billion</span>"
    ));
    assert!(claims.contains("<span class=\"figure\" data-value=\"29\">Figure: 29</span>"));
    assert!(claims.contains(
        "<span class=\"figure\" data-value=\"13\" data-unit=\"%\">Figure: about 13\u{a0}%</span>"
    ));
    // The badge heads each section once (and the jump list), not each claim.
    assert_eq!(
        claims
            .matches("<span class=\"badge status-disputed\">")
            .count(),
        2
    );
    // On the briefing page each claim keeps its badge.
    let visit = read(&out, "briefings/visit/index.html");
    assert!(visit.contains(
        "<p><span class=\"badge status-disputed\">Disputed</span>\n        <a class=\"claim-text\""
    ));
}

#[test]
fn each_actor_card_carries_its_own_kind_on_its_avatar() {
    let (_tmp, out) = build(&fixture("reading"), false);
    let rubio = read(&out, "actors/marco-rubio/index.html");
    assert!(rubio.contains(
        "<li class=\"actor-card kind-country\">\n        <svg class=\"avatar kind-country\""
    ));
    let css = read(&out, "style.css");
    assert!(css.contains(".actor-card .avatar.kind-country circle { fill: var(--k-country); }"));
}

#[test]
fn the_search_box_names_no_other_sites_words() {
    let (_tmp, out) = build(&fixture("reading"), false);
    let search = read(&out, "search/index.html");
    assert!(search.contains(
        "<input id=\"search-q\" name=\"q\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\">"
    ));
    assert!(!search.contains("sovereignty"));
}

/// The card templates of a page, from the first `<template data-card` to the last
/// `</template>`.
fn card_templates(html: &str) -> &str {
    let start = html.find("<template data-card").expect("card templates");
    let end = html.rfind("</template>").expect("a </template>") + "</template>".len();
    &html[start..end]
}

#[test]
fn a_briefing_page_holds_an_inert_card_for_each_quote_claim_and_event_and_loads_its_script() {
    let (_tmp, out) = build(&fixture("reading"), false);
    let visit = read(&out, "briefings/visit/index.html");
    let cards = card_templates(&visit);
    // A quote: who said it, their role, when, their quoted words and the quote index.
    assert!(cards.contains(
        "<template data-card=\"quote:the-talks-in-mexico-were\" data-card-label=\"Quote\">\n<div class=\"card-entry card-quote\">\n  <p class=\"card-kind\">Quote</p>\n  <p class=\"card-who\"><a href=\"/actors/marco-rubio/\">Marco Rubio</a><span class=\"card-role\">Secretary of State</span></p>\n  <p class=\"card-when\">Said <time datetime=\"2025-09-03\">3 September 2025</time></p>\n  <p class=\"card-links\"><a href=\"/actors/marco-rubio/#sec-said\">Quoted words of Marco Rubio</a> · <a href=\"/quotes/\">All quotes</a></p>\n</div>\n</template>"
    ));
    // The actor page has that section.
    assert!(read(&out, "actors/marco-rubio/index.html").contains("<h2 id=\"sec-said\">"));
    // A claim: its status and figure, and who claims it.
    assert!(cards.contains(
        "<template data-card=\"claim:17-billion\" data-card-label=\"Claim\">\n<div class=\"card-entry card-claim\">\n  <p class=\"card-kind\">Claim <span class=\"badge status-disputed\">Disputed</span></p>\n  <p class=\"card-figure\">Figure: <strong>US$17 billion</strong></p>\n  <p class=\"card-who\">Claimed by the author</p>\n</div>\n</template>"
    ));
    // An event: its page, its date and place, the timeline.
    assert!(cards.contains(
        "<template data-card=\"event:the-visit\" data-card-label=\"Event\">\n<div class=\"card-entry card-event\">\n  <p class=\"card-kind\">Event</p>\n  <p class=\"card-title\"><a href=\"/events/the-visit/\">Rubio visits Mexico</a></p>\n  <p class=\"card-when\"><time datetime=\"2025-09-02\">2</time>–<time datetime=\"2025-09-04\">4 September 2025</time> · Mexico City</p>\n  <p class=\"card-links\"><a href=\"/timeline/#event-the-visit\">On the timeline</a></p>\n</div>\n</template>"
    ));
    // Nothing else is in the page for cards: no mark is focusable without the script, and
    // the script is the theme's own, from this site.
    assert!(!visit.contains("tabindex"));
    assert!(!visit.contains("gloss-card"));
    assert!(visit.contains("<script src=\"/cards.js\" defer></script>"));
    let script = read(&out, "cards.js");
    assert!(script.contains("template[data-card]"));
    assert!(!script.contains("http"));
}
