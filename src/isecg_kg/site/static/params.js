// A stored query's parameter form: the visitor's values are checked against each parameter's
// datatype and written, each as one RDF term, into the query's VALUES blocks, exactly as
// `isecg-kg query NAME --param NAME=VALUE` does (isecg_kg.stored_queries: Parameter.term and
// StoredQuery.bind); the bound query then opens in sparql.html. The query's text comes cut at
// its VALUES blocks (StoredQuery.parts), so a value never touches the rest of the text.
(function (global) {
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var MAX_DIGITS = 1000, MAX_STRING = 10000;

  // A SPARQL string literal as rdflib writes one, with a "\u" after an escaped backslash written
  // "\U00000075", since engines expand codepoint escapes in the whole text before parsing.
  function stringTerm(value) {
    var written = '"' + value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')
      .replace(/\n/g, "\\n").replace(/\r/g, "\\r") + '"';
    return written.replace(/\\([uU])/g, function (m, letter) {
      return "\\\\U" + ("0000000" + letter.charCodeAt(0).toString(16).toUpperCase()).slice(-8);
    });
  }

  // The value as one RDF term of the datatype, or an error {en, ja}.
  function term(datatype, raw) {
    var value = datatype === XSD + "string" ? raw : raw.trim();
    if (datatype === XSD + "date") {
      var m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value);
      var day = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
      if (!m || +m[1] < 1 || day.getUTCFullYear() !== +m[1] || day.getUTCMonth() !== +m[2] - 1 || day.getUTCDate() !== +m[3]) {
        return { en: "must be a date YYYY-MM-DD", ja: "YYYY-MM-DD の日付が必要" };
      }
      return { term: '"' + value + '"^^<' + XSD + 'date>' };
    }
    if (datatype === XSD + "integer") {
      if (!/^[+-]?[0-9]+$/.test(value) || value.replace(/^[+-]/, "").length > MAX_DIGITS) {
        return { en: "must be an integer", ja: "整数が必要" };
      }
      return { term: '"' + BigInt(value).toString() + '"^^<' + XSD + 'integer>' };
    }
    if (datatype === XSD + "decimal") {
      if (!/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(value) || value.length > MAX_DIGITS) {
        return { en: "must be a decimal such as 2.5", ja: "2.5 のような小数が必要" };
      }
      return { term: '"' + value + '"^^<' + XSD + 'decimal>' };
    }
    if (datatype === XSD + "string") {
      if (value.length > MAX_STRING) {
        return { en: "more than " + MAX_STRING + " characters", ja: MAX_STRING + "文字を超える" };
      }
      return { term: stringTerm(value) };
    }
    return { en: "an unsupported datatype", ja: "対応していないデータ型" };
  }

  // The query with the values bound: {text} or {name, en, ja} for the first bad value.
  function bind(template, values) {
    var datatypes = {};
    template.params.forEach(function (p) { datatypes[p.name] = p.datatype; });
    var text = "";
    for (var i = 0; i < template.parts.length; i++) {
      if (i % 2 === 0) { text += template.parts[i]; continue; }
      var name = template.parts[i];
      var bound = term(datatypes[name], values[name]);
      if (!bound.term) { return { name: name, en: bound.en, ja: bound.ja }; }
      text += "VALUES ?" + name + " { " + bound.term + " }";
    }
    return { text: text };
  }

  global.isecgKgBind = bind;
  if (typeof document === "undefined") { return; }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("query-params");
    var data = document.getElementById("query-template");
    if (!form || !data) { return; }
    var template = JSON.parse(data.textContent);
    var message = document.getElementById("query-params-message");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var values = {};
      template.params.forEach(function (p) { values[p.name] = form.elements[p.name].value; });
      var bound = bind(template, values);
      if (!bound.text) {
        message.replaceChildren();
        [["en", bound.name + ": " + bound.en], ["ja", bound.name + "：" + bound.ja]].forEach(function (pair) {
          var span = document.createElement("span");
          span.lang = pair[0];
          span.textContent = pair[1];
          message.append(span);
        });
        message.hidden = false;
        form.elements[bound.name].focus();
        return;
      }
      message.hidden = true;
      window.location.href = form.getAttribute("action") + "?query=" + encodeURIComponent(bound.text);
    });
  });
})(typeof window !== "undefined" ? window : globalThis);
