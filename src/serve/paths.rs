//! From a request path to the page it names, refusing every path that tries to leave the
//! site.
//!
//! The server answers only from its in-memory map of pages, so no request can reach a file
//! on disk; still, a path with `..`, `.`, a backslash, a NUL, an empty segment (`//etc`) or a
//! bad percent escape is refused outright, encoded or not, so that what is served never
//! depends on how a lookup treats such names.

/// What a request path leads to, given which pages exist.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// The page with this key (its output path).
    Page(String),
    /// A folder asked for without its trailing `/`: send the browser to this address.
    Redirect(String),
    /// Nothing here.
    NotFound,
}

/// Finds what `raw_path` (the path of the request, still percent-encoded) names; `query` is
/// kept on redirects. `exists` says whether the site has a page of that output path.
pub(crate) fn locate(raw_path: &str, query: Option<&str>, exists: impl Fn(&str) -> bool) -> Lookup {
    let Some(rel) = relative_path(raw_path) else {
        return Lookup::NotFound;
    };
    if rel.is_empty() || rel.ends_with('/') {
        let key = format!("{rel}index.html");
        return if exists(&key) {
            Lookup::Page(key)
        } else {
            Lookup::NotFound
        };
    }
    if exists(&rel) {
        return Lookup::Page(rel);
    }
    if exists(&format!("{rel}/index.html")) {
        let mut to = format!("{raw_path}/");
        if let Some(q) = query {
            to.push('?');
            to.push_str(q);
        }
        return Lookup::Redirect(to);
    }
    Lookup::NotFound
}

/// The decoded path below the site root (no leading `/`; empty for the root; a trailing `/`
/// kept), or `None` when the path is not a plain path inside the site.
pub(crate) fn relative_path(raw_path: &str) -> Option<String> {
    let rest = raw_path.strip_prefix('/')?;
    let decoded = String::from_utf8(percent_decode(rest)?).ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, seg) in segments.iter().enumerate() {
        let empty_inside = seg.is_empty() && i != last;
        if empty_inside || *seg == "." || *seg == ".." {
            return None;
        }
    }
    Some(decoded)
}

/// Decodes `%XX` escapes; `None` when a `%` is not followed by two hex digits.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = hex(*bytes.get(i + 1)?)?;
            let lo = hex(*bytes.get(i + 2)?)?;
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Some(out)
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str) -> bool {
        [
            "index.html",
            "briefings/a/index.html",
            "style.css",
            "404.html",
            "a b.txt",
        ]
        .contains(&key)
    }

    #[test]
    fn finds_pages_and_folders() {
        assert_eq!(locate("/", None, site), Lookup::Page("index.html".into()));
        assert_eq!(
            locate("/style.css", None, site),
            Lookup::Page("style.css".into())
        );
        assert_eq!(
            locate("/briefings/a/", None, site),
            Lookup::Page("briefings/a/index.html".into())
        );
        assert_eq!(
            locate("/a%20b.txt", None, site),
            Lookup::Page("a b.txt".into())
        );
        assert_eq!(locate("/briefings/", None, site), Lookup::NotFound);
        assert_eq!(locate("/nothing", None, site), Lookup::NotFound);
    }

    #[test]
    fn redirects_a_folder_to_its_slash() {
        assert_eq!(
            locate("/briefings/a", None, site),
            Lookup::Redirect("/briefings/a/".into())
        );
        assert_eq!(
            locate("/briefings/a", Some("x=1"), site),
            Lookup::Redirect("/briefings/a/?x=1".into())
        );
    }

    #[test]
    fn refuses_paths_that_leave_the_site() {
        let every = |_: &str| true;
        for bad in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E/site.toml",
            "/..%2fsite.toml",
            "/%2e%2e%2f%2e%2e%2fetc/passwd",
            "/\\..\\site.toml",
            "/%5c..%5csite.toml",
            "/a/./b",
            "//etc/passwd",
            "/a//b",
            "/a%00.html",
            "/%zz",
            "/%2",
            "relative",
            "/%ff%fe",
        ] {
            assert_eq!(locate(bad, None, every), Lookup::NotFound, "{bad}");
        }
    }
}
