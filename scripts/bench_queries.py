"""Time every stored query on rdflib, embedded Oxigraph and a local Oxigraph server.

Usage: python scripts/bench_queries.py [--repeat N] [--json build/bench/queries.json]
Prints a Markdown table of the median time per query and engine (milliseconds). It starts
`isecg-kg serve` on a free loopback port and stops it by PID.
"""

from __future__ import annotations

import argparse
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from isecg_kg.engines import oxigraph_store, run_endpoint, run_oxigraph, run_rdflib
from isecg_kg.export import serialize, write_json
from isecg_kg.load import packaged_graph
from isecg_kg.resources import queries_dir
from isecg_kg.stored_queries import catalogue


def median_ms(action: Callable[[], object], repeat: int) -> float:
    action()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def table_row(label: str, times: dict[str, float]) -> str:
    return (
        f"| {label} | {times['rdflib']:.1f} | {times['oxigraph']:.2f} | {times['endpoint']:.1f} |"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=Path("build/bench/queries.json"))
    args = parser.parse_args()

    graph = packaged_graph()
    store = oxigraph_store([(serialize(graph, "nt"), "application/n-triples")])
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "isecg-kg"), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        server.stdout.readline()
        url = f"http://127.0.0.1:{port}/query"
        rows = {}
        for name, query in catalogue(queries_dir()).items():
            text = query.text
            rows[name] = {
                "rdflib": median_ms(lambda t=text: run_rdflib(graph, t), args.repeat),
                "oxigraph": median_ms(lambda t=text: run_oxigraph(store, t), args.repeat),
                "endpoint": median_ms(lambda t=text: run_endpoint(url, t), args.repeat),
            }
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)

    print(f"Median of {args.repeat} runs, milliseconds, graph of {len(graph)} triples\n")
    print("| query | rdflib | Oxigraph (embedded) | Oxigraph server (HTTP) |")
    print("|---|---:|---:|---:|")
    for name, times in rows.items():
        print(table_row(name, times))
    engines = ("rdflib", "oxigraph", "endpoint")
    print(table_row("**all**", {e: sum(t[e] for t in rows.values()) for e in engines}))
    write_json(args.json, {"triples": len(graph), "repeat": args.repeat, "median_ms": rows})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
