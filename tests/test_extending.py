"""docs/extending.md is run: its extension (a member that joined later) conforms as it says."""

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
    path = tmp_path / "uae-space-agency.ttl"
    path.write_text(block, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert "conforms: 0 violation(s), 0 warning(s)" in capsys.readouterr().out


def test_without_its_start_year_the_new_member_breaks_the_2015_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [block] = turtle_blocks()
    undated = block.replace('    isecg:sinceYear "2015"^^xsd:gYear ;\n', "")
    assert undated != block
    path = tmp_path / "undated.ttl"
    path.write_text(undated, encoding="utf-8")
    assert main(["validate", str(path), "--engine", "turbo"]) == 1
    out = capsys.readouterr().out
    assert "isecgid:member-count/isecg-2015" in out
    assert "shape:   isecgsh:MemberCountShape" in out


def test_a_later_count_with_the_new_member_conforms_and_a_wrong_one_does_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [block] = turtle_blocks()
    count = (
        "\n@prefix count: <https://w3id.org/isecg-kg/id/member-count/> .\n"
        "group:isecg isecg:statedMemberCount count:isecg-2016 .\n"
        "count:isecg-2016 a isecg:MemberCount ;\n"
        '    rdfs:label "ISECG members in 2016"@en , "2016年のISECG参加機関数"@ja ;\n'
        '    isecg:memberCount {n} ; isecg:currentAsOf "2016"^^xsd:gYear ;\n'
        "    prov:wasDerivedFrom ref:gso-news-2015-uae .\n"
    )
    path = tmp_path / "count.ttl"
    path.write_text(block + count.replace("{n}", "15"), encoding="utf-8")
    assert main(["validate", str(path), "--engine", "turbo"]) == 0, capsys.readouterr().out
    capsys.readouterr()
    path.write_text(block + count.replace("{n}", "14"), encoding="utf-8")
    assert main(["validate", str(path), "--engine", "turbo"]) == 1
    assert "isecgid:member-count/isecg-2016" in capsys.readouterr().out
