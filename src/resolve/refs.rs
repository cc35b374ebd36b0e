//! Back-references: for each actor, what was said by and about them, their events, the
//! briefings that involve them and the actors they appear with; for each tag, its briefings.
//!
//! Everything here is one pass over the briefings, linear in their size; nothing compares
//! every briefing with every other.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::model::{Actor, ActorIx, Briefing, BriefingIx, Event, EventIx, Tag};

/// What one briefing adds to the actors' back-references: who speaks in it (with the
/// quote's index), whom its quotes are about, who makes its claims, whom its text mentions
/// and every actor it involves (those, its events' actors and the actors it names).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Involvement {
    /// (speaker, quote), in quote order.
    quotes_by: Vec<(ActorIx, usize)>,
    /// (actor spoken about, quote), in quote order, then in the order of `about`.
    quotes_about: Vec<(ActorIx, usize)>,
    /// (claimant, claim), in claim order.
    claims_by: Vec<(ActorIx, usize)>,
    /// The actors its text mentions, by index, once each.
    mentioned: Vec<ActorIx>,
    /// Every actor it involves, by index (so by id: `Site::actors`), once each.
    pub(crate) involved: Vec<ActorIx>,
}

/// What `briefing` adds to the back-references, with `events` the site's merged events.
pub(crate) fn involvement(briefing: &Briefing, events: &[Event]) -> Involvement {
    let mut inv = Involvement {
        quotes_by: Vec::new(),
        quotes_about: Vec::new(),
        claims_by: Vec::new(),
        mentioned: briefing.every_mention.iter().map(|m| m.actor).collect(),
        involved: Vec::new(),
    };
    for (q, quote) in briefing.quotes.iter().enumerate() {
        inv.quotes_by.push((quote.speaker, q));
        inv.involved.push(quote.speaker);
        for about in &quote.about {
            inv.quotes_about.push((*about, q));
            inv.involved.push(*about);
        }
    }
    for (c, claim) in briefing.claims.iter().enumerate() {
        if let Some(by) = claim.by {
            inv.claims_by.push((by, c));
            inv.involved.push(by);
        }
    }
    for cite in &briefing.events {
        inv.involved
            .extend(events[cite.event.0].actors.iter().copied());
    }
    inv.involved.extend(briefing.named.iter().copied());
    inv.mentioned.sort_unstable();
    inv.mentioned.dedup();
    // Actors are indexed in the order of their ids (`Site::actors`), so sorting the
    // indices sorts by id.
    inv.involved.sort_unstable();
    inv.involved.dedup();
    inv
}

impl Involvement {
    /// Every actor whose back-references this touches, once each: those it involves
    /// (speakers, subjects and claimants among them) and those it mentions.
    fn actors(&self) -> Vec<ActorIx> {
        let mut all: Vec<ActorIx> = (self.involved.iter())
            .chain(&self.mentioned)
            .copied()
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// An entry of one of the lists of briefings by index (an actor's back-references, a
/// tag's briefings, an event's citing briefings), which are in site order.
pub(crate) trait PerBriefing {
    /// The briefing it is of.
    fn briefing(&self) -> BriefingIx;
    /// Makes it an entry of the briefing at `b` (the same briefing in another order).
    fn renumber(&mut self, b: BriefingIx);
}

impl PerBriefing for (BriefingIx, usize) {
    fn briefing(&self) -> BriefingIx {
        self.0
    }

    fn renumber(&mut self, b: BriefingIx) {
        self.0 = b;
    }
}

impl PerBriefing for BriefingIx {
    fn briefing(&self) -> BriefingIx {
        *self
    }

    fn renumber(&mut self, b: BriefingIx) {
        *self = b;
    }
}

/// Puts `entry` into `list` in site order, after the entries of its briefing already
/// there: at the end in a pass over the briefings in order.
fn place<T: PerBriefing>(list: &mut Vec<T>, entry: T) {
    let b = entry.briefing();
    if list.last().is_none_or(|e| e.briefing() <= b) {
        list.push(entry);
    } else {
        let at = list.partition_point(|e| e.briefing() <= b);
        list.insert(at, entry);
    }
}

/// Adds `inv`, the involvement of briefing `b`, to the actors' back-references.
fn add(actors: &mut [Actor], b: BriefingIx, inv: &Involvement) {
    for &(a, q) in &inv.quotes_by {
        place(&mut actors[a.0].refs.quotes_by, (b, q));
    }
    for &(a, q) in &inv.quotes_about {
        place(&mut actors[a.0].refs.quotes_about, (b, q));
    }
    for &(a, c) in &inv.claims_by {
        place(&mut actors[a.0].refs.claims_by, (b, c));
    }
    for a in &inv.mentioned {
        place(&mut actors[a.0].refs.mentioned_in, b);
    }
    for a in &inv.involved {
        place(&mut actors[a.0].refs.briefings, b);
    }
}

/// Fills each briefing's `actors` and each actor's [`crate::model::ActorRefs`].
pub(crate) fn link_actors(briefings: &mut [Briefing], actors: &mut [Actor], events: &[Event]) {
    let all: Vec<Involvement> = briefings
        .par_iter()
        .with_min_len(64)
        .map(|b| involvement(b, events))
        .collect();
    for (b, (briefing, inv)) in briefings.iter_mut().zip(all).enumerate() {
        add(actors, BriefingIx(b), &inv);
        briefing.actors = inv.involved;
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
    let involved: Vec<&[ActorIx]> = briefings.iter().map(|b| b.actors.as_slice()).collect();
    let every: Vec<ActorIx> = (0..actors.len()).map(ActorIx).collect();
    appears_with(actors, &involved, &every);
}

/// One briefing whose involvement changed while it kept its place in the site (the same
/// position, events and tags): what it involved before and what it involves now.
#[derive(Debug)]
pub(crate) struct Changed {
    /// Its position in the site.
    pub(crate) at: BriefingIx,
    /// What it added to the back-references before.
    pub(crate) before: Involvement,
    /// What it adds now.
    pub(crate) after: Involvement,
}

/// The actors' back-references after the briefings of `changed` changed whom they involve,
/// every other briefing and every event being as before: only the actors those briefings
/// involved before or involve now are touched. `involved` holds each briefing's actors as
/// they are now. Gives the same back-references as [`link_actors`] over the whole site.
pub(crate) fn relink_actors(actors: &mut [Actor], changed: &[Changed], involved: &[&[ActorIx]]) {
    let mut changed_at: Vec<BriefingIx> = changed.iter().map(|c| c.at).collect();
    changed_at.sort_unstable();
    let gone = |b: BriefingIx| changed_at.binary_search(&b).is_ok();
    let mut listed: Vec<ActorIx> = changed.iter().flat_map(|c| c.before.actors()).collect();
    listed.sort_unstable();
    listed.dedup();
    for a in listed {
        let refs = &mut actors[a.0].refs;
        refs.quotes_by.retain(|e| !gone(e.0));
        refs.quotes_about.retain(|e| !gone(e.0));
        refs.claims_by.retain(|e| !gone(e.0));
        refs.mentioned_in.retain(|b| !gone(*b));
        refs.briefings.retain(|b| !gone(*b));
    }
    for c in changed {
        add(actors, c.at, &c.after);
    }
    // Only the actors involved with a changed briefing share another number of briefings
    // with anyone.
    let mut partnered: Vec<ActorIx> = changed
        .iter()
        .flat_map(|c| c.before.involved.iter().chain(&c.after.involved).copied())
        .collect();
    partnered.sort_unstable();
    partnered.dedup();
    appears_with(actors, involved, &partnered);
}

/// The actors' lists of events after event `e`'s actors went from `before` to `after`
/// (each list is in timeline order, as [`link_actors`] makes it).
pub(crate) fn relist_event(
    actors: &mut [Actor],
    e: EventIx,
    before: &[ActorIx],
    after: &[ActorIx],
) {
    for a in before.iter().filter(|a| !after.contains(a)) {
        actors[a.0].refs.events.retain(|x| *x != e);
    }
    for a in after.iter().filter(|a| !before.contains(a)) {
        let events = &mut actors[a.0].refs.events;
        if let Err(at) = events.binary_search(&e) {
            events.insert(at, e);
        }
    }
}

/// How many actors an actor's page lists as appearing with them.
const APPEARS_WITH_SHOWN: usize = 12;

/// For each actor of `which`, the actors sharing most briefings with them (at most
/// [`APPEARS_WITH_SHOWN`]); `involved` holds each briefing's actors.
fn appears_with(actors: &mut [Actor], involved: &[&[ActorIx]], which: &[ActorIx]) {
    let briefings_of: Vec<&[BriefingIx]> =
        actors.iter().map(|a| a.refs.briefings.as_slice()).collect();
    let lists = partners(&briefings_of, involved, which);
    for (a, list) in which.iter().zip(lists) {
        actors[a.0].refs.appears_with = list;
    }
}

/// For each actor of `which` (with `briefings_of` the briefings that involve each actor),
/// the actors it shares most of them with and how many: most shared first, then by id
/// (actors are indexed in the order of their ids), at most [`APPEARS_WITH_SHOWN`].
/// `involved` holds each briefing's actors, once each.
fn partners(
    briefings_of: &[&[BriefingIx]],
    involved: &[&[ActorIx]],
    which: &[ActorIx],
) -> Vec<Vec<(ActorIx, usize)>> {
    // Each actor's partners are counted over the briefings that involve it, in a dense
    // table of counts per worker (cleared after each actor); only the partners found are
    // sorted, by index rather than by comparing id strings. (A map of pairs, and sorting
    // a popular actor's two thousand partners by id, cost a tenth of a second at ten
    // thousand briefings.)
    //
    // A total order, so the few kept are the same however they are found.
    let order = |p: &(ActorIx, usize), q: &(ActorIx, usize)| q.1.cmp(&p.1).then(p.0.cmp(&q.0));
    let actors = briefings_of.len();
    which
        .par_iter()
        .with_min_len(64)
        .map_init(
            || (vec![0usize; actors], Vec::new()),
            |(counts, touched), &ActorIx(a)| {
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

/// The tags of the site, by slug, each with its briefings in site order, from each
/// briefing's tags (as slugs, and as written) in site order. The name shown is the tag as
/// first written (in site order).
pub(crate) fn collect_tags<'a>(
    each: impl IntoIterator<Item = (&'a [String], &'a [String])>,
) -> Vec<Tag> {
    // Keyed by the briefings' own slugs: a tag's is copied once, not once per briefing.
    let mut tags: BTreeMap<&str, Tag> = BTreeMap::new();
    for (b, (slugs, written)) in each.into_iter().enumerate() {
        for slug in slugs {
            tags.entry(slug.as_str())
                .or_insert_with(|| Tag {
                    slug: slug.clone(),
                    name: tag_name(slug, written),
                    briefings: Vec::new(),
                })
                .briefings
                .push(BriefingIx(b));
        }
    }
    tags.into_values().collect()
}

/// The name of the tag `slug` as a briefing writes it (`written`, its tags as written), or
/// the slug when it writes none that slugifies to it.
pub(crate) fn tag_name(slug: &str, written: &[String]) -> String {
    written
        .iter()
        .find(|n| crate::model::slugify(n) == slug)
        .cloned()
        .unwrap_or_else(|| slug.to_string())
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
            let every: Vec<ActorIx> = (0..ids.len()).map(ActorIx).collect();
            prop_assert_eq!(partners(&briefings_of, &slices, &every), partners_by_pairs(&ids, &involved));
        }
    }
}
