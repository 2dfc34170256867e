"""Run the W3C SPARQL 1.1 query and SHACL test suites on every engine and write the tables.

    .venv/bin/python scripts/conformance.py [-o docs]

Writes conformance.md (passed, failed, skipped per suite and engine; every failure and skip
named, with why) and conformance.ttl (the same as EARL). `isecg-kg release` publishes both;
tests/conformance/test_conformance_w3c.py checks that the committed table is current.
"""

from __future__ import annotations

import argparse
import datetime
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from isecg_kg.conformance import (  # noqa: E402
    TITLES,
    W3C,
    earl,
    markdown,
    run_all,
)
from isecg_kg.export import write_atomically  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the suites' data makes rdflib warn about odd terms
    outcomes = run_all(ROOT / W3C)
    write_atomically(args.output / "conformance.md", markdown(outcomes, TITLES).encode("utf-8"))
    report = earl(outcomes, datetime.date.today())
    write_atomically(
        args.output / "conformance.ttl", report.serialize(format="turtle").encode("utf-8")
    )
    print(markdown(outcomes, TITLES).split("\n## ")[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
