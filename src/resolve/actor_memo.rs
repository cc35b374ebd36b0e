//! The actor table, and what follows from it alone (the finder of names and its
//! fingerprint), remembered between the resolves of `serve`: at ten thousand briefings and
//! two thousand actors, making them again on every save took a few milliseconds of the
//! fifty a save may cost, for a table that a save of a briefing never changes.

use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::load::{ActorSource, SiteSource};
use crate::resolve::mentions::MentionFinder;

use super::actors::{ActorTable, resolve_actors};

/// An actor table with the problems found making it, its finder of names, and the
/// fingerprint of the actors' ids, names and aliases; with the registry files it was made
/// from.
#[derive(Debug)]
pub(super) struct ActorMemo {
    /// The actor files it was made from (the very values load gave).
    registry: Vec<Arc<ActorSource>>,
    /// The table.
    pub(super) table: ActorTable,
    /// The problems found making it.
    pub(super) diags: Diagnostics,
    /// The finder of every actor's name and aliases.
    pub(super) finder: MentionFinder,
    /// The fingerprint of the actors' ids, names and aliases.
    pub(super) names: u64,
}

impl ActorMemo {
    /// The actor table of `src`: `earlier`'s when `src` has its very actor files and no
    /// sidecar defines actors, else made anew.
    pub(super) fn of(src: &SiteSource, earlier: Option<Arc<ActorMemo>>) -> Arc<ActorMemo> {
        let inline = src
            .briefings
            .iter()
            .any(|b| b.sidecar.as_ref().is_some_and(|s| !s.actors.is_empty()));
        if let Some(m) = earlier.filter(|m| !inline && m.has_registry(&src.actors)) {
            return m;
        }
        let mut diags = Diagnostics::new();
        let table = resolve_actors(src, &mut diags);
        let finder = mention_finder(&table);
        let names = crate::fingerprint::of(
            &table
                .actors
                .iter()
                .map(|a| (&a.id, &a.name, &a.aliases))
                .collect::<Vec<_>>(),
        );
        Arc::new(ActorMemo {
            // A table made with inline actors is not taken again (see above).
            registry: if inline {
                Vec::new()
            } else {
                src.actors.clone()
            },
            table,
            diags,
            finder,
            names,
        })
    }

    fn has_registry(&self, actors: &[Arc<ActorSource>]) -> bool {
        !self.registry.is_empty()
            && self.registry.len() == actors.len()
            && self
                .registry
                .iter()
                .zip(actors)
                .all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

/// The finder of every actor's name and aliases.
fn mention_finder(table: &ActorTable) -> MentionFinder {
    let names: Vec<(String, usize)> = table
        .actors
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            std::iter::once((a.name.clone(), i))
                .chain(a.aliases.iter().map(move |x| (x.clone(), i)))
        })
        .collect();
    MentionFinder::new(&names)
}
