//! One rebuild: the whole site rendered in memory, reported on the terminal, and handed to
//! the server's state (or its problems, when it fails).
//!
//! Every rebuild reads again only the briefings and actor files that changed (by size and
//! modification time), resolves the whole site (nothing is written to disk), then renders
//! again only the pages whose inputs changed since the last good build: the render cache
//! compares each page's template variables and each briefing's Markdown and marks.

use std::path::PathBuf;
use std::time::Instant;

use super::site_state::SiteState;

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
    /// terminal ("built", "rebuilt"). Returns whether it succeeded.
    pub(crate) fn run(&mut self, state: &SiteState, what: &str) -> bool {
        let started = Instant::now();
        let result = crate::build_pages_cached(
            &self.root,
            Some(self.base_url.clone()),
            self.drafts,
            &mut self.cache,
        );
        let ms = started.elapsed().as_millis();
        match result {
            Ok(site) => {
                eprint!(
                    "{}",
                    site.warnings.render_summary(
                        &site.texts,
                        false,
                        crate::diagnostics::WARNINGS_SHOWN
                    )
                );
                eprintln!(
                    "{what} {} briefings, {} files in {ms} ms ({} sources read, {} briefings resolved, {} pages rendered, the rest unchanged)",
                    site.briefings,
                    site.pages.len(),
                    self.cache.load.reread,
                    self.cache.resolve.resolved,
                    self.cache.render.rendered_pages
                );
                state.publish(site.pages);
                true
            }
            Err(f) => {
                let text = f.diagnostics.render(&f.texts).replace("\r\n", "\n");
                eprint!("{text}");
                let n = f.diagnostics.error_count();
                let s = if n == 1 { "" } else { "s" };
                eprintln!(
                    "error: the site has {n} error{s} ({ms} ms); still serving the last good build"
                );
                state.fail(text);
                false
            }
        }
    }
}
