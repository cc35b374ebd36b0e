// Browser test of margin notes (sidenotes) on the example site's briefings, in headless
// chromium, with JavaScript on and off:
// - at 1280 px each note's text is visible in the margin: its box lies right of the text
//   column, its top within two lines of its words' top (of the code block's top, for
//   words inside one), and no two notes overlap;
// - at 390 px each note is hidden until its marked words are clicked, then shown right
//   after them, and hidden again on a second click.
// With SHOTS=DIR it also saves screenshots of the first briefing (1280 and 390 px, light
// and dark) into DIR.
//
// Usage: GLOSS_BIN=target/debug/gloss node tests/browser/sidenotes.mjs
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
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
const shots = process.env.SHOTS;
const watchdog = setTimeout(() => { console.error("sidenotes browser test timed out"); process.exit(1); }, 90_000);

let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) passed++; else { failed++; console.error("FAIL " + what); }
}

const out = mkdtempSync(join(tmpdir(), "gloss-sidenotes-"));
execFileSync(gloss, ["build", "--root", repo, "--output", out, "--base-url", "http://127.0.0.1/"], { stdio: "inherit" });
const server = await serveFolder(out);
const base = server.base;
const pages = ["/briefings/guns-money-sovereignty/", "/briefings/extraditions/", "/briefings/strikes-at-sea/", "/briefings/rubio-in-mexico-city/"];

const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
try {
  for (const javaScriptEnabled of [true, false]) {
    const js = javaScriptEnabled ? "js" : "no-js";
    for (const path of pages) {
      // Wide: in the margin, level with the words, no overlaps.
      let ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
      let page = await ctx.newPage();
      await page.goto(base + path);
      const wide = await page.evaluate(() => {
        const prose = document.querySelector(".prose.annotated").getBoundingClientRect();
        return [...document.querySelectorAll(".sidenote")].map((n) => {
          const id = n.previousElementSibling.previousElementSibling.id.replace(/^sidenote-/, "");
          // Words inside a code block have their note beside the block's top.
          const words = document.getElementById("note-" + id);
          const mark = (words.closest("pre") || words).getBoundingClientRect();
          const box = n.getBoundingClientRect();
          const line = parseFloat(getComputedStyle(document.querySelector(".prose.annotated")).lineHeight);
          return { id, visible: box.width > 0 && box.height > 0 && getComputedStyle(n).visibility === "visible",
                   left: box.left, right: box.right, top: box.top, bottom: box.bottom,
                   proseRight: prose.right, markTop: mark.top, line, vw: innerWidth };
        });
      });
      check(wide.length > 0, `${js} ${path}: has margin notes`);
      wide.forEach((n, i) => {
        check(n.visible, `${js} ${path} 1280px: note ${n.id} visible`);
        check(n.left >= n.proseRight && n.right <= n.vw, `${js} ${path} 1280px: note ${n.id} in the margin (left ${n.left}, text column ends ${n.proseRight})`);
        check(Math.abs(n.top - n.markTop) <= 2 * n.line, `${js} ${path} 1280px: note ${n.id} level with its words (note top ${n.top}, words top ${n.markTop})`);
        for (const m of wide.slice(i + 1)) {
          check(m.top >= n.bottom || n.top >= m.bottom, `${js} ${path} 1280px: notes ${n.id} and ${m.id} do not overlap`);
        }
      });
      if (shots && javaScriptEnabled && path === pages[0]) {
        await page.evaluate(() => window.scrollTo(0, document.querySelector("mark[data-ann^='note:']").getBoundingClientRect().top + scrollY - 250));
        await page.screenshot({ path: join(shots, "briefing-1280-light.png") });
        await page.emulateMedia({ colorScheme: "dark" });
        await page.screenshot({ path: join(shots, "briefing-1280-dark.png") });
      }
      await ctx.close();

      // Narrow: hidden until the words are activated, then shown, then hidden again.
      ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled, hasTouch: true });
      page = await ctx.newPage();
      await page.goto(base + path);
      const ids = await page.evaluate(() => [...document.querySelectorAll(".sidenote-toggle")].map((t) => t.id));
      for (const id of ids) {
        const note = page.locator(`#${id} ~ .sidenote`).first();
        check(!(await note.isVisible()), `${js} ${path} 390px: ${id} hidden at first`);
        const words = page.locator(`label.sidenote-words[for="${id}"]`).first();
        const opener = (await words.count()) > 0 ? words : page.locator(`label.sidenote-ref[for="${id}"]`);
        await opener.click();
        check(await note.isVisible(), `${js} ${path} 390px: ${id} shown once its words are activated`);
        const after = await page.evaluate((id) => {
          const n = document.getElementById(id).parentElement.querySelector(`#${id} ~ .sidenote`).getBoundingClientRect();
          const m = document.querySelector(`label[for="${id}"]`).getBoundingClientRect();
          return n.top >= m.top;
        }, id);
        check(after, `${js} ${path} 390px: ${id} opens after its words`);
        if (shots && javaScriptEnabled && path === pages[0] && id === ids[0]) {
          await note.scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(shots, "briefing-390-light.png") });
          await page.emulateMedia({ colorScheme: "dark" });
          await page.screenshot({ path: join(shots, "briefing-390-dark.png") });
          await page.emulateMedia({ colorScheme: "light" });
        }
        await opener.click();
        check(!(await note.isVisible()), `${js} ${path} 390px: ${id} hidden again on a second activation`);
        // Keyboard: the toggle is focusable and Space opens the note.
        await page.focus(`#${id}`);
        await page.keyboard.press("Space");
        check(await note.isVisible(), `${js} ${path} 390px: ${id} opens from the keyboard`);
        await page.keyboard.press("Space");
      }
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  server.close();
  rmSync(out, { recursive: true, force: true });
  clearTimeout(watchdog);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
