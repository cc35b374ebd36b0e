//! One rebuild: the site loaded, resolved and planned in memory, reported on the terminal,
//! and handed to the server's state (or its problems, when it fails).
//!
//! Every rebuild reads again only the briefings and actor files that changed (by size and
//! modification time), resolves the site again (resolving again only the briefings whose
//! files changed), and prepares the plan of its pages; nothing is written to disk. Each page
//! is rendered when a browser asks for it, or taken from an earlier build when its inputs
//! (its template variables, a briefing's Markdown and marks) are unchanged.

use std::path::PathBuf;
use std::time::Instant;

use super::site_state::SiteState;
use crate::diagnostics::{Diagnostics, count};
use crate::load::Changes;

/// What every build of this run is asked for.
#[derive(Debug)]
pub(crate) struct Rebuilder {
    /// The site root.
    pub(crate) root: PathBuf,
    /// The server's own address, in place of `site.toml`'s `base_url`.
    pub(crate) base_url: String,
    /// Include drafts.
    pub(crate) drafts: bool,
    /// What the last build read and rendered, reused where a file or a page's inputs did
    /// not change.
    pub(crate) cache: crate::BuildCache,
}

impl Rebuilder {
    /// Builds the site and publishes the result into `state`; `what` names the build on the
    /// terminal ("built", "rebuilt"); `changes` are the files changed since the last build,
    /// when the watcher knows them. Returns whether it succeeded.
    pub(crate) fn run(&mut self, state: &SiteState, what: &str, changes: &Changes) -> bool {
        let started = Instant::now();
        let result = crate::build_on_demand(
            &self.root,
            Some(self.base_url.clone()),
            self.drafts,
            &mut self.cache,
            changes,
        );
        let ms = started.elapsed().as_millis();
        match result {
            Ok(served) => {
                eprint!(
                    "{}",
                    served.warnings.render_summary(
                        &served.texts,
                        false,
                        crate::diagnostics::WARNINGS_SHOWN
                    )
                );
                eprintln!(
                    "{what} {}, {} pages in {ms} ms ({} sources read, {} briefings resolved; each page is rendered when first asked for)",
                    count(served.site.site().briefings.len(), "briefing", "briefings"),
                    served.site.files(),
                    self.cache.load.reread,
                    self.cache.resolve.resolved,
                );
                state.publish(Box::new(served.site));
                true
            }
            Err(f) => {
                let mut text = f.diagnostics.render(&f.texts).replace("\r\n", "\n");
                if let Some(offer) = drift_offer(&f.diagnostics, &self.root) {
                    text = format!("{offer}\n\n{text}");
                }
                eprint!("{text}");
                let errors = count(f.diagnostics.error_count(), "error", "errors");
                let serving = if state.has_good_build() {
                    "still serving the last good build"
                } else {
                    "nothing to serve until they are fixed; the page shows them"
                };
                eprintln!("error: the site has {errors} ({ms} ms); {serving}");
                state.fail(text);
                false
            }
        }
    }
}

/// What the overlay says first when an edit left anchors without their words: how many,
/// and the command that follows them (`--root` when the site is not the current folder).
pub(crate) fn drift_offer(diagnostics: &Diagnostics, root: &std::path::Path) -> Option<String> {
    let n = diagnostics
        .iter()
        .filter(|d| crate::resolve::is_drift(d))
        .count();
    if n == 0 {
        return None;
    }
    let here = std::env::current_dir()
        .ok()
        .and_then(|d| std::path::absolute(d).ok());
    let command = if here.as_deref() == Some(root) {
        "gloss check --fix".to_string()
    } else {
        format!("gloss check --fix --root {}", root.display())
    };
    let (s, no) = if n == 1 { ("", "s") } else { ("s", "") };
    Some(format!(
        "{n} anchor{s} no longer find{no} {} words: run `{command}` to follow them \
         (it rewrites only the clear ones and lists each change)",
        if n == 1 { "its" } else { "their" }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn the_offer_counts_drifted_anchors_and_names_the_command() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error("x").label("these words were not found"));
        d.push(Diagnostic::error("y").label("which one?"));
        d.push(Diagnostic::error("unknown actor").label("no actor has this id"));
        let root = std::path::Path::new("/nowhere/site");
        assert_eq!(
            drift_offer(&d, root).as_deref(),
            Some(
                "2 anchors no longer find their words: run `gloss check --fix --root /nowhere/site` \
                 to follow them (it rewrites only the clear ones and lists each change)"
            )
        );
        assert_eq!(drift_offer(&Diagnostics::new(), root), None);
    }
}
