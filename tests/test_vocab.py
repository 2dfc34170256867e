"""One vocabulary: the generated namespace equals what the ontology declares; one prefix map."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef

from isecg_kg import export, load
from isecg_kg.vocab import (
    FORMATS,
    ISECG,
    ONTOLOGY,
    PREFIXES,
    declared_terms,
    shorten,
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
