// Browser test of the search page on a built site: a real chromium, from an empty cache,
// opens /sub/search/ on a plain static server, types the words of a known quote, and must
// list that quote among the first results while fetching at most 300 KB in all (the page,
// its stylesheets and script, and every part of the index it fetched). On the same site,
// a bookmarked /sub/timeline/#event-ID must land on the year or month page holding it.
//
// Usage: node tests/browser/search.mjs (tests/browser/search.sh builds a 10,000-briefing
// site and runs it)
//   SITE_DIR     the built site (built with --base-url http://127.0.0.1:PORT/sub/)
//   PORT         the port it was built for (default: any free one)
//   SUB          the path it is published under (default: /sub/)
//   QUOTE_TEXT   the words of a quote of the site
//   QUOTE_URL    its address, e.g. /sub/briefings/b00042/#quote-q1
//   MAX_BYTES    the limit (default: 300 KB, 307200 bytes)
//   CHROMIUM     the browser (default: /usr/bin/chromium); no browser is ever downloaded.

import { createServer } from "node:http";
import { createReadStream, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { chromium } from "playwright-core";

const siteDir = process.env.SITE_DIR;
const sub = process.env.SUB || "/sub/";
const quoteText = process.env.QUOTE_TEXT;
const quoteUrl = process.env.QUOTE_URL;
const maxBytes = Number(process.env.MAX_BYTES || 300 * 1024);
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const WAIT = 15000;
if (!siteDir || !quoteText || !quoteUrl) {
  console.error("SITE_DIR, QUOTE_TEXT and QUOTE_URL are required");
  process.exit(2);
}

const watchdog = setTimeout(() => {
  console.error("search browser test timed out");
  process.exit(1);
}, 120_000);

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) {
    passed++;
    console.log(`ok: ${what}`);
  } else {
    failed++;
    console.log(`FAILED: ${what}`);
  }
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
};

// A plain static host: files under SUB, directories by their index.html, no compression.
function serve(root, port) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(sub)) {
      res.writeHead(404).end("not found");
      return;
    }
    let file = normalize(join(root, path.slice(sub.length)));
    if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const size = statSync(file).size;
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] || "application/octet-stream",
        "content-length": size,
      });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

const server = await serve(siteDir, Number(process.env.PORT || 0));
const origin = `http://127.0.0.1:${server.address().port}`;
let browser;
try {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  // A new context: an empty cache.
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  const fetched = [];
  page.on("requestfinished", async (request) => {
    const entry = { url: request.url(), bytes: 0 };
    fetched.push(entry);
    try {
      const sizes = await request.sizes();
      entry.bytes = sizes.responseBodySize;
    } catch {
      const response = await request.response();
      entry.bytes = response ? (await response.body()).length : 0;
    }
  });

  await page.goto(`${origin}${sub}search/`);
  await page.waitForFunction(() => {
    const s = document.getElementById("search-status");
    return s && s.textContent === "";
  }, null, { timeout: WAIT });
  const typed = Date.now();
  await page.fill("#search-q", quoteText);
  await page.waitForSelector("#search-results li a", { timeout: WAIT });
  await page.waitForLoadState("networkidle");
  const ms = Date.now() - typed;
  const hrefs = await page.$$eval("#search-results li a", (as) => as.map((a) => a.getAttribute("href")));
  const at = hrefs.indexOf(quoteUrl);
  console.log(`query: ${quoteText}`);
  console.log(`first results: ${hrefs.slice(0, 5).join(" ")}`);
  check(at >= 0 && at < 5, `the quote ${quoteUrl} is among the first 5 results (at ${at + 1}) after ${ms} ms`);

  // Bytes of every response the page had, from the HTML page on.
  await new Promise((r) => setTimeout(r, 200));
  const total = fetched.reduce((s, e) => s + e.bytes, 0);
  const groups = {};
  for (const e of fetched) {
    const path = new URL(e.url).pathname.slice(sub.length);
    const kind = path.startsWith("search/terms/") ? "term shards"
      : path.startsWith("search/nodes/") ? "directory nodes"
      : path.startsWith("search/docs/") ? "document chunks"
      : path;
    const g = (groups[kind] ||= { files: 0, bytes: 0 });
    g.files++;
    g.bytes += e.bytes;
  }
  for (const [kind, g] of Object.entries(groups)) {
    console.log(`  ${kind}: ${g.files} file(s), ${g.bytes} bytes`);
  }
  console.log(`fetched ${fetched.length} files, ${total} bytes (${(total / 1024).toFixed(1)} KB) for one query from an empty cache`);
  check(total > 0 && total <= maxBytes, `at most ${maxBytes} bytes fetched (${total})`);

  // The link goes to the words.
  const [first] = await page.$$eval("#search-results li", (lis) => lis.slice(0, 1).map((li) => ({
    kind: li.querySelector(".result-kind").textContent,
    text: li.querySelector(".result-text").textContent,
  })));
  check(first && first.kind.length > 0 && first.text.length > 0, "a result shows a kind badge and a snippet");

  // The script makes the words the Rust tokeniser makes (the cases its unit test runs).
  const cases = JSON.parse(readFileSync(new URL("./tokens.json", import.meta.url), "utf8"));
  const words = await page.evaluate((texts) => texts.map((t) =>
    document.querySelector("form.search-form").glossWords(t)), cases.map((c) => c[0]));
  const differ = cases.filter((c, i) => JSON.stringify(c[1]) !== JSON.stringify(words[i]));
  for (const c of differ) console.log(`  ${JSON.stringify(c[0])}: ${JSON.stringify(words[cases.indexOf(c)])}, not ${JSON.stringify(c[1])}`);
  check(differ.length === 0, `gloss.js makes the words of the ${cases.length} cases of tokens.json as gloss does`);

  // Case and accents fold the same way in the script and the index.
  const shouted = quoteText.toUpperCase().replace(/E/, "É");
  await page.fill("#search-q", shouted);
  await page.waitForFunction((u) => [...document.querySelectorAll("#search-results li a")]
    .slice(0, 5).some((a) => a.getAttribute("href") === u), quoteUrl, { timeout: WAIT })
    .then(() => check(true, `"${shouted.slice(0, 30)}…" finds the same quote`))
    .catch(() => check(false, `"${shouted.slice(0, 30)}…" finds the same quote`));

  // The last word is matched as a prefix while it is typed.
  const said = quoteText.split(/\s+/);
  const partial = said.slice(0, -1).concat(said[said.length - 1].slice(0, 3)).join(" ");
  await page.fill("#search-q", partial);
  await page.waitForFunction((u) => [...document.querySelectorAll("#search-results li a")]
    .slice(0, 10).some((a) => a.getAttribute("href") === u), quoteUrl, { timeout: WAIT })
    .then(() => check(true, "a query whose last word is unfinished still finds the quote"))
    .catch(() => check(false, "a query whose last word is unfinished still finds the quote"));

  // Following the result lands on the marked words.
  await page.goto(`${origin}${quoteUrl}`);
  const id = quoteUrl.split("#")[1];
  check(await page.locator(`[id="${id}"]`).count() === 1, `the quote's page has the element #${id}`);

  // A bookmarked /timeline/#event-ID of a timeline split by year: the overview's script
  // finds the page that holds the event and goes there, at the event.
  const shard0 = JSON.parse(readFileSync(join(siteDir, "timeline/events/0.json"), "utf8"));
  const [eventId, eventPage] = Object.entries(shard0)[0] || [];
  if (eventId) {
    await page.goto(`${origin}${sub}timeline/#event-${eventId}`);
    await page.waitForURL((u) => u.pathname === `${sub}${eventPage}`, { timeout: WAIT })
      .then(() => check(true, `/timeline/#event-${eventId} goes to /${eventPage}`))
      .catch(() => check(false, `/timeline/#event-${eventId} goes to /${eventPage} (at ${page.url()})`));
    check(new URL(page.url()).hash === `#event-${eventId}` &&
      await page.locator(`[id="event-${eventId}"]`).count() === 1,
      `that page has the element #event-${eventId} and the address keeps the fragment`);
  } else {
    check(false, "the site's timeline is split (timeline/events/0.json names an event)");
  }
} catch (e) {
  failed++;
  console.log(`FAILED: ${e.message}`);
} finally {
  if (browser) await browser.close();
  server.close();
  clearTimeout(watchdog);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
