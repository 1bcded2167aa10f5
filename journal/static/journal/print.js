// The printable summary: the page already says how to print it; with JavaScript, a
// "Print this summary" button opens the browser's print dialog as well.
(function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (!button || typeof window.print !== "function") {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
})();
