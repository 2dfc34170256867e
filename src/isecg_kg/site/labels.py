"""Bilingual labels for what a page shows: the graph's own rdfs:label/skos:prefLabel, a few
W3C terms the ontology does not restate, and a CURIE as the last resort."""

from __future__ import annotations

from rdflib import RDF, RDFS, SKOS, Graph, Literal

from isecg_kg.vocab import curie

# Labels of the W3C terms the pages show, which the ontology does not (and should not) restate.
EXTERNAL_LABELS = {
    str(RDF.type): ("type", "型"),
    str(RDFS.label): ("label", "ラベル"),
    str(RDFS.comment): ("comment", "注記"),
    str(RDFS.seeAlso): ("see also", "関連項目"),
    str(SKOS.Concept): ("concept", "概念"),
    str(SKOS.ConceptScheme): ("concept scheme", "概念体系"),
    str(SKOS.prefLabel): ("preferred label", "優先ラベル"),
    str(SKOS.altLabel): ("alternative label", "別名"),
    str(SKOS.hiddenLabel): ("hidden label", "非表示ラベル"),
    str(SKOS.definition): ("definition", "定義"),
    str(SKOS.notation): ("notation", "表記"),
    str(SKOS.note): ("note", "注"),
    str(SKOS.inScheme): ("in scheme", "所属体系"),
    str(SKOS.broader): ("broader", "上位概念"),
    str(SKOS.narrower): ("narrower", "下位概念"),
    str(SKOS.topConceptOf): ("top concept of", "最上位概念の体系"),
    str(SKOS.exactMatch): ("exact match", "完全一致"),
    str(SKOS.closeMatch): ("close match", "近似一致"),
    str(SKOS.broadMatch): ("broader match", "上位一致"),
    str(SKOS.narrowMatch): ("narrower match", "下位一致"),
    str(SKOS.relatedMatch): ("related match", "関連一致"),
    "http://www.w3.org/ns/prov#wasDerivedFrom": ("derived from", "出典"),
    "http://www.w3.org/ns/prov#wasAttributedTo": ("attributed to", "帰属先"),
    "http://www.w3.org/2002/07/owl#sameAs": ("same as", "同一"),
    "http://purl.org/dc/terms/title": ("title", "題名"),
    "http://purl.org/dc/terms/source": ("source", "出典"),
    "http://purl.org/dc/terms/date": ("date", "日付"),
    "http://purl.org/dc/terms/issued": ("issued", "発行日"),
    "http://purl.org/dc/terms/publisher": ("publisher", "発行者"),
    "http://purl.org/dc/terms/creator": ("creator", "作成者"),
    "http://purl.org/dc/terms/isPartOf": ("part of", "所属"),
    "http://purl.org/dc/terms/hasPart": ("has part", "構成部分"),
    "http://purl.org/dc/terms/language": ("language", "言語"),
    "http://purl.org/dc/terms/description": ("description", "説明"),
    "http://purl.org/dc/terms/identifier": ("identifier", "識別子"),
    "http://purl.org/dc/terms/type": ("type", "種類"),
    "http://www.w3.org/2000/01/rdf-schema#isDefinedBy": ("defined by", "定義元"),
    "http://xmlns.com/foaf/0.1/homepage": ("home page", "ホームページ"),
    "http://xmlns.com/foaf/0.1/page": ("page", "ページ"),
    "http://www.w3.org/ns/org#member": ("member", "メンバー"),
    "http://www.w3.org/ns/org#memberDuring": ("member during", "在任期間"),
    "http://www.w3.org/ns/org#memberOf": ("member of", "所属組織"),
    "http://www.w3.org/ns/org#hasMember": ("has member", "メンバー"),
    "http://www.w3.org/ns/org#organization": ("organization", "組織"),
    "http://www.w3.org/ns/org#role": ("role", "役割"),
    "http://www.w3.org/ns/org#Role": ("role", "役割"),
    "http://www.w3.org/ns/org#subOrganizationOf": ("part of organization", "上位組織"),
    "http://www.w3.org/ns/org#hasSubOrganization": ("sub-organization", "下位組織"),
    "http://www.w3.org/2006/time#hasBeginning": ("beginning", "開始"),
    "http://www.w3.org/2006/time#hasEnd": ("end", "終了"),
    "http://www.w3.org/2006/time#inXSDDate": ("date", "日付"),
    "http://www.w3.org/2006/time#inXSDgYear": ("year", "年"),
    "http://www.w3.org/2006/time#inXSDgYearMonth": ("year and month", "年月"),
}


def label(graph: Graph, node: object, lang: str) -> str:
    """The node's label in `lang`; else its label in any language; else its CURIE or local name."""
    for predicate in (RDFS.label, SKOS.prefLabel):
        for value in graph.objects(node, predicate):  # type: ignore[arg-type]
            if isinstance(value, Literal) and value.language == lang:
                return str(value)
    external = EXTERNAL_LABELS.get(str(node))
    if external:
        return external[0] if lang == "en" else external[1]
    for predicate in (RDFS.label, SKOS.prefLabel):
        for value in graph.objects(node, predicate):  # type: ignore[arg-type]
            if isinstance(value, Literal):
                return str(value)
    name = compact(str(node))
    return name if name != str(node) else str(node).rsplit("/", 1)[-1]


def both(graph: Graph, node: object) -> dict[str, str]:
    """The node's labels in both languages, for the t(en, ja) macro."""
    return {"en": label(graph, node, "en"), "ja": label(graph, node, "ja")}


def compact(iri: str) -> str:
    """The IRI as a prefixed name where a project prefix fits, else as it is."""
    return curie(iri) or iri
