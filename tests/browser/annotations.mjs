// Browser test of each briefing's annotations.jsonld (W3C Web Annotations): builds a site
// with the gloss binary under a sub-path, serves it with a plain static server, opens every
// briefing page in headless chromium, fetches the annotations the page links
// (<link rel="alternate" type="application/ld+json">), and anchors every annotation with
// BOTH of its selectors using third-party libraries (dom-anchor-text-quote for the
// TextQuoteSelector, dom-anchor-text-position for the TextPositionSelector). Each must land
// exactly on the text of its <mark data-ann> pieces: from the start of the first piece to
// the end of the last, counted in document.body's text. The quote with its prefix and
// suffix must also occur exactly once in that text.
//
// Usage: GLOSS_BIN=target/debug/gloss node tests/browser/annotations.mjs
//   GLOSS_BIN  the gloss binary (default: target/debug/gloss of this repository)
//   SITES      site roots to build, separated by ":" (default: the example site of this
//              repository, tests/sites/core, tests/sites/annotations, whose text has
//              character references, emoji and astral characters, highlighted code, a
//              table, a footnote reference inside a claim, nested marks and curly quotes,
//              and tests/sites/footnotes, whose marks cross references and lie in footnotes
//              moved to the end of the page)
//   CHROMIUM   the browser (default: /usr/bin/chromium); no browser is ever downloaded.

import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { createReadStream, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const target = process.env.CARGO_TARGET_DIR || join(repo, "target");
const gloss = process.env.GLOSS_BIN || join(target, "debug", "gloss");
const sites = (process.env.SITES ||
  [repo, ...["core", "annotations", "footnotes"].map((s) => join(repo, "tests", "sites", s))].join(":")).split(":");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const sub = "/sub/";

const watchdog = setTimeout(() => {
  console.error("annotations browser test timed out");
  process.exit(1);
}, 60_000);

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else {
    failed++;
    console.log(`FAILED: ${what}`);
  }
}

// The two libraries are CommonJS; the page gets them as one script: each module's source
// wrapped in a function, with a require that follows the paths Node resolves.
function bundle(entries) {
  const modules = new Map();
  const visit = (file) => {
    if (modules.has(file)) return;
    const source = readFileSync(file, "utf8");
    const deps = {};
    modules.set(file, { source, deps });
    const req = createRequire(file);
    for (const m of source.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      deps[m[1]] = req.resolve(m[1]);
      visit(deps[m[1]]);
    }
  };
  const req = createRequire(join(here, "package.json"));
  const roots = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, req.resolve(v)]));
  Object.values(roots).forEach(visit);
  const defs = [...modules].map(([file, { source, deps }]) =>
    `${JSON.stringify(file)}: [function (module, exports, require) {\n${source}\n}, ${JSON.stringify(deps)}]`);
  return `window.anchoring = (function () {
  var defs = {${defs.join(",\n")}};
  var cache = {};
  function load(file) {
    if (cache[file]) return cache[file].exports;
    var module = (cache[file] = { exports: {} });
    var def = defs[file];
    def[0](module, module.exports, function (name) { return load(def[1][name]); });
    return module.exports;
  }
  return {${Object.entries(roots).map(([k, v]) => `${k}: load(${JSON.stringify(v)})`).join(", ")}};
})();`;
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".jsonld": "application/ld+json",
  ".xml": "application/xml",
};

function serve(root) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(sub)) return res.writeHead(404).end("not found");
    let file = normalize(join(root.current, path.slice(sub.length)));
    if (!file.startsWith(normalize(root.current + sep)) && file !== normalize(root.current)) {
      return res.writeHead(403).end();
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// Every briefing page of a built site: the folders holding an annotations.jsonld.
function briefingPages(out) {
  const found = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name === "annotations.jsonld") found.push(relative(out, dir).split(sep).join("/") + "/");
    }
  };
  walk(out);
  return found.sort();
}

// In the page: anchors every annotation with both selectors and measures the marks.
async function anchorAll() {
  const body = document.body;
  const link = document.querySelector('link[rel="alternate"][type="application/ld+json"]');
  if (!link) return { error: "no link to the annotations" };
  const doc = await (await fetch(link.href)).json();
  const offset = (node, at) => {
    const r = document.createRange();
    r.setStart(body, 0);
    r.setEnd(node, at);
    return r.toString().length;
  };
  const { quote, position } = window.anchoring;
  const results = [];
  for (const ann of doc.items) {
    const fragment = ann.id.slice(ann.id.indexOf("#") + 1);
    const dash = fragment.indexOf("-");
    const key = `${fragment.slice(0, dash)}:${fragment.slice(dash + 1)}`;
    const pieces = [...body.querySelectorAll("mark[data-ann]")].filter((m) => m.dataset.ann === key);
    const r = { id: ann.id, pieces: pieces.length, source: ann.target.source };
    r.firstHasId = pieces.length > 0 && pieces[0].id === fragment;
    if (pieces.length > 0) {
      const last = pieces[pieces.length - 1];
      r.marks = { start: offset(pieces[0], 0), end: offset(last, last.childNodes.length) };
      r.markText = body.textContent.slice(r.marks.start, r.marks.end);
    }
    const q = ann.target.selector.find((s) => s.type === "TextQuoteSelector");
    const p = ann.target.selector.find((s) => s.type === "TextPositionSelector");
    if (q) {
      // The quote with its context occurs once in the page's text...
      const whole = q.prefix + q.exact + q.suffix;
      let n = 0;
      for (let at = body.textContent.indexOf(whole); at >= 0; at = body.textContent.indexOf(whole, at + 1)) n++;
      r.quoteOnce = n === 1;
      // ...and the library finds it. Its matching is fuzzy (diff-match-patch) and starts
      // from a hint, which annotation clients take from the position selector (Hypothesis
      // does); without one it starts from the middle of the page.
      const range = quote.toRange(body, q, { hint: p ? p.start : undefined });
      if (range) {
        r.quote = position.fromRange(body, range);
        r.quoteText = range.toString();
      }
    }
    if (p) {
      const range = position.toRange(body, p);
      if (range) {
        r.position = position.fromRange(body, range);
        r.positionText = range.toString();
      }
    }
    results.push(r);
  }
  return { results, count: doc.items.length, total: doc.total, id: doc.id };
}

const root = { current: "" };
const server = await serve(root);
const origin = `http://127.0.0.1:${server.address().port}`;
const work = mkdtempSync(join(tmpdir(), "gloss-annotations-"));
let browser;
try {
  const script = bundle({ quote: "dom-anchor-text-quote", position: "dom-anchor-text-position" });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = await (await browser.newContext()).newPage();
  let annotations = 0;
  for (const [i, site] of sites.entries()) {
    const out = join(work, `site-${i}`);
    execFileSync(gloss, ["build", "--root", site, "--output", out, "--base-url", `${origin}${sub}`], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    root.current = out;
    const pages = briefingPages(out);
    check(pages.length > 0, `${site}: has briefings`);
    for (const path of pages) {
      const url = `${origin}${sub}${path}`;
      await page.goto(url);
      await page.addScriptTag({ content: script });
      const got = await page.evaluate(anchorAll);
      if (got.error) {
        check(false, `${url}: ${got.error}`);
        continue;
      }
      check(got.id === `${url}annotations.jsonld`, `${url}: the page's id is its own address (${got.id})`);
      check(got.total === got.count, `${url}: total matches the items`);
      for (const r of got.results) {
        annotations++;
        const want = r.marks && JSON.stringify({ start: r.marks.start, end: r.marks.end });
        check(r.source === url, `${r.id}: target.source is the page`);
        check(r.pieces > 0 && r.firstHasId, `${r.id}: has <mark> pieces, the first with its id`);
        check(r.quoteOnce, `${r.id}: prefix + exact + suffix occurs once in the page's text`);
        check(JSON.stringify(r.quote) === want && r.quoteText === r.markText,
          `${r.id}: TextQuoteSelector lands on the marks: ${JSON.stringify(r.quote)} ${JSON.stringify(r.quoteText)} vs ${want} ${JSON.stringify(r.markText)}`);
        check(JSON.stringify(r.position) === want && r.positionText === r.markText,
          `${r.id}: TextPositionSelector lands on the marks: ${JSON.stringify(r.position)} vs ${want}`);
      }
    }
  }
  check(annotations > 0, `anchored ${annotations} annotations`);
  console.log(`anchored ${annotations} annotations on ${sites.length} sites`);
} catch (e) {
  check(false, `the test ran: ${e.stack || e}`);
} finally {
  if (browser) await browser.close();
  server.close();
  rmSync(work, { recursive: true, force: true });
  clearTimeout(watchdog);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
