"""The case cards of a news report about verdicts (Russian, English, Kazakh).

The same card as from a verdict, at lower confidence (0.75): what a report does not say stays
empty. ``news_cases`` finds the defendants and the text about each; this module turns that
text into facts. A report about no individual case (a statistic, a law change, a warning)
gives no facts at all.

Decisions (see also ``news_places``): the court is kept only when named as an institution;
``verdict_date`` only from a date in a sentence about the verdict (never the dateline; the
publication date only for «сегодня»/"today" when the document metadata has a date);
initials-only names are kept as written.
"""

from __future__ import annotations

import re
from dataclasses import replace

from warcases.extract.news_cases import (
    FOCUS,
    GROUP,
    LEAD,
    OWN,
    SHARED,
    Analysis,
    Segment,
    analyse,
    is_statistic,
    lang_regex,
)
from warcases.extract.news_lexicon import knowledge, lexicon, phrases_regex
from warcases.extract.news_people import find_ages
from warcases.extract.news_places import (
    citizenships,
    context_country,
    court_place,
    find_court,
    home_region,
    leading_place,
)
from warcases.extract.news_sentence import find_punishment, has_term, institution
from warcases.model import DocumentText, Fact

VERSION = "1"
CONFIDENCE = 0.75
_RANK = {OWN: 0, SHARED: 1, "sibling": 2, FOCUS: 3, GROUP: 4, LEAD: 5}
_LANGS = {"ru": "ru", "en": "en", "kk": "kk"}


def extract_news(doc: DocumentText) -> list[Fact]:
    language = _LANGS.get(doc.language, "ru")
    text = doc.text
    found = analyse(text, language)
    if found is None:
        return []
    datelines = _datelines(text)
    facts: list[Fact] = []
    for card_no, members in enumerate(found.cards):
        case = _case_facts(found, card_no, members, datelines, doc)
        facts += case
        ctx = {f.prop: f.value for f in case}
        for d_idx, person in enumerate(members):
            facts += [
                replace(f, card=card_no, defendant=d_idx)
                for f in _person_facts(found, person, ctx, datelines)
            ]
    return facts


# --- case level ---------------------------------------------------------------------------


def _card_segments(a: Analysis, members: list[int]) -> list[Segment]:
    segs = [s for s in a.segments if s.scope == LEAD or any(p in s.owners for p in members)]
    return sorted(segs, key=lambda s: s.start)


def _case_facts(
    a: Analysis,
    card_no: int,
    members: list[int],
    datelines: list[tuple[int, int]],
    doc: DocumentText,
) -> list[Fact]:
    text, lang = a.text, a.language
    segs = _card_segments(a, members)
    out: list[Fact] = []

    def fact(prop: str, value: object, s: int, e: int, conf: float = CONFIDENCE) -> None:
        out.append(Fact(prop, value, s, e, conf, card_no, None))

    court = next((c for seg in segs if (c := find_court(text, seg.start, seg.end, lang))), None)
    region = None
    where: tuple[str, int, int] | None = None
    if court:
        fact("court", court[0], court[1], court[2])
        region = _court_name_region(court[0])
        if region:
            where = (region, court[1], court[2])
            fact("court_region", region, court[1], court[2])
    # where the court sits: «суд Алматы» / "a court in Almaty", else «В Актобе …» opening the
    # verdict sentence; the card's own sentences before the report's lead
    ordered = sorted(segs, key=lambda s: (s.scope == LEAD, s.start))
    if region is None:
        for seg in ordered:
            hit = court_place(text, seg.start, seg.end, lang)
            if hit:
                region, where = hit[0], hit
                fact("court_region", region, hit[1], hit[2], 0.7)
                break
    if region is None:
        for seg in [s for s in ordered if s.anchor][:1]:
            sent = a.sentences[seg.sentence]
            hit = leading_place(text, sent.start, sent.end)
            if hit:
                region, where = hit[0], hit
                fact("court_region", region, hit[1], hit[2], 0.65)
    date = _verdict_date(a, segs, datelines, doc)
    if date:
        fact("verdict_date", *date)
    proc = None
    for seg in segs:
        proc = lexicon("news", "procedure").first_label(text, seg.start, seg.end)
        if proc:
            fact("procedure", proc[0], proc[1].start(), proc[1].end())
            break
    anchor = next((s for s in segs if s.anchor), segs[0])
    outcome = lexicon("news", "outcome").first_label(text, anchor.start, anchor.end)
    fact("outcome", outcome[0] if outcome else "convicted", anchor.start, anchor.end)
    country = _country(a, segs, where)
    if country:
        fact("country", country[0], country[1], country[2], 0.7)
    return out


def _court_name_region(name: str) -> str | None:
    from warcases.extract.places import court_region, find_regions

    region = court_region(name)
    if region:
        return region
    found = find_regions(name)
    return found[0].region if found else None


def _country(
    a: Analysis, segs: list[Segment], region: tuple[str, int, int] | None
) -> tuple[str, int, int] | None:
    """The country of the case: where its court sits, else the code its charges cite, else the
    country the report names most often."""
    from warcases.extract.charges import find_charges
    from warcases.extract.places import country_of_region

    if region:
        return country_of_region(region[0]), region[1], region[2]
    for seg in segs:
        for c in find_charges(a.text[seg.start : seg.end]):
            return c.code.split(":")[0], seg.start + c.start, seg.start + c.end
    return context_country(a.text)


def _verdict_date(
    a: Analysis, segs: list[Segment], datelines: list[tuple[int, int]], doc: DocumentText
):
    from warcases.extract.dates import find_dates

    text = a.text
    nouns = lang_regex("verdict_nouns", a.language)
    today = lang_regex("today", a.language)
    seen: set[int] = set()
    for seg in segs:
        sent = a.sentences[seg.sentence]
        if seg.sentence in seen:
            continue
        seen.add(seg.sentence)
        if not nouns.search(text, sent.start, sent.end):
            continue
        for d in find_dates(text[sent.start : sent.end]):
            s, e = sent.start + d.start, sent.start + d.end
            if len(d.date) == 10 and not any(s < b and e > x for x, b in datelines):
                return d.date, s, e
        t = today.search(text, sent.start, sent.end)
        published = (doc.metadata or {}).get("date")
        if t and isinstance(published, str) and len(published) >= 10:
            return published[:10], t.start(), t.end()
    return None


def _datelines(text: str) -> list[tuple[int, int]]:
    pat = re.compile(knowledge("news")["dateline"], re.MULTILINE)
    return [(m.start(), m.end()) for m in pat.finditer(text)]


# --- defendant level ----------------------------------------------------------------------


def _ranked(a: Analysis, person: int) -> list[tuple[str, Segment]]:
    """The person's segments with their scope, best first; segments naming a co-defendant in
    the same sentence come in as "sibling" (for what a sentence says of all of them)."""
    own = [(s.scope, s) for s in a.segments if person in s.owners]
    sentences = {s.sentence for _, s in own if s.scope == OWN}
    siblings = [
        ("sibling", s) for s in a.segments if s.sentence in sentences and person not in s.owners
    ]
    return sorted(own + siblings, key=lambda t: (_RANK[t[0]], t[1].start))


def _person_facts(
    a: Analysis, person: int, ctx: dict, datelines: list[tuple[int, int]]
) -> list[Fact]:
    text, lang = a.text, a.language
    p = a.defendants[person]
    ranked = _ranked(a, person)
    multi_card = len(a.cards) > 1
    alone = len(a.defendants) == 1
    out: list[Fact] = []

    def fact(prop: str, value: object, s: int, e: int, conf: float = CONFIDENCE) -> None:
        out.append(Fact(prop, value, s, e, conf))

    if p.name:
        fact("name", p.name, p.start, p.end)
    masked: list[tuple[int, int]] = list(datelines)
    # age: next to the name first, then the person's own words
    mention_ends = [e for _, e in a.mentions.get(person, [])] or [p.end]
    age_scopes = (OWN, SHARED, FOCUS, GROUP, LEAD) if alone else (OWN,)
    ages_all = []
    for scope, seg in ranked:
        found = find_ages(text, seg.start, seg.end, mention_ends)
        masked += [(s, e) for _, s, e in found]
        if scope in age_scopes:
            ages_all += found
    if ages_all:
        near = min(ages_all, key=lambda t: abs(t[1] - p.start))
        fact("age", near[0], near[1], near[2])
    # home region
    country = ctx.get("country")
    # A report of several cases: its lead names the home of all of them only when it names a
    # place («Три жителя Самаркандской области осуждены …»), and only when nothing closer does.
    leads = [(scope, seg) for scope, seg in ranked if scope == LEAD and multi_card]
    for scope, seg in [x for x in ranked if x not in leads] + leads:
        home = home_region(text, seg.start, seg.end, lang, country)
        if home is None:
            continue
        region, s, e, how = home
        if scope == LEAD and multi_card and how != "place":
            continue
        if region is None and how == "local":
            region = ctx.get("court_region")
        if region:
            fact("region", region, s, e, 0.6 if scope == LEAD and multi_card else 0.7)
            break
    # citizenship
    codes: list[str] = []
    for scope, seg in ranked:
        if scope == "sibling":
            continue
        for code, s, e in citizenships(text, seg.start, seg.end):
            if code not in codes:
                codes.append(code)
                fact("citizenship", code, s, e, 0.7)
    # charges
    out += _charges(a, ranked, country)
    # punishment
    out += _punishment(a, ranked, masked)
    # additional penalties
    seen: set[str] = set()
    not_imposed = phrases_regex(knowledge("news").get("penalty_not_imposed", []))
    for scope, seg in ranked:
        if scope == "sibling":
            continue
        for label, m in lexicon("news", "additional_penalties").all_matches(
            text, seg.start, seg.end
        ):
            if not_imposed.search(text[max(seg.start, m.start() - 15):m.start()]):
                continue  # «вместо выдворения»: not a punishment
            if label not in seen:
                seen.add(label)
                fact("additional_penalties", label, m.start(), m.end())
    # An acquittal (or a case sent back) establishes no service: what the report says he did
    # is the accusation the court did not accept.
    if ctx.get("outcome") not in ("acquitted", "returned_to_prosecutor"):
        out += _service(a, ranked, multi_card, codes)
    return out


def _charges(a: Analysis, ranked: list[tuple[str, Segment]], country: str | None) -> list[Fact]:
    from warcases.extract.charges import find_charges

    out: list[Fact] = []
    codes: set[str] = set()
    for _scope, seg in ranked:
        sent = a.sentences[seg.sentence]
        if is_statistic(a.text, sent, a.language):
            continue
        for c in find_charges(a.text[seg.start : seg.end], country):
            if c.code in codes:
                continue
            # an article with its part is the same charge as the bare article
            if any(x.startswith(c.code + ":") for x in codes):
                continue
            bare = [x for x in codes if c.code.startswith(x + ":")]
            for x in bare:
                codes.discard(x)
                out = [f for f in out if f.value != x]
            codes.add(c.code)
            out.append(Fact("charges", c.code, seg.start + c.start, seg.start + c.end, CONFIDENCE))
    return out


def _punishment(
    a: Analysis, ranked: list[tuple[str, Segment]], masked: list[tuple[int, int]]
) -> list[Fact]:
    text = a.text
    found = None
    order = sorted(ranked, key=lambda t: (not t[1].anchor, _RANK[t[0]], t[1].start))
    for _scope, seg in order:
        sent = a.sentences[seg.sentence]
        found = find_punishment(
            text, seg.start, seg.end, a.language, masked, (sent.start, sent.end)
        )
        if found:
            break
    if found is None:
        return []
    out = [Fact("sentence.type", found.type, found.start, found.end, CONFIDENCE)]
    if found.months is not None:
        out.append(Fact("sentence.months", found.months, found.start, found.end, CONFIDENCE))
    out.append(Fact("sentence.suspended", found.suspended, found.start, found.end, CONFIDENCE))
    if found.probation_months is not None:
        out.append(
            Fact(
                "sentence.probation_months",
                found.probation_months,
                found.start,
                found.end,
                CONFIDENCE,
            )
        )
    if found.type in ("imprisonment",):
        for _scope, seg in ranked:
            inst = institution(text, seg.start, seg.end)
            if inst:
                out.append(Fact("sentence.institution", inst[0], inst[1], inst[2], CONFIDENCE))
                break
    return out


def _punishment_zones(a: Analysis) -> list[tuple[int, int]]:
    """Spans of the words that say where a sentence is served («в колонии общего режима»,
    "in prison"): in a sentence stating a judgment, a term or the serving of a sentence."""
    zones: list[tuple[int, int]] = []
    served = lang_regex("served_cues", a.language)
    words = lexicon("news", "sentence_words")
    inst = lexicon("news", "institution")
    anchors = set(a.anchors)
    for i, s in enumerate(a.sentences):
        zones += [(m.start(), m.end()) for _, m in inst.all_matches(a.text, s.start, s.end)]
        if (
            i in anchors
            or served.search(a.text, s.start, s.end)
            or has_term(a.text, s.start, s.end)
        ):
            zones += [(m.start(), m.end()) for _, m in words.all_matches(a.text, s.start, s.end)]
    return zones


def _service_facts(a: Analysis) -> list[Fact]:
    """Service facts of the whole report, read once (the reader needs the context of the
    neighbouring sentences), without those that are the sentence itself."""
    from warcases.extract.service import find_service_facts

    if a.service is None:
        zones = _punishment_zones(a)
        a.service = [
            f
            for f in find_service_facts(a.text, a.language, 0, len(a.text))
            if not (
                f.prop == "recruitment" and any(f.start < z1 and f.end > z0 for z0, z1 in zones)
            )
        ]
    return a.service


def _service(
    a: Analysis, ranked: list[tuple[str, Segment]], multi_card: bool, codes: list[str]
) -> list[Fact]:
    recruiter = lang_regex("recruiter_cues", a.language)
    relative = lang_regex("relative_cues", a.language)
    is_recruiter = any(
        not relative.search(a.text, max(seg.start, m.start() - 60), m.start())
        for scope, seg in ranked
        if scope in (OWN, SHARED, FOCUS, LEAD)
        for m in recruiter.finditer(a.text, seg.start, seg.end)
    )
    segments = [
        seg for scope, seg in ranked if scope != "sibling" and not (scope == LEAD and multi_card)
    ]
    out: list[Fact] = []
    single: dict[str, Fact] = {}
    listed: set[tuple[str, object]] = set()
    for f in _service_facts(a):
        if not any(seg.start <= f.start < seg.end for seg in segments):
            continue
        if is_recruiter and f.prop in ("formations", "recruitment", "platforms"):
            continue
        f = replace(f, confidence=min(f.confidence, CONFIDENCE), card=0, defendant=None)
        if f.prop in ("formations", "recruitment", "motives", "platforms", "roles", "theatres"):
            if (f.prop, f.value) not in listed:
                listed.add((f.prop, f.value))
                out.append(f)
        elif f.prop not in single:
            single[f.prop] = f
    out += list(single.values())
    from warcases.extract.service import custody_over_work

    out = custody_over_work(out)
    rc = single.get("russian_citizenship")
    renounced = lang_regex("renounced_cues", a.language)
    gave_up = any(renounced.search(a.text, seg.start, seg.end) for seg in segments)
    if rc is not None and rc.value is True and "RU" not in codes and not gave_up:
        out.append(Fact("citizenship", "RU", rc.start, rc.end, rc.confidence))
    return out
