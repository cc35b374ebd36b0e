//! What a writer sees on the command line: refusals outside a site, counts with the right
//! plurals, drafts left out, warnings summarised, and names with apostrophes linked. Each
//! through the real binary, asserting the exact text.

mod common;

use common::{read, run, write};

/// The gloss binary, without colour.
fn gloss() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"));
    c.env("NO_COLOR", "1");
    c
}

#[test]
fn build_check_and_serve_refuse_a_folder_that_is_not_a_site_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::absolute(dir.path()).unwrap();
    // A content/ folder but no site.toml: only site.toml is reported.
    write(
        &root,
        "content/briefings/a.md",
        "---\ntitle: A\ndate: 2025-01-01\n---\nHi\n",
    );
    for cmd in ["build", "check", "serve"] {
        let out = gloss().arg(cmd).current_dir(&root).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        assert_eq!(
            err,
            format!(
                "error: `{}` is not a gloss site: it has no `site.toml` (run gloss in the site's folder, pass `--root DIR`, or start one with `gloss init DIR`)\n",
                root.display()
            ),
            "{cmd}"
        );
        let missing = root.join("no-such-folder");
        let (code, err) = run(&missing, &[cmd]);
        assert_eq!(code, 1, "{cmd}: {err}");
        assert_eq!(
            err,
            format!(
                "error: `{}` does not exist, so there is no `site.toml` to read; pass `--root` the folder that holds it\n",
                missing.display()
            ),
            "{cmd}"
        );
    }
}

/// A site of one briefing and one draft.
fn one_briefing_and_a_draft() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org\"\n",
    );
    write(
        root,
        "content/briefings/a.md",
        "---\ntitle: A\ndate: 2025-01-01\n---\nHi.\n",
    );
    write(
        root,
        "content/briefings/b.md",
        "---\ntitle: B\ndate: 2025-01-02\ndraft: true\n---\nNot yet.\n",
    );
    dir
}

#[test]
fn a_build_counts_in_the_singular_and_says_how_many_drafts_it_left_out() {
    let dir = one_briefing_and_a_draft();
    let out = dir.path().join("out");
    let (code, err) = run(dir.path(), &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let files = err
        .split(", ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .unwrap();
    assert_eq!(
        err,
        format!(
            "built 1 briefing, {files} files into {} (1 draft left out; `--drafts` builds it)\n",
            out.display()
        )
    );
    let (code, err) = run(dir.path(), &["check"]);
    assert_eq!((code, err.as_str()), (0, "no errors (0 warnings)\n"));
}

#[test]
fn a_name_with_an_apostrophe_links_to_its_curly_spelling_and_is_not_unused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org\"\n\n[markdown]\nsmart_punctuation = true\n",
    );
    write(
        root,
        "content/actors/harbour-workers.yaml",
        "name: Harbour Workers' Union\nkind: organization\n",
    );
    write(
        root,
        "content/briefings/strike.md",
        "---\ntitle: Strike\ndate: 2025-01-01\n---\nThe Harbour Workers' Union called a strike.\n",
    );
    let out = root.join("out");
    let (code, err) = run(root, &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("warning"), "{err}");
    let page = read(&out, "briefings/strike/index.html");
    assert!(
        page.contains(
            "The <a href=\"/actors/harbour-workers/\" class=\"mention\">Harbour Workers’ Union</a> called a strike."
        ),
        "{page}"
    );
}

#[test]
fn warnings_past_twenty_are_counted_by_kind() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org\"\n",
    );
    write(
        root,
        "content/briefings/a.md",
        "---\ntitle: A\ndate: 2025-01-01\n---\nHi.\n",
    );
    for i in 0..25 {
        write(
            root,
            &format!("content/actors/actor-{i:02}.yaml"),
            &format!("name: Actor {i}\nkind: person\n"),
        );
    }
    let out = root.join("out");
    let (code, err) = run(root, &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("warning: actor `").count(), 20, "{err}");
    let tail: Vec<&str> = err.lines().rev().take(3).collect();
    assert_eq!(
        tail,
        vec![
            format!(
                "built 1 briefing, {} into {}",
                tail[0]
                    .split(", ")
                    .nth(1)
                    .unwrap()
                    .split(" into")
                    .next()
                    .unwrap(),
                out.display()
            )
            .as_str(),
            "  = 5 × actor `…` is defined but no briefing involves it",
            "warning: and 5 more warnings like these: run `gloss check` to see them all",
        ]
    );
    let (code, err) = run(root, &["check"]);
    assert_eq!(code, 0);
    assert_eq!(err.matches("warning: actor `").count(), 25, "{err}");
    assert!(err.ends_with("no errors (25 warnings)\n"), "{err}");
}
