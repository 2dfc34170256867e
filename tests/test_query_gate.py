"""The query gate decides on the parsed query: queries generated from SPARQL's grammar, full of the
pieces that fooled the old text scanner (local-name escapes such as `ex:p\\#x`, IRIs holding
brackets and `#`, strings holding `SERVICE`, brackets and `#`, `<` and `>` as operators around
brackets, nested groups), get the gate's decision that the generator and the parser's algebra
(rdflib's translateQuery, an independent view) both say."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from isecg_kg.errors import InputError
from isecg_kg.query_gate import MAX_TREE_DEPTH, _on_a_fresh_stack, check_query, shape
from property_budget import examples

PREFIXES = "PREFIX ex: <http://example.org/>\n"
TERMS = [
    "?s",
    "?o",
    r"ex:p\#x",  # an escaped '#': a name, not a comment
    r"ex:a\(b",
    r"ex:c\)\;",
    "<http://example.org/a(b>",
    "<http://example.org/(x)#frag(>",
    "<http://example.org/a#SERVICE>",
    '"SERVICE <http://127.0.0.1:1/> { ((( # "',
    "'}}} ))) SERVICE'",
    '"""a\nSERVICE <http://x/> {\n"""',
    '"\\" # SERVICE <http://x/> {"',
    "42",
]
FILTERS = [
    "FILTER(1<((((2))))&&2>1)",  # brackets between the operators < and >
    'FILTER(?o != "#")',
    "FILTER(STR(?s) < STR(?o))",
]


@dataclass(frozen=True)
class Pattern:
    text: str
    service: bool  # a real SERVICE pattern, as the grammar reads it
    groups: int  # nested groups


def triple(terms: tuple[str, str, str]) -> Pattern:
    return Pattern(f"{terms[0]} {terms[1]} {terms[2]} .\n", False, 0)


triples = st.tuples(
    st.sampled_from(["?s", "ex:s", r"ex:p\#x"]),
    st.sampled_from(["ex:p", r"ex:p\#x", "<http://example.org/p(#)>"]),
    st.sampled_from(TERMS),
).map(triple)
filters = st.sampled_from(FILTERS).map(lambda text: Pattern(text + "\n", False, 0))


def wrap(inner: Pattern, how: str) -> Pattern:
    groups = inner.groups + 1
    if how == "service":
        text = f"SERVICE <http://127.0.0.1:9/sparql#x> {{\n{inner.text}}}\n"
        return Pattern(text, True, groups)
    head = {"group": "", "optional": "OPTIONAL ", "exists": "FILTER EXISTS ", "minus": "MINUS "}
    return Pattern(f"{head[how]}{{\n{inner.text}}}\n", inner.service, groups)


def join(parts: list[Pattern]) -> Pattern:
    return Pattern(
        "".join(p.text for p in parts),
        any(p.service for p in parts),
        max(p.groups for p in parts),
    )


patterns = st.recursive(
    st.one_of(triples, filters),
    lambda inner: st.one_of(
        st.builds(
            wrap, inner, st.sampled_from(["group", "optional", "exists", "minus", "service"])
        ),
        st.lists(inner, min_size=2, max_size=3).map(join),
    ),
    max_leaves=8,
)
comments = st.sampled_from(["", "# SERVICE <http://x/> { (((\n", "# }}}\n"])


def algebra_has_service(text: str) -> bool:
    """The parser's algebra (not the parse tree the gate reads) says whether SERVICE occurs."""
    stack: list[object] = [translateQuery(parseQuery(text)).algebra]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, list | tuple):
            stack.extend(node)
    return False


def tree_depth(node: object) -> int:
    """The parse tree's depth, counted recursively (the gate counts without recursion)."""
    if isinstance(node, CompValue):
        return 1 + max((tree_depth(child) for child in node.values()), default=0)
    if isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        return 1 + max((tree_depth(child) for child in node), default=0)
    return 1


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns, comments)
def test_the_gate_sees_what_the_grammar_and_the_algebra_see(pattern: Pattern, comment: str) -> None:
    text = f"{PREFIXES}{comment}SELECT * WHERE {{\n{pattern.text}}}\n"
    try:  # the parser's own view first: what it cannot parse (recursing out), the gate refuses
        tree = _on_a_fresh_stack(parseQuery, text)
    except RecursionError:
        with pytest.raises(InputError, match="too deeply nested"):
            check_query(text, "q", allow_service=True)
        return
    found = shape(text)
    assert found.form == "SELECT"
    assert found.depth == tree_depth(tree), text
    # a new parse: translateQuery rewrites the tree it is given (a nested FILTER EXISTS is lost)
    assert found.service == pattern.service == algebra_has_service(text), text
    if pattern.service:
        with pytest.raises(InputError, match="SERVICE"):
            check_query(text, "q")
        assert check_query(text, "q", allow_service=True).service
    else:
        assert check_query(text, "q") == found


@pytest.mark.parametrize(
    ("text", "service"),
    [
        (PREFIXES + "SELECT * WHERE { ?s ex:p\\#x ?o .\nSERVICE <http://127.0.0.1:1/> { } }", True),
        (PREFIXES + 'SELECT * WHERE { ?s ex:p "SERVICE <http://x/> {}" }', False),
        (PREFIXES + "SELECT * WHERE { ?s <http://x/#SERVICE> ?o }", False),
        (PREFIXES + "SELECT * WHERE { ?s ?p ?o . # SERVICE <http://x/> {}\n}", False),
        (PREFIXES + "SELECT * WHERE { service <http://x/> { ?s ?p ?o } }", True),
        (PREFIXES + "ASK { FILTER NOT EXISTS { SERVICE SILENT <http://x/> { } } }", True),
        (PREFIXES + "SELECT * WHERE { { SELECT ?s WHERE { SERVICE ?x { ?s ?p ?o } } } }", True),
    ],
)
def test_service_is_read_from_the_parse(text: str, service: bool) -> None:
    assert shape(text).service is service


def test_brackets_between_less_than_and_greater_than_are_nesting() -> None:
    """`FILTER(1<((((…5000…))))&&2>1)`: no IRI there, so the nesting is refused, not crashed on."""
    text = "SELECT * WHERE { FILTER(1<" + "(" * 5000 + "2" + ")" * 5000 + "&&2>1) }"
    with pytest.raises(InputError, match="too deeply nested"):
        check_query(text, "q")


def test_the_tree_depth_limit_is_enforced_below_the_parsers_own() -> None:
    """Groups nested 33 deep parse, but their tree is deeper than the documented limit."""
    text = "SELECT * WHERE " + "{ " * 33 + "?s ?p ?o " + "} " * 33
    with pytest.raises(InputError, match=f"the limit is {MAX_TREE_DEPTH}"):
        check_query(text, "q")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("DROP ALL", "a SPARQL update is refused"),
        ("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }", "a SPARQL update is refused"),
        ("ASK {}", "ASK queries are not supported here"),
        ("# only a comment\n", "no SPARQL query found"),
        ("SELECT * WHERE { ?s ?p }", "malformed SPARQL query at line 1"),
    ],
)
def test_refusals_say_why(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_query(text, "q")
