"""SSSOM mapping tables written from the RDF: the RDF files are the one source of truth.

- `instance-links.sssom.tsv`: links/*.ttl, every link of an instance with its provenance axiom;
- `ontology-alignments.sssom.tsv`: ontology/alignments.ttl, every alignment of a term, and
  `sssom:NoTermFound` rows for the terms that have no counterpart.

`linksets` counts the same links per target dataset and SKOS predicate for the VoID description.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VOID, XSD

from isecg_kg import resources, vocab
from isecg_kg.load import parse_files
from isecg_kg.vocab import INSTANCES, ISECG, PREFIXES

SSSOM = "https://w3id.org/sssom/"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
# The SSSOM tables' prefixes: the project's own (vocab.PREFIXES) that the tables use, and those
# of the vocabularies linked to.
CURIE_MAP = {
    **{
        prefix: PREFIXES[prefix]
        for prefix in (
            "isecg",
            "isecgid",
            "skos",
            "rdfs",
            "org",
            "prov",
            "time",
            "qudt",
            "dcterms",
            "schema",
        )
    },
    "wikidata": "http://www.wikidata.org/entity/",
    "nasatx": INSTANCES + "nasa-taxonomy/",
    "semapv": "https://w3id.org/semapv/vocab/",
    "sssom": "https://w3id.org/sssom/",
    "dbo": "http://dbpedia.org/ontology/",
    "ror": "https://ror.org/",
    "gcmd": "https://gcmd.earthdata.nasa.gov/kms/concept/",
    "SLSO": "http://purl.obolibrary.org/obo/SLSO_",
    "somaeq": "http://sweetontology.net/matrEquipment/",
    "uat": "http://astrothesaurus.org/uat/",
}
MAPPING_PREDICATES = (
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
)
ALIGNMENT_PREDICATES = (*MAPPING_PREDICATES, RDFS.subClassOf, RDFS.subPropertyOf)
NO_COUNTERPART = ISECG.noExternalCounterpart
COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "comment",
)


@dataclass(frozen=True)
class Target:
    """An outside dataset we link to: its VoID IRI, title and the namespace of its IRIs."""

    name: str
    dataset: str
    title: str
    namespace: str


TARGETS = (
    Target("wikidata", "http://www.wikidata.org/", "Wikidata", CURIE_MAP["wikidata"]),
    Target("ror", "https://ror.org/", "Research Organization Registry (ROR)", CURIE_MAP["ror"]),
    Target(
        "gcmd",
        "https://gcmd.earthdata.nasa.gov/kms",
        "NASA GCMD keywords",
        CURIE_MAP["gcmd"],
    ),
    Target(
        "nasa-taxonomy",
        INSTANCES + "nasa-taxonomy",
        "NASA Technology Taxonomy 2020 (isecg-kg edition)",
        CURIE_MAP["nasatx"],
    ),
    Target(
        "dbpedia-ontology", "http://dbpedia.org/ontology/", "DBpedia ontology", CURIE_MAP["dbo"]
    ),
    Target(
        "slso",
        "http://purl.obolibrary.org/obo/slso.owl",
        "NASA Space Life Sciences Ontology (SLSO)",
        CURIE_MAP["SLSO"],
    ),
    Target("sweet", "http://sweetontology.net/", "SWEET", CURIE_MAP["somaeq"]),
    Target(
        "uat",
        "http://astrothesaurus.org/uat",
        "Unified Astronomy Thesaurus (UAT)",
        CURIE_MAP["uat"],
    ),
)


@dataclass(frozen=True)
class Linkset:
    target: Target
    predicate: URIRef
    triples: int

    @property
    def name(self) -> str:
        return f"{self.target.name}-{str(self.predicate).rsplit('#', 1)[-1]}"


def linksets(graph: Graph) -> list[Linkset]:
    """The SKOS mapping links from our terms and instances, counted per target and predicate."""
    ours = (CURIE_MAP["isecgid"], CURIE_MAP["isecg"])
    counts: dict[tuple[Target, URIRef], int] = {}
    for p in MAPPING_PREDICATES:
        for s, o in graph.subject_objects(p):
            if not str(s).startswith(ours):
                continue
            for target in TARGETS:
                if str(o).startswith(target.namespace):
                    counts[(target, p)] = counts.get((target, p), 0) + 1
    order = {target: i for i, target in enumerate(TARGETS)}
    return [
        Linkset(target, p, n)
        for (target, p), n in sorted(
            counts.items(), key=lambda item: (order[item[0][0]], str(item[0][1]))
        )
    ]


def describe_linksets(void: Graph, dataset: URIRef, graph: Graph) -> list[Linkset]:
    """Add one void:Linkset per target and predicate, a subset of `dataset`, to `void`."""
    found = linksets(graph)
    for linkset in found:
        node = URIRef(f"{dataset}/linkset/{linkset.name}")
        target = URIRef(linkset.target.dataset)
        void.add((dataset, VOID.subset, node))
        void.add((node, RDF.type, VOID.Linkset))
        void.add((node, VOID.subjectsTarget, dataset))
        void.add((node, VOID.objectsTarget, target))
        void.add((node, VOID.linkPredicate, linkset.predicate))
        void.add((node, VOID.triples, Literal(linkset.triples, datatype=XSD.integer)))
        void.add((target, RDF.type, VOID.Dataset))
        void.add((target, DCTERMS.title, Literal(linkset.target.title, lang="en")))
        void.add((target, VOID.uriSpace, Literal(linkset.target.namespace)))
    return found


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    rows: list[dict[str, str]]

    def tsv(self) -> str:
        header = [
            "# curie_map:",
            *(f"#   {prefix}: {namespace}" for prefix, namespace in sorted(CURIE_MAP.items())),
            f"# mapping_set_id: https://w3id.org/isecg-kg/mappings/{self.name}",
            f"# mapping_set_description: {self.description}",
            f"# license: {LICENSE}",
        ]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows)
        return "\n".join(header) + "\n" + buffer.getvalue()


def curie(term: URIRef) -> str:
    name = vocab.curie(str(term), CURIE_MAP)
    if name is None:
        raise ValueError(f"no prefix for {term}")
    return name


def english(graph: Graph, node: URIRef) -> str:
    for predicate in (SKOS.prefLabel, RDFS.label):
        for label in graph.objects(node, predicate):
            if isinstance(label, Literal) and label.language == "en":
                return str(label)
    return ""


def axiom(graph: Graph, s: URIRef, p: URIRef, o: URIRef) -> URIRef | None:
    for node in graph.subjects(OWL.annotatedSource, s):
        if (node, OWL.annotatedProperty, p) in graph and (node, OWL.annotatedTarget, o) in graph:
            return node  # type: ignore[return-value]
    return None


def annotation(graph: Graph, node: URIRef | None, name: str) -> str:
    """An sssom: annotation of a link's owl:Axiom, or "" when there is none."""
    if node is None:
        return ""
    return str(graph.value(node, URIRef(SSSOM + name)) or "")


def instance_links(graph: Graph) -> Table:
    rows = []
    for p in MAPPING_PREDICATES:
        for s, o in graph.subject_objects(p):
            if not str(s).startswith(CURIE_MAP["isecgid"]):
                continue
            node = axiom(graph, s, p, o)
            justification = annotation(graph, node, "mapping_justification")
            rows.append(
                {
                    "subject_id": curie(s),
                    "subject_label": english(graph, s),
                    "predicate_id": curie(p),
                    "object_id": curie(o),
                    "object_label": english(graph, o),
                    "mapping_justification": curie(URIRef(justification)) if justification else "",
                    "confidence": annotation(graph, node, "confidence"),
                    "comment": str(graph.value(node, SKOS.note) or "") if node is not None else "",
                }
            )
    rows.sort(key=lambda r: (r["subject_id"], r["predicate_id"], r["object_id"]))
    return Table(
        "instance-links",
        "Links of isecg-kg instances to Wikidata, ROR, NASA GCMD keywords, the NASA "
        "Technology Taxonomy 2020 and the Unified Astronomy Thesaurus.",
        rows,
    )


def ontology_alignments(alignments: Graph) -> Table:
    rows = []
    namespace = CURIE_MAP["isecg"]
    for p in ALIGNMENT_PREDICATES:
        for s, o in alignments.subject_objects(p):
            if str(s).startswith(namespace) and isinstance(o, URIRef):
                rows.append(
                    {
                        "subject_id": curie(s),
                        "subject_label": "",
                        "predicate_id": curie(p),
                        "object_id": curie(o),
                        "object_label": "",
                        "mapping_justification": "semapv:ManualMappingCuration",
                        "confidence": "",
                        "comment": "",
                    }
                )
    for s, reason in alignments.subject_objects(NO_COUNTERPART):
        rows.append(
            {
                "subject_id": curie(s),
                "subject_label": "",
                "predicate_id": "skos:exactMatch",
                "object_id": "sssom:NoTermFound",
                "object_label": "",
                "mapping_justification": "semapv:ManualMappingCuration",
                "confidence": "",
                "comment": str(reason),
            }
        )
    rows.sort(key=lambda r: (r["subject_id"], r["predicate_id"], r["object_id"]))
    return Table(
        "ontology-alignments",
        "Alignments of the isecg-kg ontology to W3C ORG, SKOS, PROV-O, OWL-Time, QUDT, "
        "schema.org, the DBpedia ontology, NASA SLSO, SWEET and NASA GCMD keywords.",
        rows,
    )


def tables() -> list[Table]:
    graph = parse_files(resources.graph_files())  # links, with the labels of what they link
    alignments = parse_files([resources.rdf_root() / "ontology" / "alignments.ttl"])
    return [instance_links(graph), ontology_alignments(alignments)]
