"""`warcases demo`: the whole pipeline on the bundled corpus of fictional verdicts and news."""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console

from warcases.analyze.officialstats import import_shipped
from warcases.analyze.report import write_report
from warcases.evaluate.run import find_pairs, score_store
from warcases.evaluate.score import Report
from warcases.extract.pipeline import run_extraction
from warcases.ingest.pipeline import ingest_paths
from warcases.store.db import connect


def default_corpus() -> Path:
    """data/demo next to the source tree (editable install) or in the current folder."""
    for base in (Path(__file__).resolve().parents[2], Path.cwd()):
        candidate = base / "data" / "demo"
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("demo corpus not found: run from the repository or pass --corpus")


def run_demo(db: Path, corpus: Path | None, report_dir: Path, console: Console) -> None:
    from warcases.cli import cases_table, print_eval, print_ingest_summary

    started = time.perf_counter()
    corpus = corpus or default_corpus()
    engine = connect(str(db))
    pairs, _ = find_pairs(corpus)
    summary = ingest_paths(engine, [corpus], progress=console.is_terminal)
    print_ingest_summary(summary, console)
    extracted = run_extraction(engine, progress=console.is_terminal)
    console.print(f"[bold]extract:[/bold] {extracted.documents} documents, {extracted.facts} facts")
    report = Report()
    score_store(engine, pairs, summary.merge_ids(), report)
    print_eval(report.as_json(), console)
    console.print(cases_table(engine, limit=1000, title="cases in the demo database"))
    stats = import_shipped(engine)
    console.print(
        f"[bold]official statistics:[/bold] {stats.inserted} new, {stats.updated} updated, "
        f"{stats.unchanged} unchanged figures (published sources shipped with warcases)"
    )
    index = write_report(engine, report_dir)
    console.print(f"report: [bold]{index.resolve()}[/bold]")
    console.print(f"database: [bold]{db.resolve()}[/bold]  ({time.perf_counter() - started:.1f} s)")
