//! `gloss build` over its last output: it updates the folder in place, rendering only the
//! pages whose inputs changed and touching only the files that did, and what it leaves is
//! byte for byte what a build into an empty folder writes, through edits, a removed
//! briefing, a template of the site's own, and a file changed by hand.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{generate, snapshot};

/// Builds `root` into `out` with the cache (over what is there), and into a fresh folder
/// without it; returns both outputs' files.
fn both(root: &Path, out: &Path) -> (BTreeMap<String, Vec<u8>>, BTreeMap<String, Vec<u8>>) {
    let fresh = out.with_file_name("fresh");
    let _ = std::fs::remove_dir_all(&fresh);
    for (output, cache) in [(out, true), (fresh.as_path(), false)] {
        let opts = gloss::BuildOptions {
            root: root.to_path_buf(),
            output: Some(output.to_path_buf()),
            cache,
            ..Default::default()
        };
        if let Err(f) = gloss::build(&opts) {
            panic!("build failed:\n{}", f.diagnostics.render(&f.texts));
        }
    }
    (snapshot(out), snapshot(&fresh))
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).expect("the file").ino()
}

#[cfg(not(unix))]
fn inode(_: &Path) -> u64 {
    0
}

/// Replaces the first `from` in the file `rel` under `root` with `to`.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn a_build_over_the_last_output_equals_one_into_an_empty_folder() {
    let site = generate::generate(1000);
    let root = &site.root;
    let outs = tempfile::tempdir().expect("temp dir");
    let out = outs.path().join("public");
    let manifest = outs.path().join(".public.gloss-manifest");
    let (first, fresh) = both(root, &out);
    assert!(first == fresh, "the first build");
    assert!(manifest.is_file(), "the manifest is beside the output");

    // Nothing changed: nothing is written again.
    let page = out.join(&site.briefing_pages[0]);
    let before = inode(&page);
    let (again, fresh) = both(root, &out);
    assert!(again == fresh, "an unchanged site");
    assert_eq!(inode(&page), before, "an unchanged page is the same file");

    // An article edited: its page changes, the others stay the files they were.
    let md = format!(
        "content/{}.md",
        site.briefing_pages[0].trim_end_matches("/index.html")
    );
    let other = out.join(&site.briefing_pages[1]);
    let other_before = inode(&other);
    edit(root, &md, "\n\n", "\n\nA paragraph added.\n\n");
    let (edited, fresh) = both(root, &out);
    assert!(edited == fresh, "after an article edit");
    assert!(
        String::from_utf8_lossy(&edited[&site.briefing_pages[0]]).contains("A paragraph added.")
    );
    assert_eq!(
        inode(&other),
        other_before,
        "another briefing's page is untouched"
    );

    // A briefing removed: its folder goes, and nothing empty is left.
    let gone = &site.briefing_pages[2];
    let gone_md = format!("content/{}.md", gone.trim_end_matches("/index.html"));
    std::fs::remove_file(root.join(&gone_md)).expect("remove the article");
    let _ = std::fs::remove_file(root.join(&gone_md).with_extension("yaml"));
    let (removed, fresh) = both(root, &out);
    assert!(removed == fresh, "after a briefing is removed");
    let folder = out.join(gone.trim_end_matches("/index.html"));
    assert!(!folder.exists(), "{} is left", folder.display());
    let empty: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .filter(|e| std::fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_none()))
        .map(|e| e.into_path())
        .collect();
    assert!(empty.is_empty(), "empty folders left: {empty:?}");

    // A file of the site's own over one of the search index's, then taken away again: the
    // index kept whole would lack it.
    common::write(root, "static/search/index.json", "{\"mine\": true}\n");
    let (overridden, fresh) = both(root, &out);
    assert!(overridden == fresh, "with a static file over the index's");
    assert_eq!(overridden["search/index.json"], b"{\"mine\": true}\n");
    std::fs::remove_file(root.join("static/search/index.json")).expect("remove it");
    let (restored, fresh) = both(root, &out);
    assert!(restored == fresh, "with the static file gone");
    assert!(restored.contains_key("search/index.json"));

    // A template of the site's own: every page changes.
    let base = std::fs::read_to_string("themes/default/templates/base.html").expect("base");
    assert!(base.contains("</footer>"));
    common::write(
        root,
        "templates/base.html",
        &base.replacen("</footer>", "</footer><!-- the site's own -->", 1),
    );
    let (templated, fresh) = both(root, &out);
    assert!(templated == fresh, "after a template of the site's own");
    assert!(String::from_utf8_lossy(&templated["index.html"]).contains("the site's own"));

    // A published file changed by hand, its size kept: the next build puts it right.
    let by_hand = out.join(&site.briefing_pages[3]);
    let text = std::fs::read(&by_hand).expect("the page");
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&by_hand, text.to_ascii_uppercase()).expect("write");
    // A file of the reader's own in the output: kept, and the build is otherwise whole.
    std::fs::write(out.join("CNAME"), "briefings.example.org\n").expect("write");
    let (mut repaired, fresh) = both(root, &out);
    assert_eq!(
        repaired.remove("CNAME").as_deref(),
        Some(&b"briefings.example.org\n"[..]),
        "a file gloss did not write is left alone"
    );
    assert!(repaired == fresh, "after a file was changed by hand");

    // The manifest lost: the next build writes the folder whole again, and the same.
    std::fs::remove_file(&manifest).expect("the manifest");
    let (rewritten, fresh) = both(root, &out);
    assert!(rewritten == fresh, "without a manifest");
    assert!(manifest.is_file());
}
