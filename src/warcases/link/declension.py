"""Declined Russian name forms → nominative ("Невои Алексея" → "Невоя Алексей").

The project's ``warcases.names.to_nominative`` does this for the whole pipeline; the linker
calls it when it is installed and the name looks declined. This module decides *whether* a
name is declined (from the given name or patronymic, whose forms are unambiguous, never
from a surname such as "Ахметова", which may be a woman's nominative) and carries a small
rule-based fallback for surnames pymorphy3 does not know.
"""

from __future__ import annotations

import re
from functools import lru_cache

from warcases.link.lexicon import fold_word, lexicon
from warcases.link.translit import name_key

PATRONYMIC_MALE = re.compile(r"(ович|евич|ьевич)(а|у|ем|е)$")
PATRONYMIC_FEMALE = re.compile(r"(овн|евн|ьевн|ичн)(ы|е|ой|у)$")
CASE_OF_MALE_ENDING = {"а": "gent", "у": "datv", "ем": "ablt", "е": "loct"}
CASE_OF_FEMALE_ENDING = {"ы": "gent", "е": "datv", "ой": "ablt", "у": "accs"}
OBLIQUE_LAST = frozenset("аяуюмйеиы")
OBLIQUE_ENDING = re.compile(r"(а|я|у|ю|ом|ем|ём|е|ой|ей|ы|и)$")
GENITIVE_VOWEL_SURNAME = (("ои", "оя"), ("аи", "ая"), ("еи", "ея"))
NON_RUSSIAN = re.compile("[ҷҳқғӯӣўәөүұңіһ]")
CONSONANT_END = re.compile("[бвгджзклмнпрстфхцчшщқғңһҷҳ]$")
# how a given name no table knows declines, once the case is known from elsewhere:
# masculine consonant stems take an ending ("Фаррухжон-у"), feminine -а names change it
GIVEN_ENDINGS = {
    "m": {"gent": ("а",), "datv": ("у",), "ablt": ("ом", "ем"), "loct": ("е",), "accs": ("а",)},
    "f": {"gent": ("ы", "и"), "datv": ("ы", "и", "ой", "ей"), "ablt": ("ой", "ей"), "accs": ("у",)},
}


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=100_000)
def _lexicon_case(word: str) -> tuple[str, str, str] | None:
    """(nominative, gender, case) when ``word`` is an oblique form of a given name we list."""
    lex = lexicon()
    if lex.given(word):
        return None  # a nominative given name
    hit = lex.declined_given.get(fold_word(word))
    if hit is None and NON_RUSSIAN.search(word.lower()):  # "Ҷамшеда" = "Джамшеда" (Tajik, Kazakh letters)
        hit = (lex.declined_by_key or {}).get(name_key(word))
    if hit:
        name, case, spelling = hit
        return spelling, name.gender, case
    return None


@lru_cache(maxsize=50_000)
def _given_case(word: str) -> tuple[str, str, str] | None:
    """(nominative, gender, case) when ``word`` is an oblique form of a given name."""
    lex = lexicon()
    if lex.given(word):
        return None
    hit = _lexicon_case(word)
    if hit:
        return hit
    w = fold_word(word)
    if not OBLIQUE_ENDING.search(w) or not re.fullmatch(r"[а-я]+", w) or lex.surname_like(word):
        return None
    parses = [
        p
        for p in _morph().parse(w)
        if "Name" in p.tag and p.tag.number == "sing" and type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
    ]
    if not parses or any(p.tag.case == "nomn" for p in parses):
        return None
    best = parses[0]
    gender = "f" if best.tag.gender == "femn" else "m"
    return best.normal_form.capitalize(), gender, str(best.tag.case)


@lru_cache(maxsize=100_000)
def _patronymic_case(word: str) -> tuple[str, str, str] | None:
    w = fold_word(word)
    m = PATRONYMIC_MALE.search(w)
    if m:
        return word[: len(word) - len(m.group(2))], "m", CASE_OF_MALE_ENDING[m.group(2)]
    m = PATRONYMIC_FEMALE.search(w)
    if m:
        return word[: len(word) - len(m.group(2))] + "а", "f", CASE_OF_FEMALE_ENDING[m.group(2)]
    return None


def _surname_nominative(word: str, gender: str, case: str) -> tuple[str, bool]:
    """The nominative of a declined surname, and whether a rule was sure of it."""
    w = fold_word(word)
    for ending, nominative in lexicon().declined_surnames.get(gender, ()):
        if w.endswith(ending) and len(w) > len(ending) + 1:
            return _recase(word, word[: len(word) - len(ending)] + nominative), True
    if gender == "m" and case == "gent":
        for ending, nominative in GENITIVE_VOWEL_SURNAME:
            if w.endswith(ending):
                return _recase(word, word[: len(word) - len(ending)] + nominative), True
    if w.endswith(("улы", "ұлы", "уулу", "кызы", "қызы", "зода", "заде", "енко", "ко", "о", "у", "ю", "и", "э")):
        return word, True  # indeclinable
    return word, False


def _recase(original: str, new: str) -> str:
    return new[:1].upper() + new[1:] if original[:1].isupper() else new


def declined_case(tokens: list[str]) -> tuple[str, str] | None:
    """(gender, case) when the name is in an oblique case, judged by patronymic or given name."""
    if not any(t[-1:].lower() in OBLIQUE_LAST for t in tokens):
        return None  # no word ends as an oblique case can (-а, -у, -ем, -ой, -е, -ы, -и …)
    for tok in tokens:
        hit = _patronymic_case(tok)
        if hit:  # a declined patronymic decides, even when the given name reads as another
            return hit[1], hit[2]  # nominative name ("Дилшода" is a woman's name and Дилшод's genitive)
    lex = lexicon()
    for tok in tokens:  # a surname ending no nominative has ("Каримову", "Сапаровым")
        w = fold_word(tok)
        hit = next(((g, c) for e, g, c in lex.oblique_surnames if w.endswith(e) and len(w) > len(e) + 2), None)
        if hit:
            known = [lex.given(t) or (_lexicon_case(t) or (None, None))[1] for t in tokens if t is not tok]
            gender = next((k if isinstance(k, str) else k.gender for k in known if k), hit[0])
            if gender != hit[0]:
                return gender, "accs" if w.endswith("у") else "gent"
            return hit
    # a father's name before уулу/кызы never declines; any other given name in the
    # nominative means the whole name is
    fathers = {i for i in range(len(tokens) - 1) if lex.particle_gender(tokens[i + 1])}
    if any(lex.given(tok) for i, tok in enumerate(tokens) if i not in fathers):
        return None
    for finder in (_lexicon_case, _given_case):
        for tok in tokens:
            given = finder(tok)
            if given:
                return given[1], given[2]
    return None


def _external():
    try:
        from warcases.names import to_nominative  # written by the grammar stage
    except ImportError:
        return None
    return to_nominative


def _by_rules(tokens: list[str], gender: str, case: str) -> tuple[list[str], bool]:
    out: list[str] = []
    sure = True
    lex = lexicon()
    listed = any(_lexicon_case(tok) for tok in tokens)
    for tok in tokens:
        patr = _patronymic_case(tok)
        given = None if patr else (_lexicon_case(tok) if listed else _given_case(tok))
        if patr:
            out.append(patr[0])
        elif given:  # a Tajik or Kazakh spelling keeps its letters: "Ҷамшеда" → "Ҷамшед"
            own = _given_stem(tok, gender, case) if NON_RUSSIAN.search(tok.lower()) else None
            out.append(own or _recase(tok, given[0]))
        elif lex.particle_gender(tok) or (
            (known := lex.given(tok)) and known.gender == gender and not lex.surname_like(tok)
        ):
            out.append(tok)  # a particle, or a given name in the nominative ("Ахметовой Сауле")
        else:
            word, known = _surname_nominative(tok, gender, case)
            if word == tok and not lex.given(tok) and not lex.surname_like(tok):
                stem = _given_stem(tok, gender, case)
                if stem:
                    word, known = stem, True
            out.append(word)
            sure = sure and known
    return out, sure


def _given_stem(word: str, gender: str, case: str) -> str | None:
    """The nominative of a declined given name no table knows ("Фаррухжону" → "Фаррухжон")."""
    w = fold_word(word)
    for ending in GIVEN_ENDINGS.get(gender, {}).get(case, ()):
        stem = word[: len(word) - len(ending)]
        if w.endswith(ending) and len(stem) >= 3 and CONSONANT_END.search(stem.lower()):
            return stem if gender == "m" else stem + "а"
    return None


def nominative_tokens(tokens: list[str]) -> list[str]:
    """The tokens of a name in the nominative; unchanged when the name is not declined.

    Surnames with a regular ending (-ова → -ов, -ского → -ский, Невои → Невоя) are done by the
    rules in ``knowledge/names/surnames.yaml``; a name with a surname the rules do not know goes
    to ``warcases.names.to_nominative`` (slower: pymorphy3 readings of every word)."""
    found = declined_case(tokens)
    if not found:
        return tokens
    gender, case = found
    out, sure = _by_rules(tokens, gender, case)
    if sure:
        return out
    external = _external()
    if external is not None:
        try:
            result = external(" ".join(tokens), gender)
        except Exception:  # noqa: BLE001 - a failure there must not stop linking
            result = None
        if result and len(result.split()) == len(tokens):
            return result.split()
    return out


__all__ = ["declined_case", "nominative_tokens"]
