//! What a resolve remembers of the whole site, so that `serve` need not merge the events and
//! gather the back-references of ten thousand briefings again after a save that changed no
//! briefing's place in them.
//!
//! A briefing's *facts* are what the site-wide parts of the model are made from, in four
//! parts. Its *order*: its address and date, which set its place in the site's order. Its
//! *place*: its tags, the ids and dates of the events its sidecar lists (the timeline's
//! order) and whether it is a draft.
//! What it *tells* of those events: their titles, actors, places and summaries. Its
//! *people*: who speaks and is spoken about in its quotes, who makes its claims, the actors
//! its text names and those it mentions where they can be linked. When a rebuild resolves
//! again only briefings whose place is the one they had, with the same actors and settings,
//! the tags and the site's order are those of the last resolve, and only the changed
//! briefings' own values (their text, marks and words) are new. Where what they tell of
//! their events changed, only those events are merged again, from every sidecar that lists
//! them ([`retold`]); where their people (or those events' actors) changed, the
//! back-references of the actors they involved before or involve now are gathered again
//! (`refs::relink_actors`), and no other actor's. Where only their order changed (a new
//! date, another address), the remembered site is first put in the new order
//! ([`reorder`]): every list of briefings by index is renumbered, and nothing is merged
//! again. Any other change takes the whole way, which also refills this memory.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{EventSource, Located};
use crate::model::{Actor, ActorIx, Briefing, BriefingIx, Event, EventCitation, EventIx, Tag};

use super::actors::ActorTable;
use super::briefing::BriefingDraft;
use super::events::merge_one;

/// The site-wide parts of the last resolve that had no errors.
#[derive(Debug)]
pub(super) struct Remembered {
    /// The fingerprint of the actors' names and the settings the briefings were resolved
    /// with.
    pub(super) key: u64,
    /// Whether drafts were included.
    pub(super) drafts: bool,
    /// The actors as defined (before back-references).
    pub(super) defined: Vec<Actor>,
    /// By the place of its source in the order load gave (which is the same while no
    /// file is added, removed or renamed): the briefing's position in site order.
    pub(super) by_load: Vec<usize>,
    /// By position: the briefing's facts.
    pub(super) facts: Vec<Facts>,
    /// By position: the actors it involves.
    pub(super) involved: Vec<Vec<ActorIx>>,
    /// By position: the warnings about its quotes' speakers.
    pub(super) unnamed: Vec<Vec<Diagnostic>>,
    /// The briefings of the last site, in its order.
    pub(super) briefings: Vec<Arc<Briefing>>,
    /// The actors with their back-references.
    pub(super) actors: Arc<[Actor]>,
    /// The merged events.
    pub(super) events: Arc<[Event]>,
    /// Each event's index, by id.
    pub(super) event_ix: HashMap<String, EventIx>,
    /// The tags.
    pub(super) tags: Arc<[Tag]>,
    /// The warnings about unused actors.
    pub(super) unused: Vec<Diagnostic>,
}

/// The facts of a briefing (see the module's documentation), as fingerprints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Facts {
    /// Where the site's order puts it: its address and date.
    pub(super) order: u64,
    /// The rest of its place: draft, and the ids and dates of its events.
    pub(super) place: u64,
    /// Its tags, as slugs and as written.
    pub(super) tagged: u64,
    /// What it tells of its events: their titles, actors, places and summaries.
    pub(super) told: u64,
    /// Its people: speakers, whom quotes are about, claimants, actors named and mentioned.
    pub(super) people: u64,
}

/// The facts of a briefing (see the module's documentation).
pub(super) fn facts(d: &BriefingDraft) -> Facts {
    let b = &d.briefing;
    let mut order = DefaultHasher::new();
    (&b.url_path, &b.date).hash(&mut order);
    let mut place = DefaultHasher::new();
    b.draft.hash(&mut place);
    let mut tagged = DefaultHasher::new();
    (&b.tags, &d.tag_names).hash(&mut tagged);
    let mut told = DefaultHasher::new();
    let items = d.event_items();
    items.len().hash(&mut place);
    for (e, _) in &items {
        // Every field but the words, by value. Where each is written matters only to the
        // errors of a merge: a site kept in place had none, and the same values merge
        // the same way again.
        fn value(field: &Option<Located<String>>) -> Option<&str> {
            field.as_ref().map(|f| f.value.as_str())
        }
        (&e.id.value, e.date.as_ref().map(|d| &d.value.0)).hash(&mut place);
        (
            value(&e.title),
            e.actors
                .as_ref()
                .map(|list| list.value.iter().map(|a| &a.value).collect::<Vec<_>>()),
            value(&e.place),
            value(&e.summary),
        )
            .hash(&mut told);
    }
    // Each list with its length first, so that no two lists give the same bytes (a quote
    // by actor 1 and a claim by actor 0 would).
    let mut people = DefaultHasher::new();
    b.quotes.len().hash(&mut people);
    for q in b.quotes.iter() {
        (q.speaker, &q.about).hash(&mut people);
    }
    b.claims.len().hash(&mut people);
    for c in b.claims.iter() {
        c.by.hash(&mut people);
    }
    b.named.hash(&mut people);
    let mut mentioned: Vec<_> = b.every_mention.iter().map(|m| m.actor).collect();
    mentioned.sort_unstable();
    mentioned.dedup();
    mentioned.hash(&mut people);
    Facts {
        order: order.finish(),
        place: place.finish(),
        tagged: tagged.finish(),
        told: told.finish(),
        people: people.finish(),
    }
}

/// A briefing resolved, whether it was resolved now (rather than taken from the cache),
/// and its facts.
pub(super) type Draft = (Arc<BriefingDraft>, bool, Facts);

/// The briefings of this resolve in the last resolve's order, when each is either the very
/// draft of the last resolve or one with the place it had there (its order may be another:
/// see [`reorder`]); `None` otherwise.
pub(super) fn same_places(memory: &Remembered, drafts: &[Draft]) -> Option<Vec<Draft>> {
    if drafts.len() != memory.facts.len() {
        return None;
    }
    let mut slots: Vec<Option<Draft>> = vec![None; drafts.len()];
    for (load, (d, fresh, facts)) in drafts.iter().enumerate() {
        let &at = memory.by_load.get(load)?;
        if memory.briefings[at].path != d.briefing.path
            || facts.place != memory.facts[at].place
            || (*fresh && has_actors(d))
        {
            return None;
        }
        if slots[at].replace((d.clone(), *fresh, *facts)).is_some() {
            return None;
        }
    }
    slots.into_iter().collect()
}

/// The events that the briefings resolved again tell of otherwise (see [`Facts::told`]),
/// each merged again from the items of every briefing citing it, by index; `None` when one
/// of them no longer merges (two sidecars now disagree, say), which the whole way reports.
/// `placed` are this resolve's briefings in the last resolve's order.
pub(super) fn retold(
    memory: &Remembered,
    placed: &[Draft],
    actors: &ActorTable,
) -> Option<Vec<(EventIx, Event)>> {
    let mut which: Vec<EventIx> = Vec::new();
    for (at, (d, fresh, facts)) in placed.iter().enumerate() {
        if *fresh && facts.told != memory.facts[at].told {
            for (e, _) in d.event_items() {
                which.push(*memory.event_ix.get(e.id.value.as_str())?);
            }
        }
    }
    which.sort_unstable();
    which.dedup();
    which
        .into_iter()
        .map(|ix| {
            let event = &memory.events[ix.0];
            let items: Vec<(BriefingIx, &EventSource)> = (event.cited_by.iter())
                .filter_map(|&b| {
                    let items = placed.get(b.0)?.0.event_items();
                    let (item, _) = items.into_iter().find(|(e, _)| e.id.value == event.id)?;
                    Some((b, item))
                })
                .collect();
            let mut problems = Diagnostics::new();
            let merged = merge_one(&event.id, &items, actors, false, &mut problems);
            merged.filter(|_| problems.is_empty()).map(|e| (ix, e))
        })
        .collect()
}

/// Whether the briefing's sidecar defines actors (which would change the actor table's
/// places in the files).
pub(super) fn has_actors(d: &BriefingDraft) -> bool {
    d.source
        .sidecar
        .as_ref()
        .is_some_and(|s| !s.actors.is_empty())
}

/// A briefing of the last resolve's site, with this resolve's text and marks: its event
/// citations taken from the merged events by id, its actors those it involved.
pub(super) fn placed(memory: &Remembered, d: &BriefingDraft, at: usize) -> Briefing {
    let mut b = d.briefing.clone();
    let mut seen = Vec::new();
    b.events = d
        .event_items()
        .into_iter()
        .filter_map(|(e, span)| {
            let event = *memory.event_ix.get(e.id.value.as_str())?;
            if seen.contains(&event) {
                return None;
            }
            seen.push(event);
            Some(EventCitation { event, span })
        })
        .collect();
    b.actors = memory.involved[at].clone();
    b
}

/// `memory` in this resolve's order, and `placed` (this resolve's briefings in the last
/// resolve's order) put in it, when some briefing resolved again has another date or
/// address (see [`Facts::order`]) but the rest of its place is as it was: the briefings
/// are sorted again (`super::site_order`), and every list of briefings by index (each
/// event's citing briefings, each actor's back-references, each tag's briefings) has its
/// indices moved and is put in the new order. A tag whose first briefing changed is named
/// as that briefing writes it. Nothing else depends on the order: the events are in
/// timeline order, the actors by id, and whom an actor appears with is a count. Says
/// whether the order changed.
pub(super) fn reorder(memory: &mut Remembered, placed: Vec<Draft>) -> (Vec<Draft>, bool) {
    let moved = |(at, (_, _, facts)): (usize, &Draft)| facts.order != memory.facts[at].order;
    if !placed.iter().enumerate().any(moved) {
        return (placed, false);
    }
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by(|&a, &b| super::site_order(&placed[a].0.briefing, &placed[b].0.briefing));
    if order.iter().enumerate().all(|(new, &old)| new == old) {
        return (placed, false);
    }
    let mut new_of = vec![BriefingIx(0); order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_of[old] = BriefingIx(new);
    }
    for at in memory.by_load.iter_mut() {
        *at = new_of[*at].0;
    }
    let placed = in_order(placed, &new_of);
    memory.facts = in_order(std::mem::take(&mut memory.facts), &new_of);
    memory.involved = in_order(std::mem::take(&mut memory.involved), &new_of);
    memory.unnamed = in_order(std::mem::take(&mut memory.unnamed), &new_of);
    memory.briefings = in_order(std::mem::take(&mut memory.briefings), &new_of);

    let moves = |list: &[BriefingIx]| list.iter().any(|b| new_of[b.0] != *b);
    if memory.events.iter().any(|e| moves(&e.cited_by)) {
        // Twenty thousand events are copied (a few milliseconds): in parallel.
        let events: Vec<Event> = (memory.events.par_iter())
            .with_min_len(1024)
            .map(|e| {
                let mut e = e.clone();
                if moves(&e.cited_by) {
                    renumber(&mut e.cited_by, &new_of);
                }
                e
            })
            .collect();
        memory.events = events.into();
    }
    let mut actors = memory.actors.to_vec();
    for refs in actors.iter_mut().map(|a| &mut a.refs) {
        renumber(&mut refs.quotes_by, &new_of);
        renumber(&mut refs.quotes_about, &new_of);
        renumber(&mut refs.claims_by, &new_of);
        renumber(&mut refs.briefings, &new_of);
        renumber(&mut refs.mentioned_in, &new_of);
    }
    memory.actors = actors.into();
    let mut tags = memory.tags.to_vec();
    for tag in tags.iter_mut().filter(|t| moves(&t.briefings)) {
        renumber(&mut tag.briefings, &new_of);
        if let Some(first) = tag.briefings.first() {
            tag.name = super::refs::tag_name(&tag.slug, &placed[first.0].0.tag_names);
        }
    }
    memory.tags = tags.into();
    (placed, true)
}

/// The tags of `memory` with those of the briefings resolved again that carry other tags,
/// or write one otherwise: each such briefing leaves the tags it carried and joins those
/// it carries (a tag left with no briefing is gone, a new one is made), and each of those
/// tags is named as its first briefing writes it, as the whole merge
/// (`refs::collect_tags`) has it. `placed` are this resolve's briefings in the order of
/// `memory`, which holds the last resolve's briefings in that order. Says whether the
/// tags changed.
pub(super) fn retag(memory: &mut Remembered, placed: &[Draft]) -> bool {
    let changed: Vec<usize> = (placed.iter().enumerate())
        .filter(|(at, (_, fresh, facts))| *fresh && facts.tagged != memory.facts[*at].tagged)
        .map(|(at, _)| at)
        .collect();
    if changed.is_empty() {
        return false;
    }
    let mut tags: BTreeMap<String, Tag> = (memory.tags.iter())
        .map(|t| (t.slug.clone(), t.clone()))
        .collect();
    let mut touched: BTreeSet<String> = BTreeSet::new();
    for &at in &changed {
        let b = BriefingIx(at);
        for slug in &memory.briefings[at].tags {
            if let Some(tag) = tags.get_mut(slug) {
                tag.briefings.retain(|x| *x != b);
            }
            touched.insert(slug.clone());
        }
        for slug in &placed[at].0.briefing.tags {
            let tag = tags.entry(slug.clone()).or_insert_with(|| Tag {
                slug: slug.clone(),
                name: String::new(),
                briefings: Vec::new(),
            });
            if let Err(i) = tag.briefings.binary_search(&b) {
                tag.briefings.insert(i, b);
            }
            touched.insert(slug.clone());
        }
    }
    tags.retain(|_, t| !t.briefings.is_empty());
    for slug in &touched {
        if let Some(tag) = tags.get_mut(slug) {
            let first = &placed[tag.briefings[0].0].0;
            tag.name = super::refs::tag_name(slug, &first.tag_names);
        }
    }
    memory.tags = tags.into_values().collect();
    true
}

/// The values of `list`, by briefing in the old order, in the new one (`new_of` gives each
/// old index its new one).
fn in_order<T>(list: Vec<T>, new_of: &[BriefingIx]) -> Vec<T> {
    let mut keyed: Vec<(BriefingIx, T)> = list
        .into_iter()
        .enumerate()
        .map(|(old, value)| (new_of[old], value))
        .collect();
    keyed.sort_unstable_by_key(|(new, _)| *new);
    keyed.into_iter().map(|(_, value)| value).collect()
}

/// A list in site order (see `refs::PerBriefing`) with each briefing's new index, in the
/// new order; the entries of one briefing keep theirs.
fn renumber<T: super::refs::PerBriefing>(list: &mut [T], new_of: &[BriefingIx]) {
    for entry in list.iter_mut() {
        entry.renumber(new_of[entry.briefing().0]);
    }
    list.sort_by_key(|e| e.briefing());
}
