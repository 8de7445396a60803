"""Reads and writes every stage shares. Each write is one transaction: all or nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, text, update

from warcases.model import DOCUMENT_CARD, DocumentText, Fact
from warcases.store.schema import documents, extraction_runs, statement_history, statements

HUMAN = ("confirmed", "corrected")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def case_subject(doc_id: int, card: int) -> str:
    return f"doc/{doc_id}/case/{card}"


def defendant_subject(doc_id: int, card: int, idx: int) -> str:
    return f"{case_subject(doc_id, card)}/defendant/{idx}"


def document_subject(doc_id: int) -> str:
    return f"doc/{doc_id}"


def fact_subject(doc_id: int, fact: Fact) -> str:
    if fact.card == DOCUMENT_CARD:
        return document_subject(doc_id)
    if fact.defendant is None:
        return case_subject(doc_id, fact.card)
    return defendant_subject(doc_id, fact.card, fact.defendant)


# --- documents ------------------------------------------------------------------------------


def document_id_by_sha(conn: Connection, sha256: str) -> int | None:
    return conn.execute(select(documents.c.id).where(documents.c.sha256 == sha256)).scalar()


def insert_document(conn: Connection, row: dict[str, Any]) -> int:
    row = {"ingested_at": now(), "metadata": {}, "offset_map": [], **row}
    doc_id = conn.execute(insert(documents).values(**row)).inserted_primary_key[0]
    if conn.dialect.name == "sqlite":
        conn.execute(
            text("INSERT INTO documents_fts(rowid, title, text) VALUES (:id, :title, :text)"),
            {"id": doc_id, "title": fold_yo(row.get("title") or ""), "text": fold_yo(row["text"])},
        )
    return int(doc_id)


def fold_yo(text: str) -> str:
    """ё → е, same length, so FTS offsets and snippets still line up with the stored text."""
    return text.replace("ё", "е").replace("Ё", "Е")


def load_document(conn: Connection, doc_id: int) -> DocumentText | None:
    row = conn.execute(
        select(
            documents.c.id,
            documents.c.text,
            documents.c.kind,
            documents.c.language,
            documents.c.metadata,
        ).where(documents.c.id == doc_id)
    ).one_or_none()
    if row is None:
        return None
    return DocumentText(row.id, row.text, row.kind, row.language, row.metadata or {})


def pending_documents(
    conn: Connection, extractor: str, version: str, kinds: Sequence[str] | None = None
) -> list[int]:
    """Ids of documents the extractor has not yet run on at this version."""
    done = select(extraction_runs.c.document_id).where(
        and_(extraction_runs.c.extractor == extractor, extraction_runs.c.version == version)
    )
    q = select(documents.c.id).where(documents.c.id.not_in(done)).order_by(documents.c.id)
    if kinds:
        q = q.where(documents.c.kind.in_(list(kinds)))
    return list(conn.execute(q).scalars())


def search_documents(
    conn: Connection, query: str, limit: int = 20, exact: bool = False
) -> list[dict[str, Any]]:
    """Full-text search; returns id, title, path and a snippet around the match.
    Russian words match their inflected forms unless ``exact`` (see :func:`search_terms`)."""
    if conn.dialect.name == "sqlite":
        rows = conn.execute(
            text(
                "SELECT d.id, d.title, d.source_path, d.kind, d.language, "
                "snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet "
                "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
                "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n"
            ),
            {"q": _fts_query(query, exact), "n": limit},
        )
    else:
        tsquery = _pg_tsquery(query, exact)
        if tsquery is None:
            return []
        rows = conn.execute(
            text(
                "SELECT id, title, source_path, kind, language, "
                "ts_headline('simple', text, to_tsquery('simple', :q), "
                "'StartSel=[, StopSel=], MaxWords=24, MinWords=8') AS snippet "
                f"FROM documents WHERE {PG_FTS_VECTOR} @@ to_tsquery('simple', :q) "
                f"ORDER BY ts_rank({PG_FTS_VECTOR}, to_tsquery('simple', :q)) DESC, id LIMIT :n"
            ),
            {"q": tsquery, "n": limit},
        )
    return [dict(r._mapping) for r in rows]


# The indexed expression (migration 0004 builds the GIN index on exactly this): title and text,
# ё folded to е; the 'simple' configuration lower-cases by the database's locale.
PG_FTS_VECTOR = (
    "to_tsvector('simple', translate(coalesce(title, '') || ' ' || text, 'ёЁ', 'еЕ'))"
)
_PG_WORD = re.compile(r"\w+", re.UNICODE)


_CYRILLIC_WORD = re.compile(r"^[а-яёәғқңөұүһіўҳҷӯ]+$")
_FINAL_VOWELS = "аеиоуыэюяйь"


def search_terms(query: str, exact: bool = False) -> list[tuple[str, bool]]:
    """The words of a user's query as (word, is_prefix), ё folded, lower-cased.

    ``word*`` is a prefix. Unless ``exact``, a Cyrillic word of four letters or more also
    matches its inflected forms: it is searched as a prefix with one final vowel dropped, so
    «бахтиер» finds «Бахтиёра», «Москва» finds «Москве», «Вагнер» finds «Вагнера».
    """
    terms = []
    for raw in fold_yo(query).lower().split():
        prefix = raw.endswith("*")
        words = _PG_WORD.findall(raw)
        for k, word in enumerate(words):
            last = k == len(words) - 1
            if prefix and last:
                terms.append((word, True))
            elif not exact and len(word) >= 4 and _CYRILLIC_WORD.match(word):
                stem = word[:-1] if word[-1] in _FINAL_VOWELS and len(word) > 4 else word
                terms.append((stem, True))
            else:
                terms.append((word, False))
    return terms


def _pg_tsquery(query: str, exact: bool = False) -> str | None:
    """A to_tsquery string from user input: every word must match. Only word characters reach
    PostgreSQL's query parser, so input cannot break its syntax."""
    parts = [f"'{w}':*" if prefix else f"'{w}'" for w, prefix in search_terms(query, exact)]
    return " & ".join(parts) or None


def _fts_query(query: str, exact: bool = False) -> str:
    """Quote each word so user input cannot break FTS5 syntax."""
    parts = [f'"{w}"*' if prefix else f'"{w}"' for w, prefix in search_terms(query, exact)]
    return " ".join(parts) or '""'


# --- statements -----------------------------------------------------------------------------


def replace_machine_facts(
    conn: Connection, doc_id: int, extractor: str, version: str, facts: Iterable[Fact]
) -> int:
    """Swap this extractor's machine statements for ``doc_id``; human ones are never touched."""
    conn.execute(
        delete(statements).where(
            and_(
                statements.c.document_id == doc_id,
                statements.c.extractor == extractor,
                statements.c.status == "machine",
            )
        )
    )
    stamp = now()
    rows = [
        {
            "subject": fact_subject(doc_id, f),
            "property": f.prop,
            "value": f.value,
            "document_id": doc_id,
            "span_start": f.start,
            "span_end": f.end,
            "extractor": extractor,
            "version": version,
            "confidence": float(f.confidence),
            "status": "machine",
            "created_at": stamp,
            "updated_at": stamp,
        }
        for f in facts
    ]
    if rows:
        conn.execute(insert(statements), rows)
    conn.execute(
        delete(extraction_runs).where(
            and_(extraction_runs.c.document_id == doc_id, extraction_runs.c.extractor == extractor)
        )
    )
    conn.execute(
        insert(extraction_runs).values(
            document_id=doc_id, extractor=extractor, version=version, n_facts=len(rows), ran_at=stamp
        )
    )
    return len(rows)


def document_statements(conn: Connection, doc_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(statements).where(statements.c.document_id == doc_id).order_by(statements.c.id)
    )
    return [dict(r._mapping) for r in rows]


def review_statement(
    conn: Connection,
    statement_id: int,
    *,
    author: str,
    status: str,
    value: Any = None,
    note: str | None = None,
) -> None:
    """Confirm, correct or reject a statement, keeping who and when in its history."""
    if status not in ("confirmed", "corrected", "rejected"):
        raise ValueError(f"unknown review status {status!r}")
    row = conn.execute(select(statements).where(statements.c.id == statement_id)).one_or_none()
    if row is None:
        raise KeyError(f"no statement {statement_id}")
    new_value = value if status == "corrected" else row.value
    stamp = now()
    conn.execute(
        update(statements)
        .where(statements.c.id == statement_id)
        .values(status=status, value=new_value, author=author, updated_at=stamp)
    )
    conn.execute(
        insert(statement_history).values(
            statement_id=statement_id,
            changed_by=author,
            changed_at=stamp,
            old_value=row.value,
            new_value=new_value,
            old_status=row.status,
            new_status=status,
            note=note,
        )
    )


def iter_document_ids(conn: Connection) -> Iterator[int]:
    yield from conn.execute(select(documents.c.id).order_by(documents.c.id)).scalars()


def count_documents(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(documents)).scalar() or 0)
