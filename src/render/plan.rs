//! What a render of the site prepares before any page, and the render of one page from it.
//!
//! A [`RenderPlan`] holds everything a page is made from besides the model: the compiled
//! templates, the typed views and their shared template values, the layout of the lists and
//! the list of every page. `build` makes one and renders every page from it in parallel;
//! `serve` keeps one per build and renders each page when a browser first asks for it
//! ([`super::OnDemandSite`]). Either way a page is the same function of the same inputs, so
//! its bytes are the same.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use bytes::Bytes;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::markdown::contrast::Scheme;
use crate::markdown::{Highlighter, MarkdownOptions, render_html, render_scoped_html};
use crate::model::{BriefingIx, Site};

use super::cache::RenderCache;
use super::pages::{self, FeedContent, FeedOf, Html, PageInputs, PageJob, PageKind, PageVars};
use super::shared::{MakeFns, Makers, SharedStore, SharedViews};
use super::structure::Structure;
use super::views::{self, SiteViews};
use super::{Page, Previous, Search, decorations, layout, theme};

/// Everything the render of a page reads besides the site model, prepared once per render.
pub(crate) struct RenderPlan {
    templates: Vec<theme::ThemeFile>,
    tera: Arc<tera::Tera>,
    highlight_css: String,
    md: MarkdownOptions,
    highlighter: Arc<Highlighter>,
    /// The layout of the lists and every page of the site, briefings first.
    pub(super) structure: Structure,
    pub(super) views: SiteViews,
    shared: SharedStore,
    /// The home page's intro, rendered.
    intro: Option<String>,
    /// Whether pages are fingerprinted (for a cache).
    keep: bool,
    /// The fingerprint of the templates and of `site`, which every page reads.
    templates_fp: u64,
    /// By briefing index: the feed content of a briefing that some feed carries, kept
    /// once made (by its page or a feed), so that each feed neither makes its text nor
    /// escapes it again.
    feed_contents: Vec<OnceLock<FeedContent>>,
    /// By briefing index: the fingerprint of its Markdown and marks, once worked out.
    text_keys: Vec<OnceLock<u64>>,
}

/// How the site's Markdown is rendered to HTML: its settings in `site.toml`, and links
/// starting with `/` made relative to the address the site is published at.
pub(crate) fn markdown_options(site: &Site) -> MarkdownOptions {
    MarkdownOptions {
        smart_punctuation: site.config.markdown.smart_punctuation,
        unsafe_html: site.config.markdown.unsafe_html,
        link_root: Some(views::root_path(&site.base_url)),
    }
}

/// Hands each data export (`/graph.json`, `/timeline.json`, ...: see [`super::exports`]) to
/// `sink` as soon as it is made, rendering an event's summary with `md` and `highlighter`;
/// returns how many it made. It reads only the model, not a plan's views.
pub(crate) fn sink_data_files(
    site: &Site,
    md: &MarkdownOptions,
    highlighter: &Highlighter,
    sink: &super::PageSink<'_>,
) -> Result<usize, Diagnostic> {
    let markdown = |text: &str, scope: &str| render_scoped_html(text, md, highlighter, scope);
    let mut n = 0;
    for page in super::exports::data_files(site, &markdown) {
        sink(page)?;
        n += 1;
    }
    Ok(n)
}

impl std::fmt::Debug for RenderPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderPlan")
            .field("pages", &self.structure.jobs.len())
            .field("templates_fp", &self.templates_fp)
            .finish_non_exhaustive()
    }
}

/// What the render of one page leaves for a later render, and whether it had to render
/// the template (and the briefing text) or took them from an earlier render.
pub(crate) struct Rendered {
    pub(crate) path: String,
    pub(crate) fingerprint: u64,
    pub(crate) bytes: Bytes,
    pub(crate) rendered: bool,
    pub(crate) text: Option<BriefingText>,
}

/// A briefing's annotated HTML: its address, the fingerprint of its Markdown and marks, the
/// HTML, and whether it was rendered now (rather than taken from an earlier render).
pub(crate) struct BriefingText {
    pub(crate) path: String,
    pub(crate) key: u64,
    pub(crate) html: Arc<str>,
    pub(crate) rendered: bool,
}

/// How [`RenderPlan::with_vars`] gets the briefing texts a page shows.
#[derive(Clone, Copy)]
enum Texts<'e> {
    /// Made, or taken from an earlier render.
    Made(&'e Earlier<'e>),
    /// Only their fingerprints.
    KeysOnly,
}

/// The outputs of an earlier render that a page may reuse when its inputs are unchanged.
pub(crate) enum Earlier<'c> {
    /// Nothing to reuse (and nothing is fingerprinted).
    None,
    /// The last render's outputs, read only (`build` and the in-memory render).
    Of(&'c RenderCache),
    /// Outputs shared by the renders of several builds, read and added to as pages are
    /// rendered (`serve`).
    Shared(&'c Mutex<RenderCache>),
}

impl Earlier<'_> {
    /// What `find` finds in the earlier outputs, if there are any.
    fn find<T>(&self, find: impl FnOnce(&RenderCache) -> Option<T>) -> Option<T> {
        match self {
            Earlier::None => None,
            Earlier::Of(c) => find(c),
            Earlier::Shared(c) => find(&c.lock().unwrap_or_else(PoisonError::into_inner)),
        }
    }

    fn page(&self, path: &str, fingerprint: u64) -> Option<Bytes> {
        self.find(|c| {
            let (fp, bytes) = c.pages.get(path)?;
            (*fp == fingerprint).then(|| bytes.clone())
        })
    }

    fn text(&self, path: &str, key: u64) -> Option<Arc<str>> {
        self.find(|c| {
            let (k, html) = c.briefings.get(path)?;
            (*k == key).then(|| html.clone())
        })
    }
}

impl RenderPlan {
    /// Compiles the templates and builds the views and the list of pages of `site`
    /// (taking from `earlier`, the plan of an earlier build, the layout and the pages when
    /// the site has its shape, see [`Structure`], and the shared values of what did not
    /// change); `keep` fingerprints every view, for a cache of pages. Fails on a template that does not compile, an unknown highlight
    /// theme, or two pages at one path.
    pub(crate) fn new(
        site: &Site,
        keep: bool,
        highlighter: Arc<Highlighter>,
        earlier: Option<&RenderPlan>,
    ) -> Result<Self, Diagnostics> {
        let mut phases = crate::phases::Phases::from_env();
        let templates = theme::templates(site);
        // The templates compiled once for every build that has the same ones.
        let tera = match earlier.filter(|e| e.templates == templates) {
            Some(e) => e.tera.clone(),
            None => Arc::new(theme::compile(&templates)?),
        };
        let theme_css = |name: &str, scheme| {
            crate::markdown::highlight::theme_css(name, scheme).map_err(|e| {
                Diagnostics::from(
                    Diagnostic::error(format!("unknown highlight theme `{name}`"))
                        .at(Location::file("site.toml"))
                        .note(e),
                )
            })
        };
        let markdown_config = &site.config.markdown;
        // Code follows the reader's colour scheme: the light theme under
        // `prefers-color-scheme: light`, the dark one under `dark`. Each block alone, so no
        // colour of one theme shows through where the other has no rule for a class.
        let highlight_css = format!(
            "@media (prefers-color-scheme: light) {{\n{}}}\n@media (prefers-color-scheme: dark) {{\n{}}}\n",
            theme_css(&markdown_config.highlight_theme, Scheme::Light)?,
            theme_css(&markdown_config.highlight_theme_dark, Scheme::Dark)?
        );
        let md = markdown_options(site);
        phases.mark("plan: templates");
        let structure = Structure::of(site, earlier.map(|e| &e.structure))?;
        phases.mark("plan: layout and pages");
        let positions = earlier.map(|e| e.structure.earlier_positions(site));
        let views = views::build_views(
            site,
            &structure.layout,
            earlier
                .zip(positions.as_deref())
                .map(|(e, p)| (&e.views, p)),
        );
        phases.mark("plan: views");
        // The store checks that it fingerprints as the earlier one did; the root is checked here.
        let kept = earlier.filter(|e| e.views.site.root == views.site.root);
        let shared = SharedStore::new(
            site,
            &views,
            keep,
            (kept.zip(positions.as_deref())).map(|(e, p)| (&e.shared, &e.structure, p)),
        );
        phases.mark("plan: shared views");
        let templates_fp = if keep {
            let texts: Vec<(&str, &str)> = templates
                .iter()
                .map(|f| (f.name.as_str(), f.text.as_str()))
                .collect();
            crate::fingerprint::of(&(texts, shared.site()))
        } else {
            0
        };
        let intro = (!site.home.body.trim().is_empty())
            .then(|| render_html(&site.home.body, &md, &[], &highlighter));
        let feed_contents = (0..site.briefings.len()).map(|_| OnceLock::new()).collect();
        let text_keys = (0..site.briefings.len()).map(|_| OnceLock::new()).collect();
        Ok(RenderPlan {
            templates,
            tera,
            highlight_css,
            md,
            highlighter,
            structure,
            views,
            shared,
            intro,
            keep,
            templates_fp,
            feed_contents,
            text_keys,
        })
    }

    /// The fingerprint of the templates and of the site-wide values every page reads: when
    /// it changes, every page may change.
    pub(crate) fn templates_fingerprint(&self) -> u64 {
        self.templates_fp
    }

    /// The files that are not pages (see [`super::assets`]), with or without the search
    /// index (none of it when `previous` keeps it: the count is how many files it kept).
    pub(crate) fn assets(
        &self,
        site: &Site,
        search: Search,
        previous: Option<&dyn Previous>,
    ) -> Result<(Vec<Page>, usize), Diagnostics> {
        super::assets(
            site,
            &self.views,
            &self.structure,
            self.highlight_css.clone(),
            search,
            previous,
        )
    }

    /// The data exports (`/graph.json`, `/timeline.json`, ...): see [`super::exports`].
    pub(crate) fn data_files(&self, site: &Site) -> Vec<Page> {
        let markdown =
            |text: &str, scope: &str| render_scoped_html(text, &self.md, &self.highlighter, scope);
        super::exports::data_files(site, &markdown).collect()
    }

    /// The index in [`Self::jobs`] of the first page of each kind.
    pub(crate) fn one_per_kind(&self) -> Vec<usize> {
        let mut seen = Vec::new();
        (0..self.structure.jobs.len())
            .filter(|&i| {
                let kind = std::mem::discriminant(&self.structure.jobs[i].kind);
                let first = !seen.contains(&kind);
                if first {
                    seen.push(kind);
                }
                first
            })
            .collect()
    }

    /// Renders one page as [`Self::render`] does, unless `previous` keeps the file (and, for
    /// a briefing, its annotations) as the previous build made it from the same inputs:
    /// then `None`, and nothing is rendered at all.
    pub(crate) fn render_unless_kept(
        &self,
        site: &Site,
        job: &PageJob,
        earlier: &Earlier<'_>,
        previous: &dyn Previous,
    ) -> Result<Option<Rendered>, Diagnostic> {
        if self.keep {
            let template = template_of(job.kind, &self.structure.layout, &self.structure.jobs);
            let fingerprint = self.with_vars(site, job, Texts::KeysOnly, |vars, _| {
                self.fingerprint(template, vars)
            });
            let kept = previous.keep(&job.path, fingerprint)
                && match job.kind {
                    PageKind::Briefing(b) => previous.keep(
                        &super::exports::annotations_path(&site.briefings[b.0]),
                        super::exports::annotations_fingerprint(site, b, fingerprint),
                    ),
                    _ => true,
                };
            if kept {
                return Ok(None);
            }
        }
        self.render(site, job, earlier).map(Some)
    }

    /// Renders one page, or takes it from `earlier` when its fingerprint is unchanged.
    pub(crate) fn render(
        &self,
        site: &Site,
        job: &PageJob,
        earlier: &Earlier<'_>,
    ) -> Result<Rendered, Diagnostic> {
        let template = template_of(job.kind, &self.structure.layout, &self.structure.jobs);
        self.with_vars(site, job, Texts::Made(earlier), |vars, text| {
            let fingerprint = if self.keep {
                self.fingerprint(template, vars)
            } else {
                0
            };
            let (bytes, rendered) = match earlier.page(&job.path, fingerprint) {
                Some(bytes) => (bytes, false),
                None => (self.render_template(job, template, vars)?, true),
            };
            Ok(Rendered {
                path: job.path.clone(),
                fingerprint,
                bytes,
                rendered,
                text,
            })
        })
    }

    /// The fingerprint of a page: the templates and the site, its template, its variables.
    fn fingerprint(&self, template: &str, vars: &dyn PageVars) -> u64 {
        let mut h = DefaultHasher::new();
        self.templates_fp.hash(&mut h);
        template.hash(&mut h);
        vars.fingerprint(&mut h);
        h.finish()
    }

    /// Runs `with` on the variables of a page's template, and for a briefing its annotated
    /// text when it was made (with [`Texts::KeysOnly`] the variables hold only the
    /// fingerprints of the briefing texts they show: enough to fingerprint the page, not to
    /// render it).
    fn with_vars<R>(
        &self,
        site: &Site,
        job: &PageJob,
        texts: Texts<'_>,
        with: impl FnOnce(&dyn PageVars, Option<BriefingText>) -> R,
    ) -> R {
        let render_md =
            |text: &str, scope: &str| render_scoped_html(text, &self.md, &self.highlighter, scope);
        let makers = Makers {
            site,
            views: &self.views,
            layout: &self.structure.layout,
            store: &self.shared,
            render_md: &render_md,
        };
        let make = MakeFns::of(&makers);
        let shared = SharedViews::new(&self.shared, &make);
        let cx = PageInputs {
            site,
            views: &self.views,
            shared: &shared,
            layout: &self.structure.layout,
        };
        let mut text = None;
        let feed_text = |b: BriefingIx| match texts {
            Texts::KeysOnly => FeedContent::key_only(self.text_key(site, b)),
            Texts::Made(earlier) => self.feed_contents[b.0]
                .get_or_init(|| {
                    let t = self.briefing_text(site, b, earlier);
                    FeedContent::of(t.key, &t.html)
                })
                .clone(),
        };
        let vars: Box<dyn PageVars + '_> = match job.kind {
            PageKind::Briefing(b) => {
                let content = match texts {
                    Texts::KeysOnly => Html {
                        key: self.text_key(site, b),
                        html: Arc::from(""),
                    },
                    Texts::Made(earlier) => {
                        let t = self.briefing_text(site, b, earlier);
                        if self.structure.layout.in_feed[b.0] {
                            // Leave its feed content for the feeds that carry it.
                            self.feed_contents[b.0].get_or_init(|| FeedContent::of(t.key, &t.html));
                        }
                        let content = Html {
                            key: t.key,
                            html: t.html.clone(),
                        };
                        text = Some(t);
                        content
                    }
                };
                Box::new(pages::briefing(&cx, b, content))
            }
            PageKind::Actor(a) => {
                let description = site.actors[a.0].description.as_deref().map(|d| Html {
                    key: crate::fingerprint::of(&d),
                    html: render_html(d, &self.md, &[], &self.highlighter).into(),
                });
                Box::new(pages::actor(&cx, a, description))
            }
            PageKind::ActorList(a, list, page) => Box::new(pages::actor_list(&cx, a, list, page)),
            PageKind::Tag(t, page) => Box::new(pages::tag(&cx, t, page)),
            PageKind::Archive(f, page) => Box::new(pages::archive(&cx, f, page)),
            PageKind::Home => Box::new(pages::home(&cx, self.intro.as_deref())),
            PageKind::ActorsIndex(page) => Box::new(pages::actors_index(&cx, page)),
            PageKind::Event(e, page) => Box::new(pages::event(&cx, e, page)),
            PageKind::Timeline => pages::timeline(&cx),
            PageKind::TimelineYear(y, page) => Box::new(pages::timeline_year(&cx, y, page)),
            PageKind::TimelineMonth(y, m, page) => Box::new(pages::timeline_month(&cx, y, m, page)),
            PageKind::QuotesIndex(page) => pages::quotes_index(&cx, page),
            PageKind::ClaimsIndex => pages::claims_index(&cx),
            PageKind::ClaimsStatus(s, page) => Box::new(pages::claims_status(&cx, s, page)),
            PageKind::TagsIndex(page) => Box::new(pages::tags_index(&cx, page)),
            PageKind::Search => Box::new(pages::search(&cx)),
            PageKind::NotFound => Box::new(pages::not_found(&cx)),
            PageKind::Atom => Box::new(pages::atom(&cx, FeedOf::Site, &feed_text)),
            PageKind::TagFeed(t) => Box::new(pages::atom(&cx, FeedOf::Tag(t), &feed_text)),
            PageKind::ActorFeed(a) => Box::new(pages::atom(&cx, FeedOf::Actor(a), &feed_text)),
            PageKind::Sitemap => pages::sitemap(&cx, &self.structure.jobs),
            PageKind::SitemapPart(n) => Box::new(pages::sitemap_part(&cx, &self.structure.jobs, n)),
        };
        with(vars.as_ref(), text)
    }

    /// The fingerprint of a briefing's Markdown and marks, which its annotated text is made
    /// from (worked out once per render).
    fn text_key(&self, site: &Site, b: BriefingIx) -> u64 {
        *self.text_keys[b.0].get_or_init(|| self.briefing_key(site, b).0)
    }

    /// A briefing's marks, and the fingerprint of them with its Markdown (0 when the render
    /// fingerprints nothing).
    fn briefing_key(&self, site: &Site, b: BriefingIx) -> (u64, Vec<crate::markdown::Decoration>) {
        let briefing = &site.briefings[b.0];
        let decorations = decorations(site, &self.views, briefing, &self.md, &self.highlighter);
        let key = if self.keep {
            crate::fingerprint::of(&(&briefing.body, &decorations, &self.md))
        } else {
            0
        };
        (key, decorations)
    }

    /// A briefing's annotated HTML, from `earlier` when its Markdown and marks are
    /// unchanged.
    fn briefing_text(&self, site: &Site, b: BriefingIx, earlier: &Earlier<'_>) -> BriefingText {
        let briefing = &site.briefings[b.0];
        let (key, decorations) = self.briefing_key(site, b);
        let (html, rendered) = match earlier.text(&briefing.url_path, key) {
            Some(html) => (html, false),
            None => {
                let html = render_html(&briefing.body, &self.md, &decorations, &self.highlighter);
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
            .map_err(|e| theme::template_error(&e, &self.templates, &what()))?;
        ctx.insert("site", self.shared.site());
        self.tera
            .render(template, &ctx)
            .map(|html| Bytes::from(html.into_bytes()))
            .map_err(|e| theme::template_error(&e, &self.templates, &what()))
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
        PageKind::Atom | PageKind::TagFeed(_) | PageKind::ActorFeed(_) => "atom.xml",
        PageKind::Sitemap if pages::sitemap_parts(jobs) > 1 => "sitemap-index.xml",
        PageKind::Sitemap | PageKind::SitemapPart(_) => "sitemap.xml",
    }
}
