//! From the site model to pages: Markdown with `<mark>` pieces, then templates, in parallel,
//! touching no disk (but to read a custom theme's assets and the site's static files).
//!
//! Each [`Page`] (an output path and its bytes) is handed to a [`PageSink`] as soon as it is
//! rendered: `build` streams them into the output folder ([`crate::write::OutputWriter`]),
//! `serve` and the tests collect them ([`render`], [`render_cached`]). The steps: typed
//! views of the site ([`views`]), converted once into shared template values (`shared`),
//! one typed context per page (`pages`), the briefing texts with their marks, the templates,
//! then the assets.

mod cache;
mod exports;
mod fragment;
mod layout;
mod mentions;
mod on_demand;
mod pages;
mod path_index;
mod plan;
mod search;
mod shared;
mod sidenotes;
mod structure;
mod structured;
mod theme;
pub mod views;

pub use cache::RenderCache;
pub use on_demand::{OnDemandCache, OnDemandSite};

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use rayon::prelude::*;

use crate::config::LinkMentions;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::markdown::{Decoration, Element, Highlighter};
use crate::model::{Briefing, Site};

use pages::{PageJob, PageKind};
use plan::{Earlier, RenderPlan, Rendered};
use views::SiteViews;

/// One file of the output: where it goes and what it holds.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path inside the output folder, `/`-separated, never absolute, never with `..`.
    pub path: String,
    /// The file's contents (reference-counted: a page reused from a cache is not copied).
    pub bytes: Bytes,
    /// The fingerprint of the inputs it was made from, when the render fingerprinted them
    /// (else 0): what lets the next build leave the file as it is without making it again.
    pub fingerprint: u64,
}

impl Page {
    /// A file of the output, without a fingerprint.
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Page {
            path: path.into(),
            bytes: Bytes::from(bytes.into()),
            fingerprint: 0,
        }
    }

    /// The same file, made from inputs whose fingerprint is `fingerprint`.
    pub fn made_from(self, fingerprint: u64) -> Self {
        Page {
            fingerprint,
            ..self
        }
    }
}

/// Two pages are the same file when they have the same path and bytes, whatever is known
/// of what they were made from.
impl PartialEq for Page {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.bytes == other.bytes
    }
}

impl Eq for Page {}

/// Where rendered pages go as soon as each is ready, from any thread: the output folder
/// being written (`build`), a list in memory (`serve`, tests), or nowhere (`check`'s
/// sample).
pub type PageSink<'a> = dyn Fn(Page) -> Result<(), Diagnostic> + Sync + 'a;

/// Renders every page and asset of a site into a list, sorted by path.
pub fn render(site: &Site) -> Result<Vec<Page>, Diagnostics> {
    collect(|sink| render_to(site, None, sink))
}

/// Renders every page and asset of a site, reusing from `cache` each page and each
/// briefing text whose inputs are unchanged since the render that filled it, and leaving
/// this render's outputs in it for the next.
pub fn render_cached(site: &Site, cache: &mut RenderCache) -> Result<Vec<Page>, Diagnostics> {
    collect(|sink| render_to(site, Some(&mut *cache), sink))
}

fn collect(
    run: impl FnOnce(&PageSink<'_>) -> Result<usize, Diagnostics>,
) -> Result<Vec<Page>, Diagnostics> {
    let pages = Mutex::new(Vec::new());
    run(&|p| {
        pages.lock().unwrap_or_else(PoisonError::into_inner).push(p);
        Ok(())
    })?;
    let mut pages = pages.into_inner().unwrap_or_else(PoisonError::into_inner);
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(pages)
}

/// Renders every page and asset of a site and hands each to `sink` as soon as it is ready,
/// in parallel; nothing is kept but what `cache` keeps (when given, unchanged pages are
/// reused from it and this render's outputs left in it). Returns how many files it made.
pub fn render_to(
    site: &Site,
    cache: Option<&mut RenderCache>,
    sink: &PageSink<'_>,
) -> Result<usize, Diagnostics> {
    render_jobs(site, cache, None, sink, Scope::All)
}

/// What the previous build left in the output folder, as a render asks of it (the output
/// writer answers, see [`crate::write::OutputWriter`]): whether a file, or a group of files,
/// that the previous build made from inputs with a given fingerprint is still there as it
/// was written. Then it is kept, and not made again.
pub trait Previous: Sync {
    /// Keeps the file at `path` if it was made from inputs with `fingerprint`.
    fn keep(&self, path: &str, fingerprint: u64) -> bool;
    /// Keeps every file made from inputs with `fingerprint`, if there are any and all are
    /// as written; how many it kept (0: none, and the caller makes them all).
    fn keep_all(&self, fingerprint: u64) -> usize;
}

/// Like [`render_to`], fingerprinting every page, and making none that `previous` keeps:
/// what `gloss build` runs over the output of an earlier build, so that a page whose inputs
/// have not changed is neither rendered nor written. Returns how many files the output has,
/// those kept included.
pub fn render_unless_kept(
    site: &Site,
    previous: &dyn Previous,
    sink: &PageSink<'_>,
) -> Result<usize, Diagnostics> {
    render_jobs(site, None, Some(previous), sink, Scope::All)
}

/// Renders the first page of each kind (a briefing, an actor, a tag, each index) and
/// discards it: what `check` runs to find template errors without rendering the whole site.
/// A template that fails only on some pages of a kind (on a field that is null there) is
/// found by `build`, which renders them all.
pub fn render_sample(site: &Site) -> Result<(), Diagnostics> {
    render_jobs(site, None, None, &|_| Ok(()), Scope::OnePerKind).map(|_| ())
}

/// Whether the assets include the search index (`serve` makes it only when asked for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Search {
    /// With the search index.
    Include,
    /// Without it.
    Leave,
}

/// Which pages a render makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Every page and asset.
    All,
    /// The first page of each kind, no assets.
    OnePerKind,
}

fn render_jobs(
    site: &Site,
    mut cache: Option<&mut RenderCache>,
    previous: Option<&dyn Previous>,
    sink: &PageSink<'_>,
    scope: Scope,
) -> Result<usize, Diagnostics> {
    let mut phases = crate::phases::Phases::from_env();
    let cached = cache.is_some();
    let keep = cached || previous.is_some();
    let highlighter = Arc::new(Highlighter::new());
    let mut files = 0;
    if scope == Scope::All {
        // The data exports first, one at a time, before the plan's views and the search
        // index are made: the graph of a large site is tens of MB, and made now it is not
        // held on top of them.
        let md = plan::markdown_options(site);
        files += plan::sink_data_files(site, &md, &highlighter, sink).map_err(Diagnostics::from)?;
        phases.mark("render: data exports");
    }
    let plan = RenderPlan::new(site, keep, highlighter, None)?;
    phases.mark("render: views");
    if scope == Scope::All {
        // Handed on at once, in parallel (the search index is thousands of small files), so
        // they are not held while the pages are rendered.
        let (assets, kept) = plan.assets(site, Search::Include, previous)?;
        files += assets.len() + kept;
        assets
            .into_par_iter()
            .try_for_each(sink)
            .map_err(Diagnostics::from)?;
        phases.mark("render: assets");
    }
    let todo: Vec<&PageJob> = match scope {
        Scope::All => plan.structure.jobs.iter().collect(),
        Scope::OnePerKind => plan
            .one_per_kind()
            .into_iter()
            .map(|i| &plan.structure.jobs[i])
            .collect(),
    };
    let old = cache.as_deref_mut().map(std::mem::take).unwrap_or_default();
    let earlier = if cached {
        Earlier::Of(&old)
    } else {
        Earlier::None
    };
    let results: Vec<Result<Option<Rendered>, Diagnostic>> = todo
        .par_iter()
        .map(|job| {
            let r = match previous {
                Some(previous) => match plan.render_unless_kept(site, job, &earlier, previous)? {
                    Some(r) => r,
                    // Kept as the previous build left it.
                    None => return Ok(None),
                },
                None => plan.render(site, job, &earlier)?,
            };
            if let PageKind::Briefing(b) = job.kind {
                let fingerprint = if keep {
                    exports::annotations_fingerprint(site, b, r.fingerprint)
                } else {
                    0
                };
                sink(exports::annotations_page(site, b, &r.bytes).made_from(fingerprint))?;
            }
            sink(Page {
                path: job.path.clone(),
                bytes: r.bytes.clone(),
                fingerprint: r.fingerprint,
            })?;
            Ok(cached.then_some(r))
        })
        .collect();
    phases.mark("render: pages");
    let mut diags = Diagnostics::new();
    let mut next = RenderCache::default();
    for r in results {
        match r {
            Ok(Some(r)) => next.keep(r),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    let annotations = todo
        .iter()
        .filter(|j| matches!(j.kind, PageKind::Briefing(_)))
        .count();
    files += todo.len() + annotations;
    drop(todo);
    crate::drop_later((old, plan));
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    if let Some(cache) = cache {
        *cache = next;
    }
    Ok(files)
}

/// Two pages at one output path (a briefing folder named like an index, say) is an error
/// naming both, never one page silently replacing the other.
fn unique_paths(site: &Site, jobs: &[PageJob]) -> Result<(), Diagnostics> {
    let mut seen: std::collections::HashMap<&str, &PageJob> = Default::default();
    let mut diags = Diagnostics::new();
    for job in jobs {
        if let Some(first) = seen.insert(job.path.as_str(), job) {
            let mut d = Diagnostic::error(format!(
                "two pages would be written to /{}: {} and {}",
                job.path,
                describe(first.kind),
                describe(job.kind)
            ))
            .suggest("rename the folder or the file, or set `slug` in the briefing's front matter");
            let briefing = [job.kind, first.kind].into_iter().find_map(|k| match k {
                PageKind::Briefing(b) => Some(&site.briefings[b.0].path),
                _ => None,
            });
            if let Some(path) = briefing {
                d = d.at(Location::file(path));
            }
            diags.push(d);
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(())
}

/// A page kind in words, for [`unique_paths`].
fn describe(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Briefing(_) => "a briefing",
        PageKind::Actor(_) | PageKind::ActorList(..) => "an actor page",
        PageKind::Tag(..) => "a tag page",
        PageKind::Archive(..) => "a folder's archive",
        PageKind::Event(..) => "an event page",
        _ => "an index page",
    }
}

/// The files that are not pages: the highlight stylesheet, the search index, the theme's
/// assets and the site's `static/` files over them. A static file that would replace a page,
/// a briefing's annotations or a data export (made apart: [`plan::RenderPlan::data_files`])
/// is an error.
fn assets(
    site: &Site,
    views: &SiteViews,
    structure: &structure::Structure,
    highlight_css: String,
    search: Search,
    previous: Option<&dyn Previous>,
) -> Result<(Vec<Page>, usize), Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut out = vec![Page::new("highlight.css", highlight_css)];
    let mut kept = 0;
    let theme_assets = theme::theme_assets(site);
    if search == Search::Include {
        // A file of the site's or its theme's own under `search/` may stand where the
        // index has one: which there are is part of what a kept index was made from.
        let overrides: Vec<&str> = site
            .static_files
            .iter()
            .map(|f| f.output.as_str())
            .chain(theme_assets.iter().flatten().map(|(p, _)| p.as_str()))
            .filter(|p| p.starts_with("search/"))
            .collect();
        let (files, k) = search::search_files_unless_kept(site, views, &overrides, previous);
        out.extend(files);
        kept = k;
    }
    out.extend(structure.event_map(site).iter().cloned());
    match theme_assets {
        Ok(assets) => out.extend(
            assets
                .into_iter()
                .map(|(path, bytes)| Page::new(path, bytes)),
        ),
        Err(d) => diags.extend(d),
    }
    // The paths gloss writes, made only for a site with static files.
    let page_paths: HashSet<String> = if site.static_files.is_empty() {
        HashSet::new()
    } else {
        structure
            .jobs
            .iter()
            .flat_map(|j| match j.kind {
                PageKind::Briefing(b) => vec![
                    j.path.clone(),
                    exports::annotations_path(&site.briefings[b.0]),
                ],
                _ => vec![j.path.clone()],
            })
            .chain(crate::model::address::EXPORTS.iter().map(|p| p.to_string()))
            .collect()
    };
    for f in &site.static_files {
        if page_paths.contains(f.output.as_str()) {
            diags.push(
                Diagnostic::error(format!(
                    "static/{} would replace the page gloss writes at /{}",
                    f.output, f.output
                ))
                .at(Location::file(format!("static/{}", f.output)))
                .suggest("rename or move the static file"),
            );
            continue;
        }
        let bytes = match std::fs::read(&f.disk) {
            Ok(b) => b,
            Err(e) => {
                diags.push(
                    Diagnostic::error(format!("cannot read static file: {e}"))
                        .at(Location::file(format!("static/{}", f.output))),
                );
                continue;
            }
        };
        match out.iter_mut().position(|p| p.path == f.output) {
            Some(i) => out[i].bytes = Bytes::from(bytes),
            None => out.push(Page::new(f.output.clone(), bytes)),
        }
    }
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    Ok((out, kept))
}

/// The marks of every annotation of a briefing and the links of its mentions; a note's
/// mark carries its margin note ([`sidenotes`]), rendered with `md` and `highlighter`.
fn decorations(
    site: &Site,
    views: &SiteViews,
    b: &Briefing,
    md: &crate::markdown::MarkdownOptions,
    highlighter: &crate::markdown::Highlighter,
) -> Vec<Decoration> {
    let mut decorations: Vec<Decoration> = Vec::new();
    let mut mark = |kind: &str,
                    id: &str,
                    span: &std::ops::Range<usize>,
                    title: Option<String>,
                    sidenote: Option<sidenotes::Sidenote>| {
        let mut attrs = vec![
            ("data-ann".to_string(), format!("{kind}:{id}")),
            ("class".to_string(), format!("ann ann-{kind}")),
        ];
        if let Some(t) = title {
            attrs.push(("title".to_string(), t));
        }
        let (inner, after) = match sidenote {
            Some(s) => (s.words, Some(s.after)),
            None => (None, None),
        };
        decorations.push(Decoration {
            range: span.clone(),
            element: Element::Mark,
            attrs,
            first_attrs: vec![("id".to_string(), format!("{kind}-{id}"))],
            inner,
            after,
        });
    };
    for q in b.quotes.iter() {
        let who = &site.actors[q.speaker.0].name;
        mark("quote", &q.id, &q.span, Some(format!("Quote: {who}")), None);
    }
    for c in b.claims.iter() {
        let status = views::status_label(c.status);
        mark(
            "claim",
            &c.id,
            &c.span,
            Some(format!("Claim: {status}")),
            None,
        );
    }
    // Notes are numbered in the order their words come in the text.
    let mut notes: Vec<&crate::model::Note> = b.notes.iter().collect();
    notes.sort_by_key(|n| (n.span.start, n.span.end));
    let spans: Vec<std::ops::Range<usize>> = notes.iter().map(|n| n.span.clone()).collect();
    let labelled = sidenotes::labelled(&b.plain, &spans);
    for (number, (n, labelled)) in notes.iter().zip(labelled).enumerate() {
        let block = crate::markdown::render_html(&n.note, md, &[], highlighter);
        let inline = sidenotes::inline_note_html(&n.note, &block, md);
        let plain = sidenotes::plain_note(&n.note, md);
        mark(
            "note",
            &n.id,
            &n.span,
            Some(format!("Note: {plain}")),
            Some(sidenotes::sidenote(&n.id, number + 1, &inline, labelled)),
        );
    }
    for cite in &b.events {
        if let Some(span) = &cite.span {
            let e = &site.events[cite.event.0];
            mark(
                "event",
                &e.id,
                span,
                Some(format!("Event: {}, {}", e.title, e.date)),
                None,
            );
        }
    }
    // The mentions that actor pages show in their sentences get an anchor id (inside the
    // mention's link, when it has one: the span is added after it over the same words).
    let anchors: Vec<Decoration> = mentions::contexts(b)
        .into_iter()
        .map(|c| Decoration {
            range: c.span.clone(),
            element: Element::Span,
            attrs: Vec::new(),
            first_attrs: vec![("id".to_string(), c.anchor(&site.actors[c.actor.0].id))],
            inner: None,
            after: None,
        })
        .collect();
    if site.config.annotations.link_mentions != LinkMentions::None {
        for m in b.mentions.iter() {
            decorations.push(Decoration {
                range: m.span.clone(),
                element: Element::Link,
                attrs: vec![
                    ("href".to_string(), views.actor(m.actor).url.clone()),
                    ("class".to_string(), "mention".to_string()),
                ],
                first_attrs: Vec::new(),
                inner: None,
                after: None,
            });
        }
    }
    decorations.extend(anchors);
    decorations
}
