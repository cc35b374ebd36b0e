//! Writing a file so that a crash leaves the old file or the new one, never half of each:
//! what `check --fix` does to sidecars and every run does to `gloss.lock`.

use std::path::Path;

/// Writes `text` to a temporary file in `path`'s folder, then renames it over `path`
/// (keeping `path`'s permissions when it exists).
pub(crate) fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    write_pieces_atomically(path, std::iter::once(text))
}

/// [`write_atomically`] for a text in pieces, written one after another.
pub(crate) fn write_pieces_atomically<'a>(
    path: &Path,
    pieces: impl Iterator<Item = &'a str>,
) -> std::io::Result<()> {
    write_bytes_atomically(path, pieces.map(str::as_bytes), true)
}

/// [`write_atomically`] for bytes in pieces, without waiting for the disk to hold them
/// before the rename: for `.gloss-cache/`, whose checksum finds a file a crash cut short,
/// whose 150 MB at 10,000 briefings waiting for would add a third of a second to the run
/// that fills it.
pub(crate) fn write_cache_atomically<'a>(
    path: &Path,
    pieces: impl Iterator<Item = &'a [u8]>,
) -> std::io::Result<()> {
    write_bytes_atomically(path, pieces, false)
}

/// Writes `pieces` to a temporary file beside `path` and renames it over `path`; with
/// `durable`, the file's bytes are on the disk before the rename.
fn write_bytes_atomically<'a>(
    path: &Path,
    pieces: impl Iterator<Item = &'a [u8]>,
    durable: bool,
) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Unique within the process too: two threads may write the same file at once.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.gloss-tmp-{}-{n}", std::process::id()));
    let result = (|| {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        for piece in pieces {
            f.write_all(piece)?;
        }
        let f = f.into_inner().map_err(|e| e.into_error())?;
        if durable {
            f.sync_all()?;
        }
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
