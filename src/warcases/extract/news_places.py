"""Where a reported case was tried and where its defendant comes from.

Court: only a court *named* as an institution is a court («Специализированный межрайонный суд по
уголовным делам Карагандинской области», «Свердловский районный суд Бишкека», "At-Bashy District
Court", «Қарағанды облысының ... соты»), put in the nominative. «Суд Алматы», «Атырауский суд»,
"a court in Almaty" name only the place where a court sits: they give ``court_region`` and no
``court`` (the card format wants the institution; a place is not one).

Home region: «житель Темиртау», "a man from Shchuchinsk", «қарағандылық», «карагандинец»;
«местный житель» / "a local man" → the court's region; «житель столицы» → the capital.
"""

from __future__ import annotations

import re
from functools import lru_cache

from warcases.extract.news_lexicon import knowledge, phrases_regex

_ADJ = r"[А-ЯЁа-яё-]+(?:ий|ый|ой|ого|ому|ым|ом|ая|ую|им|его|ему)"
_GEN_PLACE = r"[А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]+"
# «Суд города Бохтара Хатлонской области», «суд района Рудаки» (Tajik court names).
_RU_TOWN_COURT = re.compile(
    rf"(?<![\w-])([Сс]уд(?:ом|а|у|е)?)(\s+(?:города|района)\s+{_GEN_PLACE}"
    rf"(?:\s+[А-ЯЁ][\w-]+(?:ой|ого)\s+области)?)"
)
# A court quoted as a source («пресс-служба Верховного суда») did not try the case.
_SOURCE = re.compile(r"(?:пресс-служб\w*|сообщил\w*\s+в|press\s+service\s+of)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
_RU_COURT = re.compile(
    rf"(?<![\w-])((?:{_ADJ}\s+){{1,4}}суд(?:ом|а|у|е)?)(?![\w])"
    rf"((?:\s+№\s*\d+)?(?:\s+по\s+уголовным\s+делам)?"
    rf"(?:\s+(?:(?:[А-ЯЁ][\w-]+(?:ой|ого)\s+)?(?:области|района)(?:\s+(?:города\s+|г\.\s*)?{_GEN_PLACE}(?=[\s,.]))?"
    rf"|(?:города|г\.)\s*{_GEN_PLACE}"
    rf"|{_GEN_PLACE}(?=\s+[а-яё\d])(?!\s+(?:области|района))))?"
    rf"(?:\s+(?:города|г\.)\s*{_GEN_PLACE})?)"
)
_EN_COURT = re.compile(
    r"(?<![\w-])((?:[A-Z][\w-]*\s+){1,5}Court(?:\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][\w-]*)(?:\s+(?:Region|City|Oblast|District))?)?)(?![\w-])"
)


def _cfg() -> dict:
    return knowledge("news")


@lru_cache(maxsize=4096)
def _nominative_word(word: str) -> str:
    from warcases.extract.news_people import morph

    low = word.lower()
    for p in morph().parse(low):
        if p.tag.POS in ("ADJF", "NOUN"):
            target = {"nomn", "sing", "masc"} if p.tag.POS == "ADJF" else {"nomn", "sing"}
            inflected = p.inflect(target)
            if inflected:
                out = inflected.word
                return out[:1].upper() + out[1:] if word[:1].isupper() else out
    return word


def find_court(text: str, start: int, end: int, language: str) -> tuple[str, int, int] | None:
    """The first court named as an institution in ``text[start:end]``, in the nominative."""
    if language == "kk":
        from warcases.extract.verdict_kk import find_court as kk_court

        found = kk_court(text[start:end], end - start)
        if found:
            return found[0], found[1] + start, found[2] + start
        return None
    if language == "en":
        for m in _EN_COURT.finditer(text, start, end):
            words = m.group(1).split()
            while words and words[0].lower() in ("the", "a", "an"):
                words = words[1:]
            name = " ".join(words)
            if phrases_regex(_cfg()["court"]["en_kinds"]).search(name):
                s = m.start(1) + m.group(1).find(words[0])
                return name, s, m.end(1)
        return None
    kinds = phrases_regex(_cfg()["court"]["ru_kinds"])
    town = next(
        (t for t in _RU_TOWN_COURT.finditer(text, start, end)
         if not _SOURCE.search(text, max(start, t.start() - 40), t.start())),
        None,
    )
    for m in _RU_COURT.finditer(text, start, end):
        head = m.group(1)
        if not kinds.search(head) or _SOURCE.search(text, max(start, m.start() - 40), m.start()):
            continue
        if town is not None and town.start() < m.start():
            break
        words = head.split()
        # drop leading words that are not part of the name («вынес», lower-case verbs are not
        # matched by the adjective pattern, but «который»-like pronouns are)
        while words and words[0].lower() in ("который", "которого", "этот", "этого", "тот"):
            words = words[1:]
        nominative = [_nominative_word(w) for w in words]
        nominative[0] = nominative[0][:1].upper() + nominative[0][1:]
        name = " ".join(nominative) + m.group(2)
        s = m.start(1) + head.find(words[0])
        return " ".join(name.split()), s, m.end(2)
    if town is not None:
        name = "Суд" + town.group(2)
        return " ".join(name.split()), town.start(), town.end()
    return None


def court_place(text: str, start: int, end: int, language: str) -> tuple[str, int, int] | None:
    """A region named where a court sits: «суд Алматы», «Атырауский суд», "a court in Almaty",
    "court in Kyrgyzstan's Naryn region", «Шымкенттің соты»."""
    from warcases.extract.places import find_regions

    anchors = _cfg()["court"]["place_anchor"].get(language) or _cfg()["court"]["place_anchor"]["ru"]
    pat = re.compile(r"(?<![\w])(?:" + "|".join(anchors) + r")(?![\w])", re.IGNORECASE)
    for m in pat.finditer(text, start, end):
        lo = max(start, m.start() - 30)
        hi = min(end, m.end() + 45)
        before = text[lo : m.start()]
        after = text[m.end() : hi]
        after = re.split(r"[.;:!?]|\s(?:has|have|was|is|приговорил|признал|осудил|вынес)\s", after)[
            0
        ]
        for s0, chunk in ((m.end(), after), (lo, before)):
            regions = find_regions(chunk)
            if regions:
                r = regions[0] if s0 == m.end() else regions[-1]
                return r.region, s0 + r.start, s0 + r.end
    return None


def leading_place(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """«В Актобе …», "In Semey, …", «Шымкентте …»: a place that opens a sentence."""
    from warcases.extract.places import find_regions

    head = text[start : min(end, start + 40)]
    m = re.match(r"\s*(?:В|Во|In|At)\s+([^\s,]+(?:\s+[^\s,]+)?)", head)
    if m:
        chunk = m.group(1)
        regions = find_regions(chunk)
        if regions:
            return regions[0].region, start + m.start(1), start + m.end(1)
    m = re.match(r"\s*([А-ЯӘҒҚҢӨҰҮҺІ][\w-]+(?:да|де|та|те|нда|нде))(?![\w])", head)
    if m:
        regions = find_regions(m.group(1))
        if regions:
            return regions[0].region, start + m.start(1), start + m.end(1)
    return None


def home_region(
    text: str, start: int, end: int, language: str, country: str | None
) -> tuple[str | None, int, int, str] | None:
    """(region or None, start, end, how) for the first home statement in ``text[start:end]``.

    ``how``: "place" (a place was named), "local" (the court's region is meant), "capital"."""
    from warcases.extract.places import find_regions

    cfg = _cfg()
    cap = phrases_regex(cfg["capital_cues"]).search(text, start, end)
    if cap and country in cfg["capitals"]:
        return cfg["capitals"][country], cap.start(), cap.end(), "capital"
    local = _lang_phrases("local_cues", language).search(text, start, end)
    after = _lang_phrases("after", language, cfg["home_cues"])
    before = _lang_phrases("before", language, cfg["home_cues"])
    patterns = cfg["home_cues"].get("after_patterns", {}).get(language, [])
    cues = sorted(
        [("after", m) for m in after.finditer(text, start, end)]
        + [("after", m) for p in patterns for m in re.finditer(p, text[:end]) if m.start() >= start]
        + [("before", m) for m in before.finditer(text, start, end)],
        key=lambda t: t[1].start(),
    )
    birth = phrases_regex(cfg["home_cues"].get("birth", []))
    # a residence before a birthplace, each in the order of the text
    for side, m in sorted(cues, key=lambda t: bool(birth.match(t[1].group()))):
        if side == "after":
            chunk = re.split(r"[,.;:()–—]", text[m.end() : min(end, m.end() + 45)])[0]
            base = m.end()
        else:
            chunk = re.split(r"[,.;:()–—]", text[max(start, m.start() - 45) : m.start()])[-1]
            base = m.start() - len(chunk)
        regions = find_regions(chunk)
        if regions:
            r = regions[0] if side == "after" else regions[-1]
            return r.region, base + r.start, base + r.end, "place"
    demonym = find_demonym(text, start, end, language)
    if demonym:
        return demonym[0], demonym[1], demonym[2], "place"
    if local:
        return None, local.start(), local.end(), "local"
    if cues:
        return None, cues[0][1].start(), cues[0][1].end(), "local"
    return None


def _lang_phrases(section: str, language: str, parent: dict | None = None) -> re.Pattern[str]:
    table = (parent or _cfg())[section]
    phrases = table.get(language)
    return phrases_regex(phrases if phrases is not None else table.get("ru", []))


@lru_cache(maxsize=8192)
def region_of(name: str) -> str | None:
    from warcases.extract.places import region_of as lookup

    return lookup(name)


def find_demonym(text: str, start: int, end: int, language: str) -> tuple[str, int, int] | None:
    """«карагандинца», «экибастузцев», «қарағандылық», «шымкенттікке» → the place's region."""
    cfg = _cfg()
    table = {k.lower(): v for k, v in cfg["demonyms"].items()}
    ending = cfg["demonym_endings"].get(language if language == "kk" else "ru")
    word = re.compile(rf"(?<![\w-])([\w-]{{3,}}?){ending}(?![\w])", re.IGNORECASE)
    for m in word.finditer(text, start, end):
        whole = m.group().lower()
        for k, place in table.items():
            if whole.startswith(k[:-2]):
                region = region_of(place)
                if region:
                    return region, m.start(), m.end()
        stem = m.group(1)
        if (
            stem[:1].islower()
            and language == "ru"
            and m.start() != start
            and text[m.start() - 1] not in '\n«"'
        ):
            pass  # mid-sentence lower-case demonyms are normal in Russian
        for tail in cfg["demonym_stem_endings"]:
            candidate = (stem + tail)[:1].upper() + (stem + tail)[1:]
            region = region_of(candidate)
            if region:
                return region, m.start(), m.end()
    return None


def citizenships(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """ISO codes of the citizenship stated in ``text[start:end]``."""
    cfg = _cfg()
    names = {n.lower(): code for code, ns in cfg["citizenship_names"].items() for n in ns}
    out: list[tuple[str, int, int]] = []
    for pattern in cfg["citizenship_patterns"]:
        for m in re.finditer(pattern, text[start:end]):
            word = m.group(1).lower()
            code = names.get(word) or next(
                (c for n, c in names.items() if word.startswith(n[:6])), None
            )
            if code and code not in [c for c, _, _ in out]:
                out.append((code, start + m.start(), start + m.end()))
    return sorted(out, key=lambda t: t[1])


def context_country(text: str) -> tuple[str, int, int] | None:
    """The country a report is about: its most frequent country word, else the country of
    most of the places it names; with the span of the first piece of evidence."""
    from warcases.extract.places import country_of_region, find_regions

    best: tuple[int, str, int, int] | None = None
    for code, words in _cfg()["country"].items():
        hits = list(phrases_regex(words).finditer(text))
        if hits and (best is None or len(hits) > best[0]):
            best = (len(hits), code, hits[0].start(), hits[0].end())
    if best:
        return best[1], best[2], best[3]
    counts: dict[str, list[int]] = {}
    for r in find_regions(text):
        counts.setdefault(country_of_region(r.region), []).append(r.start)
    if not counts:
        return None
    code, starts = max(counts.items(), key=lambda kv: len(kv[1]))
    first = next(r for r in find_regions(text) if r.start == starts[0])
    return code, first.start, first.end
