"""A document with no case still says which country it is about; extraction counts documents
once however many extractors read them."""

from __future__ import annotations

from pathlib import Path

from warcases.extract.pipeline import run_extraction
from warcases.ingest.pipeline import ingest_paths
from warcases.store.cards import build_cards, document_country, merged_card

STATS_REPORT = """Число уголовных дел о наёмничестве выросло

Астана, 12 января 2026. По данным Генеральной прокуратуры Казахстана, в 2025 году органы
уголовного преследования зарегистрировали 709 уголовных правонарушений по статье 172
Уголовного кодекса. Годом ранее таких дел было несколько десятков. В ведомстве напомнили, что
участие граждан Казахстана в вооружённых конфликтах на территории других государств
запрещено законом.
"""

VERDICT = """ПРИГОВОР
ИМЕНЕМ КЫРГЫЗСКОЙ РЕСПУБЛИКИ

15 мая 2025 года                                   г. Бишкек

Первомайский районный суд города Бишкек в составе председательствующего судьи Абдыкадыровой
Н.С., рассмотрев уголовное дело в отношении ТЕСТОВА ИВАНА ПЕТРОВИЧА, 1990 года рождения,
гражданина Кыргызской Республики,

ПРИГОВОРИЛ:
Тестова Ивана Петровича признать виновным в совершении преступления, предусмотренного
ч. 1 ст. 416 УК КР, и назначить ему наказание в виде лишения свободы сроком на 5 (пять) лет.
"""


def ingest(engine, folder: Path, files: dict[str, str]) -> list[int]:
    folder.mkdir()
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    summary = ingest_paths(engine, [folder])
    return sorted(i for ids in summary.merge_ids().values() for i in ids)


def test_a_statistics_report_has_no_case_but_keeps_its_country(engine, tmp_path):
    (doc,) = ingest(engine, tmp_path / "in", {"stats.txt": STATS_REPORT})
    run_extraction(engine)
    with engine.connect() as conn:
        cards = build_cards(conn, doc)
        country = document_country(conn, doc)
    assert cards == []
    assert country == "KZ"
    assert merged_card(cards, "news", "ru", country)["document"]["country"] == "KZ"


def test_the_case_country_wins_over_the_documents(engine, tmp_path):
    (doc,) = ingest(engine, tmp_path / "in", {"verdict.txt": VERDICT})
    summary = run_extraction(engine)
    assert summary.documents == 1  # two extractors read it, it is still one document
    assert summary.by_extractor == {"verdict": 1, "document": 1}
    with engine.connect() as conn:
        (card,) = build_cards(conn, doc)
    assert card["document"]["country"] == "KG"
    assert card["defendants"][0]["charges"] == ["KG:416:1"]
