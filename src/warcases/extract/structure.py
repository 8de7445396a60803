"""The parts of a Russian-language verdict and its case-level facts.

A verdict (or a court ruling, «постановление») has a header and an introductory part (date,
place, court, its composition, the defendants), a descriptive part after «УСТАНОВИЛ:» and an
operative part after «ПРИГОВОРИЛ:» / «ПОСТАНОВИЛ:». This module finds those parts and reads the
court, the verdict date, the case number, the country, the procedure, the outcome and the
additional penalties. Cue phrases are data: knowledge/verdict_ru.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from warcases.knowledge import load_yaml

_FLAGS = re.MULTILINE


@dataclass(frozen=True)
class Hit:
    """A value read from the text and the span of the words it came from."""

    value: Any
    start: int
    end: int


@dataclass(frozen=True)
class Parts:
    intro_end: int  # where the descriptive heading (or the operative one) starts
    descriptive: tuple[int, int] | None  # body after «УСТАНОВИЛ:»
    operative: tuple[int, int] | None  # body after «ПРИГОВОРИЛ:» / «ПОСТАНОВИЛ:»


# --- cues --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """The parsed knowledge/verdict_ru.yaml."""
    return load_yaml("verdict_ru")


@lru_cache(maxsize=16)
def folded(text: str) -> str:
    """``text`` in lower case with every offset kept, for the cue patterns (which are written
    in lower case: a case-sensitive search for a literal prefix is many times faster than an
    IGNORECASE one)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return low


@lru_cache(maxsize=512)
def rx(pattern: str, flags: int = _FLAGS) -> re.Pattern[str]:
    """A cue pattern, to run on ``folded(text)``."""
    return re.compile(pattern, flags)


def any_rx(patterns: list[str] | tuple[str, ...], flags: int = _FLAGS) -> re.Pattern[str]:
    """One compiled alternation of several cue patterns, to run on ``folded(text)``."""
    return _alternation(tuple(patterns), flags)


@lru_cache(maxsize=256)
def _alternation(patterns: tuple[str, ...], flags: int) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


# --- parts -------------------------------------------------------------------------------


# Patterns start with the heading's letters, not with a look-behind: a regex that starts with
# a literal is searched many times faster. The word boundary before it is checked afterwards.
_HEADING_END = r"(?![\w])[ \t]*(?::|(?=[ \t]*(?:\r?\n|$)))"


@lru_cache(maxsize=8)
def _heading_rxs(kind: str) -> tuple[re.Pattern[str], ...]:
    words = cues()["sections"][kind]
    plain = "|".join(re.escape(w) for w in words)  # in capitals, case-sensitive
    spaced = "|".join("[ \t]+".join(re.escape(ch) for ch in w) for w in words)  # «П Р И …»
    # «установил:» / «Установил:» at the end of its line
    lower = "|".join(re.escape(v) for w in words for v in (w.lower(), w.capitalize()))
    return (
        re.compile(rf"(?:{plain}){_HEADING_END}"),
        re.compile(rf"(?:{spaced}){_HEADING_END}"),
        re.compile(rf"(?:{lower})[ \t]*:[ \t]*(?=\r?\n|$)"),
    )


def _heading(text: str, kind: str, start: int) -> re.Match[str] | None:
    for pattern in _heading_rxs(kind):
        for m in pattern.finditer(text, start):
            if m.start() == 0 or not text[m.start() - 1].isalnum():
                return m
    return None


@lru_cache(maxsize=2)
def _inline_rx(kind: str) -> re.Pattern[str] | None:
    patterns = cues()["sections"].get(f"{kind}_inline") or []
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _inline(text: str, kind: str, start: int, end: int) -> re.Match[str] | None:
    pattern = _inline_rx(kind)
    return pattern.search(text, start, end) if pattern is not None else None


def find_parts(text: str) -> Parts:
    desc = _heading(text, "descriptive", 0)
    op = _heading(text, "operative", desc.end() if desc else 0)
    if desc is None:
        # Running text with no headings: «…, установил, что …», before the operative part.
        first_op = op or _inline(text, "operative", 0, len(text))
        desc = _inline(text, "descriptive", 0, first_op.start() if first_op else len(text))
    if op is None:
        op = _inline(text, "operative", desc.end() if desc else 0, len(text))
    end = len(text)
    if desc and op:
        return Parts(desc.start(), (desc.end(), op.start()), (op.end(), end))
    if desc:
        return Parts(desc.start(), (desc.end(), end), None)
    if op:
        return Parts(op.start(), None, (op.end(), end))
    return Parts(end, None, None)


# --- court, date, number, country ----------------------------------------------------------

_COURT_WORD = re.compile(r"(?<![\w])суд(?![\w])", re.IGNORECASE)
_ADJ = re.compile(r"^(?:[\w\-]+(?:ый|ий|ой)|\w+(?:ый|ий|ой)-на-\w+|\d+|№)$", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_BARE_COURT = re.compile(r"суд$", re.IGNORECASE)  # «Суд» alone is not a court's name


def find_court(text: str, parts: Parts) -> Hit | None:
    """The court as written, from the words before «в составе» in the introductory part."""
    conf = cues()["court"]
    limit = parts.intro_end
    for stop in any_rx(conf["before"]).finditer(folded(text), 0, limit):
        hit = _court_before(text, stop.start())
        if hit and not _BARE_COURT.match(hit.value):
            return hit
    # «Суд в составе …» after the court's full name on a line of its own in the header
    # («Петропавловский городской суд …\nг. Петропавловск, …\nСуд в составе …»).
    for m in _COURT_WORD.finditer(text, 0, limit):
        if text[m.end():m.end() + 12].lstrip().startswith("в состав"):
            continue
        line_end = text.find("\n", m.end())
        line_end = line_end if line_end != -1 else limit
        tail = re.search(r"[,.;]", text[m.end():line_end])
        end = m.end() + (tail.start() if tail else line_end - m.end())
        hit = _court_from(text, m.start(), end)
        if hit and not _BARE_COURT.match(hit.value):
            return hit
    m = _COURT_WORD.search(text, 0, limit)
    if m:
        line_end = text.find("\n", m.end())
        line_end = line_end if line_end != -1 else limit
        tail = re.search(r"[,.;]", text[m.end():line_end])
        end = m.end() + (tail.start() if tail else line_end - m.end())
        return _court_from(text, m.start(), end)
    return None


def _court_before(text: str, end: int) -> Hit | None:
    window_start = max(0, end - 300)
    words = list(_COURT_WORD.finditer(text, window_start, end))
    if not words:
        return None
    return _court_from(text, words[-1].start(), end)


def _court_from(text: str, court_word: int, end: int) -> Hit | None:
    """Walk back from the word «суд» over the adjectives and numbers of the court's name."""
    start = court_word
    prefix = text[max(0, court_word - 200):court_word]
    tokens = list(_WORD.finditer(prefix))
    base = max(0, court_word - 200)
    for tok in reversed(tokens):
        word = tok.group(0).strip("«»\"'")
        if not _ADJ.match(word) or re.search(r"[.,;:]$", tok.group(0)):
            break
        start = base + tok.start()
        if word[:1].isupper() and not word.isupper():
            break  # the first word of the name is capitalised; «г. Рудный» before it is not
    value = _dehyphenate(" ".join(text[start:end].split())).strip(" ,")
    if not value or not _COURT_WORD.search(value):
        return None
    value = value[0].upper() + value[1:]
    return Hit(value, start, end)


def _dehyphenate(value: str) -> str:
    """Undo words broken at a line end: «Атыраус- кой» → «Атырауской» (not «Ат-Башинский»)."""
    return re.sub(r"(?<=[а-яё])-\s+(?=[а-яё])", "", value)


def find_verdict_date(text: str, court: Hit | None, parts: Parts) -> Hit | None:
    """The date in the header (before the court's name), else the first date of the
    introductory part that is not a date of birth."""
    from warcases.extract.dates import find_dates

    birth = rx(cues()["defendant"]["birth"])
    header_end = court.start if court else parts.intro_end
    for lo, hi in ((0, header_end), (0, parts.intro_end)):
        for d in find_dates(text[lo:hi]):
            if len(d.date) != 10:
                continue
            after = folded(text)[lo + d.end: lo + d.end + 25]
            if birth.match(after.lstrip(" ,")):
                continue
            return Hit(d.date, lo + d.start, lo + d.end)
    return None


def find_case_number(text: str, parts: Parts) -> Hit | None:
    pattern = rx(cues()["case_number"])
    low = folded(text)
    for lo, hi in ((0, parts.intro_end), (0, len(text))):
        m = pattern.search(low, lo, hi)
        if m:
            s, e = m.span("number")
            while e > s and text[e - 1] in "./":
                e -= 1
            return Hit(text[s:e], s, e)
    return None


def find_country(text: str, parts: Parts) -> Hit | None:
    """The country of the court: the «ИМЕНЕМ ...» header, else the codes it cites most."""
    conf = cues()["country"]
    head_end = min(len(text), max(parts.intro_end, 1))
    best: Hit | None = None
    low = folded(text)
    for code, patterns in conf["header"].items():
        m = any_rx(patterns).search(low, 0, head_end)
        if m and (best is None or m.start() < best.start):
            best = Hit(code, m.start(), m.end())
    if best:
        return best
    counts: dict[str, list[re.Match[str]]] = {}
    for code, patterns in conf["codes"].items():
        found = list(any_rx(patterns, re.MULTILINE).finditer(text))
        if found:
            counts[code] = found
    if not counts:
        return None
    code = max(counts, key=lambda c: (len(counts[c]), -counts[c][0].start()))
    first = counts[code][0]
    return Hit(code, first.start(), first.end())


# --- procedure, outcome ----------------------------------------------------------------------


def find_procedure(text: str, parts: Parts, outcome: str | None) -> Hit | None:
    conf = cues()["procedure"]
    limit = parts.operative[0] if parts.operative else len(text)
    refused = any_rx(conf["refused"])
    low = folded(text)
    # In order of precedence: a plea agreement is tried «в порядке согласительного производства».
    for item in conf["order"]:
        for m in any_rx(item["cues"]).finditer(low, 0, limit):
            sentence_start = max(low.rfind(".", 0, m.start()), low.rfind("\n", 0, m.start()))
            if not refused.search(low, sentence_start + 1, min(len(low), m.end() + 40)):
                return Hit(item["value"], m.start(), m.end())
    # No decision read: an operative part we cannot read says nothing; a text that stops
    # before the operative part (a draft, a cut scan) still tells how the trial was held.
    if outcome == "returned_to_prosecutor" or (outcome is None and parts.operative is not None):
        return None
    if any_rx(conf["no_trial"]).search(low, 0, limit):
        return None
    trial = any_rx(conf["trial"]).search(low, 0, limit)
    if trial:
        return Hit(conf["default"], trial.start(), trial.end())
    return None


def find_outcome(text: str, start: int, end: int) -> Hit | None:
    """The outcome read in ``text[start:end]`` (an operative part or one defendant's share)."""
    low = folded(text)
    for item in cues()["outcome"]:
        m = any_rx(item["cues"]).search(low, start, end)
        if m:
            return Hit(item["value"], m.start(), m.end())
    return None


# --- additional penalties --------------------------------------------------------------------


def find_penalties(
    text: str, windows: list[tuple[int, int]], main: tuple[str, int, int] | None
) -> tuple[list[Hit], list[Hit]]:
    """Additional penalties in a defendant's operative windows, and confiscated amounts.

    ``main`` is the main punishment (type, start, end): a fine that *is* the main punishment
    is not an additional one.
    """
    conf = cues()["penalties"]
    skip = any_rx(conf["skip_paragraphs"])
    amount_rx = rx(conf["amount"])
    found: list[Hit] = []
    amounts: list[Hit] = []
    low = folded(text)
    for lo, hi in windows:
        for p_lo, p_hi in paragraphs(text, lo, hi):
            if skip.match(low, p_lo, p_hi):
                continue
            for value in ("confiscation", "citizenship_deprivation", "fine", "travel_ban", "expulsion"):
                for m in any_rx(conf[value]).finditer(low, p_lo, p_hi):
                    if value == "fine" and main and main[0] == "fine" and main[1] <= m.start() < main[2]:
                        continue
                    if value == "fine" and _RELEASED.search(low, max(p_lo, m.start() - 40), m.start()):
                        continue
                    found.append(Hit(value, m.start(), m.end()))
                    if value == "confiscation":
                        a = amount_rx.search(low, m.end(), min(p_hi, m.end() + 300))
                        if a:
                            amounts.append(Hit(_money(a), a.start(), a.end()))
                    break
    return found, amounts


_RELEASED = re.compile(r"освобод\w*\s+от\s+(?:уплаты\s+)?$")


def _money(m: re.Match[str]) -> dict[str, Any]:
    digits = re.sub(r"[\s.]", "", m.group("amount")).split(",")[0]
    currency = m.group("currency").lower()
    code = next(
        (iso for stem, iso in cues()["penalties"]["currencies"].items() if currency.startswith(stem)),
        None,
    )
    return {"amount": int(digits) if digits.isdigit() else None, "currency": code}


# --- text helpers ------------------------------------------------------------------------------


# A paragraph ends at a blank line, or at a line break after a full stop, colon or semicolon
# (PDF text wraps lines inside paragraphs and has no blank lines) — but not after an initial
# or an abbreviation («уроженца г.\nЖанаозен»).
_PARAGRAPH_END = re.compile(r"\n[ \t\r]*\n|(?<=[.;:!?])[ \t\r]*\n")
_ABBREVIATION_END = re.compile(
    r"(?:(?<![\w])[А-ЯЁA-Zа-яё]|(?<![\w])(?:гг|ст|ул|кв|им|обл|тыс|руб|мкр|пр|пос|пгт|т\.е|т\.к|др|см|стр))\.$"
)


def _paragraph_ends(text: str, start: int, end: int) -> list[re.Match[str]]:
    return [
        m
        for m in _PARAGRAPH_END.finditer(text, start, end)
        if not (
            text[m.start() - 1:m.start()] == "."
            and _ABBREVIATION_END.search(text, max(start, m.start() - 6), m.start())
        )
    ]


def paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the paragraphs in ``text[start:end]``."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in _paragraph_ends(text, start, end):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:end].strip():
        out.append((pos, end))
    return out


def paragraph_start(text: str, pos: int, floor: int = 0) -> int:
    """Where the paragraph holding ``pos`` starts (looking back at most 1000 characters)."""
    ends = _paragraph_ends(text, max(floor, pos - 1000), pos)
    return ends[-1].end() if ends else max(floor, pos - 1000)


# Scan and PDF damage, undone before reading:
# - a word broken at the line end loses its hyphen; a number («1-1001-\n2402/211») keeps it;
# - a letter that cannot start a word, split off by a stray space («пят ь», «средне й»),
#   rejoins its word;
# - a digit or Latin look-alike inside a Cyrillic word («сво6оды», «ИВAНОВ») becomes the
#   Cyrillic letter.
_LOWER = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі")
_CYRILLIC = _LOWER | frozenset(ch.upper() for ch in _LOWER)
# Cheap candidate searches (a literal or a small class first), checked against the
# neighbouring letters in Python: lookbehinds at every position are many times slower.
_LINE_BREAK_HYPHEN = re.compile(r"-[ \t]*\r?\n[ \t]*")
_LONE_LETTER = re.compile(r"[ \t](?=[ьйыъЬЙЫЪ])")
_LOOKALIKE = re.compile(r"[06aeopcxyABCEHKMOPTX]")
_CYRILLIC_OF = str.maketrans("06aeopcxyABCEHKMOPTX", "обаеорсхуАВСЕНКМОРТХ")
_LATIN_LOOKALIKES = frozenset("aeopcxyABCEHKMOPTX")


def _drops(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _LINE_BREAK_HYPHEN.finditer(text):
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if before in _LOWER and after in _LOWER and before and after:
            out.append((m.start(), m.end()))
        elif before.isdigit() and after.isdigit():
            out.append((m.start() + 1, m.end()))
    for m in _LONE_LETTER.finditer(text):
        before, next2 = text[m.start() - 1:m.start()], text[m.end() + 1:m.end() + 2]
        if before and before in _CYRILLIC and not (next2 and next2 in _CYRILLIC):
            out.append((m.start(), m.end()))
    return sorted(out)


def _swaps(text: str) -> list[int]:
    """Positions of look-alikes to turn Cyrillic: a digit between two Cyrillic letters, and
    every Latin look-alike of a word that also holds Cyrillic letters and no other Latin one
    («ПPИГOВOP», «EPЖAНOВA», «cт.», «БAPC»)."""
    out: set[int] = set()
    done_to = -1
    n = len(text)
    for m in _LOOKALIKE.finditer(text):
        i = m.start()
        if i <= done_to:
            continue
        left = text[i - 1] if i else ""
        right = text[i + 1] if i + 1 < n else ""
        if not (left in _CYRILLIC and left or right in _CYRILLIC and right):
            continue
        if text[i].isdigit():
            if left and right and left in _CYRILLIC and right in _CYRILLIC:
                out.add(i)
            continue
        lo, hi = i, i + 1
        while lo > 0 and text[lo - 1].isalpha():
            lo -= 1
        while hi < n and text[hi].isalpha():
            hi += 1
        done_to = hi
        latin = [j for j in range(lo, hi) if text[j].isascii()]
        if all(text[j] in _LATIN_LOOKALIKES for j in latin):
            out.update(latin)
    return sorted(out)


def repair_text(text: str) -> tuple[str, list[int]] | None:
    """The text with scan damage undone (see above), and the offset in ``text`` of every
    character of the result (plus one past the end); None when there is nothing to undo."""
    swaps = _swaps(text)
    drops = _drops(text)
    if not drops and not swaps:
        return None
    chars = list(text)
    for i in swaps:
        chars[i] = chars[i].translate(_CYRILLIC_OF)
    fixed = "".join(chars)
    pieces: list[str] = []
    offsets: list[int] = []
    pos = 0
    for lo, hi in drops:
        pieces.append(fixed[pos:lo])
        offsets.extend(range(pos, lo))
        pos = hi
    pieces.append(fixed[pos:])
    offsets.extend(range(pos, len(text) + 1))
    return "".join(pieces), offsets
