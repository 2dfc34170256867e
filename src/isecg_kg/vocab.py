"""The project's vocabulary in one place: the ontology namespace, prefixes, IRI shortening, formats.

`ISECG` is an rdflib `DefinedNamespace` of every term the ontology declares (ontology/isecg.ttl
and the controlled values of ontology/vocabularies.ttl), so `ISECG.SpaceAgncy` raises instead of
minting a term nobody declared. The term list between the GENERATED markers is written by
`python -m isecg_kg.vocab` from the ontology; a test fails when it is stale.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DefinedNamespace
from rdflib.term import Node

ONTOLOGY = "https://w3id.org/isecg-kg/ontology#"
INSTANCES = "https://w3id.org/isecg-kg/id/"
SHAPES = "https://w3id.org/isecg-kg/shapes#"

ISECGID = Namespace(INSTANCES)
ISECGSH = Namespace(SHAPES)

# The project's prefixes: bound on every graph it writes, and the JSON-LD @context.
PREFIXES = {
    "isecg": ONTOLOGY,
    "isecgid": INSTANCES,
    "isecgsh": SHAPES,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
}
_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def curie(iri: str, prefixes: dict[str, str] | None = None) -> str | None:
    """The IRI as a prefixed name, by the longest matching namespace of `prefixes` (default: the
    project's), or None when no namespace matches."""
    ordered = (
        _LONGEST_FIRST
        if prefixes is None
        else sorted(prefixes.items(), key=lambda item: -len(item[1]))
    )
    for prefix, namespace in ordered:
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return None


def bind_prefixes(
    graph: Graph, pairs: Iterable[tuple[str, object]], override: bool = False
) -> None:
    """Bind prefixes on a graph in linear time, the first binding of a prefix or namespace winning
    (with `override`, the last).

    rdflib's `Graph.bind` also files each namespace in a trie whose every insertion scans the
    top-level keys: 10,000 `@prefix` lines took 5-10 s. The bindings go to the store; rdflib files
    a namespace in its trie when it first shortens an IRI of that namespace.
    """
    graph.namespace_manager  # noqa: B018 (made now, so that rdflib's own bindings come first)
    store = graph.store
    for prefix, namespace in pairs:
        iri = URIRef(str(namespace))
        if override:
            store.bind(prefix, iri, override=True)
        elif store.namespace(prefix) is None and store.prefix(iri) is None:
            store.bind(prefix, iri, override=False)


def used_namespaces(namespaces: Iterable[str], iris: Iterable[str]) -> set[str]:
    """The namespaces that begin at least one of the IRIs, in time linear in the IRIs (times the
    number of distinct namespace lengths), not in their product."""
    wanted = set(namespaces)
    lengths = sorted({len(n) for n in wanted})
    used: set[str] = set()
    for iri in iris:
        for length in lengths:
            if length > len(iri):
                break
            if iri[:length] in wanted:
                used.add(iri[:length])
    return used


def shorten(term: Node | None) -> str:
    """An IRI with the project's prefixes (else in <>), a literal as Turtle, a blank node as _:x."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(term) or f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    return f"_:{term}"


@dataclass(frozen=True)
class RdfFormat:
    """One output format: its name for rdflib and for Oxigraph, file extension and media type."""

    key: str
    rdflib: str
    oxigraph: str
    extension: str
    media_type: str
    title: str


# RDF/XML with rdflib's plain writer: its "pretty-xml" writer (rdflib 7.6.0) writes the literals of
# an rdf:List as IRIs (rdf:parseType="Collection") and drops other triples about list nodes.
FORMATS = {
    f.key: f
    for f in (
        RdfFormat("ttl", "turtle", "TURTLE", ".ttl", "text/turtle", "Turtle"),
        RdfFormat("nt", "nt", "N_TRIPLES", ".nt", "application/n-triples", "N-Triples"),
        RdfFormat("jsonld", "json-ld", "JSON_LD", ".jsonld", "application/ld+json", "JSON-LD"),
        RdfFormat("xml", "xml", "RDF_XML", ".rdf", "application/rdf+xml", "RDF/XML"),
    )
}


class ISECG(DefinedNamespace):
    """The ontology's terms (generated: `python -m isecg_kg.vocab`)."""

    _NS = Namespace(ONTOLOGY)
    _fail = True

    # BEGIN GENERATED
    AmbiguousReference: URIRef
    ApproximateDate: URIRef
    AttributionStatus: URIRef
    AttributionStatuses: URIRef
    CapabilityKind: URIRef
    CapabilityKinds: URIRef
    CargoMass: URIRef
    CargoVehicle: URIRef
    Certain: URIRef
    Chair: URIRef
    Chairmanship: URIRef
    CircleMark: URIRef
    Committee: URIRef
    ConflictingSources: URIRef
    CoordinationActivity: URIRef
    CoordinationGroup: URIRef
    Country: URIRef
    CountryOrRegion: URIRef
    CrewCapacity: URIRef
    CrewOnSurface: URIRef
    CrewVehicle: URIRef
    DevelopmentStatus: URIRef
    DevelopmentStatuses: URIRef
    DocumentSection: URIRef
    DrivingRange: URIRef
    ExplorationGoal: URIRef
    ExplorationRoadmap: URIRef
    ExplorationSystem: URIRef
    Frequency: URIRef
    GroupBody: URIRef
    Habitat: URIRef
    InDevelopment: URIRef
    Inferred: URIRef
    Lander: URIRef
    LaunchVehicle: URIRef
    LostFigure: URIRef
    LostTableColumns: URIRef
    LostUnderline: URIRef
    Mark: URIRef
    Marks: URIRef
    Meeting: URIRef
    MeetingSeries: URIRef
    MemberCount: URIRef
    Membership: URIRef
    MissionArchitecture: URIRef
    MissionConcept: URIRef
    Needed: URIRef
    NoMark: URIRef
    NotInStoredCopy: URIRef
    ParticipationLevel: URIRef
    ParticipationLevels: URIRef
    PartnerGroup: URIRef
    PayloadToLEO: URIRef
    Place: URIRef
    PlannedMilestone: URIRef
    PlanningStep: URIRef
    PlenaryOnly: URIRef
    PolicyPrinciple: URIRef
    QuantitativeCapability: URIRef
    Reconstructed: URIRef
    Region: URIRef
    RoadmapFeature: URIRef
    SourceDocument: URIRef
    SourceTable: URIRef
    SpaceAgency: URIRef
    SpaceProgramme: URIRef
    StrategyPrinciple: URIRef
    SurfaceRover: URIRef
    SystemFeature: URIRef
    SystemKind: URIRef
    SystemKinds: URIRef
    TableCell: URIRef
    TableColumn: URIRef
    TableRow: URIRef
    Technology: URIRef
    TechnologyArea: URIRef
    TechnologyNeed: URIRef
    TechnologyPolicy: URIRef
    TransferVehicle: URIRef
    TriangleMark: URIRef
    UncertainFact: URIRef
    UncertaintyKind: URIRef
    UncertaintyKinds: URIRef
    Unknown: URIRef
    UnknownMark: URIRef
    UnverifiedName: URIRef
    VagueQuantity: URIRef
    WorkingGroupChair: URIRef
    WorkingGroupsAndWorkshops: URIRef
    acronym: URIRef
    activeAsOf: URIRef
    analyses: URIRef
    attributionStatus: URIRef
    cadence: URIRef
    candidate: URIRef
    capability: URIRef
    capabilityKind: URIRef
    capabilityText: URIRef
    chairOrder: URIRef
    chairSystemSince: URIRef
    circleCount: URIRef
    columnFor: URIRef
    concerns: URIRef
    concernsSystemKind: URIRef
    contentLost: URIRef
    contentsPage: URIRef
    countryOrRegion: URIRef
    coversTechnology: URIRef
    crewToSurface: URIRef
    currentAsOf: URIRef
    currentAsOfDate: URIRef
    dateEarliest: URIRef
    dateLatest: URIRef
    delegatedBy: URIRef
    destination: URIRef
    developedBy: URIRef
    developmentStatus: URIRef
    endEarliest: URIRef
    endLatest: URIRef
    evidence: URIRef
    evidenceSource: URIRef
    evolutionOf: URIRef
    foundingYear: URIRef
    hasColumn: URIRef
    hasFeature: URIRef
    hasRow: URIRef
    highlights: URIRef
    imageCredit: URIRef
    inColumn: URIRef
    inRow: URIRef
    inferredMark: URIRef
    introduces: URIRef
    knownWithin: URIRef
    legallyBinding: URIRef
    legend: URIRef
    lineStyleLegend: URIRef
    magnitudeInWords: URIRef
    mark: URIRef
    markCount: URIRef
    markSequence: URIRef
    maxCount: URIRef
    maxValue: URIRef
    meaningInJapanColumn: URIRef
    meetingSeriesOf: URIRef
    memberCount: URIRef
    milestoneOf: URIRef
    minCount: URIRef
    minValue: URIRef
    nextStep: URIRef
    noCounterpartReason: URIRef
    noExternalCounterpart: URIRef
    order: URIRef
    orderingBasis: URIRef
    organisedBy: URIRef
    outputStatus: URIRef
    pageNumber: URIRef
    participant: URIRef
    participationLevel: URIRef
    participationLevelSince: URIRef
    perTimeUnit: URIRef
    performedBy: URIRef
    plannedTime: URIRef
    planningStep: URIRef
    policyOf: URIRef
    policyPrinciple: URIRef
    proposedBy: URIRef
    reconstructedMark: URIRef
    respondsTo: URIRef
    rowTechnology: URIRef
    section: URIRef
    sectionNumber: URIRef
    selectedTechnologyArea: URIRef
    sinceYear: URIRef
    sourceNotation: URIRef
    startEarliest: URIRef
    startLatest: URIRef
    statedMemberCount: URIRef
    stepOutput: URIRef
    studiedOutsideOf: URIRef
    symbol: URIRef
    systemAcronym: URIRef
    systemKind: URIRef
    timeQualifier: URIRef
    transferPoint: URIRef
    triangleCount: URIRef
    unM49Region: URIRef
    unattributedCount: URIRef
    uncertaintyKind: URIRef
    uncertaintyRecord: URIRef
    underDirectionOf: URIRef
    unlinkedReason: URIRef
    untitledReason: URIRef
    usesSystem: URIRef
    whatIsKnown: URIRef
    whatIsUncertain: URIRef
    # END GENERATED


def declared_terms(paths: list[Path]) -> list[str]:
    """Local names of every IRI in the ontology namespace given an rdf:type in these files."""
    from rdflib import Graph
    from rdflib.namespace import RDF

    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return sorted(
        {
            str(s)[len(ONTOLOGY) :]
            for s in graph.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY)
        }
    )


def vocabulary_files() -> list[Path]:
    from isecg_kg import resources

    root = resources.rdf_root() / "ontology"
    return [root / "isecg.ttl", root / "vocabularies.ttl"]


_GENERATED = re.compile(r"(    # BEGIN GENERATED\n).*?(    # END GENERATED\n)", re.DOTALL)


def regenerate(source: Path) -> bool:
    """Rewrite the term list of this module from the ontology; True if it changed."""
    body = "".join(f"    {name}: URIRef\n" for name in declared_terms(vocabulary_files()))
    text = source.read_text(encoding="utf-8")
    updated = _GENERATED.sub(lambda m: m[1] + body + m[2], text)
    if updated != text:
        source.write_text(updated, encoding="utf-8")
    return updated != text


if __name__ == "__main__":
    changed = regenerate(Path(__file__))
    print(f"{__file__}: {'regenerated' if changed else 'up to date'}", file=sys.stderr)
