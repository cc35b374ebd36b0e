//! Warnings: problems worth a look that do not stop `check` or `build`.

mod common;

use common::{run, write};

/// A site where Rubio is quoted and named, Sheinbaum is quoted but never named (only her
/// words are there), and Ebrard is defined but involved nowhere.
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
        "name: Marco Rubio\nkind: person\naliases: [Rubio]\n",
    );
    write(
        root,
        "content/actors/claudia-sheinbaum.yaml",
        "name: Claudia Sheinbaum\nkind: person\n",
    );
    write(
        root,
        "content/actors/marcelo-ebrard.yaml",
        "name: Marcelo Ebrard\nkind: person\n",
    );
    write(
        root,
        "content/briefings/a.md",
        "---\ntitle: \"A visit\"\ndate: 2025-09-03\n---\n\nRubio said the talks were \"very productive\". The president answered that \"sovereignty is not negotiable\".\n",
    );
    write(
        root,
        "content/briefings/a.yaml",
        "quotes:\n  - speaker: marco-rubio\n    text: very productive\n  - speaker: claudia-sheinbaum\n    text: sovereignty is not negotiable\n",
    );
    dir
}

#[test]
fn unnamed_speaker_and_unused_actor_warn_but_do_not_fail() {
    let dir = site();
    for cmd in ["check", "build"] {
        let (code, err) = run(dir.path(), &[cmd]);
        assert_eq!(code, 0, "{cmd}: {err}");
        assert!(
            err.contains(
                "warning: the speaker `claudia-sheinbaum` is never named in content/briefings/a.md"
            ),
            "{cmd}: {err}"
        );
        assert!(
            err.contains("content/briefings/a.yaml:4:14"),
            "{cmd}: {err}"
        );
        assert!(
            err.contains("looked for “Claudia Sheinbaum”"),
            "{cmd}: {err}"
        );
        assert!(!err.contains("speaker `marco-rubio`"), "{cmd}: {err}");
        assert!(
            err.contains("warning: actor `marcelo-ebrard` is defined but no briefing involves it"),
            "{cmd}: {err}"
        );
        assert!(
            err.contains("content/actors/marcelo-ebrard.yaml"),
            "{cmd}: {err}"
        );
        assert!(
            !err.contains("actor `marco-rubio` is defined"),
            "{cmd}: {err}"
        );
    }
}

#[test]
fn a_speaker_named_by_an_alias_or_inside_a_link_does_not_warn() {
    let dir = site();
    let root = dir.path();
    write(
        root,
        "content/actors/claudia-sheinbaum.yaml",
        "name: Claudia Sheinbaum\nkind: person\naliases: [The president]\n",
    );
    let (code, err) = run(root, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("is never named"), "{err}");
    write(
        root,
        "content/actors/claudia-sheinbaum.yaml",
        "name: Claudia Sheinbaum\nkind: person\n",
    );
    let md = "---\ntitle: \"A visit\"\ndate: 2025-09-03\n---\n\nRubio said the talks were \"very productive\". [Claudia Sheinbaum](https://example.org) answered that \"sovereignty is not negotiable\".\n";
    write(root, "content/briefings/a.md", md);
    let (code, err) = run(root, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("is never named"), "{err}");
}
