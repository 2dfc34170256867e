"""The ontology reference: pyLODE's page, one per language (pyLODE runs a term's labels in all
languages together), inside the site's frame (its header, navigation and language switch), with
the ontology's own texts escaped where pyLODE pastes them into the HTML unescaped."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from isecg_kg import resources
from isecg_kg.errors import InputError
from isecg_kg.site.labels import compact, label
from isecg_kg.vocab import ISECG, bind_prefixes

PAGES = {"en": "ontology.html", "ja": "ontology-ja.html"}
SCRIPT = re.compile(r"(<script\b.*?</script>)", re.S | re.I)

# pyLODE's layout puts its table of contents fixed over the top right; make room for the header.
FRAME_CSS = """<style>
body { padding: 0 !important; }
#content { width: auto; margin-right: 210px; padding: 1rem 1.5rem; }
#toc { top: 3.75rem; height: calc(100% - 3.75rem); background: #fff; }
#pylode { display: none; }
@media (max-width: 48rem) { #toc { position: static; width: auto; height: auto; }
  #content { margin-right: 0; } }
#controlled-values .table-scroll { overflow-x: auto; }
#controlled-values table { border-collapse: collapse; }
#controlled-values th, #controlled-values td { border: 1px solid #ccc; padding: .25rem .5rem;
  vertical-align: top; text-align: left; }
</style>"""
# The words of the controlled-values section, per page language.
WORDS = {
    "en": {
        "title": "Controlled values",
        "intro": "The individuals of the ontology's vocabularies (ontology/vocabularies.ttl): "
        "the values that properties such as participation level, development status or "
        "uncertainty kind take, each with its English and Japanese label.",
        "value": "Value",
        "en": "English label",
        "ja": "Japanese label",
        "definition": "Definition",
        "notation": "Notation",
    },
    "ja": {
        "title": "統制値",
        "intro": "オントロジーの語彙（ontology/vocabularies.ttl）の個体。参加の程度、開発状況、"
        "不確かさの種類などのプロパティが取る値を、英語と日本語のラベルとともに示す。",
        "value": "値",
        "en": "英語ラベル",
        "ja": "日本語ラベル",
        "definition": "定義",
        "notation": "表記",
    },
}


def in_language(ontology: Graph, lang: str) -> Graph:
    """The ontology with its language-tagged texts in `lang` only (untagged ones kept), its
    triples added in sorted order: pyLODE lists terms in the order the graph yields them, so an
    unsorted graph gives a differently ordered page on every run."""
    kept = Graph()
    bind_prefixes(kept, ontology.namespaces(), override=True)
    for s, p, o in sorted(ontology):
        if isinstance(o, Literal) and o.language and o.language != lang:
            continue
        kept.add((s, p, o))
    return kept


def escape_texts(page: str, ontology: Graph) -> str:
    """Escape, outside <script> blocks, every ontology text that pyLODE pasted in raw and that
    holds markup characters (the header comment's `<kind>/<slug>` would vanish as a tag)."""
    texts = sorted(
        {str(o) for o in ontology.objects() if isinstance(o, Literal) and re.search(r"[<>&]", o)},
        key=len,
        reverse=True,
    )
    parts = SCRIPT.split(page)
    for i in range(0, len(parts), 2):  # even parts are outside <script>
        for text in texts:
            parts[i] = parts[i].replace(text, html.escape(text, quote=False))
    return "".join(parts)


def controlled_values(vocabularies: Graph, lang: str) -> str:
    """A section listing every named individual of the vocabularies, one table per concept
    scheme (or, for a value in no scheme, per class), each value with its CURIE, both labels,
    its definition in the page's language and its notation or symbol."""
    words = WORDS[lang]
    groups: dict[URIRef, list[URIRef]] = {}
    for value in set(vocabularies.subjects(RDF.type, OWL.NamedIndividual)):
        if not isinstance(value, URIRef):
            continue
        group = vocabularies.value(value, SKOS.inScheme) or next(
            (
                c
                for c in vocabularies.objects(value, RDF.type)
                if isinstance(c, URIRef) and c != OWL.NamedIndividual
            ),
            OWL.NamedIndividual,
        )
        groups.setdefault(group, []).append(value)  # type: ignore[arg-type]
    esc = html.escape
    parts = [
        f'<div class="section" id="controlled-values"><h2>{esc(words["title"])}</h2>'
        f"<p>{esc(words['intro'])}</p>"
    ]
    for group in sorted(groups, key=lambda g: compact(str(g))):  # one order in both languages
        name = compact(str(group))
        parts.append(
            f'<h3 id="values-{esc(name.replace(":", "-"))}">'
            f"{esc(label(vocabularies, group, lang))} <code>{esc(name)}</code></h3>"
        )
        about = _text_in(vocabularies, group, lang)
        if about:
            parts.append(f"<p>{esc(about)}</p>")
        header = "".join(
            f"<th>{esc(words[key])}</th>" for key in ("value", "en", "ja", "definition", "notation")
        )
        parts.append(f'<div class="table-scroll"><table><thead><tr>{header}</tr></thead><tbody>')
        for value in sorted(groups[group], key=lambda v: compact(str(v))):
            notation = vocabularies.value(value, SKOS.notation) or vocabularies.value(
                value, ISECG.symbol
            )
            cells = (
                f'<code id="value-{esc(compact(str(value)).replace(":", "-"))}">'
                f"{esc(compact(str(value)))}</code>",
                f'<span lang="en">{esc(_label_in(vocabularies, value, "en"))}</span>',
                f'<span lang="ja">{esc(_label_in(vocabularies, value, "ja"))}</span>',
                esc(_text_in(vocabularies, value, lang)),
                esc(str(notation or "")),
            )
            parts.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
        parts.append("</tbody></table></div>")
    parts.append("</div>")
    return "".join(parts)


def with_controlled_values(page: str, section: str, lang: str) -> str:
    """pyLODE's page with `section` before its namespaces and a link to it in its contents."""
    if '<div id="namespaces">' not in page:
        raise InputError(
            "pyLODE's page has no namespaces section to put the controlled values before"
        )
    page = page.replace('<div id="namespaces">', section + '<div id="namespaces">', 1)
    link = f'<li><h4><a href="#controlled-values">{html.escape(WORDS[lang]["title"])}</a></h4></li>'
    return re.sub(
        r'<li>\s*<h4>\s*<a href="#namespaces">', lambda m: link + m.group(0), page, count=1
    )


def _label_in(graph: Graph, node: URIRef, lang: str) -> str:
    """The rdfs:label in exactly `lang` (empty if none: the page must not pass off another
    language's label as this one)."""
    return next(
        (str(v) for v in graph.objects(node, RDFS.label) if getattr(v, "language", None) == lang),
        "",
    )


def _text_in(graph: Graph, node: URIRef, lang: str) -> str:
    """The skos:definition (else rdfs:comment) in `lang`."""
    for predicate in (SKOS.definition, RDFS.comment):
        for value in graph.objects(node, predicate):
            if isinstance(value, Literal) and value.language == lang:
                return str(value)
    return ""


def framed(page: str, lang: str, header: str) -> str:
    head = (
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,"><link rel="stylesheet" href="static/style.css">'
        + "".join(
            f'<link rel="alternate" hreflang="{code}" href="{name}">'
            for code, name in PAGES.items()
        )
        + '<script src="static/site.js"></script>'  # after the links it reads
        + FRAME_CSS
    )
    page = page.replace("<html>", f'<html lang="{lang}" data-page-lang="{lang}">', 1)
    page = page.replace("</head>", head + "</head>", 1)
    return re.sub(r"<body>", lambda m: m.group(0) + header, page, count=1)


def ontology_pages(put: Callable[[str, bytes], None], header: Callable[[str], str]) -> None:
    """Write ontology.html (English) and ontology-ja.html (Japanese); `header(lang)` is the site's
    header for that page."""
    try:
        from pylode import OntPub
    except ImportError:
        raise InputError(
            "the ontology reference needs pyLODE: pip install 'isecg-kg[site]'"
        ) from None
    ontology = Graph()
    ontology.parse(resources.rdf_root() / "ontology" / "isecg.ttl")
    vocabularies = Graph()
    vocabularies.parse(resources.rdf_root() / "ontology" / "vocabularies.ttl")
    for lang, name in PAGES.items():
        graph = in_language(ontology, lang)
        logging.disable(logging.INFO)  # pyLODE logs its progress at INFO on the root logger
        try:
            page = OntPub(ontology=graph).make_html()
        finally:
            logging.disable(logging.NOTSET)
        page = with_controlled_values(
            escape_texts(page, graph), controlled_values(vocabularies, lang), lang
        )
        put(name, framed(page, lang, header(lang)).encode("utf-8"))
