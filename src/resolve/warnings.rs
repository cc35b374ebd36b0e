//! Problems that do not stop the build but are worth a look: an actor defined and never
//! involved, a quote whose speaker the briefing never names.
//!
//! They are checked only once the site resolved without errors, on the resolved model, so
//! they never add noise to a run that already fails.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::SiteSource;
use crate::model::{Actor, ActorIx, Briefing};

/// Warns about each actor that no briefing, event or affiliation involves.
pub(super) fn unused_actors(
    src: &SiteSource,
    actors: &[crate::model::Actor],
    warnings: &mut Diagnostics,
) {
    let used_as_affiliation: std::collections::HashSet<usize> = actors
        .iter()
        .flat_map(|a| a.affiliations.iter().map(|x| x.0))
        .collect();
    let locs: HashMap<&str, &Location> = src
        .actors
        .iter()
        .map(|a| &**a)
        .chain(
            src.briefings
                .iter()
                .filter_map(|b| b.sidecar.as_ref())
                .flat_map(|s| s.actors.iter()),
        )
        .map(|a| (a.id.value.as_str(), &a.id.loc))
        .collect();
    for (i, a) in actors.iter().enumerate() {
        if a.refs.briefings.is_empty()
            && a.refs.events.is_empty()
            && !used_as_affiliation.contains(&i)
        {
            let mut d = Diagnostic::warning(format!(
                "actor `{}` is defined but no briefing involves it",
                a.id
            ))
            .note("it still gets a page; mention it, quote it or list it in an event to link it");
            if let Some(loc) = locs.get(a.id.as_str()) {
                d = d.at((*loc).clone());
            }
            warnings.push(d);
        }
    }
}

/// The warnings about each quote of a briefing whose speaker is never named in it:
/// neither the actor's name nor any alias occurs in the reader's text as a whole word
/// (inside links and code too), so a reader cannot tell who speaks. `side` is the
/// briefing's sidecar, `by_id` the actors by id.
pub(super) fn unnamed_speakers(
    side: Option<&crate::load::Sidecar>,
    b: &Briefing,
    by_id: &HashMap<String, ActorIx>,
    actors: &[Actor],
) -> Vec<Diagnostic> {
    let Some(side) = side else {
        return Vec::new();
    };
    side.quotes
        .iter()
        .filter_map(|q| {
            let &ix = by_id.get(q.speaker.value.as_str())?;
            (!b.named.contains(&ix))
                .then(|| speaker_unnamed(&q.speaker.loc, &actors[ix.0], &b.path))
        })
        .collect()
}

fn speaker_unnamed(loc: &Location, actor: &Actor, md: &std::path::Path) -> Diagnostic {
    let mut names = vec![format!("“{}”", actor.name)];
    names.extend(actor.aliases.iter().map(|a| format!("“{a}”")));
    Diagnostic::warning(format!(
        "the speaker `{}` is never named in {}",
        actor.id,
        md.display()
    ))
    .at(loc.clone())
    .label("quoted, but not named in the text")
    .note(format!("looked for {}", names.join(", ")))
    .suggest(format!(
        "say who speaks in the text (e.g. “{} said …”), or add the name used there to the actor's `aliases`",
        actor.name
    ))
}
