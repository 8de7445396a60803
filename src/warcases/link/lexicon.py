"""The name knowledge tables (``knowledge/names/``), loaded once.

- ``patronymics.yaml``: patronymic suffixes and separate particles (-ович, -улы, уулу, кызы, o‘g‘li …)
- ``surnames.yaml``: surname endings, and declined surname endings → nominative
- ``given_names.csv``: given names with gender and spelling variants
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from warcases.link.translit import name_key

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge" / "names"
APOSTROPHES = "ʻʼ'`‘’′´"


_LATIN_PLAIN = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ū": "u", "ı": "i", "ğ": "g", "ş": "s",
                               "ç": "c", "ñ": "n", **{a: "'" for a in APOSTROPHES}})


@lru_cache(maxsize=100_000)
def fold_word(word: str) -> str:
    """Lower case, ё → е, apostrophe look-alikes → ``'``, Latin diacritics dropped (ū → u)."""
    return word.lower().replace("ё", "е").translate(_LATIN_PLAIN)


@dataclass(frozen=True)
class GivenName:
    name: str  # canonical spelling (Cyrillic, nominative)
    gender: str  # m | f
    key: str  # match key of the canonical spelling


@dataclass(frozen=True, eq=False)
class Lexicon:
    suffixes: tuple[tuple[str, str, bool], ...]  # (suffix, gender, turkic), longest first
    male_particles: frozenset[str]
    female_particles: frozenset[str]
    case_endings: dict[str, dict[str, str]]
    surname_endings: tuple[str, ...]
    weak_surname_endings: tuple[str, ...]
    declined_surnames: dict[str, tuple[tuple[str, str], ...]]  # "m"/"f" → (ending, nominative)
    given_by_key: dict[str, GivenName]
    declined_given: dict[str, tuple[GivenName, str, str]]  # declined form → (name, case, nominative)
    oblique_surnames: tuple[tuple[str, str, str], ...] = ()  # (ending, gender, case), longest first
    declined_by_key: dict[str, tuple[GivenName, str, str]] | None = None  # the same, by match key

    def given(self, word: str) -> GivenName | None:
        return _given_lookup(self, word)

    def particle_gender(self, word: str) -> str | None:
        w = fold_word(word)
        if w in self.male_particles:
            return "m"
        if w in self.female_particles:
            return "f"
        return None

    def surname_like(self, word: str) -> bool:
        return self.surname_score(word) > 0

    def surname_score(self, word: str) -> float:
        return _surname_score(self, word)

    def _surname_score(self, word: str) -> float:
        """2 for a strong surname ending (-ов, -ева, -зода), 1 for a weak one (-ин), else 0."""
        w = fold_word(word)
        if len(w) <= 3:
            return 0.0
        if w.endswith(self.surname_endings):
            return 2.0
        return 1.0 if w.endswith(self.weak_surname_endings) else 0.0


@lru_cache(maxsize=200_000)
def _given_lookup(lex: Lexicon, word: str) -> GivenName | None:
    return lex.given_by_key.get(name_key(word))


@lru_cache(maxsize=200_000)
def _surname_score(lex: Lexicon, word: str) -> float:
    return lex._surname_score(word)


def _declensions(name: str, gender: str) -> dict[str, str]:
    """Oblique-case forms of a Cyrillic given name: form → case."""
    low = fold_word(name)
    if not low or not ("а" <= low[0] <= "я" or low[0] in "әғқңөұүһі"):
        return {}
    out: dict[str, str] = {}
    if low.endswith(("а", "я")):
        stem, last = low[:-1], low[-1]
        soft = last == "я" or stem.endswith(("ж", "ш", "ч", "щ", "к", "г", "х"))
        out[stem + ("и" if soft else "ы")] = "gent"
        out[stem + "е"] = "datv"
        out[stem + ("ю" if last == "я" else "у")] = "accs"
        out[stem + ("ей" if last == "я" else "ой")] = "ablt"
        return out
    if gender == "f":
        return {}  # consonant-final female names (Айгерим, Сауле) do not decline
    if low.endswith(("й", "ь")):
        stem = low[:-1]
        out.update({stem + "я": "gent", stem + "ю": "datv", stem + "ем": "ablt", stem + "е": "loct"})
        if low.endswith("ий"):
            out[stem + "и"] = "loct"
        return out
    if low[-1] in "бвгджзклмнпрстфхцчшщқғңһ":
        ablt = "ем" if low[-1] in "жшчщц" else "ом"
        out.update({low + "а": "gent", low + "у": "datv", low + ablt: "ablt", low + "е": "loct"})
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    pat = yaml.safe_load((KNOWLEDGE / "patronymics.yaml").read_text(encoding="utf-8"))
    sur = yaml.safe_load((KNOWLEDGE / "surnames.yaml").read_text(encoding="utf-8"))
    given_by_key: dict[str, GivenName] = {}
    declined: dict[str, tuple[GivenName, str, str]] = {}
    with (KNOWLEDGE / "given_names.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            canonical = GivenName(row["name"], row["gender"], name_key(row["name"]))
            spellings = [row["name"], *filter(None, (row.get("variants") or "").split("|"))]
            for spelling in spellings:
                given_by_key.setdefault(name_key(spelling), canonical)
                for form, case in _declensions(spelling, canonical.gender).items():
                    declined.setdefault(form, (canonical, case, spelling))
    # a declined form that is itself a nominative given name is not evidence of declension
    nominative_keys = set(given_by_key)
    declined = {f: v for f, v in declined.items() if name_key(f) not in nominative_keys}

    def by_length(items) -> tuple[str, ...]:
        return tuple(sorted((fold_word(s) for s in items), key=len, reverse=True))

    return Lexicon(
        suffixes=tuple(
            sorted(
                (
                    (fold_word(sfx), gender, family == "turkic")
                    for family, genders in pat["suffixes"].items()
                    for gender, items in (("m", genders["male"]), ("f", genders["female"]))
                    for sfx in items
                ),
                key=lambda t: -len(t[0]),
            )
        ),
        male_particles=frozenset(fold_word(p) for p in pat["particles"]["male"]),
        female_particles=frozenset(fold_word(p) for p in pat["particles"]["female"]),
        case_endings={g: dict(v) for g, v in pat["case_endings"].items()},
        surname_endings=by_length(sur["endings"]["strong"]),
        weak_surname_endings=by_length(sur["endings"]["weak"]),
        declined_surnames={
            g[0]: tuple(sorted(m.items(), key=lambda kv: -len(kv[0]))) for g, m in sur["declined"].items()
        },
        given_by_key=given_by_key,
        declined_given=declined,
        declined_by_key={name_key(f): v for f, v in sorted(declined.items()) if name_key(f) not in nominative_keys},
        oblique_surnames=tuple(
            sorted(
                ((fold_word(e), str(gc[0]), str(gc[1])) for e, gc in (sur.get("oblique_only") or {}).items()),
                key=lambda t: -len(t[0]),
            )
        ),
    )


__all__ = ["GivenName", "Lexicon", "fold_word", "lexicon"]
