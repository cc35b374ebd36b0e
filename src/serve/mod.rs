//! `gloss serve`: a local preview that rebuilds on every save and reloads the open page.
//!
//! The site is built in memory (never into `public/`) with the server's own address as its
//! `base_url`; each page is rendered when first asked for (see
//! [`crate::render::OnDemandSite`]). A watcher thread turns saves under the source folders
//! into in-memory rebuilds; a good build replaces the served one and tells open pages to
//! reload over server-sent events, a bad one leaves the last good
//! build in place and sends its diagnostics to the terminal and to an overlay in the page.
//! Everything the parts share is one [`site_state`] value passed to them; nothing is global.

mod http;
mod mime;
mod paths;
mod rebuild;
mod reload;
mod site_state;
mod watch;

use std::future::IntoFuture;
use std::io::{self, Write as _};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use rebuild::Rebuilder;
use site_state::SiteState;

/// How many ports after the asked one `serve` tries when it is taken.
const MORE_PORTS: u16 = 20;
/// How long open connections get to finish once the server is told to stop.
const GRACE: Duration = Duration::from_secs(2);

/// What `gloss serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root (the folder with `site.toml`).
    pub root: PathBuf,
    /// The port to listen on; the next free one (up to 20 further) when it is taken. `0`
    /// lets the system pick one.
    pub port: u16,
    /// The address to listen on (`127.0.0.1` unless told otherwise).
    pub bind: IpAddr,
    /// Include briefings marked `draft: true`.
    pub drafts: bool,
    /// Open the site in the browser once it is served.
    pub open: bool,
    /// Take the first build's unchanged briefings from `.gloss-cache/`, and keep there what
    /// it parsed and resolved (`--no-cache` turns it off).
    pub cache: bool,
}

/// Why the server could not run.
#[derive(Debug)]
pub enum ServeError {
    /// No port from the asked one to 20 further could be listened on.
    NoPort {
        /// The address asked for.
        bind: IpAddr,
        /// The first port tried.
        port: u16,
        /// The error of the last try.
        error: io::Error,
    },
    /// The file watcher could not start.
    Watch(notify::Error),
    /// The server itself failed (the async runtime, or the listening socket).
    Server(io::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::NoPort { bind, port, error } => write!(
                f,
                "cannot listen on {bind} at port {port} or the {MORE_PORTS} after it: {error}"
            ),
            ServeError::Watch(e) => write!(f, "cannot watch the site's files: {e}"),
            ServeError::Server(e) => write!(f, "the server failed: {e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Builds the site, serves it and rebuilds it on every change until Ctrl-C (or SIGTERM).
///
/// A site with errors at the start is still served: the pages show the problems in an
/// overlay, and the first good build replaces it.
pub fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    let root = std::path::absolute(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let listener = listen(opts.bind, opts.port)?;
    let port = listener.local_addr().map_err(ServeError::Server)?.port();
    let address = format!("http://{}/", url_authority(opts.bind, port));
    let state = Arc::new(SiteState::new(run_id()));
    let mut rebuilder = Rebuilder {
        root: root.clone(),
        base_url: address.clone(),
        drafts: opts.drafts,
        cache: crate::BuildCache {
            load: if opts.cache {
                crate::load::LoadCache::with_disk(crate::open_disk_cache(&root))
            } else {
                crate::load::LoadCache::default()
            },
            ..crate::BuildCache::default()
        },
    };
    // Watching starts before the first build, so that a file saved while it reads is seen:
    // a rebuild trusts every file the watcher did not report.
    let (tx, rx) = mpsc::channel();
    let watcher = watch::SourceWatcher::start(&root, tx.clone()).map_err(ServeError::Watch)?;
    rebuilder.run(&state, "built", &crate::load::Changes::Unknown);
    let watch_state = state.clone();
    let watch_thread = std::thread::spawn(move || {
        watch::run(watcher, rx, |changes| {
            eprintln!("change detected; rebuilding");
            rebuilder.run(&watch_state, "rebuilt", changes);
        });
    });

    if opts.bind.is_unspecified() {
        eprintln!(
            "listening on every interface ({}), as asked",
            SocketAddr::new(opts.bind, port)
        );
    }
    // The address goes to stdout, for scripts that start the server; a closed stdout is not
    // a reason to stop serving.
    let _ = writeln!(
        io::stdout(),
        "serving {} at {address} (Ctrl-C to stop)",
        root.display()
    );
    if opts.open {
        open_browser(&address);
    }

    let served = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Server)
        .and_then(|rt| rt.block_on(run_server(listener, state)));
    // The watcher thread ends at the next message; a rebuild in progress finishes first.
    let _ = tx.send(watch::Message::Stop);
    let _ = watch_thread.join();
    eprintln!("stopped");
    served
}

/// Listens on `bind` at `port`, or the first free port of the 20 after it.
fn listen(bind: IpAddr, port: u16) -> Result<TcpListener, ServeError> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(MORE_PORTS)
    };
    let mut error = io::Error::from(io::ErrorKind::AddrInUse);
    for p in port..=last {
        match TcpListener::bind((bind, p)) {
            Ok(l) => {
                if p != port {
                    eprintln!("port {port} is taken; using {p}");
                }
                return Ok(l);
            }
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => error = e,
            Err(e) => {
                error = e;
                break;
            }
        }
    }
    Err(ServeError::NoPort { bind, port, error })
}

/// Host and port as they go in the site's links: an address that listens everywhere is
/// linked as the loopback one, which always reaches it from this machine.
fn url_authority(bind: IpAddr, port: u16) -> String {
    match bind {
        IpAddr::V4(a) if a.is_unspecified() => format!("{}:{port}", Ipv4Addr::LOCALHOST),
        IpAddr::V4(a) => format!("{a}:{port}"),
        IpAddr::V6(a) if a.is_unspecified() => format!("[{}]:{port}", Ipv6Addr::LOCALHOST),
        IpAddr::V6(a) => format!("[{a}]:{port}"),
    }
}

/// Serves until a stop signal; open connections (event streams included) get [`GRACE`] to
/// close.
async fn run_server(listener: TcpListener, state: Arc<SiteState>) -> Result<(), ServeError> {
    listener.set_nonblocking(true).map_err(ServeError::Server)?;
    let listener = tokio::net::TcpListener::from_std(listener).map_err(ServeError::Server)?;
    let app = http::router(state.clone());
    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    let signal = async move {
        stop_signal().await;
        eprintln!("stopping");
        state.shutdown();
        let _ = stopping_tx.send(());
    };
    let server = axum::serve(listener, app)
        .with_graceful_shutdown(signal)
        .into_future();
    let deadline = async {
        if stopping_rx.await.is_ok() {
            tokio::time::sleep(GRACE).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        r = server => r.map_err(ServeError::Server),
        () = deadline => Ok(()),
    }
}

/// Resolves on Ctrl-C (or SIGTERM on Unix); never when no handler can be installed.
async fn stop_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

/// A name for this run of the server, different from the previous run's.
fn run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:x}{:x}", nanos, std::process::id())
}

/// Asks the system to open `url` in the browser; a failure only prints a note.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        // Reap it when it exits, so it does not linger as a zombie.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => eprintln!("note: could not open a browser ({program}: {e})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_name_a_reachable_host() {
        let v4 = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(url_authority(v4("127.0.0.1"), 1111), "127.0.0.1:1111");
        assert_eq!(url_authority(v4("0.0.0.0"), 80), "127.0.0.1:80");
        assert_eq!(url_authority(v4("::"), 80), "[::1]:80");
        assert_eq!(url_authority(v4("::1"), 8080), "[::1]:8080");
    }

    #[test]
    fn takes_the_next_free_port() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        if port > u16::MAX - MORE_PORTS {
            return;
        }
        let l = listen(IpAddr::V4(Ipv4Addr::LOCALHOST), port).unwrap();
        assert_ne!(l.local_addr().unwrap().port(), port);
    }
}
