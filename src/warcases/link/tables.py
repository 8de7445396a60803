"""Reading a table out of a CSV, XLSX or PDF file: rows of cells, nothing interpreted yet.

CSV: the encoding is UTF-8 (with or without BOM) or detected with charset-normalizer; a file
whose encoding cannot be told is refused with a message naming ``--encoding``. XLSX: the first
sheet with data (openpyxl, values not formulas). PDF: the text layer through pypdfium2, each
text run placed in the column whose header it sits under; a PDF without a text layer is
refused with a pointer to OCR.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".pdf": "pdf"}


class ListError(ValueError):
    """A list file that cannot be imported; the message says which file and what to do."""


@dataclass
class RawTable:
    format: str
    rows: list[list[Any]]  # every non-empty row, header rows included
    row_numbers: list[int]  # where each row sits in the file (line, sheet row, or page*1000+line)
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)


def read_table(path: Path, encoding: str | None = None, data: bytes | None = None) -> RawTable:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ListError(
            f"{path}: unknown table format {path.suffix or '(none)'}; use CSV, XLSX or PDF"
        )
    data = path.read_bytes() if data is None else data
    if not data.strip():
        raise ListError(f"{path}: the file is empty")
    if fmt == "csv":
        return _read_csv(path, data, encoding)
    if fmt == "xlsx":
        return _read_xlsx(path, data)
    return _read_pdf(path, data)


# ---------------------------------------------------------------------------------------- CSV


def decode(path: Path, data: bytes, encoding: str | None) -> tuple[str, str]:
    """Text and the encoding it was read in; a ``ListError`` when that cannot be told."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as exc:
            raise ListError(f"{path}: cannot read it as {encoding}: {exc}") from exc
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    text = str(best) if best is not None else None
    if best is None or best.chaos > 0.2 or not text or _unprintable_share(text) > 0.02:
        raise ListError(
            f"{path}: cannot tell the text encoding (not UTF-8, and detection is unsure); "
            "save the table as UTF-8 CSV or name the encoding, e.g. --encoding cp1251"
        )
    return text, best.encoding


def _unprintable_share(text: str) -> float:
    bad = sum(1 for c in text if not c.isprintable() and c not in "\r\n\t")
    return bad / max(len(text), 1)


def _read_csv(path: Path, data: bytes, encoding: str | None) -> RawTable:
    if b"\x00" in data[:4096] and not (encoding or "").lower().startswith("utf-16"):
        if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ListError(
                f"{path}: this looks like a binary file, not a text table; "
                "export it as CSV (UTF-8) or XLSX"
            )
        encoding = "utf-16"
    text, used = decode(path, data, encoding)
    if _unprintable_share(text) > 0.02:
        raise ListError(f"{path}: the text holds control characters; is it really a CSV table?")
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows, numbers = [], []
    for i, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if any(cell.strip() for cell in row):
            rows.append(row)
            numbers.append(i)
    return RawTable("csv", rows, numbers, used)


# --------------------------------------------------------------------------------------- XLSX


def _read_xlsx(path: Path, data: bytes) -> RawTable:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds
        raise ListError(f"{path}: not a readable XLSX workbook ({exc})") from exc
    for sheet in book.worksheets:
        rows, numbers = [], []
        for i, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else v for v in row]
            if any(str(c).strip() for c in cells):
                rows.append(cells)
                numbers.append(i)
        if rows:
            notes = [f"read sheet {sheet.title!r}"] if len(book.worksheets) > 1 else []
            return RawTable("xlsx", rows, numbers, None, notes)
    raise ListError(f"{path}: the workbook has no data")


# ---------------------------------------------------------------------------------------- PDF


@dataclass(frozen=True)
class _Run:
    left: float
    bottom: float
    right: float
    top: float
    text: str

    @property
    def middle(self) -> float:
        return (self.bottom + self.top) / 2


def _page_runs(page: Any) -> list[_Run]:
    tp = page.get_textpage()
    runs = []
    for i in range(tp.count_rects()):
        left, bottom, right, top = tp.get_rect(i)
        text = " ".join(tp.get_text_bounded(left, bottom, right, top).split())
        if text:
            runs.append(_Run(left, bottom, right, top, text))
    return runs


def _lines(runs: list[_Run]) -> list[list[_Run]]:
    if not runs:
        return []
    heights = sorted(r.top - r.bottom for r in runs)
    tol = max(heights[len(heights) // 2] / 2, 1.0)
    lines: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: -r.middle):
        if lines and abs(lines[-1][0].middle - run.middle) <= tol:
            lines[-1].append(run)
        else:
            lines.append([run])
    return [sorted(line, key=lambda r: r.left) for line in lines]


def _read_pdf(path: Path, data: bytes) -> RawTable:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - pdfium raises PdfiumError and others
        raise ListError(f"{path}: not a readable PDF ({exc})") from exc
    pages = [_lines(_page_runs(doc[i])) for i in range(len(doc))]
    if not any(pages):
        raise ListError(
            f"{path}: the PDF has no text layer (a scan or photo of a list); run OCR first, "
            "e.g. `ocrmypdf --language rus+kaz in.pdf out.pdf` or `warcases ingest` with OCR, "
            "then import the OCR'd PDF or a CSV/XLSX made from it"
        )
    header: list[_Run] | None = None
    anchors: list[float] = []
    rows: list[list[Any]] = []
    numbers: list[int] = []
    for pno, lines in enumerate(pages, start=1):
        for lno, line in enumerate(lines, start=1):
            texts = [r.text for r in line]
            if header is None:
                if len(line) >= 2:
                    header, anchors = line, [r.left for r in line]
                    rows.append(texts)
                    numbers.append(pno * 1000 + lno)
                continue
            if texts == [r.text for r in header]:
                continue  # the header repeated on a new page
            cells = [""] * len(anchors)
            for run in line:
                col = max((i for i, a in enumerate(anchors) if a <= run.left + 3), default=0)
                cells[col] = f"{cells[col]} {run.text}".strip()
            rows.append(cells)
            numbers.append(pno * 1000 + lno)
    if header is None:
        raise ListError(f"{path}: no table found in the PDF's text (no line with two or more columns)")
    return RawTable("pdf", rows, numbers, None, [f"PDF table read from the text layer, {len(doc)} page(s)"])


__all__ = ["FORMATS", "ListError", "RawTable", "decode", "read_table"]
