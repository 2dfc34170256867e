"""Memory of `isecg-kg serve` under many requests (loopback only, a bounded loop).

Starts `isecg-kg serve` on a free 127.0.0.1 port, sends REQUESTS requests over keep-alive
connections (a mix: a counting query by GET, a query by POST form, a query the guard refuses),
checks every answer, and prints the resident memory (VmRSS) of the guard and of its Oxigraph
processes every STEP requests; then stops the server by its PID.

    .venv/bin/python scripts/serve_rss.py [--requests 20000] [--step 2000]
"""

from __future__ import annotations

import argparse
import http.client
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
REFUSED = (
    "PREFIX ex: <http://e/>\nSELECT * WHERE { ?s ex:p\\#x ?o .\nSERVICE <http://127.0.0.1:1/> {} }"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int, name: str) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-P", str(pid), "-f", name], capture_output=True, text=True, check=False
    )
    return [int(p) for p in found.stdout.split()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--step", type=int, default=2_000)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))  # so that the server is stopped too
    port = free_port()
    binary = Path(sys.executable).parent / "isecg-kg"
    server = subprocess.Popen(
        [str(binary), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        assert first.startswith("SPARQL endpoint"), first
        get = "/query?query=" + urllib.parse.quote(COUNT)
        form = urllib.parse.urlencode({"query": COUNT})
        refused = "/query?query=" + urllib.parse.quote(REFUSED)
        expected: bytes | None = None
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        errors = 0
        started = time.monotonic()
        print("requests  guard_MiB  oxigraph_MiB(sum)  processes  gate_MiB(sum)  seconds")
        for number in range(1, args.requests + 1):
            kind = number % 3
            headers = {"Accept": "application/sparql-results+json"}
            if kind == 0:
                connection.request("GET", get, headers=headers)
            elif kind == 1:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                connection.request("POST", "/query", body=form, headers=headers)
            else:
                connection.request("GET", refused, headers=headers)
            response = connection.getresponse()
            body = response.read()
            if kind == 2:
                errors += response.status != 400
                connection.close()  # the guard closes a connection after a 400
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            else:
                expected = expected or body
                errors += response.status != 200 or body != expected
            if number % args.step == 0 or number == 1:
                oxigraph = children(server.pid, "serve-read-only")
                gates = children(server.pid, "isecg_kg.query_gate")
                print(
                    f"{number:8d}  {rss_kib(server.pid) / 1024:9.1f}  "
                    f"{sum(rss_kib(p) for p in oxigraph) / 1024:17.1f}  {len(oxigraph):9d}  "
                    f"{sum(rss_kib(p) for p in gates) / 1024:13.1f}  "
                    f"{time.monotonic() - started:7.1f}",
                    flush=True,
                )
        connection.close()
        print(f"wrong answers: {errors} of {args.requests}")
        return 1 if errors else 0
    finally:
        server.send_signal(signal.SIGTERM)
        out, _ = server.communicate(timeout=60)
        print(out.strip().splitlines()[-1] if out.strip() else "")


if __name__ == "__main__":
    sys.exit(main())
