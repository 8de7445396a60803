"""The recruitment pathway (``pathway.yaml``): work trip → contract → wounded → deserted →
returned → detained, each step yes / no / unknown per defendant, and the funnel of defendants
for whom every step so far is yes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from warcases.analyze.dataset import Dataset, Unit
from warcases.analyze.ids import sorted_ids

PATHWAY_FILE = Path(__file__).with_name("pathway.yaml")


@dataclass(frozen=True)
class PathStep:
    id: str
    ru: str
    en: str
    yes: int
    no: int
    unknown: int
    confirmed: int  # of the "yes"
    case_ids: tuple[str, ...]  # cases with a "yes" defendant
    funnel: int  # defendants with "yes" on this and every earlier step
    funnel_case_ids: tuple[str, ...]

    def label(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en

    def as_json(self) -> dict[str, Any]:
        return {
            "step": self.id,
            "yes": self.yes,
            "no": self.no,
            "unknown": self.unknown,
            "confirmed": self.confirmed,
            "machine": self.yes - self.confirmed,
            "n_cases": len(self.case_ids),
            "case_ids": list(self.case_ids),
            "funnel": self.funnel,
            "funnel_case_ids": list(self.funnel_case_ids),
        }


@lru_cache(maxsize=2)
def load_pathway(path: Path = PATHWAY_FILE) -> tuple[dict[str, Any], ...]:
    steps = yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]
    for s in steps:
        if not {"id", "ru", "en", "field"} <= s.keys() or not (
            {"contains", "nonempty", "equals", "in"} & s.keys()
        ):
            raise ValueError(
                f"{path}: step {s!r} needs id, ru, en, field and one of contains/nonempty/equals/in"
            )
    return tuple(steps)


def _step_state(step: dict[str, Any], unit: Unit) -> str:
    value = unit.get(step["field"])
    if value is None or value == []:
        return "unknown"
    if "contains" in step:
        ok = step["contains"] in value
    elif "nonempty" in step:
        ok = bool(value) == bool(step["nonempty"])
    elif "equals" in step:
        ok = value == step["equals"]
    else:
        ok = value in step["in"]
    return "yes" if ok else "no"


def pathway(ds: Dataset) -> list[PathStep]:
    out = []
    still: list[Unit] = list(ds.defendants)
    for step in load_pathway():
        states = [(d, _step_state(step, d)) for d in ds.defendants]
        yes = [d for d, s in states if s == "yes"]
        still = [d for d in still if _step_state(step, d) == "yes"]
        out.append(
            PathStep(
                step["id"],
                step["ru"],
                step["en"],
                yes=len(yes),
                no=sum(1 for _, s in states if s == "no"),
                unknown=sum(1 for _, s in states if s == "unknown"),
                confirmed=sum(1 for d in yes if d.is_confirmed(step["field"])),
                case_ids=sorted_ids(d.case_id for d in yes),
                funnel=len(still),
                funnel_case_ids=sorted_ids(d.case_id for d in still),
            )
        )
    return out
