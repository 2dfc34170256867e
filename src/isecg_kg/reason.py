"""The OWL 2 RL (or RDFS) closure, computed beside the asserted graph, never inside it."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from isecg_kg.errors import InputError
from isecg_kg.load import new_graph

PROFILES = ("owlrl", "rdfs")
ENGINES = ("owlrl", "reasonable", "rules")
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
# owlrl reports an inconsistency as a triple with this predicate and a message literal.
OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")


@dataclass(frozen=True)
class Closure:
    inferred: Graph
    """Only the entailed triples, cleaned of what stores reject."""
    clashes: tuple[str, ...]
    """Inconsistencies found: owlrl's reports and members of owl:Nothing."""


def _valid_but_unconvertible(asserted: Graph) -> set[str]:
    """owlrl's rule dt-not-type asks Python to convert each literal, so it calls `"0000-02-29"^^
    xsd:date`, `"24:00:00"^^xsd:time` or base64 with spaces inconsistent: valid values Python
    converts differently or not at all. Its report for a literal in its datatype's lexical
    space (checked by isecg_kg.lexical) is no clash."""
    from isecg_kg import lexical

    return {
        f"Lexical value of the literal '{o}' does not match its datatype ({o.datatype})"
        for o in asserted.objects()
        if isinstance(o, Literal)
        and (str(o.datatype).startswith(lexical.XSD) or str(o.datatype) == lexical.XML_LITERAL)
        and lexical.problem(str(o), str(o.datatype)) is None
    }


def reason(asserted: Graph, profile: str = "owlrl", engine: str = "owlrl") -> Closure:
    """Entailments of the asserted graph under OWL 2 RL (owlrl) or RDFS.

    engine "owlrl" is the reference. "rules" (isecg_kg.rules, on embedded Oxigraph) applies the
    OWL 2 RL rules this ontology can fire and agrees with owlrl on every entailment about
    instances; "reasonable" is a Rust OWL 2 RL reasoner (fast, but 2.7 GB at 100k triples). The
    fast engines need the `fast` extra and compute OWL 2 RL only. All run beside the asserted
    graph. Dropped
    from the result: triples with a literal subject (not RDF 1.1), reflexive `x owl:sameAs x`,
    owlrl's inconsistency reports (they become `clashes`), and re-statements of asserted triples
    that differ only by an explicit xsd:string datatype.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    if engine not in ENGINES:
        raise ValueError(f"unknown reasoning engine {engine!r}")
    extra_clashes: list[str] = []
    if engine in ("reasonable", "rules") and profile != "owlrl":
        raise InputError(f"the {engine} engine computes OWL 2 RL only; use --engine owlrl for rdfs")
    if engine == "reasonable":
        expanded = _reasonable(asserted)
    elif engine == "rules":
        expanded, extra_clashes = _rules(asserted)
    else:
        expanded = _owlrl(asserted, profile)
    valid = _valid_but_unconvertible(asserted)
    clashes = [str(m) for m in expanded.objects(None, OWLRL_ERROR) if str(m) not in valid]
    clashes += extra_clashes
    clashes += [
        f"{member} is a member of owl:Nothing"
        for member in expanded.subjects(RDF.type, OWL.Nothing)
    ]
    # The project's clash rules too (sameAs between own IRIs, owl:Thing made a subclass, ...), so
    # that `reason` and `validate` agree on what a clash is.
    from isecg_kg.consistency import clashes as rule_clashes

    clashes += [f"{f.rule}: {f.message}" for f in rule_clashes(asserted)]
    inferred = new_graph()
    for prefix, namespace in asserted.namespaces():
        inferred.bind(prefix, namespace, override=False)
    for s, p, o in expanded:
        if isinstance(s, Literal) or p == OWLRL_ERROR or (p == OWL.sameAs and s == o):
            continue
        if isinstance(o, Literal) and o.datatype == XSD_STRING and o.language is None:
            o = Literal(str(o))
        if (s, p, o) not in asserted:
            inferred.add((s, p, o))
    return Closure(inferred, tuple(sorted(set(clashes))))


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


def _rules(asserted: Graph) -> tuple[Graph, list[str]]:
    from importlib.util import find_spec

    if find_spec("pyoxigraph") is None:
        raise InputError("the rules engine needs pyoxigraph: pip install 'isecg-kg[fast]'")
    from isecg_kg.consistency import rdflib_term, skolemised_store
    from isecg_kg.rules import clashes, saturate

    # Blank nodes go through Oxigraph as IRIs of their own, so they come back as the same nodes.
    store = skolemised_store(asserted)
    saturate(store)
    expanded = Graph()
    for quad in store:
        expanded.add(tuple(rdflib_term(t) for t in (quad.subject, quad.predicate, quad.object)))
    return expanded, clashes(store)


def _reasonable(asserted: Graph) -> Graph:
    try:
        import reasonable
    except ImportError:
        raise InputError(
            "the reasonable engine is not installed: pip install 'isecg-kg[fast]'"
        ) from None
    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(asserted)
    expanded = Graph()
    for triple in reasoner.reason():
        expanded.add(triple)
    return expanded


def instance_entailments(inferred: Graph) -> set[tuple[str, str, str]]:
    """What two OWL 2 RL engines must agree on: the entailments about instances of the graph.

    Engines differ, legitimately, in TBox bookkeeping (owlrl writes out subclass, domain and
    equivalence closures; reasonable does not) and in how they type plain literals. Compared
    here: triples whose subject is one of our instance IRIs, with rdf:type to owl:Thing and
    rdfs:Resource left out and literals compared by their lexical form.
    """
    trivial = {OWL.Thing, URIRef("http://www.w3.org/2000/01/rdf-schema#Resource")}
    compared = set()
    for s, p, o in inferred:
        if not str(s).startswith("https://w3id.org/isecg-kg/id/"):
            continue
        if p == RDF.type and o in trivial:
            continue
        compared.add((str(s), str(p), str(o)))
    return compared
