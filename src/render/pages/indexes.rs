//! The quote and claim indexes: whole on a small site, split by speaker and status on a large one.

use super::*;

#[derive(Serialize, Hash)]
struct SpeakerQuotes<'a> {
    speaker: &'a Shared,
    quotes: Vec<&'a Shared>,
}

#[derive(Serialize, Hash)]
struct QuotesPage<'a> {
    page: PageInfo<'a>,
    quote_count: usize,
    speakers: Vec<SpeakerQuotes<'a>>,
}

/// A speaker on a page of a split quote index.
#[derive(Serialize, Hash)]
struct SpeakerLink<'a> {
    speaker: &'a Shared,
    count: usize,
    /// Where their quotes are: their own pages, or their actor page's quotes.
    url: String,
}

#[derive(Serialize, Hash)]
struct SpeakersPage<'a> {
    page: PageInfo<'a>,
    quote_count: usize,
    speaker_count: usize,
    speakers: Vec<SpeakerLink<'a>>,
    pager: Option<Pager>,
}

/// Page `page` of the quote index: every quote by speaker while the site has at most
/// [`crate::render::layout::QUOTES_WHOLE`]; beyond, the speakers with their counts.
pub(crate) fn quotes_index<'a>(cx: &PageInputs<'a>, page: usize) -> Box<dyn PageVars + 'a> {
    let Some(speakers) = &cx.layout.speakers else {
        return Box::new(quotes_whole(cx));
    };
    let root = &cx.views.site.root;
    let on_page = page_of(speakers, page, SPEAKERS_PER_PAGE)
        .iter()
        .map(|&(a, count)| {
            let id = &cx.site.actors[a.0].id;
            let url = if count > ACTOR_LIST_SHOWN {
                address::actor_list(id, ActorList::Quotes.segment())
            } else {
                address::actor_said(id)
            };
            SpeakerLink {
                speaker: &cx.shared.actors[a.0],
                count,
                url: format!("{root}{url}"),
            }
        })
        .collect();
    Box::new(SpeakersPage {
        page: page_info(
            cx.views,
            "quotes",
            paged_title("Quotes", page),
            &address::paged(address::QUOTES, page),
            None,
        ),
        quote_count: speakers.iter().map(|(_, n)| n).sum(),
        speaker_count: speakers.len(),
        speakers: on_page,
        pager: pager(
            cx.views,
            address::QUOTES,
            page,
            page_count(speakers.len(), SPEAKERS_PER_PAGE),
        ),
    })
}

/// The whole quote index, by speaker.
fn quotes_whole<'a>(cx: &PageInputs<'a>) -> impl PageVars + 'a {
    let (site, views) = (cx.site, cx.views);
    let mut all: Vec<(usize, usize)> = site
        .briefings
        .iter()
        .enumerate()
        .flat_map(|(b, br)| (0..br.quotes.len()).map(move |q| (b, q)))
        .collect();
    let speaker = |&(b, q): &(usize, usize)| site.briefings[b].quotes[q].speaker;
    // A stable sort by speaker keeps each speaker's quotes in site order.
    all.sort_by(|x, y| {
        let (a, b) = (views.actor(speaker(x)), views.actor(speaker(y)));
        a.name.cmp(&b.name).then(a.id.cmp(&b.id))
    });
    let mut speakers: Vec<(ActorIx, SpeakerQuotes)> = Vec::new();
    for r in &all {
        let s = speaker(r);
        let q = &cx.shared.quotes[r.0][r.1];
        match speakers.last_mut() {
            Some((last, group)) if *last == s => group.quotes.push(q),
            _ => speakers.push((
                s,
                SpeakerQuotes {
                    speaker: &cx.shared.actors[s.0],
                    quotes: vec![q],
                },
            )),
        }
    }
    QuotesPage {
        page: page_info(views, "quotes", "Quotes", "quotes/", None),
        quote_count: all.len(),
        speakers: speakers.into_iter().map(|(_, g)| g).collect(),
    }
}

#[derive(Serialize, Hash)]
struct StatusClaims<'a> {
    status: ClaimStatus,
    label: &'static str,
    claims: Vec<&'a Shared>,
}

#[derive(Serialize, Hash)]
struct ClaimsPage<'a> {
    page: PageInfo<'a>,
    claim_count: usize,
    statuses: Vec<StatusClaims<'a>>,
}

/// A status on a split claims index: its count, its first claims and its pages.
#[derive(Serialize, Hash)]
struct StatusOverview<'a> {
    status: ClaimStatus,
    label: &'static str,
    count: usize,
    url: String,
    claims: Vec<&'a Shared>,
}

#[derive(Serialize, Hash)]
struct ClaimsOverviewPage<'a> {
    page: PageInfo<'a>,
    claim_count: usize,
    statuses: Vec<StatusOverview<'a>>,
}

/// The claims index, grouped by status (the most doubtful first): every claim while the
/// site has at most [`crate::render::layout::CLAIMS_WHOLE`]; beyond, each status with its first few
/// claims and a link to its pages.
pub(crate) fn claims_index<'a>(cx: &PageInputs<'a>) -> Box<dyn PageVars + 'a> {
    let page = page_info(cx.views, "claims", "Claims", address::CLAIMS, None);
    let Some(split) = &cx.layout.statuses else {
        return Box::new(claims_whole(cx, page));
    };
    let claim = |&(b, c): &(BriefingIx, usize)| &cx.shared.claims[b.0][c];
    Box::new(ClaimsOverviewPage {
        page,
        claim_count: split.iter().map(|(_, c)| c.len()).sum(),
        statuses: split
            .iter()
            .map(|(status, claims)| StatusOverview {
                status: *status,
                label: crate::render::views::status_label(*status),
                count: claims.len(),
                url: format!("{}{}", cx.views.site.root, address::claims_status(*status)),
                claims: claims.iter().take(CLAIMS_PREVIEW).map(claim).collect(),
            })
            .collect(),
    })
}

fn claims_whole<'a>(cx: &PageInputs<'a>, page: PageInfo<'a>) -> impl PageVars + 'a {
    let all: Vec<(ClaimStatus, &Shared)> = cx
        .site
        .briefings
        .iter()
        .zip(&cx.shared.claims)
        .flat_map(|(b, shared)| b.claims.iter().map(|c| c.status).zip(shared))
        .collect();
    let statuses = CLAIM_ORDER
        .iter()
        .filter_map(|&s| {
            let claims: Vec<&Shared> = all
                .iter()
                .filter(|(status, _)| *status == s)
                .map(|(_, c)| *c)
                .collect();
            (!claims.is_empty()).then(|| StatusClaims {
                status: s,
                label: crate::render::views::status_label(s),
                claims,
            })
        })
        .collect();
    ClaimsPage {
        page,
        claim_count: all.len(),
        statuses,
    }
}

#[derive(Serialize, Hash)]
struct ClaimsStatusPage<'a> {
    page: PageInfo<'a>,
    status: ClaimStatus,
    label: &'static str,
    count: usize,
    claims: Vec<&'a Shared>,
    pager: Option<Pager>,
}

/// Page `page` of the claims of one status, on a split claims index.
pub(crate) fn claims_status<'a>(cx: &PageInputs<'a>, s: usize, page: usize) -> impl PageVars + 'a {
    let split = cx.layout.statuses.as_deref().unwrap_or_default();
    let (status, claims) = &split[s];
    let label = crate::render::views::status_label(*status);
    let first = address::claims_status(*status);
    ClaimsStatusPage {
        page: page_info(
            cx.views,
            "claims",
            paged_title(&format!("Claims: {label}"), page),
            &address::paged(&first, page),
            None,
        ),
        status: *status,
        label,
        count: claims.len(),
        claims: page_of(claims, page, ITEMS_PER_PAGE)
            .iter()
            .map(|&(b, c)| &cx.shared.claims[b.0][c])
            .collect(),
        pager: pager(
            cx.views,
            &first,
            page,
            page_count(claims.len(), ITEMS_PER_PAGE),
        ),
    }
}
