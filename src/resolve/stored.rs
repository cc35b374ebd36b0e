//! What `.gloss-cache/` keeps of a resolved briefing, and the check that what it gives back
//! could have been made of this briefing's source.
//!
//! Each cache file names the binary that wrote it and carries a checksum, so a damaged file
//! is never read. A file made on purpose to pass both could still hold spans past the end
//! of the text or actors that do not exist, and the pages would then index out of bounds:
//! every index a stored draft holds is checked here before it is used, and a draft that
//! fails is resolved again as if it were not there.

use std::ops::Range;

use crate::load::BriefingSource;
use crate::model::{ActorIx, Briefing};

/// What `.gloss-cache/` keeps of a briefing resolved without a problem: the parts of its
/// `BriefingDraft` other than its source and its (empty) diagnostics: the briefing, its
/// sidecar's events by index with their words, where its address was set, its tags as
/// written.
pub(super) type StoredDraft = (
    Briefing,
    Vec<(usize, Option<Range<usize>>)>,
    crate::diagnostics::Location,
    Vec<String>,
);

/// Whether `stored` could be what resolving `source` with `actors` actors made: the same
/// file, a plain text that fits its body, every span words of that text, every actor one of
/// the table's, every event one of its sidecar's.
pub(super) fn fits(stored: &StoredDraft, source: &BriefingSource, actors: usize) -> bool {
    let (b, events, _, _) = stored;
    let plain = &b.plain;
    let span = |r: &Range<usize>| plain.holds(r);
    let actor = |a: &ActorIx| a.0 < actors;
    let sidecar_events = source.sidecar.as_ref().map_or(0, |s| s.events.len());
    b.path == source.path
        && plain.is_sound(source.body.as_str().len())
        && (b.quotes.iter())
            .all(|q| span(&q.span) && actor(&q.speaker) && q.about.iter().all(actor))
        && (b.claims.iter()).all(|c| span(&c.span) && c.by.as_ref().is_none_or(actor))
        && b.notes.iter().all(|n| span(&n.span))
        && (b.mentions.iter().chain(b.every_mention.iter()))
            .all(|m| span(&m.span) && actor(&m.actor))
        && b.named.iter().all(actor)
        && b.actors.iter().all(actor)
        && (events.iter()).all(|(i, words)| *i < sidecar_events && words.as_ref().is_none_or(span))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::markdown::PlainText;
    use crate::resolve::actor_memo::ActorMemo;
    use crate::resolve::briefing::{BriefingContext, resolve_briefing};

    const BODY: &str = "Rubio said *things* here.\n\nThen the summit in Oslo began.\n";

    /// A one-briefing site's source and the draft resolving it stores.
    fn stored() -> (crate::load::SiteSource, StoredDraft) {
        let dir = tempfile::TempDir::new().unwrap();
        let files: [(&str, String); 4] = [
            ("site.toml", "title = \"S\"\nbase_url = \"https://example.org\"\n".into()),
            ("content/briefings/a.md", format!("---\ntitle: A\ndate: 2025-09-03\n---\n{BODY}")),
            (
                "content/briefings/a.yaml",
                "quotes:\n  - speaker: rubio\n    text: things\nevents:\n  - id: summit\n    date: 2025-09\n    title: Summit\n    text: summit in Oslo\n".into(),
            ),
            ("content/actors/rubio.yaml", "name: Marco Rubio\nkind: person\n".into()),
        ];
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let src = crate::load::load(dir.path()).unwrap();
        let memo = ActorMemo::of(&src, None);
        let source = &src.briefings[0];
        let cx = BriefingContext {
            actors: &memo.table,
            markdown: crate::resolve::plain_text_options(&src.config),
            file_text: &src.texts.0[&source.path],
            lock: None,
        };
        let (d, _) = resolve_briefing(source, &cx);
        assert!(d.diags.is_empty(), "{:?}", d.diags);
        let kept = (d.briefing, d.events, d.address_loc, d.tag_names);
        (src, kept)
    }

    #[test]
    fn what_resolve_stores_fits_and_each_forged_index_is_refused() {
        let (src, good) = stored();
        let source = &src.briefings[0];
        assert!(fits(&good, source, 1));
        assert!(!fits(&good, source, 0), "an actor past the table");

        let forged = |change: &dyn Fn(&mut StoredDraft)| {
            let mut d = good.clone();
            change(&mut d);
            fits(&d, source, 1)
        };
        fn quote(change: impl Fn(&mut crate::model::Quote)) -> impl Fn(&mut StoredDraft) {
            move |d| {
                let mut quotes = d.0.quotes.to_vec();
                change(&mut quotes[0]);
                d.0.quotes = quotes.into();
            }
        }
        let text_len = good.0.plain.as_str().len();
        assert!(
            !forged(&quote(|q| q.span = 0..text_len + 5)),
            "past the end"
        );
        assert!(
            !forged(&quote(|q| q.span = 0..text_len)),
            "across two blocks"
        );
        assert!(
            !forged(&quote(|q| q.span = Range { start: 3, end: 1 })),
            "backwards"
        );
        assert!(
            !forged(&quote(|q| q.speaker = ActorIx(7))),
            "no such speaker"
        );
        assert!(!forged(&|d| d.1[0].0 = 4), "no such event in the sidecar");
        assert!(
            !forged(&|d| d.1[0].1 = Some(0..99)),
            "event words past the end"
        );
        assert!(
            !forged(&|d| d.0.path = "content/briefings/b.md".into()),
            "another file"
        );
        let longer = format!("{BODY}{}", "More words. ".repeat(40));
        let other = PlainText::new(&longer, &crate::resolve::plain_text_options(&src.config));
        assert!(
            !forged(&|d| d.0.plain = Arc::new(other.clone())),
            "another body's text"
        );
    }
}
