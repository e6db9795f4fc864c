/* Source notes (see the theme's notes section in style.css). Without this script a phrase
 * links to its note in the list. With it the phrase is a button: its note opens below the
 * paragraph, or, on wide article pages, in a card (a non-modal dialog) below the phrase: a
 * preview while the phrase is hovered or has keyboard focus, kept open by a click or Enter. */
(function () {
  "use strict";

  var WIDE = window.matchMedia("(min-width: 72rem)");
  var HOVER = window.matchMedia("(hover: hover)");
  var GAP = 4; /* px between two margin notes */
  var root = document.documentElement;
  var links = document.querySelectorAll("a.note-link");
  if (!links.length) return;
  root.classList.add("notes-js");
  var article = document.querySelector("article.article");
  var list = document.querySelector(".source-notes-list[data-note-word]");
  var NOTE_WORD = list ? list.getAttribute("data-note-word") : "Note";
  var CLOSE_WORD = list ? list.getAttribute("data-close-word") || "Close" : "Close";
  var notes = [];
  var byNumber = {};
  var current = null; /* the note open in the card */
  var opener = null;
  var pinned = false; /* opened by a click or Enter, not a preview */
  var timer = 0;
  var returning = false;

  function make(tag, className, text) {
    var el = document.createElement(tag);
    el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function setAll(els, name, value) {
    els.forEach(function (el) {
      if (value === null) el.removeAttribute(name);
      else el.setAttribute(name, value);
    });
  }

  links.forEach(function (link) {
    var number = (link.getAttribute("href") || "").replace(/^.*#note-/, "");
    var entry = document.getElementById("note-" + number);
    if (!entry) return;
    var note = byNumber[number];
    if (!note) {
      note = byNumber[number] = { number: number, entry: entry, links: [], place: link.closest("mark.noted") || link };
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
      if (event.key !== " ") return;
      event.preventDefault();
      activate(note, link);
    });
    hover(link, note);
    link.addEventListener("mouseenter", function () { if (HOVER.matches) later(note, link); });
    link.addEventListener("mouseleave", function () { later(null); });
    link.addEventListener("focus", function () {
      highlight(note, true);
      if (!returning && link.matches(":focus-visible")) later(note, link);
    });
    link.addEventListener("blur", function (event) {
      highlight(note, false);
      if (!card.contains(event.relatedTarget)) later(null, null, 0);
    });
  });

  function inCard(el) {
    return current && (card.contains(el) || current.links.indexOf(el) >= 0);
  }

  /* A preview opens (note) or closes (null) after a short delay, unless the card was kept open. */
  function later(note, link, delay) {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (!note) { if (!pinned && !inCard(document.activeElement)) closeCard(false); }
      else if (current !== note && inMargin(note)) openCard(note, link, false);
    }, delay === undefined ? (note ? 350 : 300) : delay);
  }

  function hover(el, note) {
    el.addEventListener("mouseenter", function () { highlight(note, true); });
    el.addEventListener("mouseleave", function () { highlight(note, false); });
  }

  /* A crowded margin note shows in full while its phrase is hovered, focused or open. */
  function highlight(note, on) {
    on = on || current === note;
    note.side.classList.toggle("is-active", on);
    note.side.classList.toggle("is-peek", on && note.side.classList.contains("is-clamped"));
    note.place.classList.toggle("is-active", on);
  }

  /* The note's content, from its list entry: ids dropped, the way back left out. */
  function copyOf(note, into) {
    var copy = note.entry.cloneNode(true);
    copy.querySelectorAll(".note-back-line").forEach(function (el) { el.remove(); });
    setAll(copy.querySelectorAll("[id]"), "id", null);
    while (copy.firstChild) into.appendChild(copy.firstChild);
  }

  /* Each note goes right after the block its phrase is in (inside a list item). */
  notes.forEach(function (note) {
    var side = note.side = make("div", "sidenote");
    side.id = "sidenote-" + note.number;
    side.appendChild(make("span", "sidenote-number", note.number));
    copyOf(note, side);
    var block = note.place.closest("p, h1, h2, h3, h4, h5, h6, li, blockquote, td, th, dd, dt") ||
      note.place.parentElement;
    if (block.tagName === "LI") {
      block.appendChild(side);
    } else {
      while (block.nextElementSibling && block.nextElementSibling.classList.contains("sidenote")) {
        block = block.nextElementSibling;
      }
      block.after(side);
    }
    hover(side, note);
    side.addEventListener("click", function (event) {
      if (!inMargin(note) || event.target.closest("a")) return;
      note.expanded = !note.expanded; /* a crowded margin note opens in full, in place */
      layout();
    });
    setReadable(note, false);
  });

  function inMargin(note) {
    return WIDE.matches && article !== null && article.contains(note.place);
  }

  /* Hidden from assistive technology (closed, or a copy in the margin): nothing in it to Tab to. */
  function setReadable(note, readable) {
    setAll([note.side], "aria-hidden", readable ? null : "true");
    setAll(note.side.querySelectorAll("a"), "tabindex", readable ? null : "-1");
  }

  function expanded(note, open, controls) {
    setAll(note.links, "aria-expanded", String(open));
    if (open) setAll(note.links, "aria-controls", controls);
  }

  function activate(note, link) {
    if (!inMargin(note)) setOpen(note, !note.open);
    else if (current === note && pinned) closeCard(false);
    else openCard(note, link, true);
  }

  /* Below the paragraph. */
  function setOpen(note, open) {
    note.open = open;
    note.side.classList.toggle("is-open", open);
    setReadable(note, open);
    expanded(note, open, note.side.id);
  }

  /* The card, a non-modal dialog below the phrase, next after it in the reading and Tab order. */
  var card = make("div", "note-card");
  card.id = "note-card";
  card.setAttribute("role", "dialog");
  card.setAttribute("aria-labelledby", "note-card-title");
  card.tabIndex = -1;
  card.hidden = true;

  function openCard(note, link, pin) {
    clearTimeout(timer);
    pinned = pin;
    if (current === note) return card.focus({ preventScroll: true });
    closeCard(false);
    pinned = pin;
    card.textContent = "";
    var head = card.appendChild(make("div", "note-card-head"));
    head.appendChild(make("p", "note-card-title", NOTE_WORD + " " + note.number)).id = "note-card-title";
    var close = head.appendChild(make("button", "note-card-close", "\u00d7"));
    close.type = "button";
    close.setAttribute("aria-label", CLOSE_WORD);
    close.addEventListener("click", function () { closeCard(true); });
    copyOf(note, card);
    var after = note.place.closest("sup") || note.place;
    (after.closest("h1, h2, h3, h4, h5, h6") || after).after(card);
    current = note;
    opener = link;
    card.hidden = false;
    placeCard();
    expanded(note, true, card.id);
    highlight(note, true);
    if (pin) card.focus({ preventScroll: true });
  }

  function closeCard(returnFocus) {
    clearTimeout(timer);
    if (!current) return;
    var note = current;
    current = null;
    pinned = false;
    card.hidden = true;
    expanded(note, false);
    highlight(note, false);
    if (returnFocus) {
      returning = true;
      opener.focus({ preventScroll: true });
      returning = false;
    }
  }

  function placeCard() {
    var first = opener.getClientRects()[0] || opener.getBoundingClientRect();
    var frame = card.offsetParent ? card.offsetParent.getBoundingClientRect() : { left: 0, top: 0 };
    var left = Math.max(8, Math.min(first.left, root.clientWidth - card.offsetWidth - 8));
    card.style.left = Math.round(left - frame.left) + "px";
    var top = current.place.getBoundingClientRect().bottom + 6;
    /* above the phrase when there is no room below it on the screen */
    if (top + card.offsetHeight > root.clientHeight && first.top > card.offsetHeight + 6) top = first.top - card.offsetHeight - 6;
    card.style.top = Math.round(top - frame.top) + "px";
  }

  card.addEventListener("mouseenter", function () { clearTimeout(timer); });
  card.addEventListener("mouseleave", function () { later(null); });
  card.addEventListener("focusout", function (event) {
    var to = event.relatedTarget;
    if (current && to && !card.contains(to) && current.links.indexOf(to) < 0) closeCard(false);
  });
  document.addEventListener("click", function (event) {
    if (current && !card.contains(event.target) && !event.target.closest("a.note-link")) closeCard(false);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    if (current) return closeCard(pinned || inCard(document.activeElement));
    var focused = document.activeElement;
    notes.forEach(function (note) {
      if (note.open && (note.side.contains(focused) || note.links.indexOf(focused) >= 0)) {
        setOpen(note, false);
        note.links[0].focus();
      }
    });
  });

  /* The margin: notes beside their phrase, stacked; a crowded one shows its first lines. Where
     one would stand over a line below its phrase, an empty inline block makes room in the text. */
  function topOf(el) {
    var rects = el.getClientRects();
    return (rects.length ? rects[0] : el.getBoundingClientRect()).top - article.getBoundingClientRect().top;
  }

  function lineHeight(el) {
    return parseFloat(window.getComputedStyle(el).lineHeight) || 24;
  }

  function makeRoom(note, needed) {
    var text = document.createTreeWalker(note.place, NodeFilter.SHOW_TEXT).nextNode();
    var word = text && /^\s*\S+/.exec(text.data);
    if (!word) return;
    var room = make("span", "note-room");
    room.setAttribute("aria-hidden", "true");
    text.parentNode.insertBefore(room, text.splitText(word[0].length));
    var before = topOf(note.place);
    var height = lineHeight(note.place.parentElement);
    for (var i = 0; i < 4; i++) {
      room.style.height = height + "px";
      var missing = before + needed - topOf(note.place);
      if (Math.abs(missing) < 1) break;
      height = Math.max(0, height + missing);
    }
  }

  function layout() {
    document.querySelectorAll(".note-room").forEach(function (el) {
      var parent = el.parentNode;
      el.remove();
      parent.normalize();
    });
    notes.forEach(function (note) {
      note.side.style.top = note.side.style.maxHeight = "";
      note.side.classList.remove("is-clamped", "is-peek");
    });
    if (article) article.style.minHeight = "";
    var margin = notes.filter(inMargin);
    root.classList.toggle("notes-margin", margin.length > 0);
    if (!margin.length) return;
    var bottom = -Infinity;
    var lastWant = null;
    margin.forEach(function (note, index) {
      var side = note.side;
      var want = topOf(note.place);
      /* beside a phrase on the same line, no room can be made */
      if (bottom + GAP - want > lineHeight(note.place.parentElement) && Math.abs(want - lastWant) > 2) {
        makeRoom(note, bottom + GAP - want);
        want = topOf(note.place);
      }
      lastWant = want;
      var top = Math.max(want, bottom + GAP);
      side.style.top = Math.round(top) + "px";
      var next = margin[index + 1];
      if (next && !note.expanded) {
        var line = lineHeight(side);
        var inset = parseFloat(window.getComputedStyle(side).paddingTop) || 0;
        var room = topOf(next.place) - top - GAP - inset;
        var lines = Math.max(1, Math.floor(room / line));
        if (side.scrollHeight > Math.max(room, lines * line + 4) + inset) {
          side.style.maxHeight = Math.ceil(lines * line + inset) + "px";
          side.classList.add("is-clamped");
        }
      }
      bottom = top + side.getBoundingClientRect().height;
    });
    if (bottom > article.offsetHeight) article.style.minHeight = Math.ceil(bottom) + "px";
  }

  var pending = 0;
  window.addEventListener("resize", function () {
    pending = pending || window.requestAnimationFrame(function () {
      pending = 0;
      layout();
      if (current) placeCard();
    });
  });
  WIDE.addEventListener("change", function () {
    closeCard(false);
    notes.forEach(function (note) {
      if (note.open) setOpen(note, false);
      setReadable(note, false);
    });
    layout();
  });
  layout();
  if (document.fonts) document.fonts.ready.then(layout);
})();
