"""What endpoints and graph stores share: checked URLs with their credentials, retries of safe
requests, and failures in plain words."""

from __future__ import annotations

import os
import socket
import time
import urllib.error
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from isecg_kg.errors import EndpointError, InputError, clean

T = TypeVar("T")
USER_ENV, PASSWORD_ENV = "ISECG_KG_ENDPOINT_USER", "ISECG_KG_ENDPOINT_PASSWORD"


@dataclass(frozen=True)
class Target:
    """An endpoint URL without its user:password part, and the credentials to send."""

    url: str
    user: str | None
    password: str | None


def split_credentials(url: str, error: Callable[[str], Exception] = InputError) -> Target:
    """Check an http(s) URL and take `user:password@` out of it (else from the environment).

    The host is then looked up by its name alone; the credentials go in an Authorization header.
    """
    try:
        parsed = urllib.parse.urlsplit(url)
        hostname, _port = parsed.hostname, parsed.port
    except ValueError:
        raise error(f"not a valid URL: {clean(url)!r}") from None
    if parsed.scheme not in ("http", "https") or not hostname or any(c in url for c in " \t\n"):
        raise error(f"an endpoint must be an http(s) URL, got {clean(redact_url(url))!r}")
    user = urllib.parse.unquote(parsed.username) if parsed.username is not None else None
    password = urllib.parse.unquote(parsed.password) if parsed.password is not None else None
    netloc = parsed.netloc.rpartition("@")[2]
    bare = urllib.parse.urlunsplit(parsed._replace(netloc=netloc))
    if user is None:
        user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    return Target(bare, user, password)


def redact_url(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rpartition("@")[2]
    return f"{scheme}://{authority}{slash}{path}"


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
        reason = f": {clean(detail[0])}" if detail else ""
        return EndpointError(
            f"{what} answered HTTP {error.code} {clean(str(error.reason))}{reason}",
            retryable=error.code >= 500,
        )
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return EndpointError(f"{what} did not answer within {timeout:g} s", retryable=True)
    if isinstance(error, urllib.error.URLError):
        return EndpointError(f"{what} is unreachable: {clean(str(error.reason))}", retryable=True)
    return EndpointError(f"{what} failed: {clean(str(error))}", retryable=True)
