// Print every disclosure open (a recommendation's rationale, evidence and sources), and close
// afterwards what the reader had left closed. Without JavaScript the print style sheet opens
// them where the browser supports ::details-content; on screen nothing here is needed.
(function () {
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });
})();
