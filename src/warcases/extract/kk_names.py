"""Kazakh personal names in the nominative: remove the noun-case ending a verdict or a report
puts on the last word of a name, and undo CAPS.

"Сәрсенбаев Ерболат Нұрланұлына" → "Сәрсенбаев Ерболат Нұрланұлы" (dative after a patronymic),
"Жақсылықов Ерланды" → "Жақсылықов Ерлан" (accusative), "ОСПАНОВ БЕКЗАТ ҚАЙРАТҰЛЫНА" →
"Оспанов Бекзат Қайратұлы", "Сәрсенбаев Е.Н.-ның" → "Сәрсенбаев Е.Н.". Kazakh spelling is kept:
only the ending goes. In Kazakh only the last word of a name phrase takes the ending, so only
the last word is touched. The endings and the sounds they follow are data
(knowledge/verdict_kk.yaml, section ``names``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from warcases.knowledge import load_yaml

_INITIALS_TAIL = re.compile(r"^((?:[^\W\d_]{1,2}\.){1,3})(?:-?[^\W\d_]+)?$")


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    return load_yaml("verdict_kk")["names"]


def title_token(token: str) -> str:
    """ "ҚАЙРАТҰЛЫ" → "Қайратұлы", "АХМЕД-ОГЛЫ" → "Ахмед-Оглы"; mixed case is left alone."""
    if len(token) > 1 and token.isupper():
        return "-".join(p[:1].upper() + p[1:].lower() for p in token.split("-"))
    return token


def _sound(letter: str, letters: dict[str, str]) -> str | None:
    for kind, chars in letters.items():
        if letter in chars:
            return kind
    return None


def strip_case(word: str, cases: list[str] | None = None) -> str:
    """The word without its case ending; the word itself when no ending fits."""
    rules = _rules()
    low = word.lower()
    every_suffix = {s for group in rules["cases"].values() for s in group}
    for markers, tails in (
        (rules["patronymic_markers"], set(rules["possessive_endings"])),
        (rules["russian_patronymic_markers"], every_suffix | set(rules["possessive_endings"])),
    ):
        for marker in markers:
            i = low.rfind(marker)
            if i > 0 and (low[i + len(marker) :] in tails or i + len(marker) == len(low)):
                return word[: i + len(marker)]
    m = _INITIALS_TAIL.match(word)
    if m and "." in word:
        return m.group(1)
    wanted = cases or rules["default_cases"]
    suffixes = sorted({s for c in wanted for s in rules["cases"].get(c, [])}, key=len, reverse=True)
    for suffix in suffixes:
        if not low.endswith(suffix) or len(low) - len(suffix) < 3:
            continue
        stem = low[: -len(suffix)]
        kind = _sound(stem[-1], rules["letters"])
        if kind in rules["after"].get(suffix, []):
            return word[: len(stem)]
    return word


def kk_nominative(name: str, cases: list[str] | None = None) -> str:
    """A Kazakh name phrase in the nominative, CAPS undone, the last word's ending removed.

    ``cases`` names the grammatical cases the context allows ("accusative" after «кінәлі деп
    танып»); by default genitive, accusative and dative are tried.
    """
    tokens = [title_token(t) for t in name.split()]
    if not tokens:
        return name
    tokens[-1] = strip_case(tokens[-1], cases)
    return " ".join(tokens)


def has_patronymic(name: str) -> bool:
    low = name.lower()
    rules = _rules()
    return any(m in low for m in rules["patronymic_markers"] + rules["russian_patronymic_markers"])
