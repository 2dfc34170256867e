"""The static site: overview, technology table, chairs, systems, stored queries, one page per
entity, and the ontology reference (pyLODE). Works opened from disk or from any static host:
relative links only, no network at view time."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from importlib import resources as package_files
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from isecg_kg import __version__, resources
from isecg_kg.build import class_counts
from isecg_kg.engines import QueryResult, run_rdflib
from isecg_kg.entity_documents import write_entity_documents
from isecg_kg.errors import InputError
from isecg_kg.export import Outputs, serialize
from isecg_kg.load import PREFIXES, packaged_graph
from isecg_kg.results import to_csv, to_json
from isecg_kg.stored_queries import catalogue

ISECG = "https://w3id.org/isecg-kg/ontology#"
ID = "https://w3id.org/isecg-kg/id/"
COLUMNS = [
    ("us", "United States", "米国"),
    ("russia", "Russia", "ロシア"),
    ("europe", "Europe", "欧州"),
    ("china", "China", "中国"),
    ("japan", "Japan", "日本"),
]
HIGHLIGHTS = [
    ("isecg:SpaceAgency", "space agencies", "宇宙機関"),
    ("isecg:ExplorationGoal", "common goals", "共通目的"),
    ("isecg:StrategyPrinciple", "strategy principles", "戦略の原則"),
    ("isecg:Technology", "technologies", "技術"),
    ("isecg:ExplorationSystem", "exploration systems", "探査システム"),
    ("isecg:UncertainFact", "uncertainty records", "不確かさの記録"),
]
MAPPINGS = (
    "http://www.w3.org/2004/02/skos/core#exactMatch",
    "http://www.w3.org/2004/02/skos/core#closeMatch",
    "http://www.w3.org/2004/02/skos/core#broadMatch",
    "http://www.w3.org/2004/02/skos/core#narrowMatch",
    "http://www.w3.org/2004/02/skos/core#relatedMatch",
)


def label(graph: Graph, node: object, lang: str) -> str:
    for value in graph.objects(node, RDFS.label):  # type: ignore[arg-type]
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    for value in graph.objects(node, SKOS.prefLabel):  # type: ignore[arg-type]
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return str(node).rsplit("/", 1)[-1]


def page_of(iri: str) -> str:
    """The site path of an instance IRI: …/id/agency/jaxa -> id/agency/jaxa.html."""
    return "id/" + iri.removeprefix(ID) + ".html"


def compact(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


@dataclass
class Site:
    output: Path
    graph: Graph

    def __post_init__(self) -> None:
        import jinja2

        self.outputs = Outputs(self.output)
        loader = jinja2.PackageLoader("isecg_kg.site", "templates")
        self.env = jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape(["html"]))

    def put(self, relative: str, content: bytes) -> None:
        self.outputs.put(relative, content)

    @property
    def written(self) -> list[Path]:
        return self.outputs.written

    def render(self, relative: str, template: str, title_en: str, **context: object) -> None:
        depth = relative.count("/")
        html = self.env.get_template(template).render(
            root="../" * depth, title_en=title_en, version=__version__, **context
        )
        self.put(relative, html.encode("utf-8"))

    def query(self, name: str) -> QueryResult:
        return run_rdflib(self.graph, catalogue(resources.queries_dir())[name].text)


def build_site(output: Path) -> list[Path]:
    try:
        import jinja2  # noqa: F401
    except ImportError:
        raise InputError("the site needs its extra: pip install 'isecg-kg[site]'") from None
    site = Site(output, packaged_graph())
    static = package_files.files("isecg_kg.site") / "static"
    for name in ("style.css", "site.js"):
        site.put(f"static/{name}", (static / name).read_bytes())
    overview(site)
    technology_page(site)
    chairs_page(site)
    systems_page(site)
    query_pages(site)
    entity_pages(site)
    write_entity_documents(site.graph, site.put)  # RDF beside each entity page (#11)
    ontology_page(site)
    return site.written


def overview(site: Site) -> None:
    downloads = [
        ("isecg-kg.ttl", "Turtle"),
        ("isecg-kg.nt", "N-Triples"),
        ("isecg-kg.jsonld", "JSON-LD"),
        ("isecg-kg.rdf", "RDF/XML"),
    ]
    for name, _ in downloads:
        fmt = {"ttl": "ttl", "nt": "nt", "jsonld": "jsonld", "rdf": "xml"}[name.rsplit(".", 1)[1]]
        site.put(f"downloads/{name}", serialize(site.graph, fmt))
    for table in resources.mapping_files():
        site.put(f"downloads/{table.name}", table.read_bytes())
        downloads.append((table.name, "SSSOM"))
    counts = {"triples": len(site.graph), "classes": class_counts(site.graph)}
    site.render(
        "index.html",
        "index.html",
        "Overview",
        counts=counts,
        highlights=HIGHLIGHTS,
        downloads=downloads,
    )


def technology_page(site: Site) -> None:
    g = site.graph
    rows = []
    for row in g.subjects(RDF.type, URIRef(ISECG + "TableRow")):
        technology = g.value(row, URIRef(ISECG + "rowTechnology"))
        cells = []
        for slug, _, _ in COLUMNS:
            column = URIRef(f"{ID}table-column/{slug}")
            cell = next(
                c
                for c in g.subjects(URIRef(ISECG + "inRow"), row)
                if (c, URIRef(ISECG + "inColumn"), column) in g
            )
            status = str(g.value(cell, URIRef(ISECG + "attributionStatus"))).removeprefix(ISECG)
            symbol = str(g.value(g.value(cell, URIRef(ISECG + "mark")), URIRef(ISECG + "symbol")))
            evidence = next(
                (str(e) for e in g.objects(cell, URIRef(ISECG + "evidence")) if e.language == "en"),
                "",
            )
            uncertain = status in ("Unknown", "Reconstructed")
            cells.append(
                {
                    "symbol": "?" if uncertain else symbol,
                    "uncertain": uncertain,
                    "title": f"{status}. {evidence}".strip(),
                }
            )
        rows.append(
            {
                "order": int(g.value(row, URIRef(ISECG + "order"))),
                "marks": int(g.value(row, URIRef(ISECG + "markCount"))),
                "en": label(g, technology, "en"),
                "ja": label(g, technology, "ja"),
                "href": page_of(str(technology)),
                "cells": cells,
            }
        )
    rows.sort(key=lambda r: r["order"])
    overlaps = [(str(r[0]), str(r[1]), str(r[2])) for r in site.query("technology-overlaps").rows]
    gaps = [(str(r[0]), str(r[1]), str(r[2])) for r in site.query("technology-gaps").rows]
    site.render(
        "technology.html",
        "technology.html",
        "Technologies",
        rows=rows,
        columns=[(en, ja) for _, en, ja in COLUMNS],
        overlaps=overlaps,
        gaps=gaps,
    )


def year_fraction(value: str) -> float:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return parts[0] + 0.75  # a bare year here means "late in the year" (see the caption)
    if len(parts) == 2:
        return parts[0] + (parts[1] - 1) / 12
    return parts[0] + (date(*parts).timetuple().tm_yday - 1) / 365


def chairs_page(site: Site) -> None:
    chairs = [
        {
            "position": str(r[0]),
            "acronym": str(r[1]),
            "began": str(r[2]),
            "ended": "" if r[3] is None else str(r[3]),
        }
        for r in site.query("chair-history").rows
    ]
    start, end, width = 2010.3, 2015.4, 760
    scale = (width - 20) / (end - start)
    colours = ["#0b5cad", "#b3261e", "#1a7f37", "#6639ba"]
    bars = []
    for i, chair in enumerate(chairs):
        x0 = 10 + (year_fraction(chair["began"]) - start) * scale
        x1 = 10 + ((year_fraction(chair["ended"]) if chair["ended"] else 2015.2) - start) * scale
        bars.append(
            {
                "x": round(x0, 1),
                "y": 10 + i * 32,
                "w": round(x1 - x0, 1),
                "colour": colours[i % 4],
                "label": chair["acronym"],
            }
        )
    ticks = [
        {"x": round(10 + (year - start) * scale, 1), "label": str(year)}
        for year in range(2011, 2016)
    ]
    timeline = {"width": width, "height": 10 + len(chairs) * 32 + 24, "bars": bars, "ticks": ticks}
    cadence = [
        {
            "en": str(r[0]),
            "ja": str(r[1]),
            "count": str(r[2]) if r[2] == r[3] else f"{r[2]}–{r[3]}",
            "per": str(r[4]),
            "per_ja": {"year": "年", "month": "月"}.get(str(r[4]), str(r[4])),
        }
        for r in site.query("meeting-cadence").rows
    ]
    site.render(
        "chairs.html",
        "chairs.html",
        "Chairs and meetings",
        chairs=chairs,
        timeline=timeline,
        cadence=cadence,
    )


def systems_page(site: Site) -> None:
    g = site.graph
    groups = []
    for status, en, ja in (
        (
            ISECG + "InDevelopment",
            "Already in development or planned",
            "既に開発・計画が進められているもの",
        ),
        (
            ISECG + "Needed",
            "Still to be provided by countries and agencies",
            "今後各国・機関からの提供が必要なもの",
        ),
    ):
        systems = []
        for system in g.subjects(URIRef(ISECG + "developmentStatus"), URIRef(status)):
            provider = g.value(system, URIRef(ISECG + "developedBy"))
            capabilities = "; ".join(
                sorted(
                    str(text)
                    for cap in g.objects(system, URIRef(ISECG + "capability"))
                    for text in g.objects(cap, URIRef(ISECG + "capabilityText"))
                    if text.language == "en"
                )
            )
            systems.append(
                {
                    "order": int(g.value(system, URIRef(ISECG + "order"))),
                    "en": label(g, system, "en"),
                    "ja": label(g, system, "ja"),
                    "href": page_of(str(system)),
                    "provider": ""
                    if provider is None
                    else str(g.value(provider, URIRef(ISECG + "acronym"))),
                    "capabilities": capabilities,
                }
            )
        groups.append({"en": en, "ja": ja, "systems": sorted(systems, key=lambda s: s["order"])})
    site.render("systems.html", "systems.html", "Systems", groups=groups)


def query_pages(site: Site) -> None:
    queries = list(catalogue(resources.queries_dir()).values())
    for query in queries:
        result = run_rdflib(site.graph, query.text)
        rows = [["" if v is None else str(v) for v in row] for row in result.rows]
        site.put(f"queries/{query.name}.csv", to_csv(result).encode("utf-8"))
        site.put(f"queries/{query.name}.json", to_json(result).encode("utf-8"))
        site.put(f"queries/{query.name}.rq", query.text.encode("utf-8"))
        site.render(
            f"queries/{query.name}.html",
            "query.html",
            query.title,
            query=query,
            variables=result.variables,
            rows=rows,
        )
    site.render("queries/index.html", "queries.html", "Stored queries", queries=queries)


def entity_pages(site: Site) -> None:
    g = site.graph
    entities = sorted(
        {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(ID)}
    )
    groups: dict[str, list[dict[str, str]]] = {}
    for entity in entities:
        relative = page_of(str(entity))
        depth = relative.count("/")
        root = "../" * depth
        properties: dict[str, list[dict[str, str]]] = {}
        links = []
        for p, o in sorted(g.predicate_objects(entity), key=lambda po: (str(po[0]), str(po[1]))):
            if str(p) in MAPPINGS and isinstance(o, URIRef) and not str(o).startswith(ID):
                links.append({"match": compact(str(p)), "href": str(o), "text": str(o)})
                continue
            if isinstance(o, URIRef) and str(o).startswith(ID) and (o, RDF.type, None) in g:
                value = {"href": root + page_of(str(o)), "text": label(g, o, "en")}
            elif isinstance(o, URIRef):
                value = {"text": compact(str(o))}
            elif isinstance(o, Literal):
                value = {"text": str(o), "lang": o.language or ""}
            else:
                value = {
                    "text": "["
                    + ", ".join(f"{compact(str(pp))} {oo}" for pp, oo in g.predicate_objects(o))
                    + "]"
                }
            properties.setdefault(compact(str(p)), []).append(value)
        incoming = sorted(
            {
                (label(g, s, "en"), root + page_of(str(s)))
                for s in g.subjects(None, entity)
                if isinstance(s, URIRef) and str(s).startswith(ID) and (s, RDF.type, None) in g
            }
        )
        data = {
            "iri": str(entity),
            "en": label(g, entity, "en"),
            "ja": label(g, entity, "ja"),
            "properties": list(properties.items()),
            "links": links,
            "incoming": [{"text": text, "href": href} for text, href in incoming],
        }
        site.render(relative, "entity.html", data["en"], entity=data)
        kind = str(entity).removeprefix(ID).split("/", 1)[0]
        groups.setdefault(kind, []).append(
            {"href": relative.removeprefix("id/"), "en": data["en"], "ja": data["ja"]}
        )
    site.render("id/index.html", "entities.html", "Entities", groups=sorted(groups.items()))


def ontology_page(site: Site) -> None:
    try:
        from pylode import OntPub
    except ImportError:
        raise InputError(
            "the ontology reference needs pyLODE: pip install 'isecg-kg[site]'"
        ) from None
    ontology = Graph()
    ontology.parse(resources.rdf_root() / "ontology" / "isecg.ttl")
    logging.disable(logging.INFO)  # pyLODE logs its progress at INFO on the root logger
    try:
        html = OntPub(ontology=ontology).make_html()
    finally:
        logging.disable(logging.NOTSET)
    site.put("ontology.html", html.encode("utf-8"))
