"""The Python API: the knowledge graph as one object that loads, queries, validates and reasons.

    >>> from isecg_kg import KnowledgeGraph
    >>> kg = KnowledgeGraph.load()
    >>> kg.query("technology-overlaps", min=4)[0]["technology_en"]
    'Precision landing'

Results are plain Python values; the rdflib graph is there (`kg.graph`) for anything else.
docs/api.md documents it with examples that the tests run.
"""

from __future__ import annotations

import datetime
import decimal
import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from isecg_kg import resources
from isecg_kg.engines import ENGINES, QueryResult, run_rdflib
from isecg_kg.errors import EndpointError, InputError, IsecgKgError
from isecg_kg.stored_queries import StoredQuery, catalogue
from isecg_kg.validate import Report

Value = str | int | float | bool | decimal.Decimal | datetime.date | datetime.datetime | None
_PLAIN = (str, int, float, bool, decimal.Decimal, datetime.date, datetime.datetime)
SHAPES_TIMEOUT = 600.0
"""Seconds a validation with user-supplied shapes may take (the packaged graph: about 11 s)."""


F = TypeVar("F", bound=Callable[..., Any])


def documented(function: F) -> F:
    """Every public call raises only the errors of `isecg_kg.errors` (docs/api.md): InputError for
    a bad argument, file or query; EndpointError for an engine, server or endpoint that failed;
    OutputError where an output cannot be written. Anything else from a library underneath is
    translated here, its original kept as `__cause__`."""

    @functools.wraps(function)
    def wrapper(*args: object, **kwargs: object) -> object:
        try:
            return function(*args, **kwargs)
        except IsecgKgError:
            raise
        except Exception as error:  # a library's own exception type is not part of our API
            raise _translated(error) from error

    return wrapper  # type: ignore[return-value]


def _translated(error: Exception) -> IsecgKgError:
    from isecg_kg.errors import exit_code_and_message
    from isecg_kg.stored_queries import _engine_failure

    argument = (TypeError, ValueError, AttributeError, LookupError, OverflowError)
    if isinstance(error, argument) and not isinstance(error, UnicodeError):
        return InputError(f"invalid argument: {type(error).__name__}: {error}")
    if isinstance(error, (OSError, RecursionError, MemoryError, UnicodeError)):
        return InputError(exit_code_and_message(error)[1] or type(error).__name__)
    code, message = _engine_failure(error)
    return InputError(message) if code == InputError.exit_code else EndpointError(message)


class KnowledgeGraph:
    """The ISECG knowledge graph (ontology, data and links), plus any extensions of your own."""

    def __init__(self, graph: Graph) -> None:
        self._graph = graph
        self._queries: dict[str, StoredQuery] | None = None

    @classmethod
    @documented
    def load(cls, extra: Iterable[str | Path] = ()) -> KnowledgeGraph:
        """The packaged graph, with the Turtle files in `extra` added to it.

        A file that cannot be read or is not valid Turtle raises `isecg_kg.errors.InputError`
        (its message names the file, line and column).
        """
        from isecg_kg.load import packaged_graph

        return cls(packaged_graph([Path(path) for path in extra]))

    @property
    def graph(self) -> Graph:
        """The asserted triples as an rdflib `Graph` (the inferred ones: `reason()`)."""
        return self._graph

    def __len__(self) -> int:
        return len(self._graph)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph of {len(self._graph)} asserted triples>"

    def _catalogue(self) -> dict[str, StoredQuery]:
        if self._queries is None:
            self._queries = catalogue(resources.queries_dir())
        return self._queries

    @staticmethod
    @documented
    def queries() -> list[StoredQuery]:
        """The stored queries, by name: each with its titles (en/ja), question, parameters (name,
        default, datatype, description) and result columns. Needs no graph:
        `KnowledgeGraph.queries()` works too."""
        return list(catalogue(resources.queries_dir()).values())

    @documented
    def query(
        self, query: str, *, inferred: bool = False, **parameters: object
    ) -> list[dict[str, Value]]:
        """Answer a stored query by name (with its parameters as keywords) or a SELECT query.

        Each row is a dict from column name to a plain Python value: an IRI as its string, a
        literal as the Python value of its datatype (int, Decimal, bool, date; a string
        otherwise, whatever its language), an unbound column as None. `inferred=True` asks the
        asserted graph together with its inferred triples.
        """
        return rows(self.select(query, inferred=inferred, **parameters))

    @documented
    def select(
        self,
        query: str | StoredQuery,
        *,
        inferred: bool = False,
        engine: str = "rdflib",
        timeout: float | None = None,
        allow_service: bool = False,
        **parameters: object,
    ) -> QueryResult:
        """`query`'s answer as RDF terms (`engines.QueryResult`), as `results.render` writes it.

        `query` is a stored query's name, a `StoredQuery` (e.g. of your own .rq file:
        `stored_queries.parse_query_file`) or SELECT text. `engine`: "rdflib" or "oxigraph".
        With a `timeout` (seconds) the query runs in a child process, stopped when time is up
        (an `EndpointError`). A query is checked before any engine sees it (size, nesting, no
        update, SELECT only, no SERVICE unless `allow_service`).
        """
        from isecg_kg.stored_queries import check_query, run_bounded

        stored = self._catalogue().get(query) if isinstance(query, str) else query
        if stored is not None:
            text = stored.bind({name: _parameter_text(v) for name, v in parameters.items()})
            source = query if isinstance(query, str) else str(stored.path)
        elif isinstance(query, str) and "{" in query:
            if parameters:
                raise InputError("parameters are for stored queries; write them into the query")
            text, source = query, "query"
        else:
            known = ", ".join(self._catalogue())
            raise InputError(f"no stored query named {query!r} (stored queries: {known})")
        check_query(text, source, allow_service=allow_service)  # limits, before any engine
        if engine not in ENGINES:
            raise InputError(f"unknown query engine {engine!r} (choose from {', '.join(ENGINES)})")
        graph = _union(self._graph, self.reason()) if inferred else self._graph

        def answer() -> QueryResult:
            if engine == "oxigraph":
                from isecg_kg.engines import oxigraph_store, run_oxigraph
                from isecg_kg.export import serialize

                nt = serialize(graph, "nt")
                return run_oxigraph(oxigraph_store([(nt, "application/n-triples")]), text)
            return run_rdflib(graph, text)

        return answer() if timeout is None else run_bounded(answer, timeout, source)

    @documented
    def validate(
        self,
        inference: str = "none",
        *,
        shapes: Iterable[str | Path] = (),
        engine: str | None = None,
        reasoner: str = "owlrl",
        timeout: float | None = SHAPES_TIMEOUT,
    ) -> Report:
        """Validate with the packaged SHACL shapes; `.conforms`, `.results` (node, path, value,
        message, message_ja, shape). `inference="owlrl"` (or "rdfs") validates with the inferred
        triples, computed by `reasoner` ("owlrl", or "rules"/"reasonable" of the fast extra).

        `shapes`: Turtle files of SHACL shapes of your own, run beside the packaged ones.
        `engine`: "pyshacl" (the reference) or "turbo" (pyshacl-turbo; the tests prove it gives
        pySHACL's report); by default turbo when the fast extra is installed, else pySHACL.

        With shapes of your own, validation runs in a child process stopped after `timeout`
        seconds (an `EndpointError`, exit 4): a `sh:pattern` such as `(a+)+$` can make pySHACL's
        regular expressions backtrack for ever. `timeout=None`: no limit.
        """
        from isecg_kg.load import parse_files, shapes_graph
        from isecg_kg.pipeline import fast_available
        from isecg_kg.stored_queries import run_bounded
        from isecg_kg.validate import validate

        user_files = [Path(path) for path in shapes]
        theirs = parse_files(user_files)
        shapes_of = shapes_graph()
        for triple in theirs:  # the user's beside ours
            shapes_of.add(triple)
        if engine is None:
            engine = "turbo" if fast_available() else "pyshacl"
        chosen = engine

        def work() -> Report:
            return validate(self._graph, shapes_of, inference, chosen, reasoner)

        if not user_files or timeout is None:
            return work()
        patterns = _pattern_shapes(theirs)
        task = "validation with your shapes" + (
            f" (sh:pattern in {', '.join(patterns)} may backtrack without end)" if patterns else ""
        )
        source = ", ".join(str(path) for path in user_files)
        return run_bounded(work, timeout, source, task)

    @documented
    def reason(self) -> Graph:
        """The inferred triples: what OWL 2 RL entails about the data beyond what is asserted.

        Schema bookkeeping (subclass closures, `owl:Thing` typings) is left out; the definition
        is `isecg_kg.pipeline.about_the_data`, the same for every engine.
        """
        from isecg_kg.pipeline import infer

        return infer(self._graph).graph

    @documented
    def clashes(self) -> tuple[str, ...]:
        """OWL 2 RL inconsistencies (e.g. a member of two disjoint classes); empty if none."""
        from isecg_kg.pipeline import infer

        return infer(self._graph).clashes

    @documented
    def serve(
        self, host: str = "127.0.0.1", port: int = 7878, timeout: int = 30, inferred: bool = False
    ) -> int:
        """Serve the graph read-only over SPARQL (Oxigraph) until interrupted; blocks.

        The endpoint is http://HOST:PORT/query. Needs the fast extra (the `oxigraph` server).
        """
        from isecg_kg.export import serialize
        from isecg_kg.server import serve

        graph = _union(self._graph, self.reason()) if inferred else self._graph
        return serve(serialize(graph, "nt"), host, port, timeout, None)


def _pattern_shapes(shapes: Graph) -> list[str]:
    """The shapes (node shapes, for property shapes) of a shapes graph that use sh:pattern."""
    from rdflib.namespace import SH

    from isecg_kg.vocab import shorten

    owners = {prop: node for node, prop in shapes.subject_objects(SH.property)}
    found = {owners.get(shape, shape) for shape in shapes.subjects(SH.pattern, None)}
    return sorted(shorten(shape) for shape in found)


def rows(result: QueryResult) -> list[dict[str, Value]]:
    """Query results as a list of dicts of plain Python values."""
    return [
        {name: plain(term) for name, term in zip(result.variables, row, strict=True)}
        for row in result.rows
    ]


def plain(term: Node | None) -> Value:
    """An RDF term as a plain Python value (see `KnowledgeGraph.query`)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        value = term.toPython()
        # rdflib hands back the literal itself for language-tagged and ill-typed literals
        if isinstance(value, _PLAIN) and not isinstance(value, Literal):
            return value
        return str(term)
    return str(term)


def _parameter_text(value: object) -> str:
    if isinstance(value, bool):
        raise InputError("a parameter cannot be a boolean")
    return str(value)


def _union(asserted: Graph, inferred: Graph) -> Graph:
    union = Graph()
    for prefix, namespace in asserted.namespaces():
        union.bind(prefix, namespace, override=True)
    for graph in (asserted, inferred):
        for triple in graph:
            union.add(triple)
    return union
