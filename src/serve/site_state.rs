//! What the server knows at any moment: the last good build, the problems of the latest
//! build when it failed, and the channel that tells open pages what happened.
//!
//! One [`SiteState`] is shared (behind an `Arc`) by the HTTP handlers, which read it, and the
//! rebuild loop, which replaces its snapshot; nothing is global. A failed build never
//! replaces the snapshot, so the server keeps serving the last good site.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use axum::body::Bytes;
use tokio::sync::broadcast;

use super::reload;
use crate::diagnostics::{Diagnostics, SourceTexts};
use crate::render::OnDemandSite;

/// The files of a build as the server finds them: `has` says whether an output path exists,
/// `file` gives its bytes (rendering a page when it is first asked for), or the rendered
/// problem when its template fails.
pub(crate) trait ServedFiles: Send + Sync + std::fmt::Debug {
    /// Whether the build has a file at output path `key`.
    fn has(&self, key: &str) -> bool;
    /// The file at output path `key`.
    fn file(&self, key: &str) -> Option<Result<Bytes, String>>;
}

impl ServedFiles for OnDemandSite {
    fn has(&self, key: &str) -> bool {
        OnDemandSite::has(self, key)
    }

    fn file(&self, key: &str) -> Option<Result<Bytes, String>> {
        OnDemandSite::file(self, key)
            .map(|r| r.map_err(|d| Diagnostics::from(d).render(&SourceTexts::default())))
    }
}

/// Files held in memory, by output path (the state before the first good build, and tests).
impl ServedFiles for HashMap<String, Bytes> {
    fn has(&self, key: &str) -> bool {
        self.contains_key(key)
    }

    fn file(&self, key: &str) -> Option<Result<Bytes, String>> {
        self.get(key).cloned().map(Ok)
    }
}

/// A complete build as served (the reload script is added to HTML as it is served).
#[derive(Debug)]
pub(crate) struct Snapshot {
    files: Box<dyn ServedFiles>,
    /// The body of not-found answers: the site's `404.html`, or a stand-in.
    not_found: Bytes,
    /// Names this build; pages carry it so a page that missed a rebuild can tell.
    pub(crate) build_id: String,
}

impl Snapshot {
    fn new(files: Box<dyn ServedFiles>, build_id: String) -> Self {
        let page = files.file("404.html").and_then(Result::ok);
        let not_found = Bytes::from(reload::inject(
            page.as_deref().unwrap_or(
                b"<!doctype html><title>Not found</title><body><h1>Not found</h1></body>",
            ),
            &build_id,
        ));
        Snapshot {
            files,
            not_found,
            build_id,
        }
    }

    /// The bytes served for the output path `key`: HTML pages get the reload script here,
    /// as they are asked for, so a rebuild shares the bytes of every page it did not change.
    /// An error is the rendered problem of a page whose template failed.
    pub(crate) fn page(&self, key: &str) -> Option<Result<Bytes, String>> {
        let bytes = match self.files.file(key)? {
            Ok(b) => b,
            Err(e) => return Some(Err(e)),
        };
        Some(Ok(if key.ends_with(".html") {
            Bytes::from(reload::inject(&bytes, &self.build_id))
        } else {
            bytes
        }))
    }

    /// Whether the build has a page at output path `key`.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.files.has(key)
    }

    /// The body to answer unknown paths with.
    pub(crate) fn not_found(&self) -> Bytes {
        self.not_found.clone()
    }
}

/// What the rebuild loop tells open pages.
#[derive(Debug, Clone)]
pub(crate) enum Notice {
    /// A new good build is being served: reload.
    Reload,
    /// The latest build failed; the text is its rendered diagnostics.
    Problems(Arc<str>),
    /// The server is stopping: end every event stream.
    Shutdown,
}

#[derive(Debug)]
struct Current {
    snapshot: Arc<Snapshot>,
    problems: Option<Arc<str>>,
    builds: u64,
}

/// The state the server shares between its handlers and its rebuild loop.
#[derive(Debug)]
pub(crate) struct SiteState {
    current: RwLock<Current>,
    notices: broadcast::Sender<Notice>,
    /// Tells this run's build ids from another run's, so a page served by a previous
    /// `gloss serve` reloads when it reconnects.
    run: String,
}

impl SiteState {
    /// A state with no good build yet; `run` names this run of the server.
    pub(crate) fn new(run: String) -> Self {
        let (notices, _) = broadcast::channel(64);
        let build_id = format!("{run}-0");
        SiteState {
            current: RwLock::new(Current {
                snapshot: Arc::new(Snapshot::new(Box::new(HashMap::new()), build_id)),
                problems: None,
                builds: 0,
            }),
            notices,
            run,
        }
    }

    /// Serves `files` from now on, clears the problems, and tells open pages to reload.
    pub(crate) fn publish(&self, files: Box<dyn ServedFiles>) {
        let builds = self.read(|c| c.builds) + 1;
        let snapshot = Arc::new(Snapshot::new(files, format!("{}-{builds}", self.run)));
        let last = {
            let mut c = self.current.write().unwrap_or_else(PoisonError::into_inner);
            c.problems = None;
            c.builds = builds;
            std::mem::replace(&mut c.snapshot, snapshot)
        };
        // No receiver (no page open) is not a problem.
        let _ = self.notices.send(Notice::Reload);
        // Freeing a large site's last build takes longer than the reload: not on its way.
        crate::drop_later(last);
    }

    /// Records that the latest build failed with `problems` (rendered diagnostics) and tells
    /// open pages; the last good build stays served.
    pub(crate) fn fail(&self, problems: String) {
        let problems: Arc<str> = problems.into();
        {
            let mut c = self.current.write().unwrap_or_else(PoisonError::into_inner);
            c.problems = Some(problems.clone());
        }
        let _ = self.notices.send(Notice::Problems(problems));
    }

    /// Ends every event stream, so that the server can stop.
    pub(crate) fn shutdown(&self) {
        let _ = self.notices.send(Notice::Shutdown);
    }

    /// The build being served.
    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        self.read(|c| c.snapshot.clone())
    }

    /// Whether a good build was ever published (before one, there is nothing to fall back on).
    pub(crate) fn has_good_build(&self) -> bool {
        self.read(|c| c.builds > 0)
    }

    /// The problems of the latest build, when it failed.
    pub(crate) fn problems(&self) -> Option<Arc<str>> {
        self.read(|c| c.problems.clone())
    }

    /// A receiver of every notice sent from now on.
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Notice> {
        self.notices.subscribe()
    }

    fn read<T>(&self, f: impl FnOnce(&Current) -> T) -> T {
        // A writer that panicked left whole values behind (each field is replaced in one
        // assignment), so the poisoned state is still consistent.
        f(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pages: &[(&str, &str)]) -> Box<dyn ServedFiles> {
        let map: HashMap<String, Bytes> = pages
            .iter()
            .map(|(p, t)| (p.to_string(), Bytes::from(t.to_string())))
            .collect();
        Box::new(map)
    }

    fn text(b: Option<Result<Bytes, String>>) -> String {
        String::from_utf8(b.unwrap().unwrap().to_vec()).unwrap()
    }

    #[test]
    fn publish_injects_html_only_and_names_the_build() {
        let state = SiteState::new("r".into());
        assert_eq!(state.snapshot().build_id, "r-0");
        state.publish(files(&[
            ("index.html", "<body>hi</body>"),
            ("style.css", "body{}"),
        ]));
        let snap = state.snapshot();
        assert_eq!(snap.build_id, "r-1");
        assert!(text(snap.page("index.html")).contains("build=r-1"));
        assert_eq!(text(snap.page("style.css")), "body{}");
        assert!(
            std::str::from_utf8(&snap.not_found())
                .unwrap()
                .contains("Not found")
        );
    }

    #[test]
    fn failure_keeps_the_last_good_build() {
        let state = SiteState::new("r".into());
        let mut rx = state.subscribe();
        state.publish(files(&[("index.html", "<body>one</body>")]));
        assert!(matches!(rx.try_recv(), Ok(Notice::Reload)));
        state.fail("error: bad".into());
        assert!(matches!(rx.try_recv(), Ok(Notice::Problems(p)) if &*p == "error: bad"));
        assert_eq!(state.snapshot().build_id, "r-1");
        assert!(state.snapshot().has("index.html"));
        assert_eq!(state.problems().as_deref(), Some("error: bad"));
        state.publish(files(&[("index.html", "<body>two</body>")]));
        assert!(state.problems().is_none());
        assert_eq!(state.snapshot().build_id, "r-2");
    }
}
