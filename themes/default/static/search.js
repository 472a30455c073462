/* compagnon — the search page: French-aware search in the site's index.
   Without this file the page lists the site's main sections instead. */
(function () {
  "use strict";
  var d = document, root = d.documentElement.dataset.root || "";

  var form = d.querySelector("form[data-search]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = d.getElementById("search-status");
  var out = d.getElementById("search-results");
  var fallback = d.querySelector("[data-search-fallback]");
  if (!input || !status || !out) return;

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
  // The index is fetched on first use (focus, typing, ?q=), not with the
  // page: on a slow connection the page shows at once.
  var prepared = null, pending = null, asked = false;
  function ready(then) {
    if (prepared) { then(); return; }
    pending = then;
    if (asked) return;
    asked = true;
    var s = d.createElement("script");
    s.src = form.getAttribute("data-index");
    s.onload = function () {
      prepared = (window.COMPAGNON_SEARCH || []).map(function (x, i) {
        var tw = words(x.t);
        return { x: x, i: i, tw: tw, all: tw.concat(words(x.k), words(x.d), words(x.w)) };
      });
      if (fallback && prepared.length) fallback.hidden = true;
      if (pending) pending();
    };
    d.head.appendChild(s);
  }

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

  function go() { ready(function () { run(input.value); remember(input.value.trim()); }); }
  var timer;
  input.addEventListener("focus", function () { if (!asked) ready(function () {}); });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(go, 200); });
  form.addEventListener("submit", function (e) { e.preventDefault(); go(); });
  var start = new URLSearchParams(location.search).get("q");
  if (start) { input.value = start; go(); }
})();
