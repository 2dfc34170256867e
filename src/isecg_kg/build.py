"""The main job, `isecg-kg build`: the pipeline (isecg_kg.pipeline) run into build/."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from isecg_kg.pipeline import REFERENCE, BuildSummary, answer_queries, engines
from isecg_kg.pipeline import build as run_pipeline
from isecg_kg.pipeline import class_counts as count_classes
from isecg_kg.progress import Progress

__all__ = ["BuildSummary", "answer_queries", "build", "class_counts"]


def build(
    output: Path,
    engine_set: str | None = None,
    progress: Progress | None = None,
    extra: Sequence[Path] = (),
) -> BuildSummary:
    """Parse, reason, validate, export and answer the stored queries into `output`.

    engine_set "reference" (rdflib, owlrl, pySHACL) or "fast" (Oxigraph, OWL 2 RL rules,
    pyshacl-turbo); None chooses the fast engines when they are installed.
    """
    return run_pipeline(output, engines(engine_set), extra, progress)


def class_counts(graph: Graph) -> dict[str, int]:
    """Instances per ontology class (`isecg:Class` → count), as the build summary counts them."""
    return count_classes(lambda text: REFERENCE.query.select(graph, text))
