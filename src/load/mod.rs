//! Reading a site from disk: `site.toml`, the briefings and their front matter, their
//! sidecars, the actor registry, templates and static files.
//!
//! Load is one of the two stages that touch the disk. It checks only what deserialization
//! can (syntax, types, required and unknown fields) and hands resolve a [`SiteSource`].
//!
//! It never stops at the first problem: every file is read and every problem collected, so
//! `check` can report them all at once. Files under `content/` that are neither Markdown nor
//! YAML are ignored (not copied); put assets in `static/`.
//!
//! Texts are stored in [`SiteSource::texts`] without a leading byte-order mark, and every
//! offset (`body_offset`, locations) counts in that stored text.

// `Diagnostic` is the crate-wide error value (a few words, a place, notes); load returns it
// by value on its cold error paths, where the size does not matter.
#![allow(clippy::result_large_err)]

mod actors;
mod cache;
mod config_file;
#[cfg(test)]
mod fields;
mod front_matter;
mod read;
mod shared_text;
mod sidecar;
mod source;
mod walk;
mod yaml;
pub(crate) mod yaml_recover;

pub use cache::{Changes, LoadCache};
pub use config_file::SITE_TOML;
pub use shared_text::SharedText;
pub use source::*;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, SourceTexts, did_you_mean};
use crate::disk_cache::{self, DiskCache};

/// What `.gloss-cache/` keeps of a briefing read without a problem: its front matter, where
/// its body starts, and its sidecar.
type StoredSource = (FrontMatter, usize, Option<Sidecar>);

/// What load gathers as it goes: the texts read and the problems found.
struct Loader {
    root: PathBuf,
    texts: SourceTexts,
    diags: Diagnostics,
    /// What earlier runs parsed (`.gloss-cache/`), when the caller keeps such a cache.
    disk: Option<Arc<DiskCache>>,
}

impl Loader {
    /// Reads `rel` (relative to the root) as text and records it; `None` after recording
    /// the problem when it cannot be read.
    fn read(&mut self, rel: &Path) -> Option<Arc<str>> {
        match read::read_text(&self.root.join(rel), rel) {
            Ok(t) => {
                let t: Arc<str> = Arc::from(t);
                self.texts.insert(rel, t.clone());
                Some(t)
            }
            Err((d, lossy)) => {
                if let Some(t) = lossy {
                    self.texts.insert(rel, t);
                }
                self.diags.push(d);
                None
            }
        }
    }

    /// Reads one source with a loader of its own (same root, nothing recorded yet), so
    /// files can be read on several threads; `files` are the files it reads, stamped, and
    /// a read of the same files with the same stamps is taken from `cache` instead.
    fn fork<T>(
        &self,
        files: Vec<(PathBuf, Option<cache::Stamp>)>,
        cached: Option<&cache::Remembered<T>>,
        read: impl FnOnce(&mut Loader) -> Option<T>,
    ) -> (cache::Remembered<T>, bool) {
        if let Some(c) = cached
            && let Some(hit) = c.fresh(&files)
        {
            let remembered = cache::Remembered {
                stamps: files,
                read: hit.clone(),
                read_at: c.read_at,
            };
            return (remembered, false);
        }
        let read_at = std::time::SystemTime::now();
        let mut f = Loader {
            root: self.root.clone(),
            texts: SourceTexts::default(),
            diags: Diagnostics::new(),
            disk: self.disk.clone(),
        };
        let value = read(&mut f).map(Arc::new);
        let remembered = cache::Remembered {
            stamps: files,
            read_at,
            read: Arc::new(cache::Read {
                value,
                texts: f.texts,
                diags: f.diags,
            }),
        };
        (remembered, true)
    }

    /// The files a read reads, with their stamps.
    fn stamped(&self, files: &[&PathBuf]) -> Vec<(PathBuf, Option<cache::Stamp>)> {
        files
            .iter()
            .map(|p| ((*p).clone(), cache::Stamp::of(&self.root.join(p))))
            .collect()
    }

    fn files_under(&mut self, dir: &str) -> Vec<PathBuf> {
        let (files, diags) = walk::files_under(&self.root, dir);
        self.diags.extend(diags);
        files
    }

    fn config(&mut self) -> Option<SiteConfig> {
        let rel = Path::new(config_file::SITE_TOML);
        if !self.root.join(rel).is_file() {
            self.diags.push(
                Diagnostic::error(format!("no `site.toml` in `{}`", self.root.display()))
                    .at(Location::file(rel))
                    .note("run gloss in the site's folder, pass `--root`, or create one with `gloss init`"),
            );
            return None;
        }
        let text = self.read(rel)?;
        match config_file::parse_config(&text) {
            Ok(c) => Some(c),
            Err(problems) => {
                self.diags.extend(problems);
                None
            }
        }
    }

    fn briefing(&mut self, path: PathBuf, sidecar_path: Option<PathBuf>) -> Option<BriefingSource> {
        let problems = self.diags.0.len();
        let text = self.read(&path);
        let sidecar_text = sidecar_path.map(|s| {
            let t = self.read(&s);
            (s, t)
        });
        let content_path = path.strip_prefix("content").unwrap_or(&path).to_path_buf();
        let key = self.disk.as_ref().and_then(|_| {
            let text = text.as_deref()?;
            let mut key = disk_cache::KeyHasher::new("briefing source")
                .part(path.as_os_str().as_encoded_bytes())
                .part(text.as_bytes());
            if let Some((s, t)) = &sidecar_text {
                key = key
                    .part(s.as_os_str().as_encoded_bytes())
                    .part(t.as_deref()?.as_bytes());
            }
            Some(key.finish())
        });
        // (There is a key, and so perhaps an entry, only when the text was read.)
        let stored = key
            .zip(self.disk.as_deref())
            .and_then(|(key, disk)| disk.value::<StoredSource>(key));
        let (front, body, body_offset, sidecar, key) = match stored {
            Some((front, body_offset, sidecar)) => {
                let body = SharedText::new(text?, body_offset);
                (front, body, body_offset, sidecar, key)
            }
            None => {
                let sidecar = sidecar_text.and_then(|(s, t)| {
                    sidecar::parse_sidecar(&s, &t?)
                        .map_err(|e| self.diags.extend(e))
                        .ok()
                });
                let text = text?;
                let parsed = front_matter::parse_briefing(&path, &text)
                    .map_err(|e| self.diags.extend(e))
                    .ok()?;
                let key = key.filter(|_| self.diags.0.len() == problems);
                if let (Some(key), Some(disk)) = (key, &self.disk) {
                    let kept = (&parsed.front, parsed.body_offset, &sidecar);
                    disk.keep(disk_cache::Shard::of(&path), key, &kept);
                }
                (parsed.front, parsed.body, parsed.body_offset, sidecar, key)
            }
        };
        Some(BriefingSource {
            path,
            content_path,
            front,
            body,
            body_offset,
            sidecar,
            key,
        })
    }

    fn home(&mut self, path: PathBuf) -> Option<HomeSource> {
        let text = self.read(&path)?;
        match front_matter::parse_home(&path, &text) {
            Ok(p) => Some(HomeSource {
                path,
                title: p.front,
                body: p.body.to_string(),
                body_offset: p.body_offset,
            }),
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }

    fn actor(&mut self, path: PathBuf) -> Option<ActorSource> {
        let text = self.read(&path)?;
        actors::parse_registry(&path, &text)
            .map_err(|e| self.diags.extend(e))
            .ok()
    }

    fn static_files(&mut self, dir: &str) -> Vec<StaticFile> {
        self.files_under(dir)
            .into_iter()
            .map(|rel| StaticFile {
                output: walk::slash_path(rel.strip_prefix(dir).unwrap_or(&rel)),
                disk: self.root.join(&rel),
            })
            .collect()
    }

    fn templates(&mut self, dir: &str) -> Vec<TemplateFile> {
        let mut out = Vec::new();
        for rel in self.files_under(dir) {
            if let Some(text) = self.read(&rel) {
                let name = walk::slash_path(rel.strip_prefix(dir).unwrap_or(&rel));
                out.push(TemplateFile {
                    name,
                    path: rel,
                    text: text.to_string(),
                });
            }
        }
        out
    }

    fn theme(&mut self, name: &str) -> Option<ThemeSource> {
        let folder = self.root.join("themes").join(name);
        if !folder.is_dir() {
            if name != "default" {
                self.unknown_theme(name);
            }
            return None;
        }
        let base = format!("themes/{name}");
        Some(ThemeSource {
            name: name.to_string(),
            templates: self.templates(&format!("{base}/templates")),
            static_files: self.static_files(&format!("{base}/static")),
        })
    }

    fn unknown_theme(&mut self, name: &str) {
        let mut known: Vec<String> = std::fs::read_dir(self.root.join("themes"))
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| !n.starts_with('.'))
                    .collect()
            })
            .unwrap_or_default();
        known.push("default".to_string());
        known.sort();
        let toml = Path::new(config_file::SITE_TOML);
        let loc = self
            .texts
            .0
            .get(toml)
            .and_then(|t| {
                let line_start = t.lines().scan(0, |pos, l| {
                    let s = *pos;
                    *pos += l.len() + 1;
                    Some((s, l))
                });
                line_start
                    .filter(|(_, l)| l.trim_start().starts_with("theme"))
                    .find_map(|(s, l)| {
                        l.find(name)
                            .map(|i| Location::from_offset(toml, t, s + i, name.len()))
                    })
            })
            .unwrap_or_else(|| Location::file(toml));
        self.diags.push(
            Diagnostic::error(format!(
                "no theme `{name}`: there is no folder `themes/{name}/`"
            ))
            .at(loc)
            .label("unknown theme")
            .suggest_opt(
                did_you_mean(name, known.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`?")),
            )
            .note(format!("themes here: {}", known.join(", "))),
        );
    }
}

/// Reads one briefing (`md_path`, relative to the site root, with its text) and its
/// sidecar from texts already in memory, exactly as [`load`] reads them from disk: the way
/// in for the fuzz tests, which must not touch the disk.
pub fn parse_briefing_texts(
    md_path: &Path,
    md: &str,
    sidecar: Option<(&Path, &str)>,
) -> Result<BriefingSource, Diagnostics> {
    let mut errors = Diagnostics::new();
    let sidecar = sidecar.and_then(|(path, text)| {
        sidecar::parse_sidecar(path, text)
            .map_err(|e| errors.extend(e))
            .ok()
    });
    let parsed =
        front_matter::parse_briefing(md_path, &Arc::from(md)).map_err(|e| errors.extend(e));
    match parsed {
        Ok(p) if !errors.has_errors() => Ok(BriefingSource {
            path: md_path.to_path_buf(),
            content_path: md_path
                .strip_prefix("content")
                .unwrap_or(md_path)
                .to_path_buf(),
            front: p.front,
            body: p.body,
            body_offset: p.body_offset,
            sidecar,
            key: None,
        }),
        _ => Err(errors),
    }
}

/// Reads the site rooted at `root` (the folder holding `site.toml`).
///
/// Every file is read and every problem collected; the result is `Err` with all the errors,
/// sorted by place, when there is any. Warnings (a symlink loop skipped) are not returned.
pub fn load(root: &Path) -> Result<SiteSource, crate::Failure> {
    let partial = load_partial(root);
    match partial.source {
        Some(src) if !partial.errors.has_errors() => Ok(src),
        Some(src) => Err(crate::Failure::new(partial.errors, src.texts)),
        None => Err(crate::Failure::new(partial.errors, partial.texts)),
    }
}

/// What [`load_partial`] could read of a site, and what it could not.
#[derive(Debug)]
pub struct PartialSource {
    /// The site without the files that failed (a briefing whose front matter failed is left
    /// out; a sidecar that failed is left as none); `None` when `site.toml` itself failed.
    pub source: Option<SiteSource>,
    /// The errors found, sorted by place.
    pub errors: Diagnostics,
    /// The texts read, when `source` is `None` (otherwise they are `source.texts`).
    pub texts: SourceTexts,
}

/// Reads what it can of the site rooted at `root`, keeping the errors beside it, so `check`
/// can go on to resolve the good files and report their problems too.
pub fn load_partial(root: &Path) -> PartialSource {
    load_partial_cached(root, &mut LoadCache::default())
}

/// [`load_partial`], reading again only the briefings and actor files whose files changed
/// (by size and modification time) since the load that filled `cache`, and leaving this
/// load's reads in it for the next: what `serve` runs on every save.
pub fn load_partial_cached(root: &Path, cache: &mut LoadCache) -> PartialSource {
    load_partial_changed(root, cache, &Changes::Unknown)
}

/// The files changed, when the last walk found each of those under `content/` and none
/// was added or removed; `None` when the site must be walked again.
fn edited_files<'c>(
    root: &Path,
    changes: &'c Changes,
    cache: &LoadCache,
) -> Option<&'c std::collections::HashSet<PathBuf>> {
    match (changes, &cache.walk) {
        (Changes::Files(files), Some(w))
            if files.iter().all(|f| {
                !f.starts_with("content") || (w.content.has(f) && root.join(f).is_file())
            }) =>
        {
            Some(files)
        }
        _ => None,
    }
}

/// One item's read in [`Reads::all`]: the remembered one, or a new one (with whether its
/// files were read again).
type ItemRead<'c, T> = Result<&'c Arc<cache::Read<T>>, (cache::Remembered<T>, bool)>;

/// How one load reads its files of one kind: which of them the watcher left untouched, and
/// whether the loader began with the last load's texts (`kept`).
struct Reads<'a> {
    untouched: &'a (dyn Fn(&[&PathBuf]) -> bool + Sync),
    kept: bool,
}

impl Reads<'_> {
    /// Reads every one of `items` (in parallel, each by a loader of its own) but those whose
    /// files are unchanged, which `cache` gives as they were; then records, in the order of
    /// `items` (so the result does not depend on which thread finished first), the texts
    /// and problems of each, remembers each read again in `cache` by its first file, and
    /// returns their values. With `kept`, the texts of the reads taken from the cache are
    /// recorded already and only those read again are recorded. A save in `serve` reads
    /// one file and copies nothing of the others.
    fn all<K: Sync, T: Send + Sync>(
        &self,
        l: &mut Loader,
        items: &[K],
        cache: &mut HashMap<PathBuf, cache::Remembered<T>>,
        reread: &mut usize,
        files_of: impl Fn(&K) -> Vec<&PathBuf> + Sync,
        read: impl Fn(&mut Loader, &K) -> Option<T> + Sync,
    ) -> Vec<Arc<T>> {
        let loader: &Loader = l;
        let cached: &HashMap<PathBuf, cache::Remembered<T>> = cache;
        // Each item's read: the one remembered, when the watcher left its files untouched,
        // else a new one (or the remembered one again, when its files' stamps are those it
        // was read with).
        let fresh: Vec<ItemRead<'_, T>> = items
            .par_iter()
            .map(|item| {
                let files = files_of(item);
                let old = cached.get(files[0]);
                if let Some(old) = old.filter(|_| (self.untouched)(&files)) {
                    return Ok(&old.read);
                }
                let stamped = loader.stamped(&files);
                Err(loader.fork(stamped, old, |f| read(f, item)))
            })
            .collect();
        let mut values = Vec::with_capacity(items.len());
        let mut again = Vec::new();
        for fresh in fresh {
            let (read, was_read) = match fresh {
                Ok(read) => (read.clone(), false),
                Err((remembered, was_read)) => {
                    *reread += usize::from(was_read);
                    if self.kept && was_read {
                        for (path, _) in &remembered.stamps {
                            l.texts.remove(path);
                        }
                    }
                    let read = remembered.read.clone();
                    again.push(remembered);
                    (read, was_read)
                }
            };
            if !self.kept || was_read {
                l.texts.extend(&read.texts);
            }
            l.diags.extend(read.diags.iter().cloned());
            values.extend(read.value.clone());
        }
        for remembered in again {
            if let Some((key, _)) = remembered.stamps.first() {
                cache.insert(key.clone(), remembered);
            }
        }
        values
    }
}

/// [`load_partial_cached`], told which files changed since the load that filled `cache`
/// (see [`Changes`]): a save in `serve` re-reads the one file it changed without walking
/// or looking at the other twenty thousand.
pub fn load_partial_changed(
    root: &Path,
    cache: &mut LoadCache,
    changes: &Changes,
) -> PartialSource {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let mut l = Loader {
        root,
        texts: SourceTexts::default(),
        diags: Diagnostics::new(),
        disk: cache.disk.clone(),
    };
    let mut phases = crate::phases::Phases::from_env();
    // When the site need not be walked again, the loader begins with the last load's texts
    // and replaces those of the files it reads again.
    let edited = edited_files(&l.root, changes, cache);
    let kept = edited.is_some() && cache.texts.is_some();
    if kept {
        l.texts = cache.texts.take().unwrap_or_default();
    }
    let config = l.config();

    let mut home = None;
    let mut briefings = Vec::new();
    let mut actors = Vec::new();
    if l.root.join("content").is_dir() {
        let walked = match (edited, &cache.walk) {
            (Some(_), Some(w)) => w.clone(),
            _ => {
                let files = l.files_under("content");
                let (content, diags) = walk::classify(&files);
                let w = Arc::new(cache::Walk { content, diags });
                cache.walk = Some(w.clone());
                w
            }
        };
        phases.mark("load: walk");
        let content = &walked.content;
        l.diags.extend(walked.diags.iter().cloned());
        home = content.home.clone().and_then(|p| l.home(p));
        // A file the watcher did not report is as it was: its read is taken as it is.
        let untouched =
            |files: &[&PathBuf]| edited.is_some_and(|e| !files.iter().any(|f| e.contains(*f)));
        if edited.is_none() {
            // The files of the walk are all there is: forget those that went away.
            let present: HashSet<&PathBuf> = content.briefings.iter().map(|(p, _)| p).collect();
            cache.briefings.retain(|p, _| present.contains(p));
            let present: HashSet<&PathBuf> = content.actors.iter().collect();
            cache.actors.retain(|p, _| present.contains(p));
        }
        let read = Reads {
            untouched: &untouched,
            kept,
        };
        cache.reread = 0;
        briefings = read.all(
            &mut l,
            &content.briefings,
            &mut cache.briefings,
            &mut cache.reread,
            |(path, sidecar)| {
                let mut files = vec![path];
                files.extend(sidecar.as_ref());
                files
            },
            |f, (path, sidecar)| f.briefing(path.clone(), sidecar.clone()),
        );
        phases.mark("load: briefings read");
        actors = read.all(
            &mut l,
            &content.actors,
            &mut cache.actors,
            &mut cache.reread,
            |path| vec![path],
            |f, path| f.actor(path.clone()),
        );
        phases.mark("load: actors");
    } else {
        l.diags.push(
            Diagnostic::error("no `content/` folder: a site's briefings live under `content/`")
                .at(Location::file("content")),
        );
    }
    actors.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    let static_files = if l.root.join("static").is_dir() {
        l.static_files("static")
    } else {
        Vec::new()
    };
    let templates = if l.root.join("templates").is_dir() {
        l.templates("templates")
    } else {
        Vec::new()
    };
    let theme = config
        .as_ref()
        .and_then(|c| c.theme.clone())
        .and_then(|name| l.theme(&name));

    cache.texts = Some(l.texts.clone());
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        l.diags.0.into_iter().partition(Diagnostic::is_error);
    let mut errors = Diagnostics(errors);
    errors.sort();
    let Some(config) = config else {
        return PartialSource {
            source: None,
            errors,
            texts: l.texts,
        };
    };
    PartialSource {
        source: Some(SiteSource {
            root: l.root,
            config,
            texts: l.texts,
            home,
            briefings,
            actors,
            static_files,
            templates,
            theme,
            warnings: Diagnostics(warnings),
        }),
        errors,
        texts: SourceTexts::default(),
    }
}

#[cfg(test)]
mod tests;
