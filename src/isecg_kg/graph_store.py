"""Pushing the graph into any triple store through the SPARQL 1.1 Graph Store HTTP Protocol.

One PUT replaces the named graph: a store that implements the protocol applies it as one
transaction, so a failed or cut-off upload leaves the old graph whole.
"""

from __future__ import annotations

import base64
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

from isecg_kg.engines import PASSWORD_ENV, USER_AGENT, USER_ENV
from isecg_kg.errors import EndpointError, InputError

DEFAULT_GRAPH_IRI = "https://w3id.org/isecg-kg/graph"


def graph_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store URL of a named graph (`?graph=`), or of the default graph (`?default`)."""
    parsed = urllib.parse.urlsplit(endpoint)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InputError(f"--endpoint must be an http(s) URL, got {endpoint!r}")
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
    url = graph_url(endpoint, graph)
    attempt = 0
    while True:
        request = urllib.request.Request(
            url, data=content, method="PUT", headers=_headers(media_type)
        )
        try:
            return _send(request, timeout)
        except EndpointError as error:
            attempt += 1
            if not error.retryable or attempt > retries:
                raise
            time.sleep(backoff * 2 ** (attempt - 1))


def _headers(media_type: str) -> dict[str, str]:
    headers = {"Content-Type": media_type, "User-Agent": USER_AGENT}
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    return headers


def _send(request: urllib.request.Request, timeout: float) -> int:
    url = request.full_url
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        detail = error.read(500).decode("utf-8", "replace").strip().splitlines()
        reason = f": {detail[0]}" if detail else ""
        raise EndpointError(
            f"graph store {url} answered HTTP {error.code} {error.reason}{reason}",
            retryable=error.code >= 500,
        ) from None
    except TimeoutError:
        raise EndpointError(
            f"graph store {url} did not answer within {timeout:g} s", retryable=True
        ) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, (TimeoutError, socket.timeout)):
            message = f"graph store {url} did not answer within {timeout:g} s"
        else:
            message = f"graph store {url} is unreachable: {error.reason}"
        raise EndpointError(message, retryable=True) from None
    except OSError as error:
        raise EndpointError(f"graph store {url} failed: {error}", retryable=True) from None
