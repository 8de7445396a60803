"""The case card from a Russian-language verdict of a KZ, KG, UZ, TJ or RU court.

Case level: country, court, court region, verdict date, case number, procedure, outcome.
Per defendant: name (nominative), birth date/year, age, home region, citizenship, charges,
the sentence and additional penalties from the defendant's share of the operative part, and —
only when a charge or the text is about the war — service, recruitment, motive and return
facts from the defendant's share of the descriptive part.

Home region (a decision): the place of residence in the introductory block («проживающего по
адресу: …», «последнее известное место жительства», «жителя …») when it lies in a known region;
otherwise the birthplace («уроженца г. Ош») — a Kyrgyz migrant tried in Tver lives in Tver but
comes from Osh. The court's region comes from its name, else from the town in the header.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache
from typing import Any

from warcases.extract.defendants import (
    Defendant,
    age_at,
    birth_date,
    citizenship,
    descriptive_owner,
    find_defendants,
    home_region,
    operative_defendants,
    operative_windows,
    stated_age,
)
from warcases.extract.structure import (
    Hit,
    Parts,
    any_rx,
    cues,
    find_case_number,
    find_country,
    find_court,
    find_outcome,
    find_parts,
    find_penalties,
    find_procedure,
    find_verdict_date,
    folded,
    paragraph_start,
    repair_text,
)
from warcases.model import DocumentText, Fact

VERSION = "1"
CONFIDENCE = 0.95

_SENTENCE_PROPS = ("type", "months", "institution", "suspended", "probation_months")


def extract_verdict(doc: DocumentText) -> list[Fact]:
    """Every fact of one verdict; Kazakh-language verdicts go to the Kazakh extractor."""
    if doc.language == "kk":
        from warcases.extract.verdict_kk import extract_verdict_kk

        return extract_verdict_kk(doc)
    joined = repair_text(doc.text)
    if joined is None:
        return _Verdict(doc.text).facts()
    text, offsets = joined
    return [
        Fact(f.prop, f.value, offsets[f.start], offsets[f.end - 1] + 1 if f.end > f.start else offsets[f.start],
             f.confidence, f.card, f.defendant)
        for f in _Verdict(text).facts()
    ]


class _Verdict:
    def __init__(self, text: str) -> None:
        self.text = text
        self.parts: Parts = find_parts(text)
        self.out: list[Fact] = []

    def add(self, prop: str, value: Any, start: int, end: int, who: int | None = None,
            confidence: float = CONFIDENCE) -> None:
        self.out.append(Fact(prop, value, start, end, confidence, 0, who))

    def facts(self) -> list[Fact]:
        text, parts = self.text, self.parts
        appeal = _is_appeal(text, parts)
        court = (_appeal_court(text, parts) if appeal else None) or find_court(text, parts)
        date = find_verdict_date(text, court, parts)
        self.verdict_date = date.value if date else None
        self._case(court, date)
        defendants = find_defendants(text, 0, parts.intro_end)
        op = parts.operative
        if not defendants and op:
            defendants = operative_defendants(text, *op)
        if not defendants and op is None:
            return self.out
        windows = operative_windows(text, op[0], op[1], defendants) if op else {}
        whole = find_outcome(text, *op) if op else None
        self.first_instance = _first_instance(text, parts, defendants) if appeal else {}
        if appeal and whole is None and op and self.first_instance:
            upheld = any_rx(cues()["appeal"]["upheld"]).search(folded(text), *op)
            if upheld:
                whole = Hit("convicted", upheld.start(), upheld.end())
        outcomes = [self._defendant(i, d, windows.get(i, []), whole) for i, d in enumerate(defendants)]
        outcome = _case_outcome(outcomes) or whole
        if outcome:
            self.add("outcome", outcome.value, outcome.start, outcome.end)
        procedure = find_procedure(text, parts, outcome.value if outcome else None)
        if appeal and procedure and procedure.value == "general":
            procedure = None  # an appeal hearing is no trial form; only a stated one counts
        if procedure:
            self.add("procedure", procedure.value, procedure.start, procedure.end,
                     confidence=0.85 if procedure.value == "general" else CONFIDENCE)
        # A court that acquits or returns the case establishes no facts of service.
        if defendants and self._war_related() and (
            outcome is None or outcome.value not in ("returned_to_prosecutor", "acquitted")
        ):
            self._service(defendants)
        return self.out

    # --- case level ---

    def _case(self, court: Hit | None, date: Hit | None) -> None:
        from warcases.extract.places import country_of_region, find_regions

        text, parts = self.text, self.parts
        region = None
        if court:
            self.add("court", court.value, court.start, court.end)
            region = _court_region(court.value, self.verdict_date)
            if region:
                self.add("court_region", region, court.start, court.end)
            else:  # the town in the header, where the court sits («г. Ош»)
                seat = find_regions(text[:court.start], self.verdict_date)
                if seat:
                    region = seat[-1].region
                    self.add("court_region", region, seat[-1].start, seat[-1].end, confidence=0.8)
        if date:
            self.add("verdict_date", date.value, date.start, date.end)
        number = find_case_number(text, parts)
        if number:
            self.add("case_number", number.value, number.start, number.end)
        country = find_country(text, parts)
        if country:
            self.country: str | None = country.value
            self.add("country", country.value, country.start, country.end)
        elif region and court:
            self.country = country_of_region(region)
            self.add("country", self.country, court.start, court.end, confidence=0.8)
        else:
            self.country = None

    # --- one defendant ---

    def _defendant(
        self, idx: int, d: Defendant, windows: list[tuple[int, int]], whole: Hit | None
    ) -> Hit | None:
        """The defendant's facts; returns his outcome (``whole``, the operative part's, when
        his own share does not say)."""
        text = self.text
        self.add("name", d.name, d.name_start, d.name_end, idx)
        born = birth_date(text, d)
        if born:
            if len(born.value) == 10:
                self.add("birth_date", born.value, born.start, born.end, idx)
            self.add("birth_year", int(born.value[:4]), born.start, born.end, idx)
        age = stated_age(text, d)
        if age:
            self.add("age", age.value, age.start, age.end, idx)
        elif born and self.verdict_date:
            years = age_at(born.value, self.verdict_date)
            if years is not None:
                self.add("age", years, born.start, born.end, idx, confidence=0.9)
        place = home_region(text, d, self.verdict_date)
        if place:
            self.add("region", place.value, place.start, place.end, idx)
        for c in citizenship(text, d):
            self.add("citizenship", c.value, c.start, c.end, idx)
        outcome = None
        for lo, hi in windows:
            outcome = outcome or find_outcome(text, lo, hi)
        if outcome is None and windows:
            outcome = whole
        first = self.first_instance.get(idx)
        charges = self._charges(windows)
        if not charges and first:
            charges = self._charges([first])
        if not charges and d.charge_line:
            charges = self._charges([d.charge_line])
        for code, s, e in charges:
            self.add("charges", code, s, e, idx)
        if outcome and outcome.value in ("convicted", "compulsory_treatment"):
            self._sentence(idx, windows, outcome, first)
        return outcome

    def _charges(self, windows: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
        from warcases.extract.charges import find_charges

        floor = cues()["special_part_from"]
        found: list[tuple[str, int, int]] = []
        for lo, hi in windows:
            for c in find_charges(self.text[lo:hi], self.country):
                country, article = c.code.split(":")[:2]
                number = int("".join(ch for ch in article.split("-")[0] if ch.isdigit()) or 0)
                if number < floor.get(country, 0):
                    continue
                found.append((c.code, lo + c.start, lo + c.end))
        codes = [f[0] for f in found]
        out: list[tuple[str, int, int]] = []
        for code, s, e in found:
            if code in (o[0] for o in out):
                continue
            if any(other != code and other.startswith(code + ":") for other in codes):
                continue  # "KZ:172" when "KZ:172:1" is also there
            out.append((code, s, e))
        return out

    def _sentence(self, idx: int, windows: list[tuple[int, int]], outcome: Hit,
                  first: tuple[int, int] | None = None) -> None:
        from warcases.extract.terms import find_sentences, find_terms

        text = self.text
        matches = []
        for lo, hi in windows:
            matches += [replace(m, start=m.start + lo, end=m.end + lo) for m in find_sentences(text[lo:hi])]
        if not matches and first:
            # an appeal ruling that leaves the sentence in force: the first-instance one
            windows = [first]
            lo, hi = first
            matches = [replace(m, start=m.start + lo, end=m.end + lo) for m in find_sentences(text[lo:hi])]
        if not matches:
            if outcome.value == "compulsory_treatment":
                self.add("sentence.type", "compulsory_treatment", outcome.start, outcome.end, idx)
                self.add("sentence.suspended", False, outcome.start, outcome.end, idx)
            return
        main = _main_sentence(text, matches)
        values = {p: getattr(main, p) for p in _SENTENCE_PROPS}
        span = (main.start, main.end)
        suspension = any_rx(cues()["suspension"])
        for m in matches:
            if m.start > main.start and (m.suspended or m.probation_months):
                values.update(type="conditional", suspended=True)
                values["probation_months"] = m.probation_months or values["probation_months"]
        if not values["suspended"] and values["type"] == "imprisonment":
            for lo, hi in windows:
                cue = suspension.search(folded(text), max(lo, main.end), hi)
                if cue:
                    values.update(type="conditional", suspended=True, institution=None)
                    terms = [t for t in find_terms(text[cue.start():min(hi, cue.end() + 120)])]
                    if terms and not values["probation_months"]:
                        values["probation_months"] = terms[0].months
                    break
        if values["type"] == "conditional":
            values["suspended"] = True
            values["institution"] = None
        for p in _SENTENCE_PROPS:
            if values[p] is not None:
                self.add(f"sentence.{p}", values[p], span[0], span[1], idx)
        found, amounts = find_penalties(text, windows, (main.type, main.start, main.end))
        seen: set[str] = set()
        for h in found:
            if h.value not in seen:
                seen.add(h.value)
                self.add("additional_penalties", h.value, h.start, h.end, idx)
        for a in amounts[:1]:
            self.add("confiscation_amount", a.value, a.start, a.end, idx)

    # --- service facts ---

    def _war_related(self) -> bool:
        """A war-related charge (articles.yaml ``war_related``) or words about the war."""
        from warcases.extract.charges import article_info

        for f in self.out:
            if f.prop == "charges" and (article_info(f.value) or {}).get("war_related"):
                return True
        return bool(any_rx(cues()["war_context"]).search(folded(self.text)))

    def _service(self, defendants: list[Defendant]) -> None:
        from warcases.extract.news_cases import lang_regex
        from warcases.extract.service import custody_over_work, find_service_facts

        text = self.text
        lo, hi = self.parts.descriptive or (self.parts.intro_end, len(text))
        if self.parts.descriptive is None and self.parts.operative:
            hi = self.parts.operative[0]
        pieces = descriptive_owner(text, lo, hi, defendants)
        starts = [p[0] for p in pieces]
        first_ru: dict[int, Fact] = {}
        said_ru: set[int] = set()
        mine: dict[int, list[Fact]] = {i: [] for i in range(len(defendants))}
        for f in find_service_facts(text, "ru", lo, hi):
            k = bisect_right(starts, f.start) - 1
            if k < 0 or f.start >= pieces[k][1]:
                continue
            for i in sorted(pieces[k][2]):
                mine[i].append(Fact(f.prop, f.value, f.start, f.end, f.confidence, 0, i))
        renounced = lang_regex("renounced_cues", "ru")
        gave_up: set[int] = set()
        for i, facts in mine.items():
            for f in custody_over_work(facts):
                self.out.append(f)
                if f.prop == "russian_citizenship":
                    said_ru.add(i)
                    if f.value is True:
                        first_ru.setdefault(i, f)
            if any(renounced.search(text, p0, p1) for p0, p1, who in pieces if i in who):
                gave_up.add(i)
        # A Russian passport makes RU a citizenship; an RU citizenship in the introductory
        # block is a Russian citizenship acquired (the card's yes/no question).
        citizen_ru = {f.defendant: f for f in self.out if f.prop == "citizenship" and f.value == "RU"}
        for i in range(len(defendants)):
            if i in first_ru and i not in citizen_ru and i not in gave_up:
                f = first_ru[i]
                self.add("citizenship", "RU", f.start, f.end, i, confidence=f.confidence)
            if i in citizen_ru and i not in said_ru:
                c = citizen_ru[i]
                self.add("russian_citizenship", True, c.start, c.end, i, confidence=0.9)


def _is_appeal(text: str, parts: Parts) -> bool:
    """An appeal ruling: «АПЕЛЛЯЦИОННОЕ ПОСТАНОВЛЕНИЕ / ОПРЕДЕЛЕНИЕ» in the header."""
    head = folded(text[: min(len(text), parts.intro_end, 600)])
    return bool(any_rx(cues()["appeal"]["title"]).search(head))


def _appeal_court(text: str, parts: Parts) -> Hit | None:
    """«Судебная коллегия по уголовным делам Карагандинского областного суда» →
    «Карагандинский областной суд»."""
    import re

    from warcases.extract.news_places import _nominative_word

    m = re.compile(cues()["appeal"]["court"], re.IGNORECASE).search(text, 0, parts.intro_end)
    if not m:
        return None
    words = [_nominative_word(w) for w in m.group("court").split()]
    value = " ".join(words)
    return Hit(value[:1].upper() + value[1:], m.start("court"), m.end("court"))


def _first_instance(text: str, parts: Parts, defendants: list[Defendant]) -> dict[int, tuple[int, int]]:
    """Each defendant's first-instance conviction in an appeal's introductory part: from
    «осужден по …» after his name to the next defendant or the end of the part."""
    found: dict[int, tuple[int, int]] = {}
    before = any_rx(cues()["appeal"]["convicted_before"])
    low = folded(text)
    starts = sorted(d.name_start for d in defendants) + [parts.intro_end]
    for i, d in enumerate(defendants):
        bound = min((s for s in starts if s > d.name_start), default=parts.intro_end)
        bound = min(bound, parts.intro_end)
        m = before.search(low, d.name_end, bound)
        if m:
            found[i] = (m.start(), bound)
    return found


@lru_cache(maxsize=4096)
def _court_region(court: str, on_date: str | None) -> str | None:
    """places.court_region, remembered: a corpus has few courts and many verdicts."""
    from warcases.extract.places import court_region

    return court_region(court, on_date)


def _main_sentence(text: str, matches: list[Any]) -> Any:
    """With several punishments (one per charge), the aggregate «окончательно назначить» one."""
    aggregate = any_rx(cues()["aggregate"])
    final = []
    for m in matches:
        para = paragraph_start(text, m.start)
        if aggregate.search(folded(text), max(para, m.start - 300), m.start):
            final.append(m)
    if final:
        return final[-1]
    return next((m for m in matches if not m.suspended), matches[0])


def _case_outcome(outcomes: list[Hit | None]) -> Hit | None:
    """Convicted if anyone was convicted, else the first defendant's outcome."""
    known = [o for o in outcomes if o is not None]
    for o in known:
        if o.value == "convicted":
            return o
    return known[0] if known else None
