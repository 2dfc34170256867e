"""The Python API: docs/api.md runs as written (from a folder outside the repository)."""

from __future__ import annotations

import datetime
import doctest
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from isecg_kg import KnowledgeGraph
from isecg_kg.api import plain
from isecg_kg.errors import InputError

DOCS = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def test_the_api_page_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = doctest.testfile(
        str(DOCS), module_relative=False, optionflags=doctest.ELLIPSIS, report=True
    )
    assert result.attempted > 30
    assert result.failed == 0


def test_plain_values() -> None:
    assert plain(URIRef("https://example.org/x")) == "https://example.org/x"
    assert plain(Literal("5", datatype=XSD.integer)) == 5
    assert plain(Literal("1.50", datatype=XSD.decimal)) == Decimal("1.50")
    assert plain(Literal("2015-03-01", datatype=XSD.date)) == datetime.date(2015, 3, 1)
    assert plain(Literal("宇宙", lang="ja")) == "宇宙"
    assert type(plain(Literal("宇宙", lang="ja"))) is str
    assert plain(Literal("x", datatype=XSD.integer)) == "x"  # ill-typed: its lexical form
    assert plain(BNode("b0")) == "_:b0"
    assert plain(None) is None


def test_query_errors_are_input_errors() -> None:
    kg = KnowledgeGraph.load()
    with pytest.raises(InputError, match="no stored query named 'overlaps'"):
        kg.query("overlaps")
    with pytest.raises(InputError, match="has no parameter 'max'"):
        kg.query("technology-overlaps", max=3)
    with pytest.raises(InputError, match="parameters are for stored queries"):
        kg.query("SELECT * WHERE { ?s ?p ?o }", min=3)
