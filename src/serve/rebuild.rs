//! One rebuild: the whole site rendered in memory, reported on the terminal, and handed to
//! the server's state (or its problems, when it fails).
//!
//! Every rebuild is a full one: load, resolve and render, with nothing written to disk. It
//! is fast enough for a preview (see the README for figures); re-rendering only the pages a
//! change can reach is left for later.

use std::path::PathBuf;
use std::time::Instant;

use super::site_state::SiteState;

/// What every build of this run is asked for.
#[derive(Debug, Clone)]
pub(crate) struct Rebuilder {
    /// The site root.
    pub(crate) root: PathBuf,
    /// The server's own address, in place of `site.toml`'s `base_url`.
    pub(crate) base_url: String,
    /// Include drafts.
    pub(crate) drafts: bool,
}

impl Rebuilder {
    /// Builds the site and publishes the result into `state`; `what` names the build on the
    /// terminal ("built", "rebuilt"). Returns whether it succeeded.
    pub(crate) fn run(&self, state: &SiteState, what: &str) -> bool {
        let started = Instant::now();
        let result = crate::build_pages(&self.root, Some(self.base_url.clone()), self.drafts);
        let ms = started.elapsed().as_millis();
        match result {
            Ok(site) => {
                eprint!("{}", site.warnings.render(&site.texts));
                eprintln!(
                    "{what} {} briefings, {} files in {ms} ms",
                    site.briefings,
                    site.pages.len()
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
