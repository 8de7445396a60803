"""``warcases link-eval PAIRS.csv``: precision, recall and F1 of the linker on labelled name pairs.

The CSV has columns ``name_a,name_b,birth_a,birth_b,region_a,region_b,same`` (birth and region
may be blank; birth as a date, a year or a messy date; same is 1/0). Each pair is scored by
the trained model exactly as ``warcases link`` scores a candidate pair; the linker says "same"
when its machine judgement is *yes*. The same pairs can be scored by the baseline model
(Splink's stock name comparison on the names as written) to measure what our features add.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from warcases.link.dates import parse_date
from warcases.link.features import PersonRecord, features_frame
from warcases.link.model import LinkModel, explain, load_model, predict

REQUIRED = ("name_a", "name_b", "same")
OPTIONAL = ("birth_a", "birth_b", "region_a", "region_b")


class PairsError(ValueError):
    """A pairs file that cannot be read."""


@dataclass(frozen=True)
class Pair:
    name_a: str
    name_b: str
    birth_a: str | None
    birth_b: str | None
    region_a: str | None
    region_b: str | None
    same: bool


@dataclass
class EvalResult:
    p: float
    r: float
    f1: float
    n: int
    tp: int
    fp: int
    fn: int
    unsure: int
    model: str
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"p": round(self.p, 4), "r": round(self.r, 4), "f1": round(self.f1, 4), "n": self.n}


def read_pairs(path: Path) -> list[Pair]:
    """Rows of a pairs CSV; a clear error for a missing column or a bad ``same`` value."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise PairsError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise PairsError(f"{path}: not UTF-8 text; save the pairs table as UTF-8 CSV") from exc
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise PairsError(
            f"{path}: missing column(s) {', '.join(missing)}; expected "
            f"{','.join(REQUIRED[:2] + OPTIONAL + REQUIRED[2:])}"
        )
    pairs = []
    for line, row in enumerate(reader, start=2):
        same = (row.get("same") or "").strip()
        if same not in ("0", "1"):
            raise PairsError(f"{path}, line {line}: same must be 1 or 0, not {same!r}")
        pairs.append(
            Pair(
                name_a=row["name_a"].strip(),
                name_b=row["name_b"].strip(),
                birth_a=(row.get("birth_a") or "").strip() or None,
                birth_b=(row.get("birth_b") or "").strip() or None,
                region_a=(row.get("region_a") or "").strip() or None,
                region_b=(row.get("region_b") or "").strip() or None,
                same=same == "1",
            )
        )
    if not pairs:
        raise PairsError(f"{path}: no pairs")
    return pairs


def _record(rid: str, name: str, birth: str | None, region: str | None) -> PersonRecord:
    return PersonRecord(id=rid, name=name, kind="pair", birth_date=parse_date(birth), region=region)


def score_pairs(pairs: list[Pair], model: LinkModel) -> pd.DataFrame:
    """One row per pair: match_probability, judgement and the comparison levels."""
    records = []
    for i, p in enumerate(pairs):
        records.append(_record(f"{i}/a", p.name_a, p.birth_a, p.region_a))
        records.append(_record(f"{i}/b", p.name_b, p.birth_b, p.region_b))
    frame = features_frame(records)
    frame["pair"] = [i // 2 for i in range(len(records))]
    scored = predict(model, [frame], blocking=["l.pair = r.pair"], threshold=None)
    by_pair = {int(str(row["unique_id_l"]).split("/")[0]): row for row in scored.to_dict("records")}
    rows = []
    for i, p in enumerate(pairs):
        row = by_pair.get(i, {})
        prob = float(row.get("match_probability", 0.0))
        why = explain(model.name, row) if row else {}
        rows.append(
            {
                "name_a": p.name_a,
                "name_b": p.name_b,
                "same": p.same,
                "match_probability": prob,
                "judgement": model.judgement(prob, why),
                "explanation": why,
            }
        )
    return pd.DataFrame(rows)


def evaluate(path: Path, model_name: str = "warcases") -> EvalResult:
    pairs = read_pairs(path)
    model = load_model(model_name)
    scored = score_pairs(pairs, model)
    said = scored["judgement"] == "yes"
    truth = scored["same"]
    tp = int((said & truth).sum())
    fp = int((said & ~truth).sum())
    fn = int((~said & truth).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    wrong = scored[said != truth]
    errors = [
        {
            "name_a": w["name_a"],
            "name_b": w["name_b"],
            "same": bool(w["same"]),
            "p": round(float(w["match_probability"]), 4),
            "judgement": w["judgement"],
            "why": {k: v["level"] for k, v in w["explanation"].items()},
        }
        for w in wrong.to_dict("records")
    ]
    return EvalResult(
        p=p, r=r, f1=f1, n=len(pairs), tp=tp, fp=fp, fn=fn,
        unsure=int((scored["judgement"] == "unsure").sum()), model=model_name, errors=errors,
    )


__all__ = ["EvalResult", "Pair", "PairsError", "evaluate", "read_pairs", "score_pairs"]
