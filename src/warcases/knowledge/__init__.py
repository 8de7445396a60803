"""Domain knowledge as data: loaders for the YAML/CSV files in this folder, and the phrase syntax.

Every engineer adds their own file here (``formations.yaml``, ``recruitment.yaml`` …) and reads it
with ``load_yaml("formations")``. Files are package data, read through ``importlib.resources``, so
they work from a wheel as well as from a checkout. Loaded data is cached: treat it as read-only.

Spelling lists in these files (region names, code names, cue phrases) may use a small pattern
syntax, compiled by :class:`PhraseMatcher` into one regular expression shaped like a trie:

- ``*`` stands for any run of word characters: ``Карагандинск* област*`` matches every case form
  ("Карагандинской области", "Карагандинская область" …); ``ҚК-*`` matches "ҚК-нің";
- a space matches any run of whitespace (line breaks included), none after a full stop, so
  ``г. Караганды`` also matches "г.Караганды";
- ``-`` matches a hyphen or dash, optionally spaced ("Нур-Султан", "Нур - Султан");
- ``е`` and ``ё`` match each other, and so do the apostrophes of Uzbek Latin (``'`` ʻ ‘ ’ ʼ);
- matching ignores case; a spelling that starts with a capital letter only matches a surface
  that starts with a capital too, so "Ош" (the city) is not found inside "ошибка" nor in "ош".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Generic, TypeVar

import yaml

__all__ = [
    "PhraseHit",
    "PhraseMatcher",
    "article_info",
    "article_title",
    "fold",
    "load_csv",
    "load_yaml",
    "phrase_pattern",
]

T = TypeVar("T")

_APOSTROPHES = "'ʻ‘’ʼ`"
_DASHES = "-‐‑‒–—"


def _resource(name: str, suffix: str):
    rel = name if name.endswith(suffix) else name + suffix
    node = resources.files(__name__)
    for part in rel.split("/"):
        node = node.joinpath(part)
    if not node.is_file():
        available = sorted(
            p.name for p in resources.files(__name__).iterdir() if p.name.endswith(suffix)
        )
        raise FileNotFoundError(
            f"no knowledge file {rel!r} in warcases/knowledge "
            f"(available: {', '.join(available) or 'none'}); add it there as package data"
        )
    return node


@cache
def load_yaml(name: str) -> Any:
    """The parsed YAML file ``warcases/knowledge/<name>.yaml`` (``name`` may contain ``/``)."""
    node = _resource(name, ".yaml")
    try:
        return yaml.safe_load(node.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"warcases/knowledge/{node.name} is not valid YAML: {exc}") from exc


def article_info(code: str) -> dict[str, Any] | None:
    """The articles.yaml entry for a charge code's article ("KZ:172:1" → Art. 172 of the KZ
    code: title_ru, title_kk, war_related, parts …), or None when the article is not listed."""
    country, _, rest = code.partition(":")
    article = rest.split(":", 1)[0]
    if not country or not article:
        raise ValueError(f"not a charge code {code!r}: expected CC:ARTICLE[:PART[:POINT]]")
    table = load_yaml("articles")["articles"].get(country.upper(), {})
    entry = table.get(article)
    return dict(entry) if entry is not None else None


def article_title(code: str, language: str = "ru") -> str | None:
    """Display title of a charge's article: "KZ:172:1" → "Участие в иностранных вооруженных
    конфликтах"; ``language="kk"`` gives the Kazakh title where known (else the Russian one)."""
    info = article_info(code)
    if info is None:
        return None
    return info.get(f"title_{language}") or info.get("title_ru")


@cache
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``warcases/knowledge/<name>.csv`` as dicts keyed by the header row."""
    node = _resource(name, ".csv")
    return tuple(csv.DictReader(io.StringIO(node.read_text(encoding="utf-8"))))


_FOLD_TABLE = str.maketrans(
    {"ё": "е", **{a: "'" for a in _APOSTROPHES}, **{d: "-" for d in _DASHES}}
)
_SPACES = re.compile(r"\s+")
_DASH_SPACES = re.compile(r"\s*-\s*")
_DOT_SPACES = re.compile(r"\.\s*")


def fold(text: str) -> str:
    """A lookup key: lower case, ё→е, one apostrophe and one dash, whitespace collapsed."""
    key = text.lower().translate(_FOLD_TABLE)
    key = _DASH_SPACES.sub("-", _SPACES.sub(" ", key.strip()))
    return _DOT_SPACES.sub(". ", key).strip()


# ---------------------------------------------------------------------------------------------
# Phrase matcher


_WILD = r"\w*"


def _atoms(spelling: str) -> list[str]:
    """The regex fragments of one spelling, one per trie edge."""
    atoms: list[str] = []
    text = _SPACES.sub(" ", spelling.strip())
    for i, ch in enumerate(text):
        low = ch.lower()
        if ch == "*":
            atoms.append(_WILD)
        elif ch == " ":
            if atoms and atoms[-1] in (r"\s+", r"\s*"):
                continue
            atoms.append(r"\s*" if i and text[i - 1] == "." else r"\s+")
        elif ch in _DASHES:
            if atoms and atoms[-1] == r"\s+":
                atoms.pop()
            atoms.append(r"\s*[" + _DASHES + r"]\s*")
        elif low in "её":
            atoms.append("[её]")
        elif ch in _APOSTROPHES:
            atoms.append("[" + _APOSTROPHES + "]")
        else:
            atoms.append(re.escape(low))
    return atoms


def _trie_pattern(spellings: Iterable[str]) -> str:
    root: dict[str, Any] = {}
    end = ""  # key marking the end of a spelling (no atom is empty)
    for spelling in spellings:
        node = root
        for atom in _atoms(spelling):
            node = node.setdefault(atom, {})
        node[end] = True

    def emit(node: dict[str, Any], guard: bool = False) -> str:
        # Literal edges first, the wildcard last, so "Алматы облысы" is tried before "Алматы*".
        edges = sorted((k for k in node if k), key=lambda k: (k == _WILD, k))
        alts = [atom + emit(node[atom]) for atom in edges]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if guard and len(alts) > 3:
            # One character-class test rejects most positions before the alternatives are tried.
            firsts = _first_chars(edges)
            if firsts is not None:
                body = "(?=[" + firsts + "])" + body
        if end in node:
            return "(?:" + body + ")?"
        return body

    return emit(root, guard=True)


def _first_chars(atoms: Iterable[str]) -> str | None:
    chars: set[str] = set()
    for atom in atoms:
        if atom.startswith("[") and atom.endswith("]") and "\\" not in atom:
            chars.update(atom[1:-1])
        else:
            literal = atom.replace("\\", "")
            if len(literal) != 1:
                return None
            chars.add(literal)
    both = {c for ch in chars for c in (ch.lower(), ch.upper()) if len(c) == 1}
    return "".join(re.escape(c) for c in sorted(both))


def phrase_pattern(spellings: Iterable[str]) -> str:
    """The regex source (no flags, no word boundaries) matching any of ``spellings``.

    Compile it with ``re.IGNORECASE``; longer spellings win over their prefixes.
    """
    items = list(spellings)
    if not items:
        raise ValueError("phrase_pattern needs at least one spelling")
    return _trie_pattern(items)


@dataclass(frozen=True)
class PhraseHit(Generic[T]):
    start: int
    end: int
    surface: str
    spelling: str
    values: tuple[T, ...]


class PhraseMatcher(Generic[T]):
    """Finds every spelling of a table (spelling → values) in a text, longest match first.

    One compiled regular expression (a trie of all spellings) is built at construction; build a
    matcher once per table and keep it (e.g. behind ``functools.cache``).
    """

    def __init__(
        self,
        table: Mapping[str, Iterable[T]],
        *,
        require_capital: bool = True,
        anchored: bool = False,
    ) -> None:
        if not table:
            raise ValueError("PhraseMatcher needs at least one spelling")
        self._exact: dict[str, tuple[str, tuple[T, ...]]] = {}
        self._wild: list[tuple[re.Pattern[str], str, tuple[T, ...]]] = []
        for spelling, values in table.items():
            vals = tuple(values)
            if "*" in spelling:
                pattern = re.compile("".join(_atoms(spelling)), re.IGNORECASE)
                self._wild.append((pattern, spelling, vals))
            else:
                key = fold(spelling)
                if key in self._exact:
                    old_spelling, old_vals = self._exact[key]
                    self._exact[key] = (old_spelling, old_vals + vals)
                else:
                    self._exact[key] = (spelling, vals)
        # The wildcard spellings with the longest literal part are tried first.
        self._wild.sort(key=lambda item: -len(item[1].replace("*", "")))
        self._require_capital = require_capital
        self.regex = re.compile(
            r"(?<!\w)(?:" + _trie_pattern(table) + r")(?!\w)", re.IGNORECASE
        )
        self._anchors: _Anchors | None = _Anchors(table) if anchored else None

    def _identify(self, surface: str) -> tuple[str, tuple[T, ...]] | None:
        exact = self._exact.get(fold(surface))
        if exact is not None:
            return exact
        for pattern, spelling, vals in self._wild:
            if pattern.fullmatch(surface):
                return spelling, vals
        return None

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[PhraseHit[T]]:
        stop = len(text) if end is None else end
        if self._anchors is None:
            windows = [(start, stop)]
        else:
            windows = self._anchors.windows(text, start, stop)
        for lo, hi in windows:
            yield from self._scan(text, lo, hi)

    def _scan(self, text: str, start: int, stop: int) -> Iterator[PhraseHit[T]]:
        for m in self.regex.finditer(text, start, stop):
            surface = m.group()
            found = self._identify(surface)
            if found is None:  # cannot happen unless the trie and the table disagree
                continue
            spelling, vals = found
            if self._require_capital and spelling[:1].isupper() and not surface[:1].isupper():
                continue
            yield PhraseHit(m.start(), m.end(), surface, spelling, vals)

    def lookup(self, surface: str) -> PhraseHit[T] | None:
        """The entry whose spelling matches the whole of ``surface`` (any case), if any."""
        text = surface.strip()
        found = self._identify(text)
        if found is None:
            return None
        return PhraseHit(0, len(text), text, found[0], found[1])


# Capital letters of the scripts we read (Cyrillic with Kazakh/Uzbek/Tajik letters, Latin).
_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲҶӢӮÖÜŞÇĞİǴ"
_CAPITAL_WORD = re.compile("[" + _UPPER + r"][^\W\d_]*")
_WORD_CHAR = re.compile(r"\w")


def _quick_fold(text: str) -> str:
    """``fold`` for prefilters: lower case and ё→е only, with C-speed str methods; keeps length
    unless lower() itself changes it."""
    return text.lower().replace("ё", "е").replace("ʻ", "'").replace("’", "'").replace("‘", "'")


def _anchor_key(word: str) -> str:
    return _quick_fold(word[:3])


class _Anchors:
    """A prefilter for tables of proper names: only text around a capitalised word whose first
    three letters begin some spelling's capitalised word is handed to the trie expression.
    Spellings without a capitalised word are found by plain substring search of their longest
    word (lower case)."""

    def __init__(self, table: Iterable[str]) -> None:
        self.keys: set[str] = set()
        self.fragments: set[str] = set()
        before = after = 0
        for spelling in table:
            words = [w for w in re.split("[\\s" + re.escape(_DASHES) + "]+", spelling) if w]
            caps = [i for i, w in enumerate(words) if w[:1].isupper()]
            if caps:
                for i in caps:
                    self.keys.add(_anchor_key(words[i].split("*")[0]))
                first = spelling.find(words[caps[0]])
            else:
                pieces = [p for w in words for p in w.split("*") if p]
                longest = max(pieces, key=len)
                self.fragments.add(_quick_fold(longest))
                first = spelling.find(longest)
            before = max(before, first)
            after = max(after, len(spelling) - first)
        # Room for case endings behind wildcards and for stretched whitespace.
        self.before, self.after = 2 * before + 10, 2 * after + 10

    def windows(self, text: str, start: int, stop: int) -> list[tuple[int, int]]:
        keys = self.keys
        points = [
            m.start()
            for m in _CAPITAL_WORD.finditer(text, start, stop)
            if _quick_fold(m.group()[:3]) in keys
        ] if keys else []
        if self.fragments:
            low = _quick_fold(text)
            if len(low) != len(text):  # a letter whose lower case is longer: scan everything
                return [(start, stop)]
            for fragment in self.fragments:
                pos = low.find(fragment, start, stop)
                while pos != -1:
                    points.append(pos)
                    pos = low.find(fragment, pos + 1, stop)
        points.sort()
        spans: list[tuple[int, int]] = []
        for p in points:
            lo, hi = max(start, p - self.before), min(stop, p + self.after)
            while hi < stop and _WORD_CHAR.match(text, hi):
                hi += 1  # never cut a word: the trie's (?!\w) must see the real next letter
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
            else:
                spans.append((lo, hi))
        return spans
