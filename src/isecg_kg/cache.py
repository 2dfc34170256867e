"""A cache of the parsed packaged graph, so that a query does not re-parse the Turtle each time.

The key is the SHA-256 of every packaged file's bytes with the rdflib and isecg-kg versions: any
change of the RDF or of the parser makes a new entry. The cache is the user's own
(ISECG_KG_CACHE_DIR, else $XDG_CACHE_HOME/isecg-kg, else ~/.cache/isecg-kg); ISECG_KG_NO_CACHE=1
turns it off. A missing, unreadable or stale entry only costs the parse it would have saved.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

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
    entry = cache_dir() / f"graph-{key(paths)}.pickle"
    try:
        with entry.open("rb") as stream:
            graph = pickle.load(stream)
        if isinstance(graph, Graph):
            return graph
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    graph = parse(paths)  # malformed input raises here, before anything is cached
    from isecg_kg.export import write_atomically

    with contextlib.suppress(OutputError):  # a read-only home is no reason to fail
        write_atomically(entry, pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL))
    return graph
