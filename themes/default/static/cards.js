// gloss: the card at marked words on a briefing page (a progressive enhancement).
//
// The page reads whole without it: the lists under the article hold every quote, claim and
// event. With it, hovering, focusing or tapping a mark shows a small card of who said the
// words, a claim's status and figure, an event's date, with their links. The card's
// content is the page's inert <template data-card="KIND:ID"> of each annotation at that
// place, innermost first; the card exists in the page only while it is shown, so the
// page's text (what annotations.jsonld counts in) is unchanged. Notes have no card: their
// margin note is at their words, and their words keep opening it on a tap (a tap on a
// note's words inside a claim's opens the note, not the claim's card, which would cover it).
//
// Keyboard: the first piece of every annotation with a card becomes a Tab stop; focus
// shows its card, Tab moves into the card's links and on past them, Escape closes the card
// and returns focus to the words. Pointer: the card shows after a short hover and stays
// while the pointer is on the words or the card. Touch: a tap opens the card, a tap
// elsewhere closes it.
(() => {
  "use strict";
  const HOVER_OPEN_MS = 300;
  const HOVER_CLOSE_MS = 250;
  const GAP = 6;
  const MARGIN = 8;
  const CARD_ID = "gloss-card";

  const templates = new Map();
  for (const t of document.querySelectorAll("template[data-card]")) templates.set(t.dataset.card, t);
  if (templates.size === 0) return;

  const carded = (m) => m.matches("mark[data-ann]") && templates.has(m.dataset.ann);
  for (const m of document.querySelectorAll("mark[data-ann]")) {
    if (!carded(m)) continue;
    m.classList.add("has-card");
    // The card says what the title said, with links; two popups at once would clash.
    m.removeAttribute("title");
    if (m.id) m.tabIndex = 0;
  }

  // The innermost mark with a card at `node`, or null.
  const markAt = (node) => {
    for (let el = node instanceof Element ? node : node && node.parentElement; el; el = el.parentElement) {
      if (el.matches("mark.has-card")) return el;
      if (el.id === CARD_ID) return null;
    }
    return null;
  };
  // The annotations at a mark, innermost first, each once.
  const keysAt = (mark) => {
    const keys = [];
    for (let el = mark; el; el = el.parentElement) {
      if (el.matches("mark[data-ann]") && carded(el) && !keys.includes(el.dataset.ann)) keys.push(el.dataset.ann);
      if (el.matches(".prose")) break;
    }
    return keys;
  };
  // The Tab stop of a mark's annotation: its first piece.
  const stopOf = (mark) => (mark.tabIndex >= 0 ? mark : document.getElementById(mark.dataset.ann.replace(":", "-")) || mark);
  const focusables = (card) => [...card.querySelectorAll("a[href], button")];

  let open = null; // { mark, card, via: "hover" | "focus" | "tap" }
  let showTimer = 0, hideTimer = 0;
  let returning = false; // focus is being returned to the words: show no card for it
  const cancelShow = () => { clearTimeout(showTimer); showTimer = 0; };
  const cancelHide = () => { clearTimeout(hideTimer); hideTimer = 0; };

  function build(mark) {
    const keys = keysAt(mark);
    const card = document.createElement("div");
    card.id = CARD_ID;
    card.className = "gloss-card";
    card.setAttribute("role", "dialog");
    const labels = keys.map((k) => templates.get(k).dataset.cardLabel || k.split(":")[0]);
    card.setAttribute("aria-label", labels.join(", "));
    for (const k of keys) card.append(templates.get(k).content.cloneNode(true));
    for (const el of card.querySelectorAll("[id]")) el.removeAttribute("id");
    const close = document.createElement("button");
    close.type = "button";
    close.className = "card-close";
    close.textContent = "×";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", () => hide(true));
    card.append(close);
    return card;
  }

  // Places the card below the words (below the line nearest `y` when they run longer than
  // three lines), above them when there is no room below, and always inside the viewport.
  function place(card, mark, y) {
    const rects = [...mark.getClientRects()].filter((q) => q.width > 0);
    if (rects.length === 0) return;
    const line = (y !== undefined && rects.find((q) => y >= q.top && y <= q.bottom)) || rects[0];
    const short = rects.length <= 3;
    const below = short ? Math.max(...rects.map((q) => q.bottom)) : line.bottom;
    const above = short ? Math.min(...rects.map((q) => q.top)) : line.top;
    const vw = document.documentElement.clientWidth, vh = window.innerHeight;
    const w = card.offsetWidth, h = card.offsetHeight;
    const left = Math.max(MARGIN, Math.min(line.left, vw - w - MARGIN));
    let top = below + GAP;
    const flip = top + h > vh - MARGIN && above - GAP - h >= MARGIN;
    if (flip) top = above - GAP - h;
    card.classList.toggle("is-above", flip);
    card.style.left = `${left + window.scrollX}px`;
    card.style.top = `${top + window.scrollY}px`;
  }

  function show(mark, via, y) {
    cancelShow();
    cancelHide();
    if (open && open.mark === mark) {
      if (via !== "hover") open.via = via;
      return;
    }
    hide(false);
    const card = build(mark);
    card.addEventListener("pointerenter", cancelHide);
    card.addEventListener("pointerleave", (e) => { if (e.pointerType === "mouse") scheduleHide(); });
    document.body.append(card);
    place(card, mark, y);
    stopOf(mark).setAttribute("aria-describedby", CARD_ID);
    open = { mark, card, via };
  }

  // Closes the card; returns focus to its words when `refocus` (Escape, the close button).
  function hide(refocus) {
    cancelHide();
    if (!open) return;
    const { mark, card } = open;
    open = null;
    const stop = stopOf(mark);
    stop.removeAttribute("aria-describedby");
    card.remove();
    if (refocus) {
      // Focusing the words would show the card again: this focus only returns the reader.
      returning = true;
      stop.focus();
      returning = false;
    }
  }

  function scheduleHide() {
    cancelHide();
    if (open && open.via === "hover") hideTimer = setTimeout(() => hide(false), HOVER_CLOSE_MS);
  }

  // Hover (a mouse, not a finger: a tap is a click below).
  document.addEventListener("pointerover", (e) => {
    if (e.pointerType !== "mouse") return;
    const mark = markAt(e.target);
    if (!mark) return;
    cancelHide();
    if (open && open.mark === mark) return;
    cancelShow();
    const y = e.clientY;
    showTimer = setTimeout(() => show(mark, "hover", y), HOVER_OPEN_MS);
  });
  document.addEventListener("pointerout", (e) => {
    if (e.pointerType !== "mouse") return;
    const from = markAt(e.target);
    const to = e.relatedTarget;
    if (from && to && markAt(to) === from) return;
    if (open && to && open.card.contains(to)) return;
    if (from) cancelShow();
    if (open && (from === open.mark || open.card.contains(e.target))) scheduleHide();
  });

  // Whether `el` is a control (a note's toggle) that a label inside `mark` focused.
  const labelledFrom = (el, mark) => !!el.labels && [...el.labels].some((l) => mark.contains(l));

  // Focus: the words' Tab stop shows their card; focus anywhere else but the words and the
  // card closes it.
  document.addEventListener("focusin", (e) => {
    const t = e.target;
    if (returning) return;
    if (t instanceof Element && t.matches("mark.has-card")) {
      show(t, "focus");
    } else if (open && open.card.contains(t)) {
      // A card the pointer opened, now holding focus, stays until focus leaves it.
      open.via = "focus";
    } else if (open && open.via !== "hover" && !open.card.contains(t) && !open.mark.contains(t) && !labelledFrom(t, open.mark)) {
      hide(false);
    }
  });

  // Click or tap: on the words, open; elsewhere outside the card, close.
  document.addEventListener("click", (e) => {
    const t = e.target;
    if (open && open.card.contains(t)) return;
    // The checkbox a note's words toggle gets a click of its own: not a click elsewhere.
    if (t instanceof HTMLInputElement) return;
    // A tap on a note's words (inside a claim's, say) opens the note there, which a card
    // would cover: the note alone answers it.
    if (t instanceof Element && t.closest("label[for]")) {
      hide(false);
      return;
    }
    const mark = markAt(t);
    // A link inside the words (an actor's name) is followed, not captured.
    const link = t instanceof Element && t.closest("a[href]");
    if (mark && !(link && mark.contains(link))) {
      show(mark, "tap", e.clientY || undefined);
      return;
    }
    if (open) hide(false);
  });

  document.addEventListener("keydown", (e) => {
    if (!open) return;
    if (e.key === "Escape") {
      e.preventDefault();
      // Focus goes back to the words if it was in the card or on them; a card the pointer
      // opened while focus was elsewhere just closes.
      const a = document.activeElement;
      hide(open.card.contains(a) || open.mark.contains(a) || a === stopOf(open.mark));
      return;
    }
    if (e.key !== "Tab") return;
    const items = focusables(open.card);
    if (items.length === 0) return;
    const active = document.activeElement;
    const stop = stopOf(open.mark);
    if (!e.shiftKey && (active === stop || active === open.mark)) {
      e.preventDefault();
      items[0].focus();
    } else if (e.shiftKey && active === items[0]) {
      e.preventDefault();
      stop.focus();
    } else if (!e.shiftKey && active === items[items.length - 1]) {
      // On past the card: from the words, as if the card were not there.
      stop.focus();
    }
  });

  window.addEventListener("resize", () => { if (open) place(open.card, open.mark); });
})();
