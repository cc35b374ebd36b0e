// gloss default theme: client-side search (progressive enhancement).
// Without JavaScript the search page links to the indexes instead.
//
// The index is split into small files (see src/render/search/index.rs): the manifest
// (search/index.json) lists the first word of each term shard, or of each directory node
// over them; a query fetches the shard of each of its words, then the chunks of document
// metadata of the results it shows. Words are made as gloss makes them at build time
// (src/render/search/tokens.rs): the two must stay the same.
(function () {
  "use strict";
  var form = document.querySelector("form.search-form[data-index]");
  if (!form || !window.fetch || !window.Promise || !"".normalize) return;
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var nojs = document.getElementById("search-nojs");
  var split, endsInWord;
  try {
    split = new RegExp("[^\\p{Alphabetic}\\p{N}]+", "u");
    endsInWord = new RegExp("[\\p{Alphabetic}\\p{N}]$", "u");
  } catch (e) { return; }
  if (!input || !list || !status) return;
  document.documentElement.classList.add("js");
  if (nojs) nojs.hidden = true;

  var indexUrl = form.getAttribute("data-index");
  var dir = indexUrl.replace(/[^\/]*$/, "");
  var root = form.getAttribute("data-root") || dir.replace(/search\/$/, "");
  var SHOW = 10;        // results shown at a time
  var MAX_WORDS = 16;   // words of a query looked up
  var EXPAND = 8;       // words a last, unfinished word may stand for
  var manifest = null;
  var files = {};       // path -> promise of its JSON
  var run = 0;          // the latest query; older answers are dropped

  // Steps 1-7 of tokens.rs: lowercase, decompose the folded ranges, drop the accents,
  // lowercase again, final sigma as sigma, no thousands separators, split on what is not
  // a letter or digit, cut long words.
  var FOLDED = /[\u00a0-\u024f\u0370-\u04ff\u1e00-\u1fff\u2070-\u218f\u2460-\u24ff\ufb00-\ufb4f\uff00-\uffef]/g;
  function fold(s) {
    return String(s || "").toLowerCase()
      .replace(FOLDED, function (c) { return c.normalize("NFKD"); })
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\u03c2/g, "\u03c3")
      .replace(/(\d),(?=\d{3}(?!\d))/g, "$1");
  }
  function words(s) {
    var out = [], parts = fold(s).split(split), max = manifest ? manifest.max_word : 32;
    for (var i = 0; i < parts.length; i++) {
      if (parts[i]) out.push(Array.from(parts[i]).slice(0, max).join(""));
    }
    return out;
  }

  form.glossWords = words; // for tests: the words of a text, as the index has them

  function get(path) {
    if (!files[path]) {
      files[path] = fetch(dir + path, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }

  // The index of the last key <= word (keys sorted, the first one "").
  function below(keys, word) {
    var lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] <= word) lo = mid + 1; else hi = mid; }
    return lo - 1;
  }

  // The number of the term shard that holds `word`, through the directory nodes.
  function shardOf(word) {
    function walk(keys, level, base) {
      var i = below(keys, word);
      if (i < 0) return Promise.resolve(-1);
      var child = base + i;
      if (level === 1) return Promise.resolve(child);
      return get("nodes/" + (level - 1) + "/" + child + ".json").then(function (k) {
        return walk(k, level - 1, child * manifest.fanout);
      });
    }
    return walk(manifest.keys, manifest.depth, 0);
  }

  // The entries [word, df, idf, postings] a query word stands for: itself, and when it is
  // the unfinished last word, the most frequent words it begins (from its shard and at
  // most the next one). Each entry gets a factor: 1 for the word itself, less for others.
  function lookup(word, prefix) {
    return shardOf(word).then(function (n) {
      if (n < 0) return [];
      return get("terms/" + n + ".json").then(function (entries) {
        var lo = 0, hi = entries.length;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (entries[mid][0] < word) lo = mid + 1; else hi = mid; }
        if (!prefix) {
          return lo < entries.length && entries[lo][0] === word ? [{ entry: entries[lo], factor: 1 }] : [];
        }
        var found = [], i = lo;
        for (; i < entries.length && entries[i][0].indexOf(word) === 0; i++) found.push(entries[i]);
        var more = i === entries.length && n + 1 < manifest.leaves;
        return (more ? get("terms/" + (n + 1) + ".json") : Promise.resolve([])).then(function (next) {
          var j = 0;
          for (; j < next.length && next[j][0].indexOf(word) === 0; j++) found.push(next[j]);
          found.sort(function (a, b) { return (b[0] === word) - (a[0] === word) || b[1] - a[1]; });
          var terms = found.slice(0, EXPAND).map(function (e) {
            return { entry: e, factor: e[0] === word ? 1 : 0.7 };
          });
          // Words it may stand for beyond those looked at, here or in further shards.
          terms.more = found.length > EXPAND || (next.length > 0 && j === next.length);
          return terms;
        });
      });
    });
  }

  var VAL = [];
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (var a = 0; a < 64; a++) VAL[ALPHABET.charCodeAt(a)] = a;

  // Calls fn(doc, weight) for each posting; returns how many there were.
  function decode(s, fn) {
    var i = 0, prev = -1, count = 0;
    while (i < s.length) {
      var gap = 0, mul = 1, c;
      do { c = VAL[s.charCodeAt(i++)] | 0; gap += (c & 31) * mul; mul *= 32; } while (c & 32 && i < s.length);
      prev = prev + 1 + gap;
      fn(prev, VAL[s.charCodeAt(i++)] | 0);
      count++;
    }
    return count;
  }

  // The two bits a word sets in a short document's signature (signature_bits, index.rs).
  function bits(word) {
    var h = 0x811c9dc5;
    for (var i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193) >>> 0;
    var h2 = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    return [h % 128, h2 % 128];
  }
  function signed(sig, word) {
    var b = bits(word);
    for (var i = 0; i < 2; i++) {
      if (!((VAL[sig.charCodeAt((b[i] / 6) | 0)] >> (b[i] % 6)) & 1)) return false;
    }
    return true;
  }

  // Ranks the documents: those matching more of the query's words first, then by the sum
  // of the weights. A very common word keeps only its best postings; a short document found
  // through a rare word is checked for the others in its signature.
  function rank(groups) {
    var best = [], sigs = {}, est = {}, cut = false;
    groups.forEach(function (group, k) {
      var found = best[k] = {};
      group.complete = !group.more;
      group.forEach(function (t) {
        var e = t.entry, idf = e[2] * t.factor, j = 0;
        var n = decode(e[3], function (doc, q) {
          var w = idf * q;
          if (!(found[doc] >= w)) found[doc] = w;
          if (e[4] && e[4][j]) { sigs[doc] = e[4][j]; est[doc] = q; }
          j++;
        });
        if (n < e[1]) group.complete = false;
      });
      if (!group.complete) cut = true;
    });
    Object.keys(sigs).forEach(function (doc) {
      groups.forEach(function (group, k) {
        if (group.complete || best[k][doc] !== undefined) return;
        for (var i = 0; i < group.length; i++) {
          var e = group[i].entry;
          if (signed(sigs[doc], e[0])) { best[k][doc] = e[2] * group[i].factor * est[doc] * 0.9; return; }
        }
      });
    });
    var scores = {}, hits = [];
    best.forEach(function (found) {
      for (var doc in found) {
        var s = scores[doc];
        if (!s) { s = scores[doc] = { doc: +doc, n: 0, w: 0 }; hits.push(s); }
        s.w += found[doc];
        s.n++;
      }
    });
    hits.sort(function (x, y) { return y.n - x.n || y.w - x.w || x.doc - y.doc; });
    return { hits: hits, cut: cut };
  }

  function clear() { while (list.firstChild) list.removeChild(list.firstChild); }

  function show(hits, from, id) {
    var page = hits.slice(from, from + SHOW), chunk = manifest.doc_chunk, need = {};
    page.forEach(function (h) { need[Math.floor(h.doc / chunk)] = true; });
    return Promise.all(Object.keys(need).map(function (c) {
      return get("docs/" + c + ".json").then(function (rows) { need[c] = rows; });
    })).then(function () {
      if (id !== run) return;
      var more = document.getElementById("search-more");
      if (more) more.parentNode.removeChild(more);
      page.forEach(function (h) {
        var row = need[Math.floor(h.doc / chunk)][h.doc % chunk];
        if (row) list.appendChild(item(row));
      });
      if (from + SHOW < hits.length) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = "Show more results";
        button.addEventListener("click", function () {
          li.parentNode.removeChild(li);
          show(hits, from + SHOW, id);
        });
        li.id = "search-more";
        li.appendChild(button);
        list.appendChild(li);
      }
    });
  }

  // One result: [kind, title, url, snippet], as text and attributes only.
  function item(row) {
    var li = document.createElement("li");
    var kind = document.createElement("span");
    kind.className = "kind-badge result-kind";
    kind.textContent = String(row[0] || "");
    var link = document.createElement("a");
    link.href = root + String(row[2] || "");
    link.textContent = String(row[1] || row[2] || "");
    var text = document.createElement("span");
    text.className = "result-text";
    text.textContent = String(row[3] || "");
    li.appendChild(kind);
    li.appendChild(link);
    li.appendChild(text);
    return li;
  }

  function search() {
    var id = ++run;
    var value = input.value;
    var ws = words(value), seen = {}, query = [];
    for (var i = 0; i < ws.length && query.length < MAX_WORDS; i++) {
      if (!seen[ws[i]]) { seen[ws[i]] = true; query.push(ws[i]); }
    }
    if (!manifest) { status.textContent = "Loading the search index…"; return; }
    if (query.length === 0) { clear(); status.textContent = ""; return; }
    // The last word is still being typed unless a space or a mark follows it.
    var last = query[query.length - 1];
    var typing = endsInWord.test(value) && last.length >= 2 && ws[ws.length - 1] === last;
    status.textContent = "Searching…";
    Promise.all(query.map(function (w, k) {
      return lookup(w, typing && k === query.length - 1);
    })).then(function (groups) {
      if (id !== run) return;
      var r = rank(groups);
      clear();
      var n = r.hits.length;
      status.textContent = n === 0 ? "No results." : n === 1 ? "1 result." :
        (r.cut ? "More than " + n : n) + " results, best first.";
      return show(r.hits, 0, id);
    }).catch(function () {
      if (id !== run) return;
      status.textContent = "The search index could not be loaded.";
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    var url = new URL(window.location.href);
    if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.toString());
    search();
  });

  var q = new URLSearchParams(window.location.search).get("q");
  if (q) input.value = q;
  status.textContent = "Loading the search index…";
  get("index.json").then(function (m) {
    if (!m || m.version !== 1) throw new Error("index version");
    manifest = m;
    status.textContent = "";
    if (input.value) search(); else input.focus();
  }).catch(function () {
    status.textContent = "The search index could not be loaded.";
    if (nojs) nojs.hidden = false;
  });
})();
