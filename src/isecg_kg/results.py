"""Writing query results: an aligned text table, or the W3C SPARQL 1.1 CSV and JSON formats."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from isecg_kg.engines import QueryResult
from isecg_kg.errors import escape_controls

if TYPE_CHECKING:
    from rdflib.query import Result

FORMATS = ("table", "csv", "json")


def render(result: QueryResult, fmt: str, terminal: bool = False) -> str:
    r"""The answer in one format. For a terminal (`terminal`), CSV shows the control characters of
    the data escaped (`\x1b`), as the table always does: an ESC or a C1 control from the data
    could otherwise drive the user's terminal. CSV into a file or a pipe keeps the data exact.
    JSON writes DEL and C1 controls as `\u` escapes (C0 ones are escaped by JSON itself): the
    same JSON value, safe anywhere."""
    if fmt == "csv":
        return to_csv(result, terminal)
    if fmt == "json":
        return to_json(result)
    return to_table(result)


def as_rdflib_result(result: QueryResult) -> Result:
    """The answer as an rdflib SELECT `Result`, for rdflib's result writers."""
    from rdflib import Variable
    from rdflib.query import Result

    variables = [Variable(name) for name in result.variables]
    rdflib_result = Result("SELECT")
    rdflib_result.vars = variables
    rdflib_result.bindings = [
        {var: term for var, term in zip(variables, row, strict=True) if term is not None}
        for row in result.rows
    ]
    return rdflib_result


def to_csv(result: QueryResult, terminal: bool = False) -> str:
    """SPARQL 1.1 Query Results CSV: header of variable names, lexical values, CRLF lines.

    rdflib's CSV writer gives the same bytes for every stored query (tests/test_results.py), but
    importing it loads rdflib's SPARQL engine: about 0.1 s, a tenth of the fast build.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        values = ["" if term is None else _csv_value(term) for term in row]
        writer.writerow([escape_controls(v) for v in values] if terminal else values)
    return buffer.getvalue()


def _csv_value(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (application/sparql-results+json), indented and with
    non-ASCII text as is; rdflib's writer gives the same document on one line, escaped.

    The text of `json.dumps(document, ensure_ascii=False, indent=2)`, written here line by line
    with the json module's own string encoder: its indenting encoder is pure Python, and took
    2.4 s for the stored queries' answers at a million triples (tests/test_results.py compares
    the two)."""
    quote = _encode_string
    variables = [quote(v) for v in result.variables]
    bindings = []
    for row in result.rows:
        entries = [
            f"        {name}: {{\n"
            + ",\n".join(f"          {quote(k)}: {quote(v)}" for k, v in _json_term(term).items())
            + "\n        }"
            for name, term in zip(variables, row, strict=True)
            if term is not None
        ]
        bindings.append("      {\n" + ",\n".join(entries) + "\n      }" if entries else "      {}")
    text = (
        '{\n  "head": {\n    "vars": '
        + _json_list(variables, "      ", "    ")
        + '\n  },\n  "results": {\n    "bindings": '
        + _json_list(bindings, "", "    ")
        + "\n  }\n}\n"
    )
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_encode_string = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _json_list(items: list[str], indent: str, closing: str) -> str:
    """A JSON array of already encoded items as json.dumps(indent=2) writes it."""
    if not items:
        return "[]"
    return "[\n" + ",\n".join(indent + item for item in items) + "\n" + closing + "]"


_C1 = re.compile("[\x7f-\x9f]")  # DEL and C1 controls; json.dumps escapes C0 itself


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value: dict[str, str] = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype is not None:
        value["datatype"] = str(term.datatype)
    return value


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def to_table(result: QueryResult) -> str:
    header = list(result.variables)
    # The table is for a terminal: control characters in the data are shown escaped (\x1b).
    cells = [
        ["" if term is None else escape_controls(str(term)) for term in row] for row in result.rows
    ]
    widths = [
        max([display_width(header[i]), *(display_width(row[i]) for row in cells)])
        for i in range(len(header))
    ]

    def line(values: list[str]) -> str:
        padded = (v + " " * (w - display_width(v)) for v, w in zip(values, widths, strict=True))
        return " | ".join(padded).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    count = f"({len(cells)} row{'s' if len(cells) != 1 else ''})"
    return "\n".join([line(header), rule, *(line(row) for row in cells), count]) + "\n"
