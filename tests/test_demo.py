"""`warcases demo` as a newcomer runs it: the corpus becomes a database of cases scored against
its gold, the report is written, and a second run is fast and changes nothing."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warcases.cli import app

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
pytestmark = pytest.mark.skipif(not DEMO.is_dir(), reason="data/demo is absent")


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_demo_builds_scores_reports_and_a_second_run_changes_nothing(tmp_path):
    db, report = tmp_path / "demo.db", tmp_path / "report"
    args = ("demo", "--db", str(db), "--report", str(report))
    first = run(*args)
    n_docs = sum(1 for p in DEMO.rglob("*") if p.is_file() and p.name.endswith(".gold.json"))
    assert f"ingest: {n_docs} new, 0 already known, 0 failed" in first
    micro = re.search(r"micro │ ([\d.]+) │ ([\d.]+) │ ([\d.]+)", first)
    assert micro and float(micro.group(3)) >= 0.95
    assert "KZ:172:1" in first  # the table of cases
    figures = re.search(r"official statistics: (\d+) new", first)
    assert figures and int(figures.group(1)) > 0
    index = report / "index.html"
    assert index.is_file() and "709" in index.read_text(encoding="utf-8")
    assert str(db.resolve()) in first

    before = digest(db), digest(index)
    second = run(*args)
    assert f"ingest: 0 new, {n_docs} already known, 0 failed" in second
    assert "extract: 0 documents, 0 facts" in second
    assert f"official statistics: 0 new, 0 updated, {figures.group(1)} unchanged" in second
    assert (digest(db), digest(index)) == before
