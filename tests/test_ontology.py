"""The ontology: bilingual documentation of every term, OWL 2 RL consistency, hygiene queries."""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from isecg_kg.consistency import hygiene

ROOT = Path(__file__).resolve().parent.parent
ISECG = "https://w3id.org/isecg-kg/ontology#"
ONTOLOGY = URIRef("https://w3id.org/isecg-kg/ontology")
OWLRL_ERROR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#").error
QA_QUERIES = sorted((ROOT / "queries" / "qa").glob("*-violation.rq"))
QA_FIXTURES = ROOT / "tests" / "fixtures" / "qa"


def parse(*patterns: str) -> Graph:
    graph = Graph()
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            graph.parse(path)
    return graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse("ontology/*.ttl")


@pytest.fixture(scope="module")
def merged() -> Graph:
    return parse("ontology/*.ttl", "data/**/*.ttl")


def our_terms(graph: Graph) -> list[URIRef]:
    kinds = (
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.NamedIndividual,
        SKOS.ConceptScheme,
    )
    return sorted(
        {s for kind in kinds for s in graph.subjects(RDF.type, kind) if str(s).startswith(ISECG)}
    )


def languages(graph: Graph, node: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(node, predicate) if isinstance(o, Literal)}


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    version_iri = ontology.value(ONTOLOGY, OWL.versionIRI)
    version = str(ontology.value(ONTOLOGY, OWL.versionInfo))
    assert str(version_iri) == f"https://w3id.org/isecg-kg/ontology/{version}"
    for predicate in ("title", "description", "license", "creator"):
        assert ontology.value(ONTOLOGY, URIRef("http://purl.org/dc/terms/" + predicate)) is not None


def test_every_term_has_labels_and_definitions_in_both_languages(ontology: Graph) -> None:
    terms = our_terms(ontology)
    assert len(terms) > 100
    problems = []
    for term in terms:
        label_languages = [o.language for o in ontology.objects(term, RDFS.label)]
        if sorted(label_languages) != ["en", "ja"]:
            problems.append(f"{term}: labels {label_languages}")
        if {"en", "ja"} - languages(ontology, term, SKOS.definition):
            problems.append(f"{term}: definitions {languages(ontology, term, SKOS.definition)}")
        if ontology.value(term, RDFS.isDefinedBy) != ONTOLOGY:
            problems.append(f"{term}: no rdfs:isDefinedBy")
    assert problems == []


def test_every_class_and_property_sits_in_a_well_known_vocabulary(ontology: Graph) -> None:
    # A class either specialises an external class or one of ours that does; same for properties
    # that have an obvious parent. Spot-check the ones the design names.
    org = "http://www.w3.org/ns/org#"
    assert (
        URIRef(ISECG + "SpaceAgency"),
        RDFS.subClassOf,
        URIRef(org + "Organization"),
    ) in ontology
    assert (URIRef(ISECG + "Membership"), RDFS.subClassOf, URIRef(org + "Membership")) in ontology
    assert (URIRef(ISECG + "Technology"), RDFS.subClassOf, SKOS.Concept) in ontology
    assert (
        URIRef(ISECG + "QuantitativeCapability"),
        RDFS.subClassOf,
        URIRef("http://qudt.org/schema/qudt/QuantityValue"),
    ) in ontology
    unanchored = [
        c
        for c in ontology.subjects(RDF.type, OWL.Class)
        if str(c).startswith(ISECG)
        and ontology.value(c, RDFS.subClassOf) is None
        and c != URIRef(ISECG + "Frequency")
    ]
    assert unanchored == []


@pytest.mark.slow  # owlrl on the whole graph
def test_owl_rl_closure_is_consistent(merged: Graph) -> None:
    closure = Graph()
    for triple in merged:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False).expand(closure)
    assert len(closure) > len(merged)
    assert list(closure.subjects(RDF.type, OWL.Nothing)) == []
    assert [str(o) for o in closure.objects(None, OWLRL_ERROR)] == []
    # an entailment the model relies on: an agency is an org:Organization
    nasa = URIRef("https://w3id.org/isecg-kg/id/agency/nasa")
    assert (nasa, RDF.type, URIRef("http://www.w3.org/ns/org#Organization")) in closure


@pytest.mark.slow  # owlrl on the ontology
def test_owl_rl_detects_a_clash() -> None:
    """The consistency check can fail: a thing typed as both Country and Region is a clash."""
    graph = parse("ontology/*.ttl")
    place = URIRef("https://w3id.org/isecg-kg/id/country/atlantis")
    graph.add((place, RDF.type, URIRef(ISECG + "Country")))
    graph.add((place, RDF.type, URIRef(ISECG + "Region")))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False).expand(graph)
    assert list(graph.objects(None, OWLRL_ERROR)) != []


@pytest.mark.parametrize("query", QA_QUERIES, ids=lambda p: p.stem)
def test_hygiene_query_finds_nothing_in_the_graph(merged: Graph, query: Path) -> None:
    # as validation runs it: consistency.hygiene, on Oxigraph
    assert [f.message for f in hygiene(merged, [query])] == []


@pytest.mark.parametrize("query", QA_QUERIES, ids=lambda p: p.stem)
def test_hygiene_query_fires_on_its_bad_example(merged: Graph, query: Path) -> None:
    fixture = QA_FIXTURES / (query.stem.removesuffix("-violation") + ".ttl")
    assert fixture.exists(), f"{query.name} has no failing example {fixture.name}"
    graph = Graph()
    for triple in merged:
        graph.add(triple)
    graph.parse(fixture)
    found = hygiene(graph, [query])
    assert found, f"{query.name} did not fire on {fixture.name}"
    assert all(f.severity == "Violation" for f in found)  # its message began "ERROR: "
