"""Dates in verdicts, news and list cells."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warcases.extract.dates import find_dates, parse_date

# (text, [(iso, surface)])
FIND = [
    ("15 сентября 2025 года", [("2025-09-15", "15 сентября 2025 года")]),
    ("15.09.2025", [("2025-09-15", "15.09.2025")]),
    ("15.09.2025г.", [("2025-09-15", "15.09.2025г.")]),
    ("«15» сентября 2025 г.", [("2025-09-15", "«15» сентября 2025 г.")]),
    ("приговор от 3 мая 2024 г. вступил в силу", [("2024-05-03", "3 мая 2024 г.")]),
    ("19.01.2002 года рождения", [("2002-01-19", "19.01.2002 года")]),
    ("2025 жылғы 15 қыркүйек", [("2025-09-15", "2025 жылғы 15 қыркүйек")]),
    ("2025 жылғы «15» қыркүйектегі үкім", [("2025-09-15", "2025 жылғы «15» қыркүйектегі")]),
    ("2025-жылдын 15-сентябрында", [("2025-09-15", "2025-жылдын 15-сентябрында")]),
    ("2025-yil 15-sentabr", [("2025-09-15", "2025-yil 15-sentabr")]),
    ("15 September 2025", [("2025-09-15", "15 September 2025")]),
    ("September 15, 2025", [("2025-09-15", "September 15, 2025")]),
    ("Sept. 15, 2025", [("2025-09-15", "Sept. 15, 2025")]),
    ("2024-03-10", [("2024-03-10", "2024-03-10")]),
    ("в сентябре 2025 года", [("2025-09", "сентябре 2025 года")]),
    ("в мае 2023", [("2023-05", "мае 2023")]),
    ("в 2023 году", [("2023", "2023 году")]),
    ("2023 жылы", [("2023", "2023 жылы")]),
    ("с 12.03.2023 по 15.04.2024", [("2023-03-12", "12.03.2023"), ("2024-04-15", "15.04.2024")]),
    # not dates
    ("31.02.2025", []),
    ("ИИН 020119500123", []),
    ("Дело № 4517-23-00-1/0", []),
    ("you may 2023", []),
    ("сроком на 1 (один) год", []),
]


@pytest.mark.parametrize(("text", "expected"), FIND)
def test_find_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(d.date, text[d.start:d.end]) for d in find_dates(text)] == expected


def test_find_dates_in_a_long_text_keeps_offsets() -> None:
    text = "Текст. " * 500 + "Приговор вынесен 7 октября 2025 года в г. Алматы."
    [d] = find_dates(text)
    assert d.date == "2025-10-07" and text[d.start:d.end] == "7 октября 2025 года"


PARSE = [
    ("12.03.1983", "1983-03-12"),
    ("12.3.1983", "1983-03-12"),
    ("12/03/1983", "1983-03-12"),
    ("12.03.83", "1983-03-12"),
    ("1983-03-12", "1983-03-12"),
    ("1983-03-12 00:00:00", "1983-03-12"),
    ("1983.03.12", "1983-03-12"),
    ("03.1983", "1983-03"),
    ("1983", "1983"),
    ("1983.0", "1983"),
    ("1983 г.р.", "1983"),
    ("1983 г.", "1983"),
    ("март 1983", "1983-03"),
    ("Март 1983 г.", "1983-03"),
    ("12 марта 1983 г.", "1983-03-12"),
    ("March 12, 1983", "1983-03-12"),
    ("1983 жылғы 12 наурыз", "1983-03-12"),
    ("  12.03.1983  ", "1983-03-12"),
    ("", None),
    ("   ", None),
    ("нет данных", None),
    ("32.01.1990", None),
    ("12.13.1990", None),
    ("жил в Караганде с 1983 по 1990", None),
]


@pytest.mark.parametrize(("raw", "iso"), PARSE)
def test_parse_date(raw: str, iso: str | None) -> None:
    assert parse_date(raw) == iso


def test_parse_date_accepts_none() -> None:
    assert parse_date(None) is None  # type: ignore[arg-type]


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_parse_date_round_trips(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day.isoformat()
    assert parse_date(day.strftime("%d.%m.%Y")) == day.isoformat()


@given(st.text(alphabet=st.sampled_from(list("0123456789.-/ «»сентябряSeptember,жылғы")), max_size=40))
def test_any_text_gives_valid_iso_dates_inside_it(text: str) -> None:
    for d in find_dates(text):
        assert 0 <= d.start < d.end <= len(text)
        parts = [int(p) for p in d.date.split("-")]
        if len(parts) == 3:
            dt.date(*parts)
        assert 1800 <= parts[0] <= 2100
