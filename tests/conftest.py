"""Shared, session-scoped results of the expensive steps, and a cache folder of the tests' own.

Each xdist worker computes a fixture at most once. The graphs and reports handed out here are
shared: a test that changes a graph must copy it first.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from rdflib import Graph

from isecg_kg.build import BuildSummary, build
from isecg_kg.engines import QueryResult, oxigraph_store, run_rdflib
from isecg_kg.load import packaged_graph, shapes_graph
from isecg_kg.reason import Closure, reason
from isecg_kg.release import release
from isecg_kg.stored_queries import StoredQuery, catalogue
from isecg_kg.validate import Report

# The tests' own cache folder (shared with the xdist workers, which inherit the variable),
# removed by the process that made it (the package reads it when it first caches).
OWN_CACHE = None
if "ISECG_KG_CACHE_DIR" not in os.environ:
    OWN_CACHE = tempfile.mkdtemp(prefix="isecg-kg-test-cache-")
    os.environ["ISECG_KG_CACHE_DIR"] = OWN_CACHE

T = TypeVar("T")


def once_per_run(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """make(folder) runs once per test run, in whichever xdist worker asks first; the others wait
    for it and read its pickled result. The folder and the result are shared: do not change them."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    result = root / f"once-{name}.pickle"
    with (root / f"once-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if result.exists():
            return pickle.loads(result.read_bytes())  # type: ignore[no-any-return]
        folder = root / f"once-{name}"
        folder.mkdir(exist_ok=True)
        value = make(folder)
        result.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return value


# Tests that use these fixtures get the marker: `make check` leaves them to `make test`.
MARKED_BY_FIXTURE = {
    "browser": "browser",  # headless Chromium (tests/test_site.py)
    "site": "slow",  # the whole site, built once for tests/test_site.py (seconds of CPU)
    "released": "release",  # the run's one release (and what reads it: Apache, OWL tools)
    "reference_build": "slow",  # rdflib + owlrl + pySHACL on the whole graph, through every step
    # the reference engines on the whole graph: rdflib's SPARQL, pySHACL, owlrl
    "reference_answers": "slow",
    "real_report": "slow",
    "real_closure": "slow",
    "failing_report": "slow",  # tests/test_engines.py: pySHACL on the failing examples
    "synthetic_closure": "slow",  # tests/test_engines.py: owlrl on a synthetic graph
    "virtuoso": "store",  # OpenLink Virtuoso, started on loopback (tests/test_virtuoso.py)
}


def _cpu_seconds() -> float:
    """User + system CPU of this process and of its children waited for."""
    import resource

    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    """With ISECG_KG_TEST_CPU=FILE, each test's CPU seconds (setup, call and teardown, with the
    child processes it waited for) are appended to FILE: where `make check`'s CPU goes."""
    target = os.environ.get("ISECG_KG_TEST_CPU")
    if not target:
        return (yield)
    start = _cpu_seconds()
    try:
        return (yield)
    finally:
        with open(target, "a", encoding="utf-8") as out:
            out.write(f"{_cpu_seconds() - start:.3f}\t{item.nodeid}\n")


def pytest_unconfigure(config: pytest.Config) -> None:
    if OWN_CACHE is not None:
        shutil.rmtree(OWN_CACHE, ignore_errors=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture in getattr(item, "fixturenames", ()):
            marker = MARKED_BY_FIXTURE.get(fixture)
            if marker is not None:
                item.add_marker(marker)


@pytest.fixture(scope="session")
def real_graph() -> Graph:
    """The packaged graph, asserted triples only (shared: do not change it)."""
    return packaged_graph()


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return shapes_graph()


ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_AND_DATA = sorted([*ROOT.glob("ontology/*.ttl"), *ROOT.glob("data/**/*.ttl")])


@pytest.fixture(scope="session")
def graph() -> Graph:
    """The ontology and the data files (no links), as the query and fact tests read them
    (shared: do not change it)."""
    merged = Graph()
    for path in ONTOLOGY_AND_DATA:
        merged.parse(path)
    return merged


@pytest.fixture(scope="session")
def store():  # type: ignore[no-untyped-def]
    """The same files in an embedded Oxigraph store (shared: do not change it)."""
    return oxigraph_store((path.read_bytes(), "text/turtle") for path in ONTOLOGY_AND_DATA)


@pytest.fixture(scope="session")
def queries() -> dict[str, StoredQuery]:
    """The stored queries of queries/, by name."""
    return catalogue(ROOT / "queries")


@pytest.fixture(scope="session")
def reference_answers(
    real_graph: Graph, queries: dict[str, StoredQuery], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, QueryResult]:
    """rdflib's answer to every stored query (default parameters) on the packaged graph: one
    pass for the run (seconds each for some), which every agreement test compares against."""

    def answer(_: Path) -> dict[str, QueryResult]:
        return {name: run_rdflib(real_graph, query.text) for name, query in queries.items()}

    return once_per_run(tmp_path_factory, "reference-answers", answer)


@pytest.fixture(scope="session")
def real_report(reference_build: tuple[Path, BuildSummary]) -> Report:
    """pySHACL's report on the packaged graph: the reference build's (the same call on the same
    graph and shapes, made once for the run)."""
    return reference_build[1].report


@pytest.fixture(scope="session")
def real_closure(real_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Closure:
    """owlrl's OWL 2 RL closure of the packaged graph."""
    return once_per_run(
        tmp_path_factory, "real-closure", lambda _: reason(real_graph, "owlrl", "owlrl")
    )


def write_previous_release(folder: Path) -> None:
    """A small earlier release (version 0.0.1): each part's header, and JAXA and an agency that
    the current release no longer has, so that CHANGES.md has something to say."""
    from isecg_kg.release import PARTS

    folder.mkdir(exist_ok=True)
    base = "https://w3id.org/isecg-kg/"
    for part in PARTS:
        lines = [
            f"<{base}{part.path}> a <http://www.w3.org/2002/07/owl#Ontology> ;",
            f"    <http://www.w3.org/2002/07/owl#versionIRI> <{base}{part.path}/0.0.1> .",
        ]
        if part.path == "kg":
            lines.append(f"<{base}id/agency/gone> a <{base}ontology#SpaceAgency> .")
            lines.append(f"<{base}id/agency/jaxa> a <{base}ontology#SpaceAgency> .")
        (folder / f"{part.stem}.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def released(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """`isecg-kg release` written once for the run (shared: copy it before changing anything)."""

    def make(folder: Path) -> tuple[Path, list[Path]]:
        previous = folder.parent / "previous-release"
        write_previous_release(previous)
        return folder, release(folder, previous=previous)

    return once_per_run(tmp_path_factory, "release", make)


@pytest.fixture(scope="session")
def reference_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildSummary]:
    """`build` on the reference engines (rdflib, owlrl, pySHACL), once for the run."""
    return once_per_run(
        tmp_path_factory, "reference-build", lambda folder: (folder, build(folder, "reference"))
    )


@pytest.fixture(scope="session")
def fast_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildSummary]:
    output = tmp_path_factory.mktemp("fast-build")
    return output, build(output, "fast")
