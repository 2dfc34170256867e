"""Inside translated_once() rdflib answers as outside it, rejects what it rejects, is restored."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import processor

from isecg_kg.sparql_translation import translated_once

QUERY = "SELECT ?o WHERE { <http://example.org/s> ?p ?o } ORDER BY ?o"


def small_graph() -> Graph:
    graph = Graph()
    for n in range(3):
        graph.add((URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal(n)))
    return graph


def test_answers_are_the_same_inside_and_outside_and_repeatable() -> None:
    graph = small_graph()
    outside = [row.o.toPython() for row in graph.query(QUERY)]
    with translated_once():
        first = [row.o.toPython() for row in graph.query(QUERY)]
        graph.add((URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal(3)))
        again = [row.o.toPython() for row in graph.query(QUERY)]  # the kept translation, new data
    assert outside == first == [0, 1, 2]
    assert again == [0, 1, 2, 3]


def test_a_rejected_text_is_rejected_every_time_and_the_original_is_restored() -> None:
    original = processor.SPARQLProcessor.query
    with translated_once():
        assert processor.SPARQLProcessor.query is not original
        with translated_once():  # nested use keeps the patch until the outer block ends
            pass
        assert processor.SPARQLProcessor.query is not original
        for _ in range(2):
            with pytest.raises(Exception, match="Expected"):
                small_graph().query("SELECT ?o WHERE { ?s ?p ")
    assert processor.SPARQLProcessor.query is original
