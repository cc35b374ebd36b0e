//! Files for tools rather than readers: each briefing's annotations as W3C Web Annotations,
//! and the site's data as JSON (the graph of everything, the timeline in TimelineJS3's
//! format, the claims as ClaimReview).
//!
//! Every file is built from typed `Serialize` structs, so its shape is checked by the
//! compiler, and from the model in its own order, so the same sources give the same bytes.

mod annotations;
mod body_text;
mod claims;
mod graph;
mod timeline;

pub(crate) use annotations::path_of as annotations_path;

use serde::Serialize;

use crate::model::{BriefingIx, Site, address};

use super::Page;

/// The annotations file of briefing `b`, from the bytes of its rendered page.
pub(crate) fn annotations_page(site: &Site, b: BriefingIx, page: &[u8]) -> Page {
    let briefing = &site.briefings[b.0];
    let html = String::from_utf8_lossy(page);
    Page::new(
        annotations::path_of(briefing),
        annotations::annotations_file(site, briefing, &html),
    )
}

/// The fingerprint of what a briefing's annotations file is made from, given the
/// fingerprint of its page (`page`): the page fixes the words every selector quotes and
/// counts, and the file without its selectors is the rest.
pub(crate) fn annotations_fingerprint(site: &Site, b: BriefingIx, page: u64) -> u64 {
    let briefing = &site.briefings[b.0];
    crate::fingerprint::of(&(
        "annotations",
        page,
        annotations::annotations_file(site, briefing, ""),
    ))
}

/// The data exports: `/graph.json` and its schema, `/timeline.json`, `/claims.json`, each
/// made when the iterator reaches it (so only one is in memory at a time when each is
/// handed on); `markdown` renders an event's summary for the timeline.
pub(crate) fn data_files<'a>(
    site: &'a Site,
    markdown: &'a dyn Fn(&str, &str) -> String,
) -> impl Iterator<Item = Page> + 'a {
    address::EXPORTS.into_iter().map(move |path| {
        let bytes = match path {
            address::GRAPH => graph::graph_json(site),
            address::GRAPH_SCHEMA => graph::SCHEMA.as_bytes().to_vec(),
            address::TIMELINE_JSON => timeline::timeline_json(site, markdown),
            // CLAIMS_JSON, the last of EXPORTS.
            _ => claims::claims_json(site),
        };
        Page::new(path, bytes)
    })
}

/// `value` as compact JSON with a final newline.
fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising these structs cannot fail: every map key is a string and no Serialize
    // impl of theirs returns an error.
    let mut out = serde_json::to_vec(value).unwrap_or_default();
    out.push(b'\n');
    out
}
