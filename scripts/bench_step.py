"""One timed step of the benchmark, run in a process of its own (scripts/bench.py starts it).

Usage: python scripts/bench_step.py STEP ENGINE DATA.nt
Prints one JSON line: {"seconds": …, "triples": …}. The time covers the step only: for steps
that need a graph, parsing it is done first and not counted (the parse step measures that).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from rdflib import Graph

from isecg_kg import resources
from isecg_kg.load import parse_files


def rdflib_graph(data: Path) -> Graph:
    graph = parse_files(resources.ontology_files())
    graph.parse(data, format="nt")
    return graph


def oxigraph_store(data: Path):  # type: ignore[no-untyped-def]
    import pyoxigraph

    store = pyoxigraph.Store()
    for path in resources.ontology_files():
        store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    store.bulk_load(path=str(data), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


# The benchmark's steps as the engine registry names them; an engine it does not know is refused.
STEP_KINDS = {"parse": "parse", "reason": "reason", "validate": "validate", "queries": "query"}


def run(step: str, engine: str, data: Path) -> dict[str, float]:
    from isecg_kg.engine_registry import implementation
    from isecg_kg.stored_queries import catalogue

    if step in STEP_KINDS:
        implementation(STEP_KINDS[step], engine)

    queries = [q.text for q in catalogue(resources.queries_dir()).values()]
    if step == "build":
        return build(engine, data)
    if step == "parse":
        started = time.perf_counter()
        size = len(rdflib_graph(data)) if engine == "rdflib" else len(oxigraph_store(data))
        return {"seconds": time.perf_counter() - started, "triples": size}
    if step == "reason" and engine == "rules":
        from isecg_kg.fast_build import inferred_store

        store = oxigraph_store(data)
        started = time.perf_counter()
        inferred_store(store)
        return {"seconds": time.perf_counter() - started, "triples": len(store)}
    if step == "validate" and engine == "turbo":
        from isecg_kg.load import shapes_graph
        from isecg_kg.pipeline import TurboValidator

        store, shapes = oxigraph_store(data), shapes_graph()
        started = time.perf_counter()
        TurboValidator().validate(store, shapes)
        return {"seconds": time.perf_counter() - started, "triples": len(store)}
    if step == "queries" and engine == "oxigraph":
        store = oxigraph_store(data)
        started = time.perf_counter()
        for text in queries:
            list(store.query(text))
        return {"seconds": time.perf_counter() - started, "triples": len(store)}
    if step == "export" and engine == "oxigraph":
        import io

        import pyoxigraph

        store = oxigraph_store(data)
        started = time.perf_counter()
        store.dump(
            io.BytesIO(),
            format=pyoxigraph.RdfFormat.N_TRIPLES,
            from_graph=pyoxigraph.DefaultGraph(),
        )
        return {"seconds": time.perf_counter() - started, "triples": len(store)}
    graph = rdflib_graph(data)
    started = time.perf_counter()
    if step == "reason":
        from isecg_kg.reason import reason

        reason(graph, "owlrl", engine)
    elif step == "validate":
        from isecg_kg.load import shapes_graph
        from isecg_kg.validate import validate

        validate(graph, shapes_graph(), engine=engine)
    elif step == "queries":
        for text in queries:
            list(graph.query(text))
    elif step == "export":
        graph.serialize(format="nt", encoding="utf-8")
    else:
        raise SystemExit(f"unknown step {step} {engine}")
    return {"seconds": time.perf_counter() - started, "triples": len(graph)}


def build(engine: str, data: Path) -> dict[str, float]:
    """The whole build in one process, through the pipeline `isecg-kg build` runs: parse, reason,
    validate, export every format, answer every stored query (into a temporary folder)."""
    import tempfile

    from isecg_kg.pipeline import build as run_pipeline
    from isecg_kg.pipeline import engines

    chosen = engines("reference" if engine in ("plain", "reference") else "fast")
    with tempfile.TemporaryDirectory(prefix="isecg-kg-bench-") as output:
        started = time.perf_counter()
        summary = run_pipeline(Path(output), chosen, sources=[*resources.ontology_files(), data])
        return {"seconds": time.perf_counter() - started, "triples": summary.asserted}


if __name__ == "__main__":
    step, engine, data = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    print(json.dumps(run(step, engine, data)))
