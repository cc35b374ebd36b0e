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
use crate::model::{ActorIx, BriefingIx, EventIx, Site};

use super::layout::{
    ACTOR_KINDS, ACTOR_LIST_SHOWN, ACTORS_PER_PAGE, BRIEFINGS_PER_PAGE, CLAIM_ORDER,
    CLAIMS_PREVIEW, EVENTS_PER_PAGE, ITEMS_PER_PAGE, Layout, SPEAKERS_PER_PAGE, TAGS_PER_PAGE,
    TIMELINE_RECENT, page_count, page_of,
};
use super::shared::{Shared, SharedViews};
use super::views::{DateView, LinkView, SiteViews, TagLink};
use crate::model::address;

/// Which page a job renders; list pages carry their page number (from 1) and indices into
/// the render's [`Layout`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageKind {
    /// `/`.
    Home,
    /// A briefing.
    Briefing(BriefingIx),
    /// An actor page, by actor index.
    Actor(ActorIx),
    /// A page of one of an actor's long lists.
    ActorList(ActorIx, ActorList, usize),
    /// A page of a folder's archive, by index in [`Layout::folders`].
    Archive(usize, usize),
    /// A page of a tag, by tag index.
    Tag(usize, usize),
    /// A page of `/actors/`.
    ActorsIndex(usize),
    /// A page of an event's own page (its citing briefings paginate).
    Event(EventIx, usize),
    /// `/timeline/`: every event, or the overview of a split timeline.
    Timeline,
    /// A page of a year of a split timeline, by index in [`Layout::years`].
    TimelineYear(usize, usize),
    /// A page of a month of a year split by month: year index, month index, page.
    TimelineMonth(usize, usize, usize),
    /// A page of `/quotes/`.
    QuotesIndex(usize),
    /// `/claims/`: every claim, or the overview of a split index.
    ClaimsIndex,
    /// A page of the claims of one status, by index in [`Layout::statuses`].
    ClaimsStatus(usize, usize),
    /// A page of `/tags/`.
    TagsIndex(usize),
    /// `/search/`.
    Search,
    /// `/404.html`.
    NotFound,
    /// `/atom.xml`.
    Atom,
    /// `/sitemap.xml`: every page, or, past [`SITEMAP_URLS`] pages, the index of the parts.
    Sitemap,
    /// `/sitemaps/N.xml`: part N (from 1) of a sitemap too long for one file.
    SitemapPart(usize),
}

/// The most addresses one sitemap file may list (sitemaps.org's limit).
pub(crate) const SITEMAP_URLS: usize = 50_000;

/// The lists of an actor page that get pages of their own when they are long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ActorList {
    /// Quotes they said.
    Quotes,
    /// Quotes about them.
    QuotedAbout,
    /// Claims they made.
    Claims,
    /// Events they took part in.
    Events,
    /// Briefings that involve them.
    Briefings,
}

impl ActorList {
    /// Every list, in the order of the actor page.
    pub(crate) const ALL: [ActorList; 5] = [
        ActorList::Quotes,
        ActorList::QuotedAbout,
        ActorList::Claims,
        ActorList::Events,
        ActorList::Briefings,
    ];

    /// Its address segment below the actor's page.
    pub(crate) fn segment(self) -> &'static str {
        match self {
            ActorList::Quotes => "quotes",
            ActorList::QuotedAbout => "quoted-about",
            ActorList::Claims => "claims",
            ActorList::Events => "events",
            ActorList::Briefings => "briefings",
        }
    }

    /// How long the list is for `actor`.
    pub(crate) fn len(self, actor: &crate::model::Actor) -> usize {
        let r = &actor.refs;
        match self {
            ActorList::Quotes => r.quotes_by.len(),
            ActorList::QuotedAbout => r.quotes_about.len(),
            ActorList::Claims => r.claims_by.len(),
            ActorList::Events => r.events.len(),
            ActorList::Briefings => r.briefings.len(),
        }
    }
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
pub(crate) fn jobs(site: &Site, layout: &Layout) -> Vec<PageJob> {
    let mut jobs: Vec<PageJob> = Vec::with_capacity(site.briefings.len() + site.actors.len() + 64);
    let mut add = |path: String, kind| {
        jobs.push(PageJob {
            path: address::file_of(&path),
            kind,
        })
    };
    let mut add_pages = |first: &str, count: usize, kind: &dyn Fn(usize) -> PageKind| {
        for page in 1..=count {
            add(address::paged(first, page), kind(page));
        }
    };
    for (i, b) in site.briefings.iter().enumerate() {
        add_pages(&b.url_path, 1, &|_| PageKind::Briefing(BriefingIx(i)));
    }
    for (i, a) in site.actors.iter().enumerate() {
        add_pages(&address::actor(&a.id), 1, &|_| PageKind::Actor(ActorIx(i)));
        for list in ActorList::ALL {
            let n = list.len(a);
            if n > ACTOR_LIST_SHOWN {
                add_pages(
                    &address::actor_list(&a.id, list.segment()),
                    page_count(n, ITEMS_PER_PAGE),
                    &|p| PageKind::ActorList(ActorIx(i), list, p),
                );
            }
        }
    }
    for (i, t) in site.tags.iter().enumerate() {
        add_pages(
            &address::tag(&t.slug),
            page_count(t.briefings.len(), BRIEFINGS_PER_PAGE),
            &|p| PageKind::Tag(i, p),
        );
    }
    for (i, f) in layout.folders.iter().enumerate() {
        add_pages(
            &f.path,
            page_count(f.briefings.len(), BRIEFINGS_PER_PAGE),
            &|p| PageKind::Archive(i, p),
        );
    }
    add_pages("", 1, &|_| PageKind::Home);
    let actor_pages = if layout.actors_paged {
        page_count(layout.actors.len(), ACTORS_PER_PAGE)
    } else {
        1
    };
    add_pages(address::ACTORS, actor_pages, &PageKind::ActorsIndex);
    for (i, e) in site.events.iter().enumerate() {
        add_pages(
            &address::event(&e.id),
            page_count(e.cited_by.len(), ITEMS_PER_PAGE),
            &|p| PageKind::Event(EventIx(i), p),
        );
    }
    add_pages(address::TIMELINE, 1, &|_| PageKind::Timeline);
    for (y, year) in layout.years.iter().flatten().enumerate() {
        let undated_pages = match &year.months {
            Some(_) => page_count(year.undated.len(), EVENTS_PER_PAGE),
            None => 1,
        };
        add_pages(&address::timeline_year(year.year), undated_pages, &|p| {
            PageKind::TimelineYear(y, p)
        });
        for (m, (month, events)) in year.months.iter().flatten().enumerate() {
            add_pages(
                &address::timeline_month(year.year, *month),
                page_count(events.len(), EVENTS_PER_PAGE),
                &|p| PageKind::TimelineMonth(y, m, p),
            );
        }
    }
    let quote_pages = layout
        .speakers
        .as_ref()
        .map_or(1, |s| page_count(s.len(), SPEAKERS_PER_PAGE));
    add_pages(address::QUOTES, quote_pages, &PageKind::QuotesIndex);
    add_pages(address::CLAIMS, 1, &|_| PageKind::ClaimsIndex);
    for (i, (status, claims)) in layout.statuses.iter().flatten().enumerate() {
        add_pages(
            &address::claims_status(*status),
            page_count(claims.len(), ITEMS_PER_PAGE),
            &|p| PageKind::ClaimsStatus(i, p),
        );
    }
    add_pages(
        address::TAGS,
        page_count(site.tags.len(), TAGS_PER_PAGE),
        &PageKind::TagsIndex,
    );
    add_pages(address::SEARCH, 1, &|_| PageKind::Search);
    jobs.push(PageJob {
        path: "404.html".into(),
        kind: PageKind::NotFound,
    });
    jobs.push(PageJob {
        path: "atom.xml".into(),
        kind: PageKind::Atom,
    });
    jobs.push(PageJob {
        path: "sitemap.xml".into(),
        kind: PageKind::Sitemap,
    });
    let parts = sitemap_parts(&jobs);
    if parts > 1 {
        for n in 1..=parts {
            jobs.push(PageJob {
                path: address::sitemap_part(n),
                kind: PageKind::SitemapPart(n),
            });
        }
    }
    jobs
}

/// The pages a sitemap lists: every HTML page but the 404.
fn sitemap_pages(jobs: &[PageJob]) -> impl Iterator<Item = &PageJob> {
    jobs.iter().filter(|p| p.path.ends_with("index.html"))
}

/// How many files the sitemap takes.
pub(crate) fn sitemap_parts(jobs: &[PageJob]) -> usize {
    page_count(sitemap_pages(jobs).count(), SITEMAP_URLS)
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
    pub(crate) layout: &'a Layout,
}

/// Where a page stands in a list split over pages, and the links to the others
/// (`rel="prev"` and `rel="next"` in the theme's `partials/pager.html`).
#[derive(Debug, Serialize, Hash)]
struct Pager {
    /// This page's number, from 1.
    number: usize,
    /// How many pages the list has.
    count: usize,
    /// The previous page's address.
    prev: Option<String>,
    /// The next page's address.
    next: Option<String>,
    /// The pages to offer: the first, the last, and the two either side of this one.
    pages: Vec<PagerLink>,
}

/// One page number of a [`Pager`].
#[derive(Debug, Serialize, Hash)]
struct PagerLink {
    number: usize,
    url: String,
    current: bool,
    /// Whether pages are skipped between this one and the one before.
    gap_before: bool,
}

/// The pager of page `page` of `count` of the list first at `first`; `None` when the list
/// is one page, so that short lists look as they always have.
fn pager(views: &SiteViews, first: &str, page: usize, count: usize) -> Option<Pager> {
    if count <= 1 {
        return None;
    }
    let url = |n: usize| format!("{}{}", views.site.root, address::paged(first, n));
    let mut pages = Vec::new();
    let mut last_shown = 0;
    for n in 1..=count {
        if n == 1 || n == count || n.abs_diff(page) <= 2 {
            pages.push(PagerLink {
                number: n,
                url: url(n),
                current: n == page,
                gap_before: n > last_shown + 1,
            });
            last_shown = n;
        }
    }
    Some(Pager {
        number: page,
        count,
        prev: (page > 1).then(|| url(page - 1)),
        next: (page < count).then(|| url(page + 1)),
        pages,
    })
}

/// A page's own title: the list's, with " (page N)" after the first page.
fn paged_title(title: &str, page: usize) -> String {
    if page > 1 {
        format!("{title} (page {page})")
    } else {
        title.to_string()
    }
}

/// What every page says about itself.
#[derive(Debug, Serialize, Hash)]
struct PageInfo<'a> {
    title: std::borrow::Cow<'a, str>,
    url: String,
    permalink: String,
    description: Option<&'a str>,
    kind: &'a str,
    /// On a folder archive's pages: the archive's first page (what the header marks).
    section: Option<String>,
}

fn page_info<'a>(
    views: &SiteViews,
    kind: &'a str,
    title: impl Into<std::borrow::Cow<'a, str>>,
    path: &str,
    description: Option<&'a str>,
) -> PageInfo<'a> {
    PageInfo {
        title: title.into(),
        url: format!("{}{path}", views.site.root),
        permalink: format!("{}{path}", views.site.base_url),
        description,
        kind,
        section: None,
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
    event_count: usize,
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
    /// For each list cut short on this page, where all of it is.
    more: ActorMore,
}

/// Where each of an actor's long lists is in full (`None` while the page shows it all).
#[derive(Serialize, Hash, Default)]
struct ActorMore {
    quotes: Option<MoreLink>,
    quoted_about: Option<MoreLink>,
    claims: Option<MoreLink>,
    events: Option<MoreLink>,
    briefings: Option<MoreLink>,
}

/// A link to a whole list: its first page and how many items it has.
#[derive(Serialize, Hash)]
struct MoreLink {
    url: String,
    count: usize,
}

#[derive(Serialize, Hash)]
struct ActorPage<'a> {
    page: PageInfo<'a>,
    actor: ActorVars<'a>,
}

/// The first [`ACTOR_LIST_SHOWN`] of `items`.
fn shown<T>(items: &[T]) -> &[T] {
    &items[..items.len().min(ACTOR_LIST_SHOWN)]
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
    let path = address::actor(&model.id);
    let more = |list: ActorList| {
        let count = list.len(model);
        (count > ACTOR_LIST_SHOWN).then(|| MoreLink {
            url: format!(
                "{}{}",
                cx.views.site.root,
                address::actor_list(&model.id, list.segment())
            ),
            count,
        })
    };
    let refs = &model.refs;
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
            event_count: refs.events.len(),
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
            quotes: shown(&refs.quotes_by).iter().map(quote).collect(),
            quotes_about: shown(&refs.quotes_about).iter().map(quote).collect(),
            claims: shown(&refs.claims_by)
                .iter()
                .map(|(b, c)| &shared.claims[b.0][*c])
                .collect(),
            events: shown(&refs.events)
                .iter()
                .map(|e| &shared.events[e.0])
                .collect(),
            briefings: shown(&refs.briefings)
                .iter()
                .map(|b| &shared.briefings[b.0])
                .collect(),
            appears_with: refs
                .appears_with
                .iter()
                .map(|(x, n)| AppearsWith {
                    actor: &shared.actors[x.0],
                    count: *n,
                })
                .collect(),
            more: ActorMore {
                quotes: more(ActorList::Quotes),
                quoted_about: more(ActorList::QuotedAbout),
                claims: more(ActorList::Claims),
                events: more(ActorList::Events),
                briefings: more(ActorList::Briefings),
            },
        },
    }
}

#[derive(Serialize, Hash)]
struct ActorListPage<'a> {
    page: PageInfo<'a>,
    actor: &'a Shared,
    /// Which list: `quotes`, `quoted-about`, `claims`, `events` or `briefings`.
    list: ActorList,
    /// The list's heading.
    heading: String,
    /// How many items the whole list has.
    count: usize,
    /// This page's items: quote, claim, event or briefing views, as `list` says.
    items: Vec<&'a Shared>,
    pager: Option<Pager>,
}

/// Page `page` of one of an actor's long lists.
pub(crate) fn actor_list<'a>(
    cx: &PageInputs<'a>,
    a: ActorIx,
    list: ActorList,
    page: usize,
) -> impl PageVars + 'a {
    let shared = cx.shared;
    let model = &cx.site.actors[a.0];
    let refs = &model.refs;
    let first = address::actor_list(&model.id, list.segment());
    let quotes = |items: &[(BriefingIx, usize)]| -> Vec<&'a Shared> {
        page_of(items, page, ITEMS_PER_PAGE)
            .iter()
            .map(|(b, q)| &shared.quotes[b.0][*q])
            .collect()
    };
    let (heading, items) = match list {
        ActorList::Quotes => ("Quoted words".to_string(), quotes(&refs.quotes_by)),
        ActorList::QuotedAbout => (
            format!("Quoted about {}", model.name),
            quotes(&refs.quotes_about),
        ),
        ActorList::Claims => (
            "Claims made".to_string(),
            page_of(&refs.claims_by, page, ITEMS_PER_PAGE)
                .iter()
                .map(|(b, c)| &shared.claims[b.0][*c])
                .collect(),
        ),
        ActorList::Events => (
            "Events".to_string(),
            page_of(&refs.events, page, ITEMS_PER_PAGE)
                .iter()
                .map(|e| &shared.events[e.0])
                .collect(),
        ),
        ActorList::Briefings => (
            "Briefings".to_string(),
            page_of(&refs.briefings, page, ITEMS_PER_PAGE)
                .iter()
                .map(|b| &shared.briefings[b.0])
                .collect(),
        ),
    };
    let count = list.len(model);
    ActorListPage {
        page: page_info(
            cx.views,
            "actor-list",
            paged_title(&format!("{}: {heading}", model.name), page),
            &address::paged(&first, page),
            None,
        ),
        actor: &shared.actors[a.0],
        list,
        heading,
        count,
        items,
        pager: pager(cx.views, &first, page, page_count(count, ITEMS_PER_PAGE)),
    }
}

#[derive(Serialize, Hash)]
struct ActorGroup<'a> {
    kind: ActorKind,
    label: &'static str,
    actors: Vec<&'a Shared>,
}

/// A kind of actor in the jump list of a paginated actors index.
#[derive(Serialize, Hash)]
struct KindLink {
    kind: ActorKind,
    label: &'static str,
    count: usize,
    /// Where its first actors are: the page and `#kind-KIND`.
    url: String,
}

#[derive(Serialize, Hash)]
struct ActorsPage<'a> {
    page: PageInfo<'a>,
    /// This page's actors, by kind.
    groups: Vec<ActorGroup<'a>>,
    /// When the index is paginated: every kind, its count and the page it starts on.
    kinds: Vec<KindLink>,
    pager: Option<Pager>,
}

/// Page `page` of the actors index, grouped by kind (one page up to
/// [`super::layout::ACTORS_WHOLE`] actors).
pub(crate) fn actors_index<'a>(cx: &PageInputs<'a>, page: usize) -> impl PageVars + 'a {
    let (views, layout) = (cx.views, cx.layout);
    let per_page = if layout.actors_paged {
        ACTORS_PER_PAGE
    } else {
        layout.actors.len().max(1)
    };
    let count = page_count(layout.actors.len(), per_page);
    let on_page = page_of(&layout.actors, page, per_page);
    let kind_of = |a: &ActorIx| views.actor(*a).kind;
    let groups = ACTOR_KINDS
        .iter()
        .filter_map(|&(kind, label)| {
            let actors: Vec<&Shared> = on_page
                .iter()
                .filter(|a| kind_of(a) == kind)
                .map(|a| &cx.shared.actors[a.0])
                .collect();
            (!actors.is_empty()).then_some(ActorGroup {
                kind,
                label,
                actors,
            })
        })
        .collect();
    let kinds = if layout.actors_paged {
        ACTOR_KINDS
            .iter()
            .filter_map(|&(kind, label)| {
                let start = layout.actors.iter().position(|a| kind_of(a) == kind)?;
                let count = layout.actors.iter().filter(|a| kind_of(a) == kind).count();
                let first_page = 1 + start / per_page;
                Some(KindLink {
                    kind,
                    label,
                    count,
                    url: format!(
                        "{}{}#kind-{}",
                        views.site.root,
                        address::paged(address::ACTORS, first_page),
                        serde_plain(&kind)
                    ),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    ActorsPage {
        page: page_info(
            views,
            "actors",
            paged_title("Actors", page),
            &address::paged(address::ACTORS, page),
            None,
        ),
        groups,
        kinds,
        pager: pager(views, address::ACTORS, page, count),
    }
}

/// A unit enum value as its serde name (`person`, `false`): what templates print of it.
fn serde_plain(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
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

#[derive(Serialize, Hash)]
struct EventPage<'a> {
    page: PageInfo<'a>,
    event: &'a Shared,
    /// This page's citing briefings, in site order (newest first).
    citations: Vec<super::views::CitationView>,
    citation_count: usize,
    pager: Option<Pager>,
}

/// Page `page` of an event's page: what it is, and the briefings citing it with their words.
pub(crate) fn event<'a>(cx: &PageInputs<'a>, e: EventIx, page: usize) -> impl PageVars + 'a {
    let model = &cx.site.events[e.0];
    let first = address::event(&model.id);
    EventPage {
        page: page_info(
            cx.views,
            "event",
            paged_title(&model.title, page),
            &address::paged(&first, page),
            None,
        ),
        event: &cx.shared.events[e.0],
        citations: page_of(&model.cited_by, page, ITEMS_PER_PAGE)
            .iter()
            .map(|&b| super::views::citation_view(model, b, cx.site, cx.views))
            .collect(),
        citation_count: model.cited_by.len(),
        pager: pager(
            cx.views,
            &first,
            page,
            page_count(model.cited_by.len(), ITEMS_PER_PAGE),
        ),
    }
}

/// The events of `events` (in timeline order) grouped by year, then month.
fn by_year_and_month<'a>(cx: &PageInputs<'a>, events: &[EventIx]) -> Vec<TimelineYear<'a>> {
    let filed: Vec<(i16, Option<u8>)> = events
        .iter()
        .map(|e| {
            let date = &cx.site.events[e.0].date;
            (date.year(), date.month())
        })
        .collect();
    let mut years: Vec<TimelineYear> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let year = filed[i].0;
        let mut months: Vec<TimelineMonth> = Vec::new();
        let mut count = 0;
        while i < events.len() && filed[i].0 == year {
            let month = filed[i].1;
            let mut group: Vec<&Shared> = Vec::new();
            while i < events.len() && filed[i] == (year, month) {
                group.push(&cx.shared.events[events[i].0]);
                i += 1;
            }
            count += group.len();
            months.push(TimelineMonth {
                month,
                label: month_label(year, month),
                events: group,
            });
        }
        years.push(TimelineYear {
            year,
            count,
            months,
        });
    }
    years
}

/// "March 2025", or "2025, month not known".
fn month_label(year: i16, month: Option<u8>) -> String {
    match month {
        Some(m) => format!("{} {year}", crate::model::dates::month_name(m)),
        None => format!("{year}, month not known"),
    }
}

#[derive(Serialize, Hash)]
struct PeriodLink {
    label: String,
    url: String,
    count: usize,
}

#[derive(Serialize, Hash)]
struct OverviewYear {
    year: i16,
    count: usize,
    url: String,
    /// The year's months, when it is split by month.
    months: Vec<PeriodLink>,
}

/// Where the timeline's script finds the page of a bookmarked event.
#[derive(Serialize, Hash)]
struct EventMap {
    /// The address of shard `N` is this with `N.json` after it.
    prefix: String,
    shards: usize,
}

#[derive(Serialize, Hash)]
struct TimelineOverviewPage<'a> {
    page: PageInfo<'a>,
    event_count: usize,
    years: Vec<OverviewYear>,
    /// The latest events, newest first.
    recent: Vec<&'a Shared>,
    event_map: EventMap,
}

/// `/timeline/`: every event, grouped by year and month, while the site has at most
/// [`super::layout::TIMELINE_WHOLE`]; beyond, an overview of years and months.
pub(crate) fn timeline<'a>(cx: &PageInputs<'a>) -> Box<dyn PageVars + 'a> {
    let page = page_info(cx.views, "timeline", "Timeline", address::TIMELINE, None);
    let root = &cx.views.site.root;
    let Some(split) = &cx.layout.years else {
        let all: Vec<EventIx> = (0..cx.site.events.len()).map(EventIx).collect();
        return Box::new(TimelinePage {
            page,
            event_count: all.len(),
            years: by_year_and_month(cx, &all),
        });
    };
    let years = split
        .iter()
        .map(|y| OverviewYear {
            year: y.year,
            count: y.events.len(),
            url: format!("{root}{}", address::timeline_year(y.year)),
            months: y
                .months
                .iter()
                .flatten()
                .map(|(m, events)| PeriodLink {
                    label: crate::model::dates::month_name(*m).to_string(),
                    url: format!("{root}{}", address::timeline_month(y.year, *m)),
                    count: events.len(),
                })
                .collect(),
        })
        .collect();
    let n = cx.site.events.len();
    let recent = (n.saturating_sub(TIMELINE_RECENT)..n)
        .rev()
        .map(|e| &cx.shared.events[e])
        .collect();
    let shard0 = address::timeline_shard(0);
    Box::new(TimelineOverviewPage {
        page,
        event_count: n,
        years,
        recent,
        event_map: EventMap {
            prefix: format!("{root}{}", shard0.trim_end_matches("0.json")),
            shards: cx.layout.event_shards,
        },
    })
}

#[derive(Serialize, Hash)]
struct TimelinePeriodPage<'a> {
    page: PageInfo<'a>,
    /// The year shown.
    year: i16,
    /// The month shown, on a month's page.
    month: Option<u8>,
    /// "2025", "March 2025".
    label: String,
    /// How many events the year or month has.
    event_count: usize,
    /// This page's events, grouped by year (this one) and month.
    years: Vec<TimelineYear<'a>>,
    /// On a year split by month: its months.
    months: Vec<PeriodLink>,
    /// The year's page, on a month's page.
    up: Option<PeriodLink>,
    /// The periods before and after this one.
    prev: Option<PeriodLink>,
    next: Option<PeriodLink>,
    pager: Option<Pager>,
}

/// Page `page` of a year of a split timeline: all its events, or, for a year split by
/// month, its months and its events with no month.
pub(crate) fn timeline_year<'a>(cx: &PageInputs<'a>, y: usize, page: usize) -> impl PageVars + 'a {
    let years = cx.layout.years.as_deref().unwrap_or_default();
    let year = &years[y];
    let root = &cx.views.site.root;
    let first = address::timeline_year(year.year);
    let year_link = |y: &super::layout::Year| PeriodLink {
        label: y.year.to_string(),
        url: format!("{root}{}", address::timeline_year(y.year)),
        count: y.events.len(),
    };
    let (events, months, pages) = match &year.months {
        None => (&year.events[..], Vec::new(), 1),
        Some(months) => (
            page_of(&year.undated, page, EVENTS_PER_PAGE),
            months
                .iter()
                .map(|(m, events)| PeriodLink {
                    label: month_label(year.year, Some(*m)),
                    url: format!("{root}{}", address::timeline_month(year.year, *m)),
                    count: events.len(),
                })
                .collect(),
            page_count(year.undated.len(), EVENTS_PER_PAGE),
        ),
    };
    let label = year.year.to_string();
    TimelinePeriodPage {
        page: page_info(
            cx.views,
            "timeline",
            paged_title(&format!("Timeline: {label}"), page),
            &address::paged(&first, page),
            None,
        ),
        year: year.year,
        month: None,
        label,
        event_count: year.events.len(),
        years: by_year_and_month(cx, events),
        months,
        up: None,
        prev: y.checked_sub(1).map(|p| year_link(&years[p])),
        next: years.get(y + 1).map(year_link),
        pager: pager(cx.views, &first, page, pages),
    }
}

/// Page `page` of a month of a year split by month.
pub(crate) fn timeline_month<'a>(
    cx: &PageInputs<'a>,
    y: usize,
    m: usize,
    page: usize,
) -> impl PageVars + 'a {
    let years = cx.layout.years.as_deref().unwrap_or_default();
    let year = &years[y];
    let months = year.months.as_deref().unwrap_or_default();
    let (month, events) = &months[m];
    let root = &cx.views.site.root;
    let first = address::timeline_month(year.year, *month);
    let month_link = |(m, events): &(u8, Vec<EventIx>)| PeriodLink {
        label: month_label(year.year, Some(*m)),
        url: format!("{root}{}", address::timeline_month(year.year, *m)),
        count: events.len(),
    };
    let label = month_label(year.year, Some(*month));
    TimelinePeriodPage {
        page: page_info(
            cx.views,
            "timeline",
            paged_title(&format!("Timeline: {label}"), page),
            &address::paged(&first, page),
            None,
        ),
        year: year.year,
        month: Some(*month),
        label,
        event_count: events.len(),
        years: by_year_and_month(cx, page_of(events, page, EVENTS_PER_PAGE)),
        months: Vec::new(),
        up: Some(PeriodLink {
            label: year.year.to_string(),
            url: format!("{root}{}", address::timeline_year(year.year)),
            count: year.events.len(),
        }),
        prev: m.checked_sub(1).map(|p| month_link(&months[p])),
        next: months.get(m + 1).map(month_link),
        pager: pager(
            cx.views,
            &first,
            page,
            page_count(events.len(), EVENTS_PER_PAGE),
        ),
    }
}

/// The shards of a split timeline's event map: for each event id, the address of the page
/// that holds it (below the site root), so that a bookmarked `/timeline/#event-ID` finds it.
pub(crate) fn timeline_event_map(site: &Site, layout: &Layout) -> Vec<(String, Vec<u8>)> {
    if layout.event_shards == 0 {
        return Vec::new();
    }
    let mut shards: Vec<std::collections::BTreeMap<&str, &str>> =
        vec![Default::default(); layout.event_shards];
    for (e, page) in site.events.iter().zip(&layout.event_pages) {
        shards[layout.event_shard(&e.id)].insert(&e.id, page);
    }
    shards
        .iter()
        .enumerate()
        .map(|(i, map)| {
            // A map of strings always serializes.
            let json = serde_json::to_vec(map).unwrap_or_default();
            (address::timeline_shard(i), json)
        })
        .collect()
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

/// A speaker on a page of a split quote index.
#[derive(Serialize, Hash)]
struct SpeakerLink<'a> {
    speaker: &'a Shared,
    count: usize,
    /// Where their quotes are: their own pages, or their actor page's quotes.
    url: String,
}

#[derive(Serialize, Hash)]
struct SpeakersPage<'a> {
    page: PageInfo<'a>,
    quote_count: usize,
    speaker_count: usize,
    speakers: Vec<SpeakerLink<'a>>,
    pager: Option<Pager>,
}

/// Page `page` of the quote index: every quote by speaker while the site has at most
/// [`super::layout::QUOTES_WHOLE`]; beyond, the speakers with their counts.
pub(crate) fn quotes_index<'a>(cx: &PageInputs<'a>, page: usize) -> Box<dyn PageVars + 'a> {
    let Some(speakers) = &cx.layout.speakers else {
        return Box::new(quotes_whole(cx));
    };
    let root = &cx.views.site.root;
    let on_page = page_of(speakers, page, SPEAKERS_PER_PAGE)
        .iter()
        .map(|&(a, count)| {
            let id = &cx.site.actors[a.0].id;
            let url = if count > ACTOR_LIST_SHOWN {
                address::actor_list(id, ActorList::Quotes.segment())
            } else {
                format!("{}#sec-said", address::actor(id))
            };
            SpeakerLink {
                speaker: &cx.shared.actors[a.0],
                count,
                url: format!("{root}{url}"),
            }
        })
        .collect();
    Box::new(SpeakersPage {
        page: page_info(
            cx.views,
            "quotes",
            paged_title("Quotes", page),
            &address::paged(address::QUOTES, page),
            None,
        ),
        quote_count: speakers.iter().map(|(_, n)| n).sum(),
        speaker_count: speakers.len(),
        speakers: on_page,
        pager: pager(
            cx.views,
            address::QUOTES,
            page,
            page_count(speakers.len(), SPEAKERS_PER_PAGE),
        ),
    })
}

/// The whole quote index, by speaker.
fn quotes_whole<'a>(cx: &PageInputs<'a>) -> impl PageVars + 'a {
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

/// A status on a split claims index: its count, its first claims and its pages.
#[derive(Serialize, Hash)]
struct StatusOverview<'a> {
    status: ClaimStatus,
    label: &'static str,
    count: usize,
    url: String,
    claims: Vec<&'a Shared>,
}

#[derive(Serialize, Hash)]
struct ClaimsOverviewPage<'a> {
    page: PageInfo<'a>,
    claim_count: usize,
    statuses: Vec<StatusOverview<'a>>,
}

/// The claims index, grouped by status (the most doubtful first): every claim while the
/// site has at most [`super::layout::CLAIMS_WHOLE`]; beyond, each status with its first few
/// claims and a link to its pages.
pub(crate) fn claims_index<'a>(cx: &PageInputs<'a>) -> Box<dyn PageVars + 'a> {
    let page = page_info(cx.views, "claims", "Claims", address::CLAIMS, None);
    let Some(split) = &cx.layout.statuses else {
        return Box::new(claims_whole(cx, page));
    };
    let claim = |&(b, c): &(BriefingIx, usize)| &cx.shared.claims[b.0][c];
    Box::new(ClaimsOverviewPage {
        page,
        claim_count: split.iter().map(|(_, c)| c.len()).sum(),
        statuses: split
            .iter()
            .map(|(status, claims)| StatusOverview {
                status: *status,
                label: super::views::status_label(*status),
                count: claims.len(),
                url: format!("{}{}", cx.views.site.root, address::claims_status(*status)),
                claims: claims.iter().take(CLAIMS_PREVIEW).map(claim).collect(),
            })
            .collect(),
    })
}

fn claims_whole<'a>(cx: &PageInputs<'a>, page: PageInfo<'a>) -> impl PageVars + 'a {
    let all: Vec<(ClaimStatus, &Shared)> = cx
        .site
        .briefings
        .iter()
        .zip(&cx.shared.claims)
        .flat_map(|(b, shared)| b.claims.iter().map(|c| c.status).zip(shared))
        .collect();
    let statuses = CLAIM_ORDER
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
        page,
        claim_count: all.len(),
        statuses,
    }
}

#[derive(Serialize, Hash)]
struct ClaimsStatusPage<'a> {
    page: PageInfo<'a>,
    status: ClaimStatus,
    label: &'static str,
    count: usize,
    claims: Vec<&'a Shared>,
    pager: Option<Pager>,
}

/// Page `page` of the claims of one status, on a split claims index.
pub(crate) fn claims_status<'a>(cx: &PageInputs<'a>, s: usize, page: usize) -> impl PageVars + 'a {
    let split = cx.layout.statuses.as_deref().unwrap_or_default();
    let (status, claims) = &split[s];
    let label = super::views::status_label(*status);
    let first = address::claims_status(*status);
    ClaimsStatusPage {
        page: page_info(
            cx.views,
            "claims",
            paged_title(&format!("Claims: {label}"), page),
            &address::paged(&first, page),
            None,
        ),
        status: *status,
        label,
        count: claims.len(),
        claims: page_of(claims, page, ITEMS_PER_PAGE)
            .iter()
            .map(|&(b, c)| &cx.shared.claims[b.0][c])
            .collect(),
        pager: pager(
            cx.views,
            &first,
            page,
            page_count(claims.len(), ITEMS_PER_PAGE),
        ),
    }
}

#[derive(Serialize, Hash)]
struct TagPage<'a> {
    page: PageInfo<'a>,
    tag: &'a Shared,
    briefings: Vec<&'a Shared>,
    pager: Option<Pager>,
}

/// Page `page` of a tag.
pub(crate) fn tag<'a>(cx: &PageInputs<'a>, t: usize, page: usize) -> impl PageVars + 'a {
    let tag = &cx.views.tags[t];
    let first = address::tag(&tag.slug);
    let all = &cx.site.tags[t].briefings;
    let count = page_count(all.len(), BRIEFINGS_PER_PAGE);
    TagPage {
        page: page_info(
            cx.views,
            "tag",
            paged_title(&tag.name, page),
            &address::paged(&first, page),
            None,
        ),
        tag: &cx.shared.tags[t],
        briefings: page_of(all, page, BRIEFINGS_PER_PAGE)
            .iter()
            .map(|b| &cx.shared.briefings[b.0])
            .collect(),
        pager: pager(cx.views, &first, page, count),
    }
}

#[derive(Serialize, Hash)]
struct ArchivePage<'a> {
    page: PageInfo<'a>,
    folder: FolderVars<'a>,
    briefings: Vec<&'a Shared>,
    pager: Option<Pager>,
}

#[derive(Serialize, Hash)]
struct FolderVars<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

/// Page `page` of a folder's archive, newest first.
pub(crate) fn archive<'a>(cx: &PageInputs<'a>, f: usize, page: usize) -> impl PageVars + 'a {
    let folder = &cx.layout.folders[f];
    let count = page_count(folder.briefings.len(), BRIEFINGS_PER_PAGE);
    let url = format!("{}{}", cx.views.site.root, folder.path);
    let mut info = page_info(
        cx.views,
        "archive",
        paged_title(&folder.name, page),
        &address::paged(&folder.path, page),
        None,
    );
    info.section = Some(url.clone());
    ArchivePage {
        page: info,
        folder: FolderVars {
            name: &folder.name,
            url,
            count: folder.briefings.len(),
        },
        briefings: page_of(&folder.briefings, page, BRIEFINGS_PER_PAGE)
            .iter()
            .map(|b| &cx.shared.briefings[b.0])
            .collect(),
        pager: pager(cx.views, &folder.path, page, count),
    }
}

#[derive(Serialize, Hash)]
struct TagsPage<'a> {
    page: PageInfo<'a>,
    /// This page's tags.
    tags: &'a [Shared],
    tag_count: usize,
    pager: Option<Pager>,
}

/// Page `page` of the tags index ([`TAGS_PER_PAGE`] a page).
pub(crate) fn tags_index<'a>(cx: &PageInputs<'a>, page: usize) -> impl PageVars + 'a {
    let all = &cx.shared.tags;
    TagsPage {
        page: page_info(
            cx.views,
            "tags",
            paged_title("Tags", page),
            &address::paged(address::TAGS, page),
            None,
        ),
        tags: page_of(all, page, TAGS_PER_PAGE),
        tag_count: all.len(),
        pager: pager(
            cx.views,
            address::TAGS,
            page,
            page_count(all.len(), TAGS_PER_PAGE),
        ),
    }
}

#[derive(Serialize, Hash)]
struct SearchPage<'a> {
    page: PageInfo<'a>,
    search_index_url: String,
}

/// The search page.
pub(crate) fn search<'a>(cx: &PageInputs<'a>) -> impl PageVars + 'a {
    SearchPage {
        page: page_info(cx.views, "search", "Search", "search/", None),
        search_index_url: format!("{}search.json", cx.views.site.root),
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

#[derive(Serialize, Hash)]
struct SitemapIndexPage<'a> {
    page: PageInfo<'a>,
    /// The absolute address of each part.
    parts: Vec<String>,
}

/// The sitemap of every HTML page of `jobs` but the 404; past [`SITEMAP_URLS`] pages, the
/// sitemap index of its parts.
pub(crate) fn sitemap<'a>(cx: &PageInputs<'a>, jobs: &[PageJob]) -> Box<dyn PageVars + 'a> {
    let parts = sitemap_parts(jobs);
    if parts <= 1 {
        return Box::new(sitemap_part(cx, jobs, 1));
    }
    Box::new(SitemapIndexPage {
        page: page_info(cx.views, "sitemap", "Sitemap", "sitemap.xml", None),
        parts: (1..=parts)
            .map(|n| format!("{}{}", cx.site.base_url, address::sitemap_part(n)))
            .collect(),
    })
}

/// Part `part` (from 1) of the sitemap: [`SITEMAP_URLS`] pages at most.
pub(crate) fn sitemap_part<'a>(
    cx: &PageInputs<'a>,
    jobs: &[PageJob],
    part: usize,
) -> impl PageVars + 'a {
    let site = cx.site;
    let urls = sitemap_pages(jobs)
        .skip((part - 1) * SITEMAP_URLS)
        .take(SITEMAP_URLS)
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

/// One entry of the search index (fields in the order the index has always had them).
#[derive(Serialize)]
struct SearchItem<'a> {
    kind: &'static str,
    text: String,
    title: &'a str,
    url: String,
}

/// The search index: every briefing, actor, quote and claim with its words.
pub(crate) fn search_index(site: &Site, views: &SiteViews) -> Vec<u8> {
    let mut items: Vec<SearchItem> = Vec::new();
    for (b, link) in views.briefings.iter().enumerate() {
        let text = format!(
            "{} {}",
            link.summary.as_deref().unwrap_or(""),
            site.briefings[b].plain.as_str()
        );
        items.push(SearchItem {
            kind: "briefing",
            text,
            title: &link.title,
            url: link.url.clone(),
        });
    }
    for (a, link) in site.actors.iter().zip(&views.actors) {
        items.push(SearchItem {
            kind: "actor",
            text: format!(
                "{} {} {}",
                a.role.as_deref().unwrap_or(""),
                a.aliases.join(" "),
                a.description.as_deref().unwrap_or("")
            ),
            title: &a.name,
            url: link.url.clone(),
        });
    }
    for (b, link) in site.briefings.iter().zip(&views.briefings) {
        for q in b.quotes.iter() {
            items.push(SearchItem {
                kind: "quote",
                text: q.text.clone(),
                title: &site.actors[q.speaker.0].name,
                url: format!("{}#quote-{}", link.url, q.id),
            });
        }
    }
    for (b, link) in site.briefings.iter().zip(&views.briefings) {
        for c in b.claims.iter() {
            items.push(SearchItem {
                kind: "claim",
                text: c.text.clone(),
                title: super::views::status_label(c.status),
                url: format!("{}#claim-{}", link.url, c.id),
            });
        }
    }
    // Serializing plain structs of strings cannot fail.
    serde_json::to_vec(&items).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_splits_past_fifty_thousand_pages() {
        let job = |i: usize| PageJob {
            path: format!("briefings/b{i}/index.html"),
            kind: PageKind::Briefing(BriefingIx(i)),
        };
        let mut jobs: Vec<PageJob> = (0..SITEMAP_URLS).map(job).collect();
        jobs.push(PageJob {
            path: "404.html".into(),
            kind: PageKind::NotFound,
        });
        assert_eq!(sitemap_parts(&jobs), 1, "the 404 is not listed");
        jobs.push(job(SITEMAP_URLS));
        assert_eq!(sitemap_parts(&jobs), 2);
        assert_eq!(address::sitemap_part(2), "sitemaps/2.xml");
    }
}
