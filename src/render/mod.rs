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
mod layout;
mod pages;
mod search;
mod shared;
mod theme;
pub mod views;

pub use cache::RenderCache;

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use rayon::prelude::*;

use crate::config::LinkMentions;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::markdown::{Decoration, Element, Highlighter, MarkdownOptions, render_html};
use crate::model::{Briefing, BriefingIx, Site};

use pages::{Html, PageInputs, PageJob, PageKind, PageVars};
use shared::SharedViews;
use views::SiteViews;

/// One file of the output: where it goes and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Path inside the output folder, `/`-separated, never absolute, never with `..`.
    pub path: String,
    /// The file's contents (reference-counted: a page reused from a cache is not copied).
    pub bytes: Bytes,
}

impl Page {
    /// A file of the output.
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Page {
            path: path.into(),
            bytes: Bytes::from(bytes.into()),
        }
    }
}

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

/// What the render of one page leaves for the next render, and whether it had to render
/// the template (and the briefing text) or took them from the cache.
struct Rendered {
    path: String,
    fingerprint: u64,
    bytes: Bytes,
    rendered: bool,
    text: Option<BriefingText>,
}

/// A briefing's annotated HTML: its address, the fingerprint of its Markdown and marks, the
/// HTML, and whether it was rendered now (rather than taken from the cache).
struct BriefingText {
    path: String,
    key: u64,
    html: Arc<str>,
    rendered: bool,
}

/// Renders every page and asset of a site and hands each to `sink` as soon as it is ready,
/// in parallel; nothing is kept but what `cache` keeps (when given, unchanged pages are
/// reused from it and this render's outputs left in it). Returns how many files it made.
pub fn render_to(
    site: &Site,
    cache: Option<&mut RenderCache>,
    sink: &PageSink<'_>,
) -> Result<usize, Diagnostics> {
    render_jobs(site, cache, sink, Scope::All)
}

/// Renders the first page of each kind (a briefing, an actor, a tag, each index) and
/// discards it: what `check` runs to find template errors without rendering the whole site.
/// A template that fails only on some pages of a kind (on a field that is null there) is
/// found by `build`, which renders them all.
pub fn render_sample(site: &Site) -> Result<(), Diagnostics> {
    render_jobs(site, None, &|_| Ok(()), Scope::OnePerKind).map(|_| ())
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
    sink: &PageSink<'_>,
    scope: Scope,
) -> Result<usize, Diagnostics> {
    let mut phases = crate::phases::Phases::from_env();
    let templates = theme::templates(site);
    let tera = theme::compile(&templates)?;
    let highlight_css = crate::markdown::highlight::theme_css(
        &site.config.markdown.highlight_theme,
    )
    .map_err(|e| {
        Diagnostics::from(
            Diagnostic::error(format!(
                "unknown highlight theme `{}`",
                site.config.markdown.highlight_theme
            ))
            .at(Location::file("site.toml"))
            .note(e),
        )
    })?;
    let md = MarkdownOptions {
        smart_punctuation: site.config.markdown.smart_punctuation,
        unsafe_html: site.config.markdown.unsafe_html,
        link_root: Some(views::root_path(&site.base_url)),
    };
    let highlighter = Highlighter::new();
    let render_md = |text: &str| render_html(text, &md, &[], &highlighter);
    let layout = layout::Layout::of(site);
    let views = views::build_views(site, &layout);
    let keep = cache.is_some();
    let shared = SharedViews::new(site, &views, &layout, keep, &render_md);
    phases.mark("render: views");

    let jobs = pages::jobs(site, &layout);
    unique_paths(site, &jobs)?;
    let assets = match scope {
        Scope::All => assets(site, &views, &layout, &jobs, highlight_css)?,
        Scope::OnePerKind => Vec::new(),
    };
    let todo: Vec<&PageJob> = match scope {
        Scope::All => jobs.iter().collect(),
        Scope::OnePerKind => {
            let mut seen = Vec::new();
            jobs.iter()
                .filter(|j| {
                    let kind = std::mem::discriminant(&j.kind);
                    let first = !seen.contains(&kind);
                    if first {
                        seen.push(kind);
                    }
                    first
                })
                .collect()
        }
    };
    let templates_fp = if keep {
        let texts: Vec<(&str, &str)> = templates
            .iter()
            .map(|f| (f.name.as_str(), f.text.as_str()))
            .collect();
        crate::fingerprint::of(&(texts, &shared.site))
    } else {
        0
    };
    let intro = (!site.home.body.trim().is_empty()).then(|| render_md(&site.home.body));
    let inputs = PageInputs {
        site,
        views: &views,
        shared: &shared,
        layout: &layout,
    };
    let old = cache.as_deref_mut().map(std::mem::take).unwrap_or_default();
    let job_cx = JobContext {
        inputs: &inputs,
        tera: &tera,
        templates: &templates,
        md: &md,
        highlighter: &highlighter,
        intro: intro.as_deref(),
        jobs: &jobs,
        old: &old,
        keep,
        templates_fp,
        sink,
    };
    let results: Vec<Result<Option<Rendered>, Diagnostic>> =
        todo.par_iter().map(|job| job_cx.run(job)).collect();
    phases.mark("render: pages");
    let mut diags = Diagnostics::new();
    let mut next = RenderCache::default();
    for r in results {
        match r {
            Ok(Some(r)) => {
                next.rendered_pages += usize::from(r.rendered);
                if let Some(t) = r.text {
                    next.rendered_briefings += usize::from(t.rendered);
                    next.briefings.insert(t.path, (t.key, t.html));
                }
                next.pages.insert(r.path, (r.fingerprint, r.bytes));
            }
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    crate::drop_later((old, views, shared));
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    let files = todo.len() + assets.len();
    for page in assets {
        sink(page).map_err(Diagnostics::from)?;
    }
    phases.mark("render: assets");
    if let Some(cache) = cache {
        *cache = next;
    }
    Ok(files)
}

/// Everything the render of one page reads.
struct JobContext<'a> {
    inputs: &'a PageInputs<'a>,
    tera: &'a tera::Tera,
    templates: &'a [theme::ThemeFile],
    md: &'a MarkdownOptions,
    highlighter: &'a Highlighter,
    intro: Option<&'a str>,
    jobs: &'a [PageJob],
    old: &'a RenderCache,
    keep: bool,
    templates_fp: u64,
    sink: &'a PageSink<'a>,
}

impl JobContext<'_> {
    /// Renders one page (or takes it from the cache) and hands it to the sink; returns what
    /// the cache keeps of it, when it keeps anything.
    fn run(&self, job: &PageJob) -> Result<Option<Rendered>, Diagnostic> {
        let cx = self.inputs;
        let mut text = None;
        let vars: Box<dyn PageVars + '_> = match job.kind {
            PageKind::Briefing(b) => {
                let t = self.briefing_text(b);
                let content = Html {
                    key: t.key,
                    html: t.html.clone(),
                };
                if self.keep {
                    text = Some(t);
                }
                Box::new(pages::briefing(cx, b, content))
            }
            PageKind::Actor(a) => {
                let description = cx.site.actors[a.0].description.as_deref().map(|d| Html {
                    key: crate::fingerprint::of(&d),
                    html: render_html(d, self.md, &[], self.highlighter).into(),
                });
                Box::new(pages::actor(cx, a, description))
            }
            PageKind::ActorList(a, list, page) => Box::new(pages::actor_list(cx, a, list, page)),
            PageKind::Tag(t, page) => Box::new(pages::tag(cx, t, page)),
            PageKind::Archive(f, page) => Box::new(pages::archive(cx, f, page)),
            PageKind::Home => Box::new(pages::home(cx, self.intro)),
            PageKind::ActorsIndex(page) => Box::new(pages::actors_index(cx, page)),
            PageKind::Event(e, page) => Box::new(pages::event(cx, e, page)),
            PageKind::Timeline => pages::timeline(cx),
            PageKind::TimelineYear(y, page) => Box::new(pages::timeline_year(cx, y, page)),
            PageKind::TimelineMonth(y, m, page) => Box::new(pages::timeline_month(cx, y, m, page)),
            PageKind::QuotesIndex(page) => pages::quotes_index(cx, page),
            PageKind::ClaimsIndex => pages::claims_index(cx),
            PageKind::ClaimsStatus(s, page) => Box::new(pages::claims_status(cx, s, page)),
            PageKind::TagsIndex(page) => Box::new(pages::tags_index(cx, page)),
            PageKind::Search => Box::new(pages::search(cx)),
            PageKind::NotFound => Box::new(pages::not_found(cx)),
            PageKind::Atom => Box::new(pages::atom(cx)),
            PageKind::Sitemap => pages::sitemap(cx, self.jobs),
            PageKind::SitemapPart(n) => Box::new(pages::sitemap_part(cx, self.jobs, n)),
        };
        let template = template_of(job.kind, cx.layout, self.jobs);
        let fingerprint = if self.keep {
            let mut h = DefaultHasher::new();
            self.templates_fp.hash(&mut h);
            template.hash(&mut h);
            vars.fingerprint(&mut h);
            h.finish()
        } else {
            0
        };
        let (bytes, rendered) = match self.old.pages.get(&job.path) {
            Some((fp, bytes)) if self.keep && *fp == fingerprint => (bytes.clone(), false),
            _ => (self.render_template(job, template, vars.as_ref())?, true),
        };
        (self.sink)(Page {
            path: job.path.clone(),
            bytes: bytes.clone(),
        })?;
        Ok(self.keep.then(|| Rendered {
            path: job.path.clone(),
            fingerprint,
            bytes,
            rendered,
            text,
        }))
    }

    /// A briefing's annotated HTML, from the cache when its Markdown and marks are
    /// unchanged.
    fn briefing_text(&self, b: BriefingIx) -> BriefingText {
        let cx = self.inputs;
        let briefing = &cx.site.briefings[b.0];
        let decorations = decorations(cx.site, cx.views, briefing);
        let key = crate::fingerprint::of(&(&briefing.body, &decorations, self.md));
        let (html, rendered) = match self.old.briefings.get(&briefing.url_path) {
            Some((k, html)) if self.keep && *k == key => (html.clone(), false),
            _ => {
                let html = render_html(&briefing.body, self.md, &decorations, self.highlighter);
                (html.into(), true)
            }
        };
        BriefingText {
            path: briefing.url_path.clone(),
            key,
            html,
            rendered,
        }
    }

    fn render_template(
        &self,
        job: &PageJob,
        template: &str,
        vars: &dyn PageVars,
    ) -> Result<Bytes, Diagnostic> {
        let what = || format!("rendering /{} with `{template}` failed", job.path);
        let mut ctx = vars
            .context()
            .map_err(|e| theme::template_error(&e, self.templates, &what()))?;
        ctx.insert("site", &self.inputs.shared.site);
        self.tera
            .render(template, &ctx)
            .map(|html| Bytes::from(html.into_bytes()))
            .map_err(|e| theme::template_error(&e, self.templates, &what()))
    }
}

/// The template of each kind of page (the indexes that split when long have one for their
/// overview and one for their pages).
fn template_of(kind: PageKind, layout: &layout::Layout, jobs: &[PageJob]) -> &'static str {
    match kind {
        PageKind::Home => "index.html",
        PageKind::Briefing(_) => "briefing.html",
        PageKind::Actor(_) => "actor.html",
        PageKind::ActorList(..) => "actor-list.html",
        PageKind::Tag(..) => "tag.html",
        PageKind::Archive(..) => "archive.html",
        PageKind::ActorsIndex(_) => "actors.html",
        PageKind::Event(..) => "event.html",
        PageKind::Timeline if layout.years.is_some() => "timeline-overview.html",
        PageKind::Timeline => "timeline.html",
        PageKind::TimelineYear(..) | PageKind::TimelineMonth(..) => "timeline-period.html",
        PageKind::QuotesIndex(_) if layout.speakers.is_some() => "quote-speakers.html",
        PageKind::QuotesIndex(_) => "quotes.html",
        PageKind::ClaimsIndex if layout.statuses.is_some() => "claims-overview.html",
        PageKind::ClaimsIndex => "claims.html",
        PageKind::ClaimsStatus(..) => "claims-status.html",
        PageKind::TagsIndex(_) => "tags.html",
        PageKind::Search => "search.html",
        PageKind::NotFound => "404.html",
        PageKind::Atom => "atom.xml",
        PageKind::Sitemap if pages::sitemap_parts(jobs) > 1 => "sitemap-index.xml",
        PageKind::Sitemap | PageKind::SitemapPart(_) => "sitemap.xml",
    }
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
/// assets and the site's `static/` files over them. A static file that would replace a page
/// is an error.
fn assets(
    site: &Site,
    views: &SiteViews,
    layout: &layout::Layout,
    jobs: &[PageJob],
    highlight_css: String,
) -> Result<Vec<Page>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut out = vec![Page::new("highlight.css", highlight_css)];
    out.extend(search::search_files(site, views));
    out.extend(
        pages::timeline_event_map(site, layout)
            .into_iter()
            .map(|(path, bytes)| Page::new(path, bytes)),
    );
    match theme::theme_assets(site) {
        Ok(assets) => out.extend(
            assets
                .into_iter()
                .map(|(path, bytes)| Page::new(path, bytes)),
        ),
        Err(d) => diags.extend(d),
    }
    let page_paths: HashSet<&str> = jobs.iter().map(|j| j.path.as_str()).collect();
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
    Ok(out)
}

/// The marks of every annotation of a briefing and the links of its mentions.
fn decorations(site: &Site, views: &SiteViews, b: &Briefing) -> Vec<Decoration> {
    let mut decorations: Vec<Decoration> = Vec::new();
    let mut mark = |kind: &str, id: &str, span: &std::ops::Range<usize>, title: Option<String>| {
        let mut attrs = vec![
            ("data-ann".to_string(), format!("{kind}:{id}")),
            ("class".to_string(), format!("ann ann-{kind}")),
        ];
        if let Some(t) = title {
            attrs.push(("title".to_string(), t));
        }
        decorations.push(Decoration {
            range: span.clone(),
            element: Element::Mark,
            attrs,
            first_attrs: vec![("id".to_string(), format!("{kind}-{id}"))],
        });
    };
    for q in b.quotes.iter() {
        let who = &site.actors[q.speaker.0].name;
        mark("quote", &q.id, &q.span, Some(format!("Quote: {who}")));
    }
    for c in b.claims.iter() {
        let status = views::status_label(c.status);
        mark("claim", &c.id, &c.span, Some(format!("Claim: {status}")));
    }
    for n in b.notes.iter() {
        mark(
            "note",
            &n.id,
            &n.span,
            Some(format!("Note: {}", n.note.trim())),
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
            );
        }
    }
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
            });
        }
    }
    decorations
}
