//! `/graph.json`: every actor, briefing, event, quote, claim, note and tag of the site,
//! each with its id and address, and the links between them as ids (schema:
//! `/graph.schema.json`, shipped in the binary and written beside it).
//!
//! Actors and events have site-wide ids; tags are known by their slug; a briefing's id is
//! its address below the site root (`briefings/us-mexico/`); a quote, claim or note is known
//! by its briefing's id and its mark's fragment (`briefings/us-mexico/#quote-declare-war`),
//! since its own id is unique only within its briefing.

use serde::Serialize;

use crate::load::{ActorKind, ClaimStatus, Qualifier};
use crate::model::{ActorIx, Briefing, Date, Link, Site, address};

/// The JSON Schema (draft 2020-12) of `/graph.json`.
pub(crate) const SCHEMA: &str = include_str!("graph.schema.json");

/// The version of the shape of `/graph.json`, raised when a field changes meaning or goes.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct Graph<'a> {
    #[serde(rename = "$schema")]
    schema: String,
    version: u32,
    site: SiteInfo<'a>,
    actors: Vec<ActorNode<'a>>,
    briefings: Vec<BriefingNode<'a>>,
    events: Vec<EventNode<'a>>,
    quotes: Vec<QuoteNode<'a>>,
    claims: Vec<ClaimNode<'a>>,
    notes: Vec<NoteNode<'a>>,
    tags: Vec<TagNode<'a>>,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    url: &'a str,
    description: Option<&'a str>,
    language: &'a str,
}

/// A date as written in EDTF, as pages show it, and the first and last day it may mean
/// (`None` at an open end).
#[derive(Serialize)]
struct DateNode {
    edtf: String,
    display: String,
    earliest: Option<String>,
    latest: Option<String>,
}

impl DateNode {
    fn of(d: &Date) -> Self {
        let day = |(y, m, d): (i16, u8, u8)| format!("{y:04}-{m:02}-{d:02}");
        let (first, last) = match d {
            Date::Single(p) => (Some(p), Some(p)),
            Date::Range { start, end } => (start.as_ref(), end.as_ref()),
        };
        DateNode {
            edtf: d.edtf(),
            display: d.to_string(),
            earliest: first.map(|p| day(p.first_day())),
            latest: last.map(|p| day(p.last_day())),
        }
    }
}

#[derive(Serialize)]
struct LinkNode<'a> {
    url: &'a str,
    title: Option<&'a str>,
}

fn links(l: &[Link]) -> Vec<LinkNode<'_>> {
    l.iter()
        .map(|l| LinkNode {
            url: &l.url,
            title: l.title.as_deref(),
        })
        .collect()
}

#[derive(Serialize)]
struct ActorNode<'a> {
    id: &'a str,
    url: String,
    name: &'a str,
    kind: ActorKind,
    role: Option<&'a str>,
    aliases: &'a [String],
    affiliations: Vec<&'a str>,
    links: Vec<LinkNode<'a>>,
    briefings: Vec<&'a str>,
    events: Vec<&'a str>,
}

#[derive(Serialize)]
struct BriefingNode<'a> {
    id: &'a str,
    url: String,
    annotations: String,
    title: &'a str,
    date: String,
    summary: Option<&'a str>,
    authors: &'a [String],
    tags: &'a [String],
    source_url: Option<&'a str>,
    actors: Vec<&'a str>,
    events: Vec<&'a str>,
    quotes: Vec<String>,
    claims: Vec<String>,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct EventNode<'a> {
    id: &'a str,
    url: String,
    date: DateNode,
    title: &'a str,
    place: Option<&'a str>,
    summary: Option<&'a str>,
    actors: Vec<&'a str>,
    briefings: Vec<&'a str>,
}

#[derive(Serialize)]
struct QuoteNode<'a> {
    id: String,
    url: String,
    briefing: &'a str,
    speaker: &'a str,
    about: Vec<&'a str>,
    text: &'a str,
    said: Option<DateNode>,
    source: Option<LinkNode<'a>>,
    original_text: Option<&'a str>,
    original_language: Option<&'a str>,
}

#[derive(Serialize)]
struct FigureNode<'a> {
    value: f64,
    unit: Option<&'a str>,
    qualifier: Option<Qualifier>,
    as_of: Option<DateNode>,
}

#[derive(Serialize)]
struct ClaimNode<'a> {
    id: String,
    url: String,
    briefing: &'a str,
    /// `None`: the briefing's author.
    by: Option<&'a str>,
    text: &'a str,
    status: ClaimStatus,
    figure: Option<FigureNode<'a>>,
    sources: Vec<LinkNode<'a>>,
}

#[derive(Serialize)]
struct NoteNode<'a> {
    id: String,
    url: String,
    briefing: &'a str,
    text: &'a str,
    note: &'a str,
}

#[derive(Serialize)]
struct TagNode<'a> {
    id: &'a str,
    url: String,
    name: &'a str,
    briefings: Vec<&'a str>,
}

/// `/graph.json`.
pub(crate) fn graph_json(site: &Site) -> Vec<u8> {
    super::to_json(&graph(site))
}

fn graph(site: &Site) -> Graph<'_> {
    let base = &site.base_url;
    let url = |path: &str| format!("{base}{path}");
    let actor_id = |a: &ActorIx| site.actors[a.0].id.as_str();
    let briefing_id = |b: &crate::model::BriefingIx| site.briefings[b.0].url_path.as_str();
    let part = |b: &Briefing, kind: &str, id: &str| format!("{}#{kind}-{id}", b.url_path);
    let actors = site
        .actors
        .iter()
        .map(|a| ActorNode {
            id: &a.id,
            url: url(&address::actor(&a.id)),
            name: &a.name,
            kind: a.kind,
            role: a.role.as_deref(),
            aliases: &a.aliases,
            affiliations: a.affiliations.iter().map(actor_id).collect(),
            links: links(&a.links),
            briefings: a.refs.briefings.iter().map(briefing_id).collect(),
            events: a
                .refs
                .events
                .iter()
                .map(|e| site.events[e.0].id.as_str())
                .collect(),
        })
        .collect();
    let mut quotes = Vec::new();
    let mut claims = Vec::new();
    let mut notes = Vec::new();
    let mut briefings = Vec::new();
    for b in &site.briefings {
        for q in b.quotes.iter() {
            let id = part(b, "quote", &q.id);
            quotes.push(QuoteNode {
                url: url(&id),
                id,
                briefing: &b.url_path,
                speaker: actor_id(&q.speaker),
                about: q.about.iter().map(actor_id).collect(),
                text: &q.text,
                said: q.said.as_ref().map(DateNode::of),
                source: q.source.as_ref().map(|l| LinkNode {
                    url: &l.url,
                    title: l.title.as_deref(),
                }),
                original_text: q.original.as_ref().map(|o| o.text.as_str()),
                original_language: q.original.as_ref().and_then(|o| o.language.as_deref()),
            });
        }
        for c in b.claims.iter() {
            let id = part(b, "claim", &c.id);
            claims.push(ClaimNode {
                url: url(&id),
                id,
                briefing: &b.url_path,
                by: c.by.as_ref().map(actor_id),
                text: &c.text,
                status: c.status,
                figure: c.figure.as_ref().map(|f| FigureNode {
                    value: f.value,
                    unit: f.unit.as_deref(),
                    qualifier: f.qualifier,
                    as_of: f.as_of.as_ref().map(DateNode::of),
                }),
                sources: links(&c.sources),
            });
        }
        for n in b.notes.iter() {
            let id = part(b, "note", &n.id);
            notes.push(NoteNode {
                url: url(&id),
                id,
                briefing: &b.url_path,
                text: &n.text,
                note: &n.note,
            });
        }
        briefings.push(BriefingNode {
            id: &b.url_path,
            url: url(&b.url_path),
            annotations: url(&address::annotations(&b.url_path)),
            title: &b.title,
            date: b.date.iso(),
            summary: b.summary.as_deref(),
            authors: &b.authors,
            tags: &b.tags,
            source_url: b.source.as_ref().and_then(|s| s.url.as_deref()),
            actors: b.actors.iter().map(actor_id).collect(),
            events: b
                .events
                .iter()
                .map(|c| site.events[c.event.0].id.as_str())
                .collect(),
            quotes: b.quotes.iter().map(|q| part(b, "quote", &q.id)).collect(),
            claims: b.claims.iter().map(|c| part(b, "claim", &c.id)).collect(),
            notes: b.notes.iter().map(|n| part(b, "note", &n.id)).collect(),
        });
    }
    let events = site
        .events
        .iter()
        .map(|e| EventNode {
            id: &e.id,
            url: url(&address::event(&e.id)),
            date: DateNode::of(&e.date),
            title: &e.title,
            place: e.place.as_deref(),
            summary: e.summary.as_deref(),
            actors: e.actors.iter().map(actor_id).collect(),
            briefings: e.cited_by.iter().map(briefing_id).collect(),
        })
        .collect();
    let tags = site
        .tags
        .iter()
        .map(|t| TagNode {
            id: &t.slug,
            url: url(&address::tag(&t.slug)),
            name: &t.name,
            briefings: t.briefings.iter().map(briefing_id).collect(),
        })
        .collect();
    Graph {
        schema: url(address::GRAPH_SCHEMA),
        version: VERSION,
        site: SiteInfo {
            title: &site.config.title,
            url: base,
            description: site.config.description.as_deref(),
            language: &site.config.language,
        },
        actors,
        briefings,
        events,
        quotes,
        claims,
        notes,
        tags,
    }
}
