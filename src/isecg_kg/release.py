"""Release artefacts, as an ontology project ships them: the ontology alone, the data, the links,
the shapes and the full merged graph (each with one owl:Ontology header, owl:imports where it
builds on another) in four RDF formats; the inferred graph; a JSON-LD context with term
definitions; the SSSOM tables; VoID/DCAT; the wheel and sdist; SHA256SUMS; and the site.

Built twice from the same sources, every file is byte-identical: blank nodes are relabelled
canonically and every serialisation is ordered."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, XSD

from isecg_kg import __version__, resources
from isecg_kg.entity_documents import instances
from isecg_kg.errors import InputError
from isecg_kg.export import EXTENSIONS, Outputs, canonical, serialize
from isecg_kg.jsonld import term_context, to_jsonld
from isecg_kg.load import new_graph, packaged_graph, parse_files
from isecg_kg.mappings import describe_linksets
from isecg_kg.owl_dl import declarations
from isecg_kg.pipeline import bound
from isecg_kg.reason import reason
from isecg_kg.safe_paths import entity_stems

VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
SH = Namespace("http://www.w3.org/ns/shacl#")
BASE = "https://w3id.org/isecg-kg/"
ONTOLOGY = URIRef(BASE + "ontology")
DATASET = URIRef(BASE + "dataset")
RELEASES = BASE + "releases/"
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
MEDIA = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".tsv": "text/tab-separated-values",
    ".whl": "application/zip",
    ".gz": "application/gzip",
    ".md": "text/markdown",
}
# The engines' W3C conformance tables (scripts/conformance.py writes them into docs/).
CONFORMANCE = ("conformance.md", "conformance.ttl")
# Header metadata every part copies from the ontology's own header.
SHARED_METADATA = (
    DCTERMS.license,
    DCTERMS.creator,
    DCTERMS.contributor,
    DCTERMS.publisher,
    DCTERMS.issued,
    DCTERMS.modified,
    DCTERMS.bibliographicCitation,
)
# Instances that VoID names as examples (each must exist in the graph; a test checks).
EXAMPLES = ("agency/jaxa", "technology/precision-landing", "group/isecg", "section/seed-3")


@dataclass(frozen=True)
class Part:
    """One released graph: its ontology IRI path, file stem, titles and what it imports."""

    path: str
    stem: str
    en: str
    ja: str
    imports: tuple[str, ...]
    files: Callable[[], list[Path]]


PARTS = (
    Part(
        "ontology",
        "isecg-kg-ontology",
        "isecg-kg ontology (TBox, vocabularies and alignments)",
        "isecg-kg オントロジー（TBox・語彙・対応付け）",
        (),
        resources.ontology_files,
    ),
    Part(
        "data",
        "isecg-kg-data",
        "isecg-kg data (instances)",
        "isecg-kg データ（インスタンス）",
        ("ontology",),
        resources.data_files,
    ),
    Part(
        "links",
        "isecg-kg-links",
        "isecg-kg links out (Wikidata, NASA Technology Taxonomy)",
        "isecg-kg 外部リンク（Wikidata、NASA技術分類）",
        ("data",),
        resources.link_files,
    ),
    Part(
        "shapes",
        "isecg-kg-shapes",
        "isecg-kg SHACL shapes",
        "isecg-kg SHACLシェイプ",
        ("ontology",),
        resources.shape_files,
    ),
    Part(
        "kg",
        "isecg-kg",
        "isecg-kg: the full graph (ontology, data and links)",
        "isecg-kg：全グラフ（オントロジー・データ・リンク）",
        (),
        resources.graph_files,
    ),
)


def part_iri(path: str) -> URIRef:
    return URIRef(BASE + path)


def version_iri(path: str) -> URIRef:
    """Versioned IRIs and download URLs share one path scheme, mapped by w3id/.htaccess:
    …/<part>/<version> -> …/releases/<version>/<file>."""
    return URIRef(f"{BASE}{path}/{__version__}")


def download_url(name: str) -> URIRef:
    return URIRef(f"{RELEASES}{__version__}/{name}")


def release(output: Path, previous: Path | None = None, engines: str | None = None) -> list[Path]:
    """Every artefact into `output`; with `previous` (an earlier release's folder), each part's
    header gains owl:priorVersion and CHANGES.md says what changed since (`isecg-kg diff`).
    `engines` names the engine set (the registry's default otherwise): the files are the same
    for both sets."""
    from isecg_kg.engine_registry import choose

    # A bad entity IRI (its site files would leave the folder) is refused before any work.
    entity_stems(map(str, instances(packaged_graph())))
    prior = prior_versions(previous) if previous is not None else {}
    outputs = Outputs(output)  # an unwritable folder fails now, not after the work
    put, written = outputs.put, outputs.written
    ontology = _without_headers(parse_files(resources.ontology_files()), keep=ONTOLOGY)
    context = term_context(ontology)
    graphs = part_graphs(ontology)
    for path, version in prior.items():
        graphs[path].add((part_iri(path), OWL.priorVersion, version))
    if previous is not None:
        from isecg_kg.diff import diff, markdown, read_version

        changes = diff(
            read_version(previous), graphs["kg"], str(prior["kg"]), str(version_iri("kg"))
        )
        put("CHANGES.md", markdown(changes).encode("utf-8"))
    full_graph_written: list[tuple[str, bytes]] = []
    for part in PARTS:
        for name, content in part_files(part, graphs[part.path], context):
            put(name, content)
            if part.path == "kg":
                full_graph_written.append((name, content))
    full = graphs["kg"]
    inferred = bound(reason(full, "owlrl", choose("reason", engines)).inferred)
    inferred.add((part_iri("kg/inferred"), RDF.type, OWL.Ontology))
    inferred.add((part_iri("kg/inferred"), OWL.imports, version_iri("kg")))
    put("isecg-kg-inferred.ttl", serialize(canonical(inferred), "ttl"))
    put(CATALOG, catalog())
    put("context.jsonld", (json.dumps(context, indent=2, sort_keys=True) + "\n").encode())
    for table in resources.mapping_files():
        put(table.name, table.read_bytes())
    root = resources.repository_root()
    for name in CONFORMANCE if root is not None else ():
        if (root / "docs" / name).is_file():
            put(name, (root / "docs" / name).read_bytes())
    for name, content in packages():
        put(name, content)
    void = canonical(description(full, inferred, written))
    for fmt, extension in EXTENSIONS.items():
        content = to_jsonld(void, context) if fmt == "jsonld" else serialize(void, fmt)
        put("void" + extension, content)
    put("SHA256SUMS", checksums(written))
    from isecg_kg.site import build_site

    site = build_site(output / "site", engines, full_graph=full_graph_written)
    _publishable(written + site)
    return written + site


def prior_versions(previous: Path) -> dict[str, URIRef]:
    """The version IRI of each part in an earlier release's folder, read from its header."""
    found = {}
    for part in PARTS:
        path = previous / (part.stem + EXTENSIONS["ttl"])
        if not path.is_file():
            raise InputError(f"{previous}: not a release folder ({path.name} is missing)")
        version = parse_files([path]).value(part_iri(part.path), OWL.versionIRI)
        if not isinstance(version, URIRef):
            raise InputError(f"{path}: the header of {part_iri(part.path)} has no owl:versionIRI")
        if version == version_iri(part.path):
            raise InputError(f"{previous}: that release has this version ({__version__}) already")
        found[part.path] = version
    return found


CATALOG = "catalog-v001.xml"


def catalog() -> bytes:
    """An OASIS XML catalog, as Protégé and the OWL API read it (and ODK releases ship it): every
    part's IRI and version IRI mapped to its RDF/XML file beside it, so that the parts' owl:imports
    resolve offline."""
    from xml.sax.saxutils import quoteattr

    lines = [
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
        '<catalog prefer="public" xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">',
    ]
    for part in PARTS:
        local = part.stem + EXTENSIONS["xml"]
        for iri in (part_iri(part.path), version_iri(part.path)):
            lines.append(f"    <uri name={quoteattr(str(iri))} uri={quoteattr(local)}/>")
    lines.append("</catalog>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def part_files(part: Part, graph: Graph, context: dict[str, Any]) -> list[tuple[str, bytes]]:
    """The part's files, one per RDF format: (file name, content)."""
    return [
        (
            part.stem + extension,
            to_jsonld(graph, context) if fmt == "jsonld" else serialize(graph, fmt),
        )
        for fmt, extension in EXTENSIONS.items()
    ]


def full_graph_files() -> list[tuple[str, bytes]]:
    """The full graph's files exactly as the release writes them (isecg-kg.ttl, .nt, .jsonld,
    .rdf): what the site offers for download, so there is one full graph, not two."""
    ontology = _without_headers(parse_files(resources.ontology_files()), keep=ONTOLOGY)
    graphs = part_graphs(ontology, only=("ontology", "kg"))
    (full,) = (part for part in PARTS if part.path == "kg")
    return part_files(full, graphs["kg"], term_context(ontology))


def part_graphs(ontology: Graph, only: Iterable[str] | None = None) -> dict[str, Graph]:
    """Every released graph by its path (or those in `only`, which must hold the ontology and
    the full graph); the external terms the graph uses are declared in the ontology (and so in
    the full graph), which keeps the release in OWL 2 DL."""
    wanted = None if only is None else set(only)
    graphs = {
        part.path: part_graph(part, ontology)
        for part in PARTS
        if wanted is None or part.path in wanted
    }
    declared = declarations(graphs["kg"] + graphs["ontology"])
    graphs["ontology"] = canonical(graphs["ontology"] + declared)
    graphs["kg"] = canonical(graphs["kg"] + declared)
    return graphs


def part_graph(part: Part, ontology: Graph) -> Graph:
    """The part's triples with exactly one owl:Ontology header (the ontology keeps its own)."""
    if part.path == "ontology":
        graph = ontology
    else:
        graph = _without_headers(parse_files(part.files()), keep=None)
        header = part_iri(part.path)
        graph.add((header, RDF.type, OWL.Ontology))
        graph.add((header, OWL.versionIRI, version_iri(part.path)))
        graph.add((header, OWL.versionInfo, Literal(__version__)))
        graph.add((header, DCTERMS.title, Literal(part.en, lang="en")))
        graph.add((header, DCTERMS.title, Literal(part.ja, lang="ja")))
        graph.add((header, RDFS.label, Literal(part.en, lang="en")))
        graph.add((header, RDFS.label, Literal(part.ja, lang="ja")))
        for predicate in SHARED_METADATA:
            for value in ontology.objects(ONTOLOGY, predicate):
                graph.add((header, predicate, value))
        for imported in part.imports:
            graph.add((header, OWL.imports, version_iri(imported)))
    return canonical(graph)


def _without_headers(graph: Graph, keep: URIRef | None) -> Graph:
    """Drop every owl:Ontology header but `keep`; shapes keep their SHACL prefix declarations."""
    for header in set(graph.subjects(RDF.type, OWL.Ontology)):
        if header == keep:
            continue
        for predicate, value in list(graph.predicate_objects(header)):
            if predicate != SH.declare:
                graph.remove((header, predicate, value))
    return graph


def packages(root: Path | None = None) -> Iterable[tuple[str, bytes]]:
    """The wheel and sdist, built by hatchling without network access from a copy of the files
    git tracks in the clone (hatchling builds reproducibly: fixed timestamps unless
    SOURCE_DATE_EPOCH says otherwise). hatchling itself packs whatever lies in the folders, so an
    untracked file in data/ went into both; such a file is now refused, by name."""
    root = root or resources.repository_root()
    if root is None:
        raise InputError("the release builds the wheel and sdist, so it runs from a clone")
    untracked = _git_files(root, "--others", "--exclude-standard", "--", *resources.FOLDERS)
    if untracked:
        shown = ", ".join(untracked[:5]) + (
            f" and {len(untracked) - 5} more" if len(untracked) > 5 else ""
        )
        raise InputError(
            f"the release packs only what git tracks; untracked: {shown} (git add or remove them)"
        )
    with (
        tempfile.TemporaryDirectory(prefix="isecg-kg-dist-") as folder,
        tempfile.TemporaryDirectory(prefix="isecg-kg-tree-") as tree,
    ):
        for name in _git_files(root, "--cached"):
            source, target = root / name, Path(tree) / name
            if source.is_file():  # a tracked file deleted in the clone is left out
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        done = subprocess.run(
            [sys.executable, "-m", "hatchling", "build", "-d", folder],
            cwd=tree,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise InputError(
                f"cannot build the wheel and sdist (is hatchling installed?): {detail[0]}"
            )
        for path in sorted(Path(folder).iterdir()):
            yield path.name, path.read_bytes()


def _git_files(root: Path, *arguments: str) -> list[str]:
    """Paths that `git ls-files` lists in the clone (relative to it), or an InputError."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", *arguments],
            capture_output=True,
            check=False,
        )
    except OSError:
        raise InputError("the release needs git, to pack only the files git tracks") from None
    if done.returncode != 0:
        raise InputError(f"{root}: not a git clone; the release packs only what git tracks")
    return sorted(name for name in done.stdout.decode("utf-8", "replace").split("\0") if name)


def checksums(files: Iterable[Path]) -> bytes:
    """In the format `sha256sum -c SHA256SUMS` verifies, one line per file, sorted by name."""
    lines = sorted(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in files)
    return "".join(lines).encode("utf-8")


def _publishable(paths: Iterable[Path]) -> None:
    """Files readable by the web server's user: 0666 less the umask (0644 by default)."""
    mask = os.umask(0)
    os.umask(mask)
    for path in paths:
        path.chmod(0o666 & ~mask)


def description(graph: Graph, inferred: Graph, files: list[Path]) -> Graph:
    """VoID + DCAT: the dataset, its counts, dumps, examples, linksets, and one distribution per
    file with its size and checksum."""
    d = new_graph()
    d.bind("void", VOID)
    d.bind("spdx", SPDX)
    # Title, description, licence and the like: from data/dataset.ttl, part of the graph;
    # dates, publisher and citation from the release's header.
    for predicate, value in graph.predicate_objects(DATASET):
        d.add((DATASET, predicate, value))
    for predicate in SHARED_METADATA:
        if (DATASET, predicate, None) not in graph:
            for value in graph.objects(part_iri("kg"), predicate):
                d.add((DATASET, predicate, value))
    d.add((DATASET, DCTERMS.hasVersion, Literal(__version__)))
    d.add((DATASET, OWL.versionIRI, version_iri("kg")))
    d.add((DATASET, VOID.triples, Literal(len(graph), datatype=XSD.integer)))
    instances = {s for s in graph.subjects(RDF.type, None) if str(s).startswith(BASE + "id/")}
    d.add((DATASET, VOID.entities, Literal(len(instances), datatype=XSD.integer)))
    classes = len(set(graph.objects(None, RDF.type)))
    d.add((DATASET, VOID.classes, Literal(classes, datatype=XSD.integer)))
    d.add((DATASET, VOID.uriSpace, Literal(BASE + "id/")))
    d.add((DATASET, VOID.vocabulary, URIRef(BASE + "ontology#")))
    d.add((DATASET, VOID.rootResource, URIRef(BASE + "id/group/isecg")))
    for example in EXAMPLES:
        d.add((DATASET, VOID.exampleResource, URIRef(BASE + "id/" + example)))
    for extension in EXTENSIONS.values():
        d.add((DATASET, VOID.dataDump, download_url("isecg-kg" + extension)))
    inferred_set = URIRef(str(DATASET) + "/inferred")
    d.add((DATASET, VOID.subset, inferred_set))
    d.add((inferred_set, RDF.type, VOID.Dataset))
    d.add((inferred_set, VOID.triples, Literal(len(inferred), datatype=XSD.integer)))
    d.add((inferred_set, VOID.dataDump, download_url("isecg-kg-inferred.ttl")))
    describe_linksets(d, DATASET, graph)  # one void:Linkset per target and link predicate (#14)
    for path in files:
        distribution = URIRef(f"{DATASET}/{path.name}")
        content = path.read_bytes()
        d.add((DATASET, DCAT.distribution, distribution))
        d.add((distribution, RDF.type, DCAT.Distribution))
        d.add((distribution, DCTERMS.title, Literal(path.name)))
        d.add((distribution, DCAT.downloadURL, download_url(path.name)))
        d.add((distribution, DCAT.byteSize, Literal(len(content), datatype=XSD.nonNegativeInteger)))
        if path.suffix in MEDIA:
            media = f"https://www.iana.org/assignments/media-types/{MEDIA[path.suffix]}"
            d.add((distribution, DCAT.mediaType, URIRef(media)))
        checksum = BNode()
        d.add((distribution, SPDX.checksum, checksum))
        d.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        digest = hashlib.sha256(content).hexdigest()
        d.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))
    return d
