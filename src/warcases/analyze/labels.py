"""Russian and English labels for tables, charts and the report (``analyze/labels.yaml``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LABELS_FILE = Path(__file__).with_name("labels.yaml")
LANGS = ("ru", "en")


@lru_cache(maxsize=2)
def _load(path: Path = LABELS_FILE) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


class Labels:
    """``ui("title")``, ``table("by_year")``, ``value("formations", "wagner")`` in one language."""

    def __init__(self, lang: str = "ru"):
        if lang not in LANGS:
            raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
        self.lang = lang
        self._data = _load()

    def ui(self, key: str, **fmt: Any) -> str:
        entry = self._data["ui"].get(key)
        text = entry[self.lang] if entry else key
        return text.format(**fmt) if fmt else text

    def table(self, name: str) -> str:
        entry = self._data["tables"].get(name)
        return entry[self.lang] if entry else name

    def value(self, field: str, value: Any) -> str:
        if value is None:
            return self.ui("not_stated")
        if isinstance(value, bool):
            return self.ui("yes" if value else "no")
        entry = self._data["values"].get(field, {}).get(str(value))
        return entry[self.lang] if entry else str(value)
