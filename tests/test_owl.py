"""OWL tools accept the release: the OWL API's OWL 2 DL profile check (Debian's libowlapi-java)
finds no violation in the ontology, the data (with its import read locally) or the full graph,
and HermiT (the jar owlready2 ships) finds the full graph consistent with no unsatisfiable class,
run with its plain command line (tests/test_offline_release.py runs it and Pellet through owlready2
on the release files). A graph that uses xsd:gYear as a data value is caught."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, XSD

from isecg_kg import resources
from isecg_kg.export import serialize
from isecg_kg.load import parse_files
from isecg_kg.owl_dl import declarations
from isecg_kg.release import ONTOLOGY, _without_headers, part_graphs, version_iri

HERE = Path(__file__).resolve().parent
JAVA = shutil.which("java")
JARS = Path("/usr/share/java")
# The OWL API and what it needs at run time, as Debian installs them.
OWLAPI = [
    "owlapi-distribution",
    "atinject-jsr330-api",
    "caffeine",
    "commons-codec",
    "commons-io",
    "commons-rdf-api",
    "guava",
    "slf4j-api",
    "slf4j-nop",
    "xz",
    "jsr305",
    "hppcrt",
    "guice",
    "aopalliance",
]

pytestmark = pytest.mark.jvm  # every test runs Java (the OWL API or HermiT)

needs_owlapi = pytest.mark.skipif(
    JAVA is None or not (JARS / "owlapi-distribution.jar").exists(),
    reason="Java and Debian's libowlapi-java are needed for the OWL 2 DL profile check",
)


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release's ontology, data and full graph as RDF/XML (what Protégé reads)."""
    folder = tmp_path_factory.mktemp("owl")
    ontology = _without_headers(parse_files(resources.ontology_files()), keep=ONTOLOGY)
    graphs = part_graphs(ontology)
    for name in ("ontology", "data", "kg"):
        (folder / f"{name}.rdf").write_bytes(serialize(graphs[name], "xml"))
    return folder


Check = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def profile_check(tmp_path_factory: pytest.TempPathFactory) -> Check:
    """ProfileCheck.java compiled once by javac (a `java ProfileCheck.java` run compiles it each
    time); Java's source launcher where there is no javac. Call it with FILE [IRI=FILE ...]."""
    classpath = ":".join(
        str(JARS / f"{jar}.jar") for jar in OWLAPI if (JARS / f"{jar}.jar").exists()
    )
    source = str(HERE / "owl" / "ProfileCheck.java")
    program = [JAVA or "java", "-cp", classpath, source]
    javac = shutil.which("javac")
    if javac:
        classes = tmp_path_factory.mktemp("profile-check")
        compiled = subprocess.run(
            [javac, "-d", str(classes), "-cp", classpath, source],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert compiled.returncode == 0, compiled.stderr[-3000:]
        program = [JAVA or "java", "-cp", f"{classes}:{classpath}", "ProfileCheck"]

    def check(path: Path, *mappings: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*program, str(path), *mappings],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )

    return check


@needs_owlapi
def test_release_is_in_owl2_dl(released: Path, profile_check: Check) -> None:
    for name in ("kg", "ontology"):
        done = profile_check(released / f"{name}.rdf")
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
        assert "0 violation(s) of OWL 2 DL" in done.stdout
    # the data file imports the ontology's version IRI, read from the local file
    mapping = f"{version_iri('ontology')}={released / 'ontology.rdf'}"
    done = profile_check(released / "data.rdf", mapping)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


@needs_owlapi
def test_profile_check_catches_a_year_as_data_and_an_undeclared_term(
    tmp_path: Path, profile_check: Check
) -> None:
    """The failing example: the datatype and declaration faults the release used to have."""
    graph = Graph()
    ontology = URIRef("https://example.org/bad")
    graph.add((ontology, RDF.type, OWL.Ontology))
    founded = URIRef("https://example.org/bad#founded")
    graph.add((founded, RDF.type, OWL.DatatypeProperty))
    thing = URIRef("https://example.org/bad#x")
    graph.add((thing, founded, Literal("2007", datatype=XSD.gYear)))
    graph.add((thing, URIRef("http://www.w3.org/ns/org#memberOf"), URIRef("https://example.org/g")))
    (tmp_path / "bad.rdf").write_bytes(serialize(graph, "xml"))
    done = profile_check(tmp_path / "bad.rdf")
    assert done.returncode == 1
    assert "Use of undeclared datatype: xsd:gYear" in done.stdout
    assert (
        "Use of undeclared" in done.stdout and "<http://www.w3.org/ns/org#memberOf>" in done.stdout
    )
    # and the declarations this project adds fix the second but never hide the first
    graph += declarations(graph)
    (tmp_path / "declared.rdf").write_bytes(serialize(graph, "xml"))
    done = profile_check(tmp_path / "declared.rdf")
    assert "org#memberOf" not in done.stdout
    assert "xsd:gYear" in done.stdout


def hermit_jar() -> Path | None:
    try:
        import owlready2
    except ImportError:
        return None
    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    return jar if jar.exists() else None


@pytest.mark.skipif(JAVA is None or hermit_jar() is None, reason="needs Java and owlready2")
def test_hermit_reasons_over_ontology_and_data(released: Path) -> None:
    command = [JAVA or "java", "-cp", str(hermit_jar()), "org.semanticweb.HermiT.cli.CommandLine"]
    iri = (released / "kg.rdf").as_uri()
    consistent = subprocess.run(
        [*command, "-k", iri], capture_output=True, text=True, check=False, timeout=600
    )
    assert consistent.returncode == 0, consistent.stderr[-3000:]
    assert "owl#Thing is satisfiable" in consistent.stdout
    unsatisfiable = subprocess.run(
        [*command, "-U", iri], capture_output=True, text=True, check=False, timeout=600
    )
    assert unsatisfiable.returncode == 0, unsatisfiable.stderr[-3000:]
    listed = [line.strip() for line in unsatisfiable.stdout.splitlines()[1:] if line.strip()]
    assert listed == ["owl:Nothing"]
