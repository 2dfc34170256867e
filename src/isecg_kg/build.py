"""The main job: load, reason, validate, export, answer every stored query; into build/."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from isecg_kg import resources
from isecg_kg.engines import QueryResult, run_rdflib
from isecg_kg.export import EXTENSIONS, jsonld_context, serialize, write_atomically, write_json
from isecg_kg.load import packaged_graph, shapes_graph
from isecg_kg.reason import reason
from isecg_kg.results import to_csv, to_json
from isecg_kg.stored_queries import catalogue
from isecg_kg.validate import Report, validate

ISECG = "https://w3id.org/isecg-kg/ontology#"


@dataclass(frozen=True)
class BuildSummary:
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


def class_counts(graph: Graph) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for subject, cls in graph.subject_objects(RDF.type):
        if (
            isinstance(cls, URIRef)
            and str(cls).startswith(ISECG)
            and str(subject).startswith("https://w3id.org/isecg-kg/id/")
        ):
            counts["isecg:" + str(cls).removeprefix(ISECG)] += 1
    return dict(sorted(counts.items()))


def build(output: Path, fast: bool = False) -> BuildSummary:
    """fast: reasonable for OWL 2 RL and pyshacl-turbo for SHACL instead of owlrl and pySHACL."""
    asserted = packaged_graph()
    closure = reason(asserted, "owlrl", "reasonable" if fast else "owlrl")
    report = validate(asserted, shapes_graph(), engine="turbo" if fast else "pyshacl")
    written: list[Path] = []

    def put(name: str, content: bytes) -> None:
        path = output / name
        write_atomically(path, content)
        written.append(path)

    for fmt, extension in EXTENSIONS.items():
        put(f"isecg-kg{extension}", serialize(asserted, fmt))
    put("isecg-kg-inferred.ttl", serialize(closure.inferred, "ttl"))
    put("context.jsonld", serialize_context())
    query_rows = {}
    answer = _query_engine(asserted, fast)
    for name, query in catalogue(resources.queries_dir()).items():
        result = answer(query.text)
        put(f"queries/{name}.csv", to_csv(result).encode("utf-8"))
        put(f"queries/{name}.json", to_json(result).encode("utf-8"))
        query_rows[name] = len(result.rows)
    summary = BuildSummary(
        asserted=len(asserted),
        inferred=len(closure.inferred),
        clashes=closure.clashes,
        report=report,
        classes=class_counts(asserted),
        queries=query_rows,
        written=tuple(written),
    )
    write_json(output / "validation.json", report.as_dict())
    write_json(output / "summary.json", summary.as_dict())
    return summary


def _query_engine(graph: Graph, fast: bool) -> Callable[[str], QueryResult]:
    """rdflib by default; embedded Oxigraph for a fast build (same answers, tested)."""
    if not fast:
        return lambda text: run_rdflib(graph, text)
    from isecg_kg.engines import oxigraph_store, run_oxigraph

    store = oxigraph_store([(serialize(graph, "nt"), "application/n-triples")])
    return lambda text: run_oxigraph(store, text)


def serialize_context() -> bytes:
    return (json.dumps(jsonld_context(), indent=2) + "\n").encode("utf-8")
