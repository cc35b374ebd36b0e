//! The actor registry: registry files and inline sidecar actors become one list, each id
//! defined once, each affiliation pointing at a known actor.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::{ActorSource, Located, SiteSource};
use crate::model::{Actor, ActorIx, ActorRefs};

use super::ids::is_valid_id;
use super::links::resolve_links;

/// Actors by id, and the lookup from id to index, for the rest of resolve.
#[derive(Debug, Default)]
pub(crate) struct ActorTable {
    pub(crate) actors: Vec<Actor>,
    pub(crate) by_id: HashMap<String, ActorIx>,
}

impl ActorTable {
    /// Looks up an actor id written in a source, reporting an unknown one with a
    /// "did you mean" over every known id and name.
    pub(crate) fn lookup(
        &self,
        id: &Located<String>,
        what: &str,
        diags: &mut Diagnostics,
    ) -> Option<ActorIx> {
        if let Some(ix) = self.by_id.get(&id.value) {
            return Some(*ix);
        }
        diags.push(self.unknown(id, what));
        None
    }

    fn unknown(&self, id: &Located<String>, what: &str) -> Diagnostic {
        let ids = self.actors.iter().map(|a| a.id.as_str());
        let by_id = crate::diagnostics::did_you_mean(&id.value, ids);
        // A writer may type the name rather than the id: "Marco Rubio" -> `marco-rubio`.
        let by_name = || {
            let lower = id.value.to_lowercase();
            self.actors
                .iter()
                .find(|a| {
                    a.name.to_lowercase() == lower
                        || a.aliases.iter().any(|x| x.to_lowercase() == lower)
                })
                .map(|a| a.id.as_str())
        };
        let suggestion = by_id.or_else(by_name);
        Diagnostic::error(format!("unknown actor `{}` in {what}", id.value))
            .at(id.loc.clone())
            .label("no actor has this id")
            .suggest_opt(suggestion.map(|s| format!("did you mean `{s}`?")))
            .note("actors are defined in content/actors/ID.yaml or in a sidecar's `actors:` list")
    }
}

/// Builds the actor table from the registry and every sidecar's inline actors.
pub(crate) fn resolve_actors(src: &SiteSource, diags: &mut Diagnostics) -> ActorTable {
    let inline = src
        .briefings
        .iter()
        .filter_map(|b| b.sidecar.as_ref())
        .flat_map(|s| s.actors.iter());
    let mut all: Vec<&ActorSource> = src.actors.iter().map(|a| &**a).chain(inline).collect();
    all.sort_by(|a, b| a.id.value.cmp(&b.id.value));

    let mut table = ActorTable::default();
    let mut first_seen: HashMap<&str, &Location> = HashMap::new();
    let mut kept: Vec<&ActorSource> = Vec::new();
    for a in all {
        if !is_valid_id(&a.id.value) {
            diags.push(
                Diagnostic::error(format!("`{}` is not a valid actor id", a.id.value))
                    .at(a.id.loc.clone())
                    .label("ids are lowercase letters, digits and `-`")
                    .suggest(format!("use `{}`", crate::model::slugify(&a.id.value))),
            );
            continue;
        }
        if let Some(first) = first_seen.get(a.id.value.as_str()) {
            diags.push(
                Diagnostic::error(format!("actor `{}` is defined twice", a.id.value))
                    .at(a.id.loc.clone())
                    .label("defined again here")
                    .related((*first).clone(), "first defined here")
                    .suggest("keep one definition, or give one of them another id"),
            );
            continue;
        }
        first_seen.insert(&a.id.value, &a.id.loc);
        table
            .by_id
            .insert(a.id.value.clone(), ActorIx(table.actors.len()));
        kept.push(a);
        table.actors.push(Actor {
            id: a.id.value.clone(),
            name: a.name.clone(),
            kind: a.kind,
            role: a.role.clone(),
            aliases: a.aliases.clone(),
            affiliations: Vec::new(),
            description: a.description.clone(),
            links: resolve_links(&a.links, diags),
            refs: ActorRefs::default(),
        });
    }
    for (ix, a) in kept.iter().enumerate() {
        let mut affiliations = Vec::new();
        for aff in &a.affiliations {
            if let Some(target) = table.lookup(aff, "affiliations", diags)
                && !affiliations.contains(&target)
            {
                affiliations.push(target);
            }
        }
        table.actors[ix].affiliations = affiliations;
    }
    table
}
