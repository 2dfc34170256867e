"""The OWL 2 RL (or RDFS) closure, computed beside the asserted graph, never inside it."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from isecg_kg.load import new_graph

PROFILES = ("owlrl", "rdfs")
# owlrl reports an inconsistency as a triple with this predicate and a message literal.
OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")


@dataclass(frozen=True)
class Closure:
    inferred: Graph
    """Only the entailed triples, cleaned of what stores reject."""
    clashes: tuple[str, ...]
    """Inconsistencies found: owlrl's reports and members of owl:Nothing."""


def reason(asserted: Graph, profile: str = "owlrl") -> Closure:
    """Entailments of the asserted graph under OWL 2 RL (owlrl) or RDFS.

    owlrl writes into the graph it expands, so it expands a copy. Dropped from the result:
    triples with a literal subject (not RDF 1.1), reflexive `x owl:sameAs x`, and owlrl's
    inconsistency reports, which become `clashes` instead.
    """
    import owlrl

    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    semantics = owlrl.OWLRL_Semantics if profile == "owlrl" else owlrl.RDFS_Semantics
    expanded = Graph()
    for triple in asserted:
        expanded.add(triple)
    owlrl.DeductiveClosure(semantics, axiomatic_triples=False, datatype_axioms=False).expand(
        expanded
    )
    clashes = [str(message) for message in expanded.objects(None, OWLRL_ERROR)]
    clashes += [
        f"{member} is a member of owl:Nothing"
        for member in expanded.subjects(RDF.type, OWL.Nothing)
    ]
    inferred = new_graph()
    for prefix, namespace in asserted.namespaces():
        inferred.bind(prefix, namespace, override=False)
    for s, p, o in expanded:
        if isinstance(s, Literal) or p == OWLRL_ERROR or (p == OWL.sameAs and s == o):
            continue
        if (s, p, o) not in asserted:
            inferred.add((s, p, o))
    return Closure(inferred, tuple(sorted(clashes)))
