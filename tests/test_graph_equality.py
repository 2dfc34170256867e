"""The tests' graph equality (RDFC-1.0 in Oxigraph) gives rdflib.compare.isomorphic's verdict."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph_equality import same_graph
from property_budget import examples

EX = "https://example.org/"
NODES = st.one_of(
    st.sampled_from([URIRef(EX + "a"), URIRef(EX + "b")]),
    st.sampled_from(["x", "y", "z"]).map(BNode),
)
OBJECTS = st.one_of(NODES, st.sampled_from([Literal("1"), Literal("1", lang="en"), Literal(1)]))
TRIPLES = st.lists(
    st.tuples(NODES, st.sampled_from([URIRef(EX + "p"), URIRef(EX + "q")]), OBJECTS),
    max_size=6,
)


def graph_of(triples: list[tuple[object, object, object]]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)  # type: ignore[arg-type]
    return graph


@settings(max_examples=examples(200), deadline=None)
@given(TRIPLES, TRIPLES)
def test_the_verdict_is_rdflibs(first: list, second: list) -> None:  # type: ignore[type-arg]
    a, b = graph_of(first), graph_of(second)
    assert same_graph(a, b) == isomorphic(a, b)


def test_blank_nodes_match_by_structure_not_by_label() -> None:
    p = URIRef(EX + "p")
    one = graph_of([(BNode("x"), p, Literal("a")), (BNode("y"), p, BNode("x"))])
    relabelled = graph_of([(BNode("m"), p, Literal("a")), (BNode("n"), p, BNode("m"))])
    turned = graph_of([(BNode("x"), p, Literal("a")), (BNode("x"), p, BNode("y"))])
    assert same_graph(one, relabelled)
    assert not same_graph(one, turned)
    assert not same_graph(
        one, graph_of([(BNode("x"), p, Literal("b")), (BNode("y"), p, BNode("x"))])
    )
