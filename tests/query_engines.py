"""The query engines a test of answers on the whole graph runs on.

Oxigraph (the default engine) in `make check`; rdflib (the reference) too in `make test`, where
its seconds a query are spent once: `test_engines.py` compares the two on every stored query.
"""

import pytest

BOTH = [pytest.param("rdflib", marks=pytest.mark.slow, id="rdflib"), "oxigraph"]
