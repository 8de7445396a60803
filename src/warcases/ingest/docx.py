"""DOCX files: paragraphs and table cells in document order (python-docx).

The zip is checked before anything is inflated: declared sizes and compression ratios, so a
zip bomb is refused without being extracted.
"""

from __future__ import annotations

import io
import lzma
import struct
import zipfile
import zlib
from typing import Any

from warcases.ingest.errors import IngestError
from warcases.ingest.text import TextAssembler, clean_text
from warcases.model import ParsedDocument

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAIN_PART = "word/document.xml"
MAX_UNCOMPRESSED = 200 * 1024 * 1024
# Word's XML compresses about 10:1; a member above this ratio (and above RATIO_MIN_BYTES) is
# built to explode.
MAX_RATIO = 100
RATIO_MIN_BYTES = 1024 * 1024
MAX_MEMBERS = 10_000
_MB = 1024 * 1024
_OTHER_OFFICE_FILES = {
    "xl/workbook.xml": "an Excel workbook (.xlsx)",
    "ppt/presentation.xml": "a PowerPoint file (.pptx)",
    "content.xml": "an OpenDocument file (.odt/.ods)",
}
# What reading a damaged or hostile zip raises: bad headers, bad CRCs, broken deflate, bzip2
# or lzma streams, an encrypted member (RuntimeError), an unknown compression method.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    EOFError,
    struct.error,
    UnicodeDecodeError,
    zlib.error,
    lzma.LZMAError,
    RuntimeError,
    NotImplementedError,
)


def open_checked_zip(data: bytes) -> zipfile.ZipFile:
    """The DOCX's zip archive, after checking it is one and is safe to inflate."""
    if data.startswith(OLE2_MAGIC):
        raise IngestError(
            "this is an old binary Word .doc (OLE2) file, not DOCX; save it as .docx or PDF"
        )
    if not data.startswith(ZIP_MAGIC):
        raise IngestError("not a DOCX: the file is not a zip archive")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except ZIP_ERRORS as exc:
        raise IngestError(f"not a DOCX: the zip archive is damaged ({exc})") from None
    if len(members) > MAX_MEMBERS:
        raise IngestError(f"not a DOCX: the zip holds {len(members)} files (limit {MAX_MEMBERS})")
    names = {m.filename for m in members}
    if MAIN_PART not in names:
        other = next((what for part, what in _OTHER_OFFICE_FILES.items() if part in names), None)
        hint = f"; it looks like {other}" if other else ""
        raise IngestError(f"not a DOCX: the zip has no {MAIN_PART}{hint}")
    for member in members:
        size, packed = member.file_size, max(1, member.compress_size)
        if size > RATIO_MIN_BYTES and size > MAX_RATIO * packed:
            raise IngestError(
                f"DOCX looks like a zip bomb: {member.filename} inflates {size // packed}x "
                f"to {size / _MB:.0f} MB; refused"
            )
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise IngestError(
            f"DOCX looks like a zip bomb: it inflates to {total / _MB:.0f} MB "
            f"(limit {MAX_UNCOMPRESSED // _MB} MB); refused"
        )
    return archive


def read_docx(data: bytes, name: str = "") -> ParsedDocument:
    """A DOCX: one line per paragraph, one per table row (cells separated by tabs); one
    segment per paragraph or cell with ``page`` = its paragraph number in the document."""
    if not data:
        raise IngestError("empty file (0 bytes)")
    open_checked_zip(data).close()
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except (PackageNotFoundError, KeyError, LxmlError, *ZIP_ERRORS) as exc:
        raise IngestError(f"DOCX cannot be read: {_reason(exc)}") from None
    walker = _BodyWalker()
    try:
        walker.walk(body)
    except RecursionError:
        raise IngestError("DOCX cannot be read: tables are nested too deeply") from None
    text, segments = walker.builder.build()
    return ParsedDocument(
        text=text,
        format="docx",
        segments=segments,
        encoding=None,
        title=_title(document),
        metadata={"paragraphs": walker.paragraphs, "tables": walker.tables},
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"a part is missing ({exc.args[0] if exc.args else 'unknown'})"
    return str(exc) or type(exc).__name__


def _title(document: Any) -> str | None:
    try:
        title = document.core_properties.title or ""
    except (KeyError, ValueError, AttributeError):
        return None
    title = " ".join(clean_text(title).split())
    return title or None


class _BodyWalker:
    """Paragraphs and tables of a body (and of content controls) in document order."""

    def __init__(self) -> None:
        from docx.oxml.ns import qn

        self.builder = TextAssembler()
        self.paragraphs = 0
        self.tables = 0
        self._p, self._tbl, self._tr, self._tc = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
        self._sdt, self._sdt_content, self._custom = (
            qn("w:sdt"),
            qn("w:sdtContent"),
            qn("w:customXml"),
        )

    def walk(self, container: Any) -> None:
        for child in container.iterchildren():
            if child.tag == self._p:
                number = self._count()
                self.builder.add(self._paragraph_text(child), number, 0)
            elif child.tag == self._tbl:
                self._table(child)
            elif child.tag == self._sdt:
                content = child.find(self._sdt_content)
                if content is not None:
                    self.walk(content)
            elif child.tag == self._custom:
                self.walk(child)

    def _count(self) -> int:
        self.paragraphs += 1
        return self.paragraphs

    def _paragraph_text(self, p: Any) -> str:
        from docx.text.paragraph import Paragraph

        return clean_text(Paragraph(p, None).text)  # type: ignore[arg-type]  # no parent needed for text

    def _table(self, tbl: Any) -> None:
        self.tables += 1
        for row in tbl.iterchildren(self._tr):
            first = True
            for cell in row.iterchildren(self._tc):
                texts, number = [], None
                for p in cell.iter(self._p):  # nested tables' paragraphs too, in order
                    n = self._count()
                    number = number or n
                    texts.append(self._paragraph_text(p))
                cell_text = " ".join(" ".join(texts).split())
                self.builder.add(
                    cell_text, number or self.paragraphs, 0, sep="\n" if first else "\t"
                )
                first = False
