//! The home page, briefing pages, and the lists of briefings: folder archives and tags.

use super::*;

#[derive(Serialize, Hash)]
struct Counts {
    briefings: usize,
    actors: usize,
    events: usize,
    quotes: usize,
    claims: usize,
}

#[derive(Serialize, Hash)]
struct HomePage<'a> {
    page: PageInfo<'a>,
    intro_html: Option<&'a str>,
    briefings: Vec<&'a Shared>,
    events: Vec<&'a Shared>,
    actors: Vec<&'a Shared>,
    counts: Counts,
}

/// The home page; `intro_html` is `content/index.md` rendered.
pub(crate) fn home<'a>(cx: &PageInputs<'a>, intro_html: Option<&'a str>) -> impl PageVars + 'a {
    let (site, views, shared) = (cx.site, cx.views, cx.shared);
    let title = site.home.title.as_deref().unwrap_or(&site.config.title);
    let events: Vec<&Shared> = shared.events.iter().rev().take(8).collect();
    let mut actors: Vec<usize> = (0..views.actors.len())
        .filter(|&a| views.actors[a].briefing_count > 0)
        .collect();
    actors.sort_by(|&a, &b| {
        let (a, b) = (&views.actors[a], &views.actors[b]);
        b.briefing_count
            .cmp(&a.briefing_count)
            .then(b.quote_count.cmp(&a.quote_count))
            .then_with(|| a.name.cmp(&b.name))
    });
    actors.truncate(8);
    HomePage {
        page: page_info(views, "home", title, "", site.config.description.as_deref()),
        intro_html,
        briefings: shared.briefings.iter().take(10).collect(),
        events,
        actors: actors.into_iter().map(|a| &shared.actors[a]).collect(),
        counts: Counts {
            briefings: site.briefings.len(),
            actors: site.actors.len(),
            events: site.events.len(),
            quotes: site.briefings.iter().map(|b| b.quotes.len()).sum(),
            claims: site.briefings.iter().map(|b| b.claims.len()).sum(),
        },
    }
}

fn kind_label(k: SourceKind) -> &'static str {
    match k {
        SourceKind::News => "News",
        SourceKind::Opinion => "Opinion",
        SourceKind::Analysis => "Analysis",
        SourceKind::Official => "Official statement",
        SourceKind::Transcript => "Transcript",
    }
}

#[derive(Serialize, Hash)]
struct SourceVars<'a> {
    url: Option<&'a str>,
    publisher: Option<&'a str>,
    published: Option<DateView>,
    language: Option<&'a str>,
    kind: Option<SourceKind>,
    kind_label: Option<&'static str>,
}

#[derive(Serialize, Hash)]
struct BriefingVars<'a> {
    title: &'a str,
    url: &'a str,
    date: &'a Shared,
    summary: Option<&'a str>,
    tags: &'a [TagLink],
    authors: &'a [String],
    source: Option<SourceVars<'a>>,
    content_html: Html,
    actors: Vec<&'a Shared>,
    events: Vec<&'a Shared>,
    quotes: &'a [Shared],
    claims: &'a [Shared],
    notes: &'a [Shared],
}

#[derive(Serialize, Hash)]
struct BriefingPage<'a> {
    page: PageInfo<'a>,
    briefing: BriefingVars<'a>,
}

/// A briefing page; `content_html` is its annotated text.
pub(crate) fn briefing<'a>(
    cx: &PageInputs<'a>,
    b: BriefingIx,
    content_html: Html,
) -> impl PageVars + 'a {
    let (views, shared) = (cx.views, cx.shared);
    let model = &cx.site.briefings[b.0];
    let link = views.briefing(b);
    let source = model.source.as_ref().map(|s| SourceVars {
        url: s.url.as_deref(),
        publisher: s.publisher.as_deref(),
        published: s.published.as_ref().map(DateView::of),
        language: s.language.as_deref(),
        kind: s.kind,
        kind_label: s.kind.map(kind_label),
    });
    // Events are indexed in timeline order, so sorting by index sorts by date.
    let mut order: Vec<_> = model.events.iter().map(|c| c.event).collect();
    order.sort_unstable();
    let mut info = page_info(
        views,
        "briefing",
        &model.title,
        &model.url_path,
        model.summary.as_deref(),
    );
    info.published = Some(model.date.iso());
    info.tags = link.tags.iter().map(|t| t.name.as_str()).collect();
    info.feeds = link
        .tags
        .iter()
        .map(|t| feed_link(views, &t.name, &address::tag_feed(&t.slug)))
        .chain(
            feed_actors(cx.site, b)
                .into_iter()
                .take(FEED_LINKS)
                .map(|a| {
                    let actor = &cx.site.actors[a.0];
                    feed_link(views, &actor.name, &address::actor_feed(&actor.id))
                }),
        )
        .collect();
    info.json_ld = structured::briefing(&views.site, cx.site, model, &link.tags);
    BriefingPage {
        page: info,
        briefing: BriefingVars {
            title: &link.title,
            url: &link.url,
            date: &link.date,
            summary: link.summary.as_deref(),
            tags: &link.tags,
            authors: &model.authors,
            source,
            content_html,
            actors: model.actors.iter().map(|a| &shared.actors[a.0]).collect(),
            events: order.into_iter().map(|e| &shared.events[e.0]).collect(),
            quotes: &shared.quotes[b.0],
            claims: &shared.claims[b.0],
            notes: &shared.notes[b.0],
        },
    }
}

#[derive(Serialize, Hash)]
struct TagPage<'a> {
    page: PageInfo<'a>,
    tag: &'a Shared,
    briefings: Vec<&'a Shared>,
    pager: Option<Pager>,
}

/// Page `page` of a tag.
pub(crate) fn tag<'a>(cx: &PageInputs<'a>, t: usize, page: usize) -> impl PageVars + 'a {
    let tag = &cx.views.tags[t];
    let first = address::tag(&tag.slug);
    let all = &cx.site.tags[t].briefings;
    let count = page_count(all.len(), BRIEFINGS_PER_PAGE);
    let mut info = page_info(
        cx.views,
        "tag",
        paged_title(&tag.name, page),
        &address::paged(&first, page),
        None,
    );
    info.feeds = vec![feed_link(
        cx.views,
        &tag.name,
        &address::tag_feed(&tag.slug),
    )];
    TagPage {
        page: info,
        tag: &cx.shared.tags[t],
        briefings: page_of(all, page, BRIEFINGS_PER_PAGE)
            .iter()
            .map(|b| &cx.shared.briefings[b.0])
            .collect(),
        pager: pager(cx.views, &first, page, count),
    }
}

#[derive(Serialize, Hash)]
struct ArchivePage<'a> {
    page: PageInfo<'a>,
    folder: FolderVars<'a>,
    briefings: Vec<&'a Shared>,
    pager: Option<Pager>,
}

#[derive(Serialize, Hash)]
struct FolderVars<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

/// Page `page` of a folder's archive, newest first.
pub(crate) fn archive<'a>(cx: &PageInputs<'a>, f: usize, page: usize) -> impl PageVars + 'a {
    let folder = &cx.layout.folders[f];
    let count = page_count(folder.briefings.len(), BRIEFINGS_PER_PAGE);
    let url = format!("{}{}", cx.views.site.root, folder.path);
    let mut info = page_info(
        cx.views,
        "archive",
        paged_title(&folder.name, page),
        &address::paged(&folder.path, page),
        None,
    );
    info.section = Some(url.clone());
    ArchivePage {
        page: info,
        folder: FolderVars {
            name: &folder.name,
            url,
            count: folder.briefings.len(),
        },
        briefings: page_of(&folder.briefings, page, BRIEFINGS_PER_PAGE)
            .iter()
            .map(|b| &cx.shared.briefings[b.0])
            .collect(),
        pager: pager(cx.views, &folder.path, page, count),
    }
}

#[derive(Serialize, Hash)]
struct TagsPage<'a> {
    page: PageInfo<'a>,
    /// This page's tags.
    tags: &'a [Shared],
    tag_count: usize,
    pager: Option<Pager>,
}

/// Page `page` of the tags index ([`TAGS_PER_PAGE`] a page).
pub(crate) fn tags_index<'a>(cx: &PageInputs<'a>, page: usize) -> impl PageVars + 'a {
    let all = &cx.shared.tags;
    TagsPage {
        page: page_info(
            cx.views,
            "tags",
            paged_title("Tags", page),
            &address::paged(address::TAGS, page),
            None,
        ),
        tags: page_of(all, page, TAGS_PER_PAGE),
        tag_count: all.len(),
        pager: pager(
            cx.views,
            address::TAGS,
            page,
            page_count(all.len(), TAGS_PER_PAGE),
        ),
    }
}
