//! The Atom feeds (the site's, each tag's, each actor's) and the sitemap (split into parts
//! past 50,000 pages).

use super::*;
use crate::render::layout::{FEED_ENTRIES, TOPIC_FEED_ENTRIES};

/// The pages a sitemap lists: every HTML page but the 404.
fn sitemap_pages(jobs: &[PageJob]) -> impl Iterator<Item = &PageJob> {
    jobs.iter().filter(|p| p.path.ends_with("index.html"))
}

/// How many files the sitemap takes.
pub(crate) fn sitemap_parts(jobs: &[PageJob]) -> usize {
    page_count(sitemap_pages(jobs).count(), SITEMAP_URLS)
}

/// Which feed: the site's, a tag's or an actor's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FeedOf {
    /// `/atom.xml`: the site's latest briefings.
    Site,
    /// `/tags/<tag>/atom.xml`, by tag index.
    Tag(usize),
    /// `/actors/<id>/atom.xml`.
    Actor(ActorIx),
}

impl FeedOf {
    /// Its briefings, newest first: at most [`FEED_ENTRIES`] for the site's,
    /// [`TOPIC_FEED_ENTRIES`] for a tag's or an actor's.
    pub(crate) fn entries(self, site: &Site, layout: &Layout) -> Vec<BriefingIx> {
        let all: &[BriefingIx] = match self {
            FeedOf::Site => {
                let n = site.briefings.len().min(FEED_ENTRIES);
                return (0..n).map(BriefingIx).collect();
            }
            FeedOf::Tag(t) => &site.tags[t].briefings,
            FeedOf::Actor(a) => &layout.actor_feeds[a.0],
        };
        all[..all.len().min(TOPIC_FEED_ENTRIES)].to_vec()
    }
}

/// What a feed says about itself.
#[derive(Serialize, Hash)]
struct FeedInfo<'a> {
    /// Its title: the site's, or "Tag · Site", "Actor · Site".
    title: String,
    /// Its Atom id: the absolute address of the page it follows.
    id: String,
    /// The absolute address of the page it follows (`rel="alternate"`).
    alternate: String,
    /// Its own absolute address (`rel="self"`).
    self_url: String,
    /// What it follows, in a sentence (nullable).
    subtitle: Option<&'a str>,
}

#[derive(Serialize, Hash)]
struct FeedEntry<'a> {
    title: &'a str,
    permalink: String,
    updated: String,
    summary: Option<&'a str>,
    authors: &'a [String],
    /// Tag names.
    tags: Vec<&'a str>,
    /// The annotated HTML of the briefing, already escaped for `type="html"`.
    content: FeedContent,
}

#[derive(Serialize, Hash)]
struct FeedPage<'a> {
    page: PageInfo<'a>,
    feed: FeedInfo<'a>,
    updated: String,
    entries: Vec<FeedEntry<'a>>,
}

/// A briefing's annotated HTML escaped once for Atom's `<content type="html">`, as a
/// template value marked safe: autoescaping leaves it as it is, so each feed that carries
/// the briefing copies it (tera's strings are shared) rather than escaping it again.
/// Fingerprinted by the key of the text it was made from.
#[derive(Debug, Clone)]
pub(crate) struct FeedContent {
    key: u64,
    value: tera::Value,
}

impl FeedContent {
    /// The content of the briefing text `html`, whose fingerprint is `key`.
    pub(crate) fn of(key: u64, html: &str) -> Self {
        FeedContent {
            key,
            value: tera::Value::safe_string(&escape_xml(html)),
        }
    }

    /// Only the fingerprint of the content of the briefing text whose fingerprint is `key`:
    /// enough to fingerprint a feed, not to render it.
    pub(crate) fn key_only(key: u64) -> Self {
        FeedContent {
            key,
            value: tera::Value::none(),
        }
    }
}

impl Serialize for FeedContent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl Hash for FeedContent {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

/// Text escaped for XML content and attributes, as autoescaping writes it: `&`, `<`, `>`,
/// `"` and `'` as references.
fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out
}

/// An Atom feed: `of`'s latest briefings, newest first, each with its annotated text
/// (`content` gives it: made once per render for every feed that carries the briefing).
pub(crate) fn atom<'a>(
    cx: &PageInputs<'a>,
    of: FeedOf,
    content: &dyn Fn(BriefingIx) -> FeedContent,
) -> impl PageVars + 'a {
    let (site, views) = (cx.site, cx.views);
    let base = &site.base_url;
    let site_title = &site.config.title;
    let (title, page_path, self_path, subtitle) = match of {
        FeedOf::Site => (
            site_title.clone(),
            String::new(),
            address::FEED.to_string(),
            site.config.description.as_deref(),
        ),
        FeedOf::Tag(t) => {
            let tag = &site.tags[t];
            (
                format!("{} · {site_title}", tag.name),
                address::tag(&tag.slug),
                address::tag_feed(&tag.slug),
                None,
            )
        }
        FeedOf::Actor(a) => {
            let actor = &site.actors[a.0];
            (
                format!("{} · {site_title}", actor.name),
                address::actor(&actor.id),
                address::actor_feed(&actor.id),
                actor.role.as_deref(),
            )
        }
    };
    let briefings = of.entries(site, cx.layout);
    let entries = briefings
        .iter()
        .map(|&b| {
            let model = &site.briefings[b.0];
            FeedEntry {
                title: &model.title,
                permalink: format!("{base}{}", model.url_path),
                updated: model.date.rfc3339(),
                summary: model.summary.as_deref(),
                authors: &model.authors,
                tags: views
                    .briefing(b)
                    .tags
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect(),
                content: content(b),
            }
        })
        .collect();
    let updated = briefings
        .iter()
        .map(|b| site.briefings[b.0].date.rfc3339())
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    FeedPage {
        page: page_info(views, "feed", title.clone(), &self_path, None),
        feed: FeedInfo {
            title,
            id: format!("{base}{page_path}"),
            alternate: format!("{base}{page_path}"),
            self_url: format!("{base}{self_path}"),
            subtitle,
        },
        updated,
        entries,
    }
}

#[derive(Serialize, Hash)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

#[derive(Serialize, Hash)]
struct SitemapPage<'a> {
    page: PageInfo<'a>,
    urls: Vec<SitemapUrl>,
}

#[derive(Serialize, Hash)]
struct SitemapIndexPage<'a> {
    page: PageInfo<'a>,
    /// The absolute address of each part.
    parts: Vec<String>,
}

/// The sitemap of every HTML page of `jobs` but the 404; past [`SITEMAP_URLS`] pages, the
/// sitemap index of its parts.
pub(crate) fn sitemap<'a>(cx: &PageInputs<'a>, jobs: &[PageJob]) -> Box<dyn PageVars + 'a> {
    let parts = sitemap_parts(jobs);
    if parts <= 1 {
        return Box::new(sitemap_part(cx, jobs, 1));
    }
    Box::new(SitemapIndexPage {
        page: page_info(cx.views, "sitemap", "Sitemap", "sitemap.xml", None),
        parts: (1..=parts)
            .map(|n| format!("{}{}", cx.site.base_url, address::sitemap_part(n)))
            .collect(),
    })
}

/// Part `part` (from 1) of the sitemap: [`SITEMAP_URLS`] pages at most.
pub(crate) fn sitemap_part<'a>(
    cx: &PageInputs<'a>,
    jobs: &[PageJob],
    part: usize,
) -> impl PageVars + 'a {
    let site = cx.site;
    let urls = sitemap_pages(jobs)
        .skip((part - 1) * SITEMAP_URLS)
        .take(SITEMAP_URLS)
        .map(|p| SitemapUrl {
            loc: format!("{}{}", site.base_url, p.path.trim_end_matches("index.html")),
            lastmod: match p.kind {
                PageKind::Briefing(b) => Some(site.briefings[b.0].date.iso()),
                _ => None,
            },
        })
        .collect();
    SitemapPage {
        page: page_info(cx.views, "sitemap", "Sitemap", "sitemap.xml", None),
        urls,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_content_is_escaped_once_and_kept_safe() {
        assert_eq!(
            escape_xml(r#"<p class="a">Tom & Jerry's</p>é"#),
            "&lt;p class=&quot;a&quot;&gt;Tom &amp; Jerry&#39;s&lt;/p&gt;é"
        );
        let c = FeedContent::of(7, "<b>x</b>");
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t.xml", "<content>{{ c }}</content>")
            .expect("compiles");
        let mut ctx = tera::Context::new();
        ctx.insert("c", &c);
        assert_eq!(
            tera.render("t.xml", &ctx).expect("renders"),
            "<content>&lt;b&gt;x&lt;/b&gt;</content>"
        );
    }

    #[test]
    fn a_sitemap_splits_past_fifty_thousand_pages() {
        let job = |i: usize| PageJob {
            path: format!("briefings/b{i}/index.html"),
            kind: PageKind::Briefing(BriefingIx(i)),
        };
        let mut jobs: Vec<PageJob> = (0..SITEMAP_URLS).map(job).collect();
        jobs.push(PageJob {
            path: "404.html".into(),
            kind: PageKind::NotFound,
        });
        assert_eq!(sitemap_parts(&jobs), 1, "the 404 is not listed");
        jobs.push(job(SITEMAP_URLS));
        assert_eq!(sitemap_parts(&jobs), 2);
        assert_eq!(address::sitemap_part(2), "sitemaps/2.xml");
    }
}
