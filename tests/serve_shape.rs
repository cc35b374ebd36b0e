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
