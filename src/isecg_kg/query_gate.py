"""The one gate every user query passes before an engine or an endpoint sees it.

It decides on the query as SPARQL's grammar reads it (rdflib's parser), never on scanned text: a
text scanner that skips comments or counts brackets is fooled by a local-name escape (`ex:p\\#x`
is a name, not a comment) or by brackets between `<` and `>` that are operators, not an IRI.
The parse tree tells the query form, whether SERVICE occurs anywhere (in a group, an OPTIONAL,
a FILTER EXISTS, a subquery), and how deep it nests. What cannot be parsed is refused.

Limits (exit code 2, `InputError`):
- MAX_QUERY_BYTES of UTF-8;
- MAX_TREE_DEPTH levels of parse tree (about 28 nested groups; a typical stored query is 17-39);
- whatever nests too deeply for the parser itself (it recurses on brackets: about 28 nested
  parentheses or 45 nested groups) is refused as "too deeply nested", as the parser's own limit
  is well below the depth at which Oxigraph overflows its stack (about 3,000).

Decisions are cached by the query's digest: they depend on the text alone, and a server sees the
same query many times (rdflib's pure-Python parser takes 10-400 ms for a typical query and about
30 s for 256 KiB on a loaded machine). `python -m isecg_kg.query_gate` is a worker that decides on
one query a line (JSON in, JSON out): `serve` parses in such workers, outside its own process,
and stops one that takes too long.
"""

from __future__ import annotations

import hashlib
import json
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from isecg_kg.errors import InputError

MAX_QUERY_BYTES = 256 * 1024
MAX_TREE_DEPTH = 128
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


@dataclass(frozen=True)
class QueryShape:
    """What the gate read: the query form, the parse tree's depth, whether SERVICE occurs."""

    form: str
    depth: int
    service: bool


def check_query(
    text: str, source: str, *, forms: tuple[str, ...] = ("SELECT",), allow_service: bool = False
) -> QueryShape:
    """Refuse, before any engine sees it, a query that is too big, cannot be parsed, nests too
    deeply, is an update, is of a form not allowed here, or (unless allowed) calls SERVICE."""
    if len(text.encode("utf-8", "replace")) > MAX_QUERY_BYTES:
        raise InputError(f"{source}: a query is limited to {MAX_QUERY_BYTES // 1024} KiB")
    found, problem = _read(text)
    if problem:
        raise InputError(f"{source}: {problem}")
    assert found is not None
    if found.form not in forms:
        raise InputError(
            f"{source}: {found.form} queries are not supported here; use {' or '.join(forms)}"
        )
    if found.service and not allow_service:
        raise InputError(
            f"{source}: the query calls a remote service (SERVICE), which local engines do "
            "only with --allow-service"
        )
    return found


def shape(text: str) -> QueryShape:
    """The parsed shape of a query; InputError if it has none (the reason says why)."""
    found, problem = _read(text)
    if problem:
        raise InputError(problem)
    assert found is not None
    return found


_DECIDED: OrderedDict[bytes, tuple[QueryShape | None, str]] = OrderedDict()
CACHED = 512


def _read(text: str) -> tuple[QueryShape | None, str]:
    """(shape, "") or (None, why it is refused): a pure function of the text, hence cached."""
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    if key in _DECIDED:
        _DECIDED.move_to_end(key)
        return _DECIDED[key]
    decided = _decide(text)
    _DECIDED[key] = decided
    if len(_DECIDED) > CACHED:
        _DECIDED.popitem(last=False)
    return decided


def _on_a_fresh_stack(parse: Callable[[str], Any], text: str) -> Any:
    """The parser run in a thread of its own, so that how deep it may recurse (rdflib's parser
    recurses per bracket) does not depend on how deep the caller's stack already is: the same
    query gets the same decision from the CLI, the API, a test runner or the server."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["parsed"] = parse(text)
        except BaseException as error:  # raised again in the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=run, name="isecg-kg-query-parse")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["parsed"]


def _decide(text: str) -> tuple[QueryShape | None, str]:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = _on_a_fresh_stack(parseQuery, text)
    except RecursionError:
        return None, "the query cannot be parsed: it is too deeply nested"
    except ParseException as error:
        operations = _update_operations(text)
        if operations:
            return None, "a SPARQL update is refused: only queries are run here"
        if operations == 0:  # comments and prefixes only: an empty update
            return None, "no SPARQL query found (SELECT ... WHERE { ... })"
        where = f"line {getattr(error, 'lineno', '?')}, column {getattr(error, 'col', '?')}"
        return None, f"malformed SPARQL query at {where}"
    except Exception as error:  # the parser's own failures (e.g. a bad escape): not parsed
        return None, f"malformed SPARQL query ({type(error).__name__})"
    form = _FORMS.get(getattr(parsed[1], "name", ""), "")
    if not form:
        return None, "no SPARQL query found (SELECT ... WHERE { ... })"
    depth, service = _walk(parsed)
    if depth > MAX_TREE_DEPTH:
        return None, (
            f"the query nests too deeply ({depth} levels of parse tree; the limit is "
            f"{MAX_TREE_DEPTH})"
        )
    return QueryShape(form, depth, service), ""


def _update_operations(text: str) -> int | None:
    """How many operations the text has as a SPARQL update; None if it is not one either."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(text)
    except Exception:  # anything unparsable is simply not an update
        return None
    request = update.get("request")  # an empty update gives no list here
    return len(request) if isinstance(request, list) else 0


def _walk(tree: object) -> tuple[int, bool]:
    """The parse tree's depth and whether a SERVICE pattern occurs in it, without recursion."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    deepest, service = 0, False
    stack: list[tuple[object, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, CompValue):
            service = service or node.name == "ServiceGraphPattern"
            children: list[object] = list(node.values())
        elif isinstance(node, ParseResults | list | tuple):
            children = list(node)
        else:
            continue
        stack.extend((child, depth + 1) for child in children)
    return deepest, service


def worker() -> None:
    """One decision a line: {"text": …} in; {"form", "depth", "service"} or {"refused": why} out."""
    for line in sys.stdin:
        try:
            found, problem = _read(json.loads(line)["text"])
        except (ValueError, KeyError, TypeError):
            found, problem = None, "the query could not be read"
        answer = {"refused": problem} if found is None else asdict(found)
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    worker()
