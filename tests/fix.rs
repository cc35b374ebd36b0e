//! `gloss check --fix`: drifted anchors with one clear new spelling are rewritten in the
//! sidecar, nothing else in the file changes, and unclear ones stay errors.

mod common;

use common::{run, write};

const A_MD: &str = "---\ntitle: \"Rubio in Mexico City\"\ndate: 2025-09-03\n---\n\n\
Marco Rubio met Claudia Sheinbaum. He said they would \"work together against the cartels\".\n\n\
The meeting lasted two hours.\n";

const A_YAML: &str = r#"# Annotations for a.md -- keep this comment
quotes:
  - speaker: marco-rubio   # the Secretary of State
    # the words, as first published:
    text:   'work together against the cartels'   # trailing comment
claims:
  - text: The meeting lasted two hours
    status: unverified
"#;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org\"\n",
    );
    write(
        root,
        "content/actors/marco-rubio.yaml",
        "name: Marco Rubio\nkind: person\n",
    );
    write(
        root,
        "content/actors/claudia-sheinbaum.yaml",
        "name: Claudia Sheinbaum\nkind: person\n",
    );
    write(root, "content/briefings/a.md", A_MD);
    write(root, "content/briefings/a.yaml", A_YAML);
    dir
}

#[test]
fn fix_rewrites_the_clear_drift_and_reports_the_unclear_one() {
    let dir = site();
    let root = dir.path();
    let (code, err) = run(root, &["check"]);
    assert_eq!(code, 0, "{err}");
    let md = A_MD
        .replace("against the cartels", "against the drug cartels")
        .replace(
            "The meeting lasted two hours.",
            "The meeting lasted three hours.\n\nThe meeting lasted four hours.",
        );
    write(root, "content/briefings/a.md", &md);

    let (code, err) = run(root, &["check", "--fix"]);
    assert_eq!(code, 1, "an error remains: {err}");
    assert!(
        err.contains(
            "content/briefings/a.yaml:5:13: “work together against the cartels” → “work together against the drug cartels”"
        ),
        "{err}"
    );
    assert!(err.contains("fixed 1 anchor"), "{err}");
    // Only the value changed, and the id its old words gave is now written (the new words
    // would give another): every other byte, comments and spacing included, is as it was.
    assert!(
        err.contains("keeps its id: added `id: work-together-against-the-cartels`"),
        "{err}"
    );
    let fixed = std::fs::read_to_string(root.join("content/briefings/a.yaml")).unwrap();
    assert_eq!(
        fixed,
        A_YAML.replace(
            "'work together against the cartels'   # trailing comment\n",
            "\"work together against the drug cartels\"   # trailing comment\n    \
             id: \"work-together-against-the-cartels\"\n"
        )
    );
    // The ambiguous one is still an error, with why it was left.
    assert!(
        err.contains("“The meeting lasted two hours” is not in"),
        "{err}"
    );
    // (one line lower: the id was added above it)
    assert!(err.contains("content/briefings/a.yaml:8:11"), "{err}");
    // The lock (written by the first check) cannot tell the two new sentences apart: both
    // are listed.
    assert!(
        err.contains("`gloss check --fix` leaves it: gloss.lock cannot tell 2 places apart"),
        "{err}"
    );
    assert!(
        err.contains("candidate 1") && err.contains("candidate 2"),
        "{err}"
    );
    assert!(err.contains("the site has 1 error"), "{err}");
    // No temporary file is left beside the sidecar.
    let names: Vec<String> = std::fs::read_dir(root.join("content/briefings"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // The writer settles the second by hand; then check passes.
    write(
        root,
        "content/briefings/a.yaml",
        &fixed.replace(
            "The meeting lasted two hours",
            "The meeting lasted four hours",
        ),
    );
    let (code, err) = run(root, &["check"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn fix_on_a_clean_site_writes_nothing() {
    let dir = site();
    let root = dir.path();
    let (code, err) = run(root, &["check", "--fix"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("→"), "{err}");
    let yaml = std::fs::read_to_string(root.join("content/briefings/a.yaml")).unwrap();
    assert_eq!(yaml, A_YAML);
}
