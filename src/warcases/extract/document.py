"""Facts about a whole document, whatever its kind: the country it is about and, for a report
or a post, the date it was published.

A statistics report, a law change or a lecture has no case card, yet a reporter filters by
country; the country is the one the text names most often (country words in every language
of ``knowledge/news.yaml``), else the country of most of the places it names. The publication
date comes from the dateline that opens a report («Караганда, 17 марта 2025.»); the linker
reads ages stated in a report ("27 лет") against it when the report gives no verdict date.
"""

from __future__ import annotations

import re
from functools import cache

from warcases.extract.dates import find_dates
from warcases.extract.news_lexicon import knowledge
from warcases.extract.news_places import context_country
from warcases.model import DOCUMENT_CARD, DocumentText, Fact

VERSION = "2"
KINDS = ("verdict", "news", "post", "list", "stats", "other")
DATED_KINDS = ("news", "post")
_HEAD = 600  # a dateline opens the report: look no further than this


@cache
def _dateline() -> re.Pattern[str]:
    return re.compile(knowledge("news")["dateline"], re.MULTILINE)


def extract_document(doc: DocumentText) -> list[Fact]:
    facts = []
    found = context_country(doc.text)
    if found is not None:
        code, start, end = found
        facts.append(Fact("country", code, start, end, confidence=0.6, card=DOCUMENT_CARD))
    if doc.kind in DATED_KINDS:
        published = publication_date(doc.text)
        if published is not None:
            facts.append(Fact("published", *published, confidence=0.8, card=DOCUMENT_CARD))
    return facts


def publication_date(text: str) -> tuple[str, int, int] | None:
    """The full date of the dateline that opens a report, with its span."""
    m = _dateline().search(text, 0, min(len(text), _HEAD))
    if m is None:
        return None
    for d in find_dates(text[m.start() : m.end()]):
        if len(d.date) == 10:
            return d.date, m.start() + d.start, m.start() + d.end
    return None
