//! The anchor lock, `gloss.lock`: written by every clean `check` and `build`, byte-identical
//! for the same sources, and what `check --fix` follows the words with through a revision.

mod common;

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::{copy_dir, fixture, run, write};

const ARTICLE: &str = "content/briefings/talks.md";
const SIDECAR: &str = "content/briefings/talks.yaml";

/// The fixture in a temporary folder.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("anchor-lock"), dir.path());
    dir
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The fixture's article with one revision of each kind at once.
const REVISED: &str = "---\ntitle: The talks\ndate: 2025-09-03\n---\n\n\
A new first paragraph, added in the revision.\n\n\
Marco Rubio met the union on Monday. The meeting lasted three hours and ended without a deal.\n\n\
Union leaders said they would surely strike in March. Rubio said the talks would go on.\n\n\
A closing line names the ports that woud close first. Later he said the talks would go on, again.\n\n\
The third paragraph speaks of the budget, which grows by a tenth next year.\n";

#[test]
fn check_writes_the_lock_as_committed_and_build_writes_the_same_bytes() {
    let dir = site();
    let root = dir.path();
    let committed = read(root, "gloss.lock");
    std::fs::remove_file(root.join("gloss.lock")).unwrap();
    let (code, err) = run(root, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read(root, "gloss.lock"), committed);
    assert!(committed.contains(
        "[[anchor]]\nbriefing = \"content/briefings/talks.md\"\nkind = \"claim\"\n\
         id = \"lasted-two-hours\"\ntext = \"lasted two hours\"\nwords = \"lasted two hours\"\n\
         before = \"he union on Monday. The meeting \"\nafter = \" and ended without a deal.\"\n\
         at = 49\nblock = 0\n"
    ));
    // The same sources: the file is left as it is, not even rewritten.
    let inode = std::fs::metadata(root.join("gloss.lock")).unwrap().ino();
    let (code, err) = run(root, &["check"]);
    assert_eq!(code, 0, "{err}");
    let out = tempfile::tempdir().unwrap();
    let (code, err) = run(root, &["build", "--output", out.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read(root, "gloss.lock"), committed);
    assert_eq!(
        std::fs::metadata(root.join("gloss.lock")).unwrap().ino(),
        inode
    );
}

#[test]
fn a_check_with_errors_writes_no_lock() {
    let dir = site();
    let root = dir.path();
    std::fs::remove_file(root.join("gloss.lock")).unwrap();
    write(root, ARTICLE, &REVISED.replace("grows by a tenth", "grows"));
    let (code, _) = run(root, &["check"]);
    assert_eq!(code, 1);
    assert!(!root.join("gloss.lock").exists());
}

#[test]
fn fix_follows_every_kind_of_revision_and_lists_each_change() {
    let dir = site();
    let root = dir.path();
    write(root, ARTICLE, REVISED);
    let (code, err) = run(root, &["check", "--fix"]);
    assert_eq!(code, 0, "{err}");
    let changes: Vec<&str> = err.lines().filter(|l| l.starts_with("content/")).collect();
    assert_eq!(
        changes,
        [
            "content/briefings/talks.yaml:3:11: “the talks would go on”, added `prefix: “Rubio said”`",
            "content/briefings/talks.yaml:5:11: “lasted two hours” → “lasted three hours”, keeps its id: added `id: lasted-two-hours`",
            "content/briefings/talks.yaml:10:11: “would strike in March” → “would surely strike in March”, keeps its id: added `id: would-strike-in-march`",
            "content/briefings/talks.yaml:12:11: “ports that would close first” → “ports that woud close first”, keeps its id: added `id: ports-that-would-close-first`",
        ],
        "{err}"
    );
    assert!(err.contains("fixed 4 anchors\nno errors"), "{err}");
    assert_eq!(
        read(root, SIDECAR),
        "quotes:\n  - speaker: marco-rubio\n    text: \"the talks would go on\"\n    prefix: \"Rubio said\"\n\
         claims:\n  - text: \"lasted three hours\"\n    id: \"lasted-two-hours\"\n    status: supported\n\
         \x20 - text: \"grows by a tenth\"\n    status: unverified\n\
         notes:\n  - text: \"would surely strike in March\"\n    id: \"would-strike-in-march\"\n    note: The strike was called off.\n\
         \x20 - text: \"ports that woud close first\"\n    id: \"ports-that-would-close-first\"\n    note: Veracruz and Manzanillo.\n\
         \x20 - text: \"ended without a deal\"\n    note: No deal until October.\n"
    );
    // The lock now records the new places.
    let lock = read(root, "gloss.lock");
    assert!(
        lock.contains("text = \"lasted three hours\"\nwords = \"lasted three hours\""),
        "{lock}"
    );
}

#[test]
fn words_removed_from_the_article_are_reported_as_gone() {
    let dir = site();
    let root = dir.path();
    let md = read(root, ARTICLE).replace(
        " The meeting lasted two hours and ended without a deal.",
        "",
    );
    write(root, ARTICLE, &md);
    let (code, err) = run(root, &["check", "--fix"]);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("fixed"), "nothing is rewritten: {err}");
    assert!(
        err.contains(
            "error: the passage this claim was attached to, ‘lasted two hours’, was removed from the article\n \
             --> content/briefings/talks.yaml:5:11"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "error: the passage this note was attached to, ‘ended without a deal’, was removed from the article"
        ),
        "{err}"
    );
    assert_eq!(read(root, SIDECAR), read(&fixture("anchor-lock"), SIDECAR));
}

#[test]
fn without_a_lock_fix_works_as_before() {
    let dir = site();
    let root = dir.path();
    std::fs::remove_file(root.join("gloss.lock")).unwrap();
    write(
        root,
        ARTICLE,
        &read(root, ARTICLE).replace("two hours", "three hours"),
    );
    let (code, err) = run(root, &["check", "--fix"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "`gloss check --fix` leaves it: the nearest passage is only 77% alike (80% needed)"
        ),
        "{err}"
    );
    assert!(!root.join("gloss.lock").exists());
}

#[test]
fn a_stale_entry_or_a_lock_of_another_version_is_not_used() {
    let dir = site();
    let root = dir.path();
    // The writer changed the annotation itself: its entry no longer says what it anchors.
    write(
        root,
        SIDECAR,
        &read(root, SIDECAR).replace("\"lasted two hours\"", "\"lasted 2 hours\""),
    );
    write(
        root,
        ARTICLE,
        &read(root, ARTICLE).replace("two hours", "three hours"),
    );
    let (code, err) = run(root, &["check", "--fix"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("“lasted 2 hours” is not in"), "{err}");
    assert!(!err.contains("fixed"), "{err}");
    assert!(
        err.contains("leaves it: the nearest passage is only"),
        "{err}"
    );

    // A lock of a format gloss does not know reads as no lock, and the next clean run
    // replaces it.
    let dir = site();
    let root = dir.path();
    write(root, "gloss.lock", "version = 7\n[[anchor]]\nwhat = 1\n");
    let (code, err) = run(root, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        read(root, "gloss.lock"),
        read(&fixture("anchor-lock"), "gloss.lock")
    );
}

#[test]
fn a_lock_from_an_older_version_of_the_article_still_guides_fix() {
    let dir = site();
    let root = dir.path();
    // Two revisions without a check between them: the lock is from the first article.
    let first = read(root, ARTICLE).replace("Union leaders", "Then union leaders");
    write(root, ARTICLE, &first);
    let second = format!("{first}\nAt the end, the talks would go on, he said.\n");
    write(root, ARTICLE, &second);
    let (code, err) = run(root, &["check", "--fix"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("talks.yaml:3:11: “the talks would go on”, added `prefix: “Rubio said”`"),
        "{err}"
    );
}

#[test]
fn punctuation_changed_is_followed_but_two_edits_side_by_side_are_left() {
    let dir = site();
    let root = dir.path();
    let md = read(root, ARTICLE).replace("ended without a deal", "ended, without a deal");
    write(root, ARTICLE, &md);
    let (code, err) = run(root, &["check", "--fix"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "talks.yaml:14:11: “ended without a deal” → “ended, without a deal”\nfixed 1 anchor\n"
        ),
        "{err}"
    );

    // A word changed in a short span, and its context edited too: neither the words nor
    // their surroundings vouch for the new place, so it stays an error.
    let dir = site();
    let root = dir.path();
    let md = read(root, ARTICLE).replace(
        "lasted two hours and ended without",
        "lasted three hours and ended, without",
    );
    write(root, ARTICLE, &md);
    let (code, err) = run(root, &["check", "--fix"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("“lasted two hours” is not in"), "{err}");
    assert!(!err.contains("“lasted two hours” →"), "{err}");
}

#[test]
fn a_build_without_drafts_keeps_their_entries_from_the_last_check() {
    let dir = site();
    let root = dir.path();
    // Drafts on either side of the published briefing in the lock's order (by path).
    for name in ["a-draft", "z-draft"] {
        write(
            root,
            &format!("content/briefings/{name}.md"),
            &format!(
                "---\ntitle: {name}\ndate: 2025-09-04\ndraft: true\n---\n\n\
                 Marco Rubio said the {name} would wait. Nobody knew for how long.\n"
            ),
        );
        write(
            root,
            &format!("content/briefings/{name}.yaml"),
            &format!(
                "quotes:\n  - speaker: marco-rubio\n    text: \"the {name} would wait\"\n\
                 notes:\n  - text: \"for how long\"\n    note: Weeks.\n"
            ),
        );
    }
    let (code, err) = run(root, &["check"]);
    assert_eq!(code, 0, "{err}");
    let checked = read(root, "gloss.lock");
    let briefings: Vec<&str> = checked
        .lines()
        .filter_map(|l| l.strip_prefix("briefing = "))
        .collect();
    let mut sorted = briefings.clone();
    sorted.sort();
    assert_eq!(briefings, sorted, "entries by briefing");
    assert!(
        checked.contains("text = \"the a-draft would wait\""),
        "{checked}"
    );
    assert!(
        checked.contains("text = \"the z-draft would wait\""),
        "{checked}"
    );
    assert!(
        checked.contains("text = \"the talks would go on\""),
        "{checked}"
    );

    // The build leaves the drafts out, and their entries in: the same bytes.
    let out = tempfile::tempdir().unwrap();
    let (code, err) = run(root, &["build", "--output", out.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.path().join("briefings/a-draft/index.html").exists());
    assert_eq!(read(root, "gloss.lock"), checked);
}

#[test]
fn quotes_whose_derived_ids_would_meet_get_ids_of_their_own() {
    let dir = site();
    let root = dir.path();
    write(
        root,
        "content/briefings/over.md",
        "---\ntitle: Over\ndate: 2025-09-05\n---\n\n\
         Marco Rubio said it was over. Then over again. The count was over 2 million.\n",
    );
    // "over", "over" and "over 2" derive `over`, `over-2` and `over-2` again, which is
    // taken: the third gets `over-2-2`.
    write(
        root,
        "content/briefings/over.yaml",
        "quotes:\n\
         \x20 - { speaker: marco-rubio, text: \"over\", occurrence: 1 }\n\
         \x20 - { speaker: marco-rubio, text: \"over\", occurrence: 2 }\n\
         \x20 - { speaker: marco-rubio, text: \"over 2\" }\n",
    );
    let (code, err) = run(root, &["check"]);
    assert_eq!(code, 0, "{err}");
    let lock = read(root, "gloss.lock");
    assert_eq!(lock.matches("id = \"over-2\"").count(), 1, "{lock}");
    assert!(lock.contains("id = \"over-2\"\ntext = \"over\""), "{lock}");
    assert!(
        lock.contains("id = \"over-2-2\"\ntext = \"over 2\""),
        "{lock}"
    );
    let out = tempfile::tempdir().unwrap();
    let (code, err) = run(root, &["build", "--output", out.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let page = read(out.path(), "briefings/over/index.html");
    for id in ["quote-over", "quote-over-2", "quote-over-2-2"] {
        assert_eq!(
            page.matches(&format!("id=\"{id}\"")).count(),
            1,
            "{id}: {page}"
        );
    }
}
