//! The one way load parses YAML: with limits that make hostile files (alias bombs, deep
//! nesting) fail fast, and with serde-saphyr's errors turned into gloss [`Diagnostic`]s that
//! point at the file, line and column, with a "did you mean" for unknown fields.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Location, did_you_mean};
use crate::load::source::Located;

/// Deepest nesting of lists and mappings a gloss YAML file may have; real files need < 10.
const MAX_DEPTH: usize = 128;
/// Most alias (`*name`) uses in one file.
const MAX_ALIASES: usize = 1_000;
/// Most events replayed from aliases in one file: stops "billion laughs".
const MAX_REPLAYED_EVENTS: usize = 100_000;
/// Most nodes in one file.
const MAX_NODES: usize = 1_000_000;

/// The parser options every gloss YAML file is read with.
fn options() -> serde_saphyr::Options {
    let mut alias_limits = serde_saphyr::Options::default().alias_limits;
    alias_limits.max_total_replayed_events = MAX_REPLAYED_EVENTS;
    alias_limits.max_replay_stack_depth = 32;
    serde_saphyr::options! {
        with_snippet: false,
        alias_limits: alias_limits,
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_aliases: MAX_ALIASES,
            max_nodes: MAX_NODES,
            flow_nesting_limit: MAX_DEPTH,
            max_documents: 1,
        },
    }
}

/// A stretch of YAML inside a file: the whole file for a sidecar, the part between the
/// fences for front matter. Knows how to turn parser positions into [`Location`]s.
#[derive(Debug, Clone, Copy)]
pub(crate) struct YamlSrc<'a> {
    /// The file, relative to the site root.
    pub(crate) file: &'a Path,
    /// The whole text of the file.
    pub(crate) text: &'a str,
    /// Byte offset of the YAML in `text`.
    pub(crate) base: usize,
    /// Byte length of the YAML.
    pub(crate) len: usize,
}

impl<'a> YamlSrc<'a> {
    /// A whole file of YAML.
    pub(crate) fn whole(file: &'a Path, text: &'a str) -> Self {
        YamlSrc {
            file,
            text,
            base: 0,
            len: text.len(),
        }
    }

    /// Parses the YAML into `T`.
    pub(crate) fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        let yaml = self.text.get(self.base..self.base + self.len).unwrap_or("");
        serde_saphyr::from_str_with_options(yaml, options()).map_err(|e| self.error(&e))
    }

    /// The gloss location of a parser location.
    pub(crate) fn loc(&self, l: &serde_saphyr::Location) -> Location {
        let span = l.span();
        if let (Some(off), Some(len)) = (span.byte_offset(), span.byte_len()) {
            let off = usize::try_from(off).unwrap_or(usize::MAX);
            if off <= self.len {
                let len = usize::try_from(len).unwrap_or(0);
                return Location::from_offset(self.file, self.text, self.base + off, len);
            }
        }
        if l.line() == 0 {
            return Location::file(self.file);
        }
        let base_line = self.text[..self.base.min(self.text.len())]
            .matches('\n')
            .count();
        Location {
            file: self.file.to_path_buf(),
            line: base_line + usize::try_from(l.line()).unwrap_or(1),
            column: usize::try_from(l.column()).unwrap_or(1).max(1),
            length: usize::try_from(span.len()).unwrap_or(1).max(1),
        }
    }

    /// A spanned value as a [`Located`] one.
    pub(crate) fn located<T>(&self, s: Spanned<T>) -> Located<T> {
        let loc = self.loc(&s.referenced);
        Located::new(s.value, loc)
    }

    /// A parser error as a diagnostic.
    pub(crate) fn error(&self, e: &serde_saphyr::Error) -> Diagnostic {
        let loc = e
            .location()
            .map_or_else(|| Location::file(self.file), |l| self.loc(&l));
        let d = match e.without_snippet() {
            serde_saphyr::Error::SerdeUnknownField {
                field, expected, ..
            } => unknown_field(field, expected.iter().copied()),
            serde_saphyr::Error::SerdeMissingField { field, .. } => {
                Diagnostic::error(format!("missing required field `{field}`"))
                    .label(format!("`{field}` is required here"))
            }
            serde_saphyr::Error::SerdeUnknownVariant {
                variant, expected, ..
            } => {
                let list = expected
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>();
                Diagnostic::error(format!("unknown value `{variant}`"))
                    .label("not one of the accepted values")
                    .suggest_opt(
                        did_you_mean(variant, expected.iter().copied())
                            .map(|s| format!("did you mean `{s}`?")),
                    )
                    .note(format!("expected one of {}", list.join(", ")))
            }
            serde_saphyr::Error::Budget { .. } => Diagnostic::error(format!(
                "YAML too large or too deeply nested: {}",
                strip_position(&e.to_string())
            ))
            .note(format!(
                "gloss reads at most {MAX_DEPTH} levels of nesting and limits aliases"
            )),
            _ => {
                let msg = strip_position(&e.to_string());
                if msg.contains("alias") || msg.contains("recursion") {
                    Diagnostic::error(format!("YAML too large or too deeply nested: {msg}"))
                } else {
                    match in_words(&msg) {
                        Some((what, help)) => Diagnostic::error(format!("expected {what} here"))
                            .label(format!("not {what}"))
                            .suggest(help),
                        None => Diagnostic::error(msg),
                    }
                }
            }
        };
        d.at(loc)
    }
}

/// The parser's words for a value of the wrong shape, in a writer's words: what was
/// expected, and how to write one.
fn in_words(msg: &str) -> Option<(&'static str, &'static str)> {
    if msg.contains("expected sequence") {
        Some((
            "a list",
            "write a list as lines starting with `- `, or as `[a, b]`",
        ))
    } else if msg.contains("expected mapping") {
        Some((
            "fields",
            "write fields as `name: value` lines, or as `{ name: value }`",
        ))
    } else if msg.contains("expected string") {
        Some((
            "text",
            "write text after the colon, in quotes if it holds `:` or `#`",
        ))
    } else {
        None
    }
}

/// The diagnostic for an unknown field, with a "did you mean" among `known`.
pub(crate) fn unknown_field<'k>(
    field: &str,
    known: impl IntoIterator<Item = &'k str>,
) -> Diagnostic {
    let known: Vec<&str> = known.into_iter().collect();
    let mut d = Diagnostic::error(format!("unknown field `{field}`")).label("unknown field");
    d = d.suggest_opt(
        did_you_mean(field, known.iter().copied()).map(|s| format!("did you mean `{s}`?")),
    );
    if !known.is_empty() {
        let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
        d = d.note(format!("expected one of {}", list.join(", ")));
    }
    d
}

/// serde-saphyr's message without its trailing " at line N, column M" (the location is
/// carried separately).
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains("column") => msg[..i].to_string(),
        _ => msg.to_string(),
    }
}
