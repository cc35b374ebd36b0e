//! `site.toml`: read with toml into [`SiteConfig`], with syntax, type and unknown-key errors
//! placed at their line and column.

use std::path::Path;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Location};
use crate::load::yaml::unknown_field;

/// The relative path of the settings file.
pub const SITE_TOML: &str = "site.toml";

/// Parses the text of `site.toml`, reporting every unknown key at once: each is blanked
/// (its line turned to spaces, so every other position stays) and the file read again.
pub(crate) fn parse_config(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    let file = Path::new(SITE_TOML);
    let mut problems = Vec::new();
    let mut read = text.to_string();
    loop {
        let e = match toml::from_str::<SiteConfig>(&read) {
            Ok(config) if problems.is_empty() => return Ok(config),
            Ok(_) => return Err(problems),
            Err(e) => e,
        };
        problems.push(toml_error(file, text, &e));
        let unknown = parse_unknown_field(e.message().trim()).is_some();
        let Some(span) = e.span().filter(|_| unknown) else {
            return Err(problems);
        };
        if problems.len() >= crate::load::yaml_recover::MAX_PROBLEMS_PER_FILE {
            return Err(problems);
        }
        let start = read[..span.start.min(read.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let end = read[start..].find('\n').map_or(read.len(), |i| start + i);
        let spaces = " ".repeat(read[start..end].len());
        read.replace_range(start..end, &spaces);
    }
}

/// A toml error as a diagnostic in `file`, whose text is `text`; `base` is the byte offset
/// of the parsed TOML in the file (for front matter).
pub(crate) fn toml_error_at(
    file: &Path,
    text: &str,
    base: usize,
    e: &toml::de::Error,
) -> Diagnostic {
    let loc = e.span().map_or_else(
        || Location::file(file),
        |r| Location::from_offset(file, text, base + r.start, r.end.saturating_sub(r.start)),
    );
    let msg = e.message().trim().to_string();
    let d = match parse_unknown_field(&msg) {
        Some((field, expected)) => unknown_field(&field, expected.iter().map(String::as_str)),
        None => match parse_missing_field(&msg) {
            Some(field) => {
                let d = Diagnostic::error(format!("missing required field `{field}`"));
                match field.as_str() {
                    "title" => d.suggest("add a line `title = \"My briefings\"`"),
                    "date" => d.suggest("add a line `date = 2025-09-03`"),
                    _ => d,
                }
            }
            None => Diagnostic::error(first_line(&msg)),
        },
    };
    d.at(loc)
}

fn toml_error(file: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    toml_error_at(file, text, 0, e)
}

fn first_line(msg: &str) -> String {
    msg.lines().next().unwrap_or(msg).to_string()
}

/// The words between backticks in `s`, in order.
fn backticked(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// serde's "unknown field `x`, expected one of `a`, `b`" as (`x`, [a, b]).
fn parse_unknown_field(msg: &str) -> Option<(String, Vec<String>)> {
    let rest = msg.strip_prefix("unknown field ")?;
    let mut words = backticked(rest);
    if words.is_empty() {
        return None;
    }
    let field = words.remove(0);
    Some((field, words))
}

/// serde's "missing field `x`" as `x`.
fn parse_missing_field(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("missing field ")?;
    backticked(rest).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_config_minimal_uses_defaults() {
        let c = parse_config("title = \"T\"\n").unwrap();
        assert_eq!(c.title, "T");
        assert_eq!(c.language, "en");
        assert_eq!(c.output_dir, "public");
    }

    #[test]
    fn load_config_every_unknown_key_at_once() {
        let e =
            parse_config("title = \"T\"\nbase_ulr = \"x\"\n[markdown]\nsmart_punctuaton = true\n")
                .unwrap_err();
        let found: Vec<(&str, usize)> = e
            .iter()
            .map(|d| (d.message.as_str(), d.location.as_ref().unwrap().line))
            .collect();
        assert_eq!(
            found,
            vec![
                ("unknown field `base_ulr`", 2),
                ("unknown field `smart_punctuaton`", 4)
            ]
        );
    }

    #[test]
    fn load_config_unknown_key_suggests() {
        let d = parse_config("title = \"T\"\n[markdown]\nsmart_punctuaton = true\n").unwrap_err();
        let d = &d[0];
        assert_eq!(d.message, "unknown field `smart_punctuaton`");
        let loc = d.location.clone().unwrap();
        assert_eq!((loc.line, loc.column), (3, 1));
        assert_eq!(
            d.suggestion.as_deref(),
            Some("did you mean `smart_punctuation`?")
        );
    }

    #[test]
    fn load_config_top_level_unknown_key() {
        let d = parse_config("title = \"T\"\nbase_ulr = \"x\"\n").unwrap_err();
        let d = &d[0];
        assert_eq!(d.suggestion.as_deref(), Some("did you mean `base_url`?"));
        assert_eq!(d.location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn load_config_missing_title_and_wrong_type() {
        let d = &parse_config("language = \"en\"\n").unwrap_err()[0];
        assert!(d.message.contains("title"), "{}", d.message);
        let d = &parse_config("title = 3\n").unwrap_err()[0];
        assert_eq!(d.location.as_ref().unwrap().line, 1);
        let d = &parse_config("title = \"x\n").unwrap_err()[0];
        assert_eq!(d.location.as_ref().unwrap().line, 1);
    }
}
