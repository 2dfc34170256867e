"""Validation: SHACL (pySHACL), OWL 2 RL clashes, hygiene rules and lexical forms, as one report.

Every result names node, path, value and message. Beside the shapes, every validation checks the
asserted graph for logical clashes and runs the queries/qa rules (isecg_kg.consistency), and
reports ill-typed literals (isecg_kg.lexical) as violations: those triples are kept away from the
SHACL engine, which would otherwise fail on them. The data is an rdflib graph, or (the fast
pipeline, with pyshacl-turbo) an Oxigraph store, checked in place: tests/test_engines.py proves
the two give the same report.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from isecg_kg import lexical, sparql_targets
from isecg_kg.consistency import CLASH_RULES, findings
from isecg_kg.engine_registry import choose
from isecg_kg.errors import InputError, escape_controls
from isecg_kg.load import new_graph
from isecg_kg.reason import reason
from isecg_kg.sparql_translation import translated_once
from isecg_kg.vocab import INSTANCES, shorten
from isecg_kg.web_links import LINK_PREDICATES, is_web_link

if TYPE_CHECKING:
    import pyoxigraph

INFERENCE = ("none", "rdfs", "owlrl")
_XSD_STRING_IRI = "http://www.w3.org/2001/XMLSchema#string"
_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class ValidationResult:
    severity: str
    focus_node: str
    path: str
    value: str
    message: str
    message_ja: str
    source_shape: str

    @property
    def node(self) -> str:
        """The focus node (as `focus_node`)."""
        return self.focus_node

    @property
    def shape(self) -> str:
        """The node shape that fired (as `source_shape`)."""
        return self.source_shape


@dataclass(frozen=True)
class Report:
    graph: str
    """Which graph was validated: "asserted", or "asserted+inferred (owlrl)" and the like."""
    results: tuple[ValidationResult, ...]
    allow_warnings: bool = False
    """pySHACL's allow_warnings: Warning and Info results do not make the graph non-conforming."""

    @property
    def conforms(self) -> bool:
        """As SHACL defines it: no validation result at all (unless warnings are allowed: no
        result of severity Violation)."""
        if self.allow_warnings:
            return all(r.severity in ("Warning", "Info") for r in self.results)
        return not self.results

    @property
    def violations(self) -> int:
        return sum(r.severity == "Violation" for r in self.results)

    @property
    def warnings(self) -> int:
        return sum(r.severity == "Warning" for r in self.results)

    def as_dict(self) -> dict[str, object]:
        return {
            "conforms": self.conforms,
            "allow_warnings": self.allow_warnings,
            "graph": self.graph,
            "violations": self.violations,
            "warnings": self.warnings,
            "results": [asdict(r) for r in self.results],
        }


def validate(
    data: Graph | pyoxigraph.Store,
    shapes: Graph,
    inference: str = "none",
    engine: str | None = None,
    reasoner: str | None = None,
    allow_warnings: bool = False,
) -> Report:
    """Validate once, on the asserted graph or on it plus its closure (computed here, once).
    `allow_warnings`: Warning and Info results leave the graph conforming (pySHACL's option).

    engine "pyshacl" is the reference; "turbo" (pyshacl-turbo, the `fast` extra) runs the same
    shapes in Rust and gives the same reports (tests/test_engines.py, tests/conformance/). None
    (engine or reasoner) asks the engine registry for the default set's member.
    """
    engine = choose("validate", override=engine)
    reasoner = choose("reason", override=reasoner)
    if inference not in INFERENCE:
        raise ValueError(f"unknown inference {inference!r}")
    label = "asserted" if inference == "none" else f"asserted+inferred ({inference})"
    if not isinstance(data, Graph):
        # An Oxigraph store (the fast pipeline) is checked where it is: no rdflib copy of it.
        if engine != "turbo" or inference not in ("none", "owlrl") or reasoner != "rules":
            raise ValueError(
                "an Oxigraph store is validated by turbo, without inference or with the OWL 2 RL "
                "rules' closure"
            )
        checked = _ill_typed_in_store(data)
        if checked:
            data = _store_without(data, [quad for quad, _ in checked])
        target: Graph | pyoxigraph.Store = data
        if inference == "owlrl":  # the rules' inferred graph, the one every reasoner gives
            target = _store_with_inferred(data)
        # its SPARQL targets answered by Oxigraph, in the shapes graph until the engine is done
        engine_shapes: AbstractContextManager[Graph] = sparql_targets.resolved_in(shapes, target)
    else:
        checked = _ill_typed(data)
        if checked:
            data = _without(data, {triple for triple, _ in checked})
        engine_shapes = nullcontext(shapes)
        target = data
    if inference != "none" and isinstance(data, Graph):
        target = new_graph()
        for triple in data:
            target.add(triple)
        for triple in reason(
            data, inference, reasoner if inference == "owlrl" else "owlrl"
        ).inferred:
            target.add(triple)
        # every reasoner gives the same inferred graph (reason.about_the_data): not named here
    # Only rdflib evaluates SPARQL here when the data is an rdflib graph (pySHACL, the rules).
    with translated_once() if isinstance(target, Graph) else nullcontext():
        try:
            with engine_shapes as shacl_graph:
                data_input = target if isinstance(target, Graph) else _turbo_input(target)
                report_graph = shacl_report(engine, data_input, shacl_graph, allow_warnings=True)
        except Exception as error:  # a user's shapes can break the engine: a message, no traceback
            raise InputError(f"the SHACL engine could not run the shapes: {error}") from None
        found = (
            _results(report_graph, shapes)
            + _findings(data)
            + _links_not_web(data)
            + [r for _, r in checked]
        )
    results = tuple(sorted(found, key=_order))
    return Report(label, results, allow_warnings)


def _findings(data: Graph | pyoxigraph.Store) -> list[ValidationResult]:
    return [
        ValidationResult(
            severity=f.severity,
            focus_node=shorten(f.focus),
            path="",
            value="",
            message=f.message,
            message_ja=(
                f"論理的な矛盾（OWL 2 RL の規則 {f.rule}）: {f.message}"
                if f.rule in CLASH_RULES
                else f"品質規則 {f.rule} に違反: {f.message}"
            ),
            source_shape=f"{'owl2rl' if f.rule in CLASH_RULES else 'qa'}:{f.rule}",
        )
        for f in findings(data)
    ]


def _links_not_web(data: Graph | pyoxigraph.Store) -> list[ValidationResult]:
    """Links out whose target is not an http(s) address: the site shows them as text, never as a
    link (web_links.is_web_link, the check the site uses), and they are violations here."""
    if isinstance(data, Graph):
        links = [
            (str(s), str(p), o)
            for p in LINK_PREDICATES
            for s, o in data.subject_objects(URIRef(p))
            if isinstance(o, URIRef)
        ]
    else:
        import pyoxigraph

        links = [
            (quad.subject.value, p, URIRef(quad.object.value))
            for p in LINK_PREDICATES
            for quad in data.quads_for_pattern(None, pyoxigraph.NamedNode(p), None)
            if isinstance(quad.object, pyoxigraph.NamedNode)
        ]
    return [
        ValidationResult(
            severity="Violation",
            focus_node=shorten(URIRef(s)),
            path=shorten(URIRef(p)),
            value=escape_controls(f"<{o}>"),
            message="a link out must be an http or https address (this one would run or embed "
            "content if clicked; the site shows it as text)",
            message_ja="外部リンクは http または https のアドレスでなければならない"
            "（サイトではリンクにせず文字として表示）",
            source_shape="qa:link-not-web",
        )
        for s, p, o in sorted(links)
        if not str(o).startswith(INSTANCES) and not is_web_link(str(o))
    ]


def _ill_typed(data: Graph) -> list[tuple[tuple[Node, Node, Node], ValidationResult]]:
    """Literals outside their datatype's lexical space, as violations naming node and property."""
    found = []
    for s, p, o in data:
        if isinstance(o, Literal) and o.datatype is not None:
            why = lexical.problem(str(o), str(o.datatype))
            if why is not None:
                found.append(((s, p, o), _ill_typed_result(s, p, o, why)))
    return found


def _ill_typed_in_store(
    store: pyoxigraph.Store,
) -> list[tuple[pyoxigraph.Quad, ValidationResult]]:
    """`_ill_typed` for an Oxigraph store: only the offending triples become rdflib terms."""
    import pyoxigraph

    from isecg_kg.engines import from_oxigraph_triple

    string = pyoxigraph.NamedNode(_XSD_STRING_IRI)
    found = []
    for quad in store:
        o = quad.object
        # a plain literal is xsd:string in Oxigraph, and has no datatype in rdflib: not checked
        if isinstance(o, pyoxigraph.Literal) and not o.language and o.datatype != string:
            why = lexical.problem(o.value, o.datatype.value)
            if why is not None:
                s, p, _o = from_oxigraph_triple(quad)
                literal = Literal(o.value, datatype=o.datatype.value)
                found.append((quad, _ill_typed_result(s, p, literal, why)))
    return found


# A blank-node label with a character beyond ASCII: UCHAR escapes are not allowed there.
_WIDE_LABEL = re.compile(rb"_:[!-\x7f]*[\x80-\xff]")
# The lead bytes of U+0080 to U+00FF in UTF-8 (never a continuation byte): Python's
# backslashreplace writes those characters as \xNN, which N-Quads has not.
_LATIN1_LEADS = (b"\xc2", b"\xc3")


def _turbo_input(store: pyoxigraph.Store) -> object:
    """The store as pyshacl-turbo reads one (its N-Quads, blank-node labels kept), with every
    character beyond ASCII written as a UCHAR escape (the same terms). Given the store, the engine
    decodes its N-Quads into a Python string (two or four bytes a character once one is Japanese)
    and keeps a UTF-8 copy beside it while it parses: 545 MB at a million triples, 170 MB as
    ASCII. A blank node whose label is not ASCII leaves the store to the engine."""
    import pyoxigraph
    from pyshacl_turbo.rdf import Input

    nquads = store.dump(format=pyoxigraph.RdfFormat.N_QUADS)
    if _WIDE_LABEL.search(nquads):
        return store
    for lead in _LATIN1_LEADS:  # each distinct U+0080 to U+00FF as \u00NN, replaced in C
        at = nquads.find(lead)
        while at >= 0:
            pair = nquads[at : at + 2]
            nquads = nquads.replace(pair, b"\\u%04X" % ord(pair.decode("utf-8")))
            at = nquads.find(lead, at)
    # every other character as \uNNNN or \UNNNNNNNN: the UCHAR escapes, in C
    text = nquads.decode("utf-8").encode("ascii", "backslashreplace").decode("ascii")
    del nquads
    return Input(text, "oxigraph-nquads", None, {}, preserve_ids=True)


def _ill_typed_result(s: Node, p: Node, o: Literal, why: str) -> ValidationResult:
    return ValidationResult(
        severity="Violation",
        focus_node=shorten(s),
        path=shorten(p),
        value=shorten(o) if len(o) <= 80 else f'"{str(o)[:80]}..."',
        message=f"ill-typed literal: {why}",
        message_ja=f"データ型の字句空間にない値: {why}",
        source_shape="xsd:lexical-space",
    )


def _without(data: Graph, triples: set[tuple[Node, Node, Node]]) -> Graph:
    copy = new_graph()
    for triple in data:
        if triple not in triples:
            copy.add(triple)
    return copy


def _store_with_inferred(store: pyoxigraph.Store) -> pyoxigraph.Store:
    """A copy of the store with its inferred triples (`fast_build.inferred_triples`: the rules'
    entailments about the data, as `reason.about_the_data` defines them for every reasoner)."""
    import pyoxigraph

    from isecg_kg.fast_build import inferred_triples

    inferred = inferred_triples(store)
    copy = pyoxigraph.Store()
    copy.bulk_extend(store)
    copy.bulk_extend(pyoxigraph.Quad(*triple) for triple in inferred.store_triples)
    return copy


def _store_without(store: pyoxigraph.Store, quads: list[pyoxigraph.Quad]) -> pyoxigraph.Store:
    import pyoxigraph

    copy = pyoxigraph.Store()
    copy.bulk_extend(store)
    for quad in quads:
        copy.remove(quad)
    return copy


def shacl_report(engine: str, data: object, shapes: Graph, allow_warnings: bool) -> Graph:
    """The report graph of a SHACL engine the registry names ("pyshacl" or "turbo", both with
    pySHACL's `validate`), run as everywhere here: SHACL-AF, no inference, every result. Raises
    what the engine raises, or ValueError when it returns its failure instead of a report."""
    if engine == "turbo":
        import pyshacl_turbo as shacl
    else:
        import pyshacl as shacl
    _conforms, report, _text = shacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=allow_warnings,
        advanced=True,
        meta_shacl=False,
    )
    if not isinstance(report, Graph):  # pySHACL returns its failure instead of raising
        raise ValueError(str(report))
    return report


def _order(result: ValidationResult) -> tuple[str, ...]:
    """Violations first, then by node, path and message, and then by every other field: a total
    order, so that a report is listed alike whatever order the engine found its results in."""
    rank = {"Violation": "0", "Warning": "1"}.get(result.severity, "2")
    return (
        rank,
        result.focus_node,
        result.path,
        result.message,
        result.value,
        result.source_shape,
        result.message_ja,
        result.severity,
    )


def _node_shapes(shapes: Graph) -> dict[Node, Node]:
    """Property shapes (often blank nodes) mapped to the node shape that holds them."""
    return {prop: node for node, prop in shapes.subject_objects(SH.property)}


def _results(report: Graph, shapes: Graph) -> list[ValidationResult]:
    """The top-level results (nested sh:detail results are explained by their parent)."""
    owners = _node_shapes(shapes)
    found = []
    for node in report.objects(None, SH.result):
        messages = [m for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal)]
        # pySHACL keeps one sh:message of a SPARQL constraint; the shape has both languages.
        constraint = report.value(node, SH.sourceConstraint)
        if constraint is not None:
            messages += [
                m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal)
            ]
        english = [str(m) for m in messages if m.language == "en"]
        english += [str(m) for m in messages if m.language is None]
        japanese = [str(m) for m in messages if m.language == "ja"]
        severity = report.value(node, SH.resultSeverity)
        shape = report.value(node, SH.sourceShape)
        found.append(
            ValidationResult(
                severity=_SEVERITY.get(severity, str(severity)),  # type: ignore[arg-type]
                focus_node=shorten(report.value(node, SH.focusNode)),
                path=shorten(report.value(node, SH.resultPath)),
                value=shorten(_simple(report.value(node, SH.value))),
                message=english[0] if english else (japanese[0] if japanese else ""),
                message_ja=japanese[0] if japanese else "",
                source_shape=shorten(owners.get(shape, shape)),
            )
        )
    return found


def _simple(value: Node | None) -> Node | None:
    """An xsd:string literal as the simple literal it is (RDF 1.1): an engine reading Oxigraph
    reports "no"^^xsd:string where one reading rdflib reports "no"."""
    if isinstance(value, Literal) and str(value.datatype) == _XSD_STRING_IRI:
        return Literal(str(value))
    return value
