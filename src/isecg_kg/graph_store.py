"""Pushing the graph into any triple store through the SPARQL 1.1 Graph Store HTTP Protocol.

One PUT replaces the named graph: a store that implements the protocol applies it as one
transaction, so a failed or cut-off upload leaves the old graph whole. Credentials are sent only
when the store asks, in the scheme it asks for (Basic, or Digest as Virtuoso's
`/sparql-graph-crud-auth` wants); see isecg_kg.network.
"""

from __future__ import annotations

import urllib.parse

from isecg_kg.engines import USER_AGENT
from isecg_kg.network import exchange, retrying, split_credentials

DEFAULT_GRAPH_IRI = "https://w3id.org/isecg-kg/graph"


def graph_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store URL of a named graph (`?graph=`), or of the default graph (`?default`)."""
    parsed = urllib.parse.urlsplit(split_credentials(endpoint).url)
    query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    separator = "&" if parsed.query else ""
    return urllib.parse.urlunsplit(parsed._replace(query=parsed.query + separator + query))


def put_graph(
    endpoint: str,
    content: bytes,
    *,
    graph: str | None = DEFAULT_GRAPH_IRI,
    media_type: str = "application/n-triples",
    timeout: float = 60.0,
    retries: int = 2,
    backoff: float = 0.5,
) -> int:
    """Replace the graph with `content` in one request; PUT is idempotent, so it is retried."""
    target = split_credentials(endpoint)
    url = graph_url(endpoint, graph)
    headers = {"Content-Type": media_type, "User-Agent": USER_AGENT}

    def put() -> int:
        what = f"graph store {url}"
        answer = exchange(target, "PUT", url, what, body=content, headers=headers, timeout=timeout)
        return answer.status

    return retrying(put, retries, backoff)
