// Language switch (remembered), and sorting the technology table by number of marks.
(function () {
  var root = document.documentElement;
  var saved = null;
  try { saved = window.localStorage.getItem("isecg-kg-lang"); } catch (e) { saved = null; }
  root.setAttribute("data-lang", saved === "ja" ? "ja" : "en");
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".lang-switch");
    if (button) {
      button.addEventListener("click", function () {
        var next = root.getAttribute("data-lang") === "en" ? "ja" : "en";
        root.setAttribute("data-lang", next);
        root.setAttribute("lang", next);
        try { window.localStorage.setItem("isecg-kg-lang", next); } catch (e) { /* private mode */ }
      });
    }
    var sorter = document.getElementById("sort-by-marks");
    var table = document.getElementById("technology-table");
    if (sorter && table) {
      var body = table.tBodies[0];
      var original = Array.prototype.slice.call(body.rows);
      var sorted = false;
      sorter.addEventListener("click", function () {
        var rows = original.slice();
        if (!sorted) {
          rows.sort(function (a, b) { return Number(b.dataset.marks) - Number(a.dataset.marks) || Number(a.dataset.order) - Number(b.dataset.order); });
        }
        rows.forEach(function (row) { body.appendChild(row); });
        sorted = !sorted;
        sorter.setAttribute("aria-pressed", sorted ? "true" : "false");
      });
    }
  });
})();
