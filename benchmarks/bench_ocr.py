"""OCR of scanned verdicts: seconds per page, text recovered, and the facts extracted from it.

Draws synthetic fictional verdicts (benchmarks/synth.py) as 300-dpi A4 scans, wraps them into
an image-only PDF and reads it with warcases' PDF reader (tesseract rus+kaz+eng, one thread per
process). The baseline, in the same run, is tesseract on the same page images with its default
threading (what one gets without OMP_THREAD_LIMIT=1). Text recovered = similarity of the OCR text
to the drawn text (rapidfuzz ratio, whitespace folded); facts = the verdict extractor's charges
and sentence months on the OCR text against the same on the drawn text.
The same pages turned upside down measure the second reading with orientation detection.
Usage: python benchmarks/bench_ocr.py [--pages 4]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synth import corpus

FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path(__file__).resolve().parents[1] / "src/warcases/analyze/fonts/WarcasesSans.ttf",
]
LINES_PER_PAGE = 38


def pages_of(text: str) -> list[list[str]]:
    lines: list[str] = []
    for para in text.split("\n"):
        lines += textwrap.wrap(para, 70) or [""]
    return [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]


def draw(lines: list[str]):
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(next(p for p in FONTS if p.is_file())), 42)
    page = Image.new("L", (2480, 3508), 255)
    d = ImageDraw.Draw(page)
    for i, line in enumerate(lines):
        d.text((180, 180 + 80 * i), line, font=font, fill=0)
    return page


def flat(s: str) -> str:
    return " ".join(s.split())


def facts(text: str) -> tuple:
    from warcases.extract.verdict import extract_verdict
    from warcases.model import DocumentText

    got = extract_verdict(DocumentText(0, text, "verdict", "ru"))
    return tuple(sorted((f.prop, str(f.value)) for f in got if f.prop in ("charges", "sentence.months")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=4)
    args = ap.parse_args()
    if shutil.which("tesseract") is None:
        sys.exit("tesseract is not installed: apt-get install tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz")
    from rapidfuzz import fuzz

    from warcases.ingest.ocr import ocr_settings
    from warcases.ingest.readers import read_bytes

    texts, images = [], []
    for verdict in corpus(args.pages):  # one synthetic verdict per page budget
        for lines in pages_of(verdict):
            if len(images) < args.pages:
                texts.append("\n".join(lines))
                images.append(draw(lines))
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=300, save_all=True, append_images=images[1:])
    pdf = out.getvalue()

    t0 = time.perf_counter()
    doc = read_bytes("scan.pdf", pdf, ocr_settings("always"))
    ours = time.perf_counter() - t0
    ocr_text = doc.text if not isinstance(doc, list) else doc[0].text

    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
        t0 = time.perf_counter()
        for i, img in enumerate(images):
            path = Path(tmp) / f"p{i}.png"
            img.save(path, dpi=(300, 300))
            subprocess.run(["tesseract", str(path), "stdout", "-l", "rus+kaz+eng", "--dpi", "300"],
                           check=True, capture_output=True, env=env)
        base = time.perf_counter() - t0

    # The same pages scanned upside down: read a second time with orientation detection.
    out = io.BytesIO()
    turned = [img.rotate(180) for img in images]
    turned[0].save(out, format="PDF", resolution=300, save_all=True, append_images=turned[1:])
    t0 = time.perf_counter()
    upside = read_bytes("turned.pdf", out.getvalue(), ocr_settings("always"))
    rotated = time.perf_counter() - t0
    turned_similarity = fuzz.ratio(flat("\n".join(texts)), flat(upside.text)) / 100

    n = len(images)
    similarity = fuzz.ratio(flat("\n".join(texts)), flat(ocr_text)) / 100
    same_facts = facts("\n".join(texts)) == facts(ocr_text)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    print(f"{n} scanned A4 pages at 300 dpi (synthetic fictional verdicts)")
    print(f"warcases PDF reader, OMP_THREAD_LIMIT=1 : {ours / n:5.2f} s/page")
    print(f"baseline tesseract, default threads  : {base / n:5.2f} s/page")
    print(f"ratio baseline/warcases: {base / ours:.1f}x")
    turns = upside.metadata.get("ocr_rotated")
    print(f"pages scanned upside down (read twice)  : {rotated / n:5.2f} s/page, "
          f"{turned_similarity:.3f} similarity, turns recorded {turns}")
    print(f"text recovered: {similarity:.3f} similarity; charges and sentence months "
          f"{'identical' if same_facts else 'DIFFERENT'} to the drawn text's")


if __name__ == "__main__":
    main()
