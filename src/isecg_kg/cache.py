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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from isecg_kg import __version__
from isecg_kg.errors import OutputError
from isecg_kg.inputs import read_input

if TYPE_CHECKING:
    import pyoxigraph


def cache_dir() -> Path:
    if "ISECG_KG_CACHE_DIR" in os.environ:
        return Path(os.environ["ISECG_KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "isecg-kg"


def key(paths: list[Path]) -> str:
    import rdflib

    # Entries of a former reader (lenient, or parse-time blank-node labels) are not reused.
    digest = hashlib.sha256(f"{__version__}|{rdflib.__version__}|strict-reader|rdfc-1.0".encode())
    for path in paths:
        digest.update(path.name.encode())
        digest.update(read_packaged(path))
    return digest.hexdigest()[:32]


def read_packaged(path: Path) -> bytes:
    """A packaged file's bytes; a folder or a broken link in its place is a clear input error."""
    return read_input(path, "packaged Turtle file")


@dataclass(frozen=True)
class Entry:
    """A cache entry as read back: the graph's N-Triples (checksum verified) and its prefixes.
    Bytes, so that one process can share it: an Oxigraph store loads it directly."""

    triples: bytes
    prefixes: dict[str, str]
    checked: list[list[pyoxigraph.Quad]] = field(default_factory=list, compare=False, repr=False)
    """The triples as checking the entry parsed them (one list, or none), taken by its first
    reader (`quads`) and so let go: parsing the text again cost as much as the check."""

    def quads(self) -> Iterable[pyoxigraph.Quad]:
        """The triples, as Oxigraph's strict N-Triples parser reads them (blank-node labels
        kept)."""
        try:
            return self.checked.pop()  # one step: two threads cannot both take it
        except IndexError:
            pass
        import pyoxigraph

        return pyoxigraph.parse(self.triples, format=pyoxigraph.RdfFormat.N_TRIPLES)

    def graph(self, store: str = "default") -> Graph:
        graph = _graph_of(self.quads(), store)
        for prefix, namespace in self.prefixes.items():
            graph.bind(prefix, namespace, override=True, replace=True)
        return graph

    def store(self) -> pyoxigraph.Store:
        """The triples in a new embedded Oxigraph store, each blank node keeping its label
        (`Store.load` and `bulk_load` give every blank node a new one): the store names blank
        nodes as `graph` does, so that triples inferred on the store join that graph's nodes."""
        import pyoxigraph

        store = pyoxigraph.Store()
        store.bulk_extend(self.quads())
        return store


# The entries this process has read or written, by file and the file's status (a changed file is
# read again, and checked again): immutable, so every reader in the process may share them.
_READ: dict[tuple[Path, tuple[int, ...]], Entry] = {}


def _status(file: Path) -> tuple[int, ...]:
    try:
        found = os.lstat(file)
    except OSError:
        return ()
    return (found.st_ino, found.st_size, found.st_mtime_ns, found.st_mode, found.st_uid)


Parse = Callable[[list[Path]], Graph]


def cached_graph(paths: list[Path], parse: Parse, labels: str, store: str = "default") -> Graph:
    """The parsed files, as a graph of the caller's own (a new one each call). Its blank nodes
    are labelled `labels` and their RDFC-1.0 labels, cached or not (`_parsed`); `store`: the
    rdflib store of a graph read from the cache."""
    if os.environ.get("ISECG_KG_NO_CACHE"):
        return _parsed(paths, parse, labels)
    entry, parsed = _entry_or_parse(paths, parse, labels)
    return parsed if parsed is not None else entry.graph(store)


def cached_entry(paths: list[Path], parse: Parse, labels: str) -> Entry:
    """The files' cache entry (made now if missing); with the cache turned off, the same entry,
    made for this process only."""
    if os.environ.get("ISECG_KG_NO_CACHE"):
        return _as_entry(_parsed(paths, parse, labels))
    return _entry_or_parse(paths, parse, labels)[0]


def _parsed(paths: list[Path], parse: Parse, labels: str) -> Graph:
    """The files parsed, each blank node labelled by content (RDFC-1.0) after `labels`: a parse
    names its blank nodes anew each time, and the site's and release's files would differ from
    one process, or one cache, to the next."""
    from isecg_kg.export import canonically_labelled

    return canonically_labelled(parse(paths), labels)  # malformed input raises in parse


def _as_entry(graph: Graph) -> Entry:
    from isecg_kg.export import serialize

    prefixes = {prefix: str(namespace) for prefix, namespace in graph.namespaces()}
    return Entry(serialize(graph, "nt"), prefixes)


def _entry_or_parse(paths: list[Path], parse: Parse, labels: str) -> tuple[Entry, Graph | None]:
    """The entry, and the graph too when it had to be parsed now (no need to read it back)."""
    name = key(paths)
    file = cache_dir() / f"graph-{name}.nt"
    status = _status(file)
    entry = _READ.get((file, status)) or _read_entry(file, name)
    if entry is not None:
        _READ[(file, status)] = replace(entry, checked=[])  # its parse is the caller's
        return entry, None
    graph = _parsed(paths, parse, labels)  # before anything is cached
    from isecg_kg.export import create_once, write_atomically

    entry = _as_entry(graph)
    with contextlib.suppress(OutputError, OSError):  # a read-only home is no reason to fail
        # Processes that parse at once write the same entry; the first written wins all the
        # same, and an invalid one found in its place is replaced.
        if not create_once(file, _entry(name, entry)):
            winner = _read_entry(file, name)
            if winner is not None:
                _READ[(file, _status(file))] = replace(winner, checked=[])
                return winner, None
            write_atomically(file, _entry(name, entry))
            file.chmod(0o600)  # readable and writable by this user only: see _private
        _READ[(file, _status(file))] = entry
    return entry, graph


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


def _entry(name: str, entry: Entry) -> bytes:
    header = {
        "key": name,
        "sha256": hashlib.sha256(entry.triples).hexdigest(),
        "prefixes": entry.prefixes,
    }
    return _MAGIC + json.dumps(header, sort_keys=True).encode("utf-8") + b"\n" + entry.triples


def _read_entry(file: Path, name: str) -> Entry | None:
    """The entry when its header names this key and its triples have their checksum."""
    if not _private(file):
        return None
    try:
        content = file.read_bytes()
    except OSError:
        return None
    first, _, triples = content.partition(b"\n")
    try:
        header = json.loads(first.removeprefix(_MAGIC)) if first.startswith(_MAGIC) else None
    except ValueError:  # bad JSON: rebuilt, not served
        return None
    if not (
        isinstance(header, dict)
        and header.get("key") == name
        and header.get("sha256") == hashlib.sha256(triples).hexdigest()
        and isinstance(header.get("prefixes"), dict)
    ):
        return None
    prefixes = {str(prefix): str(namespace) for prefix, namespace in header["prefixes"].items()}
    import pyoxigraph

    try:
        checked = list(pyoxigraph.parse(triples, format=pyoxigraph.RdfFormat.N_TRIPLES))
    except (ValueError, SyntaxError):  # bad N-Triples: rebuilt, not served
        return None
    return Entry(triples, prefixes, [checked])


def _graph_of(parsed: Iterable[pyoxigraph.Quad], store: str = "default") -> Graph:
    """Triples read by Oxigraph's strict parser, in a new rdflib graph."""
    from isecg_kg.load import labelled_rdflib_terms, new_graph

    graph = new_graph(store)
    # A blank node keeps its label: the graph is the one that was cached, and files written from
    # it are the same bytes in every process (tests/test_site.py).
    term = labelled_rdflib_terms()
    add = graph.store.add  # the store's own add: Graph.add only re-checks the terms
    for quad in parsed:
        add((term(quad.subject), term(quad.predicate), term(quad.object)), context=graph)
    return graph
