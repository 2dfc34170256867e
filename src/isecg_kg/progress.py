"""A progress line per long step, on standard error, only when it is a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        """`label…` while it runs, then the seconds it took; silent when not on a terminal."""
        if not self.enabled:
            yield
            return
        self.stream.write(f"{label}…")
        self.stream.flush()
        started = time.perf_counter()
        try:
            yield
        except BaseException:
            self.stream.write(" failed\n")
            raise
        self.stream.write(f" {time.perf_counter() - started:.2f} s\n")
        self.stream.flush()
