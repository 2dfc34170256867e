"""One way to ask "when" (issue 21): the plain xsd:date bounds of data/day-bounds.ttl are exactly
what the precise model implies, every dated thing has them, and "joined after 2015" is one FILTER.

The bounds are recomputed here in Python from the OWL-Time instants, the xsd:gYear/gYearMonth
values and the isecg:knownWithin windows, independently of isecgsh:DayBoundsShape."""

from __future__ import annotations

import calendar

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, TIME, XSD

from isecg_kg.vocab import ISECG

ID = "https://w3id.org/isecg-kg/id/"
BOUND_PROPERTIES = [
    ISECG[f"{kind}{side}"] for kind in ("start", "end", "date") for side in ("Earliest", "Latest")
]


def days(value: Literal) -> tuple[str, str]:
    text = str(value)
    if value.datatype == XSD.date:
        return text, text
    if value.datatype == XSD.gYearMonth:
        year, month = map(int, text.split("-"))
        return f"{text}-01", f"{text}-{calendar.monthrange(year, month)[1]:02d}"
    assert value.datatype == XSD.gYear, value
    return f"{text}-01-01", f"{text}-12-31"


def instant_days(graph: Graph, instant: URIRef) -> tuple[str, str]:
    values = [
        v
        for p in (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear)
        for v in graph.objects(instant, p)
    ]
    windows = list(graph.objects(instant, ISECG.knownWithin))
    assert len(values) + len(windows) == 1, instant
    if values:
        return days(values[0])  # type: ignore[arg-type]
    window = windows[0]
    begin = graph.value(graph.value(window, TIME.hasBeginning), TIME.inXSDDate)
    end = graph.value(graph.value(window, TIME.hasEnd), TIME.inXSDDate)
    return str(begin), str(end)


def implied(graph: Graph) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for thing, interval in graph.subject_objects(ORG.memberDuring):
        for kind, edge in (("start", TIME.hasBeginning), ("end", TIME.hasEnd)):
            for instant in graph.objects(interval, edge):
                earliest, latest = instant_days(graph, instant)  # type: ignore[arg-type]
                found[(str(thing), f"{kind}Earliest")] = earliest
                found[(str(thing), f"{kind}Latest")] = latest
    dated = [
        (thing, value)
        for thing in graph.subjects(RDF.type, ISECG.ExplorationRoadmap)
        for value in graph.objects(thing, DCTERMS.issued)
    ] + [
        (thing, value)
        for thing in graph.subjects(RDF.type, ISECG.MemberCount)
        for p in (ISECG.currentAsOfDate, ISECG.currentAsOf)
        for value in graph.objects(thing, p)
    ]
    for thing, value in dated:
        earliest, latest = days(value)  # type: ignore[arg-type]
        found[(str(thing), "dateEarliest")] = earliest
        found[(str(thing), "dateLatest")] = latest
    return found


def test_the_bounds_are_what_the_precise_dates_imply(graph: Graph) -> None:
    written = {}
    for p in BOUND_PROPERTIES:
        for thing, value in graph.subject_objects(p):
            assert isinstance(value, Literal) and value.datatype == XSD.date, (thing, p)
            key = (str(thing), str(p).rsplit("#", 1)[-1])
            assert key not in written, f"two values of {key}"
            written[key] = str(value)
    expected = implied(graph)
    assert written == expected
    # every membership (27), chair term (7), edition (6) and dated count (3) is covered
    things = {thing for thing, _ in expected}
    assert len(things) == 27 + 7 + 6 + 3


def test_joined_after_2015_is_one_filter(graph: Graph) -> None:
    query = """
        PREFIX isecg: <https://w3id.org/isecg-kg/ontology#>
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?acronym ?certain WHERE {
          ?m a isecg:Membership ; org:member ?agency ;
             isecg:startEarliest ?earliest ; isecg:startLatest ?latest .
          ?agency isecg:acronym ?acronym .
          FILTER(?latest > ?after)
          BIND(?earliest > ?after AS ?certain)
        }"""
    after = {"after": Literal("2015-01-01", datatype=XSD.date)}
    answers = {(str(a), bool(c.toPython())) for a, c in graph.query(query, initBindings=after)}  # type: ignore[misc]
    # the 13 agencies that joined after the seed (data/history.ttl, each with its page); every
    # one is certain: the earliest day any of them can have joined is UAE's, 5 October 2015
    later = {"UAE Space Agency", "ASA", "ROSA", "SSO", "POLSA", "LSA", "NOSA", "VNSC", "AEB",
             "GISTDA", "AEM", "PT Space", "NZSA"}  # fmt: skip
    assert answers == {(a, True) for a in later}
    # joined during 2020: certain where the whole window lies in 2020; NZSA's runs into 2021
    in_2020 = """
        PREFIX isecg: <https://w3id.org/isecg-kg/ontology#>
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?acronym ?certain WHERE {
          ?m a isecg:Membership ; org:member/isecg:acronym ?acronym ;
             isecg:startEarliest ?earliest ; isecg:startLatest ?latest .
          FILTER(?latest >= "2020-01-01"^^xsd:date && ?earliest <= "2020-12-31"^^xsd:date)
          BIND(?earliest >= "2020-01-01"^^xsd:date && ?latest <= "2020-12-31"^^xsd:date AS ?certain)
        }"""
    answers = {(str(a), bool(c.toPython())) for a, c in graph.query(in_2020)}  # type: ignore[misc]
    assert answers == {
        ("NOSA", True),  # after the 20 of the Annual Report 2019, by 12 March 2020
        ("VNSC", True),
        ("AEB", True),  # by the end of August 2020 (Brazilian Space)
        ("GISTDA", True),  # 31 August 2020 (NSTDA)
        ("AEM", True),  # end of 2020 (Portugal Space)
        ("PT Space", True),
        ("NZSA", False),  # after 9 September 2020, by 2 December 2021
    }
