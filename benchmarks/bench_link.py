"""Person linking: quality on the name-pair table, a list against a register, a big deduplication.

Prints, in one run:
1. precision / recall / F1 of the linker on ``data/pairs/name_pairs.csv`` and of the baseline
   (Splink's stock ``NameComparison`` on the names as written, trained the same way), with the
   F1 ratio;
2. a 1,200-name list linked against a 100,000-record register (fictional synthetic people):
   wall time (features + Splink), whether it is under 10 s, and precision / recall of the
   *yes* links against the known truth, for ours and the baseline;
3. deduplication of ``--n`` synthetic records (default 1,000,000): time per stage, records per
   minute against Splink's reference of about a million a minute on a laptop, pairs found,
   precision / recall, persons, and peak memory (this process and its workers).

Usage: python benchmarks/bench_link.py [--n 1000000] [--register 100000] [--list 1200] [--workers 2]
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import resource
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "data" / "pairs" / "name_pairs.csv"
SPLINK_REFERENCE_PER_MIN = 1_000_000


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def pairs_quality() -> dict[str, float]:
    from warcases.link.evaluate import evaluate

    section(f"name pairs: {PAIRS.relative_to(ROOT)}")
    out = {}
    for name in ("warcases", "baseline"):
        t0 = time.perf_counter()
        r = evaluate(PAIRS, name)
        out[name] = r.f1
        print(f"{name:9} P={r.p:.3f} R={r.r:.3f} F1={r.f1:.3f}  (n={r.n}, unsure={r.unsure}, "
              f"{time.perf_counter() - t0:.1f} s)")
    print(f"F1 ratio warcases / baseline = {out['warcases'] / max(out['baseline'], 1e-9):.2f}")
    return out


def _truth_scores(pairs: pd.DataFrame, truth: dict[str, int], threshold: float, true_pairs: int) -> tuple[float, float]:
    said = pairs[pairs["match_probability"] >= threshold]
    tp = sum(truth.get(a, -1) == truth.get(b, -2) for a, b in zip(said["unique_id_l"], said["unique_id_r"], strict=True))
    return tp / max(len(said), 1), tp / max(true_pairs, 1)


def list_against_register(n_register: int, n_list: int, workers: int) -> None:
    from warcases.link.features import features_frame
    from warcases.link.model import BASELINE_BLOCKING, BLOCKING_RULES, load_model, predict, prior_for
    from warcases.link.synthetic import noisy_record, synthetic_people, synthetic_records

    section(f"a {n_list:,}-name list against a {n_register:,}-record register")
    register, truth = synthetic_records(n_register, seed=101)
    people = {p.id: p for p in synthetic_people(max(truth.values()) + 1, seed=101)}
    rng = random.Random(202)
    listed: list = []
    known = sorted(set(truth.values()))
    for i in range(n_list):
        if i % 2 == 0:  # half the list are people the register holds
            pid = rng.choice(known)
            listed.append(noisy_record(people[pid], f"L{i}", rng))
            truth[f"L{i}"] = pid
        else:  # the other half are not in it
            outsider = synthetic_people(1, seed=10_000 + i)[0]
            listed.append(noisy_record(outsider, f"L{i}", rng))
            truth[f"L{i}"] = -1 - i
    per_person: dict[int, int] = {}
    for rid, pid in truth.items():
        if rid.startswith("s"):
            per_person[pid] = per_person.get(pid, 0) + 1
    true_pairs = sum(per_person.get(truth[r.id], 0) for r in listed)

    for name in ("warcases", "baseline"):
        model = load_model(name)
        t0 = time.perf_counter()
        reg = features_frame(register, workers=workers)
        t1 = time.perf_counter()
        lst = features_frame(listed)
        blocking = BLOCKING_RULES if name == "warcases" else BASELINE_BLOCKING
        pairs = predict(model, [lst, reg], link_type="link_only", blocking=blocking, threshold=model.no,
                        explain=False, prior=prior_for(len(lst), len(reg)))
        t2 = time.perf_counter()
        p, r = _truth_scores(pairs, truth, model.yes, true_pairs)
        total = t2 - t0
        verdict = "under 10 s" if total < 10 else "OVER 10 s"
        print(f"{name:9} {total:5.1f} s total ({verdict}): register features {t1 - t0:.1f} s, list features "
              f"+ Splink {t2 - t1:.1f} s; {len(pairs):,} pairs scored; yes-links P={p:.3f} R={r:.3f}")


def _chunk(args: tuple[int, int, int]):
    from warcases.link.features import features_frame
    from warcases.link.synthetic import synthetic_records

    k, n, seed = args
    records, truth = synthetic_records(n, seed=seed + k)
    for r in records:
        r.id = f"c{k}-{r.id}"
    frame = features_frame(records)
    frame["person"] = [truth[r.id.split("-", 1)[1]] + k * 10_000_000 for r in records]
    return frame, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dedupe(n: int, workers: int) -> None:
    from splink import DuckDBAPI
    from splink.clustering import cluster_pairwise_predictions_at_threshold

    from warcases.link.features import worker_pool
    from warcases.link.model import load_model, predict, prior_for

    section(f"deduplication of {n:,} synthetic records ({workers} worker processes for the features)")
    model = load_model("warcases")
    t0 = time.perf_counter()
    size = 50_000
    jobs = [(k, min(size, n - k * size), 7) for k in range(-(-n // size))]
    with worker_pool(workers) as pool:
        done = pool.map(_chunk, jobs)
    frame = pd.concat([f for f, _ in done], ignore_index=True)
    worker_peak = max(mb for _, mb in done)
    del done
    t1 = time.perf_counter()
    print(f"synthetic records + features: {t1 - t0:.1f} s ({n / (t1 - t0):,.0f} records/s)", flush=True)
    pairs = predict(model, [frame.drop(columns=["person"])], threshold=model.no, explain=False, prior=prior_for(n))
    t2 = time.perf_counter()
    print(f"Splink blocking + scoring: {t2 - t1:.1f} s, {len(pairs):,} pairs kept (p ≥ {model.no})", flush=True)
    api = DuckDBAPI()
    edges = pairs[["unique_id_l", "unique_id_r", "match_probability"]]
    nodes = frame[["unique_id"]]
    clusters = cluster_pairwise_predictions_at_threshold(
        nodes, edges, api, "unique_id", threshold_match_probability=model.yes
    ).as_pandas_dataframe()
    t3 = time.perf_counter()
    n_persons = clusters["cluster_id"].nunique()
    truth = dict(zip(frame["unique_id"], frame["person"], strict=True))
    sizes = frame.groupby("person").size()
    true_pairs = int((sizes * (sizes - 1) // 2).sum())
    p, r = _truth_scores(pairs, truth, model.yes, true_pairs)
    total = t3 - t0
    own, _ = peak_mb()
    print(f"clustering: {t3 - t2:.1f} s → {n_persons:,} persons (truth: {frame['person'].nunique():,})")
    print(f"yes-links P={p:.3f} R={r:.3f}")
    # Where the wrong yes-links come from: synthetic people are drawn from ~230 given names and
    # the surnames built from them, so a million records hold many namesakes born the same year.
    dated = set(frame.loc[frame["birth_date"].notna(), "unique_id"])
    said = pairs[pairs["match_probability"] >= model.yes]
    both = said[[a in dated and b in dated for a, b in zip(said["unique_id_l"], said["unique_id_r"], strict=True)]]
    tp_dated = sum(truth[a] == truth[b] for a, b in zip(both["unique_id_l"], both["unique_id_r"], strict=True))
    print(f"yes-links between two records with full birth dates: P={tp_dated / max(len(both), 1):.3f} "
          f"({len(both):,} of {len(said):,}); the rest rest on a name and a year or an age")
    print(f"total {total:.1f} s = {n / total * 60:,.0f} records/minute; "
          f"ratio to Splink's ~1M/minute laptop reference: {n / total * 60 / SPLINK_REFERENCE_PER_MIN:.2f}")
    print(f"peak memory: {own:,.0f} MB this process (Splink/DuckDB included), {worker_peak:,.0f} MB largest worker")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="records to deduplicate")
    parser.add_argument("--register", type=int, default=100_000)
    parser.add_argument("--list", type=int, default=1_200)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-dedup", action="store_true")
    args = parser.parse_args(argv)
    logging.getLogger("splink").setLevel(logging.WARNING)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    pairs_quality()
    list_against_register(args.register, args.list, args.workers)
    if not args.skip_dedup:
        dedupe(args.n, args.workers)


if __name__ == "__main__":
    main()
