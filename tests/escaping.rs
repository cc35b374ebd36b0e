//! Everything a user wrote is escaped in the pages, attributes and URLs included; raw HTML
//! in Markdown follows the stated policy; no source can place a file outside the output.

mod common;

use common::{build, read, run, snapshot, write};

const HOSTILE: &str = "<script>alert(1)</script>";

fn hostile_site(root: &std::path::Path, unsafe_html: bool) {
    write(
        root,
        "site.toml",
        &format!(
            "title = \"Site {HOSTILE}\"\nbase_url = \"https://example.org\"\ndescription = \"\\\" onload=\\\"x\"\n[markdown]\nunsafe_html = {unsafe_html}\n"
        ),
    );
    write(
        root,
        "content/actors/evil.yaml",
        &format!(
            "name: \"Evil {HOSTILE} \\\" onmouseover=\\\"x\"\nkind: person\nrole: \"<img src=x onerror=alert(1)>\"\ndescription: \"Hi <script>bad()</script>\"\nlinks:\n  - {{ title: \"<b>t</b>\", url: \"https://example.org/?a=1&b=\\\"2\"}}\n"
        ),
    );
    write(
        root,
        "content/briefings/b.md",
        &format!(
            "---\ntitle: \"Title {HOSTILE}\"\ndate: 2025-09-03\nsummary: \"\\\"><svg onload=alert(1)>\"\ntags: [\"<i>tag</i>\"]\n---\nEvil said <em>raw</em> words and [a link](javascript:alert(1)).\n\n<div onclick=\"x\">block</div>\n"
        ),
    );
    // The reader sees the raw HTML as text when it is escaped, and its rendering otherwise.
    let words = if unsafe_html {
        "said raw words"
    } else {
        "said <em>raw</em> words"
    };
    write(
        root,
        "content/briefings/b.yaml",
        &format!(
            "quotes:\n  - speaker: evil\n    text: \"{words}\"\n    id: q\n    source: {{ url: \"https://example.org/\\\"onmouseover=x\", title: \"<script>t</script>\" }}\n"
        ),
    );
}

#[test]
fn user_text_is_escaped_everywhere_and_raw_html_is_shown_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    hostile_site(&root, false);
    let (_out_tmp, out) = build(&root, false);
    for (path, bytes) in snapshot(&out) {
        let text = String::from_utf8_lossy(&bytes);
        if path.ends_with(".js") {
            continue;
        }
        if path.ends_with(".json") || path.ends_with(".jsonld") {
            // Data, never inserted as HTML (the search script uses textContent); it must parse.
            let value = serde_json::from_slice::<serde_json::Value>(&bytes).expect("valid JSON");
            if path == "timeline.json" {
                // But TimelineJS shows `text.headline` and `text.text` as HTML.
                let html = value["title"]["text"].to_string();
                assert!(html.contains("Site &lt;script&gt;"), "{html}");
                assert!(
                    !html.contains("<script>"),
                    "timeline.json has a live script"
                );
            }
            continue;
        }
        assert!(
            !text.contains("<script>alert(1)"),
            "{path} has a live script"
        );
        assert!(!text.contains("<script>bad()"), "{path} has a live script");
        assert!(!text.contains("<img src=x"), "{path} has a live img");
        assert!(!text.contains("<svg onload"), "{path} has a live svg");
        assert!(
            !text.contains("\" onmouseover=\"x"),
            "{path}: an attribute broke out"
        );
        assert!(!text.contains("javascript:"), "{path} links to javascript:");
        assert!(
            !text.contains("<div onclick"),
            "{path} passes raw HTML through"
        );
        assert!(!text.contains("<i>tag</i>"), "{path}");
    }
    let page = read(&out, "briefings/b/index.html");
    // The raw HTML of the Markdown is shown as text, and the quote still anchors across it.
    assert!(
        page.contains("&lt;div onclick=&quot;x&quot;&gt;block&lt;/div&gt;")
            || page.contains("&lt;div onclick=\"x\"&gt;block&lt;/div&gt;"),
        "{page}"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Raw HTML shown as text is part of the reader's text: a quote anchors across it.
    assert_eq!(
        common::pieces(&page, "quote:q").concat(),
        "said <em>raw</em> words"
    );
}

#[test]
fn unsafe_html_passes_markdown_html_through_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    hostile_site(&root, true);
    let (_out_tmp, out) = build(&root, false);
    let page = read(&out, "briefings/b/index.html");
    assert!(page.contains("<div onclick=\"x\">block</div>"));
    assert_eq!(common::pieces(&page, "quote:q").concat(), "said raw words");
    // Only the Markdown's own HTML is trusted: titles and sidecars stay escaped.
    assert!(!page.contains("<script>alert(1)"));
    assert!(
        !page.contains("javascript:"),
        "links are filtered whatever the HTML policy"
    );
}

#[test]
fn no_slug_can_place_a_file_outside_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(
        &root,
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org\"\n",
    );
    for (i, slug) in ["../../escape", "/etc", "a/b", "..", "x\\\\..\\\\y"]
        .iter()
        .enumerate()
    {
        write(
            &root,
            &format!("content/briefings/b{i}.md"),
            &format!("---\ntitle: T\ndate: 2025-09-03\nslug: \"{slug}\"\n---\nText.\n"),
        );
    }
    let (code, err) = run(&root, &["build"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("cannot be a slug"), "{err}");
    assert!(!tmp.path().join("escape").exists());
    assert!(!root.join("public").exists());
}

#[test]
fn a_sidecar_url_with_another_scheme_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(
        &root,
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org\"\n",
    );
    write(
        &root,
        "content/actors/a.yaml",
        "name: A\nkind: person\nlinks:\n  - { url: \"javascript:alert(1)\" }\n",
    );
    write(
        &root,
        "content/briefings/b.md",
        "---\ntitle: T\ndate: 2025-09-03\n---\nA spoke.\n",
    );
    let (code, err) = run(&root, &["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("content/actors/a.yaml:4:"), "{err}");
    assert!(err.contains("is not allowed"), "{err}");
}

#[test]
fn a_symlink_out_of_the_site_is_not_published_and_one_inside_is() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(
        &root,
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org\"\n",
    );
    write(
        &root,
        "content/briefings/b.md",
        "---\ntitle: T\ndate: 2025-09-03\n---\nText.\n",
    );
    write(&root, "static/real.txt", "inside\n");
    write(tmp.path(), "secret.txt", "outside\n");
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("static/leak.txt"))
        .unwrap();
    std::os::unix::fs::symlink(tmp.path(), root.join("static/everything")).unwrap();
    std::os::unix::fs::symlink(root.join("static/real.txt"), root.join("static/alias.txt"))
        .unwrap();
    let (code, err) = run(&root, &["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("static/leak.txt"), "{err}");
    assert!(err.contains("leads out of the site"), "{err}");
    let out = root.join("public");
    assert!(!out.join("leak.txt").exists());
    assert!(!out.join("everything").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("alias.txt")).unwrap(),
        "inside\n"
    );
}
