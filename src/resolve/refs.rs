//! Back-references: for each actor, what was said by and about them, their events, the
//! briefings that involve them and the actors they appear with; for each tag, its briefings.
//!
//! Everything here is one pass over the briefings, linear in their size; nothing compares
//! every briefing with every other.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::model::{Actor, ActorIx, Briefing, BriefingIx, Event, EventIx, Tag};

/// Fills each briefing's `actors` and each actor's [`crate::model::ActorRefs`].
pub(crate) fn link_actors(briefings: &mut [Briefing], actors: &mut [Actor], events: &[Event]) {
    for (b, briefing) in briefings.iter_mut().enumerate() {
        let b = BriefingIx(b);
        let mut involved: Vec<ActorIx> = Vec::new();
        for (q, quote) in briefing.quotes.iter().enumerate() {
            actors[quote.speaker.0].refs.quotes_by.push((b, q));
            involved.push(quote.speaker);
            for about in &quote.about {
                actors[about.0].refs.quotes_about.push((b, q));
                involved.push(*about);
            }
        }
        for (c, claim) in briefing.claims.iter().enumerate() {
            if let Some(by) = claim.by {
                actors[by.0].refs.claims_by.push((b, c));
                involved.push(by);
            }
        }
        for cite in &briefing.events {
            involved.extend(events[cite.event.0].actors.iter().copied());
        }
        involved.extend(briefing.named.iter().copied());
        let mut mentioned: Vec<ActorIx> = briefing.every_mention.iter().map(|m| m.actor).collect();
        mentioned.sort();
        mentioned.dedup();
        for a in mentioned {
            actors[a.0].refs.mentioned_in.push(b);
        }
        // Actors are indexed in the order of their ids (`Site::actors`), so sorting the
        // indices sorts by id.
        involved.sort_unstable();
        involved.dedup();
        for a in &involved {
            actors[a.0].refs.briefings.push(b);
        }
        briefing.actors = involved;
    }
    for (e, event) in events.iter().enumerate() {
        for a in &event.actors {
            // Events come in order, so an event already listed is the last one (an actor
            // listed twice in one event); searching the whole list was quadratic for an
            // actor in thousands of events.
            let refs = &mut actors[a.0].refs;
            if refs.events.last() != Some(&EventIx(e)) {
                refs.events.push(EventIx(e));
            }
        }
    }
    appears_with(briefings, actors);
}

/// How many actors an actor's page lists as appearing with them.
const APPEARS_WITH_SHOWN: usize = 12;

/// For each actor, the actors sharing most briefings with them (at most
/// [`APPEARS_WITH_SHOWN`]).
fn appears_with(briefings: &[Briefing], actors: &mut [Actor]) {
    let briefings_of: Vec<&[BriefingIx]> =
        actors.iter().map(|a| a.refs.briefings.as_slice()).collect();
    let involved: Vec<&[ActorIx]> = briefings.iter().map(|b| b.actors.as_slice()).collect();
    let lists = partners(&briefings_of, &involved);
    for (actor, list) in actors.iter_mut().zip(lists) {
        actor.refs.appears_with = list;
    }
}

/// For each actor (by the briefings that involve it, `briefings_of`), the actors it shares
/// most of them with and how many: most shared first, then by id (actors are indexed in
/// the order of their ids), at most [`APPEARS_WITH_SHOWN`]. `involved` holds each
/// briefing's actors, once each.
fn partners(briefings_of: &[&[BriefingIx]], involved: &[&[ActorIx]]) -> Vec<Vec<(ActorIx, usize)>> {
    // Each actor's partners are counted over the briefings that involve it, in a dense
    // table of counts per worker (cleared after each actor); only the partners found are
    // sorted, by index rather than by comparing id strings. (A map of pairs, and sorting
    // a popular actor's two thousand partners by id, cost a tenth of a second at ten
    // thousand briefings.)
    //
    // A total order, so the few kept are the same however they are found.
    let order = |p: &(ActorIx, usize), q: &(ActorIx, usize)| q.1.cmp(&p.1).then(p.0.cmp(&q.0));
    let actors = briefings_of.len();
    (0..actors)
        .into_par_iter()
        .with_min_len(64)
        .map_init(
            || (vec![0usize; actors], Vec::new()),
            |(counts, touched), a| {
                for b in briefings_of[a] {
                    for y in involved[b.0] {
                        if y.0 != a {
                            if counts[y.0] == 0 {
                                touched.push(*y);
                            }
                            counts[y.0] += 1;
                        }
                    }
                }
                let mut list: Vec<(ActorIx, usize)> = touched
                    .drain(..)
                    .map(|y: ActorIx| (y, std::mem::take(&mut counts[y.0])))
                    .collect();
                if list.len() > APPEARS_WITH_SHOWN {
                    list.select_nth_unstable_by(APPEARS_WITH_SHOWN - 1, order);
                    list.truncate(APPEARS_WITH_SHOWN);
                }
                list.sort_by(order);
                list
            },
        )
        .collect()
}

/// The tags of the site, by slug, each with its briefings in site order. The name shown
/// is the tag as first written (in site order).
pub(crate) fn collect_tags(briefings: &[Briefing], written: &[Vec<String>]) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for (b, briefing) in briefings.iter().enumerate() {
        for slug in &briefing.tags {
            let name = written
                .get(b)
                .and_then(|names| names.iter().find(|n| &crate::model::slugify(n) == slug))
                .cloned()
                .unwrap_or_else(|| slug.clone());
            tags.entry(slug.clone())
                .or_insert_with(|| Tag {
                    slug: slug.clone(),
                    name,
                    briefings: Vec::new(),
                })
                .briefings
                .push(BriefingIx(b));
        }
    }
    tags.into_values().collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;

    /// The plain way: count every pair of actors in each briefing.
    fn partners_by_pairs(ids: &[&str], involved: &[Vec<ActorIx>]) -> Vec<Vec<(ActorIx, usize)>> {
        let mut counts: HashMap<(usize, usize), usize> = HashMap::new();
        for b in involved {
            for (i, x) in b.iter().enumerate() {
                for y in &b[i + 1..] {
                    *counts.entry((x.0.min(y.0), x.0.max(y.0))).or_default() += 1;
                }
            }
        }
        let mut lists = vec![Vec::new(); ids.len()];
        for ((x, y), n) in counts {
            lists[x].push((ActorIx(y), n));
            lists[y].push((ActorIx(x), n));
        }
        for list in &mut lists {
            list.sort_by(|p: &(ActorIx, usize), q| q.1.cmp(&p.1).then(ids[p.0.0].cmp(ids[q.0.0])));
            list.truncate(APPEARS_WITH_SHOWN);
        }
        lists
    }

    proptest! {
        #[test]
        fn partners_are_those_of_counting_every_pair(
            sets in proptest::collection::vec(
                proptest::collection::btree_set(0usize..30, 0..12), 0..60),
        ) {
            // Actors are indexed in the order of their ids, as in `Site::actors`.
            let ids: Vec<String> = (0..30).map(|i| format!("actor-{i:02}")).collect();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            let involved: Vec<Vec<ActorIx>> = sets
                .iter()
                .map(|s| s.iter().map(|a| ActorIx(*a)).collect())
                .collect();
            let mut of: Vec<Vec<BriefingIx>> = vec![Vec::new(); ids.len()];
            for (b, actors) in involved.iter().enumerate() {
                for a in actors {
                    of[a.0].push(BriefingIx(b));
                }
            }
            let briefings_of: Vec<&[BriefingIx]> = of.iter().map(Vec::as_slice).collect();
            let slices: Vec<&[ActorIx]> = involved.iter().map(Vec::as_slice).collect();
            prop_assert_eq!(partners(&briefings_of, &slices), partners_by_pairs(&ids, &involved));
        }
    }
}
