"""The smaller findings of the third hostile campaign (issue 25, item 11), each as it was seen."""

from __future__ import annotations

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
