"""Messy dates in list cells → ISO strings of the precision given.

"12.03.1983" → "1983-03-12", "1983" → "1983", "март 1983" → "1983-03", "12 марта 1983",
"March 12, 1983", "1983-03-12 00:00:00", Excel dates and 1983.0 floats. The project's
``warcases.extract.dates.parse_date`` is asked first when it is installed; this module covers
the table-specific shapes (spreadsheet values, two-digit years, month/year cells).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import yaml

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge" / "names" / "lists.yaml"

ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
DMY = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{2}|\d{4})(?:\s*г\.?)?$")
MY = re.compile(r"^(\d{1,2})[./](\d{4})$")
YEAR = re.compile(r"^(\d{4})(?:\.0+)?(?:\s*(?:г\.?|год|р\.?|рік|year))?$")
WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([^\W\d_]+)\.?,?\s+(?:(\d{1,2}),?\s+)?(\d{4})(?:\s*(?:г\.?|года|р\.?|року))?$")


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    data = yaml.safe_load(KNOWLEDGE.read_text(encoding="utf-8"))
    return {str(name).lower(): int(num) for num, names in data["months"].items() for name in names}


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1000 <= year <= 2999:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _two_digit(year: int, pivot: int) -> int:
    return 2000 + year if 2000 + year <= pivot else 1900 + year


def _external(text: str) -> str | None:
    try:
        from warcases.extract.dates import parse_date as shared
    except ImportError:
        return None
    try:
        value = shared(text)
    except Exception:  # noqa: BLE001 - the table reader falls back to its own rules
        return None
    return value if isinstance(value, str) and re.match(r"^\d{4}(-\d{2}){0,2}$", value) else None


def parse_date(value: object, *, pivot_year: int | None = None) -> str | None:
    """ISO date of the precision the value gives ("1983", "1983-03", "1983-03-12") or None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if value != value:  # NaN
            return None
        n = int(value)
        if n == value and 1000 <= n <= 2999:
            return f"{n:04d}"
        if 20_000 < value < 80_000:  # an Excel serial day number
            return (dt.date(1899, 12, 30) + dt.timedelta(days=int(value))).isoformat()
        return None
    text = " ".join(str(value).strip().lower().split())
    if not text:
        return None
    pivot = pivot_year if pivot_year is not None else dt.date.today().year
    if m := ISO.match(text):
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    if m := DMY.match(text):
        year = int(m.group(3))
        year = _two_digit(year, pivot) if len(m.group(3)) == 2 else year
        return _iso(year, int(m.group(2)), int(m.group(1)))
    if m := MY.match(text):
        return _iso(int(m.group(2)), int(m.group(1)))
    if m := YEAR.match(text):
        return _iso(int(m.group(1)))
    if m := WORDS.match(text):
        month = _months().get(m.group(2).rstrip("."))
        if month:
            day = m.group(1) or m.group(3)
            return _iso(int(m.group(4)), month, int(day) if day else None)
    return _external(text)


__all__ = ["parse_date"]
