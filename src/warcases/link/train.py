"""Train the linking models on fictional synthetic records and save them as JSON.

``python -m warcases.link.train [--records 40000] [--seed 7]``

u probabilities come from random pairs (Splink's ``estimate_u_using_random_sampling``), m
probabilities from pairs of records of the same synthetic person
(``estimate_m_from_label_column``). The judgement thresholds are then chosen on a second,
independent synthetic set: ``yes`` where F1 of the yes-decision peaks, ``no`` below which
fewer than 1 % of true matches fall. Both models (ours and the baseline) go through exactly
the same steps, so the baseline comparison measures the features, not the training.

The yes threshold maximises F0.5 (precision counts twice): for a reporter a wrong merge of
two men into one is worse than a missed link, which stays visible as "unsure".
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

import pandas as pd

from warcases.link.features import features_frame
from warcases.link.model import MODELS, LinkModel, add_raw_name_columns, save_model, settings
from warcases.link.synthetic import synthetic_records

# No level is impossible: one never seen among true matches keeps m ≥ 1e-3, one never seen
# among random pairs keeps u ≥ 1e-6.
FLOOR = {"m_probability": 1e-3, "u_probability": 1e-6}


def _frame(n: int, seed: int) -> pd.DataFrame:
    records, truth = synthetic_records(n, seed=seed)
    frame = features_frame(records)
    frame["person"] = frame["unique_id"].map(truth).astype(str)
    return frame


def _floor(splink_settings: dict[str, Any]) -> dict[str, Any]:
    for comp in splink_settings["comparisons"]:
        levels = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
        for key in ("m_probability", "u_probability"):
            values = [max(lv.get(key) or 0.0, FLOOR[key]) for lv in levels]
            total = sum(values)
            for lv, v in zip(levels, values, strict=True):
                lv[key] = v / total
    return splink_settings


def train_one(name: str, frame: pd.DataFrame, seed: int, max_pairs: float = 4e6) -> dict[str, Any]:
    from splink import DuckDBAPI, Linker

    data = add_raw_name_columns(frame) if name == "baseline" else frame
    api = DuckDBAPI()
    linker = Linker(api.register(data), settings(name), log_level=logging.WARNING)
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    linker.training.estimate_m_from_label_column("person")
    trained = linker.misc.save_model_to_json()
    trained.pop("linker_uid", None)
    return _floor(trained)


def choose_thresholds(model: LinkModel, frame: pd.DataFrame) -> tuple[float, float, dict[str, float]]:
    from warcases.link.model import predict

    pairs = predict(model, [frame], threshold=None)
    person = dict(zip(frame["unique_id"], frame["person"], strict=True))
    pairs["same"] = [person[a] == person[b] for a, b in zip(pairs["unique_id_l"], pairs["unique_id_r"], strict=True)]
    total_true = _true_pairs(frame)
    best = (0.0, 0.5, {})
    for t in [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99]:
        said = pairs["match_probability"] >= t
        tp = int((said & pairs["same"]).sum())
        p = tp / max(int(said.sum()), 1)
        r = tp / max(total_true, 1)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        f05 = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
        if f05 > best[0]:
            best = (f05, t, {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4), "f0.5": round(f05, 4)})
    true_probs = pairs.loc[pairs["same"], "match_probability"].sort_values()
    no = float(true_probs.quantile(0.01)) if len(true_probs) else 0.1
    no = min(round(no, 3), best[1])
    return best[1], max(no, 0.01), best[2]


def _true_pairs(frame: pd.DataFrame) -> int:
    sizes = frame.groupby("person").size()
    return int((sizes * (sizes - 1) // 2).sum())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-pairs", type=float, default=4e6, help="random pairs for the u estimates")
    args = parser.parse_args(argv)
    train = _frame(args.records, args.seed)
    check = _frame(args.records // 2, args.seed + 100)
    for name in MODELS:
        trained = train_one(name, train, args.seed, args.max_pairs)
        provisional = LinkModel(name, trained, 0.9, 0.1, "provisional")
        yes, no, scores = choose_thresholds(provisional, check)
        notes = {"trained_on": "synthetic", "records": args.records, "seed": args.seed,
                 "synthetic_check": scores}
        path = save_model(name, trained, yes, no, notes)
        print(f"{name}: yes ≥ {yes}, no < {no}, synthetic check {scores} → {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
