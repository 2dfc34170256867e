"""Reasoning: entailments only, beside the asserted graph, clean enough for any triple store."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.compare import to_isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD

from isecg_kg.cli import main
from isecg_kg.load import parse_turtle
from isecg_kg.reason import reason

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "cli" / "hierarchy.ttl"
EX = Namespace("http://example.org/isecg-kg-test#")


@pytest.fixture()
def asserted() -> Graph:
    return parse_turtle(FIXTURE)


@pytest.mark.parametrize("profile", ["owlrl", "rdfs"])
def test_known_entailments_and_nothing_asserted(asserted: Graph, profile: str) -> None:
    inferred = reason(asserted, profile).inferred
    assert (EX.x, RDF.type, EX.B) in inferred  # A ⊑ B
    assert (EX.x, RDF.type, EX.Coded) in inferred  # the domain of ex:code
    assert not any(triple in asserted for triple in inferred)


@pytest.mark.parametrize("profile", ["owlrl", "rdfs"])
def test_the_asserted_graph_is_left_as_it_was(asserted: Graph, profile: str) -> None:
    before = to_isomorphic(asserted)
    reason(asserted, profile)
    assert to_isomorphic(asserted) == before


@pytest.mark.parametrize("profile", ["owlrl", "rdfs"])
def test_nothing_a_store_would_reject(asserted: Graph, profile: str) -> None:
    inferred = reason(asserted, profile).inferred
    assert not any(isinstance(s, Literal) for s in inferred.subjects())
    assert not any(s == o for s, o in inferred.subject_objects(OWL.sameAs))


def test_identity_is_symmetric_but_not_reflexive(asserted: Graph) -> None:
    inferred = reason(asserted, "owlrl").inferred
    assert (EX.y, OWL.sameAs, EX.x) in inferred
    assert (EX.y, RDF.type, EX.B) in inferred


def test_rdfs_keeps_literals_of_different_values_apart(asserted: Graph) -> None:
    """owlrl 7.6.2 equates "NASA" with "NASA"@en, and 1 with true; the closure must not."""
    inferred = reason(asserted, "rdfs").inferred
    assert (EX.x, EX.code, Literal("NASA", lang="en")) not in inferred
    assert (EX.x, RDFS.label, Literal("NASA")) not in inferred
    assert (EX.x, EX.count, Literal(True)) not in inferred
    assert (EX.x, EX.flag, Literal(1)) not in inferred
    assert not any(o.datatype == XSD.boolean for o in inferred.objects(EX.x, EX.count))


def test_reason_command_on_a_users_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    output = tmp_path / "inferred.ttl"
    assert main(["reason", str(FIXTURE), "--profile", "rdfs", "-o", str(output)]) == 0
    inferred = Graph().parse(output, format="turtle")
    assert (EX.x, RDF.type, EX.B) in inferred
    assert capsys.readouterr().out == ""


@pytest.mark.slow  # owlrl's RDFS closure of the whole graph (the clash through RDFS: check stage)
def test_validation_on_the_rdfs_closure_of_the_packaged_graph(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["validate", "--inference", "rdfs"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.strip().endswith("on the asserted+inferred (rdfs) graph")
