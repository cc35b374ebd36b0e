//! Actors: the registry (`content/actors/ID.yaml`, one actor a file, its id the file stem)
//! and the `actors:` items of sidecars (which must carry `id`).
//!
//! A registry file may also say `id:`, but only the same id as its stem (so a file copied
//! from a sidecar item still reads); a different one is an error.

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Location};
use crate::load::source::{ActorKind, ActorSource, LinkSource};
use crate::load::yaml::YamlSrc;

/// `title`/`url` pairs, as in `links:`, `source:` and `sources:`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LinkDe {
    url: Spanned<String>,
    #[serde(default)]
    title: Option<String>,
}

impl LinkDe {
    /// The public form.
    pub(crate) fn convert(self, src: &YamlSrc<'_>) -> LinkSource {
        LinkSource {
            url: src.located(self.url),
            title: self.title,
        }
    }
}

/// An actor as written, in a registry file or a sidecar item.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActorDe {
    #[serde(default)]
    id: Option<Spanned<String>>,
    name: String,
    kind: ActorKind,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    affiliations: Vec<Spanned<String>>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    links: Vec<LinkDe>,
}

impl ActorDe {
    /// The public form, with `id` as its id (from the stem or the `id:` field).
    fn convert(self, id: crate::load::source::Located<String>, src: &YamlSrc<'_>) -> ActorSource {
        ActorSource {
            id,
            name: self.name,
            kind: self.kind,
            role: self.role,
            aliases: self.aliases,
            affiliations: self
                .affiliations
                .into_iter()
                .map(|a| src.located(a))
                .collect(),
            description: self.description,
            links: self.links.into_iter().map(|l| l.convert(src)).collect(),
        }
    }

    /// A sidecar's inline actor: `id` is required. `item` is where the item starts.
    pub(crate) fn convert_inline(
        mut self,
        item: Location,
        src: &YamlSrc<'_>,
    ) -> Result<ActorSource, Diagnostic> {
        let Some(id) = self.id.take() else {
            return Err(Diagnostic::error("missing required field `id`")
                .at(item)
                .label("an actor defined in a sidecar needs an `id`"));
        };
        let id = src.located(id);
        Ok(self.convert(id, src))
    }
}

/// Whether `id` is a valid actor id: lowercase ASCII letters, digits and `-`, not empty.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The valid id closest to `s`: lowercased, every other run of characters one `-`.
pub(crate) fn suggest_id(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Reads a registry file `file` (relative to the root) with text `text`.
pub(crate) fn parse_registry(file: &Path, text: &str) -> Result<ActorSource, Vec<Diagnostic>> {
    let src = YamlSrc::whole(file, text);
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    let mut errors = Vec::new();
    if !is_valid_id(&stem) {
        let suggestion = suggest_id(&stem);
        let mut d = Diagnostic::error(format!(
            "invalid actor id `{stem}`: an actor file's name is its id, and ids are lowercase letters, digits and `-`"
        ))
        .at(Location::file(file));
        if !suggestion.is_empty() {
            d = d.suggest(format!("rename the file to `{suggestion}.yaml`"));
        }
        errors.push(d);
    }
    let actor: ActorDe = match src.parse() {
        Ok(a) => a,
        Err(d) => {
            errors.extend(d);
            return Err(errors);
        }
    };
    if let Some(id) = &actor.id
        && id.value != stem
    {
        errors.push(
            Diagnostic::error(format!(
                "`id: {}` differs from the file's name `{stem}`",
                id.value
            ))
            .at(src.loc(&id.referenced))
            .label("a registry actor's id is its file name")
            .note("remove `id:`, or rename the file"),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let id = crate::load::source::Located::new(stem, Location::file(file));
    Ok(actor.convert(id, &src))
}

/// Test-only: an actor's fields and a link's, from the types.
#[cfg(test)]
pub(crate) fn accepted_fields() -> Vec<(&'static str, &'static [&'static str])> {
    use crate::load::fields::fields_of;
    vec![
        ("actor", fields_of::<ActorDe>()),
        ("link", fields_of::<LinkDe>()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_actor_registry_file() {
        let text = "name: Marco Rubio\nkind: person\naliases: [Rubio]\naffiliations: [united-states]\nlinks:\n  - { title: W, url: \"https://x\" }\n";
        let a = parse_registry(Path::new("content/actors/rubio.yaml"), text).unwrap();
        assert_eq!(a.id.value, "rubio");
        assert_eq!(a.kind, ActorKind::Person);
        assert_eq!(a.affiliations[0].loc.line, 4);
        assert_eq!(a.links[0].url.value, "https://x");
    }

    #[test]
    fn load_actor_registry_errors() {
        let e = parse_registry(
            Path::new("content/actors/Marco Rubio.yaml"),
            "name: x\nkind: person\n",
        )
        .unwrap_err();
        assert_eq!(
            e[0].suggestion.as_deref(),
            Some("rename the file to `marco-rubio.yaml`")
        );
        let e = parse_registry(Path::new("content/actors/a.yaml"), "name: x\nkind: robot\n")
            .unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, 2);
        let e = parse_registry(Path::new("content/actors/a.yaml"), "name: x\n").unwrap_err();
        assert!(e[0].message.contains("`kind`"), "{}", e[0].message);
        let e = parse_registry(
            Path::new("content/actors/a.yaml"),
            "id: b\nname: x\nkind: group\n",
        )
        .unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, 1);
        assert!(
            parse_registry(
                Path::new("content/actors/a.yaml"),
                "id: a\nname: x\nkind: group\n"
            )
            .is_ok()
        );
    }
}
