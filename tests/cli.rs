//! The command line as a user meets it: exit statuses, `init` then `build` then `check`.

use std::process::Command;

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
    let build = gloss()
        .arg("build")
        .arg("--root")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let page =
        std::fs::read_to_string(site.join("public/briefings/first-briefing/index.html")).unwrap();
    assert!(
        page.contains("data-ann=\"quote:might-act-upon-other-things\""),
        "{page}"
    );
    let check = gloss()
        .arg("check")
        .arg("--root")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
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
    let build = gloss()
        .arg("build")
        .arg("--root")
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(build.status.code(), Some(1));
    assert!(!site.join("public").exists());
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(stderr.contains("first-briefing.yaml:3:"), "{stderr}");
}

#[test]
fn build_refuses_to_write_over_the_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    gloss().arg("init").arg(&site).output().unwrap();
    for out in [site.clone(), site.join("content"), tmp.path().to_path_buf()] {
        let build = gloss()
            .arg("build")
            .arg("--root")
            .arg(&site)
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(build.status.code(), Some(1), "{}", out.display());
    }
    assert!(site.join("content/briefings/first-briefing.md").is_file());
}
