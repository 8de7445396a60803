"""The catalogue of statistics indicators, jurisdictions and number qualifiers
(``knowledge/stats/indicators.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge" / "stats"
INDICATORS_FILE = KNOWLEDGE / "indicators.yaml"
PUBLISHED_FILE = KNOWLEDGE / "kz_published.csv"


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str
    ru: str
    en: str

    def label(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en


@dataclass(frozen=True)
class Catalog:
    indicators: dict[str, Indicator]
    aliases: dict[str, str]  # folded alias -> indicator name
    jurisdictions: dict[str, dict[str, str]]  # code -> {ru, en}
    jurisdiction_aliases: dict[str, str]  # folded name -> code
    qualifiers: dict[str, tuple[str, ...]]  # qualifier -> prefixes, longest first
    units: frozenset[str]
    columns: dict[str, str]  # folded header -> field

    def indicator(self, raw: str) -> str | None:
        return self.aliases.get(fold(raw))

    def jurisdiction(self, raw: str) -> str | None:
        return self.jurisdiction_aliases.get(fold(raw))

    def jurisdiction_label(self, code: str, lang: str) -> str:
        return self.jurisdictions.get(code, {}).get(lang, code)


def fold(text: str) -> str:
    return "_".join(str(text).casefold().replace("ё", "е").replace("-", " ").split())


@lru_cache(maxsize=4)
def load_catalog(path: Path = INDICATORS_FILE) -> Catalog:
    try:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read the indicator catalogue: {exc}") from exc
    indicators: dict[str, Indicator] = {}
    aliases: dict[str, str] = {}
    for name, spec in (data.get("indicators") or {}).items():
        if not isinstance(spec, dict) or not {"unit", "ru", "en"} <= spec.keys():
            raise ValueError(f"{path}: indicator {name!r} needs unit, ru and en")
        indicators[name] = Indicator(name, spec["unit"], spec["ru"], spec["en"])
        for alias in [name, *spec.get("aliases", [])]:
            aliases[fold(alias)] = name
    jurisdictions = {str(k): dict(v) for k, v in (data.get("jurisdictions") or {}).items()}
    j_aliases: dict[str, str] = {}
    for code, names in jurisdictions.items():
        for alias in [code, *names.values()]:
            j_aliases[fold(alias)] = code
    qualifiers = {
        q: tuple(sorted((str(p) for p in prefixes), key=len, reverse=True))
        for q, prefixes in (data.get("qualifiers") or {}).items()
    }
    units = frozenset(i.unit for i in indicators.values()) | {"cases", "persons", "records"}
    columns: dict[str, str] = {}
    for field, names in (data.get("columns") or {}).items():
        for alias in [field, *names]:
            columns[fold(alias)] = field
    return Catalog(indicators, aliases, jurisdictions, j_aliases, qualifiers, units, columns)
