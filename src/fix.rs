//! `gloss check --fix`: rewrites the `text` of anchors whose words drifted, when the new
//! words are clear (see `resolve::drift` for the rule), in the sidecar files themselves.
//!
//! Writers keep comments and layout in their sidecars, so the file is never re-serialized:
//! each fix replaces only the bytes of one scalar, re-quoted as a double-quoted YAML string,
//! and is applied only if those bytes still read as the old words. Each file is written
//! whole to a temporary file beside it and renamed over it, so a crash leaves the old file or
//! the new one, never half of each. Only sidecars (`content/**/*.yaml`, `.yml`) are written.
//!
//! A fix may also add keys to the item (`prefix` or `occurrence` when the words now repeat,
//! `id` when the new words would change a derived id), each on a line of its own under the
//! `text` key, indented as it is; an item written in flow style (`{text: …}`) is left alone.
//! After the sidecars, `gloss.lock` learns the new `text` of each rewritten anchor, so its
//! entry stays usable until the next clean run records the new place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Fix, FixValue, Location};

/// One rewrite made: where, and the words before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The scalar that was rewritten (as it was before).
    pub location: Location,
    /// The words it said.
    pub old: String,
    /// The words it says now.
    pub new: String,
    /// The keys added to the item.
    pub added: Vec<(String, FixValue)>,
}

/// Checks the site at `root` and applies every clear fix. Returns the rewrites made and the
/// problems met while making them (a file that changed meanwhile, a write that failed).
/// Run `check` again afterwards for what is left. With `cache`, the check takes unchanged
/// briefings from `.gloss-cache/` (see [`crate::check`]).
pub fn fix(root: &Path, cache: bool) -> (Vec<Applied>, Diagnostics) {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let Err(failure) = crate::check(&root, cache) else {
        return (Vec::new(), Diagnostics::new());
    };
    let mut by_file: BTreeMap<PathBuf, Vec<&Fix>> = BTreeMap::new();
    for f in failure.diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
        if is_sidecar(&f.location.file) {
            by_file.entry(f.location.file.clone()).or_default().push(f);
        }
    }
    let mut applied = Vec::new();
    let mut problems = Diagnostics::new();
    for (file, fixes) in by_file {
        match fix_file(&root.join(&file), &fixes) {
            Ok(done) => applied.extend(done),
            Err(d) => problems.push(d.at(Location::file(&file))),
        }
    }
    refresh_lock(&root, &applied, &mut problems);
    (applied, problems)
}

/// Tells `gloss.lock` the new `text` of each rewritten anchor.
fn refresh_lock(root: &Path, applied: &[Applied], problems: &mut Diagnostics) {
    if applied.is_empty() {
        return;
    }
    let recorded = crate::lock::file::read_recorded(root);
    let was = recorded.text().map(str::to_owned);
    let mut lock = recorded.into_lock();
    for a in applied {
        let briefing = crate::lock::path_key(&a.location.file.with_extension("md"));
        lock = lock.renamed(&briefing, &a.old, &a.new);
    }
    if let Err(e) = crate::lock::file::write_if_changed(root, &lock.text(), was.as_deref()) {
        problems.push(
            Diagnostic::warning(format!("cannot write the anchor lock: {e}"))
                .at(Location::file(crate::lock::FILE_NAME)),
        );
    }
}

/// Whether gloss may write `file`: a YAML file under `content/`, named relative to the root.
fn is_sidecar(file: &Path) -> bool {
    file.is_relative()
        && file.starts_with("content")
        && !file
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
        && file.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// Applies `fixes` to one file; the fixes whose bytes no longer read as their old words are
/// skipped.
fn fix_file(disk: &Path, fixes: &[&Fix]) -> Result<Vec<Applied>, Diagnostic> {
    let text = std::fs::read_to_string(disk)
        .map_err(|e| Diagnostic::error(format!("cannot read the file to fix it: {e}")))?;
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let body = &text[bom..];
    let mut edits: Vec<(std::ops::Range<usize>, &Fix)> = fixes
        .iter()
        .filter_map(|f| {
            let span = byte_span(body, &f.location)?;
            let written = body.get(span.clone())?;
            (scalar_value(written).as_deref() == Some(f.old.as_str())).then_some((span, *f))
        })
        .collect();
    edits.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    edits.dedup_by(|a, b| a.0.start < b.0.end && b.0.start < a.0.end);
    if edits.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = body.to_string();
    for (span, f) in &edits {
        let Some((range, with)) = edit(body, span, f) else {
            continue;
        };
        out.replace_range(range, &with);
    }
    edits.retain(|(span, f)| edit(body, span, f).is_some());
    crate::atomic_file::write_atomically(disk, &format!("{}{out}", &text[..bom]))
        .map_err(|e| Diagnostic::error(format!("cannot write the fixed file: {e}")))?;
    let mut done: Vec<Applied> = edits
        .into_iter()
        .map(|(_, f)| Applied {
            location: f.location.clone(),
            old: f.old.clone(),
            new: f.value.clone(),
            added: f.add.clone(),
        })
        .collect();
    done.reverse();
    Ok(done)
}

/// The bytes of `body` one fix replaces and what it puts there: the scalar at `span`,
/// re-quoted, and after its line each key the fix adds, indented as the scalar's key.
/// `None` when keys must be added to a line that is not `KEY: SCALAR` in block style.
fn edit(
    body: &str,
    span: &std::ops::Range<usize>,
    f: &Fix,
) -> Option<(std::ops::Range<usize>, String)> {
    if f.add.is_empty() {
        return Some((span.clone(), quote(&f.value)));
    }
    let line_start = body[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let lead = &body[line_start..span.start];
    let indent = key_indent(lead)?;
    let line_end = body[span.end..]
        .find('\n')
        .map_or(body.len(), |i| span.end + i + 1);
    let rest = &body[span.end..line_end];
    let newline = if rest.ends_with("\r\n") { "\r\n" } else { "\n" };
    let mut with = quote(&f.value);
    with.push_str(rest);
    if !rest.ends_with('\n') {
        with.push_str(newline);
    }
    for (key, value) in &f.add {
        let value = match value {
            FixValue::Text(t) => quote(t),
            FixValue::Number(n) => n.to_string(),
        };
        with.push_str(&format!("{}{key}: {value}{newline}", " ".repeat(indent)));
    }
    Some((span.start..line_end, with))
}

/// The column (from 0) of the key on a line that reads `lead` up to its scalar, when `lead`
/// is `KEY: ` in block style, possibly after `- `.
fn key_indent(lead: &str) -> Option<usize> {
    let spaces = lead.len() - lead.trim_start_matches(' ').len();
    let mut rest = &lead[spaces..];
    let mut indent = spaces;
    while let Some(after) = rest.strip_prefix('-') {
        let gap = after.len() - after.trim_start_matches(' ').len();
        if gap == 0 {
            return None;
        }
        indent += 1 + gap;
        rest = &after[gap..];
    }
    let key = rest.trim_end_matches(' ').strip_suffix(':')?;
    let plain_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    plain_key.then_some(indent)
}

/// The bytes of `text` a one-line location covers; `None` when it does not fit the text.
fn byte_span(text: &str, loc: &Location) -> Option<std::ops::Range<usize>> {
    if loc.line == 0 || loc.column == 0 {
        return None;
    }
    let line_start = if loc.line == 1 {
        0
    } else {
        text.match_indices('\n').nth(loc.line - 2)?.0 + 1
    };
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let mut chars = line.char_indices().map(|(i, _)| i).chain([line.len()]);
    let start = chars.nth(loc.column - 1)?;
    let end = line
        .char_indices()
        .map(|(i, _)| i)
        .chain([line.len()])
        .nth(loc.column - 1 + loc.length)?;
    Some(line_start + start..line_start + end)
}

/// What the YAML scalar written as `written` says, when it is a whole scalar on its own.
fn scalar_value(written: &str) -> Option<String> {
    if written.contains('\n') {
        return None;
    }
    let doc = format!("v: {written}\n");
    let map: BTreeMap<String, String> = serde_saphyr::from_str(&doc).ok()?;
    map.get("v").cloned()
}

/// `value` as a double-quoted YAML scalar.
fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_round_trips_through_yaml() {
        for v in [
            "plain",
            "say \"no\"",
            "back\\slash",
            "tab\there",
            "“curly” — dash",
            "a: b # c",
            "",
            "  padded  ",
            "~",
            "null",
            "\u{85}\u{2028}\u{2029}\u{feff}\u{a0}",
            "line\nbreak\r\n",
        ] {
            assert_eq!(scalar_value(&quote(v)).as_deref(), Some(v), "{v}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_value_round_trips_through_quote(v in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(scalar_value(&quote(&v)), Some(v));
        }
    }

    #[test]
    fn byte_span_counts_characters() {
        let text = "a: 1\n  text: \"é x\" # c\n";
        let loc = Location {
            file: "f".into(),
            line: 2,
            column: 9,
            length: 5,
        };
        let span = byte_span(text, &loc).unwrap();
        assert_eq!(&text[span], "\"é x\"");
        assert_eq!(scalar_value("\"é x\"").as_deref(), Some("é x"));
        assert_eq!(
            scalar_value("first line of a"),
            Some("first line of a".into())
        );
    }

    #[test]
    fn only_sidecars_may_be_written() {
        assert!(is_sidecar(Path::new("content/b/a.yaml")));
        assert!(is_sidecar(Path::new("content/b/a.yml")));
        assert!(!is_sidecar(Path::new("content/b/a.md")));
        assert!(!is_sidecar(Path::new("site.toml")));
        assert!(!is_sidecar(Path::new("content/../x.yaml")));
        assert!(!is_sidecar(Path::new("/etc/x.yaml")));
    }
}
