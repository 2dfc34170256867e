"""Errors a user can cause, each with the exit code the CLI documents, and the one place that
reports any failure to the user.

Exit codes: 0 ok; 1 the data does not conform to the shapes; 2 input could not be read (missing
file, malformed RDF or query, bad option value, a query over the limits); 3 output could not be
written; 4 a SPARQL endpoint, server or query engine failed (unreachable, timed out, HTTP error).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import sys
import traceback
from collections.abc import Iterator
from typing import NoReturn

EXIT_OK = 0
EXIT_NONCONFORMING = 1
EXIT_INPUT = 2
EXIT_OUTPUT = 3
EXIT_ENDPOINT = 4
EXIT_INTERRUPTED = 130
DEBUG_ENV = "ISECG_KG_DEBUG"


class IsecgKgError(Exception):
    """Base class: a message meant for the user, and the exit code it maps to."""

    exit_code = EXIT_INPUT


class InputError(IsecgKgError):
    """A file, option or value given by the user could not be read or is not valid."""

    exit_code = EXIT_INPUT


class RdfSyntaxError(InputError):
    """Malformed RDF, located by file, line and column."""

    def __init__(self, path: str, line: int | None, column: int | None, detail: str) -> None:
        self.path, self.line, self.column, self.detail = path, line, column, detail
        where = (
            path if line is None else f"{path}:{line}" + ("" if column is None else f":{column}")
        )
        super().__init__(f"{where}: {detail}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, self.line, self.column, self.detail))


class OutputError(IsecgKgError):
    """An output file could not be written; nothing half-written is left behind."""

    exit_code = EXIT_OUTPUT


class EndpointError(IsecgKgError):
    """A SPARQL endpoint, server or query engine failed; `retryable` says if repeating may help."""

    exit_code = EXIT_ENDPOINT

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable

    def __reduce__(self) -> tuple[object, ...]:
        return (_endpoint_error, (str(self), self.retryable))


def _endpoint_error(message: str, retryable: bool) -> EndpointError:
    return EndpointError(message, retryable=retryable)


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every `finally` removes its temporaries."""


# `scheme://user:password@host` → `scheme://***@host`, wherever a URL appears in a message.
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@")
# C0 controls but newline and tab, DEL, C1 controls: an ESC could drive the user's terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def redact(text: str) -> str:
    return _USERINFO.sub(lambda m: m["scheme"] + "***@", text)


def escape_controls(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def clean(text: str) -> str:
    """What may be printed: secrets in URLs hidden, control characters shown as escapes."""
    return escape_controls(redact(text))


def exit_code_and_message(error: BaseException) -> tuple[int, str | None]:
    """Every failure mapped to its documented exit code and a one-line message."""
    if isinstance(error, IsecgKgError):
        return error.exit_code, str(error)
    if isinstance(error, (KeyboardInterrupt, Terminated)):
        return EXIT_INTERRUPTED, "interrupted"
    if isinstance(error, BrokenPipeError):
        return EXIT_OK, None  # the reader (e.g. `| head`) has what it wanted
    if isinstance(error, RecursionError):
        return EXIT_INPUT, "input nested too deeply to process"
    if isinstance(error, MemoryError):
        return EXIT_INPUT, "input too large to process in memory"
    if isinstance(error, UnicodeError):
        return EXIT_INPUT, f"input is not valid text: {error}"
    if isinstance(error, OSError):
        name = f"{error.filename}: " if error.filename else ""
        return EXIT_INPUT, f"{name}{error.strerror or error}"
    return EXIT_INPUT, f"unexpected {type(error).__name__}: {error}"


def report(error: BaseException) -> int:
    """Print one clean line for the user (a traceback only with ISECG_KG_DEBUG=1)."""
    code, message = exit_code_and_message(error)
    if isinstance(error, BrokenPipeError):
        # Python would complain again when flushing stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    if os.environ.get(DEBUG_ENV):
        traceback.print_exception(error)
    if message is not None:
        print(f"error: {clean(message)}" if code != EXIT_INTERRUPTED else message, file=sys.stderr)
    return code


# SIGTERM while the main thread is in `termination_held`: raised when the block ends.
_held = {"depth": 0, "pending": False}


def _terminate(_signum: int, _frame: object) -> None:
    if _held["depth"]:
        _held["pending"] = True
        return
    raise Terminated


@contextlib.contextmanager
def termination_held() -> Iterator[None]:
    """SIGTERM's `Terminated` held back while the block runs in the main thread (where Python
    runs signal handlers) and raised at its end: a signal then never lands between a resource (a
    folder, a child process) and the object that releases it; a child started in that gap would
    outlive us, writing into a folder being removed. Held here, not in the signal mask, which a
    child process would inherit and then ignore the SIGTERM that stops it."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield  # handlers run in the main thread only: nothing to hold here
        return
    _held["depth"] += 1
    try:
        yield
    finally:
        _held["depth"] -= 1
        if not _held["depth"] and _held["pending"]:
            _held["pending"] = False
            raise Terminated


def handle_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so temporaries are removed on the way out. Ctrl-C (SIGINT) is
    restored too: a parent that ignores it (a background job, a pytest-xdist worker) would leave
    `serve` deaf to it, since Python keeps an inherited SIG_IGN."""
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
        signal.signal(signal.SIGINT, signal.default_int_handler)


class ArgumentParser(argparse.ArgumentParser):
    """argparse, with option values echoed safely in its error messages (exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"{self.prog}: error: {clean(message)}\n")
