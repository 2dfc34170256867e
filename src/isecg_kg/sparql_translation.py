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
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

# rdflib's SPARQL machinery is imported on first use: building its grammar takes 0.2 s, which the
# fast build (Oxigraph, no rdflib SPARQL) does not pay.
_LOCK = threading.Lock()
_active = 0
_original: Callable[..., Mapping[str, Any]] | None = None


@lru_cache(maxsize=1024)
def _translate(text: str, base: str | None, prefixes: tuple[tuple[str, Any], ...]) -> Any:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    return translateQuery(parseQuery(text), base, dict(prefixes))


def _query_translated_once(
    self: Any,
    strOrQuery: Any,
    initBindings: Mapping[str, Any] | None = None,
    initNs: Mapping[str, Any] | None = None,
    base: str | None = None,
    DEBUG: bool = False,
) -> Mapping[str, Any]:
    if isinstance(strOrQuery, str):
        strOrQuery = _translate(strOrQuery, base, tuple(sorted((initNs or {}).items())))
    assert _original is not None
    return _original(self, strOrQuery, initBindings or {}, initNs or {}, base, DEBUG)


@contextmanager
def translated_once() -> Iterator[None]:
    """rdflib translates each SPARQL text once inside this block (nested and threaded use safe)."""
    global _active, _original
    from rdflib.plugins.sparql import processor

    with _LOCK:
        if _active == 0:
            _original = processor.SPARQLProcessor.query
            processor.SPARQLProcessor.query = _query_translated_once  # type: ignore[method-assign]
        _active += 1
    try:
        yield
    finally:
        with _LOCK:
            _active -= 1
            if _active == 0:
                processor.SPARQLProcessor.query = _original  # type: ignore[method-assign]
