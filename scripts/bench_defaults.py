"""What the everyday commands cost on each engine set, as ratios to "the floor".

    .venv/bin/python scripts/bench_defaults.py [--repeat 3]

The floor is a process in which rdflib parses the packaged Turtle once (its CPU time, user+sys:
the interpreter, the imports and the parse). Each command runs as `isecg-kg …` in a process of its
own, measured the same way, with the default engines and (unless `--default-only`) with
`--engines reference`, in one run, so the ratios compare like with like on a loaded machine:
each of `--repeat` rounds runs the floor and then every command, each ratio is taken within its
round, and the table shows the medians.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import isecg_kg

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "isecg_kg"]
FLOOR = """
import time
from rdflib import Graph
from isecg_kg import resources
files = resources.graph_files()
graph = Graph()
for path in files:
    graph.parse(path, format="turtle")
"""
COMMANDS = {
    "validate": ["validate"],
    "query": ["query", "japan-priorities"],
    "build": ["build", "-o", "{tmp}/build"],
}


def child_cpu(command: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user+sys) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--default-only", action="store_true", help="skip --engines reference")
    args = parser.parse_args()
    # The package's bytecode first, as installing it writes it (rdflib's, in the floor, is): in a
    # checkout whose environment sets PYTHONDONTWRITEBYTECODE, every process would compile each
    # module changed since its .pyc was written (0.05 s a build, a seventh of the floor).
    compileall.compile_dir(str(Path(isecg_kg.__file__).parent), quiet=1)
    with tempfile.TemporaryDirectory(prefix="isecg-kg-bench-") as tmp:
        env = {**os.environ, "ISECG_KG_CACHE_DIR": f"{tmp}/cache"}
        subprocess.run([*CLI, "query", "agencies"], env=env, capture_output=True, check=True)
        runs = {
            (name, engines): [*CLI, *(part.format(tmp=tmp) for part in command), *extra]
            for name, command in COMMANDS.items()
            for engines, extra in (
                [("default", [])]
                if args.default_only
                else [("default", []), ("reference", ["--engines", "reference"])]
            )
        }
        # Each round measures the floor and then every command: the load of a shared machine
        # changes within a minute, and a ratio is taken within its round, then the median.
        floors: list[float] = []
        seconds: dict[tuple[str, str], list[float]] = {key: [] for key in runs}
        for _ in range(args.repeat):
            floors.append(child_cpu([sys.executable, "-c", FLOOR], env))
            for key, argv in runs.items():
                seconds[key].append(child_cpu(argv, env))
        floor = statistics.median(floors)
        rows = []
        for name in COMMANDS:
            line = [name]
            for key in [k for k in runs if k[0] == name]:
                ratio = statistics.median(s / f for s, f in zip(seconds[key], floors, strict=True))
                line += [f"{statistics.median(seconds[key]):.2f}", f"{ratio:.1f}x"]
            rows.append(line)
    print(f"floor (a process: rdflib parses the packaged Turtle once): {floor:.2f} s CPU")
    print(f"measured {time.ctime()}, medians of {args.repeat} rounds (ratios within a round)")
    header = ["command", "default engines (s)", "ratio"]
    header += [] if args.default_only else ["--engines reference (s)", "ratio"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for line in rows:
        print("| " + " | ".join(line) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
