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

/// Warns about each quote whose speaker is never named in its briefing: neither the actor's
/// name nor any alias occurs in the reader's text as a whole word (inside links and code
/// too), so a reader cannot tell who speaks.
pub(super) fn unnamed_speakers(
    src: &SiteSource,
    briefings: &[Briefing],
    actors: &[Actor],
    warnings: &mut Diagnostics,
) {
    let by_id: HashMap<&str, usize> = actors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let sidecars: HashMap<&std::path::Path, &crate::load::Sidecar> = src
        .briefings
        .iter()
        .filter_map(|s| Some((s.path.as_path(), s.sidecar.as_ref()?)))
        .collect();
    for b in briefings {
        let Some(side) = sidecars.get(b.path.as_path()) else {
            continue;
        };
        for q in &side.quotes {
            let Some(&ix) = by_id.get(q.speaker.value.as_str()) else {
                continue;
            };
            if !b.named.contains(&ActorIx(ix)) {
                warnings.push(speaker_unnamed(&q.speaker.loc, &actors[ix], &b.path));
            }
        }
    }
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
