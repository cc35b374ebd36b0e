//! Every public address of a site, in one place: the paths readers bookmark and cite.
//!
//! Each function returns a path below the site root with no leading slash and a trailing
//! slash (`actors/marco-rubio/`); a page's file is that path plus `index.html`
//! ([`file_of`]). Views prefix the site root for links, feeds and the sitemap the base
//! address. `FORMAT.md` lists these addresses as the contract; change them nowhere else.

use super::ClaimStatus;

/// The first segments of the addresses gloss writes its own pages under: no briefing may
/// live there.
pub const RESERVED: [&str; 7] = [
    "actors", "events", "timeline", "quotes", "claims", "search", "tags",
];

/// The file of the page at `path`: `path` + `index.html`.
pub fn file_of(path: &str) -> String {
    format!("{path}index.html")
}

/// Page `page` (from 1) of a list whose first page is at `first`: `first` itself, then
/// `first` + `page/2/`, ...
pub fn paged(first: &str, page: usize) -> String {
    if page <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{page}/")
    }
}

/// An actor's page.
pub fn actor(id: &str) -> String {
    format!("actors/{id}/")
}

/// The quoted words on an actor's page: the section of their first quotes, which links on
/// to the rest (`actors/ID/#sec-said`).
pub fn actor_said(id: &str) -> String {
    format!("{}#sec-said", actor(id))
}

/// The first page of one of an actor's long lists (`quotes`, `claims`, ...).
pub fn actor_list(id: &str, list: &str) -> String {
    format!("actors/{id}/{list}/")
}

/// The first page of the actors index.
pub const ACTORS: &str = "actors/";

/// A tag's first page.
pub fn tag(slug: &str) -> String {
    format!("tags/{slug}/")
}

/// The tags index.
pub const TAGS: &str = "tags/";

/// An event's page.
pub fn event(id: &str) -> String {
    format!("events/{id}/")
}

/// The archive of the briefings at the top of `content/` (others are at their folder's own
/// address, `briefings/`).
pub const TOP_ARCHIVE: &str = "archive/";

/// The timeline, whole or its overview.
pub const TIMELINE: &str = "timeline/";

/// A year of the timeline.
pub fn timeline_year(year: i16) -> String {
    format!("timeline/{}/", year_segment(year))
}

/// A month of the timeline, in a year split by month.
pub fn timeline_month(year: i16, month: u8) -> String {
    format!("timeline/{}/{month:02}/", year_segment(year))
}

/// The shards that tell the timeline's script which page holds a bookmarked event.
pub fn timeline_shard(shard: usize) -> String {
    format!("timeline/events/{shard}.json")
}

/// A year as an address segment: four digits, a minus sign before years BC.
fn year_segment(year: i16) -> String {
    if year < 0 {
        format!("-{:04}", -i32::from(year))
    } else {
        format!("{year:04}")
    }
}

/// The first page of the quotes index.
pub const QUOTES: &str = "quotes/";

/// The first page of the claims index.
pub const CLAIMS: &str = "claims/";

/// The first page of the claims of one status, when the claims index is split.
pub fn claims_status(status: ClaimStatus) -> String {
    format!("claims/{}/", status_segment(status))
}

/// A claim status as written in sidecars and addresses.
pub fn status_segment(status: ClaimStatus) -> &'static str {
    match status {
        ClaimStatus::Unverified => "unverified",
        ClaimStatus::Supported => "supported",
        ClaimStatus::Disputed => "disputed",
        ClaimStatus::False => "false",
        ClaimStatus::Misleading => "misleading",
    }
}

/// Part `n` (from 1) of a sitemap too long for one file; `/sitemap.xml` is then their index.
pub fn sitemap_part(n: usize) -> String {
    format!("sitemaps/{n}.xml")
}

/// The search page.
pub const SEARCH: &str = "search/";

/// The graph of the whole site, as JSON.
pub const GRAPH: &str = "graph.json";

/// The JSON Schema of [`GRAPH`].
pub const GRAPH_SCHEMA: &str = "graph.schema.json";

/// The events in TimelineJS3's format.
pub const TIMELINE_JSON: &str = "timeline.json";

/// Every claim as schema.org ClaimReview JSON-LD.
pub const CLAIMS_JSON: &str = "claims.json";

/// Every data export, at the site root.
pub const EXPORTS: [&str; 4] = [GRAPH, GRAPH_SCHEMA, TIMELINE_JSON, CLAIMS_JSON];

/// The W3C Web Annotations of the briefing at `briefing` (`briefings/us-mexico/`).
pub fn annotations(briefing: &str) -> String {
    format!("{briefing}annotations.jsonld")
}

/// The site's Atom feed of its latest briefings.
pub const FEED: &str = "atom.xml";

/// The Atom feed of a tag's latest briefings.
pub fn tag_feed(slug: &str) -> String {
    format!("tags/{slug}/atom.xml")
}

/// The Atom feed of the latest briefings that name, quote or list an actor in an event.
pub fn actor_feed(id: &str) -> String {
    format!("actors/{id}/atom.xml")
}

/// Where on a briefing page the words of an annotation are: `#quote-ID`, `#claim-ID`, ...
/// (`kind` is `quote`, `claim`, `note` or `event`).
pub fn annotation_fragment(kind: &str, id: &str) -> String {
    format!("#{kind}-{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_years() {
        assert_eq!(paged("briefings/", 1), "briefings/");
        assert_eq!(paged("briefings/", 3), "briefings/page/3/");
        assert_eq!(paged("", 2), "page/2/");
        assert_eq!(file_of("tags/x/page/2/"), "tags/x/page/2/index.html");
        assert_eq!(timeline_year(2025), "timeline/2025/");
        assert_eq!(timeline_year(44), "timeline/0044/");
        assert_eq!(timeline_year(-44), "timeline/-0044/");
        assert_eq!(timeline_month(2025, 3), "timeline/2025/03/");
        assert_eq!(claims_status(ClaimStatus::False), "claims/false/");
        assert_eq!(tag_feed("us-mexico"), "tags/us-mexico/atom.xml");
        assert_eq!(actor_feed("ada"), "actors/ada/atom.xml");
        assert_eq!(actor_said("ada"), "actors/ada/#sec-said");
        assert_eq!(annotation_fragment("quote", "x"), "#quote-x");
    }
}
