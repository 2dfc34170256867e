"""Each SPARQL text translated once while a validation runs.

pySHACL hands rdflib the text of a SPARQL constraint once for every shape it applies to (326 times
for 19 texts in one validation of the packaged graph), and rdflib parses the text every time:
parsing was 60 % of a reference validation (22 s of CPU, 6 s with this). A translation depends
only on the text, its base and its prefixes, and evaluating it leaves it unchanged (rdflib's own
`prepareQuery` reuses translations the same way), so inside `translated_once()` rdflib keeps each
one. A text rdflib rejects is never kept, so its error is raised as before, every time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from rdflib.plugins.sparql import processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query

_ORIGINAL = processor.SPARQLProcessor.query
_LOCK = threading.Lock()
_active = 0


@lru_cache(maxsize=1024)
def _translate(text: str, base: str | None, prefixes: tuple[tuple[str, Any], ...]) -> Query:
    return translateQuery(parseQuery(text), base, dict(prefixes))


def _query_translated_once(
    self: processor.SPARQLProcessor,
    strOrQuery: str | Query,
    initBindings: Mapping[str, Any] | None = None,
    initNs: Mapping[str, Any] | None = None,
    base: str | None = None,
    DEBUG: bool = False,
) -> Mapping[str, Any]:
    if isinstance(strOrQuery, str):
        strOrQuery = _translate(strOrQuery, base, tuple(sorted((initNs or {}).items())))
    return _ORIGINAL(self, strOrQuery, initBindings or {}, initNs or {}, base, DEBUG)


@contextmanager
def translated_once() -> Iterator[None]:
    """rdflib translates each SPARQL text once inside this block (nested and threaded use safe)."""
    global _active
    with _LOCK:
        if _active == 0:
            processor.SPARQLProcessor.query = _query_translated_once  # type: ignore[method-assign]
        _active += 1
    try:
        yield
    finally:
        with _LOCK:
            _active -= 1
            if _active == 0:
                processor.SPARQLProcessor.query = _ORIGINAL  # type: ignore[method-assign]
