"""People named in a news report: full names, a given name with a surname initial («Ерлан Ж.»,
"Ruslan O."), initials only («А.Х.», "I.Sh."), and later mentions by surname («Исаков»).

Names come back in the nominative, surname first where the report gives a surname («Нурбека
Исакова» → "Исаков Нурбек", "Sardor Yusupov" → "Yusupov Sardor"); a given name with an initial
stays in the report's order («Ерлану Ж.» → "Ерлан Ж."); initials are kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from warcases.extract.kk_names import kk_nominative
from warcases.extract.news_lexicon import knowledge
from warcases.names.nominative import known_given_names

UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎ"
LO = "a-zа-яёәғқңөұүһіў"
_CAP_WORD = rf"[{UP}][{LO}]+(?:-[{UP}{LO}][{LO}]+)?"
_INITIAL = rf"[{UP}][{LO}]?\."
# «А.Х.», "I.Sh.", «Е.Б.-ға»
_INITIALS_ONLY = re.compile(
    rf"(?<![\w.])({_INITIAL}\s?{_INITIAL}(?:\s?{_INITIAL})?)(?:-[{LO}]+)?(?![\w])"
)
# «Ерлан Ж.», "Ruslan O.", «Ерболат С.-ны»
_GIVEN_INITIAL = re.compile(
    rf"(?<![\w.])({_CAP_WORD})\s([{UP}]\.)(?!\s?[{UP}][{LO}]?\.)(?:-[{LO}]+)?"
)


@dataclass
class Person:
    name: str  # as it goes on the card
    key: str
    surname_key: str  # lower-case stem used to find later mentions ("" for initials)
    start: int
    end: int
    initials: bool = False


def _cfg() -> dict:
    return knowledge("news")


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    return frozenset(w.lower() for w in _cfg().get("not_names", []))


@lru_cache(maxsize=1)
def _surname_re() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(_cfg()["surname_endings"]) + ")$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    return frozenset(_cfg()["name_particles"])


@lru_cache(maxsize=1)
def _full_re() -> re.Pattern[str]:
    """Two to four capitalised words, or words with a Turkic particle («Zhumabek uulu»)."""
    particles = "|".join(re.escape(p) for p in sorted(_particles(), key=len, reverse=True))
    return re.compile(
        rf"(?<![\w.])({_CAP_WORD}(?:\s+(?:{_CAP_WORD}|{particles})){{1,3}})(?![\w])"
    )


@lru_cache(maxsize=1)
def morph() -> Any:
    """One pymorphy3 analyser for the news extractor, built on first use."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _plausible_given(word: str, language: str, initial: bool = True) -> bool:
    """A capitalised word that can be a given name. Mid-sentence capitals are proper nouns
    already; a word opening a sentence must be a known given name or unknown to the Russian
    dictionary (Kazakh, Kyrgyz, Uzbek names are)."""
    low = word.lower()
    if low in _not_names() or len(low) < 3:
        return False
    if language == "en" or not re.match(r"[А-ЯЁа-яё]", word) or not initial:
        return True
    for p in morph().parse(low):
        if "Name" in p.tag:
            return True
    return not morph().word_is_known(low) or low.endswith(("бек", "жан", "гуль", "гүл", "бай"))


_GIVEN_CASE_ENDINGS = ("а", "у", "ом", "е", "ым", "ем", "я", "ю")


def _known_given(word: str, language: str) -> bool:
    """A given name of knowledge/names/given_names.csv, in a Russian report also declined
    («Бекзата», «Шерзоду»)."""
    low = word.lower()
    given = known_given_names()
    if low in given:
        return True
    if language != "ru":
        return False
    for end in _GIVEN_CASE_ENDINGS:
        if low.endswith(end) and len(low) > len(end) + 2:
            stem = low[: -len(end)]
            if stem in given or (end in ("я", "ю", "ем") and stem + "й" in given):
                return True
    return False


def _looks_surname(word: str) -> bool:
    return bool(_surname_re().search(word)) and word.lower() not in _not_names()


def _is_place(word: str) -> bool:
    from warcases.extract.news_places import region_of

    return region_of(word) is not None


def _nominative(name: str, language: str, gender: str | None) -> str:
    if language == "en":
        return name
    if language == "kk":
        return kk_nominative(name)
    from warcases.names import to_nominative

    return to_nominative(name, gender)


def _surname_first(tokens: list[str]) -> list[str]:
    """Put the surname first: "Sardor Yusupov" → "Yusupov Sardor", "Talant Zhumabek uulu" →
    "Zhumabek uulu Talant"; a name already surname-first is left alone."""
    parts = _particles()
    if len(tokens) >= 3 and tokens[-1].lower() in parts:
        return tokens[-2:] + tokens[:-2]
    if len(tokens) >= 2 and _looks_surname(tokens[-1]) and not _looks_surname(tokens[0]):
        return [tokens[-1]] + tokens[:-1]
    return tokens


def find_mentions(
    text: str, start: int, end: int, language: str, gender: str | None = None
) -> list[Person]:
    """People first named in ``text[start:end]`` (not yet resolved against each other)."""
    out: list[Person] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in _INITIALS_ONLY.finditer(text, start, end):
        raw = m.group(1)
        if raw.replace(" ", "").lower() in _not_names():
            continue
        name = raw
        out.append(Person(name, name.replace(" ", "").lower(), "", m.start(1), m.end(1), True))
        taken.append((m.start(), m.end()))
    for m in _GIVEN_INITIAL.finditer(text, start, end):
        given = m.group(1)
        initial = not text[start : m.start()].strip(" «\"'“„-–—")
        if (
            not free(m.start(), m.end())
            or not _plausible_given(given, language, initial)
            or _is_place(given)
        ):
            continue
        nominative = _nominative(f"{given} {m.group(2)}", language, gender)
        out.append(Person(nominative, nominative.lower(), "", m.start(1), m.end(2), True))
        taken.append((m.start(), m.end()))
    for m in _full_re().finditer(text, start, end):
        if not free(m.start(), m.end()):
            continue
        found = _best_window(text, m, start, language, gender)
        if found is None:
            continue
        name, key, s, e = found
        out.append(Person(name, name.lower(), key, s, e))
        taken.append((s, e))
    return sorted(out, key=lambda p: p.start)


def _best_window(
    text: str, m: re.Match[str], sentence_start: int, language: str, gender: str | None
) -> tuple[str, str, int, int] | None:
    """The name inside a run of capitalised words («Житель Актобе Нурсултан Ермеков» →
    «Нурсултан Ермеков»): the leftmost, longest window of two to four words that reads as one."""
    words = list(re.finditer(r"\S+", m.group(1)))
    base = m.start(1)
    for i in range(len(words) - 1):
        for j in range(len(words), i + 1, -1):
            tokens = [w.group() for w in words[i:j]]
            s = base + words[i].start()
            initial = not text[sentence_start:s].strip(" «\"'“„-–—")
            person = _full_name(tokens, language, gender, initial)
            if person is not None and len(person[0].split()) == len(tokens):
                return person[0], person[1], s, base + words[j - 1].end()
    return None


def _full_name(
    tokens: list[str], language: str, gender: str | None, initial: bool = True
) -> tuple[str, str] | None:
    parts = _particles()
    # trim capitalised non-name words at either end («Суд Нурбека Исакова», «Исаков Москве»)
    while tokens and tokens[0].lower() in _not_names():
        tokens = tokens[1:]
    while tokens and tokens[-1].lower() in _not_names():
        tokens = tokens[:-1]
    if len(tokens) < 2:
        return None
    has_particle = any(t.lower() in parts for t in tokens)
    surnames = [t for t in tokens if _looks_surname(t)]
    if len(surnames) > 1:
        # «Шерзода Рахимзода»: a known given name that happens to end like a surname
        plain = [t for t in surnames if not _known_given(t, language)]
        if plain:
            surnames = plain
    if not surnames and not has_particle:
        # "Daniyar Seitkali", «Бекзата Сейткали»: a known given name (declined in a Russian
        # report), then a surname without a Russian ending, which does not decline
        if (
            language in ("en", "ru")
            and len(tokens) == 2
            and _known_given(tokens[0], language)
            and not _known_given(tokens[1], language)
            and len(tokens[1]) >= 4
            and tokens[1].lower() not in _not_names()
            and not _is_place(tokens[1])
            and (language == "en" or not morph().word_is_known(tokens[1].lower()))
        ):
            if language == "en":
                name = f"{tokens[1]} {tokens[0]}"
            else:
                name = _nominative(f"{tokens[1]} {tokens[0]}", language, gender)
            return name, tokens[1].lower()[: max(4, len(tokens[1]) - 1)]
        return None
    others = [t for t in tokens if t not in surnames and t.lower() not in parts]
    if any(
        not _plausible_given(t, language, initial and t == tokens[0]) or _is_place(t)
        for t in others
    ):
        return None
    if any(_is_place(t) for t in surnames):
        return None
    ordered = _surname_first(tokens)
    if len(tokens) == 2 and surnames == [tokens[1]] and ordered == tokens:
        ordered = [tokens[1], tokens[0]]
    name = _nominative(" ".join(ordered), language, gender)
    first = name.split()[0]
    key = first.lower()[: max(4, len(first) - 2)]
    return name, key


def find_later_mentions(
    text: str, people: list[Person], start: int, end: int
) -> list[tuple[int, int, int]]:
    """(person index, start, end) of every mention of known people in ``text[start:end]``:
    surname stems for full names, the initials for initials."""
    out: list[tuple[int, int, int]] = []
    for i, p in enumerate(people):
        if p.surname_key:
            pat = re.compile(r"(?<![\w])" + re.escape(p.surname_key) + r"[\w-]*", re.IGNORECASE)
        else:
            pieces = [re.escape(x) for x in re.findall(r"\S+", p.name)]
            if not pieces:
                continue
            if p.initials and not p.name.replace(" ", "").replace(".", "").isupper():
                # «Ерлан Ж.»: the given name in any case form, then the initial
                given, initial = p.name.split()[0], p.name.split()[-1]
                stem = re.escape(given[: max(3, len(given) - 2)])
                pat = re.compile(
                    rf"(?<![\w]){stem}[\w]*\s{re.escape(initial)}(?:-[{LO}]+)?", re.IGNORECASE
                )
            else:
                body = r"\.\s?".join(re.escape(x) for x in p.name.replace(" ", "").split(".") if x)
                pat = re.compile(rf"(?<![\w.]){body}\.(?:-[{LO}]+)?")
        for m in pat.finditer(text, start, end):
            out.append((i, m.start(), m.end()))
    return sorted(out, key=lambda t: t[1])


@lru_cache(maxsize=1)
def _age_res() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    cfg = _cfg()
    return (
        [re.compile(p, re.IGNORECASE) for p in cfg["age_patterns"]],
        [re.compile(p, re.IGNORECASE) for p in cfg["age_after_name"]],
    )


def find_ages(
    text: str, start: int, end: int, name_ends: list[int] = ()
) -> list[tuple[int, int, int]]:
    """(age, start, end) of ages in ``text[start:end]``: «34-летний», "aged 34", «34 жастағы»,
    and «А.Х., 27 лет» / "Yusupov, 29," right after a name ending at one of ``name_ends``."""
    general, after_name = _age_res()
    out: list[tuple[int, int, int]] = []
    for pat in general:
        for m in pat.finditer(text, start, end):
            out.append((int(m.group(1)), m.start(), m.end()))
    for pos in name_ends:
        if not start <= pos <= end:
            continue
        window = text[pos : min(end, pos + 24)]
        for pat in after_name:
            m = pat.match(window)
            if m:
                out.append((int(m.group(1)), pos + m.start(), pos + m.end()))
                break
    ages = [a for a in out if 14 <= a[0] <= 90]
    return sorted(set(ages), key=lambda t: t[1])
