"""Time loading the packaged graph from the parse cache (a checked N-Triples entry) against a
fresh strict parse, in a scratch cache folder: `python scripts/bench_cache.py [RUNS]`.

Prints the minimum and median of RUNS loads (default 10). Issue 25 replaced the pickle entry, which
ran code when loaded, with this one; the figures are in CHANGELOG.md."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="isecg-kg-bench-cache-") as folder:
        os.environ["ISECG_KG_CACHE_DIR"] = folder
        from isecg_kg import resources
        from isecg_kg.cache import cached_graph
        from isecg_kg.load import parse_files

        paths = resources.graph_files()
        start = time.perf_counter()
        graph = cached_graph(paths, parse_files)  # parses and writes the entry
        first = time.perf_counter() - start
        loads = []
        for _ in range(runs):
            start = time.perf_counter()
            cached_graph(paths, parse_files)
            loads.append(time.perf_counter() - start)
        print(f"packaged graph: {len(graph)} triples")
        print(f"strict parse and cache entry written: {first:.3f} s")
        print(
            f"load from the cache ({runs} runs): min {min(loads):.3f} s, "
            f"median {statistics.median(loads):.3f} s"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
