"""Figures over the case tables: counts by year, article, region, formation, procedure,
outcome …; sentence distributions per article; the recruitment pathway.

Every figure keeps the ids of the cases behind it, and how many of its values a person
confirmed (the rest are machine-extracted). ``compute_stats`` is the one entry point;
``Stats.case_ids("by_formation=wagner")`` lists the cases behind any figure.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from warcases.analyze.dataset import DEFAULT_KINDS, Basis, Dataset, Unit, load_dataset
from warcases.analyze.ids import sorted_ids
from warcases.analyze.pathway import PathStep, pathway


@dataclass(frozen=True)
class BreakdownSpec:
    name: str
    level: str  # "cases" | "defendants"
    column: str
    vocabulary: str  # the labels.yaml "values" section for this column
    multi: bool = False
    order: str = "count"  # "count" (largest first) | "value"


BREAKDOWNS: tuple[BreakdownSpec, ...] = (
    BreakdownSpec("by_year", "cases", "year", "year", order="value"),
    BreakdownSpec("by_country", "cases", "country", "country"),
    BreakdownSpec("by_article", "defendants", "articles", "article", multi=True),
    BreakdownSpec("by_court_region", "cases", "court_region", "region"),
    BreakdownSpec("by_home_region", "defendants", "region", "region"),
    BreakdownSpec("by_formation", "defendants", "formations", "formations", multi=True),
    BreakdownSpec("by_procedure", "cases", "procedure", "procedure"),
    BreakdownSpec("by_outcome", "cases", "outcome", "outcome"),
    BreakdownSpec("by_sentence_type", "defendants", "sentence_type", "sentence_type"),
    BreakdownSpec("by_recruitment", "defendants", "recruitment", "recruitment", multi=True),
    BreakdownSpec("by_motive", "defendants", "motives", "motives", multi=True),
    BreakdownSpec("by_return", "defendants", "return_how", "return_how"),
)
SPECS = {s.name: s for s in BREAKDOWNS}


@dataclass(frozen=True)
class Count:
    """One row of a breakdown: ``n`` units have this value; ``confirmed`` of them by a person."""

    value: Any  # None = not stated
    n: int
    confirmed: int
    case_ids: tuple[str, ...]

    @property
    def machine(self) -> int:
        return self.n - self.confirmed

    @property
    def n_cases(self) -> int:
        return len(self.case_ids)

    def as_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "n": self.n,
            "confirmed": self.confirmed,
            "machine": self.machine,
            "n_cases": self.n_cases,
            "case_ids": list(self.case_ids),
        }


@dataclass(frozen=True)
class Breakdown:
    spec: BreakdownSpec
    total: int  # units considered (cases or defendants), including "not stated"
    rows: tuple[Count, ...]

    @property
    def name(self) -> str:
        return self.spec.name

    def row(self, value: Any) -> Count | None:
        key = _key(value)
        return next((r for r in self.rows if _key(r.value) == key), None)

    def stated(self) -> tuple[Count, ...]:
        return tuple(r for r in self.rows if r.value is not None)


@dataclass(frozen=True)
class SentenceStat:
    """Terms (months) under one article and sentence type."""

    article: str | None
    sentence_type: str | None
    n: int
    confirmed: int
    median: float
    q1: float
    q3: float
    min: int
    max: int
    case_ids: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.article or 'none'}/{self.sentence_type or 'none'}"

    def as_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "sentence_type": self.sentence_type,
            "n": self.n,
            "confirmed": self.confirmed,
            "machine": self.n - self.confirmed,
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
            "min": self.min,
            "max": self.max,
            "n_cases": len(self.case_ids),
            "case_ids": list(self.case_ids),
        }


@dataclass
class Stats:
    dataset: Dataset
    breakdowns: dict[str, Breakdown]
    sentences: list[SentenceStat]
    pathway: list[PathStep]
    overlaps: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def basis(self) -> Basis:
        return self.dataset.basis

    @property
    def n_cases(self) -> int:
        return len(self.dataset.cases)

    @property
    def n_defendants(self) -> int:
        return len(self.dataset.defendants)

    def case_ids(self, figure: str) -> list[str]:
        """Cases behind a figure: ``by_formation=wagner``, ``by_year=2025``, ``by_region=none``,
        ``sentences=KZ:172/imprisonment``, ``pathway=wounded``, ``funnel=deserted``, ``all``."""
        if figure == "all":
            return [c.id for c in self.dataset.cases]
        name, _, value = figure.partition("=")
        if name in self.breakdowns:
            row = self.breakdowns[name].row(None if value in ("", "none") else value)
            if row is None:
                raise KeyError(f"{name} has no row {value!r}")
            return list(row.case_ids)
        if name == "sentences":
            for s in self.sentences:
                if s.key == value:
                    return list(s.case_ids)
            raise KeyError(
                f"no sentence figure {value!r}: use ARTICLE/TYPE, e.g. KZ:172/imprisonment"
            )
        if name == "overlaps":
            figures = (self.overlaps or {}).get("figures", {})
            if value not in figures:
                known = ", ".join(figures) or "none: linking has not run"
                raise KeyError(f"no overlap figure {value!r} (known: {known})")
            return list(figures[value]["case_ids"])
        if name in ("pathway", "funnel"):
            for p in self.pathway:
                if p.id == value:
                    return list(p.case_ids if name == "pathway" else p.funnel_case_ids)
            raise KeyError(f"no pathway step {value!r}")
        known = ", ".join([*self.breakdowns, "sentences", "pathway", "funnel", "overlaps", "all"])
        raise KeyError(f"unknown figure {figure!r}: use NAME=VALUE with NAME one of {known}")

    def as_json(self) -> dict[str, Any]:
        ds = self.dataset
        return {
            "basis": ds.basis,
            "basis_note": BASIS_NOTES[ds.basis],
            "country": ds.country,
            "kinds": list(ds.kinds),
            "totals": {
                "cases": self.n_cases,
                "cases_confirmed": sum(1 for c in ds.cases if c.all_confirmed),
                "defendants": self.n_defendants,
                "defendants_confirmed": sum(1 for d in ds.defendants if d.all_confirmed),
            },
            "tables": {
                name: {
                    "unit": b.spec.level,
                    "field": b.spec.column,
                    "total": b.total,
                    "rows": [r.as_json() for r in b.rows],
                }
                for name, b in self.breakdowns.items()
            },
            "sentences": [s.as_json() for s in self.sentences],
            "pathway": [p.as_json() for p in self.pathway],
            "overlaps": self.overlaps,
            "merged_duplicates": ds.merged,
            "not_counted_kinds": ds.excluded_kinds,
            **self.extra,
        }


BASIS_NOTES = {
    "all": (
        "all values counted, machine-extracted and human-confirmed; 'confirmed' says how many "
        "a person confirmed, 'machine' how many are unverified"
    ),
    "confirmed": "human-confirmed values only; machine-extracted values are not counted",
}


def _key(value: Any) -> str:
    return "none" if value is None else str(value)


def _sort_rows(rows: list[Count], order: str) -> tuple[Count, ...]:
    def by(r: Count) -> tuple:
        stated = r.value is None
        if order == "value":
            return (stated, str(r.value))
        return (stated, -r.n, str(r.value))

    return tuple(sorted(rows, key=by))


def breakdown(ds: Dataset, spec: BreakdownSpec) -> Breakdown:
    units: Iterable[Unit] = ds.cases if spec.level == "cases" else ds.defendants
    n: dict[str, int] = defaultdict(int)
    confirmed: dict[str, int] = defaultdict(int)
    cases: dict[str, set[str]] = defaultdict(set)
    raw: dict[str, Any] = {}
    total = 0
    for unit in units:
        total += 1
        value = unit.get(spec.column)
        values = (sorted(set(value), key=str) or [None]) if spec.multi else [value]
        for v in values:
            k = _key(v)
            raw[k] = v
            n[k] += 1
            cases[k].add(unit.case_id)
            if v is not None and unit.is_confirmed(spec.column):
                confirmed[k] += 1
    rows = [Count(raw[k], n[k], confirmed[k], sorted_ids(cases[k])) for k in n]
    return Breakdown(spec, total, _sort_rows(rows, spec.order))


def quartiles(values: list[int]) -> tuple[float, float, float]:
    """(q1, median, q3) by linear interpolation between order statistics (inclusive method)."""
    if not values:
        raise ValueError("no values")
    if len(values) == 1:
        v = float(values[0])
        return v, v, v
    q1, med, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return float(q1), float(med), float(q3)


def sentence_stats(ds: Dataset) -> list[SentenceStat]:
    groups: dict[tuple[str | None, str | None], list[Unit]] = defaultdict(list)
    for d in ds.defendants:
        if d.get("sentence_months") is None:
            continue
        for article in sorted(set(d.get("articles") or [])) or [None]:
            groups[(article, d.get("sentence_type"))].append(d)
    out = []
    for (article, kind), units in groups.items():
        months = sorted(int(u.get("sentence_months")) for u in units)
        q1, med, q3 = quartiles(months)
        out.append(
            SentenceStat(
                article,
                kind,
                len(units),
                sum(
                    1
                    for u in units
                    if u.is_confirmed("sentence_months", "articles", "sentence_type")
                ),
                med,
                q1,
                q3,
                months[0],
                months[-1],
                sorted_ids(u.case_id for u in units),
            )
        )
    out.sort(
        key=lambda s: (
            s.article is None,
            s.article or "",
            s.sentence_type is None,
            s.sentence_type or "",
        )
    )
    return out


def compute_stats(
    engine: Engine,
    *,
    country: str | None = None,
    basis: Basis = "all",
    kinds: tuple[str, ...] = DEFAULT_KINDS,
    overlaps: Callable[[Engine, str | None], dict[str, Any] | None] | None = None,
) -> Stats:
    """Every figure for one country (or all), counting on the given basis."""
    ds = load_dataset(engine, country=country, basis=basis, kinds=kinds)
    if overlaps is None:
        from warcases.analyze.overlaps import link_overlaps

        overlaps = link_overlaps
    return Stats(
        dataset=ds,
        breakdowns={spec.name: breakdown(ds, spec) for spec in BREAKDOWNS},
        sentences=sentence_stats(ds),
        pathway=pathway(ds),
        overlaps=overlaps(engine, country),
    )
