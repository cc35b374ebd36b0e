//! Text fragments (`#:~:text=`): the link to a quote's or claim's source opens the original
//! at the words, in the browsers that support the WICG Text Fragments spec, and is still an
//! ordinary link to the page in the others.
//!
//! The words are percent-encoded as the spec asks: everything but ASCII letters, digits and
//! `.` `_` `~` becomes a `%XX` escape of its UTF-8 bytes, so the directive's own syntax
//! characters (`-`, `&`, `,`) and `#`, `%`, spaces and non-ASCII letters can never be read
//! as syntax and the address stays a valid URL.

/// `url` with a text directive for `words` (whitespace runs read as one space, ends
/// trimmed): `url#:~:text=…`, or `url#frag:~:text=…` when `url` already has a fragment.
///
/// `url` is returned unchanged when it is not an `http` or `https` address, when `words` is
/// blank, or when its fragment already holds a directive (`:~:`), which the author chose.
pub(crate) fn with_text_fragment(url: &str, words: &str) -> String {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("http://") || lower.starts_with("https://");
    let encoded = encode_text(words);
    if !web || encoded.is_empty() {
        return url.to_string();
    }
    match url.split_once('#') {
        Some((_, fragment)) if fragment.contains(":~:") => url.to_string(),
        Some(_) => format!("{url}:~:text={encoded}"),
        None => format!("{url}#:~:text={encoded}"),
    }
}

/// The value of a `text=` directive: the words with whitespace runs as one space, ends
/// trimmed, percent-encoded (every byte but ASCII letters, digits and `._~`).
pub(crate) fn encode_text(words: &str) -> String {
    let mut out = String::with_capacity(words.len() * 3);
    let mut first = true;
    for word in words.split_whitespace() {
        if !first {
            out.push_str("%20");
        }
        first = false;
        for &b in word.as_bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~') {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_are_percent_encoded_as_the_spec_asks() {
        assert_eq!(encode_text("lax gun control"), "lax%20gun%20control");
        assert_eq!(
            encode_text("  drug-related,  war &\tpeace "),
            "drug%2Drelated%2C%20war%20%26%20peace"
        );
        assert_eq!(encode_text("100% #1"), "100%25%20%231");
        assert_eq!(
            encode_text("Señor “Ç”"),
            "Se%C3%B1or%20%E2%80%9C%C3%87%E2%80%9D"
        );
        assert_eq!(encode_text("a.b_c~d"), "a.b_c~d");
        assert_eq!(encode_text(" \n "), "");
    }

    #[test]
    fn the_directive_goes_after_the_fragment_or_starts_one() {
        assert_eq!(
            with_text_fragment("https://example.org/a", "on the record"),
            "https://example.org/a#:~:text=on%20the%20record"
        );
        assert_eq!(
            with_text_fragment("https://example.org/a?x=1#part-2", "on-record"),
            "https://example.org/a?x=1#part-2:~:text=on%2Drecord"
        );
        assert_eq!(
            with_text_fragment("HTTP://EXAMPLE.ORG/", "x"),
            "HTTP://EXAMPLE.ORG/#:~:text=x"
        );
    }

    #[test]
    fn other_addresses_stay_as_written() {
        for url in [
            "mailto:a@example.org",
            "/local/page/",
            "https://example.org/#:~:text=chosen",
        ] {
            assert_eq!(with_text_fragment(url, "words"), url);
        }
        assert_eq!(
            with_text_fragment("https://example.org/", "  "),
            "https://example.org/"
        );
    }
}
