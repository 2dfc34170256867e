"""Result files: the CSV has rdflib's writer's bytes; the JSON is rdflib's document, indented."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import BNode, Graph

from isecg_kg import resources
from isecg_kg.engines import QueryResult, run_oxigraph, store_of
from isecg_kg.results import as_rdflib_result, to_csv, to_json
from isecg_kg.stored_queries import catalogue

NAMES = sorted(catalogue(resources.queries_dir()))


def w3c_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV as the W3C note writes it, independently of rdflib."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(
            ["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row]
        )
    return buffer.getvalue()


@pytest.fixture(scope="module")
def answers(real_graph: Graph) -> dict[str, QueryResult]:
    """Every stored query answered by the default engine (the writers do not care which)."""
    store = store_of(real_graph)
    queries = catalogue(resources.queries_dir())
    return {name: run_oxigraph(store, queries[name].text) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_csv_and_json_of_every_stored_query(name: str, answers: dict[str, QueryResult]) -> None:
    result = answers[name]
    assert to_csv(result) == w3c_csv(result)
    rdflib_csv = io.BytesIO()
    as_rdflib_result(result).serialize(rdflib_csv, encoding="utf-8", format="csv")
    assert to_csv(result).encode("utf-8") == rdflib_csv.getvalue()
    out = io.BytesIO()
    as_rdflib_result(result).serialize(out, format="json")
    assert json.loads(to_json(result)) == json.loads(out.getvalue())
