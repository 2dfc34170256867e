"""The fast build: the same outputs as `build`, computed inside embedded Oxigraph.

Parse with Oxigraph, OWL 2 RL with the rule engine (isecg_kg.rules), SHACL with pyshacl-turbo
reading the store, stored queries and exports by Oxigraph. rdflib only holds the small shapes
graph and the validation report. Tests check that its answers equal the reference build's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from isecg_kg import resources
from isecg_kg.vocab import FORMATS, PREFIXES

if TYPE_CHECKING:
    import pyoxigraph

OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def load_store(paths: list[Path], store: pyoxigraph.Store | None = None) -> pyoxigraph.Store:
    """The files in an embedded Oxigraph store (a new one, or added to `store`), read by the one
    strict reader (load.read_strict): the same input guard, grammar, lexical checks, messages and
    exit codes as the rdflib graph."""
    import pyoxigraph

    from isecg_kg.load import read_strict

    store = pyoxigraph.Store() if store is None else store
    for path in paths:
        triples, _prefixes = read_strict(path)
        blanks: dict[str, pyoxigraph.BlankNode] = {}  # labels are per file, as in load.py

        def own(term, blanks=blanks):  # type: ignore[no-untyped-def]
            if isinstance(term, pyoxigraph.BlankNode):
                return blanks.setdefault(term.value, pyoxigraph.BlankNode())
            return term

        store.bulk_extend(pyoxigraph.Quad(own(s), p, own(o)) for s, p, o in triples)
    return store


def inferred_store(asserted: pyoxigraph.Store) -> pyoxigraph.Store:
    """The entailed triples only (the caller cuts them to `reason.about_the_data`)."""
    import pyoxigraph

    from isecg_kg.consistency import entailed_once
    from isecg_kg.rules import saturate

    known = entailed_once(asserted)  # in a build, the clash rules' closure is this one
    if known is not None:
        inferred = pyoxigraph.Store()
        inferred.bulk_extend(known)
        return inferred
    closure = pyoxigraph.Store()
    closure.bulk_extend(asserted)  # the same blank nodes, so the difference below is exact
    saturate(closure)
    inferred = pyoxigraph.Store()
    kept = []
    for quad in closure:
        if quad.predicate.value == OWL_SAME_AS and quad.subject == quad.object:
            continue
        triple = pyoxigraph.Quad(quad.subject, quad.predicate, quad.object)
        if triple not in asserted:
            kept.append(triple)
    inferred.bulk_extend(kept)
    return inferred


def dump(store: pyoxigraph.Store, fmt: str) -> bytes:
    import pyoxigraph

    rdf_format = getattr(pyoxigraph.RdfFormat, FORMATS[fmt].oxigraph)
    prefixes = PREFIXES if fmt in ("ttl", "jsonld") else None
    kwargs = {"prefixes": prefixes} if prefixes else {}
    return store.dump(format=rdf_format, from_graph=pyoxigraph.DefaultGraph(), **kwargs)  # type: ignore[no-any-return]


def graph_paths() -> list[Path]:
    return resources.graph_files()
