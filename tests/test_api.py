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


def test_select_answers_alike_on_both_engines_and_from_a_file(tmp_path: Path) -> None:
    """What the command line runs: a stored query of your own file, on rdflib and Oxigraph."""
    from isecg_kg.stored_queries import parse_query_file

    path = tmp_path / "mine.rq"
    path.write_text(
        "# param: min = 3 (xsd:integer) the least number of marks\n"
        "PREFIX isecg: <https://w3id.org/isecg-kg/ontology#>\n"
        "SELECT ?row ?marks WHERE { VALUES ?min { 3 } ?row isecg:markCount ?marks "
        "FILTER(?marks >= ?min) } ORDER BY ?row\n",
        encoding="utf-8",
    )
    kg = KnowledgeGraph.load()
    mine = parse_query_file(path)
    reference = kg.select(mine, min=5)
    assert reference.variables == ("row", "marks")
    assert reference.rows and all(int(marks) >= 5 for _, marks in reference.rows)
    fast = kg.select(mine, min=5, engine="oxigraph", timeout=30)
    assert fast.comparable() == reference.comparable()
    with pytest.raises(InputError, match=r"drop\.rq: a SPARQL update is refused"):
        kg.select(parse_query_file(_update(tmp_path)))
    with pytest.raises(InputError, match="unknown query engine 'jena'"):
        kg.select(mine, engine="jena")


def _update(tmp_path: Path) -> Path:
    path = tmp_path / "drop.rq"
    path.write_text("DROP ALL\n", encoding="utf-8")
    return path


def test_validate_runs_shapes_of_your_own(tmp_path: Path) -> None:
    shapes = tmp_path / "mine.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix isecg: <https://w3id.org/isecg-kg/ontology#> .\n"
        "<http://example.org/FoundedShape> a sh:NodeShape ; sh:targetClass isecg:SpaceAgency ;\n"
        '  sh:property [ sh:path isecg:foundingYear ; sh:minCount 1 ; sh:message "Year?"@en ] .\n',
        encoding="utf-8",
    )
    kg = KnowledgeGraph.load()
    assert kg.validate(engine="pyshacl").conforms
    report = kg.validate(shapes=[shapes])
    assert not report.conforms
    assert {r.shape for r in report.results} == {"<http://example.org/FoundedShape>"}
    assert report.violations == 27  # every agency, of 2015 or later, lacks a founding year
