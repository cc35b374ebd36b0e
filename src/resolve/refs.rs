//! Back-references: for each actor, what was said by and about them, their events, the
//! briefings that involve them and the actors they appear with; for each tag, its briefings.
//!
//! Everything here is one pass over the briefings, linear in their size; nothing compares
//! every briefing with every other.

use std::collections::{BTreeMap, HashMap};

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
        involved.sort_by(|x, y| actors[x.0].id.cmp(&actors[y.0].id));
        involved.dedup();
        for a in &involved {
            actors[a.0].refs.briefings.push(b);
        }
        briefing.actors = involved;
    }
    for (e, event) in events.iter().enumerate() {
        for a in &event.actors {
            let refs = &mut actors[a.0].refs;
            if !refs.events.contains(&EventIx(e)) {
                refs.events.push(EventIx(e));
            }
        }
    }
    appears_with(briefings, actors);
}

/// For each actor, the actors sharing most briefings with them (at most 12).
fn appears_with(briefings: &[Briefing], actors: &mut [Actor]) {
    let mut counts: HashMap<(usize, usize), usize> = HashMap::new();
    for b in briefings {
        // Briefings involve a handful of actors: pairs within one briefing stay small.
        for (i, x) in b.actors.iter().enumerate() {
            for y in &b.actors[i + 1..] {
                *counts.entry((x.0, y.0)).or_default() += 1;
            }
        }
    }
    let mut per_actor: Vec<Vec<(ActorIx, usize)>> = vec![Vec::new(); actors.len()];
    for ((x, y), n) in counts {
        per_actor[x].push((ActorIx(y), n));
        per_actor[y].push((ActorIx(x), n));
    }
    for (a, mut list) in per_actor.into_iter().enumerate() {
        list.sort_by(|p, q| {
            q.1.cmp(&p.1)
                .then_with(|| actors[p.0.0].id.cmp(&actors[q.0.0].id))
        });
        list.truncate(12);
        actors[a].refs.appears_with = list;
    }
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
