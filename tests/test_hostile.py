"""The hostile-input campaign as tests: every case of tests/hostile/cases.tsv run through the real
command line (in-process, so the corpus stays fast), each with its documented exit code, a message
fragment, and never a traceback, a leaked secret or a raw control character."""

from __future__ import annotations

import json
import os
import shlex
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from isecg_kg.cli import main
from isecg_kg.export import serialize
from isecg_kg.load import parse_turtle

HERE = Path(__file__).resolve().parent / "hostile"
SECRETS = ("hunter2", "secret@")


@dataclass(frozen=True)
class Case:
    name: str
    code: int
    fragment: str
    argv: str


def cases() -> list[Case]:
    found = []
    for line in (HERE / "cases.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, code, fragment, argv = line.split("\t")
        found.append(Case(name, int(code), fragment, argv))
    return found


CASES = cases()


class Stub(BaseHTTPRequestHandler):
    """A SPARQL endpoint that misbehaves on purpose, by path."""

    bodies: list[bytes] = []  # noqa: RUF012 - shared by the server's threads on purpose
    authorizations: list[str | None] = []  # noqa: RUF012

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        Stub.bodies.append(self.rfile.read(length))
        Stub.authorizations.append(self.headers.get("Authorization"))
        path = self.path.partition("?")[0]
        if path == "/slow":
            time.sleep(3)
        headers = {}
        if path.startswith("/basic/"):  # asks for Basic credentials, then answers as without
            path = path.removeprefix("/basic")
            if self.headers.get("Authorization") is None:
                path, headers = "/unauthorized", {"WWW-Authenticate": 'Basic realm="stub"'}
        if path == "/away":  # a redirect to another origin
            headers = {"Location": "http://127.0.0.2:9/sparql"}
        status, body = {
            "/sparql": (200, json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}})),
            "/slow": (200, "{}"),
            "/ansi500": (500, "\x1b[2J\x1b[31mboom"),
            "/unauthorized": (401, "no"),
            "/garbage": (200, "<html>not json</html>"),
            "/store": (204, ""),
            "/away": (302, ""),
            "/bad-bindings": (200, '{"head": {"vars": ["x"]}, "results": {"bindings": {}}}'),
        }.get(path, (404, "no such path"))
        data = body.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except OSError:
            pass

    do_GET = do_POST = do_PUT = do_HEAD = _answer


@pytest.fixture(scope="module")
def stub() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files a table cannot hold: a FIFO, a folder named like a query, a broken link …"""
    tmp = tmp_path_factory.mktemp("hostile")
    os.mkfifo(tmp / "fifo")
    (tmp / "dir.rq").mkdir()
    (tmp / "dir.rq" / "x").write_text("x")
    (tmp / "broken.rq").symlink_to(tmp / "nowhere")
    (tmp / "file").write_text("a file, not a folder\n")
    (tmp / "empty.rq").write_bytes(b"")
    (tmp / "a b.rq").write_text("SELECT ?x WHERE { BIND(42 AS ?x) }\n")
    (tmp / "huge.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n" + "#" * (300 * 1024) + "\n")
    (tmp / "thesis" / "sub").mkdir(parents=True)  # a user's folder, with a file named CURRENT
    for name in ("thesis.txt", "sub/notes.txt", "CURRENT"):
        (tmp / "thesis" / name).write_text("the user's own\n")
    (tmp / "mine.ttl").write_text("<https://example.org/s> <https://example.org/p> 1 .\n")
    return tmp


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def expand(argv: str, scratch: Path, stub: str) -> list[str]:
    words = shlex.split(argv)
    out = []
    for word in words:
        word = word.replace("{Q}", str(HERE / "queries")).replace("{T}", str(HERE / "turtle"))
        word = word.replace("{tmp}", str(scratch)).replace("{esc}", "\x1b")
        word = word.replace(
            "{stub_with_credentials}", stub.replace("http://", "http://ada:hunter2@")
        )
        word = word.replace("{stub}", stub).replace("{closed}", str(closed_port()))
        if "{digits:" in word:
            head, _, rest = word.partition("{digits:")
            count, _, tail = rest.partition("}")
            word = head + "9" * int(count) + tail
        out.append(word)
    return out


def run_case(
    case: Case, scratch: Path, stub: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    try:
        code = main(expand(case.argv, scratch, stub))
    except SystemExit as exit_:  # argparse: bad option values
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 150
    assert len({c.name for c in CASES}) == len(CASES), "case names are unique"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(
    case: Case, scratch: Path, stub: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_case(case, scratch, stub, capsys)
    assert "Traceback" not in out + err
    assert code == case.code, f"exit {code}, expected {case.code}: {err[-500:]}"
    where = out if case.code == 0 else err
    # A control character is expected in its escaped form (\x1b), as the reporter prints it.
    assert case.fragment in where, f"{case.fragment!r} not in {where[-500:]!r}"
    if case.code != 0:
        assert "\x1b" not in err, "a control character reached the terminal raw"
    for secret in SECRETS:
        assert secret not in out + err


def test_no_update_ever_reached_the_endpoint() -> None:
    """Runs after the corpus (same module): the updates in it were refused before any request."""
    assert not any(b"DROP" in body or b"INSERT" in body for body in Stub.bodies)


@pytest.mark.parametrize("command", ["query agencies --endpoint", "load --endpoint"])
def test_credentials_in_the_url_are_sent_not_looked_up(
    command: str, stub: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`http://user:pw@host` reaches host with an Authorization header when the host asks for it,
    and pw is never shown."""
    Stub.authorizations.clear()
    path = "/basic/sparql" if command.startswith("query") else "/basic/store"
    url = stub.replace("http://", "http://ada:hunter2@") + path
    code = main([*command.split(), url, "--retries", "0"])
    out, err = capsys.readouterr()
    assert code == 0, err
    # asked first without (a HEAD before the graph, for load), then with Basic ada:hunter2
    assert Stub.authorizations == [None, "Basic YWRhOmh1bnRlcjI="]
    assert "hunter2" not in out + err


def test_rdf_parse_errors_in_cr_only_files_name_the_line() -> None:
    """CR-only line endings are counted, in syntax errors too (rdflib alone stops at a lone CR)."""
    code, err = _validate(HERE / "turtle" / "cr-only-bad-iri.ttl")
    assert code == 2
    assert "cr-only-bad-iri.ttl:3:12: invalid IRI <http://ex ample/>" in err


def test_ten_thousand_prefixes_are_read_and_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """10,000 `@prefix` lines, every one used: read, kept and written back (the reading was
    quadratic; scripts/bench_prefixes.py measures it)."""
    many = tmp_path / "prefixes.ttl"
    count = 10_000
    lines = [f"@prefix p{i}: <http://example.org/{i}/> .\n" for i in range(count)]
    lines += [f"p{i}:a p{i}:p {i} .\n" for i in range(count)]
    many.write_text("".join(lines))
    graph = parse_turtle(many)
    assert len(graph) == count
    assert graph.store.namespace("p9999") == URIRef("http://example.org/9999/")
    written = serialize(graph, "ttl")
    assert set(Graph().parse(data=written, format="turtle")) == set(graph)
    out = tmp_path / "out.nt"
    assert main(["export", str(many), "--format", "nt", "-o", str(out)]) == 0, capsys.readouterr()
    exported = Graph().parse(out, format="nt")
    assert (
        URIRef("http://example.org/9999/a"),
        URIRef("http://example.org/9999/p"),
        Literal(9999),
    ) in exported


def test_deeply_nested_blank_nodes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """150 nested blank nodes are valid Turtle: the strict reader (Oxigraph's parser) reads them."""
    nested = tmp_path / "nested.ttl"
    depth = 150
    nested.write_text(
        "<http://example.org/a> <http://example.org/p> "
        + "[ <http://example.org/p> " * depth
        + "1"
        + " ]" * depth
        + " .\n"
    )
    code = main(["export", str(nested), "-o", "/dev/null"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code == 0, err


def _validate(path: Path) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "isecg_kg", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return done.returncode, done.stderr


def test_an_escaped_local_name_hides_no_service(
    stub: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ex:p\\#x` is a name, not a comment: the SERVICE on the next line is seen and refused by
    `query --engine oxigraph` and by `KnowledgeGraph.select(..., engine="oxigraph")`; the
    service (our stub) never hears of it."""
    from isecg_kg import KnowledgeGraph
    from isecg_kg.errors import InputError

    text = (HERE / "queries" / "escaped-name-service.rq").read_text(encoding="utf-8")
    text = text.replace("http://127.0.0.1:1/sparql", f"{stub}/sparql")
    query = tmp_path / "ssrf.rq"
    query.write_text(text, encoding="utf-8")
    before = len(Stub.bodies)
    assert main(["query", str(query), "--engine", "oxigraph"]) == 2
    assert "only with --allow-service" in capsys.readouterr().err
    with pytest.raises(InputError, match="SERVICE"):
        KnowledgeGraph.load().select(text, engine="oxigraph")
    assert len(Stub.bodies) == before


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_brackets_between_operators_are_refused_by_the_api(engine: str) -> None:
    """`FILTER(1<((((…5000…))))&&2>1)` was a RecursionError on rdflib and a crash (rc 139) of the
    caller on Oxigraph: now the gate refuses it, on the caller's own stack, with an InputError."""
    from isecg_kg import KnowledgeGraph
    from isecg_kg.errors import InputError

    text = (HERE / "queries" / "deep-less-than-5000.rq").read_text(encoding="utf-8")
    with pytest.raises(InputError, match="too deeply nested"):
        KnowledgeGraph.load().select(text, engine=engine)
