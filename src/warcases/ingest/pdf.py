"""PDF files: the text layer, page by page (pypdfium2); OCR for pages without one."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

from warcases.ingest.errors import IngestError
from warcases.ingest.ocr import (
    NEVER_HINT,
    Engine,
    OcrSettings,
    PageText,
    check_page_limit,
    engine,
    ocr_settings,
    read_page,
    run_tesseract,
    turn_image,
)
from warcases.ingest.ocr_boxes import ocr_metadata, ocr_page_notes
from warcases.ingest.text import TextAssembler, clean_text
from warcases.model import ParsedDocument

# Readers accept junk before the header; the PDF specification allows it in the first 1 KB.
HEADER_WINDOW = 1024

# A page rendered for OCR above this many pixels is rendered at a lower resolution (a
# poster-size page at 300 dpi would need gigabytes).
MAX_PAGE_PIXELS = 40_000_000
# A rendered page with fewer dark pixels than this is blank: no tesseract run for it.
BLANK_DARK_PIXELS = 50
DARK_BELOW = 200  # grey level (0 black … 255 white)

# PDFium's load error codes (FPDF_ERR_*) and what the user can do about each.
_LOAD_ERRORS = {
    2: "PDF file cannot be opened (file access error)",
    3: "PDF is damaged or truncated (PDFium: data format error); re-download or re-export it",
    4: "PDF is encrypted (password protected); decrypt it first",
    5: "PDF uses an unsupported security handler; decrypt it first",
    6: "PDF page cannot be read (damaged page content)",
}


def read_pdf(data: bytes, name: str = "", ocr: OcrSettings | None = None) -> ParsedDocument:
    """A PDF: one segment per page (``page`` is 1-based, ``source_start`` the offset within that
    page's text). Pages without a text layer are OCR'd (``ocr.mode`` auto), every page with
    ``always``, none with ``never``; see :mod:`warcases.ingest.ocr`."""
    if not data:
        raise IngestError("empty file (0 bytes)")
    if b"%PDF" not in data[:HEADER_WINDOW]:
        raise IngestError("not a PDF: the file does not start with %PDF")
    if ocr is None:
        try:
            ocr = ocr_settings()
        except ValueError as exc:
            raise IngestError(str(exc)) from None
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        reason = _LOAD_ERRORS.get(code) if isinstance(code, int) else None
        raise IngestError(reason or f"PDF cannot be opened: {exc}") from None
    try:
        return _read_pages(pdf, pdfium, ocr)
    finally:
        pdf.close()


def _read_pages(pdf: Any, pdfium: Any, ocr: OcrSettings) -> ParsedDocument:
    pages = len(pdf)
    if pages == 0:
        raise IngestError("PDF has no pages")
    layer = [_layer_text(pdf, pdfium, index, pages) for index in range(pages)]
    metadata: dict[str, Any] = {"pages": pages}
    no_layer = not any(text.strip() for text in layer)
    scanned, skipped = _ocr_pages(pdf, layer, ocr, no_layer)
    if skipped:
        metadata["ocr_skipped"] = skipped
    builder = TextAssembler()
    empty: list[int] = []
    used: list[PageText] = []
    for number, text in enumerate(layer, start=1):
        page = scanned.get(number)
        if page is not None and page.text.strip():
            text = page.text
            used.append(page)
        if not text.strip():
            empty.append(number)
        builder.add(text, number, 0)
    dropped = [page for page in scanned.values() if page.dropped]
    if len(empty) == pages:
        why = "; ".join(f"page {page.page}: {page.dropped}" for page in dropped)
        raise IngestError(
            f"PDF has no text layer (scanned?) and OCR found no text on its {pages} page(s)"
            + (f" ({why})" if why else "")
        )
    text, segments = builder.build()
    if empty:
        metadata["pages_without_text"] = empty
    if used:
        offsets = {seg.page: seg.text_start for seg in segments}
        metadata.update(ocr_metadata(engine(ocr), used, offsets))
    metadata.update(ocr_page_notes([scanned[number] for number in sorted(scanned)]))
    return ParsedDocument(
        text=text,
        format="pdf",
        segments=segments,
        encoding=None,
        title=_title(pdf, pdfium),
        metadata=metadata,
    )


def _layer_text(pdf: Any, pdfium: Any, index: int, pages: int) -> str:
    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        raise IngestError(f"PDF page {index + 1} of {pages} cannot be read (damaged)") from None
    try:
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
        finally:
            textpage.close()
    except pdfium.PdfiumError:
        raise IngestError(f"PDF page {index + 1} of {pages} has no readable text layer") from None
    finally:
        page.close()
    return clean_text(raw.replace("\ufffe", "").replace("\x02", "-")).strip("\n")


def _ocr_pages(
    pdf: Any, layer: list[str], ocr: OcrSettings, no_layer: bool
) -> tuple[dict[int, PageText], str | None]:
    """OCR of the pages that need it, and why OCR was left out of a PDF that has text on some
    pages (tesseract missing, too many pages); a PDF with no text at all fails instead."""
    if ocr.mode == "never":
        if no_layer:
            raise IngestError(f"PDF has no text layer (scanned?); {NEVER_HINT}")
        return {}, None
    wanted = [
        number
        for number, text in enumerate(layer, start=1)
        if ocr.mode == "always" or not any(ch.isalpha() for ch in text)
    ]
    if not wanted:
        return {}, None
    try:
        check_page_limit(len(wanted), ocr, "PDF")
        found = engine(ocr)
    except IngestError as exc:
        if no_layer:
            raise IngestError(f"PDF has no text layer (scanned?); {exc}") from None
        if ocr.mode == "always":
            raise
        return {}, str(exc)
    return pdf_pages_text(pdf, wanted, ocr, found), None


def _title(pdf: Any, pdfium: Any) -> str | None:
    try:
        title = pdf.get_metadata_dict().get("Title") or ""
    except (pdfium.PdfiumError, UnicodeError, ValueError):  # a broken info dict is not fatal
        return None
    title = " ".join(clean_text(title).split())
    return title or None


# ---------------------------------------------------------------------------- OCR


def pdf_pages_text(
    pdf: Any, pages: Sequence[int], settings: OcrSettings, eng: Engine
) -> dict[int, PageText]:
    """OCR of the given 1-based ``pages`` of an open pypdfium2 document. Pages are rendered
    here, one at a time (PDFium is not thread-safe), and read by up to ``settings.jobs``
    tesseract processes at once; at most one rendered page waits, so a long scan needs the
    disk of a few pages, not of all of them."""
    results: dict[int, PageText] = {}
    with (
        tempfile.TemporaryDirectory(prefix="warcases-ocr-") as tmp,
        ThreadPoolExecutor(max_workers=settings.jobs) as pool,
    ):
        futures: list[tuple[int, Future[PageText], int]] = []
        try:
            for number in pages:
                while sum(not f.done() for _, f, _ in futures) > settings.jobs:
                    wait([f for _, f, _ in futures if not f.done()], return_when=FIRST_COMPLETED)
                image, dpi = _render_pgm(pdf, number, settings.dpi, Path(tmp))
                if image is None:  # blank page: nothing to read
                    results[number] = PageText(number, "", 0, 0, dpi)
                    continue
                what = f"page {number}"
                job = pool.submit(_ocr_file, eng, image, number, dpi, settings.page_timeout, what)
                futures.append((number, job, dpi))
            for number, job, dpi in futures:
                results[number] = job.result()
        except BaseException:
            for _, job, _ in futures:
                job.cancel()
            raise
    return results


def _ocr_file(
    eng: Engine, image: Path, number: int, dpi: int, timeout: float, what: str
) -> PageText:
    def run(orient: bool) -> str:
        return run_tesseract(eng, image, dpi=dpi, timeout=timeout, what=what, orient=orient)

    def turned(degrees: int) -> str:
        path = turn_image(image, degrees)
        try:
            return run_tesseract(eng, path, dpi=dpi, timeout=timeout, what=what)
        finally:
            path.unlink(missing_ok=True)

    try:
        return read_page(run, number, dpi, eng, turned)
    finally:
        image.unlink(missing_ok=True)


def _render_pgm(pdf: Any, number: int, dpi: int, folder: Path) -> tuple[Path | None, int]:
    import pypdfium2 as pdfium

    try:
        page = pdf[number - 1]
    except pdfium.PdfiumError:
        raise IngestError(f"PDF page {number} cannot be read (damaged)") from None
    try:
        width, height = page.get_size()  # points
        pixels = (width * dpi / 72) * (height * dpi / 72)
        if pixels > MAX_PAGE_PIXELS:
            dpi = max(72, int(dpi * (MAX_PAGE_PIXELS / pixels) ** 0.5))
        try:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
        except pdfium.PdfiumError as exc:
            raise IngestError(f"PDF page {number} cannot be rendered for OCR: {exc}") from None
    finally:
        page.close()
    try:
        w, h, stride = bitmap.width, bitmap.height, bitmap.stride
        raw = bytes(bitmap.buffer)
    finally:
        bitmap.close()
    if stride != w:
        raw = b"".join(raw[row * stride : row * stride + w] for row in range(h))
    dark = len(raw.translate(None, bytes(range(DARK_BELOW, 256))))
    if dark < BLANK_DARK_PIXELS:
        return None, dpi
    path = folder / f"page-{number:05d}.pgm"
    path.write_bytes(b"P5\n%d %d\n255\n" % (w, h) + raw)
    return path, dpi
