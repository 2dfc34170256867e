"""Property-based tests (hypothesis) of what a user types: parameter values, option values and
query text. Whatever the text, the answer is a value or our own error, never another exception,
and a bound parameter never changes the shape of the query it is bound into."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.namespace import XSD

from isecg_kg import options
from isecg_kg.errors import InputError, clean, redact
from isecg_kg.query_gate import check_query, shape
from isecg_kg.stored_queries import Parameter, parse_query_file
from property_budget import examples

HOSTILE = Path(__file__).resolve().parent / "hostile" / "queries"
PARAMS = parse_query_file(HOSTILE / "params.rq")
SETTINGS = settings(
    max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
text = st.text(st.characters(codec="utf-8"), max_size=200)
numberish = st.one_of(
    text,
    st.from_regex(r"[+-]?[0-9_.eE]{0,30}", fullmatch=True),
    st.sampled_from(["NaN", "-Infinity", "inf", "1_000.5", "9" * 5000, "٣", "３", " 7 "]),
)


@SETTINGS
@given(numberish)
def test_an_integer_parameter_is_an_integer_or_an_input_error(value: str) -> None:
    parameter = Parameter("n", "1", XSD.integer, "")
    try:
        term = parameter.term(value)
    except InputError:
        return
    assert int(value.strip()) == term.toPython()


@SETTINGS
@given(numberish)
def test_a_decimal_parameter_is_finite_or_an_input_error(value: str) -> None:
    parameter = Parameter("r", "1.5", XSD.decimal, "")
    try:
        term = parameter.term(value)
    except InputError:
        return
    assert term.toPython().is_finite()


@SETTINGS
@given(st.sampled_from(["ratio", "word", "n"]), numberish)
def test_binding_never_changes_the_shape_of_the_query(name: str, value: str) -> None:
    before = shape(PARAMS.text)
    try:
        bound = PARAMS.bind({name: value})
    except InputError:
        return
    after = shape(bound)
    assert after == before
    check_query(bound, "params.rq")


@SETTINGS
@given(text)
def test_any_query_text_is_checked_or_refused_with_an_input_error(query: str) -> None:
    try:
        check_query(query, "q")
    except InputError as error:
        assert "q:" in str(error)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=29, max_value=20000), st.sampled_from("({["))
def test_any_depth_is_refused_without_a_crash(depth: int, bracket: str) -> None:
    closing = {"(": ")", "{": "}", "[": "]"}[bracket]
    inner = "?s ?p " + bracket * depth + "1" + closing * depth
    query = "SELECT * WHERE { " + (f"FILTER({inner})" if bracket == "(" else inner) + " }"
    with pytest.raises(InputError, match=r"too deeply nested|nests too deeply|malformed"):
        check_query(query, "q")


@SETTINGS
@given(numberish)
def test_a_timeout_is_finite_and_positive_or_refused(value: str) -> None:
    try:
        seconds = options.seconds(value)
    except argparse.ArgumentTypeError:
        return
    assert math.isfinite(seconds) and 0 < seconds <= options.MAX_SECONDS


@SETTINGS
@given(numberish)
def test_a_port_is_in_range_or_refused(value: str) -> None:
    try:
        port = options.port(value)
    except argparse.ArgumentTypeError:
        return
    assert 1 <= port <= 65535


@SETTINGS
@given(text, st.text(st.characters(codec="ascii", exclude_characters="@/ "), min_size=1))
def test_printed_text_has_no_control_character_and_no_password(message: str, secret: str) -> None:
    printed = clean(f"{message} http://user:{secret}@host/sparql")
    assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in printed)
    assert "http://***@host/sparql" in printed
    assert f":{secret}@" not in redact(f"http://user:{secret}@host/")
