"""Which reader a file needs, and reading it: ``sniff_format`` and ``read_bytes``.

The format comes from the bytes first (a PDF named .txt is still a PDF) and from the file
name's extension second.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable

from warcases.ingest.docx import MAIN_PART, OLE2_MAGIC, ZIP_MAGIC, read_docx
from warcases.ingest.errors import IngestError
from warcases.ingest.html import read_html
from warcases.ingest.image import image_kind, read_image
from warcases.ingest.ocr import OcrSettings
from warcases.ingest.pdf import HEADER_WINDOW, read_pdf
from warcases.ingest.telegram import read_telegram
from warcases.ingest.text import BOMS, read_txt
from warcases.model import ParsedDocument

FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".htm": "html",
    ".html": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".json": "telegram",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}

READERS: dict[str, Callable[[bytes, str], ParsedDocument | list[ParsedDocument]]] = {
    "txt": read_txt,
    "html": read_html,
    "pdf": read_pdf,
    "docx": read_docx,
    "telegram": read_telegram,
    "image": read_image,
}
# Readers that may need OCR: they take the OCR settings as well.
OCR_READERS = frozenset({"pdf", "image"})

# How far into a file the markers of HTML and of a Telegram export are looked for.
HTML_WINDOW = 2048
TELEGRAM_WINDOW = 1024 * 1024
_HTML_MARKERS = ("<!doctype html", "<html", "<head", "<body", "<meta ", "<title")


def sniff_format(name: str, data: bytes) -> str | None:
    """``txt``, ``html``, ``pdf``, ``docx``, ``telegram``, ``image`` or None: by content, then
    extension."""
    ext = os.path.splitext(name)[1].lower()
    if b"%PDF" in data[:HEADER_WINDOW]:
        return "pdf"
    if image_kind(data) is not None:
        return "image"
    if data.startswith(ZIP_MAGIC) and _zip_has_main_part(data):
        return "docx"
    head = _text_head(data)
    if head.startswith("{") and ('"messages"' in head or _has_telegram_key(data)):
        return "telegram"
    if any(marker in head[:HTML_WINDOW] for marker in _HTML_MARKERS) and head.startswith("<"):
        return "html"
    return FORMATS.get(ext)


def _zip_has_main_part(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return MAIN_PART in archive.namelist()
    except Exception:  # noqa: BLE001 - sniffing never fails; the DOCX reader names the damage
        return False


def _text_head(data: bytes) -> str:
    """The start of the file as lower-case text without a byte-order mark or leading space."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return (
                data[: HTML_WINDOW * 4]
                .decode(codec, errors="ignore")
                .lstrip("\ufeff \t\r\n")
                .lower()
            )
    return data[:HTML_WINDOW].decode("latin-1").lstrip(" \t\r\n").lower()


def _has_telegram_key(data: bytes) -> bool:
    window = data[:TELEGRAM_WINDOW]
    return b'"messages"' in window or b'"chats"' in window


def read_bytes(
    name: str, data: bytes, ocr: OcrSettings | None = None
) -> ParsedDocument | list[ParsedDocument]:
    """Read one file. Raises IngestError with a one-line reason when it cannot become a
    document; a Telegram export gives one document per message with text. ``ocr``: how PDFs
    and images are OCR'd (default: from the environment, see ``ingest.ocr.ocr_settings``)."""
    fmt = sniff_format(name, data)
    if fmt is None:
        ext = os.path.splitext(name)[1].lower() or "(no extension)"
        if data.startswith(OLE2_MAGIC):
            raise IngestError(
                "this is an old binary Office file (.doc/.xls, OLE2); save it as .docx or PDF"
            )
        known = " ".join(sorted(FORMATS))
        raise IngestError(f"unsupported format {ext}: warcases reads {known}")
    try:
        if fmt in OCR_READERS:
            return READERS[fmt](data, name, ocr)  # type: ignore[call-arg]
        return READERS[fmt](data, name)
    except RecursionError:
        raise IngestError(f"{fmt.upper()} is nested too deeply to read") from None
