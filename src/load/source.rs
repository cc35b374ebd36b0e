//! The site as written: plain data read from disk, each value that a later check may
//! complain about kept with the place it came from.
//!
//! These types are the hand-over from load to resolve. Nothing here is checked beyond what
//! deserialization checks (types, required fields, unknown fields); ids, references, dates
//! and anchors are checked by resolve, which is why they keep their [`Location`].

use std::path::PathBuf;

use crate::config::SiteConfig;
use std::sync::Arc;

use crate::diagnostics::{Diagnostics, Location, SourceTexts};

/// A value with the place in a source file it was read from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Located<T> {
    /// The value itself.
    pub value: T,
    /// Where it was written.
    pub loc: Location,
}

impl<T> Located<T> {
    /// Pairs a value with its place.
    pub fn new(value: T, loc: Location) -> Self {
        Located { value, loc }
    }
}

/// Everything gloss read from a site's folder.
#[derive(Debug, Clone)]
pub struct SiteSource {
    /// The site root (the folder holding `site.toml`), absolute.
    pub root: PathBuf,
    /// `site.toml`.
    pub config: SiteConfig,
    /// The text of every file read, by the relative path diagnostics use.
    pub texts: SourceTexts,
    /// `content/index.md`, the home page's introduction, when there is one.
    pub home: Option<HomeSource>,
    /// Every briefing under `content/` (drafts included), sorted by path; shared with the
    /// load cache, so an unchanged briefing is not copied.
    pub briefings: Vec<Arc<BriefingSource>>,
    /// The actor registry, `content/actors/ID.yaml`, sorted by id.
    pub actors: Vec<Arc<ActorSource>>,
    /// Files to copy into the output as they are: the site's `static/`, sorted by path.
    pub static_files: Vec<StaticFile>,
    /// The site's own `templates/*.html`, which override the theme's of the same name.
    pub templates: Vec<TemplateFile>,
    /// The chosen theme, when `theme` names a folder under `themes/`; `None` means the
    /// default theme carried inside gloss.
    pub theme: Option<ThemeSource>,
    /// What loading found worth a look but not an error (a symlink loop or a link out of
    /// the site, skipped); resolve passes them on with its own.
    pub warnings: Diagnostics,
}

/// A theme read from `themes/NAME/`.
#[derive(Debug, Clone)]
pub struct ThemeSource {
    /// The theme's name.
    pub name: String,
    /// `themes/NAME/templates/*` (the name is the path below `templates/`, with `/`).
    pub templates: Vec<TemplateFile>,
    /// `themes/NAME/static/*`.
    pub static_files: Vec<StaticFile>,
}

/// A template file: its name as templates refer to it, and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateFile {
    /// The name, e.g. `briefing.html` or `partials/head.html`.
    pub name: String,
    /// Where it was read from, relative to the site root.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// A file copied to the output unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticFile {
    /// The path inside the output folder, with `/` separators (e.g. `img/logo.svg`).
    pub output: String,
    /// Where to read it from (absolute).
    pub disk: PathBuf,
}

/// `content/index.md`.
#[derive(Debug, Clone)]
pub struct HomeSource {
    /// Relative to the site root.
    pub path: PathBuf,
    /// Optional title from its front matter.
    pub title: Option<String>,
    /// The Markdown after the front matter.
    pub body: String,
    /// Byte offset of `body` in the file's text.
    pub body_offset: usize,
}

/// One briefing: its front matter, its Markdown and its sidecar.
#[derive(Debug, Clone)]
pub struct BriefingSource {
    /// Relative to the site root, e.g. `content/briefings/us-mexico.md`.
    pub path: PathBuf,
    /// Relative to `content/`, e.g. `briefings/us-mexico.md`: the basis of its address.
    pub content_path: PathBuf,
    /// The front matter.
    pub front: FrontMatter,
    /// The Markdown after the front matter (sharing the file's text).
    pub body: super::SharedText,
    /// Byte offset of `body` in the file's text (so body offsets map to file lines).
    pub body_offset: usize,
    /// `NAME.yaml` (or `.yml`) beside it, when there is one.
    pub sidecar: Option<Sidecar>,
    /// The hash of what it was read from (the paths and texts of its `.md` and sidecar),
    /// under which `.gloss-cache/` keeps what was made of it; `None` when there is no
    /// such cache, or the read found a problem.
    pub(crate) key: Option<crate::disk_cache::Key>,
}

/// A briefing's front matter (FORMAT.md, "Briefing front matter").
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FrontMatter {
    /// Headline.
    pub title: Located<String>,
    /// Publication date as written (checked by resolve: must be a full `YYYY-MM-DD`).
    pub date: Located<RawDate>,
    /// One or two sentences for lists, feeds and meta tags.
    pub summary: Option<String>,
    /// Author names.
    pub authors: Vec<String>,
    /// Tags as written.
    pub tags: Vec<Located<String>>,
    /// The original the briefing is based on.
    pub source: Option<SourceInfo>,
    /// Left out of `build` unless drafts are asked for.
    pub draft: bool,
    /// Overrides the last part of the output path.
    pub slug: Option<Located<String>>,
}

/// A date exactly as written, before it is parsed: YAML's bare years are turned into their
/// digits, so `2024` and `"2024"` read the same.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RawDate(pub String);

/// The `source:` of a briefing's front matter.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct SourceInfo {
    /// Address of the original.
    pub url: Option<Located<String>>,
    /// Who published it.
    pub publisher: Option<String>,
    /// When it was published.
    pub published: Option<Located<RawDate>>,
    /// Its language (BCP 47).
    pub language: Option<String>,
    /// What kind of text it is.
    pub kind: Option<SourceKind>,
}

/// What kind of text a briefing's original is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Reporting.
    News,
    /// Commentary, an op-ed.
    Opinion,
    /// Analysis.
    Analysis,
    /// A government or institutional statement.
    Official,
    /// A transcript of spoken words.
    Transcript,
}

/// A sidecar file: the annotations of one briefing.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Sidecar {
    /// Relative to the site root, e.g. `content/briefings/us-mexico.yaml`.
    pub path: PathBuf,
    /// `quotes:` in file order.
    pub quotes: Vec<QuoteSource>,
    /// `events:` in file order.
    pub events: Vec<EventSource>,
    /// `claims:` in file order.
    pub claims: Vec<ClaimSource>,
    /// `notes:` in file order.
    pub notes: Vec<NoteSource>,
    /// `actors:` defined inline, in file order.
    pub actors: Vec<ActorSource>,
}

/// How an annotation finds its words in the briefing (FORMAT.md, "Anchoring").
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AnchorSource {
    /// The words, as written in the sidecar.
    pub text: Located<String>,
    /// The text just before the words, to pick one of several places.
    pub prefix: Option<Located<String>>,
    /// The text just after the words.
    pub suffix: Option<Located<String>>,
    /// Which of several places, 1-based.
    pub occurrence: Option<Located<u64>>,
}

/// An address with an optional title (`source`, `sources`, `links`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LinkSource {
    /// The address as written.
    pub url: Located<String>,
    /// The words to show for it.
    pub title: Option<String>,
}

/// An item of `quotes:`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QuoteSource {
    /// Where the item starts (its `-`, or its first key).
    pub loc: Location,
    /// Explicit id.
    pub id: Option<Located<String>>,
    /// The speaker's actor id.
    pub speaker: Located<String>,
    /// The words in the briefing.
    pub anchor: AnchorSource,
    /// When the words were said.
    pub said: Option<Located<RawDate>>,
    /// Actor ids the quote is about.
    pub about: Vec<Located<String>>,
    /// The original of the quote.
    pub source: Option<LinkSource>,
    /// The words as spoken, when `text` is a translation.
    pub original: Option<OriginalWords>,
}

/// The `original:` of a quote.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OriginalWords {
    /// The words as spoken.
    pub text: String,
    /// Their language (BCP 47).
    pub language: Option<String>,
}

/// An item of `events:`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EventSource {
    /// Where the item starts.
    pub loc: Location,
    /// Site-wide id.
    pub id: Located<String>,
    /// When, as written.
    pub date: Option<Located<RawDate>>,
    /// What happened, in a line.
    pub title: Option<Located<String>>,
    /// Actor ids involved.
    pub actors: Option<Located<Vec<Located<String>>>>,
    /// Where.
    pub place: Option<Located<String>>,
    /// Markdown.
    pub summary: Option<Located<String>>,
    /// Its words in this briefing.
    pub anchor: Option<AnchorSource>,
}

/// An item of `claims:`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClaimSource {
    /// Where the item starts.
    pub loc: Location,
    /// Explicit id.
    pub id: Option<Located<String>>,
    /// The words in the briefing.
    pub anchor: AnchorSource,
    /// `author` (the default) or an actor id.
    pub by: Option<Located<String>>,
    /// The figure the claim states.
    pub figure: Option<Figure>,
    /// How solid the claim is (`unverified` when not given).
    pub status: Option<Located<ClaimStatus>>,
    /// Where to check it.
    pub sources: Vec<LinkSource>,
}

/// How solid a claim is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ClaimStatus {
    /// Not checked yet.
    Unverified,
    /// Backed by sources.
    Supported,
    /// Contested by credible sources.
    Disputed,
    /// Wrong.
    False,
    /// True in letter, misleading in effect.
    Misleading,
}

/// A claim's figure.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    /// The number.
    pub value: f64,
    /// Its unit (`USD`, `people`, ...).
    pub unit: Option<String>,
    /// How the figure bounds the truth.
    pub qualifier: Option<Qualifier>,
    /// When the figure holds.
    pub as_of: Option<Located<RawDate>>,
}

/// `<`, `<=`, `>`, `>=` or `~` in a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub enum Qualifier {
    /// Less than.
    #[serde(rename = "<")]
    Less,
    /// At most.
    #[serde(rename = "<=")]
    AtMost,
    /// More than.
    #[serde(rename = ">")]
    More,
    /// At least.
    #[serde(rename = ">=")]
    AtLeast,
    /// About.
    #[serde(rename = "~")]
    About,
}

/// An item of `notes:`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NoteSource {
    /// Where the item starts.
    pub loc: Location,
    /// Explicit id.
    pub id: Option<Located<String>>,
    /// The words in the briefing.
    pub anchor: AnchorSource,
    /// Markdown shown beside the words.
    pub note: String,
}

/// An actor, from the registry or a sidecar's `actors:`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ActorSource {
    /// The id: the file stem in the registry, `id:` in a sidecar.
    pub id: Located<String>,
    /// Display name.
    pub name: String,
    /// What it is.
    pub kind: ActorKind,
    /// Free text.
    pub role: Option<String>,
    /// Other names it appears under in text.
    pub aliases: Vec<String>,
    /// Ids of other actors.
    pub affiliations: Vec<Located<String>>,
    /// Markdown.
    pub description: Option<String>,
    /// Further reading.
    pub links: Vec<LinkSource>,
}

/// What an actor is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A person.
    Person,
    /// An organization (agency, company, cartel, ...).
    Organization,
    /// A country.
    Country,
    /// A group of people.
    Group,
}
