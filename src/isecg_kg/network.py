"""What endpoints and graph stores share: retries of safe requests, and failures in plain words."""

from __future__ import annotations

import socket
import time
import urllib.error
from collections.abc import Callable
from typing import TypeVar

from isecg_kg.errors import EndpointError

T = TypeVar("T")


def retrying(action: Callable[[], T], retries: int, backoff: float) -> T:
    """Run a request that is safe to repeat; retry retryable failures with exponential backoff."""
    attempt = 0
    while True:
        try:
            return action()
        except EndpointError as error:
            attempt += 1
            if not error.retryable or attempt > retries:
                raise
            time.sleep(backoff * 2 ** (attempt - 1))


def failure(what: str, error: BaseException, timeout: float) -> EndpointError:
    """An EndpointError that says what happened; 5xx, timeouts, lost connections are retryable."""
    if isinstance(error, urllib.error.HTTPError):
        detail = error.read(500).decode("utf-8", "replace").strip().splitlines() if error.fp else []
        reason = f": {detail[0]}" if detail else ""
        return EndpointError(
            f"{what} answered HTTP {error.code} {error.reason}{reason}", retryable=error.code >= 500
        )
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return EndpointError(f"{what} did not answer within {timeout:g} s", retryable=True)
    if isinstance(error, urllib.error.URLError):
        return EndpointError(f"{what} is unreachable: {error.reason}", retryable=True)
    return EndpointError(f"{what} failed: {error}", retryable=True)
