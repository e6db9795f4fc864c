/* Source notes, progressively enhanced.
 *
 * Without this script every note marker is a plain link to its entry in the page's
 * "Source notes" list, and each entry links back. With it:
 * - hovering or focusing a marker shows the note in a small card (role="tooltip",
 *   described by the marker; Escape hides it; it never takes focus);
 * - on narrow screens each side note gets a toggle button that opens it in the text.
 * No inline styles in the markup: the card is placed through element.style (CSSOM).
 */
(function () {
  "use strict";

  var WIDE = window.matchMedia("(min-width: 72rem)");
  var HIDE_DELAY = 300;
  var markers = document.querySelectorAll("a.note-link");
  if (!markers.length) return;
  document.documentElement.classList.add("notes-js");
  /* The word "Note" in the page's language, as the notes list carries it. */
  var notesList = document.querySelector(".source-notes-list[data-note-word]");
  var NOTE_WORD = notesList ? notesList.getAttribute("data-note-word") : "Note";

  var card = document.createElement("div");
  card.className = "note-card";
  card.id = "note-card";
  card.setAttribute("role", "tooltip");
  card.hidden = true;
  document.body.appendChild(card);
  var current = null;
  var hideTimer = 0;

  function numberOf(link) {
    return (link.getAttribute("href") || "").replace(/^.*#note-/, "");
  }

  function entryFor(link) {
    var hash = link.getAttribute("href") || "";
    var at = hash.indexOf("#");
    return at < 0 ? null : document.getElementById(decodeURIComponent(hash.slice(at + 1)));
  }

  /* The card shows a copy of the list entry, as text: a tooltip holds nothing to click. */
  function fill(link) {
    var entry = entryFor(link);
    if (!entry) return false;
    var copy = entry.cloneNode(true);
    copy.querySelectorAll(".note-back-line").forEach(function (el) { el.remove(); });
    copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    copy.querySelectorAll("a").forEach(function (a) {
      var span = document.createElement("span");
      span.className = a.className;
      while (a.firstChild) span.appendChild(a.firstChild);
      a.replaceWith(span);
    });
    card.textContent = "";
    var title = document.createElement("p");
    title.className = "note-card-title";
    title.textContent = NOTE_WORD + " " + numberOf(link);
    card.appendChild(title);
    while (copy.firstChild) card.appendChild(copy.firstChild);
    return true;
  }

  function place(link) {
    var box = link.getBoundingClientRect();
    var view = document.documentElement.clientWidth;
    var width = card.offsetWidth;
    var left = Math.max(8, Math.min(box.left + box.width / 2 - width / 2, view - width - 8));
    var top = box.bottom + 6;
    if (top + card.offsetHeight > window.innerHeight - 8 && box.top - card.offsetHeight - 6 > 8) {
      top = box.top - card.offsetHeight - 6;
    }
    card.style.left = Math.round(left + window.scrollX) + "px";
    card.style.top = Math.round(top + window.scrollY) + "px";
  }

  function sidenoteOf(link) {
    return document.getElementById("sidenote-" + numberOf(link));
  }

  function show(link) {
    window.clearTimeout(hideTimer);
    if (current === link && !card.hidden) return;
    hide();
    if (!fill(link)) return;
    current = link;
    card.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", card.id);
    var side = sidenoteOf(link);
    if (side) side.classList.add("is-active");
  }

  function hide() {
    window.clearTimeout(hideTimer);
    if (current) {
      current.removeAttribute("aria-describedby");
      var side = sidenoteOf(current);
      if (side) side.classList.remove("is-active");
    }
    current = null;
    card.hidden = true;
  }

  function hideSoon() {
    window.clearTimeout(hideTimer);
    hideTimer = window.setTimeout(hide, HIDE_DELAY);
  }

  markers.forEach(function (link) {
    link.addEventListener("mouseenter", function () { show(link); });
    link.addEventListener("mouseleave", hideSoon);
    link.addEventListener("focus", function () { show(link); });
    link.addEventListener("blur", hide);
    link.addEventListener("click", hide);
  });
  /* The pointer may move onto the card to read it without it vanishing. */
  card.addEventListener("mouseenter", function () { window.clearTimeout(hideTimer); });
  card.addEventListener("mouseleave", hideSoon);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !card.hidden) hide();
  });
  window.addEventListener("resize", function () { if (current) place(current); });

  /* Narrow screens: a button opens each side note in the text. */
  function setOpen(button, side, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    side.classList.toggle("is-open", open);
    if (open) side.removeAttribute("aria-hidden");
    else side.setAttribute("aria-hidden", "true");
    side.querySelectorAll("a").forEach(function (a) {
      if (open) a.removeAttribute("tabindex");
      else a.setAttribute("tabindex", "-1");
    });
  }

  var toggles = [];
  document.querySelectorAll(".sidenote[id^='sidenote-']").forEach(function (side) {
    var marker = side.previousElementSibling;
    if (!marker || !marker.classList.contains("note-ref")) return;
    var number = side.id.slice("sidenote-".length);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "note-toggle";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", side.id);
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = NOTE_WORD + " ";
    button.appendChild(label);
    button.appendChild(document.createTextNode(number));
    button.addEventListener("click", function () {
      setOpen(button, side, button.getAttribute("aria-expanded") !== "true");
    });
    marker.classList.add("has-toggle");
    marker.after(button);
    toggles.push([button, side]);
  });
  function closeAll() {
    toggles.forEach(function (pair) { setOpen(pair[0], pair[1], false); });
  }
  if (WIDE.addEventListener) WIDE.addEventListener("change", closeAll);
})();
