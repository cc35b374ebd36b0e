//! One test per kind of revision: the lock made on the first article, followed in the second.

use super::*;
use crate::diagnostics::Location;
use crate::load::{AnchorSource, Located};
use crate::markdown::MarkdownOptions;

fn plain(md: &str) -> PlainText {
    PlainText::new(
        md,
        &MarkdownOptions {
            smart_punctuation: true,
            unsafe_html: false,
            link_root: None,
        },
    )
}

/// The entry for `words` (the `nth` place, from 0) in `before`.
fn locked(before: &str, words: &str, nth: usize) -> Anchored {
    let p = plain(before);
    let at = p
        .as_str()
        .match_indices(words)
        .nth(nth)
        .expect("in the text")
        .0;
    Anchored::new(words, &p, at..at + words.len())
}

/// Where the lock of `words` in `before` follows them in `after`, as the words there.
fn followed(before: &str, words: &str, nth: usize, after: &str) -> Result<String, Placed> {
    let l = locked(before, words, nth);
    let p = plain(after);
    let index = AnchorIndex::new(&p);
    match follow(&index, &p, &l) {
        Placed::At(r) => Ok(p.as_str()[r].to_string()),
        other => Err(other),
    }
}

const ARTICLE: &str = "The minister met the union on Monday. The meeting lasted two hours \
and ended without a deal.\n\nUnion leaders said they would strike in March. The minister \
said talks would go on.\n\nA third paragraph closes the piece.";

#[test]
fn a_typo_fixed() {
    let after = ARTICLE.replace("lasted two hours", "lasted tow hours");
    assert_eq!(
        followed(ARTICLE, "The meeting lasted two hours", 0, &after),
        Ok("The meeting lasted tow hours".into())
    );
}

#[test]
fn one_word_replaced_in_a_short_span() {
    let after = ARTICLE.replace("two hours", "three hours");
    assert_eq!(
        followed(ARTICLE, "lasted two hours", 0, &after),
        Ok("lasted three hours".into())
    );
}

#[test]
fn a_word_inserted_and_one_deleted() {
    let after = ARTICLE.replace("would strike in March", "would surely strike in March");
    assert_eq!(
        followed(ARTICLE, "said they would strike", 0, &after),
        Ok("said they would surely strike".into())
    );
    let after = ARTICLE.replace("ended without a deal", "ended without deal");
    assert_eq!(
        followed(ARTICLE, "ended without a deal", 0, &after),
        Ok("ended without deal".into())
    );
}

#[test]
fn punctuation_changed() {
    let after = ARTICLE.replace("on Monday. The meeting", "on Monday; the meeting");
    assert_eq!(
        followed(ARTICLE, "Monday. The meeting", 0, &after),
        Ok("Monday; the meeting".into())
    );
}

#[test]
fn text_added_before_and_a_paragraph_moved() {
    let after = format!("A new opening paragraph.\n\n{ARTICLE}");
    assert_eq!(
        followed(ARTICLE, "talks would go on", 0, &after),
        Ok("talks would go on".into())
    );
    let paras: Vec<&str> = ARTICLE.split("\n\n").collect();
    let moved = format!("{}\n\n{}\n\n{}", paras[2], paras[1], paras[0]);
    assert_eq!(
        followed(ARTICLE, "lasted two hours", 0, &moved),
        Ok("lasted two hours".into())
    );
}

#[test]
fn words_deleted_are_gone() {
    let after = ARTICLE.replace(
        " The meeting lasted two hours and ended without a deal.",
        "",
    );
    assert_eq!(
        followed(ARTICLE, "lasted two hours", 0, &after),
        Err(Placed::Gone)
    );
    let after = ARTICLE.replace("lasted two hours and ", "");
    assert_eq!(
        followed(ARTICLE, "lasted two hours", 0, &after),
        Err(Placed::Gone)
    );
}

#[test]
fn a_near_duplicate_added_elsewhere_is_told_apart_by_context() {
    let after = format!("{ARTICLE}\n\nLater, the meeting lasted two hours again.");
    assert_eq!(
        followed(ARTICLE, "lasted two hours", 0, &after),
        Ok("lasted two hours".into())
    );
    // And the added copy's place is the one the lock does not point at.
    let l = locked(ARTICLE, "lasted two hours", 0);
    let p = plain(&after);
    let index = AnchorIndex::new(&p);
    let Placed::At(r) = follow(&index, &p, &l) else {
        panic!("placed")
    };
    assert!(r.start < p.as_str().find("Later").unwrap());
}

#[test]
fn a_copy_with_the_same_context_is_a_tie() {
    let paras: Vec<&str> = ARTICLE.split("\n\n").collect();
    let after = format!("{ARTICLE}\n\n{}", paras[0]);
    assert!(matches!(
        followed(ARTICLE, "lasted two hours", 0, &after),
        Err(Placed::Tie(places)) if places.len() == 2
    ));
}

#[test]
fn a_lock_from_another_version_still_finds_unchanged_words() {
    // The lock was made when the words were the second of two places.
    let old = "The war began.\n\nThen the war, again, began.";
    let new = "An opening.\n\nThe war began.\n\nThen the war, again, began.";
    let l = locked(old, "war", 1);
    let p = plain(new);
    let index = AnchorIndex::new(&p);
    let Placed::At(r) = follow(&index, &p, &l) else {
        panic!("placed")
    };
    assert_eq!(r.start, p.as_str().find("war, again").unwrap());
}

#[test]
fn the_rewrite_adds_a_prefix_when_the_words_repeat() {
    let p = plain("They spoke of war. Later they spoke of war again.");
    let index = AnchorIndex::new(&p);
    let at = p.as_str().rfind("of war").unwrap();
    let a = AnchorSource {
        text: Located::new("of war".to_string(), Location::file("a.yaml")),
        prefix: None,
        suffix: None,
        occurrence: None,
    };
    let rw = rewrite_for(&index, &p, &(at..at + 6), &a).unwrap();
    assert_eq!(rw.text, "of war");
    assert_eq!(rw.prefix.as_deref(), Some("they spoke"));
    assert_eq!(rw.occurrence, None);
    let sel = Selector {
        text: &rw.text,
        prefix: rw.prefix.as_deref(),
        ..Selector::default()
    };
    assert_eq!(index.find(&sel), Ok(at..at + 6));
}

#[test]
fn the_rewrite_falls_back_to_an_occurrence() {
    let p = plain("war war war");
    let index = AnchorIndex::new(&p);
    let a = AnchorSource {
        text: Located::new("war".to_string(), Location::file("a.yaml")),
        prefix: None,
        suffix: None,
        occurrence: None,
    };
    let rw = rewrite_for(&index, &p, &(0..3), &a).unwrap();
    assert_eq!((rw.prefix, rw.occurrence), (None, Some(1)));
}
