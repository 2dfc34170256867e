"""The command line: exit codes, messages, output files; in-process except one subprocess test."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

import query_engines
from isecg_kg import resources
from isecg_kg.cli import main
from isecg_kg.errors import OutputError
from isecg_kg.export import write_atomically
from isecg_kg.load import packaged_graph

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cli"
NASA = URIRef("https://w3id.org/isecg-kg/id/agency/nasa")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def asserted() -> Graph:
    return packaged_graph()


def test_validate_the_packaged_graph(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate")
    assert code == 0, out + err
    assert out.strip().endswith("conforms: 0 violation(s), 0 warning(s) on the asserted graph")


def test_validate_with_a_users_conforming_extension(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(FIXTURES / "extension-valid.ttl"))
    assert code == 0, out


def test_validate_reports_node_path_value_and_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", str(FIXTURES / "extension-violation.ttl"))
    assert code == 1
    assert "Violation: isecgid:agency/test-agency" in out
    assert "path:    rdfs:label" in out
    assert "message: Every instance needs exactly one rdfs:label in Japanese (@ja)." in out
    assert "全てのインスタンスに日本語（@ja）のrdfs:labelがちょうど一つ必要。" in out
    assert "path:    prov:wasDerivedFrom" in out
    assert "an agency is a member" in out.lower() or "isecg:Membership" in out
    assert out.strip().endswith(
        "does not conform: 3 violation(s), 0 warning(s) on the asserted graph"
    )
    # The missing Japanese label is reported once, by the shape (the hygiene rule covers the rest
    # of the namespace: see queries/qa/missing-bilingual-label-violation.rq).
    assert "qa:missing-bilingual-label" not in out
    assert "Traceback" not in err


def test_validate_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "validate", str(FIXTURES / "extension-violation.ttl"), "--format", "json"
    )
    assert code == 1
    report = json.loads(out)
    assert report["conforms"] is False and report["graph"] == "asserted"
    shapes = sorted(r["source_shape"] for r in report["results"])
    assert shapes == [
        "isecgsh:InstanceShape",
        "isecgsh:InstanceShape",
        "isecgsh:SpaceAgencyShape",
    ]
    assert all(r["focus_node"] == "isecgid:agency/test-agency" for r in report["results"])
    assert all(r["message"] and r["message_ja"] for r in report["results"])


def test_validate_on_the_inferred_graph_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--inference", "owlrl")
    assert code == 0, out
    assert "on the asserted+inferred (owlrl) graph" in out


@pytest.mark.parametrize(
    ("name", "line", "expected"),
    [
        ("missing-dot.ttl", 4, "expected '.'"),
        ("bad-iri.ttl", 3, "invalid IRI <http://example.org/a b>"),
        ("unterminated-string.ttl", 3, "newline found in string literal"),
        ("unbound-prefix.ttl", 3, 'Prefix "undeclared:" not bound'),
        # rdflib counts the error offset in characters: Japanese text before it must not shift it
        ("japanese-then-missing-dot.ttl", 4, "expected '.'"),
        ("truncated.ttl", 3, "unexpected end of file"),
    ],
)
def test_malformed_turtle_names_file_line_and_column(
    capsys: pytest.CaptureFixture[str], name: str, line: int, expected: str
) -> None:
    path = FIXTURES / name
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2
    assert err.startswith(f"error: {path}:{line}:")
    assert expected in err
    assert "Traceback" not in err and out == ""


def test_a_byte_order_mark_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(FIXTURES / "with-byte-order-mark.ttl"))
    assert code == 0, out


def test_missing_file_is_an_input_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "nope.ttl"))
    assert code == 2
    assert err == f"error: {tmp_path / 'nope.ttl'}: no such file\n"


def test_reason_writes_only_clean_entailments(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, asserted: Graph
) -> None:
    output = tmp_path / "inferred.ttl"
    code, _, err = run(capsys, "reason", "-o", str(output))
    assert code == 0, err
    inferred = Graph().parse(output)
    assert len(inferred) > 700
    assert not any(isinstance(s, Literal) for s in inferred.subjects())
    assert not any(s == o for s, o in inferred.subject_objects(OWL.sameAs))
    assert not any(triple in asserted for triple in inferred)
    assert (NASA, RDF.type, URIRef("http://www.w3.org/ns/org#Organization")) in inferred


@pytest.mark.parametrize(
    ("fmt", "parser"), [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")]
)
def test_export_round_trips(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, asserted: Graph, fmt: str, parser: str
) -> None:
    output = tmp_path / f"graph.{fmt}"
    code, _, err = run(capsys, "export", "--format", fmt, "-o", str(output))
    assert code == 0, err
    assert len(Graph().parse(output, format=parser)) == len(asserted)
    if fmt == "jsonld":
        context = json.loads(output.read_text(encoding="utf-8"))["@context"]
        assert context["isecg"] == "https://w3id.org/isecg-kg/ontology#"


def test_export_to_stdout(capsys: pytest.CaptureFixture[str], asserted: Graph) -> None:
    code = main(["export", "--format", "nt"])
    out = capsys.readouterr().out
    assert code == 0
    assert len(out.strip().splitlines()) == len(asserted)


def test_unwritable_output_is_exit_3_and_leaves_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where a directory should be", encoding="utf-8")
    code, _, err = run(capsys, "export", "-o", str(blocker / "graph.ttl"))
    assert code == 3
    assert err.startswith(f"error: {blocker / 'graph.ttl'}: cannot write")
    assert blocker.read_text(encoding="utf-8") == "a file where a directory should be"


def test_a_failed_write_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old content")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomically(target, b"new content")
    assert target.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_build_writes_everything_and_a_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "build"
    code, out, err = run(capsys, "build", "-o", str(output))
    assert code == 0, out + err
    for name in (
        "isecg-kg.ttl",
        "isecg-kg.nt",
        "isecg-kg.jsonld",
        "isecg-kg.rdf",
        "isecg-kg-inferred.ttl",
        "context.jsonld",
        "validation.json",
        "summary.json",
        "queries/technology-matrix.csv",
        "queries/technology-matrix.json",
    ):
        assert (output / name).is_file(), name
    summary = json.loads((output / "summary.json").read_text(encoding="utf-8"))
    assert summary["conforms"] is True and summary["clashes"] == []
    assert summary["instances_per_class"]["isecg:SpaceAgency"] == 27  # 14 of the seed, 13 later
    assert summary["instances_per_class"]["isecg:Technology"] == 14
    assert summary["query_rows"]["agencies"] == 14
    assert summary["triples_asserted"] == len(Graph().parse(output / "isecg-kg.nt", format="nt"))
    assert "SHACL            : conforms" in out


def test_queries_lists_titles_and_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "queries")
    assert code == 0
    assert "technology-overlaps [min=3]" in out
    title = "Technologies with many marks in JAXA's reworked table / JAXA再構成表で記号の多い技術"
    assert title in out
    # each question in Japanese too
    assert "    as_of の日にISECGの議長を務めていたのはどの機関か。" in out
    # each parameter with its datatype and what it means, in English, then Japanese
    assert (
        "chairs-between [from=2012-01-01] [to=2012-12-31]\n"
        "    Who chaired ISECG between two dates / 二つの日の間のISECG議長\n"
    ) in out
    assert (
        "    from (xsd:date)\n"
        "        the first day of the period\n"
        "        期間の初日（YYYY-MM-DD）\n"
        "    to (xsd:date)\n"
        "        the last day of the period\n"
        "        期間の最終日（YYYY-MM-DD）\n"
    ) in out
    assert (
        "    min (xsd:integer)\n"
        "        the least number of marks (○ or △) a technology must have\n"
        "        技術の記号（○または△）の数の下限\n"
    ) in out
    # one English and one Japanese line for each of the 13 parameters
    assert len(re.findall(r"^    [a-z_]+ \(xsd:[a-zA-Z]+\)$", out, re.MULTILINE)) == 13


def test_queries_refuses_a_catalogue_without_a_japanese_description(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "by-year.rq").write_text(
        "# title: by year\n# title_ja: 年ごと\n# param: n = 1 (xsd:integer) a number\n"
        "SELECT ?n WHERE { VALUES ?n { 1 } }\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(resources, "queries_dir", lambda: tmp_path)
    code, out, err = run(capsys, "queries")
    assert (code, out) == (2, "")
    assert "stored query by-year: parameter n has no Japanese description" in err
    assert "Traceback" not in err


def test_query_csv_with_a_parameter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "query", "technology-gaps", "--param", "max=2", "--format", "csv")
    assert code == 0
    assert out.split("\r\n")[:3] == [
        "technology_en,technology_ja,marks",
        "Crew spacecraft and heavy crew launch vehicle for exploration,"
        "有人探査用宇宙船・大型有人ロケット,2",
        "Orbital transfer vehicle (nuclear),軌道間輸送機（原子力）,2",
    ]


@pytest.mark.parametrize("engine", query_engines.BOTH)
def test_query_json_on_both_engines(capsys: pytest.CaptureFixture[str], engine: str) -> None:
    code, out, _ = run(capsys, "query", "chair-history", "--engine", engine, "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["head"]["vars"] == [
        "position", "acronym", "began", "ended", "qualifier",
        "began_from", "began_by", "ended_from", "ended_by",
    ]  # fmt: skip
    acronyms = [b["acronym"]["value"] for b in document["results"]["bindings"]]
    assert acronyms == ["NASA", "JAXA", "CSA", "ESA"]
    assert "ended" not in document["results"]["bindings"][3]


def test_query_errors_are_clear(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "query", "technology-overlaps", "--param", "min=3 } UNION { ?s ?p ?o"
    )
    assert code == 2 and "must be an integer" in err
    code, _, err = run(capsys, "query", "no-such-query")
    assert code == 2 and "no stored query named 'no-such-query'" in err
    code, _, err = run(capsys, "query", "agencies", "--param", "novalue")
    assert code == 2 and "--param takes NAME=VALUE" in err


def test_console_script_runs_in_a_subprocess() -> None:
    script = shutil.which("isecg-kg", path=str(Path(sys.executable).parent))
    assert script, "the isecg-kg console script is not installed beside this Python"
    done = subprocess.run(
        [script, "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0 and "exit codes:" in done.stdout
    done = subprocess.run(
        [script, "validate", str(FIXTURES / "missing-dot.ttl")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and "missing-dot.ttl:4:" in done.stderr
    assert "Traceback" not in done.stderr
