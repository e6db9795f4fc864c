// The preview's browser side: reload after each build, swap stylesheets, show build errors.
// Served by `serve` only, from its own origin (the pages' CSP allows 'self' scripts only).
(function () {
  "use strict";

  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : "";
  var base = script ? script.getAttribute("data-base") : "/";
  var endpoint = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__livereload/ws";
  var failures = 0;
  var shownErrors = "[]";
  var dismissedErrors = null;
  var returnFocus = null;
  // What the page knows of the preview, for a look from the browser's console (and the tests).
  var state = window.explainerPreview = { connected: false, build: build };

  function connect() {
    var socket = new WebSocket(endpoint);
    socket.onopen = function () {
      failures = 0;
      hideStatus();
      socket.send(JSON.stringify({
        command: "hello",
        protocols: ["http://livereload.com/protocols/official-7"]
      }));
    };
    socket.onmessage = function (event) {
      handle(JSON.parse(event.data));
    };
    socket.onclose = function () {
      state.connected = false;
      failures += 1;
      if (failures >= 3) {
        showStatus();
      }
      setTimeout(connect, Math.min(2000, 100 * Math.pow(2, failures)));
    };
  }

  function handle(message) {
    if (message.command === "hello") {
      if (message.build !== build) {
        goTo(message.base); // a build finished while this page was loading
        return;
      }
      state.connected = true;
      showErrors(message.errors, message.served);
    } else if (message.command === "reload") {
      goTo(message.base);
    } else if (message.command === "css") {
      swapSheets(message.sheets);
      build = state.build = message.build;
      showErrors([]);
    } else if (message.command === "errors") {
      showErrors(message.errors, message.served);
    }
  }

  function goTo(newBase) {
    if (newBase && base && newBase !== base && location.pathname.indexOf(base) === 0) {
      location.assign(newBase + location.pathname.slice(base.length) + location.search + location.hash);
    } else {
      location.reload();
    }
  }

  function swapSheets(sheets) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    sheets.forEach(function (pair) {
      Array.prototype.forEach.call(links, function (link) {
        if (new URL(link.href, location.href).pathname !== pair[0]) {
          return;
        }
        var fresh = link.cloneNode(false);
        fresh.href = pair[1];
        fresh.addEventListener("load", function () { link.remove(); });
        fresh.addEventListener("error", function () { link.remove(); });
        link.after(fresh);
      });
    });
  }

  // -- the error overlay: the same markup as the server puts in pages loaded while broken

  function overlay() {
    return document.getElementById("explainer-dev-overlay");
  }

  function showErrors(errors, served) {
    var text = JSON.stringify(errors || []);
    var existing = overlay();
    if (!errors || errors.length === 0) {
      if (existing) {
        close(existing);
      }
      shownErrors = "[]";
      dismissedErrors = null;
      return;
    }
    if (text === shownErrors && existing) {
      return;
    }
    if (text === dismissedErrors) {
      return;
    }
    shownErrors = text;
    if (existing) {
      existing.remove();
    }
    var node = buildOverlay(errors, served !== false);
    document.body.appendChild(node);
    present(node);
  }

  function buildOverlay(errors, served) {
    var root = element("div", "explainer-dev-overlay");
    root.id = "explainer-dev-overlay";
    root.setAttribute("role", "alertdialog");
    root.setAttribute("aria-labelledby", "explainer-dev-title");
    root.setAttribute("aria-describedby", "explainer-dev-intro");
    var box = element("div", "explainer-dev-box");
    var title = element("h2");
    title.id = "explainer-dev-title";
    // Lines that start with "note:" say what the errors kept from being checked; they are not errors.
    var count = errors.filter(function (error) { return error.text.indexOf("note: ") !== 0; }).length;
    title.textContent = "The site did not build: " + count + " error" + (count === 1 ? "" : "s");
    var intro = element("p");
    intro.id = "explainer-dev-intro";
    intro.textContent = served ?
      "You are seeing the last good build. Fix the files below and save: " +
      "this message goes away by itself." :
      "There is no good build to show yet. Fix the files below and save: " +
      "the site appears by itself.";
    var list = element("ol", "explainer-dev-errors");
    errors.forEach(function (error) {
      var item = element("li");
      var code = element("code", "explainer-dev-error");
      code.textContent = error.text;
      item.appendChild(code);
      if (error.hint) {
        var hint = element("p", "explainer-dev-hint");
        hint.textContent = "hint: " + error.hint;
        item.appendChild(hint);
      }
      list.appendChild(item);
    });
    var button = element("button", "explainer-dev-close");
    button.type = "button";
    button.textContent = "Close";
    box.append(title, intro, list, button);
    root.appendChild(box);
    return root;
  }

  function element(tag, className) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    return node;
  }

  function present(node) {
    var button = node.querySelector(".explainer-dev-close");
    button.addEventListener("click", function () { dismiss(node); });
    returnFocus = document.activeElement;
    button.focus({ preventScroll: true });
  }

  function dismiss(node) {
    dismissedErrors = shownErrors;
    close(node);
  }

  function close(node) {
    if (!node) {
      return;
    }
    var hadFocus = node.contains(document.activeElement);
    node.remove();
    if (hadFocus && returnFocus && document.contains(returnFocus)) {
      returnFocus.focus({ preventScroll: true });
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && overlay()) {
      dismiss(overlay());
    }
  });

  // -- a notice when the preview server has stopped: the page would no longer update

  function showStatus() {
    if (document.getElementById("explainer-dev-status")) {
      return;
    }
    var note = element("p", "explainer-dev-status");
    note.id = "explainer-dev-status";
    note.setAttribute("role", "status");
    note.textContent = "The preview server is not running: this page will not update.";
    document.body.appendChild(note);
  }

  function hideStatus() {
    var note = document.getElementById("explainer-dev-status");
    if (note) {
      note.remove();
    }
  }

  var servedOverlay = overlay(); // put in by the server: the build is broken right now
  if (servedOverlay) {
    shownErrors = JSON.stringify(Array.prototype.map.call(
      servedOverlay.querySelectorAll("li"), function (li) {
        var hint = li.querySelector(".explainer-dev-hint");
        return {
          text: li.querySelector(".explainer-dev-error").textContent,
          hint: hint ? hint.textContent.replace(/^hint: /, "") : ""
        };
      }));
    present(servedOverlay);
  }
  connect();
})();
