"""Synthetic graphs shaped like ours, for benchmarks and engine-agreement tests.

A graph is a number of independent "blocks", each a small coordination group with its agencies,
memberships, chairs, meeting series, a technology table (some rows certain, some with lost
columns and an uncertainty record), systems and capabilities: every class and closed-world rule
of the real graph is exercised. A block is about 1,000 triples. It is valid by our shapes except
for a chosen share of agencies that lose their Japanese label (one InstanceShape violation each).
Deterministic: the same size, seed and share give the same N-Triples, byte for byte.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from isecg_kg.vocab import INSTANCES as ID
from isecg_kg.vocab import ONTOLOGY as ISECG
from isecg_kg.vocab import PREFIXES

# Namespaces as strings: the N-Triples text is written directly, without rdflib terms.
RDF_TYPE = PREFIXES["rdf"] + "type"
LABEL = PREFIXES["rdfs"] + "label"
PROV = PREFIXES["prov"] + "wasDerivedFrom"
ORG = PREFIXES["org"]
SKOS = PREFIXES["skos"]
TIME = PREFIXES["time"]
QUDT = PREFIXES["qudt"]
DCT = PREFIXES["dcterms"]
XSD = PREFIXES["xsd"]
AGENCIES, ROWS, COLUMNS, SYSTEMS = 6, 10, 5, 3
TRIPLES_PER_BLOCK = 885  # measured; only picks the number of blocks for a target size


@dataclass(frozen=True)
class Synthetic:
    ntriples: str
    triples: int
    blocks: int
    expected_violations: int


def _iri(path: str) -> str:
    return f"<{ID}{path}>"


def _t(kind: str) -> str:
    return f"<{ISECG}{kind}>"


def _lit(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def _int(value: int) -> str:
    return _lit(str(value), datatype=XSD + "integer")


def generate(target_triples: int, seed: int = 1, violation_share: float = 0.0) -> Synthetic:
    blocks = max(1, round(target_triples / TRIPLES_PER_BLOCK))
    rng = random.Random(seed)
    lines: list[str] = []
    violations = 0
    bnode = 0
    for b in range(blocks):
        for line, violated in _block(b, rng, violation_share, bnode):
            if line:
                lines.append(line)
            violations += violated
        bnode += 100
    return Synthetic("\n".join(lines) + "\n", len(lines), blocks, violations)


def _block(b: int, rng: random.Random, share: float, bnode0: int) -> Iterator[tuple[str, int]]:
    def triple(s: str, p: str, o: str) -> tuple[str, int]:
        return f"{s} <{p}> {o} .", 0

    def named(
        node: str, kind: str, en: str, ja: str, drop_ja: bool = False
    ) -> Iterator[tuple[str, int]]:
        yield triple(node, RDF_TYPE, _t(kind))
        yield triple(node, LABEL, _lit(en, "en"))
        if drop_ja:
            yield "", 1  # no Japanese label: one expected violation, no triple
        else:
            yield triple(node, LABEL, _lit(ja, "ja"))
        yield triple(node, PROV, section)

    doc, section = _iri(f"document/syn-{b}"), _iri(f"section/syn-{b}")
    yield from (
        triple(doc, RDF_TYPE, _t("SourceDocument")),
        triple(doc, LABEL, _lit(f"Document {b}", "en")),
        triple(doc, LABEL, _lit(f"文書{b}", "ja")),
        triple(doc, PROV, doc),
    )
    yield from named(section, "DocumentSection", f"Section {b}", f"節{b}")
    yield from (
        triple(section, DCT + "isPartOf", doc),
        triple(section, ISECG + "order", _int(1)),
        triple(section, DCT + "title", _lit(f"節{b}", "ja")),
    )
    group = _iri(f"group/syn-{b}")
    yield from named(group, "CoordinationGroup", f"Group {b}", f"グループ{b}")
    yield from (
        triple(group, ISECG + "acronym", _lit(f"G{b}")),
        triple(group, ISECG + "foundingYear", _lit("2007", datatype=XSD + "gYear")),
        triple(group, ISECG + "legallyBinding", _lit("false", datatype=XSD + "boolean")),
    )
    count = _iri(f"member-count/syn-{b}")  # the member count is stated for a date
    yield from named(count, "MemberCount", f"Members of group {b}", f"グループ{b}の参加機関数")
    yield from (
        triple(group, ISECG + "statedMemberCount", count),
        triple(count, ISECG + "memberCount", _int(AGENCIES)),
        triple(count, ISECG + "currentAsOf", _lit("2015", datatype=XSD + "gYear")),
        # the day bounds the year implies (isecgsh:DayBoundsShape)
        triple(count, ISECG + "dateEarliest", _lit("2015-01-01", datatype=XSD + "date")),
        triple(count, ISECG + "dateLatest", _lit("2015-12-31", datatype=XSD + "date")),
    )
    countries = []
    for i in range(AGENCIES):
        country = _iri(f"country/syn-{b}-{i}")
        countries.append(country)
        yield from named(country, "Country", f"Country {b}-{i}", f"国{b}-{i}")
        yield triple(country, ISECG + "sourceNotation", _lit(f"国{i}", "ja"))
        agency, membership = _iri(f"agency/syn-{b}-{i}"), _iri(f"membership/syn-{b}-{i}")
        yield from named(
            agency, "SpaceAgency", f"Agency {b}-{i}", f"機関{b}-{i}", rng.random() < share
        )
        yield from (
            triple(agency, ISECG + "acronym", _lit(f"A{b}X{i}")),
            triple(agency, ISECG + "countryOrRegion", country),
        )
        yield from named(membership, "Membership", f"Agency {b}-{i} in group", f"機関{b}-{i}の参加")
        yield from (
            triple(membership, ORG + "member", agency),
            triple(membership, ORG + "organization", group),
        )
        if i < 2:
            chair = _iri(f"chairmanship/syn-{b}-{i}")
            interval, start = f"_:i{bnode0 + i}", f"_:s{bnode0 + i}"
            yield from named(chair, "Chairmanship", f"Chair {b}-{i}", f"議長{b}-{i}")
            yield from (
                triple(chair, ORG + "member", agency),
                triple(chair, ORG + "organization", group),
                triple(chair, ORG + "role", _t("Chair")),
                triple(chair, ISECG + "chairOrder", _int(i + 1)),
                triple(chair, ORG + "memberDuring", interval),
                triple(interval, RDF_TYPE, f"<{TIME}Interval>"),
                triple(interval, TIME + "hasBeginning", start),
                triple(start, RDF_TYPE, f"<{TIME}Instant>"),
                triple(start, TIME + "inXSDgYear", _lit(str(2010 + i), datatype=XSD + "gYear")),
                triple(
                    chair, ISECG + "startEarliest", _lit(f"{2010 + i}-01-01", datatype=XSD + "date")
                ),
                triple(
                    chair, ISECG + "startLatest", _lit(f"{2010 + i}-12-31", datatype=XSD + "date")
                ),
            )
            series, frequency = _iri(f"meeting-series/syn-{b}-{i}"), f"_:f{bnode0 + i}"
            yield from named(series, "MeetingSeries", f"Meeting {b}-{i}", f"会合{b}-{i}")
            yield from (
                triple(series, ISECG + "meetingSeriesOf", group),
                triple(series, ISECG + "cadence", frequency),
                triple(frequency, RDF_TYPE, _t("Frequency")),
                triple(frequency, ISECG + "minCount", _int(1)),
                triple(frequency, ISECG + "maxCount", _int(2 + i)),
                triple(frequency, ISECG + "perTimeUnit", f"<{TIME}unitYear>"),
            )
    scheme, table = _iri(f"scheme/syn-{b}"), _iri(f"table/syn-{b}")
    yield from (
        triple(scheme, RDF_TYPE, f"<{SKOS}ConceptScheme>"),
        triple(scheme, LABEL, _lit(f"Technologies {b}", "en")),
        triple(scheme, LABEL, _lit(f"技術{b}", "ja")),
        triple(scheme, PROV, section),
    )
    yield from named(table, "SourceTable", f"Table {b}", f"表{b}")
    yield triple(table, ISECG + "legend", _lit(f"凡例{b}", "ja"))
    columns = []
    for j in range(COLUMNS):
        column = _iri(f"table-column/syn-{b}-{j}")
        columns.append(column)
        yield from named(column, "TableColumn", f"Column {b}-{j}", f"列{b}-{j}")
        yield from (
            triple(column, ISECG + "order", _int(j + 1)),
            triple(column, ISECG + "columnFor", countries[j]),
            triple(table, ISECG + "hasColumn", column),
        )
    for r in range(ROWS):
        technology, row = _iri(f"technology/syn-{b}-{r}"), _iri(f"table-row/syn-{b}-{r}")
        yield from named(technology, "Technology", f"Technology {b}-{r}", f"技術{b}-{r}")
        yield from (
            triple(technology, SKOS + "inScheme", scheme),
            triple(technology, ISECG + "order", _int(r + 1)),
        )
        marks = rng.randint(1, COLUMNS)
        lost = marks < COLUMNS and rng.random() < 0.3
        marked = set(rng.sample(range(COLUMNS), marks))
        yield from named(row, "TableRow", f"Row {b}-{r}", f"行{b}-{r}")
        yield from (
            triple(table, ISECG + "hasRow", row),
            triple(row, ISECG + "order", _int(r + 1)),
            triple(row, ISECG + "rowTechnology", technology),
            triple(row, ISECG + "markCount", _int(marks)),
            triple(row, ISECG + "circleCount", _int(marks)),
            triple(row, ISECG + "triangleCount", _int(0)),
            triple(row, ISECG + "markSequence", _lit(" ".join(["○"] * marks))),
        )
        for j, column in enumerate(columns):
            cell = _iri(f"table-cell/syn-{b}-{r}-{j}")
            yield from named(cell, "TableCell", f"Cell {b}-{r}-{j}", f"セル{b}-{r}-{j}")
            if lost:
                mark, status = "UnknownMark", "Unknown"
            else:
                mark, status = ("CircleMark" if j in marked else "NoMark"), "Certain"
            yield from (
                triple(cell, ISECG + "inRow", row),
                triple(cell, ISECG + "inColumn", column),
                triple(cell, ISECG + "mark", _t(mark)),
                triple(cell, ISECG + "attributionStatus", _t(status)),
            )
            if lost:
                yield triple(cell, ISECG + "evidence", _lit("column lost", "en"))
                yield triple(cell, ISECG + "evidence", _lit("列の位置が不明", "ja"))
        if lost:
            record = _iri(f"uncertainty/syn-{b}-{r}")
            yield from named(
                record, "UncertainFact", f"Lost columns {b}-{r}", f"列位置の消失{b}-{r}"
            )
            yield from (
                triple(record, ISECG + "concerns", row),
                triple(record, ISECG + "uncertaintyKind", _t("LostTableColumns")),
                triple(record, ISECG + "unattributedCount", _int(marks)),
                triple(record, ISECG + "whatIsUncertain", _lit("which columns", "en")),
                triple(record, ISECG + "whatIsUncertain", _lit("どの列か", "ja")),
                triple(record, ISECG + "evidence", _lit("none", "en")),
                triple(record, ISECG + "evidence", _lit("なし", "ja")),
            )
    for k in range(SYSTEMS):
        system, capability = _iri(f"system/syn-{b}-{k}"), _iri(f"capability/syn-{b}-{k}")
        yield from named(system, "ExplorationSystem", f"System {b}-{k}", f"システム{b}-{k}")
        yield from (
            triple(system, ISECG + "systemKind", _t("CrewVehicle")),
            triple(system, ISECG + "developmentStatus", _t("InDevelopment")),
            triple(system, ISECG + "developedBy", _iri(f"agency/syn-{b}-{k}")),
            triple(system, ISECG + "order", _int(k + 1)),
            triple(system, ISECG + "capability", capability),
        )
        yield from named(capability, "QuantitativeCapability", f"Crew {b}-{k}", f"搭乗人数{b}-{k}")
        yield from (
            triple(capability, ISECG + "capabilityKind", _t("CrewCapacity")),
            triple(capability, QUDT + "numericValue", _int(2 + k)),
            triple(capability, QUDT + "unit", "<http://qudt.org/vocab/unit/NUM>"),
            triple(capability, ISECG + "capabilityText", _lit(f"{2 + k} crew", "en")),
            triple(capability, ISECG + "capabilityText", _lit(f"{2 + k}人乗り", "ja")),
        )
