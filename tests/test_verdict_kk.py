"""Kazakh-language verdicts («ҮКІМ») → case cards. Every person here is fictional."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warcases.extract.kk_names import kk_nominative
from warcases.extract.verdict_kk import extract_verdict_kk
from warcases.model import MULTI_VALUED, DocumentText, Fact

ONE = """ҮКІМ
Қазақстан Республикасының атынан

2025 жылғы 15 қыркүйек                                         Қарағанды қаласы

Іс № 3510-25-00-1/402

Қарағанды облысының қылмыстық істер жөніндегі мамандандырылған ауданаралық соты, төрағалық етуші судья Ә.Ә. Әлиева, хатшы Б.Б. Бекова, прокурор В.В. Вахитов, қорғаушы Г.Г. Ғаниева қатысуымен, ашық сот отырысында сот талқылауының қысқартылған тәртібінде

ЖАҚСЫЛЫҚОВ ЕРЛАН СЕРІКҰЛЫНА, 1990 жылғы 2 ақпанда Қарағанды облысы Абай қаласында туған, Қазақстан Республикасының азаматы, ұлты қазақ, білімі орта, үйленген, жұмыссыз, Қарағанды облысы, Теміртау қаласы, Металлургтер даңғылы, 5-үй, 10-пәтерде тұратын, бұрын сотталмаған,

ҚК-нің 172-бабының 1-бөлігінде көзделген қылмыстық құқық бұзушылық жасады деп айыпталған қылмыстық істі қарап,

АНЫҚТАДЫ:

2023 жылғы ақпанда Жақсылықов Е.С. «ВКонтакте» әлеуметтік желісінен «Вагнер» жеке әскери компаниясына адам жинау туралы хабарландыруды көріп, ақша табу мақсатында Ресей Федерациясына барды және келісімшартқа қол қойды. Ол Бахмут маңында ұрыс қимылдарына қатысты.

2024 жылғы 10 қаңтарда ол ҰҚК департаментіне өз еркімен келіп, кінәсін мойындады.

ҚПК-нің 393-399-баптарын басшылыққа алып, сот

ҮКІМ ЕТТІ:

Жақсылықов Ерланды ҚК-нің 172-бабының 1-бөлігі бойынша кінәлі деп танып, оған ҚК-нің 55-бабын қолдана отырып, 4 (төрт) жыл 6 (алты) ай мерзімге бас бостандығынан айыру жазасы тағайындалсын, жазасын орташа қауіпсіздік мекемесінде өтесін.

Үкімге Қарағанды облыстық сотына 15 тәулік ішінде шағым жасалуы мүмкін.
"""

TWO = """ҮКІМ
Қазақстан Республикасының атынан

Астана қаласы                                                   2024 жылғы 3 қазан

Астана қаласының қылмыстық істер жөніндегі мамандандырылған ауданаралық соты, төрағалық етуші судья Д.Д. Дәуленов, хатшы Е.Е. Ермекова, прокурор Ж.Ж. Жанұзақов қатысуымен, ашық сот отырысында, кінәні мойындау туралы мәміле нысанындағы процестік келісім негізінде № 7110-24-00-1/77 қылмыстық істі қарап,

1) Омаров Нұрбол Асқарұлы, 1995 жылғы 7 шілдеде Астана қаласында туған, Қазақстан Республикасының азаматы, Астана қаласы, Абай даңғылы, 12-үй, 3-пәтерде тұратын, бұрын сотталмаған,
2) Петров Андрей Викторович, 1986 жылғы 21 наурызда Павлодар қаласында туған, Қазақстан Республикасының азаматы, Павлодар облысы, Павлодар қаласы, Кутузов көшесі, 7-үйде тұратын, бұрын сотталмаған,

ҚК-нің 172-бабының 1-бөлігімен айыпталушылар,

АНЫҚТАДЫ:

Омаров Н.А. 2023 жылғы мамырда Мәскеу қаласында құрылыста жұмыс істеп жүріп, Ресей Федерациясы Қорғаныс министрлігімен келісімшарт жасасты. Ол жараланды.

Петров А.В. 2023 жылғы маусымда «Редут» жеке әскери компаниясымен келісімшарт жасасты.

ҮКІМ ЕТТІ:

Омаров Нұрбол Асқарұлы ҚК-нің 172-бабының 1-бөлігі бойынша кінәлі деп танылсын және оған 5 (бес) жыл мерзімге бас бостандығынан айыру түрінде жаза тағайындалсын, жазасын орташа қауіпсіздік мекемесінде өтесін.

Петров Андрей Викторович ҚК-нің 172-бабының 1-бөлігі бойынша кінәлі деп танылсын және оған ҚК-нің 55-бабын қолдана отырып, 2 (екі) жыл мерзімге бас бостандығын шектеу түрінде жаза тағайындалсын.
"""


def _run(text: str) -> list[Fact]:
    return extract_verdict_kk(DocumentText(7, text, "verdict", "kk"))


def card(facts: list[Fact]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    case: dict[str, Any] = {}
    defendants: dict[int, dict[str, Any]] = {}
    for f in facts:
        target = case if f.defendant is None else defendants.setdefault(f.defendant, {})
        if f.prop in MULTI_VALUED:
            target.setdefault(f.prop, [])
            if f.value not in target[f.prop]:
                target[f.prop].append(f.value)
        else:
            target.setdefault(f.prop, f.value)
    return case, [defendants[i] for i in sorted(defendants)]


def test_single_defendant_verdict() -> None:
    case, defendants = card(_run(ONE))
    assert case == {
        "country": "KZ",
        "verdict_date": "2025-09-15",
        "case_number": "3510-25-00-1/402",
        "court": "Қарағанды облысының қылмыстық істер жөніндегі мамандандырылған ауданаралық соты",
        "court_region": "kz/karaganda",
        "procedure": "shortened",
        "outcome": "convicted",
    }
    assert len(defendants) == 1
    d = defendants[0]
    expected = {
        "name": "Жақсылықов Ерлан Серікұлы",
        "birth_date": "1990-02-02",
        "birth_year": 1990,
        "age": 35,
        "region": "kz/karaganda",  # where he lives (Теміртау), not just where he was born
        "citizenship": ["KZ"],
        "charges": ["KZ:172:1"],  # art. 55 (a milder punishment) is not a charge
        "sentence.type": "imprisonment",
        "sentence.months": 54,
        "sentence.institution": "medium",
        "sentence.suspended": False,
    }
    for prop, value in expected.items():
        assert d.get(prop) == value, prop
    assert "wagner" in d.get("formations", [])
    assert d.get("return") == "surrendered"


def test_two_defendants_each_get_their_own_operative_paragraph() -> None:
    case, defendants = card(_run(TWO))
    assert case["procedure"] == "plea_agreement"
    assert case["case_number"] == "7110-24-00-1/77"
    assert case["court_region"] == "kz/astana"
    assert case["verdict_date"] == "2024-10-03"
    assert [d["name"] for d in defendants] == ["Омаров Нұрбол Асқарұлы", "Петров Андрей Викторович"]
    assert [d["birth_year"] for d in defendants] == [1995, 1986]
    assert [d["region"] for d in defendants] == ["kz/astana", "kz/pavlodar"]
    assert [d["charges"] for d in defendants] == [["KZ:172:1"], ["KZ:172:1"]]
    assert [(d["sentence.type"], d["sentence.months"]) for d in defendants] == [
        ("imprisonment", 60),
        ("restricted_freedom", 24),
    ]
    assert defendants[0]["sentence.institution"] == "medium"
    assert "sentence.institution" not in defendants[1]
    assert defendants[0].get("wounded") is True
    assert "redut" in defendants[1].get("formations", [])
    assert "redut" not in defendants[0].get("formations", [])


@pytest.mark.parametrize(
    "operative, outcome, has_sentence",
    [
        (
            "Жақсылықов Ерлан Серікұлы ҚК-нің 172-бабының 1-бөлігі бойынша ақталсын.",
            "acquitted",
            False,
        ),
        (
            "Жақсылықов Ерлан Серікұлына қатысты қылмыстық іс оның қайтыс болуына байланысты қысқартылсын.",
            "terminated_death",
            False,
        ),
        ("Қылмыстық іс прокурорға қайтарылсын.", "returned_to_prosecutor", False),
    ],
)
def test_outcomes_other_than_conviction(operative: str, outcome: str, has_sentence: bool) -> None:
    text = ONE.split("ҮКІМ ЕТТІ:")[0] + "ҮКІМ ЕТТІ:\n\n" + operative + "\n"
    case, defendants = card(_run(text))
    assert case["outcome"] == outcome
    assert ("sentence.months" in defendants[0]) is has_sentence


def test_without_operative_part_no_sentence_and_no_outcome() -> None:
    case, defendants = card(_run(ONE.split("ҮКІМ ЕТТІ:")[0]))
    assert "outcome" not in case
    assert defendants[0]["charges"] == ["KZ:172:1"]  # from the charge line of the introduction
    assert "sentence.type" not in defendants[0]


@pytest.mark.parametrize(
    "phrase, procedure",
    [
        ("ашық сот отырысында сот талқылауының қысқартылған тәртібінде", "shortened"),
        (
            "кінәні мойындау туралы мәміле нысанындағы процестік келісім негізінде келісім өндірісі тәртібінде",
            "plea_agreement",
        ),
        ("сотталушының қатысуынсыз сырттай сот талқылауы тәртібінде", "in_absentia"),
        ("ашық сот отырысында", "general"),
    ],
)
def test_procedure(phrase: str, procedure: str) -> None:
    text = ONE.replace("ашық сот отырысында сот талқылауының қысқартылған тәртібінде", phrase)
    case, _ = card(_run(text))
    assert case["procedure"] == procedure


def test_every_fact_has_a_span_in_the_text() -> None:
    for f in _run(TWO):
        assert 0 <= f.start <= f.end <= len(TWO)
        assert f.confidence > 0.5


@pytest.mark.parametrize(
    "written, cases, nominative",
    [
        ("Сәрсенбаев Ерболат Нұрланұлына", None, "Сәрсенбаев Ерболат Нұрланұлы"),
        ("ОСПАНОВ БЕКЗАТ ҚАЙРАТҰЛЫНА", None, "Оспанов Бекзат Қайратұлы"),
        ("НҰРЛАНОВА ГҮЛНАР СЕРІКҚЫЗЫНА", None, "Нұрланова Гүлнар Серікқызы"),
        ("Нұрланова Гүлнар Серікқызының", None, "Нұрланова Гүлнар Серікқызы"),
        ("Әбдірахманов Нұрлан Серікұлын", None, "Әбдірахманов Нұрлан Серікұлы"),
        ("Әбдірахманов Нұрлан Серікұлымен", None, "Әбдірахманов Нұрлан Серікұлы"),
        ("Жақсылықов Ерланды", ["accusative"], "Жақсылықов Ерлан"),
        ("Жақсылықов Ерланның", None, "Жақсылықов Ерлан"),
        ("Мұратов Мұратты", None, "Мұратов Мұрат"),
        ("Сейтов Дәулетке", None, "Сейтов Дәулет"),
        ("Ахметова Айнаға", None, "Ахметова Айна"),
        ("Иванов Петр Сергеевичке", None, "Иванов Петр Сергеевич"),
        ("Иванова Анна Петровнаға", None, "Иванова Анна Петровна"),
        ("Сәрсенбаев Е.Н.-ның", None, "Сәрсенбаев Е.Н."),
        ("Төлеген Ерлан Маратұлы", None, "Төлеген Ерлан Маратұлы"),
        ("Ахметов Ерлан", None, "Ахметов Ерлан"),
        ("Құлыбеков Құлыбек", None, "Құлыбеков Құлыбек"),
        ("Жұмабеков Айдана", None, "Жұмабеков Айдана"),
    ],
)
def test_kazakh_names_in_the_nominative(
    written: str, cases: list[str] | None, nominative: str
) -> None:
    assert kk_nominative(written, cases) == nominative


THREE = """ҮКІМ
Қазақстан Республикасының атынан

Астана қаласы                                              03.10.2024 ж.

Астана қаласы Есіл аудандық соты, төрағалық етуші судья М.М. Мұратов, хатшы Н.Н. Нұрова қатысуымен, ашық сот отырысында

сотталушы Бекова Айгүл Маратқызы, 12.03.1994 жылы Ақмола облысы Көкшетау қаласында туылған, Қазақстан Республикасының азаматы, тұрғылықты мекенжайы: Ақмола облысы, Көкшетау қаласы, Әуезов көшесі, 3-үй; бұрын сотталмаған,

ҚР ҚК-нің 172-бабының 1-бөлігімен айыпталып отырған қылмыстық істі қарап,

АНЫҚТАДЫ:

Бекова А.М. 2023 жылғы қаңтарда Ресей Федерациясы Қорғаныс министрлігімен келісімшарт жасасып, медициналық қызметкер ретінде қызмет етті.

ҮКІМ ЕТТІ:

Бекова Айгүл Маратқызын ҚР ҚК-нің 172-бабының 1-бөлігі бойынша кінәлі деп танып, оған 3 (үш) жыл мерзімге бас бостандығынан айыру жазасын тағайындасын. ҚК-нің 63-бабына сәйкес тағайындалған жаза шартты деп есептеліп, 3 (үш) жыл сынақ мерзімі белгіленсін.
"""


def test_district_court_genitive_free_header_and_conditional_sentence() -> None:
    case, defendants = card(_run(THREE))
    assert case["court"] == "Астана қаласы Есіл аудандық соты"
    assert case["court_region"] == "kz/astana"
    assert case["verdict_date"] == "2024-10-03"
    assert "case_number" not in case
    assert case["procedure"] == "general"
    d = defendants[0]
    assert d["name"] == "Бекова Айгүл Маратқызы"
    assert (d["birth_year"], d["age"]) == (1994, 30)
    assert d["region"] == "kz/akmola"  # «тұрғылықты мекенжайы: Ақмола облысы, …»
    assert d["charges"] == ["KZ:172:1"]  # art. 63 (conditional sentence) is not a charge
    assert (d["sentence.type"], d["sentence.months"]) == ("conditional", 36)
    assert (d["sentence.suspended"], d["sentence.probation_months"]) == (True, 36)


_PIECES = st.sampled_from(
    [
        "ҮКІМ\n",
        "Қазақстан Республикасының атынан\n",
        "2025 жылғы 15 қыркүйек ",
        "Қарағанды облысының қылмыстық істер жөніндегі мамандандырылған ауданаралық соты, ",
        "ЖАҚСЫЛЫҚОВ ЕРЛАН СЕРІКҰЛЫНА, 1990 жылғы 2 ақпанда туған, ",
        "Теміртау қаласы, 5-үйде тұратын,\n",
        "АНЫҚТАДЫ:\n",
        "«Вагнер» ЖӘК құрамында ұрыс қимылдарына қатысты. ",
        "ҮКІМ ЕТТІ:\n",
        "Жақсылықов Ерланды ҚК-нің 172-бабының 1-бөлігі бойынша кінәлі деп танып, ",
        "5 (бес) жыл мерзімге бас бостандығынан айыру ",
        "орташа қауіпсіздік мекемесінде өтесін.\n",
        "№ 3510-25-00-1/402 ",
        "",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_PIECES, max_size=14))
def test_any_arrangement_of_verdict_pieces_gives_facts_with_spans_inside_the_text(
    pieces: list[str],
) -> None:
    text = "".join(pieces)
    for f in _run(text):
        assert 0 <= f.start <= f.end <= len(text)
        assert f.defendant is None or f.defendant >= 0
