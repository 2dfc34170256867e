"""Three places to answer a SELECT query with the same file: rdflib, embedded Oxigraph, an endpoint.

Every engine returns a `QueryResult` of rdflib terms, so that answers can be compared and written
out the same way whichever engine produced them.
"""

from __future__ import annotations

import json
import urllib.error
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from isecg_kg import __version__
from isecg_kg.errors import EndpointError, InputError, IsecgKgError, clean
from isecg_kg.network import PASSWORD_ENV, USER_ENV, Target, failure, retrying, split_credentials

if TYPE_CHECKING:
    import pyoxigraph

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
USER_AGENT = f"isecg-kg/{__version__} (https://w3id.org/isecg-kg)"
__all__ = ["PASSWORD_ENV", "USER_ENV"]


@dataclass(frozen=True)
class QueryResult:
    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]

    def comparable(self) -> list[tuple[tuple[str, str | None, str | None] | None, ...]]:
        """Rows as plain tuples (value, language, datatype), for comparing engines."""
        return [tuple(_comparable(term) for term in row) for row in self.rows]


def _comparable(term: Node | None) -> tuple[str, str | None, str | None] | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = None if term.datatype is None else str(term.datatype)
        return (str(term), term.language, datatype)
    return (str(term), None, type(term).__name__)


def run_rdflib(graph: Graph, query: str, source: str = "query") -> QueryResult:
    """The answer of rdflib's SPARQL engine; its failures are our errors (`engine_failure`)."""
    try:
        result = graph.query(query)
        variables = tuple(str(v) for v in result.vars or ())
        return QueryResult(variables, tuple(tuple(row) for row in result))
    except IsecgKgError:
        raise
    except Exception as error:  # e.g. NotBoundError of GROUP_CONCAT over an unbound variable
        raise engine_failure(error, source) from None


def run_oxigraph(store: pyoxigraph.Store, query: str, source: str = "query") -> QueryResult:
    """The answer of Oxigraph's SPARQL engine; its failures are our errors (`engine_failure`)."""
    try:
        solutions = store.query(query)
        variables = tuple(v.value for v in solutions.variables)
        rows = tuple(
            tuple(_from_oxigraph(solution[name]) for name in variables) for solution in solutions
        )
    except IsecgKgError:
        raise
    except Exception as error:
        raise engine_failure(error, source) from None
    return QueryResult(variables, rows)


def engine_failure(error: BaseException, source: str) -> IsecgKgError:
    """An engine's exception as one of ours: a malformed query is bad input (exit 2), anything
    else the engine failing (exit 4); no engine's own exception reaches a caller."""
    from isecg_kg.stored_queries import _engine_failure

    code, message = _engine_failure(error)
    failure = InputError(f"{source}: {message}") if code == InputError.exit_code else None
    return failure or EndpointError(f"{source}: {message}")


def _from_oxigraph(term: object) -> Node | None:
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return _typed_literal(term.value, term.datatype.value)
    raise TypeError(f"unexpected Oxigraph term {term!r}")


def from_oxigraph_triple(quad: pyoxigraph.Quad | pyoxigraph.Triple) -> tuple[Node, Node, Node]:
    """A triple of Oxigraph terms as rdflib terms (blank nodes keep their Oxigraph labels)."""
    s, p, o = (_from_oxigraph(t) for t in (quad.subject, quad.predicate, quad.object))
    assert s is not None and p is not None and o is not None
    return s, p, o


def oxigraph_store(files: Iterable[tuple[bytes, str]]) -> pyoxigraph.Store:
    """An in-memory Oxigraph store loaded with (content, media type) pairs."""
    import pyoxigraph

    store = pyoxigraph.Store()
    for content, media_type in files:
        store.load(content, format=pyoxigraph.RdfFormat.from_media_type(media_type))
    return store


def run_endpoint(
    url: str,
    query: str,
    *,
    timeout: float = 30.0,
    retries: int = 2,
    backoff: float = 0.5,
) -> QueryResult:
    """Send the query to a SPARQL 1.1 endpoint through SPARQLWrapper (POST, JSON results).

    Credentials come from ISECG_KG_ENDPOINT_USER / ISECG_KG_ENDPOINT_PASSWORD, never from the
    command line. A query is safe to repeat, so unreachable hosts, timeouts and 5xx answers are
    retried `retries` times with exponential backoff.
    """
    target = split_credentials(url)
    return retrying(
        lambda: _from_json_results(_sparqlwrapper_post(target, query, timeout), target.url),
        retries,
        backoff,
    )


def _sparqlwrapper_post(target: Target, query: str, timeout: float) -> bytes:
    from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    url = target.url
    sparql = SPARQLWrapper(url, agent=USER_AGENT)
    sparql.setQuery(query)
    # SPARQLWrapper guesses the query type with a regular expression that words in a comment
    # header can fool; stored queries are SELECT queries, so say so.
    sparql.queryType = SELECT
    sparql.setMethod(POST)
    sparql.setReturnFormat(JSON)
    sparql.setTimeout(int(max(1, timeout)))
    if target.user is not None:
        sparql.setCredentials(target.user, target.password or "")
    try:
        return sparql.query().response.read()
    except SPARQLWrapperException as error:
        status = {
            "EndPointInternalError": 500,
            "QueryBadFormed": 400,
            "Unauthorized": 401,
            "Forbidden": 403,
            "EndPointNotFound": 404,
            "URITooLong": 414,
        }
        code = status.get(type(error).__name__)
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise EndpointError(
            f"endpoint {url} answered HTTP {code or 'error'}: {clean(first_line)[:300]}",
            retryable=code is None or code >= 500,
        ) from None
    except (urllib.error.URLError, OSError) as error:
        raise failure(f"endpoint {url}", error, timeout) from None


def _from_json_results(payload: bytes, url: str) -> QueryResult:
    try:
        document = json.loads(payload)
        variables = tuple(document["head"]["vars"])
        bindings: Sequence[dict[str, dict[str, str]]] = document["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise EndpointError(f"endpoint {url} did not answer with SPARQL JSON results") from None
    rows = tuple(tuple(_from_json_term(b.get(v)) for v in variables) for b in bindings)
    return QueryResult(variables, rows)


def _from_json_term(term: dict[str, str] | None) -> Node | None:
    if term is None:
        return None
    kind, value = term.get("type"), term.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in term:
        return Literal(value, lang=term["xml:lang"])
    return _typed_literal(value, term.get("datatype"))


def _typed_literal(value: str, datatype: str | None) -> Literal:
    """A literal; xsd:string is the same as no datatype in RDF 1.1, and rdflib writes it so."""
    if datatype is None or datatype == XSD_STRING:
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))
