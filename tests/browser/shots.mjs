// Screenshots of the example site's reading pages, as a reader sees them: an actor page,
// an event page and the timeline, each at 1280 px and 390 px wide, in light and dark mode,
// written as NAME-WIDTH-SCHEME.png into DIR (default docs/screenshots). The briefing's own
// screenshots come from sidenotes.mjs (SHOTS=DIR), which opens a margin note first.
//
// Not a test: README shows the results, and a person looks at them after a change of the
// theme. Usage: GLOSS_BIN=target/debug/gloss node tests/browser/shots.mjs [DIR]
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serveFolder } from "./static-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const target = process.env.CARGO_TARGET_DIR || join(repo, "target");
const gloss = process.env.GLOSS_BIN || join(target, "debug", "gloss");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const dir = process.argv[2] || join(repo, "docs", "screenshots");
mkdirSync(dir, { recursive: true });

// The pages: name, address, and the element to scroll to the top first (or none).
const pages = [
  ["actor", "/actors/claudia-sheinbaum/", null],
  ["event", "/events/rubio-sheinbaum-meeting/", null],
  ["timeline", "/timeline/", null],
];

const out = mkdtempSync(join(tmpdir(), "gloss-shots-"));
execFileSync(gloss, ["build", "--root", repo, "--output", out, "--base-url", "http://127.0.0.1/"], { stdio: ["ignore", "ignore", "inherit"] });
const server = await serveFolder(out);
const base = server.base;

const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
let failed = 0;
try {
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    for (const colorScheme of ["light", "dark"]) {
      const ctx = await browser.newContext({ viewport: { width, height }, colorScheme, deviceScaleFactor: 1 });
      const page = await ctx.newPage();
      for (const [name, path, scrollTo] of pages) {
        const response = await page.goto(base + path);
        if (!response || !response.ok()) { failed++; console.error(`FAIL ${path}: ${response && response.status()}`); continue; }
        if (scrollTo) await page.locator(scrollTo).first().scrollIntoViewIfNeeded();
        const file = join(dir, `${name}-${width}-${colorScheme}.png`);
        await page.screenshot({ path: file });
        console.log(file);
      }
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  server.close();
  rmSync(out, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
