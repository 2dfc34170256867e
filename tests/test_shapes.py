"""Every SHACL shape is proven by a failing example, and exactly the expected shapes fire.

Each file in tests/fixtures/invalid/ starts with comment lines:
    # breaks: what rule it breaks, in words
    # expect: the shapes that must fire (isecgsh:…), and the clash rules (owl2rl:…) and hygiene
    #         rules (qa:…) that validation runs beside the shapes
    # focus:  the focus nodes of those results (id:… or isecg:…; _:… for a blank node)
    # covers: shapes reached only through sh:node from the expected ones (optional)
    #- a Turtle triple to remove from the packaged graph before adding the file (optional)
All fixtures are applied to one copy of the packaged graph and validated once (fast); the results
are then attributed to fixtures by focus node, so the fixtures must touch disjoint focus nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, SH, TIME, XSD

from isecg_kg.load import packaged_graph, parse_turtle
from isecg_kg.validate import Report, validate
from isecg_kg.vocab import shorten

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "invalid"
SHAPES_NS = "https://w3id.org/isecg-kg/shapes#"
EXPAND = {
    "isecgsh:": SHAPES_NS,
    "isecg:": "https://w3id.org/isecg-kg/ontology#",
    "id:": "https://w3id.org/isecg-kg/id/",
}


@dataclass(frozen=True)
class Fixture:
    path: Path
    expect: frozenset[str]
    focus: frozenset[str]
    covers: frozenset[str]
    removals: str
    prefixes: str


def header(path: Path) -> Fixture:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {}
    removals = []
    for line in text.splitlines():
        if line.startswith("#- "):
            removals.append(line[3:])
        elif line.startswith("# ") and ":" in line:
            key, _, value = line[2:].partition(":")
            fields[key.strip()] = value.split()
    prefixes = "\n".join(line for line in text.splitlines() if line.startswith("@prefix"))
    return Fixture(
        path=path,
        expect=frozenset(fields["expect"]),
        focus=frozenset(fields["focus"]),
        covers=frozenset(fields.get("covers", [])),
        removals="\n".join(removals),
        prefixes=prefixes,
    )


def expand(name: str) -> str:
    for prefix, namespace in EXPAND.items():
        if name.startswith(prefix):
            return namespace + name[len(prefix) :]
    return name


FIXTURE_FILES = sorted(FIXTURES.glob("*.ttl"))
ALL = [header(path) for path in FIXTURE_FILES]


@pytest.fixture(scope="module")
def combined_report(shapes: Graph) -> Report:
    graph = packaged_graph()
    for fixture in ALL:
        if fixture.removals:
            removal = Graph().parse(
                data=fixture.prefixes + "\n" + fixture.removals, format="turtle"
            )
            for triple in removal:
                assert triple in graph, (
                    f"{fixture.path.name}: cannot remove {triple}, not in the graph"
                )
                graph.remove(triple)
        parse_turtle(fixture.path, graph)
    # The default engine (pyshacl-turbo): test_engines.py proves pySHACL, the reference, gives
    # the same report on these examples (in `make test`).
    return validate(graph, shapes)


def test_the_packaged_graph_conforms_with_no_warnings(real_report: Report) -> None:
    assert real_report.results == ()
    assert real_report.conforms


def test_the_packaged_graph_conforms_on_the_default_engine(
    real_graph: Graph, shapes: Graph
) -> None:
    report = validate(real_graph, shapes)
    assert report.results == ()
    assert report.conforms


@pytest.mark.slow  # pySHACL checks the shapes graph against the SHACL-SHACL shapes
def test_shapes_are_valid_shacl(shapes: Graph) -> None:
    import pyshacl

    conforms, _, text = pyshacl.validate(
        Graph(), shacl_graph=shapes, meta_shacl=True, advanced=True
    )
    assert conforms, text


def test_fixture_focus_nodes_are_disjoint() -> None:
    seen: dict[str, str] = {}
    for fixture in ALL:
        for focus in fixture.focus:
            assert focus not in seen, f"{focus} in {fixture.path.name} and {seen[focus]}"
            seen[focus] = fixture.path.name


@pytest.mark.parametrize("fixture", ALL, ids=lambda f: f.path.stem)
def test_exactly_the_expected_shapes_fire(combined_report: Report, fixture: Fixture) -> None:
    focus = {shorten(URIRef(expand(f))) for f in fixture.focus if not f.startswith("_:")}
    wants_blank = any(f.startswith("_:") for f in fixture.focus)
    fired = {
        r.source_shape
        for r in combined_report.results
        if r.focus_node in focus or (wants_blank and r.focus_node.startswith("_:"))
    }
    assert fired == {e for e in fixture.expect}, fixture.path.name


def test_no_result_falls_outside_the_fixtures(combined_report: Report) -> None:
    expected_focus = {shorten(URIRef(expand(f))) for fx in ALL for f in fx.focus if ":" in f}
    stray = [
        r
        for r in combined_report.results
        if r.focus_node not in expected_focus and not r.focus_node.startswith("_:")
    ]
    assert stray == []


def test_results_name_node_path_and_bilingual_message(combined_report: Report) -> None:
    for result in combined_report.results:
        assert result.focus_node and result.message and result.message_ja, result
    paths = {
        r.path for r in combined_report.results if r.source_shape == "isecgsh:SpaceAgencyShape"
    }
    assert "isecg:acronym" in paths


def test_every_shape_has_a_failing_example(shapes: Graph) -> None:
    node_shapes = {
        str(s).replace(SHAPES_NS, "isecgsh:")
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if not isinstance(s, BNode)
    }
    covered = {s for f in ALL for s in f.expect | f.covers if s.startswith("isecgsh:")}
    assert node_shapes - covered == set()
    assert covered - node_shapes == set(), "a fixture names a shape that does not exist"


def test_every_fixture_says_what_it_breaks() -> None:
    for path in FIXTURE_FILES:
        assert path.read_text(encoding="utf-8").startswith("# breaks: "), path.name


def test_a_reference_whose_copy_shows_no_title_is_exempt_once_it_says_so(shapes: Graph) -> None:
    fixture = FIXTURES / "reference-without-title.ttl"
    node = EXPAND["id:"] + "reference/test-no-title"
    reason = (
        f'\n<{node}> <{EXPAND["isecg:"]}untitledReason> "The copy read shows no heading."@en ,'
        ' "参照した写しに見出しがない。"@ja .\n'
    )
    for extra, warned in (("", True), (reason, False)):
        graph = packaged_graph()
        graph.parse(data=fixture.read_text(encoding="utf-8") + extra, format="turtle")
        report = validate(graph, shapes, engine="turbo")
        shapes_fired = {
            r.source_shape for r in report.results if r.focus_node.endswith("test-no-title")
        }
        assert ("isecgsh:CitedReferenceTitleShape" in shapes_fired) is warned, (extra, shapes_fired)


@pytest.mark.parametrize(
    ("leaving", "left", "broken_counts"),
    [
        # two founders leaving in mid-2014 break the seed's 14 members of 2015 (13 founders and
        # the UAE, which joined in October 2015, at most) and every later count
        (["csiro", "kari"], "2014-06-30", {"isecg-2015", "isecg-2017-10-16", "isecg-2024-08-20"}),
        # one leaving then leaves 14 possible for 2015 (the UAE joined), not the later days
        (["csiro"], "2014-06-30", {"isecg-2017-10-16", "isecg-2024-08-20"}),
        # leaving after the last dated count breaks nothing
        (["csiro", "kari"], "2025-01-01", set()),
    ],
)
def test_a_member_that_leaves_is_no_longer_counted(
    shapes: Graph, leaving: list[str], left: str, broken_counts: set[str]
) -> None:
    graph = packaged_graph()
    ns = "https://w3id.org/isecg-kg/"
    for agency in leaving:
        membership = URIRef(f"{ns}id/membership/{agency}-isecg")
        [interval] = graph.objects(membership, ORG.memberDuring)
        end = BNode()
        graph.add((interval, TIME.hasEnd, end))
        graph.add((end, RDF.type, TIME.Instant))
        graph.add((end, TIME.inXSDDate, Literal(left, datatype=XSD.date)))
    report = validate(graph, shapes, engine="turbo")
    fired = {
        r.focus_node.rsplit("/", 1)[-1]
        for r in report.results
        if r.source_shape == "isecgsh:MemberCountMembershipsShape"
    }
    assert fired == broken_counts, report.results


# a second exact match of an agency whose Wikidata link the graph has, and whether it conflicts
SECOND_EXACT_MATCH = {
    "nasa": ("http://www.wikidata.org/entity/Q42", True),  # two items of one target namespace
    "esa": ("https://ror.org/03wd9za21", False),  # another target
    # a host alone, or a URN, has no namespace to compare: before, its namespace was "https://"
    # (or empty) and every other link of the agency was taken for a second item
    "jaxa": ("https://www.nasa.gov", False),
    "csa": ("urn:isbn:9780000000000", False),
}


def test_one_exact_match_per_target_namespace(shapes: Graph) -> None:
    """Each agency gets a second exact match (with its provenance, as every link has): one
    validation for the four cases."""
    template = (FIXTURES / "link-conflicting-exact-match.ttl").read_text(encoding="utf-8")
    graph = packaged_graph()
    for agency, (second, _) in SECOND_EXACT_MATCH.items():
        fixture = template.replace("http://www.wikidata.org/entity/Q42262", second)
        graph.parse(data=fixture.replace("agency/nasa", f"agency/{agency}"), format="turtle")
        match = URIRef("http://www.w3.org/2004/02/skos/core#exactMatch")
        assert (
            URIRef(f"https://w3id.org/isecg-kg/id/agency/{agency}"),
            match,
            URIRef(second),
        ) in graph
    report = validate(graph, shapes, engine="turbo")
    fired = {
        r.focus_node for r in report.results if r.source_shape == "isecgsh:LinkExactMatchShape"
    }
    expected = {f"isecgid:agency/{a}" for a, (_, fires) in SECOND_EXACT_MATCH.items() if fires}
    assert fired == expected, report.results


# A node given a second English text, and another whose English text is replaced by Japanese:
# (path, node with two, its message, node with none, its message)
TEXTS = [
    (
        "http://www.w3.org/2004/02/skos/core#definition",
        "principle/affordability",
        "A principle has at most one definition per language.",
        "principle/exploration-value",
        "A definition in English is required.",
    ),
    (
        "https://w3id.org/isecg-kg/ontology#whatIsUncertain",
        "uncertainty/cargo-mass",
        "An uncertainty record says what is uncertain at most once per language.",
        "uncertainty/architecture-figure",
        "What is uncertain in English is required.",
    ),
    (
        "https://w3id.org/isecg-kg/ontology#evidence",
        "uncertainty/architecture-figure",
        "An uncertainty record gives its evidence at most once per language.",
        "uncertainty/cargo-mass",
        "Evidence in English is required.",
    ),
]


def test_a_second_english_text_and_a_missing_one_say_different_things(shapes: Graph) -> None:
    """One shape used to say "in English is required" when there were two English texts."""
    graph = packaged_graph()
    expected: dict[str, set[str]] = {}
    for path, two, duplicate, none, missing in TEXTS:
        predicate = URIRef(path)
        subject = URIRef("https://w3id.org/isecg-kg/id/" + two)
        assert any(o.language == "en" for o in graph.objects(subject, predicate))
        graph.add((subject, predicate, Literal("A second text in English.", lang="en")))
        subject = URIRef("https://w3id.org/isecg-kg/id/" + none)
        graph.remove((subject, predicate, None))
        graph.add((subject, predicate, Literal("日本語だけ。", lang="ja")))
        expected.setdefault("isecgid:" + two, set()).add(duplicate)
        expected.setdefault("isecgid:" + none, set()).add(missing)
    report = validate(graph, shapes, engine="turbo")
    found: dict[str, set[str]] = {}
    for r in report.results:
        found.setdefault(r.focus_node, set()).add(r.message)
    assert found == expected, report.results


def test_the_order_of_results_is_total(combined_report: Report) -> None:
    """Results are listed in one order whatever the engine's: no two different results tie
    (`label-with-iri` gives two on one node, path and message, told apart by their values)."""
    from isecg_kg.validate import _order

    results = combined_report.results
    assert len({_order(r) for r in results}) == len(set(results)) > 70
    assert list(results) == sorted(results, key=_order)
