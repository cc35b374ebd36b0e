//! `gloss new content/FOLDER/NAME.md`: a briefing dated today and its sidecar skeleton.
//!
//! Writing a briefing starts with two files that must agree (same folder, same stem) and a
//! front matter whose required fields are easy to forget; this writes both, ready to build,
//! with commented examples of every sidecar list. It never replaces a file: a briefing or a
//! sidecar already there is an error, and nothing is written.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::model::address::RESERVED;

/// Why `gloss new` wrote nothing.
#[derive(Debug)]
pub enum NewError {
    /// The path is not `content/…/NAME.md` (a command-line mistake).
    BadPath(String),
    /// The folder is not a site (no `site.toml`).
    NotASite(PathBuf),
    /// The briefing or its sidecar exists already.
    Exists(PathBuf),
    /// Reading or writing failed.
    Io(io::Error),
}

impl fmt::Display for NewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NewError::BadPath(m) => f.write_str(m),
            NewError::NotASite(root) => write!(
                f,
                "{} has no site.toml; run gloss new in a site's folder or pass --root",
                root.display()
            ),
            NewError::Exists(p) => write!(
                f,
                "{} already exists; gloss new never replaces a file (pick another name)",
                p.display()
            ),
            NewError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for NewError {}

impl From<io::Error> for NewError {
    fn from(e: io::Error) -> Self {
        NewError::Io(e)
    }
}

/// The two files `gloss new` wrote, relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBriefing {
    /// The article, `content/…/NAME.md`.
    pub article: PathBuf,
    /// Its sidecar, `content/…/NAME.yaml`.
    pub sidecar: PathBuf,
}

/// Writes the briefing `path` (relative to `root`, or absolute inside it) dated `today`,
/// with a title made from its name, and its sidecar skeleton beside it. Refuses a path
/// outside `content/`, one not ending in `.md`, the home page (`content/index.md`), one under
/// an address gloss writes its own pages at (`content/actors/`, …), and a briefing or sidecar
/// that already exists (with `.yaml` or `.yml`).
pub fn new_briefing(
    root: &Path,
    path: &Path,
    today: jiff::civil::Date,
) -> Result<NewBriefing, NewError> {
    let rel = relative_to_root(root, path)?;
    check_path(&rel)?;
    if !root.join("site.toml").is_file() {
        return Err(NewError::NotASite(root.to_path_buf()));
    }
    let article = rel.clone();
    let sidecar = rel.with_extension("yaml");
    for p in [&article, &sidecar, &rel.with_extension("yml")] {
        if root.join(p).exists() {
            return Err(NewError::Exists(p.clone()));
        }
    }
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = title_of(&stem);
    let article_text = article_text(&title, today);
    let sidecar_text = sidecar_text(&article);
    let folder = root.join(&article);
    if let Some(parent) = folder.parent() {
        fs::create_dir_all(parent)?;
    }
    // create_new: a file that appeared since the check above is still never replaced.
    write_new(&root.join(&article), &article_text)?;
    if let Err(e) = write_new(&root.join(&sidecar), &sidecar_text) {
        // Leave nothing half made: the article was written by this call a moment ago.
        let _ = fs::remove_file(root.join(&article));
        return Err(match e.kind() {
            io::ErrorKind::AlreadyExists => NewError::Exists(sidecar),
            _ => NewError::Io(e),
        });
    }
    Ok(NewBriefing { article, sidecar })
}

fn write_new(path: &Path, text: &str) -> io::Result<()> {
    use std::io::Write;
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())
}

/// `path` relative to `root`: as given when relative, with `root` taken off when absolute.
fn relative_to_root(root: &Path, path: &Path) -> Result<PathBuf, NewError> {
    if path.is_relative() {
        return Ok(path.to_path_buf());
    }
    let canon_root = root.canonicalize()?;
    // The file does not exist yet: canonicalize its folder's nearest existing ancestor.
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut full = existing.canonicalize()?;
    full.extend(rest.iter().rev());
    full.strip_prefix(&canon_root)
        .map(Path::to_path_buf)
        .map_err(|_| {
            NewError::BadPath(format!(
                "{} is outside the site {}; a briefing goes in content/FOLDER/NAME.md",
                path.display(),
                root.display()
            ))
        })
}

/// Checks that `rel` is `content/…/NAME.md`, plain segments only, and not a page gloss
/// makes itself.
fn check_path(rel: &Path) -> Result<(), NewError> {
    let bad = |why: &str| {
        NewError::BadPath(format!(
            "{}: {why}; a briefing goes in content/FOLDER/NAME.md",
            rel.display()
        ))
    };
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => match s.to_str() {
                Some(s) => parts.push(s),
                None => return Err(bad("the path is not UTF-8")),
            },
            Component::CurDir => {}
            _ => return Err(bad("the path must not go up (`..`) or be absolute")),
        }
    }
    if parts.first() != Some(&"content") || parts.len() < 2 {
        return Err(bad("the path is outside content/"));
    }
    let name = parts[parts.len() - 1];
    let Some(stem) = name.strip_suffix(".md") else {
        return Err(bad("a briefing's file name ends in .md"));
    };
    if stem.is_empty() || stem.starts_with('.') {
        return Err(bad("the file needs a name before .md"));
    }
    if parts.len() == 2 && stem == "index" {
        return Err(bad("content/index.md is the home page's introduction"));
    }
    if let Some(folder) = parts.get(1).filter(|_| parts.len() > 2)
        && RESERVED.contains(folder)
    {
        return Err(bad(&format!(
            "content/{folder}/ is where gloss writes its own pages"
        )));
    }
    Ok(())
}

/// A title from a file name: `us-mexico-talks` gives `Us mexico talks`.
fn title_of(stem: &str) -> String {
    let words: Vec<&str> = stem
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => stem.to_string(),
    }
}

/// A YAML double-quoted string of `s`.
fn yaml_string(s: &str) -> String {
    // serde_json's string form is valid YAML (JSON is a subset of YAML 1.2): every quote,
    // backslash and control character is escaped. Serialising a &str cannot fail.
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn article_text(title: &str, today: jiff::civil::Date) -> String {
    format!(
        "---\ntitle: {}\ndate: {today}\nsummary: One or two sentences for lists, feeds and search.\ntags: []\n---\nWrite the briefing here. Annotate its words in the sidecar beside this file.\n",
        yaml_string(title),
    )
}

fn sidecar_text(article: &Path) -> String {
    let article = article.to_string_lossy().replace('\\', "/");
    format!(
        r#"# Annotations of {article}.
# Every `text` quotes words of the article as a reader sees them (Markdown removed);
# they must occur once, or take `prefix`, `suffix` or `occurrence: N` to pick one.
# Uncomment a list and its items to use it; FORMAT.md lists every field.

# quotes:
#   - speaker: actor-id            # an actor of content/actors/ID.yaml
#     text: "the words as the article gives them"
#     said: 2025-09-03             # optional
#     about: [other-actor-id]      # optional

# events:
#   - id: what-happened            # site-wide: other briefings may cite it too
#     date: 2025-09-03             # YYYY, YYYY-MM, YYYY-MM-DD, ranges START/END
#     title: What happened, in a line
#     actors: [actor-id]           # optional
#     text: "the words that refer to it"   # optional anchor

# claims:
#   - text: "a statement of fact in the article"
#     status: unverified           # unverified | supported | disputed | false | misleading
#     sources: [ {{ url: "https://example.org/report", title: "Report" }} ]

# notes:
#   - text: "some words"
#     note: "Markdown shown beside the words."
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_names() {
        assert_eq!(title_of("us-mexico-talks"), "Us mexico talks");
        assert_eq!(title_of("élan_vital"), "Élan vital");
        assert_eq!(title_of("x"), "X");
    }

    #[test]
    fn paths_must_be_briefings_in_content() {
        let ok = |p: &str| check_path(Path::new(p)).is_ok();
        assert!(ok("content/briefings/a.md"));
        assert!(ok("./content/a.md"));
        assert!(ok("content/a/b/c.md"));
        assert!(!ok("content/briefings/a.yaml"));
        assert!(!ok("briefings/a.md"));
        assert!(!ok("content/../a.md"));
        assert!(!ok("content/index.md"));
        assert!(!ok("content/actors/a.md"));
        assert!(!ok("content/briefings/.md"));
        assert!(!ok("content"));
    }

    #[test]
    fn the_title_is_quoted_for_yaml() {
        let t = article_text("A: \"b\"", jiff::civil::date(2025, 9, 3));
        assert!(
            t.contains("title: \"A: \\\"b\\\"\"\ndate: 2025-09-03\n"),
            "{t}"
        );
    }
}
