/* bantin: Vietnamese labels for the lightbox (GLightbox ships English ones, and a dialog
   without a name, which screen readers announce as just "dialog"). */
(function () {
  var labels = { "Close": "Đóng", "Next": "Ảnh sau", "Previous": "Ảnh trước" };
  function translate(root) {
    root.querySelectorAll("button[aria-label]").forEach(function (button) {
      var label = labels[button.getAttribute("aria-label")];
      if (label) { button.setAttribute("aria-label", label); button.setAttribute("title", label); }
    });
    var dialog = root.matches("[role=dialog]") ? root : root.querySelector("[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Xem ảnh");
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType === 1 && node.classList.contains("glightbox-container")) translate(node);
      });
    });
  }).observe(document.body, { childList: true });
})();
