//! Helpers shared by the whole-site tests: build a fixture site into a temporary folder and
//! read what came out.
#![allow(dead_code)]

pub mod generate;
mod serve;
// Not every test binary uses the serve helpers.
#[allow(unused_imports)]
pub use serve::*;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Writes `text` to `rel` under `root`, making folders as needed.
pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().expect("a file has a folder")).expect("mkdir");
    fs::write(p, text).expect("write");
}

/// Runs the gloss binary with `args` and `--root root`, without colour: exit code and stderr.
pub fn run(root: &Path, args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("run gloss");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), err)
}

/// The folder of a fixture site under `tests/sites/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/sites")
        .join(name)
}

/// Builds `root` into a fresh temporary folder; panics with the rendered diagnostics on failure.
pub fn build(root: &Path, drafts: bool) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let opts = gloss::BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        base_url: None,
        drafts,
        ..Default::default()
    };
    if let Err(f) = gloss::build(&opts) {
        panic!("build failed:\n{}", f.diagnostics.render(&f.texts));
    }
    (tmp, out)
}

/// A file of the output as text.
pub fn read(out: &Path, path: &str) -> String {
    fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every file of a folder with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("prefix");
            files.insert(
                rel.to_string_lossy().replace('\\', "/"),
                fs::read(entry.path()).expect("read"),
            );
        }
    }
    files
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The pieces of one annotation on a page, in document order: the text inside each
/// `<mark … data-ann="KIND:ID" …>` up to its closing tag, with inner tags removed.
pub fn pieces(html: &str, ann: &str) -> Vec<String> {
    let needle = format!("data-ann=\"{ann}\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let open_start = rest[..i].rfind("<mark").expect("mark open");
        let body_start = i + rest[i..].find('>').expect("tag end") + 1;
        // Find the matching </mark>, counting nested marks.
        let mut depth = 1;
        let mut j = body_start;
        while depth > 0 {
            let next_open = rest[j..].find("<mark").map(|k| j + k);
            let next_close = rest[j..].find("</mark>").map(|k| j + k).expect("close");
            match next_open {
                Some(o) if o < next_close => {
                    depth += 1;
                    j = o + 5;
                }
                _ => {
                    depth -= 1;
                    j = next_close + 7;
                }
            }
        }
        let inner = &rest[body_start..j - 7];
        out.push(strip_tags(inner));
        let _ = open_start;
        rest = &rest[body_start..];
    }
    out
}

/// Text with tags removed and the few entities gloss writes decoded.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
}

/// Every `href="…"` of a page.
pub fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .collect()
}

/// Checks every internal link of every page under `out`: the target file exists and, when
/// the link has a fragment, the target page has an element with that id. `root` is the path
/// prefix of internal links (`/` or `/sub/`).
pub fn check_links(out: &Path, root: &str) {
    let pages = snapshot(out);
    let mut broken = Vec::new();
    for (path, bytes) in &pages {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for href in hrefs(&html) {
            let (target, fragment) = match href.split_once('#') {
                Some((t, f)) => (t.to_string(), Some(f.to_string())),
                None => (href.clone(), None),
            };
            let file = if target.is_empty() {
                path.clone()
            } else if let Some(rel) = target.strip_prefix(root) {
                let rel = rel.split('?').next().unwrap_or_default();
                if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.to_string()
                }
            } else if target.starts_with('/') {
                broken.push(format!("{path}: {href} escapes the site root {root}"));
                continue;
            } else {
                continue; // another host, mailto:, or relative to the page (none are written)
            };
            let Some(body) = pages.get(&file) else {
                broken.push(format!("{path}: {href} -> no {file}"));
                continue;
            };
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                let body = String::from_utf8_lossy(body);
                if !body.contains(&format!("id=\"{f}\"")) {
                    broken.push(format!("{path}: {href} -> no id {f} in {file}"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}
