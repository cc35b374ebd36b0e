//! The words of a text as search sees them, the same in Rust (at build time) and in
//! `gloss.js` (for the query): a word found in the index must be the word the reader typed.
//!
//! The steps, each mirrored by `fold` and `words` in `gloss.js`:
//!
//! 1. lowercase the whole text (`str::to_lowercase`, `String.toLowerCase`: both the Unicode
//!    default mapping, final sigma included);
//! 2. replace each character of [`FOLDED_RANGES`] by its compatibility decomposition
//!    (NFKD: `é` → `e` + U+0301, `ﬁ` → `fi`, `２` → `2`), from a table here and with
//!    `String.normalize("NFKD")` there; characters outside the ranges are kept as they are,
//!    on both sides, so the two never disagree for want of a table entry;
//! 3. remove the combining marks U+0300–U+036F (accents: `é` is now `e`);
//! 4. lowercase again (a decomposition may hold a capital: `ǅ` → `Dž`), and write `ς` as `σ`;
//! 5. remove each comma between an ASCII digit and exactly three more (a thousands
//!    separator: `8,871` is the one word `8871`; `/(\d),(?=\d{3}(?!\d))/g` there);
//! 6. split on every character that is neither alphabetic nor numeric (Rust's
//!    `char::is_alphanumeric`, `[^\p{Alphabetic}\p{N}]` with the `u` flag in JavaScript);
//! 7. keep the first [`MAX_TOKEN_CHARS`] characters of each word.

use super::fold_table::FOLD;

/// The character ranges whose characters are folded to their decomposition. `gloss.js`
/// holds the same list as a regular expression.
pub(crate) const FOLDED_RANGES: &[(u32, u32)] = &[
    (0x00a0, 0x024f), // Latin-1 supplement, Latin extended A and B
    (0x0370, 0x04ff), // Greek, Cyrillic
    (0x1e00, 0x1fff), // Latin extended additional, Greek extended
    (0x2070, 0x218f), // superscripts, subscripts, letterlike symbols, number forms
    (0x2460, 0x24ff), // enclosed alphanumerics
    (0xfb00, 0xfb4f), // ligatures (ﬁ, ﬂ), Hebrew presentation forms
    (0xff00, 0xffef), // halfwidth and fullwidth forms
];

/// Words are cut to this many characters (Unicode scalar values), in the index and in the
/// query alike; the manifest tells the script.
pub(crate) const MAX_TOKEN_CHARS: usize = 32;

/// The text folded for search: steps 1 to 5 of the module documentation.
pub(crate) fn fold(text: &str) -> String {
    let lower = text.to_lowercase();
    if lower.is_ascii() {
        // Nothing to decompose, no accents, no final sigma.
        return if lower.contains(',') {
            join_thousands(&lower)
        } else {
            lower
        };
    }
    let mut out = String::with_capacity(lower.len());
    let mut needs_lower = false;
    for c in lower.chars() {
        if is_combining_mark(c) {
            continue;
        }
        match decomposition(c) {
            Some(d) => {
                needs_lower |= d.chars().any(|d| d.to_lowercase().ne([d]));
                out.push_str(d);
            }
            None => out.push(c),
        }
    }
    let mut out = if needs_lower { out.to_lowercase() } else { out };
    if out.contains('ς') {
        out = out.replace('ς', "σ");
    }
    if out.contains(',') {
        out = join_thousands(&out);
    }
    out
}

/// The text without its thousands separators: step 5.
fn join_thousands(text: &str) -> String {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, _) in text.match_indices(',') {
        if i > 0 && digit(i - 1) && digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4) {
            out.push_str(&text[last..i]);
            last = i + 1;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// The combining marks every fold removes.
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// The decomposition of a character of [`FOLDED_RANGES`], when it has one.
fn decomposition(c: char) -> Option<&'static str> {
    let cp = u32::from(c);
    if !FOLDED_RANGES.iter().any(|&(a, b)| (a..=b).contains(&cp)) {
        return None;
    }
    let cp = u16::try_from(cp).ok()?;
    FOLD.binary_search_by_key(&cp, |&(k, _)| k)
        .ok()
        .map(|i| FOLD[i].1)
}

/// The words of an already folded text, in order, each cut to [`MAX_TOKEN_CHARS`]: steps 6
/// and 7.
pub(crate) fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w.char_indices().nth(MAX_TOKEN_CHARS) {
            Some((end, _)) => &w[..end],
            None => w,
        })
}

/// The words of a text: [`fold`], then [`words`].
#[cfg(test)]
pub(crate) fn tokens(text: &str) -> Vec<String> {
    words(&fold(text)).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cases `tests/browser/search.mjs` runs through `gloss.js` too: one list, so the
    /// two tokenisers are held to the same words.
    const SHARED_CASES: &str = include_str!("../../../tests/browser/tokens.json");

    #[test]
    fn lowercases_folds_accents_and_splits_on_what_is_not_a_letter_or_digit() {
        let cases: Vec<(String, Vec<String>)> = serde_json::from_str(SHARED_CASES).unwrap();
        assert!(cases.len() > 10);
        for (text, words) in cases {
            assert_eq!(tokens(&text), words, "{text}");
        }
    }

    #[test]
    fn cuts_long_words() {
        let long = "a".repeat(40) + " é" + &"é".repeat(40);
        let t = tokens(&long);
        assert_eq!(t[0].chars().count(), MAX_TOKEN_CHARS);
        assert_eq!(t[1], "e".repeat(MAX_TOKEN_CHARS));
    }

    #[test]
    fn the_table_is_sorted_and_within_the_ranges() {
        assert!(FOLD.windows(2).all(|w| w[0].0 < w[1].0));
        for &(cp, d) in FOLD {
            let cp = u32::from(cp);
            assert!(FOLDED_RANGES.iter().any(|&(a, b)| (a..=b).contains(&cp)));
            assert!(!d.chars().any(is_combining_mark), "{cp:x}");
        }
    }
}
