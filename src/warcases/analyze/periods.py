"""Reporting periods of official statistics: "2025", "2025-04", "2025-H1", "2023..2025",
"2025 (11 months)". Each becomes a canonical label plus first and last day, so figures for
the same period line up and a partial year is never taken for a whole one.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_YEAR = r"(?:19|20)\d\d"
_POINT = re.compile(
    rf"^(?P<y>{_YEAR})(?:-(?:(?P<h>H[12])|(?P<q>Q[1-4])|(?P<m>\d\d)(?:-(?P<d>\d\d))?))?$", re.I
)
# "2025 (11 months)", "2025 (11 мес.)", "2025 (11 месяцев)", "2025 (11 ай)"
_PARTIAL = re.compile(
    rf"^(?P<y>{_YEAR})\s*\(\s*(?P<n>\d{{1,2}})\s*(?:months?|мес\w*\.?|ай)\s*\)$", re.I
)
_MONTHS_OF = re.compile(
    rf"^(?P<n>\d{{1,2}})\s*(?:months?\s+of|мес\w*\.?)\s+(?P<y>{_YEAR})(?:\s*(?:года|г\.?))?$", re.I
)
_RANGE = re.compile(r"^(?P<a>[^.–—]+?)\s*(?:\.\.|–|—)\s*(?P<b>[^.–—]+)$")
_YEAR_RANGE = re.compile(rf"^(?P<a>{_YEAR})-(?P<b>{_YEAR})$")

HELP = (
    "write the period as 2025, 2025-04, 2025-04-30, 2025-H1, 2025-Q3, a range 2023..2025 "
    "or 2022-02..2025-12, or a partial year as '2025 (11 months)'"
)


class PeriodError(ValueError):
    """A period cell that cannot be read."""


@dataclass(frozen=True)
class Period:
    label: str  # canonical: "2025", "2025-04", "2022-02..2025-12"
    start: str  # ISO date of the first day
    end: str  # ISO date of the last day
    note: str | None = None  # set when the period is partial: "first 11 months of 2025"


def parse_period(raw: object) -> Period:
    """Read a period cell; raise :class:`PeriodError` saying what is accepted."""
    text = " ".join(str(raw if raw is not None else "").split())
    if isinstance(raw, (int, float)) and float(raw).is_integer():
        text = str(int(raw))
    if not text:
        raise PeriodError(f"the period is empty: {HELP}")
    for pattern in (_PARTIAL, _MONTHS_OF):
        m = pattern.match(text)
        if m:
            return _partial_year(int(m.group("y")), int(m.group("n")), text)
    m = _YEAR_RANGE.match(text) or _RANGE.match(text)
    if m:
        a, b = _point(m.group("a").strip(), text), _point(m.group("b").strip(), text)
        if a.start > b.end:
            raise PeriodError(f"period {text!r} ends before it starts")
        return Period(f"{a.label}..{b.label}", a.start, b.end)
    return _point(text, text)


def _partial_year(year: int, months: int, text: str) -> Period:
    if not 1 <= months <= 12:
        raise PeriodError(f"period {text!r}: a year has 12 months, not {months}")
    if months == 12:
        return Period(str(year), f"{year}-01-01", f"{year}-12-31")
    last = calendar.monthrange(year, months)[1]
    return Period(
        str(year),
        f"{year}-01-01",
        f"{year}-{months:02d}-{last:02d}",
        note=f"partial period: first {months} months of {year} (written {text!r})",
    )


def _point(text: str, whole: str) -> Period:
    m = _POINT.match(text)
    if not m:
        raise PeriodError(f"period {whole!r} not understood: {HELP}")
    year = int(m.group("y"))
    if m.group("h"):
        half = int(m.group("h")[1])
        first, last = (1, 6) if half == 1 else (7, 12)
        return Period(f"{year}-H{half}", f"{year}-{first:02d}-01", _month_end(year, last))
    if m.group("q"):
        q = int(m.group("q")[1])
        first = 3 * (q - 1) + 1
        return Period(f"{year}-Q{q}", f"{year}-{first:02d}-01", _month_end(year, first + 2))
    if m.group("m"):
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            raise PeriodError(f"period {whole!r}: no month {month}")
        if m.group("d"):
            day = int(m.group("d"))
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                raise PeriodError(f"period {whole!r}: no such day")
            iso = f"{year}-{month:02d}-{day:02d}"
            return Period(iso, iso, iso)
        return Period(f"{year}-{month:02d}", f"{year}-{month:02d}-01", _month_end(year, month))
    return Period(str(year), f"{year}-01-01", f"{year}-12-31")


def _month_end(year: int, month: int) -> str:
    return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
