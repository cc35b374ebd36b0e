//! Markdown, and nothing of sites: the text a reader sees (to anchor annotations in) and
//! HTML with `<mark>` pieces opened and closed at given places of that text.
//!
//! Both resolve (to anchor) and render (to mark) use this module; it imports nothing else
//! from gloss, so every arrow between the stages keeps pointing one way.
//!
//! The reader's text ([`PlainText`]) and the HTML ([`render_html`]) are built by one walk
//! over one event stream (the private `walk` module, parsed with `parser_options`), so a
//! byte offset of the text means the same place to both.

pub mod contrast;
mod footnotes;
pub mod highlight;
pub mod html;
pub mod plain;
mod walk;

pub use highlight::Highlighter;
pub use html::{Decoration, Element, render_html, render_scoped_html};
pub use plain::PlainText;

use pulldown_cmark::Options;

/// The Markdown settings that change what a reader sees.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MarkdownOptions {
    /// Curly quotes, dashes and ellipses from their ASCII spellings.
    pub smart_punctuation: bool,
    /// Raw HTML passes through; otherwise it is shown as text.
    pub unsafe_html: bool,
    /// The path a site is published under, ending in `/` (`/briefings/`): links and images
    /// written root-relative (`/actors/x/`) are moved under it. `None` leaves them as written.
    pub link_root: Option<String>,
}

impl Default for MarkdownOptions {
    /// What `site.toml` defaults to: smart punctuation on, raw HTML shown as text, links as
    /// written.
    fn default() -> Self {
        MarkdownOptions {
            smart_punctuation: true,
            unsafe_html: false,
            link_root: None,
        }
    }
}

/// The pulldown-cmark options every parse of gloss uses: tables, footnotes (GitHub's syntax),
/// strikethrough, heading attributes, task lists and, when asked for, smart punctuation.
///
/// One function, so that the reader's text and the HTML always come from the same events.
pub(crate) fn parser_options(opts: &MarkdownOptions) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS;
    if opts.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// Whether a URL may be put in an `href` or `src`: `http:`, `https:`, `mailto:` and URLs
/// without a scheme (relative paths, `#fragments`, `//host/…`).
///
/// Browsers drop leading spaces and control characters and ignore tabs and newlines
/// anywhere in a URL, and schemes are case-insensitive, so `" Java\tScript:…"` is a
/// `javascript:` URL and is refused here too. Anything that has a colon before its first
/// `/`, `?` or `#` has a scheme; every scheme but the three is refused.
pub fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find([':', '/', '?', '#']).unwrap_or(cleaned.len());
    if !cleaned[end..].starts_with(':') {
        return true;
    }
    let scheme = cleaned[..end].to_ascii_lowercase();
    matches!(scheme.as_str(), "http" | "https" | "mailto")
}

/// Escapes a string for an HTML attribute value or text: `& < > " '`.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_urls_are_kept() {
        for url in [
            "http://x.org",
            "HTTPS://x.org/a?b#c",
            "mailto:a@b.c",
            "/actors/rubio/",
            "../a.html",
            "#quote-x",
            "",
            "a/b:c",
            "?q=a:b",
            "//host/x",
        ] {
            assert!(is_safe_url(url), "{url}");
        }
    }

    #[test]
    fn dangerous_urls_are_refused() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "  javascript:x",
            "\u{1}javascript:x",
            "java\tscript:x",
            "jav\nascript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_url(url), "{url}");
        }
    }

    #[test]
    fn escape_covers_attribute_characters() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;"
        );
    }
}

/// Random Markdown and random stretches of its text, for the property tests of markdown
/// and resolve.
#[cfg(test)]
pub(crate) mod testgen {
    use std::ops::Range;

    use proptest::prelude::*;
    use proptest::sample::Index;

    use super::PlainText;

    fn word() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "war", "cartel", "Rubio", "said", "a", "é", "日本", "x1", "war", "the",
        ])
        .prop_map(str::to_string)
    }

    fn inline() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => word(),
            1 => (word(), word()).prop_map(|(a, b)| format!("*{a} {b}*")),
            1 => word().prop_map(|a| format!("**{a}**")),
            1 => (word(), word()).prop_map(|(a, b)| format!("`{a} {b}`")),
            1 => (word(), word()).prop_map(|(a, b)| format!("[{a} {b}](http://x)")),
            1 => word().prop_map(|a| format!("\u{201c}{a}\u{201d}")),
            1 => word().prop_map(|a| format!("\"{a}'s\"")),
            1 => word().prop_map(|a| format!("[^{a}]")),
            1 => prop::sample::select(vec!["--", "\u{2014}", "&amp;", "<b>", "...", "![alt war](i.png)"])
                .prop_map(str::to_string),
        ]
    }

    fn line() -> impl Strategy<Value = String> {
        prop::collection::vec(inline(), 1..7).prop_map(|words| words.join(" "))
    }

    fn block() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => prop::collection::vec(line(), 1..4).prop_map(|lines| lines.join("\n")),
            1 => line().prop_map(|l| format!("## {l}")),
            1 => (line(), line()).prop_map(|(a, b)| format!("- {a}\n- {b}")),
            1 => (line(), line()).prop_map(|(a, b)| format!("```zzz\n{a}\n  {b}\n```")),
            1 => (word(), line()).prop_map(|(a, l)| format!("[^{a}]: {l}")),
        ]
    }

    /// A random Markdown document.
    pub(crate) fn markdown() -> impl Strategy<Value = String> {
        prop::collection::vec(block(), 1..5).prop_map(|blocks| blocks.join("\n\n"))
    }

    /// A range of one block of `plain` (possibly empty), on character boundaries.
    pub(crate) fn block_range(plain: &PlainText, block: Index, a: Index, b: Index) -> Range<usize> {
        let Some(range) = plain.blocks().get(block.index(plain.blocks().len().max(1))) else {
            return 0..0;
        };
        let text = &plain.as_str()[range.clone()];
        let cuts: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let (x, y) = (cuts[a.index(cuts.len())], cuts[b.index(cuts.len())]);
        range.start + x.min(y)..range.start + x.max(y)
    }
}
