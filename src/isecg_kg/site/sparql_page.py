"""sparql.html: SPARQL over the whole graph in the browser, with Oxigraph's WebAssembly build
(vendored in static/oxigraph/ with its licences, so building the site needs no network). The
same prefixes and stored-query examples serve `isecg-kg serve`'s editor (see `examples`)."""

from __future__ import annotations

import json
from importlib import resources as package_files
from typing import TYPE_CHECKING

from isecg_kg import resources
from isecg_kg.load import PREFIXES
from isecg_kg.stored_queries import catalogue

if TYPE_CHECKING:
    from isecg_kg.site import Site

OXIGRAPH_FILES = ("web.js", "web_bg.wasm", "LICENSE-MIT", "LICENSE-APACHE", "README.md")
STARTER = """
# Every space agency with its English and Japanese names
SELECT ?agency ?en ?ja WHERE {
  ?agency a isecg:SpaceAgency ; rdfs:label ?en , ?ja .
  FILTER(lang(?en) = "en" && lang(?ja) = "ja")
}
ORDER BY ?en
"""


def prefix_block() -> str:
    """The project's prefixes as SPARQL PREFIX lines."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in sorted(PREFIXES.items()))


def examples() -> list[dict[str, str]]:
    """The stored queries, as editor examples: name, titles and SPARQL text."""
    return [
        {"name": q.name, "title": q.title, "title_ja": q.title_ja or q.title, "text": q.text}
        for q in catalogue(resources.queries_dir()).values()
    ]


def script_json(value: object) -> str:
    """JSON safe inside a <script> element (no "</script>" can close it early)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def sparql_page(site: Site) -> None:
    from markupsafe import Markup

    vendored = package_files.files("isecg_kg.site") / "static" / "oxigraph"
    for name in OXIGRAPH_FILES:
        site.put(f"static/oxigraph/{name}", (vendored / name).read_bytes())
    site.put("static/sparql.js", (vendored.parent / "sparql.js").read_bytes())
    site.render(
        "sparql.html",
        "sparql.html",
        "SPARQL",
        examples=examples(),
        default_query=prefix_block() + STARTER,
        examples_json=Markup(script_json(examples())),
        prefixes_json=Markup(script_json(dict(sorted(PREFIXES.items())))),
    )
