"""Bounds on what one input file may make the reader build (issue 25, finding 8): the length of an
IRI and of a literal as the parser hands them out (a prefix is spelled out at every use), the
parser's own 16 MiB per term, the file's triples spelled out in full, and chains of blank nodes
(nesting, lists). Each refusal is exit 2 naming file and line, decided before anything is built
in rdflib."""

from __future__ import annotations

from pathlib import Path

import pytest

from isecg_kg import load
from isecg_kg.cli import main
from isecg_kg.errors import RdfSyntaxError
from isecg_kg.inputs import MAX_BLANK_CHAIN, MAX_IRI_LENGTH, MAX_LITERAL_LENGTH


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.err


def test_a_long_prefix_used_a_thousand_times_is_refused_at_its_first_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The campaign's file: 120 KB of Turtle that spelled out 200 MB of IRIs (1.8 GB of memory)."""
    namespace = "http://example.org/" + "a" * 100_000 + "/"
    uses = "".join(f"big:s{i} big:p big:o{i} .\n" for i in range(1000))
    (tmp_path / "prefix.ttl").write_text(f"@prefix big: <{namespace}> .\n{uses}")
    code, err = _run(capsys, "export", str(tmp_path / "prefix.ttl"), "-o", "/dev/null")
    assert code == 2
    expected = f"an IRI of {len(namespace) + 2} characters is longer than the 8192 allowed"
    assert f"prefix.ttl:2:1: {expected}" in err


def test_a_two_megabyte_prefix_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The variant that aborted Oxigraph (rc 134): refused before any store sees it."""
    namespace = "http://example.org/" + "a" * 2_000_000 + "/"
    (tmp_path / "huge.ttl").write_text(f"@prefix big: <{namespace}> .\n\nbig:s big:p big:o .\n")
    code, err = _run(capsys, "validate", str(tmp_path / "huge.ttl"))
    assert code == 2
    assert "huge.ttl:3:1: an IRI of 2000021 characters is longer than the 8192 allowed" in err


def test_an_iri_of_the_limit_is_read_and_one_more_character_is_not(tmp_path: Path) -> None:
    for extra, ok in ((0, True), (1, False)):
        iri = "http://example.org/" + "x" * (MAX_IRI_LENGTH - 19 + extra)
        path = tmp_path / f"iri{extra}.ttl"
        path.write_text(f"<http://example.org/s> <http://example.org/p>\n  <{iri}> .\n")
        if ok:
            assert len(load.parse_turtle(path)) == 1
        else:
            with pytest.raises(RdfSyntaxError) as caught:
                load.parse_turtle(path)
            assert (caught.value.line, caught.value.column) == (2, 3)


def test_a_literal_over_the_limit_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    size = MAX_LITERAL_LENGTH + 1
    path = tmp_path / "literal.ttl"
    path.write_text(f'<http://example.org/s> <http://example.org/p>\n  "{"x" * size}" .\n')
    code, err = _run(capsys, "validate", str(path))
    assert code == 2
    assert f"literal.ttl:2:3: a literal of {size} characters is longer than the 1048576" in err


def test_a_literal_past_the_parsers_16_mib_names_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was "error: input too large to process in memory", with no file or line."""
    path = tmp_path / "sixteen.ttl"
    body = ("x" * 1023 + "\n") * (17 * 1024)  # 17 MiB over 17,408 lines, from line 3 on
    triple = "<http://example.org/s> <http://example.org/p>"
    path.write_text(f'{triple} 1 .\n\n{triple} """{body}""" .\n')
    code, err = _run(capsys, "export", str(path), "-o", "/dev/null")
    assert code == 2
    assert "is longer than 16 MiB (the limit)" in err
    where = err.split("sixteen.ttl:")[1].split(":")[0]
    # the parser gives up inside the literal, about 16 MiB (16,384 lines) after it began on
    # line 3: to within the 64 KiB (64 lines) it reads at a time
    assert 3 + 16 * 1024 - 64 <= int(where) <= 3 + 17 * 1024


def test_the_triples_spelled_out_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bound on a whole file's expansion, at a small limit (it is 1 GiB)."""
    monkeypatch.setattr(load, "MAX_INPUT_BYTES", 10_000)
    namespace = "http://example.org/" + "n" * 1000 + "/"
    path = tmp_path / "many.ttl"
    path.write_text(f"@prefix n: <{namespace}> .\n" + "n:s n:p n:o1, n:o2, n:o3, n:o4 .\n")
    with pytest.raises(RdfSyntaxError, match="the first 4 triples spelled out in full pass"):
        load.parse_turtle(path)


def _nested(depth: int) -> str:
    return "e:a e:p " + "[ e:p " * depth + "1" + " ]" * depth + " .\n"


def _nested_lists(depth: int) -> str:
    return "e:a e:p " + "( " * depth + "1" + " )" * depth + " .\n"


def _long_list(length: int) -> str:
    return "e:a e:p ( " + " ".join(str(i) for i in range(length)) + " ) .\n"


@pytest.mark.parametrize("shape", [_nested, _nested_lists, _long_list])
@pytest.mark.parametrize("command", [["export", "--format", "xml"], ["reason"]])
def test_ten_thousand_deep_blank_nodes_are_refused_at_read_time(
    shape: object, command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """RDF/XML export and `reason` ran out of time on these (quadratic in the chain)."""
    path = tmp_path / "deep.ttl"
    path.write_text("@prefix e: <http://example.org/> .\n\n" + shape(10_000))  # type: ignore[operator]
    code, err = _run(capsys, *command, str(path), "-o", "/dev/null")
    assert code == 2
    assert "deep.ttl:3:1: blank nodes nested or chained 10000 deep" in err
    assert "the limit is 256" in err


def test_a_cycle_of_blank_nodes_counts_as_a_chain(tmp_path: Path) -> None:
    path = tmp_path / "cycle.ttl"
    path.write_text(
        "".join(f"_:b{i} <http://example.org/p> _:b{(i + 1) % 300} .\n" for i in range(300))
    )
    with pytest.raises(RdfSyntaxError, match="chained 300 deep"):
        load.parse_turtle(path)


@pytest.mark.parametrize("shape", [_nested, _nested_lists, _long_list])
def test_chains_of_the_limit_are_read(shape: object, tmp_path: Path) -> None:
    path = tmp_path / "limit.ttl"
    path.write_text("@prefix e: <http://example.org/> .\n" + shape(MAX_BLANK_CHAIN))  # type: ignore[operator]
    assert len(load.parse_turtle(path)) >= MAX_BLANK_CHAIN
    path.write_text("@prefix e: <http://example.org/> .\n" + shape(MAX_BLANK_CHAIN + 1))  # type: ignore[operator]
    with pytest.raises(RdfSyntaxError, match=f"chained {MAX_BLANK_CHAIN + 1} deep"):
        load.parse_turtle(path)
