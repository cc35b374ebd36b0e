//! Events are site-wide: an id used in several sidecars is one event. This module merges the
//! items of every sidecar into one event each, reporting fields that disagree.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::{EventSource, Located};
use crate::model::{BriefingIx, Event, EventCitation, EventIx};

use super::actors::ActorTable;
use super::briefing::parse_date;
use super::ids::is_valid_id;

/// An event item of a sidecar with its words in the citing briefing.
pub(crate) type EventItem<'a> = (&'a EventSource, Option<Range<usize>>);

/// One event a briefing cites: its group of items (by id) and the words, if any.
type GroupCited<'a> = (usize, &'a Option<Range<usize>>);

/// The merged events in timeline order, and each briefing's citations of them.
pub(crate) struct MergedEvents {
    pub(crate) events: Vec<Event>,
    /// Indexed like the briefings passed in.
    pub(crate) citations: Vec<Vec<EventCitation>>,
}

/// Merges the event items of every briefing (given in site order).
pub(crate) fn merge_events(
    per_briefing: &[Vec<EventItem<'_>>],
    actors: &ActorTable,
    incomplete: bool,
    diags: &mut Diagnostics,
) -> MergedEvents {
    // Group the items by id, keeping first-seen order for determinism, and note each
    // briefing's groups (its items listed once) for its citations.
    let items_in_all: usize = per_briefing.iter().map(Vec::len).sum();
    let mut groups: Vec<(&str, Vec<(BriefingIx, &EventSource)>)> = Vec::new();
    let mut group_of: HashMap<&str, usize> = HashMap::with_capacity(items_in_all);
    let mut cited: Vec<Vec<GroupCited<'_>>> = Vec::with_capacity(per_briefing.len());
    for (b, items) in per_briefing.iter().enumerate() {
        // A sidecar lists a handful of events: a list beats a map.
        let mut in_this: Vec<(&str, &Location)> = Vec::new();
        let mut groups_here = Vec::with_capacity(items.len());
        for (e, span) in items {
            let id = e.id.value.as_str();
            if let Some((_, first)) = in_this.iter().find(|(seen, _)| *seen == id) {
                diags.push(
                    Diagnostic::error(format!("event `{id}` is listed twice in one sidecar"))
                        .at(e.id.loc.clone())
                        .label("listed again here")
                        .related((*first).clone(), "first listed here")
                        .suggest("list each event once per sidecar"),
                );
                continue;
            }
            in_this.push((id, &e.id.loc));
            let g = *group_of.entry(id).or_insert_with(|| {
                groups.push((id, Vec::new()));
                groups.len() - 1
            });
            groups[g].1.push((BriefingIx(b), e));
            groups_here.push((g, span));
        }
        cited.push(groups_here);
    }

    // Each event merged on its own, in parallel; their problems reported in first-seen
    // order, as one pass would.
    let merged: Vec<(Option<Event>, Diagnostics)> = groups
        .par_iter()
        .map(|(id, items)| {
            let mut found = Diagnostics::new();
            let event = merge_one(id, items, actors, incomplete, &mut found);
            (event, found)
        })
        .collect();
    let mut by_group: Vec<(usize, Event)> = Vec::with_capacity(merged.len());
    for (g, (event, found)) in merged.into_iter().enumerate() {
        diags.extend(found.0);
        by_group.extend(event.map(|e| (g, e)));
    }
    let (events, event_of_group) = in_timeline_order(by_group, groups.len());
    // A briefing's groups are distinct ids, so each event is cited once.
    let citations = cited
        .into_iter()
        .map(|groups_here| {
            groups_here
                .into_iter()
                .filter_map(|(g, span)| {
                    Some(EventCitation {
                        event: event_of_group[g]?,
                        span: span.clone(),
                    })
                })
                .collect()
        })
        .collect();
    MergedEvents { events, citations }
}

/// The merged events (each with the index of its group) sorted by date, then id, and the
/// index each group's event has in that order (`None` for a group that merged into none).
/// Each date's key is worked out once rather than at every comparison: ten thousand
/// events meet many ties.
fn in_timeline_order(
    by_group: Vec<(usize, Event)>,
    groups: usize,
) -> (Vec<Event>, Vec<Option<EventIx>>) {
    let mut keyed: Vec<(_, usize, Event)> = by_group
        .into_iter()
        .map(|(g, e)| (e.date.sort_key(), g, e))
        .collect();
    keyed.sort_by(|(ka, _, a), (kb, _, b)| {
        ka.cmp(kb)
            .then_with(|| a.date.cmp(&b.date))
            .then_with(|| a.id.cmp(&b.id))
    });
    let mut event_of_group = vec![None; groups];
    let events = keyed
        .into_iter()
        .enumerate()
        .map(|(i, (_, g, e))| {
            event_of_group[g] = Some(EventIx(i));
            e
        })
        .collect();
    (events, event_of_group)
}

/// One field of an event as set by the sidecars: the first value set, checked against
/// every later one.
fn agreed<'a, T>(
    id: &str,
    field: &str,
    values: impl Iterator<Item = Option<&'a Located<T>>>,
    diags: &mut Diagnostics,
) -> Option<T>
where
    T: PartialEq + Clone + 'a,
{
    let mut first: Option<&Located<T>> = None;
    for v in values.flatten() {
        match first {
            None => first = Some(v),
            Some(f) if f.value != v.value => diags.push(
                Diagnostic::error(format!(
                    "event `{id}` has two different `{field}`s in two sidecars"
                ))
                .at(v.loc.clone())
                .label("set differently here")
                .related(f.loc.clone(), "first set here")
                .suggest(format!(
                    "an event is shared by every briefing that cites it: set `{field}` the same in both, or in one sidecar only"
                )),
            ),
            Some(_) => {}
        }
    }
    first.map(|f| f.value.clone())
}

/// Event `id` merged from its items (each with the briefing citing it, in site order),
/// or `None` when it cannot be (its problems are in `diags`).
pub(super) fn merge_one(
    id: &str,
    items: &[(BriefingIx, &EventSource)],
    actors: &ActorTable,
    incomplete: bool,
    diags: &mut Diagnostics,
) -> Option<Event> {
    let (_, first) = items.first()?;
    if !is_valid_id(id) {
        diags.push(
            Diagnostic::error(format!("`{id}` is not a valid event id"))
                .at(first.id.loc.clone())
                .label("ids are lowercase letters, digits and `-`")
                .suggest(format!("use `{}`", crate::model::slugify(id))),
        );
    }
    let date = agreed(
        id,
        "date",
        items.iter().map(|(_, e)| e.date.as_ref()),
        diags,
    );
    let title = agreed(
        id,
        "title",
        items.iter().map(|(_, e)| e.title.as_ref()),
        diags,
    );
    let place = agreed(
        id,
        "place",
        items.iter().map(|(_, e)| e.place.as_ref()),
        diags,
    );
    let summary = agreed(
        id,
        "summary",
        items.iter().map(|(_, e)| e.summary.as_ref()),
        diags,
    );
    let actor_lists = items.iter().map(|(_, e)| {
        e.actors.as_ref().map(|l| {
            Located::new(
                l.value.iter().map(|a| a.value.clone()).collect::<Vec<_>>(),
                l.loc.clone(),
            )
        })
    });
    let actor_lists: Vec<Option<Located<Vec<String>>>> = actor_lists.collect();
    let _ = agreed(id, "actors", actor_lists.iter().map(Option::as_ref), diags);
    let actor_ids = items
        .iter()
        .find_map(|(_, e)| e.actors.as_ref())
        .map(|l| l.value.as_slice())
        .unwrap_or_default();
    let mut event_actors = Vec::new();
    for a in actor_ids {
        if let Some(ix) = actors.lookup(a, "an event's `actors`", diags)
            && !event_actors.contains(&ix)
        {
            event_actors.push(ix);
        }
    }
    let date_src = items.iter().find_map(|(_, e)| e.date.as_ref());
    let Some(date_src) = date_src else {
        if !incomplete {
            diags.push(missing(id, "date", &first.loc, "date: 2025-09-03"));
        }
        return None;
    };
    let date = date.and_then(|_| parse_date(date_src, false, diags))?;
    let Some(title) = title else {
        if !incomplete {
            diags.push(missing(id, "title", &first.loc, "title: What happened"));
        }
        return None;
    };
    let mut cited_by: Vec<BriefingIx> = items.iter().map(|(b, _)| *b).collect();
    cited_by.dedup();
    Some(Event {
        id: id.to_string(),
        date,
        title,
        actors: event_actors,
        place,
        summary,
        cited_by,
    })
}

fn missing(id: &str, field: &str, loc: &Location, example: &str) -> Diagnostic {
    Diagnostic::error(format!("event `{id}` has no `{field}`"))
        .at(loc.clone())
        .label(format!("`{field}` is required"))
        .suggest(format!("add `{example}` to one sidecar that lists `{id}`"))
}
