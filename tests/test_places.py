"""Place names → region ids, with the 2022 (and 2018) boundary changes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warcases.extract.places import (
    country_of_region,
    court_region,
    find_regions,
    region_ids,
    region_of,
)

# (name, on_date, expected region)
REGION_OF = [
    ("Семей", None, "kz/abai"),
    ("Семей", "2022-06-08", "kz/abai"),
    ("Семей", "2021-03-01", "kz/east-kazakhstan"),
    ("Semey", "2019", "kz/east-kazakhstan"),
    ("Семипалатинск", "2015-01-01", "kz/east-kazakhstan"),
    ("г. Семей", None, "kz/abai"),
    ("Жезказган", None, "kz/ulytau"),
    ("Жезказган", "2020-01-01", "kz/karaganda"),
    ("г. Сатпаев", "2021-12-31", "kz/karaganda"),
    ("Талдыкорган", None, "kz/jetisu"),
    ("Талдыкорган", "2022-06-07", "kz/almaty-region"),
    ("Текели", "2020-05-05", "kz/almaty-region"),
    ("Конаев", None, "kz/almaty-region"),
    ("Капшагай", "2019-01-01", "kz/almaty-region"),
    ("Нур-Султан", None, "kz/astana"),
    ("Астана", None, "kz/astana"),
    ("Алма-Ата", None, "kz/almaty"),
    ("Алматы", None, "kz/almaty"),
    ("Almaty Region", None, "kz/almaty-region"),
    ("Алматы облысы", None, "kz/almaty-region"),
    ("Чимкент", None, "kz/shymkent"),
    ("Шымкент", "2017-05-01", "kz/turkestan"),
    ("Темиртау", None, "kz/karaganda"),
    ("Экибастуз", None, "kz/pavlodar"),
    ("Рудный", None, "kz/kostanay"),
    ("Жанаозен", None, "kz/mangystau"),
    ("Балхаш", None, "kz/karaganda"),
    ("Кентау", None, "kz/turkestan"),
    ("Каскелен", None, "kz/almaty-region"),
    ("Талгар", None, "kz/almaty-region"),
    ("Есик", None, "kz/almaty-region"),
    ("Щучинск", None, "kz/akmola"),
    ("Степногорск", None, "kz/akmola"),
    ("Усть-Каменогорск", None, "kz/east-kazakhstan"),
    ("Өскемен", None, "kz/east-kazakhstan"),
    ("г. Караганды", None, "kz/karaganda"),
    ("Карагандинской области", None, "kz/karaganda"),
    ("Карагандинская область", None, "kz/karaganda"),
    ("Қарағанды облысы", None, "kz/karaganda"),
    ("Қарағанды облысының", None, "kz/karaganda"),
    ("Karaganda region", None, "kz/karaganda"),
    ("ВКО", None, "kz/east-kazakhstan"),
    ("Бишкек", None, "kg/bishkek"),
    ("Ош", None, "kg/osh"),
    ("Ошская область", None, "kg/osh-region"),
    ("Узген", None, "kg/osh-region"),
    ("Каракол", None, "kg/issyk-kul"),
    ("Андижан", None, "uz/andijan"),
    ("Карши", None, "uz/kashkadarya"),
    ("Нукус", None, "uz/karakalpakstan"),
    ("Ташкент", None, "uz/tashkent"),
    ("Ташкентская область", None, "uz/tashkent-region"),
    ("Fargʻona viloyati", None, "uz/fergana"),
    ("Худжанд", None, "tj/sughd"),
    ("Душанбе", None, "tj/dushanbe"),
    ("ГБАО", None, "tj/gbao"),
    # not ours
    ("Москва", None, None),
    ("Петропавловск-Камчатский", None, None),
    ("Байконыр", None, None),
    ("", None, None),
]


@pytest.mark.parametrize(("name", "on_date", "expected"), REGION_OF)
def test_region_of(name: str, on_date: str | None, expected: str | None) -> None:
    assert region_of(name, on_date) == expected


COURTS = [
    ("Специализированный межрайонный суд по уголовным делам Карагандинской области", None,
     "kz/karaganda"),
    ("Есильский районный суд города Астаны", None, "kz/astana"),
    ("Первомайский районный суд г. Бишкек", None, "kg/bishkek"),
    ("Қарағанды облысының мамандандырылған ауданаралық қылмыстық істер жөніндегі соты", None,
     "kz/karaganda"),
    ("Кокшетауский городской суд Акмолинской области", None, "kz/akmola"),
    ("Сатпаевский городской суд", None, "kz/ulytau"),
    ("Сатпаевский городской суд", "2021-09-01", "kz/karaganda"),
    ("Семейский городской суд", "2020-01-01", "kz/east-kazakhstan"),
    ("Специализированный межрайонный суд по уголовным делам города Алматы", None, "kz/almaty"),
    ("Алматинский городской суд", None, "kz/almaty"),
    ("Алматинский областной суд", None, "kz/almaty-region"),
    ("Уральский городской суд", None, "kz/west-kazakhstan"),
    ("Нарынский областной суд", None, "kg/naryn"),
    ("Бекабадский районный суд по уголовным делам", None, "uz/tashkent-region"),
    ("Пахтачинский районный суд по уголовным делам", None, "uz/samarkand"),
    ("Районный суд № 2 Алмалинского района города Алматы", None, "kz/almaty"),
    ("Верховный суд", None, None),
]


@pytest.mark.parametrize(("court", "on_date", "expected"), COURTS)
def test_court_region(court: str, on_date: str | None, expected: str | None) -> None:
    assert court_region(court, on_date) == expected


def test_find_regions_in_a_sentence() -> None:
    text = ("уроженец г. Семей, проживающий в Карагандинской области, ранее жил в Алма-Ате, "
            "на ул. Ташкентская; ошибка ош.")
    found = [(m.region, m.surface, text[m.start:m.end]) for m in find_regions(text)]
    assert found == [
        ("kz/abai", "Семей", "Семей"),
        ("kz/karaganda", "Карагандинской области", "Карагандинской области"),
        ("kz/almaty", "Алма-Ате", "Алма-Ате"),
    ]


def test_find_regions_resolves_by_date() -> None:
    text = "уроженец г. Семей, житель Жезказгана"
    before = [m.region for m in find_regions(text, "2020-01-01")]
    assert before == ["kz/east-kazakhstan", "kz/karaganda"]
    assert [m.region for m in find_regions(text)] == ["kz/abai", "kz/ulytau"]


@pytest.mark.parametrize(
    "text",
    ["проживает по ул. Курчатова", "на Ферганском проезде", "Ташкентская улица, дом 5",
     "философия Канта", "в Уральском федеральном округе", "Петропавловская крепость"],
)
def test_streets_and_lookalikes_are_not_regions(text: str) -> None:
    assert find_regions(text) == []


def test_capitals_in_caps_headers_are_found() -> None:
    [m] = find_regions("СПЕЦИАЛИЗИРОВАННЫЙ МЕЖРАЙОННЫЙ СУД ПО УГОЛОВНЫМ ДЕЛАМ АТЫРАУСКОЙ ОБЛАСТИ")
    assert m.region == "kz/atyrau"


@pytest.mark.parametrize(
    ("region", "country"),
    [("kz/abai", "KZ"), ("kg/osh", "KG"), ("uz/karakalpakstan", "UZ"), ("tj/rrp", "TJ")],
)
def test_country_of_region(region: str, country: str) -> None:
    assert country_of_region(region) == country


def test_country_of_unknown_region_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown region id 'ru/moscow'"):
        country_of_region("ru/moscow")


def test_every_region_has_a_country() -> None:
    assert {country_of_region(r) for r in region_ids()} == {"KZ", "KG", "UZ", "TJ"}
    assert len(region_ids()) == 48


def test_bad_date_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="ISO date"):
        region_of("Семей", "8 June 2022")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ОшСемейг. областиКарагандинской -\nул")), max_size=60))
def test_any_text_gives_known_regions_inside_it(text: str) -> None:
    for m in find_regions(text):
        assert m.region in region_ids()
        assert text[m.start:m.end] == m.surface
