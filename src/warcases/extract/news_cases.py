"""Splitting a news report into the cases it describes and the text about each defendant.

1. Sentences; a *verdict sentence* reports a judgment («приговорил», "sentenced", «сотталды»,
   or «получил»/"got" followed by a term) about a person (a name, initials, an individual cue
   such as «житель», "a man") and is not a count («возбуждено 141 дело», "709 people").
2. Defendants are the people named in verdict sentences (an unnamed one when no verdict
   sentence names anybody). A report with no verdict sentence describes no case.
3. Every sentence is given to the defendants it is about: those it names (a sentence naming
   several is cut into one segment per person, with the words before the first name shared),
   all of them for «оба»/"both", the one last named for «он»/"he" and plain narration; the
   headline and lead (before any defendant is named) belong to everybody.
4. Defendants named together in one sentence share a case card; the others get a card each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from warcases.extract.news_lexicon import knowledge, phrases_regex
from warcases.extract.news_people import Person, find_later_mentions, find_mentions

# A sentence ends at . ! ? followed by a capital/quote/digit unless the dot closes an
# abbreviation or an initial («г.», «ст.», «А.Х.»); a line break always ends one.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"»”']?\s+(?=[«\"“A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])|\n+")
_ABBREV = re.compile(
    # an initial («Ж.», "Sh.") — not two capitals, which end a sentence («… с МО РФ. Он …»)
    r"(?:(?<![\w])[^\W\d_][a-zа-яёәғқңөұүһі]?|(?<![\w])(?:ст|ч|п|г|гг|им|ул|обл|тыс|млн|руб|см|пр|Mr|Mrs|Dr|St|No|Art|Nos|мес|жж))\.$"
)
_CONJUNCTION = re.compile(r"\s(?:и|and|мен|бен|пен|және)\s")
# what stays with the last of several joined names: «(29 лет)», ", 31,", «-ға»
_APPOSITION = re.compile(
    r"(?:-[^\W\d_]+)?(?:\s*\([^)]{1,20}\)|,\s*\d{2}\s*(?:лет|года|год)?(?=,))?"
)
_SEPARATOR = re.compile(r",|;|\(|\s[–—-]\s|\s(?:и|а|and|мен|бен|пен|және)\s")

# a line at least this long that stops mid-sentence was wrapped, not ended
_WRAP_MIN = 60

OWN, SHARED, GROUP, FOCUS, LEAD = "own", "shared", "group", "focus", "lead"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    owners: tuple[int, ...]  # defendant indices
    scope: str  # own, shared (words before the first name), group, focus, lead
    sentence: int  # index into Analysis.sentences
    anchor: bool  # the sentence is a verdict sentence


@dataclass
class Analysis:
    text: str
    language: str
    sentences: list[Sentence]
    defendants: list[Person]
    segments: list[Segment] = field(default_factory=list)
    cards: list[list[int]] = field(default_factory=list)  # defendant indices per card
    anchors: list[int] = field(default_factory=list)  # sentence indices
    mentions: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # defendant → spans
    service: list | None = None  # service facts of the whole report, read once by the extractor

    def segments_of(self, person: int) -> list[Segment]:
        return [s for s in self.segments if person in s.owners]


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    start, para = 0, 0
    for m in _BOUNDARY.finditer(text):
        if "\n" not in m.group() and _ABBREV.search(text[max(0, m.start() - 6) : m.start()]):
            continue
        if _soft_wrap(text, m):
            continue
        if text[start : m.start()].strip():
            out.append(_trimmed(text, start, m.start(), para))
        if "\n" in m.group():
            para += 1
        start = m.end()
    if text[start:].strip():
        out.append(_trimmed(text, start, len(text), para))
    return out


def _soft_wrap(text: str, m: re.Match[str]) -> bool:
    """A single line break inside a hard-wrapped paragraph («… on Wednesday sentenced\nKyrgyz
    citizen …»): the line is long, does not end a sentence and the next line goes on."""
    if m.group().count("\n") != 1 or m.group().strip(" \t\n"):
        return False
    line_start = text.rfind("\n", 0, m.start()) + 1
    line = text[line_start : m.start()].rstrip()
    nxt = text[m.end() : m.end() + 1]
    # a closing quote or bracket ends a sentence only after . ! ? («… сказал он.»)
    ended = line.rstrip("»\"”)'’")[-1:] in ".!?…:;"
    return (
        len(line) >= _WRAP_MIN
        and not ended
        and bool(nxt)
        and not nxt.isspace()
        and nxt not in "-–—•*"
    )


def _trimmed(text: str, start: int, end: int, para: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, para)


def lang_regex(section: str, language: str) -> re.Pattern[str]:
    table = knowledge("news")[section]
    if isinstance(table, list):
        return phrases_regex(table)
    phrases = table.get(language) or table.get("ru", [])
    return phrases_regex(phrases)


@lru_cache(maxsize=1)
def _count() -> re.Pattern[str]:
    nouns = "|".join(knowledge("news")["count_nouns"])
    return re.compile(rf"(?<![\w.,])\d[\d\s]*\s+(?:[\w-]+\s+){{0,2}}?(?:{nouns})", re.IGNORECASE)


def is_statistic(text: str, s: Sentence, language: str) -> bool:
    """Counts of people or cases («141 дело», "709 people", «28 адам»)."""
    body = text[s.start : s.end]
    return bool(_count().search(body)) or bool(lang_regex("statistic_cues", language).search(body))


def is_verdict_sentence(text: str, s: Sentence, language: str) -> bool:
    """A judgment verb («приговорил», "sentenced"), or «получил»/"got" followed by a term."""
    if lang_regex("verdict_verbs", language).search(text, s.start, s.end):
        return True
    verb = lang_regex("term_verbs", language).search(text, s.start, s.end)
    if verb:
        from warcases.extract.terms import find_terms

        return bool(find_terms(text[verb.end() : min(s.end, verb.end() + 80)]))
    return False


def analyse(text: str, language: str) -> Analysis | None:
    """The defendants of a report and the text about each; None when it reports no case."""
    sentences = split_sentences(text)
    people, mentions = _people(text, sentences, language)
    person_cue = lang_regex("person_cues", language)
    anchors: list[int] = []
    defendants: set[int] = set()
    focus: set[int] = set()  # the people named last: «Т.М., 45 лет, … Он приговорен …»
    for i, s in enumerate(sentences):
        named = {p for p, _, _ in mentions[i]}
        about_someone = named or person_cue.search(text, s.start, s.end)
        if (
            about_someone
            and is_verdict_sentence(text, s, language)
            and (named or not is_statistic(text, s, language))
        ):
            anchors.append(i)
            defendants |= named or focus
        if named:
            focus = named
    if not anchors:
        return None
    if not defendants:
        # "A Kazakh man … has been jailed for six years. Yerlan D., 41, …": named after the verdict
        later = [ms for ms in mentions[anchors[0] + 1 : anchors[0] + 3] if ms]
        defendants = {p for p, _, _ in later[0]} if later else set()
    if not defendants:
        people, mentions = _unnamed(text, sentences, anchors)
        defendants = set(range(len(people)))
    order = sorted(defendants, key=lambda p: people[p].start)
    remap = {old: new for new, old in enumerate(order)}
    found = Analysis(text, language, sentences, [people[p] for p in order], anchors=anchors)
    own = [[(remap[p], s, e) for p, s, e in ms if p in remap] for ms in mentions]
    found.mentions = {
        i: [(s, e) for ms in own for p, s, e in ms if p == i] for i in range(len(order))
    }
    found.segments = _attribute(text, sentences, own, anchors, language)
    found.cards = _cards(own, len(order))
    return found


def _unnamed(
    text: str, sentences: list[Sentence], anchors: list[int]
) -> tuple[list[Person], list[list[tuple[int, int, int]]]]:
    """Defendants a report does not name («27-летний житель Темиртау»): one per verdict
    sentence stating an age not seen before (a single one when no sentence states an age)."""
    from warcases.extract.news_people import find_ages

    people: list[Person] = []
    ages: list[int | None] = []
    mentions: list[list[tuple[int, int, int]]] = [[] for _ in sentences]
    for i in anchors:
        s = sentences[i]
        found = find_ages(text, s.start, s.end)
        age = found[0][0] if found else None
        if people and (age is None or age in ages):
            continue
        people.append(Person("", f"unnamed-{len(people)}", "", s.start, s.start))
        ages.append(age)
        mentions[i] = [(len(people) - 1, s.start, s.start)]
    return people, mentions


def _people(
    text: str, sentences: list[Sentence], language: str
) -> tuple[list[Person], list[list[tuple[int, int, int]]]]:
    """Distinct people of the report and, per sentence, (person, start, end) of their mentions."""
    people: list[Person] = []
    for s in sentences:
        gender = "f" if lang_regex("female_cues", language).search(text, s.start, s.end) else None
        for p in find_mentions(text, s.start, s.end, language, gender):
            if not any(_same(p, q) for q in people):
                people.append(p)
    mentions: list[list[tuple[int, int, int]]] = []
    for s in sentences:
        found = find_later_mentions(text, people, s.start, s.end)
        # first mentions found by find_mentions but missed by the stem search
        for i, p in enumerate(people):
            if s.start <= p.start < s.end:
                found.append((i, p.start, p.end))
        kept: list[tuple[int, int, int]] = []
        for m in sorted(found, key=lambda t: (t[1], -t[2])):
            if kept and m[1] < kept[-1][2]:
                continue
            kept.append(m)
        mentions.append(kept)
    return people, mentions


def _same(a: Person, b: Person) -> bool:
    if a.key and a.key == b.key:
        return True
    return bool(a.surname_key) and a.surname_key == b.surname_key


def _attribute(
    text: str,
    sentences: list[Sentence],
    mentions: list[list[tuple[int, int, int]]],
    anchors: list[int],
    language: str,
) -> list[Segment]:
    group = lang_regex("group_words", language)
    anchor_set = set(anchors)
    everyone = tuple(sorted({p for ms in mentions for p, _, _ in ms})) or (0,)
    focus: tuple[int, ...] = ()
    focus_para = -1
    seen_anyone = False
    out: list[Segment] = []
    for i, s in enumerate(sentences):
        is_anchor = i in anchor_set
        owners = tuple(dict.fromkeys(p for p, _, _ in mentions[i]))
        if owners:
            seen_anyone = True
            out += _split(text, s, i, mentions[i], is_anchor)
            focus, focus_para = owners, s.paragraph
        elif not seen_anyone:
            out.append(Segment(s.start, s.end, everyone, LEAD, i, is_anchor))
        elif group.search(text, s.start, s.end):
            out.append(
                Segment(s.start, s.end, focus if len(focus) > 1 else everyone, GROUP, i, is_anchor)
            )
        elif focus:
            scope = FOCUS if s.paragraph == focus_para or len(everyone) == 1 else GROUP
            out.append(
                Segment(s.start, s.end, focus if scope == FOCUS else everyone, scope, i, is_anchor)
            )
    return out


def _split(
    text: str, s: Sentence, idx: int, mentions: list[tuple[int, int, int]], anchor: bool
) -> list[Segment]:
    """One segment per person named in a sentence; the words before the first name are shared.

    People joined by «и»/«мен»/"and" are one subject or object: what follows the last of them
    («… и Руслана Т. к шести годам», «Е.Б. мен Н.С. … жұмысқа барған») is shared too. People
    in separate clauses («Олег И. получил 5 лет, Даурен Б. – 4 года») keep their own words.
    """
    owners = tuple(dict.fromkeys(p for p, _, _ in mentions))
    if len(owners) == 1:
        return [Segment(s.start, s.end, owners, OWN, idx, anchor)]
    # the boundary before each new person: the last separator after the previous mention
    firsts: list[tuple[int, int, int]] = []
    for m in mentions:
        if not firsts or m[0] != firsts[-1][0]:
            firsts.append(m)
    cuts = [_cut(text, s.start, firsts[0][1])]
    joined = True
    for prev, cur in pairwise(firsts):
        cut = _cut(text, prev[2], cur[1])
        cuts.append(cut)
        joined = joined and bool(_CONJUNCTION.match(text, cut))
    out = []
    if cuts[0] > s.start:
        out.append(Segment(s.start, cuts[0], owners, SHARED, idx, anchor))
    for k, m in enumerate(firsts):
        end = cuts[k + 1] if k + 1 < len(cuts) else s.end
        if joined and k + 1 == len(firsts):
            tail = _APPOSITION.match(text, m[2])
            end = tail.end() if tail else m[2]
        out.append(Segment(cuts[k], end, (m[0],), OWN, idx, anchor))
    if out[-1].end < s.end:
        out.append(Segment(out[-1].end, s.end, owners, SHARED, idx, anchor))
    return out


def _cut(text: str, lo: int, hi: int) -> int:
    """The start of the last separator in ``text[lo:hi]``, else ``lo``."""
    last = None
    for m in _SEPARATOR.finditer(text, lo, hi):
        last = m.start()
    return last if last is not None else lo


def _cards(mentions: list[list[tuple[int, int, int]]], n: int) -> list[list[int]]:
    """Defendants named together in one sentence share a card."""
    parent = list(range(n))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for ms in mentions:
        ps = sorted({p for p, _, _ in ms})
        for a, b in pairwise(ps):
            parent[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for p in range(n):
        groups.setdefault(root(p), []).append(p)
    return sorted(groups.values(), key=min)


def card_of(cards: list[list[int]], person: int) -> int:
    for i, members in enumerate(cards):
        if person in members:
            return i
    return 0
