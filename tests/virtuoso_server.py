"""Debian's OpenLink Virtuoso 7 (`virtuoso-opensource`) on 127.0.0.1, for the tests and the
benchmark: a throwaway database folder, its own ini (free ports, DirsAllowed, buffers, row cap),
`virtuoso-t +foreground`, stopped by its PID. The Debian package starts no server in a container.

A user for the authenticated Graph Store endpoint (`/sparql-graph-crud-auth`, Digest) is made
through `isql-vt` with the SQL on standard input, so its password is on no command line.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO, ISQL = shutil.which("virtuoso-t"), shutil.which("isql-vt")
VSP = Path("/var/lib/virtuoso-opensource-7/vsp")
GRAPH = "https://w3id.org/isecg-kg/graph"


@dataclass(frozen=True)
class Virtuoso:
    base: str  # http://127.0.0.1:PORT
    sql_port: int
    pid: int
    folder: Path

    @property
    def sparql(self) -> str:
        """The query endpoint, with the loaded graph as the default graph (Virtuoso's default
        graph is otherwise the union of every graph, its system graphs included)."""
        return (
            f"{self.base}/sparql?default-graph-uri={GRAPH.replace(':', '%3A').replace('/', '%2F')}"
        )

    @property
    def graph_store(self) -> str:
        return f"{self.base}/sparql-graph-crud-auth"

    def sql(self, statements: str) -> str:
        """Run SQL as the database's administrator (the throwaway database's default login)."""
        assert ISQL is not None
        done = subprocess.run(
            [ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba"],
            input=statements + "\n",
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed: {(done.stdout + done.stderr)[-1000:]}")
        return done.stdout

    def add_writer(self, user: str, password: str) -> None:
        """A SQL user allowed to write graphs through the Graph Store endpoints."""
        quoted = password.replace("'", "''")
        self.sql(
            f"DB.DBA.USER_CREATE('{user}', '{quoted}');\n"
            f'GRANT SPARQL_UPDATE TO "{user}";\n'
            f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{user}', 3);"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ini(folder: Path, sql_port: int, http_port: int, max_rows: int, buffers: int) -> str:
    return f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {folder}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {buffers * 3 // 4}
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {VSP}
ServerThreads = 4
MaxClientConnections = 4
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""


@contextmanager
def running(
    folder: Path, *, max_rows: int = 5000, buffers: int = 20000, startup: float = 240.0
) -> Iterator[Virtuoso]:
    """Virtuoso on free loopback ports with its database in `folder`; stopped by PID."""
    assert VIRTUOSO is not None
    sql_port, http_port = free_port(), free_port()
    config = folder / "virtuoso.ini"
    config.write_text(ini(folder, sql_port, http_port, max_rows, buffers), encoding="utf-8")
    log = (folder / "console.log").open("wb")
    process = subprocess.Popen(
        [VIRTUOSO, "+foreground", "+configfile", str(config)],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{http_port}"
        deadline = time.monotonic() + startup
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited: {_tail(folder / 'console.log')}")
            try:
                with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=5):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    why = _tail(folder / "console.log")
                    raise RuntimeError(f"virtuoso-t did not start: {why}") from None
                time.sleep(1)
        yield Virtuoso(base, sql_port, process.pid, folder)
    finally:
        process.terminate()
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=60)
        log.close()


def _tail(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[-1500:]
