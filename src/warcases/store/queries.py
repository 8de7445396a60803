"""Read-side queries the CLI and web pages share."""

from __future__ import annotations

import re
from typing import Any

from razdel import sentenize
from sqlalchemy import Engine, select

from warcases.model.records import Segment, locate
from warcases.store.cards import accepted, build_cards
from warcases.store.repo import document_statements
from warcases.store.schema import cases, defendants, documents

_DOC_ID = re.compile(r"^(?:doc/)?(\d+)(?:/case/(\d+))?$")


def describe_sentence(row: dict[str, Any]) -> str:
    kind = row.get("sentence_type")
    if not kind:
        return ""
    months = row.get("sentence_months")
    parts = [kind]
    if months is not None:
        y, m = divmod(int(months), 12)
        parts.append(" ".join(p for p in (f"{y} y" if y else "", f"{m} m" if m else "") if p))
    if row.get("sentence_institution"):
        parts.append(row["sentence_institution"])
    if row.get("sentence_suspended"):
        parts.append("suspended")
    return ", ".join(parts)


def list_cases(
    engine: Engine,
    *,
    country: str | None = None,
    article: str | None = None,
    year: int | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """One row per defendant (or per case without defendants), filtered."""
    q = (
        select(cases, defendants)
        .select_from(cases.outerjoin(defendants, defendants.c.case_id == cases.c.id))
        .order_by(cases.c.verdict_date, cases.c.id, defendants.c.idx)
    )
    if country:
        q = q.where(cases.c.country == country.upper())
    if year:
        q = q.where(cases.c.year == year)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
    out = []
    for r in rows:
        charges = r.get("charges") or []
        if article and not _article_matches(article, charges):
            continue
        out.append(
            {
                "id": r["id"],
                "country": r["country"],
                "court": r["court"],
                "verdict_date": r["verdict_date"],
                "name": r["name"],
                "charges": charges,
                "sentence": describe_sentence(r),
                "confirmed": bool(r["confirmed"]),
            }
        )
        if len(out) >= limit:
            break
    return out


def _article_matches(article: str, charges: list[str]) -> bool:
    wanted = article.upper()
    for code in charges:
        code_u = code.upper()
        if ":" in wanted:
            if code_u == wanted or code_u.startswith(wanted + ":"):
                return True
        elif code_u.split(":")[1:2] == [wanted]:
            return True
    return False


def sentence_around(text: str, start: int | None, end: int | None, width: int = 240) -> str:
    """The sentence(s) holding a span, abbreviation-aware, trimmed to about ``width`` characters.

    Paragraph breaks (blank lines) always end a sentence; inside a paragraph razdel decides, so
    "ч. 1 ст. 172", "г. Кокшетау" and "30.01.1990" do not cut the sentence.
    """
    if start is None or end is None or not text:
        return ""
    lo, hi = max(0, start - 2000), min(len(text), end + 2000)
    para_lo = max(text.rfind("\n\n", lo, start), lo)
    para_hi = text.find("\n\n", end, hi)
    para_hi = hi if para_hi < 0 else para_hi
    para = text[para_lo:para_hi]
    left, right = start, end
    for sent in sentenize(para):
        s0, s1 = para_lo + sent.start, para_lo + sent.stop
        if s1 > start and s0 < end:
            left, right = min(left, s0), max(right, s1)
    cut_left, cut_right = left < start - width, right > end + width
    if cut_left:  # trim to whole words
        left = text.find(" ", start - width, start) + 1 or start - width
    if cut_right:
        space = text.rfind(" ", end, end + width)
        right = space if space > 0 else end + width
    snippet = " ".join(text[left:right].split())
    return ("…" if cut_left else "") + snippet + ("…" if cut_right else "")


# What the offset map's "page" is, per format (model.Segment).
_UNIT = {"pdf": "page", "image": "page", "docx": "paragraph", "html": "block"}


def span_location(doc: dict[str, Any], start: int | None) -> str:
    """Where a text offset sits in the original file, from the document's offset map:
    "page 2" (PDF), "paragraph 7" (DOCX), "block 12, character 5230" (HTML: the position in
    the decoded page source), "line 14, character 523" (plain text, Telegram)."""
    if start is None:
        return ""
    segments = [Segment(*entry) for entry in doc.get("offset_map") or []]
    page, source_pos = locate(segments, start)
    unit = _UNIT.get(doc.get("format") or "")
    if unit == "page" and page is not None:
        return f"page {page}"
    if unit == "paragraph" and page is not None:
        return f"paragraph {page}"
    if unit == "block" and page is not None:
        return f"block {page}, character {source_pos}"
    line = (doc.get("text") or "").count("\n", 0, start) + 1
    return f"line {line}, character {source_pos}"


def case_evidence(engine: Engine, ident: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The document and, per card, one line per accepted statement with its sentence and where
    it is in the source, then the statements a person rejected (status ``rejected``)."""
    m = _DOC_ID.match(ident.strip())
    if not m:
        raise KeyError(f"{ident!r} is not a case id (doc/3/case/0) or a document id (3)")
    doc_id = int(m.group(1))
    with engine.connect() as conn:
        doc = conn.execute(select(documents).where(documents.c.id == doc_id)).one_or_none()
        if doc is None:
            raise KeyError(f"no document {doc_id}")
        doc_map = dict(doc._mapping)
        stmts = document_statements(conn, doc_id)
        grouped = accepted(stmts)
        cards_found = build_cards(conn, doc_id)
    rejected: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for s in stmts:  # shown too, marked, so a reviewer sees what was already turned down
        if s["status"] == "rejected":
            rejected.setdefault(s["subject"], {}).setdefault(s["property"], []).append(s)
    wanted_card = f"doc/{doc_id}/case/{m.group(2)}" if m.group(2) is not None else None
    out = []
    for card in cards_found:
        if wanted_card and card["id"] != wanted_card:
            continue
        lines = []
        subjects = {*grouped, *rejected}
        for subject in sorted(s for s in subjects if s == card["id"] or s.startswith(card["id"] + "/")):
            who = "case" if subject == card["id"] else "defendant " + subject.rsplit("/", 1)[1]
            props = {p: list(v) for p, v in grouped.get(subject, {}).items()}
            for prop, items in rejected.get(subject, {}).items():
                props.setdefault(prop, []).extend(items)
            for prop, items in props.items():
                for s in items:
                    lines.append(
                        {
                            "field": f"{who}.{prop}",
                            "value": s["value"],
                            "status": s["status"],
                            "author": s["author"],
                            "confidence": s["confidence"],
                            "statement_id": s["id"],
                            "sentence": sentence_around(doc_map["text"], s["span_start"], s["span_end"]),
                            "where": span_location(doc_map, s["span_start"]),
                        }
                    )
        out.append({"id": card["id"], "card": card, "lines": lines})
    if wanted_card and not out:
        raise KeyError(f"no case {wanted_card}")
    return doc_map, out
