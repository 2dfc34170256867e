"""The static site: overview, technology table, chairs, systems, stored queries, one page per
entity, and the ontology reference (pyLODE). Works opened from disk or from any static host:
relative links only, no network at view time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources as package_files
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from isecg_kg import __version__, resources
from isecg_kg.build import class_counts
from isecg_kg.engines import QueryResult, oxigraph_store, run_oxigraph, run_rdflib
from isecg_kg.entity_documents import instances, write_entity_documents
from isecg_kg.errors import InputError
from isecg_kg.export import Outputs, serialize
from isecg_kg.load import packaged_graph
from isecg_kg.results import to_csv, to_json
from isecg_kg.safe_paths import entity_stem, entity_stems
from isecg_kg.site.charts import (
    chairs_of,
    chairs_svg,
    conflicting_records,
    editions,
    growth_svg,
    joins,
)
from isecg_kg.site.labels import both, compact, label
from isecg_kg.site.needs_page import technology_needs_page
from isecg_kg.site.ontology_page import PAGES, ontology_pages
from isecg_kg.site.sparql_page import sparql_page
from isecg_kg.stored_queries import catalogue
from isecg_kg.vocab import FORMATS, INSTANCES, ONTOLOGY
from isecg_kg.web_links import MAPPINGS, is_web_link, unsafe_links

ISECG, ID = ONTOLOGY, INSTANCES  # namespaces as strings (isecg_kg.vocab)
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


def page_of(iri: str) -> str:
    """The site path of an instance IRI: …/id/agency/jaxa -> id/agency/jaxa.html (an IRI that
    could lead out of the folder, or onto another page, is refused: isecg_kg.safe_paths)."""
    return entity_stem(iri) + ".html"


@dataclass
class Site:
    output: Path
    graph: Graph
    engines: str | None = None

    def __post_init__(self) -> None:
        import jinja2

        self.outputs = Outputs(self.output)
        self._store: object = None  # an Oxigraph store once needed
        loader = jinja2.PackageLoader("isecg_kg.site", "templates")
        self.env = jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape(["html"]))

    def put(self, relative: str, content: bytes) -> None:
        if relative.endswith(".html"):  # only http(s) and relative targets become links
            bad = unsafe_links(content.decode("utf-8"))
            if bad:
                raise InputError(f"{relative}: a link to {bad[0]!r} is not a web address; refused")
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
        return self.answer(catalogue(resources.queries_dir())[name].text)

    def answer(self, text: str) -> QueryResult:
        """The query's answer over the site's graph, on the engine set's query engine (the
        registry's); the engines agree (tests/conformance/)."""
        from isecg_kg.engine_registry import choose

        if choose("query", self.engines) == "rdflib":
            return run_rdflib(self.graph, text)
        if self._store is None:
            self._store = oxigraph_store([(serialize(self.graph, "nt"), "application/n-triples")])
        return run_oxigraph(self._store, text)  # type: ignore[arg-type]


def build_site(
    output: Path,
    engines: str | None = None,
    full_graph: list[tuple[str, bytes]] | None = None,
) -> list[Path]:
    """The site into `output`. `full_graph`: the release's full-graph files to offer for
    download, when the release builds the site (its headers may name a prior version); by
    default `release.full_graph_files()`."""
    try:
        import jinja2  # noqa: F401
    except ImportError:
        raise InputError("the site needs its extra: pip install 'isecg-kg[site]'") from None
    graph = packaged_graph()
    entity_stems(map(str, instances(graph)))  # a bad entity IRI is refused before any writing
    site = Site(output, graph, engines)
    static = package_files.files("isecg_kg.site") / "static"
    for name in ("style.css", "site.js", "params.js"):
        site.put(f"static/{name}", (static / name).read_bytes())
    overview(site, full_graph)
    rows, legend = technology_page(site)
    technology_needs_page(site, rows, page_of, legend)
    chairs_page(site)
    systems_page(site)
    query_pages(site)
    entity_pages(site)
    write_entity_documents(site.graph, site.put)  # RDF beside each entity page (#11)
    ontology_page(site)
    sparql_page(site)
    return site.written


def overview(site: Site, full_graph: list[tuple[str, bytes]] | None = None) -> None:
    from isecg_kg.release import full_graph_files

    # the release's full graph (one owl:Ontology header, OWL 2 DL), the same bytes, not a
    # second serialisation of the build graph
    titles = {f.extension: f.title for f in FORMATS.values()}
    downloads, files = [], full_graph if full_graph is not None else full_graph_files()
    for name, content in files:
        site.put(f"downloads/{name}", content)
        downloads.append((name, titles[Path(name).suffix]))
    for table in resources.mapping_files():
        site.put(f"downloads/{table.name}", table.read_bytes())
        downloads.append((table.name, "SSSOM"))
    # the triples of that download (N-Triples: one a line), which adds the release's header and
    # declarations to the graph the pages show
    (nt,) = (content for name, content in files if name.endswith(".nt"))
    triples = sum(1 for line in nt.split(b"\n") if line.strip())
    counts = {"triples": triples, "classes": class_counts(site.graph)}
    site.render(
        "index.html",
        "index.html",
        "Overview",
        counts=counts,
        members=member_counts(site),
        highlights=HIGHLIGHTS,
        downloads=downloads,
    )


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
LATEST_COUNT = """PREFIX isecg: <https://w3id.org/isecg-kg/ontology#>
SELECT ?count ?date WHERE {
  ?group isecg:statedMemberCount ?stated . ?stated isecg:memberCount ?count ;
    isecg:currentAsOfDate ?date .
} ORDER BY DESC(?date) LIMIT 1"""


def member_counts(site: Site) -> dict[str, object]:
    """How many member agencies, from the graph: at the source's date (the members-at query's
    default, early 2015) and the latest count a dated source states, with its date."""
    seed = len(site.query("members-at").rows)
    ((count, when),) = site.answer(LATEST_COUNT).rows
    day = date.fromisoformat(str(when))
    return {
        "seed": seed,
        "latest": int(str(count)),
        "latest_en": f"{day.day} {MONTHS[day.month - 1]} {day.year}",  # not %B: the locale's
        "latest_ja": f"{day.year}年{day.month}月{day.day}日",
    }


STATUSES = ("certain", "inferred", "reconstructed", "unknown")


def cell_reading(g: Graph, cell: object) -> tuple[str, str]:
    """A table cell's attribution status (one of STATUSES) and the mark symbol it shows. The one
    place that knows how the data records them, so a change of modelling is a change here."""
    status = str(g.value(cell, URIRef(ISECG + "attributionStatus"))).removeprefix(ISECG).lower()
    # An inferred or reconstructed reading is kept apart from attested marks (issue 13).
    mark = next(
        (
            g.value(cell, URIRef(ISECG + name))
            for name in ("mark", "inferredMark", "reconstructedMark")
            if g.value(cell, URIRef(ISECG + name)) is not None
        ),
        None,
    )
    symbol = str(g.value(mark, URIRef(ISECG + "symbol")) or "") if mark is not None else ""
    return (status if status in STATUSES else "unknown"), symbol


def technology_page(site: Site) -> tuple[list[dict[str, object]], dict[str, dict[str, str]]]:
    """The seed's table with each cell's certainty; its rows and legend serve the page of
    technologies through time too."""
    g = site.graph
    legend = {
        status: {**both(g, URIRef(ISECG + status.capitalize()))}
        | {
            "definition_" + lang: str(d)
            for d in g.objects(URIRef(ISECG + status.capitalize()), SKOS.definition)
            for lang in ("en", "ja")
            if d.language == lang
        }
        for status in STATUSES
    }
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
            status, symbol = cell_reading(g, cell)
            evidence = {e.language: str(e) for e in g.objects(cell, URIRef(ISECG + "evidence"))}
            cells.append(
                {
                    "status": status,
                    "symbol": "?" if status == "unknown" else symbol,
                    "en": legend[status]["en"],
                    "ja": legend[status]["ja"],
                    "evidence_en": evidence.get("en", ""),
                    "evidence_ja": evidence.get("ja", ""),
                }
            )
        rows.append(
            {
                "order": int(g.value(row, URIRef(ISECG + "order"))),
                "marks": int(g.value(row, URIRef(ISECG + "markCount"))),
                "en": label(g, technology, "en"),
                "ja": label(g, technology, "ja"),
                "href": page_of(str(technology)),
                "iri": str(technology),
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
        legend=legend,
        overlaps=overlaps,
        gaps=gaps,
    )
    return rows, legend


def date_span(value: str) -> tuple[float, float]:
    """The earliest and latest moment (as fractional years) an xsd:date, gYearMonth or gYear value
    can mean: a bare year is the whole year, a month the whole month, a date a point."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return float(parts[0]), float(parts[0] + 1)
    if len(parts) == 2:
        return parts[0] + (parts[1] - 1) / 12, parts[0] + parts[1] / 12
    point = parts[0] + (date(*parts).timetuple().tm_yday - 1) / 365
    return point, point


PRECISION = {
    1: ("{} (year only)", "{}年（年のみ判明）"),
    2: ("{}", "{}"),
    3: ("{}", "{}"),
}
OPEN_END = ("no end recorded (chair at the latest source)", "終了の記録なし（最新の出典時点）")


def when(value: str, span: tuple[str, str]) -> tuple[str, str]:
    """A date as precise as the sources give it, or the bounds they allow (English, Japanese)."""
    if value:
        en, ja = PRECISION[len(value.split("-"))]
        return en.format(value), ja.format(value)
    return f"between {span[0]} and {span[1]}", f"{span[0]}〜{span[1]}の間"


COLOURS = [(11, 92, 173), (179, 38, 30), (26, 127, 55), (102, 57, 186)]


def chairs_page(site: Site) -> None:
    # chair-history: position, acronym, began, ended, qualifier, began_from … ended_by
    chairs = [
        {
            "position": str(r[0]),
            "acronym": str(r[1]),
            "began": "" if r[2] is None else str(r[2]),
            "ended": "" if r[3] is None else str(r[3]),
            "began_span": (str(r[5]), str(r[6])),
            "ended_span": None if r[7] is None else (str(r[7]), str(r[8])),
        }
        for r in site.query("chair-history").rows
    ]
    start, end = 2010.25, 2016.0  # the axis; an open-ended term fades out towards its right end

    def pct(year: float) -> float:
        return round((min(max(year, start), end) - start) / (end - start) * 100, 2)

    bars = []
    for i, chair in enumerate(chairs):
        began_lo, began_hi = (
            date_span(chair["began_span"][0])[0],
            date_span(chair["began_span"][1])[1],
        )
        open_ended = chair["ended_span"] is None
        ended_lo, ended_hi = (
            (end - 0.6, end)
            if chair["ended_span"] is None
            else (date_span(chair["ended_span"][0])[0], date_span(chair["ended_span"][1])[1])
        )
        left, right = pct(began_lo), pct(ended_hi)
        width = max(right - left, 0.5)
        solid_from = round((pct(began_hi) - left) / width * 100, 1)
        solid_to = round((pct(ended_lo) - left) / width * 100, 1)
        r, g, b = COLOURS[i % len(COLOURS)]
        colour, faint = f"rgb({r},{g},{b})", f"rgba({r},{g},{b},0.12)"
        began_en, began_ja = when(chair["began"], chair["began_span"])
        if open_ended:
            ended_en, ended_ja = OPEN_END
        else:
            ended_en, ended_ja = when(chair["ended"], chair["ended_span"])
        bars.append(
            {
                "label": chair["acronym"],
                "left": left,
                "width": round(width, 2),
                "background": (
                    f"linear-gradient(to right, {faint} 0%, {colour} {solid_from}%, "
                    f"{colour} {solid_to}%, {faint if solid_to < 100 else colour} 100%)"
                ),
                "open": open_ended,
                "fuzzy": solid_from > 0.5 or (solid_to < 99.5 and not open_ended),
                "when_en": f"{began_en} – {ended_en}",
                "when_ja": f"{began_ja} – {ended_ja}",
            }
        )
    ticks = [{"left": pct(year), "label": str(year)} for year in range(2011, 2016)]
    timeline = {"bars": bars, "ticks": ticks}
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
        **through_time(site),
    )


def through_time(site: Site) -> dict[str, object]:
    """The charts of ISECG through time (issue 15): membership growth from the
    membership-growth query, the chairs of the graph with the GER editions of ger-editions."""
    from markupsafe import Markup  # jinja2's, installed with the site extra

    g = site.graph
    growth = joins(site.query("membership-growth").rows, conflicting_records(g))
    result = site.query("ger-editions")
    rows = [
        {v: "" if x is None else str(x) for v, x in zip(result.variables, r, strict=True)}
        for r in result.rows
    ]
    labels_ja = {
        row["edition_en"]: label(g, subject, "ja")
        for row in rows
        for subject in g.subjects(RDFS.label, Literal(row["edition_en"], lang="en"))
    }
    listed = editions(rows, labels_ja)
    return {
        "growth_svg": Markup(growth_svg(growth)),
        "chairs_svg": Markup(chairs_svg(chairs_of(g), [(e.number, e.issued) for e in listed])),
        "editions": listed,
    }


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
            capabilities = {
                lang: "; ".join(
                    sorted(
                        str(text)
                        for cap in g.objects(system, URIRef(ISECG + "capability"))
                        for text in g.objects(cap, URIRef(ISECG + "capabilityText"))
                        if text.language == lang
                    )
                )
                for lang in ("en", "ja")
            }
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
        result = site.answer(query.text)
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
            # the text cut at its VALUES blocks, for the parameter form (static/params.js)
            form={
                "parts": query.parts(),
                "params": [{"name": p.name, "datatype": str(p.datatype)} for p in query.parameters],
            },
        )
    site.render("queries/index.html", "queries.html", "Stored queries", queries=queries)


def entity_pages(site: Site) -> None:
    g = site.graph
    entities = instances(g)
    groups: dict[str, list[dict[str, str]]] = {}
    headings: dict[str, dict[str, str]] = {}
    for entity in entities:
        relative = page_of(str(entity))
        root = "../" * relative.count("/")
        data = {
            "iri": str(entity),
            **both(g, entity),
            "properties": entity_properties(g, entity, root),
            "links": [
                {"match": both(g, p), "href": str(o), "web": is_web_link(str(o))}
                for p, o in sorted(g.predicate_objects(entity))
                if str(p) in MAPPINGS and isinstance(o, URIRef) and not str(o).startswith(ID)
            ],
            "incoming": sorted(
                (
                    {**both(g, s), "href": root + page_of(str(s))}
                    for s in set(g.subjects(None, entity))
                    if is_page(g, s)
                ),
                key=lambda item: (item["en"], item["href"]),  # two things may share a label
            ),
        }
        site.render(relative, "entity.html", data["en"], entity=data)
        kind = str(entity).removeprefix(ID).split("/", 1)[0]
        if kind not in headings:  # the group's heading: its first member's class, by label
            classes = sorted(  # the project's own class first
                (not str(c).startswith(ISECG), str(c)) for c in g.objects(entity, RDF.type)
            )
            heading = both(g, URIRef(classes[0][1])) if classes else {"en": kind, "ja": kind}
            headings[kind] = {"kind": kind, **heading}
        groups.setdefault(kind, []).append(
            {"href": relative.removeprefix("id/"), "en": data["en"], "ja": data["ja"]}
        )
    site.render(
        "id/index.html",
        "entities.html",
        "Entities",
        groups=[(headings[kind], items) for kind, items in sorted(groups.items())],
    )


def is_page(g: Graph, node: object) -> bool:
    """Whether the site has a page for the node (an instance of the graph)."""
    return isinstance(node, URIRef) and str(node).startswith(ID) and (node, RDF.type, None) in g


def term_order(term: Node) -> tuple[str, str, str, str]:
    """A total order of RDF terms that never fails: text, kind, language, datatype."""
    language = getattr(term, "language", None) or ""
    datatype = getattr(term, "datatype", None) or ""
    return (str(term), type(term).__name__, language, str(datatype))


def entity_properties(g: Graph, entity: URIRef, root: str) -> list[dict[str, object]]:
    """Each property (named by its bilingual label) with its values: linked entities and terms by
    their labels in both languages; a language-tagged text shown in its own language when the
    other language has one too, otherwise in both."""
    properties: dict[str, dict[str, object]] = {}
    # the kind, language and datatype break ties between equal texts ("JAXA"@en, "JAXA"@ja);
    # not n3(), which refuses an IRI that is not a valid one (a hostile link out)
    for p, o in sorted(
        g.predicate_objects(entity), key=lambda po: (str(po[0]), *term_order(po[1]))
    ):
        if str(p) in MAPPINGS and isinstance(o, URIRef) and not str(o).startswith(ID):
            continue  # shown under "Links out"
        entry = properties.setdefault(
            str(p), {**both(g, p), "curie": compact(str(p)), "values": []}
        )
        values: list[dict[str, object]] = entry["values"]  # type: ignore[assignment]
        if is_page(g, o):
            values.append({**both(g, o), "href": root + page_of(str(o))})
        elif isinstance(o, URIRef):
            values.append({**both(g, o), "title": compact(str(o))})
        elif isinstance(o, Literal):
            values.append({"text": str(o), "lang": o.language or ""})
        else:
            # sorted: the store's order is the order the triples were read in (parsed or cached)
            ordered = sorted(g.predicate_objects(o), key=lambda po: (str(po[0]), str(po[1])))
            parts = [(both(g, pp), oo) for pp, oo in ordered]
            values.append(
                {
                    "en": "[" + ", ".join(f"{n['en']} {label(g, v, 'en')}" for n, v in parts) + "]",
                    "ja": "[" + ", ".join(f"{n['ja']} {label(g, v, 'ja')}" for n, v in parts) + "]",
                }
            )
    for entry in properties.values():
        values = entry["values"]  # type: ignore[assignment]
        langs = {v.get("lang") for v in values if v.get("lang")}
        for value in values:
            value["both"] = not value.get("lang") or not {"en", "ja"} <= langs
    return list(properties.values())


def ontology_page(site: Site) -> None:
    def header(lang: str) -> str:
        template = site.env.get_template("header.html")
        return template.render(
            root="", lang_href={code: f"{page}?lang={code}" for code, page in PAGES.items()}
        )

    ontology_pages(site.put, header)
