"""`warcases eval DIR`: ingest and extract a gold folder into a throw-away database, score it."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from warcases.evaluate.score import Report, score_document
from warcases.evaluate.vocabulary import card_problems
from warcases.extract.pipeline import run_extraction
from warcases.ingest.pipeline import ingest_paths
from warcases.store.cards import build_cards, document_country, merged_card
from warcases.store.db import make_engine, migrate
from warcases.store.schema import documents

GOLD_SUFFIX = ".gold.json"


@dataclass
class GoldPair:
    stem: str
    document: Path
    gold: dict[str, Any]


@dataclass
class EvalResult:
    report: Report
    cards: dict[str, dict[str, Any]] = field(default_factory=dict)
    failed: list[tuple[str, str]] = field(default_factory=list)
    missing_documents: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # values outside the vocabulary


class GoldError(ValueError):
    pass


def find_pairs(root: Path) -> tuple[list[GoldPair], list[str]]:
    """Gold files and their documents, matched by stem within the same folder."""
    if not root.is_dir():
        raise GoldError(f"{root}: not a folder")
    pairs: list[GoldPair] = []
    missing: list[str] = []
    for gold_path in sorted(root.rglob(f"*{GOLD_SUFFIX}")):
        stem = gold_path.name[: -len(GOLD_SUFFIX)]
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise GoldError(f"{gold_path}: cannot read gold file: {exc}") from exc
        if not isinstance(gold, dict):
            raise GoldError(f"{gold_path}: gold file must hold a JSON object")
        docs = [
            p
            for p in gold_path.parent.iterdir()
            if p.is_file() and p.stem == stem and not p.name.endswith((GOLD_SUFFIX, ".card.json"))
        ]
        if not docs:
            missing.append(str(gold_path.relative_to(root)))
            continue
        pairs.append(GoldPair(str(gold_path.relative_to(root))[: -len(GOLD_SUFFIX)], docs[0], gold))
    return pairs, missing


def score_store(engine, pairs: list[GoldPair], ids: dict[str, list[int]], report: Report) -> dict:
    """Score the cards already in ``engine`` for each gold pair; returns stem -> card."""
    cards: dict[str, dict[str, Any]] = {}
    with engine.connect() as conn:
        for pair in pairs:
            doc_ids = ids.get(str(pair.document), [])
            if doc_ids:
                doc = conn.execute(select(documents).where(documents.c.id == doc_ids[0])).one()
                card = merged_card(
                    build_cards(conn, doc.id), doc.kind, doc.language, document_country(conn, doc.id)
                )
            else:
                card = merged_card([], None, None)  # type: ignore[arg-type]
            cards[pair.stem] = card
            score_document(report, pair.stem, pair.gold, card)
    return cards


def write_cards(cards: dict[str, dict[str, Any]], out: Path) -> None:
    for stem, card in cards.items():
        target = out / f"{stem}.card.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8")


def evaluate_dir(root: Path, cards_out: Path | None = None) -> EvalResult:
    pairs, missing = find_pairs(root)
    with tempfile.TemporaryDirectory(prefix="warcases-eval-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'eval.db'}")
        migrate(engine)
        summary = ingest_paths(engine, [p.document for p in pairs])
        run_extraction(engine)
        result = EvalResult(Report(), failed=summary.failed, missing_documents=missing)
        result.cards = score_store(engine, pairs, summary.merge_ids(), result.report)
        result.invalid = [
            f"{stem}: {problem}" for stem, card in result.cards.items() for problem in card_problems(card)
        ]
        engine.dispose()
    if cards_out is not None:
        write_cards(result.cards, cards_out)
    return result
