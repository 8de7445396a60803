"""Service, recruitment, motive and return facts: a table of sentences → the facts a reader
would write down, in Russian, Kazakh and English, including what must NOT be read (denials,
negations, hypotheticals, other people's stories, lists of evidence). All people are fictional."""

from __future__ import annotations

import json
import random
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from warcases.extract.aliases import compile_alias
from warcases.extract.negation import Cue, SentenceScopes, split_sentences
from warcases.extract.service import find_service_facts, load_knowledge

M = "money_offered"


def _key(prop: str, value: Any) -> tuple[str, Any]:
    if isinstance(value, dict):
        return prop, (value["amount"], value["currency"], value["period"])
    return prop, value


def facts_of(text: str, language: str = "ru") -> set[tuple[str, Any]]:
    return {_key(f.prop, f.value) for f in find_service_facts(text, language)}


ROWS: list[tuple[str, str, set[tuple[str, Any]]]] = [
    # --- Russian: formations, channels, platforms -------------------------------------------
    (
        "ru",
        "В 2023 году он увидел объявление в социальной сети «ВКонтакте» и заключил контракт с ЧВК «Вагнер».",
        {("formations", "wagner"), ("recruitment", "online_ad"), ("platforms", "vk")},
    ),
    (
        "ru",
        "Через Telegram-канал он связался с вербовщиком по имени Артур и подписал контракт с ЧВК «Редут».",
        {("formations", "redut"), ("recruitment", "recruiter"), ("platforms", "telegram")},
    ),
    (
        "ru",
        "На сайте Avito он нашел вакансию охранника, выехал в Ростов и там подписал контракт с Министерством обороны Российской Федерации.",
        {
            ("formations", "mod"),
            ("recruitment", "online_ad"),
            ("recruitment", "work_trip"),
            ("platforms", "avito"),
        },
    ),
    (
        "ru",
        "Обратившись в пункт отбора на военную службу по контракту, он заключил контракт с МО РФ.",
        {("formations", "mod"), ("recruitment", "enlistment_office")},
    ),
    (
        "ru",
        "В марте 2024 года он выехал на заработки в г. Москву, где подписал контракт с Минобороны России.",
        {("formations", "mod"), ("recruitment", "work_trip")},
    ),
    (
        "ru",
        "Работая вахтовым методом в Белгородской области, он заключил контракт и был зачислен в штурмовую роту «Шторм Z».",
        {("formations", "storm_z"), ("recruitment", "work_trip")},
    ),
    (
        "ru",
        "Он был задержан за нарушение миграционного законодательства, после чего подписал контракт с Министерством обороны РФ.",
        {("formations", "mod"), ("recruitment", "migration_detention")},
    ),
    (
        "ru",
        "Находясь в СИЗО, он согласился подписать контракт и был зачислен в штурмовое подразделение «Шторм Z».",
        {("formations", "storm_z"), ("recruitment", "criminal_detention")},
    ),
    (
        "ru",
        "Отбывая наказание в исправительной колонии, он заключил контракт и в составе «Шторм V» принимал участие в боевых действиях.",
        {("formations", "storm_v"), ("recruitment", "prison")},
    ),
    (
        "ru",
        "Под угрозой уголовного преследования его заставили подписать контракт с МО РФ.",
        {("formations", "mod"), ("recruitment", "coercion"), ("motives", "coercion")},
    ),
    (
        "ru",
        "В 2022 году он выехал из Караганды с целью участия в боевых действиях и вступил в ряды народной милиции ЛНР.",
        {("formations", "lpr_dpr"), ("recruitment", "from_home")},
    ),
    (
        "ru",
        "В Telegram он увидел рекламу службы по контракту в Вооруженных силах Российской Федерации с ежемесячным денежным довольствием от 200 000 рублей и выехал в г. Омск, где заключил контракт.",
        {
            ("formations", "mod"),
            ("recruitment", "online_ad"),
            ("platforms", "telegram"),
            ("recruitment", "from_home"),
            (M, (200000, "RUB", "month")),
        },
    ),
    (
        "ru",
        "Сначала он воевал в «оркестре», как вагнеровцы называют свою компанию.",
        {("formations", "wagner")},
    ),
    (
        "ru",
        "В 2024 году он вступил в добровольческий отряд «БАРС-13» и воевал в Курской области.",
        {("formations", "bars"), ("theatres", "russia")},
    ),
    (
        "ru",
        "Затем он подписал контракт с ЧВК «Конвой» и воевал на Херсонском направлении.",
        {("formations", "convoy"), ("theatres", "ukraine")},
    ),
    (
        "ru",
        "Он поступил на службу по контракту в войска национальной гвардии Российской Федерации (Росгвардию).",
        {("formations", "rosgvardia")},
    ),
    # --- Russian: motives and money ------------------------------------------------------------
    (
        "ru",
        "Желая заработать, он заключил контракт с ЧВК «Вагнер» с выплатой 240 000 рублей в месяц.",
        {("formations", "wagner"), ("motives", "money"), (M, (240000, "RUB", "month"))},
    ),
    (
        "ru",
        "Он подписал контракт с Министерством обороны РФ, желая получить российское гражданство в упрощенном порядке.",
        {("formations", "mod"), ("motives", "citizenship")},
    ),
    (
        "ru",
        "Желая заработать и получить российское гражданство, он подписал контракт с Министерством обороны РФ.",
        {("formations", "mod"), ("motives", "money"), ("motives", "citizenship")},
    ),
    (
        "ru",
        "Из идейных соображений он решил принять участие в войне и вступил в ряды армии ДНР.",
        {("formations", "lpr_dpr"), ("motives", "ideology")},
    ),
    (
        "ru",
        "Имея задолженность по кредитам и желая ее погасить, он заключил контракт с Министерством обороны РФ.",
        {("formations", "mod"), ("motives", "debt")},
    ),
    (
        "ru",
        "Желая получить военный опыт, он подписал контракт с подразделением «Ахмат».",
        {("formations", "akhmat"), ("motives", "experience")},
    ),
    (
        "ru",
        "Желая легализовать свое пребывание в России и получить документы, он заключил контракт с Министерством обороны РФ.",
        {("formations", "mod"), ("motives", "documents")},
    ),
    (
        "ru",
        "Ему пообещали единовременную выплату в размере 495 000 рублей, и он подписал контракт с Минобороны РФ.",
        {("formations", "mod"), (M, (495000, "RUB", "once"))},
    ),
    # --- Russian: service events, roles, theatres -------------------------------------------
    (
        "ru",
        "В ходе боев под Бахмутом он получил осколочное ранение.",
        {("wounded", True), ("theatres", "ukraine")},
    ),
    ("ru", "Проходя военную службу, он самовольно оставил воинскую часть.", {("deserted", True)}),
    ("ru", "Принимая участие в боевых действиях, он попал в плен.", {("captured", True)}),
    (
        "ru",
        "В 2024 году он получил паспорт гражданина Российской Федерации, после чего воевал в составе ВС РФ.",
        {("russian_citizenship", True), ("formations", "mod")},
    ),
    (
        "ru",
        "В качестве снайпера он принимал участие в боевых действиях на Запорожском направлении.",
        {("roles", "sniper"), ("theatres", "ukraine")},
    ),
    (
        "ru",
        "Он был назначен на должность санитарного инструктора и находился в зоне СВО.",
        {("roles", "medic"), ("theatres", "ukraine")},
    ),
    (
        "ru",
        "Служил водителем-стрелком в мотострелковом полку ВС РФ.",
        {("roles", "driver"), ("roles", "rifleman"), ("formations", "mod")},
    ),
    (
        "ru",
        "В 2024 году он вступил в «Африканский корпус» и принимал участие в боевых действиях в Республике Мали.",
        {("formations", "africa_corps"), ("theatres", "mali")},
    ),
    # --- Russian: return ----------------------------------------------------------------------
    (
        "ru",
        "Вернувшись в Казахстан после того, как воевал в составе ЧВК «Вагнер», он явился с повинной в ДКНБ.",
        {("formations", "wagner"), ("return", "surrendered")},
    ),
    (
        "ru",
        "Он воевал в составе ЧВК «Вагнер». В марте 2023 года он вернулся в Караганду, где 5 декабря 2024 года был задержан сотрудниками ДКНБ.",
        {("formations", "wagner"), ("return", "detained_on_return"), ("return_date", "2023-03")},
    ),
    (
        "ru",
        "Он воевал на Донецком направлении, а при въезде в Республику Казахстан 12 января 2025 года был задержан на КПП «Жайсан».",
        {("theatres", "ukraine"), ("return", "detained_at_border"), ("return_date", "2025-01-12")},
    ),
    (
        "ru",
        "Он воевал в составе «Шторм Z». После окончания контракта он был депортирован из России и по прибытии в аэропорт задержан сотрудниками КНБ.",
        {("formations", "storm_z"), ("return", "deported")},
    ),
    (
        "ru",
        "Он воевал в составе ЧВК «Редут», затем выехал в Кыргызстан, где был задержан и экстрадирован в Казахстан.",
        {("formations", "redut"), ("return", "extradited")},
    ),
    (
        "ru",
        "Он принимал участие в боевых действиях в составе «Африканского корпуса» и в Казахстан не вернулся.",
        {("formations", "africa_corps"), ("return", "not_returned")},
    ),
    # --- Kazakh --------------------------------------------------------------------------------
    (
        "kk",
        "Ол «ВКонтакте» әлеуметтік желісінен хабарландыруды көріп, «Вагнер» ЖӘК-пен келісімшарт жасасты.",
        {("formations", "wagner"), ("recruitment", "online_ad"), ("platforms", "vk")},
    ),
    (
        "kk",
        "Ақша табу мақсатында Ресей Федерациясына барып, Ресей Қорғаныс министрлігімен келісімшарт жасасты.",
        {("formations", "mod"), ("motives", "money"), ("recruitment", "from_home")},
    ),
    ("kk", "Ол ұрыс қимылдарына қатысты, жараланған.", {("wounded", True)}),
    ("kk", "Ол ұрыс қимылдарына қатысты, бірақ жараланбаған.", {("wounded", False)}),
    (
        "kk",
        "Ұрыс қимылдарына қатысқаннан кейін Қазақстанға оралып, шекарада ұсталды.",
        {("return", "detained_at_border")},
    ),
    (
        "kk",
        "Ол Ресей азаматтығын алды және «Редут» ЖӘК құрамында соғысты.",
        {("russian_citizenship", True), ("formations", "redut")},
    ),
    (
        "kk",
        "Ол «Вагнер» құрамында соғысып, елге оралғаннан кейін ҰҚК-ге өз еркімен келіп, кінәсін мойындады.",
        {("formations", "wagner"), ("return", "surrendered")},
    ),
    (
        "kk",
        "Түзеу колониясында жазасын өтеп жүрген кезінде ол «Шторм Z» ротасына қабылданды.",
        {("recruitment", "prison"), ("formations", "storm_z")},
    ),
    # --- English -------------------------------------------------------------------------------
    (
        "en",
        "He saw an online advertisement on VK and signed a contract with the Wagner Group.",
        {("formations", "wagner"), ("recruitment", "online_ad"), ("platforms", "vk")},
    ),
    (
        "en",
        "A recruiter offered him $2,000 a month, and he signed a contract with the Russian Ministry of Defence.",
        {("formations", "mod"), ("recruitment", "recruiter"), (M, (2000, "USD", "month"))},
    ),
    (
        "en",
        "While working in Russia as a migrant worker, he signed a contract with the Russian Defence Ministry.",
        {("formations", "mod"), ("recruitment", "work_trip")},
    ),
    (
        "en",
        "He was detained for migration violations in Moscow and then signed a contract with the Russian Ministry of Defence.",
        {("formations", "mod"), ("recruitment", "migration_detention")},
    ),
    (
        "en",
        "He fought in Ukraine with the Wagner Group for money and was wounded near Bakhmut.",
        {
            ("formations", "wagner"),
            ("motives", "money"),
            ("wounded", True),
            ("theatres", "ukraine"),
        },
    ),
    (
        "en",
        "He fought in Ukraine and was not wounded.",
        {("theatres", "ukraine"), ("wounded", False)},
    ),
    (
        "en",
        "He deserted his unit after two months of fighting in Ukraine.",
        {("deserted", True), ("theatres", "ukraine")},
    ),
    (
        "en",
        "He fought with Redut and turned himself in after returning to Kazakhstan.",
        {("formations", "redut"), ("return", "surrendered")},
    ),
    (
        "en",
        "After fighting in Ukraine he was detained at the border when he returned home in February 2025.",
        {("theatres", "ukraine"), ("return", "detained_at_border"), ("return_date", "2025-02")},
    ),
    (
        "en",
        "He obtained Russian citizenship after fighting with the Africa Corps in Mali.",
        {("russian_citizenship", True), ("formations", "africa_corps"), ("theatres", "mali")},
    ),
    (
        "en",
        "He was deported from Russia after serving in the Storm-Z unit.",
        {("return", "deported"), ("formations", "storm_z")},
    ),
    # --- negation, attribution, hypotheticals: nothing, or the negative value ------------------
    ("ru", "Подсудимый отрицал, что участвовал в боевых действиях в составе ЧВК «Вагнер».", set()),
    (
        "ru",
        "Никаких контрактов с Министерством обороны РФ он не заключал, в боевых действиях не участвовал.",
        set(),
    ),
    (
        "ru",
        "Он воевал в составе ЧВК «Вагнер», ранений не получал.",
        {("formations", "wagner"), ("wounded", False)},
    ),
    (
        "ru",
        "Он воевал в составе ЧВК «Вагнер», с контракта не уходил и не дезертировал.",
        {("formations", "wagner"), ("deserted", False)},
    ),
    ("ru", "Он принимал участие в боевых действиях, в плен не попадал.", {("captured", False)}),
    (
        "ru",
        "Он принимал участие в боевых действиях, однако гражданство РФ не получал.",
        {("russian_citizenship", False)},
    ),
    (
        "ru",
        "Если гражданин подпишет контракт с ЧВК «Вагнер» и примет участие в боевых действиях, ему грозит уголовная ответственность.",
        set(),
    ),
    (
        "ru",
        "Участие в вооруженном конфликте на территории иностранного государства наказывается лишением свободы.",
        set(),
    ),
    (
        "ru",
        "Прокуратура предупреждает: под угрозой уголовной ответственности за участие в боевых действиях все, кто откликнулся на объявление в Telegram.",
        set(),
    ),
    (
        "ru",
        "Свидетель Ким, также проходивший службу в подразделении «Ахмат», показал, что подсудимый воевал в составе ЧВК «Редут».",
        {("formations", "redut")},
    ),
    (
        "ru",
        "Вина подсудимого подтверждается показаниями свидетеля, перепиской в Telegram и фотографиями с шевроном ЧВК «Вагнер», на которых он воевал.",
        set(),
    ),
    (
        "ru",
        "Он воевал в составе ЧВК «Вагнер», но поехал туда не ради денег, а по убеждениям.",
        {("formations", "wagner"), ("motives", "ideology")},
    ),
    ("ru", "Он пояснил, что контракт подписал, поскольку иначе был бы выдворен из России.", set()),
    (
        "ru",
        "Подсудимый не хотел отбывать наказание в российской колонии и потому заключил контракт с МО РФ.",
        {("formations", "mod")},
    ),
    (
        "ru",
        "Он воевал в составе ЧВК «Вагнер», однако не был ранен и в плен не попадал.",
        {("formations", "wagner"), ("wounded", False), ("captured", False)},
    ),
    (
        "ru",
        "По его словам, его принудили подписать контракт с Министерством обороны РФ.",
        {("formations", "mod"), ("recruitment", "coercion"), ("motives", "coercion")},
    ),
    ("en", "He denied that he had fought with the Wagner Group.", set()),
    (
        "en",
        "If he signs a contract with the Russian Ministry of Defence, he could face up to nine years in prison.",
        set(),
    ),
    ("kk", "Сотталушы ұрыс қимылдарына қатыспағанын айтты.", set()),
    # --- held-out phrasings (tests/gold) ---------------------------------------------------
    (
        "ru",
        "Он заключил контракт с ЧВК «Редут», но командиры его принудили остаться после окончания контракта.",
        {("formations", "redut")},
    ),
    (
        "ru",
        "Находясь в СИЗО, он подписал контракт с МО РФ. По словам подсудимого, сотрудники"
        " изолятора угрожали ему длительным сроком, если он откажется.",
        {
            ("formations", "mod"),
            ("recruitment", "criminal_detention"),
            ("recruitment", "coercion"),
            ("motives", "coercion"),
        },
    ),
    (
        "ru",
        "Он заключил контракт с Минобороны России. Паспорт он так и не получил, а после ранения вернулся в Бишкек.",
        {("formations", "mod"), ("russian_citizenship", False), ("wounded", True)},
    ),
    (
        "ru",
        "Он воевал в составе ЧВК «Вагнер». Ранений Есенов М.Б. не получал.",
        {("formations", "wagner"), ("wounded", False)},
    ),
    (
        "ru",
        "Он выехал в г. Екатеринбург Российской Федерации, где работал курьером, и там заключил контракт с ЧВК «Вагнер».",
        {("formations", "wagner"), ("recruitment", "work_trip")},
    ),
    (
        "ru",
        "Он работал таксистом в Новосибирске, где подписал контракт с Минобороны России.",
        {("formations", "mod"), ("recruitment", "work_trip")},
    ),
    (
        "ru",
        "По приглашению брата, вербовавшего земляков в батальон «Ахмат» за денежное вознаграждение, он заключил контракт.",
        {("formations", "akhmat"), ("recruitment", "recruiter")},
    ),
    (
        "ru",
        "Он заключил контракт с ЧВК «Вагнер», разделяя идеи «русского мира».",
        {("formations", "wagner"), ("motives", "ideology")},
    ),
    (
        "ru",
        "Он участвовал в боях, а после лечения в подразделение не вернулся.",
        {("deserted", True)},
    ),
    (
        "ru",
        "Он заключил контракт с Минобороны России, однако имеет военный опыт ещё со срочной службы.",
        {("formations", "mod")},
    ),
    (
        "ru",
        "Он заключил контракт с ЧВК «Редут». Он отрицал, что получал российский паспорт.",
        {("formations", "redut"), ("russian_citizenship", False)},
    ),
    (
        "en",
        "According to the verdict, the driver was approached by a recruiter and signed up with the Akhmat unit.",
        {("formations", "akhmat"), ("recruitment", "recruiter")},
    ),
]


@pytest.mark.parametrize(
    "language,text,expected", ROWS, ids=[f"{i:02d}-{r[0]}" for i, r in enumerate(ROWS)]
)
def test_sentence_table(language: str, text: str, expected: set[tuple[str, Any]]) -> None:
    assert facts_of(text, language) == expected


# Every formation spelling of DOMAIN.md §4 named in the task, in a sentence saying he served.
FORMATION_PHRASES = [
    ("ru", 'Он воевал в составе ЧВК "Вагнер".', "wagner"),
    ("ru", "Он воевал в составе ЧВК Вагнера.", "wagner"),
    ("ru", "Он воевал в составе группы Вагнера.", "wagner"),
    ("ru", "Вместе с другими вагнеровцами он воевал под Бахмутом.", "wagner"),
    ("ru", "Он воевал в «оркестре».", "wagner"),
    ("ru", "Он воевал вместе с «музыкантами».", "wagner"),
    ("en", "He fought with the Wagner Group.", "wagner"),
    ("en", "He fought for PMC Wagner.", "wagner"),
    ("ru", "Он воевал в составе ЧВК «Редут».", "redut"),
    ("ru", "Он воевал в составе «Шторм Z».", "storm_z"),
    ("ru", "Он воевал в составе подразделения Шторм-Z.", "storm_z"),
    ("ru", "Он воевал в штурмовых ротах Z.", "storm_z"),
    ("ru", "Он воевал в составе «Шторм V».", "storm_v"),
    ("ru", "Он воевал в составе спецназа «Ахмат».", "akhmat"),
    ("ru", "Он воевал в отряде «БАРС-13».", "bars"),
    ("ru", "Он воевал в составе «Африканского корпуса».", "africa_corps"),
    ("ru", "Он воевал в составе ЧВК «Конвой».", "convoy"),
    ("ru", "Он заключил контракт с Министерством обороны Российской Федерации.", "mod"),
    ("ru", "Он заключил контракт с МО РФ.", "mod"),
    ("ru", "Он поступил на службу по контракту в ВС РФ.", "mod"),
    ("ru", "Он служил в народной милиции ЛНР.", "lpr_dpr"),
    ("ru", "Он воевал в составе армии ДНР.", "lpr_dpr"),
    ("ru", "Он служил в Росгвардии.", "rosgvardia"),
    ("kk", "Ол «Вагнер» ЖӘК құрамында соғысты.", "wagner"),
    ("kk", "Ол Ресей Қорғаныс министрлігімен келісімшарт жасасты.", "mod"),
]


@pytest.mark.parametrize("language,text,formation", FORMATION_PHRASES)
def test_every_formation_spelling_is_known(language: str, text: str, formation: str) -> None:
    assert {v for p, v in facts_of(text, language) if p == "formations"} == {formation}


def test_table_has_enough_rows_and_negative_rows() -> None:
    assert len(ROWS) >= 60
    negative = [r for r in ROWS if not r[2] or any(v is False for _, v in r[2])]
    assert len(negative) >= 12
    assert {r[0] for r in ROWS} == {"ru", "kk", "en"}


def test_hedged_statement_has_lower_confidence() -> None:
    text = "По его словам, его принудили подписать контракт с Министерством обороны РФ."
    plain = "Сотрудники полиции принудили его подписать контракт с Министерством обороны РФ."
    assert {f.confidence for f in find_service_facts(text, "ru")} == {0.6}
    assert {f.confidence for f in find_service_facts(plain, "ru")} == {0.9}


def test_strongest_return_comes_first() -> None:
    text = (
        "Он воевал в составе ЧВК «Вагнер». В мае 2023 года он вернулся в г. Сарань, где был задержан. "
        "Смягчающим обстоятельством суд признает явку с повинной."
    )
    returns = [f for f in find_service_facts(text, "ru") if f.prop == "return"]
    assert [f.value for f in returns] == ["surrendered", "detained_on_return"]
    assert returns[0].confidence > returns[1].confidence


def test_spans_point_into_the_whole_text() -> None:
    head = "ПРИГОВОР\nИМЕНЕМ РЕСПУБЛИКИ КАЗАХСТАН\n\nУСТАНОВИЛ:\n"
    body = "Желая заработать, он заключил контракт с ЧВК «Вагнер» и воевал под Бахмутом."
    tail = "\n\nПРИГОВОРИЛ: признать виновным."
    text = head + body + tail
    facts = find_service_facts(text, "ru", len(head), len(head) + len(body))
    spans = {f.prop: text[f.start : f.end] for f in facts}
    assert spans["formations"] == "ЧВК «Вагнер"
    assert spans["motives"] == "Желая заработать"
    assert all(len(head) <= f.start < f.end <= len(head) + len(body) for f in facts)


def test_line_end_hyphenation_of_scanned_text_is_read_through() -> None:
    text = "С января 2023 года он в составе штурмового подраз-\nделения ЧВК «Ваг-\nнер» принимал участие в боевых дей-\nствиях."
    facts = find_service_facts(text, "ru")
    wagner = next(f for f in facts if f.prop == "formations")
    assert wagner.value == "wagner"
    assert text[wagner.start : wagner.end] == "ЧВК «Ваг-\nнер"


def test_window_without_war_content_falls_back_to_the_whole_text() -> None:
    lead = "Суд приговорил 30-летнего жителя Костаная, воевавшего в Украине на стороне России. "
    part = "Мужчина поехал в Россию после того, как увидел объявление на «Авито». Ранений он не получал."
    facts = {(f.prop, f.value) for f in find_service_facts(lead + part, "ru", len(lead))}
    assert facts == {("recruitment", "online_ad"), ("platforms", "avito"), ("wounded", False)}


THEFT = [
    "28 июня 2024 года около 01 часа Лукьянов П.С., находясь в кафе «Шторм», тайно похитил со стола мобильный телефон.",
    "После возвращения с вахты Лукьянов П.С. испытывал финансовые трудности, поскольку работодатель не выплатил ему заработную плату по трудовому контракту.",
    "Похищенный телефон он сдал в ломбард за 150 000 тенге, деньги потратил на личные нужды.",
    "Подсудимый вину признал полностью, ущерб потерпевшему возместил.",
    "Действия Лукьянова П.С. суд квалифицирует по п. 4) ч. 2 ст. 188 УК РК.",
    "Абенов Е.Т. хранил гашиш в футляре от музыкального инструмента в репетиционном помещении оркестра.",
    "Другие музыканты оркестра о наркотике не знали.",
    "В 2021 году он был задержан сотрудниками полиции и доставлен в отдел.",
    "Свидетель показал, что подсудимый работал в г. Москве Российской Федерации на стройке и вернулся домой.",
    "Обстоятельствами, смягчающими уголовную ответственность, суд признает явку с повинной и раскаяние.",
]


def test_theft_verdict_yields_nothing() -> None:
    assert find_service_facts(" ".join(THEFT), "ru") == []


@settings(max_examples=60, deadline=None)
@given(
    st.permutations(THEFT),
    st.integers(min_value=1, max_value=len(THEFT)),
    st.sampled_from([" ", "\n", "\n\n"]),
)
def test_any_mix_of_sentences_without_war_yields_nothing(
    sentences: list[str], n: int, sep: str
) -> None:
    assert find_service_facts(sep.join(sentences[:n]), "ru") == []


def _vocabulary() -> dict[str, Any]:
    return _knowledge("vocabulary.yaml")


def _knowledge(name: str) -> dict[str, Any]:
    return yaml.safe_load(
        resources.files("warcases.knowledge").joinpath(name).read_text(encoding="utf-8")
    )


def test_knowledge_values_are_in_the_vocabulary() -> None:
    vocab = _vocabulary()
    read = _knowledge
    assert set(read("formations.yaml")["formations"]) <= set(vocab["formations"])
    rec = read("recruitment.yaml")
    assert set(rec["channels"]) <= set(vocab["recruitment"])
    assert set(rec["motives"]) <= set(vocab["motives"])
    assert set(read("return.yaml")["return"]) <= set(vocab["return"])
    assert load_knowledge().lexicon.count > 500


def test_emitted_values_are_in_the_vocabulary() -> None:
    vocab = _vocabulary()
    for language, text, _ in ROWS:
        for f in find_service_facts(text, language):
            if f.prop in ("formations", "recruitment", "motives", "return"):
                assert f.value in vocab[f.prop], (f, text)
            if f.prop in ("wounded", "deserted", "captured", "russian_citizenship"):
                assert isinstance(f.value, bool)
            assert (f.card, f.defendant) == (0, None)


@pytest.mark.parametrize(
    "alias,text,matches",
    [
        ("ЧВК Вагнер*", "в составе ЧВК «Вагнера»", "ЧВК «Вагнера"),
        ("«оркестр*»", "так называемого «оркестра»", "оркестра»"),
        ("«оркестр*»", "репетиция оркестра", None),
        ("Шторм (Z|З)", "роту Шторм-Z", "Шторм-Z"),
        (
            "увидел* …8 объявлени*",
            "увидел в социальной сети «ВКонтакте» объявление",
            "увидел в социальной сети «ВКонтакте» объявление",
        ),
        ("пункт* (набора|приема)? отбора", "в пункте отбора", "пункте отбора"),
    ],
)
def test_alias_syntax(alias: str, text: str, matches: str | None) -> None:
    import re

    regex, keys, _, _ = compile_alias(alias)
    rx = re.compile(regex, re.IGNORECASE)
    found = None
    for m in re.finditer(r"\w+", text):
        hit = rx.match(text, m.start())
        if hit:
            found = hit.group()
            break
    assert found == matches
    assert keys


def test_sentences_do_not_break_at_initials_or_abbreviations() -> None:
    text = "Жаксылыков Е.С. выехал в г. Ростов-на-Дону. 4 апреля 2023 г. он вернулся. Ранений не получал."
    spans = split_sentences(text, abbrevs={"г"})
    assert [text[a:b].strip() for a, b in spans] == [
        "Жаксылыков Е.С. выехал в г. Ростов-на-Дону.",
        "4 апреля 2023 г. он вернулся.",
        "Ранений не получал.",
    ]


def test_exempt_phrases_are_not_negations() -> None:
    text = "Он получил не менее 200 000 рублей."
    cues = [Cue("negation_exempt", 11, 20), Cue("negation", 11, 13)]
    assert not SentenceScopes(text, 0, len(text), cues).scope(21, 28).negated
    assert SentenceScopes(text, 0, len(text), [Cue("negation", 11, 13)]).scope(21, 28).negated


@pytest.mark.shared
def test_real_news_posts_give_valid_facts_or_none() -> None:
    """Telegram news channels (../shared/data): every fact has a span and a known value."""
    root = Path(__file__).resolve().parents[2] / "shared" / "data" / "telegram"
    if not root.exists():
        pytest.skip("../shared/data/telegram is not available")
    vocab = _vocabulary()
    posts: list[str] = []
    for export in sorted(root.glob("*/result.json")):
        for m in json.loads(export.read_text(encoding="utf-8"))["messages"]:
            t = m.get("text")
            posts.append(
                t
                if isinstance(t, str)
                else "".join(p if isinstance(p, str) else p.get("text", "") for p in t or [])
            )
    random.Random(7).shuffle(posts)
    for text in posts[:1500]:
        for f in find_service_facts(text, "ru"):
            assert 0 <= f.start < f.end <= len(text)
            if f.prop in ("formations", "recruitment", "motives", "return"):
                assert f.value in vocab[f.prop]
