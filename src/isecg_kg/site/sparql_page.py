"""sparql.html: SPARQL over the whole graph in the browser, with Oxigraph's WebAssembly build
(vendored in static/oxigraph/ with its licences, so building the site needs no network). The
prefixes and stored-query examples come from isecg_kg.editor, shared with `isecg-kg serve`."""

from __future__ import annotations

import json
from importlib import resources as package_files
from typing import TYPE_CHECKING

from isecg_kg.editor import examples, starter_query
from isecg_kg.vocab import PREFIXES

if TYPE_CHECKING:
    from isecg_kg.site import Site

OXIGRAPH_FILES = ("web.js", "web_bg.wasm", "LICENSE-MIT", "LICENSE-APACHE", "README.md")


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
        default_query=starter_query(),
        examples_json=Markup(script_json(examples())),
        prefixes_json=Markup(script_json(dict(sorted(PREFIXES.items())))),
    )
