/* Source notes, progressively enhanced.
 *
 * Without this script each noted phrase (and each citation number) is a plain link to its
 * entry in the page's "Source notes" list, and each entry links back. With it, the phrase
 * is the control (click, tap, Enter or Space):
 * - on narrow screens, and on pages without a margin, the note opens below its paragraph;
 * - on wide article pages, every note stands in the margin beside its phrase (notes.js
 *   places them: a crowded note shows its first lines and opens in full when clicked; where
 *   notes crowd, the text makes room so that each stays within a line of its phrase), and
 *   the phrase opens the note in a card beside it: a non-modal dialog whose links work,
 *   which Escape closes, giving focus back to the phrase.
 * No inline styles in the markup: positions are set through element.style (CSSOM).
 */
(function () {
  "use strict";

  var WIDE = window.matchMedia("(min-width: 72rem)");
  var GAP = 4; /* px between two margin notes */
  var MIN_LINES = 1; /* a crowded margin note still shows this many lines (and "more") */
  var root = document.documentElement;
  var links = document.querySelectorAll("a.note-link");
  if (!links.length) return;
  root.classList.add("notes-js");
  var article = document.querySelector("article.article");
  var notesList = document.querySelector(".source-notes-list[data-note-word]");
  var NOTE_WORD = notesList ? notesList.getAttribute("data-note-word") : "Note";

  var notes = [];
  var byNumber = {};
  links.forEach(function (link) {
    var number = (link.getAttribute("href") || "").replace(/^.*#note-/, "");
    var entry = document.getElementById("note-" + number);
    if (!entry) return;
    var note = byNumber[number];
    if (!note) {
      note = byNumber[number] = {
        number: number, entry: entry, links: [], side: null, open: false, expanded: false,
        place: link.closest("mark.noted") || link
      };
      notes.push(note);
    }
    note.links.push(link);
    link.setAttribute("role", "button");
    link.setAttribute("aria-expanded", "false");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      activate(note, link);
    });
    link.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        activate(note, link);
      }
    });
    link.addEventListener("mouseenter", function () { highlight(note, true); });
    link.addEventListener("mouseleave", function () { highlight(note, false); });
  });

  /* The note's content, copied from its list entry: ids dropped, the way back left out. */
  function copyOf(note, into) {
    var copy = note.entry.cloneNode(true);
    copy.querySelectorAll(".note-back-line").forEach(function (el) { el.remove(); });
    copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    while (copy.firstChild) into.appendChild(copy.firstChild);
  }

  /* The block the phrase sits in: its note goes right after it (inside a list item). */
  function blockOf(note) {
    return note.place.closest("p, h1, h2, h3, h4, h5, h6, li, blockquote, td, th, dd, dt") ||
      note.place.parentElement;
  }

  notes.forEach(function (note) {
    var side = document.createElement("div");
    side.className = "sidenote";
    side.id = "sidenote-" + note.number;
    var number = document.createElement("span");
    number.className = "sidenote-number";
    number.textContent = note.number;
    side.appendChild(number);
    copyOf(note, side);
    var block = blockOf(note);
    if (block.tagName === "LI") {
      block.appendChild(side);
    } else {
      var after = block;
      while (after.nextElementSibling && after.nextElementSibling.classList.contains("sidenote")) {
        after = after.nextElementSibling;
      }
      after.after(side);
    }
    side.addEventListener("mouseenter", function () { highlight(note, true); });
    side.addEventListener("mouseleave", function () { highlight(note, false); });
    side.addEventListener("click", function (event) {
      if (!inMargin(note) || event.target.closest("a")) return;
      note.expanded = !note.expanded; /* a crowded margin note opens in full, in place */
      layout();
    });
    note.side = side;
    setReadable(note, false);
  });

  function inMargin(note) {
    return WIDE.matches && article !== null && article.contains(note.place);
  }

  function highlight(note, on) {
    note.side.classList.toggle("is-active", on);
    note.place.classList.toggle("is-active", on);
  }

  /* A note hidden from assistive technology (closed, or a duplicate in the margin) holds nothing to Tab to. */
  function setReadable(note, readable) {
    if (readable) note.side.removeAttribute("aria-hidden");
    else note.side.setAttribute("aria-hidden", "true");
    note.side.querySelectorAll("a").forEach(function (a) {
      if (readable) a.removeAttribute("tabindex");
      else a.setAttribute("tabindex", "-1");
    });
  }

  function activate(note, link) {
    if (inMargin(note)) {
      if (current === note) closeCard(false);
      else openCard(note, link);
    } else {
      setOpen(note, !note.open);
    }
  }

  /* Narrow screens: the note opens below its paragraph. */
  function setOpen(note, open) {
    note.open = open;
    note.side.classList.toggle("is-open", open);
    setReadable(note, open);
    note.links.forEach(function (link) {
      link.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) link.setAttribute("aria-controls", note.side.id);
    });
  }

  /* Wide screens: the card, a non-modal dialog beside the phrase. */
  var card = document.createElement("div");
  card.className = "note-card";
  card.id = "note-card";
  card.setAttribute("role", "dialog");
  card.setAttribute("aria-labelledby", "note-card-title");
  card.tabIndex = -1;
  card.hidden = true;
  var current = null;
  var opener = null;

  function openCard(note, link) {
    closeCard(false);
    card.textContent = "";
    var head = document.createElement("div");
    head.className = "note-card-head";
    var title = document.createElement("p");
    title.className = "note-card-title";
    title.id = "note-card-title";
    title.textContent = NOTE_WORD + " " + note.number;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "note-card-close";
    close.setAttribute("aria-label", "Close");
    close.textContent = "\u00d7";
    close.addEventListener("click", function () { closeCard(true); });
    head.appendChild(title);
    head.appendChild(close);
    card.appendChild(head);
    copyOf(note, card);
    note.side.after(card); /* next in the reading and Tab order */
    current = note;
    opener = link;
    card.hidden = false;
    placeCard();
    note.links.forEach(function (l) {
      l.setAttribute("aria-expanded", "true");
      l.setAttribute("aria-controls", card.id);
    });
    highlight(note, true);
    card.focus({ preventScroll: true });
  }

  function closeCard(returnFocus) {
    if (!current) return;
    var note = current;
    current = null;
    card.hidden = true;
    note.links.forEach(function (l) { l.setAttribute("aria-expanded", "false"); });
    highlight(note, false);
    if (returnFocus && opener) opener.focus();
  }

  function placeCard() {
    var first = opener.getClientRects()[0] || opener.getBoundingClientRect();
    var whole = current.place.getBoundingClientRect(); /* below the whole phrase, from its start */
    var frame = card.offsetParent ? card.offsetParent.getBoundingClientRect() : { left: 0, top: 0 };
    var view = root.clientWidth;
    var width = card.offsetWidth;
    var left = Math.max(8, Math.min(first.left, view - width - 8));
    card.style.left = Math.round(left - frame.left) + "px";
    card.style.top = Math.round(whole.bottom + 6 - frame.top) + "px";
  }

  card.addEventListener("focusout", function (event) {
    var to = event.relatedTarget;
    if (current && to && !card.contains(to) && current.links.indexOf(to) < 0) closeCard(false);
  });
  document.addEventListener("click", function (event) {
    if (current && !card.contains(event.target) && !event.target.closest("a.note-link")) closeCard(false);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    if (current) {
      closeCard(true);
      return;
    }
    var focused = document.activeElement;
    notes.forEach(function (note) {
      if (note.open && (note.side.contains(focused) || note.links.indexOf(focused) >= 0)) {
        setOpen(note, false);
        note.links[0].focus();
      }
    });
  });

  /* The margin: each note beside its phrase, stacked without overlapping; where a note would
     stand more than a line below its phrase, an empty spacer before the phrase makes room. */
  function topOf(el, frame) {
    var rects = el.getClientRects();
    return (rects.length ? rects[0].top : el.getBoundingClientRect().top) - frame;
  }

  function lineHeight(el) {
    var value = parseFloat(window.getComputedStyle(el).lineHeight);
    return isNaN(value) ? 24 : value;
  }

  function clearLayout() {
    document.querySelectorAll(".note-room").forEach(function (el) {
      var parent = el.parentNode;
      el.remove();
      parent.normalize();
    });
    notes.forEach(function (note) {
      note.side.style.top = "";
      note.side.style.maxHeight = "";
      note.side.classList.remove("is-clamped");
    });
    if (article) article.style.minHeight = "";
  }

  /* An empty inline block after the phrase's first word: it makes that line taller, so the
     phrase (and all that follows) moves down by `needed` px. */
  function makeRoom(note, needed, frameTop) {
    var walker = document.createTreeWalker(note.place, NodeFilter.SHOW_TEXT);
    var text = walker.nextNode();
    var word = text && /^\s*\S+/.exec(text.data);
    if (!word) return;
    var room = document.createElement("span");
    room.className = "note-room";
    room.setAttribute("aria-hidden", "true");
    var rest = text.splitText(word[0].length);
    rest.parentNode.insertBefore(room, rest);
    var before = topOf(note.place, frameTop());
    room.style.height = lineHeight(note.place.parentElement) + "px";
    for (var i = 0; i < 3; i++) {
      var missing = before + needed - topOf(note.place, frameTop());
      if (Math.abs(missing) < 1) break;
      room.style.height = Math.max(0, parseFloat(room.style.height) + missing) + "px";
    }
  }

  function layout() {
    clearLayout();
    var margin = notes.filter(inMargin);
    root.classList.toggle("notes-margin", margin.length > 0);
    if (!margin.length) return;
    var frameTop = function () { return article.getBoundingClientRect().top; };
    var bottom = -Infinity;
    var lastWant = null;
    margin.forEach(function (note, index) {
      var line = lineHeight(note.place.parentElement);
      var want = topOf(note.place, frameTop());
      /* never more than a line away: else make room (not possible beside a phrase on the same line) */
      if (bottom + GAP - want > line && (lastWant === null || Math.abs(want - lastWant) > 2)) {
        makeRoom(note, bottom + GAP - want, frameTop);
        want = topOf(note.place, frameTop());
      }
      lastWant = want;
      var top = Math.max(want, bottom + GAP);
      var side = note.side;
      side.style.top = Math.round(top) + "px";
      var full = side.scrollHeight;
      var next = margin[index + 1];
      if (next && !note.expanded) {
        var sideLine = lineHeight(side);
        var inset = parseFloat(window.getComputedStyle(side).paddingTop) || 0;
        var room = topOf(next.place, frameTop()) - top - GAP - inset;
        var lines = Math.max(MIN_LINES, Math.floor(room / sideLine));
        if (full > room + inset && full > lines * sideLine + inset + 4) {
          side.style.maxHeight = Math.ceil(lines * sideLine + inset) + "px";
          side.classList.add("is-clamped");
        }
      }
      bottom = top + side.getBoundingClientRect().height;
    });
    if (bottom > article.offsetHeight) article.style.minHeight = Math.ceil(bottom) + "px";
  }

  function relayout() {
    if (current) closeCard(false);
    notes.forEach(function (note) {
      if (note.open) setOpen(note, false);
      setReadable(note, false);
    });
    layout();
  }

  var pending = 0;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = window.requestAnimationFrame(function () {
      pending = 0;
      layout();
      if (current) placeCard();
    });
  });
  if (WIDE.addEventListener) WIDE.addEventListener("change", relayout);
  layout();
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(layout);
})();
