//! The templates and assets a site is rendered with: the default theme carried inside the
//! binary, a theme of the site's own, and the site's single-template overrides, layered in
//! that order so each replaces what it names.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::Site;

/// A file of a theme: its name and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ThemeFile {
    pub(crate) name: String,
    /// Where the file is, relative to the site root (the built-in theme's files are named
    /// by their place in gloss's own repository).
    pub(crate) path: std::path::PathBuf,
    /// For error messages: where the file lives for the user.
    pub(crate) origin: String,
    pub(crate) text: String,
}

macro_rules! builtin_templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

macro_rules! builtin_static {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/default/static/", $name)) as &[u8])),*]
    };
}

/// The default theme's templates, compiled into gloss.
const BUILTIN_TEMPLATES: &[(&str, &str)] = builtin_templates!(
    "base.html",
    "index.html",
    "briefing.html",
    "actor.html",
    "actor-list.html",
    "actors.html",
    "archive.html",
    "event.html",
    "timeline.html",
    "timeline-overview.html",
    "timeline-period.html",
    "quotes.html",
    "quote-speakers.html",
    "claims.html",
    "claims-overview.html",
    "claims-status.html",
    "tag.html",
    "tags.html",
    "search.html",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "sitemap-index.xml",
    "partials/quote.html",
    "partials/claim.html",
    "partials/event.html",
    "partials/events-section.html",
    "partials/briefing-item.html",
    "partials/actor-card.html",
    "partials/pager.html",
    "partials/timeline-event.html",
    "partials/timeline-months.html",
    "partials/cards.html",
);

/// The default theme's assets, compiled into gloss.
const BUILTIN_STATIC: &[(&str, &[u8])] = builtin_static!("style.css", "gloss.js", "cards.js");

/// The templates to render with, layered: built-in, then the site's theme, then the site's
/// own `templates/`.
pub(crate) fn templates(site: &Site) -> Vec<ThemeFile> {
    let mut files: Vec<ThemeFile> = BUILTIN_TEMPLATES
        .iter()
        .map(|(name, text)| ThemeFile {
            name: (*name).to_string(),
            path: format!("themes/default/templates/{name}").into(),
            origin: format!("themes/default/templates/{name} (built in)"),
            text: (*text).to_string(),
        })
        .collect();
    let layers = site
        .theme
        .iter()
        .flat_map(|t| t.templates.iter())
        .chain(site.templates.iter());
    for t in layers {
        let file = ThemeFile {
            name: t.name.clone(),
            path: t.path.clone(),
            origin: t.path.display().to_string(),
            text: t.text.clone(),
        };
        match files.iter_mut().find(|f| f.name == t.name) {
            Some(slot) => *slot = file,
            None => files.push(file),
        }
    }
    files
}

/// The theme's assets: (output path, bytes). A site theme's assets replace the built-in
/// ones of the same name; the site's own `static/` is copied separately, over both.
pub(crate) fn theme_assets(site: &Site) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let mut out: Vec<(String, Vec<u8>)> = BUILTIN_STATIC
        .iter()
        .map(|(n, b)| ((*n).to_string(), b.to_vec()))
        .collect();
    let mut diags = Diagnostics::new();
    for f in site.theme.iter().flat_map(|t| t.static_files.iter()) {
        match std::fs::read(&f.disk) {
            Ok(bytes) => match out.iter_mut().find(|(n, _)| *n == f.output) {
                Some(slot) => slot.1 = bytes,
                None => out.push((f.output.clone(), bytes)),
            },
            Err(e) => diags.push(
                Diagnostic::error(format!("cannot read theme file: {e}"))
                    .at(Location::file(&f.disk)),
            ),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(out)
    }
}

/// Compiles the templates into one tera instance, reporting each broken template.
pub(crate) fn compile(files: &[ThemeFile]) -> Result<tera::Tera, Diagnostics> {
    let mut tera = tera::Tera::new();
    let pairs = files.iter().map(|f| (f.name.as_str(), f.text.as_str()));
    if let Err(e) = tera.add_raw_templates(pairs) {
        return Err(template_error(&e, files, "a template does not compile").into());
    }
    Ok(tera)
}

/// A tera error as a diagnostic at the template file, line and column it names (tera's
/// own report, when it names no place).
pub(crate) fn template_error(e: &tera::Error, files: &[ThemeFile], what: &str) -> Diagnostic {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let Some(report) = report else {
        return Diagnostic::error(format!("{what}: {}", error_chain(e)));
    };
    let mut d = Diagnostic::error(format!("{what}: {}", report.message()));
    match files.iter().find(|f| f.name == report.filename()) {
        Some(file) => {
            let span = report.span();
            let length = if span.end_line == span.start_line {
                span.end_col.saturating_sub(span.start_col).max(1)
            } else {
                1
            };
            d = d
                .at(Location {
                    file: file.path.clone(),
                    line: span.start_line,
                    column: span.start_col + 1,
                    length,
                })
                .label("here");
            if file.origin.ends_with("(built in)") {
                d = d.note(format!(
                    "{} is the built-in theme's; a site's templates/{} replaces it",
                    file.name, file.name
                ));
            }
        }
        None => d = d.note(error_chain(e)),
    }
    d
}

/// A tera error with its causes, one per line.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
