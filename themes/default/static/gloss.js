// gloss default theme: client-side search (progressive enhancement).
// Without JavaScript the search page links to the indexes instead.
(function () {
  "use strict";
  var form = document.querySelector("form.search-form[data-index]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var nojs = document.getElementById("search-nojs");
  if (!input || !list || !status) return;
  document.documentElement.classList.add("js");
  if (nojs) nojs.hidden = true;

  var entries = null;
  var MAX = 50;

  function norm(s) {
    return String(s || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function snippet(text, word) {
    text = String(text || "");
    var at = norm(text).indexOf(word);
    if (at < 0 || text.length <= 160) return text.length > 160 ? text.slice(0, 157) + "…" : text;
    var start = Math.max(0, at - 60);
    var out = text.slice(start, start + 160);
    return (start > 0 ? "…" : "") + out + (start + 160 < text.length ? "…" : "");
  }

  function render() {
    var q = norm(input.value).trim();
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!entries) { status.textContent = "Loading the search index…"; return; }
    if (!q) { status.textContent = ""; return; }
    var words = q.split(/\s+/);
    var hits = [];
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i];
      var title = norm(e.title), hay = title + " " + norm(e.text);
      var ok = true, score = 0;
      for (var w = 0; w < words.length; w++) {
        if (hay.indexOf(words[w]) < 0) { ok = false; break; }
        if (title.indexOf(words[w]) >= 0) score += 2;
      }
      if (ok) hits.push({ e: e, score: score, i: i });
    }
    hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    status.textContent = hits.length === 0 ? "No results." :
      hits.length === 1 ? "1 result." :
      hits.length + " results" + (hits.length > MAX ? ", showing the first " + MAX : "") + ".";
    for (var h = 0; h < hits.length && h < MAX; h++) {
      var entry = hits[h].e;
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind-badge result-kind";
      kind.textContent = String(entry.kind || "");
      var a = document.createElement("a");
      a.href = String(entry.url || "");
      a.textContent = String(entry.title || entry.url || "");
      var p = document.createElement("span");
      p.className = "result-text";
      p.textContent = snippet(entry.text, words[0]);
      li.appendChild(kind);
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    }
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) input.value = params.get("q");

  input.addEventListener("input", render);
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var url = new URL(window.location.href);
    if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.toString());
    render();
  });

  status.textContent = "Loading the search index…";
  fetch(form.getAttribute("data-index"), { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) {
      entries = Array.isArray(data) ? data : [];
      status.textContent = "";
      render();
      if (!input.value) input.focus();
    })
    .catch(function () {
      status.textContent = "The search index could not be loaded.";
      if (nojs) nojs.hidden = false;
    });
})();
