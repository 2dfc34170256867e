"""Shared, session-scoped results of the expensive steps, and a cache folder of the tests' own.

Each xdist worker computes a fixture at most once. The graphs and reports handed out here are
shared: a test that changes a graph must copy it first.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from rdflib import Graph

os.environ.setdefault("ISECG_KG_CACHE_DIR", tempfile.mkdtemp(prefix="isecg-kg-test-cache-"))

from isecg_kg.build import BuildSummary, build
from isecg_kg.load import packaged_graph, shapes_graph
from isecg_kg.reason import Closure, reason
from isecg_kg.validate import Report, validate


@pytest.fixture(scope="session")
def real_graph() -> Graph:
    """The packaged graph, asserted triples only (shared: do not change it)."""
    return packaged_graph()


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return shapes_graph()


@pytest.fixture(scope="session")
def real_report(real_graph: Graph, shapes: Graph) -> Report:
    """pySHACL's report on the packaged graph."""
    return validate(real_graph, shapes)


@pytest.fixture(scope="session")
def real_closure(real_graph: Graph) -> Closure:
    """owlrl's OWL 2 RL closure of the packaged graph."""
    return reason(real_graph, "owlrl", "owlrl")


@pytest.fixture(scope="session")
def reference_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildSummary]:
    output = tmp_path_factory.mktemp("reference-build")
    return output, build(output, "reference")


@pytest.fixture(scope="session")
def fast_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildSummary]:
    output = tmp_path_factory.mktemp("fast-build")
    return output, build(output, "fast")
