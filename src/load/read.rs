//! Reading one file into a `String`: size limit, UTF-8 check with the place of the first bad
//! byte, and a leading byte-order mark dropped (so offsets count from the first real char).

use std::path::Path;

use crate::diagnostics::{Diagnostic, Location};

/// Files larger than this are refused: no briefing, sidecar or template is anywhere near.
pub(crate) const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads `disk` (shown as `rel` in diagnostics) as UTF-8 text without a leading BOM.
pub(crate) fn read_text(disk: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(disk)
        .map_err(|e| Diagnostic::error(format!("cannot read file: {e}")).at(Location::file(rel)))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(format!(
            "file too large: {} bytes (gloss reads files up to {} MB)",
            meta.len(),
            MAX_FILE_BYTES / (1024 * 1024)
        ))
        .at(Location::file(rel)));
    }
    let bytes = std::fs::read(disk)
        .map_err(|e| Diagnostic::error(format!("cannot read file: {e}")).at(Location::file(rel)))?;
    decode(bytes, rel)
}

/// UTF-8 text of `bytes`, without a leading BOM; an error at the first bad byte otherwise.
pub(crate) fn decode(bytes: Vec<u8>, rel: &Path) -> Result<String, Diagnostic> {
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
            Err(Diagnostic::error(format!(
                "file is not UTF-8 text (invalid byte at offset {bad})"
            ))
            .at(Location::at(rel, line, col))
            .label("not UTF-8")
            .note("save the file as UTF-8"))
        }
    }
}
