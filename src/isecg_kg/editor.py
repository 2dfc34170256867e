"""What a SPARQL editor should start with: the project's prefixes, and the stored queries as
examples. Shared by the site's sparql.html and `isecg-kg serve` (its Yasgui editor)."""

from __future__ import annotations

from urllib.parse import quote

from isecg_kg import resources
from isecg_kg.load import PREFIXES
from isecg_kg.stored_queries import catalogue

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


def starter_query() -> str:
    return prefix_block() + STARTER


def examples() -> list[dict[str, str]]:
    """The stored queries, as editor examples: name, titles and SPARQL text."""
    return [
        {"name": q.name, "title": q.title, "title_ja": q.title_ja or q.title, "text": q.text}
        for q in catalogue(resources.queries_dir()).values()
    ]


def yasgui_link(server: str, query: str) -> str:
    """A link opening `query` in the Yasgui editor of an Oxigraph server. Yasgui reads ?query= and
    ?endpoint=; the endpoint must be given, as the page derives it from its own URL otherwise."""
    base = server.rstrip("/")
    return f"{base}/?endpoint={quote(base + '/query', safe='')}&query={quote(query, safe='')}"


def editor_help(server: str) -> list[str]:
    """What `isecg-kg serve` prints about its editor."""
    editor = yasgui_link(server, starter_query())
    return [
        f"query editor (Yasgui) with the project's prefixes: {editor}",
        "the stored queries as examples against this server: open the site's "
        f"sparql.html?endpoint={server.rstrip('/')}/query (isecg-kg site; python -m http.server; "
        "serve with --allow-origin naming that site's origin)",
    ]
