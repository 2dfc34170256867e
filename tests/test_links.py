"""Links out: alignments, Wikidata, the NASA taxonomy, and their SSSOM tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from isecg_kg import resources
from isecg_kg.engines import oxigraph_store, run_oxigraph, run_rdflib
from isecg_kg.export import serialize
from isecg_kg.load import packaged_graph, parse_files
from isecg_kg.mappings import CURIE_MAP, MAPPING_PREDICATES, tables
from isecg_kg.reason import Closure, instance_entailments, reason
from isecg_kg.stored_queries import catalogue

ROOT = Path(__file__).resolve().parent.parent
EXTRACT = ROOT / "tests" / "fixtures" / "external" / "wikidata-extract.ttl"
NS = "https://w3id.org/isecg-kg/ontology#"
WD = "http://www.wikidata.org/entity/"
# Every identifier shared/reference/links.md gives, copied here so that tests stay self-contained.
LINKS_MD_ITEMS = {
    "Q23548",
    "Q42262",
    "Q179103",
    "Q157332",
    "Q494948",
    "Q25271",
    "Q211727",
    "Q64127",
    "Q408",
    "Q16",
    "Q148",
    "Q142",
    "Q183",
    "Q668",
    "Q38",
    "Q17",
    "Q884",
    "Q159",
    "Q212",
    "Q145",
    "Q30",
    "Q17505024",
    "Q245065",
    "Q6256",
    "Q191118",
}
LINKS_MD_CODES = {
    "TX01",
    "TX02",
    "TX03",
    "TX04",
    "TX05",
    "TX06",
    "TX07",
    "TX08",
    "TX09",
    "TX10",
    "TX11",
    "TX12",
    "TX13",
    "TX14",
    "TX15",
    "TX16",
    "TX17",
    "TX03.1",
    "TX03.1.1",
    "TX07.1",
    "TX07.1.2",
    "TX04.2",
    "TX07.3",
}


@pytest.fixture(scope="module")
def graph(real_graph: Graph) -> Graph:
    return real_graph


def test_every_term_has_an_alignment_or_says_it_has_none() -> None:
    core = parse_files([ROOT / "ontology" / "isecg.ttl"])
    alignments = parse_files([ROOT / "ontology" / "alignments.ttl"])
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {s for k in kinds for s in core.subjects(RDF.type, k) if str(s).startswith(NS)}
    aligned = {s for s, _, _ in alignments if str(s).startswith(NS)}
    assert terms - aligned == set()
    external = {
        o
        for s, p, o in alignments
        if str(s).startswith(NS) and p != URIRef(NS + "noExternalCounterpart")
    }
    assert all(not str(o).startswith(NS) for o in external)


def test_the_graph_stays_owl_rl_consistent_with_alignments_and_links(real_closure: Closure) -> None:
    assert real_closure.clashes == ()


def test_links_add_no_entailments_about_the_data(real_graph: Graph, real_closure: Closure) -> None:
    """skos mapping properties carry no OWL 2 RL consequences here (SKOS is not loaded)."""
    without = parse_files([*resources.ontology_files(), *resources.data_files()])
    with_links = real_graph
    link_triples = {(str(s), str(p), str(o)) for s, p, o in with_links if (s, p, o) not in without}
    data_subjects = {str(s) for s in without.subjects()}
    closure_with = {
        t
        for t in instance_entailments(real_closure.inferred)
        if t[0] in data_subjects and t not in link_triples
    }
    assert closure_with == instance_entailments(reason(without).inferred)


def test_link_targets_come_from_the_cited_reference(graph: Graph) -> None:
    for p in MAPPING_PREDICATES:
        for s, o in graph.subject_objects(p):
            if str(o).startswith(WD):
                assert str(o).removeprefix(WD) in LINKS_MD_ITEMS, (s, o)
            elif str(o).startswith(CURIE_MAP["nasatx"]):
                assert str(o).removeprefix(CURIE_MAP["nasatx"]) in LINKS_MD_CODES, (s, o)


def test_link_counts(graph: Graph) -> None:
    def count(predicate: URIRef, prefix: str) -> int:
        return sum(
            1
            for s, o in graph.subject_objects(predicate)
            if str(s).startswith(CURIE_MAP["isecgid"]) and str(o).startswith(prefix)
        )

    assert count(SKOS.exactMatch, WD) == 19  # 5 agencies, the ISS, 13 countries
    assert count(SKOS.closeMatch, WD) == 2  # MPCV/Orion, SLS (lower confidence)
    assert count(SKOS.broadMatch, CURIE_MAP["nasatx"]) == 9
    assert count(SKOS.closeMatch, CURIE_MAP["nasatx"]) == 2
    assert count(SKOS.relatedMatch, CURIE_MAP["nasatx"]) == 3


def test_the_committed_sssom_tables_are_current() -> None:
    for table in tables():
        committed = (ROOT / "mappings" / f"{table.name}.sssom.tsv").read_text(encoding="utf-8")
        assert committed == table.tsv(), f"run `make mappings`: {table.name} is out of date"


def test_the_sssom_tables_validate_and_round_trip(graph: Graph) -> None:
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    expected = {
        (s, p, o)
        for p in MAPPING_PREDICATES
        for s, o in graph.subject_objects(p)
        if str(s).startswith(CURIE_MAP["isecgid"])
    }
    path = ROOT / "mappings" / "instance-links.sssom.tsv"
    mapping_set = parse_sssom_table(str(path))
    report = validate(mapping_set, fail_on_error=False)
    assert all(not r.results for r in report.values()), report
    converter = mapping_set.converter
    round_tripped = {
        (
            URIRef(converter.expand(row.subject_id)),
            URIRef(converter.expand(row.predicate_id)),
            URIRef(converter.expand(row.object_id)),
        )
        for row in mapping_set.df.itertuples()
    }
    assert round_tripped == expected
    alignments = parse_sssom_table(str(ROOT / "mappings" / "ontology-alignments.sssom.tsv"))
    assert all(not r.results for r in validate(alignments, fail_on_error=False).values())
    assert len(alignments.df) > 150


def rows(graph: Graph, name: str, engine: str) -> list[tuple[str, ...]]:
    text = catalogue(resources.queries_dir())[name].text
    if engine == "oxigraph":
        result = run_oxigraph(
            oxigraph_store([(serialize(graph, "nt"), "application/n-triples")]), text
        )
    else:
        result = run_rdflib(graph, text)
    return [tuple("" if t is None else str(t) for t in row) for row in result.rows]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_agencies_with_wikidata_on_the_local_extract(engine: str) -> None:
    graph = packaged_graph([EXTRACT])
    assert rows(graph, "agencies-with-wikidata", engine) == [
        ("DLR", WD + "Q157332", "DLR", WD + "Q183", "true"),
        ("ESA", WD + "Q42262", "ESA", "", ""),
        ("JAXA", WD + "Q179103", "JAXA", WD + "Q17", "true"),
        ("KARI", WD + "Q494948", "KARI", WD + "Q884", "true"),
        ("NASA", WD + "Q23548", "NASA", WD + "Q30", "true"),
    ]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_technologies_by_nasa_taxonomy(graph: Graph, engine: str) -> None:
    found = [(r[0], r[1], r[3]) for r in rows(graph, "technologies-by-nasa-taxonomy", engine)]
    assert found[0] == ("Orbital transfer vehicle (nuclear)", "TX01", "broadMatch")
    assert ("Surface mobility (rovers)", "TX04.2", "closeMatch") in found
    assert (
        "Precision landing and hazard avoidance on gravity bodies",
        "TX09",
        "broadMatch",
    ) in found
    assert len(found) == 14
    linked = {r[0] for r in found}
    assert (
        "Spacesuits" in linked
        and "Crew spacecraft and heavy crew launch vehicle for exploration" not in linked
    )


def test_the_taxonomy_scheme_is_a_tree_of_declared_codes(graph: Graph) -> None:
    scheme = URIRef(CURIE_MAP["isecgid"] + "nasa-taxonomy")
    codes = {str(graph.value(c, SKOS.notation)): c for c in graph.subjects(SKOS.inScheme, scheme)}
    assert set(codes) <= LINKS_MD_CODES and len(codes) == 14
    for code, concept in codes.items():
        broader = graph.value(concept, SKOS.broader)
        if "." in code:
            assert str(graph.value(broader, SKOS.notation)) == code.rsplit(".", 1)[0]
        else:
            assert broader is None and (concept, SKOS.topConceptOf, scheme) in graph
        assert {label.language for label in graph.objects(concept, RDFS.label)} == {"en", "ja"}
