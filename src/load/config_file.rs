//! `site.toml`: read with toml into [`SiteConfig`], with syntax, type and unknown-key errors
//! placed at their line and column.

use std::path::Path;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Location};
use crate::load::yaml::unknown_field;

/// The relative path of the settings file.
pub const SITE_TOML: &str = "site.toml";

/// Parses the text of `site.toml`.
pub(crate) fn parse_config(text: &str) -> Result<SiteConfig, Diagnostic> {
    toml::from_str::<SiteConfig>(text).map_err(|e| toml_error(Path::new(SITE_TOML), text, &e))
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
    fn load_config_unknown_key_suggests() {
        let d = parse_config("title = \"T\"\n[markdown]\nsmart_punctuaton = true\n").unwrap_err();
        assert_eq!(d.message, "unknown field `smart_punctuaton`");
        let loc = d.location.unwrap();
        assert_eq!((loc.line, loc.column), (3, 1));
        assert_eq!(
            d.suggestion.as_deref(),
            Some("did you mean `smart_punctuation`?")
        );
    }

    #[test]
    fn load_config_top_level_unknown_key() {
        let d = parse_config("title = \"T\"\nbase_ulr = \"x\"\n").unwrap_err();
        assert_eq!(d.suggestion.as_deref(), Some("did you mean `base_url`?"));
        assert_eq!(d.location.unwrap().line, 2);
    }

    #[test]
    fn load_config_missing_title_and_wrong_type() {
        let d = parse_config("language = \"en\"\n").unwrap_err();
        assert!(d.message.contains("title"), "{}", d.message);
        let d = parse_config("title = 3\n").unwrap_err();
        assert_eq!(d.location.unwrap().line, 1);
        let d = parse_config("title = \"x\n").unwrap_err();
        assert_eq!(d.location.unwrap().line, 1);
    }
}
