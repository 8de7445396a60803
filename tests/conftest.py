"""Shared fixtures: a fresh SQLite store per test, and a throw-away PostgreSQL cluster."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def engine(sqlite_url: str):
    from warcases.store.db import make_engine, migrate

    eng = make_engine(sqlite_url)
    migrate(eng)
    yield eng
    eng.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    runner = shutil.which("runuser")
    return [runner, "-u", "postgres", "--", *cmd] if runner else ["su", "postgres", "-c", " ".join(cmd)]


@pytest.fixture(scope="session")
def pg_url():
    """A private PostgreSQL cluster on a free port; skips when no server is installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.skip("PostgreSQL server not installed (make test installs it through apt)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg not installed")
    bindir = Path(found[-1]).parent
    base = Path(tempfile.mkdtemp(prefix="warcases-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
    port = _free_port()
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
                   check=True, capture_output=True)
    subprocess.run(
        _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(base / "log"), "-o",
                      f"-p {port} -k {sock} -c listen_addresses=''", "start"]),
        check=True, capture_output=True,
    )
    try:
        deadline = time.time() + 15
        url = f"postgresql+psycopg://postgres@/postgres?host={sock}&port={port}"
        from sqlalchemy import create_engine, text

        while True:
            try:
                eng = create_engine(url, isolation_level="AUTOCOMMIT")
                with eng.connect() as conn:
                    conn.execute(text("CREATE DATABASE warcases"))
                eng.dispose()
                break
            except Exception:
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
        yield f"postgresql+psycopg://postgres@/warcases?host={sock}&port={port}"
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
