"""`warcases ingest`: files, folders and .zip archives → stored documents.

Idempotent by content hash; one transaction per source file, so a failing file never leaves a
half-written document and never stops the batch.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from warcases.config import max_file_bytes
from warcases.ingest.detect import detect_kind, detect_language
from warcases.ingest.docx import ZIP_ERRORS
from warcases.ingest.errors import IngestError
from warcases.ingest.ocr import OcrSettings, ocr_settings
from warcases.ingest.readers import FORMATS, read_bytes
from warcases.model import ParsedDocument
from warcases.store import repo

# Files that sit beside documents in a gold folder and are not documents themselves.
SIDE_FILE_SUFFIXES = (".gold.json", ".card.json")
MAX_ZIP_MEMBERS = 10_000


@dataclass
class IngestSummary:
    new: list[tuple[str, int]] = field(default_factory=list)
    known: list[tuple[str, int]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def merge_ids(self) -> dict[str, list[int]]:
        """Source name → document ids (new and already known)."""
        out: dict[str, list[int]] = {}
        for name, doc_id in self.new + self.known:
            out.setdefault(name, []).append(doc_id)
        return out


@dataclass(frozen=True)
class Source:
    name: str  # shown to the user: a path, or "archive.zip:member/path"
    size: int
    load: Callable[[], bytes]
    explicit: bool  # named on the command line (unsupported format is then a failure)


def _is_side_file(name: str) -> bool:
    base = os.path.basename(name)
    return base.startswith(".") or base.endswith(SIDE_FILE_SUFFIXES)


def iter_sources(paths: Iterable[Path | str]) -> Iterator[Source | tuple[str, str]]:
    """Every candidate file; a ``(name, reason)`` tuple for what cannot even be listed or read
    (an unreadable folder, a broken symbolic link, a FIFO or a device)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _folder_sources(path)
        elif path.exists() or path.is_symlink():
            yield from _file_sources(path, explicit=True)
        else:
            yield (str(path), "no such file or folder")


def _folder_sources(folder: Path) -> Iterator[Source | tuple[str, str]]:
    """Every entry of a folder tree that is not a folder, in path order. Folders that cannot be
    listed are reported, not silently left out; symbolic links to folders are not followed;
    hidden folders (.git) and files are left out."""
    found: list[tuple[str, Source | tuple[str, str] | None]] = []

    def unlistable(exc: OSError) -> None:
        where = exc.filename or str(folder)
        found.append((str(where), (str(where), f"cannot list folder: {exc.strerror or exc}")))

    for root, dirs, files in os.walk(folder, onerror=unlistable):
        dirs[:] = [name for name in dirs if not name.startswith(".")]  # .git, .cache ...
        for name in dirs:
            child = Path(root, name)
            if child.is_symlink():
                found.append((str(child), (str(child), "symbolic link to a folder; not followed")))
        for name in files:
            if not _is_side_file(name):
                found.append((str(Path(root, name)), None))
    for where, item in sorted(found, key=lambda pair: pair[0]):
        if item is not None:
            yield item
        else:
            yield from _file_sources(Path(where), explicit=False)


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def _file_sources(path: Path, explicit: bool) -> Iterator[Source | tuple[str, str]]:
    try:
        info = path.stat()
    except OSError as exc:
        if path.is_symlink() and isinstance(exc, FileNotFoundError):
            yield (str(path), f"broken symbolic link: {os.readlink(path)} does not exist")
        else:
            yield (str(path), f"cannot read: {exc.strerror or exc}")
        return
    if not stat.S_ISREG(info.st_mode):
        what = next((name for test, name in _NOT_REGULAR if test(info.st_mode)), "not a file")
        yield (str(path), f"{what}, not a regular file; refused")
        return
    if path.suffix.lower() == ".zip":
        yield from _zip_sources(path)
        return
    yield Source(str(path), info.st_size, path.read_bytes, explicit)


def _zip_sources(path: Path) -> Iterator[Source | tuple[str, str]]:
    try:
        archive = zipfile.ZipFile(path)
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        yield (str(path), f"not a readable zip archive: {exc}")
        return
    if len(members) > MAX_ZIP_MEMBERS:
        yield (str(path), f"zip archive has {len(members)} files (limit {MAX_ZIP_MEMBERS})")
        return
    for info in members:
        if _is_side_file(info.filename):
            continue

        def load(info: zipfile.ZipInfo = info) -> bytes:
            try:
                with archive.open(info) as fh:
                    return fh.read()
            except ZIP_ERRORS as exc:  # a damaged, encrypted or oddly compressed member
                raise IngestError(f"cannot unpack from the zip archive: {exc}") from None

        yield Source(f"{path}:{info.filename}", info.file_size, load, explicit=False)


def _doc_row(name: str, data: bytes, parsed: ParsedDocument, sha: str) -> dict:
    language = detect_language(parsed.text)
    return {
        "sha256": sha,
        "kind": detect_kind(parsed.text, language, parsed.format),
        "language": language,
        "format": parsed.format,
        "source_path": name,
        "source_url": parsed.metadata.get("url"),
        "title": parsed.title,
        "encoding": parsed.encoding,
        "size_bytes": len(data),
        "metadata": parsed.metadata,
        "offset_map": [[s.text_start, s.page, s.source_start] for s in parsed.segments],
        "text": parsed.text,
    }


def ingest_source(
    engine: Engine,
    source: Source,
    limit: int,
    summary: IngestSummary,
    ocr: OcrSettings | None = None,
) -> None:
    """Read one file and store what it holds, or record why not."""
    ext = os.path.splitext(source.name)[1].lower()
    if ext not in FORMATS and not source.explicit:
        summary.skipped.append((source.name, f"unsupported format {ext or '(no extension)'}"))
        return
    if source.size > limit:
        summary.failed.append(
            (
                source.name,
                f"file is {source.size / 1048576:.1f} MB, above the {limit / 1048576:.0f} MB limit "
                "(raise it with --max-size or WARCASES_MAX_FILE_MB)",
            )
        )
        return
    try:
        data = source.load()
    except IngestError as exc:
        summary.failed.append((source.name, str(exc)))
        return
    except OSError as exc:
        summary.failed.append((source.name, f"cannot read: {exc.strerror or exc}"))
        return
    if len(data) > limit:  # a zip member may lie about its size
        summary.failed.append((source.name, f"content is above the {limit // 1048576} MB limit"))
        return
    sha = hashlib.sha256(data).hexdigest()
    with engine.connect() as conn:
        known = repo.document_id_by_sha(conn, sha)
    if known is not None:
        summary.known.append((source.name, known))
        return
    try:
        parsed = read_bytes(source.name, data, ocr)
    except IngestError as exc:
        summary.failed.append((source.name, str(exc)))
        return
    except Exception as exc:  # a reader bug must not stop the batch; report it plainly
        summary.failed.append((source.name, f"unexpected reader error: {_one_line(exc)}"))
        return
    many = isinstance(parsed, list)  # a Telegram export: one document per message
    docs = parsed if many else [parsed]
    if not docs or all(not d.text.strip() for d in docs):
        summary.failed.append((source.name, "no text found (empty document)"))
        return
    rows, seen = [], set()
    for i, doc in enumerate(docs):
        if not doc.text.strip():
            continue
        # One file may hold many documents (a Telegram export): each has its own hash, so a
        # later export of the same channel adds only the messages not seen before.
        doc_sha = _part_sha(sha, i, doc) if many else sha
        if doc_sha not in seen:
            seen.add(doc_sha)
            rows.append(_doc_row(source.name, data, doc, doc_sha))
    known_parts: list[tuple[str, int]] = []
    try:
        with engine.begin() as conn:
            ids = []
            for row in rows:
                existing = repo.document_id_by_sha(conn, row["sha256"]) if many else None
                if existing is not None:
                    known_parts.append((source.name, existing))
                else:
                    ids.append(repo.insert_document(conn, row))
    except Exception as exc:  # the transaction is rolled back: nothing of this file is kept
        summary.failed.append((source.name, f"could not store: {_one_line(exc)}"))
        return
    summary.new.extend((source.name, doc_id) for doc_id in ids)
    summary.known.extend(known_parts)


def _part_sha(file_sha: str, index: int, doc: ParsedDocument) -> str:
    """Hash of one document of a many-document file: a Telegram message by channel, message
    id, date and text; anything else by its place in the file."""
    meta = doc.metadata
    if meta.get("channel_id") is not None and meta.get("message_id") is not None:
        key = json.dumps(
            ["telegram", meta["channel_id"], meta["message_id"], meta.get("date"), doc.text],
            ensure_ascii=False,
        )
    else:
        key = f"{file_sha}:{index}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _one_line(exc: BaseException) -> str:
    """A database error as one short line: the driver's own message, without the SQL."""
    inner = getattr(exc, "orig", None) or exc
    first = (str(inner).strip().splitlines() or [""])[0]
    return f"{type(inner).__name__}: {first[:160]}" if first else type(inner).__name__


def ingest_paths(
    engine: Engine,
    paths: Iterable[Path | str],
    *,
    max_mb: float | None = None,
    progress: bool = False,
    ocr: str | OcrSettings | None = None,
) -> IngestSummary:
    """``ocr``: auto, always, never (``--ocr``) or settings; default WARCASES_OCR, else auto.
    ValueError for a bad size limit or OCR setting, before any file is read."""
    limit = max_file_bytes(max_mb)
    settings = ocr if isinstance(ocr, OcrSettings) else ocr_settings(ocr)
    summary = IngestSummary()
    items = list(iter_sources(paths))
    bar = _progress(progress, len(items))
    with bar if bar is not None else nullcontext():
        task = bar.add_task("ingest", total=len(items)) if bar is not None else None
        for item in items:
            if isinstance(item, tuple):
                summary.failed.append(item)
            else:
                ingest_source(engine, item, limit, summary, settings)
            if bar is not None:
                bar.advance(task)
    return summary


def _progress(enabled: bool, total: int):
    if not enabled or total < 2:
        return None
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
    )

