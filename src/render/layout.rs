//! How the site's long lists are split over pages, decided once per render: the folder
//! archives, the timeline's years and months, the quote and claim indexes, the actors
//! index, and which page holds each event.
//!
//! Small sites keep every index on one page, as they always had; past the thresholds below
//! an index becomes an overview with pages of its own, so that no page grows without bound
//! as the site grows (`FORMAT.md`: lists long enough to pass 512 KB are split). Every
//! number of items per page is here, and nowhere else.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::load::{ActorKind, ClaimStatus};
use crate::model::address;
use crate::model::{ActorIx, BriefingIx, EventIx, Site};

/// Briefings on a page of a folder archive or a tag.
pub(crate) const BRIEFINGS_PER_PAGE: usize = 50;
/// Items on a page of an actor's long list, or of the claims of one status.
pub(crate) const ITEMS_PER_PAGE: usize = 50;
/// How many of each list an actor page shows before linking to the list's own pages.
pub(crate) const ACTOR_LIST_SHOWN: usize = 50;
/// The timeline stays one page up to this many events.
pub(crate) const TIMELINE_WHOLE: usize = 500;
/// A year of the timeline stays one page up to this many events, else it splits by month.
pub(crate) const YEAR_WHOLE: usize = 500;
/// Events on a page of a month (or of a split year's events with no month).
pub(crate) const EVENTS_PER_PAGE: usize = 250;
/// The quote index stays one page up to this many quotes, else it lists speakers.
pub(crate) const QUOTES_WHOLE: usize = 500;
/// Speakers on a page of a split quote index.
pub(crate) const SPEAKERS_PER_PAGE: usize = 200;
/// The claims index stays one page up to this many claims, else it splits by status.
pub(crate) const CLAIMS_WHOLE: usize = 500;
/// How many claims of each status a split claims index shows.
pub(crate) const CLAIMS_PREVIEW: usize = 5;
/// The actors index stays one page up to this many actors.
pub(crate) const ACTORS_WHOLE: usize = 300;
/// Actors on a page of a paginated actors index.
pub(crate) const ACTORS_PER_PAGE: usize = 200;
/// How many of the briefings citing an event the timeline and other lists show; the
/// event's own page lists them all, [`ITEMS_PER_PAGE`] a page.
pub(crate) const CITATIONS_SHOWN: usize = 10;
/// Tags on a page of the tags index.
pub(crate) const TAGS_PER_PAGE: usize = 500;
/// Events in the "most recent" list of a split timeline's overview.
pub(crate) const TIMELINE_RECENT: usize = 20;
/// Entries of the site's Atom feed: its latest briefings.
pub(crate) const FEED_ENTRIES: usize = 20;
/// Entries of a tag's or an actor's Atom feed. Each entry carries the briefing's whole
/// annotated text, and a site of 10,000 briefings has some 2,000 such feeds: at 20 entries
/// they were half of its output.
pub(crate) const TOPIC_FEED_ENTRIES: usize = 10;
/// How many actors' feeds a briefing page links as alternates (besides its tags' feeds).
pub(crate) const FEED_LINKS: usize = 10;
/// About how many events one shard of a split timeline's event map holds.
const EVENTS_PER_SHARD: usize = 1000;

/// The order of the kinds of actor on the actors index.
pub(crate) const ACTOR_KINDS: [(ActorKind, &str); 4] = [
    (ActorKind::Person, "People"),
    (ActorKind::Organization, "Organizations"),
    (ActorKind::Country, "Countries"),
    (ActorKind::Group, "Groups"),
];

/// The order of the claim statuses on the claims index: the most doubtful first.
pub(crate) const CLAIM_ORDER: [ClaimStatus; 5] = [
    ClaimStatus::False,
    ClaimStatus::Misleading,
    ClaimStatus::Disputed,
    ClaimStatus::Unverified,
    ClaimStatus::Supported,
];

/// A claim: its briefing and its index among the briefing's claims.
pub(crate) type ClaimRef = (BriefingIx, usize);

/// A status and its claims, in site order.
pub(crate) type StatusClaims = (ClaimStatus, Vec<ClaimRef>);

/// How many pages a list of `items` takes at `per_page` (at least one).
pub(crate) fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// The items of page `page` (from 1).
pub(crate) fn page_of<T>(items: &[T], page: usize, per_page: usize) -> &[T] {
    let start = (page.saturating_sub(1) * per_page).min(items.len());
    let end = (start + per_page).min(items.len());
    &items[start..end]
}

/// A folder of briefings and its archive.
#[derive(Debug, Clone)]
pub(crate) struct Folder {
    /// Its address (`briefings/`): the archive's first page.
    pub(crate) path: String,
    /// Its name as the header and the archive show it (`Briefings`).
    pub(crate) name: String,
    /// Every briefing in it or below it, newest first.
    pub(crate) briefings: Vec<BriefingIx>,
    /// Whether it sits at the top of `content/`.
    pub(crate) top: bool,
}

/// A year of a split timeline.
#[derive(Debug, Clone)]
pub(crate) struct Year {
    /// The year.
    pub(crate) year: i16,
    /// Its events, in timeline order.
    pub(crate) events: Vec<EventIx>,
    /// When the year is split by month: each month's events, in order.
    pub(crate) months: Option<Vec<(u8, Vec<EventIx>)>>,
    /// When the year is split by month: its events with no month, on the year's pages.
    pub(crate) undated: Vec<EventIx>,
}

/// The split of every long list of a site.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// Every folder that holds briefings, by address.
    pub(crate) folders: Arc<[Folder]>,
    /// `None` while the timeline is one page; else its years, in order.
    pub(crate) years: Option<Arc<[Year]>>,
    /// By event index: the address of the timeline page that holds it.
    pub(crate) event_pages: Arc<[String]>,
    /// How many shards the event map of a split timeline has (0 while it is one page).
    pub(crate) event_shards: usize,
    /// `Some` when the quote index lists speakers: every speaker with their count, by name.
    pub(crate) speakers: Option<Vec<(ActorIx, usize)>>,
    /// `Some` when the claims index is split: each status with its claims, in site order.
    pub(crate) statuses: Option<Vec<StatusClaims>>,
    /// Every actor in the order of the actors index: by kind, then name, then id.
    pub(crate) actors: Vec<ActorIx>,
    /// Whether the actors index is paginated.
    pub(crate) actors_paged: bool,
    /// By actor index: the entries of the actor's feed, newest first, at most
    /// [`FEED_ENTRIES`]; empty when no briefing names, quotes or lists them in an event
    /// (they then have no feed).
    pub(crate) actor_feeds: Vec<Vec<BriefingIx>>,
    /// By briefing index: whether some feed carries it (its feed content is then kept
    /// once made, rather than made again for each feed).
    pub(crate) in_feed: Vec<bool>,
}

impl Layout {
    /// Decides how `site`'s lists are split.
    pub(crate) fn of(site: &Site) -> Self {
        let (years, event_pages) = timeline(site);
        let (years, event_pages) = (years.map(Arc::from), Arc::from(event_pages));
        let event_shards = if years.is_some() {
            site.events.len().div_ceil(EVENTS_PER_SHARD).max(1)
        } else {
            0
        };
        Self::unpeopled(folders(site).into(), years, event_pages, event_shards).with_people(site)
    }

    /// A layout of these folders and timeline, before the lists that follow from the
    /// actors are made ([`Self::with_people`]).
    fn unpeopled(
        folders: Arc<[Folder]>,
        years: Option<Arc<[Year]>>,
        event_pages: Arc<[String]>,
        event_shards: usize,
    ) -> Self {
        Layout {
            folders,
            years,
            event_pages,
            event_shards,
            speakers: None,
            statuses: None,
            actors: Vec::new(),
            actors_paged: false,
            actor_feeds: Vec::new(),
            in_feed: Vec::new(),
        }
    }

    /// This layout's timeline with `folders`, before the lists that follow from the actors
    /// are made again.
    fn with_folders(&self, folders: Arc<[Folder]>) -> Self {
        let (years, pages) = (self.years.clone(), self.event_pages.clone());
        Self::unpeopled(folders, years, pages, self.event_shards)
    }

    /// This layout with every list that follows from the actors and whom the briefings
    /// involve (speakers, the claims of each status, the actors, their feeds) made from
    /// `site`; the folders and the timeline, which follow from the briefings' places and
    /// the events, are kept.
    fn with_people(self, site: &Site) -> Self {
        let quote_count: usize = site.briefings.iter().map(|b| b.quotes.len()).sum();
        let claim_count: usize = site.briefings.iter().map(|b| b.claims.len()).sum();
        let (actor_feeds, in_feed) = feeds(site);
        Layout {
            speakers: (quote_count > QUOTES_WHOLE).then(|| speakers(site)),
            statuses: (claim_count > CLAIMS_WHOLE).then(|| statuses(site)),
            actors: actor_order(site),
            actors_paged: site.actors.len() > ACTORS_WHOLE,
            actor_feeds,
            in_feed,
            ..self
        }
    }

    /// The layout of `site` when its briefings hold the places they held in the site this
    /// layout was made for (the same addresses, dates and tags, citing the same events)
    /// and its events make the same timeline (the same ids and dates, cited by the same
    /// briefings): this one with the lists that follow from the actors made again.
    pub(crate) fn repeopled(&self, site: &Site) -> Self {
        self.with_folders(self.folders.clone()).with_people(site)
    }

    /// The layout of `site` when its briefings are those of the site this layout was made
    /// for in another order, its events on the same timeline (the same ids and dates):
    /// this one with the folders and the lists that follow from the actors made again.
    pub(crate) fn reordered(&self, site: &Site) -> Self {
        self.with_folders(folders(site).into()).with_people(site)
    }

    /// This layout with the claims of each status as they are in `site`, when they differ
    /// (`None` when they are those of this layout). A site whose every other list is as
    /// it was (the same briefings in the same places, the same events, actors and tags)
    /// has this layout but for the statuses, which a claim's status alone can change.
    pub(crate) fn restatused(&self, site: &Site) -> Option<Self> {
        let now = self.statuses.as_ref().map(|_| statuses(site));
        (now != self.statuses).then(|| Layout {
            statuses: now,
            ..self.clone()
        })
    }

    /// Each status that has claims, with how many pages they take, when the claims index
    /// is split: the pages of the claims by status, which are at the status's address.
    pub(crate) fn status_pages(&self) -> Vec<(ClaimStatus, usize)> {
        self.statuses
            .iter()
            .flatten()
            .map(|(status, claims)| (*status, page_count(claims.len(), ITEMS_PER_PAGE)))
            .collect()
    }

    /// How many pages the actors index takes.
    pub(crate) fn actor_index_pages(&self) -> usize {
        if self.actors_paged {
            page_count(self.actors.len(), ACTORS_PER_PAGE)
        } else {
            1
        }
    }

    /// How many pages the quotes index takes (speakers, when it is split).
    pub(crate) fn quote_index_pages(&self) -> usize {
        self.speakers
            .as_ref()
            .map_or(1, |s| page_count(s.len(), SPEAKERS_PER_PAGE))
    }

    /// The shard of the event map that holds event `id`.
    pub(crate) fn event_shard(&self, id: &str) -> usize {
        shard_of(id, self.event_shards)
    }
}

/// The actors whose feeds carry briefing `b`: those it names, quotes or lists in an event
/// it cites, each once, in that order.
pub(crate) fn feed_actors(site: &Site, b: BriefingIx) -> Vec<ActorIx> {
    let mut out: Vec<ActorIx> = Vec::new();
    for a in involved(site, b) {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

/// The actors briefing `b` names, quotes or lists in an event it cites, in that order, an
/// actor as often as it is involved.
fn involved(site: &Site, b: BriefingIx) -> impl Iterator<Item = ActorIx> + '_ {
    let briefing = &site.briefings[b.0];
    let named = briefing.named.iter().copied();
    let quoted = briefing.quotes.iter().map(|q| q.speaker);
    let listed =
        (briefing.events.iter()).flat_map(|c| site.events[c.event.0].actors.iter().copied());
    named.chain(quoted).chain(listed)
}

/// The entries of every actor's feed, and which briefings some feed carries: the site's
/// latest [`FEED_ENTRIES`], each tag's latest [`TOPIC_FEED_ENTRIES`], and each actor's.
fn feeds(site: &Site) -> (Vec<Vec<BriefingIx>>, Vec<bool>) {
    let mut actor_feeds: Vec<Vec<BriefingIx>> = vec![Vec::new(); site.actors.len()];
    let mut in_feed = vec![false; site.briefings.len()];
    for flag in in_feed.iter_mut().take(FEED_ENTRIES) {
        *flag = true;
    }
    for t in site.tags.iter() {
        for b in t.briefings.iter().take(TOPIC_FEED_ENTRIES) {
            in_feed[b.0] = true;
        }
    }
    // By actor: the last briefing that came to its feed, so that a briefing comes once to
    // the feed of an actor it involves in several ways (what `feed_actors` lists, without
    // a list per briefing).
    let mut last_seen = vec![usize::MAX; site.actors.len()];
    // Briefings are newest first, so each feed fills with the newest.
    for (i, carried) in in_feed.iter_mut().enumerate() {
        for a in involved(site, BriefingIx(i)) {
            if std::mem::replace(&mut last_seen[a.0], i) == i {
                continue;
            }
            let feed = &mut actor_feeds[a.0];
            if feed.len() < TOPIC_FEED_ENTRIES {
                feed.push(BriefingIx(i));
                *carried = true;
            }
        }
    }
    (actor_feeds, in_feed)
}

/// The shard of `id` among `shards`: FNV-1a over its bytes, as the timeline's script
/// computes it.
pub(crate) fn shard_of(id: &str, shards: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    if shards == 0 {
        0
    } else {
        // A u32 always fits in usize on the targets gloss builds for (32 and 64 bits).
        (h as usize) % shards
    }
}

/// Every folder of briefings, with its ancestors; briefings at the top of `content/` form
/// the folder [`address::TOP_ARCHIVE`].
fn folders(site: &Site) -> Vec<Folder> {
    let mut by_path: BTreeMap<String, Vec<BriefingIx>> = BTreeMap::new();
    for (i, b) in site.briefings.iter().enumerate() {
        let parent = b.url_path.trim_end_matches('/');
        let parent = parent.rsplit_once('/').map_or("", |(p, _)| p);
        if parent.is_empty() {
            by_path
                .entry(address::TOP_ARCHIVE.to_string())
                .or_default()
                .push(BriefingIx(i));
            continue;
        }
        let mut path = String::new();
        for segment in parent.split('/') {
            path.push_str(segment);
            path.push('/');
            by_path.entry(path.clone()).or_default().push(BriefingIx(i));
        }
    }
    by_path
        .into_iter()
        .map(|(path, briefings)| {
            let last = path.trim_end_matches('/');
            let last = last.rsplit_once('/').map_or(last, |(_, l)| l);
            Folder {
                name: if path == address::TOP_ARCHIVE {
                    "Briefings".to_string()
                } else {
                    folder_name(last)
                },
                top: path.matches('/').count() == 1,
                path,
                briefings,
            }
        })
        .collect()
}

/// A folder's name for readers: `us-mexico` becomes `Us mexico`, `briefings` `Briefings`.
fn folder_name(segment: &str) -> String {
    let words = segment.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// The timeline's years when it is split, and the page of each event.
fn timeline(site: &Site) -> (Option<Vec<Year>>, Vec<String>) {
    let n = site.events.len();
    if n <= TIMELINE_WHOLE {
        return (None, vec![address::TIMELINE.to_string(); n]);
    }
    let mut pages = vec![String::new(); n];
    let mut by_year: BTreeMap<i16, Vec<EventIx>> = BTreeMap::new();
    for (i, e) in site.events.iter().enumerate() {
        by_year.entry(e.date.year()).or_default().push(EventIx(i));
    }
    let mut years: Vec<Year> = by_year
        .into_iter()
        .map(|(year, events)| Year {
            year,
            events,
            months: None,
            undated: Vec::new(),
        })
        .collect();
    for y in &mut years {
        if y.events.len() <= YEAR_WHOLE {
            for e in &y.events {
                pages[e.0] = address::timeline_year(y.year);
            }
            continue;
        }
        let mut months: BTreeMap<u8, Vec<EventIx>> = BTreeMap::new();
        for &e in &y.events {
            match site.events[e.0].date.month() {
                Some(m) => months.entry(m).or_default().push(e),
                None => y.undated.push(e),
            }
        }
        for (m, events) in &months {
            let first = address::timeline_month(y.year, *m);
            for (k, e) in events.iter().enumerate() {
                pages[e.0] = address::paged(&first, 1 + k / EVENTS_PER_PAGE);
            }
        }
        let first = address::timeline_year(y.year);
        for (k, e) in y.undated.iter().enumerate() {
            pages[e.0] = address::paged(&first, 1 + k / EVENTS_PER_PAGE);
        }
        y.months = Some(months.into_iter().collect());
    }
    (Some(years), pages)
}

/// Every speaker with their number of quotes, by name then id.
fn speakers(site: &Site) -> Vec<(ActorIx, usize)> {
    let mut out: Vec<(ActorIx, usize)> = site
        .actors
        .iter()
        .enumerate()
        .filter(|(_, a)| !a.refs.quotes_by.is_empty())
        .map(|(i, a)| (ActorIx(i), a.refs.quotes_by.len()))
        .collect();
    out.sort_by(|(a, _), (b, _)| {
        let (a, b) = (&site.actors[a.0], &site.actors[b.0]);
        a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// The claims of each status that has any, in [`CLAIM_ORDER`].
fn statuses(site: &Site) -> Vec<StatusClaims> {
    CLAIM_ORDER
        .iter()
        .map(|&s| {
            let claims: Vec<ClaimRef> = site
                .briefings
                .iter()
                .enumerate()
                .flat_map(|(b, br)| {
                    br.claims
                        .iter()
                        .enumerate()
                        .filter(move |(_, c)| c.status == s)
                        .map(move |(c, _)| (BriefingIx(b), c))
                })
                .collect();
            (s, claims)
        })
        .filter(|(_, claims)| !claims.is_empty())
        .collect()
}

/// Every actor by kind (in [`ACTOR_KINDS`] order), then name, then id.
fn actor_order(site: &Site) -> Vec<ActorIx> {
    let rank = |k: ActorKind| ACTOR_KINDS.iter().position(|(x, _)| *x == k);
    let mut out: Vec<ActorIx> = (0..site.actors.len()).map(ActorIx).collect();
    out.sort_by(|a, b| {
        let (a, b) = (&site.actors[a.0], &site.actors[b.0]);
        rank(a.kind)
            .cmp(&rank(b.kind))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_split_evenly() {
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(50, 50), 1);
        assert_eq!(page_count(51, 50), 2);
        let items: Vec<usize> = (0..120).collect();
        assert_eq!(page_of(&items, 1, 50).len(), 50);
        assert_eq!(page_of(&items, 3, 50), &items[100..]);
        assert!(page_of(&items, 4, 50).is_empty());
    }

    #[test]
    fn shards_match_the_script() {
        // The same values as gloss's timeline script computes (FNV-1a, 32 bits).
        assert_eq!(shard_of("", 7), 0x811c_9dc5 % 7);
        assert_eq!(shard_of("a", 1 << 16), 0xe40c_292c % (1 << 16));
        assert_eq!(shard_of("anything", 1), 0);
    }

    #[test]
    fn folder_names_read_well() {
        assert_eq!(folder_name("briefings"), "Briefings");
        assert_eq!(folder_name("us-mexico"), "Us mexico");
    }
}
