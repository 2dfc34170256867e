"""Reading Turtle (and N-Triples) strictly into rdflib graphs; errors name file, line and column.

rdflib's own Turtle parser is lenient (literal subjects, blank-node predicates, N3 paths, `12.3.4`
read as 12.3, lone surrogates). Input is parsed by Oxigraph's parser, which follows the W3C
grammars, and every XSD literal's lexical form is checked (isecg_kg.lexical); the triples are then
built as rdflib terms with their lexical forms unchanged. rdflib parses only text already
rejected, so that its tested messages are kept where both parsers fail.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from isecg_kg import lexical, resources
from isecg_kg.errors import InputError, RdfSyntaxError
from isecg_kg.inputs import (
    MAX_BLANK_CHAIN,
    MAX_INPUT_BYTES,
    MAX_IRI_LENGTH,
    MAX_LITERAL_LENGTH,
    read_input,
)
from isecg_kg.vocab import PREFIXES, bind_prefixes

if TYPE_CHECKING:
    import pyoxigraph

    from isecg_kg.cache import Entry

# Characters that RFC 3987 forbids in an IRI; rdflib only warns about them, stores reject them.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class _ValidButUnconvertible(logging.Filter):
    """rdflib logs a warning with a traceback whenever it cannot turn a lexical form into a Python
    value. Input is checked against the lexical spaces first (isecg_kg.lexical), so what reaches
    rdflib and fails is a valid value Python has no type for (year 0, 10000-01-01, -0044-03-15,
    24:00:00): it stays a typed literal without a Python value, which is no news to the user."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to convert Literal lexical form to value")


logging.getLogger("rdflib.term").addFilter(_ValidButUnconvertible())


def new_graph(store: str = "default") -> Graph:
    graph = Graph(store=store)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def parse_turtle(path: Path, into: Graph | None = None) -> Graph:
    """Parse one Turtle file; malformed input raises RdfSyntaxError with line and column."""
    graph = new_graph() if into is None else into
    triples, prefixes = read_strict(path)
    bind_prefixes(graph, ((p, n) for p, n in prefixes.items() if p and p not in PREFIXES))
    blanks: dict[str, BNode] = {}  # labels are per file: two files' _:b1 are different nodes
    made: dict[object, Node] = {}  # one rdflib object per term: a repeated IRI is stored once
    for triple in triples:
        graph.add(tuple(_to_rdflib(term, blanks, made) for term in triple))  # type: ignore[arg-type]
    return graph


def read_strict(path: Path) -> tuple[list[tuple[object, object, object]], dict[str, str]]:
    """The one strict reader of every parser: a Turtle (or, by its `.nt` suffix, N-Triples)
    file's triples as Oxigraph terms and its prefixes. The file passes the input guard
    (inputs.read_input), the W3C grammar and the lexical check of every XSD literal; anything else
    is an InputError (exit 2) naming file, line and column."""
    checked = read_checked(path, keep_triples=True)
    return checked.triples, checked.prefixes


@dataclass(frozen=True)
class Checked:
    """A file that passed the strict reader: its text, the base and grammar it was read with, its
    prefixes and (when kept) its triples as Oxigraph terms."""

    path: Path
    text: str
    base: str
    ntriples: bool
    prefixes: dict[str, str]
    triples: list[tuple[object, object, object]]

    def load_into(self, store: pyoxigraph.Store) -> None:
        """The checked text loaded by Oxigraph's own parser, the one that checked it (each
        load gives the file's blank nodes labels of their own, as two files' `_:b1` must be)."""
        import pyoxigraph

        form = pyoxigraph.RdfFormat.N_TRIPLES if self.ntriples else pyoxigraph.RdfFormat.TURTLE
        try:
            store.bulk_load(self.text, format=form, base_iri=self.base)
        except (SyntaxError, ValueError) as error:  # not expected: the same parser accepted it
            raise RdfSyntaxError(str(self.path), None, None, f"bad syntax: {error}") from None


def read_checked(path: Path, keep_triples: bool = False) -> Checked:
    """`read_strict`'s checks, in one streaming pass; the triples are kept only when asked for
    (a store loads the checked text itself, which costs a fraction of building the terms)."""
    data = read_input(path, "Turtle file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RdfSyntaxError(str(path), line, None, "not UTF-8 text") from None
    del data
    # rdflib drops a byte-order mark only when given bytes; the text is given here, so drop it too.
    text = text.removeprefix("\ufeff")
    base = path.resolve().as_uri()
    ntriples = path.suffix.lower() == ".nt"
    try:
        read = _strict_parse(path, text, base, ntriples, keep_triples)
    except SyntaxError as error:
        # Where rdflib rejects the text too, its message (tested wording) is reported; what only
        # the grammar rejects (literal subjects, `12.3.4`, lone surrogates...) gets Oxigraph's.
        # rdflib ends lines at LF only (a lone CR stops it): it reads the text with LF breaks,
        # which keeps every line and column where it was.
        _lenient_parse(path, _BREAK.sub("\n", text), base)
        line, column, detail = _oxigraph_position(error)
        raise RdfSyntaxError(str(path), line, column, f"bad syntax: {detail}") from None
    _check_lexical_forms(path, text, read.ill_typed)
    _check_nesting(path, text, read.links, read.prefixes)
    return Checked(path, text, base, ntriples, read.prefixes, read.triples)


@dataclass
class _Read:
    triples: list[tuple[object, object, object]]
    prefixes: dict[str, str]
    ill_typed: list[tuple[str, str]]
    """(lexical form, why) of each literal outside its datatype's lexical space"""
    links: list[tuple[object, object]]
    """(subject, object) of each triple whose object is a blank node"""


def _strict_parse(path: Path, text: str, base: str, ntriples: bool, keep: bool = True) -> _Read:
    """Oxigraph's parser follows the W3C Turtle and N-Triples grammars (not lenient).

    Each triple is checked as it streams out of the parser, before the next is read: an IRI or
    literal over its limit, or a file whose terms spelled out in full (as N-Triples writes them)
    pass MAX_INPUT_BYTES, stops the reading there. A prefix used a thousand times thus costs one
    triple, not the gigabytes its expansions would fill. Ill-typed literals and blank-node links
    are collected on the way, for the checks that need the whole file.
    """
    import pyoxigraph

    form = pyoxigraph.RdfFormat.N_TRIPLES if ntriples else pyoxigraph.RdfFormat.TURTLE
    parser = pyoxigraph.parse(text, format=form, base_iri=base)
    read = _Read([], {}, [], [])
    literal, blank, problem = pyoxigraph.Literal, pyoxigraph.BlankNode, lexical.problem
    sizes: dict[object, int] = {}  # IRIs and blank nodes recur: each is measured once

    def size(term: object) -> int:
        found = sizes.get(term)
        if found is None:
            found = sizes[term] = _check_size(path, text, term, parser)
        return found

    spelled = count = 0
    try:
        for quad in parser:
            s, p, o = quad.subject, quad.predicate, quad.object
            spelled += size(s) + size(p)
            if isinstance(o, literal):
                value, datatype = o.value, o.datatype
                if len(value) > MAX_LITERAL_LENGTH:
                    _check_size(path, text, o, parser)  # raises, located
                spelled += len(value) + size(datatype)
                if not o.language:
                    why = problem(value, datatype.value)
                    if why is not None:
                        read.ill_typed.append((value, why))
            else:
                spelled += size(o)
                if isinstance(o, blank):
                    read.links.append((s, o))
            count += 1
            if spelled > MAX_INPUT_BYTES:
                detail = f"the first {count} triples spelled out in full pass {_MAX_INPUT}"
                raise RdfSyntaxError(str(path), None, None, detail)
            if keep:
                read.triples.append((s, p, o))
    except MemoryError as error:
        if "buffer maximal size" not in str(error):
            raise
        line = _line_of_overlong_token(text, form)
        detail = f"a literal or IRI reaching this line is longer than {_PARSER_LIMIT} (the limit)"
        raise RdfSyntaxError(str(path), line, None, detail) from None
    read.prefixes = dict(parser.prefixes)
    return read


_MAX_INPUT = f"{MAX_INPUT_BYTES >> 30} GiB"
_PARSER_LIMIT = "16 MiB"  # Oxigraph's parser keeps one token in a buffer of at most 16 MiB


def _check_size(path: Path, text: str, term: object, parser: object) -> int:
    """The term's length spelled out; an IRI or literal over its limit is an error, located."""
    import pyoxigraph

    if isinstance(term, pyoxigraph.Literal):
        if len(term.value) > MAX_LITERAL_LENGTH:
            line, column = _locate_literal(text, term.value)
            detail = (
                f"a literal of {len(term.value)} characters is longer than the "
                f"{MAX_LITERAL_LENGTH} allowed"
            )
            raise RdfSyntaxError(str(path), line, column, detail)
        return len(term.value) + _check_size(path, text, term.datatype, parser)
    value = str(getattr(term, "value", ""))
    if isinstance(term, pyoxigraph.NamedNode) and len(value) > MAX_IRI_LENGTH:
        line, column = _locate_iri(text, value, dict(parser.prefixes))  # type: ignore[attr-defined]
        detail = f"an IRI of {len(value)} characters is longer than the {MAX_IRI_LENGTH} allowed"
        raise RdfSyntaxError(str(path), line, column, detail)
    return len(value)


def _check_nesting(
    path: Path, text: str, links: list[tuple[object, object]], prefixes: dict[str, str]
) -> None:
    """Refuse a chain of more than MAX_BLANK_CHAIN blank nodes, each an object of the one before:
    nested `[ ... ]`, nested lists, and a list's rdf:rest links alike. rdflib's RDF/XML writer
    (its canonical blank-node labels) and owlrl are super-linear in such chains: 1,000 links cost
    18 s and 10,000 never ended. Measured on the graph as parsed, in linear time, without
    recursion; blank nodes in a cycle count as a chain of their own."""
    import pyoxigraph

    below: dict[object, list[object]] = {}
    parents: dict[object, int] = {}
    roots: dict[object, object] = {}  # a chain's first blank node -> the subject that holds it
    for s, o in links:  # every object here is a blank node
        parents.setdefault(o, 0)
        if isinstance(s, pyoxigraph.BlankNode):
            below.setdefault(s, []).append(o)
            parents[o] += 1
        else:
            roots.setdefault(o, s)
    # Longest path by Kahn's topological order: each node once, each link once.
    depth = {node: 1 for node, count in parents.items() if count == 0}
    origin = {node: node for node in depth}
    ready = list(depth)
    remaining = dict(parents)
    done = 0
    while ready:
        node = ready.pop()
        done += 1
        for child in below.get(node, ()):
            if depth[node] + 1 > depth.get(child, 0):
                depth[child], origin[child] = depth[node] + 1, origin[node]
            remaining[child] -= 1
            if remaining[child] == 0:
                ready.append(child)
    deepest = max(depth.values(), default=0)
    cyclic = len(parents) - done
    if max(deepest, cyclic) <= MAX_BLANK_CHAIN:
        return
    line = column = None
    if deepest > MAX_BLANK_CHAIN:
        end = max(depth, key=depth.__getitem__)
        holder = roots.get(origin[end])
        if isinstance(holder, pyoxigraph.NamedNode):
            line, column = _locate_iri(text, holder.value, prefixes)
    size = deepest if deepest > MAX_BLANK_CHAIN else cyclic
    detail = (
        f"blank nodes nested or chained {size} deep (a list counts each item); "
        f"the limit is {MAX_BLANK_CHAIN}"
    )
    raise RdfSyntaxError(str(path), line, column, detail)


def _locate_iri(text: str, iri: str, prefixes: dict[str, str]) -> tuple[int | None, int | None]:
    """Where an IRI is written: in full, or as a prefixed name of one of the file's prefixes."""
    line, column = _locate(text, f"<{iri}>")
    for prefix, namespace in prefixes.items():
        if line is None and iri.startswith(namespace):
            line, column = _locate(text, f"{prefix}:{iri[len(namespace) :]}")
    if line is None:  # written relative to the base, or with escapes: where its prefix is declared
        for namespace in prefixes.values():
            if line is None and iri.startswith(namespace):
                line, column = _locate(text, f"<{namespace}>")
    return line, column


def _line_of_overlong_token(text: str, form: object) -> int | None:
    """The line the parser stood on when one token passed its buffer: the text is read again in
    small pieces, counting them, so that the place is known to within a piece."""
    import io

    import pyoxigraph

    piece = 1 << 16
    data = text.encode("utf-8")

    class Counted(io.RawIOBase):
        def __init__(self) -> None:
            self.offset, self.last = 0, 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            chunk = data[self.offset : self.offset + min(len(buffer), piece)]
            buffer[: len(chunk)] = chunk
            self.offset, self.last = self.offset + len(chunk), len(chunk)
            return len(chunk)

    counted = Counted()
    try:
        for _quad in pyoxigraph.parse(counted, format=form):  # type: ignore[arg-type]
            pass
    except (MemoryError, SyntaxError):
        # the bytes before the last piece read lie inside the over-long token
        inside = data[: max(0, counted.offset - counted.last)].decode("utf-8", "replace")
        return _line_column(inside)[0]
    return None


_OXIGRAPH_ERROR = re.compile(
    r"Parser error at line (\d+) (?:between columns (\d+) and \d+|column (\d+)): (.*)", re.S
)


def _oxigraph_position(error: SyntaxError) -> tuple[int | None, int | None, str]:
    match = _OXIGRAPH_ERROR.match(str(error.msg))
    if match is None:
        return error.lineno, error.offset, str(error.msg)
    column = match.group(2) or match.group(3)
    return int(match.group(1)), int(column), match.group(4)


def _lenient_parse(path: Path, text: str, base: str) -> None:
    """rdflib's reading of text the strict parser rejected: raises its located error, if any."""
    scratch = Graph()
    # rdflib logs a warning for each invalid IRI; they are reported below as errors instead.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    try:
        scratch.parse(data=text, format="turtle", publicID=base)
    except BadSyntax as error:
        line, column = _position(text, error)
        raise RdfSyntaxError(str(path), line, column, f"bad syntax: {error._why}") from None
    except Exception as error:  # rdflib raises assorted types for other malformed input
        if _ends_early(error):
            line, column = _end(text)
            detail = "unexpected end of file: the last statement is not finished"
            raise RdfSyntaxError(str(path), line, column, detail) from None
        return
    for term in _iris(scratch):
        if _BAD_IRI.search(term):
            line, column = _locate(text, str(term))
            raise RdfSyntaxError(str(path), line, column, f"invalid IRI <{term}>")


def _check_lexical_forms(path: Path, text: str, ill_typed: list[tuple[str, str]]) -> None:
    """The first ill-typed literal in the file, located, as an error (never a changed value)."""
    bad: list[tuple[int, int, str]] = []
    for value, why in ill_typed:
        line, column = _locate_literal(text, value)
        shown = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value[:40])
        shown += "..." if len(value) > 40 else ""
        bad.append((line or 0, column or 0, f'ill-typed literal "{shown}": {why}'))
    if bad:
        bad.sort()
        line, column, detail = bad[0]
        if len(bad) > 1:
            detail += f" (and {len(bad) - 1} more ill-typed literal(s))"
        raise RdfSyntaxError(str(path), line or None, column or None, detail)


_TURTLE_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _locate_literal(text: str, value: str) -> tuple[int | None, int | None]:
    escaped = value.translate(_TURTLE_ESCAPES)
    for written in (f'"{value}"', f"'{value}'", f'"{escaped}"', value):
        line, column = _locate(text, written)
        if line is not None:
            return line, column
    return None, None


def labelled_rdflib_terms() -> Callable[[object], Node]:
    """A converter of Oxigraph terms to rdflib terms in which a blank node keeps its label (a
    cached or canonical label is the same in every process) and every other term is `_to_rdflib`'s
    (lexical forms kept); each distinct term is made once, as most IRIs recur."""
    import pyoxigraph

    made: dict[object, Node] = {}

    def term(value: object) -> Node:
        found = made.get(value)
        if found is None:
            found = made[value] = (
                BNode(value.value)
                if isinstance(value, pyoxigraph.BlankNode)
                else _new_rdflib(value, {})
            )
        return found

    return term


def _to_rdflib(
    term: object, blanks: dict[str, BNode], made: dict[object, Node] | None = None
) -> Node:
    if made is None:
        return _new_rdflib(term, blanks)
    known = made.get(term)
    if known is None:
        known = made[term] = _new_rdflib(term, blanks)
    return known


def _new_rdflib(term: object, blanks: dict[str, BNode]) -> Node:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return blanks.setdefault(term.value, BNode())
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # RDF 1.1: the same term as a simple literal
            return Literal(term.value)
        # normalize=False: rdflib would otherwise rewrite "01"^^xsd:integer as "1".
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise InputError(f"unexpected RDF term {term!r}")


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


def declared_namespaces(declared: Iterable[Mapping[str, str]]) -> tuple[tuple[str, str], ...]:
    """The prefixes of several files (the project's first, as `vocab.PREFIXES`), each prefix and
    each namespace bound by its first declaration, as `bind_prefixes` binds them on a graph."""
    prefixes: dict[str, str] = {}
    namespaces: set[str] = set()
    for pairs in declared:
        for prefix, namespace in pairs.items():
            if prefix and prefix not in prefixes and namespace not in namespaces:
                prefixes[prefix] = namespace
                namespaces.add(namespace)
    return tuple(prefixes.items())


def packaged_graph(extra: Iterable[Path] = ()) -> Graph:
    """The ontology and data shipped with the package (cached once parsed), plus any user files."""
    from isecg_kg.cache import cached_graph

    graph = cached_graph(resources.graph_files(), parse_files, "graph-")  # the caller's own
    parse_files(extra, graph)
    return graph


def packaged_entry() -> Entry:
    """The packaged graph's cache entry (its N-Triples and prefixes; made for this process only
    when the cache is off)."""
    from isecg_kg.cache import cached_entry

    return cached_entry(resources.graph_files(), parse_files, "graph-")


def shapes_graph(store: str = "default") -> Graph:
    """The packaged SHACL shapes (cached once parsed, as the packaged graph is): a new graph,
    the caller's own, in the rdflib store named (when read from the cache)."""
    from isecg_kg.cache import cached_graph

    return cached_graph(resources.shape_files(), parse_files, "shapes-", store)
