// Language: ?lang=en|ja, else the choice remembered from an earlier visit, else the browser's
// preference (navigator.languages), else English. Both languages are in the HTML; this only
// sets html[data-lang], which the stylesheet uses to hide the other one.
(function () {
  var root = document.documentElement;
  var KEY = "isecg-kg-lang";
  function valid(value) { return value === "en" || value === "ja" ? value : null; }
  function remembered() {
    try { return valid(window.localStorage.getItem(KEY)); } catch (e) { return null; }
  }
  function remember(lang) {
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* storage disabled */ }
  }
  function fromBrowser() {
    var prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < prefs.length; i++) {
      var primary = String(prefs[i]).toLowerCase().split("-")[0];
      if (valid(primary)) { return primary; }
    }
    return null;
  }
  var fromUrl = null;
  try { fromUrl = valid(new URLSearchParams(window.location.search).get("lang")); } catch (e) { fromUrl = null; }
  if (fromUrl) { remember(fromUrl); }
  function apply(lang) {
    root.setAttribute("data-lang", lang);
    root.setAttribute("lang", lang);
    var links = document.querySelectorAll("[data-lang-link]");
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("aria-current", links[i].getAttribute("data-lang-link") === lang ? "true" : "false");
    }
  }
  var chosen = fromUrl || remembered() || fromBrowser() || "en";
  // A page written in one language only (the ontology reference) has its other language as a
  // separate file: go there rather than hide everything.
  var pageLang = root.getAttribute("data-page-lang");
  if (pageLang && pageLang !== chosen) {
    var other = document.querySelector('link[rel="alternate"][hreflang="' + chosen + '"]');
    if (other) { window.location.replace(other.getAttribute("href") + "?lang=" + chosen); return; }
  }
  apply(chosen);
  window.isecgLang = function () { return root.getAttribute("data-lang"); };

  document.addEventListener("DOMContentLoaded", function () {
    apply(root.getAttribute("data-lang"));
    var links = document.querySelectorAll("[data-lang-link]");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function (event) {
        var lang = this.getAttribute("data-lang-link");
        if (pageLang) { remember(lang); return; } // a one-language page: follow the link
        event.preventDefault();
        remember(lang);
        apply(lang);
        try {
          var url = new URL(window.location.href);
          url.searchParams.set("lang", lang);
          window.history.replaceState(null, "", url.toString());
        } catch (e) { /* file:// in some browsers */ }
      });
    }
    // a query page's hint shows only where its table is wider than the screen
    function hints() {
      var wraps = document.querySelectorAll(".table-wrap");
      for (var i = 0; i < wraps.length; i++) {
        var hint = wraps[i].previousElementSibling;
        if (hint && hint.classList.contains("scroll-hint") && hint.hasAttribute("data-if-wide")) {
          hint.hidden = wraps[i].scrollWidth <= wraps[i].clientWidth + 1;
        }
      }
    }
    hints();
    window.addEventListener("resize", hints);
    // the technology table: a cell's evidence (its title) shown at the screen's foot when the
    // cell is tapped, clicked or focused, for phones, where nothing hovers
    var evidence = document.getElementById("cell-evidence");
    var current = null;
    function show(event) {
      var cell = event.target.closest ? event.target.closest("td.mark") : null;
      if (!cell || !evidence) { return; }
      if (current) { current.removeAttribute("aria-current"); }
      current = cell;
      cell.setAttribute("aria-current", "true");
      var lang = root.getAttribute("data-lang") === "ja" ? "ja" : "en";
      var name = cell.parentElement.querySelector('th [lang="' + lang + '"]');
      var column = cell.closest("table").tHead.rows[0].cells[cell.cellIndex];
      var head = column ? column.querySelector('[lang="' + lang + '"]') : null;
      evidence.textContent = (name ? name.textContent.trim() : "") +
        (head ? " — " + head.textContent.trim() : "") + (lang === "ja" ? "：" : ": ") +
        cell.getAttribute("data-evidence-" + lang);
      evidence.hidden = false;
    }
    var cells = document.getElementById("technology-table");
    if (cells && evidence) {
      cells.addEventListener("click", show);
      cells.addEventListener("focusin", show);
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
