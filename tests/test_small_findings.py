"""The smaller findings of the third hostile campaign (issue 25, item 11), each as it was seen."""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from isecg_kg import KnowledgeGraph
from isecg_kg.cli import main
from isecg_kg.errors import EndpointError, InputError, IsecgKgError, OutputError

HOSTILE = Path(__file__).resolve().parent / "hostile"


def test_a_second_japanese_label_is_not_reported_as_a_missing_english_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["validate", str(HOSTILE / "turtle" / "second-ja-label.ttl")])
    out = capsys.readouterr().out
    assert code == 1
    assert "at most one rdfs:label per language" in out
    assert "rdfs:label in English" not in out
    assert "1 violation(s)" in out


@pytest.mark.parametrize(
    ("terminal", "expected"),
    [(True, "\\x1b[31mred\\x9b2J\r\n"), (False, "\x1b[31mred\x9b2J\r\n")],
)
def test_csv_on_a_terminal_shows_control_characters_escaped(
    terminal: bool,
    expected: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """CSV passed ESC and C1 controls from the data to the terminal; into a pipe it stays exact."""
    monkeypatch.setattr("sys.stdout.isatty", lambda: terminal)
    data = HOSTILE / "turtle" / "controls-in-literal.ttl"
    query = HOSTILE / "queries" / "value-of-a.rq"
    code = main(["query", str(query), "--data", str(data), "--format", "csv"])
    assert code == 0
    assert capsys.readouterr().out == "v\r\n" + expected


def test_json_writes_c1_controls_as_escapes(capsys: pytest.CaptureFixture[str]) -> None:
    data = HOSTILE / "turtle" / "controls-in-literal.ttl"
    query = HOSTILE / "queries" / "value-of-a.rq"
    assert main(["query", str(query), "--data", str(data), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"value": "\\u001b[31mred\\u009b2J"' in out
    assert json.loads(out)["results"]["bindings"][0]["v"]["value"] == "\x1b[31mred\x9b2J"


def _tiny_clone(root: Path) -> Path:
    """A clone with the layout the release packs: a package, and data/ force-included."""
    (root / "src" / "tiny").mkdir(parents=True)
    (root / "src" / "tiny" / "__init__.py").write_text("")
    (root / "data").mkdir()
    (root / "data" / "tracked.ttl").write_text(
        "<http://example.org/a> <http://example.org/p> 1 .\n"
    )
    (root / ".gitignore").write_text("*.bak\n")
    (root / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
        '[project]\nname = "tiny"\nversion = "1.0"\n'
        '[tool.hatch.build.targets.wheel]\npackages = ["src/tiny"]\n'
        '[tool.hatch.build.targets.wheel.force-include]\n"data" = "tiny/_rdf/data"\n'
        '[tool.hatch.build.targets.sdist]\ninclude = ["src", "data"]\n'
    )
    for command in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", "-C", str(root), *command], check=True)
    return root


def test_release_refuses_untracked_files_in_the_rdf_folders(tmp_path: Path) -> None:
    """`release` packed an untracked data/ file into the wheel and sdist."""
    from isecg_kg.errors import InputError
    from isecg_kg.release import packages

    root = _tiny_clone(tmp_path)
    (root / "data" / "untracked.ttl").write_text("# not in git\n")
    with pytest.raises(InputError, match=r"untracked: data/untracked.ttl \(git add or remove"):
        list(packages(root))


def test_release_packs_only_what_git_tracks(tmp_path: Path) -> None:
    """An ignored file in data/ (force-include would pack it) is left out of wheel and sdist."""
    from isecg_kg.release import packages

    root = _tiny_clone(tmp_path)
    (root / "data" / "editor.ttl.bak").write_text("# ignored by git\n")
    built = dict(packages(root))
    wheel = next(content for name, content in built.items() if name.endswith(".whl"))
    sdist = next(content for name, content in built.items() if name.endswith(".tar.gz"))
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        names = archive.namelist()
    assert "tiny/_rdf/data/tracked.ttl" in names
    assert not any(name.endswith(".bak") for name in names)
    with tarfile.open(fileobj=io.BytesIO(sdist)) as archive:
        members = archive.getnames()
    assert any(name.endswith("data/tracked.ttl") for name in members)
    assert not any(name.endswith(".bak") for name in members)


HOSTILE_CALLS = {
    "load-int": lambda kg: KnowledgeGraph.load([123]),  # type: ignore[list-item]
    "load-none": lambda kg: KnowledgeGraph.load(None),  # type: ignore[arg-type]
    "load-nul-byte": lambda kg: KnowledgeGraph.load(["a\x00b.ttl"]),
    "load-directory": lambda kg: KnowledgeGraph.load(["/"]),
    "query-int-name": lambda kg: kg.query(5),  # type: ignore[arg-type]
    "query-unknown": lambda kg: kg.query("no-such-query"),
    "query-bad-parameter": lambda kg: kg.query("technology-overlaps", min="many"),
    "query-malformed": lambda kg: kg.query("SELECT * WHERE { ?s ?p }"),
    "query-update": lambda kg: kg.query("DELETE WHERE { ?s ?p ?o }"),
    "select-malformed-oxigraph": lambda kg: kg.select(
        "SELECT * WHERE { ?s ?p }", engine="oxigraph"
    ),
    "select-timeout-text": lambda kg: kg.select("agencies", timeout="soon"),  # type: ignore[arg-type]
    "select-engine": lambda kg: kg.select("agencies", engine="nope"),
    "validate-inference": lambda kg: kg.validate("bogus"),
    "validate-engine": lambda kg: kg.validate(engine="bogus"),
    "validate-reasoner": lambda kg: kg.validate("owlrl", reasoner="bogus"),
    "validate-shapes-int": lambda kg: kg.validate(shapes=[1]),  # type: ignore[list-item]
    "validate-shapes-missing": lambda kg: kg.validate(shapes=["/nonexistent/shapes.ttl"]),
    "reason-profile": lambda kg: kg.reason("owl-full"),
    "reason-reasoner": lambda kg: kg.reason(reasoner="bogus"),
    "reason-rdfs-by-the-rules": lambda kg: kg.reason("rdfs", reasoner="rules"),
    "clashes-profile": lambda kg: kg.clashes(5),  # type: ignore[arg-type]
    "serialize-format": lambda kg: kg.serialize("turtle"),
    "serialize-format-int": lambda kg: kg.serialize(3),  # type: ignore[arg-type]
    "serialize-triples": lambda kg: kg.serialize("nt", triples="some"),
    "serialize-profile": lambda kg: kg.serialize("nt", triples="inferred", profile="x"),
    "serve-port-out-of-range": lambda kg: kg.serve(port=-5),
    "serve-port-text": lambda kg: kg.serve(port="x"),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("name", sorted(HOSTILE_CALLS))
def test_the_api_raises_only_documented_errors(name: str, graph_kg: KnowledgeGraph) -> None:
    """7 of 27 hostile calls raised TypeError, ValueError, ParseException, SyntaxError ..."""
    with pytest.raises(IsecgKgError) as caught:
        HOSTILE_CALLS[name](graph_kg)
    assert type(caught.value) in (InputError, EndpointError, OutputError)


@pytest.fixture(scope="module")
def graph_kg() -> KnowledgeGraph:
    return KnowledgeGraph.load()
