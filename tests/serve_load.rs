//! Figures for `gloss serve`, not pass/fail timings: run them by hand, in release, with
//!
//! ```text
//! cargo test --release --test serve_load -- --ignored --nocapture --test-threads 1
//! ```
//!
//! `serve_times_at_scale` measures a save on a large generated site (see `benches/`): the
//! time from the save to the reload event, and to the edited briefing's page served (each
//! page is rendered when first asked for):
//!
//! ```text
//! GLOSS_BENCH_SITE=target/bench/corpus-10000/gloss \
//!   cargo test --release --test serve_load serve_times_at_scale -- --ignored --nocapture
//! ```
//!
//! `load_during_rebuild` sends 10,000 requests over 100 concurrent keep-alive connections
//! while a save triggers a rebuild of a 1,000-briefing site, and checks every request was
//! answered. `rebuild_and_reload_times` prints the full in-memory rebuild time and the time
//! from a save to the reload event. Both print their figures on stderr.

mod common;

use std::io::BufReader;
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{Events, Server, WAIT, build_id, read_response, save_like_an_editor, send};

const CONNECTIONS: usize = 100;
const PER_CONNECTION: usize = 100;

/// Writes a site of `n` briefings, each with a sidecar quoting one of five actors.
fn generated_site(root: &Path, n: usize) {
    let w = |rel: &str, text: String| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w(
        "site.toml",
        "title = \"Load\"\nbase_url = \"https://example.org/\"\n".into(),
    );
    for a in 0..5 {
        w(
            &format!("content/actors/actor-{a}.yaml"),
            format!("name: Person Number{a}\nkind: person\n"),
        );
    }
    for i in 0..n {
        let a = i % 5;
        w(
            &format!("content/briefings/b{i}.md"),
            format!(
                "---\ntitle: Briefing {i}\ndate: 2025-01-{:02}\ntags: [t{}]\n---\n\n\
                 Person Number{a} said the figure for item {i} was rising. The *committee* \
                 met on a [Tuesday](https://example.org) and wrote `code {i}`.\n\n\
                 A second paragraph says the budget was less than {i} million dollars, \
                 according to the ministry.\n",
                i % 28 + 1,
                i % 20
            ),
        );
        w(
            &format!("content/briefings/b{i}.yaml"),
            format!(
                "quotes:\n  - speaker: actor-{a}\n    text: \"the figure for item {i} was rising\"\n\
                 claims:\n  - text: \"the budget was less than {i} million dollars\"\n    status: unverified\n"
            ),
        );
    }
}

fn built_ms(stderr: &str, what: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.starts_with(what))
        .map(str::to_string)
        .collect()
}

#[test]
#[ignore = "a figure, not a check: run by hand in release"]
fn load_during_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    generated_site(root, 1000);
    let server = Server::start(root);
    let page = server.get("/briefings/b1/").text();
    let mut events = Events::open(server.addr, &build_id(&page));
    let paths = [
        "/",
        "/briefings/b1/",
        "/briefings/b999/",
        "/style.css",
        "/actors/actor-3/",
        "/no/such/page",
        "/briefings/b2",
    ];
    let answered = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let addr = server.addr;
    // A save first; the requests start once the server says it is rebuilding.
    let sidecar = root.join("content/briefings/b1.yaml");
    let text = std::fs::read_to_string(&sidecar).unwrap();
    save_like_an_editor(
        &sidecar,
        &text.replace("status: unverified", "status: disputed"),
    );
    let waiting = Instant::now();
    while !server.stderr().contains("rebuilding") {
        assert!(waiting.elapsed() < WAIT, "no rebuild started");
        std::thread::sleep(Duration::from_millis(2));
    }
    let started = Instant::now();
    let clients: Vec<_> = (0..CONNECTIONS)
        .map(|c| {
            let (answered, errors) = (answered.clone(), errors.clone());
            std::thread::spawn(move || {
                let mut reader: Option<BufReader<TcpStream>> = None;
                for r in 0..PER_CONNECTION {
                    let path = paths[(c + r) % paths.len()];
                    let want = match path {
                        "/no/such/page" => 404,
                        "/briefings/b2" => 308,
                        _ => 200,
                    };
                    let conn = match reader.as_mut() {
                        Some(c) => c,
                        None => {
                            let s = TcpStream::connect(addr).unwrap();
                            s.set_read_timeout(Some(WAIT)).unwrap();
                            s.set_nodelay(true).unwrap();
                            reader.insert(BufReader::new(s))
                        }
                    };
                    let got = send(conn.get_mut(), path, true).and_then(|()| read_response(conn));
                    match got {
                        Ok(resp) if resp.status == want => {
                            answered.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => {
                            errors.fetch_add(1, Ordering::Relaxed);
                            reader = None;
                        }
                    }
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    let wall = started.elapsed();
    let rebuild_outlasted_run = !server.stderr().contains("rebuilt");
    let reloaded = events.wait_for("event: reload", WAIT);
    let answered = answered.load(Ordering::Relaxed);
    let errors = errors.load(Ordering::Relaxed);
    eprintln!(
        "load: {} requests over {CONNECTIONS} connections: {answered} answered as expected, \
         {errors} errors, {:.0} ms wall ({:.0} req/s); a rebuild ran during the whole run: \
         {rebuild_outlasted_run}; reload event after it: {reloaded}",
        CONNECTIONS * PER_CONNECTION,
        wall.as_secs_f64() * 1000.0,
        answered as f64 / wall.as_secs_f64()
    );
    eprintln!("server: {:?}", built_ms(&server.stderr(), "rebuilt"));
    assert_eq!(answered, CONNECTIONS * PER_CONNECTION);
    assert_eq!(errors, 0);
    assert!(reloaded);
    assert!(server.stop().success());
}

#[test]
#[ignore = "a figure, not a check: run by hand in release"]
fn rebuild_and_reload_times() {
    for (label, n) in [("example site", 0), ("1,000 briefings", 1000)] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        if n == 0 {
            copy_example_site(root);
        } else {
            generated_site(root, n);
        }
        let server = Server::start(root);
        let page = server.get("/").text();
        let mut events = Events::open(server.addr, &build_id(&page));
        let sidecar = std::fs::read_dir(root.join("content/briefings"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "yaml"))
            .unwrap();
        let text = std::fs::read_to_string(&sidecar).unwrap();
        let mut latencies = Vec::new();
        for i in 0..5 {
            let t = Instant::now();
            save_like_an_editor(&sidecar, &format!("{text}\n# edit {i}\n"));
            assert!(events.wait_for("event: reload", WAIT * 4));
            latencies.push(t.elapsed().as_millis());
            std::thread::sleep(Duration::from_millis(200));
        }
        eprintln!("{label}: {:?}", built_ms(&server.stderr(), "built"));
        eprintln!("{label}: {:?}", built_ms(&server.stderr(), "rebuilt"));
        eprintln!("{label}: save -> reload event, ms: {latencies:?}");
        assert!(server.stop().success());
    }
}

#[test]
#[ignore = "a figure, not a check: run by hand in release, with GLOSS_BENCH_SITE set"]
fn serve_times_at_scale() {
    let Some(site) = std::env::var_os("GLOSS_BENCH_SITE") else {
        eprintln!("set GLOSS_BENCH_SITE to a site folder (benches/corpus.py writes one)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::copy_dir(Path::new(&site), root);
    let started = Instant::now();
    let server = Server::start_waiting(root, &[], Duration::from_secs(600));
    eprintln!("first build: {} ms", started.elapsed().as_millis());
    let page = server.get("/").text();
    let mut events = Events::open(server.addr, &build_id(&page));
    let briefings = root.join("content/briefings");
    let sidecar = first_with_extension(&briefings, "yaml");
    let article = first_with_extension(&briefings, "md");
    let sidecar_text = std::fs::read_to_string(&sidecar).unwrap();
    let article_text = std::fs::read_to_string(&article).unwrap();
    let mut measure = |what: &str, path: &Path, text: &str| {
        let before = server.stderr().matches("rebuilt").count();
        let t = Instant::now();
        save_like_an_editor(path, text);
        assert!(events.wait_for("event: reload", Duration::from_secs(120)));
        let reload = t.elapsed().as_millis();
        // What the reloaded page asks for first: the edited briefing, rendered now.
        let stem = article.file_stem().unwrap().to_string_lossy();
        assert!(
            server
                .get(&format!("/briefings/{stem}/"))
                .text()
                .contains("<mark")
        );
        let served = t.elapsed().as_millis();
        while server.stderr().matches("rebuilt").count() == before {
            std::thread::sleep(Duration::from_millis(5));
        }
        let rebuilt = built_ms(&server.stderr(), "rebuilt")
            .pop()
            .unwrap_or_default();
        eprintln!(
            "{what} edit: save -> reload event {reload} ms -> briefing served {served} ms; server: {rebuilt}"
        );
        std::thread::sleep(Duration::from_millis(300));
    };
    let statuses = ["unverified", "supported", "disputed", "false", "misleading"];
    for round in 0..5 {
        // A sidecar edit a reader sees: the first claim's status changes, and changes back
        // in the next round.
        let written = |s: &str, quoted: bool| {
            if quoted {
                format!("status: \"{s}\"")
            } else {
                format!("status: {s}")
            }
        };
        let from = [false, true].into_iter().find_map(|quoted| {
            statuses
                .iter()
                .position(|s| sidecar_text.contains(&written(s, quoted)))
                .map(|i| (i, quoted))
        });
        let edited = match from {
            Some(_) if round % 2 == 1 => sidecar_text.clone(),
            Some((i, quoted)) => sidecar_text.replacen(
                &written(statuses[i], quoted),
                &written(statuses[(i + 1) % statuses.len()], quoted),
                1,
            ),
            None => format!("{sidecar_text}\n# edit {round}\n"),
        };
        let edits = [
            ("sidecar", &sidecar, edited),
            (
                "article",
                &article,
                format!("{article_text}\nA sentence added in round {round}.\n"),
            ),
        ];
        for (what, path, text) in edits {
            measure(what, path, &text);
        }
    }
    // Six saves of `path` that replace the line `line` with `other` and back, three times,
    // so that the file ends as it began.
    let mut toggle = |what: &str, path: &Path, line: &str, other: &str| {
        for round in 0..6 {
            let (from, to) = if round % 2 == 0 {
                (line, other)
            } else {
                (other, line)
            };
            let now = std::fs::read_to_string(path).unwrap();
            assert!(
                now.contains(from),
                "{what}: `{from}` is in {}",
                path.display()
            );
            measure(what, path, &now.replacen(from, to, 1));
        }
    };
    // A sidecar edit that changes who a quote is about: the back-references of the actors it
    // was and is about are gathered again. The first `about` list names
    // the first quote's speaker instead, and back again.
    let current = std::fs::read_to_string(&sidecar).unwrap();
    let about = current
        .lines()
        .find(|l| l.trim_start().starts_with("about: ["));
    let speaker = current
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("speaker: "));
    if let (Some(about), Some(speaker)) = (about, speaker) {
        let indent = &about[..about.len() - about.trim_start().len()];
        let other = format!("{indent}about: [{speaker}]");
        toggle("sidecar (who a quote is about)", &sidecar, about, &other);
    }
    // A sidecar edit that changes what it tells of an event: the title of its first event
    // that no other sidecar lists (the corpus's shared events have ids `shared-*`).
    let current = std::fs::read_to_string(&sidecar).unwrap();
    let lines: Vec<&str> = current.lines().collect();
    let title = lines.iter().enumerate().find_map(|(i, l)| {
        let id = l.trim_start().strip_prefix("- id: ")?;
        if id.starts_with("shared-") {
            return None;
        }
        (lines[i + 1..].iter().take(6)).find(|l| l.trim_start().starts_with("title: "))
    });
    let retitled = title.map(|t| (t, t.replacen("title: \"", "title: \"Retitled: ", 1)));
    if let Some((title, other)) = retitled.filter(|(t, o)| *t != o) {
        toggle("sidecar (an event's title)", &sidecar, title, &other);
    }
    // An article edit that moves the briefing: its date a year later, and back, so it takes
    // another place in every list of briefings.
    let date = article_text
        .lines()
        .find(|l| l.starts_with("date: "))
        .and_then(|l| Some((l, l.get(6..10)?.parse::<u32>().ok()?)));
    if let Some((date, year)) = date {
        let later = format!("date: {}{}", year + 1, &date[10..]);
        toggle("article (its date, which moves it)", &article, date, &later);
    }
    // Article edits of its tags: one of them dropped (a tag others carry loses a briefing),
    // and a tag no other briefing carries added (its pages are new), each and back.
    let tags = article_text.lines().find(|l| l.starts_with("tags: ["));
    if let Some((tags, kept)) = tags.and_then(|l| Some((l, l.split_once(", ")?.0))) {
        toggle(
            "article (a tag dropped)",
            &article,
            tags,
            &format!("{kept}]"),
        );
        let added = tags.replacen(']', ", Benchmark New]", 1);
        toggle("article (a new tag)", &article, tags, &added);
    }
    assert!(server.stop().success());
}

fn first_with_extension(dir: &Path, ext: &str) -> std::path::PathBuf {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    paths.sort();
    paths.remove(0)
}

fn copy_example_site(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(from.join("site.toml"), to.join("site.toml")).unwrap();
    for dir in ["content", "static", "templates", "themes"] {
        if from.join(dir).is_dir() {
            common::copy_dir(&from.join(dir), &to.join(dir));
        }
    }
}
