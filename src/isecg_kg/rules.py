"""A bounded OWL 2 RL engine: the rules this ontology uses, as SPARQL updates run on Oxigraph.

owlrl (the reference) is complete but slow; reasonable is fast but took 2.7 GB at 100k triples.
The ontology uses few OWL constructs, so the rules that can fire on it are run as SPARQL
INSERTs inside an embedded Oxigraph store, repeated until nothing new is derived. Memory stays
that of the store. Rule names follow the OWL 2 RL profile (table 4 to 9 of the W3C spec).

Equality is applied as owlrl applies it (eq-sym, eq-trans, eq-rep-s/p/o), so both engines
entail the same triples about the data when a graph says owl:sameAs. What a clash is lives in
isecg_kg.consistency, one place for every engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""

DATA_VALUES = "prp-fp+eq-rep-o (data values)"
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
    # scm-cls: owl:Nothing is a subclass of every class, so its members are members of all
    "scm-cls (owl:Nothing)": ("INSERT { ?x a ?c } WHERE { ?x a owl:Nothing . ?c a owl:Class . }"),
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
    "eq-sym": ("INSERT { ?y owl:sameAs ?x } WHERE { ?x owl:sameAs ?y . }"),
    "eq-trans": ("INSERT { ?x owl:sameAs ?z } WHERE { ?x owl:sameAs ?y . ?y owl:sameAs ?z . }"),
    "eq-rep-s": ("INSERT { ?t ?p ?o } WHERE { ?s owl:sameAs ?t . ?s ?p ?o . }"),
    "eq-rep-p": ("INSERT { ?s ?q ?o } WHERE { ?p owl:sameAs ?q . ?s ?p ?o . }"),
    "eq-rep-o": ("INSERT { ?s ?p ?t } WHERE { ?o owl:sameAs ?t . ?s ?p ?o . }"),
    # owlrl equates two values of a functional property even when they are literals, and
    # replaces one by the other wherever it stands as an object (eq-rep-o): a literal cannot be a
    # subject in a store, so the two steps are one rule here.
    DATA_VALUES: (
        "INSERT { ?s ?q ?v2 } WHERE { ?p a owl:FunctionalProperty . ?x ?p ?v1 . ?x ?p ?v2 . "
        "FILTER(isLiteral(?v1) && isLiteral(?v2) && !sameTerm(?v1, ?v2)) ?s ?q ?v1 . }"
    ),
    "prp-ifp": (
        "INSERT { ?x1 owl:sameAs ?x2 } WHERE { ?p a owl:InverseFunctionalProperty . ?x1 ?p ?y . ?x2 ?p ?y . FILTER(?x1 != ?x2) }"
    ),
}


def saturate(store: pyoxigraph.Store, max_rounds: int = 50, *, data_values: bool = True) -> int:
    """Apply the rules until no rule derives anything new; returns the number of rounds.

    `data_values=False` leaves out the equating of a functional property's literal values: the
    clash rules (isecg_kg.consistency) report those values once, not their copies."""
    rules = [rule for name, rule in RULES.items() if data_values or name != DATA_VALUES]
    for rounds in range(1, max_rounds + 1):
        before = len(store)
        for rule in rules:
            store.update(PREFIXES + rule)
        if len(store) == before:
            return rounds
    raise RuntimeError(f"no fixpoint after {max_rounds} rounds")
