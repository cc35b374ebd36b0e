//! Views turned into template values once, and shared by every page that shows them.
//!
//! Tera renders from its own values. Converting a quote or an actor once and handing each
//! page a reference-counted copy (tera's values share their strings, lists and maps) is what
//! keeps an actor page with a thousand quotes from converting a thousand quotes again, and a
//! briefing from carrying copies of site-wide data.
//!
//! Each shared value also carries a fingerprint of the view it was made from (when the
//! render keeps a cache), so a page's fingerprint is a hash of its own few fields and the
//! fingerprints of the views it lists, not of everything it shows.

use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;
use serde::{Serialize, Serializer};

use super::views::{
    BriefingLink, SiteViews, briefing_ref, claim_view, event_view, note_view, quote_view,
};
use crate::model::Site;

/// A view as a template value, with the fingerprint of the view: what views hold of the
/// other views they show (a quote's speaker is its actor's one shared value).
#[derive(Debug, Clone)]
pub struct Shared {
    value: tera::Value,
    fingerprint: u64,
}

impl Shared {
    /// Converts `view`; fingerprints it when `fingerprint` is asked for (else 0).
    pub(crate) fn of(view: &(impl Serialize + Hash), fingerprint: bool) -> Self {
        let fingerprint = if fingerprint {
            let mut h = DefaultHasher::new();
            view.hash(&mut h);
            h.finish()
        } else {
            0
        };
        Shared {
            value: tera::Value::from_serializable(view),
            fingerprint,
        }
    }
}

impl Serialize for Shared {
    /// Inside tera's own conversion this clones the value (no new conversion); elsewhere it
    /// writes it out.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl Hash for Shared {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.fingerprint.hash(state);
    }
}

/// Every view a page shows, as shared template values.
#[derive(Debug)]
pub(crate) struct SharedViews {
    /// `site`, which every page receives.
    pub(crate) site: Shared,
    /// By actor index.
    pub(crate) actors: Vec<Shared>,
    /// By briefing index.
    pub(crate) briefings: Vec<Shared>,
    /// By event index.
    pub(crate) events: Vec<Shared>,
    /// By briefing index, then quote index.
    pub(crate) quotes: Vec<Vec<Shared>>,
    /// By briefing index, then claim index.
    pub(crate) claims: Vec<Vec<Shared>>,
    /// By briefing index, then note index.
    pub(crate) notes: Vec<Vec<Shared>>,
    /// By tag index.
    pub(crate) tags: Vec<Shared>,
}

fn all<T: Serialize + Hash + Sync>(views: &[T], fp: bool) -> Vec<Shared> {
    views.par_iter().map(|v| Shared::of(v, fp)).collect()
}

impl SharedViews {
    /// Builds and converts every view (events, quotes, claims and notes straight from the
    /// model, so their typed views live only while each is converted); `fingerprints` when
    /// the render keeps a cache; `render_md` renders notes and event summaries.
    pub(crate) fn new(
        site: &Site,
        views: &SiteViews,
        layout: &super::layout::Layout,
        fingerprints: bool,
        render_md: &(dyn Fn(&str) -> String + Sync),
    ) -> Self {
        let fp = fingerprints;
        let actors = all(&views.actors, fp);
        let briefing_refs: Vec<Shared> = views
            .briefings
            .par_iter()
            .map(|l| Shared::of(&briefing_ref(l), fp))
            .collect();
        let per_briefing = |make: &(dyn Fn(usize, &BriefingLink) -> Vec<Shared> + Sync)| {
            views
                .briefings
                .par_iter()
                .enumerate()
                .map(|(b, link)| make(b, link))
                .collect::<Vec<_>>()
        };
        let quotes = per_briefing(&|b, link| {
            let bref = &briefing_refs[b];
            site.briefings[b]
                .quotes
                .iter()
                .map(|q| Shared::of(&quote_view(q, link, &actors, bref), fp))
                .collect()
        });
        let claims = per_briefing(&|b, link| {
            let bref = &briefing_refs[b];
            site.briefings[b]
                .claims
                .iter()
                .map(|c| Shared::of(&claim_view(c, link, &actors, bref), fp))
                .collect()
        });
        let notes = per_briefing(&|b, link| {
            site.briefings[b]
                .notes
                .iter()
                .map(|n| Shared::of(&note_view(n, link, render_md), fp))
                .collect()
        });
        let events = site
            .events
            .par_iter()
            .zip(&layout.event_pages)
            .map(|(e, page)| Shared::of(&event_view(e, site, views, &actors, page, render_md), fp))
            .collect();
        SharedViews {
            site: Shared::of(&views.site, fp),
            briefings: all(&views.briefings, fp),
            tags: all(&views.tags, fp),
            actors,
            events,
            quotes,
            claims,
            notes,
        }
    }
}
