//! Whole-site tests on the `core` fixture (tests/sites/core): the exact marks of a briefing,
//! the links between briefing, actor, timeline and quote pages, the timeline's order and
//! date display, event merging, drafts, tags, feeds, and deterministic output.

mod common;

use common::{build, fixture, hrefs, pieces, read, snapshot, strip_tags};

#[test]
fn a_quote_across_emphasis_is_split_into_pieces_that_spell_it() {
    let (_tmp, out) = build(&fixture("core"), false);
    let html = read(&out, "briefings/alpha/index.html");
    assert_eq!(
        pieces(&html, "quote:weaves"),
        ["the engine ", "weaves", " algebraic patterns"]
    );
    assert_eq!(
        pieces(&html, "quote:weaves").concat(),
        "the engine weaves algebraic patterns"
    );
    // Only the first piece carries the id, so the address opens at the words.
    assert_eq!(html.matches("id=\"quote-weaves\"").count(), 1);
    assert!(html.contains(
        "<mark id=\"quote-weaves\" data-ann=\"quote:weaves\" class=\"ann ann-quote\" title=\"Quote: Ada Lovelace\">the engine </mark><em><mark data-ann=\"quote:weaves\""
    ));
    // A claim nested inside the quote's words stays inside one piece of the quote.
    assert!(html.contains(
        "<mark data-ann=\"quote:weaves\" class=\"ann ann-quote\" title=\"Quote: Ada Lovelace\"> <mark id=\"claim-algebraic\" data-ann=\"claim:algebraic\" class=\"ann ann-claim\" title=\"Claim: Supported\">algebraic</mark> patterns</mark>"
    ));
}

#[test]
fn derived_ids_occurrence_and_events_anchor_where_format_says() {
    let (_tmp, out) = build(&fixture("core"), false);
    let html = read(&out, "briefings/alpha/index.html");
    // Derived id: first five words of the text.
    assert_eq!(
        pieces(&html, "claim:less-than-17-billion"),
        ["less than $17 billion"]
    );
    assert_eq!(pieces(&html, "quote:never"), ["never."]);
    // `occurrence: 2` marks the second "budget", after "and the".
    assert!(html.contains("and the <mark id=\"note-budget\""));
    // An event anchored around a mention: the mention link sits inside the event's mark.
    assert_eq!(
        pieces(&html, "event:first-meeting"),
        ["met Charles Babbage"]
    );
    let beta = read(&out, "briefings/beta/index.html");
    assert_eq!(pieces(&beta, "event:first-meeting"), ["the meeting"]);
}

#[test]
fn mentions_link_each_actors_first_name_or_alias() {
    let (_tmp, out) = build(&fixture("core"), false);
    let alpha = read(&out, "briefings/alpha/index.html");
    // The words hold the anchor the actor page's "Mentioned in" links to.
    assert!(alpha.contains(
        "<a href=\"/sub/actors/ada/\" class=\"mention\"><span id=\"mention-ada-1\">Ada Lovelace</span></a>"
    ));
    assert_eq!(
        alpha.matches("class=\"mention\"").count(),
        2,
        "first mentions only"
    );
    let beta = read(&out, "briefings/beta/index.html");
    assert!(beta.contains(
        "<a href=\"/sub/actors/ada/\" class=\"mention\"><span id=\"mention-ada-1\">Lovelace</span></a>"
    ));
}

#[test]
fn a_shared_event_is_one_timeline_entry_linking_every_briefing() {
    let (_tmp, out) = build(&fixture("core"), false);
    let timeline = read(&out, "timeline/index.html");
    assert_eq!(timeline.matches("id=\"event-first-meeting\"").count(), 1);
    let start = timeline.find("id=\"event-first-meeting\"").unwrap();
    let end = timeline[start..]
        .find("</ul>")
        .map_or(timeline.len(), |i| start + i);
    let entry = &timeline[start..end];
    let links = hrefs(entry);
    assert!(
        links.contains(&"/sub/briefings/alpha/#event-first-meeting".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"/sub/briefings/beta/#event-first-meeting".to_string()),
        "{links:?}"
    );
    assert!(links.contains(&"/sub/actors/ada/".to_string()), "{links:?}");
    assert!(entry.contains("5 June 1833"), "{entry}");
    assert!(entry.contains("London"), "{entry}");
}

#[test]
fn the_timeline_orders_by_start_and_shows_each_precision() {
    let (_tmp, out) = build(&fixture("core"), false);
    let timeline = read(&out, "timeline/index.html");
    let order = [
        "first-meeting",
        "engine-years",
        "by-then",
        "notes-published",
        "maybe",
        "afterwards",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|id| {
            timeline
                .find(&format!("id=\"event-{id}\""))
                .unwrap_or_else(|| panic!("event-{id} missing"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    // Each end of a range is its own <time> element: the text a reader sees is unchanged.
    let text = strip_tags(&timeline);
    for shown in [
        "5 June 1833",
        "1834–1871",
        "by March 1840",
        "c. 1843",
        "1852?",
        "since October 1871",
    ] {
        assert!(text.contains(shown), "timeline lacks {shown}");
    }
}

#[test]
fn quote_index_and_actor_pages_link_to_the_words_in_context() {
    let (_tmp, out) = build(&fixture("core"), false);
    let quotes = read(&out, "quotes/index.html");
    assert!(hrefs(&quotes).contains(&"/sub/briefings/alpha/#quote-weaves".to_string()));
    assert!(quotes.contains("the engine weaves algebraic patterns"));

    let ada = read(&out, "actors/ada/index.html");
    let links = hrefs(&ada);
    for want in [
        "/sub/briefings/alpha/#quote-weaves",
        "/sub/briefings/alpha/",
        "/sub/briefings/beta/",
        "/sub/actors/babbage/",
        "/sub/events/first-meeting/",
        "https://en.wikipedia.org/wiki/Ada_Lovelace",
    ] {
        assert!(
            links.contains(&want.to_string()),
            "actor page lacks {want}: {links:?}"
        );
    }
    // The event's own page: the citing briefings with their words, and its timeline place.
    let event = read(&out, "events/first-meeting/index.html");
    let event_links = hrefs(&event);
    assert!(
        event_links.contains(&"/sub/timeline/#event-first-meeting".to_string()),
        "{event_links:?}"
    );
    assert!(
        event_links.iter().any(|l| l.starts_with("/sub/briefings/")),
        "{event_links:?}"
    );
    assert!(ada.contains("Mathematician"));
    assert!(
        ada.contains("<em>notes</em>"),
        "description rendered as Markdown"
    );

    // The briefing page lists its actors and claims with their status.
    let alpha = read(&out, "briefings/alpha/index.html");
    assert!(hrefs(&alpha).contains(&"/sub/actors/babbage/".to_string()));
    let claims = read(&out, "claims/index.html");
    assert!(claims.contains("Disputed") && claims.contains("Supported"));
    assert!(
        claims.contains("less than US$17 billion, as of 2024"),
        "{claims}"
    );
}

#[test]
fn drafts_tags_slugs_feeds_and_sitemap() {
    let (_tmp, out) = build(&fixture("core"), false);
    assert!(!out.join("analysis/gamma-renamed/index.html").exists());
    let tag = read(&out, "tags/border-security/index.html");
    assert!(hrefs(&tag).contains(&"/sub/briefings/alpha/".to_string()));
    assert!(read(&out, "tags/index.html").contains("/sub/tags/diplomacy/"));
    let feed = read(&out, "atom.xml");
    assert!(feed.contains("https://example.org/sub/briefings/alpha/"));
    assert!(feed.contains("2025-09-05T00:00:00Z"));
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/sub/timeline/</loc>"));
    assert!(!sitemap.contains("404"));
    // The sitemap lists every page of the site, and nothing else.
    let listed: std::collections::BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .map(|l| l.trim_start_matches("https://example.org/sub/").to_string())
        .collect();
    let pages: std::collections::BTreeSet<String> = snapshot(&out)
        .into_keys()
        .filter_map(|p| p.strip_suffix("index.html").map(str::to_string))
        .collect();
    assert_eq!(listed, pages);
    for page in [
        "index.html",
        "actors/index.html",
        "search/index.html",
        "404.html",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }

    let (_tmp2, with_drafts) = build(&fixture("core"), true);
    assert!(
        with_drafts
            .join("analysis/gamma-renamed/index.html")
            .is_file()
    );
}

#[test]
fn the_same_sources_give_byte_identical_output() {
    let (_a, one) = build(&fixture("core"), false);
    let (_b, two) = build(&fixture("core"), false);
    assert_eq!(snapshot(&one), snapshot(&two));
}

#[test]
fn every_internal_link_and_fragment_resolves() {
    let (_tmp, out) = build(&fixture("core"), false);
    common::check_links(&out, "/sub/");
    let (_tmp, out) = build(&std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")), false);
    common::check_links(&out, "/");
}

#[test]
fn nothing_is_loaded_from_other_hosts() {
    let (_tmp, out) = build(&std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")), false);
    for (path, bytes) in snapshot(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in [
            "src=\"http",
            "src=\"//",
            "<link rel=\"stylesheet\" href=\"http",
        ] {
            assert!(
                !html.contains(attr),
                "{path} loads from another host: {attr}"
            );
        }
        assert!(!html.contains("@import"), "{path}");
    }
}

#[test]
fn site_templates_override_the_theme_and_static_files_are_copied() {
    let (_tmp, out) = build(&fixture("core"), false);
    assert!(read(&out, "404.html").contains("<h1>Custom not found</h1>"));
    assert_eq!(read(&out, "robots.txt"), "User-agent: *\nAllow: /\n");
    assert!(out.join("img/dot.svg").is_file());
    assert!(out.join("style.css").is_file(), "theme assets are written");
    assert!(
        read(&out, "highlight.css").contains(".hl-"),
        "code CSS is written"
    );
    // Fenced code is highlighted into CSS classes, not inline styles.
    let beta = read(&out, "briefings/beta/index.html");
    assert!(
        beta.contains("<pre><code class=\"language-rust\">"),
        "{beta}"
    );
    assert!(beta.contains("class=\"hl-"));
    assert!(!beta.contains("style=\""));
}

#[test]
fn root_relative_links_in_markdown_stay_under_the_sub_path() {
    let (_tmp, out) = build(&fixture("core"), false);
    let beta = read(&out, "briefings/beta/index.html");
    assert!(hrefs(&beta).contains(&"/sub/timeline/".to_string()));
    assert!(hrefs(&beta).contains(&"/sub/actors/ada/".to_string()));
}

/// A copy of the core fixture whose files were saved a minute ago: files saved within
/// seconds of a read are read again whatever their stamp (a disk that keeps whole seconds
/// could not tell two saves apart), so a test of what a cache reuses dates its copies back.
fn settled_copy_of_core() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_dir(&fixture("core"), &site);
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let f = std::fs::File::options()
                .write(true)
                .open(entry.path())
                .unwrap();
            f.set_modified(past).unwrap();
        }
    }
    (tmp, site)
}

/// Saves `path` with `from` replaced by `to`.
fn replace_in(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{}: no {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// What `serve` builds on a save of the files `changes` names.
fn on_demand(
    site: &std::path::Path,
    cache: &mut gloss::BuildCache,
    changes: &gloss::load::Changes,
) -> gloss::ServedSite {
    gloss::build_on_demand(site, None, false, cache, changes).unwrap()
}

#[test]
fn serve_renders_a_page_when_asked_and_every_page_equals_a_fresh_build() {
    use gloss::load::Changes;
    let (_tmp, site) = settled_copy_of_core();
    let mut cache = gloss::BuildCache::default();
    let served = on_demand(&site, &mut cache, &Changes::Unknown);
    // The first build tries one page of each kind for template errors, and no more.
    let tried = cache.on_demand.rendered_pages();
    assert!(tried > 0 && tried < served.site.files(), "{tried}");
    let alpha = served
        .site
        .file("briefings/alpha/index.html")
        .unwrap()
        .unwrap();
    assert!(served.site.file("briefings/nowhere/index.html").is_none());
    assert!(served.site.has("search/index.json"), "made when asked for");

    let sidecar = site.join("content/briefings/beta.yaml");
    replace_in(
        &sidecar,
        "text: \"the meeting\"",
        "text: \"remembered the meeting\"",
    );
    let before = cache.on_demand.rendered_pages();
    let served = on_demand(&site, &mut cache, &Changes::Unknown);
    assert_eq!(
        cache.on_demand.rendered_pages(),
        before,
        "same templates: nothing rendered until asked for"
    );
    assert_eq!(cache.load.reread, 1);
    assert_eq!(cache.resolve.resolved, 1);
    assert!(
        cache.resolve.in_place,
        "new words for the event, the same event: nothing site-wide to merge again"
    );
    // alpha does not show beta's words.
    let again = served
        .site
        .file("briefings/alpha/index.html")
        .unwrap()
        .unwrap();
    assert_eq!(again, alpha);
    let rendered = cache.on_demand.rendered_pages();
    let beta = served
        .site
        .file("briefings/beta/index.html")
        .unwrap()
        .unwrap();
    assert!(
        std::str::from_utf8(&beta)
            .unwrap()
            .contains(">remembered the meeting</mark>")
    );
    assert_eq!(cache.on_demand.rendered_pages(), rendered + 1);
    // Asked for again, it is not rendered again.
    served
        .site
        .file("briefings/beta/index.html")
        .unwrap()
        .unwrap();
    assert_eq!(cache.on_demand.rendered_pages(), rendered + 1);

    // Every file served equals a build from scratch, byte for byte.
    let fresh = gloss::build_pages(&site, None, false).unwrap();
    assert_eq!(fresh.pages, served.site.render_all().unwrap());

    // An event's actors are site-wide facts: that event alone is merged again from every
    // sidecar listing it, the actor it gains gathers it and its briefings, and the site
    // still equals a build from scratch.
    replace_in(&sidecar, "actors: [babbage]", "actors: [babbage, ada]");
    let served = on_demand(&site, &mut cache, &Changes::Unknown);
    assert!(cache.resolve.in_place);
    let fresh = gloss::build_pages(&site, None, false).unwrap();
    assert_eq!(fresh.pages, served.site.render_all().unwrap());
}

#[test]
fn a_load_told_which_files_changed_reads_only_those_and_walks_when_files_come_or_go() {
    use gloss::load::Changes;
    let (_tmp, site) = settled_copy_of_core();
    let files = |paths: &[&str]| Changes::Files(paths.iter().map(Into::into).collect());
    let mut cache = gloss::BuildCache::default();
    on_demand(&site, &mut cache, &Changes::Unknown);

    // An edit the watcher reports: that briefing alone is read again.
    replace_in(&site.join("content/briefings/beta.md"), "fondly", "warmly");
    let changed = files(&["content/briefings/beta.md"]);
    let served = on_demand(&site, &mut cache, &changed);
    assert_eq!(cache.load.reread, 1);
    assert!(cache.resolve.in_place);
    let beta = served
        .site
        .file("briefings/beta/index.html")
        .unwrap()
        .unwrap();
    assert!(std::str::from_utf8(&beta).unwrap().contains("warmly"));

    // A new briefing is not a file the last walk found: the site is walked again.
    std::fs::write(
        site.join("content/briefings/gamma.md"),
        "---\ntitle: Gamma\ndate: 2025-02-02\n---\n\nA third briefing.\n",
    )
    .unwrap();
    let changed = files(&["content/briefings/gamma.md"]);
    let served = on_demand(&site, &mut cache, &changed);
    assert!(served.site.has("briefings/gamma/index.html"));
    assert!(
        !cache.resolve.in_place,
        "a new briefing: the site is merged again"
    );

    // A removed one likewise.
    std::fs::remove_file(site.join("content/briefings/gamma.md")).unwrap();
    let served = on_demand(&site, &mut cache, &changed);
    assert!(!served.site.has("briefings/gamma/index.html"));

    // What it serves equals a build from scratch.
    let fresh = gloss::build_pages(&site, None, false).unwrap();
    assert_eq!(fresh.pages, served.site.render_all().unwrap());
}

#[test]
fn a_cached_render_redoes_only_the_pages_a_sidecar_edit_reaches() {
    let (_tmp, site) = settled_copy_of_core();
    let mut cache = gloss::BuildCache::default();
    let first = gloss::build_pages_cached(&site, None, false, &mut cache).unwrap();
    assert_eq!(
        cache.render.rendered_pages,
        first
            .pages
            .iter()
            .filter(|p| p.path.ends_with(".html") || p.path.ends_with(".xml"))
            .count()
    );
    gloss::build_pages_cached(&site, None, false, &mut cache).unwrap();
    assert_eq!(
        cache.render.rendered_pages, 0,
        "nothing changed, nothing rendered"
    );
    assert_eq!(cache.render.rendered_briefings, 0);
    assert_eq!(cache.load.reread, 0, "nothing changed, nothing read");
    assert_eq!(
        cache.resolve.resolved, 0,
        "nothing changed, nothing resolved"
    );

    // Re-anchor beta's citation of the shared event on other words.
    let sidecar = site.join("content/briefings/beta.yaml");
    replace_in(
        &sidecar,
        "text: \"the meeting\"",
        "text: \"remembered the meeting\"",
    );
    let before: std::collections::BTreeMap<String, Vec<u8>> = first
        .pages
        .into_iter()
        .map(|p| (p.path, p.bytes.to_vec()))
        .collect();
    let second = gloss::build_pages_cached(&site, None, false, &mut cache).unwrap();
    assert_eq!(
        cache.render.rendered_briefings, 1,
        "only beta's text is marked again"
    );
    assert_eq!(
        cache.load.reread, 1,
        "only beta (its .md and sidecar) is read again"
    );
    assert_eq!(cache.resolve.resolved, 1, "only beta is resolved again");
    let changed: Vec<&str> = second
        .pages
        .iter()
        .filter(|p| before.get(&p.path) != Some(&p.bytes.to_vec()))
        .map(|p| p.path.as_str())
        .collect();
    assert!(
        changed.contains(&"briefings/beta/index.html"),
        "{changed:?}"
    );
    assert!(changed.contains(&"timeline/index.html"), "{changed:?}");
    assert!(
        !changed.contains(&"briefings/alpha/index.html"),
        "{changed:?}"
    );
    assert!(
        cache.render.rendered_pages < before.len() / 2,
        "rendered {} pages",
        cache.render.rendered_pages
    );
    assert!(
        cache.render.rendered_pages >= changed.iter().filter(|p| !p.ends_with(".json")).count()
    );

    // What the cache gives equals a render from scratch.
    let fresh = gloss::build_pages(&site, None, false).unwrap();
    assert_eq!(fresh.pages, second.pages);
}
