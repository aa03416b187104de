// The curators' desk: a little progressive help. Every page works without
// it; it only fills in what a curator would otherwise type or copy.
(function () {
  "use strict";

  // Selecting a sentence of the source fills the "new figure" box, so that
  // "Make a figure" turns the selection into a figure.
  var source = document.getElementById("source");
  var selection = document.getElementById("selection");
  if (source && selection) {
    document.addEventListener("selectionchange", function () {
      var sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) {
        return;
      }
      var range = sel.getRangeAt(0);
      if (!source.contains(range.commonAncestorContainer)) {
        return;
      }
      selection.value = sel.toString().replace(/\s+/g, " ").trim();
    });
  }

  // Discarding a draft asks first.
  var discard = document.getElementById("discard-form");
  if (discard && discard.dataset.confirm) {
    discard.addEventListener("submit", function (e) {
      if (!window.confirm(discard.dataset.confirm)) {
        e.preventDefault();
      }
    });
  }
})();
