"""Fictional people and noisy records of them, for training the model and for benchmarks.

Nobody here is real: surnames are built from the given-name table plus common endings, and
every record is a fresh draw. A person is written the way sources write people: Cyrillic or
one of the Latin schemes, surname first or last, with a Russian or Turkic patronymic or none,
initials, CAPS, a declined form, a typo; birth as a date, a year or an age at a report date;
region and citizenship sometimes missing. Families share surnames and fathers (hard negatives).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from warcases.link.features import PersonRecord
from warcases.link.lexicon import lexicon
from warcases.link.translit import transliterate

SURNAME_ENDINGS = ("ов", "баев", "беков", "ханов", "алиев", "зода", "ов", "ов")
LATIN_SCHEMES = ("en", "icao", "kk-latin-2021", "kk-latin-2018", "uz-latin")
REGIONS = {
    "KZ": ["kz/akmola", "kz/almaty", "kz/karaganda", "kz/turkestan", "kz/zhambyl", "kz/pavlodar"],
    "KG": ["kg/chuy", "kg/osh-region", "kg/bishkek", "kg/jalal-abad"],
    "UZ": ["uz/andijan", "uz/fergana", "uz/samarkand", "uz/tashkent"],
    "TJ": ["tj/sughd", "tj/khatlon", "tj/dushanbe"],
}


@dataclass(frozen=True)
class Person:
    id: int
    surname: str  # masculine Cyrillic surname of the family
    given: str
    father: str
    gender: str
    birth: str  # ISO date
    country: str
    region: str


@lru_cache(maxsize=1)
def _names() -> tuple[list[str], list[str], dict[str, list[str]]]:
    lex = lexicon()
    male, female, variants = set(), set(), {}
    for _key, g in lex.given_by_key.items():
        (male if g.gender == "m" else female).add(g.name)
    for _key, g in lex.given_by_key.items():
        variants.setdefault(g.name, [])
    male_list, female_list = sorted(male), sorted(female)
    random.Random(0).shuffle(male_list)  # the order of popularity for the Zipf draws
    random.Random(0).shuffle(female_list)
    return male_list, female_list, variants


@lru_cache(maxsize=8)
def _zipf_weights(n: int) -> list[float]:
    total, out = 0.0, []
    for rank in range(n):
        total += 1.0 / (rank + 10)
        out.append(total)
    return out


def _zipf(rng: random.Random, items: list[str]) -> str:
    """Names are Zipf-distributed: the commonest given name about 3 % of men, a long tail."""
    return rng.choices(items, cum_weights=_zipf_weights(len(items)))[0]


def _surname(rng: random.Random, male: list[str]) -> str:
    root = _zipf(rng, male)
    ending = rng.choice(SURNAME_ENDINGS)
    if root[-1] in "аяйьие" and ending == "ов":
        root = root[:-1]
        ending = "ев" if root[-1:] in "иь" else "ов"
    return root + ending


def synthetic_people(n: int, seed: int = 0, family_rate: float = 0.15) -> list[Person]:
    """``n`` fictional people; about ``family_rate`` of them are siblings of the one before."""
    rng = random.Random(seed)
    male, female, _ = _names()
    people: list[Person] = []
    for i in range(n):
        if people and rng.random() < family_rate:
            sib = people[-1]
            surname, father, country, region = sib.surname, sib.father, sib.country, sib.region
            year = int(sib.birth[:4]) + (0 if rng.random() < 0.1 else rng.randint(-8, 8))  # some twins
        else:
            surname, father = _surname(rng, male), _zipf(rng, male)
            country = rng.choice(list(REGIONS))
            if country == "KG" and rng.random() < 0.4:
                surname = _russified(father)  # Kyrgyz: the family name made from the father's
            region = rng.choice(REGIONS[country])
            year = rng.randint(1960, 2005)
        gender = "f" if rng.random() < 0.1 else "m"
        given = _zipf(rng, female if gender == "f" else male)
        birth = f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        people.append(Person(i, surname, given, father, gender, birth, country, region))
    return people


def _russified(father: str) -> str:
    return (father[:-1] if father[-1] in "йьаяие" else father) + "ов"


def _feminine(surname: str) -> str:
    return surname + "а" if surname.endswith(("ов", "ев", "ин")) else surname


def _patronymic(p: Person, rng: random.Random) -> str:
    father = p.father
    r = rng.random()
    if r < 0.55:
        stem = father[:-1] if father[-1] in "йь" else father
        sfx = ("евич" if father[-1] in "йь" else "ович") if p.gender == "m" else (
            "евна" if father[-1] in "йь" else "овна"
        )
        return stem + sfx
    if r < 0.75:
        return father + ("улы" if p.gender == "m" else "кызы")
    if r < 0.85:
        return father + (" уулу" if p.gender == "m" else " кызы")
    return father + (" угли" if p.gender == "m" else " кизи")


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.random()
    if op < 0.4:
        return word[:i] + word[i + 1 :]
    if op < 0.7:
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _genitive(word: str) -> str:
    if word[-1] in "йь":
        return word[:-1] + "я"
    if word[-1] in "ая":
        return word
    return word + "а"


def noisy_record(p: Person, rid: str, rng: random.Random, report_year: int = 2025) -> PersonRecord:
    """One record of ``p`` as some source might write it."""
    _, _, variants = _names()
    surname = _feminine(p.surname) if p.gender == "f" else p.surname
    given = p.given
    if rng.random() < 0.1:
        alt = [v for v in variants.get(given, []) if any("а" <= c <= "я" for c in v.lower())]
        given = rng.choice(alt) if alt else given
    patronymic = _patronymic(p, rng) if rng.random() < 0.7 else ""
    if rng.random() < 0.08:
        surname = _typo(surname, rng)
    elif rng.random() < 0.05:
        given = _typo(given, rng)
    if p.gender == "m" and rng.random() < 0.08 and " " not in patronymic:
        surname, given = _genitive(surname), _genitive(given)
        patronymic = patronymic + "а" if patronymic.endswith("вич") else patronymic
    if rng.random() < 0.1:
        given = given[0] + "."
        patronymic = patronymic[0] + "." if patronymic else ""
    if p.country == "KG" and p.surname == _russified(p.father) and rng.random() < 0.4:
        surname = p.father + (" уулу" if p.gender == "m" else " кызы")  # "Асанбек уулу Нурлан"
        patronymic = ""
    words = [surname, given] + ([patronymic] if patronymic else [])
    abbreviated = rng.random() < 0.03 and not given.endswith(".")
    if abbreviated:
        words = [given, surname[0] + "."]  # as news write it: "Ерлан Ж."
    name = " ".join(words)
    if rng.random() < 0.35:
        name = transliterate(name, rng.choice(LATIN_SCHEMES))
        if rng.random() < 0.5 and not given.endswith(".") and " " not in surname and not abbreviated:
            name = " ".join(name.split()[1:] + name.split()[:1])
    if rng.random() < 0.1:
        name = name.upper()
    r = rng.random()
    birth_date = birth_year = age = report = None
    if r < 0.4:
        birth_date = p.birth
    elif r < 0.7:
        birth_year = int(p.birth[:4]) + (rng.choice((-1, 1)) if rng.random() < 0.04 else 0)
    elif r < 0.85:
        report = f"{report_year}-{rng.randint(1, 12):02d}-15"
        age = report_year - int(p.birth[:4]) - rng.randint(0, 1)
    return PersonRecord(
        id=rid,
        name=name,
        kind="synthetic",
        birth_date=birth_date,
        birth_year=birth_year,
        age=age,
        report_date=report,
        region=p.region if rng.random() < 0.6 else (rng.choice(REGIONS[p.country]) if rng.random() < 0.05 else None),
        citizenship=[p.country] if rng.random() < 0.7 else [],
    )


def synthetic_records(
    n_records: int, seed: int = 0, copies: tuple[int, ...] = (1, 1, 1, 2, 2, 3)
) -> tuple[list[PersonRecord], dict[str, int]]:
    """About ``n_records`` records of fictional people, each person 1–3 times; and the truth
    (record id → person id)."""
    rng = random.Random(seed + 1)
    mean = sum(copies) / len(copies)
    people = synthetic_people(int(n_records / mean) + 1, seed)
    records: list[PersonRecord] = []
    truth: dict[str, int] = {}
    for p in people:
        for _ in range(rng.choice(copies)):
            if len(records) >= n_records:
                return records, truth
            rid = f"s{len(records)}"
            records.append(noisy_record(p, rid, rng))
            truth[rid] = p.id
    return records, truth


__all__ = ["Person", "noisy_record", "synthetic_people", "synthetic_records"]
