"""Fact builders shared by the news extractor and the Kazakh verdict extractor: charges,
sentences, additional penalties, age arithmetic, regions, service facts assigned to defendants.

Every builder takes a window ``text[start:end]`` and returns facts with whole-text offsets.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from warcases.extract.news_lexicon import lexicon, phrases_regex
from warcases.model import Fact

_SENTENCE_END = re.compile(r"[.!?\n]\s")


def age_at(birth: str | None, on: str | None) -> int | None:
    """Full years between an ISO birth date and an ISO date; None when either is partial."""
    if not birth or not on or len(birth) < 10 or len(on) < 10:
        return None
    try:
        b, d = date.fromisoformat(birth[:10]), date.fromisoformat(on[:10])
    except ValueError:
        return None
    years = d.year - b.year - ((d.month, d.day) < (b.month, b.day))
    return years if 0 < years < 120 else None


def first_region(matches: list[Any]) -> str | None:
    return matches[0].region if matches else None


def charge_facts(
    text: str, start: int, end: int, country: str | None, confidence: float
) -> list[Fact]:
    """One fact per distinct charge found in ``text[start:end]`` (General-Part articles such as
    «ҚК-нің 55-бабы» are not charges: ``find_charges`` leaves them out)."""
    from warcases.extract.charges import find_charges

    out: list[Fact] = []
    seen: set[str] = set()
    for c in find_charges(text[start:end], country):
        if c.code in seen:
            continue
        seen.add(c.code)
        out.append(Fact("charges", c.code, start + c.start, start + c.end, confidence))
    return out


def pick_sentence(text: str, start: int, end: int, final_cues: list[str] | None = None) -> Any:
    """The punishment of a window: the final (aggregate) one when the text says so, else the
    first; offsets made whole-text."""
    from warcases.extract.terms import find_sentences

    found = [
        replace(s, start=s.start + start, end=s.end + start)
        for s in find_sentences(text[start:end])
    ]
    if not found:
        return None
    if final_cues:
        cue = phrases_regex(final_cues)
        finals = [s for s in found if cue.search(text, max(start, s.start - 200), s.end)]
        if finals:
            return finals[-1]
    return found[0]


def sentence_facts(s: Any, confidence: float) -> list[Fact]:
    out = [Fact("sentence.type", s.type, s.start, s.end, confidence)]
    if s.months is not None:
        out.append(Fact("sentence.months", s.months, s.start, s.end, confidence))
    if s.institution is not None:
        out.append(Fact("sentence.institution", s.institution, s.start, s.end, confidence))
    suspended = bool(s.suspended) or s.type == "conditional"
    out.append(Fact("sentence.suspended", suspended, s.start, s.end, confidence))
    if s.probation_months is not None:
        out.append(
            Fact("sentence.probation_months", s.probation_months, s.start, s.end, confidence)
        )
    return out


def penalties(
    text: str, start: int, end: int, knowledge_name: str, confidence: float
) -> list[Fact]:
    out: list[Fact] = []
    seen: set[str] = set()
    for label, m in lexicon(knowledge_name, "additional_penalties").all_matches(text, start, end):
        if label not in seen:
            seen.add(label)
            out.append(Fact("additional_penalties", label, m.start(), m.end(), confidence))
    return out


def _sentence_start(text: str, pos: int, floor: int) -> int:
    best = floor
    for m in _SENTENCE_END.finditer(text, floor, pos):
        best = m.end()
    return best


def assign_service(
    text: str,
    language: str,
    start: int,
    end: int,
    keys: list[str],
    *,
    card: int,
    confidence: float,
) -> list[Fact]:
    """Service facts of ``text[start:end]`` given to the defendants whose name keys (lower-case
    surname stems) are mentioned in the same sentence before the fact, else the last mentioned
    before it; with one defendant, all of them. Russian citizenship adds RU to citizenship."""
    from warcases.extract.service import find_service_facts

    facts = find_service_facts(text, language, start, end)
    if not facts or not keys:
        return []
    mentions = {
        i: [
            m.start()
            for m in re.finditer(r"(?<![\w])" + re.escape(k), text[start:end], re.IGNORECASE)
        ]
        for i, k in enumerate(keys)
        if k
    }
    out: list[Fact] = []
    for f in facts:
        owners = [0]
        if len(keys) > 1:
            rel = f.start - start
            sent = _sentence_start(text, f.start, start) - start
            in_sentence = [i for i, ps in mentions.items() if any(sent <= p <= rel for p in ps)]
            if in_sentence:
                owners = in_sentence
            else:
                before = [
                    (max(p for p in ps if p <= rel), i)
                    for i, ps in mentions.items()
                    if any(p <= rel for p in ps)
                ]
                owners = [max(before)[1]] if before else list(range(len(keys)))
        for i in owners:
            conf = min(f.confidence, confidence)
            out.append(replace(f, card=card, defendant=i, confidence=conf))
            if f.prop == "russian_citizenship" and f.value is True:
                out.append(Fact("citizenship", "RU", f.start, f.end, conf, card, i))
    return out
