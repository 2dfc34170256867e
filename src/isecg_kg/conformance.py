"""Conformance of the engines: the W3C SPARQL 1.1 query and SHACL test suites, run through the
engine registry on each engine, and the tables that say what passed, failed or was skipped (why).

The suites are data (tests/conformance/w3c/, with their licence); this module reads their
manifests, runs each test on one engine and compares the answer with the expected one. The
project's own edge cases (tests/conformance/cases/) are run by tests/conformance/test_corpus.py.
`scripts/conformance.py` writes the tables (Markdown and EARL Turtle) that the release publishes.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from isecg_kg.engine_registry import implementation

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
EARL = Namespace("http://www.w3.org/ns/earl#")
PROJECT = URIRef("https://w3id.org/isecg-kg")


@dataclass(frozen=True)
class Outcome:
    suite: str
    test: str
    """The test's IRI (its manifest's base and its name)."""
    engine: str
    result: str
    """"passed", "failed" or "skipped"."""
    why: str = ""


# --- SPARQL 1.1 query evaluation tests ---------------------------------------------------------

_NUMERIC = frozenset({XSD.integer, XSD.decimal, XSD.double, XSD.float})
SPARQL_RESULT_FORMATS = {".srx": "xml", ".srj": "json"}


def manifest_entries(manifest: Path) -> tuple[Graph, list[Node]]:
    graph = Graph().parse(manifest, format="turtle", publicID=manifest.resolve().as_uri())
    entries: list[Node] = []
    for listing in graph.objects(None, MF.entries):
        entries += list(graph.items(listing))
    return graph, entries


def sparql_suite(root: Path, engine: str) -> list[Outcome]:
    """Every query evaluation test of the manifests under `root`, on one query engine."""
    implementation("query", engine)  # a known engine
    outcomes = []
    for manifest in sorted(root.glob("*/manifest.ttl")):
        graph, entries = manifest_entries(manifest)
        for test in entries:
            outcomes.append(_sparql_test(graph, test, engine, manifest.parent.name))
    return outcomes


def _sparql_test(graph: Graph, test: Node, engine: str, folder: str) -> Outcome:
    name = f"{folder}/{str(test).rsplit('#', 1)[-1]}"

    def skipped(why: str) -> Outcome:
        return Outcome("sparql11", name, engine, "skipped", why)

    kind = graph.value(test, RDF.type)
    if kind != MF.QueryEvaluationTest:
        return skipped(f"a {_local(kind)}: only query evaluation tests are run")
    action = graph.value(test, MF.action)
    query = graph.value(action, QT.query)
    data = list(graph.objects(action, QT.data))
    result = graph.value(test, MF.result)
    if list(graph.objects(action, QT.graphData)):
        return skipped("named graphs (qt:graphData): the engines query one default graph here")
    if result is None or Path(_path(result)).suffix not in SPARQL_RESULT_FORMATS:
        return skipped("no SELECT/ASK result file (.srx/.srj): CONSTRUCT and result-set graphs")
    text = Path(_path(query)).read_text(encoding="utf-8")
    from isecg_kg.errors import InputError
    from isecg_kg.query_gate import shape

    try:
        form = shape(text).form  # the query gate's parse, as for every query we run
    except InputError:
        form = ""
    if form != "SELECT":
        return skipped(f"{form or 'an unparsed'} query: the query step answers SELECT only")
    if any(word in text.upper() for word in ("FROM NAMED", "FROM <", "GRAPH ", "SERVICE")):
        return skipped("uses FROM, GRAPH or SERVICE: the engines query one default graph here")
    try:
        expected = _expected_rows(Path(_path(result)))
    except Exception as error:  # an expected file rdflib cannot read is the suite's, not ours
        return skipped(f"the expected result cannot be read by rdflib: {type(error).__name__}")
    try:
        answer = run_query(engine, [Path(_path(d)) for d in data], text, str(query))
    except Exception as error:
        return Outcome("sparql11", name, engine, "failed", f"{type(error).__name__}: {error}"[:200])
    if Counter(answer) == Counter(expected):
        return Outcome("sparql11", name, engine, "passed")
    return Outcome("sparql11", name, engine, "failed", "a different answer")


def run_query(engine: str, data: list[Path], text: str, base: str) -> list[tuple[object, ...]]:
    """The answer of one engine, rows as comparable tuples (blank nodes all alike)."""
    from isecg_kg.engines import run_oxigraph, run_rdflib

    if engine == "oxigraph":
        import pyoxigraph

        store = pyoxigraph.Store()
        for path in data:
            form = pyoxigraph.RdfFormat.from_media_type(_MEDIA[path.suffix][1])
            store.load(path.read_bytes(), format=form, base_iri=path.resolve().as_uri())
        result = run_oxigraph(store, _with_base(text, base))
    else:
        graph = Graph()
        for path in data:
            graph.parse(path, format=_MEDIA[path.suffix][0], publicID=path.resolve().as_uri())
        result = run_rdflib(graph, _with_base(text, base))
    return [
        tuple(
            sorted(
                (v, _comparable(t))
                for v, t in zip(result.variables, row, strict=True)
                if t is not None
            )
        )
        for row in result.rows
    ]


_MEDIA = {
    ".ttl": ("turtle", "text/turtle"),
    ".nt": ("nt", "application/n-triples"),
    ".rdf": ("xml", "application/rdf+xml"),
}


def _with_base(text: str, base: str) -> str:
    return text if "BASE" in text.upper().split("SELECT")[0] else f"BASE <{base}>\n{text}"


def _expected_rows(path: Path) -> list[tuple[object, ...]]:
    """The rows of a W3C results file, read here: rdflib's reader drops a result that binds
    nothing (`<result></result>`), which is an answer of one row."""
    import json
    import xml.etree.ElementTree as ElementTree

    rows: list[list[tuple[str, Node]]] = []
    if path.suffix == ".srj":
        document = json.loads(path.read_text(encoding="utf-8"))
        if "boolean" in document:
            raise ValueError("an ASK result")
        for binding in document["results"]["bindings"]:
            rows.append([(v, _json_term(t)) for v, t in binding.items()])
    else:
        ns = "{http://www.w3.org/2005/sparql-results#}"
        root = ElementTree.parse(path).getroot()
        if root.find(f"{ns}boolean") is not None:
            raise ValueError("an ASK result")
        for result in root.iter(f"{ns}result"):
            rows.append(
                [(b.get("name", ""), _xml_term(b[0], ns)) for b in result.iter(f"{ns}binding")]
            )
    return [tuple(sorted((v, _comparable(t)) for v, t in row)) for row in rows]


def _json_term(term: dict[str, str]) -> Node:
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in term:
        return Literal(value, lang=term["xml:lang"])
    datatype = term.get("datatype")
    # as written: rdflib's normalisation would rewrite the expected lexical form
    return Literal(value, datatype=None if datatype is None else URIRef(datatype), normalize=False)


def _xml_term(element, ns: str) -> Node:  # type: ignore[no-untyped-def]
    text = element.text or ""
    if element.tag == f"{ns}uri":
        return URIRef(text)
    if element.tag == f"{ns}bnode":
        return BNode(text)
    language = element.get("{http://www.w3.org/XML/1998/namespace}lang")
    if language:
        return Literal(text, lang=language)
    datatype = element.get("datatype")
    return Literal(text, datatype=None if datatype is None else URIRef(datatype), normalize=False)


def _comparable(term: Node | None) -> object:
    """A term as compared: blank nodes alike, xsd:string the same as a simple literal."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        datatype = None if term.datatype in (None, XSD.string) else str(term.datatype)
        language = term.language.lower() if term.language else None
        if term.datatype in _NUMERIC:  # "1"^^xsd:decimal and "1.0"^^xsd:decimal: one value
            return ("number", term.toPython(), datatype)
        return ("literal", str(term), language, datatype)
    return ("iri", str(term))


# --- SHACL core and SHACL-SPARQL tests --------------------------------------------------------


def shacl_suite(root: Path, engine: str) -> list[Outcome]:
    """Every validation test of the manifests under `root`, on one SHACL engine."""
    implementation("validate", engine)
    outcomes = []
    for manifest in sorted(root.rglob("*.ttl")):
        graph = Graph().parse(manifest, format="turtle", publicID=manifest.resolve().as_uri())
        for test in graph.subjects(RDF.type, SHT.Validate):
            name = f"{manifest.parent.relative_to(root)}/{manifest.stem}"
            outcomes.append(_shacl_test(graph, test, engine, name))
    return outcomes


def _shacl_test(graph: Graph, test: Node, engine: str, name: str) -> Outcome:
    from isecg_kg.validate import shacl_report

    action = graph.value(test, MF.action)
    data_iri, shapes_iri = graph.value(action, SHT.dataGraph), graph.value(action, SHT.shapesGraph)
    expected = graph.value(test, MF.result)
    data = _graph_of(graph, data_iri)
    shapes = _graph_of(graph, shapes_iri)
    try:
        report = shacl_report(engine, data, shapes, allow_warnings=False)
    except Exception as error:
        if expected == SHT.Failure:
            return Outcome("shacl", name, engine, "passed", "failed as expected")
        return Outcome("shacl", name, engine, "failed", f"{type(error).__name__}: {error}"[:200])
    if expected == SHT.Failure:
        return Outcome("shacl", name, engine, "failed", "validated where the test expects failure")
    if _report_key(report) == _report_key(graph, expected):
        return Outcome("shacl", name, engine, "passed")
    return Outcome("shacl", name, engine, "failed", "a different validation report")


def _graph_of(manifest: Graph, iri: Node | None) -> Graph:
    """The graph a test names: its own file (`<>`) is the manifest's graph itself."""
    if iri is None:
        return Graph()
    path = Path(_path(iri))
    if path.suffix != ".ttl":
        return manifest
    return Graph().parse(path, format="turtle", publicID=path.resolve().as_uri())


_RESULT_KEYS = (SH.focusNode, SH.resultPath, SH.resultSeverity, SH.sourceShape, SH.value)


def _report_key(report: Graph, node: Node | None = None) -> tuple[object, ...]:
    """A report as compared: conforms, and its results by focus node, path, severity, shape,
    value and constraint component (blank nodes alike, messages left out)."""
    if node is None:
        node = report.value(None, RDF.type, SH.ValidationReport) or next(
            iter(report.subjects(SH.conforms, None)), None
        )
    conforms = report.value(node, SH.conforms)
    results = Counter(
        tuple(
            _comparable(report.value(result, key))
            for key in (*_RESULT_KEYS, SH.sourceConstraintComponent)
        )
        for result in report.objects(node, SH.result)
    )
    return (
        bool(conforms.toPython()) if conforms is not None else None,
        sorted(results.items(), key=repr),
    )


# --- Tables -----------------------------------------------------------------------------------


def _local(term: Node | None) -> str:
    return "test" if term is None else str(term).rsplit("#", 1)[-1]


def _path(term: Node) -> str:
    return str(term).removeprefix("file://")


def markdown(outcomes: Iterable[Outcome], titles: dict[str, str]) -> str:
    """Per suite and engine: passed, failed, skipped; then every failure and skip, named, why."""
    outcomes = list(outcomes)
    lines = ["# Engine conformance", ""]
    lines.append("| suite | engine | passed | failed | skipped |")
    lines.append("|---|---|---|---|---|")
    keys = sorted({(o.suite, o.engine) for o in outcomes})
    for suite, engine in keys:
        counts = Counter(o.result for o in outcomes if (o.suite, o.engine) == (suite, engine))
        lines.append(
            f"| {titles.get(suite, suite)} | {engine} | {counts['passed']} | "
            f"{counts['failed']} | {counts['skipped']} |"
        )
    for result in ("failed", "skipped"):
        named = [o for o in outcomes if o.result == result]
        if named:
            lines += ["", f"## {result.capitalize()}", "", "| suite | test | engine | why |"]
            lines.append("|---|---|---|---|")
            lines += [
                f"| {o.suite} | {o.test} | {o.engine} | {o.why.replace('|', '/')} |"
                for o in sorted(named, key=lambda o: (o.suite, o.test, o.engine))
            ]
    return "\n".join(lines) + "\n"


def earl(outcomes: Iterable[Outcome], date: datetime.date) -> Graph:
    """The outcomes as an EARL report: one earl:Assertion per test and engine."""
    graph = Graph()
    graph.bind("earl", EARL)
    for o in outcomes:
        assertion = BNode()
        subject = URIRef(f"{PROJECT}#engine-{o.engine}")
        result = BNode()
        test = URIRef(f"{PROJECT}/conformance/{o.suite}/{o.test}")
        graph.add((assertion, RDF.type, EARL.Assertion))
        graph.add((assertion, EARL.subject, subject))
        graph.add((assertion, EARL.test, test))
        graph.add((assertion, EARL.result, result))
        graph.add((result, RDF.type, EARL.TestResult))
        outcome = {"passed": EARL.passed, "failed": EARL.failed, "skipped": EARL.untested}
        graph.add((result, EARL.outcome, outcome[o.result]))
        graph.add((result, URIRef("http://purl.org/dc/terms/date"), Literal(date)))
        if o.why:
            graph.add((result, URIRef("http://purl.org/dc/terms/description"), Literal(o.why)))
    return graph


def read_earl(graph: Graph) -> list[Outcome]:
    """The outcomes an EARL report of `earl` holds (its dates left out), sorted."""
    engine_base, test_base = f"{PROJECT}#engine-", f"{PROJECT}/conformance/"
    result_of = {EARL.passed: "passed", EARL.failed: "failed", EARL.untested: "skipped"}
    outcomes = []
    for assertion in graph.subjects(RDF.type, EARL.Assertion):
        engine, test = (
            str(graph.value(assertion, EARL.subject)),
            str(graph.value(assertion, EARL.test)),
        )
        result = graph.value(assertion, EARL.result)
        outcome = graph.value(result, EARL.outcome)
        if (
            not (engine.startswith(engine_base) and test.startswith(test_base))
            or outcome not in result_of
        ):
            raise ValueError(f"not an assertion of this project's report: {assertion}")
        suite, _, name = test.removeprefix(test_base).partition("/")
        why = graph.value(result, URIRef("http://purl.org/dc/terms/description"))
        outcomes.append(
            Outcome(
                suite, name, engine.removeprefix(engine_base), result_of[outcome], str(why or "")
            )
        )
    return sorted(outcomes, key=lambda o: (o.suite, o.test, o.engine))


W3C = Path("tests/conformance/w3c")
TITLES = {
    "sparql11": "W3C SPARQL 1.1 query evaluation (w3c/rdf-tests)",
    "shacl": "W3C SHACL core and SHACL-SPARQL (w3c/data-shapes)",
}


def run_all(w3c: Path) -> list[Outcome]:
    """Both suites on every engine of their step (the registry's names)."""
    from isecg_kg.engine_registry import names

    outcomes = []
    for engine in names("query"):
        outcomes += sparql_suite(w3c / "sparql11", engine)
    for engine in names("validate"):
        outcomes += shacl_suite(w3c / "shacl", engine)
    return outcomes
