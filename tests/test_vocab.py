"""One vocabulary: the generated namespace equals what the ontology declares; one prefix map."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from isecg_kg import export, load
from isecg_kg.vocab import (
    FORMATS,
    ISECG,
    ONTOLOGY,
    PREFIXES,
    bind_prefixes,
    declared_terms,
    shorten,
    used_namespaces,
    vocabulary_files,
)

ROOT = Path(__file__).resolve().parent.parent


def test_the_namespace_is_exactly_the_declared_terms() -> None:
    """Stale after an ontology change? Regenerate: python -m isecg_kg.vocab"""
    declared = declared_terms(
        [ROOT / "ontology" / "isecg.ttl", ROOT / "ontology" / "vocabularies.ttl"]
    )
    assert len(declared) > 150
    assert sorted(ISECG.__annotations__) == declared
    assert [p.name for p in vocabulary_files()] == ["isecg.ttl", "vocabularies.ttl"]


def test_a_misspelt_term_raises() -> None:
    assert ISECG.SpaceAgency == URIRef(ONTOLOGY + "SpaceAgency")
    assert ISECG.CircleMark == URIRef(ONTOLOGY + "CircleMark")
    with pytest.raises(AttributeError, match="SpaceAgncy"):
        _ = ISECG.SpaceAgncy


def test_one_prefix_map_and_one_format_registry() -> None:
    assert load.PREFIXES is PREFIXES
    assert export.jsonld_context()["@context"] == dict(sorted(PREFIXES.items()))
    assert export.EXTENSIONS == {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "xml": ".rdf"}
    assert set(FORMATS) == set(export.EXTENSIONS)


def test_shorten() -> None:
    assert shorten(URIRef("https://w3id.org/isecg-kg/id/agency/jaxa")) == "isecgid:agency/jaxa"
    assert shorten(ISECG.SpaceAgency) == "isecg:SpaceAgency"
    assert shorten(URIRef("http://example.org/x")) == "<http://example.org/x>"
    assert shorten(Literal("宇宙", lang="ja")) == '"宇宙"@ja'
    assert shorten(BNode("b1")) == "_:b1"
    assert shorten(None) == ""


def test_bind_prefixes_keeps_the_first_binding_of_a_prefix_and_of_a_namespace() -> None:
    graph = Graph()
    bind_prefixes(graph, [("ex", "http://example.org/a/"), ("ex", "http://example.org/b/")])
    bind_prefixes(graph, [("other", "http://example.org/a/")])
    assert graph.store.namespace("ex") == URIRef("http://example.org/a/")
    assert graph.store.namespace("other") is None
    bind_prefixes(graph, [("ex", "http://example.org/b/")], override=True)
    assert graph.store.namespace("ex") == URIRef("http://example.org/b/")
    # rdflib shortens with a namespace bound this way (it files it in its trie on first use)
    assert graph.namespace_manager.qname(URIRef("http://example.org/b/x")) == "ex:x"


def test_used_namespaces_are_those_that_begin_an_iri() -> None:
    namespaces = ["http://example.org/1/", "http://example.org/10/", "http://example.org/"]
    iris = ["http://example.org/10/a", "http://example.org/x"]
    assert used_namespaces(namespaces, iris) == {"http://example.org/10/", "http://example.org/"}
