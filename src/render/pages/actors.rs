//! Actor pages, the pages of an actor's long lists, and the actors index.

use super::*;
use crate::render::mentions;

#[derive(Serialize, Hash)]
struct AppearsWith<'a> {
    actor: &'a Shared,
    count: usize,
}

/// A briefing that mentions the actor, with the sentences around the mentions.
#[derive(Serialize, Hash)]
struct MentionGroup<'a> {
    /// The briefing ([`crate::render::views::BriefingLink`]).
    briefing: &'a Shared,
    /// The sentences, in text order, at most [`mentions::CONTEXTS_PER_BRIEFING`].
    contexts: Vec<MentionContext>,
}

/// One mention in its sentence: the words before it, its own, the words after.
#[derive(Serialize, Hash)]
struct MentionContext {
    before: String,
    words: String,
    after: String,
    /// The words in the briefing: `BRIEFING/#mention-ACTOR-N`.
    url: String,
}

/// The briefings (newest first, at most [`mentions::MENTION_BRIEFINGS_SHOWN`]) that mention
/// actor `a`, each with its sentences.
fn mention_groups<'a>(cx: &PageInputs<'a>, a: ActorIx) -> Vec<MentionGroup<'a>> {
    let model = &cx.site.actors[a.0];
    model
        .refs
        .mentioned_in
        .iter()
        .take(mentions::MENTION_BRIEFINGS_SHOWN)
        .map(|&b| {
            let briefing = &cx.site.briefings[b.0];
            let text = briefing.plain.as_str();
            let url = &cx.views.briefing(b).url;
            MentionGroup {
                briefing: &cx.shared.briefings[b.0],
                contexts: mentions::contexts_of(briefing, a)
                    .iter()
                    .map(|c| MentionContext {
                        before: text[c.sentence.start..c.span.start].to_string(),
                        words: text[c.span.clone()].to_string(),
                        after: text[c.span.end..c.sentence.end].to_string(),
                        url: format!("{url}#{}", c.anchor(&model.id)),
                    })
                    .collect(),
            }
        })
        .collect()
}

#[derive(Serialize, Hash)]
struct ActorVars<'a> {
    id: &'a str,
    name: &'a str,
    url: &'a str,
    kind: ActorKind,
    role: Option<&'a str>,
    initials: &'a str,
    briefing_count: usize,
    quote_count: usize,
    event_count: usize,
    /// How many quotes are about them.
    quoted_about_count: usize,
    /// How many claims they made.
    claim_count: usize,
    /// Their aliases, less any written the same as their name.
    aliases: Vec<&'a str>,
    affiliations: Vec<&'a Shared>,
    description_html: Option<Html>,
    links: Vec<LinkView>,
    quotes: Vec<&'a Shared>,
    quotes_about: Vec<&'a Shared>,
    claims: Vec<&'a Shared>,
    events: Vec<&'a Shared>,
    briefings: Vec<&'a Shared>,
    appears_with: Vec<AppearsWith<'a>>,
    /// The latest briefings that mention them, with the sentences around the mentions.
    mentioned_in: Vec<MentionGroup<'a>>,
    /// How many briefings mention them.
    mentioned_in_count: usize,
    /// For each list cut short on this page, where all of it is.
    more: ActorMore,
}

/// Where each of an actor's long lists is in full (`None` while the page shows it all).
#[derive(Serialize, Hash, Default)]
struct ActorMore {
    quotes: Option<MoreLink>,
    quoted_about: Option<MoreLink>,
    claims: Option<MoreLink>,
    events: Option<MoreLink>,
    briefings: Option<MoreLink>,
    /// Where every briefing involving them is listed, when "Mentioned in" is cut short.
    mentioned_in: Option<MoreLink>,
}

/// A link to a whole list: its first page and how many items it has.
#[derive(Serialize, Hash)]
struct MoreLink {
    url: String,
    count: usize,
}

#[derive(Serialize, Hash)]
struct ActorPage<'a> {
    page: PageInfo<'a>,
    actor: ActorVars<'a>,
}

/// The first [`ACTOR_LIST_SHOWN`] of `items`.
fn shown<T>(items: &[T]) -> &[T] {
    &items[..items.len().min(ACTOR_LIST_SHOWN)]
}

/// An actor page; `description_html` is its description rendered.
pub(crate) fn actor<'a>(
    cx: &PageInputs<'a>,
    a: ActorIx,
    description_html: Option<Html>,
) -> impl PageVars + 'a {
    let shared = cx.shared;
    let model = &cx.site.actors[a.0];
    let link = cx.views.actor(a);
    let quote = |(b, q): &(BriefingIx, usize)| &shared.quotes[b.0][*q];
    let path = address::actor(&model.id);
    let more = |list: ActorList| {
        let count = list.len(model);
        (count > ACTOR_LIST_SHOWN).then(|| MoreLink {
            url: format!(
                "{}{}",
                cx.views.site.root,
                address::actor_list(&model.id, list.segment())
            ),
            count,
        })
    };
    let refs = &model.refs;
    let mut info = page_info(cx.views, "actor", &model.name, &path, model.role.as_deref());
    if !cx.layout.actor_feeds[a.0].is_empty() {
        info.feeds = vec![feed_link(
            cx.views,
            &model.name,
            &address::actor_feed(&model.id),
        )];
    }
    info.json_ld = structured::actor(&cx.views.site, cx.site, a);
    ActorPage {
        page: info,
        actor: ActorVars {
            id: &link.id,
            name: &link.name,
            url: &link.url,
            kind: link.kind,
            role: link.role.as_deref(),
            initials: &link.initials,
            briefing_count: link.briefing_count,
            quote_count: link.quote_count,
            event_count: refs.events.len(),
            quoted_about_count: refs.quotes_about.len(),
            claim_count: refs.claims_by.len(),
            aliases: model
                .aliases
                .iter()
                .map(String::as_str)
                .filter(|alias| *alias != model.name)
                .collect(),
            affiliations: model
                .affiliations
                .iter()
                .map(|x| &shared.actors[x.0])
                .collect(),
            description_html,
            links: model
                .links
                .iter()
                .map(|l| LinkView {
                    url: l.url.clone(),
                    title: l.title.clone().unwrap_or_else(|| l.url.clone()),
                })
                .collect(),
            quotes: shown(&refs.quotes_by).iter().map(quote).collect(),
            quotes_about: shown(&refs.quotes_about).iter().map(quote).collect(),
            claims: shown(&refs.claims_by)
                .iter()
                .map(|(b, c)| &shared.claims[b.0][*c])
                .collect(),
            events: shown(&refs.events)
                .iter()
                .map(|e| &shared.events[e.0])
                .collect(),
            briefings: shown(&refs.briefings)
                .iter()
                .map(|b| &shared.briefings[b.0])
                .collect(),
            appears_with: refs
                .appears_with
                .iter()
                .map(|(x, n)| AppearsWith {
                    actor: &shared.actors[x.0],
                    count: *n,
                })
                .collect(),
            mentioned_in: mention_groups(cx, a),
            mentioned_in_count: refs.mentioned_in.len(),
            more: ActorMore {
                quotes: more(ActorList::Quotes),
                quoted_about: more(ActorList::QuotedAbout),
                claims: more(ActorList::Claims),
                events: more(ActorList::Events),
                briefings: more(ActorList::Briefings),
                mentioned_in: (refs.mentioned_in.len() > mentions::MENTION_BRIEFINGS_SHOWN).then(
                    || {
                        more(ActorList::Briefings).unwrap_or(MoreLink {
                            url: format!("{}#sec-briefings", link.url),
                            count: refs.briefings.len(),
                        })
                    },
                ),
            },
        },
    }
}

#[derive(Serialize, Hash)]
struct ActorListPage<'a> {
    page: PageInfo<'a>,
    actor: &'a Shared,
    /// Which list: `quotes`, `quoted-about`, `claims`, `events` or `briefings`.
    list: ActorList,
    /// The list's heading.
    heading: String,
    /// How many items the whole list has.
    count: usize,
    /// This page's items: quote, claim, event or briefing views, as `list` says.
    items: Vec<&'a Shared>,
    pager: Option<Pager>,
}

/// Page `page` of one of an actor's long lists.
pub(crate) fn actor_list<'a>(
    cx: &PageInputs<'a>,
    a: ActorIx,
    list: ActorList,
    page: usize,
) -> impl PageVars + 'a {
    let shared = cx.shared;
    let model = &cx.site.actors[a.0];
    let refs = &model.refs;
    let first = address::actor_list(&model.id, list.segment());
    let quotes = |items: &[(BriefingIx, usize)]| -> Vec<&'a Shared> {
        page_of(items, page, ITEMS_PER_PAGE)
            .iter()
            .map(|(b, q)| &shared.quotes[b.0][*q])
            .collect()
    };
    let (heading, items) = match list {
        ActorList::Quotes => ("Quoted words".to_string(), quotes(&refs.quotes_by)),
        ActorList::QuotedAbout => (
            format!("Quoted about {}", model.name),
            quotes(&refs.quotes_about),
        ),
        ActorList::Claims => (
            "Claims made".to_string(),
            page_of(&refs.claims_by, page, ITEMS_PER_PAGE)
                .iter()
                .map(|(b, c)| &shared.claims[b.0][*c])
                .collect(),
        ),
        ActorList::Events => (
            "Events".to_string(),
            page_of(&refs.events, page, ITEMS_PER_PAGE)
                .iter()
                .map(|e| &shared.events[e.0])
                .collect(),
        ),
        ActorList::Briefings => (
            "Briefings".to_string(),
            page_of(&refs.briefings, page, ITEMS_PER_PAGE)
                .iter()
                .map(|b| &shared.briefings[b.0])
                .collect(),
        ),
    };
    let count = list.len(model);
    ActorListPage {
        page: page_info(
            cx.views,
            "actor-list",
            paged_title(&format!("{}: {heading}", model.name), page),
            &address::paged(&first, page),
            None,
        ),
        actor: &shared.actors[a.0],
        list,
        heading,
        count,
        items,
        pager: pager(cx.views, &first, page, page_count(count, ITEMS_PER_PAGE)),
    }
}

#[derive(Serialize, Hash)]
struct ActorGroup<'a> {
    kind: ActorKind,
    label: &'static str,
    actors: Vec<&'a Shared>,
}

/// A kind of actor in the jump list of a paginated actors index.
#[derive(Serialize, Hash)]
struct KindLink {
    kind: ActorKind,
    label: &'static str,
    count: usize,
    /// Where its first actors are: the page and `#kind-KIND`.
    url: String,
}

#[derive(Serialize, Hash)]
struct ActorsPage<'a> {
    page: PageInfo<'a>,
    /// This page's actors, by kind.
    groups: Vec<ActorGroup<'a>>,
    /// When the index is paginated: every kind, its count and the page it starts on.
    kinds: Vec<KindLink>,
    pager: Option<Pager>,
}

/// Page `page` of the actors index, grouped by kind (one page up to
/// [`crate::render::layout::ACTORS_WHOLE`] actors).
pub(crate) fn actors_index<'a>(cx: &PageInputs<'a>, page: usize) -> impl PageVars + 'a {
    let (views, layout) = (cx.views, cx.layout);
    let per_page = if layout.actors_paged {
        ACTORS_PER_PAGE
    } else {
        layout.actors.len().max(1)
    };
    let count = page_count(layout.actors.len(), per_page);
    let on_page = page_of(&layout.actors, page, per_page);
    let kind_of = |a: &ActorIx| views.actor(*a).kind;
    let groups = ACTOR_KINDS
        .iter()
        .filter_map(|&(kind, label)| {
            let actors: Vec<&Shared> = on_page
                .iter()
                .filter(|a| kind_of(a) == kind)
                .map(|a| &cx.shared.actors[a.0])
                .collect();
            (!actors.is_empty()).then_some(ActorGroup {
                kind,
                label,
                actors,
            })
        })
        .collect();
    let kinds = if layout.actors_paged {
        ACTOR_KINDS
            .iter()
            .filter_map(|&(kind, label)| {
                let start = layout.actors.iter().position(|a| kind_of(a) == kind)?;
                let count = layout.actors.iter().filter(|a| kind_of(a) == kind).count();
                let first_page = 1 + start / per_page;
                Some(KindLink {
                    kind,
                    label,
                    count,
                    url: format!(
                        "{}{}#kind-{}",
                        views.site.root,
                        address::paged(address::ACTORS, first_page),
                        serde_plain(&kind)
                    ),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    ActorsPage {
        page: page_info(
            views,
            "actors",
            paged_title("Actors", page),
            &address::paged(address::ACTORS, page),
            None,
        ),
        groups,
        kinds,
        pager: pager(views, address::ACTORS, page, count),
    }
}

/// A unit enum value as its serde name (`person`, `false`): what templates print of it.
fn serde_plain(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
