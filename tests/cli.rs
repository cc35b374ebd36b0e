//! The command line as a user meets it: exit statuses, `init` then `build` then `check`.

mod common;

use std::process::Command;

use common::{run, snapshot};

fn gloss() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
}

#[test]
fn init_then_build_then_check_pass() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let init = gloss().arg("init").arg(&site).output().unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let (code, err) = run(&site, &["build"]);
    assert_eq!(code, 0, "{err}");
    let page =
        std::fs::read_to_string(site.join("public/briefings/first-briefing/index.html")).unwrap();
    assert!(
        page.contains("data-ann=\"quote:might-act-upon-other-things\""),
        "{page}"
    );
    let (code, err) = run(&site, &["check"]);
    assert_eq!(code, 0, "{err}");
    // init refuses to write into a folder that is not empty.
    let again = gloss().arg("init").arg(&site).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn a_wrong_command_line_exits_with_2() {
    let out = gloss().arg("build").arg("--no-such-flag").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = gloss().arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_site_with_errors_exits_with_1_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    gloss().arg("init").arg(&site).output().unwrap();
    std::fs::write(
        site.join("content/briefings/first-briefing.yaml"),
        "quotes:\n  - speaker: ada-lovelace\n    text: \"words that are not there\"\n",
    )
    .unwrap();
    let (code, stderr) = run(&site, &["build"]);
    assert_eq!(code, 1);
    assert!(!site.join("public").exists());
    assert!(stderr.contains("first-briefing.yaml:3:"), "{stderr}");
}

#[test]
fn build_refuses_to_write_over_the_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    gloss().arg("init").arg(&site).output().unwrap();
    for out in [site.clone(), site.join("content"), tmp.path().to_path_buf()] {
        let out = out.to_string_lossy().into_owned();
        let (code, err) = run(&site, &["build", "--output", &out]);
        assert_eq!(code, 1, "{out}: {err}");
    }
    assert!(site.join("content/briefings/first-briefing.md").is_file());
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let page = |i: usize, title: &str| {
        format!(
            "---\ntitle: {title} {i}\ndate: 2025-09-03\n---\nWords of briefing {i}, enough to render.\n"
        )
    };
    std::fs::create_dir_all(site.join("content/briefings")).unwrap();
    std::fs::write(
        site.join("site.toml"),
        "title = \"T\"\nbase_url = \"https://example.org\"\n",
    )
    .unwrap();
    let write_all = |title: &str| {
        for i in 0..400 {
            std::fs::write(
                site.join(format!("content/briefings/b{i}.md")),
                page(i, title),
            )
            .unwrap();
        }
    };
    write_all("Old");
    let out = site.join("public");
    let build = || run(&site, &["build"]).0;
    assert_eq!(build(), 0);
    let old = snapshot(&out);
    write_all("New");
    let new_out = tmp.path().join("new");
    let (code, err) = run(&site, &["build", "--output", &new_out.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let new = snapshot(&new_out);
    for delay in [20u64, 100, 250, 500, 900] {
        let mut child = gloss()
            .arg("build")
            .arg("--root")
            .arg(&site)
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&out);
        // Killed while it moved its new files into the output, a build leaves its commit
        // recorded beside it, and the next build finishes it first.
        let commit_left = std::fs::read_dir(&site).unwrap().flatten().any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".public.gloss-new-")
                && e.path().join("commit").is_file()
        });
        assert!(
            now == old || now == new || commit_left,
            "killed after {delay} ms, the output is neither build"
        );
    }
    // The next build finishes the job and tidies what the killed ones left beside it.
    assert_eq!(build(), 0);
    assert_eq!(snapshot(&out), new);
    // Beside the output stays only the manifest of the last build (a cache it keeps there),
    // and at the root the cache of what was parsed, with nothing half-written in it.
    let leftovers: Vec<_> = std::fs::read_dir(&site)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".gloss-"))
        .filter(|e| e.file_name() != ".public.gloss-manifest" && e.file_name() != ".gloss-cache")
        .map(|e| e.path())
        .chain(
            walkdir::WalkDir::new(site.join(".gloss-cache"))
                .into_iter()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().contains("gloss-tmp"))
                .map(|e| e.into_path()),
        )
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(site.join(".public.gloss-manifest").is_file());
}

#[test]
fn new_then_build_then_check_pass_and_new_never_replaces_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/sites/core")
            .as_path(),
        &site,
    );
    let new = |path: &str| {
        let out = gloss()
            .args(["new", path, "--root"])
            .arg(&site)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = new("content/notes/talks-resume.md");
    assert_eq!(code, 0, "{err}");
    let article = std::fs::read_to_string(site.join("content/notes/talks-resume.md")).unwrap();
    let today = jiff::ZonedDateTime::now().date().to_string();
    assert!(article.contains("title: \"Talks resume\"\n"), "{article}");
    assert!(article.contains(&format!("date: {today}\n")), "{article}");
    let sidecar = std::fs::read_to_string(site.join("content/notes/talks-resume.yaml")).unwrap();
    for list in ["# quotes:", "# events:", "# claims:", "# notes:"] {
        assert!(sidecar.contains(list), "{sidecar}");
    }
    let (code, err) = run(&site, &["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(site.join("public/notes/talks-resume/index.html").is_file());
    let (code, err) = run(&site, &["check"]);
    assert_eq!(code, 0, "{err}");

    // Never over a file: the article, or a sidecar alone.
    let (code, err) = new("content/notes/talks-resume.md");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("already exists"), "{err}");
    std::fs::write(site.join("content/notes/only-sidecar.yml"), "notes:\n").unwrap();
    let (code, err) = new("content/notes/only-sidecar.md");
    assert_eq!(code, 1, "{err}");
    assert!(!site.join("content/notes/only-sidecar.md").exists());
    assert_eq!(
        std::fs::read_to_string(site.join("content/notes/talks-resume.md")).unwrap(),
        article
    );
    // Not a briefing path: a message and exit 2.
    for bad in [
        "notes/x.md",
        "content/notes/x.txt",
        "content/../x.md",
        "content/actors/x.md",
    ] {
        let (code, err) = new(bad);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("content/FOLDER/NAME.md"), "{bad}: {err}");
    }
    // Outside the site, absolute.
    let outside = tmp.path().join("elsewhere.md");
    let (code, err) = new(&outside.to_string_lossy());
    assert_eq!(code, 2, "{err}");
    assert!(!outside.exists());
}
