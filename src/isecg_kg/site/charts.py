"""ISECG through time as inline SVG (issue 15): the membership growth and the chairs with the
Global Exploration Roadmap editions. Drawn from stored query answers and the graph, with what the
sources only bound drawn as such (hatched ranges, dashed outlines), never as a point. Plain SVG
text: no script, no dependency; the text in the pictures is language-neutral (acronyms, dates,
numbers) and the page gives the bilingual legend."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from html import escape

from rdflib import Graph, URIRef
from rdflib.term import Node

ISECG = "https://w3id.org/isecg-kg/ontology#"
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
WIDTH = 360  # the viewBox width: one unit is about one CSS pixel on a 390 px phone
HATCH = "M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5"


def value_bounds(lexical: str) -> tuple[date, date]:
    """The first and last day an xsd:date, xsd:gYearMonth or xsd:gYear value can mean."""
    parts = [int(p) for p in lexical.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
    return date(*parts), date(*parts)


def instant_bounds(g: Graph, instant: Node | None) -> tuple[date, date] | None:
    """The first and last day an OWL-Time instant can be: its own date, month or year, or the
    interval it is isecg:knownWithin; None when the data says nothing."""
    if instant is None:
        return None
    for name in ("inXSDDate", "inXSDgYearMonth", "inXSDgYear"):
        value = g.value(instant, URIRef(TIME + name))
        if value is not None:
            return value_bounds(str(value))
    window = g.value(instant, URIRef(ISECG + "knownWithin"))
    if window is None:
        return None
    start = instant_bounds(g, g.value(window, URIRef(TIME + "hasBeginning")))
    end = instant_bounds(g, g.value(window, URIRef(TIME + "hasEnd")))
    return (start[0], end[1]) if start and end else None


def year_of(day: date) -> float:
    """A day as a fractional year, for the time axis."""
    days = 366 if calendar.isleap(day.year) else 365
    return day.year + (day.timetuple().tm_yday - 1) / days


def svg_open(height: float, label: str, pattern: str) -> list[str]:
    return [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
        f'<defs><pattern id="{pattern}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<path d="{HATCH}" stroke="currentColor" stroke-width="1.2"/></pattern></defs>',
    ]


# ---------------------------------------------------------------------------------------------
# Membership growth


@dataclass
class Join:
    """One step of the growth: the agencies whose start the sources put in the same bounds."""

    joined_from: str
    joined_by: str
    acronyms: list[str]
    certain: int
    possible: int
    conflicts: list[tuple[str, str]]  # (en, ja) labels of conflicting-sources records

    @property
    def when(self) -> str:
        if self.joined_from == self.joined_by:
            return self.joined_from
        year = self.joined_from[:4]
        if self.joined_from == f"{year}-01-01" and self.joined_by == f"{year}-12-31":
            return year
        return f"{self.joined_from} – {self.joined_by}"

    @property
    def bounded(self) -> bool:
        return self.joined_from != self.joined_by


def conflicting_records(g: Graph) -> dict[str, list[tuple[str, str]]]:
    """The agencies (by acronym) whose membership carries a record of conflicting sources."""
    found: dict[str, list[tuple[str, str]]] = {}
    for membership, record in g.subject_objects(URIRef(ISECG + "uncertaintyRecord")):
        if (
            record,
            URIRef(ISECG + "uncertaintyKind"),
            URIRef(ISECG + "ConflictingSources"),
        ) not in g:
            continue
        agency = g.value(membership, URIRef(ORG + "member"))
        acronym = g.value(agency, URIRef(ISECG + "acronym"))
        if acronym is None or (membership, URIRef(ORG + "organization"), None) not in g:
            continue
        labels = {
            lang: str(text)
            for text in g.objects(record, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
            for lang in ("en", "ja")
            if getattr(text, "language", None) == lang
        }
        found.setdefault(str(acronym), []).append((labels.get("en", ""), labels.get("ja", "")))
    return found


def joins(
    rows: list[tuple[object, ...]], conflicts: dict[str, list[tuple[str, str]]]
) -> list[Join]:
    """The membership-growth answer (joined_from, joined_by, acronym, certain_after,
    possible_after) grouped into steps, in the query's order."""
    steps: dict[tuple[str, str], Join] = {}
    for joined_from, joined_by, acronym, certain, possible in rows:
        key = (str(joined_from), str(joined_by))
        step = steps.setdefault(key, Join(*key, [], int(str(certain)), int(str(possible)), []))
        step.acronyms.append(str(acronym))
        step.conflicts.extend(conflicts.get(str(acronym), []))
    return list(steps.values())


def wrap(words: list[str], width: int) -> list[str]:
    """Acronyms joined by commas in lines of at most `width` characters."""
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + len(word) + 2 <= width:
            lines[-1] += ", " + word
        else:
            lines.append(word)
    return [line + ("," if i < len(lines) - 1 else "") for i, line in enumerate(lines)]


def growth_svg(steps: list[Join]) -> str:
    """One row per step: when (a date, a year or a range), who, and a bar of the members after
    it: solid up to those certainly in, hatched up to those possibly in; a dashed outline where
    the date is known only within bounds, a ! where the sources disagree."""
    most = max(s.possible for s in steps)
    unit = (WIDTH - 60) / most
    rows, y = [], 4.0
    for step in steps:
        lines = wrap(step.acronyms, 52)
        top = y + 12 * (len(lines) + 1)
        solid = step.certain * unit
        extra = (step.possible - step.certain) * unit
        count = (
            str(step.certain)
            if step.certain == step.possible
            else f"{step.certain}–{step.possible}"
        )
        attrs = (
            f'class="join{" bounded" if step.bounded else ""}" data-from="{step.joined_from}" '
            f'data-by="{step.joined_by}" data-certain="{step.certain}" '
            f'data-possible="{step.possible}" data-members="{escape(",".join(step.acronyms))}"'
        )
        parts = [
            f"<g {attrs}>",
            f'<text class="when" x="0" y="{y + 10:.1f}">{escape(step.when)}</text>',
        ]
        parts += [
            f'<text class="who" x="0" y="{y + 22 + 12 * i:.1f}">{escape(line)}</text>'
            for i, line in enumerate(lines)
        ]
        parts.append(f'<rect class="certain" x="0" y="{top:.1f}" width="{solid:.1f}" height="12"/>')
        if extra:
            parts.append(
                f'<rect class="possible" x="{solid:.1f}" y="{top:.1f}" width="{extra:.1f}" '
                'height="12" fill="url(#hatch-growth)"/>'
            )
        if step.bounded:
            parts.append(
                f'<rect class="range-outline" x="0" y="{top:.1f}" width="{solid + extra:.1f}" '
                'height="12" fill="none" stroke-dasharray="3 2"/>'
            )
        x = solid + extra + 4
        parts.append(f'<text class="count" x="{x:.1f}" y="{top + 10:.1f}">{count}</text>')
        if step.conflicts:
            titles = "; ".join(f"{en} / {ja}" for en, ja in step.conflicts)
            parts.append(
                f'<text class="conflict" x="{x + 8 * len(count) + 4:.1f}" y="{top + 10:.1f}">'
                f"<title>{escape(titles)}</title>!</text>"
            )
        parts.append("</g>")
        rows.append("".join(parts))
        y = top + 20
    head = svg_open(y, "ISECG membership growth / ISECG参加機関数の推移", "hatch-growth")
    return "\n".join([*head, *rows, "</svg>"])


# ---------------------------------------------------------------------------------------------
# Chairs and the GER editions


@dataclass
class Chair:
    position: int
    acronym: str
    began: tuple[date, date]
    ended: tuple[date, date] | None  # None: no end recorded


def chairs_of(g: Graph) -> list[Chair]:
    """Every chairmanship of the graph with the bounds of its start and end."""
    chairs = []
    for chair in g.subjects(URIRef(ISECG + "chairOrder"), None):
        interval = g.value(chair, URIRef(ORG + "memberDuring"))
        began = instant_bounds(g, g.value(interval, URIRef(TIME + "hasBeginning")))
        if began is None:
            continue
        ended = instant_bounds(g, g.value(interval, URIRef(TIME + "hasEnd")))
        agency = g.value(chair, URIRef(ORG + "member"))
        chairs.append(
            Chair(
                int(g.value(chair, URIRef(ISECG + "chairOrder"))),
                str(g.value(agency, URIRef(ISECG + "acronym"))),
                began,
                ended,
            )
        )
    return sorted(chairs, key=lambda c: c.position)


@dataclass
class Edition:
    number: int
    issued: str
    en: str
    ja: str
    introduces: list[tuple[str, str]]


def editions(rows: list[dict[str, str]], labels_ja: dict[str, str]) -> list[Edition]:
    """The ger-editions answer (one row per edition and feature) as editions in date order."""
    found: dict[str, Edition] = {}
    for row in rows:
        edition = found.setdefault(
            row["edition_en"],
            Edition(
                len(found) + 1,
                row["issued"],
                row["edition_en"],
                labels_ja.get(row["edition_en"], row["edition_en"]),
                [],
            ),
        )
        edition.introduces.append((row["introduces_en"], row["introduces_ja"]))
    return list(found.values())


def chairs_svg(chairs: list[Chair], issued: list[tuple[int, str]]) -> str:
    """A row per chair on a time axis from 2010 to the year after the last date drawn: solid
    where the chair is certain, hatched over the bounds of a hand-over, an arrow where no end is
    recorded; the GER editions as numbered marks over the rows (a dashed band over a year where
    only the year is known)."""
    last = max(
        [c.began[1] for c in chairs]
        + [c.ended[1] for c in chairs if c.ended]
        + [value_bounds(value)[1] for _, value in issued]
    )
    left, start, end = 62.0, 2010.0, float(last.year + 1)
    scale = (WIDTH - left - 8) / (end - start)

    def x(day: date) -> float:
        return left + (year_of(day) - start) * scale

    row_h, top = 22.0, 30.0
    bottom = top + row_h * len(chairs)
    parts = []
    for year in range(int(start), int(end) + 1):
        px = left + (year - start) * scale
        parts.append(
            f'<line class="tick" x1="{px:.1f}" y1="{top - 4}" x2="{px:.1f}" y2="{bottom}"/>'
        )
        if year % 2 == 0:
            parts.append(
                f'<text class="year" x="{px:.1f}" y="{bottom + 12:.1f}" text-anchor="middle">'
                f"{year}</text>"
            )
    for number, value in issued:
        lo, hi = value_bounds(value)
        a, b = x(lo), x(hi)
        mid = (a + b) / 2
        attrs = f'class="edition" data-number="{number}" data-issued="{value}"'
        shape = (
            f'<rect class="edition-year" x="{a:.1f}" y="{top - 4}" width="{b - a:.1f}" '
            f'height="{bottom - top + 4:.1f}" fill="none" stroke-dasharray="2 2"/>'
            if len(value) == 4
            else f'<line class="edition-line" x1="{mid:.1f}" y1="{top - 4}" x2="{mid:.1f}" '
            f'y2="{bottom:.1f}" stroke-dasharray="2 2"/>'
        )
        parts.append(
            f"<g {attrs}>{shape}"
            f'<circle cx="{mid:.1f}" cy="{top - 14}" r="7"/>'
            f'<text class="edition-number" x="{mid:.1f}" y="{top - 10.5}" text-anchor="middle">'
            f"{number}</text><title>GER {number}: {value}</title></g>"
        )
    for i, chair in enumerate(chairs):
        y = top + row_h * i + 5
        attrs = (
            f'class="chair" data-position="{chair.position}" '
            f'data-acronym="{escape(chair.acronym)}" '
            f'data-began-from="{chair.began[0]}" data-began-by="{chair.began[1]}" '
            f'data-ended-from="{chair.ended[0] if chair.ended else ""}" '
            f'data-ended-by="{chair.ended[1] if chair.ended else ""}"'
        )
        row = [
            f"<g {attrs}>",
            f'<text class="who" x="0" y="{y + 10:.1f}">'
            f"{chair.position} {escape(chair.acronym)}</text>",
        ]
        solid_from = x(chair.began[1])
        solid_to = x(chair.ended[0]) if chair.ended else left + (end - start) * scale - 10
        if solid_to > solid_from:
            row.append(
                f'<rect class="held" x="{solid_from:.1f}" y="{y:.1f}" '
                f'width="{solid_to - solid_from:.1f}" height="12"/>'
            )
        for kind, bounds in (("handover", chair.began), ("handover", chair.ended)):
            if bounds and bounds[1] > bounds[0]:
                a, b = x(bounds[0]), x(bounds[1])
                row.append(
                    f'<rect class="{kind}" x="{a:.1f}" y="{y:.1f}" width="{max(b - a, 1):.1f}" '
                    'height="12" fill="url(#hatch-chairs)"/>'
                )
        if chair.ended is None:
            row.append(f'<text class="open-end" x="{solid_to + 1:.1f}" y="{y + 10:.1f}">→</text>')
        row.append("</g>")
        parts.append("".join(row))
    head = svg_open(
        bottom + 18, "ISECG chairs and GER editions / ISECG議長とGER各版", "hatch-chairs"
    )
    return "\n".join([*head, *parts, "</svg>"])
