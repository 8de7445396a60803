"""A report's dateline gives its publication date, and the linker reads a stated age against it
when the report names no verdict date."""

from __future__ import annotations

import pytest

from warcases.extract.document import publication_date
from warcases.extract.pipeline import run_extraction
from warcases.ingest.pipeline import ingest_paths
from warcases.link.run import load_records, publication_dates


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Заголовок\n\nКараганда, 17 марта 2025. Суд приговорил", "2025-03-17"),
        ("ALMATY, Oct 3, 2025 – A court in Almaty", "2025-10-03"),
        ("ALMATY, Oct. 3, 2025 – A court", "2025-10-03"),
        ("TASHKENT, 14 November 2025 – The court", "2025-11-14"),
        ("Суд приговорил жителя Караганды. Это случилось 17 марта 2025 года.", None),
    ],
)
def test_dateline(text, iso):
    got = publication_date(text)
    assert (got[0] if got else None) == iso


NEWS = """Жителя Актобе осудили за участие в войне

Актобе, 5 февраля 2026. Специализированный межрайонный суд по уголовным делам Актюбинской
области приговорил 34-летнего Тестова Ерлана к пяти годам лишения свободы по части 1
статьи 172 УК РК. По данным суда, он воевал на стороне России по контракту с Минобороны РФ.
"""


def test_linker_reads_a_reported_age_against_the_dateline(engine, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "news.txt").write_text(NEWS, encoding="utf-8")
    ingest_paths(engine, [folder])
    run_extraction(engine)
    with engine.connect() as conn:
        dates = publication_dates(conn)
        (record,) = [r for r in load_records(conn) if r.kind == "news"]
    assert list(dates.values()) == ["2026-02-05"]
    assert record.age == 34 and record.report_date == "2026-02-05"
