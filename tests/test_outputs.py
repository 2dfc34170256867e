"""The one output writer: regular files atomically with the usual mode, special files written
into (never replaced), temporaries gone after SIGTERM and after a SIGKILL, unwritable folders
refused before the work."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from isecg_kg.errors import OutputError
from isecg_kg.export import TEMPORARY, Outputs, check_writable, emit, write_atomically

BIN = Path(sys.executable).parent


def temporaries(folder: Path) -> list[Path]:
    return sorted(folder.rglob(f"*{TEMPORARY}"))


def test_a_regular_file_gets_0666_less_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "a.ttl", b"x\n")
        os.umask(0o027)
        write_atomically(tmp_path / "b.ttl", b"x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.ttl").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "b.ttl").stat().st_mode) == 0o640


def test_dev_null_stays_a_device() -> None:
    write_atomically(Path("/dev/null"), b"nothing\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_written_into_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomically(fifo, b"through the pipe\n")
    reader.join(10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert temporaries(tmp_path) == []


def test_dash_is_standard_output(capfd: pytest.CaptureFixture[str]) -> None:
    emit(b"to stdout\n", Path("-"))
    assert capfd.readouterr().out == "to stdout\n"


def test_a_folder_as_target_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        write_atomically(tmp_path, b"x")


def test_stale_temporaries_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)
    stale = tmp_path / "queries" / f".agencies.csv.{pid}{TEMPORARY}"
    stale.parent.mkdir()
    stale.write_bytes(b"half")
    live = tmp_path / f".other.ttl.{os.getppid()}{TEMPORARY}"  # a writer that still runs
    live.write_bytes(b"in progress")
    Outputs(tmp_path)
    assert not stale.exists()
    assert live.exists()


def test_an_unwritable_folder_fails_before_the_work(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        check_writable(blocker / "out")
    with pytest.raises(OutputError, match="cannot write"):
        Outputs(blocker)


def test_sigterm_during_site_leaves_no_temporary(tmp_path: Path) -> None:
    """The site writes hundreds of files; SIGTERM arrives as soon as the first is there."""
    output = tmp_path / "site"
    process = subprocess.Popen(
        [str(BIN / "isecg-kg"), "site", "-o", str(output)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(1200):  # until the first page is written (bounded: 120 s)
            if process.poll() is not None or any(output.rglob("*.html")):
                break
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert "Traceback" not in err
    assert process.returncode in (0, 130), err
    assert temporaries(output) == []
