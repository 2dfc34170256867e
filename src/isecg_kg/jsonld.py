"""A JSON-LD context with term definitions, written from the ontology, so the JSON reads as JSON:
`"wasDerivedFrom": "isecgid:section/…"` rather than `{"@id": …}` under a full IRI."""

from __future__ import annotations

import json
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from isecg_kg.errors import InputError
from isecg_kg.load import PREFIXES

ISECG = PREFIXES["isecg"]
# Well-known properties used throughout the data, given short names as well.
COMMON = {
    "label": ("rdfs", "label", None),
    "comment": ("rdfs", "comment", None),
    "prefLabel": ("skos", "prefLabel", None),
    "altLabel": ("skos", "altLabel", None),
    "definition": ("skos", "definition", None),
    "inScheme": ("skos", "inScheme", "@id"),
    "exactMatch": ("skos", "exactMatch", "@id"),
    "closeMatch": ("skos", "closeMatch", "@id"),
    "broadMatch": ("skos", "broadMatch", "@id"),
    "relatedMatch": ("skos", "relatedMatch", "@id"),
    "wasDerivedFrom": ("prov", "wasDerivedFrom", "@id"),
    "isDefinedBy": ("rdfs", "isDefinedBy", "@id"),
    "subClassOf": ("rdfs", "subClassOf", "@id"),
}

# Values JSON writes natively (string, number, boolean): a term coerced to one of these types
# would not match the plain values the serialiser writes, so they get no @type.
NATIVE = {PREFIXES["xsd"] + name for name in ("string", "integer", "boolean", "double")}


def term_context(ontology: Graph) -> dict[str, Any]:
    """Prefixes, then a term for every class and property of the isecg: namespace (by local name),
    object properties typed `@id`, datatype properties typed by their declared range."""
    context: dict[str, Any] = dict(sorted(PREFIXES.items()))
    terms: dict[str, Any] = {}
    for name, (prefix, local, kind) in COMMON.items():
        iri = f"{prefix}:{local}"
        terms[name] = iri if kind is None else {"@id": iri, "@type": kind}
    for kind, coercion in (
        (OWL.Class, None),
        (OWL.ObjectProperty, "@id"),
        (OWL.DatatypeProperty, "range"),
        (OWL.AnnotationProperty, None),
    ):
        for term in sorted(ontology.subjects(RDF.type, kind)):
            if not isinstance(term, URIRef) or not str(term).startswith(ISECG):
                continue
            local = str(term).removeprefix(ISECG)
            if local in terms or local in context:
                continue  # a local name clash: the term stays a compact IRI
            compact = f"isecg:{local}"
            if coercion is None:
                terms[local] = compact
            elif coercion == "@id":
                terms[local] = {"@id": compact, "@type": "@id"}
            else:
                ranges = [r for r in ontology.objects(term, RDFS.range) if isinstance(r, URIRef)]
                datatype = str(ranges[0]) if len(ranges) == 1 else ""
                if datatype.startswith(PREFIXES["xsd"]) and datatype not in NATIVE:
                    terms[local] = {"@id": compact, "@type": "xsd:" + datatype.split("#")[1]}
                else:
                    terms[local] = compact
    context.update(sorted(terms.items()))
    return {"@context": context}


def to_jsonld(graph: Graph, context: dict[str, Any]) -> bytes:
    """The graph compacted with the context by pyld, from a flat expanded document written here
    (rdflib's own compaction drops blank nodes that a term coerced to @id refers to). Nodes and
    values are sorted, so the same graph with canonical blank-node labels gives the same bytes."""
    try:
        from pyld import jsonld as pyld
    except ImportError:
        raise InputError(
            "JSON-LD is written with pyld: pip install 'isecg-kg[site]' (or '[release]')"
        ) from None

    # `_expanded` writes JSON-LD's expanded form itself: pyld need not expand it again (a third
    # less time; the same document, tests/test_release.py round-trips it through pyld)
    compacted = pyld.compact(_expanded(graph), context["@context"], {"skipExpansion": True})
    nodes = compacted.get("@graph", [])
    if not nodes and "@id" in compacted:
        nodes = [{k: v for k, v in compacted.items() if k != "@context"}]
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
    nodes.sort(key=lambda n: (str(n.get("@id", "")), json.dumps(n, sort_keys=True)))
    out = {"@context": context["@context"], "@graph": nodes}
    return (json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _expanded(graph: Graph) -> list[dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    for s, p, o in graph:
        node = nodes.setdefault(_id(s), {"@id": _id(s)})
        if p == RDF.type and not isinstance(o, Literal):
            node.setdefault("@type", []).append(_id(o))
        else:
            node.setdefault(str(p), []).append(_value(o))
    return list(nodes.values())


def _id(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _value(term: Node) -> dict[str, Any]:
    if not isinstance(term, Literal):
        return {"@id": _id(term)}
    lexical = str(term)
    if term.language:
        return {"@value": lexical, "@language": term.language}
    # integers and booleans in canonical form read back as the same literal: write them as JSON
    if (
        term.datatype == XSD.integer
        and lexical.lstrip("-").isdigit()
        and str(int(lexical)) == lexical
    ):
        return {"@value": int(lexical)}
    if term.datatype == XSD.boolean and lexical in ("true", "false"):
        return {"@value": lexical == "true"}
    if term.datatype is None or term.datatype == XSD.string:
        return {"@value": lexical}
    return {"@value": lexical, "@type": str(term.datatype)}
