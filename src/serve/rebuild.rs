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
use crate::diagnostics::count;
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
                let text = f.diagnostics.render(&f.texts).replace("\r\n", "\n");
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
