/* bantin: Vietnamese labels for the lightbox's buttons (GLightbox ships English ones). */
(function () {
  var labels = { "Close": "Đóng", "Next": "Ảnh sau", "Previous": "Ảnh trước" };
  function translate(root) {
    root.querySelectorAll("button[aria-label]").forEach(function (button) {
      var label = labels[button.getAttribute("aria-label")];
      if (label) { button.setAttribute("aria-label", label); button.setAttribute("title", label); }
    });
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType === 1 && node.classList.contains("glightbox-container")) translate(node);
      });
    });
  }).observe(document.body, { childList: true });
})();
