/* bantin: the lightbox in Vietnamese, with captions as text.

   GLightbox ships English labels and a dialog without a name (screen readers announce just
   "dialog"), and it inserts a photo's title and description into the page as HTML. bantin's
   photo links carry no title and only a placeholder description: the caption is read here
   from the photo's <figcaption> (or its title or alt text) and shown with textContent, so an
   editor's caption is never markup. */
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
  /* The link a slide was opened from: GLightbox makes slide N of the N-th link of the gallery
     (links sharing data-gallery, in page order); one photo may be shown by several links. */
  function anchorFor(slide, src) {
    var all = Array.prototype.slice.call(document.querySelectorAll("a.glightbox"));
    var same = all.filter(function (a) { return a.href === src; });
    if (!same.length) return null;
    var gallery = same[0].getAttribute("data-gallery");
    var members = all.filter(function (a) { return a.getAttribute("data-gallery") === gallery; });
    var index = Array.prototype.indexOf.call(slide.parentNode.children, slide);
    var link = members[index];
    return link && link.href === src ? link : same[0];
  }
  function captionOf(link) {
    var figure = link.closest("figure");
    var figcaption = figure && figure.querySelector("figcaption");
    var text = figcaption ? figcaption.textContent : "";
    var img = link.querySelector("img");
    if (!text.trim() && img) text = img.getAttribute("title") || img.getAttribute("alt") || "";
    return { text: text.trim(), alt: img ? img.getAttribute("alt") || "" : "" };
  }
  /* Give a slide whose photo is being loaded its alt text and its caption, as text, in the
     description GLightbox laid out for it (links with a caption carry a constant placeholder). */
  function caption(slide) {
    var img = slide.querySelector(".gslide-image img");
    if (!img || slide.hasAttribute("data-bt-caption")) return;
    var link = anchorFor(slide, img.src);
    if (!link) return;
    slide.setAttribute("data-bt-caption", "");
    var found = captionOf(link);
    img.setAttribute("alt", found.alt);
    var desc = slide.querySelector(".gslide-desc");
    if (!desc) return;
    desc.textContent = found.text;
    desc.classList.add("bt-lightbox-caption");
    window.dispatchEvent(new Event("resize"));  // GLightbox sizes the photo beside its caption
  }
  function watchSlides(root) {
    root.querySelectorAll(".gslide").forEach(caption);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        var slide = change.target.closest ? change.target.closest(".gslide") : null;
        if (slide) caption(slide);
      });
    }).observe(root, { childList: true, subtree: true });
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType === 1 && node.classList.contains("glightbox-container")) {
          translate(node);
          watchSlides(node);
        }
      });
    });
  }).observe(document.body, { childList: true });
})();
