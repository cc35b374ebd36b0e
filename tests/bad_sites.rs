//! A corpus of broken sites (FORMAT.md, "Bad input"), run through the real binary.
//!
//! Each test writes one tiny good site into a temporary folder, builds it, breaks one file,
//! and then checks that `gloss check` and `gloss build` both fail with status 1, name the
//! file and `line:col`, say what to do, and that `build` left the previous output exactly as
//! it was.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use tempfile::TempDir;

const SITE_TOML: &str = "title = \"Test briefings\"\nbase_url = \"https://example.org\"\n";

const RUBIO: &str = "name: Marco Rubio\nkind: person\naliases: [Rubio]\n";

const SHEINBAUM: &str = "name: Claudia Sheinbaum\nkind: person\naliases: [Sheinbaum]\n";

const A_MD: &str = r#"---
title: "Rubio in Mexico City"
date: 2025-09-03
---

Marco Rubio met Claudia Sheinbaum in Mexico City. He said the two countries would "work together against the cartels".

Sheinbaum said that sovereignty is not negotiable. The meeting lasted two hours.

Later the meeting ended with a joint statement. The meeting was called productive.
"#;

const A_YAML: &str = r#"# Annotations for a.md
quotes:
  - id: together
    speaker: marco-rubio
    text: "work together against the cartels"
    said: 2025-09-03
  - speaker: claudia-sheinbaum
    text: "sovereignty is not negotiable"
events:
  - id: meeting
    date: 2025-09-03
    title: Rubio meets Sheinbaum
    actors: [marco-rubio, claudia-sheinbaum]
    text: "met Claudia Sheinbaum in Mexico City"
claims:
  - text: "lasted two hours"
    status: unverified
notes:
  - text: "joint statement"
    note: "Published the same day."
"#;

const B_MD: &str = r#"---
title: "After the meeting"
date: 2025-09-05
---

Two days after Rubio met Sheinbaum, both governments spoke of progress.
"#;

const B_YAML: &str = r#"events:
  - id: meeting
    text: "Rubio met Sheinbaum"
"#;

/// A good site in a temporary folder, already built once into `public/`.
struct Site {
    dir: TempDir,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let site = Site { dir };
        site.write("site.toml", SITE_TOML);
        site.write("content/actors/marco-rubio.yaml", RUBIO);
        site.write("content/actors/claudia-sheinbaum.yaml", SHEINBAUM);
        site.write("content/briefings/a.md", A_MD);
        site.write("content/briefings/a.yaml", A_YAML);
        site.write("content/briefings/b.md", B_MD);
        site.write("content/briefings/b.yaml", B_YAML);
        let (code, err) = site.run(&["build"]);
        assert_eq!(code, 0, "the good site must build: {err}");
        assert!(site.path("public/briefings/a/index.html").is_file());
        site
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Replaces `from` (which must be there) with `to` in a file.
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.path(rel)).unwrap();
        assert!(text.contains(from), "`{from}` is not in {rel}");
        self.write(rel, text.replacen(from, to, 1));
    }

    /// Runs gloss with `args` and `--root` this site: exit code and stderr.
    fn run(&self, args: &[&str]) -> (i32, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_gloss"))
            .args(args)
            .arg("--root")
            .arg(self.dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Every file under `public/` with its bytes.
    fn output(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let root = self.path("public");
        let mut files = BTreeMap::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let bytes = std::fs::read(&p).unwrap();
                    files.insert(p.strip_prefix(&root).unwrap().to_path_buf(), bytes);
                }
            }
        }
        files
    }

    /// `check` and `build` both fail with status 1 and say every one of `expect`, and
    /// `build` leaves the output as the good site left it. Returns check's stderr.
    fn fails_with(&self, expect: &[&str]) -> String {
        let before = self.output();
        let (code, check) = self.run(&["check"]);
        assert_eq!(code, 1, "check must fail: {check}");
        for e in expect {
            assert!(check.contains(e), "check does not say `{e}`:\n{check}");
        }
        let (code, build) = self.run(&["build"]);
        assert_eq!(code, 1, "build must fail: {build}");
        for e in expect {
            assert!(build.contains(e), "build does not say `{e}`:\n{build}");
        }
        assert!(build.contains("nothing was written"), "{build}");
        assert!(self.output() == before, "build changed the previous output");
        check
    }
}

/// Runs `f` and fails if it takes longer than a hang would: a guard, not a timing test.
fn no_hang<T>(f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}: hostile input must fail fast",
        start.elapsed()
    );
    out
}

#[test]
fn good_site_checks_clean() {
    let site = Site::new();
    let (code, err) = site.run(&["check"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn yaml_that_does_not_parse() {
    let site = Site::new();
    site.edit(
        "content/briefings/a.yaml",
        "    text: \"sovereignty is not negotiable\"",
        "    text: \"sovereignty is\" not negotiable",
    );
    site.fails_with(&[
        "invalid trailing content after double-quoted scalar",
        "content/briefings/a.yaml:8:",
    ]);
}

#[test]
fn field_of_the_wrong_type() {
    let site = Site::new();
    site.edit(
        "content/briefings/a.yaml",
        "    status: unverified",
        "    status: unverified\n    occurrence: twice",
    );
    site.fails_with(&["content/briefings/a.yaml:18:17"]);
}

#[test]
fn unknown_field_suggests_the_known_one() {
    let site = Site::new();
    site.edit(
        "content/briefings/a.yaml",
        "speaker: marco-rubio",
        "speeker: marco-rubio",
    );
    site.fails_with(&[
        "unknown field `speeker`",
        "content/briefings/a.yaml:4:5",
        "did you mean `speaker`?",
    ]);
}

#[test]
fn missing_required_field() {
    let site = Site::new();
    site.edit(
        "content/briefings/a.yaml",
        "\n    note: \"Published the same day.\"",
        "",
    );
    site.fails_with(&[
        "missing required field `note`",
        "content/briefings/a.yaml:19:5",
    ]);
}

#[test]
fn unknown_actor_suggests_the_known_one() {
    let site = Site::new();
    site.edit(
        "content/briefings/a.yaml",
        "speaker: marco-rubio",
        "speaker: marco-rubi",
    );
    site.fails_with(&[
        "unknown actor `marco-rubi`",
        "content/briefings/a.yaml:4:14",
        "did you mean `marco-rubio`?",
    ]);
}

#[test]
fn duplicate_quote_id_in_one_briefing() {
    let site = Site::new();
    site.edit(
        "content/briefings/a.yaml",
        "  - speaker: claudia-sheinbaum",
        "  - id: together\n    speaker: claudia-sheinbaum",
    );
    site.fails_with(&[
        "two quotes have the id `together`",
        "content/briefings/a.yaml:7:9",
        "3 |   - id: together",
        "first used here",
    ]);
}

#[test]
fn actor_defined_twice() {
    let site = Site::new();
    site.edit(
        "content/briefings/b.yaml",
        "events:",
        "actors:\n  - id: marco-rubio\n    name: Marco Rubio\n    kind: person\nevents:",
    );
    site.fails_with(&[
        "actor `marco-rubio` is defined twice",
        "content/briefings/b.yaml:2:9",
        "content/actors/marco-rubio.yaml",
    ]);
}

#[test]
fn anchor_not_found_shows_the_nearest_passage() {
    let site = Site::new();
    site.edit(
        "content/briefings/a.md",
        "work together against the cartels",
        "work together against the drug cartels",
    );
    site.fails_with(&[
        "“work together against the cartels” is not in content/briefings/a.md",
        "content/briefings/a.yaml:5:11",
        "content/briefings/a.md:6:",
        "% similar",
        "the nearest passage (line 6) reads “work together against the drug cartels”",
        "what differs: the passage adds “drug”",
    ]);
}

#[test]
fn anchor_that_occurs_several_times_lists_every_place() {
    let site = Site::new();
    site.edit(
        "content/briefings/a.yaml",
        "text: \"lasted two hours\"",
        "text: \"The meeting\"",
    );
    site.fails_with(&[
        "“The meeting” occurs 2 times in content/briefings/a.md",
        "content/briefings/a.yaml:16:11",
        "content/briefings/a.md:8:",
        "8 | Sheinbaum said that sovereignty is not negotiable. The meeting lasted two hours.",
        "10 | Later the meeting ended with a joint statement. The meeting was called productive.",
        "occurrence 1",
        "occurrence 2",
        "add `occurrence: N` (1 to 2), or a `prefix`",
    ]);
}

#[test]
fn invalid_date() {
    let site = Site::new();
    site.edit(
        "content/briefings/a.yaml",
        "said: 2025-09-03",
        "said: 2025-02-30",
    );
    site.fails_with(&["invalid date", "content/briefings/a.yaml:6:11"]);
}

#[test]
fn sidecar_with_no_briefing() {
    let site = Site::new();
    site.write("content/briefings/c.yaml", B_YAML);
    site.fails_with(&["sidecar with no briefing", "content/briefings/c.yaml"]);
}

#[test]
fn two_pages_with_one_output_path() {
    let site = Site::new();
    site.edit(
        "content/briefings/b.md",
        "date: 2025-09-05",
        "date: 2025-09-05\nslug: a",
    );
    site.fails_with(&[
        "two pages have the address /briefings/a/",
        "content/briefings/b.md:4:7",
        "give one of them another `slug`",
    ]);
}

#[test]
fn event_whose_sidecars_disagree_shows_both_places() {
    let site = Site::new();
    site.edit(
        "content/briefings/b.yaml",
        "  - id: meeting",
        "  - id: meeting\n    date: 2025-09-04",
    );
    site.fails_with(&[
        "content/briefings/b.yaml:3:11",
        "content/briefings/a.yaml:11:11",
    ]);
}

#[test]
fn file_that_is_not_utf8() {
    let site = Site::new();
    let mut bytes = A_MD.as_bytes().to_vec();
    let at = A_MD.find("Mexico City.").unwrap();
    bytes.insert(at, 0xff);
    site.write("content/briefings/a.md", bytes);
    site.fails_with(&[
        "not UTF-8",
        "content/briefings/a.md:6:38",
        "6 | Marco Rubio met Claudia Sheinbaum in \u{fffd}Mexico City.",
    ]);
}

#[test]
fn front_matter_that_does_not_close() {
    let site = Site::new();
    site.edit(
        "content/briefings/a.md",
        "2025-09-03\n---\n",
        "2025-09-03\n\n",
    );
    site.fails_with(&["front matter does not close", "content/briefings/a.md:1:1"]);
}

#[test]
fn missing_title() {
    let site = Site::new();
    site.edit(
        "content/briefings/a.md",
        "title: \"Rubio in Mexico City\"\n",
        "",
    );
    site.fails_with(&["`title`", "content/briefings/a.md:2:"]);
}

#[test]
fn missing_date() {
    let site = Site::new();
    site.edit("content/briefings/a.md", "date: 2025-09-03\n", "");
    site.fails_with(&["`date`", "content/briefings/a.md:2:"]);
}

#[test]
fn yaml_alias_bomb_fails_fast() {
    let site = Site::new();
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    bomb.push_str("notes: *a9\n");
    site.write("content/briefings/a.yaml", bomb);
    no_hang(|| site.fails_with(&["content/briefings/a.yaml:"]));
}

#[test]
fn yaml_nested_100000_deep_fails_fast() {
    let site = Site::new();
    site.write(
        "content/briefings/a.yaml",
        format!("quotes: {}", "[".repeat(100_000)),
    );
    no_hang(|| site.fails_with(&["too deeply nested", "content/briefings/a.yaml:1:"]));
}

#[test]
fn sidecar_of_50_mb_fails_fast() {
    let site = Site::new();
    let line = "# padding padding padding padding padding padding padding padding\n";
    let big = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    site.write("content/briefings/a.yaml", big);
    no_hang(|| site.fails_with(&["file too large", "content/briefings/a.yaml"]));
}

#[test]
fn check_reports_problems_in_several_files_at_once() {
    let site = Site::new();
    site.edit(
        "content/briefings/a.yaml",
        "speaker: marco-rubio",
        "speeker: marco-rubio",
    );
    site.edit(
        "content/briefings/b.md",
        "date: 2025-09-05",
        "date: 2025-13-05",
    );
    site.edit(
        "content/actors/claudia-sheinbaum.yaml",
        "kind: person",
        "kind: persn",
    );
    let err = site.fails_with(&[
        "content/briefings/a.yaml:4:5",
        "did you mean `speaker`?",
        "content/briefings/b.md:3:7",
        "content/actors/claudia-sheinbaum.yaml:2:7",
        "did you mean `person`?",
    ]);
    assert!(err.contains("the site has 3 errors"), "{err}");
}

#[test]
fn check_json_lines_carry_file_line_and_column() {
    let site = Site::new();
    site.edit(
        "content/briefings/a.yaml",
        "speaker: marco-rubio",
        "speaker: marco-rubi",
    );
    site.edit(
        "content/briefings/b.md",
        "date: 2025-09-05",
        "date: 2025-13-05",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["check", "--format", "json", "--root"])
        .arg(site.dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    let places: Vec<(String, u64, u64)> = lines
        .iter()
        .map(|v| {
            let loc = &v["location"];
            (
                loc["file"].as_str().unwrap().to_string(),
                loc["line"].as_u64().unwrap(),
                loc["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        places.contains(&("content/briefings/a.yaml".into(), 4, 14)),
        "{places:?}"
    );
    assert!(
        places.contains(&("content/briefings/b.md".into(), 3, 7)),
        "{places:?}"
    );
    assert!(lines.iter().all(|v| v["severity"] == "error"));
    assert!(
        lines
            .iter()
            .any(|v| v["suggestion"] == "did you mean `marco-rubio`?"),
        "{stdout}"
    );
}

#[test]
fn a_template_that_does_not_compile_names_its_file_and_line() {
    let site = Site::new();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }</h1>\n{% endblock content %}\n",
    );
    site.fails_with(&[
        "a template does not compile",
        "templates/404.html:3:19",
        "<h1>{{ page.title }</h1>",
    ]);
}

#[test]
fn a_template_using_an_unknown_variable_names_its_file_and_line() {
    let site = Site::new();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.nosuchfield }}</h1>\n{% endblock content %}\n",
    );
    site.fails_with(&[
        "rendering /404.html with `404.html` failed: Field `nosuchfield` is not defined",
        "templates/404.html:3:13",
        "Available fields: description, feeds, json_ld, kind, permalink, published, section, tags, title, url",
    ]);
}
