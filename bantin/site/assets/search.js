/* bantin search: Vietnamese with or without tones, faceted, loading only what a query needs.
 *
 * The index is written by bantin/site/search_index.py (see its docstring for the file layout).
 * Two front ends share one engine: the box in the header (results as you type) and the
 * page /tim-kiem/ (?q=…&co-quan=…&nhiem-ky=…&loai=…&nam=…&sap-xep=ngay, shareable).
 */
(function () {
  "use strict";

  var config = JSON.parse((document.getElementById("__config") || {}).textContent || "{}");
  var base = new URL((config.base || ".") + "/", location.href);
  // The site's URL scheme (bantin/model/urls.py: browser()), written here by the build.
  var URLS = /*urls*/{"page": "tim-kiem/", "index": "tim-kiem/index/", "params": {"query": "q", "agency": "co-quan", "term": "nhiem-ky", "kind": "loai", "year": "nam", "sort": "sap-xep", "newest": "ngay"}}/*urls*/;
  var P = URLS.params;
  var indexUrl = new URL(URLS.index, base);
  var PAGE = 10;
  var PHRASE_BOOST = 1.5;

  /* -- folding: must give the same syllables as bantin.model.text.fold + site/search_index.tokens -------- */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[\u0111\u0110]/g, "d").toLowerCase();
  }
  function tokens(text) {
    return fold(text).match(/[a-z0-9]+/g) || [];
  }
  function fnv1a(term) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      h ^= term.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  /* -- the engine ------------------------------------------------------------------------ */
  var cache = {};
  function fetchOnce(path, kind) {
    if (!cache[path]) {
      cache[path] = URLS.offline ? fromScript(path, kind) : fetch(new URL(path, indexUrl)).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return kind === "json" ? response.json() : response.arrayBuffer();
      });
    }
    return cache[path];
  }
  /* The archive read from disk (file://) may not fetch() files, but it may load scripts: each
   * index file is there as `<file>.js` calling bantinIndex(path, value), value a JSON literal for
   * a .json file, the base64 of any other (bantin/site/search.py: wrap_for_disk). */
  var registered = {};
  if (URLS.offline) window.bantinIndex = function (path, value) { registered[path] = value; };
  function fromScript(path, kind) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = new URL(path + ".js", indexUrl).href;
      script.onload = function () {
        script.remove();
        var value = registered[path];
        delete registered[path];
        if (value === undefined) { reject(new Error(path + ": not in its script")); return; }
        if (typeof value !== "string") { resolve(value); return; }
        var bytes = Uint8Array.from(atob(value), function (c) { return c.charCodeAt(0); });
        resolve(kind === "json" ? JSON.parse(new TextDecoder().decode(bytes)) : bytes.buffer);
      };
      script.onerror = function () { script.remove(); reject(new Error(path + ": not loaded")); };
      document.head.appendChild(script);
    });
  }
  /* A post's address: a folder online (tin/2020/01/x/), its file in the archive (x.html). */
  function postUrl(url) { return URLS.offline ? url.replace(/\/$/, ".html") : url; }
  function manifest() { return fetchOnce("manifest.json", "json"); }

  function readVarint(bytes, state) {
    var value = 0, shift = 0, byte;
    do {
      byte = bytes[state.i++];
      value += (byte & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (byte >= 0x80);
    return value;
  }

  /* The posting list of one term: {df, ids: Int32Array, weights: Uint8Array}, or null. */
  function postings(term, m) {
    return fetchOnce("s/" + (fnv1a(term) % m.shards) + ".bin", "bin").then(function (buffer) {
      var bytes = new Uint8Array(buffer), state = { i: 0 };
      while (state.i < bytes.length) {
        var length = bytes[state.i++];
        var name = String.fromCharCode.apply(null, bytes.subarray(state.i, state.i + length));
        state.i += length;
        var df = readVarint(bytes, state), form = bytes[state.i++];
        var bitsetBytes = Math.ceil(m.docs / 8);
        if (name !== term) {  // skip this term's postings
          if (form === 1) state.i += 1 + bitsetBytes;
          else for (var k = 0; k < df; k++) { readVarint(bytes, state); state.i++; }
          continue;
        }
        var ids = new Int32Array(df), weights = new Uint8Array(df), doc = -1, n = 0;
        if (form === 1) {  // a bitset: the term is in most posts, all with one weight
          var weight = bytes[state.i++];
          for (var d = 0; d < m.docs && n < df; d++) {
            if (bytes[state.i + (d >> 3)] & (1 << (d & 7))) { ids[n] = d; weights[n++] = weight; }
          }
          return { df: df, ids: ids, weights: weights };
        }
        for (var j = 0; j < df; j++) {
          doc += readVarint(bytes, state) + 1;
          ids[j] = doc;
          weights[j] = bytes[state.i++];
        }
        return { df: df, ids: ids, weights: weights };
      }
      return null;
    });
  }

  function idf(df, docs) { return Math.log(1 + (docs - df + 0.5) / (df + 0.5)); }

  /* All posts containing every syllable of the query, scored; phrase pairs rank higher. */
  function match(query) {
    var words = tokens(query);
    var unique = words.filter(function (w, i) { return words.indexOf(w) === i; });
    if (!unique.length) return Promise.resolve(null);
    var pairs = [];
    for (var i = 0; i + 1 < words.length; i++) pairs.push(words[i] + " " + words[i + 1]);
    return manifest().then(function (m) {
      return Promise.all(unique.concat(pairs).map(function (t) { return postings(t, m); })).then(function (lists) {
        var scores = new Map();
        var terms = lists.slice(0, unique.length);
        if (terms.some(function (p) { return !p; })) return { m: m, words: unique, scores: scores };
        terms.sort(function (a, b) { return a.df - b.df; });
        var first = terms[0], w = idf(first.df, m.docs);
        for (var j = 0; j < first.df; j++) scores.set(first.ids[j], w * first.weights[j] / 255);
        terms.slice(1).forEach(function (p) {
          var next = new Map(), weight = idf(p.df, m.docs);
          for (var k = 0; k < p.df; k++) {
            var s = scores.get(p.ids[k]);
            if (s !== undefined) next.set(p.ids[k], s + weight * p.weights[k] / 255);
          }
          scores = next;
        });
        lists.slice(unique.length).forEach(function (p) {
          if (!p) return;
          var weight = PHRASE_BOOST * idf(p.df, m.docs);
          for (var k = 0; k < p.df; k++) {
            var s = scores.get(p.ids[k]);
            if (s !== undefined) scores.set(p.ids[k], s + weight * p.weights[k] / 255);
          }
        });
        return { m: m, words: unique, scores: scores };
      });
    });
  }

  function facetTable() {
    return Promise.all([manifest(), fetchOnce("facets.bin", "bin")]).then(function (r) {
      var m = r[0], bytes = new Uint8Array(r[1]), width = 3 + m.termBytes;
      return {
        agency: function (id) { return bytes[id * width]; },
        kind: function (id) { return bytes[id * width + 1]; },
        year: function (id) { return bytes[id * width + 2]; },
        terms: function (id) {
          var mask = 0;
          for (var b = 0; b < m.termBytes; b++) mask += bytes[id * width + 3 + b] * Math.pow(256, b);
          return mask;
        }
      };
    });
  }

  var FACETS = [
    { key: P.agency, label: "Cơ quan", field: "agency" },
    { key: P.term, label: "Nhiệm kỳ", field: "terms" },
    { key: P.kind, label: "Loại tin", field: "kind" },
    { key: P.year, label: "Năm", field: "year" }
  ];
  function facetValues(m, field) {
    if (field === "agency") return m.agencies.map(function (a) { return { key: a[0], label: a[1] }; });
    if (field === "kind") return m.kinds.map(function (k) { return { key: k[0], label: k[1] }; });
    if (field === "terms") return m.terms.map(function (t) { return { key: t, label: t }; });
    return m.years.map(function (y) { return { key: String(y), label: String(y) }; });
  }
  function hasValue(table, field, id, index) {
    if (field === "terms") return Math.floor(table.terms(id) / Math.pow(2, index)) % 2 === 1;
    return table[field](id) === index;
  }

  /* Filter the matches and count every facet value over the matches the other filters keep. */
  function refine(result, table, filters) {
    var m = result.m, selected = {};
    FACETS.forEach(function (f) {
      var values = facetValues(m, f.field), want = filters[f.key];
      selected[f.key] = want ? values.map(function (v) { return v.key; }).indexOf(want) : -1;
    });
    var kept = [], counts = {};
    FACETS.forEach(function (f) { counts[f.key] = new Array(facetValues(m, f.field).length).fill(0); });
    result.scores.forEach(function (score, id) {
      var failing = [];
      FACETS.forEach(function (f) {
        var index = selected[f.key];
        if (index >= 0 && !hasValue(table, f.field, id, index)) failing.push(f.key);
      });
      if (!failing.length) kept.push([id, score]);
      FACETS.forEach(function (f) {
        if (failing.length && (failing.length > 1 || failing[0] !== f.key)) return;
        var n = counts[f.key].length;
        for (var i = 0; i < n; i++) if (hasValue(table, f.field, id, i)) counts[f.key][i]++;
      });
    });
    return { kept: kept, counts: counts, selected: selected };
  }

  function documents(ids, m) {
    return Promise.all(ids.map(function (id) {
      return fetchOnce("d/" + Math.floor(id / m.chunk) + ".json", "json").then(function (chunk) {
        var d = chunk[id % m.chunk];
        return { id: id, url: d[0], title: d[1], date: d[2], agency: m.agencies[d[3]][1], kind: m.kinds[d[4]][1],
                 summary: d[5] };
      });
    }));
  }

  /* -- rendering ------------------------------------------------------------------------------ */
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  /* Mark every word whose folded form is a query syllable, keeping the real text. */
  function highlight(text, words) {
    var wanted = {};
    words.forEach(function (w) { wanted[w] = true; });
    return text.normalize("NFC").split(/([\p{L}\p{N}]+)/u).map(function (part, i) {
      if (i % 2 === 1 && wanted[fold(part)]) return "<mark>" + escapeHtml(part) + "</mark>";
      return escapeHtml(part);
    }).join("");
  }
  function formatDate(iso) {
    var p = iso.split("-");
    return p[2] + "/" + p[1] + "/" + p[0];
  }
  function resultHtml(doc, words, compact) {
    var url = new URL(postUrl(doc.url), base).href;
    var meta = formatDate(doc.date) + " · " + escapeHtml(doc.agency) + " · " + escapeHtml(doc.kind);
    return '<li class="bt-result"><a href="' + escapeHtml(url) + '">' + highlight(doc.title, words) + "</a>" +
      '<div class="bt-result-meta">' + meta + "</div>" +
      (compact ? "" : '<p class="bt-result-summary">' + highlight(doc.summary, words) + "</p>") + "</li>";
  }
  function order(kept, sort) {
    kept.sort(sort === P.newest
      ? function (a, b) { return a[0] - b[0]; }
      : function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return kept.map(function (pair) { return pair[0]; });
  }
  function param(name, value) {
    var p = {};
    p[name] = value;
    return p;
  }
  function searchUrl(params) {
    var url = new URL(URLS.page, base);
    Object.keys(params).forEach(function (k) { if (params[k]) url.searchParams.set(k, params[k]); });
    return url.href;
  }

  /* -- the search page -------------------------------------------------------------------------- */
  function searchPage(root) {
    var form = root.querySelector("form"), input = form.elements[P.query], sort = form.elements[P.sort];
    var status = root.querySelector(".bt-search-status"), list = root.querySelector(".bt-search-results");
    var facetsBox = root.querySelector(".bt-search-facets"), more = root.querySelector(".bt-search-more");
    var params = new URLSearchParams(location.search), filters = {};
    FACETS.forEach(function (f) { filters[f.key] = params.get(f.key) || ""; });
    input.value = params.get(P.query) || "";
    sort.value = params.get(P.sort) === P.newest ? P.newest : "";
    var shown = 0, ids = [], words = [], run = 0;

    function state() {
      var p = param(P.query, input.value.trim());
      p[P.sort] = sort.value;
      FACETS.forEach(function (f) { p[f.key] = filters[f.key]; });
      return p;
    }
    function update() {
      history.replaceState(null, "", searchUrl(state()));
      var current = ++run;
      var query = input.value.trim();
      if (!tokens(query).length) {
        status.textContent = "Gõ từ khóa để tìm, có dấu hoặc không dấu: ví dụ “đại hội chi bộ” hay “dai hoi chi bo”.";
        list.innerHTML = ""; facetsBox.innerHTML = ""; more.hidden = true;
        return;
      }
      status.textContent = "Đang tìm…";
      Promise.all([match(query), facetTable()]).then(function (r) {
        if (current !== run) return;
        var result = r[0], refined = refine(result, r[1], filters);
        words = result.words;
        ids = order(refined.kept, sort.value);
        renderFacets(result.m, refined);
        shown = 0;
        list.innerHTML = "";
        status.textContent = ids.length
          ? "Tìm thấy " + ids.length.toLocaleString("vi-VN") + " bài viết."
          : "Không tìm thấy bài viết nào phù hợp với “" + query + "”. Hãy thử từ khóa khác, hoặc bỏ bớt bộ lọc.";
        showMore();
      }).catch(function () {
        status.textContent = "Không tải được chỉ mục tìm kiếm. Trang tìm kiếm cần được mở qua máy chủ web.";
      });
    }
    function showMore() {
      var page = ids.slice(shown, shown + PAGE), current = run;
      documents(page, cacheManifest).then(function (docs) {
        if (current !== run) return;
        list.insertAdjacentHTML("beforeend", docs.map(function (d) { return resultHtml(d, words, false); }).join(""));
        shown += page.length;
        more.hidden = shown >= ids.length;
      });
    }
    var cacheManifest;
    manifest().then(function (m) { cacheManifest = m; update(); }).catch(function () {
      status.textContent = "Không tải được chỉ mục tìm kiếm. Trang tìm kiếm cần được mở qua máy chủ web.";
    });

    function renderFacets(m, refined) {
      facetsBox.innerHTML = FACETS.map(function (f) {
        var values = facetValues(m, f.field), counts = refined.counts[f.key];
        var buttons = values.map(function (v, i) {
          if (!counts[i] && refined.selected[f.key] !== i) return "";
          var on = refined.selected[f.key] === i;
          return '<button type="button" class="bt-facet' + (on ? " bt-facet--on" : "") + '" aria-pressed="' + on +
            '" data-facet="' + f.key + '" data-value="' + escapeHtml(v.key) + '">' + escapeHtml(v.label) +
            ' <span class="bt-facet-count">' + counts[i] + "</span></button>";
        }).join("");
        return buttons ? '<div class="bt-facet-group" role="group" aria-label="' + f.label + '"><span class="bt-facet-label">' +
          f.label + ":</span> " + buttons + "</div>" : "";
      }).join("");
    }
    facetsBox.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-facet]");
      if (!button) return;
      var key = button.getAttribute("data-facet"), value = button.getAttribute("data-value");
      filters[key] = filters[key] === value ? "" : value;
      update();
      var again = facetsBox.querySelector('button[data-facet="' + key + '"][data-value="' + value + '"]');
      if (again) again.focus();
    });
    var timer;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 200); });
    sort.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    more.addEventListener("click", showMore);
  }

  /* -- the header box: results as you type, Enter opens the search page -------------------------- */
  function headerBox(form) {
    var input = form.elements[P.query], panel = form.querySelector(".bt-search-panel"), run = 0, timer;
    function close() { panel.hidden = true; input.setAttribute("aria-expanded", "false"); }
    function show() {
      var query = input.value.trim(), current = ++run;
      if (!tokens(query).length) { close(); return; }
      Promise.all([match(query), manifest()]).then(function (r) {
        if (current !== run) return;
        var ids = order(Array.from(r[0].scores.entries()), "").slice(0, 5), words = r[0].words;
        return documents(ids, r[1]).then(function (docs) {
          if (current !== run) return;
          var all = '<a class="bt-search-all" href="' + escapeHtml(searchUrl(param(P.query, query))) + '">' +
            (r[0].scores.size ? "Xem tất cả " + r[0].scores.size.toLocaleString("vi-VN") + " kết quả" :
              "Không tìm thấy bài viết nào") + "</a>";
          panel.innerHTML = '<ol class="bt-search-list">' +
            docs.map(function (d) { return resultHtml(d, words, true); }).join("") + "</ol>" + all;
          panel.hidden = false;
          input.setAttribute("aria-expanded", "true");
        });
      }).catch(close);
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(show, 150); });
    input.addEventListener("keydown", function (event) {
      // ARIA 1.2's combobox: Escape closes the list, or else clears the box (as type=search did).
      if (event.key === "Escape") { if (!panel.hidden) close(); else input.value = ""; }
      if (event.key === "ArrowDown" && !panel.hidden) {
        event.preventDefault();
        var first = panel.querySelector("a");
        if (first) first.focus();
      }
    });
    panel.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(panel.querySelectorAll("a"));
      var i = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && i + 1 < links.length) { event.preventDefault(); links[i + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
      if (event.key === "Escape") { close(); input.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) { close(); form.classList.remove("bt-open"); }
    });
    var icon = form.querySelector(".bt-search-icon");
    icon.addEventListener("click", function (event) {  // phones: the box opens over the header
      if (getComputedStyle(input).display !== "none") return;
      event.preventDefault();
      form.classList.add("bt-open");
      input.focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      location.href = searchUrl(param(P.query, input.value.trim()));
    });
  }

  var page = document.getElementById("bt-search");
  if (page) searchPage(page);
  var box = document.querySelector("form.bt-header-search");
  if (box) {
    if (page) box.hidden = true;  // one search box on the search page
    else headerBox(box);
  }

  window.bantinSearch = { fold: fold, tokens: tokens, fnv1a: fnv1a, match: match };
})();
