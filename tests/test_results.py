"""Result files: the CSV has rdflib's writer's bytes; the JSON is rdflib's document, indented."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import BNode

from isecg_kg import resources
from isecg_kg.engines import QueryResult
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


@pytest.mark.parametrize("name", NAMES)
def test_csv_and_json_of_every_stored_query(
    name: str, reference_answers: dict[str, QueryResult]
) -> None:
    result = reference_answers[name]
    assert to_csv(result) == w3c_csv(result)
    rdflib_csv = io.BytesIO()
    as_rdflib_result(result).serialize(rdflib_csv, encoding="utf-8", format="csv")
    assert to_csv(result).encode("utf-8") == rdflib_csv.getvalue()
    out = io.BytesIO()
    as_rdflib_result(result).serialize(out, format="json")
    assert json.loads(to_json(result)) == json.loads(out.getvalue())
