"""Image files (PNG, JPEG, TIFF; a photo or scan of a verdict): text by OCR, one segment per
page (a multi-page TIFF has several)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from warcases.ingest.errors import IngestError
from warcases.ingest.ocr import (
    NEVER_HINT,
    Engine,
    OcrSettings,
    PageText,
    better_reading,
    check_page_limit,
    engine,
    ocr_settings,
    parse_tsv,
    run_tesseract,
    turn_image,
)
from warcases.ingest.ocr_boxes import ocr_metadata, ocr_page_notes
from warcases.ingest.text import TextAssembler, first_line_title
from warcases.model import ParsedDocument

IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)


def image_kind(data: bytes) -> str | None:
    """``png``, ``jpeg``, ``tiff`` or None, from the first bytes."""
    return next((kind for magic, kind in IMAGE_MAGIC if data.startswith(magic)), None)


def tiff_pages(data: bytes) -> int:
    """Number of pages (image file directories) of a TIFF; IngestError if it is damaged."""
    order = "little" if data[:2] == b"II" else "big"
    offset, seen = int.from_bytes(data[4:8], order), set()
    while offset:
        if offset in seen or offset + 2 > len(data):
            raise IngestError("TIFF is damaged or truncated (bad image directory offset)")
        seen.add(offset)
        entries = int.from_bytes(data[offset : offset + 2], order)
        end = offset + 2 + 12 * entries
        if end + 4 > len(data):
            raise IngestError("TIFF is damaged or truncated (image directory past the end)")
        offset = int.from_bytes(data[end : end + 4], order)
    if not seen:
        raise IngestError("TIFF has no pages")
    return len(seen)


def image_pages_text(data: bytes, kind: str, settings: OcrSettings, eng: Engine) -> list[PageText]:
    """OCR of an image file (every page of a multi-page TIFF)."""
    pages = tiff_pages(data) if kind == "tiff" else 1
    check_page_limit(pages, settings, "image")
    suffix = {"png": ".png", "jpeg": ".jpg", "tiff": ".tif"}[kind]
    with tempfile.TemporaryDirectory(prefix="warcases-ocr-") as tmp:
        path = Path(tmp, "image" + suffix)
        path.write_bytes(data)
        what = "the image" if pages == 1 else f"the {pages}-page image"

        def run(orient: bool) -> list[PageText]:
            try:
                tsv = run_tesseract(
                    eng,
                    path,
                    dpi=None,
                    timeout=settings.page_timeout * pages,
                    what=what,
                    orient=orient,
                )
            except IngestError as exc:
                if "tesseract says" not in str(exc):
                    raise
                raise IngestError(f"{exc} (is the image damaged?)") from None
            return parse_tsv(tsv)

        found = run(False)
        if not any(page.weak() for page in found):
            return found
        # A weak page may be turned. With the orientation data: the whole file once more with
        # orientation detection (tesseract reads a multi-page TIFF in one run); without: the
        # page turned (see ``better_reading``). The better reading of each page wins.
        again = {page.page: page for page in run(True)} if eng.osd else {}

        def turned_page(number: int) -> Callable[[int], str]:
            def turned(degrees: int) -> str:
                image = turn_image(path, degrees, frame=number - 1)
                try:
                    return run_tesseract(
                        eng, image, dpi=None, timeout=settings.page_timeout, what=what
                    )
                finally:
                    image.unlink(missing_ok=True)

            return turned

        out = []
        for page in found:
            second = again.get(page.page)
            oriented = (lambda second=second: second) if second is not None else None
            out.append(better_reading(page, eng, oriented, turned_page(page.page)))
        return out


def read_image(data: bytes, name: str = "", ocr: OcrSettings | None = None) -> ParsedDocument:
    if not data:
        raise IngestError("empty file (0 bytes)")
    kind = image_kind(data)
    if kind is None:
        raise IngestError("not a PNG, JPEG or TIFF image (unknown first bytes)")
    if ocr is None:
        try:
            ocr = ocr_settings()
        except ValueError as exc:
            raise IngestError(str(exc)) from None
    if ocr.mode == "never":
        raise IngestError(f"{kind.upper()} image: its text can only be read by OCR; {NEVER_HINT}")
    try:
        found = engine(ocr)
    except IngestError as exc:
        raise IngestError(f"{kind.upper()} image: {exc}") from None
    try:
        pages = image_pages_text(data, kind, ocr, found)
    except IngestError as exc:
        raise IngestError(f"{kind.upper()} image: {exc}") from None
    used = [page for page in pages if page.text.strip()]
    if not used:
        why = "; ".join(f"page {page.page}: {page.dropped}" for page in pages if page.dropped)
        raise IngestError(
            f"{kind.upper()} image: OCR found no text in it" + (f" ({why})" if why else "")
        )
    builder = TextAssembler()
    for page in used:
        builder.add(page.text, page.page, 0)
    text, segments = builder.build()
    offsets = {seg.page: seg.text_start for seg in segments}
    metadata = {"pages": len(pages), "image": kind, **ocr_metadata(found, used, offsets)}
    metadata.update(ocr_page_notes(pages))
    return ParsedDocument(
        text=text,
        format="image",
        segments=segments,
        encoding=None,
        title=first_line_title(text),
        metadata=metadata,
    )
