//! Whole-site tests at scale (issue 12): a generated site of a few thousand briefings,
//! built in memory, must stay navigable and light. Every briefing is reachable from the
//! home page by following links (no search, no JavaScript); every internal link and
//! fragment resolves; no HTML page passes 512 KB; a bookmarked `/timeline/#event-ID` finds
//! its event through the timeline's event map; paginated lists link their pages with
//! `rel="next"` and `rel="prev"`. A second test checks that a small site keeps its
//! one-page `/timeline/`, as today.
//!
//! Links and ids are read with a small scanner of start tags (gloss writes every attribute
//! double-quoted); attribute values are entity-decoded, then hrefs are resolved the way a
//! browser does (relative to the page's address, root-relative, or absolute on the site's
//! own host) and percent-decoded.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::time::Instant;

use common::generate::{self, BASE_URL, GeneratedSite};

/// Briefings of the generated site: enough to cross every threshold of
/// `src/render/layout.rs` with room to spare, few enough for a quick debug run.
const BRIEFINGS: usize = 3000;

/// The largest HTML page allowed (FORMAT.md: lists long enough to pass 512 KB are split).
const MAX_HTML_BYTES: usize = 512 * 1024;

/// How many problems of one kind a failure message lists before it just counts them.
const SHOWN: usize = 25;

// ------------------------------------------------------------------------------------------
// Reading HTML
// ------------------------------------------------------------------------------------------

/// A start tag of a page: its lowercased name and its attributes in order, values decoded.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    /// The value of attribute `name`, if the tag has it.
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag of `html`, in document order. Comments, end tags and declarations are
/// skipped, and so is the content of `<script>` and `<style>` (their own start tags are
/// kept, so `<script id="timeline-map" data-shards="…">` is read).
fn start_tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off;
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let after = bytes.get(i + 1).copied().unwrap_or(b' ');
        if !after.is_ascii_alphabetic() {
            // An end tag, a declaration (`<!doctype`), or a `<` of text.
            i += if matches!(after, b'/' | b'!' | b'?') {
                rest.find('>').map_or(rest.len(), |e| e + 1)
            } else {
                1
            };
            continue;
        }
        let (tag, len) = parse_tag(rest);
        i += len;
        if tag.name == "script" || tag.name == "style" {
            let close = format!("</{}", tag.name);
            i += html[i..].find(&close).unwrap_or(html.len() - i);
        }
        tags.push(tag);
    }
    tags
}

/// Parses the start tag at the beginning of `s` (which starts with `<` and a letter):
/// the tag and how many bytes it takes. Attribute values may be double-quoted,
/// single-quoted or bare; they are entity-decoded.
fn parse_tag(s: &str) -> (Tag, usize) {
    let b = s.as_bytes();
    let mut i = 1;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    let name = s[1..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return (Tag { name, attrs }, (i + 1).min(b.len()));
        }
        let start = i;
        while i < b.len() && !matches!(b[i], b'=' | b'>' | b'/') && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let attr = s[start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let quote = b[i] as char;
                let end = s[i + 1..].find(quote).map_or(s.len(), |e| i + 1 + e);
                value = decode_entities(&s[i + 1..end]);
                i = (end + 1).min(s.len());
            } else {
                let start = i;
                while i < b.len() && b[i] != b'>' && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = decode_entities(&s[start..i]);
            }
        }
        attrs.push((attr, value));
    }
}

/// Decodes the character references of an attribute value: the named ones gloss and tera
/// write (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;`) and every numeric one
/// (`&#39;`, `&#x2F;`). Anything else is kept as written.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
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

/// Decodes `%XX` escapes (as UTF-8); a `%` not followed by two hex digits stays.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A link of a page: the tag that carries it, its `href` (decoded) and its `rel`.
#[derive(Debug)]
struct Link {
    tag: String,
    href: String,
    rel: String,
}

/// What the checks need of one HTML page: its links, how often each id occurs, and its
/// `<script>` tags (for the timeline's event map).
#[derive(Debug, Default)]
struct Scanned {
    links: Vec<Link>,
    ids: HashMap<String, usize>,
    scripts: Vec<Tag>,
}

/// Reads the links and ids of a page; keeps `<script>` tags for the timeline check.
fn scan(html: &str) -> Scanned {
    let mut page = Scanned::default();
    for tag in start_tags(html) {
        if let Some(id) = tag.attr("id") {
            *page.ids.entry(id.to_string()).or_default() += 1;
        }
        if let Some(href) = tag.attr("href") {
            page.links.push(Link {
                tag: tag.name.clone(),
                href: href.to_string(),
                rel: tag.attr("rel").unwrap_or_default().to_string(),
            });
        }
        if tag.name == "script" {
            page.scripts.push(tag);
        }
    }
    page
}

// ------------------------------------------------------------------------------------------
// Resolving links
// ------------------------------------------------------------------------------------------

/// The site's own address, split for resolving links: `https://example.org/sub/` gives the
/// host `example.org` and the root path `/sub/`.
struct SiteUrl {
    host: String,
    root: String,
}

impl SiteUrl {
    /// Splits a `base_url`.
    fn new(base_url: &str) -> Self {
        let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let mut root = if path.is_empty() {
            "/".to_string()
        } else {
            path.to_string()
        };
        if !root.ends_with('/') {
            root.push('/');
        }
        SiteUrl {
            host: host.to_ascii_lowercase(),
            root,
        }
    }
}

/// Where an `href` leads.
#[derive(Debug, PartialEq)]
enum Target {
    /// A file of the output (`briefings/b00001/index.html`) and the fragment, if any, both
    /// percent-decoded; a text directive (`:~:text=`) is dropped from the fragment.
    File {
        file: String,
        fragment: Option<String>,
    },
    /// Another host, or a scheme other than http(s) (`mailto:`): not checked.
    External,
    /// The site's own host, but a path outside its root.
    OutsideRoot(String),
}

/// Resolves `href`, found on the page whose file is `from`, against the site's address.
/// A page `x/index.html` lives at `ROOT/x/`, any other file `f` at `ROOT/f`; a path that
/// ends in `/` (or is the root) means its `index.html`.
fn resolve(site: &SiteUrl, from: &str, href: &str) -> Target {
    let href = href.trim();
    let (before, fragment) = match href.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (href, None),
    };
    let before = before.split('?').next().unwrap_or_default();
    let scheme_end = before
        .find(':')
        .filter(|&c| !before[..c].contains('/') && c > 0);
    let path = if let Some(rest) = before.strip_prefix("//") {
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if !host.eq_ignore_ascii_case(&site.host) {
            return Target::External;
        }
        if path.is_empty() { "/" } else { path }.to_string()
    } else if let Some(c) = scheme_end {
        let scheme = before[..c].to_ascii_lowercase();
        let Some(rest) = before[c + 1..].strip_prefix("//") else {
            return Target::External;
        };
        if scheme != "http" && scheme != "https" {
            return Target::External;
        }
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if !host.eq_ignore_ascii_case(&site.host) {
            return Target::External;
        }
        if path.is_empty() { "/" } else { path }.to_string()
    } else if before.starts_with('/') {
        before.to_string()
    } else {
        // Relative to the page's own address.
        let page_url = match from.strip_suffix("index.html") {
            Some(dir) => format!("{}{dir}", site.root),
            None => format!("{}{from}", site.root),
        };
        let base = &page_url[..=page_url.rfind('/').expect("a path has a slash")];
        if before.is_empty() {
            page_url.clone()
        } else {
            format!("{base}{before}")
        }
    };
    let path = percent_decode(&remove_dot_segments(&path));
    let Some(rel) = path.strip_prefix(&site.root) else {
        if path.trim_end_matches('/') == site.root.trim_end_matches('/') {
            return Target::File {
                file: "index.html".into(),
                fragment: fragment.and_then(fragment_id),
            };
        }
        return Target::OutsideRoot(path);
    };
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    Target::File {
        file,
        fragment: fragment.and_then(fragment_id),
    }
}

/// The element id a fragment names, percent-decoded: `None` for an empty fragment or a
/// bare text directive (`#:~:text=…`), which name no element.
fn fragment_id(fragment: &str) -> Option<String> {
    let id = fragment.split(":~:").next().unwrap_or_default();
    (!id.is_empty()).then(|| percent_decode(id))
}

/// Removes `.` and `..` segments of an absolute path (RFC 3986, 5.2.4), keeping a trailing
/// slash; `..` above the top stays at the top.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (k, seg) in segments.iter().enumerate() {
        let last = k + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

// ------------------------------------------------------------------------------------------
// The checks
// ------------------------------------------------------------------------------------------

/// Problems found by one check, reported together.
struct Problems {
    what: &'static str,
    list: Vec<String>,
}

impl Problems {
    fn new(what: &'static str) -> Self {
        Problems {
            what,
            list: Vec::new(),
        }
    }

    fn push(&mut self, p: String) {
        self.list.push(p);
    }

    /// The report of this check, or `None` when it found nothing.
    fn report(&self) -> Option<String> {
        if self.list.is_empty() {
            return None;
        }
        let mut s = format!("{} ({} found):\n", self.what, self.list.len());
        for p in self.list.iter().take(SHOWN) {
            s.push_str("  ");
            s.push_str(p);
            s.push('\n');
        }
        if self.list.len() > SHOWN {
            s.push_str(&format!("  … and {} more\n", self.list.len() - SHOWN));
        }
        Some(s)
    }
}

/// The built site: every file's bytes, and every HTML page scanned.
struct Built {
    files: HashMap<String, Vec<u8>>,
    html: HashMap<String, Scanned>,
    site: SiteUrl,
}

impl Built {
    /// Builds `root` in memory with `gloss::build_pages`; panics with the diagnostics on
    /// errors.
    fn of(root: &std::path::Path, base_url: &str) -> Self {
        let rendered = match gloss::build_pages(root, None, false) {
            Ok(r) => r,
            Err(f) => panic!("build failed:\n{}", f.diagnostics.render(&f.texts)),
        };
        let files = rendered
            .pages
            .into_iter()
            .map(|p| (p.path, p.bytes.to_vec()))
            .collect();
        Built::from_files(files, base_url)
    }

    /// Scans the HTML pages of `files`, a site at `base_url`.
    fn from_files(files: HashMap<String, Vec<u8>>, base_url: &str) -> Self {
        let html = files
            .iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .map(|(path, bytes)| {
                let text = std::str::from_utf8(bytes)
                    .unwrap_or_else(|e| panic!("{path} is not UTF-8: {e}"));
                (path.clone(), scan(text))
            })
            .collect();
        Built {
            files,
            html,
            site: SiteUrl::new(base_url),
        }
    }

    /// The scanned page of `file`; panics naming it when there is none.
    fn page(&self, file: &str) -> &Scanned {
        self.html
            .get(file)
            .unwrap_or_else(|| panic!("no page {file} in the output"))
    }

    /// The files that links of `from` marked with `rel` (a word of the attribute) lead to.
    fn rel_targets(&self, from: &str, rel: &str) -> Vec<String> {
        self.page(from)
            .links
            .iter()
            .filter(|l| l.rel.split_ascii_whitespace().any(|r| r == rel))
            .filter_map(|l| match resolve(&self.site, from, &l.href) {
                Target::File { file, .. } => Some(file),
                _ => None,
            })
            .collect()
    }
}

/// Every HTML page reachable from `index.html` by following `<a>` (and `<area>`) links, as a
/// reader without JavaScript or search does.
fn reachable(built: &Built) -> HashSet<String> {
    let mut seen: HashSet<String> = HashSet::from(["index.html".to_string()]);
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(file) = queue.pop_front() {
        let Some(page) = built.html.get(&file) else {
            continue;
        };
        for link in page
            .links
            .iter()
            .filter(|l| l.tag == "a" || l.tag == "area")
        {
            if let Target::File { file: next, .. } = resolve(&built.site, &file, &link.href)
                && next.ends_with(".html")
                && built.html.contains_key(&next)
                && seen.insert(next.clone())
            {
                queue.push_back(next);
            }
        }
    }
    seen
}

/// Every briefing page is reachable from the home page by links.
fn check_reachable(built: &Built, briefings: &[String]) -> Problems {
    let mut p = Problems::new("briefings not reachable from / by following links");
    let seen = reachable(built);
    for b in briefings {
        if !built.html.contains_key(b) {
            p.push(format!("{b}: no such page in the output"));
        } else if !seen.contains(b) {
            p.push(format!(
                "{b}: no chain of links from index.html leads to it"
            ));
        }
    }
    let mut unreached: Vec<&String> = built.html.keys().filter(|f| !seen.contains(*f)).collect();
    unreached.sort();
    eprintln!(
        "reachable from /: {} of {} HTML pages; not reached: {:?}",
        seen.len(),
        built.html.len(),
        &unreached[..unreached.len().min(10)]
    );
    p
}

/// Every internal `href` of every HTML page points at an output file, and each fragment on
/// an HTML target names an id of that page.
fn check_links(built: &Built) -> Problems {
    let mut p = Problems::new("broken internal links");
    // Root-relative and absolute hrefs resolve the same on every page: resolve each once.
    let mut cache: HashMap<&str, Target> = HashMap::new();
    let mut paths: Vec<&String> = built.html.keys().collect();
    paths.sort();
    let mut checked = 0usize;
    for from in paths {
        for link in &built.html[from].links {
            let href = link.href.as_str();
            let relative = !(href.starts_with('/') || href.contains("://"));
            let owned;
            let target = if relative {
                owned = resolve(&built.site, from, href);
                &owned
            } else {
                cache
                    .entry(href)
                    .or_insert_with(|| resolve(&built.site, from, href))
            };
            match target {
                Target::External => {}
                Target::OutsideRoot(path) => p.push(format!(
                    "{from}: <{} href=\"{href}\"> leaves the site root {} ({path})",
                    link.tag, built.site.root
                )),
                Target::File { file, fragment } => {
                    checked += 1;
                    if !built.files.contains_key(file) {
                        p.push(format!(
                            "{from}: <{} href=\"{href}\"> -> no file {file}",
                            link.tag
                        ));
                        continue;
                    }
                    let Some(id) = fragment else { continue };
                    let Some(target) = built.html.get(file) else {
                        continue;
                    };
                    if !target.ids.contains_key(id) {
                        p.push(format!(
                            "{from}: <{} href=\"{href}\"> -> {file} has no id=\"{id}\"",
                            link.tag
                        ));
                    }
                }
            }
        }
    }
    eprintln!("internal links checked: {checked}");
    p
}

/// No HTML page is over [`MAX_HTML_BYTES`]; prints the largest pages.
fn check_sizes(built: &Built) -> Problems {
    let mut p = Problems::new("HTML pages over 512 KB");
    let mut sizes: Vec<(usize, &str)> = built
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, b)| (b.len(), path.as_str()))
        .collect();
    sizes.sort_by(|a, b| b.cmp(a));
    for (size, path) in &sizes {
        if *size > MAX_HTML_BYTES {
            p.push(format!("{path}: {size} bytes"));
        }
    }
    eprintln!("largest HTML pages:");
    for (size, path) in sizes.iter().take(5) {
        eprintln!("  {size:>8} bytes  {path}");
    }
    let mut other: Vec<(usize, &str)> = built
        .files
        .iter()
        .filter(|(path, _)| !path.ends_with(".html"))
        .map(|(path, b)| (b.len(), path.as_str()))
        .collect();
    other.sort_by(|a, b| b.cmp(a));
    eprintln!("largest other files:");
    for (size, path) in other.iter().take(3) {
        eprintln!("  {size:>8} bytes  {path}");
    }
    p
}

/// FNV-1a, 32 bits, over the UTF-8 bytes of `s`: the hash the timeline's script uses to
/// pick the shard of an event id.
fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// A bookmarked `/timeline/#event-ID` resolves: the shard of `ID` named by `data-shards` of
/// `/timeline/`'s `<script id="timeline-map">` maps it to a page below the root that holds
/// `id="event-ID"`; the shards hold every event once, each in its own shard; and every event
/// of the site is on exactly one timeline page.
fn check_timeline(built: &Built, events: &[String]) -> Problems {
    let mut p = Problems::new("bookmarked timeline fragments");
    let map_tag = built
        .page("timeline/index.html")
        .scripts
        .iter()
        .find(|t| t.attr("id") == Some("timeline-map"));
    let Some(map_tag) = map_tag else {
        p.push("timeline/index.html: no <script id=\"timeline-map\">".into());
        return p;
    };
    let shards: usize = match map_tag.attr("data-shards").map(str::parse) {
        Some(Ok(n)) if n > 0 => n,
        other => {
            p.push(format!(
                "timeline/index.html: <script id=\"timeline-map\"> has data-shards {other:?}"
            ));
            return p;
        }
    };
    let want_prefix = format!("{}timeline/events/", built.site.root);
    if map_tag.attr("data-prefix") != Some(want_prefix.as_str()) {
        p.push(format!(
            "timeline/index.html: data-prefix is {:?}, not {want_prefix:?}",
            map_tag.attr("data-prefix")
        ));
    }
    if map_tag.attr("data-root") != Some(built.site.root.as_str()) {
        p.push(format!(
            "timeline/index.html: data-root is {:?}, not {:?}",
            map_tag.attr("data-root"),
            built.site.root
        ));
    }
    // Every shard, parsed.
    let mut maps: Vec<BTreeMap<String, String>> = Vec::new();
    for s in 0..shards {
        let file = format!("timeline/events/{s}.json");
        let Some(bytes) = built.files.get(&file) else {
            p.push(format!("{file}: missing (data-shards is {shards})"));
            maps.push(BTreeMap::new());
            continue;
        };
        match serde_json::from_slice::<BTreeMap<String, String>>(bytes) {
            Ok(map) => {
                for id in map.keys() {
                    let home = fnv1a(id) as usize % shards;
                    if home != s {
                        p.push(format!("{file}: holds {id}, whose shard is {home}"));
                    }
                }
                maps.push(map);
            }
            Err(e) => {
                p.push(format!("{file}: not a JSON object of strings: {e}"));
                maps.push(BTreeMap::new());
            }
        }
    }
    let known: HashSet<&str> = events.iter().map(String::as_str).collect();
    for (s, map) in maps.iter().enumerate() {
        for id in map.keys().filter(|id| !known.contains(id.as_str())) {
            p.push(format!(
                "timeline/events/{s}.json: {id} is no event of the site"
            ));
        }
    }
    // Each event through its shard, as the script finds it.
    for id in events {
        let s = fnv1a(id) as usize % shards;
        let Some(path) = maps[s].get(id) else {
            p.push(format!(
                "/timeline/#event-{id}: not in timeline/events/{s}.json"
            ));
            continue;
        };
        if path.starts_with('/') || path.contains("://") {
            p.push(format!(
                "/timeline/#event-{id}: timeline/events/{s}.json maps it to {path:?}, not a path below the root"
            ));
            continue;
        }
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.clone()
        };
        match built.html.get(&file) {
            None => p.push(format!(
                "/timeline/#event-{id}: timeline/events/{s}.json maps it to {path}, which is no page"
            )),
            Some(page) if !page.ids.contains_key(&format!("event-{id}")) => p.push(format!(
                "/timeline/#event-{id}: timeline/events/{s}.json maps it to {path}, which has no id=\"event-{id}\""
            )),
            Some(_) => {}
        }
    }
    // Every event on exactly one timeline page, and nothing else named like one (the
    // overview's script is `id="timeline-map"`, outside the `event-` names, so that no event
    // id can take its element).
    let mut found: HashMap<&str, Vec<String>> = HashMap::new();
    let mut script_ids: HashSet<&str> = HashSet::new();
    let mut timeline_pages = 0;
    for (file, page) in built
        .html
        .iter()
        .filter(|(f, _)| f.starts_with("timeline/"))
    {
        timeline_pages += 1;
        script_ids.extend(page.scripts.iter().filter_map(|t| t.attr("id")));
        for (id, n) in &page.ids {
            if let Some(ev) = id.strip_prefix("event-") {
                for _ in 0..*n {
                    found.entry(ev).or_default().push(file.clone());
                }
            }
        }
    }
    for id in events {
        match found.get(id.as_str()) {
            Some(pages) if pages.len() == 1 => {}
            Some(pages) => p.push(format!(
                "event-{id}: {} elements on timeline pages {pages:?}",
                pages.len()
            )),
            None => p.push(format!("event-{id}: on no timeline page")),
        }
    }
    for (id, pages) in &found {
        let script = script_ids.contains(format!("event-{id}").as_str());
        if !known.contains(id) && !script {
            p.push(format!("event-{id} on {pages:?} is no event of the site"));
        }
    }
    eprintln!(
        "timeline: {} events on {timeline_pages} pages, {shards} shard(s)",
        events.len()
    );
    p
}

/// Each paginated list links its pages both ways: `first` has `rel="next"` to `second`,
/// `second` has `rel="prev"` back to `first`; and over the whole site, every `rel="next"`
/// target links back with `rel="prev"` and the reverse.
fn check_pagers(built: &Built, pairs: &[(String, String)]) -> Problems {
    let mut p = Problems::new("rel=\"next\"/rel=\"prev\" links of paginated lists");
    for (first, second) in pairs {
        if !built.html.contains_key(first) || !built.html.contains_key(second) {
            p.push(format!(
                "{first} and {second}: expected both pages of a split list ({} exists, {} exists)",
                built.html.contains_key(first),
                built.html.contains_key(second)
            ));
            continue;
        }
        if !built.rel_targets(first, "next").contains(second) {
            p.push(format!("{first}: no rel=\"next\" link to {second}"));
        }
        if !built.rel_targets(second, "prev").contains(first) {
            p.push(format!("{second}: no rel=\"prev\" link to {first}"));
        }
        if !built.rel_targets(first, "prev").is_empty() {
            p.push(format!("{first}: the first page has a rel=\"prev\" link"));
        }
    }
    let mut paged = 0;
    for from in built.html.keys() {
        for (rel, back) in [("next", "prev"), ("prev", "next")] {
            for to in built.rel_targets(from, rel) {
                paged += 1;
                if !built.html.contains_key(&to) {
                    continue; // reported by the link check
                }
                if !built.rel_targets(&to, back).contains(from) {
                    p.push(format!(
                        "{from}: rel=\"{rel}\" to {to}, which has no rel=\"{back}\" back"
                    ));
                }
            }
        }
    }
    eprintln!("rel=next/prev links: {paged}");
    p
}

/// Asserts the generated site crosses every split threshold of `src/render/layout.rs`
/// (the constants are crate-private; their values are repeated here).
fn assert_thresholds(site: &GeneratedSite) {
    let c = &site.counts;
    let checks = [
        ("events > TIMELINE_WHOLE (500)", c.events > 500),
        ("a year (2021) > YEAR_WHOLE (500)", c.events_2021 > 500),
        (
            "a month (2021-03) > EVENTS_PER_PAGE (250)",
            c.events_2021_03 > 250,
        ),
        ("year-only events in 2021", c.events_2021_year_only > 0),
        ("shared events", c.shared_events > 0),
        ("quotes > QUOTES_WHOLE (500)", c.quotes > 500),
        ("claims > CLAIMS_WHOLE (500)", c.claims > 500),
        ("actors > ACTORS_WHOLE (300)", c.actors > 300),
        (
            "every kind of actor",
            c.actors_by_kind.iter().all(|&k| k > 0),
        ),
        ("an actor with > 50 quotes", c.star_quotes > 50),
        ("an actor in > 50 briefings", c.star_briefings > 50),
        ("a tag with > 50 briefings", c.top_tag_briefings > 50),
        (
            "a folder with > 50 briefings",
            c.briefings - c.analysis > 50,
        ),
        ("a second folder", c.analysis > 0),
        (
            "events > EVENTS_PER_SHARD (1000): several shards",
            c.events > 1000,
        ),
    ];
    for (what, ok) in checks {
        assert!(ok, "the generated site must cross: {what}; counts: {c:#?}");
    }
}

#[test]
fn a_site_of_thousands_of_briefings_stays_navigable_and_light() {
    let t0 = Instant::now();
    let site = generate::generate(BRIEFINGS);
    let t_gen = t0.elapsed();
    eprintln!("generated: {:#?}", site.counts);
    assert_thresholds(&site);

    let t1 = Instant::now();
    let built = Built::of(&site.root, BASE_URL);
    let t_build = t1.elapsed();
    eprintln!(
        "output: {} files, {} HTML pages, {} bytes",
        built.files.len(),
        built.html.len(),
        built.files.values().map(Vec::len).sum::<usize>()
    );

    let t2 = Instant::now();
    let star = &site.star;
    let tag = &site.top_tag;
    let pairs: Vec<(String, String)> = [
        "briefings/",
        "analysis/",
        &format!("tags/{tag}/"),
        "timeline/2021/03/",
        "actors/",
        &format!("actors/{star}/quotes/"),
        &format!("actors/{star}/briefings/"),
        "claims/unverified/",
        "quotes/",
    ]
    .iter()
    .map(|first| {
        (
            format!("{first}index.html"),
            format!("{first}page/2/index.html"),
        )
    })
    .collect();
    let reports: Vec<String> = [
        check_reachable(&built, &site.briefing_pages),
        check_links(&built),
        check_sizes(&built),
        check_timeline(&built, &site.events),
        check_pagers(&built, &pairs),
    ]
    .iter()
    .filter_map(Problems::report)
    .collect();
    let t_check = t2.elapsed();
    eprintln!("time: generate {t_gen:.2?}, build {t_build:.2?}, checks {t_check:.2?}");
    assert!(reports.is_empty(), "{}", reports.join("\n"));
}

/// The event ids the sidecars of a site's published briefings list, read from the sources,
/// independently of the timeline pages (YAML front matter only, as the fixtures use).
fn sidecar_events(root: &std::path::Path) -> BTreeSet<String> {
    #[derive(serde::Deserialize)]
    struct Sidecar {
        #[serde(default)]
        events: Vec<EventId>,
    }
    #[derive(serde::Deserialize)]
    struct EventId {
        id: String,
    }
    let content = root.join("content");
    let mut ids = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&content) {
        let entry = entry.expect("walk");
        let path = entry.path();
        let sidecar = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if !sidecar || path.starts_with(content.join("actors")) {
            continue;
        }
        // A draft is left out of the build, and its events with it.
        let article = std::fs::read_to_string(path.with_extension("md")).unwrap_or_default();
        let front = article.split("\n---").next().unwrap_or_default();
        if front.lines().any(|l| l.trim() == "draft: true") {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read sidecar");
        let parsed: Sidecar =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        ids.extend(parsed.events.into_iter().map(|e| e.id));
    }
    ids
}

#[test]
fn a_small_site_keeps_every_event_on_one_timeline_page() {
    let example = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for (root, base_url) in [
        (common::fixture("core"), "https://example.org/sub/"),
        (example, "https://example.org/"),
    ] {
        let built = Built::of(&root, base_url);
        let events = sidecar_events(&root);
        assert!(
            !events.is_empty(),
            "{}: no events in the sidecars",
            root.display()
        );
        let timeline = built.page("timeline/index.html");
        for id in &events {
            assert_eq!(
                timeline.ids.get(&format!("event-{id}")),
                Some(&1),
                "{}: timeline/index.html must hold event-{id} once",
                root.display()
            );
        }
        assert!(
            !timeline
                .scripts
                .iter()
                .any(|t| t.attr("id") == Some("timeline-map")),
            "{}: a one-page timeline needs no event map",
            root.display()
        );
        let split: Vec<&String> = built
            .files
            .keys()
            .filter(|f| f.starts_with("timeline/") && *f != "timeline/index.html")
            .collect();
        assert!(
            split.is_empty(),
            "{}: a small site's timeline is one page, but the output has {split:?}",
            root.display()
        );
    }
}

#[test]
fn hrefs_resolve_like_a_browser() {
    let site = SiteUrl::new("https://example.org/sub/");
    let file = |f: &str, frag: Option<&str>| Target::File {
        file: f.into(),
        fragment: frag.map(Into::into),
    };
    let from = "briefings/b1/index.html";
    assert_eq!(
        resolve(&site, from, "/sub/actors/x/"),
        file("actors/x/index.html", None)
    );
    assert_eq!(resolve(&site, from, "/sub/"), file("index.html", None));
    assert_eq!(resolve(&site, from, "/sub"), file("index.html", None));
    assert_eq!(
        resolve(&site, from, "../b2/#quote-a"),
        file("briefings/b2/index.html", Some("quote-a"))
    );
    assert_eq!(resolve(&site, from, "#note-x"), file(from, Some("note-x")));
    assert_eq!(
        resolve(&site, from, "annotations.jsonld"),
        file("briefings/b1/annotations.jsonld", None)
    );
    assert_eq!(
        resolve(&site, "404.html", "style.css"),
        file("style.css", None)
    );
    assert_eq!(
        resolve(
            &site,
            from,
            "https://example.org/sub/tags/a%20b/?x=1#caf%C3%A9"
        ),
        file("tags/a b/index.html", Some("café"))
    );
    assert_eq!(
        resolve(&site, from, "https://other.example/sub/"),
        Target::External
    );
    assert_eq!(
        resolve(&site, from, "mailto:a@example.org"),
        Target::External
    );
    assert_eq!(
        resolve(&site, from, "/elsewhere/"),
        Target::OutsideRoot("/elsewhere/".into())
    );
    assert_eq!(
        resolve(&site, from, "/sub/x/#:~:text=a"),
        file("x/index.html", None)
    );
    assert_eq!(
        decode_entities("/a/?b=1&amp;c=&#x2F;&#39;&lt;"),
        "/a/?b=1&c=/'<"
    );
    let tags = start_tags(
        "<!-- <a href=\"no\"> --><p id='x'><a class=\"m\" href=\"/sub/a&amp;b/\" rel=\"next\">t</a><script id=\"s\">var a = '<a href=\"no\">';</script><br/>",
    );
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["p", "a", "script", "br"]);
    assert_eq!(tags[1].attr("href"), Some("/sub/a&b/"));
    assert_eq!(tags[0].attr("id"), Some("x"));
}

#[test]
fn the_checks_report_what_is_broken() {
    let page = |body: &str| format!("<!doctype html><html><body>{body}</body></html>").into_bytes();
    let files = HashMap::from([
        (
            "index.html".to_string(),
            page(
                "<a href=\"/sub/a/\">a</a> <a href=\"/sub/missing/\">m</a> \
                 <a href=\"a/#nope\">n</a> <a href=\"https://example.org/other/\">o</a> \
                 <a href=\"https://elsewhere.example/\">e</a> <a href=\"/sub/list/\">l</a>",
            ),
        ),
        ("a/index.html".to_string(), page("<p id=\"here\">a</p>")),
        ("b/index.html".to_string(), page("unlinked")),
        (
            "list/index.html".to_string(),
            page("<a rel=\"next\" href=\"page/2/\">older</a>"),
        ),
        ("list/page/2/index.html".to_string(), page("no way back")),
    ]);
    let built = Built::from_files(files, "https://example.org/sub/");
    let links = check_links(&built).list;
    assert_eq!(links.len(), 3, "{links:#?}");
    assert!(
        links[0].contains("index.html: <a href=\"/sub/missing/\"> -> no file missing/index.html")
    );
    assert!(
        links[1].contains("a/index.html has no id=\"nope\""),
        "{links:#?}"
    );
    assert!(
        links[2].contains("leaves the site root /sub/"),
        "{links:#?}"
    );
    let unreachable = check_reachable(&built, &["a/index.html".into(), "b/index.html".into()]).list;
    assert_eq!(
        unreachable,
        ["b/index.html: no chain of links from index.html leads to it"]
    );
    let pagers = check_pagers(&built, &[]).list;
    assert_eq!(
        pagers,
        ["list/index.html: rel=\"next\" to list/page/2/index.html, which has no rel=\"prev\" back"]
    );
}
