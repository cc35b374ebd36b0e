//! Problems found in a site, as values.
//!
//! Every stage of gloss reports what is wrong with the sources as [`Diagnostic`]s rather than
//! stopping at the first: a writer fixing a sidecar wants to see every mistake in one run.
//! A diagnostic names the file, the line and column, what is wrong and, where we can guess,
//! what to write instead. Rendering them (for a terminal or as JSON lines) is kept here too,
//! so that every stage reports in one voice.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod render;

/// How serious a diagnostic is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be built as written.
    Error,
    /// Worth a look, but the build goes on.
    Warning,
}

/// A place in a source file: the file (relative to the site root where possible), the
/// 1-based line and column, and the length of the marked stretch in characters.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Location {
    /// The file, as the user knows it (relative to the site root when inside it).
    pub file: PathBuf,
    /// 1-based line; 0 when only the file is known.
    pub line: usize,
    /// 1-based column in characters; 0 when only the file (or line) is known.
    pub column: usize,
    /// How many characters from `column` the problem covers (at least 1 when shown).
    pub length: usize,
}

impl Location {
    /// A location that names only a file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: file.into(),
            line: 0,
            column: 0,
            length: 0,
        }
    }

    /// A location at a 1-based line and column.
    pub fn at(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line,
            column,
            length: 1,
        }
    }

    /// The location of byte `offset` in `text`, the contents of `file`, covering `len` bytes.
    pub fn from_offset(file: impl Into<PathBuf>, text: &str, offset: usize, len: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Location::on_line(file.into(), text, line, line_start, offset, len)
    }

    /// [`Location::from_offset`] with the line found in `lines`, the [`LineStarts`] of
    /// `text`: for the many locations of one file, each without a scan from its start.
    pub fn from_offset_in(
        file: impl Into<PathBuf>,
        text: &str,
        lines: &LineStarts,
        offset: usize,
        len: usize,
    ) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let (line, line_start) = lines.line_of(offset);
        Location::on_line(file.into(), text, line, line_start, offset, len)
    }

    /// The location of byte `offset` of `text`, known to lie on the 1-based `line`, which
    /// starts at byte `line_start`, covering `len` bytes (up to the line's end).
    fn on_line(
        file: PathBuf,
        text: &str,
        line: usize,
        line_start: usize,
        offset: usize,
        len: usize,
    ) -> Self {
        let column = text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        let end = floor_char_boundary(text, (offset + len).min(text.len()));
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let length = text[offset..end.min(line_end).max(offset)].chars().count();
        Location {
            file,
            line,
            column,
            length: length.max(1),
        }
    }
}

/// Where each line of a text starts, to turn many byte offsets of one file into lines
/// (a binary search each, where counting newlines from the start made a file's locations
/// quadratic in its size).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    /// The line starts of `text`: 0, and the byte after each `'\n'`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts(starts)
    }

    /// The 1-based line holding byte `offset`, and the byte its line starts at.
    pub fn line_of(&self, offset: usize) -> (usize, usize) {
        // `starts` begins with 0, so at least one start is at or before any offset.
        let line = self.0.partition_point(|&start| start <= offset).max(1);
        (line, self.0.get(line - 1).copied().unwrap_or(0))
    }
}

/// The largest char boundary of `text` at or below `i`.
pub(crate) fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem: what is wrong, where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short statement of what is wrong, starting lowercase, no final period.
    pub message: String,
    /// Where it is wrong, when a place is known.
    pub location: Option<Location>,
    /// A few words shown under the marked spot ("unknown actor").
    pub label: Option<String>,
    /// What to write instead, when gloss can tell ("did you mean `rubio`?").
    pub suggestion: Option<String>,
    /// Further places involved (the other definition of a duplicate id, ...), each with a
    /// few words on its part.
    pub related: Vec<(Location, String)>,
    /// Free-form remarks shown after the snippet.
    pub notes: Vec<String>,
    /// An edit sure enough to apply without asking (`gloss check --fix`).
    pub fix: Option<Fix>,
}

/// A machine-applicable edit: set the YAML scalar written at `location` (one line, quotes
/// included), which says `old`, to `value`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    /// The scalar as written in the file.
    pub location: Location,
    /// What it says now (checked before the edit, so a changed file is never garbled).
    pub old: String,
    /// What it should say.
    pub value: String,
    /// Keys to add to the mapping that holds the scalar, each as `(key, YAML value)`, on
    /// lines of their own after the scalar's (`prefix`, `occurrence`, or the `id` a
    /// rewrite would otherwise change).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub add: Vec<(String, FixValue)>,
}

/// A value a fix adds to a mapping.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum FixValue {
    /// A string (written double-quoted).
    Text(String),
    /// A whole number.
    Number(u64),
}

impl std::fmt::Display for FixValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FixValue::Text(t) => write!(f, "“{t}”"),
            FixValue::Number(n) => write!(f, "{n}"),
        }
    }
}

impl Diagnostic {
    /// A new error with a message and no place.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            label: None,
            suggestion: None,
            related: Vec::new(),
            notes: Vec::new(),
            fix: None,
        }
    }

    /// A new warning with a message and no place.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Sets where the problem is.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets the words shown under the marked spot.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the suggestion.
    pub fn suggest(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }

    /// Adds a suggestion only when there is one.
    pub fn suggest_opt(mut self, suggestion: Option<String>) -> Self {
        if suggestion.is_some() {
            self.suggestion = suggestion;
        }
        self
    }

    /// Adds another place involved in the problem.
    pub fn related(mut self, location: Location, what: impl Into<String>) -> Self {
        self.related.push((location, what.into()));
        self
    }

    /// Adds a remark.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the edit `gloss check --fix` may apply.
    pub fn fix(
        mut self,
        location: Location,
        old: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        self.fix = Some(Fix {
            location,
            old: old.into(),
            value: value.into(),
            add: Vec::new(),
        });
        self
    }

    /// Adds a key to the mapping of this diagnostic's fix (see [`Fix::add`]); no-op without
    /// a fix.
    pub fn fix_adding(mut self, key: impl Into<String>, value: FixValue) -> Self {
        if let Some(f) = self.fix.as_mut() {
            f.add.push((key.into(), value));
        }
        self
    }

    /// Whether this one stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// All the problems found in a run, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// No problems yet.
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    /// Records one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Records several.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// Whether any recorded problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// How many errors were recorded.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings were recorded.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The recorded problems.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Sorts by file, line and column (errors before warnings at one place), so output is
    /// deterministic whatever order the stages ran in.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let key = |d: &Diagnostic| (d.location.clone(), d.severity, d.message.clone());
            key(a).cmp(&key(b))
        });
        self.0.dedup();
    }

    /// Renders every diagnostic rustc style, without colour: the message, ` --> file:line:col`,
    /// the source lines with the spot underlined when `sources` has the file's text, every
    /// related place, and `= note:` / `= help:` lines.
    pub fn render(&self, sources: &SourceTexts) -> String {
        self.render_color(sources, false)
    }

    /// Like [`Diagnostics::render`], with terminal colours when `color` is true (the caller
    /// decides, from whether stderr is a terminal).
    pub fn render_color(&self, sources: &SourceTexts, color: bool) -> String {
        render::render(self, sources, color)
    }

    /// Renders every error and the first `max_warnings` warnings, then one line counting the
    /// warnings left out: what `build` and `serve` print, so that a large site's thousands of
    /// warnings cost a few lines, not a megabyte of text per run (`check` shows them all).
    pub fn render_summary(
        &self,
        sources: &SourceTexts,
        color: bool,
        max_warnings: usize,
    ) -> String {
        let mut shown = Diagnostics::new();
        let mut warnings = 0;
        let mut hidden: BTreeMap<String, usize> = BTreeMap::new();
        for d in &self.0 {
            if d.is_error() {
                shown.push(d.clone());
            } else {
                warnings += 1;
                if warnings <= max_warnings {
                    shown.push(d.clone());
                } else {
                    *hidden.entry(kind_of(d)).or_default() += 1;
                }
            }
        }
        let mut out = render::render(&shown, sources, color);
        let left_out = warnings.saturating_sub(max_warnings);
        if left_out > 0 {
            out.push_str(&format!(
                "warning: and {} like these: run `gloss check` to see them all\n",
                count(left_out, "more warning", "more warnings")
            ));
            let mut kinds: Vec<(String, usize)> = hidden.into_iter().collect();
            kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            for (kind, n) in kinds {
                out.push_str(&format!("  = {} × {kind}\n", thousands(n)));
            }
        }
        out
    }

    /// One JSON object per line, for editors and CI.
    pub fn to_json_lines(&self) -> String {
        let mut out = String::new();
        for d in &self.0 {
            // Serializing plain owned data with derived impls cannot fail.
            if let Ok(line) = serde_json::to_string(d) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        out
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// `n` and the noun, in the singular for one: `1 briefing`, `2 briefings`, with thousands
/// grouped (`29,980 warnings`).
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!(
        "{} {}",
        thousands(n),
        if n == 1 { singular } else { plural }
    )
}

/// `n` with its thousands grouped by commas: `29,980`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

/// What kind of warning `d` is, for counting those left out: its label when it has one,
/// otherwise its message with the parts that name one thing (backticked words, paths)
/// replaced by `…`.
fn kind_of(d: &Diagnostic) -> String {
    let masked: Vec<String> = d
        .message
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                "…".to_string()
            } else {
                part.to_string()
            }
        })
        .collect();
    let masked = masked.join("`");
    let message: Vec<&str> = masked
        .split(' ')
        .map(|w| if w.contains('/') { "…" } else { w })
        .collect();
    let message = message.join(" ");
    match &d.label {
        Some(label) => format!("{message} ({label})"),
        None => message,
    }
}

/// How many warnings `build` and `serve` show in full before counting the rest.
pub const WARNINGS_SHOWN: usize = 20;

/// The text of the source files, by the path diagnostics use, so a rendered diagnostic can
/// show the line it points at. Shared: a copy costs nothing, and the copy `serve`'s load
/// keeps for the next is changed in place once the build that used it is gone.
#[derive(Debug, Clone, Default)]
pub struct SourceTexts(pub Arc<BTreeMap<PathBuf, Arc<str>>>);

impl SourceTexts {
    /// Records a file's text.
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<Arc<str>>) {
        Arc::make_mut(&mut self.0).insert(path.into(), text.into());
    }

    /// Records the texts of `other`.
    pub fn extend(&mut self, other: &SourceTexts) {
        if other.0.is_empty() {
            return;
        }
        Arc::make_mut(&mut self.0).extend(other.0.iter().map(|(p, t)| (p.clone(), t.clone())));
    }

    /// Forgets the text of `path`.
    pub fn remove(&mut self, path: &Path) {
        if self.0.contains_key(path) {
            Arc::make_mut(&mut self.0).remove(path);
        }
    }

    /// A 1-based line of a file, without its line break.
    pub fn line(&self, path: &Path, line: usize) -> Option<&str> {
        let text = self.0.get(path)?;
        text.lines().nth(line.checked_sub(1)?)
    }
}

/// The known name closest to `unknown` by edit distance, when it is close enough to be a
/// likely typo: the basis of every "did you mean" in gloss.
pub fn did_you_mean<'a>(
    unknown: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for k in known {
        let score = strsim::jaro_winkler(unknown, k);
        let close = score >= 0.8 || strsim::levenshtein(unknown, k) <= 2;
        if close && best.is_none_or(|(s, b)| score > s || (score == s && k < b)) {
            best = Some((score, k));
        }
    }
    best.map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_by_line_starts_equal_those_by_counting() {
        let text = "a: 1\nbé: “two”\n\n  c: three\nlast";
        let lines = LineStarts::new(text);
        for offset in 0..=text.len() + 2 {
            for len in [0, 1, 3, 40] {
                assert_eq!(
                    Location::from_offset_in("f.yaml", text, &lines, offset, len),
                    Location::from_offset("f.yaml", text, offset, len),
                    "offset {offset}, len {len}"
                );
            }
        }
    }

    #[test]
    fn count_is_singular_for_one_and_groups_thousands() {
        assert_eq!(count(1, "briefing", "briefings"), "1 briefing");
        assert_eq!(count(0, "briefing", "briefings"), "0 briefings");
        assert_eq!(count(29_980, "warning", "warnings"), "29,980 warnings");
        assert_eq!(count(1_234_567, "file", "files"), "1,234,567 files");
        assert_eq!(count(100, "file", "files"), "100 files");
    }

    #[test]
    fn location_from_offset_counts_lines_and_chars() {
        let text = "one\ntwo “x” three\n";
        let off = text.find("three").unwrap();
        let loc = Location::from_offset("a.md", text, off, 5);
        assert_eq!((loc.line, loc.column, loc.length), (2, 9, 5));
    }

    #[test]
    fn render_shows_line_and_caret() {
        let mut src = SourceTexts::default();
        src.insert("a.yaml", "quotes:\n  - speeker: rubio\n");
        let d = Diagnostic::error("unknown field `speeker`")
            .at(Location {
                file: "a.yaml".into(),
                line: 2,
                column: 5,
                length: 7,
            })
            .label("unknown field")
            .suggest("did you mean `speaker`?");
        let out = Diagnostics::from(d).render(&src);
        let want = "\
error: unknown field `speeker`
 --> a.yaml:2:5
  |
2 |   - speeker: rubio
  |     ^^^^^^^ unknown field
  |
  = help: did you mean `speaker`?
";
        assert_eq!(out.trim_end(), want.trim_end(), "{out}");
        assert!(!out.contains('\x1b'), "no colour asked for: {out}");
    }

    #[test]
    fn render_shows_related_places_in_other_files_and_notes() {
        let mut src = SourceTexts::default();
        src.insert("a.yaml", "x: 1\nquotes:\n  - text: \"hello wrld\"\n");
        src.insert("a.md", "# Title\n\nShe said hello world today.\n");
        let d = Diagnostic::error("“hello wrld” is not in a.md")
            .at(Location::at("a.yaml", 3, 11))
            .label("these words were not found")
            .related(
                Location {
                    file: "a.md".into(),
                    line: 3,
                    column: 10,
                    length: 11,
                },
                "nearest passage, 90% similar",
            )
            .related(Location::at("gone.yaml", 4, 2), "and here")
            .note("a remark")
            .suggest("write “hello world”");
        let out = Diagnostics::from(d).render(&src);
        assert!(
            out.starts_with("error: “hello wrld” is not in a.md\n --> a.yaml:3:11"),
            "{out}"
        );
        assert!(out.contains("3 |   - text: \"hello wrld\""), "{out}");
        assert!(out.contains("::: a.md:3:10"), "{out}");
        assert!(out.contains("3 | She said hello world today."), "{out}");
        assert!(
            out.contains("  |          ----------- nearest passage, 90% similar"),
            "{out}"
        );
        assert!(out.contains("::: gone.yaml:4:2"), "{out}");
        assert!(out.contains("= note: gone.yaml:4:2: and here"), "{out}");
        assert!(out.contains("= note: a remark"), "{out}");
        assert!(out.contains("= help: write “hello world”"), "{out}");
    }

    #[test]
    fn render_without_text_or_line_names_the_file() {
        let d = Diagnostic::warning("no `site.toml`")
            .at(Location::file("site.toml"))
            .label("missing");
        let out = Diagnostics::from(d).render(&SourceTexts::default());
        assert!(out.starts_with("warning: no `site.toml`\n"), "{out}");
        assert!(out.contains("--> site.toml"), "{out}");
        assert!(out.contains("= note: missing"), "{out}");
    }

    #[test]
    fn render_names_places_the_snippet_cannot_mark() {
        let mut src = SourceTexts::default();
        src.insert("a.md", "one\ntwo\n");
        let d = Diagnostic::error("two pages have one address")
            .at(Location::file("a.md"))
            .label("this briefing")
            .related(Location::at("a.md", 2, 1), "and this line");
        let out = Diagnostics::from(d).render(&src);
        assert!(out.contains("2 | two"), "{out}");
        assert!(out.contains("= note: a.md: this briefing"), "{out}");
    }

    #[test]
    fn render_color_adds_escapes_only_when_asked() {
        let d = Diagnostics::from(Diagnostic::error("boom").at(Location::file("f")));
        let src = SourceTexts::default();
        assert!(d.render_color(&src, true).contains('\x1b'));
        assert!(!d.render_color(&src, false).contains('\x1b'));
    }

    #[test]
    fn summary_shows_every_error_and_counts_the_warnings_left_out() {
        let mut d = Diagnostics::new();
        for i in 0..4 {
            d.push(Diagnostic::warning(format!("w{i}")).at(Location::file("f")));
        }
        d.push(Diagnostic::warning("actor `x` is unused in content/a.md").at(Location::file("f")));
        d.push(Diagnostic::error("boom").at(Location::file("f")));
        let text = d.render_summary(&SourceTexts::default(), false, 2);
        assert!(text.contains("boom"), "{text}");
        assert!(
            text.contains("warning: w1") && !text.contains("warning: w2"),
            "{text}"
        );
        assert!(
            text.ends_with(
                "warning: and 3 more warnings like these: run `gloss check` to see them all\n  = 1 × actor `…` is unused in …\n  = 1 × w2\n  = 1 × w3\n"
            ),
            "{text}"
        );
        let all = d.render_summary(&SourceTexts::default(), false, 10);
        assert!(!all.contains("more warning"), "{all}");
    }

    #[test]
    fn render_survives_odd_locations() {
        let mut src = SourceTexts::default();
        src.insert("a.yaml", "ab\tc\n“é”\n");
        for (line, column, length) in [(1, 1, 0), (1, 99, 5), (2, 2, 99), (3, 1, 1), (9, 9, 9)] {
            let loc = Location {
                file: "a.yaml".into(),
                line,
                column,
                length,
            };
            let out = Diagnostics::from(Diagnostic::error("x").at(loc).label("here")).render(&src);
            assert!(out.contains("a.yaml"), "{out}");
        }
    }

    #[test]
    fn did_you_mean_finds_close_names_only() {
        let known = ["speaker", "text", "said", "about"];
        assert_eq!(did_you_mean("speeker", known), Some("speaker"));
        assert_eq!(did_you_mean("zzzzzz", known), None);
    }
}
