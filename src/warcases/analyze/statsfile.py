"""Reading statistics files (CSV in any common encoding and delimiter, XLSX with any number of
sheets) into numbered rows, and the error that lists every problem by file, row and column."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.row}" if self.row is not None else "")
        return f"{where}" + (f" [{self.column}]" if self.column else "") + f": {self.message}"


class StatsInputError(ValueError):
    """The statistics file cannot be imported; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s), nothing imported:\n{lines}")


def read_records(path: Path) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(row number, sheet, {header: cell}) for every non-empty data row of a CSV or XLSX file."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        yield from _xlsx_records(path)
    elif suffix in (".csv", ".tsv", ".txt"):
        yield from _csv_records(path)
    else:
        raise StatsInputError([Problem(path.name, None, None, "expected a .csv or .xlsx file")])


def _csv_records(path: Path) -> Iterator[tuple[int, str, dict[str, Any]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is None:
            raise StatsInputError(
                [Problem(path.name, None, None, "unknown text encoding: save it as UTF-8")]
            ) from None
        text = str(best)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header: list[str] | None = None
    for lineno, cells in enumerate(reader, start=1):
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise StatsInputError(
                [
                    Problem(
                        path.name,
                        lineno,
                        None,
                        f"{len(cells)} cells but the header has {len(header)}: "
                        "quote cells that contain the delimiter",
                    )
                ]
            )
        yield lineno, "", dict(zip(header, cells, strict=False))
    if header is None:
        raise StatsInputError([Problem(path.name, None, None, "the file is empty")])


def _xlsx_records(path: Path) -> Iterator[tuple[int, str, dict[str, Any]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            header: list[str] | None = None
            for lineno, cells in enumerate(ws.iter_rows(values_only=True), start=1):
                if not any(c is not None and str(c).strip() for c in cells):
                    continue
                if header is None:
                    header = [str(c).strip() if c is not None else "" for c in cells]
                    continue
                yield lineno, ws.title, dict(zip(header, cells, strict=False))
    finally:
        wb.close()
