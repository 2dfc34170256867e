"""How long reading and writing a Turtle file with many `@prefix` lines takes (CPU seconds).

Usage: python scripts/bench_prefixes.py [--counts 1000 10000 20000]
For each count, a file of that many prefixes (every one used by a triple, the worst case, and
none used) is read by the strict reader (load.parse_turtle), written back as Turtle
(export.serialize) and exported end to end by `isecg-kg export` in a child process. The figures
are CPU seconds (user + sys), which the load of a shared machine changes little.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from isecg_kg.export import serialize
from isecg_kg.load import parse_turtle


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def prefixes_file(folder: Path, count: int, used: bool) -> Path:
    lines = [f"@prefix p{i}: <http://example.org/{i}/> .\n" for i in range(count)]
    if used:
        lines += [f"p{i}:a p{i}:p {i} .\n" for i in range(count)]
    else:
        lines.append("<http://example.org/a> <http://example.org/p> 1 .\n")
    path = folder / f"prefixes-{count}-{'used' if used else 'unused'}.ttl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1_000, 10_000, 20_000])
    args = parser.parse_args()
    print("| prefixes | used | read (s CPU) | write Turtle (s CPU) | `isecg-kg export` (s CPU) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="isecg-kg-prefixes-") as scratch:
        for count in args.counts:
            for used in (False, True):
                path = prefixes_file(Path(scratch), count, used)
                started = cpu()
                graph = parse_turtle(path)
                read = cpu() - started
                started = cpu()
                serialize(graph, "ttl")
                write = cpu() - started
                started, wall = children_cpu(), time.perf_counter()
                command = [sys.executable, "-m", "isecg_kg", "export", str(path), "-o", os.devnull]
                subprocess.run(command, check=True, capture_output=True)
                child = children_cpu() - started
                print(
                    f"| {count} | {'every one' if used else 'none'} | {read:.2f} | {write:.2f} | "
                    f"{child:.2f} ({time.perf_counter() - wall:.1f} s wall) |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
