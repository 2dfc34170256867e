"""One RDF document per instance, in Turtle, N-Triples, JSON-LD and RDF/XML, beside its HTML page
(`id/<kind>/<slug>.ttl` …), so that content negotiation on an instance IRI has somewhere to
redirect RDF clients to. Each document is the entity's concise bounded description plus the
owl:Axiom nodes that annotate its links."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from isecg_kg.export import serialize
from isecg_kg.vocab import bind_prefixes

ID = "https://w3id.org/isecg-kg/id/"
# Extension -> (export format, media type). The entity page's <link rel="alternate"> elements
# (site/templates/entity.html) list the same four; a test keeps them in step.
FORMATS = {
    "ttl": ("ttl", "text/turtle"),
    "nt": ("nt", "application/n-triples"),
    "jsonld": ("jsonld", "application/ld+json"),
    "rdf": ("xml", "application/rdf+xml"),
}


def instances(graph: Graph) -> list[URIRef]:
    return sorted(
        {
            s
            for s in graph.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(ID)
        }
    )


def describe(graph: Graph, entity: URIRef) -> Graph:
    """The entity's CBD (its triples, following blank nodes) and the axioms annotating them."""
    document = graph.cbd(entity)
    for axiom in graph.subjects(OWL.annotatedSource, entity):
        document += graph.cbd(axiom)
    bind_prefixes(document, graph.namespaces())
    return document


def write_entity_documents(graph: Graph, put: Callable[[str, bytes], None]) -> int:
    """Write `id/<kind>/<slug>.<ext>` for every instance through `put(relative_path, bytes)`."""
    entities = instances(graph)
    for entity in entities:
        document = describe(graph, entity)
        relative = "id/" + str(entity).removeprefix(ID)
        for extension, (fmt, _) in FORMATS.items():
            put(f"{relative}.{extension}", serialize(document, fmt))
    return len(entities)
