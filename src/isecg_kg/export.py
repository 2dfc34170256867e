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
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "jsonld":
        text = graph.serialize(format="json-ld", context=jsonld_context()["@context"], indent=2)
        return text.encode("utf-8")
    if fmt == "nt":
        # N-Triples sorted, so that the file is the same for the same graph.
        lines = sorted(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines())
        return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")
    return graph.serialize(format=FORMATS[fmt], encoding="utf-8")


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file beside the target, then rename over it."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
    try:
        os.chmod(temporary, _PUBLIC & ~_umask())  # mkstemp makes 0600; a web server must read it
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


_PUBLIC = 0o666


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
