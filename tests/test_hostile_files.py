"""Issue 25, findings 2-6: files written for IRIs stay inside `-o`, folders we did not make are
never emptied, every writer's output parses back (each character class that str.splitlines()
breaks at, re-read by parsers that are not the writer), only http(s) targets become links, and
the parse cache cannot run code or serve a changed answer. Each test failed before its fix."""

from __future__ import annotations

import hashlib
import json
import pickle
import re
import shutil
import socket
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS

from isecg_kg import resources
from isecg_kg.cli import main
from isecg_kg.errors import InputError, OutputError
from isecg_kg.export import OWNED, check_xml_safe, empty_owned_folder, serialize
from isecg_kg.load import parse_files
from isecg_kg.pipeline import OxigraphExporter
from isecg_kg.safe_paths import entity_stem, entity_stems
from isecg_kg.web_links import is_web_link, unsafe_links
from property_budget import examples

HOSTILE = Path(__file__).resolve().parent / "hostile" / "turtle"
ID = "https://w3id.org/isecg-kg/id/"
JAXA = URIRef(ID + "agency/jaxa")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@pytest.fixture()
def extra_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Put a file among the packaged data files, as a contributor's file in data/ would be."""
    monkeypatch.setenv("ISECG_KG_CACHE_DIR", str(tmp_path / "cache"))
    original = resources.data_files

    def add(path: Path) -> None:
        monkeypatch.setattr(resources, "data_files", lambda: [*original(), path])

    return add


# --- finding 2: paths ----------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["site", "release"])
def test_an_entity_iri_with_dot_segments_writes_nothing(
    command: str, extra_data, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra_data(HOSTILE / "entity-dot-segments.ttl")
    output = tmp_path / "a" / "b" / "out"
    before = files_under(tmp_path)
    code, _, err = run([command, "-o", str(output)], capsys)
    assert code == 2, err
    assert f"<{ID}../../../PWNED>" in err
    new = files_under(tmp_path) - before
    assert all(p.relative_to(tmp_path).parts[0] == "cache" for p in new), new
    assert not list(tmp_path.rglob("PWNED*"))


def test_an_entity_that_would_overwrite_the_entity_list_is_refused(
    extra_data, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra_data(HOSTILE / "entity-named-index.ttl")
    code, _, err = run(["site", "-o", str(tmp_path / "site")], capsys)
    assert code == 2
    assert f"<{ID}index>: its file id/index.html would overwrite the entity list" in err
    assert not (tmp_path / "site" / "id").exists()


@pytest.mark.parametrize(
    "iri",
    [
        ID + "../../PWNED",
        ID + "agency/../../x",
        ID + "agency/./jaxa",
        ID + "agency//jaxa",
        ID + "agency/jaxa/",
        ID + "agency/%2e%2e",
        ID + "agency%2Fjaxa",
        ID + "agency/.hidden",
        ID + "agency\\jaxa",
        ID + "agency/ja\x00xa",
        ID + "agency/jaxa?x=1",
        ID + "agency/jaxa#x",
        ID + "agency/jaxa#",
        ID,
        "http://w3id.org/isecg-kg/id/agency/jaxa",
        "https://w3id.org:443/isecg-kg/id/agency/jaxa",
        "https://user@w3id.org/isecg-kg/id/agency/jaxa",
        "https://example.org/isecg-kg/id/agency/jaxa",
        "file:///etc/passwd",
    ],
)
def test_entity_iris_that_could_leave_the_folder_are_refused(iri: str) -> None:
    with pytest.raises(InputError, match="no file is written"):
        entity_stem(iri)


def test_entity_paths_of_the_packaged_graph(real_graph: Graph) -> None:
    assert entity_stem(str(JAXA)) == "id/agency/jaxa"
    instances = {str(s) for s in real_graph.subjects(RDF.type) if str(s).startswith(ID)}
    assert len(entity_stems(instances)) == len(instances)


@pytest.mark.parametrize(
    ("iris", "clash"),
    [
        ([ID + "agency/jaxa", ID + "agency/JAXA"], "would overwrite the files of"),
        ([ID + "agency", ID + "agency.html/x"], "its folder id/agency.html is the files of"),
        ([ID + "Index"], "would overwrite the entity list"),
    ],
)
def test_entity_files_never_overwrite_each_other(iris: list[str], clash: str) -> None:
    with pytest.raises(InputError, match=clash):
        entity_stems(iris)


def test_outputs_write_only_inside_their_folder(tmp_path: Path) -> None:
    from isecg_kg.export import Outputs

    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "out", target_is_directory=True)
    outputs = Outputs(tmp_path / "linked")  # an output folder reached through a link is fine
    outputs.put("id/agency/jaxa.html", b"ok")
    (tmp_path / "out" / "escape").symlink_to(outside, target_is_directory=True)
    for name in ("../x.html", "/tmp/x.html", "id/../../x.html", "escape/x.html"):
        with pytest.raises(InputError, match="would be written outside"):
            outputs.put(name, b"no")
        with pytest.raises(InputError, match="would be written outside"):
            outputs.put_all({name: b"no"})
    assert not list(outside.iterdir()) and not (tmp_path / "x.html").exists()
    assert (tmp_path / "out" / "id" / "agency" / "jaxa.html").read_bytes() == b"ok"


def test_the_suffixes_checked_are_the_files_written() -> None:
    from isecg_kg.entity_documents import FORMATS
    from isecg_kg.safe_paths import SUFFIXES

    assert set(SUFFIXES) == {".html"} | {f".{extension}" for extension in FORMATS}


# --- finding 3: folders we did not make ----------------------------------------------------------


def user_folder(root: Path) -> dict[Path, bytes]:
    (root / "sub").mkdir(parents=True)
    files = {
        root / "thesis.txt": b"four years of work\n",
        root / "sub" / "notes.txt": b"notes\n",
        root / "CURRENT": b"MANIFEST-000001\n",
    }
    for path, content in files.items():
        path.write_bytes(content)
    return files


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_never_empties_a_folder_it_did_not_make(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "thesis"
    files = user_folder(folder)
    argv = ["serve", "--location", str(folder), "--port", str(closed_port())]
    code, _, err = run(argv, capsys)
    assert code == 2
    assert "not empty and not made by isecg-kg" in err and "nothing in it is deleted" in err
    assert {p: p.read_bytes() for p in files_under(folder)} == files


def test_an_owned_folder_is_emptied_and_keeps_its_marker(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    empty_owned_folder(folder, "a test")
    assert [p.name for p in folder.iterdir()] == [OWNED]
    (folder / "CURRENT").write_text("x")
    (folder / "old").mkdir()
    (folder / "old" / "000001.sst").write_text("x")
    empty_owned_folder(folder, "a test")
    assert [p.name for p in folder.iterdir()] == [OWNED]
    with pytest.raises(InputError, match="must be a folder"):
        empty_owned_folder(folder / OWNED, "a test")


def test_a_marker_that_is_a_link_does_not_count(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    files = user_folder(folder)
    elsewhere = tmp_path / "marker"
    elsewhere.write_text("x")
    (folder / OWNED).symlink_to(elsewhere)
    with pytest.raises(InputError, match="not made by isecg-kg"):
        empty_owned_folder(folder, "a test")
    assert {p: p.read_bytes() for p in files} == files


# --- finding 4: writers --------------------------------------------------------------------------

# Where str.splitlines() breaks a line, and a few more that XML 1.0 or N-Triples treat specially.
CHARACTERS = {
    "line-separator": "\u2028",
    "paragraph-separator": "\u2029",
    "next-line": "\u0085",
    "vertical-tab": "\x0b",
    "form-feed": "\x0c",
    "file-separator": "\x1c",
    "group-separator": "\x1d",
    "record-separator": "\x1e",
    "carriage-return": "\r",
    "line-feed": "\n",
    "tab": "\t",
    "start-of-heading": "\x01",
    "delete": "\x7f",
}
# XML 1.0 cannot hold these at all, not even as character references.
NOT_IN_XML = {"\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x01"}
OXIGRAPH_FORMATS = {
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "xml": pyoxigraph.RdfFormat.RDF_XML,
}


def sample(character: str) -> Graph:
    graph = Graph()
    s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    graph.add((s, p, Literal(f"a{character}b")))
    graph.add((s, p, Literal(f"c{character}d", lang="en")))
    graph.add((s, RDFS.comment, Literal(f"{character}edge{character}")))
    graph.add((s, SKOS.note, Literal(f"e{character}f", datatype=URIRef("https://example.org/t"))))
    return graph


def read_back(content: bytes, fmt: str) -> Graph:
    """Parsed by Oxigraph, not by the rdflib that wrote the RDF/XML; XML first by ElementTree."""
    if fmt == "xml":
        ET.fromstring(content)  # well-formed XML 1.0
    graph = Graph()
    for quad in pyoxigraph.parse(content, format=OXIGRAPH_FORMATS[fmt]):
        terms = []
        for term in quad.triple:
            if isinstance(term, pyoxigraph.Literal):
                datatype = None if term.language else term.datatype.value
                if datatype == "http://www.w3.org/2001/XMLSchema#string":
                    datatype = None
                terms.append(Literal(term.value, lang=term.language, datatype=datatype))
            else:
                terms.append(URIRef(term.value))
        graph.add(tuple(terms))  # type: ignore[arg-type]
    return graph


def oxigraph_store(graph: Graph) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(serialize(graph, "nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


@pytest.mark.parametrize("name", list(CHARACTERS))
@pytest.mark.parametrize("fmt", list(OXIGRAPH_FORMATS))
@pytest.mark.parametrize("writer", ["reference", "fast"])
def test_every_writer_round_trips_every_character(name: str, fmt: str, writer: str) -> None:
    character = CHARACTERS[name]
    graph = sample(character)

    def write() -> bytes:
        if writer == "reference":
            return serialize(graph, fmt)
        namespaces = tuple((p, str(n)) for p, n in graph.namespaces())
        return OxigraphExporter().dump(oxigraph_store(graph), fmt, namespaces)

    if fmt == "xml" and character in NOT_IN_XML:
        with pytest.raises(OutputError, match=f"U\\+{ord(character):04X} is not allowed in XML"):
            write()
        return
    content = write()
    if fmt == "nt":
        assert content.count(b"\n") == len(graph), "one triple a line"
    assert isomorphic(read_back(content, fmt), graph)


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
@pytest.mark.parametrize("name", ["line-separator", "next-line", "carriage-return", "tab"])
@pytest.mark.parametrize(("fmt", "syntax"), [("nt", "ntriples"), ("xml", "rdfxml")])
def test_rapper_reads_what_we_write(name: str, fmt: str, syntax: str) -> None:
    graph = sample(CHARACTERS[name])
    done = subprocess.run(
        ["rapper", "-q", "-i", syntax, "-o", "ntriples", "-", "https://example.org/"],
        input=serialize(graph, fmt),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert isomorphic(read_back(done.stdout, "nt"), graph)


def test_export_of_a_literal_xml_cannot_hold_names_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        ["export", str(HOSTILE / "literal-vertical-tab.ttl"), "--format", "xml"], capsys
    )
    assert code == 3 and out == ""
    assert "RDF/XML cannot hold the value 'one\\x0btwo': U+000B is not allowed in XML 1.0" in err


def test_exported_ntriples_with_a_line_separator_parse_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.nt"
    source = HOSTILE / "literal-line-separator.ttl"
    code, _, err = run(["export", str(source), "--format", "nt", "-o", str(output)], capsys)
    assert code == 0, err
    read = {
        (q.subject.value, q.object.value)
        for q in pyoxigraph.parse(output.read_bytes(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    }
    assert ("https://example.org/s", "one\u2028two") in read


@pytest.mark.parametrize("command", ["reason", "export"])
@pytest.mark.parametrize("how", ["same", "relative", "hard-link", "symlink"])
def test_the_output_is_never_an_input(
    command: str,
    how: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = tmp_path / "x.ttl"
    content = b"<https://example.org/s> <https://example.org/p> <https://example.org/o> .\n"
    source.write_bytes(content)
    monkeypatch.chdir(tmp_path)
    output = {
        "same": source,
        "relative": Path("./x.ttl"),
        "hard-link": tmp_path / "hard.ttl",
        "symlink": tmp_path / "link.ttl",
    }[how]
    if how == "hard-link":
        output.hardlink_to(source)
    if how == "symlink":
        output.symlink_to(source)
    code, _, err = run([command, str(source), "-o", str(output)], capsys)
    assert code == 2
    assert "is also an input" in err
    assert source.read_bytes() == content


# --- finding 5: links ----------------------------------------------------------------------------

NOT_WEB = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "JAVASCRIPT:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "http:evil.example",
    "http:/evil.example",
    "http:\\\\evil.example",
    "https://",
    "https:// evil.example",
    "mailto:a@example.org",
    "file:///etc/passwd",
    "ftp://example.org/x",
    "http://[::1",
]


@pytest.mark.parametrize("target", NOT_WEB)
def test_only_web_addresses_are_links(target: str) -> None:
    assert not is_web_link(target)


@pytest.mark.parametrize(
    "target",
    ["http://www.wikidata.org/entity/Q209", "https://ror.org/059yhyy33", "HTTPS://Example.org/"],
)
def test_web_addresses_are_links(target: str) -> None:
    assert is_web_link(target)


class Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(v or "" for k, v in attrs if k == "href")


def test_a_javascript_link_out_is_shown_as_text(tmp_path: Path) -> None:
    pytest.importorskip("jinja2")
    from isecg_kg.site import Site, entity_pages

    graph = Graph()
    graph.add((JAXA, RDF.type, URIRef("https://w3id.org/isecg-kg/ontology#SpaceAgency")))
    graph.add((JAXA, RDFS.label, Literal("JAXA", lang="en")))
    graph.add((JAXA, RDFS.label, Literal("宇宙航空研究開発機構", lang="ja")))
    targets = ["javascript:alert(1)", "data:text/html,x", " JaVaScRiPt:alert(1)"]
    for target in targets:
        graph.add((JAXA, SKOS.exactMatch, URIRef(target)))
    graph.add((JAXA, SKOS.closeMatch, URIRef("http://www.wikidata.org/entity/Q209")))
    site = Site(tmp_path, graph)
    entity_pages(site)
    page = (tmp_path / "id" / "agency" / "jaxa.html").read_text(encoding="utf-8")
    anchors = Anchors()
    anchors.feed(page)
    assert "http://www.wikidata.org/entity/Q209" in anchors.hrefs
    assert not [h for h in anchors.hrefs if ":" in h and not h.startswith("http")]
    for target in targets:
        assert f'<code class="not-a-link">{target}</code>' in page


def test_no_page_is_written_with_a_link_that_runs_code(tmp_path: Path) -> None:
    pytest.importorskip("jinja2")
    from isecg_kg.site import Site

    site = Site(tmp_path, Graph())
    hrefs = ("javascript:alert(1)", " data:text/html,x", "vbscript:x", "//evil.example/")
    for href in (*hrefs, "javascript&#58;alert(1)", "&#x6A;avascript:alert(1)"):
        with pytest.raises(InputError, match="is not a web address"):
            site.put("page.html", f'<p><a href="{href}">x</a></p>'.encode())
    assert not (tmp_path / "page.html").exists()
    assert unsafe_links('<a href="../id/x.html">x</a><a href="?lang=en">y</a><a href="#z">') == []


def test_validate_flags_links_out_that_are_not_web_addresses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["validate", str(HOSTILE / "link-javascript.ttl")], capsys)
    assert code == 1
    flagged = [block for block in out.split("Violation: ") if "qa:link-not-web" in block]
    values = sorted(
        line.split("value:", 1)[1].strip()
        for b in flagged
        for line in b.splitlines()
        if "value:" in line
    )
    assert values == [
        "<JaVaScRiPt:alert(2)>",
        "<data:text/html,%3Cscript%3Ealert(1)%3C/script%3E>",
        "<javascript:alert(1)>",
    ]


def test_the_link_check_reads_an_oxigraph_store_too() -> None:
    from isecg_kg.validate import _links_not_web

    graph = parse_files([HOSTILE / "link-javascript.ttl"])
    from_graph = _links_not_web(graph)
    from_store = _links_not_web(oxigraph_store(graph))
    assert len(from_graph) == 3 and from_graph == from_store


# --- finding 6: the cache ------------------------------------------------------------------------


def test_the_cache_holds_no_pickle_and_checks_its_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from isecg_kg.cache import key

    cache = tmp_path / "cache"
    monkeypatch.setenv("ISECG_KG_CACHE_DIR", str(cache))
    argv = ["query", "agencies", "--format", "csv"]
    code, packaged, err = run(argv, capsys)
    assert code == 0, err
    assert "JAXA" in packaged
    name = key(resources.graph_files())
    [entry] = cache.iterdir()
    assert entry.name == f"graph-{name}.nt"
    content = entry.read_bytes()
    assert not content.startswith(b"\x80")  # no pickle

    # A changed label with the header left alone: the checksum no longer matches.
    poisoned = content.replace(b'"JAXA"', b'"PWNED"')
    assert poisoned != content
    entry.write_bytes(poisoned)
    assert run(argv, capsys)[1] == packaged
    # The same change with a recomputed checksum but another key: not this entry.
    header, _, triples = poisoned.partition(b"\n")
    fields = json.loads(header.removeprefix(b"# isecg-kg cache "))
    fields.update(key="0" * 32, sha256=hashlib.sha256(triples).hexdigest())
    entry.write_bytes(b"# isecg-kg cache " + json.dumps(fields).encode() + b"\n" + triples)
    assert run(argv, capsys)[1] == packaged
    # The right key and checksum, in a file others may write (planted through a shared folder).
    fields.update(key=name)
    entry.write_bytes(b"# isecg-kg cache " + json.dumps(fields).encode() + b"\n" + triples)
    entry.chmod(0o666)
    assert run(argv, capsys)[1] == packaged
    assert entry.stat().st_mode & 0o777 == 0o600  # rebuilt, for this user only
    # The limit: this user, who can change the installed package too, can also change its cache.
    entry.write_bytes(b"# isecg-kg cache " + json.dumps(fields).encode() + b"\n" + triples)
    entry.chmod(0o600)
    assert "PWNED" in run(argv, capsys)[1]
    # Truncated.
    entry.write_bytes(content[: len(content) // 2])
    assert run(argv, capsys)[1] == packaged
    # A pickle that would run code, under the new name and under the old one.
    ran = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, ...]:
            return (Path.touch, (ran,))

    for path in (entry, cache / f"graph-{name}.pickle"):
        path.write_bytes(pickle.dumps(Payload()))
        assert run(argv, capsys)[1] == packaged
    assert not ran.exists()
    rebuilt = entry.read_bytes()  # the same triples (blank node labels are new)
    assert rebuilt.startswith(b"# isecg-kg cache ") and len(rebuilt) == len(content)


@settings(max_examples=examples(300), deadline=None)
@given(st.characters(codec=None, exclude_categories=()))
def test_the_xml_check_refuses_exactly_what_an_xml_parser_refuses(character: str) -> None:
    """Against expat, not against our own reading of the Char production: a character passes
    check_xml_safe exactly when a document holding it as a character reference is well-formed."""
    try:
        ET.fromstring(f"<a>&#{ord(character)};</a>")
        parsable = True
    except ET.ParseError:
        parsable = False
    if parsable:
        check_xml_safe([f"x{character}y"])
    else:
        with pytest.raises(OutputError, match=f"U\\+{ord(character):04X} is not allowed"):
            check_xml_safe([f"x{character}y"])


@settings(max_examples=examples(150), deadline=None)
@given(st.characters(codec=None, exclude_categories=("Cs",)))
def test_the_fast_xml_export_refuses_what_check_xml_safe_refuses(character: str) -> None:
    """The Oxigraph exporter searches its RDF/XML document once instead of every term: the
    same characters refused, with check_xml_safe's message naming the value."""
    from isecg_kg.pipeline import OxigraphExporter

    store = pyoxigraph.Store()
    subject, predicate = (
        pyoxigraph.NamedNode("https://e.org/s"),
        pyoxigraph.NamedNode("https://e.org/p"),
    )
    store.add(pyoxigraph.Quad(subject, predicate, pyoxigraph.Literal(f"x{character}y")))
    try:
        check_xml_safe([f"x{character}y"])
    except OutputError as error:
        with pytest.raises(OutputError, match=re.escape(str(error))):
            OxigraphExporter().dump(store, "xml", ())
    else:
        assert OxigraphExporter().dump(store, "xml", ())


@pytest.mark.parametrize("character", ["\x01", "\x0b", "\x1f", "\ufffe", "\uffff"])
def test_the_fast_xml_export_names_a_value_xml_cannot_hold(character: str) -> None:
    from isecg_kg.pipeline import OxigraphExporter

    store = pyoxigraph.Store()
    subject, predicate = (
        pyoxigraph.NamedNode("https://e.org/s"),
        pyoxigraph.NamedNode("https://e.org/p"),
    )
    store.add(
        pyoxigraph.Quad(subject, predicate, pyoxigraph.Literal(f"x{character}y", language="en"))
    )
    with pytest.raises(OutputError, match=f"U\\+{ord(character):04X} is not allowed in XML 1.0"):
        OxigraphExporter().dump(store, "xml", ())
