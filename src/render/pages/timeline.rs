//! The timeline (whole, or an overview with year and month pages) and the event pages.

use super::*;

#[derive(Serialize, Hash)]
struct TimelineMonth<'a> {
    month: Option<u8>,
    label: String,
    events: Vec<&'a Shared>,
}

#[derive(Serialize, Hash)]
struct TimelineYear<'a> {
    year: i16,
    count: usize,
    months: Vec<TimelineMonth<'a>>,
}

#[derive(Serialize, Hash)]
struct TimelinePage<'a> {
    page: PageInfo<'a>,
    event_count: usize,
    years: Vec<TimelineYear<'a>>,
}

#[derive(Serialize, Hash)]
struct EventPage<'a> {
    page: PageInfo<'a>,
    event: &'a Shared,
    /// This page's citing briefings, in site order (newest first).
    citations: Vec<crate::render::views::CitationView>,
    citation_count: usize,
    pager: Option<Pager>,
    /// The event just before it in timeline order ([`EventView`]), if any.
    ///
    /// [`EventView`]: crate::render::views::EventView
    previous: Option<&'a Shared>,
    /// The event just after it in timeline order, if any.
    next: Option<&'a Shared>,
}

/// Page `page` of an event's page: what it is, and the briefings citing it with their words.
pub(crate) fn event<'a>(cx: &PageInputs<'a>, e: EventIx, page: usize) -> impl PageVars + 'a {
    let model = &cx.site.events[e.0];
    let first = address::event(&model.id);
    let mut info = page_info(
        cx.views,
        "event",
        paged_title(&model.title, page),
        &address::paged(&first, page),
        None,
    );
    info.json_ld = structured::event(&cx.views.site, model);
    EventPage {
        page: info,
        event: &cx.shared.events[e.0],
        citations: page_of(&model.cited_by, page, ITEMS_PER_PAGE)
            .iter()
            .map(|&b| crate::render::views::citation_view(model, b, cx.site, cx.views))
            .collect(),
        citation_count: model.cited_by.len(),
        pager: pager(
            cx.views,
            &first,
            page,
            page_count(model.cited_by.len(), ITEMS_PER_PAGE),
        ),
        // `site.events` is in timeline order, so the neighbours are the next indices.
        previous: e.0.checked_sub(1).map(|p| &cx.shared.events[p]),
        next: (e.0 + 1 < cx.site.events.len()).then(|| &cx.shared.events[e.0 + 1]),
    }
}

/// The events of `events` (in timeline order) grouped by year, then month.
fn by_year_and_month<'a>(cx: &PageInputs<'a>, events: &[EventIx]) -> Vec<TimelineYear<'a>> {
    let filed: Vec<(i16, Option<u8>)> = events
        .iter()
        .map(|e| {
            let date = &cx.site.events[e.0].date;
            (date.year(), date.month())
        })
        .collect();
    let mut years: Vec<TimelineYear> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let year = filed[i].0;
        let mut months: Vec<TimelineMonth> = Vec::new();
        let mut count = 0;
        while i < events.len() && filed[i].0 == year {
            let month = filed[i].1;
            let mut group: Vec<&Shared> = Vec::new();
            while i < events.len() && filed[i] == (year, month) {
                group.push(&cx.shared.events[events[i].0]);
                i += 1;
            }
            count += group.len();
            months.push(TimelineMonth {
                month,
                label: month_label(year, month),
                events: group,
            });
        }
        years.push(TimelineYear {
            year,
            count,
            months,
        });
    }
    years
}

/// "March 2025", or "2025, month not known".
fn month_label(year: i16, month: Option<u8>) -> String {
    match month {
        Some(m) => format!("{} {year}", crate::model::dates::month_name(m)),
        None => format!("{year}, month not known"),
    }
}

/// The link to a year of a split timeline, labelled "2025".
fn year_link(root: &str, year: &crate::render::layout::Year) -> PeriodLink {
    PeriodLink {
        label: year.year.to_string(),
        url: format!("{root}{}", address::timeline_year(year.year)),
        count: year.events.len(),
    }
}

/// The link to a month of a year split by month, labelled "March 2025".
fn month_link(root: &str, year: i16, (month, events): &(u8, Vec<EventIx>)) -> PeriodLink {
    PeriodLink {
        label: month_label(year, Some(*month)),
        url: format!("{root}{}", address::timeline_month(year, *month)),
        count: events.len(),
    }
}

#[derive(Serialize, Hash)]
struct PeriodLink {
    label: String,
    url: String,
    count: usize,
}

#[derive(Serialize, Hash)]
struct OverviewYear {
    year: i16,
    count: usize,
    url: String,
    /// The year's months, when it is split by month.
    months: Vec<PeriodLink>,
}

/// Where the timeline's script finds the page of a bookmarked event.
#[derive(Serialize, Hash)]
struct EventMap {
    /// The address of shard `N` is this with `N.json` after it.
    prefix: String,
    shards: usize,
}

#[derive(Serialize, Hash)]
struct TimelineOverviewPage<'a> {
    page: PageInfo<'a>,
    event_count: usize,
    years: Vec<OverviewYear>,
    /// The latest events, newest first.
    recent: Vec<&'a Shared>,
    event_map: EventMap,
}

/// `/timeline/`: every event, grouped by year and month, while the site has at most
/// [`crate::render::layout::TIMELINE_WHOLE`]; beyond, an overview of years and months.
pub(crate) fn timeline<'a>(cx: &PageInputs<'a>) -> Box<dyn PageVars + 'a> {
    let page = page_info(cx.views, "timeline", "Timeline", address::TIMELINE, None);
    let root = &cx.views.site.root;
    let Some(split) = &cx.layout.years else {
        let all: Vec<EventIx> = (0..cx.site.events.len()).map(EventIx).collect();
        return Box::new(TimelinePage {
            page,
            event_count: all.len(),
            years: by_year_and_month(cx, &all),
        });
    };
    let years = split
        .iter()
        .map(|y| OverviewYear {
            year: y.year,
            count: y.events.len(),
            url: format!("{root}{}", address::timeline_year(y.year)),
            months: y
                .months
                .iter()
                .flatten()
                .map(|(m, events)| PeriodLink {
                    label: crate::model::dates::month_name(*m).to_string(),
                    url: format!("{root}{}", address::timeline_month(y.year, *m)),
                    count: events.len(),
                })
                .collect(),
        })
        .collect();
    let n = cx.site.events.len();
    let recent = (n.saturating_sub(TIMELINE_RECENT)..n)
        .rev()
        .map(|e| &cx.shared.events[e])
        .collect();
    let shard0 = address::timeline_shard(0);
    Box::new(TimelineOverviewPage {
        page,
        event_count: n,
        years,
        recent,
        event_map: EventMap {
            prefix: format!("{root}{}", shard0.trim_end_matches("0.json")),
            shards: cx.layout.event_shards,
        },
    })
}

#[derive(Serialize, Hash)]
struct TimelinePeriodPage<'a> {
    page: PageInfo<'a>,
    /// The year shown.
    year: i16,
    /// The month shown, on a month's page.
    month: Option<u8>,
    /// "2025", "March 2025".
    label: String,
    /// How many events the year or month has.
    event_count: usize,
    /// This page's events, grouped by year (this one) and month.
    years: Vec<TimelineYear<'a>>,
    /// On a year split by month: its months.
    months: Vec<PeriodLink>,
    /// The year's page, on a month's page.
    up: Option<PeriodLink>,
    /// The periods before and after this one.
    prev: Option<PeriodLink>,
    next: Option<PeriodLink>,
    pager: Option<Pager>,
}

/// Page `page` of a year of a split timeline: all its events, or, for a year split by
/// month, its months and its events with no month.
pub(crate) fn timeline_year<'a>(cx: &PageInputs<'a>, y: usize, page: usize) -> impl PageVars + 'a {
    let years = cx.layout.years.as_deref().unwrap_or_default();
    let year = &years[y];
    let root = &cx.views.site.root;
    let first = address::timeline_year(year.year);
    let year_link = |y: &crate::render::layout::Year| year_link(root, y);
    let (events, months, pages) = match &year.months {
        None => (&year.events[..], Vec::new(), 1),
        Some(months) => (
            page_of(&year.undated, page, EVENTS_PER_PAGE),
            months
                .iter()
                .map(|month| month_link(root, year.year, month))
                .collect(),
            page_count(year.undated.len(), EVENTS_PER_PAGE),
        ),
    };
    let label = year.year.to_string();
    TimelinePeriodPage {
        page: page_info(
            cx.views,
            "timeline",
            paged_title(&format!("Timeline: {label}"), page),
            &address::paged(&first, page),
            None,
        ),
        year: year.year,
        month: None,
        label,
        event_count: year.events.len(),
        years: by_year_and_month(cx, events),
        months,
        up: None,
        prev: y.checked_sub(1).map(|p| year_link(&years[p])),
        next: years.get(y + 1).map(year_link),
        pager: pager(cx.views, &first, page, pages),
    }
}

/// Page `page` of a month of a year split by month.
pub(crate) fn timeline_month<'a>(
    cx: &PageInputs<'a>,
    y: usize,
    m: usize,
    page: usize,
) -> impl PageVars + 'a {
    let years = cx.layout.years.as_deref().unwrap_or_default();
    let year = &years[y];
    let months = year.months.as_deref().unwrap_or_default();
    let (month, events) = &months[m];
    let root = &cx.views.site.root;
    let first = address::timeline_month(year.year, *month);
    let month_link = |month: &(u8, Vec<EventIx>)| month_link(root, year.year, month);
    let label = month_label(year.year, Some(*month));
    TimelinePeriodPage {
        page: page_info(
            cx.views,
            "timeline",
            paged_title(&format!("Timeline: {label}"), page),
            &address::paged(&first, page),
            None,
        ),
        year: year.year,
        month: Some(*month),
        label,
        event_count: events.len(),
        years: by_year_and_month(cx, page_of(events, page, EVENTS_PER_PAGE)),
        months: Vec::new(),
        up: Some(year_link(root, year)),
        prev: m.checked_sub(1).map(|p| month_link(&months[p])),
        next: months.get(m + 1).map(month_link),
        pager: pager(
            cx.views,
            &first,
            page,
            page_count(events.len(), EVENTS_PER_PAGE),
        ),
    }
}

/// The shards of a split timeline's event map: for each event id, the address of the page
/// that holds it (below the site root), so that a bookmarked `/timeline/#event-ID` finds it.
pub(crate) fn timeline_event_map(site: &Site, layout: &Layout) -> Vec<(String, Vec<u8>)> {
    if layout.event_shards == 0 {
        return Vec::new();
    }
    let mut shards: Vec<std::collections::BTreeMap<&str, &str>> =
        vec![Default::default(); layout.event_shards];
    for (e, page) in site.events.iter().zip(layout.event_pages.iter()) {
        shards[layout.event_shard(&e.id)].insert(&e.id, page);
    }
    shards
        .iter()
        .enumerate()
        .map(|(i, map)| {
            // A map of strings always serializes.
            let json = serde_json::to_vec(map).unwrap_or_default();
            (address::timeline_shard(i), json)
        })
        .collect()
}
