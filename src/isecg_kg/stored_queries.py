"""The catalogue of stored queries: their comment headers and the binding of their parameters.

A stored query is a `.rq` file whose leading `#` comment lines form a header:

    # title: Where technology efforts overlap
    # title_ja: 技術開発の重複
    # question: Which technologies are proposed by at least `min` countries or regions?
    # param: min = 3 (xsd:integer) the least number of marks a technology must have
    # param_ja: min 技術の記号の数の下限
    # columns: technology_en, technology_ja, marks

Each `param` line has a `param_ja` line: the parameter's name, then its description in Japanese.
A stored query of the catalogue must give both descriptions of every parameter (a user's own
file may leave the Japanese out).

A parameter has its default in the query itself, as an inline `VALUES ?name { default }` block
inside the WHERE clause, so the file runs unchanged on any SPARQL 1.1 engine. Binding another
value replaces the content of that block by the value serialised as one RDF term (after it has
been checked against the parameter's datatype), never by pasting user text into the query.

This module also reads a user's query file with limits and runs a local engine in a child process
with a deadline, so that a runaway or crashing query costs an error message, never the caller.
The query itself is checked by isecg_kg.query_gate (on its parse tree) before any engine sees it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from isecg_kg.errors import EndpointError, InputError, IsecgKgError, exit_code_and_message
from isecg_kg.inputs import read_input
from isecg_kg.query_gate import MAX_QUERY_BYTES

if TYPE_CHECKING:
    import multiprocessing.connection

T = TypeVar("T")
MAX_INTEGER_DIGITS = 1000
MAX_STRING_PARAMETER = 10_000

_HEADER_LINE = re.compile(r"^#\s*(?P<key>[a-z_]+)\s*:\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<default>\S+)\s*"
    r"\((?P<datatype>xsd:[A-Za-z]+)\)\s*(?P<description>.*)$"
)
_PARAM_JA = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<description>\S.*)$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Parameter:
    """A parameter of a stored query: its name, default, datatype (an XSD IRI) and meaning in
    English and Japanese."""

    name: str
    default: str
    datatype: URIRef
    description: str
    description_ja: str = ""

    def term(self, value: str) -> Literal:
        """The value as an RDF literal of the declared datatype; a bad value is an InputError."""
        shown = value if len(value) <= 40 else value[:40] + "…"
        if self.datatype == XSD.integer:
            if not _INTEGER.match(value.strip()):
                raise InputError(f"parameter {self.name} must be an integer, got {shown!r}")
            if len(value.strip().lstrip("+-")) > MAX_INTEGER_DIGITS:
                raise InputError(
                    f"parameter {self.name}: an integer of more than {MAX_INTEGER_DIGITS} digits"
                )
            return Literal(int(value.strip()), datatype=XSD.integer)
        if self.datatype == XSD.decimal:
            # Python's Decimal also reads NaN, Infinity and 1_000.5; xsd:decimal has none of them.
            if not _DECIMAL.match(value.strip()) or len(value) > MAX_INTEGER_DIGITS:
                raise InputError(
                    f"parameter {self.name} must be a decimal such as 2.5, got {shown!r}"
                )
            return Literal(Decimal(value.strip()), datatype=XSD.decimal)
        if self.datatype == XSD.string:
            if len(value) > MAX_STRING_PARAMETER:
                raise InputError(
                    f"parameter {self.name}: more than {MAX_STRING_PARAMETER} characters"
                )
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
                    f"parameter {self.name} must be a date YYYY-MM-DD, got {shown!r}"
                ) from None
            return Literal(text, datatype=XSD.date)
        raise InputError(f"parameter {self.name} has an unsupported datatype {self.datatype}")


@dataclass(frozen=True)
class StoredQuery:
    """A stored query (`KnowledgeGraph.queries()`): name, file, text, titles in English and
    Japanese, the question it answers (English and Japanese), result columns and parameters."""

    name: str
    path: Path
    text: str
    title: str
    title_ja: str
    question: str
    columns: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    question_ja: str = ""

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
            block = _values_block(name)
            if len(block.findall(text)) != 1:
                raise InputError(f"query {self.name} has no single VALUES block for ?{name}")
            replacement = f"VALUES ?{name} {{ {_escapes_kept(term.n3())} }}"
            text = block.sub(lambda _match, r=replacement: r, text)
        return text

    def parts(self) -> list[str]:
        """The text cut at each parameter's VALUES block: text, name, text, name, …, text. Joining
        it with `VALUES ?name { term }` in place of each name is what `bind` writes; the site's
        parameter forms do that in the browser (static/params.js)."""
        cuts = []
        for parameter in self.parameters:
            found = list(_values_block(parameter.name).finditer(self.text))
            if len(found) != 1:
                raise InputError(
                    f"query {self.name} has no single VALUES block for ?{parameter.name}"
                )
            cuts.append((found[0].start(), found[0].end(), parameter.name))
        pieces, position = [], 0
        for start, end, name in sorted(cuts):
            pieces += [self.text[position:start], name]
            position = end
        return [*pieces, self.text[position:]]


def _values_block(name: str) -> re.Pattern[str]:
    """The inline `VALUES ?name { default }` block that holds a parameter's default."""
    return re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{[^}]*\}")


def _escapes_kept(written: str) -> str:
    r"""A literal as written in the query, safe from SPARQL's codepoint escapes, which engines
    expand in the whole text before parsing it (SPARQL 1.1, 19.2): the value `\u0041` is written
    `"\\u0041"`, which would become `"\A"` (an invalid escape), and the query file was blamed.
    The `u` after an escaped backslash is written as the escape `\U00000075` instead (eight
    digits: rdflib reads up to eight after `\u` too, so `\u0075` followed by digits breaks)."""
    return _ESCAPE_LETTER.sub(lambda m: f"\\\\U{ord(m[1]):08X}", written)


_ESCAPE_LETTER = re.compile(r"\\([uU])")


def read_query_text(path: Path) -> str:
    """A query file's text: a regular, non-empty UTF-8 text file of bounded size.

    The file may lie anywhere (it is the user's own), so no message ever quotes its content.
    """
    data = read_input(path, "query file", MAX_QUERY_BYTES)
    if b"\x00" in data:
        raise InputError(f"{path}: a binary file, not a SPARQL query")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise InputError(f"{path}: a query file must be UTF-8") from None
    if not text.strip():
        raise InputError(f"{path}: the query file is empty")
    return text


def parse_query_file(path: Path) -> StoredQuery:
    text = read_query_text(path)
    header: dict[str, list[str]] = {}
    lines: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER_LINE.match(line)
        if match:
            header.setdefault(match["key"], []).append(match["value"].strip())
            lines.setdefault(match["key"], []).append(number)
    parameters = []
    for spec, number in zip(header.get("param", []), lines.get("param", []), strict=True):
        match = _PARAM.match(spec)
        if not match:
            raise InputError(f"{path}:{number}: malformed '# param:' line")
        datatype = XSD[match["datatype"].removeprefix("xsd:")]
        parameters.append(
            Parameter(match["name"], match["default"], datatype, match["description"])
        )
    parameters = _with_japanese(path, parameters, header.get("param_ja", []), lines)
    columns = tuple(c.strip() for c in " ".join(header.get("columns", [])).split(",") if c.strip())
    return StoredQuery(
        name=path.stem,
        path=path,
        text=text,
        title=" ".join(header.get("title", [path.stem])),
        title_ja=" ".join(header.get("title_ja", [])),
        question=" ".join(header.get("question", [])),
        question_ja=" ".join(header.get("question_ja", [])),
        columns=columns,
        parameters=tuple(parameters),
    )


def _with_japanese(
    path: Path, parameters: list[Parameter], specs: list[str], lines: dict[str, list[int]]
) -> list[Parameter]:
    """The parameters with the descriptions of the `# param_ja:` lines; a line that is malformed,
    names no parameter or repeats one is an InputError naming it."""
    japanese: dict[str, str] = {}
    known = {p.name for p in parameters}
    for spec, number in zip(specs, lines.get("param_ja", []), strict=True):
        match = _PARAM_JA.match(spec)
        if not match:
            raise InputError(
                f"{path}:{number}: malformed '# param_ja:' line (the parameter's name, then its "
                "description in Japanese)"
            )
        if match["name"] not in known:
            raise InputError(f"{path}:{number}: '# param_ja:' for no parameter {match['name']!r}")
        if match["name"] in japanese:
            raise InputError(f"{path}:{number}: a second '# param_ja:' for {match['name']!r}")
        japanese[match["name"]] = match["description"].strip()
    return [replace(p, description_ja=japanese.get(p.name, "")) for p in parameters]


def _check_bilingual(query: StoredQuery) -> StoredQuery:
    """A stored query of the catalogue describes every parameter in English and Japanese."""
    for p in query.parameters:
        where = f"{query.path}: stored query {query.name}: parameter {p.name}"
        if not p.description:
            raise InputError(f"{where} has no English description (after its '# param:' datatype)")
        if not p.description_ja:
            raise InputError(
                f"{where} has no Japanese description (a '# param_ja: {p.name} …' line)"
            )
    return query


def catalogue(directory: Path) -> dict[str, StoredQuery]:
    """Every stored query of a directory by name (hygiene queries under qa/ are not listed). Each
    must describe every parameter in both languages, else an InputError names the file."""
    return {
        path.stem: _check_bilingual(parse_query_file(path))
        for path in sorted(directory.glob("*.rq"))
    }


def resolve(name_or_path: str, directory: Path) -> StoredQuery:
    """A stored query by its name, or any `.rq` file by its path."""
    if name_or_path.endswith(".rq") or "/" in name_or_path or os.sep in name_or_path:
        return parse_query_file(Path(name_or_path))
    queries = catalogue(directory)
    if name_or_path not in queries:
        raise InputError(
            f"no stored query named {name_or_path!r}; `isecg-kg queries` lists them "
            f"({', '.join(queries)})"
        )
    return queries[name_or_path]


def run_bounded(
    work: Callable[[], T], timeout: float, source: str = "query", task: str = "the query"
) -> T:
    """Run `work` in a forked child with a deadline; its failures come back as our errors.

    A child can be stopped where a thread cannot, and a crash in a native engine ends the child
    only.
    """
    import multiprocessing  # only here: a build, a query on Oxigraph never fork

    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(work, writer, source), daemon=True)
    child.start()
    writer.close()
    try:
        if not reader.poll(timeout):
            raise EndpointError(f"{source}: {task} did not finish within {timeout:g} s")
        try:
            outcome = reader.recv()
        except EOFError:
            child.join(5)
            raise EndpointError(
                f"{source}: the engine running {task} stopped unexpectedly "
                f"(exit code {child.exitcode})"
            ) from None
    finally:
        reader.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome[0] == "ok":
        return outcome[1]  # type: ignore[no-any-return]
    _kind, code, message = outcome
    error = IsecgKgError(message)
    error.exit_code = code
    raise error


def _child(
    work: Callable[[], object], writer: multiprocessing.connection.Connection, source: str
) -> None:
    try:
        outcome: tuple[object, ...] = ("ok", work())
    except IsecgKgError as error:
        outcome = ("error", error.exit_code, str(error))
    except BaseException as error:  # every failure goes back to the parent to be reported
        code, message = _engine_failure(error)
        outcome = ("error", code, f"{source}: {message}")
    writer.send(outcome)
    writer.close()


def _engine_failure(error: BaseException) -> tuple[int, str]:
    """An engine's exception as (exit code, message): syntax errors are bad input (2), the rest
    is the engine failing (4). Parse messages give the place only, never the query's text."""
    name = type(error).__name__
    if name == "ParseException":
        where = f"line {getattr(error, 'lineno', '?')}, column {getattr(error, 'col', '?')}"
        return InputError.exit_code, f"malformed SPARQL query at {where}"
    if name == "Exception" and str(error).startswith("Unknown namespace prefix"):
        return InputError.exit_code, f"malformed SPARQL query: {str(error)[:200]}"
    if isinstance(error, SyntaxError):
        # Oxigraph's "error at LINE:COLUMN: …" said as rdflib's is, so both engines read alike
        text = str(error).splitlines()[0]
        place = re.match(r"error at (\d+):(\d+): ", text)
        if place is None:
            return InputError.exit_code, f"malformed SPARQL query: {text[:200]}"
        where = f"malformed SPARQL query at line {place[1]}, column {place[2]}"
        if "Prefix not found" in text:
            return InputError.exit_code, f"{where}: Unknown namespace prefix"
        return InputError.exit_code, f"{where}: {text[place.end() :][:200]}"
    if isinstance(error, (RecursionError, MemoryError, UnicodeError)):
        code, message = exit_code_and_message(error)
        return code, message or name
    return EndpointError.exit_code, f"the query failed in the engine: {name}: {error}"
