//! The live-reload script and where it goes.
//!
//! Served HTML pages (never `build` output) get a small script before `</body>` that listens
//! to the server's event stream: a `reload` event reloads the page at the same scroll
//! position, a `problems` event shows the build's diagnostics in an overlay over the last good
//! page. The script names the build it came from, so a page that missed a rebuild while it
//! loaded reloads as soon as it connects.

/// The address of the server-sent event stream the script listens to.
pub(crate) const EVENTS_PATH: &str = "/__gloss/events";

/// The script, with `__GLOSS_BUILD__` standing for the id of the build that served the page.
///
/// It keeps `scrollY` in `sessionStorage` (per path) across the reload and restores it after
/// load. The overlay text is set with `textContent`, so diagnostics are never parsed as HTML.
const SCRIPT: &str = r#"<script>
(function () {
  "use strict";
  var key = "gloss-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, Number(saved) || 0); };
    if (document.readyState === "complete") { restore(); }
    else { window.addEventListener("load", restore); }
  }
  var overlay = null;
  function showProblems(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "gloss-problems";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;" +
        "z-index:2147483647;margin:0;padding:1em 1.25em;background:#1e1e1e;color:#f4f4f4;" +
        "border-top:4px solid #e5484d;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;" +
        "white-space:pre-wrap;box-shadow:0 -4px 16px rgba(0,0,0,.35)";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "gloss: the site has errors; showing the last good build.\n\n" + text;
  }
  var events = new EventSource("/__gloss/events?build=__GLOSS_BUILD__");
  events.addEventListener("reload", function () {
    sessionStorage.setItem(key, String(window.scrollY));
    events.close();
    location.reload();
  });
  events.addEventListener("problems", function (e) { showProblems(e.data); });
})();
</script>
"#;

/// The script for a page served from build `build_id`.
pub(crate) fn script(build_id: &str) -> String {
    SCRIPT.replace("__GLOSS_BUILD__", build_id)
}

/// `html` with the reload script inserted before its last `</body>` (any case), or appended
/// when it has none.
pub(crate) fn inject(html: &[u8], build_id: &str) -> Vec<u8> {
    let script = script(build_id);
    let at = find_last_body_close(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(html.get(..at).unwrap_or(html));
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(html.get(at..).unwrap_or_default());
    out
}

fn find_last_body_close(html: &[u8]) -> Option<usize> {
    const TAG: &[u8] = b"</body>";
    html.windows(TAG.len())
        .rposition(|w| w.eq_ignore_ascii_case(TAG))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goes_before_the_last_body_close() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></BODY></html>", "b1")).unwrap();
        let script_at = out.find("<script>").unwrap();
        assert!(script_at < out.find("</BODY>").unwrap());
        assert!(out.starts_with("<html><body><p>x</p><script>"));
        assert!(out.contains("build=b1"));
        assert!(out.ends_with("</BODY></html>"));
    }

    #[test]
    fn appended_without_a_body() {
        let out = String::from_utf8(inject(b"<p>x</p>", "b2")).unwrap();
        assert!(out.starts_with("<p>x</p><script>"));
    }

    #[test]
    fn names_the_event_stream() {
        assert!(SCRIPT.contains(&format!("\"{EVENTS_PATH}?build=")));
        assert!(SCRIPT.contains("textContent"));
        assert!(!SCRIPT.contains("innerHTML"));
    }
}
