//! A generated site of a few thousand briefings, for whole-site tests at scale: written
//! deterministically (a small seeded PRNG, no clock, no hashing of addresses) into a
//! temporary folder.
//!
//! The site is shaped to cross every split threshold of `src/render/layout.rs`: more than 500
//! events, one year (2021) with more than 500 of them, so that it splits by month, one month
//! (March 2021) with more than 250, so that the month paginates, and events of that year
//! dated by the year alone; more than 500 quotes and 500 claims; more than 300 actors; one
//! actor (the "star") who speaks in every twentieth briefing, so more than 50 quotes and 50
//! briefings; twenty tags over all briefings, so each tags well over 50; and a folder
//! (`briefings/`) of well over 50 briefings beside a second one (`analysis/`).
//!
//! Every anchored `text` is checked to occur exactly once in its article before anything is
//! written, so a generator mistake fails here, not as a gloss error. The article is plain
//! text (no Markdown syntax but `*emphasis*` in filler sentences, which no anchor covers), and
//! every number in it comes from a pool of three-digit numbers drawn without repeats for
//! that briefing, so that no anchor can match inside another sentence.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use super::write;
use words::*;

/// The site's address: a sub-path, so that links must carry it.
pub const BASE_URL: &str = "https://example.org/sub/";

/// A small deterministic PRNG (SplitMix64): the same seed gives the same site.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One item of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What was generated, for the test to check the build against.
pub struct GeneratedSite {
    /// Holds the site; removed when dropped.
    pub dir: tempfile::TempDir,
    /// The site root (the folder with `site.toml`).
    pub root: PathBuf,
    /// The output file of every briefing (`briefings/b00001/index.html`).
    pub briefing_pages: Vec<String>,
    /// Every event id of the site.
    pub events: Vec<String>,
    /// The star actor's id: the speaker of more than 50 quotes.
    pub star: String,
    /// The most used tag.
    pub top_tag: String,
    /// Counts, to check the thresholds are crossed and to report.
    pub counts: Counts,
}

/// How much of each thing the generated site holds.
#[derive(Debug, Default)]
pub struct Counts {
    /// Briefings in all.
    pub briefings: usize,
    /// Of which in `content/analysis/`.
    pub analysis: usize,
    /// Actors in all, and by kind: person, organization, country, group.
    pub actors: usize,
    /// Actors by kind, in the order person, organization, country, group.
    pub actors_by_kind: [usize; 4],
    /// Distinct events.
    pub events: usize,
    /// Events in 2021, the year that splits by month.
    pub events_2021: usize,
    /// Events in March 2021, the month that paginates.
    pub events_2021_03: usize,
    /// Events of 2021 dated by the year alone.
    pub events_2021_year_only: usize,
    /// Event citations (an event listed in a sidecar), shared ones counted once per sidecar.
    pub citations: usize,
    /// Events cited by more than one briefing.
    pub shared_events: usize,
    /// Quotes, claims and notes.
    pub quotes: usize,
    /// Claims.
    pub claims: usize,
    /// Notes.
    pub notes: usize,
    /// The star's quotes and briefings.
    pub star_quotes: usize,
    /// Briefings the star speaks in.
    pub star_briefings: usize,
    /// Briefings with the most used tag.
    pub top_tag_briefings: usize,
    /// The fewest and the most words of an article.
    pub words: (usize, usize),
}

/// The words the articles, actors and events are made of.
#[rustfmt::skip]
mod words {
    pub(super) const FIRST: &[&str] = &[
        "Elena", "Marco", "Sofia", "Tomas", "Ines", "Pavel", "Amara", "Jonas", "Lucia", "Omar",
        "Greta", "Hugo", "Nadia", "Felix", "Irene", "Mateo", "Clara", "Viktor", "Leila", "Anton",
        "Rosa", "Dmitri", "Hana", "Samuel", "Alma", "Karim", "Vera", "Oscar", "Yara", "Emil",
    ];
    pub(super) const LAST: &[&str] = &[
        "Okafor", "Lindqvist", "Duarte", "Haddad", "Novak", "Reyes", "Brenner", "Castellano",
        "Moreau", "Petrov", "Sandoval", "Kowalski", "Mendes", "Farah", "Halvorsen", "Varga",
        "Ibrahim", "Costa", "Delacroix", "Nakamura", "Strand", "Quintero", "Rahimi", "Jansen",
        "Ferreira", "Kaplan", "Mwangi", "Galvan", "Eriksen", "Lombardi",
    ];
    pub(super) const ORG_ADJ: &[&str] = &[
        "Northern", "Southern", "Coastal", "Federal", "Central", "Upland", "Maritime", "Provincial",
        "Civic", "Regional", "Inland", "Allied",
    ];
    pub(super) const ORG_NOUN: &[&str] = &[
        "Grain", "Energy", "Freight", "Water", "Rail", "Harbor", "Mining", "Textile", "Steel",
        "Timber", "Aviation", "Housing",
    ];
    pub(super) const ORG_TYPE: &[&str] = &[
        "Authority", "Board", "Commission", "Agency", "Council", "Bureau",
    ];
    pub(super) const GROUP_A: &[&str] = &[
        "Red", "Green", "Silent", "Rising", "Golden", "Hidden", "Loyal", "Radical", "Honest",
        "Young",
    ];
    pub(super) const GROUP_B: &[&str] = &[
        "River", "Valley", "Mountain", "Forest", "Plain", "Delta", "Ridge", "Lake", "Island",
        "Canyon",
    ];
    pub(super) const GROUP_C: &[&str] = &[
        "Movement", "Front", "Collective", "Alliance", "Brigade",
    ];
    pub(super) const SYLLABLE_A: &[&str] = &[
        "Val", "Mor", "Tes", "Kar", "Lun", "Bre", "Os", "Zan", "Quil", "Dor", "Fen", "Gal",
    ];
    pub(super) const SYLLABLE_B: &[&str] = &[
        "dor", "van", "mar", "ten", "sil", "bar", "ken", "lor",
    ];
    pub(super) const SYLLABLE_C: &[&str] = &[
        "ia", "land", "istan", "ova", "enia",
    ];
    pub(super) const PLACES: &[&str] = &[
        "Lisbon", "Porto", "Valencia", "Lyon", "Hamburg", "Turin", "Graz", "Antwerp", "Aarhus",
        "Bergen", "Malmo", "Tampere", "Gdansk", "Szeged", "Cluj", "Varna", "Patras", "Izmir",
        "Alexandria", "Tangier", "Oran", "Kano", "Kumasi", "Mombasa", "Dodoma", "Kampala",
        "Benguela", "Beira", "Windhoek", "Recife", "Rosario", "Valparaiso", "Arequipa", "Medellin",
        "Guayaquil", "Cochabamba", "Monterrey", "Halifax", "Osaka", "Danang", "Surabaya", "Penang",
        "Cebu", "Pune", "Lahore", "Pokhara", "Almaty", "Samarkand", "Batumi", "Odesa",
    ];
    pub(super) const EVENT_KINDS: &[&str] = &[
        "strike", "summit", "protest", "vote", "hearing", "ruling", "inquiry", "audit", "walkout",
        "blockade", "debate", "raid",
    ];
    pub(super) const EVENT_TOPICS: &[&str] = &[
        "the fuel subsidy", "grain exports", "the pension overhaul", "mining licences",
        "the new budget", "rent controls", "the fisheries agreement", "water rationing",
        "the port concession", "the election law", "hospital funding", "the rail tender",
        "border checks", "the minimum wage", "the refinery expansion", "land titles",
    ];
    pub(super) const EVENT_LEADS: &[&str] = &[
        "Much of the current tension dates back to the", "Officials still point to the",
        "Few in the capital have forgotten the", "The dispute echoes the",
        "Commentators compared the week to the",
    ];
    pub(super) const EVENT_TAILS: &[&str] = &[
        "and what followed", "as a turning point", "and its long aftermath",
        "and the promises made there",
    ];
    pub(super) const TAGS: &[&str] = &[
        "energy", "trade", "elections", "border-security", "agriculture", "housing", "labour",
        "health", "courts", "corruption", "diplomacy", "defence", "migration", "climate", "water",
        "transport", "fisheries", "mining", "banking", "inflation",
    ];
    pub(super) const SUBJECTS: &[&str] = &[
        "the government", "the ministry", "the finance committee", "the central bank",
        "the regional council", "opposition lawmakers", "industry groups", "local officials",
        "the trade commission", "the port authority", "union leaders", "the election board",
    ];
    pub(super) const VERB_PAST: &[&str] = &[
        "announced", "delayed", "rejected", "approved", "questioned", "defended", "criticised",
        "reviewed", "unveiled", "postponed", "welcomed", "expanded",
    ];
    pub(super) const OBJECTS: &[&str] = &[
        "a revised tariff schedule", "plans for a second runway", "an inquiry into procurement",
        "the draft election law", "stricter border checks", "the offshore wind tender",
        "a cap on rents", "the emergency loan package", "new rules for drone flights",
        "a review of mining licences", "the digital identity programme", "the coastal defence plan",
    ];
    pub(super) const CLAUSES: &[&str] = &[
        "after weeks of negotiation", "despite objections from the opposition",
        "amid growing public pressure", "ahead of the summer recess", "following a court challenge",
        "without setting a timetable", "in a closed session", "after a heated debate",
        "citing concerns about costs", "under pressure from creditors",
    ];
    pub(super) const INTROS: &[&str] = &[
        "On Monday", "Earlier this month", "Late last year", "Behind closed doors", "Within hours",
        "For now", "In the capital", "At a press briefing", "Separately", "Meanwhile",
    ];
    pub(super) const Q_MODALS: &[&str] = &[
        "will", "would", "cannot", "must", "should", "will not", "may",
    ];
    pub(super) const Q_VERBS: &[&str] = &[
        "freeze", "expand", "review", "suspend", "fund", "cap", "restore", "audit", "guarantee",
        "protect", "double", "reform",
    ];
    pub(super) const Q_UNITS: &[&str] = &[
        "households", "workers", "farmers", "families", "small firms", "schools", "clinics",
        "pensioners", "students", "villages",
    ];
    pub(super) const Q_TIMES: &[&str] = &[
        "before the end of the year", "within weeks", "by the spring", "next month",
        "before the next election", "by the autumn",
    ];
    pub(super) const CLAIM_THINGS: &[&str] = &[
        "the rail upgrade", "the school meals programme", "the harbour dredging",
        "the new hospital", "the pension reform", "the housing scheme", "the census",
        "the irrigation project", "the broadband rollout", "the drought relief plan",
    ];
    pub(super) const CLAIM_SOURCES: &[&str] = &[
        "The finance ministry", "The audit office", "Opposition lawmakers", "An independent study",
        "The statistics office", "The central bank", "A parliamentary committee",
    ];
    pub(super) const STATUSES: &[&str] = &[
        "unverified", "supported", "disputed", "false", "misleading",
    ];
    pub(super) const OBSERVERS: &[&str] = &[
        "Analysts", "Economists", "Diplomats", "Observers", "Critics", "Residents",
        "Legal scholars",
    ];
    pub(super) const NOTE_NOUNS: &[&str] = &[
        "deficit", "backlog", "shortfall", "queue at the border", "price of diesel", "turnout",
    ];
    pub(super) const NOTE_MOVED: &[&str] = &[
        "risen", "fallen", "widened", "eased", "stalled", "deepened",
    ];
    pub(super) const NOTE_TEXTS: &[&str] = &[
        "The figure comes from an *unpublished* draft and may change.",
        "Earlier versions of the report gave a **lower** number.",
        "Officials have not said how the total was reached.",
        "The count excludes *seasonal* workers.",
    ];
}

/// The id rule of FORMAT.md, as gloss itself applies it.
pub fn slug(text: &str) -> String {
    gloss::model::slugify(text)
}

/// A value as a YAML double-quoted scalar (a JSON string is one).
fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

/// An actor of the registry.
struct Actor {
    id: String,
    name: String,
    kind: usize,
}

/// An event, with the fields every citing sidecar repeats.
struct Event {
    id: String,
    /// The words of the title as an article writes them (`strike over grain exports in Lisbon`).
    phrase: String,
    title: String,
    /// The date as written in YAML (a bare year unquoted).
    date: String,
    place: &'static str,
    actors: Vec<usize>,
    summary: Option<String>,
    cited: usize,
}

/// Every event of the site: 2021 crosses the split thresholds, the other years stay whole.
fn events(rng: &mut Rng, actors: &[Actor]) -> Vec<Event> {
    let mut dates: Vec<String> = Vec::new();
    // March 2021: more than 250 events, so the month paginates.
    for _ in 0..300 {
        dates.push(format!("2021-03-{:02}", rng.between(1, 31)));
    }
    // 2021 by the year alone: on the split year's own page.
    for _ in 0..40 {
        dates.push("2021".to_string());
    }
    // The rest of 2021, so that the year has more than 500 events.
    for month in [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12] {
        for k in 0..30 {
            if k % 5 == 0 {
                dates.push(format!("2021-{month:02}"));
            } else {
                dates.push(format!("2021-{month:02}-{:02}", rng.between(1, 28)));
            }
        }
    }
    // Other years, whole pages of their own, with every date form.
    for year in [2018, 2019, 2020, 2022, 2023, 2024] {
        for k in 0..100 {
            let (m, d) = (rng.between(1, 12), rng.between(1, 28));
            dates.push(match k % 10 {
                0 => format!("{year}"),
                1 => format!("\"{year}~\""),
                2 => format!("\"{year}-{m:02}?\""),
                3 => format!("{year}-{m:02}-01/{year}-{m:02}-{d:02}"),
                4 => format!("\"../{year}-{m:02}\""),
                5 => format!("\"{year}-{m:02}/..\""),
                6 => format!("{year}-{m:02}"),
                _ => format!("{year}-{m:02}-{d:02}"),
            });
        }
    }
    let mut taken = HashSet::new();
    let people: Vec<usize> = (0..actors.len()).filter(|&i| actors[i].kind != 1).collect();
    dates
        .into_iter()
        .map(|date| {
            let (phrase, place) = loop {
                let place = *rng.pick(PLACES);
                let p = format!(
                    "{} over {} in {place}",
                    rng.pick(EVENT_KINDS),
                    rng.pick(EVENT_TOPICS)
                );
                if taken.insert(p.clone()) {
                    break (p, place);
                }
            };
            let mut event_actors = vec![*rng.pick(&people)];
            if rng.chance(40) {
                let other = *rng.pick(&people);
                if other != event_actors[0] {
                    event_actors.push(other);
                }
            }
            let mut title = phrase.clone();
            title[..1].make_ascii_uppercase();
            let kind = phrase.split(' ').next().unwrap_or_default();
            let summary = rng
                .chance(30)
                .then(|| format!("A *{kind}* that many still remember."));
            Event {
                id: slug(&phrase),
                phrase,
                title,
                date,
                place,
                actors: event_actors,
                summary,
                cited: 0,
            }
        })
        .collect()
}

/// The actor registry: 360 people (the first is the star), 120 organizations, 40 countries
/// and 80 groups.
fn actors(rng: &mut Rng) -> Vec<Actor> {
    let mut out = vec![Actor {
        id: "aurelia-vantongeren".into(),
        name: "Aurelia Vantongeren".into(),
        kind: 0,
    }];
    let mut names = HashSet::new();
    let mut add = |out: &mut Vec<Actor>, name: String, kind: usize| {
        if names.insert(name.clone()) {
            out.push(Actor {
                id: slug(&name),
                name,
                kind,
            });
            true
        } else {
            false
        }
    };
    let mut made = 1;
    while made < 360 {
        let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        made += usize::from(add(&mut out, name, 0));
    }
    made = 0;
    while made < 120 {
        let name = format!(
            "{} {} {}",
            rng.pick(ORG_ADJ),
            rng.pick(ORG_NOUN),
            rng.pick(ORG_TYPE)
        );
        made += usize::from(add(&mut out, name, 1));
    }
    made = 0;
    while made < 40 {
        let name = format!(
            "{}{}{}",
            rng.pick(SYLLABLE_A),
            rng.pick(SYLLABLE_B),
            rng.pick(SYLLABLE_C)
        );
        made += usize::from(add(&mut out, name, 2));
    }
    made = 0;
    while made < 80 {
        let name = format!(
            "{} {} {}",
            rng.pick(GROUP_A),
            rng.pick(GROUP_B),
            rng.pick(GROUP_C)
        );
        made += usize::from(add(&mut out, name, 3));
    }
    out
}

/// The YAML file of an actor.
fn actor_yaml(rng: &mut Rng, a: &Actor, countries: &[usize], all: &[Actor]) -> String {
    let kind = ["person", "organization", "country", "group"][a.kind];
    let mut y = format!("name: {}\nkind: {kind}\n", q(&a.name));
    match a.kind {
        0 => {
            y.push_str("role: Senior official\n");
            if a.id == "aurelia-vantongeren" {
                y.push_str("aliases: [Vantongeren, Minister Vantongeren]\n");
            }
            if rng.chance(60) {
                let c = &all[*rng.pick(countries)];
                let _ = writeln!(y, "affiliations: [{}]", c.id);
            }
        }
        1 => y.push_str("role: Public agency\n"),
        _ => {}
    }
    if rng.chance(50) {
        y.push_str("description: |\n  Known for a *hard line* on public spending.\n");
    }
    if rng.chance(30) {
        let _ = writeln!(
            y,
            "links:\n  - {{ title: Profile, url: \"https://profiles.example.net/{}\" }}",
            a.id
        );
    }
    y
}

/// One briefing being written: its article and its sidecar, with the anchors to verify.
struct Draft {
    sentences: Vec<String>,
    quotes: String,
    claims: String,
    notes: String,
    events: String,
    anchors: Vec<String>,
    /// Three-digit numbers not used yet in this briefing.
    numbers: Vec<usize>,
}

impl Draft {
    fn number(&mut self, rng: &mut Rng) -> usize {
        let i = rng.below(self.numbers.len());
        self.numbers.swap_remove(i)
    }

    fn filler(&mut self, rng: &mut Rng) {
        let s = format!(
            "{}, {} {} {} {}.",
            rng.pick(INTROS),
            rng.pick(SUBJECTS),
            rng.pick(VERB_PAST),
            rng.pick(OBJECTS),
            rng.pick(CLAUSES)
        );
        let s = if rng.chance(20) {
            s.replacen(" after ", " *after* ", 1)
        } else {
            s
        };
        self.sentences.push(s);
    }
}

/// How many times `needle` occurs in `hay`, overlapping ones counted.
fn occurrences(hay: &str, needle: &str) -> usize {
    (0..hay.len())
        .filter(|&i| hay.is_char_boundary(i) && hay[i..].starts_with(needle))
        .count()
}

/// Writes a site of `n` briefings (at least 1,000, so that the events are all cited) into
/// a new temporary folder.
pub fn generate(n: usize) -> GeneratedSite {
    assert!(
        n >= 1000,
        "the events need at least 1,000 briefings to cite them"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    let mut rng = Rng::new(0x5eed_0000_0000_0000 ^ n as u64);
    let mut counts = Counts {
        briefings: n,
        words: (usize::MAX, 0),
        ..Counts::default()
    };

    write(
        &root,
        "site.toml",
        &format!(
            r#"title = "Generated briefings"
base_url = "{BASE_URL}"
description = "A generated site for whole-site tests."
language = "en"

[annotations]
link_mentions = "first"
"#
        ),
    );
    write(
        &root,
        "content/index.md",
        "---\ntitle: Generated briefings\n---\nA generated archive of briefings, for tests at scale.\n",
    );

    let actors = actors(&mut rng);
    let countries: Vec<usize> = (0..actors.len()).filter(|&i| actors[i].kind == 2).collect();
    for a in &actors {
        counts.actors_by_kind[a.kind] += 1;
        let y = actor_yaml(&mut rng, a, &countries, &actors);
        write(&root, &format!("content/actors/{}.yaml", a.id), &y);
    }
    counts.actors = actors.len();
    let speakers: Vec<usize> = (1..actors.len()).filter(|&i| actors[i].kind <= 1).collect();

    let mut events = events(&mut rng, &actors);
    counts.events = events.len();
    counts.events_2021 = events.iter().filter(|e| e.date.starts_with("2021")).count();
    counts.events_2021_03 = events
        .iter()
        .filter(|e| e.date.starts_with("2021-03"))
        .count();
    counts.events_2021_year_only = events.iter().filter(|e| e.date == "2021").count();

    // Which events each briefing cites: one or two; every event at least once (in a
    // shuffled order), the other citations spread at random, so many events are shared.
    let mut order: Vec<usize> = (0..events.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut cites: Vec<Vec<usize>> = Vec::with_capacity(n);
    let mut next_unused = 0;
    for _ in 0..n {
        let k = if rng.chance(50) { 2 } else { 1 };
        let mut mine = Vec::new();
        while mine.len() < k {
            let e = if next_unused < order.len() {
                next_unused += 1;
                order[next_unused - 1]
            } else {
                rng.below(events.len())
            };
            if !mine.contains(&e) {
                mine.push(e);
            }
        }
        cites.push(mine);
    }
    assert_eq!(next_unused, events.len(), "every event is cited");

    let mut tag_counts = vec![0usize; TAGS.len()];
    let mut briefing_pages = Vec::with_capacity(n);
    for (b, cited) in cites.iter().enumerate() {
        let folder = if b % 10 == 9 { "analysis" } else { "briefings" };
        counts.analysis += usize::from(folder == "analysis");
        let name = format!("b{:05}", b + 1);
        briefing_pages.push(format!("{folder}/{name}/index.html"));

        let mut d = Draft {
            sentences: Vec::new(),
            quotes: String::new(),
            claims: String::new(),
            notes: String::new(),
            events: String::new(),
            anchors: Vec::new(),
            numbers: (100..1000).collect(),
        };
        d.filler(&mut rng);

        // Quotes: the star speaks in every twentieth briefing.
        let quote_count = if rng.chance(50) { 2 } else { 1 };
        for k in 0..quote_count {
            let speaker = if k == 0 && b % 20 == 0 {
                counts.star_quotes += 1;
                counts.star_briefings += 1;
                0
            } else {
                *rng.pick(&speakers)
            };
            let words = format!(
                "We {} {} support for {} {} {}",
                rng.pick(Q_MODALS),
                rng.pick(Q_VERBS),
                d.number(&mut rng),
                rng.pick(Q_UNITS),
                rng.pick(Q_TIMES)
            );
            d.sentences
                .push(format!("{} said: \"{words}.\"", actors[speaker].name));
            let _ = writeln!(
                d.quotes,
                "  - speaker: {}\n    text: {}",
                actors[speaker].id,
                q(&words)
            );
            if rng.chance(40) {
                let _ = writeln!(d.quotes, "    said: 2021-03-{:02}", rng.between(1, 28));
            }
            if rng.chance(20) {
                let _ = writeln!(
                    d.quotes,
                    "    source: {{ url: \"https://news.example.net/story/{}\", title: \"The original\" }}",
                    slug(&words)
                );
            }
            d.anchors.push(words);
            counts.quotes += 1;
        }
        d.filler(&mut rng);

        // Events: each citing sidecar repeats the event's fields; most anchor a phrase.
        for &e in cited {
            let ev = &mut events[e];
            ev.cited += 1;
            counts.citations += 1;
            let _ = writeln!(
                d.events,
                "  - id: {}\n    date: {}\n    title: {}\n    place: {}\n    actors: [{}]",
                ev.id,
                ev.date,
                q(&ev.title),
                ev.place,
                ev.actors
                    .iter()
                    .map(|&a| actors[a].id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(s) = &ev.summary {
                let _ = writeln!(d.events, "    summary: {}", q(s));
            }
            if rng.chance(90) {
                d.sentences.push(format!(
                    "{} {} {}.",
                    rng.pick(EVENT_LEADS),
                    ev.phrase,
                    rng.pick(EVENT_TAILS)
                ));
                let _ = writeln!(d.events, "    text: {}", q(&ev.phrase));
                d.anchors.push(ev.phrase.clone());
            }
        }

        // Claims.
        let claim_count = if rng.chance(50) { 2 } else { 1 };
        for _ in 0..claim_count {
            let (thing, number) = (rng.pick(CLAIM_THINGS), d.number(&mut rng));
            let year = rng.between(2018, 2024);
            let words = format!("cost of {thing} at {number} million");
            d.sentences.push(format!(
                "{} put the {words} in {year}.",
                rng.pick(CLAIM_SOURCES)
            ));
            let _ = writeln!(
                d.claims,
                "  - text: {}\n    status: {}",
                q(&words),
                rng.pick(STATUSES)
            );
            if rng.chance(50) {
                let _ = writeln!(
                    d.claims,
                    "    figure: {{ value: {}, unit: USD, as_of: {year} }}",
                    number * 1_000_000
                );
            }
            d.anchors.push(words);
            counts.claims += 1;
        }

        // One note.
        let number = d.number(&mut rng);
        let moved = rng.pick(NOTE_MOVED);
        d.sentences.push(format!(
            "{} said the {} had {moved} by week {number}.",
            rng.pick(OBSERVERS),
            rng.pick(NOTE_NOUNS)
        ));
        let words = format!("{moved} by week {number}");
        let note = *rng.pick(NOTE_TEXTS);
        let _ = writeln!(d.notes, "  - text: {}\n    note: {}", q(&words), q(note));
        d.anchors.push(words);
        counts.notes += 1;

        // A country, so that countries appear in briefings too.
        let country = &actors[*rng.pick(&countries)];
        d.sentences.push(format!(
            "Officials in {} declined to comment.",
            country.name
        ));

        // Filler up to about a hundred words.
        while d
            .sentences
            .iter()
            .map(|s| s.split(' ').count())
            .sum::<usize>()
            < 100
        {
            d.filler(&mut rng);
        }
        let words_count: usize = d.sentences.iter().map(|s| s.split(' ').count()).sum();
        counts.words.0 = counts.words.0.min(words_count);
        counts.words.1 = counts.words.1.max(words_count);

        let third = d.sentences.len().div_ceil(3);
        let body = d
            .sentences
            .chunks(third)
            .map(|c| c.join(" "))
            .collect::<Vec<_>>()
            .join("\n\n");
        for a in &d.anchors {
            assert_eq!(
                occurrences(&body, a),
                1,
                "generator: {name}: `{a}` must occur once in\n{body}"
            );
        }

        // Front matter: two distinct tags, the first skewed towards the first tags.
        let t1 = rng.below(TAGS.len()).min(rng.below(TAGS.len()));
        let mut t2 = rng.below(TAGS.len());
        if t2 == t1 {
            t2 = (t2 + 1) % TAGS.len();
        }
        tag_counts[t1] += 1;
        tag_counts[t2] += 1;
        let date = format!(
            "{}-{:02}-{:02}",
            2019 + b % 6,
            1 + (b / 6) % 12,
            1 + (b / 72) % 28
        );
        let mut md = format!(
            "---\ntitle: {}\ndate: {date}\nsummary: {}\ntags: [{}, {}]\nauthors: [Briefings Desk]\n",
            q(&format!("Briefing {}: {}", b + 1, rng.pick(OBJECTS))),
            q(&format!(
                "What {} {} and why it matters.",
                rng.pick(SUBJECTS),
                rng.pick(VERB_PAST)
            )),
            TAGS[t1],
            TAGS[t2]
        );
        if rng.chance(30) {
            md.push_str("source: { publisher: The Harbor Courier, language: en, kind: news }\n");
        }
        md.push_str("---\n");
        md.push_str(&body);
        md.push('\n');
        write(&root, &format!("content/{folder}/{name}.md"), &md);

        let mut yaml = String::new();
        for (list, items) in [
            ("quotes", &d.quotes),
            ("events", &d.events),
            ("claims", &d.claims),
            ("notes", &d.notes),
        ] {
            if !items.is_empty() {
                let _ = write!(yaml, "{list}:\n{items}");
            }
        }
        write(&root, &format!("content/{folder}/{name}.yaml"), &yaml);
    }

    counts.shared_events = events.iter().filter(|e| e.cited > 1).count();
    let top = (0..TAGS.len())
        .max_by_key(|&t| tag_counts[t])
        .expect("tags");
    counts.top_tag_briefings = tag_counts[top];
    let ids: BTreeSet<&str> = events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), events.len(), "generator: event ids are unique");

    GeneratedSite {
        dir,
        root,
        briefing_pages,
        events: events.into_iter().map(|e| e.id).collect(),
        star: actors[0].id.clone(),
        top_tag: TAGS[top].to_string(),
        counts,
    }
}
