"""`warcases extract`: run every extractor over the documents it has not yet read at its
current version. One transaction per document: facts and case views change together."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field

from sqlalchemy import Engine

from warcases.extract.registry import Extractor, extractors
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
    total = sum(len(ids) for _, ids in plan)
    bar = _bar(progress, total)
    with bar if bar is not None else nullcontext():
        task = bar.add_task("extract", total=total) if bar is not None else None
        for extractor, ids in plan:
            for doc_id in ids:
                _extract_one(engine, extractor, doc_id, summary)
                if bar is not None:
                    bar.advance(task)
    return summary


def _extract_one(engine: Engine, extractor: Extractor, doc_id: int, summary: ExtractSummary) -> None:
    with engine.connect() as conn:
        doc = repo.load_document(conn, doc_id)
    if doc is None:
        return
    try:
        facts = extractor.run(doc)
    except Exception as exc:  # one bad document must not stop the run
        summary.failed.append((doc_id, f"{extractor.name}: {type(exc).__name__}: {exc}"))
        return
    with engine.begin() as conn:
        n = repo.replace_machine_facts(conn, doc_id, extractor.name, extractor.version, facts)
        rebuild_views(conn, doc_id)
    summary.documents += 1
    summary.facts += n
    summary.by_extractor[extractor.name] = summary.by_extractor.get(extractor.name, 0) + 1


def _bar(enabled: bool, total: int):
    if not enabled or total < 2:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True)
