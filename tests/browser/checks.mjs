// Every page gloss writes passes the Nu HTML Checker and axe-core, in light and dark mode.
//
// Builds the example site and every fixture site under tests/sites/ with the gloss binary
// under test, then:
// - runs the Nu HTML Checker (vnu.jar from npm's vnu-jar, on the system's Java) over every
//   HTML file, errors and warnings both counting as failures;
// - opens every HTML page in headless chromium, once with `prefers-color-scheme: light`
//   and once with `dark`, and runs axe-core's default rules (WCAG 2.x A and AA plus best
//   practices) on it, code blocks and their highlighting included.
// One check per page and mode, and one per checker message, so the summary counts what
// failed.
//
// Usage: GLOSS_BIN=target/debug/gloss node tests/browser/checks.mjs
// (ONLY=substring limits the pages to those whose path contains it.)
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serveFolder } from "./static-server.mjs";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const target = process.env.CARGO_TARGET_DIR || join(repo, "target");
const gloss = process.env.GLOSS_BIN || join(target, "debug", "gloss");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const only = process.env.ONLY || "";
const watchdog = setTimeout(() => { console.error("checks browser test timed out"); process.exit(1); }, 900_000);

let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) passed++; else { failed++; console.error("FAIL " + what); }
}

// The sites: the example site, then each fixture site (a folder of tests/sites with a
// site.toml), each built into its own folder under one temporary folder.
const out = mkdtempSync(join(tmpdir(), "gloss-checks-"));
const sites = [{ name: "example", root: repo }];
const fixtures = join(repo, "tests", "sites");
for (const name of readdirSync(fixtures).sort()) {
  if (existsSync(join(fixtures, name, "site.toml"))) sites.push({ name, root: join(fixtures, name) });
}
for (const site of sites) {
  site.out = join(out, site.name);
  execFileSync(gloss, ["build", "--root", site.root, "--output", site.out, "--base-url", `http://127.0.0.1/${site.name}/`], { stdio: ["ignore", "ignore", "inherit"] });
}

function htmlFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...htmlFiles(path));
    else if (entry.name.endsWith(".html")) found.push(path);
  }
  return found.sort();
}
const files = htmlFiles(out).filter((f) => relative(out, f).includes(only));
check(files.length > 0, "the sites have HTML pages");

// The Nu HTML Checker, over every file in one run.
const vnu = require("vnu-jar");
let report = { messages: [] };
// vnu writes its JSON report on stderr; --exit-zero-always keeps its status for failures to
// run at all.
const run = spawnSync("java", ["-jar", vnu, "--format", "json", "--exit-zero-always", ...files], { encoding: "utf8", maxBuffer: 256 << 20 });
try { report = JSON.parse(run.stderr); }
catch { check(false, `the Nu HTML Checker ran (status ${run.status}): ${String(run.error || run.stderr).slice(0, 500)}`); }
check(Array.isArray(report.messages), "the Nu HTML Checker wrote a report");
const byFile = new Map();
for (const m of report.messages || []) {
  const file = decodeURIComponent(String(m.url || "").replace(/^file:/, ""));
  if (!byFile.has(file)) byFile.set(file, []);
  byFile.get(file).push(m);
}
for (const file of files) {
  const messages = (byFile.get(file) || []).filter((m) => m.type !== "info" || m.subType === "warning");
  check(messages.length === 0, `vnu ${relative(out, file)}: ${messages.map((m) => `${m.lastLine}:${m.firstColumn || m.lastColumn} ${m.type}${m.subType ? "/" + m.subType : ""}: ${m.message} [${(m.extract || "").trim().slice(0, 120)}]`).join("\n    ")}`);
}

// axe-core, in light and dark mode, on every page served over HTTP.
const server = await serveFolder(out);
const base = server.base;
const axeSource = require.resolve("axe-core/axe.min.js");

const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
try {
  for (const colorScheme of ["light", "dark"]) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
    const page = await ctx.newPage();
    for (const file of files) {
      const path = "/" + relative(out, file).replace(/index\.html$/, "");
      await page.goto(base + path);
      await page.addScriptTag({ path: axeSource });
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document);
        return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(" ") + (n.failureSummary ? " — " + n.failureSummary.replace(/\s+/g, " ").slice(0, 200) : "")).join(" | ")}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : ""}`);
      });
      check(violations.length === 0, `axe ${colorScheme} ${path}:\n    ${violations.join("\n    ")}`);
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  server.close();
  rmSync(out, { recursive: true, force: true });
  clearTimeout(watchdog);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
