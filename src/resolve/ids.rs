//! The id rules of FORMAT.md: what an id may look like and how one is derived from text.

use std::collections::HashMap;

use crate::model::slugify;

/// Whether `id` is lowercase letters, digits and `-`, and not empty.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The id derived from an annotation's text: its first five words, slugified.
pub(crate) fn derive_id(text: &str) -> String {
    let first: Vec<&str> = text.split_whitespace().take(5).collect();
    let id = slugify(&first.join(" "));
    if id.is_empty() {
        "item".to_string()
    } else {
        id
    }
}

/// Hands out derived ids for one kind in one briefing: a second item with the same derived
/// id gets `-2`, a third `-3`, in sidecar order, skipping ids already taken explicitly or
/// already handed out (the texts "over", "over" and "over 2" get `over`, `over-2` and
/// `over-2-2`, not `over-2` twice).
#[derive(Debug, Default)]
pub(crate) struct DerivedIds {
    seen: HashMap<String, usize>,
    given: std::collections::HashSet<String>,
}

impl DerivedIds {
    /// The id for the next item whose derived id is `base`; `taken` says whether an id is
    /// already used by an explicit id of the same kind.
    pub(crate) fn next(&mut self, base: String, taken: impl Fn(&str) -> bool) -> String {
        let count = self.seen.entry(base.clone()).or_insert(0);
        loop {
            *count += 1;
            let id = if *count == 1 {
                base.clone()
            } else {
                format!("{base}-{count}")
            };
            if !taken(&id) && !self.given.contains(&id) {
                self.given.insert(id.clone());
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_follow_format() {
        assert_eq!(derive_id("lax gun control"), "lax-gun-control");
        assert_eq!(
            derive_id("The president plans to declare war on drug-related"),
            "the-president-plans-to-declare"
        );
        let mut ids = DerivedIds::default();
        let a = ids.next("x".into(), |_| false);
        let b = ids.next("x".into(), |_| false);
        let c = ids.next("x".into(), |id| id == "x-3");
        assert_eq!((a.as_str(), b.as_str(), c.as_str()), ("x", "x-2", "x-4"));
    }

    #[test]
    fn a_derived_id_already_handed_out_is_not_handed_out_again() {
        let mut ids = DerivedIds::default();
        let got: Vec<String> = [derive_id("over"), derive_id("over"), derive_id("over 2")]
            .into_iter()
            .map(|base| ids.next(base, |_| false))
            .collect();
        assert_eq!(got, ["over", "over-2", "over-2-2"]);
    }

    #[test]
    fn valid_ids() {
        assert!(is_valid_id("marco-rubio2"));
        assert!(!is_valid_id("Marco"));
        assert!(!is_valid_id("a_b"));
        assert!(!is_valid_id(""));
    }
}
