"""Where OCR text sits: the document metadata an OCR'd document carries, spans of its text as
boxes on its pages, and how much less its statements are trusted.

Metadata (document-text offsets; boxes in pixels of the page image at ``dpi``):

* ``ocr``: true; ``ocr_engine`` ("tesseract 5.3.0"), ``ocr_languages``, ``ocr_confidence``
  (mean word confidence, 0–1), ``ocr_pages`` (1-based pages whose text is OCR'd),
* ``ocr_words``: ``[start, end, page, left, top, width, height, confidence]`` per word,
* ``ocr_lines``: ``[start, end, page, left, top, width, height]`` per line,
* ``ocr_page_sizes``: ``[page, width, height, dpi]`` (dpi None for an image file),
* ``ocr_rotated``: ``{"page": degrees}`` for pages scanned turned: the clockwise turn (90, 180,
  270) that sets the page upright. The boxes stay in the pixels of the page as scanned (the
  image a viewer shows), so they need no mapping back; a viewer that shows the page upright
  turns the boxes with it,
* ``ocr_dropped``: ``{"page": reason}`` for pages whose OCR text was dropped whole as junk
  (a stamp, picture or noise); ``ocr_junk_lines``: ``{"page": count}`` of lines dropped as
  junk from pages that were kept,
* ``ocr_reread``: pages read a second time (a weak first reading): with orientation detection,
  or of the image turned when tesseract has no ``osd`` data.

Page keys are strings, as JSON stores them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from warcases.ingest.ocr import Engine, PageText


def ocr_metadata(eng: Engine, pages: list[PageText], offsets: dict[int, int]) -> dict[str, Any]:
    """Document metadata for OCR'd ``pages``; ``offsets`` maps a page number to where its text
    starts in the document text."""
    words, lines, sizes, confidences = [], [], [], []
    for page in pages:
        base = offsets[page.page]
        sizes.append([page.page, page.width, page.height, page.dpi])
        for start, end, left, top, width, height, conf in page.words:
            words.append([base + start, base + end, page.page, left, top, width, height, conf])
            if conf >= 0:
                confidences.append(conf)
        for start, end, left, top, width, height in page.lines:
            lines.append([base + start, base + end, page.page, left, top, width, height])
    mean = sum(confidences) / len(confidences) / 100 if confidences else 0.0
    meta: dict[str, Any] = {
        "ocr": True,
        "ocr_engine": eng.version,
        "ocr_languages": eng.languages,
        "ocr_confidence": round(mean, 3),
        "ocr_pages": [page.page for page in pages],
        "ocr_page_sizes": sizes,
        "ocr_lines": lines,
        "ocr_words": words,
    }
    if eng.missing:
        meta["ocr_languages_missing"] = list(eng.missing)
    return meta


def ocr_page_notes(pages: list[PageText]) -> dict[str, Any]:
    """What OCR did to the pages beyond reading them (all pages OCR read, those dropped too):
    turned, dropped as junk, lines of junk dropped, read twice; only the keys that have
    something to say."""
    notes: dict[str, Any] = {
        "ocr_rotated": {str(p.page): p.rotation for p in pages if p.rotation},
        "ocr_dropped": {str(p.page): p.dropped for p in pages if p.dropped},
        "ocr_junk_lines": {str(p.page): p.junk_lines for p in pages if p.junk_lines},
        "ocr_reread": [p.page for p in pages if p.reread],
    }
    return {key: value for key, value in notes.items() if value}


def span_boxes(metadata: dict[str, Any], start: int, end: int) -> list[dict[str, Any]]:
    """Where a span of an OCR'd document's text is on its page(s): one box per line it
    touches, ``{"page", "left", "top", "width", "height", "dpi"}`` in pixels of the page image
    (at ``dpi``; None for an image file). Empty for text that did not come from OCR."""
    words = metadata.get("ocr_words") or []
    lines = metadata.get("ocr_lines") or []
    dpis = {entry[0]: entry[3] for entry in metadata.get("ocr_page_sizes") or []}
    starts = [line[0] for line in lines]
    out = []
    first = max(0, bisect.bisect_right(starts, start) - 1)
    for line in lines[first:]:
        if line[0] >= end:
            break
        if line[1] <= start:
            continue
        picked = [w for w in _words_in(words, line[0], line[1]) if w[1] > start and w[0] < end]
        if not picked:
            continue
        left = min(w[3] for w in picked)
        top = min(w[4] for w in picked)
        right = max(w[3] + w[5] for w in picked)
        bottom = max(w[4] + w[6] for w in picked)
        out.append(
            {
                "page": line[2],
                "left": left,
                "top": top,
                "width": right - left,
                "height": bottom - top,
                "dpi": dpis.get(line[2]),
            }
        )
    return out


def _words_in(words: list[list[Any]], start: int, end: int) -> list[list[Any]]:
    lo = bisect.bisect_left(words, start, key=lambda w: w[0])
    hi = bisect.bisect_left(words, end, key=lambda w: w[0])
    return words[lo:hi]


# Statements read from OCR text get at most this share of their confidence (less when
# tesseract's mean word confidence is lower): a misread digit changes a term or an article.
OCR_MAX_FACTOR = 0.9


def confidence_factor(metadata: dict[str, Any]) -> Callable[[int], float]:
    """For a document's metadata, a function from a text offset to the factor a statement
    found there is scaled by: 1 outside OCR'd pages, else min(0.9, mean word confidence)."""
    if not metadata.get("ocr"):
        return lambda offset: 1.0
    factor = min(OCR_MAX_FACTOR, float(metadata.get("ocr_confidence") or 0.0))
    spans: dict[int, list[int]] = {}
    for start, end, page, *_ in metadata.get("ocr_lines") or []:
        span = spans.setdefault(page, [start, end])
        span[0], span[1] = min(span[0], start), max(span[1], end)
    ranges = sorted(spans.values())

    def at(offset: int) -> float:
        return factor if any(lo <= offset <= hi for lo, hi in ranges) else 1.0

    return at
