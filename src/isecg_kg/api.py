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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from isecg_kg import resources
from isecg_kg.engines import QueryResult, run_rdflib
from isecg_kg.errors import InputError
from isecg_kg.stored_queries import StoredQuery, catalogue
from isecg_kg.validate import Report

Value = str | int | float | bool | decimal.Decimal | datetime.date | datetime.datetime | None
_PLAIN = (str, int, float, bool, decimal.Decimal, datetime.date, datetime.datetime)


@dataclass(frozen=True)
class ParameterInfo:
    """A parameter of a stored query: its name, default, datatype (as xsd:…) and meaning."""

    name: str
    default: str
    datatype: str
    description: str


@dataclass(frozen=True)
class QueryInfo:
    """A stored query: name, titles in English and Japanese, the question, parameters, columns."""

    name: str
    title: str
    title_ja: str
    question: str
    parameters: tuple[ParameterInfo, ...]
    columns: tuple[str, ...]


class KnowledgeGraph:
    """The ISECG knowledge graph (ontology, data and links), plus any extensions of your own."""

    def __init__(self, graph: Graph) -> None:
        self._graph = graph
        self._queries: dict[str, StoredQuery] | None = None

    @classmethod
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

    def queries(self) -> list[QueryInfo]:
        """The stored queries, by name."""
        return stored_queries()

    def query(
        self, query: str, *, inferred: bool = False, **parameters: object
    ) -> list[dict[str, Value]]:
        """Answer a stored query by name (with its parameters as keywords) or a SELECT query.

        Each row is a dict from column name to a plain Python value: an IRI as its string, a
        literal as the Python value of its datatype (int, Decimal, bool, date; a string
        otherwise, whatever its language), an unbound column as None. `inferred=True` asks the
        asserted graph together with its inferred triples.
        """
        stored = self._catalogue().get(query)
        if stored is not None:
            text = stored.bind({name: _parameter_text(v) for name, v in parameters.items()})
        elif "{" in query:
            if parameters:
                raise InputError("parameters are for stored queries; write them into the query")
            text = query
        else:
            known = ", ".join(self._catalogue())
            raise InputError(f"no stored query named {query!r} (stored queries: {known})")
        from isecg_kg.stored_queries import check_query

        check_query(text, query if stored is not None else "query")  # limits, before any engine
        graph = self._graph
        if inferred:
            graph = _union(self._graph, self.reason())
        return rows(run_rdflib(graph, text))

    def validate(self, inference: str = "none") -> Report:
        """Validate with the packaged SHACL shapes; `.conforms`, `.results` (node, path, value,
        message, message_ja, shape). `inference="owlrl"` validates with the inferred triples.

        Uses pyshacl-turbo when the fast extra is installed (the tests prove it gives pySHACL's
        report), else pySHACL.
        """
        from isecg_kg.load import shapes_graph
        from isecg_kg.pipeline import fast_available
        from isecg_kg.validate import validate

        engine = "turbo" if fast_available() else "pyshacl"
        return validate(self._graph, shapes_graph(), inference, engine=engine)

    def reason(self) -> Graph:
        """The inferred triples: what OWL 2 RL entails about the data beyond what is asserted.

        Schema bookkeeping (subclass closures, `owl:Thing` typings) is left out; the definition
        is `isecg_kg.pipeline.about_the_data`, the same for every engine.
        """
        from isecg_kg.pipeline import infer

        return infer(self._graph).graph

    def clashes(self) -> tuple[str, ...]:
        """OWL 2 RL inconsistencies (e.g. a member of two disjoint classes); empty if none."""
        from isecg_kg.pipeline import infer

        return infer(self._graph).clashes

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


def stored_queries() -> list[QueryInfo]:
    """The stored queries, by name."""
    return [
        QueryInfo(
            name=q.name,
            title=q.title,
            title_ja=q.title_ja,
            question=q.question,
            parameters=tuple(
                ParameterInfo(
                    p.name,
                    p.default,
                    "xsd:" + str(p.datatype).rsplit("#", 1)[-1],
                    p.description,
                )
                for p in q.parameters
            ),
            columns=q.columns,
        )
        for q in catalogue(resources.queries_dir()).values()
    ]


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
