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
from isecg_kg.export import EXTENSIONS, Outputs, jsonld_context, serialize, write_json
from isecg_kg.load import packaged_graph, shapes_graph
from isecg_kg.progress import Progress
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


def build(output: Path, fast: bool = False, progress: Progress | None = None) -> BuildSummary:
    """The reference build (rdflib, owlrl, pySHACL), or with fast=True the same inside Oxigraph."""
    progress = progress or Progress()
    if fast:
        return build_fast(output, progress)
    outputs = Outputs(output)  # an unwritable folder fails now, not after the work
    with progress.step("loading"):
        asserted = packaged_graph()
    with progress.step("reasoning (owlrl)"):
        closure = reason(asserted, "owlrl")
    with progress.step("validating (pySHACL)"):
        report = validate(asserted, shapes_graph())
    query_rows = export_and_answer(
        outputs,
        progress,
        lambda fmt: serialize(asserted, fmt),
        serialize(closure.inferred, "ttl"),
        lambda text: run_rdflib(asserted, text),
    )
    return finish(
        output,
        BuildSummary(
            asserted=len(asserted),
            inferred=len(closure.inferred),
            clashes=closure.clashes,
            report=report,
            classes=class_counts(asserted),
            queries=query_rows,
            written=tuple(outputs.written),
        ),
    )


def export_and_answer(
    outputs: Outputs,
    progress: Progress,
    dump: Callable[[str], bytes],
    inferred_ttl: bytes,
    run: Callable[[str], QueryResult],
) -> dict[str, int]:
    """What both builds write: the graph in every format, its closure, the context, the answers."""
    with progress.step("exporting"):
        for fmt, extension in EXTENSIONS.items():
            outputs.put(f"isecg-kg{extension}", dump(fmt))
        outputs.put("isecg-kg-inferred.ttl", inferred_ttl)
        outputs.put("context.jsonld", serialize_context())
    with progress.step("answering the stored queries"):
        return answer_queries(run, outputs.put)


def answer_queries(
    run: Callable[[str], QueryResult], put: Callable[[str, bytes], None]
) -> dict[str, int]:
    """Every stored query, answered and written as W3C CSV and JSON results."""
    rows = {}
    for name, query in catalogue(resources.queries_dir()).items():
        result = run(query.text)
        put(f"queries/{name}.csv", to_csv(result).encode("utf-8"))
        put(f"queries/{name}.json", to_json(result).encode("utf-8"))
        rows[name] = len(result.rows)
    return rows


def finish(output: Path, summary: BuildSummary) -> BuildSummary:
    write_json(output / "validation.json", summary.report.as_dict())
    write_json(output / "summary.json", summary.as_dict())
    return summary


def build_fast(output: Path, progress: Progress) -> BuildSummary:
    from isecg_kg import fast_build
    from isecg_kg.engines import run_oxigraph

    outputs = Outputs(output)
    with progress.step("loading (Oxigraph)"):
        asserted = fast_build.load_store(fast_build.graph_paths())
    with progress.step("reasoning (OWL 2 RL rules)"):
        inferred, clashes = fast_build.inferred_store(asserted)
    with progress.step("validating (pyshacl-turbo)"):
        report = validate(asserted, shapes_graph(), engine="turbo")  # type: ignore[arg-type]
    query_rows = export_and_answer(
        outputs,
        progress,
        lambda fmt: fast_build.dump(asserted, fmt),
        fast_build.dump(inferred, "ttl"),
        lambda text: run_oxigraph(asserted, text),
    )
    return finish(
        output,
        BuildSummary(
            asserted=len(asserted),
            inferred=len(inferred),
            clashes=tuple(clashes),
            report=report,
            classes=fast_build.class_counts(asserted),
            queries=query_rows,
            written=tuple(outputs.written),
        ),
    )


def serialize_context() -> bytes:
    return (json.dumps(jsonld_context(), indent=2) + "\n").encode("utf-8")
