//! A site whose pages are rendered when a browser first asks for them: what `serve` serves.
//!
//! A save in `serve` needs the model and the plan of the new build (the views and the list
//! of pages), not its 40,000 pages: the page the browser reloads is rendered when it is
//! asked for, in milliseconds, and every other page when someone opens it. The search index
//! is made the first time the search page asks for one of its files. A page's bytes are
//! those `build` writes for the same sources ([`OnDemandSite::render_all`] is how the tests
//! compare them): both render with the same [`RenderPlan`].
//!
//! Pages rendered by earlier builds are kept, with the fingerprint of their inputs, in a
//! cache shared by every build of the run (a value `serve` holds and passes in); a page whose
//! inputs did not change is taken from it rather than rendered again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use bytes::Bytes;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::Highlighter;
use crate::model::Site;

use super::cache::RenderCache;
use super::pages::PageKind;
use super::path_index::PathIndex;
use super::plan::{Earlier, RenderPlan};
use super::{Page, Search, exports, search};
use crate::model::address::{EXPORTS, SEARCH as SEARCH_FILES};

/// What one build of `serve` leaves for the next: the pages and briefing texts rendered so
/// far, and the highlighter with its syntaxes loaded.
#[derive(Debug, Default, Clone)]
pub struct OnDemandCache {
    pages: Arc<Mutex<RenderCache>>,
    highlighter: Arc<Highlighter>,
    /// The templates' fingerprint of the last build, whose templates were tried.
    tried: Arc<Mutex<Option<u64>>>,
    /// The last build's pages by address, for the next build of the same shape.
    last: Arc<Mutex<Option<Addresses>>>,
}

/// A build's plan and its pages by output path, from which the next build takes what its
/// site has kept: the layout and pages when it has the same shape (see `render::structure`), the
/// template values of what did not change.
#[derive(Debug, Clone)]
struct Addresses {
    plan: Arc<RenderPlan>,
    /// Output path -> index of its page in the plan.
    by_path: Arc<PathIndex>,
    /// Path of a briefing's annotations -> index of the briefing's page in the plan.
    annotations: Arc<HashMap<String, usize>>,
    /// Whether these are the pages of the build before.
    kept: bool,
}

impl Addresses {
    /// The pages of `plan` by path, taken from `earlier` when the plan kept its pages;
    /// the annotations too when its briefings' pages are those of `earlier` (the list of
    /// pages changed after them: the claims of some status fill another number of pages).
    fn of(site: &Site, plan: Arc<RenderPlan>, earlier: Option<Addresses>) -> Self {
        let same_pages = |e: &Addresses| Arc::ptr_eq(&e.plan.structure.jobs, &plan.structure.jobs);
        if let Some(e) = earlier.as_ref().filter(|e| same_pages(e)) {
            return Addresses {
                plan,
                kept: true,
                ..e.clone()
            };
        }
        let by_path = PathIndex::of(&plan.structure.jobs);
        let annotations = match earlier {
            Some(e) if same_briefing_pages(&e.plan, &plan) => e.annotations,
            _ => Arc::new(
                briefing_jobs(&plan)
                    .map(|(i, b)| (exports::annotations_path(&site.briefings[b.0]), i))
                    .collect(),
            ),
        };
        Addresses {
            plan,
            by_path: Arc::new(by_path),
            annotations,
            kept: false,
        }
    }
}

impl OnDemandCache {
    /// How many templates have been rendered since the cache was made (the rest of the
    /// pages served were taken from it).
    pub fn rendered_pages(&self) -> usize {
        self.lock().rendered_pages
    }

    /// How many briefings' Markdown has been turned into HTML since the cache was made.
    pub fn rendered_briefings(&self) -> usize {
        self.lock().rendered_briefings
    }

    /// Whether the last build took its list of pages (and the layout of its lists) from
    /// the build before, its site having the same shape.
    pub fn kept_pages_list(&self) -> bool {
        self.last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .is_some_and(|a| a.kept)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, RenderCache> {
        // A render that panicked left whole entries behind (each is inserted in one call).
        self.pages.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A built site whose pages are rendered when first asked for.
#[derive(Debug)]
pub struct OnDemandSite {
    site: Site,
    plan: Arc<RenderPlan>,
    /// Output path -> index of its page in the plan.
    by_path: Arc<PathIndex>,
    /// Path of a briefing's annotations -> index of the briefing's page in the plan.
    annotations: Arc<HashMap<String, usize>>,
    /// The files that are not pages, but for the search index.
    files: HashMap<String, Bytes>,
    /// The search index, made when first asked for.
    search: OnceLock<HashMap<String, Bytes>>,
    /// The data exports (`/graph.json`, ...), made when first asked for.
    data: OnceLock<HashMap<String, Bytes>>,
    cache: OnDemandCache,
}

impl OnDemandSite {
    /// Prepares `site` to be served: its plan and its assets, and, the first time a build
    /// of the run has these templates, one page of each kind, so that a template that fails
    /// fails the build rather than the page. Takes earlier pages from `cache`.
    pub fn new(site: Site, cache: &OnDemandCache) -> Result<Self, Diagnostics> {
        let earlier = cache
            .last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let plan = Arc::new(RenderPlan::new(
            &site,
            true,
            cache.highlighter.clone(),
            earlier.as_ref().map(|e| &*e.plan),
        )?);
        let mut phases = crate::phases::Phases::from_env();
        let files = plan
            .assets(&site, Search::Leave, None)?
            .0
            .into_iter()
            .map(|p| (p.path, p.bytes))
            .collect();
        phases.mark("plan: assets");
        let addresses = Addresses::of(&site, plan.clone(), earlier);
        phases.mark("plan: addresses");
        let by_path = addresses.by_path.clone();
        let annotations = addresses.annotations.clone();
        *cache.last.lock().unwrap_or_else(PoisonError::into_inner) = Some(addresses);
        let served = OnDemandSite {
            site,
            plan,
            by_path,
            annotations,
            files,
            search: OnceLock::new(),
            data: OnceLock::new(),
            cache: cache.clone(),
        };
        let fp = served.plan.templates_fingerprint();
        let mut tried = cache.tried.lock().unwrap_or_else(PoisonError::into_inner);
        if *tried != Some(fp) {
            served.try_each_kind()?;
            *tried = Some(fp);
        }
        drop(tried);
        Ok(served)
    }

    /// The site model being served.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// How many files the site has besides the search index.
    pub fn files(&self) -> usize {
        self.by_path.len() + self.annotations.len() + self.files.len() + EXPORTS.len()
    }

    /// Whether the site has a file at output path `path`.
    pub fn has(&self, path: &str) -> bool {
        self.page_at(path).is_some()
            || self.annotations.contains_key(path)
            || self.files.contains_key(path)
            || (path.starts_with(SEARCH_FILES) && self.search().contains_key(path))
            || EXPORTS.contains(&path)
    }

    /// The file at output path `path`, rendered now (or taken from the cache) when it is a
    /// page; `None` when there is none; an error when its template fails.
    pub fn file(&self, path: &str) -> Option<Result<Bytes, Diagnostic>> {
        if let Some(bytes) = self.files.get(path) {
            return Some(Ok(bytes.clone()));
        }
        if let Some(i) = self.page_at(path) {
            return Some(self.render(i));
        }
        if let Some(&i) = self.annotations.get(path) {
            return Some(self.annotations_of(i).map(|p| p.bytes));
        }
        if path.starts_with(SEARCH_FILES) {
            return self.search().get(path).cloned().map(Ok);
        }
        if EXPORTS.contains(&path) {
            return self.data().get(path).cloned().map(Ok);
        }
        None
    }

    /// Every file, as `build` would write them, sorted by path (for tests, and to compare
    /// with a build).
    pub fn render_all(&self) -> Result<Vec<Page>, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut pages = Vec::new();
        for i in 0..self.plan.structure.jobs.len() {
            match self.render(i) {
                Ok(bytes) => pages.push(Page {
                    fingerprint: 0,
                    path: self.plan.structure.jobs[i].path.clone(),
                    bytes,
                }),
                Err(d) => diags.push(d),
            }
        }
        for (i, _) in briefing_jobs(&self.plan) {
            match self.annotations_of(i) {
                Ok(page) => pages.push(page),
                Err(d) => diags.push(d),
            }
        }
        if diags.has_errors() {
            diags.sort();
            return Err(diags);
        }
        pages.extend(self.files.iter().map(|(path, bytes)| Page {
            fingerprint: 0,
            path: path.clone(),
            bytes: bytes.clone(),
        }));
        pages.extend(self.data().iter().map(|(path, bytes)| Page {
            fingerprint: 0,
            path: path.clone(),
            bytes: bytes.clone(),
        }));
        pages.extend(self.search().iter().map(|(path, bytes)| Page {
            fingerprint: 0,
            path: path.clone(),
            bytes: bytes.clone(),
        }));
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(pages)
    }

    /// The index of the page at output path `path` in the plan's list of pages.
    fn page_at(&self, path: &str) -> Option<usize> {
        self.by_path.get(&self.plan.structure.jobs, path)
    }

    fn render(&self, i: usize) -> Result<Bytes, Diagnostic> {
        let job = &self.plan.structure.jobs[i];
        let r = self
            .plan
            .render(&self.site, job, &Earlier::Shared(&self.cache.pages))?;
        let bytes = r.bytes.clone();
        if r.rendered || r.text.as_ref().is_some_and(|t| t.rendered) {
            self.cache.lock().keep(r);
        }
        Ok(bytes)
    }

    /// The annotations file of the briefing whose page is job `i`, from its page's bytes.
    fn annotations_of(&self, i: usize) -> Result<Page, Diagnostic> {
        let bytes = self.render(i)?;
        match self.plan.structure.jobs[i].kind {
            PageKind::Briefing(b) => Ok(exports::annotations_page(&self.site, b, &bytes)),
            _ => Err(Diagnostic::error(format!(
                "/{} is not a briefing page",
                self.plan.structure.jobs[i].path
            ))),
        }
    }

    /// Renders the first page of each kind, to find a template that fails.
    fn try_each_kind(&self) -> Result<(), Diagnostics> {
        let mut diags = Diagnostics::new();
        for i in self.plan.one_per_kind() {
            if let Err(d) = self.render(i) {
                diags.push(d);
            }
        }
        if diags.has_errors() {
            diags.sort();
            return Err(diags);
        }
        Ok(())
    }

    fn data(&self) -> &HashMap<String, Bytes> {
        self.data.get_or_init(|| {
            self.plan
                .data_files(&self.site)
                .into_iter()
                .map(|p| (p.path, p.bytes))
                .collect()
        })
    }

    fn search(&self) -> &HashMap<String, Bytes> {
        self.search.get_or_init(|| {
            search::search_files(&self.site, &self.plan.views)
                .into_iter()
                .map(|p| (p.path, p.bytes))
                .collect()
        })
    }
}

/// Whether the briefings' pages of `b` are those of `a`: the same briefings at the same
/// addresses, first in both lists of pages (what the annotations files are found by).
fn same_briefing_pages(a: &RenderPlan, b: &RenderPlan) -> bool {
    briefing_pages(a).eq(briefing_pages(b))
}

/// Each briefing's page: its index in the list of pages, the briefing and the path.
fn briefing_pages(
    plan: &RenderPlan,
) -> impl Iterator<Item = (usize, crate::model::BriefingIx, &str)> + '_ {
    briefing_jobs(plan).map(|(i, b)| (i, b, plan.structure.jobs[i].path.as_str()))
}

/// The briefing pages of `plan`: index of the job and the briefing.
fn briefing_jobs(
    plan: &RenderPlan,
) -> impl Iterator<Item = (usize, crate::model::BriefingIx)> + '_ {
    plan.structure
        .jobs
        .iter()
        .enumerate()
        .filter_map(|(i, j)| match j.kind {
            PageKind::Briefing(b) => Some((i, b)),
            _ => None,
        })
}
