"""The fast build: the same outputs as `build`, computed inside embedded Oxigraph.

Parse with Oxigraph, OWL 2 RL with the rule engine (isecg_kg.rules), SHACL with pyshacl-turbo
reading the store, stored queries and exports by Oxigraph. rdflib only holds the small shapes
graph and the validation report. Tests check that its answers equal the reference build's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from isecg_kg import resources
from isecg_kg.errors import InputError, RdfSyntaxError
from isecg_kg.vocab import FORMATS, PREFIXES

if TYPE_CHECKING:
    import pyoxigraph

OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def load_store(paths: list[Path]) -> pyoxigraph.Store:
    try:
        import pyoxigraph
    except ImportError:
        raise InputError("the fast build needs pyoxigraph: pip install 'isecg-kg[fast]'") from None
    store = pyoxigraph.Store()
    for path in paths:
        try:
            rdf_format = (
                pyoxigraph.RdfFormat.N_TRIPLES
                if path.suffix == ".nt"
                else pyoxigraph.RdfFormat.TURTLE
            )
            store.bulk_load(path=str(path), format=rdf_format, base_iri=path.resolve().as_uri())
        except SyntaxError as error:
            raise RdfSyntaxError(str(path), error.lineno, error.offset, str(error.msg)) from None
        except OSError as error:
            raise InputError(f"{path}: cannot read: {error}") from None
    return store


def inferred_store(asserted: pyoxigraph.Store) -> tuple[pyoxigraph.Store, list[str]]:
    """The entailed triples only, cleaned like `reason.reason` cleans owlrl's."""
    import pyoxigraph

    from isecg_kg.rules import clashes, saturate

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
    return inferred, clashes(closure)


def dump(store: pyoxigraph.Store, fmt: str) -> bytes:
    import pyoxigraph

    rdf_format = getattr(pyoxigraph.RdfFormat, FORMATS[fmt].oxigraph)
    prefixes = PREFIXES if fmt in ("ttl", "jsonld") else None
    kwargs = {"prefixes": prefixes} if prefixes else {}
    return store.dump(format=rdf_format, from_graph=pyoxigraph.DefaultGraph(), **kwargs)  # type: ignore[no-any-return]


def graph_paths() -> list[Path]:
    return resources.graph_files()
