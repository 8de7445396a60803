"""`warcases ingest` as a whole: idempotency, limits, archives, and a batch that survives bad files."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from fixtures.make_bad import build_bad_files, docx_bytes, pdf_bytes
from sqlalchemy import func, select, text

from warcases.ingest.pipeline import ingest_paths
from warcases.store.schema import documents

VERDICT = (
    "ПРИГОВОР\nИМЕНЕМ РЕСПУБЛИКИ КАЗАХСТАН\n15 сентября 2025 года г. Кокшетау\n"
    "Специализированный межрайонный суд по уголовным делам Акмолинской области ... в отношении "
    "КАРИМОВА ДАУРЕНА СЕРИКОВИЧА, обвиняемого в совершении уголовного правонарушения, "
    "предусмотренного ч. 1 ст. 172 УК РК.\n"
)


FIXTURES = Path(__file__).parent / "fixtures"


def fts_rows(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM documents_fts")).scalar()


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


UNREADABLE_SCRIPT = """
import json, sys
from warcases.ingest.pipeline import ingest_paths
from warcases.store.db import connect
s = ingest_paths(connect(sys.argv[1]), [sys.argv[2]])
print(json.dumps({"new": [n for n, _ in s.new], "failed": s.failed}))
"""


def _without_root_powers() -> list[str]:
    """A command prefix under which permission bits bind: nothing for an ordinary user; for root
    (CI runs as root, and root reads a chmod 000 file) setpriv drops the capabilities that let
    root ignore them."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a file unreadable for root")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def test_unreadable_files_and_folders_are_reported_and_the_rest_goes_in(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(VERDICT, encoding="utf-8")
    locked = folder / "locked.txt"
    locked.write_text(VERDICT.replace("КАРИМОВА", "ОМАРОВА"), encoding="utf-8")
    locked.chmod(0)
    closed = folder / "closed"
    closed.mkdir()
    (closed / "inside.txt").write_text(VERDICT.replace("КАРИМОВА", "ЖУМАЕВА"), encoding="utf-8")
    closed.chmod(0)
    db = tmp_path / "db"
    db.mkdir()
    try:
        run = subprocess.run(
            [*_without_root_powers(), sys.executable, "-c", UNREADABLE_SCRIPT, str(db / "s.db"),
             str(folder)],
            capture_output=True, text=True, timeout=120,
        )
    finally:
        locked.chmod(0o644)
        closed.chmod(0o755)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert [Path(n).name for n in result["new"]] == ["good.txt"]
    failed = {Path(n).name: reason for n, reason in result["failed"]}
    assert failed == {
        "closed": "cannot list folder: Permission denied",
        "locked.txt": "cannot read: Permission denied",
    }


def feed(fifo: Path) -> None:
    try:
        fifo.write_bytes(b"read from a pipe")
    except BrokenPipeError:  # released without reading: what should happen
        pass


def test_broken_links_fifos_and_folders_named_like_files_are_refused_without_hanging(
    engine, tmp_path: Path
):
    (tmp_path / "good.txt").write_text(VERDICT, encoding="utf-8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "folder.txt").mkdir()  # a folder named like a file is walked into, not read
    (tmp_path / "folder.txt" / "inner.txt").write_text(VERDICT.replace("КАРИМОВА", "ОМАРОВА"))
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    # Should ingest ever open the pipe, this writer feeds it, so the test fails instead of hanging.
    writer = threading.Thread(target=feed, args=(fifo,), daemon=True)
    writer.start()
    try:
        summary = ingest_paths(engine, [tmp_path])
        named = ingest_paths(engine, [fifo])  # named on the command line
    finally:
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))  # release the writer
        writer.join(timeout=5)
    assert sorted(Path(n).name for n, _ in summary.new) == ["good.txt", "inner.txt"]
    failed = {Path(n).name: reason for n, reason in summary.failed}
    assert failed == {
        "dangling.txt": f"broken symbolic link: {tmp_path / 'gone.txt'} does not exist",
        "loop.txt": "cannot read: Too many levels of symbolic links",
        "pipe.txt": "a named pipe (FIFO), not a regular file; refused",
    }
    assert named.new == [] and named.failed == [(str(fifo), failed["pipe.txt"])]
    assert count(engine) == 2


def test_every_bad_file_fails_with_its_reason_in_one_batch_with_good_files(engine, tmp_path: Path):
    bad = build_bad_files(tmp_path / "batch")
    good = {
        "good.pdf": pdf_bytes([VERDICT]),
        "good.docx": docx_bytes(VERDICT.splitlines()),
        "good.html": f"<html><body><p>{VERDICT}</p></body></html>".encode("cp1251"),
    }
    for name, data in good.items():
        (tmp_path / "batch" / name).write_bytes(data)
    summary = ingest_paths(engine, [tmp_path / "batch"])
    failed = {Path(n).name: reason for n, reason in summary.failed}
    skipped = {Path(n).name for n, _ in summary.skipped}
    assert sorted(Path(n).name for n, _ in summary.new) == sorted(good)
    assert skipped == {"table.xlsx", "legacy.doc"}  # found in a folder: not documents
    assert set(failed) == set(bad) - skipped
    for name, reason in failed.items():
        assert bad[name][1].lower() in reason.lower(), (name, reason)
        assert "\n" not in reason and len(reason) < 200, (name, reason)
    assert count(engine) == len(good) == fts_rows(engine)


def test_a_file_that_fails_while_being_stored_leaves_nothing_behind(engine, tmp_path: Path):
    export = json.loads((FIXTURES / "telegram_export.json").read_text(encoding="utf-8"))
    (tmp_path / "channel.json").write_text(json.dumps(export, ensure_ascii=False))
    (tmp_path / "verdict.txt").write_text(VERDICT, encoding="utf-8")
    with engine.begin() as conn:  # the database refuses the export's second message
        conn.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.text LIKE '%Условия%' "
            "BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END"
        )
    summary = ingest_paths(engine, [tmp_path])
    assert [Path(n).name for n, _ in summary.new] == ["verdict.txt"]
    ((name, reason),) = summary.failed
    assert name.endswith("channel.json")
    assert reason == "could not store: IntegrityError: refused by test trigger"
    assert count(engine) == 1 == fts_rows(engine)  # the first message was rolled back too
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER refuse")
    again = ingest_paths(engine, [tmp_path])
    assert len(again.new) == 3 and len(again.known) == 1 and again.failed == []


def test_a_telegram_export_is_idempotent_per_message(engine, tmp_path: Path):
    export = json.loads((FIXTURES / "telegram_export.json").read_text(encoding="utf-8"))
    (tmp_path / "old.json").write_text(json.dumps(export, ensure_ascii=False))
    first = ingest_paths(engine, [tmp_path / "old.json"])
    again = ingest_paths(engine, [tmp_path / "old.json"])
    newer = dict(export, messages=[*export["messages"], {
        "id": 200, "type": "message", "date": "2025-04-01T09:00:00", "text": "Набор закрыт.",
    }])
    (tmp_path / "new.json").write_text(json.dumps(newer, ensure_ascii=False))
    later = ingest_paths(engine, [tmp_path / "new.json"])
    single = dict(export, messages=[export["messages"][0]])  # an export of one message
    (tmp_path / "one.json").write_text(json.dumps(single, ensure_ascii=False))
    one = ingest_paths(engine, [tmp_path / "one.json"])
    assert (len(first.new), len(again.new), len(again.known), again.failed) == (3, 0, 3, [])
    assert len(later.new) == 1 and len(later.known) == 3
    assert one.new == [] and len(one.known) == 1
    assert count(engine) == 4


def test_html_with_scripts_and_ten_megabytes_of_navigation_goes_in_as_its_verdict(
    engine, tmp_path: Path
):
    menu = "".join(f'<li><a href="/s/{i}">Раздел номер {i}</a></li>' for i in range(170_000))
    script = "var x = 'ПРИГОВОРИЛ к пожизненному';" * 1000
    page = (
        f"<html><head><title>Суд</title><script>{script}</script></head><body>"
        f"<nav><ul>{menu}</ul></nav><script>{script}</script>"
        f"<div><p>{VERDICT.replace(chr(10), '</p><p>')}</p></div></body></html>"
    ).encode("utf-8")
    assert len(page) > 10 * 1024 * 1024
    (tmp_path / "page.html").write_bytes(page)
    summary = ingest_paths(engine, [tmp_path / "page.html"])
    assert len(summary.new) == 1 and summary.failed == []
    with engine.connect() as conn:
        row = conn.execute(select(documents)).one()
    assert row.text.startswith("ПРИГОВОР\nИМЕНЕМ РЕСПУБЛИКИ КАЗАХСТАН")
    assert "Раздел номер" not in row.text and "пожизненному" not in row.text
    assert row.kind == "verdict" and row.language == "ru"


def test_the_size_limit_comes_from_the_option_or_the_environment(engine, tmp_path, monkeypatch):
    (tmp_path / "v.txt").write_text(VERDICT * 10, encoding="utf-8")  # about 5 KB
    monkeypatch.setenv("WARCASES_MAX_FILE_MB", "0.001")
    from_env = ingest_paths(engine, [tmp_path])
    from_option = ingest_paths(engine, [tmp_path], max_mb=0.002)
    allowed = ingest_paths(engine, [tmp_path], max_mb=1)
    assert from_env.new == [] and "above the 0 MB limit" in from_env.failed[0][1]
    assert from_option.new == [] and "WARCASES_MAX_FILE_MB" in from_option.failed[0][1]
    assert len(allowed.new) == 1


def _zip_with_members(members: dict[str, str]) -> bytearray:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return bytearray(out.getvalue())


def test_damaged_and_encrypted_zip_members_fail_alone(engine, tmp_path: Path):
    members = {"damaged.txt": VERDICT * 20, "locked.txt": VERDICT * 3, "fine.txt": VERDICT}
    data = _zip_with_members(members)
    start = data.index(b"damaged.txt") + len("damaged.txt") + 40  # inside its deflate stream
    data[start : start + 4] = bytes(b ^ 0xFF for b in data[start : start + 4])
    # Flag locked.txt as encrypted in its local header and its central directory entry.
    for header, name_offset, flags_offset in ((b"PK\x03\x04", 30, 6), (b"PK\x01\x02", 46, 8)):
        at = data.find(header)
        while at >= 0:
            if data[at + name_offset : at + name_offset + 10] == b"locked.txt":
                data[at + flags_offset] |= 0x01
            at = data.find(header, at + 4)
    (tmp_path / "batch.zip").write_bytes(bytes(data))
    summary = ingest_paths(engine, [tmp_path / "batch.zip"])
    assert [n.split(":")[-1] for n, _ in summary.new] == ["fine.txt"]
    failed = {n.split(":")[-1]: reason for n, reason in summary.failed}
    assert set(failed) == {"damaged.txt", "locked.txt"}
    assert failed["damaged.txt"].startswith("cannot unpack from the zip archive: ")
    assert "encrypted" in failed["locked.txt"]
    assert all("\n" not in r for r in failed.values())


def test_a_zip_member_above_the_limit_and_a_broken_zip_are_reported(engine, tmp_path: Path):
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.txt", "а" * 3 * 1024 * 1024)  # 6 MB inflated, a few KB packed
        zf.writestr("one.txt", VERDICT)
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 cut short")
    summary = ingest_paths(engine, [tmp_path], max_mb=5)
    assert [n.split(":")[-1] for n, _ in summary.new] == ["one.txt"]
    failed = dict(summary.failed)
    assert "above the 5 MB limit" in failed[f"{archive}:big.txt"]
    assert failed[str(tmp_path / "broken.zip")].startswith("not a readable zip archive")


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
