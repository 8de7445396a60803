"""Terms ("5 (пять) лет", "бес жыл алты ай", "four and a half years") and punishment phrases.

``find_terms`` turns a written term into whole months; ``find_sentences`` reads the punishment
phrases of a verdict's operative part (type, months, institution, conditional sentence and its
probation, fine amount). Both work on a cleaned copy of the text (``clean_with_offsets``: OCR
hyphenation joined, page footers dropped, whitespace collapsed) and report spans in the
original text. Words and cues are in ``knowledge/articles.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from warcases.knowledge import PhraseMatcher, load_yaml, phrase_pattern

__all__ = ["SentenceMatch", "TermMatch", "clean_with_offsets", "find_sentences", "find_terms"]


@dataclass(frozen=True)
class TermMatch:
    months: int
    start: int
    end: int


@dataclass(frozen=True)
class SentenceMatch:
    # imprisonment, restricted_freedom, conditional, fine, compulsory_treatment, community_work
    type: str
    months: int | None
    institution: str | None
    suspended: bool
    probation_months: int | None
    fine_amount: str | None
    start: int
    end: int


# --------------------------------------------------------------------------------------------
# Cleaning with an offset map

_WS_RUN = re.compile(r"\s+")
_FOOTER = re.compile(
    r"(?:Страница|Стр\.|Page|Бет|Парақ)\s*\d+\s*(?:из|of|/|-ден|ден)\s*\d+(?:-бет)?(?=\s|$)",
    re.IGNORECASE,
)
# Characters that start something to clean: found with str.find (C speed), not a regex scan.
_NOISE_MARKS = ("\n", "\r", "\t", "\f", "\v", "\xa0", "\u2009", "\u202f", "\u200b", "\xad",
                "  ")
_DASHES = "-‐‑¬"


def _noise_starts(text: str) -> list[int]:
    found: set[int] = {0} if _FOOTER.match(text) else set()
    for mark in _NOISE_MARKS:
        i = text.find(mark)
        while i != -1:
            found.add(i)
            i = text.find(mark, i + 1)
    return sorted(found)


def clean_with_offsets(text: str) -> tuple[str, list[int]]:
    """A normalised copy of ``text`` and, for every character of it, its offset in ``text``.

    Joins words hyphenated across a line break ("лише-\\nния" → "лишения"; a capital after the
    break keeps the hyphen: "Усть-\\nКаменогорск" → "Усть-Каменогорск"), drops page footers
    ("Страница 2 из 5") and soft hyphens, and collapses whitespace to one space. The map has
    one extra entry, ``len(text)``, so ``offsets[end]`` works for an end offset.
    """
    pieces: list[str] = []
    offsets: list[int] = []
    pos = 0
    n = len(text)
    for i in _noise_starts(text):
        if i < pos:
            continue
        if text[i] == "\xad":
            j, replacement = i + 1, ""
        else:
            run = _WS_RUN.match(text, i)
            j = run.end() if run else i
            replacement = " "
            if (
                "\n" in text[i:j] and i >= 2 and text[i - 1] in _DASHES and text[i - 2].isalpha()
                and i - 1 >= pos and j < n and text[j].isalpha()
            ):
                # a word hyphenated across the line break
                i, replacement = i - 1, ("-" if text[j].isupper() else "")
            else:
                while (foot := _FOOTER.match(text, j)) is not None:
                    tail = _WS_RUN.match(text, foot.end())
                    j = tail.end() if tail else foot.end()
                if j == i:
                    continue
        if i > pos:
            pieces.append(text[pos:i])
            offsets.extend(range(pos, i))
        if replacement and not (replacement == " " and pieces and pieces[-1].endswith(" ")):
            pieces.append(replacement)
            offsets.append(i)
        pos = j
    pieces.append(text[pos:])
    offsets.extend(range(pos, n))
    offsets.append(n)
    return "".join(pieces), offsets


def _span(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Original span of the clean span [start, end)."""
    return offsets[start], (offsets[end - 1] + 1 if end > start else offsets[start])


# --------------------------------------------------------------------------------------------
# Terms


@dataclass(frozen=True)
class _TermGrammar:
    regex: re.Pattern[str]
    words: dict[str, dict[str, float]]  # number word → {language: value}
    needles: tuple[str, ...]  # " лет", " год", "-year" …: every term contains one


def _needles(units: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for unit in sorted({u.lower() for u in units}, key=len):
        if not any(unit.startswith(n) for n in out):
            out.append(unit)
    return tuple(out)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _term_grammar() -> _TermGrammar:
    data = load_yaml("articles")
    words: dict[str, dict[str, float]] = {}
    for lang, table in data["cardinals"].items():
        for value, forms in table.items():
            for form in forms:
                words.setdefault(form.lower(), {})[lang] = float(value)
    units = data["term_units"]
    word = rf"(?:{phrase_pattern(words)})(?![^\W\d_])"
    half = rf"(?:\s(?:{_alternation(data['half_words'])}))?"
    paren = r"(?:\s?\(\s?[^()\d]{2,40}?\s?\))?"
    digits = rf"(?<![\w.,])\d{{1,3}}(?:[.,]\d{{1,2}})?(?!\d){paren}"
    num = rf"(?:{digits}|(?<![^\W\d_]){word}(?:[\s-]{word})*){half}"
    yw, mw, dw = (rf"(?:{_alternation(units[k])})(?![^\W\d_])" for k in ("year", "month", "day"))
    ya = rf"(?:{_alternation(units['year_abbreviation'])})"
    sep = r"(?:[\s,]+(?:и\s|and\s|va\s)?\s?)"
    months = rf"{sep}(?P<GROUP>{num})[\s-]?{mw}"
    days = rf"(?:{sep}{num}[\s-]?{dw})?"
    pattern = (
        rf"(?P<y>{num})[\s-]?(?P<yu>{yw})(?:{months.replace('GROUP', 'm1')})?{days}"
        rf"|(?P<ya>{num})\s?{ya}{months.replace('GROUP', 'm2')}{days}"
        rf"|(?P<mo>{num})[\s-]?{mw}{days}"
    )
    all_units = [*units["year"], *units["year_abbreviation"], *units["month"]]
    return _TermGrammar(re.compile(pattern, re.IGNORECASE), words, _needles(all_units))


_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")
_HALF = re.compile(r"\s(?:с половиной|and a half|жарым|yarim|ярим|ва ним)$", re.IGNORECASE)


def _number(raw: str, g: _TermGrammar) -> float | None:
    text = raw.strip()
    half = 0.5 if _HALF.search(text) else 0.0
    text = _HALF.sub("", text)
    m = _DIGITS.match(text)
    if m:
        return float(m.group().replace(",", ".")) + half
    parts = [p for p in re.split(r"[\s-]+", text.lower()) if p]
    if not parts:
        return None
    langs = set.intersection(*(set(g.words.get(p, {})) for p in parts))
    if not langs:
        return None
    lang = min(langs)
    return sum(g.words[p][lang] for p in parts) + half


_SCAN_DIRECTLY = 600  # below this length a window search costs more than it saves
_BEFORE_UNIT, _AFTER_UNIT = 60, 70


def _windows(clean: str, start: int, stop: int, g: _TermGrammar) -> list[tuple[int, int]]:
    """Stretches of text around a unit word: the term regex only runs there."""
    low = clean.lower()
    if len(low) != len(clean):
        return [(start, stop)]
    hits: list[int] = []
    for needle in g.needles:
        i = low.find(needle, start, stop)
        while i != -1:
            if i > 0 and low[i - 1] in " -)":  # a unit is its own word after a number
                hits.append(i)
            i = low.find(needle, i + 1, stop)
    spans: list[tuple[int, int]] = []
    for i in sorted(hits):
        lo, hi = max(start, i - _BEFORE_UNIT), min(stop, i + _AFTER_UNIT)
        while lo > start and clean[lo - 1].isalnum():
            lo -= 1
        while hi < stop and clean[hi].isalnum():
            hi += 1
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    return spans


def _terms(clean: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
    """(months, start, end) of each term in the clean text."""
    g = _term_grammar()
    stop = len(clean) if end is None else end
    if stop - start <= _SCAN_DIRECTLY:
        return _terms_in(clean, start, stop, g)
    out: list[tuple[int, int, int]] = []
    for lo, hi in _windows(clean, start, stop, g):
        out.extend(_terms_in(clean, lo, hi, g))
    return out


def _terms_in(clean: str, start: int, stop: int, g: _TermGrammar) -> list[tuple[int, int, int]]:
    out = []
    pos = start
    while (m := g.regex.search(clean, pos, stop)) is not None:
        total = _months_of(m, g)
        if total is None:
            # "он пять лет": the words do not form one number; try again from the next word.
            nxt = clean.find(" ", m.start() + 1, m.end())
            pos = nxt if nxt != -1 else m.end()
            continue
        if total > 0:
            out.append((total, m.start(), m.end()))
        pos = m.end()
    return out


def _months_of(m: re.Match[str], g: _TermGrammar) -> int | None:
    years = months = 0.0
    lead = m.group("y") or m.group("ya")
    if lead:
        y = _number(lead, g)
        if y is None or y > 30:
            return None if y is None else 0
        years = y
    else:
        mo = _number(m.group("mo"), g)
        if mo is None or mo > 360:
            return None if mo is None else 0
        months = mo
    extra_raw = m.group("m1") or m.group("m2")
    if extra_raw:
        extra = _number(extra_raw, g)
        if extra is None:
            return None
        months += extra
    return round(years * 12 + months)


def find_terms(text: str) -> list[TermMatch]:
    """Every term of years/months in ``text`` as whole months ("4 года 1 месяц 20 дней" → 49)."""
    clean, offsets = clean_with_offsets(text)
    return [TermMatch(months, *_span(offsets, s, e)) for months, s, e in _terms(clean)]


# --------------------------------------------------------------------------------------------
# Punishment phrases


@dataclass(frozen=True)
class _Cues:
    punishments: PhraseMatcher[tuple[str, str]]  # ("type", name) | ("life", "") | ("skip", "")
    institutions: PhraseMatcher[str]
    probation: re.Pattern[str]
    negations: re.Pattern[str]
    amount: re.Pattern[str]
    units: PhraseMatcher[str]


@cache
def _cues() -> _Cues:
    data = load_yaml("articles")
    table: dict[str, list[tuple[str, str]]] = {}
    for kind, spellings in data["punishments"].items():
        for s in spellings:
            table.setdefault(s, []).append(("type", kind))
    for s in data["life_terms"]:
        table.setdefault(s, []).append(("life", "imprisonment"))
    for s in data["punishment_exclusions"]:
        table.setdefault(s, []).append(("skip", ""))
    inst = {s: [level] for level, cues in data["institutions"]["cues"].items() for s in cues}
    units = {s: [abbr] for abbr, spellings in data["fine_units"].items() for s in spellings}
    amount = (
        r"(?<![\w.,])(?P<n>\d{1,3}(?:[  ]?\d{3})+|\d+)(?:[.,]\d+)?\s?(?:\([^()]{1,60}\)\s?)?"
        rf"(?P<unit>{phrase_pattern(units)})(?!\w)"
    )
    return _Cues(
        punishments=PhraseMatcher(table, require_capital=False, anchored=True),
        institutions=PhraseMatcher(inst, require_capital=False),
        probation=re.compile(r"(?<!\w)(?:" + phrase_pattern(data["probation_cues"]) + r")(?!\w)",
                             re.IGNORECASE),
        negations=re.compile(r"(?<!\w)(?:" + phrase_pattern(data["conditional_negations"])
                             + r")(?!\w)", re.IGNORECASE),
        amount=re.compile(amount, re.IGNORECASE),
        units=PhraseMatcher(units, require_capital=False),
    )


_SENTENCE_END = re.compile(r"[.;!?](?=\s+[^\W\d_a-zа-яёәғқңөұүһі])|\n\s*\n")
_RANGE_BEFORE = re.compile(r"(?:от|до|свыше|не менее|не более|up to|from|between|сроком до)\s?$",
                           re.IGNORECASE)
_RANGE_AFTER = re.compile(r"^\s?(?:дейін\w*|до\s)", re.IGNORECASE)
_RANGE_NEXT = re.compile(r"\s?(?:-|–|до\s|to\s)\s?\d")
_LOOKBACK_GAP = re.compile(r"^[^\d.;:,()]{0,28}$")
_MAIN = ("imprisonment", "restricted_freedom")
_FORWARD, _WINDOW, _MERGE = 70, 320, 450


@dataclass
class _Draft:
    type: str
    start: int
    end: int
    months: int | None = None
    institution: str | None = None
    suspended: bool = False
    probation: int | None = None
    amount: str | None = None
    life: bool = False


def _sentence_end(clean: str, pos: int) -> int:
    m = _SENTENCE_END.search(clean, pos)
    return m.start() + 1 if m else len(clean)


def _sentence_start(clean: str, pos: int) -> int:
    lo = max(0, pos - 300)
    last = lo
    for m in _SENTENCE_END.finditer(clean, lo, pos):
        last = m.end()
    return last


def _plain_terms(clean: str, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """Terms that are not range bounds of a sanction ("от 5 до 9 лет", "бес жылдан")."""
    out = []
    for months, s, e in _terms(clean, lo, hi):
        if _RANGE_BEFORE.search(clean, max(0, s - 12), s) or _RANGE_AFTER.match(clean[e:e + 8]):
            continue
        if re.search(r"(?:дан|ден|тан|тен)$", clean[s:e]):
            continue
        out.append((months, s, e))
    return out


Term = tuple[int, int, int]  # months, start, end (clean offsets)


def _main_term(clean: str, start: int, end: int, limit: int,
               exclude: Term | None = None) -> Term | None:
    """The term of the punishment named at [start, end): just after it, else just before it;
    never a probation period (``exclude``, or anything after a probation cue)."""
    probation = _cues().probation.search(clean, end, limit)
    stop = min(limit, end + _FORWARD, probation.start() if probation else limit)
    forward = [t for t in _plain_terms(clean, end, stop) if t != exclude]
    if forward:
        return forward[0]
    before = _plain_terms(clean, max(0, start - 60), start)
    if before and before[-1] != exclude and _LOOKBACK_GAP.match(clean[before[-1][2]:start]):
        return before[-1]
    return None


def _probation(clean: str, lo: int, hi: int) -> tuple[Term, int] | None:
    """The probation term named between lo and hi, and where its phrase ends."""
    cue = _cues().probation.search(clean, lo, hi)
    if cue is None:
        return None
    after = _terms(clean, cue.end(), min(len(clean), cue.end() + 45))
    if after:
        return after[0], after[0][2]
    before = _terms(clean, max(lo, cue.start() - 30), cue.start())
    if before and _LOOKBACK_GAP.match(clean[before[-1][2]:cue.start()]):
        return before[-1], cue.end()
    return None


def _fill(d: _Draft, clean: str, limit: int) -> None:
    cues = _cues()
    found = _probation(clean, d.start, limit) if d.type == "conditional" else None
    if d.type in _MAIN or d.type == "conditional":
        term = _main_term(clean, d.start, d.end, limit, found[0] if found else None)
        if term:
            d.months = term[0]
            d.start, d.end = min(d.start, term[1]), max(d.end, term[2])
    if d.type in _MAIN:
        # from the start: "six years in a medium-security penal colony" names it before the cue
        for hit in cues.institutions.finditer(clean, d.start, min(limit, d.end + _WINDOW)):
            d.institution, d.end = hit.values[0], max(d.end, hit.end)
            break
    if d.type == "fine":
        m = cues.amount.search(clean, d.end, min(limit, d.end + 120))
        if m and (_RANGE_BEFORE.search(clean, max(0, m.start() - 12), m.start())
                  or _RANGE_NEXT.match(clean, m.end())):
            m = None  # "штраф от 1000 до 2000 рублей": a sanction, not a sentence
        if m:
            unit = cues.units.lookup(m.group("unit"))
            digits = re.sub(r"\D", "", m.group("n"))
            d.amount = f"{digits} {unit.values[0] if unit else m.group('unit')}"
            d.end = m.end()
    if d.type == "conditional":
        d.suspended = True
        if found:
            d.probation, d.end = found[0][0], max(d.end, found[1])


def _sentences_in_clean(clean: str) -> list[_Draft]:
    cues = _cues()
    anchors = [h for h in cues.punishments.finditer(clean) if h.values[0][0] != "skip"]
    drafts: list[_Draft] = []
    for i, hit in enumerate(anchors):
        kind, name = hit.values[0]
        nxt = anchors[i + 1].start if i + 1 < len(anchors) else len(clean)
        limit = min(nxt, hit.end + _WINDOW)
        if name == "conditional":
            s0 = _sentence_start(clean, hit.start)
            if cues.negations.search(clean, s0, min(len(clean), hit.end + 60)):
                continue
            prev = drafts[-1] if drafts else None
            close = prev is not None and hit.start - prev.end <= _MERGE
            if prev and close and prev.type in _MAIN and not prev.suspended:
                prev.type, prev.suspended = "conditional", True
                found = _probation(clean, hit.start, max(limit, _sentence_end(clean, hit.end)))
                prev.end = max(prev.end, hit.end)
                if found:
                    prev.probation, prev.end = found[0][0], max(prev.end, found[1])
                continue
        if drafts and drafts[-1].life and hit.start < drafts[-1].end:
            continue  # "пожизненное лишение свободы" already taken as a whole
        d = _Draft(name, hit.start, hit.end, life=(kind == "life"))
        _fill(d, clean, max(limit, min(nxt, _sentence_end(clean, hit.end))))
        if d.type in _MAIN and d.months is None and d.institution is None and not d.life:
            continue  # a mention ("наказание в виде лишения свободы"), not a sentence
        if d.type == "fine" and d.amount is None:
            continue
        if d.type == "conditional" and d.months is None and d.probation is None:
            continue  # "все условно согласились": no term, no probation, no sentence
        drafts.append(d)
    return drafts


def find_sentences(text: str) -> list[SentenceMatch]:
    """Every punishment phrase in ``text``, in text order, with spans in the original text."""
    clean, offsets = clean_with_offsets(text)
    out = []
    for d in _sentences_in_clean(clean):
        start, end = _span(offsets, d.start, d.end)
        out.append(SentenceMatch(d.type, d.months, d.institution, d.suspended, d.probation,
                                 d.amount, start, end))
    return out
