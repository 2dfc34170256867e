"""The parsed-graph cache: same graph, new entry when a file changes, harmless when broken."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from isecg_kg.cache import cached_graph, key
from isecg_kg.load import parse_files


@pytest.fixture()
def files(tmp_path: Path) -> list[Path]:
    path = tmp_path / "a.ttl"
    path.write_text(
        "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", encoding="utf-8"
    )
    return [path]


def test_a_cached_graph_equals_a_parsed_one(
    files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISECG_KG_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[int] = []

    def parse(paths: list[Path]) -> Graph:
        calls.append(1)
        return parse_files(paths)

    first, second = cached_graph(files, parse, "t-"), cached_graph(files, parse, "t-")
    assert len(calls) == 1 and isomorphic(first, second) and len(second) == 1
    files[0].write_text(
        "<http://example.org/a> <http://example.org/b> <http://example.org/d> .\n", encoding="utf-8"
    )
    assert len(cached_graph(files, parse, "t-")) == 1 and len(calls) == 2  # a changed file: new key


def test_a_broken_entry_is_parsed_again(
    files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISECG_KG_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / f"graph-{key(files)}.nt").write_bytes(b"not an entry")
    assert len(cached_graph(files, parse_files, "t-")) == 1


def test_the_cache_can_be_turned_off(
    files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISECG_KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ISECG_KG_NO_CACHE", "1")
    cached_graph(files, parse_files, "t-")
    assert not (tmp_path / "cache").exists()


def test_processes_parsing_at_once_agree_on_the_first_entry_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While this process parses, another one writes the entry: this one then takes that entry,
    not its own parse (the first written wins, whatever the two parses gave)."""
    from isecg_kg import cache

    monkeypatch.setenv("ISECG_KG_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "blank.ttl"
    source.write_text("[] <http://example.org/p> 1 .\n", encoding="utf-8")
    other: list[cache.Entry] = []

    def parse_while_another_writes(paths: list[Path]) -> Graph:
        entry = cache.cached_entry(paths, parse_files, "t-")  # the other process, first to finish
        other.append(entry)
        return parse_files(paths)

    entry, parsed = cache._entry_or_parse([source], parse_while_another_writes, "t-")
    assert parsed is None  # its own parse is dropped
    assert entry.triples == other[0].triples  # the same blank-node label
    assert b"_:" in entry.triples


BLANK_NODES = """@prefix ex: <http://example.org/> .
ex:a ex:p [ ex:q 1 ; ex:r [ ex:s "x" ] ] ; ex:list ( 1 2 ) .
_:b ex:p _:c . _:c ex:p _:b .
"""


def test_blank_nodes_have_one_label_per_content_cached_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parse names blank nodes anew; the cache and a parse without it both give each its
    RDFC-1.0 label after the caller's prefix, so files written from the graph are the same in
    every process (the release and its site, tests/test_release.py)."""
    from isecg_kg import cache
    from isecg_kg.export import serialize

    source = tmp_path / "blank.ttl"
    source.write_text(BLANK_NODES, encoding="utf-8")
    monkeypatch.setenv("ISECG_KG_CACHE_DIR", str(tmp_path / "cache"))
    cached = cache.cached_entry([source], parse_files, "t-").triples
    monkeypatch.setenv("ISECG_KG_NO_CACHE", "1")
    uncached = [cache.cached_entry([source], parse_files, "t-").triples for _ in range(2)]
    graph = cached_graph([source], parse_files, "t-")
    assert uncached == [cached, cached]
    assert serialize(graph, "nt") == cached
    labels = {str(node) for triple in graph for node in triple if not str(node).startswith("h")}
    labels -= {"1", "2", "x"}
    assert len(labels) == 6 and all(label.startswith("t-c14n") for label in labels), labels
    # the same parse again adds nothing; under another prefix (each triple names a blank node),
    # the two graphs stay apart
    assert len(graph + cached_graph([source], parse_files, "t-")) == len(graph) == 11
    assert len(graph + cached_graph([source], parse_files, "u-")) == 22
