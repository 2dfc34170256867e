"""Result files: the CSV has rdflib's writer's bytes; the JSON is rdflib's document, indented."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from isecg_kg import resources
from isecg_kg.engines import QueryResult, run_oxigraph, store_of
from isecg_kg.results import as_rdflib_result, to_csv, to_json
from isecg_kg.stored_queries import catalogue
from property_budget import examples

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


def indented(result: QueryResult) -> str:
    """The JSON document as json.dumps writes it indented, C1 controls escaped (the former
    writer, which to_json must equal byte for byte)."""
    from isecg_kg.results import _C1, _json_term

    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@pytest.mark.parametrize("name", NAMES)
def test_json_is_written_as_json_dumps_indents_it(
    name: str, answers: dict[str, QueryResult]
) -> None:
    assert answers[name].rows
    assert to_json(answers[name]) == indented(answers[name])


TEXT = st.text(st.characters(codec=None, exclude_categories=("Cs",)), max_size=8)
TERMS = st.one_of(
    st.none(),
    TEXT.map(lambda t: URIRef("https://e.org/" + t)),
    st.text("abc123", min_size=1, max_size=4).map(BNode),
    TEXT.map(Literal),
    st.tuples(TEXT, st.sampled_from(["en", "ja", "en-GB"])).map(lambda p: Literal(p[0], lang=p[1])),
    TEXT.map(lambda t: Literal(t, datatype=XSD.integer, normalize=False)),
)


@settings(max_examples=examples(200), deadline=None)
@given(
    st.integers(0, 3).flatmap(
        lambda n: st.tuples(
            st.lists(TEXT, min_size=n, max_size=n, unique=True),
            st.lists(st.lists(TERMS, min_size=n, max_size=n), max_size=4),
        )
    )
)
def test_json_of_any_answer_is_written_as_json_dumps_indents_it(
    answer: tuple[list[str], list[list[Node | None]]],
) -> None:
    variables, rows = answer
    result = QueryResult(tuple(variables), tuple(tuple(r) for r in rows))
    assert to_json(result) == indented(result)
