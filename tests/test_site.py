"""The static site and the release: links resolve, the table shows the right marks, pages load in
a real browser (Debian's headless Chromium) without console errors, checksums are right."""

from __future__ import annotations

import base64
import contextlib
import csv
import fcntl
import io
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from functools import partial
from html import unescape as html_unescape
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF
from rdflib.plugins.sparql import prepareQuery

from isecg_kg import KnowledgeGraph, __version__, resources
from isecg_kg.editor import starter_query, yasgui_link
from isecg_kg.load import packaged_graph
from isecg_kg.site import STATUSES, page_of
from isecg_kg.stored_queries import catalogue

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MAIN_PAGES = [
    "index.html",
    "technology.html",
    "chairs.html",
    "systems.html",
    "queries/index.html",
    "queries/technology-matrix.html",
    "id/agency/jaxa.html",
    "id/index.html",
    "ontology.html",
    "ontology-ja.html",
]


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.cells: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.links.append((tag, values[name] or ""))
        if tag == "td":
            self.cells.append(values)


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.load()


@pytest.fixture(scope="module")
def site(released: tuple[Path, list[Path]]) -> Path:
    """The run's release's site, as published (shared: do not change it). That it is the same
    in another process: tests/test_release.py."""
    return released[0] / "site"


def parse(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_internal_link_resolves_and_nothing_loads_from_the_network(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 300
    broken = []
    for page in pages:
        for tag, link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme == "data":
                continue
            if parts.scheme in ("http", "https", "mailto"):
                assert tag == "a", f"{page.name} loads {link} from the network"
                continue
            if not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {link}")
    assert broken == []


def test_every_instance_has_a_page(site: Path) -> None:
    graph = packaged_graph()
    instances = {
        s
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith("https://w3id.org/isecg-kg/id/")
    }
    assert [str(i) for i in instances if not (site / page_of(str(i))).is_file()] == []


class Cells(HTMLParser):
    """The technology table's mark cells: their status and the symbol they show."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[dict[str, str]] = []
        self.in_symbol = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "td" and values.get("data-status"):
            self.cells.append({"status": values["data-status"] or "", "symbol": ""})
        self.in_symbol = tag == "span" and values.get("class") == "symbol"

    def handle_data(self, data: str) -> None:
        if self.in_symbol:
            self.cells[-1]["symbol"] += data

    def handle_endtag(self, tag: str) -> None:
        self.in_symbol = False


def test_the_technology_table_shows_the_seeds_marks_and_how_certain_each_is(site: Path) -> None:
    parser = Cells()
    parser.feed((site / "technology.html").read_text(encoding="utf-8"))
    cells = parser.cells
    assert len(cells) == 14 * 5
    by_status = {s: [c for c in cells if c["status"] == s] for s in STATUSES}
    # data/technology-table.ttl: 25 certain, 9 inferred, 8 reconstructed (rows 1-2), 28 unknown
    assert {s: len(c) for s, c in by_status.items()} == {
        "certain": 25,
        "inferred": 9,
        "reconstructed": 8,
        "unknown": 28,
    }
    assert {c["symbol"] for c in by_status["unknown"]} == {"?"}
    # rows 1 and 2: US and Russia reconstructed as ○, Europe and China as empty; shown as such
    assert [c["symbol"] for c in cells[:4]] == ["○", "○", "", ""]
    assert [c["symbol"] for c in cells[5:9]] == ["○", "○", "", ""]
    assert sum(c["symbol"] == "○" for c in by_status["certain"]) == 5 * 5
    assert sum(c["symbol"] == "△" for c in cells) == 2
    html = (site / "technology.html").read_text(encoding="utf-8")
    for status in STATUSES:  # a legend entry with the swatch each status is drawn with
        assert f'class="swatch mark status-{status}"' in html
    assert '<span lang="ja">再構成（不確か）</span>' in html


def test_the_reconstructed_unknown_and_inferred_cells_are_drawn_differently() -> None:
    css = (Path(__file__).parent.parent / "src/isecg_kg/site/static/style.css").read_text()
    rules = {s: re.search(r"\.mark\.status-" + s + r" \{([^}]*)\}", css) for s in STATUSES[1:]}
    assert all(rules.values()), rules
    backgrounds = {re.findall(r"background: ([^;]*)", m.group(1))[0] for m in rules.values() if m}
    assert len(backgrounds) == 3


def test_pages_carry_both_languages(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<span lang="en">Overview</span><span lang="ja">概要</span>' in html
    jaxa = (site / "id/agency/jaxa.html").read_text(encoding="utf-8")
    assert (
        "Japan Aerospace Exploration Agency" in jaxa
        and "http://www.wikidata.org/entity/Q179103" in jaxa
    )
    # property names from the ontology's labels, linked entities and terms in both languages
    assert (
        '<dt title="isecg:acronym"><span lang="en">acronym</span><span lang="ja">略称</span>'
        in jaxa
    )
    assert '<span lang="en">space agency</span><span lang="ja">宇宙機関</span>' in jaxa
    assert '<span lang="en">Japan</span><span lang="ja">日本</span></a>' in jaxa
    # capability texts in both languages
    systems = (site / "systems.html").read_text(encoding="utf-8")
    assert "数百kg" in systems and "several hundred kg" in systems
    # without JavaScript both languages show: no language is fixed in the HTML
    assert "data-lang=" not in html.split("<body>")[0]


def test_the_home_page_says_the_member_counts_of_the_graph_and_how_to_install(
    site: Path, kg: KnowledgeGraph
) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    seed = len(kg.query("members-at"))  # the seed's date, early 2015: 14 agencies
    assert seed == 14
    assert f"({seed} in the source’s early-2015 snapshot, 27 as of 20 August 2024)" in html
    assert f"（基礎資料の2015年初頭時点で{seed}、2024年8月20日時点で27）" in html
    agencies = '<strong>27</strong><span lang="en">space agencies</span>'
    assert agencies in html  # the card beside it, of the same graph
    assert "pip install isecg-kg" not in html  # not on PyPI: the wheel of a release
    assert f"pip install 'isecg_kg-{__version__}-py3-none-any.whl[fast]'" in html


def test_the_chair_timeline_draws_approximate_and_open_ended_terms(site: Path) -> None:
    html = (site / "chairs.html").read_text(encoding="utf-8")
    bars = re.findall(r'<span class="who">(\w+)</span>.*?<span class="(bar[^"]*)"', html, re.S)
    assert bars == [
        ("NASA", "bar fuzzy"),  # June 2010: known to the month
        ("JAXA", "bar fuzzy"),  # began by 30 Aug 2011, ended by 20 Aug 2013: bounded
        ("CSA", "bar fuzzy"),  # began between 31 Aug 2011 and 20 Aug 2013
        ("ESA", "bar open"),  # no end recorded
    ]
    assert "between 2011-08-31 and 2013-08-20" in html and "no end recorded" in html


class ChartMarks(HTMLParser):
    """The marks of the through-time charts: each <g> of a join step, a chair or a GER edition
    (its data- attributes), and the classes of the shapes drawn inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[dict[str, Any]] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "g" and values.get("class", "").split(" ")[0] in ("join", "chair", "edition"):
            self.marks.append({**values, "shapes": []})
            self.depth = 1
        elif self.depth and tag != "title":
            self.marks[-1]["shapes"].append(values.get("class", tag))

    def handle_endtag(self, tag: str) -> None:
        if tag == "g":
            self.depth = 0


def chart_marks(site: Path, kind: str) -> list[dict[str, Any]]:
    parser = ChartMarks()
    parser.feed((site / "chairs.html").read_text(encoding="utf-8"))
    return [m for m in parser.marks if m["class"].split(" ")[0] == kind]


def test_the_membership_growth_chart_draws_the_querys_answer_and_its_uncertainty(
    site: Path, kg: KnowledgeGraph
) -> None:
    expected: dict[tuple[str, str], tuple[int, int, list[str]]] = {}
    for row in kg.query("membership-growth"):
        key = (str(row["joined_from"]), str(row["joined_by"]))  # datetime.date, as the page writes
        certain, possible, members = expected.setdefault(
            key, (row["certain_after"], row["possible_after"], [])
        )
        assert (certain, possible) == (row["certain_after"], row["possible_after"])
        members.append(row["acronym"])
    steps = chart_marks(site, "join")
    drawn = {
        (m["data-from"], m["data-by"]): (
            int(m["data-certain"]),
            int(m["data-possible"]),
            m["data-members"].split(","),
        )
        for m in steps
    }
    assert drawn == expected and len(steps) == len(expected) == 8
    assert steps[0]["data-members"].split(",")[:2] == ["ASI", "CNES"]  # the query's order
    assert drawn[("2015-10-05", "2015-10-05")] == (15, 15, ["UAE Space Agency"])
    assert drawn[("2019-01-01", "2019-12-31")] == (20, 20, ["ASA", "LSA", "POLSA", "ROSA", "SSO"])
    for step in steps:
        # hatched where the count is a range; dashed outline where the date is; ! on a conflict
        assert ("possible" in step["shapes"]) == (step["data-certain"] != step["data-possible"])
        assert ("range-outline" in step["shapes"]) == (step["data-from"] != step["data-by"])
    flagged = {m["data-members"] for m in steps if "conflict" in m["shapes"]}
    assert flagged == {"UAE Space Agency"}  # ?p=661 vs 2014 (LSA: 2019 by the Annual Report 2019)
    html = (site / "chairs.html").read_text(encoding="utf-8")
    assert "When the UAE Space Agency joined ISECG / UAE宇宙機関" in html
    assert "Membership growth" in html and "参加機関数の推移" in html


def test_the_chair_chart_draws_bounded_handovers_as_ranges_and_the_ger_editions(
    site: Path, kg: KnowledgeGraph
) -> None:
    chairs = {m["data-position"]: m for m in chart_marks(site, "chair")}
    assert [(p, m["data-acronym"]) for p, m in chairs.items()] == [
        ("1", "NASA"), ("2", "JAXA"), ("3", "CSA"), ("4", "ESA"),
        ("5", "NASA"), ("6", "JAXA"), ("7", "CSA"),
    ]  # fmt: skip
    fields = ("began_from", "began_by", "ended_from", "ended_by")

    def bounds(mark: dict[str, Any]) -> tuple[str, ...]:
        return tuple(mark["data-" + f.replace("_", "-")] for f in fields)

    # chairs 4 to 7 as chair-at answers on dates when each may have held the chair
    answered = {
        str(row["position"]): tuple("" if row[f] is None else str(row[f]) for f in fields)
        for as_of in ("2016-01-01", "2020-06-01")
        for row in kg.query("chair-at", as_of=as_of)
    }
    assert sorted(answered) == ["4", "5", "6", "7"]
    assert {p: bounds(chairs[p]) for p in answered} == answered
    # chairs 1 to 3: chair-history's day bounds (a month spans its days; the hand-overs of
    # 2010-2011 and 2011-2013 are bounded, issue 21)
    history = [tuple(str(r[f]) for f in fields) for r in kg.query("chair-history")][:3]
    assert (
        [bounds(chairs[p]) for p in "123"]
        == history
        == [
            ("2010-06-01", "2010-06-30", "2010-06-01", "2011-08-30"),
            ("2010-06-01", "2011-08-30", "2011-08-31", "2013-08-20"),
            ("2011-08-31", "2013-08-20", "2014-09-30", "2014-09-30"),
        ]
    )
    for mark in chairs.values():
        b = bounds(mark)
        ranges = (b[0] != b[1]) + (b[2] != b[3])
        assert mark["shapes"].count("handover") == ranges, mark  # hatched, never a point
        assert ("open-end" in mark["shapes"]) == (b[2] == ""), mark
    assert bounds(chairs["7"])[2:] == ("", "")  # CSA: no end recorded
    # the editions: one numbered mark each, in the query's order; 2022 known only to the year
    issued = list(
        dict.fromkeys(str(row["issued"]) for row in kg.query("ger-editions"))
    )  # 2022: int
    editions = chart_marks(site, "edition")
    assert [m["data-issued"] for m in editions] == issued == [
        "2011-09", "2013-08", "2018-01", "2020-08", "2022", "2024-08",
    ]  # fmt: skip
    for mark in editions:
        kind = "edition-year" if len(mark["data-issued"]) == 4 else "edition-line"
        assert kind in mark["shapes"], mark
    html = (site / "chairs.html").read_text(encoding="utf-8")
    assert html.count('<li class="edition-item"') == len(issued)
    assert (
        "Gateway in lunar orbit (Deep Space Gateway)" in html and "月周回軌道のゲートウェイ" in html
    )


def test_the_ontology_reference_is_in_the_site_frame_one_language_a_page(site: Path) -> None:
    english = (site / "ontology.html").read_text(encoding="utf-8")
    japanese = (site / "ontology-ja.html").read_text(encoding="utf-8")
    for page in (english, japanese):
        assert '<header class="site">' in page and 'href="index.html"' in page
        assert 'href="ontology-ja.html?lang=ja"' in page and 'href="ontology.html?lang=en"' in page
    assert "space agency" in english and "宇宙機関" not in english
    assert "宇宙機関" in japanese and "space agency" not in japanese
    # the header comment's placeholders are text, not tags swallowed by the browser
    assert "https://w3id.org/isecg-kg/id/&lt;kind&gt;/&lt;slug&gt;." in english
    body = english.split("<body>", 1)[1]
    assert "<kind>" not in re.sub(r"<script\b.*?</script>", "", body, flags=re.S)


class ValueRows(HTMLParser):
    """The rows of the ontology page's controlled-values tables: (CURIE id, cells' texts)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = 0  # the depth of <div>s inside the section, 0 outside it
        self.rows: dict[str, list[str]] = {}
        self.current: list[str] = []
        self.key = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id") == "controlled-values":
            self.inside = 1
        elif self.inside and tag == "div":
            self.inside += 1
        if self.inside and tag == "tr":
            self.current, self.key = [], ""
        if self.inside and tag == "td":
            self.current.append("")
        if self.inside and tag == "code" and (found.get("id") or "").startswith("value-"):
            self.key = found["id"] or ""

    def handle_data(self, data: str) -> None:
        if self.inside and self.current:
            self.current[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if self.inside and tag == "tr" and self.key:
            self.rows[self.key] = self.current
        if self.inside and tag == "div":
            self.inside -= 1


def test_the_ontology_page_lists_every_controlled_value_with_both_labels(site: Path) -> None:
    from rdflib import Graph, Literal
    from rdflib.namespace import OWL, RDFS, SKOS

    from isecg_kg.vocab import ISECG, curie

    vocabularies = Graph().parse(resources.rdf_root() / "ontology" / "vocabularies.ttl")
    values = set(vocabularies.subjects(RDF.type, OWL.NamedIndividual))
    assert len(values) > 30 and ISECG.PlenaryOnly in values
    for page, lang in (("ontology.html", "en"), ("ontology-ja.html", "ja")):
        parser = ValueRows()
        parser.feed((site / page).read_text(encoding="utf-8"))
        assert len(parser.rows) == len(values), page
        for value in values:
            name = curie(str(value)) or ""
            _, en, ja, definition, _ = parser.rows["value-" + name.replace(":", "-")]
            labels = {o.language: str(o) for o in vocabularies.objects(value, RDFS.label)}
            assert (en, ja) == (labels["en"], labels["ja"]), name
            texts = [
                str(o)
                for p in (SKOS.definition, RDFS.comment)
                for o in vocabularies.objects(value, p)
                if isinstance(o, Literal) and o.language == lang
            ]
            assert definition == (texts[0] if texts else ""), name
    english = (site / "ontology.html").read_text(encoding="utf-8")
    assert '<a href="#controlled-values">Controlled values</a>' in english
    assert "LostFigure" in english and "ConflictingSources" in english


def test_sparql_page_ships_the_engine_its_licence_and_the_examples(site: Path) -> None:
    oxigraph = site / "static" / "oxigraph"
    assert (oxigraph / "web_bg.wasm").stat().st_size > 1_000_000
    assert "MIT" in (oxigraph / "LICENSE-MIT").read_text(encoding="utf-8")
    assert "Apache License" in (oxigraph / "LICENSE-APACHE").read_text(encoding="utf-8")
    html = (site / "sparql.html").read_text(encoding="utf-8")
    assert "PREFIX isecg: &lt;https://w3id.org/isecg-kg/ontology#&gt;" in html  # the editor
    assert "python -m http.server" in html  # what to do when opened from disk
    examples = json.loads(
        html.split('<script type="application/json" id="examples">')[1].split("</script>")[0]
    )
    stored = catalogue(resources.queries_dir())
    assert {e["name"]: e["text"] for e in examples} == {n: q.text for n, q in stored.items()}
    # every stored query's page links to sparql.html with its text
    page = (site / "queries" / "chair-history.html").read_text(encoding="utf-8")
    link = re.search(r'href="\.\./sparql\.html\?query=([^"]+)"', page)
    assert link and unquote(html_unescape(link.group(1))) == stored["chair-history"].text


def test_parameterised_query_pages_offer_a_form_that_binds_as_the_cli_does(site: Path) -> None:
    """Every stored query with parameters has a form (one input per parameter, its default
    filled in) and its text cut at the VALUES blocks; joined with each default written as one
    term it is what `bind` writes. A query without parameters has no form."""
    stored = catalogue(resources.queries_dir())
    with_form = set()
    for name, query in stored.items():
        page = (site / "queries" / f"{name}.html").read_text(encoding="utf-8")
        if not query.parameters:
            assert 'id="query-params"' not in page and "params.js" not in page, name
            continue
        with_form.add(name)
        shown = html_unescape(page)
        for p in query.parameters:
            assert f'name="{p.name}" value="{p.default}" required' in page, (name, p.name)
            # what the parameter means, in both languages, as the input's description
            assert f'aria-describedby="param-{p.name}-about"' in page, (name, p.name)
            assert (
                f'<small class="muted" id="param-{p.name}-about"><span lang="en">'
                f'{p.description}</span><span lang="ja">{p.description_ja}</span></small>'
            ) in shown, (name, p.name)
        form = json.loads(
            html_unescape(
                page.split('<script type="application/json" id="query-template">')[1].split(
                    "</script>"
                )[0]
            )
        )
        defaults = {p.name: p.default for p in query.parameters}
        terms = {p.name: p.term(p.default).n3() for p in query.parameters}
        parts = form["parts"]
        joined = "".join(
            parts[i] if i % 2 == 0 else f"VALUES ?{parts[i]} {{ {terms[parts[i]]} }}"
            for i in range(len(parts))
        )
        assert joined == query.bind(defaults), name
        assert [q["name"] for q in form["params"]] == [p.name for p in query.parameters]
    assert {"chairs-between", "joined-after", "membership-sources", "chair-at"} <= with_form
    page = (site / "queries" / "chairs-between.html").read_text(encoding="utf-8")
    assert '<span lang="ja">期間の初日（YYYY-MM-DD）</span>' in page


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def above_4(fd: int) -> int:
    """The fd moved to 10 or above, so the child's dup2 onto 3 and 4 never clobbers it."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


# What Chromium answers when a command meets a page that a navigation is replacing.
NAVIGATED = frozenset({"Inspected target navigated or closed", "Execution context was destroyed."})


class Navigated(AssertionError):
    """The page went away while a command ran: `until` asks again, any other caller fails."""


class Browser:
    """One headless Chromium for the whole module, driven over the DevTools protocol on a pipe
    (--remote-debugging-pipe: commands on fd 3, replies on fd 4, NUL-separated JSON), so the
    tests need nothing beyond the standard library and Debian's chromium."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM
        to_browser, self._commands = (above_4(fd) for fd in os.pipe())
        self._replies, from_browser = (above_4(fd) for fd in os.pipe())

        def pipes_on_3_and_4() -> None:  # runs in the child before exec
            os.dup2(to_browser, 3)
            os.dup2(from_browser, 4)

        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=pipes_on_3_and_4,  # before any thread of this fixture starts
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=True)

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select(
                [self._replies], [], [], max(0.0, deadline - time.monotonic())
            )
            assert ready, "Chromium did not answer in time"
            chunk = os.read(self._replies, 1 << 20)
            assert chunk, "Chromium closed its DevTools pipe"
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, session: bool = False, wait: float = 60, **params: Any) -> Any:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + wait
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                error = reply.get("error", {}).get("message", "")
                if error in NAVIGATED:
                    raise Navigated(f"{method}: {error}")
                assert "error" not in reply, f"{method}: {reply['error']}"
                return reply.get("result", {})
            self.events.append(reply)

    def evaluate(self, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate",
            session=True,
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def open(
        self, url: str, width: int, height: int = 900, accept_language: str = "en-US,en"
    ) -> None:
        self.viewport(width, height)
        self.send(
            "Emulation.setUserAgentOverride",
            session=True,
            userAgent=self.evaluate("navigator.userAgent"),
            acceptLanguage=accept_language,
        )
        self.events.clear()
        self.send("Page.navigate", session=True, url=url)
        self.until("document.readyState === 'complete'")

    def viewport(self, width: int, height: int) -> None:
        """A phone's (narrower than 600 px) or a desktop's window of that size."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )

    def until(self, condition: str, wait: float = 60) -> None:
        deadline = time.monotonic() + wait
        while True:
            try:
                if self.evaluate(f"Boolean({condition})"):
                    return
            except Navigated:  # asked while the page was being replaced: ask the next one
                pass
            assert time.monotonic() < deadline, f"never true: {condition}"
            time.sleep(0.1)

    def errors(self) -> list[str]:
        """Uncaught exceptions, console.error calls and failed loads since the last open()."""
        found = []
        for event in self.events:
            params = event.get("params", {})
            if event.get("method") == "Runtime.exceptionThrown":
                found.append(str(params["exceptionDetails"]))
            elif event.get("method") == "Runtime.consoleAPICalled" and params["type"] == "error":
                found.append(str(params["args"]))
            elif event.get("method") == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(params["entry"]["text"] + " " + params["entry"].get("url", ""))
        return found

    def screenshot(self, path: Path, width: int) -> None:
        """The whole page (up to 4000 px tall) at the given width."""
        self.viewport(width, min(4000, int(self.evaluate("document.documentElement.scrollHeight"))))
        data = self.send("Page.captureScreenshot", session=True, format="png")["data"]
        path.parent.mkdir(parents=True, exist_ok=True)  # whichever test takes the first one
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        with contextlib.suppress(AssertionError, OSError):
            self.send("Browser.close", wait=10)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        os.close(self._replies)


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The built site on 127.0.0.1 (a free port), stopped after the module."""
    handler = partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return "application/wasm" if str(path).endswith(".wasm") else super().guess_type(path)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if CHROMIUM is None:
        assert not os.environ.get("CI"), "CI must install Debian's chromium"
        pytest.skip("Chromium not installed")
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


def test_pages_load_in_a_real_browser_without_console_errors(browser: Browser, served: str) -> None:
    for page in MAIN_PAGES:
        # the Japanese reference asked for in English would move to ontology.html while the
        # next line reads the page: ask for its own language
        browser.open(served + page + ("?lang=ja" if page.endswith("-ja.html") else ""), 1280)
        assert browser.errors() == [], page
        assert browser.evaluate("document.documentElement.dataset.lang") in ("en", "ja"), page
    browser.open(served + "technology.html?lang=en", 1280)
    assert browser.evaluate("document.querySelectorAll('td[data-status=unknown]').length") == 28


def test_the_language_comes_from_the_url_then_memory_then_the_browser(
    browser: Browser, served: str
) -> None:
    def shown() -> tuple[str, bool, bool]:
        return (
            browser.evaluate("document.documentElement.dataset.lang"),
            browser.evaluate("document.querySelector('h1 [lang=en]').offsetParent !== null"),
            browser.evaluate("document.querySelector('h1 [lang=ja]').offsetParent !== null"),
        )

    browser.open(served + "index.html", 1280)
    browser.evaluate("localStorage.clear()")
    browser.open(served + "index.html", 1280, accept_language="ja-JP,ja,en")
    assert shown() == ("ja", False, True)  # the browser's preference
    browser.open(served + "index.html", 1280, accept_language="fr-FR,fr")
    assert shown() == ("en", True, False)  # neither language preferred: English
    browser.open(served + "index.html?lang=ja", 1280, accept_language="en-US,en")
    assert shown() == ("ja", False, True)  # the URL wins
    browser.open(served + "chairs.html", 1280, accept_language="en-US,en")
    assert shown() == ("ja", False, True)  # and is remembered
    browser.evaluate("document.querySelector('[data-lang-link=en]').click()")
    assert shown() == ("en", True, False)  # the switch changes it in place
    browser.open(served + "ontology.html", 1280)
    assert browser.evaluate("location.pathname").endswith("/ontology.html")
    browser.open(served + "ontology.html?lang=ja", 1280)
    browser.until("location.pathname.endsWith('/ontology-ja.html')")
    browser.evaluate("localStorage.clear()")


def cli_rows(name: str, *params: str) -> tuple[list[str], list[list[str]]]:
    done = subprocess.run(
        [sys.executable, "-m", "isecg_kg", "query", name, *params, "--format", "csv"],
        capture_output=True,
        text=True,
        check=True,
    )
    header, *rows = list(csv.reader(io.StringIO(done.stdout)))
    return header, rows


@pytest.mark.parametrize("name", ["chair-history", "technology-matrix"])
def test_sparql_page_runs_a_shared_query_and_shows_the_clis_answer(
    browser: Browser, served: str, name: str
) -> None:
    text = catalogue(resources.queries_dir())[name].text
    browser.open(served + "sparql.html?lang=en&query=" + quote(text, safe=""), 1280)
    browser.until("document.documentElement.dataset.sparql")
    assert browser.evaluate("document.documentElement.dataset.sparql") == "ready"
    browser.until("!document.getElementById('results').hidden")
    assert browser.evaluate("document.getElementById('query').value") == text
    header = browser.evaluate(
        "[...document.querySelectorAll('#results thead th')].map(th => th.textContent)"
    )
    rows = browser.evaluate(
        "[...document.querySelectorAll('#results tbody tr')]"
        ".map(tr => [...tr.cells].map(td => td.textContent))"
    )
    expected_header, expected_rows = cli_rows(name)
    assert header == expected_header
    assert sorted(rows) == sorted(expected_rows) and len(rows) > 3
    assert browser.errors() == []
    if name == "chair-history":
        browser.screenshot(SCREENSHOTS / "sparql-1280-en.png", 1280)


def shown_rows(browser: Browser) -> tuple[list[str], list[list[str]]]:
    header = browser.evaluate(
        "[...document.querySelectorAll('#results thead th')].map(th => th.textContent)"
    )
    rows = browser.evaluate(
        "[...document.querySelectorAll('#results tbody tr')]"
        ".map(tr => [...tr.cells].map(td => td.textContent))"
    )
    return header, rows


def test_a_query_pages_form_runs_the_query_with_the_visitors_values(
    browser: Browser, served: str
) -> None:
    """chairs-between for January to June 2015: the form writes the values into the query as
    `--param` does, sparql.html runs it, and the answer is the CLI's (ESA, the whole period)."""
    query = catalogue(resources.queries_dir())["chairs-between"]
    values = {"from": "2015-01-01", "to": "2015-06-30"}
    browser.open(served + "queries/chairs-between.html?lang=en", 1280)
    for name, value in values.items():
        browser.evaluate(f"document.getElementById('param-{name}').value = '{value}'")
    browser.evaluate("document.querySelector('#query-params button').click()")
    browser.until("location.pathname.endsWith('/sparql.html')")
    browser.until("document.documentElement.dataset.sparql")
    browser.until("!document.getElementById('results').hidden")
    assert browser.evaluate("document.getElementById('query').value") == query.bind(values)
    params = [a for k, v in values.items() for a in ("--param", f"{k}={v}")]
    assert shown_rows(browser) == cli_rows("chairs-between", *params)
    assert cli_rows("chairs-between", *params)[1][0][:3] == ["4", "ESA", "true"]
    assert browser.errors() == []


def test_a_bad_value_is_refused_in_the_form_and_odd_strings_bind_as_in_python(
    browser: Browser, served: str
) -> None:
    stored = catalogue(resources.queries_dir())
    browser.open(served + "queries/technology-overlaps.html?lang=en", 1280)
    browser.evaluate("document.getElementById('param-min').value = '1.5'")
    # past the browser's own check of the number field, as a script or an old browser would be
    browser.evaluate(
        "document.getElementById('query-params')"
        ".dispatchEvent(new Event('submit', {cancelable: true}))"
    )
    assert browser.evaluate("location.pathname").endswith("/queries/technology-overlaps.html")
    message = "document.getElementById('query-params-message')"
    assert browser.evaluate(f"{message}.hidden") is False
    assert browser.evaluate(f"{message}.textContent").startswith("min: must be an integer")
    # the page's binding against StoredQuery.bind: the same query (same algebra) for each value
    browser.open(served + "queries/agency-proposals-and-needs.html?lang=en", 1280)
    query = stored["agency-proposals-and-needs"]
    for value in ["NASA", 'a"b', "\\u0041", "line\nbreak\r", "宇宙航空研究開発機構", "x\\"]:
        bound = browser.evaluate(
            "isecgKgBind(JSON.parse(document.getElementById('query-template').textContent), "
            + json.dumps({"agency": value})
            + ").text"
        )
        assert str(prepareQuery(bound).algebra) == str(
            prepareQuery(query.bind({"agency": value})).algebra
        ), value
    assert browser.errors() == []


COOKBOOK = Path(__file__).resolve().parent.parent / "docs" / "cookbook.md"


@pytest.mark.parametrize("number", ["1", "5", "6", "7", "12"])
def test_the_cookbooks_queries_run_in_sparql_html_as_on_the_cli(
    browser: Browser, served: str, tmp_path: Path, number: str
) -> None:
    """docs/cookbook.md says each query can be pasted into sparql.html: a few of them, run there,
    answer what `isecg-kg query FILE.rq` answers (which tests/test_cookbook.py checks against
    the sources)."""
    texts = dict(
        re.findall(
            r"^### (\d+)\..*?```sparql\n(.*?)```",
            COOKBOOK.read_text(encoding="utf-8"),
            re.S | re.M,
        )
    )
    path = tmp_path / f"cookbook-{number}.rq"
    path.write_text(texts[number], encoding="utf-8")
    browser.open(served + "sparql.html?lang=en&query=" + quote(texts[number], safe=""), 1280)
    browser.until("document.documentElement.dataset.sparql")
    assert browser.evaluate("document.documentElement.dataset.sparql") == "ready"
    browser.until("!document.getElementById('results').hidden")
    header, rows = shown_rows(browser)
    expected_header, expected_rows = cli_rows(str(path))
    assert header == expected_header
    assert sorted(rows) == sorted(expected_rows) and rows
    assert browser.errors() == []


# Everything on the page that sticks out of the viewport sideways, except inside a container
# that scrolls sideways (overflow-x auto or scroll: the pattern for a wide table or code).
TOO_WIDE = """(() => {
  const width = window.innerWidth, found = [];
  if (document.documentElement.scrollWidth > width) {
    found.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
  }
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX; if (x === 'auto' || x === 'scroll') return true; }
    return false; };
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.left >= -0.5 && box.right <= width + 0.5) continue;
    if (scrolls(el)) continue;
    found.push(el.tagName + '.' + el.className + ' [' + box.left + ', ' + box.right + '] '
      + el.textContent.trim().slice(0, 40));
  }
  return found;
})()"""


class Text(HTMLParser):
    """The text a page shows (not its scripts or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


# A run a browser cannot break: no white space and no CJK character (CJK text breaks anywhere).
UNBREAKABLE = re.compile(r"[^\s\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def longest_unbreakable(page: Path) -> int:
    text = Text()
    text.feed(page.read_text(encoding="utf-8"))
    return max((len(run) for run in UNBREAKABLE.findall(" ".join(text.parts))), default=0)


def widest_of_each_kind(site: Path) -> list[str]:
    """The pages that can be too wide for a phone. Each top page and query page has a layout of
    its own: all of them. The entity pages of one folder under id/ share a template and differ by
    their data, and data makes a page wide by a long unbreakable run or by sheer size: of each
    folder, the page with the longest such run and the largest page. (Every page at 390 px in two
    languages took 70 s of Chromium's CPU; these about 130 take a third of that.)"""
    kinds: dict[Path, list[Path]] = {}
    for page in site.rglob("*.html"):
        relative = page.relative_to(site)
        entity = relative.parts[0] == "id" and len(relative.parts) > 2
        kinds.setdefault(relative.parent if entity else relative, []).append(page)
    chosen = set()
    for pages in kinds.values():
        chosen.add(max(pages, key=lambda page: (longest_unbreakable(page), str(page))))
        chosen.add(max(pages, key=lambda page: (page.stat().st_size, str(page))))
    return sorted(str(page.relative_to(site)) for page in chosen)


def test_the_pages_that_can_be_too_wide_are_chosen_by_their_content(site: Path) -> None:
    pages = widest_of_each_kind(site)
    everything = sorted(site.rglob("*.html"))
    assert 100 < len(pages) < len(everything) / 2
    for page in everything:  # every page of a layout of its own
        if page.parent in (site, site / "queries"):
            assert str(page.relative_to(site)) in pages
    references = sorted(site.glob("id/reference/*.html"))
    longest = max(references, key=lambda page: (longest_unbreakable(page), str(page)))
    largest = max(references, key=lambda page: (page.stat().st_size, str(page)))
    assert {str(longest.relative_to(site)), str(largest.relative_to(site))} <= set(pages)
    assert [p for p in pages if p.startswith("id/reference/")] == sorted(
        {str(longest.relative_to(site)), str(largest.relative_to(site))}
    )
    assert longest_unbreakable(longest) > 60  # a long IRI or URL, shown as text


def test_no_page_is_wider_than_a_phone_in_either_language(
    browser: Browser, served: str, site: Path
) -> None:
    """The pages that can be too wide (`widest_of_each_kind`) at 390 px, in English and Japanese
    (switched as a reader does, by the page's language switch; the ontology reference has a file
    per language)."""
    pages = widest_of_each_kind(site)
    faults = {}
    for page in pages:
        one_language = page in ("ontology.html", "ontology-ja.html")
        lang = "ja" if page == "ontology-ja.html" else "en"
        browser.open(f"{served}{page}?lang={lang}", 390)
        faults[(page, lang)] = browser.evaluate(TOO_WIDE)
        if not one_language:
            browser.evaluate("document.querySelector('[data-lang-link=\"ja\"]').click()")
            assert browser.evaluate("document.documentElement.dataset.lang") == "ja", page
            faults[(page, "ja")] = browser.evaluate(TOO_WIDE)
    assert len(faults) == 2 * len(pages) - 2
    assert {key: found for key, found in faults.items() if found} == {}


def phone_layout(browser: Browser, served: str, lang: str) -> None:
    browser.open(f"{served}technology.html?lang={lang}", 390)
    # the table's explanation stands outside the scrolling table, in view, and asks no phone
    # user to hover: a tapped cell shows its evidence at the foot of the screen
    about = f"document.querySelector('#technology-table-about [lang=\"{lang}\"]')"
    box = browser.evaluate(f"(b => [b.left, b.right])({about}.getBoundingClientRect())")
    assert box[0] >= 0 and box[1] <= 390
    assert ("Tap" if lang == "en" else "タップ") in browser.evaluate(f"{about}.textContent")
    assert browser.evaluate("document.getElementById('cell-evidence').hidden")
    browser.evaluate("document.querySelector('#technology-table td.mark').click()")
    shown = browser.evaluate("document.getElementById('cell-evidence').textContent")
    assert browser.evaluate("!document.getElementById('cell-evidence').hidden")
    assert shown.startswith("Crew spacecraft" if lang == "en" else "有人探査用宇宙船"), shown
    # the technology column stays in view while the table scrolls sideways, and a hint says so
    browser.evaluate("document.querySelector('.sticky-first').scrollLeft = 400")
    first = "document.querySelector('#technology-table tbody th')"
    assert 0 <= browser.evaluate(f"{first}.getBoundingClientRect().left") < 30
    assert browser.evaluate("document.querySelector('.sticky-first').scrollLeft") > 0
    hint = "getComputedStyle(document.querySelector('.scroll-hint')).display"
    assert browser.evaluate(hint) == "block"
    browser.open(f"{served}index.html?lang={lang}", 390)
    tops = browser.evaluate(
        "[...document.querySelectorAll('.card')].map(c => c.getBoundingClientRect().top)"
    )
    assert len(set(tops)) <= (len(tops) + 1) // 2  # cards two (or more) to a row on a phone
    # the commands to copy wrap rather than run off the screen
    commands = "document.querySelector('pre.commands')"
    assert browser.evaluate(f"{commands}.scrollWidth <= {commands}.clientWidth")
    # a query's answer of three or four columns fits a phone whole; a wider one says it scrolls
    for name, fits in (
        ("technology-overlaps", True),
        ("technology-gaps", True),
        ("agencies", False),
    ):
        browser.open(f"{served}queries/{name}.html?lang={lang}", 390)
        wrap = "document.querySelector('.table-wrap')"
        assert browser.evaluate(f"{wrap}.scrollWidth <= {wrap}.clientWidth") == fits, name
        assert browser.evaluate("document.querySelector('.scroll-hint').hidden") == fits, name
    browser.open(f"{served}chairs.html?lang={lang}", 390)
    size = "parseFloat(getComputedStyle(document.querySelector('.timeline .when')).fontSize)"
    assert browser.evaluate(size) >= 12  # the timeline's text stays readable
    # the through-time charts fit the phone, every label inside its picture and legible
    charts = browser.evaluate(
        "[...document.querySelectorAll('svg.chart')].map(svg => {"
        " const box = svg.getBoundingClientRect();"
        " const texts = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect());"
        " return [box.left, box.right, texts.length,"
        "  Math.max(...texts.map(t => t.right)) - box.right,"
        "  Math.min(...texts.map(t => t.left)) - box.left,"
        "  Math.min(...texts.map(t => t.height))]; })"
    )
    assert len(charts) == 2
    for left, right, texts, past_right, before_left, smallest in charts:
        assert left >= 0 and right <= 390 and texts > 10
        assert past_right <= 0.5 and before_left >= -0.5
        assert smallest >= 9  # px on screen


@pytest.fixture()
def isecg_serve(served: str) -> Iterator[tuple[str, list[str]]]:
    """`isecg-kg serve` on a free loopback port, its answers readable by the site's origin only:
    its base URL and what it printed about its editor; stopped by SIGINT to its PID."""
    if shutil.which("oxigraph", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("the Oxigraph server (the fast extra) is not installed")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "isecg_kg",
            "serve",
            "--port",
            str(port),
            "--allow-origin",
            served.rstrip("/"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline().strip() for _ in range(3)]
        assert lines[0] == f"SPARQL endpoint (read-only): http://127.0.0.1:{port}/query"
        yield f"http://127.0.0.1:{port}/", lines[1:]
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)


def test_serve_offers_the_prefixes_in_yasgui_and_the_examples_through_sparql_html(
    browser: Browser, served: str, isecg_serve: tuple[str, list[str]]
) -> None:
    server, printed = isecg_serve
    link = printed[0].split(": ", 1)[1]
    assert link == yasgui_link(server, starter_query())
    browser.open(link, 1280)
    browser.until("document.querySelector('.CodeMirror')")
    editor = browser.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert editor == starter_query()
    assert (
        browser.evaluate("document.querySelector('input.autocomplete').value") == server + "query"
    )
    # the site's editor, with its examples, sends its queries to the server when asked to
    assert f"sparql.html?endpoint={server}query" in printed[1]
    text = catalogue(resources.queries_dir())["chair-history"].text
    endpoint = quote(server + "query", safe="")
    browser.open(f"{served}sparql.html?endpoint={endpoint}&query={quote(text, safe='')}", 1280)
    # the linked endpoint is shown, and nothing is sent before the visitor confirms it
    browser.until("document.documentElement.dataset.sparql === 'confirm'")
    assert browser.evaluate("document.getElementById('endpoint-url').textContent") == (
        server + "query"
    )
    browser.evaluate("document.getElementById('run').click()")
    time.sleep(1)
    assert browser.evaluate("document.getElementById('results').hidden") is True
    assert browser.evaluate("document.getElementById('result-status').textContent") == ""
    browser.evaluate("document.getElementById('endpoint-yes').click()")
    browser.until("!document.getElementById('results').hidden")
    rows = browser.evaluate(
        "[...document.querySelectorAll('#results tbody tr')]"
        ".map(tr => [...tr.cells].map(td => td.textContent))"
    )
    assert sorted(rows) == sorted(cli_rows("chair-history")[1])


SHOTS = {
    "overview": "index.html",
    "technology": "technology.html",
    "chairs": "chairs.html",
    "entity-jaxa": "id/agency/jaxa.html",
}


def test_screenshots_at_phone_and_desktop_widths_in_both_languages(
    browser: Browser, served: str
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        for lang in ("en", "ja"):
            for name, page in SHOTS.items():
                browser.open(f"{served}{page}?lang={lang}", width)
                assert browser.errors() == [], page
                # nothing wider than the screen except inside a horizontally scrolling wrapper
                assert browser.evaluate("document.documentElement.scrollWidth") <= width, page
                shot = SCREENSHOTS / f"{name}-{width}-{lang}.png"
                browser.screenshot(shot, width)
                assert shot.stat().st_size > 10_000
            if width == 390:
                phone_layout(browser, served, lang)


def test_the_technologies_through_time_page_draws_the_links_and_the_certainty(site: Path) -> None:
    """Issue 22: the 2015 table beside the later needs, as links/technology-needs-across-time.ttl
    and data/critical-technology-needs.ttl hold them."""
    html = (site / "technology-needs.html").read_text(encoding="utf-8")
    statuses = re.findall(r'<span class="mark status-\w+" data-status="(\w+)"', html)
    # the same cells as the technology page: 25 certain, 9 inferred, 8 reconstructed, 28 unknown
    assert {s: statuses.count(s) for s in STATUSES} == {
        "certain": 25,
        "inferred": 9,
        "reconstructed": 8,
        "unknown": 28,
    }
    links = re.findall(
        r'<li class="link link-(\w+)" data-match="\w+" data-confidence="([0-9.]+)"', html
    )
    assert sorted(links) == [
        ("closeMatch", "0.7"),
        ("closeMatch", "0.8"),
        ("closeMatch", "0.9"),
        ("relatedMatch", "0.4"),
        ("relatedMatch", "0.5"),
        ("relatedMatch", "0.5"),
        ("relatedMatch", "0.6"),
    ]
    assert html.count('<tr data-order="') == 14
    assert len(re.findall(r'<li id="need-[^"]+" data-counterparts="0"', html)) == 5
    assert len(re.findall(r'<li id="need-', html)) == 12  # nine 2019 items, three ISRU areas
    assert '<code>GER-023</code> <span lang="en">Crew Autonomy Beyond LEO</span>' in html
    assert '<span lang="ja">地球低軌道以遠での搭乗員の自律性</span>' in html
    for name in ("closeMatch", "relatedMatch"):  # a legend swatch for each line drawn
        assert f'class="swatch link-line link-{name}"' in html


def test_the_technologies_through_time_page_fits_phone_and_desktop_in_both_languages(
    browser: Browser, served: str
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        for lang in ("en", "ja"):
            browser.open(f"{served}technology-needs.html?lang={lang}", width)
            assert browser.errors() == []
            assert browser.evaluate("document.documentElement.dataset.lang") == lang
            # nothing wider than the screen except inside a horizontally scrolling wrapper
            assert browser.evaluate("document.documentElement.scrollWidth") <= width
            widest = browser.evaluate(
                "Math.max(...[...document.querySelectorAll('body *')]"
                ".filter(e => !e.closest('.table-wrap')).map(e => e.getBoundingClientRect().right))"
            )
            assert widest <= width + 0.5
            sections = browser.evaluate(
                "[...document.querySelectorAll('.across-time > section')]"
                ".map(s => [s.getBoundingClientRect().left, s.getBoundingClientRect().top])"
            )
            side_by_side = sections[1][0] > sections[0][0]
            assert side_by_side is (width == 1280), (width, sections)
            links = "document.querySelectorAll('#needs-table li.link').length"
            assert browser.evaluate(links) == 7
            shot = SCREENSHOTS / f"technology-needs-{width}-{lang}.png"
            browser.screenshot(shot, width)
            assert shot.stat().st_size > 10_000
