"""What describes the dataset comes from the graph (data/dataset.ttl), not from code."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from isecg_kg.release import DATASET, description


def test_the_dataset_is_described_in_both_languages_with_provenance(real_graph: Graph) -> None:
    for predicate in (DCTERMS.title, DCTERMS.description):
        languages = sorted(str(v.language) for v in real_graph.objects(DATASET, predicate))
        assert languages == ["en", "ja"], predicate
    assert real_graph.value(DATASET, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    source = real_graph.value(DATASET, PROV.wasDerivedFrom)
    assert source is not None and (source, None, None) in real_graph


def test_the_release_description_takes_them_from_the_graph(real_graph: Graph) -> None:
    graph = Graph()
    for triple in real_graph:  # the shared graph stays as it is
        graph.add(triple)
    graph.remove((DATASET, DCTERMS.title, None))
    graph.add((DATASET, DCTERMS.title, Literal("A title from the graph", lang="en")))
    void = description(graph, Graph(), [])
    assert set(void.objects(DATASET, DCTERMS.title)) == {
        Literal("A title from the graph", lang="en")
    }
    assert set(void.objects(DATASET, DCTERMS.description)) == set(
        real_graph.objects(DATASET, DCTERMS.description)
    )
