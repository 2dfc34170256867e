"""Three places to answer a SELECT query with the same file: rdflib, embedded Oxigraph, an endpoint.

Every engine returns a `QueryResult` of rdflib terms, so that answers can be compared and written
out the same way whichever engine produced them.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from isecg_kg import __version__
from isecg_kg.errors import EndpointError, InputError, IsecgKgError, clean

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib.plugins.sparql.parserutils import CompValue

    from isecg_kg.network import Answer
    from isecg_kg.projection import Projection

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
USER_AGENT = f"isecg-kg/{__version__} (https://w3id.org/isecg-kg)"


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


def run_rdflib(
    graph: Graph, query: str, source: str = "query", *, allow_service: bool = False
) -> QueryResult:
    """The answer of rdflib's SPARQL engine; its failures are our errors (`engine_failure`).
    rdflib has no switch for SERVICE, so evaluation itself refuses one here (behind the query
    gate) unless `allow_service`; pyoxigraph has none either: the gate is the only barrier there."""
    _refuse_service_in_rdflib()
    token = _SERVICE_ALLOWED.set(allow_service)
    try:  # evaluation is lazy: the rows are read while the switch is set
        result = graph.query(query)
        variables = tuple(str(v) for v in result.vars or ())
        return QueryResult(variables, tuple(tuple(row) for row in result))
    except IsecgKgError:
        raise
    except Exception as error:  # e.g. NotBoundError of GROUP_CONCAT over an unbound variable
        raise engine_failure(error, source) from None
    finally:
        _SERVICE_ALLOWED.reset(token)


# Allowed outside run_rdflib, so that other rdflib users in the same process are not affected.
_SERVICE_ALLOWED: ContextVar[bool] = ContextVar("isecg_kg_service_allowed", default=True)


def _refuse_service_in_rdflib() -> None:
    from rdflib.plugins.sparql import CUSTOM_EVALS

    CUSTOM_EVALS.setdefault("isecg_kg_no_service", _no_service)


def _no_service(_ctx: object, part: CompValue) -> object:
    if part.name == "ServiceGraphPattern" and not _SERVICE_ALLOWED.get():
        raise InputError(
            "the query calls a remote service (SERVICE), refused without --allow-service"
        )
    raise NotImplementedError  # every other part: rdflib's own evaluation


def run_oxigraph(store: pyoxigraph.Store, query: str, source: str = "query") -> QueryResult:
    """The answer of Oxigraph's SPARQL engine; its failures are our errors (`engine_failure`)."""
    made: dict[object, Node | None] = {}  # each distinct term converted once

    def term(value: object) -> Node | None:
        if value is None:
            return None
        node = made.get(value)
        if node is None:
            node = made[value] = _from_oxigraph(value)
        return node

    try:
        solutions = store.query(query)
        variables = tuple(v.value for v in solutions.variables)
        rows = tuple(tuple(term(solution[name]) for name in variables) for solution in solutions)
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


def store_of(graph: Graph) -> pyoxigraph.Store:
    """The graph in a new embedded Oxigraph store, term by term (blank nodes keep their labels):
    no N-Triples sorted, written and read back, which cost four times as much."""
    import pyoxigraph

    from isecg_kg.export import _oxigraph_triples

    store = pyoxigraph.Store()
    store.bulk_extend(pyoxigraph.Quad(*t) for t in _oxigraph_triples(graph, ordered=False))
    return store


def from_oxigraph_triples(
    quads: Iterable[pyoxigraph.Quad | pyoxigraph.Triple],
) -> Iterator[tuple[Node, Node, Node]]:
    """`from_oxigraph_triple` for many triples: each distinct term is converted once (a closure
    names the same classes, properties and nodes hundreds of thousands of times)."""
    made: dict[object, Node | None] = {}

    def term(t: object) -> Node:
        node = made.get(t)
        if node is None:
            node = made[t] = _from_oxigraph(t)
        assert node is not None
        return node

    for quad in quads:
        yield term(quad.subject), term(quad.predicate), term(quad.object)


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
    limit: int | None = None,
    row_cap: int | None = None,
    accept_truncated: bool = False,
) -> QueryResult:
    """Send the query to a SPARQL 1.1 endpoint (POST, JSON results) and read its answer.

    Credentials come from the URL or ISECG_KG_ENDPOINT_USER / ISECG_KG_ENDPOINT_PASSWORD, never
    from the command line. A query is safe to repeat, so unreachable hosts, timeouts and 5xx
    answers are retried `retries` times with exponential backoff. `timeout` bounds each attempt
    as a whole; an answer above `limit` bytes, or malformed, is an EndpointError. An answer
    that may have been cut by the store's row cap (Virtuoso's `X-SPARQL-MaxRows`, or
    `row_cap` rows when the store's cap is declared by the user) is an EndpointError unless
    `accept_truncated`. `limit` None: `network.MAX_ANSWER_BYTES`.
    """
    # only here: a build or a local query has no endpoint to talk to
    from isecg_kg.network import MAX_ANSWER_BYTES, exchange, retrying, split_credentials
    from isecg_kg.projection import projection

    target = split_credentials(url)
    what = f"endpoint {target.url}"
    body = urllib.parse.urlencode({"query": query}).encode("ascii")
    headers = {
        "Accept": "application/sparql-results+json",
        "Content-Type": "application/x-www-form-urlencoded",
        "User-Agent": USER_AGENT,
    }

    def ask() -> Answer:
        return exchange(
            target,
            "POST",
            target.url,
            what,
            body=body,
            headers=headers,
            timeout=timeout,
            limit=MAX_ANSWER_BYTES if limit is None else limit,
        )

    answer = retrying(ask, retries, backoff)
    result = from_json_results(answer.body, what)
    shape = projection(query)
    _check_row_cap(answer, result, shape, what, row_cap, accept_truncated)
    if "virtuoso" in answer.headers.get("Server", "").lower() and shape.booleans:
        result = _booleans(result, shape.booleans)
    return result


def _check_row_cap(
    answer: Answer,
    result: QueryResult,
    shape: Projection,
    what: str,
    row_cap: int | None,
    accept_truncated: bool,
) -> None:
    """A full answer has fewer rows than the store's cap, or as many as the query's LIMIT."""
    declared = answer.headers.get("X-SPARQL-MaxRows", "").strip()
    cap = int(declared) if declared.isdigit() else row_cap
    if cap is None or len(result.rows) < cap or accept_truncated:
        return
    if shape.limit is not None and shape.limit <= cap:
        return
    raise EndpointError(
        f"{what} answered {len(result.rows)} rows, its row cap: the answer is probably cut "
        "off (raise the store's limit, e.g. Virtuoso's ResultSetMaxRows, add LIMIT/OFFSET to "
        "page, or pass --accept-truncated)"
    )


def _booleans(result: QueryResult, columns: frozenset[str]) -> QueryResult:
    """Virtuoso 7 answers booleans as xsd:integer 1/0: read them back as xsd:boolean."""
    indexes = [i for i, name in enumerate(result.variables) if name in columns]

    def fixed(term: Node | None) -> Node | None:
        if not isinstance(term, Literal) or str(term.datatype) != XSD_INTEGER:
            return term
        return Literal(str(term) == "1") if str(term) in ("0", "1") else term

    rows = tuple(
        tuple(fixed(t) if i in indexes else t for i, t in enumerate(row)) for row in result.rows
    )
    return QueryResult(result.variables, rows)


_TERM_KINDS = {"uri", "bnode", "literal", "typed-literal"}


def from_json_results(payload: bytes, what: str) -> QueryResult:
    """SPARQL 1.1 JSON results, checked as parsed: anything else names the endpoint."""

    def malformed(why: str) -> EndpointError:
        return EndpointError(f"{what} did not answer with SPARQL JSON results: {why}")

    try:
        document = json.loads(payload)
    except (ValueError, RecursionError):
        raise malformed("not JSON") from None
    if not isinstance(document, dict):
        raise malformed("not a JSON object")
    head, results = document.get("head"), document.get("results")
    if not isinstance(head, dict) or not isinstance(results, dict):
        raise malformed("no head and results")
    variables, bindings = head.get("vars"), results.get("bindings")
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
        raise malformed("head.vars is not a list of names")
    if not isinstance(bindings, list):
        raise malformed("results.bindings is not a list")
    rows = []
    for number, binding in enumerate(bindings, 1):
        if not isinstance(binding, dict):
            raise malformed(f"row {number} is not an object")
        row = []
        for name in variables:
            term = binding.get(name)
            if term is None:
                row.append(None)
                continue
            problem = _term_problem(term)
            if problem:
                raise malformed(f"row {number}, ?{clean(name)[:50]}: {problem}")
            row.append(_from_json_term(term))
        rows.append(tuple(row))
    return QueryResult(tuple(variables), tuple(rows))


def _term_problem(term: object) -> str | None:
    if not isinstance(term, dict):
        return "a term is not an object"
    if term.get("type") not in _TERM_KINDS:
        return "unknown term type"
    if not isinstance(term.get("value"), str):
        return "a term has no text value"
    for key in ("xml:lang", "datatype"):
        if key in term and not isinstance(term[key], str):
            return f"{key} is not text"
    return None


def _from_json_term(term: dict[str, str]) -> Node:
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if term.get("xml:lang"):
        return Literal(value, lang=term["xml:lang"])
    # "typed-literal": the 2008 results format, still answered by Virtuoso 7
    return _typed_literal(value, term.get("datatype"))


def _typed_literal(value: str, datatype: str | None) -> Literal:
    """A literal; xsd:string is the same as no datatype in RDF 1.1, and rdflib writes it so.
    normalize=False keeps the lexical form: rdflib would rewrite "01"^^xsd:integer as "1"."""
    if datatype is None or datatype == XSD_STRING:
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype), normalize=False)
