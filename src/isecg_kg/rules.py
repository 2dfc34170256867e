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

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""

DATA_VALUES = "prp-fp+eq-rep-o (data values)"
# Each rule: the triples it derives (its head) and the pattern they are derived from (its body).
RULE_PARTS: dict[str, tuple[tuple[str, ...], str]] = {
    "scm-sco": (("?a rdfs:subClassOf ?c",), "?a rdfs:subClassOf ?b . ?b rdfs:subClassOf ?c ."),
    "scm-spo": (
        ("?a rdfs:subPropertyOf ?c",),
        "?a rdfs:subPropertyOf ?b . ?b rdfs:subPropertyOf ?c .",
    ),
    "scm-eqc": (("?a rdfs:subClassOf ?b", "?b rdfs:subClassOf ?a"), "?a owl:equivalentClass ?b ."),
    "scm-eqp": (
        ("?a rdfs:subPropertyOf ?b", "?b rdfs:subPropertyOf ?a"),
        "?a owl:equivalentProperty ?b .",
    ),
    # scm-cls: owl:Nothing is a subclass of every class, so its members are members of all
    "scm-cls (owl:Nothing)": (("?x a ?c",), "?x a owl:Nothing . ?c a owl:Class ."),
    "cax-sco": (("?x a ?c",), "?b rdfs:subClassOf ?c . ?x a ?b ."),
    "prp-spo1": (("?x ?q ?y",), "?p rdfs:subPropertyOf ?q . ?x ?p ?y ."),
    "prp-dom": (("?x a ?c",), "?p rdfs:domain ?c . ?x ?p ?y ."),
    "prp-rng": (("?y a ?c",), "?p rdfs:range ?c . ?x ?p ?y . FILTER(!isLiteral(?y))"),
    "prp-inv": (
        ("?y ?q ?x",),
        "{ ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p } ?x ?p ?y . FILTER(!isLiteral(?y))",
    ),
    "prp-symp": (("?y ?p ?x",), "?p a owl:SymmetricProperty . ?x ?p ?y . FILTER(!isLiteral(?y))"),
    "prp-trp": (("?x ?p ?z",), "?p a owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z ."),
    "prp-fp": (
        ("?y1 owl:sameAs ?y2",),
        "?p a owl:FunctionalProperty . ?x ?p ?y1 . ?x ?p ?y2 . "
        "FILTER(?y1 != ?y2 && !isLiteral(?y1) && !isLiteral(?y2))",
    ),
    "eq-sym": (("?y owl:sameAs ?x",), "?x owl:sameAs ?y ."),
    "eq-trans": (("?x owl:sameAs ?z",), "?x owl:sameAs ?y . ?y owl:sameAs ?z ."),
    "eq-rep-s": (("?t ?p ?o",), "?s owl:sameAs ?t . ?s ?p ?o ."),
    "eq-rep-p": (("?s ?q ?o",), "?p owl:sameAs ?q . ?s ?p ?o ."),
    "eq-rep-o": (("?s ?p ?t",), "?o owl:sameAs ?t . ?s ?p ?o ."),
    # owlrl equates two values of a functional property even when they are literals, and
    # replaces one by the other wherever it stands as an object (eq-rep-o): a literal cannot be a
    # subject in a store, so the two steps are one rule here.
    DATA_VALUES: (
        ("?s ?q ?v2",),
        "?p a owl:FunctionalProperty . ?x ?p ?v1 . ?x ?p ?v2 . "
        "FILTER(isLiteral(?v1) && isLiteral(?v2) && !sameTerm(?v1, ?v2)) ?s ?q ?v1 .",
    ),
    "prp-ifp": (
        ("?x1 owl:sameAs ?x2",),
        "?p a owl:InverseFunctionalProperty . ?x1 ?p ?y . ?x2 ?p ?y . FILTER(?x1 != ?x2)",
    ),
}
RULES = {
    name: f"INSERT {{ {' . '.join(head)} }} WHERE {{ {body} }}"
    for name, (head, body) in RULE_PARTS.items()
}
# The same rules giving only what they would add, one head triple at a time.
_NEW_TRIPLES = {
    name: [f"CONSTRUCT {{ {h} }} WHERE {{ {body} FILTER NOT EXISTS {{ {h} }} }}" for h in head]
    for name, (head, body) in RULE_PARTS.items()
}


def saturate(
    store: pyoxigraph.Store,
    max_rounds: int = 50,
    *,
    data_values: bool = True,
    added: Callable[[set[pyoxigraph.Quad]], None] | None = None,
) -> int:
    """Apply the rules until no rule derives anything new; returns the number of rounds.

    `data_values=False` leaves out the equating of a functional property's literal values: the
    clash rules (isecg_kg.consistency) report those values once, not their copies. `added`, when
    given, is shown each triple the rules add, once, as they add it: what the closure entails
    beyond the store it started from, without comparing the closed store with it triple by
    triple afterwards."""
    names = [name for name in RULES if data_values or name != DATA_VALUES]
    if added is not None:
        return _saturate_collecting(store, names, max_rounds, added)
    for rounds in range(1, max_rounds + 1):
        before = len(store)
        for name in names:
            store.update(PREFIXES + RULES[name])
        if len(store) == before:
            return rounds
    raise RuntimeError(f"no fixpoint after {max_rounds} rounds")


def _saturate_collecting(
    store: pyoxigraph.Store,
    names: list[str],
    max_rounds: int,
    added: Callable[[set[pyoxigraph.Quad]], None],
) -> int:
    """`saturate`, each rule asked for the triples it would add (CONSTRUCT ... FILTER NOT EXISTS)
    and those added, so that they are known: the same closure (tests/test_engines.py)."""
    import pyoxigraph

    for rounds in range(1, max_rounds + 1):
        grew = False
        for name in names:
            for construct in _NEW_TRIPLES[name]:
                new = {  # read whole before the store changes; a triple may come twice
                    pyoxigraph.Quad(t.subject, t.predicate, t.object)
                    for t in store.query(PREFIXES + construct)
                }
                if new:
                    store.bulk_extend(new)
                    added(new)
                    grew = True
        if not grew:
            return rounds
    raise RuntimeError(f"no fixpoint after {max_rounds} rounds")
