//! A briefing's annotations as a W3C Web Annotation `AnnotationPage`
//! (`/<folder>/<slug>/annotations.jsonld`), so annotation tools (Hypothesis, Recogito,
//! Apache Annotator) can read what the sidecar says and anchor it on the page.
//!
//! Each quote, claim, note and anchored event is one `Annotation` whose id is the page's
//! address with the mark's fragment (`#quote-declare-war`), whose target carries a
//! `TextQuoteSelector` and a `TextPositionSelector` into the page's `document.body` text,
//! and whose body says what the words are: the speaker, the claim's status, the note, the
//! event. The selectors are read off the rendered page ([`super::body_text`]), so they
//! agree with what a browser shows, header and navigation included.

use serde::Serialize;

use crate::model::{Briefing, Site, address};

use super::body_text::{BodyText, body_text};

/// UTF-16 code units of context the `prefix` and `suffix` of a quote selector carry (whole
/// characters only): 32, the most diff-match-patch based anchoring libraries accept.
const CONTEXT: usize = 32;

/// The `AnnotationPage` of one briefing.
#[derive(Debug, Serialize)]
pub(crate) struct AnnotationPage<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    /// How many annotations the page holds.
    total: usize,
    items: Vec<Annotation<'a>>,
}

#[derive(Debug, Serialize)]
struct Annotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    body: Vec<Body<'a>>,
    target: Target<'a>,
}

/// A body: words (`TextualBody`) or a page of the site about them.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Body<'a> {
    Text {
        #[serde(rename = "type")]
        kind: &'static str,
        value: std::borrow::Cow<'a, str>,
        format: &'static str,
        purpose: &'static str,
    },
    Page {
        id: String,
        #[serde(rename = "type")]
        kind: &'static str,
        format: &'static str,
        purpose: &'static str,
    },
}

impl<'a> Body<'a> {
    fn text(value: impl Into<std::borrow::Cow<'a, str>>, purpose: &'static str) -> Self {
        Body::Text {
            kind: "TextualBody",
            value: value.into(),
            format: "text/plain",
            purpose,
        }
    }

    fn page(url: String, purpose: &'static str) -> Self {
        Body::Page {
            id: url,
            kind: "Text",
            format: "text/html",
            purpose,
        }
    }
}

#[derive(Debug, Serialize)]
struct Target<'a> {
    source: &'a str,
    selector: Vec<Selector<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(tag = "type")]
enum Selector<'a> {
    TextQuoteSelector {
        exact: &'a str,
        prefix: &'a str,
        suffix: &'a str,
    },
    TextPositionSelector {
        start: usize,
        end: usize,
    },
}

/// The address of a briefing's annotations file, below the site root.
pub(crate) fn path_of(b: &Briefing) -> String {
    address::annotations(&b.url_path)
}

/// The annotations of briefing `b`, whose page rendered as `page_html`, as JSON-LD bytes.
pub(crate) fn annotations_file(site: &Site, b: &Briefing, page_html: &str) -> Vec<u8> {
    let text = body_text(page_html);
    let page_url = format!("{}{}", site.base_url, b.url_path);
    let doc = annotation_page(site, b, &page_url, &text);
    super::to_json(&doc)
}

fn annotation_page<'a>(
    site: &'a Site,
    b: &'a Briefing,
    page_url: &'a str,
    text: &'a BodyText,
) -> AnnotationPage<'a> {
    let mut items = Vec::new();
    let mut add = |kind: &str, id: &str, motivation, body: Vec<Body<'a>>| {
        let mut selector = Vec::new();
        if let Some((start, end)) = text.span(&format!("{kind}:{id}")) {
            selector.push(Selector::TextQuoteSelector {
                exact: &text.text[start.byte..end.byte],
                prefix: text.before(start, CONTEXT),
                suffix: text.after(end, CONTEXT),
            });
            selector.push(Selector::TextPositionSelector {
                start: start.utf16,
                end: end.utf16,
            });
        }
        items.push(Annotation {
            id: format!("{page_url}#{kind}-{id}"),
            kind: "Annotation",
            motivation,
            body,
            target: Target {
                source: page_url,
                selector,
            },
        });
    };
    let url = |path: String| format!("{}{path}", site.base_url);
    for q in b.quotes.iter() {
        let speaker = &site.actors[q.speaker.0];
        let body = vec![
            Body::text(format!("Quote: {}", speaker.name), "describing"),
            Body::page(url(address::actor(&speaker.id)), "identifying"),
        ];
        add("quote", &q.id, "identifying", body);
    }
    for c in b.claims.iter() {
        let status = address::status_segment(c.status);
        add(
            "claim",
            &c.id,
            "assessing",
            vec![Body::text(status, "tagging")],
        );
    }
    for n in b.notes.iter() {
        let body = vec![Body::Text {
            kind: "TextualBody",
            value: n.note.trim().into(),
            format: "text/markdown",
            purpose: "commenting",
        }];
        add("note", &n.id, "commenting", body);
    }
    for cite in &b.events {
        if cite.span.is_some() {
            let e = &site.events[cite.event.0];
            let body = vec![
                Body::text(format!("Event: {}, {}", e.title, e.date), "describing"),
                Body::page(url(address::event(&e.id)), "linking"),
            ];
            add("event", &e.id, "linking", body);
        }
    }
    AnnotationPage {
        context: "http://www.w3.org/ns/anno.jsonld",
        id: format!("{}{}", site.base_url, address::annotations(&b.url_path)),
        kind: "AnnotationPage",
        total: items.len(),
        items,
    }
}
