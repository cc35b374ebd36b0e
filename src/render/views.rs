//! What templates see: plain, serializable views of the site model, with every address
//! and every date already in the form a page shows.
//!
//! Views are built once per site ([`SiteViews`]) and shared by every page that shows the
//! same actor, event or quote, so no page rebuilds site-wide data. Templates never see the
//! model itself: the model can change shape without breaking a site's templates, and the
//! templates stay free of logic.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;

use crate::load::{ActorKind, ClaimStatus, Qualifier, SourceKind};
use crate::model::{ActorIx, BriefingIx, Date, Event, Site};

pub use super::shared::Shared;

/// What every page knows of the site.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct SiteView {
    /// The site's title.
    pub title: String,
    /// Its description.
    pub description: Option<String>,
    /// Page language.
    pub language: String,
    /// Absolute address, ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, ending in `/`: prefix of every internal link.
    pub root: String,
    /// Address of the feed.
    pub feed_url: String,
    /// The archive of each top folder of briefings (`/briefings/`), for the header and the
    /// home page.
    pub archives: Vec<ArchiveLink>,
}

/// A link to a folder's archive.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct ArchiveLink {
    /// The folder's name: `Briefings`.
    pub name: String,
    /// Internal address of its first page.
    pub url: String,
    /// How many briefings it holds.
    pub count: usize,
}

/// A link to an actor, with what a list of actors shows.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct ActorLink {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Internal address of the actor page.
    pub url: String,
    /// `person`, `organization`, `country` or `group`.
    pub kind: ActorKind,
    /// Free text.
    pub role: Option<String>,
    /// One or two letters for an avatar.
    pub initials: String,
    /// How many briefings involve them.
    pub briefing_count: usize,
    /// How many quotes they said.
    pub quote_count: usize,
    /// Internal address of their quoted words on their page (`actors/ID/#sec-said`).
    pub said_url: String,
}

/// A date as a page shows it.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct DateView {
    /// "3 September 2025", "c. 2024", "by March 2025".
    pub display: String,
    /// For `<time datetime>`: `2025-09-03`, `2025-09`, `2025`.
    pub iso: String,
    /// As written in EDTF: `2025-09-03/2025-09-09`.
    pub edtf: String,
    /// `year`, `month` or `day`.
    pub precision: crate::model::Precision,
    /// Written with `~`.
    pub approximate: bool,
    /// Written with `?`.
    pub uncertain: bool,
    /// A range, open or closed.
    pub range: bool,
    /// The date shown with each end in its own `<time datetime>` element (trusted HTML):
    /// `<time datetime="2025-09-03">3</time>–<time datetime="2025-09-09">9 September
    /// 2025</time>`, `by <time datetime="2025-03">March 2025</time>`.
    pub time_html: String,
}

impl DateView {
    /// The view of a date.
    pub fn of(date: &Date) -> Self {
        DateView {
            display: date.to_string(),
            iso: date.iso(),
            edtf: date.edtf(),
            precision: date.precision(),
            approximate: date.is_approximate(),
            uncertain: date.is_uncertain(),
            range: date.is_range(),
            time_html: time_html(date),
        }
    }
}

/// A date as HTML, each of its ends a `<time>` element (see [`DateView::time_html`]).
pub fn time_html(date: &Date) -> String {
    use crate::markdown::escape_html;
    date.pieces()
        .iter()
        .map(|p| match &p.datetime {
            Some(iso) => format!(
                "<time datetime=\"{}\">{}</time>",
                escape_html(iso),
                escape_html(&p.text)
            ),
            None => escape_html(&p.text),
        })
        .collect()
}

/// A link to a briefing, with what a list of briefings shows.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct BriefingLink {
    /// Headline.
    pub title: String,
    /// Internal address.
    pub url: String,
    /// Publication date ([`DateView`]).
    pub date: Shared,
    /// One or two sentences.
    pub summary: Option<String>,
    /// Its tags.
    pub tags: Vec<TagLink>,
    /// What kind of original it is based on.
    pub source_kind: Option<SourceKind>,
    /// Counts of its annotations.
    pub quote_count: usize,
    /// Claims.
    pub claim_count: usize,
    /// Events.
    pub event_count: usize,
}

/// A link to a tag page.
#[derive(Debug, Clone, Serialize, Hash, PartialEq)]
pub struct TagLink {
    /// The tag as written.
    pub name: String,
    /// Its address part.
    pub slug: String,
    /// Internal address of the tag page.
    pub url: String,
    /// Briefings with it.
    pub count: usize,
}

/// An outside link.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct LinkView {
    /// Address.
    pub url: String,
    /// Words to show (the address when none was given).
    pub title: String,
}

/// Where a briefing cites an event: the briefing, and the words when anchored.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct CitationView {
    /// The citing briefing's headline.
    pub title: String,
    /// Internal address of the briefing, with `#event-ID` when the event is anchored there.
    pub url: String,
    /// The anchored words, if any.
    pub text: Option<String>,
}

/// An event as the timeline and the other pages show it.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct EventView {
    /// Site-wide id (`id="event-ID"` on the timeline).
    pub id: String,
    /// What happened.
    pub title: String,
    /// When ([`DateView`]).
    pub date: Shared,
    /// Where.
    pub place: Option<String>,
    /// Who ([`ActorLink`]s).
    pub actors: Vec<Shared>,
    /// Summary, rendered Markdown (trusted HTML).
    pub summary_html: Option<String>,
    /// The first briefings citing it (all of them are on its page, `url`).
    pub citations: Vec<CitationView>,
    /// How many briefings cite it.
    pub citation_count: usize,
    /// Internal address of the event's own page.
    pub url: String,
    /// Internal address of the event on the timeline.
    pub timeline_url: String,
    /// The year it is filed under.
    pub year: i16,
    /// The month it is filed under (1–12), when known.
    pub month: Option<u8>,
}

/// A quote as pages show it.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct QuoteView {
    /// Id within its briefing.
    pub id: String,
    /// The words.
    pub text: String,
    /// Who said them ([`ActorLink`]).
    pub speaker: Shared,
    /// When ([`DateView`]).
    pub said: Option<Shared>,
    /// Who they are about ([`ActorLink`]s).
    pub about: Vec<Shared>,
    /// Where they were first reported.
    pub source: Option<LinkView>,
    /// The words as spoken, when `text` is a translation.
    pub original: Option<OriginalView>,
    /// The briefing they are quoted in ([`BriefingRef`]).
    pub briefing: Shared,
    /// Internal address of the words in context: `briefing/#quote-ID`.
    pub url: String,
}

/// The original words of a translated quote.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct OriginalView {
    /// The words as spoken.
    pub text: String,
    /// Their language.
    pub language: Option<String>,
}

/// A short reference to a briefing.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct BriefingRef {
    /// Headline.
    pub title: String,
    /// Internal address.
    pub url: String,
    /// Publication date ([`DateView`]).
    pub date: Shared,
}

/// A claim as pages show it.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct ClaimView {
    /// Id within its briefing.
    pub id: String,
    /// The words.
    pub text: String,
    /// `unverified`, `supported`, `disputed`, `false` or `misleading`.
    pub status: ClaimStatus,
    /// The status in words: "Unverified", ...
    pub status_label: String,
    /// Who claims it ([`ActorLink`]); `None` means the briefing's author.
    pub by: Option<Shared>,
    /// The figure as a reader reads it: "less than US$17 billion, as of 2024", "29", "13 %".
    pub figure: Option<String>,
    /// The figure's exact value, as a number in JSON would write it (`17000000000`), for a
    /// `data-` attribute.
    pub figure_value: Option<String>,
    /// The figure's unit as written in the sidecar (`USD`), if any.
    pub figure_unit: Option<String>,
    /// Where to check it.
    pub sources: Vec<LinkView>,
    /// The briefing it is made in ([`BriefingRef`]).
    pub briefing: Shared,
    /// Internal address of the words in context.
    pub url: String,
}

/// A margin note.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct NoteView {
    /// Id within its briefing.
    pub id: String,
    /// The words it sits beside.
    pub text: String,
    /// The note, rendered Markdown (trusted HTML).
    pub note_html: String,
    /// Internal address of the words.
    pub url: String,
}

/// The typed views pages sort and pick by, built once per render: the site, every actor,
/// briefing and tag. (Events, quotes, claims and notes go straight into
/// the shared template values of `render::shared`.)
#[derive(Debug, Clone)]
pub struct SiteViews {
    /// The site.
    pub site: SiteView,
    /// By [`ActorIx`].
    pub actors: Vec<ActorLink>,
    /// By [`BriefingIx`] (each shared, so that the next render of `serve` takes those of
    /// unchanged briefings as they are).
    pub briefings: Vec<Arc<BriefingLink>>,
    /// By position in [`Site::tags`].
    pub tags: Vec<TagLink>,
    /// The dates the views show, each converted once (shared with the next render).
    pub dates: DateValues,
}

/// The [`DateView`] of each date a site shows, converted to a template value the first time
/// it is shown and shared from then on: every briefing, quote and event shows its date, and
/// tens of thousands of them share a few thousand dates. A clone shares the table, so the
/// renders of `serve` pass it on from one save to the next rather than converting the
/// dates again (a value depends on nothing but its date).
#[derive(Debug, Clone, Default)]
pub struct DateValues(Arc<Mutex<HashMap<Date, Shared>>>);

impl DateValues {
    /// The value of `date`, made now when it was not shown before.
    pub fn get(&self, date: &Date) -> Shared {
        let mut values = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        values
            .entry(*date)
            // Always fingerprinted: a date is a few fields, hashed once.
            .or_insert_with(|| Shared::of(&DateView::of(date), true))
            .clone()
    }
}

impl SiteViews {
    /// The actor view of an index.
    pub fn actor(&self, a: ActorIx) -> &ActorLink {
        &self.actors[a.0]
    }

    /// The briefing view of an index.
    pub fn briefing(&self, b: BriefingIx) -> &BriefingLink {
        &self.briefings[b.0]
    }
}

/// The path part of an absolute address, ending in `/`.
pub fn root_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// Initials for an avatar: the first letters of the first and last words.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphanumeric))
        .collect();
    let first = |w: &&str| w.chars().next().map(|c| c.to_uppercase().to_string());
    match words.as_slice() {
        [] => "?".to_string(),
        [one] => first(one).unwrap_or_default(),
        [a, .., z] => format!(
            "{}{}",
            first(a).unwrap_or_default(),
            first(z).unwrap_or_default()
        ),
    }
}

/// The words for a claim status.
pub fn status_label(s: ClaimStatus) -> &'static str {
    match s {
        ClaimStatus::Unverified => "Unverified",
        ClaimStatus::Supported => "Supported",
        ClaimStatus::Disputed => "Disputed",
        ClaimStatus::False => "False",
        ClaimStatus::Misleading => "Misleading",
    }
}

/// A number exactly, as JSON writes it: `17000000000`, `2.5`.
pub fn exact_number(v: f64) -> String {
    serde_json::Number::from_f64(v).map_or_else(
        || v.to_string(),
        |n| {
            let s = n.to_string();
            s.strip_suffix(".0").map_or(s.clone(), str::to_string)
        },
    )
}

/// A number as a reader reads it: whole millions, billions and trillions in words
/// ("17 billion", "2.5 million"), other numbers with thousands separators.
pub fn readable_number(v: f64) -> String {
    const SCALES: [(f64, &str); 3] = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")];
    for (scale, word) in SCALES {
        let scaled = v / scale;
        // Only when the figure is a round number of the scale (at most one decimal).
        if v.abs() >= scale && ((scaled * 10.0).round() - scaled * 10.0).abs() < 1e-6 {
            return format!("{} {word}", format_number((scaled * 10.0).round() / 10.0));
        }
    }
    format_number(v)
}

/// A figure with its unit as a reader reads it: `US$17 billion`, `€3 million`, `13 %`,
/// `29`, `4,000 km`.
fn figure_amount(value: f64, unit: Option<&str>) -> String {
    let n = readable_number(value);
    match unit {
        None => n,
        Some("USD") => format!("US${n}"),
        Some("EUR") => format!("€{n}"),
        Some("GBP") => format!("£{n}"),
        Some("MXN") => format!("MX${n}"),
        Some("%") => format!("{n}\u{a0}%"),
        Some(u) => format!("{n} {u}"),
    }
}

/// A figure written out for readers: "less than US$17 billion, as of 2024".
pub fn figure_text(f: &crate::model::ClaimFigure) -> String {
    let q = match f.qualifier {
        Some(Qualifier::Less) => "less than ",
        Some(Qualifier::AtMost) => "at most ",
        Some(Qualifier::More) => "more than ",
        Some(Qualifier::AtLeast) => "at least ",
        Some(Qualifier::About) => "about ",
        None => "",
    };
    let mut out = format!("{q}{}", figure_amount(f.value, f.unit.as_deref()));
    if let Some(d) = &f.as_of {
        out.push_str(&format!(", as of {d}"));
    }
    out
}

/// A number with thousands separators and no needless decimals: `17,000,000,000`, `2.5`.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let neg = v < 0.0;
    let abs = v.abs();
    let whole = abs.trunc();
    let frac = abs - whole;
    let digits = format!("{whole:.0}");
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let mut out = if neg { format!("-{grouped}") } else { grouped };
    if frac > 0.0 {
        let f = format!("{frac:.6}");
        let f = f.trim_start_matches('0').trim_end_matches('0');
        out.push_str(f);
    }
    out
}

/// Builds the typed views of a site, its lists split as `layout` says.
///
/// `earlier` holds the views of an earlier render and, for each briefing, its index in
/// that render's site when it is the very briefing there (see
/// `Structure::earlier_positions`): the view of each such briefing is taken from it when
/// the site's root and the tags' views are the same.
pub(crate) fn build_views(
    site: &Site,
    layout: &super::layout::Layout,
    earlier: Option<(&SiteViews, &[Option<usize>])>,
) -> SiteViews {
    let root = root_path(&site.base_url);
    let sv = SiteView {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        language: site.config.language.clone(),
        base_url: site.base_url.clone(),
        root: root.clone(),
        feed_url: format!("{root}{}", crate::model::address::FEED),
        archives: layout
            .folders
            .iter()
            .filter(|f| f.top)
            .map(|f| ArchiveLink {
                name: f.name.clone(),
                url: format!("{root}{}", f.path),
                count: f.briefings.len(),
            })
            .collect(),
    };
    let actors: Vec<ActorLink> = site
        .actors
        .iter()
        .map(|a| ActorLink {
            id: a.id.clone(),
            name: a.name.clone(),
            url: format!("{root}actors/{}/", a.id),
            kind: a.kind,
            role: a.role.clone(),
            initials: initials(&a.name),
            briefing_count: a.refs.briefings.len(),
            quote_count: a.refs.quotes_by.len(),
            said_url: format!("{root}{}", crate::model::address::actor_said(&a.id)),
        })
        .collect();
    let tags: Vec<TagLink> = site
        .tags
        .iter()
        .map(|t| TagLink {
            name: t.name.clone(),
            slug: t.slug.clone(),
            url: format!("{root}tags/{}/", t.slug),
            count: t.briefings.len(),
        })
        .collect();
    let tag_index: std::collections::HashMap<&str, &TagLink> =
        tags.iter().map(|t| (t.slug.as_str(), t)).collect();
    let dates = earlier.map(|(e, _)| e.dates.clone()).unwrap_or_default();
    let link = |b: &crate::model::Briefing| BriefingLink {
        title: b.title.clone(),
        url: format!("{root}{}", b.url_path),
        date: dates.get(&b.date),
        summary: b.summary.clone(),
        tags: b
            .tags
            .iter()
            .filter_map(|t| tag_index.get(t.as_str()).map(|t| (*t).clone()))
            .collect(),
        source_kind: b.source.as_ref().and_then(|s| s.kind),
        quote_count: b.quotes.len(),
        claim_count: b.claims.len(),
        event_count: b.events.len(),
    };
    let earlier = earlier.filter(|(e, _)| e.site.root == root && e.tags == tags);
    let briefings: Vec<Arc<BriefingLink>> = site
        .briefings
        .iter()
        .enumerate()
        .map(|(i, b)| match earlier {
            Some((e, positions)) if let Some(j) = positions[i] => e.briefings[j].clone(),
            _ => Arc::new(link(b)),
        })
        .collect();
    SiteViews {
        site: sv,
        actors,
        briefings,
        tags,
        dates,
    }
}

/// The reference to a briefing that quotes and claims carry.
pub fn briefing_ref(link: &BriefingLink) -> BriefingRef {
    BriefingRef {
        title: link.title.clone(),
        url: link.url.clone(),
        date: link.date.clone(),
    }
}

/// The view of quote `q` of briefing `b`; `actors` are the shared actor views, `bref` the
/// briefing's shared reference.
pub fn quote_view(
    q: &crate::model::Quote,
    link: &BriefingLink,
    actors: &[Shared],
    bref: &Shared,
    dates: &DateValues,
) -> QuoteView {
    QuoteView {
        id: q.id.clone(),
        text: q.text.clone(),
        speaker: actors[q.speaker.0].clone(),
        said: q.said.as_ref().map(|d| dates.get(d)),
        about: q.about.iter().map(|a| actors[a.0].clone()).collect(),
        source: q.source.as_ref().map(|l| {
            let words = q
                .original
                .as_ref()
                .map_or(q.text.as_str(), |o| o.text.as_str());
            fragment_link_view(l, words)
        }),
        original: q.original.as_ref().map(|o| OriginalView {
            text: o.text.clone(),
            language: o.language.clone(),
        }),
        briefing: bref.clone(),
        url: format!("{}#quote-{}", link.url, q.id),
    }
}

/// The view of a claim, as [`quote_view`].
pub fn claim_view(
    c: &crate::model::Claim,
    link: &BriefingLink,
    actors: &[Shared],
    bref: &Shared,
) -> ClaimView {
    ClaimView {
        id: c.id.clone(),
        text: c.text.clone(),
        status: c.status,
        status_label: status_label(c.status).to_string(),
        by: c.by.map(|a| actors[a.0].clone()),
        figure: c.figure.as_ref().map(figure_text),
        figure_value: c.figure.as_ref().map(|f| exact_number(f.value)),
        figure_unit: c.figure.as_ref().and_then(|f| f.unit.clone()),
        sources: c
            .sources
            .iter()
            .map(|l| fragment_link_view(l, &c.text))
            .collect(),
        briefing: bref.clone(),
        url: format!("{}#claim-{}", link.url, c.id),
    }
}

/// The footnote scope of a note's Markdown (see [`crate::markdown::render_scoped_html`]):
/// note ids are unique within their briefing, the one page that shows its notes.
pub(crate) fn note_scope(id: &str) -> String {
    format!("note-{id}")
}

/// The footnote scope of an event's summary: event ids are unique in the site.
pub(crate) fn event_scope(id: &str) -> String {
    format!("event-{id}")
}

/// The view of a note; `render_md` renders its Markdown in a footnote scope.
pub fn note_view(
    n: &crate::model::Note,
    link: &BriefingLink,
    render_md: &dyn Fn(&str, &str) -> String,
) -> NoteView {
    NoteView {
        id: n.id.clone(),
        text: n.text.clone(),
        note_html: render_md(&n.note, &note_scope(&n.id)),
        url: format!("{}#note-{}", link.url, n.id),
    }
}

/// The link to a source that opens it at `words` (a text fragment, see
/// [`super::fragment`]); its title, when none was given, is the address as written.
fn fragment_link_view(l: &crate::model::Link, words: &str) -> LinkView {
    LinkView {
        url: super::fragment::with_text_fragment(&l.url, words),
        title: l.title.clone().unwrap_or_else(|| l.url.clone()),
    }
}

/// The view of an event; `actors` are the shared actor views, `timeline_page` the address
/// of the timeline page that holds it (below the root).
pub fn event_view(
    e: &Event,
    site: &Site,
    views: &SiteViews,
    actors: &[Shared],
    timeline_page: &str,
    render_md: &dyn Fn(&str, &str) -> String,
) -> EventView {
    let citations = e
        .cited_by
        .iter()
        .take(super::layout::CITATIONS_SHOWN)
        .map(|&b| citation_view(e, b, site, views))
        .collect();
    EventView {
        id: e.id.clone(),
        title: e.title.clone(),
        date: views.dates.get(&e.date),
        place: e.place.clone(),
        actors: e.actors.iter().map(|a| actors[a.0].clone()).collect(),
        summary_html: e
            .summary
            .as_deref()
            .map(|s| render_md(s, &event_scope(&e.id))),
        citations,
        citation_count: e.cited_by.len(),
        url: format!("{}{}", views.site.root, crate::model::address::event(&e.id)),
        timeline_url: format!("{}{timeline_page}#event-{}", views.site.root, e.id),
        year: e.date.year(),
        month: e.date.month(),
    }
}

/// Where briefing `b` cites event `e`: the briefing, and the words when anchored there.
pub fn citation_view(e: &Event, b: BriefingIx, site: &Site, views: &SiteViews) -> CitationView {
    let link = &views.briefings[b.0];
    let briefing = &site.briefings[b.0];
    let span = briefing
        .events
        .iter()
        .find(|c| site.events[c.event.0].id == e.id)
        .and_then(|c| c.span.clone());
    let text = span
        .as_ref()
        .map(|s| briefing.plain.as_str()[s.clone()].to_string());
    let url = match span {
        Some(_) => format!("{}#event-{}", link.url, e.id),
        None => link.url.clone(),
    };
    CitationView {
        title: link.title.clone(),
        url,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_roots() {
        assert_eq!(format_number(17_000_000_000.0), "17,000,000,000");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(-1234.0), "-1,234");
        assert_eq!(readable_number(17_000_000_000.0), "17 billion");
        assert_eq!(readable_number(2_500_000.0), "2.5 million");
        assert_eq!(readable_number(1_234_567.0), "1,234,567");
        assert_eq!(readable_number(29.0), "29");
        assert_eq!(figure_amount(17e9, Some("USD")), "US$17 billion");
        assert_eq!(figure_amount(13.0, Some("%")), "13\u{a0}%");
        assert_eq!(figure_amount(4000.0, Some("km")), "4,000 km");
        assert_eq!(exact_number(17e9), "17000000000");
        assert_eq!(exact_number(2.5), "2.5");
        assert_eq!(root_path("https://example.org"), "/");
        assert_eq!(root_path("https://example.org/briefings"), "/briefings/");
        assert_eq!(initials("Marco Rubio"), "MR");
        assert_eq!(initials("Mexico"), "M");
        assert_eq!(initials("Juan Ramón de la Fuente"), "JF");
    }
}
