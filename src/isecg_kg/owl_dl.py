"""Declarations that keep the release in OWL 2 DL: every external class and property the graph
uses (ORG, SKOS, PROV-O, OWL-Time, QUDT, Dublin Core, schema.org, DBpedia) is declared once, with
one kind, chosen from how the graph uses it: properties used in annotations (on the ontology
header, on classes and properties, on owl:Axiom nodes) or in the reserved annotation vocabularies
are annotation properties; otherwise a property with only literal values is a data property and
one with only resource values an object property."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

OURS = "https://w3id.org/isecg-kg/"
BUILT_IN = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
# Annotation vocabularies: labels, notes and bibliographic metadata, never reasoned over.
ANNOTATION_NAMESPACES = (
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/vocab/vann/",
    "https://w3id.org/sssom/",
)
DECLARED_KINDS = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDFS.Datatype,
    OWL.NamedIndividual,
)
# OWL-Time positions carry xsd:date, xsd:gYear and xsd:gYearMonth, which are not in the OWL 2
# datatype map: as annotation properties they stay queryable as dates and out of DL reasoning.
TIME = "http://www.w3.org/2006/time#"
ANNOTATIONS = {URIRef(TIME + name) for name in ("inXSDDate", "inXSDgYear", "inXSDgYearMonth")}
XSD = "http://www.w3.org/2001/XMLSchema#"
NOT_IN_OWL2 = {
    URIRef(XSD + name)
    for name in ("date", "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay", "time", "duration")
}
# Predicates whose objects are classes, and whose subjects and objects are properties.
CLASS_POSITIONS = (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith)
PROPERTY_POSITIONS = (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf)


def _external(term: object) -> bool:
    return isinstance(term, URIRef) and not str(term).startswith((OURS, *BUILT_IN))


def _annotation_subjects(graph: Graph) -> set[object]:
    """Nodes whose triples are annotations: headers, classes, properties, reified axioms."""
    subjects: set[object] = set()
    for kind in (OWL.Ontology, OWL.Axiom, *DECLARED_KINDS):
        subjects.update(graph.subjects(RDF.type, kind))
    return subjects


def declarations(graph: Graph) -> Graph:
    """Declarations for the external terms `graph` uses and does not declare itself."""
    declared = {s for kind in DECLARED_KINDS for s in graph.subjects(RDF.type, kind)}
    annotated = _annotation_subjects(graph)
    out = Graph()
    classes = {o for o in graph.objects(None, RDF.type) if _external(o)}
    for predicate in CLASS_POSITIONS:
        classes.update(o for o in graph.objects(None, predicate) if _external(o))
    classes.update(o for o in graph.objects(None, RDFS.domain) if _external(o))
    for prop, range_ in graph.subject_objects(RDFS.range):
        if _external(range_) and (prop, RDF.type, OWL.DatatypeProperty) not in graph:
            classes.add(range_)
    # a class expression's restriction names a property; its filler a class
    for restriction in graph.subjects(RDF.type, OWL.Restriction):
        for predicate in (OWL.someValuesFrom, OWL.allValuesFrom):
            filler = graph.value(restriction, predicate)
            if _external(filler):
                classes.add(filler)
    for term in sorted(classes - declared):
        out.add((term, RDF.type, OWL.Class))
    properties: dict[URIRef, str] = dict.fromkeys(ANNOTATIONS, "annotation")
    # An external super- or equivalent property of ours takes our property's kind: declaring
    # dcterms:isPartOf an annotation property would pun isecg:inRow, an object property.
    for predicate in PROPERTY_POSITIONS:
        for s, o in graph.subject_objects(predicate):
            for term, other in ((s, o), (o, s)):
                if _external(term) and not _external(other):
                    properties.setdefault(term, _kind_of_our_side(graph, other))
    fixed = set(properties)
    for s, p, o in graph:
        if not _external(p) or p in fixed:
            continue
        if properties.get(p) == "annotation":
            continue
        dated = isinstance(o, Literal) and o.datatype in NOT_IN_OWL2
        if dated or s in annotated or str(p).startswith(ANNOTATION_NAMESPACES):
            properties[p] = "annotation"
        elif isinstance(o, Literal):
            properties[p] = "data" if properties.get(p, "data") == "data" else "annotation"
        else:
            properties[p] = "object" if properties.get(p, "object") == "object" else "annotation"
    kinds = {
        "annotation": OWL.AnnotationProperty,
        "data": OWL.DatatypeProperty,
        "object": OWL.ObjectProperty,
    }
    used = set(graph.predicates()) | set(graph.objects())  # once: not per property
    for term, kind in sorted(properties.items()):
        if term in used and term not in declared and not isinstance(term, BNode):
            out.add((term, RDF.type, kinds[kind]))
    return out


def _kind_of_our_side(graph: Graph, ours: object) -> str:
    """An external super- or equivalent property takes the kind of ours it is related to."""
    if (ours, RDF.type, OWL.DatatypeProperty) in graph:
        return "data"
    if (ours, RDF.type, OWL.AnnotationProperty) in graph:
        return "annotation"
    return "object"
