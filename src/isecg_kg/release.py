"""Release artefacts: the graph in four formats, the inferred graph, the SSSOM tables, a VoID and
DCAT description with triple counts and SHA-256 checksums, and the static site."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from isecg_kg import __version__, resources
from isecg_kg.export import EXTENSIONS, Outputs, jsonld_context, serialize
from isecg_kg.load import new_graph, packaged_graph
from isecg_kg.mappings import describe_linksets
from isecg_kg.pipeline import inferred_graph
from isecg_kg.reason import reason

VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DATASET = URIRef("https://w3id.org/isecg-kg/dataset")
RELEASES = "https://w3id.org/isecg-kg/releases/"
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
MEDIA = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".tsv": "text/tab-separated-values",
}


def release(output: Path) -> list[Path]:
    outputs = Outputs(output)  # an unwritable folder fails now, not after the work
    graph = packaged_graph()
    inferred = inferred_graph(reason(graph).inferred)
    put, written = outputs.put, outputs.written

    for fmt, extension in EXTENSIONS.items():
        put(f"isecg-kg-{__version__}{extension}", serialize(graph, fmt))
    put(f"isecg-kg-{__version__}-inferred.ttl", serialize(inferred, "ttl"))
    put("context.jsonld", (json.dumps(jsonld_context(), indent=2) + "\n").encode("utf-8"))
    for table in resources.mapping_files():
        put(table.name, table.read_bytes())
    put("void.ttl", serialize(description(graph, inferred, written), "ttl"))
    from isecg_kg.site import build_site

    written += build_site(output / "site")
    return written


def description(graph: Graph, inferred: Graph, files: list[Path]) -> Graph:
    """VoID + DCAT: the dataset, its counts, and one distribution per file with its checksum."""
    d = new_graph()
    d.bind("void", VOID)
    d.bind("spdx", SPDX)
    # Title, description, licence and the like: from data/dataset.ttl, part of the graph.
    for predicate, value in graph.predicate_objects(DATASET):
        d.add((DATASET, predicate, value))
    d.add((DATASET, DCTERMS.hasVersion, Literal(__version__)))
    d.add((DATASET, VOID.triples, Literal(len(graph), datatype=XSD.integer)))
    d.add(
        (
            DATASET,
            VOID.entities,
            Literal(
                len(
                    {
                        s
                        for s in graph.subjects(RDF.type, None)
                        if str(s).startswith("https://w3id.org/isecg-kg/id/")
                    }
                ),
                datatype=XSD.integer,
            ),
        )
    )
    d.add(
        (
            DATASET,
            VOID.classes,
            Literal(len(set(graph.objects(None, RDF.type))), datatype=XSD.integer),
        )
    )
    d.add((DATASET, VOID.uriSpace, Literal("https://w3id.org/isecg-kg/id/")))
    d.add((DATASET, VOID.vocabulary, URIRef("https://w3id.org/isecg-kg/ontology#")))
    inferred_set = URIRef(str(DATASET) + "/inferred")
    d.add((DATASET, VOID.subset, inferred_set))
    d.add((inferred_set, RDF.type, VOID.Dataset))
    d.add((inferred_set, VOID.triples, Literal(len(inferred), datatype=XSD.integer)))
    describe_linksets(d, DATASET, graph)  # one void:Linkset per target and link predicate
    for path in files:
        distribution = URIRef(f"{DATASET}/{path.name}")
        content = path.read_bytes()
        d.add((DATASET, DCAT.distribution, distribution))
        d.add((distribution, RDF.type, DCAT.Distribution))
        d.add((distribution, DCAT.downloadURL, URIRef(f"{RELEASES}{__version__}/{path.name}")))
        d.add((distribution, DCAT.byteSize, Literal(len(content), datatype=XSD.nonNegativeInteger)))
        if path.suffix in MEDIA:
            d.add(
                (
                    distribution,
                    DCAT.mediaType,
                    URIRef(f"https://www.iana.org/assignments/media-types/{MEDIA[path.suffix]}"),
                )
            )
        checksum = BNode()
        d.add((distribution, SPDX.checksum, checksum))
        d.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        d.add(
            (
                checksum,
                SPDX.checksumValue,
                Literal(hashlib.sha256(content).hexdigest(), datatype=XSD.hexBinary),
            )
        )
    return d
