"""docs/extending.md is run: its extensions (a member count a source states, a new technology
row) conform as it says, and break where it says they break."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from isecg_kg.cli import main

DOC = Path(__file__).resolve().parent.parent / "docs" / "extending.md"


def fenced_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def turtle_block(containing: str) -> str:
    """The one Turtle block of the page that mentions `containing`."""
    [block] = [block for block in fenced_blocks("turtle") if containing in block]
    return block


def count_block() -> str:
    return turtle_block("count:isecg-2021-12-02 a isecg:MemberCount")


def technology_row_block() -> str:
    return turtle_block("ex:row-01 a isecg:TableRow")


def validated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, *options: str
) -> tuple[int, str]:
    """isecg-kg validate on `text` written to a file: the exit code and what it printed."""
    path = tmp_path / "extension.ttl"
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    code = main(["validate", str(path), *options])
    return code, capsys.readouterr().out


def test_the_documented_extension_conforms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = validated(tmp_path, capsys, count_block())
    assert code == 0
    assert "conforms: 0 violation(s), 0 warning(s)" in out


def test_a_wrong_number_breaks_the_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    block = count_block()
    wrong = block.replace("isecg:memberCount 27 ;", "isecg:memberCount 26 ;")
    assert wrong != block
    code, out = validated(tmp_path, capsys, wrong, "--engine", "turbo")
    assert code == 1
    assert "isecgid:member-count/isecg-2021-12-02" in out
    assert "shape:   isecgsh:MemberCountMembershipsShape" in out
    assert "below the number of its memberships certainly active then" in out


def test_a_count_for_a_year_and_a_day_at_once_does_not_conform(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    block = count_block()
    both = block.replace(
        '    isecg:currentAsOfDate "2021-12-02"^^xsd:date ;\n',
        '    isecg:currentAsOfDate "2021-12-02"^^xsd:date ;\n'
        '    isecg:currentAsOf "2021"^^xsd:gYear ;\n',
    )
    assert both != block
    code, out = validated(tmp_path, capsys, both, "--engine", "turbo")
    assert code == 1
    assert "isecgid:member-count/isecg-2021-12-02" in out
    assert "exactly one year (isecg:currentAsOf) or one day" in out
    # the year alone conforms too: 2021 allows 26 or 27 members (AEM and PT Space by its end)
    year = (
        block.replace(
            'isecg:currentAsOfDate "2021-12-02"^^xsd:date', 'isecg:currentAsOf "2021"^^xsd:gYear'
        )
        .replace('dateEarliest "2021-12-02"', 'dateEarliest "2021-01-01"')
        .replace('dateLatest "2021-12-02"', 'dateLatest "2021-12-31"')
    )
    code, out = validated(tmp_path, capsys, year, "--engine", "turbo")
    assert code == 0, out


def test_the_documented_technology_row_conforms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = validated(tmp_path, capsys, technology_row_block(), "--engine", "turbo")
    assert code == 0, out
    assert "conforms: 0 violation(s), 0 warning(s)" in out


def with_count_two(block: str) -> str:
    assert "isecg:markCount 1 ;" in block
    return block.replace("isecg:markCount 1 ;", "isecg:markCount 2 ;")


def without_its_cell(block: str) -> str:
    return block[: block.index("ex:cell-01-us a isecg:TableCell")]


@pytest.mark.parametrize("breaking", [with_count_two, without_its_cell], ids=lambda f: f.__name__)
def test_the_technology_row_breaks_where_the_page_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], breaking: Callable[[str], str]
) -> None:
    case = breaking.__name__
    code, out = validated(tmp_path, capsys, breaking(technology_row_block()), "--engine", "turbo")
    assert code == 1, case
    assert "https://example.org/cryogenic-survey/row-01" in out, (case, out)
    assert "isecgsh:TableRowShape" in out, (case, out)


def test_the_documented_query_answers_as_the_page_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "cryogenic-survey.ttl"
    data.write_text(technology_row_block(), encoding="utf-8")
    [query] = fenced_blocks("sparql")
    query_file = tmp_path / "rows-per-table.rq"
    query_file.write_text(query, encoding="utf-8")
    [command] = [line for line in fenced_blocks("sh")[-1].splitlines() if line.strip()]
    assert command == "isecg-kg query rows-per-table.rq --data cryogenic-survey.ttl --format csv"
    args = command.split()[1:]
    args[1], args[3] = str(query_file), str(data)
    capsys.readouterr()
    assert main(args) == 0
    answer = capsys.readouterr().out.replace("\r\n", "\n")
    [shown] = re.findall(r"```\n(table_en,rows\n.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert answer == shown
