"""Defendants of a Kazakh-language verdict: the introductory paragraphs that describe them
(name, birth date, citizenship, home) and their paragraphs in the operative part.

An introductory paragraph starts with the name (any case: «Сәрсенбаев Ерболат Нұрланұлына, …»,
«сотталушы Әбдірахманов Нұрлан Серікұлы, …», CAPS) and carries a birth cue («туған», «тумасы»,
«ж.т.»). Home region: the address before «тұратын» (where he lives), else the birthplace
before «туған»/«тумасы» — the verdict's own statement of where he comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warcases.extract.kk_names import kk_nominative
from warcases.extract.news_lexicon import knowledge, lexicon, phrases_regex

NAME_WORD = r"[А-ЯӘҒҚҢӨҰҮҺІЁ][а-яәғқңөұүһіёА-ЯӘҒҚҢӨҰҮҺІЁ]+(?:-[А-ЯӘҒҚҢӨҰҮҺІЁа-яәғқңөұүһіё]+)?"
INITIALS = r"(?:[А-ЯӘҒҚҢӨҰҮҺІЁ]\.\s?){1,3}(?:-?[а-яәғқңөұүһі]+)?"
# Surname + given name (+ patronymic), or surname + initials.
NAME_RE = re.compile(
    rf"(?<![\w.])({NAME_WORD}(?:\s+{NAME_WORD}){{1,2}}|{NAME_WORD}\s+{INITIALS})(?![\w])"
)
_PARA = re.compile(r"[^\n]+")
# A paragraph: consecutive non-blank lines (a hard-wrapped introduction runs over several).
_BLOCK = re.compile(r"[^\n]*\S[^\n]*(?:\n[ \t]*\S[^\n]*)*")
_LEAD = re.compile(
    r"^\s*(?:сотталушы|айыпталушы|сотталған|азамат(?:ша)?|\d+[.)])\s+", re.IGNORECASE
)


@dataclass
class KkDefendant:
    name: str
    start: int
    end: int
    block: tuple[int, int]  # the introductory paragraph
    surname_key: str = ""
    facts: dict[str, tuple[object, int, int]] = field(default_factory=dict)


def _cfg() -> dict:
    return knowledge("verdict_kk")


def _is_name(candidate: str) -> bool:
    """Not a phrase of capitalised legal words ("Қазақстан Республикасының")."""
    stop = {w.lower() for w in _cfg().get("not_names", [])}
    return not any(w.lower().rstrip(",.") in stop for w in candidate.split())


def _paragraphs(text: str, start: int, end: int, birth: re.Pattern[str]) -> list[re.Match[str]]:
    """Candidate introductory paragraphs: a block of consecutive lines when it opens with a
    name (a hard-wrapped text), else each of its lines (an HTML page without blank lines)."""
    out: list[re.Match[str]] = []
    for block in _BLOCK.finditer(text, start, end):
        lines = list(_PARA.finditer(text, block.start(), block.end()))
        if len(lines) > 1 and _opens_defendant(block.group(), birth) and not (
            sum(_opens_defendant(line.group(), birth) for line in lines) > 1
        ):
            out.append(block)  # one defendant's paragraph, wrapped
        else:
            out += lines  # one paragraph a line (several defendants a line each, HTML text)
    return out


def _opens_defendant(body: str, birth: re.Pattern[str]) -> bool:
    lead = _LEAD.match(body)
    m = NAME_RE.match(body, lead.end() if lead else 0)
    return bool(m and _is_name(m.group(1)) and birth.search(body))


def intro_defendants(text: str, start: int, end: int) -> list[KkDefendant]:
    """Defendants described in ``text[start:end]`` (the introductory part), in order."""
    birth = phrases_regex(_cfg()["birth"])
    out: list[KkDefendant] = []
    for para in _paragraphs(text, start, end, birth):
        body = para.group()
        if not birth.search(body):
            continue
        lead = _LEAD.match(body)
        offset = lead.end() if lead else 0
        m = NAME_RE.match(body, offset)
        if not m or not _is_name(m.group(1)):
            continue
        raw = m.group(1)
        # the name ends at the first comma: drop a trailing word that is not a name part
        name = kk_nominative(raw, ["dative", "genitive", "accusative"])
        s = para.start() + m.start(1)
        d = KkDefendant(name, s, s + len(raw), (para.start(), para.end()))
        d.surname_key = surname_key(name)
        out.append(d)
    return out


def surname_key(name: str) -> str:
    """The first letters of the surname, enough to find it again in any case form."""
    surname = name.split()[0]
    return surname[: max(4, len(surname) - 2)].lower()


def find_mentions(text: str, key: str, start: int, end: int) -> list[int]:
    pattern = re.compile(r"(?<![\w])" + re.escape(key), re.IGNORECASE)
    return [m.start() for m in pattern.finditer(text, start, end)]


def operative_name(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """A defendant named in an operative clause, when the introduction gave none."""
    cue = phrases_regex(_cfg()["guilty_cues"])
    for para in _PARA.finditer(text, start, end):
        c = cue.search(para.group())
        if not c:
            continue
        for m in NAME_RE.finditer(para.group(), 0, c.start()):
            if _is_name(m.group(1)):
                name = kk_nominative(m.group(1), ["accusative", "genitive", "dative"])
                s = para.start() + m.start(1)
                return name, s, s + len(m.group(1))
    return None


def _address_window(body: str, cue_at: int) -> int:
    """Start of the address that ends at ``cue_at``: the comma-separated pieces before it that
    look like parts of an address (city, street, house number)."""
    parts_re = re.compile(_cfg()["address_parts"], re.IGNORECASE)
    start = pos = cue_at
    while True:
        comma = body.rfind(",", 0, pos)
        if not parts_re.search(body[comma + 1 : pos]):
            return start
        start = comma + 1
        if comma < 0:
            return 0
        pos = comma


def home_window(text: str, block: tuple[int, int]) -> list[tuple[int, int]]:
    """Windows to look for the home region in, best first: residence address, birthplace."""
    body = text[block[0] : block[1]]
    out: list[tuple[int, int]] = []
    res = phrases_regex(_cfg()["residence"]).search(body)
    if res:
        out.append((block[0] + _address_window(body, res.start()), block[0] + res.start()))
        # «тұрғылықты мекенжайы: Қарағанды қ., …» — the address after the cue
        after = re.split(r"[;.]\s|\n", body[res.end() : res.end() + 120])[0]
        out.append((block[0] + res.end(), block[0] + res.end() + len(after)))
    born = phrases_regex(_cfg()["birth"]).search(body)
    if born:
        comma = body.rfind(",", 0, born.start())
        out.append((block[0] + comma + 1, block[0] + born.end()))
    out.append(block)
    return out


def citizenship(text: str, block: tuple[int, int]) -> list[tuple[str, int, int]]:
    found = lexicon("verdict_kk", "citizenship").all_matches(text, *block)
    return [(code, m.start(), m.end()) for code, m in found]
