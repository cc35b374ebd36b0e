//! The Atom feed and the sitemap (split into parts past 50,000 pages).

use super::*;

/// The pages a sitemap lists: every HTML page but the 404.
fn sitemap_pages(jobs: &[PageJob]) -> impl Iterator<Item = &PageJob> {
    jobs.iter().filter(|p| p.path.ends_with("index.html"))
}

/// How many files the sitemap takes.
pub(crate) fn sitemap_parts(jobs: &[PageJob]) -> usize {
    page_count(sitemap_pages(jobs).count(), SITEMAP_URLS)
}

#[derive(Serialize, Hash)]
struct FeedEntry<'a> {
    title: &'a str,
    permalink: String,
    updated: String,
    summary: Option<&'a str>,
    authors: &'a [String],
}

#[derive(Serialize, Hash)]
struct FeedPage<'a> {
    page: PageInfo<'a>,
    updated: String,
    entries: Vec<FeedEntry<'a>>,
}

/// The Atom feed of the latest briefings.
pub(crate) fn atom<'a>(cx: &PageInputs<'a>) -> impl PageVars + 'a {
    let site = cx.site;
    let entries = site
        .briefings
        .iter()
        .take(20)
        .map(|b| FeedEntry {
            title: &b.title,
            permalink: format!("{}{}", site.base_url, b.url_path),
            updated: b.date.rfc3339(),
            summary: b.summary.as_deref(),
            authors: &b.authors,
        })
        .collect();
    let updated = site
        .briefings
        .iter()
        .map(|b| b.date.rfc3339())
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    FeedPage {
        page: page_info(cx.views, "feed", &site.config.title, "atom.xml", None),
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
