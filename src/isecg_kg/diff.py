"""What changed between two versions of the graph: terms, entities and facts added, removed or
changed, as Markdown for people and as TriG (one named graph of added facts, one of removed) for
machines.

Blank nodes have no identity across versions, so a fact is compared by the *content* of its blank
nodes: each blank node object is replaced by a key built from its own description, recursively
(a membership node keys as the sorted set of its property-value pairs). A fact about a blank node
is therefore part of the fact that points at it; a blank node nothing points at (an owl:Axiom, a
table header) is a fact of its own, keyed by its whole description.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from isecg_kg.errors import InputError
from isecg_kg.load import parse_files
from isecg_kg.vocab import INSTANCES, ONTOLOGY, shorten

# The full graph's file name in a release folder (isecg-kg.ttl, beside the parts).
RELEASE_GRAPH = "isecg-kg.ttl"
READABLE = (".ttl", ".nt")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
ADDED = URIRef("https://w3id.org/isecg-kg/diff#added")
REMOVED = URIRef("https://w3id.org/isecg-kg/diff#removed")

Key = str
Fact = tuple[Key, Key, Key]


@dataclass(frozen=True)
class Changes:
    """Added, removed and changed names of one kind (terms or entities), sorted."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]


@dataclass(frozen=True)
class Diff:
    old: str
    new: str
    terms: Changes
    entities: Changes
    facts_added: tuple[Fact, ...]
    facts_removed: tuple[Fact, ...]

    @property
    def unchanged(self) -> bool:
        return not (self.facts_added or self.facts_removed)


def read_version(path: Path) -> Graph:
    """A release folder (its full graph, isecg-kg.ttl) or a Turtle/N-Triples file, read strictly."""
    if path.is_dir():
        graph_file = path / RELEASE_GRAPH
        if not graph_file.is_file():
            raise InputError(f"{path}: a release folder holds {RELEASE_GRAPH}; this one does not")
        return parse_files([graph_file])
    if path.suffix not in READABLE:
        raise InputError(f"{path}: give a release folder or a .ttl or .nt file")
    return parse_files([path])


def diff(old: Graph, new: Graph, old_name: str = "old", new_name: str = "new") -> Diff:
    old_facts, new_facts = _facts(old), _facts(new)
    added, removed = new_facts - old_facts, old_facts - new_facts
    return Diff(
        old_name,
        new_name,
        _changes(_terms(old), _terms(new), added | removed),
        _changes(_entities(old), _entities(new), added | removed),
        tuple(sorted(added)),
        tuple(sorted(removed)),
    )


def _facts(graph: Graph) -> set[Fact]:
    keys = _BlankKeys(graph)
    pointed_at = {o for o in graph.objects() if isinstance(o, BNode)}
    facts = set()
    for s, p, o in graph:
        if isinstance(s, BNode):
            if s in pointed_at:
                continue  # part of the fact that points at it
            facts.add((keys.key(s), "", ""))
        else:
            facts.add((keys.key(s), keys.key(p), keys.key(o)))
    return facts


class _BlankKeys:
    """A key for every term; a blank node's key is its description's, memoised."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.memo: dict[BNode, str] = {}

    def key(self, term: Node) -> Key:
        if isinstance(term, BNode):
            return self._blank(term, frozenset())
        return term.n3()

    def _blank(self, node: BNode, visiting: frozenset[BNode]) -> Key:
        if node in self.memo:
            return self.memo[node]
        if node in visiting:
            return "[…]"  # a cycle through blank nodes: the back edge is not expanded
        inner = visiting | {node}
        pairs = sorted(
            f"{p.n3()} {self._blank(o, inner) if isinstance(o, BNode) else o.n3()}"
            for p, o in self.graph.predicate_objects(node)
        )
        key = "[ " + " ; ".join(pairs) + " ]"
        if not visiting:
            self.memo[node] = key
        return key


def _terms(graph: Graph) -> set[str]:
    return {
        str(s)
        for kind in TERM_TYPES
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY)
    }


def _entities(graph: Graph) -> set[str]:
    return {
        str(s)
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(INSTANCES)
    }


def _changes(old: set[str], new: set[str], facts: Iterable[Fact]) -> Changes:
    touched = {fact[0][1:-1] for fact in facts if fact[0].startswith("<")}
    return Changes(
        tuple(sorted(new - old)),
        tuple(sorted(old - new)),
        tuple(sorted((old & new) & touched)),
    )


def markdown(d: Diff, most: int = 200) -> str:
    """The diff for people: counts first, then the names, then up to `most` facts each way."""
    lines = [
        f"# Changes from {d.old} to {d.new}",
        "",
        "| | added | removed | changed |",
        "|---|---:|---:|---:|",
        _row("terms", d.terms),
        _row("entities", d.entities),
        f"| facts | {len(d.facts_added)} | {len(d.facts_removed)} | |",
        "",
    ]
    if d.unchanged:
        lines += ["The two versions hold the same facts.", ""]
    for title, changes in (("Terms", d.terms), ("Entities", d.entities)):
        for verb, names in (
            ("added", changes.added),
            ("removed", changes.removed),
            ("changed", changes.changed),
        ):
            if names:
                lines += [f"## {title} {verb}", ""]
                lines += [f"- `{shorten(URIRef(name))}`" for name in names]
                lines.append("")
    for verb, facts in (("added", d.facts_added), ("removed", d.facts_removed)):
        if facts:
            lines += [f"## Facts {verb}", "", "```turtle"]
            lines += [_fact_line(fact) for fact in facts[:most]]
            lines.append("```")
            if len(facts) > most:
                lines.append(f"… and {len(facts) - most} more (the TriG output lists them all).")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _row(kind: str, changes: Changes) -> str:
    return f"| {kind} | {len(changes.added)} | {len(changes.removed)} | {len(changes.changed)} |"


def _fact_line(fact: Fact) -> str:
    subject, predicate, value = fact
    return f"{subject} ." if not predicate else f"{subject} {predicate} {value} ."


def trig(d: Diff, old: Graph, new: Graph) -> bytes:
    """Added and removed facts as two named graphs, each fact with its blank nodes in full."""
    import pyoxigraph

    from isecg_kg.export import _oxigraph_triples

    quads = []
    for name, source, facts in ((ADDED, new, d.facts_added), (REMOVED, old, d.facts_removed)):
        part = Graph()
        wanted = set(facts)
        keys = _BlankKeys(source)
        for s, p, o in source:
            if isinstance(s, BNode):
                if (keys.key(s), "", "") in wanted:
                    _copy_closure(source, s, part)
            elif (keys.key(s), keys.key(p), keys.key(o)) in wanted:
                part.add((s, p, o))
                if isinstance(o, BNode):
                    _copy_closure(source, o, part)
        graph_name = pyoxigraph.NamedNode(str(name))
        quads += [
            pyoxigraph.Quad(t.subject, t.predicate, t.object, graph_name)
            for t in _oxigraph_triples(part)
        ]
    prefixes = {p: str(n) for p, n in new.namespaces() if p}
    return pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TRIG, prefixes=prefixes)


def _copy_closure(source: Graph, node: BNode, target: Graph) -> None:
    stack, seen = [node], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for p, o in source.predicate_objects(current):
            target.add((current, p, o))
            if isinstance(o, BNode):
                stack.append(o)
