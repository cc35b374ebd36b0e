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
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::{Serialize, Serializer};

use super::layout::Layout;
use super::structure::Structure;
use super::views::{SiteViews, briefing_ref, claim_view, event_view, note_view, quote_view};
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

/// A list of shared values, each made the first time a page shows it: a save in `serve`
/// converts only what the page asked for shows, and `check` only what its sample shows.
/// (`build` makes them all, each once, as its pages are rendered.)
pub(crate) struct Lazy<'a, T> {
    cells: &'a [OnceLock<T>],
    make: &'a (dyn Fn(usize) -> T + Sync),
}

// By hand: a derive would ask `T: Copy`, and only the references are copied.
impl<T> Clone for Lazy<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Lazy<'_, T> {}

impl<'a, T> Lazy<'a, T> {
    /// Item `i`, made now if it was not yet.
    pub(crate) fn get(&self, i: usize) -> &'a T {
        let make = self.make;
        self.cells[i].get_or_init(|| make(i))
    }

    /// How many items the list has.
    pub(crate) fn len(&self) -> usize {
        self.cells.len()
    }

    /// Every item, in order (each made as it is reached).
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &'a T> + 'a
    where
        T: 'a,
    {
        let list = *self;
        (0..list.len()).map(move |i| list.get(i))
    }
}

impl<'a, T> std::ops::Index<usize> for Lazy<'a, T> {
    type Output = T;

    fn index(&self, i: usize) -> &T {
        self.get(i)
    }
}

impl<'a, T> IntoIterator for &Lazy<'a, T> {
    type Item = &'a T;
    type IntoIter = Box<dyn DoubleEndedIterator<Item = &'a T> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// Where the shared values of one render live: those every page needs made at once (the
/// site, the actors, the tags, each briefing's reference), the rest made when first shown.
#[derive(Debug)]
pub(crate) struct SharedStore {
    fingerprints: bool,
    site: Shared,
    actors: Vec<Shared>,
    tags: Vec<Shared>,
    briefing_refs: Vec<Shared>,
    briefings: Vec<OnceLock<Shared>>,
    events: Vec<OnceLock<Shared>>,
    quotes: Vec<OnceLock<Vec<Shared>>>,
    claims: Vec<OnceLock<Vec<Shared>>>,
    notes: Vec<OnceLock<Vec<Shared>>>,
}

fn all<T: Serialize + Hash + Sync>(views: &[T], fp: bool) -> Vec<Shared> {
    views.par_iter().map(|v| Shared::of(v, fp)).collect()
}

fn cells<T>(n: usize) -> Vec<OnceLock<T>> {
    (0..n).map(|_| OnceLock::new()).collect()
}

impl SharedStore {
    /// Converts what every page needs and leaves a place for the rest; `fingerprints` when
    /// the render keeps a cache. `earlier` is the store of an earlier render with the same
    /// site root, the structure of its site and where each briefing of `site` was in it
    /// (`Structure::earlier_positions`): the values of the very actors, tags and briefings
    /// it had are taken from it, not converted again.
    pub(crate) fn new(
        site: &Site,
        views: &SiteViews,
        fingerprints: bool,
        earlier: Option<(&SharedStore, &Structure, &[Option<usize>])>,
    ) -> Self {
        let fp = fingerprints;
        let earlier = earlier.filter(|(e, _, _)| e.fingerprints == fp);
        let briefing_refs = views
            .briefings
            .par_iter()
            .enumerate()
            .map(|(i, l)| match earlier {
                Some((e, _, positions)) if let Some(j) = positions[i] => e.briefing_refs[j].clone(),
                _ => Shared::of(&briefing_ref(l), fp),
            })
            .collect();
        let actors = match earlier {
            Some((e, s, _)) if s.same_actors(site) => e.actors.clone(),
            _ => all(&views.actors, fp),
        };
        let tags = match earlier {
            Some((e, s, _)) if s.same_tags(site) => e.tags.clone(),
            _ => all(&views.tags, fp),
        };
        let n = site.briefings.len();
        SharedStore {
            fingerprints,
            site: Shared::of(&views.site, fp),
            actors,
            tags,
            briefing_refs,
            briefings: cells(n),
            events: cells(site.events.len()),
            quotes: cells(n),
            claims: cells(n),
            notes: cells(n),
        }
    }

    /// `site`, which every page receives.
    pub(crate) fn site(&self) -> &Shared {
        &self.site
    }
}

/// What makes each shared value from the model and its views.
pub(crate) struct Makers<'a> {
    /// The model.
    pub(crate) site: &'a Site,
    /// Its views.
    pub(crate) views: &'a SiteViews,
    /// The layout (which timeline page holds each event).
    pub(crate) layout: &'a Layout,
    /// Where the values live.
    pub(crate) store: &'a SharedStore,
    /// Renders notes and event summaries: Markdown, in a footnote scope.
    pub(crate) render_md: &'a (dyn Fn(&str, &str) -> String + Sync),
}

impl Makers<'_> {
    fn briefing(&self, b: usize) -> Shared {
        Shared::of(&*self.views.briefings[b], self.store.fingerprints)
    }

    fn event(&self, e: usize) -> Shared {
        let (site, views, store) = (self.site, self.views, self.store);
        let view = event_view(
            &site.events[e],
            site,
            views,
            &store.actors,
            &self.layout.event_pages[e],
            self.render_md,
        );
        Shared::of(&view, store.fingerprints)
    }

    fn quotes(&self, b: usize) -> Vec<Shared> {
        let (link, bref) = (&self.views.briefings[b], &self.store.briefing_refs[b]);
        let actors = &self.store.actors;
        self.each(&self.site.briefings[b].quotes, |q| {
            quote_view(q, link, actors, bref, &self.views.dates)
        })
    }

    fn claims(&self, b: usize) -> Vec<Shared> {
        let (link, bref) = (&self.views.briefings[b], &self.store.briefing_refs[b]);
        let actors = &self.store.actors;
        self.each(&self.site.briefings[b].claims, |c| {
            claim_view(c, link, actors, bref)
        })
    }

    fn notes(&self, b: usize) -> Vec<Shared> {
        let link = &self.views.briefings[b];
        self.each(&self.site.briefings[b].notes, |n| {
            note_view(n, link, self.render_md)
        })
    }

    /// The shared value of the view of each item.
    fn each<T, V: Serialize + Hash>(&self, items: &[T], view: impl Fn(&T) -> V) -> Vec<Shared> {
        let fp = self.store.fingerprints;
        items.iter().map(|x| Shared::of(&view(x), fp)).collect()
    }
}

/// The functions that make each kind of lazily made value, borrowed by [`SharedViews`].
pub(crate) struct MakeFns<'a> {
    briefing: Box<dyn Fn(usize) -> Shared + Sync + 'a>,
    event: Box<dyn Fn(usize) -> Shared + Sync + 'a>,
    quotes: Box<dyn Fn(usize) -> Vec<Shared> + Sync + 'a>,
    claims: Box<dyn Fn(usize) -> Vec<Shared> + Sync + 'a>,
    notes: Box<dyn Fn(usize) -> Vec<Shared> + Sync + 'a>,
}

impl<'a> MakeFns<'a> {
    /// The functions of `makers`.
    pub(crate) fn of(makers: &'a Makers<'a>) -> Self {
        MakeFns {
            briefing: Box::new(move |i| makers.briefing(i)),
            event: Box::new(move |i| makers.event(i)),
            quotes: Box::new(move |i| makers.quotes(i)),
            claims: Box::new(move |i| makers.claims(i)),
            notes: Box::new(move |i| makers.notes(i)),
        }
    }
}

/// Every view a page shows, as shared template values.
pub(crate) struct SharedViews<'a> {
    /// By actor index.
    pub(crate) actors: &'a [Shared],
    /// By briefing index.
    pub(crate) briefings: Lazy<'a, Shared>,
    /// By event index.
    pub(crate) events: Lazy<'a, Shared>,
    /// By briefing index, then quote index.
    pub(crate) quotes: Lazy<'a, Vec<Shared>>,
    /// By briefing index, then claim index.
    pub(crate) claims: Lazy<'a, Vec<Shared>>,
    /// By briefing index, then note index.
    pub(crate) notes: Lazy<'a, Vec<Shared>>,
    /// By tag index.
    pub(crate) tags: &'a [Shared],
}

impl<'a> SharedViews<'a> {
    /// The values of `store`, the missing ones made by `make`.
    pub(crate) fn new(store: &'a SharedStore, make: &'a MakeFns<'a>) -> Self {
        SharedViews {
            actors: &store.actors,
            tags: &store.tags,
            briefings: Lazy {
                cells: &store.briefings,
                make: &*make.briefing,
            },
            events: Lazy {
                cells: &store.events,
                make: &*make.event,
            },
            quotes: Lazy {
                cells: &store.quotes,
                make: &*make.quotes,
            },
            claims: Lazy {
                cells: &store.claims,
                make: &*make.claims,
            },
            notes: Lazy {
                cells: &store.notes,
                make: &*make.notes,
            },
        }
    }
}
