"""Names: parts, order, declension, patronymics and their Turkic forms, initials, CAPS, ё."""

from __future__ import annotations

import pytest

from warcases.link.names import name_keys, normalise_name, parse_name

# written form → nominative, surname first
NORMALISED = [
    ("Невои Алексея", "Невоя Алексей"),
    ("АХМЕТОВА Серика Болатовича", "Ахметов Серик Болатович"),
    ("Жаксылыкову Ерлану Нурлановичу", "Жаксылыков Ерлан Нурланович"),
    ("Ахметовой Гульнары Серикбаевны", "Ахметова Гульнара Серикбаевна"),
    ("Ахметова Сауле", "Ахметова Сауле"),  # a woman's nominative, not a declined man
    ("Хамраеву Отабеку", "Хамраев Отабек"),
    ("Серик Ахметов", "Ахметов Серик"),
    ("Serik Bolatuly Akhmetov", "Akhmetov Serik Bolatuly"),
    ("С.Б. Ахметов", "Ахметов С.Б."),
    ("Семёнов Пётр Фёдорович", "Семенов Петр Федорович"),
    ("ЖАКСЫЛЫКОВ ЕРЛАН", "Жаксылыков Ерлан"),
    ("Асанбек уулу Нурлан", "Асанбек уулу Нурлан"),
    ("Nurlan Asanbek uulu", "Asanbek uulu Nurlan"),
    ("Иван Петрович Бабич", "Бабич Иван Петрович"),
    # the surname's ending alone shows the case when the given name is in no table
    ("Каримову Фаррухжону Шавкатовичу", "Каримов Фаррухжон Шавкатович"),
    ("Сапаровым Ильясом", "Сапаров Ильяс"),
    ("Ахметову Айгуль", "Ахметова Айгуль"),  # a woman's accusative: Айгуль does not decline
    ("Ахметовой Сауле", "Ахметова Сауле"),
    ("Бакирова Руслана Маратовича", "Бакиров Руслан Маратович"),  # not the woman's name Руслана
    ("Шарипова Ҷамшеда", "Шарипов Ҷамшед"),  # Tajik letters kept
    ("Talant Zhumabek uulu", "Zhumabek uulu Talant"),
    ("Ерлан Ж.", "Ерлан Ж."),  # news style: the surname as its initial
]


@pytest.mark.parametrize(("written", "expected"), NORMALISED)
def test_normalise_name(written, expected):
    assert normalise_name(written) == expected


# spellings of one man → the same (surname, given, father) keys
SAME_PERSON = [
    ["Ахметов Серик Болатович", "Akhmetov Serik Bolatovich", "Ахметов Серик Болатұлы",
     "Serik Bolatuly Akhmetov", "Ахметов Серик Болат улы", "АХМЕТОВА СЕРИКА БОЛАТОВИЧА"],
    ["Рахимов Бахтиёр Рустамович", "Rahimov Baxtiyor Rustam o‘g‘li", "Рахимов Бахтиёр Рустам угли",
     "Rakhimov Bakhtiyor Rustamovich", "Рахимов Бахтияр Рустамович"],
    ["Асанбек уулу Нурлан", "Nurlan Asanbek uulu", "Асанбек уулу Нурлана"],
    ["Жақсылықов Ерғали Нұрланұлы", "Jaqsylyqov Erğali Nūrlanūly", "Zhaksylykov Yergali Nurlanovich"],
]


@pytest.mark.parametrize("spellings", SAME_PERSON, ids=lambda s: s[0])
def test_spellings_of_one_person_share_keys(spellings):
    keys = {(k.surname, k.given, k.patronymic) for k in map(name_keys, spellings)}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("name", "surname", "given_initial", "patronymic_initial"),
    [("Ахметов С.Б.", "ahmetov", "s", "b"), ("Ахметов С. Б.", "ahmetov", "s", "b"),
     ("Ivanov I.", "ivanov", "i", ""), ("А.Х. Ахметов", "ahmetov", "a", "h")],
)
def test_initials(name, surname, given_initial, patronymic_initial):
    k = name_keys(name)
    assert (k.surname, k.given, k.given_initial, k.patronymic_initial) == (
        surname, "", given_initial, patronymic_initial)


@pytest.mark.parametrize(
    ("name", "gender"),
    [("Алиева Дильноза Рустамовна", "f"), ("Alieva Dilnoza Rustam qizi", "f"), ("Сапарбек кызы Айжан", "f"),
     ("Алиев Руслан", "m"), ("Ахметова Сауле", "f")],
)
def test_gender_from_patronymic_given_name_or_surname(name, gender):
    assert name_keys(name).gender == gender


def test_turkic_patronymic_standing_as_surname_is_both():
    p = parse_name("Ерлан Нурланұлы")
    assert p.surname == "Нурланұлы" and p.given == "Ерлан" and p.father == "Нурлан"
    assert name_keys("Ерлан Нурланұлы").surname == name_keys("Нурлан уулу Ерлан").surname


def test_a_patronymic_never_comes_first():
    p = parse_name("Бабич Иван")
    assert (p.surname, p.given, p.patronymic) == ("Бабич", "Иван", None)


def test_match_keys_meet_whatever_the_order():
    a, b = name_keys("Серик Ахметов"), name_keys("Ахметов С.")
    assert "ahmetov|serik" in a.match_keys() and "ahmetov|s." in b.match_keys()
    assert a.match_keys() == name_keys("Ахметов Серик").match_keys()


def test_empty_or_punctuation_only_names_give_empty_keys():
    for text in ("", "  ", "—", "(скрыто)"):
        k = name_keys(text)
        assert (k.surname, k.given) == ("", "")


@pytest.mark.parametrize(
    ("name", "given", "surname_initial"),
    [("Ерлан Ж.", "erlan", "j"), ("Yerlan Zh.", "erlan", "j"), ("Ruslan O.", "ruslan", "o"),
     ("Ахметов С.", "", "a")],
)
def test_a_surname_written_as_its_initial(name, given, surname_initial):
    k = name_keys(name)
    assert (k.given, k.surname_initial) == (given, surname_initial)
    if given:
        assert k.surname == ""  # not a surname "Ерлан"


@pytest.mark.parametrize(
    "spellings",
    [["Серикқызы Айжан", "Айжан Серикқызы", "Aizhan Serikqyzy"],
     ["Жумабек уулу Талант", "Talant Zhumabek uulu", "ЖУМАБЕК УУЛУ ТАЛАНТА"],
     ["Шарипов Джамшед", "Шарипов Ҷамшед", "Sharipov Jamshed", "Sharipov Dzhamshed", "Шарипова Ҷамшеда"]],
    ids=lambda s: s[0],
)
def test_more_spellings_share_keys(spellings):
    keys = {(k.surname, k.given, k.patronymic) for k in map(name_keys, spellings)}
    assert len(keys) == 1, keys
