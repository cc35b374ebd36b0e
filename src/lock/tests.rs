use super::*;
use crate::markdown::MarkdownOptions;

fn plain(md: &str) -> PlainText {
    PlainText::new(md, &MarkdownOptions::default())
}

fn key(id: &str) -> Key {
    Key {
        briefing: "content/briefings/a.md".into(),
        kind: Kind::Quote,
        id: id.into(),
    }
}

#[test]
fn an_entry_keeps_the_words_and_their_context_in_the_block() {
    let p = plain("First block here.\n\nThe meeting lasted two hours and ended well.");
    let at = p.as_str().find("lasted").unwrap();
    let a = Anchored::new("lasted two hours", &p, at..at + "lasted two hours".len());
    assert_eq!(a.words, "lasted two hours");
    assert_eq!(a.before, "The meeting ");
    assert_eq!(a.after, " and ended well.");
    assert_eq!(a.at, at);
    assert_eq!(a.block, 1);
}

#[test]
fn context_is_at_most_32_characters_with_spaces_collapsed() {
    let p = plain(&format!("{}  WORD  {}", "a ".repeat(40), "b ".repeat(40)));
    let at = p.as_str().find("WORD").unwrap();
    let a = Anchored::new("WORD", &p, at..at + 4);
    assert_eq!(a.before.chars().count(), CONTEXT);
    assert_eq!(a.after.chars().count(), CONTEXT);
    assert!(a.before.ends_with("a a "), "{:?}", a.before);
    assert!(!a.before.contains("  "));
}

#[test]
fn the_text_is_stable_and_reads_back() {
    let p = plain("He said “no” — twice.\n\nA line with \"quotes\" and \\ too.");
    let mut lock = Lock::default();
    lock.entries
        .insert(key("b"), Anchored::new("twice", &p, 17..22));
    lock.entries
        .insert(key("a"), Anchored::new("no", &p, 8..14));
    let text = lock.to_text();
    assert!(text.starts_with("# gloss.lock: "), "{text}");
    assert!(text.contains("version = 1\n"), "{text}");
    // Stable order: by briefing, kind and id, whatever the order of insertion.
    assert!(text.find("id = \"a\"").unwrap() < text.find("id = \"b\"").unwrap());
    assert_eq!(Lock::parse(&text), Some(lock.clone()));
    assert_eq!(Lock::parse(&text).unwrap().to_text(), text);
}

#[test]
fn the_format_is_as_documented() {
    let p = plain("The meeting lasted two hours.");
    let mut lock = Lock::default();
    lock.entries.insert(
        key("lasted-two-hours"),
        Anchored::new("lasted two hours", &p, 12..28),
    );
    let text = lock.to_text();
    assert!(
        text.ends_with(
            "version = 1\n\n[[anchor]]\nbriefing = \"content/briefings/a.md\"\nkind = \"quote\"\n\
             id = \"lasted-two-hours\"\ntext = \"lasted two hours\"\nwords = \"lasted two hours\"\n\
             before = \"The meeting \"\nafter = \".\"\nat = 12\nblock = 0\n"
        ),
        "{text}"
    );
}

#[test]
fn a_malformed_or_other_version_lock_is_no_lock() {
    assert_eq!(Lock::parse("not = [toml"), None);
    assert_eq!(Lock::parse("version = 99\n"), None);
    assert_eq!(Lock::parse("version = 1\n"), Some(Lock::default()));
}

#[test]
fn a_stale_entry_is_not_used_and_a_renamed_one_is() {
    let p = plain("The meeting lasted two hours.");
    let mut lock = Lock::default();
    lock.entries
        .insert(key("x"), Anchored::new("lasted two hours", &p, 12..28));
    assert!(lock.get(&key("x"), "lasted two hours").is_some());
    assert!(lock.get(&key("x"), "lasted 2 hours").is_none());
    let lock = lock.renamed(
        "content/briefings/a.md",
        "lasted two hours",
        "lasted 2 hours",
    );
    assert!(lock.get(&key("x"), "lasted 2 hours").is_some());
}

#[test]
fn paths_use_forward_slashes() {
    let p: std::path::PathBuf = ["content", "briefings", "a.md"].iter().collect();
    assert_eq!(path_key(&p), "content/briefings/a.md");
}

/// [`context`] as first written: every block's text spaced out whole, then cut.
fn context_by_whole_block(plain: &PlainText, range: std::ops::Range<usize>) -> (String, String) {
    fn spaced(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            if !c.is_whitespace() {
                out.push(c);
            } else if !out.ends_with(' ') {
                out.push(' ');
            }
        }
        out
    }
    let all = plain.as_str();
    let block = plain
        .blocks()
        .iter()
        .find(|b| b.start <= range.start && range.start <= b.end)
        .cloned()
        .unwrap_or(0..all.len());
    let before = spaced(&all[block.start..range.start]);
    let after = spaced(&all[range.end..block.end.max(range.end)]);
    let chars: Vec<char> = before.chars().collect();
    let before = chars[chars.len().saturating_sub(CONTEXT)..]
        .iter()
        .collect();
    (before, after.chars().take(CONTEXT).collect())
}

proptest::proptest! {
    #[test]
    fn context_reads_only_what_it_keeps_and_keeps_what_it_did(
        md in "([a-zé ]{0,50}\\n\\n){0,3}[a-z  é\\t]{0,90}",
        a in 0usize..200,
        b in 0usize..200,
    ) {
        let p = plain(&md);
        let text = p.as_str();
        let cut = |n: usize| {
            let mut n = n.min(text.len());
            while !text.is_char_boundary(n) {
                n -= 1;
            }
            n
        };
        let (start, end) = (cut(a.min(b)), cut(a.max(b)));
        proptest::prop_assert_eq!(context(&p, start..end), context_by_whole_block(&p, start..end));
    }
}

#[test]
fn the_text_written_in_chunks_is_the_text_written_whole() {
    let p = plain("Some words \"quoted\" here, and 'others' too.\n\nA second block.");
    for n in [
        0,
        1,
        2,
        ROWS_PER_CHUNK - 1,
        ROWS_PER_CHUNK,
        ROWS_PER_CHUNK + 1,
        3 * ROWS_PER_CHUNK + 7,
    ] {
        let mut lock = Lock::default();
        for i in 0..n {
            let at = (i * 7) % 40;
            lock.entries.insert(
                key(&format!("q{i:05}")),
                Anchored::new("words", &p, at..at + 5),
            );
        }
        let expected = text_through_serde(&lock);
        assert_eq!(lock.to_text(), expected, "{n} entries");
        assert_eq!(Lock::parse(&lock.to_text()), Some(lock));
    }
}

/// The text `toml` writes for `lock` through serde: what [`Lock::to_text`] must give.
fn text_through_serde(lock: &Lock) -> String {
    let whole = FileText {
        version: VERSION,
        anchor: lock
            .entries
            .iter()
            .map(|(k, a)| Row {
                briefing: k.briefing.clone(),
                kind: k.kind,
                id: k.id.clone(),
                anchored: a.clone(),
            })
            .collect(),
    };
    format!("{HEADER}\n{}", toml::to_string(&whole).unwrap())
}

proptest::proptest! {
    #[test]
    fn every_string_is_spelled_as_toml_spells_it(
        rows in proptest::collection::vec(
            (
                "\\PC{0,12}|[\"'\\\\\n\t\r\u{7f}\u{0}a]{0,8}",
                proptest::sample::select(vec![Kind::Quote, Kind::Claim, Kind::Note, Kind::Event]),
                "\\PC{0,8}|[\"'a-]{0,6}",
                proptest::collection::vec("\\PC{0,20}|[\"'\\\\\n\r\t a]{0,12}|'''|\"\"\"|[ -~]{0,24}", 4),
                0usize..1_000_000_000_000,
                0usize..100_000,
            ),
            0..12,
        ),
    ) {
        let mut lock = Lock::default();
        for (briefing, kind, id, strings, at, block) in rows {
            lock.entries.insert(
                Key { briefing, kind, id },
                Anchored {
                    text: strings[0].clone(),
                    words: strings[1].clone(),
                    before: strings[2].clone(),
                    after: strings[3].clone(),
                    at,
                    block,
                },
            );
        }
        proptest::prop_assert_eq!(lock.to_text(), text_through_serde(&lock));
        proptest::prop_assert_eq!(Lock::parse(&lock.to_text()), Some(lock));
    }
}

#[test]
fn a_text_in_pieces_is_compared_as_its_concatenation() {
    for n in 0..4 {
        let tables: Vec<String> = (0..n).map(|i| format!("[[anchor]]\nat = {i}\n")).collect();
        let text = Text::of(tables.clone());
        let whole = text.to_string();
        assert_eq!(text.pieces().collect::<String>(), whole);
        if n > 0 {
            assert_eq!(whole.matches("[[anchor]]").count(), n);
            assert!(whole.contains(&tables.join("\n")), "{whole}");
        }
        assert!(text.is(&whole));
        assert!(!text.is(&whole[..whole.len() - 1]), "a prefix");
        assert!(!text.is(&format!("{whole}\n")), "more");
        assert!(
            !text.is(&whole.replacen("version", "versioN", 1)),
            "another byte"
        );
    }
}
