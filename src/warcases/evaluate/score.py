"""Per-field precision/recall/F1 of system cards against gold cards.

Semantics (CASE_FORMAT.md): an absent gold key is not scored; a ``null``/``[]`` gold value
means the document does not say, so any system value there is a false positive; list fields
count element by element; defendants are paired by name similarity, then by order.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from warcases.model.records import DEFENDANT_FIELDS

DOCUMENT_FIELDS = ("document.kind", "document.language", "document.country")
CASE_FIELDS = ("court", "court_region", "verdict_date", "case_number", "procedure", "outcome")
# Every defendant field, plus the article alone (a charge right but for its part still counts).
_CHARGES_AT = DEFENDANT_FIELDS.index("charges") + 1
DEFENDANT_SCORED = DEFENDANT_FIELDS[:_CHARGES_AT] + ("charges.article",) + DEFENDANT_FIELDS[_CHARGES_AT:]
ALL_FIELDS = DOCUMENT_FIELDS + CASE_FIELDS + DEFENDANT_SCORED
TEXT_FIELDS = {"court", "case_number", "name"}
_QUOTES = re.compile(r"[«»\"'“”„`’‘]")
_MISSING = object()  # key absent in gold: not scored


def norm_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    s = _QUOTES.sub("", value).casefold().replace("ё", "е")
    return " ".join(s.split())


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Tally") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def scores(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4), "support": self.tp + self.fn}


@dataclass
class Report:
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in ALL_FIELDS})
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        micro = Tally()
        for t in self.fields.values():
            micro.add(t)
        m = micro.scores()
        return {
            "fields": {name: t.scores() for name, t in self.fields.items()},
            "micro": {"p": m["p"], "r": m["r"], "f1": m["f1"]},
        }


def _get(d: dict[str, Any] | None, path: str) -> Any:
    """Value at a dotted path, or _MISSING when a key on the way is absent."""
    cur: Any = d
    for part in path.split("."):
        if cur is None:
            return None  # e.g. "sentence": null → every sentence.* is null
        if not isinstance(cur, dict) or part not in cur:
            return _MISSING
        cur = cur[part]
    return cur


def _article_level(charges: Any) -> Any:
    if not isinstance(charges, list):
        return charges
    return [":".join(str(c).split(":")[:2]) for c in charges]


def defendant_value(d: dict[str, Any] | None, fld: str) -> Any:
    if fld == "charges.article":
        return _article_level(_get(d, "charges"))
    return _get(d, fld)


def compare(fld: str, gold: Any, system: Any) -> Tally:
    """Tally one field of one record. ``gold`` may be _MISSING (not scored)."""
    if gold is _MISSING:
        return Tally()
    if system is _MISSING:
        system = None
    if isinstance(gold, list) or isinstance(system, list):
        g = Counter(norm_text(x) for x in (gold or []))
        s = Counter(norm_text(x) for x in (system or []))
        tp = sum((g & s).values())
        return Tally(tp, sum(s.values()) - tp, sum(g.values()) - tp)
    g, s = norm_text(gold), norm_text(system)
    if g is None:
        return Tally(fp=1 if s is not None else 0)
    if s is None:
        return Tally(fn=1)
    if g == s:
        return Tally(tp=1)
    return Tally(fp=1, fn=1)


def pair_defendants(
    gold: list[dict[str, Any]], system: list[dict[str, Any]]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Greedy pairing by name similarity (≥ 60), then by order for the rest."""
    scores = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            gn, sn = norm_text(g.get("name") or ""), norm_text(s.get("name") or "")
            sim = fuzz.token_sort_ratio(gn, sn) if gn and sn else 0.0
            scores.append((sim, -abs(gi - si), gi, si))
    scores.sort(reverse=True)
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_s: set[int] = set()
    for sim, _, gi, si in scores:
        if sim < 60 or gi in used_g or si in used_s:
            continue
        pairs.append((gi, si))
        used_g.add(gi)
        used_s.add(si)
    rest_g = [i for i in range(len(gold)) if i not in used_g]
    rest_s = [i for i in range(len(system)) if i not in used_s]
    while rest_g and rest_s:
        pairs.append((rest_g.pop(0), rest_s.pop(0)))
    return sorted(pairs), rest_g, rest_s


def score_document(report: Report, stem: str, gold: dict[str, Any], system: dict[str, Any]) -> None:
    def tally(fld: str, g: Any, s: Any, where: str) -> None:
        t = compare(fld, g, s)
        report.fields[fld].add(t)
        if t.fp or t.fn:
            report.errors.append({"document": stem, "field": fld, "where": where, "gold": g, "system": s})

    for fld in DOCUMENT_FIELDS:
        tally(fld, _get(gold, fld), _get(system, fld), "document")
    for fld in CASE_FIELDS:
        tally(fld, _get(gold.get("case") or {}, fld) if "case" in gold else _MISSING,
              _get(system.get("case") or {}, fld), "case")
    if "defendants" not in gold:
        return
    gdefs = gold.get("defendants") or []
    sdefs = system.get("defendants") or []
    pairs, lone_g, lone_s = pair_defendants(gdefs, sdefs)
    for gi, si in pairs:
        for fld in DEFENDANT_SCORED:
            tally(fld, defendant_value(gdefs[gi], fld), defendant_value(sdefs[si], fld), f"defendant {gi}")
    for gi in lone_g:
        for fld in DEFENDANT_SCORED:
            tally(fld, defendant_value(gdefs[gi], fld), None, f"defendant {gi} (not found)")
    for si in lone_s:
        for fld in DEFENDANT_SCORED:
            s = defendant_value(sdefs[si], fld)
            tally(fld, None if not isinstance(s, list) else [], s, f"extra defendant {si}")
