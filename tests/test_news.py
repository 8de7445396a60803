"""News reports → case cards (Russian, English, Kazakh). Every person here is fictional."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warcases.evaluate.vocabulary import vocabulary
from warcases.extract.news import extract_news
from warcases.extract.news_cases import split_sentences
from warcases.model import MULTI_VALUED, DocumentText, Fact


def _doc(text: str, language: str, **metadata: Any) -> DocumentText:
    return DocumentText(1, text, "news", language, metadata)


def cards(facts: list[Fact]) -> dict[int, dict[str, Any]]:
    """card number → {"case": {prop: value}, "defendants": [{prop: value or [values]}]}."""
    out: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"case": {}, "defendants": defaultdict(dict)}
    )
    for f in facts:
        target = (
            out[f.card]["case"] if f.defendant is None else out[f.card]["defendants"][f.defendant]
        )
        if f.prop in MULTI_VALUED:
            target.setdefault(f.prop, [])
            if f.value not in target[f.prop]:
                target[f.prop].append(f.value)
        else:
            target.setdefault(f.prop, f.value)
    return {
        k: {"case": v["case"], "defendants": [v["defendants"][i] for i in sorted(v["defendants"])]}
        for k, v in sorted(out.items())
    }


RU_SINGLE = """Бывшего бойца «Вагнера» из Темиртау отправили в колонию

Темиртау, 5 мая 2025. Суд Темиртау приговорил Армана Сейткалиева, 29 лет, к шести годам лишения свободы. Приговор вынесен 30 апреля 2025 года.

По данным суда, Сейткалиев в 2023 году уехал на заработки в Новосибирск, где подписал контракт с ЧВК «Вагнер». Наказание он будет отбывать в учреждении средней безопасности. Он признан виновным по ч. 1 ст. 172 УК РК.
"""

RU_COURT_NAMED = """Жительницу Уральска осудили условно

Уральск, 14 октября 2025. Специализированным межрайонным судом по уголовным делам Западно-Казахстанской области вынесен приговор 31-летней жительнице Уральска Сауле Б. Её приговорили к двум годам лишения свободы условно с испытательным сроком два года по части 1 статьи 172 УК РК. Дело рассмотрено в сокращенном порядке.
"""

EN_SINGLE = """Shymkent man jailed for joining Russian army

SHYMKENT, May 20, 2025 – A court in Shymkent sentenced Nurlan Abenov, 33, to five and a half years in a medium-security prison for fighting in Ukraine.

Abenov, a resident of Shymkent, signed a contract with Russia's Defence Ministry in 2024. He was convicted under Article 172 of the Criminal Code of Kazakhstan.
"""

KK_SINGLE = """Павлодарда соғысқа қатысқан азамат 6 жылға сотталды

Павлодар, 2025 жылғы 12 наурыз. Павлодар облысының 40 жастағы тұрғыны Қайрат Әбілов 6 жылға бас бостандығынан айырылды. Ол ҚК-нің 172-бабының 1-бөлігі бойынша кінәлі деп танылды. Жазасын орташа қауіпсіздік мекемесінде өтейді.
"""


@pytest.mark.parametrize(
    "text, language, case, defendant",
    [
        (
            RU_SINGLE,
            "ru",
            {
                "court_region": "kz/karaganda",
                "verdict_date": "2025-04-30",
                "outcome": "convicted",
                "country": "KZ",
            },
            {
                "name": "Сейткалиев Арман",
                "age": 29,
                "charges": ["KZ:172:1"],
                "sentence.type": "imprisonment",
                "sentence.months": 72,
                "sentence.institution": "medium",
                "sentence.suspended": False,
            },
        ),
        (
            RU_COURT_NAMED,
            "ru",
            {
                "court": "Специализированный межрайонный суд по уголовным делам Западно-Казахстанской области",
                "court_region": "kz/west-kazakhstan",
                "procedure": "shortened",
                "country": "KZ",
            },
            {
                "name": "Сауле Б.",
                "age": 31,
                "region": "kz/west-kazakhstan",
                "charges": ["KZ:172:1"],
                "sentence.type": "conditional",
                "sentence.months": 24,
                "sentence.suspended": True,
                "sentence.probation_months": 24,
            },
        ),
        (
            EN_SINGLE,
            "en",
            {"court_region": "kz/shymkent", "country": "KZ"},
            {
                "name": "Abenov Nurlan",
                "age": 33,
                "region": "kz/shymkent",
                "charges": ["KZ:172"],
                "sentence.type": "imprisonment",
                "sentence.months": 66,
                "sentence.institution": "medium",
            },
        ),
        (
            KK_SINGLE,
            "kk",
            {"country": "KZ", "outcome": "convicted"},
            {
                "name": "Әбілов Қайрат",
                "age": 40,
                "region": "kz/pavlodar",
                "charges": ["KZ:172:1"],
                "sentence.type": "imprisonment",
                "sentence.months": 72,
                "sentence.institution": "medium",
            },
        ),
    ],
    ids=["ru-court-place", "ru-court-named-conditional", "en", "kk"],
)
def test_single_case_report(text: str, language: str, case: dict, defendant: dict) -> None:
    found = cards(extract_news(_doc(text, language)))
    assert list(found) == [0]
    card = found[0]
    for prop, value in case.items():
        assert card["case"].get(prop) == value, prop
    assert len(card["defendants"]) == 1
    for prop, value in defendant.items():
        assert card["defendants"][0].get(prop) == value, prop


def test_a_place_plus_court_is_not_a_court_name() -> None:
    card = cards(extract_news(_doc(RU_SINGLE, "ru")))[0]
    assert "court" not in card["case"]  # «Суд Темиртау» names a place, not an institution


def test_dateline_is_not_the_verdict_date() -> None:
    text = (
        "Астана, 3 июля 2025. 27-летний житель столицы Е.К. приговорен к пяти годам лишения свободы "
        "за участие в вооруженном конфликте на территории Украины."
    )
    card = cards(extract_news(_doc(text, "ru")))[0]
    assert "verdict_date" not in card["case"]
    assert card["defendants"][0]["name"] == "Е.К."
    assert card["defendants"][0]["region"] == "kz/astana"  # «житель столицы»


def test_today_takes_the_publication_date_from_metadata() -> None:
    text = "Сегодня суд Караганды приговорил 41-летнего Бахыта Н. к пяти годам лишения свободы."
    with_date = cards(extract_news(_doc(text, "ru", date="2025-06-02T10:00:00")))[0]
    without = cards(extract_news(_doc(text, "ru")))[0]
    assert with_date["case"]["verdict_date"] == "2025-06-02"
    assert "verdict_date" not in without["case"]


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "В Карагандинской области за год осуждены 12 человек за участие в войне\n\nКараганда, "
            "10 января 2026. По данным областного суда, в 2025 году по статье 172 УК РК осуждены 12 "
            "жителей региона. Большинство из них получили от пяти до шести лет лишения свободы.",
            "ru",
        ),
        (
            "КНБ напомнил об ответственности\n\nАстана, 3 марта 2025. В КНБ напомнили, что за участие в "
            "вооруженных конфликтах на территории иностранного государства грозит от пяти до девяти лет "
            "лишения свободы.",
            "ru",
        ),
        (
            "С 1 января ужесточается ответственность за незаконное пересечение границы: по новой "
            "редакции статьи 392 УК РК нарушителям грозит до трех лет лишения свободы.",
            "ru",
        ),
        ("По статье 172 в прошлом году возбуждено 141 дело, сообщили в прокуратуре.", "ru"),
        (
            "ASTANA, Jan 15, 2026 – Kazakh courts convicted 300 people of taking part in foreign armed "
            "conflicts in 2025, the Supreme Court said. Most were sentenced to five years in prison.",
            "en",
        ),
        (
            "Астана, 2025 жылғы 1 сәуір. ҰҚК азаматтарды шетелдегі қарулы қақтығыстарға қатыспауға "
            "шақырды. ҚК-нің 172-бабы бойынша бес жылдан тоғыз жылға дейін бас бостандығынан айыру "
            "көзделген.",
            "kk",
        ),
    ],
    ids=[
        "ru-statistic",
        "ru-warning",
        "ru-law-change",
        "ru-article-in-passing",
        "en-statistic",
        "kk-warning",
    ],
)
def test_report_without_an_individual_case_gives_no_facts(text: str, language: str) -> None:
    assert extract_news(_doc(text, language)) == []


MULTI = """Суды трёх городов вынесли приговоры воевавшим за Россию

Алматы, 20 октября 2025. Все трое признаны виновными по части 1 статьи 172 УК РК.

В Актобе 27-летний местный житель Д.Ж. получил 5 лет лишения свободы.

В Костанае 41-летний житель города Г.Ш. приговорен к 4 годам 6 месяцам.

В Шымкенте 33-летний Марат О. получил три года ограничения свободы.
"""


def test_several_cases_give_several_cards() -> None:
    found = cards(extract_news(_doc(MULTI, "ru")))
    assert list(found) == [0, 1, 2]
    people = [
        (
            c["defendants"][0]["name"],
            c["defendants"][0]["age"],
            c["defendants"][0]["sentence.months"],
        )
        for c in found.values()
    ]
    assert people == [("Д.Ж.", 27, 60), ("Г.Ш.", 41, 54), ("Марат О.", 33, 36)]
    assert [c["case"].get("court_region") for c in found.values()] == [
        "kz/aktobe",
        "kz/kostanay",
        "kz/shymkent",
    ]
    assert (
        found[0]["defendants"][0]["region"] == "kz/aktobe"
    )  # «местный житель»: where the court sits
    assert found[2]["defendants"][0]["sentence.type"] == "restricted_freedom"
    assert all(
        c["defendants"][0]["charges"] == ["KZ:172:1"] for c in found.values()
    )  # said once for all


def test_co_defendants_share_a_card_and_keep_their_own_terms() -> None:
    text = (
        "Экибастузский городской суд вынес приговор двум местным жителям, которые воевали в "
        "Украине в составе ЧВК «Вагнер».\n"
        "36-летний Тимур Е. получил 6 лет лишения свободы, 24-летний Ильяс К., который был ранен, – 5 лет. "
        "Оба осуждены по ч. 1 ст. 172 УК РК."
    )
    found = cards(extract_news(_doc(text, "ru")))
    assert list(found) == [0]
    card = found[0]
    assert card["case"]["court"] == "Экибастузский городской суд"
    names = [d["name"] for d in card["defendants"]]
    assert names == ["Тимур Е.", "Ильяс К."]
    assert [d["sentence.months"] for d in card["defendants"]] == [72, 60]
    assert [d["age"] for d in card["defendants"]] == [36, 24]
    assert all(d["charges"] == ["KZ:172:1"] for d in card["defendants"])
    assert all(d.get("formations") == ["wagner"] for d in card["defendants"])


def test_kazakh_initials_with_case_endings_are_kept_as_written() -> None:
    text = (
        "Шымкент қаласының қылмыстық істер жөніндегі мамандандырылған ауданаралық соты екі шымкенттікке "
        "үкім шығарды. Сот А.Б.-ға 5 жыл, Ж.Қ.-ға 4 жыл 6 ай бас бостандығынан айыру жазасын тағайындады."
    )
    card = cards(extract_news(_doc(text, "kk")))[0]
    assert (
        card["case"]["court"]
        == "Шымкент қаласының қылмыстық істер жөніндегі мамандандырылған ауданаралық соты"
    )
    assert [d["name"] for d in card["defendants"]] == ["А.Б.", "Ж.Қ."]
    assert [d["sentence.months"] for d in card["defendants"]] == [60, 54]


def test_english_names_go_surname_first_and_particles_stay() -> None:
    text = (
        "BISHKEK, March 1, 2025 – The Alamudun District Court has sentenced Bolot Asanbek uulu, 31, to "
        "five years in prison under Article 256 of the Criminal Code of Kyrgyzstan."
    )
    card = cards(extract_news(_doc(text, "en")))[0]
    assert card["defendants"][0]["name"] == "Asanbek uulu Bolot"
    assert card["defendants"][0]["age"] == 31
    assert card["defendants"][0]["charges"] == ["KG:256"]
    assert card["case"]["court"] == "Alamudun District Court"


def test_ages_are_never_terms_and_years_are_never_terms() -> None:
    text = "Т.М., 45 лет, житель Кызылорды, в 2022–2023 годах воевал в Украине. Он приговорен к трем годам лишения свободы."
    d = cards(extract_news(_doc(text, "ru")))[0]["defendants"][0]
    assert (d["age"], d["sentence.months"]) == (45, 36)


def test_facts_have_spans_news_confidence_and_vocabulary_values() -> None:
    facts = extract_news(_doc(RU_COURT_NAMED, "ru"))
    assert facts
    for f in facts:
        assert 0 <= f.start <= f.end <= len(RU_COURT_NAMED)
        assert 0.5 <= f.confidence <= 0.8
    name = next(f for f in facts if f.prop == "name")
    assert RU_COURT_NAMED[name.start : name.end].startswith("Сауле")


@pytest.mark.parametrize(
    "text, count",
    [
        ("Суд приговорил А.Х. к 5 годам. Он воевал в Украине.", 2),
        ("Приговор вынес суд г. Караганды. Ст. 172 УК РК предусматривает до 9 лет.", 2),
        ("Ерлан Ж. получил 5 лет.\nПриговор не вступил в силу.", 2),
    ],
)
def test_sentences_do_not_end_at_initials_or_abbreviations(text: str, count: int) -> None:
    assert len(split_sentences(text)) == count


@pytest.mark.parametrize(
    "text, count",
    [
        # a hard-wrapped paragraph is one sentence across its line breaks
        (
            "BISHKEK, 3 July 2025 – The Pervomaisky District Court of Bishkek on Wednesday sentenced\n"
            "Kyrgyz citizen Bakyt Osmonov, 29, to five years.",
            1,
        ),
        # a closing quote alone does not end a wrapped line («… в «Шторм Z»\nжасағына …»)
        (
            "Жаңаөзендік 33 жастағы Е.Т. Ресей колониясында жазасын өтеп жүрген кезде «Шторм Z»\n"
            "жасағына жазылған.",
            1,
        ),
        # a short headline and a line ending a sentence still end there
        ("Kazakh man jailed for fighting in Ukraine\nA court sentenced Yerlan D. to five years.", 2),
        (
            "Суд приговорил жителя Кентау к пяти годам лишения свободы по статье 172 УК РК.\n"
            "Приговор не вступил в силу.",
            2,
        ),
    ],
)
def test_line_breaks_inside_a_wrapped_paragraph_do_not_end_sentences(text: str, count: int) -> None:
    assert len(split_sentences(text)) == count


def test_a_wrapped_english_report_names_its_defendant() -> None:
    text = (
        "UST-KAMENOGORSK, 24 April 2025 – The Oskemen City Court on 23 April 2025 sentenced Daniyar\n"
        "Seitkali, a 36-year-old Oskemen resident, to four and a half years in prison under Part 1 of\n"
        "Article 172 of the Criminal Code.\n"
    )
    found = cards(extract_news(_doc(text, "en")))
    [card] = found.values()
    [person] = card["defendants"]
    assert person["name"] == "Seitkali Daniyar"
    assert person["age"] == 36
    assert person["sentence.months"] == 54


@pytest.mark.parametrize(
    "text, language, expected",
    [
        (
            "KARAGANDA, June 3, 2025 – A Kazakh man who fought for Russia's Wagner group has been "
            "jailed for six years, a court in Karaganda said. Yerlan Dzhaksybekov, 41, was found "
            "guilty of taking part in a foreign armed conflict.",
            "en",
            {"name": "Dzhaksybekov Yerlan", "age": 41, "sentence.months": 72},
        ),
        (
            "Житель Актобе Нурсултан Ермеков осужден на 5 лет за участие в боевых действиях на "
            "стороне России. Суд также постановил конфисковать его имущество.",
            "ru",
            {
                "name": "Ермеков Нурсултан",
                "region": "kz/aktobe",
                "sentence.months": 60,
                "additional_penalties": ["confiscation"],
            },
        ),
        (
            "Ташкент, 1 июня 2025. Суд приговорил 33-летнего жителя Бухарской области А.К. к трем "
            "годам ограничения свободы. В 2024 году он получил российский паспорт, однако затем "
            "отказался от российского гражданства.",
            "ru",
            {
                "name": "А.К.",
                "region": "uz/bukhara",
                "sentence.type": "restricted_freedom",
                "citizenship": None,
            },
        ),
        (
            "Жительница Тараза Алия М., 29 лет, получила два года условно за участие в войне на "
            "стороне России.",
            "ru",
            {
                "name": "Алия М.",
                "age": 29,
                "region": "kz/zhambyl",
                "sentence.type": "conditional",
                "sentence.months": 24,
                "sentence.suspended": True,
            },
        ),
        (
            "A Kazakh court has handed a five-year prison sentence to Arman K., 30, who fought for "
            "Russia.",
            "en",
            {"name": "Arman K.", "age": 30, "sentence.months": 60},
        ),
        (
            "Daniyar Omarov, 35, from Pavlodar, was sentenced on Tuesday to 5 years and 6 months in "
            "a medium security facility.",
            "en",
            {
                "name": "Omarov Daniyar",
                "region": "kz/pavlodar",
                "sentence.months": 66,
                "sentence.institution": "medium",
            },
        ),
        (
            "Мужчина признал вину. Суд приговорил его к пяти годам лишения свободы. Ему 33 года, он "
            "житель Семея.",
            "ru",
            {"name": None, "age": 33, "region": "kz/abai", "sentence.months": 60},
        ),
        (
            "Қостанай облыстық сотының үкімімен 45 жастағы Серік Б. бес жыл мерзімге бас "
            "бостандығынан айырылды.",
            "kk",
            {"name": "Серік Б.", "age": 45, "sentence.months": 60},
        ),
    ],
    ids=[
        "en-named-after-the-verdict",
        "ru-name-after-place",
        "ru-renounced-russian-passport",
        "ru-conditional-short",
        "en-handed-a-five-year-sentence",
        "en-from-apposition",
        "ru-pronoun-age",
        "kk-appeal-court-genitive",
    ],
)
def test_other_phrasings(text: str, language: str, expected: dict) -> None:
    d = cards(extract_news(_doc(text, language)))[0]["defendants"][0]
    for prop, value in expected.items():
        assert d.get(prop) == value, prop


def test_a_recruiters_report_does_not_give_him_the_units_of_his_recruits() -> None:
    text = (
        "В Ташкентской области осужден вербовщик. Бекабадский районный суд по уголовным делам "
        "приговорил 42-летнего Ш.Х. к шести годам лишения свободы за вербовку граждан для участия "
        "в боевых действиях. Он через Telegram искал молодых людей, готовых подписать контракт с "
        "Минобороны РФ."
    )
    d = cards(extract_news(_doc(text, "ru")))[0]["defendants"][0]
    assert d["sentence.months"] == 72
    assert "formations" not in d and "recruitment" not in d


def test_the_place_a_sentence_is_served_is_not_a_prison_recruitment() -> None:
    text = (
        "ALMATY, Oct 3, 2025 – A court in Almaty has sentenced a 37-year-old man, identified as "
        "Ruslan O., to four and a half years in prison for fighting for Russia's Defence Ministry."
    )
    d = cards(extract_news(_doc(text, "en")))[0]["defendants"][0]
    assert d["sentence.months"] == 54
    assert "prison" not in d.get("recruitment", [])


_WORDS = st.sampled_from(
    "суд приговорил осужден получил житель Караганды 34-летний Ерлан Ж. А.Х. 5 лет лишения "
    "свободы ч. 1 ст. 172 УК РК оба колонии sentenced court in Almaty aged 27 five years prison "
    "Article 172 сотталды 32 жастағы бас бостандығынан айырылды ҚК-нің 172-бабының , . \n".split(
        " "
    )
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, max_size=60), st.sampled_from(["ru", "en", "kk"]))
def test_any_text_gives_facts_with_spans_inside_it_and_vocabulary_values(
    words: list[str], language: str
) -> None:
    text = " ".join(words)
    for f in extract_news(_doc(text, language)):
        assert 0 <= f.start <= f.end <= len(text)
        assert f.card >= 0 and (f.defendant is None or f.defendant >= 0)
        if f.prop in ("region", "court_region") and f.value is not None:
            assert f.value in vocabulary()["region"]
        elif f.prop in vocabulary():
            assert f.value in vocabulary()[f.prop], (f.prop, f.value)
