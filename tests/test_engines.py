"""The fast engines give the reference engines' answers: on the real graph and a generated one.

What is compared: SHACL reports in full (severity, focus node, path, value, message, shape;
blank-node focus nodes by shape only); OWL 2 RL entailments about instances (see
`reason.about_the_data` for why TBox bookkeeping is left out); query answers in full.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, XSD

from isecg_kg import resources
from isecg_kg.engines import QueryResult, oxigraph_store, run_oxigraph, run_rdflib
from isecg_kg.export import serialize
from isecg_kg.load import packaged_graph, parse_files, parse_turtle
from isecg_kg.reason import Closure, reason
from isecg_kg.stored_queries import catalogue
from isecg_kg.synthetic import generate
from isecg_kg.validate import Report, validate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "invalid"
QA_FIXTURES = FIXTURES.parent / "qa"
ID = "https://w3id.org/isecg-kg/id/"
ISECG = "https://w3id.org/isecg-kg/ontology#"


BLANK_LABEL = re.compile(r"_:[A-Za-z0-9]+")


def comparable(report: Report) -> list[tuple[str, ...]]:
    """Results with blank-node labels left out (each parse labels blank nodes its own way)."""
    return sorted(
        (
            r.severity,
            "_:" if r.focus_node.startswith("_:") else r.focus_node,
            r.path,
            "_:" if r.value.startswith("_:") else r.value,
            BLANK_LABEL.sub("_:", r.message),
            BLANK_LABEL.sub("_:", r.message_ja),
            r.source_shape,
        )
        for r in report.results
    )


@pytest.fixture(scope="module")
def synthetic() -> Graph:
    generated = generate(6000, seed=7, violation_share=0.2)
    assert generated.expected_violations > 0
    graph = parse_files(resources.ontology_files())
    graph.parse(data=generated.ntriples, format="nt")
    return graph


@pytest.fixture(scope="module")
def synthetic_closure(synthetic: Graph) -> Closure:
    return reason(synthetic, "owlrl", "owlrl")


def test_synthetic_graphs_are_deterministic() -> None:
    assert generate(3000, seed=3, violation_share=0.1) == generate(
        3000, seed=3, violation_share=0.1
    )
    assert generate(3000, seed=3).ntriples != generate(3000, seed=4).ntriples


def test_a_synthetic_graph_has_exactly_its_planted_violations(
    synthetic: Graph, shapes: Graph
) -> None:
    planted = generate(6000, seed=7, violation_share=0.2).expected_violations
    report = validate(synthetic, shapes, engine="turbo")
    by_shape: dict[str, set[str]] = {}
    for result in report.results:
        by_shape.setdefault(result.source_shape, set()).add(result.focus_node)
    # Each planted violation is a missing Japanese label, reported once, by the shape. The
    # ontology header cites the seed document, which a synthetic graph does not describe.
    assert set(by_shape) == {"isecgsh:InstanceShape", "qa:dangling-instance"}
    assert len(by_shape["isecgsh:InstanceShape"]) == planted
    assert by_shape["qa:dangling-instance"] == {"isecgid:document/seed-2015"}


def test_turbo_and_pyshacl_agree_on_the_real_graph(
    real_graph: Graph, real_report: Report, shapes: Graph
) -> None:
    assert comparable(validate(real_graph, shapes, engine="turbo")) == comparable(real_report)


@pytest.fixture(scope="module")
def failing_examples() -> Graph:
    """The packaged graph with every failing example of tests/fixtures/invalid/ and qa/ applied."""
    graph = packaged_graph()
    for path in sorted(FIXTURES.glob("*.ttl")) + sorted(QA_FIXTURES.glob("*.ttl")):
        removals = [
            line[3:]
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("#- ")
        ]
        prefixes = "\n".join(
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("@prefix")
        )
        for triple in Graph().parse(data=prefixes + "\n" + "\n".join(removals), format="turtle"):
            graph.remove(triple)
        parse_turtle(path, graph)
    return graph


@pytest.fixture(scope="module")
def failing_report(failing_examples: Graph, shapes: Graph) -> Report:
    """pySHACL's report (the reference) on the failing examples."""
    report = validate(failing_examples, shapes, engine="pyshacl")
    assert report.violations > 40
    assert {r.source_shape.partition(":")[0] for r in report.results} >= {"isecgsh", "qa"}
    return report


def test_turbo_and_pyshacl_agree_on_every_failing_example(
    failing_examples: Graph, failing_report: Report, shapes: Graph
) -> None:
    assert comparable(validate(failing_examples, shapes, engine="turbo")) == comparable(
        failing_report
    )


def as_store(graph: Graph):  # type: ignore[no-untyped-def]
    return oxigraph_store([(serialize(graph, "nt"), "application/n-triples")])


def test_the_store_is_validated_as_the_reference_validates_the_graph(
    real_report: Report,
    real_store,  # type: ignore[no-untyped-def]
    failing_examples: Graph,
    failing_report: Report,
    shapes: Graph,
) -> None:
    """The fast pipeline validates its Oxigraph store in place (shapes, lexical forms, clashes,
    hygiene rules): the report is pySHACL's on the rdflib graph."""
    assert comparable(validate(real_store, shapes, engine="turbo")) == comparable(real_report)
    store = as_store(failing_examples)
    assert comparable(validate(store, shapes, engine="turbo")) == comparable(failing_report)


CLASHING = {
    "nothing": (OWL.Nothing, RDF.type),
    "same-as": (OWL.sameAs, URIRef(ID + "agency/nasa")),
    "same-and-different": (OWL.differentFrom, URIRef(ID + "agency/nasa")),
    "disjoint": (URIRef(ISECG + "countryOrRegion"), URIRef(ID + "agency/nasa")),
    "functional-data": (URIRef(ISECG + "acronym"), Literal("JAXA2")),
    "ill-typed": (URIRef(ISECG + "order"), Literal("1.5", datatype=XSD.integer)),
}


@pytest.mark.parametrize("case", sorted(CLASHING))
def test_store_and_graph_give_the_same_clashes_and_lexical_findings(
    case: str, real_graph: Graph, shapes: Graph
) -> None:
    """Each kind of finding beside the shapes: the store's report is the rdflib graph's."""
    graph = Graph()
    for triple in real_graph:
        graph.add(triple)
    jaxa = URIRef(ID + "agency/jaxa")
    predicate, value = CLASHING[case]
    if case == "nothing":
        graph.add((jaxa, RDF.type, OWL.Nothing))
    else:
        graph.add((jaxa, predicate, value))
    if case == "same-and-different":
        graph.add((jaxa, OWL.sameAs, value))
    reference = comparable(validate(graph, shapes, engine="turbo"))
    assert [r for r in reference if r[0] == "Violation"], case
    assert comparable(validate(as_store(graph), shapes, engine="turbo")) == reference


@pytest.mark.parametrize(
    "case",  # one in `make check`, the others in `make test` (seconds each: rules on rdflib)
    [
        "disjoint",
        pytest.param("ill-typed", marks=pytest.mark.slow),
        pytest.param("same-as", marks=pytest.mark.slow),
    ],
)
def test_store_and_graph_give_the_same_report_with_the_inferred_triples(
    case: str, real_graph: Graph, shapes: Graph
) -> None:
    """`validate --inference owlrl` on the fast set checks the store with the rules' closure
    added: the report of the rdflib graph with its closure, a clash, an ill-typed value (left
    out of the closure) and a merge of two agencies among them."""
    graph = Graph()
    for triple in real_graph:
        graph.add(triple)
    predicate, value = CLASHING[case]
    graph.add((URIRef(ID + "agency/jaxa"), predicate, value))
    reference = validate(graph, shapes, "owlrl", engine="turbo", reasoner="rules")
    assert reference.graph == "asserted+inferred (owlrl)" and not reference.conforms
    store = validate(as_store(graph), shapes, "owlrl", engine="turbo", reasoner="rules")
    assert (store.graph, comparable(store)) == (reference.graph, comparable(reference))


@pytest.mark.slow  # pySHACL on a 6,000-triple graph
def test_turbo_and_pyshacl_agree_on_a_synthetic_graph(synthetic: Graph, shapes: Graph) -> None:
    assert comparable(validate(synthetic, shapes, engine="turbo")) == comparable(
        validate(synthetic, shapes, engine="pyshacl")
    )


@pytest.mark.parametrize("engine", ["rules", "reasonable"])
@pytest.mark.parametrize("which", ["real", "synthetic"])
def test_fast_reasoners_and_owlrl_agree_on_instances(
    which: str,
    engine: str,
    synthetic: Graph,
    synthetic_closure: Closure,
    real_graph: Graph,
    real_closure: Closure,
) -> None:
    graph = real_graph if which == "real" else synthetic
    reference = real_closure if which == "real" else synthetic_closure
    fast = reason(graph, "owlrl", engine)
    assert reference.clashes == fast.clashes == ()
    if engine == "rules":  # the project's engine: the very same inferred graph
        assert set(fast.inferred) == set(reference.inferred)
    assert about_instances(fast.inferred) == about_instances(reference.inferred)
    assert len(about_instances(reference.inferred)) > 100


def about_instances(inferred: Graph) -> set[tuple[str, str, str]]:
    """What reasonable must agree on: triples about our instances, literals by lexical form
    (it types plain literals its own way)."""
    return {(str(s), str(p), str(o)) for s, p, o in inferred if str(s).startswith(ID)}


# The stored queries the synthetic graph answers (the others need labels or links it lacks; all
# 27 are compared on the real graph below).
SYNTHETIC_ANSWERS = (
    "chair-at",
    "chair-history",
    "space-class-alignments",
    "systems",
    "technology-gaps",
    "technology-overlaps",
    "uncertain-facts",
)


def test_stored_queries_agree_on_a_synthetic_graph(synthetic: Graph) -> None:
    store = oxigraph_store([(serialize(synthetic, "nt"), "application/n-triples")])
    stored = catalogue(resources.queries_dir())
    for name in SYNTHETIC_ANSWERS:
        reference = run_rdflib(synthetic, stored[name].text).comparable()
        assert reference, f"{name} answers nothing on the synthetic graph: nothing compared"
        assert reference == run_oxigraph(store, stored[name].text).comparable(), name


@pytest.fixture(scope="module")
def real_store(real_graph: Graph):  # type: ignore[no-untyped-def]
    return oxigraph_store([(serialize(real_graph, "nt"), "application/n-triples")])


@pytest.mark.parametrize("name", sorted(catalogue(resources.queries_dir())))
def test_stored_queries_agree_on_the_real_graph(
    name: str,
    reference_answers: dict[str, QueryResult],
    real_store,  # type: ignore[no-untyped-def]
) -> None:
    text = catalogue(resources.queries_dir())[name].text
    reference = reference_answers[name].comparable()
    assert reference, f"{name} answers nothing on the real graph: nothing would be compared"
    assert reference == run_oxigraph(real_store, text).comparable()


@pytest.mark.slow  # owlrl on the whole graph
def test_the_rules_engine_reports_a_clash() -> None:
    graph = packaged_graph()
    place = URIRef("https://w3id.org/isecg-kg/id/country/atlantis")
    graph.add((place, RDF.type, URIRef("https://w3id.org/isecg-kg/ontology#Country")))
    graph.add((place, RDF.type, URIRef("https://w3id.org/isecg-kg/ontology#Region")))
    assert [c for c in reason(graph, "owlrl", "rules").clashes if "atlantis" in c]
    assert reason(graph, "owlrl", "owlrl").clashes


@pytest.mark.parametrize("latin1", ["é", ""], ids=["with-latin-1", "beyond-latin-1-only"])
def test_the_store_reaches_pyshacl_turbo_as_ascii_n_quads_of_the_same_terms(latin1: str) -> None:
    """The store is handed over as N-Quads with every character beyond ASCII escaped (a fifth
    of the memory at a million triples): the very same quads, blank-node labels included; a
    blank node labelled beyond ASCII (no escape allowed there) leaves the store to the engine."""
    import pyoxigraph

    from isecg_kg.validate import _turbo_input

    p = pyoxigraph.NamedNode("https://e.org/p")
    store = pyoxigraph.Store()
    for subject, value in [
        (
            pyoxigraph.NamedNode("https://e.org/例え"),
            pyoxigraph.Literal(f'日本 "{latin1}" \\ 😀 \\u0041', language="ja"),
        ),
        (pyoxigraph.BlankNode("b1"), pyoxigraph.Literal(f"x{latin1}y\u2028z")),
        (pyoxigraph.BlankNode("b1"), pyoxigraph.NamedNode(f"https://e.org/{latin1}ク/_:x")),
    ]:
        store.add(pyoxigraph.Quad(subject, p, value))
    given = _turbo_input(store)
    assert isinstance(given.source, str) and given.source.isascii()  # type: ignore[attr-defined]
    parsed = pyoxigraph.parse(
        given.source,  # type: ignore[attr-defined]
        format=pyoxigraph.RdfFormat.N_QUADS,
        rename_blank_nodes=False,
    )
    assert set(parsed) == set(store)
    wide = pyoxigraph.Store()
    wide.add(pyoxigraph.Quad(pyoxigraph.BlankNode("日本"), p, pyoxigraph.Literal("x")))
    assert _turbo_input(wide) is wide
