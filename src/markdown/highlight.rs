//! Code highlighting with syntect, into CSS classes.
//!
//! Fenced code is highlighted with CSS classes rather than inline colours, so a site picks
//! its colours with one stylesheet ([`theme_css`]) and pages stay small. Classes use
//! syntect's `ClassStyle::SpacedPrefixed` with the prefix `hl-` (`<span class="hl-source
//! hl-rust">`), so they never clash with a theme's own class names.
//!
//! Loading syntect's syntaxes takes a while, so [`Highlighter::new`] is cheap and the
//! syntaxes are loaded on the first code block; one highlighter is shared by every page.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::contrast::{Scheme, readable};

/// The class style of every highlighted span and of [`theme_css`].
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Highlights fenced code; `Send + Sync`, so pages may be rendered in parallel.
#[derive(Debug, Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
}

impl Highlighter {
    /// A highlighter; syntaxes are loaded on first use.
    pub fn new() -> Self {
        Highlighter::default()
    }

    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// `code` as HTML spans with `hl-` classes (no `<pre>` around), or `None` when `lang`
    /// (a name or file extension such as `rust` or `rs`) is unknown.
    pub fn highlight(&self, code: &str, lang: &str) -> Option<String> {
        let lang = lang.trim();
        if lang.is_empty() {
            return None;
        }
        let syntaxes = self.syntaxes();
        let syntax = syntaxes.find_syntax_by_token(lang)?;
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }
}

/// The CSS for a syntect theme's classes (as used by [`Highlighter::highlight`]), its
/// colours made readable on the default theme's backgrounds in `scheme`
/// ([`super::contrast::readable`]); the error names the themes there are.
pub fn theme_css(name: &str, scheme: Scheme) -> Result<String, String> {
    let mut themes = ThemeSet::load_defaults();
    let Some(theme) = themes.themes.remove(name) else {
        let names: Vec<&str> = themes.themes.keys().map(String::as_str).collect();
        return Err(format!(
            "unknown highlight theme `{name}`; the themes are: {}",
            names.join(", ")
        ));
    };
    css_for_theme_with_class_style(&readable(theme, scheme), CLASS_STYLE)
        .map_err(|e| format!("theme `{name}`: {e}"))
}

/// The names of the themes [`theme_css`] knows, sorted.
pub fn theme_names() -> Vec<String> {
    ThemeSet::load_defaults().themes.into_keys().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn highlighter_is_shareable() {
        assert_send_sync::<Highlighter>();
    }

    #[test]
    fn known_languages_get_classes() {
        let h = Highlighter::new();
        let html = h.highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(h.highlight("x", "rs").is_some());
        assert!(h.highlight("x", "no-such-language").is_none());
        assert!(h.highlight("x", "").is_none());
    }

    #[test]
    fn highlighted_code_is_escaped() {
        let html = Highlighter::new()
            .highlight("a < b && c\n", "rust")
            .unwrap();
        assert!(!html.contains("< b"), "{html}");
    }

    #[test]
    fn themes_are_listed_and_unknown_ones_named() {
        let names = theme_names();
        assert!(names.iter().any(|n| n == "InspiredGitHub"));
        assert!(
            theme_css("InspiredGitHub", Scheme::Light)
                .unwrap()
                .contains(".hl-")
        );
        let err = theme_css("nope", Scheme::Dark).unwrap_err();
        assert!(err.contains("InspiredGitHub"), "{err}");
    }
}
