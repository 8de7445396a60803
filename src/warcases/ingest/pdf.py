"""PDF files: the text layer, page by page (pypdfium2)."""

from __future__ import annotations

from typing import Any

from warcases.ingest.errors import IngestError
from warcases.ingest.text import TextAssembler, clean_text
from warcases.model import ParsedDocument

# Readers accept junk before the header; the PDF specification allows it in the first 1 KB.
HEADER_WINDOW = 1024

# PDFium's load error codes (FPDF_ERR_*) and what the user can do about each.
_LOAD_ERRORS = {
    2: "PDF file cannot be opened (file access error)",
    3: "PDF is damaged or truncated (PDFium: data format error); re-download or re-export it",
    4: "PDF is encrypted (password protected); decrypt it first",
    5: "PDF uses an unsupported security handler; decrypt it first",
    6: "PDF page cannot be read (damaged page content)",
}


def read_pdf(data: bytes, name: str = "") -> ParsedDocument:
    """A PDF with a text layer: one segment per page (``page`` is 1-based, ``source_start`` the
    offset within that page's text)."""
    if not data:
        raise IngestError("empty file (0 bytes)")
    if b"%PDF" not in data[:HEADER_WINDOW]:
        raise IngestError("not a PDF: the file does not start with %PDF")
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        reason = _LOAD_ERRORS.get(code) if isinstance(code, int) else None
        raise IngestError(reason or f"PDF cannot be opened: {exc}") from None
    try:
        return _read_pages(pdf, pdfium)
    finally:
        pdf.close()


def _read_pages(pdf: Any, pdfium: Any) -> ParsedDocument:
    pages = len(pdf)
    if pages == 0:
        raise IngestError("PDF has no pages")
    builder = TextAssembler()
    empty: list[int] = []
    for index in range(pages):
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
            raise IngestError(
                f"PDF page {index + 1} of {pages} has no readable text layer"
            ) from None
        finally:
            page.close()
        text = clean_text(raw.replace("\ufffe", "").replace("\x02", "-")).strip("\n")
        if not text.strip():
            empty.append(index + 1)
        builder.add(text, index + 1, 0)
    if len(empty) == pages:
        raise IngestError("PDF has no text layer (scanned?); run OCR")
    text, segments = builder.build()
    metadata: dict[str, Any] = {"pages": pages}
    if empty:
        metadata["pages_without_text"] = empty
    return ParsedDocument(
        text=text,
        format="pdf",
        segments=segments,
        encoding=None,
        title=_title(pdf, pdfium),
        metadata=metadata,
    )


def _title(pdf: Any, pdfium: Any) -> str | None:
    try:
        title = pdf.get_metadata_dict().get("Title") or ""
    except (pdfium.PdfiumError, UnicodeError, ValueError):  # a broken info dict is not fatal
        return None
    title = " ".join(clean_text(title).split())
    return title or None
