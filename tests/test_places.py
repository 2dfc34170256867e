"""Places (data/places.ttl): the destinations the seed and the cited pages give, and their links to
the Unified Astronomy Thesaurus as seen in UAT.rdf (astrothesaurus/UAT at commit 8886cf4)."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from isecg_kg.resources import link_files
from isecg_kg.vocab import ISECG

PLACE = "https://w3id.org/isecg-kg/id/place/"
UAT = "http://astrothesaurus.org/uat/"

# Written from UAT.rdf: the concept number and its English preferred label.
UAT_LINKS = {
    ("moon", "exactMatch", "1692"),  # The Moon
    ("mars", "exactMatch", "1007"),  # Mars
    ("near-earth-objects", "exactMatch", "1092"),  # Near-Earth objects
    ("iss", "exactMatch", "2349"),  # International Space Station
    ("low-earth-orbit", "broadMatch", "643"),  # Geocentric orbit
    ("cislunar-space", "closeMatch", "436"),  # Earth-moon system
    ("earth-moon-lagrange-point", "broadMatch", "897"),  # Lagrangian points
    ("earth-moon-l2", "broadMatch", "897"),  # Lagrangian points
}

# Seed section 2 ④/⑤ and 5, and the cited GER pages: what each thing is for.
DESTINATIONS = {
    ("architecture/human-lunar-exploration-example", "moon"),  # 有人月探査の例
    ("system/pressurized-lunar-rover", "moon"),  # 月面与圧ローバ
    ("system/human-lunar-lander", "moon"),  # 有人月着陸／離陸船
    ("capability/sls-payload-to-leo", "low-earth-orbit"),  # LEO打上げ能力
    ("system/mpcv", "moon"),  # NASA IPAO: near-Earth asteroids, the Moon, ... Mars
    ("system/mpcv", "mars"),
    ("system/mpcv", "near-earth-objects"),
    ("mission-concept/eml2-station", "earth-moon-l2"),  # EML2ステーション計画
    ("mission-concept/asteroid-redirect-mission", "asteroid-lunar-vicinity"),  # 月周辺への移設
    ("mission-concept/asteroid-redirect-mission", "near-earth-objects"),  # NASA release 13-102
    ("roadmap-feature/moon-next", "moon"),
    ("roadmap-feature/moon-on-the-path-to-mars", "moon"),
    ("roadmap-feature/moon-on-the-path-to-mars", "mars"),
    ("roadmap-feature/gateway", "cislunar-space"),  # a facility around the Moon
    ("roadmap-feature/three-phase-lunar-scenario", "moon"),
    ("roadmap-feature/reusable-lunar-lander", "moon"),
    ("roadmap-feature/vision-to-2050", "low-earth-orbit"),  # LEO 2020s, Moon 2030s, Mars 2040s
    ("roadmap-feature/vision-to-2050", "moon"),
    ("roadmap-feature/vision-to-2050", "mars"),
}
# Issue 22: the ISRU areas carry the report's destinations (its sections on lunar and Mars
# resources, docslib copy of the ISRU Gap Assessment Report); no 2019 GER item shows one.
DESTINATIONS |= {
    (f"technology-need/{area}", body)
    for area in (
        "isru-propellant-and-consumable-production",
        "isru-construction",
        "isru-manufacturing-with-isru-feedstock",
    )
    for body in ("moon", "mars")
}

ID = "https://w3id.org/isecg-kg/id/"


def test_every_destination_is_the_one_its_source_gives(graph: Graph) -> None:
    found = {
        (str(s).removeprefix(ID), str(o).removeprefix(PLACE))
        for s, o in graph.subject_objects(ISECG.destination)
    }
    assert found == DESTINATIONS


def test_the_places_link_to_the_uat_concepts_of_uat_rdf() -> None:
    links = Graph()
    for path in link_files():
        links.parse(path)
    found = {
        (str(s).removeprefix(PLACE), str(p).rsplit("#", 1)[-1], str(o).removeprefix(UAT))
        for p in (SKOS.exactMatch, SKOS.broadMatch, SKOS.closeMatch)
        for s, o in links.subject_objects(p)
        if str(o).startswith(UAT)
    }
    assert found == UAT_LINKS


def test_systems_needed_for_the_moon_and_not_yet_in_development(graph: Graph) -> None:
    rows = graph.query(
        """
        PREFIX isecg: <https://w3id.org/isecg-kg/ontology#>
        SELECT ?system WHERE {
          ?system a isecg:ExplorationSystem ;
                  isecg:destination <https://w3id.org/isecg-kg/id/place/moon> ;
                  isecg:developmentStatus isecg:Needed .
        }"""
    )
    assert {str(row[0]).removeprefix(ID) for row in rows} == {  # type: ignore[index]
        "system/pressurized-lunar-rover",
        "system/human-lunar-lander",
    }


def test_every_country_has_its_un_m49_region_and_members_group_by_region(graph: Graph) -> None:
    region = {
        str(c).removeprefix(ID + "country/"): str(r).removeprefix(ID + "region/un-m49-")
        for c, r in graph.subject_objects(ISECG.unM49Region)
        if str(c).startswith(ID + "country/")
    }
    countries = {
        str(c).removeprefix(ID + "country/") for c in graph.subjects(RDF.type, ISECG.Country)
    }
    assert set(region) == countries and len(countries) == 25
    # as the M49 table (all.csv) gives them
    assert {c for c, r in region.items() if r == "oceania"} == {"australia", "new-zealand"}
    assert {c for c, r in region.items() if r == "americas"} == {
        "canada", "united-states", "brazil", "mexico"
    }  # fmt: skip
    assert {c for c, r in region.items() if r == "asia"} == {
        "china", "india", "japan", "korea", "united-arab-emirates", "vietnam", "thailand"
    }  # fmt: skip
    # "from which regions did the 13 later members join" is one query
    rows = graph.query(
        """
        PREFIX isecg: <https://w3id.org/isecg-kg/ontology#>
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?acronym ?region WHERE {
          ?m a isecg:Membership ; org:member ?agency ; isecg:startLatest ?latest .
          FILTER(?latest > "2015-01-01"^^xsd:date)
          ?agency isecg:acronym ?acronym ; isecg:countryOrRegion/isecg:unM49Region ?region .
        }"""
    )
    by_region: dict[str, set[str]] = {}
    for acronym, r in rows:  # type: ignore[misc]
        by_region.setdefault(str(r).removeprefix(ID + "region/un-m49-"), set()).add(str(acronym))
    assert by_region == {
        "europe": {"SSO", "ROSA", "PT Space", "POLSA", "NOSA", "LSA"},
        "asia": {"VNSC", "UAE Space Agency", "GISTDA"},
        "americas": {"AEM", "AEB"},
        "oceania": {"NZSA", "ASA"},
    }
