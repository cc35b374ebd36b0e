//! How long each stage of a run took, printed on stderr when `GLOSS_TIMINGS` is set: for
//! profiling a site (BENCHMARKS.md uses it), never part of normal output.

use std::time::Instant;

/// A stopwatch over the stages of one run; a value each run makes and passes along.
#[derive(Debug)]
pub struct Phases {
    on: bool,
    started: Instant,
    last: Instant,
}

impl Phases {
    /// A stopwatch that prints only when `GLOSS_TIMINGS` is set.
    pub fn from_env() -> Self {
        let now = Instant::now();
        Phases {
            on: std::env::var_os("GLOSS_TIMINGS").is_some(),
            started: now,
            last: now,
        }
    }

    /// Ends the stage `what`: prints its time and the total so far.
    pub fn mark(&mut self, what: &str) {
        if !self.on {
            return;
        }
        let now = Instant::now();
        eprintln!(
            "timing: {what:<24} {:>8.1} ms (total {:>8.1} ms), resident {:>6} MB",
            (now - self.last).as_secs_f64() * 1e3,
            (now - self.started).as_secs_f64() * 1e3,
            resident_mb()
        );
        self.last = now;
    }
}

/// The process's resident memory in MB, from `/proc/self/statm` (0 where there is none).
fn resident_mb() -> u64 {
    let pages = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .unwrap_or(0);
    pages * 4096 / (1024 * 1024)
}
