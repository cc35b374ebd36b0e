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
            "The <a href=\"/actors/harbour-workers/\" class=\"mention\"><span id=\"mention-harbour-workers-1\">Harbour Workers’ Union</span></a> called a strike."
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

/// A site with one briefing whose sidecar is `sidecar`, and `site.toml` as `toml`.
fn site_with(toml: &str, sidecar: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site.toml", toml);
    write(
        root,
        "content/actors/rubio.yaml",
        "name: Rubio\nkind: person\n",
    );
    write(
        root,
        "content/briefings/a.md",
        "---\ntitle: A\ndate: 2025-01-01\n---\nRubio said hi and bye.\n",
    );
    write(root, "content/briefings/a.yaml", sidecar);
    dir
}

const TOML: &str = "title = \"T\"\nbase_url = \"https://example.org\"\n";

/// The report of `gloss check`, whose exit code must be 1.
fn failing_check(dir: &tempfile::TempDir) -> String {
    let (code, err) = run(dir.path(), &["check"]);
    assert_eq!(code, 1, "{err}");
    err
}

#[test]
fn two_misspelled_fields_of_one_sidecar_are_reported_in_one_run() {
    let dir = site_with(
        TOML,
        "quotes:\n  - speeker: rubio\n    text: hi\n  - speaker: rubio\n    txt: bye\n",
    );
    let err = failing_check(&dir);
    let expected = "error: unknown field `speeker`
 --> content/briefings/a.yaml:2:5
  |
2 |   - speeker: rubio
  |     ^^^^^^^ unknown field
  |
  = note: expected one of `speaker`, `text`, `prefix`, `suffix`, `occurrence`, `id`, `said`, `about`, `source`, `original`
  = help: did you mean `speaker`?

error: unknown field `txt`
 --> content/briefings/a.yaml:5:5
  |
5 |     txt: bye
  |     ^^^ unknown field
  |
  = note: expected one of `speaker`, `text`, `prefix`, `suffix`, `occurrence`, `id`, `said`, `about`, `source`, `original`
  = help: did you mean `text`?

error: the site has 2 errors; nothing was written
";
    assert_eq!(err, expected);
}

#[test]
fn two_bad_keys_of_site_toml_are_reported_in_one_run() {
    let dir = site_with(
        "title = \"T\"\nbase_ulr = \"https://example.org\"\n\n[markdown]\nsmart_punctuaton = true\n",
        "quotes:\n  - speaker: rubio\n    text: hi\n",
    );
    let err = failing_check(&dir);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with(" -->")).collect();
    assert_eq!(
        lines,
        vec![" --> site.toml:2:1", " --> site.toml:5:1"],
        "{err}"
    );
    assert!(err.contains("error: unknown field `base_ulr`"), "{err}");
    assert!(
        err.contains("error: unknown field `smart_punctuaton`"),
        "{err}"
    );
    assert!(
        err.ends_with("error: the site has 2 errors; nothing was written\n"),
        "{err}"
    );
}

#[test]
fn a_key_indented_one_space_too_little_is_named_as_such() {
    let dir = site_with(TOML, "quotes:\n  - speaker: rubio\n   text: hi\n");
    let err = failing_check(&dir);
    let expected = "error: `text` is indented less than `speaker` (line 2): it belongs to the item above if indented to column 5
 --> content/briefings/a.yaml:3:4
  |
3 |    text: hi
  |    ^^^^
  |
  = help: indent `text` by 1 more space to line it up with `speaker`

error: the site has 1 error; nothing was written
";
    assert_eq!(err, expected);
}

#[test]
fn an_unclosed_quote_is_reported_where_it_opens() {
    let dir = site_with(
        TOML,
        "quotes:\n  - speaker: rubio\n    text: \"hi\n  - speaker: rubio\n    text: bye\n",
    );
    let err = failing_check(&dir);
    assert!(
        err.starts_with(
            "error: this \" quote is never closed on its line\n --> content/briefings/a.yaml:3:11\n"
        ),
        "{err}"
    );
}

#[test]
fn serve_of_a_site_broken_from_the_start_does_not_claim_a_last_good_build() {
    let dir = site_with(TOML, "quotes:\n  - speaker: nobody\n    text: hi\n");
    let server = common::Server::start(dir.path());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !server.stderr().contains("error: the site has") && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let err = server.stderr();
    let last = err
        .lines()
        .find(|l| l.starts_with("error: the site has"))
        .unwrap_or_else(|| panic!("no summary line: {err}"));
    assert!(
        last.starts_with("error: the site has 1 error (")
            && last.ends_with("ms); nothing to serve until they are fixed; the page shows them"),
        "{last}"
    );
    server.stop();
}
