"""Which link targets may become a link (`<a href>`) in HTML we write: the one check that the site
and `validate` share. Only an absolute `http` or `https` URL with a host passes; `javascript:`,
`data:`, `vbscript:`, scheme-relative `//host`, `http:\\host`, `http:path` and any target with
whitespace or a control character anywhere (browsers drop them, so `java\tscript:` would run) are
shown as text instead."""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
_SKOS = "http://www.w3.org/2004/02/skos/core#"
# The links out of the graph: the site shows the SKOS mappings as links, validate checks them all.
MAPPINGS = tuple(
    _SKOS + name
    for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
)
LINK_PREDICATES = (*MAPPINGS, "http://www.w3.org/2002/07/owl#sameAs")


def is_web_link(target: str) -> bool:
    """Whether `target` is a plain web address, decided on its parsed form."""
    if any(ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in target):
        return False
    try:
        parts = urlsplit(target)
        host = parts.hostname
    except ValueError:  # a malformed port or IPv6 literal
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(host) and "\\" not in target


def _safe_href(target: str) -> bool:
    """A link a page may hold: a web address, or a relative one (no scheme, no `//host`)."""
    stripped = target.strip()
    if is_web_link(stripped):
        return True
    if any(ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in target):
        return False
    try:
        parts = urlsplit(stripped)
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc and not stripped.startswith(("//", "\\", "/\\"))


def unsafe_links(html: str) -> list[str]:
    """The targets of `<a href>` and `<area href>` in a page that are neither web addresses nor
    relative ones: the last check before any page of ours is written."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("a", "area"):
                found.extend(v for k, v in attrs if k == "href" and v and not _safe_href(v))

    parser = Links(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return found
