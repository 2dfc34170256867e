"""Parsing Turtle into rdflib graphs, with errors that name the file, line and column."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from isecg_kg import resources
from isecg_kg.errors import RdfSyntaxError
from isecg_kg.inputs import read_input
from isecg_kg.vocab import PREFIXES

# Characters that RFC 3987 forbids in an IRI; rdflib only warns about them, stores reject them.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def parse_turtle(path: Path, into: Graph | None = None) -> Graph:
    """Parse one Turtle file; malformed input raises RdfSyntaxError with line and column."""
    graph = new_graph() if into is None else into
    data = read_input(path, "Turtle file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RdfSyntaxError(str(path), line, None, "not UTF-8 text") from None
    # rdflib drops a byte-order mark only when given bytes; the text is given here, so drop it too.
    text = text.removeprefix("\ufeff")
    scratch = Graph()
    # rdflib logs a warning for each invalid IRI; they are reported below as errors instead.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    try:
        scratch.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as error:
        line, column = _position(text, error)
        raise RdfSyntaxError(str(path), line, column, f"bad syntax: {error._why}") from None
    except Exception as error:  # rdflib raises assorted types for other malformed input
        if _ends_early(error):
            line, column = _end(text)
            detail = "unexpected end of file: the last statement is not finished"
            raise RdfSyntaxError(str(path), line, column, detail) from None
        raise RdfSyntaxError(str(path), None, None, f"cannot parse as Turtle: {error}") from None
    for term in _iris(scratch):
        if _BAD_IRI.search(term):
            line, column = _locate(text, str(term))
            raise RdfSyntaxError(str(path), line, column, f"invalid IRI <{term}>")
    for prefix, namespace in scratch.namespaces():
        if prefix not in PREFIXES:
            graph.bind(prefix, namespace, override=False)
    for triple in scratch:
        graph.add(triple)
    return graph


def _position(text: str, error: BadSyntax) -> tuple[int, int]:
    """Line (1-based) and column (1-based, in characters) of a BadSyntax in the text parsed.

    rdflib 7.6 keeps the parsed text UTF-8 encoded in `_str` but the offset `_i` counts characters
    of the decoded text: read as a byte offset it puts errors lines too early after Japanese text.
    """
    source = error._str
    if isinstance(source, bytes):
        source = source.decode("utf-8", "replace")
    if not source:
        source = text
    if error._i < 0:  # rdflib's "EOF found ..." errors carry no offset
        return _end(source)
    return _line_column(source[: min(error._i, len(source))])


_BREAK = re.compile(r"\r\n|\r|\n")


def _line_column(before: str) -> tuple[int, int]:
    """Line and column just after `before`; CR, LF and CRLF each end a line (as in Turtle)."""
    breaks = list(_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, len(before) - start + 1


def _ends_early(error: Exception) -> bool:
    """rdflib 7.6 fails with IndexError (or an assertion) where a file stops mid-statement."""
    return isinstance(error, IndexError) or (
        isinstance(error, AssertionError) and str(error).startswith("Quote expected")
    )


def _end(text: str) -> tuple[int, int]:
    """Line and column just after the last character that is not white space."""
    return _line_column(text.rstrip())


def _iris(graph: Graph) -> set[str]:
    """Every IRI of the graph, datatype IRIs of literals included."""
    found: set[str] = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                found.add(str(term))
            elif isinstance(term, Literal) and term.datatype is not None:
                found.add(str(term.datatype))
    return found


def _locate(text: str, iri: str) -> tuple[int | None, int | None]:
    index = text.find(iri)
    if index < 0:
        return None, None
    return _line_column(text[:index])


def parse_files(paths: Iterable[Path], into: Graph | None = None) -> Graph:
    graph = new_graph() if into is None else into
    for path in paths:
        parse_turtle(path, graph)
    return graph


def packaged_graph(extra: Iterable[Path] = ()) -> Graph:
    """The ontology and data shipped with the package (cached once parsed), plus any user files."""
    from isecg_kg.cache import cached_graph

    graph = cached_graph(resources.graph_files(), parse_files)
    extra = list(extra)
    if extra:
        graph = _copy(graph)
        parse_files(extra, graph)
    return graph


def _copy(graph: Graph) -> Graph:
    copy = new_graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=False)
    for triple in graph:
        copy.add(triple)
    return copy


def shapes_graph() -> Graph:
    return parse_files(resources.shape_files())
