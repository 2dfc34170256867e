"""A real SPARQL server for the graph: Oxigraph's read-only server, loaded with the graph."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from isecg_kg.errors import EndpointError, InputError


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
        raise EndpointError(f"oxigraph load failed: {done.stderr.strip()[:500]}")


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


def _interrupt(_signum: int, _frame: object) -> None:
    """SIGTERM stops the server like Ctrl-C does."""
    raise KeyboardInterrupt


def serve(ntriples: bytes, host: str, port: int, timeout_s: int, location: Path | None) -> int:
    """Load the graph, serve it read-only until Ctrl-C (or SIGTERM), then stop the server."""
    binary = oxigraph_binary()
    scratch = None if location is not None else tempfile.TemporaryDirectory(prefix="isecg-kg-")
    store = location if location is not None else Path(scratch.name)  # type: ignore[union-attr]
    try:
        load_store(store, ntriples)
        command = [
            binary,
            "serve-read-only",
            "--location",
            str(store),
            "--bind",
            f"{host}:{port}",
            "--timeout-s",
            str(timeout_s),
            "--cors",  # so the site's sparql.html?endpoint= can query it (read-only anyway)
        ]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://{host}:{port}/query"
        try:
            wait_until_ready(url, process)
            print(f"SPARQL endpoint (read-only): {url}", flush=True)
            from isecg_kg.editor import editor_help  # #16: the editor's prefixes and examples

            print("\n".join(editor_help(f"http://{host}:{port}/")), flush=True)
            print("stop with Ctrl-C", flush=True)
            signal.signal(signal.SIGTERM, _interrupt)
            process.wait()
            message = (
                process.stderr.read().decode("utf-8", "replace").strip() if process.stderr else ""
            )
            raise EndpointError(
                f"the Oxigraph server stopped (code {process.returncode}): {message[:300]}"
            )
        except KeyboardInterrupt:
            print("stopping the server", flush=True)
            return 0
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
    finally:
        if scratch is not None:
            scratch.cleanup()
