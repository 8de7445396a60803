"""Aliases of the knowledge lexicons (formations.yaml, recruitment.yaml, return.yaml) compiled
into regexes, and the index that finds them in a text.

The alias syntax is documented in the header of knowledge/formations.yaml. Every alias is
compiled once into a small regex and indexed by the first letters of its first word
(``Lexicon``); a trie of all those keys, run over the lower-cased text, finds the few words
where an alias may start, so each word tries only the aliases that may start there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from warcases.extract.negation import Scope

NEGATION_WORDS = frozenset({"не", "ни", "нет", "not", "never", "no", "didn't"})

_SEP = r"[\s«»\"“”„'’()\-–—/.]+"
_QOPEN, _QCLOSE = r"[«\"“„']", r"[»\"”“']"
WORDS = re.compile(r"\w+")
_WORDS = WORDS
_YO = str.maketrans("ёЁ", "еЕ")



def _word(token: str) -> tuple[str, list[str], str | None]:
    """One word of an alias (or a parenthesised choice of words) → (regex, dispatch keys,
    regex of the word as the tokenizer sees it, or None when it cannot be checked alone)."""
    if token.startswith("(") and token.endswith(")"):
        parts = [_words(alt.split()) for alt in token[1:-1].split("|")]
        heads = [h for _, _, h in parts]
        head = None if None in heads else "(?:" + "|".join(h for h in heads if h) + ")"
        return (
            "(?:" + "|".join(p for p, _, _ in parts) + ")",
            [k for _, ks, _ in parts for k in ks],
            head,
        )
    qopen, qclose = token.startswith("«"), token.endswith("»")
    core = token.strip("«»")
    stem = core.endswith("*")
    core = core.rstrip("*")
    body = "".join(
        r"[-‐‑–]\s*" if ch == "-" else "['’]" if ch in "'’" else re.escape(ch) for ch in core
    )
    lead = _WORDS.match(core.translate(_YO).lower())
    if lead is None:
        raise ValueError(f"alias word {token!r} must start with a letter or digit")
    word = lead.group()
    if (not stem and lead.end() == len(core)) or len(word) < 3:
        if stem and lead.end() == len(core):
            raise ValueError(f"alias word {token!r}: a stem needs at least three letters")
        key = "=" + word  # a whole word, looked up as such («в», «Мали», «hh» of «hh.ru»)
    else:
        key = word[:5]  # a prefix of 3 to 5 letters
    plain = lead.end() == len(core)  # no hyphen or dot inside: the tokenizer sees one word
    head = re.escape(core.lower()) + (r"\w*" if stem else "") if plain else None
    return (
        (_QOPEN if qopen else "") + body + (r"\w*" if stem else "") + (_QCLOSE if qclose else ""),
        [key],
        head,
    )


def _words(tokens: list[str]) -> tuple[str, list[str], str | None]:
    parts = [_word(t) for t in tokens]
    return _SEP.join(p for p, _, _ in parts), parts[0][1], parts[0][2]


def _tokens(alias: str) -> list[str]:
    """Split on spaces outside parentheses: «(did not|never) obtain» is two tokens."""
    out: list[str] = []
    depth, cur = 0, ""
    for ch in alias:
        depth += (ch == "(") - (ch == ")")
        if ch.isspace() and depth == 0:
            if cur:
                out.append(cur)
            cur = ""
        else:
            cur += ch
    return out + ([cur] if cur else [])


def compile_alias(alias: str) -> tuple[str, list[str], bool, str | None]:
    """An alias in the syntax of knowledge/formations.yaml → (regex, dispatch keys, back, head:
    a regex for the word it is dispatched on, or None).

    Aliases that open with a short function word («в боевых действиях», «не получал»,
    «при въезде») are looked up by their second word (``back``: the match starts one word
    earlier), so the commonest words of the language do not try dozens of patterns."""
    tokens = _tokens(alias.translate(_YO))
    if not tokens or tokens[0].startswith("…") or tokens[0].endswith(")?"):
        raise ValueError(f"alias {alias!r} must start with a word")
    first, keys, head = _word(tokens[0])
    back = False
    if len(tokens) > 1 and all(k.startswith("=") and len(k) <= 4 for k in keys):
        second = tokens[1]
        if not (second.startswith(("…", "«", "(«")) or second.endswith(")?")):
            _, keys, head = _word(second)
            back = True
    if first.startswith(_QOPEN):
        first = "(?<=" + _QOPEN + ")" + first[len(_QOPEN) :]
    out, gap = [first], None
    for tok in tokens[1:]:
        if tok.startswith("…"):
            gap = int(tok[1:] or 6)
            continue
        optional = tok.endswith(")?")
        regex = _word(tok[:-1] if optional else tok)[0]
        join = rf"(?:\W+\w+){{0,{gap}}}?\W+" if gap is not None else _SEP
        out.append(f"(?:{join}{regex})?" if optional else join + regex)
        gap = None
    return "".join(out) + r"(?!\w)", keys, back, head


@dataclass(frozen=True)
class Pattern:
    group: str  # formations, recruitment, motives, ..., participation, departure, border, ...
    value: Any
    regex: re.Pattern[str]
    self_negated: bool = False
    confidence: float | None = None
    implies: tuple[tuple[str, Any], ...] = ()
    back: bool = False  # found through its second word; the match starts at the word before
    head: re.Pattern[str] | None = None  # the word it is found through, as a lower-case regex


class Hit:
    """One alias match; ``scope`` is filled in once its sentence is known."""

    __slots__ = ("end", "group", "pattern", "scope", "sentence", "start", "value")

    def __init__(self, pattern: Pattern, start: int, end: int) -> None:
        self.pattern, self.group, self.value = pattern, pattern.group, pattern.value
        self.start, self.end = start, end
        self.sentence = -1
        self.scope = _ASSERTED


_ASSERTED = Scope()


class Lexicon:
    """Every alias, indexed by the first letters of its first word."""

    def __init__(self) -> None:
        self.index: dict[str, list[Pattern]] = defaultdict(list)
        self.count = 0
        self._prefilter: re.Pattern[str] | None = None
        self._by_word: dict[str, tuple[Pattern, ...]] = {}

    def add(
        self,
        group: str,
        value: Any,
        entry: Any,
        *,
        negative: bool = False,
        implies: tuple[tuple[str, Any], ...] = (),
    ) -> None:
        confidence, back, head = None, False, None
        if isinstance(entry, dict) and "re" in entry:
            regex, keys = str(entry["re"]), [str(k).lower()[:5] for k in entry.get("keys") or []]
            if not keys:
                raise ValueError(f"raw alias {entry['re']!r} needs `keys`")
        else:
            if isinstance(entry, dict):
                confidence = float(entry["confidence"]) if "confidence" in entry else None
                entry = entry.get("alias")
            if not isinstance(entry, str):
                raise TypeError(
                    f"{group}/{value}: alias {entry!r} is not text (quote YAML words like no, yes)"
                )
            regex, keys, back, head = compile_alias(entry)
            words = {w.strip("()?*").lower() for w in re.split(r"[\s|]+", entry)}
            negative = negative or bool(words & NEGATION_WORDS)
        head_rx = re.compile("(?:" + head + r")(?!\w)") if head else None
        pattern = Pattern(
            group,
            value,
            re.compile(regex, re.IGNORECASE),
            negative,
            confidence,
            implies,
            back,
            head_rx,
        )
        for key in dict.fromkeys(keys):
            self.index[key].append(pattern)
        self.count += 1

    def add_languages(self, group: str, value: Any, table: Any, **kw: Any) -> None:
        """Aliases of every language of a {ru: [...], kk: [...], en: [...]} table."""
        if not isinstance(table, dict):
            raise TypeError(f"{group}/{value}: expected a mapping of languages to aliases")
        for lang, entries in table.items():
            if lang in ("source", "implies", "confidence"):
                continue
            for entry in entries or []:
                self.add(group, value, entry, **kw)

    def scan(self, text: str, lo: int, hi: int) -> list[Hit]:
        """Every alias match in ``text[lo:hi]``; matches of different aliases may overlap.

        A trie of all dispatch keys, run over the lower-cased text, finds the few words that
        may start an alias; only those are looked at in Python."""
        if self._prefilter is None:
            self._prefilter = _trie_regex(self.index)
        low = text.lower()
        if len(low) != len(text):  # a rare letter whose lower case is longer (İ)
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        hits: list[Hit] = []
        by_word = self._by_word
        for m in self._prefilter.finditer(" " + low, lo, hi + 1):
            pos = m.start()  # the match starts at the character before the word
            w = _WORDS.match(low, pos).group()  # type: ignore[union-attr]
            patterns = by_word.get(w)
            if patterns is None:
                patterns = by_word[w] = self._patterns_for(w)
            prev = None
            for p in patterns:
                at = pos
                if p.back:
                    if prev is None:
                        prev = _previous_word(low, pos, lo)
                    at = prev
                    if at < 0:
                        continue
                found = p.regex.match(text, at, hi)
                if found:
                    hits.append(Hit(p, at, found.end()))
        return hits

    def _patterns_for(self, w: str) -> tuple[Pattern, ...]:
        """The patterns a (lower-case) word may start, cached per word."""
        if len(self._by_word) > 200_000:
            self._by_word.clear()
        n = len(w)
        keys = ("=" + w, w[:3], w[:4], w[:5])[: min(n, 5) - 1 if n > 2 else 1]
        return tuple(
            p for k in keys for p in self.index.get(k, ()) if p.head is None or p.head.match(w)
        )


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _previous_word(text: str, pos: int, lo: int) -> int:
    """Start of the word before the one at ``pos`` (-1 if none in ``text[lo:]``)."""
    i = pos - 1
    while i >= lo and not (text[i].isalnum() or text[i] == "_"):
        i -= 1
    if i < lo:
        return -1
    while i >= lo and (text[i].isalnum() or text[i] == "_"):
        i -= 1
    return i + 1


def _trie_regex(index: dict[str, list[Pattern]]) -> re.Pattern[str]:
    """One regex matching any dispatch key at a position: prefixes, and whole words («=в»)."""
    trie: dict[str, Any] = {}
    for key in index:
        node = trie
        exact = key.startswith("=")
        for ch in key.lstrip("=") if exact else key:
            node = node.setdefault(ch, {})
        node["$" if exact else ""] = {}

    def emit(node: dict[str, Any]) -> str:
        if "" in node:
            return ""  # a prefix key ends here: any continuation is fine
        alts = [
            r"(?!\w)" if ch == "$" else re.escape(ch) + emit(child)
            for ch, child in sorted(node.items())
        ]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return re.compile(r"\W" + emit(trie))  # run over " " + text: a non-word character, then a key
