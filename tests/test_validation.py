"""Validation means what it says: typos, wrong datatypes and logical clashes do not conform.

The cases of issue #9 that SHACL alone let through with exit 0, each through the command line
with its exit code and a fragment of its message. Most use the pyshacl-turbo engine (the same
reports as pySHACL, tests/test_engines.py): the clash and hygiene checks do not depend on it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from isecg_kg.cli import main
from isecg_kg.load import packaged_graph, parse_turtle, shapes_graph
from isecg_kg.validate import validate

ROOT = Path(__file__).resolve().parent.parent
ISECG = "https://w3id.org/isecg-kg/ontology#"
HEAD = """@prefix isecg: <https://w3id.org/isecg-kg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix agency: <https://w3id.org/isecg-kg/id/agency/> .
@prefix country: <https://w3id.org/isecg-kg/id/country/> .
@prefix technology: <https://w3id.org/isecg-kg/id/technology/> .
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def extension(tmp_path: Path, body: str, name: str = "extension.ttl") -> str:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return str(path)


def test_a_misspelt_property_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = extension(tmp_path, "agency:jaxa isecg:countryOrRegon country:japan .\n")
    code, out, _ = run(capsys, "validate", path)  # the reference engine, pySHACL
    assert code == 1
    assert f"isecg term used but never declared: {ISECG}countryOrRegon" in out
    assert "shape:   qa:undeclared-term" in out
    assert "does not conform: 1 violation(s)" in out


def test_a_wrong_datatype_on_any_datatype_property(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = extension(tmp_path, 'technology:precision-landing isecg:order "fifteen" .\n')
    code, out, _ = run(capsys, "validate", path, "--engine", "turbo")
    assert code == 1
    assert "A value of isecg:order (order in source) must be an xsd:integer of 1 or more." in out
    assert "shape:   isecgsh:DatatypeShape" in out
    assert 'value:   "fifteen"' in out


def test_an_ill_typed_value_on_a_shaped_property(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 2 from the reader; a violation (never a crash) from the API, given such a graph."""
    body = 'technology:precision-landing isecg:markCount "5.5.5"^^xsd:integer .\n'
    code, _, err = run(capsys, "validate", extension(tmp_path, body))
    assert code == 2
    assert 'ill-typed literal "5.5.5": not a valid xsd:integer' in err
    graph = packaged_graph()
    row = URIRef("https://w3id.org/isecg-kg/id/table-row/01-crew-spacecraft-heavy-launch")
    graph.add((row, URIRef(ISECG + "markCount"), Literal("5.5.5", datatype=XSD.integer)))
    report = validate(graph, shapes_graph(), engine="turbo")
    assert not report.conforms
    [result] = [r for r in report.results if r.source_shape == "xsd:lexical-space"]
    assert (result.path, result.value) == (
        "isecg:markCount",
        '"5.5.5"^^<http://www.w3.org/2001/XMLSchema#integer>',
    )
    assert (
        result.message
        == "ill-typed literal: not a valid xsd:integer (digits 0-9 with an optional sign)"
    )


CLASHES = {
    "nothing": ("agency:jaxa a owl:Nothing .\n", "jaxa is a member of owl:Nothing"),
    "same-as": ("agency:jaxa owl:sameAs agency:nasa .\n", "each thing has exactly one IRI"),
    "thing-subclass": (
        "owl:Thing rdfs:subClassOf isecg:SpaceAgency .\n",
        "is an instance of the disjoint classes",
    ),
    "same-and-different": (
        "<http://example.org/a> owl:sameAs <http://example.org/b> ;\n"
        "    owl:differentFrom <http://example.org/b> .\n",
        "http://example.org/a is owl:sameAs and owl:differentFrom http://example.org/b",
    ),
}


@pytest.mark.parametrize("case", sorted(CLASHES))
def test_logical_clashes_do_not_conform(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    body, fragment = CLASHES[case]
    path = extension(tmp_path, body)
    code, out, _ = run(capsys, "validate", path, "--engine", "turbo")
    assert code == 1, out
    assert fragment in out
    assert "shape:   owl2rl:" in out
    code, _, err = run(capsys, "reason", path, "-o", str(tmp_path / "closure.ttl"))
    assert code == 1
    assert "clash: " in err


def test_reason_exits_0_without_a_clash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "reason", "--engine", "rules", "-o", str(tmp_path / "c.ttl"))
    assert (code, err) == (0, "")


@pytest.mark.parametrize("inference", ["none", "rdfs", "owlrl"])
def test_inference_cannot_hide_an_agency_whose_country_is_an_agency(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], inference: str
) -> None:
    # the range of isecg:countryOrRegion makes NASA a country or region: a disjointness clash
    path = extension(tmp_path, "agency:jaxa isecg:countryOrRegion agency:nasa .\n")
    argv = ["validate", path, "--engine", "turbo", "--inference", inference]
    code, out, _ = run(capsys, *argv)
    assert code == 1, out
    assert (
        "https://w3id.org/isecg-kg/id/agency/nasa is an instance of the disjoint classes "
        f"{ISECG}CountryOrRegion and {ISECG}SpaceAgency"
    ) in out


def test_every_datatype_property_has_its_datatype_constrained() -> None:
    ontology = parse_turtle(ROOT / "ontology" / "isecg.ttl")
    shapes = shapes_graph()
    shape = URIRef("https://w3id.org/isecg-kg/shapes#DatatypeShape")
    constrained = {}
    for prop in shapes.objects(shape, SH.property):
        path = shapes.value(prop, SH.path)
        datatypes = set(shapes.objects(prop, SH.datatype))
        for alternative in shapes.objects(prop, getattr(SH, "or")):
            for member in shapes.items(alternative):
                datatypes |= set(shapes.objects(member, SH.datatype))
        constrained[path] = (datatypes, shapes.value(prop, SH.minInclusive))
    as_written = {
        XSD.positiveInteger: ({XSD.integer}, Literal(1)),
        XSD.nonNegativeInteger: ({XSD.integer}, Literal(0)),
        XSD.decimal: ({XSD.decimal, XSD.integer}, None),
        # OWL 2's rdf:PlainLiteral in the ontology (Pellet 2.3 knows no rdf:langString, #23);
        # the shapes keep the stricter RDF 1.1 datatype: text with a language tag
        RDF.PlainLiteral: ({RDF.langString}, None),
    }
    properties = set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    # date-valued properties are annotation properties (OWL 2 DL, #11) and keep their xsd range
    properties |= {
        p
        for p in ontology.subjects(RDF.type, OWL.AnnotationProperty)
        if ontology.value(p, RDFS.range) in (XSD.gYear, XSD.gYearMonth, XSD.date)
    }
    # isecg:currentAsOfDate (issue 15); the six day bounds start/end/date Earliest/Latest (issue
    # 21); isecg:contentsPage of the later technology needs (issue 22)
    assert len(properties) == 46
    for prop in properties:
        declared = ontology.value(prop, RDFS.range)
        assert declared is not None, f"{prop} has no rdfs:range"
        assert set(shapes.objects(shape, SH.targetSubjectsOf)) >= {prop}
        assert constrained[prop] == as_written.get(declared, ({declared}, None)), prop


USER_SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix isecg: <https://w3id.org/isecg-kg/ontology#> .
@prefix ex: <http://example.org/shapes#> .
ex:AgencyFoundedShape a sh:NodeShape ;
    sh:targetClass isecg:SpaceAgency ;
    sh:property [ sh:path isecg:foundingYear ; sh:minCount 1 ;
                  sh:message "Our CI wants a founding year for every agency."@en ] .
"""


def test_user_shapes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shapes = tmp_path / "our-shapes.ttl"
    shapes.write_text(USER_SHAPE, encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--shapes", str(shapes), "--engine", "turbo")
    assert code == 1
    assert "Our CI wants a founding year for every agency." in out
    assert "shape:   <http://example.org/shapes#AgencyFoundedShape>" in out
    # a shape every agency meets: the project's graph conforms with it
    shapes.write_text(USER_SHAPE.replace("isecg:foundingYear", "isecg:acronym"), encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--shapes", str(shapes), "--engine", "turbo")
    assert code == 0, out
    shapes.write_text(USER_SHAPE.replace("sh:minCount 1 ;", "sh:minCount 1"), encoding="utf-8")
    code, _, err = run(capsys, "validate", "--shapes", str(shapes))
    assert code == 2
    assert f"error: {shapes}:7:19: bad syntax: ']' expected" in err


WARNING_SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix isecg: <https://w3id.org/isecg-kg/ontology#> .
@prefix ex: <http://example.org/shapes#> .
ex:FoundingYearWantedShape a sh:NodeShape ;
    sh:targetClass isecg:SpaceAgency ;
    sh:property [ sh:path isecg:foundingYear ; sh:minCount 1 ; sh:severity sh:Warning ;
                  sh:message "We would like a founding year for every agency."@en ] .
"""


def test_conforms_as_shacl_defines_it_and_allow_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A graph with warnings only does not conform (SHACL: any result); --allow-warnings lets
    warnings pass, as pySHACL's option does. The JSON says which rule was applied."""
    shapes = tmp_path / "warnings.ttl"
    shapes.write_text(WARNING_SHAPE, encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--shapes", str(shapes), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["conforms"] is False and report["allow_warnings"] is False
    assert report["violations"] == 0 and report["warnings"] == 27
    code, out, _ = run(capsys, "validate", "--shapes", str(shapes), "--allow-warnings")
    assert code == 0
    assert out.splitlines()[-1] == (
        "conforms (warnings allowed): 0 violation(s), 27 warning(s) on the asserted graph"
    )
    code, out, _ = run(capsys, "validate", "--shapes", str(shapes))
    assert code == 1
    assert out.splitlines()[-1].startswith("does not conform: 0 violation(s), 27 warning(s)")
