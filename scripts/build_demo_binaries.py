#!/usr/bin/env python3
"""Build the DOCX and PDF documents of the demo corpus from their text sources.

Sources live in ``scripts/demo_src/<folder>/<name>.<docx|pdf>.txt`` (UTF-8, one paragraph per
line); each becomes ``data/demo/<folder>/<name>.<docx|pdf>``. The gold file for it
(``data/demo/<folder>/<name>.gold.json``) is written by hand and is not touched here.

- DOCX: python-docx, one paragraph per source line (blank lines become empty paragraphs).
- PDF: fpdf2, A4, DejaVu Sans (Cyrillic and Kazakh letters), ``multi_cell`` per line, so the
  PDF has a real text layer.

Output is deterministic: fixed creation dates, fixed core properties, fixed ZIP timestamps, so
re-running the script gives byte-identical files.

Usage: ``.venv/bin/python scripts/build_demo_binaries.py [--check]`` (``--check`` only reports
files that would change and exits 1 if any would).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "scripts" / "demo_src"
OUT = ROOT / "data" / "demo"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FIXED = dt.datetime(2026, 1, 15, 12, 0, 0, tzinfo=dt.timezone.utc)
ZIP_TIME = (2026, 1, 15, 12, 0, 0)


def build_docx(lines: list[str]) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    for line in lines:
        doc.add_paragraph(line)
    props = doc.core_properties
    props.author = "warcases demo corpus"
    props.last_modified_by = "warcases demo corpus"
    props.title = lines[0] if lines else ""
    props.created = FIXED.replace(tzinfo=None)
    props.modified = FIXED.replace(tzinfo=None)
    props.last_printed = FIXED.replace(tzinfo=None)
    props.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with sorted-as-written entries and fixed timestamps."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_pdf(lines: list[str]) -> bytes:
    from fpdf import FPDF

    if not FONT.exists():
        sys.exit(f"{FONT}: font not found; install fonts-dejavu-core")
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(FIXED)
    pdf.set_producer("warcases demo corpus")
    pdf.set_creator("warcases demo corpus")
    pdf.set_title(lines[0] if lines else "")
    pdf.set_margins(20, 18, 15)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    for line in lines:
        if not line.strip():
            pdf.ln(3)
            continue
        pdf.multi_cell(0, 5.5, line.rstrip(), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


BUILDERS = {"docx": build_docx, "pdf": build_pdf}


def targets() -> list[tuple[Path, Path, str]]:
    found = []
    for src in sorted(SRC.rglob("*.txt")):
        name = src.name[: -len(".txt")]
        ext = name.rsplit(".", 1)[-1] if "." in name else ""
        if ext not in BUILDERS:
            continue
        found.append((src, OUT / src.parent.relative_to(SRC) / name, ext))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report files that would change, write nothing")
    args = parser.parse_args()
    changed = 0
    for src, dst, ext in targets():
        lines = src.read_text(encoding="utf-8").splitlines()
        data = BUILDERS[ext](lines)
        same = dst.exists() and dst.read_bytes() == data
        if not same:
            changed += 1
            if not args.check:
                dst.parent.mkdir(parents=True, exist_ok=True)
                dst.write_bytes(data)
        state = "unchanged" if same else ("would change" if args.check else "written")
        print(f"{dst.relative_to(ROOT)}: {state} ({len(data)} bytes)")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
