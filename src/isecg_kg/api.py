"""The Python API: the knowledge graph as one object that loads, queries, validates and reasons.

    >>> from isecg_kg import KnowledgeGraph
    >>> kg = KnowledgeGraph.load()
    >>> kg.query("technology-overlaps", min=4)[0]["technology_en"]
    'Precision landing and hazard avoidance on gravity bodies'

Results are typed Python values (`plain`), as a DataFrame with `as_frame=True`; ASK answers a
bool and CONSTRUCT a Graph; the rdflib graph is there (`kg.graph`) for anything else.
docs/api.md documents it with examples that the tests run.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from isecg_kg import resources
from isecg_kg.engine_registry import choose, resolve_set
from isecg_kg.engines import QueryResult, run_rdflib
from isecg_kg.errors import EndpointError, InputError, IsecgKgError
from isecg_kg.stored_queries import StoredQuery, catalogue
from isecg_kg.validate import Report
from isecg_kg.vocab import FORMATS, bind_prefixes

if TYPE_CHECKING:
    import pandas
    import pyoxigraph

    from isecg_kg.cache import Entry

SERIALIZED = ("asserted", "inferred", "all")  # what `serialize` writes
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT")  # what `query` answers; `select`: SELECT only
# Partial dates: never given a made-up day (a year as its int, the others as text; `plain`).
_PARTIAL_DATES = frozenset({XSD.gYear, XSD.gYearMonth, XSD.gMonthDay, XSD.gMonth, XSD.gDay})
_YEAR = re.compile(r"-?[0-9]{4,}")  # a year without a time zone
Triple = tuple[Node, Node, Node]
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

    def __init__(self, graph: Graph, engines: str | None = None) -> None:
        self._graph_or_none: Graph | None = graph
        self._entry: Entry | None = None  # the packaged graph's cache entry, when loaded from it
        self._extra: UserFiles | None = None  # files added to the entry, read once (`load`)
        self._engines = None if engines is None else resolve_set(engines)
        self._queries: dict[str, StoredQuery] | None = None
        self._stores: dict[bool, object] = {}  # Oxigraph stores: asserted, and with inferred
        self._inferred: dict[str, object] = {}  # pipeline.Inferred by reasoner

    @classmethod
    @documented
    def load(
        cls, extra: Iterable[str | Path] = (), *, engines: str | None = None
    ) -> KnowledgeGraph:
        """The packaged graph, with the Turtle files in `extra` added to it.

        A file that cannot be read or is not valid Turtle raises `isecg_kg.errors.InputError`
        (its message names the file, line and column). `engines`: "reference" or "fast"
        (`engine_registry.SETS`); by default the fast set when it is installed. Each step can
        still be given an engine of its own (`select(engine=...)`, `validate(engine=...)`).
        """
        from isecg_kg.load import packaged_entry, packaged_graph

        resolve_set(engines)  # an unknown or missing engine set is refused before any parse
        extra = [Path(path) for path in extra]
        # The fast set parses into Oxigraph (engine_registry): the packaged graph from its cache
        # entry, the files through the strict reader. The rdflib graph is made when first asked
        # for; a validation by turbo, a query on Oxigraph or the rules never need it.
        oxigraph = choose("parse", engines) == "oxigraph"
        entry = packaged_entry() if oxigraph or not extra else None
        if entry is None:
            return cls(packaged_graph(extra), engines)
        loaded = cls.__new__(cls)
        cls.__init__(loaded, Graph(), engines)
        loaded._graph_or_none, loaded._entry = None, entry
        if extra:
            loaded._extra = UserFiles.read(extra)
        return loaded

    @property
    def _graph(self) -> Graph:
        if self._graph_or_none is None:
            assert self._entry is not None
            graph = self._entry.graph()
            if self._extra is not None:
                self._extra.add_to(graph)
            self._graph_or_none = graph
        return self._graph_or_none

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
        """The stored queries, by name: each with its titles (en/ja), question (en/ja), parameters
        (name, default, datatype, description and description_ja) and result columns. Needs no
        graph: `KnowledgeGraph.queries()` works too."""
        return list(catalogue(resources.queries_dir()).values())

    @documented
    def query(
        self,
        query: str | StoredQuery,
        *,
        inferred: bool = False,
        as_frame: bool = False,
        engine: str | None = None,
        timeout: float | None = None,
        **parameters: object,
    ) -> list[dict[str, Value]] | bool | Graph | pandas.DataFrame:
        """Answer a stored query by name (with its parameters as keywords) or SPARQL text.

        SELECT: a list of dicts from column name to a plain Python value (`plain`): an IRI as
        its string, a literal as the Python value of its datatype (int, float, Decimal, bool,
        `datetime.date`; an xsd:gYear as its int year; a string otherwise, whatever its
        language), an unbound column as None. With `as_frame=True` a pandas DataFrame of the
        same values, one column per result column (`frame`; needs the `pandas` extra).
        ASK: a bool. CONSTRUCT: an rdflib `Graph` with the graph's prefixes bound.
        `inferred=True` asks the asserted graph together with its inferred triples; `engine`
        and `timeout` as for `select`. Every query passes the same check before any engine
        sees it (size, nesting, no update, no SERVICE).
        """
        answer = self._answer(query, QUERY_FORMS, inferred, engine, timeout, False, parameters)
        if isinstance(answer, QueryResult):
            return frame(answer) if as_frame else rows(answer)
        if as_frame:
            raise InputError("as_frame=True is for SELECT queries: an ASK or CONSTRUCT has no rows")
        if isinstance(answer, bool):
            return answer
        constructed = Graph()
        for prefix, namespace in self._graph.namespaces():
            constructed.bind(prefix, namespace, override=True)
        for triple in answer:
            constructed.add(triple)
        return constructed

    @documented
    def select(
        self,
        query: str | StoredQuery,
        *,
        inferred: bool = False,
        engine: str | None = None,
        timeout: float | None = None,
        allow_service: bool = False,
        **parameters: object,
    ) -> QueryResult:
        """`query`'s answer as RDF terms (`engines.QueryResult`), as `results.render` writes it.

        `query` is a stored query's name, a `StoredQuery` (e.g. of your own .rq file:
        `stored_queries.parse_query_file`) or SELECT text. `engine`: "rdflib" or "oxigraph"
        (default: the engine set's). An engine's failure is an `isecg_kg.errors` error, never the
        engine's own exception.
        With a `timeout` (seconds) the query runs in a child process, stopped when time is up
        (an `EndpointError`). A query is checked before any engine sees it (size, nesting, no
        update, SELECT only, no SERVICE unless `allow_service`).
        """
        answer = self._answer(
            query, ("SELECT",), inferred, engine, timeout, allow_service, parameters
        )
        assert isinstance(answer, QueryResult)  # the check admitted SELECT only
        return answer

    def _answer(
        self,
        query: str | StoredQuery,
        forms: tuple[str, ...],
        inferred: bool,
        engine: str | None,
        timeout: float | None,
        allow_service: bool,
        parameters: dict[str, object],
    ) -> QueryResult | bool | tuple[Triple, ...]:
        """The one path of every query: resolve, check (the query gate, with the forms the
        caller accepts), then run on the engine, in a child process when there is a timeout."""
        from isecg_kg.query_gate import check_query
        from isecg_kg.stored_queries import run_bounded

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
        form = check_query(text, source, forms=forms, allow_service=allow_service).form
        engine = choose("query", self._engines, engine)
        if engine == "oxigraph":
            store = self._store(inferred)

            def answer() -> QueryResult | bool | tuple[Triple, ...]:
                return _on_oxigraph(store, text, form, source)  # type: ignore[arg-type]
        else:
            graph = _union(self._graph, self.reason()) if inferred else self._graph

            def answer() -> QueryResult | bool | tuple[Triple, ...]:
                return _on_rdflib(graph, text, form, source, allow_service)

        # plain values cross the child's pipe (a bool, triples), never a Graph
        return answer() if timeout is None else run_bounded(answer, timeout, source)

    def _asserted_ntriples(self) -> bytes:
        """The asserted triples as sorted N-Triples, the bytes `export.serialize(kg.graph, "nt")`
        writes: from the cache entry and the files' terms when there is no rdflib graph yet
        (`export`, `serve` and `load` then never make one)."""
        from isecg_kg.export import serialize, sorted_ntriples

        if self._entry is None or self._graph_or_none is not None:
            return serialize(self._graph, "nt")
        import pyoxigraph

        triples: list[Any] = list(
            pyoxigraph.parse(self._entry.triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        )
        if self._extra is not None:
            triples.extend(pyoxigraph.Triple(*triple) for triple in self._extra.triples)
        return sorted_ntriples(pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES))

    def _store(self, inferred: bool) -> object:
        """The graph (with its inferred triples) in an embedded Oxigraph store, made once."""
        if inferred not in self._stores:
            from isecg_kg.engines import store_of

            if self._entry is not None and not inferred:
                store = self._entry.store()  # blank nodes named as in the graph
                if self._extra is not None:
                    self._extra.add_to_store(store)
            else:
                store = store_of(_union(self._graph, self.reason()) if inferred else self._graph)
            self._stores[inferred] = store
        return self._stores[inferred]

    @documented
    def validate(
        self,
        inference: str = "none",
        *,
        shapes: Iterable[str | Path] = (),
        engine: str | None = None,
        reasoner: str | None = None,
        allow_warnings: bool = False,
        timeout: float | None = SHAPES_TIMEOUT,
    ) -> Report:
        """Validate with the packaged SHACL shapes; `.conforms`, `.results` (node, path, value,
        message, message_ja, shape). `inference="owlrl"` (or "rdfs") validates with the inferred
        triples, computed by `reasoner` ("owlrl", "rules" or "reasonable").

        `shapes`: Turtle files of SHACL shapes of your own, run beside the packaged ones.
        `allow_warnings`: `.conforms` as SHACL defines it is false for any result, warnings
        included; True lets Warning and Info results pass (as pySHACL's option does).
        `engine`: "pyshacl" (the reference) or "turbo" (pyshacl-turbo; the conformance corpus
        proves it gives pySHACL's report); by default the engine set's.

        With shapes of your own, validation runs in a child process stopped after `timeout`
        seconds (an `EndpointError`, exit 4): a `sh:pattern` such as `(a+)+$` can make pySHACL's
        regular expressions backtrack for ever. `timeout=None`: no limit.
        """
        from isecg_kg.load import parse_files, shapes_graph
        from isecg_kg.stored_queries import run_bounded
        from isecg_kg.validate import validate

        user_files = [Path(path) for path in shapes]
        theirs = parse_files(user_files)
        shapes_of = shapes_graph()
        for triple in theirs:  # the user's beside ours
            shapes_of.add(triple)
        engine = choose("validate", self._engines, engine)
        reasoner = choose("reason", self._engines, reasoner)

        def work() -> Report:
            # turbo checks an Oxigraph store where it is (as the fast build does), with the rules'
            # closure when asked for it: no rdflib graph
            on_store = engine == "turbo" and (
                inference == "none" or (inference == "owlrl" and reasoner == "rules")
            )
            data = self._store(False) if on_store else self._graph
            return validate(
                data,  # type: ignore[arg-type]
                shapes_of,
                inference,
                engine,
                reasoner,
                allow_warnings=allow_warnings,
            )

        if not user_files or timeout is None:
            return work()
        patterns = _pattern_shapes(theirs)
        task = "validation with your shapes" + (
            f" (sh:pattern in {', '.join(patterns)} may backtrack without end)" if patterns else ""
        )
        source = ", ".join(str(path) for path in user_files)
        return run_bounded(work, timeout, source, task)

    @documented
    def reason(self, profile: str = "owlrl", reasoner: str | None = None) -> Graph:
        """The inferred triples: what OWL 2 RL (or, `profile="rdfs"`, RDFS) entails about the
        data beyond what is asserted.

        Schema bookkeeping (subclass closures, `owl:Thing` typings) is left out; the definition
        is `isecg_kg.reason.about_the_data`, the same for every engine. `reasoner`: "owlrl" (the
        reference; the only one for RDFS), "rules" or "reasonable"; by default the engine set's.
        """
        return self._closure(profile, reasoner).graph

    @documented
    def clashes(self, profile: str = "owlrl", reasoner: str | None = None) -> tuple[str, ...]:
        """OWL 2 RL inconsistencies (e.g. a member of two disjoint classes); empty if none.
        The rules are `isecg_kg.consistency.CLASH_RULES`, the same for every engine."""
        return self._closure(profile, reasoner).clashes

    @documented
    def serialize(
        self,
        format: str = "ttl",
        *,
        triples: str = "asserted",
        profile: str = "owlrl",
        reasoner: str | None = None,
    ) -> bytes:
        """The graph in `format` ("ttl", "nt", "jsonld" or "xml"), the bytes the command line
        writes. `triples`: "asserted" (`isecg-kg export`), "inferred" (the entailed triples
        alone, as `isecg-kg reason` writes them in Turtle) or "all" (both, as
        `isecg-kg export --inferred`); `profile` and `reasoner` as for `reason`."""
        from isecg_kg.export import serialize

        if format not in FORMATS:
            raise InputError(f"unknown format {format!r}: one of {', '.join(FORMATS)}")
        if triples not in SERIALIZED:
            raise InputError(f"unknown triples {triples!r}: one of {', '.join(SERIALIZED)}")
        if triples == "asserted":
            return self._asserted_ntriples() if format == "nt" else serialize(self._graph, format)
        inferred = self._closure(profile, reasoner)
        if triples == "inferred":
            if format == "ttl":
                return inferred.turtle(self._namespaces())  # type: ignore[no-any-return]
            return serialize(inferred.graph, format)
        return serialize(_union(self._graph, inferred.graph), format)

    def _namespaces(self) -> tuple[tuple[str, str], ...]:
        """The prefixes the files declare, as a parse hands them on (`pipeline.Parsed`)."""
        from isecg_kg.load import declared_namespaces
        from isecg_kg.vocab import PREFIXES

        if self._entry is None:
            return tuple((p, str(n)) for p, n in self._graph.namespaces())
        extra = self._extra.prefixes if self._extra is not None else []
        return declared_namespaces([PREFIXES, self._entry.prefixes, *extra])

    def _closure(self, profile: str, reasoner: str | None):  # type: ignore[no-untyped-def]
        """The inferred graph and clashes (`pipeline.Inferred`) by `reasoner` (the set's by
        default; owlrl's for RDFS), made once. The rules run on the Oxigraph store where there is
        one, as in a fast build; RDFS and the other reasoners on the rdflib graph."""
        from isecg_kg.pipeline import RulesReasoner, infer
        from isecg_kg.reason import PROFILES

        if profile not in PROFILES:
            raise InputError(f"unknown profile {profile!r}: one of {', '.join(PROFILES)}")
        if profile == "rdfs" and reasoner is None:
            reasoner = "owlrl"  # RDFS is owlrl's alone
        reasoner = choose("reason", self._engines, reasoner)
        key = f"{profile} {reasoner}"
        if key not in self._inferred:
            if reasoner == "rules" and profile == "owlrl" and self._entry is not None:
                self._inferred[key] = RulesReasoner().reason(self._store(False))  # type: ignore[arg-type]
            else:
                self._inferred[key] = infer(self._graph, profile, reasoner)
        return self._inferred[key]

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


class UserFiles:
    """Turtle files of a user, read once by the strict reader (`load.read_checked`) as Oxigraph
    terms, for the store and the rdflib graph alike. Each file's blank nodes are new nodes (two
    files' `_:b1` are different ones, as `load.parse_turtle` makes them) with one label in both
    views, and every literal keeps its lexical form in the graph (the store keeps numbers and
    dates as values: `"01"^^xsd:integer` is `"1"` there, as in a fast build)."""

    def __init__(self, triples: list[Any], prefixes: list[dict[str, str]]) -> None:
        self.triples = triples
        self.prefixes = prefixes

    @classmethod
    def read(cls, paths: list[Path]) -> UserFiles:
        import pyoxigraph

        from isecg_kg.load import read_checked

        triples: list[Any] = []
        prefixes = []
        for path in paths:
            checked = read_checked(path, keep_triples=True)
            fresh: dict[Any, Any] = {}

            def node(term: Any, fresh: dict[Any, Any] = fresh) -> Any:
                if isinstance(term, pyoxigraph.BlankNode):
                    if term not in fresh:
                        fresh[term] = pyoxigraph.BlankNode()
                    return fresh[term]
                return term

            triples.extend(tuple(node(term) for term in triple) for triple in checked.triples)
            prefixes.append(checked.prefixes)
        return cls(triples, prefixes)

    def add_to_store(self, store: pyoxigraph.Store) -> None:
        import pyoxigraph

        store.bulk_extend(pyoxigraph.Quad(*triple) for triple in self.triples)

    def add_to(self, graph: Graph) -> None:
        """Into an rdflib graph, with each file's prefixes bound as `load.parse_turtle` binds
        them."""
        from isecg_kg.engines import from_oxigraph_triples
        from isecg_kg.vocab import PREFIXES, bind_prefixes

        for prefixes in self.prefixes:
            bind_prefixes(graph, ((p, n) for p, n in prefixes.items() if p and p not in PREFIXES))
        import pyoxigraph

        for triple in from_oxigraph_triples(pyoxigraph.Triple(*t) for t in self.triples):
            graph.add(triple)


def _pattern_shapes(shapes: Graph) -> list[str]:
    """The shapes (node shapes, for property shapes) of a shapes graph that use sh:pattern."""
    from rdflib.namespace import SH

    from isecg_kg.vocab import shorten

    owners = {prop: node for node, prop in shapes.subject_objects(SH.property)}
    found = {owners.get(shape, shape) for shape in shapes.subjects(SH.pattern, None)}
    return sorted(shorten(shape) for shape in found)


def _on_oxigraph(
    store: pyoxigraph.Store, text: str, form: str, source: str
) -> QueryResult | bool | tuple[Triple, ...]:
    from isecg_kg.engines import engine_failure, from_oxigraph_triple, run_oxigraph

    if form == "SELECT":
        return run_oxigraph(store, text, source)
    try:
        result = store.query(text)
        if form == "ASK":
            return bool(result)
        return tuple(from_oxigraph_triple(triple) for triple in result)  # type: ignore[union-attr]
    except Exception as error:  # the engine's own exception never reaches a caller
        raise engine_failure(error, source) from None


def _on_rdflib(
    graph: Graph, text: str, form: str, source: str, allow_service: bool
) -> QueryResult | bool | tuple[Triple, ...]:
    from isecg_kg.engines import engine_failure

    if form == "SELECT":
        return run_rdflib(graph, text, source, allow_service=allow_service)
    try:
        result = graph.query(text)
        if form == "ASK":
            return bool(result.askAnswer)
        return tuple(triple for triple in result)  # type: ignore[misc]
    except Exception as error:
        raise engine_failure(error, source) from None


def frame(result: QueryResult) -> pandas.DataFrame:
    """A SELECT answer as a pandas DataFrame: one column per result column, in the query's
    order (also when there are no rows), holding the values of `rows` (dates as
    `datetime.date`, an unbound cell as None). Needs the `pandas` extra."""
    try:
        import pandas
    except ImportError:
        raise InputError("a DataFrame needs pandas: pip install 'isecg-kg[pandas]'") from None
    return pandas.DataFrame.from_records(rows(result), columns=list(result.variables))


def rows(result: QueryResult) -> list[dict[str, Value]]:
    """Query results as a list of dicts of plain Python values."""
    return [
        {name: plain(term) for name, term in zip(result.variables, row, strict=True)}
        for row in result.rows
    ]


def plain(term: Node | None) -> Value:
    """An RDF term as a plain Python value (see `KnowledgeGraph.query`).

    xsd:gYear becomes its year as an int (there is no Python year type, and rdflib's
    `date(year, 1, 1)` would claim a day the source does not give); xsd:gYearMonth keeps its
    lexical form "YYYY-MM" for the same reason."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        if term.datatype == XSD.gYear and _YEAR.fullmatch(str(term)):
            return int(str(term))
        if term.datatype in _PARTIAL_DATES:
            return str(term)
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
    bind_prefixes(union, asserted.namespaces(), override=True)
    for graph in (asserted, inferred):
        for triple in graph:
            union.add(triple)
    return union
