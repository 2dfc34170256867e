"""isecg-kg: a linked-data knowledge graph of international space-exploration coordination.

    from isecg_kg import KnowledgeGraph
    kg = KnowledgeGraph.load()

See docs/api.md. `KnowledgeGraph` is imported on first use, so that `isecg-kg --help` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.2.0"
__all__ = ["KnowledgeGraph", "__version__"]

if TYPE_CHECKING:
    from isecg_kg.api import KnowledgeGraph


def __getattr__(name: str) -> object:
    if name == "KnowledgeGraph":
        from isecg_kg.api import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'isecg_kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names too: `KnowledgeGraph` is imported lazily (by `__getattr__`), so it would
    be missing from `dir(isecg_kg)` and from a notebook's completion until first used."""
    return sorted(set(globals()) | set(__all__))
