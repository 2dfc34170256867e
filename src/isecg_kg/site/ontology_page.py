"""The ontology reference: pyLODE's page, one per language (pyLODE runs a term's labels in all
languages together), inside the site's frame (its header, navigation and language switch), with
the ontology's own texts escaped where pyLODE pastes them into the HTML unescaped."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable

from rdflib import Graph, Literal

from isecg_kg import resources
from isecg_kg.errors import InputError
from isecg_kg.vocab import bind_prefixes

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
</style>"""


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
    for lang, name in PAGES.items():
        graph = in_language(ontology, lang)
        logging.disable(logging.INFO)  # pyLODE logs its progress at INFO on the root logger
        try:
            page = OntPub(ontology=graph).make_html()
        finally:
            logging.disable(logging.NOTSET)
        put(name, framed(escape_texts(page, graph), lang, header(lang)).encode("utf-8"))
