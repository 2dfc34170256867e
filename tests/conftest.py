"""Shared, session-scoped results of the expensive steps, and a cache folder of the tests' own.

Each xdist worker computes a fixture at most once. The graphs and reports handed out here are
shared: a test that changes a graph must copy it first.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.plugins.sparql import processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query

os.environ.setdefault("ISECG_KG_CACHE_DIR", tempfile.mkdtemp(prefix="isecg-kg-test-cache-"))

from isecg_kg.build import BuildSummary, build
from isecg_kg.load import packaged_graph, shapes_graph
from isecg_kg.reason import Closure, reason
from isecg_kg.validate import Report, validate

# pySHACL hands rdflib the text of each SPARQL constraint once per shape it applies to (326 times
# for 19 texts in one validation of the packaged graph), and rdflib parses it every time: parsing
# is 60 % of a reference validation. The tests keep each translated query, as rdflib's own
# prepareQuery does for reuse: a translation depends only on the text, base and prefixes, and
# evaluating it changes nothing in it. A text rdflib rejects is never kept, so errors are unchanged.
_TRANSLATED: dict[Hashable, Query] = {}
_query = processor.SPARQLProcessor.query


def _translated_once(
    self: processor.SPARQLProcessor,
    strOrQuery: str | Query,
    initBindings: Mapping[str, Any] | None = None,
    initNs: Mapping[str, Any] | None = None,
    base: str | None = None,
    DEBUG: bool = False,
) -> Mapping[str, Any]:
    if isinstance(strOrQuery, str):
        key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
        if key not in _TRANSLATED:
            _TRANSLATED[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
        strOrQuery = _TRANSLATED[key]
    return _query(self, strOrQuery, initBindings, initNs, base, DEBUG)


processor.SPARQLProcessor.query = _translated_once  # type: ignore[method-assign]


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
