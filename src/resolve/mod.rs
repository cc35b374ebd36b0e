//! From the site as written to the site model: every annotation anchored in its briefing,
//! every id linked, events merged, back-references gathered, and every problem collected.
//!
//! Resolve is pure: it takes a [`SiteSource`] and returns a [`Site`] or all the diagnostics
//! that stop it. This is where every check of FORMAT.md lives (the raw/resolved split that
//! ripgrep makes between its flags and its configuration).

pub mod anchor;
pub mod mentions;

mod actors;
mod briefing;
mod drift;
mod events;
mod ids;
mod links;
mod refs;
mod warnings;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::config::LinkMentions;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::SiteSource;
use crate::markdown::MarkdownOptions;
use crate::model::{Home, Mention, Site};

use briefing::{BriefingContext, BriefingDraft, resolve_briefing};
use mentions::MentionFinder;

/// Choices that change what resolve produces.
#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// Include briefings marked `draft: true`.
    pub drafts: bool,
    /// The address the site is published at, overriding `site.toml`'s `base_url`.
    pub base_url: Option<String>,
    /// Some files failed to load and are missing from the source: skip the checks a missing
    /// file could satisfy (an event's `date` or `title` may be in a sidecar that failed), so
    /// the errors reported are real ones, not echoes of the failed file.
    pub incomplete: bool,
}

/// A resolved site and the warnings found on the way.
#[derive(Debug)]
pub struct Resolved {
    /// The site model.
    pub site: Site,
    /// Problems that do not stop the build.
    pub warnings: Diagnostics,
}

/// The first parts of addresses gloss itself uses; a briefing folder may not take them.
const RESERVED: [&str; 6] = ["actors", "timeline", "quotes", "claims", "search", "tags"];

/// Resolves a loaded site into the site model, or returns every error found.
pub fn resolve(src: &SiteSource, opts: &ResolveOptions) -> Result<Resolved, Diagnostics> {
    let mut diags = Diagnostics::new();
    let table = actors::resolve_actors(src, &mut diags);
    let markdown = MarkdownOptions {
        smart_punctuation: src.config.markdown.smart_punctuation,
        unsafe_html: src.config.markdown.unsafe_html,
        link_root: None,
    };
    let sources: Vec<_> = src
        .briefings
        .iter()
        .filter(|b| opts.drafts || !b.front.draft)
        .collect();
    let mut drafts: Vec<BriefingDraft<'_>> = sources
        .par_iter()
        .map(|b| {
            let file_text = src.texts.0.get(&b.path).map_or("", |t| &**t);
            let cx = BriefingContext {
                actors: &table,
                markdown: markdown.clone(),
                file_text,
            };
            resolve_briefing(b, &cx)
        })
        .collect();
    drafts.sort_by(|a, b| {
        b.briefing
            .date
            .cmp(&a.briefing.date)
            .then_with(|| a.briefing.url_path.cmp(&b.briefing.url_path))
    });
    for d in &mut drafts {
        diags.extend(std::mem::take(&mut d.diags));
    }
    check_addresses(&drafts, &mut diags);

    let per_briefing: Vec<_> = drafts.iter().map(|d| d.events.clone()).collect();
    let merged = events::merge_events(&per_briefing, &table, opts.incomplete, &mut diags);
    let written_tags: Vec<Vec<String>> = drafts.iter().map(|d| d.tag_names.clone()).collect();
    let mut briefings: Vec<_> = drafts.into_iter().map(|d| d.briefing).collect();
    for (b, cites) in briefings.iter_mut().zip(merged.citations) {
        b.events = cites;
    }
    let mut actors = table.actors;
    find_mentions(
        &mut briefings,
        &actors,
        src.config.annotations.link_mentions,
    );
    refs::link_actors(&mut briefings, &mut actors, &merged.events);
    let tags = refs::collect_tags(&briefings, &written_tags);

    let base_url = base_url(src, opts, &mut diags);
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    let mut warnings = src.warnings.clone();
    warnings::unused_actors(src, &actors, &mut warnings);
    warnings::unnamed_speakers(src, &briefings, &actors, &mut warnings);
    warnings.sort();
    let home = src.home.as_ref().map_or_else(Home::default, |h| Home {
        title: h.title.clone(),
        body: h.body.clone(),
    });
    Ok(Resolved {
        site: Site {
            config: src.config.clone(),
            base_url,
            home,
            briefings,
            actors,
            events: merged.events,
            tags,
            static_files: src.static_files.clone(),
            templates: src.templates.clone(),
            theme: src.theme.clone(),
        },
        warnings,
    })
}

/// Two briefings with one address, or a briefing on an address gloss uses itself.
fn check_addresses(drafts: &[BriefingDraft<'_>], diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, &BriefingDraft<'_>> = HashMap::new();
    for d in drafts {
        let path = d.briefing.url_path.as_str();
        let first = path.split('/').next().unwrap_or_default();
        if RESERVED.contains(&first) {
            diags.push(
                Diagnostic::error(format!(
                    "the briefing's address /{path} is inside /{first}/, which gloss uses for its own pages"
                ))
                .at(d.address_loc.clone())
                .label("address taken")
                .suggest(format!("move the briefing out of content/{first}/")),
            );
        }
        if let Some(other) = seen.get(path) {
            diags.push(
                Diagnostic::error(format!("two pages have the address /{path}"))
                    .at(d.address_loc.clone())
                    .label("this briefing")
                    .related(other.address_loc.clone(), "and this one")
                    .suggest("give one of them another `slug`"),
            );
        } else {
            seen.insert(path, d);
        }
    }
}

/// Finds every mention of an actor's name or alias; keeps what `link_mentions` links.
/// (Every mention counts for back-references: `none` only stops the linking, which render
/// decides from the same list, so here `none` keeps the first mentions too.)
fn find_mentions(
    briefings: &mut [crate::model::Briefing],
    actors: &[crate::model::Actor],
    mode: LinkMentions,
) {
    let names: Vec<(String, usize)> = actors
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            std::iter::once((a.name.clone(), i))
                .chain(a.aliases.iter().map(move |x| (x.clone(), i)))
        })
        .collect();
    let finder = MentionFinder::new(&names);
    let all = mode == LinkMentions::All;
    briefings.par_iter_mut().for_each(|b| {
        b.mentions = finder
            .find(&b.plain, all)
            .into_iter()
            .map(|(span, actor)| Mention {
                span,
                actor: crate::model::ActorIx(actor),
            })
            .collect();
        b.named = finder
            .named(&b.plain)
            .into_iter()
            .map(crate::model::ActorIx)
            .collect();
    });
}

fn base_url(src: &SiteSource, opts: &ResolveOptions, diags: &mut Diagnostics) -> String {
    let raw = opts
        .base_url
        .clone()
        .or_else(|| src.config.base_url.clone())
        .unwrap_or_else(|| "http://127.0.0.1/".to_string());
    let lower = raw.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        diags.push(
            Diagnostic::error(format!("base_url `{raw}` is not an http or https address"))
                .at(Location::file("site.toml"))
                .suggest(
                    "write it like `https://example.org/` or `https://example.org/briefings/`",
                ),
        );
    }
    if raw.ends_with('/') {
        raw
    } else {
        format!("{raw}/")
    }
}
