"""Links out: alignments, Wikidata, the NASA taxonomy, and their SSSOM tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

import query_engines
from isecg_kg import resources
from isecg_kg.engines import oxigraph_store, run_oxigraph, run_rdflib
from isecg_kg.export import serialize
from isecg_kg.load import packaged_graph, parse_files
from isecg_kg.mappings import (
    CURIE_MAP,
    MAPPING_PREDICATES,
    VOID,
    axiom,
    curie,
    describe_linksets,
    linksets,
    tables,
)
from isecg_kg.reason import Closure, reason
from isecg_kg.stored_queries import catalogue

ROOT = Path(__file__).resolve().parent.parent
EXTRACT = ROOT / "tests" / "fixtures" / "external" / "wikidata-extract.ttl"
EXTRACTS = ROOT / "tests" / "fixtures" / "external"
ROR_EXTRACT = EXTRACTS / "ror-extract.ttl"
NS = "https://w3id.org/isecg-kg/ontology#"
WD = "http://www.wikidata.org/entity/"
ROR = "https://ror.org/"
GCMD = "https://gcmd.earthdata.nasa.gov/kms/concept/"
SPACE_MAP = "https://github.com/julie-dujardin/space-map/blob/"
OPERATORS_PY = SPACE_MAP + "d64f05fdcadcdf14ba0eb0d383ca72e15f560273/"  # operators.py
COUNTRIES_PY = SPACE_MAP + "69289a7cfdb9303346d099d573198bf83d40c8de/"  # countries.py
# Identifiers read later in stored public files, with the file each was seen in (its URL prefix
# up to the commit): the expected value of each link's dcterms:source.
SEEN_IN_FILES = {
    "Q23548": OPERATORS_PY,  # NASA, operators.py
    "Q42262": OPERATORS_PY,  # ESA
    "Q179103": OPERATORS_PY,  # JAXA
    "Q25271": SPACE_MAP + "91bb7e14315974a5525989d7cc75a7b2b57491ef/",  # ISS, constellations.py
    "Q211727": "https://github.com/SpocWiki/_Standards/blob/",  # Orion (MPCV)
    "Q64127": SPACE_MAP + "1b4626bda396209dcf26c43d54a596b9b2ec419d/",  # SLS, launch_vehicles.py
    "Q408": COUNTRIES_PY,  # countries.py
    "Q16": COUNTRIES_PY,  # countries.py
    "Q148": COUNTRIES_PY,  # countries.py
    "Q142": COUNTRIES_PY,  # countries.py
    "Q183": COUNTRIES_PY,  # countries.py
    "Q668": COUNTRIES_PY,  # countries.py
    "Q38": COUNTRIES_PY,  # countries.py
    "Q17": COUNTRIES_PY,  # countries.py
    "Q884": COUNTRIES_PY,  # countries.py
    "Q159": COUNTRIES_PY,  # countries.py
    "Q212": COUNTRIES_PY,  # countries.py
    "Q145": COUNTRIES_PY,  # countries.py
    "Q30": COUNTRIES_PY,  # countries.py
    "Q392953": OPERATORS_PY,  # ASI, operators.py
    "Q48756": OPERATORS_PY,  # CNES
    "Q320644": OPERATORS_PY,  # CNSA
    "Q212227": OPERATORS_PY,  # CSA
    "Q229058": OPERATORS_PY,  # ISRO
    "Q190795": OPERATORS_PY,  # Roscosmos
    "Q530600": SPACE_MAP + "1b4626bda396209dcf26c43d54a596b9b2ec419d/",  # Angara family
    "027ka1x80": "https://ror.org/027ka1x80",  # NASA's ROR record
    "33f02ccb-ebd4-4516-9fa8-23c6e453a1c8": "https://github.com/jjmcnelis/",  # GCMD CN/CNSA
    "a6ce1f8b-fd7a-4196-b6a5-ac99ac81b96f": "https://github.com/jjmcnelis/",  # FR/CNES
    "0ccacf05-6e0b-4ee3-bef1-146f03f73d75": "https://github.com/jjmcnelis/",  # KR/KARI
    "2f9d7c12-c02d-41fb-a168-4d91794187f7": "https://github.com/jjmcnelis/",  # DE/DLR
    "93c5d18c-be62-46c4-9545-42f73a854d85": "https://github.com/jjmcnelis/",  # platform ISS
}
# GCMD category keywords (same files) that ontology/alignments.ttl relates our classes to.
GCMD_CATEGORIES = {
    "388e72a1-b851-4b78-9e69-747e06ae215f",  # platforms: Space Stations/Manned Spacecraft
    "2196cc92-a5da-4233-9509-5523385da1d7",  # platforms: Balloons/Rockets
    "224d4001-e30d-4069-81ac-8211750ac641",  # providers: GOVERNMENT AGENCIES-NON-US
    "2b890e5b-1b50-4454-90a9-538dd891da9a",  # providers: GOVERNMENT AGENCIES-U.S. FEDERAL AGENCIES
}
# Wikidata class items aligned in ontology/alignments.ttl (not instance links).
LINKS_MD_ITEMS = {"Q17505024", "Q245065", "Q6256", "Q191118"}
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
        for t in as_strings(real_closure.inferred)
        if t[0] in data_subjects and t not in link_triples
    }
    assert closure_with == as_strings(reason(without).inferred)
    assert len(closure_with) > 500


def as_strings(graph: Graph) -> set[tuple[str, str, str]]:
    """Entailments about our instances (blank nodes differ between two parses)."""
    instances = "https://w3id.org/isecg-kg/id/"
    return {(str(s), str(p), str(o)) for s, p, o in graph if str(s).startswith(instances)}


def test_link_targets_come_from_the_cited_reference(graph: Graph) -> None:
    for p in MAPPING_PREDICATES:
        for s, o in graph.subject_objects(p):
            for prefix in (WD, ROR, GCMD):
                if str(o).startswith(prefix):
                    local = str(o).removeprefix(prefix)
                    assert local in LINKS_MD_ITEMS | set(SEEN_IN_FILES) | GCMD_CATEGORIES, (s, o)
            if str(o).startswith(CURIE_MAP["nasatx"]):
                assert str(o).removeprefix(CURIE_MAP["nasatx"]) in LINKS_MD_CODES, (s, o)


def test_links_read_later_cite_the_file_they_were_seen_in(graph: Graph) -> None:
    """Each such link's owl:Axiom names the file's URL, a confidence and a note."""
    checked = 0
    for p in MAPPING_PREDICATES:
        for s, o in graph.subject_objects(p):
            local = str(o).rsplit("/", 1)[-1]
            if local not in SEEN_IN_FILES or not str(s).startswith(CURIE_MAP["isecgid"]):
                continue
            node = axiom(graph, s, p, o)
            assert node is not None, (s, o)
            sources = {str(v) for v in graph.objects(node, DCTERMS.source)}
            assert any(v.startswith(SEEN_IN_FILES[local]) for v in sources), (s, o, sources)
            confidence = graph.value(node, URIRef("https://w3id.org/sssom/confidence"))
            assert confidence is not None and 0 < float(confidence) <= 1, (s, o)
            assert graph.value(node, SKOS.note) is not None, (s, o)
            checked += 1
    assert checked == len(SEEN_IN_FILES)


def test_every_agency_has_a_wikidata_link_or_a_stated_reason(graph: Graph) -> None:
    agencies = set(graph.subjects(RDF.type, URIRef(NS + "SpaceAgency")))
    assert len(agencies) == 27  # the seed's 14 and the 13 that joined from 2015 to 2021
    linked = {
        a
        for a in agencies
        for p in (SKOS.exactMatch, SKOS.closeMatch)
        for o in graph.objects(a, p)
        if str(o).startswith(WD)
    }
    reasons = {a for a in agencies if (a, URIRef(NS + "unlinkedReason"), None) in graph}
    assert linked | reasons == agencies and linked & reasons == set()
    later = {"uae-space-agency", "asa", "rosa", "sso", "polsa", "lsa", "nosa", "vnsc", "aeb"}
    later |= {"gistda", "aem", "pt-space", "nzsa"}
    assert {str(a).rsplit("/", 1)[-1] for a in reasons} == {
        "csiro",
        "dlr",
        "kari",
        "ssau",
        "uksa",
    } | later
    for agency in reasons:
        languages = {r.language for r in graph.objects(agency, URIRef(NS + "unlinkedReason"))}
        assert languages == {"en", "ja"}, agency
    roscosmos = URIRef(CURIE_MAP["isecgid"] + "agency/roscosmos")
    assert (roscosmos, SKOS.closeMatch, URIRef(WD + "Q190795")) in graph
    assert (roscosmos, SKOS.exactMatch, URIRef(WD + "Q190795")) not in graph


def test_each_qid_agrees_with_the_ror_records_wikidata_field(graph: Graph) -> None:
    ror = Graph().parse(ROR_EXTRACT, format="turtle")
    same_as = URIRef("https://schema.org/sameAs")
    pairs = 0
    for agency, record in graph.subject_objects(SKOS.exactMatch):
        if not str(record).startswith(ROR):
            continue
        ours = {o for o in graph.objects(agency, SKOS.exactMatch) if str(o).startswith(WD)}
        theirs = {o for o in ror.objects(record, same_as) if str(o).startswith(WD)}
        assert theirs, f"the ROR extract has no record {record}"
        assert ours == theirs, (agency, ours, theirs)
        pairs += 1
    assert pairs == 1  # NASA, the one agency with a ROR record seen in a stored source


def test_link_counts(graph: Graph) -> None:
    def count(predicate: URIRef, prefix: str) -> int:
        return sum(
            1
            for s, o in graph.subject_objects(predicate)
            if str(s).startswith(CURIE_MAP["isecgid"]) and str(o).startswith(prefix)
        )

    assert (
        count(SKOS.exactMatch, WD) == 22
    )  # 8 agencies (DLR and KARI unlinked), the ISS, 13 countries
    assert count(SKOS.closeMatch, WD) == 3  # MPCV/Orion, SLS, Roscosmos
    assert count(SKOS.relatedMatch, WD) == 1  # NGSLV and the Angara family
    assert count(SKOS.exactMatch, ROR) == 1  # NASA
    assert count(SKOS.closeMatch, GCMD) == 5  # CNSA, CNES, KARI, DLR, the ISS
    assert count(SKOS.broadMatch, CURIE_MAP["nasatx"]) == 9 + 10  # 2015 rows; later needs
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


@pytest.mark.parametrize("engine", query_engines.BOTH)
def test_agencies_with_wikidata_on_the_local_extract(engine: str) -> None:
    graph = packaged_graph([EXTRACT])
    assert rows(graph, "agencies-with-wikidata", engine) == [
        ("ASI", WD + "Q392953", "Italian Space Agency", WD + "Q38", "true"),
        ("CNES", WD + "Q48756", "CNES", WD + "Q142", "true"),
        ("CNSA", WD + "Q320644", "China National Space Administration", WD + "Q148", "true"),
        ("CSA", WD + "Q212227", "CSA", WD + "Q16", "true"),
        ("ESA", WD + "Q42262", "ESA", "", ""),
        ("ISRO", WD + "Q229058", "Indian Space Research Organisation", WD + "Q668", "true"),
        ("JAXA", WD + "Q179103", "JAXA", WD + "Q17", "true"),
        ("NASA", WD + "Q23548", "NASA", WD + "Q30", "true"),
    ]


@pytest.mark.parametrize("engine", query_engines.BOTH)
def test_agencies_with_ror_on_the_local_extract(engine: str) -> None:
    graph = packaged_graph([ROR_EXTRACT])
    assert rows(graph, "agencies-with-ror", engine) == [
        (
            "NASA",
            ROR + "027ka1x80",
            "National Aeronautics and Space Administration",
            WD + "Q23548",
            WD + "Q23548",
            "true",
        ),
    ]
    graph.set((URIRef(ROR + "027ka1x80"), URIRef("https://schema.org/sameAs"), URIRef(WD + "Q1")))
    assert rows(graph, "agencies-with-ror", engine)[0][-2:] == (WD + "Q1", "false")


@pytest.mark.parametrize("engine", query_engines.BOTH)
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


SPACE_VOCABULARIES = {
    "dbo": "http://dbpedia.org/ontology/",
    "SLSO": "http://purl.obolibrary.org/obo/SLSO_",
    "somaeq": "http://sweetontology.net/matrEquipment/",
    "gcmd": GCMD,
}


def test_space_vocabulary_alignments_are_safe_and_complete() -> None:
    alignments = parse_files([ROOT / "ontology" / "alignments.ttl"])
    for p in (OWL.equivalentClass, OWL.equivalentProperty, OWL.sameAs):
        assert not list(alignments.triples((None, p, None))), p
    space = {
        (curie(s), curie(p), curie(o))
        for s, p, o in alignments
        if isinstance(o, URIRef)
        and any(str(o).startswith(ns) for ns in SPACE_VOCABULARIES.values())
    }
    # The brief's DBpedia terms, each with the relation its definition allows.
    assert {
        ("isecg:SpaceAgency", "skos:closeMatch", "dbo:GovernmentAgency"),
        ("isecg:CoordinationGroup", "rdfs:subClassOf", "dbo:InternationalOrganisation"),
        ("isecg:CrewVehicle", "skos:broadMatch", "dbo:Spacecraft"),
        ("isecg:LaunchVehicle", "skos:closeMatch", "dbo:Rocket"),
        ("isecg:SpaceProgramme", "skos:relatedMatch", "dbo:SpaceStation"),
        ("isecg:MissionConcept", "skos:closeMatch", "dbo:SpaceMission"),
        ("isecg:PayloadToLEO", "skos:closeMatch", "dbo:lowerEarthOrbitPayload"),
        ("isecg:CrewCapacity", "skos:relatedMatch", "dbo:crewSize"),
        ("isecg:CrewVehicle", "skos:broadMatch", "SLSO:0000032"),
        ("isecg:LaunchVehicle", "skos:closeMatch", "somaeq:Rocket"),
        ("isecg:SpaceProgramme", "skos:relatedMatch", "gcmd:388e72a1-b851-4b78-9e69-747e06ae215f"),
    } <= space
    # An event class and properties with foreign domains are never specialised.
    event_or_property = {"dbo:SpaceMission", "dbo:lowerEarthOrbitPayload", "dbo:crewSize"}
    assert not {t for t in space if t[1].startswith("rdfs:") and t[2] in event_or_property}
    # The one new specialisation; dbo:Organisation and dbo:Country are the general ones of before.
    general = {"dbo:Organisation", "dbo:Country"}
    sub_class = {t for t in space if t[1] == "rdfs:subClassOf" and t[2] not in general}
    assert sub_class == {
        ("isecg:CoordinationGroup", "rdfs:subClassOf", "dbo:InternationalOrganisation")
    }
    counts = {
        prefix: sum(1 for t in space if t[2].startswith(prefix + ":"))
        for prefix in SPACE_VOCABULARIES
    }
    assert counts == {"dbo": 23, "SLSO": 8, "somaeq": 6, "gcmd": 5}


def test_linksets_are_counted_from_the_links(graph: Graph) -> None:
    found = {
        (ls.target.name, str(ls.predicate).rsplit("#", 1)[-1]): ls.triples for ls in linksets(graph)
    }
    assert found == {
        ("wikidata", "exactMatch"): 22,  # 8 agencies (DLR and KARI unlinked), the ISS, 13 countries
        ("wikidata", "closeMatch"): 5,  # MPCV, SLS, Roscosmos; classes SpaceAgency, Country
        ("wikidata", "relatedMatch"): 1,  # NGSLV and Angara
        ("ror", "exactMatch"): 1,
        ("gcmd", "closeMatch"): 5,
        ("gcmd", "relatedMatch"): 5,  # class-level category keywords
        ("nasa-taxonomy", "broadMatch"): 9 + 10,  # 2015 rows; later needs
        ("nasa-taxonomy", "closeMatch"): 2,
        ("nasa-taxonomy", "relatedMatch"): 3,
        ("dbpedia-ontology", "broadMatch"): 4,
        ("dbpedia-ontology", "closeMatch"): 4,
        ("dbpedia-ontology", "relatedMatch"): 8,
        ("slso", "broadMatch"): 4,
        ("slso", "relatedMatch"): 4,
        ("sweet", "broadMatch"): 4,
        ("sweet", "closeMatch"): 1,
        ("sweet", "relatedMatch"): 1,
        ("uat", "exactMatch"): 4,  # Moon, Mars, near-Earth objects, ISS
        ("uat", "broadMatch"): 3,  # LEO (geocentric orbit), EML and EML2 (Lagrangian points)
        ("uat", "closeMatch"): 1,  # cislunar space (Earth-moon system)
    }
    void = Graph()
    dataset = URIRef("https://w3id.org/isecg-kg/dataset")
    describe_linksets(void, dataset, graph)
    sets = set(void.subjects(RDF.type, VOID.Linkset))
    assert len(sets) == len(found)
    assert sum(int(void.value(s, VOID.triples)) for s in sets) == sum(found.values())
    for s in sets:
        assert (dataset, VOID.subset, s) in void and void.value(s, VOID.subjectsTarget) == dataset
        target = void.value(s, VOID.objectsTarget)
        assert (target, RDF.type, VOID.Dataset) in void and void.value(target, DCTERMS.title)
    ror = URIRef(f"{dataset}/linkset/ror-exactMatch")
    assert void.value(ror, VOID.linkPredicate) == SKOS.exactMatch
    assert void.value(ror, VOID.objectsTarget) == URIRef("https://ror.org/")


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_gcmd_keywords_on_the_local_extract(engine: str) -> None:
    graph = packaged_graph([EXTRACTS / "gcmd-extract.ttl"])
    found = [
        (r[0], r[1], r[2].removeprefix(GCMD)[:8], r[3], r[5])
        for r in rows(graph, "gcmd-keywords", engine)
    ]
    assert found == [
        ("Centre National d'Etudes Spatiales", "CNES", "a6ce1f8b", "FR/CNES", "true"),
        ("China National Space Administration", "CNSA", "33f02ccb", "CN/CNSA", "true"),
        ("Deutsches Zentrum fuer Luft- und Raumfahrt", "DLR", "2f9d7c12", "DE/DLR", "true"),
        ("International Space Station (ISS)", "", "93c5d18c", "ISS", ""),
        ("Korea Aerospace Research Institute", "KARI", "0ccacf05", "KR/KARI", "true"),
    ]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_space_class_alignments_on_the_local_extract(engine: str) -> None:
    graph = packaged_graph([EXTRACTS / "dbpedia-ontology-extract.ttl"])
    found = [
        (
            curie(URIRef(r[0])),
            curie(URIRef(r[1])),
            curie(URIRef(r[2])),
            r[4].removeprefix(WD),
            r[5].removeprefix(WD),
            r[6],
        )
        for r in rows(graph, "space-class-alignments", engine)
    ]
    assert len(found) == 14
    assert ("isecg:Country", "rdfs:subClassOf", "dbo:Country", "Q6256", "Q6256", "true") in found
    assert (
        "isecg:SpaceAgency",
        "skos:closeMatch",
        "dbo:GovernmentAgency",
        "Q327333",
        "Q17505024",
        "false",
    ) in found
    assert (
        "isecg:MissionConcept",
        "skos:closeMatch",
        "dbo:SpaceMission",
        "Q2133344",
        "",
        "",
    ) in found
    assert (
        "isecg:CoordinationGroup",
        "rdfs:subClassOf",
        "dbo:InternationalOrganisation",
        "",
        "",
        "",
    ) in found
    assert {r[5] for r in found} == {"true", "false", ""}
