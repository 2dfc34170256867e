"""IRIs resolve: a real Apache httpd on 127.0.0.1 runs the repository's w3id .htaccess (as w3id.org
does, AllowOverride in a folder isecg-kg/) in front of a target host serving the built release.
Each media type gets a 303 to the right document, served with the right content type, and each
RDF document parses and describes the IRI asked for."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from isecg_kg import __version__
from isecg_kg.entity_documents import FORMATS

REPOSITORY = Path(__file__).resolve().parent.parent
HTACCESS = REPOSITORY / "w3id" / "isecg-kg" / ".htaccess"
APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
MODULES = Path("/usr/lib/apache2/modules")
PARSERS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
BASE = "https://w3id.org/isecg-kg/"

pytestmark = [
    pytest.mark.apache,
    pytest.mark.skipif(
        not Path(APACHE).exists() or not (MODULES / "mod_rewrite.so").exists(),
        reason="Apache httpd (Debian's apache2) is not installed",
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_apache(target_config: str = "") -> Iterator[tuple[int, str, Path]]:
    """Apache on a free loopback port: /isecg-kg/ is the w3id folder; `target_config` (given the
    folder, the port and the target URL) serves the target host under /target/."""
    # Apache's worker user must read the files, so the folder is world-readable (not tmp_path).
    root = Path(tempfile.mkdtemp(prefix="isecg-kg-apache-"))
    root.chmod(0o755)
    port = free_port()
    target = f"http://127.0.0.1:{port}/target"
    www = root / "www" / "isecg-kg"
    www.mkdir(parents=True)
    text = HTACCESS.read_text()
    text, replaced = re.subn(r"E=ISECG_TARGET:[^,\]]+", f"E=ISECG_TARGET:{target}", text)
    assert replaced == 1, "the target host is set in exactly one place"
    (www / ".htaccess").write_text(text)
    for folder in (root / "www", www):
        folder.chmod(0o755)
    (www / ".htaccess").chmod(0o644)
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    modules = "\n".join(
        f"LoadModule {name}_module {MODULES}/mod_{name}.so"
        for name in ("mpm_event", "authz_core", "rewrite", "alias", "mime", "dir", "env")
    )
    config = root / "httpd.conf"
    config.write_text(
        f"""ServerRoot {root}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {root}/httpd.pid
ErrorLog {root}/error.log
LogLevel warn
{modules}
{user}TypesConfig /etc/mime.types
DocumentRoot {root}/www
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory {root}/www>
  AllowOverride All
  Require all granted
</Directory>
{target_config.format(root=root, port=port, target=target)}
"""
    )
    process = subprocess.Popen(
        [APACHE, "-f", str(config), "-DFOREGROUND"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(200):
            if process.poll() is not None:
                pytest.fail(f"apache2 did not start: {process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port, target, root
    finally:
        process.send_signal(signal.SIGTERM)  # by PID: the master stops its workers
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def apache(released: tuple[Path, list[Path]]) -> Iterator[tuple[int, str]]:
    """The w3id folder in front of a target host serving the run's one release."""
    dist = Path(tempfile.mkdtemp(prefix="isecg-kg-dist-"))
    dist.chmod(0o755)
    shutil.copytree(released[0], dist / "dist", symlinks=True)  # tests/conftest.py's release
    config = f"""Alias /target/releases/{__version__} {dist}/dist
Alias /target {dist}/dist/site
<Directory {dist}/dist>
  Require all granted
</Directory>"""
    try:
        with running_apache(config.replace("{", "{{").replace("}", "}}")) as (port, target, _):
            yield port, target
    finally:
        shutil.rmtree(dist, ignore_errors=True)


def get(port: int, path: str, accept: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept": accept} if accept else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def resolve(port: int, iri: str, accept: str) -> tuple[str, str, bytes]:
    """Ask for the IRI as w3id.org would receive it; follow the one 303 to the target."""
    answer = get(port, "/" + iri.removeprefix("https://w3id.org/"), accept)
    assert answer.status == 303, (iri, accept, answer.status)
    location = answer.getheader("Location")
    path = location.split(f"127.0.0.1:{port}", 1)[1]
    document = get(port, path, accept)
    assert document.status == 200, (location, document.status)
    media = document.getheader("Content-Type").split(";")[0]
    return location, media, document.body  # type: ignore[attr-defined]


INSTANCES = [
    "id/agency/jaxa",
    "id/technology/precision-landing",
    "id/section/seed-3",
    "id/group/isecg",
]


@pytest.mark.parametrize("path", INSTANCES)
@pytest.mark.parametrize("extension", list(FORMATS))
def test_instance_iri_negotiates_rdf(apache: tuple[int, str], path: str, extension: str) -> None:
    port, target = apache
    _, media_type = FORMATS[extension]
    location, media, body = resolve(port, BASE + path, media_type)
    assert location == f"{target}/{path}.{extension}"
    assert media == media_type
    graph = Graph().parse(data=body, format=PARSERS[extension])
    entity = URIRef(BASE + path)
    assert (entity, RDF.type, None) in graph
    assert len(list(graph.predicate_objects(entity))) >= 3


@pytest.mark.parametrize("path", INSTANCES)
def test_instance_iri_gives_browsers_html(apache: tuple[int, str], path: str) -> None:
    port, target = apache
    location, media, body = resolve(port, BASE + path, BROWSER)
    assert location == f"{target}/{path}.html"
    assert media == "text/html"
    assert (BASE + path).encode() in body
    # the page names its RDF documents
    for extension, (_, media_type) in FORMATS.items():
        slug = path.rsplit("/", 1)[1]
        link = f'<link rel="alternate" type="{media_type}" href="{slug}.{extension}">'
        assert link.encode() in body


@pytest.mark.parametrize(
    ("iri", "header", "stem", "html"),
    [
        (BASE + "ontology", BASE + "ontology", "isecg-kg-ontology", "ontology.html"),
        (f"{BASE}ontology/{__version__}", BASE + "ontology", "isecg-kg-ontology", "ontology.html"),
        (f"{BASE}data/{__version__}", BASE + "data", "isecg-kg-data", "index.html"),
        (f"{BASE}kg/{__version__}", BASE + "kg", "isecg-kg", "index.html"),
        (BASE + "shapes", BASE + "shapes", "isecg-kg-shapes", "index.html"),
    ],
)
def test_ontology_and_version_iris_negotiate(
    apache: tuple[int, str], iri: str, header: str, stem: str, html: str
) -> None:
    port, target = apache
    for extension, (_, media_type) in FORMATS.items():
        location, media, body = resolve(port, iri, media_type)
        assert location == f"{target}/releases/{__version__}/{stem}.{extension}"
        assert media == media_type
        graph = Graph().parse(data=body, format=PARSERS[extension])
        assert set(graph.subjects(RDF.type, OWL.Ontology)) == {URIRef(header)}
        # the version IRI the file declares resolves to the same file
        version = str(graph.value(URIRef(header), OWL.versionIRI))
        assert resolve(port, version, media_type)[0] == location
    location, media, _ = resolve(port, iri, BROWSER)
    assert (location, media) == (f"{target}/{html}", "text/html")


def test_dataset_iri_and_download_urls(apache: tuple[int, str]) -> None:
    from rdflib.namespace import DCAT

    port, target = apache
    for extension, (_, media_type) in FORMATS.items():
        location, media, body = resolve(port, BASE + "dataset", media_type)
        assert location == f"{target}/releases/{__version__}/void.{extension}"
        assert media == media_type
        void = Graph().parse(data=body, format=PARSERS[extension])
        assert (URIRef(BASE + "dataset"), RDF.type, DCAT.Dataset) in void
    location, media, _ = resolve(port, BASE + "dataset", BROWSER)
    assert (location, media) == (f"{target}/index.html", "text/html")
    # every DCAT download URL redirects to a file that is there
    for url in sorted(void.objects(None, DCAT.downloadURL)):
        answer = get(port, "/" + str(url).removeprefix("https://w3id.org/"), "*/*")
        assert answer.status == 302, url
        path = answer.getheader("Location").split(f"127.0.0.1:{port}", 1)[1]
        assert get(port, path, "*/*").status == 200, url


@pytest.fixture(scope="module")
def negotiator() -> Iterator[int]:
    """The w3id folder alone: only where its 303 points matters here."""
    with running_apache() as (port, _, _):
        yield port


# Accept headers and the document each must be sent to (RFC 9110 12.5.1: the highest quality
# wins, the most specific range gives a type its quality, q=0 means "not acceptable"; ties and
# browsers get HTML).
NEGOTIATION = [
    ("application/rdf+xml, text/turtle;q=0", "rdf"),
    ("text/turtle;q=0.5, application/rdf+xml;q=0.9", "rdf"),
    ("text/turtle;q=0.95, application/ld+json;q=0.9", "ttl"),
    ("application/ld+json;q=0.901, text/turtle;q=0.9", "jsonld"),
    ("text/turtle;charset=utf-8;q=0.7, application/rdf+xml;q=0.6", "ttl"),
    ("application/*;q=0.9, text/turtle;q=0.1", "rdf"),
    ("*/*;q=0.1, text/turtle", "ttl"),
    ("text/html;q=0.5, application/ld+json", "jsonld"),
    ("application/n-triples;q=0.001, text/html;q=0", "nt"),
    ("TEXT/Turtle", "ttl"),
    ("text/turtle, application/n-triples", "ttl"),
    (BROWSER, "html"),
    ("*/*", "html"),
    ("text/turtle;q=0", "html"),
    ("text/turtle, text/html", "html"),
    ("application/rdf+xml;q=0.8, text/*;q=0.9", "html"),
    ("", "html"),
]


@pytest.mark.parametrize(("accept", "extension"), NEGOTIATION)
def test_negotiation_honours_quality_values(negotiator: int, accept: str, extension: str) -> None:
    answer = get(negotiator, "/isecg-kg/id/agency/jaxa", accept)
    assert answer.status == 303, (accept, answer.status)
    location = answer.getheader("Location") or ""
    assert location.endswith(f"/id/agency/jaxa.{extension}"), (accept, location)
