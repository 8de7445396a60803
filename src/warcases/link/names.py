"""Personal names: parts, order, patronymics, initials, and the keys the linker compares.

``parse_name("АХМЕТОВА Серика Болатовича")`` → surname "Ахметов", given "Серик", patronymic
"Болатович" (father "Болат"); ``name_keys(...)`` → ``surname="ahmetov" given="serik"
patronymic="bolat"``, the same keys as for "Serik Bolatuly Akhmetov" or "Ахметов С.Б." (initials
only). Handles CAPS, ё/е, declined forms, either order, Russian and Turkic patronymics
(-ович/-овна, -улы/-ұлы/-uly, уулу, -кызы/-қызы/-qizi, o‘g‘li) and initials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, NamedTuple

from warcases.link.declension import nominative_tokens
from warcases.link.lexicon import fold_word, lexicon
from warcases.link.translit import is_cyrillic, name_key, skeleton

Order = Literal["auto", "surname_first", "given_first"]

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PUNCT = re.compile(r"[,;:\"«»“”„/\\|№#*+=<>]")
_INITIAL = re.compile(r"^[^\W\d_]{1,2}\.?$")
_AFTER_DOT = re.compile(r"\.(?=[^\W\d_])")
_TRAILING_SOFT = re.compile(r"(й|и|ь|y|i)$")


@dataclass(frozen=True)
class NameParts:
    """A name split into parts, nominative, as written otherwise (ё → е, CAPS → Title)."""

    original: str
    surname: str | None = None
    given: str | None = None
    patronymic: str | None = None
    father: str | None = None  # the father's name the patronymic is made from
    given_initial: str | None = None
    patronymic_initial: str | None = None
    gender: str | None = None  # m | f when the patronymic or given name tells
    extra: tuple[str, ...] = field(default_factory=tuple)  # further given names
    patronymic_as_surname: bool = False  # "Асанбек уулу Нурлан": one word-group is both
    surname_initial: str | None = None  # "Ерлан Ж." (news style): only the surname's initial

    @property
    def display(self) -> str:
        """Surname first, nominative: "Ахметов Серик Болатович" or "Ахметов С.Б."."""
        if self.surname is None and self.surname_initial and self.given:
            return f"{self.given} {self.surname_initial}."  # "Ерлан Ж.", as news write it
        parts = [self.surname or ""]
        parts.append(self.given or (f"{self.given_initial}." if self.given_initial else ""))
        parts.extend(self.extra)
        if self.patronymic_as_surname:
            pass
        elif self.patronymic:
            parts.append(self.patronymic)
        elif self.patronymic_initial:
            parts.append(f"{self.patronymic_initial}.")
        out = " ".join(p for p in parts if p)
        return re.sub(r"(?<=\.) (?=\w\.$)", "", out)


@dataclass(frozen=True)
class NameKeys:
    """Match keys of a name in one common Latin spelling (see ``translit.name_key``)."""

    surname: str
    given: str
    patronymic: str  # key of the father's name
    given_initial: str
    patronymic_initial: str
    gender: str
    given_known: bool = False  # the given name is in knowledge/names/given_names.csv
    patronymic_known: bool = False  # so is the father's name
    surname_initial: str = ""  # first letter of the surname key, or of a surname written as an initial

    @property
    def full(self) -> str:
        return " ".join(k for k in (self.surname, self.given, self.patronymic) if k)

    @property
    def surname_stem(self) -> str:
        return surname_stem(self.surname)

    @property
    def surname_skeleton(self) -> str:
        return skeleton(self.surname)

    @property
    def given_skeleton(self) -> str:
        return skeleton(self.given)

    def match_keys(self) -> frozenset[str]:
        """Keys under which two spellings of one name meet: surname with given name or initial,
        either way round."""
        keys = set()
        if self.surname and self.given:
            keys.add(f"{self.surname}|{self.given}")
            keys.add(f"{self.given}|{self.surname}")
        if self.surname and self.given_initial:
            keys.add(f"{self.surname}|{self.given_initial}.")
        if self.given and self.patronymic and not self.surname:
            keys.add(f"{self.given}|{self.patronymic}")
        return frozenset(keys)


@lru_cache(maxsize=200_000)
def _title(token: str) -> str:
    if token.isupper() or token.islower():
        return "-".join(p[:1].upper() + p[1:].lower() for p in token.split("-"))
    return token


@lru_cache(maxsize=100_000)
def _patronymic_split(token: str) -> tuple[str, str, bool] | None:
    """(father's name, gender, turkic) when ``token`` is a one-word patronymic."""
    w = fold_word(token)
    for suffix, gender, turkic in lexicon().suffixes:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix in ("ич", "ична") and len(w) < 5:
                continue
            return token[: len(token) - len(suffix)], gender, turkic
    return None


class _Unit(NamedTuple):
    text: str
    father: str | None = None
    gender: str | None = None
    turkic: bool = False


def _father_key(father: str) -> str:
    return name_key(_TRAILING_SOFT.sub("", fold_word(father)) or father)


def tokens_of(text: str) -> list[str]:
    """Words of a name: brackets and punctuation dropped, initials split ("С.Б." → "С." "Б.")."""
    text = _BRACKETS.sub(" ", text or "")
    text = text.replace("ё", "е").replace("Ё", "Е")
    text = _AFTER_DOT.sub(". ", text)
    text = _PUNCT.sub(" ", text)
    return [t.strip("-.") + ("." if t.endswith(".") else "") for t in text.split() if t.strip("-.")]


@lru_cache(maxsize=100_000)
def _is_initial(token: str) -> bool:
    return bool(_INITIAL.match(token)) and (token.endswith(".") or len(token) == 1)


@lru_cache(maxsize=200_000)
def parse_name(text: str, order: Order = "auto") -> NameParts:
    """Split a personal name into surname, given name, patronymic and initials."""
    raw = tokens_of(text)
    initials = [t.rstrip(".")[:1].upper() for t in raw if _is_initial(t)]
    initials_last = bool(initials) and all(_is_initial(t) for t in raw[-len(initials):])
    words = [_title(t) for t in raw if not _is_initial(t)]
    if words and is_cyrillic(" ".join(words)):
        words = nominative_tokens(words)
    lex = lexicon()

    # join "Асанбек уулу", "Rustam o‘g‘li", "Серик қызы" into one patronymic unit
    units: list[_Unit] = []
    for w in words:
        g = lex.particle_gender(w)
        if g and units and units[-1].father is None:
            prev = units[-1].text
            units[-1] = _Unit(f"{prev} {w.lower()}", prev, g, True)
        elif g:
            continue  # a particle with nothing before it
        else:
            split = _patronymic_split(w)
            units.append(_Unit(w, *split) if split else _Unit(w))

    # a patronymic never comes first when other words follow ("Бабич Иван" is a surname)
    candidates = [i for i, u in enumerate(units) if u.father is not None and (i > 0 or len(units) == 1)]
    patronymic = father = gender = None
    turkic = False
    rest_units = list(units)
    if candidates:
        strong = [i for i in candidates if not fold_word(units[i].text).endswith(("ьич", "ич", "ична"))
                  or fold_word(units[i].text).endswith(("вич", "вна"))]
        pick = (strong or candidates)[-1]
        patronymic, father, gender, turkic = (
            units[pick].text, units[pick].father, units[pick].gender, units[pick].turkic
        )
        rest_units = units[:pick] + units[pick + 1 :]
    rest = [u.text for u in rest_units]

    surname: str | None = None
    given: str | None = None
    surname_initial: str | None = None
    extra: list[str] = []
    if len(rest) == 1:
        only = rest[0]
        if (len(initials) == 1 and initials_last and patronymic is None and lex.given(only)
                and not lex.surname_like(only)):
            # "Ерлан Ж.", "Ruslan O.": a known given name, then the surname's initial
            given, initials = only, []
            surname_initial = _title(next(t for t in raw if _is_initial(t)).rstrip("."))  # "Zh." kept whole
        elif turkic and not initials and not lex.surname_like(only):
            given = only  # "Talant Zhumabek uulu": the Turkic patronymic stands as the surname
        elif initials or lex.surname_like(only) or not lex.given(only):
            surname = only
        else:
            given = only
    elif len(rest) >= 2:
        scores = []
        latin = not is_cyrillic(" ".join(rest))
        for i, w in enumerate(rest):
            s = 0.0
            s += lex.surname_score(w)
            if lex.given(w):
                s -= 2
            if order == "surname_first" and i == 0:
                s += 1.5
            elif order == "given_first" and i == len(rest) - 1:
                s += 1.5
            elif order == "auto":
                s += 0.5 if (i == len(rest) - 1 if latin else i == 0) else 0
            scores.append(s)
        si = max(range(len(rest)), key=lambda i: (scores[i], -i if not latin else i))
        surname = rest[si]
        others = rest[:si] + rest[si + 1 :]
        given, extra = others[0], others[1:]
        if extra and patronymic is None and len(extra) == 1 and lex.given(extra[0]):
            # "Ахметов Серик Болат": a bare father's name in third place
            patronymic = father = extra[0]
            extra = []
    both = False
    if surname is None and patronymic and turkic:
        surname = patronymic  # "Асанбек уулу Нурлан", "Ерлан Нурланұлы": it stands as the surname
        both = True
    elif patronymic is None and surname:
        unit = next(u for u in rest_units if u.text == surname)
        if unit.turkic:  # the same, surname first: it also names the father
            patronymic, father, gender = unit.text, unit.father, unit.gender
            both = True

    given_initial = (given[:1].upper() if given else None) or (initials[0] if initials else None)
    patr_initial = None
    if patronymic:
        patr_initial = patronymic[:1].upper()
    elif given and initials:
        patr_initial = initials[0]
    elif not given and len(initials) > 1:
        patr_initial = initials[1]
    if gender is None and given:
        known = lex.given(given)
        gender = known.gender if known else None
    return NameParts(
        original=text,
        surname=surname,
        given=given,
        patronymic=patronymic,
        father=father,
        given_initial=given_initial,
        patronymic_initial=patr_initial,
        gender=gender,
        extra=tuple(extra),
        patronymic_as_surname=both,
        surname_initial=surname_initial,
    )


def _surname_key(surname: str | None) -> str:
    if not surname:
        return ""
    lex = lexicon()
    parts = surname.split()
    if len(parts) == 2 and lex.particle_gender(parts[1]):
        return _father_key(parts[0]) + ("uli" if lex.particle_gender(parts[1]) == "m" else "kizi")
    split = _patronymic_split(surname) if len(parts) == 1 else None
    if split and split[2]:  # "Нурланұлы" as a surname: same key as "Нурлан уулу"
        return _father_key(split[0]) + ("uli" if split[1] == "m" else "kizi")
    return name_key(surname)


def given_key(given: str | None) -> str:
    """Key of a given name, spelling variants folded to the canonical name ("Бахтиёр" = "Бахтияр")."""
    if not given:
        return ""
    known = lexicon().given(given)
    return known.key if known else name_key(given)


@lru_cache(maxsize=200_000)
def name_keys(text: str, order: Order = "auto") -> NameKeys:
    """The match keys of a name as written (any script, order, case, declension)."""
    p = parse_name(text, order)
    return keys_of(p)


STEM_ENDINGS = ("kizi", "uli", "ova", "eva", "ina", "ov", "ev", "in")
FEMALE_KEY_ENDINGS = ("ova", "eva", "ina", "skaia", "kizi")
MALE_KEY_ENDINGS = ("ov", "ev", "in", "skii", "uli")


def surname_stem(key: str) -> str:
    """A surname key without its family ending: "asanbekov", "asanbekuli", "asanbekova" → "asanbek"."""
    for ending in STEM_ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= 3:
            return key[: -len(ending)]
    return key


def keys_of(p: NameParts) -> NameKeys:
    lex = lexicon()
    given = given_key(p.given)
    father = _father_key(p.father) if p.father else ""
    father_known = False
    if father:
        known = lex.given(p.father or "")
        if known:
            father = _father_key(known.name)
            father_known = True
    surname = _surname_key(p.surname)
    gender = p.gender or ""
    if not gender and surname:
        gender = "f" if surname.endswith(FEMALE_KEY_ENDINGS) else "m" if surname.endswith(MALE_KEY_ENDINGS) else ""
    return NameKeys(
        surname=surname,
        given=given,
        patronymic=father,
        given_initial=(given[:1] if given else name_key(p.given_initial)[:1]) if (given or p.given_initial) else "",
        patronymic_initial=father[:1] if father else name_key(p.patronymic_initial)[:1],
        gender=gender,
        given_known=bool(p.given and lex.given(p.given)),
        patronymic_known=father_known,
        surname_initial=surname[:1] if surname else name_key(p.surname_initial or "")[:1],
    )


def normalise_name(text: str, order: Order = "auto") -> str:
    """Nominative, surname first, Title case, ё → е: "НЕВОИ Алексея" → "Невоя Алексей"."""
    return parse_name(text, order).display


__all__ = [
    "NameKeys",
    "NameParts",
    "Order",
    "given_key",
    "keys_of",
    "name_keys",
    "normalise_name",
    "parse_name",
    "surname_stem",
    "tokens_of",
]
