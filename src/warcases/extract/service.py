"""Service, recruitment, motive and return facts from a span of a verdict or a news report.

``find_service_facts(text, language, start, end)`` reads ``text[start:end]`` (a defendant's
share of a verdict's descriptive part, or a news paragraph) and returns facts with spans in
``text``: formations, recruitment channels and platforms, motives and the money offered,
wounded / deserted / captured, Russian citizenship, roles, theatres, and how the person came
home (with the date when stated). Card and defendant are left to the caller.

How: every alias in knowledge/formations.yaml, recruitment.yaml and return.yaml is compiled
once into a small regex, indexed by the first letters of its first word; the window is read
word by word, so each word tries only the few aliases that may start there. Each hit is judged
in its sentence by warcases.extract.negation (negated, denied, hypothetical, evidence, another
person's story → dropped; hedged or reported → lower confidence), then a few rules combine
hits: nothing unless the text says someone took part or signed up; a motive only in a sentence
about going or signing; «left home to enlist» from a departure with a purpose or followed by
signing up; a bare «задержан» is a return only at a border or after coming back.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from warcases.extract.dates import find_dates
from warcases.extract.negation import (
    WORD_CUES,
    Cue,
    Scope,
    SentenceScopes,
    abbreviations,
    cue_lists,
    scope_language,
    split_sentences,
    word_cues,
)
from warcases.knowledge import load_yaml
from warcases.model import Fact

BASE = 0.9
INFERRED = 0.8  # a rule joined several phrases (left home to enlist; detained after coming back)
LIST_PROPS = frozenset({"formations", "recruitment", "motives", "platforms", "roles", "theatres"})
BOOLEAN_PROPS = ("wounded", "deserted", "captured", "russian_citizenship")
NEGATION_WORDS = frozenset({"не", "ни", "нет", "not", "never", "no", "didn't"})

_SEP = r"[\s«»\"“”„'’()\-–—/.]+"
_QOPEN, _QCLOSE = r"[«\"“„']", r"[»\"”“']"
_WORDS = re.compile(r"\w+")
_HYPHEN_BREAK = re.compile(r"[-\u00ad](?:[ \t]*\r?\n[ \t]*(?=\w))?")
_YO = str.maketrans("ёЁ", "еЕ")


# --- aliases → regexes ---------------------------------------------------------------------


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


def _is_word_char(ch: str) -> bool:
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


def _read_yaml(name: str) -> dict[str, Any]:
    data = load_yaml(name)
    if not isinstance(data, dict):
        raise TypeError(f"knowledge/{name}.yaml: expected a mapping at the top")
    return data


@dataclass
class Knowledge:
    lexicon: Lexicon
    money: MoneyCues


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    """Compile knowledge/formations.yaml, recruitment.yaml and return.yaml (once per process)."""
    form, rec, ret = (
        _read_yaml("formations.yaml"),
        _read_yaml("recruitment.yaml"),
        _read_yaml("return.yaml"),
    )
    lex = Lexicon()
    for value, table in form["formations"].items():
        lex.add_languages("formations", value, table)
    for kind in ("combat", "contract"):
        lex.add_languages("participation", kind, form["participation"][kind])
    for prop, table in form["service_events"].items():
        for value in (True, False):
            lex.add_languages(prop, value, table[value], negative=not value)
    for value in (True, False):
        lex.add_languages(
            "russian_citizenship", value, ret["russian_citizenship"][value], negative=not value
        )
    for value, table in rec["channels"].items():
        implies = tuple((k, v) for k, v in (table.get("implies") or {}).items())
        lex.add_languages("recruitment", value, table, implies=implies)
    for group in ("departure", "weak_departure", "purpose", "blockers"):
        lex.add_languages(group.rstrip("s"), group, rec["from_home"][group])
    for section, group in (
        ("platforms", "platforms"),
        ("motives", "motives"),
        ("roles", "roles"),
        ("theatres", "theatres"),
    ):
        for value, table in rec[section].items():
            if value != "source":
                lex.add_languages(group, value, table)
    lex.add_languages("anchor", "anchor", rec["motive_anchors"])
    for side in ("before", "after"):
        lex.add_languages("role_frame", side, rec["role_frames"][side])
    for value, table in ret["return"].items():
        lex.add_languages("return", value, table, negative=value == "not_returned")
    lex.add_languages("detention", "detention", ret["detention"])
    for code, words in rec["money"]["currencies"].items():
        for word in words:
            lex.add("currency", code, word)
    for value, table in ret["context"].items():
        lex.add_languages(value, value, table)
    for lang in rec["scopes"]:
        for kind, entries in cue_lists(lang).items():
            if kind not in WORD_CUES:  # single-word boundaries are found by negation.word_cues
                for entry in entries:
                    lex.add("cue:" + lang, kind, entry)
    return Knowledge(lex, MoneyCues(rec["money"]))


# --- money offered and dates ----------------------------------------------------------------


def _alternation(entries: Iterable[Any]) -> re.Pattern[str]:
    parts = [compile_alias(str(e))[0] for e in entries]
    return re.compile("(?<!\\w)(?:" + "|".join(parts or ["(?!)"]) + ")", re.IGNORECASE)


def _all_languages(table: dict[str, Any]) -> list[Any]:
    return [e for lang, entries in table.items() if lang != "source" for e in entries or []]


class MoneyCues:
    """«с выплатой 240 000 рублей в месяц» → {"amount": 240000, "currency": "RUB", "period": "month"}.

    Amounts are read back from a currency word (found by the alias scan) or forward from a
    currency sign; an amount counts when an offer word governs it, not a «received» one."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.symbols = {str(k): str(v) for k, v in table["symbols"].items()}
        mults = sorted(
            ((int(k), str(w)) for k, ws in table["multipliers"].items() for w in ws),
            key=lambda x: -len(x[1]),
        )
        self.mult = [(w.lower(), k) for k, w in mults]
        alt = "|".join(re.escape(w) + r"\w*" for _, w in mults)
        self.number = re.compile(r"(?<![\w.,])\d(?:[\d\u00a0\u202f ]|[.,](?=\d))*")
        self.between = re.compile(
            rf"\s*(?:\([^()]{{1,60}}\)\s*)?(?:(?P<mult>{alt})\.?\s*)?", re.IGNORECASE
        )
        self.offer = _alternation(_all_languages(table["offer"]))
        self.strong = _alternation(_all_languages(table["strong_offer"]))
        self.received = _alternation(_all_languages(table["received"]))
        self.periods = [(p, _alternation(_all_languages(t))) for p, t in table["period"].items()]

    def amounts(
        self, text: str, lo: int, hi: int, currencies: list[Hit]
    ) -> list[tuple[int, int, int, str]]:
        """(start, end, amount, currency code) for every amount written with a currency."""
        out: list[tuple[int, int, int, str]] = []
        for c in currencies:
            numbers = list(self.number.finditer(text, max(lo, c.start - 80), c.start))
            if not numbers:
                continue
            last = numbers[-1]
            gap = self.between.fullmatch(text, last.end(), c.start)
            if gap is None:
                continue
            out.append(
                (last.start(), c.end, self._number(last.group(), gap.group("mult")), c.value)
            )
        for sign, code in self.symbols.items():
            i = text.find(sign, lo, hi)
            while i >= 0:
                num = self.number.match(text, i + 1 + (text[i + 1 : i + 2] == " "))
                if num:
                    after = self.between.match(text, num.end(), hi)
                    mult = after.group("mult") if after else None
                    end = after.end() if mult and after else num.end()
                    out.append((i, end, self._number(num.group(), mult), code))
                i = text.find(sign, i + 1, hi)
        return out

    def offers(
        self, text: str, lo: int, hi: int, currencies: list[Hit]
    ) -> list[tuple[dict[str, Any], int, int]]:
        out: list[tuple[dict[str, Any], int, int]] = []
        for s, e, amount, code in self.amounts(text, lo, hi, currencies):
            before = _last_words(text, max(lo, s - 120), s, 6)
            strong, weak, got = (
                _last(self.strong, before),
                _last(self.offer, before),
                _last(self.received, before),
            )
            period = self._period(_last_words(text, lo, s, 4), text[e : min(hi, e + 40)])
            if (
                got is None
                and (strong is not None or weak is not None or period)
                or (strong is not None and got is not None and strong > got)
            ):
                out.append(({"amount": amount, "currency": code, "period": period}, s, e))
        return out

    def _number(self, digits: str, mult: str | None) -> int:
        s = re.sub(r"[\s\u00a0\u202f]", "", digits).rstrip(".,")
        if mult:
            factor = next(v for w, v in self.mult if mult.lower().startswith(w))
            return round(float(s.replace(",", ".")) * factor)
        if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", s):
            s = s.replace(",", "").replace(".", "")
        return round(float(s.replace(",", ".")))

    def _period(self, before: str, after: str) -> str | None:
        for text in (after[:25], before):
            for period, rx in self.periods:
                if rx.search(text):
                    return period
        return None


def _last_words(text: str, lo: int, hi: int, n: int) -> str:
    words = list(_WORDS.finditer(text, lo, hi))
    return text[words[-n].start() if len(words) >= n else (words[0].start() if words else hi) : hi]


def _last(rx: re.Pattern[str], text: str) -> int | None:
    found = [m.start() for m in rx.finditer(text)]
    return found[-1] if found else None


def _date_near(text: str, lo: int, hi: int, pos: int) -> str | None:
    """The date closest before ``pos`` in ``text[lo:hi]``, else the first one after it."""
    dates = [(lo + d.start, lo + d.end, d.date) for d in find_dates(text[lo:hi])]
    before = [d for d in dates if d[1] <= pos]
    after = [d for d in dates if d[0] >= pos]
    return before[-1][2] if before else (after[0][2] if after else None)


# --- reading a window -----------------------------------------------------------------------


class _Window:
    """The window with line-end hyphenation removed and ё folded, and the way back to ``text``."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.origin = start
        raw = text[start:end]
        pieces: list[str] = []
        self.cut_at: list[int] = []  # normalised positions where text was removed
        self.removed: list[int] = []  # characters removed up to and including that cut
        last = gone = 0
        for m in _HYPHEN_BREAK.finditer(raw):
            if m.group() == "-" or (
                m.group()[0] == "-" and not (m.start() and _is_word_char(raw[m.start() - 1]))
            ):
                continue  # a plain hyphen, or a dash at a line end
            pieces.append(raw[last : m.start()])
            self.cut_at.append(m.start() - gone)
            gone += m.end() - m.start()
            self.removed.append(gone)
            last = m.end()
        pieces.append(raw[last:])
        self.text = "".join(pieces).replace("ё", "е").replace("Ё", "Е")

    def to_text(self, pos: int, *, closing: bool = False) -> int:
        i = bisect_right(self.cut_at, pos - 1 if closing else pos)
        return self.origin + pos + (self.removed[i - 1] if i else 0)


def find_service_facts(
    text: str, language: str, start: int = 0, end: int | None = None
) -> list[Fact]:
    """Service, recruitment, motive and return facts in ``text[start:end]``, spans in ``text``.

    Facts carry ``card=0, defendant=None``. List-valued properties give one fact per element
    and mention; single-valued ones come strongest first. Nothing at all is returned unless the
    window (or, failing that, the whole text) says someone took part in the war or signed up."""
    end = len(text) if end is None else min(end, len(text))
    if start >= end:
        return []
    kb = load_knowledge()
    window = _Window(text, start, end)
    reader = _Reader(window.text, language, kb)
    if not reader.war:
        if start == 0 and end == len(text):
            return []
        if not _Reader(_Window(text, 0, len(text)).text, language, kb).war:
            return []
    facts = [
        Fact(prop, value, window.to_text(s), window.to_text(e, closing=True), round(conf, 2))
        for prop, value, s, e, conf in reader.results()
    ]
    return sorted(
        facts,
        key=lambda f: (f.prop in LIST_PROPS, 0 if f.prop in LIST_PROPS else -f.confidence, f.start),
    )


CUSTODY = frozenset({"criminal_detention", "prison"})


def custody_over_work(facts: list[Fact]) -> list[Fact]:
    """One person's facts without ``work_trip`` when he signed in custody (a SIZO, a colony):
    a migrant worker arrested for a crime was not on a work trip when he signed."""
    if not any(f.prop == "recruitment" and f.value in CUSTODY for f in facts):
        return facts
    return [f for f in facts if not (f.prop == "recruitment" and f.value == "work_trip")]


_Found = tuple[str, Any, int, int, float]
_UNSCOPED = frozenset({"anchor", "role_frame", "home_agency", "border"})  # context, not claims
_ANCHORS = frozenset(
    {"formations", "participation", "recruitment", "departure", "purpose", "anchor"}
)


class _Reader:
    """All hits of one normalised window, each judged in its sentence."""

    def __init__(self, text: str, language: str, kb: Knowledge) -> None:
        self.text, self.kb = text, kb
        self.lang = lang = scope_language(language)
        hits = kb.lexicon.scan(text, 0, len(text))
        cues = [Cue(h.value, h.start, h.end) for h in hits if h.group == "cue:" + lang]
        cues = sorted(cues + word_cues(text, 0, len(text), lang), key=lambda c: c.start)
        self.cues, self.cue_starts = cues, [c.start for c in cues]
        self.currencies = [h for h in hits if h.group == "currency"]
        self.sentences = split_sentences(text, 0, len(text), abbreviations(lang))
        starts = [s for s, _ in self.sentences]
        by_sentence: dict[int, list[Hit]] = defaultdict(list)
        for h in hits:
            i = bisect_right(starts, h.start) - 1
            if (
                h.group.startswith("cue:")
                or h.group == "currency"
                or i < 0
                or h.end > self.sentences[i][1]
            ):
                continue  # cues, and gap aliases that ran across a sentence break
            h.sentence = i
            by_sentence[i].append(h)
        self.scopes: dict[int, SentenceScopes] = {}
        self.by_sentence: dict[int, list[Hit]] = {}
        for i, group in sorted(by_sentence.items()):
            lo, hi = self.sentences[i]
            self.scopes[i] = scopes = SentenceScopes(text, lo, hi, self._cues(lo, hi))
            kept = _leftmost_longest(group)
            for h in kept:
                if h.group not in _UNSCOPED:
                    h.scope = scopes.scope(h.start, h.end, self_negated=h.pattern.self_negated)
            self.by_sentence[i] = kept
        self.war = any(
            h.scope.asserted
            for hs in self.by_sentence.values()
            for h in hs
            if h.group == "participation"
        )

    def results(self) -> list[_Found]:
        self.motive_sentences: set[int] = set()
        out: list[_Found] = []
        for i, hits in sorted(self.by_sentence.items()):
            out += self._sentence(i, hits)
        return out + self._money()

    def _sentence(self, i: int, hits: list[Hit]) -> list[_Found]:
        out: list[_Found] = []
        g: dict[str, list[Hit]] = defaultdict(list)
        for h in hits:
            if h.scope.asserted:
                g[h.group].append(h)

        def add(prop: str, value: Any, h: Hit, base: float = BASE) -> None:
            out.append(
                (
                    prop,
                    value,
                    h.start,
                    h.end,
                    h.scope.confidence(min(h.pattern.confidence or base, base)),
                )
            )

        channels = {h.value for h in g["recruitment"]}
        for h in g["formations"]:
            add("formations", h.value, h)
        for h in g["recruitment"]:
            add("recruitment", h.value, h)
            for prop, value in h.pattern.implies:
                add(prop, value, h)
        if self._anchored(i) or self._anchored(i - 1) or (i - 1) in self.motive_sentences:
            # the pay of the recruiter («вербовавшего земляков за вознаграждение») is his motive
            recruiters = [h for h in g["recruitment"] if h.value == "recruiter"]
            for h in g["motives"]:
                if not any(r.start <= h.start and h.end <= r.end for r in recruiters):
                    add("motives", h.value, h)
                    self.motive_sentences.add(i)  # «… хотели заработать. Он также указал, что …»
        if channels & {"online_ad", "recruiter"}:
            for h in g["platforms"]:
                add("platforms", h.value, h)
        if any(h.value == "combat" for h in g["participation"]):
            for h in g["theatres"]:
                add("theatres", h.value, h)
        frames = [h for h in hits if h.group == "role_frame"]
        for h in g["roles"]:
            if any(self._frames(f, h) for f in frames):
                add("roles", h.value, h)
        for (
            h
        ) in hits:  # a negated «получил ранение» is «wounded: false»; a negated «false» is nothing
            s = h.scope
            if (
                h.group in BOOLEAN_PROPS
                and not (s.denied or s.hypothetical or s.evidence or s.other_person)
                and (not s.negated or h.value is True)
            ):
                add(h.group, h.value and not s.negated, h)
        home = self._from_home(g, channels)
        if home is not None:
            add("recruitment", "from_home", *home)
        return out + self._returns(i, g, channels)

    def _anchored(self, i: int) -> bool:
        """A sentence about going, signing up or fighting (motives need one, here or just before)."""
        return any(h.group in _ANCHORS for h in self.by_sentence.get(i, ()))

    def _frames(self, frame: Hit, role: Hit) -> bool:
        if frame.value == "before" and frame.end <= role.start:
            return len(_WORDS.findall(self.text, frame.end, role.start)) <= 1
        if frame.value == "after" and role.end <= frame.start:
            return len(_WORDS.findall(self.text, role.end, frame.start)) <= 1
        return False

    def _from_home(self, g: dict[str, list[Hit]], channels: set[str]) -> tuple[Hit, float] | None:
        """Left home to enlist: a departure with a stated purpose, or one followed in the same
        sentence by signing up — unless it is a work trip or someone else sent him."""
        if "work_trip" in channels or g["blocker"]:
            return None
        if not g["departure"]:
            if g["weak_departure"] and g["purpose"]:
                return g["weak_departure"][0], BASE
            return None
        dep = g["departure"][0]
        if g["purpose"]:
            return dep, BASE
        later = [h for h in g["participation"] if h.value == "contract" and h.start > dep.end]
        later += [
            h for h in g["recruitment"] if h.value == "enlistment_office" and h.start > dep.end
        ]
        later += [h for h in g["formations"] if h.start > dep.end]
        return (dep, INFERRED) if later else None

    def _returns(self, i: int, g: dict[str, list[Hit]], channels: set[str]) -> list[_Found]:
        picked = [(h.value, h, h.pattern.confidence or BASE) for h in g["return"]]
        strong = {v for v, _, _ in picked} & {"deported", "extradited"}
        if not strong and not channels & {"migration_detention", "criminal_detention"}:
            came_back = [
                h
                for j in (i - 2, i - 1)
                for h in self.by_sentence.get(j, [])
                if h.group == "returned" and h.scope.asserted
            ]
            for h in g["detention"]:
                if g["border"]:
                    picked.append(("detained_at_border", h, BASE))
                elif g["home_agency"] or came_back or any(x.start < h.start for x in g["returned"]):
                    picked.append(("detained_on_return", h, INFERRED))
        out: list[_Found] = []
        for value, h, conf in picked:
            conf = h.scope.confidence(conf)
            out.append(("return", value, h.start, h.end, conf))
            date = self._return_date(i, value, h)
            if date:
                out.append(("return_date", date, h.start, h.end, conf))
        return out

    def _return_date(self, i: int, value: str, h: Hit) -> str | None:
        """Crossing the border, deportation, extradition: the date of that event. Otherwise the
        date next to «вернулся» in this sentence or the two before (none for a bare surrender)."""
        if value not in ("detained_at_border", "deported", "extradited"):
            for j in (i, i - 1, i - 2):
                cues = [
                    x
                    for x in self.by_sentence.get(j, [])
                    if x.group == "returned" and (j < i or x.start <= h.end)
                ]
                if cues:
                    lo, hi = self.sentences[j]
                    return _date_near(self.text, lo, hi, cues[-1].start)
            if value in ("surrendered", "not_returned"):
                return None
        lo, hi = self.sentences[i]
        return _date_near(self.text, lo, hi, h.start)

    def _money(self) -> list[_Found]:
        out: list[_Found] = []
        starts = [lo for lo, _ in self.sentences]
        for value, s, e in self.kb.money.offers(self.text, 0, len(self.text), self.currencies):
            i = bisect_right(starts, s) - 1
            if i < 0 or e > self.sentences[i][1]:
                continue
            lo, hi = self.sentences[i]
            scopes = self.scopes.get(i) or SentenceScopes(self.text, lo, hi, self._cues(lo, hi))
            scope = scopes.scope(s, e)
            if scope.asserted:
                out.append(("money_offered", value, s, e, scope.confidence(BASE)))
        return out

    def _cues(self, lo: int, hi: int) -> list[Cue]:
        i, j = bisect_right(self.cue_starts, lo - 1), bisect_right(self.cue_starts, hi - 1)
        return self.cues[i:j]


def _leftmost_longest(hits: Iterable[Hit]) -> list[Hit]:
    """Drop a hit that overlaps an earlier (or, at the same start, a longer) one of its group —
    and, for list properties, of the same value: «желая заработать и получить гражданство» is
    both money and citizenship, while «ранений не получал» is not also «получал ранения»."""
    kept: list[Hit] = []
    last_end: dict[Any, int] = {}
    for h in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        key = (h.group, h.value) if h.group in LIST_PROPS else h.group
        if h.start < last_end.get(key, -1):
            continue
        kept.append(h)
        last_end[key] = h.end
    return kept
