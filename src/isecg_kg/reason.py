"""The OWL 2 RL (or RDFS) closure, computed beside the asserted graph, never inside it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from isecg_kg.engine_registry import choose
from isecg_kg.errors import InputError
from isecg_kg.load import new_graph
from isecg_kg.vocab import bind_prefixes

if TYPE_CHECKING:
    import pyoxigraph

PROFILES = ("owlrl", "rdfs")
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
# owlrl reports an inconsistency as a triple with this predicate and a message literal.
OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
_OWLRL_REPORTS = "http://www.daml.org/2002/03/agents/agent-ont#"

# --- The inferred graph and the clashes, defined once for every engine -------------------------

# OWL 2 RL engines differ in the schema bookkeeping they write out (owlrl closes subclass, domain
# and equivalence axioms and types every datatype; the rules engine does not), never in what they
# entail about the data. The inferred graph is what they entail about the data.
_SCHEMA_PREDICATES = frozenset(
    {
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        OWL.disjointWith,
        OWL.inverseOf,
    }
)
_SCHEMA_TYPES = frozenset(
    {
        OWL.Thing,
        RDFS.Resource,
        OWL.Class,
        RDFS.Class,
        RDFS.Datatype,
        RDF.Property,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.Restriction,
        OWL.Ontology,
    }
)


# As constants: a closure asks about every entailed triple, and each attribute of a
# DefinedNamespace is a method call.
_SAME_AS, _TYPE = OWL.sameAs, RDF.type


def about_the_data(triple: tuple[object, object, object]) -> bool:
    """Whether an entailed triple belongs in the inferred graph (one that is not bookkeeping).

    Left out: schema axioms (subclass, subproperty, domain, range, equivalence, disjointness,
    inverse), typings with owl:Thing, rdfs:Resource or a metaclass (owl:Class, rdfs:Datatype,
    the property kinds), triples with a literal subject (not RDF 1.1), reflexive `x owl:sameAs x`
    and owlrl's inconsistency reports (the clashes are `clashes`). Everything else the closure
    adds to the asserted graph is kept.
    """
    s, p, o = triple
    if isinstance(s, Literal) or (p == _SAME_AS and s == o):
        return False
    if str(p).startswith(_OWLRL_REPORTS) or str(o).startswith(_OWLRL_REPORTS):
        return False
    return p not in _SCHEMA_PREDICATES and not (p == _TYPE and o in _SCHEMA_TYPES)


def clashes(asserted: Graph | pyoxigraph.Store) -> tuple[str, ...]:
    """The OWL 2 RL clashes, as every engine reports them: the rules of
    `consistency.CLASH_RULES` (one place), each as `rule: message`, sorted."""
    from isecg_kg.consistency import clashes as rule_clashes

    return tuple(sorted({f"{f.rule}: {f.message}" for f in rule_clashes(asserted)}))


@dataclass(frozen=True)
class Closure:
    inferred: Graph
    """The entailed triples about the data that the asserted graph does not state."""
    clashes: tuple[str, ...]
    """Inconsistencies found (`clashes`)."""


def reason(asserted: Graph, profile: str = "owlrl", engine: str | None = None) -> Closure:
    """Entailments of the asserted graph under OWL 2 RL (owlrl) or RDFS.

    engine "owlrl" is the reference; None asks the engine registry. "rules" (isecg_kg.rules, on
    embedded Oxigraph) applies the OWL 2 RL rules this ontology can fire, equality included;
    "reasonable" is a Rust OWL 2 RL reasoner (fast, but 2.7 GB at 100k triples, needs the `fast`
    extra). The other engines compute OWL 2 RL only. All run beside the asserted graph; the
    result is cut to the data (`about_the_data`), and re-statements of asserted triples that
    differ only by an explicit xsd:string datatype are dropped. The clashes are the same for
    every engine (`clashes`).
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    # RDFS is owlrl's alone; for OWL 2 RL the registry chooses (the default set's reasoner)
    engine = choose("reason", override="owlrl" if engine is None and profile == "rdfs" else engine)
    if engine != "owlrl" and profile != "owlrl":
        raise InputError(f"the {engine} engine computes OWL 2 RL only; use --engine owlrl for rdfs")
    if engine == "reasonable":
        expanded = _reasonable(asserted)
    elif engine == "rules":
        expanded = _rules(asserted)
    else:
        expanded = _owlrl(asserted, profile)
    return Closure(inferred_graph(expanded, asserted), clashes(asserted))


def inferred_graph(
    expanded: Iterable[tuple[Node, Node, Node]], asserted: Graph | None = None
) -> Graph:
    """The triples of a closure that are about the data and not asserted, as a graph."""
    inferred = new_graph()
    if asserted is not None:
        bind_prefixes(inferred, asserted.namespaces())
    for s, p, o in expanded:
        if not about_the_data((s, p, o)):
            continue
        if isinstance(o, Literal) and o.datatype == XSD_STRING and o.language is None:
            o = Literal(str(o))
        if asserted is None or (s, p, o) not in asserted:
            inferred.add((s, p, o))
    return inferred


def _owlrl(asserted: Graph, profile: str) -> Graph:
    import owlrl

    semantics = owlrl.OWLRL_Semantics if profile == "owlrl" else _rdfs_semantics()
    expanded = Graph()  # owlrl writes into the graph it expands: give it a copy
    for triple in asserted:
        expanded.add(triple)
    owlrl.DeductiveClosure(semantics, axiomatic_triples=False, datatype_axioms=False).expand(
        expanded
    )
    return expanded


def _rdfs_semantics() -> type:
    """owlrl's RDFS closure with its rule for equal literals mended.

    owlrl 7.6.2 copies each triple of a literal to every literal of equal Python value: "NASA"@en
    equals "NASA" and "NASA"@ja, and 1 equals true, so an RDFS closure gave agencies acronyms in
    three languages and frequencies boolean counts. Here literals are equal only when they have
    the same language tag and lexical form, or no tag and values of one Python type.
    """
    from collections import defaultdict

    from owlrl.RDFSClosure import RDFS_Semantics

    class RdfsSemantics(RDFS_Semantics):  # type: ignore[misc]
        def one_time_rules(self) -> None:
            groups: dict[tuple[object, ...], set[Literal]] = defaultdict(set)
            for literal in self._literals():
                groups[_value_key(literal)].add(literal)
            for same in groups.values():
                for one in same:
                    for s, p, _ in self.graph.triples((None, None, one)):
                        for other in same - {one}:
                            self.destination.add((s, p, other))

    return RdfsSemantics


def _value_key(literal: Literal) -> tuple[object, ...]:
    if literal.language is not None:
        return ("lang", literal.language.lower(), str(literal))
    value = literal.value
    try:
        hash(value)
    except TypeError:
        value = None
    if value is None:  # ill-typed, or a datatype rdflib does not map to Python
        return ("lexical", literal.datatype, str(literal))
    return ("value", type(value), value)


def _rules(asserted: Graph) -> Graph:
    from isecg_kg.consistency import rdflib_term, skolemised_store
    from isecg_kg.rules import saturate

    # Blank nodes go through Oxigraph as IRIs of their own, so they come back as the same nodes.
    store = skolemised_store(asserted)
    saturate(store)
    expanded = Graph()
    for quad in store:
        expanded.add(tuple(rdflib_term(t) for t in (quad.subject, quad.predicate, quad.object)))
    return expanded


def _reasonable(asserted: Graph) -> Graph:
    import reasonable

    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(asserted)
    expanded = Graph()
    for triple in reasoner.reason():
        expanded.add(triple)
    return expanded
