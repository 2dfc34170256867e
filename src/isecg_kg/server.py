"""A real SPARQL server for the graph: Oxigraph's read-only server, behind a small guard.

The guard is the only thing listening on the user's address. Every request target and method
passes it: a target must be an ASCII origin-form path (an absolute-form `http://x/query` or a
non-ASCII target is answered 400), every `query` goes through isecg_kg.query_gate (parsed: size,
nesting, no update, no SERVICE) before Oxigraph sees it, a request with two or conflicting
`Content-Length` headers, a `Transfer-Encoding`, or a GET with a body is refused (400), and no CORS
header is sent unless `--allow-origin` names one origin.

It reads Oxigraph's whole answer before replying, so a query cut off by the timeout answers HTTP
503, never a 200 with half a body. Queries run on a pool of Oxigraph processes, one query at a time
each, so that a query whose client went away or whose time ran out is stopped by restarting its
own process only (Oxigraph's evaluation notices neither), while the others answer on; each process
is also renewed after a number of queries, which keeps memory flat. Connections are bounded in
number, a request head must arrive within HEADER_TIMEOUT_S and an idle connection is closed after
IDLE_TIMEOUT_S. A process that dies is restarted; after RESTARTS deaths a minute `serve` stops.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import ipaddress
import json
import queue
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from isecg_kg.errors import EndpointError, InputError, Terminated, clean, termination_held
from isecg_kg.query_gate import MAX_QUERY_BYTES, QUERY_FORMS

MAX_ANSWER_BYTES = 256 << 20
RESTARTS = 3  # within RESTART_WINDOW_S, before `serve` gives up
RESTART_WINDOW_S = 60.0
POOL_SIZE = 3  # Oxigraph processes, one query at a time each
QUERIES_PER_PROCESS = 2000  # then the process is renewed (Oxigraph's memory grows with requests)
MAX_CONNECTIONS = 256  # beyond this a new connection is answered 503 and closed
HEADER_TIMEOUT_S = 10.0  # for a whole request head (slowloris)
IDLE_TIMEOUT_S = 15.0  # a keep-alive connection with nothing to say
PARSERS = 2  # query gate workers (rdflib's parser is pure Python: seconds for a large query)
PARSE_TIMEOUT_S = 10.0


def oxigraph_binary() -> str:
    """The `oxigraph` server binary: beside this Python (a venv), or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise InputError(
            "the Oxigraph server is not installed: pip install 'isecg-kg[fast]' "
            "(it provides the `oxigraph` command)"
        )
    return found


def load_store(location: Path, ntriples: bytes) -> None:
    """Bulk-load N-Triples into an Oxigraph store directory."""
    with tempfile.NamedTemporaryFile(suffix=".nt") as data:
        data.write(ntriples)
        data.flush()
        command = [oxigraph_binary(), "load", "--location", str(location), "--file", data.name]
        loader: subprocess.Popen[str] | None = None
        try:
            with termination_held():  # the loader is ours before a SIGTERM lands
                loader = subprocess.Popen(
                    command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                )
            _, stderr = loader.communicate()
        except BaseException:  # SIGTERM, Ctrl-C: the loader stops before its store is removed
            if loader is not None:
                loader.kill()
                loader.wait()
            raise
    if loader.returncode != 0:
        raise EndpointError(f"oxigraph load failed: {clean(stderr.strip()[:500])}")


def prepare_location(location: Path) -> None:
    """A --location folder holds exactly this graph: an earlier store there (in a folder this
    command made, export.OWNED) is replaced, not added to, which would duplicate its blank nodes;
    any other non-empty folder is refused untouched."""
    from isecg_kg.export import empty_owned_folder

    empty_owned_folder(location, "serve --location (an Oxigraph store)")


def wait_until_ready(url: str, process: subprocess.Popen[bytes], deadline_s: float = 20.0) -> None:
    """Poll the query endpoint until it answers, the server dies, or the deadline passes."""
    ask = url + "?query=" + urllib.request.quote("ASK {}")
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if process.poll() is not None:
            raise EndpointError(f"the Oxigraph server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(ask, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise EndpointError(f"the Oxigraph server did not answer at {url} within {deadline_s:g} s")


def bind(host: str, port: int) -> socket.socket:
    """The public socket, bound before anything else: a port in use fails here (exit 4)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(64)
    except OSError as error:
        listener.close()
        if error.errno == 98:  # EADDRINUSE
            raise EndpointError(f"port {port} on {host} is already in use") from None
        raise EndpointError(f"cannot listen on {host} port {port}: {error.strerror}") from None
    return listener


def _free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Member:
    """One Oxigraph process of the pool, on its own private loopback port."""

    def __init__(self, store: Path, timeout_s: float) -> None:
        self.store, self.timeout_s = store, timeout_s
        self.port = _free_loopback_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.served = 0
        self.lock = threading.Lock()

    def start(self) -> None:
        command = [
            oxigraph_binary(),
            "serve-read-only",
            "--location",
            str(self.store),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout-s",
            str(max(1, round(self.timeout_s))),
        ]
        with termination_held():  # stopped by stop(), so it must be ours before a signal lands
            self.process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        self.served = 0
        wait_until_ready(f"http://127.0.0.1:{self.port}/query", self.process)

    def dead(self) -> int | None:
        """The exit code of a process that stopped by itself, else None."""
        return None if self.process is None else self.process.poll()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Upstream:
    """A pool of Oxigraph processes, each asked one query at a time: stopping a query (a restart
    of its process) touches no other client's query."""

    def __init__(self, store: Path, timeout_s: float, size: int = POOL_SIZE) -> None:
        self.timeout_s = timeout_s
        self.members = [Member(store, timeout_s) for _ in range(size)]
        self.idle: queue.Queue[Member] = queue.Queue()
        self.restarts: list[float] = []
        self.renewed = 0
        self.lock = threading.Lock()

    def start(self) -> None:
        for member in self.members:
            member.start()
            self.idle.put(member)

    def acquire(self, wait_s: float) -> Member | None:
        try:
            return self.idle.get(timeout=wait_s)
        except queue.Empty:
            return None

    def release(self, member: Member, *, stop_query: bool = False) -> None:
        """Back to the pool. A process still computing an abandoned query, or one that has served
        its share, is renewed first, in the background: no request waits for that."""
        member.served += 1
        if not stop_query and member.served < QUERIES_PER_PROCESS and member.dead() is None:
            self.idle.put(member)
            return
        threading.Thread(target=self._renew, args=(member,), daemon=True).start()

    def _renew(self, member: Member) -> None:
        with member.lock:
            member.stop()
            with contextlib.suppress(EndpointError):  # check() sees a process that never came up
                member.start()
            self.renewed += 1
        self.idle.put(member)

    def check(self) -> None:
        """Restart a process that died; after RESTARTS deaths in a minute, stop with a message."""
        for member in self.members:
            if not member.lock.acquire(blocking=False):
                continue  # being renewed
            try:
                code = member.dead()
                if code is None:
                    continue
                now = time.monotonic()
                with self.lock:
                    self.restarts = [t for t in self.restarts if now - t < RESTART_WINDOW_S]
                    self.restarts.append(now)
                    if len(self.restarts) > RESTARTS:
                        raise EndpointError(
                            f"the Oxigraph server stopped (code {code}) {len(self.restarts)} "
                            "times in a minute; giving up"
                        )
                print(f"the Oxigraph server stopped (code {code}); restarting it", file=sys.stderr)
                member.start()
            finally:
                member.lock.release()

    def stop(self) -> None:
        for member in self.members:
            member.stop()


class Parsers:
    """The query gate, run in worker processes (`python -m isecg_kg.query_gate`): a large query
    costs rdflib's pure-Python parser seconds of CPU, which in the guard would hold the lock its
    threads share. At most PARSERS parse at once; a parse past PARSE_TIMEOUT_S is stopped (its
    worker replaced) and the query refused. Decisions are remembered by the query's digest."""

    def __init__(self, size: int = PARSERS) -> None:
        self.idle: queue.Queue[subprocess.Popen[bytes]] = queue.Queue()
        self.all: list[subprocess.Popen[bytes]] = []
        self.decided: OrderedDict[bytes, str] = OrderedDict()  # digest -> refusal ("" = allowed)
        self.lock = threading.Lock()
        for _ in range(size):
            worker = self._spawn()
            # warmed up before serving: the first parse also builds rdflib's grammar
            if self._ask(worker, "ASK {}", timeout_s=120) is None:
                raise EndpointError(
                    "the query checker (python -m isecg_kg.query_gate) did not start"
                )
            self.idle.put(worker)

    def _spawn(self) -> subprocess.Popen[bytes]:
        worker = subprocess.Popen(
            [sys.executable, "-m", "isecg_kg.query_gate"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        with self.lock:
            self.all = [w for w in self.all if w.poll() is None] + [worker]
        return worker

    def refusal(self, text: str) -> str:
        """Why the gate refuses the query ("" when it is allowed here)."""
        if len(text.encode("utf-8", "replace")) > MAX_QUERY_BYTES:
            return f"a query is limited to {MAX_QUERY_BYTES // 1024} KiB"
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        with self.lock:
            if key in self.decided:
                self.decided.move_to_end(key)
                return self.decided[key]
        try:
            worker = self.idle.get(timeout=PARSE_TIMEOUT_S)
        except queue.Empty:
            return "the query checker is busy; ask again"
        answer = self._ask(worker, text)
        if answer is None:
            worker.kill()
            worker.wait()
            threading.Thread(target=lambda: self.idle.put(self._spawn()), daemon=True).start()
            return f"the query could not be parsed within {PARSE_TIMEOUT_S:g} s"
        self.idle.put(worker)
        if "refused" in answer:
            why = str(answer["refused"])
        elif answer["form"] not in QUERY_FORMS:
            why = f"{answer['form']} queries are not supported here"
        elif answer["service"]:
            why = "the query calls a remote service (SERVICE), which this server does not"
        else:
            why = ""
        with self.lock:
            self.decided[key] = why
            if len(self.decided) > 512:
                self.decided.popitem(last=False)
        return why

    @staticmethod
    def _ask(
        worker: subprocess.Popen[bytes], text: str, timeout_s: float = PARSE_TIMEOUT_S
    ) -> dict[str, object] | None:
        assert worker.stdin is not None and worker.stdout is not None
        try:
            worker.stdin.write(json.dumps({"text": text}).encode() + b"\n")
            worker.stdin.flush()
            ready, _, _ = select.select([worker.stdout], [], [], timeout_s)
            if not ready:
                return None
            line = worker.stdout.readline()
            return json.loads(line) if line else None  # type: ignore[no-any-return]
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        with self.lock:
            workers = list(self.all)
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()


class Guard(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        listener: socket.socket,
        upstream: Upstream,
        parsers: Parsers,
        allow_origin: str | None = None,
    ) -> None:
        self.address_family = listener.family
        super().__init__(listener.getsockname()[:2], GuardHandler, bind_and_activate=False)
        self.socket.close()
        self.socket = listener
        self.upstream = upstream
        self.parsers = parsers
        self.allow_origin = allow_origin
        self.refused = self.answered = self.failed = self.abandoned = self.turned_away = 0
        self.connections = 0
        self.deadlines: dict[GuardHandler, float] = {}
        self.count_lock = threading.Lock()
        threading.Thread(target=self._reap, daemon=True).start()

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        """At most MAX_CONNECTIONS at once: one more is told so (503) and closed at once."""
        with self.count_lock:
            full = self.connections >= MAX_CONNECTIONS
            if not full:
                self.connections += 1
        if full:
            self.turned_away += 1
            with contextlib.suppress(OSError):
                request.setblocking(False)
                request.send(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                    b"Connection: close\r\n\r\n"
                )
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)  # type: ignore[arg-type]

    def process_request_thread(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)  # type: ignore[arg-type]
        finally:
            with self.count_lock:
                self.connections -= 1

    def watch(self, handler: GuardHandler, seconds: float) -> None:
        with self.count_lock:
            self.deadlines[handler] = time.monotonic() + seconds

    def unwatch(self, handler: GuardHandler) -> None:
        with self.count_lock:
            self.deadlines.pop(handler, None)

    def _reap(self) -> None:
        """Close the connections whose request head (or body) is late: a client that trickles
        bytes holds a thread, but not for longer than that."""
        while True:
            time.sleep(0.5)
            now = time.monotonic()
            with self.count_lock:
                late = [h for h, deadline in self.deadlines.items() if deadline < now]
                for handler in late:
                    del self.deadlines[handler]
            for handler in late:
                with contextlib.suppress(OSError):
                    handler.connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """A client that drops its connection is not a server fault: no traceback on stderr."""
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            return
        print(f"request from {client_address[0]} failed: {clean(str(error))}", file=sys.stderr)


class Refusal(Exception):
    """A request answered with an error status by the guard itself."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


_PATH = re.compile(r"/[A-Za-z0-9._~/-]*")


class GuardHandler(BaseHTTPRequestHandler):
    server: Guard
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT_S  # any single read or write

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a server log line per request is noise on the user's terminal."""

    def handle_one_request(self) -> None:
        self.server.watch(self, HEADER_TIMEOUT_S)  # the next request head, whole, in time
        try:
            super().handle_one_request()
        finally:
            self.server.unwatch(self)

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        self.server.unwatch(self)
        return parsed

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_HEAD(self) -> None:
        self._reply(405, "HEAD is not supported; use GET\n")

    def do_PUT(self) -> None:
        self._reply(403, "this endpoint is read-only\n")

    do_DELETE = do_PATCH = do_PUT

    def do_OPTIONS(self) -> None:
        self._reply(405, "OPTIONS is not supported: send a GET or POST\n")

    def _handle(self, method: str) -> None:
        try:
            target, body = self._checked(method)
        except Refusal as refusal:
            self.server.refused += 1
            if refusal.status == 400:
                self.close_connection = True  # what follows on this connection is unknown
            self._reply(refusal.status, f"{refusal}\n")
            return
        self._forward(method, target, body)

    def _checked(self, method: str) -> tuple[str, bytes | None]:
        """The request as it will be forwarded (a rebuilt target and body), after the gate."""
        raw = self.path
        if not raw.isascii() or not raw.isprintable():
            raise Refusal(400, "the request target must be ASCII (percent-encode the rest)")
        if not raw.startswith("/"):
            raise Refusal(400, "the request target must be a path (origin-form), such as /query")
        path, _, query_string = raw.partition("?")
        if not _PATH.fullmatch(path):
            raise Refusal(400, "the request path may hold only letters, digits and ._~/-")
        if self.headers.get("Transfer-Encoding") is not None:
            raise Refusal(400, "Transfer-Encoding is not accepted: send a Content-Length")
        lengths = self.headers.get_all("Content-Length") or []
        if len(lengths) > 1:
            raise Refusal(400, "more than one Content-Length header")
        if lengths and not lengths[0].strip().isdigit():
            raise Refusal(400, "Content-Length must be a number")
        length = int(lengths[0]) if lengths else None
        params = _form(query_string)
        if "update" in params:
            raise Refusal(403, "this endpoint is read-only: updates are refused")
        if method == "GET":
            if length:
                raise Refusal(400, "a GET carries no body")
            if path == "/query" or "query" in params:
                self._gate(params)
            return _target(path, params), None
        if path != "/query":
            raise Refusal(403, "this endpoint is read-only: only /query takes a POST")
        if "query" in params:
            raise Refusal(400, "a POST sends its query in the body, not in the URL")
        if length is None:
            raise Refusal(411, "a POST needs a Content-Length")
        if length > MAX_QUERY_BYTES * 3:
            raise Refusal(413, f"a query is limited to {MAX_QUERY_BYTES // 1024} KiB")
        self.server.watch(self, HEADER_TIMEOUT_S)  # the body too, in time
        try:
            data = self.rfile.read(length)
        finally:
            self.server.unwatch(self)
        if len(data) != length:
            raise Refusal(400, "the body is shorter than its Content-Length")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise Refusal(400, "the body must be UTF-8") from None
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind == "application/sparql-query":
            self._gate({"query": [text]})
            return _target(path, params), text.encode("utf-8")
        if kind == "application/x-www-form-urlencoded":
            form = _form(text)
            if "update" in form:
                raise Refusal(403, "this endpoint is read-only: updates are refused")
            self._gate(form)
            return _target(path, params), urllib.parse.urlencode(form, doseq=True).encode()
        raise Refusal(415, "send application/sparql-query or a form with query=")

    def _gate(self, params: dict[str, list[str]]) -> None:
        queries = params.get("query", [])
        if len(queries) != 1:
            raise Refusal(400, "send exactly one query")
        why = self.server.parsers.refusal(queries[0])
        if why:
            raise Refusal(400, f"query: {why}")

    def _forward(self, method: str, target: str, body: bytes | None) -> None:
        """Ask a free Oxigraph process in a worker thread; give up if the client leaves or time
        runs out, and then stop that process's query (a restart of that process only)."""
        upstream = self.server.upstream
        deadline = time.monotonic() + upstream.timeout_s
        member = upstream.acquire(upstream.timeout_s)
        if member is None:
            self.server.failed += 1
            self._reply(503, "every query engine is busy; ask again\n")
            return
        connection = http.client.HTTPConnection(
            "127.0.0.1", member.port, timeout=upstream.timeout_s + 5
        )
        headers = {
            name: value
            for name, value in self.headers.items()
            if name.lower() in ("accept", "content-type")
        }
        outcome: dict[str, object] = {}

        def ask() -> None:
            try:
                connection.request(method, target, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read(MAX_ANSWER_BYTES + 1)
                outcome["answer"] = (response.status, response.getheader("Content-Type"), data)
            except (http.client.IncompleteRead, ConnectionError) as error:
                outcome["error"] = f"the answer was cut off ({type(error).__name__})"
            except TimeoutError:
                outcome["error"] = "no answer in time"
            except OSError as error:
                outcome["error"] = f"the query engine is unreachable: {error.strerror or error}"
            except Exception as error:  # the connection was closed under us: client gone
                outcome["error"] = f"the query was abandoned ({type(error).__name__})"

        worker = threading.Thread(target=ask, daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(0.2)
            gone = self._client_gone()
            if gone or time.monotonic() > deadline:
                with contextlib.suppress(OSError):
                    if connection.sock is not None:
                        connection.sock.shutdown(socket.SHUT_RDWR)
                connection.close()
                upstream.release(member, stop_query=True)
                if gone:
                    self.server.abandoned += 1
                else:
                    self.server.failed += 1
                    self._reply(503, f"the query did not finish within {upstream.timeout_s:g} s\n")
                self.close_connection = True
                return
        connection.close()
        if "error" in outcome:
            upstream.release(member, stop_query=True)
            self.server.failed += 1
            self._reply(503, f"the query failed: {outcome['error']}\n")
            return
        status, kind, data = outcome["answer"]  # type: ignore[misc]
        timed_out = status == 500 and b"timeout" in data.lower()
        upstream.release(member, stop_query=timed_out)  # its evaluation may still be running
        if len(data) > MAX_ANSWER_BYTES:
            self.server.failed += 1
            self._reply(507, "the answer is too large\n")
            return
        if timed_out:  # Oxigraph's own timeout: the same answer as ours
            self.server.failed += 1
            self._reply(503, f"the query did not finish within {upstream.timeout_s:g} s\n")
            return
        self.server.answered += 1
        self._reply(status, data, kind or "application/octet-stream")

    def _client_gone(self) -> bool:
        """The client closed its side: its socket is readable and reads as end-of-file (asked
        through select: the socket has a timeout, so a non-blocking recv would wait for it)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            if not readable:
                return False
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    def _reply(
        self, status: int, body: str | bytes, kind: str = "text/plain; charset=utf-8"
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            if self.server.allow_origin is not None:  # only the one origin the user named
                self.send_header("Access-Control-Allow-Origin", self.server.allow_origin)
                self.send_header("Vary", "Origin")
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            self.close_connection = True


def _form(text: str) -> dict[str, list[str]]:
    """A query string or form body, decoded once: what is checked is what is forwarded."""
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise Refusal(400, "the query string is not valid UTF-8 percent-encoding") from None


def _target(path: str, params: dict[str, list[str]]) -> str:
    return path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")


def _scratch_store() -> tempfile.TemporaryDirectory[str]:
    """The temporary store, made with SIGTERM held back (`errors.termination_held`)."""
    with termination_held():
        return tempfile.TemporaryDirectory(prefix="isecg-kg-")


def public_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/query"


def serve(
    ntriples: bytes,
    host: str,
    port: int,
    timeout_s: float,
    location: Path | None,
    allow_origin: str | None = None,
) -> int:
    """Load the graph, serve it read-only until Ctrl-C (or SIGTERM), then stop the server.
    `allow_origin`: the one web origin whose pages may read the answers (CORS); none by default."""
    oxigraph_binary()
    if location is not None:
        prepare_location(location)
    with contextlib.suppress(ValueError):
        if ipaddress.ip_address(host).is_unspecified:
            print(
                f"warning: --host {host} serves every network interface of this machine",
                file=sys.stderr,
            )
    listener = bind(host, port)
    scratch: tempfile.TemporaryDirectory[str] | None = None
    upstream: Upstream | None = None
    parsers: Parsers | None = None
    guard: Guard | None = None
    try:
        scratch = None if location is not None else _scratch_store()
        store = location if scratch is None else Path(scratch.name)
        upstream = Upstream(store, timeout_s)
        load_store(store, ntriples)
        upstream.start()
        parsers = Parsers()
        guard = Guard(listener, upstream, parsers, allow_origin)
        threading.Thread(target=guard.serve_forever, daemon=True).start()
        print(f"SPARQL endpoint (read-only): {public_url(host, port)}", flush=True)
        from isecg_kg.editor import editor_help  # the editor's prefixes and examples (#16)

        print("\n".join(editor_help(public_url(host, port).removesuffix("query"))), flush=True)
        print("stop with Ctrl-C", flush=True)
        while True:
            time.sleep(0.5)
            upstream.check()
    except (KeyboardInterrupt, Terminated):
        print("stopping the server", flush=True)
        return 0
    finally:
        if guard is not None:
            guard.shutdown()
            guard.server_close()
        listener.close()
        if upstream is not None:
            upstream.stop()
        if parsers is not None:
            parsers.stop()
        if scratch is not None:
            scratch.cleanup()
        if guard is not None:
            print(
                f"requests: {guard.answered} answered, {guard.refused} refused (400), "
                f"{guard.failed} failed or timed out, {guard.abandoned} left by their client, "
                f"{guard.turned_away} connections turned away; "
                f"query engine renewed {upstream.renewed if upstream else 0} times",
                flush=True,
            )
