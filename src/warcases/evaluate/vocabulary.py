"""Checks a card's values against the controlled vocabulary in knowledge/vocabulary.yaml."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

CHARGE = re.compile(r"^[A-Z]{2}:\d+(?:-\d+)?(?::\d+(?:-\d+)?(?::[0-9а-яa-z]+)?)?$")
ISO2 = re.compile(r"^[A-Z]{2}$")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, frozenset[str]]:
    raw = yaml.safe_load(
        resources.files("warcases.knowledge").joinpath("vocabulary.yaml").read_text(encoding="utf-8")
    )
    return {k: frozenset(v) for k, v in raw.items()}


def _check(field: str, value: Any, where: str, problems: list[str]) -> None:
    vocab = vocabulary()
    values = value if isinstance(value, list) else [value]
    for v in values:
        if v is None:
            continue
        if field in ("region", "court_region"):
            ok = v in vocab["region"] or str(v).startswith("ru/")
        elif field == "charges":
            ok = bool(CHARGE.match(str(v)))
        elif field in ("citizenship", "document.country"):
            ok = bool(ISO2.match(str(v)))
        elif field in vocab:
            ok = v in vocab[field]
        else:
            continue
        if not ok:
            problems.append(f"{where}{field}: {v!r} is not in the vocabulary")


def card_problems(card: dict[str, Any]) -> list[str]:
    """Every value of a gold-shaped card that CASE_FORMAT.md does not allow."""
    problems: list[str] = []
    doc = card.get("document") or {}
    for key in ("kind", "language", "country"):
        _check(f"document.{key}", doc.get(key), "", problems)
    case = card.get("case") or {}
    for key in ("court_region", "procedure", "outcome"):
        _check(key, case.get(key), "case.", problems)
    for i, d in enumerate(card.get("defendants") or []):
        where = f"defendant {i} "
        for key in ("region", "citizenship", "charges", "additional_penalties", "formations",
                    "recruitment", "motives", "return"):
            _check(key, d.get(key), where, problems)
        sentence = d.get("sentence") or {}
        for key in ("type", "institution"):
            _check(f"sentence.{key}", sentence.get(key), where, problems)
    return problems
