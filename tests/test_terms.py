"""Terms in months and punishment phrases, including OCR-damaged text."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warcases.extract.terms import clean_with_offsets, find_sentences, find_terms

TERMS = [
    ("5 (пять) лет", 60),
    ("четыре года шесть месяцев", 54),
    ("4 г. 6 мес.", 54),
    ("4 года 1 месяц 20 дней", 49),
    ("шесть лет восемь месяцев", 80),
    ("шесть лет и восемь месяцев", 80),
    ("1 (один) год", 12),
    ("6 месяцев", 6),
    ("4 (четыре) года 6 (шесть) месяцев", 54),
    ("2 (два) года", 24),
    ("полтора года", 18),
    ("четыре с половиной года", 54),
    ("двадцать четыре месяца", 24),
    ("3,5 года", 42),
    ("к пяти годам", 60),
    ("5 (пять) жыл", 60),
    ("5 (бес) жыл 6 (алты) ай", 66),
    ("бес жыл алты ай", 66),
    ("төрт жарым жыл", 54),
    ("он бір жыл", 132),
    ("үч жылга", 36),
    ("3 yil 6 oy", 42),
    ("5 years", 60),
    ("four and a half years", 54),
    ("two years and six months", 30),
    ("a 5-year sentence", 60),
    ("он пять лет назад", 60),  # Kazakh "он" does not join a Russian number
]


@pytest.mark.parametrize(("text", "months"), TERMS)
def test_find_terms(text: str, months: int) -> None:
    found = find_terms(text)
    assert [t.months for t in found] == [months]


@pytest.mark.parametrize(
    "text",
    ["15.09.2025 г.", "в 2025 году", "Дело № 2 из 5", "2025 жылғы 15 қыркүйек",
     "1983 года рождения"],
)
def test_years_of_dates_are_not_terms(text: str) -> None:
    assert find_terms(text) == []


def test_term_spans_point_into_the_original_text() -> None:
    text = "сроком на 5 (пять)\nлет с отбыванием"
    [term] = find_terms(text)
    assert text[term.start:term.end] == "5 (пять)\nлет"


# (text, type, months, institution, suspended, probation, fine)
SENTENCES = [
    (("назначить наказание в виде лишения свободы сроком на 5 (пять) лет с отбыванием наказания в "
     "учреждении уголовно-исполнительной системы средней безопасности."),
     "imprisonment", 60, "medium", False, None, None),
    ("лишение свободы на срок 4 года 6 месяцев в колонии общего режима",
     "imprisonment", 54, "general", False, None, None),
    ("лишение свободы сроком на 6 лет 8 месяцев в исправительной колонии строгого режима",
     "imprisonment", 80, "strict", False, None, None),
    (("назначить наказание в виде лишения свободы сроком на 4 (четыре) года 6 (шесть) месяцев с "
     "отбыванием в колонии-поселении"), "imprisonment", 54, "settlement", False, None, None),
    ("лишение свободы сроком 2 года с отбыванием в учреждении минимальной безопасности",
     "imprisonment", 24, "minimum", False, None, None),
    ("пожизненное лишение свободы с отбыванием в учреждении чрезвычайной безопасности",
     "imprisonment", None, "extraordinary", False, None, None),
    ("приговорил к 5 годам лишения свободы в колонии средней безопасности",
     "imprisonment", 60, "medium", False, None, None),
    ("ограничение свободы сроком на 3 года", "restricted_freedom", 36, None, False, None, None),
    (("назначить наказание в виде лишения свободы сроком на 3 (три) года. На основании ст. 63 УК РК "
     "назначенное наказание считать условным с испытательным сроком 2 года."),
     "conditional", 36, None, True, 24, None),
    ("лишение свободы сроком на 3 года условно с пробационным контролем сроком на 2 (два) года",
     "conditional", 36, None, True, 24, None),
    ("условно с пробационным контролем сроком на 2 (два) года",
     "conditional", None, None, True, 24, None),
    ("назначить наказание в виде штрафа в размере 1000 МРП", "fine", None, None, False, None,
     "1000 МРП"),
    ("штраф в размере 500 000 (пятьсот тысяч) тенге", "fine", None, None, False, None,
     "500000 тенге"),
    ("штраф в размере 200 месячных расчетных показателей", "fine", None, None, False, None,
     "200 МРП"),
    ("применить принудительные меры медицинского характера", "compulsory_treatment", None, None,
     False, None, None),
    ("назначить наказание в виде общественных работ сроком на 200 часов", "community_work", None,
     None, False, None, None),
    (("5 (бес) жыл мерзімге бас бостандығынан айыру жазасы тағайындалсын, жазасын орташа "
     "қауіпсіздік мекемесінде өтесін"), "imprisonment", 60, "medium", False, None, None),
    (("4 (төрт) жыл 6 (алты) ай мерзімге бас бостандығынан айыру, қауіпсіздігі барынша төмен "
     "мекемеде"), "imprisonment", 54, "minimum", False, None, None),
    ("3 (үш) жыл мерзімге бас бостандығын шектеу жазасы тағайындалсын", "restricted_freedom", 36,
     None, False, None, None),
    (("назначить ему наказание в виде 5 (пяти) лет лишения свободы с отбыванием наказания в "
     "учреждении средней безопасности"), "imprisonment", 60, "medium", False, None, None),
    (("3 (үш) жыл мерзімге бас бостандығынан айыру жазасы тағайындалсын. Жазасы шартты түрде, "
     "2 (екі) жыл сынақ мерзімін белгілей отырып"), "conditional", 36, None, True, 24, None),
    ("was sentenced to five years in prison", "imprisonment", 60, None, False, None, None),
    ("to six years and eight months in a medium-security penal colony", "imprisonment", 80,
     "medium", False, None, None),
    ("sentenced to 4 years of restricted freedom", "restricted_freedom", 48, None, False, None,
     None),
    ("a 3-year suspended sentence with 2 years of probation", "conditional", 36, None, True, 24,
     None),
]


@pytest.mark.parametrize(
    ("text", "kind", "months", "institution", "suspended", "probation", "fine"), SENTENCES
)
def test_find_sentences(text: str, kind: str, months: int | None, institution: str | None,
                        suspended: bool, probation: int | None, fine: str | None) -> None:
    [s] = find_sentences(text)
    assert (s.type, s.months, s.institution, s.suspended, s.probation_months, s.fine_amount) == (
        kind, months, institution, suspended, probation, fine)


@pytest.mark.parametrize(
    "text",
    [
        ("Санкция ч. 1 ст. 172 УК РК предусматривает наказание в виде лишения свободы на срок от "
        "пяти до девяти лет."),
        "освобожден из мест лишения свободы 12.03.2019 по отбытии срока",
        "зачесть в срок лишения свободы время содержания под стражей с 1 по 15 мая 2024 года",
        "не связанное с лишением свободы наказание не достигнет целей",
        "освободить условно-досрочно на 1 год 2 месяца",
        "и мы все с ней условно согласились",
        "штраф за нарушение предлагают увеличить с 1 000 до 1 500 руб.",
    ],
)
def test_mentions_that_are_not_sentences(text: str) -> None:
    assert find_sentences(text) == []


def test_refused_conditional_sentence_is_not_conditional() -> None:
    text = ("Оснований для применения ст. 63 УК РК (условное осуждение) суд не находит. "
            "Назначить наказание в виде лишения свободы сроком на 6 лет.")
    [s] = find_sentences(text)
    assert (s.type, s.months, s.suspended) == ("imprisonment", 72, False)


def test_two_defendants_get_two_sentences() -> None:
    text = ("Иванова И.И. признать виновным и назначить наказание в виде лишения свободы сроком на "
            "5 (пять) лет. Петрова П.П. признать виновным и назначить наказание в виде ограничения "
            "свободы сроком на 2 (два) года.")
    assert [(s.type, s.months) for s in find_sentences(text)] == [
        ("imprisonment", 60), ("restricted_freedom", 24)]


OCR_TEXT = (
    "назначить наказание в виде лише-\nния свобо-\nды сроком на 5 (пять)   лет\n"
    "Страница 2 из 5\n"
    "с отбыванием наказания в учреждении уголовно-исполнительной системы средней  безопасности."
)


def test_sentence_in_ocr_damaged_text_keeps_original_spans() -> None:
    [s] = find_sentences(OCR_TEXT)
    assert (s.type, s.months, s.institution) == ("imprisonment", 60, "medium")
    assert OCR_TEXT[s.start:].startswith("лише-\nния")
    assert OCR_TEXT[:s.end].endswith("средней  безопасности")


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("лише-\nния свобо-\nды", "лишения свободы"),
        ("Усть-\nКаменогорск", "Усть-Каменогорск"),
        ("5 (пять)   лет\nСтраница 2 из 5\nс отбыванием", "5 (пять) лет с отбыванием"),
        ("Page 3 of 10\nText", " Text"),
        ("a\tb\r\nc\xa0d", "a b c d"),
        ("со\xadкращенный", "сокращенный"),
    ],
)
def test_clean_with_offsets(text: str, clean: str) -> None:
    assert clean_with_offsets(text)[0] == clean


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ая-1 \n\t\xadСтраница2из5Page of")), max_size=80))
def test_offsets_map_every_clean_character_back(text: str) -> None:
    clean, offsets = clean_with_offsets(text)
    assert len(offsets) == len(clean) + 1 and offsets[-1] == len(text)
    assert all(a < b for a, b in itertools.pairwise(offsets))
    for ch, pos in zip(clean, offsets):
        assert ch == text[pos] or (ch == " " and text[pos].isspace())
