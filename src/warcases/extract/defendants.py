"""Defendants of a Russian-language verdict: who they are and which words are about whom.

The introductory part describes each defendant in one block: «ЖАКСЫЛЫКОВА ЕРЛАНА СЕРИКОВИЧА,
03.11.1990 года рождения, уроженца г. Шахтинск Карагандинской области, гражданина Республики
Казахстан, …, проживающего по адресу: г. Караганда, …» followed by the charge line
«обвиняемого в совершении … ч. 1 ст. 172 УК РК». From a block come the name (nominative),
birth date, citizenship and home region. Later the text calls the defendant by surname in any
case, usually with initials («Жаксылыков Е.С.», «Жаксылыковой А.М.» is his wife): mentions
split the descriptive and operative parts into per-defendant windows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from warcases.extract.structure import Hit, any_rx, cues, folded, paragraphs, rx
from warcases.names import name_gender, split_name, to_nominative

_UP = "А-ЯЁӘҒҚҢӨҰҮҺІ"
_LO = "а-яёәғқңөұүһі"
_PARTICLE = r"(?:уулу|улы|ұлы|кызы|қызы|оглы|угли)"
_W = rf"(?:[{_UP}][{_UP}'’\-]+|[{_UP}][{_LO}'’]+(?:-[{_UP}{_LO}][{_LO}'’]+)?)"
_INITIALS = rf"[{_UP}]\.\s*(?:[{_UP}]\.)?"
_NAME = rf"{_W}(?:\s+(?:{_W}|{_PARTICLE})){{1,4}}|{_W}(?:\s+{_PARTICLE})?\s+{_INITIALS}"
_DATE = r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}\s+[а-яё]+\s+\d{4}|\d{4}"


@dataclass(frozen=True)
class Defendant:
    name: str  # nominative, surname first
    name_start: int
    name_end: int
    gender: str | None
    block: tuple[int, int]  # the introductory block, name included
    charge_line: tuple[int, int] | None  # «обвиняемого в совершении …»
    surname: str
    initials: str  # first letters of given name and patronymic, e.g. "ЕС"


@lru_cache(maxsize=1)
def _birth_rx() -> re.Pattern[str]:
    return re.compile(cues()["defendant"]["birth"])


# A name right before a birth date: «ИВАНОВА ИВАНА ИВАНОВИЧА, 03.11.1990 года рождения».
_NAME_BEFORE = re.compile(rf"(?P<name>{_NAME})\s*,\s*(?:(?:{_DATE})\s*)?$")


def find_defendants(text: str, start: int, end: int) -> list[Defendant]:
    """Defendants described in the introductory part ``text[start:end]``, in order."""
    conf = cues()["defendant"]
    not_name = any_rx(conf["not_name"])
    heads: list[tuple[int, int, str]] = []
    low = folded(text)
    for b in _birth_rx().finditer(low, start, end):
        lo = max(start, b.start() - 160, heads[-1][1] if heads else 0)
        m = _NAME_BEFORE.search(text, lo, b.start())
        if not m:
            continue
        s, e, raw = _trim_name(text, m.start("name"), m.end("name"), not_name)
        if raw:
            heads.append((s, e, raw))
    charge_rx = any_rx(conf["charge_line"])
    stop = any_rx(conf["stop"]).search(low, start, end)
    limit = stop.start() if stop else end
    out: list[Defendant] = []
    for i, (s, e, raw) in enumerate(heads):
        nxt = heads[i + 1][0] if i + 1 < len(heads) else limit
        charge = charge_rx.search(low, e, nxt)
        block_end = charge.start() if charge else nxt
        line = (charge.start(), _line_end(text, charge.start(), nxt)) if charge else None
        gender = _block_gender(text, e, block_end) or name_gender(raw)
        name = to_nominative(raw, gender)
        surname, given, patronymic = split_name(name)
        initials = (given[:1] + (patronymic or "")[:1]).upper()
        out.append(Defendant(name, s, e, gender, (s, block_end), line, surname, initials))
    # «…, ИВАНОВА …, ПЕТРОВА …, каждого в совершении …»: one charge line after the last block
    shared = out[-1].charge_line if out else None
    return [d if d.charge_line or not shared else replace(d, charge_line=shared) for d in out]


def _line_end(text: str, start: int, limit: int) -> int:
    m = re.search(r"\n\s*\n|УСТАНОВИЛ", text[start:limit])
    return start + m.start() if m else limit


def _trim_name(text: str, s: int, e: int, not_name: re.Pattern[str]) -> tuple[int, int, str]:
    """Drop role words and extra leading capitalised words from a name candidate."""
    tokens = list(re.finditer(r"\S+", text[s:e]))
    while tokens and not_name.fullmatch(tokens[0].group(0).lower()):
        tokens.pop(0)
    has_particle = any(re.fullmatch(_PARTICLE, t.group(0), re.I) for t in tokens)
    while len(tokens) > (4 if has_particle else 3):
        tokens.pop(0)
    if len(tokens) < 2:
        return s, e, ""
    new_s, new_e = s + tokens[0].start(), s + tokens[-1].end()
    return new_s, new_e, " ".join(text[new_s:new_e].split())


def _block_gender(text: str, start: int, end: int) -> str | None:
    conf = cues()["defendant"]["gender"]
    low, hi = folded(text), min(end, start + 400)
    f = sum(1 for _ in any_rx(conf["f"]).finditer(low, start, hi))
    m = sum(1 for _ in any_rx(conf["m"]).finditer(low, start, hi))
    if f > m:
        return "f"
    if m > f:
        return "m"
    return None


def operative_defendants(text: str, start: int, end: int) -> list[Defendant]:
    """Defendants named only in the operative part («Признать Иванова Ивана Ивановича
    виновным …»), for texts without an introductory block."""
    out: list[Defendant] = []
    seen: set[str] = set()
    for m in _operative_rx().finditer(text, start, end):
        raw_s, raw_e = m.span("a") if m.group("a") else m.span("b")
        s, e, raw = _trim_name(text, raw_s, raw_e, any_rx(cues()["defendant"]["not_name"]))
        if not raw:
            continue
        tail = text[e:e + 200]
        gender = "f" if re.match(r"\s*\S*\s*(?:виновной|невиновной)", tail) else "m"
        name = to_nominative(raw, gender)
        if name in seen:
            continue
        seen.add(name)
        surname, given, patronymic = split_name(name)
        initials = (given[:1] + (patronymic or "")[:1]).upper()
        out.append(Defendant(name, s, e, gender, (s, e), None, surname, initials))
    return out


@lru_cache(maxsize=1)
def _operative_rx() -> re.Pattern[str]:
    return re.compile(
        rf"[Пп]ризнать\s+(?P<a>{_NAME})\s+(?:не)?виновн|(?:^|\n)\s*(?P<b>{_NAME})\s+признать\s+(?:не)?виновн"
    )


# --- what a block says ----------------------------------------------------------------------


def birth_date(text: str, d: Defendant) -> Hit | None:
    """The first date in the block: ISO date, or a year-only "1990"."""
    from warcases.extract.dates import find_dates

    lo, hi = d.name_end, min(d.block[1], d.name_end + 200)
    for m in find_dates(text[lo:hi]):
        return Hit(m.date, lo + m.start, lo + m.end)
    year = re.search(r"(?<!\d)(\d{4})\s*(?:года|г\.)\s*(?:рождения|р\.)|(?<!\d)(\d{4})\s*г\.\s*р\.", text[lo:hi])
    if year:
        return Hit(year.group(1) or year.group(2), lo + year.start(), lo + year.end())
    return None


def stated_age(text: str, d: Defendant) -> Hit | None:
    m = rx(cues()["defendant"]["stated_age"]).search(folded(text), d.block[0], d.block[1])
    return Hit(int(m.group("age")), m.start(), m.end()) if m else None


def citizenship(text: str, d: Defendant) -> list[Hit]:
    conf = cues()
    out: list[Hit] = []
    low = folded(text)
    for m in rx(conf["defendant"]["citizenship"]).finditer(low, d.name_end, d.block[1]):
        lo, hi = m.start("what"), m.end("what")
        for iso, patterns in conf["citizenship"].items():
            found = any_rx(patterns).search(low, lo, hi)
            if found and iso not in {h.value for h in out}:
                out.append(Hit(iso, found.start(), found.end()))
        if out:
            break
    out.sort(key=lambda h: h.start)
    return out


def home_region(text: str, d: Defendant, on_date: str | None) -> Hit | None:
    """Where the defendant lives (address / place of residence), else where he was born."""
    from warcases.extract.places import find_regions

    conf = cues()["defendant"]
    end_rx = any_rx(conf["clause_end"])
    street = any_rx(conf["address_stop"])
    low = folded(text)
    for kind in ("residence", "birthplace"):
        for cue in any_rx(conf[kind]).finditer(low, d.name_end, d.block[1]):
            lo = cue.end()
            stop = end_rx.search(low, lo + 1, d.block[1])
            hi = stop.start() if stop else min(d.block[1], lo + 200)
            cut = street.search(low, lo, hi)
            hi = cut.start() if cut else hi
            for p in find_regions(text[lo:hi], on_date):
                return Hit(p.region, lo + p.start, lo + p.end)
    return None


def age_at(birth: str, on: str) -> int | None:
    """Full years between two ISO dates."""
    if len(birth) != 10 or len(on) != 10:
        return None
    by, bm, bd = (int(x) for x in birth.split("-"))
    oy, om, od = (int(x) for x in on.split("-"))
    return oy - by - ((om, od) < (bm, bd))


# --- mentions and windows -----------------------------------------------------------------


def surname_forms(surname: str, gender: str | None) -> list[str]:
    """The case forms of a surname (lower case) that refer to a person of that gender."""
    low = surname.lower()
    if re.search(rf"\s{_PARTICLE}$", low):
        return [low]
    if gender == "f":
        if re.search(r"(?:ов|ев|ёв|ин|ын)а$", low):
            return [low[:-1] + e for e in ("а", "ой", "у")]
        if low.endswith("ая"):
            return [low[:-2] + e for e in ("ая", "ой", "ую")]
        if low.endswith(("а", "я")):
            return _noun_a(low)
        return [low]
    if re.search(r"(?:ов|ев|ёв|ин|ын)$", low):
        return [low + e for e in ("", "а", "у", "ым", "е")]
    if re.search(r"[сц]кий$", low):
        return [low[:-2] + e for e in ("ий", "ого", "ому", "им", "ом")]
    if low.endswith(("й", "ь")):
        return [low[:-1] + e for e in (low[-1], "я", "ю", "ем", "е")]
    if low.endswith(("а", "я")):
        return _noun_a(low)
    if re.search(r"[бвгджзклмнпрстфхцчшщңғқһ]$", low):
        return [low + e for e in ("", "а", "у", "ом", "ем", "е")]
    return [low]


def _noun_a(low: str) -> list[str]:
    stem, last = low[:-1], low[-1]
    ends = ("а", "ы", "и", "е", "у", "ой") if last == "а" else ("я", "и", "е", "ю", "ей")
    return [stem + e for e in ends]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    defendant: int


def find_mentions(text: str, start: int, end: int, defendants: list[Defendant]) -> list[Mention]:
    """Every place in ``text[start:end]`` that names one of the defendants, in text order."""
    out: list[Mention] = []
    for idx, d in enumerate(defendants):
        for m in _mention_rx(d.surname, d.gender).finditer(text, start, end):
            initial = m.group("ini") or m.group("given")
            if initial and d.initials and initial[0].upper() != d.initials[0]:
                continue
            out.append(Mention(m.start(), m.end(), idx))
    out.sort(key=lambda m: m.start)
    return out


_PATRONYMIC_END = r"(?i:\w*(?:вич|вна|ична|улы|ұлы|кызы|қызы|уулу|оглы)\w*)"


@lru_cache(maxsize=256)
def _mention_rx(surname: str, gender: str | None) -> re.Pattern[str]:
    """The surname in any case form (any letter case), then initials or a capitalised given
    name and patronymic when they follow: «Жаксылыков Е.С.», «НУРЖАНОВА АЙБЕКА СЕРИКОВИЧА»."""
    forms = sorted(surname_forms(surname, gender), key=len, reverse=True)
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    word = rf"[{_UP}](?:[{_LO}]+|[{_UP}]+)"
    return re.compile(
        rf"(?<![\w])(?i:{body})(?![\w])"
        rf"(?:\s+(?P<ini>[{_UP}])\.(?:\s*[{_UP}]\.)?|\s+(?P<given>{word})(?:\s+[{_UP}]{_PATRONYMIC_END})?)?"
    )


def groups(text: str, mentions: list[Mention]) -> list[tuple[int, int, frozenset[int]]]:
    """Mentions joined by «и» / «,» form one group: (start, end, defendant indices)."""
    out: list[tuple[int, int, frozenset[int]]] = []
    for m in mentions:
        if out and re.fullmatch(r"\s*(?:,|и|,\s*и|а\s+также)?\s*", text[out[-1][1]:m.start]):
            s, _, members = out[-1]
            out[-1] = (s, m.end, members | {m.defendant})
        else:
            out.append((m.start, m.end, frozenset({m.defendant})))
    return out


def operative_windows(
    text: str, start: int, end: int, defendants: list[Defendant]
) -> dict[int, list[tuple[int, int]]]:
    """Each defendant's share of the operative part: the paragraphs (or pieces of a paragraph)
    from a mention of him up to a mention of someone else; paragraphs that name nobody
    continue the previous one."""
    windows: dict[int, list[tuple[int, int]]] = {i: [] for i in range(len(defendants))}
    if len(defendants) == 1:
        windows[0] = [(start, end)]
        return windows
    current: frozenset[int] = frozenset(range(len(defendants)))
    for p_lo, p_hi in paragraphs(text, start, end):
        gs = groups(text, find_mentions(text, p_lo, p_hi, defendants))
        if not gs:
            for i in current:
                windows[i].append((p_lo, p_hi))
            continue
        cuts = [p_lo] + [g[0] for g in gs[1:]] + [p_hi]
        if gs[0][0] > p_lo:  # words before the first name belong to it («Признать Исаева …»)
            cuts[0] = p_lo
        for (_g_lo, _g_hi, members), lo, hi in zip(gs, cuts[:-1], cuts[1:]):
            for i in members:
                windows[i].append((lo, hi))
            current = members
    return windows


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]``; a full stop after an initial or an abbreviation
    («Е.С.», «г.», «ст.») does not end a sentence."""
    out: list[tuple[int, int]] = []
    lo = start
    for m in _SENTENCE_END.finditer(text, start, end):
        before = text[max(start, m.start() - 6):m.start() + 1]
        if _NO_END.search(before):
            continue
        out.append((lo, m.end()))
        lo = m.end()
    if lo < end:
        out.append((lo, end))
    return out


_SENTENCE_END = re.compile(rf"[.!?](?=\s+[{_UP}0-9«\"])|\n\s*\n|\n(?=\s*[{_UP}0-9])")
_NO_END = re.compile(
    rf"(?:(?<![\w])[{_UP}]|(?<![\w])(?:г|гг|ст|ч|п|ул|д|кв|им|обл|р|т|мкр|пр|с|пос|пгт|тыс|руб|млн|см|т\.е|т\.к|др|в/ч|РФ|РК|п\.п))\.$"
)


def descriptive_owner(
    text: str, start: int, end: int, defendants: list[Defendant]
) -> list[tuple[int, int, frozenset[int]]]:
    """Split the descriptive part into pieces, each with the defendants it is about.

    A piece runs from a group of names to the next group in the same sentence; words before
    the first name of a sentence belong to that name; a sentence that names nobody is about
    the last defendants named (everyone, if it speaks of «они», «оба», «подсудимые»)."""
    everyone = frozenset(range(len(defendants)))
    if len(defendants) <= 1:
        return [(start, end, everyone)]
    plural = any_rx(cues()["plural_subject"])
    out: list[tuple[int, int, frozenset[int]]] = []
    current = everyone
    for s_lo, s_hi in sentence_spans(text, start, end):
        gs = groups(text, find_mentions(text, s_lo, s_hi, defendants))
        if not gs:
            who = everyone if plural.search(folded(text), s_lo, s_hi) else current
            out.append((s_lo, s_hi, who))
            continue
        cuts = [s_lo] + [g[0] for g in gs[1:]] + [s_hi]
        for (_, _, members), lo, hi in zip(gs, cuts[:-1], cuts[1:]):
            out.append((lo, hi, members))
        current = gs[-1][2]
    return out
