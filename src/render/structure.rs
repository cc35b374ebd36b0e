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

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::diagnostics::Diagnostics;
use crate::model::{Actor, Briefing, Event, Site, Tag};

use super::Page;
use super::layout::{BRIEFINGS_PER_PAGE, Layout, page_count};
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
            } else if let Some(readdressed) = earlier.reorders(site) {
                Self::reordered(site, earlier, readdressed)
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
        if earlier.same_pages(site, &layout) {
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

    /// Whether the lists of `site` laid out as `layout` fill as many pages as those of the
    /// site this was made for, with the same actors having feeds and the same tags (by
    /// slug): what the list of pages after the briefings' own follows from, given the
    /// same actors and events (by id).
    fn same_pages(&self, site: &Site, layout: &Layout) -> bool {
        // Which actors have a feed: an actor no briefing names, quotes or lists in an
        // event has none.
        let has_feed =
            |l: &Layout| -> Vec<bool> { l.actor_feeds.iter().map(|f| !f.is_empty()).collect() };
        let list_pages = |actors: &[Actor]| -> Vec<usize> {
            (actors.iter())
                .flat_map(|a| ActorList::ALL.map(|list| list.pages(a)))
                .collect()
        };
        fn folder_pages(l: &Layout) -> Vec<(&str, usize)> {
            (l.folders.iter())
                .map(|f| (f.path.as_str(), f.briefings.len()))
                .collect()
        }
        fn tag_pages(tags: &[Tag]) -> Vec<(&str, usize)> {
            (tags.iter())
                .map(|t| {
                    (
                        t.slug.as_str(),
                        page_count(t.briefings.len(), BRIEFINGS_PER_PAGE),
                    )
                })
                .collect()
        }
        layout.status_pages() == self.layout.status_pages()
            && layout.quote_index_pages() == self.layout.quote_index_pages()
            && layout.actor_index_pages() == self.layout.actor_index_pages()
            && folder_pages(layout) == folder_pages(&self.layout)
            && (Arc::ptr_eq(&self.tags, &site.tags)
                || tag_pages(&site.tags) == tag_pages(&self.tags))
            && list_pages(&site.actors) == list_pages(&self.actors)
            && has_feed(layout) == has_feed(&self.layout)
    }

    /// The structure of `site` when it has the briefings of `earlier`, perhaps in another
    /// order (a save gave one another date), at other addresses or with other tags, and the
    /// same actors and events but for the order of the briefings they list
    /// ([`Self::reorders`]): the lists of briefings and those that follow from the actors
    /// are laid out again (the timeline is kept), the briefings' pages are listed in the
    /// new order, and every other page is `earlier`'s when every list fills as many pages
    /// as before, with the same tags. The list is checked for two pages at one path when
    /// it was made anew or, `readdressed`, a briefing has another address.
    fn reordered(site: &Site, earlier: &Structure, readdressed: bool) -> Result<Self, Diagnostics> {
        let layout = earlier.layout.reordered(site);
        let kept = earlier.same_pages(site, &layout);
        let jobs: Arc<[PageJob]> = if kept {
            let mut jobs = pages::briefing_jobs(site);
            jobs.extend_from_slice(&earlier.jobs[site.briefings.len()..]);
            debug_assert!(
                (jobs.iter().map(|j| (&j.path, j.kind)))
                    .eq(pages::jobs(site, &layout).iter().map(|j| (&j.path, j.kind))),
                "the pages kept are those made anew"
            );
            jobs.into()
        } else {
            pages::jobs(site, &layout).into()
        };
        // Other tags have pages at other paths, and a briefing at another address may
        // take the path of another page.
        if !kept || readdressed {
            super::unique_paths(site, &jobs)?;
        }
        Ok(Self::made(site, layout, jobs, earlier.event_map.clone()))
    }

    /// For each briefing of `site`, its index in the site this was made for when it is
    /// the very briefing there (after a save that moved briefings, most are at other
    /// indices); `None` for a briefing resolved again.
    pub(crate) fn earlier_positions(&self, site: &Site) -> Vec<Option<usize>> {
        let mut by_address: Option<HashMap<*const Briefing, usize>> = None;
        (site.briefings.iter().enumerate())
            .map(|(i, b)| {
                if self.briefings.get(i).is_some_and(|e| Arc::ptr_eq(e, b)) {
                    return Some(i);
                }
                // The earlier briefings are alive (held here), so no other briefing has
                // the address of one of them.
                let map = by_address.get_or_insert_with(|| {
                    (self.briefings.iter().enumerate())
                        .map(|(j, e)| (Arc::as_ptr(e), j))
                        .collect()
                });
                map.get(&Arc::as_ptr(b)).copied()
            })
            .collect()
    }

    /// A new structure, once no two of its pages share a path.
    fn checked(site: &Site, layout: Layout, jobs: Arc<[PageJob]>) -> Result<Self, Diagnostics> {
        super::unique_paths(site, &jobs)?;
        Ok(Self::made(site, layout, jobs, Arc::default()))
    }

    /// The structure of `site` with this layout, list of pages and event map.
    fn made(
        site: &Site,
        layout: Layout,
        jobs: Arc<[PageJob]>,
        event_map: Arc<OnceLock<Vec<Page>>>,
    ) -> Self {
        Structure {
            briefings: site.briefings.clone(),
            events: site.events.clone(),
            actors: site.actors.clone(),
            tags: site.tags.clone(),
            layout: Arc::new(layout),
            jobs,
            event_map,
        }
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
            && self.same_actor_ids(site)
            && self.each_briefing(site, same_address)
    }

    /// Whether `site` has actors of the ids of those of the site this was made for, in
    /// the same order.
    fn same_actor_ids(&self, site: &Site) -> bool {
        self.actors.len() == site.actors.len()
            && (self.actors.iter().zip(site.actors.iter())).all(|(a, b)| a.id == b.id)
    }

    /// Whether `site` is the site this was made for with its briefings perhaps in another
    /// order (each the very briefing, or one resolved again from the file of one there,
    /// perhaps at another address or with other tags), with the same events by id and
    /// date, each cited by as many briefings, and the same actors by id: what a save that
    /// gave a briefing another date, address or tags makes. `Some(true)` when a briefing
    /// has another address (see [`Self::same_files`]).
    fn reorders(&self, site: &Site) -> Option<bool> {
        let same_events = self.events.len() == site.events.len()
            && (self.events.iter().zip(site.events.iter())).all(|(x, y)| {
                x.id == y.id && x.date == y.date && x.cited_by.len() == y.cited_by.len()
            });
        if !same_events || !self.same_actor_ids(site) {
            return None;
        }
        self.same_files(site)
    }

    /// Whether the briefings of `site` are those of the site this was made for, in any
    /// order: each the very briefing, or one resolved again from the file of one there.
    /// `Some(true)` when one of those resolved again has another address.
    fn same_files(&self, site: &Site) -> Option<bool> {
        if self.briefings.len() != site.briefings.len() {
            return None;
        }
        let positions = self.earlier_positions(site);
        let mut seen = vec![false; self.briefings.len()];
        for j in positions.iter().flatten() {
            seen[*j] = true;
        }
        let replaced: Vec<&Arc<Briefing>> = (self.briefings.iter().zip(&seen))
            .filter(|(_, seen)| !**seen)
            .map(|(b, _)| b)
            .collect();
        let mut readdressed = false;
        for (b, _) in (site.briefings.iter().zip(&positions)).filter(|(_, at)| at.is_none()) {
            let was = replaced.iter().find(|e| e.path == b.path)?;
            readdressed |= was.url_path != b.url_path;
        }
        Some(readdressed)
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
