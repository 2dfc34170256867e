"""The project's own edge cases (tests/conformance/cases/), each run on both engine sets.

One small file a case, its expected outcome in its header: `parse/` (every datatype we use
ill-typed, unicode, blank nodes, a large literal, malformed Turtle), `reason/` (every clash rule of
consistency.CLASH_RULES and the probe of issue 20), `query/` (OPTIONAL and unbound variables in
aggregates, empty answers, unicode, blank nodes, a large literal, with expected answers as terms).
Both sets must give the same outcome; the fast set must give the expected one.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from graph_equality import same_graph
from isecg_kg import KnowledgeGraph, resources
from isecg_kg.cli import main
from isecg_kg.consistency import CLASH_RULES
from isecg_kg.engine_registry import SETS
from isecg_kg.engines import from_oxigraph_triple
from isecg_kg.errors import IsecgKgError
from isecg_kg.load import parse_files
from isecg_kg.pipeline import engines

CASES = Path(__file__).resolve().parent / "cases"
PARSE = sorted((CASES / "parse").glob("*.ttl"))
REASON = sorted((CASES / "reason").glob("*.ttl"))
QUERY = sorted((CASES / "query").glob("*.rq"))


def header(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_bytes().decode("utf-8", "replace").splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].partition(":")
        if sep and key.strip() in ("expect", "expect-clashes", "expect-inferred", "graph"):
            found[key.strip()] = value.strip()
    return found


def as_graph(parsed: object) -> Graph:
    if isinstance(parsed, Graph):
        return parsed
    graph = Graph()
    for quad in parsed:  # type: ignore[attr-defined]
        graph.add(from_oxigraph_triple(quad))
    return graph


def parse_outcome(engine_set: str, paths: list[Path]) -> tuple[object, ...]:
    try:
        parsed = engines(engine_set).parser.parse(paths).graph
    except IsecgKgError as error:
        return ("error", error.exit_code, str(error))
    return ("ok", as_graph(parsed))


# --- parse ------------------------------------------------------------------------------------


def test_the_corpus_covers_every_datatype_we_use_and_every_clash_rule() -> None:
    names = {p.stem for p in PARSE}
    for datatype in ("integer", "decimal", "double", "boolean", "date", "gYear", "gYearMonth"):
        assert f"ill-typed-{datatype}" in names
    for datatype in ("nonNegativeInteger", "positiveInteger"):
        assert f"ill-typed-{datatype}" in names
    rules = {header(p).get("expect-clashes", "").split(",")[0] for p in REASON}
    assert set(CLASH_RULES) <= rules


@pytest.mark.parametrize("case", PARSE, ids=lambda p: p.stem)
def test_a_parse_case_has_one_outcome_on_both_sets(case: Path) -> None:
    reference, fast = (parse_outcome(s, [case]) for s in SETS)
    expect = header(case)["expect"]
    if expect.startswith("error"):
        assert reference == fast  # the same exit code and the same message
        assert reference[:2] == ("error", 2)
        assert expect.removeprefix("error").strip() in str(reference[2])
    else:
        count = int(expect.removeprefix("ok").strip())
        assert reference[0] == fast[0] == "ok", (reference, fast)
        assert len(reference[1]) == len(fast[1]) == count  # type: ignore[arg-type]
        assert isomorphic(reference[1], fast[1])  # type: ignore[arg-type]


def test_two_files_keep_their_blank_nodes_apart_on_both_sets(tmp_path: Path) -> None:
    one, two = tmp_path / "one.ttl", tmp_path / "two.ttl"
    one.write_text("_:b <https://example.org/p> 1 .\n")
    two.write_text("_:b <https://example.org/p> 2 .\n")
    for engine_set in SETS:
        graph = as_graph(engines(engine_set).parser.parse([one, two]).graph)
        assert len(set(graph.subjects())) == 2, engine_set


@pytest.mark.parametrize("kind", ["directory", "fifo", "device"])
def test_the_input_guard_holds_for_every_parser(kind: str, tmp_path: Path) -> None:
    if kind == "directory":
        path = tmp_path / "folder.ttl"
        path.mkdir()
    elif kind == "fifo":
        path = tmp_path / "pipe.ttl"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    reference, fast = (parse_outcome(s, [path]) for s in SETS)
    assert reference == fast
    assert reference[:2] == ("error", 2)


ILL_TYPED = CASES / "parse" / "ill-typed-integer.ttl"


@pytest.mark.parametrize("engine_set", SETS)
@pytest.mark.parametrize(
    "command",
    [
        ["validate", str(ILL_TYPED)],
        ["reason", str(ILL_TYPED)],
        ["export", str(ILL_TYPED)],
        ["query", "agencies", "--data", str(ILL_TYPED)],
    ],
    ids=lambda c: c[0] if isinstance(c, list) else c,
)
def test_an_ill_typed_literal_is_refused_alike_by_every_command(
    command: list[str], engine_set: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--engines", engine_set]) == 2
    err = capsys.readouterr().err
    assert f'{ILL_TYPED}:4:11: ill-typed literal "maybe"' in err
    assert "Traceback" not in err


@pytest.mark.parametrize("engine_set", SETS)
def test_an_ill_typed_literal_is_refused_alike_by_the_build(
    engine_set: str, tmp_path: Path
) -> None:
    from isecg_kg import pipeline
    from isecg_kg.build import build

    with pytest.raises(IsecgKgError, match='ill-typed literal "maybe"') as error:
        build(tmp_path / "a", engine_set, extra=[ILL_TYPED])
    assert error.value.exit_code == 2
    with pytest.raises(IsecgKgError, match='ill-typed literal "maybe"'):
        pipeline.build(tmp_path / "b", engines(engine_set), sources=[ILL_TYPED])


# --- reason -----------------------------------------------------------------------------------


def reason_outcome(engine_set: str, case: Path) -> tuple[tuple[str, ...], Graph]:
    chosen = engines(engine_set)
    base = resources.graph_files() if header(case).get("graph") == "packaged" else None
    files = [*(base or resources.ontology_files()), case]
    inferred = chosen.reasoner.reason(chosen.parser.parse(files).graph)  # type: ignore[arg-type]
    return inferred.clashes, inferred.graph


@pytest.mark.parametrize(
    "case",
    [  # a case on the packaged graph runs owlrl on all of it: `make test`, not `make check`
        pytest.param(case, marks=pytest.mark.slow)
        if header(case).get("graph") == "packaged"
        else case
        for case in REASON
    ],
    ids=lambda p: p.stem,
)
def test_a_clash_case_gives_the_same_clashes_and_inferred_graph_on_both_sets(
    case: Path,
) -> None:
    (ref_clashes, ref_graph), (fast_clashes, fast_graph) = (reason_outcome(s, case) for s in SETS)
    assert ref_clashes == fast_clashes
    assert same_graph(ref_graph, fast_graph)
    assert len(ref_graph) > 0
    rules = {clash.split(": ", 1)[0] for clash in ref_clashes}
    expected = header(case)["expect-clashes"]
    assert rules == (set() if expected == "none" else {r.strip() for r in expected.split(",")})
    if "expect-inferred" in header(case):  # beyond the packaged graph's own (README)
        assert len(ref_graph) - README_INFERRED == int(header(case)["expect-inferred"])


def readme_inferred() -> int:
    """The packaged graph's own inferred triples, as the README's build example states them."""
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    found = re.search(r"triples inferred : (\d+)", text)
    assert found, "README.md: the build example's inferred count"
    return int(found.group(1))


README_INFERRED = readme_inferred()


@pytest.mark.slow  # the reference build of the whole graph
def test_the_probe_of_issue_20_gives_one_summary_on_both_sets(tmp_path: Path) -> None:
    from isecg_kg.build import build

    probe = CASES / "reason" / "issue-20-probe.ttl"
    summaries = {}
    for engine_set in SETS:
        build(tmp_path / engine_set, engine_set, extra=[probe])
        summary = json.loads((tmp_path / engine_set / "summary.json").read_text())
        summary["files"] = [Path(f).name for f in summary["files"]]
        summaries[engine_set] = summary
    assert summaries["reference"] == summaries["fast"]
    assert summaries["fast"]["triples_inferred"] == README_INFERRED + 63
    assert len(summaries["fast"]["clashes"]) == 10


# --- query ------------------------------------------------------------------------------------


def query_answer(case: Path, engine_set: str) -> list[list[str | None]] | str:
    """The rows as N-Triples terms (blank nodes as `_:`), or the error's class and message."""
    if header(case).get("graph") == "packaged":
        kg = KnowledgeGraph.load(engines=engine_set)
    else:
        kg = KnowledgeGraph(parse_files([CASES / "query" / "data.ttl"]), engine_set)
    try:
        result = kg.select(case.read_text(encoding="utf-8"))
    except IsecgKgError as error:  # an engine's own exception would fail the test here
        return f"{type(error).__name__}: {error}"
    return [[term_text(t) for t in row] for row in result.rows]


def term_text(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term)).n3()
    return term.n3()  # type: ignore[attr-defined, no-any-return]


def matches(answer: list[list[str | None]] | str, expected: dict[str, object]) -> bool:
    if isinstance(answer, str):
        return False
    rows = [list(r) for r in expected["rows"]]  # type: ignore[attr-defined]
    columns = [expected["variables"].index(c) for c in expected["unordered_concat"]]  # type: ignore[attr-defined]

    def normal(row: list[str | None]) -> list[object]:
        return [
            sorted(v.strip('"').split(", ")) if i in columns and v is not None else v
            for i, v in enumerate(row)
        ]

    got = [normal(r) for r in answer]
    want = [normal(r) for r in rows]
    return got == want if expected["ordered"] else sorted(map(repr, got)) == sorted(map(repr, want))


@pytest.mark.parametrize("case", QUERY, ids=lambda p: p.stem)
def test_a_query_case_is_answered_as_expected_by_the_default_engines(case: Path) -> None:
    expected = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
    outcomes = {s: query_answer(case, s) for s in SETS}
    assert matches(outcomes["fast"], expected), outcomes["fast"]
    # the reference may fail a case, but as one of our errors (exit 4), never its own exception
    if not matches(outcomes["reference"], expected) and isinstance(outcomes["reference"], str):
        assert outcomes["reference"].startswith("EndpointError: ")


def test_the_reference_query_engine_fails_as_documented() -> None:
    """rdflib 7.6's failures in the corpus, named: if one is mended, this test says so."""
    failing = set()
    for case in QUERY:
        expected = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
        if not matches(query_answer(case, "reference"), expected):
            failing.add(case.stem)
    assert failing == {
        "group-concat-distinct-optional",  # NotBoundError
        "group-concat-optional",  # "" where nothing is bound
        "japan-priorities-and-partners",  # "" where nothing is bound
        "sum-of-text",  # SPARQLTypeError
    }


def test_an_engine_failure_is_exit_4_with_a_message_and_the_fast_set_answers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    query = CASES / "query" / "group-concat-distinct-optional.rq"
    data = CASES / "query" / "data.ttl"
    argv = ["query", str(query), "--data", str(data), "--format", "csv", "--engines"]
    assert main([*argv, "reference"]) == 4
    err = capsys.readouterr().err
    assert "the query failed in the engine: NotBoundError" in err
    assert "Traceback" not in err
    assert main([*argv, "fast"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "t,names" and len(rows) == 4
    assert rows[1] == "https://example.org/drilling,"


# --- lexical forms ----------------------------------------------------------------------------

LEXICAL = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
ex:count rdfs:subPropertyOf ex:number .
ex:x ex:count "01"^^xsd:integer .
"""
COUNT = "SELECT ?v WHERE { ?s <https://example.org/count> ?v }"
NOT_CANONICAL = Literal("01", datatype=XSD.integer, normalize=False)


EX_S = pyoxigraph.NamedNode("https://example.org/s")


def lexical_outcome(engine_set: str, tmp_path: Path) -> tuple[list[str], list[str]]:
    """The query answer and the inferred objects of LEXICAL, as N-Triples terms."""
    path = tmp_path / "lexical.ttl"
    path.write_text(LEXICAL, encoding="utf-8")
    chosen = engines(engine_set)
    parsed = chosen.parser.parse([path]).graph
    answer = chosen.query.select(parsed, COUNT)  # type: ignore[arg-type]
    inferred = chosen.reasoner.reason(parsed)  # type: ignore[arg-type]
    return [t.n3() for row in answer.rows for t in row], [o.n3() for _, _, o in inferred.graph]


def test_the_reference_set_keeps_a_lexical_form_in_answers_and_inferences(
    tmp_path: Path,
) -> None:
    assert lexical_outcome("reference", tmp_path) == ([NOT_CANONICAL.n3()], [NOT_CANONICAL.n3()])


def test_oxigraph_and_endpoint_terms_keep_their_lexical_form() -> None:
    """The conversion to rdflib terms never rewrites a value (rdflib's normalisation would write
    "01"^^xsd:integer as "1" and "1"^^xsd:double as "1.0")."""
    import pyoxigraph

    from isecg_kg.engines import from_json_results

    integer = pyoxigraph.Literal("01", datatype=pyoxigraph.NamedNode(str(XSD.integer)))
    assert from_oxigraph_triple(pyoxigraph.Triple(EX_S, EX_S, integer))[2].n3() == (
        NOT_CANONICAL.n3()
    )
    double = pyoxigraph.Literal("1", datatype=pyoxigraph.NamedNode(str(XSD.double)))
    assert str(from_oxigraph_triple(pyoxigraph.Triple(EX_S, EX_S, double))[2]) == "1"
    answer = json.dumps(
        {
            "head": {"vars": ["v", "w"]},
            "results": {
                "bindings": [
                    {
                        "v": {"type": "literal", "value": "01", "datatype": str(XSD.integer)},
                        "w": {"type": "typed-literal", "value": "1", "datatype": str(XSD.double)},
                    }
                ]
            },
        }
    ).encode()
    ((v, w),) = from_json_results(answer, "endpoint").rows
    assert (v.n3(), str(w)) == (NOT_CANONICAL.n3(), "1")  # type: ignore[union-attr]


def test_the_fast_store_keeps_values_in_canonical_form_as_documented(tmp_path: Path) -> None:
    """Oxigraph's store (0.5) keeps xsd numbers, booleans and dates as values: "01"^^xsd:integer
    is read back as "1" in its answers and closures. If Oxigraph ever keeps the lexical form,
    this test says so and the fast set joins the reference above."""
    canonical = Literal("1", datatype=XSD.integer).n3()
    assert lexical_outcome("fast", tmp_path) == ([canonical], [canonical])
