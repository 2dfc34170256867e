"""`isecg-kg diff`: terms, entities and facts added, removed and changed between two versions, with
blank nodes compared by what they say; the release's CHANGES.md and owl:priorVersion."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from isecg_kg.cli import main
from isecg_kg.diff import ADDED, REMOVED, diff, markdown, trig
from isecg_kg.release import PARTS, version_iri

PREFIXES = """@prefix isecg: <https://w3id.org/isecg-kg/ontology#> .
@prefix agency: <https://w3id.org/isecg-kg/id/agency/> .
@prefix group: <https://w3id.org/isecg-kg/id/group/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix org: <http://www.w3.org/ns/org#> .
"""
OLD = (
    PREFIXES
    + """
isecg:SpaceAgency a owl:Class ; rdfs:label "space agency"@en .
isecg:OldTerm a owl:Class ; rdfs:label "old term"@en .
agency:jaxa a isecg:SpaceAgency ; rdfs:label "JAXA"@en .
agency:gone a isecg:SpaceAgency ; rdfs:label "Gone"@en .
group:isecg a org:Organization ;
    org:hasMembership [ a org:Membership ; org:member agency:jaxa ; isecg:level "full" ] .
[] a owl:Axiom ; owl:annotatedSource agency:jaxa ; rdfs:comment "an axiom"@en .
"""
)
NEW = (
    PREFIXES
    + """
isecg:SpaceAgency a owl:Class ; rdfs:label "space agency"@en , "宇宙機関"@ja .
isecg:NewTerm a owl:Class ; rdfs:label "new term"@en .
agency:jaxa a isecg:SpaceAgency ; rdfs:label "JAXA"@en , "宇宙航空研究開発機構"@ja .
agency:new a isecg:SpaceAgency ; rdfs:label "New"@en .
group:isecg a org:Organization ;
    org:hasMembership [ a org:Membership ; org:member agency:jaxa ; isecg:level "observer" ] .
[] a owl:Axiom ; owl:annotatedSource agency:jaxa ; rdfs:comment "an axiom"@en .
"""
)
ISECG = "https://w3id.org/isecg-kg/ontology#"
ID = "https://w3id.org/isecg-kg/id/"
ORG = "http://www.w3.org/ns/org#"


def graph(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def test_terms_entities_and_facts_added_removed_changed() -> None:
    d = diff(graph(OLD), graph(NEW))
    assert d.terms.added == (ISECG + "NewTerm",)
    assert d.terms.removed == (ISECG + "OldTerm",)
    assert d.terms.changed == (ISECG + "SpaceAgency",)  # gained a Japanese label
    assert d.entities.added == (ID + "agency/new",)
    assert d.entities.removed == (ID + "agency/gone",)
    # JAXA gained a label; the group's membership node changed level
    assert d.entities.changed == (ID + "agency/jaxa", ID + "group/isecg")
    # the unchanged axiom (a blank node nothing points at) is no change, whatever its label
    assert not [f for f in d.facts_added + d.facts_removed if "an axiom" in f[0]]
    membership_added = [f for f in d.facts_added if f[1] == f"<{ORG}hasMembership>"]
    assert len(membership_added) == 1 and '"observer"' in membership_added[0][2]
    assert len(d.facts_added) == 7 and len(d.facts_removed) == 5


def test_the_same_graph_with_other_blank_node_labels_is_unchanged() -> None:
    d = diff(graph(OLD), graph(OLD))
    assert d.unchanged
    assert "The two versions hold the same facts." in markdown(d)


def test_markdown_and_trig_say_the_same(tmp_path: Path) -> None:
    old, new = graph(OLD), graph(NEW)
    d = diff(old, new, "v1", "v2")
    text = markdown(d)
    assert text.startswith("# Changes from v1 to v2")
    assert "| terms | 1 | 1 | 1 |" in text and "| entities | 1 | 1 | 2 |" in text
    assert "| facts | 7 | 5 | |" in text
    assert "- `isecgid:agency/new`" in text
    dataset = pyoxigraph.Dataset(pyoxigraph.parse(trig(d, old, new), pyoxigraph.RdfFormat.TRIG))
    added = {q for q in dataset if q.graph_name == pyoxigraph.NamedNode(str(ADDED))}
    removed = {q for q in dataset if q.graph_name == pyoxigraph.NamedNode(str(REMOVED))}
    # every added fact, its blank-node membership written out in full (3 triples)
    assert len(added) == 7 + 3 and len(removed) == 5 + 3
    levels = {q.object.value for q in added if q.predicate.value == ISECG + "level"}
    assert levels == {"observer"}


def test_cli_diff_and_its_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "old.ttl", tmp_path / "new.ttl"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# Changes from {old} to {new}")
    written = tmp_path / "changes.trig"
    assert main(["diff", str(old), str(new), "--format", "trig", "-o", str(written)]) == 0
    assert len(list(pyoxigraph.parse(path=str(written), format=pyoxigraph.RdfFormat.TRIG))) == 18
    assert main(["diff", str(old), str(tmp_path / "missing.ttl")]) == 2
    assert "missing.ttl" in capsys.readouterr().err
    assert main(["diff", str(old), str(tmp_path)]) == 2  # a folder without isecg-kg.ttl
    assert "a release folder holds isecg-kg.ttl" in capsys.readouterr().err
    bad = tmp_path / "bad.ttl"
    bad.write_text(PREFIXES + 'agency:x rdfs:label "unterminated .\n', encoding="utf-8")
    assert main(["diff", str(old), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.ttl:7" in err and "Traceback" not in err


def test_release_against_a_previous_release(released: tuple[Path, list[Path]]) -> None:
    folder, written = released
    # conftest builds the run's release with --previous: a small earlier release, version 0.0.1
    for part in PARTS:
        header = URIRef("https://w3id.org/isecg-kg/" + part.path)
        full = Graph().parse(folder / f"{part.stem}.ttl")
        prior = URIRef(f"https://w3id.org/isecg-kg/{part.path}/0.0.1")
        assert set(full.objects(header, OWL.priorVersion)) == {prior}, part.stem
        assert full.value(header, OWL.versionIRI) == version_iri(part.path)
    changes = (folder / "CHANGES.md").read_text(encoding="utf-8")
    assert changes.startswith(
        "# Changes from https://w3id.org/isecg-kg/kg/0.0.1 to " + str(version_iri("kg"))
    )
    assert "- `isecgid:agency/gone`" in changes  # only in the earlier release
    assert folder / "CHANGES.md" in written
