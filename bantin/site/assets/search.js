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
  var TYPING = 120;  // ms after the last keystroke before searching: results within 300 ms of typing

  /* -- folding: must give the same syllables as site/search_index.syllables -------------------- */
  // Python's casefold beyond toLowerCase, where it gives letters a-z: ß, ſ and the Latin ligatures.
  var CASEFOLD = { "\u00df": "ss", "\u1e9e": "ss", "\u017f": "s", "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl",
                   "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st" };
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[\u0111\u0110]/g, "d").toLowerCase()
      .replace(/[\u00df\u1e9e\u017f\ufb00-\ufb06]/g, function (c) { return CASEFOLD[c]; });
  }
  var utf8Out = new TextEncoder();
  /* [folded, toned] syllables: "Sở GD&ĐT" → [so, sở] [gd, gd] [dt, đt]. */
  function syllables(text) {
    var out = [];
    (text.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).forEach(function (run) {
      // a "word" of 33+ letters is no syllable; a toned form is at most 100 bytes (as the index)
      var parts = (fold(run).match(/[a-z0-9]+/g) || []).filter(function (p) { return p.length <= 32; });
      if (parts.length === 1 && utf8Out.encode(run).length <= 100) out.push([parts[0], run]);
      else parts.forEach(function (p) { out.push([p, p]); });
    });
    return out;
  }
  function tokens(text) {
    return syllables(text).map(function (s) { return s[0]; });
  }
  function fnv1a(term) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      h ^= term.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  /* -- the query: phrases a post must hold, and phrases it must not -------------------------------
   * Syllables typed next to each other make one phrase ("đại hội chi bộ"); quotes make a phrase of
   * their own ("đại hội" "2020"); a minus before a word or quotes excludes it (-"công đoàn"). */
  var QUOTES = "\"\u201c\u201d\u00ab\u00bb";
  var PIECE = new RegExp("(-?)(?:[" + QUOTES + "]([^" + QUOTES + "]*)[" + QUOTES + "]?|([^\\s" + QUOTES + "]+))", "g");
  var MAX_SYLLABLES = 24;  // a pasted paragraph is cut: its first syllables are phrase enough
  function parse(query) {
    var parts = [], excludes = [], current = null, count = 0, found;
    query = query.normalize("NFC");
    PIECE.lastIndex = 0;
    while ((found = PIECE.exec(query))) {
      var quoted = found[2] !== undefined, said = syllables(quoted ? found[2] : found[3]);
      if (!said.length || count >= MAX_SYLLABLES) continue;  // punctuation alone joins, never breaks
      said = said.slice(0, MAX_SYLLABLES - count);
      count += said.length;
      if (found[1]) { excludes.push(said); current = null; continue; }
      if (quoted) { parts.push(said); current = null; continue; }
      if (!current) { current = []; parts.push(current); }
      Array.prototype.push.apply(current, said);
    }
    return { parts: parts, excludes: excludes };
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

  /* A shard as a map from its terms to where their blocks start (read once per shard). */
  var shardMaps = {};
  function shard(n) {
    return fetchOnce("s/" + n + ".bin", "bin").then(function (buffer) {
      if (!shardMaps[n]) {
        var bytes = new Uint8Array(buffer), state = { i: 0 }, terms = new Map();
        while (state.i < bytes.length) {
          var length = bytes[state.i++];
          var name = String.fromCharCode.apply(null, bytes.subarray(state.i, state.i + length));
          state.i += length;
          var size = readVarint(bytes, state);
          terms.set(name, state.i);
          state.i += size;
        }
        shardMaps[n] = { bytes: bytes, terms: terms };
      }
      return shardMaps[n];
    });
  }

  var utf8 = new TextDecoder();
  /* The postings of one term, or null: {df, ids, weights, forms (toned), masks (per post, or
   * null when the term has one form), positions(k) (pairs: the k-th post's positions)}. */
  function postings(term, m) {
    return shard(fnv1a(term) % m.shards).then(function (s) {
      var start = s.terms.get(term);
      if (start === undefined) return null;
      var bytes = s.bytes, state = { i: start };
      var df = readVarint(bytes, state), form = bytes[state.i++], count = bytes[state.i++], forms = [];
      for (var f = 0; f < count; f++) {
        var n = bytes[state.i++];
        forms.push(utf8.decode(bytes.subarray(state.i, state.i + n)));
        state.i += n;
      }
      var ids = new Int32Array(df), weights = new Uint8Array(df), doc = -1, j;
      if (form === 1) {  // a bitset: the term is in most posts, all with one weight
        var weight = bytes[state.i++], k = 0;
        for (var d = 0; d < m.docs && k < df; d++) {
          if (bytes[state.i + (d >> 3)] & (1 << (d & 7))) { ids[k] = d; weights[k++] = weight; }
        }
        state.i += Math.ceil(m.docs / 8);
      } else {
        for (j = 0; j < df; j++) {
          doc += readVarint(bytes, state) + 1;
          ids[j] = doc;
          weights[j] = bytes[state.i++];
        }
      }
      var masks = null;
      if (count > 1) { masks = bytes.subarray(state.i, state.i + df); state.i += df; }
      var offsets = null;
      if (form === 2) {  // each post's positions: noted where they start, read when asked
        offsets = new Int32Array(df);
        for (j = 0; j < df; j++) {
          offsets[j] = state.i;
          var times = readVarint(bytes, state);
          for (var t = 0; t < times; t++) readVarint(bytes, state);
        }
      }
      return {
        df: df, ids: ids, weights: weights, forms: forms, masks: masks,
        positions: function (k) {
          var at = { i: offsets[k] }, times = readVarint(bytes, at), out = new Set(), p = -1;
          for (var t = 0; t < times; t++) { p += readVarint(bytes, at) + 1; out.add(p); }
          return out;
        }
      };
    });
  }

  /* A term's posting list as Map id → slot, built once per list (phrase and scattered share it). */
  function slotsOf(list) {
    if (!list.slots) {
      list.slots = new Map();
      for (var k = 0; k < list.df; k++) list.slots.set(list.ids[k], k);
    }
    return list.slots;
  }

  function idf(df, docs) { return Math.log(1 + (docs - df + 0.5) / (df + 0.5)); }

  /* Which of a term's toned forms agree with what was typed, syllable by syllable: a syllable
   * typed without tones agrees with any. A bitmask over the term's forms, or -1 for "all". */
  function agreeing(typed, list) {
    if (typed.every(function (s) { return s[0] === s[1]; })) return -1;
    var mask = 0;
    list.forms.forEach(function (form, bit) {
      var words = form.split(" ");
      if (typed.every(function (s, i) { return s[0] === s[1] || s[1] === words[i]; })) mask |= 1 << bit;
    });
    return mask;
  }
  function agrees(list, k, mask) {
    if (mask === -1) return true;
    return list.masks ? (list.masks[k] & mask) !== 0 : mask === 1;
  }

  /* The pairs that cover a phrase of 3+ syllables: at offsets 0, 2, 4… and the last one. */
  function cover(n) {
    var at = [];
    for (var i = 0; i + 1 < n; i += 2) at.push(i);
    if (n % 2 === 1) at.push(n - 2);
    return at;
  }

  /* The posts holding one phrase (syllables adjacent, in order) or named by it (a registry name):
   * Map id → [score, tones as typed]. */
  function phrase(said, m) {
    var words = said.map(function (s) { return s[0]; });
    var at = words.length === 1 ? [0] : cover(words.length);
    var terms = at.map(function (i) { return words.length === 1 ? words[0] : words[i] + " " + words[i + 1]; });
    var typed = at.map(function (i) { return said.slice(i, i + (words.length === 1 ? 1 : 2)); });
    return Promise.all(terms.map(function (t) { return postings(t, m); })
      .concat([postings("=" + words.join(" "), m)])).then(function (lists) {
      var named = lists.pop(), found = new Map();
      if (lists.every(Boolean)) {
        var order = lists.map(function (_, i) { return i; }).sort(function (a, b) { return lists[a].df - lists[b].df; });
        var masks = typed.map(function (t, i) { return agreeing(t, lists[i]); });
        var index = lists.map(slotsOf);
        var first = lists[order[0]];
        for (var k = 0; k < first.df; k++) {
          var id = first.ids[k], slots = index.map(function (where) { return where.get(id); });
          if (slots.some(function (s) { return s === undefined; })) continue;
          if (lists.length > 1) {  // positions prove the phrase: pair i at p + at[i]
            var sets = slots.map(function (s, i) { return lists[i].positions(s); }), proven = false;
            sets[0].forEach(function (p) {
              if (!proven && sets.every(function (set, i) { return set.has(p + at[i]); })) proven = true;
            });
            if (!proven) continue;
          }
          var score = 0, toned = true;
          slots.forEach(function (s, i) {
            score += idf(lists[i].df, m.docs) * lists[i].weights[s] / 255;
            toned = toned && agrees(lists[i], s, masks[i]);
          });
          found.set(id, [score, toned]);
        }
      }
      if (named) {  // a name: its posts are found too, and rank as a title would
        var bonus = idf(named.df, m.docs);
        for (var n = 0; n < named.df; n++) {
          var had = found.get(named.ids[n]);
          found.set(named.ids[n], had ? [had[0] + bonus, had[1]] : [bonus, false]);
        }
      }
      return { found: found, lists: lists, at: at, words: words };
    });
  }

  /* The typed phrase as the posts spell it most: "dai hoi" → "đại hội" (for suggestions). */
  function spelled(result) {
    var out = result.words.slice();
    result.lists.forEach(function (list, i) {
      var form = list && list.forms[0];
      if (!form) return;
      form.split(" ").forEach(function (w, j) { if (fold(w) === out[result.at[i] + j]) out[result.at[i] + j] = w; });
    });
    return out.join(" ");
  }

  var TONED = 1000;  // posts with the tones as typed rank above those with other tones

  /* The posts holding every phrase of the query and none it excludes: {m, parts, scores: Map id
   * → score, spelled}. null for a query with no syllable. */
  function match(query) {
    var q = parse(query);
    if (!q.parts.length) return Promise.resolve(null);
    return manifest().then(function (m) {
      return Promise.all(q.parts.concat(q.excludes).map(function (said) { return phrase(said, m); }))
        .then(function (results) {
          var parts = results.slice(0, q.parts.length), excluded = results.slice(q.parts.length);
          parts.sort(function (a, b) { return a.found.size - b.found.size; });
          var scores = new Map();
          parts[0].found.forEach(function (hit, id) {
            var score = hit[0], toned = hit[1];
            for (var i = 1; i < parts.length; i++) {
              var other = parts[i].found.get(id);
              if (!other) return;
              score += other[0];
              toned = toned && other[1];
            }
            if (excluded.some(function (e) { return e.found.has(id); })) return;
            scores.set(id, score + (toned ? TONED : 0));
          });
          return { m: m, query: q, parts: q.parts.map(function (s) { return s.map(function (x) { return x[0]; }); }),
                   words: [].concat.apply([], q.parts.map(function (s) { return s.map(function (x) { return x[0]; }); })),
                   scores: scores, excluded: excluded,
                   spelled: results.slice(0, q.parts.length).map(spelled).join(" ") };
        });
    });
  }

  /* The posts holding every syllable of the query but not as the phrases typed (the second group
   * of the search page): Map id → score. */
  function scattered(result) {
    var m = result.m, words = result.words.filter(function (w, i) { return result.words.indexOf(w) === i; });
    if (result.parts.every(function (p) { return p.length < 2; })) return Promise.resolve(new Map());
    return Promise.all(words.map(function (w) { return postings(w, m); })).then(function (lists) {
      var out = new Map();
      if (!lists.every(Boolean)) return out;
      lists.sort(function (a, b) { return a.df - b.df; });
      var index = lists.map(slotsOf);
      var first = lists[0];
      for (var k = 0; k < first.df; k++) {
        var id = first.ids[k];
        if (result.scores.has(id) || result.excluded.some(function (e) { return e.found.has(id); })) continue;
        var score = 0, all = true;
        for (var i = 0; i < lists.length && all; i++) {
          var s = index[i].get(id);
          if (s === undefined) all = false;
          else score += idf(lists[i].df, m.docs) * lists[i].weights[s] / 255;
        }
        if (all) out.set(id, score);
      }
      return out;
    });
  }

  /* "Did you mean": for a query that finds nothing, the nearest phrase from the index's own
   * vocabulary (v.json) that finds something, spelled as the posts spell it; or null. */
  function distance(a, b, limit) {  // optimal string alignment, stopping past `limit`
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = null, prev = [], row;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      row = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        row.push(v);
        best = Math.min(best, v);
      }
      if (best > limit) return limit + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }
  function suggest(query) {
    var q = parse(query);
    if (!q.parts.length) return Promise.resolve(null);
    var words = [].concat.apply([], q.parts.map(function (s) { return s.map(function (x) { return x[0]; }); }));
    if (words.length > 6) return Promise.resolve(null);
    return fetchOnce("v.json", "json").then(function (vocabulary) {
      var df = new Map(vocabulary.map(function (v) { return [v[0], v[2]]; }));
      var options = words.map(function (w) {
        var limit = w.length >= 5 ? 2 : 1, near = [];
        if (df.has(w) || /^[0-9]+$/.test(w)) near.push([w, 0, df.get(w) || 1]);
        vocabulary.forEach(function (v) {
          if (v[0] === w) return;
          var d = distance(w, v[0], limit);
          if (d <= limit) near.push([v[0], d, v[2]]);
        });
        near.sort(function (a, b) { return a[1] - b[1] || b[2] - a[2]; });
        return near.slice(0, 3);
      });
      if (options.some(function (o) { return !o.length; })) return null;
      var combos = [[[], 0, 0]];
      options.forEach(function (near) {
        var next = [];
        combos.forEach(function (c) {
          near.forEach(function (n) { next.push([c[0].concat([n[0]]), c[1] + n[1], c[2] + Math.log(n[2])]); });
        });
        combos = next;
      });
      combos = combos.filter(function (c) { return c[1] > 0; });
      combos.sort(function (a, b) { return a[1] - b[1] || b[2] - a[2]; });
      combos = combos.slice(0, 6);
      return combos.reduce(function (chain, c) {
        return chain.then(function (found) {
          if (found) return found;
          return match(c[0].join(" ")).then(function (r) { return r && r.scores.size ? r.spelled : null; });
        });
      }, Promise.resolve(null));
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
                 summary: d[5], thumb: d[6] || "" };
      });
    }));
  }

  /* -- rendering ------------------------------------------------------------------------------ */
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  /* Mark each place where a phrase of the query occurs (its syllables adjacent, tones folded),
   * keeping the real text: "hiện đại hóa" is not marked for "đại hội". `parts`: folded phrases. */
  function highlight(text, parts) {
    text = text.normalize("NFC");
    var items = [], run = /[\p{L}\p{N}]+/gu, found;
    while ((found = run.exec(text))) {
      var folded = fold(found[0]).match(/[a-z0-9]+/g) || [];
      if (folded.length === 1) items.push([folded[0], found.index, found.index + found[0].length]);
      else folded.forEach(function (f) { items.push([f, found.index, found.index + found[0].length]); });
    }
    var marks = [];
    (parts || []).forEach(function (words) {
      for (var i = 0; i + words.length <= items.length; i++) {
        var same = words.every(function (w, j) { return items[i + j][0] === w; });
        if (same && words.length) marks.push([items[i][1], items[i + words.length - 1][2]]);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var html = "", at = 0;
    marks.forEach(function (mark) {
      if (mark[1] <= at) return;
      var from = Math.max(mark[0], at);
      html += escapeHtml(text.slice(at, from)) + "<mark>" + escapeHtml(text.slice(from, mark[1])) + "</mark>";
      at = mark[1];
    });
    return html + escapeHtml(text.slice(at));
  }
  function formatDate(iso) {
    var p = iso.split("-");
    return p[2] + "/" + p[1] + "/" + p[0];
  }
  /* A result's thumbnail: decorative (the title's link is beside it), sized before it loads; a
     neutral tile of the same size for a post without a photo, so that every result lines up. */
  var THUMB_WIDTH = 96, THUMB_HEIGHT = 72;
  function thumbHtml(doc) {
    if (!doc.thumb) return '<span class="bt-result-thumb bt-result-thumb--none" aria-hidden="true"></span>';
    return '<img class="bt-result-thumb" src="' + escapeHtml(new URL(doc.thumb, base).href) + '" width="' +
      THUMB_WIDTH + '" height="' + THUMB_HEIGHT + '" alt="" aria-hidden="true" loading="lazy" decoding="async">';
  }
  function resultHtml(doc, words, compact) {
    var url = new URL(postUrl(doc.url), base).href;
    var meta = formatDate(doc.date) + " · " + escapeHtml(doc.agency) + " · " + escapeHtml(doc.kind);
    return '<li class="bt-result">' + (compact ? "" : thumbHtml(doc)) +
      '<a href="' + escapeHtml(url) + '">' + highlight(doc.title, words) + "</a>" +
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
    var tools = root.querySelector(".bt-search-tools"), toggle = root.querySelector(".bt-filter-toggle");
    var clear = root.querySelector(".bt-filter-clear"), refocus = null;
    var params = new URLSearchParams(location.search), filters = {};
    FACETS.forEach(function (f) { filters[f.key] = params.get(f.key) || ""; });
    input.value = params.get(P.query) || "";
    sort.value = params.get(P.sort) === P.newest ? P.newest : "";
    var run = 0, parts = [], cacheManifest, table;
    // Made here rather than in the template: the page's parts only this script fills.
    var offer = document.createElement("p");
    offer.className = "bt-search-offer";
    offer.hidden = true;
    status.after(offer);
    var second = document.createElement("section");
    second.className = "bt-search-second";
    second.hidden = true;
    second.innerHTML = '<h2 class="bt-search-second-title"></h2><ol class="bt-search-others"></ol>' +
      '<button type="button" class="bt-search-more-others md-button" hidden>Xem thêm kết quả</button>';
    var open = document.createElement("button");
    open.type = "button";
    open.className = "bt-search-open-second md-button";
    open.hidden = true;
    open.textContent = "Xem các bài có đủ các từ nhưng không liền nhau";
    more.after(open);
    open.after(second);

    /* A list of results shown PAGE at a time. */
    function group(listEl, moreEl) {
      var ids = [], shown = 0, token = 0;
      function next() {
        var page = ids.slice(shown, shown + PAGE), mine = token;
        return documents(page, cacheManifest).then(function (docs) {
          if (mine !== token) return;
          listEl.insertAdjacentHTML("beforeend", docs.map(function (d) { return resultHtml(d, parts, false); }).join(""));
          shown += page.length;
          moreEl.hidden = shown >= ids.length;
        });
      }
      moreEl.addEventListener("click", next);
      return {
        show: function (list) { token++; ids = list; shown = 0; listEl.innerHTML = ""; moreEl.hidden = true; return next(); },
        clear: function () { token++; ids = []; listEl.innerHTML = ""; moreEl.hidden = true; }
      };
    }
    var main = group(list, more);
    var other = group(second.querySelector("ol"), second.querySelector("button"));

    function filtered() {
      return FACETS.some(function (f) { return filters[f.key]; });
    }
    function showSecond(result, current) {
      open.hidden = true;
      return scattered(result).then(function (scores) {
        if (current !== run) return 0;
        var kept = refine({ m: result.m, scores: scores }, table, filters).kept;
        second.hidden = !kept.length;
        second.querySelector("h2").textContent = "Các bài có đủ các từ nhưng không liền nhau (" +
          kept.length.toLocaleString("vi-VN") + ")";
        other.show(order(kept, sort.value));
        return kept.length;
      });
    }
    /* A registry name typed as the query: offer its facet ("SCT" → the Sở Công Thương's posts). */
    function offerFacet(result) {
      var typed = result.parts.length === 1 ? result.parts[0].join(" ") : "";
      var offers = [[P.agency, "agencyNames", "agencies", "Chỉ xem tin của "], [P.kind, "kindNames", "kinds", "Chỉ xem loại tin "]];
      var html = "";
      offers.forEach(function (o) {
        (result.m[o[1]] || []).forEach(function (names, i) {
          var value = result.m[o[2]][i];
          if (!typed || names.indexOf(typed) < 0 || filters[o[0]] === value[0]) return;
          html += '<button type="button" class="bt-facet" data-facet="' + o[0] + '" data-value="' + escapeHtml(value[0]) +
            '">' + escapeHtml(o[3] + value[1]) + "</button> ";
        });
      });
      offer.innerHTML = html;
      offer.hidden = !html;
    }
    offer.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-facet]");
      if (!button) return;
      filters[button.getAttribute("data-facet")] = button.getAttribute("data-value");
      update();
      input.focus();
    });
    function offerSpelling(query, current) {
      suggest(query).then(function (better) {
        if (current !== run || !better || fold(better) === fold(query)) return;
        offer.innerHTML = 'Có phải bạn muốn tìm: <a href="' + escapeHtml(searchUrl(param(P.query, better))) + '">' +
          escapeHtml(better) + "</a>?";
        offer.hidden = false;
      }).catch(function () {});
    }
    offer.addEventListener("click", function (event) {
      var link = event.target.closest("a");
      if (!link) return;
      event.preventDefault();
      input.value = new URL(link.href).searchParams.get(P.query) || "";
      update();
    });

    function state() {
      var p = param(P.query, input.value.trim());
      p[P.sort] = sort.value;
      FACETS.forEach(function (f) { p[f.key] = filters[f.key]; });
      return p;
    }
    function reset() {
      main.clear(); other.clear();
      second.hidden = true; open.hidden = true; offer.hidden = true; offer.innerHTML = "";
    }
    function update() {
      filterTools();
      history.replaceState(null, "", searchUrl(state()));
      var current = ++run;
      var query = input.value.trim();
      if (!parse(query).parts.length) {
        status.textContent = "Gõ từ khóa để tìm, có dấu hoặc không dấu: ví dụ “đại hội chi bộ” hay “dai hoi chi bo”.";
        reset();
        facetsBox.innerHTML = "";
        return;
      }
      status.textContent = "Đang tìm…";
      Promise.all([match(query), facetTable()]).then(function (r) {
        if (current !== run) return;
        var result = r[0], refined;
        table = r[1];
        parts = result.parts;
        reset();
        offerFacet(result);
        var phrase = result.parts.some(function (p) { return p.length > 1; });
        var wanted = "“" + query + "”";
        if (result.scores.size) {
          refined = refine(result, table, filters);
          renderFacets(result.m, refined);
          if (refined.kept.length) {
            status.textContent = "Tìm thấy " + refined.kept.length.toLocaleString("vi-VN") + " bài viết" +
              (phrase ? " có cụm từ " + wanted : "") + ".";
            main.show(order(refined.kept, sort.value));
            open.hidden = !phrase;
          } else {
            status.textContent = "Không có bài viết nào phù hợp với " + wanted + " trong các bộ lọc đã chọn. Hãy bỏ bớt bộ lọc.";
          }
          return;
        }
        // No post holds the phrase: those holding its syllables apart, said so; else nothing.
        return scattered(result).then(function (scores) {
          if (current !== run) return;
          refined = refine({ m: result.m, scores: scores }, table, filters);
          renderFacets(result.m, refined);
          if (refined.kept.length) {
            status.textContent = "Không có bài viết nào có cụm từ " + wanted + ".";
            return showSecond(result, current);
          }
          status.textContent = "Không tìm thấy bài viết nào phù hợp với " + wanted + "." +
            (filtered() && scores.size ? " Hãy bỏ bớt bộ lọc." : " Hãy thử từ khóa khác.");
          if (!filtered()) offerSpelling(query, current);
        });
      }).catch(function () {
        status.textContent = "Không tải được chỉ mục tìm kiếm. Trang tìm kiếm cần được mở qua máy chủ web.";
      });
    }
    open.addEventListener("click", function () {
      var current = run;
      match(input.value.trim()).then(function (result) {
        if (result && current === run) return showSecond(result, current);
      }).then(function () {
        var title = second.querySelector("h2");
        if (!second.hidden) { title.tabIndex = -1; title.focus(); }
      });
    });
    manifest().then(function (m) { cacheManifest = m; update(); }).catch(function () {
      status.textContent = "Không tải được chỉ mục tìm kiếm. Trang tìm kiếm cần được mở qua máy chủ web.";
    });

    /* "Bộ lọc (n)" folds the facets away on phones (CSS shows them always on wider screens);
       "Xóa bộ lọc" is there only while a filter is set. Both only once there is a query. */
    function activeFilters() {
      return FACETS.filter(function (f) { return filters[f.key]; }).length;
    }
    function filterTools() {
      var n = activeFilters();
      tools.hidden = !tokens(input.value.trim()).length;
      toggle.textContent = n ? "Bộ lọc (" + n + ")" : "Bộ lọc";
      clear.hidden = !n;
    }
    function displayed(element) { return element.getClientRects().length > 0; }
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      facetsBox.classList.toggle("bt-search-facets--open", open);
    });
    clear.addEventListener("click", function () {
      FACETS.forEach(function (f) { filters[f.key] = ""; });
      // The button goes away: focus goes to what is left of the filters, the toggle on phones
      // or the first facet (once drawn again) on wider screens.
      if (displayed(toggle)) toggle.focus();
      else refocus = function () { return facetsBox.querySelector("button[data-facet]"); };
      update();
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
      if (refocus) {  // the facets are drawn again: focus the button the reader was on, unless
        var target = refocus();  // the reader has moved on meanwhile (typing in the box, say)
        refocus = null;
        var active = document.activeElement;
        if (target && (!active || active === document.body)) target.focus();
      }
    }
    facetsBox.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-facet]");
      if (!button) return;
      var key = button.getAttribute("data-facet"), value = button.getAttribute("data-value");
      filters[key] = filters[key] === value ? "" : value;
      refocus = function () {
        return Array.prototype.filter.call(facetsBox.querySelectorAll("button[data-facet]"), function (b) {
          return b.getAttribute("data-facet") === key && b.getAttribute("data-value") === value;
        })[0];
      };
      update();
    });
    var timer;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, TYPING); });
    sort.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  }

  /* -- the header box: results as you type, Enter opens the search page -------------------------- */
  function headerBox(form) {
    var input = form.elements[P.query], panel = form.querySelector(".bt-search-panel"), run = 0, timer;
    function close() { panel.hidden = true; input.setAttribute("aria-expanded", "false"); }
    function show() {
      var query = input.value.trim(), current = ++run;
      if (!parse(query).parts.length) { close(); return; }
      Promise.all([match(query), manifest()]).then(function (r) {
        if (current !== run) return;
        var ids = order(Array.from(r[0].scores.entries()), "").slice(0, 5), words = r[0].parts;
        return documents(ids, r[1]).then(function (docs) {
          if (current !== run) return;
          var all = '<a class="bt-search-all" href="' + escapeHtml(searchUrl(param(P.query, query))) + '">' +
            (r[0].scores.size ? "Xem tất cả " + r[0].scores.size.toLocaleString("vi-VN") + " kết quả" :
              "Không có bài viết nào có đúng cụm từ này: tìm thêm trên trang tìm kiếm") + "</a>";
          panel.innerHTML = '<ol class="bt-search-list">' +
            docs.map(function (d) { return resultHtml(d, words, true); }).join("") + "</ol>" + all;
          panel.hidden = false;
          input.setAttribute("aria-expanded", "true");
        });
      }).catch(close);
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(show, TYPING); });
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

  window.bantinSearch = { fold: fold, tokens: tokens, syllables: syllables, parse: parse, fnv1a: fnv1a, match: match,
                          scattered: scattered, suggest: suggest, highlight: highlight };
})();
