"""Where the RDF source folders are: inside the installed wheel, or at the repository root."""

from __future__ import annotations

from pathlib import Path

FOLDERS = ("ontology", "data", "links", "shapes", "queries", "mappings")
_PACKAGED = Path(__file__).resolve().parent / "_rdf"
_REPOSITORY = Path(__file__).resolve().parent.parent.parent


def rdf_root() -> Path:
    """The folder holding ontology/, data/, shapes/ and queries/."""
    if (_PACKAGED / "ontology").is_dir():
        return _PACKAGED
    return _REPOSITORY


def ontology_files() -> list[Path]:
    return sorted((rdf_root() / "ontology").glob("*.ttl"))


def data_files() -> list[Path]:
    return sorted((rdf_root() / "data").rglob("*.ttl"))


def link_files() -> list[Path]:
    """Links out (Wikidata, NASA taxonomy), kept apart from data/ so they can be left out."""
    return sorted((rdf_root() / "links").glob("*.ttl"))


def shape_files() -> list[Path]:
    return sorted((rdf_root() / "shapes").glob("*.ttl"))


def mapping_files() -> list[Path]:
    """The SSSOM tables written by `isecg-kg mappings`."""
    return sorted((rdf_root() / "mappings").glob("*.sssom.tsv"))


def queries_dir() -> Path:
    return rdf_root() / "queries"


def qa_files() -> list[Path]:
    """The hygiene rules: SPARQL queries that must return no row."""
    return sorted((queries_dir() / "qa").glob("*-violation.rq"))


def graph_files() -> list[Path]:
    """The packaged graph: the ontology (with its alignments), the instance data and the links."""
    return ontology_files() + data_files() + link_files()


def repository_root() -> Path | None:
    """The clone this package runs from (editable install), or None when installed from a wheel."""
    return _REPOSITORY if (_REPOSITORY / "pyproject.toml").is_file() else None
