"""Benchmark every step of the build on each engine, at several sizes of synthetic graph.

Usage: python scripts/bench.py [--sizes 1000 10000 100000] [--timeout 300] [--out build/bench]
Each measurement runs in a process of its own; its peak memory is that process's maximum
resident set size, its CPU seconds (user + sys) those of the whole process. Writes
build/bench/bench.md and bench.json. The plain path is rdflib + owlrl +
pySHACL + rdflib queries and export (`build/plain`); the fast path is Oxigraph parse + the OWL 2
RL rules on Oxigraph + pyshacl-turbo on the store + Oxigraph queries and export (`build/fast`,
what `isecg-kg build --fast` does), each measured end to end in one
process. A step that exceeds --timeout is reported as such and not retried.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from isecg_kg.export import write_atomically, write_json
from isecg_kg.synthetic import generate

STEPS = [
    ("parse", "rdflib"),
    ("parse", "oxigraph"),
    ("reason", "owlrl"),
    ("reason", "reasonable"),
    ("reason", "rules"),
    ("validate", "pyshacl"),
    ("validate", "turbo"),
    ("queries", "rdflib"),
    ("queries", "oxigraph"),
    ("export", "rdflib"),
    ("export", "oxigraph"),
    ("build", "plain"),
    ("build", "fast"),
]
SLOW = {"rdflib", "owlrl", "pyshacl", "plain"}
STEP_SCRIPT = Path(__file__).resolve().parent / "bench_step.py"


def measure(step: str, engine: str, data: Path, timeout: float) -> dict[str, object]:
    """Run one step in a child process; wall time of the step, peak RSS of the child."""
    process = subprocess.Popen(
        [sys.executable, str(STEP_SCRIPT), step, engine, str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
            os.wait4(process.pid, 0)
            return {"status": "timeout", "seconds": None, "peak_mb": None}
        time.sleep(0.05)
    out = process.stdout.read() if process.stdout else ""
    err = process.stderr.read() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        return {"status": "error", "seconds": None, "peak_mb": None, "error": err.strip()[-300:]}
    result = json.loads(out.strip().splitlines()[-1])
    return {
        "status": "ok",
        "seconds": result["seconds"],
        "peak_mb": usage.ru_maxrss / 1024,
        # the whole child process (imports and parsing included): what a shared machine's load
        # changes little, unlike the wall time of the step
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "triples": result["triples"],
    }


def fmt(value: object) -> str:
    return "—" if value is None else f"{value:.3g}" if isinstance(value, float) else str(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--out", type=Path, default=Path("build/bench"))
    parser.add_argument(
        "--plain-max",
        type=int,
        default=300_000,
        help="skip the plain engines above this size (they take hours at 1M)",
    )
    parser.add_argument(
        "--reasonable-max",
        type=int,
        default=100_000,
        help="skip reasonable above this size (2.7 GB at 100k, 17 GB reported at 300k)",
    )
    args = parser.parse_args()
    results: dict[str, dict[str, dict[str, object]]] = {}
    for size in args.sizes:
        generated = generate(size, seed=1, violation_share=0.01)
        data = args.out / f"synthetic-{size}.nt"
        write_atomically(data, generated.ntriples.encode("utf-8"))
        results[str(size)] = {}
        for step, engine in STEPS:
            if (engine in SLOW and size > args.plain_max) or (
                engine == "reasonable" and size > args.reasonable_max
            ):
                results[str(size)][f"{step}/{engine}"] = {
                    "status": "skipped",
                    "seconds": None,
                    "peak_mb": None,
                }
                continue
            measured = measure(step, engine, data, args.timeout)
            results[str(size)][f"{step}/{engine}"] = measured
            print(
                f"{size:>9} {step:>9} {engine:>10}: {fmt(measured['seconds'])} s, "
                f"{fmt(measured['peak_mb'])} MB, process {fmt(measured.get('cpu_seconds'))} s CPU "
                f"({measured['status']})",
                flush=True,
            )
    lines = [
        "| step | engine | " + " | ".join(f"{s} triples: s / MB" for s in args.sizes) + " |",
        "|---|---|" + "---|" * len(args.sizes),
    ]
    for step, engine in STEPS:
        cells = []
        for size in args.sizes:
            m = results[str(size)][f"{step}/{engine}"]
            cells.append(
                m["status"] if m["status"] != "ok" else f"{fmt(m['seconds'])} / {fmt(m['peak_mb'])}"
            )
        lines.append(f"| {step} | {engine} | " + " | ".join(cells) + " |")
    ratios = []
    for size in args.sizes:
        plain = results[str(size)]["build/plain"]["seconds"]
        fast = results[str(size)]["build/fast"]["seconds"]
        ok = isinstance(plain, float) and isinstance(fast, float)
        ratios.append(f"{plain / fast:.0f}×" if ok else "—")  # type: ignore[operator]
    lines.append("| **build plain / fast** | ratio | " + " | ".join(ratios) + " |")
    table = "\n".join(lines) + "\n"
    print("\n" + table)
    write_atomically(args.out / "bench.md", table.encode("utf-8"))
    write_json(args.out / "bench.json", results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
