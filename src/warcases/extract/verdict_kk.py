"""The case card from a Kazakh-language verdict («ҮКІМ», «Қазақстан Республикасының атынан»).

Parts: introductory (header, court, defendants) up to «АНЫҚТАДЫ», descriptive up to
«ҮКІМ ЕТТІ», operative after it. Cue phrases are data (knowledge/verdict_kk.yaml); articles,
terms, dates, places and service facts come from the shared grammar modules. The Russian
verdict extractor delegates here when ``doc.language == "kk"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from warcases.extract.kk_defendants import (
    KkDefendant,
    citizenship,
    find_mentions,
    home_window,
    intro_defendants,
    operative_name,
)
from warcases.extract.news_facts import (
    age_at,
    assign_service,
    charge_facts,
    first_region,
    penalties,
    pick_sentence,
    sentence_facts,
)
from warcases.extract.news_lexicon import knowledge, lexicon, phrases_regex
from warcases.extract.news_sentence import find_punishment, institution
from warcases.model import DocumentText, Fact

CONFIDENCE = 0.95
_CASE_NUMBER = re.compile(r"№\s*(\d[\d\-–/.]*\d)")
_COURT_WORD = re.compile(r"(?<![\w])сот(?:ы|ының|ында|ымен|ына|ынан)(?![\w])", re.IGNORECASE)


@dataclass(frozen=True)
class Parts:
    start: int  # the verdict's title («ҮКІМ»), 0 when not found
    intro_end: int  # start of the descriptive part («АНЫҚТАДЫ»)
    operative: int | None  # start of the operative part («ҮКІМ ЕТТІ»), None if absent
    end: int


def split_parts(text: str) -> Parts:
    sections = knowledge("verdict_kk")["sections"]
    body = "|".join(re.escape(w) for w in sections["title"])
    title = re.search(rf"(?m)^[ \t]*(?:{body})[ \t]*$", text)
    start = title.start() if title else 0
    desc = _heading(text, sections["descriptive"], start)
    intro_end = desc.start() if desc else min(len(text), start + 3000)
    op = _heading(text, sections["operative"], intro_end)
    return Parts(start, intro_end, op.end() if op else None, len(text))


def _heading(text: str, words: list[str], start: int) -> re.Match[str] | None:
    # Headings are written in capitals, usually on their own line and with a colon.
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    for flags, pat in (
        (0, rf"(?<![\w])(?:{body})\s*:"),
        (0, rf"(?<![\w])(?:{body})(?![\w])"),
        (re.IGNORECASE, rf"(?<![\w])(?:{body})\s*:"),
    ):
        m = re.compile(pat, flags).search(text, start)
        if m:
            return m
    return None


def extract_verdict_kk(doc: DocumentText) -> list[Fact]:
    text = doc.text
    parts = split_parts(text)
    facts: list[Fact] = []
    court = find_court(text, parts.intro_end, parts.start)
    facts += _case_facts(text, parts, court)
    verdict_date = next((f.value for f in facts if f.prop == "verdict_date"), None)
    defendants = intro_defendants(text, court[2] if court else 0, parts.intro_end)
    if not defendants and parts.operative is not None:
        found = operative_name(text, parts.operative, parts.end)
        if found:
            name, s, e = found
            defendants = [KkDefendant(name, s, e, (s, e))]
    windows = _operative_windows(text, parts, defendants)
    for idx, d in enumerate(defendants):
        facts += _defendant_facts(text, parts, d, idx, windows[idx], verdict_date)
    if defendants:
        facts += _service(text, parts, defendants)
    return facts


def find_court(text: str, limit: int, start: int = 0) -> tuple[str, int, int] | None:
    """The court as written in ``text[start:limit]``, «соты» in the nominative-possessive."""
    cfg = knowledge("verdict_kk")["court"]
    name_words = {w.lower() for w in cfg["name_words"]}
    stop = {w.lower() for w in cfg["stop_words"]}
    for m in _COURT_WORD.finditer(text, start, limit):
        # walk back over the words of the name on this line
        line_start = max(start, text.rfind("\n", 0, m.start()) + 1)
        words = list(re.finditer(r"[^\s,;:()«»\"]+", text[line_start : m.start()]))
        start = m.start()
        for w in reversed(words):
            token = w.group()
            low = token.lower()
            if low in stop or re.fullmatch(r"\d{1,4}", token) or token.endswith((".", ",")):
                break
            if (
                low in name_words
                or token[:1].isupper()
                or token.startswith("№")
                or token[:1].isdigit()
            ):
                start = line_start + w.start()
                continue
            break
        if start == m.start():
            continue
        # strip leading header words that are not capitalised court-name words
        while start < m.start() and not text[start].isupper() and not text[start].isdigit():
            nxt = text.find(" ", start)
            start = nxt + 1 if nxt >= 0 else m.start()
        name = text[start : m.start()] + cfg["nominative"]
        if len(name.split()) < 2:
            continue
        return " ".join(name.split()), start, m.end()
    return None


def _case_facts(text: str, parts: Parts, court: tuple[str, int, int] | None) -> list[Fact]:
    from warcases.extract.dates import find_dates
    from warcases.extract.places import country_of_region, court_region, find_regions

    out: list[Fact] = []
    cfg = knowledge("verdict_kk")
    head_end = court[1] if court else parts.intro_end
    found = lexicon("verdict_kk", "country").first_label(text, 0, parts.intro_end)
    country = None
    if found:
        country = found[0]
        out.append(Fact("country", country, found[1].start(), found[1].end(), CONFIDENCE))
    # the verdict date: the first full date of the header (before the court), else of the intro
    birth = phrases_regex(cfg["birth"])
    for d in find_dates(text[: parts.intro_end]):
        if len(d.date) == 10 and (d.start < head_end or not birth.search(text, d.end, d.end + 40)):
            out.append(Fact("verdict_date", d.date, d.start, d.end, CONFIDENCE))
            break
    m = _CASE_NUMBER.search(text, 0, parts.intro_end)
    if m:
        out.append(Fact("case_number", m.group(1), m.start(1), m.end(1), CONFIDENCE))
    if court:
        name, s, e = court
        out.append(Fact("court", name, s, e, CONFIDENCE))
        region = court_region(name) or first_region(find_regions(name))
        if region:
            out.append(Fact("court_region", region, s, e, CONFIDENCE))
            if country is None:
                out.append(Fact("country", country_of_region(region), s, e, 0.85))
    out += _procedure(text, parts)
    if parts.operative is not None:
        hit = lexicon("verdict_kk", "outcome").first_label(text, parts.operative, parts.end)
        if hit:
            out.append(Fact("outcome", hit[0], hit[1].start(), hit[1].end(), CONFIDENCE))
    return out


def _procedure(text: str, parts: Parts) -> list[Fact]:
    table = knowledge("verdict_kk")["procedure"]
    hit = lexicon("verdict_kk", "procedure").first_label(text, 0, parts.operative or parts.end)
    if hit:
        return [Fact("procedure", hit[0], hit[1].start(), hit[1].end(), CONFIDENCE)]
    if parts.operative is None:
        return []
    # a verdict with no special procedure named was tried in the general order
    return [Fact("procedure", table["default"], 0, min(4, len(text)), 0.8)]


def _operative_windows(
    text: str, parts: Parts, defendants: list[KkDefendant]
) -> list[tuple[int, int]]:
    """Each defendant's stretch of the operative part (the whole part for a single one)."""
    if parts.operative is None:
        return [(d.block[0], d.block[1]) for d in defendants]
    starts = []
    for d in defendants:
        hits = (
            find_mentions(text, d.surname_key, parts.operative, parts.end) if d.surname_key else []
        )
        starts.append(hits[0] if hits else None)
    windows = []
    for s in starts:
        if len(defendants) == 1 or s is None:
            windows.append((parts.operative, parts.end))
            continue
        later = [x for x in starts if x is not None and x > s]
        windows.append((s, min(later) if later else parts.end))
    return windows


def _defendant_facts(
    text: str,
    parts: Parts,
    d: KkDefendant,
    idx: int,
    window: tuple[int, int],
    verdict_date: str | None,
) -> list[Fact]:
    from warcases.extract.dates import find_dates
    from warcases.extract.places import find_regions

    def fact(prop: str, value: object, s: int, e: int, conf: float = CONFIDENCE) -> Fact:
        return Fact(prop, value, s, e, conf, 0, idx)

    out = [fact("name", d.name, d.start, d.end)]
    block = d.block
    birth = next((x for x in find_dates(text[d.end : block[1]]) if len(x.date) >= 4), None)
    if birth is not None:
        s, e = d.end + birth.start, d.end + birth.end
        if len(birth.date) == 10:
            out.append(fact("birth_date", birth.date, s, e))
        out.append(fact("birth_year", int(birth.date[:4]), s, e))
        age = age_at(birth.date, verdict_date)
        if age is not None:
            out.append(fact("age", age, s, e, 0.9))
    for s, e in home_window(text, block):
        region = first_region(find_regions(text[s:e]))
        if region:
            out.append(fact("region", region, s, e, 0.9))
            break
    for code, s, e in citizenship(text, block):
        out.append(fact("citizenship", code, s, e))
    # charges: the guilty clause of the operative part, else the introduction's charge line
    guilty = phrases_regex(knowledge("verdict_kk")["guilty_cues"])
    charges: list[Fact] = []
    if parts.operative is not None:
        g = guilty.search(text, *window)
        charges = charge_facts(text, window[0], g.end() if g else window[1], "KZ", CONFIDENCE)
    if not charges:
        charges = charge_facts(text, block[1], parts.intro_end, "KZ", 0.9)
    out += [replace(c, defendant=idx) for c in charges]
    if parts.operative is None:
        return out
    sentence = pick_sentence(
        text, *window, final_cues=knowledge("verdict_kk").get("final_cues", [])
    )
    if sentence is None:
        sentence = _loose_sentence(text, window)
    if sentence is not None:
        out += [replace(f, defendant=idx) for f in sentence_facts(sentence, CONFIDENCE)]
    out += [replace(f, defendant=idx) for f in penalties(text, *window, "verdict_kk", CONFIDENCE)]
    return out


def _loose_sentence(text: str, window: tuple[int, int]):
    """A term next to a punishment word, when the sentence grammar read nothing."""
    found = find_punishment(text, window[0], window[1], "kk", [])
    if found is None or found.institution is not None or found.type != "imprisonment":
        return found
    inst = institution(text, found.end, window[1])
    return replace(found, institution=inst[0]) if inst else found


def _service(text: str, parts: Parts, defendants: list[KkDefendant]) -> list[Fact]:
    end = parts.operative if parts.operative is not None else parts.end
    return assign_service(
        text,
        "kk",
        parts.intro_end,
        end,
        [d.surname_key for d in defendants],
        card=0,
        confidence=CONFIDENCE,
    )
