"""Serialising graphs, and writing files atomically so a failure leaves nothing half-written."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.compare import to_canonical_graph

from isecg_kg.errors import OutputError
from isecg_kg.vocab import FORMATS, PREFIXES, bind_prefixes, used_namespaces

EXTENSIONS = {key: f.extension for key, f in FORMATS.items()}
# Oxigraph's Turtle writer tries every prefix on every IRI (10,000 used prefixes: 0.25 s, 20,000:
# 1.4 s): IRIs of namespaces beyond this many are written in full (the same triples).
MAX_PREFIXES = 1_000


def jsonld_context() -> dict[str, object]:
    """The JSON-LD @context: the project's prefixes."""
    return {"@context": dict(sorted(PREFIXES.items()))}


def serialize(graph: Graph, fmt: str) -> bytes:
    """The graph in one format, every term as the N-Triples export has it, lexical forms included.

    rdflib's Turtle writer turns "0.95"^^xsd:double into 9.5e-01 and its JSON-LD writer into a JSON
    number (another RDF term): Turtle and JSON-LD are written by Oxigraph's serialisers, which
    keep lexical forms; JSON-LD is Oxigraph's expanded form under the project's @context.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "ttl":
        import pyoxigraph

        iris = {str(t) for triple in graph.triples((None, None, None)) for t in triple}
        used = used_namespaces((str(n) for _, n in graph.namespaces()), iris)
        prefixes = dict(sorted((p, str(n)) for p, n in graph.namespaces() if p and str(n) in used))
        if len(prefixes) > MAX_PREFIXES:  # the project's first, then the rest by name
            own = {p: n for p, n in prefixes.items() if PREFIXES.get(p) == n}
            rest = [(p, n) for p, n in prefixes.items() if p not in own]
            prefixes = own | dict(rest[: MAX_PREFIXES - len(own)])
        return pyoxigraph.serialize(
            _oxigraph_triples(graph), format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes
        )
    if fmt == "jsonld":
        import pyoxigraph

        expanded = json.loads(
            pyoxigraph.serialize(_oxigraph_triples(graph), format=pyoxigraph.RdfFormat.JSON_LD)
        )
        document = {**jsonld_context(), "@graph": expanded}
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "nt":
        # N-Triples sorted, so that the file is the same for the same graph.
        lines = sorted(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines())
        return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")
    if not isinstance(graph, SortedGraph):  # rdflib's RDF/XML writer: labels and order vary
        graph = canonical(graph)
    return graph.serialize(format=FORMATS[fmt].rdflib, encoding="utf-8")


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
    """Blank nodes relabelled by content, in a graph that lists them in sorted order, so every
    serialiser writes the same bytes every time."""
    relabelled = to_canonical_graph(graph)
    ordered = SortedGraph()
    bind_prefixes(ordered, graph.namespaces())
    for triple in sorted(relabelled, key=lambda t: tuple(term.n3() for term in t)):
        ordered.add(triple)
    return ordered


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


def _oxigraph_triples(graph: Graph) -> list[object]:
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
    ordered = sorted(graph.triples((None, None, None)), key=lambda t: tuple(x.n3() for x in t))
    return [pyoxigraph.Triple(term(s), term(p), term(o)) for s, p, o in ordered]


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
    temporary = directory / f".{path.name}.{os.getpid()}{TEMPORARY}"
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 & ~_umask())
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    except BaseException:  # Ctrl-C, SIGTERM (errors.Terminated): no temporary is left behind
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
        write_atomically(self.root / name, content)
        self.written.append(self.root / name)

    def put_all(self, files: dict[str, bytes]) -> None:
        """Many files at once, each as `put` writes it. Their fsyncs run side by side: one after
        the other they cost more than the rest of a build (54 files: 0.3 s; side by side: 0.03 s).
        """
        from concurrent.futures import ThreadPoolExecutor

        regular = {}
        for name, content in files.items():
            path = self.root / name
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
        with ThreadPoolExecutor(max_workers=8) as pool:
            for _ in pool.map(_replace, regular, [p.parent for p in regular], regular.values()):
                pass  # the first failure (an OutputError) is raised here
        self.written.extend(self.root / name for name in files)


def write_json(path: Path, document: object) -> None:
    write_atomically(
        path, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    )


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
