// Browser test of the cards at marked words (themes/default/static/cards.js) on the example
// site's briefings, in headless chromium:
// - a mouse hovering a quote's words shows a card naming the speaker, linked to their
//   actor page, with the date said; it stays while the pointer is on the card and goes
//   once the pointer leaves;
// - a claim's words reached with Tab show its status and figure; Tab moves into the card's
//   links; Escape closes it and focus is back on the words;
// - a tap (touch) opens a card, a tap elsewhere closes it; a note's words still open their
//   margin note on a tap; at 390 px the card lies inside the viewport, above the words
//   when they are near the bottom;
// - words inside other words (a claim inside a quote) show both, innermost first;
// - axe-core finds no violation with a card open, in light and dark;
// - with JavaScript off no mark is focusable, nothing happens on hover or tap, and the
//   page's text is the same as with it on.
// With SHOTS=DIR it also saves screenshots of an open card (1280 and 390 px, light and
// dark, and of a claim inside a quote) into DIR.
//
// Usage: GLOSS_BIN=target/debug/gloss node tests/browser/cards.mjs
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
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
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const watchdog = setTimeout(() => { console.error("cards browser test timed out"); process.exit(1); }, 120_000);

let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) passed++; else { failed++; console.error("FAIL " + what); }
}

const out = mkdtempSync(join(tmpdir(), "gloss-cards-"));
execFileSync(gloss, ["build", "--root", repo, "--output", out, "--base-url", "http://127.0.0.1/"], { stdio: "inherit" });
const server = await serveFolder(out);
const base = server.base;
const RUBIO = "/briefings/rubio-in-mexico-city/";
const GUNS = "/briefings/guns-money-sovereignty/";

// What the open card shows: its box, its entries' kinds and text, its links.
const cardState = (page) => page.evaluate(() => {
  const card = document.getElementById("gloss-card");
  if (!card) return null;
  const b = card.getBoundingClientRect();
  return {
    role: card.getAttribute("role"), label: card.getAttribute("aria-label"),
    kinds: [...card.querySelectorAll(".card-entry")].map((e) => e.className.replace("card-entry card-", "")),
    text: card.textContent.replace(/\s+/g, " "),
    links: [...card.querySelectorAll("a")].map((a) => ({ href: a.getAttribute("href"), text: a.textContent })),
    box: { left: b.left, right: b.right, top: b.top, bottom: b.bottom }, vw: document.documentElement.clientWidth, vh: innerHeight,
  };
});
const active = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return { id: a.id, tag: a.tagName, inCard: !!a.closest("#gloss-card") };
});
async function axe(page, what) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  check(result.length === 0, `${what}: axe-core finds no violation (${result.join("; ")})`);
}

const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
try {
  // Hover, at 1280 px.
  let ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  let page = await ctx.newPage();
  await page.goto(base + RUBIO);
  const words = page.locator("#quote-declare-war");
  await page.evaluate(() => document.getElementById("quote-declare-war").scrollIntoView({ block: "center" }));
  await words.hover();
  check((await cardState(page)) === null, "hover: no card before the short delay");
  await page.waitForSelector("#gloss-card", { timeout: 2000 }).catch(() => {});
  let card = await cardState(page);
  check(card !== null, "hover: a quote's words show a card");
  if (card) {
    check(card.role === "dialog" && card.label === "Quote", `hover: the card is a dialog labelled by its kind (${card.role}, ${card.label})`);
    check(card.links.some((l) => l.href === "/actors/marco-rubio/" && l.text === "Marco Rubio"), "hover: the card links the speaker's name to their actor page");
    check(card.text.includes("Secretary of State"), "hover: the card says the speaker's role");
    check(card.text.includes("Said 3 September 2025"), `hover: the card says when the words were said (${card.text})`);
    check(card.links.some((l) => l.href === "/actors/marco-rubio/#sec-said"), "hover: the card links to the speaker's quoted words");
    check(card.links.some((l) => l.href === "/quotes/"), "hover: the card links to the quote index");
    const wb = await words.boundingBox();
    check(card.box.top >= wb.y + wb.height, "hover: the card is below the words, clear of them");
  }
  const describedBy = await page.evaluate(() => document.getElementById("quote-declare-war").getAttribute("aria-describedby"));
  check(describedBy === "gloss-card", "hover: the words are described by the card");
  const cardBox = await page.locator("#gloss-card").boundingBox();
  if (cardBox) {
    await page.mouse.move(cardBox.x + cardBox.width / 2, cardBox.y + cardBox.height / 2, { steps: 5 });
    await page.waitForTimeout(600);
    check((await cardState(page)) !== null, "hover: the card stays while the pointer is on it");
    if (shots) {
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(shots, "card-1280-light.png") });
      await page.emulateMedia({ colorScheme: "dark" });
      await page.screenshot({ path: join(shots, "card-1280-dark.png") });
      await page.emulateMedia({ colorScheme: "light" });
    }
    await axe(page, "light, a quote's card open");
    await page.emulateMedia({ colorScheme: "dark" });
    await axe(page, "dark, a quote's card open");
    await page.emulateMedia({ colorScheme: "light" });
  }
  await page.mouse.move(5, 5, { steps: 5 });
  await page.waitForTimeout(600);
  check((await cardState(page)) === null, "hover: the card goes once the pointer leaves the words and the card");
  check(await page.evaluate(() => !document.getElementById("quote-declare-war").hasAttribute("aria-describedby")), "hover: a closed card describes nothing");

  // A card the pointer opened and focus then went into stays when the pointer leaves.
  await words.hover();
  await page.waitForSelector("#gloss-card", { timeout: 2000 }).catch(() => {});
  await page.focus("#gloss-card a");
  await page.mouse.move(5, 5, { steps: 5 });
  await page.waitForTimeout(600);
  check((await cardState(page)) !== null, "hover then focus: the card holding focus stays when the pointer leaves");
  await page.keyboard.press("Escape");
  check((await active(page)).id === "quote-declare-war" && (await cardState(page)) === null, "hover then focus: Escape closes it and focus goes to the words");

  // Nested: a claim inside a quote shows both, innermost first.
  await page.goto(base + GUNS);
  const ib = await page.evaluate(() => {
    const m = document.getElementById("claim-mexico-is-actually-ruled-by");
    m.scrollIntoView({ block: "center" });
    const r = m.getClientRects()[0];
    return { x: r.left + 6, y: r.top + r.height / 2 };
  });
  await page.mouse.move(ib.x, ib.y, { steps: 3 });
  await page.waitForSelector("#gloss-card", { timeout: 2000 }).catch(() => {});
  card = await cardState(page);
  check(card && card.kinds.join(",") === "claim,quote", `nested: a claim inside a quote shows the claim, then the quote (${card && card.kinds})`);
  check(card && card.label === "Claim, Quote", `nested: the card's label names both (${card && card.label})`);
  check(card && card.text.includes("Disputed") && card.text.includes("Donald Trump"), "nested: both entries are filled");
  if (shots) {
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(shots, "card-nested-1280-light.png") });
  }
  await ctx.close();

  // Keyboard, at 1280 px: Tab to a claim's words.
  ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await ctx.newPage();
  await page.goto(base + GUNS);
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = (await active(page)).id === "claim-smuggling-income";
  }
  check(reached, "keyboard: Tab reaches a claim's words");
  card = await cardState(page);
  check(card !== null && card.kinds.join(",") === "claim", "keyboard: focus shows the claim's card");
  if (card) {
    check(card.text.includes("Disputed"), `keyboard: the card shows the claim's status (${card.text})`);
    check(/Figure: about US\$13 billion/.test(card.text), `keyboard: the card shows the claim's figure (${card.text})`);
  }
  await page.keyboard.press("Tab");
  let a = await active(page);
  check(a.inCard && a.tag === "A", `keyboard: Tab moves into the card's links (${a.tag} ${a.inCard})`);
  await page.keyboard.press("Escape");
  a = await active(page);
  check((await cardState(page)) === null, "keyboard: Escape closes the card");
  check(a.id === "claim-smuggling-income", `keyboard: focus is back on the words (${a.id})`);
  // Tab past the card's last link goes on through the page and closes the card.
  await page.evaluate(() => document.activeElement.blur());
  await page.focus("#claim-smuggling-income");
  check((await cardState(page)) !== null, "keyboard: focusing the words again shows the card again");
  const links = card ? card.links.length + 1 : 1;
  for (let i = 0; i <= links; i++) await page.keyboard.press("Tab");
  a = await active(page);
  card = await cardState(page);
  check(!a.inCard && a.id !== "claim-smuggling-income" && (card === null || card.kinds.join(",") !== "claim"), `keyboard: Tab past the card's last control goes on from the words and closes their card (${a.tag} ${a.id})`);
  // Notes keep their own Tab stop (the toggle) and have no card.
  check(await page.evaluate(() => [...document.querySelectorAll("mark[data-ann^='note:']")].every((m) => !m.hasAttribute("tabindex") && !m.classList.contains("has-card"))), "keyboard: a note's words are no Tab stop of their own and have no card");
  await ctx.close();

  // Touch, at 390 px.
  ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  page = await ctx.newPage();
  await page.goto(base + RUBIO);
  await page.locator("#quote-declare-war").scrollIntoViewIfNeeded();
  await page.locator("#quote-declare-war").tap();
  card = await cardState(page);
  check(card !== null && card.kinds.join(",") === "quote", "touch: a tap on a quote's words opens its card");
  if (card) {
    check(card.box.left >= 0 && card.box.right <= card.vw && card.box.top >= 0 && card.box.bottom <= card.vh, `touch 390px: the card lies inside the viewport (${JSON.stringify(card.box)}, ${card.vw}x${card.vh})`);
    if (shots) {
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(shots, "card-390-light.png") });
      await page.emulateMedia({ colorScheme: "dark" });
      await page.screenshot({ path: join(shots, "card-390-dark.png") });
      await page.emulateMedia({ colorScheme: "light" });
    }
  }
  await page.locator("h1").tap();
  check((await cardState(page)) === null, "touch: a tap elsewhere closes the card");
  // Near the bottom of the screen the card opens above the words, still on screen.
  await page.evaluate(() => {
    const m = document.getElementById("quote-closest-cooperation");
    window.scrollBy(0, m.getBoundingClientRect().bottom - innerHeight + 40);
  });
  const last = await page.evaluate(() => {
    const rs = [...document.getElementById("quote-closest-cooperation").getClientRects()];
    const r = rs[rs.length - 1];
    return { x: r.left + Math.min(20, r.width / 2), y: r.top + r.height / 2 };
  });
  await page.touchscreen.tap(last.x, last.y);
  card = await cardState(page);
  check(card !== null && card.box.bottom <= last.y && card.box.top >= 0 && card.box.left >= 0 && card.box.right <= card.vw,
    `touch 390px: near the bottom the card opens above the words, inside the viewport (${card && JSON.stringify(card.box)}, tapped at ${last.y})`);
  await page.locator("h1").tap();
  // A note's words still open their note on a tap, and open no card.
  // (words of a note alone, not inside a quote's, a claim's or an event's)
  const noteId = await page.evaluate(() => [...document.querySelectorAll("label.sidenote-words")]
    .find((l) => !l.closest("mark.has-card")).getAttribute("for"));
  const label = page.locator(`label.sidenote-words[for="${noteId}"]`).first();
  await label.scrollIntoViewIfNeeded();
  await label.tap();
  check(await page.locator(`#${noteId} ~ .sidenote`).first().isVisible(), "touch: a tap on a note's words opens its note inline");
  check((await cardState(page)) === null, "touch: a note's words open no card");
  await page.locator("h1").tap();
  // A note's words inside a claim's: the tap opens the note, and no card covers it.
  const nested = page.locator('label.sidenote-words[for="sidenote-13-billion"]');
  await page.goto(base + GUNS);
  await nested.scrollIntoViewIfNeeded();
  await nested.tap();
  card = await cardState(page);
  check(await page.locator("#sidenote-13-billion ~ .sidenote").first().isVisible(), "touch: a note's words inside a claim still open the note");
  check(card === null, `touch: ... and no card over it (${card && card.kinds})`);
  // The claim's other words still open its card.
  await page.locator("#claim-smuggling-income").tap({ position: { x: 4, y: 6 } });
  card = await cardState(page);
  check(card !== null && card.kinds.join(",") === "claim", `touch: a tap on the claim's own words opens its card (${card && card.kinds})`);
  await ctx.close();

  // Without JavaScript: the page as written.
  const texts = {};
  for (const javaScriptEnabled of [true, false]) {
    ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, javaScriptEnabled });
    page = await ctx.newPage();
    await page.goto(base + GUNS);
    texts[javaScriptEnabled] = await page.evaluate(() => document.body.textContent);
    if (!javaScriptEnabled) {
      const focusable = await page.evaluate(() => document.querySelectorAll("mark[tabindex], mark.has-card").length);
      check(focusable === 0, "no JavaScript: no mark is focusable");
      check(await page.evaluate(() => [...document.querySelectorAll("mark[data-ann]")].every((m) => m.hasAttribute("title"))), "no JavaScript: every mark keeps its title");
      await page.locator("#claim-smuggling-income").tap();
      check((await cardState(page)) === null, "no JavaScript: a tap opens no card");
      check(await page.locator(".claims-section").isVisible(), "no JavaScript: the lists under the article are there");
    }
    await ctx.close();
  }
  check(texts.true === texts.false, "the script leaves the page's text as it is (what annotations.jsonld counts in)");
} finally {
  await browser.close();
  server.close();
  rmSync(out, { recursive: true, force: true });
  clearTimeout(watchdog);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
