"""Where a file written for an entity IRI goes, decided on the parsed IRI: the one place that maps
`https://w3id.org/isecg-kg/id/<kind>/<slug>` to `id/<kind>/<slug>` under an output folder.

An IRI that is not in the namespace, or whose path has a dot segment, an empty segment, a percent
escape, a backslash, a control character or any character outside RFC 3986's unreserved set, is
refused (exit 2, naming the IRI): a slug is plain text, and nothing else may become a file name.
Entity files live in `id/`, beside one fixed page, the entity list `id/index.html`: an entity whose
files would land on it, or on another entity's files (also when only letter case differs, as on a
case-insensitive disk), is refused rather than silently overwritten.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from isecg_kg.errors import InputError
from isecg_kg.vocab import INSTANCES

FOLDER = "id"
# The fixed pages of the site inside FOLDER (site.entity_pages writes the entity list there).
FIXED = frozenset({f"{FOLDER}/index.html"})
# What each entity gets: its page and its RDF documents (entity_documents.FORMATS).
SUFFIXES = (".html", ".ttl", ".nt", ".jsonld", ".rdf")
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_NAMESPACE = urlsplit(INSTANCES)


def entity_stem(iri: str) -> str:
    """`id/<kind>/<slug>` for an entity IRI of the project's namespace, or an InputError."""
    parts = urlsplit(iri)
    if (
        parts.scheme != _NAMESPACE.scheme
        or parts.netloc != _NAMESPACE.netloc
        or not parts.path.startswith(_NAMESPACE.path)
        or parts.query
        or parts.fragment
        or iri != f"{parts.scheme}://{parts.netloc}{parts.path}"  # '?' or '#' with nothing after
    ):
        raise InputError(f"<{iri}>: not an entity IRI under {INSTANCES}; no file is written for it")
    segments = parts.path.removeprefix(_NAMESPACE.path).split("/")
    for segment in segments:
        if not segment or segment in (".", ".."):
            raise InputError(f"<{iri}>: an empty, '.' or '..' path segment; no file is written")
        if segment.startswith(".") or not set(segment) <= _UNRESERVED:
            raise InputError(
                f"<{iri}>: a path segment may hold only letters, digits, '-', '_', '~' and an "
                "inner '.' (no '%' escapes, slashes, backslashes or control characters); "
                "no file is written"
            )
    return "/".join([FOLDER, *segments])


def entity_stems(iris: Iterable[str]) -> dict[str, str]:
    """Every entity's stem, after proving that no two entities' files (page and RDF documents),
    nor an entity's file and a fixed page, are the same file or a file and a folder."""
    stems = {iri: entity_stem(iri) for iri in sorted(set(iris))}
    owner: dict[str, str] = {name.casefold(): "the entity list" for name in FIXED}
    for iri, stem in stems.items():
        for suffix in SUFFIXES:
            name = (stem + suffix).casefold()
            if name in owner:
                raise InputError(
                    f"<{iri}>: its file {stem}{suffix} would overwrite {owner[name]}; "
                    "rename the entity"
                )
            owner[name] = f"the files of <{iri}>"
    for iri, stem in stems.items():  # an entity's folder must not be another entity's file
        parts = stem.casefold().split("/")
        for depth in range(2, len(parts)):
            folder = "/".join(parts[:depth])
            if folder in owner:
                raise InputError(f"<{iri}>: its folder {folder} is {owner[folder]}; rename it")
    return stems


def inside(root: Path, relative: str) -> Path:
    """`root/relative`, proven to stay inside `root` once resolved (dot segments, absolute names
    and links that lead out are refused)."""
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise InputError(f"{relative}: would be written outside {root}; refused")
    return root / relative
