//! The resolved site: every briefing with its annotations anchored, every reference an index
//! into the site's own lists, and the back-references readers navigate by.
//!
//! Resolve builds this from a [`crate::load::SiteSource`]; render reads it and never
//! changes it. Entities refer to each other by typed indices ([`ActorIx`], [`BriefingIx`],
//! [`EventIx`]) so that a reference cannot point at the wrong kind of thing, and ids stay
//! the strings readers see in addresses.

pub mod address;
pub mod dates;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::load::{
    ActorKind, ClaimStatus, OriginalWords, Qualifier, SourceKind, StaticFile, TemplateFile,
    ThemeSource,
};
use crate::markdown::PlainText;
pub use dates::{Date, PartialDate, Precision};

/// Index of an actor in [`Site::actors`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ActorIx(pub usize);

/// Index of a briefing in [`Site::briefings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BriefingIx(pub usize);

/// Index of an event in [`Site::events`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct EventIx(pub usize);

/// The whole resolved site.
#[derive(Debug, Clone)]
pub struct Site {
    /// `site.toml`.
    pub config: SiteConfig,
    /// The absolute address the site is published at, ending in `/`.
    pub base_url: String,
    /// The home page's introduction.
    pub home: Home,
    /// Briefings, newest first (then by address); each shared, so that a rebuild that
    /// resolved one briefing again takes the others as they were.
    pub briefings: Vec<Arc<Briefing>>,
    /// Actors, by id (shared with the next rebuild when they did not change).
    pub actors: Arc<[Actor]>,
    /// Events in timeline order (shared likewise).
    pub events: Arc<[Event]>,
    /// Tags, by slug (shared likewise).
    pub tags: Arc<[Tag]>,
    /// Files copied as they are (the site's `static/`).
    pub static_files: Vec<StaticFile>,
    /// The site's own template overrides.
    pub templates: Vec<TemplateFile>,
    /// The theme picked in `site.toml`; `None` for the built-in one.
    pub theme: Option<ThemeSource>,
}

/// The home page's own text.
#[derive(Debug, Clone, Default)]
pub struct Home {
    /// Title from `content/index.md`, when set.
    pub title: Option<String>,
    /// Markdown introduction.
    pub body: String,
}

/// A link to another site: an address and the words for it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    /// The address (already checked to be http, https, mailto or relative).
    pub url: String,
    /// The words to show.
    pub title: Option<String>,
}

/// The original a briefing is based on.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// Address of the original.
    pub url: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// When.
    pub published: Option<Date>,
    /// Its language.
    pub language: Option<String>,
    /// What kind of text.
    pub kind: Option<SourceKind>,
}

/// A briefing: an article with its anchored annotations.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Briefing {
    /// The `.md` file, relative to the site root.
    pub path: PathBuf,
    /// The address below the site root, e.g. `briefings/us-mexico/` (no leading slash).
    pub url_path: String,
    /// The headline.
    pub title: String,
    /// Publication date (day precision).
    pub date: Date,
    /// One or two sentences.
    pub summary: Option<String>,
    /// Author names.
    pub authors: Vec<String>,
    /// Tag slugs, as in [`Site::tags`].
    pub tags: Vec<String>,
    /// The original.
    pub source: Option<Source>,
    /// Whether it is a draft (only present in the model when drafts were asked for).
    pub draft: bool,
    /// The Markdown body (sharing the file's text). Not stored in `.gloss-cache/`: the
    /// briefing taken from it shares the text of the file read this run.
    #[serde(skip)]
    pub body: crate::load::SharedText,
    /// The text a reader sees, which every span indexes.
    pub plain: Arc<PlainText>,
    /// Quotes, in sidecar order (shared: a cached briefing is not copied).
    pub quotes: Arc<[Quote]>,
    /// Claims, in sidecar order.
    pub claims: Arc<[Claim]>,
    /// Notes, in sidecar order.
    pub notes: Arc<[Note]>,
    /// Events this briefing cites, in sidecar order, with their words here.
    pub events: Vec<EventCitation>,
    /// Mentions of actors to link, by position.
    pub mentions: Arc<[Mention]>,
    /// Every mention of an actor outside links and code, linked or not, by position: the
    /// words actor pages show in their sentences.
    pub every_mention: Arc<[Mention]>,
    /// Every actor named in the text (linked or not: inside links and code too), in order
    /// of first naming.
    pub named: Arc<[ActorIx]>,
    /// Every actor the briefing involves (speakers, subjects, event actors, claimants,
    /// mentioned), by id.
    pub actors: Vec<ActorIx>,
}

/// A briefing's citation of a (site-wide) event.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EventCitation {
    /// The event.
    pub event: EventIx,
    /// Its words in this briefing, when anchored.
    pub span: Option<Range<usize>>,
}

/// A linked mention of an actor in a briefing's text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Mention {
    /// Bytes of the briefing's plain text.
    pub span: Range<usize>,
    /// Who is mentioned.
    pub actor: ActorIx,
}

/// Words someone said, anchored in a briefing.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Quote {
    /// Unique among the briefing's quotes.
    pub id: String,
    /// Who said it.
    pub speaker: ActorIx,
    /// Bytes of the briefing's plain text.
    pub span: Range<usize>,
    /// The words as they appear in the briefing.
    pub text: String,
    /// When they were said.
    pub said: Option<Date>,
    /// Who the words are about.
    pub about: Vec<ActorIx>,
    /// Where the words were first reported.
    pub source: Option<Link>,
    /// The words as spoken, when the briefing's are a translation.
    pub original: Option<OriginalWords>,
}

/// A statement of fact, anchored in a briefing, with how solid it is.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Claim {
    /// Unique among the briefing's claims.
    pub id: String,
    /// Bytes of the briefing's plain text.
    pub span: Range<usize>,
    /// The words as they appear in the briefing.
    pub text: String,
    /// Who claims it: `None` for the briefing's author.
    pub by: Option<ActorIx>,
    /// The figure it states.
    pub figure: Option<ClaimFigure>,
    /// How solid it is.
    pub status: ClaimStatus,
    /// Where to check it.
    pub sources: Vec<Link>,
}

/// A claim's figure, resolved.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClaimFigure {
    /// The number.
    pub value: f64,
    /// Its unit.
    pub unit: Option<String>,
    /// How it bounds the truth.
    pub qualifier: Option<Qualifier>,
    /// When it holds.
    pub as_of: Option<Date>,
}

/// A margin note beside some words.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Note {
    /// Unique among the briefing's notes.
    pub id: String,
    /// Bytes of the briefing's plain text.
    pub span: Range<usize>,
    /// The words as they appear in the briefing.
    pub text: String,
    /// Markdown.
    pub note: String,
}

/// Something that happened, possibly cited by several briefings.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Site-wide id.
    pub id: String,
    /// When.
    pub date: Date,
    /// What happened, in a line.
    pub title: String,
    /// Who was involved.
    pub actors: Vec<ActorIx>,
    /// Where.
    pub place: Option<String>,
    /// Markdown.
    pub summary: Option<String>,
    /// Briefings citing it, in site order.
    pub cited_by: Vec<BriefingIx>,
}

/// Someone or something briefings talk about.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// Site-wide id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it is.
    pub kind: ActorKind,
    /// Free text.
    pub role: Option<String>,
    /// Other names in text.
    pub aliases: Vec<String>,
    /// Other actors it belongs to.
    pub affiliations: Vec<ActorIx>,
    /// Markdown.
    pub description: Option<String>,
    /// Further reading.
    pub links: Vec<Link>,
    /// Back-references, filled by resolve.
    pub refs: ActorRefs,
}

/// Everything that points at an actor, gathered across briefings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActorRefs {
    /// Quotes they said: (briefing, index in its quotes).
    pub quotes_by: Vec<(BriefingIx, usize)>,
    /// Quotes about them.
    pub quotes_about: Vec<(BriefingIx, usize)>,
    /// Claims they made.
    pub claims_by: Vec<(BriefingIx, usize)>,
    /// Events they took part in, in timeline order.
    pub events: Vec<EventIx>,
    /// Briefings that involve them, in site order.
    pub briefings: Vec<BriefingIx>,
    /// Briefings whose text mentions them outside links and code, in site order.
    pub mentioned_in: Vec<BriefingIx>,
    /// Actors they share briefings with, most shared first: (actor, briefings shared).
    pub appears_with: Vec<(ActorIx, usize)>,
}

/// A tag and the briefings that carry it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// The address part, e.g. `border-security`.
    pub slug: String,
    /// The tag as first written.
    pub name: String,
    /// Briefings with it, in site order.
    pub briefings: Vec<BriefingIx>,
}

/// Turns a name into the part of an address: lowercase ASCII letters and digits, every
/// other run of characters one `-`, none at either end.
///
/// ```
/// assert_eq!(gloss::model::slugify("Border Security"), "border-security");
/// assert_eq!(gloss::model::slugify("lax gun control"), "lax-gun-control");
/// ```
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_matches_the_id_rule() {
        assert_eq!(slugify("lax gun control"), "lax-gun-control");
        assert_eq!(
            slugify("  The president's “plans” — now! "),
            "the-president-s-plans-now"
        );
        assert_eq!(slugify("Élan"), "lan");
    }
}
