"""SPARQL targets answered once by Oxigraph for pyshacl-turbo, and clashes found once a build."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from isecg_kg import consistency, resources
from isecg_kg.fast_build import load_store
from isecg_kg.sparql_targets import resolved, resolved_in
from isecg_kg.validate import validate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "invalid"
SHAPES = "https://w3id.org/isecg-kg/shapes#"
ID = "https://w3id.org/isecg-kg/id/"


def shape_with_target(select: str) -> Graph:
    return Graph().parse(
        format="turtle",
        data=f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:s> a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select \"\"\"{select}\"\"\" ] ;
    sh:property [ sh:path <https://w3id.org/isecg-kg/ontology#memberCount> ; sh:maxCount 0 ] .""",
    )


def test_a_cross_node_target_becomes_the_nodes_it_selects(shapes: Graph) -> None:
    store = load_store(
        [*resources.graph_files(), FIXTURES / "member-count-disagrees-with-memberships.ttl"]
    )
    before = len(shapes)
    answered = resolved(shapes, store)
    shape = URIRef(SHAPES + "MemberCountMembershipsShape")
    assert set(answered.objects(shape, SH.targetNode)) == {URIRef(ID + "member-count/test-2016")}
    assert answered.value(shape, SH.target) is None
    assert len(shapes) == before and shapes.value(shape, SH.target) is not None  # not changed


def test_targets_answered_in_place_are_undone_after_the_block(shapes: Graph) -> None:
    """The shapes graph holds the answered targets while the engine runs, and is itself again
    after it (also when the engine fails): the same triples as before, and as `resolved`'s."""
    store = load_store(
        [*resources.graph_files(), FIXTURES / "member-count-disagrees-with-memberships.ttl"]
    )
    before, expected = set(shapes), set(resolved(shapes, store))
    with resolved_in(shapes, store) as answered:
        assert answered is shapes
        assert set(shapes) == expected != before
    assert set(shapes) == before
    with pytest.raises(RuntimeError), resolved_in(shapes, store):
        raise RuntimeError("the engine failed")
    assert set(shapes) == before


@pytest.mark.slow  # pySHACL on the whole graph
def test_the_answered_targets_give_the_reference_report(shapes: Graph) -> None:
    files = [*resources.graph_files(), FIXTURES / "member-count-disagrees-with-memberships.ttl"]
    from isecg_kg.load import parse_files

    fast = validate(load_store(files), shapes, engine="turbo")
    reference = validate(parse_files(files), shapes, engine="pyshacl")
    assert fast.results == reference.results
    assert {(r.focus_node, r.source_shape) for r in fast.results} == {
        ("isecgid:member-count/test-2016", "isecgsh:MemberCountMembershipsShape")
    }


def test_blank_node_answers_and_broken_targets_are_left_to_the_engine() -> None:
    store = load_store(resources.graph_files())
    blank = shape_with_target(
        "SELECT ?this WHERE { ?x <http://www.w3.org/ns/org#memberDuring> ?this }"
    )
    assert set(resolved(blank, store)) == set(blank)  # intervals are blank nodes
    broken = shape_with_target("SELECT ?this WHERE { ?this ")
    assert set(resolved(broken, store)) == set(broken)
    named = shape_with_target(
        "SELECT ?this WHERE { ?this a <https://w3id.org/isecg-kg/ontology#MemberCount> }"
    )
    nodes = set(resolved(named, store).objects(URIRef("urn:s"), SH.targetNode))
    assert nodes == {
        URIRef(ID + f"member-count/{count}")
        for count in ("isecg-2015", "isecg-2017-10-16", "isecg-2024-08-20")
    }


def test_findings_inside_a_build_are_those_outside(tmp_path: Path) -> None:
    said = tmp_path / "same.ttl"
    said.write_text(
        f"<{ID}agency/jaxa> <http://www.w3.org/2002/07/owl#sameAs> <{ID}agency/nasa> .\n",
        encoding="utf-8",
    )
    store = load_store([*resources.graph_files(), FIXTURES / "label-with-iri.ttl", said])
    outside = consistency.findings(store)
    with consistency.computed_once():
        assert consistency.clashes(store) == [
            f for f in outside if f.rule in consistency.CLASH_RULES
        ]
        assert consistency.findings(store) == outside
    assert {f.rule for f in outside} >= {"label-with-iri", "one-iri-per-thing"}


def test_a_build_reasons_once_and_infers_what_the_reasoner_alone_infers(tmp_path: Path) -> None:
    from isecg_kg.fast_build import inferred_store

    # isecg:acronym is functional: its two values are equated, and "NASDA" said elsewhere gets
    # "JAXA" beside it, which the clash rules' closure leaves out
    two_acronyms = tmp_path / "two.ttl"
    two_acronyms.write_text(
        f'<{ID}agency/jaxa> <https://w3id.org/isecg-kg/ontology#acronym> "NASDA" .\n'
        f'<{ID}agency/nasa> <http://www.w3.org/2000/01/rdf-schema#comment> "NASDA" .\n',
        encoding="utf-8",
    )
    for extra, shared in (([], True), ([two_acronyms], False)):
        store = load_store([*resources.graph_files(), *extra])
        alone = set(inferred_store(store))
        with consistency.computed_once():
            consistency.clashes(store)
            assert (consistency.entailed_once(store) is not None) is shared
            assert set(inferred_store(store)) == alone
        assert any(q.subject.value.endswith("agency/jaxa") for q in alone)
    assert any(q.subject.value.endswith("agency/nasa") and q.object.value == "JAXA" for q in alone)
