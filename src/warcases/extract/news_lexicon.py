"""Cue-phrase lexicons from knowledge YAML, compiled once into word-boundary-aware regexes.

Used by the news extractor and the Kazakh verdict extractor. A phrase is matched
case-insensitively, starting on a word boundary. Every word of four letters or more is a
prefix of the word it matches ("приговорил" matches "приговорила", «ограничени свободы» matches
«ограничения свободы», «мойында» matches «мойындады»); shorter words match whole words only
("a man" does not match "another man"); a phrase ending in "$" must end on a word boundary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from warcases.knowledge import load_yaml

WORD_START = r"(?<![\w])"


def phrase_pattern(phrases: Iterable[str]) -> str:
    """One regex alternation of the phrases, longest first, each starting on a word boundary."""
    parts = []
    for p in sorted({p for p in phrases if p}, key=len, reverse=True):
        exact = p.endswith("$")
        words = p.rstrip("$").split()
        pieces = []
        for i, w in enumerate(words):
            last = i == len(words) - 1
            if len(w) < 4 and not (last and not exact and not w.isalpha()):
                pieces.append(re.escape(w) + r"(?![\w])")
            elif last:
                pieces.append(re.escape(w) + (r"(?![\w])" if exact else ""))
            else:
                pieces.append(re.escape(w) + r"[\w-]*")
        parts.append(r"\s+".join(pieces))
    if not parts:
        return r"(?!x)x"
    return WORD_START + "(?:" + "|".join(parts) + ")"


@cache
def _compiled(key: str, phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(phrase_pattern(phrases), re.IGNORECASE)


def phrases_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    tup = tuple(sorted(set(phrases)))
    return _compiled("|".join(tup), tup)


class Lexicon:
    """Labelled phrase lists (``{label: [phrase, ...]}``), searched in declaration order."""

    def __init__(self, table: Mapping[str, Iterable[str]]):
        self.labels = [k for k, v in table.items() if isinstance(v, list)]
        self.patterns = {k: phrases_regex(table[k]) for k in self.labels}

    def first_label(
        self, text: str, start: int = 0, end: int | None = None
    ) -> tuple[str, re.Match[str]] | None:
        """The first label (in table order) with a phrase in ``text[start:end]``, and its match."""
        end = len(text) if end is None else end
        for label in self.labels:
            m = self.patterns[label].search(text, start, end)
            if m:
                return label, m
        return None

    def all_matches(
        self, text: str, start: int = 0, end: int | None = None
    ) -> list[tuple[str, re.Match[str]]]:
        end = len(text) if end is None else end
        found = [
            (label, m)
            for label in self.labels
            for m in self.patterns[label].finditer(text, start, end)
        ]
        return sorted(found, key=lambda lm: lm[1].start())


@cache
def knowledge(name: str) -> dict[str, Any]:
    data = load_yaml(name)
    if not isinstance(data, dict):
        raise TypeError(f"knowledge/{name}.yaml: expected a mapping at the top level")
    return data


@cache
def lexicon(name: str, *path: str) -> Lexicon:
    """The labelled table at ``path`` inside knowledge/``name``.yaml."""
    node: Any = knowledge(name)
    for key in path:
        if not isinstance(node, dict) or key not in node:
            raise KeyError(f"knowledge/{name}.yaml: no section {'.'.join(path)!r}")
        node = node[key]
    return Lexicon(node)


@cache
def phrase_list_regex(name: str, *path: str) -> re.Pattern[str]:
    """A plain phrase list at ``path`` inside knowledge/``name``.yaml, as one regex."""
    node: Any = knowledge(name)
    for key in path:
        node = node[key]
    if isinstance(node, dict):  # {lang: [...]} → every language's phrases
        node = [p for v in node.values() for p in v]
    return phrases_regex(node)
