"""Plain text: decoding bytes of unknown encoding, cleaning, and the TXT reader.

Also home of :class:`TextAssembler`, which the block-based readers (HTML, PDF, DOCX) use to
join blocks into one text while recording the offset map.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from warcases.ingest.errors import IngestError
from warcases.model import ParsedDocument, Segment

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# 8-bit encodings tried when the bytes are not UTF-8, in order of preference on a tie
# (cp1251 and kz1048 agree on every Russian letter; cp1252 is for Western texts).
EIGHT_BIT_CANDIDATES = ("cp1251", "koi8-r", "kz1048", "cp866", "cp1252")
# Above this share of control bytes a file is binary, not text.
MAX_CONTROL_SHARE = 0.05
# UTF-8 with a few broken bytes is still UTF-8: at least this many good multi-byte characters
# per broken one.
DAMAGED_UTF8_RATIO = 10
# How much of a file the encoding scorer reads.
SCORE_SAMPLE_BYTES = 16_384
DAMAGE_SAMPLE_BYTES = 4_096
SCORE_SAMPLE_CHARS = 1_000
CASE_WEIGHT = 0.1
TITLE_MAX_CHARS = 200

_NON_ASCII = re.compile("[^\x00-\x7f]")
_HIGH_BYTE = re.compile(b"[\x80-\xff]")
_CONTROL_BYTES = bytes([*range(9), *range(14, 32), 127])
_PRINTABLE_ASCII = bytes([9, 10, 13, *range(32, 127)])
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufeff\u00ad]")
# What cleaning does with each odd character: line-like ones become "\n", the rest go.
_CLEAN_TABLE = {
    **{c: None for c in [*range(9), *range(14, 32), 127, 0xFEFF, 0xAD]},
    0x0B: "\n",
    0x0C: "\n",
    0x85: "\n",
    0x2028: "\n",
    0x2029: "\n",
}


def clean_text(text: str) -> str:
    """Line endings to "\\n", NUL and other control characters dropped, NFC."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL_RE.search(text):
        text = text.translate(_CLEAN_TABLE)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def first_line_title(text: str) -> str | None:
    """The first non-empty line, if it is short enough to be a title."""
    for line in text.split("\n", 50)[:50]:
        line = " ".join(line.split())
        if line:
            return line if len(line) <= TITLE_MAX_CHARS else None
    return None


class TextAssembler:
    """Joins blocks of text with separators and records where each block starts."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._length = 0

    def add(self, text: str, page: int | None, source_start: int, sep: str = "\n") -> None:
        """Append ``text`` (already cleaned), preceded by ``sep`` unless it is the first block."""
        if self._parts:
            self._parts.append(sep)
            self._length += len(sep)
        self._segments.append(Segment(self._length, page, source_start))
        self._parts.append(text)
        self._length += len(text)

    @property
    def empty(self) -> bool:
        return not self._parts

    def build(self) -> tuple[str, list[Segment]]:
        return "".join(self._parts), list(self._segments)


# ---------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> tuple[str, str]:
    """The text in ``data`` and the name of its encoding; IngestError for binary data."""
    if not data:
        raise IngestError("empty file (0 bytes)")
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data, codec), codec
    # Before UTF-8: Cyrillic UTF-16 without a mark is all bytes below 0x80, valid UTF-8.
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    refuse_binary(data)  # control bytes are the same bytes in UTF-8 and 8-bit text
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged, "utf-8"
    return _decode_eight_bit(data)


def _decode_with_bom(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        name = codec.replace("-sig", "")
        text = data.decode(codec, errors="replace")
        if text.count("\ufffd") * DAMAGED_UTF8_RATIO > len(text):
            raise IngestError(
                f"starts with a {name.upper()} byte-order mark but is not valid {name.upper()} "
                f"(first bad byte at offset {exc.start})"
            ) from None
        return text


def refuse_binary(data: bytes) -> None:
    """IngestError when more than 5% of the bytes (trailing NULs aside) are control bytes."""
    body = data.rstrip(b"\x00") or data
    controls = len(body) - len(body.translate(None, _CONTROL_BYTES))
    if controls > MAX_CONTROL_SHARE * len(body):
        raise IngestError(
            f"looks binary ({100 * controls / len(body):.0f}% control bytes), not text"
        )


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 written without a byte-order mark: every other byte is 0x00 (Latin) or 0x04
    (Cyrillic); when all are 0x00, the bytes between them must read as plain ASCII text."""
    if len(data) < 4 or len(data) % 2:
        return None
    for codec, high, low in (
        ("utf-16-le", data[1::2], data[0::2]),
        ("utf-16-be", data[0::2], data[1::2]),
    ):
        plain = high.count(0) + high.count(4)
        if plain < 0.9 * len(high):
            continue
        if high.count(0) == len(high) and len(low.translate(None, _PRINTABLE_ASCII)) > 0.1 * len(
            low
        ):
            continue  # zeros between arbitrary bytes: binary, not English in UTF-16
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            return None
    return None


def _high_sample(data: bytes, size: int) -> bytes:
    """``size`` bytes from the first non-ASCII byte on: where encodings differ."""
    first = _HIGH_BYTE.search(data)
    start = first.start() if first else 0
    return data[start : start + size]


def _damaged_utf8(data: bytes) -> str | None:
    sample = _high_sample(data, DAMAGE_SAMPLE_BYTES).decode("utf-8", errors="replace")
    bad = sample.count("\ufffd")
    good = len(sample) - len(sample.encode("ascii", "ignore")) - bad
    if good < DAMAGED_UTF8_RATIO * bad:
        return None
    return data.decode("utf-8", errors="replace")


def _decode_eight_bit(data: bytes) -> tuple[str, str]:
    sample = _high_sample(data, SCORE_SAMPLE_BYTES)
    best: tuple[float, str] | None = None
    for codec in EIGHT_BIT_CANDIDATES:
        try:
            decoded = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        score, _ = encoding_score(decoded)
        if best is None or score > best[0]:
            best = (score, codec)
    if best is not None and best[0] >= 0:
        codec = best[1]
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            return data.decode(codec, errors="replace"), codec
    return _decode_by_charset_normalizer(data)


def _decode_by_charset_normalizer(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        raise IngestError(
            "cannot tell the text encoding (not UTF-8, cp1251 or koi8-r); save it as UTF-8"
        )
    return str(match), match.encoding


@dataclass(frozen=True)
class _Scorer:
    bigrams: re.Pattern[str]
    flips: re.Pattern[str]
    mixed: re.Pattern[str]
    odd: re.Pattern[str]
    inner_upper: re.Pattern[str]
    alphabets: re.Pattern[str]
    lower_letter: re.Pattern[str]
    word: re.Pattern[str]
    pair_band: dict[str, int]  # "ст" -> 12, " п" -> 12 (a word starting with п) ...
    pair_weight: float
    pair_base: float


@cache
def _scorer() -> _Scorer:
    from warcases.ingest.detect import language_evidence

    enc = language_evidence()["encoding"]
    by_first: dict[str, set[str]] = {}
    for pair in enc["bigrams"]:
        by_first.setdefault(pair[0], set()).add(pair[1])
    lower = "а-яёәғқңөұүһіїєґў"
    upper = "А-ЯЁӘҒҚҢӨҰҮҺІЇЄҐЎ"
    return _Scorer(
        # One branch per first letter: much faster for the regex engine than one per pair.
        bigrams=re.compile(
            "|".join(
                f"{re.escape(a)}[{re.escape(''.join(sorted(b)))}]"
                for a, b in sorted(by_first.items())
            )
        ),
        flips=re.compile(f"[{lower}][{upper}]"),
        mixed=re.compile(f"[A-Za-z][{lower}{upper}]|[{lower}{upper}][A-Za-z]"),
        odd=re.compile("[" + re.escape(enc["odd"]) + "\u2500-\u25ff\u221a\u2219\u00b0]"),
        inner_upper=re.compile(f"(?<=[{upper}])[{upper}]"),
        # Ukrainian є ї ґ never share a word with ы э ъ ё: kz1048 Kazakh read as cp1251 does.
        alphabets=re.compile("(?i)[ыэъё][а-яёіїєґ]*[їєґ]|[їєґ][а-яёіїєґ]*[ыэъё]"),
        lower_letter=re.compile(f"[{lower}]"),
        word=re.compile(f"[{lower}]+"),
        pair_band={
            pair: int(band)
            for band, pairs in enc["pair_bands"].items()
            for pair in str(pairs).split("|")
        },
        pair_weight=float(enc["pair_weight"]),
        pair_base=float(enc["pair_base"]),
    )


def encoding_score(decoded: str) -> tuple[float, int]:
    """How much a decoding looks like Russian or Kazakh prose, and how many signs of a wrong
    decoding it shows. The score is common letter pairs per non-ASCII character, minus three
    for each sign (a case flip inside a word, a Latin letter glued to a Cyrillic one, a letter
    or symbol such prose never uses, Ukrainian and Russian letters in one word), minus a little
    for capitals inside words of a text that mixes cases (koi8-r read as cp1251 and back swaps
    the case), plus how frequent its letter pairs are (``pair_bands``: what settles a text of a
    few words). Above 0 for the right decoding of Russian or Kazakh; a wrong decoding scores
    below it."""
    sc = _scorer()
    first = _NON_ASCII.search(decoded)
    if first is None:
        return 0.0, 0
    sample = decoded[first.start() : first.start() + SCORE_SAMPLE_CHARS]
    non_ascii = max(1, len(sample) - len(sample.encode("ascii", "ignore")))
    lowered = sample.lower()
    good = len(sc.bigrams.findall(lowered))
    bad = sum(len(p.findall(sample)) for p in (sc.flips, sc.mixed, sc.odd, sc.alphabets))
    # Capitals inside words tell koi8-r from cp1251 only when the text mixes cases: a text all
    # in capitals reads as all lower case in the other encoding, and neither is the wrong one.
    shouting = len(sc.inner_upper.findall(sample)) if sc.lower_letter.search(sample) else 0
    pairs = 0.0
    for word in sc.word.findall(lowered):
        padded = f" {word} "
        pairs += sum(
            sc.pair_band.get(padded[i : i + 2], 0) - sc.pair_base for i in range(len(padded) - 1)
        )
    score = good - 3 * bad - CASE_WEIGHT * shouting + sc.pair_weight * pairs
    return score / non_ascii, bad


# ---------------------------------------------------------------------------- reader

_RAW_LINE_END = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")


def line_segments(raw: str, text: str) -> list[Segment]:
    """The offset map of a cleaned text: one segment when cleaning kept every offset, else one
    wherever the shift between text and source changes (each line of a CRLF file, a line with
    a dropped NUL ...), so a text offset maps to its line and character in the decoded file."""
    if len(raw) == len(text):
        return [Segment(0, None, 0)]
    raw_starts = [0] + [m.end() for m in _RAW_LINE_END.finditer(raw)]
    text_lines = text.split("\n")
    if len(raw_starts) != len(text_lines):
        return [Segment(0, None, 0)]
    segments: list[Segment] = []
    shift, text_start = None, 0
    for raw_start, line in zip(raw_starts, text_lines):
        if raw_start - text_start != shift:
            shift = raw_start - text_start
            segments.append(Segment(text_start, None, raw_start))
        text_start += len(line) + 1
    return segments



def read_txt(data: bytes, name: str = "") -> ParsedDocument:
    """A plain-text file of any common encoding; one segment covering the whole text."""
    raw, encoding = decode_bytes(data)
    text = clean_text(raw)
    return ParsedDocument(
        text=text,
        format="txt",
        segments=line_segments(raw, text),
        encoding=encoding,
        title=first_line_title(text),
    )
