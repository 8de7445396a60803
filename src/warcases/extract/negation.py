"""Sentences, clauses, and the scope of negation, denial, attribution and hypotheticals.

A fact found in a sentence is *asserted* unless something in the sentence takes it back:

- negation: a negation word shortly before it in its clause («не хотел отбывать наказание в
  колонии»), or right after it («контрактов с МО РФ он не заключал»); «не менее», «не
  отрицал» and the like are not negations;
- denial: it lies in what the speaker denies («отрицал, что участвовал в боевых действиях»);
- hypothetical: the sentence is a condition, a warning or a law («если», «грозит»,
  «предусмотрена») or its clause is conditional («бы»);
- evidence: it lies in a list of evidence («вина подтверждается показаниями ...»), which only
  repeats what was found elsewhere;
- other person: it describes a witness, not the defendant («свидетель К., также проходивший
  службу в «Ахмат», показал ...»).

An asserted fact may still be attributed: hedged («по его словам», «как он пояснил» → lower
confidence), reported («пояснил, что») or from the charge («обвиняется в том, что»).

This module does not search text: callers pass the cues they found (kind and span), so any
matcher can feed it. The cue lists per language live in knowledge/recruitment.yaml (`scopes`);
``cue_lists(language)`` returns them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from warcases.knowledge import load_yaml

# Cue kinds (keys of knowledge/recruitment.yaml → scopes → language).
NEGATION = "negation"
NEGATION_AFTER = "negation_after"
NEGATION_EXEMPT = "negation_exempt"
DENIAL = "denial"
HEDGE = "hedge"
REPORTED = "reported"
ACCUSATION = "accusation"
HYPOTHETICAL_SENTENCE = "hypothetical_sentence"
HYPOTHETICAL_CLAUSE = "hypothetical_clause"
EVIDENCE = "evidence"
WITNESS = "witness"
WITNESS_REPORT = "witness_report"
CONJUNCTION = "conjunctions"
SOFT_BOUNDARY = "soft_boundaries"
CUE_KINDS = (
    NEGATION,
    NEGATION_AFTER,
    NEGATION_EXEMPT,
    DENIAL,
    HEDGE,
    REPORTED,
    ACCUSATION,
    HYPOTHETICAL_SENTENCE,
    HYPOTHETICAL_CLAUSE,
    EVIDENCE,
    WITNESS,
    WITNESS_REPORT,
    CONJUNCTION,
    SOFT_BOUNDARY,
)

# Kinds made of single short words («и», «а», «но»): found with str.find, not by a matcher.
WORD_CUES = (CONJUNCTION, SOFT_BOUNDARY)

HEDGED_CONFIDENCE = 0.6
REPORTED_CONFIDENCE = 0.8

NEGATION_BEFORE_WORDS = 4  # «не хотел отбывать наказание | в колонии»
NEGATION_AFTER_WORDS = 3  # «контрактов с МО РФ | он не заключал»

_WORD = re.compile(r"\w+")
_CLAUSE_PUNCT = re.compile(r"[,;:()\[\]]|\s[–—-]\s")
_SENTENCE_END = re.compile(r"[.!?…]+[\"»”')]*\s+|\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Cue:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Scope:
    negated: bool = False
    denied: bool = False
    hypothetical: bool = False
    evidence: bool = False
    other_person: bool = False
    hedged: bool = False
    reported: bool = False
    accused: bool = False

    @property
    def asserted(self) -> bool:
        """True when nothing in the sentence takes the statement back."""
        return not (
            self.negated or self.denied or self.hypothetical or self.evidence or self.other_person
        )

    def confidence(self, base: float) -> float:
        if self.hedged:
            return min(base, HEDGED_CONFIDENCE)
        if self.reported or self.accused:
            return min(base, REPORTED_CONFIDENCE)
        return base


@cache
def _scopes_yaml() -> dict[str, Any]:
    raw = load_yaml("recruitment")
    scopes = raw.get("scopes") if isinstance(raw, dict) else None
    if not isinstance(scopes, dict) or "ru" not in scopes:
        raise ValueError(
            "knowledge/recruitment.yaml: `scopes` must map languages (at least ru) to cue lists"
        )
    return scopes


def scope_language(language: str) -> str:
    """The cue language used for a document language (other languages fall back to ru)."""
    return language if language in _scopes_yaml() else "ru"


def cue_lists(language: str) -> dict[str, list[str]]:
    """Cue phrases by kind for a language, in the alias syntax of knowledge/formations.yaml."""
    table = _scopes_yaml()[scope_language(language)]
    return {
        kind: [str(x) for x in (table.get(kind) or [])]
        for kind in CUE_KINDS
        if kind != "abbreviations"
    }


@cache
def _word_cue_regex(language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    lists = cue_lists(language)
    kinds: dict[str, str] = {}
    for kind in WORD_CUES:
        for word in lists.get(kind, []):
            if not re.fullmatch(r"\w+(?: \w+)*", word):
                raise ValueError(f"scopes/{language}/{kind}: {word!r} must be plain words")
            kinds[word.lower()] = kind
    words = sorted(kinds, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) or "(?!)"
    return re.compile(rf"[ \n\t]({body})(?!\w)"), kinds


def word_cues(text: str, start: int, end: int, language: str) -> list[Cue]:
    """Conjunctions and soft boundaries («и», «а», «но», «однако») in ``text[start:end]``."""
    rx, kinds = _word_cue_regex(scope_language(language))
    low = text.lower() if len(text.lower()) == len(text) else text
    return [
        Cue(kinds.get(" ".join(m.group(1).split()), CONJUNCTION), m.start(1), m.end(1))
        for m in rx.finditer(low, max(start - 1, 0), end)
    ]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def abbreviations(language: str) -> frozenset[str]:
    """Words that end with a period without ending a sentence («г.», «ст.», «ул.»)."""
    return frozenset(
        str(x).lower()
        for x in (_scopes_yaml()[scope_language(language)].get("abbreviations") or [])
    )


def split_sentences(
    text: str, start: int = 0, end: int | None = None, abbrevs: Iterable[str] = ()
) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``: a break after . ! ? … before a capital letter,
    a digit, a quote or a dash, and at blank lines; not after an abbreviation or an initial."""
    end = len(text) if end is None else end
    known = frozenset(abbrevs)
    out: list[tuple[int, int]] = []
    lo = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.end() >= end:
            break
        if text[m.start()] not in ".!?…" or _ends_sentence(text, m, known, lo):
            if text[lo : m.start() + 1].strip():
                out.append((lo, m.end()))
            lo = m.end()
    if text[lo:end].strip():
        out.append((lo, end))
    return out


def _ends_sentence(text: str, m: re.Match[str], known: frozenset[str], lo: int) -> bool:
    nxt = text[m.end()] if m.end() < len(text) else ""
    if not (nxt.isupper() or nxt.isdigit() or nxt in '«"“(–—-'):
        return False
    j = m.start()
    i = j
    while i > lo and (text[i - 1].isalnum() or text[i - 1] == "_"):
        i -= 1
    token = text[i:j]
    if not token:
        return True
    if token.lower() in known:
        return False
    return not (len(token) == 1 and token.isalpha() and token.isupper())  # an initial


class SentenceScopes:
    """The cues of one sentence and the scope each opens; ask ``scope(start, end)`` per fact."""

    def __init__(self, text: str, start: int, end: int, cues: Sequence[Cue]) -> None:
        self.text, self.start, self.end = text, start, end
        inside = sorted(
            (c for c in cues if start <= c.start and c.end <= end), key=lambda c: c.start
        )
        self.cues = inside
        cuts = [m.start() for m in _CLAUSE_PUNCT.finditer(text, start, end)]
        cuts += [c.start for c in inside if c.kind == CONJUNCTION]
        self.cuts = sorted(set(cuts))
        self.soft = [c for c in inside if c.kind == SOFT_BOUNDARY and not self._after_tak(c)]
        exempt = [c for c in inside if c.kind == NEGATION_EXEMPT]
        self.neg = [c for c in inside if c.kind == NEGATION and not _covered(c, exempt)]
        self.neg_after = [c for c in inside if c.kind == NEGATION_AFTER]
        self.denials = [c for c in inside if c.kind == DENIAL and not _covered(c, exempt)]
        # A condition that follows the main clause («угрожали ему, если он откажется») leaves
        # the main clause asserted; any other hypothetical cue covers the whole sentence.
        late_if = [
            c
            for c in inside
            if c.kind == HYPOTHETICAL_SENTENCE
            and _CONDITIONAL.fullmatch(text[c.start : c.end].lower())
            and text[start : c.start].rstrip().endswith(",")
        ]
        self.hypothetical = any(
            c.kind == HYPOTHETICAL_SENTENCE and c not in late_if for c in inside
        )
        self.hypothetical_from = min((c.start for c in late_if), default=end + 1)
        self.conditional = [c for c in inside if c.kind == HYPOTHETICAL_CLAUSE]
        self.witness_spans = self._witness_spans(inside)
        # Attribution cues reach every fact after them, or the whole sentence when they close it
        # («... түсіндірді.»): keep, per kind, the position from which facts are covered.
        self.reach: dict[str, int] = {}
        for c in inside:
            if c.kind in (EVIDENCE, HEDGE, REPORTED, ACCUSATION):
                closing = not text[c.end : end].strip(' .;!?\n\t»"')
                self.reach[c.kind] = min(self.reach.get(c.kind, end), start if closing else c.start)

    def _after_tak(self, c: Cue) -> bool:
        """«так и не получил»: this «и» does not end the negation's reach."""
        return self.text[max(self.start, c.start - 4) : c.start].strip().lower().endswith("так")

    def clause(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.cuts, pos)
        lo = self.cuts[i - 1] if i > 0 else self.start
        hi = self.cuts[i] if i < len(self.cuts) else self.end
        return lo, hi

    def _witness_spans(self, cues: list[Cue]) -> list[tuple[int, int]]:
        spans = []
        for w in (c for c in cues if c.kind == WITNESS):
            report = next(
                (c for c in cues if c.kind in (WITNESS_REPORT, REPORTED) and c.start > w.end), None
            )
            spans.append((w.start, report.start if report else self.end))
        return spans

    def _words_between(self, lo: int, hi: int) -> int:
        return len(_WORD.findall(self.text, lo, hi)) if hi > lo else 0

    def _soft_between(self, lo: int, hi: int) -> bool:
        return any(lo <= c.start and c.end <= hi for c in self.soft)

    def _negated(self, start: int, end: int) -> bool:
        if not self.neg and not self.neg_after:
            return False
        c_lo, c_hi = self.clause(start)
        for n in self.neg:
            inside = start <= n.start and n.end <= end  # «в боевых действиях не участвовал»
            before = (
                c_lo <= n.start
                and n.end <= start
                and self._words_between(n.end, start) < NEGATION_BEFORE_WORDS
                and not self._soft_between(n.end, start)
            )
            after = (
                end <= n.start
                and n.end <= c_hi
                and self._words_between(end, n.start) < NEGATION_AFTER_WORDS
                and not self._soft_between(end, n.start)
            )
            if inside or before or after:
                return True
        return any(
            end <= n.start and n.end <= c_hi and self._words_between(end, n.start) < 2
            for n in self.neg_after
        )

    def _denied(self, start: int) -> bool:
        for d in self.denials:
            if d.end > start:
                continue
            _, d_hi = self.clause(d.start)
            if start < d_hi:
                return True
            # «отрицал, что участвовал ...»: the clause right after the one ending in the cue
            if not self.text[d.end : d_hi].strip(" ,") and start < self.clause(d_hi + 1)[1]:
                return True
        return False

    def _after(self, kind: str, start: int) -> bool:
        """A cue of this kind before the fact, or one that closes the sentence."""
        return self.reach.get(kind, self.end + 1) <= start

    def scope(self, start: int, end: int, *, self_negated: bool = False) -> Scope:
        """How the statement at ``text[start:end]`` stands in this sentence.

        ``self_negated`` marks phrases that carry their own negation («ранений не получал»),
        which the negation check must not count twice."""
        c_lo, c_hi = self.clause(start)
        return Scope(
            negated=not self_negated and self._negated(start, end),
            denied=self._denied(start),
            hypothetical=self.hypothetical
            or start >= self.hypothetical_from
            # a clause cue inside the phrase itself is governed by it ("hoped the service
            # would get him Russian citizenship" states a hope, not a hypothetical)
            or any(c_lo <= c.start < c_hi and not start <= c.start < end for c in self.conditional),
            evidence=self._after(EVIDENCE, start),
            other_person=any(lo <= start < hi for lo, hi in self.witness_spans),
            hedged=self._after(HEDGE, start),
            reported=self._after(REPORTED, start)
            or any(hi <= start for _, hi in self.witness_spans),
            accused=self._after(ACCUSATION, start),
        )


_CONDITIONAL = re.compile(r"если|if|егер|в\s+случае")


def _covered(c: Cue, spans: Sequence[Cue]) -> bool:
    return any(s.start <= c.start and c.end <= s.end for s in spans)
