"""Entity documents describe an entity both ways: its own statements and those pointing at it."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from isecg_kg.entity_documents import describe

ID = "https://w3id.org/isecg-kg/id/"
ORG = "http://www.w3.org/ns/org#"
ISECG = "https://w3id.org/isecg-kg/ontology#"


def test_jaxa_reaches_its_membership_and_chairmanships(real_graph: Graph) -> None:
    jaxa = URIRef(ID + "agency/jaxa")
    document = describe(real_graph, jaxa)
    pointing = {s for s, _ in document.subject_predicates(jaxa)}
    assert URIRef(ID + "membership/jaxa-isecg") in pointing
    chairs = {s for s in pointing if (s, RDF.type, URIRef(ISECG + "Chairmanship")) in real_graph}
    assert URIRef(ID + "chairmanship/2-jaxa") in chairs
    # its own statements are still there
    assert (jaxa, RDF.type, URIRef(ISECG + "SpaceAgency")) in document


def test_the_group_lists_its_27_memberships(real_graph: Graph) -> None:
    group = URIRef(ID + "group/isecg")
    document = describe(real_graph, group)
    memberships = set(document.subjects(URIRef(ORG + "organization"), group)) & set(
        real_graph.subjects(RDF.type, URIRef(ISECG + "Membership"))
    )
    assert len(memberships) == 27


def test_a_blank_node_pointing_at_an_entity_comes_with_its_path_from_a_named_node() -> None:
    graph = Graph().parse(
        data="""@prefix ex: <http://example.org/> .
        ex:table ex:row [ ex:cell [ ex:mark ex:circle ; ex:about ex:thing ] ] .
        ex:thing ex:p ex:o .""",
        format="turtle",
    )
    document = describe(graph, URIRef("http://example.org/thing"))
    assert len(document) == len(graph)
    assert (URIRef("http://example.org/table"), URIRef("http://example.org/row"), None) in document
