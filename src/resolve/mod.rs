//! From the site as written to the site model: every annotation anchored in its briefing,
//! every id linked, events merged, back-references gathered, and every problem collected.
//!
//! Resolve is pure: it takes a [`SiteSource`] and returns a [`Site`] or all the diagnostics
//! that stop it. This is where every check of FORMAT.md lives (the raw/resolved split that
//! ripgrep makes between its flags and its configuration).

pub mod anchor;
pub mod mentions;

mod actor_memo;
mod actors;
mod briefing;
mod drift;
mod events;
mod follow;
mod ids;
mod links;
mod refs;
mod remembered;
mod stored;
mod warnings;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::LinkMentions;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::SiteSource;
use crate::markdown::MarkdownOptions;
use crate::model::{Home, Mention, Site};

use briefing::{BriefingContext, BriefingDraft, resolve_briefing};
use stored::StoredDraft;

/// Whether a diagnostic reports an anchor that no longer picks one place (its words
/// changed, went, or now repeat elsewhere): what `serve` counts to offer `gloss check --fix`.
pub fn is_drift(d: &Diagnostic) -> bool {
    briefing::is_drift(d)
}
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
    /// Where each annotation anchored last time (`gloss.lock`), for what `check --fix` may
    /// do with anchors that drifted; `None` works as without a lock.
    pub lock: Option<Arc<crate::lock::Recorded>>,
    /// What earlier runs resolved (`.gloss-cache/`): a briefing whose source and actors
    /// are those of an entry there is taken from it, and one resolved without a problem is
    /// kept in it.
    pub disk: Option<Arc<crate::disk_cache::DiskCache>>,
}

/// A resolved site and the warnings found on the way.
#[derive(Debug)]
pub struct Resolved {
    /// The site model.
    pub site: Site,
    /// Problems that do not stop the build.
    pub warnings: Diagnostics,
}

/// What one resolve leaves for the next, so that `serve` resolves again only the briefings
/// whose files changed: each briefing resolved on its own (anchored, with its mentions
/// found), by its path, with the source it was resolved from and a fingerprint of the rest
/// of the site it read (the actors' ids, names and aliases, and the settings).
#[derive(Debug, Default)]
pub struct ResolveCache {
    /// Each briefing resolved, by path, with the fingerprint of the site it read and its
    /// facts (see [`remembered`]).
    drafts: HashMap<std::path::PathBuf, (u64, remembered::Facts, Arc<BriefingDraft>)>,
    /// The site-wide parts of the last resolve without errors.
    memory: Option<remembered::Remembered>,
    /// Whether the last resolve kept the site-wide parts of the one before (every briefing
    /// resolved again kept its place), rather than merging the whole site again.
    pub in_place: bool,
    /// Whether the last resolve, keeping the site-wide parts of the one before, put them
    /// in a new order (a briefing resolved again has another date or address).
    pub reordered: bool,
    /// Whether the last resolve, keeping the site-wide parts of the one before, made the
    /// tags again (a briefing resolved again carries other tags, or writes one otherwise).
    pub retagged: bool,
    /// How many briefings the last resolve resolved again (the rest were unchanged).
    pub resolved: usize,
    /// The actor table of the last resolve.
    actors: Option<Arc<actor_memo::ActorMemo>>,
}

/// The Markdown settings a briefing's plain text is made with (what anchoring and the
/// anchor lock read): those of `site.toml`, links as written.
pub(crate) fn plain_text_options(config: &crate::config::SiteConfig) -> MarkdownOptions {
    MarkdownOptions {
        smart_punctuation: config.markdown.smart_punctuation,
        unsafe_html: config.markdown.unsafe_html,
        link_root: None,
    }
}

/// Resolves a loaded site into the site model, or returns every error found.
pub fn resolve(src: &SiteSource, opts: &ResolveOptions) -> Result<Resolved, Diagnostics> {
    resolve_cached(src, opts, None)
}

/// [`resolve`], taking from `cache` each briefing whose source (the very value load gave,
/// unchanged files being shared) and actors are those of the resolve that filled it, and
/// leaving this resolve's briefings in it for the next.
pub fn resolve_cached(
    src: &SiteSource,
    opts: &ResolveOptions,
    mut cache: Option<&mut ResolveCache>,
) -> Result<Resolved, Diagnostics> {
    let mut phases = crate::phases::Phases::from_env();
    let mut diags = Diagnostics::new();
    let earlier = cache.as_deref_mut().and_then(|c| c.actors.take());
    let memo = actor_memo::ActorMemo::of(src, earlier);
    if let Some(c) = cache.as_deref_mut() {
        c.actors = Some(memo.clone());
    }
    diags.extend(memo.diags.iter().cloned());
    let table = &memo.table;
    let markdown = plain_text_options(&src.config);
    let mode = src.config.annotations.link_mentions;
    let finder = &memo.finder;
    let key = crate::fingerprint::of(&(memo.names, &markdown, mode == LinkMentions::All));
    let mut old = cache
        .as_deref_mut()
        .map(|c| std::mem::take(&mut c.drafts))
        .unwrap_or_default();
    let sources: Vec<_> = src
        .briefings
        .iter()
        .filter(|b| opts.drafts || !b.front.draft)
        .collect();
    let remember = cache.is_some();
    let drafts: Vec<remembered::Draft> = sources
        .par_iter()
        .map(|b| {
            let hit = old
                .get(&b.path)
                .filter(|(k, _, d)| *k == key && Arc::ptr_eq(&d.source, b));
            if let Some((_, facts, d)) = hit {
                return (d.clone(), false, *facts);
            }
            let stored = (opts.disk.as_deref()).zip(b.key.map(|k| k.and("briefing draft", key)));
            let from_disk = stored
                .and_then(|(disk, k)| disk.value::<StoredDraft>(k))
                .filter(|stored| stored::fits(stored, b, table.actors.len()))
                .map(|(mut briefing, events, address_loc, tag_names)| {
                    briefing.body = b.body.clone();
                    BriefingDraft {
                        source: (*b).clone(),
                        briefing,
                        events,
                        address_loc,
                        tag_names,
                        diags: Diagnostics::new(),
                    }
                });
            let d = from_disk.unwrap_or_else(|| {
                let file_text = src.texts.0.get(&b.path).map_or("", |t| &**t);
                let cx = BriefingContext {
                    actors: table,
                    markdown: markdown.clone(),
                    file_text,
                    lock: opts.lock.as_deref(),
                };
                let (mut d, index) = resolve_briefing(b, &cx);
                find_mentions(&mut d.briefing, &index, finder, mode);
                if let Some((disk, k)) = stored
                    && d.diags.is_empty()
                {
                    let shard = crate::disk_cache::Shard::of(&b.path);
                    let kept = (&d.briefing, &d.events, &d.address_loc, &d.tag_names);
                    disk.keep(shard, k, &kept);
                }
                d
            });
            let facts = if remember {
                remembered::facts(&d)
            } else {
                remembered::Facts::default()
            };
            (Arc::new(d), true, facts)
        })
        .collect();
    phases.mark("resolve: briefings");
    if let Some(cache) = cache.as_deref_mut() {
        cache.in_place = false;
        cache.reordered = false;
        cache.retagged = false;
        cache.resolved = drafts.iter().filter(|d| d.1).count();
        // The briefings taken from the cache stay in it as they are.
        for (d, fresh, f) in &drafts {
            if *fresh {
                old.insert(d.briefing.path.clone(), (key, *f, d.clone()));
            }
        }
        if old.len() != drafts.len() {
            let present: std::collections::HashSet<&std::path::Path> =
                drafts.iter().map(|d| d.0.briefing.path.as_path()).collect();
            old.retain(|p, _| present.contains(p.as_path()));
        }
        cache.drafts = old;
    }
    let memory = cache.as_deref_mut().and_then(|c| c.memory.take());
    if let Some(mut m) = memory.filter(|m| {
        m.key == key
            && m.drafts == opts.drafts
            && !opts.incomplete
            && !diags.has_errors()
            && m.defined == table.actors
    }) && let Some(placed) = remembered::same_places(&m, &drafts)
        && placed.iter().all(|(d, _, _)| !d.diags.has_errors())
        && addresses_clear(&m, &placed)
    {
        let (placed, reordered) = remembered::reorder(&mut m, placed);
        let retagged = remembered::retag(&mut m, &placed);
        phases.mark("resolve: order");
        if let Some(retold) = remembered::retold(&m, &placed, table) {
            if let Some(cache) = cache.as_deref_mut() {
                cache.reordered = reordered;
                cache.retagged = retagged;
            }
            let resolved = resolve_in_place(src, opts, table, m, &placed, retold, cache);
            phases.mark("resolve: in place");
            return resolved;
        }
    }
    // In site order, each with its place in the order load gave.
    let mut drafts: Vec<(usize, remembered::Draft)> = drafts.into_iter().enumerate().collect();
    drafts.sort_by(|(_, (a, _, _)), (_, (b, _, _))| site_order(&a.briefing, &b.briefing));
    let mut by_load = vec![0; drafts.len()];
    for (at, (load, _)) in drafts.iter().enumerate() {
        by_load[*load] = at;
    }
    let facts: Vec<remembered::Facts> = drafts.iter().map(|(_, d)| d.2).collect();
    let drafts: Vec<Arc<BriefingDraft>> = drafts.into_iter().map(|(_, (d, _, _))| d).collect();
    let sources: Vec<Arc<crate::load::BriefingSource>> =
        drafts.iter().map(|d| d.source.clone()).collect();
    for d in &drafts {
        diags.extend(d.diags.iter().cloned());
    }
    check_addresses(drafts.iter().map(|d| &**d), &mut diags);
    phases.mark("resolve: sort, addresses");

    let per_briefing: Vec<_> = drafts.iter().map(|d| d.event_items()).collect();
    let merged = events::merge_events(&per_briefing, table, opts.incomplete, &mut diags);
    let written_tags: Vec<Vec<String>> = drafts.iter().map(|d| d.tag_names.clone()).collect();
    drop(per_briefing);
    phases.mark("resolve: events merged");
    // Without a cache each draft has no other owner, and its briefing is moved, not copied.
    let mut briefings: Vec<_> = drafts
        .into_iter()
        .map(|d| Arc::try_unwrap(d).map_or_else(|d| d.briefing.clone(), |d| d.briefing))
        .collect();
    for (b, cites) in briefings.iter_mut().zip(merged.citations) {
        b.events = cites;
    }
    phases.mark("resolve: briefings taken");
    let defined = remember.then(|| table.actors.clone());
    let by_id = &table.by_id;
    let mut actors = table.actors.clone();
    refs::link_actors(&mut briefings, &mut actors, &merged.events);
    let tags = refs::collect_tags(
        (briefings.iter().zip(&written_tags)).map(|(b, w)| (&b.tags[..], &w[..])),
    );
    phases.mark("resolve: back-references");

    let base_url = base_url(src, opts, &mut diags);
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    let mut unused = Diagnostics::new();
    warnings::unused_actors(src, &actors, &mut unused);
    let unnamed: Vec<Vec<Diagnostic>> = briefings
        .iter()
        .zip(&sources)
        .map(|(b, s)| warnings::unnamed_speakers(s.sidecar.as_ref(), b, by_id, &actors))
        .collect();
    let mut warnings = src.warnings.clone();
    warnings.extend(unused.iter().cloned());
    warnings.extend(unnamed.iter().flatten().cloned());
    warnings.sort();
    let involved: Vec<Vec<crate::model::ActorIx>> = if defined.is_some() {
        briefings.iter().map(|b| b.actors.clone()).collect()
    } else {
        Vec::new()
    };
    let briefings: Vec<Arc<crate::model::Briefing>> = briefings.into_iter().map(Arc::new).collect();
    let actors: Arc<[crate::model::Actor]> = actors.into();
    let events: Arc<[crate::model::Event]> = merged.events.into();
    let tags: Arc<[crate::model::Tag]> = tags.into();
    // A resolve of a site some of whose files failed to load skipped checks those files
    // could satisfy (an event's title may be in a sidecar that failed): what it merged is
    // not remembered, so the next resolve merges the whole site and reports what is missing.
    if let (Some(cache), Some(defined), false) = (cache, defined, opts.incomplete) {
        cache.memory = Some(remembered::Remembered {
            key,
            drafts: opts.drafts,
            defined,
            by_load,
            facts,
            involved,
            unnamed,
            briefings: briefings.clone(),
            actors: actors.clone(),
            event_ix: events
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.clone(), crate::model::EventIx(i)))
                .collect(),
            events: events.clone(),
            tags: tags.clone(),
            unused: unused.0,
        });
    }
    phases.mark("resolve: warnings");
    Ok(Resolved {
        site: site_of(src, base_url, briefings, actors, events, tags),
        warnings,
    })
}

/// The site when every briefing kept its place (see [`remembered`]): the last resolve's
/// events (but those `retold`, merged again), actors, tags and warnings about them, with
/// this resolve's briefings.
fn resolve_in_place(
    src: &SiteSource,
    opts: &ResolveOptions,
    table: &actors::ActorTable,
    mut m: remembered::Remembered,
    placed: &[remembered::Draft],
    retold: Vec<(crate::model::EventIx, crate::model::Event)>,
    cache: Option<&mut ResolveCache>,
) -> Result<Resolved, Diagnostics> {
    // The events told anew, and the briefings citing those whose actors changed: those
    // involve other actors now, whether or not they were resolved again.
    let before_events = m.events.clone();
    let mut recast: Vec<(crate::model::EventIx, Vec<crate::model::ActorIx>)> = Vec::new();
    let mut events_of_others: Vec<crate::model::BriefingIx> = Vec::new();
    if !retold.is_empty() {
        let mut events = m.events.to_vec();
        for (ix, event) in retold {
            let was = &events[ix.0];
            if was.actors != event.actors {
                events_of_others.extend(was.cited_by.iter().copied());
                recast.push((ix, was.actors.clone()));
            }
            events[ix.0] = event;
        }
        events_of_others.sort_unstable();
        events_of_others.dedup();
        m.events = events.into();
    }
    // A briefing taken from the cache is the very one of the last site; only those
    // resolved again are placed anew. Those whose people changed, or who cite an event
    // with other actors, involve other actors, whose back-references are gathered again.
    let mut changed: Vec<refs::Changed> = Vec::new();
    let briefings: Vec<Arc<crate::model::Briefing>> = placed
        .iter()
        .enumerate()
        .map(|(at, (d, fresh, facts))| {
            let recast_events = events_of_others
                .binary_search(&crate::model::BriefingIx(at))
                .is_ok();
            if !*fresh && !recast_events {
                return m.briefings[at].clone();
            }
            let mut b = if *fresh {
                remembered::placed(&m, d, at)
            } else {
                (*m.briefings[at]).clone()
            };
            if facts.people != m.facts[at].people || recast_events {
                let after = refs::involvement(&b, &m.events);
                b.actors.clone_from(&after.involved);
                changed.push(refs::Changed {
                    at: crate::model::BriefingIx(at),
                    before: refs::involvement(&m.briefings[at], &before_events),
                    after,
                });
                m.involved[at].clone_from(&b.actors);
            }
            m.facts[at] = *facts;
            Arc::new(b)
        })
        .collect();
    if !changed.is_empty() || !recast.is_empty() {
        let mut actors = m.actors.to_vec();
        for (ix, before) in &recast {
            refs::relist_event(&mut actors, *ix, before, &m.events[ix.0].actors);
        }
        let involved: Vec<&[crate::model::ActorIx]> =
            briefings.iter().map(|b| b.actors.as_slice()).collect();
        refs::relink_actors(&mut actors, &changed, &involved);
        m.actors = actors.into();
        let mut unused = Diagnostics::new();
        warnings::unused_actors(src, &m.actors, &mut unused);
        m.unused = unused.0;
    }
    for (at, (d, fresh, _)) in placed.iter().enumerate() {
        if *fresh {
            m.unnamed[at] = warnings::unnamed_speakers(
                d.source.sidecar.as_ref(),
                &briefings[at],
                &table.by_id,
                &m.actors,
            );
        }
    }
    m.briefings.clone_from(&briefings);
    let mut diags = Diagnostics::new();
    let base_url = base_url(src, opts, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let mut warnings = src.warnings.clone();
    warnings.extend(m.unused.iter().cloned());
    warnings.extend(m.unnamed.iter().flatten().cloned());
    warnings.sort();
    let site = site_of(
        src,
        base_url,
        briefings,
        m.actors.clone(),
        m.events.clone(),
        m.tags.clone(),
    );
    if let Some(cache) = cache {
        cache.memory = Some(m);
        cache.in_place = true;
    }
    Ok(Resolved { site, warnings })
}

/// The site model from its resolved parts and the settings of `src`.
fn site_of(
    src: &SiteSource,
    base_url: String,
    briefings: Vec<Arc<crate::model::Briefing>>,
    actors: Arc<[crate::model::Actor]>,
    events: Arc<[crate::model::Event]>,
    tags: Arc<[crate::model::Tag]>,
) -> Site {
    let home = src.home.as_ref().map_or_else(Home::default, |h| Home {
        title: h.title.clone(),
        body: h.body.clone(),
    });
    Site {
        config: src.config.clone(),
        base_url,
        home,
        briefings,
        actors,
        events,
        tags,
        static_files: src.static_files.clone(),
        templates: src.templates.clone(),
        theme: src.theme.clone(),
    }
}

/// The site's order of briefings: newest first, then by address.
fn site_order(a: &crate::model::Briefing, b: &crate::model::Briefing) -> std::cmp::Ordering {
    b.date
        .cmp(&a.date)
        .then_with(|| a.url_path.cmp(&b.url_path))
}

/// Whether the briefings `placed` (in the last resolve's order) are at addresses that
/// [`check_addresses`] finds nothing wrong with: looked at only when one of them has
/// another address than it had there (those of the last resolve were clear).
fn addresses_clear(m: &remembered::Remembered, placed: &[remembered::Draft]) -> bool {
    let readdressed = (placed.iter().zip(&m.facts).zip(&m.briefings))
        .any(|(((d, _, now), was), b)| now.order != was.order && d.briefing.url_path != b.url_path);
    if !readdressed {
        return true;
    }
    let mut problems = Diagnostics::new();
    check_addresses(placed.iter().map(|(d, _, _)| &**d), &mut problems);
    !problems.has_errors()
}

/// Two briefings with one address, or a briefing on an address gloss uses itself.
fn check_addresses<'a>(
    drafts: impl IntoIterator<Item = &'a BriefingDraft>,
    diags: &mut Diagnostics,
) {
    let mut seen: HashMap<&str, &BriefingDraft> = HashMap::new();
    for d in drafts {
        let path = d.briefing.url_path.as_str();
        let first = path.split('/').next().unwrap_or_default();
        if crate::model::address::RESERVED.contains(&first) {
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

/// Finds every mention of an actor's name or alias in a briefing; keeps what
/// `link_mentions` links. (Every mention counts for back-references: `none` only stops the
/// linking, which render decides from the same list, so here `none` keeps the first
/// mentions too.)
fn find_mentions(
    b: &mut crate::model::Briefing,
    index: &anchor::AnchorIndex,
    finder: &MentionFinder,
    mode: LinkMentions,
) {
    let (found, named) = finder.find_and_name_in(&b.plain, index);
    let every: Vec<Mention> = found
        .into_iter()
        .map(|(span, actor)| Mention {
            span,
            actor: crate::model::ActorIx(actor),
        })
        .collect();
    b.mentions = if mode == LinkMentions::All {
        every.iter().cloned().collect()
    } else {
        let mut seen = std::collections::HashSet::new();
        every
            .iter()
            .filter(|m| seen.insert(m.actor))
            .cloned()
            .collect()
    };
    b.every_mention = every.into();
    b.named = named.into_iter().map(crate::model::ActorIx).collect();
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

/// Where `check --fix` would put an annotation that the anchor lock remembers as `locked`,
/// in the reader's text of `markdown` (bytes of that text), or why it would not; with
/// `locked` `None`, what `--fix` does without a lock, from the sidecar's `text` alone. What
/// the re-anchoring benchmark (benches/reanchor) measures; pure.
pub fn refix(
    markdown: &str,
    opts: &MarkdownOptions,
    text: &str,
    locked: Option<&crate::lock::Anchored>,
) -> Result<std::ops::Range<usize>, String> {
    let plain = crate::markdown::PlainText::new(markdown, opts);
    let index = anchor::AnchorIndex::new(&plain);
    let written = crate::load::AnchorSource {
        text: crate::load::Located::new(text.to_string(), Location::file("bench.yaml")),
        prefix: None,
        suffix: None,
        occurrence: None,
    };
    let sel = anchor::Selector {
        text,
        ..anchor::Selector::default()
    };
    let not_found = match index.find(&sel) {
        Ok(place) => return Ok(place),
        Err(anchor::AnchorError::NotFound { .. }) => true,
        Err(_) => false,
    };
    match drift::decide(&index, &plain, &written, locked, not_found) {
        drift::Drift::Clear(rw) => {
            let sel = anchor::Selector {
                text: &rw.text,
                prefix: rw.prefix.as_deref(),
                suffix: None,
                occurrence: rw.occurrence,
            };
            index.find(&sel).map_err(|e| e.to_string())
        }
        drift::Drift::Gone => Err("gone".into()),
        drift::Drift::Tie(_) => Err("tie".into()),
        drift::Drift::Unclear(why) => Err(why),
    }
}
