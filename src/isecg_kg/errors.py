"""Errors a user can cause, each with the exit code the CLI documents.

Exit codes: 0 ok; 1 the data does not conform to the shapes; 2 input could not be read (missing
file, malformed RDF, bad option value); 3 output could not be written; 4 a SPARQL endpoint or
server failed (unreachable, timed out, HTTP error).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_NONCONFORMING = 1
EXIT_INPUT = 2
EXIT_OUTPUT = 3
EXIT_ENDPOINT = 4


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


class OutputError(IsecgKgError):
    """An output file could not be written; nothing half-written is left behind."""

    exit_code = EXIT_OUTPUT


class EndpointError(IsecgKgError):
    """A SPARQL endpoint or graph store failed; `retryable` says whether repeating may help."""

    exit_code = EXIT_ENDPOINT

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable
