"""Logical consistency and hygiene checks that are part of every validation, as named results.

SHACL alone said "conforms" for `JAXA a owl:Nothing`, for `JAXA owl:sameAs NASA` and for
`owl:Thing rdfs:subClassOf isecg:SpaceAgency`; and a misspelt property passed. So `validate` also
runs here, on the asserted graph whatever inference mode was asked for:

- the OWL 2 RL clash rules (cax-dw, cax-adc, cls-nothing2, cls-com, eq-diff1/2/3, functional
  data properties with two values) after the rule engine's closure (isecg_kg.rules, on embedded
  Oxigraph: a fraction of a second), plus owl:Thing made a subclass of one of our classes;
- two of this graph's own IRIs said to be owl:sameAs (each thing has exactly one IRI here);
- the hygiene rules of queries/qa/*-violation.rq (undeclared terms, labels, dangling instances),
  whose first column names the offending term and whose ?message starts with its severity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from isecg_kg import resources

if TYPE_CHECKING:
    import pyoxigraph

ID = "https://w3id.org/isecg-kg/id/"
_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
SKOLEM = "urn:x-isecg-kg:bnode:"
_PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
# owl:Thing rdfs:subClassOf C makes every individual a C (cax-sco with owl:Thing, whose members
# the rule engine does not list): applied before the clash rules.
_THING_SUBCLASS = """INSERT { ?x a ?c } WHERE {
  owl:Thing rdfs:subClassOf ?c . ?x a ?k . ?k a owl:Class . FILTER(?c != owl:Thing) }"""
# Each rule selects the node at fault (?x) and a message naming the terms involved.
CLASH_RULES = {
    "cax-dw": """SELECT ?x ?message WHERE {
      ?a owl:disjointWith ?b . ?x a ?a . ?x a ?b .
      BIND(CONCAT(STR(?x), " is an instance of the disjoint classes ", STR(?a), " and ", STR(?b))
           AS ?message) }""",
    "cax-adc": """SELECT DISTINCT ?x ?message WHERE {
      ?d a owl:AllDisjointClasses ; owl:members ?list .
      ?list rdf:rest*/rdf:first ?a . ?list rdf:rest*/rdf:first ?b .
      FILTER(STR(?a) < STR(?b))
      ?x a ?a . ?x a ?b .
      BIND(CONCAT(STR(?x), " is an instance of the disjoint classes ", STR(?a), " and ", STR(?b))
           AS ?message) }""",
    "cls-nothing2": """SELECT ?x ?message WHERE {
      ?x a owl:Nothing .
      BIND(CONCAT(STR(?x), " is a member of owl:Nothing") AS ?message) }""",
    "cls-com": """SELECT ?x ?message WHERE {
      ?a owl:complementOf ?b . ?x a ?a . ?x a ?b .
      # named by ?b, the class (?a, its complement, is often a blank node of no fixed label)
      BIND(CONCAT(STR(?x), " is an instance of ", STR(?b), " and of its complement") AS ?message)
    }""",
    "eq-diff1": """SELECT DISTINCT ?x ?message WHERE {
      ?x owl:sameAs ?y .
      { ?x owl:differentFrom ?y } UNION { ?y owl:differentFrom ?x }
      BIND(CONCAT(STR(?x), " is owl:sameAs and owl:differentFrom ", STR(?y)) AS ?message) }""",
    "eq-diff2/3": """SELECT DISTINCT ?x ?message WHERE {
      ?d a owl:AllDifferent .
      { ?d owl:members ?list } UNION { ?d owl:distinctMembers ?list }
      ?list rdf:rest*/rdf:first ?x . ?list rdf:rest*/rdf:first ?y .
      FILTER(?x != ?y)
      { ?x owl:sameAs ?y } UNION { ?y owl:sameAs ?x }
      BIND(CONCAT(STR(?x), " is owl:sameAs ", STR(?y), " though both are owl:AllDifferent")
           AS ?message) }""",
    "prp-fp": """SELECT DISTINCT ?x ?message WHERE {
      ?p a owl:FunctionalProperty . ?x ?p ?v1 . ?x ?p ?v2 .
      FILTER(isLiteral(?v1) && isLiteral(?v2) && STR(?v1) < STR(?v2))
      BIND(CONCAT(STR(?x), " has two values of the functional property ", STR(?p), ": ",
                  STR(?v1), " and ", STR(?v2)) AS ?message) }""",
    "one-iri-per-thing": f"""SELECT DISTINCT ?x ?message WHERE {{
      ?x owl:sameAs ?y .
      FILTER(?x != ?y && STRSTARTS(STR(?x), "{ID}") && STRSTARTS(STR(?y), "{ID}"))
      BIND(CONCAT(STR(?x), " is said to be owl:sameAs ", STR(?y),
                  ": each thing has exactly one IRI in this graph") AS ?message) }}""",
}


@dataclass(frozen=True)
class Finding:
    rule: str
    """An OWL 2 RL rule name, or the stem of a queries/qa file."""
    severity: str
    focus: Node
    message: str


# id(data) -> (data, its findings, the entailed triples of a store or None), while
# `computed_once` is active; holding the data keeps its id
_ONCE: dict[int, tuple[object, list[Finding], list[pyoxigraph.Quad] | None]] | None = None


@contextmanager
def computed_once() -> Iterator[None]:
    """Inside it, the findings of one graph (or store) object are computed once: a build asks for
    its clashes when reasoning and for every finding when validating, and each asking copied and
    closed the whole graph again. The data must not change inside it."""
    global _ONCE
    outer, _ONCE = _ONCE, {}
    try:
        yield
    finally:
        _ONCE = outer


def findings(data: Graph | pyoxigraph.Store) -> list[Finding]:
    """The hygiene rules' findings and the clashes, from one copy of the data."""
    held = _ONCE.get(id(data)) if _ONCE is not None else None
    if held is not None and held[0] is data:
        return list(held[1])
    store = skolemised_store(data)
    rules = _hygiene(store, resources.qa_files())  # first: the clash rules change the store
    entailed: list[list[pyoxigraph.Quad] | None] = [None]
    if _ONCE is not None and not isinstance(data, Graph):
        # the closure made for the clash rules is the reasoner's too: kept, not made again
        kept: list[pyoxigraph.Quad] = []  # each triple as the data's own as soon as it is added
        found = _clashes(
            store,
            lambda added: kept.extend(_as_data(added, data)),
            lambda closed: entailed.__setitem__(0, _entailed(closed, kept)),
        )
    else:
        found = _clashes(store)
    found += rules
    if _ONCE is not None:
        _ONCE[id(data)] = (data, found, entailed[0])
    return list(found)


def entailed_once(data: pyoxigraph.Store) -> list[pyoxigraph.Quad] | None:
    """Inside `computed_once`, the entailed triples of a store whose findings were computed (the
    triples of its OWL 2 RL closure it does not state, `x owl:sameAs x` left out), or None; once."""
    held = _ONCE.get(id(data)) if _ONCE is not None else None
    if _ONCE is None or held is None or held[0] is not data:
        return None
    _ONCE[id(data)] = (data, held[1], None)  # handed over once: not kept in memory for the build
    return held[2]


# The rules' closure without the equating of a functional property's literal values (as the clash
# rules close the data) is the whole closure when that rule would add nothing.
_DATA_VALUES_ADD = """ASK { ?p a owl:FunctionalProperty . ?x ?p ?v1 . ?x ?p ?v2 .
  FILTER(isLiteral(?v1) && isLiteral(?v2) && !sameTerm(?v1, ?v2))
  ?s ?q ?v1 . FILTER NOT EXISTS { ?s ?q ?v2 } }"""


def _entailed(
    closed: pyoxigraph.Store, kept: list[pyoxigraph.Quad]
) -> list[pyoxigraph.Quad] | None:
    """The triples the rules added to the skolemised store (its closure beyond the data), as
    `_as_data` kept them; None when the closure lacks the functional data values (the reasoner
    then closes the data itself)."""
    return None if closed.query(_PREFIXES + _DATA_VALUES_ADD) else kept


def _as_data(added: Iterable[pyoxigraph.Quad], data: pyoxigraph.Store) -> list[pyoxigraph.Quad]:
    """Triples added to the skolemised copy of the data, as the data's own terms (its blank nodes
    again), but `x owl:sameAs x` and any the data states."""
    import pyoxigraph

    def own(term):  # type: ignore[no-untyped-def]
        if isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(SKOLEM):
            return pyoxigraph.BlankNode(term.value[len(SKOLEM) :])
        return term

    kept = []
    for quad in added:
        s, o = own(quad.subject), own(quad.object)
        if quad.predicate.value == _SAME_AS and s == o:
            continue
        triple = pyoxigraph.Quad(s, quad.predicate, o)
        if triple not in data:
            kept.append(triple)
    return kept


def clashes(data: Graph | pyoxigraph.Store) -> list[Finding]:
    """The OWL 2 RL clashes of the graph (after the rule engine's closure), named."""
    if _ONCE is not None:  # the findings will be asked for too: computed once, for both
        return [f for f in findings(data) if f.rule in CLASH_RULES]
    return _clashes(skolemised_store(data))


def hygiene(data: Graph | pyoxigraph.Store, queries: list[Path] | None = None) -> list[Finding]:
    """The rows of the queries/qa/*-violation.rq rules: each names the term at fault."""
    return _hygiene(skolemised_store(data), resources.qa_files() if queries is None else queries)


def _clashes(
    store: pyoxigraph.Store,
    added: Callable[[set[pyoxigraph.Quad]], None] | None = None,
    closed: Callable[[pyoxigraph.Store], None] | None = None,
) -> list[Finding]:
    """Closes the store (changes it), then runs the clash rules. `added` is shown each triple
    the rules add (rules.saturate), `closed` the store once closed by the rules alone."""
    from isecg_kg.rules import saturate

    saturate(store, data_values=False, added=added)
    if closed is not None:
        closed(store)
    before = len(store)
    store.update(_PREFIXES + _THING_SUBCLASS)
    if len(store) != before:  # only then is there more to derive (a second closure: 1/3 of this)
        saturate(store, data_values=False)
    found = []
    for rule, query in CLASH_RULES.items():
        for row in store.query(_PREFIXES + query):
            message = _blank(str(row["message"].value))
            found.append(Finding(rule, "Violation", rdflib_term(row["x"]), message))
    return found


def _hygiene(store: pyoxigraph.Store, queries: list[Path]) -> list[Finding]:
    found = []
    for path in queries:
        rule = path.name.removesuffix("-violation.rq")
        for row in store.query(path.read_text(encoding="utf-8")):
            message = _blank(str(row["message"].value))
            severity, _, rest = message.partition(": ")
            level = {"ERROR": "Violation", "WARN": "Warning", "WARNING": "Warning"}.get(severity)
            found.append(
                Finding(rule, level or "Violation", rdflib_term(row[0]), rest if level else message)
            )
    return found


def skolemised_store(data: Graph | pyoxigraph.Store) -> pyoxigraph.Store:
    """A new embedded Oxigraph store of the data (an rdflib graph, or a store read in place of
    one), its blank nodes made IRIs of their own: the rules' messages STR() the nodes they name,
    which a blank node fails, and results name the data's own blank nodes again (`_term`)."""
    import pyoxigraph

    if isinstance(data, pyoxigraph.Store):
        blank, named, quad = pyoxigraph.BlankNode, pyoxigraph.NamedNode, pyoxigraph.Quad
        default = pyoxigraph.DefaultGraph

        def skolemised(q: pyoxigraph.Quad) -> pyoxigraph.Quad:
            s, o = q.subject, q.object
            if type(s) is blank or type(o) is blank or type(q.graph_name) is not default:
                return quad(
                    named(SKOLEM + s.value) if type(s) is blank else s,
                    q.predicate,
                    named(SKOLEM + o.value) if type(o) is blank else o,
                )
            return q  # a quad of the default graph without a blank node, as it is

        store = pyoxigraph.Store()
        store.bulk_extend(map(skolemised, data))
        return store

    def skolem(term: Node) -> Node:
        return URIRef(SKOLEM + str(term)) if isinstance(term, BNode) else term

    skolemised = Graph()
    for s, p, o in data:
        skolemised.add((skolem(s), p, skolem(o)))
    store = pyoxigraph.Store()
    store.bulk_load(
        skolemised.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES
    )
    return store


def _blank(message: str) -> str:
    """A message names a blank node as Turtle does (`_:label`), not by its stand-in IRI."""
    return message.replace(SKOLEM, "_:")


def rdflib_term(term: object) -> Node:
    """An Oxigraph term of a `skolemised_store` as the rdflib term of the data it was made of."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        if term.value.startswith(SKOLEM):
            return BNode(term.value[len(SKOLEM) :])
        return URIRef(term.value)
    from isecg_kg.engines import _from_oxigraph

    node = _from_oxigraph(term)
    assert node is not None
    return node
