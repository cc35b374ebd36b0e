//! What a resolve remembers of the whole site, so that `serve` need not merge the events and
//! gather the back-references of ten thousand briefings again after a save that changed no
//! briefing's place in them.
//!
//! A briefing's *facts* are what the site-wide parts of the model are made from: its
//! address and date (the site's order), its tags, who speaks and is spoken about in its
//! quotes, who makes its claims, the events its sidecar lists (every field but the words),
//! the actors its text names, and whether it is a draft. When a rebuild resolves again only
//! briefings whose facts are those they had, with the same actors and settings, the merged
//! events, the actors' back-references, the tags and the warnings about them are those of
//! the last resolve, and only the changed briefings' own values (their text, marks and
//! words) are new. Any other change takes the whole way, which also refills this memory.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::model::{Actor, ActorIx, Briefing, Event, EventCitation, EventIx, Tag};

use super::briefing::BriefingDraft;

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
    /// Each briefing's path, in site order, and its position.
    pub(super) order: HashMap<PathBuf, usize>,
    /// By position: the briefing's facts.
    pub(super) facts: Vec<u64>,
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

/// The facts of a briefing (see the module's documentation), as a fingerprint.
pub(super) fn facts(d: &BriefingDraft) -> u64 {
    let b = &d.briefing;
    let mut h = DefaultHasher::new();
    (&b.url_path, &b.date, b.draft, &b.tags, &d.tag_names).hash(&mut h);
    for q in b.quotes.iter() {
        (q.speaker, &q.about).hash(&mut h);
    }
    for c in b.claims.iter() {
        c.by.hash(&mut h);
    }
    for (e, _) in d.event_items() {
        // Every field but the words; with where each is written, which the errors of a
        // merge name.
        format!(
            "{:?}",
            (
                &e.loc, &e.id, &e.date, &e.title, &e.actors, &e.place, &e.summary
            )
        )
        .hash(&mut h);
    }
    b.named.hash(&mut h);
    h.finish()
}

/// A briefing resolved, whether it was resolved now (rather than taken from the cache),
/// and its facts.
pub(super) type Draft = (Arc<BriefingDraft>, bool, u64);

/// The briefings of this resolve in the last resolve's order, when each is either the very
/// draft of the last resolve or one with the facts it had there; `None` otherwise.
pub(super) fn same_places(memory: &Remembered, drafts: &[Draft]) -> Option<Vec<Draft>> {
    if drafts.len() != memory.facts.len() {
        return None;
    }
    let mut slots: Vec<Option<Draft>> = vec![None; drafts.len()];
    for (d, fresh, facts) in drafts {
        let &at = memory.order.get(&d.briefing.path)?;
        if *facts != memory.facts[at] || (*fresh && has_actors(d)) {
            return None;
        }
        if slots[at].replace((d.clone(), *fresh, *facts)).is_some() {
            return None;
        }
    }
    slots.into_iter().collect()
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
