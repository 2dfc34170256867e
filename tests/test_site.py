"""The static site and the release: links resolve, the table shows the right marks, pages load in
a real browser (Debian's headless Chromium) without console errors, checksums are right."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import threading
from functools import partial
from html import unescape as html_unescape
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF

from isecg_kg import resources
from isecg_kg.load import packaged_graph
from isecg_kg.release import DATASET, SPDX, release
from isecg_kg.site import STATUSES, build_site, page_of
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
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("site")
    build_site(output)
    return output


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


def test_the_chair_timeline_draws_approximate_and_open_ended_terms(site: Path) -> None:
    html = (site / "chairs.html").read_text(encoding="utf-8")
    bars = re.findall(r'<span class="who">(\w+)</span>.*?<span class="(bar[^"]*)"', html, re.S)
    assert bars == [
        ("NASA", "bar fuzzy"),  # June 2010: known to the month
        ("JAXA", "bar fuzzy"),  # ended "2012"
        ("CSA", "bar fuzzy"),  # began "2012"
        ("ESA", "bar open"),  # no end recorded
    ]
    assert "2012 (year only)" in html and "no end recorded" in html


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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def chromium(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM
    profile = SCREENSHOTS.parent / "chromium-profile"
    return subprocess.run(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="Chromium not installed")
def test_pages_load_in_a_real_browser_without_console_errors(site: Path) -> None:
    assert CHROMIUM, "CI must install Debian's chromium"
    handler = partial(SimpleHTTPRequestHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for page in MAIN_PAGES:
            done = chromium("--virtual-time-budget=3000", "--dump-dom", base + page)
            errors = [
                line
                for line in done.stderr.splitlines()
                if "CONSOLE" in line and ("Uncaught" in line or "Error" in line)
            ]
            assert errors == [], f"{page}: {errors}"
            assert "</html>" in done.stdout, f"{page} did not render"
            if page == "technology.html":
                assert 'data-lang="en"' in done.stdout  # the page script ran
                assert done.stdout.count('data-status="unknown"') == 28
        shot = SCREENSHOTS / "technology.png"
        chromium("--window-size=1280,1500", f"--screenshot={shot}", base + "technology.html")
        assert shot.is_file() and shot.stat().st_size > 10_000
        chromium(
            "--window-size=390,1800",
            f"--screenshot={SCREENSHOTS / 'technology-phone.png'}",
            base + "technology.html",
        )
        chromium(
            "--window-size=1280,1000",
            f"--screenshot={SCREENSHOTS / 'chairs.png'}",
            base + "chairs.html",
        )
    finally:
        server.shutdown()
        server.server_close()


def test_release_artefacts_with_checksums(tmp_path: Path) -> None:
    written = release(tmp_path)
    names = {p.name for p in written}
    for name in (
        "isecg-kg-0.1.0.ttl",
        "isecg-kg-0.1.0.nt",
        "isecg-kg-0.1.0.jsonld",
        "isecg-kg-0.1.0.rdf",
        "isecg-kg-0.1.0-inferred.ttl",
        "context.jsonld",
        "instance-links.sssom.tsv",
        "ontology-alignments.sssom.tsv",
        "void.ttl",
        "index.html",
    ):
        assert name in names, name
    void = Graph().parse(tmp_path / "void.ttl")
    triples = int(void.value(DATASET, URIRef("http://rdfs.org/ns/void#triples")))
    assert triples == len(Graph().parse(tmp_path / "isecg-kg-0.1.0.nt", format="nt"))
    distributions = list(void.objects(DATASET, DCAT.distribution))
    assert len(distributions) == 8
    for distribution in distributions:
        name = str(void.value(distribution, DCAT.downloadURL)).rsplit("/", 1)[1]
        checksum = void.value(void.value(distribution, SPDX.checksum), SPDX.checksumValue)
        assert str(checksum) == hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
    # the RDF/XML export parses with a second parser (Protégé reads RDF/XML)
    if shutil.which("rapper"):
        done = subprocess.run(
            ["rapper", "-q", "-c", "-i", "rdfxml", str(tmp_path / "isecg-kg-0.1.0.rdf")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
