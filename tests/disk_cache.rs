//! `.gloss-cache/`: a build that takes briefings from the cache writes the very bytes of a
//! build without it, through edits of an article, a sidecar and an actor, and errors are
//! found again however warm the cache.

mod common;

use std::path::Path;

use common::{generate, snapshot};

/// Builds `root` into `out` (replacing it), with or without the cache; the files written,
/// and the anchor lock written at the root.
fn build(root: &Path, out: &Path, cache: bool) -> std::collections::BTreeMap<String, Vec<u8>> {
    let opts = gloss::BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        cache,
        ..Default::default()
    };
    if let Err(f) = gloss::build(&opts) {
        panic!("build failed:\n{}", f.diagnostics.render(&f.texts));
    }
    let mut files = snapshot(out);
    let lock = std::fs::read(root.join("gloss.lock")).expect("the lock");
    files.insert("../gloss.lock".into(), lock);
    files
}

/// Replaces the first `from` in the file `rel` under `root` with `to`.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// The first briefing of the generated site, its sidecar, and the words of its first
/// annotation.
fn first_briefing(root: &Path) -> (String, String, String) {
    let sidecar = std::fs::read_dir(root.join("content/briefings"))
        .expect("the briefings")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .min()
        .expect("a sidecar");
    let text = std::fs::read_to_string(&sidecar).expect("a sidecar");
    let words = text
        .lines()
        .find_map(|l| l.trim().trim_start_matches("- ").strip_prefix("text: "))
        .expect("an anchor text")
        .to_string();
    let rel = |p: &Path| {
        p.strip_prefix(root)
            .expect("under the root")
            .to_string_lossy()
            .into_owned()
    };
    (rel(&sidecar.with_extension("md")), rel(&sidecar), words)
}

#[test]
fn a_build_from_the_cache_equals_one_without_it_through_edits() {
    let site = generate::generate(1000);
    let root = &site.root;
    let outs = tempfile::tempdir().expect("temp dir");
    let (cold, warm) = (outs.path().join("cold"), outs.path().join("warm"));
    let fresh = build(root, &cold, false);
    assert!(
        !root.join(".gloss-cache").exists(),
        "--no-cache writes none"
    );
    // The first run fills the cache, the second takes every briefing from it.
    assert!(build(root, &warm, true) == fresh, "filling the cache");
    assert!(root.join(".gloss-cache/briefings").is_dir());
    assert!(root.join(".gloss-cache/.gitignore").is_file());
    assert!(build(root, &warm, true) == fresh, "all from the cache");

    let (md, sidecar, _) = first_briefing(root);
    let star = "content/actors/aurelia-vantongeren.yaml";
    let alias = "aliases: [Vantongeren, Minister Vantongeren]";
    let steps: [(&str, &str, &str, &str); 6] = [
        (
            "a paragraph added to an article",
            &md,
            "\n\n",
            "\n\nA paragraph added.\n\n",
        ),
        (
            "a claim's status",
            &sidecar,
            "    status: ",
            "    status: disputed\n    # was: ",
        ),
        ("an actor's aliases taken away", star, alias, "aliases: []"),
        (
            "an actor renamed, so that no article names her",
            star,
            "Aurelia Vantongeren",
            "Nobody Thus",
        ),
        (
            "every mention linked",
            "site.toml",
            "link_mentions = \"first\"",
            "link_mentions = \"all\"",
        ),
        (
            "smart punctuation turned off",
            "site.toml",
            "[annotations]",
            "[markdown]\nsmart_punctuation = false\n\n[annotations]",
        ),
    ];
    for (what, rel, from, to) in steps {
        edit(root, rel, from, to);
        // The lock as a build without the cache writes it from the site alone.
        std::fs::remove_file(root.join("gloss.lock")).expect("a lock");
        let fresh = build(root, &cold, false);
        assert!(build(root, &warm, true) == fresh, "after {what}");
    }
}

#[test]
fn a_warm_cache_hides_no_error() {
    let site = generate::generate(1000);
    let root = &site.root;
    let (code, _) = common::run(root, &["check"]);
    assert_eq!(code, 0, "the generated site checks");
    let (_, sidecar, words) = first_briefing(root);
    edit(root, &sidecar, &words, "words that are in no article");
    for run in ["cold", "warm"] {
        let (code, err) = common::run(root, &["check"]);
        assert_eq!(code, 1, "{run}: {err}");
        assert!(err.contains("words that are in no article"), "{run}: {err}");
    }
    // Set right, the check passes again, the cache still warm.
    edit(root, &sidecar, "words that are in no article", &words);
    let (code, err) = common::run(root, &["check"]);
    assert_eq!(code, 0, "{err}");
    edit(root, &sidecar, &words, "words that are in no article");
    // A damaged cache counts as none.
    for file in std::fs::read_dir(root.join(".gloss-cache/briefings")).expect("the files") {
        let file = file.expect("a file").path();
        let mut bytes = std::fs::read(&file).expect("a file of the cache");
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x55;
        std::fs::write(&file, bytes).expect("write");
    }
    let (code, err) = common::run(root, &["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("words that are in no article"), "{err}");
    let (code, err) = common::run(root, &["check", "--no-cache"]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn serve_starting_from_the_cache_serves_what_a_fresh_build_makes_through_saves() {
    let site = generate::generate(1000);
    let root = &site.root;
    // Filled by this process: a cache names the binary that wrote it.
    gloss::check(root, true).expect("the generated site checks");
    let disk = std::sync::Arc::new(gloss::disk_cache::DiskCache::open(root));
    let mut cache = gloss::BuildCache {
        load: gloss::load::LoadCache::with_disk(disk.clone()),
        ..Default::default()
    };
    let unknown = gloss::load::Changes::Unknown;
    let served = gloss::build_on_demand(root, None, false, &mut cache, &unknown).unwrap();
    let fresh = gloss::build_pages(root, None, false).unwrap();
    assert!(
        fresh.pages == served.site.render_all().unwrap(),
        "the first build"
    );
    let (taken, made) = disk.counts();
    assert!(
        taken >= 2000 && made == 0,
        "{disk:?}: each briefing parsed and resolved"
    );
    // The saves that follow go through the memory the first build left, from the cache.
    let (md, sidecar, _) = first_briefing(root);
    edit(root, &md, "\n\n", "\n\nA paragraph added.\n\n");
    let served = gloss::build_on_demand(root, None, false, &mut cache, &unknown).unwrap();
    assert!(cache.resolve.in_place, "an article's words keep its place");
    let fresh = gloss::build_pages(root, None, false).unwrap();
    assert!(
        fresh.pages == served.site.render_all().unwrap(),
        "an article edited"
    );
    edit(
        root,
        &sidecar,
        "    status: ",
        "    status: disputed\n    # was: ",
    );
    let served = gloss::build_on_demand(root, None, false, &mut cache, &unknown).unwrap();
    let fresh = gloss::build_pages(root, None, false).unwrap();
    assert!(
        fresh.pages == served.site.render_all().unwrap(),
        "a claim's status"
    );
}
