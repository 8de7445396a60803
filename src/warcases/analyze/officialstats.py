"""Official statistics: read a CSV/XLSX table of published figures, check every cell, store it
with its citation, and read it back with conflicting sources side by side.

One row of the input is one figure: jurisdiction, indicator, article, period, value, and the
citation (publisher, title, url, date_published, table, note). Problems that make a figure
unusable (text in a number cell, an unknown indicator, a missing citation, an unreadable
period) stop the import with every problem listed by file, row and column; nothing is
written. What can be kept without guessing (a partial period such as "2025 (11 months)", a
qualified number such as "не менее 93", a repeated row) is kept and a note is recorded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from warcases.analyze.indicators import Catalog, load_catalog
from warcases.analyze.schema import official_stats, stat_notes
from warcases.analyze.statscells import CITATION, check_row
from warcases.analyze.statsfile import Problem, StatsInputError, read_records

REQUIRED = ("jurisdiction", "indicator", "period", "value")
KEY = ("jurisdiction", "indicator", "article", "period", "period_end", "url", "source_table")


@dataclass(frozen=True)
class Note:
    row: int | None
    level: str  # note | warning
    message: str


@dataclass
class Parsed:
    source: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass
class ImportSummary:
    source: str
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[Note] = field(default_factory=list)


# --- checking --------------------------------------------------------------------------------


__all__ = [
    "Problem",
    "StatsInputError",
    "import_shipped",
    "import_stats",
    "official_cells",
    "parse_file",
]


def parse_file(path: Path, catalog: Catalog | None = None) -> Parsed:
    """Check every row of a statistics file; :class:`StatsInputError` lists all problems."""
    catalog = catalog or load_catalog()
    parsed = Parsed(path.name)
    problems: list[Problem] = []
    seen: dict[tuple, tuple[int, dict[str, Any]]] = {}
    mapped_headers: dict[str, dict[str, str]] = {}
    for lineno, sheet, record in read_records(path):
        where = f"{path.name}" + (f"[{sheet}]" if sheet else "")
        headers = mapped_headers.get(sheet)
        if headers is None:
            headers = _map_headers(list(record), catalog, where, problems, parsed)
            mapped_headers[sheet] = headers
        cells = {headers[h]: v for h, v in record.items() if h in headers}
        row, row_problems, row_notes = check_row(cells, catalog)
        problems += [Problem(where, lineno, col, msg) for col, msg in row_problems]
        parsed.notes += [Note(lineno, lvl, msg) for lvl, msg in row_notes]
        if row_problems:
            continue
        row["source_file"], row["source_row"] = path.name, lineno
        key = tuple(row[k] for k in KEY)
        if key in seen:
            first_line, first = seen[key]
            if (first["value"], first["qualifier"]) == (row["value"], row["qualifier"]):
                parsed.notes.append(
                    Note(lineno, "note", f"row {lineno} repeats row {first_line}: imported once")
                )
            else:
                problems.append(
                    Problem(
                        where,
                        lineno,
                        "value",
                        f"the same source gives {first['value']} in row {first_line} and "
                        f"{row['value']} here for the same cell: keep one, or tell them apart "
                        "in the 'table' column",
                    )
                )
            continue
        seen[key] = (lineno, row)
        parsed.rows.append(row)
    if problems:
        raise StatsInputError(problems)
    if not parsed.rows:
        raise StatsInputError([Problem(path.name, None, None, "no data rows")])
    return parsed


def _map_headers(
    headers: list[str], catalog: Catalog, where: str, problems: list[Problem], parsed: Parsed
) -> dict[str, str]:
    from warcases.analyze.indicators import fold

    mapping: dict[str, str] = {}
    for h in headers:
        target = catalog.columns.get(fold(h)) if h else None
        if target and target not in mapping.values():
            mapping[h] = target
        elif h:
            parsed.notes.append(
                Note(
                    None,
                    "warning",
                    f"{where}: column {h!r} is not a statistics field and was not imported",
                )
            )
    missing = [c for c in (*REQUIRED, *CITATION) if c not in mapping.values()]
    if missing:
        problems.append(
            Problem(
                where,
                1,
                None,
                f"missing column(s) {', '.join(missing)}; every figure needs "
                f"{', '.join(REQUIRED)} and a citation ({', '.join(CITATION)})",
            )
        )
    return mapping


# --- storing ---------------------------------------------------------------------------------


def import_stats(engine: Engine, path: Path) -> ImportSummary:
    """Check and store one statistics file in one transaction: all rows or none."""
    parsed = parse_file(Path(path))
    with engine.begin() as conn:
        return store_parsed(conn, parsed)


def import_shipped(engine: Engine) -> ImportSummary:
    """Import the statistics file shipped with warcases (``knowledge/stats/kz_published.csv``:
    published figures for Kazakhstan and its neighbours, each with its source).

    Idempotent: running it again changes nothing and reports every figure as unchanged; a
    newer shipped file updates the figures it changed (with a note) and adds the new ones.
    """
    from warcases.analyze.indicators import PUBLISHED_FILE

    return import_stats(engine, PUBLISHED_FILE)


def store_parsed(conn: Connection, parsed: Parsed) -> ImportSummary:
    summary = ImportSummary(parsed.source, notes=list(parsed.notes))
    conn.execute(delete(stat_notes).where(stat_notes.c.source_file == parsed.source))
    ids_by_line: dict[int, int] = {}
    for row in parsed.rows:
        cond = [official_stats.c[k] == row[k] for k in KEY]
        old = conn.execute(select(official_stats).where(*cond)).one_or_none()
        if old is None:
            result = conn.execute(insert(official_stats).values(**row))
            new_id = result.inserted_primary_key[0] if result.inserted_primary_key else 0
            summary.inserted += 1
        else:
            new_id = old.id
            changed = {k: v for k, v in row.items() if old._mapping[k] != v}
            if set(changed) - {"source_file", "source_row"}:
                conn.execute(
                    update(official_stats).where(official_stats.c.id == old.id).values(**row)
                )
                summary.updated += 1
                if "value" in changed:
                    summary.notes.append(
                        Note(
                            row["source_row"],
                            "warning",
                            f"value changed from {old.value} to {row['value']} on re-import",
                        )
                    )
            else:
                if changed:
                    conn.execute(
                        update(official_stats)
                        .where(official_stats.c.id == old.id)
                        .values(**changed)
                    )
                summary.unchanged += 1
        ids_by_line[row["source_row"]] = int(new_id)
    for note in summary.notes:
        conn.execute(
            insert(stat_notes).values(
                stat_id=ids_by_line.get(note.row) if note.row is not None else None,
                source_file=parsed.source,
                source_row=note.row,
                level=note.level,
                message=note.message,
            )
        )
    return summary


# --- reading back ----------------------------------------------------------------------------


@dataclass
class Cell:
    """All published figures for one (jurisdiction, indicator, article, period)."""

    jurisdiction: str
    indicator: str
    article: str
    period: str
    figures: list[dict[str, Any]]

    @property
    def conflict(self) -> bool:
        return len({(f["value"], f["qualifier"], f["period_end"]) for f in self.figures}) > 1


def official_rows(conn: Connection, jurisdiction: str | None = None) -> list[dict[str, Any]]:
    q = select(official_stats).order_by(
        official_stats.c.jurisdiction,
        official_stats.c.indicator,
        official_stats.c.article,
        official_stats.c.period_start,
        official_stats.c.period_end,
        official_stats.c.value,
        official_stats.c.publisher,
        official_stats.c.url,
        official_stats.c.source_table,
    )
    if jurisdiction:
        q = q.where(official_stats.c.jurisdiction == jurisdiction.upper())
    return [dict(r._mapping) for r in conn.execute(q)]


def official_cells(engine: Engine, jurisdiction: str | None = None) -> list[Cell]:
    """Figures grouped by cell, sources side by side (never averaged), in a stable order."""
    with engine.connect() as conn:
        rows = official_rows(conn, jurisdiction)
    grouped: dict[tuple[str, str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        grouped[(r["jurisdiction"], r["indicator"], r["article"], r["period"])].append(r)
    cells = [Cell(*key, figures=figs) for key, figs in grouped.items()]
    cells.sort(
        key=lambda c: (
            c.jurisdiction,
            c.indicator,
            c.article,
            c.figures[0]["period_start"],
            c.period,
        )
    )
    return cells


def import_notes(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(stat_notes).order_by(
                stat_notes.c.source_file, stat_notes.c.source_row, stat_notes.c.message
            )
        )
        return [dict(r._mapping) for r in rows]
