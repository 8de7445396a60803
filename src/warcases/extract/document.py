"""Facts about a whole document, whatever its kind: the country it is about.

A statistics report, a law change or a lecture has no case card, yet a reporter filters by
country; the country is the one the text names most often (country words in every language
of ``knowledge/news.yaml``), else the country of most of the places it names.
"""

from __future__ import annotations

from warcases.extract.news_places import context_country
from warcases.model import DOCUMENT_CARD, DocumentText, Fact

VERSION = "1"
KINDS = ("verdict", "news", "post", "list", "stats", "other")


def extract_document(doc: DocumentText) -> list[Fact]:
    found = context_country(doc.text)
    if found is None:
        return []
    code, start, end = found
    return [Fact("country", code, start, end, confidence=0.6, card=DOCUMENT_CARD)]
