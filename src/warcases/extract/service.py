"""Service, recruitment, motive and return facts from a span of a verdict or a news report.

``find_service_facts(text, language, start, end)`` reads ``text[start:end]`` (a defendant's
share of a verdict's descriptive part, or a news paragraph) and returns facts with spans in
``text``: formations, recruitment channels and platforms, motives and the money offered,
wounded / deserted / captured, Russian citizenship, roles, theatres, and how the person came
home (with the date when stated). Card and defendant are left to the caller.

How: every alias in knowledge/formations.yaml, recruitment.yaml and return.yaml is compiled
once into a small regex, indexed by the first letters of its first word (warcases.extract.
aliases; offered pay is read by warcases.extract.money); the window is read word by word, so
each word tries only the few aliases that may start there. Each hit is judged
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

from warcases.extract.aliases import WORDS as _WORDS
from warcases.extract.aliases import Hit, Lexicon, is_word_char
from warcases.extract.dates import find_dates
from warcases.extract.money import MoneyCues
from warcases.extract.negation import (
    WORD_CUES,
    Cue,
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
DENIED = 0.6  # the person's own denial of a yes/no fact
LIST_PROPS = frozenset({"formations", "recruitment", "motives", "platforms", "roles", "theatres"})
BOOLEAN_PROPS = ("wounded", "deserted", "captured", "russian_citizenship")
_HYPHEN_BREAK = re.compile(r"[-\u00ad](?:[ \t]*\r?\n[ \t]*(?=\w))?")


# --- knowledge ------------------------------------------------------------------------------


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


# --- dates ----------------------------------------------------------------------------------


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
                m.group()[0] == "-" and not (m.start() and is_word_char(raw[m.start() - 1]))
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
    only_motives = False
    if not reader.war:
        whole_war = not (start == 0 and end == len(text)) and _Reader(
            _Window(text, 0, len(text)).text, language, kb
        ).war
        if not whole_war:
            if not _recruiting(window.text, language):
                return []
            only_motives = True  # a recruiter on trial: the motive of his own offence
    found = [r for r in reader.results() if not only_motives or r[0] == "motives"]
    served = any(r[0] in ("formations", "recruitment", "motives") for r in found)
    if not served and (only_motives or _recruiting(window.text, language)):
        # a recruiter who did not serve: the fee per recruit is the motive of his offence
        fee = _recruiter_fee(window.text, language)
        if fee:
            found = [("motives", "money", fee.start(), fee.end(), INFERRED)]
    facts = [
        Fact(prop, value, window.to_text(s), window.to_text(e, closing=True), round(conf, 2))
        for prop, value, s, e, conf in found
    ]
    return sorted(
        facts,
        key=lambda f: (f.prop in LIST_PROPS, 0 if f.prop in LIST_PROPS else -f.confidence, f.start),
    )


CUSTODY = frozenset({"criminal_detention", "prison"})


@lru_cache(maxsize=16)
def _recruiter_res(key: str, lang: str, sub: str = "") -> re.Pattern[str] | None:
    table = _read_yaml("recruitment").get(key, {})
    if sub:
        table = table.get(sub, {})
    pats = table.get(lang) or (table.get("ru") if lang not in ("en", "kk") else None)
    return re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE) if pats else None


def _recruiting(text: str, language: str) -> bool:
    """Someone recruiting others for the war («подыскивал мужчин, готовых подписать контракт»)."""
    lang = scope_language(language)
    rx = _recruiter_res("recruiting_offence", lang)
    war = _recruiter_res("recruiting_offence", lang, "war_context")
    return bool(rx and war and rx.search(text) and war.search(text))


def _recruiter_fee(text: str, language: str) -> re.Match[str] | None:
    """«За каждого завербованного он получал по 300 долларов»: the recruiter's fee."""
    rx = _recruiter_res("recruiting_offence", scope_language(language), "fee")
    return rx.search(text) if rx else None


def _recruiter_pay(text: str, start: int, lo: int, language: str) -> bool:
    rx = _recruiter_res("recruiter_pay", scope_language(language))
    return bool(rx and rx.search(text[max(lo, start - 60):start]))


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
            lo = self.sentences[i][0]
            for h in g["motives"]:
                if _recruiter_pay(self.text, h.start, lo, self.lang):
                    continue  # «набирал добровольцев за вознаграждение»: his fee, not a motive
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
            elif (
                h.group in BOOLEAN_PROPS
                and h.value is True
                and s.denied
                and not (s.negated or s.hypothetical or s.evidence or s.other_person)
            ):
                # «отрицал, что получал российский паспорт»: his own «no», weaker than any
                # «yes» the document establishes elsewhere (the card keeps the surer value)
                out.append((h.group, False, h.start, h.end, DENIED))
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
        if not channels & CUSTODY and any(
            h.value == "online_ad" and h.end <= dep.start for h in g["recruitment"]
        ):
            # «увидев объявление …, выехал в Российскую Федерацию и … участвовал в боевых
            # действиях»: answered an ad, left, then fought
            later += [h for h in g["participation"] if h.value == "combat" and h.start > dep.end]
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
