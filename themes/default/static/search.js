/* compagnon — the search page. The index (src/render/search.rs explains
   it) is a set of scripts loaded when a query needs them: search/index.js,
   then the shard of each query word and the texts of the results shown, so that it
   works from file:// and under any sub-path. Without this file the page
   lists the site's main sections instead. */
(function () {
  "use strict";
  var d = document, w = window, root = d.documentElement.dataset.root || "";
  var form = d.querySelector("form[data-search]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = d.getElementById("search-status");
  var out = d.getElementById("search-results");
  var fallback = d.querySelector("[data-search-fallback]");
  var index = form.getAttribute("data-index") || "";
  if (!input || !status || !out || !index) return;
  var dir = index.replace(/[^\/]*$/, "");

  // Words: as src/render/search.rs cuts and folds them (the same table).
  var FOLD_FROM = "àáâãäåāăąçćĉċčďđðèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĸĺļľŀłñńņňŉŋòóôõöøōŏőŕŗřśŝşšſţťŧùúûüũūŭůűųŵýÿŷźżž";
  var FOLD_TO = "aaaaaaaaacccccdddeeeeeeeeegggghhiiiiiiiiijkklllllnnnnnnooooooooorrrssssstttuuuuuuuuuuwyyyzzz";
  var FOLD_WIDE = { "æ": "ae", "œ": "oe", "ß": "ss", "ĳ": "ij", "þ": "th" };
  var WORD;
  try { WORD = new RegExp("[\\p{Alphabetic}\\p{N}\\u0300-\\u036f]+", "gu"); }
  catch (e) { WORD = /[0-9A-Za-z\u00c0-\u024f\u0300-\u036f]+/g; }
  function fold(s) {
    var o = "", c, k;
    s = s.replace(/[\u0300-\u036f]/g, "");
    for (var i = 0; i < s.length; i++) {
      c = s.charAt(i);
      if (c < "\u0080") o += c;
      else if ((k = FOLD_FROM.indexOf(c)) >= 0) o += FOLD_TO.charAt(k);
      else o += FOLD_WIDE[c] || c;
    }
    return o;
  }
  function chars(s) { return Array.from ? Array.from(s) : s.split(""); }
  function starts(s, p) { return s.lastIndexOf(p, 0) === 0; }
  // The query's words, folded, little words left out, each once.
  function terms(q) {
    var list = q.toLowerCase().match(WORD) || [], seen = [];
    list.forEach(function (raw) {
      var f = fold(raw);
      if (chars(f).length >= 2 && !meta.stopSet[f] && seen.indexOf(f) < 0) seen.push(f);
    });
    return seen;
  }
  // Strings compared as Rust does (code points), for the shards' ranges.
  function cmp(a, b) {
    var x = chars(a), y = chars(b);
    for (var i = 0; i < x.length && i < y.length; i++) {
      var p = x[i].codePointAt(0), r = y[i].codePointAt(0);
      if (p !== r) return p - r;
    }
    return x.length - y.length;
  }

  // Loading: each script once; `then` runs when it is there (or failed).
  var meta = null, shards = {}, texts = {}, loads = {}, parsed = Object.create(null);
  w.COMPAGNON_SEARCH_SHARD = function (k, data) { shards[k] = data; };
  w.COMPAGNON_SEARCH_TEXT = function (doc, k, data) { texts[doc + "-" + k] = data; };
  function load(src, then) {
    var q = loads[src];
    if (q === true) { then(); return; }
    if (q) { q.push(then); return; }
    q = loads[src] = [then];
    var s = d.createElement("script");
    s.src = src;
    s.onload = s.onerror = function () {
      loads[src] = true;
      q.forEach(function (f) { f(); });
    };
    d.head.appendChild(s);
  }
  function loadAll(srcs, then) {
    var n = srcs.length;
    if (!n) { then(); return; }
    srcs.forEach(function (src) { load(src, function () { if (--n === 0) then(); }); });
  }
  function part(name) { return dir + name + ".js?v=" + meta.v; }
  // Part k of a document's text; the first also has its title, address,
  // kind, context line and where its parts start. First parts share files:
  // the one of document `doc` is the file the last head up to it begins.
  function textPart(doc, k) {
    var file = doc;
    if (!k) {
      var heads = meta.headList, lo = 0, hi = heads.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (heads[mid] <= doc) lo = mid; else hi = mid - 1;
      }
      file = heads[lo] || 0;
    }
    return part("text/" + Math.floor(file / meta.folder) + "/" + file + (k ? "-" + k : ""));
  }
  // The index's entry point is loaded on first use (focus, typing, ?q=),
  // not with the page: on a slow line the page shows at once.
  function ready(then) {
    load(index, function () {
      var m = w.COMPAGNON_SEARCH;
      if (!m || !m.shards) return;
      if (!meta) {
        meta = m;
        // No prototype: "constructor" is a word, not a little word.
        meta.stopSet = Object.create(null);
        String(m.stop || "").split(" ").forEach(function (s) { meta.stopSet[s] = 1; });
        meta.headList = numbers(String(m.heads || ""));
        if (fallback && m.docs) fallback.hidden = true;
      }
      then();
    });
  }

  function group(t) { return chars(t).slice(0, 3).join(""); }
  function shardOf(t) {
    var g = group(t), k = 0;
    for (var i = 1; i < meta.shards.length; i++) if (cmp(meta.shards[i], g) <= 0) k = i;
    return k;
  }
  function stem(shard, s) {
    var e = parsed[s];
    if (!e) {
      var raw = shard[s], bar = raw.indexOf("|");
      e = parsed[s] = { forms: raw.slice(0, bar).split(" "), raw: raw.slice(bar + 1), list: null };
    }
    return e;
  }
  // Postings: base-64 digits, five bits each, the sixth saying "more".
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", VAL = {};
  for (var i = 0; i < 64; i++) VAL[DIGITS.charAt(i)] = i;
  // A reader of the numbers a string holds, a few digits each; null at
  // the end.
  function reader(str) {
    var at = 0;
    return function () {
      if (at >= str.length) return null;
      var n = 0, scale = 1, v;
      do { v = VAL[str.charAt(at++)] || 0; n += (v & 31) * scale; scale *= 32; } while (v & 32);
      return n;
    };
  }
  // Increasing numbers, delta-coded.
  function numbers(str) {
    var next = reader(str), list = [], n = 0, delta;
    while ((delta = next()) !== null) list.push(n += delta);
    return list;
  }
  function decode(str) {
    var next = reader(str), list = [], doc = 0, delta;
    while ((delta = next()) !== null) {
      doc += delta;
      var x = next(), pos = [], p = 0;
      for (var j = 0; j < x >> 2; j++) { p += next(); pos.push(p); }
      list.push([doc, x & 3, pos]);
    }
    return list;
  }
  // The stems a query word finds, with how well: one of its forms or the
  // stem itself 1, a beginning less (the shorter, the less); when nothing
  // is found, the longest stem or form the word starts with, for a form
  // the site never wrote ("manquements"), 0.8; and a stem of four letters or more that differs
  // from one found by one or two letters at its end, 0.5 ("soudure",
  // stem "soudur", finds "souder" and "soudé", stem "soud", and back).
  function match(t) {
    var shard = shards[shardOf(t)] || {}, found = [], exact = [], near = [], best = "", bestLen = 0;
    var len = chars(t).length;
    for (var s in shard) {
      if (s.charAt(0) !== t.charAt(0)) continue;
      var e = stem(shard, s), q = 0;
      if (s === t || e.forms.indexOf(t) >= 0) { q = 1; exact.push(s); }
      else if (len >= 3) {
        if (starts(s, t)) q = 0.3 + 0.6 * t.length / s.length;
        e.forms.forEach(function (f) {
          if (starts(f, t)) q = Math.max(q, 0.3 + 0.6 * t.length / f.length);
        });
      }
      if (q) found.push([s, q]);
      else {
        if (s.length >= 4) near.push(s);
        if (starts(t, s) && s.length > bestLen && s.length >= Math.max(3, Math.ceil(t.length / 2)) && t.length - s.length <= 5) { best = s; bestLen = s.length; }
        // A form the site wrote that the word extends by a few letters:
        // "manquements" for "manquement", whose stem is much shorter.
        e.forms.forEach(function (f) {
          if (f.length >= 4 && f.length > bestLen && t.length - f.length <= 3 && starts(t, f)) { best = s; bestLen = f.length; }
        });
      }
    }
    if (found.length) best = "";
    else if (best) { found.push([best, 0.8]); exact.push(best); }
    near.forEach(function (s) {
      if (s !== best && exact.some(function (x) {
        return Math.abs(x.length - s.length) <= 2 && (starts(x, s) || starts(s, x));
      })) found.push([s, 0.5]);
    });
    return found;
  }

  var FIELD = [1, 3, 8];
  // Documents that hold every word, best first, each with the positions
  // of each word in it; `marks` gets the forms and beginnings to
  // highlight, each with the query word it stands for.
  function rank(words, marks) {
    var per = [];
    words.forEach(function (t, k) {
      var by = new Map(), shard = shards[shardOf(t)] || {};
      if (chars(t).length >= 3) marks.starts.push([t, k]);
      match(t).forEach(function (m) {
        var e = stem(shard, m[0]), list = e.list || (e.list = decode(e.raw));
        var idf = Math.log(1 + meta.docs / list.length);
        e.forms.forEach(function (f) { if (!(f in marks.forms)) marks.forms[f] = k; });
        list.forEach(function (p) {
          var score = m[1] * FIELD[p[1]] * (1 + Math.log(p[2].length || 1)) * idf, h = by.get(p[0]);
          if (!h) by.set(p[0], [score, p[2]]);
          else { if (score > h[0]) h[0] = score; h[1] = h[1].concat(p[2]); }
        });
      });
      per.push(by);
    });
    var smallest = per.reduce(function (a, b) { return b.size < a.size ? b : a; });
    var hits = [];
    smallest.forEach(function (_, doc) {
      var score = 0, pos = [];
      for (var k = 0; k < per.length; k++) {
        var h = per[k].get(doc);
        if (!h) return;
        score += h[0];
        pos.push(h[1].length > 16 ? h[1].slice().sort(function (a, b) { return a - b; }).slice(0, 16) : h[1]);
      }
      // Words of the query next to each other, in order, add most.
      for (var j = 0; j + 1 < pos.length; j++) {
        var cost = 99;
        pos[j].forEach(function (a) {
          pos[j + 1].forEach(function (b) { cost = Math.min(cost, b > a ? b - a - 1 : a - b + 1); });
        });
        score += 6 / (1 + cost);
      }
      hits.push([doc, score, pos]);
    });
    hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return hits;
  }

  function el(tag, cls, text) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  // Which query word a written word stands for (its number), or -1.
  function termOf(word, marks) {
    var f = fold(word.toLowerCase()), t = marks.forms[f];
    if (t !== undefined) return t;
    for (var i = 0; i < marks.starts.length; i++) if (starts(f, marks.starts[i][0])) return marks.starts[i][1];
    return -1;
  }
  // `text` with the query's words in <mark>.
  function marked(text, marks) {
    var frag = d.createDocumentFragment(), last = 0, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      if (termOf(m[0], marks) >= 0) {
        frag.appendChild(d.createTextNode(text.slice(last, m.index)));
        frag.appendChild(el("mark", "", m[0]));
        last = m.index + m[0].length;
      }
    }
    frag.appendChild(d.createTextNode(text.slice(last)));
    return frag;
  }
  // The part of a document's text to quote: the one where most query
  // words stand (positions before `at[0]` are its title's); the first
  // when none.
  function partOf(at, pos) {
    var best = 0, most = 0;
    for (var k = 0; k < at.length; k++) {
      var lo = at[k], hi = k + 1 < at.length ? at[k + 1] : Infinity, n = 0;
      pos.forEach(function (list) { if (list.some(function (p) { return p >= lo && p < hi; })) n++; });
      if (n > most) { most = n; best = k; }
    }
    return best;
  }
  // The snippet: the WINDOW words that hold the most query words (then
  // the most of them), and when some are not among them, the WINDOW words
  // that hold most of those; each with a few words before, in the order
  // of the text. Else, with `first`, the opening of the first paragraph
  // that says something. `midway`: the text starts inside a paragraph.
  var WINDOW = 24, BEFORE = 6;
  function snippet(text, marks, first, midway) {
    var blocks = String(text || "").split("\n").map(function (b) {
      var words = [], m;
      WORD.lastIndex = 0;
      while ((m = WORD.exec(b))) words.push({ from: m.index, to: m.index + m[0].length, t: termOf(m[0], marks) });
      return { text: b, words: words };
    });
    var chosen = [], covered = {};
    for (var round = 0; round < 2; round++) {
      var best = null;
      blocks.forEach(function (b, bi) {
        b.words.forEach(function (w, i) {
          if (w.t < 0 || covered[w.t]) return;
          var seen = {}, fresh = 0, hits = 0;
          for (var j = i; j < b.words.length && j < i + WINDOW; j++) {
            var t = b.words[j].t;
            if (t < 0) continue;
            hits++;
            if (!seen[t]) { seen[t] = 1; if (!covered[t]) fresh++; }
          }
          var score = fresh * 1000 + hits;
          if (!best || score > best.score) best = { score: score, block: bi, at: i, seen: seen };
        });
      });
      if (!best) break;
      chosen.push(best);
      for (var t in best.seen) covered[t] = 1;
    }
    if (!chosen.length) {
      if (!first) return null;
      var opening = 0;
      blocks.some(function (b, bi) { if (b.words.length > 6) { opening = bi; return true; } return false; });
      if (!blocks[opening].words.length) return null;
      chosen = [{ block: opening, at: 0 }];
    }
    // Each passage's words [s, e); two in one paragraph that meet, one.
    var spans = chosen.map(function (c) {
      var s = Math.max(0, c.at - BEFORE);
      return { block: c.block, s: s, e: Math.min(blocks[c.block].words.length, s + WINDOW + BEFORE) };
    }).sort(function (a, b) { return a.block - b.block || a.s - b.s; });
    for (var i = 1; i < spans.length; i++) {
      if (spans[i].block === spans[i - 1].block && spans[i].s <= spans[i - 1].e) {
        spans[i - 1].e = Math.max(spans[i - 1].e, spans[i].e);
        spans.splice(i--, 1);
      }
    }
    var p = el("p");
    spans.forEach(function (x, k) {
      var b = blocks[x.block], n = b.words.length;
      var cut = x.s > 0 || (midway && x.block === 0);
      var from = x.s > 0 ? b.words[x.s].from : 0, to = x.e < n ? b.words[x.e - 1].to : b.text.length;
      if (k || cut) p.appendChild(d.createTextNode(k ? " … " : "… "));
      p.appendChild(marked(b.text.slice(from, to), marks));
      if (x.e < n && k === spans.length - 1) p.appendChild(d.createTextNode(" …"));
    });
    return p;
  }

  function say(key, n, q) {
    return (form.getAttribute("data-" + key) || "").replace("{n}", n).replace("{q}", q);
  }

  var seq = 0, STEP = 10;
  function run(raw) {
    var my = ++seq, q = raw.trim(), words = q ? terms(q) : [];
    if (!words.length) {
      out.textContent = "";
      status.textContent = q ? say("none", 0, q) : "";
      return;
    }
    var need = {};
    words.forEach(function (t) { need["shard-" + shardOf(t)] = 1; });
    loadAll(Object.keys(need).map(part), function () {
      if (my !== seq) return;
      var marks = { forms: Object.create(null), starts: [] };
      show(rank(words, marks), marks, q, STEP, my, false);
    });
  }
  function show(hits, marks, q, count, my, more) {
    var top = hits.slice(0, count);
    // The first part of each result's text, then the part that quotes it.
    loadAll(top.map(function (h) { return textPart(h[0], 0); }), function () {
      if (my !== seq) return;
      var parts = top.map(function (h) {
        var head = texts[h[0] + "-0"];
        return head ? partOf(head[4] || [], h[2]) : 0;
      });
      loadAll(top.map(function (h, i) { return textPart(h[0], parts[i]); }), function () {
        if (my !== seq) return;
        list(hits, top, parts, marks, q, count, my, more);
      });
    });
  }
  function list(hits, top, parts, marks, q, count, my, more) {
    var n = hits.length;
    status.textContent = say(n === 0 ? "none" : n === 1 ? "one" : "many", n, q);
    out.textContent = "";
    if (!n) return;
    var ol = el("ol"), first = null;
    top.forEach(function (h, k) {
      var doc = texts[h[0] + "-0"];
      if (!doc) return;
      var li = el("li"), a = el("a");
      a.href = root + doc[1];
      a.appendChild(marked(doc[0], marks));
      li.appendChild(a);
      var kind = meta.kinds[doc[2]];
      if (kind) { li.appendChild(d.createTextNode(" ")); li.appendChild(el("span", "tag", kind)); }
      // The context (an entry's apprentice, date and competencies) is
      // marked too: it says why an entry was found by a competency's name.
      if (doc[3]) { var c = el("p"); c.appendChild(marked(doc[3], marks)); li.appendChild(c); }
      var at = parts[k], p = at ? snippet(texts[h[0] + "-" + at], marks, false, true) : null;
      p = p || snippet(doc[5], marks, true, false);
      if (p) li.appendChild(p);
      ol.appendChild(li);
      if (k === count - STEP) first = a;
    });
    out.appendChild(ol);
    if (n > count) {
      var b = el("button", "", form.getAttribute("data-more"));
      b.type = "button";
      b.addEventListener("click", function () { show(hits, marks, q, count + STEP, my, true); });
      out.appendChild(b);
    }
    // After "more", the first new result, not the top of the page.
    if (more && first) first.focus();
  }

  function remember(q) {
    try {
      var u = new URL(location.href);
      if (q) u.searchParams.set("q", q); else u.searchParams.delete("q");
      history.replaceState(null, "", u.href);
    } catch (e) { /* file:// may refuse; the results still show */ }
  }

  function go() { ready(function () { run(input.value); remember(input.value.trim()); }); }
  var timer;
  input.addEventListener("focus", function () { ready(function () {}); });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(go, 150); });
  form.addEventListener("submit", function (e) { e.preventDefault(); go(); });
  var start = new URLSearchParams(location.search).get("q");
  if (start) { input.value = start; go(); }
})();
