//! Search that fetches little: an index of gloss's own, split into small files that the
//! search page's script (`gloss.js`) fetches only for the words of a query and the results
//! it shows, so a query costs a few hundred kilobytes whatever the size of the site.
//!
//! Every briefing, actor, quote, claim, event and note is a document of its own, linked to
//! its words: `<briefing>#quote-<id>`, `#claim-<id>`, `#note-<id>`; an event to the first
//! citing briefing that anchors it (`#event-<id>`), else to the first citing briefing; an
//! actor to its page. Documents are numbered briefing by briefing (a briefing, then its
//! quotes, claims, notes and the events it is the link of; the actors last), so a briefing
//! and its annotations share a chunk of metadata.
//!
//! [`tokens`] says what a word is (the same in Rust and in the script); [`index`] turns the
//! documents into files and says how they rank. The render stays a pure function: the
//! index is data returned with the other assets, the same bytes for the same site.

mod fold_table;
mod index;
mod tokens;

use std::borrow::Cow;

use rayon::prelude::*;

use crate::markdown::{MarkdownOptions, PlainText};
use crate::model::{Briefing, BriefingIx, EventIx, Site};
use crate::render::Page;
use crate::render::views::SiteViews;

use index::{DocKind, Field, SearchDoc};

/// The most characters of a snippet (before its `…`).
const SNIPPET_CHARS: usize = 160;
/// The most characters of a result's title (before its `…`).
const TITLE_CHARS: usize = 120;

/// The files of the site's search index, paths under the site root (`search/…`).
pub(crate) fn search_files(site: &Site, views: &SiteViews) -> Vec<Page> {
    search_files_unless_kept(site, views, &[], None).0
}

/// The search index's files, each made from the fingerprint of the documents it indexes
/// and of `overrides` (the paths of the site's own files that stand under `search/`),
/// unless `previous` still has the files made from those: then none, and how many
/// `previous` kept.
pub(crate) fn search_files_unless_kept(
    site: &Site,
    views: &SiteViews,
    overrides: &[&str],
    previous: Option<&dyn super::Previous>,
) -> (Vec<Page>, usize) {
    let mut phases = crate::phases::Phases::from_env();
    let docs = documents(site, views);
    let fingerprint = crate::fingerprint::of(&("search index", &docs, overrides));
    phases.mark("search: documents");
    if let Some(kept) = previous.map(|p| p.keep_all(fingerprint)).filter(|&n| n > 0) {
        return (Vec::new(), kept);
    }
    let files = index::index_files(&docs, index::Limits::SITE)
        .into_iter()
        .map(|p| p.made_from(fingerprint))
        .collect();
    phases.mark("search: index");
    (files, 0)
}

/// An internal address (`/sub/briefings/a/`) relative to the site root (`briefings/a/`):
/// the index holds addresses the script puts under the root it runs at.
fn relative<'a>(views: &SiteViews, url: &'a str) -> &'a str {
    url.strip_prefix(views.site.root.as_str()).unwrap_or(url)
}

/// Every searchable document of the site, in index order.
fn documents<'a>(site: &'a Site, views: &SiteViews) -> Vec<SearchDoc<'a>> {
    // The events each briefing is the link of: the first citing briefing that anchors
    // the event, else the first citing briefing. Events cited nowhere go last.
    let mut events_of: Vec<Vec<EventIx>> = vec![Vec::new(); site.briefings.len()];
    let mut unlinked = Vec::new();
    for e in (0..site.events.len()).map(EventIx) {
        match event_target(site, e) {
            Some((b, _)) => events_of[b.0].push(e),
            None => unlinked.push(e),
        }
    }
    let per_briefing: Vec<Vec<SearchDoc>> = site
        .briefings
        .par_iter()
        .zip(events_of.par_iter())
        .enumerate()
        .map(|(i, (b, events))| briefing_documents(site, views, BriefingIx(i), b, events))
        .collect();
    let mut docs: Vec<SearchDoc> = per_briefing.into_iter().flatten().collect();
    docs.extend(unlinked.into_iter().map(|e| event_document(site, views, e)));
    docs.extend(site.actors.iter().zip(&views.actors).map(|(a, link)| {
        let description = a.description.as_deref().map(markdown_text);
        let mut fields = vec![(Cow::Borrowed(a.name.as_str()), Field::Title)];
        fields.extend(
            a.aliases
                .iter()
                .map(|x| (Cow::Borrowed(x.as_str()), Field::Title)),
        );
        if let Some(r) = &a.role {
            fields.push((Cow::Borrowed(r.as_str()), Field::Body));
        }
        let snippet = match (&a.role, &description) {
            (Some(r), _) => snippet(r),
            (None, Some(d)) => snippet(d),
            (None, None) => snippet(&a.aliases.join(", ")),
        };
        if let Some(d) = description {
            fields.push((Cow::Owned(d), Field::Body));
        }
        SearchDoc {
            kind: DocKind::Actor,
            title: cut(&a.name, TITLE_CHARS),
            url: relative(views, &link.url).to_string(),
            snippet,
            fields,
        }
    }));
    docs
}

/// A briefing and its annotations, with the events it is the link of.
fn briefing_documents<'a>(
    site: &'a Site,
    views: &SiteViews,
    ix: BriefingIx,
    b: &'a Briefing,
    events: &[EventIx],
) -> Vec<SearchDoc<'a>> {
    let url = relative(views, &views.briefing(ix).url);
    let mut docs = Vec::with_capacity(1 + b.quotes.len() + b.claims.len() + b.notes.len());
    let mut fields = vec![(Cow::Borrowed(b.title.as_str()), Field::Title)];
    if let Some(s) = &b.summary {
        fields.push((Cow::Borrowed(s.as_str()), Field::Body));
    }
    fields.push((Cow::Borrowed(b.plain.as_str()), Field::Body));
    fields.extend(
        b.tags
            .iter()
            .map(|t| (Cow::Borrowed(t.as_str()), Field::Body)),
    );
    fields.extend(
        b.authors
            .iter()
            .map(|a| (Cow::Borrowed(a.as_str()), Field::Body)),
    );
    docs.push(SearchDoc {
        kind: DocKind::Briefing,
        title: cut(&b.title, TITLE_CHARS),
        url: url.to_string(),
        snippet: snippet(b.summary.as_deref().unwrap_or(b.plain.as_str())),
        fields,
    });
    for q in b.quotes.iter() {
        let speaker = &site.actors[q.speaker.0].name;
        let mut fields = vec![
            (Cow::Borrowed(q.text.as_str()), Field::Body),
            (Cow::Borrowed(speaker.as_str()), Field::Body),
        ];
        if let Some(o) = &q.original {
            fields.push((Cow::Borrowed(o.text.as_str()), Field::Body));
        }
        docs.push(SearchDoc {
            kind: DocKind::Quote,
            title: cut(speaker, TITLE_CHARS),
            url: format!("{url}#quote-{}", q.id),
            snippet: snippet(words_of(b, &q.span, &q.text)),
            fields,
        });
    }
    for c in b.claims.iter() {
        let status = crate::render::views::status_label(c.status);
        let by = c.by.map(|a| site.actors[a.0].name.as_str());
        let mut fields = vec![(Cow::Borrowed(c.text.as_str()), Field::Body)];
        if let Some(by) = by {
            fields.push((Cow::Borrowed(by), Field::Body));
        }
        docs.push(SearchDoc {
            kind: DocKind::Claim,
            title: match by {
                Some(by) => cut(&format!("{status} claim by {by}"), TITLE_CHARS),
                None => format!("{status} claim"),
            },
            url: format!("{url}#claim-{}", c.id),
            snippet: snippet(words_of(b, &c.span, &c.text)),
            fields,
        });
    }
    for n in b.notes.iter() {
        let note = markdown_text(&n.note);
        docs.push(SearchDoc {
            kind: DocKind::Note,
            title: cut(&b.title, TITLE_CHARS),
            url: format!("{url}#note-{}", n.id),
            snippet: snippet(&format!("{} — {note}", words_of(b, &n.span, &n.text))),
            fields: vec![
                (Cow::Borrowed(n.text.as_str()), Field::Body),
                (Cow::Owned(note), Field::Body),
            ],
        });
    }
    docs.extend(events.iter().map(|&e| event_document(site, views, e)));
    docs
}

/// Where an event links: the first citing briefing that anchors it (with the anchored
/// span), else the first citing briefing.
fn event_target(site: &Site, e: EventIx) -> Option<(BriefingIx, Option<std::ops::Range<usize>>)> {
    let cited = &site.events[e.0].cited_by;
    let span_in = |b: &BriefingIx| {
        site.briefings[b.0]
            .events
            .iter()
            .find(|c| c.event == e)
            .and_then(|c| c.span.clone())
    };
    cited
        .iter()
        .find_map(|b| span_in(b).map(|s| (*b, Some(s))))
        .or_else(|| cited.first().map(|b| (*b, None)))
}

/// The document of an event.
fn event_document<'a>(site: &'a Site, views: &SiteViews, e: EventIx) -> SearchDoc<'a> {
    let event = &site.events[e.0];
    let target = event_target(site, e);
    let page = |b: &BriefingIx| relative(views, &views.briefing(*b).url).to_string();
    let url = match &target {
        Some((b, Some(_))) => format!("{}#event-{}", page(b), event.id),
        Some((b, None)) => page(b),
        None => format!("timeline/#event-{}", event.id),
    };
    let summary = event.summary.as_deref().map(markdown_text);
    let mut fields = vec![(Cow::Borrowed(event.title.as_str()), Field::Title)];
    if let Some(p) = &event.place {
        fields.push((Cow::Borrowed(p.as_str()), Field::Body));
    }
    fields.extend(
        event
            .actors
            .iter()
            .map(|a| (Cow::Borrowed(site.actors[a.0].name.as_str()), Field::Body)),
    );
    if let Some((b, Some(span))) = &target
        && let Some(words) = site.briefings[b.0].plain.as_str().get(span.clone())
    {
        fields.push((Cow::Borrowed(words), Field::Body));
    }
    let mut line = event.date.to_string();
    if let Some(p) = &event.place {
        line.push_str(", ");
        line.push_str(p);
    }
    if let Some(s) = &summary {
        line.push_str(": ");
        line.push_str(s);
    }
    if let Some(s) = summary {
        fields.push((Cow::Owned(s), Field::Body));
    }
    SearchDoc {
        kind: DocKind::Event,
        title: cut(&event.title, TITLE_CHARS),
        url,
        snippet: snippet(&line),
        fields,
    }
}

/// The words of an annotation as the briefing has them, from the start of the word its
/// span starts in (a `text` may start inside a word; a snippet starts on a word boundary);
/// `text` when the span is not in the briefing's text.
fn words_of<'a>(b: &'a Briefing, span: &std::ops::Range<usize>, text: &'a str) -> &'a str {
    let plain = b.plain.as_str();
    let Some(words) = plain.get(span.clone()) else {
        return text;
    };
    if !words.starts_with(char::is_alphanumeric) {
        return words;
    }
    let start = plain[..span.start]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(span.start, |(i, _)| i);
    &plain[start..span.end]
}

/// The text a reader sees of a Markdown snippet (a note, a summary, a description), on one
/// line.
fn markdown_text(md: &str) -> String {
    let plain = PlainText::new(md, &MarkdownOptions::default());
    plain.as_str().replace('\n', " ")
}

/// The start of a text for a result: [`cut`] to [`SNIPPET_CHARS`].
fn snippet(text: &str) -> String {
    cut(text, SNIPPET_CHARS)
}

/// The start of a text: whitespace runs as one space, at most `max` characters, cut after
/// a whole word (with `…` when cut).
fn cut(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        let sep = usize::from(!out.is_empty());
        if chars + sep + n > max {
            if out.is_empty() {
                // One word longer than the limit: its first characters.
                out.extend(word.chars().take(max));
            }
            out.push('…');
            return out;
        }
        if sep == 1 {
            out.push(' ');
        }
        out.push_str(word);
        chars += sep + n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small site, loaded and resolved from files: two briefings citing one event (only
    /// the second anchors it), a quote, a claim, a note, an actor with an alias.
    fn site() -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let files = [
            (
                "site.toml",
                "title = \"T\"\nbase_url = \"https://example.org/sub/\"\n",
            ),
            (
                "content/actors/rubio.yaml",
                "name: Marco Rubio\nkind: person\nrole: Secretary of State\naliases: [Rubio]\n",
            ),
            (
                "content/briefings/a.md",
                "---\ntitle: The newer briefing\ndate: 2025-09-05\nsummary: A summary of the newer one.\n---\n\nRubio said the plan is ready. Mexico's defence budget was small. Gun control was lax.\n",
            ),
            (
                "content/briefings/a.yaml",
                "quotes:\n  - speaker: rubio\n    text: \"the plan is ready\"\nclaims:\n  - text: \"defence budget was small\"\n    by: rubio\n    status: disputed\nnotes:\n  - text: \"un control was lax\"\n    note: \"Said *often*.\"\nevents:\n  - id: meeting\n    date: 2025-09-03\n    title: Rubio meets Sheinbaum\n    place: Mexico City\n",
            ),
            (
                "content/briefings/b.md",
                "---\ntitle: The older briefing\ndate: 2025-09-04\n---\n\nThe meeting in Mexico City went well, and ended early.\n",
            ),
            (
                "content/briefings/b.yaml",
                "events:\n  - id: meeting\n    text: \"meeting in Mexico City\"\n",
            ),
        ];
        for (path, text) in files {
            let p = tmp.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let src = crate::load::load(tmp.path()).unwrap();
        crate::resolve::resolve(&src, &Default::default())
            .unwrap()
            .site
    }

    #[test]
    fn every_kind_is_a_document_linked_to_its_words() {
        let site = site();
        let views = crate::render::views::build_views(
            &site,
            &crate::render::layout::Layout::of(&site),
            None,
        );
        let docs = documents(&site, &views);
        let rows: Vec<(&str, &str, &str, &str)> = docs.iter().map(SearchDoc::row).collect();
        assert_eq!(
            rows,
            [
                (
                    "briefing",
                    "The newer briefing",
                    "briefings/a/",
                    "A summary of the newer one."
                ),
                (
                    "quote",
                    "Marco Rubio",
                    "briefings/a/#quote-the-plan-is-ready",
                    "the plan is ready"
                ),
                (
                    "claim",
                    "Disputed claim by Marco Rubio",
                    "briefings/a/#claim-defence-budget-was-small",
                    "defence budget was small"
                ),
                (
                    "note",
                    "The newer briefing",
                    "briefings/a/#note-un-control-was-lax",
                    // The anchor starts inside a word, the snippet at the word.
                    "Gun control was lax — Said often."
                ),
                (
                    "briefing",
                    "The older briefing",
                    "briefings/b/",
                    "The meeting in Mexico City went well, and ended early."
                ),
                // The first citing briefing that anchors it.
                (
                    "event",
                    "Rubio meets Sheinbaum",
                    "briefings/b/#event-meeting",
                    "3 September 2025, Mexico City"
                ),
                (
                    "actor",
                    "Marco Rubio",
                    "actors/rubio/",
                    "Secretary of State"
                ),
            ]
        );
    }

    #[test]
    fn a_query_finds_its_document_in_the_site_index() {
        let site = site();
        let views = crate::render::views::build_views(
            &site,
            &crate::render::layout::Layout::of(&site),
            None,
        );
        let files = search_files(&site, &views);
        let docs = documents(&site, &views);
        let first = |q: &str| {
            let hits = index::tests::query(&files, q);
            docs[hits[0] as usize].url.clone()
        };
        assert_eq!(
            first("plan is ready"),
            "briefings/a/#quote-the-plan-is-ready"
        );
        assert_eq!(first("rubio"), "actors/rubio/");
        assert_eq!(first("SHEINBAUM"), "briefings/b/#event-meeting");
        assert_eq!(first("older"), "briefings/b/");
        assert!(files.iter().any(|f| f.path == "search/index.json"));
        assert!(files.iter().all(|f| f.path.starts_with("search/")));
        assert_eq!(files, search_files(&site, &views));
    }

    #[test]
    fn snippets_keep_whole_words() {
        assert_eq!(snippet("  one\n two  three "), "one two three");
        let long = "word ".repeat(100);
        let s = snippet(&long);
        assert!(s.ends_with("word…"), "{s}");
        assert!(s.chars().count() <= SNIPPET_CHARS + 1);
        let one = "x".repeat(300);
        assert_eq!(snippet(&one).chars().count(), SNIPPET_CHARS + 1);
        assert_eq!(snippet(""), "");
    }
}
