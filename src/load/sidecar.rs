//! Sidecars: `NAME.yaml` beside `NAME.md`, read into [`Sidecar`] with every value that
//! resolve may complain about kept with its place.
//!
//! The private `*De` types mirror FORMAT.md field for field, with unknown fields rejected;
//! conversion to the public types turns serde-saphyr spans into [`Location`]s.

use std::path::Path;

use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Location};
use crate::load::actors::{ActorDe, LinkDe};
use crate::load::source::{
    AnchorSource, ClaimSource, ClaimStatus, EventSource, Figure, Located, NoteSource,
    OriginalWords, Qualifier, QuoteSource, RawDate, Sidecar,
};
use crate::load::yaml::YamlSrc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SidecarDe {
    #[serde(default, deserialize_with = "list_or_nothing")]
    quotes: Vec<Spanned<QuoteDe>>,
    #[serde(default, deserialize_with = "list_or_nothing")]
    events: Vec<Spanned<EventDe>>,
    #[serde(default, deserialize_with = "list_or_nothing")]
    claims: Vec<Spanned<ClaimDe>>,
    #[serde(default, deserialize_with = "list_or_nothing")]
    notes: Vec<Spanned<NoteDe>>,
    #[serde(default, deserialize_with = "list_or_nothing")]
    actors: Vec<Spanned<ActorDe>>,
}

/// A list, or nothing at all (`notes:` with no items yet, as while writing): empty.
fn list_or_nothing<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<Vec<T>>::deserialize(d).map(Option::unwrap_or_default)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuoteDe {
    speaker: Spanned<String>,
    text: Spanned<String>,
    #[serde(default)]
    prefix: Option<Spanned<String>>,
    #[serde(default)]
    suffix: Option<Spanned<String>>,
    #[serde(default)]
    occurrence: Option<Spanned<u64>>,
    #[serde(default)]
    id: Option<Spanned<String>>,
    #[serde(default)]
    said: Option<Spanned<String>>,
    #[serde(default)]
    about: Vec<Spanned<String>>,
    #[serde(default)]
    source: Option<LinkDe>,
    #[serde(default)]
    original: Option<OriginalDe>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OriginalDe {
    text: String,
    #[serde(default)]
    language: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventDe {
    id: Spanned<String>,
    #[serde(default)]
    date: Option<Spanned<String>>,
    #[serde(default)]
    title: Option<Spanned<String>>,
    #[serde(default)]
    actors: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    place: Option<Spanned<String>>,
    #[serde(default)]
    summary: Option<Spanned<String>>,
    #[serde(default)]
    text: Option<Spanned<String>>,
    #[serde(default)]
    prefix: Option<Spanned<String>>,
    #[serde(default)]
    suffix: Option<Spanned<String>>,
    #[serde(default)]
    occurrence: Option<Spanned<u64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimDe {
    text: Spanned<String>,
    #[serde(default)]
    prefix: Option<Spanned<String>>,
    #[serde(default)]
    suffix: Option<Spanned<String>>,
    #[serde(default)]
    occurrence: Option<Spanned<u64>>,
    #[serde(default)]
    id: Option<Spanned<String>>,
    #[serde(default)]
    by: Option<Spanned<String>>,
    #[serde(default)]
    figure: Option<FigureDe>,
    #[serde(default)]
    status: Option<Spanned<ClaimStatus>>,
    #[serde(default)]
    sources: Vec<LinkDe>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FigureDe {
    value: f64,
    #[serde(default)]
    unit: Option<String>,
    /// `~` unquoted is YAML's null, so a null qualifier reads as `~` (about).
    #[serde(default, deserialize_with = "qualifier")]
    qualifier: Option<Qualifier>,
    #[serde(default)]
    as_of: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteDe {
    text: Spanned<String>,
    #[serde(default)]
    prefix: Option<Spanned<String>>,
    #[serde(default)]
    suffix: Option<Spanned<String>>,
    #[serde(default)]
    occurrence: Option<Spanned<u64>>,
    #[serde(default)]
    id: Option<Spanned<String>>,
    note: String,
}

/// A figure's qualifier: `<`, `<=`, `>`, `>=` or `~`, where a bare `~` (YAML null) is `~`.
fn qualifier<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Qualifier>, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = Option<Qualifier>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("one of `<`, `<=`, `>`, `>=`, `~`")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(match v.trim() {
                "<" => Qualifier::Less,
                "<=" => Qualifier::AtMost,
                ">" => Qualifier::More,
                ">=" => Qualifier::AtLeast,
                "~" | "" => Qualifier::About,
                _ => return Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
            }))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Some(Qualifier::About))
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Some(Qualifier::About))
        }
    }
    d.deserialize_any(V)
}

/// The anchor fields shared by quotes, events, claims and notes.
struct AnchorDe {
    text: Spanned<String>,
    prefix: Option<Spanned<String>>,
    suffix: Option<Spanned<String>>,
    occurrence: Option<Spanned<u64>>,
}

impl AnchorDe {
    fn convert(self, src: &YamlSrc<'_>) -> AnchorSource {
        AnchorSource {
            text: src.located(self.text),
            prefix: self.prefix.map(|s| src.located(s)),
            suffix: self.suffix.map(|s| src.located(s)),
            occurrence: self.occurrence.map(|s| src.located(s)),
        }
    }
}

fn date(src: &YamlSrc<'_>, s: Spanned<String>) -> Located<RawDate> {
    let l = src.located(s);
    Located::new(RawDate(l.value), l.loc)
}

/// Reads the sidecar `file` (relative to the root) whose text is `text`.
pub(crate) fn parse_sidecar(file: &Path, text: &str) -> Result<Sidecar, Vec<Diagnostic>> {
    let src = YamlSrc::whole(file, text);
    let de: SidecarDe = src.parse()?;
    let mut errors = Vec::new();
    let src = &src;
    let quotes = de
        .quotes
        .into_iter()
        .map(|item| {
            let loc = src.loc(&item.referenced);
            let q = item.value;
            QuoteSource {
                loc,
                id: q.id.map(|s| src.located(s)),
                speaker: src.located(q.speaker),
                anchor: AnchorDe {
                    text: q.text,
                    prefix: q.prefix,
                    suffix: q.suffix,
                    occurrence: q.occurrence,
                }
                .convert(src),
                said: q.said.map(|s| date(src, s)),
                about: q.about.into_iter().map(|s| src.located(s)).collect(),
                source: q.source.map(|l| l.convert(src)),
                original: q.original.map(|o| OriginalWords {
                    text: o.text,
                    language: o.language,
                }),
            }
        })
        .collect();
    let events = de
        .events
        .into_iter()
        .map(|item| {
            let loc = src.loc(&item.referenced);
            let e = item.value;
            let anchor = match e.text {
                Some(text) => Some(
                    AnchorDe {
                        text,
                        prefix: e.prefix,
                        suffix: e.suffix,
                        occurrence: e.occurrence,
                    }
                    .convert(src),
                ),
                None => {
                    for (name, l) in [
                        ("prefix", e.prefix.map(|s| s.referenced)),
                        ("suffix", e.suffix.map(|s| s.referenced)),
                        ("occurrence", e.occurrence.map(|s| s.referenced)),
                    ] {
                        if let Some(l) = l {
                            errors.push(
                                Diagnostic::error(format!("`{name}` without `text`"))
                                    .at(src.loc(&l))
                                    .label(format!(
                                        "`{name}` only picks among the places `text` occurs"
                                    )),
                            );
                        }
                    }
                    None
                }
            };
            EventSource {
                loc,
                id: src.located(e.id),
                date: e.date.map(|s| date(src, s)),
                title: e.title.map(|s| src.located(s)),
                actors: e.actors.map(|a| {
                    let loc = src.loc(&a.referenced);
                    Located::new(a.value.into_iter().map(|s| src.located(s)).collect(), loc)
                }),
                place: e.place.map(|s| src.located(s)),
                summary: e.summary.map(|s| src.located(s)),
                anchor,
            }
        })
        .collect();
    let claims = de
        .claims
        .into_iter()
        .map(|item| {
            let loc = src.loc(&item.referenced);
            let c = item.value;
            ClaimSource {
                loc,
                id: c.id.map(|s| src.located(s)),
                anchor: AnchorDe {
                    text: c.text,
                    prefix: c.prefix,
                    suffix: c.suffix,
                    occurrence: c.occurrence,
                }
                .convert(src),
                by: c.by.map(|s| src.located(s)),
                figure: c.figure.map(|f| Figure {
                    value: f.value,
                    unit: f.unit,
                    qualifier: f.qualifier,
                    as_of: f.as_of.map(|s| date(src, s)),
                }),
                status: c.status.map(|s| src.located(s)),
                sources: c.sources.into_iter().map(|l| l.convert(src)).collect(),
            }
        })
        .collect();
    let notes = de
        .notes
        .into_iter()
        .map(|item| {
            let loc = src.loc(&item.referenced);
            let n = item.value;
            NoteSource {
                loc,
                id: n.id.map(|s| src.located(s)),
                anchor: AnchorDe {
                    text: n.text,
                    prefix: n.prefix,
                    suffix: n.suffix,
                    occurrence: n.occurrence,
                }
                .convert(src),
                note: n.note,
            }
        })
        .collect();
    let mut actors = Vec::new();
    for item in de.actors {
        let loc: Location = src.loc(&item.referenced);
        match item.value.convert_inline(loc, src) {
            Ok(a) => actors.push(a),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Sidecar {
        path: file.to_path_buf(),
        quotes,
        events,
        claims,
        notes,
        actors,
    })
}

/// Test-only: each kind of sidecar item and the fields it accepts, from the types.
#[cfg(test)]
pub(crate) fn accepted_fields() -> Vec<(&'static str, &'static [&'static str])> {
    use crate::load::fields::fields_of;
    vec![
        ("sidecar", fields_of::<SidecarDe>()),
        ("quote", fields_of::<QuoteDe>()),
        ("quote original", fields_of::<OriginalDe>()),
        ("event", fields_of::<EventDe>()),
        ("claim", fields_of::<ClaimDe>()),
        ("claim figure", fields_of::<FigureDe>()),
        ("note", fields_of::<NoteDe>()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Sidecar, Vec<Diagnostic>> {
        parse_sidecar(Path::new("content/b/a.yaml"), text)
    }

    const GOOD: &str = r#"quotes:
  - speaker: rubio
    text: "declare war"
    said: 2025-09-03
    about: [cartels]
    original: { text: "declarar", language: es }
events:
  - id: meeting
    date: 2025
    title: Rubio meets Sheinbaum
    actors: [rubio, sheinbaum]
    text: The meeting
claims:
  - text: "less than $17 billion"
    figure: { value: 17000000000, unit: USD, qualifier: "<", as_of: 2024 }
    status: unverified
    sources: [ { url: "https://x", title: "X" } ]
  - text: about
    figure: { value: 1.5, qualifier: ~ }
notes:
  - text: "lax gun control"
    note: "A *note*"
actors:
  - id: sheinbaum
    name: Claudia Sheinbaum
    kind: person
"#;

    #[test]
    fn load_sidecar_every_list() {
        let s = p(GOOD).unwrap();
        let q = &s.quotes[0];
        assert_eq!((q.loc.line, q.loc.column), (2, 5));
        assert_eq!(q.speaker.value, "rubio");
        assert_eq!(q.anchor.text.value, "declare war");
        assert_eq!((q.anchor.text.loc.line, q.anchor.text.loc.column), (3, 11));
        assert_eq!(q.said.as_ref().unwrap().value, RawDate("2025-09-03".into()));
        assert_eq!(q.original.as_ref().unwrap().language.as_deref(), Some("es"));
        let e = &s.events[0];
        assert_eq!(e.date.as_ref().unwrap().value, RawDate("2025".into()));
        assert_eq!(e.actors.as_ref().unwrap().value.len(), 2);
        assert_eq!(e.anchor.as_ref().unwrap().text.value, "The meeting");
        let c = &s.claims[0];
        let f = c.figure.as_ref().unwrap();
        assert_eq!(f.value, 17_000_000_000.0);
        assert_eq!(f.qualifier, Some(Qualifier::Less));
        assert_eq!(f.as_of.as_ref().unwrap().value, RawDate("2024".into()));
        assert_eq!(c.status.as_ref().unwrap().value, ClaimStatus::Unverified);
        assert_eq!(
            s.claims[1].figure.as_ref().unwrap().qualifier,
            Some(Qualifier::About)
        );
        assert_eq!(s.notes[0].note, "A *note*");
        assert_eq!(s.actors[0].id.value, "sheinbaum");
        assert_eq!(s.path, Path::new("content/b/a.yaml"));
    }

    #[test]
    fn load_sidecar_list_left_empty_is_empty_and_a_scalar_is_not_a_list() {
        let s = p("quotes:\nnotes:\n").unwrap();
        assert!(s.quotes.is_empty() && s.notes.is_empty());
        let e = p("quotes: 5\n").unwrap_err();
        assert_eq!(e[0].message, "expected a list here");
        assert!(e[0].suggestion.as_deref().unwrap().contains("`- `"));
        let e = p("quotes:\n  - speaker: [a]\n    text: x\n").unwrap_err();
        assert_eq!(e[0].message, "expected text here");
        assert_eq!(e[0].location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn load_sidecar_unknown_field_suggests() {
        let e = p("quotes:\n  - speeker: rubio\n    text: hi\n").unwrap_err();
        let d = &e[0];
        assert_eq!(d.message, "unknown field `speeker`");
        let loc = d.location.as_ref().unwrap();
        assert_eq!(loc.file, Path::new("content/b/a.yaml"));
        assert_eq!((loc.line, loc.column, loc.length), (2, 5, 7));
        assert_eq!(d.suggestion.as_deref(), Some("did you mean `speaker`?"));
    }

    #[test]
    fn load_sidecar_type_and_missing_errors() {
        let e = p("claims:\n  - text: x\n    figure: { value: lots }\n").unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, 3);
        let e = p("notes:\n  - text: x\n").unwrap_err();
        assert!(e[0].message.contains("`note`"), "{}", e[0].message);
        assert_eq!(e[0].location.as_ref().unwrap().line, 2);
        let e = p("claims:\n  - text: x\n    status: maybe\n").unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, 3);
        let e = p("actors:\n  - name: X\n    kind: person\n").unwrap_err();
        assert!(e[0].message.contains("`id`"));
        let e = p("events:\n  - id: e\n    prefix: x\n").unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, 3);
        let e = p("quotes: [\n").unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, 1);
    }

    #[test]
    fn load_sidecar_reports_every_problem_of_the_file() {
        let e = p("quotes:\n  - speeker: rubio\n    text: hi\n    sayd: 2025\n  - speaker: x\nnotes:\n  - text: y\n").unwrap_err();
        let found: Vec<(String, usize)> = e
            .iter()
            .map(|d| (d.message.clone(), d.location.as_ref().unwrap().line))
            .collect();
        assert_eq!(
            found,
            vec![
                ("unknown field `speeker`".to_string(), 2),
                ("unknown field `sayd`".to_string(), 4),
                ("missing required field `text`".to_string(), 5),
                ("missing required field `note`".to_string(), 7),
            ]
        );
    }

    #[test]
    fn load_sidecar_names_a_key_indented_too_little() {
        let e = p("quotes:\n  - speaker: rubio\n   text: hi\n").unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(
            e[0].message,
            "`text` is indented less than `speaker` (line 2): it belongs to the item above if indented to column 5"
        );
        let loc = e[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (3, 4));
        let e =
            p("notes:\n  - text: \"lax gun\n    note: x\n  - text: y\n    note: z\n").unwrap_err();
        assert_eq!(e[0].message, "this \" quote is never closed on its line");
        let loc = e[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (2, 11));
    }

    #[test]
    fn load_sidecar_hostile_yaml_fails_fast() {
        let start = std::time::Instant::now();
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            bomb.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        bomb.push_str("notes: *a9\n");
        assert!(p(&bomb).is_err());
        // The same bomb where every level is a field that accepts anything list-like.
        let mut bomb2 = String::from(
            "actors:\n  - id: a\n    name: n\n    kind: person\n    aliases: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
        );
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            bomb2.push_str(&format!(
                "    links: &a{i} [{}]\n",
                vec![prev; 10].join(", ")
            ));
        }
        assert!(p(&bomb2).is_err());
        let deep = format!("quotes: {}", "[".repeat(100_000));
        assert!(p(&deep).is_err());
        let deep_block: String = (0..100_000)
            .map(|i| format!("{}-\n", " ".repeat(i % 5000)))
            .collect();
        assert!(p(&format!("quotes:\n{deep_block}")).is_err());
        assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
    }
}
