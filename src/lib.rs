//! gloss turns annotated briefings into a static site.
//!
//! The data flows one way: [`load`] reads `site.toml`, the briefings, their sidecars and the
//! actor registry into plain data that remembers where every value came from; [`resolve`]
//! anchors each annotation in its briefing's text, links ids and merges events into the site
//! [`model`], collecting every problem rather than stopping at the first; [`render`] turns the
//! model into pages (Markdown with `<mark>` pieces, then templates), touching no disk; and
//! [`write`] swaps the pages into the output folder atomically. [`build`] and [`check`] run
//! that flow for the command line; [`serve`] runs it in memory ([`build_on_demand`]) on every save.

#![warn(missing_docs, unreachable_pub)]
// Diagnostics are the error path: carrying them by value costs nothing that matters.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod diagnostics;
pub mod fix;
pub mod load;
pub mod lock;
pub mod markdown;
pub mod model;
pub mod new;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod write;

mod atomic_file;
pub mod disk_cache;
mod fingerprint;
mod init;
mod output;
pub mod phases;

use std::path::{Path, PathBuf};

use diagnostics::{Diagnostic, Diagnostics, Location, SourceTexts};

pub use init::init;

/// Problems that stopped a run, with the source texts needed to show them.
#[derive(Debug, Default)]
pub struct Failure {
    /// Every problem found (errors and warnings).
    pub diagnostics: Diagnostics,
    /// The files they point into.
    pub texts: SourceTexts,
}

impl Failure {
    pub(crate) fn new(diagnostics: Diagnostics, texts: SourceTexts) -> Self {
        Failure { diagnostics, texts }
    }
}

/// What `gloss build` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (the folder with `site.toml`).
    pub root: PathBuf,
    /// The output folder given on the command line; `output_dir` of `site.toml` otherwise.
    pub output: Option<PathBuf>,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Told of each page written (the command line's progress bar); nothing by default.
    pub on_page: Option<PageCounter>,
    /// Take unchanged briefings from `.gloss-cache/` at the site root and keep what was
    /// parsed and resolved there (`--no-cache` turns it off).
    pub cache: bool,
}

/// A callback told of each page a build writes, from any of the threads that render.
#[derive(Clone)]
pub struct PageCounter(pub std::sync::Arc<dyn Fn() + Send + Sync>);

impl std::fmt::Debug for PageCounter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageCounter")
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildSummary {
    /// Where the site was written.
    pub output: PathBuf,
    /// Files written.
    pub files: usize,
    /// Briefings rendered.
    pub briefings: usize,
    /// Drafts left out (none when drafts were asked for).
    pub drafts_left_out: usize,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
    /// The source texts the warnings point into.
    pub texts: SourceTexts,
}

/// Loads, resolves, renders and writes a site.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, Failure> {
    let root = absolute(&opts.root);
    let old_lock = std::sync::Arc::new(lock::file::read_recorded(&root));
    let resolve_opts = resolve::ResolveOptions {
        drafts: opts.drafts,
        base_url: opts.base_url.clone(),
        incomplete: false,
        lock: Some(old_lock.clone()),
        disk: opts.cache.then(|| open_disk_cache(&root)),
    };
    let mut phases = phases::Phases::from_env();
    let (mut src, resolved, lock_text) = load_and_resolve(&root, resolve_opts, &old_lock)?;
    phases.mark("load and resolve");
    if opts.base_url.is_none() && src.config.base_url.is_none() {
        let d = Diagnostic::error("`base_url` is required to build")
            .at(Location::file("site.toml"))
            .suggest("add `base_url = \"https://example.org\"` to site.toml, or pass --base-url");
        return Err(Failure::new(d.into(), src.texts));
    }
    let drafts_left_out = if opts.drafts {
        0
    } else {
        src.briefings.iter().filter(|b| b.front.draft).count()
    };
    // From here on the build needs of the sources only their texts (for the warnings):
    // the parsed front matter and sidecars, and the lock as read, are let go before the
    // pages are rendered, and the lock's new text is kept only when the file will change.
    drop_later((
        std::mem::take(&mut src.briefings),
        std::mem::take(&mut src.actors),
    ));
    let lock_change = lock::file::Change::of(lock_text, old_lock.text());
    drop_later(old_lock);
    let out = output::output_dir(&root, &src.config, opts.output.as_deref())
        .map_err(|d| Failure::new(d.into(), SourceTexts::default()))?;
    let writer = write::OutputWriter::start(&out).map_err(write_failure)?;
    let sink = |page: render::Page| {
        writer
            .put(&page)
            .map_err(|e| Diagnostic::error(e.to_string()))?;
        if let Some(counter) = &opts.on_page {
            (counter.0)();
        }
        Ok(())
    };
    // With the cache, a page whose inputs are those the previous build made its file from
    // is left as it is, neither rendered nor written; without it, every page is rendered.
    let files = if opts.cache {
        render::render_unless_kept(&resolved.site, &writer, &sink)
    } else {
        render::render_to(&resolved.site, None, &sink)
    }
    .map_err(|d| Failure::new(d, src.texts.clone()))?;
    phases.mark("render and write");
    writer.finish().map_err(write_failure)?;
    phases.mark("swap in");
    let briefings = resolved.site.briefings.len();
    let mut warnings = resolved.warnings;
    write_lock(&root, &lock_change, &mut warnings);
    Ok(BuildSummary {
        output: out,
        files,
        briefings,
        drafts_left_out,
        warnings,
        texts: keep_texts(src, resolved.site),
    })
}

/// Why `root` is not a site gloss can work on, in one line naming the folder and
/// `site.toml`, or None when it is one: `build`, `check` and `serve` refuse such a root
/// before anything else, so nothing about `content/` is reported for a folder that is not a
/// site at all.
pub fn not_a_site(root: &Path) -> Option<String> {
    let root = &absolute(root);
    if !root.is_dir() {
        return Some(format!(
            "`{}` does not exist, so there is no `site.toml` to read; pass `--root` the folder that holds it",
            root.display()
        ));
    }
    if !root.join(load::SITE_TOML).is_file() {
        return Some(format!(
            "`{}` is not a gloss site: it has no `site.toml` (run gloss in the site's folder, pass `--root DIR`, or start one with `gloss init DIR`)",
            root.display()
        ));
    }
    None
}

/// Frees a large value on a thread of its own, so the caller does not wait for it: freeing a
/// ten-thousand-briefing site takes a third of a second, which a command about to exit need
/// not spend (the process's end returns the memory all the same), nor a rebuild in `serve`
/// (the last build's caches are freed while the new one is served).
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// The source texts the warnings point into, taken out of a finished run's source; the rest
/// of the source and the site are freed later.
fn keep_texts(mut src: load::SiteSource, site: model::Site) -> SourceTexts {
    let texts = std::mem::take(&mut src.texts);
    drop_later((src, site));
    texts
}

fn write_failure(e: write::WriteError) -> Failure {
    Failure::new(
        Diagnostic::error(e.to_string()).into(),
        SourceTexts::default(),
    )
}

/// Records where every annotation anchored in `root/gloss.lock` (when that changes it); a
/// lock that cannot be written is a warning, the run having succeeded.
fn write_lock(root: &Path, change: &lock::file::Change, warnings: &mut Diagnostics) {
    let mut phases = phases::Phases::from_env();
    let written = change.write(root);
    phases.mark("lock: compared and saved");
    if let Err(e) = written {
        warnings.push(
            Diagnostic::warning(format!("cannot write the anchor lock: {e}"))
                .at(Location::file(lock::FILE_NAME)),
        );
    }
}

/// Validates a site (drafts included) and renders one page of each kind in memory, to find
/// template errors. Writes nothing but the anchor lock, `gloss.lock`, and that only when
/// it changes. Returns the warnings when there are no errors.
///
/// With `cache`, unchanged briefings are taken from `.gloss-cache/` and what was parsed and
/// resolved is kept there, as `build` does.
pub fn check(root: &Path, cache: bool) -> Result<(Diagnostics, SourceTexts), Failure> {
    let root = absolute(root);
    let old = std::sync::Arc::new(lock::file::read_recorded(&root));
    let (src, resolved, lock_text) = load_and_resolve(
        &root,
        resolve::ResolveOptions {
            drafts: true,
            base_url: None,
            incomplete: false,
            lock: Some(old.clone()),
            disk: cache.then(|| open_disk_cache(&root)),
        },
        &old,
    )?;
    render::render_sample(&resolved.site).map_err(|d| Failure::new(d, src.texts.clone()))?;
    let mut warnings = resolved.warnings;
    let lock_change = lock::file::Change::of(lock_text, old.text());
    write_lock(&root, &lock_change, &mut warnings);
    drop_later(lock_change);
    Ok((warnings, keep_texts(src, resolved.site)))
}

/// A site rendered in memory: what `serve` keeps and serves.
#[derive(Debug)]
pub struct RenderedSite {
    /// Every output file, as `build` would write it.
    pub pages: Vec<render::Page>,
    /// Briefings rendered.
    pub briefings: usize,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
    /// The source texts the warnings point into.
    pub texts: SourceTexts,
}

/// Loads, resolves and renders a site without touching the output folder: the pure half of
/// [`build`]. `base_url` overrides `site.toml`'s (serve passes its own address).
pub fn build_pages(
    root: &Path,
    base_url: Option<String>,
    drafts: bool,
) -> Result<RenderedSite, Failure> {
    build_pages_cached(root, base_url, drafts, &mut BuildCache::default())
}

/// What one in-memory build leaves for the next: the files read (load) and the pages made
/// (render). `serve` keeps one for its run and passes it to every rebuild.
#[derive(Debug, Default)]
pub struct BuildCache {
    /// Each briefing's and actor file's read, by the size and time of its files.
    pub load: load::LoadCache,
    /// Each briefing resolved on its own, by its source and the site's actors.
    pub resolve: resolve::ResolveCache,
    /// Each page and briefing text, by the fingerprint of its inputs.
    pub render: render::RenderCache,
    /// The pages `serve` rendered when they were asked for, by the fingerprint of their
    /// inputs.
    pub on_demand: render::OnDemandCache,
}

/// [`build_pages`], reading again only the files that changed and re-rendering only the
/// pages (and briefing texts) whose inputs changed since the build that filled `cache`:
/// what the tests of the render cache run.
pub fn build_pages_cached(
    root: &Path,
    base_url: Option<String>,
    drafts: bool,
    cache: &mut BuildCache,
) -> Result<RenderedSite, Failure> {
    let (src, resolved) =
        resolve_remembering(root, base_url, drafts, cache, &load::Changes::Unknown)?;
    let pages = render::render_cached(&resolved.site, &mut cache.render)
        .map_err(|d| Failure::new(d, src.texts.clone()))?;
    Ok(RenderedSite {
        pages,
        briefings: resolved.site.briefings.len(),
        warnings: resolved.warnings,
        texts: keep_texts(src, resolved.site),
    })
}

/// A site ready to be served: the model and the plan of its pages, each rendered when first
/// asked for (see [`render::OnDemandSite`]).
#[derive(Debug)]
pub struct ServedSite {
    /// The site, its pages rendered on demand.
    pub site: render::OnDemandSite,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
    /// The source texts the warnings point into.
    pub texts: SourceTexts,
}

/// What `serve` runs on every save: [`build_pages_cached`] up to the plan of the pages,
/// each page then rendered when a browser asks for it, reusing the pages in `cache` whose
/// inputs did not change. Template errors are found on the first page of each kind, the
/// first time a build has its templates.
pub fn build_on_demand(
    root: &Path,
    base_url: Option<String>,
    drafts: bool,
    cache: &mut BuildCache,
    changes: &load::Changes,
) -> Result<ServedSite, Failure> {
    let (mut src, resolved) = resolve_remembering(root, base_url, drafts, cache, changes)?;
    let mut phases = phases::Phases::from_env();
    let site = render::OnDemandSite::new(resolved.site, &cache.on_demand)
        .map_err(|d| Failure::new(d, src.texts.clone()))?;
    phases.mark("render: plan");
    let texts = std::mem::take(&mut src.texts);
    drop_later(src);
    Ok(ServedSite {
        site,
        warnings: resolved.warnings,
        texts,
    })
}

/// Loads and resolves the site at `root` with what `cache` remembers of the last run, for
/// a build in memory.
fn resolve_remembering(
    root: &Path,
    base_url: Option<String>,
    drafts: bool,
    cache: &mut BuildCache,
    changes: &load::Changes,
) -> Result<(load::SiteSource, resolve::Resolved), Failure> {
    // The on-disk cache, when the caller gave one, serves the first build only: the
    // caches in memory take over from there.
    let disk = cache.load.disk.clone();
    let opts = resolve::ResolveOptions {
        drafts,
        base_url,
        disk: disk.clone(),
        ..Default::default()
    };
    let root = absolute(root);
    let loaded = load_and_resolve_cached(
        &root,
        &opts,
        &mut cache.load,
        Some(&mut cache.resolve),
        changes,
    );
    if let Some(disk) = disk {
        cache.load.disk = None;
        drop(opts);
        save_disk_cache(&root, disk);
    }
    loaded
}

/// Loads and resolves the site at `root` once and writes out the text of its anchor lock
/// (`old` being the lock read at the start), taking what it can from `opts.disk` (the cache
/// of `.gloss-cache/`). The cache is saved afterwards when it learned something, and let go
/// before anything is rendered.
///
/// When some files fail to load, the rest is still resolved and its errors are reported
/// with theirs, so one run shows every problem. (A file that failed may cause a few
/// follow-on errors: an actor defined only in a broken sidecar is unknown.)
fn load_and_resolve(
    root: &Path,
    opts: resolve::ResolveOptions,
    old: &lock::Recorded,
) -> Result<(load::SiteSource, resolve::Resolved, lock::Text), Failure> {
    let mut cache = opts
        .disk
        .clone()
        .map_or_else(load::LoadCache::default, load::LoadCache::with_disk);
    let loaded = load_and_resolve_cached(root, &opts, &mut cache, None, &load::Changes::Unknown);
    drop_later(cache);
    let mut phases = phases::Phases::from_env();
    let loaded = loaded.map(|(src, resolved)| {
        let text = lock::text_of_site(&src, &resolved.site, old, opts.disk.as_deref());
        phases.mark("lock: written out");
        (src, resolved, text)
    });
    if let Some(disk) = opts.disk {
        save_disk_cache(root, disk);
    }
    loaded
}

/// The cache of `.gloss-cache/` at `root`, as the last run left it.
pub(crate) fn open_disk_cache(root: &Path) -> std::sync::Arc<disk_cache::DiskCache> {
    let mut phases = phases::Phases::from_env();
    let disk = std::sync::Arc::new(disk_cache::DiskCache::open(root));
    phases.mark("cache read");
    disk
}

/// Saves what `disk` learned this run in `.gloss-cache/` at `root`, and lets it go (its
/// bytes are freed on a thread of their own).
fn save_disk_cache(root: &Path, disk: std::sync::Arc<disk_cache::DiskCache>) {
    let mut phases = phases::Phases::from_env();
    // A cache that cannot be written is no worse than none: the run has its result.
    let _ = disk.save(root);
    phases.mark("cache saved");
    drop_later(disk);
}

/// [`load_and_resolve`], reading only the files changed since the load that filled `cache`
/// (`changes` says which, when the caller knows).
fn load_and_resolve_cached(
    root: &Path,
    opts: &resolve::ResolveOptions,
    cache: &mut load::LoadCache,
    resolve_cache: Option<&mut resolve::ResolveCache>,
    changes: &load::Changes,
) -> Result<(load::SiteSource, resolve::Resolved), Failure> {
    let mut phases = phases::Phases::from_env();
    let partial = load::load_partial_changed(root, cache, changes);
    phases.mark("load");
    let Some(src) = partial.source else {
        return Err(Failure::new(partial.errors, partial.texts));
    };
    let mut errors = partial.errors;
    let opts = resolve::ResolveOptions {
        incomplete: errors.has_errors(),
        ..opts.clone()
    };
    let resolved = resolve::resolve_cached(&src, &opts, resolve_cache);
    phases.mark("resolve");
    match resolved {
        Ok(resolved) if !errors.has_errors() => Ok((src, resolved)),
        Ok(_) => Err(Failure::new(errors, src.texts)),
        Err(more) => {
            errors.extend(more);
            errors.sort();
            Err(Failure::new(errors, src.texts))
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_root_or_site_toml_is_not_a_site() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        assert!(not_a_site(&missing).unwrap().contains("does not exist"));
        assert!(not_a_site(dir.path()).unwrap().contains("no `site.toml`"));
        std::fs::write(dir.path().join("site.toml"), "title = \"T\"\n").unwrap();
        assert_eq!(not_a_site(dir.path()), None);
    }
}
