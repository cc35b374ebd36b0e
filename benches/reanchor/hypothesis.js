// Runs Hypothesis's anchoring library (dom-anchor-text-quote, fuzzy `toTextPosition` with
// the position hint, as the Hypothesis client calls it) on the cases main.rs wrote, and
// prints the table of gloss (with and without gloss.lock) and Hypothesis side by side.
"use strict";
const fs = require("fs");
const { toTextPosition } = require("dom-anchor-text-quote");

const cases = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const tools = ["gloss_lock", "gloss_words", "hypothesis"];
const rows = {};
function row(kind) {
  rows[kind] = rows[kind] || { cases: 0, survive: 0, gone: 0, t: {} };
  for (const t of tools) {
    rows[kind].t[t] = rows[kind].t[t] || { exact: 0, near: 0, misplaced: 0, refused: 0, goneSaid: 0 };
  }
  return rows[kind];
}
function judge(stats, expected, got) {
  if (expected === null) {
    if (got === null) stats.goneSaid++;
    else stats.misplaced++;
    return;
  }
  if (got === null) stats.refused++;
  else if (got[0] === expected[0] && got[1] === expected[1]) stats.exact++;
  else if (got[0] < expected[1] && expected[0] < got[1]) stats.near++;
  else stats.misplaced++;
}
for (const c of cases) {
  const r = row(c.kind);
  const all = row("all");
  for (const x of [r, all]) {
    x.cases++;
    if (c.expected === null) x.gone++;
    else x.survive++;
  }
  const root = { textContent: c.text };
  const pos = toTextPosition(root, { exact: c.exact, prefix: c.prefix, suffix: c.suffix }, { hint: c.hint });
  const got = { gloss_lock: c.gloss_lock, gloss_words: c.gloss_words, hypothesis: pos ? [pos.start, pos.end] : null };
  for (const t of tools) {
    judge(r.t[t], c.expected, got[t]);
    judge(all.t[t], c.expected, got[t]);
  }
}
const pct = (n, d) => (d ? ((100 * n) / d).toFixed(1) + "%" : "–");
const names = { gloss_lock: "gloss --fix, lock", gloss_words: "gloss --fix, no lock", hypothesis: "Hypothesis" };
console.log("| revision | cases | tool | exact (of words surviving) | overlapping, inexact | misplaced | gone reported as gone |");
console.log("|---|---:|---|---:|---:|---:|---:|");
for (const kind of Object.keys(rows).sort((a, b) => (a === "all") - (b === "all"))) {
  const r = rows[kind];
  for (const t of tools) {
    const s = r.t[t];
    console.log(`| ${kind} | ${r.cases} | ${names[t]} | ${s.exact}/${r.survive} (${pct(s.exact, r.survive)}) | ${s.near} | ${s.misplaced} | ${r.gone ? `${s.goneSaid}/${r.gone}` : "–"} |`);
  }
}
