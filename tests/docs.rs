//! Every example of README.md and docs/ that is marked as a site's file builds as written.
//!
//! A fenced block whose info string carries `file=PATH` (such as ```` ```yaml
//! file=content/actors/marco-rubio.yaml site=sidecar ````) is one file of an example site;
//! the blocks of one Markdown file with the same `site=NAME` (or none) make one site. Each
//! site is written into a temporary folder and must pass `gloss check` and `gloss build`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// The example sites of one Markdown file: site name → (path → text).
fn example_sites(markdown: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut sites: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut open: Option<(String, String, String)> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let word = |key: &str| {
                    info.split_whitespace()
                        .find_map(|w| w.strip_prefix(key))
                        .map(str::to_string)
                };
                if let Some(file) = word("file=") {
                    open = Some((word("site=").unwrap_or_default(), file, String::new()));
                }
            }
            Event::Text(text) => {
                if let Some((_, _, body)) = &mut open {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((site, file, body)) = open.take() {
                    let files = sites.entry(site).or_default();
                    assert!(
                        files.insert(file.clone(), body).is_none(),
                        "{file} given twice"
                    );
                }
            }
            _ => {}
        }
    }
    sites
}

/// The Markdown files whose examples are checked.
fn documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    docs.insert(0, root.join("README.md"));
    docs
}

#[test]
fn every_marked_example_builds_as_written() {
    let mut built = 0;
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).expect("read");
        for (site, files) in example_sites(&text) {
            let what = format!("{} (site `{site}`)", doc.display());
            let dir = tempfile::tempdir().unwrap();
            for (path, body) in &files {
                common::write(dir.path(), path, body);
            }
            assert!(
                files.contains_key("site.toml"),
                "{what}: no site.toml among {:?}",
                files.keys()
            );
            let (code, err) = common::run(dir.path(), &["check"]);
            assert_eq!(code, 0, "{what}: check failed:\n{err}");
            let out = dir.path().join("out");
            let (code, err) =
                common::run(dir.path(), &["build", "--output", out.to_str().unwrap()]);
            assert_eq!(code, 0, "{what}: build failed:\n{err}");
            built += 1;
        }
    }
    // README's example, and at least one in each page of docs/ that has them.
    assert!(built >= 7, "only {built} example sites");
}

#[test]
fn readme_links_to_the_reference_and_the_reference_links_resolve() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains("](docs/README.md)"), "README links docs/");
    assert!(
        !readme.contains("FORMAT.md"),
        "README points at a file users do not have"
    );
    for doc in documents().into_iter().skip(1) {
        let text = std::fs::read_to_string(&doc).unwrap();
        for event in Parser::new(&text) {
            if let Event::Start(Tag::Link { dest_url, .. }) = event {
                let target = dest_url.split('#').next().unwrap_or("");
                if target.is_empty() || target.contains("://") {
                    continue;
                }
                assert!(
                    doc.parent().unwrap().join(target).exists(),
                    "{}: link to {dest_url} leads nowhere",
                    doc.display()
                );
            }
        }
    }
}
