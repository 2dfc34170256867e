"""Strict input: what the W3C grammars reject and ill-typed XSD literals are exit 2, located.

Each case of issue #9's first list is here, through the command line, with its exit code and a
fragment of its message; rdflib alone accepted every one of them with exit 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from isecg_kg.cli import main
from isecg_kg.lexical import MAX_LENGTH, problem
from isecg_kg.load import parse_turtle

HEAD = (
    "@prefix ex: <http://example.org/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix isecg: <https://w3id.org/isecg-kg/ontology#> .\n"
)


def validate_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, name: str = "input.ttl"
) -> tuple[int, str, Path]:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    code = main(["validate", str(path)])
    return code, capsys.readouterr().err, path


@pytest.mark.parametrize(
    ("body", "column", "fragment"),
    [
        # rdflib stored this as "12.3"^^xsd:decimal
        ("ex:a ex:b 12.3.4 .\n", 15, "bad syntax: .4 is not a valid subject"),
        ('"x" ex:b ex:c .\n', 1, 'bad syntax: "x" is not a valid subject'),
        ('ex:a "p" ex:c .\n', 6, "bad syntax"),
        ("ex:a _:p ex:c .\n", 6, "_:p is not a valid predicate"),
        ("ex:a ex:b ex:c!ex:d .\n", 15, "bad syntax: ! is not a valid"),
        ("ex:a ex:b ex:c^ex:d .\n", 15, "bad syntax"),
        ('ex:a ex:b "\\uD800" .\n', 12, "not a valid unicode character"),
        # rdflib dropped the language tag
        ('ex:a ex:b "x"@en^^xsd:string .\n', 17, "bad syntax: ^^"),
        ("{ ex:a ex:b ex:c } ex:d ex:e .\n", 1, "bad syntax"),
    ],
    ids=[
        "12.3.4",
        "literal-subject",
        "literal-predicate",
        "blank-node-predicate",
        "n3-path",
        "n3-reverse-path",
        "lone-surrogate",
        "language-and-datatype",
        "n3-formula",
    ],
)
def test_what_the_turtle_grammar_rejects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, column: int, fragment: str
) -> None:
    code, err, path = validate_text(tmp_path, capsys, body)
    assert code == 2, err
    assert err.startswith(f"error: {path}:4:{column}: "), err
    assert fragment in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ('ex:a ex:b "maybe"^^xsd:boolean .\n', '"maybe": not a valid xsd:boolean'),
        ('ex:a ex:b "1_000"^^xsd:integer .\n', '"1_000": not a valid xsd:integer'),
        ('ex:a ex:b "１２"^^xsd:integer .\n', 'ill-typed literal "１２": not a valid xsd:integer'),
        ('ex:a ex:b "5.5.5"^^xsd:integer .\n', "not a valid xsd:integer"),
        ('ex:a ex:b "1e999999999"^^xsd:decimal .\n', "not a valid xsd:decimal"),
        ('ex:a ex:b "0x10"^^xsd:double .\n', "not a valid xsd:double"),
        ('ex:a ex:b "2015-02-29"^^xsd:date .\n', "not a day of the calendar"),
        ('ex:a ex:b "2015-13"^^xsd:gYearMonth .\n', "not a valid xsd:gYearMonth"),
        ('ex:a ex:b "15"^^xsd:gYear .\n', "not a valid xsd:gYear"),
        ('ex:a ex:b "2015-01-01T25:00:00"^^xsd:dateTime .\n', "not a valid xsd:dateTime"),
        ('ex:a ex:b "300"^^xsd:unsignedByte .\n', "out of the range of xsd:unsignedByte"),
        ('ex:a ex:b "-1"^^xsd:nonNegativeInteger .\n', "out of the range"),
        ('ex:a ex:b "1"^^xsd:integr .\n', "xsd:integr is not an XSD datatype"),
        ('ex:a ex:b "a\u0001b"^^xsd:string .\n', '"a\\u0001b": character U+0001 is not'),
        ('ex:a isecg:order "fifteen"^^xsd:integer .\n', 'ill-typed literal "fifteen"'),
    ],
)
def test_ill_typed_literals_are_located_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, fragment: str
) -> None:
    code, err, path = validate_text(tmp_path, capsys, "# a comment line\n" + body)
    assert code == 2, err
    column = body.index('"') + 1
    assert err.startswith(f"error: {path}:5:{column}: "), err
    assert fragment in err


def test_huge_lexical_forms_are_refused_before_any_conversion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    digits = "9" * 1_000_000  # Python's int() refuses this many digits; nothing here calls it
    code, err, path = validate_text(tmp_path, capsys, f'ex:a ex:b "{digits}"^^xsd:integer .\n')
    assert code == 2
    assert err.startswith(f"error: {path}:4:11: ")
    assert f"lexical form of 1000000 characters is longer than the {MAX_LENGTH} allowed" in err
    assert len(err) < 500  # the value is cut short in the message
    code, err, _ = validate_text(tmp_path, capsys, f"ex:a ex:b {digits} .\n", "bare.ttl")
    assert code == 2 and "longer than the" in err


def test_the_first_ill_typed_literal_is_named_and_the_others_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = 'ex:a ex:b "no"^^xsd:boolean .\nex:a ex:c "x"^^xsd:integer .\n'
    code, err, path = validate_text(tmp_path, capsys, body)
    assert code == 2
    assert err.startswith(f'error: {path}:4:11: ill-typed literal "no"')
    assert "(and 1 more ill-typed literal(s))" in err


def test_n_triples_files_are_read_with_the_n_triples_grammar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "input.nt"
    # Turtle, but not N-Triples: prefixed names are not allowed there
    path.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert f"error: {path}:1:" in capsys.readouterr().err


def test_lexical_forms_are_kept_exactly(tmp_path: Path) -> None:
    path = tmp_path / "forms.ttl"
    path.write_text(
        HEAD + 'ex:a ex:b "01"^^xsd:integer, "0.95"^^xsd:double, 1.50, 2E3, true, "x"@en-GB .\n',
        encoding="utf-8",
    )
    objects = set(parse_turtle(path).objects(URIRef("http://example.org/a")))
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert {(str(o), str(o.datatype) if o.datatype else o.language) for o in objects} == {
        ("01", xsd + "integer"),
        ("0.95", xsd + "double"),
        ("1.50", xsd + "decimal"),
        ("2E3", xsd + "double"),
        ("true", xsd + "boolean"),
        ("x", "en-gb"),
    }


def test_blank_node_labels_are_local_to_each_file(tmp_path: Path) -> None:
    from isecg_kg.load import parse_files

    for name in ("one.ttl", "two.ttl"):
        (tmp_path / name).write_text("_:b1 <http://example.org/p> 1 .\n", encoding="utf-8")
    graph = parse_files([tmp_path / "one.ttl", tmp_path / "two.ttl"])
    assert len(set(graph.subjects())) == 2


@pytest.mark.parametrize(
    ("lexical", "datatype"),
    [
        ("0.95", "double"),
        ("-INF", "double"),
        ("NaN", "float"),
        (".5e-3", "double"),
        ("+1.", "decimal"),
        ("-0", "nonNegativeInteger"),
        ("2016-02-29", "date"),
        ("2000-02-29Z", "date"),
        ("2010-06", "gYearMonth"),
        ("-0044", "gYear"),
        ("2014-09-30T24:00:00+09:00", "dateTime"),
        ("1", "boolean"),
        ("P1Y2M", "duration"),
        ("---31", "gDay"),
        ("0000-02-29", "date"),
        ("-0044-03-15", "date"),
        ("10000-01-01", "date"),
        ("24:00:00", "time"),
        ("a b", "normalizedString"),
        ("a b", "token"),
        ("en-GB", "language"),
        ("x:y", "Name"),
        ("日本", "NCName"),
        ("-1.a", "NMTOKEN"),
        ("a:b", "QName"),
        ("", "base64Binary"),
        ("QQ==", "base64Binary"),
        ("QQ= =", "base64Binary"),
        ("Q U J D", "base64Binary"),
    ],
)
def test_valid_lexical_forms_pass(lexical: str, datatype: str) -> None:
    assert problem(lexical, "http://www.w3.org/2001/XMLSchema#" + datatype) is None


@pytest.mark.parametrize(
    ("lexical", "datatype"),
    [
        ("1900-02-29", "date"),
        ("2015-04-31", "date"),
        ("--02-30", "gMonthDay"),
        ("P", "duration"),
        ("PT", "duration"),
        ("2", "boolean"),
        ("True", "boolean"),
        (" 1", "integer"),
        ("inf", "double"),
        ("1.", "integer"),
        ("129", "byte"),
        ("1 two", "NCName"),
        ("x:y", "NCName"),
        ("a\tb", "normalizedString"),
        ("a\nb", "token"),
        (" a", "token"),
        ("a  b", "token"),
        ("a ", "token"),
        ("en GB", "language"),
        ("1a", "Name"),
        ("a,b", "NMTOKEN"),
        ("a:b:c", "QName"),
        ("!!!", "base64Binary"),
        ("QUJ", "base64Binary"),
        ("QUJ=", "base64Binary"),
        ("QUJD ", "base64Binary"),
        ("Q  UJD", "base64Binary"),
    ],
)
def test_invalid_lexical_forms_fail(lexical: str, datatype: str) -> None:
    assert problem(lexical, "http://www.w3.org/2001/XMLSchema#" + datatype) is not None


@pytest.mark.parametrize("text", ["<a>", "a & b", "<a></b>", "<!DOCTYPE x>", "&undefined;"])
def test_ill_formed_xml_literals_fail(text: str) -> None:
    assert "not well-balanced XML" in str(
        problem(text, "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral")
    )


@pytest.mark.parametrize("text", ["", "text", "<b>bold</b> &amp; <i/>", "&#x41;"])
def test_well_balanced_xml_literals_pass(text: str) -> None:
    assert problem(text, "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral") is None
