"""`warcases extract`: run every extractor over the documents it has not yet read at its
current version. One transaction per document: facts and case views change together."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace

from sqlalchemy import Engine

from warcases.extract.registry import Extractor, extractors
from warcases.ingest.ocr_boxes import confidence_factor
from warcases.store import repo
from warcases.store.cards import rebuild_views


@dataclass
class ExtractSummary:
    documents: int = 0
    facts: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)
    by_extractor: dict[str, int] = field(default_factory=dict)


def run_extraction(
    engine: Engine,
    *,
    only: Sequence[str] | None = None,
    document_ids: Sequence[int] | None = None,
    progress: bool = False,
) -> ExtractSummary:
    summary = ExtractSummary()
    chosen = [e for e in extractors() if not only or e.name in only]
    with engine.connect() as conn:
        plan = [(e, repo.pending_documents(conn, e.name, e.version, e.kinds)) for e in chosen]
    if document_ids is not None:
        wanted = set(document_ids)
        plan = [(e, [d for d in ids if d in wanted]) for e, ids in plan]
    # Per document, every extractor it is pending for: one load, one transaction, one rebuild.
    pending: dict[int, list[Extractor]] = {}
    for extractor, ids in plan:
        for doc_id in ids:
            pending.setdefault(doc_id, []).append(extractor)
    bar = _bar(progress, len(pending))
    with bar if bar is not None else nullcontext():
        task = bar.add_task("extract", total=len(pending)) if bar is not None else None
        for doc_id in sorted(pending):
            _extract_one(engine, pending[doc_id], doc_id, summary)
            if bar is not None:
                bar.advance(task)
    return summary


def _extract_one(
    engine: Engine, chosen: list[Extractor], doc_id: int, summary: ExtractSummary
) -> None:
    with engine.connect() as conn:
        doc = repo.load_document(conn, doc_id)
    if doc is None:
        return
    results = []
    factor = confidence_factor(doc.metadata)  # text read by OCR: lower confidence
    for extractor in chosen:
        try:
            facts = [
                f if (k := factor(f.start)) == 1.0 else replace(f, confidence=f.confidence * k)
                for f in extractor.run(doc)
            ]
            results.append((extractor, facts))
        except Exception as exc:  # one bad document must not stop the run
            summary.failed.append((doc_id, f"{extractor.name}: {type(exc).__name__}: {exc}"))
    if not results:
        return
    with engine.begin() as conn:
        for extractor, facts in results:
            n = repo.replace_machine_facts(conn, doc_id, extractor.name, extractor.version, facts)
            summary.facts += n
            summary.by_extractor[extractor.name] = summary.by_extractor.get(extractor.name, 0) + 1
        rebuild_views(conn, doc_id)
    summary.documents += 1


def _bar(enabled: bool, total: int):
    if not enabled or total < 2:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True)
