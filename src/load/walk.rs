//! Finding the files of a site: every file under a folder (hidden ones skipped, symlinks
//! followed, loops reported and skipped, sorted), and what each file under `content/` is.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, Location, did_you_mean};

/// Every file under `root/dir`, as paths relative to `root`, in sorted order. Hidden files
/// and folders (name starting with `.`) are skipped, and so is a symbolic link that leads
/// out of the site (a site publishes only what is inside it). Problems (a symlink loop, an
/// unreadable folder, a link out) come back as diagnostics; the walk goes on past them.
pub(crate) fn files_under(root: &Path, dir: &str) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut outside: Vec<PathBuf> = Vec::new();
    let walker = walkdir::WalkDir::new(root.join(dir))
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            let inside = !e.path_is_symlink()
                || std::fs::canonicalize(e.path()).is_ok_and(|target| target.starts_with(&site));
            if !inside {
                outside.push(
                    e.path()
                        .strip_prefix(root)
                        .unwrap_or(e.path())
                        .to_path_buf(),
                );
            }
            inside
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(e.path())
                    .to_path_buf();
                files.push(rel);
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf());
                let loc = Location::file(path.unwrap_or_else(|| PathBuf::from(dir)));
                if err.loop_ancestor().is_some() {
                    diags.push(Diagnostic::warning("symbolic link loop, skipped").at(loc));
                } else {
                    diags.push(Diagnostic::error(format!("cannot read: {err}")).at(loc));
                }
            }
        }
    }
    for path in outside {
        diags.push(
            Diagnostic::warning("symbolic link that leads out of the site (or nowhere), skipped")
                .at(Location::file(path))
                .note("a site publishes only files inside its own folder; copy the file in"),
        );
    }
    files.sort();
    (files, diags)
}

/// The path with `/` separators, as templates and output paths name files.
pub(crate) fn slash_path(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// What the files under `content/` are.
#[derive(Debug, Default, PartialEq, Clone)]
pub(crate) struct ContentFiles {
    /// `content/index.md`.
    pub(crate) home: Option<PathBuf>,
    /// Every other `.md`, each with its sidecar when there is one.
    pub(crate) briefings: Vec<(PathBuf, Option<PathBuf>)>,
    /// `content/actors/*.yaml|yml`.
    pub(crate) actors: Vec<PathBuf>,
}

impl ContentFiles {
    /// Whether `rel` (relative to the root) is one of these files.
    pub(crate) fn has(&self, rel: &Path) -> bool {
        self.home.as_deref() == Some(rel)
            || self.actors.iter().any(|a| a == rel)
            || self
                .briefings
                .iter()
                .any(|(md, sidecar)| md == rel || sidecar.as_deref() == Some(rel))
    }
}

fn ext(p: &Path) -> &str {
    p.extension().and_then(|e| e.to_str()).unwrap_or("")
}

/// Sorts the files of `content/` (paths relative to the root, as [`files_under`] gives
/// them) into home, briefings with sidecars, and actors; other files are ignored.
pub(crate) fn classify(files: &[PathBuf]) -> (ContentFiles, Vec<Diagnostic>) {
    let mut out = ContentFiles::default();
    let mut diags = Vec::new();
    let content = Path::new("content");
    // Folder -> stem -> path, for briefings and sidecar candidates.
    let mut md: BTreeMap<PathBuf, BTreeMap<String, PathBuf>> = BTreeMap::new();
    let mut yaml: Vec<PathBuf> = Vec::new();
    for f in files {
        let in_content = f.strip_prefix(content).unwrap_or(f);
        let parent = f.parent().unwrap_or(Path::new("")).to_path_buf();
        match ext(f) {
            "md" if in_content == Path::new("index.md") => out.home = Some(f.clone()),
            "md" => {
                let stem = f
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                md.entry(parent).or_default().insert(stem, f.clone());
            }
            "yaml" | "yml" if in_content.parent() == Some(Path::new("actors")) => {
                out.actors.push(f.clone())
            }
            "yaml" | "yml" => yaml.push(f.clone()),
            _ => {}
        }
    }
    let mut sidecars: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for y in yaml {
        let parent = y.parent().unwrap_or(Path::new("")).to_path_buf();
        let stem = y
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stems = md.get(&parent);
        match stems.and_then(|s| s.get(&stem)) {
            Some(briefing) => {
                if let Some(first) = sidecars.get(briefing) {
                    diags.push(
                        Diagnostic::error(format!("two sidecars for `{}`", briefing.display()))
                            .at(Location::file(&y))
                            .related(Location::file(first), "the other sidecar")
                            .note("keep one of `.yaml` and `.yml`"),
                    );
                } else {
                    sidecars.insert(briefing.clone(), y);
                }
            }
            None => {
                let known = stems
                    .map(|s| s.keys().map(String::as_str).collect::<Vec<_>>())
                    .unwrap_or_default();
                let d = Diagnostic::error("sidecar with no briefing")
                    .at(Location::file(&y))
                    .label(format!("no `{stem}.md` beside it"))
                    .suggest_opt(did_you_mean(&stem, known).map(|s| {
                        format!("did you mean `{s}.{}`, the sidecar of `{s}.md`?", ext(&y))
                    }));
                diags.push(d);
            }
        }
    }
    for stems in md.into_values() {
        for path in stems.into_values() {
            let sidecar = sidecars.remove(&path);
            out.briefings.push((path, sidecar));
        }
    }
    out.briefings.sort();
    (out, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(v: &[&str]) -> Vec<PathBuf> {
        v.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn load_walk_classify() {
        let files = paths(&[
            "content/index.md",
            "content/actors/rubio.yaml",
            "content/b/x.md",
            "content/b/x.yaml",
            "content/b/y.md",
            "content/b/y.yaml",
            "content/b/y.yml",
            "content/b/xx.yml",
            "content/b/img.png",
        ]);
        let (c, d) = classify(&files);
        assert_eq!(c.home, Some(PathBuf::from("content/index.md")));
        assert_eq!(c.actors, paths(&["content/actors/rubio.yaml"]));
        assert_eq!(
            c.briefings,
            vec![
                (
                    PathBuf::from("content/b/x.md"),
                    Some(PathBuf::from("content/b/x.yaml"))
                ),
                (
                    PathBuf::from("content/b/y.md"),
                    Some(PathBuf::from("content/b/y.yaml"))
                ),
            ]
        );
        assert_eq!(d.len(), 2);
        assert!(d.iter().any(|d| d.message.starts_with("two sidecars")));
        let orphan = d
            .iter()
            .find(|d| d.message == "sidecar with no briefing")
            .unwrap();
        assert_eq!(
            orphan.location.as_ref().unwrap().file,
            Path::new("content/b/xx.yml")
        );
        assert!(orphan.suggestion.as_deref().unwrap().contains("`x.yml`"));
    }
}
