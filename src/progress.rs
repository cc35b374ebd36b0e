//! The progress bar of `gloss build` on a terminal: shown once a build has run for a second,
//! so a small site's build prints nothing but its summary, and never drawn when stderr is
//! not a terminal or `CI` is set (logs stay plain text).

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before its progress is shown.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// The progress of one build: a count of the pages written so far.
pub(crate) struct Progress {
    /// None when progress is not shown at all.
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Progress on stderr when it is a terminal and the run is not in CI; silent otherwise.
    pub(crate) fn for_stderr() -> Self {
        let shown = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = shown.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            // The template is a constant known to parse; fall back to the default if not.
            let style =
                ProgressStyle::with_template("{spinner} {human_pos} pages written ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar
        });
        Progress { bar }
    }

    /// The callback to hand the build: counts a page, and shows the bar after [`QUIET_FOR`].
    pub(crate) fn counter(&self) -> Option<gloss::PageCounter> {
        let bar = self.bar.clone()?;
        let started = Instant::now();
        let visible = Arc::new(AtomicBool::new(false));
        Some(gloss::PageCounter(Arc::new(move || {
            bar.inc(1);
            if started.elapsed() >= QUIET_FOR && !visible.swap(true, Ordering::Relaxed) {
                bar.set_draw_target(ProgressDrawTarget::stderr());
                bar.enable_steady_tick(Duration::from_millis(100));
            }
        })))
    }

    /// Clears the bar, so the summary is printed on a clean line.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
