"""OCR with tesseract: scanned PDF pages and image files (PNG, JPEG, TIFF) → text with boxes.

The tesseract binary is called directly (no Python binding) with ``rus+kaz+eng`` and
``OMP_THREAD_LIMIT=1``: one thread per process reads an A4 page in 1.6 s instead of 10.8 s with
tesseract's own threads on two cores; several pages run in parallel processes instead
(``WARCASES_OCR_JOBS``). PDF pages are rendered by pypdfium2 at ``WARCASES_OCR_DPI`` (300)
into grey-scale PGM files.

The text keeps its word and line boxes (:class:`PageText`); ``ingest.ocr_boxes`` stores them in
the document metadata and turns a span of the text back into boxes on its page(s). The PDF
and image readers (``ingest.pdf``, ``ingest.image``) decide what to OCR.

Settings (environment): ``WARCASES_OCR`` (auto|always|never), ``WARCASES_TESSERACT`` (the
binary), ``WARCASES_OCR_LANG``, ``WARCASES_OCR_DPI``, ``WARCASES_OCR_MAX_PAGES`` (200),
``WARCASES_OCR_PAGE_TIMEOUT`` (seconds per page, 300), ``WARCASES_OCR_JOBS``.

Orientation: a page read with a low mean word confidence (below ``RETRY_BELOW_CONF``) or with
almost no confident words is read once more and the better reading is kept (:func:`better_reading`).
With tesseract's ``osd`` data that second run is ``--psm 1`` (orientation and script detection,
then OCR of the page turned upright), whose boxes tesseract reports in the pixels of the page as
scanned; without it the page image is turned (180°, then 90° and 270° while still weak) and the
boxes are turned back (:func:`unturn`). Either way boxes stay on the page as scanned, and the
turn a page needed is worked out from the direction its lines run (:func:`page_rotation`) and
recorded (``ocr_rotated``). A page read well at once costs no second run. Measured on 300-dpi
A4 pages drawn from a verdict: upright 94.9 mean confidence, turned 90° counter-clockwise or
180° 46 (garbage), turned 90° clockwise 94.9 (tesseract reads it as vertical text); skewed 1–5°
91.6–95.4 with the same text, so there is no deskew step.

Junk: stamps, pictures and speckles come out of tesseract as short "words" of punctuation and
single letters, many of them at a confidence of 80–92, so a word's confidence alone does not tell
junk from text (and real short words such as «1» and «ст.» in «ч. 1 ст. 172» were read at 13–24
on a skewed page). A *line* is dropped instead when its confident words (``CONFIDENT`` = 60 or
more) hold fewer than ``LINE_MIN_CHARS`` letters and digits and none of them has
``WORD_MIN_CHARS``; on the measured pages every junk line held at most 3 such characters and
every text line at least 8. In the lines kept, a "word" without a letter or digit read below
``SIGN_MIN_CONF`` (50) is a speck and goes: on speckled pages such words were read at 2–18,
while on clean pages the only such word was «№» at 92–93 (kept whatever its confidence). A page
left with fewer than ``PAGE_MIN_WORDS`` confident words of two or more letters or digits is
dropped whole (``PageText.dropped`` says why).
"""

from __future__ import annotations

import bisect
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warcases.ingest.errors import IngestError
from warcases.ingest.text import clean_text

OCR_MODES = ("auto", "always", "never")
DEFAULT_LANGUAGES = "rus+kaz+eng"
DEFAULT_DPI = 300
DEFAULT_MAX_PAGES = 200
DEFAULT_PAGE_TIMEOUT = 300.0
# Latin letters tesseract ("eng" is loaded for Latin names and numbers) reads for their
# Cyrillic twins: «УК PK» for «УК РК». Swapped (1:1, boxes stay right) inside a Cyrillic word,
# and in an all-look-alike Latin word on a line that is Cyrillic otherwise.
_LATIN = "ABCEHKMOPTXYaceopxy"
_CYRILLIC_OF = str.maketrans(_LATIN, "АВСЕНКМОРТХУасеорху")
_LOOKALIKE = frozenset(_LATIN)
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz"
NEVER_HINT = "OCR is off (--ocr never / WARCASES_OCR=never); use --ocr auto to read it"
# Junk and orientation thresholds (tesseract confidences, 0–100); see the module docstring.
CONFIDENT = 60.0
LINE_MIN_CHARS = 4
WORD_MIN_CHARS = 3
PAGE_MIN_WORDS = 3
RETRY_BELOW_CONF = 60.0
SIGN_MIN_CONF = 50.0  # a "word" of punctuation only («“%-.», «.°») below this is a speck
_SIGNS = "№§"  # signs that mean something on their own


@dataclass(frozen=True)
class OcrSettings:
    """How (and whether) to OCR. ``mode``: ``auto`` OCRs only pages without a text layer,
    ``always`` every page, ``never`` none."""

    mode: str = "auto"
    binary: str = "tesseract"
    languages: str = DEFAULT_LANGUAGES
    dpi: int = DEFAULT_DPI
    max_pages: int = DEFAULT_MAX_PAGES
    page_timeout: float = DEFAULT_PAGE_TIMEOUT
    jobs: int = 1


def ocr_settings(mode: str | None = None) -> OcrSettings:
    """Settings from the environment; ``mode`` (the ``--ocr`` option) wins over WARCASES_OCR.
    ValueError with a one-line reason for a bad value."""
    env = os.environ
    chosen = (mode or env.get("WARCASES_OCR") or "auto").strip().lower()
    if chosen not in OCR_MODES:
        source = "--ocr" if mode else "WARCASES_OCR"
        raise ValueError(f"{source} must be one of {', '.join(OCR_MODES)}, not {chosen!r}")
    return OcrSettings(
        mode=chosen,
        binary=env.get("WARCASES_TESSERACT") or "tesseract",
        languages=env.get("WARCASES_OCR_LANG") or DEFAULT_LANGUAGES,
        dpi=_positive(env, "WARCASES_OCR_DPI", DEFAULT_DPI, int),
        max_pages=_positive(env, "WARCASES_OCR_MAX_PAGES", DEFAULT_MAX_PAGES, int),
        page_timeout=_positive(env, "WARCASES_OCR_PAGE_TIMEOUT", DEFAULT_PAGE_TIMEOUT, float),
        jobs=_positive(env, "WARCASES_OCR_JOBS", max(1, min(4, os.cpu_count() or 1)), int),
    )


def _positive(env: Any, name: str, default: Any, kind: Callable[[str], Any]) -> Any:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{name} must be a positive number, not {raw!r}")
    return value


# ---------------------------------------------------------------------------- the engine


@dataclass(frozen=True)
class Engine:
    binary: str
    version: str  # "tesseract 5.3.0"
    languages: str  # what is run: the requested languages that are installed
    missing: tuple[str, ...]  # requested but not installed
    osd: bool = False  # orientation detection data installed (``--psm 1`` works)


_ENGINES: dict[tuple[str, str, str], Engine | str] = {}  # by binary, languages, data folder


def engine(settings: OcrSettings) -> Engine:
    """The tesseract to run, probed once per process; IngestError (one line, with how to
    install it) when it is missing or has none of the languages asked for."""
    key = (settings.binary, settings.languages, os.environ.get("TESSDATA_PREFIX") or "")
    if key not in _ENGINES:
        try:
            _ENGINES[key] = _probe(settings)
        except IngestError as exc:
            _ENGINES[key] = str(exc)
    found = _ENGINES[key]
    if isinstance(found, str):
        raise IngestError(found)
    return found


def _probe(settings: OcrSettings) -> Engine:
    binary = shutil.which(settings.binary)
    if binary is None:
        raise IngestError(
            f"OCR needs tesseract, which is not installed ({settings.binary!r} not found; "
            f"WARCASES_TESSERACT names another binary): {INSTALL_HINT}"
        )
    env = _env()
    try:
        version = subprocess.run(
            [binary, "--version"], check=False, capture_output=True, text=True, timeout=30, env=env
        )
        langs = subprocess.run(
            [binary, "--list-langs"],
            check=False,
            capture_output=True,
            text=True,
            timeout=30,
            env=env,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise IngestError(f"OCR: tesseract ({binary}) cannot be run: {exc}") from None
    first = (version.stdout or version.stderr).strip().splitlines()
    name = first[0].strip() if first else "tesseract (unknown version)"
    listing = (langs.stdout + "\n" + langs.stderr).splitlines()  # old versions: stderr
    installed = {
        line.strip() for line in listing if line.strip() and not line.startswith("List of")
    }
    wanted = [lang for lang in settings.languages.split("+") if lang]
    usable = [lang for lang in wanted if lang in installed]
    if not usable:
        raise IngestError(
            f"OCR: tesseract has none of the languages {settings.languages} installed "
            f"(it has {', '.join(sorted(installed)) or 'none'}): {INSTALL_HINT}"
        )
    missing = tuple(lang for lang in wanted if lang not in installed)
    return Engine(binary, name, "+".join(usable), missing, "osd" in installed)


def _env() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


# ---------------------------------------------------------------------------- one image


@dataclass
class PageText:
    """OCR of one page: text plus boxes, offsets within ``text``."""

    page: int
    text: str
    width: int
    height: int
    dpi: int | None
    words: list[tuple[int, int, int, int, int, int, float]] = field(default_factory=list)
    lines: list[tuple[int, int, int, int, int, int]] = field(default_factory=list)
    read_words: int = 0  # words tesseract found, junk included
    read_conf: float = 0.0  # their mean confidence (0–100)
    junk_lines: int = 0  # lines dropped as junk
    dropped: str | None = None  # why the page's text was dropped whole
    rotation: int = 0  # clockwise degrees that turn the page upright (0, 90, 180, 270)
    reread: bool = False  # read a second time (orientation detection or turned)

    def score(self) -> int:
        """Letters and digits in confident words: how much was read well."""
        return sum(
            sum(ch.isalnum() for ch in self.text[w[0] : w[1]])
            for w in self.words
            if w[6] >= CONFIDENT
        )

    def weak(self) -> bool:
        """Read so badly that the page may be turned: worth a second reading."""
        return self.read_words > 0 and (
            self.read_conf < RETRY_BELOW_CONF or _confident_words(self) < PAGE_MIN_WORDS
        )


def _confident_words(page: PageText) -> int:
    return sum(
        w[6] >= CONFIDENT and sum(ch.isalnum() for ch in page.text[w[0] : w[1]]) >= 2
        for w in page.words
    )


def run_tesseract(
    eng: Engine,
    image: Path,
    *,
    dpi: int | None,
    timeout: float,
    what: str,
    orient: bool = False,
) -> str:
    """Tesseract's TSV for one image file (all pages of a multi-page TIFF); ``orient`` runs
    orientation detection first (``--psm 1``)."""
    cmd = [eng.binary, str(image), "stdout", "-l", eng.languages]
    if dpi:
        cmd += ["--dpi", str(dpi)]
    if orient:
        cmd += ["--psm", "1"]
    cmd.append("tsv")
    try:
        done = subprocess.run(cmd, check=False, capture_output=True, timeout=timeout, env=_env())
    except subprocess.TimeoutExpired:
        raise IngestError(
            f"OCR of {what} took longer than {timeout:g} s (WARCASES_OCR_PAGE_TIMEOUT)"
        ) from None
    except OSError as exc:
        raise IngestError(f"OCR: tesseract cannot be run: {exc}") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[-1] if lines else f"exit status {done.returncode}"
        raise IngestError(f"OCR of {what} failed: tesseract says: {reason}")
    return done.stdout.decode("utf-8", "replace")


def parse_tsv(tsv: str, first_page: int = 1, dpi: int | None = None) -> list[PageText]:
    """Pages of text from tesseract TSV: words joined by spaces, lines by newlines, a blank line
    between paragraphs. Page numbers start at ``first_page``."""
    pages: dict[int, dict[str, Any]] = {}
    for row in tsv.split("\n")[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or not cols[0].isdigit():
            continue
        level, page_num = int(cols[0]), int(cols[1])
        box = tuple(int(float(c)) for c in cols[6:10])
        page = pages.setdefault(page_num, {"size": (0, 0), "words": []})
        if level == 1:
            page["size"] = (box[2], box[3])
        elif level == 5:
            word = clean_text(cols[11]).strip()
            if word:
                key = (int(cols[2]), int(cols[3]), int(cols[4]))
                page["words"].append((key, word, box, float(cols[10])))
    out = []
    for page_num in sorted(pages):
        page = pages[page_num]
        read = _fix_lookalikes(page["words"])
        page["words"], junk = _drop_junk_lines(read)
        result = PageText(first_page + page_num - 1, "", page["size"][0], page["size"][1], dpi)
        confs = [conf for *_, conf in read if conf >= 0]
        result.read_words = len(read)
        result.read_conf = round(sum(confs) / len(confs), 1) if confs else 0.0
        result.junk_lines = junk
        parts: list[str] = []
        length = 0
        line_key: tuple[int, int, int] | None = None
        line_start, line_box = 0, [0, 0, 0, 0]
        for key, word, (left, top, width, height), conf in page["words"]:
            if key != line_key:
                if line_key is not None:
                    result.lines.append((line_start, length, *_wh(line_box)))
                    sep = "\n" if key[:2] == line_key[:2] else "\n\n"
                    parts.append(sep)
                    length += len(sep)
                line_key, line_start = key, length
                line_box = [left, top, left + width, top + height]
            else:
                parts.append(" ")
                length += 1
                line_box = [
                    min(line_box[0], left),
                    min(line_box[1], top),
                    max(line_box[2], left + width),
                    max(line_box[3], top + height),
                ]
            word_box = (left, top, width, height)
            result.words.append((length, length + len(word), *word_box, round(conf, 1)))
            parts.append(word)
            length += len(word)
        if line_key is not None:
            result.lines.append((line_start, length, *_wh(line_box)))
        result.text = "".join(parts)
        if result.read_words and _confident_words(result) < PAGE_MIN_WORDS:
            result.dropped = (
                f"too few confident words ({_confident_words(result)} of {result.read_words} "
                f"read; {PAGE_MIN_WORDS} needed): a stamp, picture or noise?"
            )
            result.text, result.words, result.lines = "", [], []
        result.rotation = page_rotation(result)
        out.append(result)
    return out


def _alnum(word: str) -> int:
    return sum(ch.isalnum() for ch in word)


def _drop_junk_lines(
    words: list[tuple[Any, str, Any, float]],
) -> tuple[list[tuple[Any, str, Any, float]], int]:
    """The words of the lines that hold text, and how many lines were junk (see the module
    docstring)."""
    lines: dict[Any, list[tuple[Any, str, Any, float]]] = {}
    for word in words:
        lines.setdefault(word[0], []).append(word)
    junk = set()
    for key, line in lines.items():
        confident = [w for _, w, _, conf in line if conf >= CONFIDENT]
        chars = sum(_alnum(w) for w in confident)
        if chars < LINE_MIN_CHARS and not any(_alnum(w) >= WORD_MIN_CHARS for w in confident):
            junk.add(key)
    kept = [
        w
        for w in words
        if w[0] not in junk
        and (w[3] >= SIGN_MIN_CONF or w[3] < 0 or any(ch.isalnum() or ch in _SIGNS for ch in w[1]))
    ]
    return kept, len(junk)


def page_rotation(page: PageText) -> int:
    """Clockwise degrees (0, 90, 180, 270) that turn a page upright, from the way its lines of
    words run on the page as scanned (first word of a line to its last)."""
    votes = {0: 0, 90: 0, 180: 0, 270: 0}
    words = page.words
    for start, end, *_ in page.lines:
        lo = bisect.bisect_left(words, start, key=lambda w: w[0])
        hi = bisect.bisect_left(words, end, key=lambda w: w[0])
        if hi - lo < 2:
            continue
        (l1, t1, w1, h1), (l2, t2, w2, h2) = words[lo][2:6], words[hi - 1][2:6]
        dx = (l2 + w2 / 2) - (l1 + w1 / 2)
        dy = (t2 + h2 / 2) - (t1 + h1 / 2)
        if abs(dx) >= abs(dy):
            votes[0 if dx > 0 else 180] += hi - lo
        else:  # text running upwards: the page was turned counter-clockwise
            votes[90 if dy < 0 else 270] += hi - lo
    best = max(votes, key=lambda k: votes[k])
    return best if votes[best] > votes[0] else 0


def read_page(
    run: Callable[[bool], str],
    number: int,
    dpi: int | None,
    eng: Engine,
    turned: Callable[[int], str] | None = None,
) -> PageText:
    """One page image: read it (``run(orient)`` gives tesseract's TSV) and, when the reading is
    weak, again (:func:`better_reading`)."""
    first = _one_page(run(False), number, dpi)
    return better_reading(first, eng, lambda: _one_page(run(True), number, dpi), turned)


def better_reading(
    first: PageText,
    eng: Engine,
    oriented: Callable[[], PageText] | None,
    turned: Callable[[int], str] | None,
) -> PageText:
    """``first`` when it is not weak; else the best of it and a second reading: with
    orientation detection (``oriented()``, ``--psm 1``) when tesseract has its ``osd`` data,
    else of the image turned 180° and, if still weak, 90° and 270° clockwise (``turned(degrees)``
    gives the TSV). Boxes are in the page as scanned either way."""
    if not first.weak():
        return first
    if eng.osd and oriented is not None:
        candidates = [oriented()]
    elif turned is not None:
        candidates = []
        # 180° first: it also turns a page scanned a quarter counter-clockwise into one that
        # tesseract reads well (as vertical text), so one run is usually enough.
        for degrees in (180, 90, 270):
            page = _one_page(turned(degrees), first.page, first.dpi)
            candidates.append(unturn(page, degrees))
            if not page.weak():
                break
    else:
        return first
    best = max([first, *candidates], key=lambda page: page.score())
    best.reread = True
    return best


def unturn(page: PageText, degrees: int) -> PageText:
    """A reading of the page image turned ``degrees`` clockwise, with its boxes put back in the
    page as scanned."""
    if degrees not in (90, 180, 270):
        return page
    width, height = (page.width, page.height) if degrees == 180 else (page.height, page.width)

    def box(left: int, top: int, w: int, h: int) -> tuple[int, int, int, int]:
        if degrees == 90:
            return top, height - left - w, h, w
        if degrees == 180:
            return width - left - w, height - top - h, w, h
        return width - top - h, left, h, w

    page.width, page.height = width, height
    page.words = [(a, b, *box(*rest[:4]), rest[4]) for a, b, *rest in page.words]
    page.lines = [(a, b, *box(*rest)) for a, b, *rest in page.lines]
    page.rotation = page_rotation(page)
    return page


def turn_image(image: Path, degrees: int, frame: int = 0) -> Path:
    """The image (one ``frame`` of a multi-page TIFF) turned ``degrees`` clockwise, as a PNG
    beside it."""
    from PIL import Image

    with Image.open(image) as source:
        source.seek(frame)
        info_dpi = source.info.get("dpi")
        turned = source.convert("L").rotate(-degrees, expand=True)
    out = image.with_name(f"{image.stem}-{frame}-turned{degrees}.png")
    turned.save(out, dpi=info_dpi) if info_dpi else turned.save(out)
    return out


def _one_page(tsv: str, number: int, dpi: int | None) -> PageText:
    parsed = parse_tsv(tsv, number, dpi)
    return parsed[0] if parsed else PageText(number, "", 0, 0, dpi)


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _fix_lookalikes(words: list[tuple[Any, str, Any, float]]) -> list[tuple[Any, str, Any, float]]:
    out = []
    for i, (key, word, box, conf) in enumerate(words):
        latin = [ch for ch in word if ch.isascii() and ch.isalpha()]
        if latin and all(ch in _LOOKALIKE for ch in latin):
            if any(_is_cyrillic(ch) for ch in word):
                word = word.translate(_CYRILLIC_OF)
            else:
                line = [w for j, (k, w, _, _) in enumerate(words) if k == key and j != i]
                cyr = sum(_is_cyrillic(ch) for w in line for ch in w)
                lat = sum(ch.isascii() and ch.isalpha() for w in line for ch in w)
                if cyr > 2 * lat and cyr >= 3:
                    word = word.translate(_CYRILLIC_OF)
        out.append((key, word, box, conf))
    return out


def _wh(box: list[int]) -> tuple[int, int, int, int]:
    return box[0], box[1], box[2] - box[0], box[3] - box[1]


def check_page_limit(count: int, settings: OcrSettings, what: str) -> None:
    if count > settings.max_pages:
        raise IngestError(
            f"{what} needs OCR on {count} pages, above the limit of {settings.max_pages} "
            "(raise it with WARCASES_OCR_MAX_PAGES)"
        )
