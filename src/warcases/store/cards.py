"""Case cards: the accepted statements of a document, assembled in the gold-file shape.

Precedence per (subject, property): statements a person confirmed or corrected win over
machine ones; rejected statements are ignored. The ``cases``/``defendants`` tables are a
materialised view of these cards, rebuilt per document.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from warcases.model import CARD_SCALARS, DEFENDANT_FIELDS, MULTI_VALUED
from warcases.store.repo import HUMAN, document_statements
from warcases.store.schema import cases, defendants, documents

_SUBJECT = re.compile(r"^doc/(\d+)/case/(\d+)(?:/defendant/(\d+))?$")


def fold(value: str | None) -> str | None:
    """Case- and ё-insensitive key for Cyrillic names (SQLite folds only ASCII)."""
    if value is None:
        return None
    return " ".join(value.casefold().replace("ё", "е").split())


def accepted(stmts: list[dict[str, Any]]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """subject -> property -> the statements that count, in document order."""
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    # A value a person rejected stays rejected when an extractor finds it again on a re-run.
    rejected = {
        (s["subject"], s["property"], _key(s["value"])) for s in stmts if s["status"] == "rejected"
    }
    for s in stmts:
        if s["status"] == "rejected":
            continue
        if s["status"] == "machine" and (s["subject"], s["property"], _key(s["value"])) in rejected:
            continue
        grouped[s["subject"]][s["property"]].append(s)
    for props in grouped.values():
        for prop, items in props.items():
            human = [s for s in items if s["status"] in HUMAN]
            chosen = human or items
            chosen.sort(key=lambda s: (s["span_start"] is None, s["span_start"] or 0))
            props[prop] = chosen
    return grouped


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _value(items: list[dict[str, Any]], prop: str) -> Any:
    if prop in MULTI_VALUED:
        seen: list[Any] = []
        for s in items:
            if s["value"] is not None and s["value"] not in seen:
                seen.append(s["value"])
        return seen
    if not items:
        return None
    # The most confident statement wins; ties go to the first in the text.
    return max(items, key=lambda s: s["confidence"])["value"]


def empty_defendant() -> dict[str, Any]:
    d: dict[str, Any] = {}
    for f in DEFENDANT_FIELDS:
        if f.startswith("sentence."):
            continue
        d[f] = [] if f in MULTI_VALUED else None
    d["sentence"] = None
    return d


def build_cards(conn: Connection, doc_id: int, *, with_evidence: bool = False) -> list[dict]:
    """Every case card of a document, in CASE_FORMAT.md shape (all keys present).

    With ``with_evidence`` each card carries ``_evidence``: field path -> statements.
    """
    doc = conn.execute(select(documents).where(documents.c.id == doc_id)).one()
    grouped = accepted(document_statements(conn, doc_id))
    doc_country = _value(grouped.get(f"doc/{doc_id}", {}).get("country", []), "country")
    by_card: dict[int, dict[str, Any]] = {}
    for subject, props in grouped.items():
        m = _SUBJECT.match(subject)
        if not m:
            continue
        card_no = int(m.group(2))
        card = by_card.setdefault(card_no, _new_card(doc, card_no))
        if m.group(3) is None:
            for prop, items in props.items():
                val = _value(items, prop)
                if prop == "country":
                    card["document"]["country"] = val
                elif prop in CARD_SCALARS:
                    card["case"][prop] = val
                else:
                    card["extra"][prop] = val
                card["_evidence"][f"case.{prop}"] = items
        else:
            idx = int(m.group(3))
            card["_defs"][idx] = (props, _defendant(props))
    cards = []
    for card_no in sorted(by_card):
        card = by_card[card_no]
        defs = card.pop("_defs")
        if card["document"]["country"] is None:  # the case names none: the document's country
            card["document"]["country"] = doc_country
        card["defendants"] = [defs[i][1] for i in sorted(defs)]
        for pos, i in enumerate(sorted(defs)):
            for prop, items in defs[i][0].items():
                card["_evidence"][f"defendants.{pos}.{prop}"] = items
        if not with_evidence:
            card.pop("_evidence")
        cards.append(card)
    return cards


def _new_card(doc: Any, card_no: int) -> dict[str, Any]:
    return {
        "id": f"doc/{doc.id}/case/{card_no}",
        "document": {"kind": doc.kind, "language": doc.language, "country": None},
        "case": {k: None for k in CARD_SCALARS if k != "country"},
        "extra": {},
        "_defs": {},
        "_evidence": {},
    }


def _defendant(props: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    d = empty_defendant()
    sentence: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for prop, items in props.items():
        val = _value(items, prop)
        if prop.startswith("sentence."):
            sentence[prop.split(".", 1)[1]] = val
        elif prop in d:
            d[prop] = val
        else:
            extra[prop] = val
    if sentence:
        d["sentence"] = {
            "type": sentence.get("type"),
            "months": sentence.get("months"),
            "institution": sentence.get("institution"),
            "suspended": sentence.get("suspended"),
            "probation_months": sentence.get("probation_months"),
        }
    if extra:
        d["extra"] = extra
    return d


def document_country(conn: Connection, doc_id: int) -> str | None:
    """The country a document is about as a whole (a statistics report, a law change), if any."""
    grouped = accepted(document_statements(conn, doc_id))
    return _value(grouped.get(f"doc/{doc_id}", {}).get("country", []), "country")


def merged_card(
    cards: list[dict[str, Any]], doc_kind: str, doc_language: str, doc_country: str | None = None
) -> dict[str, Any]:
    """One gold-shaped card for a document: the first card's case, every card's defendants.
    A document with no case keeps the country it is about."""
    if not cards:
        return {
            "document": {"kind": doc_kind, "language": doc_language, "country": doc_country},
            "case": {k: None for k in CARD_SCALARS if k != "country"},
            "defendants": [],
        }
    first = cards[0]
    out = {"document": dict(first["document"]), "case": dict(first["case"]), "defendants": []}
    if len(cards) > 1:
        # Several cases in one report: keep only what all cards agree on at case level.
        for key in out["case"]:
            values = {c["case"][key] for c in cards}
            if len(values) > 1:
                out["case"][key] = None
    for c in cards:
        out["defendants"].extend(
            {k: v for k, v in d.items() if k != "extra"} for d in c["defendants"]
        )
    return out


def rebuild_views(conn: Connection, doc_id: int) -> None:
    """Rewrite the ``cases``/``defendants`` rows of one document from its statements."""
    old = select(cases.c.id).where(cases.c.document_id == doc_id)
    conn.execute(delete(defendants).where(defendants.c.case_id.in_(old)))
    conn.execute(delete(cases).where(cases.c.document_id == doc_id))
    grouped = accepted(document_statements(conn, doc_id))
    for card in build_cards(conn, doc_id):
        case = card["case"]
        date = case.get("verdict_date")
        year = int(date[:4]) if isinstance(date, str) and date[:4].isdigit() else None
        confirmed = _all_human(grouped, card["id"])
        conn.execute(
            insert(cases).values(
                id=card["id"],
                document_id=doc_id,
                card=int(card["id"].rsplit("/", 1)[1]),
                kind=card["document"]["kind"],
                country=card["document"]["country"],
                year=year,
                confirmed=confirmed,
                **case,
            )
        )
        for idx, d in enumerate(card["defendants"]):
            s = d.get("sentence") or {}
            extra = d.get("extra", {})
            did = f"{card['id']}/defendant/{idx}"
            conn.execute(
                insert(defendants).values(
                    id=did,
                    case_id=card["id"],
                    idx=idx,
                    name=d["name"],
                    name_key=fold(d["name"]),
                    birth_date=extra.get("birth_date"),
                    birth_year=d["birth_year"],
                    age=d["age"],
                    region=d["region"],
                    citizenship=d["citizenship"],
                    charges=d["charges"],
                    articles=sorted({":".join(c.split(":")[:2]) for c in d["charges"]}),
                    sentence_type=s.get("type"),
                    sentence_months=s.get("months"),
                    sentence_institution=s.get("institution"),
                    sentence_suspended=s.get("suspended"),
                    probation_months=s.get("probation_months"),
                    additional_penalties=d["additional_penalties"],
                    formations=d["formations"],
                    recruitment=d["recruitment"],
                    motives=d["motives"],
                    wounded=d["wounded"],
                    deserted=d["deserted"],
                    russian_citizenship=d["russian_citizenship"],
                    return_how=d["return"],
                    confirmed=_all_human(grouped, did, exact=True),
                )
            )


def _all_human(grouped: dict, subject: str, exact: bool = False) -> bool:
    relevant = [
        s
        for subj, props in grouped.items()
        if subj == subject or (not exact and subj.startswith(subject + "/"))
        for items in props.values()
        for s in items
    ]
    return bool(relevant) and all(s["status"] in HUMAN for s in relevant)
