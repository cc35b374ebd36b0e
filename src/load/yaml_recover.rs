//! Every problem of a YAML file at once, and YAML mistakes named as what they are.
//!
//! serde stops at a file's first problem. When the file is well-formed YAML and only its
//! data is wrong (a misspelled field, a missing one, a value of the wrong kind), the part at
//! fault is blanked out (the same bytes as spaces, so every other position stays where it
//! was) and the file is read again: two misspelled fields are two diagnostics, each at its
//! line, and an item that fails does not hide its siblings. When the file is not YAML at
//! all, the parser's position is often far from the mistake; [`shape_problems`] looks for
//! the two mistakes writers make most (a key indented less than its siblings, a quote never
//! closed) and names them where they are.

/// Most problems reported for one file: past this, the rest are likely one mistake's echoes.
pub(crate) const MAX_PROBLEMS_PER_FILE: usize = 50;

/// Most bytes read again to find a file's further problems: a huge file (hostile, or
/// generated) reports its first problems only, and fails as fast as before.
pub(crate) const MAX_BYTES_REREAD: usize = 8 << 20;

/// The indentation of a line: its leading spaces.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The key a line starts with after `skip` bytes (`name:` followed by a space or the end),
/// if it does.
fn key_at(line: &str, skip: usize) -> Option<&str> {
    let rest = line.get(skip..)?;
    let colon = rest.find(':')?;
    let key = &rest[..colon];
    let after = rest[colon + 1..].chars().next();
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    (is_key && after.is_none_or(|c| c == ' ')).then_some(key)
}

/// The byte offset where each line of `text` starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Replaces bytes `range` of `text` by as many spaces, keeping line breaks.
fn blank(text: &mut String, range: std::ops::Range<usize>) {
    let end = range.end.min(text.len());
    let mut start = range.start.min(end);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let blanked: String = text[start..end]
        .chars()
        .flat_map(|c| {
            let n = if c == '\n' { 0 } else { c.len_utf8() };
            std::iter::repeat_n(' ', n).chain((c == '\n').then_some('\n'))
        })
        .collect();
    text.replace_range(start..end, &blanked);
}

/// The end of the block that starts on line `line` (0-based) at indentation `col`: the start
/// of the first later non-blank line indented `col` or less.
fn block_end(text: &str, starts: &[usize], line: usize, col: usize) -> usize {
    for &start in starts.iter().skip(line + 1) {
        let l = text[start..].lines().next().unwrap_or("");
        if !l.trim().is_empty() && indent(l) <= col && !l.trim_start().starts_with('#') {
            return start;
        }
    }
    text.len()
}

/// Blanks the part of `text` a data problem at byte `at` belongs to: for an unknown field,
/// the field and its value; otherwise the list item holding `at` (or its line, outside any
/// item). Returns whether anything was left to blank (no progress means stop).
pub(crate) fn blank_fault(text: &mut String, at: usize, unknown_field: bool) -> bool {
    let before = text.clone();
    let starts = line_starts(text);
    let line = starts.partition_point(|&s| s <= at).saturating_sub(1);
    let line_start = starts[line];
    let this = text[line_start..].lines().next().unwrap_or("");
    let col = at.saturating_sub(line_start).min(this.len());
    if unknown_field {
        // The field and the lines of its value, indented more than it; a `- ` before it
        // stays, so the item is still an item.
        let end = block_end(text, &starts, line, col);
        blank(text, line_start + col..end);
    } else {
        // The nearest line at or above that starts a list item holding this line.
        let mut item = None;
        let mut limit = col.max(indent(this));
        for l in (0..=line).rev() {
            let s = text[starts[l]..].lines().next().unwrap_or("");
            let i = indent(s);
            if s.trim().is_empty() {
                continue;
            }
            if s[i..].starts_with("- ") || s[i..] == *"-" {
                if i <= limit {
                    item = Some((l, i));
                    break;
                }
            } else if i < limit {
                limit = i;
            }
            if i == 0 && l < line {
                break;
            }
        }
        match item {
            Some((l, i)) => {
                let end = block_end(text, &starts, l, i);
                blank(text, starts[l] + i..end);
            }
            None => {
                let end = starts.get(line + 1).copied().unwrap_or(text.len());
                blank(text, line_start..end);
            }
        }
    }
    *text != before
}

/// A mistake in the shape of a YAML file, found by reading its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ShapeProblem {
    /// Byte offset in the YAML where the mistake is.
    pub(crate) at: usize,
    /// How many bytes it spans.
    pub(crate) len: usize,
    /// What is wrong, in a writer's words.
    pub(crate) message: String,
    /// How to put it right.
    pub(crate) help: String,
}

/// Keys indented less than the first key of their list item (but more than its `-`), and
/// quotes opened and never closed on their line before byte `error_at` (where the parser
/// gave up): the mistakes a parser reports far from where they are, or as something else
/// ("missing required field").
pub(crate) fn shape_problems(yaml: &str, error_at: Option<usize>) -> Vec<ShapeProblem> {
    let mut found = Vec::new();
    let starts = line_starts(yaml);
    let lines: Vec<&str> = yaml.lines().collect();
    // The item being read: (its line, the column of its first key, that key).
    let mut item: Option<(usize, usize, usize, &str)> = None;
    for (n, line) in lines.iter().enumerate() {
        let i = indent(line);
        let body = &line[i..];
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if let Some(rest) = body.strip_prefix("- ") {
            let key_col = i + 2 + (rest.len() - rest.trim_start().len());
            item = key_at(line, key_col).map(|k| (n, i, key_col, k));
            continue;
        }
        if let Some((item_line, dash, key_col, first)) = item {
            if i <= dash {
                item = None;
            } else if i < key_col
                && let Some(key) = key_at(line, i)
            {
                found.push(ShapeProblem {
                    at: starts[n] + i,
                    len: key.len(),
                    message: format!(
                        "`{key}` is indented less than `{first}` (line {}): it belongs to the item above if indented to column {}",
                        item_line + 1,
                        key_col + 1
                    ),
                    help: format!(
                        "indent `{key}` by {} more space{} to line it up with `{first}`",
                        key_col - i,
                        if key_col - i == 1 { "" } else { "s" }
                    ),
                });
            }
        }
    }
    if !found.is_empty() {
        return found;
    }
    for (n, line) in lines.iter().enumerate() {
        let start = starts[n];
        if error_at.is_some_and(|e| start > e) {
            break;
        }
        if let Some(open) = unclosed_quote(line) {
            let quote = &line[open..=open];
            found.push(ShapeProblem {
                at: start + open,
                len: 1,
                message: format!("this {quote} quote is never closed on its line"),
                help: format!(
                    "end the text with {quote}; to write {quote} inside it, {}",
                    if quote == "\"" {
                        "write \\\" instead"
                    } else {
                        "write it twice"
                    }
                ),
            });
            break;
        }
    }
    found
}

/// Where a value on `line` opens a quote (`key: "…`, `- "…`) that the line does not close.
fn unclosed_quote(line: &str) -> Option<usize> {
    let mut i = indent(line);
    if let Some(rest) = line[i..].strip_prefix("- ") {
        i += 2 + (rest.len() - rest.trim_start().len());
    }
    let value_at = match key_at(line, i) {
        Some(key) => {
            let after = i + key.len() + 1;
            after + (line[after..].len() - line[after..].trim_start().len())
        }
        None => i,
    };
    let rest = line.get(value_at..)?;
    let quote = rest.chars().next().filter(|&c| c == '"' || c == '\'')?;
    let mut chars = rest[1..].chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('\'', '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
            }
            (q, c) if q == c => return None,
            _ => {}
        }
    }
    Some(value_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_indented_one_space_too_little_is_named() {
        let yaml = "quotes:\n  - speaker: a\n   text: \"x\"\n";
        let found = shape_problems(yaml, None);
        assert_eq!(
            found[0].message,
            "`text` is indented less than `speaker` (line 2): it belongs to the item above if indented to column 5"
        );
        assert_eq!(found[0].at, yaml.find("text").unwrap());
        assert!(shape_problems("quotes:\n  - speaker: a\n    text: x\n", None).is_empty());
    }

    #[test]
    fn an_unclosed_quote_is_found_where_it_opens() {
        let yaml = "notes:\n  - text: \"lax gun\n    note: x\n  - text: y\n    note: z\n";
        let found = shape_problems(yaml, Some(yaml.len()));
        assert_eq!(found[0].at, yaml.find('"').unwrap());
        assert_eq!(
            found[0].message,
            "this \" quote is never closed on its line"
        );
        assert_eq!(unclosed_quote("  text: \"a \\\" b\""), None);
        assert_eq!(unclosed_quote("  text: 'it''s'"), None);
        assert_eq!(unclosed_quote("  - 'open"), Some(4));
    }

    #[test]
    fn blanking_keeps_every_other_byte_in_place() {
        let mut t = "quotes:\n  - speeker: a\n    text: x\n  - speaker: b\n".to_string();
        let at = t.find("speeker").unwrap();
        assert!(blank_fault(&mut t, at, true));
        assert_eq!(t, "quotes:\n  -           \n    text: x\n  - speaker: b\n");
        let mut t = "quotes:\n  - speaker: a\n    text: x\n  - speaker: b\n".to_string();
        let at = t.find("text").unwrap();
        assert!(blank_fault(&mut t, at, false));
        assert_eq!(t, "quotes:\n              \n           \n  - speaker: b\n");
    }
}
