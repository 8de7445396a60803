"""Records about people → the columns the linking model compares.

A ``PersonRecord`` is one mention of a person in one source: a verdict or news defendant, a
contract-list entry, a casualty record. ``features_frame`` turns records into one row each
of name keys in a common Latin spelling (surname, given name, father's name, initials,
vowel-less consonant skeletons), a birth-year interval (exact date, year, or age at the date of
the report: a 42-year-old in a verdict of 2025-09-15 was born in 1982 or 1983), region,
citizenship and formations. These are warcases' own features; Splink then scores pairs of rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from warcases.link.names import Order, keys_of, parse_name
from warcases.link.translit import consonants, skeleton

FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
YEAR = re.compile(r"^(\d{4})")

COLUMNS = [
    "unique_id",
    "kind",
    "surname",
    "given",
    "patronymic",
    "given_initial",
    "patronymic_initial",
    "given_known",
    "patronymic_known",
    "gender",
    "surname_stem",
    "surname_cons",
    "given_cons",
    "surname_sx",
    "surname_initial",
    "surname_abbrev",
    "birth_date",
    "birth_md",
    "birth_lo",
    "birth_hi",
    "region",
    "country",
    "formations",
    "name_raw",
]


@dataclass
class PersonRecord:
    """One mention of a person. ``report_date`` (ISO) is the date ``age`` was stated at."""

    id: str
    name: str | None
    kind: str = "record"  # verdict | news | contract | casualty | …
    birth_date: str | None = None  # ISO: "1983-03-12", "1983-03" or "1983"
    birth_year: int | None = None
    age: int | None = None
    report_date: str | None = None
    region: str | None = None
    citizenship: list[str] = field(default_factory=list)
    formations: list[str] = field(default_factory=list)
    order: Order = "auto"


def birth_interval(
    birth_date: str | None, birth_year: int | None, age: int | None, report_date: str | None
) -> tuple[int | None, int | None]:
    """Earliest and latest possible birth year from what a record says."""
    for value in (birth_date, str(birth_year) if birth_year else None):
        if value and (m := YEAR.match(value)):
            y = int(m.group(1))
            return y, y
    if age is not None and report_date and (m := YEAR.match(report_date)):
        y = int(m.group(1)) - int(age)
        return y - 1, y
    return None, None


def _none(value: str) -> str | None:
    return value or None


def record_features(r: PersonRecord) -> dict[str, Any]:
    parts = parse_name(r.name or "") if r.order == "auto" else parse_name(r.name or "", r.order)
    k = keys_of(parts)
    lo, hi = birth_interval(r.birth_date, r.birth_year, r.age, r.report_date)
    full = FULL_DATE.match(r.birth_date or "")
    return {
        "unique_id": r.id,
        "kind": r.kind,
        "surname": _none(k.surname),
        "given": _none(k.given),
        "patronymic": _none(k.patronymic),
        "given_initial": _none(k.given_initial),
        "patronymic_initial": _none(k.patronymic_initial),
        "given_known": k.given_known,
        "patronymic_known": k.patronymic_known,
        "gender": _none(k.gender),
        "surname_stem": _none(k.surname_stem),
        "surname_cons": _none(consonants(k.surname)),
        "given_cons": _none(consonants(k.given)),
        "surname_sx": _none(skeleton(k.surname, 4)),
        "surname_initial": _none(k.surname_initial),
        # only for a surname written as its initial ("Ерлан Ж."): what blocking pairs it on
        "surname_abbrev": None if k.surname else _none(k.surname_initial),
        "birth_date": r.birth_date if full else None,
        "birth_md": f"{full.group(2)}-{full.group(3)}" if full else None,
        "birth_lo": lo,
        "birth_hi": hi,
        "region": r.region or None,
        "country": sorted({c.upper() for c in r.citizenship if c}) or None,
        "formations": sorted(set(r.formations)) or None,
        "name_raw": (r.name or "").lower() or None,
    }


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("birth_lo", "birth_hi"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _features_chunk(records: list[PersonRecord]) -> pd.DataFrame:
    return _frame([record_features(r) for r in records])


def features_frame(records: Iterable[PersonRecord], workers: int = 1) -> pd.DataFrame:
    """One row of features per record, in the column order of ``COLUMNS``.

    With ``workers`` > 1 and many records the work is split over that many processes (the
    name parsing is pure Python); the result is the same, in the same order."""
    records = list(records)
    if workers <= 1 or len(records) < 20_000:
        return _features_chunk(records)
    size = -(-len(records) // (workers * 4))
    chunks = [records[i : i + size] for i in range(0, len(records), size)]
    with worker_pool(workers) as pool:
        parts = pool.map(_features_chunk, chunks)
    return pd.concat(parts, ignore_index=True)


def worker_pool(workers: int):
    """A process pool safe to start after DuckDB's threads exist (forkserver, not fork)."""
    import multiprocessing as mp

    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["warcases.link.features", "warcases.link.synthetic"])
    return ctx.Pool(workers)


__all__ = ["COLUMNS", "PersonRecord", "birth_interval", "features_frame", "record_features", "worker_pool"]
