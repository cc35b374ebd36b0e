//! Front matter: the YAML (`---`) or TOML (`+++`) block at the top of a Markdown file,
//! split from the body and read into [`FrontMatter`].

use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Location};
use crate::load::SharedText;
use crate::load::config_file::toml_error_at;
use crate::load::source::{FrontMatter, Located, RawDate, SourceInfo, SourceKind};
use crate::load::yaml::YamlSrc;

/// Which language the front matter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fence {
    /// `---`
    Yaml,
    /// `+++`
    Toml,
}

/// Where the parts of a Markdown file are, in bytes of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Split {
    /// The front matter's language.
    pub(crate) fence: Fence,
    /// Start of the text between the fences.
    pub(crate) start: usize,
    /// Its length.
    pub(crate) len: usize,
    /// Where the body starts (after the closing fence's line).
    pub(crate) body_offset: usize,
}

/// Lines of `text` as (start offset, line without its `\n`/`\r\n`, offset after the line).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str, usize)> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        pos = end;
        let line = text[start..end]
            .trim_end_matches('\n')
            .trim_end_matches('\r');
        Some((start, line, end))
    })
}

/// Finds the front matter of `text` (`None` when the file does not start with a fence).
pub(crate) fn split(file: &Path, text: &str) -> Option<Result<Split, Diagnostic>> {
    let mut it = lines(text);
    let (_, first, after_first) = it.next()?;
    let fence = match first.trim_end() {
        "---" => Fence::Yaml,
        "+++" => Fence::Toml,
        _ => return None,
    };
    let mark = if fence == Fence::Yaml { "---" } else { "+++" };
    for (start, line, end) in it {
        if line.trim_end() == mark {
            return Some(Ok(Split {
                fence,
                start: after_first,
                len: start - after_first,
                body_offset: end,
            }));
        }
    }
    Some(Err(Diagnostic::error("front matter does not close")
        .at(Location {
            length: 3,
            ..Location::at(file, 1, 1)
        })
        .label("opened here")
        .note(format!(
            "end the front matter with a line holding only `{mark}`"
        ))))
}

/// A briefing's front matter and body.
#[derive(Debug, Clone)]
pub(crate) struct Parsed<T> {
    /// The front matter.
    pub(crate) front: T,
    /// The Markdown after it, sharing the file's text.
    pub(crate) body: SharedText,
    /// Byte offset of the body in the text.
    pub(crate) body_offset: usize,
}

/// Reads a briefing: front matter (required, with `title` and `date`) and body.
pub(crate) fn parse_briefing(
    file: &Path,
    shared: &Arc<str>,
) -> Result<Parsed<FrontMatter>, Vec<Diagnostic>> {
    let text: &str = shared;
    let split =
        match split(file, text) {
            None => {
                return Err(
                    vec![Diagnostic::error("missing front matter: title and date are required")
                .at(Location::at(file, 1, 1))
                .note("start the file with a `---` line, then `title:` and `date:`, then `---`")],
                );
            }
            Some(Err(d)) => return Err(vec![d]),
            Some(Ok(s)) => s,
        };
    let front = match split.fence {
        Fence::Yaml => {
            let src = YamlSrc::part(file, text, split.start, split.len);
            src.parse::<YamlFront>().and_then(|f| f.convert(&src))?
        }
        Fence::Toml => {
            let toml = &text[split.start..split.start + split.len];
            toml::from_str::<TomlFront>(toml)
                .map_err(|e| vec![toml_error_at(file, text, split.start, &e)])
                .and_then(|f| f.convert(file, text, split.start))?
        }
    };
    Ok(Parsed {
        front,
        body: SharedText::new(shared.clone(), split.body_offset),
        body_offset: split.body_offset,
    })
}

/// Reads the home page: optional front matter with an optional `title`, then the body.
pub(crate) fn parse_home(
    file: &Path,
    shared: &Arc<str>,
) -> Result<Parsed<Option<String>>, Diagnostic> {
    let text: &str = shared;
    let Some(split) = split(file, text) else {
        return Ok(Parsed {
            front: None,
            body: SharedText::new(shared.clone(), 0),
            body_offset: 0,
        });
    };
    let split = split?;
    let front: HomeFront = match split.fence {
        Fence::Yaml => YamlSrc::part(file, text, split.start, split.len)
            .parse()
            .map_err(first_problem)?,
        Fence::Toml => toml::from_str(&text[split.start..split.start + split.len])
            .map_err(|e| toml_error_at(file, text, split.start, &e))?,
    };
    Ok(Parsed {
        front: front.title,
        body: SharedText::new(shared.clone(), split.body_offset),
        body_offset: split.body_offset,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HomeFront {
    #[serde(default)]
    title: Option<String>,
    /// Accepted for symmetry with briefings; the home page shows no date.
    #[serde(default)]
    #[allow(dead_code)]
    date: Option<serde::de::IgnoredAny>,
    /// Accepted; the site's description in site.toml is what meta tags use.
    #[serde(default)]
    #[allow(dead_code)]
    summary: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YamlFront {
    title: Spanned<String>,
    date: Spanned<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    #[serde(default)]
    source: Option<YamlSourceInfo>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    slug: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YamlSourceInfo {
    #[serde(default)]
    url: Option<Spanned<String>>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    published: Option<Spanned<String>>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    kind: Option<SourceKind>,
}

impl YamlFront {
    fn convert(self, src: &YamlSrc<'_>) -> Result<FrontMatter, Vec<Diagnostic>> {
        let date = |s: Spanned<String>| {
            let l = src.located(s);
            Located::new(RawDate(l.value), l.loc)
        };
        Ok(FrontMatter {
            title: src.located(self.title),
            date: date(self.date),
            summary: self.summary,
            authors: self.authors,
            tags: self.tags.into_iter().map(|t| src.located(t)).collect(),
            source: self.source.map(|s| SourceInfo {
                url: s.url.map(|u| src.located(u)),
                publisher: s.publisher,
                published: s.published.map(date),
                language: s.language,
                kind: s.kind,
            }),
            draft: self.draft,
            slug: self.slug.map(|s| src.located(s)),
        })
    }
}

type TSpanned<T> = toml::Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFront {
    title: TSpanned<String>,
    date: TSpanned<toml::Value>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    tags: Vec<TSpanned<String>>,
    #[serde(default)]
    source: Option<TomlSourceInfo>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    slug: Option<TSpanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlSourceInfo {
    #[serde(default)]
    url: Option<TSpanned<String>>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    published: Option<TSpanned<toml::Value>>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    kind: Option<SourceKind>,
}

impl TomlFront {
    fn convert(self, file: &Path, text: &str, base: usize) -> Result<FrontMatter, Vec<Diagnostic>> {
        let loc =
            |r: std::ops::Range<usize>| Location::from_offset(file, text, base + r.start, r.len());
        let string = |s: TSpanned<String>| Located::new(s.get_ref().clone(), loc(s.span()));
        let mut errors = Vec::new();
        let mut date = |v: TSpanned<toml::Value>| {
            let l = loc(v.span());
            let raw = match v.into_inner() {
                toml::Value::String(s) => s,
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Datetime(d) => d.to_string(),
                other => {
                    errors.push(
                        Diagnostic::error(format!("expected a date, found a {}", other.type_str()))
                            .at(l.clone())
                            .label("not a date"),
                    );
                    String::new()
                }
            };
            Located::new(RawDate(raw), l)
        };
        let front = FrontMatter {
            title: string(self.title),
            date: date(self.date),
            summary: self.summary,
            authors: self.authors,
            tags: self.tags.into_iter().map(string).collect(),
            source: self.source.map(|s| SourceInfo {
                url: s.url.map(string),
                publisher: s.publisher,
                published: s.published.map(&mut date),
                language: s.language,
                kind: s.kind,
            }),
            draft: self.draft,
            slug: self.slug.map(string),
        };
        if errors.is_empty() {
            Ok(front)
        } else {
            Err(errors)
        }
    }
}

/// The first of a file's problems (the home page's front matter reports one).
fn first_problem(mut problems: Vec<Diagnostic>) -> Diagnostic {
    if problems.is_empty() {
        Diagnostic::error("the front matter could not be read")
    } else {
        problems.swap_remove(0)
    }
}

/// Test-only: the fields of a briefing's front matter, its `source`, and the home page's.
#[cfg(test)]
pub(crate) fn accepted_fields() -> Vec<(&'static str, &'static [&'static str])> {
    use crate::load::fields::fields_of;
    vec![
        ("front matter", fields_of::<YamlFront>()),
        ("front matter source", fields_of::<YamlSourceInfo>()),
        ("home front matter", fields_of::<HomeFront>()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Parsed<FrontMatter>, Vec<Diagnostic>> {
        parse_briefing(Path::new("content/a.md"), &Arc::from(text))
    }

    #[test]
    fn load_front_yaml() {
        let text = "---\ntitle: Hello\ndate: 2025-09-03\ntags: [a, b]\nsource:\n  kind: news\n  published: 2024\n---\nBody *x*\n";
        let r = p(text).unwrap();
        assert_eq!(r.front.title.value, "Hello");
        assert_eq!((r.front.title.loc.line, r.front.title.loc.column), (2, 8));
        assert_eq!(r.front.date.value, RawDate("2025-09-03".into()));
        assert_eq!(r.front.date.loc.line, 3);
        assert_eq!(r.front.tags[1].value, "b");
        let src = r.front.source.unwrap();
        assert_eq!(src.kind, Some(SourceKind::News));
        assert_eq!(src.published.unwrap().value, RawDate("2024".into()));
        assert_eq!(r.body, "Body *x*\n");
        assert_eq!(&text[r.body_offset..], r.body.as_str());
    }

    #[test]
    fn load_front_toml_and_crlf() {
        let text = "+++\r\ntitle = \"Hi\"\r\ndate = 2025-09-03\r\ndraft = true\r\n+++\r\nBody\r\n";
        let r = p(text).unwrap();
        assert_eq!(r.front.title.value, "Hi");
        assert_eq!((r.front.title.loc.line, r.front.title.loc.column), (2, 9));
        assert_eq!(r.front.date.value, RawDate("2025-09-03".into()));
        assert!(r.front.draft);
        assert_eq!(r.body, "Body\r\n");
        assert_eq!(&text[r.body_offset..], r.body.as_str());
    }

    #[test]
    fn load_front_errors() {
        let e = p("---\ntitle: x\n").unwrap_err();
        assert_eq!(e[0].message, "front matter does not close");
        assert_eq!(e[0].location.as_ref().unwrap().line, 1);
        let e = p("# Just markdown\n").unwrap_err();
        assert!(e[0].message.starts_with("missing front matter"));
        let e = p("---\ntitle: x\n---\n").unwrap_err();
        assert!(e[0].message.contains("`date`"), "{}", e[0].message);
        let e = p("---\ntitle: x\ndate: 2024\ntitel: y\n---\n").unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, 4);
        assert_eq!(e[0].suggestion.as_deref(), Some("did you mean `title`?"));
        let e = p("+++\ntitle = \"x\"\ndate = 2024\nslgu = \"y\"\n+++\n").unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, 4);
        assert_eq!(e[0].suggestion.as_deref(), Some("did you mean `slug`?"));
        let e = p("+++\ntitle = \"x\"\ndate = true\n+++\n").unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn load_front_home_optional() {
        let h = parse_home(Path::new("content/index.md"), &Arc::from("Hello\n")).unwrap();
        assert_eq!((h.front, h.body_offset), (None, 0));
        let h = parse_home(
            Path::new("content/index.md"),
            &Arc::from("---\ntitle: Home\n---\nHi\n"),
        )
        .unwrap();
        assert_eq!(h.front.as_deref(), Some("Home"));
        assert_eq!(h.body, "Hi\n");
    }
}
