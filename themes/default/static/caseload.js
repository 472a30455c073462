/* compagnon — the caseload (coordinator's edition): column headings sort the
   table, a filter narrows it by text and status. The table is whole without it. */
(function () {
  "use strict";
  var d = document, t = d.querySelector("table[data-sortable]");
  if (!t) return;
  var body = t.tBodies[0], rows = [].slice.call(body.rows), heads = [].slice.call(t.tHead.rows[0].cells);
  var fold = function (s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); };
  // A cell's data-sort (numbers, ISO dates, keys) or its text.
  var key = function (row, i) {
    var c = row.cells[i];
    return c.hasAttribute("data-sort") ? c.getAttribute("data-sort") : c.textContent.trim();
  };
  var num = function (x) { return x !== "" && isFinite(x); };
  heads.forEach(function (th, i) {
    var b = d.createElement("button");
    b.type = "button"; b.className = "sort"; b.textContent = th.textContent;
    th.textContent = ""; th.appendChild(b);
    b.addEventListener("click", function () {
      var up = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      rows.sort(function (p, q) {
        var x = key(p, i), y = key(q, i);
        var r = num(x) && num(y) ? x - y : x.localeCompare(y, d.documentElement.lang);
        return up ? r : -r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  var f = d.querySelector("form[data-caseload-filter]"), count = d.getElementById("caseload-count");
  if (!f) return;
  rows.forEach(function (r) { r.folded = fold(r.textContent); });
  var run = function () {
    var q = fold(f.elements.q.value.trim()), s = f.elements.status.value, n = 0;
    rows.forEach(function (r) {
      var ok = (!q || r.folded.indexOf(q) >= 0) && (!s || r.dataset.status === s);
      r.hidden = !ok; n += ok ? 1 : 0;
    });
    count.textContent = (q || s) ? f.dataset.count.replace("{n}", n).replace("{total}", rows.length) : "";
  };
  f.hidden = false;
  f.addEventListener("input", run);
  f.addEventListener("change", run);
  f.addEventListener("reset", function () { setTimeout(run, 0); });
  f.addEventListener("submit", function (e) { e.preventDefault(); run(); });
})();
