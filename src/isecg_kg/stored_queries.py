"""The catalogue of stored queries: their comment headers and the binding of their parameters.

A stored query is a `.rq` file whose leading `#` comment lines form a header:

    # title: Where technology efforts overlap
    # title_ja: 技術開発の重複
    # question: Which technologies are proposed by at least `min` countries or regions?
    # param: min = 3 (xsd:integer) the least number of marks a technology must have
    # columns: technology_en, technology_ja, marks

A parameter has its default in the query itself, as an inline `VALUES ?name { default }` block
inside the WHERE clause, so the file runs unchanged on any SPARQL 1.1 engine. Binding another
value replaces the content of that block by the value serialised as one RDF term (after it has
been checked against the parameter's datatype), never by pasting user text into the query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from isecg_kg.errors import InputError

_HEADER_LINE = re.compile(r"^#\s*(?P<key>[a-z_]+)\s*:\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<default>\S+)\s*"
    r"\((?P<datatype>xsd:[A-Za-z]+)\)\s*(?P<description>.*)$"
)
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Parameter:
    name: str
    default: str
    datatype: URIRef
    description: str

    def term(self, value: str) -> Literal:
        """The value as an RDF literal of the declared datatype; a bad value is an InputError."""
        if self.datatype == XSD.integer:
            if not _INTEGER.match(value.strip()):
                raise InputError(f"parameter {self.name} must be an integer, got {value!r}")
            return Literal(int(value.strip()), datatype=XSD.integer)
        if self.datatype == XSD.decimal:
            try:
                return Literal(Decimal(value.strip()), datatype=XSD.decimal)
            except InvalidOperation:
                raise InputError(
                    f"parameter {self.name} must be a decimal, got {value!r}"
                ) from None
        if self.datatype == XSD.string:
            return Literal(value)
        if self.datatype == XSD.date:
            # a calendar date only (no time zone), so STR() compares it with other dates
            text = value.strip()
            try:
                if not _DATE.match(text):
                    raise ValueError
                date.fromisoformat(text)
            except ValueError:
                raise InputError(
                    f"parameter {self.name} must be a date YYYY-MM-DD, got {value!r}"
                ) from None
            return Literal(text, datatype=XSD.date)
        raise InputError(f"parameter {self.name} has an unsupported datatype {self.datatype}")


@dataclass(frozen=True)
class StoredQuery:
    name: str
    path: Path
    text: str
    title: str
    title_ja: str
    question: str
    columns: tuple[str, ...]
    parameters: tuple[Parameter, ...]

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise InputError(f"query {self.name} has no parameter {name!r} (parameters: {known})")

    def bind(self, values: Mapping[str, str]) -> str:
        """The query text with the given parameter values in place of the defaults."""
        text = self.text
        for name, value in values.items():
            term = self.parameter(name).term(value)
            block = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{[^}]*\}")
            if len(block.findall(text)) != 1:
                raise InputError(f"query {self.name} has no single VALUES block for ?{name}")
            replacement = f"VALUES ?{name} {{ {term.n3()} }}"
            text = block.sub(lambda _match, r=replacement: r, text)
        return text


def parse_query_file(path: Path) -> StoredQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot read query: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: a query file must be UTF-8") from None
    header: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER_LINE.match(line)
        if match:
            header.setdefault(match["key"], []).append(match["value"].strip())
    parameters = []
    for spec in header.get("param", []):
        match = _PARAM.match(spec)
        if not match:
            raise InputError(f"{path}: malformed '# param:' line: {spec}")
        datatype = XSD[match["datatype"].removeprefix("xsd:")]
        parameters.append(
            Parameter(match["name"], match["default"], datatype, match["description"])
        )
    columns = tuple(c.strip() for c in " ".join(header.get("columns", [])).split(",") if c.strip())
    return StoredQuery(
        name=path.stem,
        path=path,
        text=text,
        title=" ".join(header.get("title", [path.stem])),
        title_ja=" ".join(header.get("title_ja", [])),
        question=" ".join(header.get("question", [])),
        columns=columns,
        parameters=tuple(parameters),
    )


def catalogue(directory: Path) -> dict[str, StoredQuery]:
    """Every stored query of a directory by name (hygiene queries under qa/ are not listed)."""
    return {path.stem: parse_query_file(path) for path in sorted(directory.glob("*.rq"))}


def resolve(name_or_path: str, directory: Path) -> StoredQuery:
    """A stored query by its name, or any `.rq` file by its path."""
    if name_or_path.endswith(".rq") or "/" in name_or_path:
        path = Path(name_or_path)
        if not path.is_file():
            raise InputError(f"{name_or_path}: no such query file")
        return parse_query_file(path)
    queries = catalogue(directory)
    if name_or_path not in queries:
        raise InputError(
            f"no stored query named {name_or_path!r}; `isecg-kg queries` lists them "
            f"({', '.join(queries)})"
        )
    return queries[name_or_path]
