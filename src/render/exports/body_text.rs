//! The text a browser's `document.body.textContent` holds for a page gloss rendered, and
//! where each `<mark data-ann>` piece lies in it.
//!
//! Web Annotation selectors point into the page as a browser sees it, theme header and
//! navigation included, so their positions come from the final bytes of the page rather
//! than from the Markdown: this walks every text node after `<body>` the way an HTML parser
//! would for the markup gloss and its themes write (character references decoded, line
//! breaks normalised, the text of `script`, `style` and `noscript` counted, since
//! `textContent` includes it, the content of `<template>` left out, since it is not, a
//! newline just after `<pre>` or `<textarea>` dropped), and
//! counts in UTF-16 code units, as JavaScript strings do.

use std::collections::HashMap;

/// A place in the body text: as a byte offset into [`BodyText::text`] and in UTF-16 code
/// units from the start of the body's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Offset {
    /// Byte offset into [`BodyText::text`].
    pub(crate) byte: usize,
    /// UTF-16 code units before this place.
    pub(crate) utf16: usize,
}

/// The text of a page's body, and the pieces of each annotation in it.
#[derive(Debug, Default)]
pub(crate) struct BodyText {
    /// `document.body.textContent`, but for what a parser adds after `</body>`.
    pub(crate) text: String,
    /// For each `data-ann` value (`quote:declare-war`), its pieces in document order.
    pub(crate) marks: HashMap<String, Vec<(Offset, Offset)>>,
}

impl BodyText {
    /// Where the annotation `key` starts and ends: the start of its first piece and the end
    /// of its last; `None` when the page has no piece of it.
    pub(crate) fn span(&self, key: &str) -> Option<(Offset, Offset)> {
        let pieces = self.marks.get(key)?;
        let start = pieces.iter().map(|p| p.0).min_by_key(|o| o.byte)?;
        let end = pieces.iter().map(|p| p.1).max_by_key(|o| o.byte)?;
        Some((start, end))
    }

    /// The text just before `at`: as many whole characters as fit in `n` UTF-16 code
    /// units (what JavaScript counts, and what quote-anchoring libraries built on
    /// diff-match-patch accept: at most 32).
    pub(crate) fn before(&self, at: Offset, n: usize) -> &str {
        let head = &self.text[..at.byte];
        let mut units = 0;
        let mut start = head.len();
        for (i, c) in head.char_indices().rev() {
            units += c.len_utf16();
            if units > n {
                break;
            }
            start = i;
        }
        &head[start..]
    }

    /// The text just after `at`: as many whole characters as fit in `n` UTF-16 code units.
    pub(crate) fn after(&self, at: Offset, n: usize) -> &str {
        let tail = &self.text[at.byte..];
        let mut units = 0;
        let mut end = 0;
        for (i, c) in tail.char_indices() {
            units += c.len_utf16();
            if units > n {
                break;
            }
            end = i + c.len_utf8();
        }
        &tail[..end]
    }
}

/// Elements whose content is raw text: no tags, no character references.
const RAW_TEXT: [&str; 4] = ["script", "style", "noscript", "xmp"];
/// Elements whose content is text with character references but no tags.
const RCDATA: [&str; 2] = ["textarea", "title"];

/// Walks `html` from just after its `<body …>` tag (from its start when it has none).
pub(crate) fn body_text(html: &str) -> BodyText {
    let mut w = Walker::default();
    let start = find_body(html).unwrap_or(0);
    let bytes = html.as_bytes();
    let mut i = start;
    let mut text_start = i;
    // The annotation of each open <mark> (None for a mark without data-ann).
    let mut open: Vec<Option<String>> = Vec::new();
    // How many <template> elements are open: their content is no text of the body (a
    // parser keeps it in the template's own fragment).
    let mut templates = 0usize;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &html[i..];
        let Some(tag) = Tag::parse(rest) else {
            // A `<` that opens no tag is text.
            i += 1;
            continue;
        };
        if templates == 0 {
            w.text(&html[text_start..i], true);
        }
        // Only a newline right after `<pre>` (no tag between) is dropped.
        w.skip_newline = false;
        i += tag.len;
        text_start = i;
        match tag.kind {
            TagKind::Start(name) => {
                if name == "template" {
                    templates += 1;
                }
                let counted = templates == 0;
                if counted && name == "mark" {
                    let key = tag.data_ann.map(|v| decode(&v));
                    if let Some(k) = &key {
                        w.open_piece(k);
                    }
                    open.push(key);
                }
                if counted && (name == "pre" || name == "textarea" || name == "listing") {
                    w.skip_newline = true;
                }
                let raw = RAW_TEXT.contains(&name.as_str());
                if (raw || RCDATA.contains(&name.as_str())) && !tag.self_closing {
                    let end = find_end_tag(&html[i..], &name).map_or(html.len(), |e| i + e);
                    if counted {
                        w.text(&html[i..end], !raw);
                    }
                    i = end;
                    text_start = i;
                }
            }
            TagKind::End(name) => {
                if name == "template" {
                    templates = templates.saturating_sub(1);
                } else if templates == 0
                    && name == "mark"
                    && let Some(Some(key)) = open.pop()
                {
                    w.close_piece(&key);
                }
            }
            TagKind::Other => {}
        }
    }
    if templates == 0 {
        w.text(&html[text_start..], true);
    }
    w.out
}

/// Where the content of the body starts: just after `<body …>`.
fn find_body(html: &str) -> Option<usize> {
    find_tag_start(html, "<body").and_then(|at| Tag::parse(&html[at..]).map(|t| at + t.len))
}

/// Where `</name` starts in `text` (raw text ends there), case-insensitively.
fn find_end_tag(text: &str, name: &str) -> Option<usize> {
    find_tag_start(text, &format!("</{name}"))
}

/// The first place `opening` (`<body`, `</script`) starts a tag in `text`, its letters in
/// any case: followed by the end of the text, whitespace, `/` or `>`. Allocates nothing.
fn find_tag_start(text: &str, opening: &str) -> Option<usize> {
    let (b, o) = (text.as_bytes(), opening.as_bytes());
    let mut from = 0;
    while let Some(at) = text[from..].find('<').map(|i| from + i) {
        let end = at + o.len();
        if b.len() >= end && b[at..end].eq_ignore_ascii_case(o) {
            let after = b.get(end).copied();
            if matches!(
                after,
                None | Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'\x0c')
            ) {
                return Some(at);
            }
        }
        from = at + 1;
    }
    None
}

#[derive(Default)]
struct Walker {
    out: BodyText,
    utf16: usize,
    /// A newline just after `<pre>` or `<textarea>` is not text.
    skip_newline: bool,
    /// The last character was a carriage return (a `\n` after it is the same line break).
    after_cr: bool,
}

impl Walker {
    fn here(&self) -> Offset {
        Offset {
            byte: self.out.text.len(),
            utf16: self.utf16,
        }
    }

    fn open_piece(&mut self, key: &str) {
        let at = self.here();
        self.out
            .marks
            .entry(key.to_string())
            .or_default()
            .push((at, at));
    }

    fn close_piece(&mut self, key: &str) {
        let at = self.here();
        if let Some(piece) = self.out.marks.get_mut(key).and_then(|p| p.last_mut()) {
            piece.1 = at;
        }
    }

    /// Adds the text of a run of source (decoding character references when `decode`).
    fn text(&mut self, src: &str, decode_refs: bool) {
        if src.is_empty() {
            return;
        }
        let decoded;
        let s = if decode_refs && src.contains('&') {
            decoded = decode(src);
            decoded.as_str()
        } else {
            src
        };
        for c in s.chars() {
            let c = match c {
                '\n' if self.after_cr => {
                    self.after_cr = false;
                    continue;
                }
                '\r' => {
                    self.after_cr = true;
                    '\n'
                }
                c => {
                    self.after_cr = false;
                    c
                }
            };
            if std::mem::take(&mut self.skip_newline) && c == '\n' {
                continue;
            }
            self.out.text.push(c);
            self.utf16 += c.len_utf16();
        }
    }
}

enum TagKind {
    Start(String),
    End(String),
    /// A comment, a doctype, a processing instruction: no text.
    Other,
}

struct Tag {
    kind: TagKind,
    /// Bytes from `<` to just after `>`.
    len: usize,
    self_closing: bool,
    /// The raw value of a `data-ann` attribute.
    data_ann: Option<String>,
}

impl Tag {
    /// The tag at the start of `s` (which starts with `<`), or `None` when the `<` is text.
    fn parse(s: &str) -> Option<Tag> {
        let b = s.as_bytes();
        let other = |len| {
            Some(Tag {
                kind: TagKind::Other,
                len,
                self_closing: false,
                data_ann: None,
            })
        };
        if let Some(comment) = s.strip_prefix("<!--") {
            let len = comment.find("-->").map_or(s.len(), |e| 4 + e + 3);
            return other(len);
        }
        match b.get(1) {
            Some(b'!' | b'?') => return other(s.find('>').map_or(s.len(), |e| e + 1)),
            Some(b'/') => {
                if !b.get(2).is_some_and(u8::is_ascii_alphabetic) {
                    // `</>` is dropped; `</ x>` is a bogus comment: neither is text.
                    return other(s.find('>').map_or(s.len(), |e| e + 1));
                }
                let name = tag_name(&s[2..]);
                let len = s.find('>').map_or(s.len(), |e| e + 1);
                return Some(Tag {
                    kind: TagKind::End(name),
                    len,
                    self_closing: false,
                    data_ann: None,
                });
            }
            Some(c) if c.is_ascii_alphabetic() => {}
            _ => return None,
        }
        let name = tag_name(&s[1..]);
        let mut i = 1 + name.len();
        let mut data_ann = None;
        let mut self_closing = false;
        // Attributes: name, optionally `=` and a quoted or bare value.
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(b'/') => {
                    self_closing = b.get(i + 1) == Some(&b'>');
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let name_start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let attr = s[name_start..i].to_ascii_lowercase();
            if i == name_start {
                i += 1;
                continue;
            }
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if b.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let value = match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let start = i + 1;
                    let end = s[start..]
                        .find(char::from(q))
                        .map_or(s.len(), |e| start + e);
                    i = (end + 1).min(s.len());
                    &s[start..end]
                }
                _ => {
                    let start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    &s[start..i]
                }
            };
            if attr == "data-ann" && data_ann.is_none() {
                data_ann = Some(value.to_string());
            }
        }
        Some(Tag {
            kind: TagKind::Start(name),
            len: i,
            self_closing,
            data_ann,
        })
    }
}

/// A tag's name, lowercased: up to whitespace, `/` or `>`.
fn tag_name(s: &str) -> String {
    let end = s
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(s.len());
    s[..end].to_ascii_lowercase()
}

/// The named character references gloss, pulldown-cmark, tera and hand-written templates
/// use; others are kept as written (rare in a page gloss made: raw HTML passes only with
/// `unsafe_html`).
const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("hellip", "…"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("middot", "·"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("times", "×"),
    ("shy", "\u{ad}"),
    ("thinsp", "\u{2009}"),
    ("ensp", "\u{2002}"),
    ("emsp", "\u{2003}"),
    ("zwj", "\u{200d}"),
    ("zwnj", "\u{200c}"),
    ("bull", "•"),
    ("larr", "←"),
    ("rarr", "→"),
    ("uarr", "↑"),
    ("darr", "↓"),
];

/// Decodes the character references of `s`.
pub(crate) fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match reference(rest) {
            Some((c, len)) => {
                out.push_str(&c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character reference at the start of `s` (`&amp;`, `&#39;`, `&#x27;`): its text and
/// length.
fn reference(s: &str) -> Option<(String, usize)> {
    let semi = s[1..].find(';').map(|e| e + 1)?;
    let body = &s[1..semi];
    if let Some(num) = body.strip_prefix('#') {
        let value = match num.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.len() <= 8 => u32::from_str_radix(hex, 16).ok()?,
            None if !num.is_empty() && num.len() <= 10 => num.parse().ok()?,
            _ => return None,
        };
        let c = match value {
            0 => '\u{fffd}',
            v => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        return Some((c.to_string(), semi + 1));
    }
    NAMED
        .iter()
        .find(|(n, _)| *n == body)
        .map(|(_, t)| (t.to_string(), semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_text<'a>(b: &'a BodyText, key: &str) -> (&'a str, usize, usize) {
        let (s, e) = b.span(key).unwrap();
        (&b.text[s.byte..e.byte], s.utf16, e.utf16)
    }

    #[test]
    fn text_after_body_with_marks_and_references() {
        let html = "<!DOCTYPE html><html><head><title>T &amp; x</title></head>\
            <body class=\"a\"><p>Caf&#233; &amp; <mark data-ann=\"quote:q\" id=\"quote-q\" title=\"a > b\">said <em>so</em></mark> &#x27;ok&#39;</p></body></html>";
        let b = body_text(html);
        assert_eq!(b.text, "Café & said so 'ok'");
        assert_eq!(span_text(&b, "quote:q"), ("said so", 7, 14));
    }

    #[test]
    fn pieces_nest_and_overlap_and_the_span_covers_them_all() {
        let html = "<body><mark data-ann=\"quote:a\">one <mark data-ann=\"claim:b\">two</mark></mark><i><mark data-ann=\"claim:b\"> three</mark></i> four";
        let b = body_text(html);
        assert_eq!(b.text, "one two three four");
        assert_eq!(span_text(&b, "quote:a"), ("one two", 0, 7));
        assert_eq!(span_text(&b, "claim:b"), ("two three", 4, 13));
        assert_eq!(b.marks["claim:b"].len(), 2);
    }

    #[test]
    fn counts_utf16_units_and_the_text_of_scripts() {
        let html = "<body>\n<script>if (a < b) { x = \"<mark>\"; }</script>😀 é<mark data-ann=\"note:n\">x</mark>";
        let b = body_text(html);
        assert_eq!(b.text, "\nif (a < b) { x = \"<mark>\"; }😀 éx");
        let (_, start, end) = span_text(&b, "note:n");
        let js_len = "\nif (a < b) { x = \"<mark>\"; }".len() + 2 + 2;
        assert_eq!((start, end), (js_len, js_len + 1));
    }

    #[test]
    fn template_content_is_no_body_text_nested_or_not() {
        let html = "<body>a<template data-card=\"quote:q\"><p>Said <mark data-ann=\"x:y\">b</mark></p>\
            <template><script>c</script></template>d</template>e<mark data-ann=\"quote:q\">f</mark>";
        let b = body_text(html);
        assert_eq!(b.text, "aef");
        assert_eq!(span_text(&b, "quote:q"), ("f", 2, 3));
        assert!(!b.marks.contains_key("x:y"));
    }

    #[test]
    fn comments_line_breaks_and_pre() {
        let html = "<body>a<!-- <mark data-ann=\"x:y\"> -->\r\nb\rc<pre>\nd</pre><pre><code>\ne</code></pre> 1 < 2";
        let b = body_text(html);
        assert_eq!(b.text, "a\nb\ncd\ne 1 < 2");
        assert!(b.marks.is_empty());
    }

    #[test]
    fn prefix_and_suffix_take_whole_characters_up_to_n_utf16_units() {
        let b = body_text("<body>ééé<mark data-ann=\"quote:q\">x</mark>ààà");
        let (s, e) = b.span("quote:q").unwrap();
        assert_eq!(b.before(s, 2), "éé");
        assert_eq!(b.before(s, 32), "ééé");
        assert_eq!(b.after(e, 2), "àà");
        assert_eq!(b.after(e, 32), "ààà");
        // An astral character is two units, and never split.
        let b = body_text("<body>a😀😀<mark data-ann=\"quote:q\">x</mark>😀😀b");
        let (s, e) = b.span("quote:q").unwrap();
        assert_eq!(b.before(s, 3), "😀");
        assert_eq!(b.before(s, 4), "😀😀");
        assert_eq!(b.before(s, 5), "a😀😀");
        assert_eq!(b.after(e, 3), "😀");
        assert_eq!(b.after(e, 5), "😀😀b");
    }

    #[test]
    fn tags_are_found_in_any_case() {
        let b = body_text("<head><bodyx></head><BODY id=x>a<SCRIPT>b</scripty></Script >c");
        assert_eq!(b.text, "ab</scripty>c");
        assert_eq!(find_tag_start("<bodyguard><body>", "<body"), Some(11));
        assert_eq!(find_tag_start("<bo", "<body"), None);
    }

    #[test]
    fn references() {
        assert_eq!(
            decode("&lt;a&gt; &quot;&#34;&#x22; &bogus; & &#xD800; &#0;"),
            "<a> \"\"\" &bogus; & \u{fffd} \u{fffd}"
        );
    }
}
