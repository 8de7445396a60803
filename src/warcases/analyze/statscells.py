"""Checking the cells of one statistics row: what each field accepts, and the problem or note
it gives otherwise. ``check_row`` returns the clean row, the problems (which stop the import)
and the notes (which are recorded beside the figure)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import process

from warcases.analyze.indicators import Catalog
from warcases.analyze.periods import PeriodError, parse_period

CITATION = ("publisher", "title", "url")
_ARTICLE = re.compile(
    r"^(?:(?P<cc>[A-Z]{2}):)?(?P<art>\d{1,4}(?:-\d)?)(?P<rest>(?::[0-9A-Za-zА-Яа-я]+)*)$"
)
_DATE = re.compile(r"^(?:19|20)\d\d(?:-\d\d(?:-\d\d)?)?$")
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)$")
_NUMBER = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f,]\d{3})+$|^\d+$")
_URL = re.compile(r"^https?://\S+$")
NOT_A_NUMBER = (
    "is not a number: write digits only (qualifiers like 'не менее' or '≥' may precede them; "
    "put explanations in the note column)"
)


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


@dataclass
class RowCheck:
    cells: dict[str, Any]
    catalog: Catalog
    row: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (level, message)

    def cell(self, name: str) -> str:
        return text_of(self.cells.get(name))

    def problem(self, column: str, message: str) -> None:
        self.problems.append((column, message))

    def jurisdiction(self) -> None:
        raw = self.cell("jurisdiction")
        code = self.catalog.jurisdiction(raw) if raw else None
        if code is None:
            known = ", ".join(sorted(self.catalog.jurisdictions))
            self.problem("jurisdiction", f"unknown jurisdiction {raw!r}: use one of {known}")
        self.row["jurisdiction"] = code

    def indicator(self) -> None:
        raw = self.cell("indicator")
        name = self.catalog.indicator(raw) if raw else None
        if name is None:
            guess = process.extractOne(raw, list(self.catalog.indicators)) if raw else None
            hint = f" (did you mean {guess[0]!r}?)" if guess and guess[1] >= 70 else ""
            known = ", ".join(sorted(self.catalog.indicators))
            self.problem(
                "indicator",
                f"unknown indicator {raw!r}{hint}: known are {known}; "
                "add new ones to knowledge/stats/indicators.yaml",
            )
        self.row["indicator"] = name

    def article(self) -> None:
        self.row["article"] = ""
        raw = self.cell("article")
        if not raw:
            return
        jurisdiction = self.row.get("jurisdiction")
        m = _ARTICLE.match(raw.replace(" ", ""))
        if not m:
            self.problem(
                "article", f"article {raw!r} not understood: write KZ:172, KZ:172:1 or 172"
            )
        elif m.group("cc") and jurisdiction not in (None, "CENTRAL_ASIA", m.group("cc")):
            self.problem(
                "article", f"article {raw!r} belongs to another country's code than {jurisdiction}"
            )
        else:
            self.row["article"] = (
                f"{m.group('cc') or jurisdiction}:{m.group('art')}{m.group('rest')}"
            )

    def period(self) -> None:
        try:
            p = parse_period(self.cells.get("period"))
        except PeriodError as exc:
            self.problem("period", str(exc))
            return
        self.row.update(period=p.label, period_start=p.start, period_end=p.end, period_note=p.note)
        if p.note:
            self.notes.append(("note", p.note))

    def value(self) -> None:
        value, qualifier, problem, note = read_value(
            self.cells.get("value"), self.cell("qualifier"), self.catalog
        )
        if problem:
            self.problem("value", problem)
        if note:
            self.notes.append(("note", note))
        self.row["value"], self.row["qualifier"] = value, qualifier

    def unit(self) -> None:
        unit = self.cell("unit").casefold()
        if unit and unit not in self.catalog.units:
            known = ", ".join(sorted(self.catalog.units))
            self.problem("unit", f"unknown unit {unit!r}: use one of {known}")
        indicator = self.row.get("indicator")
        self.row["unit"] = unit or (self.catalog.indicators[indicator].unit if indicator else "")

    def citation(self) -> None:
        for col in CITATION:
            self.row[col] = self.cell(col)
        missing = [c for c in CITATION if not self.row[c]]
        if missing:
            self.problem(
                missing[0],
                f"missing citation: {', '.join(missing)} must be filled for every figure",
            )
        elif not _URL.match(self.row["url"]):
            self.problem(
                "url", f"url {self.row['url']!r} is not a web address (http:// or https://)"
            )
        self.row["source_table"] = self.cell("table")
        self.row["note"] = self.cell("note") or None

    def date_published(self) -> None:
        self.row["date_published"] = None
        raw = self.cells.get("date_published")
        if isinstance(raw, (dt.date, dt.datetime)):
            self.row["date_published"] = raw.strftime("%Y-%m-%d")
            return
        text = text_of(raw)
        if not text:
            self.notes.append(("warning", "no publication date in the citation"))
            return
        m = _DMY.match(text)
        if m:
            text = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
        if _DATE.match(text):
            self.row["date_published"] = text
        else:
            self.problem(
                "date_published", f"date {text!r} not understood: write 2025-12-25, 2025-12 or 2025"
            )


def check_row(
    cells: dict[str, Any], catalog: Catalog
) -> tuple[dict[str, Any], list[tuple[str, str]], list[tuple[str, str]]]:
    """(row, problems, notes) for one row's cells, keyed by field name."""
    check = RowCheck(cells, catalog)
    for step in (
        check.jurisdiction,
        check.indicator,
        check.article,
        check.period,
        check.value,
        check.unit,
        check.citation,
        check.date_published,
    ):
        step()
    return check.row, check.problems, check.notes


def read_value(
    raw: Any, qualifier_cell: str, catalog: Catalog
) -> tuple[int | None, str, str | None, str | None]:
    """(value, qualifier, problem, note) of a number cell."""
    qualifier = "exact"
    if qualifier_cell:
        q = qualifier_cell.casefold().replace(" ", "_")
        if q not in (*catalog.qualifiers, "exact"):
            known = ", ".join(catalog.qualifiers)
            return (
                None,
                qualifier,
                f"unknown qualifier {qualifier_cell!r}: use exact, {known}",
                None,
            )
        qualifier = q
    if isinstance(raw, bool):
        return None, qualifier, f"{raw!r} is not a number", None
    if isinstance(raw, float) and not raw.is_integer():
        return None, qualifier, f"{raw} is not a whole number: counts are whole", None
    if isinstance(raw, (int, float)):
        if raw < 0:
            return None, qualifier, f"{raw:g} is negative: counts cannot be", None
        return int(raw), qualifier, None, None
    text = text_of(raw)
    if not text:
        return None, qualifier, "the value is empty: write the figure, or leave the row out", None
    note = None
    low = text.casefold()
    for name, prefixes in catalog.qualifiers.items():
        hit = next((p for p in prefixes if low.startswith(p.casefold())), None)
        if hit and _NUMBER.match(text[len(hit) :].strip()):
            if qualifier not in ("exact", name):
                problem = f"value {text!r} says {name} but the qualifier column says {qualifier}"
                return None, qualifier, problem, None
            qualifier, text = name, text[len(hit) :].strip()
            note = f"value written {text_of(raw)!r}: stored as {name.replace('_', ' ')} {text}"
            break
    if not _NUMBER.match(text):
        return None, qualifier, f"{text_of(raw)!r} {NOT_A_NUMBER}", None
    return int(re.sub(r"[ \u00a0\u202f,]", "", text)), qualifier, None, note
