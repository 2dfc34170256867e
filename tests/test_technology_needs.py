"""Technology needs after 2015 (issue 22): the stored copies' lists walked against the graph, the
links across time, and the five stored queries on rdflib and embedded Oxigraph."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

import expected_answers as expected
from isecg_kg import resources
from isecg_kg.engines import oxigraph_store, run_oxigraph, run_rdflib
from isecg_kg.export import serialize
from isecg_kg.stored_queries import catalogue

ISECG = "https://w3id.org/isecg-kg/ontology#"
ID = "https://w3id.org/isecg-kg/id/"
GER_PAGE = (
    "https://docslib.org/download/7170753/global-exploration-roadmap-critical-technology-needs"
)
ISRU_PAGE = (
    "https://docslib.org/download/11974766/in-situ-resource-utilization-gap-assessment-report"
)
GER_REF = URIRef(ID + "reference/ger-critical-technology-needs-2019")
ISRU_REF = URIRef(ID + "reference/isru-gap-assessment-report-2021")
PORTFOLIO = URIRef(ID + "scheme/ger-critical-technology-portfolio")
MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


@pytest.fixture(scope="module")
def graph(real_graph: Graph) -> Graph:
    return real_graph


@pytest.fixture(scope="module")
def store(real_graph: Graph):  # type: ignore[no-untyped-def]
    return oxigraph_store([(serialize(real_graph, "nt"), "application/n-triples")])


def label(graph: Graph, node: object, lang: str) -> str:
    return next(str(o) for o in graph.objects(node, RDFS.label) if o.language == lang)


def test_the_stored_copys_portfolio_is_in_the_graph_item_by_item(graph: Graph) -> None:
    needs = sorted(
        graph.subjects(SKOS.inScheme, PORTFOLIO),
        key=lambda n: int(graph.value(n, URIRef(ISECG + "order"))),
    )
    found = [
        (
            str(graph.value(n, SKOS.notation)),
            label(graph, n, "en"),
            graph.value(n, URIRef(ISECG + "contentsPage")),
        )
        for n in needs
    ]
    assert found == [
        (code, title, None if page is None else Literal(page))
        for code, title, page in expected.GER_CRITICAL_TECHNOLOGY_NEEDS
    ]
    for need in needs:
        assert (need, RDF.type, URIRef(ISECG + "TechnologyNeed")) in graph
        assert (need, PROV.wasDerivedFrom, GER_REF) in graph
        assert label(graph, need, "ja")
    assert (GER_REF, DCTERMS.source, URIRef(GER_PAGE)) in graph
    assert graph.value(GER_REF, DCTERMS.issued) == Literal("2019-12-13", datatype=XSD.date)
    assert graph.value(GER_REF, PROV.wasAttributedTo) == URIRef(
        ID + "body/technology-working-group"
    )


def test_what_the_copy_does_not_show_is_recorded_as_unknown(graph: Graph) -> None:
    record = URIRef(ID + "uncertainty/ger-critical-technology-needs-copy")
    assert graph.value(record, URIRef(ISECG + "uncertaintyKind")) == URIRef(
        ISECG + "NotInStoredCopy"
    )
    concerned = set(graph.objects(record, URIRef(ISECG + "concerns")))
    assert set(graph.subjects(SKOS.inScheme, PORTFOLIO)) <= concerned
    for need in graph.subjects(SKOS.inScheme, PORTFOLIO):  # nothing the copy lacks is invented
        for absent in ("destination", "evidence"):
            assert graph.value(need, URIRef(ISECG + absent)) is None, need
        assert (
            graph.value(need, SKOS.definition) is None and graph.value(need, RDFS.comment) is None
        )


def test_the_isru_reports_contents_and_areas(graph: Graph) -> None:
    sections = sorted(
        graph.subjects(DCTERMS.isPartOf, ISRU_REF),
        key=lambda s: int(graph.value(s, URIRef(ISECG + "order"))),
    )
    found = [
        (str(graph.value(s, DCTERMS.title)), graph.value(s, URIRef(ISECG + "pageNumber")))
        for s in sections
    ]
    assert [(t, None if p is None else int(p)) for t, p in found] == expected.ISRU_REPORT_CONTENTS
    assert (ISRU_REF, DCTERMS.source, URIRef(ISRU_PAGE)) in graph
    assert graph.value(ISRU_REF, DCTERMS.issued) == Literal("2021-04-21", datatype=XSD.date)
    scheme = URIRef(ID + "scheme/isru-gap-assessment-areas")
    areas = sorted(
        graph.subjects(SKOS.inScheme, scheme),
        key=lambda n: int(graph.value(n, URIRef(ISECG + "order"))),
    )
    assert [label(graph, a, "en") for a in areas] == expected.ISRU_AREAS


def test_each_2015_technology_maps_across_time_or_says_why_not(graph: Graph) -> None:
    technologies = set(graph.subjects(SKOS.inScheme, URIRef(ID + "scheme/technologies")))
    assert len(technologies) == 14
    needs = set(graph.subjects(RDF.type, URIRef(ISECG + "TechnologyNeed")))
    mapped = {t for t in technologies for p in MATCHES for o in graph.objects(t, p) if o in needs}
    reasons = {t for t in technologies if graph.value(t, URIRef(ISECG + "noCounterpartReason"))}
    assert mapped | reasons == technologies and mapped & reasons == set()
    assert {str(t).rsplit("/", 1)[-1] for t in mapped} == {
        "deep-space-rendezvous-docking",
        "deep-space-autonomous-crew-operations",
        "precision-landing",
        "lightweight-power",
        "surface-mobility",
        "resource-extraction",
    }
    for technology in reasons:
        languages = {
            r.language for r in graph.objects(technology, URIRef(ISECG + "noCounterpartReason"))
        }
        assert languages == {"en", "ja"}, technology


def test_each_link_across_time_has_a_bilingual_justification_and_both_sources(
    graph: Graph,
) -> None:
    needs = set(graph.subjects(RDF.type, URIRef(ISECG + "TechnologyNeed")))
    links = [(s, p, o) for p in MATCHES for s, o in graph.subject_objects(p) if o in needs]
    assert len(links) == 7
    for s, _p, o in links:
        [axiom] = [
            a
            for a in graph.subjects(URIRef("http://www.w3.org/2002/07/owl#annotatedSource"), s)
            if graph.value(a, URIRef("http://www.w3.org/2002/07/owl#annotatedTarget")) == o
        ]
        assert {c.language for c in graph.objects(axiom, RDFS.comment)} == {"en", "ja"}
        derived = set(graph.objects(axiom, PROV.wasDerivedFrom))
        assert URIRef(ID + "section/seed-3") in derived and len(derived) >= 2, (s, o)
        assert graph.value(axiom, DCTERMS.source) is not None


def test_the_seed_rows_marks_are_untouched(graph: Graph) -> None:
    counts = [
        int(graph.value(row, URIRef(ISECG + "markCount")))
        for row in sorted(
            graph.subjects(RDF.type, URIRef(ISECG + "TableRow")),
            key=lambda r: int(graph.value(r, URIRef(ISECG + "order"))),
        )
    ]
    assert counts == [2, 2, 4, 4, 3, 5, 5, 5, 3, 3, 4, 5, 5, 3]  # seed l.139-165


def rows(graph: Graph, store: object, name: str, **params: str) -> list[tuple[str, ...]]:
    """The query's answer on rdflib, asserted equal to embedded Oxigraph's."""
    text = catalogue(resources.queries_dir())[name].bind(params)
    answers = [run_rdflib(graph, text), run_oxigraph(store, text)]
    plain = [[tuple("" if t is None else str(t) for t in r) for r in a.rows] for a in answers]
    assert plain[0] == plain[1], name
    return plain[0]


@pytest.mark.parametrize("maximum", [None, "2", "4", "5"])
def test_few_proposers_that_became_needs(graph: Graph, store: object, maximum: str | None) -> None:
    params = {} if maximum is None else {"max": maximum}
    found = [r[:5] for r in rows(graph, store, "needs-few-proposers", **params)]
    assert found == expected.few_proposers(int(maximum or 3))


def test_needs_without_a_2015_counterpart(graph: Graph, store: object) -> None:
    found = rows(graph, store, "needs-without-earlier-counterpart")
    assert [r[:4] for r in found] == expected.NEEDS_WITHOUT_2015_COUNTERPART
    assert all(r[4] and r[6] for r in found)  # a reason in both languages


def test_needs_by_destination(graph: Graph, store: object) -> None:
    found = rows(graph, store, "needs-by-destination")
    assert [r[:3] for r in found] == expected.NEEDS_BY_DESTINATION
    assert all(r[3] for r in found)  # each says which record holds what is not known


def test_needs_by_nasa_taxonomy(graph: Graph, store: object) -> None:
    found = rows(graph, store, "needs-by-nasa-taxonomy")
    assert [(r[0], r[3] or r[2]) for r in found] == expected.NEEDS_BY_NASA_TAXONOMY
    assert all(r[5] for r in found if not r[0])  # an unlinked need says why


def test_one_agencys_proposals_and_the_needs_they_became(graph: Graph, store: object) -> None:
    found = rows(graph, store, "agency-proposals-and-needs")
    assert [(r[0], r[1], r[2], r[3], r[5]) for r in found] == expected.AGENCY_JAXA
    nasa = rows(graph, store, "agency-proposals-and-needs", agency="NASA")
    certain = {r[0] for r in nasa if r[2] == "certain"}
    assert len(certain) == 5 and {r[1] for r in nasa} <= {"○", "?"}
