"""The smaller findings of the third hostile campaign (issue 25, item 11), each as it was seen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from isecg_kg.cli import main

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
