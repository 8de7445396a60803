"""Typed records shared by every stage. Stages talk through these and the store only."""

from warcases.model.records import (
    CARD_SCALARS,
    DEFENDANT_FIELDS,
    DOCUMENT_CARD,
    MULTI_VALUED,
    DocumentText,
    Fact,
    ParsedDocument,
    Segment,
)

__all__ = [
    "CARD_SCALARS",
    "DEFENDANT_FIELDS",
    "DOCUMENT_CARD",
    "MULTI_VALUED",
    "DocumentText",
    "Fact",
    "ParsedDocument",
    "Segment",
]
