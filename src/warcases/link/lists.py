"""``warcases import-list FILE --kind contracts|casualties``: name lists and casualty records.

The header row is found and each column given a field from ``knowledge/names/lists.yaml``
(Russian, Ukrainian and English headers); ``--map COLUMN=FIELD`` overrides a guess, COLUMN
being the header text or a 1-based column number. Cells are cleaned: blanks and placeholders
("removed", "н/д") become nothing, dates of any usual shape become ISO, several URLs in one
cell become a list, Russian region names become ``ru/<code>`` through a regNames.csv table,
Central Asian places a region id. Each file is one transaction: a fatal problem (no name
column, unreadable encoding, no text layer) imports nothing; doubtful cells (a birth year of
1883 or 2031, a repeated row) are reported as warnings, or refused with ``strict``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, insert, select

from warcases.link.dates import parse_date
from warcases.link.names import keys_of, parse_name
from warcases.link.schema import list_records, list_sources
from warcases.link.tables import ListError, RawTable, read_table

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge" / "names" / "lists.yaml"
KINDS = {"contracts": "contract", "casualties": "casualty"}
URL = re.compile(r"https?://[^\s,;|\"'<>()]+")
NAME_FIELDS = ("name", "surname", "given", "patronymic")


@dataclass
class ImportResult:
    path: str
    kind: str
    source_id: int | None = None
    n_rows: int = 0
    n_records: int = 0
    duplicates: int = 0
    already_imported: bool = False
    column_map: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _knowledge() -> dict[str, Any]:
    return yaml.safe_load(KNOWLEDGE.read_text(encoding="utf-8"))


def _norm_header(text: Any) -> str:
    s = str(text or "").lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")
    s = re.sub(r"[^\w' ]+", " ", s)
    return " ".join(s.split())


@lru_cache(maxsize=1)
def _synonyms() -> list[tuple[str, str]]:
    pairs = [(_norm_header(s), f) for f, items in _knowledge()["columns"].items() for s in items]
    return sorted(pairs, key=lambda p: -len(p[0]))


def guess_field(header: Any) -> str | None:
    """The field a column header names ("Дата народження" → birth_date), or None."""
    h = _norm_header(header)
    if not h:
        return None
    for syn, fld in _synonyms():
        if h == syn or h.replace(" ", "") == syn.replace(" ", ""):
            return fld
    padded = f" {h} "
    for syn, fld in _synonyms():
        if len(syn) > 2 and f" {syn} " in padded:
            return fld
    return None


def _find_header(table: RawTable) -> int:
    best, best_hits = 0, 0
    for i, row in enumerate(table.rows[:10]):
        hits = sum(1 for cell in row if guess_field(cell))
        if hits > best_hits:
            best, best_hits = i, hits
    return best


def column_map(headers: list[Any], overrides: dict[str, str], path: Path) -> dict[int, str]:
    """Column index → field; ``overrides`` by header text or 1-based number win."""
    fields = set(_knowledge()["columns"])
    mapping: dict[int, str] = {}
    for key, fld in overrides.items():
        if fld not in fields and fld != "ignore":
            raise ListError(f"--map {key}={fld}: unknown field {fld!r}; fields: {', '.join(sorted(fields))}")
        if key.isdigit() and 1 <= int(key) <= len(headers):
            idx = int(key) - 1
        else:
            matches = [i for i, h in enumerate(headers) if _norm_header(h) == _norm_header(key)]
            if not matches:
                raise ListError(
                    f"{path}: --map {key}={fld}: no column {key!r}; columns: "
                    + ", ".join(f"{i + 1}:{h}" for i, h in enumerate(headers))
                )
            idx = matches[0]
        mapping[idx] = fld
    taken = set(mapping.values())
    for i, h in enumerate(headers):
        if i in mapping:
            continue
        fld = guess_field(h)
        if fld and fld not in taken:
            mapping[i] = fld
            taken.add(fld)
    return {i: f for i, f in mapping.items() if f != "ignore"}


def _blank(value: Any) -> bool:
    if value is None:
        return True
    s = str(value).strip().lower()
    return s in _knowledge()["blank"] or (isinstance(value, float) and value != value)


def _text(value: Any) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    return {str(n).lower(): code for code, names in _knowledge()["countries"].items() for n in names}


def _country(value: str | None) -> str | None:
    if not value:
        return None
    return _countries().get(value.strip().lower().strip("."))


class RegionMapper:
    """Region names → ids: Russian regions through a regNames.csv (English or Russian name → ru/<code>),
    Central Asian places through ``warcases.extract.places.region_of`` when installed."""

    def __init__(self, regnames: Path | None = None) -> None:
        self.table: dict[str, str] = {}
        if regnames is not None:
            self.load(regnames)

    def load(self, path: Path) -> None:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                code = (row.get("regNameISO") or "").strip()
                if not code:
                    continue
                rid = f"{code[:2].lower()}/{code[3:].lower()}" if re.fullmatch(r"[A-Z]{2}-\w+", code) else f"ru/{code.lower()}"
                for col in ("regNameEng", "regName"):
                    if row.get(col):
                        self.table[row[col].strip().lower()] = rid

    def __call__(self, value: str | None) -> str | None:
        if not value:
            return None
        low = value.strip().lower()
        if re.fullmatch(r"[a-z]{2}/[a-z0-9\-]+", low):
            return low
        if low in self.table:
            return self.table[low]
        try:
            from warcases.extract.places import region_of
        except ImportError:
            return None
        try:
            return region_of(value)
        except Exception:  # noqa: BLE001 - a region we cannot place stays raw
            return None


def _birth_window() -> tuple[int, int]:
    spec = _knowledge()["birth_years"]
    return int(spec["min"]), dt.date.today().year - int(spec["max_age_below"])


def _record(cells: dict[str, Any], kind: str, country: str | None, regions: RegionMapper,
            where: str, warnings: list[str]) -> dict[str, Any]:
    text = {f: _text(v) for f, v in cells.items()}
    name = text.get("name")
    if not name:
        name = " ".join(p for p in (text.get("surname"), text.get("given"), text.get("patronymic")) if p) or None
    parts = parse_name(name, "surname_first") if name else None
    birth_date = parse_date(cells.get("birth_date")) if not _blank(cells.get("birth_date")) else None
    birth_year_raw = cells.get("birth_year")
    year_text = parse_date(birth_year_raw) if not _blank(birth_year_raw) else None
    birth_year = int((birth_date or year_text or "")[:4]) if (birth_date or year_text) else None
    if text.get("birth_date") and not birth_date:
        warnings.append(f"{where}: birth date {text['birth_date']!r} not understood; left blank")
    lo, hi = _birth_window()
    if birth_year is not None and not lo <= birth_year <= hi:
        warnings.append(
            f"{where}: birth year {birth_year} is implausible (expected {lo}–{hi}); left blank"
        )
        birth_year = birth_date = None
    age = None
    if text.get("age") and re.fullmatch(r"\d{1,3}", text["age"]):
        age = int(text["age"])
    region_raw = text.get("region") or text.get("place")
    return {
        "kind": kind,
        "name": parts.display if parts else None,
        "name_key": keys_of(parts).full if parts else None,
        "surname": parts.surname if parts else None,
        "given": parts.given if parts else None,
        "patronymic": parts.patronymic if parts else None,
        "birth_date": birth_date if birth_date and len(birth_date) > 4 else None,
        "birth_year": birth_year,
        "age": age,
        "contract_date": parse_date(cells.get("contract_date")) if text.get("contract_date") else None,
        "death_date": parse_date(cells.get("death_date")) if text.get("death_date") else None,
        "region_raw": region_raw,
        "region": regions(region_raw),
        "country": _country(text.get("country")) or country,
        "unit": text.get("unit"),
        "formations": [],
        "source_urls": URL.findall(str(cells.get("source") or "")),
        "external_id": (text.get("external_id") or "")[:64] or None,
    }


def import_list(
    engine: Engine,
    path: Path,
    kind: str,
    *,
    mapping: dict[str, str] | None = None,
    country: str | None = None,
    encoding: str | None = None,
    regions_file: Path | None = None,
    source_url: str | None = None,
    strict: bool = False,
    anonymous: bool = False,
) -> ImportResult:
    """Import one file in one transaction; raises ``ListError`` and imports nothing on a fatal problem."""
    if kind not in KINDS:
        raise ListError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    path = Path(path)
    if not path.is_file():
        raise ListError(f"{path}: no such file")
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    result = ImportResult(str(path), kind)
    with engine.connect() as conn:
        known = conn.execute(select(list_sources.c.id).where(list_sources.c.sha256 == sha)).scalar()
    if known is not None:
        result.source_id, result.already_imported = known, True
        return result
    table = read_table(path, encoding, data)
    head = _find_header(table)
    headers = [str(h).strip() for h in table.rows[head]]
    cols = column_map(headers, mapping or {}, path)
    result.column_map = {headers[i] or str(i + 1): f for i, f in sorted(cols.items())}
    if not set(cols.values()) & set(NAME_FIELDS) and not anonymous:
        raise ListError(
            f"{path}: no name column among the headers ({', '.join(h or '?' for h in headers)}); "
            "name it with --map 'COLUMN=name' (or surname/given/patronymic), "
            "or pass --anonymous for a list without names"
        )
    regions = RegionMapper()
    guess = regions_file or (path.parent / "regNames.csv")
    if guess.is_file():
        regions.load(guess)
    result.warnings.extend(table.notes)
    seen: dict[tuple, int] = {}
    rows: list[dict[str, Any]] = []
    for raw, number in zip(table.rows[head + 1 :], table.row_numbers[head + 1 :], strict=True):
        where = f"{path.name}, row {number}"
        signature = tuple(str(c).strip() for c in raw)
        result.n_rows += 1
        if signature in seen:
            result.duplicates += 1
            result.warnings.append(f"{where}: repeats row {seen[signature]}; imported once")
            continue
        seen[signature] = number
        cells = {f: raw[i] if i < len(raw) else None for i, f in cols.items()}
        record = _record(cells, KINDS[kind], country, regions, where, result.warnings)
        record["row_number"] = number
        record["raw"] = {(headers[i] if i < len(headers) and headers[i] else str(i + 1)): _text(c)
                         for i, c in enumerate(raw) if _text(c) is not None}
        rows.append(record)
    if not rows:
        raise ListError(f"{path}: no data rows under the header row")
    if strict and result.warnings:
        raise ListError(f"{path}: {len(result.warnings)} problem(s) and --strict: " + "; ".join(result.warnings[:5]))
    now = dt.datetime.now(dt.timezone.utc)
    with engine.begin() as conn:
        source_id = conn.execute(
            insert(list_sources).values(
                sha256=sha, kind=kind, country=country, format=table.format, path=str(path),
                source_url=source_url, encoding=table.encoding, column_map=result.column_map,
                n_rows=result.n_rows, n_records=len(rows), warnings=result.warnings, imported_at=now,
            )
        ).inserted_primary_key[0]
        for r in rows:
            r["id"] = f"list/{source_id}/{r['row_number']}"
            r["source_id"] = source_id
        conn.execute(insert(list_records), rows)
    result.source_id, result.n_records = int(source_id), len(rows)
    return result


__all__ = ["ImportResult", "ListError", "RegionMapper", "column_map", "guess_field", "import_list"]
