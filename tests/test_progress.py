"""Progress lines appear on a terminal and nowhere else."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from isecg_kg.build import build
from isecg_kg.cli import main
from isecg_kg.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal(tmp_path: Path) -> None:
    terminal = Terminal()
    build(tmp_path, "fast", progress=Progress(terminal))
    lines = terminal.getvalue().splitlines()
    assert [line.split("…")[0] for line in lines] == [
        "loading (Oxigraph)",
        "reasoning (OWL 2 RL rules)",
        "validating (pyshacl-turbo)",
        "exporting",
        "answering the stored queries",
    ]
    assert all(line.endswith(" s") for line in lines)


def test_progress_is_silent_when_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--engines", "fast", "-o", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ""
    assert not Progress(io.StringIO()).enabled


def test_a_failed_step_says_so() -> None:
    terminal = Terminal()
    with pytest.raises(ValueError), Progress(terminal).step("working"):
        raise ValueError
    assert terminal.getvalue() == "working… failed\n"
