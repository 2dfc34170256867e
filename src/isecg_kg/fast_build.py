"""The fast build: the same outputs as `build`, computed inside embedded Oxigraph.

Parse with Oxigraph, OWL 2 RL with the rule engine (isecg_kg.rules), SHACL with pyshacl-turbo
reading the store, stored queries and exports by Oxigraph. rdflib only holds the small shapes
graph and the validation report. Tests check that its answers equal the reference build's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib.term import Node

from isecg_kg import resources
from isecg_kg.vocab import FORMATS, PREFIXES

if TYPE_CHECKING:
    import pyoxigraph

OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def load_store(paths: list[Path], store: pyoxigraph.Store | None = None) -> pyoxigraph.Store:
    """The files in an embedded Oxigraph store (a new one, or added to `store`), read by the one
    strict reader (load.read_checked): the same input guard, grammar, lexical checks, messages and
    exit codes as the rdflib graph. The checked text is then loaded by Oxigraph itself."""
    import pyoxigraph

    store = pyoxigraph.Store() if store is None else store
    load_files(paths, store)
    return store


def load_files(paths: list[Path], store: pyoxigraph.Store) -> list[dict[str, str]]:
    """`load_store` into `store`, giving the prefixes each file declares."""
    from isecg_kg.load import read_checked

    declared = []
    for path in paths:
        checked = read_checked(path)
        checked.load_into(store)
        declared.append(checked.prefixes)
    return declared


def inferred_store(asserted: pyoxigraph.Store) -> pyoxigraph.Store:
    """The entailed triples only (the caller cuts them to `reason.about_the_data`)."""
    import pyoxigraph

    inferred = pyoxigraph.Store()
    inferred.bulk_extend(entailed(asserted))
    return inferred


def entailed(asserted: pyoxigraph.Store) -> list[pyoxigraph.Quad]:
    """The triples of the OWL 2 RL closure the store does not state (`x owl:sameAs x` left out)."""
    import pyoxigraph

    from isecg_kg.consistency import entailed_once
    from isecg_kg.rules import saturate

    known = entailed_once(asserted)  # in a build, the clash rules' closure is this one
    if known is not None:
        return known
    closure = pyoxigraph.Store()
    closure.bulk_extend(asserted)  # the same blank nodes, so the difference below is exact
    saturate(closure)
    kept = []
    for quad in closure:
        if quad.predicate.value == OWL_SAME_AS and quad.subject == quad.object:
            continue
        triple = pyoxigraph.Quad(quad.subject, quad.predicate, quad.object)
        if triple not in asserted:
            kept.append(triple)
    return kept


@dataclass(frozen=True)
class InferredTriples:
    """The inferred graph of a store as lists, not as an rdflib graph (100,000 triples cost 3 s to
    add to one and as long to write out of it): each triple as Oxigraph's and as rdflib's."""

    store_triples: list[pyoxigraph.Triple]
    triples: list[tuple[Node, Node, Node]]

    def __len__(self) -> int:
        return len(self.triples)

    def turtle(self, namespaces: list[tuple[str, str]]) -> bytes:
        """The bytes `export.serialize(graph, "ttl")` writes for the same triples in a graph with
        these namespaces bound: triples sorted by their rdflib N3 forms, the same prefixes."""
        from isecg_kg.export import turtle

        n3: dict[Node, str] = {}

        def key(index: int) -> tuple[str, ...]:
            return tuple(n3.get(t) or n3.setdefault(t, t.n3()) for t in self.triples[index])

        order = sorted(range(len(self.triples)), key=key)
        values = {t.value for triple in self.store_triples for t in triple}
        return turtle([self.store_triples[i] for i in order], namespaces, values)


def inferred_triples(asserted: pyoxigraph.Store) -> InferredTriples:
    """The store's inferred graph: the entailed triples about the data (`reason.about_the_data`),
    each distinct term converted to rdflib once."""
    from isecg_kg.engines import from_oxigraph_triples
    from isecg_kg.reason import about_the_data

    found = entailed(asserted)
    store_triples, triples = [], []
    for quad, triple in zip(found, from_oxigraph_triples(found), strict=True):
        if about_the_data(triple):
            store_triples.append(quad.triple)
            triples.append(triple)
    return InferredTriples(store_triples, triples)


def dump(store: pyoxigraph.Store, fmt: str, namespaces: Sequence[tuple[str, str]] = ()) -> bytes:
    """The store in one format: Turtle with the `namespaces` its IRIs use as prefixes, JSON-LD
    with the project's (its @context)."""
    import pyoxigraph

    rdf_format = getattr(pyoxigraph.RdfFormat, FORMATS[fmt].oxigraph)
    prefixes = None
    if fmt == "ttl":
        prefixes = used_prefixes(store, namespaces)
    elif fmt == "jsonld":
        prefixes = PREFIXES
    kwargs = {"prefixes": prefixes} if prefixes else {}
    return store.dump(format=rdf_format, from_graph=pyoxigraph.DefaultGraph(), **kwargs)  # type: ignore[no-any-return]


def used_prefixes(store: pyoxigraph.Store, namespaces: Sequence[tuple[str, str]]) -> dict[str, str]:
    """`export.prefixes_used` for the store's IRIs."""
    import pyoxigraph

    from isecg_kg.export import prefixes_used

    iris = set()
    for quad in store:
        iris.add(quad.subject.value)
        iris.add(quad.predicate.value)
        if isinstance(quad.object, pyoxigraph.NamedNode):
            iris.add(quad.object.value)
    return prefixes_used(namespaces, iris)


def graph_paths() -> list[Path]:
    return resources.graph_files()
