"""The punishment a news report gives a defendant: «приговорил к пяти годам лишения свободы»,
«получил 5 лет», "sentenced to four and a half years in prison", «5 жылға бас бостандығынан
айырды», «трем годам лишения свободы условно с испытательным сроком три года».

Reports are looser than verdicts, so rather than the verdict grammar a term
(``terms.find_terms``) next to a punishment word or a sentencing verb is taken, with its type
from the punishment words around it. Ages («27 лет», "aged 27") and years («в 2022–2023
годах») are never terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warcases.extract.news_lexicon import knowledge, lexicon, phrases_regex

MAX_MONTHS = 50 * 12


@dataclass(frozen=True)
class Punishment:
    type: str
    months: int | None
    institution: str | None
    suspended: bool
    probation_months: int | None
    start: int
    end: int


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and e > a for a, b in spans)


def _terms(
    text: str, start: int, end: int, masked: list[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    from warcases.extract.terms import find_terms

    out = []
    for t in find_terms(text[start:end]):
        s, e = start + t.start, start + t.end
        if not 0 < t.months <= MAX_MONTHS or _overlaps(s, e, masked):
            continue
        if re.fullmatch(r"\s*\d{4}\s*\S*", text[s:e]) or re.search(
            r"\d{4}\s*(?:год|year|жыл)", text[s:e]
        ):
            continue  # a calendar year, not a term
        out.append((t.months, s, e))
    return out


def has_term(text: str, start: int, end: int) -> bool:
    return bool(_terms(text, start, end, []))


def institution(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    hit = lexicon("news", "institution").first_label(text, start, end)
    return (hit[0], hit[1].start(), hit[1].end()) if hit else None


def find_punishment(
    text: str,
    start: int,
    end: int,
    language: str,
    masked: list[tuple[int, int]],
    context: tuple[int, int] | None = None,
) -> Punishment | None:
    """The first punishment stated in ``text[start:end]``; punishment words and sentencing
    verbs count anywhere in ``context`` (the whole sentence), so «Е.Б.-ға 5 жыл, Н.С.-ға 4 жыл
    6 ай бас бостандығынан айыру жазасын тағайындады» gives each person their own term."""
    c0, c1 = context or (start, end)
    words = lexicon("news", "sentence_words")
    verbs = phrases_regex(
        knowledge("news")["verdict_verbs"].get(language, [])
        + knowledge("news")["term_verbs"].get(language, [])
    )
    terms = _terms(text, c0, c1, masked)
    hits = words.all_matches(text, c0, c1)
    previous_ok: int | None = None  # end of the last accepted term of the sentence
    for months, s, e in terms:
        near_word = [
            (label, m) for label, m in hits if abs(m.start() - e) < 70 or abs(s - m.end()) < 40
        ]
        near_verb = verbs.search(text, max(c0, s - 90), s)
        # «Олег И. получил 5 лет …, Даурен Б. … – 4 г. 6 мес.»: a term listed after an accepted
        # one shares its verb
        listed = previous_ok is not None and ";" not in text[previous_ok:s]
        if not near_word and not near_verb and not listed:
            continue
        previous_ok = e
        if not start <= s < end:
            continue
        kind = _type(text, s, e, near_word, start, end)
        if kind == "imprisonment" and not any(label == "imprisonment" for label, _ in near_word):
            # «Абдиев получил семь лет, Токтоматов – шесть лет лишения свободы»: the type
            # named once for all the terms of a sentence
            later = [label for label, m in hits if m.start() >= e and label != "conditional"]
            kind = later[0] if later else kind
        probation = None
        suspended = kind == "conditional"
        if suspended:
            p = phrases_regex(knowledge("news")["probation_cues"]).search(text, e, c1)
            if p:
                after = [t for t in terms if t[1] >= p.end() and t[1] - p.end() < 25]
                before = [t for t in terms if t[1] > e and 0 <= p.start() - t[2] < 15]
                chosen = after or before
                probation = chosen[0][0] if chosen else None
        return Punishment(kind, months, None, suspended, probation, s, e)
    # «Его оштрафовали на 200 базовых расчетных величин»: a fine has a sum, not a term
    fines = [m for label, m in words.all_matches(text, start, end) if label == "fine"]
    if fines and not _terms(text, start, end, masked):
        m = fines[0]
        return Punishment("fine", None, None, False, None, m.start(), m.end())
    return None


def _type(text: str, s: int, e: int, near: list, start: int, end: int) -> str:
    labels = [label for label, _ in near]
    if "conditional" in labels or lexicon("news", "sentence_words").patterns["conditional"].search(
        text, e, min(end, e + 40)
    ):
        return "conditional"
    if "restricted_freedom" in labels:
        return "restricted_freedom"
    if "fine" in labels and "imprisonment" not in labels:
        return "fine"
    return "imprisonment"
