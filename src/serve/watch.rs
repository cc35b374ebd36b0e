//! Watching the site's sources and turning editor saves into rebuilds.
//!
//! Editors save in bursts: a temporary file written then renamed over the original, a vim
//! probe file named `4913`, `.swp` swap files, `~` backups, emacs `.#` locks. The debouncer
//! (20 ms) merges the events of one file; this module drops the events that cannot change
//! the site (reads, hidden files, editor droppings, anything outside the source folders, so
//! never the output folder) and waits for the burst to settle before asking for one rebuild.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use notify::RecommendedWatcher;
use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Event, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::load::Changes;

/// How long the debouncer waits for a file's events to stop. An editor's save (a write,
/// or a temporary file renamed over the original) is over within a millisecond or two; a
/// file still being written when the rebuild starts is read again on its next event.
const DEBOUNCE: Duration = Duration::from_millis(20);
/// After a relevant batch, how long to wait for more (another file of the same save: a
/// briefing and its sidecar written together) before rebuilding.
const SETTLE: Duration = Duration::from_millis(10);

/// The folders of a site whose files change what is built.
const SOURCE_DIRS: [&str; 4] = ["content", "static", "templates", "themes"];
/// The file of a site's settings.
const SITE_TOML: &str = "site.toml";

/// What the watcher thread is told.
#[derive(Debug)]
pub(crate) enum Message {
    /// A debounced batch of file events (or watcher errors).
    Changes(DebounceEventResult),
    /// The server is stopping.
    Stop,
}

/// The file watcher: the root (for `site.toml` and new source folders) and each source
/// folder that exists, recursively.
pub(crate) struct SourceWatcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: HashSet<PathBuf>,
}

impl SourceWatcher {
    /// Starts watching the site at `root`; every debounced batch is sent to `tx`.
    pub(crate) fn start(root: &Path, tx: Sender<Message>) -> notify::Result<Self> {
        let handler = move |r: DebounceEventResult| {
            // The receiver is gone only when the server is stopping.
            let _ = tx.send(Message::Changes(r));
        };
        let debouncer = new_debouncer(DEBOUNCE, None, handler)?;
        let mut w = SourceWatcher {
            debouncer,
            root: root.to_path_buf(),
            watched: HashSet::new(),
        };
        w.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        w.watch_new_folders()?;
        Ok(w)
    }

    /// Watches the source folders that appeared since the last call.
    pub(crate) fn watch_new_folders(&mut self) -> notify::Result<()> {
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            if path.is_dir() && !self.watched.contains(&path) {
                self.debouncer.watch(&path, RecursiveMode::Recursive)?;
                self.watched.insert(path);
            }
        }
        // A folder that was removed is watched again when it comes back.
        self.watched.retain(|p| p.is_dir());
        Ok(())
    }
}

/// Runs until told to stop: waits for a relevant change, lets the burst settle, then calls
/// `rebuild` once with the files the burst changed.
pub(crate) fn run(
    mut watcher: SourceWatcher,
    rx: Receiver<Message>,
    mut rebuild: impl FnMut(&Changes),
) {
    loop {
        let mut changes = Changes::Files(HashSet::new());
        match rx.recv() {
            Ok(Message::Changes(batch)) => {
                if !gather(&watcher.root, &batch, &mut changes) {
                    continue;
                }
            }
            Ok(Message::Stop) | Err(_) => return,
        }
        loop {
            match rx.recv_timeout(SETTLE) {
                Ok(Message::Changes(batch)) => {
                    gather(&watcher.root, &batch, &mut changes);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if let Err(e) = watcher.watch_new_folders() {
            eprintln!("warning: cannot watch a new folder: {e}");
        }
        rebuild(&changes);
    }
}

/// Adds the source files a batch changed to `changes` (relative to `root`); returns whether
/// the batch can change the site. Lost events, or a watcher that asks for a rescan, make
/// the changes unknown: the rebuild then walks the whole site.
fn gather(root: &Path, batch: &DebounceEventResult, changes: &mut Changes) -> bool {
    match batch {
        Ok(events) => {
            let mut relevant = false;
            for e in events {
                if e.need_rescan() {
                    *changes = Changes::Unknown;
                    relevant = true;
                    continue;
                }
                if !is_relevant(root, e) {
                    continue;
                }
                relevant = true;
                if let Changes::Files(files) = changes {
                    files.extend(
                        e.paths
                            .iter()
                            .filter(|p| is_source_path(root, p))
                            .filter_map(|p| p.strip_prefix(root).ok())
                            .map(Path::to_path_buf),
                    );
                }
            }
            relevant
        }
        Err(errors) => {
            for e in errors {
                eprintln!("warning: file watcher: {e}");
            }
            // Events may have been lost: rebuild, walking the whole site, to be sure.
            *changes = Changes::Unknown;
            true
        }
    }
}

/// Whether an event can change the built site: a change (not a read) to a source path.
pub(crate) fn is_relevant(root: &Path, event: &Event) -> bool {
    let changes = match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    };
    changes && event.paths.iter().any(|p| is_source_path(root, p))
}

/// Whether `path` is a source of the site at `root`: `site.toml`, or a file under a source
/// folder that is not hidden and not an editor's swap, backup, lock or probe file.
pub(crate) fn is_source_path(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut names = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(n) => names.push(n.to_string_lossy()),
            _ => return false,
        }
    }
    let (Some(first), Some(last)) = (names.first(), names.last()) else {
        return false;
    };
    if names.len() == 1 {
        return first == SITE_TOML || SOURCE_DIRS.contains(&first.as_ref());
    }
    SOURCE_DIRS.contains(&first.as_ref())
        && !names.iter().any(|n| n.starts_with('.'))
        && !is_editor_file(last)
}

fn is_editor_file(name: &str) -> bool {
    name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".crswap"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind, RenameMode};

    fn root() -> PathBuf {
        PathBuf::from("/site")
    }

    #[test]
    fn sources_count_and_the_rest_does_not() {
        let r = root();
        for good in [
            "site.toml",
            "content/briefings/a.yaml",
            "content/actors/x.yaml",
            "templates/base.html",
            "themes/t/static/style.css",
            "static/logo.png",
            "content",
        ] {
            assert!(is_source_path(&r, &r.join(good)), "{good}");
        }
        for bad in [
            "public/index.html",
            "target/debug/gloss",
            "README.md",
            ".git/index",
            "content/briefings/.a.yaml.swp",
            "content/briefings/.a.yaml.swx",
            "content/briefings/a.yaml~",
            "content/briefings/4913",
            "content/briefings/.#a.yaml",
            "content/briefings/#a.yaml#",
            "content/.hidden/a.md",
            "static/a.css.tmp",
        ] {
            assert!(!is_source_path(&r, &r.join(bad)), "{bad}");
        }
        assert!(!is_source_path(&r, Path::new("/elsewhere/site.toml")));
    }

    #[test]
    fn reads_do_not_count() {
        let r = root();
        let path = r.join("content/briefings/a.md");
        let ev = |kind| Event::new(kind).add_path(path.clone());
        assert!(!is_relevant(
            &r,
            &ev(EventKind::Access(AccessKind::Open(AccessMode::Any)))
        ));
        assert!(!is_relevant(
            &r,
            &ev(EventKind::Access(AccessKind::Close(AccessMode::Read)))
        ));
        assert!(is_relevant(
            &r,
            &ev(EventKind::Access(AccessKind::Close(AccessMode::Write)))
        ));
        assert!(is_relevant(&r, &ev(EventKind::Modify(ModifyKind::Any))));
        assert!(is_relevant(&r, &ev(EventKind::Create(CreateKind::File))));
    }

    #[test]
    fn a_rename_over_a_source_counts() {
        let r = root();
        let ev = Event::new(EventKind::Modify(ModifyKind::Name(RenameMode::Both)))
            .add_path(r.join("content/briefings/.a.yaml.tmp1234"))
            .add_path(r.join("content/briefings/a.yaml"));
        assert!(is_relevant(&r, &ev));
    }

    #[test]
    fn a_batch_gives_its_source_files_and_a_rescan_makes_them_unknown() {
        use notify::event::Flag;
        use notify_debouncer_full::DebouncedEvent;
        let r = root();
        let at = |ev: Event| DebouncedEvent::new(ev, std::time::Instant::now());
        let edit = Event::new(EventKind::Modify(ModifyKind::Any))
            .add_path(r.join("content/briefings/a.md"))
            .add_path(r.join("content/briefings/.a.md.swp"));
        let mut changes = Changes::Files(HashSet::new());
        assert!(gather(&r, &Ok(vec![at(edit)]), &mut changes));
        match &changes {
            Changes::Files(f) => assert_eq!(
                f.iter().collect::<Vec<_>>(),
                [Path::new("content/briefings/a.md")]
            ),
            Changes::Unknown => panic!("known"),
        }
        let rescan = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert!(gather(&r, &Ok(vec![at(rescan)]), &mut changes));
        assert!(matches!(changes, Changes::Unknown));
    }
}
