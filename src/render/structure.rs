//! The parts of a render's plan that follow from the shape of the site alone: how its
//! lists are split over pages ([`Layout`]) and the list of every page ([`PageJob`]s).
//!
//! At ten thousand briefings they take some 35 ms to make, on every save in `serve`. Most
//! saves change no briefing's place in the site: resolve then hands on the very events,
//! actors and tags of the last site (shared, not copied; see `resolve::remembered`), with
//! every briefing at its address and in its order. Such a site has the last structure but
//! for the claims of each status (a claim's status is not part of a briefing's place), so
//! the structure is taken from the last plan and only the statuses are looked at again.
//! A save that changes whom a briefing involves hands on new actors with the same events
//! and places: the lists that follow from the actors (speakers, feeds, the claims of each
//! status) are laid out again, and the list of pages is kept when they fill as many pages.
//! So does a save that changes what a sidecar tells of an event (its title, place, summary
//! or actors) but not its date: the events are new, on the same timeline (the same ids,
//! dates and pages, so the same event map, which holds only where each event is).

use std::sync::{Arc, OnceLock};

use crate::diagnostics::Diagnostics;
use crate::model::{Actor, Briefing, Event, Site, Tag};

use super::Page;
use super::layout::Layout;
use super::pages::{self, ActorList, PageJob};

/// A site's layout and pages, with what they were made from, to tell whether a later
/// site has the same shape.
#[derive(Debug, Clone)]
pub(crate) struct Structure {
    /// The briefings of the site it was made for, in its order.
    briefings: Vec<Arc<Briefing>>,
    events: Arc<[Event]>,
    actors: Arc<[Actor]>,
    tags: Arc<[Tag]>,
    /// How the lists are split.
    pub(crate) layout: Arc<Layout>,
    /// Every page of the site, briefings first.
    pub(crate) jobs: Arc<[PageJob]>,
    /// The shards of a split timeline's event map, made when first asked for: they read
    /// only the events and the timeline page of each, so every structure of the same
    /// events shares them.
    event_map: Arc<OnceLock<Vec<Page>>>,
}

impl Structure {
    /// The structure of `site`: `earlier`'s when the site has its shape, else made anew.
    /// Fails on two pages at one path.
    pub(crate) fn of(site: &Site, earlier: Option<&Structure>) -> Result<Self, Diagnostics> {
        let Some(earlier) = earlier else {
            return Self::fresh(site);
        };
        if !earlier.fits(site) {
            return if earlier.keeps_places(site) {
                Self::repeopled(site, earlier)
            } else {
                Self::fresh(site)
            };
        }
        let Some(layout) = earlier.layout.restatused(site) else {
            return Ok(Structure {
                briefings: site.briefings.clone(),
                ..earlier.clone()
            });
        };
        if layout.status_pages() == earlier.layout.status_pages() {
            return Ok(Structure {
                briefings: site.briefings.clone(),
                layout: Arc::new(layout),
                ..earlier.clone()
            });
        }
        // The claims of some status now fill another number of pages, or another status
        // has claims (its pages are at its own address): those pages are made again in the
        // list of pages, and the sitemap's parts after them; every other page, the events
        // and the timeline's event map are the same.
        let jobs = pages::restatused_jobs(&earlier.jobs, &layout);
        debug_assert!(
            (jobs.iter().map(|j| (&j.path, j.kind)))
                .eq(pages::jobs(site, &layout).iter().map(|j| (&j.path, j.kind))),
            "the pages spliced are those made anew"
        );
        Ok(Structure {
            briefings: site.briefings.clone(),
            layout: Arc::new(layout),
            jobs: jobs.into(),
            ..earlier.clone()
        })
    }

    /// The structure of `site` made anew.
    fn fresh(site: &Site) -> Result<Self, Diagnostics> {
        let layout = Layout::of(site);
        let jobs = pages::jobs(site, &layout);
        Self::checked(site, layout, jobs.into())
    }

    /// The structure of `site` when its briefings keep their places and its events are
    /// on `earlier`'s timeline, but whom some briefings involve changed (a quote's speaker
    /// or subject, a claimant, an actor named, an event's actors): the lists that follow
    /// from the actors are laid out again, and the list of pages is `earlier`'s when every
    /// list that follows from them fills as many pages as before and the same actors have
    /// feeds.
    fn repeopled(site: &Site, earlier: &Structure) -> Result<Self, Diagnostics> {
        let layout = earlier.layout.repeopled(site);
        // Which actors have a feed: an actor no briefing names, quotes or lists in an
        // event has none.
        let has_feed =
            |l: &Layout| -> Vec<bool> { l.actor_feeds.iter().map(|f| !f.is_empty()).collect() };
        let list_pages = |actors: &[Actor]| -> Vec<usize> {
            (actors.iter())
                .flat_map(|a| ActorList::ALL.map(|list| list.pages(a)))
                .collect()
        };
        let same_pages = layout.status_pages() == earlier.layout.status_pages()
            && layout.quote_index_pages() == earlier.layout.quote_index_pages()
            && layout.actor_index_pages() == earlier.layout.actor_index_pages()
            && list_pages(&site.actors) == list_pages(&earlier.actors)
            && has_feed(&layout) == has_feed(&earlier.layout);
        if same_pages {
            return Ok(Structure {
                briefings: site.briefings.clone(),
                events: site.events.clone(),
                actors: site.actors.clone(),
                layout: Arc::new(layout),
                ..earlier.clone()
            });
        }
        let jobs = pages::jobs(site, &layout);
        Ok(Structure {
            event_map: earlier.event_map.clone(),
            ..Self::checked(site, layout, jobs.into())?
        })
    }

    /// A new structure, once no two of its pages share a path.
    fn checked(site: &Site, layout: Layout, jobs: Arc<[PageJob]>) -> Result<Self, Diagnostics> {
        super::unique_paths(site, &jobs)?;
        Ok(Structure {
            briefings: site.briefings.clone(),
            events: site.events.clone(),
            actors: site.actors.clone(),
            tags: site.tags.clone(),
            layout: Arc::new(layout),
            jobs,
            event_map: Arc::default(),
        })
    }

    /// The shards of the timeline's event map (none while the timeline is one page).
    pub(crate) fn event_map(&self, site: &Site) -> &[Page] {
        self.event_map.get_or_init(|| {
            pages::timeline_event_map(site, &self.layout)
                .into_iter()
                .map(|(path, bytes)| Page::new(path, bytes))
                .collect()
        })
    }

    /// Whether briefing `i` of `site` is the very briefing at `i` of the site this was
    /// made for.
    pub(crate) fn same_briefing(&self, site: &Site, i: usize) -> bool {
        self.briefings
            .get(i)
            .is_some_and(|b| Arc::ptr_eq(b, &site.briefings[i]))
    }

    /// Whether `site` has the very actors of the site this was made for.
    pub(crate) fn same_actors(&self, site: &Site) -> bool {
        Arc::ptr_eq(&self.actors, &site.actors)
    }

    /// Whether `site` has the very tags of the site this was made for.
    pub(crate) fn same_tags(&self, site: &Site) -> bool {
        Arc::ptr_eq(&self.tags, &site.tags)
    }

    /// Whether the briefings of `site` hold the places they held in the site this was
    /// made for, with its timeline and very tags and actors of the same ids: what the
    /// lists of briefings, the tags and the timeline are made from.
    fn keeps_places(&self, site: &Site) -> bool {
        same_timeline(&self.events, &site.events)
            && self.same_tags(site)
            && self.actors.len() == site.actors.len()
            && self
                .actors
                .iter()
                .zip(site.actors.iter())
                .all(|(a, b)| a.id == b.id)
            && self.each_briefing(site, same_address)
    }

    /// Whether each briefing of `site` is the very briefing of the site this was made for
    /// at its index, or `same` as it.
    fn each_briefing(&self, site: &Site, same: fn(&Briefing, &Briefing) -> bool) -> bool {
        self.briefings.len() == site.briefings.len()
            && self
                .briefings
                .iter()
                .zip(&site.briefings)
                .all(|(a, b)| Arc::ptr_eq(a, b) || same(a, b))
    }

    /// Whether `site` has the shape of the site this was made for: the very same events,
    /// actors and tags (which resolve shares only when no briefing changed its place), and
    /// its briefings at the same addresses in the same order.
    fn fits(&self, site: &Site) -> bool {
        Arc::ptr_eq(&self.events, &site.events)
            && self.same_actors(site)
            && self.same_tags(site)
            && self.each_briefing(site, same_place)
    }
}

/// Whether two lists of events make the same timeline: the very same events, or the same
/// ids with the same dates and citing briefings, in the same order (what changes between
/// them is what the pages of an event show, not where they are).
fn same_timeline(a: &Arc<[Event]>, b: &Arc<[Event]>) -> bool {
    Arc::ptr_eq(a, b)
        || (a.len() == b.len()
            && a.iter()
                .zip(b.iter())
                .all(|(x, y)| x.id == y.id && x.date == y.date && x.cited_by == y.cited_by))
}

/// Whether two versions of a briefing are at the same address, with the same date and
/// tags, citing the same events: what places it in the lists of briefings.
fn same_address(a: &Briefing, b: &Briefing) -> bool {
    let cited = |x: &Briefing| x.events.iter().map(|c| c.event).collect::<Vec<_>>();
    a.url_path == b.url_path && a.date == b.date && a.tags == b.tags && cited(a) == cited(b)
}

/// Whether two versions of a briefing hold the same place in the site's lists: the same
/// address and date, tags, speakers, number of claims, events cited and actors named.
fn same_place(a: &Briefing, b: &Briefing) -> bool {
    let speakers = |x: &Briefing| {
        x.quotes
            .iter()
            .map(|q| (q.speaker, q.about.clone()))
            .collect::<Vec<_>>()
    };
    same_address(a, b)
        && a.named == b.named
        && a.actors == b.actors
        && a.claims.len() == b.claims.len()
        && speakers(a) == speakers(b)
}
