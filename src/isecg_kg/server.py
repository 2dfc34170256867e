"""A real SPARQL server for the graph: Oxigraph's read-only server, behind a small guard.

The guard is the only thing listening on the user's address. It checks every query with the same
rules as the command line (size, nesting depth, no update, no SERVICE) and answers HTTP 400 before
Oxigraph sees a query it cannot handle safely (a deep one overflows its stack). It reads Oxigraph's
whole answer before replying, so a query cut off by the timeout answers HTTP 503, never a 200 with
half a body; it stops a query whose client went away or whose time ran out (by restarting
Oxigraph, which would otherwise compute on); and it restarts Oxigraph if that process dies, or
stops `serve` with a clear message.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from isecg_kg.errors import EndpointError, InputError, Terminated, clean
from isecg_kg.stored_queries import MAX_QUERY_BYTES, QUERY_FORMS, check_query

MAX_ANSWER_BYTES = 256 << 20
RESTARTS = 3  # within RESTART_WINDOW_S, before `serve` gives up
RESTART_WINDOW_S = 60.0


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
        done = subprocess.run(
            [oxigraph_binary(), "load", "--location", str(location), "--file", data.name],
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        raise EndpointError(f"oxigraph load failed: {clean(done.stderr.strip()[:500])}")


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


class Upstream:
    """The Oxigraph process on a private loopback port, restarted if it dies."""

    def __init__(self, store: Path, timeout_s: float) -> None:
        self.store, self.timeout_s = store, timeout_s
        self.port = _free_loopback_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts: list[float] = []
        self.generation = 0  # bumped at every (re)start, so one abandoned query restarts once
        self.lock = threading.Lock()

    def start(self) -> None:
        self.generation += 1
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
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until_ready(f"http://127.0.0.1:{self.port}/query", self.process)

    def recycle(self, generation: int) -> None:
        """Stop a query Oxigraph would not stop: it runs on past its timeout and after its
        client has gone (its evaluation never notices either), so the process is restarted.
        Queries in flight then answer 503 and can be asked again."""
        with self.lock:
            if generation != self.generation:
                return  # another abandoned query restarted it already
            self.stop()
            self.start()

    def check(self) -> None:
        """Restart a dead server; after RESTARTS deaths in a minute, stop with a message."""
        with self.lock:
            self._check()

    def _check(self) -> None:
        assert self.process is not None
        if self.process.poll() is None:
            return
        code = self.process.returncode
        now = time.monotonic()
        self.restarts = [t for t in self.restarts if now - t < RESTART_WINDOW_S] + [now]
        if len(self.restarts) > RESTARTS:
            raise EndpointError(
                f"the Oxigraph server stopped (code {code}) {len(self.restarts)} times in a "
                "minute; giving up"
            )
        print(f"the Oxigraph server stopped (code {code}); restarting it", file=sys.stderr)
        self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Guard(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, listener: socket.socket, upstream: Upstream) -> None:
        self.address_family = listener.family
        super().__init__(listener.getsockname()[:2], GuardHandler, bind_and_activate=False)
        self.socket.close()
        self.socket = listener
        self.upstream = upstream
        self.refused = self.answered = self.failed = self.abandoned = 0

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """A client that drops its connection is not a server fault: no traceback on stderr."""
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            return
        print(f"request from {client_address[0]} failed: {clean(str(error))}", file=sys.stderr)


class GuardHandler(BaseHTTPRequestHandler):
    server: Guard
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a server log line per request is noise on the user's terminal."""

    def do_GET(self) -> None:
        path, _, query_string = self.path.partition("?")
        if path == "/query":
            query = urllib.parse.parse_qs(query_string).get("query", [""])[0]
            if not self._allowed(query):
                return
        self._forward("GET", None)

    def do_HEAD(self) -> None:
        self._reply(405, "HEAD is not supported; use GET\n")

    def do_POST(self) -> None:
        path = self.path.partition("?")[0]
        if path != "/query":
            self._reply(403, "this endpoint is read-only: only /query takes a POST\n")
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._reply(411, "a POST needs a Content-Length\n")
            return
        if int(length) > MAX_QUERY_BYTES * 3:
            self._reply(413, f"a query is limited to {MAX_QUERY_BYTES // 1024} KiB\n")
            return
        body = self.rfile.read(int(length))
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind == "application/sparql-query":
            query = body.decode("utf-8", "replace")
        elif kind == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            if "update" in form:
                self._reply(403, "this endpoint is read-only: updates are refused\n")
                return
            query = form.get("query", [""])[0]
        else:
            self._reply(415, "send application/sparql-query or a form with query=\n")
            return
        if self._allowed(query):
            self._forward("POST", body)

    def do_PUT(self) -> None:
        self._reply(403, "this endpoint is read-only\n")

    do_DELETE = do_PATCH = do_PUT

    def _allowed(self, query: str) -> bool:
        try:
            check_query(query, "query", forms=QUERY_FORMS)
        except InputError as error:
            self.server.refused += 1
            self._reply(400, f"{error}\n")
            return False
        return True

    def _forward(self, method: str, body: bytes | None) -> None:
        """Ask Oxigraph in a worker thread; give up if the client leaves or time runs out."""
        upstream = self.server.upstream
        connection = http.client.HTTPConnection(
            "127.0.0.1", upstream.port, timeout=upstream.timeout_s + 5
        )
        headers = {
            name: value
            for name, value in self.headers.items()
            if name.lower() in ("accept", "content-type", "content-length")
        }
        outcome: dict[str, object] = {}
        generation = upstream.generation

        def ask() -> None:
            try:
                connection.request(method, self.path, body=body, headers=headers)
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
        deadline = time.monotonic() + upstream.timeout_s
        while worker.is_alive():
            worker.join(0.2)
            gone = self._client_gone()
            if gone or time.monotonic() > deadline:
                with contextlib.suppress(OSError):
                    if connection.sock is not None:
                        connection.sock.shutdown(socket.SHUT_RDWR)
                connection.close()
                if gone:
                    self.server.abandoned += 1
                else:
                    self.server.failed += 1
                    self._reply(503, f"the query did not finish within {upstream.timeout_s:g} s\n")
                self.close_connection = True
                upstream.recycle(generation)
                return
        connection.close()
        if "error" in outcome:
            self.server.failed += 1
            self._reply(503, f"the query failed: {outcome['error']}\n")
            return
        status, kind, data = outcome["answer"]  # type: ignore[misc]
        if len(data) > MAX_ANSWER_BYTES:
            self.server.failed += 1
            self._reply(507, "the answer is too large\n")
            return
        if status == 500 and b"timeout" in data.lower():  # Oxigraph's own timeout: same answer
            self.server.failed += 1
            self._reply(503, f"the query did not finish within {upstream.timeout_s:g} s\n")
            upstream.recycle(generation)  # its evaluation may still be running
            return
        self.server.answered += 1
        self._reply(status, data, kind or "application/octet-stream")

    def _client_gone(self) -> bool:
        """The client closed its side: its socket reads as end-of-file without blocking."""
        try:
            return self.connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except BlockingIOError:
            return False
        except OSError:
            return True

    def _reply(
        self, status: int, body: str | bytes, kind: str = "text/plain; charset=utf-8"
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Access-Control-Allow-Origin", "*")  # the site's sparql.html (#16)
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            self.close_connection = True


def _scratch_store() -> tempfile.TemporaryDirectory[str]:
    """The temporary store, made with SIGTERM held back: a signal then never lands between the
    folder and the object that removes it."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        return tempfile.TemporaryDirectory(prefix="isecg-kg-")
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def public_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/query"


def serve(ntriples: bytes, host: str, port: int, timeout_s: float, location: Path | None) -> int:
    """Load the graph, serve it read-only until Ctrl-C (or SIGTERM), then stop the server."""
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
    guard: Guard | None = None
    try:
        scratch = None if location is not None else _scratch_store()
        store = location if scratch is None else Path(scratch.name)
        upstream = Upstream(store, timeout_s)
        load_store(store, ntriples)
        upstream.start()
        guard = Guard(listener, upstream)
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
        if scratch is not None:
            scratch.cleanup()
        if guard is not None:
            print(
                f"requests: {guard.answered} answered, {guard.refused} refused (400), "
                f"{guard.failed} failed or timed out, {guard.abandoned} left by their client",
                flush=True,
            )
