"""`warcases ingest` as a whole: idempotency, limits, archives, and a batch that survives bad files."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from sqlalchemy import func, select

from warcases.ingest.pipeline import ingest_paths
from warcases.store.schema import documents

VERDICT = (
    "ПРИГОВОР\nИМЕНЕМ РЕСПУБЛИКИ КАЗАХСТАН\n15 сентября 2025 года г. Кокшетау\n"
    "Специализированный межрайонный суд по уголовным делам Акмолинской области ... в отношении "
    "КАРИМОВА ДАУРЕНА СЕРИКОВИЧА, обвиняемого в совершении уголовного правонарушения, "
    "предусмотренного ч. 1 ст. 172 УК РК.\n"
)


def count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(documents)).scalar()


def test_reingesting_the_same_bytes_adds_nothing(engine, tmp_path: Path):
    (tmp_path / "a.txt").write_text(VERDICT, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(VERDICT, encoding="utf-8")
    first = ingest_paths(engine, [tmp_path])
    second = ingest_paths(engine, [tmp_path])
    assert len(first.new) == 1 and len(first.known) == 1
    assert second.new == [] and len(second.known) == 2
    assert count(engine) == 1


def test_cp1251_and_utf8_copies_are_different_bytes_but_the_same_text(engine, tmp_path: Path):
    (tmp_path / "u.txt").write_text(VERDICT, encoding="utf-8")
    (tmp_path / "w.txt").write_bytes(VERDICT.encode("cp1251"))
    summary = ingest_paths(engine, [tmp_path])
    assert len(summary.new) == 2
    with engine.connect() as conn:
        texts = conn.execute(select(documents.c.text, documents.c.encoding)).all()
    assert all("КАРИМОВА" in t.text for t in texts)


def test_a_file_above_the_limit_is_refused_with_the_limit_named(engine, tmp_path: Path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    (tmp_path / "ok.txt").write_text(VERDICT, encoding="utf-8")
    summary = ingest_paths(engine, [tmp_path])
    assert len(summary.new) == 1
    (name, reason), = summary.failed
    assert name.endswith("huge.txt") and "200.0 MB" in reason and "limit" in reason


def test_bad_files_fail_one_by_one_and_the_rest_of_the_batch_goes_in(engine, tmp_path: Path):
    (tmp_path / "good.txt").write_text(VERDICT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    (tmp_path / "fake.docx").write_bytes(b"this is not a zip")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    summary = ingest_paths(engine, [tmp_path])
    failed = dict((Path(n).name, r) for n, r in summary.failed)
    assert [Path(n).name for n, _ in summary.new] == ["good.txt"]
    assert set(failed) == {"empty.txt", "binary.txt", "broken.pdf", "fake.docx", "dangling.txt"}
    assert all(reason.strip() and "\n" not in reason for reason in failed.values())
    assert count(engine) == 1


def test_unreadable_file_is_reported_not_fatal(engine, tmp_path: Path):
    locked = tmp_path / "locked.txt"
    locked.write_text(VERDICT, encoding="utf-8")
    if os.geteuid() == 0:  # root reads anything: use a folder where a file is expected instead
        locked.unlink()
        locked.mkdir()
        (locked / "inner.bin").write_bytes(b"\x00\x01")
        target = [locked / "inner.bin"]
    else:
        locked.chmod(0)
        target = [locked]
    summary = ingest_paths(engine, target)
    assert summary.new == [] and len(summary.failed) == 1


def test_zip_archives_are_opened_and_gold_files_beside_documents_are_skipped(engine, tmp_path: Path):
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("cases/one.txt", VERDICT)
        zf.writestr("cases/one.gold.json", "{}")
        zf.writestr("cases/two.txt", VERDICT.replace("КАРИМОВА", "ОМАРОВА"))
    summary = ingest_paths(engine, [archive])
    assert sorted(n.split(":")[-1] for n, _ in summary.new) == ["cases/one.txt", "cases/two.txt"]


def test_a_missing_path_is_a_failure_with_a_reason(engine, tmp_path: Path):
    summary = ingest_paths(engine, [tmp_path / "nope"])
    assert summary.failed == [(str(tmp_path / "nope"), "no such file or folder")]


def test_documents_get_kind_language_and_offset_map(engine, tmp_path: Path):
    (tmp_path / "v.txt").write_text(VERDICT, encoding="utf-8")
    ingest_paths(engine, [tmp_path])
    with engine.connect() as conn:
        row = conn.execute(select(documents)).one()
    assert row.kind == "verdict" and row.language == "ru"
    assert row.offset_map and row.offset_map[0][0] == 0
