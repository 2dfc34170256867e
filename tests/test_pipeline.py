"""Reference and fast engines build the real graph into the same artefacts, canonically compared.

Graph files: isomorphic (blank-node labels are free), the inferred graph included. Everything
else (query tables, JSON-LD context, validation report): byte for byte. N-Triples: sorted on
both paths. The fast engines are the default because this holds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from graph_equality import same_graph
from isecg_kg.build import BuildSummary
from isecg_kg.errors import InputError
from isecg_kg.pipeline import REFERENCE, engines, fast_available
from isecg_kg.reason import about_the_data
from isecg_kg.vocab import FORMATS

# JAXA = NASA, two agencies with one IRI each: the one-iri-per-thing clash (and others)
CLASH = Path(__file__).resolve().parent / "conformance" / "cases" / "reason" / "issue-20-probe.ttl"

Built = tuple[Path, BuildSummary]
GRAPH_FILES = {f"isecg-kg{f.extension}": f.rdflib for f in FORMATS.values()}
GRAPH_FILES["isecg-kg-inferred.ttl"] = "turtle"


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_both_paths_write_the_same_files(reference_build: Built, fast_build: Built) -> None:
    assert files(reference_build[0]) == files(fast_build[0])
    assert set(GRAPH_FILES) <= set(files(reference_build[0]))


@pytest.mark.parametrize("name", sorted(GRAPH_FILES))
def test_graph_artefacts_are_isomorphic(
    name: str, reference_build: Built, fast_build: Built
) -> None:
    reference = Graph().parse(reference_build[0] / name, format=GRAPH_FILES[name])
    fast = Graph().parse(fast_build[0] / name, format=GRAPH_FILES[name])
    assert len(reference) > 700
    assert same_graph(reference, fast), name


def test_turtle_uses_the_prefixes_the_files_declare_on_both_paths(
    reference_build: Built, fast_build: Built
) -> None:
    """The parse hands on the files' prefixes (`pipeline.Parsed`): each path's Turtle declares
    the same ones, so instances are `agency:jaxa`, not `isecgid:agency\\/jaxa` (the fast path
    used the project's ten alone), and the inferred graph is the same bytes on both."""

    def prefixes(path: Path) -> list[str]:
        return [line for line in path.read_text("utf-8").splitlines() if line.startswith("@prefix")]

    for name in ("isecg-kg.ttl", "isecg-kg-inferred.ttl"):
        fast, reference = fast_build[0] / name, reference_build[0] / name
        assert sorted(prefixes(fast)) == sorted(prefixes(reference)), name
        assert "@prefix agency: <https://w3id.org/isecg-kg/id/agency/> ." in prefixes(fast)
        for path in (fast, reference):
            text = path.read_text("utf-8")
            assert "agency:jaxa" in text and "isecgid:agency\\/" not in text, path
    inferred = "isecg-kg-inferred.ttl"
    assert (fast_build[0] / inferred).read_bytes() == (reference_build[0] / inferred).read_bytes()


def test_every_other_artefact_is_identical(reference_build: Built, fast_build: Built) -> None:
    others = [n for n in files(reference_build[0]) if n not in GRAPH_FILES and n != "summary.json"]
    assert len([n for n in others if n.startswith("queries/")]) >= 30
    for name in others:
        assert (reference_build[0] / name).read_bytes() == (fast_build[0] / name).read_bytes(), name


def test_the_summaries_are_the_same_whatever_the_engines(
    reference_build: Built, fast_build: Built
) -> None:
    reference = json.loads((reference_build[0] / "summary.json").read_text())
    fast = json.loads((fast_build[0] / "summary.json").read_text())
    assert "engines" not in reference
    for summary, root in ((reference, reference_build[0]), (fast, fast_build[0])):
        summary["files"] = [str(Path(f).relative_to(root)) for f in summary["files"]]
    assert reference == fast
    assert reference["conforms"] is True and reference["triples_inferred"] > 700
    assert sum(reference["query_rows"].values()) > 0


@pytest.mark.parametrize("which", ["reference", "fast"])
def test_ntriples_are_sorted(which: str, reference_build: Built, fast_build: Built) -> None:
    root = (reference_build if which == "reference" else fast_build)[0]
    lines = (root / "isecg-kg.nt").read_text(encoding="utf-8").splitlines()
    assert len(lines) > 4000 and lines == sorted(lines)


def test_the_inferred_graph_holds_no_schema_bookkeeping(reference_build: Built) -> None:
    inferred = Graph().parse(reference_build[0] / "isecg-kg-inferred.ttl")
    assert not list(inferred.triples((None, RDFS.subClassOf, None)))
    assert not list(inferred.triples((None, RDF.type, OWL.Thing)))
    assert all(about_the_data(t) for t in inferred)
    # what it is for: entailed memberships of the classes the data uses
    assert list(inferred.triples((None, RDF.type, None)))


def test_bookkeeping_is_recognised() -> None:
    assert not about_the_data((OWL.Thing, RDFS.subClassOf, OWL.Thing))
    assert not about_the_data((RDF.type, RDF.type, RDF.Property))
    assert about_the_data((RDF.type, RDFS.label, RDF.Property))


def test_the_default_engines_are_the_fast_ones_when_installed() -> None:
    assert fast_available()
    assert engines().name == "fast"
    assert engines("reference") is REFERENCE
    with pytest.raises(InputError, match="unknown engine set"):
        engines("slow")


@pytest.mark.slow  # a second build, in a child process
def test_query_tables_are_the_same_in_another_process(fast_build: Built, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "isecg_kg", "build", "--engines", "fast", "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    tables = [n for n in files(fast_build[0]) if n.startswith("queries/")]
    assert tables
    for name in tables:
        assert (tmp_path / name).read_bytes() == (fast_build[0] / name).read_bytes(), name
    for name, fmt in GRAPH_FILES.items():
        assert same_graph(
            Graph().parse(tmp_path / name, format=fmt),
            Graph().parse(fast_build[0] / name, format=fmt),
        ), name


def test_a_build_runs_the_clash_rules_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reasoner (for the summary) and the validator (for the report) share the clashes."""
    from isecg_kg import consistency
    from isecg_kg.build import build

    runs: list[int] = []
    closing = consistency._clashes
    monkeypatch.setattr(consistency, "_clashes", lambda *args: runs.append(1) or closing(*args))
    summary = build(tmp_path, "fast", extra=[CLASH])
    assert runs == [1]
    assert summary.clashes and not summary.report.conforms  # both still see them
    assert any(r.source_shape.startswith("owl2rl:") for r in summary.report.results)


@pytest.mark.parametrize("extra", [[], [CLASH]], ids=["packaged", "clash-probe"])
def test_the_fast_inferred_graph_is_written_as_its_rdflib_graph_would_be(
    extra: list[Path],
) -> None:
    """The fast reasoner's triples are counted and written without an rdflib graph: the same
    count and the same Turtle bytes as the graph made of them."""
    from isecg_kg import resources
    from isecg_kg.export import serialize
    from isecg_kg.load import new_graph
    from isecg_kg.vocab import bind_prefixes

    chosen = engines("fast")
    parsed = chosen.parser.parse([*resources.graph_files(), *extra])
    inferred = chosen.reasoner.reason(parsed.graph)
    assert len(inferred) == len(inferred.graph) > 700
    graph = new_graph()
    bind_prefixes(graph, parsed.namespaces, override=True)
    for triple in inferred.graph:
        graph.add(triple)
    assert inferred.turtle(parsed.namespaces) == serialize(graph, "ttl")


def test_the_fast_build_writes_what_export_and_reason_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The store keeps the cache entry's blank-node labels (`cache.Entry.store`): two fast
    builds write the same bytes, and their graph files are `export`'s and `reason`'s."""
    from isecg_kg.build import build
    from isecg_kg.cli import main

    first, second = tmp_path / "first", tmp_path / "second"
    build(first, "fast")
    build(second, "fast")
    for name in GRAPH_FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert main(["export", "--format", "nt", "-o", str(tmp_path / "export.nt")]) == 0
    assert (tmp_path / "export.nt").read_bytes() == (first / "isecg-kg.nt").read_bytes()
    assert main(["reason", "-o", str(tmp_path / "reason.ttl")]) == 0
    assert (tmp_path / "reason.ttl").read_bytes() == (first / "isecg-kg-inferred.ttl").read_bytes()
    capsys.readouterr()
