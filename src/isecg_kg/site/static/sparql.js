// SPARQL in the browser: Oxigraph (WebAssembly, vendored in static/oxigraph/) loads the graph's
// N-Triples and answers the query in the editor; ?query= runs a query on load. With
// ?endpoint=URL the same editor sends its queries to that SPARQL endpoint instead (for example
// the one `isecg-kg serve --allow-origin ORIGIN-OF-THIS-SITE` starts), but only after the visitor
// has seen the endpoint's address and confirmed it: a link alone sends nothing anywhere.
import init, { Store } from "./oxigraph/web.js";

const $ = (id) => document.getElementById(id);
const status = $("engine-status");
const editor = $("query");
const examples = JSON.parse($("examples").textContent);
const prefixes = JSON.parse($("prefixes").textContent);
let store = null;

function say(element, en, ja) {
  element.replaceChildren();
  for (const [lang, text] of [["en", en], ["ja", ja]]) {
    const span = document.createElement("span");
    span.lang = lang;
    span.textContent = text;
    element.append(span);
  }
}

function shareUrl(query) {
  const url = new URL(window.location.href);
  url.searchParams.set("query", query);
  return url.toString();
}

// SPARQL results CSV (W3C "SPARQL 1.1 Query Results CSV"): plain values, RFC 4180 quoting.
function toCsv(vars, bindings) {
  const quote = (v) => (/[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);
  const lines = [vars.map(quote).join(",")];
  for (const b of bindings) {
    lines.push(vars.map((v) => quote(b[v] ? b[v].value : "")).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

function offer(link, text, type) {
  if (link.href.startsWith("blob:")) { URL.revokeObjectURL(link.href); }
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.hidden = false;
}

function siteLink(value) {
  const id = "https://w3id.org/isecg-kg/id/";
  return value.startsWith(id) ? "id/" + value.slice(id.length) + ".html" : null;
}

function showTable(vars, bindings) {
  const table = $("results");
  const head = document.createElement("tr");
  for (const v of vars) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = v;
    head.append(th);
  }
  table.tHead.replaceChildren(head);
  const rows = bindings.map((b) => {
    const tr = document.createElement("tr");
    for (const v of vars) {
      const td = document.createElement("td");
      const term = b[v];
      if (term) {
        const href = term.type === "uri" ? siteLink(term.value) : null;
        if (href) {
          const a = document.createElement("a");
          a.href = href;
          a.textContent = term.value;
          td.append(a);
        } else {
          td.textContent = term.value;
        }
        if (term["xml:lang"]) { td.setAttribute("data-term-lang", term["xml:lang"]); }
      }
      tr.append(td);
    }
    return tr;
  });
  table.tBodies[0].replaceChildren(...rows);
  table.hidden = false;
}

const endpoint = new URLSearchParams(window.location.search).get("endpoint");
let confirmed = false;  // the visitor agreed to send queries to `endpoint`

// The query's answer as text in the given format, from the endpoint or the in-page store.
async function answer(query, format) {
  if (!endpoint) { return store.query(query, { results_format: format }); }
  if (!confirmed) { throw new Error("the endpoint has not been confirmed"); }
  const url = new URL(endpoint, window.location.href);
  url.searchParams.set("query", query);
  const response = await fetch(url, { headers: { Accept: format } });
  const text = await response.text();
  if (!response.ok) { throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`); }
  return text;
}

async function run() {
  const query = editor.value;
  $("share").href = shareUrl(query);
  $("results").hidden = true;
  $("graph-results").hidden = true;
  const result = $("result-status");
  if (!store && !endpoint) { return; }
  if (endpoint && !confirmed) { return; }
  const started = performance.now();
  try {
    const graphForm = /^\s*(CONSTRUCT|DESCRIBE)\b/im.test(query.replace(/^\s*(PREFIX|BASE|#).*$/gim, ""));
    if (graphForm) {
      const text = await answer(query, "application/n-triples");
      $("graph-results").textContent = text;
      $("graph-results").hidden = false;
      offer($("download-csv"), text, "application/n-triples");
      $("download-csv").hidden = true;
      offer($("download-json"), text, "application/n-triples");
      $("download-json").textContent = "N-Triples";
      $("download-json").download = "results.nt";
      say(result, `${text.split("\n").filter(Boolean).length} triples`, `${text.split("\n").filter(Boolean).length} トリプル`);
      return;
    }
    const json = await answer(query, "application/sparql-results+json");
    const parsed = JSON.parse(json);
    const ms = Math.round(performance.now() - started);
    if ("boolean" in parsed) {
      showTable(["answer"], [{ answer: { type: "literal", value: String(parsed.boolean) } }]);
      say(result, `ASK: ${parsed.boolean} (${ms} ms)`, `ASK：${parsed.boolean}（${ms} ms）`);
    } else {
      const vars = parsed.head.vars;
      const bindings = parsed.results.bindings;
      showTable(vars, bindings);
      offer($("download-csv"), toCsv(vars, bindings), "text/csv");
      say(result, `${bindings.length} rows (${ms} ms)`, `${bindings.length} 行（${ms} ms）`);
    }
    $("download-json").textContent = "JSON";
    $("download-json").download = "results.json";
    offer($("download-json"), json, "application/sparql-results+json");
  } catch (error) {
    say(result, `The query failed: ${error}`, `クエリ失敗：${error}`);
    result.classList.add("error");
    return;
  }
  result.classList.remove("error");
}

$("example").addEventListener("change", (event) => {
  const chosen = examples.find((q) => q.name === event.target.value);
  if (chosen) { editor.value = chosen.text; }
});
$("sparql-form").addEventListener("submit", (event) => {
  event.preventDefault();
  window.history.replaceState(null, "", shareUrl(editor.value));
  run();  // its errors are shown in the page
});
editor.addEventListener("input", () => { $("share").href = shareUrl(editor.value); });

const asked = new URLSearchParams(window.location.search).get("query");
if (asked) { editor.value = asked; }

if (endpoint) {
  document.getElementById("file-notice").hidden = true;
  $("endpoint-url").textContent = endpoint;
  const here = new URL(window.location.href);
  here.searchParams.delete("endpoint");
  $("endpoint-no").href = here.toString();
  $("endpoint-confirm").hidden = false;
  say(status, "Nothing is sent until you confirm the endpoint above.", "上のエンドポイントを確認するまで何も送らない。");
  status.hidden = false;
  document.documentElement.setAttribute("data-sparql", "confirm");
  $("endpoint-yes").addEventListener("click", async () => {
    confirmed = true;
    $("endpoint-confirm").hidden = true;
    say(status, `Queries go to the SPARQL endpoint ${endpoint}.`, `クエリはSPARQLエンドポイント ${endpoint} に送る。`);
    document.documentElement.setAttribute("data-sparql", "ready");
    if (asked) { await run(); }
  });
} else try {
  await init();
  store = new Store();
  const response = await fetch("downloads/isecg-kg.nt");
  if (!response.ok) { throw new Error(`downloads/isecg-kg.nt: HTTP ${response.status}`); }
  store.load(await response.text(), { format: "application/n-triples" });
  say(status, `Ready: ${store.size} triples loaded. Prefixes: ${Object.keys(prefixes).join(", ")}.`,
    `準備完了：${store.size} トリプルを読み込み済み。接頭辞：${Object.keys(prefixes).join(", ")}。`);
  status.classList.remove("notice");  // a warning colour only while not ready
  document.documentElement.setAttribute("data-sparql", "ready");
  if (asked) { await run(); }
} catch (error) {
  say(status, `The query engine could not start: ${error}. Serve this folder over http (python -m http.server) and open the page from there.`,
    `クエリエンジンを起動できない：${error}。このフォルダをHTTPで配信（python -m http.server）して開くこと。`);
  document.documentElement.setAttribute("data-sparql", "failed");
}
