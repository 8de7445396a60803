"""The probabilistic linking model: Splink on DuckDB over warcases' name features.

Two models share one layout: ``warcases`` compares our features (name keys in one Latin
spelling, consonant skeletons, initials, swapped order, father's name, birth-year intervals)
and ``baseline`` compares the raw written name parts with Splink's stock ``NameComparison``
(what Splink does without our features). Both are trained the same way on fictional
synthetic records (``warcases.link.train``) and saved as Splink JSON with our judgement
thresholds in ``knowledge/names/model_<name>.json``, so a run can be reproduced.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

MODEL_DIR = Path(__file__).resolve().parents[1] / "knowledge" / "names"
MODELS = ("warcases", "baseline")
PRIOR = 1e-4  # probability that two records drawn at random are the same person


def prior_for(n_left: int, n_right: int | None = None) -> float:
    """The prior for a run: about one true partner per record, so 1 / (records on the other side),
    never above ``PRIOR`` (what the thresholds were chosen at). A big register lowers it: among a
    million records two random ones are far less likely the same man than among a thousand, and
    a fixed prior would make every namesake born the same year a *yes*."""
    other = (n_left - 1) if n_right is None else n_right
    return min(PRIOR, 1.0 / max(other, 1))

BLOCKING_RULES = [
    "l.surname = r.surname AND l.given = r.given",
    "l.surname = r.surname AND l.given_initial = r.given_initial AND l.birth_lo = r.birth_lo",
    "l.surname_cons = r.surname_cons AND l.given_initial = r.given_initial",
    "l.given = r.given AND l.patronymic = r.patronymic AND l.birth_lo = r.birth_lo",
    "l.surname = r.given AND l.given = r.surname",
    "l.surname_sx = r.surname_sx AND l.given_cons = r.given_cons AND l.birth_lo = r.birth_lo",
    # a surname written as its initial ("Ерлан Ж.") meets the full surnames it may stand for
    "l.surname_abbrev = r.surname_initial AND l.given = r.given",
    "l.surname_initial = r.surname_abbrev AND l.given = r.given",
]
BASELINE_BLOCKING = [
    "l.surname_raw = r.surname_raw",
    "l.forename_raw = r.forename_raw AND l.birth_lo = r.birth_lo",
]


VETO_BIRTH_LEVELS = frozenset({"different"})  # birth comparison levels that block a machine yes


class ModelError(RuntimeError):
    """A missing or unreadable model file."""


def _jw(col: str, threshold: float) -> str:
    return f"jaro_winkler_similarity({col}_l, {col}_r) >= {threshold}"


def _level(sql: str, label: str, null: bool = False) -> Any:
    import splink.comparison_level_library as cll

    level = cll.CustomLevel(sql, label_for_charts=label)
    return level.configure(is_null_level=True) if null else level


def _comparison(name: str, levels: list[tuple[str, str]], description: str) -> Any:
    import splink.comparison_library as cl

    built = [_level(levels[0][0], levels[0][1], null=True)]
    built += [_level(sql, label) for sql, label in levels[1:]]
    import splink.comparison_level_library as cll

    built.append(cll.ElseLevel().configure(label_for_charts="different"))
    return cl.CustomComparison(
        output_column_name=name, comparison_levels=built, comparison_description=description
    )


SWAPPED = "surname_l = given_r AND given_l = surname_r"


def birth_comparison() -> Any:
    lo_l, lo_r, hi_l, hi_r = "birth_lo_l", "birth_lo_r", "birth_hi_l", "birth_hi_r"
    both_dates = "birth_date_l IS NOT NULL AND birth_date_r IS NOT NULL"
    return _comparison(
        "birth",
        [
            (f"{lo_l} IS NULL OR {lo_r} IS NULL", "not stated"),
            ("birth_date_l = birth_date_r", "same date"),
            (
                f"{both_dates} AND {lo_l} = {lo_r} AND "
                "substr(birth_md_l, 4, 2) || '-' || substr(birth_md_l, 1, 2) = birth_md_r",
                "day and month swapped",
            ),
            (f"{both_dates} AND {lo_l} = {lo_r}", "same year, dates differ"),
            (f"{lo_l} <= {hi_r} AND {lo_r} <= {hi_l}", "same year"),
            (f"{lo_l} - 1 <= {hi_r} AND {lo_r} - 1 <= {hi_l}", "one year apart"),
            (f"{lo_l} - 3 <= {hi_r} AND {lo_r} - 3 <= {hi_l}", "2-3 years apart"),
        ],
        "birth date, year or age at the report",
    )


def place_comparisons() -> list[Any]:
    return [
        _comparison(
            "region",
            [("region_l IS NULL OR region_r IS NULL", "not stated"), ("region_l = region_r", "same")],
            "region",
        ),
        _comparison(
            "country",
            [
                ("country_l IS NULL OR country_r IS NULL", "not stated"),
                ("len(list_intersect(country_l, country_r)) > 0", "shared"),
            ],
            "citizenship",
        ),
        _comparison(
            "formations",
            [
                ("formations_l IS NULL OR formations_r IS NULL", "not stated"),
                ("len(list_intersect(formations_l, formations_r)) > 0", "shared"),
            ],
            "formation served in",
        ),
    ]


GENDERS_DIFFER = "gender_l IS NOT NULL AND gender_r IS NOT NULL AND gender_l <> gender_r"


def warcases_comparisons() -> list[Any]:
    """Comparisons over warcases' name features."""
    return [
        _comparison(
            "surname",
            [
                ("surname_initial_l IS NULL OR surname_initial_r IS NULL", "not stated"),
                ("surname_l = surname_r", "same key"),
                (SWAPPED, "surname and given name swapped"),
                (f"surname_stem_l = surname_stem_r AND {GENDERS_DIFFER}", "same family name, other gender"),
                ("surname_stem_l = surname_stem_r", "same stem, other form (-ов / уулу / -ова)"),
                ("surname_cons_l = surname_cons_r", "same consonants (vowels differ)"),
                ("damerau_levenshtein(surname_l, surname_r) <= 1", "one letter differs"),
                (_jw("surname", 0.94), "similar (JW ≥ 0.94)"),
                (
                    "(surname_l IS NULL OR surname_r IS NULL) AND surname_initial_l = surname_initial_r",
                    "initial agrees",
                ),
            ],
            "surname key in one Latin spelling",
        ),
        _comparison(
            "given",
            [
                ("given_initial_l IS NULL OR given_initial_r IS NULL", "not stated"),
                ("given_l = given_r", "same name"),
                (SWAPPED, "surname and given name swapped"),
                ("given_known_l AND given_known_r", "two different known names"),
                (f"given_cons_l = given_cons_r OR {_jw('given', 0.92)}", "similar spelling"),
                (
                    "(given_l IS NULL OR given_r IS NULL) AND given_initial_l = given_initial_r",
                    "initial agrees",
                ),
                (_jw("given", 0.8), "similar (JW ≥ 0.8)"),
            ],
            "given name, spelling variants folded",
        ),
        _comparison(
            "patronymic",
            [
                ("patronymic_initial_l IS NULL OR patronymic_initial_r IS NULL", "not stated"),
                ("patronymic_l = patronymic_r", "same father's name"),
                ("patronymic_known_l AND patronymic_known_r", "two different known fathers' names"),
                (_jw("patronymic", 0.88), "similar father's name"),
                (
                    "(patronymic_l IS NULL OR patronymic_r IS NULL) "
                    "AND patronymic_initial_l = patronymic_initial_r",
                    "initial agrees",
                ),
            ],
            "father's name from -ович/-улы/уулу/-кызы/o‘g‘li",
        ),
        birth_comparison(),
        *place_comparisons(),
    ]


def baseline_comparisons() -> list[Any]:
    """Splink's stock name comparison on the names as written (lower case only)."""
    import splink.comparison_library as cl

    return [
        cl.NameComparison("surname_raw"),
        cl.NameComparison("forename_raw"),
        cl.NameComparison("patronymic_raw"),
        birth_comparison(),
        *place_comparisons(),
    ]


def add_raw_name_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The baseline's columns: the written name split on spaces, first word taken as surname."""
    parts = frame["name_raw"].fillna("").str.split()
    out = frame.copy()
    out["surname_raw"] = parts.str[0]
    out["forename_raw"] = parts.str[1]
    out["patronymic_raw"] = parts.str[2]
    return out


def settings(model: str, link_type: str = "dedupe_only") -> Any:
    """An untrained Splink ``SettingsCreator`` for ``model``."""
    from splink import SettingsCreator

    if model not in MODELS:
        raise ModelError(f"unknown model {model!r}; known: {', '.join(MODELS)}")
    return SettingsCreator(
        link_type=link_type,
        comparisons=warcases_comparisons() if model == "warcases" else baseline_comparisons(),
        blocking_rules_to_generate_predictions=BLOCKING_RULES if model == "warcases" else BASELINE_BLOCKING,
        probability_two_random_records_match=PRIOR,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


@dataclass(frozen=True)
class LinkModel:
    """A trained model: Splink settings (with m and u) and the judgement thresholds."""

    name: str
    splink: dict[str, Any]
    yes: float  # match probability at or above which the machine says yes
    no: float  # below which it says no; between the two: unsure
    version: str

    def judgement(self, probability: float, levels: dict[str, Any] | None = None) -> str:
        """yes / unsure / no from the match probability; with the pair's comparison ``levels``
        (``explain``'s output) a pair whose stated births are years apart is never a machine *yes*:
        namesakes with the same father's name exist, and so do typos in a year, so a person decides."""
        if probability >= self.yes:
            if levels and (levels.get("birth") or {}).get("level") in VETO_BIRTH_LEVELS:
                return "unsure"
            return "yes"
        return "no" if probability < self.no else "unsure"

    def settings_for(
        self, link_type: str, blocking: list[str] | None = None, explain: bool = True,
        prior: float | None = None,
    ) -> dict[str, Any]:
        s = json.loads(json.dumps(self.splink))
        s["link_type"] = link_type
        if prior is not None:
            s["probability_two_random_records_match"] = prior
        s["retain_intermediate_calculation_columns"] = explain
        s["retain_matching_columns"] = explain  # the comparison levels (gamma_*) come with these
        if blocking is not None:
            s["blocking_rules_to_generate_predictions"] = [
                {"blocking_rule": b, "sql_dialect": "duckdb"} for b in blocking
            ]
        s.pop("linker_uid", None)
        return s


def model_path(name: str) -> Path:
    return MODEL_DIR / f"model_{name}.json"


@lru_cache(maxsize=4)
def load_model(name: str = "warcases") -> LinkModel:
    path = model_path(name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(
            f"no trained model at {path}; run `python -m warcases.link.train` to make it"
        ) from exc
    meta = data["warcases"]
    return LinkModel(name, data["splink"], float(meta["yes"]), float(meta["no"]), str(meta["version"]))


def save_model(name: str, splink_settings: dict[str, Any], yes: float, no: float, notes: dict) -> Path:
    path = model_path(name)
    import hashlib

    digest = hashlib.sha256(json.dumps(splink_settings, sort_keys=True).encode()).hexdigest()[:8]
    version = f"{name}-{notes.get('trained_on', 'synthetic')}-{notes.get('seed', 0)}-{digest}"  # changes with m/u
    payload = {"warcases": {"yes": yes, "no": no, "version": version, **notes}, "splink": splink_settings}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    load_model.cache_clear()
    return path


def _frame_for(model: LinkModel, frame: pd.DataFrame) -> pd.DataFrame:
    frame = add_raw_name_columns(frame) if model.name == "baseline" else frame
    return frame


def linker_for(model: LinkModel, frames: list[pd.DataFrame], link_type: str,
               blocking: list[str] | None = None, explain: bool = True, prior: float | None = None) -> Any:
    from splink import DuckDBAPI, Linker

    api = DuckDBAPI()
    sdfs = [api.register(_frame_for(model, f)) for f in frames]
    return Linker(sdfs if len(sdfs) > 1 else sdfs[0], model.settings_for(link_type, blocking, explain, prior),
                  log_level=logging.WARNING)


def predict(
    model: LinkModel,
    frames: list[pd.DataFrame],
    *,
    link_type: str = "dedupe_only",
    blocking: list[str] | None = None,
    threshold: float | None = 0.01,
    explain: bool = True,
    prior: float | None = None,
) -> pd.DataFrame:
    """Scored candidate pairs: unique_id_l, unique_id_r, match_probability, match_weight, and
    with ``explain`` the comparison level of each pair (gamma_*). ``prior`` (see ``prior_for``)
    replaces the model's probability that two random records match."""
    linker = linker_for(model, frames, link_type, blocking, explain, prior)
    result = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    return result.as_pandas_dataframe()


@lru_cache(maxsize=4)
def level_labels(name: str) -> dict[str, dict[int, tuple[str, float]]]:
    """comparison → comparison-vector value → (label, match weight) of ``name``'s model."""
    model = load_model(name)
    out: dict[str, dict[int, tuple[str, float]]] = {}
    for comp in model.splink["comparisons"]:
        levels = comp["comparison_levels"]
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        table: dict[int, tuple[str, float]] = {}
        for lv in levels:
            if lv.get("is_null_level"):
                table[-1] = (lv.get("label_for_charts", "null"), 0.0)
                continue
            value = len(non_null) - 1 - non_null.index(lv)
            m, u = lv.get("m_probability"), lv.get("u_probability")
            import math

            weight = math.log2(m / u) if m and u else 0.0
            table[value] = (lv.get("label_for_charts", ""), weight)
        out[comp["output_column_name"]] = table
    return out


def explain(name: str, row: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Which comparison levels a scored pair fell into, with their match weights."""
    out = {}
    for comp, table in level_labels(name).items():
        gamma = row.get(f"gamma_{comp}")
        if gamma is None or pd.isna(gamma):
            continue
        label, weight = table.get(int(gamma), ("?", 0.0))
        out[comp] = {"level": label, "weight": round(weight, 2)}
    return out


__all__ = [
    "BLOCKING_RULES",
    "LinkModel",
    "MODELS",
    "ModelError",
    "add_raw_name_columns",
    "explain",
    "level_labels",
    "linker_for",
    "load_model",
    "predict",
    "prior_for",
    "save_model",
    "settings",
]
