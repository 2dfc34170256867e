"""What `query --endpoint` and `load` do with what an endpoint answers, against small HTTP servers
on 127.0.0.1 (threads, stopped with the test): authentication only when asked (Basic or Digest),
credentials never sent to another origin on a redirect, one deadline for the whole answer, a
size cap, malformed answers, the server's own status and message, a row cap that cuts an answer,
and Virtuoso's integer booleans.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Literal

from isecg_kg.cli import main
from isecg_kg.engines import run_endpoint
from isecg_kg.errors import EndpointError
from isecg_kg.http_auth import authorization, choose, parse_challenges
from isecg_kg.projection import projection

pytestmark = pytest.mark.server
USER, PASSWORD = "loader", 'pa ss"wörd'
EMPTY = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}}).encode()


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Server:
    """A loopback HTTP server; `answer(handler, seen)` writes each response."""

    answer: Callable[[BaseHTTPRequestHandler, Seen], None]
    seen: list[Seen] = field(default_factory=list)
    url: str = ""


Answerer = Callable[[BaseHTTPRequestHandler, Seen], None]
Serve = Callable[[Answerer], Server]


@pytest.fixture()
def serve() -> Iterator[Serve]:
    started: list[ThreadingHTTPServer] = []

    def start(answer: Callable[[BaseHTTPRequestHandler, Seen], None]) -> Server:
        server = Server(answer)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                seen = Seen(self.command, self.path, dict(self.headers), self.rfile.read(length))
                server.seen.append(seen)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    server.answer(self, seen)

            do_GET = do_POST = do_PUT = do_HEAD = _any

            def log_message(self, *_args: object) -> None:
                pass

        http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        http.daemon_threads = True
        http.handle_error = lambda *_args: None  # type: ignore[method-assign]  # clients hang up
        threading.Thread(target=http.serve_forever, daemon=True).start()
        started.append(http)
        server.url = f"http://127.0.0.1:{http.server_address[1]}/sparql"
        return server

    yield start
    for http in started:
        http.shutdown()
        http.server_close()


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    media: str = "application/sparql-results+json",
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", media)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


def results(variables: list[str], rows: list[dict[str, object]]) -> bytes:
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}}).encode()


def query_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture()
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ISECG_KG_ENDPOINT_USER", USER)
    monkeypatch.setenv("ISECG_KG_ENDPOINT_PASSWORD", PASSWORD)


# --- authentication -------------------------------------------------------------------------


def basic_guard(body: bytes) -> Callable[[BaseHTTPRequestHandler, Seen], None]:
    expected = authorization(parse_challenges(["Basic"])[0], USER, PASSWORD, "", "")

    def answer(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        if seen.headers.get("Authorization") != expected:
            send(
                handler, 401, b"who are you?", {"WWW-Authenticate": 'Basic realm="x"'}, "text/plain"
            )
        else:
            send(handler, 201 if seen.method == "PUT" else 200, body)

    return answer


def test_basic_credentials_are_sent_only_when_asked(serve: Serve, credentials: None) -> None:
    server = serve(basic_guard(EMPTY))
    run_endpoint(server.url, "SELECT ?x WHERE { ?x ?p ?o } # DESCRIBE in a comment", retries=0)
    first, second = server.seen
    assert "Authorization" not in first.headers
    assert second.headers["Authorization"].startswith("Basic ")
    assert second.headers["User-Agent"].startswith("isecg-kg/")


def digest_guard(realm: str = "SPARQL") -> Callable[[BaseHTTPRequestHandler, Seen], None]:
    """Virtuoso's challenge (MD5, qop=auth, opaque), and a check of the answer as RFC 7616 says."""
    nonce, opaque = "fd094f309fbe74e311d7f0097a1ae513", "5ebe2294ecd0e0f08eab7690d2a6ee69"
    challenge = (
        f'Digest realm="{realm}", domain="/sparql-graph-crud-auth", nonce="{nonce}", '
        f'opaque="{opaque}", stale="false", qop="auth", algorithm="MD5"'
    )

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    def answer(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        given = parse_challenges([seen.headers.get("Authorization", "")])
        if given and given[0].scheme == "digest":
            p = given[0].params
            ha1 = md5(f"{USER}:{realm}:{PASSWORD}")
            ha2 = md5(f"{seen.method}:{seen.path}")
            expected = md5(f"{ha1}:{nonce}:{p['nc']}:{p['cnonce']}:auth:{ha2}")
            if (p["username"], p["uri"], p["response"], p["opaque"]) == (
                USER,
                seen.path,
                expected,
                opaque,
            ):
                send(handler, 201, b"")
                return
        send(handler, 401, b"", {"WWW-Authenticate": challenge, "Connection": "close"}, "text/html")

    return answer


def test_load_with_digest_sends_the_graph_once_and_never_the_password(
    serve: Serve, credentials: None, capsys: pytest.CaptureFixture[str]
) -> None:
    server = serve(digest_guard())
    code = main(["load", "--endpoint", server.url.replace("/sparql", "/sparql-graph-crud-auth")])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert "loaded" in out and "(HTTP 201)" in out
    # a HEAD learns the challenge, so the graph (over 64 KiB) is sent once, answered
    assert [s.method for s in server.seen] == ["HEAD", "PUT"]
    assert len(server.seen[1].body) > 64 * 1024
    for seen in server.seen:
        assert PASSWORD not in json.dumps(seen.headers)
    assert PASSWORD not in out + err


def test_wrong_credentials_are_reported_as_such(
    serve: Serve, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ISECG_KG_ENDPOINT_USER", USER)
    monkeypatch.setenv("ISECG_KG_ENDPOINT_PASSWORD", "wrong")
    server = serve(digest_guard())
    assert main(["load", "--endpoint", server.url, "--retries", "2"]) == 4
    err = capsys.readouterr().err
    assert err.startswith(f"error: graph store {server.url}?graph=")
    assert "answered HTTP 401 Unauthorized: wrong credentials" in err
    assert len(server.seen) == 2  # HEAD, then one PUT: a 401 is not retried


def test_missing_credentials_are_named(serve: Serve, capsys: pytest.CaptureFixture[str]) -> None:
    server = serve(digest_guard())
    assert main(["query", "agencies", "--endpoint", server.url]) == 4
    err = capsys.readouterr().err
    assert "HTTP 401 Unauthorized: credentials needed (set ISECG_KG_ENDPOINT_USER" in err


def test_an_authentication_scheme_we_do_not_speak(
    serve: Serve, credentials: None, capsys: pytest.CaptureFixture[str]
) -> None:
    server = serve(lambda h, s: send(h, 401, b"", {"WWW-Authenticate": 'Bearer realm="x"'}))
    assert main(["query", "agencies", "--endpoint", server.url]) == 4
    err = capsys.readouterr().err
    assert "asks for an authentication scheme isecg-kg does not speak (bearer;" in err


def test_challenges_are_parsed_not_scanned() -> None:
    header = (
        'Newauth realm="apps, \\"all\\"", type=1, title="Login", Basic realm="simple", '
        'Digest nonce=abc, qop="auth-int,auth"'
    )
    found = parse_challenges([header])
    assert [c.scheme for c in found] == ["newauth", "basic", "digest"]
    assert found[0].params == {"realm": 'apps, "all"', "type": "1", "title": "Login"}
    assert choose(found) is found[2]
    assert choose(parse_challenges(['Digest nonce="n", algorithm=SHA-512-256'])) is None


# --- the server's own words -----------------------------------------------------------------

VIRTUOSO_500 = b"Virtuoso 22023 Error SR601: Argument 0 of sparql_to_sql_text() must be a string"


def test_a_server_error_shows_the_servers_message(
    serve: Serve, capsys: pytest.CaptureFixture[str]
) -> None:
    server = serve(
        lambda h, s: send(h, 500, VIRTUOSO_500 + b"\n\nSPARQL query:\n...", media="text/plain")
    )
    assert main(["query", "agencies", "--endpoint", server.url, "--retries", "1"]) == 4
    err = capsys.readouterr().err
    assert err == (
        f"error: endpoint {server.url} answered HTTP 500 Internal Server Error: "
        f"{VIRTUOSO_500.decode()} / SPARQL query: / ...\n"
    )
    assert len(server.seen) == 2  # retried once


def test_an_html_error_page_is_read_as_text(
    serve: Serve, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (
        b"<html><head><title>x</title><style>p{}</style></head>"
        b"<body><h1>Bad gateway</h1><p>upstream \x1b[31mdown</p></body></html>"
    )
    server = serve(lambda h, s: send(h, 502, page, media="text/html"))
    assert main(["query", "agencies", "--endpoint", server.url, "--retries", "0"]) == 4
    err = capsys.readouterr().err
    assert err.endswith("answered HTTP 502 Bad Gateway: Bad gateway / upstream \\x1b[31mdown\n")


# --- redirects ------------------------------------------------------------------------------


def test_credentials_never_follow_a_redirect_to_another_origin(
    serve: Serve, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = serve(lambda h, s: send(h, 200, EMPTY))
    origin = serve(lambda h, s: send(h, 302, b"", {"Location": elsewhere.url}))
    with_password = origin.url.replace("http://", "http://user:pw@")
    assert main(["query", "agencies", "--endpoint", with_password]) == 4
    err = capsys.readouterr().err
    assert f"redirected to another origin ({elsewhere.url}); refused" in err
    assert "pw" not in err
    assert elsewhere.seen == []
    # without credentials, the redirect is followed
    assert main(["query", "agencies", "--endpoint", origin.url, "--format", "csv"]) == 0
    assert [s.method for s in elsewhere.seen] == ["POST"]
    assert "Authorization" not in elsewhere.seen[0].headers


def test_a_redirect_within_the_origin_keeps_the_credentials(
    serve: Serve, credentials: None
) -> None:
    guard = basic_guard(EMPTY)

    def answer(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        if seen.path == "/sparql":
            send(handler, 307, b"", {"Location": "/real/sparql"})
        else:
            guard(handler, seen)

    server = serve(answer)
    assert run_endpoint(server.url, "SELECT ?x WHERE {}", retries=0).rows == ()
    assert [s.path for s in server.seen] == ["/sparql", "/real/sparql", "/real/sparql"]
    assert server.seen[-1].headers["Authorization"].startswith("Basic ")


def test_a_redirect_loop_ends(serve: Serve, capsys: pytest.CaptureFixture[str]) -> None:
    server = serve(lambda h, s: send(h, 302, b"", {"Location": "/sparql"}))
    assert main(["query", "agencies", "--endpoint", server.url, "--retries", "0"]) == 4
    assert "redirected more than 5 times" in capsys.readouterr().err


def test_a_redirect_to_another_scheme_is_refused(
    serve: Serve, capsys: pytest.CaptureFixture[str]
) -> None:
    server = serve(lambda h, s: send(h, 301, b"", {"Location": "file:///etc/passwd"}))
    assert main(["query", "agencies", "--endpoint", server.url, "--retries", "0"]) == 4
    assert "redirected to a non-http(s) URL 'file:///etc/passwd'" in capsys.readouterr().err


# --- one deadline, one size cap -------------------------------------------------------------


def trickle(in_headers: bool) -> Callable[[BaseHTTPRequestHandler, Seen], None]:
    """A byte every 0.5 s for a minute: each read is quick, the whole never ends in time."""

    def answer(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
        if not in_headers:
            handler.wfile.write(b"Content-Type: application/json\r\nContent-Length: 120\r\n\r\n")
        for _ in range(120):
            handler.wfile.write(b" " if not in_headers else b"X")
            handler.wfile.flush()
            time.sleep(0.5)

    return answer


@pytest.mark.parametrize("in_headers", [False, True], ids=["body", "headers"])
def test_a_trickling_endpoint_times_out_as_a_whole(
    serve: Serve, capsys: pytest.CaptureFixture[str], in_headers: bool
) -> None:
    server = serve(trickle(in_headers))
    outcome: list[int] = []
    args = ["query", "agencies", "--endpoint", server.url, "--timeout", "2", "--retries", "0"]
    worker = threading.Thread(target=lambda: outcome.append(main(args)), daemon=True)
    worker.start()
    worker.join(timeout=50)  # the trickle lasts 60 s: ending before it means the deadline held
    assert outcome == [4]
    assert "did not answer within 2 s" in capsys.readouterr().err


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "unannounced"])
def test_an_answer_over_the_size_cap_is_refused(serve: Serve, declared: bool) -> None:
    big = results(["x"], [{"x": {"type": "literal", "value": "y" * 100}}] * 100)

    def answer(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        if declared:
            send(handler, 200, big)
            return
        handler.send_response(200)
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(big)
        handler.close_connection = True

    server = serve(answer)
    with pytest.raises(EndpointError, match=r"answered more than 5000 bytes, the limit"):
        run_endpoint(server.url, "SELECT ?x WHERE {}", retries=0, limit=5000)
    assert len(run_endpoint(server.url, "SELECT ?x WHERE {}", retries=0).rows) == 100


# --- malformed answers ----------------------------------------------------------------------

MALFORMED = {
    "not-json": (b"<html>not SPARQL</html>", "not JSON"),
    "not-utf8": (b'{"head": "\xff"}', "not JSON"),
    "deep": (b"[" * 100000 + b"]" * 100000, "not JSON"),
    "a-list": (b"[]", "not a JSON object"),
    "no-results": (b'{"head": {"vars": ["x"]}}', "no head and results"),
    "vars-not-names": (b'{"head": {"vars": [1]}, "results": {"bindings": []}}', "head.vars"),
    "bindings-not-list": (
        b'{"head": {"vars": ["x"]}, "results": {"bindings": {}}}',
        "results.bindings is not a list",
    ),
    "row-not-object": (
        b'{"head": {"vars": ["x"]}, "results": {"bindings": [7]}}',
        "row 1 is not an object",
    ),
    "term-without-value": (
        b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri"}}]}}',
        "row 1, ?x: a term has no text value",
    ),
    "unknown-kind": (
        b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "t", "value": ""}}]}}',
        "row 1, ?x: unknown term type",
    ),
    "lang-not-text": (
        b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal",'
        b' "value": "a", "xml:lang": 5}}]}}',
        "row 1, ?x: xml:lang is not text",
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_answer_exits_4_naming_the_endpoint(
    serve: Serve, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    body, why = MALFORMED[case]
    server = serve(lambda h, s: send(h, 200, body))
    assert main(["query", "agencies", "--endpoint", server.url, "--retries", "0"]) == 4
    err = capsys.readouterr().err
    assert err.startswith(f"error: endpoint {server.url} did not answer with SPARQL JSON results: ")
    assert why in err and "Traceback" not in err


# --- row caps and Virtuoso's booleans -------------------------------------------------------

THREE = results(["s"], [{"s": {"type": "uri", "value": f"http://e/{i}"}} for i in range(3)])


def test_an_answer_cut_by_the_stores_row_cap_is_an_error(
    serve: Serve, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = serve(lambda h, s: send(h, 200, THREE, {"X-SPARQL-MaxRows": "3"}))
    everything = query_file(tmp_path, "SELECT ?s WHERE { ?s ?p ?o }")
    assert main(["query", everything, "--endpoint", server.url]) == 4
    err = capsys.readouterr().err
    assert f"endpoint {server.url} answered 3 rows, its row cap: the answer is probably cut" in err
    argv = ["query", everything, "--endpoint", server.url, "--accept-truncated", "--format", "csv"]
    assert main(argv) == 0
    assert capsys.readouterr().out.count("http://e/") == 3
    # a query that asked for at most 3 rows got all it asked for
    three = query_file(tmp_path, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")
    assert main(["query", three, "--endpoint", server.url]) == 0


def test_a_declared_row_cap_for_stores_that_do_not_say(
    serve: Serve, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = serve(lambda h, s: send(h, 200, THREE))
    everything = query_file(tmp_path, "SELECT ?s WHERE { ?s ?p ?o }")
    assert main(["query", everything, "--endpoint", server.url, "--row-cap", "3"]) == 4
    assert "answered 3 rows, its row cap" in capsys.readouterr().err
    assert main(["query", everything, "--endpoint", server.url, "--row-cap", "4"]) == 0


BOOLEANS = """SELECT ?flag ?same ?n ?plain WHERE {
  BIND(BOUND(?nothing) AS ?flag) BIND(IF(true, 1 = 1, ?unbound) AS ?same)
  BIND(1 AS ?n) BIND(?n AS ?plain) }"""


@pytest.mark.parametrize("server_name", ["Virtuoso/07.20.3229 (Linux)", "Other/1.0"])
def test_virtuoso_integer_booleans_are_read_back_as_booleans(
    serve: Serve, server_name: str
) -> None:
    one = {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    row = {
        "flag": {**one, "value": "0"},
        "same": {**one, "value": "1"},
        "n": {**one, "value": "1"},
        "plain": {**one, "value": "1"},
    }
    body = results(["flag", "same", "n", "plain"], [row])

    def answer(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        handler.server_version, handler.sys_version = server_name, ""
        send(handler, 200, body)

    server = serve(answer)
    (got,) = run_endpoint(server.url, BOOLEANS, retries=0).rows
    integer = Literal("1", datatype=Literal(1).datatype)
    if server_name.startswith("Virtuoso"):
        assert got == (Literal(False), Literal(True), integer, integer)
    else:
        assert got == (Literal("0", datatype=integer.datatype), integer, integer, integer)


def test_the_projection_is_read_from_the_parsed_query() -> None:
    shape = projection(BOOLEANS)
    assert shape.booleans == {"flag", "same"} and shape.limit is None
    assert projection("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 7 OFFSET 2").limit == 7
    # LIMIT in a subquery or in a string is not the answer's
    assert (
        projection('SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p "LIMIT 3" } LIMIT 3 } }').limit
        is None
    )
    assert projection("not SPARQL").booleans == frozenset()
