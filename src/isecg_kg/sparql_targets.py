"""SPARQL targets answered once by Oxigraph, for pyshacl-turbo validating an Oxigraph store.

pyshacl-turbo evaluates an OPTIONAL by testing every solution of its left side against every
solution of its right side: the SPARQL targets of our cross-node rules (dates of memberships,
chairs, member counts) cost it seconds at 300k triples and grew with the square of the graph.
Oxigraph answers the same queries in milliseconds. A SPARQL target is the set of nodes its query
selects on the data graph (SHACL-AF 5.1), so replacing it by one `sh:targetNode` per selected node
gives the same focus nodes and the same report (tests/test_engines.py compares it with pySHACL's).
A target whose answer holds a blank node or a literal, or that Oxigraph cannot run, is left to the
engine: a blank node of the shapes graph would be another node, and the engine's message stays.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

if TYPE_CHECKING:
    import pyoxigraph

# A target selecting more nodes than this is class-like (InstanceShape selects every instance):
# the engine evaluates it as fast as Oxigraph, and as many sh:targetNode triples cost more to
# compile than they save (75,000 at 600k triples: 1.6 s more).
MAX_NODES = 10_000


def resolved(shapes: Graph, store: pyoxigraph.Store) -> Graph:
    """The shapes with every SPARQL target answered on the store, as `sh:targetNode`s (a copy;
    the shapes themselves are left unchanged)."""
    answers = _answers(shapes, store)
    if not answers:
        return shapes
    copy = Graph()
    for prefix, namespace in shapes.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    for triple in shapes:
        copy.add(triple)
    removed, added = _changes(copy, answers)
    for triple in removed:
        copy.remove(triple)
    for triple in added:
        copy.add(triple)
    return copy


@contextmanager
def resolved_in(shapes: Graph, store: pyoxigraph.Store) -> Iterator[Graph]:
    """`resolved`, made in the shapes graph itself for the time of the block and undone after it
    (so the graph must not be used elsewhere meanwhile): copying the shapes cost more than
    the rest of the packaged graph's validation but the engine."""
    removed, added = _changes(shapes, _answers(shapes, store))
    for triple in removed:
        shapes.remove(triple)
    for triple in added:
        shapes.add(triple)
    try:
        yield shapes
    finally:
        for triple in added:
            shapes.remove(triple)
        for triple in removed:
            shapes.add(triple)


Triple = tuple[Node, Node, Node]


def _changes(
    shapes: Graph, answers: dict[tuple[URIRef, Node], list[URIRef]]
) -> tuple[list[Triple], list[Triple]]:
    """The triples to take out of the shapes (each answered target) and to put in (a
    `sh:targetNode` per node selected) that are not there already."""
    removed: dict[Triple, None] = {}
    added: dict[Triple, None] = {}
    for (shape, target), nodes in answers.items():
        removed[(shape, SH.target, target)] = None
        removed.update(dict.fromkeys(shapes.triples((target, None, None))))  # type: ignore[arg-type]
        for node in nodes:
            added[(shape, SH.targetNode, node)] = None
    gone = [t for t in removed if t in shapes]
    return gone, [t for t in added if t not in shapes or t in removed]


def _answers(shapes: Graph, store: pyoxigraph.Store) -> dict[tuple[URIRef, Node], list[URIRef]]:
    """The nodes each SPARQL target of the shapes selects on the store, for the targets Oxigraph
    answers with at most MAX_NODES IRIs."""
    import pyoxigraph

    answers: dict[tuple[URIRef, Node], list[URIRef]] = {}
    for shape, target in shapes.subject_objects(SH.target):
        if (target, RDF.type, SH.SPARQLTarget) not in shapes:
            continue
        select = shapes.value(target, SH.select)
        if not isinstance(select, Literal) or not isinstance(shape, URIRef):
            continue
        try:
            rows = store.query(_prefixes(shapes, target) + str(select))
        except (SyntaxError, OSError, ValueError):
            continue  # the engine reports a broken target as it always has
        if not isinstance(rows, pyoxigraph.QuerySolutions) or "this" not in {
            v.value for v in rows.variables
        }:
            continue
        # one more than the limit tells that it is passed: the rest is never computed
        nodes = [row["this"] for row in itertools.islice(rows, MAX_NODES + 1)]
        if len(nodes) <= MAX_NODES and all(isinstance(n, pyoxigraph.NamedNode) for n in nodes):
            answers[(shape, target)] = [URIRef(node.value) for node in nodes]
    return answers


def _prefixes(shapes: Graph, target: object) -> str:
    """The PREFIX declarations of the target's sh:prefixes (their sh:declare), as SHACL-SPARQL
    prepends them."""
    lines = []
    for holder in shapes.objects(target, SH.prefixes):  # type: ignore[arg-type]
        for declaration in shapes.objects(holder, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(set(lines)))
