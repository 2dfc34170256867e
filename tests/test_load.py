"""Parsing: malformed Turtle is located by file, line and column, whatever text comes before it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from isecg_kg import resources
from isecg_kg.errors import InputError, RdfSyntaxError
from isecg_kg.load import parse_turtle

PREFIX = "@prefix ex: <http://example.org/> .\n"


def located(tmp_path: Path, content: str | bytes, name: str = "broken.ttl") -> RdfSyntaxError:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    with pytest.raises(RdfSyntaxError) as caught:
        parse_turtle(path)
    assert caught.value.path == str(path)
    return caught.value


@pytest.mark.parametrize(
    ("content", "line", "column", "expected"),
    [
        # Japanese text before the error: rdflib's offset counts characters, not bytes.
        (
            PREFIX
            + 'ex:a ex:label "日本語のラベル"@ja ; ex:b "宇宙"@ja .\n'
            + 'ex:c ex:d "月" ex:e .\n',
            3,
            15,
            "expected '.'",
        ),
        (PREFIX + "ex:a ex:b ex:c\nex:d ex:e ex:f .\n", 3, 1, "expected '.'"),
        ("@prefix ex <http://example.org/> .\n", 1, 8, "expected qname after @prefix"),
        (PREFIX + "ex:a ex:b ex:c ;\n    ex:d ex:e ,\n .\n", 3, 9, "objectList expected"),
        (PREFIX + 'ex:a ex:b "x"@@en .\n', 2, 12, "Bad language code"),
        (PREFIX + "ex:a ex:b [ ex:c ex:d .\n", 2, 23, "']' expected"),
        (PREFIX + 'ex:a ex:b """x\ny""" .\nex:c ex:d ex:e\n', 4, 15, "EOF found after object"),
        (PREFIX + "ex:a ex:b ex:c .\nex:a ex:b\n\n", 3, 10, "objectList expected"),
    ],
)
def test_syntax_errors_are_located(
    tmp_path: Path, content: str, line: int, column: int, expected: str
) -> None:
    error = located(tmp_path, content)
    assert (error.line, error.column) == (line, column), str(error)
    assert expected in error.detail
    assert str(error).startswith(f"{tmp_path / 'broken.ttl'}:{line}:{column}: ")


def test_crlf_line_endings_count_once(tmp_path: Path) -> None:
    crlf = PREFIX.replace("\n", "\r\n") + "ex:a ex:b ex:c\r\nex:d ex:e ex:f .\r\n"
    error = located(tmp_path, crlf)
    assert (error.line, error.column) == (3, 1)


def test_a_file_that_stops_mid_statement(tmp_path: Path) -> None:
    # rdflib 7.6 raises IndexError here (tests/test_cli.py has the open-string case).
    error = located(tmp_path, PREFIX + "ex:a ex:b ex:c .\nex:a ex:b")
    assert (error.line, error.column) == (3, 10)
    assert "unexpected end of file" in error.detail


def test_invalid_iris_are_errors_even_as_datatypes(tmp_path: Path) -> None:
    error = located(tmp_path, PREFIX + "ex:a ex:b <http://example.org/a b> .\n")
    assert (error.line, error.column) == (2, 12)
    assert error.detail == "invalid IRI <http://example.org/a b>"
    error = located(tmp_path, PREFIX + 'ex:a ex:b "x"^^<http://example.org/bad type> .\n')
    assert (error.line, error.detail) == (2, "invalid IRI <http://example.org/bad type>")


def test_text_that_is_not_utf8(tmp_path: Path) -> None:
    error = located(tmp_path, PREFIX.encode() + b"ex:a ex:b ex:c .\n\xff\xfe\n")
    assert (error.line, error.detail) == (3, "not UTF-8 text")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        parse_turtle(tmp_path / "nope.ttl")
    with pytest.raises(InputError, match="is a directory"):
        parse_turtle(tmp_path)


def _drop_a_late_dot(text: str) -> tuple[str, int] | None:
    """The text with the dot of its last-but-one statement removed, and the line then blamed."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if re.match(r"[A-Za-z<_]", line)]
    for start in reversed(starts[:-1]):
        ends = [i for i in range(start) if lines[i].endswith(" .") and not lines[i].startswith("@")]
        if not ends or not all(not lines[k].strip() for k in range(ends[-1] + 1, start)):
            continue
        end = ends[-1]
        lines[end] = lines[end][:-2]
        return "\n".join(lines), start + 1
    return None


@pytest.mark.parametrize("path", resources.data_files(), ids=lambda p: p.name)
def test_errors_in_the_real_data_files_are_on_the_right_line(tmp_path: Path, path: Path) -> None:
    """The data files are full of Japanese text: the reported line must still be exact."""
    text = path.read_text(encoding="utf-8")
    broken = _drop_a_late_dot(text)
    if broken is None:
        pytest.skip("no statement to break")
    content, line = broken
    error = located(tmp_path, content, path.name)
    assert (error.line, error.column) == (line, 1), str(error)
