"""Export: every format reads back as the same graph; files are replaced whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from isecg_kg.cli import main
from isecg_kg.export import FORMATS, serialize, write_atomically
from isecg_kg.load import PREFIXES, parse_turtle
from isecg_kg.reason import Closure

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "cli" / "round-trip.ttl"
PARSERS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_reads_back_isomorphic(fmt: str) -> None:
    graph = parse_turtle(FIXTURE)
    again = Graph().parse(data=serialize(graph, fmt), format=PARSERS[fmt])
    assert isomorphic(graph, again)


def test_the_jsonld_context_has_every_project_prefix() -> None:
    document = json.loads(serialize(parse_turtle(FIXTURE), "jsonld"))
    assert document["@context"] == PREFIXES


def test_turtle_uses_the_project_prefixes() -> None:
    text = serialize(parse_turtle(FIXTURE), "ttl").decode("utf-8")
    assert "@prefix isecg: <https://w3id.org/isecg-kg/ontology#> ." in text


def test_ntriples_are_sorted_and_stable() -> None:
    graph = parse_turtle(FIXTURE)
    first, second = serialize(graph, "nt"), serialize(graph, "nt")
    lines = first.decode("utf-8").splitlines()
    assert lines == sorted(lines) and first == second


def test_export_inferred_adds_the_closure(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, real_graph: Graph, real_closure: Closure
) -> None:
    output = tmp_path / "with-closure.nt"
    assert main(["export", "--format", "nt", "--inferred", "-o", str(output)]) == 0
    expected = len(real_graph) + len(real_closure.inferred)
    assert len(Graph().parse(output, format="nt")) == expected
    assert capsys.readouterr().out == ""


def test_an_existing_file_survives_a_failed_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old content")

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", full_disk)
    assert main(["export", "-o", str(target)]) == 3
    assert capsys.readouterr().err == f"error: {target}: cannot write: No space left on device\n"
    assert target.read_bytes() == b"old content"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_an_interrupted_write_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old content")

    def interrupted(_fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("os.fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"new content")
    assert target.read_bytes() == b"old content"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


@pytest.mark.parametrize("failure", [OSError(5, "Input/output error"), KeyboardInterrupt()])
def test_many_files_are_replaced_only_once_all_are_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    """Outputs.put_all writes every temporary, syncs them side by side, then renames: a sync
    that fails (or Ctrl-C) replaces none of the files and leaves no temporary."""
    import os

    from isecg_kg.errors import OutputError
    from isecg_kg.export import Outputs

    outputs = Outputs(tmp_path)
    outputs.put_all({"a.csv": b"old a", "queries/b.csv": b"old b"})
    real = os.fsync

    def fsync(handle: int) -> None:
        if os.readlink(f"/proc/self/fd/{handle}").startswith(str(tmp_path / "queries" / ".b.csv")):
            raise failure
        real(handle)

    monkeypatch.setattr("os.fsync", fsync)
    expected = OutputError if isinstance(failure, OSError) else KeyboardInterrupt
    with pytest.raises(expected) as raised:
        outputs.put_all({"a.csv": b"new a", "queries/b.csv": b"new b"})
    if expected is OutputError:
        assert (
            str(raised.value)
            == f"{tmp_path / 'queries' / 'b.csv'}: cannot write: Input/output error"
        )
    assert (tmp_path / "a.csv").read_bytes() == b"old a"
    assert (tmp_path / "queries" / "b.csv").read_bytes() == b"old b"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.csv", "b.csv", "queries"]
    monkeypatch.setattr("os.fsync", real)
    outputs.put_all({"a.csv": b"new a", "queries/b.csv": b"new b"})
    assert (tmp_path / "queries" / "b.csv").read_bytes() == b"new b"


def test_output_into_a_missing_folder_creates_it(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "graph.nt"
    write_atomically(target, b"content\n")
    assert target.read_bytes() == b"content\n"
