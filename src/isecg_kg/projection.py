"""What a client can know of a SELECT query's answer before it arrives, from the parsed query
(rdflib's algebra), never from its text: the outermost LIMIT, and which projected variables are
always booleans.

Endpoints use both: a store's row cap is only a truncation when the query asked for more rows
than the cap, and a store that answers booleans as `xsd:integer` 1/0 (Virtuoso 7) is corrected
only in columns that the query itself makes boolean.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import Literal, Variable
from rdflib.namespace import XSD

# Expressions whose value is always xsd:boolean (SPARQL 1.1 §17.4), by rdflib's node names.
_BOOLEAN = {
    "RelationalExpression",
    "ConditionalAndExpression",
    "ConditionalOrExpression",
    "UnaryNot",
    "Builtin_BOUND",
    "Builtin_EXISTS",
    "Builtin_NOTEXISTS",
    "Builtin_sameTerm",
    "Builtin_isIRI",
    "Builtin_isBLANK",
    "Builtin_isLITERAL",
    "Builtin_isNUMERIC",
    "Builtin_REGEX",
    "Builtin_CONTAINS",
    "Builtin_STRSTARTS",
    "Builtin_STRENDS",
    "Builtin_LANGMATCHES",
}


@dataclass(frozen=True)
class Projection:
    limit: int | None  # the outermost LIMIT, if any
    booleans: frozenset[str]  # projected variables that only boolean expressions bind


UNKNOWN = Projection(None, frozenset())


def projection(text: str) -> Projection:
    """The query's outermost LIMIT and boolean columns; UNKNOWN where rdflib cannot parse it
    (the store may accept syntax rdflib does not, and then nothing is corrected)."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        algebra = translateQuery(parseQuery(text)).algebra
    except Exception:  # any failure to parse means "nothing known"
        return UNKNOWN
    limit = None
    top = algebra.get("p")
    if getattr(top, "name", None) == "Slice" and top.get("length") is not None:
        limit = int(top["length"])
    binders: dict[str, list[bool]] = {}
    _visit(algebra, binders)
    projected = {str(v) for v in algebra.get("PV") or ()}
    booleans = {name for name, kinds in binders.items() if kinds and all(kinds)}
    return Projection(limit, frozenset(booleans & projected))


def _visit(node: Any, binders: dict[str, list[bool]]) -> None:
    """Record, for each variable an Extend (BIND, SELECT expression) binds, if it is boolean."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            if getattr(current, "name", None) == "Extend":
                binders.setdefault(str(current["var"]), []).append(_is_boolean(current["expr"]))
            stack.extend(current.values())
        elif isinstance(current, (list, tuple)):
            stack.extend(current)


def _is_boolean(expression: Any) -> bool:
    if isinstance(expression, Literal):
        return expression.datatype == XSD.boolean
    if isinstance(expression, Variable):
        return False
    name = getattr(expression, "name", None)
    if name in _BOOLEAN:
        return True
    if name == "Builtin_IF":
        # IF(c, a, b) is boolean when each branch is boolean or an (unbound) variable-error
        branches = [expression["arg2"], expression["arg3"]]
        return any(not isinstance(b, Variable) for b in branches) and all(
            isinstance(b, Variable) or _is_boolean(b) for b in branches
        )
    return False
