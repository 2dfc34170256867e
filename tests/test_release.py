"""The release: one header per part with its imports, checksums that sha256sum verifies, the wheel
and sdist, VoID/DCAT, a JSON-LD context that an independent processor (pyld) reads back to the
same graph, files readable by others, and the same bytes when built again in another process."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF

from graph_equality import same_graph
from isecg_kg import __version__
from isecg_kg.release import DATASET, PARTS, SPDX, VOID, download_url, version_iri

RDF_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml"}


@pytest.fixture(scope="module")
def built(released: tuple[Path, list[Path]]) -> tuple[Path, list[Path]]:
    return released  # one release for the run (tests/conftest.py), shared with test_resolution


def test_every_part_has_one_header_and_its_imports(built: tuple[Path, list[Path]]) -> None:
    folder, _ = built
    expected_imports = {
        "ontology": set(),
        "data": {version_iri("ontology")},
        "links": {version_iri("data")},
        "shapes": {version_iri("ontology")},
        "kg": set(),
    }
    for part in PARTS:
        for extension, fmt in RDF_FORMATS.items():
            graph = Graph().parse(folder / (part.stem + extension), format=fmt)
            headers = set(graph.subjects(RDF.type, OWL.Ontology))
            assert headers == {URIRef("https://w3id.org/isecg-kg/" + part.path)}, part.stem
            header = headers.pop()
            assert graph.value(header, OWL.versionIRI) == version_iri(part.path)
            assert set(graph.objects(header, OWL.imports)) == expected_imports[part.path]
    ontology = Graph().parse(folder / "isecg-kg-ontology.ttl")
    data = Graph().parse(folder / "isecg-kg-data.ttl")
    full = Graph().parse(folder / "isecg-kg.ttl")
    ns = "https://w3id.org/isecg-kg/"
    # the ontology file holds no instance, the data file no class definition
    assert not [s for s in ontology.subjects(RDF.type, None) if str(s).startswith(ns + "id/")]
    assert not list(data.subjects(RDF.type, OWL.Class))
    assert (URIRef(ns + "id/agency/jaxa"), RDF.type, None) in full


def test_the_sites_downloads_are_the_releases_full_graph(built: tuple[Path, list[Path]]) -> None:
    """One full graph (#23): the site offers the release's files byte for byte, each with the
    one owl:Ontology header of the full graph, not a second serialisation of the build graph."""
    folder, _ = built
    for extension, fmt in RDF_FORMATS.items():
        offered = folder / "site" / "downloads" / f"isecg-kg{extension}"
        assert offered.read_bytes() == (folder / f"isecg-kg{extension}").read_bytes(), extension
        graph = Graph().parse(offered, format=fmt)
        assert set(graph.subjects(RDF.type, OWL.Ontology)) == {
            URIRef("https://w3id.org/isecg-kg/kg")
        }, extension
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    triples = len(Graph().parse(folder / "isecg-kg.nt", format="nt"))
    assert f"<strong>{triples}</strong>" in home  # the count on the home page is the download's


def test_checksums_verify_with_sha256sum(built: tuple[Path, list[Path]]) -> None:
    folder, _ = built
    listed = (folder / "SHA256SUMS").read_text().splitlines()
    names = {line.split("  ", 1)[1] for line in listed}
    expected = {p.stem + ext for p in PARTS for ext in RDF_FORMATS} | {
        "isecg-kg-inferred.ttl",
        "context.jsonld",
        "catalog-v001.xml",
        "CHANGES.md",
        "instance-links.sssom.tsv",
        "ontology-alignments.sssom.tsv",
        "conformance.md",
        "conformance.ttl",
        "void.ttl",
        "void.nt",
        "void.jsonld",
        "void.rdf",
        f"isecg_kg-{__version__}-py3-none-any.whl",
        f"isecg_kg-{__version__}.tar.gz",
    }
    assert names == expected
    done = subprocess.run(
        ["sha256sum", "--strict", "-c", "SHA256SUMS"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK") == len(expected)


def test_wheel_carries_the_graph(built: tuple[Path, list[Path]]) -> None:
    folder, _ = built
    with zipfile.ZipFile(folder / f"isecg_kg-{__version__}-py3-none-any.whl") as wheel:
        names = set(wheel.namelist())
    assert "isecg_kg/_rdf/ontology/isecg.ttl" in names
    assert "isecg_kg/release.py" in names


def test_void_describes_dumps_examples_and_every_file(built: tuple[Path, list[Path]]) -> None:
    folder, _ = built
    void = Graph().parse(folder / "void.ttl")
    full = Graph().parse(folder / "isecg-kg.nt", format="nt")
    assert int(void.value(DATASET, VOID.triples)) == len(full)
    dumps = {str(d).rsplit("/", 1)[1] for d in void.objects(DATASET, VOID.dataDump)}
    assert dumps == {"isecg-kg" + ext for ext in RDF_FORMATS}
    for example in void.objects(DATASET, VOID.exampleResource):
        assert (example, RDF.type, None) in full, example
    assert len(set(void.objects(DATASET, VOID.exampleResource))) >= 3
    assert void.value(DATASET, DCTERMS.issued) is not None
    distributions = set(void.objects(DATASET, DCAT.distribution))
    # every file written before the VoID files, so everything in SHA256SUMS but those four
    assert len(distributions) == len((folder / "SHA256SUMS").read_text().splitlines()) - 4
    for distribution in distributions:
        url = str(void.value(distribution, DCAT.downloadURL))
        name = url.rsplit("/", 1)[1]
        assert URIRef(url) == download_url(name)
        checksum = void.value(void.value(distribution, SPDX.checksum), SPDX.checksumValue)
        assert str(checksum) == hashlib.sha256((folder / name).read_bytes()).hexdigest()


def test_jsonld_reads_as_json_and_round_trips_through_pyld(built: tuple[Path, list[Path]]) -> None:
    pyld = pytest.importorskip("pyld.jsonld")
    folder, _ = built
    for stem in ("isecg-kg-data", "isecg-kg-ontology", "isecg-kg"):
        document = json.loads((folder / f"{stem}.jsonld").read_text())
        # an independent processor turns it back into the same RDF graph
        nquads = pyld.to_rdf(document, {"format": "application/n-quads"})
        again = Graph().parse(data=nquads, format="nt")
        original = Graph().parse(folder / f"{stem}.nt", format="nt")
        assert same_graph(again, original), stem
        # and so does rdflib's parser
        assert same_graph(Graph().parse(folder / f"{stem}.jsonld", format="json-ld"), original)
    document = json.loads((folder / "isecg-kg-data.jsonld").read_text())
    jaxa = next(n for n in document["@graph"] if n["@id"] == "isecgid:agency/jaxa")
    # short names and plain values: it reads as JSON
    assert jaxa["@type"] == "SpaceAgency"
    assert jaxa["countryOrRegion"] == "isecgid:country/japan"
    assert jaxa["acronym"] == "JAXA"
    context = json.loads((folder / "context.jsonld").read_text())["@context"]
    assert context == document["@context"]


def test_files_are_readable_by_others(built: tuple[Path, list[Path]]) -> None:
    _, written = built
    mask = os.umask(0)
    os.umask(mask)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path


def test_rdfxml_parses_with_rapper(built: tuple[Path, list[Path]]) -> None:
    if not shutil.which("rapper"):
        pytest.skip("rapper (raptor2-utils) not installed")
    folder, _ = built
    for part in PARTS:
        done = subprocess.run(
            ["rapper", "-q", "-c", "-i", "rdfxml", str(folder / f"{part.stem}.rdf")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr


def test_built_twice_is_byte_identical(built: tuple[Path, list[Path]], tmp_path: Path) -> None:
    """Again in another process, with another hash seed (set and dict order) and no parse cache
    (blank nodes named anew): every file, the site's included, has the same bytes."""
    folder, _ = built
    env = dict(os.environ, PYTHONHASHSEED="12345", ISECG_KG_NO_CACHE="1")
    again = tmp_path / "again"
    code = "import sys; from pathlib import Path; from isecg_kg.release import release; "
    code += "release(Path(sys.argv[1]), previous=Path(sys.argv[2]))"
    previous = folder.parent / "previous-release"  # what conftest built the release against
    subprocess.run([sys.executable, "-c", code, str(again), str(previous)], env=env, check=True)

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    first, second = files(folder), files(again)
    assert sorted(first) == sorted(second)
    assert len([name for name in first if name.startswith("site/")]) > 1000
    assert [name for name in sorted(first) if first[name] != second[name]] == []


def test_header_literal_is_copied_to_every_part(built: tuple[Path, list[Path]]) -> None:
    folder, _ = built
    ontology = Graph().parse(folder / "isecg-kg-ontology.ttl")
    licence = ontology.value(URIRef("https://w3id.org/isecg-kg/ontology"), DCTERMS.license)
    assert licence == URIRef("https://creativecommons.org/licenses/by/4.0/")
    for part in PARTS:
        graph = Graph().parse(folder / f"{part.stem}.ttl")
        header = URIRef("https://w3id.org/isecg-kg/" + part.path)
        assert graph.value(header, DCTERMS.license) == licence
        assert graph.value(header, OWL.versionInfo) == Literal(__version__)


def test_ontology_header_has_fair_metadata() -> None:
    """Issued, modified, publisher, creator, licence, citation and preferred prefix, in the source
    ontology the release copies them from; version and version IRI agree with the package."""
    from isecg_kg import resources
    from isecg_kg.load import PREFIXES

    ontology = Graph().parse(resources.rdf_root() / "ontology" / "isecg.ttl")
    header = URIRef("https://w3id.org/isecg-kg/ontology")
    vann = "http://purl.org/vocab/vann/"
    for predicate in (
        DCTERMS.issued,
        DCTERMS.modified,
        DCTERMS.publisher,
        DCTERMS.creator,
        DCTERMS.license,
        DCTERMS.bibliographicCitation,
        DCTERMS.title,
        DCTERMS.description,
    ):
        assert ontology.value(header, predicate) is not None, predicate
    issued = ontology.value(header, DCTERMS.issued).toPython()
    assert ontology.value(header, DCTERMS.modified).toPython() >= issued
    assert str(ontology.value(header, URIRef(vann + "preferredNamespacePrefix"))) == "isecg"
    namespace = str(ontology.value(header, URIRef(vann + "preferredNamespaceUri")))
    assert namespace == PREFIXES["isecg"]
    assert ontology.value(header, OWL.versionInfo) == Literal(__version__)
    assert ontology.value(header, OWL.versionIRI) == version_iri("ontology")
    citation = str(ontology.value(header, DCTERMS.bibliographicCitation))
    assert __version__ in citation and str(version_iri("ontology")) in citation
    # the source the header names is in the graph
    source = ontology.value(header, DCTERMS.source)
    full = Graph().parse(resources.rdf_root() / "data" / "sources.ttl")
    assert (source, RDF.type, None) in full
