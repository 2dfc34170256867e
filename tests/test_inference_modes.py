"""Inference never hides an error: every failing example fails under every inference mode.

tests/test_shapes.py checks each example on the asserted graph. Here the same examples are
validated on the graph plus its RDFS closure and plus its OWL 2 RL closure (owlrl, the reference
reasoner; pyshacl-turbo for SHACL, proven to give pySHACL's reports in tests/test_engines.py):
each must still not conform, with at least one of its expected shapes or clash rules firing on
its own focus nodes (inference can turn a shape's violation into a clash: using isecg:Chair as a
participation level makes it one by the property's range, which the ontology makes a clash).
Examples are validated together where they cannot interact (one that misses its results together
is validated again alone). Under OWL 2 RL an example that gives
a functional property a second value makes two individuals owl:sameAs, and owlrl then merges
their descriptions graph-wide: those examples are validated one by one.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from isecg_kg.load import packaged_graph, parse_turtle, shapes_graph
from isecg_kg.validate import Report, validate
from isecg_kg.vocab import shorten
from test_shapes import ALL, Fixture, expand

pytestmark = pytest.mark.slow  # owlrl, the reference reasoner, on the whole graph many times


def with_fixtures(fixtures: list[Fixture]) -> Graph:
    graph = packaged_graph()
    for fixture in fixtures:
        if fixture.removals:
            data = fixture.prefixes + "\n" + fixture.removals
            for triple in Graph().parse(data=data, format="turtle"):
                graph.remove(triple)
        parse_turtle(fixture.path, graph)
    return graph


def merges_individuals(fixture: Fixture, base: Graph) -> bool:
    """Whether OWL 2 RL makes two individuals the same in the graph with this example.

    Reads the packaged graph (base) through the example's additions and removals instead of
    building a copy per example: a copy costs more than everything else at collection.
    """
    added = parse_turtle(fixture.path)
    removed = Graph()
    if fixture.removals:
        removed.parse(data=fixture.prefixes + "\n" + fixture.removals, format="turtle")

    def kept(triples: Iterable[tuple[Node, Node, Node]]) -> set[tuple[Node, Node, Node]]:
        return {t for t in triples if t not in removed}

    def objects(s: Node, p: Node) -> set[Node]:
        return {o for _, _, o in kept([*base.triples((s, p, None)), *added.triples((s, p, None))])}

    def subjects(p: Node, o: Node) -> set[Node]:
        return {s for s, _, _ in kept([*base.triples((None, p, o)), *added.triples((None, p, o))])}

    functional = subjects(RDF.type, OWL.FunctionalProperty)
    inverse = subjects(RDF.type, OWL.InverseFunctionalProperty)
    for s, p, o in added:
        if p == OWL.sameAs:
            return True
        if p in functional and isinstance(o, URIRef) and len(objects(s, p)) > 1:
            return True
        if p in inverse and len(subjects(p, o)) > 1:
            return True
    return False


_BASE = packaged_graph()
MERGING = [f for f in ALL if merges_individuals(f, _BASE)]
del _BASE
TOGETHER = [f for f in ALL if f not in MERGING]


def missing_results(report: Report, fixtures: list[Fixture]) -> dict[str, set[str]]:
    """The examples none of whose expected shapes and rules fired on their focus nodes."""
    missed = {}
    for fixture in fixtures:
        focus = {shorten(URIRef(expand(f))) for f in fixture.focus if not f.startswith("_:")}
        wants_blank = any(f.startswith("_:") for f in fixture.focus)
        fired = {
            r.source_shape
            for r in report.results
            if r.focus_node in focus or (wants_blank and r.focus_node.startswith("_:"))
        }
        if not set(fixture.expect) & fired:
            missed[fixture.path.name] = set(fixture.expect)
    return missed


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return shapes_graph()


def test_some_examples_merge_individuals_and_most_do_not() -> None:
    # the split is computed, so it must not silently become all-or-nothing
    assert 0 < len(MERGING) < len(ALL) // 4, [f.path.name for f in MERGING]


@pytest.mark.parametrize("mode", ["rdfs", "owlrl"])
def test_examples_that_cannot_interact_fail_together(shapes: Graph, mode: str) -> None:
    fixtures = ALL if mode == "rdfs" else TOGETHER  # RDFS derives no owl:sameAs
    report = validate(with_fixtures(fixtures), shapes, mode, engine="turbo")
    assert not report.conforms
    # Together, one example's entailments can reach another's nodes (a merge this module does
    # not foresee): an example missing its results together is validated alone, where it counts.
    for name in missing_results(report, fixtures):
        [fixture] = [f for f in fixtures if f.path.name == name]
        alone = validate(with_fixtures([fixture]), shapes, mode, engine="turbo")
        assert not alone.conforms, f"{name} conforms under {mode}"
        assert missing_results(alone, [fixture]) == {}, f"{name} under {mode}"


@pytest.mark.parametrize("fixture", MERGING, ids=lambda f: f.path.stem)
def test_examples_that_merge_individuals_fail_alone(shapes: Graph, fixture: Fixture) -> None:
    report = validate(with_fixtures([fixture]), shapes, "owlrl", engine="turbo")
    assert not report.conforms
    assert missing_results(report, [fixture]) == {}
