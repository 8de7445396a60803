"""Immutable records: what a reader returns, what an extractor returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Case-level properties of a card (CASE_FORMAT.md "case" block plus the document's country).
CARD_SCALARS = (
    "country",
    "court",
    "court_region",
    "verdict_date",
    "case_number",
    "procedure",
    "outcome",
)

# Defendant-level properties, in card order. Dotted names are sub-keys of "sentence".
DEFENDANT_FIELDS = (
    "name",
    "birth_year",
    "age",
    "region",
    "citizenship",
    "charges",
    "sentence.type",
    "sentence.months",
    "sentence.institution",
    "sentence.suspended",
    "sentence.probation_months",
    "additional_penalties",
    "formations",
    "recruitment",
    "motives",
    "wounded",
    "deserted",
    "russian_citizenship",
    "return",
)

# Properties that hold a list: each element is its own statement with its own span.
MULTI_VALUED = frozenset(
    {
        "citizenship",
        "charges",
        "additional_penalties",
        "formations",
        "recruitment",
        "motives",
        "theatres",
        "roles",
        "platforms",
    }
)


@dataclass(frozen=True)
class Segment:
    """A run of the extracted text and where it came from in the original file.

    ``text_start`` is an offset in the document text; ``page`` is 1-based for paged formats
    (PDF) or the paragraph/block number for DOCX/HTML, ``None`` for plain text;
    ``source_start`` is the offset of the same character in the original (decoded) source.
    """

    text_start: int
    page: int | None
    source_start: int


@dataclass
class ParsedDocument:
    """What a reader returns: text plus the offset map back to the original."""

    text: str
    format: str  # txt, html, pdf, docx, telegram, image (OCR of PNG/JPEG/TIFF)
    segments: list[Segment] = field(default_factory=list)
    encoding: str | None = None
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def locate(self, offset: int) -> tuple[int | None, int]:
        """Page (or block) and source position of a text offset."""
        return locate(self.segments, offset)


def locate(segments: list[Segment], offset: int) -> tuple[int | None, int]:
    best: Segment | None = None
    for seg in segments:
        if seg.text_start <= offset:
            best = seg
        else:
            break
    if best is None:
        return None, offset
    return best.page, best.source_start + (offset - best.text_start)


@dataclass(frozen=True)
class DocumentText:
    """What an extractor reads: a stored document."""

    id: int
    text: str
    kind: str
    language: str
    metadata: dict[str, Any] = field(default_factory=dict)


DOCUMENT_CARD = -1  # Fact.card of a fact about the whole document (the country it is about)


@dataclass(frozen=True)
class Fact:
    """One extracted value with its span in the document text.

    ``card`` numbers the case cards found in one document (a news report about three
    verdicts gives cards 0, 1, 2); ``defendant`` numbers defendants within the card, ``None``
    for case-level facts; ``card == DOCUMENT_CARD`` marks a fact about the document itself.
    ``prop`` is a CASE_FORMAT field name (``court``, ``charges``,
    ``sentence.months`` …) or an extra property (``birth_date``, ``money_offered`` …).
    """

    prop: str
    value: Any
    start: int
    end: int
    confidence: float = 0.9
    card: int = 0
    defendant: int | None = None
