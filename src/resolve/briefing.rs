//! One briefing, resolved on its own: its address, its plain text, and every annotation of
//! its sidecar anchored in that text, with ids given and references checked.
//!
//! Briefings are independent of each other here, so resolve runs this for all of them in
//! parallel; what spans briefings (events, back-references) is merged afterwards.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, FixValue, Location};
use crate::load::{
    AnchorSource, BriefingSource, ClaimSource, ClaimStatus, EventSource, Located, NoteSource,
    QuoteSource, RawDate, SourceInfo,
};
use crate::lock::{Anchored, Kind, Recorded};
use crate::markdown::{MarkdownOptions, PlainText};
use crate::model::{Briefing, Claim, ClaimFigure, Date, Note, Quote, Source, slugify};

use super::actors::ActorTable;
use super::anchor::{AnchorError, AnchorIndex, Selector};
use super::drift::{Drift, Rewrite, decide, passage_words, word_changes};
use super::ids::{DerivedIds, derive_id, is_valid_id};
use super::links::{resolve_link, resolve_links};

/// A briefing resolved on its own, with the events it cites still as written.
#[derive(Debug, Clone)]
pub(crate) struct BriefingDraft {
    /// What it was resolved from.
    pub(crate) source: Arc<BriefingSource>,
    pub(crate) briefing: Briefing,
    /// Each event item of the sidecar (by its index there) with its words in this briefing.
    pub(crate) events: Vec<(usize, Option<Range<usize>>)>,
    /// Where the briefing's slug (or file) sets its address, for collision reports.
    pub(crate) address_loc: Location,
    /// The tags as written, for the names tag pages show.
    pub(crate) tag_names: Vec<String>,
    pub(crate) diags: Diagnostics,
}

/// What resolving one briefing needs from the rest of the site.
pub(crate) struct BriefingContext<'a> {
    pub(crate) actors: &'a ActorTable,
    pub(crate) markdown: MarkdownOptions,
    /// The text of the `.md` file (for locating words by line).
    pub(crate) file_text: &'a str,
    /// Where each annotation anchored last time (`gloss.lock`), when known.
    pub(crate) lock: Option<&'a Recorded>,
}

/// The label of an anchor whose words are not found: how [`is_drift`] knows it.
const NOT_FOUND_LABEL: &str = "these words were not found";
/// The label of an anchor whose words are in several places.
const AMBIGUOUS_LABEL: &str = "which one?";

/// Whether `d` reports an anchor that no longer picks one place (its words changed, went,
/// or now repeat): what `serve` counts to offer `gloss check --fix`.
pub(crate) fn is_drift(d: &Diagnostic) -> bool {
    matches!(d.label.as_deref(), Some(NOT_FOUND_LABEL | AMBIGUOUS_LABEL))
}

/// Which sidecar item an anchor belongs to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item<'x> {
    /// Its kind.
    kind: Kind,
    /// Its id, given or derived.
    id: &'x str,
    /// Whether the sidecar gives the id.
    explicit: bool,
}

impl BriefingDraft {
    /// The event items of the sidecar with their words in this briefing.
    pub(crate) fn event_items(&self) -> Vec<(&EventSource, Option<Range<usize>>)> {
        let items = self
            .source
            .sidecar
            .as_ref()
            .map_or(&[][..], |s| &s.events[..]);
        self.events
            .iter()
            .filter_map(|(i, span)| items.get(*i).map(|e| (e, span.clone())))
            .collect()
    }
}

/// Resolves one briefing; also returns the anchoring index of its text, which the search
/// for actors' names reuses (building it is a tenth of resolving a briefing).
pub(crate) fn resolve_briefing(
    shared: &Arc<BriefingSource>,
    cx: &BriefingContext<'_>,
) -> (BriefingDraft, AnchorIndex) {
    let src: &BriefingSource = shared;
    let mut diags = Diagnostics::new();
    let front = &src.front;
    let (url_path, address_loc) = address(src, &mut diags);
    let date = parse_date(&front.date, true, &mut diags).unwrap_or(Date::Single(
        crate::model::PartialDate {
            year: 1970,
            month: Some(1),
            day: Some(1),
            approximate: false,
            uncertain: false,
        },
    ));
    let mut tags: Vec<String> = Vec::new();
    for tag in &front.tags {
        let slug = slugify(&tag.value);
        if slug.is_empty() {
            diags.push(
                Diagnostic::error(format!("the tag `{}` has no letters or digits", tag.value))
                    .at(tag.loc.clone())
                    .label("a tag needs a letter or digit for its address"),
            );
        } else if !tags.contains(&slug) {
            tags.push(slug);
        }
    }
    let source = front.source.as_ref().map(|s| resolve_source(s, &mut diags));
    let plain = PlainText::new(&src.body, &cx.markdown);
    let index = AnchorIndex::new(&plain);
    let anchors = Anchorer {
        src,
        plain: &plain,
        index: &index,
        file_text: cx.file_text,
        lock: cx.lock,
        briefing: crate::lock::path_key(&src.path),
    };

    let mut quotes = Vec::new();
    let mut claims = Vec::new();
    let mut notes = Vec::new();
    let mut events = Vec::new();
    if let Some(side) = &src.sidecar {
        quotes = resolve_quotes(&side.quotes, &anchors, cx.actors, &mut diags);
        claims = resolve_claims(&side.claims, &anchors, cx.actors, &mut diags);
        notes = resolve_notes(&side.notes, &anchors, &mut diags);
        for (i, e) in side.events.iter().enumerate() {
            let item = Item {
                kind: Kind::Event,
                id: &e.id.value,
                explicit: true,
            };
            let span = e
                .anchor
                .as_ref()
                .and_then(|a| anchors.anchor(a, item, &mut diags));
            events.push((i, span));
        }
    }

    let briefing = Briefing {
        path: src.path.clone(),
        url_path,
        title: front.title.value.clone(),
        date,
        summary: front.summary.clone(),
        authors: front.authors.clone(),
        tags,
        source,
        draft: front.draft,
        body: src.body.clone(),
        plain: Arc::new(plain),
        quotes: quotes.into(),
        claims: claims.into(),
        notes: notes.into(),
        events: Vec::new(),
        mentions: Arc::from([]),
        every_mention: Arc::from([]),
        named: Arc::from([]),
        actors: Vec::new(),
    };
    let draft = BriefingDraft {
        source: shared.clone(),
        briefing,
        events,
        address_loc,
        tag_names: front.tags.iter().map(|t| t.value.clone()).collect(),
        diags,
    };
    (draft, index)
}

/// The briefing's address below the site root: its folder under `content/` and its slug.
fn address(src: &BriefingSource, diags: &mut Diagnostics) -> (String, Location) {
    let folder: Vec<String> = src
        .content_path
        .parent()
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let stem = src
        .content_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (last, loc) = match &src.front.slug {
        Some(slug) => {
            if !is_safe_segment(&slug.value) {
                diags.push(
                    Diagnostic::error(format!("`{}` cannot be a slug", slug.value))
                        .at(slug.loc.clone())
                        .label("a slug is one part of an address: no `/`, `\\`, `.` or `..`")
                        .suggest(format!("use `{}`", slugify(&slug.value))),
                );
                (slugify(&slug.value), slug.loc.clone())
            } else {
                (slug.value.clone(), slug.loc.clone())
            }
        }
        None => (stem, Location::file(&src.path)),
    };
    let mut parts = folder;
    parts.push(last);
    let mut path = String::new();
    for p in parts.iter().filter(|p| !p.is_empty()) {
        path.push_str(p);
        path.push('/');
    }
    (path, loc)
}

/// Whether a slug is a single, harmless address segment.
fn is_safe_segment(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && !s.contains(['/', '\\', '?', '#', '%'])
        && !s.chars().any(|c| c.is_control() || c.is_whitespace())
}

fn resolve_source(s: &SourceInfo, diags: &mut Diagnostics) -> Source {
    let url = s.url.as_ref().and_then(|u| {
        resolve_link(
            &crate::load::LinkSource {
                url: u.clone(),
                title: None,
            },
            diags,
        )
        .map(|l| l.url)
    });
    Source {
        url,
        publisher: s.publisher.clone(),
        published: s
            .published
            .as_ref()
            .and_then(|d| parse_date(d, false, diags)),
        language: s.language.clone(),
        kind: s.kind,
    }
}

/// Parses a date written in a source; `day_only` for publication dates.
pub(crate) fn parse_date(
    d: &Located<RawDate>,
    day_only: bool,
    diags: &mut Diagnostics,
) -> Option<Date> {
    let parsed = if day_only {
        Date::parse_day(&d.value.0)
    } else {
        Date::parse(&d.value.0)
    };
    match parsed {
        Ok(date) => Some(date),
        Err(e) => {
            diags.push(
                Diagnostic::error(format!("invalid date: {e}"))
                    .at(d.loc.clone())
                    .label("invalid date")
                    .suggest(if day_only {
                        "write the date as `YYYY-MM-DD`, e.g. `2025-09-03`"
                    } else {
                        "dates are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with `~` or `?`, or `START/END`"
                    }),
            );
            None
        }
    }
}

/// Anchors annotations in one briefing and reports what does not anchor.
struct Anchorer<'a> {
    src: &'a BriefingSource,
    plain: &'a PlainText,
    index: &'a AnchorIndex,
    file_text: &'a str,
    lock: Option<&'a Recorded>,
    /// The briefing's path as the lock names it.
    briefing: String,
}

impl Anchorer<'_> {
    /// The place of a stretch of plain text in the `.md` file.
    fn md_location(&self, range: &Range<usize>) -> Location {
        let start = self.src.body_offset + self.plain.source_offset(range.start);
        let end = self.src.body_offset + self.plain.source_offset(range.end);
        Location::from_offset(
            &self.src.path,
            self.file_text,
            start,
            end.saturating_sub(start).max(1),
        )
    }

    /// What the lock remembers of an item, when its entry is not stale.
    fn locked(&self, a: &AnchorSource, item: Item<'_>) -> Option<&Anchored> {
        let key = crate::lock::Key {
            briefing: self.briefing.clone(),
            kind: item.kind,
            id: item.id.to_string(),
        };
        self.lock?.lock().get(&key, &a.text.value)
    }

    /// `d` with the fix that rewrites the anchor so, and a note on what it writes; an item
    /// without an `id` whose derived id the new words would change keeps its id explicitly.
    fn with_fix(&self, d: Diagnostic, a: &AnchorSource, item: Item<'_>, rw: Rewrite) -> Diagnostic {
        let mut what = vec![format!("rewrites `text` to “{}”", rw.text)];
        if rw.text == a.text.value {
            what.clear();
        }
        let mut d = d.fix(a.text.loc.clone(), a.text.value.clone(), rw.text.clone());
        if let Some(p) = rw.prefix {
            what.push(format!("adds `prefix: “{p}”`"));
            d = d.fix_adding("prefix", FixValue::Text(p));
        }
        if let Some(n) = rw.occurrence {
            what.push(format!("adds `occurrence: {n}`"));
            d = d.fix_adding("occurrence", FixValue::Number(n as u64));
        }
        if !item.explicit && derive_id(&rw.text) != derive_id(&a.text.value) {
            what.push(format!(
                "writes `id: {}` so that its id, and links to it, stay as they are",
                item.id
            ));
            d = d.fix_adding("id", FixValue::Text(item.id.to_string()));
        }
        d.note(format!("`gloss check --fix` {}", what.join(", ")))
    }

    fn anchor(
        &self,
        a: &AnchorSource,
        item: Item<'_>,
        diags: &mut Diagnostics,
    ) -> Option<Range<usize>> {
        let sel = Selector {
            text: &a.text.value,
            prefix: a.prefix.as_ref().map(|p| p.value.as_str()),
            suffix: a.suffix.as_ref().map(|s| s.value.as_str()),
            occurrence: a.occurrence.as_ref().map(|o| o.value as usize),
        };
        match self.index.find(&sel) {
            Ok(range) => Some(range),
            Err(err) => {
                diags.push(self.explain(a, item, err));
                None
            }
        }
    }

    fn explain(&self, a: &AnchorSource, item: Item<'_>, err: AnchorError) -> Diagnostic {
        let md = self.src.path.display();
        let words = shorten(&a.text.value, 60);
        match err {
            AnchorError::Empty => Diagnostic::error("the anchor `text` is empty")
                .at(a.text.loc.clone())
                .label("empty text")
                .suggest("copy the words to annotate from the briefing"),
            AnchorError::NotFound { nearest } => {
                let locked = self.locked(a, item);
                let decision = decide(self.index, self.plain, a, locked, true);
                if let (Drift::Gone, Some(l)) = (&decision, locked) {
                    return Diagnostic::error(format!(
                        "the passage this {} was attached to, ‘{}’, was removed from the article",
                        item.kind.word(),
                        shorten(&l.words, 60)
                    ))
                    .at(a.text.loc.clone())
                    .label(NOT_FOUND_LABEL)
                    .note(format!(
                        "gloss.lock remembers the words, in {md} (block {}), and they are gone; \
                         `gloss check --fix` leaves it",
                        l.block + 1
                    ))
                    .suggest("remove the annotation, or attach it to other words");
                }
                let mut d = Diagnostic::error(format!("“{words}” is not in {md}"))
                    .at(a.text.loc.clone())
                    .label(NOT_FOUND_LABEL);
                if a.prefix.is_some() || a.suffix.is_some() {
                    d = d.note("with its `prefix`/`suffix`, the words match no place");
                }
                if let Some(n) = nearest {
                    let passage = passage_words(self.plain, &n, &a.text.value);
                    let changes = word_changes(&a.text.value, &passage);
                    if !changes.is_empty() {
                        d = d.note(format!("what differs: {}", changes.join(", ")));
                    }
                    let loc = self.md_location(&n.range);
                    d = d
                        .related(
                            loc.clone(),
                            format!(
                                "nearest passage, {:.0}% similar",
                                (n.similarity * 100.0).floor()
                            ),
                        )
                        .suggest(format!(
                            "the nearest passage (line {}) reads “{}”",
                            loc.line,
                            shorten(&passage, 120)
                        ));
                }
                match decision {
                    Drift::Clear(rw) => self.with_fix(d, a, item, rw),
                    Drift::Unclear(why) => d.note(format!("`gloss check --fix` leaves it: {why}")),
                    Drift::Gone => d.note("`gloss check --fix` leaves it: the words are gone"),
                    Drift::Tie(places) => self.tie(d, &places),
                }
            }
            AnchorError::Ambiguous { places } => {
                let mut d =
                    Diagnostic::error(format!("“{words}” occurs {} times in {md}", places.len()))
                        .at(a.text.loc.clone())
                        .label(AMBIGUOUS_LABEL);
                for (i, p) in places.iter().enumerate() {
                    d = d.related(self.md_location(p), format!("occurrence {}", i + 1));
                }
                d = d.suggest(format!(
                    "add `occurrence: N` (1 to {}), or a `prefix` with the words just before",
                    places.len()
                ));
                match self.locked(a, item) {
                    None => d,
                    Some(l) => match decide(self.index, self.plain, a, Some(l), false) {
                        Drift::Clear(rw) => self.with_fix(
                            d.note("gloss.lock shows which one it was attached to"),
                            a,
                            item,
                            rw,
                        ),
                        Drift::Tie(_) => d.note(
                            "gloss.lock cannot tell these places apart: `gloss check --fix` leaves it",
                        ),
                        Drift::Gone | Drift::Unclear(_) => d.note(
                            "gloss.lock does not show which one: `gloss check --fix` leaves it",
                        ),
                    },
                }
            }
            AnchorError::NoSuchOccurrence { requested, places } => {
                let loc = a
                    .occurrence
                    .as_ref()
                    .map_or_else(|| a.text.loc.clone(), |o| o.loc.clone());
                Diagnostic::error(format!(
                    "occurrence {requested} of “{words}” asked for, but it occurs {} time{} in {md}",
                    places.len(),
                    if places.len() == 1 { "" } else { "s" }
                ))
                .at(loc)
                .label("no such occurrence")
                .suggest(if places.len() == 1 {
                    "remove `occurrence`: the words occur once".to_string()
                } else {
                    format!("use an occurrence from 1 to {}", places.len())
                })
            }
        }
    }

    /// `d` for words the lock finds in several places it cannot tell apart: every one.
    fn tie(&self, mut d: Diagnostic, places: &[Range<usize>]) -> Diagnostic {
        for (i, p) in places.iter().enumerate() {
            d = d.related(self.md_location(p), format!("candidate {}", i + 1));
        }
        d.note(format!(
            "`gloss check --fix` leaves it: gloss.lock cannot tell {} places apart",
            places.len()
        ))
    }

    fn words(&self, range: &Range<usize>) -> String {
        self.plain.as_str()[range.clone()].to_string()
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{cut}…")
}

/// Gives ids to one kind of annotation: explicit ids checked, derived ones numbered.
fn assign_ids<'x>(
    items: impl Iterator<Item = (Option<&'x Located<String>>, &'x str)> + Clone,
    kind: &str,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut explicit: HashSet<&str> = HashSet::new();
    let mut first_loc: std::collections::HashMap<&str, &Location> = Default::default();
    for (id, _) in items.clone() {
        let Some(id) = id else { continue };
        if !is_valid_id(&id.value) {
            diags.push(
                Diagnostic::error(format!("`{}` is not a valid {kind} id", id.value))
                    .at(id.loc.clone())
                    .label("ids are lowercase letters, digits and `-`")
                    .suggest(format!("use `{}`", slugify(&id.value))),
            );
        }
        if let Some(first) = first_loc.get(id.value.as_str()) {
            diags.push(
                Diagnostic::error(format!("two {kind}s have the id `{}`", id.value))
                    .at(id.loc.clone())
                    .label("used again here")
                    .related((*first).clone(), "first used here")
                    .suggest("give each its own id"),
            );
        } else {
            first_loc.insert(&id.value, &id.loc);
        }
        explicit.insert(&id.value);
    }
    let mut derived = DerivedIds::default();
    items
        .map(|(id, text)| match id {
            Some(id) => id.value.clone(),
            None => derived.next(derive_id(text), |c| explicit.contains(c)),
        })
        .collect()
}

fn resolve_quotes(
    items: &[QuoteSource],
    anchors: &Anchorer<'_>,
    actors: &ActorTable,
    diags: &mut Diagnostics,
) -> Vec<Quote> {
    let ids = assign_ids(
        items
            .iter()
            .map(|q| (q.id.as_ref(), q.anchor.text.value.as_str())),
        "quote",
        diags,
    );
    let mut out = Vec::new();
    for (q, id) in items.iter().zip(ids) {
        let item = Item {
            kind: Kind::Quote,
            id: &id,
            explicit: q.id.is_some(),
        };
        let speaker = actors.lookup(&q.speaker, "`speaker`", diags);
        let about: Vec<_> = q
            .about
            .iter()
            .filter_map(|a| actors.lookup(a, "`about`", diags))
            .collect();
        let said = q.said.as_ref().and_then(|d| parse_date(d, false, diags));
        let source = q.source.as_ref().and_then(|l| resolve_link(l, diags));
        let span = anchors.anchor(&q.anchor, item, diags);
        if let (Some(speaker), Some(span)) = (speaker, span) {
            out.push(Quote {
                id,
                speaker,
                text: anchors.words(&span),
                span,
                said,
                about,
                source,
                original: q.original.clone(),
            });
        }
    }
    out
}

fn resolve_claims(
    items: &[ClaimSource],
    anchors: &Anchorer<'_>,
    actors: &ActorTable,
    diags: &mut Diagnostics,
) -> Vec<Claim> {
    let ids = assign_ids(
        items
            .iter()
            .map(|c| (c.id.as_ref(), c.anchor.text.value.as_str())),
        "claim",
        diags,
    );
    let mut out = Vec::new();
    for (c, id) in items.iter().zip(ids) {
        let item = Item {
            kind: Kind::Claim,
            id: &id,
            explicit: c.id.is_some(),
        };
        let by = match &c.by {
            Some(by) if by.value != "author" => actors.lookup(by, "`by`", diags).map(Some),
            _ => Some(None),
        };
        let figure = c.figure.as_ref().map(|f| ClaimFigure {
            value: f.value,
            unit: f.unit.clone(),
            qualifier: f.qualifier,
            as_of: f.as_of.as_ref().and_then(|d| parse_date(d, false, diags)),
        });
        let sources = resolve_links(&c.sources, diags);
        let span = anchors.anchor(&c.anchor, item, diags);
        if let (Some(by), Some(span)) = (by, span) {
            out.push(Claim {
                id,
                text: anchors.words(&span),
                span,
                by,
                figure,
                status: c
                    .status
                    .as_ref()
                    .map_or(ClaimStatus::Unverified, |s| s.value),
                sources,
            });
        }
    }
    out
}

fn resolve_notes(
    items: &[NoteSource],
    anchors: &Anchorer<'_>,
    diags: &mut Diagnostics,
) -> Vec<Note> {
    let ids = assign_ids(
        items
            .iter()
            .map(|n| (n.id.as_ref(), n.anchor.text.value.as_str())),
        "note",
        diags,
    );
    let mut out = Vec::new();
    for (n, id) in items.iter().zip(ids) {
        let item = Item {
            kind: Kind::Note,
            id: &id,
            explicit: n.id.is_some(),
        };
        if let Some(span) = anchors.anchor(&n.anchor, item, diags) {
            out.push(Note {
                id,
                text: anchors.words(&span),
                span,
                note: n.note.clone(),
            });
        }
    }
    out
}
