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

  // Handbook tree, and the menu where CSS cannot show it: open on wide screens.
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
})();
