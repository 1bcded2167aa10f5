// ketaclinic: small improvements on pages that work without script.
(function () {
  "use strict";

  // GOV.UK pattern: the error summary takes focus so a screen reader announces it.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // Idle sign-out warning. The server ends the session on its own; this only
  // tells the person shortly before and lets them stay.
  function watchIdle() {
    var body = document.body;
    var statusUrl = body.getAttribute("data-idle-status-url");
    var keepaliveUrl = body.getAttribute("data-idle-keepalive-url");
    var dialog = document.getElementById("idle-warning");
    if (!statusUrl || !dialog || typeof dialog.showModal !== "function") { return; }
    var warnBefore = parseInt(body.getAttribute("data-idle-warning-seconds"), 10) || 120;
    var timer = null;

    function schedule(secondsLeft) {
      clearTimeout(timer);
      if (secondsLeft <= 0) { window.location.reload(); return; }
      if (secondsLeft <= warnBefore) {
        if (!dialog.open) { dialog.showModal(); }
        timer = setTimeout(check, secondsLeft * 1000 + 1000);
      } else {
        timer = setTimeout(check, (secondsLeft - warnBefore) * 1000);
      }
    }

    function check() {
      fetch(statusUrl, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (!s.signed_in) { window.location.reload(); return; }
          if (s.seconds_left > warnBefore && dialog.open) { dialog.close(); }
          schedule(s.seconds_left);
        })
        .catch(function () { timer = setTimeout(check, 30000); });
    }

    dialog.querySelector("[data-idle-stay]").addEventListener("click", function () {
      fetch(keepaliveUrl, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() } })
        .then(function () { dialog.close(); check(); });
    });
    check();
  }

  // A table wider than the screen scrolls in its box; a keyboard must reach that box
  // too, so it becomes a focusable region named after the table's caption.
  function focusableWideTables() {
    document.querySelectorAll(".table-scroll:not([tabindex])").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth) { return; }
      var caption = box.querySelector("caption");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    focusableWideTables();
    watchIdle();
  });
})();
