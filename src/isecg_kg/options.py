"""Checked option values for the command line: each bad value is refused with exit code 2."""

from __future__ import annotations

import argparse
import ipaddress
import math
import re

MAX_SECONDS = 24 * 3600.0
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?)+$")


def seconds(text: str) -> float:
    """A timeout: a finite number of seconds, more than 0 and at most a day."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or not 0 < value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(
            f"a timeout must be more than 0 and at most {MAX_SECONDS:g} seconds, got {text!r}"
        )
    return value


def count(text: str) -> int:
    """A small count such as retries: 0 to 10."""
    if not re.fullmatch(r"[0-9]{1,2}", text) or int(text) > 10:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 10, got {text!r}")
    return int(text)


def rows(text: str) -> int:
    """A number of result rows: 1 to 10^9."""
    if not re.fullmatch(r"[0-9]{1,10}", text) or not 1 <= int(text) <= 10**9:
        raise argparse.ArgumentTypeError(f"expected a number of rows from 1 to 10^9, got {text!r}")
    return int(text)


def port(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,5}", text) or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a whole number from 1 to 65535, got {text!r}")
    return int(text)


def host(text: str) -> str:
    """An IP address (v4 or v6, with or without brackets) or a host name."""
    bare = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    try:
        return str(ipaddress.ip_address(bare))
    except ValueError:
        pass
    if not _HOSTNAME.match(bare):
        raise argparse.ArgumentTypeError(f"not an IP address or host name: {text!r}")
    return bare


def endpoint(text: str) -> str:
    """An http(s) URL; credentials in it are accepted (and never printed)."""
    from isecg_kg.network import split_credentials  # only when an endpoint is given

    split_credentials(text, argparse.ArgumentTypeError)
    return text


def graph_iri(text: str) -> str:
    """'default', or an absolute IRI (never the empty IRI `<>`)."""
    if text == "default":
        return text
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]+", text):
        raise argparse.ArgumentTypeError(
            f"--graph takes 'default' or an absolute IRI, got {text!r}"
        )
    return text


def origin(text: str) -> str:
    """A web origin (scheme, host and optional port, nothing else), as CORS compares it."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - reading it checks the port
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or not text.isascii()
    ):
        raise argparse.ArgumentTypeError(
            f"expected an origin such as http://127.0.0.1:8000, got {text[:80]!r}"
        )
    return f"{parts.scheme}://{parts.netloc}"


def add_engines(
    parser: argparse.ArgumentParser,
    step: str | None = None,
    flag: str = "--engine",
    *,
    both: bool = True,
) -> None:
    """The one `--engines reference|fast` option (unless `both` is false), and for `step` its
    per-step override (`flag`)."""
    from isecg_kg.engine_registry import MEMBERS, SETS, names

    if both:
        parser.add_argument(
            "--engines",
            choices=SETS,
            default=None,
            help="the engine set: reference (rdflib, owlrl, pySHACL) or fast (Oxigraph, the OWL 2 "
            "RL rules, pyshacl-turbo); default: fast when installed (README: Engines)",
        )
    if step is not None:
        reference, fast = MEMBERS["reference"][step], MEMBERS["fast"][step]
        parser.add_argument(
            flag,
            choices=names(step),
            default=None,
            help=f"the {step} engine alone, whatever --engines says "
            f"(reference: {reference}; fast: {fast})",
        )
