//! Reading one file into a `String`: size limit, UTF-8 check with the place of the first bad
//! byte, and a leading byte-order mark dropped (so offsets count from the first real char).

use std::path::Path;

use crate::diagnostics::{Diagnostic, Location};

/// Files larger than this are refused: no briefing, sidecar or template is anywhere near.
pub(crate) const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file could not be read, and its text with bad bytes replaced when it was read but is
/// not UTF-8 (so the report can show the line).
pub(crate) type Unreadable = (Diagnostic, Option<String>);

/// Reads `disk` (shown as `rel` in diagnostics) as UTF-8 text without a leading BOM.
pub(crate) fn read_text(disk: &Path, rel: &Path) -> Result<String, Unreadable> {
    let cannot = |e: std::io::Error| {
        (
            Diagnostic::error(format!("cannot read file: {e}")).at(Location::file(rel)),
            None,
        )
    };
    let meta = std::fs::metadata(disk).map_err(cannot)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err((
            Diagnostic::error(format!(
                "file too large: {} bytes (gloss reads files up to {} MB)",
                meta.len(),
                MAX_FILE_BYTES / (1024 * 1024)
            ))
            .at(Location::file(rel)),
            None,
        ));
    }
    let bytes = std::fs::read(disk).map_err(cannot)?;
    decode(bytes, rel).map_err(|(d, bytes)| (d, Some(String::from_utf8_lossy(&bytes).into_owned())))
}

/// UTF-8 text of `bytes`, without a leading BOM; an error at the first bad byte otherwise
/// (with the bytes back).
pub(crate) fn decode(bytes: Vec<u8>, rel: &Path) -> Result<String, (Diagnostic, Vec<u8>)> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..'\u{feff}'.len_utf8());
            }
            Ok(s)
        }
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // `valid_up_to` marks the end of the longest valid prefix, so this cannot fail.
            let good = std::str::from_utf8(&bytes[..bad]).unwrap_or("");
            let line = good.matches('\n').count() + 1;
            let col = good[good.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            let d = Diagnostic::error(format!(
                "file is not UTF-8 text (invalid byte at offset {bad})"
            ))
            .at(Location::at(rel, line, col))
            .label("not UTF-8")
            .note("save the file as UTF-8");
            Err((d, bytes))
        }
    }
}
