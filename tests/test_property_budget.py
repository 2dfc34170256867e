"""The quick stage draws a third of each property test's examples; the full run draws them all."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from property_budget import examples


def test_the_full_run_draws_every_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ISECG_KG_TEST_EXAMPLES", raising=False)
    assert [examples(n) for n in (30, 150, 300)] == [30, 150, 300]


def test_the_quick_stage_draws_a_third_and_at_least_twenty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ISECG_KG_TEST_EXAMPLES", "quick")
    assert [examples(n) for n in (30, 150, 300)] == [20, 50, 100]


def test_make_check_asks_for_the_quick_stage_and_make_test_does_not() -> None:
    """What make would run (`make -n`), not what the Makefile's text seems to say."""
    root = Path(__file__).resolve().parent.parent
    planned = {
        target: subprocess.run(
            ["make", "-n", target], cwd=root, capture_output=True, text=True, check=True
        ).stdout
        for target in ("check", "test")
    }
    pytest_lines = {
        t: [x for x in text.splitlines() if "-m pytest" in x] for t, text in planned.items()
    }
    assert [x.startswith("ISECG_KG_TEST_EXAMPLES=quick ") for x in pytest_lines["check"]] == [True]
    assert (
        len(pytest_lines["test"]) == 1 and "ISECG_KG_TEST_EXAMPLES" not in pytest_lines["test"][0]
    )
