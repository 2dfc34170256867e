"""Lexical forms of XSD literals checked against their datatype's lexical space (XSD 1.1 Part 2).

A parser that follows the Turtle grammar still accepts `"maybe"^^xsd:boolean` or
`"1_000"^^xsd:integer`; rdflib then turns them into false and 1000 without a word. Here each
literal of an XSD datatype is matched against the grammar of its lexical space (ASCII digits
only: full-width digits are not XSD digits), integer subtypes against their value range, and
dates against the calendar, the types derived from xsd:string against their white-space and
name rules (a tab in xsd:normalizedString, `"1 two"^^xsd:NCName`), xsd:base64Binary against its
grammar and rdf:XMLLiteral for well-balanced XML. Numbers and dates longer than MAX_LENGTH are
refused before any regular expression or number conversion runs, so a megabyte of digits costs
nothing.

A valid value that Python cannot represent (year 0 or 10000, a year BCE, 24:00:00) is kept as a
typed literal without a Python value: isecg_kg.load silences rdflib's conversion warnings for it.
"""

from __future__ import annotations

import functools
import re
from calendar import monthrange
from xml.parsers import expat

XSD = "http://www.w3.org/2001/XMLSchema#"
XML_LITERAL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral"
MAX_LENGTH = 1000
"""Longest lexical form accepted for a number, date or time (a string may be any length)."""

_YEAR = r"-?(?:[1-9][0-9]{3,}|0[0-9]{3})"
_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12][0-9]|3[01])"
_TIME = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"
_DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_TZ_REQUIRED = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_TZ = _TZ_REQUIRED + "?"
_DURATION = (
    r"-?P(?=[0-9T])(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+D)?"
    r"(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?)?"
)

_PATTERNS = {
    "boolean": r"true|false|1|0",
    "decimal": _DECIMAL,
    "integer": r"[+-]?[0-9]+",
    "double": _DECIMAL + r"(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN",
    "date": f"{_YEAR}-{_MONTH}-{_DAY}{_TZ}",
    "dateTime": f"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_TZ}",
    "dateTimeStamp": f"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_TZ_REQUIRED}",
    "time": f"{_TIME}{_TZ}",
    "gYear": f"{_YEAR}{_TZ}",
    "gYearMonth": f"{_YEAR}-{_MONTH}{_TZ}",
    "gMonth": f"--{_MONTH}{_TZ}",
    "gDay": f"---{_DAY}{_TZ}",
    "gMonthDay": f"--{_MONTH}-{_DAY}{_TZ}",
    "duration": _DURATION,
    "yearMonthDuration": r"-?P(?=[0-9])(?:[0-9]+Y)?(?:[0-9]+M)?",
    "dayTimeDuration": (
        r"-?P(?=[0-9T])(?:[0-9]+D)?(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?)?"
    ),
    "hexBinary": r"(?:[0-9a-fA-F]{2})*",
}
_PATTERNS["float"] = _PATTERNS["double"]


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """Compiled on first use: compiling every pattern (the Name classes span most of Unicode)
    cost 70 ms of each process's start, most of which never meets those datatypes."""
    return re.compile(pattern)


# Integer subtypes: inclusive bounds (None: unbounded).
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-(2**7), 2**7 - 1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
}
_DATED = {"date", "dateTime", "dateTimeStamp", "gMonthDay"}
# XML 1.0's Char production: tab, newline, carriage return and the rest above U+001F but the
# surrogates, U+FFFE and U+FFFF. Nothing else can stand in a well-formed document, not even as a
# character reference: strings here, RDF/XML in export. One compiled class (a Python loop over
# every character cost a build 0.7 s), written as what is excluded: the class of what is allowed
# (up to U+10FFFF) took 9 ms to compile at every start.
NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_STRINGS = {"string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN"}
_STRINGS |= {"ID", "IDREF", "ENTITY", "anyURI", "QName", "NOTATION", "base64Binary"}
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*")
# XML 1.0 (5th ed.) NameStartChar and NameChar, which xsd:Name, NCName and NMTOKEN are made of.
_START = (
    ":A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHAR = _START + "\\-.0-9\u00b7\u0300-\u036f\u203f\u2040"
_NCSTART, _NCCHAR = _START.replace(":", ""), _CHAR.replace(":", "")
_NCNAME = f"[{_NCSTART}][{_NCCHAR}]*"
_NAMES = {
    "Name": f"[{_START}][{_CHAR}]*",
    "NMTOKEN": f"[{_CHAR}]+",
    "NCName": _NCNAME,
    "ID": _NCNAME,
    "IDREF": _NCNAME,
    "ENTITY": _NCNAME,
    "QName": f"{_NCNAME}(?::{_NCNAME})?",
}
# base64Binary (XSD 1.1 3.3.16): groups of four characters, padding at the end only, single spaces
# allowed between characters; checked without its spaces by one regular expression with no nesting.
_B64 = "[A-Za-z0-9+/]"
_BASE64 = re.compile(f"(?:{_B64}{{4}})*(?:{_B64}{{2}}[AEIMQUYcgkosw048]=|{_B64}[AQgw]==)?")
KNOWN = set(_PATTERNS) | set(_INTEGER_RANGES) | _STRINGS | {"anySimpleType", "anyAtomicType"}


def problem(lexical: str, datatype: str) -> str | None:
    """Why `lexical` is not in the lexical space of `datatype`, or None when it is (or unknown).

    Only XSD datatypes are checked; a datatype of another namespace is left to its own rules.
    """
    if datatype == XML_LITERAL:
        return _xml_problem(lexical)
    if not datatype.startswith(XSD):
        return None
    name = datatype[len(XSD) :]
    if name not in KNOWN:
        return f"xsd:{name} is not an XSD datatype"
    if name in _STRINGS:
        bad = NOT_XML_CHAR.search(lexical)
        if bad:
            return f"character U+{ord(bad.group()):04X} is not allowed in xsd:{name}"
        return _string_problem(lexical, name)
    if name in ("anySimpleType", "anyAtomicType"):
        return None
    if len(lexical) > MAX_LENGTH:
        return f"lexical form of {len(lexical)} characters is longer than the {MAX_LENGTH} allowed"
    if name in _INTEGER_RANGES:
        if not _compiled(_PATTERNS["integer"]).fullmatch(lexical):
            return f"not a valid xsd:{name} (digits 0-9 with an optional sign)"
        low, high = _INTEGER_RANGES[name]
        value = int(lexical)
        if (low is not None and value < low) or (high is not None and value > high):
            return f"{lexical} is out of the range of xsd:{name}"
        return None
    if not _compiled(_PATTERNS[name]).fullmatch(lexical):
        return f"not a valid xsd:{name}"
    if name in _DATED and not _calendar_day(lexical, name):
        return f"not a day of the calendar (xsd:{name})"
    return None


def _calendar_day(lexical: str, name: str) -> bool:
    if name == "gMonthDay":
        month, day = int(lexical[2:4]), int(lexical[5:7])
        return day <= (29 if month == 2 else monthrange(2001, month)[1])
    negative = lexical.startswith("-")
    year_text, month_text, rest = lexical.lstrip("-").split("-", 2)
    year = -int(year_text) if negative else int(year_text)
    # XSD 1.1: year 0 is 1 BCE, a leap year; proleptic Gregorian calendar.
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    month, day = int(month_text), int(rest[:2])
    days = 29 if (month == 2 and leap) else monthrange(2001, month)[1]
    return day <= days


def _string_problem(lexical: str, name: str) -> str | None:
    """The whitespace and name rules of the types derived from xsd:string (XSD 1.1 3.4)."""
    if name in ("string", "anyURI", "NOTATION"):
        return None
    if name == "base64Binary":
        spaced = lexical.startswith(" ") or lexical.endswith(" ") or "  " in lexical
        if spaced or not _BASE64.fullmatch(lexical.replace(" ", "")):
            return "not a valid xsd:base64Binary"
        return None
    white = next((c for c in lexical if c in "\t\n\r"), None)
    if white is not None:
        return f"character U+{ord(white):04X} is not allowed in xsd:{name} (white space)"
    if name == "normalizedString":
        return None
    if lexical.startswith(" ") or lexical.endswith(" ") or "  " in lexical:
        return f"leading, trailing or double spaces are not allowed in xsd:{name}"
    if name == "token":
        return None
    if name == "language":
        return None if _LANGUAGE.fullmatch(lexical) else "not a language tag"
    if not _compiled(_NAMES[name]).fullmatch(lexical):
        return f"not a valid xsd:{name}"
    return None


def _xml_problem(lexical: str) -> str | None:
    """rdf:XMLLiteral (RDF 1.1 Concepts 5.1): well-balanced XML content, i.e. what may stand
    between a start tag and its end tag (no DOCTYPE there, so no entity can be declared)."""
    parser = expat.ParserCreate()
    try:
        parser.Parse(f"<x>{lexical}</x>", True)
    except expat.ExpatError as error:
        return f"not well-balanced XML (rdf:XMLLiteral): {expat.ErrorString(error.code)}"
    return None
