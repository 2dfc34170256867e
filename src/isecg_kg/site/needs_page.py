"""The page that draws the seed's 2015 technology table beside ISECG's later technology needs
(issue 22), with the links across time between them: each 2015 cell drawn with its certainty as
on the technology page, each link with its match type and confidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from isecg_kg.site.labels import both

if TYPE_CHECKING:
    from isecg_kg.site import Site

ISECG = "https://w3id.org/isecg-kg/ontology#"
ID = "https://w3id.org/isecg-kg/id/"
SSSOM_CONFIDENCE = URIRef("https://w3id.org/sssom/confidence")
# Match types from the strongest to the weakest, each drawn with its own line (style.css).
MATCHES = {
    SKOS.exactMatch: ("exactMatch", "same concept", "同一の概念"),
    SKOS.closeMatch: ("closeMatch", "close match", "近い対応"),
    SKOS.broadMatch: ("broadMatch", "the later need is broader", "後年のニーズの方が広い"),
    SKOS.narrowMatch: ("narrowMatch", "the later need is narrower", "後年のニーズの方が狭い"),
    SKOS.relatedMatch: ("relatedMatch", "related", "関連"),
}


def bilingual(graph: Graph, node: object, predicate: URIRef) -> dict[str, str]:
    return {
        lang: next((str(v) for v in graph.objects(node, predicate) if v.language == lang), "")
        for lang in ("en", "ja")
    }


def justification(graph: Graph, source: object, predicate: URIRef, target: object):  # type: ignore[no-untyped-def]
    """The owl:Axiom of one link: its confidence and its justification in both languages."""
    for axiom in graph.subjects(OWL.annotatedSource, source):
        if (axiom, OWL.annotatedProperty, predicate) in graph and (
            axiom,
            OWL.annotatedTarget,
            target,
        ) in graph:
            confidence = graph.value(axiom, SSSOM_CONFIDENCE)
            return float(confidence) if confidence is not None else 0.0, bilingual(
                graph, axiom, RDFS.comment
            )
    return 0.0, {"en": "", "ja": ""}


def needs(graph: Graph, page_of) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Every later need, by document date and then in its document's order."""
    found = []
    for need in graph.subjects(RDF.type, URIRef(ISECG + "TechnologyNeed")):
        scheme = graph.value(need, SKOS.inScheme)
        reference = graph.value(scheme, DCTERMS.source)
        code = str(graph.value(need, SKOS.notation) or "")
        found.append(
            {
                "id": "need-" + str(need).rsplit("/", 1)[-1],
                "code": code,
                **both(graph, need),
                "href": page_of(str(need)),
                "issued": str(graph.value(reference, DCTERMS.issued)),
                "document": str(graph.value(reference, DCTERMS.title)),
                "order": int(graph.value(need, URIRef(ISECG + "order"))),
                "reason": bilingual(graph, need, URIRef(ISECG + "noCounterpartReason")),
                "counterparts": [],
            }
        )
    found.sort(key=lambda n: (n["issued"], n["order"]))
    return found


def technology_needs_page(site: Site, rows: list[dict[str, object]], page_of, legend) -> None:  # type: ignore[no-untyped-def]
    """rows: the technology page's rows (cells with status and symbol), in the seed's order."""
    g = site.graph
    later = needs(g, page_of)
    by_iri = {ID + "technology-need/" + str(n["id"]).removeprefix("need-"): n for n in later}
    technologies = []
    for row in rows:
        technology = URIRef(str(row["iri"]))
        links = []
        for predicate, (name, en, ja) in MATCHES.items():
            for target in g.objects(technology, predicate):
                need = by_iri.get(str(target))
                if need is None:
                    continue
                confidence, why = justification(g, technology, predicate, target)
                links.append(
                    {
                        "match": name,
                        "match_en": en,
                        "match_ja": ja,
                        "confidence": confidence,
                        "why_en": why["en"],
                        "why_ja": why["ja"],
                        "need": need,
                    }
                )
                need["counterparts"].append(row)  # type: ignore[attr-defined]
        links.sort(key=lambda link: -float(link["confidence"]))
        technologies.append(
            {
                **row,
                "links": links,
                "reason": bilingual(g, technology, URIRef(ISECG + "noCounterpartReason")),
            }
        )
    site.render(
        "technology-needs.html",
        "technology-needs.html",
        "Technologies through time",
        technologies=technologies,
        needs=later,
        matches=[(name, en, ja) for name, en, ja in MATCHES.values()],
        legend=legend,
        ger=both(g, URIRef(ID + "reference/ger-critical-technology-needs-2019")),
        isru=both(g, URIRef(ID + "reference/isru-gap-assessment-report-2021")),
        copy_note=bilingual(
            g,
            URIRef(ID + "uncertainty/ger-critical-technology-needs-copy"),
            URIRef(ISECG + "whatIsUncertain"),
        ),
    )
