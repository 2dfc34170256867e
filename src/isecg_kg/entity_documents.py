"""One RDF document per instance, in Turtle, N-Triples, JSON-LD and RDF/XML, beside its HTML page
(`id/<kind>/<slug>.ttl` …), so that content negotiation on an instance IRI has somewhere to
redirect RDF clients to. Each document is the entity's concise bounded description, the
owl:Axiom nodes that annotate its links, and the statements whose object it is."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF

from isecg_kg.export import SortedGraph, serialize
from isecg_kg.safe_paths import entity_stems
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
    """The entity's CBD (its triples, following blank nodes), the axioms annotating them, and the
    statements that point at it (its memberships, chairmanships, table cells …), as DBpedia's and
    Wikidata's entity documents have them: a blank node pointing at it comes with its own
    description and the statements that lead to it from a named node."""
    document = graph.cbd(entity)
    for axiom in graph.subjects(OWL.annotatedSource, entity):
        document += graph.cbd(axiom)
    pointing, seen = [entity], {entity}
    while pointing:
        target = pointing.pop()
        for subject, predicate in graph.subject_predicates(target):
            document.add((subject, predicate, target))
            if isinstance(subject, BNode) and subject not in seen:
                seen.add(subject)
                document += graph.cbd(subject)
                pointing.append(subject)
    # Listed in sorted order (RDF/XML); the blank nodes keep the graph's labels, which are the
    # same in every process (the packaged graph's are content-based: `cache`), so no document
    # needs relabelling by RDFC-1.0 of its own (`export.canonical`: 500 of them a site).
    ordered = SortedGraph()
    bind_prefixes(ordered, graph.namespaces())
    for triple in document:
        ordered.add(triple)
    return ordered


def write_entity_documents(graph: Graph, put: Callable[[str, bytes], None]) -> int:
    """Write `id/<kind>/<slug>.<ext>` for every instance through `put(relative_path, bytes)`."""
    entities = instances(graph)
    stems = entity_stems(map(str, entities))  # refused before anything is written
    for entity in entities:
        document = describe(graph, entity)
        relative = stems[str(entity)]
        for extension, (fmt, _) in FORMATS.items():
            put(f"{relative}.{extension}", serialize(document, fmt))
    return len(entities)
