//! `serve` at scale: a save that moves no briefing in the site's lists keeps the last
//! build's layout and list of pages, and what it serves still equals a build from scratch,
//! on a generated site whose lists are split over pages (the claims index by status among
//! them, which a claim's status alone changes).

mod common;

use common::generate;
use gloss::load::Changes;

/// Replaces the first `from` in `path` with `to`.
fn replace_first(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{}: no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The sidecar of the first briefing whose claims include one of `status`.
fn sidecar_with(root: &std::path::Path, status: &str) -> std::path::PathBuf {
    let mut sidecars: Vec<_> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "yaml")
                && !p.starts_with(root.join("content/actors"))
        })
        .collect();
    sidecars.sort();
    sidecars
        .into_iter()
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains(&format!("status: {status}"))
        })
        .expect("a sidecar with such a claim")
}

#[test]
fn a_save_that_moves_no_briefing_keeps_the_pages_list_and_equals_a_fresh_build() {
    let site = generate::generate(1000);
    assert!(
        site.counts.claims > 500,
        "the claims index must split: {:?}",
        site.counts
    );
    let root = &site.root;
    let mut cache = gloss::BuildCache::default();
    gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();
    assert!(
        !cache.on_demand.kept_pages_list(),
        "nothing to keep on the first build"
    );

    // Words of an article change: every list is as it was.
    let article = root.join("content/briefings/b00001.md");
    replace_first(&article, "\n---\n", "\n---\nA sentence added first.\n\n");
    let served = gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();
    assert!(cache.resolve.in_place);
    assert!(cache.on_demand.kept_pages_list());
    let fresh = gloss::build_pages(root, None, false).unwrap();
    assert_eq!(fresh.pages, served.site.render_all().unwrap());

    // A claim's status changes: its briefing keeps its place, the claims of each status
    // are looked at again.
    let sidecar = sidecar_with(root, "supported");
    replace_first(&sidecar, "status: supported", "status: false");
    let served = gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();
    assert!(cache.resolve.in_place);
    let fresh = gloss::build_pages(root, None, false).unwrap();
    assert_eq!(fresh.pages, served.site.render_all().unwrap());

    // Every supported claim becomes disputed: no briefing moves, but the claims of those
    // statuses fill another number of pages, so the list of pages is made again (the
    // timeline's event map, which reads only the events, is kept).
    for entry in std::fs::read_dir(root.join("content/briefings")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace("status: supported", "status: disputed")).unwrap();
        }
    }
    let served = gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();
    assert!(cache.resolve.in_place);
    assert!(!cache.on_demand.kept_pages_list());
    let fresh = gloss::build_pages(root, None, false).unwrap();
    assert_eq!(fresh.pages, served.site.render_all().unwrap());

    // An actor's name changes: the actors are made again, and every page naming them.
    let actor = std::fs::read_dir(root.join("content/actors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    replace_first(&actor, "name: ", "name: Renamed ");
    let served = gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();
    let fresh = gloss::build_pages(root, None, false).unwrap();
    assert_eq!(fresh.pages, served.site.render_all().unwrap());

    // A new tag on a briefing moves it into another list: the layout is made again.
    replace_first(&article, "tags: [", "tags: [shape-test, ");
    let served = gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();
    assert!(!cache.on_demand.kept_pages_list());
    let fresh = gloss::build_pages(root, None, false).unwrap();
    assert_eq!(fresh.pages, served.site.render_all().unwrap());
}

/// The ids of the site's registry actors, sorted.
fn actor_ids(root: &std::path::Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root.join("content/actors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| Some(p.file_stem()?.to_str()?.to_string()))
        .collect();
    ids.sort();
    ids
}

/// Gives the first quote of the sidecar at `path` the speaker `id`.
fn set_first_speaker(path: &std::path::Path, id: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("speaker: "))
        .expect("a quote");
    let (before, _) = line.split_once("speaker: ").unwrap();
    replace_first(path, line, &format!("{before}speaker: {id}"));
}

/// Builds again with `cache` and checks that the pages and warnings served are those of a
/// build from scratch, and that the remembered site was not merged again: the briefings
/// kept their places (the merged events and tags were kept, only some actors'
/// back-references gathered again), or, when `moved`, were put in a new order.
fn rebuild_in_place_equals_fresh(
    root: &std::path::Path,
    cache: &mut gloss::BuildCache,
    step: &str,
    moved: bool,
) {
    let served = gloss::build_on_demand(root, None, false, cache, &Changes::Unknown).unwrap();
    assert!(
        cache.resolve.in_place,
        "{step}: the site was not merged again"
    );
    assert_eq!(
        cache.resolve.reordered, moved,
        "{step}: the remembered site is put in a new order when a briefing moved"
    );
    let fresh = gloss::build_pages(root, None, false).unwrap();
    assert_eq!(fresh.warnings, served.warnings, "{step}");
    assert!(
        fresh.pages == served.site.render_all().unwrap(),
        "{step}: pages differ"
    );
}

#[test]
fn a_save_that_changes_whom_a_briefing_involves_equals_a_fresh_build() {
    let site = generate::generate(1000);
    let root = &site.root;
    let ids = actor_ids(root);
    let (first, last) = (&ids[0], &ids[ids.len() - 1]);
    let mut cache = gloss::BuildCache::default();
    gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();
    let sidecar = root.join("content/briefings/b00002.yaml");
    let article = root.join("content/briefings/b00002.md");

    // A quote is now about two actors: both gain it, and the briefing.
    replace_first(
        &sidecar,
        "  - speaker: ",
        &format!("  - about: [{first}, {last}]\n    speaker: "),
    );
    rebuild_in_place_equals_fresh(root, &mut cache, "about two actors", false);
    assert!(
        cache.on_demand.kept_pages_list(),
        "every list fills as many pages as before"
    );

    // The quote is about only one of them now: the other loses the quote and the briefing.
    replace_first(
        &sidecar,
        &format!("about: [{first}, {last}]"),
        &format!("about: [{last}]"),
    );
    rebuild_in_place_equals_fresh(root, &mut cache, "about one", false);

    // Another speaker, whom the article never names: the speakers' quotes move, and a
    // warning about the unnamed speaker appears.
    set_first_speaker(&sidecar, first);
    rebuild_in_place_equals_fresh(root, &mut cache, "another speaker", false);

    // A claim made by an actor.
    replace_first(
        &sidecar,
        "    status: ",
        &format!("    by: {last}\n    status: "),
    );
    rebuild_in_place_equals_fresh(root, &mut cache, "a claimant", false);

    // The article names another actor, in words gloss links: it is named and mentioned.
    let registry =
        std::fs::read_to_string(root.join(format!("content/actors/{last}.yaml"))).unwrap();
    let name = registry
        .lines()
        .find_map(|l| l.strip_prefix("name: "))
        .unwrap()
        .trim_matches('"')
        .to_string();
    let before = std::fs::read_to_string(&article).unwrap();
    assert!(!before.contains(&name), "{name} is new to the article");
    std::fs::write(
        &article,
        format!("{before}\nA word from {name} closes it.\n"),
    )
    .unwrap();
    rebuild_in_place_equals_fresh(root, &mut cache, "a name added", false);

    // The name is now inside a link of the writer's own: still named, but no longer
    // mentioned where gloss could link it.
    replace_first(
        &article,
        &format!("from {name} closes"),
        &format!("from [{name}](https://example.org/) closes"),
    );
    rebuild_in_place_equals_fresh(root, &mut cache, "a name in a link", false);

    // Two briefings change at once.
    let other = root.join("content/briefings/b00003.yaml");
    replace_first(
        &other,
        "  - speaker: ",
        &format!("  - about: [{first}]\n    speaker: "),
    );
    replace_first(
        &sidecar,
        &format!("about: [{last}]"),
        &format!("about: [{first}]"),
    );
    rebuild_in_place_equals_fresh(root, &mut cache, "two briefings", false);

    // The star, whose actor page shows its 50 quotes whole, speaks once more: its quotes
    // get pages of their own, so the list of pages is made again.
    assert_eq!(site.counts.star_quotes, 50);
    let fifth = root.join("content/briefings/b00005.yaml");
    set_first_speaker(&fifth, &site.star);
    rebuild_in_place_equals_fresh(root, &mut cache, "the star's 51st quote", false);
    assert!(
        !cache.on_demand.kept_pages_list(),
        "the star's quotes have pages now"
    );

    // An actor no briefing names, quotes or lists in an event has no feed; quoted, it
    // has one, with every list filling as many pages as before.
    let pages = gloss::build_pages(root, None, false).unwrap().pages;
    let feedless = ids
        .iter()
        .find(|id| {
            let feed = format!("actors/{id}/atom.xml");
            !pages.iter().any(|p| p.path == feed)
        })
        .expect("an actor without a feed");
    let sixth = root.join("content/briefings/b00006.yaml");
    set_first_speaker(&sixth, feedless);
    rebuild_in_place_equals_fresh(root, &mut cache, "a feed for a new speaker", false);
}

/// Replaces every `from` with `to` in the site's briefing sidecars.
fn replace_in_sidecars(root: &std::path::Path, from: &str, to: &str) {
    for path in sidecars(root) {
        let text = std::fs::read_to_string(&path).unwrap();
        if text.contains(from) {
            std::fs::write(&path, text.replace(from, to)).unwrap();
        }
    }
}

#[test]
fn claims_of_a_new_status_taking_the_place_of_one_gone_get_their_own_pages() {
    let site = generate::generate(1000);
    let root = &site.root;
    let mut cache = gloss::BuildCache::default();
    gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();

    // No claim is misleading any more: the statuses split over pages are one fewer.
    replace_in_sidecars(root, "status: misleading", "status: false");
    rebuild_in_place_equals_fresh(root, &mut cache, "misleading gone", false);

    // The disputed claims become misleading: as many claims, in the same place in the
    // order of statuses, at another address.
    replace_in_sidecars(root, "status: disputed", "status: misleading");
    rebuild_in_place_equals_fresh(root, &mut cache, "disputed become misleading", false);
}

#[test]
fn a_template_edited_between_saves_is_compiled_again() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    common::copy_dir(&common::fixture("core"), root);
    let mut cache = gloss::BuildCache::default();
    let first = gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();
    let page = |pages: &[gloss::render::Page]| {
        let p = pages
            .iter()
            .find(|p| p.path == "404.html")
            .expect("a 404 page");
        String::from_utf8(p.bytes.to_vec()).unwrap()
    };
    assert!(page(&first.site.render_all().unwrap()).contains("Custom not found"));

    // Nothing changed: the same templates, compiled once.
    gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();

    replace_first(
        &root.join("templates/404.html"),
        "Custom not found",
        "Edited not found",
    );
    let served = gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();
    let pages = served.site.render_all().unwrap();
    assert!(
        page(&pages).contains("Edited not found"),
        "{}",
        page(&pages)
    );
    assert_eq!(gloss::build_pages(root, None, false).unwrap().pages, pages);
}

/// The site's briefing sidecars, sorted.
fn sidecars(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut all = Vec::new();
    for folder in ["content/briefings", "content/analysis"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                all.push(path);
            }
        }
    }
    all.sort();
    all
}

/// In every sidecar listing the event whose title line is `title`, replaces the first
/// `from` after that line with `to`; returns how many sidecars list it.
fn edit_event(root: &std::path::Path, title: &str, from: &str, to: &str) -> usize {
    let mut listed = 0;
    for path in sidecars(root) {
        let text = std::fs::read_to_string(&path).unwrap();
        if let Some(at) = text.find(title) {
            let after = at + title.len();
            let found = text[after..].find(from).expect("the field after the title");
            let mut edited = text[..after].to_string();
            edited.push_str(&text[after..].replacen(from, to, 1));
            assert!(found < 200, "{from:?} is in the same item");
            std::fs::write(&path, edited).unwrap();
            listed += 1;
        }
    }
    listed
}

#[test]
fn a_save_that_changes_what_a_sidecar_tells_of_an_event_equals_a_fresh_build() {
    let site = generate::generate(1000);
    let root = &site.root;
    let mut cache = gloss::BuildCache::default();
    let first = gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();
    let pages = first.site.render_all().unwrap();

    // An event that several sidecars list, each with its fields (as the generator writes
    // them): its title line is in each of them.
    let texts: Vec<String> = sidecars(root)
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let title = texts
        .iter()
        .flat_map(|t| t.lines())
        .filter(|l| l.starts_with("    title: "))
        .find(|l| texts.iter().filter(|t| t.contains(*l)).count() > 1)
        .expect("a shared event")
        .to_string();

    // A new title, in every sidecar that lists the event: the event is merged again, the
    // timeline and every list stay as they were.
    let retitled = title.replacen("title: ", "title: Retitled ", 1);
    replace_in_sidecars(root, &title, &retitled);
    rebuild_in_place_equals_fresh(root, &mut cache, "a new title", false);
    assert!(cache.on_demand.kept_pages_list(), "every list is as it was");

    // Another place.
    edit_event(root, &retitled, "    place: ", "    place: Outer ");
    rebuild_in_place_equals_fresh(root, &mut cache, "another place", false);

    // An actor who was in no event (and had no feed) is in this one now: their page lists
    // it, and every briefing citing it involves them.
    let feedless = actor_ids(root)
        .into_iter()
        .find(|id| {
            !pages
                .iter()
                .any(|p| p.path == format!("actors/{id}/atom.xml"))
        })
        .expect("an actor without a feed");
    let listed = edit_event(
        root,
        &retitled,
        "    actors: [",
        &format!("    actors: [{feedless}, "),
    );
    assert!(listed > 1);
    rebuild_in_place_equals_fresh(root, &mut cache, "an actor added", false);

    // And out of it again.
    edit_event(
        root,
        &retitled,
        &format!("    actors: [{feedless}, "),
        "    actors: [",
    );
    rebuild_in_place_equals_fresh(root, &mut cache, "the actor gone", false);

    // One sidecar alone retitles it: the sidecars disagree, which is an error, as in a
    // build from scratch; set right, the site is as a fresh build again.
    let first_listing = sidecars(root)
        .into_iter()
        .find(|p| std::fs::read_to_string(p).unwrap().contains(&retitled))
        .unwrap();
    replace_first(&first_listing, &retitled, &title);
    assert!(gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).is_err());
    assert!(gloss::build_pages(root, None, false).is_err());
    replace_first(&first_listing, &title, &retitled);
    let served = gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();
    let fresh = gloss::build_pages(root, None, false).unwrap();
    assert_eq!(fresh.warnings, served.warnings);
    assert!(
        fresh.pages == served.site.render_all().unwrap(),
        "set right"
    );
    rebuild_in_place_equals_fresh(root, &mut cache, "nothing changed", false);
}

#[test]
fn a_save_after_one_whose_files_failed_to_load_still_reports_what_they_hid() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    common::copy_dir(&common::fixture("core"), root);
    // An event with no title anywhere, while the home page's front matter is broken: the
    // missing title could be in the file that failed, so it is not reported yet.
    std::fs::write(
        root.join("content/briefings/untitled.md"),
        "---\ntitle: Untitled event\ndate: 2024-05-01\n---\nWords.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/briefings/untitled.yaml"),
        "events:\n  - id: untitled-event\n    date: 2024-04-30\n",
    )
    .unwrap();
    let home = root.join("content/index.md");
    let good = std::fs::read_to_string(&home).unwrap();
    std::fs::write(&home, "---\ntitle: [\n---\nBroken.\n").unwrap();
    let mut cache = gloss::BuildCache::default();
    assert!(gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).is_err());

    // The home page is set right: nothing hides the missing title any more, and the save
    // reports it as a build from scratch does.
    std::fs::write(&home, good).unwrap();
    let Err(fresh) = gloss::build_pages(root, None, false) else {
        panic!("a fresh build reports the missing title");
    };
    let Err(served) = gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown)
    else {
        panic!("serve reports the missing title too");
    };
    let said = |f: &gloss::Failure| format!("{:?}", f.diagnostics);
    assert!(said(&fresh).contains("has no `title`"), "{}", said(&fresh));
    assert!(
        said(&served).contains("has no `title`"),
        "{}",
        said(&served)
    );
}

/// Gives the briefing at `path` the front matter line `key: value` in place of its own
/// (added after the title when it has none).
fn set_front(path: &std::path::Path, key: &str, value: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let prefix = format!("{key}: ");
    let line = format!("{key}: {value}");
    let text = match text.lines().find(|l| l.starts_with(&prefix)) {
        Some(old) => text.replacen(old, &line, 1),
        None => text.replacen("\ntitle: ", &format!("\n{line}\ntitle: "), 1),
    };
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_save_that_moves_a_briefing_equals_a_fresh_build() {
    let site = generate::generate(1000);
    let root = &site.root;
    let article = root.join("content/briefings/b00001.md");
    let other = root.join("content/briefings/b00002.md");
    // Two briefings share a tag, spelled two ways: the tag is named as the first of them
    // in the site's order writes it.
    set_front(&article, "tags", "[Shape Move, energy]");
    set_front(&other, "tags", "[shape-move, trade]");
    let mut cache = gloss::BuildCache::default();
    gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();

    // A date later than any other: the briefing is first now, in every list it is in.
    set_front(&article, "date", "2030-06-01");
    rebuild_in_place_equals_fresh(root, &mut cache, "to the front", true);
    // Earlier than any other: last, and the other spelling names the tag.
    set_front(&article, "date", "2001-01-01");
    rebuild_in_place_equals_fresh(root, &mut cache, "to the end", true);
    // The date of another briefing: among those of that day, by address.
    let text = std::fs::read_to_string(root.join("content/briefings/b00501.md")).unwrap();
    let date = text.lines().find(|l| l.starts_with("date: ")).unwrap()[6..].to_string();
    set_front(&article, "date", &date);
    rebuild_in_place_equals_fresh(root, &mut cache, "beside another", true);
    // Another address on that day.
    set_front(&article, "slug", "zz-moved");
    rebuild_in_place_equals_fresh(root, &mut cache, "another address", true);
    // The address of another briefing: an error, as in a build from scratch; and back.
    set_front(&article, "slug", "b00501");
    set_front(&article, "date", "2024-02-02");
    let moved = gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown);
    let fresh = gloss::build_pages(root, None, false);
    assert!(
        moved.is_err() && fresh.is_err(),
        "two briefings at one address"
    );
    // The path of a page of the folder's archive, if a slug may hold one: as a build from
    // scratch has it, an error or the same pages.
    set_front(&article, "slug", "page/2");
    let moved = gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown);
    let fresh = gloss::build_pages(root, None, false);
    match (&moved, &fresh) {
        (Ok(served), Ok(fresh)) => assert!(fresh.pages == served.site.render_all().unwrap()),
        (Err(a), Err(b)) => assert_eq!(
            format!("{:?}", a.diagnostics),
            format!("{:?}", b.diagnostics)
        ),
        _ => panic!(
            "an archive's path: {:?} against {:?}",
            moved.is_ok(),
            fresh.is_ok()
        ),
    }
    set_front(&article, "slug", "aa-moved");
    let served = gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();
    let fresh = gloss::build_pages(root, None, false).unwrap();
    assert!(
        fresh.pages == served.site.render_all().unwrap(),
        "set right"
    );
    // A new date and another speaker in one save: moved, then relinked.
    let ids = actor_ids(root);
    set_front(&article, "date", "2030-07-01");
    set_first_speaker(
        &root.join("content/briefings/b00001.yaml"),
        &ids[ids.len() - 1],
    );
    rebuild_in_place_equals_fresh(root, &mut cache, "moved and respoken", true);
}

#[test]
fn a_save_that_changes_a_briefings_tags_equals_a_fresh_build() {
    let site = generate::generate(1000);
    let root = &site.root;
    let article = root.join("content/briefings/b00001.md");
    set_front(&article, "tags", "[energy]");
    let mut cache = gloss::BuildCache::default();
    gloss::build_on_demand(root, None, false, &mut cache, &Changes::Unknown).unwrap();

    let steps = [
        ("a tag other briefings carry", "[energy, trade]"),
        ("a tag no other briefing carries", "[energy, Shape New]"),
        ("the new tag spelled otherwise", "[energy, SHAPE new]"),
        ("the new tag gone", "[energy]"),
        ("no tags", "[]"),
    ];
    for (step, tags) in steps {
        set_front(&article, "tags", tags);
        rebuild_in_place_equals_fresh(root, &mut cache, step, false);
        assert!(cache.resolve.retagged, "{step}: the tags are made again");
    }
    // Other tags and a new date in one save: moved and retagged.
    set_front(&article, "tags", "[water, Shape New]");
    set_front(&article, "date", "2030-06-01");
    rebuild_in_place_equals_fresh(root, &mut cache, "retagged and moved", true);
    assert!(cache.resolve.retagged, "retagged and moved");
    // First of the site now, it names a tag many briefings carry as it writes it.
    set_front(&article, "tags", "[WATER, Shape New]");
    rebuild_in_place_equals_fresh(root, &mut cache, "a shared tag spelled otherwise", false);
    assert!(cache.resolve.retagged, "a shared tag spelled otherwise");
    // Words alone: the tags are kept.
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, format!("{text}\nA sentence more.\n")).unwrap();
    rebuild_in_place_equals_fresh(root, &mut cache, "words alone", false);
    assert!(!cache.resolve.retagged, "words alone keep the tags");
}
