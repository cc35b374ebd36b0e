//! One typed context per kind of page: the variables its template receives.
//!
//! These structs are the documented interface of the theme (`themes/default/README.md`
//! lists them); a site's own templates receive exactly these variables, and the compiler
//! checks that every page builds the fields its template is promised. Views of site data
//! (actors, briefings, events, quotes, claims, notes, tags) are [`Shared`] values, converted
//! once for the whole site; a page holds references to them, never copies.

use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Serialize;

use crate::load::{ActorKind, ClaimStatus, SourceKind};
use crate::model::{ActorIx, BriefingIx, Site};

use super::shared::{Shared, SharedViews};
use super::views::{DateView, LinkView, SiteViews, TagLink};

/// Which page a job renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageKind {
    /// `/`.
    Home,
    /// A briefing.
    Briefing(BriefingIx),
    /// An actor page, by actor index.
    Actor(ActorIx),
    /// A tag page, by tag index.
    Tag(usize),
    /// `/actors/`.
    ActorsIndex,
    /// `/timeline/`.
    Timeline,
    /// `/quotes/`.
    QuotesIndex,
    /// `/claims/`.
    ClaimsIndex,
    /// `/tags/`.
    TagsIndex,
    /// `/search/`.
    Search,
    /// `/404.html`.
    NotFound,
    /// `/atom.xml`.
    Atom,
    /// `/sitemap.xml`.
    Sitemap,
}

/// A page to render: its output path and which page it is.
#[derive(Debug, Clone)]
pub(crate) struct PageJob {
    /// Path inside the output folder, `/`-separated.
    pub(crate) path: String,
    /// What it shows.
    pub(crate) kind: PageKind,
}

/// Every page of a site, briefings first (the largest share of the work).
pub(crate) fn jobs(site: &Site) -> Vec<PageJob> {
    let mut jobs: Vec<PageJob> = Vec::with_capacity(site.briefings.len() + site.actors.len() + 64);
    let mut add = |path: String, kind| jobs.push(PageJob { path, kind });
    for (i, b) in site.briefings.iter().enumerate() {
        add(
            format!("{}index.html", b.url_path),
            PageKind::Briefing(BriefingIx(i)),
        );
    }
    for (i, a) in site.actors.iter().enumerate() {
        add(
            format!("actors/{}/index.html", a.id),
            PageKind::Actor(ActorIx(i)),
        );
    }
    for (i, t) in site.tags.iter().enumerate() {
        add(format!("tags/{}/index.html", t.slug), PageKind::Tag(i));
    }
    add("index.html".into(), PageKind::Home);
    add("actors/index.html".into(), PageKind::ActorsIndex);
    add("timeline/index.html".into(), PageKind::Timeline);
    add("quotes/index.html".into(), PageKind::QuotesIndex);
    add("claims/index.html".into(), PageKind::ClaimsIndex);
    add("tags/index.html".into(), PageKind::TagsIndex);
    add("search/index.html".into(), PageKind::Search);
    add("404.html".into(), PageKind::NotFound);
    add("atom.xml".into(), PageKind::Atom);
    add("sitemap.xml".into(), PageKind::Sitemap);
    jobs
}

/// A page's variables, ready for tera, with their fingerprint.
pub(crate) trait PageVars: Sync + Send {
    /// The tera context (without `site`, which the renderer adds).
    fn context(&self) -> tera::TeraResult<tera::Context>;
    /// Feeds the variables into a fingerprint.
    fn fingerprint(&self, h: &mut DefaultHasher);
}

impl<T: Serialize + Hash + Sync + Send> PageVars for T {
    fn context(&self) -> tera::TeraResult<tera::Context> {
        tera::Context::from_serialize(self)
    }

    fn fingerprint(&self, h: &mut DefaultHasher) {
        self.hash(h);
    }
}

/// HTML rendered by gloss, fingerprinted by what it was made from rather than by its bytes.
#[derive(Debug)]
pub(crate) struct Html {
    /// The fingerprint of the Markdown and marks it was rendered from.
    pub(crate) key: u64,
    /// The HTML.
    pub(crate) html: std::sync::Arc<str>,
}

impl Serialize for Html {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (*self.html).serialize(serializer)
    }
}

impl Hash for Html {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

/// What pages are made from: the model, its views and the shared template values.
pub(crate) struct PageInputs<'a> {
    pub(crate) site: &'a Site,
    pub(crate) views: &'a SiteViews,
    pub(crate) shared: &'a SharedViews,
}

/// What every page says about itself.
#[derive(Debug, Serialize, Hash)]
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

/// Only `page`: the 404 page, the search page's frame.
#[derive(Serialize, Hash)]
struct PlainPage<'a> {
    page: PageInfo<'a>,
}

#[derive(Serialize, Hash)]
struct Counts {
    briefings: usize,
    actors: usize,
    events: usize,
    quotes: usize,
    claims: usize,
}

#[derive(Serialize, Hash)]
struct HomePage<'a> {
    page: PageInfo<'a>,
    intro_html: Option<&'a str>,
    briefings: Vec<&'a Shared>,
    events: Vec<&'a Shared>,
    actors: Vec<&'a Shared>,
    counts: Counts,
}

/// The home page; `intro_html` is `content/index.md` rendered.
pub(crate) fn home<'a>(cx: &PageInputs<'a>, intro_html: Option<&'a str>) -> impl PageVars + 'a {
    let (site, views, shared) = (cx.site, cx.views, cx.shared);
    let title = site.home.title.as_deref().unwrap_or(&site.config.title);
    let events: Vec<&Shared> = shared.events.iter().rev().take(8).collect();
    let mut actors: Vec<usize> = (0..views.actors.len())
        .filter(|&a| views.actors[a].briefing_count > 0)
        .collect();
    actors.sort_by(|&a, &b| {
        let (a, b) = (&views.actors[a], &views.actors[b]);
        b.briefing_count
            .cmp(&a.briefing_count)
            .then(b.quote_count.cmp(&a.quote_count))
            .then_with(|| a.name.cmp(&b.name))
    });
    actors.truncate(8);
    HomePage {
        page: page_info(views, "home", title, "", site.config.description.as_deref()),
        intro_html,
        briefings: shared.briefings.iter().take(10).collect(),
        events,
        actors: actors.into_iter().map(|a| &shared.actors[a]).collect(),
        counts: Counts {
            briefings: site.briefings.len(),
            actors: site.actors.len(),
            events: site.events.len(),
            quotes: site.briefings.iter().map(|b| b.quotes.len()).sum(),
            claims: site.briefings.iter().map(|b| b.claims.len()).sum(),
        },
    }
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

#[derive(Serialize, Hash)]
struct SourceVars<'a> {
    url: Option<&'a str>,
    publisher: Option<&'a str>,
    published: Option<DateView>,
    language: Option<&'a str>,
    kind: Option<SourceKind>,
    kind_label: Option<&'static str>,
}

#[derive(Serialize, Hash)]
struct BriefingVars<'a> {
    title: &'a str,
    url: &'a str,
    date: &'a DateView,
    summary: Option<&'a str>,
    tags: &'a [TagLink],
    authors: &'a [String],
    source: Option<SourceVars<'a>>,
    content_html: Html,
    actors: Vec<&'a Shared>,
    events: Vec<&'a Shared>,
    quotes: &'a [Shared],
    claims: &'a [Shared],
    notes: &'a [Shared],
}

#[derive(Serialize, Hash)]
struct BriefingPage<'a> {
    page: PageInfo<'a>,
    briefing: BriefingVars<'a>,
}

/// A briefing page; `content_html` is its annotated text.
pub(crate) fn briefing<'a>(
    cx: &PageInputs<'a>,
    b: BriefingIx,
    content_html: Html,
) -> impl PageVars + 'a {
    let (views, shared) = (cx.views, cx.shared);
    let model = &cx.site.briefings[b.0];
    let link = views.briefing(b);
    let source = model.source.as_ref().map(|s| SourceVars {
        url: s.url.as_deref(),
        publisher: s.publisher.as_deref(),
        published: s.published.as_ref().map(DateView::of),
        language: s.language.as_deref(),
        kind: s.kind,
        kind_label: s.kind.map(kind_label),
    });
    // Events are indexed in timeline order, so sorting by index sorts by date.
    let mut order: Vec<_> = model.events.iter().map(|c| c.event).collect();
    order.sort_unstable();
    BriefingPage {
        page: page_info(
            views,
            "briefing",
            &model.title,
            &model.url_path,
            model.summary.as_deref(),
        ),
        briefing: BriefingVars {
            title: &link.title,
            url: &link.url,
            date: &link.date,
            summary: link.summary.as_deref(),
            tags: &link.tags,
            authors: &model.authors,
            source,
            content_html,
            actors: model.actors.iter().map(|a| &shared.actors[a.0]).collect(),
            events: order.into_iter().map(|e| &shared.events[e.0]).collect(),
            quotes: &shared.quotes[b.0],
            claims: &shared.claims[b.0],
            notes: &shared.notes[b.0],
        },
    }
}

#[derive(Serialize, Hash)]
struct AppearsWith<'a> {
    actor: &'a Shared,
    count: usize,
}

#[derive(Serialize, Hash)]
struct ActorVars<'a> {
    id: &'a str,
    name: &'a str,
    url: &'a str,
    kind: ActorKind,
    role: Option<&'a str>,
    initials: &'a str,
    briefing_count: usize,
    quote_count: usize,
    aliases: &'a [String],
    affiliations: Vec<&'a Shared>,
    description_html: Option<Html>,
    links: Vec<LinkView>,
    quotes: Vec<&'a Shared>,
    quotes_about: Vec<&'a Shared>,
    claims: Vec<&'a Shared>,
    events: Vec<&'a Shared>,
    briefings: Vec<&'a Shared>,
    appears_with: Vec<AppearsWith<'a>>,
}

#[derive(Serialize, Hash)]
struct ActorPage<'a> {
    page: PageInfo<'a>,
    actor: ActorVars<'a>,
}

/// An actor page; `description_html` is its description rendered.
pub(crate) fn actor<'a>(
    cx: &PageInputs<'a>,
    a: ActorIx,
    description_html: Option<Html>,
) -> impl PageVars + 'a {
    let shared = cx.shared;
    let model = &cx.site.actors[a.0];
    let link = cx.views.actor(a);
    let quote = |(b, q): &(BriefingIx, usize)| &shared.quotes[b.0][*q];
    let path = format!("actors/{}/", model.id);
    ActorPage {
        page: page_info(cx.views, "actor", &model.name, &path, model.role.as_deref()),
        actor: ActorVars {
            id: &link.id,
            name: &link.name,
            url: &link.url,
            kind: link.kind,
            role: link.role.as_deref(),
            initials: &link.initials,
            briefing_count: link.briefing_count,
            quote_count: link.quote_count,
            aliases: &model.aliases,
            affiliations: model
                .affiliations
                .iter()
                .map(|x| &shared.actors[x.0])
                .collect(),
            description_html,
            links: model
                .links
                .iter()
                .map(|l| LinkView {
                    url: l.url.clone(),
                    title: l.title.clone().unwrap_or_else(|| l.url.clone()),
                })
                .collect(),
            quotes: model.refs.quotes_by.iter().map(quote).collect(),
            quotes_about: model.refs.quotes_about.iter().map(quote).collect(),
            claims: model
                .refs
                .claims_by
                .iter()
                .map(|(b, c)| &shared.claims[b.0][*c])
                .collect(),
            events: model
                .refs
                .events
                .iter()
                .map(|e| &shared.events[e.0])
                .collect(),
            briefings: model
                .refs
                .briefings
                .iter()
                .map(|b| &shared.briefings[b.0])
                .collect(),
            appears_with: model
                .refs
                .appears_with
                .iter()
                .map(|(x, n)| AppearsWith {
                    actor: &shared.actors[x.0],
                    count: *n,
                })
                .collect(),
        },
    }
}

#[derive(Serialize, Hash)]
struct ActorGroup<'a> {
    kind: ActorKind,
    label: &'static str,
    actors: Vec<&'a Shared>,
}

#[derive(Serialize, Hash)]
struct ActorsPage<'a> {
    page: PageInfo<'a>,
    groups: Vec<ActorGroup<'a>>,
}

/// The actors index, grouped by kind.
pub(crate) fn actors_index<'a>(cx: &PageInputs<'a>) -> impl PageVars + 'a {
    let views = cx.views;
    let kinds = [
        (ActorKind::Person, "People"),
        (ActorKind::Organization, "Organizations"),
        (ActorKind::Country, "Countries"),
        (ActorKind::Group, "Groups"),
    ];
    let groups = kinds
        .iter()
        .filter_map(|&(kind, label)| {
            let mut actors: Vec<usize> = (0..views.actors.len())
                .filter(|&a| views.actors[a].kind == kind)
                .collect();
            actors.sort_by(|&a, &b| {
                let (a, b) = (&views.actors[a], &views.actors[b]);
                a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id))
            });
            (!actors.is_empty()).then(|| ActorGroup {
                kind,
                label,
                actors: actors.into_iter().map(|a| &cx.shared.actors[a]).collect(),
            })
        })
        .collect();
    ActorsPage {
        page: page_info(views, "actors", "Actors", "actors/", None),
        groups,
    }
}

#[derive(Serialize, Hash)]
struct TimelineMonth<'a> {
    month: Option<u8>,
    label: String,
    events: Vec<&'a Shared>,
}

#[derive(Serialize, Hash)]
struct TimelineYear<'a> {
    year: i16,
    count: usize,
    months: Vec<TimelineMonth<'a>>,
}

#[derive(Serialize, Hash)]
struct TimelinePage<'a> {
    page: PageInfo<'a>,
    event_count: usize,
    years: Vec<TimelineYear<'a>>,
}

/// The timeline: events grouped by year, then month.
pub(crate) fn timeline<'a>(cx: &PageInputs<'a>) -> impl PageVars + 'a {
    let filed: Vec<(i16, Option<u8>)> = cx
        .site
        .events
        .iter()
        .map(|e| (e.date.year(), e.date.month()))
        .collect();
    let events = &filed;
    let mut years: Vec<TimelineYear> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let year = events[i].0;
        let mut months: Vec<TimelineMonth> = Vec::new();
        let mut count = 0;
        while i < events.len() && events[i].0 == year {
            let month = events[i].1;
            let mut group: Vec<&Shared> = Vec::new();
            while i < events.len() && events[i] == (year, month) {
                group.push(&cx.shared.events[i]);
                i += 1;
            }
            count += group.len();
            let label = match month {
                Some(m) => format!("{} {year}", crate::model::dates::month_name(m)),
                None => format!("{year}, month not known"),
            };
            months.push(TimelineMonth {
                month,
                label,
                events: group,
            });
        }
        years.push(TimelineYear {
            year,
            count,
            months,
        });
    }
    TimelinePage {
        page: page_info(cx.views, "timeline", "Timeline", "timeline/", None),
        event_count: events.len(),
        years,
    }
}

#[derive(Serialize, Hash)]
struct SpeakerQuotes<'a> {
    speaker: &'a Shared,
    quotes: Vec<&'a Shared>,
}

#[derive(Serialize, Hash)]
struct QuotesPage<'a> {
    page: PageInfo<'a>,
    quote_count: usize,
    speakers: Vec<SpeakerQuotes<'a>>,
}

/// The quote index, by speaker.
pub(crate) fn quotes_index<'a>(cx: &PageInputs<'a>) -> impl PageVars + 'a {
    let (site, views) = (cx.site, cx.views);
    let mut all: Vec<(usize, usize)> = site
        .briefings
        .iter()
        .enumerate()
        .flat_map(|(b, br)| (0..br.quotes.len()).map(move |q| (b, q)))
        .collect();
    let speaker = |&(b, q): &(usize, usize)| site.briefings[b].quotes[q].speaker;
    // A stable sort by speaker keeps each speaker's quotes in site order.
    all.sort_by(|x, y| {
        let (a, b) = (views.actor(speaker(x)), views.actor(speaker(y)));
        a.name.cmp(&b.name).then(a.id.cmp(&b.id))
    });
    let mut speakers: Vec<(ActorIx, SpeakerQuotes)> = Vec::new();
    for r in &all {
        let s = speaker(r);
        let q = &cx.shared.quotes[r.0][r.1];
        match speakers.last_mut() {
            Some((last, group)) if *last == s => group.quotes.push(q),
            _ => speakers.push((
                s,
                SpeakerQuotes {
                    speaker: &cx.shared.actors[s.0],
                    quotes: vec![q],
                },
            )),
        }
    }
    QuotesPage {
        page: page_info(views, "quotes", "Quotes", "quotes/", None),
        quote_count: all.len(),
        speakers: speakers.into_iter().map(|(_, g)| g).collect(),
    }
}

#[derive(Serialize, Hash)]
struct StatusClaims<'a> {
    status: ClaimStatus,
    label: &'static str,
    claims: Vec<&'a Shared>,
}

#[derive(Serialize, Hash)]
struct ClaimsPage<'a> {
    page: PageInfo<'a>,
    claim_count: usize,
    statuses: Vec<StatusClaims<'a>>,
}

/// The claims index, grouped by status (the most doubtful first).
pub(crate) fn claims_index<'a>(cx: &PageInputs<'a>) -> impl PageVars + 'a {
    let order = [
        ClaimStatus::False,
        ClaimStatus::Misleading,
        ClaimStatus::Disputed,
        ClaimStatus::Unverified,
        ClaimStatus::Supported,
    ];
    let all: Vec<(ClaimStatus, &Shared)> = cx
        .site
        .briefings
        .iter()
        .zip(&cx.shared.claims)
        .flat_map(|(b, shared)| b.claims.iter().map(|c| c.status).zip(shared))
        .collect();
    let statuses = order
        .iter()
        .filter_map(|&s| {
            let claims: Vec<&Shared> = all
                .iter()
                .filter(|(status, _)| *status == s)
                .map(|(_, c)| *c)
                .collect();
            (!claims.is_empty()).then(|| StatusClaims {
                status: s,
                label: super::views::status_label(s),
                claims,
            })
        })
        .collect();
    ClaimsPage {
        page: page_info(cx.views, "claims", "Claims", "claims/", None),
        claim_count: all.len(),
        statuses,
    }
}

#[derive(Serialize, Hash)]
struct TagPage<'a> {
    page: PageInfo<'a>,
    tag: &'a Shared,
    briefings: Vec<&'a Shared>,
}

/// A tag page.
pub(crate) fn tag<'a>(cx: &PageInputs<'a>, t: usize) -> impl PageVars + 'a {
    let tag = &cx.views.tags[t];
    let path = format!("tags/{}/", tag.slug);
    TagPage {
        page: page_info(cx.views, "tag", &tag.name, &path, None),
        tag: &cx.shared.tags[t],
        briefings: cx.site.tags[t]
            .briefings
            .iter()
            .map(|b| &cx.shared.briefings[b.0])
            .collect(),
    }
}

#[derive(Serialize, Hash)]
struct TagsPage<'a> {
    page: PageInfo<'a>,
    tags: &'a [Shared],
}

/// The tags index.
pub(crate) fn tags_index<'a>(cx: &PageInputs<'a>) -> impl PageVars + 'a {
    TagsPage {
        page: page_info(cx.views, "tags", "Tags", "tags/", None),
        tags: &cx.shared.tags,
    }
}

#[derive(Serialize, Hash)]
struct SearchPage<'a> {
    page: PageInfo<'a>,
    /// The search index's manifest, `search/index.json`.
    search_index_url: String,
}

/// The search page: its script reads the manifest, then fetches only the parts of the
/// index a query needs.
pub(crate) fn search<'a>(cx: &PageInputs<'a>) -> impl PageVars + 'a {
    SearchPage {
        page: page_info(cx.views, "search", "Search", "search/", None),
        search_index_url: format!("{}search/index.json", cx.views.site.root),
    }
}

/// The not-found page.
pub(crate) fn not_found<'a>(cx: &PageInputs<'a>) -> impl PageVars + 'a {
    PlainPage {
        page: page_info(cx.views, "404", "Page not found", "404.html", None),
    }
}

#[derive(Serialize, Hash)]
struct FeedEntry<'a> {
    title: &'a str,
    permalink: String,
    updated: String,
    summary: Option<&'a str>,
    authors: &'a [String],
}

#[derive(Serialize, Hash)]
struct FeedPage<'a> {
    page: PageInfo<'a>,
    updated: String,
    entries: Vec<FeedEntry<'a>>,
}

/// The Atom feed of the latest briefings.
pub(crate) fn atom<'a>(cx: &PageInputs<'a>) -> impl PageVars + 'a {
    let site = cx.site;
    let entries = site
        .briefings
        .iter()
        .take(20)
        .map(|b| FeedEntry {
            title: &b.title,
            permalink: format!("{}{}", site.base_url, b.url_path),
            updated: b.date.rfc3339(),
            summary: b.summary.as_deref(),
            authors: &b.authors,
        })
        .collect();
    let updated = site
        .briefings
        .iter()
        .map(|b| b.date.rfc3339())
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    FeedPage {
        page: page_info(cx.views, "feed", &site.config.title, "atom.xml", None),
        updated,
        entries,
    }
}

#[derive(Serialize, Hash)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

#[derive(Serialize, Hash)]
struct SitemapPage<'a> {
    page: PageInfo<'a>,
    urls: Vec<SitemapUrl>,
}

/// The sitemap of every HTML page of `jobs` but the 404.
pub(crate) fn sitemap<'a>(cx: &PageInputs<'a>, jobs: &[PageJob]) -> impl PageVars + 'a {
    let site = cx.site;
    let urls = jobs
        .iter()
        .filter(|p| p.path.ends_with("index.html"))
        .map(|p| SitemapUrl {
            loc: format!("{}{}", site.base_url, p.path.trim_end_matches("index.html")),
            lastmod: match p.kind {
                PageKind::Briefing(b) => Some(site.briefings[b.0].date.iso()),
                _ => None,
            },
        })
        .collect();
    SitemapPage {
        page: page_info(cx.views, "sitemap", "Sitemap", "sitemap.xml", None),
        urls,
    }
}
