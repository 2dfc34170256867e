"""Lexical forms of XSD literals checked against their datatype's lexical space (XSD 1.1 Part 2).

A parser that follows the Turtle grammar still accepts `"maybe"^^xsd:boolean` or
`"1_000"^^xsd:integer`; rdflib then turns them into false and 1000 without a word. Here each
literal of an XSD datatype is matched against the grammar of its lexical space (ASCII digits
only: full-width digits are not XSD digits), integer subtypes against their value range, and
dates against the calendar. Numbers and dates longer than MAX_LENGTH are refused before any
regular expression or number conversion runs, so a megabyte of digits costs nothing.
"""

from __future__ import annotations

import re
from calendar import monthrange

XSD = "http://www.w3.org/2001/XMLSchema#"
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
_COMPILED = {name: re.compile(pattern) for name, pattern in _PATTERNS.items()}

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
# Strings: XML 1.0 Char (no C0 controls but tab, newline, return; no surrogates; no FFFE/FFFF).
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_STRINGS = {"string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN"}
_STRINGS |= {"ID", "IDREF", "ENTITY", "anyURI", "QName", "NOTATION", "base64Binary"}
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*")
KNOWN = set(_PATTERNS) | set(_INTEGER_RANGES) | _STRINGS | {"anySimpleType", "anyAtomicType"}


def problem(lexical: str, datatype: str) -> str | None:
    """Why `lexical` is not in the lexical space of `datatype`, or None when it is (or unknown).

    Only XSD datatypes are checked; a datatype of another namespace is left to its own rules.
    """
    if not datatype.startswith(XSD):
        return None
    name = datatype[len(XSD) :]
    if name not in KNOWN:
        return f"xsd:{name} is not an XSD datatype"
    if name in _STRINGS:
        bad = _NOT_XML_CHAR.search(lexical)
        if bad:
            return f"character U+{ord(bad.group()):04X} is not allowed in xsd:{name}"
        if name == "language" and not _LANGUAGE.fullmatch(lexical):
            return "not a language tag"
        return None
    if name in ("anySimpleType", "anyAtomicType"):
        return None
    if len(lexical) > MAX_LENGTH:
        return f"lexical form of {len(lexical)} characters is longer than the {MAX_LENGTH} allowed"
    if name in _INTEGER_RANGES:
        if not _COMPILED["integer"].fullmatch(lexical):
            return f"not a valid xsd:{name} (digits 0-9 with an optional sign)"
        low, high = _INTEGER_RANGES[name]
        value = int(lexical)
        if (low is not None and value < low) or (high is not None and value > high):
            return f"{lexical} is out of the range of xsd:{name}"
        return None
    if not _COMPILED[name].fullmatch(lexical):
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
