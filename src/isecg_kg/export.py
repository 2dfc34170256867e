"""Serialising graphs, and writing files atomically so a failure leaves nothing half-written."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from isecg_kg.errors import InputError, OutputError
from isecg_kg.lexical import NOT_XML_CHAR
from isecg_kg.safe_paths import inside
from isecg_kg.vocab import FORMATS, PREFIXES, bind_prefixes, used_namespaces

EXTENSIONS = {key: f.extension for key, f in FORMATS.items()}
# Oxigraph's Turtle writer tries every prefix on every IRI (10,000 used prefixes: 0.25 s, 20,000:
# 1.4 s): IRIs of namespaces beyond this many are written in full (the same triples).
MAX_PREFIXES = 1_000


def jsonld_context() -> dict[str, object]:
    """The JSON-LD @context: the project's prefixes."""
    return {"@context": dict(sorted(PREFIXES.items()))}


def serialize(graph: Graph, fmt: str, namespaces: Iterable[tuple[str, str]] | None = None) -> bytes:
    """The graph in one format, every term as the N-Triples export has it, lexical forms included.
    Turtle declares the `namespaces` it uses (by default the graph's own).

    rdflib's Turtle writer turns "0.95"^^xsd:double into 9.5e-01 and its JSON-LD writer into a JSON
    number (another RDF term): Turtle and JSON-LD are written by Oxigraph's serialisers, which
    keep lexical forms; JSON-LD is Oxigraph's expanded form under the project's @context.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "ttl":
        iris = {str(t) for triple in graph.triples((None, None, None)) for t in triple}
        if namespaces is None:
            namespaces = [(p, str(n)) for p, n in graph.namespaces()]
        return turtle(_oxigraph_triples(graph), list(namespaces), iris)
    if fmt == "jsonld":
        import pyoxigraph

        expanded = json.loads(
            pyoxigraph.serialize(_oxigraph_triples(graph), format=pyoxigraph.RdfFormat.JSON_LD)
        )
        document = {**jsonld_context(), "@graph": expanded}
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "nt":
        import pyoxigraph

        return sorted_ntriples(
            pyoxigraph.serialize(_oxigraph_triples(graph), format=pyoxigraph.RdfFormat.N_TRIPLES)
        )
    check_xml_safe(str(term) for triple in graph.triples((None, None, None)) for term in triple)
    if not isinstance(graph, SortedGraph):  # rdflib's RDF/XML writer: labels and order vary
        graph = canonical(graph)
    return graph.serialize(format=FORMATS[fmt].rdflib, encoding="utf-8")


def turtle(triples: list[object], namespaces: list[tuple[str, str]], values: set[str]) -> bytes:
    """Oxigraph's Turtle of the triples (in their order) with the namespaces that begin one of
    `values` (the terms' strings) as prefixes: the one Turtle writer of every graph."""
    import pyoxigraph

    prefixes = prefixes_used(namespaces, values)
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)  # type: ignore[no-any-return]


def prefixes_used(namespaces: Iterable[tuple[str, str]], values: set[str]) -> dict[str, str]:
    """The namespaces that begin one of `values` (terms' strings), by prefix: what a Turtle file
    declares (Oxigraph's writer declares every prefix it is given)."""
    namespaces = list(namespaces)
    used = used_namespaces((n for _, n in namespaces), values)
    prefixes = dict(sorted((p, n) for p, n in namespaces if p and n in used))
    if len(prefixes) > MAX_PREFIXES:  # the project's first, then the rest by name
        own = {p: n for p, n in prefixes.items() if PREFIXES.get(p) == n}
        rest = [(p, n) for p, n in prefixes.items() if p not in own]
        prefixes = own | dict(rest[: MAX_PREFIXES - len(own)])
    return prefixes


def sorted_ntriples(content: bytes) -> bytes:
    """N-Triples (one triple a line, as Oxigraph writes it) sorted, so that the file is the same
    for the same graph. Split at "\n" only: str.splitlines() also splits at U+2028, U+0085, VT,
    FF … which stand unescaped inside literals, and cut triples in two."""
    lines = sorted(line for line in content.split(b"\n") if line)
    return b"\n".join(lines) + b"\n" if lines else b""


# NOT_XML_CHAR in UTF-8 as Rust writes it (no surrogates): C0 controls, U+FFFE and U+FFFF.
_NOT_XML_C0 = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_ALL_BUT_C0 = bytes(b for b in range(256) if b not in _NOT_XML_C0)


def _not_xml_utf8(content: bytes) -> bool:
    """Whether UTF-8 text holds a character XML 1.0 cannot hold (a C0 byte never stands inside
    another character's encoding, and EF BF BE/BF is U+FFFE/U+FFFF wherever it stands)."""
    return bool(content.translate(None, _ALL_BUT_C0)) or any(
        end in content for end in (b"\xef\xbf\xbe", b"\xef\xbf\xbf")
    )


def xml_checked(write: Callable[[], bytes], values: Callable[[], Iterable[str]]) -> bytes:
    """RDF/XML from `write` (Oxigraph's writer, which puts every term's text in the document as
    it is), refused as `check_xml_safe` refuses it. One search of the bytes replaces a search of
    every term (2.3 s at a million triples); the terms are searched only to name the character
    found, or when the writer fails (the message it would have had first)."""
    try:
        content = write()
    except Exception:
        check_xml_safe(values())
        raise
    if _not_xml_utf8(content):
        check_xml_safe(values())
        raise OutputError("RDF/XML cannot hold a character of the graph (not allowed in XML 1.0)")
    return content


def check_xml_safe(values: Iterable[str]) -> None:
    """Refuse (exit 3) to write RDF/XML for a term with a character XML 1.0 cannot hold, naming
    the term and the character: the alternative is a file no XML parser reads."""
    search = NOT_XML_CHAR.search
    for value in values:
        bad = search(value)
        if bad is not None:
            shown = value if len(value) <= 60 else value[:60] + "…"
            raise OutputError(
                f"RDF/XML cannot hold the value {shown!r}: U+{ord(bad.group()):04X} is not allowed "
                "in XML 1.0; write Turtle, N-Triples or JSON-LD instead"
            )


class SortedGraph(Graph):
    """A graph whose subjects and predicate-object pairs come out sorted: rdflib's RDF/XML writer
    walks them in the store's order, which changes with the process's hash seed."""

    def subjects(self, predicate=None, object=None, unique=False):  # type: ignore[no-untyped-def]
        found = set(super().subjects(predicate, object))
        return iter(sorted(found, key=lambda term: term.n3()))

    def predicate_objects(self, subject=None, unique=False):  # type: ignore[no-untyped-def]
        found = set(super().predicate_objects(subject))
        return iter(sorted(found, key=lambda pair: (pair[0].n3(), pair[1].n3())))


def canonical(graph: Graph) -> Graph:
    """Blank nodes relabelled by content (W3C RDF Dataset Canonicalization, RDFC-1.0, in
    Oxigraph: rdflib's to_canonical_graph took 8 of a site build's 14 s), in a graph that lists
    them in sorted order, so every serialiser writes the same bytes every time."""
    ordered = SortedGraph()
    bind_prefixes(ordered, graph.namespaces())
    for triple in sorted(canonical_triples(graph), key=lambda t: tuple(node.n3() for node in t)):
        ordered.add(triple)
    return ordered


def canonically_labelled(graph: Graph, prefix: str) -> Graph:
    """The graph (a new one, its prefixes kept) with each blank node labelled `prefix` and its
    RDFC-1.0 label: the same labels in every process and every parse of the same triples. The
    prefix keeps two such graphs apart when they are added together."""
    from isecg_kg.load import new_graph

    labelled = new_graph()
    bind_prefixes(labelled, graph.namespaces())
    add = labelled.store.add  # the store's own add: Graph.add only re-checks the terms
    for triple in canonical_triples(graph, prefix):
        add(triple, context=labelled)
    return labelled


def canonical_triples(graph: Graph, prefix: str = "") -> list[tuple[Node, Node, Node]]:
    """The graph's triples, each blank node labelled `prefix` + its RDFC-1.0 label."""
    import pyoxigraph
    from rdflib import BNode

    from isecg_kg.load import labelled_rdflib_terms

    dataset = pyoxigraph.Dataset(
        pyoxigraph.Quad(*triple) for triple in _oxigraph_triples(graph, ordered=False)
    )
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    labelled = labelled_rdflib_terms()  # blank nodes keep the canonical labels

    def term(value: object) -> Node:
        node = labelled(value)
        return BNode(prefix + node) if prefix and isinstance(node, BNode) else node

    return [(term(q.subject), term(q.predicate), term(q.object)) for q in dataset]


TEMPORARY = ".isecg-kg-tmp"  # the suffix of every temporary file this package writes


def _umask() -> int:
    """The process umask (read without a window where it is changed, via /proc when possible)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _is_special(path: Path) -> bool:
    """A target that exists and is not a regular file (a device, FIFO, /dev/stdout …)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode) and not path.is_dir()
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(directory: Path, recursive: bool = False) -> list[Path]:
    """Remove temporaries left by a run that was killed (SIGKILL leaves no chance to clean up).

    A temporary's name carries its writer's PID; one whose writer still runs is left alone.
    """
    removed = []
    pattern = f"*{TEMPORARY}"
    try:
        candidates = list(directory.rglob(pattern) if recursive else directory.glob(pattern))
    except OSError:
        return removed
    for candidate in candidates:
        pid = candidate.name.removesuffix(TEMPORARY).rpartition(".")[2]
        if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def _oxigraph_triples(graph: Graph, ordered: bool = True) -> list[object]:
    """The graph's triples as Oxigraph terms, by subject (so each subject is written once)."""
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    def term(node: object) -> object:
        if isinstance(node, URIRef):
            return pyoxigraph.NamedNode(str(node))
        if isinstance(node, BNode):
            return pyoxigraph.BlankNode(str(node))
        assert isinstance(node, Literal)
        if node.language:
            return pyoxigraph.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return pyoxigraph.Literal(str(node), datatype=pyoxigraph.NamedNode(str(node.datatype)))
        return pyoxigraph.Literal(str(node))

    # triples(), not iteration: a Dataset iterates over quads
    triples = graph.triples((None, None, None))
    if ordered:
        triples = iter(sorted(triples, key=lambda t: tuple(x.n3() for x in t)))
    return [pyoxigraph.Triple(term(s), term(p), term(o)) for s, p, o in triples]


def write_atomically(path: Path, content: bytes) -> None:
    """Write a regular file through a temporary beside it and a rename (mode 0666 less the umask),
    so that a reader sees the old file or the new one, never half of it.

    `-` is standard output; a special file (/dev/null, a FIFO, /dev/stdout) is written into
    directly, never replaced by a regular file.
    """
    if str(path) == "-":
        _write_stdout(content)
        return
    if _is_special(path):
        try:
            with open(path, "wb") as stream:
                stream.write(content)
        except OSError as error:
            raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
        return
    if path.is_dir():
        raise OutputError(f"{path}: is a directory")
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    remove_stale_temporaries(directory)
    _replace(path, directory, content)


def _replace(path: Path, directory: Path, content: bytes) -> None:
    """Write a temporary in `directory` (which exists, cleared of stale temporaries), sync it and
    rename it over `path`."""
    _place(path, directory, content, 0o666 & ~_umask(), replace=True)


# Files written at once by `_replace_all`: each holds a descriptor until its sync.
_BATCH = 64


def _replace_all(files: dict[Path, bytes]) -> None:
    """`_replace` for many files (their folders exist, cleared of stale temporaries), in batches:
    every temporary of a batch written, then all synced side by side, then each renamed over its
    file. One sync after the other cost more than the rest of a build on a slow disk (54 files:
    0.3 s; side by side: 0.03 s); only the syncs are in threads, as threads writing whole files
    took the GIL from each other at every system call (7,000 futex calls, 0.05 s of a build's
    CPU). A file that cannot be written or synced replaces no file of its batch; no failure
    leaves a temporary behind."""
    from concurrent.futures import ThreadPoolExecutor

    mode, items = 0o666 & ~_umask(), list(files.items())
    with ThreadPoolExecutor(max_workers=8) as pool:
        for start in range(0, len(items), _BATCH):
            _replace_batch(items[start : start + _BATCH], mode, pool.map)


def _synced(handle: int) -> OSError | None:
    """The failure of syncing a file, returned: every sync of a batch ends before its files are
    closed."""
    try:
        os.fsync(handle)
    except OSError as error:
        return error
    return None


def _replace_batch(
    batch: list[tuple[Path, bytes]],
    mode: int,
    run: Callable[[Callable[[int], OSError | None], list[int]], Iterator[OSError | None]],
) -> None:
    pending: dict[Path, Path] = {}  # each file not yet replaced: its temporary
    handles: list[int] = []
    path: Path | None = None
    try:
        for path, content in batch:
            temporary = _temporary(path, path.parent)
            handles.append(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
            pending[path] = temporary
            with open(handles[-1], "wb", closefd=False) as stream:
                stream.write(content)
        for path, failure in zip(pending, list(run(_synced, handles)), strict=True):
            if failure is not None:
                raise OutputError(f"{path}: cannot write: {failure.strerror or failure}")
        while handles:
            os.close(handles.pop())
        for path, temporary in list(pending.items()):
            os.replace(temporary, path)
            del pending[path]
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    finally:
        for handle in handles:
            with contextlib.suppress(OSError):
                os.close(handle)
        for temporary in pending.values():
            temporary.unlink(missing_ok=True)


def create_once(path: Path, content: bytes, mode: int = 0o600) -> bool:
    """Write `path` only if it does not exist (True), else leave it as it is (False): through a
    temporary, synced, then hard-linked into place, which fails rather than replaces. Processes
    racing to make one cache entry then agree on the first one written."""
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    remove_stale_temporaries(directory)
    return _place(path, directory, content, mode, replace=False)


def _temporary(path: Path, directory: Path) -> Path:
    """The temporary `path` is written to, in `directory` beside it: hidden, this process's, and
    ending in TEMPORARY (what `remove_stale_temporaries` clears)."""
    return directory / f".{path.name}.{os.getpid()}{TEMPORARY}"


def _place(path: Path, directory: Path, content: bytes, mode: int, replace: bool) -> bool:
    """The one writer of a file through a synced temporary: renamed over `path` (`replace`), or
    hard-linked into place only if `path` does not exist (False when it does). No temporary is
    left behind, whatever stops the write (an error, Ctrl-C, SIGTERM: errors.Terminated)."""
    temporary = _temporary(path, directory)
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        if replace:
            os.replace(temporary, path)
            return True
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        finally:
            temporary.unlink(missing_ok=True)
        return True
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def check_writable(directory: Path) -> None:
    """Make the folder and prove it writable with a probe file, before any long work starts."""
    probe = directory / f".probe.{os.getpid()}{TEMPORARY}"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        if not directory.is_dir():
            raise NotADirectoryError(20, "not a directory")
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError as error:
        raise OutputError(f"{directory}: cannot write: {error.strerror or error}") from None


# The file that marks a folder as made by this package: only such a folder is ever emptied.
OWNED = ".isecg-kg-output"


def _is_owned(folder: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(folder / OWNED).st_mode)
    except OSError:
        return False


def empty_owned_folder(folder: Path, maker: str) -> None:
    """Make `folder` an empty folder of ours: created (with its marker) when missing or empty;
    emptied only when it holds the marker this function wrote, so a user's folder (a file named
    CURRENT is no proof) is refused with nothing deleted."""
    import shutil

    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: must be a folder, and this is a file")
    entries = list(folder.iterdir()) if folder.is_dir() else []
    if entries and not _is_owned(folder):
        raise InputError(
            f"{folder}: not empty and not made by isecg-kg (it has no {OWNED} file), so nothing "
            "in it is deleted; choose a new or empty folder"
        )
    try:
        for entry in entries:
            if entry.name == OWNED:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / OWNED).write_text(f"made by isecg-kg {maker}; emptied by it when reused\n")
    except OSError as error:
        raise OutputError(f"{folder}: cannot prepare it: {error.strerror or error}") from None


@dataclass
class Outputs:
    """A folder that files are written into atomically, remembering what was written."""

    root: Path
    written: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        """The folder is made and probed at once, so that an unwritable one fails before the work
        is done; temporaries of an earlier, killed run are removed."""
        check_writable(self.root)
        remove_stale_temporaries(self.root, recursive=True)

    def put(self, name: str, content: bytes) -> None:
        write_atomically(inside(self.root, name), content)
        self.written.append(self.root / name)

    def put_all(self, files: dict[str, bytes]) -> None:
        """Many files at once, each as `put` writes it (`_replace_all`: none replaced before all
        are written and synced, the syncs side by side)."""
        regular = {}
        for name, content in files.items():
            path = inside(self.root, name)
            if path.is_dir() or _is_special(path):
                write_atomically(path, content)  # its own message, or written into
            else:
                regular[path] = content
        for directory in sorted({path.parent for path in regular}):
            try:
                directory.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise OutputError(f"{directory}: cannot write: {error.strerror or error}") from None
            remove_stale_temporaries(directory)
        _replace_all(regular)
        self.written.extend(self.root / name for name in files)


def write_json(path: Path, document: object) -> None:
    write_atomically(
        path, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    )


def not_an_input(output: Path | None, inputs: list[Path]) -> None:
    """Refuse (exit 2) an output file that is one of the inputs, by path or by inode (a link or
    another name of it): writing it would replace what is being read."""
    if output is None or str(output) == "-":
        return
    for source in inputs:
        same = output.resolve() == source.resolve()
        with contextlib.suppress(OSError):
            same = same or os.path.samefile(output, source)
        if same:
            raise InputError(f"{output}: is also an input ({source}); write the output elsewhere")


def emit(content: bytes, output: Path | None) -> None:
    """To a file (atomically), a special file, or standard output (None or `-`)."""
    if output is None:
        _write_stdout(content)
    else:
        write_atomically(output, content)


def _write_stdout(content: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(content)
    sys.stdout.buffer.flush()
