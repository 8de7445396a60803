"""The extractors `warcases extract` runs, each tied to the document kinds it reads.

An extractor is a name, a version and a function ``DocumentText -> list[Fact]``. Bumping the
version makes `warcases extract` run it again over every document of its kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from warcases.model import DocumentText, Fact


@dataclass(frozen=True)
class Extractor:
    name: str
    version: str
    kinds: tuple[str, ...]
    run: Callable[[DocumentText], list[Fact]]


def extractors() -> list[Extractor]:
    from warcases.extract import document, news, verdict

    return [
        Extractor("verdict", verdict.VERSION, ("verdict",), verdict.extract_verdict),
        Extractor("news", news.VERSION, ("news",), news.extract_news),
        Extractor("document", document.VERSION, document.KINDS, document.extract_document),
    ]
