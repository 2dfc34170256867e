"""One pipeline for every command and the benchmark: parse → reason → validate → query → export.

Each step is an engine interface (a `typing.Protocol`) over the engine set's own kind of graph
`G`: an rdflib `Graph` for the reference engines (rdflib, owlrl, pySHACL), an embedded
`pyoxigraph.Store` for the fast ones (Oxigraph, the OWL 2 RL rules of `isecg_kg.rules`,
pyshacl-turbo). What the steps hand on is engine-neutral: the inferred graph is `Inferred` (an
rdflib `Graph`, or the fast reasoner's triples made one only when asked for), reports are
`validate.Report`, answers are `engines.QueryResult`; the parse hands on the graph with the
prefixes its files declare (`Parsed`), which every Turtle file written uses. The tests build
the real graph both ways and compare every artefact canonically (tests/test_pipeline.py).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from rdflib import Graph

from isecg_kg import resources
from isecg_kg.consistency import computed_once
from isecg_kg.engines import QueryResult
from isecg_kg.load import new_graph
from isecg_kg.progress import Progress
from isecg_kg.stored_queries import catalogue
from isecg_kg.validate import Report
from isecg_kg.vocab import FORMATS, INSTANCES, ONTOLOGY, PREFIXES

if TYPE_CHECKING:
    import pyoxigraph

    from isecg_kg.fast_build import InferredTriples

G = TypeVar("G")
G_contra = TypeVar("G_contra", contravariant=True)


@dataclass(frozen=True)
class Inferred:
    """The entailed triples about the data that the asserted graph does not state
    (`reason.about_the_data` defines them once for every engine), and the clashes."""

    held: Graph | InferredTriples
    """An rdflib graph (the reference engines), or the fast reasoner's triples, which become a
    graph only when `graph` is asked for: a build counts and writes them without one."""
    clashes: tuple[str, ...]

    @cached_property
    def graph(self) -> Graph:
        if isinstance(self.held, Graph):
            return self.held
        graph = bound(new_graph())
        for triple in self.held.triples:
            graph.add(triple)
        return graph

    def __len__(self) -> int:
        return len(self.held)

    def turtle(self, namespaces: Sequence[tuple[str, str]]) -> bytes:
        """The inferred graph in Turtle with these prefixes (those used), the same bytes whichever
        way it is held."""
        from isecg_kg.export import serialize

        if isinstance(self.held, Graph):
            return serialize(self.held, "ttl", namespaces)
        return self.held.turtle(list(namespaces))


def infer(asserted: Graph, profile: str = "owlrl", engine: str | None = None) -> Inferred:
    """The inferred graph of an rdflib graph: OWL 2 RL (or RDFS, with owlrl), by the engine the
    registry chooses (`engine_registry.choose`)."""
    from isecg_kg.reason import reason

    closure = reason(asserted, profile, engine)
    return Inferred(bound(closure.inferred), closure.clashes)


def bound(graph: Graph) -> Graph:
    """The graph with the project's prefixes bound (as every exported file has them)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


# --- Engine interfaces ------------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed(Generic[G]):
    """What a parse hands on: the asserted graph, and the prefixes its files declare (the
    project's first: `vocab.PREFIXES`), for the Turtle written from it."""

    graph: G
    namespaces: tuple[tuple[str, str], ...]


class Parser(Protocol[G]):
    name: str

    def parse(self, paths: Sequence[Path]) -> Parsed[G]:
        """The asserted graph of these Turtle files; malformed input raises an InputError."""
        ...


class Reasoner(Protocol[G_contra]):
    name: str

    def reason(self, asserted: G_contra) -> Inferred: ...


class Validator(Protocol[G_contra]):
    name: str

    def validate(self, asserted: G_contra, shapes: Graph) -> Report: ...


class QueryEngine(Protocol[G_contra]):
    name: str

    def select(self, graph: G_contra, text: str) -> QueryResult: ...

    def size(self, graph: G_contra) -> int: ...


class Exporter(Protocol[G_contra]):
    name: str

    def dump(self, graph: G_contra, fmt: str, namespaces: Sequence[tuple[str, str]]) -> bytes:
        """The graph in one of `vocab.FORMATS` (Turtle with the `namespaces` it uses as
        prefixes); N-Triples sorted by line, so stable."""
        ...


@dataclass(frozen=True)
class Engines(Generic[G]):
    """One engine per step, all working on the same kind of graph."""

    name: str
    parser: Parser[G]
    reasoner: Reasoner[G]
    validator: Validator[G]
    query: QueryEngine[G]
    exporter: Exporter[G]
    shapes_store: str = "default"
    """The rdflib store the shapes graph is read into: pySHACL needs a context-aware one;
    pyshacl-turbo and `sparql_targets` only look triples up, add and remove them, which rdflib's
    SimpleMemory (no contexts) does in two thirds of the time (reading, resolving and preparing
    them for the engine: 0.057 -> 0.039 s)."""
    pause_collector: bool = False
    """Whether Python's cycle collector is paused while `build` runs: the fast engines hold the
    data in Oxigraph and pyshacl-turbo and make few reference cycles, and the collector walked
    every live object again and again (a build of 300,000 triples: 22.2 -> 18.7 s of CPU, peak
    589 -> 545 MB). The reference engines make many (a build held 241 MB instead of 95 MB)."""

    def describe(self) -> str:
        from isecg_kg.engine_registry import describe

        return describe(self.name)


# --- Reference engines: rdflib, owlrl, pySHACL ------------------------------------------------


class RdflibParser:
    name = "rdflib"

    def parse(self, paths: Sequence[Path]) -> Parsed[Graph]:
        from isecg_kg.load import packaged_graph, parse_files

        packaged = resources.graph_files()
        rest = list(paths)
        if rest[: len(packaged)] == packaged:  # the packaged graph is cached once parsed
            graph, rest = packaged_graph(), rest[len(packaged) :]  # a new graph, ours to add to
        else:
            graph = bound(new_graph())
        parse_files(rest, graph)  # the strict reader: `.nt` files as N-Triples
        return Parsed(graph, tuple((p, str(n)) for p, n in graph.namespaces()))


class OwlrlReasoner:
    name = "owlrl"

    def reason(self, asserted: Graph) -> Inferred:
        return infer(asserted, "owlrl", "owlrl")


class PyshaclValidator:
    name = "pySHACL"
    engine = "pyshacl"

    def validate(self, asserted: Graph, shapes: Graph) -> Report:
        from isecg_kg.validate import validate

        return validate(asserted, shapes, engine=self.engine)


class RdflibQuery:
    name = "rdflib"

    def select(self, graph: Graph, text: str) -> QueryResult:
        from isecg_kg.engines import run_rdflib

        return run_rdflib(graph, text)

    def size(self, graph: Graph) -> int:
        return len(graph)


class RdflibExporter:
    name = "rdflib"

    def dump(self, graph: Graph, fmt: str, namespaces: Sequence[tuple[str, str]]) -> bytes:
        from isecg_kg.export import serialize

        return serialize(graph, fmt)  # the graph's own prefixes: those of the parse


REFERENCE: Engines[Graph] = Engines(
    "reference",
    RdflibParser(),
    OwlrlReasoner(),
    PyshaclValidator(),
    RdflibQuery(),
    RdflibExporter(),
)


# --- Fast engines: Oxigraph, the OWL 2 RL rules, pyshacl-turbo --------------------------------


class OxigraphParser:
    name = "Oxigraph"

    def parse(self, paths: Sequence[Path]) -> Parsed[pyoxigraph.Store]:
        import pyoxigraph

        from isecg_kg.fast_build import load_files
        from isecg_kg.load import declared_namespaces, packaged_entry

        packaged = resources.graph_files()
        rest = list(paths)
        store, declared = pyoxigraph.Store(), [PREFIXES]
        if rest[: len(packaged)] == packaged:  # the packaged graph, as cached once parsed
            entry = packaged_entry()
            # its blank nodes keep the entry's labels, as in `export` and the API's graph
            store = entry.store()
            rest = rest[len(packaged) :]
            declared.append(entry.prefixes)
        declared += load_files(rest, store)
        return Parsed(store, declared_namespaces(declared))


class RulesReasoner:
    name = "OWL 2 RL rules"

    def reason(self, asserted: pyoxigraph.Store) -> Inferred:
        from isecg_kg.fast_build import inferred_triples
        from isecg_kg.reason import clashes

        found = clashes(asserted)  # first: in a build, its closure serves `inferred_triples` too
        return Inferred(inferred_triples(asserted), found)


class TurboValidator:
    name = "pyshacl-turbo"

    def validate(self, asserted: pyoxigraph.Store, shapes: Graph) -> Report:
        from isecg_kg.validate import validate

        # The shapes, lexical forms, clashes and hygiene rules are all checked on the store
        # itself (tests/test_engines.py proves the report is the reference's).
        return validate(asserted, shapes, engine="turbo")


class OxigraphQuery:
    name = "Oxigraph"

    def select(self, graph: pyoxigraph.Store, text: str) -> QueryResult:
        from isecg_kg.engines import run_oxigraph

        return run_oxigraph(graph, text)

    def size(self, graph: pyoxigraph.Store) -> int:
        return len(graph)


class OxigraphExporter:
    name = "Oxigraph"

    def dump(
        self, graph: pyoxigraph.Store, fmt: str, namespaces: Sequence[tuple[str, str]]
    ) -> bytes:
        from isecg_kg.export import sorted_ntriples, xml_checked
        from isecg_kg.fast_build import dump

        if fmt == "xml":
            return xml_checked(
                lambda: dump(graph, fmt), lambda: (t.value for q in graph for t in q.triple)
            )
        content = dump(graph, fmt, namespaces)
        return sorted_ntriples(content) if fmt == "nt" else content


def fast() -> Engines[pyoxigraph.Store]:
    return Engines(
        "fast",
        OxigraphParser(),
        RulesReasoner(),
        TurboValidator(),
        OxigraphQuery(),
        OxigraphExporter(),
        shapes_store="SimpleMemory",
        pause_collector=True,
    )


def fast_available() -> bool:
    from isecg_kg.engine_registry import available

    return available("fast")


def engines(name: str | None = None) -> Engines[Graph] | Engines[pyoxigraph.Store]:
    """The named engine set (`engine_registry.SETS`); by default the registry's default set."""
    from isecg_kg.engine_registry import resolve_set

    return REFERENCE if resolve_set(name) == "reference" else fast()


# --- The orchestration ------------------------------------------------------------------------

CLASS_COUNTS = f"""SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  ?x a ?class .
  FILTER(isIRI(?x) && STRSTARTS(STR(?x), "{INSTANCES}") && STRSTARTS(STR(?class), "{ONTOLOGY}"))
}} GROUP BY ?class"""


@dataclass(frozen=True)
class BuildSummary:
    engines: str
    asserted: int
    inferred: int
    clashes: tuple[str, ...]
    report: Report
    classes: dict[str, int]
    queries: dict[str, int]
    written: tuple[Path, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "triples_asserted": self.asserted,
            "triples_inferred": self.inferred,
            "clashes": list(self.clashes),
            "conforms": self.report.conforms,
            "validated_graph": self.report.graph,
            "violations": self.report.violations,
            "warnings": self.report.warnings,
            "instances_per_class": self.classes,
            "query_rows": self.queries,
            "files": [str(p) for p in self.written],
        }


def class_counts(run: Callable[[str], QueryResult]) -> dict[str, int]:
    counts = {}
    for cls, n in run(CLASS_COUNTS).rows:
        counts["isecg:" + str(cls).removeprefix(ONTOLOGY)] = int(str(n))
    return dict(sorted(counts.items()))


def build(
    output: Path,
    chosen: Engines[G],
    extra: Sequence[Path] = (),
    progress: Progress | None = None,
    sources: Sequence[Path] | None = None,
) -> BuildSummary:
    """The main job: parse, reason, validate, export, answer every stored query; into `output`.

    `sources` are the files of the graph (default: the packaged graph), `extra` files added to
    them; `.nt` files are read as N-Triples, others as Turtle.
    """
    with _collector_paused(chosen.pause_collector):
        return _build(output, chosen, extra, progress, sources)


@contextmanager
def _collector_paused(paused: bool) -> Iterator[None]:
    """Python's cycle collector off for the block (`Engines.pause_collector`), then as it was:
    the cycles made meanwhile are collected after it."""
    if not paused or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _build(
    output: Path,
    chosen: Engines[G],
    extra: Sequence[Path],
    progress: Progress | None,
    sources: Sequence[Path] | None,
) -> BuildSummary:
    from isecg_kg.export import Outputs, write_json

    progress = progress or Progress()
    outputs = Outputs(output)  # an unwritable folder fails now, not after the work
    files = [*(resources.graph_files() if sources is None else sources), *extra]
    with progress.step(f"loading ({chosen.parser.name})"):
        parsed = chosen.parser.parse(files)
        asserted, namespaces = parsed.graph, parsed.namespaces
    with computed_once():  # the clashes, asked for by both steps, are found once
        with progress.step(f"reasoning ({chosen.reasoner.name})"):
            inferred = chosen.reasoner.reason(asserted)
            # written out now, so that its triples are let go before the validator's copy of
            # the graph is made (the two were a peak of memory together)
            inferred_turtle, inferred_count = inferred.turtle(namespaces), len(inferred)
            clashes = inferred.clashes
            del inferred
        with progress.step(f"validating ({chosen.validator.name})"):
            report = chosen.validator.validate(asserted, shapes(chosen.shapes_store))
    with progress.step("exporting"):
        for fmt, spec in FORMATS.items():  # each written before the next is made (memory)
            content = chosen.exporter.dump(asserted, fmt, namespaces)
            outputs.put_all({f"isecg-kg{spec.extension}": content})
        outputs.put_all(
            {"isecg-kg-inferred.ttl": inferred_turtle, "context.jsonld": serialize_context()}
        )
        del inferred_turtle
    with progress.step("answering the stored queries"):
        tables: dict[str, bytes] = {}
        rows = answer_queries(lambda text: chosen.query.select(asserted, text), tables.__setitem__)
        outputs.put_all(tables)
    summary = BuildSummary(
        engines=chosen.describe(),
        asserted=chosen.query.size(asserted),
        inferred=inferred_count,
        clashes=clashes,
        report=report,
        classes=class_counts(lambda text: chosen.query.select(asserted, text)),
        queries=rows,
        written=tuple(outputs.written),
    )
    write_json(output / "validation.json", report.as_dict())
    write_json(output / "summary.json", summary.as_dict())
    return summary


def shapes(store: str = "default") -> Graph:
    """The packaged shapes graph (`load.shapes_graph`), in the rdflib store named."""
    from isecg_kg.load import shapes_graph

    return shapes_graph(store)


def answer_queries(
    run: Callable[[str], QueryResult], put: Callable[[str, bytes], None]
) -> dict[str, int]:
    """Every stored query, answered and written as W3C CSV and JSON results."""
    from isecg_kg.results import to_csv, to_json

    rows = {}
    for name, query in catalogue(resources.queries_dir()).items():
        result = run(query.text)
        put(f"queries/{name}.csv", to_csv(result).encode("utf-8"))
        put(f"queries/{name}.json", to_json(result).encode("utf-8"))
        rows[name] = len(result.rows)
    return rows


def serialize_context() -> bytes:
    from isecg_kg.export import jsonld_context

    return (json.dumps(jsonld_context(), indent=2) + "\n").encode("utf-8")
