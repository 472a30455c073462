/* compagnon — small conveniences; every page works without this file. */
(function () {
  "use strict";
  var d = document, root = d.documentElement.dataset.root || "";

  // Print buttons, hidden until a script can use them.
  d.querySelectorAll("[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });

  // The portfolio's name at the top of every printed page, where supported.
  var ph = d.querySelector("[data-print-header]");
  if (ph) {
    var st = d.createElement("style");
    st.textContent = "@media print{@page{@top-left{content:" +
      JSON.stringify(ph.getAttribute("data-print-header")) + ";font:9pt system-ui,sans-serif}}}";
    d.head.appendChild(st);
  }

  // Handbook tree: open on wide screens.
  var wide = window.matchMedia && matchMedia("(min-width: 60rem)").matches;
  d.querySelectorAll("details[data-open-wide]").forEach(function (x) { if (wide) x.open = true; });

  // Matching: filter the cards by competency, format and place.
  var mf = d.querySelector("form[data-match-filter]");
  if (mf) {
    var items = d.querySelectorAll("[data-filter-item]"), count = d.getElementById("match-count");
    var has = function (list, key) { return (" " + (list || "") + " ").indexOf(" " + key + " ") >= 0; };
    var run = function () {
      var c = mf.elements.competency.value, f = mf.elements.format.value, l = mf.elements.place.value;
      var n = { apprentice: [0, 0], mentor: [0, 0] };
      items.forEach(function (x) {
        var k = x.dataset;
        var ok = (!c || has(k.competencies, c)) && (!f || has(k.formats, f)) &&
          (!l || (l === "remote" ? k.remote === "1" : k.location === l));
        x.hidden = !ok;
        n[k.filterItem][0] += ok ? 1 : 0; n[k.filterItem][1]++;
      });
      count.textContent = (c || f || l) ? mf.dataset.count.replace("{a}", n.apprentice[0])
        .replace("{at}", n.apprentice[1]).replace("{m}", n.mentor[0]).replace("{mt}", n.mentor[1]) : "";
    };
    mf.hidden = false;
    mf.addEventListener("change", run);
    mf.addEventListener("reset", function () { setTimeout(run, 0); });
    mf.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  }

  // Search.
  var form = d.querySelector("form[data-search]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = d.getElementById("search-status");
  var out = d.getElementById("search-results");
  var fallback = d.querySelector("[data-search-fallback]");
  var docs = window.COMPAGNON_SEARCH;
  if (!docs || !docs.length || !input || !status || !out) return;
  if (fallback) fallback.hidden = true;

  function fold(s) {
    return String(s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[œ]/g, "oe").replace(/[æ]/g, "ae");
  }
  var SUF = ["ements", "ement", "ations", "ation", "euses", "euse", "eurs", "eur",
    "ures", "ure", "ees", "ee", "es", "er", "ir", "e"];
  function stem(w) {
    if (w.length > 3 && /[sx]$/.test(w)) w = w.slice(0, -1);
    for (var i = 0; i < SUF.length; i++) {
      var s = SUF[i];
      if (w.length - s.length >= 3 && w.slice(-s.length) === s) return w.slice(0, -s.length);
    }
    return w;
  }
  function words(s) {
    return fold(s).split(/[^a-z0-9]+/).filter(Boolean).map(stem);
  }
  function has(list, q) {
    for (var i = 0; i < list.length; i++) if (list[i].lastIndexOf(q, 0) === 0) return true;
    return false;
  }
  var prepared = docs.map(function (x, i) {
    var tw = words(x.t);
    return { x: x, i: i, tw: tw, all: tw.concat(words(x.k), words(x.d), words(x.w)) };
  });

  function say(key, n, q) {
    return (form.getAttribute("data-" + key) || "").replace("{n}", n).replace("{q}", q);
  }
  function el(tag, cls, text) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function run(raw) {
    var q = raw.trim(), terms = words(q);
    out.textContent = "";
    if (!terms.length) { status.textContent = ""; return; }
    var hits = [];
    prepared.forEach(function (p) {
      var inTitle = 0;
      for (var j = 0; j < terms.length; j++) {
        if (!has(p.all, terms[j])) return;
        if (has(p.tw, terms[j])) inTitle++;
      }
      hits.push({ p: p, s: inTitle });
    });
    hits.sort(function (a, b) { return b.s - a.s || a.p.i - b.p.i; });
    var n = hits.length;
    status.textContent = say(n === 0 ? "none" : n === 1 ? "one" : "many", n, q);
    if (!n) return;
    var ol = el("ol");
    hits.slice(0, 50).forEach(function (h) {
      var x = h.p.x, li = el("li"), a = el("a", "", x.t);
      a.href = root + x.u;
      li.appendChild(a);
      if (x.k) { li.appendChild(d.createTextNode(" ")); li.appendChild(el("span", "tag", x.k)); }
      if (x.d) li.appendChild(el("p", "", x.d));
      ol.appendChild(li);
    });
    out.appendChild(ol);
  }

  function remember(q) {
    try {
      var u = new URL(location.href);
      if (q) u.searchParams.set("q", q); else u.searchParams.delete("q");
      history.replaceState(null, "", u.href);
    } catch (e) { /* file:// may refuse; the results still show */ }
  }

  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); remember(input.value.trim()); }, 200);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    run(input.value);
    remember(input.value.trim());
  });
  var start = new URLSearchParams(location.search).get("q");
  if (start) { input.value = start; run(start); }
})();
