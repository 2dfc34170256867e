"""docs/extending.md is run: its extension (a member count a source states) conforms as it says,
and breaks as it says when the number or its date is wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from isecg_kg.cli import main

DOC = Path(__file__).resolve().parent.parent / "docs" / "extending.md"


def turtle_blocks() -> list[str]:
    return re.findall(r"```turtle\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_documented_extension_conforms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [block] = turtle_blocks()
    path = tmp_path / "count-2021.ttl"
    path.write_text(block, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert "conforms: 0 violation(s), 0 warning(s)" in capsys.readouterr().out


def test_a_wrong_number_breaks_the_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [block] = turtle_blocks()
    wrong = block.replace("isecg:memberCount 27 ;", "isecg:memberCount 26 ;")
    assert wrong != block
    path = tmp_path / "wrong.ttl"
    path.write_text(wrong, encoding="utf-8")
    assert main(["validate", str(path), "--engine", "turbo"]) == 1
    out = capsys.readouterr().out
    assert "isecgid:member-count/isecg-2021-12-02" in out
    assert "shape:   isecgsh:MemberCountShape" in out
    assert "below the number of its memberships certainly begun" in out


def test_a_count_for_a_year_and_a_day_at_once_does_not_conform(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [block] = turtle_blocks()
    both = block.replace(
        '    isecg:currentAsOfDate "2021-12-02"^^xsd:date ;\n',
        '    isecg:currentAsOfDate "2021-12-02"^^xsd:date ;\n'
        '    isecg:currentAsOf "2021"^^xsd:gYear ;\n',
    )
    assert both != block
    path = tmp_path / "both.ttl"
    path.write_text(both, encoding="utf-8")
    assert main(["validate", str(path), "--engine", "turbo"]) == 1
    out = capsys.readouterr().out
    assert "isecgid:member-count/isecg-2021-12-02" in out
    assert "exactly one year (isecg:currentAsOf) or one day" in out
    # the year alone conforms too: 2021 allows 26 or 27 members (AEM and PT Space by its end)
    year = block.replace(
        'isecg:currentAsOfDate "2021-12-02"^^xsd:date', 'isecg:currentAsOf "2021"^^xsd:gYear'
    )
    path.write_text(year, encoding="utf-8")
    assert main(["validate", str(path), "--engine", "turbo"]) == 0, capsys.readouterr().out
