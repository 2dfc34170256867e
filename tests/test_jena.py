"""An engine nobody here wrote: Apache Jena (Debian's libapache-jena-java 4.5) gives the same
answers to every stored query and the same SHACL results on the graph and the failing examples.

Jena 4.5 as packaged by Debian starts only with the message resources of its relocated Xerces on
the class path (they ship under org/apache/jena/ext/ but are looked up under xerces/): they are
copied out of jena-core.jar. Jena's SHACL rejects a SPARQL constraint with two sh:message values
(ours have English and Japanese): for Jena only, each keeps its English message. Skipped where
Java or Jena is absent; .ci/run installs them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from isecg_kg import resources
from isecg_kg.engines import QueryResult
from isecg_kg.export import serialize
from isecg_kg.load import packaged_graph, shapes_graph
from isecg_kg.stored_queries import catalogue
from isecg_kg.validate import validate
from isecg_kg.vocab import shorten
from test_inference_modes import with_fixtures
from test_shapes import ALL

HERE = Path(__file__).resolve().parent
JARS = Path("/usr/share/java")
NEEDED = [
    "jena-arq",
    "jena-base",
    "jena-cmds",
    "jena-core",
    "jena-dboe-base",
    "jena-dboe-index",
    "jena-dboe-storage",
    "jena-dboe-trans-data",
    "jena-dboe-transaction",
    "jena-iri",
    "jena-rdfconnection",
    "jena-shacl",
    "jena-shex",
    "jena-tdb",
    "jena-tdb2",
    "caffeine",
    "commons-cli",
    "commons-codec",
    "commons-compress",
    "commons-csv",
    "commons-io",
    "commons-lang3",
    "dexx.collection",
    "gson",
    "guava",
    "httpclient",
    "httpcore",
    "jackson-annotations",
    "jackson-core",
    "jackson-databind",
    "jakarta.json-api",
    "jsonld-java",
    "protobuf",
    "slf4j-api",
    "thrift",
    "titanium-json-ld",
]
RESULTS = "--results=JSON"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

pytestmark = [
    pytest.mark.jvm,
    pytest.mark.skipif(
        shutil.which("java") is None or not (JARS / "jena-arq.jar").exists(),
        reason="Java and Debian's libapache-jena-java are needed",
    ),
]


@pytest.fixture(scope="module")
def classpath(tmp_path_factory: pytest.TempPathFactory) -> str:
    resources_dir = tmp_path_factory.mktemp("jena-resources")
    with zipfile.ZipFile(JARS / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                target = resources_dir / name.removeprefix("org/apache/jena/ext/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    jars = [str(JARS / f"{name}.jar") for name in NEEDED if (JARS / f"{name}.jar").exists()]
    return ":".join([str(resources_dir), *jars])


def java_batch(classpath: str, folder: Path, jobs: dict[str, list[str]]) -> dict[str, str]:
    """Each job's standard output, by name: the commands run in one JVM (tests/jena/Batch.java)."""
    lines = []
    for name, argv in jobs.items():
        assert not any("\t" in a or "\n" in a for a in argv), argv
        lines.append("\t".join([str(folder / f"{name}.out"), *argv]))
    (folder / "jobs.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        ["java", "-cp", classpath, str(HERE / "jena" / "Batch.java"), str(folder / "jobs.tsv")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]  # "job N: …" names the one that failed
    return {name: (folder / f"{name}.out").read_text(encoding="utf-8") for name in jobs}


def ours(term: Node | None) -> tuple[str, ...]:
    if term is None:
        return ("unbound",)
    if isinstance(term, URIRef):
        return ("uri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    assert isinstance(term, Literal)
    datatype = str(term.datatype) if term.datatype and str(term.datatype) != XSD_STRING else ""
    return ("literal", str(term), term.language or "", datatype)


def jenas(binding: dict[str, str] | None) -> tuple[str, ...]:
    if binding is None:
        return ("unbound",)
    if binding["type"] == "uri":
        return ("uri", binding["value"])
    if binding["type"] == "bnode":
        return ("bnode",)
    datatype = binding.get("datatype", "")
    datatype = "" if datatype == XSD_STRING else datatype
    return ("literal", binding["value"], binding.get("xml:lang", ""), datatype)


QUERIES = catalogue(resources.queries_dir())


def jena_shapes(directory: Path) -> Path:
    """The shapes with one sh:message per SPARQL constraint (Jena rejects two)."""
    shapes = shapes_graph()
    for constraint in set(shapes.objects(None, SH.sparql)):
        messages = list(shapes.objects(constraint, SH.message))
        for message in messages:
            if isinstance(message, Literal) and message.language != "en":
                shapes.remove((constraint, SH.message, message))
    path = directory / "shapes-for-jena.ttl"
    path.write_bytes(serialize(shapes, "ttl"))
    return path


@pytest.fixture(scope="module")
def examples() -> Graph:
    """The packaged graph with every failing example of tests/fixtures/invalid/."""
    return with_fixtures(ALL)


@pytest.fixture(scope="module")
def jena(
    classpath: str, examples: Graph, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """What Jena's arq.sparql prints for every stored query on the exported graph, and what its
    shacl.shacl_validate prints for the graph and for the graph with the failing examples."""
    folder = tmp_path_factory.mktemp("jena")
    graph = folder / "isecg-kg.nt"
    graph.write_bytes(serialize(packaged_graph(), "nt"))
    with_examples = folder / "examples.nt"
    with_examples.write_bytes(serialize(examples, "nt"))
    shapes = str(jena_shapes(folder))
    jobs = {
        f"query-{name}": ["arq.sparql", "--data", str(graph), "--query", str(query.path), RESULTS]
        for name, query in QUERIES.items()
    }
    for name, data in (("graph", graph), ("examples", with_examples)):
        jobs[f"shacl-{name}"] = ["shacl.shacl_validate", "--shapes", shapes, "--data", str(data)]
    return java_batch(classpath, folder, jobs)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_stored_query_gets_the_same_answer(
    jena: dict[str, str], reference_answers: dict[str, QueryResult], name: str
) -> None:
    expected = reference_answers[name]
    answer = json.loads(jena[f"query-{name}"])
    variables = tuple(answer["head"]["vars"])
    assert variables == expected.variables
    got = Counter(
        tuple(jenas(row.get(v)) for v in variables) for row in answer["results"]["bindings"]
    )
    assert got == Counter(tuple(ours(t) for t in row) for row in expected.rows)


def jena_results(output: str) -> set[tuple[str, str]]:
    report = Graph().parse(data=output, format="turtle")
    found = set()
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        focus_text = "_:" if isinstance(focus, BNode) else shorten(focus)
        path = report.value(result, SH.resultPath)
        # A complex path (sequence, alternative...) is a blank node: compared as "_:" on both sides.
        found.add((focus_text, "_:" if isinstance(path, BNode) else shorten(path)))
    return found


def project_results(graph: Graph) -> set[tuple[str, str]]:
    report = validate(graph, shapes_graph())
    return {
        (
            "_:" if r.focus_node.startswith("_:") else r.focus_node,
            "_:" if r.path.startswith("_:") else r.path,
        )
        for r in report.results
        if r.source_shape.startswith("isecgsh:")
    }


def test_shacl_agrees_on_the_graph_and_on_every_failing_example(
    jena: dict[str, str], examples: Graph
) -> None:
    assert jena_results(jena["shacl-graph"]) == set()
    expected = project_results(examples)
    assert len(expected) > 50
    assert jena_results(jena["shacl-examples"]) == expected
