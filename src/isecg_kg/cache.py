"""A cache of the parsed packaged graph, so that a query does not re-parse the Turtle each time.

The key is the SHA-256 of every packaged file's bytes with the rdflib and isecg-kg versions: any
change of the RDF or of the parser makes a new entry. The cache is the user's own
(ISECG_KG_CACHE_DIR, else $XDG_CACHE_HOME/isecg-kg, else ~/.cache/isecg-kg); ISECG_KG_NO_CACHE=1
turns it off. A missing, unreadable or stale entry only costs the parse it would have saved.

An entry is N-Triples (never a pickle, which runs code when loaded) after one header line naming
its key, the SHA-256 of the triples and the prefixes: an entry whose header, key or checksum does
not match (tampered, truncated, another version's), or that is not a file of this user's that only
this user may write (mode 0600), is ignored and rebuilt, never served; the triples are read back
by Oxigraph's strict N-Triples parser.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.term import Node

from isecg_kg import __version__
from isecg_kg.errors import OutputError
from isecg_kg.inputs import read_input


def cache_dir() -> Path:
    if "ISECG_KG_CACHE_DIR" in os.environ:
        return Path(os.environ["ISECG_KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "isecg-kg"


def key(paths: list[Path]) -> str:
    import rdflib

    # "strict-reader": graphs cached by the former lenient reader are not reused.
    digest = hashlib.sha256(f"{__version__}|{rdflib.__version__}|strict-reader".encode())
    for path in paths:
        digest.update(path.name.encode())
        digest.update(read_packaged(path))
    return digest.hexdigest()[:32]


def read_packaged(path: Path) -> bytes:
    """A packaged file's bytes; a folder or a broken link in its place is a clear input error."""
    return read_input(path, "packaged Turtle file")


def cached_graph(paths: list[Path], parse: Callable[[list[Path]], Graph]) -> Graph:
    if os.environ.get("ISECG_KG_NO_CACHE"):
        return parse(paths)
    name = key(paths)
    entry = cache_dir() / f"graph-{name}.nt"
    graph = _read_entry(entry, name)
    if graph is not None:
        return graph
    graph = parse(paths)  # malformed input raises here, before anything is cached
    from isecg_kg.export import serialize, write_atomically

    with contextlib.suppress(OutputError, OSError):  # a read-only home is no reason to fail
        write_atomically(entry, _entry(name, graph, serialize(graph, "nt")))
        entry.chmod(0o600)  # readable and writable by this user only: see _private
    return graph


def _private(entry: Path) -> bool:
    """A regular file of this user's that no one else may write (as ssh asks of its keys): another
    user who can write the cache folder cannot make a file owned by us, so cannot plant an entry
    with a valid checksum."""
    try:
        status = os.lstat(entry)
    except OSError:
        return False
    ours = not hasattr(os, "getuid") or status.st_uid == os.getuid()
    return stat.S_ISREG(status.st_mode) and ours and not status.st_mode & 0o022


_MAGIC = b"# isecg-kg cache "


def _entry(name: str, graph: Graph, triples: bytes) -> bytes:
    prefixes = {prefix: str(namespace) for prefix, namespace in graph.namespaces()}
    header = {"key": name, "sha256": hashlib.sha256(triples).hexdigest(), "prefixes": prefixes}
    return _MAGIC + json.dumps(header, sort_keys=True).encode("utf-8") + b"\n" + triples


def _read_entry(entry: Path, name: str) -> Graph | None:
    """The entry's graph when its header names this key and its triples have their checksum."""
    import pyoxigraph

    from isecg_kg.load import _to_rdflib, new_graph

    if not _private(entry):
        return None
    try:
        content = entry.read_bytes()
    except OSError:
        return None
    first, _, triples = content.partition(b"\n")
    try:
        header = json.loads(first.removeprefix(_MAGIC)) if first.startswith(_MAGIC) else None
        if not (
            isinstance(header, dict)
            and header.get("key") == name
            and header.get("sha256") == hashlib.sha256(triples).hexdigest()
            and isinstance(header.get("prefixes"), dict)
        ):
            return None
        parsed = pyoxigraph.parse(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        graph = new_graph()
        blanks: dict[str, BNode] = {}
        terms: dict[object, Node] = {}  # each term made once (most IRIs recur)

        def term(value: object) -> Node:
            found = terms.get(value)
            if found is None:
                # A blank node keeps its label: the graph is the one that was cached, and files
                # written from it are the same bytes in every process (tests/test_site.py).
                found = terms[value] = (
                    BNode(value.value)
                    if isinstance(value, pyoxigraph.BlankNode)
                    else _to_rdflib(value, blanks)
                )
            return found

        add = graph.store.add  # the store's own add: Graph.add only re-checks the terms
        for quad in parsed:
            add((term(quad.subject), term(quad.predicate), term(quad.object)), context=graph)
        for prefix, namespace in header["prefixes"].items():
            graph.bind(str(prefix), str(namespace), override=True, replace=True)
    except (ValueError, SyntaxError):  # bad JSON or N-Triples: rebuilt, not served
        return None
    return graph
