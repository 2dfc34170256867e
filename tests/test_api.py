"""The Python API: docs/api.md runs as written (from a folder outside the repository)."""

from __future__ import annotations

import datetime
import doctest
import json
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph_equality import same_graph
from isecg_kg import KnowledgeGraph
from isecg_kg.api import plain
from isecg_kg.errors import InputError
from isecg_kg.vocab import ISECG

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "api.md"


# Run in a child whose working folder is outside the repository and whose `isecg_kg` is the
# built wheel (ahead of the editable install on the path): it prints where its RDF came from.
DOCTEST = """
import doctest, json, sys
import isecg_kg.resources
result = doctest.testfile(sys.argv[1], module_relative=False, optionflags=doctest.ELLIPSIS)
print(json.dumps([str(isecg_kg.resources.rdf_root()), result.attempted, result.failed]))
"""


@pytest.mark.slow  # builds the wheel and runs the page in a child process
def test_the_api_page_runs_as_written_with_the_wheel_outside_the_repository(
    tmp_path: Path,
) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("isecg_kg-*.whl")
    installed = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    notebook = tmp_path / "notebook"
    notebook.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", DOCTEST, str(DOCS)],
        cwd=notebook,
        env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        check=False,
    )
    *report, last = done.stdout.splitlines() or [""]
    assert done.returncode == 0 and last.startswith("["), done.stdout + done.stderr
    root, attempted, failed = json.loads(last)
    assert Path(root) == installed / "isecg_kg" / "_rdf"  # the wheel's graph, not the clone's
    assert attempted > 40
    assert failed == 0, "\n".join(report)
    assert (notebook / "my-extension.ttl").is_file()  # the examples wrote where they ran


def test_the_modules_example_runs() -> None:
    import isecg_kg.api

    result = doctest.testmod(isecg_kg.api, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 2 and result.failed == 0


def test_dir_lists_the_lazily_imported_names() -> None:
    import isecg_kg

    assert set(isecg_kg.__all__) <= set(dir(isecg_kg))
    assert "KnowledgeGraph" in dir(isecg_kg)


def test_plain_values() -> None:
    assert plain(URIRef("https://example.org/x")) == "https://example.org/x"
    assert plain(Literal("5", datatype=XSD.integer)) == 5
    assert plain(Literal("1.50", datatype=XSD.decimal)) == Decimal("1.50")
    assert plain(Literal("2015-03-01", datatype=XSD.date)) == datetime.date(2015, 3, 1)
    assert plain(Literal("宇宙", lang="ja")) == "宇宙"
    assert type(plain(Literal("宇宙", lang="ja"))) is str
    assert plain(Literal("x", datatype=XSD.integer)) == "x"  # ill-typed: its lexical form
    assert plain(Literal("true", datatype=XSD.boolean)) is True
    assert plain(Literal("0.95", datatype=XSD.double)) == 0.95
    assert type(plain(Literal("0.95", datatype=XSD.double))) is float
    # a partial date is not a date: a year as its int, a month as its text, never a first day
    assert plain(Literal("2012", datatype=XSD.gYear)) == 2012
    assert plain(Literal("2012Z", datatype=XSD.gYear)) == "2012Z"
    assert plain(Literal("2010-06", datatype=XSD.gYearMonth)) == "2010-06"
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


AGENCIES = "PREFIX isecg: <https://w3id.org/isecg-kg/ontology#> "


def test_ask_and_construct_answer_alike_on_both_engines_through_the_same_check() -> None:
    kg = KnowledgeGraph.load()
    ask = AGENCIES + "ASK { <https://w3id.org/isecg-kg/id/agency/jaxa> a isecg:SpaceAgency }"
    never = AGENCIES + "ASK { <https://w3id.org/isecg-kg/id/agency/none> a isecg:SpaceAgency }"
    construct = AGENCIES + (
        "CONSTRUCT { ?a isecg:acronym ?x } WHERE { ?a a isecg:SpaceAgency ; isecg:acronym ?x }"
    )
    for engine, timeout in (("rdflib", None), ("oxigraph", 30.0), ("rdflib", 30.0)):
        assert kg.query(ask, engine=engine, timeout=timeout) is True
        assert kg.query(never, engine=engine, timeout=timeout) is False
        graph = kg.query(construct, engine=engine, timeout=timeout)
        assert isinstance(graph, Graph)
        acronyms = {str(o) for o in graph.objects(None, ISECG.acronym)}
        assert len(graph) == 27 and {"JAXA", "NASA", "ESA"} <= acronyms
    with pytest.raises(InputError, match="as_frame=True is for SELECT queries"):
        kg.query(ask, as_frame=True)
    with pytest.raises(InputError, match="DESCRIBE queries are not supported here"):
        kg.query("DESCRIBE <https://w3id.org/isecg-kg/id/agency/jaxa> WHERE {}")
    with pytest.raises(InputError, match="ASK queries are not supported here; use SELECT"):
        kg.select(ask)  # select stays SELECT-only: its answer is a table


def test_a_frame_keeps_the_columns_and_the_typed_values() -> None:
    kg = KnowledgeGraph.load()
    chairs = kg.query("chair-history", as_frame=True)
    assert list(chairs.columns) == [
        "position", "acronym", "began", "ended", "qualifier",
        "began_from", "began_by", "ended_from", "ended_by",
    ]  # fmt: skip
    assert chairs["position"].tolist() == [1, 2, 3, 4]
    assert chairs.loc[chairs["acronym"] == "ESA", "began"].item() == datetime.date(2014, 9, 30)
    empty = kg.query(
        AGENCIES + "SELECT ?a ?x WHERE { ?a a isecg:SpaceAgency ; isecg:acronym 'none' }",
        as_frame=True,
    )
    assert list(empty.columns) == ["a", "x"] and len(empty) == 0


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
    assert kg.validate().conforms
    report = kg.validate(shapes=[shapes])
    assert not report.conforms
    assert {r.shape for r in report.results} == {"<http://example.org/FoundedShape>"}
    assert report.violations == 27  # every agency, of 2015 or later, lacks a founding year


def test_files_of_ones_own_are_read_once_for_the_store_and_the_graph(tmp_path: Path) -> None:
    """On the fast set the files go into Oxigraph (the registry's parse step) and the rdflib graph
    is made from the same reading: each file's `_:b1` is a node of its own, with one label in
    both views, and the graph keeps a literal as written. The reference set reads them into
    rdflib directly: the same graph."""
    ex = "http://example.org/"
    first, second = tmp_path / "first.ttl", tmp_path / "second.ttl"
    typed = "<http://www.w3.org/2001/XMLSchema#integer>"
    first.write_text(f'_:b1 <{ex}p> "01"^^{typed} .\n', encoding="utf-8")
    second.write_text(f'@prefix my: <{ex}> .\n_:b1 my:p "2"^^{typed} .\n', encoding="utf-8")
    fast = KnowledgeGraph.load([first, second], engines="fast")
    mine = Graph()
    for triple in fast.graph.triples((None, URIRef(ex + "p"), None)):
        mine.add(triple)
    assert {o for _, _, o in mine} == {
        Literal("01", datatype=XSD.integer, normalize=False),
        Literal("2", datatype=XSD.integer),
    }
    assert "01" in {str(o) for _, _, o in mine}  # not rewritten to "1"
    nodes = {s for s, _, _ in mine}
    assert len(nodes) == 2 and all(isinstance(node, BNode) for node in nodes)
    text = f"SELECT ?s WHERE {{ ?s <{ex}p> ?o }}"
    for engine in ("oxigraph", "rdflib"):
        assert {row[0] for row in fast.select(text, engine=engine).rows} == nodes, engine
    assert ("my", URIRef(ex)) in set(fast.graph.namespaces())
    reference = KnowledgeGraph.load([first, second], engines="reference")
    theirs = Graph()
    for triple in reference.graph.triples((None, URIRef(ex + "p"), None)):
        theirs.add(triple)
    assert same_graph(mine, theirs)
    assert len(fast.graph) == len(reference.graph)


def test_the_inferred_triples_name_the_graphs_own_blank_nodes(tmp_path: Path) -> None:
    """The rules run on the store; what they infer about a blank node (a packaged interval's
    time:inside, a user's anonymous agency) joins the very node of `kg.graph`, so that a union
    of the two, `export --inferred` and `reason` beside `export`, stay one graph."""
    mine = tmp_path / "anonymous.ttl"
    mine.write_text(
        "@prefix isecg: <https://w3id.org/isecg-kg/ontology#> .\n_:x a isecg:SpaceAgency .\n",
        encoding="utf-8",
    )
    kg = KnowledgeGraph.load([mine], engines="fast")
    asserted = {t for triple in kg.graph for t in triple if isinstance(t, BNode)}
    inferred = {t for triple in kg.reason() for t in triple if isinstance(t, BNode)}
    assert len(inferred) > 20 and inferred <= asserted
    (agency,) = [s for s in kg.graph.subjects(RDF.type, ISECG.SpaceAgency) if isinstance(s, BNode)]
    assert agency in inferred


def test_n_triples_are_written_alike_with_or_without_the_rdflib_graph(tmp_path: Path) -> None:
    """`export --format nt`, `serve` and `load` write the entry's and the files' terms without an
    rdflib graph: the same bytes as `export.serialize` of `kg.graph`."""
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        "@prefix isecg: <https://w3id.org/isecg-kg/ontology#> .\n"
        "_:x a isecg:SpaceAgency ;\n"
        '    isecg:order "01"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
        encoding="utf-8",
    )
    kg = KnowledgeGraph.load([mine], engines="fast")
    without = kg.serialize("nt")
    assert kg._graph_or_none is None  # no rdflib graph was made
    assert len(kg.graph) > 4000
    assert kg.serialize("nt") == without  # now from the rdflib graph
    assert b'"01"^^<http://www.w3.org/2001/XMLSchema#integer>' in without


def test_serialize_writes_what_the_commands_write(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """`serialize` is the one path of `export` (asserted, or all with --inferred) and `reason`
    (the inferred triples alone): the same bytes. The reference set takes the same path, and
    writes the same graphs (tests/test_pipeline.py)."""
    engines = "fast"
    from isecg_kg.cli import main

    kg = KnowledgeGraph.load(engines=engines)

    def command(*argv: str) -> bytes:
        capsysbinary.readouterr()
        code = main([*argv, "--engines", engines])
        assert code == 0
        return capsysbinary.readouterr().out

    assert kg.serialize("nt") == command("export", "--format", "nt")
    assert kg.serialize("ttl", triples="inferred") == command("reason")
    everything = kg.serialize("nt", triples="all")
    assert everything == command("export", "--format", "nt", "--inferred")
    asserted, inferred = len(kg.graph), len(kg.reason())
    assert everything.count(b"\n") == asserted + inferred > asserted > 7000
    jsonld = Graph().parse(data=kg.serialize("jsonld", triples="inferred"), format="json-ld")
    assert same_graph(jsonld, kg.reason())
