"""Queries and loads against real servers on 127.0.0.1, started and stopped by these tests.

- `isecg-kg serve` (Oxigraph, read-only), stopped by SIGINT to its PID;
- a writable `oxigraph serve` for Graph Store Protocol loads;
- small stub HTTP servers that fail on purpose (500, 400, too slow), in threads.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Graph

import query_engines
from isecg_kg.cli import main
from isecg_kg.engines import run_endpoint, run_oxigraph, run_rdflib, store_of
from isecg_kg.errors import EndpointError
from isecg_kg.export import serialize
from isecg_kg.graph_store import put_graph
from isecg_kg.load import packaged_graph
from isecg_kg.resources import queries_dir
from isecg_kg.server import oxigraph_binary, wait_until_ready
from isecg_kg.stored_queries import catalogue

pytestmark = pytest.mark.server
BIN = Path(sys.executable).parent
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/isecg-kg/graph> { ?s ?p ?o } }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def asserted() -> Graph:
    return packaged_graph()


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """`isecg-kg serve` on a free loopback port; stopped with Ctrl-C (SIGINT) by PID."""
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "isecg-kg"), "serve", "--port", str(port), "--timeout", "10"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.strip() == f"SPARQL endpoint (read-only): {url}", (
            process.stderr.read() if process.stderr else ""
        )
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert code == 0


@pytest.fixture()
def writable_store() -> Iterator[str]:
    """A writable Oxigraph server (Graph Store Protocol at /store), stopped by PID."""
    port = free_port()
    with tempfile.TemporaryDirectory() as location:
        process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", location, "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_ready(f"http://127.0.0.1:{port}/query", process)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=60)


def count_triples(base: str) -> int:
    result = run_endpoint(base + "/query", COUNT, retries=0)
    return int(str(result.rows[0][0]))


@pytest.fixture(scope="module")
def embedded(asserted: Graph):  # type: ignore[no-untyped-def]
    return store_of(asserted)


@pytest.mark.parametrize("engine", query_engines.BOTH)
@pytest.mark.parametrize("name", sorted(catalogue(queries_dir())))
def test_the_same_answer_on_the_server_as_embedded(
    served: str,
    asserted: Graph,
    embedded,  # type: ignore[no-untyped-def]
    name: str,
    engine: str,
) -> None:
    text = catalogue(queries_dir())[name].text
    if engine == "rdflib":
        local = run_rdflib(asserted, text).comparable()
    else:
        local = run_oxigraph(embedded, text).comparable()
    assert local, f"{name} answers nothing on the packaged graph: nothing would be compared"
    assert local == run_endpoint(served, text).comparable()


def test_cli_query_on_the_served_endpoint(served: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "query",
                "technology-overlaps",
                "--param",
                "min=5",
                "--endpoint",
                served,
                "--format",
                "csv",
            ]
        )
        == 0
    )
    rows = capsys.readouterr().out.strip().split("\r\n")
    assert len(rows) == 1 + 5


class Stub:
    """A loopback HTTP server whose answer is chosen per test; it records what it received."""

    def __init__(self, status: int = 200, delay: float = 0.0, body: bytes = b"") -> None:
        self.status, self.delay, self.body = status, delay, body
        self.requests: list[dict[str, str]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self._answer()

            def do_PUT(self) -> None:
                self._answer()

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                self.rfile.read(length)
                stub.requests.append(dict(self.headers))
                time.sleep(stub.delay)
                try:
                    self.send_response(stub.status)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    self.end_headers()
                    self.wfile.write(stub.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Stub:
        self.thread.start()
        return self

    def __exit__(self, *_args: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_an_endpoint_that_is_down(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    code = main(["query", "agencies", "--endpoint", url, "--retries", "1"])
    err = capsys.readouterr().err
    assert code == 4
    assert err.startswith(f"error: endpoint {url} is unreachable")
    assert "Traceback" not in err


def test_an_endpoint_that_answers_500_is_retried_then_reported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with Stub(status=500, body=b"boom") as stub:
        code = main(["query", "agencies", "--endpoint", stub.url, "--retries", "2"])
        assert len(stub.requests) == 3
    err = capsys.readouterr().err
    assert code == 4 and "HTTP 500" in err


def test_a_bad_request_is_not_retried(capsys: pytest.CaptureFixture[str]) -> None:
    with Stub(status=400, body=b"bad query") as stub:
        code = main(["query", "agencies", "--endpoint", stub.url, "--retries", "2"])
        assert len(stub.requests) == 1
    assert code == 4 and "HTTP 400" in capsys.readouterr().err


def test_an_endpoint_that_times_out(capsys: pytest.CaptureFixture[str]) -> None:
    with Stub(delay=3.0) as stub:
        started = time.monotonic()
        code = main(
            ["query", "agencies", "--endpoint", stub.url, "--timeout", "1", "--retries", "0"]
        )
        assert time.monotonic() - started < 3.0
    err = capsys.readouterr().err
    assert code == 4 and "did not answer within 1 s" in err


def test_an_endpoint_that_answers_something_else(capsys: pytest.CaptureFixture[str]) -> None:
    with Stub(status=200, body=b"<html>not SPARQL</html>") as stub:
        code = main(["query", "agencies", "--endpoint", stub.url, "--retries", "0"])
    assert code == 4 and "did not answer with SPARQL JSON results" in capsys.readouterr().err


def test_credentials_are_kept_from_a_server_that_does_not_ask(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ISECG_KG_ENDPOINT_USER", "reader")
    monkeypatch.setenv("ISECG_KG_ENDPOINT_PASSWORD", "s3cret")
    body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}}).encode()
    with Stub(body=body) as stub:
        run_endpoint(stub.url, "SELECT ?x WHERE { ?x ?p ?o } # DESCRIBE in a comment", retries=0)
        put_graph(stub.url, b"", retries=0)
    query_headers, put_headers = stub.requests
    for headers in (query_headers, put_headers):  # tests/test_endpoint_protocol.py: when asked
        assert "Authorization" not in headers
        assert headers["User-Agent"].startswith("isecg-kg/")


def test_load_replaces_the_named_graph(
    writable_store: str, asserted: Graph, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", "--endpoint", writable_store + "/store"]) == 0
    assert "loaded" in capsys.readouterr().out
    assert count_triples(writable_store) == len(asserted)
    assert main(["load", "--endpoint", writable_store + "/store"]) == 0  # replaced, not added
    assert count_triples(writable_store) == len(asserted)


def test_a_load_that_fails_halfway_leaves_the_old_graph(
    writable_store: str, asserted: Graph
) -> None:
    content = serialize(asserted, "nt")
    put_graph(writable_store + "/store", content)
    cut = content[: len(content) // 2]  # ends in the middle of a triple
    with pytest.raises(EndpointError, match="HTTP 400"):
        put_graph(writable_store + "/store", cut, retries=0)
    assert count_triples(writable_store) == len(asserted)
    # the connection dropped in the middle of the body
    host, port = writable_store.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as raw:
        raw.sendall(
            b"PUT /store?graph=https%3A%2F%2Fw3id.org%2Fisecg-kg%2Fgraph HTTP/1.1\r\n"
            b"Host: " + host.encode() + b"\r\nContent-Type: application/n-triples\r\n"
            b"Content-Length: " + str(len(content)).encode() + b"\r\n\r\n" + cut
        )
    time.sleep(0.5)
    assert count_triples(writable_store) == len(asserted)


def test_load_to_a_store_that_is_down(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    assert main(["load", "--endpoint", url, "--retries", "0"]) == 4
    assert "is unreachable" in capsys.readouterr().err
