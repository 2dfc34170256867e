"""A bounded OWL 2 RL engine: the rules this ontology uses, as SPARQL updates run on Oxigraph.

owlrl (the reference) is complete but slow; reasonable is fast but took 2.7 GB at 100k triples.
The ontology uses few OWL constructs, so the rules that can fire on it are run as SPARQL
INSERTs inside an embedded Oxigraph store, repeated until nothing new is derived. Memory stays
that of the store. Rule names follow the OWL 2 RL profile (table 4 to 9 of the W3C spec).

Not applied: the equality-replacement rules (eq-rep-*): `owl:sameAs` links that functional
properties entail are derived and reported, but not propagated. The graph has none; a clash test
keeps it so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""

RULES = {
    "scm-sco": (
        "INSERT { ?a rdfs:subClassOf ?c } WHERE { ?a rdfs:subClassOf ?b . ?b rdfs:subClassOf ?c . }"
    ),
    "scm-spo": (
        "INSERT { ?a rdfs:subPropertyOf ?c } WHERE { ?a rdfs:subPropertyOf ?b . ?b rdfs:subPropertyOf ?c . }"
    ),
    "scm-eqc": (
        "INSERT { ?a rdfs:subClassOf ?b . ?b rdfs:subClassOf ?a } WHERE { ?a owl:equivalentClass ?b . }"
    ),
    "scm-eqp": (
        "INSERT { ?a rdfs:subPropertyOf ?b . ?b rdfs:subPropertyOf ?a } WHERE { ?a owl:equivalentProperty ?b . }"
    ),
    "cax-sco": ("INSERT { ?x a ?c } WHERE { ?b rdfs:subClassOf ?c . ?x a ?b . }"),
    "prp-spo1": ("INSERT { ?x ?q ?y } WHERE { ?p rdfs:subPropertyOf ?q . ?x ?p ?y . }"),
    "prp-dom": ("INSERT { ?x a ?c } WHERE { ?p rdfs:domain ?c . ?x ?p ?y . }"),
    "prp-rng": (
        "INSERT { ?y a ?c } WHERE { ?p rdfs:range ?c . ?x ?p ?y . FILTER(!isLiteral(?y)) }"
    ),
    "prp-inv": (
        "INSERT { ?y ?q ?x . } WHERE { { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p } ?x ?p ?y . FILTER(!isLiteral(?y)) }"
    ),
    "prp-symp": (
        "INSERT { ?y ?p ?x } WHERE { ?p a owl:SymmetricProperty . ?x ?p ?y . FILTER(!isLiteral(?y)) }"
    ),
    "prp-trp": (
        "INSERT { ?x ?p ?z } WHERE { ?p a owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z . }"
    ),
    "prp-fp": (
        "INSERT { ?y1 owl:sameAs ?y2 } WHERE { ?p a owl:FunctionalProperty . ?x ?p ?y1 . ?x ?p ?y2 . FILTER(?y1 != ?y2 && !isLiteral(?y1) && !isLiteral(?y2)) }"
    ),
    "prp-ifp": (
        "INSERT { ?x1 owl:sameAs ?x2 } WHERE { ?p a owl:InverseFunctionalProperty . ?x1 ?p ?y . ?x2 ?p ?y . FILTER(?x1 != ?x2) }"
    ),
}

CLASH_QUERIES = {
    "cax-dw": ("SELECT ?x ?a ?b WHERE { ?a owl:disjointWith ?b . ?x a ?a . ?x a ?b . }"),
    "cls-nothing2": ("SELECT ?x WHERE { ?x a owl:Nothing . }"),
    "prp-fp (data values)": (
        "SELECT ?x ?p WHERE { ?p a owl:FunctionalProperty . ?x ?p ?v1 . ?x ?p ?v2 . "
        "FILTER(isLiteral(?v1) && isLiteral(?v2) && ?v1 != ?v2 && STR(?v1) != STR(?v2)) }"
    ),
}


def saturate(store: pyoxigraph.Store, max_rounds: int = 50) -> int:
    """Apply the rules until no rule derives anything new; returns the number of rounds."""
    for rounds in range(1, max_rounds + 1):
        before = len(store)
        for rule in RULES.values():
            store.update(PREFIXES + rule)
        if len(store) == before:
            return rounds
    raise RuntimeError(f"no fixpoint after {max_rounds} rounds")


def clashes(store: pyoxigraph.Store) -> list[str]:
    found = []
    for rule, query in CLASH_QUERIES.items():
        for solution in store.query(PREFIXES + query):
            terms = " ".join(str(term) for term in solution)
            found.append(f"{rule}: {terms}")
    return sorted(found)
