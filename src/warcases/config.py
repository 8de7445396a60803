"""Settings read from the environment, with their defaults in one place."""

from __future__ import annotations

import os

DEFAULT_MAX_FILE_MB = 50.0


def max_file_bytes(override_mb: float | None = None) -> int:
    """Largest file `ingest` accepts: ``--max-size`` or ``WARCASES_MAX_FILE_MB`` (default 50)."""
    if override_mb is not None:
        mb = override_mb
    else:
        raw = os.environ.get("WARCASES_MAX_FILE_MB")
        try:
            mb = float(raw) if raw else DEFAULT_MAX_FILE_MB
        except ValueError as exc:
            raise ValueError(f"WARCASES_MAX_FILE_MB must be a number of megabytes, not {raw!r}") from exc
    return int(mb * 1024 * 1024)
