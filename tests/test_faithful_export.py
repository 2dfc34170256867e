"""Every export format carries exactly the N-Triples export's terms, lexical forms included.

Each format is read back by a parser that is not rdflib: rapper (Raptor) for Turtle and RDF/XML,
Oxigraph for JSON-LD; every triple is compared as N-Triples terms with the N-Triples export
(blank nodes by their place only, as their labels are the parser's).
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from isecg_kg.export import serialize
from isecg_kg.load import packaged_graph

Triple = tuple[str, str, str]


def terms(
    ntriples: bytes, fmt: pyoxigraph.RdfFormat = pyoxigraph.RdfFormat.N_TRIPLES
) -> Counter[Triple]:
    def show(term: object) -> str:
        return "_:b" if isinstance(term, pyoxigraph.BlankNode) else str(term)

    return Counter(
        (show(q.subject), show(q.predicate), show(q.object))
        for q in pyoxigraph.parse(ntriples, format=fmt)
    )


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = packaged_graph()
    # forms a writer might "normalise": each must come back exactly as written
    odd = URIRef("https://w3id.org/isecg-kg/id/test/lexical-forms")
    for literal in (
        Literal("0.95", datatype=XSD.double, normalize=False),
        Literal("01", datatype=XSD.integer, normalize=False),
        Literal("1.50", datatype=XSD.decimal, normalize=False),
        Literal("1", datatype=XSD.boolean, normalize=False),
        Literal("2E3", datatype=XSD.float, normalize=False),
    ):
        g.add((odd, URIRef("https://w3id.org/isecg-kg/ontology#testValue"), literal))
    return g


@pytest.fixture(scope="module")
def reference(graph: Graph) -> Counter[Triple]:
    found = terms(serialize(graph, "nt"))
    assert (
        "<https://w3id.org/isecg-kg/id/test/lexical-forms>",
        "<https://w3id.org/isecg-kg/ontology#testValue>",
        '"0.95"^^<http://www.w3.org/2001/XMLSchema#double>',
    ) in found
    return found


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
@pytest.mark.parametrize(("fmt", "syntax"), [("ttl", "turtle"), ("xml", "rdfxml")])
def test_rapper_reads_the_same_terms(
    graph: Graph, reference: Counter[Triple], fmt: str, syntax: str
) -> None:
    done = subprocess.run(
        ["rapper", "-q", "-i", syntax, "-o", "ntriples", "-", "https://w3id.org/isecg-kg/"],
        input=serialize(graph, fmt),
        capture_output=True,
        check=True,
    )
    assert terms(done.stdout) == reference


def test_oxigraph_reads_the_same_terms_from_json_ld(
    graph: Graph, reference: Counter[Triple]
) -> None:
    assert terms(serialize(graph, "jsonld"), pyoxigraph.RdfFormat.JSON_LD) == reference


def test_the_double_is_written_as_it_is_in_every_format(graph: Graph) -> None:
    assert b'"0.95"^^<http://www.w3.org/2001/XMLSchema#double>' in serialize(graph, "nt")
    assert b"9.5e-01" not in serialize(graph, "ttl")
    assert b'"@value": "0.95"' in serialize(graph, "jsonld")
