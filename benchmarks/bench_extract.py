"""Ingest + extract throughput on synthetic verdicts, against natasha's NER as a baseline.

Prints verdicts/second and MB/second per core for ingest+extract and for extraction alone,
the same for natasha's full NER pass over the same texts (the baseline, measured in the same
run), and peak memory at several corpus sizes (each size in a fresh process) so one can see it
stays flat. Usage: python benchmarks/bench_extract.py [--n 400] [--baseline-n 100]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synth import corpus  # noqa: E402


def run_pipeline(n: int) -> dict:
    from warcases.extract.pipeline import run_extraction
    from warcases.extract.registry import extractors
    from warcases.ingest.pipeline import ingest_paths
    from warcases.model import DocumentText
    from warcases.store.db import make_engine, migrate

    texts = corpus(n)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    chain = [e for e in extractors() if "verdict" in e.kinds]  # all that read a verdict
    for e in chain:
        e.run(DocumentText(0, texts[0], "verdict", "ru"))  # warm the lazy loaders
    t0 = time.perf_counter()
    for i, t in enumerate(texts):
        for e in chain:
            e.run(DocumentText(i, t, "verdict", "ru"))
    extract_only = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i, t in enumerate(texts):
            (folder / f"v{i:05d}.txt").write_text(t, encoding="utf-8")
        engine = make_engine(f"sqlite:///{Path(tmp) / 'b.db'}")
        migrate(engine)
        t0 = time.perf_counter()
        s = ingest_paths(engine, [folder])
        t1 = time.perf_counter()
        e = run_extraction(engine)
        t2 = time.perf_counter()
    assert len(s.new) == n and e.documents == n, (len(s.new), e.documents, e.failed[:3])
    return {
        "n": n,
        "mb": mb,
        "extract_only_s": extract_only,
        "ingest_s": t1 - t0,
        "extract_s": t2 - t1,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def natasha_baseline(n: int) -> dict:
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsNERTagger, Segmenter

    texts = corpus(n)
    segmenter, emb = Segmenter(), NewsEmbedding()
    tagger = NewsNERTagger(emb)
    t0 = time.perf_counter()
    for t in texts:
        doc = Doc(t)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
    del MorphVocab
    return {"n": n, "mb": sum(len(t.encode()) for t in texts) / 1e6, "s": time.perf_counter() - t0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--baseline-n", type=int, default=60)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_pipeline(args.child)))
        return
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    rows = []
    for n in (args.n // 4, args.n // 2, args.n):
        out = subprocess.run([sys.executable, __file__, "--child", str(n)], capture_output=True, text=True)
        if out.returncode:
            sys.exit(out.stderr)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    base = natasha_baseline(args.baseline_n)
    big = rows[-1]
    ours_rate = big["n"] / big["extract_only_s"]
    pipe_rate = big["n"] / (big["ingest_s"] + big["extract_s"])
    base_rate = base["n"] / base["s"]
    kb = big["mb"] * 1000 / big["n"]
    print(f"synthetic verdicts, {kb:.1f} KB each, one process (one core)")
    print(f"extraction only        : {ours_rate:8.1f} verdicts/s  {big['mb'] / big['extract_only_s']:6.2f} MB/s")
    print(f"ingest + extract + store: {pipe_rate:8.1f} verdicts/s  "
          f"{big['mb'] / (big['ingest_s'] + big['extract_s']):6.2f} MB/s "
          f"(ingest {big['ingest_s']:.1f} s, extract {big['extract_s']:.1f} s)")
    print(f"baseline natasha NER   : {base_rate:8.1f} verdicts/s  {base['mb'] / base['s']:6.2f} MB/s")
    print(f"ratio extraction/baseline: {ours_rate / base_rate:.1f}x ; pipeline/baseline: {pipe_rate / base_rate:.1f}x")
    print("peak memory by corpus size (fresh process each):")
    for r in rows:
        print(f"  n={r['n']:6d}  peak RSS {r['peak_rss_mb']:7.1f} MB")


if __name__ == "__main__":
    main()
