// Browser test of `gloss serve`: a real chromium opens a served page, a sidecar is saved,
// and the page must reload by itself with the new annotation, at the same scroll position;
// a broken sidecar must show the problems overlay over the last good page, and the fix must
// clear it.
//
// Usage: node tests/browser/serve-reload.mjs
//   GLOSS_BIN  the gloss binary (default: target/debug/gloss of this repository; build it
//              first with `cargo build`)
//   CHROMIUM   the browser (default: /usr/bin/chromium); no browser is ever downloaded.

import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const glossBin = process.env.GLOSS_BIN || join(repo, "target", "debug", "gloss");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const WAIT = 5000;

// Never hang CI: the whole run gets one minute.
const watchdog = setTimeout(() => {
  console.error("browser test timed out");
  process.exit(1);
}, 60_000);

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

function sidecar(id, text) {
  return `quotes:\n  - speaker: x\n    id: ${id}\n    text: "${text}"\n`;
}

function writeSite(root) {
  const filler = Array.from({ length: 60 }, (_, i) => `Paragraph ${i} of filler, so the page scrolls.`).join("\n\n");
  const files = {
    "site.toml": 'title = "Browser test"\nbase_url = "https://example.org/"\n',
    "content/actors/x.yaml": "name: Xavier Example\nkind: person\n",
    "content/briefings/a.md": `---\ntitle: A briefing\ndate: 2025-09-03\n---\n\nXavier Example said the plan is ready today.\n\n${filler}\n\nLater the committee said nothing new.\n`,
    "content/briefings/a.yaml": sidecar("old-id", "the plan is ready"),
  };
  for (const [rel, text] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
}

// Saves like an editor: a temporary file renamed over the original.
function save(path, text) {
  const tmp = join(dirname(path), `.save-${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function startServer(root) {
  const child = spawn(glossBin, ["serve", "--root", root, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const address = new Promise((resolveAddress, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed:\n${stderr}`)), WAIT * 2);
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = line.match(/http:\/\/\S+/);
      if (m) {
        clearTimeout(timer);
        resolveAddress(m[0]);
      }
    });
    child.on("exit", (code) => reject(new Error(`gloss serve exited with ${code}:\n${stderr}`)));
  });
  return { child, address, stderr: () => stderr };
}

const root = mkdtempSync(join(tmpdir(), "gloss-browser-"));
writeSite(root);
const server = startServer(root);
let browser;
try {
  const url = await server.address;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  await page.goto(`${url}briefings/a/`);
  check(await page.locator('mark[data-ann="quote:old-id"]').count() > 0, "the served page has the first annotation");

  await page.evaluate(() => window.scrollTo(0, 400));
  await page.waitForFunction(() => window.scrollY >= 390, null, { timeout: WAIT });
  const sidecarPath = join(root, "content/briefings/a.yaml");
  const saved = Date.now();
  save(sidecarPath, sidecar("new-id", "the committee said nothing"));
  await page.waitForSelector('mark[data-ann="quote:new-id"]', { state: "attached", timeout: WAIT });
  const ms = Date.now() - saved;
  console.log(`reloaded with the new annotation ${ms} ms after the save`);
  check(true, "the page reloads by itself with mark[data-ann=\"quote:new-id\"]");
  const y = await page.waitForFunction(() => window.scrollY >= 390 && window.scrollY, null, { timeout: WAIT })
    .then((h) => h.jsonValue())
    .catch(() => page.evaluate(() => window.scrollY));
  check(Math.abs(y - 400) <= 10, `the scroll position is kept (scrollY ${y})`);

  save(sidecarPath, sidecar("broken", "words that are nowhere"));
  const overlay = page.locator("#gloss-problems");
  await overlay.waitFor({ state: "visible", timeout: WAIT });
  const text = await overlay.textContent();
  check(text.includes("a.yaml"), "a broken sidecar shows the problems overlay naming the file");
  check(await page.locator('mark[data-ann="quote:new-id"]').count() > 0, "the last good page stays under the overlay");

  save(sidecarPath, sidecar("fixed-id", "the plan is ready"));
  await page.waitForSelector('mark[data-ann="quote:fixed-id"]', { state: "attached", timeout: WAIT });
  check(await overlay.count() === 0, "the fix reloads the page and clears the overlay");
} catch (e) {
  failed++;
  console.log(`FAILED: ${e.message}`);
  console.log(server.stderr());
} finally {
  if (browser) await browser.close();
  server.child.kill("SIGINT");
  rmSync(root, { recursive: true, force: true });
  clearTimeout(watchdog);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
