"""Article references → charge codes, in Russian, Kazakh, Kyrgyz, Uzbek and English."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warcases.extract.charges import article_info, article_title, find_charges, parse_code

TELEGRAM = Path(__file__).resolve().parents[2] / "shared" / "data" / "telegram"

# (text, country argument, expected codes in order)
CASES = [
    # Kazakhstan, Russian-language verdicts
    ("ч. 1 ст. 172 УК РК", None, ["KZ:172:1"]),
    ("ч.1 ст.172 УК РК", None, ["KZ:172:1"]),
    ("ч.1ст.172УК РК", None, ["KZ:172:1"]),
    ("ПРЕДУСМОТРЕННОГО Ч. 1 СТ. 172 УК РК", None, ["KZ:172:1"]),
    ("частью первой статьи 172 УК Республики Казахстан", None, ["KZ:172:1"]),
    ("частью второй статьи 170 Уголовного кодекса Республики Казахстан", None, ["KZ:170:2"]),
    ("по части 1 статьи 172 УК РК", None, ["KZ:172:1"]),
    ("ст. 172 ч. 1 УК", "KZ", ["KZ:172:1"]),
    ("ст.172 ч.1 УК РК", None, ["KZ:172:1"]),
    ("статьей 172 Уголовного кодекса Республики Казахстан", None, ["KZ:172"]),
    ("пунктом 1) части 2 статьи 170 УК РК", None, ["KZ:170:2:1"]),
    ("ст. 190 ч. 2 п. 4 УК РК", None, ["KZ:190:2:4"]),
    ("ч.ч. 1, 2 ст. 172", "KZ", ["KZ:172:1", "KZ:172:2"]),
    ("ст.ст. 172 ч.1, 392 ч.1 УК РК", None, ["KZ:172:1", "KZ:392:1"]),
    ("статьями 172, 392 УК РК", None, ["KZ:172", "KZ:392"]),
    ("ч. 1 ст. 172 УК РК и ч. 1 ст. 392 УК РК", None, ["KZ:172:1", "KZ:392:1"]),
    ("ст.172 ч.1 УК РК, ст.392 ч.1 УК РК", None, ["KZ:172:1", "KZ:392:1"]),
    ("ч. 1-1 ст. 392 УК РК", None, ["KZ:392:1-1"]),
    ("ч. 3 ст. 24, ч. 1 ст. 188 УК РК", None, ["KZ:188:1"]),
    ("ч. 1 ст. 172 УК РК (в редакции Закона РК от 11 июля 2017 года)", None, ["KZ:172:1"]),
    ("предусмотренного ч. 1 ст. 172 УК РК, и назначить наказание", None, ["KZ:172:1"]),
    # Kazakh
    ("ҚК-нің 172-бабының 1-бөлігі", None, ["KZ:172:1"]),
    ("ҚР ҚК-нің 172-бабының 1-бөлігімен", None, ["KZ:172:1"]),
    ("Қазақстан Республикасы Қылмыстық кодексінің 172-бабы 1-бөлігінде", None, ["KZ:172:1"]),
    ("Қазақстан Республикасы Қылмыстық кодексінің 172-бабының бірінші бөлігі", None,
     ["KZ:172:1"]),
    ("170-бабының 2-бөлігінің 1) тармағы", None, ["KZ:170:2:1"]),
    ("172-бап", None, ["KZ:172"]),
    # Russia
    ("ст.30 ч.3, ст.158 ч.2 п.в УК РФ", None, ["RU:158:2:в"]),
    ("ч. 3 ст. 30, п. «в» ч. 2 ст. 158 УК РФ", None, ["RU:158:2:в"]),
    ("п. «в» ч. 2 ст. 158 УК РФ", None, ["RU:158:2:в"]),
    ("п.п. «а», «б» ч. 2 ст. 158 УК РФ", None, ["RU:158:2:а", "RU:158:2:б"]),
    ("ч.2 ст.30, ч.3 ст.359 УК РФ", None, ["RU:359:3"]),
    ("ст. 359 ч. 3 УК РФ", None, ["RU:359:3"]),
    ("ст. 205.1 УК РФ", None, ["RU:205.1"]),
    # Uzbekistan, Tajikistan, Kyrgyzstan
    ("ст. 154 ч. 1 УК РУз", None, ["UZ:154:1"]),
    ("ч.1 ст.154 УК Республики Узбекистан", None, ["UZ:154:1"]),
    ("ст. 154¹", "UZ", ["UZ:154-1"]),
    ("ст. 154-1", "UZ", ["UZ:154-1"]),
    ("ст. 154 (1) УК РУз", None, ["UZ:154-1"]),
    ("Jinoyat kodeksining 154-moddasi 1-qismi", None, ["UZ:154:1"]),
    ("Жиноят кодексининг 154-моддаси 1-қисми", None, ["UZ:154:1"]),
    ("ст. 401¹ УК РТ", None, ["TJ:401-1"]),
    ("ст. 401(1) УК РТ", None, ["TJ:401-1"]),
    ("статьи 401 УК Республики Таджикистан", None, ["TJ:401"]),
    ("ч. 2 ст. 416 УК КР", None, ["KG:416:2"]),
    ("ст. 256 УК КР", None, ["KG:256"]),
    ("Кылмыш-жаза кодексинин 416-беренесинин 2-бөлүгү", None, ["KG:416:2"]),
    # English
    ("Article 172, Part 1 of the Criminal Code of Kazakhstan", None, ["KZ:172:1"]),
    ("Art. 172 of the Kazakh Criminal Code", None, ["KZ:172"]),
    ("under Article 172 of Kazakhstan's Criminal Code", None, ["KZ:172"]),
    ("Part 1 of Article 172 of the Criminal Code", "KZ", ["KZ:172:1"]),
    ("Part 2 of Article 416 of the Criminal Code of the Kyrgyz Republic", None, ["KG:416:2"]),
    ("Articles 172 and 392 of the Kazakh Criminal Code", None, ["KZ:172", "KZ:392"]),
    ("Article 359 of the Russian Criminal Code", None, ["RU:359"]),
    # Not charges: other laws, no country, General Part, times
    ("ст. 382 УПК РК", "KZ", []),
    ("руководствуясь ст.ст. 393-399 УПК РК, суд", "KZ", []),
    ("ҚПК-нің 382-бабы", "KZ", []),
    ("Article 382 of the Criminal Procedure Code", "KZ", []),
    ("статьи 5 Закона РК «О гражданстве»", "KZ", []),
    ("ст. 40 КоАП РК", "KZ", []),
    ("с 2025 г. ст. 210 п.6 НК РФ", "RU", []),
    ("ч. 1 ст. 172", None, []),
    ("на основании ст. 63 УК РК считать условным", None, []),
    ("в 10 ч. 30 мин.", "KZ", []),
]


@pytest.mark.parametrize(("text", "country", "expected"), CASES)
def test_find_charges(text: str, country: str | None, expected: list[str]) -> None:
    assert [m.code for m in find_charges(text, country)] == expected


def _spans(text: str, country: str | None = None) -> list[tuple[str, str]]:
    return [(m.code, text[m.start:m.end]) for m in find_charges(text, country)]


def test_attempt_article_is_not_a_charge_but_stays_in_the_span() -> None:
    text = "осужден по ст.30 ч.3, ст.158 ч.2 п.в УК РФ к двум годам"
    assert _spans(text) == [("RU:158:2:в", "ст.30 ч.3, ст.158 ч.2 п.в УК РФ")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("обвиняемого по ч. 1 ст. 172 УК РК, ранее", [("KZ:172:1", "ч. 1 ст. 172 УК РК")]),
        ("ҚК-нің 172-бабының 1-бөлігі бойынша", [("KZ:172:1", "ҚК-нің 172-бабының 1-бөлігі")]),
        ("ч. 1 ст. 172, ч. 1 ст. 392 УК РК",
         [("KZ:172:1", "ч. 1 ст. 172"), ("KZ:392:1", "ч. 1 ст. 392 УК РК")]),
    ],
)
def test_spans_cover_the_reference(text: str, expected: list[tuple[str, str]]) -> None:
    assert _spans(text) == expected


def test_spans_are_offsets_into_a_long_text() -> None:
    text = "Приговор.\n" + "Текст без ссылок. " * 200 + "предусмотренного ч. 2 ст. 416 УК КР.\n"
    [match] = find_charges(text)
    assert text[match.start:match.end] == "ч. 2 ст. 416 УК КР"


def test_the_code_name_beats_the_country_argument() -> None:
    assert [m.code for m in find_charges("ст. 359 ч. 3 УК РФ", "KZ")] == ["RU:359:3"]


def test_country_argument_is_case_insensitive() -> None:
    assert [m.code for m in find_charges("ст. 172 ч. 1 УК", "kz")] == ["KZ:172:1"]


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("KZ:172:1", "Участие в иностранных вооруженных конфликтах"),
        ("KZ:170", "Наемничество"),
        ("UZ:154-1", "Поступление и вербовка"),
        ("RU:359:3", "Наемничество"),
        ("KG:378", "Незаконное пересечение"),
    ],
)
def test_article_title(code: str, title: str) -> None:
    found = article_title(code)
    assert found is not None and found.startswith(title)


def test_article_title_in_kazakh_and_unknown_articles() -> None:
    assert article_title("KZ:172", "kk") == "Шетелдік қарулы қақтығыстарға қатысу"
    assert article_title("KZ:999") is None
    info = article_info("KZ:172:1")
    assert info is not None and info["war_related"] is True


@pytest.mark.parametrize("bad", ["", "KZ", "KZ:", ":172", "KZ:1:2:3:4"])
def test_parse_code_rejects_malformed_codes(bad: str) -> None:
    with pytest.raises(ValueError, match="CC:ARTICLE"):
        parse_code(bad)


def test_parse_code() -> None:
    assert parse_code("ru:158:2:в") == ("RU", "158", "2", "в")


CODE = re.compile(r"^[A-Z]{2}:\d+(?:\.\d+)?(?:-\d+)?(?::\d+(?:-\d+)?(?::\w+)?)?$")


@pytest.mark.shared
@pytest.mark.skipif(not TELEGRAM.exists(), reason="shared telegram data absent")
def test_real_news_posts_give_well_formed_codes_inside_the_text() -> None:
    found = 0
    for path in sorted(TELEGRAM.glob("*/result.json"))[:6]:
        for msg in json.loads(path.read_text(encoding="utf-8"))["messages"]:
            text = msg.get("text")
            if isinstance(text, list):
                text = "".join(p if isinstance(p, str) else p.get("text", "") for p in text)
            if not text:
                continue
            for m in find_charges(text, "RU"):
                found += 1
                assert CODE.match(m.code), m.code
                assert 0 <= m.start < m.end <= len(text)
                assert re.search(r"\d", text[m.start:m.end])
    assert found > 0


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ст.ч п«в»,и 1723-¹УКРФҚК-ніңбабы()\n")), max_size=60))
def test_any_text_gives_well_formed_codes_inside_it(text: str) -> None:
    for m in find_charges(text, "KZ"):
        assert CODE.match(m.code), m.code
        assert 0 <= m.start < m.end <= len(text)
