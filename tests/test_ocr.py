"""OCR: a scanned verdict (an image-only PDF, a PNG photo) goes in through tesseract, keeps where
each word sits on its page, is marked as OCR text, and the extractors read it at lower
confidence; without tesseract, or with OCR switched off, a scan is refused with a one-line
reason and the rest of the batch goes in.

The scans are drawn here (Pillow, DejaVu Sans); each OCR run costs about a second a page, so
there are few of them. Tests that need tesseract skip when it or its rus/kaz data is missing.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from warcases.cli import app
from warcases.ingest.ocr import parse_tsv
from warcases.ingest.ocr_boxes import span_boxes
from warcases.ingest.pipeline import ingest_paths
from warcases.ingest.readers import read_bytes
from warcases.model import ParsedDocument, Segment
from warcases.model.records import locate
from warcases.store.schema import documents, statements

REPO = Path(__file__).resolve().parents[1]
FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    REPO / "src" / "warcases" / "analyze" / "fonts" / "WarcasesSans.ttf",
]
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz"

# A fictional verdict; the Kazakh line holds ә ғ қ ң ө ұ ү і.
VERDICT = [
    "ПРИГОВОР",
    "ИМЕНЕМ РЕСПУБЛИКИ КАЗАХСТАН",
    "12 марта 2025 года г. Петропавловск",
    "Специализированный межрайонный суд по уголовным делам",
    "Северо-Казахстанской области в составе председательствующего",
    "судьи Оспановой Г.К., рассмотрев уголовное дело в отношении",
    "САПАРОВА ЕРБОЛАТА НУРЛАНОВИЧА, 04.07.1990 года рождения,",
    "гражданина Республики Казахстан, обвиняемого в совершении",
    "уголовного правонарушения, предусмотренного ч. 1 ст. 172 УК РК,",
    "П Р И Г О В О Р И Л:",
    "Сапарова Ерболата Нурлановича признать виновным в совершении",
    "уголовного правонарушения, предусмотренного ч. 1 ст. 172 УК РК,",
    "и назначить ему наказание в виде лишения свободы сроком",
    "на 5 (пять) лет с отбыванием в учреждении средней безопасности.",
    "Сот үкімі әділ: қоғам өңірі ұлттық ғұрып бойынша тексерілді.",
    "Судья Г.К. Оспанова",
]
KAZAKH_LETTERS = set("әғқңөұүі")


def _tesseract_problem() -> str | None:
    binary = shutil.which("tesseract")
    if binary is None:
        return f"tesseract is not installed ({INSTALL})"
    langs = subprocess.run(
        [binary, "--list-langs"], check=False, capture_output=True, text=True
    ).stdout
    missing = {"rus", "kaz"} - set(langs.split())
    if missing:
        return f"tesseract has no {'/'.join(sorted(missing))} language data ({INSTALL})"
    return None


needs_tesseract = pytest.mark.skipif(
    _tesseract_problem() is not None, reason=_tesseract_problem() or ""
)


def _font(size: int):
    from PIL import ImageFont

    path = next((p for p in FONTS if p.is_file()), None)
    if path is None:
        pytest.skip("no DejaVu font to draw the scan with")
    return ImageFont.truetype(str(path), size)


def scan_image(lines: list[str], size: tuple[int, int] = (2480, 3508)):
    """A page as a 300-dpi grey scan (A4 by default) holding ``lines``."""
    from PIL import Image, ImageDraw

    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    font = _font(42)
    for i, line in enumerate(lines):
        draw.text((200, 200 + 80 * i), line, font=font, fill=0)
    return page


def png_bytes(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()


def image_pdf(*images) -> bytes:
    """An image-only PDF (no text layer), one page per image."""
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=300, save_all=True, append_images=images[1:])
    return out.getvalue()


def flat(text: str) -> str:
    return " ".join(text.split())


def run(*args: str, env: dict[str, str], code: int | None = None) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "1000", **env})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if code is not None:
        assert result.exit_code == code, result.output
    return result.output


@pytest.fixture(scope="module")
def verdict_page():
    return scan_image(VERDICT)


@needs_tesseract
def test_scanned_pdf_is_read_by_ocr_and_extracted_at_lower_confidence(
    engine, tmp_path, verdict_page
):
    scanned = tmp_path / "scanned_verdict.pdf"
    scanned.write_bytes(image_pdf(verdict_page))
    typed = tmp_path / "typed_verdict.txt"  # the same verdict as text: the confidence baseline
    typed.write_text("\n".join(VERDICT), encoding="utf-8")

    summary = ingest_paths(engine, [scanned, typed])
    assert not summary.failed, summary.failed
    ids = dict(summary.new)
    with engine.connect() as conn:
        row = conn.execute(select(documents).where(documents.c.id == ids[str(scanned)])).one()
    text = flat(row.text)
    for phrase in ("Специализированный межрайонный суд", "ч. 1 ст. 172 УК РК", "5 (пять) лет"):
        assert phrase in text
    assert row.format == "pdf"
    meta = row.metadata
    assert meta["ocr"] is True and meta["ocr_pages"] == [1]
    assert meta["ocr_engine"].startswith("tesseract ")
    assert 0.5 < meta["ocr_confidence"] <= 1.0

    # The span of the article leads back to page 1 and to a box around it on that page.
    start = row.text.index("ст. 172")
    end = start + len("ст. 172")
    page, _ = locate([Segment(*entry) for entry in row.offset_map], start)
    assert page == 1
    boxes = span_boxes(meta, start, end)
    assert len(boxes) == 1 and boxes[0]["page"] == 1 and boxes[0]["dpi"] == 300
    box = boxes[0]
    # Line 9 of the page is drawn at y = 200 + 80 * 8 px, from x = 200 px.
    assert abs(box["top"] - (200 + 80 * 8)) < 40 and box["left"] > 200
    assert 0 < box["width"] < 600 and 0 < box["height"] < 80

    from warcases.extract.pipeline import run_extraction

    assert not run_extraction(engine).failed
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                statements.c.document_id,
                statements.c.property,
                statements.c.value,
                statements.c.confidence,
            )
        ).all()
    facts = {(r.document_id, r.property, str(r.value)): r.confidence for r in rows}
    ocr_doc, txt_doc = ids[str(scanned)], ids[str(typed)]
    assert (ocr_doc, "charges", "KZ:172:1") in facts
    assert (ocr_doc, "sentence.months", "60") in facts
    # Read from OCR text, the same statement is less certain than from typed text.
    assert facts[(ocr_doc, "charges", "KZ:172:1")] < facts[(txt_doc, "charges", "KZ:172:1")]


@needs_tesseract
def test_png_photo_goes_in_with_its_kazakh_letters(verdict_page):
    doc = read_bytes("photo.png", png_bytes(verdict_page))
    assert isinstance(doc, ParsedDocument) and doc.format == "image"
    text = flat(doc.text)
    assert "ч. 1 ст. 172 УК РК" in text  # «РК» in Cyrillic, not the Latin look-alike «PK»
    assert "Петропавловск" in text
    kazakh_line = next(line for line in doc.text.splitlines() if "үкімі" in line)
    assert len(KAZAKH_LETTERS & set(kazakh_line)) >= 6, kazakh_line
    assert doc.metadata["ocr"] is True and doc.metadata["image"] == "png"
    assert doc.locate(doc.text.index("ПРИГОВОР"))[0] == 1


@needs_tesseract
def test_only_the_page_without_a_text_layer_is_ocr_read(verdict_page):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(next(p for p in FONTS if p.is_file())))
    pdf.set_font("dejavu", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Первая страница набрана: обвинительный акт по делу №1-15/2025.")
    pdf.add_page()
    pdf.image(verdict_page.crop((0, 0, 2480, 1100)), x=0, y=0, w=210)
    doc = read_bytes("mixed.pdf", bytes(pdf.output()))
    assert doc.metadata["ocr_pages"] == [2]
    first, second = doc.text.split("ПРИГОВОР", 1)
    assert "обвинительный акт" in first
    assert "Петропавловск" in second
    assert doc.locate(doc.text.index("Петропавловск"))[0] == 2
    assert all(word[2] == 2 for word in doc.metadata["ocr_words"])


def test_without_tesseract_a_scan_fails_with_how_to_install_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(image_pdf(scan_image(["ПРИГОВОР"], (1240, 600))))
    (folder / "note.txt").write_text("Приговор по ч. 1 ст. 172 УК РК.", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    out = run("ingest", str(folder), "--db", db, env={"WARCASES_TESSERACT": "/nonexistent"})
    assert "1 new" in out and "1 failed" in out
    assert "Traceback" not in out
    failed = next(line for line in out.splitlines() if "scan.pdf" in line)
    assert "no text layer" in failed and "tesseract" in failed and INSTALL in failed


def test_without_tesseract_a_text_pdf_with_a_scanned_page_keeps_its_text_and_says_why(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(next(p for p in FONTS if p.is_file())))
    pdf.set_font("dejavu", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Первая страница набрана: обвинительный акт по делу №1-15/2025.")
    pdf.add_page()
    pdf.image(scan_image(["ПРИГОВОР"], (1240, 600)), x=0, y=0, w=210)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("WARCASES_TESSERACT", "/nonexistent")
        doc = read_bytes("mixed.pdf", bytes(pdf.output()))
    assert "обвинительный акт" in doc.text and "ocr" not in doc.metadata
    assert doc.metadata["pages_without_text"] == [2]
    assert INSTALL in doc.metadata["ocr_skipped"]


def test_ocr_never_refuses_a_scan_and_points_to_the_option(engine, tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(image_pdf(scan_image(["ПРИГОВОР"], (1240, 600))))
    summary = ingest_paths(engine, [scan], ocr="never")
    [(name, reason)] = summary.failed
    assert name == str(scan) and "no text layer" in reason and "--ocr" in reason
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_bytes(scan_image(["ПРИГОВОР"], (1240, 600))))
    out = run(
        "ingest",
        str(photo),
        "--db",
        f"sqlite:///{tmp_path / 'cli.db'}",
        env={"WARCASES_OCR": "never"},
        code=1,
    )
    assert "photo.png" in out and "--ocr" in out


def test_too_many_pages_for_ocr_are_refused_before_any_ocr(engine, tmp_path):
    page = scan_image(["ПРИГОВОР"], (1240, 600))
    scan = tmp_path / "three_pages.pdf"
    scan.write_bytes(image_pdf(page, page, page))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("WARCASES_OCR_MAX_PAGES", "2")
        summary = ingest_paths(engine, [scan])
    [(_, reason)] = summary.failed
    assert "3 pages" in reason and "limit of 2" in reason and "WARCASES_OCR_MAX_PAGES" in reason


def test_a_bad_ocr_setting_is_refused_before_reading(engine, tmp_path):
    with pytest.raises(ValueError, match="auto, always, never"):
        ingest_paths(engine, [tmp_path], ocr="sometimes")


def tsv(*words: tuple[int, int, int, str, int, int]) -> str:
    """Tesseract TSV for one 1000x800 page: (block, paragraph, line, text, left, top)."""
    rows = [
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    ]
    rows.append("1\t1\t0\t0\t0\t0\t0\t0\t1000\t800\t-1\t")
    for i, (block, par, line, text, left, top) in enumerate(words, start=1):
        rows.append(
            f"5\t1\t{block}\t{par}\t{line}\t{i}\t{left}\t{top}\t{20 * len(text)}\t30\t91.5\t{text}"
        )
    return "\n".join(rows) + "\n"


def test_tesseract_words_become_lines_and_paragraphs_with_cyrillic_look_alikes_repaired():
    [page] = parse_tsv(
        tsv(
            (1, 1, 1, "ст.", 100, 100),
            (1, 1, 1, "172", 170, 100),
            (1, 1, 1, "УК", 250, 100),
            (1, 1, 1, "PK", 310, 100),  # Latin look-alikes on a Russian line
            (1, 1, 2, "ИBAHOB", 100, 140),  # Latin letters inside a Cyrillic word
            (1, 2, 1, "Wagner", 100, 200),  # a real Latin word stays
            (1, 2, 1, "PMC", 240, 200),  # on a Latin line, «PMC» stays Latin
        ),
        first_page=3,
        dpi=300,
    )
    assert page.page == 3 and (page.width, page.height) == (1000, 800)
    assert page.text == "ст. 172 УК РК\nИВАНОВ\n\nWagner PMC"
    start = page.text.index("РК")
    assert page.words[3][:4] == (start, start + 2, 310, 100)
    assert page.lines[0] == (0, len("ст. 172 УК РК"), 100, 100, 310 + 40 - 100, 30)


# ---------------------------------------------------------------------------- turned pages, junk


def junk_image(page=None, top: int = 0, seed: int = 1):
    """A round stamp with small turned letters and a word askew in it, a picture (a patterned
    patch) and speckles, below ``top`` on ``page`` or on an empty A4 page."""
    import math
    import random

    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    page = page.copy() if page is not None else Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    cx, cy, r = 1500, max(2500, top + 1500), 380
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=40, width=10)
    font = _font(48)
    for i, letter in enumerate("СОТ * СУД * ПЕТРОПАВЛОВСК * "):
        layer = Image.new("L", (90, 90), 0)
        ImageDraw.Draw(layer).text((20, 10), letter, font=font, fill=255)
        angle = 360 * i / 28
        layer = layer.rotate(-angle)
        a = math.radians(angle - 90)
        x, y = cx + (r - 60) * math.cos(a) - 45, cy + (r - 60) * math.sin(a) - 45
        page.paste(40, (int(x), int(y)), layer)
    layer = Image.new("L", (500, 120), 0)
    ImageDraw.Draw(layer).text((10, 20), "КАНЦЕЛЯРИЯ", font=_font(56), fill=255)
    layer = layer.rotate(17, expand=True)
    page.paste(40, (cx - layer.width // 2, cy - layer.height // 2), layer)
    for _ in range(6000):
        x, y, s = rnd.randrange(2480), rnd.randrange(top, 3508), rnd.randrange(2, 9)
        draw.ellipse((x, y, x + s, y + s), fill=rnd.randrange(0, 120))
    for y in range(top + 400, top + 1200, 6):  # the picture
        for x in range(300, 1400, 6):
            v = 128 + 100 * math.sin(x / 37) * math.cos(y / 23) + rnd.randrange(-40, 40)
            draw.rectangle((x, y, x + 5, y + 5), fill=max(0, min(255, int(v))))
    return page


@needs_tesseract
def test_pages_scanned_turned_are_read_upright_and_the_turn_is_recorded(
    engine, tmp_path, verdict_page
):
    # Page 1 upright, page 2 turned a quarter counter-clockwise, page 3 upside down.
    turned = [verdict_page.rotate(90, expand=True), verdict_page.rotate(180)]
    scan = tmp_path / "turned.pdf"
    scan.write_bytes(image_pdf(verdict_page, *turned))
    summary = ingest_paths(engine, [scan])
    assert not summary.failed, summary.failed
    with engine.connect() as conn:
        row = conn.execute(select(documents)).one()
    meta = row.metadata
    assert meta["ocr_rotated"] == {"2": 90, "3": 180}
    assert meta["ocr_reread"] == [2, 3]  # the upright page was read once
    starts = {entry[1]: entry[0] for entry in row.offset_map}
    assert sorted(starts) == [1, 2, 3]
    for page, end in ((1, starts[2]), (2, starts[3]), (3, len(row.text))):
        text = flat(row.text[starts[page] : end])
        for phrase in ("Специализированный межрайонный суд", "ч. 1 ст. 172 УК РК", "5 (пять) лет"):
            assert phrase in text, (page, text)
    # The boxes are in the page as scanned: on page 2 a line of text stands upright, and the
    # 9th line (drawn at y = 840 on the upright page) is at x = 840 of the turned one.
    start = row.text.index("ст. 172", starts[2])
    [box] = span_boxes(meta, start, start + len("ст. 172"))
    assert box["page"] == 2 and box["height"] > box["width"]
    assert abs(box["left"] - (200 + 80 * 8)) < 40

    from warcases.extract.pipeline import run_extraction

    assert not run_extraction(engine).failed
    with engine.connect() as conn:
        charges = conn.execute(
            select(statements.c.value).where(statements.c.property == "charges")
        ).scalars()
        assert "KZ:172:1" in {str(value) for value in charges}


@needs_tesseract
def test_a_stamp_picture_and_speckles_add_no_junk(verdict_page):
    from rapidfuzz import fuzz

    # A two-page TIFF: the verdict with a stamp and a picture below it, then a page holding
    # only a stamp, a picture and speckles (tesseract reads ~80 "words" of specks from it).
    out = io.BytesIO()
    pages = [junk_image(verdict_page, top=1700), junk_image()]
    pages[0].save(out, format="TIFF", save_all=True, append_images=pages[1:], dpi=(300, 300))
    doc = read_bytes("stamped.tif", out.getvalue())
    meta = doc.metadata
    assert meta["pages"] == 2 and meta["ocr_pages"] == [1]
    assert "too few confident words" in meta["ocr_dropped"]["2"]
    # Every line read is a line of the verdict: the stamp, picture and speckles left nothing.
    for line in doc.text.splitlines():
        if line.strip():
            assert max(fuzz.ratio(line, drawn) for drawn in VERDICT) > 80, line
    assert "ч. 1 ст. 172 УК РК" in flat(doc.text)
    assert "ocr_rotated" not in meta


def test_junk_lines_and_junk_pages_are_dropped_and_the_turn_is_read_from_the_lines():
    # A text line keeps its short, unsure words («1» read at low confidence stays); lines of
    # specks («.», «ee», «2 .») go, however sure tesseract was of them.
    rows = tsv(
        (1, 1, 1, "ч.", 100, 100),
        (1, 1, 1, "1", 150, 100),
        (1, 1, 1, "ст.", 180, 100),
        (1, 1, 1, "172", 250, 100),
        (1, 1, 1, "“%-.", 330, 100),  # a speck read as punctuation, at confidence 2
        (2, 1, 1, ".", 100, 400),
        (2, 1, 1, "ee", 300, 400),
        (2, 1, 2, "2", 100, 500),
        (2, 1, 2, ".", 200, 500),
        (3, 1, 1, "УК", 100, 600),
        (3, 1, 1, "РК", 160, 600),
    )
    rows = rows.replace("\t91.5\t1\n", "\t13.1\t1\n").replace("\t91.5\t“%-.", "\t2.0\t“%-.")
    [page] = parse_tsv(rows, dpi=300)
    assert page.text == "ч. 1 ст. 172\n\nУК РК"
    assert page.junk_lines == 2 and page.dropped is None and page.rotation == 0
    assert page.words[1][6] == 13.1
    # Only specks: the page's text is dropped whole, with the reason.
    [junk] = parse_tsv(tsv((1, 1, 1, ".", 100, 100), (1, 1, 1, "ee", 200, 100)))
    assert junk.text == "" and "too few confident words" in junk.dropped
    # Words running up the page: it was scanned turned a quarter counter-clockwise.
    [turned] = parse_tsv(
        tsv(
            (1, 1, 1, "Приговор", 100, 900),
            (1, 1, 1, "районного", 100, 700),
            (1, 1, 1, "суда", 100, 500),
        )
    )
    assert turned.rotation == 90


@needs_tesseract
def test_without_orientation_data_a_turned_page_is_tried_turned(tmp_path, verdict_page):
    # A tesseract data folder with the languages but without «osd»: the page image itself is
    # turned and read again, and the boxes are put back on the page as scanned.
    listing = subprocess.run(
        ["tesseract", "--list-langs"], check=True, capture_output=True, text=True
    ).stdout
    tessdata = Path(listing.split('"')[1])
    data = tmp_path / "tessdata"
    data.mkdir()
    for name in ("rus", "kaz", "eng"):
        (data / f"{name}.traineddata").symlink_to(tessdata / f"{name}.traineddata")
    (data / "configs").symlink_to(tessdata / "configs")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TESSDATA_PREFIX", str(data))
        doc = read_bytes("turned.png", png_bytes(verdict_page.rotate(90, expand=True)))
    assert "ч. 1 ст. 172 УК РК" in flat(doc.text) and "Петропавловск" in doc.text
    assert doc.metadata["ocr_rotated"] == {"1": 90} and doc.metadata["ocr_reread"] == [1]
    assert doc.metadata["ocr_page_sizes"] == [[1, 3508, 2480, None]]
    start = doc.text.index("ст. 172")
    [box] = span_boxes(doc.metadata, start, start + len("ст. 172"))
    # Line 9, drawn at y = 840 on the upright page, is at x = 840 of the page turned.
    assert abs(box["left"] - (200 + 80 * 8)) < 40 and box["height"] > box["width"]
