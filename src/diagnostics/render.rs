//! Diagnostics for people: rustc-style reports drawn by `annotate-snippets`.
//!
//! A writer fixing a sidecar reads these in a terminal, so they look like the compiler
//! messages many already know: `error: …`, ` --> file:line:col`, the source line with the
//! spot underlined, the other places involved (in the same file or another), then `= note:`
//! and `= help:`. The layout is annotate-snippets' job; this module only turns our
//! [`Location`]s (line, column and length in characters) into byte spans of a few source
//! lines, so a report never copies a whole large file.

use std::borrow::Cow;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, Diagnostics, Location, Severity, SourceTexts};

/// Renders every diagnostic, each followed by a blank line.
pub(super) fn render(diags: &Diagnostics, sources: &SourceTexts, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diags.iter() {
        out.push_str(&render_one(&renderer, d, sources));
        out.push_str("\n\n");
    }
    out
}

/// One place to show: where, the words under it, and whether it is the main one.
struct Mark<'d> {
    loc: &'d Location,
    label: Option<&'d str>,
    primary: bool,
}

fn render_one(renderer: &Renderer, d: &Diagnostic, sources: &SourceTexts) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut marks: Vec<Mark<'_>> = Vec::new();
    if let Some(loc) = &d.location {
        marks.push(Mark {
            loc,
            label: d.label.as_deref(),
            primary: true,
        });
    }
    for (loc, what) in &d.related {
        marks.push(Mark {
            loc,
            label: Some(what),
            primary: false,
        });
    }
    // One snippet a file, in the order the files first appear (the main place first).
    let mut files: Vec<&Path> = Vec::new();
    for m in &marks {
        if !files.contains(&m.loc.file.as_path()) {
            files.push(&m.loc.file);
        }
    }
    let mut group = Group::with_title(level.primary_title(d.message.as_str()));
    let mut unshown: Vec<String> = Vec::new();
    for file in files {
        let here: Vec<&Mark<'_>> = marks.iter().filter(|m| m.loc.file == file).collect();
        let text = sources.0.get(file).map(|t| &**t);
        match text.and_then(|t| snippet(file, t, &here)) {
            Some(s) => {
                group = group.element(s);
                // Places of this file the snippet could not mark: say them in words.
                let lines = text.map_or(0, |t| t.lines().count());
                for m in here
                    .iter()
                    .filter(|m| m.loc.line == 0 || m.loc.line > lines)
                {
                    let label = m.label.unwrap_or("here");
                    unshown.push(format!("{}: {label}", place(m.loc)));
                }
            }
            None => {
                // No text to show (or no line): name the place, and say the labels in words.
                let Some(first) = here.iter().find(|m| m.loc.line > 0).or(here.first()) else {
                    continue;
                };
                group = group.element(origin(first.loc));
                for m in &here {
                    match m.label {
                        Some(label) if m.primary => unshown.push(label.to_string()),
                        Some(label) => unshown.push(format!("{}: {label}", place(m.loc))),
                        None => {}
                    }
                }
            }
        }
    }
    for note in unshown.iter().chain(&d.notes) {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    if let Some(s) = &d.suggestion {
        group = group.element(Level::HELP.message(s.as_str()));
    }
    renderer.render(&[group])
}

/// `file:line:col`, as far as it is known.
fn place(loc: &Location) -> String {
    match (loc.line, loc.column) {
        (0, _) => loc.file.display().to_string(),
        (l, 0) => format!("{}:{l}", loc.file.display()),
        (l, c) => format!("{}:{l}:{c}", loc.file.display()),
    }
}

/// The ` --> file:line:col` of a place whose text cannot be shown.
fn origin(loc: &Location) -> Origin<'static> {
    let mut o = Origin::path(loc.file.display().to_string());
    if loc.line > 0 {
        o = o.line(loc.line);
        if loc.column > 0 {
            o = o.char_column(loc.column);
        }
    }
    o
}

/// The lines of `text` from the first to the last marked one, with every mark as an
/// annotation; `None` when no mark has a line inside the file.
fn snippet<'a>(
    file: &Path,
    text: &'a str,
    marks: &[&Mark<'a>],
) -> Option<Snippet<'a, annotate_snippets::Annotation<'a>>> {
    let lines = line_starts(text);
    let valid = |m: &&&Mark<'_>| m.loc.line > 0 && m.loc.line <= lines.len();
    let first = marks.iter().filter(valid).map(|m| m.loc.line).min()?;
    let last = marks.iter().filter(valid).map(|m| m.loc.line).max()?;
    let from = *lines.get(first - 1)?;
    let to = lines.get(last).copied().unwrap_or(text.len());
    let excerpt = text.get(from..to)?;
    let mut s = Snippet::source(excerpt)
        .line_start(first)
        .path(Cow::Owned(file.display().to_string()))
        .fold(true);
    for m in marks.iter().filter(valid) {
        let line_from = *lines.get(m.loc.line - 1)?;
        let line_to = lines.get(m.loc.line).copied().unwrap_or(text.len());
        let line = text.get(line_from..line_to)?.trim_end_matches(['\n', '\r']);
        let span = char_span(line, m.loc.column, m.loc.length);
        let at = line_from - from;
        let kind = if m.primary {
            AnnotationKind::Primary
        } else {
            AnnotationKind::Context
        };
        let mut a = kind.span(at + span.start..at + span.end);
        if let Some(label) = m.label {
            a = a.label(label);
        }
        s = s.annotation(a);
    }
    Some(s)
}

/// Byte offset of the start of every line of `text`.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&i| i < text.len() || i == 0)
        .collect()
}

/// The bytes of `line` from 1-based char `column` covering `length` chars (at least one when
/// the line has any left; the whole line when the column is unknown).
fn char_span(line: &str, column: usize, length: usize) -> std::ops::Range<usize> {
    if column == 0 {
        return 0..line.len();
    }
    let byte_at = |chars: usize| {
        line.char_indices()
            .nth(chars)
            .map_or(line.len(), |(i, _)| i)
    };
    let start = byte_at(column - 1);
    let end = byte_at(column - 1 + length.max(1)).max(start);
    start..end
}
