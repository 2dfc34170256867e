"""The README cannot go stale: its counts, its list of stored queries and its class counts are
compared with the graph, and it never tells users to install from a registry that does not
serve the package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from isecg_kg import KnowledgeGraph, resources
from isecg_kg.build import class_counts
from isecg_kg.load import packaged_graph
from isecg_kg.reason import reason
from isecg_kg.stored_queries import catalogue

README = Path(__file__).resolve().parent.parent / "README.md"


def number(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    assert found, f"README.md has no line matching {pattern!r}"
    return int(found.group(1).replace(",", ""))


def test_build_example_counts_are_current() -> None:
    text = README.read_text(encoding="utf-8")
    graph = packaged_graph()
    asserted = number(r"triples asserted : (\d+)", text)
    assert asserted == len(graph), f"README.md: update 'triples asserted : {len(graph)}'"
    # the inferred graph as `build` defines it on both engine paths (entailments about the data)
    inferred = len(reason(graph).inferred)
    stated = number(r"triples inferred : (\d+)", text)
    assert stated == inferred, f"README.md: update 'triples inferred : {inferred}'"
    queries = catalogue(resources.queries_dir())
    answered = number(r"stored queries answered: (\d+)", text)
    assert answered == len(queries), f"README.md: update 'stored queries answered: {len(queries)}'"
    counts = class_counts(graph)
    for name, count in re.findall(r"^    (isecg:\w+)\s+(\d+)$", text, flags=re.M):
        assert counts.get(name) == int(count), f"README.md: {name} has {counts.get(name)}"


def test_stored_query_list_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"Stored queries: (.*?)\.\s", text, flags=re.S)
    assert found, "README.md has no 'Stored queries: …' list"
    paragraph = found.group(1)
    # names in backquotes, not the parameters in parentheses after them
    listed = set(re.findall(r"`([a-z-]+)`", re.sub(r"\([^)]*\)", "", paragraph)))
    assert listed == set(catalogue(resources.queries_dir())), "README.md: the stored query list"


def test_member_count_in_the_opening_matches_the_graph() -> None:
    text = README.read_text(encoding="utf-8")
    kg = KnowledgeGraph.load()
    # the seed's snapshot is what members-at answers by default; the later count, on a 2024 date
    seed = number(r"its (\d+) member agencies of the seed's", text)
    assert seed == len(kg.query("members-at")) == 14
    later = number(r"\((\d+) by 2024\b", text)
    assert later == len(kg.query("members-at", as_of="2024-12-31"))
    assert later == class_counts(kg.graph)["isecg:SpaceAgency"]


def test_install_instructions_say_what_works() -> None:
    text = README.read_text(encoding="utf-8")
    assert not re.search(r"pip install isecg-kg\b(?!\[)", text), "isecg-kg is not on a registry"
    assert "pip install 'dist/isecg_kg-" in text


@pytest.mark.slow  # pytest collects the suite twice, in child processes
def test_the_counts_of_tests_are_current() -> None:
    """The README's "(N of M tests)": what pytest collects for `make check` and `make test`."""
    import subprocess
    import sys

    text = README.read_text(encoding="utf-8")
    quick, every = (
        number(r"\(([\d,]+) of [\d,]+ tests\)", text),
        number(r"of ([\d,]+) tests\)", text),
    )
    marks = re.search(r"^QUICK := (.+)$", (README.parent / "Makefile").read_text("utf-8"), re.M)
    assert marks, "Makefile: QUICK"

    def collected(*options: str) -> int:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0", *options],
            cwd=README.parent,
            capture_output=True,
            text=True,
            check=True,
        )
        return number(r"(\d+)(?:/\d+)? tests collected", done.stdout.splitlines()[-1])

    assert (quick, every) == (collected("-m", marks.group(1)), collected())
