//! Structured data: the one `<script type="application/ld+json">` of every page, a
//! schema.org `@graph` that search engines and other readers take the page's facts from.
//!
//! Every page's graph holds the site's `WebSite` node. Besides it, a briefing page has its
//! article (`NewsArticle`, `AnalysisNewsArticle` or `OpinionNewsArticle` by the kind of its
//! source), an `Event` for each event it cites, a `Quotation` for each quote and a
//! `ClaimReview` for each claim; an actor page its `Person`, `Organization` (groups too) or
//! `Country`; an event page its `Event`; the home page only the `WebSite` (with its search);
//! list pages a `CollectionPage`; the rest a `WebPage`. Each graph is made from the page's
//! own data only (a briefing's from that briefing), so its size is bounded by the page's.
//!
//! The graph is built from typed structs and serialized with serde_json; [`embed`] then
//! writes `<`, `>` and `&` as `\u003c`, `\u003e` and `\u0026` (the same JSON value), so no
//! text from the sources can close the script or open a comment.
//!
//! A claim's status becomes a `Rating` on a scale of 1 (worst) to 4 (best), by
//! [`claim_rating`]: `false` 1, `misleading` 2, `disputed` 3, `supported` 4, and
//! `unverified` no value (not rated yet), each with its label as `alternateName`. The same
//! rating is what `/claims.json` carries.

use serde::Serialize;

use crate::load::{ActorKind, ClaimStatus, SourceKind};
use crate::model::{ActorIx, Briefing, Date, Event, Site, address};

use super::views::{SiteView, TagLink, status_label};

const CONTEXT: &str = "https://schema.org";

/// The graph of one page.
#[derive(Serialize)]
struct Graph<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node<'a>>,
}

/// A node of the graph.
#[derive(Serialize)]
#[serde(untagged)]
enum Node<'a> {
    WebSite(WebSite<'a>),
    Page(WebPage<'a>),
    Article(Box<Article<'a>>),
    Agent(Agent<'a>),
    Event(EventNode<'a>),
    Quotation(Box<Quotation<'a>>),
    ClaimReview(Box<ClaimReview<'a>>),
}

/// A reference to a node of the same graph by its `@id`.
#[derive(Serialize)]
struct IdRef {
    #[serde(rename = "@id")]
    id: String,
}

/// The site.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WebSite<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    name: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    in_language: &'a str,
    /// Only on the home page: the search page, which runs `?q=` when it opens.
    #[serde(skip_serializing_if = "Option::is_none")]
    potential_action: Option<SearchAction>,
}

/// How to search the site.
#[derive(Serialize)]
struct SearchAction {
    #[serde(rename = "@type")]
    kind: &'static str,
    target: String,
    #[serde(rename = "query-input")]
    query_input: &'static str,
}

/// A list page, or another page of the site.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WebPage<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    in_language: &'a str,
    is_part_of: IdRef,
}

/// A person, an organization or a country.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Agent<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    alternate_name: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    same_as: Vec<&'a str>,
}

/// A briefing.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Article<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    date_published: String,
    url: String,
    in_language: &'a str,
    author: Vec<Agent<'a>>,
    publisher: Agent<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_based_on: Option<SourceWork<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mentions: Vec<Agent<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<&'a str>,
    is_part_of: IdRef,
}

/// The original a briefing is based on, or a quote's source.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SourceWork<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Agent<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
}

/// An event.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EventNode<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Place<'a>>,
    url: String,
}

/// Where an event took place.
#[derive(Serialize)]
struct Place<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// A quote.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Quotation<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: &'a str,
    spoken_by_character: Agent<'a>,
    creator: Agent<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_created: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    about: Vec<Agent<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_based_on: Option<SourceWork<'a>>,
    url: String,
    is_part_of: IdRef,
}

/// A claim and its status.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimReview<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    claim_reviewed: &'a str,
    review_rating: Rating,
    item_reviewed: ClaimNode<'a>,
    author: Agent<'a>,
    date_published: String,
    url: String,
}

/// A claim's status as a rating.
#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Rating {
    #[serde(rename = "@type")]
    kind: &'static str,
    /// From [`WORST_RATING`] to [`BEST_RATING`]; none for a claim not rated yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) rating_value: Option<u8>,
    best_rating: u8,
    worst_rating: u8,
    /// The status in words: "Supported", "False", ...
    pub(crate) alternate_name: &'static str,
}

/// The claim a `ClaimReview` reviews.
#[derive(Serialize)]
struct ClaimNode<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    appearance: Appearance,
    author: Vec<Agent<'a>>,
}

/// Where a claim appears: the words on the briefing page.
#[derive(Serialize)]
struct Appearance {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: String,
}

/// The best rating a claim can get.
pub(crate) const BEST_RATING: u8 = 4;
/// The worst.
pub(crate) const WORST_RATING: u8 = 1;

/// A claim status as a `Rating`: `false` 1, `misleading` 2, `disputed` 3, `supported` 4,
/// on a scale of 1 to 4, and `unverified` not rated; with the status's label as
/// `alternateName`.
pub(crate) fn claim_rating(status: ClaimStatus) -> Rating {
    let value = match status {
        ClaimStatus::False => Some(1),
        ClaimStatus::Misleading => Some(2),
        ClaimStatus::Disputed => Some(3),
        ClaimStatus::Supported => Some(4),
        ClaimStatus::Unverified => None,
    };
    Rating {
        kind: "Rating",
        rating_value: value,
        best_rating: BEST_RATING,
        worst_rating: WORST_RATING,
        alternate_name: status_label(status),
    }
}

/// The schema.org type of an actor.
fn actor_type(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "Person",
        ActorKind::Organization | ActorKind::Group => "Organization",
        ActorKind::Country => "Country",
    }
}

/// The schema.org type of a briefing, by the kind of its source.
fn article_type(kind: Option<SourceKind>) -> &'static str {
    match kind {
        Some(SourceKind::Analysis) => "AnalysisNewsArticle",
        Some(SourceKind::Opinion) => "OpinionNewsArticle",
        _ => "NewsArticle",
    }
}

/// A date's start and end at their own precision (`2025`, `2025-09`, `2025-09-03`); a
/// single date is its start, an open end is `None`.
fn date_bounds(date: &Date) -> (Option<String>, Option<String>) {
    match date {
        Date::Single(d) => (Some(d.iso()), None),
        Date::Range { start, end } => (start.map(|d| d.iso()), end.map(|d| d.iso())),
    }
}

/// The JSON text of a graph, safe inside `<script>`: `<`, `>` and `&` (only ever inside
/// strings) as `\u003c`, `\u003e`, `\u0026`, and the line separators U+2028 and U+2029
/// escaped too.
fn embed(graph: &Graph<'_>) -> String {
    // Serializing these structs cannot fail: they hold only strings, numbers, lists and
    // structs (no maps with non-string keys, no custom serializers that fail).
    let json = serde_json::to_string(graph).expect("a graph of plain structs serializes");
    escape_for_script(&json)
}

/// JSON text with `<`, `>`, `&`, U+2028 and U+2029 written as `\uXXXX` escapes (copied
/// a run at a time between them).
pub(crate) fn escape_for_script(json: &str) -> String {
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len() + 64);
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (escape, len) = match bytes[i] {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA8) => {
                ("\\u2028", 3)
            }
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA9) => {
                ("\\u2029", 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        // `start..i` ends before an ASCII byte or the first byte of a whole character.
        out.push_str(&json[start..i]);
        out.push_str(escape);
        i += len;
        start = i;
    }
    out.push_str(&json[start..]);
    out
}

/// What builds a page's graph: the site's view and the model.
struct Maker<'a> {
    site: &'a SiteView,
}

impl<'a> Maker<'a> {
    fn website_id(&self) -> String {
        format!("{}#website", self.site.base_url)
    }

    fn website(&self, search: bool) -> Node<'a> {
        let site = self.site;
        Node::WebSite(WebSite {
            kind: "WebSite",
            id: self.website_id(),
            name: &site.title,
            url: &site.base_url,
            description: site.description.as_deref(),
            in_language: &site.language,
            potential_action: search.then(|| SearchAction {
                kind: "SearchAction",
                target: format!(
                    "{}{}?q={{search_term_string}}",
                    site.base_url,
                    address::SEARCH
                ),
                query_input: "required name=search_term_string",
            }),
        })
    }

    /// The site as an organization: the publisher of briefings, the author of reviews.
    fn organization(&self) -> Agent<'a> {
        Agent {
            kind: "Organization",
            name: &self.site.title,
            url: Some(self.site.base_url.clone()),
            description: None,
            alternate_name: &[],
            same_as: Vec::new(),
        }
    }

    fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.site.base_url)
    }

    /// A reference to an actor: type, name and page.
    fn actor_ref(&self, site: &'a Site, a: ActorIx) -> Agent<'a> {
        let actor = &site.actors[a.0];
        Agent {
            kind: actor_type(actor.kind),
            name: &actor.name,
            url: Some(self.absolute(&address::actor(&actor.id))),
            description: None,
            alternate_name: &[],
            same_as: Vec::new(),
        }
    }

    fn person(name: &'a str) -> Agent<'a> {
        Agent {
            kind: "Person",
            name,
            url: None,
            description: None,
            alternate_name: &[],
            same_as: Vec::new(),
        }
    }

    fn event(&self, e: &'a Event) -> Node<'a> {
        let (start_date, end_date) = date_bounds(&e.date);
        Node::Event(EventNode {
            kind: "Event",
            name: &e.title,
            start_date,
            end_date,
            location: e.place.as_deref().map(|name| Place {
                kind: "Place",
                name,
            }),
            url: self.absolute(&address::event(&e.id)),
        })
    }
}

/// The graph of a page with no data of its own: the home page (`kind` `home`: the
/// `WebSite` with its search), a list page (a `CollectionPage`), or another page (a
/// `WebPage`). `permalink` is the page's absolute address.
pub(crate) fn page(
    site: &SiteView,
    kind: &str,
    title: &str,
    permalink: &str,
    description: Option<&str>,
) -> String {
    let m = Maker { site };
    let mut graph = vec![m.website(kind == "home")];
    let page_type = match kind {
        "home" => None,
        "archive" | "actors" | "actor-list" | "timeline" | "quotes" | "claims" | "tag" | "tags" => {
            Some("CollectionPage")
        }
        _ => Some("WebPage"),
    };
    if let Some(page_type) = page_type {
        graph.push(Node::Page(WebPage {
            kind: page_type,
            name: title,
            url: permalink,
            description,
            in_language: &site.language,
            is_part_of: IdRef { id: m.website_id() },
        }));
    }
    embed(&Graph {
        context: CONTEXT,
        graph,
    })
}

/// The graph of a briefing page: the site, the article, and each event, quote and claim.
/// `tags` are the briefing's tags as links (their names are the article's keywords).
pub(crate) fn briefing(
    site_view: &SiteView,
    site: &Site,
    b: &Briefing,
    tags: &[TagLink],
) -> String {
    let m = Maker { site: site_view };
    let url = m.absolute(&b.url_path);
    let article_id = format!("{url}#article");
    let date_published = b.date.iso();
    let source = b.source.as_ref();
    let is_based_on = source
        .filter(|s| s.url.is_some() || s.publisher.is_some())
        .map(|s| SourceWork {
            kind: "CreativeWork",
            url: s.url.as_deref(),
            name: None,
            publisher: s.publisher.as_deref().map(|name| Agent {
                kind: "Organization",
                ..Maker::person(name)
            }),
            date_published: s.published.as_ref().map(Date::iso),
            in_language: s.language.as_deref(),
        });
    let authors: Vec<Agent<'_>> = if b.authors.is_empty() {
        vec![m.organization()]
    } else {
        b.authors.iter().map(|n| Maker::person(n)).collect()
    };
    let tag_names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    let mut graph = vec![
        m.website(false),
        Node::Article(Box::new(Article {
            kind: article_type(source.and_then(|s| s.kind)),
            id: article_id.clone(),
            headline: &b.title,
            description: b.summary.as_deref(),
            date_published: date_published.clone(),
            url: url.clone(),
            in_language: &site_view.language,
            author: authors,
            publisher: m.organization(),
            is_based_on,
            mentions: b.actors.iter().map(|&a| m.actor_ref(site, a)).collect(),
            keywords: tag_names,
            is_part_of: IdRef { id: m.website_id() },
        })),
    ];
    // Events are indexed in timeline order, so sorting by index sorts by date.
    let mut events: Vec<_> = b.events.iter().map(|c| c.event).collect();
    events.sort_unstable();
    graph.extend(events.into_iter().map(|e| m.event(&site.events[e.0])));
    for q in b.quotes.iter() {
        graph.push(Node::Quotation(Box::new(Quotation {
            kind: "Quotation",
            text: &q.text,
            spoken_by_character: m.actor_ref(site, q.speaker),
            creator: m.actor_ref(site, q.speaker),
            date_created: q.said.as_ref().map(Date::iso),
            about: q.about.iter().map(|&a| m.actor_ref(site, a)).collect(),
            is_based_on: q.source.as_ref().map(|l| SourceWork {
                kind: "CreativeWork",
                url: Some(&l.url),
                name: l.title.as_deref(),
                publisher: None,
                date_published: None,
                in_language: None,
            }),
            url: format!("{url}{}", address::annotation_fragment("quote", &q.id)),
            is_part_of: IdRef {
                id: article_id.clone(),
            },
        })));
    }
    for c in b.claims.iter() {
        let claim_url = format!("{url}{}", address::annotation_fragment("claim", &c.id));
        let claimant = match c.by {
            Some(a) => vec![m.actor_ref(site, a)],
            None if b.authors.is_empty() => vec![m.organization()],
            None => b.authors.iter().map(|n| Maker::person(n)).collect(),
        };
        graph.push(Node::ClaimReview(Box::new(ClaimReview {
            kind: "ClaimReview",
            claim_reviewed: &c.text,
            review_rating: claim_rating(c.status),
            item_reviewed: ClaimNode {
                kind: "Claim",
                appearance: Appearance {
                    kind: "CreativeWork",
                    url: claim_url.clone(),
                },
                author: claimant,
            },
            author: m.organization(),
            date_published: date_published.clone(),
            url: claim_url,
        })));
    }
    embed(&Graph {
        context: CONTEXT,
        graph,
    })
}

/// The graph of an actor page: the site and the actor, with its links as `sameAs`.
pub(crate) fn actor(site_view: &SiteView, site: &Site, a: ActorIx) -> String {
    let m = Maker { site: site_view };
    let actor = &site.actors[a.0];
    let node = Agent {
        description: actor.role.as_deref(),
        alternate_name: &actor.aliases,
        same_as: actor.links.iter().map(|l| l.url.as_str()).collect(),
        ..m.actor_ref(site, a)
    };
    embed(&Graph {
        context: CONTEXT,
        graph: vec![m.website(false), Node::Agent(node)],
    })
}

/// The graph of an event page: the site and the event.
pub(crate) fn event(site_view: &SiteView, e: &Event) -> String {
    let m = Maker { site: site_view };
    embed(&Graph {
        context: CONTEXT,
        graph: vec![m.website(false), m.event(e)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_closers_are_escaped_and_the_json_is_unchanged() {
        let text = "{\"a\":\"</script><!-- & x\",\"b\":\"line\u{2028}sep\u{2029}é\"}";
        let out = escape_for_script(text);
        assert_eq!(
            out,
            r#"{"a":"\u003c/script\u003e\u003c!-- \u0026 x","b":"line\u2028sep\u2029é"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&out).expect("parses");
        let orig: serde_json::Value = serde_json::from_str(text).expect("parses");
        assert_eq!(back, orig);
    }

    #[test]
    fn dates_keep_their_precision_and_open_ends_are_left_out() {
        let d = |s: &str| date_bounds(&Date::parse(s).expect("a date"));
        assert_eq!(d("2025"), (Some("2025".into()), None));
        assert_eq!(d("2025-09"), (Some("2025-09".into()), None));
        assert_eq!(d("2025-09-03"), (Some("2025-09-03".into()), None));
        assert_eq!(
            d("2025-09-03/2025-09-09"),
            (Some("2025-09-03".into()), Some("2025-09-09".into()))
        );
        assert_eq!(d("../2025-03"), (None, Some("2025-03".into())));
        assert_eq!(d("2025-08/.."), (Some("2025-08".into()), None));
    }

    #[test]
    fn every_status_has_a_rating_on_the_scale() {
        let values: Vec<(Option<u8>, &str)> = [
            ClaimStatus::False,
            ClaimStatus::Misleading,
            ClaimStatus::Disputed,
            ClaimStatus::Unverified,
            ClaimStatus::Supported,
        ]
        .into_iter()
        .map(|s| {
            let r = claim_rating(s);
            (r.rating_value, r.alternate_name)
        })
        .collect();
        assert_eq!(
            values,
            [
                (Some(1), "False"),
                (Some(2), "Misleading"),
                (Some(3), "Disputed"),
                (None, "Unverified"),
                (Some(4), "Supported")
            ]
        );
    }
}
