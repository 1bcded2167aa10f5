// The session timer: the page already says when to stop holding the medicine; this adds a
// live countdown for those with JavaScript. Nothing depends on it.
(function () {
  "use strict";
  var until = document.querySelector("[data-hold-until]");
  var shown = document.querySelector("[data-countdown]");
  if (!until || !shown) {
    return;
  }
  var end = Date.parse(until.getAttribute("datetime"));
  if (isNaN(end)) {
    return;
  }
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    shown.textContent = left > 0
      ? minutes + ":" + (seconds < 10 ? "0" : "") + seconds + " left under your tongue"
      : "Time is up: spit out what is left.";
    shown.hidden = false;
    if (left > 0) {
      window.setTimeout(tick, 1000);
    }
  }
  tick();
})();
