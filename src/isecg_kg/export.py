"""Serialising graphs, and writing files atomically so a failure leaves nothing half-written."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from isecg_kg.errors import OutputError
from isecg_kg.load import PREFIXES

# RDF/XML with rdflib's plain writer: its "pretty-xml" writer (rdflib 7.6.0) writes the literals of
# an rdf:List as IRIs (rdf:parseType="Collection") and drops other triples about list nodes.
FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}
EXTENSIONS = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "xml": ".rdf"}


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

        iris = {str(t) for triple in graph for t in triple if not hasattr(t, "language")}
        used = {
            str(n)
            for n in {n for _, n in graph.namespaces()}
            if any(i.startswith(str(n)) for i in iris)
        }
        prefixes = dict(sorted((p, str(n)) for p, n in graph.namespaces() if p and str(n) in used))
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
    return graph.serialize(format=FORMATS[fmt], encoding="utf-8")


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

    ordered = sorted(graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
    return [pyoxigraph.Triple(term(s), term(p), term(o)) for s, p, o in ordered]


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file beside the target, then rename over it."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass
class Outputs:
    """A folder that files are written into atomically, remembering what was written."""

    root: Path
    written: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        """The folder is made at once, so that an unwritable one fails before the work is done."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"{self.root}: cannot write: {error.strerror or error}") from None

    def put(self, name: str, content: bytes) -> None:
        write_atomically(self.root / name, content)
        self.written.append(self.root / name)


def write_json(path: Path, document: object) -> None:
    write_atomically(
        path, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    )


def emit(content: bytes, output: Path | None) -> None:
    """To a file (atomically) or to standard output."""
    if output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        write_atomically(output, content)
