"""Dates in Russian, Kazakh, Kyrgyz, Uzbek and English text → ISO strings.

``find_dates`` returns full dates ("2025-09-15"), month dates ("2025-09", from "в сентябре 2025
года") and years ("2023", from "в 2023 году"); ``parse_date`` reads one messy cell of a list
("12.03.1983", "1983", "март 1983", "12.03.83"). Month names are in
``knowledge/articles.yaml`` (``months``). Every date has a four-digit year, so only the text
around such numbers is examined.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from warcases.knowledge import PhraseMatcher, load_yaml, phrase_pattern

__all__ = ["DateMatch", "find_dates", "parse_date"]


@dataclass(frozen=True)
class DateMatch:
    date: str  # ISO "2025-09-15", "2025-09" or "2025"
    start: int
    end: int


_YEAR_WORD = (
    r"(?:года|году|год|гг?\.|г(?![^\W\d_])|жылғы|жылы|жылдың|жылдын|жыл|ж\.|yil\w*|йил\w*"
    r"|year)"
)


@dataclass(frozen=True)
class _Grammar:
    regex: re.Pattern[str]
    months: PhraseMatcher[int]


@cache
def _grammar() -> _Grammar:
    months_data = load_yaml("articles")["months"]
    table: dict[str, list[int]] = {}
    for number, spellings in months_data.items():
        for spelling in spellings:
            table.setdefault(spelling, []).append(int(number))
    month = phrase_pattern(table)
    q_open, q_close = r"[«\"“„']?", r"[»\"”“']?"
    day = rf"{q_open}\s?(?P<{{n}}>[0-3]?\d)\s?{q_close}"
    year = r"(?P<{n}>(?:1[89]|20)\d\d)"
    m = rf"(?P<{{n}}>{month})(?![^\W\d_])"
    pattern = "|".join([
        # 15.09.2025, 15/09/2025, 15.09.2025г.
        rf"(?P<nd>[0-3]?\d)[./](?P<nm>[01]?\d)[./]{year.format(n='ny')}(?!\d)(?:\s?{_YEAR_WORD})?",
        # 2025-09-15
        rf"{year.format(n='iy')}-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?!\d)",
        # 2025 жылғы 15 қыркүйек, 2025-yil 15-sentabr, 2025-жылдын 15-сентябрында
        rf"{year.format(n='ky')}\s?-?\s?{_YEAR_WORD}\s+{day.format(n='kd')}\s?-?\s?"
        + m.format(n="km"),
        # «15» сентября 2025 года, 15 September 2025, 15-sentabr 2025
        (rf"{day.format(n='dd')}\s?-?\s?{m.format(n='dm')}[\s,]+{year.format(n='dy')}(?!\d)"
         rf"(?:\s?{_YEAR_WORD})?"),
        # September 15, 2025
        rf"{m.format(n='em')}\s+(?P<ed>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{year.format(n='ey')}(?!\d)",
        # сентябрь 2025, в сентябре 2025 года, 2025 жылғы қыркүйек
        rf"{m.format(n='mm')}\s+{year.format(n='my')}(?!\d)(?:\s?{_YEAR_WORD})?",
        rf"{year.format(n='ymy')}\s?-?\s?{_YEAR_WORD}\s+{m.format(n='ymm')}",
        # в 2023 году, 2023 жылы, in 2023 year
        rf"{year.format(n='yy')}\s?-?\s?{_YEAR_WORD}(?![^\W\d_])",
    ])
    return _Grammar(
        regex=re.compile(r"(?<![\w.])(?:" + pattern + ")", re.IGNORECASE),
        months=PhraseMatcher(table),
    )


def _month_number(g: _Grammar, surface: str) -> int | None:
    hit = g.months.lookup(surface)
    if hit is None:
        return None
    if hit.spelling[:1].isupper() and not surface[:1].isupper():
        return None  # "may" is not May
    return hit.values[0]


def _iso(
    year: str | int, month: str | int | None = None, day: str | int | None = None
) -> str | None:
    y = int(year)
    if not 1800 <= y <= 2100:
        return None
    if month is None:
        return f"{y:04d}"
    mo = int(month)
    if not 1 <= mo <= 12:
        return None
    if day is None:
        return f"{y:04d}-{mo:02d}"
    try:
        return dt.date(y, mo, int(day)).isoformat()
    except ValueError:
        return None


def _from_match(g: _Grammar, m: re.Match[str]) -> str | None:
    gd = m.groupdict()
    if gd["ny"]:
        return _iso(gd["ny"], gd["nm"], gd["nd"])
    if gd["iy"]:
        return _iso(gd["iy"], gd["im"], gd["id"])
    for y, mo, d in (("ky", "km", "kd"), ("dy", "dm", "dd"), ("ey", "em", "ed")):
        if gd[y]:
            month = _month_number(g, gd[mo])
            return _iso(gd[y], month, gd[d]) if month else None
    for y, mo in (("my", "mm"), ("ymy", "ymm")):
        if gd[y]:
            month = _month_number(g, gd[mo])
            return _iso(gd[y], month) if month else None
    if gd["yy"]:
        return _iso(gd["yy"])
    return None


_YEAR_NUMBER = re.compile(r"(?:1[89]|20)[0-9][0-9]")
_BEFORE, _AFTER = 40, 50


def _windows(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    n = len(text)
    for m in _YEAR_NUMBER.finditer(text):
        lo, hi = max(0, m.start() - _BEFORE), min(n, m.end() + _AFTER)
        while hi < n and (text[hi].isalnum() or text[hi] == "_"):
            hi += 1
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


def find_dates(text: str) -> list[DateMatch]:
    """Every date (or month, or year with a year word) in ``text``, in text order."""
    g = _grammar()
    out: list[DateMatch] = []
    for lo, hi in _windows(text):
        for m in g.regex.finditer(text, lo, hi):
            iso = _from_match(g, m)
            if iso is not None:
                out.append(DateMatch(iso, m.start(), m.end()))
    return out


_DMY_SHORT = re.compile(r"([0-3]?\d)[./-]([01]?\d)[./-](\d{2})")
_YMD = re.compile(r"((?:1[89]|20)\d\d)[./-]([01]?\d)[./-]([0-3]?\d)(?:[ T].*)?")
_MY = re.compile(r"([01]?\d)[./-]((?:1[89]|20)\d\d)")
_Y = re.compile(r"((?:1[89]|20)\d\d)(?:\.0)?\s*(?:г\.?|года|год|гг\.?|г\.\s*р\.?|ж\.?|жыл\w*)?")


def parse_date(s: str) -> str | None:
    """One date string → ISO ("1983-03-12"), month ("1983-03") or year ("1983"); else None.

    Reads "12.03.1983", "12.03.83", "1983-03-12 00:00:00", "03.1983", "1983", "1983 г.р.",
    "март 1983", "12 марта 1983 г.", "March 12, 1983", "1983 жылғы 12 наурыз".
    """
    if s is None:
        return None
    text = " ".join(str(s).split()).strip(" ,;")
    if not text:
        return None
    if m := _YMD.fullmatch(text):
        return _iso(*m.groups())
    if m := _DMY_SHORT.fullmatch(text):
        day, month, yy = m.groups()
        pivot = dt.date.today().year % 100
        year = 2000 + int(yy) if int(yy) <= pivot else 1900 + int(yy)
        return _iso(year, month, day)
    if m := _MY.fullmatch(text):
        return _iso(m.group(2), m.group(1))
    if m := _Y.fullmatch(text):
        return _iso(m.group(1))
    g = _grammar()
    best: tuple[int, str] | None = None
    for m in g.regex.finditer(text):
        iso = _from_match(g, m)
        if iso is not None and (best is None or m.end() - m.start() > best[0]):
            best = (m.end() - m.start(), iso)
    if best is not None and best[0] >= len(text) * 0.6:
        return best[1]
    # A bare month and year with no year word ("март 1983") is matched above; a lone
    # four-digit year inside other words is not a date of this cell.
    return None
