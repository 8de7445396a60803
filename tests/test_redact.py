"""Redaction by role, identifier removal, stable pseudonyms, and the leak re-scan."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from fixture_db import IIN, JUDGE, PHONE, build_fixture_db
from hypothesis import given, settings
from hypothesis import strategies as st

from warcases.publish.export import export
from warcases.publish.pseudonyms import PseudonymScheme, display, initials
from warcases.publish.redact import Person, PolicyError, Redactor, load_policy
from warcases.publish.rescan import LeakError, Terms, check_output, scan_path, scan_text

DEFENDANT = Person("Бекболатов Арман Серикович", "k-bek", "defendant")
PEOPLE = [
    DEFENDANT,
    Person("Невои Алексей", "k-nev", "defendant"),
    Person("Омаров Данияр Асканович", "k-om", "defendant"),
    Person("Сапаров Тимур Нурланович", "k-sap", "defendant"),
    Person("Нурланов Асет Бауржанович", "k-nur", "defendant"),
    Person("Жумабекова Айгерим Талгатовна", "k-zh", "list_person"),
    Person(JUDGE, "k-judge", "judge"),
]


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor(load_policy(), PEOPLE)


def shown(redactor: Redactor, person: Person) -> str:
    return display(person.name, person.key, redactor.policy.scheme)


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        (f"ИИН {IIN}, родился", [IIN], ["родился"]),
        ("ИИН 900101300123;", ["900101300123"], []),
        ("ПИН 21204199000123, уроженец", ["21204199000123"], ["уроженец"]),
        ("ПИНФЛ: 31204990010023", ["31204990010023"], []),
        ("паспорт N12345678 выдан МВД", ["N12345678"], ["выдан МВД"]),
        ("паспорт серии 45 07 123456", ["123456"], []),
        ("документ AN1234567 предъявлен", ["AN1234567"], ["предъявлен"]),
        ("удостоверение личности № 012345678", ["012345678"], []),
        (f"тел. {PHONE}", ["234 56 78"], ["тел."]),
        ("телефон 8 (701) 234-56-78.", ["234-56-78"], []),
        ("тел. +996 555 123 456", ["555 123 456"], []),
        ("звонил на 0555 123 456, затем", ["123 456"], ["затем"]),
        ("номер 0 (700) 12-34-56 указан", ["12-34-56"], ["указан"]),
        ("вербовщик оставил номер (90) 123-45-67", ["123-45-67"], ["вербовщик"]),
        ("пишите на 93 123 45 67.", ["123 45 67"], []),
        ("осуждены 90 123 человек", [], ["90 123 человек"]),
        ("дело № 0311-26-00-1/4 и 1511-26-00-1/12", [], ["0311-26-00-1/4", "1511-26-00-1/12"]),
        (
            "проживает: г. Кокшетау, ул. Абая, д. 12, кв. 5, не работает",
            ["Абая", "кв. 5"],
            ["г. Кокшетау", "не работает"],
        ),
        ("по адресу пр. Назарбаева 44/2", ["Назарбаева 44"], []),
        ("мкр. Самал-2, д. 7", ["Самал-2", "д. 7"], []),
        ("Абай көшесі, 12 үй", ["көшесі, 12"], []),
        ("г. Рудный, ул. 50 лет Октября, д. 71, кв. 34, ранее", ["Октября", "71", "34"], ["ранее"]),
        ("г. Конаев, мкр. 3, д. 14, кв. 25, ранее", ["мкр. 3", "14", "25"], ["г. Конаев"]),
        ("Степногорск, 4 мкр., д. 28, кв. 2, ранее", ["мкр", "28"], ["Степногорск"]),
        ("с. Бескайнар, ул. Жибек жолы, д. 40, ранее", ["жолы", "40"], ["с. Бескайнар"]),
        ("Кентау қаласы, Төле би көшесі, 45-үйде тұратын", ["көшесі", "45"], ["тұратын"]),
        ("Бұқар жырау даңғылы, 33-үй, 12-пәтерде тұратын", ["33", "12-"], ["тұратын"]),
        ("Toshkent shahri, Navoiy ko'chasi, 15-uy", ["Navoiy", "15"], ["Toshkent"]),
        ("Бишкек ш., Чүй проспектиси 120", ["Чүй", "120"], ["Бишкек"]),
        ("ул. Ленина 12а.", ["12а"], []),
        ("по ул. Абая произошло ДТП, 5 машин", [], ["ул. Абая произошло ДТП, 5 машин"]),
        ("на пл. Республики 10 тысяч человек", [], ["пл. Республики 10 тысяч"]),
        ("в 2 кв. 2025 года", [], ["2 кв. 2025"]),
        (
            "по ст. 172 ч. 1 УК РК, дело № 7111-25-00-1/215",
            [],
            ["ст. 172 ч. 1 УК РК", "7111-25-00-1/215"],
        ),
        ("приговор от 2025-09-15 года, 5 лет", [], ["2025-09-15", "5 лет"]),
    ],
)
def test_identifiers_are_removed_and_legal_references_kept(redactor, text, gone, kept):
    out = redactor.text(text)
    for g in gone:
        assert g not in out, out
    for k in kept:
        assert k in out, out


@pytest.mark.parametrize(
    ("text", "person", "rest"),
    [
        (
            "в отношении Бекболатов Арман Серикович, гражданина",
            DEFENDANT,
            ["в отношении", ", гражданина"],
        ),
        ("признать Бекболатова Армана Сериковича виновным", DEFENDANT, ["признать", "виновным"]),
        ("подсудимому Бекболатову назначить", DEFENDANT, ["подсудимому", "назначить"]),
        ("Бекболатов А.С. осуждён", DEFENDANT, ["осуждён"]),
        ("осуждённый А.С. Бекболатов", DEFENDANT, ["осуждённый"]),
        ("Арман Бекболатов уехал", DEFENDANT, ["уехал"]),
        ("допрошен Невоя Алексей", PEOPLE[1], ["допрошен"]),
        ("в списке Жумабековой Айгерим", PEOPLE[5], ["в списке"]),
        ("Сапаров Тимур Нурланович", PEOPLE[3], []),
    ],
)
def test_names_of_protected_people_become_initials_and_pseudonym(redactor, text, person, rest):
    out = redactor.text(text)
    assert shown(redactor, person) in out, out
    for word in person.name.split():
        assert word[:-1] not in out.replace(shown(redactor, person), ""), out
    for r in rest:
        assert r in out


@pytest.mark.parametrize(
    "text",
    [
        f"председательствующего судьи {JUDGE}",
        "судья Омаров Б.К. огласил",  # a namesake of a defendant, with other initials
        "свидетель Омаров Бахыт показал",  # a namesake with another given name
        "отец Нурланович не явился",  # a patronymic, not the surname Нурланов
        "Кимберли и Тимур",  # given names alone identify no one
    ],
)
def test_officials_and_namesakes_are_left_alone(redactor, text):
    assert redactor.text(text) == text


def test_pseudonyms_are_stable_and_differ_between_people_and_salts():
    scheme = PseudonymScheme()
    assert scheme("person:1") == scheme("person:1")
    assert scheme("person:1") != scheme("person:2")
    assert PseudonymScheme(salt="newsroom")("person:1") != scheme("person:1")
    assert scheme("person:1").startswith("P-") and len(scheme("person:1")) == 8
    assert initials("Бекболатов Арман Серикович") == "Б.А.С."
    assert initials("Ким-Ли Виктор") == "К.Л.В."
    assert initials("А.Х.") == "А.Х."


def _policy_file(tmp_path: Path, old: str, new: str) -> Path:
    text = Path(load_policy().source).read_text(encoding="utf-8").replace(old, new)
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_newsroom_can_change_the_policy_file(tmp_path):
    policy = load_policy(_policy_file(tmp_path, "defendant: pseudonymise", "defendant: initials"))
    r = Redactor(policy, PEOPLE)
    assert r.text("признать Бекболатова Армана Сериковича виновным") == "признать Б.А.С. виновным"
    judges_hidden = load_policy(_policy_file(tmp_path, "judge: keep", "judge: drop"))
    assert Redactor(judges_hidden, PEOPLE).text(f"судья {JUDGE}") == "судья [имя удалено]"


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("defendant: pseudonymise", "defendant: blur", "not one of"),
        ("(?<!\\d)\\d{12}(?!\\d)", "(unclosed", "iin"),
    ],
)
def test_a_broken_policy_is_refused_clearly(tmp_path, old, new, words):
    with pytest.raises(PolicyError, match=words):
        load_policy(_policy_file(tmp_path, old, new))


# --- the re-scan -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_engine(tmp_path_factory):
    return build_fixture_db(tmp_path_factory.mktemp("redact") / "fixture.db")


def test_rescan_catches_a_name_planted_in_a_public_export(fixture_engine, tmp_path):
    out = tmp_path / "public"
    export(fixture_engine, "csv", out, public=True)
    from warcases.publish.rescan import sensitive_terms

    with fixture_engine.connect() as conn:
        terms = sensitive_terms(conn, load_policy())
    assert scan_path(out, terms) == []
    path = out / "cases.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[3][rows[0].index("court")] += " (подсудимый Жаксылыков Ерлан Маратович)"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    leaks = scan_path(out, terms)
    assert [(leak.place, leak.kind, leak.found) for leak in leaks] == [
        ("cases.csv: line 4, column court", "name", "Жаксылыков Ерлан Маратович")
    ]
    with pytest.raises(LeakError, match="cases.csv: line 4, column court"):
        check_output([out], terms)


def test_rescan_catches_a_planted_identifier_however_it_is_spaced(fixture_engine, tmp_path):
    from warcases.publish.rescan import sensitive_terms

    with fixture_engine.connect() as conn:
        terms = sensitive_terms(conn, load_policy())
    page = tmp_path / "page.html"
    page.write_text(
        "<p>ok</p>\n<p>звоните 8-701-234-56-78 или ИИН 9001 0130 0123</p>\n", encoding="utf-8"
    )
    kinds = sorted((leak.place, leak.kind) for leak in scan_path(page, terms))
    assert kinds == [("page.html: line 2", "iin"), ("page.html: line 2", "phone")]


def test_export_fails_with_the_place_when_redaction_misses_a_name(
    fixture_engine, tmp_path, monkeypatch
):
    monkeypatch.setattr(Redactor, "name", lambda self, name, *_args, **_kw: name)
    out = tmp_path / "leaky.json"
    with pytest.raises(LeakError) as exc:
        export(fixture_engine, "json", out, public=True)
    assert "leaky.json: tables/defendants[0]/name" in str(exc.value)
    assert not out.exists()  # nothing leaky is left behind


_SYLLABLES = [
    "бек",
    "бол",
    "ат",
    "нур",
    "сер",
    "ик",
    "тал",
    "гат",
    "ас",
    "кан",
    "ер",
    "лан",
    "жан",
    "мур",
    "дар",
]
_name_part = st.lists(st.sampled_from(_SYLLABLES), min_size=2, max_size=3).map(
    lambda s: "".join(s).capitalize()
)


@settings(max_examples=60, deadline=None)
@given(
    surname=_name_part,
    given_name=_name_part,
    ending=st.sampled_from(["", "а", "у", "ым", "е", "ға", "тың", "ны", "мен", "қа", "дан"]),
    before=st.sampled_from(["Подсудимый", "признать", "в отношении", "допрошен"]),
)
def test_property_redacted_text_never_rescans_as_a_name(surname, given_name, ending, before):
    person = Person(f"{surname}ов {given_name}", "k", "defendant")
    redactor = Redactor(load_policy(), [person])
    terms = Terms()
    terms.add_name(person.name)
    declined = f"{surname}ов{ending} {given_name}{'а' if ending else ''}"
    text = f"{before} {declined}, {person.name}; {given_name} {surname}ов."
    out = redactor.text(text)
    assert scan_text(out, terms) == [], out
    assert display(person.name, "k", redactor.policy.scheme) in out


SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "telegram"


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/telegram not present")
def test_real_news_posts_lose_only_identifiers_and_redaction_is_idempotent():
    import json

    redactor = Redactor(load_policy(), [])
    texts = []
    for path in sorted(SHARED.glob("*/result.json")):
        for message in json.loads(path.read_text(encoding="utf-8"))["messages"]:
            text = message.get("text")
            if isinstance(text, list):
                text = "".join(p if isinstance(p, str) else p.get("text", "") for p in text)
            if text:
                texts.append(text)
    assert len(texts) > 5000
    changed = 0
    for text in texts:
        once = redactor.text(text)
        assert redactor.text(once) == once
        assert not any(i.pattern.search(once) for i in redactor.policy.identifiers), once
        changed += once != text
    assert 0 < changed < len(texts) * 0.005  # ordinary news keeps its words


# --- names of every language and script the sources use ----------------------------------------

CENTRAL_ASIAN = [
    Person("Оспанов Бекзат Қайратұлы", "k-osp", "defendant"),
    Person("Жумабек уулу Талант", "k-tal", "defendant"),
    Person("Рахимов Фаррух Ботир ўғли", "k-rah", "list_person"),
    Person("Yusupov Sardor", "k-yus", "casualty"),
    Person("Лукьянов Павел Сергеевич", "k-luk", "defendant"),
    Person("Нұрланова Гүлнар Серікқызы", "k-nur", "defendant"),
    Person("Қасымов Ерлан", "k-kas", "judge"),
]


@pytest.fixture(scope="module")
def ca_redactor() -> Redactor:
    return Redactor(load_policy(), CENTRAL_ASIAN)


@pytest.mark.parametrize(
    ("text", "who", "rest"),
    [
        # Kazakh verdict: capitals, dative of the patronymic
        ("ОСПАНОВ БЕКЗАТ ҚАЙРАТҰЛЫНА, 12.08.1996 жылы", 0, [", 12.08.1996 жылы"]),
        ("сотталған Оспановтың Бекзаттың", 0, ["сотталған"]),
        # the same name in Russian spelling and in Latin transliteration
        ("обвиняемый Оспанов Бекзат Кайратулы", 0, ["обвиняемый"]),
        ("Bekzat Ospanov's lawyer said", 0, ["lawyer said"]),
        ("Ospanov B.K. was sentenced", 0, ["was sentenced"]),
        ("Б.Қ. Оспановқа", 0, []),
        # Kyrgyz "уулу" names and Kyrgyz case endings
        ("Жумабек уулу Талантка", 1, []),
        ("Talant Zhumabek uulu was detained", 1, ["was detained"]),
        # Uzbek: "ўғли" patronymic, Cyrillic and Latin endings
        ("Рахимов Фаррух Ботир ўғли шартнома", 2, ["шартнома"]),
        ("Rahimovga Farruxga", 2, []),
        ("Рахимовни Фаррухни", 2, []),
        # a name stored in Latin found in Cyrillic text
        ("погиб Юсупов Сардор", 3, ["погиб"]),
        # Russian fleeting vowel: Павел → Павла
        ("Лукьянова Павла Сергеевича признать виновным", 4, ["признать виновным"]),
        # Kazakh woman's patronymic in -қызы, in Russian spelling
        ("Нурланова Гульнар Сериккызы", 5, []),
    ],
)
def test_central_asian_latin_initialled_and_declined_names_are_replaced(
    ca_redactor, text, who, rest
):
    person = CENTRAL_ASIAN[who]
    out = ca_redactor.text(text)
    assert shown(ca_redactor, person) in out, out
    terms = Terms()
    for p in CENTRAL_ASIAN[:-1]:
        terms.add_name(p.name)
    assert scan_text(out, terms) == [], out
    assert scan_text(text, terms) != [] or len(text.split()) < 3 or "." in text, text
    for r in rest:
        assert r in out, out


def test_rescan_finds_names_in_any_spelling_and_case(ca_redactor):
    terms = Terms()
    for p in CENTRAL_ASIAN[:-1]:
        terms.add_name(p.name)
    for text, name in [
        ("приговор ОСПАНОВ БЕКЗАТ ҚАЙРАТҰЛЫНА", "Оспанов Бекзат Қайратұлы"),
        ("Bekzat Ospanov's lawyer", "Оспанов Бекзат Қайратұлы"),
        ("Rahimovga Farruxga", "Рахимов Фаррух Ботир ўғли"),
        ("Юсупова Сардора", "Yusupov Sardor"),
    ]:
        assert scan_text(text, terms) == [("name", name)], text
    # a judge is not protected, and a namesake with other initials is not a leak
    assert scan_text("судья Қасымов Ерлан", terms) == []
    assert scan_text("секретарь Оспанов Д.Б.", terms) == []
    assert ca_redactor.text("судья Қасымов Ерлан огласил") == "судья Қасымов Ерлан огласил"
    assert ca_redactor.text("при секретаре Оспанове Д.Б.") == "при секретаре Оспанове Д.Б."
    assert ca_redactor.text("секретарь Д.Б. Оспанов") == "секретарь Д.Б. Оспанов"


def test_officials_named_by_role_keep_their_names_even_with_a_namesakes_initials():
    kim = Person("Ким Виктор Эдуардович", "k-kim", "defendant")
    r = Redactor(load_policy(), [kim])
    for text in ("при секретаре Ким В.Э.", "судья – Ким В.Э.", "прокурора Кима В.Э. огласил"):
        assert r.text(text) == text
    # a defendant's name after a verb, or a full name after a role word, is still replaced
    assert r.text("суд признал Кима В.Э. виновным") == f"суд признал {shown(r, kim)} виновным"
    assert shown(r, kim) in r.text("судья Ким Виктор Эдуардович")


def test_initials_must_be_the_persons_own_and_in_order():
    kim = Person("Ким Виктор Эдуардович", "k-kim", "defendant")
    r = Redactor(load_policy(), [kim])
    assert r.text("при секретаре Ким Е.В., с участием") == "при секретаре Ким Е.В., с участием"
    assert r.text("при секретаре Ким Э.В.") == "при секретаре Ким Э.В."  # the wrong order
    out = r.text("подсудимый Ким В.Э. и В.Э. Ким")
    assert out == f"подсудимый {shown(r, kim)} и {shown(r, kim)}", out
