//! Helpers for the `gloss serve` tests: a small site on disk, the real binary started on it,
//! and a tiny HTTP/1.1 client over `TcpStream` (no client library needed).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any single wait in these tests may take.
pub const WAIT: Duration = Duration::from_secs(8);

/// The sidecar of the test briefing, quoting Xavier under `id`.
pub fn sidecar(id: &str, text: &str) -> String {
    format!("quotes:\n  - speaker: x\n    id: {id}\n    text: \"{text}\"\n")
}

/// Writes a small site into `root`: one actor, one briefing with one quote, two static files.
pub fn write_site(root: &Path) {
    let files: [(&str, String); 6] = [
        (
            "site.toml",
            "title = \"Serve test\"\nbase_url = \"https://example.org/\"\n".into(),
        ),
        (
            "content/actors/x.yaml",
            "name: Xavier Example\nkind: person\n".into(),
        ),
        (
            "content/briefings/a.md",
            "---\ntitle: A briefing\ndate: 2025-09-03\n---\n\nXavier Example said the plan is ready today.\n\nLater the committee said nothing new.\n".into(),
        ),
        ("content/briefings/a.yaml", sidecar("old-id", "the plan is ready")),
        ("static/robots.txt", "User-agent: *\n".into()),
        (
            "static/dot.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".into(),
        ),
    ];
    for (rel, text) in files {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// Saves `text` into `path` the way many editors do: a temporary file, then a rename.
pub fn save_like_an_editor(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(
        ".{}.tmp{}",
        path.file_name().unwrap().to_string_lossy(),
        std::process::id()
    ));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// A running `gloss serve`.
pub struct Server {
    child: Option<Child>,
    /// Where it listens.
    pub addr: SocketAddr,
    /// The address it printed, e.g. `http://127.0.0.1:4321/`.
    pub url: String,
    stderr: Arc<Mutex<String>>,
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    /// Starts `gloss serve --root root --port <free port>` and waits for its address.
    pub fn start(root: &Path) -> Server {
        Self::start_with(root, &[])
    }

    /// Like [`Server::start`], with more arguments.
    pub fn start_with(root: &Path, extra: &[&str]) -> Server {
        Self::start_waiting(root, extra, WAIT)
    }

    /// Like [`Server::start_with`], waiting up to `wait` for the first build (a large site's
    /// takes longer than [`WAIT`]).
    pub fn start_waiting(root: &Path, extra: &[&str], wait: Duration) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
            .args(["serve", "--root"])
            .arg(root)
            .args(["--port", &free_port().to_string()])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let err_pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let out_pipe = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out_pipe).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child: Some(child),
            addr: "127.0.0.1:1".parse().unwrap(),
            url: String::new(),
            stderr,
        };
        let line = rx
            .recv_timeout(wait)
            .unwrap_or_else(|_| panic!("no address printed; stderr:\n{}", server.stderr()));
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        let authority = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        server.addr = authority.parse().unwrap();
        server.url = url;
        server
    }

    /// What the server printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Response {
        get(self.addr, path)
    }

    /// Sends SIGINT (Ctrl-C) and waits for the process to end.
    pub fn stop(mut self) -> ExitStatus {
        let mut child = self.child.take().unwrap();
        let ok = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status;
            }
            if started.elapsed() > WAIT {
                let _ = child.kill();
                panic!("the server did not stop on Ctrl-C");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// An HTTP response.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Headers, names lowercased.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET path` (sent as is, not normalized) on a fresh connection.
pub fn get(addr: SocketAddr, path: &str) -> Response {
    let stream = TcpStream::connect_timeout(&addr, WAIT).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let mut reader = BufReader::new(stream);
    send(reader.get_mut(), path, false).unwrap();
    read_response(&mut reader).unwrap()
}

/// Writes a `GET path` request; `keep_alive` leaves the connection open after it.
pub fn send(stream: &mut TcpStream, path: &str, keep_alive: bool) -> std::io::Result<()> {
    let conn = if keep_alive { "keep-alive" } else { "close" };
    // One write, so the request is not split over packets (and delayed by Nagle).
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: {conn}\r\n\r\n");
    stream.write_all(request.as_bytes())
}

/// Reads one response with a `Content-Length` body (all the server sends but the stream).
pub fn read_response(reader: &mut BufReader<TcpStream>) -> std::io::Result<Response> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((n, v)) = l.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// An open `/__gloss/events` stream, read as it comes.
pub struct Events {
    stream: TcpStream,
    seen: String,
    cursor: usize,
}

impl Events {
    /// Opens the event stream as a page of build `build` would.
    pub fn open(addr: SocketAddr, build: &str) -> Events {
        let mut stream = TcpStream::connect_timeout(&addr, WAIT).unwrap();
        send(&mut stream, &format!("/__gloss/events?build={build}"), true).unwrap();
        let mut e = Events {
            stream,
            seen: String::new(),
            cursor: 0,
        };
        assert!(e.wait_for("\r\n\r\n", WAIT), "no event stream headers");
        assert!(e.seen.contains("text/event-stream"), "{}", e.seen);
        e
    }

    /// Waits up to `limit` for `needle` past what earlier calls consumed; consumes up to
    /// its end when found.
    pub fn wait_for(&mut self, needle: &str, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(i) = self.seen[self.cursor..].find(needle) {
                self.cursor += i + needle.len();
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            self.stream
                .set_read_timeout(Some((deadline - now).max(Duration::from_millis(1))))
                .unwrap();
            let mut buf = [0u8; 4096];
            match self.stream.read(&mut buf) {
                Ok(0) => return false,
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("event stream: {e}"),
            }
        }
    }

    /// Everything received since the last match.
    pub fn rest(&self) -> &str {
        &self.seen[self.cursor..]
    }

    /// Counts `needle` in everything received within `limit` from now.
    pub fn count_within(&mut self, needle: &str, limit: Duration) -> usize {
        let mut n = 0;
        let deadline = Instant::now() + limit;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            if left.is_zero() || !self.wait_for(needle, left) {
                break;
            }
            n += 1;
        }
        n
    }
}

/// The build id a served page names in its reload script.
pub fn build_id(html: &str) -> String {
    let at = html.find("?build=").expect("no reload script in the page") + "?build=".len();
    html[at..].split('"').next().unwrap().to_string()
}

/// A temporary folder holding the test site.
pub fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    write_site(&root);
    (dir, root)
}
