"""What endpoints and graph stores share: checked URLs with their credentials, retries of safe
requests, and failures in plain words."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from isecg_kg import http_auth
from isecg_kg.errors import EndpointError, InputError, clean

if TYPE_CHECKING:
    import http.client

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
    """A transport failure in plain words; timeouts and lost connections are retryable."""
    import http.client  # only when a server is asked (importing it costs every command 20 ms)

    if isinstance(error, (TimeoutError, socket.timeout)):
        return _timed_out(what, timeout)
    if isinstance(error, http.client.RemoteDisconnected):
        return EndpointError(f"{what} closed the connection without answering", retryable=True)
    if isinstance(error, http.client.HTTPException):
        return EndpointError(f"{what} answered something that is not HTTP", retryable=True)
    if isinstance(error, OSError) and not isinstance(error, ConnectionResetError):
        return EndpointError(f"{what} is unreachable: {clean(str(error))}", retryable=True)
    return EndpointError(f"{what} failed: {clean(str(error))}", retryable=True)


# An endpoint's answer is read whole into memory: beyond this it is refused (exit 4), so a
# runaway or hostile endpoint cannot exhaust the machine. 256 MiB holds ~1M result rows as JSON.
MAX_ANSWER_BYTES = 256 * 2**20
MAX_REDIRECTS = 5
_REDIRECTS = (301, 302, 303, 307, 308)
# Bodies larger than this are not sent twice: with credentials, a HEAD learns the challenge first.
_PROBE_ABOVE = 64 * 2**10


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def exchange(
    target: Target,
    method: str,
    url: str,
    what: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
    limit: int = MAX_ANSWER_BYTES,
) -> Answer:
    """One HTTP request and its whole answer, within one deadline of `timeout` seconds.

    Redirects repeat the same request at the new location (at most 5), but a request that
    carries credentials is never redirected to another origin (scheme, host, port): refused.
    Credentials are sent only when the server asks (isecg_kg.http_auth). An answer that is not
    2xx raises EndpointError with the status and the server's own message.
    """
    deadline = time.monotonic() + timeout
    headers = dict(headers or {})
    challenge: http_auth.Challenge | None = None
    if target.user is not None and body is not None and len(body) > _PROBE_ABOVE:
        probe = _once("HEAD", url, None, headers, deadline, timeout, limit, what)
        if probe.status == 401:
            challenge = _challenge(probe, what)
    current, hops = url, 0
    while True:
        sent = dict(headers)
        if challenge is not None and target.user is not None:
            sent["Authorization"] = http_auth.authorization(
                challenge, target.user, target.password or "", method, _request_target(current)
            )
        answer = _once(method, current, body, sent, deadline, timeout, limit, what)
        if answer.status in _REDIRECTS:
            hops += 1
            current = _follow(current, answer, target, what, hops)
            continue
        if answer.status == 401 and target.user is not None and challenge is None:
            challenge = _challenge(answer, what)
            continue
        if not 200 <= answer.status < 300:
            raise http_failure(what, answer, authenticated=challenge is not None)
        return answer


def _challenge(answer: Answer, what: str) -> http_auth.Challenge:
    offered = http_auth.parse_challenges(answer.headers.get_all("WWW-Authenticate") or [])
    chosen = http_auth.choose(offered)
    if chosen is None:
        schemes = ", ".join(sorted({c.scheme for c in offered})) or "none named"
        raise EndpointError(
            f"{what} answered HTTP 401 and asks for an authentication scheme isecg-kg does not "
            f"speak ({clean(schemes)}; Basic and Digest are supported)"
        )
    return chosen


def _follow(current: str, answer: Answer, target: Target, what: str, hops: int) -> str:
    location = answer.headers.get("Location")
    if not location:
        raise EndpointError(f"{what} answered HTTP {answer.status} without a Location")
    if hops > MAX_REDIRECTS:
        raise EndpointError(f"{what} redirected more than {MAX_REDIRECTS} times")
    try:
        following = urllib.parse.urljoin(current, location.strip())
        parsed = urllib.parse.urlsplit(following)
        parsed.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise EndpointError(f"{what} redirected to an invalid URL {clean(location)!r}") from None
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise EndpointError(f"{what} redirected to a non-http(s) URL {clean(location)!r}")
    if target.user is not None and _origin(following) != _origin(current):
        raise EndpointError(
            f"{what} redirected to another origin ({clean(redact_url(following))}); "
            "refused, so that the credentials are not sent there"
        )
    return following


def _origin(url: str) -> tuple[str, str, int]:
    parsed = urllib.parse.urlsplit(url)
    default = 443 if parsed.scheme == "https" else 80
    return parsed.scheme, (parsed.hostname or "").lower(), parsed.port or default


def _request_target(url: str) -> str:
    parsed = urllib.parse.urlsplit(url)
    return (parsed.path or "/") + (f"?{parsed.query}" if parsed.query else "")


def _once(
    method: str,
    url: str,
    body: bytes | None,
    headers: dict[str, str],
    deadline: float,
    timeout: float,
    limit: int,
    what: str,
) -> Answer:
    """One request; a timer cuts the connection at the deadline, however slowly bytes trickle."""
    import http.client

    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _timed_out(what, timeout)
    parsed = urllib.parse.urlsplit(url)
    kind = http.client.HTTPSConnection if parsed.scheme == "https" else http.client.HTTPConnection
    connection = kind(parsed.hostname or "", parsed.port, timeout=remaining)
    expired = threading.Event()

    def cut() -> None:
        expired.set()
        if connection.sock is not None:
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(remaining, cut)
    timer.daemon = True
    timer.start()
    try:
        # a server may answer (401, 413) and close before reading the whole body: read it then
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.request(method, _request_target(url), body=body, headers=headers)
        response = connection.getresponse()
        body_read = b"" if method == "HEAD" else _read(response, limit, what)
        if expired.is_set():  # cut at the deadline: what was read is not the whole answer
            raise _timed_out(what, timeout)
        return Answer(response.status, response.headers, body_read)
    except EndpointError:
        raise
    except (http.client.HTTPException, OSError) as error:
        if expired.is_set() or isinstance(error, (TimeoutError, socket.timeout)):
            raise _timed_out(what, timeout) from None
        raise failure(what, error, timeout) from None
    finally:
        timer.cancel()
        connection.close()


def _read(response: http.client.HTTPResponse, limit: int, what: str) -> bytes:
    declared = response.getheader("Content-Length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise _too_large(what, limit)
    chunks, size = [], 0
    while chunk := response.read(min(65536, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise _too_large(what, limit)
    return b"".join(chunks)


def _too_large(what: str, limit: int) -> EndpointError:
    shown = f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit} bytes"
    return EndpointError(
        f"{what} answered more than {shown}, the limit for an answer: "
        "refused (add LIMIT to the query, or narrow it)"
    )


def _timed_out(what: str, timeout: float) -> EndpointError:
    return EndpointError(f"{what} did not answer within {timeout:g} s", retryable=True)


def http_failure(what: str, answer: Answer, *, authenticated: bool) -> EndpointError:
    """The status as the server gave it, with its message in plain words."""
    import http.client  # only when a server is asked (importing it costs every command 20 ms)

    status = answer.status
    reason = http.client.responses.get(status, "")
    message = server_message(answer)
    if status == 401:
        hint = (
            "wrong credentials"
            if authenticated
            else f"credentials needed (set {USER_ENV} and {PASSWORD_ENV})"
        )
        message = f"{hint}" + (f"; the server says: {message}" if message else "")
    elif status == 403:
        message = "forbidden for this user" + (f"; the server says: {message}" if message else "")
    detail = f": {message}" if message else ""
    return EndpointError(
        f"{what} answered HTTP {f'{status} {reason}'.strip()}{detail}",
        retryable=status >= 500 or status in (408, 429),
    )


def server_message(answer: Answer, length: int = 300) -> str:
    """The first lines of the server's text (the text of an HTML page), cleaned, shortened."""
    media = answer.headers.get_content_type()
    charset = answer.headers.get_content_charset() or "utf-8"
    try:
        text = answer.body[:20000].decode(charset, "replace")
    except LookupError:
        text = answer.body[:20000].decode("utf-8", "replace")
    if media in ("text/html", "application/xhtml+xml"):
        text = _html_text(text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    joined = " / ".join(line for line in lines if line)
    shown = clean(joined)
    return shown if len(shown) <= length else shown[: length - 3] + "..."


_HIDDEN = ("script", "style", "head")


def _html_text(page: str) -> str:
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, _attrs: object) -> None:
            if tag in _HIDDEN:
                self.skip += 1

        def handle_endtag(self, tag: str) -> None:
            if tag in _HIDDEN and self.skip:
                self.skip -= 1
            elif tag in ("p", "div", "h1", "h2", "h3", "br", "li", "title", "pre"):
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(page)
    parser.close()
    return "".join(parser.parts)
