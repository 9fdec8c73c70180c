/* bantin: the lightbox in Vietnamese, with captions as text.

   GLightbox ships English labels and a dialog without a name (screen readers announce just
   "dialog"), and it inserts a photo's title and description into the page as HTML. bantin's
   photo links carry no title and only a placeholder description: the caption is read here
   from the photo's <figcaption> (or its title or alt text) and shown with textContent, so an
   editor's caption is never markup. A counter ("3/8") follows the slides, and a phone's Back
   closes the photo instead of leaving the article. */
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
    /* An album's hidden slides are links without an image: their text is the photo's alt text. */
    return { text: text.trim(), alt: img ? img.getAttribute("alt") || "" : link.textContent.trim() };
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
  /* The counter, "3/8": digits only, read politely by screen readers on every slide. */
  function counting(root) {
    var counter = document.createElement("div");
    counter.className = "bt-lightbox-counter";
    counter.setAttribute("aria-live", "polite");
    counter.setAttribute("aria-atomic", "true");
    (root.querySelector(".gcontainer") || root).appendChild(counter);
    function update() {
      var slides = root.querySelectorAll(".gslide");
      var index = Array.prototype.indexOf.call(slides, root.querySelector(".gslide.current"));
      var text = index < 0 ? "" : (index + 1) + "/" + slides.length;
      if (counter.textContent !== text) counter.textContent = text;
    }
    update();
    new MutationObserver(update).observe(root, { attributes: true, attributeFilter: ["class"], subtree: true,
                                                 childList: true });
  }
  /* Back closes the photo, not the article: opening pushes a history entry (same address), Back
     pops it and closes the lightbox; closing by the button or Escape goes back over that entry, so
     entries never pile up. */
  var pushed = false, popping = false;
  function opened() {
    if (history.state && history.state.btLightbox) { pushed = true; return; }  // Forward onto our entry
    try {
      history.pushState({ btLightbox: true }, "", location.href);
      pushed = true;
    } catch (e) { pushed = false; }  // a page opened from disk may refuse: no Back to close, then
  }
  function closed() {
    if (pushed && !popping && history.state && history.state.btLightbox) history.back();
    pushed = false;
    popping = false;
  }
  window.addEventListener("popstate", function () {
    var open = document.querySelector(".glightbox-container");
    if (!open || !pushed || (history.state && history.state.btLightbox)) return;
    popping = true;
    var close = open.querySelector(".gclose");
    if (close) close.click(); else closed();
  });
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType === 1 && node.classList.contains("glightbox-container")) {
          translate(node);
          watchSlides(node);
          counting(node);
          opened();
        }
      });
      change.removedNodes.forEach(function (node) {
        if (node.nodeType === 1 && node.classList.contains("glightbox-container")) closed();
      });
    });
  }).observe(document.body, { childList: true });
})();

/* bantin: a post's reading aids. The share links are plain links in the page; the buttons that
   need a script are made here, so a reader without JavaScript sees none: copy the link, print,
   and the text size, which is remembered (localStorage may be missing or refuse, as in some
   private windows: then the size lasts for the page). */
(function () {
  var tools = document.querySelector(".bt-tools");
  var article = tools && tools.closest(".md-typeset");
  if (!article) return;
  var status = tools.querySelector(".bt-tool-status");
  var KEY = "bantin-text-size", STEPS = [0.9, 1, 1.15, 1.3, 1.5];
  function say(text) { status.textContent = ""; setTimeout(function () { status.textContent = text; }, 50); }
  function button(text, label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "bt-tool";
    b.textContent = text;
    if (label) { b.setAttribute("aria-label", label); b.title = label; }
    b.addEventListener("click", action);
    return b;
  }
  function address() {
    var canonical = document.querySelector("link[rel=canonical]");
    return canonical ? canonical.href : location.href.split("#")[0];
  }
  function copyByHand(url) {
    var field = document.createElement("textarea");
    field.value = url;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    field.remove();
    say(done ? "Đã sao chép liên kết" : "Không sao chép được; địa chỉ bài: " + url);
  }
  function copy() {
    var url = address();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () { say("Đã sao chép liên kết"); },
                                              function () { copyByHand(url); });
    } else {
      copyByHand(url);
    }
  }
  function stored() {
    try { return parseInt(localStorage.getItem(KEY), 10); } catch (e) { return NaN; }
  }
  var step = stored();
  if (!(step >= 0 && step < STEPS.length)) step = 1;
  var smaller = button("A−", "Giảm cỡ chữ", function () { resize(step - 1); });
  var larger = button("A+", "Tăng cỡ chữ", function () { resize(step + 1); });
  function apply() {
    article.classList.toggle("bt-scaled", step !== 1);
    article.style.setProperty("--bt-text-scale", String(STEPS[step]));
    /* aria-disabled, not disabled: the button keeps the focus of the reader who pressed it */
    smaller.setAttribute("aria-disabled", String(step === 0));
    larger.setAttribute("aria-disabled", String(step === STEPS.length - 1));
  }
  function resize(to) {
    step = Math.max(0, Math.min(STEPS.length - 1, to));
    apply();
    try { localStorage.setItem(KEY, String(step)); } catch (e) { /* not remembered */ }
    say("Cỡ chữ " + Math.round(STEPS[step] * 100) + "%");
  }
  tools.insertBefore(button("Sao chép liên kết", "", copy), tools.firstChild);
  [button("In bài", "", function () { window.print(); }), smaller, larger].forEach(function (b) {
    tools.insertBefore(b, status);
  });
  apply();
})();
