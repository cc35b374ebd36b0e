//! `site.toml`: the settings of a site, as the user wrote them.
//!
//! Parsing (with unknown keys rejected and a "did you mean") lives in `load::config_file`;
//! this module only says what the settings are and what each defaults to.

use serde::Deserialize;

/// The whole of `site.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name, shown in every page's header and the feed.
    pub title: String,
    /// Where the site is published, e.g. `https://example.org/briefings/`; required to build.
    #[serde(default)]
    pub base_url: Option<String>,
    /// One or two sentences about the site, for the home page and meta tags.
    #[serde(default)]
    pub description: Option<String>,
    /// The language of the site's pages, as a BCP 47 tag (`en`).
    #[serde(default = "default_language")]
    pub language: String,
    /// The theme folder under `themes/` to use; the built-in default theme when unset.
    #[serde(default)]
    pub theme: Option<String>,
    /// The output folder, relative to the site root.
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    /// How annotations are shown.
    #[serde(default)]
    pub annotations: AnnotationsConfig,
    /// How Markdown is rendered.
    #[serde(default)]
    pub markdown: MarkdownConfig,
}

fn default_language() -> String {
    "en".to_string()
}

fn default_output_dir() -> String {
    "public".to_string()
}

/// The `[annotations]` table.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnotationsConfig {
    /// Which mentions of actor names in the text become links to the actor's page.
    #[serde(default)]
    pub link_mentions: LinkMentions,
}

/// Which mentions of an actor's name or alias are linked to the actor page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkMentions {
    /// Each actor's first mention in a briefing.
    #[default]
    First,
    /// Every mention.
    All,
    /// None.
    None,
}

/// The `[markdown]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// The syntect theme whose colours become the code-highlighting CSS.
    #[serde(default = "default_highlight_theme")]
    pub highlight_theme: String,
    /// The syntect theme of code in dark mode (`prefers-color-scheme: dark`).
    #[serde(default = "default_highlight_theme_dark")]
    pub highlight_theme_dark: String,
    /// Curly quotes, en and em dashes and ellipses from their ASCII spellings.
    #[serde(default = "default_true")]
    pub smart_punctuation: bool,
    /// Pass raw HTML in Markdown through as HTML; when false (the default) it is shown as text.
    #[serde(default)]
    pub unsafe_html: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_theme: default_highlight_theme(),
            highlight_theme_dark: default_highlight_theme_dark(),
            smart_punctuation: true,
            unsafe_html: false,
        }
    }
}

fn default_highlight_theme() -> String {
    "InspiredGitHub".to_string()
}

fn default_highlight_theme_dark() -> String {
    "base16-eighties.dark".to_string()
}

fn default_true() -> bool {
    true
}
