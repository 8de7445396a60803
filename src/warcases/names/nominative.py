"""Personal names as a verdict declines them, back to the nominative.

A verdict names a defendant in whatever case its sentence needs: «признать Жаксылыкова Ерлана
Сериковича виновным» (accusative, which for men is the genitive form), «назначить Сейткалиеву
Арману» (dative), «совершение Бекетовым А.Ж.» (instrumental). Every token of the name proposes
readings — (gender, case, nominative, weight) — from suffix rules and, for given names and
patronymics, from pymorphy3; the (gender, case) the whole name agrees on best wins and each
token takes its nominative under that reading. Surnames pymorphy3 does not know (Turkic -ов/-ев,
-бек, -баев, noun-like «Невоя») are covered by the rules; Turkic patronymic particles
(улы/ұлы/уулу/оглы/кызы/қызы) never decline.

The suffix tables below are Russian grammar (declension endings), not domain lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
GENDERS = ("m", "f")

# A token that cannot take the chosen reading counts against it.
_PENALTY = -4.0
_MALE_PRIOR = 0.1

# Turkic patronymic particles, written as a separate word («Ахмет улы», «Жумабек уулу») or
# glued to the father's name («Серикулы», «Нұрланұлы», «Серікқызы»).
_MALE_PARTICLES = frozenset({"улы", "ұлы", "уулу", "оглы", "оглу", "угли", "ўғли", "уғли"})
_FEMALE_PARTICLES = frozenset({"кызы", "қызы", "гызы", "кизи", "қизи"})
_PARTICLES = _MALE_PARTICLES | _FEMALE_PARTICLES
_GLUED_MALE = re.compile(r"(?:улы|ұлы|уулу|оглы|оглу|угли|ўғли|уғли)$")
_GLUED_FEMALE = re.compile(r"(?:кызы|қызы|гызы|кизи|қизи)$")

_RU_PATR_MALE = re.compile(r"^(?P<stem>.+ич)(?P<end>|а|у|ем|е)$")
_RU_PATR_FEMALE = re.compile(r"^(?P<stem>.+[вч]н)(?P<end>а|ы|е|у|ой)$")
_PATR_MALE_CASES = {"": ("nomn",), "а": ("gent", "accs"), "у": ("datv",), "ем": ("ablt",), "е": ("loct",)}
_PATR_FEMALE_CASES = {"а": ("nomn",), "ы": ("gent",), "е": ("datv", "loct"), "у": ("accs",), "ой": ("ablt",)}

_CONS = "бвгджзклмнпрстфхцчшщңғқһ"  # «й» declines apart
_VOWELS = "аеёиоуыэюяәөүұі"
_INITIAL = re.compile(r"^[^\W\d_]\.$")
_TOKEN = re.compile(r"[^\W\d_]\.|[^\W\d_][\w'’\-]*")

# Reverse declension rules: (observed-token regex, nominative suffix, gender, cases, weight).
# The regex must capture the stem in group 1; the nominative is stem + suffix.
_Rule = tuple[re.Pattern[str], str, str, tuple[str, ...], float]


def _rules(rows: Iterable[tuple[str, str, str, str, float]]) -> list[_Rule]:
    return [(re.compile(p), suffix, g, tuple(cases.split()), w) for p, suffix, g, cases, w in rows]


_POSS = "(?:ов|ев|ёв|ин|ын)"
_SURNAME_RULES = _rules(
    [
        # possessive surnames: Жаксылыков, Исаев, Путин / Абдрахманова
        (rf"^(.+{_POSS})$", "", "m", "nomn", 2.0),
        (rf"^(.+{_POSS})а$", "", "m", "gent accs", 2.0),
        (rf"^(.+{_POSS})у$", "", "m", "datv", 2.0),
        (rf"^(.+{_POSS})ым$", "", "m", "ablt", 2.0),
        (rf"^(.+{_POSS})е$", "", "m", "loct", 2.0),
        (rf"^(.+{_POSS})а$", "а", "f", "nomn", 2.0),
        (rf"^(.+{_POSS})ой$", "а", "f", "gent datv ablt loct", 2.0),
        (rf"^(.+{_POSS})у$", "а", "f", "accs", 2.0),
        # adjectival surnames: Ковальский / Ковальская
        (r"^(.+[сц]к)(?:ий|ой)$", "ий", "m", "nomn", 2.0),
        (r"^(.+[сц]к)ого$", "ий", "m", "gent accs", 2.0),
        (r"^(.+[сц]к)ому$", "ий", "m", "datv", 2.0),
        (r"^(.+[сц]к)им$", "ий", "m", "ablt", 2.0),
        (r"^(.+[сц]к)ом$", "ий", "m", "loct", 2.0),
        (r"^(.+[сц]к)ая$", "ая", "f", "nomn", 2.0),
        (r"^(.+[сц]к)ой$", "ая", "f", "gent datv ablt loct", 2.0),
        (r"^(.+[сц]к)ую$", "ая", "f", "accs", 2.0),
        (r"^(.+)(?:ый|ой)$", "", "m", "nomn", 0.5),
        # men's surnames declined like nouns: Ким, Шевчук, Төлеген, Нурлыбек
        (rf"^(.+[{_CONS}])$", "", "m", "nomn", 1.0),
        (rf"^(.+[{_CONS}])а$", "", "m", "gent accs", 1.0),
        (rf"^(.+[{_CONS}])у$", "", "m", "datv", 1.0),
        (rf"^(.+[{_CONS}])ом$", "", "m", "ablt", 1.0),
        (r"^(.+[жшчщц])ем$", "", "m", "ablt", 1.0),
        (rf"^(.+[{_CONS}])е$", "", "m", "loct", 1.0),
        (rf"^(.+[{_VOWELS}])й$", "й", "m", "nomn", 0.5),
        (rf"^(.+[{_VOWELS}])я$", "й", "m", "gent accs", 1.0),
        (rf"^(.+[{_VOWELS}])ю$", "й", "m", "datv", 1.0),
        (rf"^(.+[{_VOWELS}])ем$", "й", "m", "ablt", 1.0),
        (rf"^(.+[{_CONS}])ь$", "ь", "m", "nomn", 1.0),
        (rf"^(.+[{_CONS}])я$", "ь", "m", "gent accs", 1.0),
        (rf"^(.+[{_CONS}])ю$", "ь", "m", "datv", 1.0),
        (rf"^(.+[{_CONS}])ем$", "ь", "m", "ablt", 1.0),
        # surnames in -а/-я, both genders: Невоя, Гамза
        (r"^(.+)а$", "а", "m", "nomn", 0.5),
        (r"^(.+)я$", "я", "m", "nomn", 0.5),
        (r"^(.+)а$", "а", "f", "nomn", 1.0),
        (r"^(.+)я$", "я", "f", "nomn", 1.0),
        (r"^(.+)ы$", "а", "mf", "gent", 1.0),
        (r"^(.+[гкхжшщч])и$", "а", "mf", "gent", 1.0),
        (r"^(.+[^гкхжшщч])и$", "я", "mf", "gent", 1.0),
        (r"^(.+)у$", "а", "mf", "accs", 0.5),
        (r"^(.+)ю$", "я", "mf", "accs", 0.5),
        (r"^(.+)ой$", "а", "mf", "ablt", 0.5),
        (r"^(.+)ей$", "я", "mf", "ablt", 0.5),
        (r"^(.+[^иь])е$", "а", "mf", "datv loct", 0.5),
        # Tajik and Iranian surnames in -зода/-заде never decline: Рахимзода, Назарзода
        (r"^(.+(?:зода|заде|зада|zoda|zade))$", "", "mf", "nomn gent datv accs ablt loct", 3.0),
        # a Turkic surname without a Russian suffix is often left undeclined in a Russian
        # text («Кудайберген Ермека Серикулы»): a weak reading beside the declined one
        (rf"^(?!.*{_POSS}$)(.+[{_CONS}])$", "", "m", "gent datv accs ablt loct", 0.6),
        (r"^(.+[аоуеыәөүұ]й)$", "", "m", "gent datv accs ablt loct", 0.6),
        # -али (the name Али closing a Turkic surname: Сейткали, Нурали) is a nominative
        (r"^(.+али)$", "", "mf", "nomn gent datv accs ablt loct", 1.5),
        # women's surnames ending in a consonant do not decline: Ким, Шевчук
        (rf"^(.+[{_CONS}ь])$", "", "f", "nomn gent datv accs ablt loct", 1.0),
        # vowel-final and -ых/-их surnames do not decline: Мирошниченко, Черных, Невои
        (r"^(.+[оеэиыуюәөүұі])$", "", "mf", "nomn gent datv accs ablt loct", 0.5),
        (r"^(.+[ыи]х)$", "", "mf", "nomn gent datv accs ablt loct", 1.5),
    ]
)

_GIVEN_RULES = _rules(
    [
        (rf"^(.+[{_CONS}])$", "", "m", "nomn", 1.0),
        (rf"^(.+[{_CONS}])а$", "", "m", "gent accs", 1.0),
        (rf"^(.+[{_CONS}])у$", "", "m", "datv", 1.0),
        (rf"^(.+[{_CONS}])ом$", "", "m", "ablt", 1.0),
        (r"^(.+[жшчщц])ем$", "", "m", "ablt", 1.0),
        (rf"^(.+[{_CONS}])е$", "", "m", "loct", 1.0),
        (rf"^(.+[{_VOWELS}])й$", "й", "m", "nomn", 1.0),
        (rf"^(.+[{_VOWELS}])я$", "й", "m", "gent accs", 1.0),
        (rf"^(.+[{_VOWELS}])ю$", "й", "m", "datv", 1.0),
        (rf"^(.+[{_VOWELS}])ем$", "й", "m", "ablt", 1.0),
        (rf"^(.+[{_VOWELS}])е$", "й", "m", "loct", 1.0),
        (r"^(.+)а$", "а", "m", "nomn", 0.5),
        (r"^(.+)а$", "а", "f", "nomn", 1.0),
        (r"^(.+)я$", "я", "f", "nomn", 1.0),
        (r"^(.+)ы$", "а", "mf", "gent", 1.0),
        (r"^(.+[гкхжшщч])и$", "а", "f", "gent", 1.0),
        (rf"^(.+[ь{_VOWELS}])и$", "я", "f", "gent", 1.0),
        (rf"^(.+[{_CONS}])и$", "я", "f", "gent", 0.4),
        (r"^(.+)у$", "а", "f", "accs", 1.0),
        (r"^(.+)ю$", "я", "f", "accs", 1.0),
        (r"^(.+)ой$", "а", "f", "ablt", 1.0),
        (r"^(.+)ей$", "я", "f", "ablt", 1.0),
        (r"^(.+[иь])е$", "я", "f", "datv loct", 1.0),
        (r"^(.+[^иь])е$", "а", "f", "datv loct", 1.0),
        # women's names ending in a consonant or -и do not decline: Айгерим, Гүлнар, Айпери
        (rf"^(.+[{_CONS}ь])$", "", "f", "nomn gent datv accs ablt loct", 1.0),
        (r"^(.+[иеоуәөүұі])$", "", "mf", "nomn gent datv accs ablt loct", 0.5),
    ]
)


@dataclass(frozen=True)
class Reading:
    gender: str  # "m" | "f"
    case: str
    nominative: str  # lower case
    weight: float


@dataclass(frozen=True)
class _Part:
    text: str  # as written
    role: str  # surname | given | patronymic | particle | initial


_MORPH: Any = None


def _morph() -> Any:
    """One pymorphy3 analyser per process, built on first use."""
    global _MORPH
    if _MORPH is None:
        import pymorphy3

        _MORPH = pymorphy3.MorphAnalyzer()
    return _MORPH


# --- splitting ---------------------------------------------------------------------------


def _tokens(name: str) -> list[str]:
    return _TOKEN.findall(name)


def _is_particle(token: str) -> bool:
    return token.lower() in _PARTICLES


def _is_ru_patronymic(token: str) -> bool:
    low = token.lower()
    return bool(_RU_PATR_MALE.match(low) or _RU_PATR_FEMALE.match(low))


def _parts(name: str) -> list[_Part]:
    toks = _tokens(name)
    if not toks:
        return []
    words = [t for t in toks if not _INITIAL.match(t)]
    if not words:
        return [_Part(t, "initial") for t in toks]
    if len(toks) == 3 and _is_ru_patronymic(toks[1]) and not _patronymic_gender(toks[2]):
        # «Мария Ивановна Петрова»: given name and patronymic first
        return [_Part(toks[2], "surname"), _Part(toks[0], "given"), _Part(toks[1], "patronymic")]
    if _INITIAL.match(toks[0]):
        # «Е.С. Жаксылыков»: initials first, surname last
        return [_Part(t, "initial") for t in toks if _INITIAL.match(t)] + [
            _Part(" ".join(words), "surname")
        ]
    parts: list[_Part] = []
    i = 0
    if len(toks) > 2 and _is_particle(toks[1]):
        # «Жумабек уулу Талант»: the father's name with its particle stands as the surname
        parts.append(_Part(f"{toks[0]} {toks[1]}", "particle"))
        i = 2
    else:
        parts.append(_Part(toks[0], "surname"))
        i = 1
    rest = toks[i:]
    if not rest:
        return parts
    if _INITIAL.match(rest[0]):
        return parts + [_Part(t, "initial" if _INITIAL.match(t) else "patronymic") for t in rest]
    parts.append(_Part(rest[0], "given"))
    tail = rest[1:]
    if not tail:
        return parts
    if len(tail) >= 2 and _is_particle(tail[-1]):
        # «Ахмет улы»: the father's name stays as written
        return parts + [_Part(" ".join(tail), "particle")]
    if len(tail) == 1 and _is_particle(tail[0]):
        return parts + [_Part(tail[0], "particle")]
    return parts + [_Part(t, "initial" if _INITIAL.match(t) else "patronymic") for t in tail]


def split_name(name: str) -> tuple[str, str, str | None]:
    """(surname, given name, patronymic or None), as written; initials count as names.

    «Жаксылыков Ерлан Серикович» → ("Жаксылыков", "Ерлан", "Серикович");
    «Есенов Дархан Ахмет улы» → ("Есенов", "Дархан", "Ахмет улы");
    «Жумабек уулу Талант» → ("Жумабек уулу", "Талант", None);
    «Жаксылыков Е.С.» → ("Жаксылыков", "Е.", "С."); «А.Х.» → ("", "А.", "Х.").
    """
    parts = _parts(name)
    if not parts:
        return "", "", None
    if all(p.role == "initial" for p in parts):
        rest = " ".join(p.text for p in parts[1:]) or None
        return "", parts[0].text, rest
    surname_parts = [p for p in parts if p.role == "surname"]
    if parts[0].role == "particle":
        surname_parts = [parts[0]]
    surname = surname_parts[0].text if surname_parts else ""
    others = [p for p in parts if p is not (surname_parts[0] if surname_parts else None)]
    given = others[0].text if others else ""
    tail = " ".join(p.text for p in others[1:])
    return surname, given, tail or None


def is_initials(name: str) -> bool:
    """True when the given name (and patronymic) are initials only: «Жаксылыков Е.С.», «А.Х.»."""
    toks = _tokens(name)
    if not toks or not any(_INITIAL.match(t) for t in toks):
        return False
    words = [t for t in toks if not _INITIAL.match(t)]
    return len(words) <= 1


# --- gender ------------------------------------------------------------------------------


def _patronymic_gender(token: str) -> str | None:
    low = token.lower()
    last = low.split()[-1].split("-")[-1]
    if last in _MALE_PARTICLES or _GLUED_MALE.search(low) or _RU_PATR_MALE.match(low):
        return "m"
    if last in _FEMALE_PARTICLES or _GLUED_FEMALE.search(low) or _RU_PATR_FEMALE.match(low):
        return "f"
    return None


def name_gender(name: str) -> str | None:
    """"m"/"f" from the patronymic (-ович, -улы, уулу, -овна, -кызы …), else from the given
    name when pymorphy3 knows it for one gender only; None when the name does not tell."""
    parts = _parts(name)
    for p in parts:
        if p.role in ("patronymic", "particle"):
            g = _patronymic_gender(p.text)
            if g:
                return g
    for p in parts:
        if p.role == "given":
            genders = {r.gender for r in _pymorphy_readings(p.text.lower(), "Name") if r.case == "nomn"}
            if len(genders) == 1:
                return genders.pop()
    return None


# --- readings ----------------------------------------------------------------------------


def _rule_readings(low: str, rules: list[_Rule]) -> list[Reading]:
    out: list[Reading] = []
    for rx, suffix, genders, cases, weight in rules:
        m = rx.match(low)
        if not m:
            continue
        nom = m.group(1) + suffix
        for g in genders:
            for c in cases:
                out.append(Reading(g, c, nom, weight))
    return out


@lru_cache(maxsize=20000)
def _pymorphy_readings(low: str, grammeme: str) -> tuple[Reading, ...]:
    out: list[Reading] = []
    for p in _morph().parse(low):
        tag = p.tag
        if grammeme not in tag and not ("Fixd" in tag and "anim" in tag):
            continue
        if tag.number == "plur":
            continue
        genders = {"masc": "m", "femn": "f"}.get(str(tag.gender), "mf") if tag.gender else "mf"
        nom = p.normal_form
        if grammeme == "Patr" and "femn" in tag:
            inflected = p.inflect({"nomn"})
            nom = inflected.word if inflected else nom
        weight = 2.0 if p.is_known else 1.0  # a guess from the word's ending counts less
        for g in genders:
            out.append(Reading(g, str(tag.case), nom, weight))
    return tuple(out)


@lru_cache(maxsize=20000)
def _readings(low: str, role: str) -> tuple[Reading, ...]:
    if role == "patronymic":
        return tuple(_patronymic_readings(low))
    if role == "given":
        return tuple(_rule_readings(low, _GIVEN_RULES)) + _pymorphy_readings(low, "Name")
    readings = _rule_readings(low, _SURNAME_RULES)
    if low.endswith(("зода", "zoda")) and low[:-1] in known_given_names():
        # «Шерзода А.»: the genitive of the given name Шерзод, not a surname in -зода
        readings = [r for r in readings if r.nominative != low]
    return tuple(readings)


@lru_cache(maxsize=1)
def known_given_names() -> frozenset[str]:
    """knowledge/names/given_names.csv: every name and spelling variant, lower-case."""
    from warcases.knowledge import load_csv

    out: set[str] = set()
    for row in load_csv("names/given_names"):
        out.add(row["name"].lower())
        out.update(v.lower() for v in (row.get("variants") or "").split("|") if v)
    return frozenset(out)


def _patronymic_readings(low: str) -> list[Reading]:
    g = _patronymic_gender(low)
    if g and (low.split("-")[-1] in _PARTICLES or (_GLUED_MALE.search(low) or _GLUED_FEMALE.search(low))):
        return [Reading(g, c, low, 0.0) for c in CASES]
    m = _RU_PATR_MALE.match(low)
    if m:
        return [Reading("m", c, m["stem"], 3.0) for c in _PATR_MALE_CASES[m["end"]]]
    m = _RU_PATR_FEMALE.match(low)
    if m:
        return [Reading("f", c, m["stem"] + "а", 3.0) for c in _PATR_FEMALE_CASES[m["end"]]]
    return [Reading(g, c, low, 0.0) for g in GENDERS for c in CASES]


def _token_readings(text: str, role: str) -> list[list[Reading]]:
    """Readings for each hyphen part of a token that declines (given names: the last part)."""
    pieces = text.lower().split("-")
    if any(p in _PARTICLES for p in pieces):
        return [[Reading(g, c, text.lower(), 0.0) for g in GENDERS for c in CASES]]
    if role == "given" and len(pieces) > 1:
        return [list(_readings(pieces[-1], role))]
    return [list(_readings(p, role)) for p in pieces]


def _best(readings: list[Reading], gender: str, case: str) -> Reading | None:
    best: Reading | None = None
    for r in readings:
        if r.gender == gender and r.case == case and (best is None or r.weight > best.weight):
            best = r
    return best


# --- output ------------------------------------------------------------------------------


def _restore_case(original: str, nominative: str) -> str:
    """Title case from CAPS (or lower case) per hyphen part; otherwise keep the writer's casing
    of the shared stem. Never introduce «ё» the writer did not use."""
    if "ё" not in original.lower():
        nominative = nominative.replace("ё", "е")
    if original.isupper() or original.islower():
        return "-".join(p[:1].upper() + p[1:] for p in nominative.split("-"))
    k = 0
    while k < min(len(original), len(nominative)) and original[k].lower() == nominative[k]:
        k += 1
    return original[:k] + nominative[k:]


def _particle_case(text: str) -> str:
    """«ЖУМАБЕК УУЛУ» → «Жумабек уулу»: names title-cased, particles lower case."""
    words = text.split()
    out = []
    for w in words:
        if w.lower() in _PARTICLES:
            out.append(w.lower())
        elif w.isupper() or w.islower():
            out.append(_restore_case(w, w.lower()))
        else:
            out.append(w)
    return " ".join(out)


def to_nominative(name: str, gender: str | None = None) -> str:
    """A declined personal name in the nominative, surname first as written.

    «МИРОШНИЧЕНКО ПЕТРА ИЛЬИЧА» → «Мирошниченко Петр Ильич»;
    «Абдрахмановой Айгерим Нурлановны» → «Абдрахманова Айгерим Нурлановна»;
    «Невои Алексея» → «Невоя Алексей»; «Токтогулова Бакыта уулу» → «Токтогулов Бакыт уулу».
    ``gender`` ("m"/"f") comes from the surrounding text when the name alone cannot tell
    («подсудимая», «родилась»); initials are kept as written.
    """
    parts = _parts(name)
    if not parts:
        return name.strip()
    if gender not in GENDERS:
        gender = None
        for p in parts:
            if p.role in ("patronymic", "particle"):
                gender = _patronymic_gender(p.text) or gender
    declinable = [(i, p) for i, p in enumerate(parts) if p.role in ("surname", "given", "patronymic")]
    per_part = {i: _token_readings(p.text, p.role) for i, p in declinable}
    genders = (gender,) if gender else GENDERS
    best_score = float("-inf")
    choice = (genders[0], "nomn")
    for g in genders:
        for c in CASES:
            score = _MALE_PRIOR if g == "m" else 0.0
            for pieces in per_part.values():
                for readings in pieces:
                    r = _best(readings, g, c)
                    score += r.weight if r else _PENALTY
            if score > best_score + 1e-9:
                best_score, choice = score, (g, c)
    out: list[str] = []
    for i, p in enumerate(parts):
        if p.role == "initial":
            if out and out[-1].endswith("."):
                out[-1] += _initials_gap(name) + p.text
            else:
                out.append(p.text)
            continue
        if p.role == "particle" or any(x in _PARTICLES for x in p.text.lower().split("-")):
            out.append(_particle_case(p.text))
            continue
        pieces = p.text.split("-")
        readings = per_part[i]
        if len(readings) != len(pieces):  # given name: only the last part declines
            readings = [[] for _ in pieces[:-1]] + readings
        new = []
        for piece, rs in zip(pieces, readings):
            r = _best(rs, *choice) if rs else None
            new.append(_restore_case(piece, r.nominative) if r else _restore_case(piece, piece.lower()))
        out.append("-".join(new))
    return " ".join(out)


def _initials_gap(name: str) -> str:
    """The characters between the first two initials, to keep «Е.С.» or «Е. С.» as written."""
    m = re.search(r"[^\W\d_]\.(\s*)[^\W\d_]\.", name)
    return m.group(1) if m else ""
