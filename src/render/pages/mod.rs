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

use super::shared::{Shared, SharedViews};
use crate::model::address;
use crate::render::layout::{
    ACTOR_KINDS, ACTOR_LIST_SHOWN, ACTORS_PER_PAGE, BRIEFINGS_PER_PAGE, CLAIM_ORDER,
    CLAIMS_PREVIEW, EVENTS_PER_PAGE, FEED_LINKS, ITEMS_PER_PAGE, Layout, SPEAKERS_PER_PAGE,
    TAGS_PER_PAGE, TIMELINE_RECENT, feed_actors, page_count, page_of,
};
use crate::render::structured;
use crate::render::views::{DateView, LinkView, SiteViews, TagLink};

mod actors;
mod briefings;
mod feeds;
mod indexes;
mod timeline;

pub(crate) use actors::{actor, actor_list, actors_index};
pub(crate) use briefings::{archive, briefing, home, tag, tags_index};
pub(crate) use feeds::{FeedContent, FeedOf, atom, sitemap, sitemap_part, sitemap_parts};
pub(crate) use indexes::{claims_index, claims_status, quotes_index};
pub(crate) use timeline::{event, timeline, timeline_event_map, timeline_month, timeline_year};

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
    /// `/tags/<tag>/atom.xml`, by tag index.
    TagFeed(usize),
    /// `/actors/<id>/atom.xml`, for an actor with a feed.
    ActorFeed(ActorIx),
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

    /// How many pages of its own the list has for `actor`: none while the actor's page
    /// shows it whole.
    pub(crate) fn pages(self, actor: &crate::model::Actor) -> usize {
        let n = self.len(actor);
        if n > ACTOR_LIST_SHOWN {
            page_count(n, ITEMS_PER_PAGE)
        } else {
            0
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
    let mut jobs = briefing_jobs(site);
    jobs.reserve(site.actors.len() + 64);
    for (i, a) in site.actors.iter().enumerate() {
        push_pages(&mut jobs, &address::actor(&a.id), 1, &|_| {
            PageKind::Actor(ActorIx(i))
        });
        for list in ActorList::ALL {
            push_pages(
                &mut jobs,
                &address::actor_list(&a.id, list.segment()),
                list.pages(a),
                &|p| PageKind::ActorList(ActorIx(i), list, p),
            );
        }
    }
    for (i, t) in site.tags.iter().enumerate() {
        push_pages(
            &mut jobs,
            &address::tag(&t.slug),
            page_count(t.briefings.len(), BRIEFINGS_PER_PAGE),
            &|p| PageKind::Tag(i, p),
        );
    }
    for (i, f) in layout.folders.iter().enumerate() {
        push_pages(
            &mut jobs,
            &f.path,
            page_count(f.briefings.len(), BRIEFINGS_PER_PAGE),
            &|p| PageKind::Archive(i, p),
        );
    }
    push_pages(&mut jobs, "", 1, &|_| PageKind::Home);
    push_pages(
        &mut jobs,
        address::ACTORS,
        layout.actor_index_pages(),
        &PageKind::ActorsIndex,
    );
    for (i, e) in site.events.iter().enumerate() {
        push_pages(
            &mut jobs,
            &address::event(&e.id),
            page_count(e.cited_by.len(), ITEMS_PER_PAGE),
            &|p| PageKind::Event(EventIx(i), p),
        );
    }
    push_pages(&mut jobs, address::TIMELINE, 1, &|_| PageKind::Timeline);
    for (y, year) in layout.years.iter().flat_map(|y| y.iter()).enumerate() {
        let undated_pages = match &year.months {
            Some(_) => page_count(year.undated.len(), EVENTS_PER_PAGE),
            None => 1,
        };
        push_pages(
            &mut jobs,
            &address::timeline_year(year.year),
            undated_pages,
            &|p| PageKind::TimelineYear(y, p),
        );
        for (m, (month, events)) in year.months.iter().flatten().enumerate() {
            push_pages(
                &mut jobs,
                &address::timeline_month(year.year, *month),
                page_count(events.len(), EVENTS_PER_PAGE),
                &|p| PageKind::TimelineMonth(y, m, p),
            );
        }
    }
    push_pages(
        &mut jobs,
        address::QUOTES,
        layout.quote_index_pages(),
        &PageKind::QuotesIndex,
    );
    push_pages(&mut jobs, address::CLAIMS, 1, &|_| PageKind::ClaimsIndex);
    push_status_pages(&mut jobs, layout);
    push_pages(
        &mut jobs,
        address::TAGS,
        page_count(site.tags.len(), TAGS_PER_PAGE),
        &PageKind::TagsIndex,
    );
    push_pages(&mut jobs, address::SEARCH, 1, &|_| PageKind::Search);
    jobs.push(PageJob {
        path: "404.html".into(),
        kind: PageKind::NotFound,
    });
    jobs.push(PageJob {
        path: address::FEED.into(),
        kind: PageKind::Atom,
    });
    for (i, t) in site.tags.iter().enumerate() {
        jobs.push(PageJob {
            path: address::tag_feed(&t.slug),
            kind: PageKind::TagFeed(i),
        });
    }
    for (i, a) in site.actors.iter().enumerate() {
        if !layout.actor_feeds[i].is_empty() {
            jobs.push(PageJob {
                path: address::actor_feed(&a.id),
                kind: PageKind::ActorFeed(ActorIx(i)),
            });
        }
    }
    push_sitemap(&mut jobs);
    jobs
}

/// The page of each briefing, in site order: the first pages of [`jobs`].
pub(crate) fn briefing_jobs(site: &Site) -> Vec<PageJob> {
    let mut jobs: Vec<PageJob> = Vec::with_capacity(site.briefings.len() + site.actors.len() + 64);
    for (i, b) in site.briefings.iter().enumerate() {
        push_pages(&mut jobs, &b.url_path, 1, &|_| {
            PageKind::Briefing(BriefingIx(i))
        });
    }
    jobs
}

/// The pages of `count` pages of a list whose first is at `first`, onto `jobs`.
fn push_pages(
    jobs: &mut Vec<PageJob>,
    first: &str,
    count: usize,
    kind: &dyn Fn(usize) -> PageKind,
) {
    for page in 1..=count {
        jobs.push(PageJob {
            path: address::file_of(&address::paged(first, page)),
            kind: kind(page),
        });
    }
}

/// The pages of the claims of each status (when the claims index is split), onto `jobs`.
fn push_status_pages(jobs: &mut Vec<PageJob>, layout: &Layout) {
    for (i, (status, claims)) in layout.statuses.iter().flatten().enumerate() {
        push_pages(
            jobs,
            &address::claims_status(*status),
            page_count(claims.len(), ITEMS_PER_PAGE),
            &|p| PageKind::ClaimsStatus(i, p),
        );
    }
}

/// The sitemap, and its parts when it is split, after every other page of `jobs`.
fn push_sitemap(jobs: &mut Vec<PageJob>) {
    jobs.push(PageJob {
        path: "sitemap.xml".into(),
        kind: PageKind::Sitemap,
    });
    let parts = sitemap_parts(jobs);
    if parts > 1 {
        for n in 1..=parts {
            jobs.push(PageJob {
                path: address::sitemap_part(n),
                kind: PageKind::SitemapPart(n),
            });
        }
    }
}

/// [`jobs`] of a site whose pages are those of `earlier` but for the claims of each
/// status, which `layout` splits over other pages: `earlier` with those pages made again,
/// and the sitemap's parts after them. No path of theirs can meet another page's: they are
/// below `/claims/`, which no briefing, folder or tag may use (resolve's address check).
pub(crate) fn restatused_jobs(earlier: &[PageJob], layout: &Layout) -> Vec<PageJob> {
    let is_status = |j: &PageJob| matches!(j.kind, PageKind::ClaimsStatus(..));
    let after_index = |j: &PageJob| matches!(j.kind, PageKind::ClaimsIndex);
    let start = (earlier.iter().position(is_status))
        .or_else(|| earlier.iter().position(after_index).map(|i| i + 1))
        .unwrap_or(earlier.len());
    let end = start + earlier[start..].iter().take_while(|j| is_status(j)).count();
    let sitemap = (earlier.iter())
        .rposition(|j| matches!(j.kind, PageKind::Sitemap))
        .unwrap_or(earlier.len())
        .max(end);
    let mut jobs = Vec::with_capacity(earlier.len() + 8);
    jobs.extend_from_slice(&earlier[..start]);
    push_status_pages(&mut jobs, layout);
    jobs.extend_from_slice(&earlier[end..sitemap]);
    push_sitemap(&mut jobs);
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
    pub(crate) shared: &'a SharedViews<'a>,
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
    /// On a briefing: its publication date, `YYYY-MM-DD` (`article:published_time`).
    published: Option<String>,
    /// On a briefing: its tags' names (`article:tag`).
    tags: Vec<&'a str>,
    /// The feeds of this page's subjects, linked as alternates (the site feed is
    /// `site.feed_url`).
    feeds: Vec<FeedLink>,
    /// The page's structured data: JSON-LD, already escaped to sit inside
    /// `<script type="application/ld+json">` (empty for feeds and sitemaps).
    json_ld: String,
}

/// A feed a page links as an alternate.
#[derive(Debug, Serialize, Hash)]
struct FeedLink {
    /// What it follows: "Ada Lovelace · Site".
    title: String,
    /// Its internal address.
    url: String,
}

/// The link to the feed at `path` (below the root), titled after `name`.
fn feed_link(views: &SiteViews, name: &str, path: &str) -> FeedLink {
    FeedLink {
        title: format!("{name} · {}", views.site.title),
        url: format!("{}{path}", views.site.root),
    }
}

fn page_info<'a>(
    views: &SiteViews,
    kind: &'a str,
    title: impl Into<std::borrow::Cow<'a, str>>,
    path: &str,
    description: Option<&'a str>,
) -> PageInfo<'a> {
    let title = title.into();
    let permalink = format!("{}{path}", views.site.base_url);
    let json_ld = match kind {
        "feed" | "sitemap" => String::new(),
        _ => structured::page(&views.site, kind, &title, &permalink, description),
    };
    PageInfo {
        title,
        url: format!("{}{path}", views.site.root),
        permalink,
        description,
        kind,
        section: None,
        published: None,
        tags: Vec::new(),
        feeds: Vec::new(),
        json_ld,
    }
}

/// Only `page`: the 404 page, the search page's frame.
#[derive(Serialize, Hash)]
struct PlainPage<'a> {
    page: PageInfo<'a>,
}

#[derive(Serialize, Hash)]
struct SearchPage<'a> {
    page: PageInfo<'a>,
    /// The search index's manifest, `search/index.json`.
    search_index_url: String,
}

/// The search page.
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
