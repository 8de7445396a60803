"""`warcases ingest`: files, folders and .zip archives → stored documents.

Idempotent by content hash; one transaction per source file, so a failing file never leaves a
half-written document and never stops the batch.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from contextlib import nullcontext
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from warcases.config import max_file_bytes
from warcases.ingest.detect import detect_kind, detect_language
from warcases.ingest.errors import IngestError
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
    """Every candidate file; a ``(name, reason)`` tuple for what cannot even be listed."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                children = sorted(p for p in path.rglob("*") if p.is_file() or p.is_symlink())
            except OSError as exc:
                yield (str(path), f"cannot list folder: {exc.strerror or exc}")
                continue
            for child in children:
                if not _is_side_file(child.name):
                    yield from _file_sources(child, explicit=False)
        elif path.exists():
            yield from _file_sources(path, explicit=True)
        else:
            yield (str(path), "no such file or folder")


def _file_sources(path: Path, explicit: bool) -> Iterator[Source | tuple[str, str]]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield (str(path), f"cannot read: {exc.strerror or exc}")
        return
    if path.suffix.lower() == ".zip":
        yield from _zip_sources(path)
        return
    yield Source(str(path), size, path.read_bytes, explicit)


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
            with archive.open(info) as fh:
                return fh.read()

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


def ingest_source(engine: Engine, source: Source, limit: int, summary: IngestSummary) -> None:
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
        parsed = read_bytes(source.name, data)
    except IngestError as exc:
        summary.failed.append((source.name, str(exc)))
        return
    except Exception as exc:  # a reader bug must not stop the batch; report it plainly
        summary.failed.append((source.name, f"unexpected reader error: {type(exc).__name__}: {exc}"))
        return
    docs = parsed if isinstance(parsed, list) else [parsed]
    if not docs or all(not d.text.strip() for d in docs):
        summary.failed.append((source.name, "no text found (empty document)"))
        return
    rows = []
    for i, doc in enumerate(docs):
        if not doc.text.strip():
            continue
        # One file may hold many documents (a Telegram export): hash each within the file.
        doc_sha = sha if len(docs) == 1 else hashlib.sha256(f"{sha}:{i}".encode()).hexdigest()
        rows.append(_doc_row(source.name, data, doc, doc_sha))
    try:
        with engine.begin() as conn:
            ids = [repo.insert_document(conn, row) for row in rows]
    except Exception as exc:
        summary.failed.append((source.name, f"could not store: {type(exc).__name__}: {exc}"))
        return
    summary.new.extend((source.name, doc_id) for doc_id in ids)


def ingest_paths(
    engine: Engine,
    paths: Iterable[Path | str],
    *,
    max_mb: float | None = None,
    progress: bool = False,
) -> IngestSummary:
    limit = max_file_bytes(max_mb)
    summary = IngestSummary()
    items = list(iter_sources(paths))
    bar = _progress(progress, len(items))
    with bar if bar is not None else nullcontext():
        task = bar.add_task("ingest", total=len(items)) if bar is not None else None
        for item in items:
            if isinstance(item, tuple):
                summary.failed.append(item)
            else:
                ingest_source(engine, item, limit, summary)
            if bar is not None:
                bar.advance(task)
    return summary


def _progress(enabled: bool, total: int):
    if not enabled or total < 2:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
    )

