//! One function per kind of page: each gathers the views its template needs into a context.
//!
//! The contexts here are the documented interface of the theme (`themes/default/README.md`
//! lists them); a site's own templates receive exactly these variables.

use serde::Serialize;
use serde_json::json;

use crate::load::{ActorKind, ClaimStatus, SourceKind};
use crate::model::{BriefingIx, Site};

use super::views::{ActorLink, BriefingLink, ClaimView, DateView, EventView, QuoteView, SiteViews};

/// A page to render: the template, its output path, and its variables.
#[derive(Debug)]
pub(crate) struct PageJob {
    /// Path inside the output folder, `/`-separated.
    pub(crate) path: String,
    /// Template name.
    pub(crate) template: &'static str,
    /// Variables besides `site`.
    pub(crate) vars: serde_json::Value,
}

/// What every page says about itself.
#[derive(Debug, Serialize)]
struct PageInfo<'a> {
    title: &'a str,
    url: String,
    permalink: String,
    description: Option<&'a str>,
    kind: &'a str,
}

fn page_info<'a>(
    views: &SiteViews,
    kind: &'a str,
    title: &'a str,
    path: &str,
    description: Option<&'a str>,
) -> PageInfo<'a> {
    PageInfo {
        title,
        url: format!("{}{path}", views.site.root),
        permalink: format!("{}{path}", views.site.base_url),
        description,
        kind,
    }
}

fn job(path: String, template: &'static str, vars: serde_json::Value) -> PageJob {
    PageJob {
        path,
        template,
        vars,
    }
}

/// The home page.
pub(crate) fn home(site: &Site, views: &SiteViews, intro_html: Option<String>) -> PageJob {
    let title = site.home.title.as_deref().unwrap_or(&site.config.title);
    let mut events: Vec<&EventView> = views.events.iter().collect();
    events.reverse();
    events.truncate(8);
    let mut actors: Vec<&ActorLink> = views.actors.iter().collect();
    actors.sort_by(|a, b| {
        b.briefing_count
            .cmp(&a.briefing_count)
            .then(b.quote_count.cmp(&a.quote_count))
            .then_with(|| a.name.cmp(&b.name))
    });
    actors.retain(|a| a.briefing_count > 0);
    actors.truncate(8);
    let counts = json!({
        "briefings": site.briefings.len(),
        "actors": site.actors.len(),
        "events": site.events.len(),
        "quotes": views.quotes.iter().map(Vec::len).sum::<usize>(),
        "claims": views.claims.iter().map(Vec::len).sum::<usize>(),
    });
    job(
        "index.html".into(),
        "index.html",
        json!({
            "page": page_info(views, "home", title, "", site.config.description.as_deref()),
            "intro_html": intro_html,
            "briefings": views.briefings.iter().take(10).collect::<Vec<_>>(),
            "events": events,
            "actors": actors,
            "counts": counts,
        }),
    )
}

fn kind_label(k: SourceKind) -> &'static str {
    match k {
        SourceKind::News => "News",
        SourceKind::Opinion => "Opinion",
        SourceKind::Analysis => "Analysis",
        SourceKind::Official => "Official statement",
        SourceKind::Transcript => "Transcript",
    }
}

/// A briefing page; `content_html` is its annotated text.
pub(crate) fn briefing(
    site: &Site,
    views: &SiteViews,
    b: BriefingIx,
    content_html: String,
) -> PageJob {
    let model = &site.briefings[b.0];
    let link = views.briefing(b);
    let source = model.source.as_ref().map(|s| {
        json!({
            "url": s.url,
            "publisher": s.publisher,
            "published": s.published.as_ref().map(DateView::of),
            "language": s.language,
            "kind": s.kind,
            "kind_label": s.kind.map(kind_label),
        })
    });
    // Events are indexed in timeline order, so sorting by index sorts by date.
    let mut order: Vec<_> = model.events.iter().map(|c| c.event).collect();
    order.sort_unstable();
    let events: Vec<&EventView> = order.into_iter().map(|e| views.event(e)).collect();
    let actors: Vec<&ActorLink> = model.actors.iter().map(|a| views.actor(*a)).collect();
    let path = model.url_path.clone();
    job(
        format!("{path}index.html"),
        "briefing.html",
        json!({
            "page": page_info(views, "briefing", &model.title, &path, model.summary.as_deref()),
            "briefing": {
                "title": link.title,
                "url": link.url,
                "date": link.date,
                "summary": link.summary,
                "tags": link.tags,
                "authors": model.authors,
                "source": source,
                "content_html": content_html,
                "actors": actors,
                "events": events,
                "quotes": views.quotes[b.0],
                "claims": views.claims[b.0],
                "notes": views.notes[b.0],
            },
        }),
    )
}

/// An actor page.
pub(crate) fn actor(
    site: &Site,
    views: &SiteViews,
    a: usize,
    description_html: Option<String>,
) -> PageJob {
    let model = &site.actors[a];
    let link = &views.actors[a];
    let quote = |(b, q): &(BriefingIx, usize)| &views.quotes[b.0][*q];
    let quotes: Vec<&QuoteView> = model.refs.quotes_by.iter().map(quote).collect();
    let quotes_about: Vec<&QuoteView> = model.refs.quotes_about.iter().map(quote).collect();
    let claims: Vec<&ClaimView> = model
        .refs
        .claims_by
        .iter()
        .map(|(b, c)| &views.claims[b.0][*c])
        .collect();
    let events: Vec<&EventView> = model.refs.events.iter().map(|e| views.event(*e)).collect();
    let briefings: Vec<&BriefingLink> = model
        .refs
        .briefings
        .iter()
        .map(|b| views.briefing(*b))
        .collect();
    let appears_with: Vec<_> = model
        .refs
        .appears_with
        .iter()
        .map(|(x, n)| json!({ "actor": views.actor(*x), "count": n }))
        .collect();
    let links: Vec<_> = model
        .links
        .iter()
        .map(|l| json!({ "url": l.url, "title": l.title.clone().unwrap_or_else(|| l.url.clone()) }))
        .collect();
    let path = format!("actors/{}/", model.id);
    job(
        format!("{path}index.html"),
        "actor.html",
        json!({
            "page": page_info(views, "actor", &model.name, &path, model.role.as_deref()),
            "actor": {
                "id": link.id,
                "name": link.name,
                "url": link.url,
                "kind": link.kind,
                "role": link.role,
                "initials": link.initials,
                "briefing_count": link.briefing_count,
                "quote_count": link.quote_count,
                "aliases": model.aliases,
                "affiliations": model.affiliations.iter().map(|x| views.actor(*x)).collect::<Vec<_>>(),
                "description_html": description_html,
                "links": links,
                "quotes": quotes,
                "quotes_about": quotes_about,
                "claims": claims,
                "events": events,
                "briefings": briefings,
                "appears_with": appears_with,
            },
        }),
    )
}

/// The actors index, grouped by kind.
pub(crate) fn actors_index(views: &SiteViews) -> PageJob {
    let kinds = [
        (ActorKind::Person, "People"),
        (ActorKind::Organization, "Organizations"),
        (ActorKind::Country, "Countries"),
        (ActorKind::Group, "Groups"),
    ];
    let groups: Vec<_> = kinds
        .iter()
        .filter_map(|(kind, label)| {
            let mut actors: Vec<&ActorLink> =
                views.actors.iter().filter(|a| a.kind == *kind).collect();
            actors.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
            (!actors.is_empty()).then(|| json!({ "kind": kind, "label": label, "actors": actors }))
        })
        .collect();
    job(
        "actors/index.html".into(),
        "actors.html",
        json!({
            "page": page_info(views, "actors", "Actors", "actors/", None),
            "groups": groups,
        }),
    )
}

/// The timeline: events grouped by year, then month.
pub(crate) fn timeline(views: &SiteViews) -> PageJob {
    let mut years: Vec<serde_json::Value> = Vec::new();
    let mut i = 0;
    let events = &views.events;
    while i < events.len() {
        let year = events[i].year;
        let mut months: Vec<serde_json::Value> = Vec::new();
        let mut count = 0;
        while i < events.len() && events[i].year == year {
            let month = events[i].month;
            let mut group: Vec<&EventView> = Vec::new();
            while i < events.len() && events[i].year == year && events[i].month == month {
                group.push(&events[i]);
                i += 1;
            }
            count += group.len();
            let label = match month {
                Some(m) => format!("{} {year}", crate::model::dates::month_name(m)),
                None => format!("{year}, month not known"),
            };
            months.push(json!({ "month": month, "label": label, "events": group }));
        }
        years.push(json!({ "year": year, "count": count, "months": months }));
    }
    job(
        "timeline/index.html".into(),
        "timeline.html",
        json!({
            "page": page_info(views, "timeline", "Timeline", "timeline/", None),
            "event_count": events.len(),
            "years": years,
        }),
    )
}

/// The quote index, by speaker.
pub(crate) fn quotes_index(views: &SiteViews) -> PageJob {
    let mut by_speaker: Vec<(&ActorLink, Vec<&QuoteView>)> = Vec::new();
    let mut all: Vec<&QuoteView> = views.quotes.iter().flatten().collect();
    all.sort_by(|a, b| {
        a.speaker
            .name
            .cmp(&b.speaker.name)
            .then(a.speaker.id.cmp(&b.speaker.id))
    });
    for q in all {
        match by_speaker.last_mut() {
            Some((s, list)) if s.id == q.speaker.id => list.push(q),
            _ => by_speaker.push((&q.speaker, vec![q])),
        }
    }
    let count: usize = by_speaker.iter().map(|(_, l)| l.len()).sum();
    let speakers: Vec<_> = by_speaker
        .into_iter()
        .map(|(s, quotes)| json!({ "speaker": s, "quotes": quotes }))
        .collect();
    job(
        "quotes/index.html".into(),
        "quotes.html",
        json!({
            "page": page_info(views, "quotes", "Quotes", "quotes/", None),
            "quote_count": count,
            "speakers": speakers,
        }),
    )
}

/// The claims index, grouped by status (the most doubtful first).
pub(crate) fn claims_index(views: &SiteViews) -> PageJob {
    let order = [
        ClaimStatus::False,
        ClaimStatus::Misleading,
        ClaimStatus::Disputed,
        ClaimStatus::Unverified,
        ClaimStatus::Supported,
    ];
    let all: Vec<&ClaimView> = views.claims.iter().flatten().collect();
    let statuses: Vec<_> = order
        .iter()
        .filter_map(|s| {
            let claims: Vec<&&ClaimView> = all.iter().filter(|c| c.status == *s).collect();
            (!claims.is_empty()).then(|| {
                json!({ "status": s, "label": super::views::status_label(*s), "claims": claims })
            })
        })
        .collect();
    job(
        "claims/index.html".into(),
        "claims.html",
        json!({
            "page": page_info(views, "claims", "Claims", "claims/", None),
            "claim_count": all.len(),
            "statuses": statuses,
        }),
    )
}

/// A tag page.
pub(crate) fn tag(site: &Site, views: &SiteViews, t: usize) -> PageJob {
    let tag = &views.tags[t];
    let briefings: Vec<&BriefingLink> = site.tags[t]
        .briefings
        .iter()
        .map(|b| views.briefing(*b))
        .collect();
    let path = format!("tags/{}/", tag.slug);
    job(
        format!("{path}index.html"),
        "tag.html",
        json!({
            "page": page_info(views, "tag", &tag.name, &path, None),
            "tag": tag,
            "briefings": briefings,
        }),
    )
}

/// The tags index.
pub(crate) fn tags_index(views: &SiteViews) -> PageJob {
    job(
        "tags/index.html".into(),
        "tags.html",
        json!({
            "page": page_info(views, "tags", "Tags", "tags/", None),
            "tags": views.tags,
        }),
    )
}

/// The search page.
pub(crate) fn search(views: &SiteViews) -> PageJob {
    job(
        "search/index.html".into(),
        "search.html",
        json!({
            "page": page_info(views, "search", "Search", "search/", None),
            "search_index_url": format!("{}search.json", views.site.root),
        }),
    )
}

/// The not-found page.
pub(crate) fn not_found(views: &SiteViews) -> PageJob {
    job(
        "404.html".into(),
        "404.html",
        json!({ "page": page_info(views, "404", "Page not found", "404.html", None) }),
    )
}

/// The Atom feed of the latest briefings.
pub(crate) fn atom(site: &Site, views: &SiteViews) -> PageJob {
    let entries: Vec<_> = site
        .briefings
        .iter()
        .take(20)
        .map(|b| {
            json!({
                "title": b.title,
                "permalink": format!("{}{}", site.base_url, b.url_path),
                "updated": b.date.rfc3339(),
                "summary": b.summary,
                "authors": b.authors,
            })
        })
        .collect();
    let updated = site
        .briefings
        .iter()
        .map(|b| b.date.rfc3339())
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    job(
        "atom.xml".into(),
        "atom.xml",
        json!({
            "page": page_info(views, "feed", &site.config.title, "atom.xml", None),
            "updated": updated,
            "entries": entries,
        }),
    )
}

/// The sitemap of every HTML page but the 404.
pub(crate) fn sitemap(site: &Site, views: &SiteViews, pages: &[PageJob]) -> PageJob {
    let lastmod: std::collections::HashMap<String, String> = site
        .briefings
        .iter()
        .map(|b| (format!("{}index.html", b.url_path), b.date.iso()))
        .collect();
    let urls: Vec<_> = pages
        .iter()
        .filter(|p| p.path.ends_with("index.html"))
        .map(|p| {
            let dir = p.path.trim_end_matches("index.html");
            json!({
                "loc": format!("{}{dir}", site.base_url),
                "lastmod": lastmod.get(&p.path),
            })
        })
        .collect();
    job(
        "sitemap.xml".into(),
        "sitemap.xml",
        json!({
            "page": page_info(views, "sitemap", "Sitemap", "sitemap.xml", None),
            "urls": urls,
        }),
    )
}

/// The search index: every briefing, actor, quote and claim with its words.
pub(crate) fn search_index(site: &Site, views: &SiteViews) -> Vec<u8> {
    let mut items: Vec<serde_json::Value> = Vec::new();
    for (b, link) in views.briefings.iter().enumerate() {
        let text = format!(
            "{} {}",
            link.summary.as_deref().unwrap_or(""),
            site.briefings[b].plain.as_str()
        );
        items.push(
            json!({ "title": link.title, "url": link.url, "kind": "briefing", "text": text }),
        );
    }
    for a in &site.actors {
        items.push(json!({
            "title": a.name,
            "url": format!("{}actors/{}/", views.site.root, a.id),
            "kind": "actor",
            "text": format!("{} {} {}", a.role.as_deref().unwrap_or(""), a.aliases.join(" "), a.description.as_deref().unwrap_or("")),
        }));
    }
    for q in views.quotes.iter().flatten() {
        items.push(
            json!({ "title": q.speaker.name, "url": q.url, "kind": "quote", "text": q.text }),
        );
    }
    for c in views.claims.iter().flatten() {
        items.push(
            json!({ "title": c.status_label, "url": c.url, "kind": "claim", "text": c.text }),
        );
    }
    // Serializing a Vec of json Values cannot fail.
    serde_json::to_vec(&items).unwrap_or_default()
}
