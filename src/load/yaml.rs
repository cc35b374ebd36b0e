//! The one way load parses YAML: with limits that make hostile files (alias bombs, deep
//! nesting) fail fast, and with serde-saphyr's errors turned into gloss [`Diagnostic`]s that
//! point at the file, line and column, with a "did you mean" for unknown fields.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, LineStarts, Location, did_you_mean};
use crate::load::source::Located;
use crate::load::yaml_recover;

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
#[derive(Debug, Clone)]
pub(crate) struct YamlSrc<'a> {
    /// The file, relative to the site root.
    pub(crate) file: &'a Path,
    /// The whole text of the file.
    pub(crate) text: &'a str,
    /// Byte offset of the YAML in `text`.
    pub(crate) base: usize,
    /// Byte length of the YAML.
    pub(crate) len: usize,
    /// Where the lines of `text` start, found on the first location asked for.
    lines: std::cell::OnceCell<LineStarts>,
}

impl<'a> YamlSrc<'a> {
    /// A whole file of YAML.
    pub(crate) fn whole(file: &'a Path, text: &'a str) -> Self {
        YamlSrc::part(file, text, 0, text.len())
    }

    /// The `len` bytes of YAML at byte `base` of `text` (front matter).
    pub(crate) fn part(file: &'a Path, text: &'a str, base: usize, len: usize) -> Self {
        YamlSrc {
            file,
            text,
            base,
            len,
            lines: std::cell::OnceCell::new(),
        }
    }

    /// Parses the YAML into `T`, or says what is wrong with it: every data problem (each
    /// found by blanking the last one's part and reading again, see [`yaml_recover`]), or,
    /// when it is not YAML at all, the mistake in its shape where it is.
    pub(crate) fn parse<T: DeserializeOwned>(&self) -> Result<T, Vec<Diagnostic>> {
        let yaml = self.text.get(self.base..self.base + self.len).unwrap_or("");
        let first = match serde_saphyr::from_str_with_options::<T>(yaml, options()) {
            Ok(value) => return Ok(value),
            Err(e) => e,
        };
        let well_formed = is_data_error(&first);
        let error_at = first.location().and_then(|l| l.span().byte_offset());
        let error_at = error_at.and_then(|o| usize::try_from(o).ok());
        // A file past the re-reading budget (hostile, or generated) is not searched for
        // shape mistakes either: its parser error stands.
        let shape = if yaml.len() <= yaml_recover::MAX_BYTES_REREAD {
            yaml_recover::shape_problems(yaml, (!well_formed).then_some(error_at).flatten())
        } else {
            Vec::new()
        };
        if !shape.is_empty() && (!well_formed || is_missing_field(&first)) {
            return Err(shape
                .into_iter()
                .map(|p| {
                    Diagnostic::error(p.message)
                        .at(Location::from_offset(
                            self.file,
                            self.text,
                            self.base + p.at,
                            p.len,
                        ))
                        .suggest(p.help)
                })
                .collect());
        }
        let mut errors = vec![self.error(&first)];
        // The fields the problems so far were about: once their part is blanked, such a
        // field is missing, which would say the same thing again.
        let mut subjects = vec![subject(&first, yaml)];
        if !well_formed {
            return Err(errors);
        }
        let mut text = yaml.to_string();
        let mut last = first;
        while errors.len() < yaml_recover::MAX_PROBLEMS_PER_FILE
            && yaml.len().saturating_mul(errors.len()) <= yaml_recover::MAX_BYTES_REREAD
        {
            let Some(at) = last
                .location()
                .and_then(|l| l.span().byte_offset())
                .and_then(|o| usize::try_from(o).ok())
            else {
                break;
            };
            let unknown = matches!(
                last.without_snippet(),
                serde_saphyr::Error::SerdeUnknownField { .. }
            );
            if !yaml_recover::blank_fault(&mut text, at, unknown) {
                break;
            }
            match serde_saphyr::from_str_with_options::<T>(&text, options()) {
                Ok(_) => break,
                Err(e) => {
                    let d = self.error(&e);
                    // A problem that is not about data was made by the blanking (an empty
                    // file, say): the writer's problems are all reported.
                    if !is_data_error(&e) || errors.contains(&d) {
                        break;
                    }
                    if !is_missing(&e, &subjects) {
                        subjects.push(subject(&e, yaml));
                        errors.push(d);
                    }
                    last = e;
                }
            }
        }
        Err(errors)
    }

    /// The gloss location of a parser location.
    pub(crate) fn loc(&self, l: &serde_saphyr::Location) -> Location {
        let span = l.span();
        if let (Some(off), Some(len)) = (span.byte_offset(), span.byte_len()) {
            let off = usize::try_from(off).unwrap_or(usize::MAX);
            if off <= self.len {
                let len = usize::try_from(len).unwrap_or(0);
                let lines = self.lines.get_or_init(|| LineStarts::new(self.text));
                return Location::from_offset_in(self.file, self.text, lines, self.base + off, len);
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

/// Whether `e` is about the data of well-formed YAML (a field, a value of the wrong kind),
/// after which the file can be read on; anything else (syntax, limits) ends the reading.
fn is_data_error(e: &serde_saphyr::Error) -> bool {
    use serde_saphyr::Error as E;
    matches!(
        e.without_snippet(),
        E::SerdeInvalidType { .. }
            | E::SerdeInvalidValue { .. }
            | E::SerdeInvalidLength { .. }
            | E::SerdeUnknownVariant { .. }
            | E::SerdeUnknownField { .. }
            | E::SerdeMissingField { .. }
            | E::InvalidScalar { .. }
            | E::NullIntoString { .. }
    )
}

/// The field a problem is about: the one a misspelled field meant (its closest known
/// field), or the key of the line the problem is on.
fn subject(e: &serde_saphyr::Error, yaml: &str) -> Option<String> {
    if let serde_saphyr::Error::SerdeUnknownField {
        field, expected, ..
    } = e.without_snippet()
    {
        return did_you_mean(field, expected.iter().copied()).map(str::to_string);
    }
    let at = usize::try_from(e.location()?.span().byte_offset()?).ok()?;
    let line_start = yaml.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line = yaml[line_start..].lines().next()?;
    let body = line.trim_start().trim_start_matches("- ").trim_start();
    let key = body.split(':').next()?;
    (key.len() < body.len()).then(|| key.trim().to_string())
}

/// Whether `e` says a field is missing that an earlier problem was about (`speeker`, did you
/// mean `speaker`?; `kind: persn`): the echo of a problem already reported.
fn is_missing(e: &serde_saphyr::Error, subjects: &[Option<String>]) -> bool {
    let serde_saphyr::Error::SerdeMissingField { field, .. } = e.without_snippet() else {
        return false;
    };
    subjects.iter().flatten().any(|s| s == field)
}

/// Whether serde said a required field is missing: what a key indented too little looks
/// like to it.
fn is_missing_field(e: &serde_saphyr::Error) -> bool {
    matches!(
        e.without_snippet(),
        serde_saphyr::Error::SerdeMissingField { .. }
    )
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
