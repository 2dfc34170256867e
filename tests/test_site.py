"""The static site and the release: links resolve, the table shows the right marks, pages load in
a real browser (Debian's headless Chromium) without console errors, checksums are right."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from isecg_kg.load import packaged_graph
from isecg_kg.site import build_site, page_of

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


def test_the_technology_table_shows_the_seeds_marks(site: Path) -> None:
    cells = [c for c in parse(site / "technology.html").cells if "mark" in (c.get("class") or "")]
    assert len(cells) == 14 * 5
    uncertain = [c for c in cells if "uncertain" in (c.get("class") or "")]
    assert len(uncertain) == 9 * 4  # the 9 rows with fewer than five marks, in 4 columns each
    assert all(c.get("aria-label") == "uncertain / 不確か" for c in uncertain)
    html = (site / "technology.html").read_text(encoding="utf-8")
    # five rows with a mark in every column, and Japan's certain ○ in two more rows
    assert html.count(">○</td>") == 5 * 5 + 2 and html.count(">△</td>") == 2


def test_pages_carry_both_languages(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<span lang="en">Overview</span><span lang="ja">概要</span>' in html
    jaxa = (site / "id/agency/jaxa.html").read_text(encoding="utf-8")
    assert (
        "Japan Aerospace Exploration Agency" in jaxa
        and "http://www.wikidata.org/entity/Q179103" in jaxa
    )


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
                assert done.stdout.count('class="mark uncertain"') == 36
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
