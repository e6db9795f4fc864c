/* The overview drawing's marks: while one is hovered or focused, its label (the mark's accessible
   name) shows below it; Escape hides it. Without this script a mark's <title> shows on hover. */
(function () {
  "use strict";

  var overview = document.querySelector(".tl-overview");
  var svg = overview && overview.querySelector(".tl-svg");
  if (!svg) { return; }
  var label = document.createElement("div");
  label.className = "tl-mark-label";
  label.setAttribute("aria-hidden", "true");
  label.hidden = true;
  overview.appendChild(label);
  Array.prototype.forEach.call(svg.querySelectorAll(".tl-mark-link > title"), function (title) {
    title.remove(); /* the label says it: no second, native tooltip */
  });

  function show(mark) {
    label.hidden = !mark;
    if (!mark) { return; }
    label.textContent = mark.getAttribute("aria-label");
    var box = mark.getBoundingClientRect();
    var frame = overview.getBoundingClientRect();
    var left = box.left + box.width / 2 - frame.left - label.offsetWidth / 2;
    label.style.left = Math.round(Math.max(0, Math.min(left, frame.width - label.offsetWidth))) + "px";
    label.style.top = Math.round(box.bottom - frame.top + 4) + "px";
  }

  function markOf(event) {
    return event.target.closest ? event.target.closest(".tl-mark-link") : null;
  }

  var dismissed = null; /* the focused mark whose label Escape hid */
  function focused() {
    var mark = svg.querySelector(".tl-mark-link:focus-visible");
    return mark === dismissed ? null : mark;
  }

  svg.addEventListener("mouseover", function (event) { if (markOf(event)) { show(markOf(event)); } });
  svg.addEventListener("mouseout", function (event) { if (markOf(event)) { show(focused()); } });
  svg.addEventListener("focusin", function (event) { dismissed = null; show(markOf(event)); });
  svg.addEventListener("focusout", function () { show(null); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { dismissed = document.activeElement; show(null); }
  });
}());

/* Timeline filters: a progressive enhancement. Without this script every event shows.
   Toggles are real checkboxes (keyboard works as usual); the choice is kept in the URL
   (?tags=a,b&importance=major) so a filtered view can be shared. */
(function () {
  "use strict";

  var page = document.querySelector(".timeline-page");
  var filter = page && page.querySelector(".tl-filter");
  if (!filter || !window.URLSearchParams || !window.history || !history.replaceState) {
    return;
  }
  var events = Array.prototype.slice.call(page.querySelectorAll(".tl-event"));
  var sections = Array.prototype.slice.call(page.querySelectorAll(".tl-year, .tl-era-section"));
  var marks = Array.prototype.slice.call(page.querySelectorAll(".tl-mark-link"));
  var tagBoxes = Array.prototype.slice.call(filter.querySelectorAll('input[name="tag"]'));
  var majorBox = filter.querySelector('input[name="importance"]');
  var reset = filter.querySelector(".tl-reset");
  var status = page.querySelector(".tl-status");

  /* The status line's words in the page's language, as the page gives them. */
  function words(name, english) {
    return (status && status.getAttribute(name)) || english;
  }

  function chosenTags() {
    return tagBoxes.filter(function (box) { return box.checked; })
      .map(function (box) { return box.value; });
  }

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    var tags = (params.get("tags") || "").split(",").map(function (tag) { return tag.trim(); });
    tagBoxes.forEach(function (box) { box.checked = tags.indexOf(box.value) >= 0; });
    if (majorBox) {
      majorBox.checked = params.get("importance") === "major";
    }
  }

  function writeUrl(tags, majorOnly) {
    var params = new URLSearchParams(window.location.search);
    if (tags.length) { params.set("tags", tags.join(",")); } else { params.delete("tags"); }
    if (majorOnly) { params.set("importance", "major"); } else { params.delete("importance"); }
    var query = params.toString().replace(/%2C/gi, ",");
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    history.replaceState(history.state, "", address);
  }

  function apply(fromUser) {
    var tags = chosenTags();
    var majorOnly = Boolean(majorBox && majorBox.checked);
    var shown = 0;
    events.forEach(function (item) {
      var own = (item.getAttribute("data-tags") || "").split(" ");
      var matches = (!tags.length || tags.some(function (tag) { return own.indexOf(tag) >= 0; })) &&
        (!majorOnly || item.getAttribute("data-importance") === "major");
      item.hidden = !matches;
      if (matches) { shown += 1; }
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector(".tl-event:not([hidden])");
    });
    marks.forEach(function (mark) {
      var target = document.getElementById(mark.getAttribute("data-event"));
      var off = Boolean(target && target.hidden);
      mark.classList.toggle("tl-mark-off", off);
      if (off) { mark.setAttribute("tabindex", "-1"); } else { mark.removeAttribute("tabindex"); }
    });
    var filtering = tags.length > 0 || majorOnly;
    if (reset) { reset.hidden = !filtering; }
    if (status) {
      if (filtering) {
        status.textContent = words("data-showing", "Showing {shown} of {total} events.")
          .replace("{shown}", shown).replace("{total}", events.length);
      } else {
        status.textContent = fromUser ? words("data-showing-all", "Showing all {total} events.")
          .replace("{total}", events.length) : "";
      }
    }
    if (fromUser) { writeUrl(tags, majorOnly); }
  }

  filter.addEventListener("change", function () { apply(true); });
  if (reset) {
    reset.addEventListener("click", function () {
      tagBoxes.forEach(function (box) { box.checked = false; });
      if (majorBox) { majorBox.checked = false; }
      apply(true);
      (tagBoxes[0] || majorBox).focus();
    });
  }
  window.addEventListener("popstate", function () { readUrl(); apply(false); });

  readUrl();
  filter.hidden = false;
  apply(false);
}());
