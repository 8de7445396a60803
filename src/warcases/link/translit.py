"""Transliteration between Cyrillic and the Latin spellings of Central Asian names, and the match key.

``transliterate("Жақсылықов", "kk-latin-2021")`` → ``"Jaqsylyqov"``; ``to_cyrillic("Zhaksylykov")``
→ ``"Жаксылыков"``; ``name_key`` folds every spelling of a name part to one plain Latin string so
"Жаксылыков" = "Zhaksylykov" = "Jaqsylyqov" = "ЖАҚСЫЛЫҚОВ". The tables live in
``knowledge/translit/`` (schemes.yaml, to_cyrillic.yaml, key.yaml).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge" / "translit"
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
WORD = re.compile(r"[^\W\d_]+(?:['ʻʼ`‘’][^\W\d_]+)*", re.UNICODE)


class TranslitError(ValueError):
    """An unknown scheme or an unreadable table."""


def _load(name: str) -> dict[str, Any]:
    path = KNOWLEDGE / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:  # pragma: no cover - packaging error
        raise TranslitError(f"transliteration table missing: {path}") from exc


@dataclass(frozen=True)
class Scheme:
    name: str
    description: str
    letters: dict[str, str]
    initial: dict[str, str]
    after_vowel: dict[str, str]
    icu: str | None = None


@lru_cache(maxsize=1)
def schemes() -> dict[str, Scheme]:
    """Every Cyrillic → Latin scheme by name (icao, en, kk-latin-2021, kk-latin-2018, uz-latin, bgn)."""
    data = _load("schemes.yaml")
    raw = data["schemes"]
    out: dict[str, Scheme] = {}

    def letters_of(name: str) -> dict[str, str]:
        spec = raw[name]
        base = letters_of(spec["fallback"]) if spec.get("fallback") else {}
        return {**base, **(spec.get("letters") or {})}

    for name, spec in raw.items():
        out[name] = Scheme(
            name=name,
            description=spec.get("description", ""),
            letters=letters_of(name) if "letters" in spec else {},
            initial=dict(spec.get("initial") or {}),
            after_vowel=dict(spec.get("after_vowel") or {}),
            icu=spec.get("icu"),
        )
    return out


@lru_cache(maxsize=1)
def _vowels() -> frozenset[str]:
    return frozenset(_load("schemes.yaml")["vowels"])


def _restore_case(original: str, latin: str) -> str:
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return latin.upper()
    if original[:1].isupper():
        return latin[:1].upper() + latin[1:]
    return latin


@lru_cache(maxsize=4)
def _icu(rule: str):
    import icu  # pyicu-wheels; imported lazily, only the bgn scheme needs it

    return icu.Transliterator.createInstance(rule)


def transliterate(text: str, scheme: str = "en") -> str:
    """Cyrillic → Latin in ``scheme``; Latin and other characters pass through unchanged."""
    try:
        spec = schemes()[scheme]
    except KeyError as exc:
        raise TranslitError(f"unknown scheme {scheme!r}; known: {', '.join(schemes())}") from exc
    if spec.icu:
        return _icu(spec.icu).transliterate(text)
    vowels = _vowels()

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        out: list[str] = []
        prev = ""
        for ch in w:
            low = ch.lower()
            if low in spec.letters:
                if not prev and low in spec.initial:
                    piece = spec.initial[low]
                elif prev and (prev in vowels or prev in "ъь") and low in spec.after_vowel:
                    piece = spec.after_vowel[low]
                else:
                    piece = spec.letters[low]
            else:
                piece = low
            out.append(piece)
            prev = low
        return _restore_case(w, "".join(out))

    return WORD.sub(word, text)


@dataclass(frozen=True)
class _Reverse:
    pairs: tuple[tuple[str, str], ...]
    y_rule: str | None
    i_after_vowel: str | None
    initial_e: str | None


@lru_cache(maxsize=1)
def _reverse() -> dict[str, _Reverse]:
    data = _load("to_cyrillic.yaml")["schemes"]
    out = {}
    for name, spec in data.items():
        pairs = tuple(sorted(((str(a), str(b)) for a, b in spec["pairs"]), key=lambda p: -len(p[0])))
        out[name] = _Reverse(pairs, spec.get("y_rule"), spec.get("i_after_vowel"), spec.get("initial_e"))
    out["icao"] = out["en"]
    return out


LATIN_VOWELS = frozenset("aeiouäöüūıy")


def to_cyrillic(text: str, scheme: str = "en") -> str:
    """Latin → Cyrillic: ``en``/``icao`` give Russian spelling, ``kk-latin-2021`` Kazakh, ``uz-latin`` Uzbek."""
    try:
        spec = _reverse()[scheme]
    except KeyError as exc:
        raise TranslitError(
            f"no Latin → Cyrillic table for {scheme!r}; known: {', '.join(_reverse())}"
        ) from exc

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        low = re.sub("['`‘’′´ʼ]", "ʻ", w.lower()) if scheme == "uz-latin" else w.lower()
        out: list[str] = []
        i = 0
        while i < len(low):
            prev = low[i - 1] if i else ""
            ch = low[i]
            if spec.y_rule == "russian" and ch == "y" and low[i + 1 : i + 2] not in ("u", "a", "o", "e"):
                out.append("й" if prev in LATIN_VOWELS else "ы")
                i += 1
                continue
            if spec.i_after_vowel and ch == "i" and prev in LATIN_VOWELS and low[i + 1 : i + 2] not in (
                "a", "u", "o"
            ):
                out.append(spec.i_after_vowel)
                i += 1
                continue
            if spec.initial_e and ch == "e" and not prev:
                out.append(spec.initial_e)
                i += 1
                continue
            for lat, cyr in spec.pairs:
                if low.startswith(lat, i):
                    out.append(cyr)
                    i += len(lat)
                    break
            else:
                out.append(ch)
                i += 1
        return _restore_case(w, "".join(out))

    return WORD.sub(word, text)


# ----------------------------------------------------------------------------- the match key


@dataclass(frozen=True)
class _KeyTables:
    cyrillic: dict[int, str]  # str.translate table for Cyrillic runs
    latin: dict[int, str]  # str.translate table for Latin runs: apostrophes, diacritics, silent marks
    rules: re.Pattern[str]
    replacements: dict[str, str]
    clusters: tuple[tuple[str, str], ...] = ()  # Cyrillic letter pairs read as one letter first


@lru_cache(maxsize=1)
def _key_tables() -> _KeyTables:
    data = _load("key.yaml")
    rules = [(str(a), str(b)) for a, b in data["rules"]]
    pattern = re.compile("|".join(re.escape(a) for a, _ in rules))
    silent = {m: "" for m in data["silent"]}
    cyrillic = {k: str(v) for k, v in data["cyrillic"].items()}
    latin = {a: "'" for a in data["apostrophes"]}
    latin.update({k: str(v) for k, v in data["latin_letters"].items()})
    return _KeyTables(
        cyrillic=str.maketrans({**cyrillic, **silent, "-": " "}),
        latin=str.maketrans({**latin, **silent, "-": " "}),
        rules=pattern,
        replacements=dict(rules),
        clusters=tuple((str(a), str(b)) for a, b in (data.get("cyrillic_clusters") or {}).items()),
    )


_REPEAT = re.compile(r"(.)\1+")
_NOT_KEY = re.compile(r"[^a-z ]+")
_SCRIPT_RUNS = re.compile(r"[\u0400-\u04FF]+|[^\u0400-\u04FF]+")


def _cyrillic_key(run: str, t: _KeyTables) -> str:
    for cluster, letter in t.clusters:
        run = run.replace(cluster, letter)
    return run.translate(t.cyrillic)


def _latin_key(run: str, t: _KeyTables) -> str:
    s = run.translate(t.latin)
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
    return t.rules.sub(lambda m: t.replacements[m.group(0)], s)


@lru_cache(maxsize=200_000)
def text_key(text: str) -> str:
    """The match key of a text, word by word: ``"Жақсылықов Ерғали"`` → ``"jaksilikov ergali"``.

    Cyrillic is mapped letter by letter; Latin goes through the digraph rules (zh, kh, sh, ch,
    ts, o‘, g‘ …). The two are kept apart so a Cyrillic cluster such as «зх» is not read as a
    Latin digraph.
    """
    t = _key_tables()
    low = text.lower()
    parts = [
        _cyrillic_key(run, t) if "\u0400" <= run[0] <= "\u04ff" else _latin_key(run, t)
        for run in _SCRIPT_RUNS.findall(low)
    ]
    s = _NOT_KEY.sub("", "".join(parts)).replace("shsh", "sh")
    s = _REPEAT.sub(r"\1", s)
    return " ".join(s.split())


@lru_cache(maxsize=200_000)
def name_key(part: str | None) -> str:
    """The match key of one name part, spaces and hyphens removed; '' for nothing."""
    if not part:
        return ""
    return text_key(part).replace(" ", "")


_SKELETON_DROP = re.compile(r"[aeiou]")


@lru_cache(maxsize=200_000)
def skeleton(key: str, length: int = 5) -> str:
    """A coarse phonetic code of a key for blocking: first letter plus the next consonants."""
    if not key:
        return ""
    rest = _REPEAT.sub(r"\1", _SKELETON_DROP.sub("", key[1:]))
    return (key[0] + rest)[:length]


@lru_cache(maxsize=200_000)
def consonants(key: str) -> str:
    """A key without its vowels after the first letter: "kurbanov" = "kurbonov" → "krbnv"."""
    if not key:
        return ""
    return _REPEAT.sub(r"\1", key[0] + _SKELETON_DROP.sub("", key[1:]))


def is_cyrillic(text: str) -> bool:
    return bool(CYRILLIC.search(text or ""))


SCHEMES = ("icao", "en", "kk-latin-2021", "kk-latin-2018", "uz-latin", "bgn")

__all__ = [
    "SCHEMES",
    "TranslitError",
    "consonants",
    "is_cyrillic",
    "name_key",
    "schemes",
    "skeleton",
    "text_key",
    "to_cyrillic",
    "transliterate",
]
