//! Whole-site tests of [`load`]: tiny sites written to a temporary folder.

use std::path::Path;

use tempfile::TempDir;

use super::*;

fn site(files: &[(&str, &[u8])]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

const TOML: &[u8] = b"title = \"Site\"\nbase_url = \"https://example.org\"\n";

#[test]
fn load_good_site() {
    let dir = site(&[
        ("site.toml", TOML),
        ("content/index.md", b"---\ntitle: Home\n---\nWelcome\n"),
        ("content/briefings/us-mexico.md", b"---\ntitle: US and Mexico\ndate: 2025-09-03\n---\nRubio said *things*.\n"),
        ("content/briefings/us-mexico.yaml", b"quotes:\n  - speaker: rubio\n    text: things\nactors:\n  - id: sheinbaum\n    name: Claudia Sheinbaum\n    kind: person\n"),
        ("content/briefings/other.md", b"+++\ntitle = \"Other\"\ndate = \"2024\"\n+++\nText\n"),
        ("content/actors/rubio.yaml", b"name: Marco Rubio\nkind: person\n"),
        ("content/actors/cartels.yml", b"name: Cartels\nkind: group\n"),
        ("content/.hidden/x.md", b"not front matter"),
        ("content/briefings/photo.png", b"\x89PNG"),
        ("static/img/logo.svg", b"<svg/>"),
        ("templates/partials/head.html", b"<head>"),
    ]);
    let s = load(dir.path()).unwrap();
    assert!(s.root.is_absolute());
    assert_eq!(s.config.title, "Site");
    assert_eq!(s.home.as_ref().unwrap().title.as_deref(), Some("Home"));
    let paths: Vec<_> = s.briefings.iter().map(|b| b.content_path.clone()).collect();
    assert_eq!(
        paths,
        vec![
            Path::new("briefings/other.md"),
            Path::new("briefings/us-mexico.md")
        ]
    );
    let b = &s.briefings[1];
    assert_eq!(b.path, Path::new("content/briefings/us-mexico.md"));
    let text = &s.texts.0[&b.path];
    assert_eq!(&text[b.body_offset..], b.body.as_str());
    let sc = b.sidecar.as_ref().unwrap();
    assert_eq!(sc.quotes[0].speaker.value, "rubio");
    assert_eq!(sc.actors[0].id.value, "sheinbaum");
    assert!(s.briefings[0].sidecar.is_none());
    let ids: Vec<_> = s.actors.iter().map(|a| a.id.value.as_str()).collect();
    assert_eq!(ids, ["cartels", "rubio"]);
    assert_eq!(s.static_files[0].output, "img/logo.svg");
    assert!(s.static_files[0].disk.is_file());
    assert_eq!(s.templates[0].name, "partials/head.html");
    assert!(s.theme.is_none());
    assert!(
        s.texts
            .0
            .contains_key(Path::new("content/briefings/us-mexico.yaml"))
    );
    assert!(s.texts.0.contains_key(Path::new("site.toml")));
}

#[test]
fn load_theme_folder_and_unknown_theme() {
    let dir = site(&[
        ("site.toml", b"title = \"S\"\ntheme = \"paper\"\n"),
        ("content/a.md", b"---\ntitle: A\ndate: 2025\n---\n"),
        ("themes/paper/templates/base.html", b"{{ x }}"),
        ("themes/paper/static/style.css", b"body{}"),
    ]);
    let s = load(dir.path()).unwrap();
    let t = s.theme.unwrap();
    assert_eq!(t.name, "paper");
    assert_eq!(t.templates[0].name, "base.html");
    assert_eq!(t.static_files[0].output, "style.css");

    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"S\"\ntheme = \"papr\"\n",
    )
    .unwrap();
    let e = load(dir.path()).unwrap_err().diagnostics;
    assert_eq!(e.0.len(), 1);
    assert_eq!(e.0[0].suggestion.as_deref(), Some("did you mean `paper`?"));
    assert_eq!(e.0[0].location.as_ref().unwrap().line, 2);

    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"S\"\ntheme = \"default\"\n",
    )
    .unwrap();
    assert!(load(dir.path()).unwrap().theme.is_none());
}

#[test]
fn load_missing_site_toml() {
    let dir = site(&[("content/a.md", b"---\ntitle: A\ndate: 2025\n---\n")]);
    let e = load(dir.path()).unwrap_err().diagnostics;
    assert!(e.0[0].message.contains("site.toml"));
}

#[test]
fn load_non_utf8_file() {
    let dir = site(&[
        ("site.toml", TOML),
        (
            "content/a.md",
            b"---\ntitle: A\ndate: 2025\n---\nab\xffcd\n",
        ),
    ]);
    let e = load(dir.path()).unwrap_err().diagnostics;
    let d = &e.0[0];
    assert!(d.message.contains("not UTF-8"), "{}", d.message);
    let loc = d.location.as_ref().unwrap();
    assert_eq!(
        (loc.file.as_path(), loc.line, loc.column),
        (Path::new("content/a.md"), 5, 3)
    );
}

#[test]
fn load_bom_is_dropped() {
    let dir = site(&[
        ("site.toml", TOML),
        (
            "content/a.md",
            "\u{feff}---\ntitle: A\ndate: 2025\n---\nBody\n".as_bytes(),
        ),
    ]);
    let s = load(dir.path()).unwrap();
    assert_eq!(s.briefings[0].body, "Body\n");
}

#[test]
fn load_collects_every_error() {
    let dir = site(&[
        ("site.toml", b"title = \"S\"\nbase_urll = \"x\"\n"),
        ("content/a.md", b"---\ntitle: A\n"),
        ("content/b.md", b"---\ntitle: B\ndate: 2025\n---\n"),
        (
            "content/b.yaml",
            b"quotes:\n  - speeker: rubio\n    text: hi\n",
        ),
        ("content/c.md", b"no front matter\n"),
        ("content/orphan.yaml", b"notes: []\n"),
        ("content/actors/x.yaml", b"name: X\n"),
    ]);
    let e = load(dir.path()).unwrap_err().diagnostics;
    let files: Vec<_> = e
        .iter()
        .map(|d| d.location.as_ref().unwrap().file.display().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "content/a.md",
            "content/actors/x.yaml",
            "content/b.yaml",
            "content/c.md",
            "content/orphan.yaml",
            "site.toml"
        ],
        "{e:#?}"
    );
    let speeker = &e.0[2];
    assert_eq!(
        speeker.suggestion.as_deref(),
        Some("did you mean `speaker`?")
    );
}

#[cfg(unix)]
#[test]
fn load_symlink_loop_does_not_hang() {
    let dir = site(&[
        ("site.toml", TOML),
        ("content/a/a.md", b"---\ntitle: A\ndate: 2025\n---\n"),
    ]);
    std::os::unix::fs::symlink(
        dir.path().join("content"),
        dir.path().join("content/a/loop"),
    )
    .unwrap();
    let s = load(dir.path()).unwrap();
    assert_eq!(s.briefings.len(), 1);
}

/// Every field the loader accepts, from its serde types, with the page of `docs/` that
/// must document it (as `` `name` ``).
#[test]
fn every_accepted_field_is_documented() {
    use crate::config::{AnnotationsConfig, MarkdownConfig, SiteConfig};
    use crate::load::fields::fields_of;
    /// A kind of item and the fields it accepts.
    type Kind = (&'static str, &'static [&'static str]);
    let mut pages: Vec<(&str, Vec<Kind>)> = vec![
        ("briefings.md", super::front_matter::accepted_fields()),
        ("annotations.md", super::sidecar::accepted_fields()),
        ("actors.md", super::actors::accepted_fields()),
    ];
    pages.push((
        "site-toml.md",
        vec![
            ("site.toml", fields_of::<SiteConfig>()),
            ("[annotations]", fields_of::<AnnotationsConfig>()),
            ("[markdown]", fields_of::<MarkdownConfig>()),
        ],
    ));
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut missing = Vec::new();
    let mut checked = 0;
    for (page, kinds) in pages {
        let text = std::fs::read_to_string(docs.join(page)).expect("docs page");
        for (kind, fields) in kinds {
            assert!(!fields.is_empty(), "{kind} has no fields");
            for field in fields {
                checked += 1;
                if !text.contains(&format!("`{field}`")) {
                    missing.push(format!("docs/{page}: `{field}` of {kind}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "undocumented fields:\n{}",
        missing.join("\n")
    );
    assert!(checked > 60, "only {checked} fields found");
}
