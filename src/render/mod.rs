//! From the site model to pages: Markdown with `<mark>` pieces, then templates, in parallel,
//! touching no disk (but to read a custom theme's assets).
//!
//! The result is a list of [`Page`]s, output paths and bytes; writing them is
//! [`crate::write`]'s business.

mod cache;
mod pages;
mod theme;
pub mod views;

pub use cache::RenderCache;

use rayon::prelude::*;

use crate::config::LinkMentions;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::markdown::{Decoration, Element, Highlighter, MarkdownOptions, render_html};
use crate::model::{Briefing, BriefingIx, Site};

use pages::PageJob;
use views::SiteViews;

/// One file of the output: where it goes and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Path inside the output folder, `/`-separated, never absolute, never with `..`.
    pub path: String,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

impl Page {
    /// A file of the output.
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Page {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Renders every page and asset of a site.
pub fn render(site: &Site) -> Result<Vec<Page>, Diagnostics> {
    render_cached(site, &mut RenderCache::default())
}

/// Renders every page and asset of a site, reusing from `cache` each page and each
/// briefing text whose inputs are unchanged since the render that filled it, and leaving
/// this render's outputs in it for the next.
pub fn render_cached(site: &Site, cache: &mut RenderCache) -> Result<Vec<Page>, Diagnostics> {
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
    let views = views::build_views(site, &render_md);

    let site_json = serde_json::to_string(&views.site).unwrap_or_default();
    let template_texts: Vec<(&str, &str)> = templates
        .iter()
        .map(|f| (f.name.as_str(), f.text.as_str()))
        .collect();
    let templates_fp = cache::fingerprint(&(template_texts, site_json));

    let old_texts = std::mem::take(&mut cache.briefings);
    let texts: Vec<(String, u64, String, bool)> = site
        .briefings
        .par_iter()
        .map(|b| {
            let decorations = decorations(site, &views, b);
            let key = cache::fingerprint(&(&b.body, &decorations, &md));
            match old_texts.get(&b.url_path) {
                Some((k, html)) if *k == key => (b.url_path.clone(), key, html.clone(), false),
                _ => {
                    let html = render_html(&b.body, &md, &decorations, &highlighter);
                    (b.url_path.clone(), key, html, true)
                }
            }
        })
        .collect();
    cache.rendered_briefings = texts.iter().filter(|t| t.3).count();
    let mut jobs: Vec<PageJob> = texts
        .par_iter()
        .enumerate()
        .map(|(i, (_, _, html, _))| pages::briefing(site, &views, BriefingIx(i), html.clone()))
        .collect();
    cache.briefings = texts
        .into_iter()
        .map(|(path, key, html, _)| (path, (key, html)))
        .collect();
    jobs.extend(
        site.actors
            .par_iter()
            .enumerate()
            .map(|(i, a)| {
                let description = a.description.as_deref().map(render_md);
                pages::actor(site, &views, i, description)
            })
            .collect::<Vec<_>>(),
    );
    jobs.extend((0..site.tags.len()).map(|t| pages::tag(site, &views, t)));
    let intro = (!site.home.body.trim().is_empty()).then(|| render_md(&site.home.body));
    jobs.push(pages::home(site, &views, intro));
    jobs.push(pages::actors_index(&views));
    jobs.push(pages::timeline(&views));
    jobs.push(pages::quotes_index(&views));
    jobs.push(pages::claims_index(&views));
    jobs.push(pages::tags_index(&views));
    jobs.push(pages::search(&views));
    jobs.push(pages::not_found(&views));
    jobs.push(pages::atom(site, &views));
    let sitemap = pages::sitemap(site, &views, &jobs);
    jobs.push(sitemap);

    let old_pages = std::mem::take(&mut cache.pages);
    let rendered: Vec<(Result<Page, Diagnostic>, u64, bool)> = jobs
        .par_iter()
        .map(|job| {
            let fp = cache::page_fingerprint(templates_fp, job.template, &job.vars);
            match old_pages.get(&job.path) {
                Some((k, bytes)) if *k == fp => {
                    let page = Page {
                        path: job.path.clone(),
                        bytes: bytes.clone(),
                    };
                    (Ok(page), fp, false)
                }
                _ => (render_job(&tera, &templates, &views, job), fp, true),
            }
        })
        .collect();
    cache.rendered_pages = rendered.iter().filter(|r| r.2).count();
    let mut diags = Diagnostics::new();
    let mut out = Vec::with_capacity(rendered.len() + 8);
    for (r, fp, _) in rendered {
        match r {
            Ok(p) => {
                cache.pages.insert(p.path.clone(), (fp, p.bytes.clone()));
                out.push(p);
            }
            Err(d) => diags.push(d),
        }
    }
    out.push(Page {
        path: "highlight.css".into(),
        bytes: highlight_css.into_bytes(),
    });
    out.push(Page {
        path: "search.json".into(),
        bytes: pages::search_index(site, &views),
    });
    match theme::theme_assets(site) {
        Ok(assets) => out.extend(assets.into_iter().map(|(path, bytes)| Page { path, bytes })),
        Err(d) => diags.extend(d),
    }
    add_static_files(site, &mut out, &mut diags);
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// The site's `static/` files, over the theme's assets; one that would replace a page is
/// an error.
fn add_static_files(site: &Site, out: &mut Vec<Page>, diags: &mut Diagnostics) {
    for f in &site.static_files {
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
            Some(i) if out[i].path.ends_with(".html") || out[i].path.ends_with(".xml") => {
                diags.push(
                    Diagnostic::error(format!(
                        "static/{} would replace the page gloss writes at /{}",
                        f.output, f.output
                    ))
                    .at(Location::file(format!("static/{}", f.output)))
                    .suggest("rename or move the static file"),
                );
            }
            Some(i) => out[i].bytes = bytes,
            None => out.push(Page {
                path: f.output.clone(),
                bytes,
            }),
        }
    }
}

fn render_job(
    tera: &tera::Tera,
    templates: &[theme::ThemeFile],
    views: &SiteViews,
    job: &PageJob,
) -> Result<Page, Diagnostic> {
    let mut ctx = tera::Context::new();
    ctx.insert("site", &views.site);
    if let serde_json::Value::Object(map) = &job.vars {
        for (k, v) in map {
            ctx.insert(k.clone(), v);
        }
    }
    tera.render(job.template, &ctx)
        .map(|html| Page {
            path: job.path.clone(),
            bytes: html.into_bytes(),
        })
        .map_err(|e| {
            let what = format!("rendering /{} with `{}` failed", job.path, job.template);
            theme::template_error(&e, templates, &what)
        })
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
    for q in &b.quotes {
        let who = &site.actors[q.speaker.0].name;
        mark("quote", &q.id, &q.span, Some(format!("Quote: {who}")));
    }
    for c in &b.claims {
        let status = views::status_label(c.status);
        mark("claim", &c.id, &c.span, Some(format!("Claim: {status}")));
    }
    for n in &b.notes {
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
        for m in &b.mentions {
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
