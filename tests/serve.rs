//! `gloss serve` end to end: the real binary on a small site, spoken to over plain TCP.

mod common;

use std::time::Duration;

use common::{Events, Server, WAIT, build_id, save_like_an_editor, sidecar, site};

#[test]
fn serves_the_site_from_memory_with_its_own_address() {
    let (_dir, root) = site();
    let server = Server::start(&root);
    assert_eq!(server.url, format!("http://{}/", server.addr));

    let page = server.get("/briefings/a/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let html = page.text();
    assert!(
        html.contains(&format!("{}briefings/a/", server.url)),
        "links use the served address"
    );
    assert!(
        !html.contains("https://example.org"),
        "base_url is replaced"
    );
    assert!(html.contains(r#"data-ann="quote:old-id""#));
    let script = html
        .find("/__gloss/events")
        .expect("reload script injected");
    assert!(
        script < html.rfind("</body>").unwrap(),
        "script goes before </body>"
    );

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("/__gloss/events"));

    let txt = server.get("/robots.txt");
    assert_eq!(txt.status, 200);
    assert_eq!(
        txt.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(txt.text(), "User-agent: *\n");
    assert_eq!(
        server.get("/dot.svg").header("content-type"),
        Some("image/svg+xml")
    );
    let feed = server.get("/atom.xml");
    assert_eq!(feed.status, 200);
    assert!(
        !feed.text().contains("__gloss"),
        "no script outside HTML pages"
    );
    assert!(feed.text().contains(&server.url));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let not_found = missing.text();
    assert!(not_found.contains("<html") && not_found.contains("/__gloss/events"));

    assert!(
        !root.join("public").exists(),
        "serve never writes the output folder"
    );
    assert!(server.stop().success());
}

#[test]
fn refuses_paths_that_leave_the_site() {
    let (_dir, root) = site();
    let server = Server::start(&root);
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/..%2fsite.toml",
        "/%2e%2e%2f%2e%2e%2fetc/passwd",
        "/\\..\\site.toml",
        "/%5c..%5csite.toml",
        "//etc/passwd",
        "/robots.txt%00.html",
        "/./robots.txt",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.text().contains("base_url"), "{path}");
    }
}

#[test]
fn a_folder_without_its_slash_redirects() {
    let (_dir, root) = site();
    let server = Server::start(&root);
    let r = server.get("/briefings/a");
    assert!(r.status == 308 || r.status == 301, "{}", r.status);
    assert_eq!(r.header("location"), Some("/briefings/a/"));
    assert_eq!(server.get("/briefings/a/").status, 200);
}

#[test]
fn edits_reload_errors_overlay_and_fixes_clear() {
    let (_dir, root) = site();
    let server = Server::start(&root);
    let sidecar_path = root.join("content/briefings/a.yaml");
    let page = server.get("/briefings/a/").text();
    let mut events = Events::open(server.addr, &build_id(&page));

    save_like_an_editor(
        &sidecar_path,
        &sidecar("new-id", "the committee said nothing"),
    );
    assert!(
        events.wait_for("event: reload", WAIT),
        "no reload after a save; stderr:\n{}",
        server.stderr()
    );
    let html = server.get("/briefings/a/").text();
    assert!(
        html.contains(r#"data-ann="quote:new-id""#),
        "the page has the new annotation"
    );
    assert!(!html.contains("quote:old-id"));

    save_like_an_editor(&sidecar_path, &sidecar("broken", "words that are nowhere"));
    assert!(
        events.wait_for("event: problems", WAIT),
        "no problems event"
    );
    assert!(
        events.wait_for("a.yaml", WAIT),
        "the problems name the sidecar: {}",
        events.rest()
    );
    let html = server.get("/briefings/a/").text();
    assert!(
        html.contains(r#"data-ann="quote:new-id""#),
        "the last good page is still served"
    );
    assert!(
        server
            .stderr()
            .contains("still serving the last good build")
    );

    // A page opened while the site is broken gets the problems at once.
    let mut late = Events::open(server.addr, &build_id(&html));
    assert!(late.wait_for("event: problems", WAIT));

    save_like_an_editor(&sidecar_path, &sidecar("fixed-id", "the plan is ready"));
    assert!(
        events.wait_for("event: reload", WAIT),
        "no reload after the fix"
    );
    assert!(
        server
            .get("/briefings/a/")
            .text()
            .contains(r#"data-ann="quote:fixed-id""#)
    );

    assert!(server.stop().success(), "Ctrl-C stops the server cleanly");
}

#[test]
fn editor_droppings_do_not_rebuild_and_a_burst_rebuilds_once() {
    let (_dir, root) = site();
    let server = Server::start(&root);
    let dir = root.join("content/briefings");
    let page = server.get("/briefings/a/").text();
    let mut events = Events::open(server.addr, &build_id(&page));

    for name in [".a.yaml.swp", ".a.yaml.swx", "4913", "a.yaml~", ".#a.yaml"] {
        std::fs::write(dir.join(name), "junk").unwrap();
    }
    std::fs::write(root.join("notes.txt"), "not a source").unwrap();
    std::fs::create_dir_all(root.join("public")).unwrap();
    std::fs::write(root.join("public/index.html"), "output").unwrap();
    assert_eq!(
        events.count_within("event: reload", Duration::from_millis(700)),
        0
    );

    // One save as vim makes it: probe file, backup, write, swap file gone.
    let path = dir.join("a.yaml");
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    std::fs::rename(&path, dir.join("a.yaml~")).unwrap();
    std::fs::write(&path, sidecar("vim-id", "the plan is ready")).unwrap();
    std::fs::remove_file(dir.join("a.yaml~")).unwrap();
    std::fs::remove_file(dir.join(".a.yaml.swp")).unwrap();
    assert_eq!(
        events.count_within("event: reload", Duration::from_millis(1500)),
        1
    );
    assert!(
        !events.rest().contains("event: problems"),
        "no error on the way"
    );
    assert!(server.get("/briefings/a/").text().contains("quote:vim-id"));
    assert_eq!(
        server.stderr().matches("rebuilt").count(),
        1,
        "{}",
        server.stderr()
    );
}

#[test]
fn a_site_broken_at_start_is_served_and_recovers() {
    let (_dir, root) = site();
    let sidecar_path = root.join("content/briefings/a.yaml");
    std::fs::write(&sidecar_path, sidecar("bad", "no such words here")).unwrap();
    let server = Server::start(&root);
    let page = server.get("/briefings/a/");
    assert_eq!(page.status, 404);
    let mut events = Events::open(server.addr, &build_id(&page.text()));
    assert!(events.wait_for("event: problems", WAIT));
    save_like_an_editor(&sidecar_path, &sidecar("good", "the plan is ready"));
    assert!(events.wait_for("event: reload", WAIT));
    assert!(server.get("/briefings/a/").text().contains("quote:good"));
}

#[test]
fn drafts_only_when_asked() {
    let (_dir, root) = site();
    std::fs::write(
        root.join("content/briefings/d.md"),
        "---\ntitle: Draft\ndate: 2025-09-04\ndraft: true\n---\n\nNot yet.\n",
    )
    .unwrap();
    let server = Server::start(&root);
    assert_eq!(server.get("/briefings/d/").status, 404);
    drop(server);
    let server = Server::start_with(&root, &["--drafts"]);
    assert_eq!(server.get("/briefings/d/").status, 200);
}
