"""Answering a server's authentication challenge: Basic, or Digest (RFC 7616, qop=auth).

Credentials are sent only in answer to a challenge (`401` with `WWW-Authenticate`), so a server
that does not ask never sees them, and a Digest server (Virtuoso's `/sparql-graph-crud-auth`)
never receives the password itself. The header is parsed into challenges and their parameters
(RFC 9110 §11), never matched as text.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass, field

# token, token=value / token="quoted", separating commas and spaces (RFC 9110 §11.2)
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_LEXER = re.compile(
    rf'(?P<key>{_TOKEN})\s*=\s*(?P<value>"(?:[^"\\]|\\.)*"|{_TOKEN}=*)'
    rf"|(?P<scheme>{_TOKEN}=*)|(?P<sep>[,\s]+)"
)
_HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


@dataclass
class Challenge:
    scheme: str  # lower case: "basic", "digest", ...
    params: dict[str, str] = field(default_factory=dict)
    count: int = 0  # Digest nonce count, one more per request answered with this nonce


def parse_challenges(headers: list[str]) -> list[Challenge]:
    """Every challenge of the WWW-Authenticate header(s); unreadable text ends the parse."""
    found: list[Challenge] = []
    for header in headers:
        position = 0
        while position < len(header):
            match = _LEXER.match(header, position)
            if match is None or match.end() == position:
                break
            position = match.end()
            if match["scheme"] is not None:
                found.append(Challenge(match["scheme"].lower()))
            elif match["key"] is not None and found:
                value = match["value"]
                if value.startswith('"'):
                    value = re.sub(r"\\(.)", r"\1", value[1:-1])
                found[-1].params[match["key"].lower()] = value
    return found


def choose(challenges: list[Challenge]) -> Challenge | None:
    """The strongest challenge we can answer: Digest (MD5 or SHA-256, qop auth) before Basic."""
    for challenge in challenges:
        if challenge.scheme == "digest" and _digest_usable(challenge):
            return challenge
    for challenge in challenges:
        if challenge.scheme == "basic":
            return challenge
    return None


def _digest_usable(challenge: Challenge) -> bool:
    algorithm = challenge.params.get("algorithm", "MD5").upper().removesuffix("-SESS")
    qops = {q.strip() for q in challenge.params.get("qop", "auth").split(",")}
    return algorithm in _HASHES and "auth" in qops and "nonce" in challenge.params


def authorization(
    challenge: Challenge, user: str, password: str, method: str, request_target: str
) -> str:
    """The Authorization header answering `challenge` for one request."""
    if challenge.scheme == "basic":
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return f"Basic {token}"
    params = challenge.params
    algorithm = params.get("algorithm", "MD5")
    digest = _HASHES[algorithm.upper().removesuffix("-SESS")]

    def h(text: str) -> str:
        return digest(text.encode("utf-8")).hexdigest()

    realm, nonce = params.get("realm", ""), params["nonce"]
    challenge.count += 1
    count, cnonce = f"{challenge.count:08x}", secrets.token_hex(8)
    secret = h(f"{user}:{realm}:{password}")
    if algorithm.upper().endswith("-SESS"):
        secret = h(f"{secret}:{nonce}:{cnonce}")
    answer = h(f"{secret}:{nonce}:{count}:{cnonce}:auth:{h(f'{method}:{request_target}')}")
    fields = {
        "username": _quoted(user),
        "realm": _quoted(realm),
        "nonce": _quoted(nonce),
        "uri": _quoted(request_target),
        "algorithm": algorithm,
        "response": _quoted(answer),
        "qop": "auth",
        "nc": count,
        "cnonce": _quoted(cnonce),
    }
    if "opaque" in params:
        fields["opaque"] = _quoted(params["opaque"])
    return "Digest " + ", ".join(f"{key}={value}" for key, value in fields.items())


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
