"""Virtuoso and the Oxigraph server side by side, in one run: load and the stored queries.

Usage: python scripts/bench_stores.py [--size 1000000] [--repeat 3] [--json build/bench/stores.json]

The data is the packaged graph plus `--size` synthetic triples (isecg_kg.synthetic), so that every
stored query has its real answers and a large graph to search. Each store starts on a free
loopback port with a throwaway folder and is stopped by its PID (Virtuoso through
tests/virtuoso_server.py). Timed, for each store:
- `isecg-kg load`'s path: one Graph Store PUT of the N-Triples (Digest on Virtuoso);
- every stored query through `query --endpoint`'s client: the median of `--repeat` runs;
- the native bulk load (Virtuoso's `ld_dir` + `rdf_loader_run` into another graph, after the
  queries so that its locks cannot stall them; `oxigraph load` into another folder).
Prints a Markdown table (seconds for loads, milliseconds for queries).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from isecg_kg.engines import run_endpoint
from isecg_kg.errors import EndpointError
from isecg_kg.export import serialize
from isecg_kg.graph_store import put_graph
from isecg_kg.load import packaged_graph
from isecg_kg.network import PASSWORD_ENV, USER_ENV
from isecg_kg.resources import queries_dir
from isecg_kg.server import oxigraph_binary, wait_until_ready
from isecg_kg.stored_queries import catalogue
from isecg_kg.synthetic import generate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from virtuoso_server import GRAPH, free_port, running

QUERIES = catalogue(queries_dir())
TIMEOUT = 1800.0
QUERY_TIMEOUT = 180.0  # a query slower than this is reported as such


def seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def query_times(endpoint: str, repeat: int) -> dict[str, float | str]:
    """Milliseconds per stored query (median), or the store's refusal in its own words."""
    times: dict[str, float | str] = {}
    for name, query in sorted(QUERIES.items()):
        try:
            samples = [
                seconds(
                    lambda t=query.text: run_endpoint(endpoint, t, timeout=QUERY_TIMEOUT, retries=0)
                )
                for _ in range(repeat)
            ]
        except EndpointError as error:
            times[name] = str(error).split(": ", 1)[-1].split(" / ")[0]
            continue
        times[name] = statistics.median(samples) * 1000
    return times


def virtuoso(folder: Path, data: Path, repeat: int) -> dict[str, object]:
    password = secrets.token_urlsafe(16)
    # buffers: 8 KB pages; 250,000 is about 2 GB, enough for 10M triples' working set
    with running(folder, max_rows=10_000_000, buffers=250_000) as store:
        store.add_writer("bench", password)
        os.environ[USER_ENV], os.environ[PASSWORD_ENV] = "bench", password
        try:
            put = seconds(
                lambda: put_graph(
                    store.graph_store, data.read_bytes(), graph=GRAPH, timeout=TIMEOUT
                )
            )
        finally:
            del os.environ[USER_ENV], os.environ[PASSWORD_ENV]
        store.sql("checkpoint;")  # the PUT's transaction written out before the queries
        queries = query_times(store.sparql, repeat)
        # the bulk loader last, into another graph: its locks must not stall the queries
        bulk = seconds(
            lambda: store.sql(
                f"ld_dir('{folder}', '{data.name}', 'urn:isecg-kg:bulk');\n"
                "rdf_loader_run();\ncheckpoint;"
            )
        )
        return {"bulk load": bulk, "isecg-kg load": put} | queries


def oxigraph(folder: Path, data: Path, repeat: int) -> dict[str, object]:
    binary = oxigraph_binary()
    bulk = seconds(
        lambda: subprocess.run(
            [binary, "load", "--location", str(folder / "bulk"), "--file", str(data)],
            check=True,
            capture_output=True,
            timeout=TIMEOUT,
        )
    )
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(folder / "served"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_ready(f"{base}/query", process)
        put = seconds(
            lambda: put_graph(f"{base}/store", data.read_bytes(), graph=None, timeout=TIMEOUT)
        )
        return {"bulk load": bulk, "isecg-kg load": put} | query_times(f"{base}/query", repeat)
    finally:
        process.terminate()
        process.wait(timeout=120)


def shown(value: object) -> str:
    return f"{value:.0f}" if isinstance(value, float) else f"refused: {value}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="synthetic triples")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (median)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-stores-") as scratch:
        folder = Path(scratch)
        data = folder / "virtuoso" / "data.nt"
        data.parent.mkdir()
        synthetic = generate(args.size, seed=1)
        real = serialize(packaged_graph(), "nt")
        data.write_bytes(real + synthetic.ntriples.encode("utf-8"))
        triples = real.count(b"\n") + synthetic.triples
        print(f"{triples:,} triples ({data.stat().st_size / 2**20:.0f} MiB of N-Triples)")
        results = {
            "Virtuoso 7.2.5": virtuoso(folder / "virtuoso", data, args.repeat),
            "Oxigraph server": oxigraph(folder, data, args.repeat),
        }
    stores = list(results)
    print(f"\n| {triples:,} triples | " + " | ".join(stores) + " |")
    print("|---|" + "---|" * len(stores))
    for step in ("bulk load", "isecg-kg load"):
        print(f"| {step} (s) | " + " | ".join(f"{results[s][step]:.1f}" for s in stores) + " |")
    for name in sorted(QUERIES):
        print(f"| {name} (ms) | " + " | ".join(shown(results[s][name]) for s in stores) + " |")
    answered = [n for n in QUERIES if all(isinstance(results[s][n], float) for s in stores)]
    totals = {s: sum(float(results[s][n]) for n in answered) for s in stores}  # type: ignore[arg-type]
    label = f"the {len(answered)} queries both answered (ms)"
    print(f"| {label} | " + " | ".join(f"{totals[s]:.0f}" for s in stores) + " |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"triples": triples, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
