//! Footnotes as readers of mdBook, GitHub and Pandoc know them: numbered references in the
//! text and one list of the notes after it.
//!
//! pulldown-cmark gives a footnote definition where it is written and a reference as a bare
//! label. [`place`] takes the event stream the renderer has made (decorations already
//! applied) and returns one in which every reference is a numbered link to its note and
//! every definition has moved, whole, into a `<section class="footnotes">` at the end.
//!
//! - Notes are numbered 1, 2, … in reading order: by first reference in the text, then the
//!   notes first referenced inside notes, in the order those are listed. A definition never
//!   referenced is kept (its words are words of the briefing an annotation may be anchored
//!   in) and listed after the others, in the order written, without a back-link. A label
//!   defined twice is listed twice; references go to the first definition.
//! - Labels are matched as pulldown-cmark matches them (Unicode case folding).
//! - Ids: the note is `fn-SLUG`, its first reference `fnref-SLUG`, the next `fnref-SLUG-2`…
//!   SLUG is the slug of the label (the number when it has no letters or digits), made
//!   unique among all the ids of the list. Markdown shown beside other Markdown on one page
//!   (a note, an event's summary) is rendered in a *scope*: its ids are `fn-SCOPE--SLUG`,
//!   which no unscoped id can be, since a slug never holds `--`.
//! - The list of the main Markdown is the page's `doc-endnotes` landmark, named "Footnotes";
//!   a scope's list is a plain `<div>`, so that a page with many (a timeline of event
//!   summaries) has no landmarks of one name, nor one per note.
//! - Every element the renderer closed before a definition's start and after its end stays
//!   closed, so a definition's events are well formed on their own and may move.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use unicase::UniCase;

use super::escape_html;

/// `events` with references numbered and definitions moved into a list after the rest.
///
/// `scope` is `None` for the main Markdown of a page, or what sets this Markdown's ids apart
/// from every other's on the page (see the module documentation).
pub(super) fn place<'a>(events: Vec<Event<'a>>, scope: Option<&str>) -> Vec<Event<'a>> {
    // The parser makes a reference only of a label that is defined: no definition, no
    // footnotes (and most Markdown has none, so it passes untouched).
    let defined = |e: &Event<'_>| matches!(e, Event::Start(Tag::FootnoteDefinition(_)));
    if !events.iter().any(defined) {
        return events;
    }
    let split = Split::of(events);
    let list = List::of(&split, scope);
    list.write(split, scope.is_none())
}

/// An event of the stream, or a footnote reference to number.
enum Item<'a> {
    Event(Event<'a>),
    Reference {
        /// The label, folded as the parser folds it.
        key: UniCase<String>,
        /// Whether the reference lies inside a link (where it cannot be one).
        in_link: bool,
    },
}

impl<'a> Item<'a> {
    /// The event of an item that is not a reference (references are written by [`List`]).
    fn into_event(self) -> Event<'a> {
        match self {
            Item::Event(event) => event,
            Item::Reference { key, .. } => Event::Text(format!("[^{}]", key.as_ref()).into()),
        }
    }
}

/// A footnote definition, taken out of the stream.
struct Definition<'a> {
    label: CowStr<'a>,
    body: Vec<Item<'a>>,
}

/// The stream cut into the text and its definitions (in the order they start).
struct Split<'a> {
    main: Vec<Item<'a>>,
    definitions: Vec<Definition<'a>>,
}

impl<'a> Split<'a> {
    fn of(events: Vec<Event<'a>>) -> Self {
        let mut main = Vec::with_capacity(events.len());
        // Started definitions, innermost last, with the index each will take.
        let mut open: Vec<(usize, Definition<'a>)> = Vec::new();
        let mut done: Vec<(usize, Definition<'a>)> = Vec::new();
        let (mut links, mut images) = (0usize, 0usize);
        for event in events {
            let item = match event {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let index = open.len() + done.len();
                    open.push((
                        index,
                        Definition {
                            label,
                            body: Vec::new(),
                        },
                    ));
                    continue;
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    done.extend(open.pop());
                    continue;
                }
                // In an image's description pulldown-cmark writes the reference as text.
                Event::FootnoteReference(label) if images == 0 => Item::Reference {
                    key: UniCase::new(label.to_string()),
                    in_link: links > 0,
                },
                event => {
                    match &event {
                        Event::Start(Tag::Link { .. }) => links += 1,
                        Event::End(TagEnd::Link) => links = links.saturating_sub(1),
                        Event::Start(Tag::Image { .. }) => images += 1,
                        Event::End(TagEnd::Image) => images = images.saturating_sub(1),
                        _ => {}
                    }
                    Item::Event(event)
                }
            };
            match open.last_mut() {
                Some((_, definition)) => definition.body.push(item),
                None => main.push(item),
            }
        }
        // A definition left open (the parser always closes them) keeps its place in order.
        done.extend(open.into_iter().rev());
        done.sort_by_key(|(index, _)| *index);
        Split {
            main,
            definitions: done.into_iter().map(|(_, d)| d).collect(),
        }
    }
}

/// The notes in the order they are listed, with their numbers and ids.
struct List {
    /// Indices into [`Split::definitions`], in list order (number − 1).
    order: Vec<usize>,
    /// For each definition: its number, the id stem of its note and references, and how
    /// many references it has.
    notes: Vec<Note>,
    /// The definition a label's references go to: the first with that label.
    target: HashMap<UniCase<String>, usize>,
}

/// One listed note.
#[derive(Debug, Clone, Default)]
struct Note {
    number: usize,
    /// `SLUG` or `SCOPE--SLUG`: the note is `fn-{stem}`, its references `fnref-{stem}…`.
    stem: String,
    references: usize,
}

impl List {
    fn of(split: &Split<'_>, scope: Option<&str>) -> Self {
        let mut target = HashMap::new();
        for (index, d) in split.definitions.iter().enumerate() {
            target
                .entry(UniCase::new(d.label.to_string()))
                .or_insert(index);
        }
        let mut list = List {
            order: Vec::new(),
            notes: vec![Note::default(); split.definitions.len()],
            target,
        };
        let mut listed = vec![false; split.definitions.len()];
        list.visit(&split.main, &mut listed);
        let mut next = 0;
        loop {
            while let Some(&d) = list.order.get(next) {
                if let Some(definition) = split.definitions.get(d) {
                    list.visit(&definition.body, &mut listed);
                }
                next += 1;
            }
            match listed.iter().position(|l| !l) {
                Some(d) => list.list(d, &mut listed),
                None => break,
            }
        }
        list.name(split, scope);
        list
    }

    /// Lists, in order, the notes first referenced in `items`, and counts every reference.
    fn visit(&mut self, items: &[Item<'_>], listed: &mut [bool]) {
        for item in items {
            let Item::Reference { key, .. } = item else {
                continue;
            };
            let Some(&d) = self.target.get(key) else {
                continue;
            };
            if let Some(note) = self.notes.get_mut(d) {
                note.references += 1;
            }
            self.list(d, listed);
        }
    }

    fn list(&mut self, d: usize, listed: &mut [bool]) {
        if let Some(slot) = listed.get_mut(d).filter(|l| !**l) {
            *slot = true;
            self.order.push(d);
            if let Some(note) = self.notes.get_mut(d) {
                note.number = self.order.len();
            }
        }
    }

    /// Gives each note, in list order, an id stem none of whose ids another note has.
    fn name(&mut self, split: &Split<'_>, scope: Option<&str>) {
        let mut used = std::collections::HashSet::new();
        for &d in &self.order {
            let (Some(definition), Some(note)) = (split.definitions.get(d), self.notes.get_mut(d))
            else {
                continue;
            };
            let base = super::html::slug_or(&definition.label, &note.number.to_string());
            let base = match scope {
                Some(scope) => format!("{scope}--{base}"),
                None => base,
            };
            let mut stem = base.clone();
            let mut n = 0;
            while note.ids(&stem).iter().any(|id| used.contains(id)) {
                n += 1;
                stem = format!("{base}-{n}");
            }
            used.extend(note.ids(&stem));
            note.stem = stem;
        }
    }

    /// The stream: the text with its references, then the list of notes (the page's
    /// endnotes landmark when `landmark`).
    fn write<'a>(&self, split: Split<'a>, landmark: bool) -> Vec<Event<'a>> {
        let mut seen = vec![0usize; self.notes.len()];
        let mut out = Vec::new();
        self.write_items(split.main, &mut seen, &mut out);
        let (open, close) = if landmark {
            (
                "<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Footnotes\">\n<ol>\n",
                "</ol>\n</section>\n",
            )
        } else {
            ("<div class=\"footnotes\">\n<ol>\n", "</ol>\n</div>\n")
        };
        out.push(Event::Html(open.into()));
        let mut definitions: Vec<Option<Definition<'a>>> =
            split.definitions.into_iter().map(Some).collect();
        for &d in &self.order {
            let (Some(definition), Some(note)) = (
                definitions.get_mut(d).and_then(Option::take),
                self.notes.get(d),
            ) else {
                continue;
            };
            out.push(Event::Html(
                format!("<li id=\"fn-{}\">\n", escape_html(&note.stem)).into(),
            ));
            let mut body = Vec::new();
            self.write_items(definition.body, &mut seen, &mut body);
            let back = note.backlinks();
            if !back.is_empty() {
                // Inside the note's last paragraph, as GitHub and Pandoc put it.
                if let Some(Event::End(TagEnd::Paragraph)) = body.last() {
                    body.insert(body.len() - 1, Event::InlineHtml(format!(" {back}").into()));
                } else {
                    body.push(Event::Html(format!("<p>{back}</p>\n").into()));
                }
            }
            out.extend(body);
            out.push(Event::Html("</li>\n".into()));
        }
        out.push(Event::Html(close.into()));
        out
    }

    /// Writes `items`, each reference as its numbered link; `seen` counts the references
    /// of each note written so far.
    fn write_items<'a>(&self, items: Vec<Item<'a>>, seen: &mut [usize], out: &mut Vec<Event<'a>>) {
        for item in items {
            let Item::Reference { key, in_link } = &item else {
                out.push(item.into_event());
                continue;
            };
            let found = self.target.get(key).and_then(|&d| {
                let note = self.notes.get(d)?;
                let count = seen.get_mut(d)?;
                *count += 1;
                Some(note.reference(*count, *in_link))
            });
            match found {
                Some(html) => out.push(Event::InlineHtml(html.into())),
                None => out.push(item.into_event()),
            }
        }
    }
}

impl Note {
    /// The id of the `n`th reference (from 1).
    fn reference_id(stem: &str, n: usize) -> String {
        if n <= 1 {
            format!("fnref-{stem}")
        } else {
            format!("fnref-{stem}-{n}")
        }
    }

    /// Every id this note takes with `stem`.
    fn ids(&self, stem: &str) -> Vec<String> {
        let references = (1..=self.references.max(1)).map(|n| Self::reference_id(stem, n));
        std::iter::once(format!("fn-{stem}"))
            .chain(references)
            .collect()
    }

    /// The `n`th reference (from 1): a link to the note, or inside a link (where a link may
    /// not go) the number alone.
    fn reference(&self, n: usize, in_link: bool) -> String {
        let id = escape_html(&Self::reference_id(&self.stem, n));
        let number = self.number;
        if in_link {
            return format!("<sup class=\"footnote-ref\" id=\"{id}\">{number}</sup>");
        }
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{}\" id=\"{id}\" role=\"doc-noteref\">{number}</a></sup>",
            escape_html(&self.stem)
        )
    }

    /// The links back to each reference: `↩`, `↩²`… (empty when there is none).
    fn backlinks(&self) -> String {
        (1..=self.references)
            .map(|n| {
                let id = escape_html(&Self::reference_id(&self.stem, n));
                let (label, mark) = if n == 1 {
                    (self.number.to_string(), String::new())
                } else {
                    (format!("{}-{n}", self.number), format!("<sup>{n}</sup>"))
                };
                format!(
                    "<a href=\"#{id}\" class=\"footnote-back\" role=\"doc-backlink\" \
                     aria-label=\"Back to reference {label}\">\u{21a9}\u{fe0e}{mark}</a>"
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}
